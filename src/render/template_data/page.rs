//! `page.html`: a top-level page.

use serde::Serialize;

use crate::markdown::Rendered;
use crate::model::Page;
use crate::render::template_data::common::date_pair;
use crate::render::template_data::guide::SourceData;

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
        }
    }
}
