//! The shared vocabulary below the stages: diagnostics and their codes,
//! text and HTML helpers, file names, colours, laws, dates, slugs and the two written languages. Every
//! stage may use these; they use no stage.

pub mod codes;
pub mod colour;
pub mod dates;
pub mod deadlines;
pub mod diagnostics;
pub mod file_names;
pub mod html;
pub mod i18n;
pub mod law;
pub mod slug;
pub mod text;
pub mod workdays;
