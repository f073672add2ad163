//! Builds the bundled guide in `content/` and checks its structure against
//! the front matter it was made from: every step in order, labels, Lovdata
//! links, checklists, timeline dates, languages.

mod common;
use common::*;

use stegvis::content::frontmatter::{Kind, Obligation, StepMeta};
use stegvis::content::load::{load_content, Meta};

fn built() -> &'static std::path::Path {
    bundled()
}

fn page(rel: &str) -> Html {
    let path = built().join("public").join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

/// Steps of a bundled guide, sorted by number.
fn steps(guide: &str) -> Vec<common::NumberedStep> {
    let loaded = load_content(&stegvis::content::layers::Layers::single(&repo()));
    assert!(
        loaded.diagnostics.errors().next().is_none(),
        "{:?}",
        loaded.diagnostics
    );
    let mut steps: Vec<common::NumberedStep> = loaded
        .docs
        .into_iter()
        .filter_map(|d| match d.meta {
            Meta::Step { dir, meta } if dir == guide => Some(common::NumberedStep::new(meta)),
            _ => None,
        })
        .collect();
    steps.sort_by_key(|s| s.step);
    steps
}

fn slug_of(s: &StepMeta) -> String {
    s.slug
        .clone()
        .unwrap_or_else(|| stegvis::shared::slug::slugify(&s.title))
}

#[test]
fn planstrategi_has_nine_steps_in_order_with_titles_in_our_own_words() {
    let steps = steps("planstrategi");
    assert_eq!(steps.len(), 9);
    assert_eq!(
        steps.iter().map(|s| s.step).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    let overview = page("planstrategi/index.html");
    let titles = texts(&overview, "ol.steps .steps__title a");
    let expected: Vec<String> = steps
        .iter()
        .map(|s| format!("Steg {}: {}", s.step, s.title))
        .collect();
    assert_eq!(titles, expected);
    // Key words of the nine steps of the process, in order.
    let words = [
        "eierskap",
        "arbeidsgruppe",
        "tidsplan",
        "synspunkter",
        "kunnskapsgrunnlag",
        "kunnskapsgrunnlag",
        "planbehov",
        "forslag",
        "planstrategien",
    ];
    for (s, w) in steps.iter().zip(words) {
        assert!(
            s.title.to_lowercase().contains(w),
            "step {} «{}» should mention {w}",
            s.step,
            s.title
        );
    }
    // The seed's step titles (Distriktssenteret / I LAG) are not taken over
    // word for word: the guide words its steps itself.
    let seed_titles = [
        "Sett sammen en arbeidsgruppe og fordel ansvar",
        "Plasser aktivitetene i en tidsplan for en realistisk prosess",
        "Samhandling med fylkeskommunen, statsforvalteren, nabokommuner og innbyggere",
        "Forbered og offentliggjør kunnskapsgrunnlaget",
        "Lag utkast til planstrategien",
    ];
    for s in &steps {
        let title = s.title.to_lowercase();
        for seed in seed_titles {
            assert_ne!(
                title,
                seed.to_lowercase(),
                "step {} copies the seed",
                s.step
            );
        }
        assert!(
            !title.contains("samhandl"),
            "step {} «{}» reads like the seed's title",
            s.step,
            s.title
        );
    }
}

#[test]
fn labels_follow_the_law() {
    let steps = steps("planstrategi");
    let kinds: Vec<Kind> = steps.iter().map(|s| s.kind).collect();
    use Kind::*;
    // pbl § 10-1 and folkehelseloven § 6: deadline (3), views from authorities
    // (4), public-health overview as basis (5), decide on revising the
    // kommuneplan (7), 30 days public (8), adoption (9).
    assert_eq!(
        kinds,
        [Rad, Rad, Lovkrav, Lovkrav, Lovkrav, Rad, Lovkrav, Lovkrav, Lovkrav]
    );
    let five = &steps[4];
    assert!(five.legal.iter().any(|l| l.law == "folkehelseloven"
        && l.section.0 == "6"
        && l.obligation == Obligation::Skal));
    // Every duty of § 10-1 appears as a «skal» entry on some step, in the
    // law's own words.
    let duties: Vec<&str> = steps
        .iter()
        .flat_map(|s| &s.legal)
        .filter(|l| l.law == "pbl" && l.section.0 == "10-1" && l.obligation == Obligation::Skal)
        .map(|l| l.requirement.as_str())
        .collect();
    for words in [
        "senest innen ett år etter konstituering",
        "innhente synspunkter fra statlige og regionale organer og nabokommuner",
        "gjøres offentlig minst 30 dager før kommunestyrets behandling",
        "skal revideres, eller om planen skal videreføres uten endringer",
    ] {
        assert!(
            duties.iter().any(|d| d.contains(words)),
            "no § 10-1 duty says «{words}»: {duties:?}"
        );
    }
    // A «skal» entry never carries advice, and a «bør» entry never a duty.
    for s in &steps {
        for l in &s.legal {
            match l.obligation {
                Obligation::Skal => assert!(
                    !l.requirement.contains(" bør "),
                    "step {}: {}",
                    s.step,
                    l.requirement
                ),
                Obligation::Bor => assert!(
                    !l.requirement.contains(" skal "),
                    "step {}: {}",
                    s.step,
                    l.requirement
                ),
            }
        }
    }
    for s in &steps {
        let has_duty = s.legal.iter().any(|l| l.obligation == Obligation::Skal);
        assert_eq!(
            s.kind == Lovkrav,
            has_duty,
            "step {}: label must match its duties",
            s.step
        );
    }
}

#[test]
fn step_pages_show_number_label_law_box_and_neighbours() {
    let steps = steps("planstrategi");
    for (i, s) in steps.iter().enumerate() {
        let doc = page(&format!("planstrategi/{}/index.html", slug_of(s)));
        assert_eq!(texts(&doc, "h1"), std::slice::from_ref(&s.title));
        assert_eq!(
            texts(&doc, ".step-number__count"),
            [format!("Steg {} av 9", s.step)]
        );
        let label = texts(&doc, ".step-labels .tag");
        let want = if s.kind == Kind::Lovkrav {
            "§Inneholder lovkrav"
        } else {
            "Råd/tips"
        };
        assert_eq!(label.len(), 1);
        assert_eq!(
            label[0].replace(' ', ""),
            want.replace(' ', ""),
            "step {}",
            s.step
        );
        // An icon beside the text, never colour alone.
        assert_eq!(
            doc.select(&sel(".step-labels .tag [aria-hidden=true]"))
                .count(),
            1
        );
        // The law box lists each reference with its Lovdata link.
        let hrefs = attrs(&doc, ".law-box a", "href");
        assert_eq!(hrefs.len(), s.legal.len(), "step {}", s.step);
        for (l, href) in s.legal.iter().zip(&hrefs) {
            let lovdata = match l.law.as_str() {
                "pbl" => "lov/2008-06-27-71",
                "kommuneloven" => "lov/2018-06-22-83",
                "folkehelseloven" => "lov/2011-06-24-29",
                "folkehelseforskriften" => "forskrift/2012-06-28-692",
                other => panic!("unexpected law {other}"),
            };
            assert_eq!(
                href,
                &format!("https://lovdata.no/{lovdata}/§{}", l.section.0)
            );
        }
        // Previous / next.
        let prev = attrs(&doc, "a[rel=prev]", "href");
        let next = attrs(&doc, "a[rel=next]", "href");
        match i {
            0 => assert!(prev.is_empty()),
            _ => assert_eq!(prev, [format!("/planstrategi/{}/", slug_of(&steps[i - 1]))]),
        }
        match steps.get(i + 1) {
            None => assert!(next.is_empty()),
            Some(n) => assert_eq!(next, [format!("/planstrategi/{}/", slug_of(n))]),
        }
        assert_eq!(
            attrs(&doc, ".updated time", "datetime"),
            [s.updated.to_string()]
        );
        assert_eq!(attrs(&doc, "html", "lang"), ["nb"]);
        // The step menu marks this step, and only this one, as the current
        // page (in the HTML itself, so it works without JavaScript).
        assert_eq!(
            attrs(&doc, ".guide-nav a[aria-current=page]", "href"),
            [format!("/planstrategi/{}/", slug_of(s))],
            "step {}",
            s.step
        );
    }
}

#[test]
fn checklists_are_present_with_stable_ids() {
    let steps = steps("planstrategi");
    let checklist = page("planstrategi/sjekkliste/index.html");
    // The items of the text; the formal requirements are listed apart.
    let all_ids = attrs(
        &checklist,
        ".checklist-step input[type=checkbox]",
        "data-check-id",
    );
    let mut total = 0;
    for s in &steps {
        let doc = page(&format!("planstrategi/{}/index.html", slug_of(s)));
        let ids = attrs(&doc, ".prose input[type=checkbox]", "data-check-id");
        assert!(!ids.is_empty(), "step {} has a checklist", s.step);
        for id in &ids {
            assert!(
                all_ids.contains(id),
                "checklist page has item {id} of step {}",
                s.step
            );
            // Every box has a label.
            assert_eq!(
                doc.select(&sel(&format!("label[for=\"sjekk-{id}\"]")))
                    .count(),
                1
            );
        }
        total += ids.len();
    }
    assert_eq!(
        all_ids.len(),
        total,
        "checklist page has exactly the steps' items"
    );
}

#[test]
fn inline_paragraph_references_link_to_lovdata() {
    let doc = page("planstrategi/tidsplan/index.html");
    let hrefs = attrs(&doc, ".prose a.lovhenvisning", "href");
    assert!(
        hrefs.contains(&"https://lovdata.no/lov/2008-06-27-71/§10-1".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn timeline_dates_follow_the_period() {
    let doc = page("planstrategi/tidslinje/index.html");
    let iso = |anchor: &str| attrs(&doc, &format!("time[data-anchor={anchor}]"), "datetime");
    // The period 2027–2031: election day and the example dates in site.yaml.
    assert_eq!(iso("election"), ["2027-09-13"]);
    assert_eq!(iso("constituted"), ["2027-10-21"]);
    assert_eq!(iso("council_meeting"), ["2028-09-21"]);
    // Adopt no later than one year after constitution.
    assert_eq!(iso("deadline"), ["2028-10-21"]);
    let deadline_text = texts(&doc, "time[data-anchor=deadline]");
    assert_eq!(deadline_text, ["21. oktober 2028"]);
    let milestones = texts(&doc, ".milestone");
    let find = |words: &[&str]| {
        milestones
            .iter()
            .find(|m| words.iter().all(|w| m.contains(w)))
            .unwrap_or_else(|| panic!("milestone with {words:?}: {milestones:#?}"))
            .clone()
    };
    // The legal limit: public at least 30 days before the meeting, counted
    // as 30 whole days between (content/fristregler.md).
    let public = find(&["Siste dag", "offentlig"]);
    assert!(public.contains("21. august 2028"), "{public}");
    assert!(public.contains("Lovfestet frist"), "{public}");
    // A recommended date with a margin, before the summer holidays (the
    // example meeting is in September), not marked as a legal deadline.
    let recommended = find(&["Anbefalt", "offentlig"]);
    assert!(recommended.contains("29. juni 2028"), "{recommended}");
    assert!(!recommended.contains("Lovfestet frist"), "{recommended}");
    // Before the election: the knowledge base and the public-health overview.
    let before = find(&["Anbefalt", "før valget"]);
    assert!(before.contains("13. august 2027"), "{before}");
    assert!(!before.contains("Lovfestet frist"), "{before}");
    let overview = find(&["folkehelseoversikten skal foreligge"]);
    assert!(overview.contains("21. oktober 2027"), "{overview}");
    // The last day to adopt, as a legal deadline.
    let last = find(&["Siste frist for vedtak"]);
    assert!(last.contains("21. oktober 2028"), "{last}");
    assert!(last.contains("Lovfestet frist"), "{last}");
    // The first phase starts nine months before the election.
    let phases = doc
        .select(&sel(".phase"))
        .map(|p| {
            let title = p
                .select(&sel(".phase__title"))
                .map(|t| t.text().collect::<String>())
                .collect::<String>();
            let start = p
                .select(&sel(".daterange time"))
                .next()
                .and_then(|t| t.value().attr("datetime"))
                .unwrap_or_default()
                .to_string();
            (title, start)
        })
        .collect::<Vec<_>>();
    assert!(
        phases[0].0.starts_with("Før valget") && phases[0].1 == "2026-12-13",
        "{phases:?}"
    );
    // Every dated step appears on the timeline.
    let steps = steps("planstrategi");
    let linked = attrs(&doc, ".phase-step__link", "href");
    for s in steps.iter().filter(|s| s.when.is_some()) {
        assert!(
            linked.contains(&format!("/planstrategi/{}/", slug_of(s))),
            "step {} on timeline",
            s.step
        );
    }
}

#[test]
fn nynorsk_guide_has_nynorsk_lang_and_interface() {
    let steps = steps("politiske-verksted");
    assert!(steps.len() >= 4);
    let overview = page("politiske-verksted/index.html");
    assert_eq!(attrs(&overview, "html", "lang"), ["nn"]);
    let s = &steps[0];
    let doc = page(&format!("politiske-verksted/{}/index.html", slug_of(s)));
    assert_eq!(attrs(&doc, "html", "lang"), ["nn"]);
    let labels = texts(&doc, ".skip-link");
    assert_eq!(labels, ["Hopp til hovudinnhaldet"]);
}

#[test]
fn front_page_lists_guides_and_pages_exist() {
    let front = page("index.html");
    let links = attrs(&front, "main a", "href");
    assert!(links.contains(&"/planstrategi/".to_string()), "{links:?}");
    assert!(
        links.contains(&"/politiske-verksted/".to_string()),
        "{links:?}"
    );
    for p in [
        "plansystemet/index.html",
        "redaktorveiledning/index.html",
        "404.html",
        "tilgjengelighetserklaering/index.html",
    ] {
        page(p);
    }
    // The footer links the accessibility statement.
    let footer = attrs(&front, "footer a", "href");
    assert!(
        footer.contains(&"/tilgjengelighetserklaering/".to_string()),
        "{footer:?}"
    );
}

#[test]
fn editors_guide_highlights_yaml_and_markdown() {
    let doc = page("redaktorveiledning/index.html");
    let yaml = doc.select(&sel("pre code.language-yaml")).count();
    let md = doc.select(&sel("pre code.language-markdown")).count();
    assert!(yaml > 0 && md > 0, "yaml {yaml}, markdown {md}");
    assert!(
        doc.select(&sel("pre code.language-yaml span[class^=hl-]"))
            .count()
            > 0
    );
    assert!(
        !std::fs::read_to_string(built().join("public/redaktorveiledning/index.html"))
            .unwrap()
            .contains("style=\"")
    );
}

#[test]
fn no_inline_scripts_or_styles_anywhere() {
    for e in walkdir::WalkDir::new(built().join("public")) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let doc = Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
            for s in doc.select(&sel("script")) {
                assert!(
                    s.value().attr("src").is_some(),
                    "inline script in {}",
                    e.path().display()
                );
            }
            assert_eq!(
                doc.select(&sel("style, [style]")).count(),
                0,
                "inline style in {}",
                e.path().display()
            );
        }
    }
}

/// Every date of the period in the bundled text comes from `site.yaml`
/// through `{{ … }}`: outside code and link addresses, no Markdown body
/// holds a year, an ISO date or a day and month typed by hand (Lovdata ids
/// such as `LOV-2008-06-27-71` are names, not dates).
#[test]
fn no_bundled_body_has_a_hand_typed_date() {
    use pulldown_cmark::{Event, Options, Parser};
    let year = regex::Regex::new(r"(?:^|[^0-9A-Za-z-])((?:19|20)[0-9]{2})(?:[^0-9]|$)").unwrap();
    let day_month = regex::Regex::new(
        r"(?i)\b[0-9]{1,2}\.\s*(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b",
    )
    .unwrap();
    let mut found = Vec::new();
    let mut files = 0;
    let mut stack = vec![repo().join("content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let split = stegvis::content::frontmatter::split(&text).unwrap();
            let mut in_code = false;
            for (event, range) in Parser::new_ext(split.body, Options::all()).into_offset_iter() {
                let t = match event {
                    Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => {
                        in_code = true;
                        continue;
                    }
                    Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                        in_code = false;
                        continue;
                    }
                    Event::Text(t) if !in_code => t,
                    _ => continue,
                };
                let t = t.replace("LOV-", "LOV_").replace("FOR-", "FOR_");
                let line = split.body_line + split.body[..range.start].matches('\n').count();
                if year.is_match(&t) || day_month.is_match(&t) {
                    found.push(format!("{}:{line}: {t}", path.display()));
                }
            }
        }
    }
    assert!(files >= 15, "read the bundled content: {files} files");
    assert!(
        found.is_empty(),
        "write these dates as {{{{ … }}}} (see the editors' guide):\n{}",
        found.join("\n")
    );
}

/// The law's minimum periods are rules of the bundled guides (issue 21),
/// with their sections, and the defaults keep every one (a default that
/// broke one would fail the build these tests read).
#[test]
fn the_bundled_guides_rules_between_dates() {
    for (timeline, verdict, sections) in [
        (
            "planstrategi/tidslinje/index.html",
            "Holder:",
            ["§10-1", "§10-1"],
        ),
        (
            "samfunnsdel/tidslinje/index.html",
            "Held:",
            ["§11-13", "§11-14"],
        ),
    ] {
        let doc = page(timeline);
        let laws = attrs(&doc, "[data-rules] a.date-rule__law", "href");
        let got: Vec<&str> = laws.iter().filter_map(|h| h.rsplit('/').next()).collect();
        assert_eq!(got, sections, "{timeline}");
        assert!(
            texts(&doc, "[data-rule-verdict]")
                .iter()
                .all(|v| v == verdict),
            "{timeline}"
        );
        // Each says what it demands with the guide's own dates.
        let details = texts(&doc, "[data-rule-detail]");
        assert_eq!(details.len(), 2, "{timeline}");
        assert!(
            details
                .iter()
                .all(|d| d.contains(": senest ") || d.contains(": tidlegast ")),
            "{timeline}: {details:?}"
        );
        assert_eq!(
            attrs(&doc, "[data-rules] a", "href")
                .iter()
                .filter(|h| h.ends_with("/fristregler/"))
                .count(),
            1,
            "{timeline}: links the counting page"
        );
    }
    // The last day to publish the planstrategi is 30 whole days before the
    // meeting, and the page on counting says so.
    let counting = page("fristregler/index.html");
    assert!(texts(&counting, "main h2")
        .iter()
        .any(|h| h == "«Minst 30 dager før» et møte"));
}
