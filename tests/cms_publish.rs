//! The form in a published site (issue #23): `stegvis build --cms`.
//!
//! - without the flag the build writes no `admin/`, and is the same byte
//!   for byte whether site.yaml has `cms:` or not;
//! - with it, `admin/index.html` (the form's policy in a `<meta>` tag),
//!   `admin/config.yml` (the Git host from `cms:`), `admin/decap-cms.js`
//!   (the vendored bundle, unpacked), the rule for the folder in
//!   `_headers` after the site's and `admin/.htaccess`; nothing of it in
//!   the sitemap, the feed or the search; the site's pages unchanged;
//! - `--cms` without `cms:` is an error that says what to write, and a
//!   page in `admin/` is an error too;
//! - in Chromium (`tests/browser/cms_publish.mjs`), the built folder served
//!   with the form's policy as a header: `/admin/` shows Decap's login for
//!   GitHub, with no CSP violation and no console error (GitHub itself is
//!   not reached: nothing logs in). Skipped loudly without Chromium,
//!   required with `STEGVIS_BROWSER_TESTS=required`.

mod common;

use std::path::Path;

use common::chromium::{browser_available, run_node, serve_folder};
use common::{snapshot, stegvis, text};
use stegvis::content::config::SiteConfig;
use stegvis::output::admin::cms_policy;

const CMS: &str = "cms:\n  backend: github\n  repo: fylke/planveileder\n  branch: publisert\n  base_url: https://auth.example.no\n";

/// A copy of the bundled site, with `extra` added to its site.yaml.
fn bundled_copy(extra: &str) -> tempfile::TempDir {
    let tmp = common::bundled_site(&["content", "static", "themes"]);
    let yaml = std::fs::read_to_string(tmp.path().join("site.yaml")).expect("site.yaml");
    std::fs::write(tmp.path().join("site.yaml"), format!("{yaml}{extra}")).expect("write");
    tmp
}

