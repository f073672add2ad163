//! The conductor: stegvis's one pipeline, load → model → markdown → render
//! → write. `stegvis build`, `stegvis check` and the live preview all drive
//! it, and differ only in where finished pages go and which pages are
//! rendered again:
//!
//! - [`build`] renders every page straight into a staging folder (and the
//!   search index), then swaps the folder in;
//! - [`render_in_memory`] keeps every file in memory (for `check` and the
//!   tests); when the site cannot be rendered, the model it got to comes back
//!   with the errors, so `check` runs its model checks without loading the
//!   site a second time;
//! - the preview ([`crate::serve::live`]) keeps its [`Settings`], its loaded
//!   files and its rendered bodies ([`BodyCache`]) between saves, and renders
//!   only the pages a save touched, into the map the server reads.
//!
//! The stages, as functions of this module: [`Settings::load`] reads
//! `site.yaml` and then its theme, once, before the model;
//! [`content::load::load_content`] reads the Markdown; [`prepare`] builds the
//! model from them (every input of the model is an argument of the model)
//! and renders the bodies, turning every Markdown problem into a diagnostic
//! in one place ([`body_diagnostics`]); [`render::render_each`], the one way
//! pages are rendered, fills the templates in parallel (a build sends each
//! page to the staging folder, [`render_in_memory`] and the preview keep
//! them through [`render::render_all`]), and [`Ready::extra_files`] lists
//! what goes beside the pages. Every problem of every stage is a
//! [`Diagnostic`]; they are gathered and returned together, sorted.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content;
use crate::content::config::SiteConfig;
use crate::content::layers::Layers;
use crate::content::load::LoadedContent;
use crate::markdown::{self, MarkdownEnv, Rendered};
use crate::model::{self, ModelInputs, PageId, Site};
use crate::output::target;
use crate::output::write::{self, OutputFile};
use crate::render::theme::{self, Asset, AssetSource, Theme};
use crate::render::{self, PageRenderer};
use crate::shared::dates::{DateScope, NamedDate};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::i18n::Lang;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder with `site.yaml` and `content/`.
    pub root: PathBuf,
    /// Where the site is written; relative paths are relative to the
    /// current folder.
    pub output: PathBuf,
    /// Replaces `base_url` from `site.yaml` (e.g. for a local preview).
    pub base_url: Option<String>,
    /// Also the pages marked `unlisted` (`--unlisted`), as with
    /// `publish_unlisted: true` in site.yaml.
    pub unlisted: bool,
    /// The published editing form's files (`--cms`), made from `cms:` in
    /// site.yaml by [`crate::cms::publish`]: written under `admin/`, with
    /// their own policy in the host header files. None: no `admin/`.
    pub cms: Option<Vec<OutputFile>>,
}

/// The finished site, in memory.
pub struct SiteOutput {
    pub site: Site,
    pub bodies: Vec<Arc<Rendered>>,
    pub files: Vec<OutputFile>,
    pub pages: usize,
    pub warnings: Diagnostics,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// A site's settings: `site.yaml` and the theme it names, each with its
/// errors. Read before the content; the preview keeps them until one of
/// their files changes.
pub struct Settings {
    /// Where the site's files come from: its own folder, and its base's
    /// when site.yaml names one.
    pub layers: Layers,
    pub config: Result<SiteConfig, Diagnostics>,
    pub theme: Result<Theme, Diagnostics>,
    /// The paths of the theme's and the site's static files, which images
    /// in Markdown may name; known even when a template is broken, so a
    /// template error does not also make every image look missing.
    pub static_files: HashSet<String>,
}

impl Settings {
    /// Reads `site.yaml`, puts `base_url` in its place when given, then
    /// reads the theme it names (the default theme when `site.yaml` is
    /// unusable, so its errors are not hidden by a second set).
    pub fn load(root: &Path, base_url: Option<&str>) -> Settings {
        let (layers, problems) = find_layers(root);
        Settings::load_layers(layers, problems, base_url)
    }

    /// [`Settings::load`] for layers found already; `problems` are those of
    /// `base:` and `hide:`, which make the settings unusable.
    fn load_layers(
        layers: Layers,
        problems: Option<Diagnostics>,
        base_url: Option<&str>,
    ) -> Settings {
        let mut config = match problems {
            Some(d) => Err(d),
            None => SiteConfig::load_layers(&layers),
        };
        if let (Ok(c), Some(url)) = (config.as_mut(), base_url) {
            if let Err(d) = c.set_base_url(url) {
                config = Err(Diagnostics::from(vec![d]));
            }
        }
        let mut settings = Settings {
            layers,
            config,
            theme: Err(Diagnostics::default()),
            static_files: HashSet::new(),
        };
        settings.reload_theme();
        settings
    }

