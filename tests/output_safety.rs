//! Output safety with real processes: builds started at the same time into
//! the same output never corrupt it, and a build killed (SIGKILL) at any
//! moment leaves exactly the old site or exactly the new one — never a mix —
//! while the staging folders of killed builds are cleaned up by the next
//! build, and those of running builds are left alone.
//!
//! `STEGVIS_KILL_TRIALS=60 cargo test --test output_safety -- --ignored killed_builds_long`
//! runs the long version (RELIABILITY.md has the figures).

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A site with `steps` steps whose every page shows `version`.
fn big_site(steps: usize, version: &str) -> Site {
    let site = Site::new();
    set_version(&site, steps, version);
    site
}

fn set_version(site: &Site, steps: usize, version: &str) {
    site.write(
        "site.yaml",
        SITE_YAML.replace("Testveileder", &format!("Testveileder {version}")),
    );
    for i in 3..steps + 3 {
        site.write(
            &format!("content/g/{i:04}-steg.md"),
            format!(
                "---\ntitle: Steg {i} {version}\nstep: {i}\nkind: råd\nsummary: Versjon {version}.\nupdated: 2024-11-01\n---\n## Del\n\n{}\n",
                "Tekst om planstrategi og § 10-1. ".repeat(40)
            ),
        );
    }
}

fn build_into(site: &Site, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stegvis"));
    c.args(["build", "--no-color", "--output"])
        .arg(out)
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".stegvis-"))
        .collect()
}

type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

fn which(out: &Snapshot, versions: &[(&str, &Snapshot)]) -> Option<String> {
    versions
        .iter()
        .find(|(_, s)| *s == out)
        .map(|(n, _)| n.to_string())
}

#[test]
fn simultaneous_builds_never_mix() {
    let a = big_site(150, "A");
    let b = big_site(150, "B");
    let shared = tempfile::tempdir().unwrap();
    let out = shared.path().join("public");
    // What each site's build looks like on its own.
    for (site, name) in [(&a, "ref-a"), (&b, "ref-b")] {
        assert!(build_into(site, &shared.path().join(name))
            .status()
            .unwrap()
            .success());
    }
    let ref_a = snapshot(&shared.path().join("ref-a"));
    let ref_b = snapshot(&shared.path().join("ref-b"));
    assert_ne!(ref_a, ref_b);
    for round in 0..4 {
        // Three builds at once: two of A, one of B (or the other way).
        let sites = if round % 2 == 0 {
            [&a, &b, &a]
        } else {
            [&b, &a, &b]
        };
        let children: Vec<_> = sites
            .iter()
            .map(|s| build_into(s, &out).spawn().unwrap())
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}: a build failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let got = snapshot(&out);
        assert!(
            which(&got, &[("A", &ref_a), ("B", &ref_b)]).is_some(),
            "round {round}: the output is neither site A nor site B"
        );
        assert!(
            leftovers(shared.path()).is_empty(),
            "{:?}",
            leftovers(shared.path())
        );
    }
}

