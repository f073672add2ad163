//! The output folder's safety: where a typed `--output` path will really
//! resolve, whether a build may replace what is there, and the one function
//! through which stegvis deletes anything on disk ([`remove_own_output`]),
//! and the one through which it replaces a file of its own outside the
//! output ([`replace_own_file`]).
//!
//! A path is judged as it will resolve *after* the build has made its
//! missing folders: the deepest part that exists is resolved by the file
//! system (symlinks followed), the rest lexically (`.` dropped, `..` going
//! up), which is what creating the folders then does. Judging the typed path
//! instead let `nyx/../content` pass while `nyx` did not exist, and the swap
//! then removed `content/`.

use std::path::{Component, Path, PathBuf};

use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::MARKER_FILE;

pub use crate::shared::file_names::SOURCE_DIRS;

/// Where `out` (relative to `cwd` unless absolute) will resolve once its
/// missing folders are made. Fails when a part of it is a symlink that
/// points nowhere, or cannot be read.
pub fn resolve(out: &Path, cwd: &Path) -> std::io::Result<PathBuf> {
    let full = if out.is_absolute() {
        out.to_path_buf()
    } else {
        cwd.join(out)
    };
    let mut resolved = PathBuf::new();
    for part in full.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                // `resolved` has no symlink in it (resolved or about to be
                // made), so going up lexically is going up on disk.
                resolved.pop();
            }
            Component::Normal(name) => {
                // Every part is looked up on disk, also after a `..` that
                // climbed out of a folder still to be made: `nyx/../lenke`
                // is the symlink `lenke`, whatever follows.
                let next = resolved.join(name);
                resolved = if std::fs::symlink_metadata(&next).is_ok() {
                    std::fs::canonicalize(&next)?
                } else {
                    next
                };
            }
        }
    }
    Ok(strip_verbatim(resolved))
}

/// Windows' canonical paths carry `\\?\`; compared with paths that do not,
/// they must lose it.
fn strip_verbatim(p: PathBuf) -> PathBuf {
    #[cfg(windows)]
    {
        let s = p.to_string_lossy();
        if let Some(rest) = s.strip_prefix(r"\\?\") {
            if !rest.starts_with("UNC\\") {
                return PathBuf::from(rest);
            }
        }
    }
    p
}

/// Whether `inner` is `outer` or inside it, comparing names without regard
/// to case (so `Content/` is `content/` where the file system folds case,
/// and is refused everywhere rather than guessed per file system).
pub fn is_within(inner: &Path, outer: &Path) -> bool {
    let fold = |p: &Path| -> Vec<String> {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
            .collect()
    };
    let (i, o) = (fold(inner), fold(outer));
    i.len() >= o.len() && i[..o.len()] == o[..]
}

fn refuse(message: String) -> Diagnostic {
    Diagnostic::error("output", message)
        .with_hint("velg en egen mappe i nettstedet, for eksempel `--output public`, eller en mappe utenfor det")
}

/// Decides whether a build may write its output to `out` (typed relative to
/// `cwd`) for the site at `root`, and returns the folder it resolves to: the
/// one to stage beside and swap. Refused: the site root and anything above
/// it, any source folder (`content/`, `static/`, `templates/`, `themes/`,
/// followed where they are symlinks), anything inside or above one, a file,
/// and a non-empty folder that stegvis did not write.
pub fn output_target(root: &Path, out: &Path, cwd: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = out.display();
    let root_abs = resolve(root, cwd).map_err(|e| {
        Diagnostic::error(
            "output",
            format!("fant ikke nettstedsmappen {}: {e}", root.display()),
        )
    })?;
    let target = resolve(out, cwd).map_err(|e| {
        refuse(format!(
            "utdatamappen {shown} kan ikke brukes: en del av stien peker ikke til noe som finnes ({e})"
        ))
    })?;
    if is_within(&root_abs, &target) {
        return Err(refuse(format!(
            "utdatamappen {shown} er {} eller en mappe over det, og kan ikke overskrives",
            if is_within(&target, &root_abs) {
                "selve nettstedet"
            } else {
                "over nettstedet"
            }
        )));
    }
    for name in SOURCE_DIRS {
        let lexical = root_abs.join(name);
        let real = resolve(&lexical, cwd).unwrap_or_else(|_| lexical.clone());
        for source in [&lexical, &real] {
            let (inside, above) = (is_within(&target, source), is_within(source, &target));
            if inside || above {
                let relation = match (inside, above) {
                    (true, true) => "er",
                    (true, false) => "ligger inne i",
                    _ => "inneholder",
                };
                return Err(refuse(format!(
                    "utdatamappen {shown} ({}) {relation} kildemappen {name}/; stegvis erstatter hele utdatamappen ved hvert bygg",
                    target.display()
                )));
            }
        }
    }
    match std::fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_dir() => Err(refuse(format!(
            "utdatamappen {shown} finnes og er ikke en mappe"
        ))),
        Ok(_) if !is_own_output(&target) && !is_empty_dir(&target) => Err(Diagnostic::error(
            "output",
            format!(
                "utdatamappen {shown} finnes og ser ikke ut som et nettsted stegvis har laget"
            ),
        )
        .with_hint(
            "stegvis erstatter hele utdatamappen: velg en tom eller ny mappe, eller slett denne selv",
        )),
        _ => Ok(target),
    }
}

