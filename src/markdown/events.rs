//! The event stream of a body: parsing options, byte offsets to file lines,
//! merged text, matching ends, nesting depth, the regions holding raw HTML,
//! and the shape of lists (which are checklists, where a label ends).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::markdown::sanitize;
use crate::markdown::sanitize::MAX_DEPTH;

pub(super) fn options() -> Options {
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
pub(super) struct Lines<'a> {
    pub(super) body: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
    first_line: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(body: &'a str, first_line: usize) -> Self {
        Lines {
            body,
            starts: std::cell::OnceCell::new(),
            first_line,
        }
    }

    pub(super) fn at(&self, offset: usize) -> (usize, usize) {
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
pub(super) fn collect_events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
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

pub(super) fn flush_merged(events: &mut [(Event<'_>, Range<usize>)], merged: &mut Option<String>) {
    if let (Some(text), Some((Event::Text(prev), _))) = (merged.take(), events.last_mut()) {
        *prev = CowStr::from(text);
    }
}

pub(super) fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
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

pub(super) fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// The top-level blocks that hold raw HTML, as event ranges `[start, end)`.
/// A region runs on over the following blocks while the raw HTML leaves an
/// element open, so `<details>` in one HTML block, Markdown in between and
/// `</details>` in a later block are sanitized as one piece.
///
/// Also returns where raw HTML first nests deeper than [`MAX_DEPTH`].
pub(super) fn raw_regions(
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
pub(super) fn too_deep(events: &[(Event<'_>, Range<usize>)]) -> Option<usize> {
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
pub(super) fn match_ends(events: &[(Event<'_>, Range<usize>)]) -> Vec<usize> {
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
pub(super) fn item_has_marker(events: &[(Event<'_>, Range<usize>)], item: usize) -> bool {
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
pub(super) fn list_is_checklist(
    events: &[(Event<'_>, Range<usize>)],
    ends: &[usize],
    list: usize,
) -> bool {
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
pub(super) fn label_end(events: &[(Event<'_>, Range<usize>)], marker: usize) -> usize {
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
pub(super) fn is_inline(tag: &Tag<'_>) -> bool {
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
