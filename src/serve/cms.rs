//! The CMS in the preview: the page under [`crate::cms::CMS_PATH`], its
//! script and configuration, and the file API (see [`crate::cms`]).
//!
//! All of it answers only a browser on this machine (a loopback peer) that
//! has the key `serve` printed with the form's address (a cookie set when
//! the page is opened with it), and only after the `Host` check every
//! request passes. The file API writes
//! files, so it takes more: `POST` only, `Content-Type: application/json`
//! (a form on another site cannot send that without asking first), and an
//! `Origin` naming this server exactly, so a page elsewhere that the editor
//! has open cannot make the browser write (CSRF).

use std::hash::BuildHasher;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use tiny_http::{Method, Request};

use crate::cms::{self, api};
use crate::serve::http::respond;

const JSON: &str = "application/json; charset=utf-8";

/// The query parameter that carries the key in the address `serve` prints.
pub(super) const KEY_PARAM: &str = "nokkel";
/// The cookie the page sets from it, sent with every later request.
const COOKIE: &str = "stegvis-skjema";

/// The key that opens the form, made when the preview starts and printed
/// in the form's address: only whoever reads the terminal has it. A
/// loopback peer alone is not enough, since a tunnel or port forwarder
/// (ssh, VS Code, ngrok) makes every request come from 127.0.0.1.
/// Random from the standard library's per-process SipHash keys, which the
/// operating system's random source seeds.
pub(super) fn key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let part = |n: u8| {
            std::collections::hash_map::RandomState::new().hash_one((
                n,
                std::process::id(),
                std::time::SystemTime::now(),
            ))
        };
        format!("{:016x}{:016x}", part(1), part(2))
    })
}

