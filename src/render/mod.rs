//! Stage 4, templates: fills the theme's tera templates for every output
//! page. What is the same for many pages — the site's navigation, each
//! guide's step list, each guide's step navigation (rendered once per guide
//! and reused on all its steps) — is computed once; pages render in
//! parallel. The variables each template gets are listed in the README.

pub mod theme;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::{json, Value};
use tera::{Context, Tera};

use crate::markdown::Rendered;
use crate::model::{Dated, Guide, PageId, Site, Step};
use crate::render::theme::TemplateSource;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::i18n::{format_date, ui_strings, Lang};

/// A page's own template variables, moved into its tera context in one go.
#[derive(Default)]
struct Vars(serde_json::Map<String, Value>);

impl Vars {
    fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(key.to_string(), value.into());
    }

    fn into_context(self) -> Context {
        Context::from_value(Value::Object(self.0)).expect("a JSON object is a context")
    }
}

/// How many guides `site.guides` (the navigation on every page) lists.
pub const NAV_GUIDES: usize = 8;

/// CSS custom properties for the colours in `branding.colors` (already
/// checked for contrast when site.yaml was read). Without colours the file
/// is a comment, so the theme's own colours apply.
pub fn branding_css(config: &crate::content::config::SiteConfig) -> String {
    use crate::content::config::{hex, parse_color};
    let c = &config.branding.colors;
    let mut out = String::from("/* stegvis: colours from site.yaml (generated) */\n:root {\n");
    if let Some(p) = c.primary.as_deref().and_then(parse_color) {
        let shade = |f: f64| {
            hex((
                (f64::from(p.0) * f) as u8,
                (f64::from(p.1) * f) as u8,
                (f64::from(p.2) * f) as u8,
            ))
        };
        let tint = |f: f64| {
            let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * f) as u8;
            hex((mix(p.0), mix(p.1), mix(p.2)))
        };
        out.push_str(&format!("  --c-primary: {};\n", hex(p)));
        out.push_str(&format!("  --c-primary-dark: {};\n", shade(0.75)));
        out.push_str(&format!("  --c-primary-darker: {};\n", shade(0.5)));
        out.push_str(&format!("  --c-primary-subtle: {};\n", tint(0.9)));
        out.push_str(&format!("  --c-primary-border: {};\n", tint(0.5)));
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

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "guide.html",
    "guide_nav.html",
    "step.html",
    "checklist.html",
    "timeline.html",
    "status.html",
    "page.html",
    "search.html",
    "whats_new.html",
    "404.html",
];

/// The compiled templates, and the file each came from (for messages).
pub struct Templates {
    pub tera: Tera,
    pub origins: HashMap<String, PathBuf>,
}

