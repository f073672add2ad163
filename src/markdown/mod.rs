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
//!   editors, and nesting deeper than [`MAX_DEPTH`] refused;
//! - `{{ deadline }}`, `{{ constituted + 1m | måned }}`, `{{ periode }}` and
//!   `{{ utgiver }}` in text replaced by the period's dates (as `<time>`
//!   with the expression, so the browser can follow a municipality's own
//!   dates), its name and the site's publisher; unknown names are problems.

pub mod highlight;
pub mod outline;
pub mod sanitize;

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::markdown::sanitize::MAX_DEPTH;
use crate::model::LinkTarget;
use crate::shared::dates::DateScope;
use crate::shared::html::escape;
use crate::shared::i18n::Lang;
use crate::shared::law::LawRegistry;
use crate::shared::slug::UniqueIds;

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
    /// through unchanged (no [`sanitize`] policy).
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
    /// The id under the scheme before (see [`check_id_v1`]).
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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

/// Maps byte offsets of the body to file lines and columns. The line
/// starts are found on first use (a problem, or a link to an anchor on
/// the same page): most bodies need none.
struct Lines<'a> {
    body: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
    first_line: usize,
}

impl<'a> Lines<'a> {
    fn new(body: &'a str, first_line: usize) -> Self {
        Lines {
            body,
            starts: std::cell::OnceCell::new(),
            first_line,
        }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let starts = self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.body.match_indices('\n').map(|(i, _)| i + 1));
            starts
        });
        let idx = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[idx];
        let end = offset.min(self.body.len());
        let col = self
            .body
            .get(start..end)
            .map_or(1, |s| s.chars().count() + 1);
        (self.first_line + idx, col)
    }
}

/// Reads all events, merging adjacent text so references are not split.
/// The merged text grows in one buffer: copying it again for every piece
/// was quadratic in a long paragraph of many pieces (fuzzing found it).
fn collect_events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // About one event per 16 bytes of Markdown in prose with lists and
    // links: growing from empty copied the events eight or nine times. At
    // most 65,536 reserved (~6 MB): one huge code block or data: address
    // has few events, and a reservation is not free on every system.
    let mut events: Vec<(Event<'_>, Range<usize>)> =
        Vec::with_capacity((body.len() / 16).min(1 << 16));
    let mut merged: Option<String> = None;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let (Event::Text(t), Some((Event::Text(prev), prev_range))) = (&ev, events.last_mut()) {
            merged.get_or_insert_with(|| prev.to_string()).push_str(t);
            prev_range.end = range.end;
            continue;
        }
        flush_merged(&mut events, &mut merged);
        events.push((ev, range));
    }
    flush_merged(&mut events, &mut merged);
    events
}

