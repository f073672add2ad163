//! A small fixture site with its own minimal theme, whose complete output is
//! compared byte for byte with `tests/fixtures/mini-expected/`. Run with
//! `STEGVIS_BLESS=1` to accept a deliberate change (then review the diff).

mod common;
use common::*;

use std::path::Path;

#[test]
fn mini_site_output_is_exactly_as_expected() {
    let fixture = repo().join("tests/fixtures/mini");
    let expected_dir = repo().join("tests/fixtures/mini-expected");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let res = stegvis(
        &[
            "build",
            "--root",
            fixture.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(res.status.success(), "{}", text(&res).1);
    let actual = snapshot(&out);
    if std::env::var_os("STEGVIS_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for (path, bytes) in &actual {
            let p = expected_dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        return;
    }
    let expected = snapshot(&expected_dir);
    let names = |m: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        m.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(
        names(&actual),
        names(&expected),
        "the same files are written"
    );
    for (path, bytes) in &expected {
        assert_eq!(
            String::from_utf8_lossy(&actual[path]),
            String::from_utf8_lossy(bytes),
            "{} differs",
            path.display()
        );
    }
}

#[test]
fn sub_path_links_all_stay_under_the_base_path() {
    let fixture = repo().join("tests/fixtures/mini");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let res = stegvis(
        &[
            "build",
            "--root",
            fixture.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(res.status.success());
    for (path, bytes) in snapshot(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for href in attrs(&doc, "a", "href") {
            if href.starts_with("https://") {
                continue;
            }
            assert!(href.starts_with("/mini/"), "{}: {href}", path.display());
            // The link resolves to a written file.
            let rel = href.trim_start_matches("/mini/").split('#').next().unwrap();
            let file = if rel.is_empty() || rel.ends_with('/') {
                out.join(rel).join("index.html")
            } else {
                out.join(rel)
            };
            assert!(
                file.is_file(),
                "{}: {href} → {}",
                path.display(),
                file.display()
            );
        }
    }
    assert!(
        Path::new(&out.join("robots.txt")).is_file(),
        "site static/ is copied"
    );
    assert!(out.join("mini.css").is_file(), "theme static/ is copied");
}

#[test]
fn base_url_override_moves_every_link() {
    let site = Site::new();
    let res = stegvis(
        &[
            "build",
            "--output",
            "public",
            "--base-url",
            "http://127.0.0.1:9/forhandsvisning/",
        ],
        site.root(),
    );
    assert!(res.status.success(), "{}", text(&res).1);
    let doc = site.html("g/index.html");
    let hrefs = attrs(&doc, "main a", "href");
    assert!(
        hrefs.iter().all(|h| h.starts_with("/forhandsvisning/")),
        "{hrefs:?}"
    );
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["http://127.0.0.1:9/forhandsvisning/g/"]
    );
}

/// A copy of the fixture site, to take files away from its theme.
fn fixture_copy() -> tempfile::TempDir {
    let from = repo().join("tests/fixtures/mini");
    let tmp = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(&from) {
        let e = e.unwrap();
        let to = tmp.path().join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    tmp
}

/// `stegvis check --format json` of the site at `root`: exit code and the
/// `theme-fallback` findings.
fn fallbacks(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let out = stegvis(&["check", "--format", "json"], root);
    let (stdout, stderr) = text(&out);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "theme-fallback")
        .cloned()
        .collect();
    (out.status.code().unwrap(), found)
}

/// Issue 24 §3: a custom theme without `status.html` used to stop the
/// build; the status page now comes from the built-in template, with a
/// warning in `check` and `build`, and every other page is as before.
#[test]
fn a_theme_without_a_page_template_falls_back_to_the_built_in_one() {
    let site = fixture_copy();
    let root = site.path();
    std::fs::remove_file(root.join("themes/mini/templates/status.html")).unwrap();
    let (code, found) = fallbacks(root);
    assert_eq!(code, 0, "a warning, not an error: {found:#?}");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["file"], "themes/mini/templates/status.html");
    assert_eq!(
        found[0]["message"],
        "temaet `mini` mangler malen `status.html`; den innebygde malen fra standardtemaet brukes i stedet"
    );

    let res = stegvis(&["build", "--no-color", "--output", "public"], root);
    let (_, stderr) = text(&res);
    assert!(res.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning[theme-fallback]: temaet `mini` mangler malen `status.html`"),
        "{stderr}"
    );
    let actual = snapshot(&root.join("public"));
    let expected = snapshot(&repo().join("tests/fixtures/mini-expected"));
    let status = Path::new("veileder/statusrapport/index.html");
    let page = String::from_utf8_lossy(&actual[status]);
    // The built-in template, inside the theme's own base.html.
    assert!(
        page.contains("<div class=\"wrap status-report\" data-plan-guide=\"/mini/veileder/\""),
        "{page}"
    );
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"nb\"><head><title>"));
    assert_ne!(actual[status], expected[status]);
    for (path, bytes) in &expected {
        if path == status || path.starts_with("pagefind") {
            continue;
        }
        assert_eq!(
            String::from_utf8_lossy(&actual[path]),
            String::from_utf8_lossy(bytes),
            "{} differs",
            path.display()
        );
    }
}

/// A theme template made before a partial existed: its include finds the
/// built-in partial (and that partial's own includes), with a warning that
/// points at the include.
#[test]
fn a_theme_template_including_a_partial_it_lacks_gets_the_built_in_one() {
    let site = fixture_copy();
    let root = site.path();
    let base = root.join("themes/mini/templates/base.html");
    let text_before = std::fs::read_to_string(&base).unwrap();
    let with_help = text_before.replace(
        "{% endblock content %}</body>",
        "{% endblock content %}\n{% include \"help.html\" %}</body>",
    );
    assert_ne!(with_help, text_before);
    std::fs::write(&base, with_help).unwrap();
    let (code, found) = fallbacks(root);
    assert_eq!(code, 0, "{found:#?}");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["file"], "themes/mini/templates/base.html");
    assert_eq!(found[0]["line"], 3);
    assert_eq!(
        found[0]["message"],
        "temaet `mini` mangler delmalen `help.html` som `base.html` tar med; den innebygde delmalen fra standardtemaet brukes i stedet"
    );
    let res = stegvis(&["build", "--no-color", "--output", "public"], root);
    assert!(res.status.success(), "{}", text(&res).1);
    let doc = Html::parse_document(
        &std::fs::read_to_string(root.join("public/veileder/index.html")).unwrap(),
    );
    // help.html, and help_county.html which it includes, from the binary.
    assert_eq!(texts(&doc, "#sv-hjelp"), ["Hvor kan jeg få hjelp?"]);
    assert_eq!(
        texts(&doc, ".site-help__name a"),
        ["Statsforvalteren i Nord", "Nordfylket fylkeskommune"]
    );
}
