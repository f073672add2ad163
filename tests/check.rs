//! `stegvis check`: one fixture per finding, asserting the JSON a CI
//! pipeline reads, plus exit statuses and the opt-in external link check.

mod common;
use common::*;

use serde_json::Value;

fn check_json(site: &Site, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json", "--today", "2024-12-01"];
    args.extend_from_slice(extra);
    let out = stegvis(&args, site.root());
    let (stdout, stderr) = text(&out);
    let json: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (out.status.code().unwrap(), json)
}

/// The one finding with `code`, checked for file and line.
fn finding(json: &Value, code: &str) -> Value {
    let all = json["findings"].as_array().unwrap();
    let found: Vec<&Value> = all.iter().filter(|f| f["code"] == code).collect();
    assert_eq!(found.len(), 1, "one `{code}` in {json:#}");
    found[0].clone()
}

#[test]
fn clean_site_exits_0_with_no_findings() {
    let site = Site::new();
    let (code, json) = check_json(&site, &[]);
    assert_eq!(json["errors"], 0, "{json:#}");
    assert_eq!(json["warnings"], 0, "{json:#}");
    assert_eq!(code, 0);
    // Nothing was written.
    assert!(!site.out().exists());
}

#[test]
fn json_shape_for_a_build_error() {
    let site = Site::with(&[(
        "content/g/02-vedtak.md",
        &STEP_2.replace("law: pbl", "law: plb"),
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "unknown-law");
    assert_eq!(f["file"], "content/g/02-vedtak.md");
    assert_eq!(f["line"], 8);
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().contains("plb"));
    assert!(f["hint"].as_str().unwrap().contains("pbl"));
    assert!(f.get("column").is_some());
}

#[test]
fn malformed_section() {
    let site = Site::with(&[(
        "content/g/02-vedtak.md",
        &STEP_2.replace("\"10-1\"", "\"10.1\""),
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "invalid-section");
    assert_eq!(f["line"], 9);
}

#[test]
fn broken_markdown_link_and_anchor() {
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om\nlang: nb\n---\n[a](@/g/09-borte.md)\n\n[b](@/g/01-start.md#finnes-ikke)\n",
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "broken-link");
    assert_eq!(
        (
            f["file"].as_str().unwrap(),
            f["line"].as_u64().unwrap(),
            f["column"].as_u64().unwrap()
        ),
        ("content/om.md", 5, 1)
    );
    let f = finding(&json, "broken-anchor");
    assert_eq!(f["line"], 7);
}

#[test]
fn broken_plain_internal_link_is_found_in_the_output() {
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om\nlang: nb\n---\nTekst.\n\nSe [siden](/veileder/g/finnes-ikke/) og [anker](/veileder/g/sett-i-gang/#mangler).\n",
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1, "{json:#}");
    let f = finding(&json, "broken-link");
    assert_eq!(f["file"], "content/om.md");
    assert_eq!(f["line"], 7);
    let f = finding(&json, "broken-anchor");
    assert!(f["message"].as_str().unwrap().contains("#mangler"));
}

#[test]
fn broken_link_in_a_template() {
    let site = Site::with(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ site.base }}borte/\">x</a>{% endblock content %}",
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "broken-link");
    assert!(
        f["message"].as_str().unwrap().contains("/veileder/borte/"),
        "{f}"
    );
}

#[test]
fn image_without_alt_text() {
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om\nlang: nb\n---\n![](kart.png)\n",
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "image-without-alt");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(5), Some(1))
    );
}

#[test]
fn empty_checklist_item() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        &STEP_1.replace("- [ ] Lag en plan", "- [ ] Lag en plan\n- [ ]"),
    )]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "empty-checklist-item");
    assert_eq!(f["line"], 11);
}

#[test]
fn image_missing_from_static() {
    let site = Site::with(&[
        (
            "content/om.md",
            "---\ntitle: Om\nlang: nb\n---\n![Kart](kart.png)\n\n![Logo](logo.svg)\n",
        ),
        ("static/kart.png", "png"),
    ]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    let f = finding(&json, "missing-image");
    assert_eq!(f["line"], 7);
    assert!(f["message"].as_str().unwrap().contains("logo.svg"));
    // Found images get an address under the base path, from any page.
    let (code, _) = check_json(
        &Site::with(&[
            (
                "content/g/01-start.md",
                &STEP_1.replace("## Første del", "![Kart](kart.png)\n\n## Første del"),
            ),
            ("static/kart.png", "png"),
        ]),
        &[],
    );
    assert_eq!(code, 0);
}

#[test]
fn page_without_a_language_is_a_warning() {
    let site = Site::with(&[("site.yaml", &SITE_YAML.replace("language: nb\n", ""))]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "warnings only: {json:#}");
    let langs: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "no-language")
        .collect();
    // The guide, both steps and the page declare nothing.
    assert_eq!(langs.len(), 4, "{json:#}");
    assert!(langs.iter().all(|f| f["severity"] == "warning"));
    // Declaring the guide's language covers its steps.
    site.write(
        "content/g/_guide.md",
        GUIDE.replace("order: 1", "order: 1\nlang: nn"),
    );
    let (_, json) = check_json(&site, &[]);
    let langs = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "no-language")
        .count();
    assert_eq!(langs, 1);
}

