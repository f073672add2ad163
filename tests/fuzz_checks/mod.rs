//! What each fuzz target checks, shared by the targets in `fuzz/` (which
//! include this file) and by `tests/fuzz_regressions.rs`, which replays every
//! input the fuzzers found (`tests/fuzz-inputs/<target>/`). Each function
//! takes raw bytes and panics on a broken promise.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use regex::Regex;
use stegvis::content::frontmatter::{self, GuideMeta, PageMeta, StepMeta};
use stegvis::content::load::{Document, LoadedContent, Meta};
use stegvis::markdown::{render, MarkdownEnv};
use stegvis::model::{LinkTarget, PageId};
use stegvis::pipeline::{self, NoCache, Settings};
use stegvis::render;
use stegvis::serve::request_key;
use stegvis::shared::dates::DateExpr;
use stegvis::shared::html::escape;
use stegvis::shared::i18n::Lang;
use stegvis::shared::law::{is_valid_lovdata_id, is_valid_section, Law, LawRegistry};
use stegvis::shared::slug::slugify;

/// A fuzz target's checks.
pub type Check = fn(&[u8]);

/// The fuzz targets by name, for replaying inputs.
pub const TARGETS: [(&str, Check); 4] = [
    ("frontmatter", frontmatter),
    ("markdown", markdown),
    ("document", document),
    ("small_parsers", small_parsers),
];

fn check_yaml_line<T>(r: &Result<T, stegvis::content::yaml::YamlError>, lines: usize) {
    if let Err(e) = r {
        if let Some(l) = e.line {
            assert!(l >= 1 && l <= lines + 1, "error line {l} of {lines}: {e:?}");
        }
        assert!(!e.message.is_empty());
    }
}

/// Front matter: any bytes through UTF-8 decoding (BOM, CRLF, CR), the
/// `---` split and the typed parse of every kind of document. The split
/// must describe the file exactly, and every error line must be a line of
/// the file.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = stegvis::shared::text::decode_utf8(data) else {
        return;
    };
    assert!(!text.contains('\r'), "line endings are normalised");
    let lines = text.lines().count().max(1);
    match frontmatter::split(&text) {
        Ok(s) => {
            // The parts are pieces of the file, in order, at the lines given.
            let y = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
            let b = s.body.as_ptr() as usize - text.as_ptr() as usize;
            assert!(y + s.yaml.len() <= b && b + s.body.len() == text.len());
            assert_eq!(s.yaml_line, 2);
            assert_eq!(s.body_line, 3 + s.yaml.matches('\n').count());
            if !s.body.is_empty() {
                assert_eq!(text[..b].matches('\n').count() + 1, s.body_line);
            }
            check_yaml_line(&frontmatter::parse::<StepMeta>(&s), lines);
            check_yaml_line(&frontmatter::parse::<GuideMeta>(&s), lines);
            check_yaml_line(&frontmatter::parse::<PageMeta>(&s), lines);
        }
        Err(e) => {
            assert!(e.line >= 1 && e.line <= lines);
            assert!(!e.message.is_empty() && !e.hint.is_empty());
        }
    }
}

struct MarkdownFixture {
    laws: LawRegistry,
    targets: HashMap<String, LinkTarget>,
    failed: HashSet<String>,
    statics: HashSet<String>,
    href: Regex,
}

/// The laws the Markdown checks know: two acts with nynorsk aliases and a
/// regulation (its links go under `/forskrift/`).
pub fn laws() -> LawRegistry {
    let law = |id: &str, lovdata: &str, name: &str, alias: &str| Law {
        id: id.into(),
        lovdata: lovdata.into(),
        regulation: false,
        name: name.into(),
        aliases: vec![alias.into()],
        name_nn: None,
    };
    LawRegistry::new([
        law(
            "pbl",
            "2008-06-27-71",
            "plan- og bygningsloven",
            "plan- og bygningslova",
        ),
        law(
            "folkehelseloven",
            "2011-06-24-29",
            "folkehelseloven",
            "folkehelselova",
        ),
        Law {
            regulation: true,
            ..law("tek17", "2017-06-19-840", "byggteknisk forskrift", "TEK17")
        },
    ])
}

