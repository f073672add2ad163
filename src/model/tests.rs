//! Unit tests of the site model: building, slugs, step numbers, legal
//! references, dates, rules and dependencies.

use chrono::NaiveDate;

use super::*;
use crate::content::config::SiteConfig;
use crate::content::load::load_content;
use crate::shared::diagnostics::Diagnostics;

const SITE_YAML: &str = "title: Test\nbase_url: https://example.org/\nlanguage: nb\nlaws:\n  pbl:\n    lovdata: 2008-06-27-71\n    name: plan- og bygningsloven\nperiod:\n  election: 2023-09-11\n  constituted: 2023-10-19\n";

/// The model of a site made of `files` (paths under the site root).
fn model(files: &[(&str, &str)]) -> (Site, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("site.yaml"), SITE_YAML).unwrap();
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let config = SiteConfig::load(root).unwrap_or_else(|d| panic!("{d:?}"));
    let loaded = load_content(&crate::content::layers::Layers::single(root));
    assert!(
        loaded.diagnostics.is_empty(),
        "loading: {:?}",
        loaded.diagnostics
    );
    build_model(ModelInputs::new(config, loaded.docs))
}

fn step(n: u32, title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\nstep: {n}\nkind: råd\nsummary: S.\nupdated: 2024-01-0{n}\n{extra}---\nTekst.\n")
}

fn doc_of(site: &Site, key: &str) -> usize {
    site.docs.iter().position(|d| d.key == key).unwrap()
}

fn errors(diags: &Diagnostics, code: &str) -> Vec<String> {
    diags
        .errors()
        .filter(|d| d.code == code)
        .map(|d| {
            format!(
                "{}: {}",
                d.file
                    .as_ref()
                    .map_or(String::new(), |f| f.display().to_string()),
                d.message
            )
        })
        .collect()
}

fn small_site() -> (Site, Diagnostics) {
    model(&[
        ("content/_index.md", "---\ntitle: Forside\n---\n"),
        ("content/om.md", "---\ntitle: Om\n---\n"),
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/a.md", &step(1, "Første", "")),
        ("content/veileder/b.md", &step(2, "Andre", "")),
        ("content/veileder/c.md", &step(3, "Tredje", "")),
    ])
}

#[test]
fn a_step_page_uses_its_own_file_wholly_and_its_siblings_for_listing() {
    let (site, diags) = small_site();
    assert!(!diags.has_errors(), "{diags:?}");
    let (a, b, guide) = (
        doc_of(&site, "veileder/a.md"),
        doc_of(&site, "veileder/b.md"),
        doc_of(&site, "veileder/_guide.md"),
    );
    let index = doc_of(&site, "_index.md");
    let page = doc_of(&site, "om.md");
    let deps = site.dependencies(PageId::Step(0, 0));
    assert!(deps.contains(&(a, Uses::Everything)), "{deps:?}");
    assert!(deps.contains(&(b, Uses::Listing)), "{deps:?}");
    assert!(deps.contains(&(guide, Uses::Listing)), "{deps:?}");
    assert!(deps.contains(&(page, Uses::Listing)), "{deps:?}");
    assert!(!deps.iter().any(|(d, _)| *d == index), "{deps:?}");
    // The guide's own pages show every step in full.
    for id in [PageId::Guide(0), PageId::Checklist(0), PageId::Timeline(0)] {
        assert!(site.dependencies(id).contains(&(b, Uses::Everything)));
    }
    // The front page uses _index.md in full, the 404 page for listing.
    assert!(site
        .dependencies(PageId::Front)
        .contains(&(index, Uses::Everything)));
    assert!(site
        .dependencies(PageId::NotFound)
        .contains(&(index, Uses::Listing)));
}

#[test]
fn a_changed_step_body_re_renders_only_its_page_and_the_guide_pages() {
    let (site, _) = small_site();
    let a = doc_of(&site, "veileder/a.md");
    let mut body = site.dependents(a, false);
    body.sort();
    assert_eq!(
        body,
        [
            PageId::Guide(0),
            PageId::Step(0, 0),
            PageId::Checklist(0),
            PageId::Timeline(0),
            PageId::Status(0),
        ]
    );
    // A new title shows in the siblings' navigation and "what's new".
    let listing = site.dependents(a, true);
    for id in [PageId::Step(0, 1), PageId::Step(0, 2), PageId::WhatsNew] {
        assert!(listing.contains(&id), "{id:?} in {listing:?}");
    }
    assert!(!listing.contains(&PageId::Page(0)), "{listing:?}");
    // A page's title is in every page's menu.
    let page = doc_of(&site, "om.md");
    assert_eq!(site.dependents(page, false), [PageId::Page(0)]);
    assert_eq!(site.dependents(page, true).len(), site.page_ids().len());
}

