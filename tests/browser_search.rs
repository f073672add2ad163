//! Full-text search in headless Chromium: builds a small site whose pages
//! hold chosen Norwegian word forms, serves it under a sub-path with a
//! Content-Security-Policy, and runs `tests/browser/search.mjs` (Node,
//! playwright-core, Debian's Chromium; see `tests/browser.rs`).
//!
//! Without Chromium, Node or `tests/browser/node_modules` the test prints a
//! loud `SKIPPED` line and passes, unless `STEGVIS_BROWSER_TESTS=required`,
//! when it fails.

mod common;

use common::chromium::{browser_available, run_node, serve_folder, CSP_WITH_WASM};

/// The site's sub-path: result links must keep it.
const BASE_PATH: &str = "/veileder/";

fn step(title: &str, n: usize, slug: &str, kind: &str, body: &str) -> String {
    let legal = if kind == "lovkrav" {
        "legal:\n  - law: pbl\n    section: \"10-1\"\n    requirement: Strategien skal vedtas senest ett år etter konstituering.\n    obligation: skal\n"
    } else {
        ""
    };
    format!(
        "---\ntitle: {title}\nstep: {n}\nkind: {kind}\nsummary: Kort om steg {n}.\n\
         updated: 2024-11-01\nslug: {slug}\n{legal}---\n{body}\n"
    )
}

/// The test site: each word form the script looks for is on one page only,
/// and only in the form the query does not use.
fn search_site() -> common::Site {
    let mut files: Vec<(String, String)> = vec![
        // The shared test site's guide goes; its front matter words would
        // match everywhere.
        ("content/g/_guide.md".into(), String::new()),
        ("content/g/01-start.md".into(), String::new()),
        ("content/g/02-vedtak.md".into(), String::new()),
        // A page with none of the words searched for.
        (
            "content/om.md".into(),
            "---\ntitle: Om veilederen\nsummary: Hvem står bak.\nslug: om\n---\nKontakt oss på e-post.\n".into(),
        ),
        (
            "content/strategi/_guide.md".into(),
            "---\ntitle: Strategiarbeid\nsummary: Fra oppstart til vedtak.\norder: 1\n---\nSlik går dere fram.\n".into(),
        ),
        (
            "content/strategi/01-oppstart.md".into(),
            step(
                "Sett i gang arbeidet",
                1,
                "oppstart",
                "råd",
                "Arbeidet med en planstrategi bør begynne tidlig i valgperioden.\n\n\
                 - [ ] Finn en dato for oppstartsmøtet\n",
            ),
        ),
        (
            "content/strategi/02-behandling.md".into(),
            step(
                "Politisk behandling",
                2,
                "behandling",
                "lovkrav",
                "Forslaget legges fram for kommunestyre og formannskap.\n",
            ),
        ),
        (
            "content/strategi/03-horing.md".into(),
            step(
                "Innspill fra andre",
                3,
                "horing",
                "råd",
                "Høringen varer i minst seks uker.\n",
            ),
        ),
        (
            "content/strategi/04-frister.md".into(),
            step(
                "Frister",
                4,
                "frister",
                "råd",
                "Sett opp en milepæl for hvert vedtak.\n",
            ),
        ),
        (
            "content/faste/_guide.md".into(),
            "---\ntitle: Faste gjøremål\nsummary: Det som går igjen.\norder: 2\n---\nOversikt.\n"
                .into(),
        ),
    ];
    for n in 1..=14 {
        files.push((
            format!("content/faste/{n:02}-del.md"),
            step(
                &format!("Del {n}"),
                n,
                &format!("del-{n}"),
                "råd",
                &format!("Her står det rutiner for del {n}."),
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::Site::with(&refs)
}

/// "planstrategien" finds "planstrategi", "kommunestyret" finds
/// "kommunestyre", "høring" finds "Høringen"; title and marked snippet;
/// keyboard use; no-JS fallback; axe-core; bytes of the first query.
#[test]
fn search_finds_norwegian_word_forms_in_chromium() {
    if !browser_available() {
        return;
    }
    let site = search_site();
    // Serving starts first: the build needs the address for its base URL.
    let base_url = serve_folder(site.out(), BASE_PATH, CSP_WITH_WASM);
    let res = common::stegvis(
        &[
            "build",
            "--no-color",
            "--output",
            "public",
            "--base-url",
            &base_url,
        ],
        site.root(),
    );
    assert!(res.status.success(), "{}", common::text(&res).1);
    run_node("search.mjs", &base_url, &[]);
}

/// The same queries against `stegvis serve`, whose index is built from the
/// site in memory when the search page first asks for it.
#[test]
fn search_works_in_the_preview_server() {
    if !browser_available() {
        return;
    }
    let site = search_site();
    let srv = common::preview::PreviewServer::start(site.root());
    // Served under the site's sub-path, as published.
    run_node(
        "search.mjs",
        &format!("http://{}{}", srv.addr, srv.base_path),
        &[],
    );
}

/// A site big enough for the preview server to split its index into
/// shards: words in either shard are found through the merged index, and a
/// word saved into a step is found once the page reloads.
#[test]
fn search_over_shards_in_the_preview_follows_a_save() {
    if !browser_available() {
        return;
    }
    let mut files = common::many_steps(&["alfa", "beta"], 210);
    let say = |files: &mut Vec<(String, String)>, path: &str, words: &str| {
        let file = files.iter_mut().find(|(p, _)| p == path).unwrap();
        file.1.push_str(words);
    };
    say(&mut files, "content/alfa/0005.md", "Blåbærsyltetøy.\n");
    say(&mut files, "content/beta/0007.md", "Tyttebærsaft.\n");
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = common::Site::with(&refs);
    let srv = common::preview::PreviewServer::start(site.root());
    let base = format!("http://{}{}", srv.addr, srv.base_path);
    let expect = |pairs: &str| {
        // The hits carry the site's sub-path (`/veileder/`).
        let pairs = pairs.replace("=/", &format!("={}", srv.base_path));
        [("STEGVIS_SEARCH_EXPECT", std::path::PathBuf::from(pairs))]
    };
    let env = expect("blåbærsyltetøy=/alfa/s-5/,tyttebærsaft=/beta/s-7/");
    run_node(
        "search_shards.mjs",
        &base,
        &[(env[0].0, env[0].1.as_path())],
    );

    let events = common::preview::subscribe(&srv.addr);
    let step = files
        .iter()
        .find(|(p, _)| p == "content/beta/0100.md")
        .unwrap();
    site.write(&step.0, format!("{}Multebærsaft.\n", step.1));
    assert_eq!(common::preview::wait_event(&events), "ok");
    let started = std::time::Instant::now();
    let env = expect("multebærsaft=/beta/s-100/,tyttebærsaft=/beta/s-7/");
    run_node(
        "search_shards.mjs",
        &base,
        &[(env[0].0, env[0].1.as_path())],
    );
    eprintln!("after the save, found in {:?}", started.elapsed());
}