    /// Reads the theme again (a template or a static file changed).
    pub fn reload_theme(&mut self) {
        let name = Settings::theme_name(&self.config);
        self.theme = theme::load(&self.layers, name);
        self.static_files = match &self.theme {
            Ok(t) => t.assets.iter().map(|a| a.path.clone()).collect(),
            Err(_) => theme::assets(&self.layers, name)
                .map(|(assets, _)| assets.into_iter().map(|a| a.path).collect())
                .unwrap_or_default(),
        };
    }

    fn theme_name(config: &Result<SiteConfig, Diagnostics>) -> &str {
        config.as_ref().map_or("default", |c| c.theme.as_str())
    }
}

/// Rendered bodies kept between builds. The preview keeps them across
/// saves; a clean build keeps none ([`NoCache`]).
pub trait BodyCache {
    /// Called with each new model, before any lookup.
    fn begin(&mut self, site: &Site);
    /// The body of document `doc`, if one rendered from the same inputs is
    /// kept.
    fn get(&self, site: &Site, doc: usize) -> Option<Arc<Rendered>>;
    /// Keeps a body just rendered.
    fn put(&mut self, site: &Site, doc: usize, body: &Arc<Rendered>);
}

/// No bodies kept: every body is rendered.
pub struct NoCache;

impl BodyCache for NoCache {
    fn begin(&mut self, _: &Site) {}
    fn get(&self, _: &Site, _: usize) -> Option<Arc<Rendered>> {
        None
    }
    fn put(&mut self, _: &Site, _: usize, _: &Arc<Rendered>) {}
}

/// Whether the model keeps each document's Markdown once its body is
/// rendered. `check` points at lines of it and the preview renders bodies
/// again from it; a build has no further use for it, and letting each text
/// go as soon as its body is rendered means the Markdown and the HTML of a
/// whole site are never held at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markdown {
    Keep,
    /// `Document::body` is left empty in the model.
    DropWhenRendered,
}

/// Stages 2 and 3 for one state of the sources: the model, its bodies and
/// every problem found so far.
pub struct Prepared<'t> {
    /// None when `site.yaml` itself could not be used.
    pub site: Option<Site>,
    /// Index `i` belongs to `site.docs[i]`.
    pub bodies: Vec<Arc<Rendered>>,
    /// The documents whose bodies were rendered now, not taken from a cache.
    pub rendered: Vec<usize>,
    pub theme: Option<&'t Theme>,
    /// Errors and warnings of every stage so far.
    pub diagnostics: Diagnostics,
}

/// Builds the model and renders the bodies: every input of the model is an
/// argument here, nothing is patched in afterwards.
pub fn prepare<'t>(
    settings: &'t Settings,
    content: LoadedContent,
    cache: &mut dyn BodyCache,
    markdown: Markdown,
) -> Prepared<'t> {
    let LoadedContent {
        docs,
        failed,
        diagnostics,
        hidden_steps,
        ..
    } = content;
    let mut diags = diagnostics;
    // A county edition's replaced files whose base text changed.
    diags.extend(content::base_lock::check(&settings.layers));
    let theme = settings.theme.as_ref().ok();
    let config = match &settings.config {
        Ok(c) => c.clone(),
        Err(e) => {
            diags.extend(e.0.iter().cloned());
            diags.sort();
            return Prepared {
                site: None,
                bodies: Vec::new(),
                rendered: Vec::new(),
                theme,
                diagnostics: diags,
            };
        }
    };
    let (mut site, model_diags) = model::build_model(ModelInputs {
        config,
        docs,
        failed_keys: failed.into_iter().collect(),
        static_files: settings.static_files.clone(),
        hidden_steps,
    });
    diags.extend(model_diags.into_vec());

    cache.begin(&site);
    let kept: Vec<Option<Arc<Rendered>>> =
        (0..site.docs.len()).map(|i| cache.get(&site, i)).collect();
    let rendered: Vec<usize> = (0..site.docs.len())
        .filter(|&i| kept[i].is_none())
        .collect();
    if !rendered.is_empty() {
        markdown::highlight::warm_up();
    }
    // Each body renders from its own handle on its Markdown, dropped when
    // the body is done: the text's last handle unless the model keeps one.
    let jobs: Vec<(usize, Arc<str>)> = rendered
        .iter()
        .map(|&i| (i, Arc::clone(&site.docs[i].body)))
        .collect();
    if markdown == Markdown::DropWhenRendered {
        // A Word template's Markdown is read again for its .docx.
        let keep: HashSet<usize> = site
            .pages
            .iter()
            .filter(|p| p.docx)
            .map(|p| p.doc)
            .collect();
        for (i, doc) in site.docs.iter_mut().enumerate() {
            if !keep.contains(&i) {
                doc.body = Arc::default();
            }
        }
    }
    let fresh: Vec<Arc<Rendered>> = jobs
        .into_par_iter()
        .map(|(i, text)| Arc::new(render_body_from(&site, i, &text)))
        .collect();
    for (&i, body) in rendered.iter().zip(&fresh) {
        cache.put(&site, i, body);
    }
    let mut fresh = fresh.into_iter();
    let mut bodies: Vec<Arc<Rendered>> = kept
        .into_iter()
        .map(|k| k.unwrap_or_else(|| fresh.next().expect("one fresh body per miss")))
        .collect();
    unique_check_ids(&site, &mut bodies);
    diags.extend(body_diagnostics(&site, &bodies));

    match &settings.theme {
        Ok(t) if !diags.has_errors() => diags.extend(t.warnings.iter().cloned()),
        Ok(_) => {}
        Err(e) => diags.extend(e.0.iter().cloned()),
    }
    diags.sort();
    Prepared {
        site: Some(site),
        bodies,
        rendered,
        theme,
        diagnostics: diags,
    }
}