/// A real folder (not a symlink) holding stegvis's marker file.
pub fn is_own_output(dir: &Path) -> bool {
    let real_dir = std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let marked = std::fs::symlink_metadata(dir.join(MARKER_FILE)).is_ok_and(|m| m.is_file());
    real_dir && marked
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Deletes `dir` only if it is stegvis output (a real folder with the
/// marker) or an empty folder; anything else stays and the answer is false.
/// Every delete stegvis makes on disk goes through here.
pub fn remove_own_output(dir: &Path) -> bool {
    if is_own_output(dir) {
        // The marker goes last: a build killed halfway through removing
        // leaves a folder that is still marked, so the next build can tell
        // it for stegvis's own and finish the job.
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        for entry in entries.flatten() {
            if entry.file_name() == MARKER_FILE {
                continue;
            }
            let path = entry.path();
            let removed = match entry.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
            if removed.is_err() {
                return false;
            }
        }
        std::fs::remove_file(dir.join(MARKER_FILE)).is_ok() && std::fs::remove_dir(dir).is_ok()
    } else {
        // Removes only an empty folder; a symlink or file is refused.
        std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && std::fs::remove_dir(dir).is_ok()
    }
}

/// Replaces the file `path` with `bytes` only if there is no file there
/// yet or `is_own(old bytes)` proves stegvis wrote it (a header it always
/// writes): the one way stegvis replaces a file outside its output folder
/// (`base-lock.yaml`). Written to a temporary file beside it and renamed
/// over it, so a stop halfway leaves the old file whole. A symlink or
/// folder at `path` is refused.
pub fn replace_own_file(
    path: &Path,
    bytes: &[u8],
    is_own: impl Fn(&[u8]) -> bool,
) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    match std::fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(Error::new(
                ErrorKind::AlreadyExists,
                "det som ligger der, er ikke en vanlig fil",
            ))
        }
        Ok(_) => {
            if !is_own(&std::fs::read(path)?) {
                return Err(Error::new(
                    ErrorKind::AlreadyExists,
                    "filen som ligger der, er ikke skrevet av stegvis",
                ));
            }
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(Error::new(ErrorKind::InvalidInput, "ugyldig filsti"));
    };
    let temp = dir.join(format!(
        ".{}.stegvis-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_missing_folders_lexically_and_existing_ones_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let r = |p: &str| resolve(Path::new(p), &root).unwrap();
        assert_eq!(r("nyx/../content"), root.join("content"));
        assert_eq!(r("./public/"), root.join("public"));
        assert_eq!(r("a/b/../../c/./d"), root.join("c/d"));
        assert_eq!(r(".."), root.parent().unwrap());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), root.join("lenke")).unwrap();
            assert_eq!(r("lenke/x"), root.join("content/x"));
            // Back out of a folder still to be made, into the symlink.
            assert_eq!(r("nyx/../lenke/ut"), root.join("content/ut"));
            std::os::unix::fs::symlink(root.join("borte"), root.join("død")).unwrap();
            assert!(resolve(Path::new("død/x"), &root).is_err());
        }
    }

    #[test]
    fn refuses_sources_the_root_and_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::create_dir(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/viktig.txt"), "data").unwrap();
        std::fs::write(root.join("site.yaml"), "title: x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("content"), root.join("lenke")).unwrap();
        let ok = |p: &str| output_target(root, Path::new(p), root).is_ok();
        for bad in [
            "nyx/../content",
            "content/x",
            "Content",
            "static/pub",
            "themes",
            "templates/t",
            ".",
            "..",
            "nyx/..",
            "mine",
            "site.yaml/x/..",
            #[cfg(unix)]
            "nyx/../lenke/ny",
        ] {
            assert!(!ok(bad), "{bad} was accepted");
        }
        for good in ["public", "nyx/../public/", "ut/nett", "../annet"] {
            assert!(ok(good), "{good} was refused");
        }
    }

    #[test]
    fn removes_only_own_output_or_empty_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let foreign = tmp.path().join("mine");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("viktig.txt"), "data").unwrap();
        assert!(!remove_own_output(&foreign));
        assert!(foreign.join("viktig.txt").exists());
        let empty = tmp.path().join("tom");
        std::fs::create_dir(&empty).unwrap();
        assert!(remove_own_output(&empty));
        assert!(!empty.exists());
        let own = tmp.path().join("public");
        std::fs::create_dir(&own).unwrap();
        std::fs::write(own.join(MARKER_FILE), "").unwrap();
        std::fs::write(own.join("index.html"), "").unwrap();
        assert!(remove_own_output(&own));
        assert!(!own.exists());
        // A removal cut short keeps the marker to the last: still ours.
        std::fs::create_dir_all(own.join("a/b")).unwrap();
        std::fs::write(own.join("a/b/index.html"), "").unwrap();
        std::fs::write(own.join(MARKER_FILE), "").unwrap();
        std::fs::remove_dir_all(own.join("a")).unwrap();
        assert!(is_own_output(&own));
        assert!(remove_own_output(&own));
        assert!(!own.exists());
        #[cfg(unix)]
        {
            std::fs::create_dir(&own).unwrap();
            std::fs::write(own.join(MARKER_FILE), "").unwrap();
            let link = tmp.path().join("lenke");
            std::os::unix::fs::symlink(&own, &link).unwrap();
            assert!(!remove_own_output(&link));
            assert!(own.join(MARKER_FILE).exists());
        }
    }
}
