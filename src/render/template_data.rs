//! The contract with themes: what each template sees, as Rust types. Every
//! struct here is one thing a template can name (`site`, `guide`, `step`,
//! `period`, …) and its doc comments say what its fields hold. A misspelt
//! key is a compile error here, not an empty spot on a page; the README's
//! table of template variables is checked against these types by a test.
//!
//! Dates come in pairs: the text a reader sees in the page's language
//! (`updated`: «1. oktober 2024») and the same date as `YYYY-MM-DD`
//! (`updated_iso`), for `<time datetime>` and the theme's script. Date
//! expressions (`…_expr`, e.g. `constituted + 1y`) let the script recompute
//! a date from the dates a municipality typed.
//!
//! Where a field is an `Option`, the template gets `null` when it is None;
//! a field marked "absent" is left out of the context, so `is defined` is
//! false for it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::config::{Contact, SiteConfig};
use crate::content::frontmatter::Source;
use crate::markdown::{CheckItem, Rendered};
use crate::model::{Dated, Guide, LegalLink, Page, PageId, Site, Step};
use crate::shared::dates::{NamedDate, Period};
use crate::shared::i18n::{format_date, text, Lang};
use crate::shared::workdays::day_off_in;

/// How many guides `site.guides` (the navigation on every page) lists.
pub const NAV_GUIDES: usize = 8;

/// A date as the reader sees it and as `YYYY-MM-DD`.
fn date_pair(d: NaiveDate, lang: Lang) -> (String, String) {
    (format_date(d, lang), iso(d))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// ---------------------------------------------------------------- every template

/// `lang`, `t` and `site`: what every template gets, the same on every page
/// of one language.
#[derive(Serialize)]
pub struct BaseData<'a> {
    /// The page's language: `nb` (bokmål) or `nn` (nynorsk).
    pub lang: &'static str,
    /// The interface text in the page's language, by key: `{{ t.step }}`.
    pub t: &'static serde_json::Value,
    pub site: &'a SiteData<'a>,
}

/// `site`: the site's settings and the navigation every page shows.
#[derive(Serialize)]
pub struct SiteData<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The site's path, starting and ending in `/`: `{{ site.base }}stegvis.css`.
    pub base: &'a str,
    /// The absolute address of the site, ending in `/`.
    pub base_url: &'a str,
    /// The site's main language, `nb` or `nn`.
    pub language: &'static str,
    /// The accessibility statement's address, or null.
    pub accessibility_statement: Option<&'a str>,
    /// The Atom feed of "what's new".
    pub feed_url: String,
    pub whats_new_url: String,
    /// The Content-Security-Policy for the `<meta http-equiv>` tag.
    pub csp: String,
    pub branding: BrandingData<'a>,
    /// The footer's «Hvor kan jeg få hjelp?», or null without `help:`.
    pub help: Option<HelpData<'a>>,
    /// How many guides the site has.
    pub guide_count: usize,
    /// Whether there are more guides than `guides` lists.
    pub more_guides: bool,
    /// The first [`NAV_GUIDES`] guides, for the navigation (the front page
    /// gets all of them as `guides`).
    pub guides: Vec<ListItem<'a>>,
    /// The top-level pages, without the unlisted ones.
    pub pages: Vec<ListItem<'a>>,
}

/// `site.branding`: who publishes the site.
#[derive(Serialize)]
pub struct BrandingData<'a> {
    /// The publisher, or null.
    pub name: Option<&'a str>,
    /// The logo's address, or null without a logo.
    pub logo_url: Option<String>,
    /// The logo's text alternative: `logo_alt`, else the publisher, else the
    /// site's title.
    pub logo_alt: &'a str,
}

/// `site.help`: the footer's help section.
#[derive(Serialize)]
pub struct HelpData<'a> {
    /// Its heading (`help.title`, else «Hvor kan jeg få hjelp?»).
    pub title: &'a str,
    pub text: Option<&'a str>,
    pub contacts: Vec<ContactData<'a>>,
}

/// One of `site.help.contacts`; every field but `name` may be null.
#[derive(Serialize)]
pub struct ContactData<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub url: Option<&'a str>,
}

/// A guide or page in a list (`site.guides`, `site.pages`, the front
/// page's `pages`).
#[derive(Serialize)]
pub struct ListItem<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    /// `nb` or `nn`.
    pub lang: &'static str,
}

impl<'a> SiteData<'a> {
    pub fn new(site: &'a Site) -> Self {
        let config = &site.config;
        SiteData {
            title: &config.title,
            description: &config.description,
            base: &config.base_path,
            base_url: &config.base_url,
            language: config.language.code(),
            accessibility_statement: site.accessibility_statement.as_deref(),
            feed_url: site.url_for(crate::shared::file_names::ATOM_FILE),
            whats_new_url: site.url(PageId::WhatsNew),
            csp: crate::content::csp::meta_policy(&config.csp),
            branding: BrandingData::new(site),
            help: config.help.as_ref().map(|h| HelpData {
                title: h
                    .title
                    .as_deref()
                    .unwrap_or_else(|| text(config.language, "help")),
                text: h.text.as_deref(),
                contacts: h.contacts.iter().map(ContactData::new).collect(),
            }),
            // Every page carries this, so a site with hundreds of guides
            // must not list them all on every page.
            guide_count: site.guides.len(),
            more_guides: site.guides.len() > NAV_GUIDES,
            guides: site
                .guides
                .iter()
                .take(NAV_GUIDES)
                .map(ListItem::guide)
                .collect(),
            pages: listed_pages(site),
        }
    }
}

impl<'a> BrandingData<'a> {
    fn new(site: &'a Site) -> Self {
        let config: &'a SiteConfig = &site.config;
        let b = &config.branding;
        BrandingData {
            name: b.name.as_deref(),
            logo_url: b
                .logo
                .as_ref()
                .map(|l| site.url_for(l.trim_start_matches('/'))),
            logo_alt: b
                .logo_alt
                .as_deref()
                .or(b.name.as_deref())
                .unwrap_or(&config.title),
        }
    }
}

