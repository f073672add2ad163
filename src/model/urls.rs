//! URLs and output paths: a guide's own pages, a page's address, absolute
//! addresses and the file it is written to, which pages are published, and a
//! page's language.

use crate::content::load::Meta;
use crate::model::types::{Guide, PageId, Site};
use crate::shared::file_names::{
    CALENDAR_FILE, CHECKLIST_SLUG, SEARCH_SLUG, STATUS_SLUG, TIMELINE_SLUG, WHATS_NEW_SLUG,
};
use crate::shared::i18n::Lang;

impl Guide {
    pub fn checklist_url(&self) -> String {
        format!("{}{CHECKLIST_SLUG}/", self.url)
    }

    pub fn timeline_url(&self) -> String {
        format!("{}{TIMELINE_SLUG}/", self.url)
    }

    /// The guide's status report: every step with its status, for the
    /// municipality's working group and formannskap.
    pub fn status_url(&self) -> String {
        format!("{}{STATUS_SLUG}/", self.url)
    }

    /// The iCalendar file of the guide's milestones, beside its timeline.
    pub fn calendar_url(&self) -> String {
        format!("{}{CALENDAR_FILE}", self.timeline_url())
    }
}
/// Page URLs, absolute addresses and output paths: the one place that
/// turns one into another.
impl Site {
    /// The root-relative URL of `rest`, a path below the site's base path.
    pub fn url_for(&self, rest: &str) -> String {
        format!("{}{rest}", self.config.base_path)
    }

    /// What follows the base path in a root-relative URL (the URL itself
    /// when it is not below the base path).
    pub fn below_base<'u>(&self, url: &'u str) -> &'u str {
        url.strip_prefix(&self.config.base_path).unwrap_or(url)
    }

    /// The absolute address of a root-relative URL.
    pub fn absolute_url(&self, url: &str) -> String {
        format!("{}{}", self.config.base_url, self.below_base(url))
    }

    /// The site's host (with its port, if any), for identifiers such as
    /// calendar UIDs; `stegvis` if the address has none.
    pub fn host(&self) -> String {
        url::Url::parse(&self.config.base_url)
            .ok()
            .filter(|u| u.has_host())
            .map(|u| u[url::Position::BeforeHost..url::Position::AfterPort].to_string())
            .unwrap_or_else(|| "stegvis".to_string())
    }

    /// The root-relative URL of a file in the output (a folder's
    /// `index.html` is the folder).
    pub fn url_of_output(&self, path: &str) -> String {
        self.url_for(path.strip_suffix("index.html").unwrap_or(path))
    }

    /// Every output page, in a stable order.
    /// Whether `build` writes page `id`: every page but an `unlisted` one,
    /// unless site.yaml has `publish_unlisted: true` (the preview and
    /// `check` have them all).
    pub fn is_published(&self, id: PageId) -> bool {
        match id {
            PageId::Page(p) => !self.pages[p].unlisted || self.config.publish_unlisted,
            _ => true,
        }
    }

    pub fn page_ids(&self) -> Vec<PageId> {
        let mut ids = vec![
            PageId::Front,
            PageId::Search,
            PageId::WhatsNew,
            PageId::NotFound,
        ];
        for (g, guide) in self.guides.iter().enumerate() {
            ids.push(PageId::Guide(g));
            ids.push(PageId::Checklist(g));
            if self.config.period.is_some() {
                ids.push(PageId::Timeline(g));
            }
            ids.push(PageId::Status(g));
            ids.extend((0..guide.steps.len()).map(|s| PageId::Step(g, s)));
        }
        ids.extend((0..self.pages.len()).map(PageId::Page));
        ids
    }

    /// Root-relative URL of a page (with the base path).
    pub fn url(&self, id: PageId) -> String {
        match id {
            PageId::Front => self.url_for(""),
            PageId::NotFound => self.url_for("404.html"),
            PageId::Search => self.url_for(&format!("{SEARCH_SLUG}/")),
            PageId::WhatsNew => self.url_for(&format!("{WHATS_NEW_SLUG}/")),
            PageId::Guide(g) => self.guides[g].url.clone(),
            PageId::Step(g, s) => self.guides[g].steps[s].url.clone(),
            PageId::Checklist(g) => self.guides[g].checklist_url(),
            PageId::Timeline(g) => self.guides[g].timeline_url(),
            PageId::Status(g) => self.guides[g].status_url(),
            PageId::Page(p) => self.pages[p].url.clone(),
        }
    }

    /// The file a page is written to, relative to the output folder.
    pub fn output_path(&self, id: PageId) -> String {
        if id == PageId::NotFound {
            return "404.html".to_string();
        }
        format!("{}index.html", self.below_base(&self.url(id)))
    }

    /// Whether a page is listed for the public: in the sitemap and the
    /// search. Not the 404 and search pages, nor pages marked `unlisted`.
    pub fn is_public(&self, id: PageId) -> bool {
        match id {
            PageId::NotFound | PageId::Search | PageId::Status(_) => false,
            PageId::Page(p) => !self.pages[p].unlisted,
            _ => true,
        }
    }

    /// The language of a page.
    pub fn lang(&self, id: PageId) -> Lang {
        match id {
            PageId::Front | PageId::NotFound | PageId::Search | PageId::WhatsNew => self
                .index
                .and_then(|i| match &self.docs[i].meta {
                    Meta::Index(m) => m.lang,
                    _ => None,
                })
                .unwrap_or(self.config.language),
            PageId::Guide(g) | PageId::Checklist(g) | PageId::Timeline(g) | PageId::Status(g) => {
                self.guides[g].lang
            }
            PageId::Step(g, s) => self.guides[g].steps[s].lang,
            PageId::Page(p) => self.pages[p].lang,
        }
    }
}
