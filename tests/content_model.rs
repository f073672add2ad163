//! The content model that keeps the bundled guide current and traceable:
//! dates in text (`{{ deadline }}`), a guide's own named dates, sources per
//! page, the "Dette krever loven" summary, unlisted pages and grouped
//! "what's new" entries — each working, and each mistake reported at its
//! file and line.

mod common;
use common::*;

const GUIDE_WITH_DATES: &str = "\
---
title: Samfunnsdelen
summary: Fra oppstart til vedtak.
order: 1
dates:
  - name: oppstart
    title: Vedtak om oppstart
    default: deadline + 2m
  - name: planprogram
    title: Planprogrammet er fastsatt
    default: oppstart + 4m
phases:
  - title: Før valget
    start: election - 9m
    end: election
milestones:
  - title: Planprogrammet er fastsatt
    date: planprogram
---
Oppstart {{ oppstart }}, planprogram {{ planprogram | måned }}.
";

const STEP_USING_DATES: &str = "\
---
title: Lag planprogrammet
step: 1
kind: råd
summary: Skriv planprogrammet.
updated: 2024-11-01
when:
  start: oppstart
  end: oppstart + 6w
sources:
  - title: Plan- og bygningsloven § 11-13
    url: https://lovdata.no/lov/2008-06-27-71/§11-13
    note: Lest på Lovdata.
---
Høringen varer til minst {{ oppstart + 6w }}. Fristen er {{ deadline }} i perioden {{ periode }}.
";

fn dated_site() -> Site {
    Site::with(&[
        ("content/g/_guide.md", GUIDE_WITH_DATES),
        ("content/g/01-start.md", STEP_USING_DATES),
        ("content/g/02-vedtak.md", ""),
    ])
}

#[test]
fn dates_in_text_follow_the_period_and_the_guides_own_dates() {
    let site = dated_site();
    let out = site.build();
    assert!(out.status.success(), "{:?}", text(&out));
    // constituted 2023-10-19 → deadline 2024-10-19 → oppstart 2024-12-19.
    let step = site.html("g/lag-planprogrammet/index.html");
    let times = attrs(&step, ".prose time", "data-expr");
    assert_eq!(times, ["oppstart + 6w", "deadline"]);
    let shown = texts(&step, ".prose time");
    assert_eq!(shown, ["30. januar 2025", "19. oktober 2024"]);
    assert!(texts(&step, ".prose p")[0].contains("i perioden 2023–2027"));
    // The step's own time window counts from the guide's date.
    assert_eq!(attrs(&step, ".step-when time", "datetime")[0], "2024-12-19");
    // The page carries what the script needs to recompute them.
    let data = attrs(&step, "main", "data-dates");
    let data: serde_json::Value = serde_json::from_str(&data[0]).unwrap();
    assert_eq!(data["constituted"], "2023-10-19");
    assert_eq!(data["dates"][0]["name"], "oppstart");
    assert_eq!(data["dates"][1]["expr"], "oppstart + 4m");
    assert_eq!(data["guide"], "/veileder/g/");

    let guide = site.html("g/index.html");
    assert_eq!(
        texts(&guide, ".prose time"),
        ["19. desember 2024", "april 2025"]
    );

    // The timeline asks for the guide's dates and shows the phase before
    // the election.
    let timeline = site.html("g/tidslinje/index.html");
    assert_eq!(
        attrs(
            &timeline,
            "[data-guide-date-input]",
            "data-guide-date-input"
        ),
        ["oppstart", "planprogram"]
    );
    assert!(attrs(&timeline, ".phase time", "datetime").contains(&"2022-12-11".to_string()));
    assert!(attrs(&timeline, ".milestone time", "data-expr").contains(&"planprogram".to_string()));

    // Sources are listed with their notes.
    assert_eq!(
        texts(&step, ".sources__list a"),
        ["Plan- og bygningsloven § 11-13"]
    );
    assert_eq!(
        attrs(&step, ".sources__list a", "href"),
        ["https://lovdata.no/lov/2008-06-27-71/§11-13"]
    );
    assert!(texts(&step, ".sources__note")[0].contains("Lest på Lovdata."));

    // Changing the period changes every date, with no edit to the content.
    site.write(
        "site.yaml",
        SITE_YAML
            .replace("2023-10-19", "2027-10-14")
            .replace("2023-09-11", "2027-09-13"),
    );
    assert!(site.build().status.success());
    let step = site.html("g/lag-planprogrammet/index.html");
    assert_eq!(
        texts(&step, ".prose time"),
        ["25. januar 2029", "14. oktober 2028"]
    );
}

