//! Unit tests of the default theme's browser modules
//! (`themes/default/static/js/`) in Node's built-in test runner:
//! `node --test tests/js/*.test.mjs`. They read the same `tests/vectors/`
//! files as the Rust unit tests, and check the modules' import graph (no
//! cycle; each page template preloads what its entry imports). What needs a
//! page stays in the Chromium tests (`tests/browser.rs`).
//!
//! Without `node` the test prints a loud `SKIPPED` line and passes, unless
//! `STEGVIS_NODE_TESTS=required` (set by `.ci/run`), when it fails.

mod common;

use std::process::Command;

use common::repo;

#[test]
fn browser_modules_pass_their_node_unit_tests() {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(version) = version else {
        if std::env::var("STEGVIS_NODE_TESTS").as_deref() == Ok("required") {
            panic!("the Node unit tests are required (STEGVIS_NODE_TESTS=required) but `node` was not found");
        }
        eprintln!(
            "\n*** SKIPPED Node unit tests of the browser modules: `node` was not found ***\n"
        );
        return;
    };
    // The files by name: `node --test <folder>` reads a folder differently
    // across Node versions (a folder before 21, a glob pattern after).
    let dir = repo().join("tests").join("js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/js")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "test files in tests/js: {files:?}");
    let out = Command::new("node")
        .arg("--test")
        .args(&files)
        .current_dir(repo())
        .output()
        .expect("run node --test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "node --test failed (node {}):\n{stdout}\n{stderr}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    // Something ran: a pass count above zero and no failures.
    let count = |key: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("# {key} ")))
            .and_then(|n| n.trim().parse::<u32>().ok())
    };
    assert!(
        count("pass").unwrap_or(0) >= 30,
        "too few passing tests:\n{stdout}"
    );
    assert_eq!(count("fail"), Some(0), "{stdout}");
}
