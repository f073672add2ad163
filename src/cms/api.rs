//! The file API Decap's `proxy` backend talks to (the protocol of
//! `decap-server`'s local file system mode): one POST of JSON
//! `{action, params}` per call, answered with JSON, errors as
//! `{"error": "…"}` with a 4xx status. `stegvis serve` answers it itself, so
//! the editor needs no Node and no second server.
//!
//! Only simple publishing: a save writes the file at once (the preview's
//! watcher sees it as any editor's save and rebuilds); Decap's editorial
//! workflow (drafts on branches) has no meaning without Git and is refused.
//!
//! Every path the client sends is checked before anything is read or
//! written ([`resolve`]): relative, `/`-separated, no `.`, `..`, empty
//! segment, backslash, colon or NUL, and inside `content/`, the media folder
//! or exactly `site.yaml`; the deepest folder that exists on the way is
//! canonicalised and must still be inside, so a symlink cannot lead out.
//! Writes go to a temporary file in the same folder, renamed over the
//! target. A save of `site.yaml` changes only the `period:` values in the
//! file's text; every other line, comments included, stays as it was. A
//! Markdown file is written as Decap sent it, less the front-matter lines
//! of fields the form left empty ([`drop_empty_fields`]).

use std::hash::BuildHasher;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::cms::config::MEDIA_FOLDER;
use crate::content::layers::Layers;
use crate::shared::file_names::{CONFIG_FILE, CONTENT_DIR};

/// The largest request body read (a media upload is base64 text).
pub const MAX_BODY: usize = 20 * 1024 * 1024;

/// An answer: HTTP status and JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub json: String,
}

impl Answer {
    fn ok(value: Value) -> Answer {
        Answer {
            status: 200,
            json: value.to_string(),
        }
    }

    /// An error the client caused, with a Norwegian message.
    pub fn error(status: u16, message: impl Into<String>) -> Answer {
        Answer {
            status,
            json: json!({ "error": message.into() }).to_string(),
        }
    }
}

#[derive(Deserialize)]
struct Call {
    action: String,
    #[serde(default)]
    params: Value,
}

/// Answers one API call on the site at `root`.
pub fn answer(root: &Path, body: &[u8]) -> Answer {
    let call: Call = match serde_json::from_slice(body) {
        Ok(c) => c,
        Err(e) => return Answer::error(400, format!("ugyldig JSON i forespørselen: {e}")),
    };
    match run(root, &call.action, &call.params) {
        Ok(v) => Answer::ok(v),
        Err(e) => e,
    }
}

fn params<T: for<'de> Deserialize<'de>>(p: &Value) -> Result<T, Answer> {
    T::deserialize(p).map_err(|e| Answer::error(422, format!("ugyldige parametre: {e}")))
}

#[derive(Deserialize)]
struct FolderParams {
    folder: String,
    extension: String,
    depth: u32,
}

#[derive(Deserialize)]
struct FileRef {
    path: String,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct FilesParams {
    files: Vec<FileRef>,
}

#[derive(Deserialize)]
struct PathParams {
    path: String,
}

#[derive(Deserialize)]
struct PathsParams {
    paths: Vec<String>,
}

#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    encoding: String,
}

#[derive(Deserialize)]
struct PersistParams {
    #[serde(default, rename = "dataFiles")]
    data_files: Option<Vec<DataFile>>,
    #[serde(default)]
    entry: Option<DataFile>,
    #[serde(default)]
    assets: Vec<Asset>,
}

#[derive(Deserialize)]
struct MediaParams {
    #[serde(rename = "mediaFolder")]
    media_folder: String,
}

#[derive(Deserialize)]
struct AssetParams {
    asset: Asset,
}

