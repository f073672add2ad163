//! `guide.html` and `guide_nav.html`: a guide's overview, its steps and
//! navigation, and the sources of a page.

use serde::Serialize;

use crate::content::frontmatter::Source;
use crate::markdown::Rendered;
use crate::model::{Guide, Site};

// ---------------------------------------------------------------- guide.html, guide_nav.html

/// `guide.html`: a guide's overview.
#[derive(Serialize)]
pub struct GuidePageData<'a> {
    pub guide: GuideData<'a>,
    /// The `sources:` of `_guide.md`.
    pub sources: Vec<SourceData<'a>>,
    /// See [`DatesScript`](crate::render::template_data::DatesScript); null
    /// without a period.
    pub dates_json: Option<&'a str>,
}

/// `guide_nav.html`: the step navigation, rendered once per guide and
/// shared by its step pages. Gets
/// [`BaseData`](crate::render::template_data::BaseData) and this, no page
/// variables.
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
    /// A yearly guide's budget years (`cycle: yearly`); empty otherwise.
    pub years: Vec<i32>,
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
            years: g.years(),
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
