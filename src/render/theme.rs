//! Themes: where templates and theme assets come from. A site uses
//! `themes/<name>/` from its own folder when present; the default theme is
//! also compiled into the binary, so a site without a `themes/` folder (made
//! by `stegvis init`, say) still builds. A site's own `templates/` folder
//! overrides single templates by name; its `static/` folder overrides theme
//! assets by path. A theme folder that lacks a template or a partial (made
//! before the partial existed, say) gets the built-in one, with a warning.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::content::layers::{Layer, Layers};
use crate::render::templates::{compile_templates, TemplateSource, Templates, REQUIRED_TEMPLATES};
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
    /// Assets left out, e.g. symlinks out of the site, and templates the
    /// theme lacks that come from the built-in theme instead.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and compiles the theme `name` of the site at `root`, with every
/// problem found in its templates and assets.
pub fn load(layers: &Layers, name: &str) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut fallbacks = Vec::new();
    let templates = match templates(layers, name) {
        Ok((sources, warnings)) => match compile_templates(&sources) {
            Ok(t) => {
                fallbacks = warnings;
                Some(t)
            }
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
    let (assets, mut warnings) = match assets(layers, name) {
        Ok(a) => a,
        Err(d) => {
            diags.push(d);
            (Vec::new(), Vec::new())
        }
    };
    warnings.extend(fallbacks);
    match templates {
        Some(templates) if !diags.has_errors() => Ok(Theme {
            templates,
            assets,
            warnings,
        }),
        _ => Err(diags),
    }
}

/// The theme's folder: the site's own `themes/<name>/`, else its base's;
/// with the folder of the layer it is in, and that layer.
fn theme_dir<'l>(layers: &'l Layers, theme: &str) -> Option<(PathBuf, &'l Path, Layer)> {
    layers
        .folders()
        .into_iter()
        .rev()
        .map(|(folder, _, layer)| (folder.join(THEMES_DIR).join(theme), folder, layer))
        .find(|(d, _, _)| d.is_dir())
}

/// Whether `dir`, a folder of the base, leads out of the base's folder
/// `inside` (it, or a folder above it, is a symlink to somewhere else).
fn leads_out(dir: &Path, inside: &Path) -> bool {
    match (std::fs::canonicalize(dir), std::fs::canonicalize(inside)) {
        (Ok(d), Ok(i)) => !d.starts_with(i),
        _ => false,
    }
}

/// Whether the folder `dir` of layer `layer` (whose folder is `inside`)
/// may be read: a folder of the base must stay inside the base. Else a
/// warning, and the folder is left out.
fn usable_folder(
    root: &Path,
    dir: &Path,
    inside: &Path,
    layer: Layer,
    warnings: &mut Vec<Diagnostic>,
) -> bool {
    if layer != Layer::Base || !dir.is_dir() || !leads_out(dir, inside) {
        return true;
    }
    warnings.push(
        Diagnostic::warning(
            "unsafe-symlink",
            format!(
                "mappen {} i grunnlaget er en symbolsk lenke som fører ut av grunnlagets mappe, og blir ikke brukt",
                rel(root, dir).display()
            ),
        )
        .in_file(rel(root, dir))
        .with_hint(
            "grunnlaget kan bare bruke filer i sin egen mappe; legg egne filer på samme sti i nettstedet deres (de går foran grunnlagets), og meld fra til dem som lager grunnlaget",
        ),
    );
    false
}