/// Builds the site alternately as version 1 and 2 and kills each build
/// after a different delay; the output must always be a whole version.
fn kill_trials(trials: usize, steps: usize) {
    let site = big_site(steps, "1");
    let refs = tempfile::tempdir().unwrap();
    assert!(build_into(&site, &refs.path().join("v1"))
        .status()
        .unwrap()
        .success());
    set_version(&site, steps, "2");
    assert!(build_into(&site, &refs.path().join("v2"))
        .status()
        .unwrap()
        .success());
    let v1 = snapshot(&refs.path().join("v1"));
    let v2 = snapshot(&refs.path().join("v2"));
    let versions = [("1", &v1), ("2", &v2)];

    // How long a build takes that replaces an existing output, as below.
    let out = site.out();
    assert!(build_into(&site, &out).status().unwrap().success());
    set_version(&site, steps, "1");
    let started = Instant::now();
    assert!(build_into(&site, &out).status().unwrap().success());
    let full = started.elapsed();
    let mut current = "1".to_string();
    let (mut old, mut new, mut killed_staging) = (0, 0, 0);
    for t in 0..trials {
        let next = if current == "1" { "2" } else { "1" };
        set_version(&site, steps, next);
        // Delays spread over the whole build, beyond its end too (a build
        // here also removes what the last killed one left).
        let delay = full.mul_f64((t as f64 + 0.5) / trials as f64 * 1.5);
        let mut child = build_into(&site, &out).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let got = snapshot(&out);
        let now = which(&got, &versions).unwrap_or_else(|| {
            panic!("trial {t}: killed after {delay:?}, the output is a mix ({status})")
        });
        if now == current {
            old += 1;
        } else {
            new += 1;
        }
        if !leftovers(site.root()).is_empty() {
            killed_staging += 1;
        }
        current = now;
    }
    eprintln!(
        "{trials} builds killed over {full:?}: {old} left the old site, {new} the new one, \
         {killed_staging} left a staging folder"
    );
    // The next build removes what the killed ones left behind.
    assert!(build_into(&site, &out).status().unwrap().success());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn killed_builds_leave_old_or_new_never_a_mix() {
    kill_trials(10, 200);
}

#[test]
#[ignore = "long: run by hand, see RELIABILITY.md"]
fn killed_builds_long() {
    let trials = std::env::var("STEGVIS_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    kill_trials(trials, 1000);
}

#[test]
fn staging_of_a_running_build_is_left_alone() {
    let site = Site::new();
    assert!(site.build().status.success());
    // A build that is still running (any live process will do: a preview
    // server, which runs until killed) and one that was killed. stegvis
    // itself, so the test runs on Windows too.
    let bin = env!("CARGO_BIN_EXE_stegvis");
    let mut running = Command::new(bin)
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut gone = Command::new(bin)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let live_dir = site
        .root()
        .join(format!(".public.stegvis-ny-{}", running.id()));
    let dead_dir = site.root().join(format!(".public.stegvis-ny-{dead}"));
    // A staging folder carries the marker from its first moment.
    for d in [&live_dir, &dead_dir] {
        std::fs::create_dir_all(d.join("halvferdig")).unwrap();
        std::fs::write(d.join("halvferdig/index.html"), "<p>halv").unwrap();
        std::fs::write(d.join(".stegvis-output"), "").unwrap();
    }
    // A look-alike without the marker is not stegvis's: never removed.
    let foreign = site.root().join(format!(".public.stegvis-gammel-{dead}"));
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("mitt.txt"), "mitt").unwrap();
    assert!(site.build().status.success());
    assert!(
        foreign.join("mitt.txt").exists(),
        "a folder without the marker was removed"
    );
    std::fs::remove_dir_all(&foreign).unwrap();
    let live_kept = live_dir.join("halvferdig/index.html").exists();
    let _ = running.kill();
    let _ = running.wait();
    assert!(live_kept, "a running build's staging folder was touched");
    // (Linux reads /proc, macOS asks kill(pid, 0), Windows OpenProcess.)
    assert!(
        !dead_dir.exists(),
        "a killed build's staging folder is left"
    );
    // With the process gone, the next build cleans it up.
    assert!(site.build().status.success());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// Issue 25, bug 1: an output path through a folder that does not exist
/// yet (`nyx/../content`) resolved to `content/` only after the build made
/// `nyx`, and the swap then removed the Markdown. Every such path is refused
/// before anything is written, and the sources are untouched.
#[test]
fn an_output_path_that_resolves_to_a_source_folder_is_refused() {
    let site = Site::new();
    site.write("static/bilde.txt", "bilde");
    let before = snapshot(site.root());
    for out in [
        "nyx/../content",
        "nyx/./../static",
        "content/x",
        "static/pub",
        "nyx/../content/g",
        "./",
        "nyx/..",
        "..",
        "content/../nyx/../content/",
    ] {
        let res = stegvis(&["build", "--no-color", "--output", out], site.root());
        let (_, err) = text(&res);
        assert!(
            !res.status.success(),
            "`--output {out}` was accepted: {err}"
        );
        assert!(err.contains("utdatamappen"), "`--output {out}`: {err}");
        assert_eq!(
            snapshot(site.root()),
            before,
            "`--output {out}` changed the site's files"
        );
        assert!(
            !site.root().join("nyx").exists(),
            "`--output {out}` made a folder"
        );
    }
}
