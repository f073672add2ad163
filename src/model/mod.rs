//! Stage 2, the site model: arranges loaded documents into guides with
//! numbered steps and top-level pages, validates what spans documents
//! (duplicate numbers, unknown laws, date expressions, slugs), resolves URLs,
//! legal references and timeline dates, and knows which output page depends
//! on which source file — so a preview server can re-render only what one
//! changed file affects.

pub mod formkrav;
pub mod rules;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::content::config::SiteConfig;
use crate::content::frontmatter::{GuideMeta, Kind, Obligation, PageMeta, StepMeta};
use crate::content::load::{Document, Meta};
use crate::shared::dates::{is_date_name, DateScope, NamedDate, Period, PERIOD_ANCHORS};
use crate::shared::deadlines::{RuleKind, Verdict};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{
    CALENDAR_FILE, CHECKLIST_SLUG, SEARCH_SLUG, STATUS_SLUG, TIMELINE_SLUG, WHATS_NEW_SLUG,
};
use crate::shared::i18n::Lang;
use crate::shared::law::is_valid_section;
use crate::shared::slug::slugify;
use crate::shared::workdays::next_working_day;

/// A legal reference resolved against the law registry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LegalLink {
    pub law_id: String,
    pub law_name: String,
    pub section: String,
    /// `plan- og bygningsloven § 10-1`
    pub label: String,
    /// `https://lovdata.no/lov/2008-06-27-71/§10-1`
    pub url: String,
    pub requirement: String,
    /// `skal` or `bør`
    pub obligation: Option<Obligation>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub doc: usize,
    pub number: u32,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub kind: Kind,
    pub summary: String,
    pub lang: Lang,
    pub updated: NaiveDate,
    /// The later of `updated` and `reviewed`.
    pub reviewed: NaiveDate,
    pub legal: Vec<LegalLink>,
    /// Start and optional end on the election period.
    pub when: Option<(Dated, Option<Dated>)>,
    /// Newest first.
    pub changes: Vec<(NaiveDate, String)>,
    /// Formal requirements (`formkrav:`), in the order written.
    pub formkrav: Vec<Formkrav>,
}

/// A formal requirement of a step, resolved: its kind, what must be done,
/// who or where, the law's section and optionally its date.
#[derive(Debug, Clone)]
pub struct Formkrav {
    pub kind: formkrav::FormkravKind,
    pub text: String,
    pub place: Option<String>,
    pub legal: LegalLink,
    pub date: Option<Dated>,
}

#[derive(Debug, Clone)]
pub struct PhaseDates {
    pub title: String,
    pub start: Dated,
    pub end: Dated,
}

/// A resolved date with the expression it came from (canonical form), so
/// the browser can recompute it for other period dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub date: NaiveDate,
    pub expr: String,
}

#[derive(Debug, Clone)]
pub struct MilestoneDate {
    pub title: String,
    pub date: Dated,
    pub deadline: bool,
    pub legal: Option<LegalLink>,
}

/// A rule the law sets between two dates of a guide (see
/// [`crate::shared::deadlines`] for how it is counted).
#[derive(Debug, Clone)]
pub struct DateRule {
    /// The rule in the guide's own words.
    pub text: String,
    pub date: Dated,
    pub kind: RuleKind,
    pub other: Dated,
    pub legal: LegalLink,
}

#[derive(Debug, Clone)]
pub struct Guide {
    pub doc: usize,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub order: i64,
    pub lang: Lang,
    pub updated: Option<NaiveDate>,
    pub phases: Vec<PhaseDates>,
    pub milestones: Vec<MilestoneDate>,
    /// The guide's own named dates (`dates:`), in declaration order.
    pub dates: Vec<NamedDate>,
    /// The law's rules between its dates (`rules:`), which the defaults
    /// keep (else the build fails) and the browser checks typed dates by.
    pub rules: Vec<DateRule>,
    /// Sorted by number.
    pub steps: Vec<Step>,
}

impl Guide {
    pub fn checklist_url(&self) -> String {
        format!("{}{CHECKLIST_SLUG}/", self.url)
    }

    pub fn timeline_url(&self) -> String {
        format!("{}{TIMELINE_SLUG}/", self.url)
    }

    /// The guide's status report: every step with its status, for the
    /// municipality's working group and formannskap.
    pub fn status_url(&self) -> String {
        format!("{}{STATUS_SLUG}/", self.url)
    }

    /// The iCalendar file of the guide's milestones, beside its timeline.
    pub fn calendar_url(&self) -> String {
        format!("{}{CALENDAR_FILE}", self.timeline_url())
    }

    /// The steps arranged on the guide's phases: each dated step goes in the
    /// phase its start falls in (else the last phase begun before it, else
    /// the first). Without phases, all dated steps share one phase named
    /// after the guide.
    pub fn timeline(&self) -> Timeline<'_> {
        let mut dated: Vec<&Step> = self.steps.iter().filter(|s| s.when.is_some()).collect();
        dated.sort_by_key(|s| (s.when.as_ref().map(|w| w.0.date), s.number));
        let unscheduled = self.steps.iter().filter(|s| s.when.is_none()).collect();
        let mut phases: Vec<TimelinePhase<'_>> = self
            .phases
            .iter()
            .map(|p| TimelinePhase {
                title: p.title.clone(),
                start: p.start.clone(),
                end: p.end.clone(),
                steps: Vec::new(),
            })
            .collect();
        if phases.is_empty() {
            let starts = dated.iter().filter_map(|s| s.when.as_ref().map(|w| &w.0));
            let ends = dated
                .iter()
                .filter_map(|s| s.when.as_ref().map(|w| w.1.as_ref().unwrap_or(&w.0)));
            if let (Some(start), Some(end)) =
                (starts.min_by_key(|d| d.date), ends.max_by_key(|d| d.date))
            {
                phases.push(TimelinePhase {
                    title: self.title.clone(),
                    start: start.clone(),
                    end: end.clone(),
                    steps: Vec::new(),
                });
            }
        }
        for s in dated {
            let start = s.when.as_ref().map(|w| w.0.date).unwrap_or_default();
            let idx = phases
                .iter()
                .position(|p| p.start.date <= start && start <= p.end.date)
                .or_else(|| phases.iter().rposition(|p| p.start.date <= start))
                .unwrap_or(0);
            phases[idx].steps.push(s);
        }
        Timeline {
            phases,
            unscheduled,
        }
    }
}

impl Site {
    /// Every recorded change of every step, newest first (then by guide and
    /// step order): the "what's new" page and the Atom feed.
    pub fn changes(&self) -> Vec<ChangeEntry<'_>> {
        let mut out: Vec<ChangeEntry<'_>> = Vec::new();
        for guide in &self.guides {
            for step in &guide.steps {
                for (date, note) in &step.changes {
                    out.push(ChangeEntry {
                        date: *date,
                        note,
                        guide,
                        step,
                    });
                }
            }
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.date));
        out
    }
}

