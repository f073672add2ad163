//! The form in a published site (`stegvis build --cms`): the page, the
//! configuration with the Git host from `cms:` in site.yaml, and the
//! vendored script, for [`crate::pipeline::BuildOptions::cms`] to write
//! under `admin/`. The page carries the form's own policy in a `<meta>`
//! tag ([`crate::output::admin::cms_policy`]); the build gives the host
//! header files the same policy for the folder.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::content::config::SiteConfig;
use crate::output::admin::{cms_policy, ADMIN_DIR};
use crate::output::write::OutputFile;
use crate::pipeline::CMS_MISSING_HINT;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::CONFIG_FILE;

use super::config::{decap_config, to_yaml, Backend};
use super::{CONFIG_FILE as DECAP_CONFIG, PAGE_HTML, SCRIPT_FILE, SCRIPT_GZ};

/// The form's icon, a file of its own in the folder (the preview answers
/// its icon request itself; without one, the browser asks the host for
/// `/favicon.ico`, which a site may not have, and logs the 404).
pub const ICON_FILE: &str = "favicon.svg";
const ICON_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#1f2c3d\"/><path d=\"M4 12l1-3 5-5 2 2-5 5z\" fill=\"#fff\"/></svg>\n";

/// The page: the preview's, with the policy in a `<meta>` tag and the icon
/// [`ICON_FILE`].
pub fn published_page(policy: &str) -> String {
    PAGE_HTML
        .replace(
            "<link rel=\"icon\" href=\"favicon.ico\">\n",
            &format!("<link rel=\"icon\" href=\"{ICON_FILE}\" type=\"image/svg+xml\">\n"),
        )
        .replace(
            "<meta charset=\"utf-8\">\n",
            &format!(
                "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
            ),
        )
}

/// The files of the form for the site at `root`: `admin/index.html`,
/// `admin/config.yml`, `admin/favicon.svg` and `admin/decap-cms.js`. An error when site.yaml
/// has no `cms:` (or cannot be read).
pub fn admin_files(root: &Path) -> Result<Vec<OutputFile>, Diagnostics> {
    let site = SiteConfig::load(root)?;
    let Some(cms) = &site.cms else {
        return Err(vec![Diagnostic::error(
            "cms",
            "`stegvis build --cms` trenger `cms:` i site.yaml".to_string(),
        )
        .in_file(CONFIG_FILE)
        .with_hint(CMS_MISSING_HINT)]
        .into());
    };
    let one = |d: Diagnostic| Diagnostics::from(vec![d]);
    let config = decap_config(root, Backend::git_host(cms)).map_err(one)?;
    let yaml = to_yaml(&config).map_err(one)?;
    let mut script = Vec::new();
    flate2::read::GzDecoder::new(SCRIPT_GZ)
        .read_to_end(&mut script)
        .map_err(|e| {
            one(Diagnostic::error(
                "cms",
                format!("skriptet til skjemaet kunne ikke pakkes ut: {e}"),
            ))
        })?;
    Ok(vec![
        OutputFile::Text {
            path: format!("{ADMIN_DIR}index.html"),
            text: published_page(&cms_policy(cms, false)),
        },
        OutputFile::Text {
            path: format!("{ADMIN_DIR}{DECAP_CONFIG}"),
            text: yaml,
        },
        OutputFile::Text {
            path: format!("{ADMIN_DIR}{ICON_FILE}"),
            text: ICON_SVG.to_string(),
        },
        OutputFile::Bytes {
            path: format!("{ADMIN_DIR}{SCRIPT_FILE}"),
            bytes: Arc::from(script),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_page_has_its_policy_and_no_inline_code() {
        let page = published_page("default-src 'none'");
        assert!(page.contains(
            "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n"
        ));
        assert!(page.contains("<link rel=\"icon\" href=\"favicon.svg\""));
        assert!(!page.contains("favicon.ico"));
        assert!(!page.contains("<script>"));
        assert!(page.contains("<script src=\"decap-cms.js\"></script>"));
        assert!(page.contains("rel=\"cms-config-url\""));
    }
}
