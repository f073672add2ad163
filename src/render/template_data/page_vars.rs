//! The variables one page type adds, by template ([`PageVars`]).

use serde::Serialize;

use crate::render::template_data::checklist::ChecklistPageData;
use crate::render::template_data::front::FrontData;
use crate::render::template_data::guide::GuidePageData;
use crate::render::template_data::page::PagePageData;
use crate::render::template_data::step::StepPageData;
use crate::render::template_data::timeline::{StatusPageData, TimelinePageData};
use crate::render::template_data::whats_new::WhatsNewData;

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
