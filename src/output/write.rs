//! Stage 5, writing: puts the rendered site into a fresh folder next to the
//! output folder and swaps it in only when every file was written. A failed
//! or interrupted build leaves the previous output exactly as it was; a
//! folder that does not look like stegvis output is never replaced.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::theme::{Asset, AssetSource};
use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::MARKER_FILE;

use super::target::remove_own_output;

/// One file of the finished site.
#[derive(Debug, Clone)]
pub enum OutputFile {
    Text {
        path: String,
        text: String,
    },
    /// A generated file that is not text (a Word template).
    Bytes {
        path: String,
        bytes: std::sync::Arc<[u8]>,
    },
    Asset(Asset),
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Text { path, .. } | OutputFile::Bytes { path, .. } => path,
            OutputFile::Asset(a) => &a.path,
        }
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("output", format!("{what} {}: {e}", path.display())).with_hint(
        "sjekk at mappen kan skrives og at disken ikke er full; forrige versjon er urørt",
    )
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| OsString::from("public"));
    let mut s = OsString::from(".");
    s.push(&name);
    s.push(format!(".stegvis-{tag}-{}", std::process::id()));
    out.with_file_name(s)
}

/// Removes the staging and old-output folders beside `out` that builds left
/// when they were killed: those whose process no longer exists. A folder of
/// a build that is still running is never touched, nor anything that is not
/// a real folder with such a name.
fn remove_stale_siblings(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{}.stegvis-", name.to_string_lossy());
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some((tag, pid)) = rest.rsplit_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !matches!(tag, "ny" | "gammel") || pid == std::process::id() || process_alive(pid) {
            continue;
        }
        remove_own_output(&entry.path());
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// macOS and the BSDs: signal 0 checks that the process exists; EPERM means
/// it exists but belongs to someone else.
#[cfg(all(unix, not(target_os = "linux")))]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: kill with signal 0 sends nothing; it only checks the pid.
    unsafe { libc::kill(pid, 0) == 0 }
    || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Windows: a process that can be opened and has not exited. One that cannot
/// be opened for another reason than not existing counts as running.
#[cfg(windows)]
fn process_alive(pid: u32) -> bool {
    use windows_sys::Win32::Foundation::{
        CloseHandle, GetLastError, ERROR_INVALID_PARAMETER, STILL_ACTIVE,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    // SAFETY: plain Win32 calls on a handle this function opens and closes.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle.is_null() {
            return GetLastError() != ERROR_INVALID_PARAMETER;
        }
        let mut code = 0u32;
        let ok = GetExitCodeProcess(handle, &mut code);
        CloseHandle(handle);
        ok == 0 || code == STILL_ACTIVE as u32
    }
}

/// Elsewhere a live build cannot be told from a dead one: keep all.
#[cfg(not(any(unix, windows)))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// A fresh folder beside the output that a build writes into; committing
/// swaps it in, dropping it without a commit removes it, so an unfinished
/// build never touches the previous output.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts a build into `out`, which must be the folder
    /// [`output_target`](super::target::output_target) approved. The
    /// staging folder carries the marker from the start, so that whatever
    /// happens to the build, it can be told for stegvis's own and removed.
    pub fn create(out: &Path) -> Result<Staging, Diagnostic> {
        let out = out.to_path_buf();
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("kunne ikke lage mappen", parent, e))?;
        }
        remove_stale_siblings(&out);
        let dir = sibling(&out, "ny");
        remove_own_output(&dir);
        std::fs::create_dir(&dir).map_err(|e| io_error("kunne ikke lage mappen", &dir, e))?;
        let staging = Staging {
            dir,
            out,
            committed: false,
        };
        let marker = staging.dir.join(MARKER_FILE);
        std::fs::write(
            &marker,
            "Denne mappen er laget av stegvis og erstattes ved neste bygg.\n",
        )
        .map_err(|e| io_error("kunne ikke skrive", &marker, e))?;
        Ok(staging)
    }

    /// Creates the folders the given files go in, each once.
    pub fn make_dirs<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Result<(), Diagnostic> {
        let folders: BTreeSet<PathBuf> = paths
            .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        // In parallel: one folder per step page adds up at 10,000 steps.
        // create_dir_all tolerates a parent made by another thread meanwhile.
        folders.par_iter().try_for_each(|f| {
            let p = self.dir.join(f);
            std::fs::create_dir_all(&p).map_err(|e| io_error("kunne ikke lage mappen", &p, e))
        })
    }

    /// Writes one file (its folder must exist).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.dir.join(path);
        std::fs::write(&target, bytes).map_err(|e| io_error("kunne ikke skrive", &target, e))
    }

    pub fn write_file(&self, f: &OutputFile) -> Result<(), Diagnostic> {
        match f {
            OutputFile::Text { path, text } => self.write(path, text.as_bytes()),
            OutputFile::Bytes { path, bytes } => self.write(path, bytes),
            OutputFile::Asset(a) => match &a.source {
                AssetSource::Disk(src) => std::fs::copy(src, self.dir.join(&a.path))
                    .map(|_| ())
                    .map_err(|e| io_error("kunne ikke kopiere", src, e)),
                AssetSource::Embedded(bytes) => self.write(&a.path, bytes),
            },
        }
    }

    /// Swaps the finished folder in for the old one.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        swap_in(&self.dir, &self.out)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_own_output(&self.dir);
        }
    }
}

