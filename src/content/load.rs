//! Stage 1, loading: finds the Markdown files under `content/`, reads them
//! (in parallel), checks they are UTF-8, splits and parses their front matter.
//! The result is a flat list of [`Document`]s; arranging them into guides and
//! steps is the model's job.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::frontmatter::{self, GuideMeta, PageMeta, StepMeta};
use crate::content::layers::{Layer, Layers};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{CONFIG_FILE, CONTENT_DIR, GUIDE_FILE, HELP_FILE, INDEX_FILE};
use crate::shared::text::decode_utf8;

/// What a document is, from where it lies in `content/`.
#[derive(Debug, Clone)]
pub enum Meta {
    /// `content/_index.md`: the front page's intro.
    Index(PageMeta),
    /// `content/<name>.md`.
    Page(PageMeta),
    /// `content/<dir>/_guide.md`.
    Guide { dir: String, meta: GuideMeta },
    /// `content/<dir>/<name>.md`.
    Step { dir: String, meta: StepMeta },
}

impl Meta {
    /// The document's `sources:` (every kind of document may have them).
    pub fn sources(&self) -> &[crate::content::frontmatter::Source] {
        match self {
            Meta::Step { meta, .. } => &meta.sources,
            Meta::Guide { meta, .. } => &meta.sources,
            Meta::Page(m) | Meta::Index(m) => &m.sources,
        }
    }
}

/// One parsed source file.
#[derive(Debug, Clone)]
pub struct Document {
    /// Relative to the site root: `content/planstrategi/01-eierskap.md`.
    pub path: PathBuf,
    /// Relative to `content/`, with `/`: `planstrategi/01-eierskap.md`.
    /// This is what `@/…` links name.
    pub key: String,
    pub meta: Meta,
    /// The front matter's YAML text, to point at values in later checks.
    pub yaml: Arc<str>,
    pub yaml_line: usize,
    /// The Markdown after the front matter. A build's model lets it go
    /// (leaves it empty) once the body is rendered.
    pub body: Arc<str>,
    pub body_line: usize,
    /// A hash of the whole file, to tell whether it changed.
    pub content_hash: u64,
    /// The layer the file comes from (a site's own, or its base's).
    pub layer: Layer,
}

impl Document {
    /// The file line of the first front-matter line containing `needle`.
    pub fn line_of(&self, needle: &str) -> Option<usize> {
        crate::shared::text::line_of(&self.yaml, needle).map(|l| l + self.yaml_line - 1)
    }
}

/// Where a file sits, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Index,
    Page,
    Guide(String),
    Step(String),
}

/// Files an editor leaves behind while saving (swap files, backups).
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains(".sb-")
}

fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") && !is_editor_temp(name)
}

/// Lists the Markdown files of `content/` with their slots, the base's
/// first when the site has one (paths relative to the site's own folder).
pub fn discover(layers: &Layers, diags: &mut Diagnostics) -> Vec<(PathBuf, Slot)> {
    let mut found = Vec::new();
    // Once the base is reported unusable (a bad `base:`, or a base without
    // content/), the site's guide folders that count on its guides are not
    // reported a second time for lacking a _guide.md.
    let mut base_unusable = layers.base_unusable;
    for (folder, prefix, layer) in layers.folders() {
        let before = found.len();
        // A guide folder of the site's own may lack _guide.md when the
        // base has the guide: its files add to or replace the base's.
        let base_guides: HashSet<String> = found
            .iter()
            .filter_map(|(_, slot)| match slot {
                Slot::Guide(dir) if !layers.hides(&format!("{dir}/{GUIDE_FILE}")) => {
                    Some(dir.clone())
                }
                _ => None,
            })
            .collect();
        let mut layer_diags = Diagnostics::default();
        discover_in(
            &layers.root,
            &prefix,
            &base_guides,
            &mut layer_diags,
            &mut found,
        );
        let layer_errors = layer_diags.has_errors();
        diags.extend(layer_diags.into_vec().into_iter().filter(|d| {
            // Only the missing _guide.md reports are the base's fault.
            !(layer == Layer::Own && base_unusable && d.code == "missing-guide")
        }));
        if layer == Layer::Base {
            base_unusable |= layer_errors && found.len() == before;
        }
        keep_inside(folder, &layers.root, layer, &mut found, before, diags);
    }
    found
}