fn run(root: &Path, action: &str, p: &Value) -> Result<Value, Answer> {
    match action {
        "info" => Ok(json!({
            "repo": root
                .canonicalize()
                .ok()
                .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "nettsted".into()),
            "publish_modes": ["simple"],
            "type": "local_fs",
        })),
        "entriesByFolder" => {
            let FolderParams {
                folder,
                extension,
                depth,
            } = params(p)?;
            let dir = resolve(root, &folder, Access::Folder)?;
            let folder = folder.trim_end_matches('/');
            let mut files = Vec::new();
            list(&dir, folder, &extension, depth.min(8), &mut files);
            // A county edition: the base's files too, where the site has
            // none of its own and does not hide them.
            if let Some(b) = base_of(root) {
                if let Ok(base_dir) = resolve(&b.base, folder, Access::Folder) {
                    let mut from_base = Vec::new();
                    list(&base_dir, folder, &extension, depth.min(8), &mut from_base);
                    files.extend(from_base.into_iter().filter(|f| b.shows(f)));
                }
            }
            files.sort();
            files.dedup();
            Ok(Value::Array(
                files.iter().map(|f| entry(root, f, None)).collect(),
            ))
        }
        "entriesByFiles" => {
            let FilesParams { files } = params(p)?;
            let mut out = Vec::new();
            for f in files {
                resolve(root, &f.path, Access::Read)?;
                out.push(entry(root, &f.path, f.label.as_deref()));
            }
            Ok(Value::Array(out))
        }
        "getEntry" => {
            let PathParams { path } = params(p)?;
            resolve(root, &path, Access::Read)?;
            Ok(entry(root, &path, None))
        }
        "persistEntry" => {
            let PersistParams {
                data_files,
                entry,
                assets,
            } = params(p)?;
            let files: Vec<DataFile> = data_files.unwrap_or_default().into_iter().chain(entry).collect();
            if files.is_empty() {
                return Err(Answer::error(422, "ingen fil å lagre"));
            }
            // Every path is checked before anything is written.
            let mut writes = Vec::new();
            for f in &files {
                let target = f.new_path.as_deref().unwrap_or(&f.path);
                let to = resolve(root, target, Access::Write)?;
                // A rename deletes the old file: checked as a deletion (so
                // site.yaml can be neither moved nor replaced by a move).
                let from = match &f.new_path {
                    Some(_) if target == CONFIG_FILE => {
                        return Err(Answer::error(403, "site.yaml kan ikke flyttes"));
                    }
                    Some(_) => {
                        let full = resolve(root, &f.path, Access::Delete)?;
                        refuse_base_only(root, &f.path, &full)?;
                        Some(full)
                    }
                    None => None,
                };
                writes.push((to, from, target, f.raw.as_str()));
            }
            let mut media = Vec::new();
            for a in &assets {
                media.push((resolve_media(root, &a.path)?, decode(a)?));
            }
            // Every file's bytes before the first write: a save that fails
            // writes nothing.
            let mut ready = Vec::new();
            for (to, from, target, raw) in writes {
                let bytes = if target == CONFIG_FILE {
                    let old = std::fs::read_to_string(&to).map_err(|e| io_error(target, &e))?;
                    merge_period(&old, raw)?.into_bytes()
                } else if target.ends_with(".md") {
                    drop_empty_fields(raw).into_bytes()
                } else {
                    raw.as_bytes().to_vec()
                };
                ready.push((to, from, target, bytes));
            }
            for (to, from, target, bytes) in ready {
                // A move to a name the file system takes for the same file
                // (`Steg.md` → `steg.md` where case does not count): the
                // file is renamed, never deleted after the write.
                let same_file = from.as_ref().is_some_and(|f| is_same_file(f, &to));
                if let (true, Some(f)) = (same_file, &from) {
                    std::fs::rename(f, &to).map_err(|e| io_error(target, &e))?;
                }
                write_atomic(&to, &bytes).map_err(|e| io_error(target, &e))?;
                if let Some(from) = from.filter(|f| *f != to && !same_file) {
                    let _ = std::fs::remove_file(from);
                }
            }
            for (path, bytes) in media {
                write_atomic(&path, &bytes).map_err(|e| io_error(&path.display().to_string(), &e))?;
            }
            Ok(json!({ "message": "entry persisted" }))
        }
        "getMedia" => {
            let MediaParams { media_folder } = params(p)?;
            let dir = resolve(root, &media_folder, Access::Folder)?;
            let mut files = Vec::new();
            list(&dir, media_folder.trim_end_matches('/'), "", 1, &mut files);
            files.sort();
            files.iter().map(|f| media_file(root, f)).collect()
        }
        "getMediaFile" => {
            let PathParams { path } = params(p)?;
            resolve(root, &path, Access::Read)?;
            media_file(root, &path)
        }
        "persistMedia" => {
            let AssetParams { asset } = params(p)?;
            let to = resolve_media(root, &asset.path)?;
            let bytes = decode(&asset)?;
            write_atomic(&to, &bytes).map_err(|e| io_error(&asset.path, &e))?;
            media_file(root, &asset.path)
        }
        "deleteFile" => {
            let PathParams { path } = params(p)?;
            delete(root, &path)?;
            Ok(json!({ "message": format!("deleted file {path}") }))
        }
        "deleteFiles" => {
            let PathsParams { paths } = params(p)?;
            let checked: Vec<PathBuf> = paths
                .iter()
                .map(|path| {
                    let full = resolve(root, path, Access::Delete)?;
                    refuse_base_only(root, path, &full)?;
                    Ok(full)
                })
                .collect::<Result<_, _>>()?;
            for path in checked {
                let _ = std::fs::remove_file(path);
            }
            Ok(json!({ "message": "deleted files" }))
        }
        "getDeployPreview" => Ok(Value::Null),
        "unpublishedEntries" | "unpublishedEntry" | "unpublishedEntryDataFile"
        | "unpublishedEntryMediaFile" | "deleteUnpublishedEntry"
        | "updateUnpublishedEntryStatus" | "publishUnpublishedEntry" => Err(Answer::error(
            422,
            "forhåndsvisningen lagrer rett i filene (publish_mode: simple); utkast på egne greiner finnes ikke her",
        )),
        other => Err(Answer::error(
            422,
            format!(
                "ukjent handling `{}`",
                other.chars().filter(|c| !c.is_control()).take(60).collect::<String>()
            ),
        )),
    }
}