#[test]
fn unknown_date_name_in_text_names_file_line_and_the_nearest_name() {
    let site = Site::with(&[
        ("content/g/_guide.md", GUIDE_WITH_DATES),
        (
            "content/g/01-start.md",
            &STEP_USING_DATES.replace("{{ oppstart + 6w }}", "{{ opstart + 6w }}"),
        ),
        ("content/g/02-vedtak.md", ""),
    ]);
    let e = site.error("invalid-date");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/g/01-start.md"))
    );
    assert_eq!(e.line, Some(15), "{e:?}");
    assert!(e.message.contains("Mente du `oppstart`"), "{e:?}");
    // A page outside the guide cannot use the guide's names.
    let site = Site::with(&[
        ("content/g/_guide.md", GUIDE_WITH_DATES),
        ("content/g/01-start.md", STEP_USING_DATES),
        ("content/g/02-vedtak.md", ""),
        (
            "content/om.md",
            "---\ntitle: Om\n---\nFra {{ oppstart }}.\n",
        ),
    ]);
    let e = site.error("invalid-date");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/om.md"))
    );
    assert_eq!(e.line, Some(4));
}

#[test]
fn bad_guide_dates_are_reported() {
    let bad_name = GUIDE_WITH_DATES.replace("name: planprogram\n", "name: Planprogram\n");
    let site = Site::with(&[("content/g/_guide.md", &bad_name)]);
    let e = site.error("invalid-value");
    assert!(e.message.contains("`Planprogram`"), "{e:?}");
    assert!(e.line.is_some());

    let taken = GUIDE_WITH_DATES.replace("name: planprogram\n", "name: deadline\n");
    let site = Site::with(&[("content/g/_guide.md", &taken)]);
    let e = site.error("duplicate-date");
    assert!(e.message.contains("`deadline`"), "{e:?}");

    // A default may only count from dates declared above it.
    let order = GUIDE_WITH_DATES.replace("default: deadline + 2m", "default: planprogram - 4m");
    let site = Site::with(&[("content/g/_guide.md", &order)]);
    let diags = site.diagnostics();
    assert!(
        diags.iter().any(|d| d.code == "invalid-date"
            && d.message.contains("`planprogram - 4m`")
            && d.line.is_some()),
        "{diags:#?}"
    );
}

#[test]
fn a_source_needs_a_web_address() {
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om\nsources:\n  - title: Loven\n    url: javascript:alert(1)\n---\nTekst.\n",
    )]);
    let e = site.error("invalid-value");
    assert_eq!(e.line, Some(5), "{e:?}");
    assert!(e.hint.unwrap().contains("https://"));
}

#[test]
fn lovkrav_steps_show_the_duties_first() {
    let site = Site::new();
    assert!(site.build().status.success());
    let step = site.html("g/vedta-strategien/index.html");
    assert_eq!(
        texts(&step, ".duty-summary li"),
        ["Vedtas innen ett år. (plan- og bygningsloven § 10-1)"]
    );
    // The summary comes before the body text.
    let html = std::fs::read_to_string(site.out().join("g/vedta-strategien/index.html")).unwrap();
    assert!(html.find("duty-summary").unwrap() < html.find("class=\"prose\"").unwrap());
    // A råd step has none.
    let step = site.html("g/sett-i-gang/index.html");
    assert!(texts(&step, ".duty-summary").is_empty());
}