/// Leaves out files that lead out of their layer's folder (a symlink to
/// somewhere else): neither the site nor its base may publish a file from
/// outside its own folder (a link to `/etc/passwd` in text sent in by
/// someone else).
fn keep_inside(
    folder: &Path,
    root: &Path,
    layer: Layer,
    found: &mut Vec<(PathBuf, Slot)>,
    from: usize,
    diags: &mut Diagnostics,
) {
    let Ok(inside) = std::fs::canonicalize(folder) else {
        return;
    };
    let mut i = from;
    while i < found.len() {
        let target = std::fs::canonicalize(root.join(&found[i].0));
        // The site's own link that leads nowhere is the loader's to report
        // (an error: the editor can fix it).
        let own_unreadable = layer == Layer::Own && target.is_err();
        if own_unreadable || target.as_ref().is_ok_and(|t| t.starts_with(&inside)) {
            i += 1;
            continue;
        }
        let (rel, _) = found.remove(i);
        let (message, hint) = if layer == Layer::Own {
            (
                "filen er en symbolsk lenke som fører ut av nettstedets mappe, og blir ikke brukt",
                "nettstedet bruker bare filer i sin egen mappe; kopier filen inn i content/ i stedet for å lenke til den",
            )
        } else if target.is_ok() {
            (
                "filen i grunnlaget er en symbolsk lenke som fører ut av grunnlagets mappe, og blir ikke brukt",
                "grunnlaget kan bare bruke filer i sin egen mappe; vil dere ha siden, legg en egen fil på samme sti i content/ (den erstatter grunnlagets), og meld fra til dem som lager grunnlaget",
            )
        } else {
            (
                "filen i grunnlaget er en symbolsk lenke som ikke fører fram, og blir ikke brukt",
                "vil dere ha siden, legg en egen fil på samme sti i content/ (den erstatter grunnlagets), og meld fra til dem som lager grunnlaget",
            )
        };
        diags.push(
            Diagnostic::warning("unsafe-symlink", message)
                .in_file(rel)
                .with_hint(hint),
        );
    }
}

