//! Stage 3, Markdown → HTML for one document body: pulldown-cmark with
//! tables, footnotes, task lists and smart punctuation, plus what a planning
//! guide needs on top:
//!
//! - unique heading ids with Norwegian slugs (or an explicit `{#id}`);
//! - `§ 10-1` and `folkehelseloven § 6` in running text linked to Lovdata;
//! - task lists turned into checklists whose items have stable ids (a hash of
//!   the item's own text, so edits to other items and reordering keep them);
//! - `@/guide/step.md#anchor` links, and links to Markdown files relative to
//!   the file (`02-vedtak.md`, `../g/_guide.md#frist`), resolved to URLs,
//!   with unknown targets reported and anchors recorded for checking once
//!   every page is rendered;
//! - fenced code highlighted by [`highlight`];
//! - raw HTML and link addresses held to the policy of [`sanitize`]
//!   (each removal a problem at file:line) unless the site trusts its
//!   editors, and nesting deeper than [`MAX_DEPTH`](sanitize::MAX_DEPTH) refused;
//! - `{{ deadline }}`, `{{ constituted + 1m | måned }}`, `{{ periode }}` and
//!   `{{ utgiver }}` in text replaced by the period's dates (as `<time>`
//!   with the expression, so the browser can follow a municipality's own
//!   dates), its name and the site's publisher; unknown names are problems.

mod blocks;
mod checklists;
mod events;
mod headings;
pub mod highlight;
mod law_links;
mod links;
pub mod outline;
mod placeholders;
mod raw_html;
mod renderer;
pub mod sanitize;
mod types;

pub use checklists::{
    check_id, check_id_v1, formkrav_item, make_check_ids_unique, nth_check_id, SHORT_ID_LEN,
};
pub use renderer::render;
pub use types::{AnchorRef, CheckItem, Heading, MarkdownEnv, Problem, Rendered};

#[cfg(test)]
mod tests;
