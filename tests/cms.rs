//! Editing in a form (issue #23): Decap CMS in `stegvis serve`.
//!
//! - the round trip in Chromium (`tests/browser/cms.mjs`) on a copy of the
//!   bundled site: a step's title changed and a checklist item added in the
//!   form, saved; the file then says the same in YAML apart from the title,
//!   its body is the old one plus the item, and `stegvis check` passes;
//!   the election period's name edited in the form changes that one line of
//!   site.yaml and nothing else;
//!   skipped loudly without Chromium, required with
//!   `STEGVIS_BROWSER_TESTS=required`;
//! - the file API's gate, over plain HTTP: JSON only, from this server's
//!   own origin only, and the page's headers;
//! - the vendored script equals the npm package's, byte for byte (`npm ci`
//!   of `src/cms/vendor/package.json` in a temporary folder, about 630
//!   packages); skipped loudly without npm or the registry, required with
//!   `STEGVIS_NODE_TESTS=required`.

mod common;

use std::process::Command;

use common::chromium::{browser_available, run_node};
use common::preview::{raw, PreviewServer};
use common::repo;

/// A copy of the bundled site (site.yaml, content/, static/, themes/) with
/// one image in the CMS's media folder.
fn bundled_copy() -> tempfile::TempDir {
    let tmp = common::bundled_site(&["content", "static", "themes"]);
    // A 1×1 PNG, for the media library.
    const PNG: [u8; 70] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xfc,
        0xcf, 0xc0, 0x50, 0x0f, 0x00, 0x04, 0x85, 0x01, 0x80, 0x84, 0xa9, 0x8c, 0x21, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    std::fs::create_dir_all(tmp.path().join("static/bilder")).expect("mkdir");
    std::fs::write(tmp.path().join("static/bilder/prikk.png"), PNG).expect("png");
    tmp
}

/// The form's address with its key, from the lines `serve` printed.
fn cms_url(server: &PreviewServer) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let line = server
            .log
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
            .expect("serve prints the form's address");
        if let Some(rest) = line.strip_prefix("Skjema for redigering: ") {
            return rest.split(' ').next().unwrap_or(rest).to_string();
        }
    }
}

/// The key from the form's address.
fn key_of(url: &str) -> String {
    url.split_once("?nokkel=").expect("a key").1.to_string()
}

/// Front matter as data (key order and YAML style aside) and the body.
fn split(text: &str) -> (serde_json::Value, String) {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    let meta: serde_json::Value = serde_yaml::from_str(&rest[..end]).expect("YAML");
    (meta, rest[end + 5..].to_string())
}