impl Site {
    /// "What's new" with the same change to many steps of a guide on one
    /// day (e.g. «Første versjon» on every step) as one entry, newest first.
    pub fn change_groups(&self) -> Vec<ChangeGroup<'_>> {
        let mut groups: Vec<ChangeGroup<'_>> = Vec::new();
        let mut index: HashMap<(NaiveDate, usize, &str), usize> = HashMap::new();
        for c in self.changes() {
            let key = (c.date, c.guide.doc, c.note);
            match index.get(&key) {
                Some(&i) => groups[i].steps.push(c.step),
                None => {
                    index.insert(key, groups.len());
                    groups.push(ChangeGroup {
                        date: c.date,
                        note: c.note,
                        guide: c.guide,
                        steps: vec![c.step],
                    });
                }
            }
        }
        for g in &mut groups {
            g.steps.sort_by_key(|s| s.number);
        }
        groups
    }

    /// Whether a page is listed for the public: in the sitemap and the
    /// search. Not the 404 and search pages, nor pages marked `unlisted`.
    pub fn is_public(&self, id: PageId) -> bool {
        match id {
            PageId::NotFound | PageId::Search | PageId::Status(_) => false,
            PageId::Page(p) => !self.pages[p].unlisted,
            _ => true,
        }
    }

    /// The `sources:` of the document behind a page.
    pub fn sources(&self, doc: usize) -> &[crate::content::frontmatter::Source] {
        self.docs[doc].meta.sources()
    }
}

/// One entry of "what's new": a change note given to one or more steps of
/// a guide on one day.
pub struct ChangeGroup<'s> {
    pub date: NaiveDate,
    pub note: &'s str,
    pub guide: &'s Guide,
    /// By step number.
    pub steps: Vec<&'s Step>,
}

/// One line of "what's new".
pub struct ChangeEntry<'s> {
    pub date: NaiveDate,
    pub note: &'s str,
    pub guide: &'s Guide,
    pub step: &'s Step,
}

/// A guide's steps placed on its phases, see [`Guide::timeline`].
pub struct Timeline<'g> {
    pub phases: Vec<TimelinePhase<'g>>,
    pub unscheduled: Vec<&'g Step>,
}

pub struct TimelinePhase<'g> {
    pub title: String,
    pub start: Dated,
    pub end: Dated,
    pub steps: Vec<&'g Step>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub doc: usize,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub order: i64,
    pub lang: Lang,
    pub updated: Option<NaiveDate>,
    /// Built but not listed anywhere (`unlisted: true`).
    pub unlisted: bool,
    /// `docx: true`: the body is also a Word file beside the page.
    pub docx: bool,
}

impl Page {
    /// The Word file of a `docx: true` page: `<page URL><slug>.docx`.
    pub fn docx_url(&self) -> Option<String> {
        self.docx.then(|| format!("{}{}.docx", self.url, self.slug))
    }
}

/// Every page stegvis writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Front,
    Guide(usize),
    /// Guide index, step index within the guide.
    Step(usize, usize),
    Checklist(usize),
    Timeline(usize),
    /// A guide's status report.
    Status(usize),
    Page(usize),
    /// The search page.
    Search,
    /// "Hva er nytt": every step's recorded changes, newest first.
    WhatsNew,
    NotFound,
}

/// How an output page uses a source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Uses {
    /// Body and metadata: any change re-renders the page.
    Everything,
    /// Only its title, number, kind or summary (navigation, lists).
    Listing,
}

/// Where an `@/…` link can point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub doc: usize,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub docs: Vec<Document>,
    /// The document of `content/_index.md`, if any.
    pub index: Option<usize>,
    pub guides: Vec<Guide>,
    pub pages: Vec<Page>,
    /// `planstrategi/01-eierskap.md` → its page.
    pub targets: HashMap<String, LinkTarget>,
    /// Resolved URL of the accessibility statement, if configured.
    pub accessibility_statement: Option<String>,
    /// Content keys of files that failed to load (already reported).
    pub failed_keys: HashSet<String>,
    /// The page each document becomes, by document index.
    pub doc_pages: Vec<Option<PageId>>,
    /// Paths of the files copied from `static/` and the theme, which
    /// images in Markdown may name.
    pub static_files: HashSet<String>,
}

/// Page URLs, absolute addresses and output paths: the one place that
/// turns one into another.
impl Site {
    /// The root-relative URL of `rest`, a path below the site's base path.
    pub fn url_for(&self, rest: &str) -> String {
        format!("{}{rest}", self.config.base_path)
    }