/// Lists the Markdown files of one layer's `content/` (`prefix` is the
/// layer's folder relative to the site's own, empty for the site itself).
fn discover_in(
    root: &Path,
    prefix: &Path,
    base_guides: &HashSet<String>,
    diags: &mut Diagnostics,
    found: &mut Vec<(PathBuf, Slot)>,
) {
    let content_rel = prefix.join(CONTENT_DIR);
    let content = root.join(&content_rel);
    let entries = match sorted_entries(&content) {
        Ok(e) => e,
        Err(e) => {
            let missing = e.kind() == std::io::ErrorKind::NotFound;
            let diag = if prefix.as_os_str().is_empty() {
                let msg = if missing {
                    format!("fant ikke mappen {CONTENT_DIR}/ i {}", root.display())
                } else {
                    format!("kunne ikke lese mappen {CONTENT_DIR}/: {e}")
                };
                Diagnostic::error("missing-content", msg).with_hint(
                    "lag mappen content/ med minst én veileder, eller kjør `stegvis init MAPPE`",
                )
            } else {
                // The base's folder, as site.yaml names it: a Git submodule
                // that is not checked out has an empty folder.
                let base = prefix.display();
                let msg = if missing {
                    format!("grunnlaget {base}/ har ingen mappe {CONTENT_DIR}/ (fant ikke {base}/{CONTENT_DIR}/)")
                } else {
                    format!("kunne ikke lese mappen {base}/{CONTENT_DIR}/ i grunnlaget: {e}")
                };
                Diagnostic::error("missing-content", msg).with_hint(format!(
                    "er grunnlaget en Git-undermodul, hent det med `git submodule update --init`; ellers rett `base:` i {CONFIG_FILE} så den peker på mappen med det nasjonale nettstedet"
                ))
            };
            diags.push(diag);
            return;
        }
    };
    for (name, path, is_dir) in entries {
        let rel = content_rel.join(&name);
        if is_dir {
            if is_editor_temp(&name) {
                continue;
            }
            let inner = match sorted_entries(&path) {
                Ok(e) => e,
                Err(e) => {
                    diags.push(
                        Diagnostic::error("io", format!("kunne ikke lese mappen: {e}"))
                            .in_file(rel),
                    );
                    continue;
                }
            };
            if !inner.iter().any(|(n, _, d)| n == GUIDE_FILE && !d) && !base_guides.contains(&name)
            {
                diags.push(
                    Diagnostic::error(
                        "missing-guide",
                        format!("mappen {} har ingen {GUIDE_FILE}", rel.display()),
                    )
                    .in_file(rel.clone())
                    .with_hint(format!(
                        "hver mappe i content/ er en veileder og trenger filen {GUIDE_FILE} med title og summary"
                    )),
                );
                continue;
            }
            for (inner_name, _, inner_is_dir) in inner {
                let inner_rel = rel.join(&inner_name);
                if inner_is_dir {
                    if !is_editor_temp(&inner_name) {
                        diags.push(
                            Diagnostic::warning(
                                "ignored-file",
                                format!(
                                    "undermappen {} blir ikke lest",
                                    inner_rel.display()
                                ),
                            )
                            .with_hint("steg ligger direkte i veiledermappen; bilder hører hjemme i static/"),
                        );
                    }
                } else if inner_name == GUIDE_FILE {
                    found.push((inner_rel, Slot::Guide(name.clone())));
                } else if is_markdown(&inner_name) {
                    found.push((inner_rel, Slot::Step(name.clone())));
                } else if !is_editor_temp(&inner_name) {
                    diags.push(ignored(root, &inner_rel));
                }
            }
        } else if name == HELP_FILE {
            // Read with site.yaml (content::help).
            continue;
        } else if name == INDEX_FILE {
            found.push((rel, Slot::Index));
        } else if is_markdown(&name) {
            found.push((rel, Slot::Page));
        } else if !is_editor_temp(&name) {
            diags.push(ignored(root, &rel));
        }
    }
}

fn ignored(root: &Path, rel: &Path) -> Diagnostic {
    let path = root.join(rel);
    if std::fs::metadata(&path).is_err() && std::fs::symlink_metadata(&path).is_ok() {
        return Diagnostic::warning(
            "ignored-file",
            format!(
                "{} er en symbolsk lenke som ikke fører fram (til seg selv, i ring eller til noe som ikke finnes) og blir ikke brukt",
                rel.display()
            ),
        )
        .with_hint("slett lenken, eller la den peke på en mappe eller fil som finnes");
    }
    Diagnostic::warning(
        "ignored-file",
        format!(
            "{} er ikke en Markdown-fil og blir ikke brukt",
            rel.display()
        ),
    )
    .with_hint("legg bilder og andre filer i static/; de kopieres til nettstedet")
}

/// `(name, path, is_dir)` sorted by name; symlinks are followed one level.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf, bool)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // A dangling or looping symlink has no metadata: treat it as a file,
        // so reading it reports the problem with its name.
        let is_dir = std::fs::metadata(&path)
            .map(|m| m.is_dir())
            .unwrap_or(false);
        out.push((name, path, is_dir));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Reads and parses one file found by [`discover`]; `rel` is relative to
/// the site's own folder.
pub fn load_document(layers: &Layers, rel: &Path, slot: &Slot) -> Result<Document, Diagnostic> {
    let bytes = std::fs::read(layers.root.join(rel)).map_err(|e| {
        Diagnostic::error("io", format!("kunne ikke lese filen: {e}"))
            .in_file(rel)
            .with_hint("sjekk at filen finnes og kan leses (en symbolsk lenke kan peke feil)")
    })?;
    let (layer, _) = layers.locate(rel);
    let mut doc = parse_document(rel, layers.key_of(rel), slot.clone(), &bytes)?;
    doc.layer = layer;
    Ok(doc)
}

