//! `content/_hjelp.yaml`: the bodies a municipality turns to for help —
//! every statsforvalter and fylkeskommune, with its address and the pages
//! on what it helps with — and which statsforvalter serves which county.
//! Read with `site.yaml` (it is a setting of the whole site, and the
//! preview reloads both when either changes); checked here: unique ids,
//! every county's statsforvalter known, web addresses that are addresses.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::frontmatter::Source;
use crate::content::layers::{Layer, Layers};
use crate::content::yaml;
use crate::shared::dates::Date;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{CONTENT_DIR, HELP_FILE};
use crate::shared::text::line_of;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpDirectory {
    /// When the entries were last checked.
    pub checked: Date,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub statsforvaltere: Vec<Statsforvalter>,
    pub fylker: Vec<County>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statsforvalter {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub help: Vec<HelpLink>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    pub id: String,
    pub name: String,
    /// The id of the statsforvalter that serves the county.
    pub statsforvalter: String,
    pub fylkeskommune: Body,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub help: Vec<HelpLink>,
}

/// A page of a body on what it helps with (regionalt planforum, the
/// planning network, folkehelse).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HelpLink {
    pub title: String,
    pub url: String,
}

impl HelpDirectory {
    pub fn county(&self, id: &str) -> Option<&County> {
        self.fylker.iter().find(|c| c.id == id)
    }

    pub fn statsforvalter(&self, id: &str) -> Option<&Statsforvalter> {
        self.statsforvaltere.iter().find(|s| s.id == id)
    }
}

/// The path of the file, relative to the site root.
pub fn help_path() -> String {
    format!("{CONTENT_DIR}/{HELP_FILE}")
}

/// Reads `content/_hjelp.yaml` if the site has one, else its base's (a
/// problem in the base's file names the base's path).
pub fn load(layers: &Layers) -> Result<Option<HelpDirectory>, Diagnostics> {
    for (root, prefix, layer) in layers.folders().into_iter().rev() {
        let file = root.join(help_path());
        if !file.exists() {
            continue;
        }
        // The base's file stays inside the base, as its other files do.
        let leads_out = std::fs::canonicalize(&file)
            .ok()
            .zip(std::fs::canonicalize(root).ok())
            .is_some_and(|(target, inside)| !target.starts_with(inside));
        if layer == Layer::Base && leads_out {
            return Err(vec![Diagnostic::error(
                "unsafe-symlink",
                format!(
                    "{} i grunnlaget er en symbolsk lenke som fører ut av grunnlagets mappe, og blir ikke lest",
                    help_path()
                ),
            )
            .in_file(prefix.join(help_path()))
            .with_hint(format!(
                "grunnlaget kan bare bruke filer i sin egen mappe: legg en egen {} i content/ (den erstatter grunnlagets), og meld fra til dem som lager grunnlaget",
                HELP_FILE
            ))]
            .into());
        }
        return load_from(root).map_err(|d| {
            d.into_vec()
                .into_iter()
                .map(|mut d| {
                    d.file = d.file.map(|f| prefix.join(f));
                    d
                })
                .collect::<Vec<_>>()
                .into()
        });
    }
    Ok(None)
}

/// Reads `content/_hjelp.yaml` under `root` if there is one.
fn load_from(root: &Path) -> Result<Option<HelpDirectory>, Diagnostics> {
    let rel = help_path();
    let bytes = match std::fs::read(root.join(&rel)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(vec![
                Diagnostic::error("io", format!("kunne ikke lese {rel}: {e}")).in_file(rel),
            ]
            .into())
        }
    };
    let text = match crate::shared::text::decode_utf8(&bytes) {
        Ok(t) => t,
        Err((line, col)) => {
            return Err(vec![
                Diagnostic::error("not-utf8", format!("{rel} er ikke gyldig UTF-8"))
                    .in_file(rel)
                    .at(line, col)
                    .with_hint("lagre filen som UTF-8 i editoren din"),
            ]
            .into())
        }
    };
    parse(&text).map(Some)
}

