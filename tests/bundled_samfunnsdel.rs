//! Builds the bundled site in `content/` and checks the nynorsk guide on
//! kommuneplanens samfunnsdel and the four short pages that go with it:
//! steps and labels against the law, Lovdata links, the guide's own named
//! dates on the timeline (computed here from the period in site.yaml),
//! checklists, languages and sources.

mod common;
use common::*;

use chrono::{Months, NaiveDate};
use stegvis::content::frontmatter::{Kind, Obligation, StepMeta};
use stegvis::content::load::{load_content, Meta};

const GUIDE: &str = "samfunnsdel";

fn built() -> &'static std::path::Path {
    bundled()
}

fn page(rel: &str) -> Html {
    let path = built().join("public").join(rel);
    Html::parse_document(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

/// Steps of the guide, sorted by number.
fn steps() -> Vec<common::NumberedStep> {
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
            Meta::Step { dir, meta } if dir == GUIDE => Some(common::NumberedStep::new(meta)),
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

/// The YAML front matter of a content file, read directly so the test does
/// not depend on how the engine models `dates` and `sources`.
fn front_matter(rel: &str) -> serde_yaml::Value {
    let src = std::fs::read_to_string(repo().join("content").join(rel)).unwrap();
    let rest = src.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    serde_yaml::from_str(&rest[..end]).unwrap()
}

fn lovdata(law: &str, section: &str) -> String {
    let id = match law {
        "pbl" => "2008-06-27-71",
        "kommuneloven" => "2018-06-22-83",
        "folkehelseloven" => "2011-06-24-29",
        other => panic!("unexpected law {other}"),
    };
    format!("https://lovdata.no/lov/{id}/§{section}")
}

/// The period's dates from site.yaml, whatever period it is set to.
struct PeriodDates {
    constituted: NaiveDate,
    council_meeting: NaiveDate,
}

fn period() -> PeriodDates {
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(repo().join("site.yaml")).unwrap()).unwrap();
    let date = |key: &str| {
        yaml["period"][key].as_str().map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{key}: {e}"))
        })
    };
    let constituted = date("constituted").expect("period.constituted");
    // Without a planned meeting the engine uses the legal deadline.
    let council_meeting = date("council_meeting").unwrap_or(constituted + Months::new(12));
    PeriodDates {
        constituted,
        council_meeting,
    }
}

/// The guide's named dates with their defaults worked out from the period:
/// (name, date).
fn named_dates() -> Vec<(&'static str, NaiveDate)> {
    let p = period();
    // Each default on a working day (a Saturday, Sunday or public holiday
    // moves to the next one), counted from the one before.
    let work = stegvis::shared::workdays::next_working_day;
    let oppstart = work(p.council_meeting + Months::new(1));
    let fastsett = work(oppstart + Months::new(3));
    let hoyring = work(fastsett + Months::new(4));
    let vedtak = work(hoyring + Months::new(4));
    assert!(
        p.constituted < oppstart,
        "the guide starts after constitution"
    );
    vec![
        ("oppstart", oppstart),
        ("planprogram_fastsett", fastsett),
        ("hoyring", hoyring),
        ("vedtak", vedtak),
    ]
}

