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
use crate::shared::text::key_line;

/// Where a site's files come from.
#[derive(Debug, Clone)]
pub struct Layers {
    /// The site's own folder.
    pub root: PathBuf,
    pub base: Option<Base>,
    /// Content keys of base pages and steps left out (`hide:`), with the
    /// line of site.yaml that names each.
    pub hide: Vec<(String, Option<usize>)>,
    /// site.yaml names a base that cannot be used (its error is reported
    /// with the settings): the site's guide folders are not reported for
    /// lacking a `_guide.md` the base would have given them.
    pub base_unusable: bool,
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
            base_unusable: false,
        }
    }

    /// The site alone, when the base its site.yaml names cannot be used.
    pub fn without_base(root: &Path) -> Layers {
        Layers {
            base_unusable: true,
            ..Layers::single(root)
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
        let err = |msg: String, line: Option<usize>, hint: &str| {
            Diagnostic::error("invalid-base", msg)
                .in_file(CONFIG_FILE)
                .at_line(line)
                .with_hint(hint.to_string())
        };
        let base = match keys.base.as_deref().map(str::trim) {
            None => None,
            Some(dir) => match check_base(root, dir) {
                Ok(base) => Some(base),
                Err((msg, hint)) => {
                    diags.push(err(msg, key_line(&text, "base"), &hint));
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
                    key_line(&text, "hide"),
                    "fjern `hide:`, eller legg til `base: MAPPE` med nettstedet dette bygger på",
                ));
                break;
            }
            if !k.ends_with(".md") || k.split('/').any(|p| p.is_empty() || p == "..") {
                diags.push(err(
                    format!("`{key}` under `hide:` er ikke en side eller et steg"),
                    hide_line(&text, key),
                    "skriv stien til filen i grunnlaget fra content/, for eksempel `planstrategi/05-planforum.md`",
                ));
                continue;
            }
            hide.push((k, hide_line(&text, key)));
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Layers {
            root: root.to_path_buf(),
            base,
            hide,
            base_unusable: false,
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

/// The folder site.yaml names as the base (`root/dir`), whether or not it
/// exists or can be used: what the preview watches for while it is
/// missing.
pub fn named_base(root: &Path) -> Option<PathBuf> {
    let bytes = std::fs::read(root.join(CONFIG_FILE)).ok()?;
    let text = crate::shared::text::decode_utf8(&bytes).ok()?;
    let keys = yaml::from_str::<LayerKeys>(&text).ok()?;
    let dir = keys.base?;
    let dir = dir.trim();
    let path = Path::new(dir);
    (!dir.is_empty() && path.is_relative()).then(|| root.join(normalise(path)))
}

/// The line of a `hide:` entry: a list item that is exactly `entry`
/// (quoted or not, with or without a comment after it), else the `hide:`
/// key itself (a flow list, `hide: [a.md]`).
fn hide_line(text: &str, entry: &str) -> Option<usize> {
    let entry = entry.trim();
    let found = text.lines().position(|l| {
        let Some(item) = l.trim_start().strip_prefix('-') else {
            return false;
        };
        let item = item.split(" #").next().unwrap_or(item).trim();
        let unquoted = item
            .strip_prefix('"')
            .and_then(|i| i.strip_suffix('"'))
            .or_else(|| item.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')))
            .unwrap_or(item);
        unquoted.trim() == entry
    });
    found.map(|i| i + 1).or_else(|| key_line(text, "hide"))
}

/// `path` without `.` and with `x/..` taken out, for showing and for
/// joining (`./nasjonal/` → `nasjonal`, `a/../nasjonal` → `nasjonal`).
fn normalise(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// A relative path as an editor writes it: `/` between the parts, `.`
/// for the folder itself.
fn shown(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// What went wrong reading a file, in words an editor can act on.
fn read_problem(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "stegvis har ikke lov til å lese den".to_string(),
        std::io::ErrorKind::IsADirectory => "det er en mappe, ikke en fil".to_string(),
        _ => e.to_string(),
    }
}

/// The base folder named in site.yaml, checked: a relative path to a
/// folder with a site.yaml of its own, neither the site itself nor a folder
/// inside one of its source folders, and not itself built on a base. Its
/// site.yaml must be readable and stay inside the base's folder.
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
    // Shown and used without `./` and `x/..`, as long as that is the same
    // folder (`x` may be a symlink).
    let clean = normalise(path);
    let name = shown(&clean);
    let folder = root.join(path);
    let (Ok(real), Ok(own)) = (std::fs::canonicalize(&folder), std::fs::canonicalize(root)) else {
        return Err((
            format!("fant ikke mappen `{name}` som site.yaml bygger på (`base:`)"),
            "hent grunnlaget (for en Git-undermodul: `git submodule update --init`), eller rett stien i `base:`".into(),
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
                format!("`base: {name}` ligger inne i {source}/"),
                "legg grunnlaget i en egen mappe ved siden av content/, for eksempel nasjonal/"
                    .into(),
            ));
        }
    }
    let (dir, folder) = if std::fs::canonicalize(root.join(&clean)).is_ok_and(|c| c == real) {
        (clean, root.join(normalise(path)))
    } else {
        (path.components().collect(), folder)
    };
    let config_name = format!("{}/{CONFIG_FILE}", shown(&dir));
    let base_config = folder.join(CONFIG_FILE);
    let fetch_hint = "`base:` skal peke på mappen med nettstedet dette bygger på (der site.yaml og content/ ligger); er det en Git-undermodul, hent den med `git submodule update --init`";
    if std::fs::symlink_metadata(&base_config).is_err() {
        return Err((
            format!("mappen `{name}` har ingen {CONFIG_FILE}, så den er ikke et stegvis-nettsted"),
            fetch_hint.into(),
        ));
    }
    // The base's settings stay inside the base, as its other files do.
    match std::fs::canonicalize(&base_config) {
        Ok(target) if !target.starts_with(&real) => {
            return Err((
                format!("{config_name} er en symbolsk lenke som fører ut av grunnlagets mappe, og blir ikke lest"),
                format!("grunnlaget kan bare bruke filer i sin egen mappe: legg en ekte {CONFIG_FILE} i {}/ (eller be dem som lager grunnlaget om det)", shown(&dir)),
            ));
        }
        Ok(_) => {}
        Err(_) => {
            return Err((
                format!("{config_name} er en symbolsk lenke som ikke fører fram"),
                format!(
                    "legg en ekte {CONFIG_FILE} i {}/, eller hent grunnlaget på nytt",
                    shown(&dir)
                ),
            ));
        }
    }
    let bytes = std::fs::read(&base_config).map_err(|e| {
        (
            format!("kunne ikke lese {config_name}: {}", read_problem(&e)),
            format!("sjekk at {config_name} er en fil som kan leses"),
        )
    })?;
    let text = crate::shared::text::decode_utf8(&bytes).map_err(|(line, col)| {
        (
            format!("{config_name} er ikke gyldig UTF-8 (linje {line}, kolonne {col})"),
            "lagre filen som UTF-8 i editoren, eller hent grunnlaget på nytt".to_string(),
        )
    })?;
    if let Ok(keys) = yaml::from_str::<LayerKeys>(&text) {
        if keys.base.is_some() {
            return Err((
                format!("grunnlaget `{name}` bygger selv på et annet nettsted"),
                "bygg på det nasjonale nettstedet direkte; stegvis leser ett grunnlag, ikke flere lag".into(),
            ));
        }
    }
    Ok(Base { dir, root: folder })
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

    #[test]
    fn the_base_is_shown_and_used_without_dot_and_dot_dot() {
        let dir = site(
            Some("title: N\n"),
            "title: F\nbase_url: https://f.example/\nbase: ./x/../nasjonal/\n",
        );
        let root = dir.path().join("fylke");
        std::fs::create_dir_all(root.join("x")).unwrap();
        let layers = Layers::find(&root).unwrap();
        assert_eq!(layers.base.as_ref().unwrap().dir, PathBuf::from("nasjonal"));
        assert_eq!(
            layers.locate(Path::new("nasjonal/content/a.md")).0,
            Layer::Base
        );
        // In messages too.
        std::fs::remove_file(root.join("nasjonal/site.yaml")).unwrap();
        let err = Layers::find(&root).unwrap_err();
        let d = err.errors().next().unwrap();
        assert!(
            d.message.contains("mappen `nasjonal` har ingen"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn a_base_site_yaml_that_cannot_be_read_says_why() {
        let own = "title: F\nbase_url: https://f.example/\n# base: gammel\nbase: nasjonal\n";
        let dir = site(None, own);
        let root = dir.path().join("fylke");
        std::fs::create_dir(root.join("nasjonal/site.yaml")).unwrap();
        let err = Layers::find(&root).unwrap_err();
        let d = err.errors().next().unwrap();
        assert!(
            d.message
                .contains("kunne ikke lese nasjonal/site.yaml: det er en mappe"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(4), "the key, not the comment");

        std::fs::remove_dir(root.join("nasjonal/site.yaml")).unwrap();
        std::fs::write(root.join("nasjonal/site.yaml"), b"title: N\xff\n").unwrap();
        let err = Layers::find(&root).unwrap_err();
        let d = err.errors().next().unwrap();
        assert!(
            d.message
                .contains("nasjonal/site.yaml er ikke gyldig UTF-8"),
            "{}",
            d.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_base_site_yaml_that_leads_out_of_the_base_is_refused() {
        let dir = site(
            None,
            "title: F\nbase_url: https://f.example/\nbase: nasjonal\n",
        );
        let root = dir.path().join("fylke");
        let outside = dir.path().join("utenfor.yaml");
        std::fs::write(&outside, "title: Utenfor\n").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("nasjonal/site.yaml")).unwrap();
        let err = Layers::find(&root).unwrap_err();
        let d = err.errors().next().unwrap();
        assert_eq!(d.code, "invalid-base");
        assert!(
            d.message.contains(
                "nasjonal/site.yaml er en symbolsk lenke som fører ut av grunnlagets mappe"
            ),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(3));
        // A link inside the base is the base's own business.
        std::fs::remove_file(root.join("nasjonal/site.yaml")).unwrap();
        std::fs::write(root.join("nasjonal/ekte.yaml"), "title: N\n").unwrap();
        std::os::unix::fs::symlink("ekte.yaml", root.join("nasjonal/site.yaml")).unwrap();
        assert!(Layers::find(&root).is_ok());
    }

    #[test]
    fn a_hide_entry_is_found_at_its_own_line_not_at_a_longer_one() {
        let dir = site(
            Some("title: N\n"),
            "title: F\nbase_url: https://f.example/\nbase: nasjonal\nhide:\n  - g/a.md.md # ikke denne\n  - \"g/a.md\"\n  - x/../b.md\n",
        );
        let root = dir.path().join("fylke");
        let err = Layers::find(&root).unwrap_err();
        let d = err.errors().next().unwrap();
        assert!(d.message.contains("x/../b.md"), "{}", d.message);
        assert_eq!(d.line, Some(7));
        let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
        std::fs::write(root.join("site.yaml"), yaml.replace("  - x/../b.md\n", "")).unwrap();
        let layers = Layers::find(&root).unwrap();
        assert_eq!(
            layers.hide,
            vec![
                ("g/a.md.md".to_string(), Some(5)),
                ("g/a.md".to_string(), Some(6))
            ]
        );
    }
}
