//! The terminal conventions and platform behaviour of the `stegvis` binary:
//! colour only for a terminal (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`),
//! `serve` on a taken port, `--version` naming the commit, and sites saved
//! with Windows line endings.

mod common;
use common::*;

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use stegvis::serve::{bind_port, PortChoice, PORT_TAKEN};

const ESC: &str = "\u{1b}[";
const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// The environment variables that decide colour, all removed.
const COLOR_ENV: [&str; 4] = ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"];

/// Runs `stegvis check` on a site with an error, stderr to a pipe (not a
/// terminal), with only the given colour variables set.
fn check_with(args: &[&str], env: &[(&str, &str)]) -> String {
    let site = Site::with(&[("content/g/01-start.md", "---\ntittel: x\nukjent: 1\n---\n")]);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stegvis"));
    cmd.arg("check").args(args).current_dir(site.root());
    for var in COLOR_ENV {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run stegvis");
    assert_eq!(out.status.code(), Some(1), "the site has an error");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("unknown-field"),
        "the error is reported: {stderr}"
    );
    stderr
}

fn colored(stderr: &str) -> bool {
    stderr.contains(ESC)
}

#[test]
fn output_to_a_file_or_pipe_has_no_colour_by_default() {
    assert!(!colored(&check_with(&[], &[])));
    assert!(!colored(&check_with(&["--color", "auto"], &[])));
}