impl<'a> ContactData<'a> {
    fn new(c: &'a Contact) -> Self {
        ContactData {
            name: &c.name,
            description: c.description.as_deref(),
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            url: c.url.as_deref(),
        }
    }
}

impl<'a> ListItem<'a> {
    fn guide(g: &'a Guide) -> Self {
        ListItem {
            title: &g.title,
            url: &g.url,
            summary: &g.summary,
            lang: g.lang.code(),
        }
    }

    fn page(p: &'a Page) -> Self {
        ListItem {
            title: &p.title,
            url: &p.url,
            summary: &p.summary,
            lang: p.lang.code(),
        }
    }
}

fn listed_pages(site: &Site) -> Vec<ListItem<'_>> {
    site.pages
        .iter()
        .filter(|p| !p.unlisted)
        .map(ListItem::page)
        .collect()
}

// ---------------------------------------------------------------- every page

/// What every page template gets besides [`BaseData`] (not
/// `guide_nav.html`, which is no page).
#[derive(Serialize)]
pub struct PageCommon<'a> {
    /// The page's title (the site's title on the front page).
    pub title: std::borrow::Cow<'a, str>,
    /// The page's address (a path under `site.base`).
    pub url: String,
    /// The page's absolute address.
    pub canonical: String,
    /// Always false in a build; kept for themes that ask.
    pub live_reload: bool,
    /// The links above the page's title, from the front page down (empty
    /// on the front page and the 404 page).
    pub breadcrumbs: Vec<Link<'a>>,
}

/// A link: `title` and `url`.
#[derive(Serialize, Clone, Copy)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> PageCommon<'a> {
    pub fn new(
        site: &'a Site,
        id: PageId,
        title: impl Into<std::borrow::Cow<'a, str>>,
        breadcrumbs: Vec<Link<'a>>,
    ) -> Self {
        let url = site.url(id);
        let canonical = site.absolute_url(&url);
        PageCommon {
            title: title.into(),
            url,
            canonical,
            live_reload: false,
            breadcrumbs,
        }
    }
}

/// The front page's link in breadcrumbs.
pub fn home_link(site: &Site, lang: Lang) -> Link<'_> {
    Link {
        title: text(lang, "home"),
        url: &site.config.base_path,
    }
}

/// The variables one page type adds, by template. Serialized as the inner
/// struct (its fields become top-level variables).
#[derive(Serialize)]
#[serde(untagged)]
pub enum PageVars<'a> {
    /// `index.html`
    Front(FrontData<'a>),
    /// `404.html` and `search.html` (the search script fills the latter).
    Nothing(Nothing),
    /// `whats_new.html`
    WhatsNew(WhatsNewData<'a>),
    /// `guide.html`
    Guide(GuidePageData<'a>),
    /// `step.html`
    Step(Box<StepPageData<'a>>),
    /// `checklist.html`
    Checklist(ChecklistPageData<'a>),
    /// `timeline.html`
    Timeline(TimelinePageData<'a>),
    /// `status.html`
    Status(StatusPageData<'a>),
    /// `page.html`
    Page(PagePageData<'a>),
}

impl PageVars<'_> {
    /// The template these variables are for.
    pub fn template(&self) -> &'static str {
        match self {
            PageVars::Front(_) => "index.html",
            PageVars::Nothing(Nothing::NotFound) => "404.html",
            PageVars::Nothing(Nothing::Search) => "search.html",
            PageVars::WhatsNew(_) => "whats_new.html",
            PageVars::Guide(_) => "guide.html",
            PageVars::Step(_) => "step.html",
            PageVars::Checklist(_) => "checklist.html",
            PageVars::Timeline(_) => "timeline.html",
            PageVars::Status(_) => "status.html",
            PageVars::Page(_) => "page.html",
        }
    }
}

/// A page without variables of its own (serialized as an empty map).
pub enum Nothing {
    NotFound,
    Search,
}

impl Serialize for Nothing {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

// ---------------------------------------------------------------- index.html

/// `index.html`: the front page.
#[derive(Serialize)]
pub struct FrontData<'a> {
    /// The body of `content/_index.md` (empty without one).
    pub intro_html: &'a str,
    /// Every guide.
    pub guides: Vec<GuideCard<'a>>,
    /// The listed top-level pages.
    pub pages: Vec<ListItem<'a>>,
    /// The title of `content/_index.md`, or null.
    pub intro_title: Option<&'a str>,
}

/// A guide on the front page.
#[derive(Serialize)]
pub struct GuideCard<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub url: &'a str,
    pub step_count: usize,
    pub lang: &'static str,
}

impl<'a> FrontData<'a> {
    pub fn new(site: &'a Site, bodies: &'a [std::sync::Arc<Rendered>]) -> Self {
        FrontData {
            intro_html: site.index.map(|i| bodies[i].html.as_str()).unwrap_or(""),
            guides: site
                .guides
                .iter()
                .map(|g| GuideCard {
                    title: &g.title,
                    summary: &g.summary,
                    url: &g.url,
                    step_count: g.steps.len(),
                    lang: g.lang.code(),
                })
                .collect(),
            pages: listed_pages(site),
            intro_title: site
                .index
                .and_then(|i| crate::model::page_meta(&site.docs[i]))
                .map(|m| m.title.as_str()),
        }
    }
}

// ---------------------------------------------------------------- whats_new.html

/// `whats_new.html`: every step's recorded changes, newest first.
#[derive(Serialize)]
pub struct WhatsNewData<'a> {
    pub changes: Vec<ChangeData<'a>>,
    /// The Atom feed of the same changes.
    pub feed_url: String,
}

/// One entry of "what's new": one change note given to one or more steps
/// of a guide on one day.
#[derive(Serialize)]
pub struct ChangeData<'a> {
    pub date: String,
    pub date_iso: String,
    pub note: &'a str,
    /// The first of `steps`.
    pub step: StepLink<'a>,
    /// The steps changed, by number.
    pub steps: Vec<StepLink<'a>>,
    pub guide: Link<'a>,
}

/// A step in a list: its number, title, address and kind.
#[derive(Serialize, Clone, Copy)]
pub struct StepLink<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    /// `lovkrav` or `råd`.
    pub kind: &'static str,
}

impl<'a> StepLink<'a> {
    pub fn new(s: &'a Step) -> Self {
        StepLink {
            number: s.number,
            title: &s.title,
            url: &s.url,
            kind: s.kind.as_str(),
        }
    }
}

impl<'a> WhatsNewData<'a> {
    pub fn new(site: &'a Site, lang: Lang) -> Self {
        let changes = site
            .change_groups()
            .into_iter()
            .map(|c| {
                let (date, date_iso) = date_pair(c.date, lang);
                let steps: Vec<StepLink<'a>> = c.steps.iter().map(|s| StepLink::new(s)).collect();
                ChangeData {
                    date,
                    date_iso,
                    note: c.note,
                    step: steps[0],
                    steps,
                    guide: Link {
                        title: &c.guide.title,
                        url: &c.guide.url,
                    },
                }
            })
            .collect();
        WhatsNewData {
            changes,
            feed_url: site.url_for(crate::shared::file_names::ATOM_FILE),
        }
    }
}

// ---------------------------------------------------------------- guide.html, guide_nav.html

/// `guide.html`: a guide's overview.
#[derive(Serialize)]
pub struct GuidePageData<'a> {
    pub guide: GuideData<'a>,
    /// The `sources:` of `_guide.md`.
    pub sources: Vec<SourceData<'a>>,
    /// See [`DatesScript`]; null without a period.
    pub dates_json: Option<&'a str>,
}

