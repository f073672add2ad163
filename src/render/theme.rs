//! Themes: where templates and theme assets come from. A site uses
//! `themes/<name>/` from its own folder when present; the default theme is
//! also compiled into the binary, so a site without a `themes/` folder (made
//! by `stegvis init`, say) still builds. A site's own `templates/` folder
//! overrides single templates by name; its `static/` folder overrides theme
//! assets by path.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::render::templates::{compile_templates, TemplateSource, Templates};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where an asset's bytes are.
#[derive(Debug, Clone)]
pub enum AssetSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// A file copied into the output as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative path in the output, with `/`.
    pub path: String,
    pub source: AssetSource,
}

/// A theme ready for rendering: its compiled templates and its assets
/// (with the site's `static/`).
pub struct Theme {
    pub templates: Templates,
    pub assets: Vec<Asset>,
    /// Assets left out, e.g. symlinks out of the site.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and compiles the theme `name` of the site at `root`, with every
/// problem found in its templates and assets.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let templates = match templates(root, name) {
        Ok(sources) => match compile_templates(&sources) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.extend(d.into_vec());
                None
            }
        },
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let (assets, warnings) = match assets(root, name) {
        Ok(a) => a,
        Err(d) => {
            diags.push(d);
            (Vec::new(), Vec::new())
        }
    };
    match templates {
        Some(templates) if !diags.has_errors() => Ok(Theme {
            templates,
            assets,
            warnings,
        }),
        _ => Err(diags),
    }
}

/// Reads the templates: theme first, then the site's overrides.
pub fn templates(root: &Path, theme: &str) -> Result<Vec<TemplateSource>, Diagnostic> {
    let mut out: Vec<TemplateSource> = Vec::new();
    let theme_dir = root.join(THEMES_DIR).join(theme);
    if theme_dir.is_dir() {
        read_templates(root, &theme_dir.join(TEMPLATES_DIR), &mut out)?;
    } else if theme == "default" {
        if let Some(dir) = DEFAULT_THEME.get_dir(TEMPLATES_DIR) {
            for f in dir.files() {
                let name = f
                    .path()
                    .strip_prefix(TEMPLATES_DIR)
                    .unwrap_or(f.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = f.contents_utf8().unwrap_or_default().to_string();
                out.push(TemplateSource {
                    origin: PathBuf::from(format!("(innebygd) themes/default/templates/{name}")),
                    name,
                    text,
                });
            }
        }
    } else {
        return Err(Diagnostic::error(
            "missing-theme",
            format!("fant ikke temaet `{theme}` (mappen {THEMES_DIR}/{theme}/)"),
        )
        .in_file(crate::shared::file_names::CONFIG_FILE)
        .with_hint("bruk `theme: default`, eller legg temaet i themes/"));
    }
    let overrides = root.join(TEMPLATES_DIR);
    if overrides.is_dir() {
        let mut own = Vec::new();
        read_templates(root, &overrides, &mut own)?;
        for t in own {
            out.retain(|o| o.name != t.name);
            out.push(t);
        }
    }
    Ok(out)
}

fn read_templates(
    root: &Path,
    dir: &Path,
    out: &mut Vec<TemplateSource>,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error("io", format!("kunne ikke lese malmappen: {e}"))
                .in_file(rel(root, dir))
        })?;
        let path = entry.path();
        if !entry.file_type().is_file() {
            continue;
        }
        let name_os = entry.file_name().to_string_lossy();
        if crate::content::load::is_editor_temp(&name_os) || !name_os.ends_with(".html") {
            continue;
        }
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::error("io", format!("kunne ikke lese malen: {e}")).in_file(rel(root, path))
        })?;
        let text = crate::shared::text::decode_utf8(&bytes).map_err(|(l, c)| {
            Diagnostic::error("not-utf8", "malen er ikke gyldig UTF-8")
                .in_file(rel(root, path))
                .at(l, c)
                .with_hint("lagre filen som UTF-8")
        })?;
        out.push(TemplateSource {
            name,
            origin: rel(root, path),
            text,
        });
    }
    Ok(())
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// The theme's assets, then the site's `static/` (later entries win), and
/// warnings for files left out. A symlink that leads out of the site is
/// never copied or served.
pub fn assets(root: &Path, theme: &str) -> Result<(Vec<Asset>, Vec<Diagnostic>), Diagnostic> {
    let mut out: Vec<Asset> = Vec::new();
    let mut warnings = Vec::new();
    let theme_static = root.join(THEMES_DIR).join(theme).join(STATIC_DIR);
    if root.join(THEMES_DIR).join(theme).is_dir() {
        collect_assets(root, &theme_static, &mut out, &mut warnings)?;
    } else if theme == "default" {
        if let Some(dir) = DEFAULT_THEME.get_dir(STATIC_DIR) {
            embedded_assets(dir, &mut out);
        }
    }
    collect_assets(root, &root.join(STATIC_DIR), &mut out, &mut warnings)?;
    // Later (site) entries override earlier (theme) ones.
    let mut seen = std::collections::HashSet::new();
    let mut dedup: Vec<Asset> = out
        .into_iter()
        .rev()
        .filter(|a| seen.insert(a.path.clone()))
        .collect();
    dedup.reverse();
    Ok((dedup, warnings))
}

