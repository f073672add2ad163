//! Stage 2, the site model: arranges loaded documents into guides with
//! numbered steps and top-level pages, validates what spans documents
//! (duplicate numbers, unknown laws, date expressions, slugs), resolves URLs,
//! legal references and timeline dates, and knows which output page depends
//! on which source file — so a preview server can re-render only what one
//! changed file affects.

mod build;
mod changes;
mod checks;
mod dates;
mod dependencies;
pub mod formkrav;
mod legal;
mod order;
mod requirements;
pub mod rules;
mod types;
mod urls;

pub use build::build_model;
pub use types::{
    page_meta, ChangeEntry, ChangeGroup, Cycle, CycleYear, DateRule, Dated, Formkrav, Guide,
    LegalLink, LinkTarget, MilestoneDate, ModelInputs, Page, PageId, PhaseDates, Site, Step,
    Timeline, TimelinePhase, Uses,
};

#[cfg(test)]
mod tests;