/// `guide_nav.html`: the step navigation, rendered once per guide and
/// shared by its step pages. Gets [`BaseData`] and this, no page variables.
#[derive(Serialize)]
pub struct GuideNavData<'a> {
    /// As on the overview, with an empty `body_html`.
    pub guide: GuideData<'a>,
}

/// `guide` on the overview and in the step navigation.
#[derive(Serialize)]
pub struct GuideData<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub url: &'a str,
    pub lang: &'static str,
    pub checklist_url: String,
    /// Null without a period (the guide then has no timeline page).
    pub timeline_url: Option<String>,
    pub status_url: String,
    pub steps: Vec<GuideStep<'a>>,
    /// The body of `_guide.md` (empty in the step navigation).
    pub body_html: &'a str,
}

/// A step on the overview and in the step navigation.
#[derive(Serialize)]
pub struct GuideStep<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub summary: &'a str,
    /// How many checklist items the step has.
    pub checklist_count: usize,
    /// Its checklist items' ids and whether each is ticked in the text.
    pub checklist: Vec<CheckState<'a>>,
}

/// A checklist item's id and whether the text ticks it (`- [x]`).
#[derive(Serialize)]
pub struct CheckState<'a> {
    pub id: &'a str,
    /// The id under the scheme before, for moving stored ticks.
    pub was: &'a str,
    /// A formal requirement (`formkrav:`) rather than an item of the text.
    pub formkrav: bool,
    pub checked: bool,
}

impl<'a> GuideData<'a> {
    pub fn new(
        site: &'a Site,
        g: &'a Guide,
        bodies: &'a [std::sync::Arc<Rendered>],
        body_html: &'a str,
    ) -> Self {
        let steps = g
            .steps
            .iter()
            .map(|s| {
                let checklist = &bodies[s.doc].checklist;
                GuideStep {
                    number: s.number,
                    title: &s.title,
                    url: &s.url,
                    kind: s.kind.as_str(),
                    summary: &s.summary,
                    checklist_count: checklist.len(),
                    checklist: checklist
                        .iter()
                        .map(|c| CheckState {
                            id: &c.id,
                            was: &c.was,
                            formkrav: c.formkrav,
                            checked: c.checked,
                        })
                        .collect(),
                }
            })
            .collect();
        GuideData {
            title: &g.title,
            summary: &g.summary,
            url: &g.url,
            lang: g.lang.code(),
            checklist_url: g.checklist_url(),
            timeline_url: site.config.period.as_ref().map(|_| g.timeline_url()),
            status_url: g.status_url(),
            steps,
            body_html,
        }
    }
}

/// One of a document's `sources:` (what its content was checked against).
#[derive(Serialize)]
pub struct SourceData<'a> {
    pub title: &'a str,
    /// Null for a source without an address.
    pub url: Option<&'a str>,
    /// Empty without a note.
    pub note: &'a str,
}

/// The `sources:` of a document.
pub fn sources(site: &Site, doc: usize) -> Vec<SourceData<'_>> {
    site.sources(doc)
        .iter()
        .map(|s: &Source| SourceData {
            title: &s.title,
            url: s.url.as_deref(),
            note: &s.note,
        })
        .collect()
}

// ---------------------------------------------------------------- step.html

/// `step.html`: one step of a guide.
#[derive(Serialize)]
pub struct StepPageData<'a> {
    pub guide: GuideLink<'a>,
    /// How many steps the guide has.
    pub step_count: usize,
    pub step: StepData<'a>,
    /// As on the timeline; null without a period.
    pub period: Option<&'a PeriodData>,
    pub sources: Vec<SourceData<'a>>,
    pub dates_json: Option<&'a str>,
    /// The step before, or null on the first.
    pub prev: Option<Neighbour<'a>>,
    /// The step after, or null on the last.
    pub next: Option<Neighbour<'a>>,
    /// The rendered `guide_nav.html`, this step's link marked
    /// `aria-current="page"`.
    pub guide_nav: String,
}

