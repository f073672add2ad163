//! Every kind of mistake an editor can make is reported with file, line,
//! a plain cause and a hint — and never with a panic.

mod common;
use common::*;

#[test]
fn yaml_syntax_error_names_file_and_line() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nsummary: \"Start arbeidet.\nupdated: 2024-11-01\n---\nTekst\n",
    )]);
    let e = site.error("yaml-syntax");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/g/01-start.md"))
    );
    assert!(e.line.unwrap() >= 5, "{e:?}");
    assert!(e.message.starts_with("YAML-syntaksfeil"), "{e:?}");
    assert!(e.hint.is_some());
}

#[test]
fn missing_required_field() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nupdated: 2024-11-01\n---\n",
    )]);
    let e = site.error("missing-field");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/g/01-start.md"))
    );
    assert!(e.message.contains("`summary`"), "{e:?}");
    assert!(e.line.is_some());
}

#[test]
fn unknown_field_suggests_the_nearest() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\ntitel: Sett i gang\nstep: 1\nkind: råd\nsummary: S\nupdated: 2024-11-01\n---\n",
    )]);
    let e = site.error("unknown-field");
    assert_eq!(e.line, Some(2), "front matter line 1 is file line 2: {e:?}");
    assert!(e.message.contains("`titel`"));
    assert!(
        e.hint.as_deref().unwrap().starts_with("mente du `title`?"),
        "{e:?}"
    );
}

#[test]
fn wrong_value_lists_the_allowed_ones() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\ntitle: Sett i gang\nstep: 1\nkind: lov\nsummary: S\nupdated: 2024-11-01\n---\n",
    )]);
    let e = site.error("invalid-value");
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("`lov`"));
    let hint = e.hint.unwrap();
    assert!(
        hint.contains("`lovkrav`") && hint.contains("`råd`"),
        "{hint}"
    );
}

#[test]
fn wrong_type_and_bad_date() {
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\ntitle: Sett i gang\nstep: en\nkind: råd\nsummary: S\nupdated: 2024-11-01\n---\n",
    )]);
    let e = site.error("invalid-value");
    assert_eq!(e.line, Some(3));
    let site = Site::with(&[(
        "content/g/01-start.md",
        "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nsummary: S\nupdated: 1. november 2024\n---\n",
    )]);
    let e = site.error("invalid-value");
    assert_eq!(e.line, Some(6));
    assert!(e.hint.unwrap().contains("ÅÅÅÅ-MM-DD"));
}

#[test]
fn duplicate_step_numbers_name_both_files() {
    let site = Site::with(&[(
        "content/g/03-igjen.md",
        "---\ntitle: Igjen\nstep: 2\nkind: råd\nsummary: S\nupdated: 2024-11-01\n---\n",
    )]);
    let e = site.error("duplicate-step");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/g/03-igjen.md"))
    );
    assert_eq!(e.line, Some(3));
    assert!(e.hint.unwrap().contains("content/g/02-vedtak.md"));
}

#[test]
fn unknown_law_id() {
    let site = Site::with(&[(
        "content/g/02-vedtak.md",
        &common::STEP_2.replace("law: pbl", "law: plb"),
    )]);
    let e = site.error("unknown-law");
    assert_eq!(e.line, Some(8));
    assert!(e.message.contains("`plb`"));
    assert!(e.hint.unwrap().starts_with("mente du `pbl`?"));
}

#[test]
fn malformed_section() {
    let site = Site::with(&[(
        "content/g/02-vedtak.md",
        &common::STEP_2.replace("\"10-1\"", "\"10-\""),
    )]);
    let e = site.error("invalid-section");
    assert_eq!(e.line, Some(9));
    assert!(e.message.contains("`10-`"));
}

#[test]
fn lovkrav_step_needs_a_duty() {
    let site = Site::with(&[(
        "content/g/02-vedtak.md",
        &common::STEP_2.replace("obligation: skal", "obligation: bør"),
    )]);
    let e = site.error("lovkrav-without-duty");
    assert_eq!(e.line, Some(4));
}

