//! `checklist.html`: a guide's checklist, step by step.

use serde::Serialize;

use crate::render::template_data::step::{CheckItemData, FormkravStep, GuideLink};

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