/// `guide` on a step, checklist, timeline or status page.
#[derive(Serialize)]
pub struct GuideLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub checklist_url: String,
    pub status_url: String,
    /// Null without a period.
    pub timeline_url: Option<String>,
    pub lang: &'static str,
}

impl<'a> GuideLink<'a> {
    pub fn new(site: &Site, g: &'a Guide) -> Self {
        GuideLink {
            title: &g.title,
            url: &g.url,
            checklist_url: g.checklist_url(),
            status_url: g.status_url(),
            timeline_url: site.config.period.as_ref().map(|_| g.timeline_url()),
            lang: g.lang.code(),
        }
    }
}

/// `prev` and `next` on a step page.
#[derive(Serialize)]
pub struct Neighbour<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> Neighbour<'a> {
    pub fn new(s: &'a Step) -> Self {
        Neighbour {
            number: s.number,
            title: &s.title,
            url: &s.url,
        }
    }
}

/// `step`: the step itself.
#[derive(Serialize)]
pub struct StepData<'a> {
    pub number: u32,
    pub title: &'a str,
    /// `lovkrav` or `råd`.
    pub kind: &'static str,
    pub summary: &'a str,
    pub body_html: &'a str,
    pub url: &'a str,
    pub updated: String,
    pub updated_iso: String,
    /// The step's time window as text («1. mars 2028 – 1. april 2028», one
    /// date when it starts and ends the same day); null without `when:`.
    pub when_text: Option<String>,
    /// The window's first and last day as text (the same day without an
    /// end); null without `when:`, like every `when_…` field.
    pub when_start: Option<String>,
    pub when_end: Option<String>,
    pub when_start_expr: Option<&'a str>,
    pub when_end_expr: Option<&'a str>,
    pub when_start_iso: Option<String>,
    pub when_end_iso: Option<String>,
    pub legal: Vec<LegalData<'a>>,
    pub checklist: Vec<CheckItemData<'a>>,
    /// Its formal requirements (`formkrav:`), ticked like checklist items.
    pub formkrav: Vec<FormkravData<'a>>,
    /// Newest first.
    pub changes: Vec<ChangeNote<'a>>,
}

/// A legal reference of a step.
#[derive(Serialize)]
pub struct LegalData<'a> {
    /// `plan- og bygningsloven`
    pub law_name: &'a str,
    /// The law's key in site.yaml.
    pub law_id: &'a str,
    /// `10-1`
    pub section: &'a str,
    /// `plan- og bygningsloven § 10-1`
    pub label: &'a str,
    /// The section on Lovdata.
    pub url: &'a str,
    /// What the section demands, in the guide's words.
    pub requirement: &'a str,
    /// `skal`, `bør` or null.
    pub obligation: Option<&'static str>,
}

/// A checklist item.
#[derive(Serialize)]
pub struct CheckItemData<'a> {
    /// Stable id (for the reader's ticks in the browser).
    pub id: &'a str,
    /// The id under the scheme before, for moving stored ticks.
    pub was: &'a str,
    /// The item's text as inline HTML.
    pub html: &'a str,
    /// The item's text as plain text.
    pub text: &'a str,
    /// Ticked in the text (`- [x]`).
    pub checked: bool,
    /// A formal requirement of the front matter (listed apart, in
    /// `formkrav`), not an item of the text.
    pub formkrav: bool,
}

/// A step's recorded change.
#[derive(Serialize)]
pub struct ChangeNote<'a> {
    pub date: String,
    pub date_iso: String,
    pub note: &'a str,
}

impl<'a> LegalData<'a> {
    fn new(l: &'a LegalLink) -> Self {
        LegalData {
            law_name: &l.law_name,
            law_id: &l.law_id,
            section: &l.section,
            label: &l.label,
            url: &l.url,
            requirement: &l.requirement,
            obligation: l.obligation.map(|o| o.as_str()),
        }
    }
}

/// The checklist items of a rendered body.
pub fn check_items(body: &Rendered) -> Vec<CheckItemData<'_>> {
    body.checklist.iter().map(CheckItemData::new).collect()
}

impl<'a> CheckItemData<'a> {
    fn new(c: &'a CheckItem) -> Self {
        CheckItemData {
            id: &c.id,
            was: &c.was,
            html: &c.html,
            text: &c.text,
            checked: c.checked,
            formkrav: c.formkrav,
        }
    }
}

/// A formal requirement of a step (`formkrav`), with the id it is ticked by.
#[derive(Serialize)]
pub struct FormkravData<'a> {
    /// Its checklist id (a requirement is ticked like an item); null for
    /// `klage`, which is shown for information.
    pub id: Option<&'a str>,
    /// `kunngjøring`, `utsending`, `offentliggjøring`, `vedtak`, `klage` or
    /// `dokument`, and its label in the page's language.
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub text: &'a str,
    /// Who or where, or null.
    pub place: Option<&'a str>,
    pub legal: LegalRef<'a>,
    /// Its date, or null (all `date_…` fields alike).
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub date_expr: Option<&'a str>,
}

/// A step's formal requirements, for the lists of a guide's.
#[derive(Serialize)]
pub struct FormkravStep<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    pub items: Vec<FormkravData<'a>>,
}

/// The formal requirements of `step`, each with the checklist id of its
/// item in `body`.
pub fn formkrav_data<'a>(step: &'a Step, body: &'a Rendered) -> Vec<FormkravData<'a>> {
    let mut ids = body
        .checklist
        .iter()
        .filter(|c| c.formkrav)
        .map(|c| c.id.as_str());
    step.formkrav
        .iter()
        .map(|f| {
            let id = if f.kind.is_task() { ids.next() } else { None };
            let date = f.date.as_ref().map(|d| date_pair(d.date, step.lang));
            FormkravData {
                id,
                kind: f.kind.key(),
                kind_label: f.kind.label(step.lang),
                text: &f.text,
                place: f.place.as_deref(),
                legal: LegalRef {
                    label: &f.legal.label,
                    url: &f.legal.url,
                },
                date_iso: date.as_ref().map(|d| d.1.clone()),
                date: date.map(|d| d.0),
                date_expr: f.date.as_ref().map(|d| d.expr.as_str()),
            }
        })
        .collect()
}