#[test]
fn link_to_missing_page() {
    let site = Site::with(&[(
        "content/om.md",
        "---\ntitle: Om\n---\nFørste linje.\n\nSe [steget](@/g/01-strat.md).\n",
    )]);
    let e = site.error("broken-link");
    assert_eq!((e.line, e.column), (Some(6), Some(4)));
    assert!(e.message.contains("@/g/01-strat.md"));
    assert!(e.hint.unwrap().contains("mente du `@/g/01-start.md`?"));
}

#[test]
fn link_to_missing_heading() {
    let site = Site::with(&[(
        "content/g/02-vedtak.md",
        &common::STEP_2.replace("#forste-del", "#forste-deel"),
    )]);
    let e = site.error("broken-anchor");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/g/02-vedtak.md"))
    );
    assert_eq!(e.line, Some(16));
    assert!(e.hint.unwrap().contains("`#forste-del`"));
}

#[test]
fn template_error_names_template_and_line() {
    let site = Site::with(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }</p>\n{% endblock content %}\n",
    )]);
    let e = site.error("template");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("templates/page.html"))
    );
    assert_eq!(e.line, Some(3), "{e:?}");
}

#[test]
fn template_runtime_error_names_template() {
    let site = Site::with(&[(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.finnes_ikke }}{% endblock content %}\n",
    )]);
    let e = site.error("template");
    assert!(e.message.contains("page.html"), "{e:?}");
}

#[test]
fn file_that_is_not_utf8() {
    let site = Site::new();
    site.write(
        "content/om.md",
        b"---\ntitle: Om\n---\nL\xf8sning i Latin-1\n".as_slice(),
    );
    let e = site.error("not-utf8");
    assert_eq!((e.line, e.column), (Some(4), Some(2)));
    assert!(e.hint.unwrap().contains("UTF-8"));
}

#[test]
fn missing_site_yaml_and_content() {
    let site = Site::with(&[("site.yaml", "")]);
    let e = site.error("missing-config");
    assert!(e.message.contains("site.yaml"));
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("site.yaml"), SITE_YAML).unwrap();
    let out = stegvis(&["build"], empty.path());
    assert_eq!(out.status.code(), Some(1));
    let (_, err) = text(&out);
    assert!(err.contains("missing-content"), "{err}");
    assert!(err.contains("content/"), "{err}");
}

#[test]
fn missing_front_matter_and_unclosed_front_matter() {
    let site = Site::with(&[("content/om.md", "# Bare tekst\n")]);
    let e = site.error("front-matter");
    assert_eq!(e.line, Some(1));
    let site = Site::with(&[("content/om.md", "---\ntitle: Om\n\nTekst uten slutt\n")]);
    let e = site.error("front-matter");
    assert!(e.message.contains("avsluttende"));
}