#[test]
fn a_step_edited_in_the_form_is_saved_checked_and_previewed() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy();
    let file = site.path().join("content/planstrategi/03-tidsplan.md");
    let before = std::fs::read_to_string(&file).expect("step");
    let site_before = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    let server = PreviewServer::start(site.path());
    let form = cms_url(&server);
    let edit = site.path().join("redigert.json");
    run_node(
        "cms.mjs",
        &format!("http://{}{}", server.addr, server.base_path),
        &[
            ("STEGVIS_SITE_ROOT", site.path()),
            ("STEGVIS_CMS_EDIT", &edit),
            // A URL, passed as the OS string it is.
            ("STEGVIS_CMS_URL", std::path::Path::new(&form)),
        ],
    );
    let edit: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&edit).expect("the script's edit")).unwrap();
    let after = std::fs::read_to_string(&file).expect("step");
    let (meta_before, body_before) = split(&before);
    let (meta_after, body_after) = split(&after);
    // The YAML means the same apart from the title: dates stay dates as
    // text, `section: "10-1"` stays the text 10-1.
    let mut expected = meta_before.clone();
    expected["title"] = edit["title"].clone();
    assert_eq!(
        meta_after, expected,
        "front matter after the save:\n{after}"
    );
    assert_eq!(meta_after["legal"][0]["section"], "10-1");
    assert_eq!(meta_after["updated"], meta_before["updated"]);
    // The body is the old one with the new item after the last one.
    let item = format!("- [ ] {}", edit["item"].as_str().unwrap());
    let last = "- [ ] Tidsplanen er lagt fram for de folkevalgte.";
    assert_eq!(
        body_after,
        body_before.replacen(last, &format!("{last}\n{item}"), 1),
        "body after the save"
    );
    // site.yaml: only the period's name line changed, comments kept.
    let site_after = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    let period = edit["period"].as_str().expect("the period was edited");
    assert_eq!(
        site_after,
        site_before.replace(
            "  name: \"2027–2031\"\n",
            &format!("  name: \"{period}\"\n")
        ),
        "site.yaml after the period was saved"
    );
    drop(server);
    let check = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["check", "--no-color"])
        .current_dir(site.path())
        .output()
        .expect("stegvis check");
    assert!(
        check.status.success(),
        "stegvis check after the form's save:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// POSTs `body` to the file API with these extra header lines.
fn post(addr: &str, headers: &str, body: &str) -> (u16, String) {
    let (status, _, bytes) = raw(
        addr,
        format!(
            "POST /__stegvis/cms/api HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .expect("POST");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[test]
fn the_file_api_answers_only_json_from_its_own_page() {
    let site = bundled_copy();
    let server = PreviewServer::start(site.path());
    let addr = server.addr.as_str();
    let key = key_of(&cms_url(&server));
    let cookie = format!("Cookie: stegvis-skjema={key}\r\n");
    let own = format!("{cookie}Origin: http://{addr}\r\n");
    let json = "Content-Type: application/json\r\n";
    let write = r#"{"action":"persistEntry","params":{"dataFiles":[{"slug":"x","path":"content/ny.md","raw":"---\ntitle: Ny\n---\n"}],"assets":[]}}"#;
    // A form or a fetch from another site: refused, nothing written.
    for (headers, status) in [
        (format!("{json}Origin: http://evil.example\r\n"), 403),
        (format!("{json}Origin: null\r\n"), 403),
        (json.to_string(), 403),
        (format!("Content-Type: text/plain\r\n{own}"), 415),
        (
            format!("Content-Type: application/x-www-form-urlencoded\r\n{own}"),
            415,
        ),
        (format!("{json}{own}Sec-Fetch-Site: cross-site\r\n"), 403),
        // Same origin but without the key (a port forwarder, a tunnel):
        // refused.
        (format!("{json}Origin: http://{addr}\r\n"), 403),
        (
            format!("{json}Origin: http://{addr}\r\nCookie: stegvis-skjema=0000\r\n"),
            403,
        ),
    ] {
        let (got, body) = post(addr, &headers, write);
        assert_eq!(got, status, "{headers}: {body}");
        assert!(body.contains("\"error\""), "{body}");
    }
    assert!(!site.path().join("content/ny.md").exists());
    // A wrong Host is refused before anything else (DNS rebinding).
    let (status, _, _) = raw(
        addr,
        format!("POST /__stegvis/cms/api HTTP/1.1\r\nHost: evil.example:{}\r\n{json}Origin: http://evil.example\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}", addr.rsplit(':').next().unwrap()).as_bytes(),
    )
    .expect("POST");
    assert_eq!(status, 403);
    // From its own page: written.
    let (status, body) = post(addr, &format!("{json}{own}"), write);
    assert_eq!(status, 200, "{body}");
    assert!(site.path().join("content/ny.md").exists());
    // GET on the API is not a read.
    let (status, _, _) = raw(
        addr,
        format!(
            "GET /__stegvis/cms/api HTTP/1.1\r\nHost: {addr}\r\n{cookie}Connection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 405);
    // Bad JSON and paths outside: a JSON error, the server lives on.
    for bad in [
        "{",
        r#"{"action":"getEntry","params":{"path":"../site.yaml"}}"#,
        r#"{"action":"getEntry","params":{"path":"content\\..\\site.yaml"}}"#,
    ] {
        let (status, body) = post(addr, &format!("{json}{own}"), bad);
        assert!((400..500).contains(&status), "{bad}: {status} {body}");
    }
    let (status, _, _) = common::preview::request(addr, "GET", "/").unwrap();
    assert_eq!(status, 200);
}

/// A body sent with `Transfer-Encoding: chunked` (tiny_http's choice for
/// big answers), joined; any other body as it is.
fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            return body.to_vec();
        };
        let Some(size) = std::str::from_utf8(&rest[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
        else {
            return body.to_vec();
        };
        if size == 0 {
            return out;
        }
        let start = eol + 2;
        out.extend_from_slice(&rest[start..start + size]);
        rest = &rest[start + size + 2..];
    }
}

#[test]
fn the_cms_page_has_its_own_policy_and_the_script_is_gzip() {
    let site = bundled_copy();
    let server = PreviewServer::start(site.path());
    let addr = server.addr.as_str();
    let form = cms_url(&server);
    let key = key_of(&form);
    let (status, head, _) = common::preview::get(addr, "/__stegvis/cms");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /__stegvis/cms/"), "{head}");
    // Without the key: not the form, but where to find its address.
    let (status, _, body) = common::preview::get(addr, "/__stegvis/cms/");
    assert_eq!(status, 403);
    assert!(body.contains("?nokkel="), "{body}");
    let (status, _, _) = common::preview::get(addr, "/__stegvis/cms/config.yml");
    assert_eq!(status, 403);
    let (status, head, body) = common::preview::get(addr, &format!("/__stegvis/cms/?nokkel={key}"));
    assert_eq!(status, 200);
    assert!(
        head.contains(&format!(
            "Set-Cookie: stegvis-skjema={key}; Path=/; HttpOnly; SameSite=Strict"
        )),
        "{head}"
    );
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains(&format!(
            "content-security-policy: {}",
            stegvis::cms::PAGE_CSP.to_ascii_lowercase()
        )),
        "{head}"
    );
    assert!(body.contains("rel=\"cms-config-url\""), "{body}");
    let (status, head, bytes) = raw(
        addr,
        format!("GET /__stegvis/cms/decap-cms.js HTTP/1.1\r\nHost: {addr}\r\nCookie: stegvis-skjema={key}\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("content-encoding: gzip"),
        "{head}"
    );
    assert_eq!(dechunk(&bytes), stegvis::cms::SCRIPT_GZ);
    let (status, _, config) = raw(
        addr,
        format!("GET /__stegvis/cms/config.yml HTTP/1.1\r\nHost: {addr}\r\nCookie: stegvis-skjema={key}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    assert_eq!(status, 200);
    let config = String::from_utf8(dechunk(&config)).unwrap();
    assert!(config.contains("proxy_url: /__stegvis/cms/api"), "{config}");
    assert!(config.contains("folder: content/planstrategi"), "{config}");
    // `stegvis cms config` prints the same.
    let out = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["cms", "config"])
        .current_dir(site.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout) == config,
        "`stegvis cms config` prints what serve serves"
    );
}

#[test]
fn the_vendored_script_is_the_npm_package_s() {
    let npm = Command::new("npm")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if npm.is_none() {
        if std::env::var("STEGVIS_NODE_TESTS").as_deref() == Ok("required") {
            panic!("STEGVIS_NODE_TESTS=required but `npm` was not found");
        }
        eprintln!("\n*** SKIPPED check of the vendored Decap CMS: `npm` was not found ***\n");
        return;
    }
    let vendor = repo().join("src/cms/vendor");
    let tmp = tempfile::tempdir().unwrap();
    for f in ["package.json", "package-lock.json"] {
        std::fs::copy(vendor.join(f), tmp.path().join(f)).unwrap();
    }
    let out = Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(tmp.path())
        .output()
        .expect("npm ci");
    if !out.status.success() {
        // Offline, or the registry unreachable: not a fault of the vendored
        // file, so a loud skip, unless the check is required.
        let why = String::from_utf8_lossy(&out.stderr);
        if std::env::var("STEGVIS_NODE_TESTS").as_deref() == Ok("required") {
            panic!("npm ci failed (STEGVIS_NODE_TESTS=required):\n{why}");
        }
        eprintln!("\n*** SKIPPED check of the vendored Decap CMS: npm ci failed ***\n{why}\n");
        return;
    }
    let dist = tmp.path().join("node_modules/decap-cms");
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dist.join("package.json")).unwrap()).unwrap();
    assert_eq!(package["version"], stegvis::cms::DECAP_VERSION);
    let published = std::fs::read(dist.join("dist/decap-cms.js")).unwrap();
    let mut vendored = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(stegvis::cms::SCRIPT_GZ),
        &mut vendored,
    )
    .unwrap();
    assert!(
        vendored == published,
        "src/cms/vendor/decap-cms.js.gz is not the package's dist/decap-cms.js ({} vs {} bytes); see src/cms/vendor/README.md",
        vendored.len(),
        published.len()
    );
    let licence = std::fs::read_to_string(dist.join("dist/decap-cms.js.LICENSE.txt")).unwrap();
    assert_eq!(
        licence,
        std::fs::read_to_string(vendor.join("decap-cms.js.LICENSE.txt")).unwrap()
    );
}
