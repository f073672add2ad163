//! The pipeline: load → model → markdown → templates → write. [`render_site`]
//! produces the finished site in memory (the preview server serves it from
//! there); [`build`] also writes it out atomically. All problems of every
//! stage are gathered and returned together.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::config::SiteConfig;
use crate::content::load;
use crate::markdown::{self, MarkdownEnv, Rendered};
use crate::model::{self, PageId, Site};
use crate::output::write::{self, OutputFile};
use crate::render::theme::{self, Asset};
use crate::render::{self, PageRenderer, Templates};
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

/// Points the site at another base URL (the preview server's own address).
pub fn override_base_url(config: &mut SiteConfig, url: &str) {
    let url = if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    };
    config.base_path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".to_string());
    config.base_url = url;
}

/// The theme's compiled templates and its assets (with the site's static/).
pub struct Theme {
    pub templates: Templates,
    pub assets: Vec<Asset>,
    /// Assets left out, e.g. symlinks out of the site.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and compiles the theme of a site.
pub fn load_theme(root: &Path, theme_name: &str) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let templates = match theme::templates(root, theme_name) {
        Ok(sources) => match render::compile_templates(&sources) {
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
    let (assets, warnings) = match theme::assets(root, theme_name) {
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

/// Problems found while rendering bodies, and links to missing headings.
pub fn body_diagnostics(site: &Site, bodies: &[Arc<Rendered>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (doc, body) in site.docs.iter().zip(bodies) {
        for p in &body.problems {
            out.push(
                Diagnostic::error(p.code, p.message.clone())
                    .in_file(doc.path.clone())
                    .at(p.line, p.column)
                    .with_hint(p.hint.clone()),
            );
        }
    }
    out.extend(check_anchors(site, bodies));
    out
}

/// Files that are not pages: the highlight stylesheet, the branding
/// stylesheet, each guide's calendar, the Atom feed, the sitemap and
/// robots.txt. A file the site's own static/ provides (a custom robots.txt,
/// say) wins over the generated one.
pub fn generated_files(site: &Site, assets: &[Asset]) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::Text {
            path: crate::shared::file_names::STYLESHEET_NAME.to_string(),
            text: crate::markdown::highlight::stylesheet().to_string(),
        },
        OutputFile::Text {
            path: crate::shared::file_names::BRANDING_STYLESHEET.to_string(),
            text: crate::render::branding_css(&site.config),
        },
        OutputFile::Text {
            path: crate::shared::file_names::ATOM_FILE.to_string(),
            text: crate::output::feeds::atom(site),
        },
        OutputFile::Text {
            path: crate::shared::file_names::SITEMAP_FILE.to_string(),
            text: crate::output::feeds::sitemap(site),
        },
        OutputFile::Text {
            path: crate::shared::file_names::ROBOTS_FILE.to_string(),
            text: crate::output::feeds::robots(site),
        },
        OutputFile::Text {
            path: crate::shared::file_names::HEADERS_FILE.to_string(),
            text: crate::output::host_headers::headers_file(&site.config.csp),
        },
        OutputFile::Text {
            path: crate::shared::file_names::HTACCESS_FILE.to_string(),
            text: crate::output::host_headers::htaccess_file(&site.config.csp),
        },
    ];
    if site.config.period.is_some() {
        for guide in &site.guides {
            let url = guide.calendar_url();
            files.push(OutputFile::Text {
                path: url
                    .strip_prefix(&site.config.base_path)
                    .unwrap_or(&url)
                    .to_string(),
                text: crate::output::calendar::guide_calendar(site, guide),
            });
        }
    }
    let own: HashSet<&str> = assets.iter().map(|a| a.path.as_str()).collect();
    files.retain(|f| !own.contains(f.path()));
    files
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

/// Stages 1 and 2: reads `site.yaml` and `content/` side by side and builds
/// the model. None when `site.yaml` itself could not be used.
pub fn load_model(root: &Path, base_url: Option<&str>) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (config, loaded) = rayon::join(|| SiteConfig::load(root), || load::load_content(root));
    let load::LoadedContent {
        docs,
        failed,
        diagnostics: load_diags,
    } = loaded;
    diags.extend(load_diags.into_vec());
    let mut config = match config {
        Ok(c) => c,
        Err(d) => {
            diags.extend(d.into_vec());
            return (None, diags);
        }
    };
    if let Some(url) = base_url {
        override_base_url(&mut config, url);
    }
    let (mut site, model_diags) = model::build_model(config, docs);
    site.failed_keys = failed.into_iter().collect();
    if let Ok((assets, _)) = theme::assets(root, &site.config.theme) {
        site.static_files = assets.into_iter().map(|a| a.path).collect();
    }
    diags.extend(model_diags.into_vec());
    (Some(site), diags)
}

/// Everything up to the templates: model, rendered bodies, theme.
struct Prepared {
    site: Site,
    bodies: Vec<Arc<Rendered>>,
    theme: Theme,
    warnings: Diagnostics,
}

fn prepare(root: &Path, base_url: Option<&str>) -> Result<Prepared, Diagnostics> {
    let mut diags = Diagnostics::default();
    let (site, model_diags) = load_model(root, base_url);
    diags.extend(model_diags.into_vec());
    let Some(site) = site else {
        diags.sort();
        return Err(diags);
    };

    // Stage 3: Markdown, in parallel, then anchors across pages.
    let bodies: Vec<Arc<Rendered>> = render_bodies(&site).into_iter().map(Arc::new).collect();
    diags.extend(body_diagnostics(&site, &bodies));

    // Stage 4 inputs: templates and assets.
    match load_theme(root, &site.config.theme) {
        Ok(theme) if !diags.has_errors() => {
            diags.extend(theme.warnings.iter().cloned());
            Ok(Prepared {
                site,
                bodies,
                theme,
                warnings: diags,
            })
        }
        Ok(_) => {
            diags.sort();
            Err(diags)
        }
        Err(d) => {
            diags.extend(d.into_vec());
            diags.sort();
            Err(diags)
        }
    }
}

/// The files beside the pages: generated ones, then usable assets.
fn extra_files(
    p: &Prepared,
    page_paths: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let (assets, warnings) = usable_assets(&p.theme.assets, page_paths);
    diags.extend(warnings);
    let mut files = generated_files(&p.site, &p.theme.assets);
    files.extend(assets.into_iter().cloned().map(OutputFile::Asset));
    files
}

/// Runs every stage but writing, keeping the whole site in memory (for
/// `check` and tests). Err holds all errors (and warnings) found.
pub fn render_site(root: &Path, base_url: Option<&str>) -> Result<SiteOutput, Diagnostics> {
    let p = prepare(root, base_url)?;
    let mut diags = p.warnings.clone();
    let renderer = PageRenderer::new(&p.theme.templates, &p.site, &p.bodies);
    let ids = p.site.page_ids();
    let pages = render::render_all(&renderer, &ids)?;
    let page_count = pages.len();
    let page_paths: HashSet<String> = pages.iter().map(|(_, path, _)| path.clone()).collect();
    let mut files = extra_files(&p, &page_paths, &mut diags);
    files.extend(
        pages
            .into_iter()
            .map(|(_, path, text)| OutputFile::Text { path, text }),
    );
    diags.sort();
    Ok(SiteOutput {
        site: p.site,
        bodies: p.bodies,
        files,
        pages: page_count,
        warnings: diags,
    })
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
pub fn body_dates(site: &Site, doc: usize) -> &[crate::shared::dates::NamedDate] {
    match site.page_of_doc(doc) {
        Some(PageId::Step(g, _) | PageId::Guide(g)) => &site.guides[g].dates,
        _ => &[],
    }
}

/// Renders the body of document `doc`.
pub fn render_body(site: &Site, doc: usize) -> Rendered {
    let (lang, default_law) = body_env(site, doc);
    let d = &site.docs[doc];
    let named = body_dates(site, doc);
    let env = MarkdownEnv {
        laws: &site.config.laws,
        default_law,
        targets: &site.targets,
        failed: &site.failed_keys,
        static_files: &site.static_files,
        base_path: &site.config.base_path,
        scope: &d.key,
        lang,
        dates: site
            .config
            .period
            .as_ref()
            .map(|p| crate::shared::dates::DateScope::new(p, named)),
        publisher: site.config.branding.name.as_deref(),
        trust_html: site.config.trust_html,
    };
    markdown::render(&d.body, d.body_line, &env)
}

/// Renders every document body in parallel. Index `i` belongs to `site.docs[i]`.
pub fn render_bodies(site: &Site) -> Vec<Rendered> {
    crate::markdown::highlight::warm_up();
    (0..site.docs.len())
        .into_par_iter()
        .map(|i| render_body(site, i))
        .collect()
}

/// Every `#anchor` must be a heading id on the page it points to.
pub fn check_anchors(site: &Site, bodies: &[Arc<Rendered>]) -> Vec<Diagnostic> {
    check_anchors_from(site, bodies, 0..bodies.len())
}

/// [`check_anchors`] for the links in some documents only.
pub fn check_anchors_from(
    site: &Site,
    bodies: &[Arc<Rendered>],
    docs: impl IntoIterator<Item = usize>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each page's heading ids, gathered once: comparing every link with
    // every heading was quadratic (10,000 of each took minutes).
    let mut id_sets: HashMap<usize, (HashSet<&str>, Vec<String>)> = HashMap::new();
    // A suggestion compares a broken anchor with every heading id of its
    // page; past this many comparisons in one build, hints list ids instead.
    let mut guess_budget: usize = 200_000;
    for i in docs {
        let body = &bodies[i];
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

/// Builds the site at `opts.root` into `opts.output`, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let output_dir = if opts.output.is_absolute() {
        opts.output.clone()
    } else {
        std::env::current_dir()
            .map(|c| c.join(&opts.output))
            .unwrap_or_else(|_| opts.output.clone())
    };
    write::check_output_dir(&opts.root, &output_dir).map_err(|d| Diagnostics::from(vec![d]))?;
    let p = prepare(&opts.root, opts.base_url.as_deref())?;
    let mut warnings = p.warnings.clone();
    let renderer = PageRenderer::new(&p.theme.templates, &p.site, &p.bodies);
    let ids = p.site.page_ids();
    let page_paths: Vec<String> = ids.iter().map(|id| p.site.output_path(*id)).collect();
    let page_set: HashSet<String> = page_paths.iter().cloned().collect();
    let extra = extra_files(&p, &page_set, &mut warnings);
    // Pages are written as they are rendered, so the whole site is never
    // held in memory at once.
    let one = |d: Diagnostic| Diagnostics::from(vec![d]);
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
    let search = p
        .site
        .config
        .search
        .then(|| crate::output::search::Indexer::new(&p.site.config.title));
    let failures: Vec<Diagnostic> = ids
        .par_iter()
        .zip(page_paths.par_iter())
        .filter_map(|(id, path)| {
            let mut html = Vec::with_capacity(64 * 1024);
            renderer
                .render_into(*id, &mut html)
                .inspect(|()| {
                    if let Some(search) = search.as_ref().filter(|_| p.site.is_public(*id)) {
                        let text = std::str::from_utf8(&html).expect("tera output is UTF-8");
                        search.add_page(path, text)
                    }
                })
                .and_then(|()| staging.write(path, &html))
                .err()
        })
        .collect();
    if !failures.is_empty() {
        return Err(render::dedup_errors(failures));
    }
    let search_files = match search {
        Some(search) => search.finish().map_err(one)?,
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
    let leftovers = (p, ids, page_paths, page_set, extra);
    // If no thread can be started, the closure and its data drop right here.
    let _ = std::thread::Builder::new().spawn(move || drop(leftovers));
    Ok(report)
}