/// The slot of a content path (relative to its layer's folder), or None if
/// stegvis does not read it.
pub fn slot_of(rel: &Path) -> Option<Slot> {
    let parts: Vec<String> = rel
        .strip_prefix(CONTENT_DIR)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [f] if f == INDEX_FILE => Some(Slot::Index),
        [f] if is_markdown(f) => Some(Slot::Page),
        [d, f] if f == GUIDE_FILE => Some(Slot::Guide(d.clone())),
        [d, f] if is_markdown(f) => Some(Slot::Step(d.clone())),
        _ => None,
    }
}

fn parse_document(
    rel: &Path,
    key: String,
    slot: Slot,
    bytes: &[u8],
) -> Result<Document, Diagnostic> {
    let text = decode_utf8(bytes).map_err(|(line, col)| {
        Diagnostic::error("not-utf8", "filen er ikke gyldig UTF-8")
            .in_file(rel)
            .at(line, col)
            .with_hint("lagre filen som UTF-8 i editoren din (ofte under «Lagre som» / «Encoding»)")
    })?;
    let split = frontmatter::split(&text).map_err(|e| {
        Diagnostic::error("front-matter", e.message)
            .in_file(rel)
            .at(e.line, 1)
            .with_hint(e.hint)
    })?;
    let yaml_err = |e: crate::content::yaml::YamlError| Diagnostic {
        line: e.line,
        column: e.column,
        hint: e.hint,
        ..Diagnostic::error(e.kind.code(), e.message).in_file(rel)
    };
    let meta = match slot {
        Slot::Index => Meta::Index(frontmatter::parse(&split).map_err(yaml_err)?),
        Slot::Page => Meta::Page(frontmatter::parse(&split).map_err(yaml_err)?),
        Slot::Guide(dir) => Meta::Guide {
            dir,
            meta: frontmatter::parse(&split).map_err(yaml_err)?,
        },
        Slot::Step(dir) => Meta::Step {
            dir,
            meta: frontmatter::parse(&split).map_err(yaml_err)?,
        },
    };
    Ok(Document {
        path: rel.to_path_buf(),
        key,
        meta,
        yaml: Arc::from(split.yaml),
        yaml_line: split.yaml_line,
        body: Arc::from(split.body),
        body_line: split.body_line,
        // xxh3: fast on whole files (FNV's byte loop cost 3 % of a build).
        content_hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        layer: Layer::Own,
    })
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub docs: Vec<Document>,
    /// Content keys of files that exist but could not be parsed, so links
    /// to them are not reported a second time as broken.
    pub failed: Vec<String>,
    /// The same for base files, until the layers are resolved (a site's
    /// own file may replace them); then empty, the rest in `failed`.
    pub failed_base: Vec<String>,
    /// The base's steps left out by `hide:` (the model keeps their places,
    /// for base steps placed after them).
    pub hidden_steps: Vec<Document>,
    pub diagnostics: Diagnostics,
}

/// Loads every document of the site's layers. Problems are collected, not
/// fatal: a broken file is left out and reported.
pub fn load_content(layers: &Layers) -> LoadedContent {
    let mut diags = Diagnostics::default();
    let files = discover(layers, &mut diags);
    let results: Vec<Result<Document, Diagnostic>> = files
        .par_iter()
        .map(|(rel, slot)| load_document(layers, rel, slot))
        .collect();
    let mut loaded = LoadedContent {
        docs: Vec::with_capacity(results.len()),
        ..LoadedContent::default()
    };
    for (r, (rel, _)) in results.into_iter().zip(&files) {
        match r {
            Ok(d) => loaded.docs.push(d),
            Err(d) => {
                match layers.locate(rel).0 {
                    Layer::Own => loaded.failed.push(layers.key_of(rel)),
                    Layer::Base => loaded.failed_base.push(layers.key_of(rel)),
                }
                diags.push(d);
            }
        }
    }
    loaded.diagnostics = diags;
    resolve_layers(loaded, layers)
}