fn markdown_fixture() -> &'static MarkdownFixture {
    static F: OnceLock<MarkdownFixture> = OnceLock::new();
    F.get_or_init(|| {
        let target = |doc: usize, url: &str| LinkTarget {
            doc,
            url: url.into(),
        };
        MarkdownFixture {
            laws: laws(),
            targets: [
                ("g/02-b.md".to_string(), target(1, "/g/b/")),
                ("om.md".to_string(), target(2, "/om/")),
            ]
            .into_iter()
            .collect(),
            failed: ["g/03-feil.md".to_string()].into_iter().collect(),
            statics: ["kart.png".to_string(), "bilder/a b.png".to_string()]
                .into_iter()
                .collect(),
            href: Regex::new(r#"<a class="lovhenvisning" href="([^"]*)""#).unwrap(),
        }
    })
}

/// The whole Markdown → HTML step of one body, with law references, task
/// lists, headings, code blocks and `@/` links: unique heading and checklist
/// ids, balanced checklist labels, well-formed Lovdata links, problems placed
/// on lines of the body.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let f = markdown_fixture();
    // `{{ … }}` dates in the text: the period and one guide date.
    let day =
        |y, m, d| stegvis::shared::dates::NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    let period = stegvis::shared::dates::Period::new(
        "2027–2031".into(),
        day(2027, 9, 13),
        day(2027, 10, 14),
        None,
    );
    let named = [stegvis::shared::dates::NamedDate {
        name: "oppstart".into(),
        title: "Oppstart".into(),
        expr: "deadline + 1m".into(),
        date: day(2028, 11, 14),
        moved_from: None,
    }];
    let env = MarkdownEnv {
        laws: &f.laws,
        default_law: Some("pbl"),
        targets: &f.targets,
        failed: &f.failed,
        hidden: &[],
        static_files: &f.statics,
        base_path: "/v/",
        check_scope: "g/01-a.md",
        doc_key: "g/01-a.md",
        lang: Lang::Nb,
        dates: Some(stegvis::shared::dates::DateScope::new(&period, &named)),
        publisher: Some("Fylket"),
        trust_html: false,
    };
    let first_line = 7;
    let r = render(body, first_line, &env);

    let ids: HashSet<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    // Explicit `{#id}`s may repeat (that is reported); generated ones never do.
    let dup_reported = r.problems.iter().any(|p| p.code == "duplicate-anchor");
    assert!(
        dup_reported || ids.len() == r.headings.len(),
        "{:?}",
        r.headings
    );
    for h in &r.headings {
        assert!(!h.id.is_empty(), "empty heading id");
        assert!((1..=6).contains(&h.level));
    }
    let checks: HashSet<&str> = r.checklist.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(checks.len(), r.checklist.len(), "checklist ids repeat");
    if !body.to_ascii_lowercase().contains("label") {
        assert_eq!(
            r.html.matches("<label").count(),
            r.html.matches("</label>").count(),
            "{}",
            r.html
        );
    }
    for c in f.href.captures_iter(&r.html) {
        assert_lovdata_url(&c[1]);
    }
    let last_line = first_line + body.matches('\n').count();
    for p in &r.problems {
        assert!(
            (first_line..=last_line).contains(&p.line) && p.column >= 1,
            "{p:?} outside lines {first_line}..={last_line}"
        );
    }
}

/// `https://lovdata.no/lov/<yyyy-mm-dd-n>/§<section>` (or `/forskrift/`
/// for a regulation) with a valid section.
pub fn assert_lovdata_url(url: &str) {
    let rest = url
        .strip_prefix("https://lovdata.no/lov/")
        .or_else(|| url.strip_prefix("https://lovdata.no/forskrift/"))
        .unwrap_or_else(|| panic!("not a Lovdata URL: {url}"));
    let (id, section) = rest.split_once("/§").expect("/§ in the URL");
    assert!(is_valid_lovdata_id(id), "bad law id in {url}");
    assert!(is_valid_section(section), "malformed section in {url}");
}

const SITE: &str = "\
title: Fuzz
base_url: https://example.org/v/
language: nb
default_law: pbl
laws:
  pbl: { lovdata: 2008-06-27-71, name: plan- og bygningsloven }
  folkehelseloven: { lovdata: 2011-06-24-29, name: folkehelseloven }
period:
  election: 2023-09-11
  constituted: 2023-10-19
";

const GUIDE: &str = "---\ntitle: Veileder\nsummary: Om veilederen.\n---\nInnledning.\n";

struct DocumentFixture {
    settings: Settings,
    guide: Document,
}