/// Swaps the finished `staging` folder in as `out`: atomically exchanges
/// the two where the OS can (Linux `renameat2(RENAME_EXCHANGE)`), else
/// [`swap_by_renames`] (macOS, Windows, and Linux file systems without the
/// exchange).
fn swap_in(staging: &Path, out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        match retry_transient(|| std::fs::rename(staging, out)) {
            Ok(()) => return Ok(()),
            // Another build put its output there first: exchange with it.
            Err(_) if out.exists() => {}
            Err(e) => return Err(io_error("kunne ikke flytte på plass", out, e)),
        }
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the old output.
        remove_own_output(staging);
        return Ok(());
    }
    swap_by_renames(staging, out)
}

/// The portable swap: the old output is renamed aside, the new one renamed
/// into its place, then the old one removed. Between the two renames `out`
/// does not exist (for microseconds; a reader then sees no site rather than
/// half of one). If the second rename fails, the old output is renamed
/// back, so a failure still leaves the previous version in place. On
/// Windows a rename is retried for a moment while another program (a virus
/// scanner, the search indexer, Explorer) has a file in the folder open.
fn swap_by_renames(staging: &Path, out: &Path) -> Result<(), Diagnostic> {
    let old = sibling(out, "gammel");
    remove_own_output(&old);
    if out.exists() {
        retry_transient(|| std::fs::rename(out, &old))
            .map_err(|e| io_error("kunne ikke flytte", out, e))?;
    }
    if let Err(e) = retry_transient(|| std::fs::rename(staging, out)) {
        if old.exists() {
            let _ = retry_transient(|| std::fs::rename(&old, out));
        }
        return Err(io_error("kunne ikke flytte på plass", out, e));
    }
    // A file still open in the old folder keeps it on Windows; it is then
    // removed by a later build (see `remove_stale_siblings`).
    remove_own_output(&old);
    Ok(())
}

/// Whether a failed file operation may succeed when tried again shortly:
/// on Windows, "access denied" is what a rename gets while any program has
/// a file in the folder open without sharing deletes, which virus scanners
/// and the search indexer do for a moment after files are written.
fn is_transient(e: &std::io::Error) -> bool {
    cfg!(windows) && e.kind() == std::io::ErrorKind::PermissionDenied
}

/// Runs `op`, retrying it for up to about a second while it fails with a
/// transient error ([`is_transient`]).
fn retry_transient<T>(op: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    retry_while(op, is_transient, RETRY_DELAYS_MS)
}

/// Pauses between tries of [`retry_transient`], in milliseconds (1.1 s in all).
const RETRY_DELAYS_MS: &[u64] = &[10, 20, 40, 80, 160, 320, 500];