/// One document per content key: a file of the site's own replaces the
/// base's file at the same path, and files `hide:` names are left out
/// (with the problems found in them). A `hide:` entry that names no base
/// file is an error at its line; one naming a guide's `_guide.md` hides
/// the whole guide.
pub fn resolve_layers(mut content: LoadedContent, layers: &Layers) -> LoadedContent {
    let Some(base) = &layers.base else {
        return content;
    };
    let own: HashSet<String> = content
        .docs
        .iter()
        .filter(|d| d.layer == Layer::Own)
        .map(|d| d.key.clone())
        .chain(content.failed.iter().cloned())
        .collect();
    let hidden_guides: Vec<String> = layers
        .hide
        .iter()
        .filter_map(|(k, _)| k.strip_suffix(&format!("/{GUIDE_FILE}")))
        .map(|dir| format!("{dir}/"))
        .collect();
    let hidden =
        |key: &str| layers.hides(key) || hidden_guides.iter().any(|g| key.starts_with(g.as_str()));
    for (key, line) in &layers.hide {
        let in_base = content
            .docs
            .iter()
            .any(|d| d.layer == Layer::Base && &d.key == key)
            || content.failed_base.contains(key);
        if !in_base {
            content.diagnostics.push(
                Diagnostic::error(
                    "invalid-base",
                    format!("`{key}` under `hide:` finnes ikke i grunnlaget ({})", base.dir.display()),
                )
                .in_file(CONFIG_FILE)
                .at_line(*line)
                .with_hint(format!(
                    "skriv stien fra {}/{CONTENT_DIR}/, for eksempel `planstrategi/05-planforum.md`",
                    base.dir.display()
                )),
            );
        }
    }
    // Paths of base files that are not used, to drop their problems too.
    let mut unused: HashSet<PathBuf> = HashSet::new();
    let mut hidden_steps = Vec::new();
    for d in std::mem::take(&mut content.docs) {
        // `hide:` leaves out the base's files only; the site's own stay.
        if d.layer == Layer::Own || (!hidden(&d.key) && !own.contains(&d.key)) {
            content.docs.push(d);
            continue;
        }
        unused.insert(d.path.clone());
        if layers.hides(&d.key) && matches!(d.meta, Meta::Step { .. }) {
            hidden_steps.push(d);
        }
    }
    content.hidden_steps = hidden_steps;
    for k in std::mem::take(&mut content.failed_base) {
        if hidden(&k) || own.contains(&k) {
            unused.insert(base.dir.join(CONTENT_DIR).join(&k));
        } else {
            content.failed.push(k);
        }
    }
    let diags = std::mem::take(&mut content.diagnostics);
    content.diagnostics = diags
        .into_vec()
        .into_iter()
        .filter(|d| d.file.as_ref().is_none_or(|f| !unused.contains(f)))
        .collect::<Vec<_>>()
        .into();
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_errors_point_at_the_byte() {
        assert_eq!(decode_utf8(b"ab\ncd\xffe"), Err((2, 3)));
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
    }

    #[test]
    fn slots_from_paths() {
        assert!(matches!(
            slot_of(Path::new("content/_index.md")),
            Some(Slot::Index)
        ));
        assert!(matches!(
            slot_of(Path::new("content/a.md")),
            Some(Slot::Page)
        ));
        assert!(matches!(
            slot_of(Path::new("content/g/_guide.md")),
            Some(Slot::Guide(_))
        ));
        assert!(matches!(
            slot_of(Path::new("content/g/01.md")),
            Some(Slot::Step(_))
        ));
        assert!(slot_of(Path::new("content/g/.01.md.swp")).is_none());
        assert!(slot_of(Path::new("content/g/h/01.md")).is_none());
        assert!(slot_of(Path::new("static/a.md")).is_none());
    }

    #[test]
    fn editor_temp_files() {
        for n in [".#a.md", "a.md~", ".a.md.swp", "4913", "a.md.tmp"] {
            assert!(!is_markdown(n), "{n}");
        }
        assert!(is_markdown("01-eierskap.md"));
    }
}
