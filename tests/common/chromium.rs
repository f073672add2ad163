//! Browser tests' plumbing (tests/browser.rs, tests/browser_search.rs):
//! whether Debian's headless Chromium, Node and the npm packages in
//! `tests/browser/` are there (skip loudly, or fail when
//! `STEGVIS_BROWSER_TESTS=required`), a static file server with a strict
//! Content-Security-Policy, and running one Node script against a URL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a single browser script may run.
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(300);

/// The Content-Security-Policy the theme must work under: no inline scripts
/// or styles, nothing from other origins.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                       img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
                       base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// [`CSP`] plus `'wasm-unsafe-eval'`: Pagefind's search runs as
/// WebAssembly, which a policy must allow explicitly.
pub const CSP_WITH_WASM: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                                 style-src 'self'; img-src 'self'; font-src 'self'; \
                                 connect-src 'self'; object-src 'none'; base-uri 'none'; \
                                 form-action 'self'; frame-ancestors 'none'";

pub fn browser_dir() -> PathBuf {
    super::repo().join("tests").join("browser")
}

/// `target/`, found from the integration tests' scratch folder `target/tmp`.
pub fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Why the browser tests cannot run here, if they cannot.
pub fn missing_tools() -> Option<String> {
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

/// True when the browser tests can run; otherwise prints a loud SKIPPED
/// line (past the test harness's capture), or panics in CI.
pub fn browser_available() -> bool {
    let Some(reason) = missing_tools() else {
        return true;
    };
    if std::env::var("STEGVIS_BROWSER_TESTS").as_deref() == Ok("required") {
        panic!("browser tests are required (STEGVIS_BROWSER_TESTS=required) but {reason}");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED browser tests: {reason} ***\n"
    );
    false
}

/// Serves the folder `root` at `http://127.0.0.1:PORT{base_path}` until the
/// process ends, every answer with `csp`; returns that URL. One request per
/// connection, GET and HEAD; folders answer with their index.html (a folder
/// without the final `/` is redirected), unknown paths with 404.html.
pub fn serve_folder(root: PathBuf, base_path: &'static str, csp: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || {
                let _ = answer(stream, &root, base_path, csp);
            });
        }
    });
    format!("http://127.0.0.1:{port}{base_path}")
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
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
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

fn answer(mut stream: TcpStream, root: &Path, base_path: &str, csp: &str) -> std::io::Result<()> {
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
    // Everything outside the base path, and anything with `..` or the like,
    // is not found.
    let inside = decoded.strip_prefix(base_path);
    let relative = Path::new(inside.unwrap_or(""));
    let safe = inside.is_some()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let respond = |stream: &mut TcpStream, status: &str, file: Option<&Path>, extra: &str| {
        let body = file.map(std::fs::read).transpose()?.unwrap_or_default();
        // An empty `csp` sends no policy header: the pages' own <meta>
        // policy is then the only one (tests/browser.rs, csp.mjs).
        let policy = if csp.is_empty() {
            String::new()
        } else {
            format!("Content-Security-Policy: {csp}\r\n")
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             {policy}X-Content-Type-Options: nosniff\r\n\
             Cache-Control: no-store\r\nConnection: close\r\n{extra}\r\n",
            file.map_or("text/plain", content_type),
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        stream.flush()
    };
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", None, "");
    }
    let mut file = root.join(relative);
    if safe && file.is_dir() {
        if !decoded.ends_with('/') {
            let location = format!("Location: {path}/\r\n");
            return respond(&mut stream, "301 Moved Permanently", None, &location);
        }
        file = file.join("index.html");
    }
    if safe && file.is_file() {
        respond(&mut stream, "200 OK", Some(&file), "")
    } else {
        respond(
            &mut stream,
            "404 Not Found",
            Some(&root.join("404.html")),
            "",
        )
    }
}

/// Runs `node tests/browser/<script> <base_url>` with Chromium's path and
/// `env`, screenshots going to `target/screenshots/`; fails with the
/// script's output unless it exits 0 within [`SCRIPT_TIMEOUT`].
pub fn run_node(script: &str, base_url: &str, env: &[(&str, &Path)]) {
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
    let drain = |r: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut r) = r {
                let _ = r.read_to_string(&mut s);
            }
            s
        })
    };
    let out = drain(child.stdout.take().map(|s| Box::new(s) as _));
    let err = drain(child.stderr.take().map(|s| Box::new(s) as _));
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