/// Reads the templates: theme first, then the base's overrides, then the
/// site's own. A theme folder that lacks a template or a partial gets the
/// built-in one, with a `theme-fallback` warning when the site uses it (a
/// page template, or a partial the theme's own templates include).
pub fn templates(
    layers: &Layers,
    theme: &str,
) -> Result<(Vec<TemplateSource>, Vec<Diagnostic>), Diagnostic> {
    let root = layers.root.as_path();
    let mut out: Vec<TemplateSource> = Vec::new();
    let mut warnings = Vec::new();
    let found = theme_dir(layers, theme);
    let on_disk = found.is_some();
    if let Some((dir, inside, layer)) = &found {
        if *layer == Layer::Base && leads_out(dir, inside) {
            return Err(Diagnostic::error(
                "unsafe-symlink",
                format!(
                    "temaet `{theme}` i grunnlaget ({}) er en symbolsk lenke som fører ut av grunnlagets mappe, og blir ikke brukt",
                    rel(root, dir).display()
                ),
            )
            .in_file(rel(root, dir))
            .with_hint(format!(
                "grunnlaget kan bare bruke filer i sin egen mappe; legg temaet i {THEMES_DIR}/{theme}/ i nettstedet deres, velg et annet tema i site.yaml (`theme:`), eller meld fra til dem som lager grunnlaget"
            )));
        }
        let dir = dir.join(TEMPLATES_DIR);
        if usable_folder(root, &dir, inside, *layer, &mut warnings) {
            read_templates(root, &dir, &mut out)?;
        }
    } else if theme == "default" {
        out = builtin_templates();
    } else {
        return Err(Diagnostic::error(
            "missing-theme",
            format!("fant ikke temaet `{theme}` (mappen {THEMES_DIR}/{theme}/)"),
        )
        .in_file(crate::shared::file_names::CONFIG_FILE)
        .with_hint("bruk `theme: default`, eller legg temaet i themes/"));
    }
    for (folder, _, layer) in layers.folders() {
        let overrides = folder.join(TEMPLATES_DIR);
        if overrides.is_dir() && usable_folder(root, &overrides, folder, layer, &mut warnings) {
            let mut own = Vec::new();
            read_templates(root, &overrides, &mut own)?;
            for t in own {
                out.retain(|o| o.name != t.name);
                out.push(t);
            }
        }
    }
    if on_disk {
        warnings.extend(fall_back(theme, &mut out));
    }
    Ok((out, warnings))
}

/// The default theme's templates as compiled into the binary.
fn builtin_templates() -> Vec<TemplateSource> {
    let Some(dir) = DEFAULT_THEME.get_dir(TEMPLATES_DIR) else {
        return Vec::new();
    };
    dir.files()
        .map(|f| {
            let name = f
                .path()
                .strip_prefix(TEMPLATES_DIR)
                .unwrap_or(f.path())
                .to_string_lossy()
                .replace('\\', "/");
            TemplateSource {
                origin: PathBuf::from(format!("(innebygd) themes/default/templates/{name}")),
                text: f.contents_utf8().unwrap_or_default().to_string(),
                name,
            }
        })
        .collect()
}

/// Adds the built-in templates that `out` (a theme folder's templates with
/// the site's overrides) lacks, and warns about those the site uses: a
/// page template always, a partial where one of the site's own templates
/// includes, imports or extends it. Built-in ones nothing names are added
/// without a word (a built-in template that falls back may include them).
fn fall_back(theme: &str, out: &mut Vec<TemplateSource>) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let own: Vec<TemplateSource> = out.clone();
    for builtin in builtin_templates() {
        if own.iter().any(|t| t.name == builtin.name) {
            continue;
        }
        let name = &builtin.name;
        if REQUIRED_TEMPLATES.contains(&name.as_str()) {
            warnings.push(
                Diagnostic::warning(
                    "theme-fallback",
                    format!(
                        "temaet `{theme}` mangler malen `{name}`; den innebygde malen fra standardtemaet brukes i stedet"
                    ),
                )
                .in_file(format!("{THEMES_DIR}/{theme}/{TEMPLATES_DIR}/{name}"))
                .with_hint(format!(
                    "vil temaet ha sin egen, kopier `{name}` fra themes/default/templates/ i stegvis til {THEMES_DIR}/{theme}/{TEMPLATES_DIR}/"
                )),
            );
        } else {
            for user in &own {
                let Some(line) = referenced_templates(&user.text)
                    .into_iter()
                    .find_map(|(n, line)| (n == *name).then_some(line))
                else {
                    continue;
                };
                warnings.push(
                    Diagnostic::warning(
                        "theme-fallback",
                        format!(
                            "temaet `{theme}` mangler delmalen `{name}` som `{}` tar med; den innebygde delmalen fra standardtemaet brukes i stedet",
                            user.name
                        ),
                    )
                    .in_file(user.origin.clone())
                    .at_line(Some(line))
                    .with_hint(format!(
                        "vil temaet ha sin egen, kopier `{name}` fra themes/default/templates/ i stegvis til {THEMES_DIR}/{theme}/{TEMPLATES_DIR}/"
                    )),
                );
            }
        }
        out.push(builtin);
    }
    warnings
}