    /// What follows the base path in a root-relative URL (the URL itself
    /// when it is not below the base path).
    pub fn below_base<'u>(&self, url: &'u str) -> &'u str {
        url.strip_prefix(&self.config.base_path).unwrap_or(url)
    }

    /// The absolute address of a root-relative URL.
    pub fn absolute_url(&self, url: &str) -> String {
        format!("{}{}", self.config.base_url, self.below_base(url))
    }

    /// The site's host (with its port, if any), for identifiers such as
    /// calendar UIDs; `stegvis` if the address has none.
    pub fn host(&self) -> String {
        url::Url::parse(&self.config.base_url)
            .ok()
            .filter(|u| u.has_host())
            .map(|u| u[url::Position::BeforeHost..url::Position::AfterPort].to_string())
            .unwrap_or_else(|| "stegvis".to_string())
    }

    /// The root-relative URL of a file in the output (a folder's
    /// `index.html` is the folder).
    pub fn url_of_output(&self, path: &str) -> String {
        self.url_for(path.strip_suffix("index.html").unwrap_or(path))
    }

    /// Every output page, in a stable order.
    /// Whether `build` writes page `id`: every page but an `unlisted` one,
    /// unless site.yaml has `publish_unlisted: true` (the preview and
    /// `check` have them all).
    pub fn is_published(&self, id: PageId) -> bool {
        match id {
            PageId::Page(p) => !self.pages[p].unlisted || self.config.publish_unlisted,
            _ => true,
        }
    }

    pub fn page_ids(&self) -> Vec<PageId> {
        let mut ids = vec![
            PageId::Front,
            PageId::Search,
            PageId::WhatsNew,
            PageId::NotFound,
        ];
        for (g, guide) in self.guides.iter().enumerate() {
            ids.push(PageId::Guide(g));
            ids.push(PageId::Checklist(g));
            if self.config.period.is_some() {
                ids.push(PageId::Timeline(g));
            }
            ids.push(PageId::Status(g));
            ids.extend((0..guide.steps.len()).map(|s| PageId::Step(g, s)));
        }
        ids.extend((0..self.pages.len()).map(PageId::Page));
        ids
    }

    /// Root-relative URL of a page (with the base path).
    pub fn url(&self, id: PageId) -> String {
        match id {
            PageId::Front => self.url_for(""),
            PageId::NotFound => self.url_for("404.html"),
            PageId::Search => self.url_for(&format!("{SEARCH_SLUG}/")),
            PageId::WhatsNew => self.url_for(&format!("{WHATS_NEW_SLUG}/")),
            PageId::Guide(g) => self.guides[g].url.clone(),
            PageId::Step(g, s) => self.guides[g].steps[s].url.clone(),
            PageId::Checklist(g) => self.guides[g].checklist_url(),
            PageId::Timeline(g) => self.guides[g].timeline_url(),
            PageId::Status(g) => self.guides[g].status_url(),
            PageId::Page(p) => self.pages[p].url.clone(),
        }
    }

    /// The file a page is written to, relative to the output folder.
    pub fn output_path(&self, id: PageId) -> String {
        if id == PageId::NotFound {
            return "404.html".to_string();
        }
        format!("{}index.html", self.below_base(&self.url(id)))
    }

    /// The documents a page is made from, and how it uses each. Every page
    /// also uses `site.yaml`, the templates and the guide and page titles
    /// in the main navigation (listed as [`Uses::Listing`]).
    pub fn dependencies(&self, id: PageId) -> Vec<(usize, Uses)> {
        let mut deps: BTreeMap<usize, Uses> = BTreeMap::new();
        let mut add = |doc: usize, uses: Uses| {
            let e = deps.entry(doc).or_insert(uses);
            *e = (*e).min(uses);
        };
        for g in &self.guides {
            add(g.doc, Uses::Listing);
        }
        for p in &self.pages {
            add(p.doc, Uses::Listing);
        }
        match id {
            PageId::Front => {
                if let Some(i) = self.index {
                    add(i, Uses::Everything);
                }
            }
            PageId::NotFound | PageId::Search => {
                if let Some(i) = self.index {
                    add(i, Uses::Listing);
                }
            }
            PageId::WhatsNew => {
                if let Some(i) = self.index {
                    add(i, Uses::Listing);
                }
                // Step titles, numbers and recorded changes.
                for g in &self.guides {
                    for s in &g.steps {
                        add(s.doc, Uses::Listing);
                    }
                }
            }
            PageId::Guide(g) | PageId::Checklist(g) | PageId::Timeline(g) | PageId::Status(g) => {
                add(self.guides[g].doc, Uses::Everything);
                for s in &self.guides[g].steps {
                    add(s.doc, Uses::Everything);
                }
            }
            PageId::Step(g, s) => {
                add(self.guides[g].doc, Uses::Listing);
                for st in &self.guides[g].steps {
                    add(st.doc, Uses::Listing);
                }
                add(self.guides[g].steps[s].doc, Uses::Everything);
            }
            PageId::Page(p) => add(self.pages[p].doc, Uses::Everything),
        }
        deps.into_iter().collect()
    }

    /// The pages that must be re-rendered when document `doc` changes:
    /// those whose [`Site::dependencies`] name it, with [`Uses::Listing`]
    /// counted only when `listing_changed` (its title, number, kind, summary
    /// or anything else shown in lists and navigation changed).
    pub fn dependents(&self, doc: usize, listing_changed: bool) -> Vec<PageId> {
        let guide_pages = |g: usize| {
            let mut v = vec![PageId::Guide(g), PageId::Checklist(g)];
            if self.config.period.is_some() {
                v.push(PageId::Timeline(g));
            }
            v.push(PageId::Status(g));
            v
        };
        match self.page_of_doc(doc) {
            None => Vec::new(),
            Some(PageId::Step(g, s)) => {
                let mut v = guide_pages(g);
                if listing_changed {
                    v.push(PageId::WhatsNew);
                    v.extend((0..self.guides[g].steps.len()).map(|i| PageId::Step(g, i)));
                } else {
                    v.push(PageId::Step(g, s));
                }
                v
            }
            // Guides and pages are listed on every page.
            Some(PageId::Guide(_) | PageId::Page(_)) if listing_changed => self.page_ids(),
            Some(PageId::Guide(g)) => guide_pages(g),
            Some(PageId::Page(p)) => vec![PageId::Page(p)],
            Some(PageId::Front) if listing_changed => {
                vec![
                    PageId::Front,
                    PageId::Search,
                    PageId::WhatsNew,
                    PageId::NotFound,
                ]
            }
            Some(other) => vec![other],
        }
    }

    /// The page a document becomes, if it becomes one.
    pub fn page_of_doc(&self, doc: usize) -> Option<PageId> {
        self.doc_pages.get(doc).copied().flatten()
    }

    /// The language of a page.
    pub fn lang(&self, id: PageId) -> Lang {
        match id {
            PageId::Front | PageId::NotFound | PageId::Search | PageId::WhatsNew => self
                .index
                .and_then(|i| match &self.docs[i].meta {
                    Meta::Index(m) => m.lang,
                    _ => None,
                })
                .unwrap_or(self.config.language),
            PageId::Guide(g) | PageId::Checklist(g) | PageId::Timeline(g) | PageId::Status(g) => {
                self.guides[g].lang
            }
            PageId::Step(g, s) => self.guides[g].steps[s].lang,
            PageId::Page(p) => self.pages[p].lang,
        }
    }
}

/// What the model is made of: the site's settings, its documents, and what
/// else a Markdown link may point to.
pub struct ModelInputs {
    pub config: SiteConfig,
    pub docs: Vec<Document>,
    /// Content keys of files that failed to load (their errors are already
    /// reported, so links to them are not reported again).
    pub failed_keys: HashSet<String>,
    /// Paths of the files copied from `static/` and the theme.
    pub static_files: HashSet<String>,
}

impl ModelInputs {
    /// Inputs with no failed files and no static files (tests, fuzzing).
    pub fn new(config: SiteConfig, docs: Vec<Document>) -> ModelInputs {
        ModelInputs {
            config,
            docs,
            failed_keys: HashSet::new(),
            static_files: HashSet::new(),
        }
    }
}

/// Builds the model. Documents with errors were already left out by the
/// loader; problems found here are returned together with the model, which
/// is still usable for as much as was valid.
pub fn build_model(inputs: ModelInputs) -> (Site, Diagnostics) {
    let ModelInputs {
        config,
        docs,
        failed_keys,
        static_files,
    } = inputs;
    let mut diags = Diagnostics::default();
    for doc in &docs {
        check_sources(doc, &mut diags);
    }

    // Guides and pages first, so steps find their guide.
    let mut index = None;
    let mut guides: Vec<Guide> = Vec::new();
    let mut guide_by_dir: HashMap<String, usize> = HashMap::new();
    let mut pages: Vec<Page> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        match &doc.meta {
            Meta::Index(_) => index = Some(i),
            Meta::Page(m) => pages.push(new_page(i, doc, m, &config, &mut diags)),
            Meta::Guide { dir, meta } => {
                guide_by_dir.insert(dir.clone(), guides.len());
                guides.push(new_guide(i, doc, dir, meta, &config, &mut diags));
            }
            Meta::Step { .. } => {}
        }
    }
    for (i, doc) in docs.iter().enumerate() {
        let Meta::Step { dir, meta } = &doc.meta else {
            continue;
        };
        // A guide whose _guide.md failed to load was reported already.
        if let Some(&g) = guide_by_dir.get(dir) {
            let step = new_step(i, doc, meta, &guides[g], &config, &mut diags);
            guides[g].steps.push(step);
        }
    }

    for guide in &mut guides {
        guide.steps.sort_by_key(|s| (s.number, s.doc));
        check_step_numbers(guide, &docs, &mut diags);
        check_unique_slugs(
            guide.steps.iter().map(|s| (s.slug.as_str(), s.doc)),
            &docs,
            &mut diags,
        );
    }
    guides.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
    pages.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
    check_top_level_slugs(&guides, &pages, &docs, &mut diags);

    let targets = link_targets(index, &guides, &pages, &docs, &config.base_path);
    let accessibility_statement = accessibility_statement(&config, &targets, &mut diags);
    let doc_pages = doc_pages(index, &guides, &pages, docs.len());
    let site = Site {
        config,
        docs,
        index,
        guides,
        pages,
        targets,
        accessibility_statement,
        failed_keys,
        doc_pages,
        static_files,
    };
    (site, diags)
}