/// `14. oktober 2028`; the month names are the same in bokmål and nynorsk.
fn long_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    format!("{}. {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

#[test]
fn guide_declares_the_named_dates_the_test_expects() {
    let fm = front_matter("samfunnsdel/_guide.md");
    assert_eq!(fm["lang"].as_str(), Some("nn"));
    assert_eq!(fm["slug"].as_str(), Some(GUIDE));
    let order = fm["order"].as_i64().unwrap();
    for other in ["planstrategi/_guide.md", "politiske-verksted/_guide.md"] {
        assert!(
            order > front_matter(other)["order"].as_i64().unwrap(),
            "after {other}"
        );
    }
    let dates: Vec<(String, String)> = fm["dates"]
        .as_sequence()
        .expect("dates")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["default"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("oppstart", "council_meeting + 1m"),
            ("planprogram_fastsett", "oppstart + 3m"),
            ("hoyring", "planprogram_fastsett + 4m"),
            ("vedtak", "hoyring + 4m"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn ten_steps_labelled_by_the_duties_they_contain() {
    let steps = steps();
    assert_eq!(
        steps.iter().map(|s| s.step).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    use Kind::*;
    // Only the political workshops are advice; every other step carries a
    // duty from pbl or folkehelseloven.
    assert_eq!(
        steps.iter().map(|s| s.kind).collect::<Vec<_>>(),
        [Lovkrav, Lovkrav, Lovkrav, Lovkrav, Lovkrav, Lovkrav, Rad, Lovkrav, Lovkrav, Lovkrav]
    );
    for s in &steps {
        let has_duty = s.legal.iter().any(|l| l.obligation == Obligation::Skal);
        assert_eq!(s.kind == Lovkrav, has_duty, "step {}", s.step);
        assert!(s.when.is_some(), "step {} is on the timeline", s.step);
    }
    let duty = |step: usize, law: &str, section: &str| {
        assert!(
            steps[step - 1].legal.iter().any(|l| l.law == law
                && l.section.0 == section
                && l.obligation == Obligation::Skal),
            "step {step} cites {law} § {section} as a duty"
        );
    };
    duty(2, "pbl", "5-1"); // medverknad, barn og unge
    duty(3, "pbl", "11-13"); // planprogram for kommuneplan
    duty(3, "pbl", "4-1"); // what it shall contain
    duty(4, "pbl", "11-12"); // varsel om oppstart
    duty(4, "pbl", "11-13"); // høyring, minst seks veker
    duty(5, "pbl", "11-13"); // fastsett av kommunestyret
    duty(6, "folkehelseloven", "6");
    duty(8, "pbl", "11-2");
    duty(9, "pbl", "11-14");
    duty(10, "pbl", "11-15");
    // What § 11-2 says *bør* stays advice.
    assert!(steps[7]
        .legal
        .iter()
        .any(|l| l.section.0 == "11-2" && l.obligation == Obligation::Bor));
}

#[test]
fn step_pages_are_nynorsk_with_label_and_lovdata_links() {
    let steps = steps();
    for s in &steps {
        let doc = page(&format!("{GUIDE}/{}/index.html", slug_of(s)));
        assert_eq!(attrs(&doc, "html", "lang"), ["nn"], "step {}", s.step);
        assert_eq!(texts(&doc, "h1"), std::slice::from_ref(&s.title));
        let label = texts(&doc, ".step-labels .tag");
        let want = if s.kind == Kind::Lovkrav {
            "Inneheld lovkrav"
        } else {
            "Råd/tips"
        };
        assert_eq!(label.len(), 1, "step {}", s.step);
        assert!(
            label[0].contains(want),
            "step {}: {:?} should say {want}",
            s.step,
            label
        );
        let hrefs = attrs(&doc, "main a", "href");
        for l in &s.legal {
            let url = lovdata(&l.law, &l.section.0);
            assert!(hrefs.contains(&url), "step {} links {url}", s.step);
        }
    }
}

#[test]
fn paragraphs_in_the_text_link_to_the_right_law() {
    let hrefs = |slug: &str| {
        attrs(
            &page(&format!("{GUIDE}/{slug}/index.html")),
            ".prose a.lovhenvisning",
            "href",
        )
    };
    let varsel = hrefs("varsel-og-hoyring");
    assert!(varsel.contains(&lovdata("pbl", "11-13")), "{varsel:?}");
    assert!(varsel.contains(&lovdata("pbl", "11-12")), "{varsel:?}");
    // `folkehelselova § 6` is the nynorsk alias, not pbl § 6.
    let kunnskap = hrefs("kunnskapsgrunnlag");
    assert!(
        kunnskap.contains(&lovdata("folkehelseloven", "6")),
        "{kunnskap:?}"
    );
    assert!(!kunnskap.contains(&lovdata("pbl", "6")), "{kunnskap:?}");
    let organisering = hrefs("organisering");
    assert!(
        organisering.contains(&lovdata("kommuneloven", "5-12")),
        "{organisering:?}"
    );
}

#[test]
fn named_dates_follow_the_period_on_timeline_and_in_text() {
    let doc = page(&format!("{GUIDE}/tidslinje/index.html"));
    let html = doc.root_element().html();
    let milestones = texts(&doc, ".milestone");
    for (name, date) in named_dates() {
        let iso = date.format("%Y-%m-%d").to_string();
        assert!(
            html.contains(&format!("datetime=\"{iso}\"")),
            "{name} ({iso}) is on the timeline"
        );
        assert!(
            milestones.iter().any(|m| m.contains(&long_date(date))),
            "a milestone shows {name} as {}: {milestones:?}",
            long_date(date)
        );
    }
    // The two six-week hearings are minimum lengths, not deadlines, and the
    // law sets no deadline for adopting the samfunnsdel.
    let dates = named_dates();
    for (start, name) in [(dates[0].1, "planprogram"), (dates[2].1, "planforslag")] {
        let earliest = long_date(start + chrono::Days::new(42));
        let m = milestones
            .iter()
            .find(|m| m.contains(&earliest))
            .unwrap_or_else(|| panic!("{name}: six weeks after {start}: {milestones:?}"));
        assert!(m.contains("tidlegast"), "{m}");
    }
    for m in &milestones {
        assert!(!m.contains("Lovfest"), "no statutory deadline: {m}");
    }
    // Every step is on the timeline.
    let linked = attrs(&doc, ".phase-step__link", "href");
    for s in steps() {
        assert!(
            linked.contains(&format!("/{GUIDE}/{}/", slug_of(&s))),
            "step {} on timeline",
            s.step
        );
    }
    // Inline dates in the guide's introduction and in a step.
    let intro = page(&format!("{GUIDE}/index.html"));
    let intro_text = intro.root_element().text().collect::<String>();
    for (name, date) in named_dates() {
        assert!(intro_text.contains(&long_date(date)), "{name} in the intro");
    }
    assert!(!intro_text.contains("{{"), "no unreplaced expression");
    let varsel = page(&format!("{GUIDE}/varsel-og-hoyring/index.html"));
    let varsel_text = varsel.root_element().text().collect::<String>();
    assert!(varsel_text.contains(&long_date(dates[0].1 + chrono::Days::new(42))));
}

#[test]
fn every_step_has_a_checklist_on_the_guide_checklist_page() {
    let checklist = page(&format!("{GUIDE}/sjekkliste/index.html"));
    let all_ids = attrs(
        &checklist,
        ".checklist-step input[type=checkbox]",
        "data-check-id",
    );
    let formkrav = attrs(
        &checklist,
        ".formkrav-list input[type=checkbox]",
        "data-check-id",
    );
    let mut total = 0;
    let mut total_formkrav = 0;
    for s in steps() {
        // The step's formal requirements are on the guide's list, apart.
        let own = attrs(
            &page(&format!("{GUIDE}/{}/index.html", slug_of(&s))),
            ".formkrav-box input[type=checkbox]",
            "data-check-id",
        );
        assert!(
            own.iter().all(|id| formkrav.contains(id)),
            "step {}",
            s.step
        );
        total_formkrav += own.len();
        let doc = page(&format!("{GUIDE}/{}/index.html", slug_of(&s)));
        let ids = attrs(&doc, ".prose input[type=checkbox]", "data-check-id");
        assert!(ids.len() >= 3, "step {} has a checklist", s.step);
        for id in &ids {
            assert!(all_ids.contains(id), "item {id} of step {}", s.step);
        }
        total += ids.len();
    }
    assert_eq!(all_ids.len(), total);
    assert_eq!(formkrav.len(), total_formkrav);
    assert!(
        total_formkrav >= 10,
        "the formal duties of §§ 11-12 to 11-15 are listed"
    );
}

#[test]
fn the_four_pages_exist_in_their_language_with_their_sources() {
    for (file, lang) in [
        ("handlingsdel-og-okonomiplan", "nb"),
        ("folkehelseoversikten", "nn"),
        ("medvirkning", "nb"),
        ("ordliste", "nb"),
    ] {
        let doc = page(&format!("{file}/index.html"));
        assert_eq!(attrs(&doc, "html", "lang"), [lang], "{file}");
        let hrefs = attrs(&doc, "main a", "href");
        // The handlingsdel page is now the introduction of its own guide,
        // at the same address.
        let source = match file {
            "handlingsdel-og-okonomiplan" => "handlingsdel/_guide.md".to_string(),
            other => format!("{other}.md"),
        };
        let fm = front_matter(&source);
        assert_eq!(fm["lang"].as_str(), Some(lang));
        let sources = fm["sources"].as_sequence().expect("sources");
        assert!(!sources.is_empty(), "{file} has sources");
        for src in sources {
            let url = src["url"].as_str().unwrap();
            assert!(hrefs.iter().any(|h| h == url), "{file} lists {url}");
        }
    }
    // The glossary links a defined term to its section.
    let glossary = attrs(
        &page("ordliste/index.html"),
        ".prose a.lovhenvisning",
        "href",
    );
    assert!(glossary.contains(&lovdata("pbl", "11-13")), "{glossary:?}");
    assert!(
        glossary.contains(&lovdata("kommuneloven", "14-4")),
        "{glossary:?}"
    );
    let okonomi = attrs(
        &page("handlingsdel-og-okonomiplan/index.html"),
        ".prose a.lovhenvisning",
        "href",
    );
    assert!(
        okonomi.contains(&lovdata("kommuneloven", "14-4")),
        "{okonomi:?}"
    );
    assert!(okonomi.contains(&lovdata("pbl", "11-1")), "{okonomi:?}");
}

#[test]
fn guide_links_back_to_the_planstrategi_guide() {
    let doc = page(&format!("{GUIDE}/index.html"));
    let hrefs = attrs(&doc, "main a", "href");
    assert!(hrefs.contains(&"/planstrategi/".to_string()), "{hrefs:?}");
    let front = attrs(&page("index.html"), "main a", "href");
    assert!(front.contains(&format!("/{GUIDE}/")), "{front:?}");
}