#[test]
fn all_errors_are_reported_together_in_the_terminal() {
    let site = Site::with(&[
        (
            "content/g/01-start.md",
            "---\ntitel: Sett i gang\nstep: 1\nkind: råd\nsummary: S\nupdated: 2024-11-01\n---\n",
        ),
        ("content/om.md", "---\ntitle: Om\n---\n[x](@/borte.md)\n"),
        (
            "content/g/02-vedtak.md",
            &common::STEP_2.replace("law: pbl", "law: plb"),
        ),
    ]);
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    let (stdout, err) = text(&out);
    assert!(stdout.is_empty(), "{stdout}");
    for needle in [
        "content/g/01-start.md:2:1",
        "unknown-field",
        "content/om.md:4",
        "broken-link",
        "unknown-law",
        "3 feil",
        "forrige versjon er urørt",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    // The offending source line is shown.
    assert!(err.contains("titel: Sett i gang"), "{err}");
}

#[test]
fn hostile_input_never_panics() {
    let cases: &[&str] = &[
        "",
        "---",
        "---\n---",
        "---\n- a\n- b\n---\n",
        "---\ntitle: [\n---\n",
        "---\ntitle: x\nstep: 99999999999999999999\nkind: råd\nsummary: s\nupdated: 2024-01-01\n---\n",
        "---\ntitle: x\nstep: -1\nkind: råd\nsummary: s\nupdated: 2024-13-45\n---\n",
        "---\r\ntitle: x\r\n---\r\n\u{feff}",
        "---\ntitle: x\nstep: 1\nkind: råd\nsummary: s\nupdated: 2024-01-01\nwhen:\n  start: valg + 3x\n---\n",
        "---\ntitle: x\nstep: 1\nkind: råd\nsummary: s\nupdated: 2024-01-01\n---\n- [ ]\n- [x] \n[a](@/)\n[b](#)\n",
    ];
    for c in cases {
        let site = Site::with(&[("content/g/01-start.md", c)]);
        let out = site.build();
        let (_, err) = text(&out);
        assert!(!err.contains("panicked"), "panic for {c:?}:\n{err}");
        assert!(out.status.code().is_some(), "killed by signal for {c:?}");
    }
}

#[test]
fn a_base_url_override_is_read_as_strictly_as_site_yaml() {
    // One reader for `base_url` and `--base-url`: an address the site
    // could not be served from is refused before anything is written.
    let site = Site::new();
    for bad in [
        "kommune.no/veileder",
        "https://kommune.no/v?x=1",
        "https://kommune.no/a b",
    ] {
        let out = stegvis(
            &["build", "--output", "public", "--base-url", bad],
            site.root(),
        );
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{bad}: {stderr}");
        // The message names the flag the address came from.
        assert!(
            stderr.contains("(--base-url) er ikke en fullstendig adresse"),
            "{bad}: {stderr}"
        );
        assert!(
            stderr.contains("https://kommune.no/planveileder/"),
            "{stderr}"
        );
        assert!(!site.root().join("public").exists(), "{bad}");
    }
    let ok = stegvis(
        &[
            "build",
            "--output",
            "public",
            "--base-url",
            "https://Kommune.no/v",
        ],
        site.root(),
    );
    assert!(ok.status.success(), "{:?}", text(&ok));
    let page = std::fs::read_to_string(site.root().join("public/index.html")).unwrap();
    assert!(page.contains("https://kommune.no/v/"), "normalised: {page}");
}

/// Issue 25, bug 4: «forvaltningsloven § 11» and «kommunelova § 11-2» were
/// linked to plan- og bygningsloven (the default law). A law name the site
/// does not know before a `§` is an error at its line, with the known laws
/// and a way to write it unlinked, and the text is not linked.
#[test]
fn a_section_of_an_unknown_law_is_never_linked_to_the_default_law() {
    let step = "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nsummary: Start.\nupdated: 2024-11-01\n---\nFørste linje.\n\nSe forvaltningsloven § 11 om veiledning.\n";
    let site = Site::with(&[("content/g/01-start.md", step)]);
    let e = site.error("unknown-law");
    assert_eq!(e.line, Some(10), "{e:?}");
    assert!(e.message.contains("forvaltningsloven"), "{}", e.message);
    let hint = e.hint.unwrap_or_default();
    assert!(
        hint.contains("`pbl`") && hint.contains("paragraf 11 i forvaltningsloven"),
        "{hint}"
    );
    let out = site.build();
    assert!(!out.status.success());
    // Known law names still link, each to its own law.
    let ok = "---\ntitle: Sett i gang\nstep: 1\nkind: råd\nsummary: Start.\nupdated: 2024-11-01\n---\n## Første del\n\nEtter folkehelseloven § 6 og § 10-1.\n";
    let site = Site::with(&[("content/g/01-start.md", ok)]);
    assert!(site.build().status.success());
    let hrefs = attrs(
        &site.html("g/sett-i-gang/index.html"),
        "a.lovhenvisning",
        "href",
    );
    assert_eq!(
        hrefs,
        [
            "https://lovdata.no/lov/2011-06-24-29/§6",
            "https://lovdata.no/lov/2008-06-27-71/§10-1"
        ]
    );
}

/// A reader that stops early (`stegvis check --format json | head`) ends
/// stegvis without a panic about the closed pipe.
#[cfg(unix)]
#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let site = Site::new();
    // Enough findings that the report is far bigger than a pipe holds.
    for i in 0..400 {
        site.write(&format!("content/feil-{i}.md"), "ingen front matter\n");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run stegvis");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("the report starts");
    // The pipe is closed here, with most of the report unread.
    let out = child.wait_with_output().expect("stegvis ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}
