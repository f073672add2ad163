//! What a county edition last took from its base (`base-lock.yaml`, written
//! only by `stegvis base accept` and `stegvis base take`, see
//! [`crate::edition`]): the base's text of every file the site replaces, as
//! it was when an editor last accepted it, and a record of every base page
//! when the site last took a new version of the base.
//!
//! [`check`] compares that record with the base as it is now: a replaced
//! file whose base text changed since it was accepted is a `base-changed`
//! warning on the site's own file, with a readable diff of the base's
//! change; a replacement never accepted is `base-unrecorded`. Build, check
//! and the preview all run it, through the pipeline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::layers::Layers;
use crate::content::yaml;
use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::{BASE_LOCK_FILE, CONTENT_DIR, SOURCE_DIRS};

/// The first line of every lock stegvis writes: what proves the file is
/// stegvis's own before a command replaces it.
pub const LOCK_HEADER: &str = "# stegvis base-lock:";

/// Lines of a diff shown in a warning; `stegvis base diff FILE` shows all.
const DIFF_LINES: usize = 60;

/// The largest text a lock keeps a copy of (and diffs); a larger file is
/// recorded by its hash alone.
const MAX_TEXT: usize = 256 * 1024;

/// How long a diff may take before it settles for a coarser answer.
const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(300);

/// The lock file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseLock {
    /// By path from the site's own folder (`content/planstrategi/04.md`):
    /// the base's version of that file when it was last accepted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accepted: BTreeMap<String, Accepted>,
    /// The base as it was when the site last took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken: Option<Taken>,
}

/// The base's version of one file, as accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// [`content_hash`] of the file: what is compared.
    pub hash: String,
    /// Its text, for the diff when it changes; none for a binary or large
    /// file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Accepted {
    /// The record of a file's bytes.
    pub fn of(bytes: &[u8]) -> Accepted {
        let text = as_text(bytes).filter(|t| t.len() <= MAX_TEXT);
        Accepted {
            hash: content_hash(bytes),
            text,
        }
    }
}

/// Every page and step of the base when it was last taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taken {
    /// The day it was taken (`ÅÅÅÅ-MM-DD`).
    pub date: String,
    /// By content key (`planstrategi/01-eierskap.md`).
    pub pages: BTreeMap<String, TakenPage>,
}

/// One base page as it was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TakenPage {
    pub title: String,
    /// [`text_hash`] of the file.
    pub hash: String,
    /// Its «Hva er nytt» entries (`changes:`), as `ÅÅÅÅ-MM-DD note`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

/// 64-bit xxh3, in hex.
fn hex_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// A file's text as stegvis reads it (`\n` line ends, no byte-order mark),
/// or None for a binary file.
fn as_text(bytes: &[u8]) -> Option<String> {
    crate::shared::text::decode_utf8(bytes)
        .ok()
        .filter(|t| !t.contains('\0'))
}

/// The hash a lock records of a file: of its text as stegvis reads it, so
/// a checkout with other line ends (Windows' CRLF) is the same file; of
/// the bytes for a binary file.
pub fn content_hash(bytes: &[u8]) -> String {
    match as_text(bytes) {
        Some(t) => hex_hash(t.as_bytes()),
        None => hex_hash(bytes),
    }
}

/// Reads the site's lock: None when there is none, the error (file, line,
/// what to do) when it cannot be read.
pub fn read(root: &Path) -> Result<Option<BaseLock>, Diagnostic> {
    let path = root.join(BASE_LOCK_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(
                "base-lock",
                format!("kunne ikke lese {BASE_LOCK_FILE}: {e}"),
            )
            .in_file(BASE_LOCK_FILE)
            .with_hint("sjekk at filen kan leses"))
        }
    };
    let text = crate::shared::text::decode_utf8(&bytes).map_err(|(line, _)| {
        Diagnostic::error("base-lock", format!("{BASE_LOCK_FILE} er ikke UTF-8"))
            .in_file(BASE_LOCK_FILE)
            .at_line(Some(line))
            .with_hint(REWRITE_HINT)
    })?;
    yaml::from_str::<BaseLock>(&text).map(Some).map_err(|e| {
        Diagnostic::error(
            "base-lock",
            format!("{BASE_LOCK_FILE} kan ikke leses: {}", e.message),
        )
        .in_file(BASE_LOCK_FILE)
        .at_line(e.line)
        .with_hint(REWRITE_HINT)
    })
}

const REWRITE_HINT: &str = "filen skrives av stegvis og skal ikke redigeres for hånd; hent den fra Git igjen (for eksempel etter en flettekonflikt). Sletter dere den, vet ikke stegvis lenger hvilke nasjonale versjoner dere har godtatt";