/// What a page depends on and what a changed file re-renders agree:
/// every page naming a document is among that document's dependents.
#[test]
fn dependents_cover_every_dependency() {
    let (site, _) = small_site();
    for id in site.page_ids() {
        for (doc, uses) in site.dependencies(id) {
            let listing_changed = uses == Uses::Listing;
            assert!(
                site.dependents(doc, listing_changed).contains(&id),
                "{id:?} uses {} ({uses:?}) but is not re-rendered when it changes",
                site.docs[doc].key
            );
        }
    }
}

#[test]
fn timeline_places_steps_on_the_phase_they_start_in() {
    let guide = "---\ntitle: Veileder\nsummary: S.\ndates:\n  - name: oppstart\n    title: Oppstart\n    default: constituted + 2m\nphases:\n  - title: Sent\n    start: constituted + 6m\n    end: deadline\n  - title: Tidlig\n    start: constituted\n    end: constituted + 3m\nmilestones:\n  - title: Vedtak\n    date: deadline\n  - title: Oppstart\n    date: oppstart\n---\n";
    let (site, diags) = model(&[
        ("content/veileder/_guide.md", guide),
        // In the early phase.
        (
            "content/veileder/a.md",
            &step(1, "A", "when:\n  start: oppstart\n"),
        ),
        // Between the phases: the last one begun before it.
        (
            "content/veileder/b.md",
            &step(
                2,
                "B",
                "when:\n  start: constituted + 4m\n  end: constituted + 5m\n",
            ),
        ),
        // Before every phase: the first.
        (
            "content/veileder/c.md",
            &step(3, "C", "when:\n  start: election\n"),
        ),
        ("content/veileder/d.md", &step(4, "D", "")),
        (
            "content/veileder/e.md",
            &step(5, "E", "when:\n  start: deadline - 1m\n"),
        ),
    ]);
    assert!(!diags.has_errors(), "{diags:?}");
    let g = &site.guides[0];
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(g.dates[0].date, ymd(2023, 12, 19));
    // Milestones by date, with their canonical expressions.
    let ms: Vec<(&str, NaiveDate, &str)> = g
        .milestones
        .iter()
        .map(|m| (m.title.as_str(), m.date.date, m.date.expr.as_str()))
        .collect();
    assert_eq!(
        ms,
        [
            ("Oppstart", ymd(2023, 12, 19), "oppstart"),
            ("Vedtak", ymd(2024, 10, 19), "deadline"),
        ]
    );
    let t = g.timeline();
    let titles =
        |p: &TimelinePhase<'_>| p.steps.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
    assert_eq!(t.phases.len(), 2);
    assert_eq!(t.phases[0].title, "Tidlig", "phases by start date");
    // C starts before every phase (so the first), B between the two
    // (so the last one begun before it); by start date.
    assert_eq!(titles(&t.phases[0]), ["C", "A", "B"]);
    assert_eq!(titles(&t.phases[1]), ["E"]);
    assert_eq!(
        t.unscheduled
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        ["D"]
    );
    let b = &t.phases[0].steps[2];
    let (start, end) = b.when.as_ref().unwrap();
    assert_eq!(
        (start.date, start.expr.as_str()),
        (ymd(2024, 2, 19), "constituted + 4m")
    );
    assert_eq!(end.as_ref().map(|e| e.date), Some(ymd(2024, 3, 19)));
}

#[test]
fn without_phases_the_dated_steps_share_one_named_after_the_guide() {
    let (site, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        (
            "content/veileder/a.md",
            &step(
                1,
                "A",
                "when:\n  start: constituted + 1m\n  end: constituted + 2m\n",
            ),
        ),
        (
            "content/veileder/b.md",
            &step(2, "B", "when:\n  start: constituted\n"),
        ),
        ("content/veileder/c.md", &step(3, "C", "")),
    ]);
    assert!(!diags.has_errors(), "{diags:?}");
    let t = site.guides[0].timeline();
    assert_eq!(t.phases.len(), 1);
    let p = &t.phases[0];
    assert_eq!(p.title, "Veileder");
    assert_eq!(
        (p.start.expr.as_str(), p.end.expr.as_str()),
        ("constituted", "constituted + 2m")
    );
    assert_eq!(
        p.steps.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["B", "A"]
    );
    assert_eq!(t.unscheduled.len(), 1);
}

#[test]
fn a_guide_date_can_only_count_from_dates_before_it() {
    let guide = "---\ntitle: Veileder\nsummary: S.\ndates:\n  - name: vedtak\n    title: Vedtak\n    default: hoyring + 1m\n  - name: hoyring\n    title: Høyring\n    default: constituted + 6m\n---\n";
    let (site, diags) = model(&[("content/veileder/_guide.md", guide)]);
    let e = errors(&diags, "invalid-date");
    assert_eq!(e.len(), 1, "{diags:?}");
    assert!(
        e[0].contains("hoyring + 1m") && e[0].contains("_guide.md"),
        "{e:?}"
    );
    let names: Vec<&str> = site.guides[0]
        .dates
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(names, ["hoyring"]);
}

