// Build script: rebuilds when the embedded default theme changes (it is
// compiled in with include_dir so `stegvis init` and sites without a themes/
// folder work), and gives `stegvis --version` the commit it was built from.
use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-env-changed=STEGVIS_COMMIT");

    let version = env!("CARGO_PKG_VERSION");
    let long = match commit() {
        Some(c) => format!("{version} (commit {c})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=STEGVIS_LONG_VERSION={long}");
}

/// The short commit hash: `STEGVIS_COMMIT` when set (for packagers building
/// from a tarball), else `git rev-parse` in a checkout, else the hash cargo
/// records in `.cargo_vcs_info.json` when it packages a crate, else none.
fn commit() -> Option<String> {
    if let Ok(c) = std::env::var("STEGVIS_COMMIT") {
        let c = c.trim();
        return (!c.is_empty()).then(|| c.to_string());
    }
    // (No "uncommitted changes" mark: this script does not rerun when a
    // source file changes, so such a mark would go stale.)
    if let Some(c) = git(&["rev-parse", "--short=9", "HEAD"]) {
        watch_git_head();
        return Some(c);
    }
    let info = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    let sha = info.split("\"sha1\"").nth(1)?;
    let sha = sha.split('"').nth(1)?;
    (sha.len() >= 9 && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha[..9].to_string())
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// Reruns this script when HEAD moves: the HEAD file (a branch switch) and
/// the branch's ref (a commit), loose or packed. Only files that exist are
/// named: cargo reruns on every build for a missing one.
fn watch_git_head() {
    let mut files = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        files.push(git(&["rev-parse", "--git-path", &branch]));
    }
    files.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    for f in files.into_iter().flatten() {
        if Path::new(&f).exists() {
            println!("cargo:rerun-if-changed={f}");
        }
    }
}
