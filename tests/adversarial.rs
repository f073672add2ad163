//! Adversarial content: files as real editors and tools leave them (CRLF,
//! a byte-order mark, empty, cut short), pages far bigger and deeper than
//! any guide, odd file names and symlink loops. Each gives a clear error or
//! a correct page, quickly — through the real `stegvis` binary. The times
//! are for the unoptimised test build; RELIABILITY.md has release figures.

mod common;
use common::*;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// Runs `stegvis build` and fails if it takes longer than `limit`: a guard
/// against hangs and blow-ups (a quadratic step at these sizes takes hours),
/// not a speed goal, which lives in BENCHMARKS.md and RELIABILITY.md. The
/// limits leave room for an unoptimised build on a busy 2-core machine.
fn build_within(site: &Site, limit: Duration, what: &str) -> std::process::Output {
    let started = Instant::now();
    let out = site.build();
    let took = started.elapsed();
    eprintln!("{what}: build in {took:?}");
    assert!(took < limit, "{what}: build took {took:?}");
    out
}

fn ok(out: &std::process::Output) {
    let (stdout, stderr) = text(out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
}

fn page(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn crlf_and_bom_files_build_like_plain_ones() {
    let plain = Site::new();
    ok(&plain.build());
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let bom = |s: &str| format!("\u{feff}{s}");
    let odd = Site::with(&[
        ("site.yaml", &bom(&crlf(SITE_YAML))),
        ("content/g/_guide.md", &crlf(GUIDE)),
        ("content/g/01-start.md", &bom(STEP_1)),
        ("content/g/02-vedtak.md", &bom(&crlf(STEP_2))),
        // Old Mac line ends (a lone CR) are line ends too.
        ("content/om.md", &PAGE.replace('\n', "\r")),
    ]);
    ok(&build_within(&odd, LIMIT, "crlf+bom"));
    assert_eq!(
        snapshot(&plain.out()),
        snapshot(&odd.out()),
        "same site, byte for byte"
    );
}

#[test]
fn errors_in_crlf_and_bom_files_point_at_the_right_line() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        "\u{feff}---\r\ntitle: Sett i gang\r\nstep: en\r\nkind: råd\r\nsummary: S\r\nupdated: 2024-11-01\r\n---\r\n",
    )]);
    let e = site.error("invalid-value");
    assert_eq!(e.line, Some(3), "{e:?}");
    // CR CR LF (a file converted twice) is two line ends, as YAML sees it.
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\r\r\ntitle: Sett i gang\r\nstep: en\r\nkind: råd\r\nsummary: S\r\nupdated: 2024-11-01\r\n---\r\n",
    )]);
    let e = site.error("invalid-value");
    assert_eq!(e.line, Some(4), "{e:?}");
}