/// The templates a template names in `include`, `import` and `extends`
/// tags, each with the line of its tag. Comments are skipped.
fn referenced_templates(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let close = if after.starts_with("{#") {
            after.find("#}")
        } else if after.starts_with("{%") {
            after.find("%}")
        } else {
            None
        };
        let Some(close) = close else {
            offset += open + 1;
            rest = &rest[open + 1..];
            continue;
        };
        let tag = &after[..close];
        if let Some(body) = tag.strip_prefix("{%") {
            let body = body.trim_start_matches('-').trim_start();
            let keyword = body.split_whitespace().next().unwrap_or("");
            if matches!(keyword, "include" | "import" | "extends") {
                let line = text[..offset + open].matches('\n').count() + 1;
                for name in quoted_strings(&body[keyword.len()..]) {
                    found.push((name, line));
                }
            }
        }
        offset += open + close + 2;
        rest = &after[close + 2..];
    }
    found
}

/// The string literals in a tag (`"…"`, `'…'` or a backquoted one).
fn quoted_strings(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(['"', '\'', '`']) {
        let quote = &rest[i..=i];
        let after = &rest[i + 1..];
        let Some(len) = after.find(quote) else {
            break;
        };
        out.push(after[..len].to_string());
        rest = &after[len + 1..];
    }
    out
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
pub fn assets(layers: &Layers, theme: &str) -> Result<(Vec<Asset>, Vec<Diagnostic>), Diagnostic> {
    let root = layers.root.as_path();
    let mut out: Vec<Asset> = Vec::new();
    let mut warnings = Vec::new();
    if let Some((dir, inside, layer)) = theme_dir(layers, theme) {
        // A theme inside the base stays inside the base.
        let dir = dir.join(STATIC_DIR);
        if usable_folder(root, &dir, inside, layer, &mut warnings) {
            collect_assets(root, inside, layer, &dir, &mut out, &mut warnings)?;
        }
    } else if theme == "default" {
        if let Some(dir) = DEFAULT_THEME.get_dir(STATIC_DIR) {
            embedded_assets(dir, &mut out);
        }
    }
    // The base's static files, then the site's own (a symlink in each
    // stays inside its own folder).
    for (folder, _, layer) in layers.folders() {
        let dir = folder.join(STATIC_DIR);
        if usable_folder(root, &dir, folder, layer, &mut warnings) {
            collect_assets(root, folder, layer, &dir, &mut out, &mut warnings)?;
        }
    }
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
    inside: &Path,
    layer: Layer,
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
                .zip(std::fs::canonicalize(inside).ok())
                .is_some_and(|(target, root)| target.starts_with(root) && target.is_file());
            if !inside {
                let (message, hint) = match layer {
                    Layer::Own => (
                        "symbolsk lenke peker ut av nettstedet og blir ikke kopiert",
                        "kopier filen inn i static/ i stedet for å lenke til den",
                    ),
                    Layer::Base => (
                        "symbolsk lenke i grunnlaget peker ut av grunnlaget og blir ikke kopiert",
                        "grunnlaget kan bare bruke filer i sin egen mappe; legg en egen fil på samme sti i static/ i nettstedet deres (den går foran grunnlagets), og meld fra til dem som lager grunnlaget",
                    ),
                };
                warnings.push(
                    Diagnostic::warning("unsafe-symlink", message)
                        .in_file(rel(root, path))
                        .with_hint(hint),
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
        let (t, fallbacks) = templates(&Layers::single(dir.path()), "default").unwrap();
        assert!(fallbacks.is_empty(), "{fallbacks:?}");
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
        let (assets, warnings) = assets(&Layers::single(dir.path()), "default").unwrap();
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
        let (t, fallbacks) = templates(&Layers::single(root), "default").unwrap();
        assert!(fallbacks.is_empty(), "{fallbacks:?}");
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
        // The built-in ones (the required ones and the partials) and the
        // site's partial.
        assert_eq!(t.len(), builtin_templates().len() + 1);
        assert!(compile_templates(&t).is_ok());
        let (assets, _) = assets(&Layers::single(root), "default").unwrap();
        let css: Vec<&Asset> = assets.iter().filter(|a| a.path == "stegvis.css").collect();
        assert_eq!(css.len(), 1);
        assert!(
            matches!(&css[0].source, AssetSource::Disk(p) if p.ends_with("static/stegvis.css"))
        );
    }

    #[test]
    fn a_theme_folder_replaces_the_built_in_theme_and_falls_back_where_it_lacks_a_template() {
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
        let (t, fallbacks) = templates(&Layers::single(root), "kommune").unwrap();
        assert_eq!(
            find(&t, "base.html").origin,
            PathBuf::from("themes/kommune/templates/base.html")
        );
        assert_eq!(
            find(&t, "checklist.html").origin,
            PathBuf::from("(innebygd) themes/default/templates/checklist.html")
        );
        assert!(compile_templates(&t).is_ok());
        // One warning for every page template the theme lacks; none for the
        // built-in partials, which none of the theme's own templates names.
        assert!(fallbacks
            .iter()
            .all(|d| d.code == "theme-fallback" && !d.is_error()));
        assert_eq!(
            fallbacks.len(),
            REQUIRED_TEMPLATES.len() - 2,
            "{fallbacks:#?}"
        );
        let checklist = fallbacks
            .iter()
            .find(|d| d.message.contains("`checklist.html`"))
            .unwrap();
        assert_eq!(
            checklist.message,
            "temaet `kommune` mangler malen `checklist.html`; den innebygde malen fra standardtemaet brukes i stedet"
        );
        assert_eq!(
            checklist.file,
            Some(PathBuf::from("themes/kommune/templates/checklist.html"))
        );
        assert!(!fallbacks.iter().any(|d| d.message.contains("`step.html`")));
        let (assets, _) = assets(&Layers::single(root), "kommune").unwrap();
        let paths: Vec<&str> = assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["logo.svg"], "no built-in assets mixed in");
    }

    #[test]
    fn a_theme_template_made_before_a_partial_existed_gets_the_built_in_partial() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // A complete theme of its own, whose base.html includes a partial
        // it does not have.
        let dir_path = "themes/kommune/templates";
        for name in REQUIRED_TEMPLATES {
            write(
                root,
                &format!("{dir_path}/{name}"),
                "{% extends \"base.html\" %}",
            );
        }
        write(
            root,
            &format!("{dir_path}/base.html"),
            "<html>\n{% block main %}{% endblock %}\n  {%- include 'help.html' %}\n</html>",
        );
        let (t, fallbacks) = templates(&Layers::single(root), "kommune").unwrap();
        assert!(compile_templates(&t).is_ok());
        assert_eq!(fallbacks.len(), 1, "{fallbacks:#?}");
        let d = &fallbacks[0];
        assert_eq!(d.code, "theme-fallback");
        assert_eq!(
            d.message,
            "temaet `kommune` mangler delmalen `help.html` som `base.html` tar med; den innebygde delmalen fra standardtemaet brukes i stedet"
        );
        assert_eq!(
            d.file,
            Some(PathBuf::from("themes/kommune/templates/base.html"))
        );
        assert_eq!(d.line, Some(3));
        assert_eq!(
            find(&t, "help.html").origin,
            PathBuf::from("(innebygd) themes/default/templates/help.html")
        );
        // The built-in help.html includes help_county.html in turn: there
        // too, without a warning of its own.
        assert!(find(&t, "help_county.html")
            .origin
            .starts_with("(innebygd) themes/default"));
    }

    #[test]
    fn the_sites_own_template_or_partial_is_no_fallback() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let dir_path = "themes/kommune/templates";
        for name in REQUIRED_TEMPLATES {
            write(root, &format!("{dir_path}/{name}"), "x");
        }
        write(
            root,
            &format!("{dir_path}/base.html"),
            "{% include \"help.html\" %}",
        );
        std::fs::remove_file(root.join(dir_path).join("status.html")).unwrap();
        // The site's templates/ fills both gaps.
        write(root, "templates/status.html", "egen status");
        write(root, "templates/help.html", "egen hjelp");
        let (t, fallbacks) = templates(&Layers::single(root), "kommune").unwrap();
        assert!(fallbacks.is_empty(), "{fallbacks:#?}");
        assert_eq!(find(&t, "status.html").text, "egen status");
        assert_eq!(find(&t, "help.html").text, "egen hjelp");
    }

    #[test]
    fn the_templates_a_template_names_are_found_in_its_tags() {
        let text = "{% extends \"base.html\" %}\n{# {% include \"kommentar.html\" %} #}\n\
            {%- include 'a.html' -%}{% include [\"b.html\", `c.html`] ignore missing %}\n\
            {% import \"macros.html\" as m %}{{ \"include.html\" }}{% if x %}{% endif %}";
        let found = referenced_templates(text);
        assert_eq!(
            found,
            [
                ("base.html".to_string(), 1),
                ("a.html".to_string(), 3),
                ("b.html".to_string(), 3),
                ("c.html".to_string(), 3),
                ("macros.html".to_string(), 4),
            ]
        );
    }

    #[test]
    fn an_unknown_theme_is_an_error_in_site_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let err = templates(&Layers::single(dir.path()), "finnes-ikke").unwrap_err();
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
        let (t, _) = templates(&Layers::single(dir.path()), "default").unwrap();
        let Err(diags) = compile_templates(&t) else {
            panic!("a broken template compiled");
        };
        let e: Vec<&Diagnostic> = diags.errors().collect();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].file, Some(PathBuf::from("templates/page.html")));
        assert!(e[0].line.is_some(), "{e:?}");
    }

    /// `fylke/` built on `nasjonal/`, and a folder `utenfor/` outside both.
    #[cfg(unix)]
    fn county(dir: &Path) -> Layers {
        use crate::content::layers::Base;
        write(dir, "utenfor/static/hemmelig.txt", "hemmelig");
        write(dir, "utenfor/templates/step.html", "UTENFRA");
        write(dir, "utenfor/tema/templates/base.html", "UTENFRA");
        write(dir, "nasjonal/site.yaml", "title: N\n");
        write(dir, "fylke/site.yaml", "base: ../nasjonal\n");
        Layers {
            base: Some(Base {
                dir: PathBuf::from("../nasjonal"),
                root: dir.join("fylke/../nasjonal"),
            }),
            ..Layers::single(&dir.join("fylke"))
        }
    }

    #[cfg(unix)]
    #[test]
    fn base_static_and_templates_folders_that_lead_out_of_the_base_are_left_out() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let layers = county(dir.path());
        symlink(
            dir.path().join("utenfor/static"),
            dir.path().join("nasjonal/static"),
        )
        .unwrap();
        symlink(
            dir.path().join("utenfor/templates"),
            dir.path().join("nasjonal/templates"),
        )
        .unwrap();
        let (found, warnings) = assets(&layers, "default").unwrap();
        assert!(
            !found.iter().any(|a| a.path == "hemmelig.txt"),
            "a file outside the base was copied"
        );
        let w = warnings
            .iter()
            .find(|d| d.code == "unsafe-symlink")
            .unwrap_or_else(|| panic!("{warnings:?}"));
        assert_eq!(w.file.as_deref(), Some(Path::new("../nasjonal/static")));
        assert!(w.message.contains("i grunnlaget"), "{}", w.message);
        assert!(w.hint.as_deref().unwrap().contains("på samme sti"));

        let (t, warnings) = templates(&layers, "default").unwrap();
        assert!(
            !t.iter().any(|s| s.text == "UTENFRA"),
            "a template from outside was read"
        );
        assert!(
            warnings.iter().any(|d| d.code == "unsafe-symlink"
                && d.file.as_deref() == Some(Path::new("../nasjonal/templates"))),
            "{warnings:?}"
        );

        // The site's own folders are its own business, as before.
        std::fs::remove_file(dir.path().join("nasjonal/static")).unwrap();
        symlink(
            dir.path().join("utenfor/static"),
            dir.path().join("fylke/static"),
        )
        .unwrap();
        let (found, _) = assets(&layers, "default").unwrap();
        assert!(found.iter().any(|a| a.path == "hemmelig.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_in_the_base_names_the_base_and_a_theme_leading_out_is_an_error() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let layers = county(dir.path());
        write(dir.path(), "nasjonal/static/ok.txt", "ok");
        symlink(
            dir.path().join("utenfor/static/hemmelig.txt"),
            dir.path().join("nasjonal/static/lenke.txt"),
        )
        .unwrap();
        let (found, warnings) = assets(&layers, "default").unwrap();
        assert!(found.iter().any(|a| a.path == "ok.txt"));
        assert!(!found.iter().any(|a| a.path == "lenke.txt"));
        let w = warnings
            .iter()
            .find(|d| d.code == "unsafe-symlink")
            .unwrap();
        assert_eq!(
            w.message,
            "symbolsk lenke i grunnlaget peker ut av grunnlaget og blir ikke kopiert"
        );

        std::fs::create_dir_all(dir.path().join("nasjonal/themes")).unwrap();
        symlink(
            dir.path().join("utenfor/tema"),
            dir.path().join("nasjonal/themes/tema"),
        )
        .unwrap();
        let err = templates(&layers, "tema").unwrap_err();
        assert_eq!(err.code, "unsafe-symlink");
        assert!(err.is_error());
        assert_eq!(
            err.file.as_deref(),
            Some(Path::new("../nasjonal/themes/tema"))
        );
    }
}
