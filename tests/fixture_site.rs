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
