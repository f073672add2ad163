//! Watching a site for changes with notify, and coalescing bursts of events
//! (an editor's save is often several: a temp file, a rename, a chmod) into
//! one batch after a short quiet period — tens of milliseconds, not a second.
//!
//! Watched: `site.yaml` (through the site root, non-recursively, which also
//! sees source folders being deleted and restored), and `content/`,
//! `templates/`, `static/` and `themes/` recursively. A folder that
//! disappears and comes back is watched again. A site built on a base
//! (`base:` in site.yaml) has the same watched in the base's folder, and
//! reports those paths as the site names them (`nasjonal/content/…`).
//! While the base site.yaml names cannot be used (a submodule not fetched
//! yet), its folder, or the nearest folder above it that exists, is
//! watched, and a change there is reported as a change to `site.yaml`, so
//! the settings are read again. A watcher is made for one base: after a
//! change to `site.yaml`, [`SiteWatcher::needs_rebuild`] tells whether the
//! layers moved and a new one is needed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::layers::{named_base, Base};
use crate::content::load::is_editor_temp;

use crate::serve::live::{area_of, Area};
use crate::shared::file_names::{CONFIG_FILE, CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

/// The folders watched recursively.
const WATCHED_DIRS: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, THEMES_DIR];

/// Quiet time that ends a burst.
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// A burst never delays a rebuild longer than this.
pub const MAX_DELAY: Duration = Duration::from_millis(250);