/// A top-level page from its file.
fn new_page(
    i: usize,
    doc: &Document,
    m: &PageMeta,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Page {
    let slug = choose_slug(doc, m.slug.as_deref(), &m.title, diags);
    Page {
        doc: i,
        url: format!("{}{slug}/", config.base_path),
        slug,
        title: require_text(doc, "title", &m.title, diags),
        summary: m.summary.clone(),
        order: m.order,
        lang: m.lang.unwrap_or(config.language),
        updated: m.updated.map(|d| d.0),
        unlisted: m.unlisted,
        docx: m.docx,
    }
}

/// A guide from its `_guide.md`, with its own dates and its timeline.
fn new_guide(
    i: usize,
    doc: &Document,
    dir: &str,
    meta: &GuideMeta,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Guide {
    let slug = match &meta.slug {
        Some(s) => choose_slug(doc, Some(s), &meta.title, diags),
        None => {
            let s = slugify(dir);
            if s.is_empty() {
                slugify(&meta.title)
            } else {
                s
            }
        }
    };
    let lang = meta.lang.unwrap_or(config.language);
    let dates = guide_dates(doc, meta, config, diags);
    let (phases, milestones) = guide_timeline(doc, meta, lang, &dates, config, diags);
    let rules = guide_rules(doc, meta, lang, &dates, config, diags);
    Guide {
        doc: i,
        url: format!("{}{slug}/", config.base_path),
        slug,
        title: require_text(doc, "title", &meta.title, diags),
        summary: meta.summary.clone(),
        order: meta.order,
        lang,
        updated: meta.updated.map(|d| d.0),
        phases,
        milestones,
        dates,
        rules,
        steps: Vec::new(),
    }
}

/// The guide's rules between dates, resolved, each checked against the
/// dates as they are by default: a rule they break is an error naming the
/// rule, both dates and the law.
fn guide_rules(
    doc: &Document,
    meta: &GuideMeta,
    lang: Lang,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<DateRule> {
    let mut out = Vec::new();
    for r in &meta.rules {
        let line = doc
            .line_of(&r.text)
            .or_else(|| doc.line_of(&format!("date: {}", r.date)))
            .or_else(|| doc.line_of("rules:"));
        let (kind, other_expr) = match rules::kind_of(r) {
            Ok(k) => k,
            Err(msg) => {
                diags.push(
                    Diagnostic::error("invalid-rule", msg)
                        .in_file(doc.path.clone())
                        .at_line(line)
                        .with_hint("for eksempel `date: vedtak`, `at_least: 6w`, `after: hoyring`; se «Regler mellom datoer» i redaktørveiledningen"),
                );
                continue;
            }
        };
        // A rule is between two named dates; the distance is `at_least`.
        let offset = [r.date.as_str(), other_expr].into_iter().find(|e| {
            e.parse::<crate::shared::dates::DateExpr>()
                .is_ok_and(|x| x.amount != 0)
        });
        if let Some(e) = offset {
            diags.push(
                Diagnostic::error(
                    "invalid-rule",
                    format!("`{e}` er et uttrykk; en regel står mellom to navngitte datoer"),
                )
                .in_file(doc.path.clone())
                .at_line(line)
                .with_hint("skriv bare navnet på datoen, og avstanden under `at_least`, for eksempel `at_least: 6w`"),
            );
            continue;
        }
        let date = resolve_expr(doc, "date", &r.date, named, config, diags);
        let other = resolve_expr(doc, other_expr, other_expr, named, config, diags);
        let legal = resolve_section(doc, &r.law, &r.section.0, None, lang, config, diags);
        let (Some(date), Some(other), Some(legal)) = (date, other, legal) else {
            continue;
        };
        let hint = "flytt standarddatoen under `dates:` (eller `council_meeting` i site.yaml) så regelen holder; veilederen regner fristene slik siden «Slik regner veilederen fristene» forklarer";
        match rules::judge(
            &r.text,
            &legal.label,
            kind,
            (&date.expr, date.date),
            (&other.expr, other.date),
        ) {
            Some((Verdict::Broken, msg)) => diags.push(
                Diagnostic::error("rule-broken", msg)
                    .in_file(doc.path.clone())
                    .at_line(line)
                    .with_hint(hint),
            ),
            Some((_, msg)) => diags.push(
                Diagnostic::warning("rule-tight", msg)
                    .in_file(doc.path.clone())
                    .at_line(line)
                    .with_hint(hint),
            ),
            None => {}
        }
        out.push(DateRule {
            text: r.text.trim().to_string(),
            date,
            kind,
            other,
            legal,
        });
    }
    out
}

/// A step of `guide` from its file: its address, legal references and
/// dates, with every problem of its own.
fn new_step(
    i: usize,
    doc: &Document,
    meta: &StepMeta,
    guide: &Guide,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Step {
    let slug = choose_slug(doc, meta.slug.as_deref(), &meta.title, diags);
    if slug == CHECKLIST_SLUG || slug == TIMELINE_SLUG || slug == STATUS_SLUG {
        diags.push(
            Diagnostic::error(
                "slug-collision",
                format!("adressen `{slug}` er reservert for veilederens egen side"),
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("title").or(Some(doc.yaml_line)))
            .with_hint("sett et annet `slug:` i front matter"),
        );
    }
    if meta.step == 0 {
        diags.push(
            Diagnostic::error("invalid-value", "stegnummeret må være 1 eller høyere")
                .in_file(doc.path.clone())
                .at_line(doc.line_of("step:"))
                .with_hint("nummerer stegene 1, 2, 3 …"),
        );
    }
    let legal = resolve_legal(doc, meta, meta.lang.unwrap_or(guide.lang), config, diags);
    let when = meta.when.as_ref().and_then(|w| {
        let named = &guide.dates;
        let start = resolve_expr(doc, "start", &w.start, named, config, diags)?;
        let end = match &w.end {
            Some(e) => Some(resolve_expr(doc, "end", e, named, config, diags)?),
            None => None,
        };
        if let Some(end) = &end {
            if end.date < start.date {
                diags.push(
                    Diagnostic::error("invalid-value", "`when.end` ligger før `when.start`")
                        .in_file(doc.path.clone())
                        .at_line(doc.line_of("end:"))
                        .with_hint("bytt om start og end, eller rett datouttrykket"),
                );
            }
        }
        Some((start, end))
    });
    let mut changes: Vec<(NaiveDate, String)> = meta
        .changes
        .iter()
        .map(|c| (c.date.0, c.note.clone()))
        .collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.0));
    Step {
        doc: i,
        number: meta.step,
        url: format!("{}{slug}/", guide.url),
        slug,
        title: require_text(doc, "title", &meta.title, diags),
        kind: meta.kind,
        summary: require_text(doc, "summary", &meta.summary, diags),
        lang: meta.lang.unwrap_or(guide.lang),
        updated: meta.updated.0,
        reviewed: meta
            .reviewed
            .map_or(meta.updated.0, |r| r.0.max(meta.updated.0)),
        legal,
        when,
        changes,
        formkrav: step_formkrav(
            doc,
            meta,
            meta.lang.unwrap_or(guide.lang),
            &guide.dates,
            config,
            diags,
        ),
    }
}

/// A step's formal requirements, each with its law and date resolved; an
/// unknown kind, law or date name is an error at its line.
fn step_formkrav(
    doc: &Document,
    meta: &StepMeta,
    lang: Lang,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<Formkrav> {
    let mut out = Vec::new();
    for f in &meta.formkrav {
        let kind = match formkrav::FormkravKind::parse(&f.kind) {
            Ok(k) => Some(k),
            Err(msg) => {
                diags.push(
                    Diagnostic::error("invalid-formkrav", msg)
                        .in_file(doc.path.clone())
                        .at_line(
                            doc.line_of(&format!("kind: {}", f.kind))
                                .or_else(|| doc.line_of("formkrav:")),
                        )
                        .with_hint("se «Formkrav» i redaktørveiledningen"),
                );
                None
            }
        };
        let text = f.text.trim();
        if text.is_empty() {
            diags.push(
                Diagnostic::error("invalid-formkrav", "formkravet mangler `text`")
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of("formkrav:"))
                    .with_hint(
                        "skriv kort hva som skal gjøres, for eksempel «Oppstarten kunngjøres.»",
                    ),
            );
        }
        let legal = resolve_section(doc, &f.law, &f.section.0, None, lang, config, diags);
        let date = match &f.date {
            Some(expr) => resolve_expr(doc, "date", expr, named, config, diags).map(Some),
            None => Some(None),
        };
        if let (Some(kind), Some(legal), Some(date), false) = (kind, legal, date, text.is_empty()) {
            out.push(Formkrav {
                kind,
                text: text.to_string(),
                place: f
                    .place
                    .as_ref()
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty()),
                legal,
                date,
            });
        }
    }
    out
}

/// Guides and pages need addresses of their own, apart from each other and
/// from the site's own pages: a page titled «Søk» would silently overwrite
/// the search page.
fn check_top_level_slugs(
    guides: &[Guide],
    pages: &[Page],
    docs: &[Document],
    diags: &mut Diagnostics,
) {
    check_unique_slugs(
        guides
            .iter()
            .map(|g| (g.slug.as_str(), g.doc))
            .chain(pages.iter().map(|p| (p.slug.as_str(), p.doc))),
        docs,
        diags,
    );
    // The site's own pages (search, what's new) keep their addresses.
    for (slug, doc) in guides
        .iter()
        .map(|g| (&g.slug, g.doc))
        .chain(pages.iter().map(|p| (&p.slug, p.doc)))
    {
        if slug == SEARCH_SLUG || slug == WHATS_NEW_SLUG {
            let d = &docs[doc];
            diags.push(
                Diagnostic::error(
                    "slug-collision",
                    format!("adressen `{slug}` er reservert for nettstedets egen side"),
                )
                .in_file(d.path.clone())
                .at_line(d.line_of("slug:").or_else(|| d.line_of("title:")))
                .with_hint("sett et annet `slug:` i front matter (for en veileder: eller gi mappen et annet navn)"),
            );
        }
    }
}

/// What `@/…` links name: each document's key → its page and URL.
fn link_targets(
    index: Option<usize>,
    guides: &[Guide],
    pages: &[Page],
    docs: &[Document],
    base: &str,
) -> HashMap<String, LinkTarget> {
    let mut targets: HashMap<String, LinkTarget> = HashMap::new();
    for g in guides {
        targets.insert(
            docs[g.doc].key.clone(),
            LinkTarget {
                doc: g.doc,
                url: g.url.clone(),
            },
        );
        for s in &g.steps {
            targets.insert(
                docs[s.doc].key.clone(),
                LinkTarget {
                    doc: s.doc,
                    url: s.url.clone(),
                },
            );
        }
    }
    for p in pages {
        targets.insert(
            docs[p.doc].key.clone(),
            LinkTarget {
                doc: p.doc,
                url: p.url.clone(),
            },
        );
    }
    if let Some(i) = index {
        targets.insert(
            docs[i].key.clone(),
            LinkTarget {
                doc: i,
                url: base.to_string(),
            },
        );
    }
    targets
}

/// The accessibility statement's URL: `@/…` resolved to its page.
fn accessibility_statement(
    config: &SiteConfig,
    targets: &HashMap<String, LinkTarget>,
    diags: &mut Diagnostics,
) -> Option<String> {
    config.accessibility_statement.as_ref().and_then(|a| {
        match a.strip_prefix("@/") {
            Some(key) => match targets.get(key) {
                Some(t) => Some(t.url.clone()),
                None => {
                    diags.push(
                        Diagnostic::error(
                            "broken-link",
                            format!("accessibility_statement peker på `{a}`, som ikke finnes"),
                        )
                        .in_file(crate::shared::file_names::CONFIG_FILE)
                        .with_hint("skriv stien til en side under content/, for eksempel `@/tilgjengelighetserklaering.md`"),
                    );
                    None
                }
            },
            None => Some(a.clone()),
        }
    })
}

/// The page each document becomes, by document index.
fn doc_pages(
    index: Option<usize>,
    guides: &[Guide],
    pages: &[Page],
    count: usize,
) -> Vec<Option<PageId>> {
    let mut doc_pages = vec![None; count];
    if let Some(i) = index {
        doc_pages[i] = Some(PageId::Front);
    }
    for (g, guide) in guides.iter().enumerate() {
        doc_pages[guide.doc] = Some(PageId::Guide(g));
        for (s, step) in guide.steps.iter().enumerate() {
            doc_pages[step.doc] = Some(PageId::Step(g, s));
        }
    }
    for (p, page) in pages.iter().enumerate() {
        doc_pages[page.doc] = Some(PageId::Page(p));
    }
    doc_pages
}

fn require_text(doc: &Document, field: &str, value: &str, diags: &mut Diagnostics) -> String {
    if value.trim().is_empty() {
        diags.push(
            Diagnostic::error("missing-field", format!("feltet `{field}` er tomt"))
                .in_file(doc.path.clone())
                .at_line(doc.line_of(&format!("{field}:")))
                .with_hint(format!("skriv en tekst etter `{field}:`")),
        );
    }
    value.trim().to_string()
}

/// An explicit slug must already be a slug; otherwise one is made from the title.
fn choose_slug(
    doc: &Document,
    explicit: Option<&str>,
    title: &str,
    diags: &mut Diagnostics,
) -> String {
    match explicit {
        Some(s) => {
            let clean = slugify(s);
            if clean != s || clean.is_empty() {
                diags.push(
                    Diagnostic::error("invalid-value", format!("ugyldig slug `{s}`"))
                        .in_file(doc.path.clone())
                        .at_line(doc.line_of("slug:"))
                        .with_hint(format!(
                            "bruk bare små bokstaver a–z, tall og bindestrek, for eksempel `{}`",
                            if clean.is_empty() {
                                "mitt-steg"
                            } else {
                                &clean
                            }
                        )),
                );
            }
            if clean.is_empty() {
                "side".to_string()
            } else {
                clean
            }
        }
        None => {
            let s = slugify(title);
            if s.is_empty() {
                "side".to_string()
            } else {
                s
            }
        }
    }
}

fn check_step_numbers(guide: &Guide, docs: &[Document], diags: &mut Diagnostics) {
    for pair in guide.steps.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.number == b.number {
            let doc = &docs[b.doc];
            diags.push(
                Diagnostic::error(
                    "duplicate-step",
                    format!(
                        "stegnummer {} er brukt to ganger i veilederen «{}»",
                        b.number, guide.title
                    ),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("step:"))
                .with_hint(format!(
                    "{} har også `step: {}`; gi hvert steg sitt eget nummer",
                    docs[a.doc].path.display(),
                    a.number
                )),
            );
        } else if b.number != a.number + 1 {
            let doc = &docs[b.doc];
            diags.push(
                Diagnostic::warning(
                    "step-gap",
                    format!(
                        "veilederen «{}» hopper fra steg {} til steg {}",
                        guide.title, a.number, b.number
                    ),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("step:"))
                .with_hint("nummerer stegene fortløpende"),
            );
        }
    }
}

