//! The published editing form (`stegvis build --cms`, see `crate::cms`) in
//! the output: the folder it is written to, its Content-Security-Policy,
//! and its rules in the host header files.
//!
//! The header files give the site's strict policy to every file (`/*` in
//! `_headers`, all of `.htaccess`), and a browser enforces every policy a
//! page gets: the form under the site's policy cannot run (it needs
//! `'unsafe-eval'` and the Git host's API, which the site's policy
//! forbids). So each host gets a rule that replaces the policy for the
//! form's folder, as that host resolves two rules for one path:
//!
//! - Cloudflare Pages applies every matching `_headers` rule in file order;
//!   the same header set again is appended (`a, b`: two policies), but a
//!   line `! Content-Security-Policy` in a later rule removes what earlier
//!   rules set. The form's rule comes after `/*` and removes, then sets.
//! - Apache runs the `Header` directives of `.htaccess` from the outer
//!   folder inwards; `Header always set` in `admin/.htaccess` replaces the
//!   outer file's header (the same `always` table, so not a second one).
//! - Netlify ignores the `!` line (a line without `:` is skipped by its
//!   parser), and its documentation does not say how two matching rules
//!   that set one header combine; its local server (`netlify dev`) lets the
//!   later rule win. Not verified on Netlify itself: the build warns.
//! - nginx reads no file from the folder: `examples/nginx/` and README say
//!   what to add. Hosts without header files (GitHub Pages, GitLab Pages)
//!   have only the page's `<meta>` policy, which is the form's own.

use crate::content::config::{CmsSettings, GitHost};

/// The form's folder in the output.
pub const ADMIN_DIR: &str = "admin/";

/// The origin (`https://host[:port]`) of an https address.
fn origin(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o.starts_with("https://"))
}

/// The published editing form's policy (`stegvis build --cms`, the page
/// `admin/index.html`): the preview's (`crate::cms::PAGE_CSP`: Decap's
/// `'unsafe-eval'`, inline styles, `blob:` images, nothing else) plus what
/// the Git host needs: `connect-src` for its API (GitHub
/// `https://api.github.com`, GitLab `https://gitlab.com`, or `api_root`'s
/// origin) and, where the form logs in by PKCE (GitLab with `app_id`,
/// Gitea), the origin of `base_url`, where it exchanges the code for a
/// token; `img-src` for the logged-in editor's picture (GitHub's avatar
/// host; GitLab and Gitea serve it from their own origin or Gravatar).
/// A GitHub login through `base_url` happens in a pop-up window, which
/// the page only opens and reads a message from: it needs no source.
/// `frame-ancestors 'none'` only in the header (browsers ignore it in
/// `<meta>` and say so in the console).
pub fn cms_policy(cms: &CmsSettings, header: bool) -> String {
    let mut connect = vec!["'self'".to_string()];
    let mut img = vec!["'self'".to_string(), "blob:".to_string()];
    let api = cms.api_root().and_then(origin);
    let add = |list: &mut Vec<String>, source: Option<String>| {
        if let Some(s) = source {
            if !list.contains(&s) {
                list.push(s);
            }
        }
    };
    add(&mut connect, api.clone());
    if cms.pkce() {
        add(&mut connect, cms.base_url.as_deref().and_then(origin));
    }
    match cms.backend {
        GitHost::Github => add(
            &mut img,
            Some("https://avatars.githubusercontent.com".into()),
        ),
        GitHost::Gitlab | GitHost::Gitea => {
            add(&mut img, api);
            add(&mut img, Some("https://secure.gravatar.com".into()));
        }
    }
    let mut policy = format!(
        "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src {}; connect-src {}; object-src 'none'; base-uri 'none'; form-action 'none'",
        img.join(" "),
        connect.join(" ")
    );
    if header {
        policy.push_str("; frame-ancestors 'none'");
    }
    policy
}

/// The rule appended to `_headers` after the site's `/*`: the form's
/// folder at the path the site is published under (`base_path`).
pub fn headers_rule(base_path: &str, cms: &CmsSettings) -> String {
    format!(
        "\n# Redigeringsskjemaet (stegvis build --cms) har sin egen policy. Cloudflare Pages: `!`-linjen tar bort policyen fra /* foran. Netlify: sjekk at {base_path}{ADMIN_DIR} får bare denne (se README).\n{base_path}{ADMIN_DIR}*\n  ! Content-Security-Policy\n  Content-Security-Policy: {}\n",
        cms_policy(cms, true)
    )
}

/// `admin/.htaccess` for Apache: replaces the site's policy in the
/// folder.
pub fn htaccess_file(cms: &CmsSettings) -> String {
    format!(
        "# Laget av stegvis: redigeringsskjemaets egen policy, i stedet for nettstedets (krever mod_headers og AllowOverride FileInfo).\n<IfModule mod_headers.c>\n  Header always set Content-Security-Policy \"{}\"\n</IfModule>\n",
        cms_policy(cms, true)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(yaml: &str) -> CmsSettings {
        crate::content::config::parse(&format!(
            "title: T\nbase_url: https://example.no/v/\ncms:\n{yaml}"
        ))
        .unwrap_or_else(|d| panic!("{d:?}"))
        .cms
        .expect("cms")
    }

    #[test]
    fn the_policy_allows_the_hosts_api_and_nothing_else_outside() {
        let github = settings(
            "  backend: github\n  repo: fylke/planveileder\n  base_url: https://auth.example.no\n",
        );
        let meta = cms_policy(&github, false);
        assert_eq!(
            meta,
            "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: https://avatars.githubusercontent.com; connect-src 'self' https://api.github.com; object-src 'none'; base-uri 'none'; form-action 'none'"
        );
        assert_eq!(
            cms_policy(&github, true),
            format!("{meta}; frame-ancestors 'none'")
        );
        // PKCE: the token comes from base_url, the API from api_root.
        let gitea = settings("  backend: gitea\n  repo: fylke/planveileder\n  base_url: https://git.example.no/\n  api_root: https://git.example.no/api/v1\n  app_id: abc\n");
        let p = cms_policy(&gitea, false);
        assert!(
            p.contains("connect-src 'self' https://git.example.no;"),
            "{p}"
        );
        assert!(
            p.contains("img-src 'self' blob: https://git.example.no https://secure.gravatar.com;"),
            "{p}"
        );
        let gitlab = settings("  backend: gitlab\n  repo: gruppe/under/planveileder\n  app_id: abc\n  base_url: https://login.example.no\n");
        let p = cms_policy(&gitlab, false);
        assert!(
            p.contains("connect-src 'self' https://gitlab.com https://login.example.no;"),
            "{p}"
        );
        // Without PKCE the login is a pop-up: base_url is not fetched.
        let gitlab = settings("  backend: gitlab\n  repo: gruppe/planveileder\n  base_url: https://login.example.no\n");
        assert!(!cms_policy(&gitlab, false).contains("login.example.no"));
    }

    #[test]
    fn the_host_rules_replace_the_sites_policy_in_the_folder() {
        let github = settings("  backend: github\n  repo: fylke/planveileder\n");
        let rule = headers_rule("/planveileder/", &github);
        assert!(
            rule.contains(&format!(
                "\n/planveileder/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {}\n",
                cms_policy(&github, true)
            )),
            "{rule}"
        );
        let htaccess = htaccess_file(&github);
        assert!(htaccess.contains(&format!(
            "Header always set Content-Security-Policy \"{}\"",
            cms_policy(&github, true)
        )));
    }
}
