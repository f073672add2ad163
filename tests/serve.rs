//! `stegvis serve` as an editor uses it: a real server process on an
//! ephemeral port, real file saves in every style editors use, events over
//! Server-Sent Events, the error overlay, and hostile requests.

mod common;
use common::preview::*;
use common::*;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const TEN_SECONDS: Duration = Duration::from_secs(10);

const STEP: &str = "/g/sett-i-gang/";

#[test]
fn edits_in_every_save_style_reach_the_browser() {
    let site = Site::new();
    let srv = PreviewServer::start(site.root());
    let events = subscribe(&srv.addr);
    let path = site.root().join("content/g/01-start.md");

    // 1. Write in place.
    site.write(
        "content/g/01-start.md",
        STEP_1.replace("Lag en plan", "Skrevet på stedet"),
    );
    assert_eq!(wait_event(&events), "ok");
    eventually(&srv.addr, STEP, "Skrevet på stedet", true, TEN_SECONDS);

    // 2. Write a temp file and rename it over (vim, VS Code, JetBrains).
    let tmp = site.root().join("content/g/.01-start.md.tmp");
    std::fs::write(&tmp, STEP_1.replace("Lag en plan", "Atomisk lagret")).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    wait_event(&events);
    eventually(&srv.addr, STEP, "Atomisk lagret", true, TEN_SECONDS);

    // 3. Delete and recreate.
    std::fs::remove_file(&path).unwrap();
    std::thread::sleep(Duration::from_millis(5));
    std::fs::write(&path, STEP_1.replace("Lag en plan", "Gjenskapt")).unwrap();
    wait_event(&events);
    eventually(&srv.addr, STEP, "Gjenskapt", true, TEN_SECONDS);

    // 4. Rename a file (the page stays: its URL comes from the title).
    std::fs::rename(
        site.root().join("content/g/02-vedtak.md"),
        site.root().join("content/g/02-vedta.md"),
    )
    .unwrap();
    wait_event(&events);
    eventually(
        &srv.addr,
        "/g/vedta-strategien/",
        "Kommunestyret vedtar",
        true,
        TEN_SECONDS,
    );

    // 5. Several files at once.
    site.write("content/om.md", PAGE.replace("Tekst.", "Samtidig A."));
    site.write(
        "content/g/02-vedta.md",
        STEP_2.replace("og § 10-1", "og § 10-1. Samtidig B."),
    );
    wait_event(&events);
    eventually(
        &srv.addr,
        "/om-veilederen/",
        "Samtidig A.",
        true,
        TEN_SECONDS,
    );
    eventually(
        &srv.addr,
        "/g/vedta-strategien/",
        "Samtidig B.",
        true,
        TEN_SECONDS,
    );

    // 6. Move the whole guide folder, fixing the one link into it in the
    //    same go, as an editor would.
    site.write(
        "content/g/02-vedta.md",
        STEP_2.replace("@/g/", "@/veileder/"),
    );
    std::fs::rename(
        site.root().join("content/g"),
        site.root().join("content/veileder"),
    )
    .unwrap();
    wait_event(&events);
    eventually(
        &srv.addr,
        "/veileder/veileder/sett-i-gang/",
        "Gjenskapt",
        true,
        TEN_SECONDS,
    );
    let (status, _, _) = get(&srv.addr, STEP);
    assert_eq!(status, 404, "the old address is gone");

    // 7. The content folder deleted and restored.
    let content = site.root().join("content");
    let aside = site.root().join("innhold-kopi");
    std::fs::rename(&content, &aside).unwrap();
    wait_event(&events);
    std::fs::rename(&aside, &content).unwrap();
    wait_event(&events);
    eventually(
        &srv.addr,
        "/veileder/veileder/sett-i-gang/",
        "Gjenskapt",
        true,
        TEN_SECONDS,
    );
    site.write(
        "content/veileder/01-start.md",
        STEP_1.replace("Lag en plan", "Etter gjenoppretting"),
    );
    eventually(
        &srv.addr,
        "/veileder/veileder/sett-i-gang/",
        "Etter gjenoppretting",
        true,
        TEN_SECONDS,
    );

    // After all that, every file served equals a clean build of the same files.
    let base = format!("http://{}{}", srv.addr, srv.base_path);
    let clean = stegvis::pipeline::render_site(site.root(), Some(&base)).expect("clean build");
    for f in &clean.files {
        let stegvis::output::write::OutputFile::Text { path, text } = f else {
            continue;
        };
        let (status, _, body) = get(&srv.addr, &format!("{}{path}", srv.base_path));
        assert_eq!(status, 200, "{path}");
        let body = if path.ends_with(".html") {
            body.replace("<script src=\"/__stegvis/live.js\" defer></script>", "")
        } else {
            body
        };
        assert_eq!(&body, text, "{path} differs from a clean build");
    }
}

