//! Stage 4, templates: fills the theme's tera templates for every output
//! page. What is the same for many pages — the site's navigation, each
//! guide's step list, each guide's step navigation (rendered once per guide
//! and reused on all its steps) — is computed once; pages render in
//! parallel. The variables each template gets are the types in
//! [`template_data`], listed in the README (a test keeps the two in step).

pub mod template_data;
pub mod templates;
pub mod theme;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use std::borrow::Cow;

use rayon::prelude::*;
use serde_json::{Map, Value};
use tera::Context;

use crate::markdown::Rendered;
use crate::model::{Guide, PageId, Site};
use crate::render::template_data::{
    BaseData, ChecklistPageData, ChecklistStep, DirectoryData, FrontData, GuideData, GuideLink,
    GuideNavData, GuidePageData, Link, Neighbour, Nothing, PageCommon, PageData, PagePageData,
    PageVars, PeriodData, SiteData, Span, StatusPageData, StatusStep, StepData, StepPageData,
    TimelineData, TimelinePageData, WhatsNewData,
};
use crate::render::templates::{dedup_errors, error_chain, Templates};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::i18n::{text, ui_strings, Lang};

pub use template_data::NAV_GUIDES;

/// CSS custom properties for the colours in `branding.colors` (already
/// checked for contrast when site.yaml was read). Without colours the file
/// is a comment, so the theme's own colours apply.
pub fn branding_css(config: &crate::content::config::SiteConfig) -> String {
    use crate::shared::colour::{hex, parse_color, shade, tint};
    let c = &config.branding.colors;
    let mut out = String::from("/* stegvis: colours from site.yaml (generated) */\n:root {\n");
    if let Some(p) = c.primary.as_deref().and_then(parse_color) {
        out.push_str(&format!("  --c-primary: {};\n", hex(p)));
        out.push_str(&format!("  --c-primary-dark: {};\n", hex(shade(p, 0.75))));
        out.push_str(&format!("  --c-primary-darker: {};\n", hex(shade(p, 0.5))));
        out.push_str(&format!("  --c-primary-subtle: {};\n", hex(tint(p, 0.9))));
        out.push_str(&format!("  --c-primary-border: {};\n", hex(tint(p, 0.5))));
    }
    if let Some(bg) = c.header_background.as_deref().and_then(parse_color) {
        out.push_str(&format!("  --c-header-bg: {};\n", hex(bg)));
    }
    if let Some(fg) = c.header_text.as_deref().and_then(parse_color) {
        out.push_str(&format!("  --c-header-text: {};\n", hex(fg)));
    }
    out.push_str("}\n");
    out
}

/// Everything needed to render pages. What many pages share — the site
/// navigation, the period, each guide's step navigation and date data for
/// the browser — is computed once, the per-guide parts on first use. What
/// each template gets is defined in [`template_data`].
pub struct PageRenderer<'a> {
    templates: &'a Templates,
    site: &'a Site,
    /// Rendered bodies, indexed by document.
    bodies: &'a [Arc<Rendered>],
    /// Per language (bokmål, nynorsk): `lang`, `t` and `site`, the
    /// variables every template has, cloned for each page.
    base_contexts: [Context; 2],
    /// Per language: copies of the base context lent to one page at a
    /// time. A page adds its own variables and takes them out again, so
    /// `lang`, `t` and `site` are not copied and freed for every page.
    spare_contexts: [Mutex<Vec<Context>>; 2],
    /// Per language (bokmål, nynorsk): `period`, the same on every step,
    /// timeline and status page; None without a period.
    periods: [Option<PeriodData>; 2],
    /// Per guide: the navigation HTML shared by all its step pages.
    guide_navs: Vec<OnceLock<Result<GuideNav, Diagnostic>>>,
    /// Per guide: `dates_json` of its pages (made once, not per page).
    guide_dates: Vec<OnceLock<Option<String>>>,
    /// `dates_json` of top-level pages.
    site_dates: Option<String>,
}

/// Index into the per-language arrays.
fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nb => 0,
        Lang::Nn => 1,
    }
}

/// A tera context from template data (a struct: its fields become the
/// context's variables).
fn context_of(data: &impl serde::Serialize) -> Context {
    Context::from_serialize(data).expect("template data is a struct")
}