fn embedded_assets(dir: &'static Dir<'static>, out: &mut Vec<Asset>) {
    for f in dir.files() {
        let path = f
            .path()
            .strip_prefix(STATIC_DIR)
            .unwrap_or(f.path())
            .to_string_lossy()
            .replace('\\', "/");
        out.push(Asset {
            path,
            source: AssetSource::Embedded(f.contents()),
        });
    }
    for d in dir.dirs() {
        embedded_assets(d, out);
    }
}

/// What happens to a file of a static folder.
#[derive(Debug, PartialEq, Eq)]
enum StaticKind {
    Copied,
    /// Left behind by an editor or the file system (`.swp`, `~`,
    /// `.DS_Store`): skipped without a word.
    EditorTemp,
    /// Any other name starting with `.`: skipped, with a warning.
    Hidden,
}

/// Host files that start with `.` and belong in the output.
const HOST_DOT_FILES: [&str; 2] = [".htaccess", ".nojekyll"];

/// Junk a file system or version control leaves, never worth a warning.
const SILENT_DOT_FILES: [&str; 5] = [".DS_Store", ".gitkeep", ".gitignore", ".keep", ".directory"];

fn static_file_kind(rel_path: &Path, name: &str) -> StaticKind {
    let in_well_known = rel_path
        .components()
        .next()
        .is_some_and(|c| c.as_os_str() == ".well-known");
    if HOST_DOT_FILES.contains(&name) || in_well_known && !name.starts_with('.') {
        StaticKind::Copied
    } else if SILENT_DOT_FILES.contains(&name)
        || crate::content::load::is_editor_temp(name) && !name.starts_with('.')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name.contains(".sb-")
    {
        StaticKind::EditorTemp
    } else if name.starts_with('.') {
        StaticKind::Hidden
    } else {
        StaticKind::Copied
    }
}

fn collect_assets(
    root: &Path,
    dir: &Path,
    out: &mut Vec<Asset>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            Diagnostic::error("io", format!("kunne ikke lese mappen: {e}")).in_file(rel(root, dir))
        })?;
        let ft = entry.file_type();
        let name = entry.file_name().to_string_lossy();
        if ft.is_dir() {
            // A hidden folder (`.git`, `.cache`) is not part of the site;
            // `.well-known/` is (security.txt and the like).
            if entry.depth() > 0 && name.starts_with('.') && name != ".well-known" {
                if !SILENT_DOT_FILES.contains(&name.as_ref()) && name != ".git" {
                    warnings.push(
                        Diagnostic::warning(
                            "static-skipped",
                            format!("mappen `{name}` begynner med punktum og blir ikke kopiert til nettstedet"),
                        )
                        .in_file(rel(root, entry.path()))
                        .with_hint("bare `.well-known/` blant mappene med punktum foran kopieres"),
                    );
                }
                walk.skip_current_dir();
            }
            continue;
        }
        let rel_path = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        match static_file_kind(rel_path, &name) {
            StaticKind::Copied => {}
            StaticKind::EditorTemp => continue,
            StaticKind::Hidden => {
                warnings.push(
                    Diagnostic::warning(
                        "static-skipped",
                        format!("`{name}` begynner med punktum og blir ikke kopiert til nettstedet"),
                    )
                    .in_file(rel(root, entry.path()))
                    .with_hint("bare `.htaccess`, `.nojekyll` og filene i `.well-known/` kopieres; gi filen et navn uten punktum foran hvis den skal med"),
                );
                continue;
            }
        }
        let path = entry.path();
        if ft.is_symlink() {
            // A symlink is copied only if it stays inside the site.
            let inside = std::fs::canonicalize(path)
                .ok()
                .zip(std::fs::canonicalize(root).ok())
                .is_some_and(|(target, root)| target.starts_with(root) && target.is_file());
            if !inside {
                warnings.push(
                    Diagnostic::warning(
                        "unsafe-symlink",
                        "symbolsk lenke peker ut av nettstedet og blir ikke kopiert",
                    )
                    .in_file(rel(root, path))
                    .with_hint("kopier filen inn i static/ i stedet for å lenke til den"),
                );
                continue;
            }
        }
        let out_path = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        out.push(Asset {
            path: out_path,
            source: AssetSource::Disk(path.to_path_buf()),
        });
    }
    Ok(())
}