/// Equal without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether the request carries the key: in the cookie, or (for the page)
/// in the address.
fn has_key(rq: &Request, query: &str) -> (bool, bool) {
    let in_cookie = rq
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Cookie"))
        .flat_map(|h| h.value.as_str().split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .any(|(name, value)| name == COOKIE && same(value, key()));
    let in_query = query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .any(|(name, value)| name == KEY_PARAM && same(value, key()));
    (in_cookie, in_query)
}

/// Answers a request under the CMS prefix; `rest` is the path after it.
pub(super) fn handle(rq: Request, rest: &str, root: &Path, host: &str) {
    let loopback = rq
        .remote_addr()
        .map(|a| match a.ip() {
            std::net::IpAddr::V6(v6) => {
                v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            ip => ip.is_loopback(),
        })
        .unwrap_or(false);
    if !loopback {
        return respond(
            rq,
            403,
            "text/plain; charset=utf-8",
            "Skjemaet for redigering kan bare brukes fra maskinen som kjører stegvis serve.\n"
                .as_bytes()
                .to_vec(),
            &[],
        );
    }
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (in_cookie, in_query) = has_key(&rq, query);
    let is_page = matches!(rest, "" | "index.html");
    let opened = in_cookie || (is_page && in_query);
    if !opened {
        let why = "Skjemaet åpnes med adressen `stegvis serve` skrev ut i terminalen (den slutter med en nøkkel: ?nokkel=…). Kopier hele adressen derfra.";
        if rest == "api" {
            let a = api::Answer::error(403, why);
            return respond(rq, a.status, JSON, a.json.into_bytes(), &[]);
        }
        return respond(
            rq,
            403,
            "text/plain; charset=utf-8",
            format!("{why}\n").into_bytes(),
            &[],
        );
    }
    if rest == "api" {
        return api_call(rq, root, host);
    }
    if !matches!(rq.method(), Method::Get | Method::Head) {
        return respond(
            rq,
            405,
            "text/plain; charset=utf-8",
            b"Bare GET og HEAD er tillatt her.\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let csp = [("Content-Security-Policy", cms::PAGE_CSP)];
    match rest {
        "" | "index.html" => {
            // HttpOnly: no script reads it; Strict: no other site's page
            // sends it.
            let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", key());
            respond(
                rq,
                200,
                "text/html; charset=utf-8",
                cms::PAGE_HTML.as_bytes().to_vec(),
                &[csp[0], ("Set-Cookie", cookie.as_str())],
            )
        }
        cms::SCRIPT_FILE => {
            let gzip_ok = rq
                .headers()
                .iter()
                .filter(|h| h.field.equiv("Accept-Encoding"))
                .any(|h| h.value.as_str().to_ascii_lowercase().contains("gzip"));
            if gzip_ok {
                respond(
                    rq,
                    200,
                    "text/javascript; charset=utf-8",
                    cms::SCRIPT_GZ.to_vec(),
                    &[("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")],
                )
            } else {
                let mut plain = Vec::new();
                match flate2::read::GzDecoder::new(cms::SCRIPT_GZ).read_to_end(&mut plain) {
                    Ok(_) => respond(rq, 200, "text/javascript; charset=utf-8", plain, &[]),
                    Err(_) => respond(rq, 500, "text/plain; charset=utf-8", Vec::new(), &[]),
                }
            }
        }
        cms::ICON_FILE => respond(rq, 204, "image/x-icon", Vec::new(), &[]),
        cms::CONFIG_FILE => match cms::preview_config(root) {
            Ok(yaml) => respond(rq, 200, "text/yaml; charset=utf-8", yaml.into_bytes(), &[]),
            Err(d) => respond(
                rq,
                500,
                "text/plain; charset=utf-8",
                format!(
                    "Oppsettet for skjemaet kunne ikke lages: {}\nRett site.yaml (se feilene i forhåndsvisningen) og last siden på nytt.\n",
                    d.message
                )
                .into_bytes(),
                &[],
            ),
        },
        _ => respond(
            rq,
            404,
            "text/plain; charset=utf-8",
            b"Fant ikke filen.\n".to_vec(),
            &[],
        ),
    }
}

fn header<'a>(rq: &'a Request, name: &'static str) -> Option<&'a str> {
    rq.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

fn api_call(mut rq: Request, root: &Path, host: &str) {
    let refuse = |rq: Request, status: u16, why: &str| {
        let a = api::Answer::error(status, why);
        respond(rq, a.status, JSON, a.json.into_bytes(), &[])
    };
    if *rq.method() != Method::Post {
        return refuse(rq, 405, "bare POST er tillatt");
    }
    let json = header(&rq, "Content-Type")
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return refuse(rq, 415, "Content-Type må være application/json");
    }
    // Browsers send Origin with every POST; it must be this very server.
    let own = format!("http://{}", host.trim()).to_ascii_lowercase();
    let same_origin = header(&rq, "Origin").is_some_and(|o| o.trim().to_ascii_lowercase() == own);
    if !same_origin {
        return refuse(
            rq,
            403,
            "forespørselen kommer ikke fra skjemaet på denne serveren",
        );
    }
    if header(&rq, "Sec-Fetch-Site").is_some_and(|s| !s.eq_ignore_ascii_case("same-origin")) {
        return refuse(
            rq,
            403,
            "forespørselen kommer ikke fra skjemaet på denne serveren",
        );
    }
    if rq.body_length().is_some_and(|n| n > api::MAX_BODY) {
        return refuse(rq, 413, "forespørselen er for stor");
    }
    let mut body = Vec::new();
    let read = rq
        .as_reader()
        .take(api::MAX_BODY as u64 + 1)
        .read_to_end(&mut body);
    if read.is_err() {
        return refuse(rq, 400, "forespørselen kunne ikke leses");
    }
    if body.len() > api::MAX_BODY {
        return refuse(rq, 413, "forespørselen er for stor");
    }
    let a = api::answer(root, &body);
    respond(rq, a.status, JSON, a.json.into_bytes(), &[])
}
