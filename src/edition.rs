//! `stegvis base …`: the commands a county edition uses to keep up with its
//! base (the national guide). `accept` records the base's text of files the
//! site replaces, so [`crate::content::base_lock::check`] can warn when the
//! base changes them; `changes` lists what the base added, changed and
//! removed since the site last took it (with the base's own «Hva er nytt»
//! entries), and `take` records the base as it is now; `diff` shows a
//! replaced file's base change in full.
//!
//! The record is `base-lock.yaml` in the site's folder, replaced only
//! through [`crate::output::target::replace_own_file`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::base_lock::{
    self, content_hash, diff_text, replaced_files, slash_path, unified, Accepted, BaseLock, Taken,
    TakenPage, LOCK_HEADER,
};
use crate::content::layers::{Base, Layers};
use crate::content::load::{load_content, Meta};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::BASE_LOCK_FILE;

fn problem(message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::error("base-lock", message).with_hint(hint)
}

/// The site's layers, which must have a base.
fn layers_with_base(root: &Path) -> Result<(Layers, Base), Diagnostics> {
    let layers = Layers::find(root)?;
    match layers.base.clone() {
        Some(b) => Ok((layers, b)),
        None => Err(Diagnostics::from(vec![problem(
            "nettstedet bygger ikke på et annet (site.yaml har ikke `base:`)",
            "`stegvis base` er for en fylkesutgave: skriv `base: MAPPE` i site.yaml med mappen til den nasjonale veilederen",
        )
        .in_file(crate::shared::file_names::CONFIG_FILE)])),
    }
}

fn read_lock(root: &Path) -> Result<BaseLock, Diagnostics> {
    base_lock::read(root)
        .map(Option::unwrap_or_default)
        .map_err(|d| Diagnostics::from(vec![d]))
}

/// Writes the lock, with the header that proves it is stegvis's own.
fn write_lock(root: &Path, lock: &BaseLock) -> Result<(), Diagnostics> {
    let body = serde_yaml::to_string(lock).map_err(|e| {
        Diagnostics::from(vec![problem(
            format!("kunne ikke skrive {BASE_LOCK_FILE}: {e}"),
            "meld fra om feilen til stegvis-prosjektet",
        )])
    })?;
    let text = format!(
        "{LOCK_HEADER} hva denne fylkesutgaven sist tok fra grunnlaget.\n\
         # Skrevet av `stegvis base accept` og `stegvis base take`; ikke rediger for hånd.\n\
         # Legg filen i Git sammen med resten av nettstedet.\n{body}"
    );
    crate::output::target::replace_own_file(
        &root.join(BASE_LOCK_FILE),
        text.as_bytes(),
        |old| crate::shared::text::decode_utf8(old).is_ok_and(|t| base_lock::is_own_lock(&t)),
    )
    .map_err(|e| {
        Diagnostics::from(vec![problem(
            format!("kunne ikke skrive {BASE_LOCK_FILE}: {e}"),
            "en fil med dette navnet som stegvis ikke har skrevet, blir ikke overskrevet; flytt den, eller sjekk at mappen kan skrives til",
        )
        .in_file(BASE_LOCK_FILE)])
    })
}

/// A path typed on the command line, as a path from the site's own folder
/// with `/` (`content/planstrategi/04.md`): written from the site's folder,
/// or from the current folder, or absolute; None when it is not inside the
/// site's folder.
fn site_path(root: &Path, cwd: &Path, typed: &Path) -> Option<String> {
    let own = std::fs::canonicalize(root).ok()?;
    let candidates = [
        root.join(typed),
        if typed.is_absolute() {
            typed.to_path_buf()
        } else {
            cwd.join(typed)
        },
    ];
    let inside = |c: &Path| -> Option<String> {
        // The file itself may be gone (a replacement deleted); its folder
        // tells where it was.
        let dir = std::fs::canonicalize(c.parent()?).ok()?;
        let rel = dir.join(c.file_name()?);
        rel.strip_prefix(&own).ok().map(slash_path)
    };
    // A path that exists wins (typed from a subfolder, `04.md` is the file
    // beside you, not one at the site's top); then one whose folder does.
    candidates
        .iter()
        .filter(|c| std::fs::symlink_metadata(c).is_ok())
        .find_map(|c| inside(c))
        .or_else(|| candidates.iter().find_map(|c| inside(c)))
}

