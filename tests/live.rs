//! The preview server's in-memory site: after any sequence of edits, what it
//! serves is identical to a clean build of the same files, and a one-step
//! edit re-renders only the pages that depend on it.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::PathBuf;

use stegvis::serve::live::LiveSite;

const BASE: &str = "http://127.0.0.1:1/";

fn served(live: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    live.snapshot()
        .iter()
        .map(|(k, v)| (k.clone(), v.bytes().unwrap().into_owned()))
        .collect()
}

fn clean(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = stegvis::pipeline::render_site(site.root(), Some(BASE))
        .unwrap_or_else(|d| panic!("clean build failed: {d:?}"));
    out.files
        .iter()
        .map(|f| match f {
            stegvis::output::write::OutputFile::Text { path, text } => {
                (path.clone(), text.as_bytes().to_vec())
            }
            stegvis::output::write::OutputFile::Bytes { path, bytes } => {
                (path.clone(), bytes.to_vec())
            }
            stegvis::output::write::OutputFile::Asset(a) => (
                a.path.clone(),
                match &a.source {
                    stegvis::render::theme::AssetSource::Disk(p) => std::fs::read(p).unwrap(),
                    stegvis::render::theme::AssetSource::Embedded(b) => b.to_vec(),
                },
            ),
        })
        .collect()
}

fn assert_same_as_clean(live: &LiveSite, site: &Site, when: &str) {
    assert!(live.errors().is_none(), "{when}: {:?}", live.errors());
    let a = served(live);
    let b = clean(site);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{when}: file sets"
    );
    for (k, v) in &b {
        assert!(a[k] == *v, "{when}: {k} differs from a clean build");
    }
}

fn apply(live: &mut LiveSite, paths: &[&str]) -> stegvis::serve::live::RebuildReport {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    live.apply(&paths)
        .unwrap_or_else(|d| panic!("rebuild failed: {d:?}"))
}

#[test]
fn body_edit_rerenders_only_its_pages() {
    let site = Site::new();
    let mut live = LiveSite::new(site.root(), BASE);
    assert_same_as_clean(&live, &site, "start");
    site.write(
        "content/g/01-start.md",
        STEP_1.replace("- [ ] Lag en plan", "- [ ] Lag en bedre plan"),
    );
    let r = apply(&mut live, &["content/g/01-start.md"]);
    assert!(!r.full);
    assert_eq!(r.bodies_rendered, 1);
    // The step, the guide overview, its checklist, its timeline and its
    // status report.
    assert_eq!(r.pages_rendered, 5, "{r:?}");
    assert_same_as_clean(&live, &site, "body edit");
    let step = String::from_utf8(served(&live)["g/sett-i-gang/index.html"].clone()).unwrap();
    assert!(step.contains("Lag en bedre plan"));
}

#[test]
fn title_edit_updates_neighbours_and_navigation() {
    let site = Site::new();
    let mut live = LiveSite::new(site.root(), BASE);
    site.write(
        "content/g/02-vedtak.md",
        STEP_2.replace("title: Vedta strategien", "title: Vedta planstrategien"),
    );
    let r = apply(&mut live, &["content/g/02-vedtak.md"]);
    assert!(
        r.full,
        "the URL changed with the title, so links move: {r:?}"
    );
    assert_same_as_clean(&live, &site, "title edit");
    // A summary edit keeps URLs but changes the listing.
    site.write(
        "content/g/02-vedtak.md",
        STEP_2
            .replace("title: Vedta strategien", "title: Vedta planstrategien")
            .replace(
                "summary: Kommunestyret vedtar.",
                "summary: Kommunestyret vedtar den.",
            ),
    );
    let r = apply(&mut live, &["content/g/02-vedtak.md"]);
    assert!(!r.full, "{r:?}");
    // Both steps' pages (the navigation lists the summary's step), the
    // overview, checklist, timeline, status report and "what's new".
    assert_eq!(r.pages_rendered, 7, "{r:?}");
    assert_same_as_clean(&live, &site, "summary edit");
}

