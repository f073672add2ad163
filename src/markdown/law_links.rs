//! `§ 10-1` and `folkehelseloven § 6` in running text linked to Lovdata.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use crate::markdown::renderer::Renderer;
use crate::shared::html::escape;

impl Renderer<'_, '_> {
    /// Emits text, turning `§` references into Lovdata links.
    pub(super) fn text_with_laws(&mut self, t: &str, range: &Range<usize>) {
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