/// Whether two paths name one file on disk (both exist and resolve alike).
fn is_same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn io_error(path: &str, e: &std::io::Error) -> Answer {
    Answer::error(409, format!("kunne ikke lagre {path}: {e}"))
}

/// What a checked path will be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    Delete,
    /// A folder to list.
    Folder,
}

/// The file a client's `path` names under `root`, or why it may not be
/// used: see the module comment.
pub fn resolve(root: &Path, path: &str, access: Access) -> Result<PathBuf, Answer> {
    let refuse = |why: &str| {
        Err(Answer::error(
            403,
            format!(
                "stien «{}» er ikke tillatt: {why}",
                path.chars()
                    .filter(|c| !c.is_control())
                    .take(200)
                    .collect::<String>()
            ),
        ))
    };
    let path = if access == Access::Folder {
        path.trim_end_matches('/')
    } else {
        path
    };
    if path.is_empty() || path.len() > 1024 {
        return refuse("tom eller for lang");
    }
    if path.contains(['\\', ':', '\0']) || path.starts_with('/') {
        return refuse("bare relative stier med / er lov");
    }
    let segments: Vec<&str> = path.split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return refuse("tomme ledd, . og .. er ikke lov");
    }
    // Names Windows reads as devices or as another name (`con.md`,
    // `steg.md.`): refused everywhere, so a site works the same on all.
    if segments.iter().any(|s| windows_special(s)) {
        return refuse("navnet er reservert i Windows, eller slutter med punktum eller mellomrom");
    }
    let media: Vec<&str> = MEDIA_FOLDER.split('/').collect();
    let (top, inside): (&[&str], bool) = if path == CONFIG_FILE {
        (&[CONFIG_FILE], true)
    } else if segments[0] == CONTENT_DIR {
        (
            &[CONTENT_DIR],
            segments.len() > 1 || access == Access::Folder,
        )
    } else if segments.starts_with(&media) {
        (
            &media,
            segments.len() > media.len() || access == Access::Folder,
        )
    } else {
        return refuse("bare filer i content/, static/bilder/ og site.yaml kan redigeres her");
    };
    if !inside {
        return refuse("mappen selv kan ikke brukes som fil");
    }
    if path == CONFIG_FILE && access == Access::Delete {
        return refuse("site.yaml kan ikke slettes");
    }
    let full = root.join(path);
    // The path with every symlink on the way followed must lie in the
    // folder it is allowed in, with that folder's symlinks followed too.
    let base = top.iter().fold(root.to_path_buf(), |p, s| p.join(s));
    let (Some(allowed), Some(real)) = (real_path(&base), real_path(&full)) else {
        return refuse("stien kan ikke leses");
    };
    // The folder itself may be a symlink, but not one leading out of the
    // site (as the build leaves such a static folder out).
    let site = real_path(root).unwrap_or_else(|| root.to_path_buf());
    if !real.starts_with(&allowed) || !allowed.starts_with(&site) {
        return refuse("den leder ut av mappen (en symbolsk lenke?)");
    }
    if matches!(access, Access::Write | Access::Delete) && full.is_dir() {
        return refuse("det er en mappe");
    }
    Ok(full)
}

/// A path segment Windows would not keep as written: a device name
/// (`con`, `nul`, `com1`, with or without an extension) or a name ending in
/// a dot or a space.
fn windows_special(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or("").to_ascii_lowercase();
    let device = matches!(
        stem.as_str(),
        "con" | "prn" | "aux" | "nul" | "conin$" | "conout$"
    ) || ((stem.starts_with("com") || stem.starts_with("lpt"))
        && stem.len() == 4
        && stem.as_bytes()[3].is_ascii_digit());
    device || segment.ends_with(['.', ' '])
}

/// A media file to write: in the media folder only, so an upload can
/// neither replace a page nor go round the period-only rule for site.yaml.
fn resolve_media(root: &Path, path: &str) -> Result<PathBuf, Answer> {
    if !path.starts_with(&format!("{MEDIA_FOLDER}/")) {
        return Err(Answer::error(
            403,
            format!("bilder og filer lastes opp til {MEDIA_FOLDER}/"),
        ));
    }
    resolve(root, path, Access::Write)
}

/// `path` with its deepest existing part canonicalised (symlinks
/// followed) and the rest, which does not exist yet, added as it is.
fn real_path(path: &Path) -> Option<PathBuf> {
    let existing = path.ancestors().find(|p| p.symlink_metadata().is_ok())?;
    let rest = path.strip_prefix(existing).ok()?;
    Some(existing.canonicalize().ok()?.join(rest))
}

/// Files under `dir` (shown as `shown/...`) with `extension`, `depth`
/// folders deep; not folders, not symlinks, not names starting with `.`
/// or `_` (a guide's `_guide.md` and the front page are edited in a files
/// collection of their own).
fn list(dir: &Path, shown: &str, extension: &str, depth: u32, out: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(['.', '_']) {
            continue;
        }
        let Ok(kind) = e.file_type() else { continue };
        let rel = format!("{shown}/{name}");
        if kind.is_dir() {
            list(&e.path(), &rel, extension, depth - 1, out);
        } else if kind.is_file() && name.ends_with(extension) {
            out.push(rel);
        }
    }
}