#[test]
fn color_always_and_never_win() {
    assert!(colored(&check_with(&["--color", "always"], &[])));
    // Explicit wins over the environment, both ways.
    assert!(colored(&check_with(
        &["--color", "always"],
        &[("NO_COLOR", "1")]
    )));
    assert!(!colored(&check_with(
        &["--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    // --no-color stays an alias of --color never, and wins over always.
    assert!(!colored(&check_with(
        &["--no-color"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(!colored(&check_with(
        &["--color", "always", "--no-color"],
        &[]
    )));
}

#[test]
fn clicolor_force_colours_a_file_and_no_color_beats_it() {
    assert!(colored(&check_with(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!colored(&check_with(&[], &[("CLICOLOR_FORCE", "0")])));
    assert!(!colored(&check_with(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    // An empty NO_COLOR does not count (no-color.org).
    assert!(colored(&check_with(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]
    )));
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["--color", "kanskje", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A real terminal (a pseudo-terminal from util-linux `script`) gets colour
/// by default, and `NO_COLOR` still turns it off there.
#[test]
fn a_terminal_gets_colour() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED a_terminal_gets_colour: util-linux `script` is not installed");
        return;
    }
    let site = Site::with(&[("content/g/01-start.md", "---\ntittel: x\nukjent: 1\n---\n")]);
    let run = |no_color: bool| {
        let bin = env!("CARGO_BIN_EXE_stegvis");
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &format!("'{bin}' check"), "/dev/null"])
            .current_dir(site.root())
            .env("TERM", "xterm-256color")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().unwrap();
        let all = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(all.contains("unknown-field"), "{all}");
        all
    };
    assert!(colored(&run(false)));
    assert!(!colored(&run(true)));
}

#[test]
fn version_names_the_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let version = format!("stegvis {}", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&version), "{text}");
    let head = Command::new("git")
        .args(["rev-parse", "--short=9", "HEAD"])
        .current_dir(repo())
        .output();
    match head {
        Ok(h) if h.status.success() && std::env::var_os("STEGVIS_COMMIT").is_none() => {
            let head = String::from_utf8_lossy(&h.stdout).trim().to_string();
            assert_eq!(text, format!("{version} (commit {head})"));
        }
        _ => eprintln!("(no git checkout here: only the version is checked: {text})"),
    }
}

/// `stegvis serve` in its own process; killed when dropped.
struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stegvis"));
    cmd.arg("serve")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    Server {
        child: cmd.spawn().expect("start stegvis serve"),
    }
}

/// A port that is taken: held by a listener of this test.
fn taken_port() -> (TcpListener, u16) {
    let l = TcpListener::bind((LOCALHOST, 0)).unwrap();
    let port = l.local_addr().unwrap().port();
    (l, port)
}

#[test]
fn default_port_taken_means_the_next_free_one() {
    let site = Site::new();
    let (_held, port) = taken_port();
    let mut srv = serve(
        site.root(),
        &[],
        &[("STEGVIS_DEFAULT_PORT", &port.to_string())],
    );
    let stdout = srv.child.stdout.take().unwrap();
    let stderr = srv.child.stderr.take().unwrap();
    let (tx, rx) = channel();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    std::thread::spawn(move || {
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(l);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut lines = Vec::new();
    let url = loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("serve prints its address; printed {lines:?}"));
        if let Some(url) = line.strip_prefix("Forhåndsvisning: http://127.0.0.1:") {
            // `PORT/` or `PORT/sub-path/` (the site's base_url path).
            break url.split('/').next().unwrap_or("").to_string();
        }
        lines.push(line);
    };
    let bound: u16 = url.parse().unwrap();
    assert_ne!(bound, port, "the taken port is not reported as bound");
    // The reason goes to stderr and the address to stdout: two pipes, read
    // by two threads, so the reason may arrive after the address.
    let says_why = |l: &String| {
        l.contains(&format!("porten {port} er opptatt")) && l.contains(&bound.to_string())
    };
    while !lines.iter().any(says_why) {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => lines.push(line),
            Err(_) => panic!("says why it moved: {lines:?}"),
        }
    }
    // It really serves there (under the site's sub-path, `/veileder/`).
    let body = http_get(&format!("127.0.0.1:{bound}"), "/veileder/");
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
}

#[test]
fn an_explicit_port_that_is_taken_is_an_error_with_a_hint() {
    let site = Site::new();
    let (_held, port) = taken_port();
    let mut srv = serve(site.root(), &["--port", &port.to_string()], &[]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = srv.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(srv.child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("porten {port} er opptatt")),
        "{stderr}"
    );
    assert!(
        stderr.contains("--port"),
        "the hint names the way out: {stderr}"
    );
    assert!(stderr.contains(PORT_TAKEN), "{stderr}");
}

#[test]
fn port_choice_in_the_library() {
    let (_held, port) = taken_port();
    let err = bind_port(LOCALHOST, PortChoice::Exact(port)).unwrap_err();
    assert_eq!(err.code, PORT_TAKEN);
    assert!(err.hint.as_deref().unwrap_or("").contains("--port"));
    let l = bind_port(LOCALHOST, PortChoice::FirstFreeFrom(port)).unwrap();
    let got = l.local_addr().unwrap().port();
    assert_ne!(got, port);
    // Several taken in a row: still a free one.
    let held: Vec<_> = (0..3).map(|_| taken_port()).collect();
    for (_, p) in &held {
        let l = bind_port(LOCALHOST, PortChoice::FirstFreeFrom(*p)).unwrap();
        assert_ne!(l.local_addr().unwrap().port(), *p);
    }
    // Port 0 asked for exactly: any free port.
    let any = bind_port(LOCALHOST, PortChoice::Exact(0)).unwrap();
    assert_ne!(any.local_addr().unwrap().port(), 0);
}

fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// A site whose every source file was saved with Windows line endings (as
/// Notepad does, or git with `core.autocrlf`) builds to the same pages as
/// the same site with Unix line endings.
#[test]
fn windows_line_endings_build_the_same_site() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let files = [
        ("site.yaml", SITE_YAML),
        ("content/g/_guide.md", GUIDE),
        ("content/g/01-start.md", STEP_1),
        ("content/g/02-vedtak.md", STEP_2),
        ("content/om.md", PAGE),
    ];
    let lf = Site::new();
    let windows_texts: Vec<(&str, String)> = files.iter().map(|(p, t)| (*p, crlf(t))).collect();
    let windows = Site::new();
    for (p, t) in &windows_texts {
        windows.write(p, t);
    }
    for site in [&lf, &windows] {
        let out = site.build();
        assert!(out.status.success(), "{:?}", text(&out));
    }
    let a = snapshot(&lf.out());
    let b = snapshot(&windows.out());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    let differing: Vec<_> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.display().to_string())
        .collect();
    assert!(differing.is_empty(), "pages differ: {differing:?}");
}
