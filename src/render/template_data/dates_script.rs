//! `dates_json`: the dates the theme's script recomputes, as JSON.

use serde::Serialize;

use crate::model::{Guide, Site};
use crate::render::template_data::common::iso;
use crate::shared::dates::is_year_anchor;

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
    /// A yearly guide's budget years: the script counts `year_start` and
    /// `year_end` from the one the reader picks (the first by default).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub years: Vec<i32>,
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
                    .filter(|n| !is_year_anchor(&n.name))
                    .map(|n| ScriptDate {
                        name: &n.name,
                        title: &n.title,
                        expr: &n.expr,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        years: guide.map(Guide::years).unwrap_or_default(),
    };
    // Through a JSON value, so the keys keep the order the script has
    // always been given (serde_json's sorted map).
    Some(
        serde_json::to_value(&script)
            .expect("plain data serializes")
            .to_string(),
    )
}
