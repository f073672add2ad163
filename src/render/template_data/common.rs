//! What every template gets: [`BaseData`] (the site, its branding, help and
//! contact, the listed guides and pages) and what every page adds
//! ([`PageCommon`]: title, addresses, breadcrumbs).

use chrono::NaiveDate;
use serde::Serialize;

use crate::content::config::SiteConfig;
use crate::model::{Guide, Page, PageId, Site};
use crate::render::template_data::help::HelpData;
use crate::shared::i18n::{format_date, text, Lang};

/// How many guides `site.guides` (the navigation on every page) lists.
pub const NAV_GUIDES: usize = 8;

/// A date as the reader sees it and as `YYYY-MM-DD`.
pub(super) fn date_pair(d: NaiveDate, lang: Lang) -> (String, String) {
    (format_date(d, lang), iso(d))
}

pub(super) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// ---------------------------------------------------------------- every template

/// `lang`, `t` and `site`: what every template gets, the same on every page
/// of one language.
#[derive(Serialize)]
pub struct BaseData<'a> {
    /// The page's language: `nb` (bokmål) or `nn` (nynorsk).
    pub lang: &'static str,
    /// The interface text in the page's language, by key: `{{ t.step }}`.
    pub t: &'static serde_json::Value,
    pub site: &'a SiteData<'a>,
}

/// `site`: the site's settings and the navigation every page shows.
#[derive(Serialize)]
pub struct SiteData<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The site's path, starting and ending in `/`: `{{ site.base }}stegvis.css`.
    pub base: &'a str,
    /// The absolute address of the site, ending in `/`.
    pub base_url: &'a str,
    /// The site's main language, `nb` or `nn`.
    pub language: &'static str,
    /// The accessibility statement's address, or null.
    pub accessibility_statement: Option<&'a str>,
    /// The Atom feed of "what's new".
    pub feed_url: String,
    pub whats_new_url: String,
    /// The Content-Security-Policy for the `<meta http-equiv>` tag.
    pub csp: String,
    pub branding: BrandingData<'a>,
    /// The footer's «Hvor kan jeg få hjelp?», or null without `help:`.
    pub help: Option<HelpData<'a>>,
    /// How many guides the site has.
    pub guide_count: usize,
    /// Whether there are more guides than `guides` lists.
    pub more_guides: bool,
    /// The first [`NAV_GUIDES`] guides, for the navigation (the front page
    /// gets all of them as `guides`).
    pub guides: Vec<ListItem<'a>>,
    /// The top-level pages, without the unlisted ones.
    pub pages: Vec<ListItem<'a>>,
}

/// `site.branding`: who publishes the site.
#[derive(Serialize)]
pub struct BrandingData<'a> {
    /// The publisher, or null.
    pub name: Option<&'a str>,
    /// The logo's address, or null without a logo.
    pub logo_url: Option<String>,
    /// The logo's text alternative: `logo_alt`, else the publisher, else the
    /// site's title.
    pub logo_alt: &'a str,
}

/// A guide or page in a list (`site.guides`, `site.pages`, the front
/// page's `pages`).
#[derive(Serialize)]
pub struct ListItem<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    /// `nb` or `nn`.
    pub lang: &'static str,
}

impl<'a> SiteData<'a> {
    pub fn new(site: &'a Site) -> Self {
        let config = &site.config;
        SiteData {
            title: &config.title,
            description: &config.description,
            base: &config.base_path,
            base_url: &config.base_url,
            language: config.language.code(),
            accessibility_statement: site.accessibility_statement.as_deref(),
            feed_url: site.url_for(crate::shared::file_names::ATOM_FILE),
            whats_new_url: site.url(PageId::WhatsNew),
            csp: crate::content::csp::meta_policy(&config.csp),
            branding: BrandingData::new(site),
            help: HelpData::new(site),
            // Every page carries this, so a site with hundreds of guides
            // must not list them all on every page.
            guide_count: site.guides.len(),
            more_guides: site.guides.len() > NAV_GUIDES,
            guides: site
                .guides
                .iter()
                .take(NAV_GUIDES)
                .map(ListItem::guide)
                .collect(),
            pages: listed_pages(site),
        }
    }
}

impl<'a> BrandingData<'a> {
    fn new(site: &'a Site) -> Self {
        let config: &'a SiteConfig = &site.config;
        let b = &config.branding;
        BrandingData {
            name: b.name.as_deref(),
            logo_url: b
                .logo
                .as_ref()
                .map(|l| site.url_for(l.trim_start_matches('/'))),
            logo_alt: b
                .logo_alt
                .as_deref()
                .or(b.name.as_deref())
                .unwrap_or(&config.title),
        }
    }
}

impl<'a> ListItem<'a> {
    fn guide(g: &'a Guide) -> Self {
        ListItem {
            title: &g.title,
            url: &g.url,
            summary: &g.summary,
            lang: g.lang.code(),
        }
    }

    fn page(p: &'a Page) -> Self {
        ListItem {
            title: &p.title,
            url: &p.url,
            summary: &p.summary,
            lang: p.lang.code(),
        }
    }
}

pub(super) fn listed_pages(site: &Site) -> Vec<ListItem<'_>> {
    site.pages
        .iter()
        .filter(|p| !p.unlisted)
        .map(ListItem::page)
        .collect()
}

// ---------------------------------------------------------------- every page

/// What every page template gets besides [`BaseData`] (not
/// `guide_nav.html`, which is no page).
#[derive(Serialize)]
pub struct PageCommon<'a> {
    /// The page's title (the site's title on the front page).
    pub title: std::borrow::Cow<'a, str>,
    /// The page's address (a path under `site.base`).
    pub url: String,
    /// The page's absolute address.
    pub canonical: String,
    /// Always false in a build; kept for themes that ask.
    pub live_reload: bool,
    /// The links above the page's title, from the front page down (empty
    /// on the front page and the 404 page).
    pub breadcrumbs: Vec<Link<'a>>,
}

/// A link: `title` and `url`.
#[derive(Serialize, Clone, Copy)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> PageCommon<'a> {
    pub fn new(
        site: &'a Site,
        id: PageId,
        title: impl Into<std::borrow::Cow<'a, str>>,
        breadcrumbs: Vec<Link<'a>>,
    ) -> Self {
        let url = site.url(id);
        let canonical = site.absolute_url(&url);
        PageCommon {
            title: title.into(),
            url,
            canonical,
            live_reload: false,
            breadcrumbs,
        }
    }
}

/// The front page's link in breadcrumbs.
pub fn home_link(site: &Site, lang: Lang) -> Link<'_> {
    Link {
        title: text(lang, "home"),
        url: &site.config.base_path,
    }
}