fn build(site: &Path, out: &str, cms: bool) -> (bool, String) {
    let mut args = vec!["build", "--output", out];
    if cms {
        args.push("--cms");
    }
    let res = stegvis(&args, site);
    let (stdout, stderr) = text(&res);
    (res.status.success(), format!("{stdout}{stderr}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_form_is_published_only_when_asked() {
    let plain = bundled_copy("");
    let (ok, log) = build(plain.path(), "public", false);
    assert!(ok, "{log}");
    let site = bundled_copy(CMS);
    let (ok, log) = build(site.path(), "uten", false);
    assert!(ok, "{log}");
    let without = site.path().join("uten");
    assert!(!without.join("admin").exists(), "no admin/ without --cms");
    assert!(!log.contains("cms-host-headers"), "{log}");
    // `cms:` alone changes nothing in the build.
    assert!(
        snapshot(&plain.path().join("public")) == snapshot(&without),
        "the build without --cms is the same with and without cms: in site.yaml"
    );

    let (ok, log) = build(site.path(), "med", true);
    assert!(ok, "{log}");
    assert!(log.contains("warning[cms-host-headers]"), "{log}");
    assert!(log.contains("Netlify"), "{log}");
    let with = site.path().join("med");
    let admin = with.join("admin");
    let settings = SiteConfig::load(site.path()).unwrap().cms.unwrap();

    // The page: its own policy in <meta>, no inline code.
    let page = read(&admin.join("index.html"));
    assert!(
        page.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            cms_policy(&settings, false)
        )),
        "{page}"
    );
    assert!(
        page.contains("connect-src 'self' https://api.github.com;"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "{page}");
    // The configuration: the Git host from cms:, the same collections as
    // the preview's.
    let config: serde_json::Value =
        serde_yaml::from_str(&read(&admin.join("config.yml"))).expect("YAML");
    assert_eq!(
        config["backend"],
        serde_json::json!({"name": "github", "repo": "fylke/planveileder", "branch": "publisert", "base_url": "https://auth.example.no"})
    );
    let preview: serde_json::Value =
        serde_yaml::from_str(&stegvis::cms::preview_config(site.path()).unwrap()).unwrap();
    assert_eq!(config["collections"], preview["collections"]);
    // The bundle, unpacked.
    let script = std::fs::read(admin.join("decap-cms.js")).expect("script");
    assert!(script.len() > 4_000_000, "{}", script.len());
    assert!(String::from_utf8_lossy(&script[..]).contains("registerBackend(\"github\""));

    // The host files: the site's policy for everything, then the form's
    // for its folder (Cloudflare Pages: `!` detaches the first).
    let headers = read(&with.join("_headers"));
    let site_rule = headers.find("\n/*\n").expect("the site's rule");
    let form_rule = headers
        .find(&format!(
            "\n/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {}\n",
            cms_policy(&settings, true)
        ))
        .unwrap_or_else(|| panic!("the form's rule: {headers}"));
    assert!(site_rule < form_rule, "{headers}");
    assert!(read(&admin.join(".htaccess")).contains(&format!(
        "Header always set Content-Security-Policy \"{}\"",
        cms_policy(&settings, true)
    )));
    assert_eq!(
        read(&with.join(".htaccess")),
        read(&without.join(".htaccess"))
    );

    // Everything else is the build without the flag, byte for byte.
    let mut rest = snapshot(&with);
    rest.retain(|p, _| !p.starts_with("admin"));
    rest.remove(Path::new("_headers"));
    let mut before = snapshot(&without);
    before.remove(Path::new("_headers"));
    assert!(rest == before, "only admin/ and _headers differ");
    assert!(headers.starts_with(&read(&without.join("_headers"))));
    for file in ["sitemap.xml", "atom.xml"] {
        assert!(!read(&with.join(file)).contains("admin"), "{file}");
    }
}

#[test]
fn cms_without_its_settings_or_with_a_page_in_its_folder_is_an_error() {
    let site = bundled_copy("");
    let (ok, log) = build(site.path(), "public", true);
    assert!(!ok, "{log}");
    assert!(log.contains("error[cms]"), "{log}");
    assert!(log.contains("`cms:`") && log.contains("site.yaml"), "{log}");
    assert!(
        log.contains("backend: github"),
        "the hint says what to write: {log}"
    );
    assert!(!site.path().join("public").exists(), "nothing written");

    let site = bundled_copy(CMS);
    std::fs::write(
        site.path().join("content/admin.md"),
        "---\ntitle: Administrasjon\nslug: admin\n---\nTekst.\n",
    )
    .unwrap();
    let (ok, log) = build(site.path(), "public", true);
    assert!(!ok, "{log}");
    assert!(log.contains("admin/index.html"), "{log}");
    assert!(!site.path().join("public").exists(), "nothing written");
    // Without --cms the page is an ordinary page.
    let (ok, log) = build(site.path(), "public", false);
    assert!(ok, "{log}");

    // A bad value is an error at its line, before anything is built.
    let site = bundled_copy("cms:\n  backend: bitbucket\n  repo: fylke/planveileder\n");
    let line = read(&site.path().join("site.yaml")).lines().count() - 1;
    let (ok, log) = build(site.path(), "public", true);
    assert!(!ok, "{log}");
    assert!(log.contains(&format!("site.yaml:{line}")), "{log}");
    assert!(log.contains("github, gitlab, gitea"), "{log}");
}

#[test]
fn the_published_form_shows_its_login_under_its_own_policy() {
    if !browser_available() {
        return;
    }
    let site = bundled_copy(CMS);
    let (ok, log) = build(site.path(), "public", true);
    assert!(ok, "{log}");
    let settings = SiteConfig::load(site.path()).unwrap().cms.unwrap();
    // The header a host gives the folder (Cloudflare Pages, Apache): the
    // form's policy, with frame-ancestors; the page's <meta> adds its own.
    let policy: &'static str = Box::leak(cms_policy(&settings, true).into_boxed_str());
    let url = serve_folder(site.path().join("public"), "/", policy);
    run_node("cms_publish.mjs", &url, &[]);
}