impl<'a> PageRenderer<'a> {
    pub fn new(templates: &'a Templates, site: &'a Site, bodies: &'a [Arc<Rendered>]) -> Self {
        let site_data = SiteData::new(site);
        let base_context = |lang: Lang| {
            context_of(&BaseData {
                lang: lang.code(),
                t: ui_strings(lang),
                site: &site_data,
            })
        };
        let period = |lang: Lang| {
            site.config
                .period
                .as_ref()
                .map(|p| PeriodData::new(p, lang))
        };
        PageRenderer {
            templates,
            site,
            bodies,
            base_contexts: [base_context(Lang::Nb), base_context(Lang::Nn)],
            spare_contexts: Default::default(),
            periods: [period(Lang::Nb), period(Lang::Nn)],
            guide_navs: site.guides.iter().map(|_| OnceLock::new()).collect(),
            guide_dates: site.guides.iter().map(|_| OnceLock::new()).collect(),
            site_dates: template_data::dates_json(site, None),
        }
    }

    fn base_context(&self, lang: Lang) -> Context {
        self.base_contexts[lang_index(lang)].clone()
    }

    fn period(&self, lang: Lang) -> Option<&PeriodData> {
        self.periods[lang_index(lang)].as_ref()
    }

    /// The page on how rules between dates are counted, if the site has it.
    fn counting_url(&self) -> Option<String> {
        self.site
            .pages
            .iter()
            .find(|p| self.site.docs[p.doc].key == crate::shared::file_names::COUNTING_PAGE)
            .map(|p| p.url.clone())
    }

    fn guide_dates(&self, g: usize) -> Option<&str> {
        self.guide_dates[g]
            .get_or_init(|| template_data::dates_json(self.site, Some(&self.site.guides[g])))
            .as_deref()
    }

