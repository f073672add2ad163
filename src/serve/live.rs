//! The site kept in memory for the preview server, and rebuilt
//! incrementally: a change to one step re-reads that file, re-renders only
//! the bodies whose inputs changed, and re-renders only the pages that
//! depend on what changed (see [`crate::model::Site::dependents`]). A change
//! to `site.yaml`, a template or the theme renders everything again.
//!
//! The result after any sequence of changes is the same as a clean
//! [`crate::pipeline::render_site`] of the same files; the tests check that.
//! When a rebuild fails, the last good pages stay served and the errors are
//! kept for the browser's error overlay.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::layers::Layer;
use crate::content::load::{self, Document, LoadedContent, Slot};
use crate::markdown::Rendered;
use crate::model::{PageId, Site};
use crate::output::write::OutputFile;
use crate::pipeline::{self, Settings};
use crate::render::theme::AssetSource;
use crate::render::{self, PageRenderer};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{
    BASE_LOCK_FILE, CONFIG_FILE, CONTENT_DIR, HELP_FILE, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR,
};

/// One file of the served site.
#[derive(Debug, Clone)]
pub enum Served {
    Text(Arc<str>),
    Bytes(Arc<[u8]>),
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

impl Served {
    /// The bytes, read from disk where needed.
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        Ok(match self {
            Served::Text(t) => std::borrow::Cow::Borrowed(t.as_bytes()),
            Served::Bytes(b) => std::borrow::Cow::Borrowed(b),
            Served::Embedded(b) => std::borrow::Cow::Borrowed(b),
            Served::Disk(p) => std::borrow::Cow::Owned(std::fs::read(p)?),
        })
    }
}

fn served(file: &OutputFile) -> (String, Served) {
    match file {
        OutputFile::Text { path, text } => (path.clone(), Served::Text(Arc::from(text.as_str()))),
        OutputFile::Bytes { path, bytes } => (path.clone(), Served::Bytes(Arc::clone(bytes))),
        OutputFile::Asset(a) => (
            a.path.clone(),
            match &a.source {
                AssetSource::Disk(p) => Served::Disk(p.clone()),
                AssetSource::Embedded(b) => Served::Embedded(b),
            },
        ),
    }
}

/// What one rebuild did, for the `--verbose` log and the benchmarks.
#[derive(Debug, Clone)]
pub struct RebuildReport {
    /// Everything was rendered again.
    pub full: bool,
    pub bodies_rendered: usize,
    pub pages_rendered: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// What the last successful build looked like, to compare the next one with.
struct Good {
    page_paths: Vec<String>,
    targets_sig: u64,
    /// By source path: the file's content hash and its listing signature.
    docs: HashMap<PathBuf, (u64, u64)>,
    asset_paths: Vec<String>,
}

/// The last good build's model, with each document's index and headings.
struct Current {
    site: Site,
    bodies: Vec<Arc<Rendered>>,
    index_of: HashMap<PathBuf, usize>,
}

/// Rendered bodies by source path, each with the fingerprint of the inputs
/// it was rendered from: the pipeline takes a body from here when its
/// inputs are unchanged.
#[derive(Default)]
struct Bodies {
    by_path: HashMap<PathBuf, (u64, Arc<Rendered>)>,
    /// The fingerprint of every document of the model being built.
    fingerprints: Vec<u64>,
    targets_sig: u64,
}

impl pipeline::BodyCache for Bodies {
    fn begin(&mut self, site: &Site) {
        self.targets_sig = targets_signature(site);
        self.fingerprints = (0..site.docs.len())
            .map(|i| body_fingerprint(site, i, self.targets_sig))
            .collect();
        // Bodies of files that are gone are dropped.
        let live: HashSet<&PathBuf> = site.docs.iter().map(|d| &d.path).collect();
        self.by_path.retain(|p, _| live.contains(p));
    }

    fn get(&self, site: &Site, doc: usize) -> Option<Arc<Rendered>> {
        self.by_path
            .get(&site.docs[doc].path)
            .filter(|(fp, _)| *fp == self.fingerprints[doc])
            .map(|(_, body)| Arc::clone(body))
    }

