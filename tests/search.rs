//! The search index `stegvis build` writes: Pagefind's chunked index in
//! `pagefind/`, with every page but the 404 page and the search page, the
//! same for the same site, and a search form on every page. That the words
//! are found in their Norwegian forms is checked in Chromium
//! (`browser_search.rs`).

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn pagefind_files(site: &Site) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(&site.out().join("pagefind"))
}

#[test]
fn build_writes_a_chunked_norwegian_index() {
    let site = Site::new();
    let res = site.build();
    assert!(res.status.success(), "{}", text(&res).1);
    let files = pagefind_files(&site);
    let names: Vec<String> = files
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for needed in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "wasm.no.pagefind",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed}: {names:?}");
    }
    assert!(names.iter().any(|n| n.ends_with(".pf_meta")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("index/")), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("-ui")),
        "no UI bundles: {names:?}"
    );

    // One Norwegian index holding every page but 404.html, /sok/ and the
    // guide's status report (a form for the reader, not content).
    let entry: serde_json::Value =
        serde_json::from_slice(&files[&PathBuf::from("pagefind-entry.json")]).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["no"]);
    let html_pages = snapshot(&site.out())
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    assert_eq!(
        languages["no"]["page_count"].as_u64().unwrap() as usize,
        html_pages - 3,
        "all pages but 404.html, sok/index.html and statusrapport/index.html"
    );
    let fragments = names.iter().filter(|n| n.starts_with("fragment/")).count();
    assert_eq!(fragments, html_pages - 3, "one fragment per page");
}

#[test]
fn the_index_is_the_same_for_the_same_site() {
    let site = Site::new();
    assert!(site.build().status.success());
    let first = pagefind_files(&site);
    assert!(site.build().status.success());
    assert_eq!(pagefind_files(&site), first);
}

#[test]
fn every_page_has_a_search_form_leading_to_the_search_page() {
    let site = Site::new();
    assert!(site.build().status.success());
    for page in [
        "index.html",
        "g/index.html",
        "g/sett-i-gang/index.html",
        "om-veilederen/index.html",
        "404.html",
    ] {
        let doc = site.html(page);
        assert_eq!(
            attrs(&doc, "header form[role=search]", "action"),
            ["/veileder/sok/"],
            "{page}"
        );
        assert_eq!(
            attrs(&doc, "header form[role=search] input[type=search]", "name"),
            ["q"],
            "{page}"
        );
        assert_eq!(
            texts(&doc, "header form[role=search] label"),
            ["Søk"],
            "{page}"
        );
    }
    let search = site.html("sok/index.html");
    assert_eq!(texts(&search, "h1"), ["Søk"]);
    assert!(
        attrs(&search, "header form[role=search]", "action").is_empty(),
        "the search page has its own form, not the header's"
    );
    assert_eq!(
        attrs(&search, "main form[data-search]", "data-pagefind"),
        ["/veileder/pagefind/pagefind.js"]
    );
    assert_eq!(
        attrs(&search, "[role=status]", "aria-live"),
        ["polite"],
        "results are announced"
    );
    // The theme's entry module, as on every page, then the search's own.
    assert_eq!(
        attrs(&search, "script[type=module]", "src"),
        ["/veileder/js/main.js", "/veileder/search.js"]
    );
}

/// A build long enough to notice (a site of 600 steps with its search
/// index takes seconds in a debug build) shows its progress on a terminal,
/// and, when its output is not a terminal, prints its one summary line
/// and nothing else.
#[test]
fn a_slow_build_shows_progress_on_a_terminal_only() {
    let files = many_steps(&["alfa", "beta", "gamma"], 200);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::with(&refs);
    let started = std::time::Instant::now();
    let res = site.build();
    let took = started.elapsed();
    let (stdout, stderr) = text(&res);
    assert!(res.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("stegvis: "), "{stdout}");
    assert_eq!(stderr, "", "no progress when stderr is not a terminal");
    assert!(
        took > std::time::Duration::from_millis(1500),
        "the build took {took:?}, too short to show progress"
    );

    // On a terminal (util-linux `script` gives the build one).
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED the terminal half: no `script` command");
        return;
    }
    let command = format!(
        "{} build --no-color --output public",
        env!("CARGO_BIN_EXE_stegvis")
    );
    let res = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(site.root())
        .output()
        .expect("run script");
    let shown = String::from_utf8_lossy(&res.stdout);
    assert!(res.status.success(), "{shown}");
    assert!(
        shown.contains("lager søkeindeksen for 6"),
        "progress on the terminal: {shown}"
    );
    assert!(shown.contains("stegvis: "), "then the summary: {shown}");
}