#[test]
fn empty_and_unterminated_files_are_clear_errors() {
    for (text, message) in [
        ("", "filen mangler front matter"),
        ("\u{feff}", "filen mangler front matter"),
        ("\n\n", "filen mangler front matter"),
        ("---\n", "front matter mangler avsluttende `---`"),
        (
            "---\ntitle: Møte\nstep: 3\nkind: råd\n",
            "front matter mangler avsluttende `---`",
        ),
        (
            "---\ntitle: Møte\nstep: 3\nkind: råd\n--\nTekst\n",
            "front matter mangler avsluttende `---`",
        ),
    ] {
        let site = Site::with(&[("content/g/03-tom.md", text)]);
        // An empty text means "no file" to the fixture: write it ourselves.
        site.write("content/g/03-tom.md", text);
        let out = build_within(&site, LIMIT, "empty/unterminated");
        assert_eq!(out.status.code(), Some(1), "{text:?}");
        let (_, stderr) = text_of(&out);
        assert!(stderr.contains(message), "{text:?}: {stderr}");
        assert!(stderr.contains("content/g/03-tom.md:1"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // Empty front matter: every required field is named.
    let site = Site::with(&[("content/g/03-tom.md", "---\n---\n")]);
    let e = site.error("missing-field");
    assert!(e.message.contains("`title`"), "{e:?}");
    // An empty site.yaml.
    let site = Site::new();
    site.write("site.yaml", "");
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(text_of(&out).1.contains("site.yaml"));
}

fn text_of(out: &std::process::Output) -> (String, String) {
    text(out)
}

/// A realistic but enormous page: sections with law references, task
/// lists, tables, quotes, links and now and then a code block.
fn big_page(bytes: usize) -> String {
    let mut s = String::from("---\ntitle: Stor side\nsummary: Fem megabyte.\n---\n");
    let mut n = 0;
    while s.len() < bytes {
        n += 1;
        let _ = write!(
            s,
            "## Del {n}: mål og ønsker\n\nEtter § 10-1 og folkehelseloven § 6 skal kommunen *vurdere* \
             planbehovet, jf. [kontakt](#del-{n}-mal-og-onsker). «Sitat» -- og 'enkle' anførselstegn.\n\n\
             - [ ] Oppgave {n} med § 11-{n}\n- [x] Ferdig {n}\n  - underpunkt\n\n\
             > Et sitat om planstrategi {n}.\n\n| a | b |\n|---|---|\n| {n} | § 6 |\n\n"
        );
        if n % 50 == 0 {
            s.push_str("```yaml\ntitle: x\nstep: 1\n```\n\n");
        }
    }
    s
}

#[test]
fn a_five_megabyte_page_builds() {
    let text = big_page(5 << 20);
    let sections = text.matches("\n## Del ").count();
    let site = Site::with(&[("content/stor.md", &text)]);
    let out = build_within(&site, Duration::from_secs(300), "5 MB page");
    ok(&out);
    let html = page(&site, "stor-side/index.html");
    assert!(html.contains(&format!("id=\"del-{sections}-mal-og-onsker\"")));
    assert_eq!(
        html.matches("class=\"lovhenvisning\"").count(),
        sections * 4
    );
}

/// Nesting past 32 levels stops with an error at the line where it goes too
/// deep (10,000 levels took seconds in the search index, growing with the
/// square of the depth; BENCHMARKS.md has the figures). Inline runs that
/// pulldown-cmark does not nest (`*_*_…`, `[[[…`) still build.
#[test]
fn deep_nesting_stops_with_an_error() {
    let depth = 10_000;
    let too_deep = [
        ("lister", format!("{}x\n", "- ".repeat(depth))),
        ("nummerert", format!("{}x\n", "1. ".repeat(depth))),
        ("sitater", format!("{}x\n", "> ".repeat(depth))),
        ("blanding", format!("{}x\n", "> - ".repeat(depth / 2))),
        (
            "innrykk",
            (0..500)
                .map(|i| format!("{}- [ ] punkt {i}\n", "  ".repeat(i)))
                .collect(),
        ),
    ];
    for (name, body) in too_deep {
        let site = Site::with(&[(
            "content/dyp.md",
            &format!("---\ntitle: Dyp {name}\n---\nFørst litt tekst.\n\n{body}"),
        )]);
        let out = build_within(&site, LIMIT, name);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}\n{stderr}");
        assert!(stderr.contains("error[too-deep]"), "{name}: {stderr}");
        let line = if name == "innrykk" { 38 } else { 6 };
        assert!(
            stderr.contains(&format!("content/dyp.md:{line}:")),
            "{name}: {stderr}"
        );
        assert!(stderr.contains("mer enn 32 nivåer"), "{name}: {stderr}");
    }
    let fine = [
        (
            "emfase",
            format!("{}x{}\n", "*_".repeat(depth), "_*".repeat(depth)),
        ),
        (
            "lenker",
            format!("{}x{}\n", "[".repeat(depth), "](y)".repeat(depth)),
        ),
        ("grensen", format!("{}x\n", "> ".repeat(32))),
        // A task marker ends the list markers: the rest is the item's text.
        ("oppgaver", format!("{}x\n", "- [ ] ".repeat(depth))),
    ];
    for (name, body) in fine {
        let site = Site::with(&[(
            "content/dyp.md",
            &format!("---\ntitle: Dyp {name}\n---\n{body}"),
        )]);
        let out = build_within(&site, LIMIT, name);
        ok(&out);
        let html = page(&site, &format!("dyp-{name}/index.html"));
        assert!(html.contains("</html>"), "{name}");
    }
}

#[test]
fn ten_thousand_headings() {
    let distinct: String = (0..10_000)
        .map(|i| format!("## Overskrift {i}\n\nTekst.\n\n"))
        .collect();
    let same: String = "## Mål\n\n".repeat(10_000);
    for (name, body) in [("ulike", distinct), ("like", same)] {
        let site = Site::with(&[(
            "content/mange.md",
            &format!("---\ntitle: Mange {name}\n---\n{body}[siste](#mal-10000)\n"),
        )]);
        let out = build_within(&site, LIMIT, name);
        if name == "ulike" {
            // The link names a heading that does not exist on this page.
            assert_eq!(out.status.code(), Some(1));
            assert!(text(&out).1.contains("#mal-10000"));
            continue;
        }
        ok(&out);
        let html = page(&site, "mange-like/index.html");
        assert!(html.contains("id=\"mal\""));
        assert!(html.contains("id=\"mal-10000\""));
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|id| id.starts_with("mal"))
            .collect();
        assert_eq!(ids.len(), 10_000);
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "heading ids repeat");
    }
}