/// Everything stage 4 needs, with no error in the way.
pub struct Ready<'t> {
    pub site: Site,
    pub bodies: Vec<Arc<Rendered>>,
    pub rendered: Vec<usize>,
    pub theme: &'t Theme,
    pub warnings: Diagnostics,
}

/// Why a site cannot be rendered: every problem, and the model where there
/// is one (for `check`'s model checks).
pub struct Failed {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
}

impl<'t> Prepared<'t> {
    /// The parts stage 4 needs, unless an error stops it.
    pub fn ready(self) -> Result<Ready<'t>, Failed> {
        match (self.site, self.theme) {
            (Some(site), Some(theme)) if !self.diagnostics.has_errors() => Ok(Ready {
                site,
                bodies: self.bodies,
                rendered: self.rendered,
                theme,
                warnings: self.diagnostics,
            }),
            (site, _) => Err(Failed {
                site,
                diagnostics: self.diagnostics,
            }),
        }
    }
}

impl Ready<'_> {
    /// The renderer of this site's pages.
    pub fn renderer(&self) -> PageRenderer<'_> {
        PageRenderer::new(&self.theme.templates, &self.site, &self.bodies)
    }

    /// The files beside the pages: the generated ones, then the theme's
    /// and the site's assets, with a warning for each asset that would
    /// overwrite a page (it is left out). `cms`: the host header files
    /// give the published form (`build --cms`) its own policy.
    pub fn extra_files(
        &self,
        page_paths: &HashSet<String>,
        cms: bool,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let (assets, mut warnings) = usable_assets(&self.theme.assets, page_paths);
        let (mut files, merged) = generated_files(&self.site, &self.theme.assets, page_paths, cms);
        warnings.extend(merged.warnings);
        files.extend(
            assets
                .into_iter()
                .filter(|a| !merged.paths.contains(&a.path))
                .cloned()
                .map(OutputFile::Asset),
        );
        (files, warnings)
    }
}

/// Problems found while rendering bodies, and links to missing headings:
/// the one place a Markdown problem becomes a diagnostic.
pub fn body_diagnostics(site: &Site, bodies: &[Arc<Rendered>]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = (0..bodies.len())
        .flat_map(|i| body_problems(site, bodies, i))
        .collect();
    out.extend(check_anchors(site, bodies));
    out
}

/// The problems of one document's body, without its anchors.
pub fn body_problems(site: &Site, bodies: &[Arc<Rendered>], doc: usize) -> Vec<Diagnostic> {
    bodies[doc]
        .problems
        .iter()
        .map(|p| {
            Diagnostic::error(p.code, p.message.clone())
                .in_file(site.docs[doc].path.clone())
                .at(p.line, p.column)
                .with_hint(p.hint.clone())
        })
        .collect()
}

/// The site's own host files that a generated one was merged into (they
/// are not copied as they are), and what the merging found.
#[derive(Default)]
pub struct MergedHostFiles {
    pub paths: HashSet<String>,
    pub warnings: Vec<Diagnostic>,
}