fn check_unique_slugs<'a>(
    items: impl Iterator<Item = (&'a str, usize)>,
    docs: &[Document],
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (slug, doc) in items {
        if let Some(&first) = seen.get(slug) {
            let d = &docs[doc];
            diags.push(
                Diagnostic::error(
                    "slug-collision",
                    format!(
                        "adressen `{slug}` brukes allerede av {}",
                        docs[first].path.display()
                    ),
                )
                .in_file(d.path.clone())
                .at_line(d.line_of("slug:").or_else(|| d.line_of("title:")))
                .with_hint("sett et eget `slug:` i front matter, eller endre tittelen"),
            );
        } else {
            seen.insert(slug, doc);
        }
    }
}

fn resolve_legal(
    doc: &Document,
    meta: &StepMeta,
    lang: Lang,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<LegalLink> {
    let mut out = Vec::new();
    for r in &meta.legal {
        if let Some(link) = resolve_section(
            doc,
            &r.law,
            &r.section.0,
            Some((r.obligation, r.requirement.as_str())),
            lang,
            config,
            diags,
        ) {
            out.push(link);
        }
    }
    let has_duty = meta.legal.iter().any(|r| r.obligation == Obligation::Skal);
    match meta.kind {
        Kind::Lovkrav if !has_duty => diags.push(
            Diagnostic::error(
                "lovkrav-without-duty",
                "steget er merket `kind: lovkrav`, men ingen henvisning under `legal` har `obligation: skal`",
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("kind:"))
            .with_hint(
                "legg til paragrafen som stiller kravet (law, section, requirement, obligation: skal), eller merk steget `kind: råd`",
            ),
        ),
        Kind::Rad if has_duty => diags.push(
            Diagnostic::warning(
                "rad-with-duty",
                "steget er merket `kind: råd`, men viser til en plikt (`obligation: skal`)",
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("kind:"))
            .with_hint("et steg med lovpålagte plikter bør merkes `kind: lovkrav`"),
        ),
        _ => {}
    }
    out
}

/// Resolves one `law` + `section` pair, reporting unknown laws and malformed
/// sections at their line.
fn resolve_section(
    doc: &Document,
    law_id: &str,
    section: &str,
    // What the section demands (steps); None for a bare reference (milestones).
    demand: Option<(Obligation, &str)>,
    lang: Lang,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Option<LegalLink> {
    let law = match config.laws.get(law_id) {
        Some(l) => l,
        None => {
            let known = config.laws.ids();
            let hint = match crate::shared::text::nearest(law_id, &known) {
                Some(n) => format!(
                    "mente du `{n}`? Kjente lover i site.yaml: {}",
                    known.join(", ")
                ),
                None if known.is_empty() => {
                    "site.yaml har ingen lover; legg dem til under `laws:`".to_string()
                }
                None => format!(
                    "kjente lover i site.yaml: {} (legg til nye under `laws:`)",
                    known.join(", ")
                ),
            };
            diags.push(
                Diagnostic::error("unknown-law", format!("ukjent lov `{law_id}`"))
                    .in_file(doc.path.clone())
                    .at_line(
                        doc.line_of(&format!("law: {law_id}"))
                            .or_else(|| doc.line_of(law_id)),
                    )
                    .with_hint(hint),
            );
            return None;
        }
    };
    if !is_valid_section(section) {
        diags.push(
            Diagnostic::error("invalid-section", format!("ugyldig paragraf `{section}`"))
                .in_file(doc.path.clone())
                .at_line(
                    doc.line_of(section)
                        .filter(|_| !section.is_empty())
                        .or_else(|| doc.line_of("section:")),
                )
                .with_hint(
                    "skriv paragrafen som tall, eventuelt med bindestrek og bokstav: \"10-1\", \"6\", \"12-3a\"",
                ),
        );
        return None;
    }
    Some(LegalLink {
        law_id: law.id.clone(),
        law_name: law.name.clone(),
        section: section.to_string(),
        label: law.section_label(section, lang),
        url: law.section_url(section),
        requirement: demand.map_or(String::new(), |(_, r)| r.trim().to_string()),
        obligation: demand.map(|(o, _)| o),
    })
}

fn period_or_error<'c>(
    doc: &Document,
    field: &str,
    config: &'c SiteConfig,
    diags: &mut Diagnostics,
) -> Option<&'c Period> {
    if config.period.is_none() {
        diags.push(
            Diagnostic::error(
                "missing-period",
                format!("`{field}` bruker datoer, men site.yaml har ingen `period`"),
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of(field))
            .with_hint("legg til `period:` med `election:` og `constituted:` i site.yaml"),
        );
    }
    config.period.as_ref()
}

