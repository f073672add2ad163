//! Property tests (proptest): slugs are unique and stable, Lovdata links are
//! always well-formed, every front-matter string is escaped wherever it is
//! shown, and an incremental rebuild equals a clean build after any random
//! sequence of edits. Failing cases are kept in
//! `tests/properties.proptest-regressions` and replayed first.

mod common;
mod fuzz_checks;
use common::*;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::Config;
use stegvis::markdown::{check_id, render, MarkdownEnv};
use stegvis::output::write::OutputFile;
use stegvis::serve::live::LiveSite;
use stegvis::shared::i18n::Lang;
use stegvis::shared::slug::{slugify, UniqueIds};

/// `n` cases, or `PROPTEST_CASES` when set (for longer runs by hand).
fn cases(n: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases: n,
        ..Config::default()
    }
}

/// Text as editors write it, with Norwegian letters, accents, punctuation,
/// digits and the odd symbol.
fn heading_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zÆØÅæøå0-9 ,.!?§–-]{0,24}",
        "\\PC{0,16}",
        Just("Mål".to_string()),
        Just("Mål for året".to_string()),
        Just("mal-2".to_string()),
        Just("!!!".to_string()),
    ]
}

// ---------------------------------------------------------------- slugs

proptest! {
    #![proptest_config(cases(512))]

    /// Slugs are ASCII `a-z0-9` words joined by single hyphens, and a slug
    /// is its own slug.
    #[test]
    fn slugs_are_clean_and_idempotent(text in "\\PC{0,40}") {
        let s = slugify(&text);
        prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{s}");
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s}");
        prop_assert_eq!(slugify(&s), s.clone());
        prop_assert_eq!(slugify(&text), s, "same text, same slug");
    }

    /// Heading ids on a page never repeat, the first of a text gets the
    /// plain slug when it is free, and adding headings later never changes
    /// the ids already given (links to them keep working).
    #[test]
    fn heading_ids_are_unique_and_stable(
        texts in prop::collection::vec(heading_text(), 0..40),
        extra in prop::collection::vec(heading_text(), 0..10),
    ) {
        let mut ids = UniqueIds::new();
        let first: Vec<String> = texts.iter().map(|t| ids.make(t, "seksjon")).collect();
        let all: HashSet<&String> = first.iter().collect();
        prop_assert_eq!(all.len(), first.len(), "ids repeat: {:?}", first);
        let mut seen = HashSet::new();
        for (t, id) in texts.iter().zip(&first) {
            let base = match slugify(t) { s if s.is_empty() => "seksjon".to_string(), s => s };
            if seen.insert(base.clone()) && !first.iter().take_while(|i| *i != id).any(|i| *i == base) {
                prop_assert_eq!(id, &base);
            } else {
                prop_assert!(id.starts_with(&format!("{base}-")), "{} from {:?}", id, t);
            }
        }
        let mut again = UniqueIds::new();
        let longer: Vec<String> = texts.iter().chain(&extra).map(|t| again.make(t, "seksjon")).collect();
        prop_assert_eq!(&longer[..first.len()], &first[..]);
    }

    /// A checklist item's id depends only on its own text and page: other
    /// items, their order and their number do not move it.
    #[test]
    fn checklist_ids_are_stable(
        items in prop::collection::btree_set("[a-zæøå][a-zæøå ]{0,20}", 1..8),
        rot in 0..8usize,
        keep in 1..8usize,
    ) {
        // Distinct as the checklist sees them: whitespace collapsed.
        let items: Vec<String> = items.iter().map(|t| collapse(t)).collect::<BTreeSet<_>>().into_iter().collect();
        let body = |list: &[String]| list.iter().map(|t| format!("- [ ] {t}\n")).collect::<String>();
        let ids_of = |list: &[String]| -> HashMap<String, String> {
            go(&body(list)).checklist.iter().map(|c| (c.text.clone(), c.id.clone())).collect()
        };
        let a = ids_of(&items);
        prop_assert_eq!(a.len(), items.len());
        let mut other = items.clone();
        other.rotate_left(rot % items.len());
        other.truncate(keep);
        other.insert(0, "Et nytt punkt først".to_string());
        let b = ids_of(&other);
        for t in &other[1..] {
            prop_assert_eq!(b.get(t), a.get(t), "{:?} moved", t);
            prop_assert_eq!(&b[t], &check_id("g/01-a.md", t));
        }
    }
}