#[test]
fn pages_and_guides_with_the_same_address_are_an_error() {
    let (site, diags) = model(&[
        ("content/planstrategi.md", "---\ntitle: Planstrategi\n---\n"),
        (
            "content/planstrategi/_guide.md",
            "---\ntitle: Kommunal planstrategi\nsummary: S.\n---\n",
        ),
        ("content/om.md", "---\ntitle: Om veilederen\n---\n"),
        (
            "content/om-2.md",
            "---\ntitle: Om\nslug: om-veilederen\n---\n",
        ),
    ]);
    let e = errors(&diags, "slug-collision");
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().any(|m| m.contains("`planstrategi`")), "{e:?}");
    // The message names the file that had the address first.
    assert!(
        e.iter()
            .any(|m| m.contains("`om-veilederen`") && m.contains("om")),
        "{e:?}"
    );
    assert_eq!(site.pages.len(), 3, "the model keeps what it can");
}

#[test]
fn steps_with_the_same_title_or_a_reserved_address_are_an_error() {
    let (_, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/a.md", &step(1, "Mål og behov", "")),
        ("content/veileder/b.md", &step(2, "Mål og behov!", "")),
        ("content/veileder/c.md", &step(3, "Sjekkliste", "")),
        (
            "content/veileder/d.md",
            &step(4, "Eget", "slug: Eget steg\n"),
        ),
    ]);
    let e = errors(&diags, "slug-collision");
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e.iter().any(|m| m.starts_with("content/veileder/b.md")
            && m.contains("`mal-og-behov`")
            && m.contains("a.md")),
        "{e:?}"
    );
    assert!(
        e.iter()
            .any(|m| m.starts_with("content/veileder/c.md") && m.contains("reservert")),
        "{e:?}"
    );
    let bad = errors(&diags, "invalid-value");
    assert!(
        bad.iter().any(|m| m.contains("ugyldig slug `Eget steg`")),
        "{bad:?}"
    );
    // The same title in two guides is fine: each has its own folder.
    let (_, diags) = model(&[
        ("content/a/_guide.md", "---\ntitle: A\nsummary: S.\n---\n"),
        ("content/a/x.md", &step(1, "Mål", "")),
        ("content/b/_guide.md", "---\ntitle: B\nsummary: S.\n---\n"),
        ("content/b/x.md", &step(1, "Mål", "")),
    ]);
    assert!(errors(&diags, "slug-collision").is_empty(), "{diags:?}");
}

fn after_step(after: &str, title: &str) -> String {
    format!("---\ntitle: {title}\nafter: {after}\nkind: råd\nsummary: S.\nupdated: 2024-01-01\n---\nTekst.\n")
}

fn guide_order(site: &Site) -> Vec<(u32, String)> {
    site.guides[0]
        .steps
        .iter()
        .map(|s| (s.number, s.title.clone()))
        .collect()
}

#[test]
fn a_step_placed_after_another_sits_right_after_it_and_the_numbers_are_counted() {
    let (site, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/01-a.md", &step(1, "Første", "")),
        ("content/veileder/02-b.md", &step(2, "Andre", "")),
        ("content/veileder/03-c.md", &step(3, "Tredje", "")),
        // After 01-a, by file name with and without .md; the second after
        // the first (file order); one after a placed step; one by slug.
        (
            "content/veileder/x1.md",
            &after_step("01-a", "Etter første"),
        ),
        (
            "content/veileder/x2.md",
            &after_step("01-a.md", "Også etter første"),
        ),
        (
            "content/veileder/y.md",
            &after_step("x1", "Etter etter første"),
        ),
        ("content/veileder/z.md", &after_step("tredje", "Sist")),
    ]);
    assert!(!diags.has_errors(), "{diags:?}");
    let titles: Vec<(u32, &str)> = vec![
        (1, "Første"),
        (2, "Etter første"),
        (3, "Etter etter første"),
        (4, "Også etter første"),
        (5, "Andre"),
        (6, "Tredje"),
        (7, "Sist"),
    ];
    let got = guide_order(&site);
    let got: Vec<(u32, &str)> = got.iter().map(|(n, t)| (*n, t.as_str())).collect();
    assert_eq!(got, titles);
}

#[test]
fn numbers_follow_the_order_not_the_step_field() {
    // A gap in `step:` warns but readers see 1, 2, 3.
    let (site, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/a.md", &step(1, "Første", "")),
        ("content/veileder/b.md", &step(4, "Andre", "")),
        ("content/veileder/c.md", &step(7, "Tredje", "")),
    ]);
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(diags.warnings().filter(|d| d.code == "step-gap").count(), 2);
    let numbers: Vec<u32> = guide_order(&site).iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
}