#[test]
fn ten_thousand_links_to_ten_thousand_headings() {
    // Every link checked against every heading, and a suggestion computed
    // for each broken one against every heading, took minutes and 850 MB
    // (printing re-read the file for each error).
    let headings: String = (0..10_000)
        .map(|i| format!("## Overskrift {i}\n\n"))
        .collect();
    let good: String = (0..10_000)
        .map(|i| format!("[a](#overskrift-{i})\n"))
        .collect();
    let broken: String = (0..2_000)
        .map(|i| format!("[a](#overskrivt-{i}x)\n"))
        .collect();
    let site = Site::with(&[
        (
            "content/a.md",
            &format!("---\ntitle: A\n---\n{headings}{good}"),
        ),
        (
            "content/b.md",
            &format!("---\ntitle: B\n---\n{headings}{broken}"),
        ),
    ]);
    let out = build_within(&site, LIMIT, "anchors");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.matches("error[broken-anchor]").count(), 2_000);
    assert!(
        stderr.contains("mente du `#overskrift-0`?"),
        "the first ones get a guess"
    );
    site.write("content/b.md", format!("---\ntitle: B\n---\n{headings}"));
    ok(&build_within(&site, LIMIT, "anchors, fixed"));
}

#[test]
fn file_names_with_norwegian_letters_and_spaces() {
    let step = STEP_1
        .replace("title: Sett i gang", "title: Møte med Ål")
        .replace("step: 1", "step: 3");
    let site = Site::with(&[
        ("content/g/03 møte med ål.md", &step),
        (
            "content/plan æøå/_guide.md",
            "---\ntitle: Blåbær og øl\nsummary: Med mellomrom.\n---\nSe [møtet](<@/g/03 møte med ål.md#forste-del>) og [siden](<@/om oss æøå.md>).\n",
        ),
        ("content/plan æøå/01 første steg.md", STEP_1),
        ("content/om oss æøå.md", PAGE),
        ("content/om.md", ""),
    ]);
    let out = build_within(&site, LIMIT, "names");
    ok(&out);
    let guide = page(&site, "plan-aeoa/index.html");
    assert!(
        guide.contains("href=\"/veileder/g/mote-med-al/#forste-del\""),
        "{guide}"
    );
    assert!(
        guide.contains("href=\"/veileder/om-veilederen/\""),
        "{guide}"
    );
    assert!(page(&site, "g/mote-med-al/index.html").contains("Møte med Ål"));
    assert!(page(&site, "plan-aeoa/sett-i-gang/index.html").contains("Sett i gang"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    let c = site.root().join("content");
    // A guide folder that is a link to itself, two that point at each
    // other, a step folder's subfolder pointing back up, and a step file
    // that is a link to itself.
    symlink("loop", c.join("loop")).unwrap();
    symlink("b", c.join("a")).unwrap();
    symlink("a", c.join("b")).unwrap();
    symlink("..", c.join("g/opp")).unwrap();
    symlink("03-sirkel.md", c.join("g/03-sirkel.md")).unwrap();
    let out = build_within(&site, LIMIT, "symlink loops");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The looping step is an error naming the file; the folders are named.
    assert!(stderr.contains("content/g/03-sirkel.md"), "{stderr}");
    assert!(stderr.contains("kunne ikke lese filen"), "{stderr}");
    assert_eq!(
        stderr.matches("i content/g/03-sirkel.md").count(),
        1,
        "{stderr}"
    );
    for name in ["content/loop", "content/a", "content/b"] {
        assert!(
            stderr.contains(&format!("{name} er en symbolsk lenke som ikke fører fram")),
            "{name} not named: {stderr}"
        );
    }
    assert!(
        stderr.contains("undermappen content/g/opp blir ikke lest"),
        "{stderr}"
    );
    // Without the looping step file the site builds, with warnings.
    std::fs::remove_file(c.join("g/03-sirkel.md")).unwrap();
    let out = build_within(&site, LIMIT, "symlink loops, no step");
    ok(&out);
    // `stegvis check` and a static/ loop as well.
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink("sløyfe", site.root().join("static/sløyfe")).unwrap();
    ok(&build_within(&site, LIMIT, "static loop"));
    let started = Instant::now();
    let out = stegvis(&["check", "--no-color"], site.root());
    assert!(started.elapsed() < LIMIT);
    assert!(!text(&out).1.contains("panicked"));
}

/// A page of the site's own that is a symlink leading out of the site's
/// folder (text sent in by someone else, a link to a system file) is left
/// out with a warning; nothing of the file reaches the output or the
/// messages.
#[cfg(unix)]
#[test]
fn a_content_symlink_leading_out_of_the_site_is_left_out() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemmelig.md");
    std::fs::write(&secret, "---\ntitle: HEMMELIG\n---\nHEMMELIG innhold\n").unwrap();
    let site = Site::new();
    std::os::unix::fs::symlink(&secret, site.root().join("content/lekkasje.md")).unwrap();
    let out = site.build();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("unsafe-symlink"), "{stderr}");
    assert!(stderr.contains("content/lekkasje.md"), "{stderr}");
    assert!(
        !stderr.contains("HEMMELIG") && !stdout.contains("HEMMELIG"),
        "{stderr}"
    );
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("HEMMELIG"),
                "{}",
                entry.path().display()
            );
        }
    }
}