    fn guide_nav(&self, g: usize) -> Result<&GuideNav, Diagnostic> {
        self.guide_navs[g]
            .get_or_init(|| {
                let guide = &self.site.guides[g];
                let mut ctx = self.base_context(guide.lang);
                ctx.extend(context_of(&GuideNavData {
                    guide: GuideData::new(self.site, guide, self.bodies, ""),
                }));
                self.render_template("guide_nav.html", &ctx)
                    .map(GuideNav::new)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn render_template(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        let mut out = Vec::new();
        self.render_template_into(name, ctx, &mut out)?;
        // tera writes what its templates and values hold: UTF-8 text.
        Ok(String::from_utf8(out).expect("tera output is UTF-8"))
    }

    /// Renders into `out` as bytes (no text copy, no UTF-8 check: the build
    /// writes the bytes straight to the page's file).
    fn render_template_into(
        &self,
        name: &str,
        ctx: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.templates.tera.render_to(name, ctx, out).map_err(|e| {
            let chain = error_chain(&e);
            let detail = chain.last().cloned().unwrap_or_default();
            let mut d = Diagnostic::error(
                "template",
                format!("malen `{name}` kunne ikke fylles ut: {detail}"),
            )
            .with_hint(
                "sjekk at malen bare bruker variabler som finnes for denne sidetypen (se README)",
            );
            d.file = self.templates.origins.get(name).cloned();
            d
        })
    }

    fn body(&self, doc: usize) -> &'a Rendered {
        &self.bodies[doc]
    }

    /// Renders one page to HTML.
    pub fn render(&self, id: PageId) -> Result<String, Diagnostic> {
        let mut out = Vec::new();
        self.render_into(id, &mut out)?;
        Ok(String::from_utf8(out).expect("tera output is UTF-8"))
    }

    /// Renders one page's HTML into `out` (UTF-8 bytes): the language's
    /// [`BaseData`] (in a lent context), the [`PageCommon`] variables and
    /// the page type's own.
    pub fn render_into(&self, id: PageId, out: &mut Vec<u8>) -> Result<(), Diagnostic> {
        let lang = self.site.lang(id);
        let (template, own) = self.page_own_vars(id, lang)?;
        let names: Vec<String> = own.keys().cloned().collect();
        let spares = &self.spare_contexts[lang_index(lang)];
        let lent = spares.lock().expect("no panic while locked").pop();
        let mut context = lent.unwrap_or_else(|| self.base_context(lang));
        // A page variable named like a base one would take it away with
        // it: such a context is not lent again.
        let reusable = !names.iter().any(|n| context.contains_key(n));
        context.extend(Context::from_value(Value::Object(own)).expect("an object"));
        let result = self.render_template_into(template, &context, out);
        if reusable {
            for name in &names {
                context.remove(name);
            }
            spares.lock().expect("no panic while locked").push(context);
        }
        result
    }

    /// A page's template and the variables it adds to [`BaseData`]: the
    /// [`PageCommon`] ones and the page type's own.
    fn page_own_vars(
        &self,
        id: PageId,
        lang: Lang,
    ) -> Result<(&'static str, Map<String, Value>), Diagnostic> {
        let (common, vars) = self.page_vars(id, lang)?;
        let as_map = |data: Value| match data {
            Value::Object(map) => map,
            _ => unreachable!("template data is a struct"),
        };
        let mut own = as_map(serde_json::to_value(&common).expect("template data serializes"));
        own.extend(as_map(
            serde_json::to_value(&vars).expect("template data serializes"),
        ));
        Ok((vars.template(), own))
    }

    /// A page's [`PageCommon`] and its own variables, by page type.
    fn page_vars(
        &self,
        id: PageId,
        lang: Lang,
    ) -> Result<(PageCommon<'_>, PageVars<'_>), Diagnostic> {
        let site = self.site;
        let home = template_data::home_link(site, lang);
        let common =
            |title: Cow<'a, str>, breadcrumbs| PageCommon::new(site, id, title, breadcrumbs);
        // A guide's subpage: «Sjekkliste – <guide>», below the guide.
        let guide_sub = |g: usize, what: &str| {
            let guide = &site.guides[g];
            let title = format!("{} – {}", text(lang, what), guide.title);
            common(title.into(), vec![home, guide_crumb(guide)])
        };
        Ok(match id {
            PageId::Front => (
                common(site.config.title.as_str().into(), Vec::new()),
                PageVars::Front(FrontData::new(site, self.bodies)),
            ),
            PageId::NotFound => (
                common(text(lang, "not_found_title").into(), Vec::new()),
                PageVars::Nothing(Nothing::NotFound),
            ),
            PageId::Search => (
                common(text(lang, "search").into(), vec![home]),
                PageVars::Nothing(Nothing::Search),
            ),
            PageId::WhatsNew => (
                common(text(lang, "whats_new").into(), vec![home]),
                PageVars::WhatsNew(WhatsNewData::new(site, lang)),
            ),
            PageId::Guide(g) => {
                let guide = &site.guides[g];
                (
                    common(guide.title.as_str().into(), vec![home]),
                    PageVars::Guide(self.guide_page(g)),
                )
            }
            PageId::Step(g, s) => {
                let guide = &site.guides[g];
                let step = &guide.steps[s];
                (
                    common(step.title.as_str().into(), vec![home, guide_crumb(guide)]),
                    PageVars::Step(Box::new(self.step_page(g, s)?)),
                )
            }
            PageId::Checklist(g) => (
                guide_sub(g, "checklist"),
                PageVars::Checklist(self.checklist_page(g)),
            ),
            PageId::Timeline(g) => (
                guide_sub(g, "timeline"),
                PageVars::Timeline(self.timeline_page(g)),
            ),
            PageId::Status(g) => (
                guide_sub(g, "status_report"),
                PageVars::Status(self.status_page(g)),
            ),
            PageId::Page(p) => {
                let page = &site.pages[p];
                (
                    common(page.title.as_str().into(), vec![home]),
                    PageVars::Page(self.top_page(p)),
                )
            }
        })
    }

    /// `guide.html`: a guide's overview.
    fn guide_page(&self, g: usize) -> GuidePageData<'_> {
        let guide = &self.site.guides[g];
        GuidePageData {
            guide: GuideData::new(self.site, guide, self.bodies, &self.body(guide.doc).html),
            sources: template_data::sources(self.site, guide.doc),
            dates_json: self.guide_dates(g),
        }
    }

    /// `step.html`: a step, with its neighbours and the guide's navigation.
    fn step_page(&self, g: usize, s: usize) -> Result<StepPageData<'_>, Diagnostic> {
        let site = self.site;
        let guide = &site.guides[g];
        let step = &guide.steps[s];
        let neighbour = |i: Option<usize>| i.and_then(|i| guide.steps.get(i)).map(Neighbour::new);
        Ok(StepPageData {
            guide: GuideLink::new(site, guide),
            step_count: guide.steps.len(),
            step: StepData::new(step, self.body(step.doc)),
            period: self.period(step.lang),
            sources: template_data::sources(site, step.doc),
            dates_json: self.guide_dates(g),
            prev: neighbour(s.checked_sub(1)),
            next: neighbour(Some(s + 1)),
            guide_nav: self.guide_nav(g)?.marking_current(&step.url),
        })
    }

