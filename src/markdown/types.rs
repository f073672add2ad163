//! What a body renders to ([`Rendered`]: HTML, headings, checklist, anchors
//! to check, problems) and what rendering needs from the site
//! ([`MarkdownEnv`]).

use std::collections::{HashMap, HashSet};

use crate::model::LinkTarget;
use crate::shared::dates::DateScope;
use crate::shared::i18n::Lang;
use crate::shared::law::LawRegistry;

/// What the renderer needs from the rest of the site.
pub struct MarkdownEnv<'a> {
    pub laws: &'a LawRegistry,
    /// The law a bare `§ 10-1` refers to.
    pub default_law: Option<&'a str>,
    /// `@/` link targets by content key.
    pub targets: &'a HashMap<String, LinkTarget>,
    /// Keys of files that exist but failed to load: links to them are not
    /// reported again.
    pub failed: &'a HashSet<String>,
    /// Keys of base pages the site hides (`hide:`): a link to one is an
    /// error that says so.
    pub hidden: &'a [String],
    /// Files of `static/` (and the theme): a relative image path names one.
    pub static_files: &'a HashSet<String>,
    /// The site's base path, for static file URLs.
    pub base_path: &'a str,
    /// Checklist ids are unique within it: the guide's slug for a guide
    /// and its steps, the document's key elsewhere.
    pub check_scope: &'a str,
    /// The document's key (`g/01-a.md`): relative links start from it, and
    /// it was the scope of checklist ids before (`data-check-was`).
    pub doc_key: &'a str,
    pub lang: Lang,
    /// The names `{{ … }}` dates can use: the period's and, in a guide,
    /// its own. None when `site.yaml` has no period.
    pub dates: Option<DateScope<'a>>,
    /// `{{ utgiver }}`: who publishes the site (`branding.name`).
    pub publisher: Option<&'a str>,
    /// `trust_html: true` in site.yaml: raw HTML and link addresses pass
    /// through unchanged (no [`sanitize`](crate::markdown::sanitize) policy).
    pub trust_html: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckItem {
    pub id: String,
    /// The id under the scheme before (see [`check_id_v1`](crate::markdown::check_id_v1)).
    pub was: String,
    /// Inline HTML of the item's text.
    pub html: String,
    pub text: String,
    pub checked: bool,
    /// A formal requirement of the step's front matter (`formkrav:`), not
    /// an item of its text: listed apart, ticked like the rest.
    pub formkrav: bool,
}

/// A link to a heading, checked once all pages are rendered. `doc` None
/// means the page itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    pub doc: Option<usize>,
    pub target_key: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// A problem in the body, at a file line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub checklist: Vec<CheckItem>,
    pub anchors: Vec<AnchorRef>,
    pub problems: Vec<Problem>,
}
