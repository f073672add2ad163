//! `step.html`: a step, its neighbours, legal references, checklist items,
//! formal requirements and change notes.

use serde::Serialize;

use crate::markdown::{CheckItem, Rendered};
use crate::model::{Guide, LegalLink, Site, Step};
use crate::render::template_data::common::{date_pair, iso};
use crate::render::template_data::guide::SourceData;
use crate::render::template_data::period::PeriodData;
use crate::shared::i18n::format_date;

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
    /// A yearly guide's budget years (`cycle: yearly`); empty otherwise.
    pub years: Vec<i32>,
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
            years: g.years(),
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

/// A milestone's legal reference.
#[derive(Serialize)]
pub struct LegalRef<'a> {
    /// `plan- og bygningsloven § 10-1`
    pub label: &'a str,
    /// The section on Lovdata.
    pub url: &'a str,
}