/// The site's own `_headers` or `.htaccess` with stegvis's security headers
/// after its own lines, so that neither the site's rules (redirects, access)
/// nor the policy are lost. A file that sets its own policy is kept as it
/// is, with a warning.
fn merge_host_file(own: &Asset, generated: &str) -> (Option<String>, Option<Diagnostic>) {
    let bytes = match &own.source {
        AssetSource::Disk(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(_) => return (None, None),
        },
        AssetSource::Embedded(b) => b.to_vec(),
    };
    let text = String::from_utf8_lossy(&bytes);
    if text
        .to_ascii_lowercase()
        .contains("content-security-policy")
    {
        let warning = Diagnostic::warning(
            "own-host-headers",
            format!(
                "static/{} setter sin egen Content-Security-Policy; stegvis legger ikke til sine sikkerhetshoder i den",
                own.path
            ),
        )
        .with_hint("sjekk at policyen tillater det sidene trenger (se README, «Sikkerhet»), eller fjern den fra filen så legger stegvis til sin");
        return (None, Some(warning));
    }
    let mut merged = text.into_owned();
    if !merged.is_empty() && !merged.ends_with('\n') {
        merged.push('\n');
    }
    merged.push('\n');
    merged.push_str(generated);
    (Some(merged), None)
}

/// The Word file of a `docx: true` page, from its Markdown (kept for it
/// when the other bodies are let go).
fn word_template(site: &Site, page: &crate::model::Page) -> Result<Vec<u8>, String> {
    let doc = &site.docs[page.doc];
    let blocks = with_markdown_env(site, page.doc, |env| {
        markdown::outline::outline(&doc.body, env)
    });
    let publisher = site
        .config
        .branding
        .name
        .as_deref()
        .unwrap_or(&site.config.title);
    let source_line =
        crate::shared::i18n::docx_source_line(page.lang, publisher, &site.absolute_url(&page.url));
    let meta = crate::output::docx::DocxMeta {
        title: &page.title,
        source_line: &source_line,
    };
    crate::output::docx::docx_bytes(&meta, &blocks)
}

/// Files that are not pages: the highlight stylesheet, the branding
/// stylesheet, each guide's calendar, the Atom feed, the sitemap and
/// robots.txt, the host header files, the help list for the script, and
/// the Word file of each `docx: true` page among `page_paths` (the pages
/// this run writes). A file the site's own static/ provides (a custom
/// robots.txt, say) wins over the generated one; the host header files are
/// merged into the site's own (see [`merge_host_file`]). With `cms` (and
/// `cms:` in site.yaml), the header files give the published form's folder
/// its own policy ([`crate::output::admin`]).
pub fn generated_files(
    site: &Site,
    assets: &[Asset],
    page_paths: &HashSet<String>,
    cms: bool,
) -> (Vec<OutputFile>, MergedHostFiles) {
    use crate::output::{admin, calendar, feeds, host_headers};
    let cms = site.config.cms.as_ref().filter(|_| cms);
    let mut merged_errors = Vec::new();
    use crate::shared::file_names as names;
    let text = |path: &str, text: String| OutputFile::Text {
        path: path.to_string(),
        text,
    };
    let mut files = vec![
        text(
            names::STYLESHEET_NAME,
            markdown::highlight::stylesheet().to_string(),
        ),
        text(
            names::BRANDING_STYLESHEET,
            render::branding_css(&site.config),
        ),
        text(names::ATOM_FILE, feeds::atom(site)),
        text(names::SITEMAP_FILE, feeds::sitemap(site)),
        text(names::ROBOTS_FILE, feeds::robots(site)),
        text(
            names::HEADERS_FILE,
            host_headers::headers_file(&site.config.csp)
                + &cms.map_or(String::new(), |c| {
                    admin::headers_rule(&site.config.base_path, c)
                }),
        ),
        text(
            names::HTACCESS_FILE,
            host_headers::htaccess_file(&site.config.csp),
        ),
    ];
    if let Some(c) = cms {
        files.push(text(
            &format!("{}{}", admin::ADMIN_DIR, names::HTACCESS_FILE),
            admin::htaccess_file(c),
        ));
    }
    if let Some(json) = render::template_data::help_json(site) {
        files.push(text(names::HELP_JSON, json));
    }
    for (i, page) in site.pages.iter().enumerate() {
        let Some(url) = page.docx_url() else {
            continue;
        };
        if !page_paths.contains(&site.output_path(PageId::Page(i))) {
            continue;
        }
        match word_template(site, page) {
            Ok(bytes) => files.push(OutputFile::Bytes {
                path: site.below_base(&url).to_string(),
                bytes: Arc::from(bytes),
            }),
            Err(e) => merged_errors
                .push(Diagnostic::error("output", e).in_file(site.docs[page.doc].path.clone())),
        }
    }
    if site.config.period.is_some() {
        for guide in &site.guides {
            files.push(text(
                site.below_base(&guide.calendar_url()),
                calendar::guide_calendar(site, guide),
            ));
        }
    }
    let mut merged = MergedHostFiles {
        warnings: merged_errors,
        ..MergedHostFiles::default()
    };
    for file in &mut files {
        let OutputFile::Text { path, text } = file else {
            continue;
        };
        if path != names::HEADERS_FILE && path != names::HTACCESS_FILE {
            continue;
        }
        let Some(own) = assets.iter().find(|a| a.path == *path) else {
            continue;
        };
        let (joined, warning) = merge_host_file(own, text);
        if cms.is_some() && path == names::HEADERS_FILE && joined.is_none() {
            merged.warnings.push(
                Diagnostic::warning(
                    "cms-host-headers",
                    format!("static/{path} setter sin egen Content-Security-Policy, så stegvis legger ikke inn redigeringsskjemaets policy for {}{}; på Netlify og Cloudflare Pages får skjemaet da nettstedets policy og virker ikke", site.config.base_path, admin::ADMIN_DIR),
                )
                .in_file(format!("static/{path}"))
                .with_hint("kopier regelen for admin/ fra README («Editing in a form») inn i filen, eller fjern policyen fra den"),
            );
        }
        merged.warnings.extend(warning);
        if let Some(joined) = joined {
            *text = joined;
            merged.paths.insert(path.clone());
        }
    }
    let own: HashSet<&str> = assets
        .iter()
        .map(|a| a.path.as_str())
        .filter(|p| !merged.paths.contains(*p))
        .collect();
    files.retain(|f| !own.contains(f.path()));
    (files, merged)
}