#[test]
fn steps_not_reviewed_for_long_warn() {
    let site = Site::with(&[
        ("site.yaml", &format!("{SITE_YAML}review_after_days: 20\n")),
        (
            "content/g/02-vedtak.md",
            &STEP_2.replace(
                "updated: 2024-11-01",
                "updated: 2024-11-01\nreviewed: 2024-11-30",
            ),
        ),
    ]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0);
    let f = finding(&json, "stale-step");
    assert_eq!(f["file"], "content/g/01-start.md");
    assert_eq!(f["line"], 6);
    assert_eq!(f["severity"], "warning");
    assert!(f["message"].as_str().unwrap().contains("2024-11-01"));
}

#[test]
fn text_format_and_usage_exit_codes() {
    let site = Site::with(&[
        (
            "content/om.md",
            "---\ntitle: Om\nlang: nb\n---\n![](x.png)\n",
        ),
        ("static/x.png", "png"),
    ]);
    let out = stegvis(&["check", "--today", "2024-12-01"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = text(&out);
    assert!(stdout.contains("1 feil, 0 advarsler"), "{stdout}");
    assert!(stderr.contains("content/om.md:5:1"), "{stderr}");
    let out = stegvis(&["check", "--format", "yaml"], site.root());
    assert_eq!(out.status.code(), Some(2));
    let out = stegvis(&["check", "--today", "i går"], site.root());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn external_links_only_when_asked() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 1024];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let status = if req.contains("/finnes ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = s.write_all(
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    let body = format!("---\ntitle: Om\nlang: nb\n---\n[god](http://127.0.0.1:{port}/finnes) og\n[død](http://127.0.0.1:{port}/borte)\n");
    let site = Site::with(&[("content/om.md", &body)]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "no network by default: {json:#}");
    let (code, json) = check_json(&site, &["--external"]);
    assert_eq!(code, 1);
    // Only loopback is reachable here (Lovdata links fail too and are
    // reported the same way); look at the two local links.
    let local: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "broken-external-link")
        .filter(|f| f["message"].as_str().unwrap().contains("127.0.0.1"))
        .collect();
    assert_eq!(local.len(), 1, "{json:#}");
    let f = local[0];
    assert!(f["message"].as_str().unwrap().contains("/borte svarte 404"));
    assert_eq!(f["file"], "content/om.md");
    assert_eq!(f["line"], 6);
}

#[test]
fn a_site_that_cannot_render_still_gets_the_model_checks() {
    // A template error stops the pages, but the model was built: the
    // review-age check runs on it, in the same pass.
    let site = Site::with(&[
        ("site.yaml", &format!("{SITE_YAML}review_after_days: 20\n")),
        ("templates/page.html", "{% block content %}{{ nope("),
    ]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1, "{json:#}");
    let all = json["findings"].as_array().unwrap();
    assert!(
        all.iter()
            .any(|f| f["code"] == "template" && f["file"] == "templates/page.html"),
        "{json:#}"
    );
    let stale: Vec<&Value> = all.iter().filter(|f| f["code"] == "stale-step").collect();
    assert_eq!(
        stale.len(),
        2,
        "both steps are older than 20 days: {json:#}"
    );
    assert_eq!(stale[0]["file"], "content/g/01-start.md");
}

#[test]
fn a_broken_template_does_not_make_images_look_missing() {
    // The theme's templates fail, but its static files are still known:
    // the editor sees the template error alone.
    let site = Site::with(&[
        (
            "content/om.md",
            "---\ntitle: Om\nlang: nb\n---\n![Kart](kart.png)\n",
        ),
        ("static/kart.png", "png"),
        ("templates/page.html", "{% block content %}{{ nope("),
    ]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1, "{json:#}");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["template"], "{json:#}");
}

/// Issue 25, bug 5: a link to a static file with æøå or a space in its name
/// is percent-encoded, the file name is not; `check` compared the two and
/// reported a broken link (which blocked the publishing workflow). A link
/// that really leads nowhere is still found.
#[test]
fn links_to_static_files_with_norwegian_letters_and_spaces() {
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om\nlang: nb\n---\nTekst.\n\nSe [referatet](/veileder/m%C3%B8te%20referat.pdf), [planen](/veileder/vedlegg/plan%202027–2031.pdf) og [denne](/veileder/m%C3%B8te%20mangler.pdf).\n",
    )]);
    site.write("static/møte referat.pdf", "pdf");
    site.write("static/vedlegg/plan 2027–2031.pdf", "pdf");
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1, "{json:#}");
    let f = finding(&json, "broken-link");
    assert!(f["message"].as_str().unwrap().contains("mangler"), "{f:#}");
}

/// Issue 25's papercut: change logs ran oldest first in the bundled
/// content while the editors' guide asks for the newest first; `check`
/// says so, at the `changes:` line.
#[test]
fn change_logs_newest_first() {
    let step = "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nsummary: Start.\nupdated: 2024-11-01\nchanges:\n  - date: 2024-10-01\n    note: Først.\n  - date: 2024-11-01\n    note: Så.\n---\n## Første del\n\n- [ ] Lag en plan\n";
    let site = Site::with(&[("content/g/01-start.md", step)]);
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "a warning, not an error: {json:#}");
    let f = finding(&json, "changes-order");
    assert_eq!(f["line"], 7);
    // The bundled content keeps the order.
    let out = stegvis(&["check", "--format", "json"], &repo());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = json["findings"].as_array().unwrap();
    assert!(
        !all.iter().any(|f| f["code"] == "changes-order"),
        "{json:#}"
    );
}