pub struct SiteWatcher {
    root: PathBuf,
    /// The base's folder (canonical) and its path as site.yaml writes it.
    base: Option<(PathBuf, PathBuf)>,
    /// The base this watcher was made for.
    made_for: Option<Base>,
    /// The folder site.yaml names as its base while it cannot be used (as
    /// [`named_base`] gives it), and the same under the canonical folder
    /// above it that exists.
    waiting: Option<(PathBuf, PathBuf)>,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    pub fn new(root: &Path, base: Option<&Base>) -> notify::Result<SiteWatcher> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let base_arg = base;
        let base = base.map(|b| {
            let real = std::fs::canonicalize(&b.root).unwrap_or_else(|_| b.root.clone());
            (real, b.dir.clone())
        });
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        let named = if base.is_none() {
            named_base(&root)
        } else {
            None
        };
        let waiting = named.map(|n| (n.clone(), waiting_path(&n)));
        let mut me = SiteWatcher {
            root,
            base,
            made_for: None,
            waiting,
            watcher,
            events: rx,
            watched: BTreeSet::new(),
        };
        me.made_for = base_arg.cloned();
        me.watcher
            .watch(&me.root.clone(), RecursiveMode::NonRecursive)?;
        if let Some((real, _)) = me.base.clone() {
            me.watcher.watch(&real, RecursiveMode::NonRecursive)?;
        }
        if let Some((_, waiting)) = me.waiting.clone() {
            // The folder itself if it is there (a submodule's empty
            // folder), and the folder above it that exists.
            let mut dir = waiting.as_path();
            loop {
                if dir.is_dir() {
                    let _ = me.watcher.watch(dir, RecursiveMode::NonRecursive);
                    if dir != waiting {
                        break;
                    }
                }
                match dir.parent() {
                    Some(up) => dir = up,
                    None => break,
                }
            }
        }
        me.refresh_watches(&[]);
        Ok(me)
    }

    /// Whether the layers moved since this watcher was made (`base` is the
    /// site's base now): another base, a base that can now be used, or
    /// another folder named while none can be.
    pub fn needs_rebuild(&self, base: Option<&Base>) -> bool {
        if self.made_for.as_ref() != base {
            return true;
        }
        base.is_none() && self.waiting.as_ref().map(|(n, _)| n) != named_base(&self.root).as_ref()
    }

    /// (Re)watches the source folders that exist; `touched` are paths seen in
    /// the last batch, so a folder that was removed and recreated is
    /// watched afresh.
    fn refresh_watches(&mut self, touched: &[PathBuf]) {
        let folders: Vec<PathBuf> = std::iter::once(self.root.clone())
            .chain(self.base.iter().map(|(real, _)| real.clone()))
            .collect();
        for dir in folders
            .iter()
            .flat_map(|f| WATCHED_DIRS.iter().map(move |name| f.join(name)))
        {
            let was_touched = touched.iter().any(|p| p == &dir);
            if was_touched && self.watched.remove(&dir) {
                let _ = self.watcher.unwatch(&dir);
            }
            if dir.is_dir() && !self.watched.contains(&dir) {
                if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !dir.exists() {
                self.watched.remove(&dir);
            }
        }
    }

    /// Blocks until something relevant changed, then gathers the burst.
    /// Returns the changed paths relative to the site root; None when the
    /// watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut paths: BTreeSet<PathBuf> = BTreeSet::new();
        let mut first: Option<Instant> = None;
        loop {
            let wait = match first {
                None => Duration::from_secs(3600),
                Some(t) => {
                    let left = MAX_DELAY.saturating_sub(t.elapsed());
                    if left.is_zero() {
                        break;
                    }
                    DEBOUNCE.min(left)
                }
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for p in event.paths {
                        if let Some(rel) = self.relevant(&p) {
                            paths.insert(rel);
                        }
                    }
                    if !paths.is_empty() {
                        first.get_or_insert_with(Instant::now);
                    }
                }
                // A watch error (e.g. a folder vanished) is not a change.
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) => {
                    if first.is_some() {
                        break;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let touched: Vec<PathBuf> = paths.iter().map(|p| self.absolute(p)).collect();
        self.refresh_watches(&touched);
        Some(paths.into_iter().collect())
    }

    /// A path as [`SiteWatcher::next_batch`] reports it, made absolute.
    fn absolute(&self, p: &Path) -> PathBuf {
        match &self.base {
            Some((real, dir)) if p.starts_with(dir) && !dir.as_os_str().is_empty() => {
                real.join(p.strip_prefix(dir).unwrap_or(p))
            }
            _ => self.root.join(p),
        }
    }

    /// The path relative to the root (a base's file as the site names it)
    /// if it can change the site.
    fn relevant(&self, p: &Path) -> Option<PathBuf> {
        // Something moved where the base should be: read site.yaml again.
        if let Some((_, waiting)) = &self.waiting {
            if p.starts_with(waiting) || (waiting.starts_with(p) && p != self.root) {
                return Some(PathBuf::from(CONFIG_FILE));
            }
        }
        // The deeper of the two folders owns the path: a site inside its
        // base's folder (`base: ../..`) keeps its own files.
        let (within, prefix) = match &self.base {
            Some((real, dir))
                if p.starts_with(real)
                    && !(p.starts_with(&self.root) && self.root.starts_with(real)) =>
            {
                (p.strip_prefix(real).ok()?, Some(dir))
            }
            _ => (p.strip_prefix(&self.root).ok()?, None),
        };
        let name = within.file_name()?.to_string_lossy().into_owned();
        if is_editor_temp(&name) || name == "4913" {
            return None;
        }
        match area_of(within) {
            Area::Other => None,
            Area::Config if within != Path::new(CONFIG_FILE) => None,
            _ => Some(prefix.map_or_else(|| within.to_path_buf(), |d| d.join(within))),
        }
    }
}

/// `path` under the canonical form of its nearest folder that exists (what
/// the events name), the rest as written.
fn waiting_path(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(up), Some(name)) => {
                rest.push(name.to_os_string());
                existing = up;
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_watcher_is_needed_when_the_base_changes_or_appears() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("fylke");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("site.yaml"), "title: F\nbase: ../nasjonal\n").unwrap();
        // The base is missing: the watcher waits for it.
        let w = SiteWatcher::new(&root, None).unwrap();
        assert!(!w.needs_rebuild(None));
        let real = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            w.relevant(&real.join("nasjonal")),
            Some(PathBuf::from("site.yaml")),
            "the base folder appearing reads the settings again"
        );
        assert_eq!(
            w.relevant(&real.join("annet")),
            None,
            "another folder beside it is nothing"
        );
        // Another missing folder named: the watcher must wait for that one.
        std::fs::write(root.join("site.yaml"), "title: F\nbase: ../andre\n").unwrap();
        assert!(w.needs_rebuild(None));
        // The base can be used now.
        let base = Base {
            dir: PathBuf::from("../andre"),
            root: root.join("../andre"),
        };
        assert!(w.needs_rebuild(Some(&base)));
        std::fs::create_dir_all(dir.path().join("andre")).unwrap();
        let w = SiteWatcher::new(&root, Some(&base)).unwrap();
        assert!(!w.needs_rebuild(Some(&base)));
        assert!(w.needs_rebuild(None));
        assert_eq!(
            w.relevant(&real.join("andre/content/g/a.md")),
            Some(PathBuf::from("../andre/content/g/a.md"))
        );
    }
}