// ---------------------------------------------------------------- Lovdata

fn go(body: &str) -> stegvis::markdown::Rendered {
    let laws = fuzz_checks::laws();
    let targets = HashMap::new();
    let failed = HashSet::new();
    let statics = HashSet::new();
    let env = MarkdownEnv {
        laws: &laws,
        default_law: Some("pbl"),
        targets: &targets,
        failed: &failed,
        hidden: &[],
        static_files: &statics,
        base_path: "/",
        check_scope: "g/01-a.md",
        doc_key: "g/01-a.md",
        lang: Lang::Nb,
        dates: None,
        publisher: None,
        trust_html: false,
    };
    render(body, 1, &env)
}

/// Running text with law references in every shape editors (and typos)
/// produce: law names in any case, aliases, no-break spaces, letters after
/// the section (also capitals, `K` the Kelvin sign and `ſ`), stray digits.
fn law_text() -> impl Strategy<Value = String> {
    let law = prop_oneof![
        Just(""),
        Just("pbl "),
        Just("PBL "),
        Just("folkehelseloven "),
        Just("Folkehelselova "),
        Just("plan- og bygningsloven "),
        Just("Plan- og bygningslova. "),
        Just("ukjentloven "),
    ];
    let space = prop_oneof![Just(""), Just(" "), Just("\u{a0}"), Just("  ")];
    let section = "[0-9]{0,3}(-[0-9]{0,3})?";
    let letter = prop_oneof![
        Just(""),
        Just("a"),
        Just("A"),
        Just("K"),
        Just("\u{212a}"),
        Just("ſ"),
        Just("ø"),
        Just("ab"),
        Just("-"),
        Just("."),
    ];
    let filler = "[a-zæøå ,.()-]{0,12}";
    prop::collection::vec((filler, law, space, section, letter), 1..6).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(f, l, s, sec, let_)| format!("{f}{l}§{s}{sec}{let_}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

proptest! {
    #![proptest_config(cases(512))]

    /// Every § reference that becomes a link points at
    /// `https://lovdata.no/lov/<id>/§<section>` with a valid section.
    #[test]
    fn lovdata_links_are_well_formed(text in law_text()) {
        let r = go(&format!("{text}\n\n- [ ] {text}\n\n## {text}\n"));
        let re = regex::Regex::new(r#"<a class="lovhenvisning" href="([^"]*)""#).unwrap();
        for c in re.captures_iter(&r.html) {
            fuzz_checks::assert_lovdata_url(&c[1]);
        }
        for found in fuzz_checks::laws().find_references(&text) {
            prop_assert!(stegvis::shared::law::is_valid_section(&found.section), "{:?} in {:?}", found.section, text);
        }
    }
}

#[test]
fn capital_and_lookalike_section_letters() {
    // `K` here is U+212A, the Kelvin sign, which `(?i)[a-z]` would match.
    let r = go("Etter § 12-3A, § 6\u{212a} og § 7ſ.\n");
    assert!(
        r.html
            .contains("href=\"https://lovdata.no/lov/2008-06-27-71/§12-3a\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("/§6\">§ 6</a>\u{212a}"), "{}", r.html);
    assert!(r.html.contains("/§7\">§ 7</a>ſ"), "{}", r.html);
}

// ---------------------------------------------------------------- escaping

/// Strings that would break out of text or an attribute if not escaped.
fn hostile() -> impl Strategy<Value = String> {
    let payload = prop_oneof![
        Just("<inj>x</inj>"),
        Just("<b class=\"inj\">fet</b>"),
        Just("\"><inj>"),
        Just("\" data-inj=\"1"),
        Just("' data-inj='1"),
        Just("</title><inj>"),
        Just("<script>inj()</script>"),
        Just("<!-- inj"),
        Just("]]><inj/>"),
        Just("&lt;inj&gt; &amp;"),
        Just("{{ site.title }} {% raw %}"),
        Just("a & b < c > d"),
        Just("\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{fffe}\u{ffff}"),
        Just("ÆØÅ æøå – «»"),
    ];
    ("[A-Za-zæøå]{1,8}", payload, "[A-Za-zæøå ]{0,8}")
        .prop_map(|(a, p, b)| format!("{a} {p} {b}").trim().to_string())
}

/// A YAML double-quoted scalar holding exactly `s` (YAML wants control
/// characters and U+FFFE/U+FFFF escaped).
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

proptest! {
    #![proptest_config(cases(16))]

    /// Whatever a title, summary, requirement, change note, phase or
    /// milestone says, no page gets an element or attribute from it, every
    /// page shows it as text, and the Atom feed stays well-formed XML.
    #[test]
    fn front_matter_strings_are_escaped(s in prop::collection::vec(hostile(), 12)) {
        let site_yaml = SITE_YAML.replace("title: Testveileder", &format!("title: {}", q(&s[11])));
        let guide = format!(
            "---\ntitle: {}\nsummary: {}\norder: 1\nphases:\n  - {{ title: {}, start: constituted, end: deadline }}\nmilestones:\n  - {{ title: {}, date: deadline, deadline: true }}\n---\nInnledning.\n",
            q(&s[0]), q(&s[1]), q(&s[2]), q(&s[3])
        );
        let step = format!(
            "---\ntitle: {}\nstep: 1\nkind: lovkrav\nsummary: {}\nupdated: 2024-11-01\nlegal:\n  - {{ law: pbl, section: \"10-1\", requirement: {}, obligation: skal }}\nwhen: {{ start: constituted }}\nchanges:\n  - {{ date: 2024-11-01, note: {} }}\n---\nTekst.\n",
            q(&s[4]), q(&s[5]), q(&s[6]), q(&s[7])
        );
        let page = format!("---\ntitle: {}\nsummary: {}\n---\nTekst.\n", q(&s[8]), q(&s[9]));
        let site = Site::with(&[
            ("site.yaml", &site_yaml),
            ("content/g/_guide.md", &guide),
            ("content/g/01-start.md", &step),
            ("content/g/02-vedtak.md", ""),
            ("content/om.md", &page),
        ]);
        let out = match stegvis::pipeline::render_site(site.root(), None) {
            Ok(o) => o,
            Err(d) => return Err(TestCaseError::fail(format!("build failed: {d:?}"))),
        };
        let mut shown: BTreeMap<usize, bool> = BTreeMap::new();
        for f in &out.files {
            let OutputFile::Text { path, text } = f else { continue };
            if path.ends_with(".html") {
                let doc = Html::parse_document(text);
                let bad = sel("inj, .inj, [data-inj], script:not([src])");
                prop_assert!(doc.select(&bad).next().is_none(), "injected markup in {path}");
                let all = collapse(&doc.root_element().text().collect::<String>());
                for (i, v) in s.iter().enumerate().take(10) {
                    if all.contains(&collapse(&strip_controls(v))) || all.contains(&collapse(v)) {
                        shown.insert(i, true);
                    }
                }
            } else if path.ends_with(".xml") {
                if let Err(e) = roxmltree::Document::parse(text) {
                    return Err(TestCaseError::fail(format!("{path} is not XML: {e}\n{text}")));
                }
            }
        }
        for i in [0usize, 1, 4, 5, 6, 8] {
            prop_assert!(shown.contains_key(&i), "{:?} is shown nowhere as text", s[i]);
        }
    }

    /// Pages, guides and their built-in neighbours (search, what's new,
    /// checklists, timelines) never write to the same file: a clash is an
    /// error, never a silent overwrite.
    #[test]
    fn every_page_has_its_own_file(
        titles in prop::collection::vec(prop_oneof![
            Just("Søk"), Just("Hva er nytt?"), Just("Sjekkliste"), Just("Tidslinje"),
            Just("Om veilederen"), Just("Planstrategi"), Just("G"), Just("404"), Just("Atom xml"),
        ], 1..5),
        dir in prop_oneof![Just("g"), Just("sok"), Just("hva-er-nytt"), Just("om-veilederen")],
    ) {
        let mut files: Vec<(String, String)> = titles.iter().enumerate().map(|(i, t)| {
            (format!("content/side{i}.md"), format!("---\ntitle: {}\n---\nTekst.\n", q(t)))
        }).collect();
        files.push(("content/om.md".into(), String::new()));
        if dir != "g" {
            for f in ["_guide.md", "01-start.md", "02-vedtak.md"] {
                let text = std::fs::read_to_string(Site::new().root().join("content/g").join(f)).unwrap();
                files.push((format!("content/{dir}/{f}"), text));
                files.push((format!("content/g/{f}"), String::new()));
            }
        }
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let site = Site::with(&refs);
        if let Ok(out) = stegvis::pipeline::render_site(site.root(), None) {
            let mut seen = HashSet::new();
            for f in &out.files {
                prop_assert!(seen.insert(f.path().to_string()), "two files write {} ({:?}, {})", f.path(), titles, dir);
            }
        }
    }
}

/// Found by `every_page_has_its_own_file`: a page titled «Søk» (slug
/// `sok`) or a guide folder named `hva-er-nytt` overwrote the built-in
/// search and what's-new pages without a word.
#[test]
fn built_in_page_addresses_are_reserved() {
    let site = Site::with(&[("content/sok.md", "---\ntitle: Søk\n---\nTekst.\n")]);
    let e = site.error("slug-collision");
    assert_eq!(
        e.file.as_deref(),
        Some(std::path::Path::new("content/sok.md"))
    );
    assert_eq!(e.line, Some(2));
    let site = Site::with(&[
        ("content/g/_guide.md", ""),
        ("content/g/01-start.md", ""),
        ("content/g/02-vedtak.md", ""),
        ("content/hva-er-nytt/_guide.md", GUIDE),
    ]);
    site.error("slug-collision");
}

// ---------------------------------------------------------------- incremental

const BASE: &str = "http://127.0.0.1:1/";

#[derive(Debug, Clone)]
enum Edit {
    StepTitle(usize, usize),
    StepBody(usize, usize),
    StepNumber(usize, u32),
    AddStep(u32, usize),
    RemoveStep(usize),
    RenameStep(usize),
    BreakStep(usize),
    GuideTitle(usize),
    PageTitle(usize),
    RemovePage,
    SiteTitle(usize),
    Template(bool),
    /// Saves a file without changing it.
    Touch(usize),
}

const TITLES: [&str; 7] = [
    "Sett i gang",
    "Vedta strategien",
    "Mål og ønsker",
    "Sett i gang",
    "Sjekkliste",
    "Ny – § 10-1",
    "Øvelse",
];

const BODIES: [&str; 7] = [
    "Tekst.\n",
    "## Første del\n\n- [ ] Lag en plan\n- [x] Ferdig\n",
    "Se § 10-1 og folkehelseloven § 6.\n",
    "Se [start](@/g/01-start.md#forste-del).\n",
    "Se [borte](@/g/09-borte.md).\n",
    "## Mål\n\n## Mål\n\n[opp](#mal-2)\n",
    "Se [siden](@/om.md#kontakt) og [guiden](@/g/_guide.md).\n",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..6usize, 0..TITLES.len()).prop_map(|(s, t)| Edit::StepTitle(s, t)),
        (0..6usize, 0..BODIES.len()).prop_map(|(s, b)| Edit::StepBody(s, b)),
        (0..6usize, 1..6u32).prop_map(|(s, n)| Edit::StepNumber(s, n)),
        (1..7u32, 0..TITLES.len()).prop_map(|(n, t)| Edit::AddStep(n, t)),
        (0..6usize).prop_map(Edit::RemoveStep),
        (0..6usize).prop_map(Edit::RenameStep),
        (0..6usize).prop_map(Edit::BreakStep),
        (0..TITLES.len()).prop_map(Edit::GuideTitle),
        (0..TITLES.len()).prop_map(Edit::PageTitle),
        Just(Edit::RemovePage),
        (0..TITLES.len()).prop_map(Edit::SiteTitle),
        any::<bool>().prop_map(Edit::Template),
        (0..8usize).prop_map(Edit::Touch),
    ]
}

fn step_text(title: &str, number: u32, body: &str) -> String {
    format!(
        "---\ntitle: {}\nstep: {number}\nkind: råd\nsummary: Et steg.\nupdated: 2024-11-01\n---\n{body}",
        q(title)
    )
}

/// The files of the site as the test believes them to be.
struct Model {
    site: Site,
    files: BTreeMap<String, String>,
    renamed: usize,
}

impl Model {
    fn new() -> Model {
        let site = Site::new();
        let mut files = BTreeMap::new();
        for e in walkdir::WalkDir::new(site.root()) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let rel = e.path().strip_prefix(site.root()).unwrap();
                files.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                );
            }
        }
        Model {
            site,
            files,
            renamed: 0,
        }
    }

    fn steps(&self) -> Vec<String> {
        self.files
            .keys()
            .filter(|k| k.starts_with("content/g/") && !k.ends_with("_guide.md"))
            .cloned()
            .collect()
    }

    fn write(&mut self, path: &str, text: String) -> Vec<PathBuf> {
        self.site.write(path, &text);
        self.files.insert(path.to_string(), text);
        vec![PathBuf::from(path)]
    }

    fn remove(&mut self, path: &str) -> Vec<PathBuf> {
        let _ = std::fs::remove_file(self.site.root().join(path));
        self.files.remove(path);
        vec![PathBuf::from(path)]
    }

    /// Applies one edit to the files; returns the paths an editor's save
    /// would report.
    fn apply(&mut self, e: &Edit) -> Vec<PathBuf> {
        let steps = self.steps();
        let pick = |i: usize| steps.get(i % steps.len().max(1)).cloned();
        let replace_front = |text: &str, field: &str, value: &str| -> String {
            text.lines()
                .map(|l| {
                    if l.starts_with(&format!("{field}: ")) {
                        format!("{field}: {value}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        };
        match e {
            Edit::StepTitle(s, t) => match pick(*s) {
                Some(p) => {
                    let text = replace_front(&self.files[&p], "title", &q(TITLES[*t]));
                    self.write(&p, text)
                }
                None => vec![],
            },
            Edit::StepBody(s, b) => match pick(*s) {
                Some(p) => {
                    let text = &self.files[&p];
                    let head = match text.match_indices("\n---\n").next() {
                        Some((i, _)) => text[..i + 5].to_string(),
                        None => text.clone(),
                    };
                    self.write(&p, format!("{head}{}", BODIES[*b]))
                }
                None => vec![],
            },
            Edit::StepNumber(s, n) => match pick(*s) {
                Some(p) => {
                    let text = replace_front(&self.files[&p], "step", &n.to_string());
                    self.write(&p, text)
                }
                None => vec![],
            },
            Edit::AddStep(n, t) => {
                self.renamed += 1;
                let p = format!("content/g/{n:02}-ny{}.md", self.renamed);
                self.write(&p, step_text(TITLES[*t], *n, BODIES[0]))
            }
            Edit::RemoveStep(s) => match pick(*s) {
                Some(p) => self.remove(&p),
                None => vec![],
            },
            Edit::RenameStep(s) => match pick(*s) {
                Some(p) => {
                    self.renamed += 1;
                    let text = self.files[&p].clone();
                    let to = format!("content/g/99-flyttet{}.md", self.renamed);
                    std::fs::rename(self.site.root().join(&p), self.site.root().join(&to)).unwrap();
                    self.files.remove(&p);
                    self.files.insert(to.clone(), text);
                    vec![PathBuf::from(p), PathBuf::from(to)]
                }
                None => vec![],
            },
            Edit::BreakStep(s) => match pick(*s) {
                Some(p) => self.write(&p, "---\ntitle: [\n---\n".to_string()),
                None => vec![],
            },
            Edit::GuideTitle(t) => {
                let text =
                    replace_front(&self.files["content/g/_guide.md"], "title", &q(TITLES[*t]));
                self.write("content/g/_guide.md", text)
            }
            Edit::PageTitle(t) => {
                self.write("content/om.md", PAGE.replace("Om veilederen", TITLES[*t]))
            }
            Edit::RemovePage => self.remove("content/om.md"),
            Edit::SiteTitle(t) => {
                let text = SITE_YAML.replace("Testveileder", TITLES[*t]);
                self.write("site.yaml", text)
            }
            Edit::Template(on) => {
                if *on {
                    self.write(
                        "templates/page.html",
                        "{% extends \"base.html\" %}{% block content %}<main id=\"egen\">{{ page.title }}{{ page.body_html | safe }}</main>{% endblock content %}".to_string(),
                    )
                } else {
                    self.remove("templates/page.html")
                }
            }
            Edit::Touch(i) => {
                let keys: Vec<String> = self.files.keys().cloned().collect();
                let p = keys[i % keys.len()].clone();
                let text = self.files[&p].clone();
                self.write(&p, text)
            }
        }
    }
}

fn served(live: &LiveSite) -> Files {
    live.snapshot()
        .iter()
        .map(|(k, v)| (k.clone(), v.bytes().unwrap().into_owned()))
        .collect()
}

/// Output files by path, or the errors by code and place.
type Files = BTreeMap<String, Vec<u8>>;
type Errors = Vec<(String, String)>;

fn clean(site: &Site) -> Result<Files, Errors> {
    match stegvis::pipeline::render_site(site.root(), Some(BASE)) {
        Ok(out) => Ok(out
            .files
            .iter()
            .map(|f| match f {
                OutputFile::Text { path, text } => (path.clone(), text.as_bytes().to_vec()),
                OutputFile::Bytes { path, bytes } => (path.clone(), bytes.to_vec()),
                OutputFile::Asset(a) => (
                    a.path.clone(),
                    match &a.source {
                        stegvis::render::theme::AssetSource::Disk(p) => std::fs::read(p).unwrap(),
                        stegvis::render::theme::AssetSource::Embedded(b) => b.to_vec(),
                    },
                ),
            })
            .collect()),
        Err(d) => Err(errors_of(&d)),
    }
}

fn errors_of(d: &stegvis::shared::diagnostics::Diagnostics) -> Errors {
    let set: BTreeSet<(String, String)> = d
        .errors()
        .map(|e| {
            (
                e.code.to_string(),
                format!(
                    "{}:{:?}: {}",
                    e.file
                        .as_ref()
                        .map(|f| f.display().to_string())
                        .unwrap_or_default(),
                    e.line,
                    e.message
                ),
            )
        })
        .collect();
    set.into_iter().collect()
}

proptest! {
    #![proptest_config(cases(12))]

    /// After every edit of a random sequence, the in-memory site of the
    /// preview server serves exactly what a clean build makes, or fails
    /// with exactly the clean build's errors.
    #[test]
    fn incremental_rebuild_equals_clean_build(edits in prop::collection::vec(edit(), 1..10)) {
        let mut m = Model::new();
        let mut live = LiveSite::new(m.site.root(), BASE);
        for (n, e) in edits.iter().enumerate() {
            let paths = m.apply(e);
            let result = live.apply(&paths);
            let when = format!("after edit {n} {e:?} of {edits:?}");
            match (result, clean(&m.site)) {
                (Ok(_), Ok(want)) => {
                    let got = served(&live);
                    prop_assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{}: file sets", when);
                    for (k, v) in &want {
                        prop_assert!(got[k] == *v, "{}: {} differs from a clean build", when, k);
                    }
                }
                (Err(got), Err(want)) => {
                    prop_assert_eq!(errors_of(&got), want, "{}: errors", when);
                }
                (Ok(_), Err(want)) => prop_assert!(false, "{}: live build passed, clean failed: {:?}", when, want),
                (Err(got), Ok(_)) => prop_assert!(false, "{}: live build failed, clean passed: {:?}", when, errors_of(&got)),
            }
        }
    }
}

// ---------------------------------------------------------------------
// Output paths (issue 25, bug 1): whatever path is typed, `output_target`
// accepts it only if the folder it really ends up as — asked of the file
// system by making the folders and resolving them — is neither a source
// folder, nor inside or above one, nor the site or above it.

/// Path parts an adviser might type, plus `lenke` (a symlink to
/// `content/`), `Content` (case), `.`/`..` and empty parts (`a//b`).
fn output_path() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("."),
        Just(".."),
        Just("content"),
        Just("Content"),
        Just("static"),
        Just("themes"),
        Just("public"),
        Just("nyx"),
        Just("g"),
        Just("lenke"),
        Just(""),
    ];
    (prop::collection::vec(part, 1..6), any::<bool>()).prop_map(|(parts, slash)| {
        let mut p = parts.join("/");
        if slash {
            p.push('/');
        }
        if p.is_empty() || p.starts_with('/') {
            p.insert(0, '.');
        }
        p
    })
}

proptest! {
    #![proptest_config(cases(200))]

    #[test]
    fn output_paths_are_judged_as_they_resolve(typed in output_path()) {
        use stegvis::output::target::{is_within, output_target, SOURCE_DIRS};
        let outer = tempfile::tempdir().unwrap();
        let outer_path = std::fs::canonicalize(outer.path()).unwrap();
        // Deep enough that no path of up to six `..` climbs out of the
        // temporary folder into real folders of the machine.
        let root = outer_path.join("a/b/c/d/e/f/site");
        for d in ["content/g", "static", "themes"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("content/g/01-a.md"), "a").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("content"), root.join("lenke")).unwrap();
        let verdict = output_target(&root, std::path::Path::new(&typed), &root);
        // The file system's own answer: make each missing folder in turn
        // (mkdir), let the OS resolve every `..` and symlink as it goes.
        let mut real = root.clone();
        for part in std::path::Path::new(&typed).components() {
            real = real.join(part);
            if !real.exists() {
                std::fs::create_dir(&real).unwrap();
            }
            real = std::fs::canonicalize(&real).unwrap();
        }
        let protected = is_within(&root, &real)
            || SOURCE_DIRS.iter().any(|s| {
                let s = root.join(s);
                is_within(&real, &s) || is_within(&s, &real)
            })
            || is_within(&real, &root.join("content"));
        match verdict {
            Ok(target) => {
                prop_assert!(!protected, "{typed} → {}: accepted", real.display());
                prop_assert_eq!(target, real, "{} resolved elsewhere than the file system says", typed);
            }
            Err(_) => {
                // Refused: it must be protected (or an existing folder not
                // made by stegvis, which the fresh site has only above it).
                prop_assert!(protected, "{typed} → {}: refused", real.display());
            }
        }
    }
}
