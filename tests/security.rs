//! Safe by default (issue #12), through the real binary: raw HTML outside
//! the policy and script addresses are errors at file:line, `trust_html`
//! opts out, links in every form resolve or are reported (build and
//! `stegvis check`, text and JSON), every page carries the
//! Content-Security-Policy and the build writes header files, and
//! pathological nesting stops with an error. The preview server's Host
//! check is in tests/serve.rs, the browser run with zero CSP violations in
//! tests/browser.rs.

mod common;
use common::*;

use serde_json::Value;

fn check_json(site: &Site) -> (i32, Value) {
    let out = stegvis(
        &["check", "--format", "json", "--today", "2024-12-01"],
        site.root(),
    );
    let (stdout, stderr) = text(&out);
    let json: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (out.status.code().unwrap(), json)
}

/// (code, file, line) of every finding.
fn findings(json: &Value) -> Vec<(String, String, u64)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// Step 1's front matter and its heading (step 2 links to it); the text
/// after it starts on line 10.
const STEP_HEAD: &str = "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nsummary: Start arbeidet.\nupdated: 2024-11-01\n---\n## Første del\n\n";

#[test]
fn raw_html_outside_the_policy_fails_the_build_at_file_and_line() {
    let body = "Tekst med <abbr title=\"plan- og bygningsloven\">pbl</abbr> og x<sup>2</sup>.\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\" alt=\"bilde\">\n\n[klikk](javascript:alert(1))\n\n<iframe src=\"https://example.org/\"></iframe>\n";
    let site = Site::with(&[("content/g/01-start.md", &format!("{STEP_HEAD}{body}"))]);
    let out = site.build();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    for (line, what) in [
        (12, "`<script>`"),
        (14, "`onerror`"),
        (16, "`javascript:`"),
        (18, "`<iframe>`"),
    ] {
        assert!(
            stderr.contains(&format!("content/g/01-start.md:{line}:")),
            "{line} {what}: {stderr}"
        );
        assert!(stderr.contains(what), "{what}: {stderr}");
    }
    assert!(stderr.contains("tips:"), "{stderr}");
    assert!(!site.out().exists(), "nothing is published");

    let (code, json) = check_json(&site);
    assert_eq!(code, 1);
    let lines: Vec<(String, u64)> = findings(&json)
        .into_iter()
        .map(|(c, f, l)| {
            assert_eq!(f, "content/g/01-start.md");
            (c, l)
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("unsafe-html".to_string(), 12),
            ("unsafe-html".to_string(), 14),
            ("unsafe-url".to_string(), 16),
            ("unsafe-html".to_string(), 18),
        ]
    );
}

#[test]
fn allowed_html_builds_and_keeps_its_markup() {
    let body = "<details>\n<summary>Mer om fristen</summary>\n\nFristen i § 10-1 er **absolutt**.\n\n</details>\n\n| Frist | Dager |\n|:--|--:|\n| Høring | 30 |\n\nLinje<br>to, <abbr title=\"kommunestyret\">KS</abbr>, H<sub>2</sub>O og <span id=\"merke\">merke</span>.\n";
    let site = Site::with(&[("content/g/01-start.md", &format!("{STEP_HEAD}{body}"))]);
    let out = site.build();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let html =
        std::fs::read_to_string(site.out().join("g/sett-i-gang/index.html")).expect("step page");
    for kept in [
        "<details>",
        "<summary>Mer om fristen</summary>",
        "<strong>absolutt</strong>",
        "class=\"lovhenvisning\"",
        "</details>",
        "<th class=\"align-left\">Frist</th>",
        "<td class=\"align-right\">30</td>",
        "<br>",
        "<abbr title=\"kommunestyret\">KS</abbr>",
        "<sub>2</sub>",
        "<span id=\"merke\">merke</span>",
    ] {
        assert!(html.contains(kept), "{kept}: {html}");
    }
}

#[test]
fn trust_html_lets_raw_html_through_unchanged() {
    let body = "<div class=\"kart\" data-lag=\"3\" style=\"height:20rem\"></div>\n\n<script src=\"kart.js\"></script>\n";
    let site = Site::with(&[
        ("content/g/01-start.md", &format!("{STEP_HEAD}{body}")),
        ("site.yaml", &format!("{SITE_YAML}trust_html: true\n")),
    ]);
    let out = site.build();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let html =
        std::fs::read_to_string(site.out().join("g/sett-i-gang/index.html")).expect("step page");
    assert!(
        html.contains("<div class=\"kart\" data-lag=\"3\" style=\"height:20rem\"></div>"),
        "{html}"
    );
    assert!(html.contains("<script src=\"kart.js\"></script>"), "{html}");
}

