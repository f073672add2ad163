//! Text and its `{{ … }}` placeholders: dates of the period (as `<time>` with
//! the expression), `periode` and `utgiver`; unknown names are problems.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use crate::markdown::renderer::Renderer;
use crate::shared::html::escape;

/// Text with its `{{ … }}` placeholders left out: heading ids stay the same
/// when the period changes.
pub(super) fn without_placeholders(text: &str) -> String {
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
pub(super) fn find_open(text: &str) -> Option<usize> {
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
impl Renderer<'_, '_> {
    /// Emits text: `{{ … }}` placeholders become dates, names and the
    /// publisher, and (outside links and headings) `§` references become
    /// Lovdata links.
    pub(super) fn text(&mut self, t: &str, range: &Range<usize>, laws: bool) {
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

    pub(super) fn literal(&mut self, t: &str, range: &Range<usize>, laws: bool) {
        if t.is_empty() {
        } else if laws {
            self.text_with_laws(t, range);
        } else {
            self.out.push(Event::Text(CowStr::from(t.to_string())));
        }
    }

    /// Where `needle` is in the source of a text event (the text may differ
    /// from the source by escapes and entities), else the event's start.
    pub(super) fn source_offset(&self, range: &Range<usize>, needle: &str) -> usize {
        self.lines
            .body
            .get(range.clone())
            .and_then(|src| src.find(needle))
            .map_or(range.start, |i| range.start + i)
    }

    /// One `{{ … }}`: `expr`, `expr | måned`, `expr | år`, `periode`,
    /// `utgiver`.
    pub(super) fn placeholder(&mut self, inner: &str, offset: usize) {
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
}
