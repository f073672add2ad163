//! The types of the site model: the site, its guides, steps and pages (and
//! their ids), legal links, dates and rules, the timeline and change lists, and
//! what the model is built from ([`ModelInputs`]).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::content::config::SiteConfig;
use crate::content::frontmatter::{Kind, Obligation, PageMeta};
use crate::content::load::{Document, Meta};
use crate::model::formkrav;
use crate::shared::dates::NamedDate;
use crate::shared::deadlines::RuleKind;
use crate::shared::i18n::Lang;

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
    /// A yearly guide (`cycle: yearly`): its budget years, each with its
    /// own dates. The pages show the first year (what `dates`, `phases`
    /// and `milestones` hold); the browser recomputes for the year the
    /// reader picks.
    pub cycle: Option<Cycle>,
}

/// The budget years of a yearly guide: the four years whose budget the
/// council of the period adopts (the year after it is constituted, and the
/// three after that).
#[derive(Debug, Clone)]
pub struct Cycle {
    pub years: Vec<CycleYear>,
}

impl Guide {
    /// The budget years of a yearly guide (empty for another guide).
    pub fn years(&self) -> Vec<i32> {
        self.cycle
            .as_ref()
            .map_or_else(Vec::new, |c| c.years.iter().map(|y| y.year).collect())
    }
}

/// One budget year of a yearly guide.
#[derive(Debug, Clone)]
pub struct CycleYear {
    pub year: i32,
    /// `year_start`, `year_end` and the guide's own dates for this year.
    pub dates: Vec<NamedDate>,
    pub phases: Vec<PhaseDates>,
    pub milestones: Vec<MilestoneDate>,
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
    /// `help_directory: true`: the page lists who helps, county by county.
    pub help_directory: bool,
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
    /// The base's steps the site hides (`hide:`): not shown, but a base
    /// step placed after one of them goes where it was.
    pub hidden_steps: Vec<Document>,
}

impl ModelInputs {
    /// Inputs with no failed files and no static files (tests, fuzzing).
    pub fn new(config: SiteConfig, docs: Vec<Document>) -> ModelInputs {
        ModelInputs {
            config,
            docs,
            failed_keys: HashSet::new(),
            static_files: HashSet::new(),
            hidden_steps: Vec::new(),
        }
    }
}

/// The metadata of a page doc, for pages and the front page alike.
pub fn page_meta(doc: &Document) -> Option<&PageMeta> {
    match &doc.meta {
        Meta::Index(m) | Meta::Page(m) => Some(m),
        _ => None,
    }
}