#[test]
fn unlisted_pages_are_built_but_not_listed() {
    // By default an unlisted page is for the preview and `check` only
    // (issue 25's papercut: the editors' guide went public with noindex).
    let site = Site::with(&[(
        "content/redaktor.md",
        "---\ntitle: For redaktører\nunlisted: true\n---\nIntern tekst.\n",
    )]);
    assert!(site.build().status.success());
    assert!(!site.out().join("for-redaktorer").exists());
    let preview = stegvis::serve::live::LiveSite::new(site.root(), "http://127.0.0.1:1/");
    assert!(preview.snapshot().contains_key("for-redaktorer/index.html"));
    // A published page may not link there: `check` says so.
    let linked = Site::with(&[
        (
            "content/redaktor.md",
            "---\ntitle: For redaktører\nunlisted: true\n---\nIntern tekst.\n",
        ),
        (
            "content/om.md",
            "---\ntitle: Om\nlang: nb\n---\nSe [redaktørene](@/redaktor.md).\n",
        ),
    ]);
    let out = stegvis(&["check", "--today", "2024-12-01"], linked.root());
    let (_, err) = text(&out);
    assert!(
        !out.status.success() && err.contains("bare finnes i forhåndsvisningen"),
        "{err}"
    );
    // With `publish_unlisted: true` it is built, not listed.
    let site = Site::with(&[
        (
            "content/redaktor.md",
            "---\ntitle: For redaktører\nunlisted: true\n---\nIntern tekst.\n",
        ),
        ("site.yaml", &format!("{SITE_YAML}publish_unlisted: true\n")),
    ]);
    assert!(site.build().status.success());
    let page = site.html("for-redaktorer/index.html");
    assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex"]);
    let front = site.html("index.html");
    let links = attrs(&front, "a", "href");
    assert!(
        !links.iter().any(|l| l.contains("for-redaktorer")),
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l.contains("/om-veilederen/")),
        "{links:?}"
    );
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("for-redaktorer") && sitemap.contains("om-veilederen"));
    // Not in the search index: it holds every page but 404, /sok/, the
    // guide's status report and this.
    let entry: serde_json::Value = serde_json::from_slice(
        &std::fs::read(site.out().join("pagefind/pagefind-entry.json")).unwrap(),
    )
    .unwrap();
    let html_pages = snapshot(&site.out())
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(
        entry["languages"]["no"]["page_count"].as_u64().unwrap() as usize,
        html_pages - 4
    );
}

#[test]
fn whats_new_groups_one_change_to_many_steps() {
    let site = Site::new();
    assert!(site.build().status.success());
    let page = site.html("hva-er-nytt/index.html");
    // Both steps have no changes in the base site; give them the same one.
    assert!(texts(&page, ".changes-list__item").is_empty());
    let change = "changes:\n  - date: 2024-11-01\n    note: Første versjon.\n---";
    site.write(
        "content/g/01-start.md",
        STEP_1.replacen("---\n## Første", &format!("{change}\n## Første"), 1),
    );
    site.write(
        "content/g/02-vedtak.md",
        STEP_2.replacen("---\nSe", &format!("{change}\nSe"), 1),
    );
    let out = site.build();
    assert!(out.status.success(), "{:?}", text(&out));
    let page = site.html("hva-er-nytt/index.html");
    assert_eq!(texts(&page, ".changes-list__item").len(), 1);
    // (texts() joins the link and the text after it with a space)
    assert_eq!(
        texts(&page, ".changes-list__title")[0],
        "Planstrategi : 2 steg endret"
    );
    assert_eq!(texts(&page, ".changes-list__steps a").len(), 2);
    // The Atom feed groups them the same way: one entry naming both steps.
    let atom = std::fs::read_to_string(site.out().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).expect("well-formed Atom");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 1, "{atom}");
    let child = |tag: &str| {
        entries[0]
            .children()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(child("title"), "Planstrategi – steg 1, 2");
    assert_eq!(child("summary"), "Første versjon.");
    assert_eq!(
        child("id"),
        "https://example.org/veileder/g/#endret-2024-11-01-steg-1-2"
    );
}

