//! The Content-Security-Policy of a built site: a `<meta>` tag in every page
//! (`site.csp` in the templates) and the same policy as an HTTP header for
//! hosts that read header files from the published folder (`_headers` for
//! Netlify and Cloudflare Pages, `.htaccess` for Apache), written by the
//! build. The header adds `frame-ancestors`, which browsers ignore in a
//! `<meta>` tag.
//!
//! Default: everything from the site itself only; scripts may also compile
//! WebAssembly (`'wasm-unsafe-eval'`, the Pagefind search); no plugins
//! (`object-src 'none'`); `<base>` and form targets only on the site. The
//! search runs in a worker loaded from the site (`pagefind-worker.js`), so
//! no `blob:` is needed. `csp:` in site.yaml adds sources per directive.

use std::collections::BTreeMap;

/// The site's additions to the default policy: `csp:` in site.yaml,
/// sources per directive.
pub type Additions = BTreeMap<String, Vec<String>>;

/// The default policy, directive by directive, in the order written.
const DEFAULTS: &[(&str, &[&str])] = &[
    ("default-src", &["'self'"]),
    ("script-src", &["'self'", "'wasm-unsafe-eval'"]),
    ("style-src", &["'self'"]),
    ("img-src", &["'self'"]),
    ("connect-src", &["'self'"]),
    ("worker-src", &["'self'"]),
    ("object-src", &["'none'"]),
    ("base-uri", &["'self'"]),
    ("form-action", &["'self'"]),
];

/// Directives `csp:` may add sources to.
pub const EXTENDABLE: &[&str] = &[
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "media-src",
    "frame-src",
    "worker-src",
    "manifest-src",
    "form-action",
    "frame-ancestors",
];

/// Keywords a source list may hold (in single quotes).
const KEYWORDS: &[&str] = &[
    "'self'",
    "'none'",
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'wasm-unsafe-eval'",
    "'unsafe-hashes'",
    "'strict-dynamic'",
    "'report-sample'",
];

/// Directives only an HTTP header can carry.
const HEADER_ONLY: &[&str] = &["frame-ancestors"];

/// What is wrong with one `csp:` entry: (message, hint, text to find its
/// line by).
pub fn validate(directive: &str, sources: &[String]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    if !EXTENDABLE.contains(&directive) {
        let known: Vec<String> = EXTENDABLE.iter().map(|s| s.to_string()).collect();
        let hint = match crate::shared::text::nearest(directive, &known) {
            Some(n) if !matches!(directive, "default-src" | "object-src" | "base-uri") => {
                format!("mente du `{n}`? Kan utvides: {}", EXTENDABLE.join(", "))
            }
            _ => format!(
                "`default-src`, `object-src` og `base-uri` ligger fast; kan utvides: {}",
                EXTENDABLE.join(", ")
            ),
        };
        out.push((
            format!("`csp: {directive}` kan ikke settes i site.yaml"),
            hint,
            format!("{directive}:"),
        ));
        return out;
    }
    for s in sources {
        if let Some(why) = source_problem(s) {
            out.push((
                format!("`{s}` under `csp: {directive}` er ikke en gyldig kilde: {why}"),
                "skriv en adresse (`https://kart.example.no`), et skjema (`https:`, `data:`) eller et nøkkelord i enkle anførselstegn (`'self'`), og sett hele verdien i doble anførselstegn i YAML: \"'self'\"".to_string(),
                s.clone(),
            ));
        }
    }
    out
}

fn source_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        return Some("den er tom");
    }
    if s.contains(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '"' | '<' | '>')) {
        return Some("den inneholder mellomrom, semikolon, komma eller anførselstegn");
    }
    if s.starts_with('\'') {
        let hashed = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"]
            .iter()
            .any(|p| s.starts_with(p) && s.len() > p.len() + 1 && s.ends_with('\''));
        if KEYWORDS.contains(&s) || hashed {
            return None;
        }
        return Some("ukjent nøkkelord");
    }
    if s.contains('\'') {
        return Some("enkle anførselstegn hører bare til nøkkelord som 'self'");
    }
    let ok = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/*%+@?=[]".contains(c));
    if !ok {
        return Some("den inneholder tegn som ikke hører hjemme i en adresse");
    }
    None
}

/// The directives with the site's additions, in a stable order.
fn directives(extra: &Additions) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = DEFAULTS
        .iter()
        .map(|(d, s)| (d.to_string(), s.iter().map(|x| x.to_string()).collect()))
        .collect();
    if !extra.contains_key("frame-ancestors") {
        out.push(("frame-ancestors".to_string(), vec!["'self'".to_string()]));
    }
    for (d, sources) in extra {
        let i = match out.iter().position(|(name, _)| name == d) {
            Some(i) => i,
            None => {
                // A directive not in the defaults falls back to
                // default-src, which is 'self': keep that.
                out.push((d.clone(), vec!["'self'".to_string()]));
                out.len() - 1
            }
        };
        for s in sources {
            if !out[i].1.contains(s) {
                out[i].1.push(s.clone());
            }
        }
    }
    out
}

fn join(dirs: &[(String, Vec<String>)], header: bool) -> String {
    dirs.iter()
        .filter(|(d, _)| header || !HEADER_ONLY.contains(&d.as_str()))
        .map(|(d, s)| format!("{d} {}", s.join(" ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The policy for the `<meta http-equiv="Content-Security-Policy">` tag.
pub fn meta_policy(extra: &Additions) -> String {
    join(&directives(extra), false)
}

/// The policy as an HTTP header (with `frame-ancestors`).
pub fn header_policy(extra: &Additions) -> String {
    join(&directives(extra), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Additions {
        crate::content::config::parse(&format!(
            "title: T\nbase_url: https://example.no/v/\n{extra}"
        ))
        .unwrap_or_else(|d| panic!("{d:?}"))
        .csp
    }

    #[test]
    fn default_policy() {
        let c = config("");
        assert_eq!(
            meta_policy(&c),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
        );
        assert!(header_policy(&c).ends_with("; frame-ancestors 'self'"));
    }

    #[test]
    fn site_yaml_extends_it() {
        let c = config("csp:\n  img-src: [\"https://kart.example.no\", \"data:\"]\n  font-src: [\"https://fonts.example.no\"]\n  script-src: [\"'self'\"]\n");
        let p = meta_policy(&c);
        assert!(
            p.contains("img-src 'self' https://kart.example.no data:"),
            "{p}"
        );
        assert!(
            p.contains("font-src 'self' https://fonts.example.no"),
            "{p}"
        );
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"), "{p}");
    }

    #[test]
    fn bad_entries_are_errors_with_lines() {
        let text = "title: T\nbase_url: https://example.no/\ncsp:\n  object-src: [\"*\"]\n  img-scr: [\"https://a.no\"]\n  script-src: [\"'unsafe-everything'\", \"https://a.no; object-src *\"]\n";
        let diags = crate::content::config::parse(text).expect_err("invalid");
        let found: Vec<_> = diags
            .0
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, Some(5), "{found:?}");
        assert!(found[0].1.contains("img-scr"));
        assert!(diags.0[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("mente du `img-src`"));
        assert_eq!(found[1].0, Some(4));
        assert!(found[2].1.contains("'unsafe-everything'"));
        assert_eq!(found[3].0, Some(6));
    }
}