fn document_fixture() -> &'static DocumentFixture {
    static F: OnceLock<DocumentFixture> = OnceLock::new();
    F.get_or_init(|| {
        let split = frontmatter::split(GUIDE).unwrap();
        let meta: GuideMeta = frontmatter::parse(&split).unwrap();
        DocumentFixture {
            settings: Settings {
                layers: stegvis::content::layers::Layers::single(Path::new(
                    "/nonexistent-stegvis-fuzz",
                )),
                config: Ok(stegvis::content::config::parse(SITE).expect("fixture site.yaml")),
                // No themes/ folder there: the built-in default theme.
                theme: Ok(stegvis::render::theme::load(
                    &stegvis::content::layers::Layers::single(Path::new(
                        "/nonexistent-stegvis-fuzz",
                    )),
                    "default",
                )
                .unwrap_or_else(|_| panic!("default theme"))),
                static_files: HashSet::new(),
            },
            guide: Document {
                path: PathBuf::from("content/g/_guide.md"),
                key: "g/_guide.md".into(),
                meta: Meta::Guide {
                    dir: "g".into(),
                    meta,
                },
                yaml: Arc::from(split.yaml),
                yaml_line: split.yaml_line,
                body: Arc::from(split.body),
                body_line: split.body_line,
                content_hash: 1,
                layer: Default::default(),
            },
        }
    })
}

/// One step file through every stage but writing: decoding, front matter,
/// the model, Markdown and the default theme's templates for every page of a
/// small site around it. A file the model accepts must render without a
/// template error, every page must land on its own path, and the step's
/// title must reach its page escaped.
pub fn document(data: &[u8]) {
    let Ok(text) = stegvis::shared::text::decode_utf8(data) else {
        return;
    };
    let Ok(split) = frontmatter::split(&text) else {
        return;
    };
    let Ok(meta) = frontmatter::parse::<StepMeta>(&split) else {
        return;
    };
    let f = document_fixture();
    let title = meta.title.trim().to_string();
    let step = Document {
        path: PathBuf::from("content/g/01-a.md"),
        key: "g/01-a.md".into(),
        meta: Meta::Step {
            dir: "g".into(),
            meta,
        },
        yaml: Arc::from(split.yaml),
        yaml_line: split.yaml_line,
        body: Arc::from(split.body),
        body_line: split.body_line,
        content_hash: 2,
        layer: Default::default(),
    };
    let content = LoadedContent {
        docs: vec![f.guide.clone(), step],
        ..LoadedContent::default()
    };
    // The conductor's own stages 2 and 3; a file with errors stops there.
    let Ok(ready) =
        pipeline::prepare(&f.settings, content, &mut NoCache, pipeline::Markdown::Keep).ready()
    else {
        return;
    };
    let site = &ready.site;
    let renderer = ready.renderer();
    let ids = site.page_ids();
    let pages = match render::render_all(&renderer, &ids) {
        Ok(p) => p,
        Err(d) => panic!("a valid site failed to render: {d:?}"),
    };
    let mut paths = HashSet::new();
    for (id, path, html) in &pages {
        assert!(paths.insert(path.clone()), "two pages write {path}");
        assert!(html.contains("</html>"), "{id:?} is cut short");
        if *id == PageId::Step(0, 0) {
            assert!(
                html.contains(&escape(&title)),
                "the title is not on its page, escaped"
            );
        }
    }
}

/// The small parsers, picked by the first byte: date expressions (which
/// must round-trip through their canonical form), request paths of the
/// preview server (no key may leave the site), slugs (only `a-z0-9-`,
/// idempotent), and `site.yaml`.
pub fn small_parsers(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 4 {
        0 => {
            if let Ok(e) = s.parse::<DateExpr>() {
                let canonical = e.to_string();
                let again: DateExpr = canonical.parse().expect("canonical form parses");
                // `constituted + 0m` is `constituted`: no amount, any unit.
                let same =
                    e == again || (e.amount == 0 && again.amount == 0 && e.anchor == again.anchor);
                assert!(same, "{s:?} → {canonical:?}: {e:?} != {again:?}");
            }
        }
        1 => {
            if let Ok(key) = request_key(s) {
                assert!(!key.starts_with('/'), "{key}");
                assert!(!key.contains('\\') && !key.contains('\0') && !key.contains(':'));
                assert!(key.split('/').all(|seg| seg != ".." && seg != "."), "{key}");
                assert!(!key.split('/').any(str::is_empty), "{key}");
            }
        }
        2 => {
            let slug = slugify(s);
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{slug}"
            );
            assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
            assert_eq!(slugify(&slug), slug, "not idempotent");
        }
        _ => {
            let _ = stegvis::content::config::parse(s);
        }
    }
}