/// The files a typed path names: the file, or every file in a folder.
fn typed_files(root: &Path, cwd: &Path, typed: &Path) -> Option<Vec<String>> {
    let rel = site_path(root, cwd, typed)?;
    let full = root.join(&rel);
    if !full.is_dir() {
        return Some(vec![rel]);
    }
    let files = walkdir::WalkDir::new(&full)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(slash_path))
        .collect();
    Some(files)
}

/// What `accept` did: the files named (a folder names the files in it),
/// or with `unrecorded`, every replaced file not yet accepted (never one
/// whose base changed since it was). Lines in bokmål.
pub fn accept(
    root: &Path,
    cwd: &Path,
    typed: &[PathBuf],
    unrecorded: bool,
) -> Result<Vec<String>, Diagnostics> {
    let (layers, base) = layers_with_base(root)?;
    let mut lock = read_lock(root)?;
    let replaced = replaced_files(&layers);
    let mut done = Vec::new();
    let mut errors = Vec::new();
    let mut files: Vec<String> = Vec::new();
    for t in typed {
        match typed_files(root, cwd, t) {
            Some(found) => files.extend(found),
            None => errors.push(problem(
                format!("fant ikke `{}` i nettstedets mappe", t.display()),
                "skriv stien fra nettstedets mappe, for eksempel `content/planstrategi/04-samhandling.md`",
            )),
        }
    }
    if unrecorded {
        files.extend(
            replaced
                .iter()
                .filter(|r| !lock.accepted.contains_key(&r.rel))
                .map(|r| r.rel.clone()),
        );
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    if !errors.is_empty() {
        return Err(Diagnostics::from(errors));
    }
    if files.is_empty() && unrecorded {
        done.push("alle filer som erstatter grunnlagets, er alt registrert".to_string());
    }
    for rel in files {
        let hidden = rel
            .strip_prefix("content/")
            .is_some_and(|key| layers.hides(key));
        if let Some(r) = replaced.iter().find(|r| r.rel == rel) {
            let Ok(bytes) = std::fs::read(&r.base_path) else {
                errors.push(problem(
                    format!(
                        "kunne ikke lese grunnlagets `{}`",
                        slash_path(&r.base_shown)
                    ),
                    "sjekk at grunnlaget er hentet og kan leses",
                ));
                continue;
            };
            let now = Accepted::of(&bytes);
            let hash = now.hash.clone();
            done.push(match lock.accepted.insert(rel.clone(), now) {
                None => format!("{rel}: grunnlagets versjon er registrert"),
                Some(old) if old.hash == hash => {
                    format!("{rel}: uendret, grunnlagets versjon var alt registrert")
                }
                Some(_) => format!("{rel}: grunnlagets nye versjon er godtatt"),
            });
        } else if lock.accepted.remove(&rel).is_some() {
            done.push(format!(
                "{rel}: erstatter ikke lenger en fil i grunnlaget; registreringen er fjernet"
            ));
        } else if hidden {
            done.push(format!(
                "{rel}: `hide:` i site.yaml skjuler grunnlagets side, så denne filen erstatter den ikke og trenger ikke godtas"
            ));
        } else {
            done.push(format!(
                "{rel}: erstatter ingen fil i grunnlaget (det finnes ingen `{}`), så det er ingenting å godta",
                slash_path(&base.dir.join(&rel))
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics::from(errors));
    }
    // Records of files the site no longer has, or no longer uses to
    // replace a base file (hidden since), are forgotten.
    let stale: Vec<String> = lock
        .accepted
        .keys()
        .filter(|rel| {
            !root.join(rel).is_file()
                || rel
                    .strip_prefix("content/")
                    .is_some_and(|key| layers.hides(key))
        })
        .cloned()
        .collect();
    for rel in stale {
        lock.accepted.remove(&rel);
        done.push(format!(
            "{rel}: erstatter ikke lenger en fil i grunnlaget; registreringen er fjernet"
        ));
    }
    write_lock(root, &lock)?;
    Ok(done)
}

/// `stegvis base diff FILE`: what changed in the base since the file was
/// accepted, or, never accepted, how the site's file differs from the base's.
pub fn diff(root: &Path, cwd: &Path, typed: &Path) -> Result<String, Diagnostics> {
    let (layers, _) = layers_with_base(root)?;
    let lock = read_lock(root)?;
    let rel = site_path(root, cwd, typed).ok_or_else(|| {
        Diagnostics::from(vec![problem(
            format!("fant ikke `{}` i nettstedets mappe", typed.display()),
            "skriv stien fra nettstedets mappe, for eksempel `content/planstrategi/04-samhandling.md`",
        )])
    })?;
    let Some(r) = replaced_files(&layers).into_iter().find(|r| r.rel == rel) else {
        return Err(Diagnostics::from(vec![problem(
            format!("`{rel}` erstatter ingen fil i grunnlaget"),
            "`stegvis base diff` viser endringer i filer nettstedet erstatter",
        )]));
    };
    let read = |p: &Path, shown: &str| {
        std::fs::read(p).map(|b| Accepted::of(&b)).map_err(|e| {
            Diagnostics::from(vec![problem(
                format!("kunne ikke lese `{shown}`: {e}"),
                "sjekk at filen finnes og kan leses",
            )])
        })
    };
    let base_shown = slash_path(&r.base_shown);
    let now = read(&r.base_path, &base_shown)?;
    let not_text = "filen er ikke tekst, eller for stor til å vises som en endring";
    Ok(match lock.accepted.get(&rel) {
        Some(then) if then.hash == now.hash => {
            format!("{rel}: grunnlagets versjon er den samme som da dere godtok den")
        }
        Some(then) => match (&then.text, &now.text) {
            (Some(old), Some(new)) => diff_text(old, new, None),
            _ => {
                format!("{rel}: grunnlaget har byttet ut filen siden dere godtok den ({not_text})")
            }
        },
        None => {
            let own = read(&root.join(&rel), &rel)?;
            match (&now.text, &own.text) {
                (Some(base_text), Some(own_text)) => format!(
                    "Ikke godtatt ennå; slik skiller deres fil seg fra grunnlagets:\n{}",
                    unified(base_text, own_text, &base_shown, &rel, None)
                ),
                _ => format!("{rel}: ikke godtatt ennå ({not_text})"),
            }
        }
    })
}

/// One base page in the list of changes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChangedPage {
    /// Content key (`planstrategi/01-eierskap.md`).
    pub key: String,
    pub title: String,
    /// «Hva er nytt» entries the base added since it was last taken.
    pub news: Vec<String>,
    /// The site replaces this file with its own (check it).
    pub replaced: bool,
    /// The site hides it (`hide:`).
    pub hidden: bool,
}

/// What the base added, changed and removed since the site last took it.
#[derive(Debug, Clone, Serialize)]
pub struct BaseChanges {
    /// The base's folder, as site.yaml names it.
    pub base: String,
    /// The day the base was last taken; None when never.
    pub since: Option<String>,
    pub added: Vec<ChangedPage>,
    pub changed: Vec<ChangedPage>,
    pub removed: Vec<ChangedPage>,
}

/// Every page of the base as it is now, as the lock records it.
fn base_pages(base: &Base) -> Result<BTreeMap<String, TakenPage>, Diagnostics> {
    let loaded = load_content(&Layers::single(&base.root));
    if loaded.diagnostics.has_errors() {
        let mut d = loaded.diagnostics;
        d.0.retain(Diagnostic::is_error);
        for e in &mut d.0 {
            e.file = e.file.as_ref().map(|f| base.dir.join(f));
        }
        return Err(d);
    }
    let mut pages = BTreeMap::new();
    for doc in loaded.docs {
        let bytes = std::fs::read(base.root.join(&doc.path)).unwrap_or_default();
        // Of the text as read, so a CRLF checkout of the same version
        // changes nothing.
        let (title, changes) = match &doc.meta {
            Meta::Index(m) | Meta::Page(m) => (m.title.clone(), Vec::new()),
            Meta::Guide { meta, .. } => (meta.title.clone(), Vec::new()),
            Meta::Step { meta, .. } => (
                meta.title.clone(),
                meta.changes
                    .iter()
                    .map(|c| format!("{} {}", c.date, c.note.trim()))
                    .collect(),
            ),
        };
        pages.insert(
            doc.key.clone(),
            TakenPage {
                title,
                hash: content_hash(&bytes),
                changes,
            },
        );
    }
    Ok(pages)
}

/// `stegvis base changes`.
pub fn changes(root: &Path) -> Result<BaseChanges, Diagnostics> {
    let (layers, base) = layers_with_base(root)?;
    let lock = read_lock(root)?;
    let now = base_pages(&base)?;
    let replaced: Vec<String> = replaced_files(&layers).into_iter().map(|r| r.rel).collect();
    let page = |key: &str, p: &TakenPage, news: Vec<String>| ChangedPage {
        key: key.to_string(),
        title: p.title.clone(),
        news,
        replaced: replaced
            .iter()
            .any(|r| r.strip_prefix("content/") == Some(key)),
        hidden: layers.hides(key),
    };
    let mut out = BaseChanges {
        base: slash_path(&base.dir),
        since: lock.taken.as_ref().map(|t| t.date.clone()),
        added: Vec::new(),
        changed: Vec::new(),
        removed: Vec::new(),
    };
    let Some(taken) = &lock.taken else {
        return Ok(out);
    };
    for (key, p) in &now {
        match taken.pages.get(key) {
            // A new page's entries from the day of the last take on.
            None => {
                let news = p
                    .changes
                    .iter()
                    .filter(|c| c.get(..10).is_some_and(|d| d >= taken.date.as_str()))
                    .cloned()
                    .collect();
                out.added.push(page(key, p, news));
            }
            Some(old) if old.hash != p.hash => {
                let news = p
                    .changes
                    .iter()
                    .filter(|c| !old.changes.contains(c))
                    .cloned()
                    .collect();
                out.changed.push(page(key, p, news));
            }
            Some(_) => {}
        }
    }
    for (key, old) in &taken.pages {
        if !now.contains_key(key) {
            out.removed.push(page(key, old, Vec::new()));
        }
    }
    Ok(out)
}

/// `stegvis base take`: records the base as it is now; returns how many
/// pages were recorded.
pub fn take(root: &Path, today: NaiveDate) -> Result<usize, Diagnostics> {
    let (_, base) = layers_with_base(root)?;
    let mut lock = read_lock(root)?;
    let pages = base_pages(&base)?;
    let count = pages.len();
    lock.taken = Some(Taken {
        date: today.format("%Y-%m-%d").to_string(),
        pages,
    });
    write_lock(root, &lock)?;
    Ok(count)
}

impl BaseChanges {
    /// Nothing added, changed or removed (or never taken).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// For the terminal.
    pub fn to_text(&self) -> String {
        let Some(since) = &self.since else {
            return self.never_taken();
        };
        if self.is_empty() {
            return format!(
                "Ingen endringer i grunnlaget ({}) siden {since}.\n",
                self.base
            );
        }
        let mut out = format!("Endringer i grunnlaget ({}) siden {since}:\n", self.base);
        for (heading, list) in [
            ("Nye", &self.added),
            ("Endret", &self.changed),
            ("Fjernet", &self.removed),
        ] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{heading}:\n"));
            for p in list {
                out.push_str(&format!("  {} – {}", p.key, p.title));
                if p.replaced {
                    out.push_str(" (dere har egen versjon: se `stegvis check`)");
                }
                if p.hidden {
                    out.push_str(" (skjult hos dere)");
                }
                out.push('\n');
                for n in &p.news {
                    out.push_str(&format!("      {n}\n"));
                }
            }
        }
        out.push_str(COVERAGE);
        out.push_str("\nNår dere har gått gjennom endringene: `stegvis base take`.\n");
        out
    }

    fn never_taken(&self) -> String {
        format!(
            "Dere har ikke registrert en versjon av grunnlaget ({}) med `stegvis base take` ennå, så det er ingenting å sammenligne med.\nKjør `stegvis base take` nå; neste gang viser `stegvis base changes` hva som er nytt siden da.\n",
            self.base
        )
    }

    /// A start on the county's own «Hva er nytt» (Markdown), leaving out
    /// what the county hides.
    pub fn to_markdown(&self) -> String {
        let Some(since) = &self.since else {
            return self.never_taken();
        };
        let mut out = format!("## Nytt fra den nasjonale veilederen siden {since}\n");
        for (heading, list) in [
            ("Nye sider og steg", &self.added),
            ("Endret", &self.changed),
            ("Fjernet", &self.removed),
        ] {
            let shown: Vec<&ChangedPage> = list.iter().filter(|p| !p.hidden).collect();
            if shown.is_empty() {
                continue;
            }
            out.push_str(&format!("\n### {heading}\n\n"));
            for p in shown {
                let title = markdown_text(&p.title);
                if std::ptr::eq(list, &self.removed) {
                    out.push_str(&format!("- {title}\n"));
                } else {
                    out.push_str(&format!("- [{title}](@/{})", p.key));
                    let news: Vec<&str> = p
                        .news
                        .iter()
                        .map(|n| n.split_once(' ').map_or(n.as_str(), |(_, note)| note))
                        .collect();
                    if !news.is_empty() {
                        out.push_str(&format!(": {}", news.join(" ")));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// What the list covers, said under it.
const COVERAGE: &str = "\nListen viser sider og steg. Endringer i grunnlagets site.yaml, maler og bilder vises ikke her; se grunnlagets egen endringslogg (for eksempel `git log` i mappen).\n";

/// Text for Markdown: the characters that would start markup escaped.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_escaped_in_markdown() {
        assert_eq!(markdown_text("Lov [2024] *ny*"), "Lov \\[2024\\] \\*ny\\*");
    }

    #[test]
    fn a_typed_path_is_found_from_the_site_or_the_current_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("fylke");
        std::fs::create_dir_all(root.join("content/g")).unwrap();
        std::fs::write(root.join("content/g/a.md"), "x").unwrap();
        let rel = Path::new("content/g/a.md");
        assert_eq!(
            site_path(&root, dir.path(), rel).as_deref(),
            Some("content/g/a.md")
        );
        assert_eq!(
            site_path(&root, &root.join("content"), Path::new("g/a.md")).as_deref(),
            Some("content/g/a.md")
        );
        assert_eq!(
            site_path(&root, dir.path(), Path::new("fylke/content/g/a.md")).as_deref(),
            Some("content/g/a.md")
        );
        // Typed from a subfolder, the file beside you wins over a path
        // from the site's top whose folder exists.
        assert_eq!(
            site_path(&root, &root.join("content/g"), Path::new("a.md")).as_deref(),
            Some("content/g/a.md")
        );
        assert_eq!(site_path(&root, &root, Path::new("../x.md")), None);
        assert_eq!(site_path(&root, &root, Path::new("nowhere/x.md")), None);
    }

    #[test]
    fn a_lock_not_written_by_stegvis_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(BASE_LOCK_FILE), "accepted: {}\n").unwrap();
        let err = write_lock(dir.path(), &BaseLock::default()).unwrap_err();
        assert!(err.0[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("ikke har skrevet"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join(BASE_LOCK_FILE)).unwrap(),
            "accepted: {}\n"
        );
        std::fs::remove_file(dir.path().join(BASE_LOCK_FILE)).unwrap();
        write_lock(dir.path(), &BaseLock::default()).unwrap();
        write_lock(dir.path(), &BaseLock::default()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(BASE_LOCK_FILE)).unwrap();
        assert!(base_lock::is_own_lock(&text), "{text}");
        assert_eq!(
            base_lock::read(dir.path()).unwrap(),
            Some(BaseLock::default())
        );
    }
}