#[test]
fn links_relative_to_the_file_resolve_at_build_time() {
    let site = Site::with(&[
        (
            "content/g/01-start.md",
            &format!("{STEP_HEAD}Se [vedtaket](02-vedtak.md), [samme](./02-vedtak.md#seksjon) og [om oss](../om.md).\n\n![Kart over kommunen](./kart.png)\n"),
        ),
        ("content/om.md", &PAGE.replace("Tekst.", "Les [veilederen](g/_guide.md).")),
        ("static/g/kart.png", "png"),
        (
            "content/g/02-vedtak.md",
            &STEP_2.replace("Se [første del]", "## Seksjon\n\nSe [første del]"),
        ),
    ]);
    let out = site.build();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let doc = site.html("g/sett-i-gang/index.html");
    let hrefs = attrs(&doc, ".prose a:not(.lovhenvisning)", "href");
    assert_eq!(
        hrefs,
        [
            "/veileder/g/vedta-strategien/",
            "/veileder/g/vedta-strategien/#seksjon",
            "/veileder/om-veilederen/",
        ],
        "{hrefs:?}"
    );
    assert_eq!(attrs(&doc, ".prose img", "src"), ["/veileder/g/kart.png"]);
    let om = site.html("om-veilederen/index.html");
    assert_eq!(attrs(&om, ".prose a", "href"), ["/veileder/g/"]);
    let (code, json) = check_json(&site);
    assert_eq!((code, findings(&json)), (0, vec![]), "{json:#}");
}

#[test]
fn broken_links_in_every_form_are_errors_at_file_and_line() {
    // Written relative to the file: the build refuses them.
    let site = Site::with(&[(
        "content/g/01-start.md",
        &format!("{STEP_HEAD}Se [vedtaket](03-vedtak.md)\nog [feil overskrift](02-vedtak.md#finnes-ikke).\n\n[ut av content](../../x.md)\n"),
    )]);
    let out = site.build();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/g/01-start.md:10:"), "{stderr}");
    assert!(stderr.contains("mente du `02-vedtak.md`?"), "{stderr}");
    let (code, json) = check_json(&site);
    assert_eq!(code, 1);
    let found = findings(&json);
    let file = "content/g/01-start.md".to_string();
    assert_eq!(
        found,
        [
            ("broken-link".to_string(), file.clone(), 10),
            ("broken-anchor".to_string(), file.clone(), 11),
            ("broken-link".to_string(), file.clone(), 13),
        ],
        "{json:#}"
    );

    // Written as addresses relative to the page: `stegvis check` follows
    // them in the finished pages, like root-relative ones.
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om veilederen\nsummary: Hvem står bak.\n---\nTil [forsiden](../) og [veilederen](../g/).\n\n[Neste](../finnes-ikke/)\n\n[Side](finnes-ikke-side)\n\n[Steg](../g/sett-i-gang/#forste-del) og [borte](../g/sett-i-gang/#borte)\n",
    )]);
    assert!(site.build().status.success(), "builds: checked by check");
    let (code, json) = check_json(&site);
    assert_eq!(code, 1, "{json:#}");
    let file = "content/om.md".to_string();
    assert_eq!(
        findings(&json),
        [
            ("broken-link".to_string(), file.clone(), 7),
            ("broken-link".to_string(), file.clone(), 9),
            ("broken-anchor".to_string(), file.clone(), 11),
        ],
        "{json:#}"
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("`../finnes-ikke/` (til /veileder/finnes-ikke/)"),
        "{messages:?}"
    );
    // The text report names file and line too.
    let out = stegvis(&["check", "--today", "2024-12-01"], site.root());
    let (stdout, stderr) = text(&out);
    let all = format!("{stdout}{stderr}");
    assert!(all.contains("content/om.md:9"), "{all}");
}