/// Assets that would overwrite a page are left out, with a warning.
pub fn usable_assets<'a>(
    assets: &'a [Asset],
    page_paths: &'a HashSet<String>,
) -> (Vec<&'a Asset>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut kept = Vec::new();
    for a in assets {
        if page_paths.contains(&a.path) {
            warnings.push(
                Diagnostic::warning(
                    "asset-shadowed",
                    format!(
                        "static-filen `{}` har samme sti som en side og blir ikke kopiert",
                        a.path
                    ),
                )
                .with_hint("gi filen et annet navn"),
            );
        } else {
            kept.push(a);
        }
    }
    (kept, warnings)
}

/// Reads the settings and the content side by side: the theme is read
/// once, right after `site.yaml`, while the Markdown files load.
fn load_sources(root: &Path, base_url: Option<&str>) -> (Settings, LoadedContent) {
    let (layers, problems) = find_layers(root);
    let content_layers = layers.clone();
    rayon::join(
        || Settings::load_layers(layers, problems, base_url),
        || content::load::load_content(&content_layers),
    )
}

/// The site's layers (`base:`, `hide:`), or the site alone with the
/// problems that kept its base from being used.
pub fn find_layers(root: &Path) -> (Layers, Option<Diagnostics>) {
    match Layers::find(root) {
        Ok(l) => (l, None),
        Err(d) => (Layers::without_base(root), Some(d)),
    }
}

/// Runs every stage but writing, keeping the whole site in memory (for
/// `check` and tests). When the site cannot be rendered, every problem
/// comes back, with the model if there is one.
pub fn render_in_memory(root: &Path, base_url: Option<&str>) -> Result<SiteOutput, Failed> {
    let (settings, content) = load_sources(root, base_url);
    let ready = prepare(&settings, content, &mut NoCache, Markdown::Keep).ready()?;
    let mut warnings = ready.warnings.clone();
    let ids = ready.site.page_ids();
    let pages = render::render_all(&ready.renderer(), &ids);
    let pages = match pages {
        Ok(p) => p,
        Err(diagnostics) => {
            return Err(Failed {
                site: Some(ready.site),
                diagnostics,
            })
        }
    };
    let page_count = pages.len();
    let page_paths: HashSet<String> = pages.iter().map(|(_, path, _)| path.clone()).collect();
    let (mut files, shadowed) = ready.extra_files(&page_paths, false);
    warnings.extend(shadowed);
    files.extend(
        pages
            .into_iter()
            .map(|(_, path, text)| OutputFile::Text { path, text }),
    );
    warnings.sort();
    Ok(SiteOutput {
        site: ready.site,
        bodies: ready.bodies,
        files,
        pages: page_count,
        warnings,
    })
}

/// [`render_in_memory`] with only the problems when it fails.
pub fn render_site(root: &Path, base_url: Option<&str>) -> Result<SiteOutput, Diagnostics> {
    render_in_memory(root, base_url).map_err(|f| f.diagnostics)
}

/// What a document's rendered body depends on besides its own text and
/// the site's link targets: its language and the law a bare "§ 10-1" means
/// (the step's first cited law, else the site's default).
pub fn body_env(site: &Site, doc: usize) -> (Lang, Option<&str>) {
    let page = site.page_of_doc(doc);
    let lang = page.map_or(site.config.language, |id| site.lang(id));
    let step_law = match page {
        Some(PageId::Step(g, s)) => site.guides[g].steps[s]
            .legal
            .first()
            .map(|l| l.law_id.as_str()),
        _ => None,
    };
    (lang, step_law.or(site.config.default_law.as_deref()))
}

