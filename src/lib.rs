//! stegvis: a static site generator for Norwegian municipal planning guides.
//!
//! The data flows through one module per stage:
//!
//! 1. [`load`] reads `site.yaml` ([`config`]) and every Markdown file under
//!    `content/`, splitting and parsing front matter ([`frontmatter`], via the
//!    only YAML-aware module, [`yaml`]).
//! 2. [`model`] turns the loaded documents into the site model: guides, steps,
//!    pages, URLs, legal references ([`law`]), timeline dates ([`dates`]), and
//!    which output page depends on which source file.
//! 3. [`markdown`] renders every body to HTML in parallel (headings with
//!    Norwegian slugs ([`slug`]), Lovdata links, checklists, code highlighted by
//!    [`highlight`]); internal links are checked against the model.
//! 4. [`render`] fills the tera templates of the [`theme`] for every output page,
//!    in parallel, with interface text from [`i18n`].
//! 5. [`output`] writes the result into a fresh folder and swaps it in atomically.
//!
//! [`build`] strings the stages together; every problem found on the way is a
//! [`diagnostics::Diagnostic`] naming file, line, cause and a hint, with a
//! stable code from [`codes`].

// Diagnostics are returned by value on the (rare) error path; boxing them
// everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod calendar;
pub mod check;
pub mod codes;
pub mod config;
pub mod csp;
pub mod dates;
pub mod diagnostics;
pub mod feeds;
pub mod frontmatter;
pub mod highlight;
pub mod i18n;
pub mod law;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod watch;
pub mod yaml;