#[test]
fn broken_front_matter_shows_an_overlay_until_fixed() {
    let site = Site::new();
    let srv = PreviewServer::start(site.root());
    let events = subscribe(&srv.addr);
    site.write(
        "content/g/02-vedtak.md",
        STEP_2.replace("kind: lovkrav", "kind: lov"),
    );
    assert_eq!(wait_event(&events), "feil");
    let page = eventually(&srv.addr, STEP, "stegvis-feil", true, TEN_SECONDS);
    assert!(
        page.contains("content/g/02-vedtak.md:4"),
        "file and line in the overlay"
    );
    assert!(page.contains("ugyldig verdi `lov`"));
    assert!(
        page.contains("kind: lov</span>"),
        "the offending source line"
    );
    // The last good page is still underneath.
    assert!(page.contains("Sett i gang"));
    site.write("content/g/02-vedtak.md", STEP_2);
    assert_eq!(wait_event(&events), "ok");
    eventually(&srv.addr, STEP, "stegvis-feil", false, TEN_SECONDS);
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    #[cfg(unix)] // (Windows CI: symlinks need extra rights there)
    std::os::unix::fs::symlink("/etc/passwd", site.root().join("static/passord")).unwrap();
    let srv = PreviewServer::start(site.root());
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/etc/passwd",
        "//etc/passwd",
        "/static/passord",
        "/passord",
        "/content/om.md",
        "/site.yaml",
    ] {
        let (status, _, body) = get(&srv.addr, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    // NUL bytes and very long paths are malformed.
    let (status, _, _) = get(&srv.addr, "/index.html%00.css");
    assert_eq!(status, 400);
    let (status, _, _) = get(&srv.addr, &format!("/{}", "a".repeat(5000)));
    assert!(
        status == 400 || status == 414 || status == 431,
        "long path: {status}"
    );
    // An absolute-form target is not a file path either.
    let (status, _, body) = raw(
        &srv.addr,
        format!(
            "GET /etc/passwd HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            srv.addr
        )
        .as_bytes(),
    )
    .expect("an answer");
    assert_eq!(status, 404);
    assert!(!String::from_utf8_lossy(&body).contains("root:"));
    // Garbage does not crash the server.
    let _ = raw(
        &srv.addr,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    );
    let _ = raw(&srv.addr, b"GET\r\n\r\n");
    let (status, _, _) = get(&srv.addr, &srv.base_path);
    assert_eq!(status, 200, "still serving after malformed requests");
    assert!(
        !get(&srv.addr, &srv.base_path).2.contains("stegvis-feil"),
        "a stray symlink is skipped, not fatal"
    );
}

#[test]
fn http_details() {
    let site = Site::new();
    let srv = PreviewServer::start(site.root());
    let (status, head, body) = get(&srv.addr, "/g/");
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        body.contains("/__stegvis/live.js"),
        "reload script injected by serve"
    );
    let (status, head, _) = get(&srv.addr, "/stegvis.css");
    assert_eq!(status, 200);
    assert!(head.to_lowercase().contains("text/css; charset=utf-8"));
    // A folder without its slash is redirected, under the site's sub-path.
    let (status, head, _) = get(&srv.addr, "/g");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /veileder/g/"), "{head}");
    // The preview serves under base_url's sub-path, as published (issue
    // 25's papercut): `/` leads there, links carry it.
    assert_eq!(srv.base_path, "/veileder/");
    let (status, head, _) = get(&srv.addr, "/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /veileder/"), "{head}");
    let (status, _, body) = get(&srv.addr, "/veileder/g/");
    assert_eq!(status, 200);
    assert!(body.contains("href=\"/veileder/g/sett-i-gang/\""), "{body}");
    // HEAD has headers, no body.
    let (status, _, body) = raw(
        &srv.addr,
        format!(
            "HEAD /g/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            srv.addr
        )
        .as_bytes(),
    )
    .expect("an answer");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    // Unknown paths get the site's own 404 page with status 404.
    let (status, _, body) = get(&srv.addr, "/finnes/ikke/");
    assert_eq!(status, 404);
    assert!(body.contains("Fant ikke siden"));
    // Other methods are refused.
    let (status, _, _) = raw(
        &srv.addr,
        format!(
            "POST /g/ HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            srv.addr
        )
        .as_bytes(),
    )
    .expect("an answer");
    assert_eq!(status, 405);
    // The build output has no reload script: only serve injects it.
    assert!(site.build().status.success());
    let built = std::fs::read_to_string(site.out().join("g/index.html")).unwrap();
    assert!(!built.contains("__stegvis"));
}