/// The guide's own dates a document's `{{ … }}` can use: those of its
/// guide, for the guide and its steps.
pub fn body_dates(site: &Site, doc: usize) -> &[NamedDate] {
    match site.page_of_doc(doc) {
        Some(PageId::Step(g, _) | PageId::Guide(g)) => &site.guides[g].dates,
        _ => &[],
    }
}

/// What checklist ids are unique within: a guide (its slug) for the guide
/// and its steps, so a step file can be renamed or moved without losing
/// anyone's ticks; the document elsewhere.
pub fn check_scope(site: &Site, doc: usize) -> &str {
    match site.page_of_doc(doc) {
        Some(PageId::Step(g, _) | PageId::Guide(g)) => &site.guides[g].slug,
        _ => &site.docs[doc].key,
    }
}

/// Makes each guide's checklist ids unique across its steps (a page is
/// rendered alone, so only here can two steps' ids be compared); the few
/// bodies that change are replaced, and their documents returned.
pub fn unique_check_ids(site: &Site, bodies: &mut [Arc<Rendered>]) -> Vec<usize> {
    let mut replaced = Vec::new();
    for guide in &site.guides {
        let docs: Vec<usize> = std::iter::once(guide.doc)
            .chain(guide.steps.iter().map(|s| s.doc))
            .collect();
        let pages: Vec<&Rendered> = docs.iter().map(|&d| bodies[d].as_ref()).collect();
        let changed = markdown::make_check_ids_unique(&guide.slug, &pages);
        for (p, body) in changed {
            bodies[docs[p]] = Arc::new(body);
            replaced.push(docs[p]);
        }
    }
    replaced
}

/// Renders the body of document `doc`.
pub fn render_body(site: &Site, doc: usize) -> Rendered {
    render_body_from(site, doc, &site.docs[doc].body)
}

/// Runs `f` with what the Markdown of document `doc` is read against.
fn with_markdown_env<T>(site: &Site, doc: usize, f: impl FnOnce(&MarkdownEnv<'_>) -> T) -> T {
    let (lang, default_law) = body_env(site, doc);
    let d = &site.docs[doc];
    let named = body_dates(site, doc);
    let env = MarkdownEnv {
        laws: &site.config.laws,
        default_law,
        targets: &site.targets,
        failed: &site.failed_keys,
        hidden: &site.config.hide,
        static_files: &site.static_files,
        base_path: &site.config.base_path,
        check_scope: check_scope(site, doc),
        doc_key: &d.key,
        lang,
        dates: site
            .config
            .period
            .as_ref()
            .map(|p| DateScope::new(p, named)),
        publisher: site.config.branding.name.as_deref(),
        trust_html: site.config.trust_html,
    };
    f(&env)
}

/// Renders the body of document `doc` from its Markdown `text`.
fn render_body_from(site: &Site, doc: usize, text: &str) -> Rendered {
    let body_line = site.docs[doc].body_line;
    let (mut body, check_scope) = with_markdown_env(site, doc, |env| {
        (
            markdown::render(text, body_line, env),
            env.check_scope.to_string(),
        )
    });
    // A step's formal requirements are items of its checklist too, after
    // those of the text: ticked, stored, shared and counted alike.
    if let Some(PageId::Step(g, s)) = site.page_of_doc(doc) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for f in &site.guides[g].steps[s].formkrav {
            // «Kan ikke påklages» is to know, not to do: no box to tick.
            if !f.kind.is_task() {
                continue;
            }
            let n = seen.entry(f.text.as_str()).or_insert(0);
            *n += 1;
            body.checklist
                .push(markdown::formkrav_item(&check_scope, &f.text, *n));
        }
    }
    body
}