#[test]
fn add_delete_rename_and_errors_end_like_a_clean_build() {
    let site = Site::new();
    let mut live = LiveSite::new(site.root(), BASE);
    // Add a step.
    site.write(
        "content/g/03-ny.md",
        "---\ntitle: Følg opp\nstep: 3\nkind: råd\nsummary: Etterpå.\nupdated: 2024-11-02\n---\n- [ ] Evaluer\n",
    );
    apply(&mut live, &["content/g/03-ny.md"]);
    assert_same_as_clean(&live, &site, "add");
    // Rename it (as an editor's "save as" + delete would).
    std::fs::rename(
        site.root().join("content/g/03-ny.md"),
        site.root().join("content/g/03-oppfolging.md"),
    )
    .unwrap();
    apply(
        &mut live,
        &["content/g/03-ny.md", "content/g/03-oppfolging.md"],
    );
    assert_same_as_clean(&live, &site, "rename");
    // Break it: the last good pages stay, the error is kept.
    let before = served(&live);
    site.write(
        "content/g/03-oppfolging.md",
        "---\ntitle: Følg opp\nstep: [\n---\n",
    );
    let err = live
        .apply(&[PathBuf::from("content/g/03-oppfolging.md")])
        .unwrap_err();
    assert!(err
        .0
        .iter()
        .any(|d| d.file.as_deref() == Some(std::path::Path::new("content/g/03-oppfolging.md"))));
    assert!(live.errors().is_some());
    assert_eq!(served(&live), before, "last good pages kept");
    // Fix it and delete another file in the same batch.
    site.write(
        "content/g/03-oppfolging.md",
        "---\ntitle: Følg opp\nstep: 2\nkind: råd\nsummary: Etterpå.\nupdated: 2024-11-02\n---\nTekst.\n",
    );
    std::fs::remove_file(site.root().join("content/g/02-vedtak.md")).unwrap();
    apply(
        &mut live,
        &["content/g/03-oppfolging.md", "content/g/02-vedtak.md"],
    );
    assert!(live.errors().is_none());
    assert_same_as_clean(&live, &site, "fix + delete");
    // Move a whole guide folder.
    std::fs::rename(site.root().join("content/g"), site.root().join("content/h")).unwrap();
    apply(&mut live, &["content/g", "content/h"]);
    assert_same_as_clean(&live, &site, "folder rename");
}

#[test]
fn config_template_and_static_changes() {
    let site = Site::new();
    let mut live = LiveSite::new(site.root(), BASE);
    site.write(
        "site.yaml",
        SITE_YAML.replace("title: Testveileder", "title: Ny tittel"),
    );
    let r = apply(&mut live, &["site.yaml"]);
    assert!(r.full);
    assert_same_as_clean(&live, &site, "site.yaml");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"egen\">{{ page.title }}</h1>{% endblock content %}",
    );
    apply(&mut live, &["templates/page.html"]);
    assert_same_as_clean(&live, &site, "template override");
    site.write("static/logo.txt", "logo");
    apply(&mut live, &["static/logo.txt"]);
    assert_same_as_clean(&live, &site, "static add");
    std::fs::remove_file(site.root().join("static/logo.txt")).unwrap();
    apply(&mut live, &["static/logo.txt"]);
    assert_same_as_clean(&live, &site, "static delete");
}

#[test]
fn starts_on_a_broken_site_and_recovers() {
    let site = Site::with(&[("content/om.md", "---\ntitel: Om\n---\n")]);
    let mut live = LiveSite::new(site.root(), BASE);
    assert!(live.errors().is_some());
    assert!(live.snapshot().is_empty());
    site.write("content/om.md", PAGE);
    apply(&mut live, &["content/om.md"]);
    assert_same_as_clean(&live, &site, "recovered");
}