/// Every step of `guide` that has formal requirements, with them.
pub fn guide_formkrav<'a>(
    guide: &'a Guide,
    bodies: &'a [std::sync::Arc<Rendered>],
) -> Vec<FormkravStep<'a>> {
    guide
        .steps
        .iter()
        .filter(|s| !s.formkrav.is_empty())
        .map(|s| FormkravStep {
            number: s.number,
            title: &s.title,
            url: &s.url,
            items: formkrav_data(s, &bodies[s.doc]),
        })
        .collect()
}

impl<'a> StepData<'a> {
    pub fn new(step: &'a Step, body: &'a Rendered) -> Self {
        let lang = step.lang;
        let (updated, updated_iso) = date_pair(step.updated, lang);
        let window = step
            .when
            .as_ref()
            .map(|(start, end)| (start, end.as_ref().unwrap_or(start)));
        let when_text = step.when.as_ref().map(|(start, end)| match end {
            Some(end) if end.date != start.date => format!(
                "{} – {}",
                format_date(start.date, lang),
                format_date(end.date, lang)
            ),
            _ => format_date(start.date, lang),
        });
        StepData {
            number: step.number,
            title: &step.title,
            kind: step.kind.as_str(),
            summary: &step.summary,
            body_html: &body.html,
            url: &step.url,
            updated,
            updated_iso,
            when_text,
            when_start: window.map(|(s, _)| format_date(s.date, lang)),
            when_end: window.map(|(_, e)| format_date(e.date, lang)),
            when_start_expr: window.map(|(s, _)| s.expr.as_str()),
            when_end_expr: window.map(|(_, e)| e.expr.as_str()),
            when_start_iso: window.map(|(s, _)| iso(s.date)),
            when_end_iso: window.map(|(_, e)| iso(e.date)),
            legal: step.legal.iter().map(LegalData::new).collect(),
            checklist: check_items(body),
            formkrav: formkrav_data(step, body),
            changes: step
                .changes
                .iter()
                .map(|(d, note)| {
                    let (date, date_iso) = date_pair(*d, lang);
                    ChangeNote {
                        date,
                        date_iso,
                        note,
                    }
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------- checklist.html

/// `checklist.html`: every checklist item of a guide, by step.
#[derive(Serialize)]
pub struct ChecklistPageData<'a> {
    pub guide: GuideLink<'a>,
    pub steps: Vec<ChecklistStep<'a>>,
    /// «Formkrav før og etter vedtak»: the steps with formal requirements.
    pub formkrav: Vec<FormkravStep<'a>>,
}

/// A step with its checklist items.
#[derive(Serialize)]
pub struct ChecklistStep<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub items: Vec<CheckItemData<'a>>,
}

// ---------------------------------------------------------------- timeline.html, status.html

/// `timeline.html`: a guide's steps and milestones on the election period.
#[derive(Serialize)]
pub struct TimelinePageData<'a> {
    pub guide: GuideLink<'a>,
    /// Absent without a period.
    #[serde(flatten)]
    pub timeline: Option<TimelineData<'a>>,
    pub dates_json: Option<&'a str>,
}

/// `status.html`: a guide's status report, the municipality's project plan.
#[derive(Serialize)]
pub struct StatusPageData<'a> {
    pub guide: GuideLink<'a>,
    /// Absent without a period.
    #[serde(flatten)]
    pub timeline: Option<TimelineData<'a>>,
    pub steps: Vec<StatusStep<'a>>,
    /// «Formkrav før og etter vedtak»: the steps with formal requirements.
    pub formkrav: Vec<FormkravStep<'a>>,
    /// Always true: the report is not for search engines.
    pub noindex: bool,
    pub dates_json: Option<&'a str>,
}

/// The timeline's variables (on `timeline.html` and `status.html`); all of
/// them are absent (not null) when the site has no period.
#[derive(Serialize)]
pub struct TimelineData<'a> {
    pub period: &'a PeriodData,
    /// The guide's milestones as an iCalendar file.
    pub calendar_url: String,
    /// The guide's own named dates (`dates:` in `_guide.md`).
    pub guide_dates: Vec<GuideDateData<'a>>,
    /// The guide's phases with their dated steps (one phase named after
    /// the guide when it declares none).
    pub phases: Vec<PhaseData<'a>>,
    pub milestones: Vec<MilestoneData<'a>>,
    /// Steps without `when:`.
    pub unscheduled: Vec<StepLink<'a>>,
    /// The law's rules between the guide's dates (`rules:`).
    pub rules: Vec<RuleData<'a>>,
    /// The page that says how the rules count days, when the site has it
    /// (`content/fristregler.md`).
    pub counting_url: Option<String>,
}

/// One of `rules`: a rule between two dates, as the defaults keep it.
#[derive(Serialize)]
pub struct RuleData<'a> {
    pub text: &'a str,
    /// The law's section: `label` and `url`.
    pub legal: LegalRef<'a>,
    /// `not_after`, `not_before`, `before` or `after`.
    pub kind: &'static str,
    /// The least distance (`30d`, `6w`) for `before` and `after`, else null.
    pub span: Option<String>,
    /// The date the rule is about: its name and title.
    pub date_name: &'a str,
    pub date_title: &'a str,
    /// The date it is measured against.
    pub other_name: &'a str,
    pub other_title: &'a str,
    /// What the rule demands with the dates as they are: «senest 21.
    /// august 2028».
    pub demand: String,
}

