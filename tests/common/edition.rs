//! A county edition of the bundled national guide laid out as an adviser
//! would: the national site in `<tmp>/nasjonal` (a Git submodule or a copied
//! release) and the county's files from `tests/fixtures/fylke` beside it in
//! `<tmp>/fylke`, its `base:` pointing at `../nasjonal`.

use std::path::PathBuf;

use super::{copy_tree, repo, stegvis};

/// `<tmp>/nasjonal` (the bundled site) and `<tmp>/fylke` (the fixture,
/// its `base:` pointing at `../nasjonal`).
pub struct Edition {
    pub dir: tempfile::TempDir,
}

impl Edition {
    pub fn new() -> Edition {
        let dir = tempfile::tempdir().unwrap();
        let national = dir.path().join("nasjonal");
        std::fs::create_dir_all(&national).unwrap();
        std::fs::copy(repo().join("site.yaml"), national.join("site.yaml")).unwrap();
        for sub in ["content", "static", "themes"] {
            copy_tree(&repo().join(sub), &national.join(sub));
        }
        let county = dir.path().join("fylke");
        copy_tree(&repo().join("tests/fixtures/fylke"), &county);
        let _ = std::fs::remove_dir_all(county.join("public"));
        let yaml = std::fs::read_to_string(county.join("site.yaml")).unwrap();
        assert!(yaml.contains("base: ../../..\n"));
        std::fs::write(
            county.join("site.yaml"),
            yaml.replace("base: ../../..\n", "base: ../nasjonal\n"),
        )
        .unwrap();
        Edition { dir }
    }

    /// The county's folder inside the national one (`base: ..`), as when
    /// the fixture is built in place from a clone.
    pub fn nested() -> Edition {
        let e = Edition::new();
        let inner = e.national().join("fylke");
        std::fs::rename(e.dir.path().join("fylke"), &inner).unwrap();
        let yaml = std::fs::read_to_string(inner.join("site.yaml")).unwrap();
        std::fs::write(
            inner.join("site.yaml"),
            yaml.replace("base: ../nasjonal\n", "base: ..\n"),
        )
        .unwrap();
        e
    }

    /// The national site inside the county's folder (`base: nasjonal`),
    /// so its paths sort after the county's `content/`.
    pub fn inner() -> Edition {
        let e = Edition::new();
        std::fs::rename(e.national(), e.county().join("nasjonal")).unwrap();
        let yaml = std::fs::read_to_string(e.county().join("site.yaml")).unwrap();
        std::fs::write(
            e.county().join("site.yaml"),
            yaml.replace("base: ../nasjonal\n", "base: nasjonal\n"),
        )
        .unwrap();
        e
    }

    pub fn county(&self) -> PathBuf {
        let nested = self.dir.path().join("nasjonal/fylke");
        if nested.is_dir() {
            nested
        } else {
            self.dir.path().join("fylke")
        }
    }

    pub fn national(&self) -> PathBuf {
        self.dir.path().join("nasjonal")
    }

    pub fn write_county(&self, path: &str, text: &str) {
        let p = self.county().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn build(&self) -> std::process::Output {
        stegvis(
            &["build", "--no-color", "--output", "public"],
            &self.county(),
        )
    }

    pub fn page(&self, path: &str) -> scraper::Html {
        let text = std::fs::read_to_string(self.county().join("public").join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        scraper::Html::parse_document(&text)
    }

    /// Rewrites a file of the national site with `edit`.
    pub fn edit_national(&self, path: &str, edit: impl FnOnce(String) -> String) {
        let p = self.national().join(path);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{path}: {e}"));
        std::fs::write(&p, edit(text)).unwrap();
    }

    /// Runs the binary in the county's folder.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        stegvis(args, &self.county())
    }

    pub fn diagnostics(&self) -> Vec<stegvis::shared::diagnostics::Diagnostic> {
        match stegvis::pipeline::render_site(&self.county(), None) {
            Ok(out) => out.warnings.into_vec(),
            Err(d) => d.into_vec(),
        }
    }

    /// The findings with this code.
    pub fn with_code(&self, code: &str) -> Vec<stegvis::shared::diagnostics::Diagnostic> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }
}