/// Parses and checks the text of the file.
pub fn parse(text: &str) -> Result<HelpDirectory, Diagnostics> {
    let rel = help_path();
    let dir: HelpDirectory = yaml::from_str(text).map_err(|e| {
        Diagnostics::from(vec![Diagnostic {
            line: e.line,
            column: e.column,
            hint: e.hint,
            ..Diagnostic::error(e.kind.code(), e.message).in_file(rel.clone())
        }])
    })?;
    let mut diags = Vec::new();
    let err = |msg: String, needle: &str, hint: &str| {
        Diagnostic::error("invalid-value", msg)
            .in_file(rel.clone())
            .at_line(line_of(text, needle))
            .with_hint(hint)
    };
    let id_hint =
        "en id er inntil 60 små bokstaver a–z, sifre og bindestreker, for eksempel `more-romsdal`";
    let mut seen = std::collections::HashSet::new();
    for s in &dir.statsforvaltere {
        if !valid_id(&s.id) {
            diags.push(err(
                format!("statsforvalter-id `{}` er ikke gyldig", s.id),
                &s.id,
                id_hint,
            ));
        }
        if !seen.insert(("s", s.id.as_str())) {
            diags.push(err(
                format!("statsforvalter-id `{}` står to ganger", s.id),
                &s.id,
                "gi hver statsforvalter sin egen id",
            ));
        }
    }
    for c in &dir.fylker {
        if !valid_id(&c.id) {
            diags.push(err(
                format!("fylke-id `{}` er ikke gyldig", c.id),
                &c.id,
                id_hint,
            ));
        }
        if !seen.insert(("f", c.id.as_str())) {
            diags.push(err(
                format!("fylke-id `{}` står to ganger", c.id),
                &c.id,
                "gi hvert fylke sin egen id",
            ));
        }
        if dir.statsforvalter(&c.statsforvalter).is_none() {
            let known: Vec<&str> = dir.statsforvaltere.iter().map(|s| s.id.as_str()).collect();
            diags.push(err(
                format!(
                    "fylket {} viser til statsforvalter `{}`, som ikke står under `statsforvaltere:`",
                    c.name, c.statsforvalter
                ),
                &format!("statsforvalter: {}", c.statsforvalter),
                &format!("bruk en av disse id-ene: {}", known.join(", ")),
            ));
        }
    }
    for s in &dir.sources {
        if let Some(url) = &s.url {
            if !(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace)
            {
                diags.push(err(
                    format!(
                        "kilden «{}» har `{url}`, som ikke er en nettadresse",
                        s.title
                    ),
                    url,
                    "skriv hele adressen, med https://",
                ));
            }
        }
    }
    let urls = dir
        .statsforvaltere
        .iter()
        .flat_map(|s| std::iter::once(s.url.as_str()).chain(s.help.iter().map(|h| h.url.as_str())))
        .chain(dir.fylker.iter().flat_map(|c| {
            std::iter::once(c.fylkeskommune.url.as_str())
                .chain(c.fylkeskommune.help.iter().map(|h| h.url.as_str()))
        }));
    for url in urls {
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            diags.push(err(
                format!("`{url}` er ikke en nettadresse"),
                url,
                "skriv hele adressen, med https://",
            ));
        }
    }
    if diags.is_empty() {
        Ok(dir)
    } else {
        Err(diags.into())
    }
}

/// What the theme's script stores too (storage.js: at most 60 of a–z,
/// 0–9 and `-`).
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "checked: 2026-12-06\nstatsforvaltere:\n  - id: vestland\n    name: Statsforvaltaren i Vestland\n    url: https://www.statsforvalteren.no/vestland/\nfylker:\n  - id: vestland\n    name: Vestland\n    statsforvalter: vestland\n    fylkeskommune:\n      name: Vestland fylkeskommune\n      url: https://www.vestlandfylke.no/\n      help:\n        - title: Regionalt planforum\n          url: https://www.vestlandfylke.no/planforum/\n";

    #[test]
    fn a_good_file_reads() {
        let d = parse(OK).unwrap();
        assert_eq!(d.county("vestland").unwrap().fylkeskommune.help.len(), 1);
        assert_eq!(
            d.statsforvalter("vestland").unwrap().name,
            "Statsforvaltaren i Vestland"
        );
    }

    #[test]
    fn mistakes_are_named_at_their_line() {
        let bad = OK
            .replace(
                "    statsforvalter: vestland",
                "    statsforvalter: vestlandet",
            )
            .replace(
                "url: https://www.vestlandfylke.no/\n",
                "url: www.vestlandfylke.no\n",
            );
        let diags = parse(&bad).unwrap_err();
        let msgs: Vec<String> = diags
            .0
            .iter()
            .map(|d| format!("{}:{:?}", d.message, d.line))
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("`vestlandet`") && m.ends_with("Some(9)")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`www.vestlandfylke.no`") && m.ends_with("Some(12)")),
            "{msgs:?}"
        );
        let typo = parse(&OK.replace("    name: Vestland\n", "    namn: Vestland\n")).unwrap_err();
        assert_eq!(typo.0[0].code, "unknown-field");
    }
}
