//! Full-text search in headless Chromium: builds a small site whose pages
//! hold chosen Norwegian word forms, serves it under a sub-path with a
//! Content-Security-Policy, and runs `tests/browser/search.mjs` (Node,
//! playwright-core, Debian's Chromium; see `tests/browser.rs`).
//!
//! Without Chromium, Node or `tests/browser/node_modules` the test prints a
//! loud `SKIPPED` line and passes, unless `STEGVIS_BROWSER_TESTS=required`,
//! when it fails.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(300);
/// The site's sub-path: result links must keep it.
const BASE_PATH: &str = "/veileder/";

/// The policy of `tests/browser.rs`, plus `'wasm-unsafe-eval'`: Pagefind's
/// search runs as WebAssembly, which a CSP must allow explicitly.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn browser_dir() -> PathBuf {
    common::repo().join("tests").join("browser")
}

/// Why the test cannot run here, if it cannot.
fn missing_tools() -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} not found (apt-get install chromium)"));
    }
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(node, Ok(s) if s.success()) {
        return Some("node not found".into());
    }
    for package in ["playwright-core", "axe-core"] {
        if !browser_dir().join("node_modules").join(package).exists() {
            return Some(format!(
                "tests/browser/node_modules/{package} missing (run `npm ci` in tests/browser)"
            ));
        }
    }
    None
}

fn browser_available() -> bool {
    let Some(reason) = missing_tools() else {
        return true;
    };
    if std::env::var("STEGVIS_BROWSER_TESTS").as_deref() == Ok("required") {
        panic!("browser tests are required (STEGVIS_BROWSER_TESTS=required) but {reason}");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED browser search tests: {reason} ***\n"
    );
    false
}

fn step(title: &str, n: usize, slug: &str, kind: &str, body: &str) -> String {
    let legal = if kind == "lovkrav" {
        "legal:\n  - law: pbl\n    section: \"10-1\"\n    requirement: Strategien skal vedtas senest ett år etter konstituering.\n    obligation: skal\n"
    } else {
        ""
    };
    format!(
        "---\ntitle: {title}\nstep: {n}\nkind: {kind}\nsummary: Kort om steg {n}.\n\
         updated: 2024-11-01\nslug: {slug}\n{legal}---\n{body}\n"
    )
}

/// The test site: each word form the script looks for is on one page only,
/// and only in the form the query does not use.
fn search_site() -> common::Site {
    let mut files: Vec<(String, String)> = vec![
        // The shared test site's guide goes; its front matter words would
        // match everywhere.
        ("content/g/_guide.md".into(), String::new()),
        ("content/g/01-start.md".into(), String::new()),
        ("content/g/02-vedtak.md".into(), String::new()),
        // A page with none of the words searched for.
        (
            "content/om.md".into(),
            "---\ntitle: Om veilederen\nsummary: Hvem står bak.\nslug: om\n---\nKontakt oss på e-post.\n".into(),
        ),
        (
            "content/strategi/_guide.md".into(),
            "---\ntitle: Strategiarbeid\nsummary: Fra oppstart til vedtak.\norder: 1\n---\nSlik går dere fram.\n".into(),
        ),
        (
            "content/strategi/01-oppstart.md".into(),
            step(
                "Sett i gang arbeidet",
                1,
                "oppstart",
                "råd",
                "Arbeidet med en planstrategi bør begynne tidlig i valgperioden.\n\n\
                 - [ ] Finn en dato for oppstartsmøtet\n",
            ),
        ),
        (
            "content/strategi/02-behandling.md".into(),
            step(
                "Politisk behandling",
                2,
                "behandling",
                "lovkrav",
                "Forslaget legges fram for kommunestyre og formannskap.\n",
            ),
        ),
        (
            "content/strategi/03-horing.md".into(),
            step(
                "Innspill fra andre",
                3,
                "horing",
                "råd",
                "Høringen varer i minst seks uker.\n",
            ),
        ),
        (
            "content/strategi/04-frister.md".into(),
            step(
                "Frister",
                4,
                "frister",
                "råd",
                "Sett opp en milepæl for hvert vedtak.\n",
            ),
        ),
        (
            "content/faste/_guide.md".into(),
            "---\ntitle: Faste gjøremål\nsummary: Det som går igjen.\norder: 2\n---\nOversikt.\n"
                .into(),
        ),
    ];
    for n in 1..=14 {
        files.push((
            format!("content/faste/{n:02}-del.md"),
            step(
                &format!("Del {n}"),
                n,
                &format!("del-{n}"),
                "råd",
                &format!("Her står det rutiner for del {n}."),
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    common::Site::with(&refs)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// Serves `root` at `BASE_PATH` until the process ends: one request per
/// connection, GET only, folders answer with their index.html.
fn serve(root: PathBuf, listener: TcpListener) {
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.strip_prefix(BASE_PATH).unwrap_or("\0");
    let safe = !rel.contains('%')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let mut file = root.join(rel);
    if safe && file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if safe && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

fn run_node(script: &str, base_url: &str) {
    let mut child = Command::new("node")
        .arg(browser_dir().join(script))
        .arg(base_url)
        .current_dir(browser_dir())
        .env("STEGVIS_CHROMIUM", CHROMIUM)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    println!("{stdout}");
    eprintln!("{stderr}");
    match status {
        Some(s) if s.success() => {}
        Some(s) => panic!("{script} failed ({s}):\n{stdout}\n{stderr}"),
        None => panic!("{script} timed out:\n{stdout}\n{stderr}"),
    }
}

/// "planstrategien" finds "planstrategi", "kommunestyret" finds
/// "kommunestyre", "høring" finds "Høringen"; title and marked snippet;
/// keyboard use; no-JS fallback; axe-core; bytes of the first query.
#[test]
fn search_finds_norwegian_word_forms_in_chromium() {
    if !browser_available() {
        return;
    }
    let site = search_site();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    let base_url = format!("http://127.0.0.1:{port}{BASE_PATH}");
    let res = common::stegvis(
        &[
            "build",
            "--no-color",
            "--output",
            "public",
            "--base-url",
            &base_url,
        ],
        site.root(),
    );
    assert!(res.status.success(), "{}", common::text(&res).1);
    serve(site.out(), listener);
    run_node("search.mjs", &base_url);
}