fn flush_merged(events: &mut [(Event<'_>, Range<usize>)], merged: &mut Option<String>) {
    if let (Some(text), Some((Event::Text(prev), _))) = (merged.take(), events.last_mut()) {
        *prev = CowStr::from(text);
    }
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with its `{{ … }}` placeholders left out: heading ids stay the same
/// when the period changes.
fn without_placeholders(text: &str) -> String {
    if find_open(text).is_none() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = find_open(rest) {
        out.push_str(&rest[..open]);
        match rest[open..].find("}}") {
            Some(close) => rest = &rest[open + close + 2..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the first `{{` in `text` is. Found by its `{` (a fast byte search):
/// a searcher for the two-byte string costs more to set up than most texts
/// take to scan, and every text of every body is searched.
fn find_open(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find('{') {
        let at = from + i;
        if text.as_bytes().get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A stable id for a checklist item: FNV-1a over its scope (the guide, not
/// the file, so renaming or moving a step file keeps every tick) and its
/// text with the small edits that do not change its meaning taken out:
/// case, spacing, and punctuation at the end.
pub fn check_id(scope: &str, text: &str) -> String {
    fnv_id(scope, &normalised(text))
}

/// The text of an item as ids see it: words single-spaced, lower case,
/// without punctuation at the end.
fn normalised(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ").to_lowercase();
    joined
        .trim_end_matches(['.', ':', ';', '!', '?', '…', ','])
        .to_string()
}

/// The id of the `n`th item (from 1) with the same text in one scope: the
/// first is [`check_id`]; the others are hashed anew (not `id-2`), so that
/// every id starts differently and the short form a share link keeps (its
/// first [`SHORT_ID_LEN`] characters) tells them apart.
pub fn nth_check_id(scope: &str, text: &str, n: usize) -> String {
    if n <= 1 {
        check_id(scope, text)
    } else {
        // Normalised first, so the second «Samme.» and «samme» agree too.
        fnv_id(scope, &format!("{}\u{0}{n}", normalised(text)))
    }
}

/// The checklist item of a step's formal requirement `text` (the `n`th
/// with that text): ticked, stored and shared like the items of the text,
/// with an id of its own kind (a requirement and an item may say the same).
pub fn formkrav_item(scope: &str, text: &str, n: usize) -> CheckItem {
    CheckItem {
        id: nth_check_id(scope, &format!("formkrav\u{0}{text}"), n),
        was: String::new(),
        html: crate::shared::html::escape(text),
        text: text.to_string(),
        checked: false,
        formkrav: true,
    }
}

/// How many leading characters of a checklist id a share link keeps: ids
/// of one guide must differ in these.
pub const SHORT_ID_LEN: usize = 6;

/// The id scheme before ids were scoped to the guide (the file's key, and
/// `-2` for a repeated text): pages carry it beside the id, so ticks stored
/// under it move to the new id in the browser.
pub fn check_id_v1(scope: &str, text: &str) -> String {
    fnv_id(scope, &text.trim().to_lowercase())
}

fn fnv_id(scope: &str, text: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(scope.as_bytes());
    h.write(b"\n");
    h.write(text.as_bytes());
    format!("{:016x}", h.finish())[..10].to_string()
}

/// Makes the checklist ids of one scope's pages (a guide's steps, in their
/// order) unique in their first [`SHORT_ID_LEN`] characters: each page was
/// rendered alone, so a text repeated on two steps, or two ids that happen
/// to start alike, meet only here. A later item that clashes takes the next
/// [`nth_check_id`] that is free; the rest keep theirs. Returns the pages
/// changed, by index.
pub fn make_check_ids_unique(scope: &str, pages: &[&Rendered]) -> Vec<(usize, Rendered)> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut changed = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut new_ids: Vec<Option<String>> = vec![None; page.checklist.len()];
        for (i, item) in page.checklist.iter().enumerate() {
            let mut id = item.id.clone();
            let mut n = 1;
            while !taken.insert(short_id(&id).to_string()) {
                n += 1;
                id = nth_check_id(scope, &item.text, n);
            }
            if id != item.id {
                new_ids[i] = Some(id);
            }
        }
        if new_ids.iter().any(Option::is_some) {
            let mut page = (*page).clone();
            page.rekey_check_items(&new_ids);
            changed.push((p, page));
        }
    }
    changed
}

fn short_id(id: &str) -> &str {
    id.get(..SHORT_ID_LEN).unwrap_or(id)
}

impl Rendered {
    /// Gives the checklist items their new ids (`None`: keeps its id), in
    /// the items and in the page's HTML (checkbox and label). Through a
    /// placeholder per item, so that an item taking an id another item
    /// gives up is not rewritten twice.
    fn rekey_check_items(&mut self, new_ids: &[Option<String>]) {
        let token = |i: usize| format!("\u{1}stegvis-id-{i}\u{1}");
        for (i, new) in new_ids.iter().enumerate() {
            if new.is_some() {
                let old = &self.checklist[i].id;
                for (from, to) in [
                    (
                        format!("\"sjekk-{old}\""),
                        format!("\"sjekk-{}\"", token(i)),
                    ),
                    (
                        format!("data-check-id=\"{old}\""),
                        format!("data-check-id=\"{}\"", token(i)),
                    ),
                ] {
                    self.html = self.html.replace(&from, &to);
                }
            }
        }
        for (i, new) in new_ids.iter().enumerate() {
            if let Some(id) = new {
                self.html = self.html.replace(&token(i), id);
                self.checklist[i].id = id.clone();
            }
        }
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Renders `body`, whose first line is file line `body_line`.
pub fn render(body: &str, body_line: usize, env: &MarkdownEnv<'_>) -> Rendered {
    let lines = Lines::new(body, body_line);
    let events = collect_events(body);
    let ends = match_ends(&events);
    // Most pages have no raw HTML: they skip the sanitizer altogether.
    let (regions, raw_too_deep) = if env.trust_html {
        (Vec::new(), None)
    } else {
        raw_regions(&events, &ends)
    };
    if let Some(offset) = too_deep(&events).or(raw_too_deep) {
        // Thousands of levels made the search index (and browsers) slow in
        // the square of the depth; no guide needs more than a handful.
        let (line, column) = lines.at(offset);
        return Rendered {
            problems: vec![Problem {
                code: "too-deep",
                line,
                column,
                message: format!(
                    "teksten er nestet i mer enn {MAX_DEPTH} nivåer (lister, sitater eller utheving inni hverandre)"
                ),
                hint: "del opp teksten: en liste eller et sitat trenger sjelden mer enn tre–fire nivåer".to_string(),
            }],
            ..Rendered::default()
        };
    }
    let mut r = Renderer {
        env,
        ends,
        lines: &lines,
        // Law references and placeholders split texts into more events.
        out: Vec::with_capacity(events.len() + events.len() / 2),
        ids: UniqueIds::new(),
        result: Rendered::default(),
        item_ids: HashMap::new(),
        v1_ids: HashMap::new(),
        tables: 0,
        table_names: HashSet::new(),
        has_raw: !regions.is_empty(),
        regions,
        table_align: Vec::new(),
        in_table_head: false,
        table_cell: 0,
    };
    r.run(&events);
    // Twice the Markdown fits most bodies; at most 8 MB reserved ahead.
    let mut html = String::with_capacity(body.len().saturating_mul(2).min(1 << 23));
    pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    // The body is kept until its page is written, so it is kept at its
    // length: a buffer that had to grow can be twice that (a 10,000-step
    // site held 80 MB of unused capacity), and shrinking in place does not
    // give the memory back.
    r.result.html = html.as_str().to_owned();
    r.result
}

/// What spans events while [`Renderer::run`] walks them.
#[derive(Default)]
struct Walk {
    /// How many links are open (no law links inside a link).
    link_depth: usize,
    /// One entry per open list: whether it is a checklist.
    lists: Vec<bool>,
    /// The checklist label being rendered: the event where it ends, where
    /// its HTML began in `out`, and its checklist item.
    label: Option<(usize, usize, usize)>,
    /// The raw-HTML region being rendered: its end, where its HTML began in
    /// `out`, how many problems there were before it, and where its first
    /// raw HTML is in the source.
    region: Option<(usize, usize, usize, usize)>,
    /// The next region of [`Renderer::regions`] to open.
    next_region: usize,
}

struct Renderer<'e, 'l> {
    env: &'e MarkdownEnv<'e>,
    /// For each Start event, the index of its End (see [`match_ends`]).
    ends: Vec<usize>,
    lines: &'l Lines<'l>,
    out: Vec<Event<'static>>,
    ids: UniqueIds,
    result: Rendered,
    /// How often each checklist id was handed out on this page.
    item_ids: HashMap<String, usize>,
    /// The same, for the ids before ([`check_id_v1`]).
    v1_ids: HashMap<String, usize>,
    /// Tables so far, and the names their regions got.
    tables: usize,
    table_names: HashSet<String>,
    /// Event ranges `[start, end)` of the top-level blocks holding raw HTML
    /// (see [`raw_regions`]), in order; sanitized once rendered.
    regions: Vec<(usize, usize)>,
    has_raw: bool,
    /// Column alignments of the current table, when it has any: cells then
    /// get `align-…` classes (a `style` attribute would need
    /// `style-src 'unsafe-inline'` in the Content-Security-Policy).
    table_align: Vec<Alignment>,
    in_table_head: bool,
    table_cell: usize,
}

impl Renderer<'_, '_> {
    fn html(&mut self, s: impl Into<String>) {
        self.out.push(Event::Html(CowStr::from(s.into())));
    }

    fn problem(&mut self, code: &'static str, offset: usize, message: String, hint: &str) {
        let (line, column) = self.lines.at(offset);
        self.result.problems.push(Problem {
            code,
            line,
            column,
            message,
            hint: hint.to_string(),
        });
    }

    /// Walks the events once, writing HTML events to `out`. Headings and
    /// code blocks are handled whole (their inner events skipped); every
    /// other event is handled on its own, with [`Walk`] holding what spans
    /// events.
    fn run(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let mut walk = Walk::default();
        let mut i = 0;
        while i < events.len() {
            self.region_boundary(events, i, &mut walk);
            self.label_boundary(i, &mut walk);
            i = self.event(events, i, &mut walk);
        }
        if let Some((_, out_start, problems, offset)) = walk.region {
            self.finish_region(out_start, problems, offset);
        }
    }

    /// Closes the raw-HTML region ending at event `i`, and opens the one
    /// starting there.
    fn region_boundary(&mut self, events: &[(Event<'_>, Range<usize>)], i: usize, walk: &mut Walk) {
        if let Some((end, out_start, problems, offset)) = walk.region {
            if i == end {
                self.finish_region(out_start, problems, offset);
                walk.region = None;
            }
        }
        if walk.region.is_some() {
            return;
        }
        if let Some(&(start, end)) = self.regions.get(walk.next_region) {
            if i == start {
                let first_raw = events[start..end]
                    .iter()
                    .find(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
                    .map_or(events[start].1.start, |(_, r)| r.start);
                walk.region = Some((end, self.out.len(), self.result.problems.len(), first_raw));
                walk.next_region += 1;
            }
        }
    }

    /// Closes the checklist label ending at event `i`: the item's HTML is
    /// kept for the checklist page.
    fn label_boundary(&mut self, i: usize, walk: &mut Walk) {
        let Some((end, out_start, item)) = walk.label else {
            return;
        };
        if i != end {
            return;
        }
        let mut item_html = String::new();
        pulldown_cmark::html::push_html(&mut item_html, self.out[out_start..].iter().cloned());
        if self.has_raw {
            item_html = sanitize::clean(&item_html);
        }
        self.result.checklist[item].html = item_html.trim().to_string();
        self.html("</label>");
        walk.label = None;
    }

    /// Handles event `i`; returns the index of the next event to handle.
    fn event(&mut self, events: &[(Event<'_>, Range<usize>)], i: usize, walk: &mut Walk) -> usize {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => return self.heading(events, i, *level, id.as_deref(), classes),
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(events, i, kind),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                walk.link_depth += 1;
                let dest = if self.url_refused(dest_url, range.start) {
                    String::new()
                } else {
                    self.resolve_link(dest_url, range.start)
                };
                self.out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: CowStr::from(title.to_string()),
                    id: CowStr::from(id.to_string()),
                }));
            }
            Event::End(TagEnd::Link) => {
                walk.link_depth = walk.link_depth.saturating_sub(1);
                self.out.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let alt = plain_text(&events[i + 1..self.ends[i]]);
                self.image(*link_type, dest_url, title, id, &alt, range.start);
            }
            Event::Start(Tag::List(first)) => {
                let is_checklist = list_is_checklist(events, &self.ends, i);
                walk.lists.push(is_checklist);
                match (is_checklist, first) {
                    (false, _) => self.out.push(ev.clone().into_static()),
                    (true, Some(1)) => self.html("<ol class=\"checklist\">\n"),
                    (true, Some(n)) => {
                        self.html(format!("<ol class=\"checklist\" start=\"{n}\">\n"))
                    }
                    (true, None) => self.html("<ul class=\"checklist\">\n"),
                }
            }
            Event::End(TagEnd::List(ordered)) => {
                if walk.lists.pop() == Some(true) {
                    self.html(if *ordered { "</ol>\n" } else { "</ul>\n" });
                } else {
                    self.out.push(ev.clone().into_static());
                }
            }
            Event::Start(Tag::Item) if walk.lists.last() == Some(&true) => {
                if item_has_marker(events, i) {
                    self.html("<li class=\"task\">");
                } else {
                    self.html("<li>");
                }
            }
            Event::End(TagEnd::Item) if walk.lists.last() == Some(&true) => {
                self.html("</li>\n");
            }
            Event::TaskListMarker(checked) => {
                let end = label_end(events, i);
                let text = plain_text(&events[i + 1..end]);
                let item = self.checklist_item(text, *checked, range.start);
                walk.label = Some((end, self.out.len(), item));
            }
            Event::Start(Tag::Table(aligns)) => self.start_table(ev, aligns),
            Event::End(TagEnd::Table) => {
                self.out.push(ev.clone().into_static());
                self.html("</div>\n");
                self.table_align.clear();
            }
            Event::Start(Tag::TableHead) => {
                self.in_table_head = true;
                self.out.push(ev.clone().into_static());
            }
            Event::End(TagEnd::TableHead) => {
                self.in_table_head = false;
                self.out.push(ev.clone().into_static());
            }
            Event::Start(Tag::TableRow) => {
                self.table_cell = 0;
                self.out.push(ev.clone().into_static());
            }
            Event::Start(Tag::TableCell) if !self.table_align.is_empty() => {
                let cell = if self.in_table_head { "th" } else { "td" };
                let class = match self.table_align.get(self.table_cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                self.html(format!("<{cell}{class}>"));
            }
            Event::End(TagEnd::TableCell) if !self.table_align.is_empty() => {
                let cell = if self.in_table_head { "th" } else { "td" };
                self.html(format!("</{cell}>"));
                self.table_cell += 1;
            }
            Event::Start(Tag::HtmlBlock) if !self.env.trust_html => {
                self.check_html_block(&events[i + 1..self.ends[i]], range.start);
                self.out.push(ev.clone().into_static());
            }
            Event::InlineHtml(t) if !self.env.trust_html => {
                self.check_raw(t, range.start);
                self.out.push(ev.clone().into_static());
            }
            Event::Text(t) => self.text(t, range, walk.link_depth == 0),
            other => self.out.push(other.clone().into_static()),
        }
        i + 1
    }

    /// A heading, with its id (explicit `{#id}` or a unique slug of its
    /// text) recorded for anchors and the page's contents; returns the
    /// index after its end.
    fn heading(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        i: usize,
        level: HeadingLevel,
        id: Option<&str>,
        classes: &[CowStr<'_>],
    ) -> usize {
        let end = self.ends[i];
        let inner = &events[i + 1..end];
        let text = without_placeholders(&plain_text(inner));
        let hid = match id {
            Some(explicit) => {
                let explicit = explicit.to_string();
                if !self.ids.reserve(&explicit) {
                    self.problem(
                        "duplicate-anchor",
                        events[i].1.start,
                        format!("overskrift-id `{explicit}` er brukt to ganger på siden"),
                        "gi overskriften en annen {#id}",
                    );
                }
                explicit
            }
            None => self.ids.make(&text, "seksjon"),
        };
        let n = level_num(level);
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(
                " class=\"{}\"",
                escape(
                    &classes
                        .iter()
                        .map(|c| c.as_ref())
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            )
        };
        self.html(format!("<h{n} id=\"{}\"{class}>", escape(&hid)));
        for (e, r) in inner {
            match e {
                Event::Text(t) => self.text(t, r, false),
                other => {
                    if let Event::InlineHtml(t) = other {
                        self.check_raw(t, r.start);
                    }
                    self.out.push(other.clone().into_static());
                }
            }
        }
        self.html(format!("</h{n}>\n"));
        self.result.headings.push(Heading {
            level: n,
            id: hid,
            text,
        });
        end + 1
    }

    /// A code block, highlighted when its language is known; returns the
    /// index after its end.
    fn code_block(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        i: usize,
        kind: &CodeBlockKind<'_>,
    ) -> usize {
        let end = self.ends[i];
        let code: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let lang = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split([' ', ',', '{']).next().unwrap_or("").to_string()
            }
            CodeBlockKind::Indented => String::new(),
        };
        let body = if lang.is_empty() {
            None
        } else {
            highlight::highlight(&code, &lang)
        };
        let body = body.unwrap_or_else(|| escape(&code));
        let class = if lang.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape(&lang))
        };
        self.html(format!(
            "<pre class=\"code hl-code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n"
        ));
        end + 1
    }

    /// An image: it needs alternative text, and its address is checked
    /// like a link's (or resolved to a static file).
    fn image(
        &mut self,
        link_type: LinkType,
        dest_url: &str,
        title: &str,
        id: &str,
        alt: &str,
        offset: usize,
    ) {
        if alt.is_empty() {
            self.problem(
                "image-without-alt",
                offset,
                format!("bildet `{dest_url}` mangler alternativ tekst"),
                "skriv en kort beskrivelse av bildet mellom hakeparentesene: ![Kart over kommunen](kart.png)",
            );
        }
        let dest = if self.url_refused(dest_url, offset) {
            String::new()
        } else {
            self.resolve_image(dest_url, offset)
        };
        self.out.push(Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(dest),
            title: CowStr::from(title.to_string()),
            id: CowStr::from(id.to_string()),
        }));
    }

    /// A checklist item's checkbox and the start of its label; returns the
    /// item's index in the page's checklist.
    fn checklist_item(&mut self, text: String, checked: bool, offset: usize) -> usize {
        if text.is_empty() {
            self.problem(
                "empty-checklist-item",
                offset,
                "punktet i sjekklisten er tomt".to_string(),
                "skriv hva som skal gjøres etter `- [ ]`, eller fjern linjen",
            );
        }
        let base = check_id(self.env.check_scope, &text);
        let n = self.item_ids.entry(base).or_insert(0);
        *n += 1;
        let id = nth_check_id(self.env.check_scope, &text, *n);
        // The id before was counted by its own key (the text trimmed and
        // lower-cased, not the looser match of today's ids).
        let v1 = check_id_v1(self.env.doc_key, &text);
        let m = self.v1_ids.entry(v1.clone()).or_insert(0);
        *m += 1;
        let was = if *m == 1 { v1 } else { format!("{v1}-{m}") };
        let checked_attr = if checked { " checked" } else { "" };
        self.html(format!(
            "<input type=\"checkbox\" id=\"sjekk-{id}\" data-check-id=\"{id}\" data-check-was=\"{was}\"{checked_attr}><label for=\"sjekk-{id}\">"
        ));
        self.result.checklist.push(CheckItem {
            id,
            was,
            formkrav: false,
            html: String::new(),
            text,
            checked,
        });
        self.result.checklist.len() - 1
    }

    /// A table in a named, scrollable region; alignments become classes.
    fn start_table(&mut self, ev: &Event<'_>, aligns: &[Alignment]) {
        // Each scrollable table region needs its own name: the heading it
        // sits under, or a number.
        self.tables += 1;
        let word = crate::shared::i18n::text(self.env.lang, "table");
        let name = match self.result.headings.last() {
            Some(h) => format!("{word}: {}", h.text),
            None => format!("{word} {}", self.tables),
        };
        let name = if self.table_names.insert(name.clone()) {
            name
        } else {
            format!("{name} ({})", self.tables)
        };
        self.html(format!(
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
            escape(&name)
        ));
        if aligns.iter().any(|a| *a != Alignment::None) {
            self.table_align = aligns.to_vec();
            self.out.push(Event::Start(Tag::Table(vec![
                Alignment::None;
                aligns.len()
            ])));
        } else {
            self.out.push(ev.clone().into_static());
        }
    }

    /// Reports what the policy removes from a raw HTML block, reading its
    /// lines together (a tag may span several).
    fn check_html_block(&mut self, inner: &[(Event<'_>, Range<usize>)], block_start: usize) {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (e, r) in inner {
            if let Event::Html(t) = e {
                starts.push((text.len(), r.start));
                text.push_str(t);
            }
        }
        for removal in sanitize::scan(&text) {
            let k = starts.partition_point(|&(at, _)| at <= removal.offset);
            let offset = starts
                .get(k.wrapping_sub(1))
                .map_or(block_start, |&(at, src)| src + removal.offset - at);
            self.problem("unsafe-html", offset, removal.message, removal.hint);
        }
    }

    /// Reports what the policy removes from one piece of raw HTML.
    fn check_raw(&mut self, raw: &str, offset: usize) {
        for removal in sanitize::scan(raw) {
            self.problem(
                "unsafe-html",
                offset + removal.offset,
                removal.message,
                removal.hint,
            );
        }
    }

    /// A link or image address with a scheme other than http, https,
    /// mailto or tel is reported (and left out of the page).
    fn url_refused(&mut self, dest: &str, offset: usize) -> bool {
        if self.env.trust_html || sanitize::url_allowed(dest) {
            return false;
        }
        let scheme = sanitize::url_scheme(dest).unwrap_or_default();
        self.problem(
            "unsafe-url",
            offset,
            format!(
                "adressen `{}` bruker `{scheme}:`, som ikke er tillatt, og er fjernet",
                sanitize::shorten(dest)
            ),
            "lenker og bilder kan bare bruke http:, https:, mailto:, tel: eller en relativ adresse (for eksempel `02-vedtak.md` eller `@/planstrategi/02-vedtak.md`)",
        );
        true
    }

    /// Replaces the HTML rendered since `out_start` (a region holding raw
    /// HTML) by its sanitized version. A removal the scanner did not report
    /// in the region is reported here, at the region's first raw HTML.
    fn finish_region(&mut self, out_start: usize, problems_before: usize, offset: usize) {
        let fragment = self.out.split_off(out_start);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, fragment.into_iter());
        let clean = sanitize::clean(&html);
        let reported = self.result.problems[problems_before..]
            .iter()
            .any(|p| p.code == "unsafe-html" || p.code == "unsafe-url");
        if !reported && sanitize::lost(&html, &clean) {
            self.problem(
                "unsafe-html",
                offset,
                "HTML-en her kan ikke stå slik den er skrevet: noe av den ble fjernet".to_string(),
                "sjekk at elementene står i riktig sammenheng (for eksempel `<tr>` bare inne i `<table>`), og at hvert element som åpnes, lukkes",
            );
        }
        self.html(clean);
    }

    /// Resolves `@/key#anchor` links and links to Markdown files relative to
    /// this file (`02-vedtak.md`, `../g/_guide.md#frist`), and `./` or `../`
    /// paths to files in static/; other links pass through (`stegvis check`
    /// checks those relative to the page in the finished site).
    fn resolve_link(&mut self, dest: &str, offset: usize) -> String {
        if let Some(resolved) = self.resolve_relative(dest, offset) {
            return resolved;
        }
        if let Some(rest) = dest.strip_prefix("@/") {
            let (key, anchor) = match rest.split_once('#') {
                Some((k, a)) => (k, Some(a)),
                None => (rest, None),
            };
            self.link_to_key(key, anchor, dest, offset, false)
        } else {
            if let Some(anchor) = dest.strip_prefix('#') {
                if !anchor.is_empty() {
                    let (line, column) = self.lines.at(offset);
                    self.result.anchors.push(AnchorRef {
                        doc: None,
                        target_key: String::new(),
                        anchor: anchor.to_string(),
                        line,
                        column,
                    });
                }
            }
            dest.to_string()
        }
    }

    /// A link to a Markdown file relative to this one, or a `./`/`../`
    /// path to a file in static/: the page's (or file's) address, or None
    /// when `dest` is neither.
    fn resolve_relative(&mut self, dest: &str, offset: usize) -> Option<String> {
        if dest.is_empty()
            || dest.starts_with(['/', '#', '?', '@'])
            || sanitize::url_scheme(dest).is_some()
        {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let markdown = path.ends_with(".md");
        if !markdown && !path.starts_with("./") && !path.starts_with("../") {
            return None;
        }
        let key = relative_key(self.env.doc_key, path);
        if !markdown {
            // `./bilde.png`: a file in static/ at the same place.
            return match key {
                Some(k) if self.env.static_files.contains(&k) => {
                    Some(format!("{}{k}{}", self.env.base_path, &dest[path.len()..]))
                }
                _ => None,
            };
        }
        let Some(key) = key else {
            self.problem(
                "broken-link",
                offset,
                format!("lenken `{dest}` peker ut av content/"),
                "en relativ lenke går fra mappen filen ligger i; skriv for eksempel `02-vedtak.md` eller `../annen-veileder/_guide.md`",
            );
            return Some(dest.to_string());
        };
        Some(self.link_to_key(&key, anchor, dest, offset, true))
    }

    /// The address of content file `key` (plus `#anchor`, recorded for
    /// checking); a missing file is reported.
    fn link_to_key(
        &mut self,
        key: &str,
        anchor: Option<&str>,
        dest: &str,
        offset: usize,
        relative: bool,
    ) -> String {
        match self.env.targets.get(key) {
            Some(t) => {
                if let Some(a) = anchor {
                    let (line, column) = self.lines.at(offset);
                    self.result.anchors.push(AnchorRef {
                        doc: Some(t.doc),
                        target_key: key.to_string(),
                        anchor: a.to_string(),
                        line,
                        column,
                    });
                    return format!("{}#{a}", t.url);
                }
                t.url.clone()
            }
            None if self.env.failed.contains(key) => dest.to_string(),
            None => {
                let hint = link_hint(key, relative, self.env.doc_key, self.env.targets);
                self.problem(
                    "broken-link",
                    offset,
                    format!("lenken `{dest}` peker på en side som ikke finnes"),
                    &hint,
                );
                dest.to_string()
            }
        }
    }

    /// A relative image path (`kart.png`, `bilder/kart.png`) names a file in
    /// `static/`: it becomes an address under the base path, so it works
    /// from every page, and a missing file is reported. Addresses with a
    /// scheme, a leading `/`, `.` or `@` are left as written.
    fn resolve_image(&mut self, dest: &str, offset: usize) -> String {
        let relative = !dest.is_empty()
            && !dest.contains("://")
            && !dest.starts_with(['/', '.', '#', '@'])
            && !dest.starts_with("data:");
        if dest.starts_with("./") || dest.starts_with("../") {
            let path = dest.split(['?', '#']).next().unwrap_or(dest);
            let key = relative_key(self.env.doc_key, path);
            return match key {
                Some(k) if self.env.static_files.contains(&k) => {
                    format!("{}{k}{}", self.env.base_path, &dest[path.len()..])
                }
                _ => {
                    let place = key.map_or_else(
                        || "utenfor nettstedet".to_string(),
                        |k| format!("static/{k}"),
                    );
                    self.problem(
                        "missing-image",
                        offset,
                        format!("bildet `{dest}` finnes ikke ({place})"),
                        "en sti som begynner med ./ eller ../ går fra mappen filen ligger i, og bildet må ligge på samme sted under static/; eller skriv stien fra static/, for eksempel `![Kart over kommunen](kart.png)`",
                    );
                    dest.to_string()
                }
            };
        }
        if !relative {
            return self.resolve_link(dest, offset);
        }
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        if !self.env.static_files.contains(path) {
            let files: Vec<String> = self.env.static_files.iter().cloned().collect();
            let hint = match crate::shared::text::nearest(path, &files) {
                Some(n) => format!("mente du `{n}`? Bilder legges i static/ og skrives med stien derfra"),
                None => "legg bildet i static/ og skriv stien derfra, for eksempel `![Kart over kommunen](kart.png)`".to_string(),
            };
            self.problem(
                "missing-image",
                offset,
                format!("bildet `{dest}` finnes ikke i static/"),
                &hint,
            );
        }
        format!("{}{dest}", self.env.base_path)
    }

    /// Emits text: `{{ … }}` placeholders become dates, names and the
    /// publisher, and (outside links and headings) `§` references become
    /// Lovdata links.
    fn text(&mut self, t: &str, range: &Range<usize>, laws: bool) {
        let mut rest = t;
        while let Some(open) = find_open(rest) {
            self.literal(&rest[..open], range, laws);
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                let offset = self.source_offset(range, "{{");
                self.problem(
                    "invalid-date",
                    offset,
                    "`{{` uten avsluttende `}}`".to_string(),
                    "skriv for eksempel {{ deadline }}; står datoen i en tabell, skriv \\| i stedet for |",
                );
                self.literal(&rest[open..], range, laws);
                return;
            };
            let inner = &after[..close];
            let offset = self.source_offset(range, inner.trim());
            self.placeholder(inner, offset);
            rest = &after[close + 2..];
        }
        self.literal(rest, range, laws);
    }

    fn literal(&mut self, t: &str, range: &Range<usize>, laws: bool) {
        if t.is_empty() {
        } else if laws {
            self.text_with_laws(t, range);
        } else {
            self.out.push(Event::Text(CowStr::from(t.to_string())));
        }
    }

    /// Where `needle` is in the source of a text event (the text may differ
    /// from the source by escapes and entities), else the event's start.
    fn source_offset(&self, range: &Range<usize>, needle: &str) -> usize {
        self.lines
            .body
            .get(range.clone())
            .and_then(|src| src.find(needle))
            .map_or(range.start, |i| range.start + i)
    }

    /// One `{{ … }}`: `expr`, `expr | måned`, `expr | år`, `periode`,
    /// `utgiver`.
    fn placeholder(&mut self, inner: &str, offset: usize) {
        const HINT: &str = "skriv et tidspunkt som {{ deadline }} eller {{ council_meeting - 30d }}, eventuelt med | måned eller | år; {{ periode }} gir valgperiodens navn og {{ utgiver }} hvem som står bak nettstedet";
        let (expr, format) = match inner.split_once('|') {
            Some((e, f)) => (e.trim(), f.trim()),
            None => (inner.trim(), ""),
        };
        let format = match format {
            "" | "dag" => "day",
            "måned" | "månad" | "maned" | "manad" => "month",
            "år" | "ar" => "year",
            other => {
                self.problem(
                    "invalid-date",
                    offset,
                    format!("ukjent datoformat `{other}` i `{{{{{inner}}}}}`"),
                    "bruk | måned (oktober 2027) eller | år (2027), eller ingenting (14. oktober 2027)",
                );
                return;
            }
        };
        match expr {
            "utgiver" | "utgjevar" => match self.env.publisher {
                Some(name) => self.out.push(Event::Text(CowStr::from(name.to_string()))),
                None => self.problem(
                    "invalid-date",
                    offset,
                    format!("`{{{{ {expr} }}}}` trenger `branding.name` i site.yaml"),
                    "skriv hvem som står bak nettstedet under `branding: name:` i site.yaml",
                ),
            },
            _ => {
                let Some(scope) = self.env.dates else {
                    self.problem(
                        "missing-period",
                        offset,
                        format!("`{{{{{inner}}}}}` bruker valgperioden, men site.yaml har ingen `period`"),
                        "legg til `period:` med `election:` og `constituted:` i site.yaml",
                    );
                    return;
                };
                if expr == "periode" || expr == "period" {
                    let name = scope.period.name.clone();
                    self.out.push(Event::Text(CowStr::from(name)));
                    return;
                }
                match scope.eval(expr) {
                    Ok((date, e)) => {
                        let text = match format {
                            "month" => crate::shared::i18n::format_month(date, self.env.lang),
                            "year" => date.format("%Y").to_string(),
                            _ => crate::shared::i18n::format_date(date, self.env.lang),
                        };
                        self.html(format!(
                            "<time datetime=\"{}\" data-expr=\"{}\" data-format=\"{format}\">{}</time>",
                            date.format("%Y-%m-%d"),
                            escape(&e.to_string()),
                            escape(&text)
                        ));
                    }
                    Err(msg) => self.problem("invalid-date", offset, msg, HINT),
                }
            }
        }
    }

    /// Emits text, turning `§` references into Lovdata links.
    fn text_with_laws(&mut self, t: &str, range: &Range<usize>) {
        let refs = self.env.laws.find_references(t);
        if refs.is_empty() {
            self.out.push(Event::Text(CowStr::from(t.to_string())));
            return;
        }
        let mut pos = 0;
        for r in refs {
            if let Some((_, word)) = &r.unknown_law {
                // Never linked to another law: reported, and left as text.
                let offset = self.source_offset(range, word);
                let known: Vec<String> = self
                    .env
                    .laws
                    .ids()
                    .into_iter()
                    .map(|id| format!("`{id}`"))
                    .collect();
                let section = &t[r.start..r.end];
                self.problem(
                    "unknown-law",
                    offset,
                    format!("«{word}» står ikke under `laws:` i site.yaml, så «{section}» kan ikke lenkes til Lovdata"),
                    &format!(
                        "legg loven til under `laws:` i site.yaml med id-en fra Lovdata (kjente lover nå: {}); skal henvisningen stå uten lenke, skriv «paragraf {} i {word}»",
                        if known.is_empty() { "ingen".to_string() } else { known.join(", ") },
                        r.section
                    ),
                );
                continue;
            }
            let law = r
                .law
                .or_else(|| self.env.default_law.and_then(|d| self.env.laws.get(d)));
            let Some(law) = law else {
                continue;
            };
            if r.start > pos {
                self.out
                    .push(Event::Text(CowStr::from(t[pos..r.start].to_string())));
            }
            self.html(format!(
                "<a class=\"lovhenvisning\" href=\"{}\">{}</a>",
                escape(&law.section_url(&r.section)),
                escape(&t[r.start..r.end])
            ));
            pos = r.end;
        }
        if pos < t.len() {
            self.out
                .push(Event::Text(CowStr::from(t[pos..].to_string())));
        }
    }
}

/// The folder of content file `key`, with a trailing `/` (empty at the root).
fn parent_dir(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..=i])
}

/// `path` relative to the folder of content file `from`, as a content key;
/// None if it climbs out of content/.
fn relative_key(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = parent_dir(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// How content file `to` is written relative to content file `from`.
fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = parent_dir(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The file name without its number: `03-tidsplan.md` → `tidsplan.md`.
fn unnumbered(name: &str) -> &str {
    let digits = name.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    match name[digits..].strip_prefix(['-', '_']) {
        Some(rest) if digits > 0 => rest,
        _ => name,
    }
}

/// A file of the site that a link to the missing `key` most likely meant:
/// in the same folder, the one with the same name but another number (a
/// renumbered step), else a name a few letters off. Names are compared
/// alone, not whole paths, so a long folder name does not make any file
/// look close.
fn nearest_key(key: &str, targets: &HashMap<String, LinkTarget>) -> Option<String> {
    let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
    let mut siblings: Vec<&str> = targets
        .keys()
        .filter(|k| k.rsplit_once('/').map_or("", |(d, _)| d) == dir)
        .map(|k| k.rsplit_once('/').map_or(k.as_str(), |(_, n)| n))
        .collect();
    siblings.sort_unstable();
    let join = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    if let Some(n) = siblings
        .iter()
        .find(|n| unnumbered(n) == unnumbered(name) && **n != name)
    {
        return Some(join(n));
    }
    let names: Vec<String> = siblings.iter().map(|n| n.to_string()).collect();
    let close = names.iter().find(|n| {
        let d = strsim::damerau_levenshtein(&name.to_lowercase(), &n.to_lowercase());
        d <= 2.max(n.chars().count() / 5)
    });
    if let Some(n) = close {
        return Some(join(n));
    }
    // Another folder: the same file name there (a moved file).
    let mut elsewhere: Vec<&String> = targets
        .keys()
        .filter(|k| k.rsplit_once('/').map_or(k.as_str(), |(_, n)| n) == name)
        .collect();
    elsewhere.sort();
    elsewhere.first().map(|k| k.to_string())
}

/// The hint of a link to a missing file: the likely file, or else the
/// files of the folder it pointed into (the guide's steps), or else an
/// example from this site — never a file of another site.
fn link_hint(
    key: &str,
    relative: bool,
    doc_key: &str,
    targets: &HashMap<String, LinkTarget>,
) -> String {
    let from = parent_dir(doc_key);
    let written = |k: &str| {
        if relative {
            relative_path(doc_key, k)
        } else {
            format!("@/{k}")
        }
    };
    let how = if relative {
        format!("en relativ lenke går fra mappen filen ligger i (`content/{from}`)")
    } else {
        "stien er relativ til content/".to_string()
    };
    if let Some(g) = nearest_key(key, targets) {
        let mut how = how;
        if let Some(first) = how.get(..1) {
            how = format!("{}{}", first.to_uppercase(), &how[1..]);
        }
        return format!("mente du `{}`? {how}", written(&g));
    }
    let dir = parent_dir(key);
    let mut in_dir: Vec<&String> = targets
        .keys()
        .filter(|k| {
            parent_dir(k) == dir && !k.ends_with("/_guide.md") && !k.ends_with("/_index.md")
        })
        .collect();
    in_dir.sort();
    if !in_dir.is_empty() {
        let shown: Vec<String> = in_dir
            .iter()
            .take(12)
            .map(|k| format!("`{}`", written(k)))
            .collect();
        let more = if in_dir.len() > 12 { " …" } else { "" };
        return format!(
            "filene i `content/{dir}` er {}{more}; {how}",
            shown.join(", ")
        );
    }
    let mut any: Vec<&String> = targets.keys().collect();
    any.sort();
    match any.first() {
        Some(example) => format!("{how}, for eksempel `{}`", written(example)),
        None => how,
    }
}

/// The top-level blocks that hold raw HTML, as event ranges `[start, end)`.
/// A region runs on over the following blocks while the raw HTML leaves an
/// element open, so `<details>` in one HTML block, Markdown in between and
/// `</details>` in a later block are sanitized as one piece.
///
/// Also returns where raw HTML first nests deeper than [`MAX_DEPTH`].
fn raw_regions(
    events: &[(Event<'_>, Range<usize>)],
    ends: &[usize],
) -> (Vec<(usize, usize)>, Option<usize>) {
    let mut regions = Vec::new();
    let mut deep = None;
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
    {
        return (regions, deep);
    }
    let mut open = sanitize::OpenElements::default();
    let mut current: Option<usize> = None;
    let mut i = 0;
    while i < events.len() {
        let end = match events[i].0 {
            Event::Start(_) => ends[i],
            _ => i,
        };
        let mut raw = String::new();
        let mut first_raw = None;
        for (e, r) in &events[i..=end.min(events.len() - 1)] {
            if let Event::Html(t) | Event::InlineHtml(t) = e {
                raw.push_str(t);
                first_raw.get_or_insert(r.start);
            }
        }
        if !raw.is_empty() {
            open.feed(&raw);
            current.get_or_insert(i);
            if open.too_deep() && deep.is_none() {
                deep = first_raw;
            }
        }
        if let (Some(start), true) = (current, open.is_empty()) {
            regions.push((start, end + 1));
            current = None;
        }
        i = end + 1;
    }
    if let Some(start) = current {
        regions.push((start, events.len()));
    }
    (regions, deep)
}

/// Where the nesting first goes past [`MAX_DEPTH`], if it does. Items,
/// paragraphs, headings and table parts do not count as levels of their own
/// (a list item is part of its list's level).
fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
    let counts = |t: &Tag<'_>| {
        !matches!(
            t,
            Tag::Item
                | Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
        )
    };
    let ends_counted = |t: &TagEnd| {
        !matches!(
            t,
            TagEnd::Item
                | TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
        )
    };
    let mut depth = 0usize;
    for (e, r) in events {
        match e {
            Event::Start(t) if counts(t) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(r.start);
                }
            }
            Event::End(t) if ends_counted(t) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// For every Start event, the index of the End event matching it, found in
/// one pass (searching from each Start was quadratic in deep nesting).
fn match_ends(events: &[(Event<'_>, Range<usize>)]) -> Vec<usize> {
    let last = events.len().saturating_sub(1);
    let mut ends = vec![last; events.len()];
    let mut open = Vec::new();
    for (j, (e, _)) in events.iter().enumerate() {
        match e {
            Event::Start(_) => open.push(j),
            Event::End(_) => {
                if let Some(start) = open.pop() {
                    ends[start] = j;
                }
            }
            _ => {}
        }
    }
    ends
}

/// Whether the item starting at `item` begins with a task marker.
fn item_has_marker(events: &[(Event<'_>, Range<usize>)], item: usize) -> bool {
    for (e, _) in events.iter().skip(item + 1).take(2) {
        match e {
            Event::TaskListMarker(_) => return true,
            Event::Start(Tag::Paragraph) => continue,
            _ => return false,
        }
    }
    false
}

/// Whether any direct item of the list starting at `list` is a task. Steps
/// from item to item, never into nested lists.
fn list_is_checklist(events: &[(Event<'_>, Range<usize>)], ends: &[usize], list: usize) -> bool {
    let mut j = list + 1;
    while j < ends[list] {
        match &events[j].0 {
            Event::Start(Tag::Item) => {
                if item_has_marker(events, j) {
                    return true;
                }
                j = ends[j] + 1;
            }
            _ => j += 1,
        }
    }
    false
}

/// The end (exclusive) of a checklist item's label: before a nested list
/// or any other block (a quote holding a task list ran the outer label over
/// the inner one, leaving a `<label>` open — found by fuzzing), the end of
/// the first paragraph, or the end of the item.
fn label_end(events: &[(Event<'_>, Range<usize>)], marker: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(marker + 1) {
        match e {
            Event::Start(tag) if depth == 0 && !is_inline(tag) => return j,
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return j,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    events.len()
}

/// Tags that may stand inside a label (phrasing content).
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::law::Law;

    fn laws() -> LawRegistry {
        LawRegistry::new([
            Law {
                id: "pbl".into(),
                lovdata: "2008-06-27-71".into(),
                regulation: false,
                name: "plan- og bygningsloven".into(),
                aliases: vec![],
                name_nn: None,
            },
            Law {
                id: "folkehelseloven".into(),
                lovdata: "2011-06-24-29".into(),
                regulation: false,
                name: "folkehelseloven".into(),
                aliases: vec![],
                name_nn: None,
            },
        ])
    }

    fn targets() -> HashMap<String, LinkTarget> {
        let mut t = HashMap::new();
        t.insert(
            "g/02-b.md".to_string(),
            LinkTarget {
                doc: 7,
                url: "/g/b/".into(),
            },
        );
        t.insert(
            "h/_guide.md".to_string(),
            LinkTarget {
                doc: 8,
                url: "/h/".into(),
            },
        );
        t
    }

    fn go(body: &str) -> Rendered {
        go_with(body, false)
    }

    fn go_with(body: &str, trust_html: bool) -> Rendered {
        let laws = laws();
        let targets = targets();
        let failed = HashSet::new();
        let statics: HashSet<String> = ["kart.png", "g/bilde.png"]
            .into_iter()
            .map(String::from)
            .collect();
        let env = MarkdownEnv {
            laws: &laws,
            default_law: Some("pbl"),
            targets: &targets,
            failed: &failed,
            static_files: &statics,
            base_path: "/v/",
            check_scope: "g",
            doc_key: "g/01-a.md",
            lang: Lang::Nb,
            dates: None,
            publisher: None,
            trust_html,
        };
        render(body, 5, &env)
    }

    #[test]
    fn the_first_double_brace_is_found_as_str_find_finds_it() {
        for text in [
            "",
            "{",
            "{{",
            "a{b{{c",
            "{{{",
            "}{ {",
            "ø{{ æ",
            "a { } {{ x }}",
        ] {
            assert_eq!(find_open(text), text.find("{{"), "{text:?}");
        }
    }

    #[test]
    fn headings_get_unique_norwegian_ids() {
        let r = go("## Mål for året\n\n## Mål for året\n\n### Økonomi {#penger}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["mal-for-aret", "mal-for-aret-2", "penger"]);
        assert!(
            r.html.contains("<h2 id=\"mal-for-aret\">Mål for året</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"penger\">Økonomi</h3>"));
    }

    #[test]
    fn law_references_become_lovdata_links() {
        let r = go("Etter § 10-1 og folkehelseloven § 6 skal dette gjøres.\n");
        assert!(
            r.html.contains("<a class=\"lovhenvisning\" href=\"https://lovdata.no/lov/2008-06-27-71/§10-1\">§ 10-1</a>"),
            "{}",
            r.html
        );
        assert!(r
            .html
            .contains("href=\"https://lovdata.no/lov/2011-06-24-29/§6\">folkehelseloven § 6</a>"));
    }

    #[test]
    fn no_law_links_inside_links_or_code() {
        let r = go("[se § 10-1](https://example.org) og `§ 10-1`\n\n```\n§ 10-1\n```\n");
        assert!(!r.html.contains("lovhenvisning"), "{}", r.html);
    }

    #[test]
    fn checklist_items_have_stable_ids() {
        let a = go("- [ ] Første punkt\n- [x] Andre punkt\n");
        let b = go("- [ ] Nytt punkt\n- [x] Andre punkt\n- [ ] Første punkt\n");
        assert_eq!(a.checklist.len(), 2);
        assert_eq!(a.checklist[0].id, b.checklist[2].id);
        assert_eq!(a.checklist[1].id, b.checklist[1].id);
        assert!(a.checklist[1].checked);
        assert_eq!(a.checklist[0].html, "Første punkt");
        assert!(a.html.contains("<ul class=\"checklist\">"), "{}", a.html);
        let id = &a.checklist[0].id;
        assert!(a.html.contains(&format!(
            "<li class=\"task\"><input type=\"checkbox\" id=\"sjekk-{id}\" data-check-id=\"{id}\" data-check-was=\"{}\"><label for=\"sjekk-{id}\">Første punkt</label></li>", a.checklist[0].was
        )), "{}", a.html);
        // Scoped to the guide, not the file: the same in any file.
        assert_eq!(*id, check_id("g", "Første punkt"));
        // Small edits that do not change the meaning keep the id.
        for edited in ["første  punkt.", " FØRSTE PUNKT ", "Første\tpunkt:"] {
            assert_eq!(check_id("g", edited), *id, "{edited}");
        }
        assert_ne!(check_id("g", "Første punkt i tide"), *id);
        // The id before (the file's key) is kept beside it for migration.
        assert_eq!(a.checklist[0].was, check_id_v1("g/01-a.md", "Første punkt"));
    }

    #[test]
    fn duplicate_items_get_distinct_ids() {
        let r = go("- [ ] Samme\n- [ ] Samme\n");
        assert_ne!(r.checklist[0].id, r.checklist[1].id);
        // They differ where a share link looks (bug: `X` and `X-2`).
        assert_ne!(
            r.checklist[0].id[..SHORT_ID_LEN],
            r.checklist[1].id[..SHORT_ID_LEN]
        );
        assert_eq!(r.checklist[1].was, format!("{}-2", r.checklist[0].was));
        // Repeats are matched as the first one is: loosely now, exactly as
        // before for the ids of before.
        let r = go("- [ ] Samme.\n- [ ] Samme\n- [ ] samme\n");
        let again = go("- [ ] Samme\n- [ ] samme.\n- [ ] Samme \n");
        let ids = |r: &Rendered| r.checklist.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&r), ids(&again));
        assert!(
            !r.checklist[1].was.ends_with("-2"),
            "«Samme.» and «Samme» had their own ids before"
        );
        assert_eq!(r.checklist[2].was, check_id_v1("g/01-a.md", "samme") + "-2");
    }

    /// Steps of a guide are rendered one by one; ids they share, or that
    /// start alike, are told apart afterwards, in the HTML too.
    #[test]
    fn ids_are_made_unique_across_a_guide() {
        let a = go("- [ ] Samme\n- [ ] Annet\n");
        let b = go("- [ ] Samme\n- [ ] Samme\n");
        assert_eq!(a.checklist[0].id, b.checklist[0].id);
        let changed = make_check_ids_unique("g", &[&a, &b]);
        assert_eq!(changed.len(), 1);
        let (index, ref b2) = changed[0];
        assert_eq!(index, 1);
        let mut shorts: Vec<&str> = a
            .checklist
            .iter()
            .chain(&b2.checklist)
            .map(|c| &c.id[..SHORT_ID_LEN])
            .collect();
        shorts.sort();
        shorts.dedup();
        assert_eq!(shorts.len(), 4, "{shorts:?}");
        for c in &b2.checklist {
            assert_eq!(b2.html.matches(&format!("\"sjekk-{}\"", c.id)).count(), 2);
            assert_eq!(
                b2.html
                    .matches(&format!("data-check-id=\"{}\"", c.id))
                    .count(),
                1
            );
        }
        assert!(!b2.html.contains('\u{1}'));
    }

    #[test]
    fn nested_and_loose_task_lists() {
        let r = go("- [ ] Ytre\n  - [ ] Indre\n\n- [ ] Løs\n\n  med avsnitt\n");
        assert_eq!(r.checklist.len(), 3, "{:?}", r.checklist);
        assert_eq!(r.checklist[0].text, "Ytre");
        assert_eq!(r.checklist[1].text, "Indre");
        assert_eq!(r.checklist[2].text, "Løs");
        assert_eq!(
            r.html.matches("<label").count(),
            r.html.matches("</label>").count()
        );
    }

    #[test]
    fn internal_links_resolve_and_report() {
        let r = go("Se [steg 2](@/g/02-b.md#frist) og [borte](@/g/03-x.md).\n");
        assert!(r.html.contains("href=\"/g/b/#frist\""), "{}", r.html);
        assert_eq!(r.anchors.len(), 1);
        assert_eq!(r.anchors[0].anchor, "frist");
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        assert_eq!(p.code, "broken-link");
        assert_eq!((p.line, p.column), (5, 35));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = go("```yaml\ntitle: x\n```\n");
        assert!(r
            .html
            .contains("<pre class=\"code hl-code\" tabindex=\"0\"><code class=\"language-yaml\">"));
        assert!(r.html.contains("hl-"), "{}", r.html);
    }

    #[test]
    fn smart_punctuation_tables_footnotes() {
        let r = go("\"Hei\" -- sa hun.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.\n");
        assert!(r.html.contains("“Hei”"), "{}", r.html);
        assert!(r.html.contains("–"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn images_need_alt_text_and_items_need_text() {
        let r = go("![](kart.png)\n\n![Kart over kommunen](kart.png)\n\n- [ ] \n- [ ] Gjør noe\n");
        let codes: Vec<_> = r.problems.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(
            codes,
            [("image-without-alt", 5), ("empty-checklist-item", 9)]
        );
    }

    #[test]
    fn images_come_from_static() {
        let r = go("![Kart](kart.png) ![Borte](bort.png) ![Ekstern](https://example.org/a.png)\n");
        assert!(r.html.contains("src=\"/v/kart.png\""), "{}", r.html);
        assert!(r.html.contains("src=\"https://example.org/a.png\""));
        let codes: Vec<_> = r.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, ["missing-image"]);
    }

    #[test]
    fn raw_text_is_escaped() {
        let r = go("a < b & \"c\"\n");
        assert!(r.html.contains("a &lt; b &amp;"), "{}", r.html);
    }

    fn go_dated(body: &str) -> Rendered {
        use crate::shared::dates::{DateScope, NamedDate, Period};
        let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let period = Period::new("2027–2031".into(), d(2027, 9, 13), d(2027, 10, 14), None);
        let named = [NamedDate {
            name: "oppstart".into(),
            title: "Oppstart".into(),
            expr: "deadline + 1m".into(),
            date: d(2028, 11, 14),
            moved_from: None,
        }];
        let laws = crate::shared::law::LawRegistry::new([]);
        let targets = HashMap::new();
        let failed = HashSet::new();
        let statics = HashSet::new();
        let env = MarkdownEnv {
            laws: &laws,
            default_law: None,
            targets: &targets,
            failed: &failed,
            static_files: &statics,
            base_path: "/",
            check_scope: "g/01-a.md",
            doc_key: "g/01-a.md",
            lang: Lang::Nn,
            dates: Some(DateScope::new(&period, &named)),
            publisher: Some("Eksempelfylket"),
            trust_html: false,
        };
        render(body, 10, &env)
    }

    #[test]
    fn placeholders_become_dates_names_and_publisher() {
        let r = go_dated(
            "## Døme for {{ periode }}\n\nFrist {{ deadline }}, møte {{ council_meeting - 30d | måned }}, \
             år {{ election|år }}, oppstart {{oppstart + 6w}}. Frå {{ utgjevar }}.\n\n`{{ deadline }}`\n",
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(
            r.html
                .contains("<h2 id=\"dome-for\">Døme for 2027–2031</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<time datetime=\"2028-10-14\" data-expr=\"deadline\" data-format=\"day\">14. oktober 2028</time>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "data-expr=\"council_meeting - 30d\" data-format=\"month\">august 2028</time>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("data-format=\"year\">2027</time>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "data-expr=\"oppstart + 6w\" data-format=\"day\">26. desember 2028</time>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("Frå Eksempelfylket."), "{}", r.html);
        // Code is left as written.
        assert!(r.html.contains("<code>{{ deadline }}</code>"), "{}", r.html);
    }

    #[test]
    fn placeholder_mistakes_are_problems_at_their_line() {
        let r = go_dated("Tekst.\n\nFrist {{ dedline }} og {{ deadline | veke }}.\n\n| a |\n|---|\n| {{ deadline | år }} |\n");
        let lines: Vec<(usize, &str)> = r
            .problems
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(r.problems.len(), 3, "{lines:?}");
        assert!(
            r.problems[0].message.contains("Mente du `deadline`"),
            "{lines:?}"
        );
        assert_eq!(r.problems[0].line, 12);
        assert!(
            r.problems[1].message.contains("ukjent datoformat `veke`"),
            "{lines:?}"
        );
        // A bare | in a table splits the cell: the hint says to write \|.
        assert_eq!(r.problems[2].line, 16);
        assert!(r.problems[2].hint.contains("\\|"), "{:?}", r.problems[2]);
        // Escaped, it works in a table.
        let ok = go_dated("| a |\n|---|\n| {{ deadline \\| år }} |\n");
        assert!(ok.problems.is_empty(), "{:?}", ok.problems);
        assert!(ok.html.contains(">2028</time>"), "{}", ok.html);
        // Without a period, dates cannot be shown.
        let none = go("Frist {{ deadline }}.\n");
        assert_eq!(none.problems[0].code, "missing-period");
    }

    #[test]
    fn dates_survive_raw_html_in_the_same_block() {
        let r = go_dated("<abbr title=\"pbl\">pbl</abbr> frist {{ deadline }}.\n\n<details><summary>Mer</summary>\n\nMøte {{ council_meeting | måned }}.\n\n</details>\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(
            r.html.contains("<time datetime=\"2028-10-14\" data-expr=\"deadline\" data-format=\"day\">14. oktober 2028</time>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("data-format=\"month\">september 2028</time>"),
            "{}",
            r.html
        );
    }

    fn problems(r: &Rendered) -> Vec<(&'static str, usize, usize)> {
        r.problems
            .iter()
            .map(|p| (p.code, p.line, p.column))
            .collect()
    }

    #[test]
    fn raw_html_outside_the_policy_is_removed_and_reported() {
        let body = "Tekst <abbr title=\"plan- og bygningsloven\">pbl</abbr>.\n\n<script>alert(1)</script>\n\nEt <img src=x onerror=\"alert(1)\" alt=\"b\"> bilde.\n\n<iframe src=\"https://x.no\"></iframe>\n\n<div style=\"color:red\"\n     onclick=\"x()\">tekst</div>\n";
        let r = go(body);
        assert_eq!(
            problems(&r),
            [
                ("unsafe-html", 7, 1),
                ("unsafe-html", 9, 15),
                ("unsafe-html", 11, 1),
                ("unsafe-html", 13, 6),
                ("unsafe-html", 14, 6),
            ],
            "{:#?}",
            r.problems
        );
        assert!(r.problems[0].message.contains("<script>"));
        assert!(r.problems[1].message.contains("onerror"));
        assert!(r.problems[2].message.contains("<iframe>"));
        assert!(r.problems[3].message.contains("style"));
        assert!(r.problems[4].message.contains("onclick"));
        for gone in [
            "<script", "alert", "onerror", "<iframe", "style=", "onclick",
        ] {
            assert!(!r.html.contains(gone), "{gone}: {}", r.html);
        }
        assert!(
            r.html
                .contains("<abbr title=\"plan- og bygningsloven\">pbl</abbr>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<img src=\"x\" alt=\"b\">"), "{}", r.html);
        assert!(r.html.contains("<div>tekst</div>"), "{}", r.html);
    }

    /// Classic XSS vectors (OWASP's filter evasion list and html5sec.org
    /// style): each is reported, and nothing that can run survives.
    #[test]
    fn xss_vectors_are_reported_and_neutralised() {
        let vectors = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<IMG SRC=\"javascript:alert('XSS');\">",
            "<img src=\"jav&#x09;ascript:alert(1)\">",
            "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a href=\"java\nscript:alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<svg onload=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><script>alert(1)</script></mtext></math>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<object data=\"x.swf\"></object>",
            "<embed src=\"x.swf\">",
            "<form action=\"https://x.example/\"><button>Send</button></form>",
            "<input autofocus onfocus=alert(1)>",
            "<details open ontoggle=alert(1)>x</details>",
            "<body onload=alert(1)>",
            "<style>@import 'https://x.example/x.css';</style>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<base href=\"https://x.example/\">",
            "<link rel=stylesheet href=\"https://x.example/x.css\">",
            "<p>a</p><noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
            "<template><script>alert(1)</script></template>",
            "<textarea><script>alert(1)</script></textarea>",
            "<a href=\"#\" onclick=\"alert(1)\">x</a>",
            "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
            "[x](javascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "[x](&#106;avascript:alert(1))",
            "![x](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[x]: javascript:alert(1)\n\n[y][x]",
            "[x](file:///etc/passwd)",
            "x <script>alert(1)</script> y",
            "- <img src=x onerror=alert(1)> i en liste",
            "> <iframe src=//x.example></iframe>",
            "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
        ];
        for v in vectors {
            let r = go(&format!("{v}\n"));
            assert!(
                r.problems
                    .iter()
                    .any(|p| p.code == "unsafe-html" || p.code == "unsafe-url"),
                "not reported: {v}\n{:?}",
                r.problems
            );
            let h = r.html.to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "onclick",
                "onfocus",
                "ontoggle",
                "<iframe",
                "<object",
                "<embed",
                "<form",
                "<svg",
                "<math",
                "<style",
                "style=",
                "<meta",
                "<base",
                "<link",
                "srcdoc",
                "=\"javascript:",
                "=\"vbscript:",
                "=\"data:",
                "=\"file:",
                "background=",
            ] {
                assert!(!h.contains(bad), "{v}: `{bad}` survived in {}", r.html);
            }
        }
    }

    #[test]
    fn trusted_html_passes_unchanged() {
        let body =
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">b</b>\n";
        let r = go_with(body, true);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(r.html.contains("<script>alert(1)</script>"), "{}", r.html);
        assert!(
            r.html.contains("href=\"javascript:alert(1)\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<b onclick=\"x()\">"), "{}", r.html);
    }

    #[test]
    fn script_addresses_are_refused() {
        let r = go("[a](javascript:alert(1)) [b](VBScript:x) ![c](data:image/png;base64,AA) [d](file:///etc/passwd) <javascript:alert(2)>\n\n[ok](https://x.no) [ok](mailto:a@b.no) [ok](tel:+4712345678) [ok](#a)\n");
        let codes: Vec<_> = r.problems.iter().map(|p| (p.code, p.line)).collect();
        assert_eq!(codes, [("unsafe-url", 5); 5], "{:#?}", r.problems);
        assert!(
            r.problems[1].message.contains("`vbscript:`"),
            "{}",
            r.problems[1].message
        );
        for gone in ["=\"javascript", "=\"VBScript", "=\"data:", "=\"file:"] {
            assert!(!r.html.contains(gone), "{gone}: {}", r.html);
        }
        assert!(r.html.contains("href=\"tel:+4712345678\""));
    }

    #[test]
    fn details_across_blocks_keep_their_markdown() {
        let r = go("<details>\n<summary>Mer om fristen</summary>\n\nDette er **viktig** etter § 10-1.\n\n- [ ] Sjekk datoen\n\n</details>\n\nEtterpå.\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let h = &r.html;
        assert!(
            h.contains("<details>\n<summary>Mer om fristen</summary>"),
            "{h}"
        );
        assert!(h.contains("<strong>viktig</strong>"), "{h}");
        assert!(
            h.contains(
                "class=\"lovhenvisning\" href=\"https://lovdata.no/lov/2008-06-27-71/§10-1\""
            ),
            "{h}"
        );
        assert!(h.contains("<input type=\"checkbox\" id=\"sjekk-"), "{h}");
        assert!(
            h.find("</details>").unwrap() < h.find("Etterpå").unwrap(),
            "{h}"
        );
        assert_eq!(r.checklist.len(), 1);
    }

    #[test]
    fn html_the_parser_drops_is_reported_too() {
        let r = go("Tekst\n\n<tr><td>løs celle</td></tr>\n");
        assert_eq!(problems(&r), [("unsafe-html", 7, 1)], "{:?}", r.problems);
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let ok = format!("{}x\n", "> ".repeat(MAX_DEPTH));
        assert!(go(&ok).problems.is_empty());
        let deep = format!("Tekst.\n\n{}x\n", "- ".repeat(MAX_DEPTH + 1));
        let r = go(&deep);
        assert_eq!(problems(&r), [("too-deep", 7, 65)], "{:?}", r.problems);
        assert!(r.html.is_empty());
        let mixed = format!("{}x\n", "> - ".repeat(MAX_DEPTH / 2 + 1));
        assert_eq!(go(&mixed).problems[0].code, "too-deep");
        // Raw HTML counts too (the search index slowed down on it alike).
        let divs = format!("Tekst.\n\n{}x\n", "<div>".repeat(10_000));
        assert_eq!(problems(&go(&divs)), [("too-deep", 7, 1)]);
        assert!(
            go(&format!("<div>{}</div>\n", "<div>x</div>".repeat(10_000)))
                .problems
                .is_empty()
        );
    }

    #[test]
    fn aligned_tables_use_classes_not_style() {
        let r = go("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(r.html.contains("<th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th>"), "{}", r.html);
        assert!(
            r.html.contains("<td class=\"align-right\">3</td>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_relative_to_the_file_resolve() {
        let r = go("[b](02-b.md) [b](./02-b.md#frist) [h](../h/_guide.md) [bilde](./bilde.png) ![Bilde](bilde.png?v=1) ![Bilde](./bilde.png)\n\n[side](../tidsplan/) [x](finnes-ikke-side)\n");
        assert!(
            r.problems.iter().all(|p| p.code == "missing-image"),
            "{:?}",
            r.problems
        );
        let h = &r.html;
        assert!(h.contains("<a href=\"/g/b/\">b</a> <a href=\"/g/b/#frist\">b</a> <a href=\"/h/\">h</a> <a href=\"/v/g/bilde.png\">bilde</a>"), "{h}");
        assert!(h.contains("src=\"/v/g/bilde.png\""), "{h}");
        // A page-relative URL is left for `stegvis check`.
        assert!(
            h.contains("href=\"../tidsplan/\"") && h.contains("href=\"finnes-ikke-side\""),
            "{h}"
        );
        assert_eq!(r.anchors.len(), 1);
        assert_eq!(r.anchors[0].target_key, "g/02-b.md");
    }

    /// Issue 25's papercut: a link to a missing step suggested an unrelated
    /// file, and hints named files of the example site. Now a renumbered
    /// step is found by its name, and when nothing is close the guide's
    /// files are listed.
    #[test]
    fn broken_link_hints_name_this_sites_files() {
        let mut targets = HashMap::new();
        for k in [
            "plan/01-eierskap.md",
            "plan/02-arbeidsgruppe.md",
            "plan/03-tidsplan.md",
            "annet/_guide.md",
        ] {
            targets.insert(
                k.to_string(),
                LinkTarget {
                    doc: 0,
                    url: "/x/".into(),
                },
            );
        }
        let hint = link_hint("plan/04-tidsplan.md", true, "plan/01-eierskap.md", &targets);
        assert!(hint.starts_with("mente du `03-tidsplan.md`?"), "{hint}");
        let hint = link_hint("plan/10-evaluering.md", false, "x.md", &targets);
        assert!(hint.starts_with("filene i `content/plan/` er `@/plan/01-eierskap.md`, `@/plan/02-arbeidsgruppe.md`, `@/plan/03-tidsplan.md`"), "{hint}");
        let hint = link_hint("borte/x.md", false, "x.md", &targets);
        assert!(hint.contains("for eksempel `@/annet/_guide.md`"), "{hint}");
        assert!(!hint.contains("planstrategi"), "{hint}");
        // A file moved to another folder is found by its name.
        let hint = link_hint("gammel/03-tidsplan.md", false, "x.md", &targets);
        assert!(
            hint.starts_with("mente du `@/plan/03-tidsplan.md`?"),
            "{hint}"
        );
    }

    #[test]
    fn broken_relative_links_name_line_and_a_guess() {
        let r = go("Se [vedtak](02-c.md).\n\n[ut](../../x.md) ![Borte](./borte.png)\n");
        assert_eq!(
            problems(&r),
            [
                ("broken-link", 5, 4),
                ("broken-link", 7, 1),
                ("missing-image", 7, 18)
            ],
            "{:?}",
            r.problems
        );
        assert_eq!(
            r.problems[0].hint,
            "mente du `02-b.md`? En relativ lenke går fra mappen filen ligger i (`content/g/`)"
        );
        assert!(
            r.problems[2].message.contains("static/g/borte.png"),
            "{}",
            r.problems[2].message
        );
    }
}