#[test]
fn dependents_match_the_declared_dependencies() {
    let out = stegvis::pipeline::render_site(&repo(), None).unwrap();
    let site = &out.site;
    for doc in 0..site.docs.len() {
        for listing in [false, true] {
            let mut fast = site.dependents(doc, listing);
            fast.sort();
            fast.dedup();
            let mut slow: Vec<_> = site
                .page_ids()
                .into_iter()
                .filter(|id| {
                    site.dependencies(*id).iter().any(|(d, uses)| {
                        *d == doc && (listing || *uses == stegvis::model::Uses::Everything)
                    })
                })
                .collect();
            slow.sort();
            assert_eq!(
                fast,
                slow,
                "{} (listing changed: {listing})",
                site.docs[doc].path.display()
            );
        }
    }
}

#[test]
fn body_only_edits_take_the_fast_path_and_still_match_a_clean_build() {
    let site = Site::new();
    let mut live = LiveSite::new(site.root(), BASE);
    // A broken link in a body: an error, the old pages stay.
    let before = served(&live);
    site.write(
        "content/g/01-start.md",
        STEP_1.replace(
            "- [ ] Lag en plan",
            "- [ ] Lag en plan\n\n[x](@/g/borte.md)",
        ),
    );
    let err = live
        .apply(&[PathBuf::from("content/g/01-start.md")])
        .unwrap_err();
    assert!(err.0.iter().any(|d| d.code == "broken-link"));
    assert_eq!(served(&live), before);
    // Fixed: equal to a clean build.
    site.write(
        "content/g/01-start.md",
        STEP_1.replace("Lag en plan", "Lag en ny plan"),
    );
    apply(&mut live, &["content/g/01-start.md"]);
    assert_same_as_clean(&live, &site, "after fix");
    // Renaming the heading another step links to breaks that link.
    site.write(
        "content/g/01-start.md",
        STEP_1.replace("## Første del", "## Annen del"),
    );
    let err = live
        .apply(&[PathBuf::from("content/g/01-start.md")])
        .unwrap_err();
    let d = err
        .0
        .iter()
        .find(|d| d.code == "broken-anchor")
        .expect("anchor error");
    assert_eq!(
        d.file.as_deref(),
        Some(std::path::Path::new("content/g/02-vedtak.md"))
    );
    site.write("content/g/01-start.md", STEP_1);
    apply(&mut live, &["content/g/01-start.md"]);
    assert_same_as_clean(&live, &site, "heading restored");
    // A body edit that changes the checklist size updates the overview.
    site.write(
        "content/g/01-start.md",
        STEP_1.replace("- [ ] Lag en plan", "- [ ] Lag en plan\n- [ ] Og en til"),
    );
    let r = apply(&mut live, &["content/g/01-start.md"]);
    assert!(!r.full);
    assert_same_as_clean(&live, &site, "checklist grew");
}

/// Dates in the text depend on the guide's own dates and on the period:
/// changing either re-renders the bodies that show them, as a clean build.
#[test]
fn dates_in_text_follow_guide_dates_and_the_period_in_the_preview() {
    let guide = "---\ntitle: Planstrategi\nsummary: S.\norder: 1\ndates:\n  - name: oppstart\n    title: Oppstart\n    default: deadline + 2m\n---\nOppstart {{ oppstart }}.\n";
    let step = STEP_1.replace(
        "## Første del",
        "Frist {{ oppstart + 6w }} og {{ deadline }}.\n\n## Første del",
    );
    let site = Site::with(&[
        ("content/g/_guide.md", guide),
        ("content/g/01-start.md", &step),
    ]);
    let mut live = LiveSite::new(site.root(), BASE);
    assert_same_as_clean(&live, &site, "start");
    let page = |live: &LiveSite| {
        String::from_utf8(served(live)["g/sett-i-gang/index.html"].clone()).unwrap()
    };
    // oppstart = deadline + 2m = 19 December 2024; six weeks later:
    assert!(
        page(&live).contains(">30. januar 2025</time>"),
        "{}",
        page(&live)
    );
    // The guide's default moves: the step's text follows.
    site.write(
        "content/g/_guide.md",
        guide.replace("deadline + 2m", "deadline + 3m"),
    );
    apply(&mut live, &["content/g/_guide.md"]);
    assert_same_as_clean(&live, &site, "guide date");
    // deadline + 3m is Sunday 19 January 2025: the default moves to Monday
    // 20 January, six weeks later is 3 March.
    assert!(
        page(&live).contains(">3. mars 2025</time>"),
        "{}",
        page(&live)
    );
    // The period moves: every date follows.
    site.write("site.yaml", SITE_YAML.replace("2023-10-19", "2027-10-21"));
    apply(&mut live, &["site.yaml"]);
    assert_same_as_clean(&live, &site, "period");
    assert!(
        page(&live).contains(">21. oktober 2028</time>"),
        "{}",
        page(&live)
    );
}

