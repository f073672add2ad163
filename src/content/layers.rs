//! A site built on another site: `base:` in site.yaml names a folder (a Git
//! submodule or a copied release of the national guide) whose content,
//! static files, templates, themes and settings are the lower layer; the
//! site's own files are the upper one. The same content path replaces, a
//! new one adds, and `hide:` leaves out base pages or steps.
//!
//! This module finds the layers before anything else is read, so the
//! settings and the Markdown can still load side by side. Every path a
//! diagnostic names stays relative to the site's own folder, so a problem
//! in a base file names the base (`nasjonal/content/…`).

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::content::yaml;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{CONFIG_FILE, CONTENT_DIR};
use crate::shared::text::line_of;

/// Where a site's files come from.
#[derive(Debug, Clone)]
pub struct Layers {
    /// The site's own folder.
    pub root: PathBuf,
    pub base: Option<Base>,
    /// Content keys of base pages and steps left out (`hide:`), with the
    /// line of site.yaml that names each.
    pub hide: Vec<(String, Option<usize>)>,
}

/// The lower layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// As written in site.yaml, relative to the site: `nasjonal`.
    pub dir: PathBuf,
    /// The folder itself (`root/dir`).
    pub root: PathBuf,
}

/// Which layer a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layer {
    #[default]
    Own,
    Base,
}

/// The two keys of site.yaml this module reads; the rest is the config's.
#[derive(Deserialize)]
struct LayerKeys {
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    hide: Vec<String>,
}

impl Layers {
    /// A site of its own, without a base.
    pub fn single(root: &Path) -> Layers {
        Layers {
            root: root.to_path_buf(),
            base: None,
            hide: Vec::new(),
        }
    }

    /// Reads `base:` and `hide:` from site.yaml. A site.yaml that cannot be
    /// read here is reported by the config, which reads it again; the site
    /// is then taken as one layer.
    pub fn find(root: &Path) -> Result<Layers, Diagnostics> {
        let Ok(bytes) = std::fs::read(root.join(CONFIG_FILE)) else {
            return Ok(Layers::single(root));
        };
        let Ok(text) = crate::shared::text::decode_utf8(&bytes) else {
            return Ok(Layers::single(root));
        };
        let Ok(keys) = yaml::from_str::<LayerKeys>(&text) else {
            return Ok(Layers::single(root));
        };
        let mut diags = Diagnostics::default();
        let err = |msg: String, needle: &str, hint: &str| {
            Diagnostic::error("invalid-base", msg)
                .in_file(CONFIG_FILE)
                .at_line(line_of(&text, needle))
                .with_hint(hint.to_string())
        };
        let base = match keys.base.as_deref().map(str::trim) {
            None => None,
            Some(dir) => match check_base(root, dir) {
                Ok(base) => Some(base),
                Err((msg, hint)) => {
                    diags.push(err(msg, "base:", &hint));
                    None
                }
            },
        };
        let mut hide = Vec::new();
        for key in &keys.hide {
            let k = key.trim().trim_start_matches("content/").to_string();
            if base.is_none() && keys.base.is_none() {
                diags.push(err(
                    "`hide:` skjuler sider fra et grunnlag, men site.yaml har ikke `base:`".into(),
                    "hide:",
                    "fjern `hide:`, eller legg til `base: MAPPE` med nettstedet dette bygger på",
                ));
                break;
            }
            if !k.ends_with(".md") || k.split('/').any(|p| p.is_empty() || p == "..") {
                diags.push(err(
                    format!("`{key}` under `hide:` er ikke en side eller et steg"),
                    key,
                    "skriv stien til filen i grunnlaget fra content/, for eksempel `planstrategi/05-planforum.md`",
                ));
                continue;
            }
            hide.push((k, line_of(&text, key)));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Layers {
            root: root.to_path_buf(),
            base,
            hide,
        })
    }

    /// The folders files come from, lower layer first: each with the
    /// prefix its paths get (relative to the site's own folder).
    pub fn folders(&self) -> Vec<(&Path, PathBuf, Layer)> {
        let mut out = Vec::new();
        if let Some(b) = &self.base {
            out.push((b.root.as_path(), b.dir.clone(), Layer::Base));
        }
        out.push((self.root.as_path(), PathBuf::new(), Layer::Own));
        out
    }

    /// The layer of a path relative to the site's own folder, and the path
    /// within that layer (`nasjonal/content/a.md` → Base, `content/a.md`).
    pub fn locate<'p>(&self, rel: &'p Path) -> (Layer, &'p Path) {
        if let Some(b) = &self.base {
            if let Ok(inner) = rel.strip_prefix(&b.dir) {
                return (Layer::Base, inner);
            }
        }
        (Layer::Own, rel)
    }

    /// The content key of a path relative to the site's own folder
    /// (`nasjonal/content/planstrategi/01.md` → `planstrategi/01.md`).
    pub fn key_of(&self, rel: &Path) -> String {
        let (_, inner) = self.locate(rel);
        inner
            .strip_prefix(CONTENT_DIR)
            .unwrap_or(inner)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Whether `key` is hidden (`hide:`).
    pub fn hides(&self, key: &str) -> bool {
        self.hide.iter().any(|(k, _)| k == key)
    }
}

