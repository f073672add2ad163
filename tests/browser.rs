//! Browser tests of the default theme: the bundled site is built with the
//! real binary, served over HTTP on 127.0.0.1 (a small static file server in
//! this file, with a strict Content-Security-Policy) and driven in Debian's
//! headless Chromium by the Node scripts in `tests/browser/` (playwright-core
//! and axe-core from npm; no browser is ever downloaded).
//!
//! Without Chromium, Node or `tests/browser/node_modules` the tests print a
//! loud `SKIPPED` line and pass, unless `STEGVIS_BROWSER_TESTS=required`
//! (set by `.ci/run`), when they fail.
//!
//! Screenshots (320 px and 1280 px) and print PDFs of every page type are
//! written to `target/screenshots/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a single browser script may run.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(300);

/// The Content-Security-Policy the theme must work under: no inline scripts
/// or styles, nothing from other origins.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                   img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn browser_dir() -> PathBuf {
    repo().join("tests").join("browser")
}

/// `target/`, found from the integration tests' scratch folder `target/tmp`.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Why the browser tests cannot run here, if they cannot.
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

/// True when the tests can run; otherwise skips loudly, or fails in CI.
fn browser_available() -> bool {
    let Some(reason) = missing_tools() else {
        return true;
    };
    if std::env::var("STEGVIS_BROWSER_TESTS").as_deref() == Ok("required") {
        panic!("browser tests are required (STEGVIS_BROWSER_TESTS=required) but {reason}");
    }
    // Straight to the process's stderr, past the test harness's capture.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED browser tests: {reason} ***\n"
    );
    false
}

struct Served {
    base_url: String,
}

/// Builds the bundled site once and serves it for all tests in this file.
fn site() -> &'static Served {
    static SITE: OnceLock<Served> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-site");
        let status = Command::new(env!("CARGO_BIN_EXE_stegvis"))
            .arg("--root")
            .arg(repo())
            .arg("--no-color")
            .arg("build")
            .arg("--output")
            .arg(&out)
            .status()
            .expect("run stegvis");
        assert!(status.success(), "stegvis build failed: {status}");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = out.clone();
                thread::spawn(move || {
                    let _ = serve(stream, &root);
                });
            }
        });
        Served {
            base_url: format!("http://127.0.0.1:{port}/"),
        }
    })
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One request per connection: GET or HEAD of a file below `root`;
/// folders answer with their index.html, unknown paths with 404.html.
fn serve(stream: TcpStream, root: &Path) -> std::io::Result<()> {
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
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path).unwrap_or_default();
    let relative = Path::new(decoded.trim_start_matches('/'));
    let safe = decoded.starts_with('/')
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));

    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            &[],
        );
    }
    let mut file = root.join(relative);
    if safe && file.is_dir() {
        if !decoded.ends_with('/') {
            let location = format!("{path}/");
            return respond(
                &mut stream,
                "301 Moved Permanently",
                "text/plain",
                b"",
                &[("Location", &location)],
            );
        }
        file = file.join("index.html");
    }
    let (status, file) = if safe && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let body = if method == "HEAD" { &[][..] } else { &body[..] };
    respond(&mut stream, status, content_type(&file), body, &[])
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

/// Runs `node tests/browser/<script> <base-url>` against the built site and
/// fails with its output unless it exits 0.
fn run_script(script: &str) {
    if !browser_available() {
        return;
    }
    run_script_at(script, &site().base_url, &[]);
}

/// Runs a browser script against any server, with extra environment.
fn run_script_at(script: &str, base_url: &str, env: &[(&str, &Path)]) {
    let screenshots = target_dir().join("screenshots");
    std::fs::create_dir_all(&screenshots).expect("create target/screenshots");
    let mut child = Command::new("node")
        .arg(browser_dir().join(script))
        .arg(base_url)
        .envs(env.iter().map(|(k, v)| (*k, v.as_os_str())))
        .current_dir(browser_dir())
        .env("STEGVIS_SCREENSHOTS", &screenshots)
        .env("STEGVIS_CHROMIUM", CHROMIUM)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let pipe = |r: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let out = pipe(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = pipe(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
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
        None => panic!(
            "{script} timed out after {}s:\n{stdout}\n{stderr}",
            SCRIPT_TIMEOUT.as_secs()
        ),
    }
}

/// Ticks survive a reload, step page and checklist page share them, the
/// overview shows "Pågår 1 av N", reset clears them; nynorsk texts.
#[test]
fn checklists_remember_ticks() {
    run_script("checklist.mjs");
}

/// A typed constitution date recomputes every date on the timeline page and
/// the calendar file made in the browser.
#[test]
fn timeline_recomputes_dates() {
    run_script("timeline.mjs");
}

/// axe-core (WCAG 2.1 A and AA) on every page of the bundled site, plus skip
/// link, focus, landmarks, headings, 320 px reflow, reduced motion, CSP.
#[test]
fn every_page_is_accessible() {
    run_script("a11y.mjs");
}

/// Print style: no navigation chrome, link targets after links, PDFs.
#[test]
fn pages_print_cleanly() {
    run_script("print.mjs");
}

/// Screenshots of each page type at 320 px and 1280 px.
#[test]
fn screenshots_of_every_page_type() {
    run_script("screenshots.mjs");
}

/// `stegvis serve` in a real browser: the open page shows an edited step's
/// new text without any manual reload, keeps its scroll position, shows the
/// error overlay when a save breaks the build and drops it after the fix.
#[test]
fn live_reload_in_the_browser() {
    if !browser_available() {
        return;
    }
    // A copy of the bundled guide to edit.
    let tmp = tempfile::tempdir().expect("tempdir");
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.expect("walk content");
        let rel = entry.path().strip_prefix(repo()).expect("inside repo");
        let dest = tmp.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
    std::fs::copy(repo().join("site.yaml"), tmp.path().join("site.yaml")).expect("copy site.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["serve", "--port", "0", "--no-color"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start stegvis serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(url) = line.strip_prefix("Forhåndsvisning: ") {
                    break url.to_string();
                }
            }
            _ => {
                let _ = child.kill();
                panic!("stegvis serve did not print its address");
            }
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    thread::spawn(move || for _ in lines {});
    let result = std::panic::catch_unwind(|| {
        run_script_at(
            "livereload.mjs",
            &base,
            &[("STEGVIS_SITE_ROOT", tmp.path())],
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
