//! The contract with themes: what each template sees, as Rust types. Every
//! struct here is one thing a template can name (`site`, `guide`, `step`,
//! `period`, …) and its doc comments say what its fields hold. A misspelt
//! key is a compile error here, not an empty spot on a page; the README's
//! table of template variables is checked against these types by a test.
//!
//! Dates come in pairs: the text a reader sees in the page's language
//! (`updated`: «1. oktober 2024») and the same date as `YYYY-MM-DD`
//! (`updated_iso`), for `<time datetime>` and the theme's script. Date
//! expressions (`…_expr`, e.g. `constituted + 1y`) let the script recompute
//! a date from the dates a municipality typed.
//!
//! Where a field is an `Option`, the template gets `null` when it is None;
//! a field marked "absent" is left out of the context, so `is defined` is
//! false for it.

mod checklist;
mod common;
mod dates_script;
mod front;
mod guide;
mod help;
mod page;
mod page_vars;
mod period;
mod step;
mod timeline;
mod whats_new;

pub use checklist::{ChecklistPageData, ChecklistStep};
pub use common::{
    home_link, BaseData, BrandingData, Link, ListItem, PageCommon, SiteData, NAV_GUIDES,
};
pub use dates_script::{dates_json, DatesScript, ScriptDate};
pub use front::{FrontData, GuideCard};
pub use guide::{
    sources, CheckState, GuideData, GuideNavData, GuidePageData, GuideStep, SourceData,
};
pub use help::{help_json, BodyData, ContactData, CountyData, HelpData};
pub use page::{DirectoryData, PageData, PagePageData};
pub use page_vars::{Nothing, PageVars};
pub use period::PeriodData;
pub use step::{
    check_items, formkrav_data, guide_formkrav, ChangeNote, CheckItemData, FormkravData,
    FormkravStep, GuideLink, LegalData, LegalRef, Neighbour, StepData, StepPageData,
};
pub use timeline::{
    GuideDateData, MilestoneData, PhaseData, RuleData, Span, StatusPageData, StatusStep,
    TimelineData, TimelinePageData, TimelineStep, YearDate, YearRow,
};
pub use whats_new::{ChangeData, StepLink, WhatsNewData};

#[cfg(test)]
mod tests;