/// The base folder named in site.yaml, checked: a relative path to a
/// folder with a site.yaml of its own, neither the site itself nor a folder
/// inside one of its source folders, and not itself built on a base.
fn check_base(root: &Path, dir: &str) -> Result<Base, (String, String)> {
    let path = Path::new(dir);
    if dir.is_empty()
        || path.is_absolute()
        || path.components().any(|c| matches!(c, Component::Prefix(_)))
    {
        return Err((
            format!("`base: {dir}` må være en mappe skrevet fra nettstedets egen mappe"),
            "skriv for eksempel `base: nasjonal` for en undermodul i mappen nasjonal/".into(),
        ));
    }
    let folder = root.join(path);
    let (Ok(real), Ok(own)) = (std::fs::canonicalize(&folder), std::fs::canonicalize(root)) else {
        return Err((
            format!("fant ikke mappen `{dir}` som site.yaml bygger på (`base:`)"),
            "hent grunnlaget (for en Git-undermodul: `git submodule update --init`), eller rett stien".into(),
        ));
    };
    if real == own {
        return Err((
            format!("`base: {dir}` er nettstedet selv"),
            "grunnlaget er et eget nettsted i en egen mappe, for eksempel nasjonal/".into(),
        ));
    }
    for source in crate::shared::file_names::SOURCE_DIRS {
        if real.starts_with(own.join(source)) {
            return Err((
                format!("`base: {dir}` ligger inne i {source}/"),
                "legg grunnlaget i en egen mappe ved siden av content/, for eksempel nasjonal/"
                    .into(),
            ));
        }
    }
    let base_config = folder.join(CONFIG_FILE);
    let Ok(text) = std::fs::read_to_string(&base_config) else {
        return Err((
            format!("mappen `{dir}` har ingen {CONFIG_FILE}, så den er ikke et stegvis-nettsted"),
            "`base:` skal peke på mappen med nettstedet dette bygger på (der site.yaml og content/ ligger)".into(),
        ));
    };
    if let Ok(keys) = yaml::from_str::<LayerKeys>(&text) {
        if keys.base.is_some() {
            return Err((
                format!("grunnlaget `{dir}` bygger selv på et annet nettsted"),
                "bygg på det nasjonale nettstedet direkte; stegvis leser ett grunnlag, ikke flere lag".into(),
            ));
        }
    }
    Ok(Base {
        dir: path.components().collect(),
        root: folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_yaml: Option<&str>, own_yaml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("fylke");
        std::fs::create_dir_all(root.join("nasjonal/content")).unwrap();
        if let Some(y) = base_yaml {
            std::fs::write(root.join("nasjonal/site.yaml"), y).unwrap();
        }
        std::fs::write(root.join("site.yaml"), own_yaml).unwrap();
        dir
    }

    #[test]
    fn a_base_folder_and_hidden_pages_are_read_and_keys_found_in_both_layers() {
        let dir = site(
            Some("title: N\nbase_url: https://n.example/\n"),
            "title: F\nbase_url: https://f.example/\nbase: nasjonal\nhide:\n  - planstrategi/05-planforum.md\n",
        );
        let root = dir.path().join("fylke");
        let layers = Layers::find(&root).unwrap();
        assert_eq!(layers.base.as_ref().unwrap().dir, PathBuf::from("nasjonal"));
        assert_eq!(
            layers.hide,
            vec![("planstrategi/05-planforum.md".to_string(), Some(5))]
        );
        assert!(layers.hides("planstrategi/05-planforum.md"));
        assert_eq!(
            layers.key_of(Path::new("nasjonal/content/planstrategi/01.md")),
            "planstrategi/01.md"
        );
        assert_eq!(layers.key_of(Path::new("content/om.md")), "om.md");
        assert_eq!(
            layers.locate(Path::new("nasjonal/static/a.png")).0,
            Layer::Base
        );
    }

    #[test]
    fn a_base_that_is_missing_itself_nested_or_layered_is_an_error_at_the_line() {
        for (base, own, expect) in [
            (None, "base: finnes-ikke\n", "fant ikke mappen"),
            (None, "base: nasjonal\n", "har ingen site.yaml"),
            (Some("base: annen\n"), "base: nasjonal\n", "bygger selv på"),
            (Some("title: N\n"), "base: .\n", "nettstedet selv"),
            (
                Some("title: N\n"),
                "base: /tmp\n",
                "fra nettstedets egen mappe",
            ),
            (Some("title: N\n"), "hide:\n  - a.md\n", "har ikke `base:`"),
            (
                Some("title: N\n"),
                "base: nasjonal\nhide:\n  - ../a.md\n",
                "er ikke en side",
            ),
        ] {
            let dir = site(
                base,
                &format!("title: F\nbase_url: https://f.example/\n{own}"),
            );
            let err = Layers::find(&dir.path().join("fylke")).unwrap_err();
            let d = err.errors().next().unwrap();
            assert!(d.message.contains(expect), "{own}: {}", d.message);
            assert_eq!(d.code, "invalid-base");
            assert!(d.line.is_some(), "{own}");
        }
    }
}