fn resolve_expr(
    doc: &Document,
    field: &str,
    expr: &str,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Option<Dated> {
    let period = period_or_error(doc, field, config, diags)?;
    match DateScope::new(period, named).eval(expr) {
        Ok((date, e)) => Some(Dated {
            date,
            expr: e.to_string(),
        }),
        Err(msg) => {
            diags.push(
                Diagnostic::error("invalid-date", format!("ugyldig datouttrykk `{expr}`: {msg}"))
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of(expr).or_else(|| doc.line_of(field)))
                    .with_hint(
                        "skriv et tidspunkt, eventuelt pluss/minus en varighet: `constituted + 3m`, `council_meeting - 30d`",
                    ),
            );
            None
        }
    }
}

/// Every `sources:` entry names a web address (a source must be readable
/// by the next reviewer, and the address lands in a link on the page).
fn check_sources(doc: &Document, diags: &mut Diagnostics) {
    for s in doc.meta.sources() {
        let Some(url) = s.url.as_deref().map(str::trim) else {
            continue;
        };
        let web = ["https://", "http://"]
            .iter()
            .any(|p| url.len() > p.len() && url[..p.len()].eq_ignore_ascii_case(p));
        if !web || url.contains(char::is_whitespace) {
            diags.push(
                Diagnostic::error(
                    "invalid-value",
                    format!("kilden «{}» har ingen gyldig nettadresse: `{url}`", s.title),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of(url).or_else(|| doc.line_of("sources:")))
                .with_hint("skriv hele adressen, for eksempel `https://lovdata.no/lov/2008-06-27-71/§10-1`"),
            );
        }
        if s.title.trim().is_empty() {
            diags.push(
                Diagnostic::error("missing-field", "en kilde mangler `title`")
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of("sources:"))
                    .with_hint("skriv hva kilden er, for eksempel `Plan- og bygningsloven § 10-1`"),
            );
        }
    }
}

