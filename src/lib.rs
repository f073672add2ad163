//! stegvis: a static site generator for Norwegian municipal planning guides.
//!
//! The folders follow the data, one per stage, and no stage imports a later
//! one:
//!
//! 1. [`content`] reads `site.yaml` ([`content::config`]) and every Markdown
//!    file under `content/` ([`content::load`]), splitting and parsing front
//!    matter ([`content::frontmatter`], via the only YAML-aware module,
//!    [`content::yaml`]).
//! 2. [`model`] turns the loaded documents into the site model: guides,
//!    steps, pages, URLs, legal references, timeline dates, and which output
//!    page depends on which source file.
//! 3. [`markdown`] renders every body to HTML (headings with Norwegian slugs,
//!    Lovdata links, checklists, dates, code highlighted by
//!    [`markdown::highlight`], raw HTML through [`markdown::sanitize`]);
//!    internal links are checked against the model.
//! 4. [`render`] fills the tera templates of the theme ([`render::theme`],
//!    compiled by [`render::templates`]) for every output page, with the
//!    typed data of [`render::template_data`], the contract with themes;
//!    [`render::render_each`] is the one way pages are rendered.
//! 5. [`output`] writes the result into a fresh folder and swaps it in
//!    atomically ([`output::write`]), with feeds, calendars and the search
//!    index beside the pages.
//!
//! [`pipeline`] is the one conductor of these stages; `build`, [`check`] and
//! the live preview ([`serve`]) all drive it. [`scaffold`] creates a new
//! site; [`edition`] keeps a county edition up with the national guide it
//! is built on (`stegvis base …`). [`cms`] is a consumer of the loaded
//! schema like the commands: it writes the Decap CMS configuration from the
//! front-matter structs and answers the CMS's file API, which the preview
//! serves. Below the stages, [`shared`] holds the vocabulary they all use:
//! diagnostics (every problem names file, line, cause and a hint, with a
//! stable code from [`shared::codes`]), text and HTML helpers, every file
//! name ([`shared::file_names`]), colours, laws, dates, slugs and the two
//! written languages. `tests/layers.rs` keeps the imports flowing this way.

// Diagnostics are returned by value on the (rare) error path; boxing them
// everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod cms;
pub mod content;
pub mod edition;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod shared;
