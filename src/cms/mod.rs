//! Editing in a form: Decap CMS on top of stegvis's own schema, served by
//! `stegvis serve` for local editing.
//!
//! Why Decap CMS (npm `decap-cms`, pinned in `vendor/package.json`) and not
//! Sveltia CMS, which reads the same configuration: Decap's local mode talks
//! to a small HTTP API (the protocol of `decap-server`, answered here by
//! [`api`]), so `stegvis serve` is the whole backend (the adviser needs no
//! Node), and the round trip runs in headless Chromium in the tests.
//! Sveltia's local mode opens the folder through the browser's File System
//! Access API, whose directory picker needs a click by a person in every
//! session and cannot be driven headless.
//!
//! The parts:
//! - [`fields`] reads the field names every front-matter struct accepts from
//!   the serde structs themselves;
//! - [`config`] writes the Decap configuration from the site (its guides,
//!   its laws) and the schema; a test holds it to [`fields`];
//! - [`api`] is the file API, with its path and write rules;
//! - this module holds the page, its Content-Security-Policy and the
//!   vendored script (the npm package's `dist/decap-cms.js`, gzip-compressed
//!   in `vendor/`, served as it is with `Content-Encoding: gzip`).
//!
//! The body of every file is edited in Decap's raw Markdown mode only:
//! stegvis's syntax (`{{ deadline }}`, `@/` links, task lists) must come
//! back unchanged, and the rich-text mode rewrites Markdown. `stegvis
//! build` writes the CMS only when asked (`--cms`, with a Git host named in
//! `cms:` in site.yaml): [`publish`].

pub mod api;
pub mod config;
pub mod fields;
pub mod publish;

use std::path::Path;

use crate::shared::diagnostics::Diagnostic;

/// Where the preview serves the CMS (under its own reserved prefix).
pub const CMS_PATH: &str = "/__stegvis/cms/";
/// The file API, relative to the site's origin.
pub const API_PATH: &str = "/__stegvis/cms/api";
/// The script, the configuration, relative to [`CMS_PATH`].
pub const SCRIPT_FILE: &str = "decap-cms.js";
/// Answered with an empty 204, so the browser's icon request finds
/// something without a `data:` source in the policy.
pub const ICON_FILE: &str = "favicon.ico";
pub const CONFIG_FILE: &str = "config.yml";

/// The Decap CMS version vendored in `vendor/decap-cms.js.gz`.
pub const DECAP_VERSION: &str = "3.16.3";

/// `decap-cms/dist/decap-cms.js` of [`DECAP_VERSION`], gzip -9 -n.
pub const SCRIPT_GZ: &[u8] = include_bytes!("vendor/decap-cms.js.gz");

/// The page that loads the CMS: no inline script or style; the
/// configuration is a file of its own.
pub const PAGE_HTML: &str = concat!(
    "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<meta name=\"robots\" content=\"noindex\">\n",
    "<link rel=\"icon\" href=\"favicon.ico\">\n",
    "<title>Rediger innholdet – stegvis</title>\n",
    "<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n",
    "</head>\n<body>\n<script src=\"decap-cms.js\"></script>\n</body>\n</html>\n"
);

/// The CMS page's Content-Security-Policy: what Decap needs and no more,
/// found by running it in Chromium with every violation reported
/// (`tests/browser/cms.mjs`). Decap validates its configuration with ajv,
/// which compiles the schema to a function (`'unsafe-eval'`: without it
/// the CMS stops before its login screen); its styles are CSS-in-JS
/// (`'unsafe-inline'` styles); the media library shows images as `blob:`
/// URLs. No fonts, frames, workers or `data:` are needed. The code-highlighting chunks and the WebAssembly image encoder of
/// the npm package are not vendored (raw Markdown has no code widget, and
/// uploads are not re-encoded), and nothing may load them.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The configuration as the preview serves it: the file API on this server.
pub fn preview_config(root: &Path) -> Result<String, Diagnostic> {
    let config = config::decap_config(root, config::Backend::proxy(API_PATH))?;
    config::to_yaml(&config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_script_is_the_pinned_version() {
        // gzip: magic bytes, no file name or time stamp (-n).
        assert_eq!(&SCRIPT_GZ[..3], &[0x1f, 0x8b, 8]);
        assert_eq!(SCRIPT_GZ[3] & 0x08, 0, "no file name in the gzip header");
        assert_eq!(&SCRIPT_GZ[4..8], &[0, 0, 0, 0], "no time stamp");
        let pinned = include_str!("vendor/package.json");
        assert!(
            pinned.contains(&format!("\"decap-cms\": \"{DECAP_VERSION}\"")),
            "{pinned}"
        );
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(SCRIPT_GZ), &mut text)
            .unwrap();
        assert!(text.len() > 4_000_000, "{}", text.len());
        assert!(text.contains("registerBackend(\"proxy\""));
    }

    #[test]
    fn the_page_has_no_inline_script_and_a_strict_policy() {
        assert!(!PAGE_HTML.contains("<script>"));
        assert!(!PAGE_HTML.contains("style="));
        for d in [
            "default-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(PAGE_CSP.contains(d), "{d}");
        }
        assert!(!PAGE_CSP.contains("wasm"));
        assert!(!PAGE_CSP.contains("https:"));
    }
}