fn id(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// An entry as Decap reads it: the file's text, or `null` when it cannot
/// be read.
fn entry(root: &Path, path: &str, label: Option<&str>) -> Value {
    let read = readable(root, path).map(std::fs::read);
    match read.and_then(Result::ok).ok_or(()) {
        Ok(bytes) => json!({
            "data": String::from_utf8_lossy(&bytes),
            "file": { "path": path, "label": label, "id": id(&bytes) },
        }),
        Err(_) => json!({
            "data": Value::Null,
            "file": { "path": path, "label": label, "id": Value::Null },
        }),
    }
}

fn media_file(root: &Path, path: &str) -> Result<Value, Answer> {
    let bytes = std::fs::read(root.join(path))
        .map_err(|_| Answer::error(404, format!("fant ikke {path}")))?;
    Ok(json!({
        "id": id(&bytes),
        "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
        "encoding": "base64",
        "path": path,
        "name": path.rsplit('/').next().unwrap_or(path),
    }))
}

fn decode(a: &Asset) -> Result<Vec<u8>, Answer> {
    if a.encoding != "base64" {
        return Err(Answer::error(422, "bare base64 er støttet"));
    }
    base64::engine::general_purpose::STANDARD
        .decode(a.content.as_bytes())
        .map_err(|_| Answer::error(422, "ugyldig base64"))
}

fn delete(root: &Path, path: &str) -> Result<(), Answer> {
    let full = resolve(root, path, Access::Delete)?;
    refuse_base_only(root, path, &full)?;
    let _ = std::fs::remove_file(full);
    Ok(())
}

/// A county edition's base, as the form sees it.
struct BaseView {
    /// The base site's folder.
    base: PathBuf,
    layers: Layers,
}

impl BaseView {
    /// Whether the base's file at `path` (from the site's folder) shows
    /// in the site: not hidden with `hide:`.
    fn shows(&self, path: &str) -> bool {
        path.strip_prefix(&format!("{CONTENT_DIR}/"))
            .is_none_or(|key| !self.layers.hides(key))
    }

    /// The base's file at `path`, when the site has none of its own, the
    /// base has it and shows it, and it does not lead out of the base.
    fn file(&self, root: &Path, path: &str) -> Option<PathBuf> {
        if std::fs::symlink_metadata(root.join(path)).is_ok() || !self.shows(path) {
            return None;
        }
        let full = resolve(&self.base, path, Access::Read).ok()?;
        full.is_file().then_some(full)
    }
}

/// The base of the site at `root`, if site.yaml names one that can be used.
fn base_of(root: &Path) -> Option<BaseView> {
    let layers = Layers::find(root).ok()?;
    let base = layers.base.as_ref()?.root.clone();
    Some(BaseView { base, layers })
}

/// The file to read for `path`: the site's own, else its base's.
fn readable(root: &Path, path: &str) -> Option<PathBuf> {
    match base_of(root).and_then(|b| b.file(root, path)) {
        Some(base_file) => Some(base_file),
        // The site's own file, checked like every path (a symlink leading
        // out of the site is not read).
        None => resolve(root, path, Access::Read).ok(),
    }
}

/// A base's file the site does not have cannot be deleted or moved from
/// the form: `hide:` leaves it out.
fn refuse_base_only(root: &Path, path: &str, full: &Path) -> Result<(), Answer> {
    if !full.exists() && base_of(root).is_some_and(|b| b.file(root, path).is_some()) {
        return Err(Answer::error(
            403,
            format!("{path} kommer fra grunnlaget og kan ikke slettes her; skriv den under `hide:` i site.yaml for å la den være ute"),
        ));
    }
    Ok(())
}

/// Writes through a temporary file in the same folder and a rename, so the
/// watcher (and a reader) never sees half a file. The temporary name has no
/// extension, so no stage reads it as content.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("ingen mappe"))?;
    std::fs::create_dir_all(dir)?;
    // A new file of a name nobody can guess, never one already there: a
    // symlink planted at a predictable name would have been followed.
    let (tmp, mut f) = (0..16)
        .find_map(|_| {
            let n = std::collections::hash_map::RandomState::new()
                .hash_one((N.fetch_add(1, Ordering::Relaxed), std::process::id()));
            let tmp = dir.join(format!(".stegvis-lagrer-{n:016x}"));
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .ok()
                .map(|f| (tmp, f))
        })
        .ok_or_else(|| std::io::Error::other("fant ikke et ledig navn for en midlertidig fil"))?;
    let written = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// `raw` (a Markdown file as Decap wrote it) without the front-matter
/// lines of fields the form left empty (`reviewed: ''`, `slug: ""`,
/// `lang: null`): a field cleared in the form (Decap's «Nullstill», an
/// emptied text box) means «not set», as if the line were not there, not
/// an empty value that stegvis would refuse. Only whole `key: ''` lines
/// of a mapping go (not a list item's first line, not lines inside a
/// multi-line text); the body is never touched.
pub fn drop_empty_fields(raw: &str) -> String {
    let Some(rest) = raw.strip_prefix("---\n") else {
        return raw.to_string();
    };
    let Some(end) = rest
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| rest.ends_with("\n---").then(|| rest.len() - 3))
    else {
        return raw.to_string();
    };
    let (yaml, after) = rest.split_at(end);
    let mut out = String::from("---\n");
    // Inside a block scalar (`key: |`), lines more indented than its key.
    let mut block: Option<usize> = None;
    for line in yaml.split_inclusive('\n') {
        let text = line.trim_end_matches('\n');
        let indent = text.len() - text.trim_start().len();
        if let Some(b) = block {
            if text.trim().is_empty() || indent > b {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let body = text.trim_start();
        if let Some((key, value)) = body.split_once(':') {
            let value = value.trim();
            let plain_key =
                !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            // (`key:` with nothing after it opens a nested block: kept.)
            if plain_key && matches!(value, "''" | "\"\"" | "null" | "~") {
                continue;
            }
            if value.starts_with(['|', '>']) {
                block = Some(indent);
            }
        }
        out.push_str(line);
    }
    out.push_str(after);
    out
}

/// The period keys the form edits, in the order written into a new block.
const PERIOD_KEYS: [&str; 4] = ["name", "election", "constituted", "council_meeting"];

/// `old` (site.yaml as it is) with the `period:` values of `new` (site.yaml
/// as Decap wrote it): each key's line replaced, added or removed; every
/// other line, comments included, kept.
pub fn merge_period(old: &str, new: &str) -> Result<String, Answer> {
    #[derive(Deserialize)]
    struct Doc {
        #[serde(default)]
        period: Option<serde_json::Map<String, Value>>,
    }
    let doc: Doc = crate::content::yaml::from_str(new).map_err(|e| {
        Answer::error(
            422,
            format!("ugyldig site.yaml fra skjemaet: {}", e.message),
        )
    })?;
    let period = doc.period.unwrap_or_default();
    let value = |key: &str| -> Option<String> {
        match period.get(key)? {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(scalar(s)),
            other => Some(scalar(&other.to_string())),
        }
    };
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.trim_end() == "period:" || l.starts_with("period:"));
    let mut out = String::new();
    let Some(start) = start else {
        out.push_str(old);
        if !old.is_empty() && !old.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("period:\n");
        for key in PERIOD_KEYS {
            if let Some(v) = value(key) {
                out.push_str(&format!("  {key}: {v}\n"));
            }
        }
        return Ok(out);
    };
    if lines[start].trim_end() != "period:" && !lines[start][7..].trim_start().starts_with('#') {
        return Err(Answer::error(
            422,
            "period: står på én linje i site.yaml; skriv den over flere linjer (eller endre den i en teksteditor)",
        ));
    }
    // The block: the lines after `period:` that are indented, blank or
    // comments, up to the next top-level key.
    let end = (start + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            !(l.trim().is_empty() || l.starts_with([' ', '\t']) || l.starts_with('#'))
        })
        .unwrap_or(lines.len());
    // Comments just above the next key belong to it, not to the period.
    let mut block_end = end;
    while block_end > start + 1 && {
        let l = lines[block_end - 1];
        l.trim().is_empty() || l.starts_with('#')
    } {
        block_end -= 1;
    }
    let key_of = |l: &str| -> Option<(String, String)> {
        let indent: String = l.chars().take_while(|c| *c == ' ').collect();
        let rest = l[indent.len()..].trim_end();
        let (k, _) = rest.split_once(':')?;
        PERIOD_KEYS.contains(&k).then(|| (k.to_string(), indent))
    };
    let mut indent = "  ".to_string();
    let mut seen = Vec::new();
    let mut body = String::new();
    for l in &lines[start + 1..block_end] {
        match key_of(l) {
            Some((k, ind)) => {
                indent = ind.clone();
                seen.push(k.clone());
                if let Some(v) = value(&k) {
                    body.push_str(&format!("{ind}{k}: {v}\n"));
                }
            }
            None => body.push_str(l),
        }
    }
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    for key in PERIOD_KEYS {
        if !seen.iter().any(|s| s == key) {
            if let Some(v) = value(key) {
                body.push_str(&format!("{indent}{key}: {v}\n"));
            }
        }
    }
    for l in &lines[..=start] {
        out.push_str(l);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&body);
    for l in &lines[block_end..] {
        out.push_str(l);
    }
    Ok(out)
}

