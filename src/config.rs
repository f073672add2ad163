//! `site.yaml`: the site's title, base URL, language, theme, law registry and
//! election period. Parsed once per build into a validated [`SiteConfig`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::dates::{Date, Period};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::law::{is_valid_lovdata_id, Law, LawRegistry};
use crate::yaml;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default)]
    language: Lang,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    accessibility_statement: Option<String>,
    #[serde(default)]
    default_law: Option<String>,
    #[serde(default)]
    laws: BTreeMap<String, RawLaw>,
    #[serde(default)]
    period: Option<RawPeriod>,
}

fn default_theme() -> String {
    "default".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    lovdata: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    #[serde(default)]
    name: Option<String>,
    election: Date,
    constituted: Date,
    #[serde(default)]
    council_meeting: Option<Date>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute, always ends in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starts and ends in `/`.
    pub base_path: String,
    pub language: Lang,
    pub theme: String,
    /// As written: an absolute URL or an `@/page.md` link.
    pub accessibility_statement: Option<String>,
    pub default_law: Option<String>,
    pub laws: LawRegistry,
    pub period: Option<Period>,
}

impl SiteConfig {
    /// Reads and validates `site.yaml` under `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![Diagnostic::error(
                    "missing-config",
                    format!("fant ikke {CONFIG_FILE} i {}", root.display()),
                )
                .with_hint(
                    "kjør stegvis i rotmappen til nettstedet, eller lag en ny med `stegvis init MAPPE`",
                )]
                .into())
            }
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    "io",
                    format!("kunne ikke lese {CONFIG_FILE}: {e}"),
                )
                .in_file(CONFIG_FILE)]
                .into())
            }
        };
        let text = match crate::load::decode_utf8(&bytes) {
            Ok(t) => t,
            Err((line, col)) => {
                return Err(vec![Diagnostic::error(
                    "not-utf8",
                    format!("{CONFIG_FILE} er ikke gyldig UTF-8"),
                )
                .in_file(CONFIG_FILE)
                .at(line, col)
                .with_hint("lagre filen som UTF-8 i editoren din")]
                .into())
            }
        };
        parse(&text)
    }
}

/// Parses and validates the text of `site.yaml`.
pub fn parse(text: &str) -> Result<SiteConfig, Diagnostics> {
    let raw: RawConfig = yaml::from_str(text).map_err(|e| {
        Diagnostics::from(vec![Diagnostic {
            line: e.line,
            column: e.column,
            hint: e.hint,
            ..Diagnostic::error(e.kind.code(), e.message).in_file(CONFIG_FILE)
        }])
    })?;
    let mut diags = Diagnostics::default();
    let err = |code, msg: String, needle: &str| {
        Diagnostic::error(code, msg)
            .in_file(CONFIG_FILE)
            .at_line(line_of(text, needle))
    };

    let base_url = raw.base_url.trim().to_string();
    let base_path = match base_path_of(&base_url) {
        Some(p) => p,
        None => {
            diags.push(
                err(
                    "invalid-value",
                    format!("base_url `{base_url}` er ikke en fullstendig adresse"),
                    "base_url",
                )
                .with_hint("skriv for eksempel `https://kommune.no/planveileder/`"),
            );
            "/".to_string()
        }
    };
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };

    let mut laws = Vec::new();
    for (id, law) in raw.laws {
        if !is_valid_lovdata_id(&law.lovdata) {
            diags.push(
                err(
                    "invalid-value",
                    format!("lov `{id}` har ugyldig Lovdata-id `{}`", law.lovdata),
                    &law.lovdata,
                )
                .with_hint("Lovdata-id er lovens dato og nummer, for eksempel `2008-06-27-71`"),
            );
        }
        laws.push(Law {
            id,
            lovdata: law.lovdata,
            name: law.name,
        });
    }
    let laws = LawRegistry::new(laws);
    if let Some(d) = &raw.default_law {
        if laws.get(d).is_none() {
            diags.push(
                err(
                    "unknown-law",
                    format!("default_law `{d}` finnes ikke under `laws`"),
                    "default_law",
                )
                .with_hint(format!("kjente lover: {}", laws.ids().join(", "))),
            );
        }
    }

    let period = raw.period.map(|p| {
        if p.constituted.0 < p.election.0 {
            diags.push(
                err(
                    "invalid-value",
                    "kommunestyret kan ikke konstitueres før valget".to_string(),
                    "constituted",
                )
                .with_hint("sjekk `period.election` og `period.constituted`"),
            );
        }
        let name = p.name.unwrap_or_else(|| {
            use chrono::Datelike;
            format!("{}–{}", p.election.0.year(), p.election.0.year() + 4)
        });
        Period::new(
            name,
            p.election.0,
            p.constituted.0,
            p.council_meeting.map(|d| d.0),
        )
    });

    if !valid_theme_name(&raw.theme) {
        diags.push(
            err(
                "invalid-value",
                format!("ugyldig temanavn `{}`", raw.theme),
                "theme",
            )
            .with_hint("temaet er navnet på en mappe under themes/, for eksempel `default`"),
        );
    }

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language,
        theme: raw.theme,
        accessibility_statement: raw.accessibility_statement,
        default_law: raw.default_law,
        laws,
        period,
    })
}

fn valid_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `https://example.org/a/b` → `/a/b/`; None if not an absolute http(s) URL.
fn base_path_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || path.contains(['?', '#', ' ']) {
        return None;
    }
    let mut p = path.to_string();
    if !p.ends_with('/') {
        p.push('/');
    }
    Some(p)
}

/// 1-based line of the first line containing `needle`.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: T\nbase_url: https://example.org/veileder\n";

    #[test]
    fn base_path_from_url() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.base_path, "/veileder/");
        assert_eq!(c.base_url, "https://example.org/veileder/");
        assert_eq!(base_path_of("https://example.org").unwrap(), "/");
        assert!(base_path_of("example.org").is_none());
    }

    #[test]
    fn unknown_default_law_is_an_error_with_line() {
        let text = format!("{MINIMAL}default_law: pbl\n");
        let d = parse(&text).unwrap_err();
        let e = &d.0[0];
        assert_eq!(e.code, "unknown-law");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn bad_lovdata_id() {
        let text = format!("{MINIMAL}laws:\n  pbl:\n    lovdata: 2008-71\n    name: pbl\n");
        let d = parse(&text).unwrap_err();
        assert_eq!(d.0[0].line, Some(5));
    }

    #[test]
    fn period_defaults() {
        let text = format!("{MINIMAL}period:\n  election: 2023-09-11\n  constituted: 2023-10-19\n");
        let c = parse(&text).unwrap();
        let p = c.period.unwrap();
        assert_eq!(p.name, "2023–2027");
        assert_eq!(p.deadline.to_string(), "2024-10-19");
        assert!(!p.council_meeting_planned);
    }

    #[test]
    fn bad_date_has_hint_and_line() {
        let text = format!("{MINIMAL}period:\n  election: 11.09.2023\n  constituted: 2023-10-19\n");
        let d = parse(&text).unwrap_err();
        let e = &d.0[0];
        assert_eq!(e.code, "invalid-value");
        assert_eq!(e.line, Some(4));
        assert!(e.hint.as_ref().unwrap().contains("ÅÅÅÅ-MM-DD"), "{e:?}");
    }
}
