//! `page.html`: a top-level page.

use serde::Serialize;

use crate::markdown::Rendered;
use crate::model::Page;
use crate::model::Site;
use crate::render::template_data::common::date_pair;
use crate::render::template_data::guide::SourceData;
use crate::render::template_data::help::CountyData;
use crate::shared::i18n::Lang;

// ---------------------------------------------------------------- page.html

/// `page.html`: a top-level page.
#[derive(Serialize)]
pub struct PagePageData<'a> {
    pub page: PageData<'a>,
    pub sources: Vec<SourceData<'a>>,
    /// True for an `unlisted` page.
    pub noindex: bool,
    pub dates_json: Option<&'a str>,
    /// On a page with `help_directory: true`: every county's
    /// statsforvalter and fylkeskommune; null elsewhere.
    pub help_directory: Option<DirectoryData<'a>>,
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
    /// The Word file built from the page (`docx: true`), or null.
    pub docx_url: Option<String>,
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
            docx_url: page.docx_url(),
        }
    }
}

/// `help_directory` on a page with `help_directory: true`: every county.
#[derive(Serialize)]
pub struct DirectoryData<'a> {
    /// When the list was last checked, as a date in words, and ISO.
    pub checked: String,
    pub checked_iso: String,
    pub counties: Vec<CountyData<'a>>,
    pub sources: Vec<SourceData<'a>>,
}

impl<'a> DirectoryData<'a> {
    pub fn new(site: &'a Site, lang: Lang) -> Option<Self> {
        let dir = site.config.help_directory.as_ref()?;
        let (checked, checked_iso) = date_pair(dir.checked.0, lang);
        Some(DirectoryData {
            checked,
            checked_iso,
            counties: dir
                .fylker
                .iter()
                .filter_map(|c| CountyData::new(dir, c))
                .collect(),
            sources: dir
                .sources
                .iter()
                .map(|s| SourceData {
                    title: &s.title,
                    url: s.url.as_deref(),
                    note: &s.note,
                })
                .collect(),
        })
    }
}