    /// `checklist.html`: every step's checklist items.
    fn checklist_page(&self, g: usize) -> ChecklistPageData<'_> {
        let guide = &self.site.guides[g];
        ChecklistPageData {
            guide: GuideLink::new(self.site, guide),
            steps: guide
                .steps
                .iter()
                .map(|s| ChecklistStep {
                    number: s.number,
                    title: &s.title,
                    url: &s.url,
                    kind: s.kind.as_str(),
                    items: template_data::check_items(self.body(s.doc)),
                })
                .collect(),
            formkrav: template_data::guide_formkrav(guide, self.bodies),
        }
    }

    /// `timeline.html`: the guide's timeline.
    fn timeline_page(&self, g: usize) -> TimelinePageData<'_> {
        let guide = &self.site.guides[g];
        TimelinePageData {
            guide: GuideLink::new(self.site, guide),
            timeline: TimelineData::new(
                guide,
                self.period(guide.lang),
                guide.lang,
                self.counting_url(),
            ),
            dates_json: self.guide_dates(g),
        }
    }

    /// `status.html`: the timeline and every step with its window and
    /// checklist items.
    fn status_page(&self, g: usize) -> StatusPageData<'_> {
        let guide = &self.site.guides[g];
        StatusPageData {
            guide: GuideLink::new(self.site, guide),
            timeline: TimelineData::new(
                guide,
                self.period(guide.lang),
                guide.lang,
                self.counting_url(),
            ),
            steps: guide
                .steps
                .iter()
                .map(|s| StatusStep {
                    number: s.number,
                    title: &s.title,
                    url: &s.url,
                    kind: s.kind.as_str(),
                    summary: &s.summary,
                    when: Span::of_step(s),
                    items: template_data::check_items(self.body(s.doc)),
                })
                .collect(),
            formkrav: template_data::guide_formkrav(guide, self.bodies),
            noindex: true,
            dates_json: self.guide_dates(g),
        }
    }

    /// `page.html`: a top-level page.
    fn top_page(&self, p: usize) -> PagePageData<'_> {
        let page = &self.site.pages[p];
        PagePageData {
            page: PageData::new(page, self.body(page.doc)),
            sources: template_data::sources(self.site, page.doc),
            noindex: page.unlisted,
            dates_json: self.site_dates.as_deref(),
            help_directory: page
                .help_directory
                .then(|| DirectoryData::new(self.site, page.lang))
                .flatten(),
        }
    }
}

/// A guide in breadcrumbs.
fn guide_crumb(guide: &Guide) -> Link<'_> {
    Link {
        title: &guide.title,
        url: &guide.url,
    }
}

/// A guide's navigation, rendered once and shared by its step pages; each
/// step page marks its own link with `aria-current="page"` (the first link
/// to the step's address). A theme whose navigation has no such link is
/// left as it is.
struct GuideNav {
    html: String,
    /// By address as written in `href="…"`: where its first such
    /// attribute ends in `html`, so a step page need not search for it.
    link_ends: HashMap<String, usize>,
}

impl GuideNav {
    fn new(html: String) -> Self {
        const OPEN: &str = "href=\"";
        let mut link_ends = HashMap::new();
        // Every `href="`: the pattern cannot overlap itself, so these are
        // all the places a search for `href="<address>"` could match.
        for (at, _) in html.match_indices(OPEN) {
            let value = at + OPEN.len();
            if let Some(len) = html[value..].find('"') {
                let address = &html[value..value + len];
                if !link_ends.contains_key(address) {
                    link_ends.insert(address.to_string(), value + len + 1);
                }
            }
        }
        GuideNav { html, link_ends }
    }

    /// The navigation with the first link to `url` marked as the current
    /// page.
    fn marking_current(&self, url: &str) -> String {
        let nav = &self.html;
        match self.link_ends.get(&crate::shared::html::escape(url)) {
            Some(&end) => {
                let mut out = String::with_capacity(nav.len() + 24);
                out.push_str(&nav[..end]);
                out.push_str(" aria-current=\"page\"");
                out.push_str(&nav[end..]);
                out
            }
            None => nav.clone(),
        }
    }
}

/// Where [`render_each`] sends a rendered page: its id, output path and
/// HTML (UTF-8 bytes); what it returns is collected in page order.
pub type PageSink<'s, T> = dyn Fn(PageId, String, Vec<u8>) -> Result<T, Diagnostic> + Sync + 's;