#[test]
fn many_subscribers_do_not_starve_page_requests() {
    let site = Site::new();
    let srv = PreviewServer::start(site.root());
    let mut streams = Vec::new();
    for _ in 0..300 {
        let mut s = TcpStream::connect(&srv.addr).unwrap();
        s.write_all(
            format!(
                "GET /__stegvis/hendelser HTTP/1.1\r\nHost: {}\r\n\r\n",
                srv.addr
            )
            .as_bytes(),
        )
        .unwrap();
        streams.push(s);
    }
    let started = Instant::now();
    let handles: Vec<_> = (0..100)
        .map(|i| {
            let addr = srv.addr.clone();
            std::thread::spawn(move || {
                let path = if i % 2 == 0 { "/g/" } else { "/g/sett-i-gang/" };
                get(&addr, path).0
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "page requests were starved"
    );
    // And the subscribers all get the next event.
    site.write("content/om.md", PAGE.replace("Tekst.", "Til alle."));
    let mut got = 0;
    for s in streams.iter_mut().take(50) {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = vec![0u8; 4096];
        let mut seen = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !seen.contains("event: reload") && Instant::now() < deadline {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            }
        }
        if seen.contains("event: reload") {
            got += 1;
        }
    }
    assert_eq!(got, 50);
}

/// `pagefind-entry.json`'s count of indexed pages.
fn indexed_pages(addr: &str) -> u64 {
    let (status, head, entry) = get(addr, "/pagefind/pagefind-entry.json");
    assert_eq!(status, 200, "{head}\n{entry}");
    let v: serde_json::Value = serde_json::from_str(&entry).expect("entry is JSON");
    v["languages"]["no"]["page_count"]
        .as_u64()
        .unwrap_or_else(|| panic!("no page count in {entry}"))
}

/// The preview has the search index of a built site, made when a page first
/// asks for it and made again after a change; `search: false` has none.
#[test]
fn search_index_is_served_and_follows_edits() {
    let site = Site::new();
    // What a clean build indexes: every page but the search and 404 pages.
    let res = stegvis(&["build", "--no-color", "--output", "public"], site.root());
    assert!(res.status.success(), "{}", text(&res).1);
    let built: serde_json::Value = serde_json::from_slice(
        &std::fs::read(site.out().join("pagefind/pagefind-entry.json")).unwrap(),
    )
    .unwrap();
    let built_count = built["languages"]["no"]["page_count"].as_u64().unwrap();
    assert!(built_count > 3, "{built}");

    let srv = PreviewServer::start(site.root());
    let events = subscribe(&srv.addr);
    assert_eq!(indexed_pages(&srv.addr), built_count);
    for file in ["/pagefind/pagefind.js", "/pagefind/wasm.no.pagefind"] {
        let (status, _, _) = get(&srv.addr, file);
        assert_eq!(status, 200, "{file}");
    }
    assert_eq!(get(&srv.addr, "/pagefind/finnes-ikke.js").0, 404);

    // A new step is one more page in the index.
    site.write(
        "content/g/03-ny.md",
        STEP_1
            .replace("title: Sett i gang", "title: Nytt steg")
            .replace("step: 1", "step: 3"),
    );
    wait_event(&events);
    eventually(&srv.addr, "/g/", "Nytt steg", true, TEN_SECONDS);
    assert_eq!(indexed_pages(&srv.addr), built_count + 1);

    // `search: false` in site.yaml: no index.
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{yaml}search: false\n"));
    wait_event(&events);
    let deadline = std::time::Instant::now() + TEN_SECONDS;
    while get(&srv.addr, "/pagefind/pagefind-entry.json").0 != 404 {
        assert!(
            std::time::Instant::now() < deadline,
            "the index is still served with search: false"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A big site's index is built in shards on a thread of its own: while it
/// builds, pages are served at once.
#[test]
fn pages_stay_fast_while_the_search_index_builds() {
    let files = many_steps(&["alfa", "beta", "gamma"], 200);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::with(&refs);
    let srv = PreviewServer::start(site.root());
    let addr = srv.addr.clone();
    let started = Instant::now();
    let index = std::thread::spawn(move || {
        let (status, _, manifest) = get(&addr, "/pagefind/stegvis-deler.json");
        (status, manifest, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(20));
    let mut pages = Vec::new();
    while !index.is_finished() {
        let t = Instant::now();
        let (status, _, body) = get(&srv.addr, "/beta/s-7/");
        pages.push(t.elapsed());
        assert_eq!(status, 200);
        assert!(body.contains("Steg 7 i beta"));
    }
    let (status, manifest, took) = index.join().unwrap();
    assert_eq!(status, 200, "{manifest}");
    let shards: Vec<String> = serde_json::from_str(&manifest).unwrap();
    let expected: Vec<String> = (1..=shards.len()).map(|i| format!("del-{i}/")).collect();
    assert!(
        shards.len() >= 2 && shards == expected,
        "three guides of 200 steps are in three or more shards: {shards:?}"
    );
    assert!(
        pages.len() >= 3,
        "the index was built in {took:?}, too fast to tell"
    );
    pages.sort();
    let median = pages[pages.len() / 2];
    let slowest = *pages.last().unwrap();
    eprintln!(
        "index {took:?}; {} page requests meanwhile, median {median:?}, slowest {slowest:?}",
        pages.len()
    );
    assert!(
        median * 10 < took && slowest < Duration::from_secs(1),
        "pages waited for the index: median {median:?}, slowest {slowest:?}, index {took:?}"
    );
}

/// DNS rebinding: a page elsewhere makes the browser send requests to the
/// preview under the page's own name. Only the server's own names get an
/// answer; every answer says `nosniff` and sends no referrer.
#[test]
fn the_preview_answers_only_to_its_own_name() {
    let site = Site::new();
    let srv = PreviewServer::start_with(
        env!("CARGO_BIN_EXE_stegvis"),
        site.root(),
        &["--allow-host", "forhandsvisning.kommune.no"],
    );
    let port = srv.addr.rsplit(':').next().unwrap().to_string();
    let ask = |host: &str, path: &str| {
        raw(
            &srv.addr,
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("an answer")
    };
    for host in [
        format!("angriper.example:{port}"),
        format!("localhost.angriper.example:{port}"),
        "localhost:1".to_string(),
        format!("forhandsvisning.kommune.no.angriper.example:{port}"),
    ] {
        for path in ["/", STEP, "/__stegvis/hendelser", "/__stegvis/live.js"] {
            let (status, head, body) = ask(&host, path);
            assert_eq!(status, 403, "{host} {path}: {head}");
            let body = String::from_utf8_lossy(&body);
            assert!(body.contains("svarer bare på sitt eget navn"), "{body}");
            assert!(!body.contains("Sett i gang"), "{body}");
            assert!(head.contains("X-Content-Type-Options: nosniff"), "{head}");
        }
    }
    for host in [
        srv.addr.clone(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("forhandsvisning.kommune.no:{port}"),
    ] {
        let (status, head, body) = ask(&host, STEP);
        assert_eq!(status, 200, "{host}: {head}");
        assert!(String::from_utf8_lossy(&body).contains("Sett i gang"));
        assert!(head.contains("X-Content-Type-Options: nosniff"), "{head}");
        assert!(head.contains("Referrer-Policy: no-referrer"), "{head}");
    }
    // No Host at all (HTTP/1.0): refused too.
    let (status, _, _) = raw(&srv.addr, b"GET / HTTP/1.0\r\n\r\n").expect("an answer");
    assert_eq!(status, 400);
    // The 404 page and the event stream carry the headers as well.
    let (status, head, _) = get(&srv.addr, "/finnes-ikke/");
    assert_eq!(status, 404);
    assert!(head.contains("Referrer-Policy: no-referrer"), "{head}");
}

/// The reload script and the error overlay are files of their own, so the
/// page's Content-Security-Policy (no inline scripts or styles) lets them
/// run: nothing inline is injected.
#[test]
fn injected_reload_and_overlay_are_not_inline() {
    let site = Site::new();
    let srv = PreviewServer::start(site.root());
    site.write(
        "content/g/01-start.md",
        STEP_1.replace("title: Sett i gang", "title: Sett i gang\ntitel: feil"),
    );
    let page = eventually(&srv.addr, STEP, "stegvis-feil", true, TEN_SECONDS);
    let injected = &page[page.find("</main>").unwrap()..];
    assert!(injected.contains("<script src=\"/__stegvis/live.js\" defer></script>"));
    assert!(injected.contains("<link rel=\"stylesheet\" href=\"/__stegvis/feil.css\">"));
    let doc = Html::parse_document(&page);
    for script in doc.select(&sel("script")) {
        assert!(
            script.value().attr("src").is_some(),
            "inline script: {}",
            script.html()
        );
        assert!(script.inner_html().trim().is_empty());
    }
    assert!(doc.select(&sel("style")).next().is_none(), "no <style>");
    assert!(doc.select(&sel("[style]")).next().is_none(), "no style=");
    assert!(page.contains("http-equiv=\"Content-Security-Policy\""));
}

/// What the raw-HTML policy removes is a build error, so the preview shows
/// it in the overlay with file and line until the editor fixes it.
#[test]
fn removed_html_shows_in_the_overlay() {
    let site = Site::new();
    let srv = PreviewServer::start(site.root());
    site.write(
        "content/g/01-start.md",
        format!("{STEP_1}\n<script>alert(1)</script>\n"),
    );
    let page = eventually(&srv.addr, STEP, "unsafe-html", true, TEN_SECONDS);
    assert!(page.contains("content/g/01-start.md:12:1"), "{page}");
    assert!(page.contains("`&lt;script&gt;`"), "{page}");
    assert!(!page.contains("alert(1)</script>"), "{page}");
    site.write("content/g/01-start.md", STEP_1);
    eventually(&srv.addr, STEP, "stegvis-feil", false, TEN_SECONDS);
}
