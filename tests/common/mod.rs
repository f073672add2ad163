//! Shared helpers for the integration tests: a small valid site that tests
//! change one file at a time, running the binary, and reading HTML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use scraper::{Html, Selector};

pub mod chromium;
pub mod edition;
pub mod preview;

pub const SITE_YAML: &str = "\
title: Testveileder
base_url: https://example.org/veileder/
language: nb
default_law: pbl
laws:
  pbl:
    lovdata: 2008-06-27-71
    name: plan- og bygningsloven
  folkehelseloven:
    lovdata: 2011-06-24-29
    name: folkehelseloven
period:
  election: 2023-09-11
  constituted: 2023-10-19
";

pub const GUIDE: &str = "\
---
title: Planstrategi
summary: Slik gjør dere det.
order: 1
---
Innledning.
";

pub const STEP_1: &str = "\
---
title: Sett i gang
step: 1
kind: råd
summary: Start arbeidet.
updated: 2024-11-01
---
## Første del

- [ ] Lag en plan
";

pub const STEP_2: &str = "\
---
title: Vedta strategien
step: 2
kind: lovkrav
summary: Kommunestyret vedtar.
updated: 2024-11-01
legal:
  - law: pbl
    section: \"10-1\"
    requirement: Vedtas innen ett år.
    obligation: skal
when:
  start: deadline - 1m
  end: deadline
---
Se [første del](@/g/01-start.md#forste-del) og § 10-1.
";

/// A site of `steps` steps in each of the guides `guides` (folder and URL
/// `/{guide}/`, steps at `/{guide}/s-{n}/`), as files for [`Site::with`]:
/// big enough for the preview server to split its search index. Step `n`
/// of guide `g` says "Steg n i {g}." and nothing else searchable.
pub fn many_steps(guides: &[&str], steps: usize) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (i, g) in guides.iter().enumerate() {
        files.push((
            format!("content/{g}/_guide.md"),
            format!(
                "---\ntitle: Veileder {g}\nsummary: Del {g}.\norder: {}\n---\nOversikt.\n",
                i + 2
            ),
        ));
        for n in 1..=steps {
            files.push((
                format!("content/{g}/{n:04}.md"),
                format!(
                    "---\ntitle: Steg {n} i {g}\nstep: {n}\nkind: råd\nsummary: Kort.\n\
                     updated: 2024-11-01\nslug: s-{n}\n---\nSteg {n} i {g}.\n"
                ),
            ));
        }
    }
    files
}

pub const PAGE: &str = "\
---
title: Om veilederen
summary: Hvem står bak.
---
## Kontakt

Tekst.
";

/// A temporary site with the files above, plus any overrides.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        Site::with(&[])
    }

    /// The base site with `files` added or replaced; an empty text removes the file.
    pub fn with(files: &[(&str, &str)]) -> Site {
        let mut all: BTreeMap<&str, &str> = [
            ("site.yaml", SITE_YAML),
            ("content/g/_guide.md", GUIDE),
            ("content/g/01-start.md", STEP_1),
            ("content/g/02-vedtak.md", STEP_2),
            ("content/om.md", PAGE),
        ]
        .into_iter()
        .collect();
        for (path, text) in files {
            all.insert(path, text);
        }
        let dir = tempfile::tempdir().expect("tempdir");
        for (path, text) in all {
            if text.is_empty() {
                continue;
            }
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs `stegvis build` into `<site>/public`.
    pub fn build(&self) -> Output {
        stegvis(&["build", "--no-color", "--output", "public"], self.root())
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn html(&self, page: &str) -> Html {
        let text = std::fs::read_to_string(self.out().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        Html::parse_document(&text)
    }

    /// Diagnostics of an in-memory build (errors or warnings).
    pub fn diagnostics(&self) -> Vec<stegvis::shared::diagnostics::Diagnostic> {
        match stegvis::pipeline::render_site(self.root(), None) {
            Ok(out) => out.warnings.into_vec(),
            Err(d) => d.into_vec(),
        }
    }

    /// The one error of a build that must fail, by code.
    pub fn error(&self, code: &str) -> stegvis::shared::diagnostics::Diagnostic {
        let diags = self.diagnostics();
        let found: Vec<_> = diags
            .iter()
            .filter(|d| d.code == code && d.is_error())
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one `{code}` error, got: {diags:#?}"
        );
        found[0].clone()
    }
}

/// Copies the folder tree `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the bundled site in a new temporary folder: site.yaml and
/// the given folders (`content`, `static`, `themes`).
pub fn bundled_site(folders: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for folder in folders {
        copy_tree(&repo().join(folder), &tmp.path().join(folder));
    }
    std::fs::copy(repo().join("site.yaml"), tmp.path().join("site.yaml")).expect("site.yaml");
    tmp
}

pub fn stegvis(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run stegvis")
}

pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
}

/// Trimmed, whitespace-collapsed text of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.insert(
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    out
}

/// The repository root (the bundled guide lives there).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the repository's bundled site once per test binary and returns
/// the folder holding its `public/`.
pub fn bundled() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let res = stegvis(
            &[
                "build",
                "--no-color",
                // The editors' guide (unlisted) is read by the tests too.
                "--unlisted",
                "--root",
                repo().to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        let (stdout, stderr) = text(&res);
        assert!(res.status.success(), "bundled site must build:\n{stderr}");
        assert!(stdout.contains("sider"), "summary line: {stdout}");
        dir
    })
    .path()
}

/// A step's front matter with its `step:` number, for tests of guides
/// whose steps are all numbered (the bundled ones).
pub struct NumberedStep {
    pub step: u32,
    pub meta: stegvis::content::frontmatter::StepMeta,
}

impl NumberedStep {
    pub fn new(meta: stegvis::content::frontmatter::StepMeta) -> NumberedStep {
        let step = meta.step.expect("a bundled step has `step:`");
        NumberedStep { step, meta }
    }
}

impl std::ops::Deref for NumberedStep {
    type Target = stegvis::content::frontmatter::StepMeta;
    fn deref(&self) -> &Self::Target {
        &self.meta
    }
}