/// The guide's own named dates (`dates:`), each resolved from its default
/// over the period and the dates declared before it.
fn guide_dates(
    doc: &Document,
    meta: &GuideMeta,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<NamedDate> {
    let mut out: Vec<NamedDate> = Vec::new();
    if meta.dates.is_empty() {
        return out;
    }
    if period_or_error(doc, "dates:", config, diags).is_none() {
        return out;
    }
    for d in &meta.dates {
        let line = doc
            .line_of(&format!("name: {}", d.name))
            .or_else(|| doc.line_of(&d.name))
            .or_else(|| doc.line_of("dates:"));
        if !is_date_name(&d.name) {
            diags.push(
                Diagnostic::error(
                    "invalid-value",
                    format!("`{}` kan ikke brukes som navn på en dato", d.name),
                )
                .in_file(doc.path.clone())
                .at_line(line)
                .with_hint("bruk små bokstaver a–z, tall og _, og begynn med en bokstav, for eksempel `oppstart` eller `planprogram_fastsatt`"),
            );
            continue;
        }
        if PERIOD_ANCHORS.contains(&d.name.as_str()) || out.iter().any(|o| o.name == d.name) {
            diags.push(
                Diagnostic::error(
                    "duplicate-date",
                    format!("datoen `{}` finnes fra før", d.name),
                )
                .in_file(doc.path.clone())
                .at_line(line)
                .with_hint("gi datoen et annet navn; `election`, `constituted`, `council_meeting` og `deadline` er valgperiodens egne"),
            );
            continue;
        }
        if let Some(dated) = resolve_expr(doc, "default:", &d.default, &out, config, diags) {
            // A default never falls on a day off: it moves to the next
            // working day, and the timeline says so.
            let date = next_working_day(dated.date);
            out.push(NamedDate {
                name: d.name.clone(),
                title: d.title.clone(),
                expr: dated.expr,
                date,
                moved_from: (date != dated.date).then_some(dated.date),
            });
        }
    }
    out
}

fn guide_timeline(
    doc: &Document,
    meta: &GuideMeta,
    lang: Lang,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> (Vec<PhaseDates>, Vec<MilestoneDate>) {
    let mut phases = Vec::new();
    for p in &meta.phases {
        let start = resolve_expr(doc, "start", &p.start, named, config, diags);
        let end = resolve_expr(doc, "end", &p.end, named, config, diags);
        if let (Some(start), Some(end)) = (start, end) {
            if end.date < start.date {
                diags.push(
                    Diagnostic::error(
                        "invalid-value",
                        format!("fasen «{}» slutter før den begynner", p.title),
                    )
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of(&p.title))
                    .with_hint("sjekk `start` og `end` for fasen"),
                );
            }
            phases.push(PhaseDates {
                title: p.title.clone(),
                start,
                end,
            });
        }
    }
    phases.sort_by_key(|p| p.start.date);
    let mut milestones = Vec::new();
    for m in &meta.milestones {
        let Some(date) = resolve_expr(doc, "date", &m.date, named, config, diags) else {
            continue;
        };
        let legal = m
            .legal
            .as_ref()
            .and_then(|r| resolve_section(doc, &r.law, &r.section.0, None, lang, config, diags));
        milestones.push(MilestoneDate {
            title: m.title.clone(),
            date,
            deadline: m.deadline,
            legal,
        });
    }
    milestones.sort_by_key(|m| m.date.date);
    (phases, milestones)
}

/// The metadata of a page doc, for pages and the front page alike.
pub fn page_meta(doc: &Document) -> Option<&PageMeta> {
    match &doc.meta {
        Meta::Index(m) | Meta::Page(m) => Some(m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::load_content;

    const SITE_YAML: &str = "title: Test\nbase_url: https://example.org/\nlanguage: nb\nlaws:\n  pbl:\n    lovdata: 2008-06-27-71\n    name: plan- og bygningsloven\nperiod:\n  election: 2023-09-11\n  constituted: 2023-10-19\n";

    /// The model of a site made of `files` (paths under the site root).
    fn model(files: &[(&str, &str)]) -> (Site, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.yaml"), SITE_YAML).unwrap();
        for (path, text) in files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = SiteConfig::load(root).unwrap_or_else(|d| panic!("{d:?}"));
        let loaded = load_content(root);
        assert!(
            loaded.diagnostics.is_empty(),
            "loading: {:?}",
            loaded.diagnostics
        );
        build_model(ModelInputs::new(config, loaded.docs))
    }

    fn step(n: u32, title: &str, extra: &str) -> String {
        format!("---\ntitle: {title}\nstep: {n}\nkind: råd\nsummary: S.\nupdated: 2024-01-0{n}\n{extra}---\nTekst.\n")
    }

    fn doc_of(site: &Site, key: &str) -> usize {
        site.docs.iter().position(|d| d.key == key).unwrap()
    }

    fn errors(diags: &Diagnostics, code: &str) -> Vec<String> {
        diags
            .errors()
            .filter(|d| d.code == code)
            .map(|d| {
                format!(
                    "{}: {}",
                    d.file
                        .as_ref()
                        .map_or(String::new(), |f| f.display().to_string()),
                    d.message
                )
            })
            .collect()
    }

    fn small_site() -> (Site, Diagnostics) {
        model(&[
            ("content/_index.md", "---\ntitle: Forside\n---\n"),
            ("content/om.md", "---\ntitle: Om\n---\n"),
            (
                "content/veileder/_guide.md",
                "---\ntitle: Veileder\nsummary: S.\n---\n",
            ),
            ("content/veileder/a.md", &step(1, "Første", "")),
            ("content/veileder/b.md", &step(2, "Andre", "")),
            ("content/veileder/c.md", &step(3, "Tredje", "")),
        ])
    }

    #[test]
    fn a_step_page_uses_its_own_file_wholly_and_its_siblings_for_listing() {
        let (site, diags) = small_site();
        assert!(!diags.has_errors(), "{diags:?}");
        let (a, b, guide) = (
            doc_of(&site, "veileder/a.md"),
            doc_of(&site, "veileder/b.md"),
            doc_of(&site, "veileder/_guide.md"),
        );
        let index = doc_of(&site, "_index.md");
        let page = doc_of(&site, "om.md");
        let deps = site.dependencies(PageId::Step(0, 0));
        assert!(deps.contains(&(a, Uses::Everything)), "{deps:?}");
        assert!(deps.contains(&(b, Uses::Listing)), "{deps:?}");
        assert!(deps.contains(&(guide, Uses::Listing)), "{deps:?}");
        assert!(deps.contains(&(page, Uses::Listing)), "{deps:?}");
        assert!(!deps.iter().any(|(d, _)| *d == index), "{deps:?}");
        // The guide's own pages show every step in full.
        for id in [PageId::Guide(0), PageId::Checklist(0), PageId::Timeline(0)] {
            assert!(site.dependencies(id).contains(&(b, Uses::Everything)));
        }
        // The front page uses _index.md in full, the 404 page for listing.
        assert!(site
            .dependencies(PageId::Front)
            .contains(&(index, Uses::Everything)));
        assert!(site
            .dependencies(PageId::NotFound)
            .contains(&(index, Uses::Listing)));
    }

    #[test]
    fn a_changed_step_body_re_renders_only_its_page_and_the_guide_pages() {
        let (site, _) = small_site();
        let a = doc_of(&site, "veileder/a.md");
        let mut body = site.dependents(a, false);
        body.sort();
        assert_eq!(
            body,
            [
                PageId::Guide(0),
                PageId::Step(0, 0),
                PageId::Checklist(0),
                PageId::Timeline(0),
                PageId::Status(0),
            ]
        );
        // A new title shows in the siblings' navigation and "what's new".
        let listing = site.dependents(a, true);
        for id in [PageId::Step(0, 1), PageId::Step(0, 2), PageId::WhatsNew] {
            assert!(listing.contains(&id), "{id:?} in {listing:?}");
        }
        assert!(!listing.contains(&PageId::Page(0)), "{listing:?}");
        // A page's title is in every page's menu.
        let page = doc_of(&site, "om.md");
        assert_eq!(site.dependents(page, false), [PageId::Page(0)]);
        assert_eq!(site.dependents(page, true).len(), site.page_ids().len());
    }

    /// What a page depends on and what a changed file re-renders agree:
    /// every page naming a document is among that document's dependents.
    #[test]
    fn dependents_cover_every_dependency() {
        let (site, _) = small_site();
        for id in site.page_ids() {
            for (doc, uses) in site.dependencies(id) {
                let listing_changed = uses == Uses::Listing;
                assert!(
                    site.dependents(doc, listing_changed).contains(&id),
                    "{id:?} uses {} ({uses:?}) but is not re-rendered when it changes",
                    site.docs[doc].key
                );
            }
        }
    }

    #[test]
    fn timeline_places_steps_on_the_phase_they_start_in() {
        let guide = "---\ntitle: Veileder\nsummary: S.\ndates:\n  - name: oppstart\n    title: Oppstart\n    default: constituted + 2m\nphases:\n  - title: Sent\n    start: constituted + 6m\n    end: deadline\n  - title: Tidlig\n    start: constituted\n    end: constituted + 3m\nmilestones:\n  - title: Vedtak\n    date: deadline\n  - title: Oppstart\n    date: oppstart\n---\n";
        let (site, diags) = model(&[
            ("content/veileder/_guide.md", guide),
            // In the early phase.
            (
                "content/veileder/a.md",
                &step(1, "A", "when:\n  start: oppstart\n"),
            ),
            // Between the phases: the last one begun before it.
            (
                "content/veileder/b.md",
                &step(
                    2,
                    "B",
                    "when:\n  start: constituted + 4m\n  end: constituted + 5m\n",
                ),
            ),
            // Before every phase: the first.
            (
                "content/veileder/c.md",
                &step(3, "C", "when:\n  start: election\n"),
            ),
            ("content/veileder/d.md", &step(4, "D", "")),
            (
                "content/veileder/e.md",
                &step(5, "E", "when:\n  start: deadline - 1m\n"),
            ),
        ]);
        assert!(!diags.has_errors(), "{diags:?}");
        let g = &site.guides[0];
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(g.dates[0].date, ymd(2023, 12, 19));
        // Milestones by date, with their canonical expressions.
        let ms: Vec<(&str, NaiveDate, &str)> = g
            .milestones
            .iter()
            .map(|m| (m.title.as_str(), m.date.date, m.date.expr.as_str()))
            .collect();
        assert_eq!(
            ms,
            [
                ("Oppstart", ymd(2023, 12, 19), "oppstart"),
                ("Vedtak", ymd(2024, 10, 19), "deadline"),
            ]
        );
        let t = g.timeline();
        let titles =
            |p: &TimelinePhase<'_>| p.steps.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
        assert_eq!(t.phases.len(), 2);
        assert_eq!(t.phases[0].title, "Tidlig", "phases by start date");
        // C starts before every phase (so the first), B between the two
        // (so the last one begun before it); by start date.
        assert_eq!(titles(&t.phases[0]), ["C", "A", "B"]);
        assert_eq!(titles(&t.phases[1]), ["E"]);
        assert_eq!(
            t.unscheduled
                .iter()
                .map(|s| s.title.as_str())
                .collect::<Vec<_>>(),
            ["D"]
        );
        let b = &t.phases[0].steps[2];
        let (start, end) = b.when.as_ref().unwrap();
        assert_eq!(
            (start.date, start.expr.as_str()),
            (ymd(2024, 2, 19), "constituted + 4m")
        );
        assert_eq!(end.as_ref().map(|e| e.date), Some(ymd(2024, 3, 19)));
    }

    #[test]
    fn without_phases_the_dated_steps_share_one_named_after_the_guide() {
        let (site, diags) = model(&[
            (
                "content/veileder/_guide.md",
                "---\ntitle: Veileder\nsummary: S.\n---\n",
            ),
            (
                "content/veileder/a.md",
                &step(
                    1,
                    "A",
                    "when:\n  start: constituted + 1m\n  end: constituted + 2m\n",
                ),
            ),
            (
                "content/veileder/b.md",
                &step(2, "B", "when:\n  start: constituted\n"),
            ),
            ("content/veileder/c.md", &step(3, "C", "")),
        ]);
        assert!(!diags.has_errors(), "{diags:?}");
        let t = site.guides[0].timeline();
        assert_eq!(t.phases.len(), 1);
        let p = &t.phases[0];
        assert_eq!(p.title, "Veileder");
        assert_eq!(
            (p.start.expr.as_str(), p.end.expr.as_str()),
            ("constituted", "constituted + 2m")
        );
        assert_eq!(
            p.steps.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
            ["B", "A"]
        );
        assert_eq!(t.unscheduled.len(), 1);
    }

    #[test]
    fn a_guide_date_can_only_count_from_dates_before_it() {
        let guide = "---\ntitle: Veileder\nsummary: S.\ndates:\n  - name: vedtak\n    title: Vedtak\n    default: hoyring + 1m\n  - name: hoyring\n    title: Høyring\n    default: constituted + 6m\n---\n";
        let (site, diags) = model(&[("content/veileder/_guide.md", guide)]);
        let e = errors(&diags, "invalid-date");
        assert_eq!(e.len(), 1, "{diags:?}");
        assert!(
            e[0].contains("hoyring + 1m") && e[0].contains("_guide.md"),
            "{e:?}"
        );
        let names: Vec<&str> = site.guides[0]
            .dates
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, ["hoyring"]);
    }

    #[test]
    fn pages_and_guides_with_the_same_address_are_an_error() {
        let (site, diags) = model(&[
            ("content/planstrategi.md", "---\ntitle: Planstrategi\n---\n"),
            (
                "content/planstrategi/_guide.md",
                "---\ntitle: Kommunal planstrategi\nsummary: S.\n---\n",
            ),
            ("content/om.md", "---\ntitle: Om veilederen\n---\n"),
            (
                "content/om-2.md",
                "---\ntitle: Om\nslug: om-veilederen\n---\n",
            ),
        ]);
        let e = errors(&diags, "slug-collision");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().any(|m| m.contains("`planstrategi`")), "{e:?}");
        // The message names the file that had the address first.
        assert!(
            e.iter()
                .any(|m| m.contains("`om-veilederen`") && m.contains("om")),
            "{e:?}"
        );
        assert_eq!(site.pages.len(), 3, "the model keeps what it can");
    }

    #[test]
    fn steps_with_the_same_title_or_a_reserved_address_are_an_error() {
        let (_, diags) = model(&[
            (
                "content/veileder/_guide.md",
                "---\ntitle: Veileder\nsummary: S.\n---\n",
            ),
            ("content/veileder/a.md", &step(1, "Mål og behov", "")),
            ("content/veileder/b.md", &step(2, "Mål og behov!", "")),
            ("content/veileder/c.md", &step(3, "Sjekkliste", "")),
            (
                "content/veileder/d.md",
                &step(4, "Eget", "slug: Eget steg\n"),
            ),
        ]);
        let e = errors(&diags, "slug-collision");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e.iter().any(|m| m.starts_with("content/veileder/b.md")
                && m.contains("`mal-og-behov`")
                && m.contains("a.md")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("content/veileder/c.md") && m.contains("reservert")),
            "{e:?}"
        );
        let bad = errors(&diags, "invalid-value");
        assert!(
            bad.iter().any(|m| m.contains("ugyldig slug `Eget steg`")),
            "{bad:?}"
        );
        // The same title in two guides is fine: each has its own folder.
        let (_, diags) = model(&[
            ("content/a/_guide.md", "---\ntitle: A\nsummary: S.\n---\n"),
            ("content/a/x.md", &step(1, "Mål", "")),
            ("content/b/_guide.md", "---\ntitle: B\nsummary: S.\n---\n"),
            ("content/b/x.md", &step(1, "Mål", "")),
        ]);
        assert!(errors(&diags, "slug-collision").is_empty(), "{diags:?}");
    }
}
