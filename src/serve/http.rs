//! HTTP for the preview: a request target to a key of the file table
//! (percent-decoded, refusing traversal), the `Host` check against DNS
//! rebinding, content types, and the answers, each written on a thread of
//! its own.
//!
//! Request targets are decoded with the percent-encoding crate, not parsed
//! with the url crate: a URL parser resolves `..` and `%2e%2e` segments
//! (`/a/../b` becomes `/b`), where the preview refuses any path that tries
//! to leave the site, and tells a malformed escape (400) from a path outside
//! (404).

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use tiny_http::{Header, Request, Response, StatusCode};

const MAX_PATH: usize = 2048;

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum BadPath {
    /// Not decodable, a NUL byte, too long: 400.
    Malformed,
    /// Tries to leave the site: 404, as if it did not exist.
    Outside,
}

/// Turns a request target into a key of the file table: percent-decoded,
/// without query or fragment, no leading `/`, `index.html` for folders.
pub fn request_key(target: &str) -> Result<String, BadPath> {
    if target.len() > MAX_PATH {
        return Err(BadPath::Malformed);
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(BadPath::Malformed);
    }
    let decoded = decode(path)?;
    if decoded.contains('\0') {
        return Err(BadPath::Malformed);
    }
    if decoded.contains('\\') {
        return Err(BadPath::Outside);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(BadPath::Outside),
            s if s.contains(':') => return Err(BadPath::Outside),
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

/// Percent-decodes a path once (the percent-encoding crate), refusing what
/// that crate passes through unchanged by design: a `%` without two hex
/// digits after it (`/%zz`, `/a%0`). Bytes that are not UTF-8 are refused too.
fn decode(path: &str) -> Result<String, BadPath> {
    let escapes_ok = path.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return Err(BadPath::Malformed);
    }
    percent_decode_str(path)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| BadPath::Malformed)
}