#[test]
fn after_mistakes_are_errors_at_the_line() {
    let (_, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/01-a.md", &step(1, "Første", "")),
        (
            "content/veileder/ukjent.md",
            &after_step("09-finnes-ikke", "Ukjent"),
        ),
        ("content/veileder/selv.md", &after_step("selv", "Selv")),
        ("content/veileder/r1.md", &after_step("r2", "Ring 1")),
        ("content/veileder/r2.md", &after_step("r1", "Ring 2")),
        (
            "content/veileder/begge.md",
            &step(2, "Begge", "after: 01-a\n"),
        ),
        (
            "content/veileder/ingen.md",
            "---\ntitle: Ingen\nkind: råd\nsummary: S.\nupdated: 2024-01-01\n---\nTekst.\n",
        ),
    ]);
    let unknown = errors(&diags, "unknown-step");
    assert_eq!(unknown.len(), 4, "{unknown:?}");
    assert!(unknown
        .iter()
        .any(|e| e.starts_with("content/veileder/ukjent.md") && e.contains("09-finnes-ikke")));
    assert!(unknown
        .iter()
        .any(|e| e.starts_with("content/veileder/selv.md")));
    assert!(unknown
        .iter()
        .any(|e| e.starts_with("content/veileder/r1.md") && e.contains("ring")));
    let hint = diags
        .errors()
        .find(|d| d.message.contains("09-finnes-ikke"))
        .and_then(|d| d.hint.clone())
        .unwrap();
    assert!(hint.contains("01-a"), "{hint}");
    let line = diags
        .errors()
        .find(|d| d.message.contains("09-finnes-ikke"))
        .and_then(|d| d.line);
    assert_eq!(line, Some(3));
    assert_eq!(
        errors(&diags, "invalid-value"),
        vec!["content/veileder/begge.md: steget har både `step:` og `after:`; bruk ett av dem"]
    );
    assert_eq!(
        errors(&diags, "missing-field"),
        vec!["content/veileder/ingen.md: steget mangler `step:` (eller `after:`)"]
    );
}

#[test]
fn a_ring_reports_its_members_and_a_step_hanging_off_it_says_so() {
    let (site, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/01-a.md", &step(1, "Første", "")),
        ("content/veileder/r1.md", &after_step("r2", "Ring 1")),
        ("content/veileder/r2.md", &after_step("r3", "Ring 2")),
        ("content/veileder/r3.md", &after_step("r1", "Ring 3")),
        ("content/veileder/henger.md", &after_step("r2", "Henger")),
        ("content/veileder/etter.md", &after_step("henger", "Etter")),
    ]);
    let unknown = errors(&diags, "unknown-step");
    assert_eq!(unknown.len(), 5, "{unknown:#?}");
    for member in ["r1", "r2", "r3"] {
        let e = unknown
            .iter()
            .find(|e| e.starts_with(&format!("content/veileder/{member}.md")))
            .unwrap();
        assert!(e.contains("går i ring"), "{e}");
        // It names the other members, and no step outside the ring.
        for other in ["r1", "r2", "r3"].iter().filter(|o| **o != member) {
            assert!(e.contains(&format!("content/veileder/{other}.md")), "{e}");
        }
        assert!(!e.contains("henger"), "{e}");
    }
    for hanger in ["henger", "etter"] {
        let e = unknown
            .iter()
            .find(|e| e.starts_with(&format!("content/veileder/{hanger}.md")))
            .unwrap();
        assert!(e.contains("plassert etter et steg i en ring"), "{e}");
        assert!(!e.contains("går i ring"), "{e}");
    }
    // Every step still gets a number.
    assert_eq!(site.guides[0].steps.len(), 6);
}

#[test]
fn step_zero_with_after_shows_both_mistakes() {
    let (_, diags) = model(&[
        (
            "content/veileder/_guide.md",
            "---\ntitle: Veileder\nsummary: S.\n---\n",
        ),
        ("content/veileder/01-a.md", &step(1, "Første", "")),
        (
            "content/veileder/null.md",
            "---\ntitle: Null\nstep: 0\nafter: 01-a\nkind: råd\nsummary: S.\nupdated: 2024-01-01\n---\nTekst.\n",
        ),
    ]);
    let found: Vec<(String, Option<usize>)> = diags
        .errors()
        .filter(|d| d.code == "invalid-value")
        .map(|d| (d.message.clone(), d.line))
        .collect();
    assert_eq!(
        found,
        vec![
            ("stegnummeret må være 1 eller høyere".to_string(), Some(3)),
            (
                "steget har både `step:` og `after:`; bruk ett av dem".to_string(),
                Some(4)
            ),
        ]
    );
}