/// `period`: the election period from `site.yaml`, dates in the page's
/// language.
#[derive(Serialize)]
pub struct PeriodData {
    /// E.g. «2027–2031».
    pub name: String,
    pub election: String,
    pub election_iso: String,
    pub constituted: String,
    pub constituted_iso: String,
    pub council_meeting: String,
    pub council_meeting_iso: String,
    /// Whether site.yaml names the meeting (else it is the deadline).
    pub council_meeting_planned: bool,
    /// The last day to adopt the planstrategi.
    pub deadline: String,
    pub deadline_iso: String,
    /// The last day to make the proposal public before the meeting.
    pub public_notice_by: String,
    pub public_notice_by_iso: String,
}

/// One of `guide_dates`.
#[derive(Serialize)]
pub struct GuideDateData<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub date: String,
    pub date_iso: String,
    /// Its default expression.
    pub expr: &'a str,
    /// When the expression gave a day off: that day, and why it is one
    /// (`lørdag`, `17. mai`); the date is then the next working day.
    pub moved_from: Option<String>,
    pub moved_because: Option<&'static str>,
}

/// A time window: first and last day as text, as `YYYY-MM-DD` and as
/// date expressions.
#[derive(Serialize)]
pub struct Span {
    pub start: String,
    pub start_iso: String,
    pub start_expr: String,
    pub end: String,
    pub end_iso: String,
    pub end_expr: String,
}

/// A phase of the timeline: its title, its window (the fields of a
/// [`Span`]) and its steps.
#[derive(Serialize)]
pub struct PhaseData<'a> {
    pub title: String,
    #[serde(flatten)]
    pub span: Span,
    pub steps: Vec<TimelineStep<'a>>,
}

/// A dated step on the timeline: the fields of a [`StepLink`] and of a
/// [`Span`].
#[derive(Serialize)]
pub struct TimelineStep<'a> {
    #[serde(flatten)]
    pub step: StepLink<'a>,
    #[serde(flatten)]
    pub span: Span,
}

/// A milestone of the timeline.
#[derive(Serialize)]
pub struct MilestoneData<'a> {
    pub title: &'a str,
    pub date: String,
    pub date_iso: String,
    pub date_expr: &'a str,
    /// A legal deadline (not just a planned date).
    pub deadline: bool,
    /// The section that sets it, or null.
    pub legal: Option<LegalRef<'a>>,
}

/// A milestone's legal reference.
#[derive(Serialize)]
pub struct LegalRef<'a> {
    /// `plan- og bygningsloven § 10-1`
    pub label: &'a str,
    /// The section on Lovdata.
    pub url: &'a str,
}

/// A step on the status report.
#[derive(Serialize)]
pub struct StatusStep<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub summary: &'a str,
    /// Its window, or null without `when:`.
    pub when: Option<Span>,
    pub items: Vec<CheckItemData<'a>>,
}

impl Span {
    pub fn new(start: &Dated, end: &Dated, lang: Lang) -> Self {
        let (a, a_iso) = date_pair(start.date, lang);
        let (b, b_iso) = date_pair(end.date, lang);
        Span {
            start: a,
            start_iso: a_iso,
            start_expr: start.expr.clone(),
            end: b,
            end_iso: b_iso,
            end_expr: end.expr.clone(),
        }
    }

    /// A step's window (its start when it has no end), or None.
    pub fn of_step(s: &Step) -> Option<Self> {
        s.when
            .as_ref()
            .map(|(start, end)| Span::new(start, end.as_ref().unwrap_or(start), s.lang))
    }
}

impl PeriodData {
    pub fn new(period: &Period, lang: Lang) -> Self {
        let d = |date: NaiveDate| date_pair(date, lang);
        let (election, election_iso) = d(period.election);
        let (constituted, constituted_iso) = d(period.constituted);
        let (council_meeting, council_meeting_iso) = d(period.council_meeting);
        let (deadline, deadline_iso) = d(period.deadline);
        let (public_notice_by, public_notice_by_iso) = d(period.public_notice_by());
        PeriodData {
            name: period.name.clone(),
            election,
            election_iso,
            constituted,
            constituted_iso,
            council_meeting,
            council_meeting_iso,
            council_meeting_planned: period.council_meeting_planned,
            deadline,
            deadline_iso,
            public_notice_by,
            public_notice_by_iso,
        }
    }
}

impl<'a> TimelineData<'a> {
    /// The timeline of `guide`, or None without a period.
    pub fn new(
        guide: &'a Guide,
        period: Option<&'a PeriodData>,
        lang: Lang,
        counting_url: Option<String>,
    ) -> Option<Self> {
        let period = period?;
        let placed = guide.timeline();
        Some(TimelineData {
            period,
            calendar_url: guide.calendar_url(),
            guide_dates: guide
                .dates
                .iter()
                .map(|n: &'a NamedDate| {
                    let (date, date_iso) = date_pair(n.date, lang);
                    GuideDateData {
                        name: &n.name,
                        title: &n.title,
                        date,
                        date_iso,
                        expr: &n.expr,
                        moved_from: n.moved_from.map(|d| format_date(d, lang)),
                        moved_because: n.moved_from.and_then(|d| day_off_in(d, lang)),
                    }
                })
                .collect(),
            phases: placed
                .phases
                .into_iter()
                .map(|p| PhaseData {
                    span: Span::new(&p.start, &p.end, lang),
                    title: p.title,
                    steps: p
                        .steps
                        .into_iter()
                        .map(|s| {
                            let (start, end) = s.when.as_ref().expect("placed steps have dates");
                            TimelineStep {
                                step: StepLink::new(s),
                                span: Span::new(start, end.as_ref().unwrap_or(start), lang),
                            }
                        })
                        .collect(),
                })
                .collect(),
            milestones: guide
                .milestones
                .iter()
                .map(|m| {
                    let (date, date_iso) = date_pair(m.date.date, lang);
                    MilestoneData {
                        title: &m.title,
                        date,
                        date_iso,
                        date_expr: &m.date.expr,
                        deadline: m.deadline,
                        legal: m.legal.as_ref().map(|l| LegalRef {
                            label: &l.label,
                            url: &l.url,
                        }),
                    }
                })
                .collect(),
            unscheduled: placed.unscheduled.into_iter().map(StepLink::new).collect(),
            rules: guide
                .rules
                .iter()
                .map(|r| RuleData {
                    text: &r.text,
                    legal: LegalRef {
                        label: &r.legal.label,
                        url: &r.legal.url,
                    },
                    kind: r.kind.as_str(),
                    span: r.kind.span().map(|s| s.to_string()),
                    date_name: &r.date.expr,
                    date_title: date_title(guide, &r.date.expr, lang),
                    other_name: &r.other.expr,
                    other_title: date_title(guide, &r.other.expr, lang),
                    demand: crate::model::rules::demand(r.kind, r.other.date, lang),
                })
                .collect(),
            counting_url,
        })
    }
}

