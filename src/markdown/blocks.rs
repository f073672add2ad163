//! Code blocks (highlighted when their language is known) and tables (in a
//! named, scrollable region; alignments as classes).

use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag};

use crate::markdown::highlight;
use crate::markdown::renderer::Renderer;
use crate::shared::html::escape;

impl Renderer<'_, '_> {
    /// A code block, highlighted when its language is known; returns the
    /// index after its end.
    pub(super) fn code_block(
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

    /// A table in a named, scrollable region; alignments become classes.
    pub(super) fn start_table(&mut self, ev: &Event<'_>, aligns: &[Alignment]) {
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
}
