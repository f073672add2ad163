//! «Hvor kan jeg få hjelp?»: `site.help` (the footer of every page: the
//! contacts of site.yaml and the county's statsforvalter and
//! fylkeskommune from `content/_hjelp.yaml`), `help_directory` (every
//! county, on the page with `help_directory: true`) and the JSON file the
//! theme's script fills the footer from.

use serde::Serialize;

use crate::content::config::Contact;
use crate::content::help::{County, HelpDirectory, HelpLink};
use crate::model::Site;
use crate::shared::i18n::text;

/// `site.help`: the footer's help section.
#[derive(Serialize)]
pub struct HelpData<'a> {
    /// Its heading (`help.title`, else «Hvor kan jeg få hjelp?»).
    pub title: &'a str,
    pub text: Option<&'a str>,
    pub contacts: Vec<ContactData<'a>>,
    /// The county the site is made for (`help.county`), with its
    /// statsforvalter and fylkeskommune, or null.
    pub county: Option<CountyData<'a>>,
    /// The address and title of the page that lists every county
    /// (`help_directory: true`), or null.
    pub directory_url: Option<&'a str>,
    pub directory_title: Option<&'a str>,
    /// The site has `content/_hjelp.yaml` but no fixed county: the reader
    /// picks one, and the theme's script fills the footer from
    /// `directory_json`.
    pub picker: bool,
    pub directory_json: Option<String>,
}

/// A county and the two bodies that serve it (from `content/_hjelp.yaml`).
#[derive(Serialize)]
pub struct CountyData<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub statsforvalter: BodyData<'a>,
    pub fylkeskommune: BodyData<'a>,
}

/// A statsforvalter or fylkeskommune: `name`, `url` and `help`, its pages
/// on what it helps with (each `title`, `url`).
#[derive(Serialize)]
pub struct BodyData<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub help: &'a [HelpLink],
}

impl<'a> CountyData<'a> {
    pub fn new(dir: &'a HelpDirectory, c: &'a County) -> Option<Self> {
        let s = dir.statsforvalter(&c.statsforvalter)?;
        Some(CountyData {
            id: &c.id,
            name: &c.name,
            statsforvalter: BodyData {
                name: &s.name,
                url: &s.url,
                help: &s.help,
            },
            fylkeskommune: BodyData {
                name: &c.fylkeskommune.name,
                url: &c.fylkeskommune.url,
                help: &c.fylkeskommune.help,
            },
        })
    }
}

impl<'a> HelpData<'a> {
    /// From `help:` in site.yaml and `content/_hjelp.yaml`; null with
    /// neither.
    pub fn new(site: &'a Site) -> Option<Self> {
        let config = &site.config;
        let dir = config.help_directory.as_ref();
        if config.help.is_none() && dir.is_none() {
            return None;
        }
        let h = config.help.as_ref();
        let county = h
            .and_then(|h| h.county.as_deref())
            .and_then(|id| dir.and_then(|d| Some((d, d.county(id)?))))
            .and_then(|(d, c)| CountyData::new(d, c));
        let directory = site.pages.iter().find(|p| p.help_directory);
        // The reader chooses a county on the directory page: without one,
        // there is nothing to offer (the model warns).
        let picker = dir.is_some() && county.is_none() && directory.is_some();
        if h.is_none() && county.is_none() && !picker {
            return None;
        }
        Some(HelpData {
            title: h
                .and_then(|h| h.title.as_deref())
                .unwrap_or_else(|| text(config.language, "help")),
            text: h.and_then(|h| h.text.as_deref()),
            contacts: h.map_or_else(Vec::new, |h| {
                h.contacts.iter().map(ContactData::new).collect()
            }),
            county,
            directory_url: directory.map(|p| p.url.as_str()),
            directory_title: directory.map(|p| p.title.as_str()),
            picker,
            directory_json: picker.then(|| site.url_for(crate::shared::file_names::HELP_JSON)),
        })
    }
}

/// `stegvis-hjelp.json`: every county's two bodies by county id, for the
/// script that fills the footer with the reader's choice; None unless the
/// site has `content/_hjelp.yaml` and no fixed county.
pub fn help_json(site: &Site) -> Option<String> {
    let dir = site.config.help_directory.as_ref()?;
    if site
        .config
        .help
        .as_ref()
        .is_some_and(|h| h.county.is_some())
    {
        return None;
    }
    let counties: std::collections::BTreeMap<&str, CountyData<'_>> = dir
        .fylker
        .iter()
        .filter_map(|c| Some((c.id.as_str(), CountyData::new(dir, c)?)))
        .collect();
    serde_json::to_string(&serde_json::json!({ "fylker": counties })).ok()
}

/// One of `site.help.contacts`; every field but `name` may be null.
#[derive(Serialize)]
pub struct ContactData<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub url: Option<&'a str>,
}

impl<'a> ContactData<'a> {
    pub fn new(c: &'a Contact) -> Self {
        ContactData {
            name: &c.name,
            description: c.description.as_deref(),
            email: c.email.as_deref(),
            phone: c.phone.as_deref(),
            url: c.url.as_deref(),
        }
    }
}
