//! Word templates (`docx: true` pages) opened by an independent reader:
//! python-docx reads every built `.docx` and hands back its paragraphs
//! with their styles and its tables; the headings of the Markdown are Word
//! headings, the dates on the page are in the file, no `{{` is left.
//! python-docx comes from PyPI (`.ci/run` installs it into its venv and
//! sets `STEGVIS_PYTHON_DOCX` to that venv's python). Without it the test
//! prints a loud `SKIPPED` line and passes, unless
//! `STEGVIS_DOCX_TESTS=required` (set by `.ci/run`).

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

const READER: &str = r#"
import json, sys, docx
d = docx.Document(sys.argv[1])
paras = [{"style": p.style.name if p.style is not None else None, "text": p.text} for p in d.paragraphs]
tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
print(json.dumps({"paragraphs": paras, "tables": tables}))
"#;

fn python() -> Option<PathBuf> {
    let python = std::env::var_os("STEGVIS_PYTHON_DOCX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let ok = Command::new(&python)
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    let why = format!(
        "{} cannot import python-docx (pip install python-docx; STEGVIS_PYTHON_DOCX names the python)",
        python.display()
    );
    if std::env::var("STEGVIS_DOCX_TESTS").as_deref() == Ok("required") {
        panic!("the Word reader is required here: {why}");
    }
    eprintln!("\n*** SKIPPED Word template test: {why} ***\n");
    None
}

struct Read {
    paragraphs: Vec<(String, String)>,
    tables: Vec<Vec<Vec<String>>>,
}

impl Read {
    fn all_text(&self) -> String {
        let mut s: Vec<String> = self.paragraphs.iter().map(|(_, t)| t.clone()).collect();
        for t in &self.tables {
            for row in t {
                s.push(row.join(" | "));
            }
        }
        s.join("\n")
    }

    fn headings(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .filter(|(style, _)| style.starts_with("Heading"))
            .map(|(_, t)| t.clone())
            .collect()
    }
}

fn read(python: &Path, file: &Path) -> Read {
    let out = Command::new(python)
        .args(["-c", READER])
        .arg(file)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "python-docx could not open {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("reader's JSON");
    let paragraphs = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["style"].as_str().unwrap_or("").to_string(),
                p["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let tables = serde_json::from_value(v["tables"].clone()).unwrap();
    Read { paragraphs, tables }
}

/// The `##` headings of a Markdown body (outside code fences).
fn markdown_headings(body: &str) -> Vec<String> {
    let mut fenced = false;
    body.lines()
        .filter_map(|l| {
            if l.starts_with("```") {
                fenced = !fenced;
            }
            (!fenced && l.starts_with("##")).then(|| l.trim_start_matches('#').trim().to_string())
        })
        .collect()
}

/// Every docx page of `root`'s content, checked against its built page.
fn check_templates(python: &Path, root: &Path, public: &Path) -> usize {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let text = match std::fs::read_to_string(entry.path()) {
            Ok(t) if entry.path().extension().is_some_and(|e| e == "md") => t,
            _ => continue,
        };
        let Some((front, body)) = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
        else {
            continue;
        };
        if !front.lines().any(|l| l.trim() == "docx: true") {
            continue;
        }
        let title = front
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap()
            .trim_matches('"')
            .to_string();
        // The page and its Word file sit in the folder of the page's slug.
        let html_path = walkdir::WalkDir::new(public)
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| {
                e.file_name() == "index.html"
                    && std::fs::read_to_string(e.path())
                        .is_ok_and(|h| h.contains(&format!("<h1>{}</h1>", html_escape(&title))))
            })
            .unwrap_or_else(|| panic!("no page titled {title}"))
            .into_path();
        let dir = html_path.parent().unwrap();
        let slug = dir.file_name().unwrap().to_str().unwrap();
        let file = dir.join(format!("{slug}.docx"));
        assert!(
            file.is_file(),
            "{} has no Word file",
            entry.path().display()
        );
        let html = std::fs::read_to_string(&html_path).unwrap();
        assert!(
            html.contains(&format!(
                "href=\"{}\"",
                format_args!("/{}", file.strip_prefix(public).unwrap().display())
            )) || html.contains(&format!("{slug}.docx\" download")),
            "the page links its Word file: {}",
            html_path.display()
        );
        let doc = read(python, &file);
        let all = doc.all_text();
        assert_eq!(doc.paragraphs[0], ("Title".to_string(), title.clone()));
        let headings = doc.headings();
        for h in markdown_headings(body) {
            let plain: String = h.replace("**", "");
            if plain.contains("{{") {
                continue;
            }
            assert!(
                headings.contains(&plain),
                "{title}: heading «{plain}» in {headings:?}"
            );
        }
        assert!(!all.contains("{{"), "{title}: a date left unread:\n{all}");
        // Every date the page shows in its text is in the file too.
        let page = scraper::Html::parse_document(&html);
        for t in texts(&page, ".prose time") {
            assert!(
                all.contains(&t),
                "{title}: the date «{t}» of the page is not in the file:\n{all}"
            );
        }
        checked += 1;
    }
    checked
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn a_template_page_builds_a_word_file_with_its_headings_lists_tables_and_dates() {
    let Some(python) = python() else { return };
    let site = Site::with(&[(
        "content/mal.md",
        "---\ntitle: Prosessplan for planstrategien\nsummary: En mal.\ndocx: true\n---\n\n\
         ## Framdrift i {{ periode }}\n\nVedtak senest **{{ deadline }}**, møte i {{ council_meeting | måned }}.\n\n\
         - [ ] Sett opp møteplan\n- Les [loven](https://lovdata.no/lov/2008-06-27-71/§10-1)\n\n\
         1. Først\n2. Så\n\n### Hvem gjør hva\n\n| Hva | Når |\n|---|---|\n| Offentlig | {{ council_meeting - 31d }} |\n",
    )]);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    assert_eq!(check_templates(&python, site.root(), &site.out()), 1);
    let doc = read(
        &python,
        &site
            .out()
            .join("prosessplan-for-planstrategien/prosessplan-for-planstrategien.docx"),
    );
    assert_eq!(
        doc.headings(),
        vec![
            "Framdrift i 2023–2027".to_string(),
            "Hvem gjør hva".to_string()
        ],
        "{:?}",
        doc.paragraphs
    );
    assert!(doc.all_text().contains("☐ Sett opp møteplan"));
    assert_eq!(doc.tables.len(), 1);
    assert_eq!(doc.tables[0][0], vec!["Hva", "Når"]);
    // A page without `docx: true` has no Word file.
    assert!(!site.out().join("om/om.docx").exists());
    // The same site builds the same bytes again.
    let first = std::fs::read(
        site.out()
            .join("prosessplan-for-planstrategien/prosessplan-for-planstrategien.docx"),
    )
    .unwrap();
    let again = site.build();
    assert!(again.status.success());
    let second = std::fs::read(
        site.out()
            .join("prosessplan-for-planstrategien/prosessplan-for-planstrategien.docx"),
    )
    .unwrap();
    assert_eq!(first, second);
}
#[test]
fn every_bundled_template_opens_in_an_independent_reader() {
    let Some(python) = python() else { return };
    let n = check_templates(&python, &repo(), &bundled().join("public"));
    assert!(
        n >= 4,
        "the bundled site ships four Word templates, found {n}"
    );
}