/// Every `#anchor` must be a heading id on the page it points to.
pub fn check_anchors(site: &Site, bodies: &[Arc<Rendered>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each page's heading ids, gathered once: comparing every link with
    // every heading was quadratic (10,000 of each took minutes).
    let mut id_sets: HashMap<usize, (HashSet<&str>, Vec<String>)> = HashMap::new();
    // A suggestion compares a broken anchor with every heading id of its
    // page; past this many comparisons in one build, hints list ids instead.
    let mut guess_budget: usize = 200_000;
    for (i, body) in bodies.iter().enumerate() {
        for a in &body.anchors {
            let target = a.doc.unwrap_or(i);
            let (set, known) = id_sets.entry(target).or_insert_with(|| {
                let ids = &bodies[target].headings;
                (
                    ids.iter().map(|h| h.id.as_str()).collect(),
                    ids.iter().map(|h| h.id.clone()).collect(),
                )
            });
            if set.contains(a.anchor.as_str()) {
                continue;
            }
            let guess = if guess_budget >= known.len() {
                guess_budget -= known.len();
                crate::shared::text::nearest(&a.anchor, known)
            } else {
                None
            };
            let hint = match guess {
                Some(n) => format!("mente du `#{n}`?"),
                None if known.is_empty() => "siden har ingen overskrifter å lenke til".to_string(),
                None => format!(
                    "overskriftene på siden har disse id-ene: {}",
                    known.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
                ),
            };
            let target_name = if a.doc.is_some() {
                format!("`{}`", a.target_key)
            } else {
                "denne siden".to_string()
            };
            out.push(
                Diagnostic::error(
                    "broken-anchor",
                    format!(
                        "lenken peker på overskriften `#{}` på {target_name}, men den finnes ikke",
                        a.anchor
                    ),
                )
                .in_file(site.docs[i].path.clone())
                .at(a.line, a.column)
                .with_hint(hint),
            );
        }
    }
    out
}

/// What a build reports while it runs (the command line shows it as a
/// progress bar on a terminal). Called from the rendering threads.
pub trait Progress: Sync {
    /// The pages are being rendered and written: `total` of them.
    fn rendering(&self, _total: usize) {}
    /// One more page is written.
    fn page_done(&self) {}
    /// The pages are written; the search index of `pages` pages is being built.
    fn indexing(&self, _pages: usize) {}
    /// Everything is written (or the build failed).
    fn finished(&self) {}
}

/// No progress shown.
pub struct NoProgress;

impl Progress for NoProgress {}

/// What stands in the way of the published form (`build --cms`), and what
/// the editors should know: `cms:` must be set, no page or static file may
/// take the form's folder, and the hosts the policy cannot be made right
/// for by a file in the folder (a warning on every such build).
fn admin_problems(site: &Site, pages: &HashSet<String>, extra: &[OutputFile]) -> Vec<Diagnostic> {
    use crate::output::admin::ADMIN_DIR;
    use crate::shared::file_names::HTACCESS_FILE;
    let mut out = Vec::new();
    if site.config.cms.is_none() {
        out.push(
            Diagnostic::error(
                "cms",
                "`stegvis build --cms` trenger `cms:` i site.yaml".to_string(),
            )
            .in_file(crate::shared::file_names::CONFIG_FILE)
            .with_hint(CMS_MISSING_HINT),
        );
        return out;
    }
    let own_htaccess = format!("{ADMIN_DIR}{HTACCESS_FILE}");
    let taken = pages
        .iter()
        .map(String::as_str)
        .chain(
            extra
                .iter()
                .map(OutputFile::path)
                .filter(|p| *p != own_htaccess),
        )
        .filter(|p| p.starts_with(ADMIN_DIR))
        .min();
    if let Some(path) = taken {
        out.push(
            Diagnostic::error(
                "cms",
                format!(
                    "`{path}` ligger i mappen {ADMIN_DIR}, der redigeringsskjemaet (--cms) skrives"
                ),
            )
            .with_hint("gi siden eller filen i static/ et annet navn, eller bygg uten --cms"),
        );
    }
    out.push(
        Diagnostic::warning(
            "cms-host-headers",
            format!(
                "redigeringsskjemaet i {}{ADMIN_DIR} har sin egen Content-Security-Policy: Cloudflare Pages (_headers), Apache (.htaccess) og verter uten hodefiler (GitHub Pages) får den; på Netlify er det ikke bekreftet, og nginx må settes opp for hånd",
                site.config.base_path
            ),
        )
        .with_hint(format!(
            "sjekk etter publisering at skjemaet får én policy: `curl -sI {}{ADMIN_DIR} | grep -i content-security-policy` skal gi én linje med 'unsafe-eval' (se README, «Editing in a form»)",
            site.config.base_url
        )),
    );
    out
}

/// What to write in site.yaml for `--cms`.
pub const CMS_MISSING_HINT: &str = "legg til hvilken Git-tjeneste og hvilket depot skjemaet lagrer i, for eksempel `cms:` med `backend: github` og `repo: fylke/planveileder` (se «Rediger i et skjema» i redaktørveiledningen), eller bygg uten --cms";

/// Builds the site at `opts.root` into `opts.output`, atomically: pages
/// are written into a staging folder as they are rendered, and the folder
/// replaces the old output only when everything succeeded.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_with_progress(opts, &NoProgress)
}