#[test]
fn every_page_carries_the_policy_and_header_files_are_written() {
    let site = Site::with(&[(
        "site.yaml",
        &format!("{SITE_YAML}csp:\n  img-src: [\"https://kart.example.no\"]\n"),
    )]);
    let out = site.build();
    assert!(out.status.success(), "{:?}", text(&out));
    let mut pages = 0;
    for entry in walkdir(&site.out()) {
        if entry.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let doc = Html::parse_document(&std::fs::read_to_string(&entry).unwrap());
            let csp = attrs(
                &doc,
                "head meta[http-equiv=\"Content-Security-Policy\"]",
                "content",
            );
            assert_eq!(csp.len(), 1, "{}", entry.display());
            let p = &csp[0];
            for part in [
                "default-src 'self'",
                "script-src 'self' 'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "img-src 'self' https://kart.example.no",
            ] {
                assert!(p.contains(part), "{part}: {p}");
            }
            assert!(!p.contains("frame-ancestors"), "ignored in <meta>: {p}");
        }
    }
    // Front page, guide, steps, checklist, timeline, page, what's new,
    // search and 404.
    assert!(pages >= 9, "{pages}");
    let headers = std::fs::read_to_string(site.out().join("_headers")).unwrap();
    assert!(headers.contains("\n/*\n  Content-Security-Policy: default-src 'self';"));
    assert!(headers.contains("img-src 'self' https://kart.example.no;"));
    assert!(headers.contains("frame-ancestors 'self'"));
    let htaccess = std::fs::read_to_string(site.out().join(".htaccess")).unwrap();
    assert!(htaccess.contains("Header always set Content-Security-Policy \"default-src 'self';"));
    assert!(htaccess.contains("X-Content-Type-Options \"nosniff\""));
}

#[test]
fn a_bad_csp_entry_is_an_error_in_site_yaml() {
    let site = Site::with(&[(
        "site.yaml",
        &format!("{SITE_YAML}csp:\n  img-scr: [\"https://kart.example.no\"]\n  script-src: [\"unsafe-inline'\"]\n"),
    )]);
    let out = site.build();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("site.yaml:16:"), "{stderr}");
    assert!(stderr.contains("mente du `img-src`?"), "{stderr}");
    assert!(stderr.contains("site.yaml:17:"), "{stderr}");
}

fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Issue 25, bug 6: a site's own `static/.htaccess` was dropped (a name
/// starting with `.` was taken for an editor's temporary file) and replaced
/// by the generated one, so its redirects and access rules vanished. The
/// site's rules are kept with the security headers after them, in
/// `.htaccess` and `_headers` alike; a file with its own policy is kept as
/// it is, with a warning; other dot-files are skipped with a warning that
/// names them.
#[test]
fn a_sites_own_htaccess_and_headers_are_kept_and_merged() {
    let site = Site::new();
    site.write(
        "static/.htaccess",
        "Redirect 301 /gammel /veileder/\nRequire all granted",
    );
    site.write("static/_headers", "/pdf/*\n  Cache-Control: max-age=3600\n");
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:sikkerhet@example.no\n",
    );
    site.write("static/.hemmelig", "x");
    site.write("static/.git/config", "[core]");
    site.write("static/.DS_Store", "x");
    let out = site.build();
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let htaccess = std::fs::read_to_string(site.out().join(".htaccess")).unwrap();
    assert!(
        htaccess.starts_with("Redirect 301 /gammel /veileder/\nRequire all granted\n"),
        "{htaccess}"
    );
    assert!(
        htaccess.contains("Header always set Content-Security-Policy"),
        "{htaccess}"
    );
    let headers = std::fs::read_to_string(site.out().join("_headers")).unwrap();
    assert!(
        headers.starts_with("/pdf/*\n  Cache-Control: max-age=3600\n"),
        "{headers}"
    );
    assert!(
        headers.contains("\n/*\n  Content-Security-Policy: default-src 'self';"),
        "{headers}"
    );
    assert!(site.out().join(".well-known/security.txt").exists());
    for skipped in [".hemmelig", ".git/config", ".DS_Store"] {
        assert!(!site.out().join(skipped).exists(), "{skipped} was copied");
    }
    assert!(
        stderr.contains("`.hemmelig` begynner med punktum"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(".DS_Store") && !stderr.contains("`.git`"),
        "{stderr}"
    );

    // A file with its own policy: kept as it is, and a warning.
    site.write(
        "static/.htaccess",
        "Header set Content-Security-Policy \"default-src 'self'\"\n",
    );
    let out = site.build();
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let htaccess = std::fs::read_to_string(site.out().join(".htaccess")).unwrap();
    assert_eq!(
        htaccess,
        "Header set Content-Security-Policy \"default-src 'self'\"\n"
    );
    assert!(stderr.contains("own-host-headers"), "{stderr}");
}
