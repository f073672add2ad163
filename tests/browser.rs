//! Browser tests of the default theme: the bundled site is built with the
//! real binary, served over HTTP on 127.0.0.1 (a small static file server in
//! this file, with a strict Content-Security-Policy) and driven in Debian's
//! headless Chromium by the Node scripts in `tests/browser/` (playwright-core
//! and axe-core from npm; no browser is ever downloaded).
//!
//! Without Chromium, Node or `tests/browser/node_modules` the tests print a
//! loud `SKIPPED` line and pass, unless `STEGVIS_BROWSER_TESTS=required`
//! (set by `.ci/run`), when they fail.
//!
//! Screenshots (320 px and 1280 px) and print PDFs of every page type are
//! written to `target/screenshots/`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;

use common::chromium::{browser_available, run_node, serve_folder, CSP};
use common::repo;

/// The bundled site, built once and served for all tests in this file.
fn site_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
        let status = Command::new(env!("CARGO_BIN_EXE_stegvis"))
            .arg("--root")
            .arg(repo())
            .arg("--no-color")
            .arg("build")
            // The editors' guide (unlisted) gets its accessibility checks too.
            .arg("--unlisted")
            .arg("--output")
            .arg(&out)
            .status()
            .expect("run stegvis");
        assert!(status.success(), "stegvis build failed: {status}");
        serve_folder(out, "/", CSP)
    })
}

/// The same built site served with no Content-Security-Policy header, so
/// the pages' own `<meta>` policy is the only one.
fn site_url_without_csp_header() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let _ = site_url();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
        serve_folder(out, "/", "")
    })
}

/// Runs `node tests/browser/<script> <url>` against the built site.
fn run_script(script: &str) {
    if !browser_available() {
        return;
    }
    run_node(script, site_url(), &[]);
}

/// Ticks survive a reload, step page and checklist page share them, the
/// overview shows "Pågår 1 av N", reset clears them; nynorsk texts.
#[test]
fn checklists_remember_ticks() {
    run_script("checklist.mjs");
}

/// A typed constitution date recomputes every date on the timeline page and
/// the calendar file made in the browser.
#[test]
fn timeline_recomputes_dates() {
    run_script("timeline.mjs");
}

/// A yearly guide (handlingsdel og økonomiplan): ticks and typed dates are
/// kept per budget year, the dates follow the year picked, a share link
/// carries the year and the county; the county picked once names its
/// statsforvalter and fylkeskommune in every footer; axe on those states.
#[test]
fn yearly_guides_and_help_by_county() {
    run_script("yearly.mjs");
}

/// The shared vectors in tests/vectors/ (dates, iCalendar, slugs) give the
/// same results in stegvis.js as in the Rust unit tests, and the calendar
/// the browser makes for site.yaml's own dates is the built kalender.ics.
#[test]
fn shared_vectors_agree_with_the_browser() {
    run_script("vectors.mjs");
}

/// The municipality's project plan: a share link opened in a fresh profile
/// previews and then replaces or merges; tampered and cut-off links are
/// refused; JSON export and import round-trip; the CSV parses with
/// Python's csv module; the status report's PDF lists every step; delete
/// empties storage.
#[test]
fn project_plan_is_shared_exported_and_printed() {
    run_script("plan.mjs");
}

/// axe-core (WCAG 2.1 A and AA) on every page of the bundled site, plus skip
/// link, focus, landmarks, headings, 320 px reflow, reduced motion, CSP.
#[test]
fn every_page_is_accessible() {
    run_script("a11y.mjs");
}

/// The site's own policy (the `<meta>` tag, with no header) holds on every
/// page while a checklist is ticked, a timeline computed and a search run:
/// zero `securitypolicyviolation` events, no console errors.
#[test]
fn content_security_policy_holds_in_use() {
    if !browser_available() {
        return;
    }
    run_node("csp.mjs", site_url_without_csp_header(), &[]);
}

/// Print style: no navigation chrome, link targets after links, PDFs.
#[test]
fn pages_print_cleanly() {
    run_script("print.mjs");
}

/// Screenshots of each page type at 320 px and 1280 px.
#[test]
fn screenshots_of_every_page_type() {
    run_script("screenshots.mjs");
}

/// `stegvis serve` in a real browser: the open page shows an edited step's
/// new text without any manual reload, keeps its scroll position, shows the
/// error overlay when a save breaks the build and drops it after the fix.
#[test]
fn live_reload_in_the_browser() {
    if !browser_available() {
        return;
    }
    // A copy of the bundled guide to edit.
    let tmp = bundled_copy();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["serve", "--port", "0", "--no-color"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start stegvis serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("Forhåndsvisning: ") {
                    break url.to_string();
                }
            }
            _ => {
                let _ = child.kill();
                panic!("stegvis serve did not print its address");
            }
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    thread::spawn(move || for _ in lines {});
    let result = std::panic::catch_unwind(|| {
        run_node(
            "livereload.mjs",
            &base,
            &[("STEGVIS_SITE_ROOT", tmp.path())],
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// «Formkrav før og etter vedtak»: ticked on the checklist page, on the step and in
/// the status report, shared by link into a fresh profile.
#[test]
fn formal_requirements_are_ticked_and_shared() {
    run_script("formkrav.mjs");
}

/// A copy of the bundled site (site.yaml, content/, static/) in a new
/// temporary folder.
fn bundled_copy() -> tempfile::TempDir {
    common::bundled_site(&["content", "static"])
}

/// Issue 25, bug 3: renaming a step file (renumbering is what the editors'
/// guide invites) kept its page but lost every reader's ticks, since the
/// ids hashed the file's path. Ticked, renamed, rebuilt: still ticked, on
/// the step, checklist and status pages; ticks stored under the ids of
/// before move to the new ones, and share links of before still open.
#[test]
fn ticks_survive_a_renamed_step_file() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let out = site.path().join("public");
    let build = || {
        let status = Command::new(env!("CARGO_BIN_EXE_stegvis"))
            .args(["--no-color", "build", "--output"])
            .arg(&out)
            .current_dir(site.path())
            .status()
            .expect("run stegvis");
        assert!(status.success(), "stegvis build failed: {status}");
    };
    build();
    let base = serve_folder(out.clone(), "/", CSP);
    let bin = Path::new(env!("CARGO_BIN_EXE_stegvis"));
    run_node(
        "rename.mjs",
        &base,
        &[("STEGVIS_SITE_ROOT", site.path()), ("STEGVIS_BIN", bin)],
    );
}

/// Issue 25, bug 7: under a base path with non-ASCII letters, «Slett det
/// som er lagret» left the checklist ticks (their keys decoded, the prefix
/// it compared encoded).
#[test]
fn deleting_everything_works_under_a_non_ascii_base_path() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let out = site.path().join("public");
    let base = serve_folder(out.clone(), "/planlegging-i-sør/", CSP);
    let status = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["--no-color", "build", "--base-url", &base, "--output"])
        .arg(&out)
        .current_dir(site.path())
        .status()
        .expect("run stegvis");
    assert!(status.success(), "stegvis build failed: {status}");
    run_node("storage_base.mjs", &base, &[]);
}