/// A period value as written in site.yaml: a date bare, anything else in
/// double quotes (JSON's escaping is YAML's).
fn scalar(s: &str) -> String {
    let s = s.trim();
    let date = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if date {
        s.to_string()
    } else {
        Value::String(s.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/g")).unwrap();
        std::fs::write(
            dir.path().join("content/g/01-a.md"),
            "---\ntitle: A\n---\nTekst\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("content/g/_guide.md"),
            "---\ntitle: G\n---\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: x\n").unwrap();
        dir
    }

    fn call(root: &Path, v: Value) -> Answer {
        answer(root, v.to_string().as_bytes())
    }

    /// `<tmp>/nasjonal` (the site above, two steps and one hidden) and
    /// `<tmp>/fylke` built on it, with a step of its own.
    fn county() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let national = dir.path().join("nasjonal");
        std::fs::create_dir_all(national.join("content/g")).unwrap();
        for (f, t) in [
            ("content/g/_guide.md", "---\ntitle: G\n---\n"),
            ("content/g/01-a.md", "---\ntitle: A\n---\nNasjonal\n"),
            ("content/g/02-b.md", "---\ntitle: B\n---\nNasjonal\n"),
            ("content/g/03-c.md", "---\ntitle: C\n---\nSkjult\n"),
            ("site.yaml", "title: x\n"),
        ] {
            std::fs::write(national.join(f), t).unwrap();
        }
        let county = dir.path().join("fylke");
        std::fs::create_dir_all(county.join("content/g")).unwrap();
        std::fs::write(
            county.join("site.yaml"),
            "base: ../nasjonal\nhide:\n  - g/03-c.md\ntitle: y\n",
        )
        .unwrap();
        std::fs::write(
            county.join("content/g/02-b.md"),
            "---\ntitle: B\n---\nFylke\n",
        )
        .unwrap();
        std::fs::write(
            county.join("content/g/02a-egen.md"),
            "---\ntitle: E\n---\nEgen\n",
        )
        .unwrap();
        (dir, county)
    }

    #[test]
    fn a_county_sees_the_national_steps_and_saving_one_makes_its_own_copy() {
        let (_dir, root) = county();
        let a = call(
            &root,
            json!({"action": "entriesByFolder", "params": {"folder": "content/g", "extension": "md", "depth": 1}}),
        );
        assert_eq!(a.status, 200, "{a:?}");
        let v: Value = serde_json::from_str(&a.json).unwrap();
        let listed: Vec<(&str, &str)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["file"]["path"].as_str().unwrap(),
                    e["data"].as_str().unwrap(),
                )
            })
            .collect();
        // The national step, the county's own copy over the national one,
        // the county's own step; not the hidden one.
        assert_eq!(
            listed,
            [
                ("content/g/01-a.md", "---\ntitle: A\n---\nNasjonal\n"),
                ("content/g/02-b.md", "---\ntitle: B\n---\nFylke\n"),
                ("content/g/02a-egen.md", "---\ntitle: E\n---\nEgen\n"),
            ]
        );
        // Saving the national step writes the county's copy; the national
        // file stays as it was.
        let a = call(
            &root,
            json!({"action": "persistEntry", "params": {"entry": {"path": "content/g/01-a.md", "raw": "---\ntitle: A i fylket\n---\nNasjonal\n"}, "assets": []}}),
        );
        assert_eq!(a.status, 200, "{a:?}");
        assert!(std::fs::read_to_string(root.join("content/g/01-a.md"))
            .unwrap()
            .contains("A i fylket"));
        assert_eq!(
            std::fs::read_to_string(root.join("../nasjonal/content/g/01-a.md")).unwrap(),
            "---\ntitle: A\n---\nNasjonal\n"
        );
        // A national file the county does not have cannot be deleted here.
        std::fs::remove_file(root.join("content/g/01-a.md")).unwrap();
        let a = call(
            &root,
            json!({"action": "deleteFile", "params": {"path": "content/g/01-a.md"}}),
        );
        assert_eq!(a.status, 403, "{a:?}");
        assert!(a.json.contains("hide:"), "{a:?}");
        // Nor read past the base's folder.
        let a = call(
            &root,
            json!({"action": "getEntry", "params": {"path": "content/g/03-c.md"}}),
        );
        let v: Value = serde_json::from_str(&a.json).unwrap();
        assert_eq!(
            v["data"],
            Value::Null,
            "a hidden step is not offered: {a:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_county_symlink_leading_out_is_not_read_even_where_the_base_has_the_file() {
        let (dir, root) = county();
        let secret = dir.path().join("hemmelig.txt");
        std::fs::write(&secret, "HEMMELIG").unwrap();
        std::os::unix::fs::symlink(&secret, root.join("content/g/01-a.md")).unwrap();
        let a = call(
            &root,
            json!({"action": "entriesByFolder", "params": {"folder": "content/g", "extension": "md", "depth": 1}}),
        );
        assert!(!a.json.contains("HEMMELIG"), "{a:?}");
        let a = call(
            &root,
            json!({"action": "getEntry", "params": {"path": "content/g/01-a.md"}}),
        );
        assert!(!a.json.contains("HEMMELIG"), "{a:?}");
    }

    #[test]
    fn windows_names_are_refused_and_a_failed_save_writes_nothing() {
        let dir = site();
        for bad in [
            "content/g/con.md",
            "content/g/NUL",
            "content/g/com1.md",
            "content/g/a.md.",
            "content/g/a.md ",
        ] {
            let a = call(
                dir.path(),
                json!({"action": "persistEntry", "params": {"entry": {"path": bad, "raw": "x"}, "assets": []}}),
            );
            assert_eq!(a.status, 403, "{bad}: {a:?}");
        }
        assert!(!windows_special("console.md") && !windows_special("com10.md"));
        // The second file cannot be saved (site.yaml from the form that is
        // not YAML): the first is not written either.
        let a = call(
            dir.path(),
            json!({"action": "persistEntry", "params": {"dataFiles": [
                {"slug": "a", "path": "content/g/01-a.md", "raw": "---\ntitle: Endret\n---\n"},
                {"slug": "s", "path": "site.yaml", "raw": "period: [\n"}
            ], "assets": []}}),
        );
        assert!((400..500).contains(&a.status), "{a:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/g/01-a.md")).unwrap(),
            "---\ntitle: A\n---\nTekst\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_move_to_the_same_file_keeps_it() {
        let dir = site();
        let a = call(
            dir.path(),
            json!({"action": "persistEntry", "params": {"entry": {"path": "content/g/01-a.md", "newPath": "content/g/./01-a.md", "raw": "x"}, "assets": []}}),
        );
        // `.` segments are refused outright; a real same-file move:
        assert_eq!(a.status, 403, "{a:?}");
        std::os::unix::fs::symlink("01-a.md", dir.path().join("content/g/lenke.md")).ok();
        assert!(is_same_file(
            &dir.path().join("content/g/lenke.md"),
            &dir.path().join("content/g/01-a.md")
        ));
        assert!(!is_same_file(
            &dir.path().join("content/g/finnes-ikke.md"),
            &dir.path().join("content/g/01-a.md")
        ));
    }

    #[cfg(unix)]
    #[test]
    fn the_temporary_file_never_follows_a_planted_link() {
        let dir = site();
        let victim = dir.path().join("offer.txt");
        std::fs::write(&victim, "urørt").unwrap();
        // Every name a counter-based scheme would pick first.
        for n in 0..4 {
            let _ = std::os::unix::fs::symlink(
                &victim,
                dir.path().join(format!(
                    "content/g/.stegvis-lagrer-{}-{n}",
                    std::process::id()
                )),
            );
        }
        write_atomic(&dir.path().join("content/g/02-b.md"), b"ny").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "urørt");
        assert!(
            !std::fs::symlink_metadata(dir.path().join("content/g/02-b.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn lists_reads_and_writes_entries() {
        let dir = site();
        let a = call(
            dir.path(),
            json!({"action": "entriesByFolder", "params": {"folder": "content/g", "extension": "md", "depth": 1}}),
        );
        assert_eq!(a.status, 200, "{a:?}");
        let v: Value = serde_json::from_str(&a.json).unwrap();
        let paths: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["file"]["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["content/g/01-a.md"], "_guide.md is not a step");
        assert!(v[0]["data"].as_str().unwrap().contains("title: A"));
        let a = call(
            dir.path(),
            json!({"action": "persistEntry", "params": {"dataFiles": [{"slug": "a", "path": "content/g/01-a.md", "raw": "---\ntitle: B\n---\nNy\n"}], "assets": [], "options": {}}}),
        );
        assert_eq!(a.status, 200, "{a:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/g/01-a.md")).unwrap(),
            "---\ntitle: B\n---\nNy\n"
        );
        // No temporary file is left.
        let left: Vec<_> = std::fs::read_dir(dir.path().join("content/g"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[test]
    fn paths_outside_are_refused_and_nothing_is_written() {
        let dir = site();
        for bad in [
            "../x.md",
            "/etc/passwd",
            "content/../site.yaml",
            "content/g/../../x",
            "content\\g\\x.md",
            "templates/base.html",
            "static/x.js",
            "content",
            "content//x.md",
            "content/./x.md",
            "C:/x.md",
            "site.yaml/x",
            "",
            "content/g/x\0.md",
        ] {
            let a = call(
                dir.path(),
                json!({"action": "persistEntry", "params": {"dataFiles": [{"slug": "a", "path": bad, "raw": "x"}], "assets": []}}),
            );
            assert_eq!(a.status, 403, "{bad}: {a:?}");
            assert!(a.json.contains("\"error\""), "{a:?}");
            let a = call(
                dir.path(),
                json!({"action": "getEntry", "params": {"path": bad}}),
            );
            assert_eq!(a.status, 403, "{bad}: {a:?}");
        }
        assert!(!dir.path().join("x.md").exists());
        let a = call(
            dir.path(),
            json!({"action": "deleteFile", "params": {"path": "site.yaml"}}),
        );
        assert_eq!(a.status, 403);
        assert!(dir.path().join("site.yaml").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_cannot_lead_out() {
        let dir = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemmelig.md"), "hemmelig").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/ut")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("hemmelig.md"),
            dir.path().join("content/lenke.md"),
        )
        .unwrap();
        for path in [
            "content/ut/hemmelig.md",
            "content/ut/ny.md",
            "content/lenke.md",
        ] {
            let a = call(
                dir.path(),
                json!({"action": "getEntry", "params": {"path": path}}),
            );
            assert_eq!(a.status, 403, "{path}: {a:?}");
            let a = call(
                dir.path(),
                json!({"action": "persistEntry", "params": {"dataFiles": [{"slug": "a", "path": path, "raw": "x"}], "assets": []}}),
            );
            assert_eq!(a.status, 403, "{path}: {a:?}");
        }
        assert_eq!(
            std::fs::read_to_string(outside.path().join("hemmelig.md")).unwrap(),
            "hemmelig"
        );
        assert!(!outside.path().join("ny.md").exists());
    }

    #[test]
    fn garbage_gets_a_json_error() {
        let dir = site();
        for body in [
            "",
            "{",
            "[]",
            "{\"action\": 3}",
            "{\"action\": \"getEntry\"}",
            "{\"action\": \"getEntry\", \"params\": {\"path\": 5}}",
            "{\"action\": \"nope\"}",
            "{\"action\": \"unpublishedEntries\", \"params\": {}}",
        ] {
            let a = answer(dir.path(), body.as_bytes());
            assert!((400..500).contains(&a.status), "{body}: {a:?}");
            let v: Value = serde_json::from_str(&a.json).unwrap();
            assert!(v["error"].is_string(), "{body}: {a:?}");
        }
    }

    #[test]
    fn media_round_trip() {
        let dir = site();
        let a = call(
            dir.path(),
            json!({"action": "persistMedia", "params": {"asset": {"path": "static/bilder/kart.png", "content": "aGVp", "encoding": "base64"}, "options": {}}}),
        );
        assert_eq!(a.status, 200, "{a:?}");
        assert_eq!(
            std::fs::read(dir.path().join("static/bilder/kart.png")).unwrap(),
            b"hei"
        );
        let a = call(
            dir.path(),
            json!({"action": "getMedia", "params": {"mediaFolder": "static/bilder"}}),
        );
        let v: Value = serde_json::from_str(&a.json).unwrap();
        assert_eq!(v[0]["path"], "static/bilder/kart.png");
        assert_eq!(v[0]["content"], "aGVp");
        // An upload elsewhere is refused: it would go round the rules for
        // pages and site.yaml.
        for path in ["site.yaml", "content/g/01-a.md", "static/x.js"] {
            let a = call(
                dir.path(),
                json!({"action": "persistMedia", "params": {"asset": {"path": path, "content": "aGVp", "encoding": "base64"}}}),
            );
            assert_eq!(a.status, 403, "{path}: {a:?}");
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(),
            "title: x\n"
        );
    }

    #[test]
    fn fields_left_empty_in_the_form_are_left_out() {
        let raw = "---\ntitle: A\nreviewed: ''\nslug: \"\"\nlang: null\nlegal:\n  - law: pbl\n    requirement: ''\n    section: 10-1\nwhen:\n  start: constituted\n  end: ''\nsummary: |-\n  linje\n  note: ''\n---\nTekst med reviewed: ''\n";
        assert_eq!(
            drop_empty_fields(raw),
            "---\ntitle: A\nlegal:\n  - law: pbl\n    section: 10-1\nwhen:\n  start: constituted\nsummary: |-\n  linje\n  note: ''\n---\nTekst med reviewed: ''\n"
        );
        // Not front matter: as it is.
        assert_eq!(drop_empty_fields("Tekst\n"), "Tekst\n");
    }

    #[test]
    fn a_period_save_keeps_the_rest_of_site_yaml() {
        let old = "title: x\n# Perioden.\nperiod:\n  name: \"2027–2031\"\n  # valgdag\n  election: 2027-09-13\n  constituted: 2027-10-21\n  council_meeting: 2028-09-21\n# Farger.\nbranding:\n  name: Fylket # kommentar\n";
        let new = "title: x\nbranding:\n  name: Fylket\nperiod:\n  name: 2027–2031\n  election: 2027-09-14\n  constituted: 2027-10-21\n  council_meeting: \"\"\n";
        let merged = merge_period(old, new).unwrap();
        assert_eq!(
            merged,
            "title: x\n# Perioden.\nperiod:\n  name: \"2027–2031\"\n  # valgdag\n  election: 2027-09-14\n  constituted: 2027-10-21\n# Farger.\nbranding:\n  name: Fylket # kommentar\n"
        );
        // A period not there yet is added at the end.
        let merged = merge_period("title: x\n", new).unwrap();
        assert!(merged.ends_with("period:\n  name: \"2027–2031\"\n  election: 2027-09-14\n  constituted: 2027-10-21\n"), "{merged}");
        // A one-line period is not rewritten.
        assert_eq!(
            merge_period("period: {election: 2027-09-13}\n", new)
                .unwrap_err()
                .status,
            422
        );
    }
}