    fn put(&mut self, site: &Site, doc: usize, body: &Arc<Rendered>) {
        self.by_path.insert(
            site.docs[doc].path.clone(),
            (self.fingerprints[doc], Arc::clone(body)),
        );
    }
}

/// The site in memory. See the module documentation.
pub struct LiveSite {
    root: PathBuf,
    /// `site.yaml` (pointed at the preview's address) and the theme, read
    /// again when one of their files changes.
    settings: Settings,
    base_url: String,
    /// Every content file, parsed or with its error.
    docs: BTreeMap<PathBuf, (Slot, Result<Document, Diagnostic>)>,
    discover_diags: Vec<Diagnostic>,
    bodies: Bodies,
    good: Option<Good>,
    /// The model and bodies of the last good build, for the fast path.
    current: Option<Current>,
    /// The last good site, ready to serve (shared with the server).
    files: Arc<RwLock<HashMap<String, Served>>>,
    /// The errors of the last attempt, if it failed.
    errors: Option<Diagnostics>,
    /// Links in the served pages that lead nowhere, by page (what `check`
    /// finds in the rendered pages); kept up to date page by page.
    link_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// Something changed that calls for rendering every page.
    pending_full: bool,
    /// A county edition's warnings on its base (`base-changed`, …) from the
    /// last good build: the overlay shows them as `check` does.
    base_warnings: Vec<Diagnostic>,
}

/// Which part of a site a changed path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    Config,
    Theme,
    Static,
    Content,
    /// `base-lock.yaml`: changes only the warnings on the base.
    BaseLock,
    Other,
}

/// Classifies a path relative to the site root.
pub fn area_of(rel: &Path) -> Area {
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    if rel == Path::new(CONTENT_DIR).join(HELP_FILE) {
        // Read with site.yaml: both are settings of the whole site.
        return Area::Config;
    }
    match first.as_str() {
        CONFIG_FILE => Area::Config,
        BASE_LOCK_FILE => Area::BaseLock,
        TEMPLATES_DIR | THEMES_DIR => Area::Theme,
        STATIC_DIR => Area::Static,
        CONTENT_DIR => Area::Content,
        _ => Area::Other,
    }
}

impl LiveSite {
    /// Loads and renders the whole site; errors are kept, not returned, so
    /// the server can start on a broken site and show what is wrong.
    pub fn new(root: &Path, base_url: &str) -> LiveSite {
        let mut me = LiveSite {
            root: root.to_path_buf(),
            settings: Settings::load(root, Some(base_url)),
            base_url: base_url.to_string(),
            docs: BTreeMap::new(),
            discover_diags: Vec::new(),
            bodies: Bodies::default(),
            good: None,
            current: None,
            files: Arc::new(RwLock::new(HashMap::new())),
            errors: None,
            link_problems: BTreeMap::new(),
            pending_full: true,
            base_warnings: Vec::new(),
        };
        me.rescan_content(&[], true);
        let _ = me.attempt();
        me
    }

    /// The last good site, shared: it is updated in place by rebuilds.
    pub fn files(&self) -> Arc<RwLock<HashMap<String, Served>>> {
        Arc::clone(&self.files)
    }

