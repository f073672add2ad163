//! `whats_new.html`: «Hva er nytt», the changes grouped by guide and day.

use serde::Serialize;

use crate::model::{Site, Step};
use crate::render::template_data::common::{date_pair, Link};
use crate::shared::i18n::Lang;

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