/// What a date is called on the page: a guide date's title, or the
/// period's own name for it («Lovfestet frist»).
fn date_title<'a>(guide: &'a Guide, name: &str, lang: Lang) -> &'a str {
    guide
        .dates
        .iter()
        .find(|d| d.name == name)
        .map_or_else(|| text(lang, name), |d| d.title.as_str())
}

// ---------------------------------------------------------------- page.html

/// `page.html`: a top-level page.
#[derive(Serialize)]
pub struct PagePageData<'a> {
    pub page: PageData<'a>,
    pub sources: Vec<SourceData<'a>>,
    /// True for an `unlisted` page.
    pub noindex: bool,
    pub dates_json: Option<&'a str>,
}

/// `page`: the page itself.
#[derive(Serialize)]
pub struct PageData<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub body_html: &'a str,
    /// Its `updated:` date, or null.
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub url: &'a str,
    /// The Word file built from the page (`docx: true`), or null.
    pub docx_url: Option<String>,
}

impl<'a> PageData<'a> {
    pub fn new(page: &'a Page, body: &'a Rendered) -> Self {
        let updated = page.updated.map(|d| date_pair(d, page.lang));
        PageData {
            title: &page.title,
            summary: &page.summary,
            body_html: &body.html,
            updated: updated.as_ref().map(|u| u.0.clone()),
            updated_iso: updated.map(|u| u.1),
            url: &page.url,
            docx_url: page.docx_url(),
        }
    }
}

// ---------------------------------------------------------------- dates_json

/// `dates_json`: what the theme's script needs to recompute a page's dates
/// from the dates a municipality typed — the period's dates and the
/// guide's own with their default expressions — as a JSON string
/// (`base.html` puts it on `<main data-dates>`).
#[derive(Serialize)]
pub struct DatesScript<'a> {
    pub name: &'a str,
    pub election: String,
    pub constituted: String,
    pub council_meeting: String,
    pub council_meeting_planned: bool,
    /// The guide's address; null on top-level pages.
    pub guide: Option<&'a str>,
    pub dates: Vec<ScriptDate<'a>>,
}

/// One of the guide's own dates for the script.
#[derive(Serialize)]
pub struct ScriptDate<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub expr: &'a str,
}