/// A `Host` header split into name and port (`[::1]:1111` → `[::1]`, 1111).
pub(super) fn host_name(host: &str) -> (&str, Option<&str>) {
    let host = host.trim();
    if host.starts_with('[') {
        return match host.find(']') {
            Some(i) => (&host[..=i], host[i + 1..].strip_prefix(':')),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

/// A host name as compared: lower case, without a final dot.
pub(super) fn normalize_host(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a request's `Host` names this server: the port it listens on,
/// and `localhost`, an IP address (which DNS rebinding cannot fake: the
/// attacker's page would carry its own name) or a name allowed with
/// `--allow-host`.
pub fn host_allowed(host: &str, port: u16, allowed: &[String]) -> bool {
    let (name, given_port) = host_name(host);
    let port_ok = match given_port {
        Some(p) => p.parse::<u16>().ok() == Some(port),
        None => port == 80,
    };
    if !port_ok || name.is_empty() {
        return false;
    }
    let name = normalize_host(name);
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name.parse::<std::net::Ipv4Addr>().is_ok(),
    };
    ip || name == "localhost" || allowed.contains(&name)
}

/// A response header, or none. Header values are visible ASCII: anything
/// else (a file name with æøå, a control character) is percent-encoded
/// rather than refused, so no request or file name can make a header fail.
pub(super) fn header(name: &str, value: &str) -> Option<Header> {
    let visible = |b: u8| (0x20..0x7f).contains(&b);
    let value: Cow<str> = if value.bytes().all(visible) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(utf8_percent_encode(value, CONTROLS).to_string())
    };
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Bytes a header value may not hold as they are.
const CONTROLS: &AsciiSet = &percent_encoding::CONTROLS.add(b'%');

/// What a path in a `Location` keeps as it is: letters, digits, `/` and
/// the unreserved marks; everything else (spaces, æøå) is percent-encoded.
const PATH_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A decoded file-table key as the path of a URL (for a `Location`).
pub fn url_path(key: &str) -> String {
    format!("/{}", utf8_percent_encode(key, PATH_KEEPS))
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Every response asks the client to close its connection (tiny_http itself
/// may keep it open; the header is a request to the browser, which then
/// reconnects — a local preview loses nothing by that).
pub(super) fn respond(
    rq: Request,
    status: u16,
    ctype: &str,
    body: Vec<u8>,
    extra: &[(&str, &str)],
) {
    let mut resp = Response::from_data(body).with_status_code(StatusCode(status));
    let fixed = [
        ("Content-Type", ctype),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Connection", "close"),
    ];
    for (k, v) in fixed.iter().chain(extra) {
        if let Some(h) = header(k, v) {
            resp.add_header(h);
        }
    }
    // The answer is written on a thread of its own: a client that does not
    // read it (or reads slowly) then holds only that thread, not one of the
    // WORKERS — eight such clients stalled the whole server. Past
    // MAX_WRITERS answers in flight, answer inline.
    if WRITERS.fetch_add(1, Ordering::SeqCst) < MAX_WRITERS {
        let spawned = std::thread::Builder::new()
            .name("stegvis-svar".into())
            .spawn(move || {
                let _ = rq.respond(resp);
                WRITERS.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            WRITERS.fetch_sub(1, Ordering::SeqCst);
        }
        return;
    }
    WRITERS.fetch_sub(1, Ordering::SeqCst);
    let _ = rq.respond(resp);
}

/// Answers being written on their own threads, and the most there may be.
static WRITERS: AtomicUsize = AtomicUsize::new(0);
const MAX_WRITERS: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_header_values_are_ascii_whatever_the_name() {
        assert_eq!(url_path("møte referat"), "/m%C3%B8te%20referat");
        assert_eq!(url_path("a/b-c_d.e~f"), "/a/b-c_d.e~f");
        assert_eq!(url_path("100%"), "/100%25");
        for value in ["/møte/", "a\nb", "\u{7f}", "æøå%"] {
            let h = header("Location", value).expect("a header for any value");
            assert!(h.value.as_str().is_ascii(), "{value}");
        }
    }

    #[test]
    fn keys_from_request_targets() {
        assert_eq!(request_key("/").unwrap(), "index.html");
        assert_eq!(
            request_key("/planstrategi/").unwrap(),
            "planstrategi/index.html"
        );
        assert_eq!(
            request_key("/planstrategi/?x=1").unwrap(),
            "planstrategi/index.html"
        );
        assert_eq!(request_key("/stegvis.css").unwrap(), "stegvis.css");
        assert_eq!(request_key("/s%C3%B8k/").unwrap(), "søk/index.html");
        assert_eq!(request_key("/s%c3%b8k/").unwrap(), "søk/index.html");
        // A path, not a form: `+` stays a plus.
        assert_eq!(request_key("/a+b.txt").unwrap(), "a+b.txt");
        assert_eq!(request_key("//a//b").unwrap(), "a/b");
    }

    #[test]
    fn traversal_and_garbage_are_refused() {
        for outside in [
            "/../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/a/%2E%2E%2Fb",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/C:/Windows",
        ] {
            assert_eq!(request_key(outside), Err(BadPath::Outside), "{outside}");
        }
        for bad in [
            "/%00",
            "/a%0",
            "/%zz",
            "/%+f",
            "/%",
            "etc/passwd",
            "/%ff%fe",
            &format!("/{}", "a".repeat(3000)),
        ] {
            assert_eq!(request_key(bad), Err(BadPath::Malformed), "{bad}");
        }
        // Double encoding decodes once: a literal "%2e%2e" name, not found later.
        assert_eq!(request_key("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn only_our_own_names_are_answered() {
        let extra = vec!["preview.kommune.no".to_string()];
        for ok in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.20:1111",
            "preview.kommune.no:1111",
            "Preview.Kommune.no.:1111",
        ] {
            assert!(host_allowed(ok, 1111, &extra), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "localhost",
            "",
            ":1111",
            "[::1:1111",
            "localhost:1111:1111",
        ] {
            assert!(!host_allowed(bad, 1111, &extra), "{bad}");
        }
        assert!(host_allowed("localhost", 80, &[]));
    }

    #[test]
    fn content_types_have_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("kalender.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