/// Every diagnostic code is documented for editors and CI users.
#[test]
fn the_editors_guide_lists_every_diagnostic_code() {
    let guide = std::fs::read_to_string(repo().join("content/redaktorveiledning.md")).unwrap();
    let missing: Vec<&str> = stegvis::shared::codes::CODES
        .iter()
        .map(|c| c.id)
        .filter(|id| !guide.contains(&format!("| `{id}` |")))
        .collect();
    assert!(missing.is_empty(), "add these to «Feilkoder»: {missing:?}");
}

/// Issue 25, bug 8: a share link keeps the first six characters of each
/// ticked item's id; two items with the same text got `X` and `X-2` and the
/// link ticked both. Every checklist id of a guide — repeated texts within
/// a step and across steps included — differs in those six characters, on
/// the step pages and on the checklist page alike.
#[test]
fn short_checklist_ids_are_unique_within_a_guide() {
    let step = |n: u32, body: &str| {
        format!(
            "---\ntitle: Steg {n}\nstep: {n}\nkind: råd\nsummary: S.\nupdated: 2024-11-01\n---\n{body}"
        )
    };
    let s1 = step(1, "- [ ] Send saken\n- [ ] Send saken\n- [ ] Annet\n");
    let s2 = step(2, "- [ ] Send saken\n- [ ] send saken.\n");
    let site = Site::with(&[
        ("content/g/01-start.md", &s1),
        ("content/g/02-vedtak.md", &s2),
    ]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let mut all = Vec::new();
    for page in ["g/steg-1/index.html", "g/steg-2/index.html"] {
        all.extend(attrs(
            &site.html(page),
            "input[data-check-id]",
            "data-check-id",
        ));
    }
    assert_eq!(all.len(), 5);
    let mut short: Vec<&str> = all.iter().map(|id| &id[..6]).collect();
    short.sort();
    short.dedup();
    assert_eq!(short.len(), 5, "short ids repeat: {all:?}");
    let mut listed = attrs(
        &site.html("g/sjekkliste/index.html"),
        "input[data-check-id]",
        "data-check-id",
    );
    listed.sort();
    all.sort();
    assert_eq!(listed, all, "the checklist page has the steps' ids");
}

const GUIDE_WITH_RULES: &str = "\
---
title: Samfunnsdelen
summary: Fra oppstart til vedtak.
order: 1
dates:
  - name: hoyring
    title: Planforslaget på høring
    default: deadline + 2m
  - name: vedtak
    title: Vedtak
    default: hoyring + 3m
rules:
  - date: council_meeting
    not_after: deadline
    text: Kommunestyret vedtar planstrategien innen fristen.
    law: pbl
    section: \"10-1\"
  - date: vedtak
    at_least: 6w
    after: hoyring
    text: Vedtaket kommer etter høringsfristen på minst seks uker.
    law: pbl
    section: \"11-14\"
---
Innledning.
";

/// Rules between dates (issue 21): the defaults keep them, and the timeline
/// and status report list them with the law and what each demands.
#[test]
fn rules_between_dates_are_listed_with_their_law() {
    let site = Site::with(&[("content/g/_guide.md", GUIDE_WITH_RULES)]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    for page in ["g/tidslinje/index.html", "g/statusrapport/index.html"] {
        let doc = site.html(page);
        let rules = texts(&doc, "[data-rules] li[data-rule] .date-rule__text");
        assert_eq!(rules.len(), 2, "{page}");
        assert!(
            rules[1].starts_with("Vedtaket kommer etter høringsfristen"),
            "{rules:?}"
        );
        assert_eq!(
            attrs(&doc, "[data-rules] a.date-rule__law", "href"),
            [
                "https://lovdata.no/lov/2008-06-27-71/§10-1",
                "https://lovdata.no/lov/2008-06-27-71/§11-14"
            ]
        );
        // What each demands with the dates as they are, computed at build.
        let details = texts(&doc, "[data-rule-detail]");
        assert_eq!(
            details[0], "Planlagt kommunestyremøte: senest 19. oktober 2024.",
            "{page}"
        );
        // hoyring = deadline + 2m = Thursday 19 December 2024; six weeks
        // end Thursday 30 January 2025; the first legal day is the 31st.
        assert_eq!(details[1], "Vedtak: tidligst 31. januar 2025.", "{page}");
    }
}

/// A default that breaks a rule fails the build: the rule, both dates and
/// the law in the message, at the rule's line in `_guide.md`.
#[test]
fn a_default_that_breaks_a_rule_fails_the_build() {
    let broken = GUIDE_WITH_RULES.replace("default: hoyring + 3m", "default: hoyring + 4w");
    let site = Site::with(&[("content/g/_guide.md", &broken)]);
    let e = site.error("rule-broken");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/g/_guide.md"))
    );
    assert_eq!(e.line, Some(21), "{e:?}");
    for part in [
        "«Vedtaket kommer etter høringsfristen på minst seks uker.»",
        "plan- og bygningsloven § 11-14",
        "`vedtak` er",
        "`hoyring`",
        "tidligst",
    ] {
        assert!(e.message.contains(part), "{part}: {}", e.message);
    }
    assert!(!site.build().status.success());
}

/// Issue 25, bug 9: a `council_meeting` in site.yaml after the legal
/// deadline passed `check`; with the rule in the guide it is an error
/// naming the law.
#[test]
fn a_council_meeting_after_the_deadline_fails_check() {
    let late = format!("{SITE_YAML}  council_meeting: 2024-10-25\n");
    let site = Site::with(&[
        ("site.yaml", &late),
        ("content/g/_guide.md", GUIDE_WITH_RULES),
    ]);
    let e = site.error("rule-broken");
    assert!(
        e.message.contains("§ 10-1") && e.message.contains("25. oktober 2024"),
        "{}",
        e.message
    );
    let out = stegvis(&["check", "--today", "2024-12-01"], site.root());
    assert!(!out.status.success(), "{}", text(&out).1);
}

/// Mistakes in `rules:` are errors at their line, with a hint.
#[test]
fn malformed_rules_are_errors_at_their_line() {
    for (bad, code, needle) in [
        (
            "    at_least: 6w\n    after: hoyring",
            "invalid-rule",
            "nøyaktig én",
        ),
        ("    after: hoyring", "invalid-rule", "at_least"),
        (
            "    at_least: seks uker\n    after: hoyring",
            "invalid-rule",
            "varighet",
        ),
        (
            "    at_least: 6w\n    after: hoyringa",
            "invalid-date",
            "Mente du `hoyring`?",
        ),
    ] {
        let guide = GUIDE_WITH_RULES.replace(
            "    not_after: deadline",
            &if code == "invalid-rule" && needle == "nøyaktig én" {
                format!("    not_after: deadline\n{bad}")
            } else {
                bad.to_string()
            },
        );
        let site = Site::with(&[("content/g/_guide.md", &guide)]);
        let e = site.error(code);
        assert!(e.message.contains(needle), "{needle}: {}", e.message);
        assert!(e.line.is_some_and(|l| (13..=20).contains(&l)), "{e:?}");
        assert_eq!(
            e.file.as_deref(),
            Some(std::path::Path::new("content/g/_guide.md"))
        );
    }
}

const STEP_WITH_FORMKRAV: &str = "\
---
title: Kunngjør oppstarten
step: 1
kind: lovkrav
summary: Varsle og kunngjøre.
updated: 2024-11-01
legal:
  - law: pbl
    section: \"11-12\"
    requirement: Oppstarten skal kunngjøres.
    obligation: skal
formkrav:
  - kind: kunngjøring
    text: Oppstarten kunngjøres.
    where: minst én avis som er alminnelig lest på stedet, og på internett
    law: pbl
    section: \"11-12\"
    date: constituted + 2m
  - kind: klage
    text: Vedtaket kan ikke påklages.
    law: pbl
    section: \"11-15\"
---
## Første del

- [ ] Lag en plan
";

/// Formal requirements (issue 21): a «Formkrav» box on the step, with a
/// checkbox each, and the guide's «Formkrav før og etter vedtak» on the checklist
/// page and the status report, with the same ids; nynorsk labels on a
/// nynorsk step.
#[test]
fn formkrav_are_shown_on_the_step_and_listed_for_the_guide() {
    let site = Site::with(&[("content/g/01-start.md", STEP_WITH_FORMKRAV)]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let step = site.html("g/kunngjor-oppstarten/index.html");
    let labels = texts(&step, ".formkrav-box .formkrav-item label");
    assert_eq!(
        labels,
        ["Kunngjøring: Oppstarten kunngjøres. (minst én avis som er alminnelig lest på stedet, og på internett) – 19. desember 2023"]
    );
    // «Kan ikke påklages» is to know, not to tick.
    assert_eq!(
        texts(&step, ".formkrav-box .formkrav-item--info"),
        ["Klage: Vedtaket kan ikke påklages. (til orientering) plan- og bygningsloven § 11-15 – Les paragrafen på Lovdata"]
    );
    assert_eq!(
        attrs(&step, ".formkrav-box a.formkrav-item__law", "href"),
        [
            "https://lovdata.no/lov/2008-06-27-71/§11-12",
            "https://lovdata.no/lov/2008-06-27-71/§11-15"
        ]
    );
    let ids = attrs(&step, ".formkrav-box input[data-check-id]", "data-check-id");
    assert_eq!(ids.len(), 1);
    // Counted with the step's own items.
    assert_eq!(attrs(&step, "article[data-step-url]", "data-total"), ["2"]);
    let checklist = site.html("g/sjekkliste/index.html");
    assert_eq!(
        texts(&checklist, ".formkrav-list h2"),
        ["Formkrav før og etter vedtak"]
    );
    assert_eq!(
        attrs(
            &checklist,
            ".formkrav-list input[data-check-id]",
            "data-check-id"
        ),
        ids
    );
    // Not listed twice: the step's own list has only the text's item.
    assert_eq!(
        attrs(
            &checklist,
            ".checklist-step input[data-check-id]",
            "data-check-id"
        )
        .len(),
        1
    );
    let status = site.html("g/statusrapport/index.html");
    assert_eq!(
        attrs(&status, "[data-plan-formkrav-of]", "data-plan-item"),
        ids
    );
    assert_eq!(
        attrs(&status, ".status-step [data-plan-item]", "data-plan-item").len(),
        1
    );
    // The overview counts them too.
    let guide = site.html("g/index.html");
    assert!(attrs(&guide, ".step-status[data-items]", "data-items")[0].contains(&ids[0]));

    let nn = STEP_WITH_FORMKRAV.replace("updated: 2024-11-01", "updated: 2024-11-01\nlang: nn");
    let site = Site::with(&[("content/g/01-start.md", &nn)]);
    assert!(site.build().status.success());
    let step = site.html("g/kunngjor-oppstarten/index.html");
    assert!(texts(&step, ".formkrav-box .formkrav-item label")[0].starts_with("Kunngjering:"));
    assert!(texts(&step, ".formkrav-box p")[0].contains("Krava står òg samla"));
}

/// Mistakes in `formkrav:` are errors at their line with a hint.
#[test]
fn formkrav_mistakes_are_errors_at_their_line() {
    for (from, to, code, needle) in [
        (
            "kind: kunngjøring",
            "kind: kunngjering",
            "invalid-formkrav",
            "mente du `kunngjøring`?",
        ),
        (
            "    law: pbl\n    section: \"11-15\"",
            "    law: forvaltningsloven\n    section: \"11-15\"",
            "unknown-law",
            "forvaltningsloven",
        ),
        (
            "date: constituted + 2m",
            "date: oppstart + 2m",
            "invalid-date",
            "oppstart",
        ),
    ] {
        let step = STEP_WITH_FORMKRAV.replace(from, to);
        assert_ne!(step, STEP_WITH_FORMKRAV, "{from}");
        let site = Site::with(&[("content/g/01-start.md", &step)]);
        let e = site.error(code);
        assert!(
            e.message.contains(needle) || e.hint.as_deref().unwrap_or("").contains(needle),
            "{needle}: {e:?}"
        );
        assert_eq!(
            e.file.as_deref(),
            Some(std::path::Path::new("content/g/01-start.md"))
        );
        assert!(e.line.is_some_and(|l| (12..=22).contains(&l)), "{e:?}");
    }
}