/// Parses the templates into one tera instance. Errors name the template's
/// file and, where tera gives one, the line.
pub fn compile_templates(sources: &[TemplateSource]) -> Result<Templates, Diagnostics> {
    let mut diags = Diagnostics::default();
    for required in REQUIRED_TEMPLATES {
        if !sources.iter().any(|s| s.name == *required) {
            diags.push(
                Diagnostic::error("template", format!("temaet mangler malen `{required}`"))
                    .with_hint("kopier malen fra themes/default/templates/"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Tera stops at the first broken template; leave it out and try again,
    // so every broken template is reported, each against its own file.
    let mut remaining: Vec<&TemplateSource> = sources.iter().collect();
    loop {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also escapes `/`, which bloats every URL.
        tera.set_escape_fn(crate::shared::html::escape);
        match tera.add_raw_templates(remaining.iter().map(|s| (s.name.as_str(), s.text.as_str()))) {
            Ok(()) if !diags.has_errors() => {
                let origins = sources
                    .iter()
                    .map(|s| (s.name.clone(), s.origin.clone()))
                    .collect();
                return Ok(Templates { tera, origins });
            }
            Ok(()) => return Err(diags),
            Err(e) => {
                let d = template_error(&e, sources, None);
                let culprit = d
                    .file
                    .as_ref()
                    .and_then(|f| remaining.iter().position(|s| &s.origin == f));
                diags.push(d);
                match culprit {
                    Some(i) => {
                        remaining.remove(i);
                    }
                    None => return Err(diags),
                }
            }
        }
    }
}

/// The whole chain of a tera error, one cause per line.
fn error_chain(e: &tera::Error) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        out.push(c.to_string());
        cur = c.source();
    }
    out
}

fn template_error(
    e: &tera::Error,
    sources: &[TemplateSource],
    known: Option<&TemplateSource>,
) -> Diagnostic {
    let chain = error_chain(e);
    let joined = chain.join("\n");
    // Which template: the one named first in the chain.
    let source = known.or_else(|| {
        sources
            .iter()
            .filter_map(|s| joined.find(&format!("'{}'", s.name)).map(|at| (at, s)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, s)| s)
    });
    // Tera's parse errors carry ` --> line:column`.
    let (line, column) = joined
        .split(" --> ")
        .nth(1)
        .and_then(|rest| {
            let pos: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let mut parts = pos.split(':');
            Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .map_or((None, None), |(l, c): (usize, usize)| (Some(l), Some(c)));
    let detail = chain
        .iter()
        .skip(1)
        .last()
        .cloned()
        .unwrap_or_else(|| chain[0].clone());
    let detail = detail.lines().last().unwrap_or("").trim().to_string();
    let name = source.map_or("?".to_string(), |s| s.name.clone());
    let mut d = Diagnostic::error("template", format!("feil i malen `{name}`: {detail}"))
        .with_hint("rett malen; tera-syntaksen er beskrevet på keats.github.io/tera");
    d.line = line;
    d.column = column;
    if let Some(s) = source {
        d.file = Some(s.origin.clone());
    }
    d
}

/// Everything needed to render pages. What many pages share — the site
/// navigation, each guide's step list and step navigation — is computed
/// once, the per-guide parts on first use.
pub struct PageRenderer<'a> {
    templates: &'a Templates,
    site: &'a Site,
    /// Rendered bodies, indexed by document.
    bodies: &'a [Arc<Rendered>],
    site_value: Value,
    /// Per language (bokmål, nynorsk): `lang`, `t` and `site`,
    /// the variables every page has, cloned for each page.
    base_contexts: [Context; 2],
    /// Per language (bokmål, nynorsk): `period`, the same on every step
    /// and timeline page.
    periods: [Option<Value>; 2],
    /// Per guide: the summary value used on the overview and in the nav.
    guide_values: Vec<OnceLock<Value>>,
    /// Per guide: the navigation HTML shared by all its step pages.
    guide_navs: Vec<OnceLock<Result<String, Diagnostic>>>,
    /// Per guide: `dates_json` of its pages (made once, not per page).
    guide_dates: Vec<OnceLock<Option<String>>>,
    /// `dates_json` of top-level pages.
    site_dates: Option<String>,
}

fn date_value(d: NaiveDate, lang: Lang) -> (String, String) {
    (format_date(d, lang), d.format("%Y-%m-%d").to_string())
}

impl<'a> PageRenderer<'a> {
    pub fn new(templates: &'a Templates, site: &'a Site, bodies: &'a [Arc<Rendered>]) -> Self {
        let base = &site.config.base_path;
        let site_value = json!({
            "title": site.config.title,
            "description": site.config.description,
            "base": base,
            "base_url": site.config.base_url,
            "language": site.config.language.code(),
            "accessibility_statement": site.accessibility_statement,
            "feed_url": site.url_for(crate::shared::file_names::ATOM_FILE),
            "whats_new_url": site.url(PageId::WhatsNew),
            "csp": crate::content::csp::meta_policy(&site.config.csp),
            "branding": {
                "name": site.config.branding.name,
                "logo_url": site.config.branding.logo.as_ref().map(|l| site.url_for(l.trim_start_matches('/'))),
                "logo_alt": site.config.branding.logo_alt.clone()
                    .or_else(|| site.config.branding.name.clone())
                    .unwrap_or_else(|| site.config.title.clone()),
            },
            "help": site.config.help.as_ref().map(|h| json!({
                "title": h.title.clone().unwrap_or_else(|| crate::shared::i18n::text(site.config.language, "help").to_string()),
                "text": h.text,
                "contacts": h.contacts,
            })),
            // The navigation shows the first few guides; every page carries
            // this, so a site with hundreds of guides must not list them all
            // on every page (the front page gets all of them as `guides`).
            "guide_count": site.guides.len(),
            "more_guides": site.guides.len() > NAV_GUIDES,
            "guides": site.guides.iter().take(NAV_GUIDES).map(|g| json!({
                "title": g.title, "url": g.url, "summary": g.summary, "lang": g.lang.code(),
            })).collect::<Vec<_>>(),
            "pages": site.pages.iter().filter(|p| !p.unlisted).map(|p| json!({
                "title": p.title, "url": p.url, "summary": p.summary, "lang": p.lang.code(),
            })).collect::<Vec<_>>(),
        });
        let base_context = |lang: Lang| {
            let mut ctx = Context::new();
            ctx.insert("lang", lang.code());
            ctx.insert("t", ui_strings(lang));
            ctx.insert("site", &site_value);
            ctx
        };
        PageRenderer {
            templates,
            site,
            bodies,
            base_contexts: [base_context(Lang::Nb), base_context(Lang::Nn)],
            periods: [period_value(site, Lang::Nb), period_value(site, Lang::Nn)],
            site_value,
            guide_values: site.guides.iter().map(|_| OnceLock::new()).collect(),
            guide_navs: site.guides.iter().map(|_| OnceLock::new()).collect(),
            guide_dates: site.guides.iter().map(|_| OnceLock::new()).collect(),
            site_dates: dates_json(site, None),
        }
    }

    fn guide_value(&self, g: usize) -> &Value {
        self.guide_values[g]
            .get_or_init(|| guide_value(self.site, &self.site.guides[g], self.bodies))
    }

    fn guide_dates(&self, g: usize) -> Option<String> {
        self.guide_dates[g]
            .get_or_init(|| dates_json(self.site, Some(&self.site.guides[g])))
            .clone()
    }

    fn guide_nav(&self, g: usize) -> Result<&String, Diagnostic> {
        self.guide_navs[g]
            .get_or_init(|| {
                let lang = self.site.guides[g].lang;
                let mut ctx = Context::new();
                ctx.insert("lang", lang.code());
                ctx.insert("t", ui_strings(lang));
                ctx.insert("site", &self.site_value);
                ctx.insert("guide", self.guide_value(g));
                self.render_template("guide_nav.html", &ctx)
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

    fn body(&self, doc: usize) -> &Rendered {
        &self.bodies[doc]
    }

    /// Renders one page to HTML.
    pub fn render(&self, id: PageId) -> Result<String, Diagnostic> {
        let mut out = Vec::new();
        self.render_into(id, &mut out)?;
        Ok(String::from_utf8(out).expect("tera output is UTF-8"))
    }

    /// Renders one page's HTML into `out` (UTF-8 bytes).
    pub fn render_into(&self, id: PageId, out: &mut Vec<u8>) -> Result<(), Diagnostic> {
        let site = self.site;
        let lang = site.lang(id);
        // Page variables are gathered as owned JSON and moved into the
        // context: tera's `Context::insert` would serialize (deep-copy)
        // every value once more, the page body included.
        let mut ctx = Vars::default();
        let url = site.url(id);
        let canonical = format!(
            "{}{}",
            site.config.base_url,
            url.strip_prefix(&site.config.base_path).unwrap_or(&url)
        );
        ctx.set("url", url);
        ctx.set("canonical", canonical);
        ctx.set("live_reload", false);
        let home =
            json!({"title": crate::shared::i18n::text(lang, "home"), "url": site.config.base_path});

        let template = match id {
            PageId::Front => {
                ctx.set("title", site.config.title.as_str());
                ctx.set("breadcrumbs", Vec::<Value>::new());
                let intro = site.index.map(|i| self.body(i).html.as_str()).unwrap_or("");
                ctx.set("intro_html", intro);
                let guides: Vec<Value> = site
                    .guides
                    .iter()
                    .map(|g| {
                        json!({"title": g.title, "summary": g.summary, "url": g.url,
                               "step_count": g.steps.len(), "lang": g.lang.code()})
                    })
                    .collect();
                ctx.set("guides", guides);
                let pages: Vec<Value> = site
                    .pages
                    .iter()
                    .filter(|p| !p.unlisted)
                    .map(|p| json!({"title": p.title, "summary": p.summary, "url": p.url, "lang": p.lang.code()}))
                    .collect();
                ctx.set("pages", pages);
                let front_title = site
                    .index
                    .and_then(|i| crate::model::page_meta(&site.docs[i]))
                    .map(|m| m.title.clone());
                ctx.set("intro_title", front_title);
                "index.html"
            }
            PageId::NotFound => {
                ctx.set("title", crate::shared::i18n::text(lang, "not_found_title"));
                ctx.set("breadcrumbs", Vec::<Value>::new());
                "404.html"
            }
            PageId::Search => {
                ctx.set("title", crate::shared::i18n::text(lang, "search"));
                ctx.set("breadcrumbs", vec![home]);
                "search.html"
            }
            PageId::WhatsNew => {
                ctx.set("title", crate::shared::i18n::text(lang, "whats_new"));
                ctx.set("breadcrumbs", vec![home]);
                let changes: Vec<Value> = site
                    .change_groups()
                    .iter()
                    .map(|c| {
                        let (date, iso) = date_value(c.date, lang);
                        let steps: Vec<Value> = c
                            .steps
                            .iter()
                            .map(|s| {
                                json!({"number": s.number, "title": s.title,
                                            "url": s.url, "kind": s.kind.as_str()})
                            })
                            .collect();
                        json!({"date": date, "date_iso": iso, "note": c.note,
                               "step": steps[0], "steps": steps,
                               "guide": {"title": c.guide.title, "url": c.guide.url}})
                    })
                    .collect();
                ctx.set("changes", changes);
                ctx.set(
                    "feed_url",
                    site.url_for(crate::shared::file_names::ATOM_FILE),
                );
                "whats_new.html"
            }
            PageId::Guide(g) => {
                let guide = &site.guides[g];
                ctx.set("title", guide.title.as_str());
                ctx.set("breadcrumbs", vec![home]);
                let mut v = self.guide_value(g).clone();
                v["body_html"] = Value::String(self.body(guide.doc).html.clone());
                ctx.set("guide", v);
                ctx.set("sources", sources_value(site, guide.doc));
                ctx.set("dates_json", self.guide_dates(g));
                "guide.html"
            }
            PageId::Step(g, s) => {
                let guide = &site.guides[g];
                let step = &guide.steps[s];
                ctx.set("title", step.title.as_str());
                ctx.set(
                    "breadcrumbs",
                    vec![home, json!({"title": guide.title, "url": guide.url})],
                );
                ctx.set("guide", guide_link_value(site, guide));
                ctx.set("step_count", guide.steps.len());
                ctx.set("step", self.step_value(step));
                ctx.set("period", self.period_value(lang));
                ctx.set("sources", sources_value(site, step.doc));
                ctx.set("dates_json", self.guide_dates(g));
                let neighbour = |i: Option<usize>| {
                    i.and_then(|i| guide.steps.get(i))
                        .map(|n| json!({"number": n.number, "title": n.title, "url": n.url}))
                };
                ctx.set("prev", neighbour(s.checked_sub(1)));
                ctx.set("next", neighbour(Some(s + 1)));
                ctx.set("guide_nav", mark_current(self.guide_nav(g)?, &step.url));
                "step.html"
            }
            PageId::Checklist(g) => {
                let guide = &site.guides[g];
                ctx.set(
                    "title",
                    format!(
                        "{} – {}",
                        crate::shared::i18n::text(lang, "checklist"),
                        guide.title
                    ),
                );
                ctx.set(
                    "breadcrumbs",
                    vec![home, json!({"title": guide.title, "url": guide.url})],
                );
                ctx.set("guide", guide_link_value(site, guide));
                let steps: Vec<Value> = guide
                    .steps
                    .iter()
                    .map(|s| {
                        json!({"number": s.number, "title": s.title, "url": s.url,
                               "kind": s.kind.as_str(), "items": self.body(s.doc).checklist})
                    })
                    .collect();
                ctx.set("steps", steps);
                "checklist.html"
            }
            PageId::Timeline(g) => {
                let guide = &site.guides[g];
                ctx.set(
                    "title",
                    format!(
                        "{} – {}",
                        crate::shared::i18n::text(lang, "timeline"),
                        guide.title
                    ),
                );
                ctx.set(
                    "breadcrumbs",
                    vec![home, json!({"title": guide.title, "url": guide.url})],
                );
                ctx.set("guide", guide_link_value(site, guide));
                self.insert_timeline(&mut ctx, guide, lang);
                ctx.set("dates_json", self.guide_dates(g));
                "timeline.html"
            }
            PageId::Status(g) => {
                let guide = &site.guides[g];
                ctx.set(
                    "title",
                    format!(
                        "{} – {}",
                        crate::shared::i18n::text(lang, "status_report"),
                        guide.title
                    ),
                );
                ctx.set(
                    "breadcrumbs",
                    vec![home, json!({"title": guide.title, "url": guide.url})],
                );
                ctx.set("guide", guide_link_value(site, guide));
                self.insert_timeline(&mut ctx, guide, lang);
                let steps: Vec<Value> = guide
                    .steps
                    .iter()
                    .map(|s| self.status_step_value(s))
                    .collect();
                ctx.set("steps", steps);
                ctx.set("noindex", true);
                ctx.set("dates_json", self.guide_dates(g));
                "status.html"
            }
            PageId::Page(p) => {
                let page = &site.pages[p];
                ctx.set("title", page.title.as_str());
                ctx.set("breadcrumbs", vec![home]);
                let (updated, updated_iso) = match page.updated {
                    Some(d) => {
                        let (a, b) = date_value(d, lang);
                        (Some(a), Some(b))
                    }
                    None => (None, None),
                };
                ctx.set(
                    "page",
                    json!({"title": page.title, "summary": page.summary,
                            "body_html": self.body(page.doc).html,
                            "updated": updated, "updated_iso": updated_iso, "url": page.url}),
                );
                ctx.set("sources", sources_value(site, page.doc));
                ctx.set("noindex", page.unlisted);
                ctx.set("dates_json", self.site_dates.clone());
                "page.html"
            }
        };
        let mut context = match lang {
            Lang::Nb => &self.base_contexts[0],
            Lang::Nn => &self.base_contexts[1],
        }
        .clone();
        context.extend(ctx.into_context());
        self.render_template_into(template, &context, out)
    }

    fn step_value(&self, step: &Step) -> Value {
        let lang = step.lang;
        let body = self.body(step.doc);
        let (updated, updated_iso) = date_value(step.updated, lang);
        let when_text = step.when.as_ref().map(|(start, end)| match end {
            Some(end) if end.date != start.date => format!(
                "{} – {}",
                format_date(start.date, lang),
                format_date(end.date, lang)
            ),
            _ => format_date(start.date, lang),
        });
        let changes: Vec<Value> = step
            .changes
            .iter()
            .map(|(d, note)| {
                let (date, iso) = date_value(*d, lang);
                json!({"date": date, "date_iso": iso, "note": note})
            })
            .collect();
        let legal: Vec<Value> = step
            .legal
            .iter()
            .map(|l| {
                json!({"law_name": l.law_name, "law_id": l.law_id, "section": l.section,
                       "label": l.label, "url": l.url, "requirement": l.requirement,
                       "obligation": l.obligation.map(|o| o.as_str())})
            })
            .collect();
        json!({
            "number": step.number, "title": step.title, "kind": step.kind.as_str(),
            "summary": step.summary, "body_html": body.html, "url": step.url,
            "updated": updated, "updated_iso": updated_iso, "when_text": when_text,
            "when_start": step.when.as_ref().map(|w| format_date(w.0.date, lang)),
            "when_end": step.when.as_ref().map(|w| format_date(w.1.as_ref().unwrap_or(&w.0).date, lang)),
            "when_start_expr": step.when.as_ref().map(|w| w.0.expr.clone()),
            "when_end_expr": step.when.as_ref().map(|w| w.1.as_ref().unwrap_or(&w.0).expr.clone()),
            "when_start_iso": step.when.as_ref().map(|w| w.0.date.format("%Y-%m-%d").to_string()),
            "when_end_iso": step.when.as_ref().map(|w| w.1.as_ref().unwrap_or(&w.0).date.format("%Y-%m-%d").to_string()),
            "legal": legal, "checklist": body.checklist, "changes": changes,
        })
    }

    /// A step as the status report shows it: its label, its time window
    /// (text, ISO date and expression, so the script can follow typed
    /// dates) and its checklist items.
    fn status_step_value(&self, s: &Step) -> Value {
        let lang = s.lang;
        let window = s.when.as_ref().map(|(start, end)| {
            let end = end.as_ref().unwrap_or(start);
            let (a, a_iso) = date_value(start.date, lang);
            let (b, b_iso) = date_value(end.date, lang);
            json!({"start": a, "start_iso": a_iso, "start_expr": start.expr,
                   "end": b, "end_iso": b_iso, "end_expr": end.expr})
        });
        json!({"number": s.number, "title": s.title, "url": s.url, "kind": s.kind.as_str(),
               "summary": s.summary, "when": window, "items": self.body(s.doc).checklist})
    }

    /// The period from `site.yaml` (`period` in the step and timeline
    /// templates), or None when the site has none.
    fn period_value(&self, lang: Lang) -> Option<Value> {
        match lang {
            Lang::Nb => self.periods[0].clone(),
            Lang::Nn => self.periods[1].clone(),
        }
    }

    fn insert_timeline(&self, ctx: &mut Vars, guide: &Guide, lang: Lang) {
        let Some(period) = self.period_value(lang) else {
            return;
        };
        ctx.set("period", period);
        let d = |date: NaiveDate| date_value(date, lang);
        ctx.set("calendar_url", guide.calendar_url());
        let guide_dates: Vec<Value> = guide
            .dates
            .iter()
            .map(|n| {
                let (date, iso) = d(n.date);
                json!({"name": n.name, "title": n.title, "date": date, "date_iso": iso,
                       "expr": n.expr})
            })
            .collect();
        ctx.set("guide_dates", guide_dates);
        let dated = |x: &Dated| {
            let (text, iso) = d(x.date);
            (text, iso, x.expr.clone())
        };
        let placed = guide.timeline();
        let step_json = |s: &Step| {
            let (start, end) = s.when.as_ref().expect("placed steps have dates");
            let (a, a_iso, a_expr) = dated(start);
            let (b, b_iso, b_expr) = dated(end.as_ref().unwrap_or(start));
            json!({"number": s.number, "title": s.title, "url": s.url, "kind": s.kind.as_str(),
                   "start": a, "start_iso": a_iso, "start_expr": a_expr,
                   "end": b, "end_iso": b_iso, "end_expr": b_expr})
        };
        let phases: Vec<Value> = placed
            .phases
            .iter()
            .map(|p| {
                let (a, a_iso, a_expr) = dated(&p.start);
                let (b, b_iso, b_expr) = dated(&p.end);
                json!({"title": p.title, "start": a, "start_iso": a_iso, "start_expr": a_expr,
                       "end": b, "end_iso": b_iso, "end_expr": b_expr,
                       "steps": p.steps.iter().map(|s| step_json(s)).collect::<Vec<_>>()})
            })
            .collect();
        ctx.set("phases", phases);
        let milestones: Vec<Value> = guide
            .milestones
            .iter()
            .map(|m| {
                let (date, iso, expr) = dated(&m.date);
                json!({"title": m.title, "date": date, "date_iso": iso, "date_expr": expr,
                       "deadline": m.deadline,
                       "legal": m.legal.as_ref().map(|l| json!({"label": l.label, "url": l.url}))})
            })
            .collect();
        ctx.set("milestones", milestones);
        let unscheduled: Vec<Value> = placed
            .unscheduled
            .iter()
            .map(|s| json!({"number": s.number, "title": s.title, "url": s.url, "kind": s.kind.as_str()}))
            .collect();
        ctx.set("unscheduled", unscheduled);
    }
}

/// The period from `site.yaml` as template data, dates written in `lang`.
fn period_value(site: &Site, lang: Lang) -> Option<Value> {
    let period = site.config.period.as_ref()?;
    let d = |date: NaiveDate| date_value(date, lang);
    let (election, election_iso) = d(period.election);
    let (constituted, constituted_iso) = d(period.constituted);
    let (meeting, meeting_iso) = d(period.council_meeting);
    let (deadline, deadline_iso) = d(period.deadline);
    let (notice, notice_iso) = d(period.public_notice_by());
    Some(json!({
        "name": period.name,
        "election": election, "election_iso": election_iso,
        "constituted": constituted, "constituted_iso": constituted_iso,
        "council_meeting": meeting, "council_meeting_iso": meeting_iso,
        "council_meeting_planned": period.council_meeting_planned,
        "deadline": deadline, "deadline_iso": deadline_iso,
        "public_notice_by": notice, "public_notice_by_iso": notice_iso,
    }))
}

/// A page's `sources:` as template data.
fn sources_value(site: &Site, doc: usize) -> Value {
    serde_json::to_value(site.sources(doc)).unwrap_or_default()
}

/// What the theme's script needs to recompute a page's dates from the
/// dates a municipality typed: the period's dates, and the guide's own
/// with their default expressions (`data-dates` on `<main>`). None without
/// a period.
fn dates_json(site: &Site, guide: Option<&Guide>) -> Option<String> {
    let p = site.config.period.as_ref()?;
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let dates: Vec<Value> = guide
        .map(|g| {
            g.dates
                .iter()
                .map(|n| json!({"name": n.name, "title": n.title, "expr": n.expr}))
                .collect()
        })
        .unwrap_or_default();
    Some(
        json!({
            "name": p.name,
            "election": iso(p.election),
            "constituted": iso(p.constituted),
            "council_meeting": iso(p.council_meeting),
            "council_meeting_planned": p.council_meeting_planned,
            "guide": guide.map(|g| g.url.as_str()),
            "dates": dates,
        })
        .to_string(),
    )
}

fn guide_link_value(site: &Site, g: &Guide) -> Value {
    json!({"title": g.title, "url": g.url, "checklist_url": g.checklist_url(),
           "status_url": g.status_url(),
           "timeline_url": site.config.period.as_ref().map(|_| g.timeline_url()),
           "lang": g.lang.code()})
}

fn guide_value(site: &Site, g: &Guide, bodies: &[Arc<Rendered>]) -> Value {
    let steps: Vec<Value> = g
        .steps
        .iter()
        .map(|s| {
            json!({"number": s.number, "title": s.title, "url": s.url, "kind": s.kind.as_str(),
                   "summary": s.summary, "checklist_count": bodies[s.doc].checklist.len(),
                   "checklist": bodies[s.doc].checklist.iter()
                       .map(|c| json!({"id": c.id, "checked": c.checked}))
                       .collect::<Vec<_>>()})
        })
        .collect();
    json!({
        "title": g.title, "summary": g.summary, "url": g.url, "lang": g.lang.code(),
        "checklist_url": g.checklist_url(),
        "timeline_url": site.config.period.as_ref().map(|_| g.timeline_url()),
        "status_url": g.status_url(),
        "steps": steps, "body_html": "",
    })
}

/// The guide navigation is rendered once per guide; each step page marks
/// its own link with `aria-current="page"` (the first link to the step's
/// address). A theme whose navigation has no such link is left as it is.
fn mark_current(nav: &str, url: &str) -> String {
    let link = format!("href=\"{}\"", crate::shared::html::escape(url));
    match nav.find(&link) {
        Some(i) => {
            let end = i + link.len();
            let mut out = String::with_capacity(nav.len() + 24);
            out.push_str(&nav[..end]);
            out.push_str(" aria-current=\"page\"");
            out.push_str(&nav[end..]);
            out
        }
        None => nav.to_string(),
    }
}

/// Renders every page in parallel: (page, output path, html) or all errors.
pub fn render_all(
    renderer: &PageRenderer<'_>,
    ids: &[PageId],
) -> Result<Vec<(PageId, String, String)>, Diagnostics> {
    let results: Vec<Result<(PageId, String, String), Diagnostic>> = ids
        .par_iter()
        .map(|&id| {
            renderer
                .render(id)
                .map(|html| (id, renderer.site.output_path(id), html))
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

/// The same template error on many pages is reported once.
pub fn dedup_errors(errors: Vec<Diagnostic>) -> Diagnostics {
    let mut seen: HashMap<String, Diagnostic> = HashMap::new();
    for d in errors {
        seen.entry(d.message.clone()).or_insert(d);
    }
    let mut v: Vec<Diagnostic> = seen.into_values().collect();
    v.sort_by(|a, b| a.message.cmp(&b.message));
    v.into()
}
