//! Stage 5, write: the files of a finished site. [`mod@write`] puts them into a
//! fresh folder and swaps it in atomically; beside the pages the build
//! writes feeds ([`feeds`]: Atom, sitemap, robots.txt), each guide's
//! calendar ([`calendar`]) and the search index ([`search`]). [`target`]
//! decides where an output may go and holds the one function that deletes.

pub mod admin;
pub mod calendar;
pub mod docx;
pub mod feeds;
pub mod host_headers;
pub mod search;
pub mod target;
pub mod write;