/// Checklist ids are made unique across a guide after its pages render; the
/// preview, which renders only what a save touched, must come out as a
/// clean build when a clash appears and when it goes away again, and when
/// the guide's slug (the ids' scope) changes.
#[test]
fn checklist_ids_in_the_preview_equal_a_clean_build() {
    let step = |n: u32, items: &str| {
        format!("---\ntitle: Steg {n}\nstep: {n}\nkind: råd\nsummary: S.\nupdated: 2024-11-01\n---\n## Del\n\n{items}")
    };
    let site = Site::with(&[
        (
            "content/g/01-start.md",
            &step(1, "- [ ] Send saken\n- [ ] Annet\n"),
        ),
        ("content/g/02-vedtak.md", &step(2, "- [ ] Send saken\n")),
    ]);
    let mut live = LiveSite::new(site.root(), BASE);
    assert_same_as_clean(&live, &site, "start: a clash");
    site.write("content/g/01-start.md", step(1, "- [ ] Annet\n"));
    apply(&mut live, &["content/g/01-start.md"]);
    assert_same_as_clean(&live, &site, "the clash gone");
    site.write(
        "content/g/01-start.md",
        step(1, "- [ ] Send saken\n- [ ] Annet\n"),
    );
    apply(&mut live, &["content/g/01-start.md"]);
    assert_same_as_clean(&live, &site, "the clash back");
    site.write(
        "content/g/_guide.md",
        GUIDE.replace(
            "order: 1",
            "order: 1
slug: ny-adresse",
        ),
    );
    apply(&mut live, &["content/g/_guide.md"]);
    assert_same_as_clean(&live, &site, "a new slug");
}

/// Issue 25's papercut: the preview's overlay missed the page-relative
/// broken links that `check` finds in the rendered pages. It shows them
/// now, at the file and line, and drops them once fixed.
#[test]
fn the_preview_shows_the_broken_links_check_finds() {
    let site = Site::new();
    let mut live = LiveSite::new(site.root(), BASE);
    assert!(live.problems().is_none(), "{:?}", live.problems());
    site.write(
        "content/om.md",
        PAGE.replace("Tekst.", "Tekst.\n\nSe [siden](../finnes-ikke/)."),
    );
    apply(&mut live, &["content/om.md"]);
    let found = live.problems().expect("the broken link is shown");
    let d = found
        .0
        .iter()
        .find(|d| d.code == "broken-link")
        .expect("broken-link");
    assert_eq!(
        d.file.as_deref(),
        Some(std::path::Path::new("content/om.md"))
    );
    assert!(d.message.contains("../finnes-ikke/"), "{}", d.message);
    let check = stegvis(&["check", "--today", "2024-12-01"], site.root());
    assert!(
        text(&check).1.contains("../finnes-ikke/"),
        "check finds the same"
    );
    site.write("content/om.md", PAGE);
    apply(&mut live, &["content/om.md"]);
    assert!(live.problems().is_none(), "{:?}", live.problems());
}

/// The bundled guide's preview shows no problem at all.
#[test]
fn the_bundled_guide_has_nothing_to_show_in_the_overlay() {
    let live = LiveSite::new(&repo(), BASE);
    assert!(live.problems().is_none(), "{:#?}", live.problems());
}