/// The built-in default theme, for scaffolding a new site.
pub fn default_theme() -> &'static Dir<'static> {
    &DEFAULT_THEME
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::templates::REQUIRED_TEMPLATES;

    fn write(root: &Path, path: &str, text: &str) {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn find<'a>(t: &'a [TemplateSource], name: &str) -> &'a TemplateSource {
        t.iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no template {name}"))
    }

    #[test]
    fn without_a_themes_folder_the_built_in_default_theme_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let t = templates(dir.path(), "default").unwrap();
        for name in REQUIRED_TEMPLATES {
            let s = find(&t, name);
            assert_eq!(
                s.origin,
                PathBuf::from(format!("(innebygd) themes/default/templates/{name}"))
            );
            let on_disk = include_dir::Dir::get_file(&DEFAULT_THEME, format!("templates/{name}"))
                .and_then(|f| f.contents_utf8())
                .unwrap();
            assert_eq!(s.text, on_disk);
        }
        assert!(compile_templates(&t).is_ok());
        let (assets, warnings) = assets(dir.path(), "default").unwrap();
        assert!(warnings.is_empty());
        let js = assets.iter().find(|a| a.path == "stegvis.js").unwrap();
        assert!(matches!(js.source, AssetSource::Embedded(_)));
        // The browser modules sit in a subfolder, embedded too.
        for module in ["js/main.js", "js/init.js", "js/dates.js", "js/timeline.js"] {
            let a = assets.iter().find(|a| a.path == module).unwrap();
            assert!(matches!(a.source, AssetSource::Embedded(_)), "{module}");
        }
    }

    #[test]
    fn the_sites_own_templates_and_static_files_override_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "templates/step.html", "EGET STEG {{ page.title }}");
        write(root, "templates/partials/boks.html", "<div>boks</div>");
        // Left behind by editors, or not a template: never read.
        write(root, "templates/.#base.html", "{% broken");
        write(root, "templates/base.html~", "{% broken");
        write(root, "templates/notat.txt", "{% broken");
        write(root, "static/stegvis.css", "body{}");
        let t = templates(root, "default").unwrap();
        let step = find(&t, "step.html");
        assert_eq!(step.text, "EGET STEG {{ page.title }}");
        assert_eq!(step.origin, PathBuf::from("templates/step.html"));
        assert_eq!(t.iter().filter(|s| s.name == "step.html").count(), 1);
        assert_eq!(
            find(&t, "partials/boks.html").origin,
            PathBuf::from("templates/partials/boks.html")
        );
        // The rest still come from the built-in theme.
        assert!(find(&t, "base.html")
            .origin
            .starts_with("(innebygd) themes/default"));
        // The required ones, the site's partial and the built-in partials
        // date_rules.html, formkrav_item.html, help.html,
        // help_county.html and year_picker.html.
        assert_eq!(t.len(), REQUIRED_TEMPLATES.len() + 6);
        assert!(compile_templates(&t).is_ok());
        let (assets, _) = assets(root, "default").unwrap();
        let css: Vec<&Asset> = assets.iter().filter(|a| a.path == "stegvis.css").collect();
        assert_eq!(css.len(), 1);
        assert!(
            matches!(&css[0].source, AssetSource::Disk(p) if p.ends_with("static/stegvis.css"))
        );
    }

    #[test]
    fn a_theme_folder_replaces_the_built_in_theme_and_must_be_complete() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "themes/kommune/templates/base.html",
            "<html>{% block main %}{% endblock %}</html>",
        );
        write(
            root,
            "themes/kommune/templates/step.html",
            "{% extends \"base.html\" %}",
        );
        write(root, "themes/kommune/static/logo.svg", "<svg/>");
        let t = templates(root, "kommune").unwrap();
        assert_eq!(t.len(), 2, "no built-in templates mixed in");
        assert_eq!(
            find(&t, "base.html").origin,
            PathBuf::from("themes/kommune/templates/base.html")
        );
        let Err(diags) = compile_templates(&t) else {
            panic!("an incomplete theme compiled");
        };
        let missing: Vec<&str> = diags.errors().map(|d| d.message.as_str()).collect();
        assert_eq!(missing.len(), REQUIRED_TEMPLATES.len() - 2, "{missing:?}");
        assert!(
            missing.contains(&"temaet mangler malen `checklist.html`"),
            "{missing:?}"
        );
        assert!(
            !missing.iter().any(|m| m.contains("`step.html`")),
            "{missing:?}"
        );
        let (assets, _) = assets(root, "kommune").unwrap();
        let paths: Vec<&str> = assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["logo.svg"], "no built-in assets mixed in");
    }

    #[test]
    fn an_unknown_theme_is_an_error_in_site_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let err = templates(dir.path(), "finnes-ikke").unwrap_err();
        assert_eq!(err.code, "missing-theme");
        assert_eq!(err.file, Some(PathBuf::from("site.yaml")));
        assert!(
            err.message.contains("themes/finnes-ikke/"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_broken_override_is_reported_against_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock %}",
        );
        let t = templates(dir.path(), "default").unwrap();
        let Err(diags) = compile_templates(&t) else {
            panic!("a broken template compiled");
        };
        let e: Vec<&Diagnostic> = diags.errors().collect();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].file, Some(PathBuf::from("templates/page.html")));
        assert!(e[0].line.is_some(), "{e:?}");
    }
}