fn retry_while<T>(
    mut op: impl FnMut() -> std::io::Result<T>,
    transient: impl Fn(&std::io::Error) -> bool,
    delays_ms: &[u64],
) -> std::io::Result<T> {
    let mut delays = delays_ms.iter();
    loop {
        match op() {
            Err(e) if transient(&e) => match delays.next() {
                Some(&ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
                None => return Err(e),
            },
            result => return result,
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no exchange",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into a new folder beside `out`, then swaps it in.
    fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
        let staging = Staging::create(out)?;
        staging.make_dirs(files.iter().map(OutputFile::path))?;
        files.par_iter().try_for_each(|f| staging.write_file(f))?;
        staging.commit()
    }

    fn text(path: &str, t: &str) -> OutputFile {
        OutputFile::Text {
            path: path.into(),
            text: t.into(),
        }
    }

    #[test]
    fn writes_and_replaces() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[text("a/index.html", "1"), text("old.html", "x")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "1"
        );
        write_site(&out, &[text("a/index.html", "2")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("old.html").exists(), "stale files are gone");
        // No staging or old folders are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn removes_staging_folders_of_dead_builds_only() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // A process that has exited, one that is running (this test), a
        // symlink and an unrelated folder with a similar name.
        // (This test binary itself, listing its tests: exists everywhere.)
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let mk = |n: &str| {
            let p = tmp.path().join(n);
            std::fs::create_dir_all(p.join("a")).unwrap();
            std::fs::write(p.join("a/index.html"), "x").unwrap();
            // Staging folders carry the marker from the start.
            std::fs::write(p.join(MARKER_FILE), "").unwrap();
            p
        };
        let stale = mk(&format!(".public.stegvis-ny-{dead}"));
        let stale_old = mk(&format!(".public.stegvis-gammel-{dead}"));
        let other_out = mk(&format!(".andre.stegvis-ny-{dead}"));
        let unrelated = mk(&format!(".public.stegvis-noe-{dead}"));
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            &other_out,
            tmp.path().join(format!(".public.stegvis-ny-{}", dead + 1)),
        )
        .unwrap();
        // The running build's own folder is left to `Staging::create`.
        let mine = mk(&format!(".public.stegvis-ny-{live}"));
        remove_stale_siblings(&out);
        assert!(!stale.exists() && !stale_old.exists());
        assert!(other_out.exists() && unrelated.exists() && mine.exists());
        write_site(&out, &[text("a/index.html", "1")]).unwrap();
        assert!(!mine.exists(), "this process's own leftover is replaced");
    }

    /// A staging folder with `files` (and the marker every one has).
    fn folder_with(dir: &Path, files: &[(&str, &str)]) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(MARKER_FILE), "").unwrap();
        for (name, text) in files {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(name)).ok()
    }

    /// The swap macOS and Windows use, run here too: it replaces the whole
    /// folder, leaves nothing beside it, and also works when there is no
    /// output yet.
    #[test]
    fn portable_swap_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = tmp.path().join("staging-1");
        folder_with(&first, &[("a/index.html", "1"), ("gone.html", "x")]);
        swap_by_renames(&first, &out).unwrap();
        assert_eq!(read(&out, "a/index.html").as_deref(), Some("1"));
        assert!(!first.exists());

        let second = tmp.path().join("staging-2");
        folder_with(&second, &[("a/index.html", "2")]);
        // A leftover of an earlier interrupted swap by this process is no
        // obstacle.
        folder_with(&sibling(&out, "gammel"), &[("x.html", "old")]);
        swap_by_renames(&second, &out).unwrap();
        assert_eq!(read(&out, "a/index.html").as_deref(), Some("2"));
        assert!(!out.join("gone.html").exists(), "stale files are gone");
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![OsString::from("public")]);
    }

    /// When the new folder cannot be moved in, the old output is put back
    /// untouched and the error names the output folder.
    #[test]
    fn portable_swap_puts_the_old_output_back_on_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        folder_with(&out, &[("index.html", "gammel"), (MARKER_FILE, "")]);
        let missing = tmp.path().join("finnes-ikke");
        let err = swap_by_renames(&missing, &out).unwrap_err();
        assert!(err.message.contains("public"), "{}", err.message);
        assert_eq!(read(&out, "index.html").as_deref(), Some("gammel"));
        assert!(!sibling(&out, "gammel").exists());
    }

    /// The whole write path with the portable swap, as a build on macOS or
    /// Windows takes it: a failed write in between leaves the old site.
    #[test]
    fn portable_path_end_to_end() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for version in ["1", "2"] {
            let staging = Staging::create(&out).unwrap();
            staging.make_dirs(["a/index.html"].into_iter()).unwrap();
            staging.write("a/index.html", version.as_bytes()).unwrap();
            std::fs::write(staging.dir.join(MARKER_FILE), "").unwrap();
            swap_by_renames(&staging.dir, &out).unwrap();
            drop(staging);
            assert_eq!(read(&out, "a/index.html").as_deref(), Some(version));
        }
        let staging = Staging::create(&out).unwrap();
        assert!(staging.write("mangler/mappe.html", b"x").is_err());
        drop(staging);
        assert_eq!(read(&out, "a/index.html").as_deref(), Some("2"));
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn retries_transient_errors_only_and_not_forever() {
        use std::io::{Error, ErrorKind};
        let transient = |e: &Error| e.kind() == ErrorKind::PermissionDenied;
        let mut calls = 0;
        let r = retry_while(
            || {
                calls += 1;
                if calls < 3 {
                    Err(Error::from(ErrorKind::PermissionDenied))
                } else {
                    Ok(calls)
                }
            },
            transient,
            &[0, 0, 0, 0],
        );
        assert_eq!(r.unwrap(), 3);

        let mut calls = 0;
        let r: std::io::Result<()> = retry_while(
            || {
                calls += 1;
                Err(Error::from(ErrorKind::NotFound))
            },
            transient,
            &[0, 0],
        );
        assert_eq!((r.unwrap_err().kind(), calls), (ErrorKind::NotFound, 1));

        let mut calls = 0;
        let r: std::io::Result<()> = retry_while(
            || {
                calls += 1;
                Err(Error::from(ErrorKind::PermissionDenied))
            },
            transient,
            &[0, 0],
        );
        assert_eq!(
            (r.unwrap_err().kind(), calls),
            (ErrorKind::PermissionDenied, 3)
        );
        // Only Windows treats "access denied" as passing.
        assert_eq!(
            is_transient(&Error::from(ErrorKind::PermissionDenied)),
            cfg!(windows)
        );
    }
}