/// Whether `text` is a lock stegvis wrote (its first line).
pub fn is_own_lock(text: &str) -> bool {
    text.starts_with(LOCK_HEADER)
}

/// One file of the site that replaces a base file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// From the site's own folder, with `/`: `content/planstrategi/04.md`.
    pub rel: String,
    /// The base's file, from the site's own folder (`../nasjonal/content/…`).
    pub base_shown: PathBuf,
    /// The base's file on disk.
    pub base_path: PathBuf,
}

/// Every file of the site's own source folders that has a file of the same
/// path in the base (a page or step at a hidden path does not replace one,
/// it stands in for it: `hide:` left the base's out).
pub fn replaced_files(layers: &Layers) -> Vec<Replaced> {
    let Some(base) = &layers.base else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for dir in SOURCE_DIRS {
        let own_dir = layers.root.join(dir);
        // A base never lies inside a source folder (see layers), so this
        // walk sees the site's own files only.
        let walker = walkdir::WalkDir::new(&own_dir)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker.into_iter().flatten() {
            // A file that is a symlink counts as the loader reads it.
            if !entry.path().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&layers.root) else {
                continue;
            };
            let rel_text = slash_path(rel);
            if dir == CONTENT_DIR && layers.hides(&layers.key_of(rel)) {
                continue;
            }
            let base_path = base.root.join(rel);
            if base_path.is_file() {
                out.push(Replaced {
                    rel: rel_text,
                    base_shown: base.dir.join(rel),
                    base_path,
                });
            }
        }
    }
    out
}

/// `a/b/c` with `/` on every platform.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A unified diff from `old` to `new`, at most `max_lines` lines (None: all),
/// with a line saying how many more there are.
pub fn diff_text(old: &str, new: &str, max_lines: Option<usize>) -> String {
    unified(
        old,
        new,
        "grunnlaget da dere godtok det",
        "grunnlaget nå",
        max_lines,
    )
}

/// A unified diff with the given names for the two sides, at most
/// `max_lines` lines; a diff that takes too long settles for coarser hunks.
pub fn unified(old: &str, new: &str, from: &str, to: &str, max_lines: Option<usize>) -> String {
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old, new);
    let full = diff
        .unified_diff()
        .context_radius(2)
        .missing_newline_hint(false)
        .header(from, to)
        .to_string();
    let lines: Vec<&str> = full.lines().collect();
    match max_lines {
        Some(max) if lines.len() > max => format!(
            "{}\n… {} linjer til (se alt med `stegvis base diff`)",
            lines[..max].join("\n"),
            lines.len() - max
        ),
        _ => full.trim_end().to_string(),
    }
}

/// The warnings of a site on its base: each replaced file whose base text
/// changed since it was accepted, or was never accepted, and each accepted
/// file the base no longer has; and a lock that cannot be read.
pub fn check(layers: &Layers) -> Vec<Diagnostic> {
    if layers.base.is_none() {
        return Vec::new();
    }
    // An unreadable lock does not stop a build (a legal correction must
    // still get out), but the warning says the check is off until fixed.
    let lock = match read(&layers.root) {
        Ok(l) => l.unwrap_or_default(),
        Err(d) => {
            return vec![Diagnostic {
                severity: crate::shared::diagnostics::Severity::Warning,
                message: format!(
                    "{}; til den er rettet, varsler ikke stegvis om endringer i grunnlaget",
                    d.message
                ),
                ..d
            }]
        }
    };
    let mut out = Vec::new();
    let replaced = replaced_files(layers);
    for r in &replaced {
        let Ok(bytes) = std::fs::read(&r.base_path) else {
            continue;
        };
        let shown = slash_path(&r.base_shown);
        match lock.accepted.get(&r.rel) {
            None => out.push(
                Diagnostic::warning(
                    "base-unrecorded",
                    format!(
                        "denne filen erstatter grunnlagets `{shown}`, men det er ikke registrert hvilken versjon av grunnlaget dere bygde på"
                    ),
                )
                .in_file(&r.rel)
                .with_hint(format!(
                    "sammenlign med grunnlagets fil, og kjør `stegvis base accept {}` når deres fil tar med det som gjelder dere; da varsler stegvis når grunnlaget endrer filen",
                    r.rel
                )),
            ),
            Some(then) if then.hash != content_hash(&bytes) => {
                out.push(changed_warning(r, &shown, then, &Accepted::of(&bytes)));
            }
            Some(_) => {}
        }
    }
    for rel in lock.accepted.keys() {
        let Some(base) = &layers.base else { break };
        let hidden = rel
            .strip_prefix("content/")
            .is_some_and(|key| layers.hides(key));
        if hidden || replaced.iter().any(|r| &r.rel == rel) {
            continue;
        }
        let own_exists = layers.root.join(rel).is_file();
        if own_exists && !base.root.join(rel).exists() {
            let now = if rel.starts_with("content/") {
                "nå legger den til en side i stedet"
            } else {
                "nå er den en egen fil i nettstedet"
            };
            out.push(
                Diagnostic::warning(
                    "base-changed",
                    format!(
                        "grunnlaget har ikke lenger `{}`, som denne filen erstattet; {now}",
                        slash_path(&base.dir.join(rel))
                    ),
                )
                .in_file(rel)
                .with_hint(format!(
                    "se i grunnlagets «Hva er nytt» hvorfor den ble fjernet; behold eller slett deres fil, og kjør `stegvis base accept {rel}` så registreringen blir riktig"
                )),
            );
        }
    }
    out
}