/// `dates_json` of `guide`'s pages (top-level pages with None), or None
/// without a period.
pub fn dates_json(site: &Site, guide: Option<&Guide>) -> Option<String> {
    let p = site.config.period.as_ref()?;
    let script = DatesScript {
        name: &p.name,
        election: iso(p.election),
        constituted: iso(p.constituted),
        council_meeting: iso(p.council_meeting),
        council_meeting_planned: p.council_meeting_planned,
        guide: guide.map(|g| g.url.as_str()),
        dates: guide
            .map(|g| {
                g.dates
                    .iter()
                    .map(|n| ScriptDate {
                        name: &n.name,
                        title: &n.title,
                        expr: &n.expr,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    // Through a JSON value, so the keys keep the order the script has
    // always been given (serde_json's sorted map).
    Some(
        serde_json::to_value(&script)
            .expect("plain data serializes")
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    //! The README's table of template variables against these types: the
    //! fixture site and the bundled site are rendered to template contexts,
    //! and every variable and field found must be in the table, and every
    //! one the table names must be found.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use serde_json::Value;

    use super::{GuideData, GuideNavData};
    use crate::render::{context_of, PageRenderer};

    /// Template → variable path (`""` for the top level, `step.legal` for
    /// the items of `step.legal`) → its fields.
    type Shapes = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

    const EVERY_TEMPLATE: &str = "every template";
    const EVERY_PAGE: &str = "every page";

    /// The fields of every object in `value`, by path; lists are looked
    /// through. `t` (the interface text, keyed by string) is not a contract
    /// of fields.
    fn collect(value: &Value, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
        match value {
            Value::Object(map) => {
                out.entry(path.to_string())
                    .or_default()
                    .extend(map.keys().cloned());
                for (key, v) in map {
                    if path.is_empty() && key == "t" {
                        continue;
                    }
                    let child = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    collect(v, &child, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, path, out)),
            _ => {}
        }
    }

    /// What the templates of the site at `root` get, by template.
    fn site_shapes(root: &Path, out: &mut Shapes) {
        let built = crate::pipeline::render_site(root, None)
            .unwrap_or_else(|d| panic!("{} builds: {d:?}", root.display()));
        let (site, bodies) = (built.site, built.bodies);
        let theme = crate::render::theme::load(root, &site.config.theme)
            .unwrap_or_else(|d| panic!("theme of {} loads: {d:?}", root.display()));
        let renderer = PageRenderer::new(&theme.templates, &site, &bodies);
        for id in site.page_ids() {
            let (template, context) = renderer.page_context(id).expect("page renders");
            collect(
                &context.into_json(),
                "",
                out.entry(template.to_string()).or_default(),
            );
        }
        for guide in &site.guides {
            let mut context = renderer.base_context(guide.lang);
            context.extend(context_of(&GuideNavData {
                guide: GuideData::new(&site, guide, &bodies, ""),
            }));
            collect(
                &context.into_json(),
                "",
                out.entry("guide_nav.html".to_string()).or_default(),
            );
        }
    }

    /// The words in backticks.
    fn quoted(cell: &str) -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    /// The README's table: template (or "every template", "every page") →
    /// path → fields.
    fn readme_table(readme: &str) -> Shapes {
        let mut out = Shapes::new();
        let mut rows = readme
            .lines()
            .skip_while(|l| l.trim() != "| template | variable | fields |")
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .peekable();
        assert!(
            rows.peek().is_some(),
            "README has the table of template variables"
        );
        let mut templates: Vec<String> = Vec::new();
        for row in rows {
            let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
            assert_eq!(cells.len(), 3, "three cells in README row {row}");
            let template = cells[0].trim();
            if !template.is_empty() {
                templates = if template == EVERY_TEMPLATE || template == EVERY_PAGE {
                    vec![template.to_string()]
                } else {
                    quoted(template)
                };
            }
            assert!(!templates.is_empty(), "a template for README row {row}");
            let paths = match cells[1].trim() {
                "top level" => vec![String::new()],
                other => quoted(other),
            };
            assert!(!paths.is_empty(), "a variable in README row {row}");
            // Notes follow a dash; the fields come before it.
            let fields = quoted(cells[2].split('—').next().unwrap_or(""));
            for t in &templates {
                for p in &paths {
                    out.entry(t.clone())
                        .or_default()
                        .entry(p.clone())
                        .or_default()
                        .extend(fields.iter().cloned());
                }
            }
        }
        out
    }

    fn show(path: &str) -> &str {
        if path.is_empty() {
            "top level"
        } else {
            path
        }
    }

    /// Every difference between the README's table and what the sites'
    /// templates get.
    fn differences(table: &Shapes, found: &Shapes) -> Vec<String> {
        let mut problems = Vec::new();
        // What the data has, the README must name: per template, every
        // field at every path.
        let empty = BTreeMap::new();
        for (template, shapes) in found {
            let mut parts = vec![EVERY_TEMPLATE, template.as_str()];
            if template != "guide_nav.html" {
                parts.push(EVERY_PAGE);
            }
            for (path, fields) in shapes {
                let named: BTreeSet<&String> = parts
                    .iter()
                    .filter_map(|part| table.get(*part).unwrap_or(&empty).get(path))
                    .flatten()
                    .collect();
                let missing: Vec<&String> = fields.iter().filter(|f| !named.contains(f)).collect();
                if !missing.is_empty() {
                    problems.push(format!(
                        "`{template}` `{}`: the README's table lacks {missing:?}",
                        show(path)
                    ));
                }
            }
        }
        // What the README names, the data must have: each row's fields on
        // at least one page of the templates it is for (the front page's
        // breadcrumbs are empty, other pages' are not).
        for (part, rows) in table {
            let templates: Vec<&String> = match part.as_str() {
                EVERY_TEMPLATE => found.keys().collect(),
                EVERY_PAGE => found.keys().filter(|t| *t != "guide_nav.html").collect(),
                _ if !found.contains_key(part) => {
                    problems.push(format!("the README names a template `{part}` no page uses"));
                    continue;
                }
                _ => vec![part],
            };
            for (path, fields) in rows {
                let has: BTreeSet<&String> = templates
                    .iter()
                    .filter_map(|t| found[*t].get(path))
                    .flatten()
                    .collect();
                let extra: Vec<&String> = fields.iter().filter(|f| !has.contains(f)).collect();
                if !extra.is_empty() {
                    problems.push(format!(
                        "{part} `{}`: the README names {extra:?}, which neither the fixture \
                         nor the bundled site's template data has",
                        show(path)
                    ));
                }
            }
        }
        problems
    }

    #[test]
    fn readme_table_matches_template_data() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Shapes::new();
        site_shapes(&repo.join("tests/fixtures/mini"), &mut found);
        site_shapes(repo, &mut found);
        let readme = std::fs::read_to_string(repo.join("README.md")).expect("README.md");
        let problems = differences(&readme_table(&readme), &found);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The check itself: the table's rows (shared templates and variables,
    /// notes after the dash), and a field missing on either side.
    #[test]
    fn readme_check_notices_differences() {
        let table = readme_table(
            "| template | variable | fields |\n|---|---|---|\n\
             | every template | top level | `t` |\n\
             | every page | top level | `title` |\n\
             | `a.html`, `b.html` | top level | `x`, `y`, `w` — `z` is a note |\n\
             | | `x`, `w` | `p` |\n",
        );
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(table["a.html"][""], set(&["x", "y", "w"]));
        assert_eq!(table["b.html"]["w"], set(&["p"]));

        let mut found = Shapes::new();
        let page = serde_json::json!({"title": "T", "x": [{"p": 1}], "y": 2, "w": {"p": 3},
                                      "t": {"k": "v"}});
        collect(&page, "", found.entry("a.html".into()).or_default());
        collect(&page, "", found.entry("b.html".into()).or_default());
        assert!(
            !found["a.html"].contains_key("t"),
            "the interface text is not walked"
        );
        assert_eq!(differences(&table, &found), Vec::<String>::new());

        // A field the data has and the table lacks, and one the table names
        // that no page has.
        let page =
            serde_json::json!({"title": "T", "t": {}, "x": [{"p": 1, "q": 2}], "w": {"p": 3}});
        found.clear();
        collect(&page, "", found.entry("a.html".into()).or_default());
        collect(&page, "", found.entry("b.html".into()).or_default());
        let problems = differences(&table, &found);
        assert!(
            problems.iter().any(|p| p.contains("lacks [\"q\"]")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("names [\"y\"]")),
            "{problems:?}"
        );
    }
}
