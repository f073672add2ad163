//! The renderer core: [`render`] walks a body's events once, handing
//! headings, code blocks, links, checklists, tables, raw HTML and text to the
//! methods of [`Renderer`] in the files beside this one.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use crate::markdown::events::{
    collect_events, item_has_marker, label_end, list_is_checklist, match_ends, plain_text,
    raw_regions, too_deep, Lines,
};
use crate::markdown::sanitize;
use crate::markdown::sanitize::MAX_DEPTH;
use crate::markdown::types::{MarkdownEnv, Problem, Rendered};
use crate::shared::slug::UniqueIds;

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

pub(super) struct Renderer<'e, 'l> {
    pub(super) env: &'e MarkdownEnv<'e>,
    /// For each Start event, the index of its End (see [`match_ends`]).
    pub(super) ends: Vec<usize>,
    pub(super) lines: &'l Lines<'l>,
    pub(super) out: Vec<Event<'static>>,
    pub(super) ids: UniqueIds,
    pub(super) result: Rendered,
    /// How often each checklist id was handed out on this page.
    pub(super) item_ids: HashMap<String, usize>,
    /// The same, for the ids before ([`check_id_v1`]).
    pub(super) v1_ids: HashMap<String, usize>,
    /// Tables so far, and the names their regions got.
    pub(super) tables: usize,
    pub(super) table_names: HashSet<String>,
    /// Event ranges `[start, end)` of the top-level blocks holding raw HTML
    /// (see [`raw_regions`]), in order; sanitized once rendered.
    pub(super) regions: Vec<(usize, usize)>,
    pub(super) has_raw: bool,
    /// Column alignments of the current table, when it has any: cells then
    /// get `align-…` classes (a `style` attribute would need
    /// `style-src 'unsafe-inline'` in the Content-Security-Policy).
    pub(super) table_align: Vec<Alignment>,
    pub(super) in_table_head: bool,
    pub(super) table_cell: usize,
}
impl Renderer<'_, '_> {
    pub(super) fn html(&mut self, s: impl Into<String>) {
        self.out.push(Event::Html(CowStr::from(s.into())));
    }

    pub(super) fn problem(
        &mut self,
        code: &'static str,
        offset: usize,
        message: String,
        hint: &str,
    ) {
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
}