    /// A copy of the last good site's files.
    pub fn snapshot(&self) -> HashMap<String, Served> {
        self.files
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How to index the site being served for search, if the last good
    /// build's `site.yaml` wants a search index (`search: true`). The index
    /// itself is built on demand by the server, from [`LiveSite::files`].
    pub fn search_settings(&self) -> Option<crate::output::search::LiveSettings> {
        let site = &self.current.as_ref()?.site;
        site.config
            .search
            .then(|| crate::output::search::LiveSettings {
                site_title: site.config.title.clone(),
                skip: site
                    .page_ids()
                    .into_iter()
                    .filter(|&id| !site.is_public(id))
                    .map(|id| site.output_path(id))
                    .collect(),
            })
    }

    /// The errors of the last attempt, if it failed.
    /// What the error overlay shows: the errors of the last attempt, else
    /// the links in the served pages that lead nowhere (as `check` reports
    /// them) and a county edition's warnings on its base; None when there
    /// is nothing.
    pub fn problems(&self) -> Option<Diagnostics> {
        if let Some(e) = &self.errors {
            return Some(e.clone());
        }
        let mut links: Vec<Diagnostic> = self.link_problems.values().flatten().cloned().collect();
        links.extend(self.base_warnings.iter().cloned());
        (!links.is_empty()).then(|| {
            let mut d = Diagnostics::from(links);
            d.sort();
            d
        })
    }

    /// Checks the links of the served pages `only` (every page when None)
    /// and keeps what it finds, by page.
    fn refresh_link_problems(&mut self, only: Option<&[String]>) {
        let Some(current) = &self.current else {
            return;
        };
        let files = self.files.read().unwrap_or_else(PoisonError::into_inner);
        let texts: HashMap<&str, &str> = files
            .iter()
            .filter_map(|(k, v)| match v {
                Served::Text(t) if k.ends_with(".html") => Some((k.as_str(), &**t)),
                _ => None,
            })
            .collect();
        let all: HashSet<&str> = files.keys().map(String::as_str).collect();
        let only_set: Option<HashSet<&str>> = only.map(|o| o.iter().map(String::as_str).collect());
        let found = crate::check::page_link_checks(&current.site, &texts, &all, only_set.as_ref());
        match &only_set {
            None => self.link_problems.clear(),
            Some(o) => self
                .link_problems
                .retain(|page, _| !o.contains(page.as_str())),
        }
        self.link_problems
            .retain(|page, _| files.contains_key(page));
        for (page, d) in found {
            self.link_problems.entry(page).or_default().push(d);
        }
    }

    pub fn errors(&self) -> Option<&Diagnostics> {
        self.errors.as_ref()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the site's files come from (its base's folder, if any).
    pub fn layers(&self) -> &crate::content::layers::Layers {
        &self.settings.layers
    }

    /// Applies changes to the given paths (relative to the root, or
    /// absolute under it) and rebuilds what they affect.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<RebuildReport, Diagnostics> {
        let rels: Vec<PathBuf> = changed
            .iter()
            .map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf())
            .collect();
        let layers = self.settings.layers.clone();
        let area = |p: &Path| area_of(layers.locate(p).1);
        let areas: BTreeSet<Area> = rels.iter().map(|p| area(p)).collect();
        if areas.contains(&Area::Config) {
            self.settings = Settings::load(&self.root, Some(&self.base_url));
            self.pending_full = true;
            if self.settings.layers.base != layers.base || self.settings.layers.hide != layers.hide
            {
                // Another base, or other pages hidden: every file again.
                self.rescan_content(&[], true);
                return self.attempt();
            }
        } else if areas.contains(&Area::Theme) || areas.contains(&Area::Static) {
            self.settings.reload_theme();
            if areas.contains(&Area::Theme) {
                self.pending_full = true;
            }
        }
        if areas.contains(&Area::Content) {
            let content: Vec<PathBuf> = rels
                .iter()
                .filter(|p| area(p) == Area::Content)
                .cloned()
                .collect();
            if areas.len() == 1 {
                if let Some(result) = self.try_body_only(&content) {
                    return result;
                }
            }
            self.rescan_content(&content, false);
        }
        self.attempt()
    }

    /// The common case while writing: files that already existed changed
    /// only below their front matter. Then the model stays as it is, and
    /// only their bodies and the pages showing them are rendered again —
    /// work proportional to the change, not to the site. None when the
    /// change is anything else (the caller then takes the full path).
    fn try_body_only(&mut self, changed: &[PathBuf]) -> Option<Result<RebuildReport, Diagnostics>> {
        let started = Instant::now();
        if self.pending_full || self.errors.is_some() || self.good.is_none() {
            return None;
        }
        let current = self.current.as_ref()?;
        // Every path must be a known, readable document whose front matter
        // is unchanged.
        let mut updates = Vec::with_capacity(changed.len());
        for path in changed {
            let i = *current.index_of.get(path)?;
            let (slot, _) = self.docs.get(path)?;
            let doc = load::load_document(&self.settings.layers, path, slot).ok()?;
            let old = &current.site.docs[i];
            if doc.yaml != old.yaml || doc.body_line != old.body_line {
                return None;
            }
            updates.push((i, doc));
        }
        let current = self.current.as_mut()?;
        for (i, doc) in &updates {
            if let Some(entry) = self.docs.get_mut(&doc.path) {
                entry.1 = Ok(doc.clone());
            }
            current.site.docs[*i] = doc.clone();
        }
        let site = &current.site;
        let targets_sig = self.good.as_ref().map_or(0, |g| g.targets_sig);
        let mut headings_changed = false;
        let mut changed_docs = Vec::new();
        for (i, _) in &updates {
            let fp = body_fingerprint(site, *i, targets_sig);
            let path = &site.docs[*i].path;
            if self
                .bodies
                .by_path
                .get(path)
                .is_some_and(|(old, _)| *old == fp)
            {
                continue;
            }
            let rendered = Arc::new(pipeline::render_body(site, *i));
            headings_changed |= current.bodies[*i].headings != rendered.headings;
            current.bodies[*i] = Arc::clone(&rendered);
            self.bodies.by_path.insert(path.clone(), (fp, rendered));
            changed_docs.push(*i);
        }
        // Ids made unique across a guide, as a clean build makes them: from
        // every body as rendered (the cache keeps them before the pass), so
        // an id that a clash no longer forces goes back to its own. A body
        // whose ids come out otherwise than shown counts as changed.
        let shown = current.bodies.clone();
        for (i, d) in site.docs.iter().enumerate() {
            if let Some((_, raw)) = self.bodies.by_path.get(&d.path) {
                current.bodies[i] = Arc::clone(raw);
            }
        }
        pipeline::unique_check_ids(site, &mut current.bodies);
        for (i, before) in shown.iter().enumerate() {
            let now = &current.bodies[i];
            let same = Arc::ptr_eq(before, now)
                || (before.html == now.html && before.checklist == now.checklist);
            if same {
                current.bodies[i] = Arc::clone(before);
            } else if !changed_docs.contains(&i) {
                changed_docs.push(i);
            }
        }
        // Problems: the changed bodies' own, and links into them if their
        // headings moved.
        let mut diags = Diagnostics::default();
        let anchors = pipeline::check_anchors(site, &current.bodies);
        if headings_changed {
            diags.extend(anchors);
        } else {
            diags.extend(anchors.into_iter().filter(|d| {
                changed_docs
                    .iter()
                    .any(|&i| d.file.as_deref() == Some(site.docs[i].path.as_path()))
            }));
        }
        for &i in &changed_docs {
            diags.extend(pipeline::body_problems(site, &current.bodies, i));
        }
        if diags.has_errors() {
            diags.sort();
            // The full path recomputes everything from here on.
            self.pending_full = true;
            self.errors = Some(diags.clone());
            return Some(Err(diags));
        }
        let theme = self.settings.theme.as_ref().ok()?;
        let mut ids: BTreeSet<PageId> = BTreeSet::new();
        for &i in &changed_docs {
            let listing_changed = self
                .good
                .as_ref()
                .and_then(|g| g.docs.get(&site.docs[i].path))
                .is_none_or(|(_, l)| *l != listing_signature(site, &current.bodies, i));
            ids.extend(site.dependents(i, listing_changed));
        }
        let ids: Vec<PageId> = ids.into_iter().collect();
        let renderer = PageRenderer::new(&theme.templates, site, &current.bodies);
        let pages = match render::render_all(&renderer, &ids) {
            Ok(p) => p,
            Err(d) => {
                self.pending_full = true;
                self.errors = Some(d.clone());
                return Some(Err(d));
            }
        };
        let pages_rendered = pages.len();
        let rendered_paths: Vec<String> = pages.iter().map(|(_, path, _)| path.clone()).collect();
        {
            let mut files = self.files.write().unwrap_or_else(PoisonError::into_inner);
            for (_, path, html) in pages {
                files.insert(path, Served::Text(Arc::from(html)));
            }
        }
        if let Some(good) = self.good.as_mut() {
            for &i in &changed_docs {
                let d = &site.docs[i];
                good.docs.insert(
                    d.path.clone(),
                    (d.content_hash, listing_signature(site, &current.bodies, i)),
                );
            }
        }
        // A page's links change with the page; links into a page whose
        // headings moved are checked again everywhere.
        let only = (!headings_changed).then_some(rendered_paths.as_slice());
        self.refresh_link_problems(only);
        self.errors = None;
        Some(Ok(RebuildReport {
            full: false,
            bodies_rendered: changed_docs.len(),
            pages_rendered,
            elapsed: started.elapsed(),
            warnings: Diagnostics::default(),
        }))
    }

    /// Re-lists `content/` and (re)loads new files and the `changed` ones.
    fn rescan_content(&mut self, changed: &[PathBuf], everything: bool) {
        let mut diags = Diagnostics::default();
        let found = load::discover(&self.settings.layers, &mut diags);
        self.discover_diags = diags.into_vec();
        let changed: HashSet<&PathBuf> = changed.iter().collect();
        let listed: HashSet<&PathBuf> = found.iter().map(|(p, _)| p).collect();
        self.docs.retain(|p, _| listed.contains(p));
        let to_load: Vec<(PathBuf, Slot)> = found
            .into_iter()
            .filter(|(p, slot)| {
                everything
                    || changed.contains(p)
                    || self.docs.get(p).is_none_or(|(old, _)| old != slot)
            })
            .collect();
        let loaded: Vec<(PathBuf, Slot, Result<Document, Diagnostic>)> = to_load
            .into_par_iter()
            .map(|(p, slot)| {
                let doc = load::load_document(&self.settings.layers, &p, &slot);
                (p, slot, doc)
            })
            .collect();
        for (p, slot, doc) in loaded {
            self.docs.insert(p, (slot, doc));
        }
    }

    /// Builds from the current inputs; on success swaps in the new files.
    fn attempt(&mut self) -> Result<RebuildReport, Diagnostics> {
        let started = Instant::now();
        let result = self.try_build(started);
        match &result {
            Ok(_) => self.errors = None,
            Err(d) => self.errors = Some(d.clone()),
        }
        result
    }

    /// A full pass through the pipeline from the files in memory: bodies
    /// whose inputs are unchanged come from [`Bodies`], and only the pages
    /// whose sources changed are rendered again (all of them after a change
    /// to the settings or the set of pages).
    fn try_build(&mut self, started: Instant) -> Result<RebuildReport, Diagnostics> {
        let trace = std::env::var_os("STEGVIS_TRACE_REBUILD").is_some();
        let lap = |what: &str| {
            if trace {
                eprintln!(
                    "  {what}: {:.2} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
        };
        let content = self.loaded_content();
        lap("docs cloned");
        let prepared = pipeline::prepare(
            &self.settings,
            content,
            &mut self.bodies,
            pipeline::Markdown::Keep,
        );
        lap("model and bodies");
        let ready = prepared.ready().map_err(|f| f.diagnostics)?;
        let bodies_rendered = ready.rendered.len();
        let changed_bodies: HashSet<usize> = ready.rendered.iter().copied().collect();
        let mut diags = ready.warnings.clone();
        let site = &ready.site;
        let targets_sig = self.bodies.targets_sig;

        // Which pages to render.
        let ids = site.page_ids();
        let page_paths: Vec<String> = ids.iter().map(|id| site.output_path(*id)).collect();
        let listings: Vec<u64> = (0..site.docs.len())
            .map(|i| listing_signature(site, &ready.bodies, i))
            .collect();
        let (full, to_render) = self.pages_to_render(
            site,
            &ids,
            &page_paths,
            &listings,
            &changed_bodies,
            targets_sig,
        );

        lap("pages chosen");
        let pages = render::render_all(&ready.renderer(), &to_render)?;
        let pages_rendered = pages.len();
        let rendered_paths: Vec<String> = pages.iter().map(|(_, path, _)| path.clone()).collect();
        lap("pages rendered");

        // The new file set.
        let page_set: HashSet<String> = page_paths.iter().cloned().collect();
        let (extra, shadowed) = ready.extra_files(&page_set, false);
        diags.extend(shadowed);
        let mut files_guard = self.files.write().unwrap_or_else(PoisonError::into_inner);
        let files: &mut HashMap<String, Served> = &mut files_guard;
        if full {
            files.clear();
        }
        if let Some(g) = &self.good {
            for a in &g.asset_paths {
                files.remove(a);
            }
        }
        let mut asset_paths = Vec::new();
        for f in &extra {
            let (path, s) = served(f);
            if matches!(f, OutputFile::Asset(_)) {
                asset_paths.push(path.clone());
            }
            files.insert(path, s);
        }
        for (_, path, html) in pages {
            files.insert(path, Served::Text(Arc::from(html)));
        }

        self.good = Some(Good {
            page_paths,
            targets_sig,
            docs: site
                .docs
                .iter()
                .enumerate()
                .map(|(i, d)| (d.path.clone(), (d.content_hash, listings[i])))
                .collect(),
            asset_paths,
        });
        drop(files_guard);
        lap("files updated");
        self.current = Some(Current {
            index_of: site
                .docs
                .iter()
                .enumerate()
                .map(|(i, d)| (d.path.clone(), i))
                .collect(),
            site: ready.site,
            bodies: ready.bodies,
        });
        self.pending_full = false;
        // Links are checked again on the pages rendered again; all of them
        // when every page was (the set of pages or link targets changed).
        self.refresh_link_problems((!full).then_some(rendered_paths.as_slice()));
        diags.sort();
        self.base_warnings = diags
            .0
            .iter()
            .filter(|d| d.code.starts_with("base-"))
            .cloned()
            .collect();
        Ok(RebuildReport {
            full,
            bodies_rendered,
            pages_rendered,
            elapsed: started.elapsed(),
            warnings: diags,
        })
    }

    /// Which pages a rebuild renders: all of them after a change to the
    /// settings, the set of pages or the link targets; else those showing
    /// a document whose file or body changed (and, where its listing
    /// changed, the pages listing it).
    fn pages_to_render(
        &self,
        site: &Site,
        ids: &[PageId],
        page_paths: &[String],
        listings: &[u64],
        changed_bodies: &HashSet<usize>,
        targets_sig: u64,
    ) -> (bool, Vec<PageId>) {
        let good = match &self.good {
            Some(g)
                if !self.pending_full
                    && g.page_paths == page_paths
                    && g.targets_sig == targets_sig =>
            {
                g
            }
            _ => return (true, ids.to_vec()),
        };
        let mut set: BTreeSet<PageId> = BTreeSet::new();
        for (i, doc) in site.docs.iter().enumerate() {
            let before = good.docs.get(&doc.path);
            let content_changed = before.is_none_or(|(h, _)| *h != doc.content_hash);
            if !content_changed && !changed_bodies.contains(&i) {
                continue;
            }
            let listing_changed = before.is_none_or(|(_, l)| *l != listings[i]);
            set.extend(site.dependents(i, listing_changed));
        }
        (false, set.into_iter().collect())
    }

    /// The content as the pipeline's first stage gives it: the parsed
    /// files, the keys of those that failed, and every problem found.
    fn loaded_content(&self) -> LoadedContent {
        let mut content = LoadedContent {
            docs: Vec::with_capacity(self.docs.len()),
            ..LoadedContent::default()
        };
        content
            .diagnostics
            .extend(self.discover_diags.iter().cloned());
        // The base's files first, as the build reads them (by path, the
        // county's `content/` would come before a base in `nasjonal/`).
        let layers = &self.settings.layers;
        let (base, own): (Vec<_>, Vec<_>) = self
            .docs
            .iter()
            .partition(|(path, _)| layers.locate(path).0 == Layer::Base);
        for (path, (_, doc)) in base.into_iter().chain(own) {
            match doc {
                Ok(d) => content.docs.push(d.clone()),
                Err(e) => {
                    let key = layers.key_of(path);
                    match layers.locate(path).0 {
                        Layer::Own => content.failed.push(key),
                        Layer::Base => content.failed_base.push(key),
                    }
                    content.diagnostics.push(e.clone());
                }
            }
        }
        load::resolve_layers(content, &self.settings.layers)
    }
}

fn hash_of(parts: impl Hash) -> u64 {
    let mut h = fnv::FnvHasher::default();
    parts.hash(&mut h);
    h.finish()
}

/// The `@/` targets, files that failed to load and static files: what every
/// body's links and images are resolved against.
fn targets_signature(site: &Site) -> u64 {
    let targets: BTreeMap<&String, &String> =
        site.targets.iter().map(|(k, t)| (k, &t.url)).collect();
    let failed: BTreeSet<&String> = site.failed_keys.iter().collect();
    let statics: BTreeSet<&String> = site.static_files.iter().collect();
    hash_of((targets, failed, statics, site.config.trust_html))
}

/// Everything a body's HTML depends on.
fn body_fingerprint(site: &Site, doc: usize, targets_sig: u64) -> u64 {
    let (lang, law) = pipeline::body_env(site, doc);
    let d = &site.docs[doc];
    // `{{ … }}` in the body shows the period, the guide's dates and the
    // publisher.
    let period = site
        .config
        .period
        .as_ref()
        .map(|p| (&p.name, p.election, p.constituted, p.council_meeting));
    let dates = pipeline::body_dates(site, doc);
    let publisher = &site.config.branding.name;
    // Checklist ids are scoped to the guide: a new guide slug changes them.
    let scope = pipeline::check_scope(site, doc);
    hash_of((
        d.content_hash,
        d.body_line,
        &d.key,
        lang,
        law,
        targets_sig,
        (period, dates, publisher, scope),
    ))
}

/// What other pages show of a document: titles, numbers, labels, summaries,
/// URLs, languages, dates, recorded changes and checklist sizes.
fn listing_signature(site: &Site, bodies: &[Arc<Rendered>], doc: usize) -> u64 {
    let checklist = bodies[doc].checklist.len();
    match site.page_of_doc(doc) {
        Some(PageId::Step(g, s)) => {
            let st = &site.guides[g].steps[s];
            let when = st
                .when
                .as_ref()
                .map(|(a, b)| (a.date, b.as_ref().map(|b| b.date)));
            hash_of((
                &st.title,
                st.number,
                st.kind,
                &st.summary,
                &st.url,
                st.lang,
                when,
                &st.changes,
                checklist,
            ))
        }
        Some(PageId::Guide(g)) => {
            let gd = &site.guides[g];
            hash_of((&gd.title, &gd.summary, &gd.url, gd.lang, gd.order))
        }
        Some(PageId::Page(p)) => {
            let pg = &site.pages[p];
            hash_of((&pg.title, &pg.summary, &pg.url, pg.lang, pg.order))
        }
        Some(PageId::Front) => hash_of(site.lang(PageId::Front)),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas() {
        assert_eq!(area_of(Path::new("site.yaml")), Area::Config);
        assert_eq!(area_of(Path::new("content/g/a.md")), Area::Content);
        assert_eq!(area_of(Path::new("templates/step.html")), Area::Theme);
        assert_eq!(
            area_of(Path::new("themes/default/static/x.css")),
            Area::Theme
        );
        assert_eq!(area_of(Path::new("static/logo.svg")), Area::Static);
        assert_eq!(area_of(Path::new("public/index.html")), Area::Other);
    }
}