/// [`build`], telling `progress` how far it has come.
pub fn build_with_progress(
    opts: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, Diagnostics> {
    let result = build_inner(opts, progress);
    progress.finished();
    result
}

fn build_inner(opts: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let one = |d: Diagnostic| Diagnostics::from(vec![d]);
    let cwd = std::env::current_dir().map_err(|e| {
        one(Diagnostic::error(
            "output",
            format!("fant ikke arbeidsmappen: {e}"),
        ))
    })?;
    let output_dir = target::output_target(&opts.root, &opts.output, &cwd).map_err(one)?;
    let (settings, content) = load_sources(&opts.root, opts.base_url.as_deref());
    let ready = prepare(&settings, content, &mut NoCache, Markdown::DropWhenRendered)
        .ready()
        .map_err(|f| f.diagnostics)?;
    let mut warnings = ready.warnings.clone();
    let renderer = ready.renderer();
    // Unlisted pages (the editors' guide) are for the preview and `check`.
    let ids: Vec<PageId> = ready
        .site
        .page_ids()
        .into_iter()
        .filter(|id| opts.unlisted || ready.site.is_published(*id))
        .collect();
    let page_paths: Vec<String> = ids.iter().map(|id| ready.site.output_path(*id)).collect();
    let page_set: HashSet<String> = page_paths.iter().cloned().collect();
    let (mut extra, mut shadowed) = ready.extra_files(&page_set, opts.cms.is_some());
    if let Some(admin) = &opts.cms {
        shadowed.extend(admin_problems(&ready.site, &page_set, &extra));
        extra.extend(admin.iter().cloned());
    }
    if shadowed.iter().any(Diagnostic::is_error) {
        // A file the pages link to could not be made (a Word template).
        return Err(shadowed.into());
    }
    warnings.extend(shadowed);
    let staging = write::Staging::create(&output_dir).map_err(one)?;
    staging
        .make_dirs(
            page_paths
                .iter()
                .map(String::as_str)
                .chain(extra.iter().map(OutputFile::path)),
        )
        .map_err(one)?;
    // `search: false` in site.yaml skips the index (and its build cost).
    let search = ready
        .site
        .config
        .search
        .then(|| crate::output::search::Indexer::new(&ready.site.config.title));
    progress.rendering(ids.len());
    render::render_each(&renderer, &ids, &|id, path, html| {
        if let Some(search) = search.as_ref().filter(|_| ready.site.is_public(id)) {
            let text = std::str::from_utf8(&html).expect("tera output is UTF-8");
            search.add_page(&path, text)
        }
        let written = staging.write(&path, &html);
        progress.page_done();
        written
    })?;
    let search_files = match search {
        Some(search) => {
            progress.indexing(search.len());
            search.finish().map_err(one)?
        }
        None => Vec::new(),
    };
    staging
        .make_dirs(search_files.iter().map(|f| f.path.as_str()))
        .map_err(one)?;
    search_files
        .par_iter()
        .try_for_each(|f| staging.write(&f.path, &f.bytes))
        .map_err(one)?;
    extra
        .par_iter()
        .try_for_each(|f| staging.write_file(f))
        .map_err(one)?;
    staging.commit().map_err(one)?;
    warnings.sort();
    let report = BuildReport {
        pages: ids.len(),
        files: ids.len() + extra.len() + search_files.len(),
        elapsed: started.elapsed(),
        warnings,
    };
    // Freeing the model, the bodies and the renderer's caches (millions of
    // small allocations) takes tens of milliseconds at 10,000 steps; the
    // site is already written, so that happens beside the caller instead
    // of before it hears back. A process that exits soon after never waits.
    drop(renderer);
    let leftovers = (ready.site, ready.bodies, ids, page_paths, page_set, extra);
    let leftovers = (leftovers, settings);
    // If no thread can be started, the closure and its data drop right here.
    let _ = std::thread::Builder::new().spawn(move || drop(leftovers));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
    }

    /// A build lets each document's Markdown go once its body is rendered;
    /// the bodies are the same as when the model keeps it.
    #[test]
    fn dropping_the_markdown_keeps_the_bodies_the_same() {
        let (settings, content) = load_sources(&mini(), None);
        let (_, again) = load_sources(&mini(), None);
        let kept = prepare(&settings, content, &mut NoCache, Markdown::Keep)
            .ready()
            .ok()
            .expect("the fixture renders");
        let dropped = prepare(&settings, again, &mut NoCache, Markdown::DropWhenRendered)
            .ready()
            .ok()
            .expect("the fixture renders");
        assert_eq!(kept.bodies.len(), 6);
        assert!(kept.site.docs.iter().any(|d| !d.body.is_empty()));
        assert!(dropped.site.docs.iter().all(|d| d.body.is_empty()));
        for (a, b) in kept.bodies.iter().zip(&dropped.bodies) {
            assert_eq!(a.html, b.html);
            assert_eq!(a.headings, b.headings);
            assert_eq!(a.checklist, b.checklist);
            assert_eq!(a.anchors, b.anchors);
            // Kept until the page is written: no spare room held with it.
            assert_eq!(b.html.capacity(), b.html.len());
        }
    }
}
