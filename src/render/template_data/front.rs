//! `index.html`: the front page and its guide cards.

use serde::Serialize;

use crate::markdown::Rendered;
use crate::model::Site;
use crate::render::template_data::common::{listed_pages, ListItem};

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