/// The one way pages are rendered (build, check and the preview): the
/// pages `ids` in parallel, each going to `sink` with its output path as
/// soon as it is rendered, so a build never holds the whole site in memory.
/// Returns what the sink returned for each page, in the order of `ids`, or
/// every failure (of rendering or of the sink), once per cause.
pub fn render_each<T: Send>(
    renderer: &PageRenderer<'_>,
    ids: &[PageId],
    sink: &PageSink<'_, T>,
) -> Result<Vec<T>, Diagnostics> {
    let results: Vec<Result<T, Diagnostic>> = ids
        .par_iter()
        .map(|&id| {
            let mut html = Vec::with_capacity(64 * 1024);
            renderer
                .render_into(id, &mut html)
                .and_then(|()| sink(id, renderer.site.output_path(id), html))
        })
        .collect();
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(dedup_errors(errors))
    }
}

/// Every page of `ids` kept in memory: (page, output path, html), through
/// [`render_each`].
pub fn render_all(
    renderer: &PageRenderer<'_>,
    ids: &[PageId],
) -> Result<Vec<(PageId, String, String)>, Diagnostics> {
    render_each(renderer, ids, &|id, path, html| {
        // tera writes what its templates and values hold: UTF-8 text.
        Ok((
            id,
            path,
            String::from_utf8(html).expect("tera output is UTF-8"),
        ))
    })
}

#[cfg(test)]
impl PageRenderer<'_> {
    /// A page's template and its whole context, put together afresh (what
    /// [`PageRenderer::render_into`] renders with).
    fn page_context(&self, id: PageId) -> Result<(&'static str, Context), Diagnostic> {
        let lang = self.site.lang(id);
        let (template, own) = self.page_own_vars(id, lang)?;
        let mut context = self.base_context(lang);
        context.extend(Context::from_value(Value::Object(own)).expect("an object"));
        Ok((template, context))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search this index replaced: the first `href="<address>"`.
    fn marked_by_search(nav: &str, url: &str) -> String {
        let link = format!("href=\"{}\"", crate::shared::html::escape(url));
        match nav.find(&link) {
            Some(i) => {
                let end = i + link.len();
                format!("{} aria-current=\"page\"{}", &nav[..end], &nav[end..])
            }
            None => nav.to_string(),
        }
    }

    #[test]
    fn the_current_step_is_the_first_link_to_its_address() {
        let nav = concat!(
            r#"<nav><a href="/g/">G</a><ol><li><a data-href="/g/a/">x</a>"#,
            r#"<a class="l" href="/g/a/">A</a></li><li><a href="/g/b/">B</a>"#,
            r#"<a href="/g/b/">B again</a><a href="xhref="/g/c/">odd</a>"#,
            r#"<a href="/g/d/?a=1&amp;b=2">D</a></li></ol><a href="/g/a/">again</a>"#,
        );
        let cached = GuideNav::new(nav.to_string());
        for url in [
            "/g/",
            "/g/a/",
            "/g/b/",
            "/g/c/",
            "/g/d/?a=1&b=2",
            "/g/e/",
            "",
        ] {
            assert_eq!(
                cached.marking_current(url),
                marked_by_search(nav, url),
                "{url}"
            );
        }
        let a = cached.marking_current("/g/a/");
        assert_eq!(a.matches("aria-current").count(), 1);
        assert!(a.contains(r#"<a data-href="/g/a/" aria-current="page">x</a>"#));
        assert_eq!(cached.marking_current("/g/e/"), nav);
    }

    /// Pages rendered one after another through the lent contexts are the
    /// pages rendered each in a context of its own: no page's variables
    /// are left behind for the next (the default theme asks `noindex is
    /// defined`, which only some pages have).
    #[test]
    fn lent_contexts_render_as_fresh_ones() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let built = crate::pipeline::render_site(root, None).expect("the bundled guide builds");
        let theme = theme::load(
            &crate::content::layers::Layers::single(root),
            &built.site.config.theme,
        )
        .expect("its theme loads");
        let renderer = PageRenderer::new(&theme.templates, &built.site, &built.bodies);
        let ids = built.site.page_ids();
        assert!(ids.iter().any(|id| matches!(id, PageId::Status(_))));
        assert!(ids.iter().any(|id| matches!(id, PageId::Step(..))));
        // Twice round, so every page type follows every other.
        for id in ids.iter().chain(&ids) {
            let lent = renderer.render(*id).expect("renders");
            let (template, context) = renderer.page_context(*id).expect("has a context");
            let fresh = renderer
                .render_template(template, &context)
                .expect("renders");
            assert!(
                lent == fresh,
                "{id:?} renders differently in a lent context"
            );
        }
        assert_eq!(
            renderer.spare_contexts[0].lock().unwrap().len(),
            1,
            "one page at a time, one context"
        );
    }
}