/// `base-changed` for a replaced file: with the diff of the base's text,
/// or, for a binary or large file, without.
fn changed_warning(r: &Replaced, shown: &str, then: &Accepted, now: &Accepted) -> Diagnostic {
    let accept = format!("kjør så `stegvis base accept {}`", r.rel);
    match (&then.text, &now.text) {
        (Some(old), Some(new)) => Diagnostic::warning(
            "base-changed",
            format!(
                "grunnlagets tekst for denne filen (`{shown}`) er endret siden dere sist godtok den"
            ),
        )
        .in_file(&r.rel)
        .with_hint(format!(
            "les endringen under, og ta den inn i deres egen fil om den gjelder dere (en lovendring gjør det nesten alltid); {accept}"
        ))
        .with_detail(diff_text(old, new, Some(DIFF_LINES))),
        _ => Diagnostic::warning(
            "base-changed",
            format!("grunnlaget har byttet ut filen `{shown}` siden dere sist godtok den"),
        )
        .in_file(&r.rel)
        .with_hint(format!(
            "filen er ikke tekst, eller for stor til å vise endringen; se på grunnlagets nye fil, og {accept}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_names_both_sides_and_is_cut_with_a_note() {
        let old = "a\nb\nc\n";
        let new = "a\nB\nc\n";
        let d = diff_text(old, new, None);
        assert!(d.contains("--- grunnlaget da dere godtok det"), "{d}");
        assert!(d.contains("+++ grunnlaget nå"), "{d}");
        assert!(d.contains("-b\n+B"), "{d}");
        let long_old: String = (0..200).map(|i| format!("{i}\n")).collect();
        let long_new: String = (0..200).map(|i| format!("{}\n", i * 2)).collect();
        let cut = diff_text(&long_old, &long_new, Some(10));
        assert_eq!(cut.lines().count(), 11, "{cut}");
        assert!(cut.ends_with("(se alt med `stegvis base diff`)"), "{cut}");
    }

    #[test]
    fn the_lock_round_trips_through_yaml_and_refuses_unknown_keys() {
        let mut lock = BaseLock::default();
        lock.accepted.insert(
            "content/a.md".into(),
            Accepted::of("---\ntitle: «A»: x\n---\n\ttab and trailing space \n".as_bytes()),
        );
        lock.taken = Some(Taken {
            date: "2026-12-06".into(),
            pages: BTreeMap::from([(
                "g/01.md".into(),
                TakenPage {
                    title: "Ett".into(),
                    hash: content_hash(b"x"),
                    changes: vec!["2026-01-01 Ny".into()],
                },
            )]),
        });
        let text = serde_yaml::to_string(&lock).unwrap();
        let back: BaseLock = yaml::from_str(&text).unwrap();
        assert_eq!(back, lock);
        assert!(yaml::from_str::<BaseLock>("acepted: {}\n").is_err());
    }

    #[test]
    fn line_ends_do_not_change_the_hash_and_binary_or_large_files_keep_no_text() {
        assert_eq!(content_hash(b"a\r\nb\n"), content_hash(b"a\nb\n"));
        assert_eq!(Accepted::of(b"a\r\nb\n").text.as_deref(), Some("a\nb\n"));
        let png = Accepted::of(b"\x89PNG\0\x01");
        assert_eq!(png.text, None);
        assert_eq!(png.hash, content_hash(b"\x89PNG\0\x01"));
        let big = "x\n".repeat(MAX_TEXT);
        assert_eq!(Accepted::of(big.as_bytes()).text, None);
    }

    #[test]
    fn no_missing_newline_note_in_english() {
        let d = diff_text("a\nb", "a\nc", None);
        assert!(!d.contains("No newline"), "{d}");
        assert!(d.contains("-b\n+c"), "{d}");
    }
}
