//! A body as a document outline — headings, paragraphs, lists, tables and
//! styled runs of plain text — for the formats that are not HTML (the Word
//! templates of `docx: true` pages, written by `output::docx`). `{{ … }}`
//! dates become the dates themselves, as on the page; checklist items
//! become «☐ …» lines a municipality can tick on paper. Problems in the
//! body are reported once, by the HTML renderer, so this pass keeps going
//! and leaves what it cannot read as it was written.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::markdown::MarkdownEnv;

/// A stretch of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// An absolute web address the text links to.
    pub link: Option<String>,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1–6 as in Markdown (`##` is 2).
    Heading {
        level: u8,
        runs: Vec<Run>,
    },
    Paragraph(Vec<Run>),
    /// Items in order; each item is its own blocks (a paragraph, a nested
    /// list). `ordered` is the first number of a numbered list.
    List {
        ordered: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    /// The first row is the header.
    Table {
        rows: Vec<Vec<Vec<Run>>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Rule,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where blocks go while their container is open.
enum Frame {
    Root(Vec<Block>),
    Item(Vec<Block>),
    List {
        ordered: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Table {
        rows: Vec<Vec<Vec<Run>>>,
    },
}

struct Builder<'e> {
    env: &'e MarkdownEnv<'e>,
    stack: Vec<Frame>,
    /// The runs of the paragraph, heading or table cell being read.
    runs: Vec<Run>,
    /// Text waiting to be split at `{{ … }}` (the parser may hand it over
    /// in pieces).
    pending: String,
    bold: u32,
    italic: u32,
    link: Vec<Option<String>>,
    row: Vec<Vec<Run>>,
    code: Option<String>,
}

/// The outline of `body`, with dates from `env`.
pub fn outline(body: &str, env: &MarkdownEnv<'_>) -> Vec<Block> {
    let mut b = Builder {
        env,
        stack: vec![Frame::Root(Vec::new())],
        runs: Vec::new(),
        pending: String::new(),
        bold: 0,
        italic: 0,
        link: Vec::new(),
        row: Vec::new(),
        code: None,
    };
    for event in Parser::new_ext(body, options()) {
        b.event(event);
    }
    b.flush_paragraph();
    while b.stack.len() > 1 {
        b.close_frame();
    }
    match b.stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match &mut self.code {
                Some(code) => code.push_str(&t),
                None => self.pending.push_str(&t),
            },
            Event::Code(t) => {
                self.flush_text();
                self.push_run(t.to_string());
            }
            Event::SoftBreak => self.pending.push(' '),
            Event::HardBreak => self.pending.push('\n'),
            Event::TaskListMarker(done) => {
                self.pending.push_str(if done { "☒ " } else { "☐ " });
            }
            Event::Rule => self.push_block(Block::Rule),
            // Raw HTML and footnotes have no place in a Word template.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => self.flush_paragraph(),
            Tag::Strong => {
                self.flush_text();
                self.bold += 1;
            }
            Tag::Emphasis => {
                self.flush_text();
                self.italic += 1;
            }
            Tag::Link { dest_url, .. } => {
                self.flush_text();
                let url = dest_url.to_string();
                let absolute = url.starts_with("https://") || url.starts_with("http://");
                self.link.push(absolute.then_some(url));
            }
            Tag::List(first) => {
                self.flush_paragraph();
                self.stack.push(Frame::List {
                    ordered: first,
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.flush_paragraph();
                self.stack.push(Frame::Item(Vec::new()));
            }
            Tag::BlockQuote(_) => {
                self.flush_paragraph();
                self.stack.push(Frame::Quote(Vec::new()));
            }
            Tag::Table(_) => {
                self.flush_paragraph();
                self.stack.push(Frame::Table { rows: Vec::new() });
            }
            Tag::TableHead | Tag::TableRow => self.row.clear(),
            Tag::TableCell => {
                self.runs.clear();
                self.pending.clear();
            }
            Tag::CodeBlock(_) => {
                self.flush_paragraph();
                self.code = Some(String::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_paragraph(),
            TagEnd::Heading(level) => {
                self.flush_text();
                let runs = std::mem::take(&mut self.runs);
                self.push_block(Block::Heading {
                    level: level as u8,
                    runs,
                });
            }
            TagEnd::Strong => {
                self.flush_text();
                self.bold = self.bold.saturating_sub(1);
            }
            TagEnd::Emphasis => {
                self.flush_text();
                self.italic = self.italic.saturating_sub(1);
            }
            TagEnd::Link => {
                self.flush_text();
                self.link.pop();
            }
            TagEnd::Item | TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table => {
                self.flush_paragraph();
                self.close_frame();
            }
            TagEnd::TableCell => {
                self.flush_text();
                let runs = std::mem::take(&mut self.runs);
                self.row.push(runs);
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(Frame::Table { rows }) = self.stack.last_mut() {
                    rows.push(row);
                }
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.push_block(Block::Code(code.trim_end().to_string()));
                }
            }
            _ => {}
        }
    }

    /// Ends the open container and hands its block to the one around it.
    fn close_frame(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Item(blocks) => match self.stack.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => blocks.into_iter().for_each(|b| self.push_block(b)),
            },
            Frame::List { ordered, items } => self.push_block(Block::List { ordered, items }),
            Frame::Quote(blocks) => self.push_block(Block::Quote(blocks)),
            Frame::Table { rows } => self.push_block(Block::Table { rows }),
            Frame::Root(blocks) => {
                // Never popped by the loop above; put back if it were.
                self.stack.push(Frame::Root(blocks));
            }
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Root(v) | Frame::Item(v) | Frame::Quote(v)) => v.push(block),
            // A block straight inside a list or table (loose Markdown):
            // kept as an item of its own.
            Some(Frame::List { items, .. }) => items.push(vec![block]),
            Some(Frame::Table { .. }) | None => {}
        }
    }

    /// The paragraph being read becomes a block (tight list items have
    /// their text without a paragraph around it).
    fn flush_paragraph(&mut self) {
        self.flush_text();
        if self.runs.iter().any(|r| !r.text.trim().is_empty()) {
            let runs = std::mem::take(&mut self.runs);
            self.push_block(Block::Paragraph(runs));
        }
        self.runs.clear();
    }

    /// The pending text as runs, with `{{ … }}` replaced.
    fn flush_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let replaced = replace_placeholders(&text, self.env);
        self.push_run(replaced);
    }

    fn push_run(&mut self, text: String) {
        let run = Run {
            text,
            bold: self.bold > 0,
            italic: self.italic > 0,
            link: self.link.last().cloned().flatten(),
        };
        match self.runs.last_mut() {
            Some(last)
                if last.bold == run.bold && last.italic == run.italic && last.link == run.link =>
            {
                last.text.push_str(&run.text)
            }
            _ => self.runs.push(run),
        }
    }
}

/// `text` with each `{{ … }}` replaced by what it stands for on the page;
/// one that cannot be read stays as written (the page's render reports it).
pub fn replace_placeholders(text: &str, env: &MarkdownEnv<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 2..open + close];
        match placeholder_text(inner, env) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// What one `{{ inner }}` stands for: a date (`expr`, `expr | måned`,
/// `expr | år`), the period's name (`periode`) or the publisher
/// (`utgiver`).
pub fn placeholder_text(inner: &str, env: &MarkdownEnv<'_>) -> Option<String> {
    let (expr, format) = match inner.split_once('|') {
        Some((e, f)) => (e.trim(), f.trim()),
        None => (inner.trim(), ""),
    };
    match expr {
        "utgiver" | "utgjevar" => return env.publisher.map(str::to_string),
        "periode" | "period" => return env.dates.map(|s| s.period.name.clone()),
        _ => {}
    }
    let (date, _) = env.dates?.eval(expr).ok()?;
    match format {
        "" | "dag" => Some(crate::shared::i18n::format_date(date, env.lang)),
        "måned" | "månad" | "maned" | "manad" => {
            Some(crate::shared::i18n::format_month(date, env.lang))
        }
        "år" | "ar" => Some(date.format("%Y").to_string()),
        _ => None,
    }
}

/// The outline's text, one line per paragraph, heading, item or row (for
/// tests and previews).
pub fn plain_text(blocks: &[Block]) -> String {
    fn runs(r: &[Run]) -> String {
        r.iter().map(|r| r.text.as_str()).collect()
    }
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading { runs: r, .. } | Block::Paragraph(r) => {
                    out.push_str(&runs(r));
                    out.push('\n');
                }
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::Quote(inner) => walk(inner, out),
                Block::Table { rows } => {
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|c| runs(c)).collect();
                        out.push_str(&cells.join(" | "));
                        out.push('\n');
                    }
                }
                Block::Code(code) => {
                    out.push_str(code);
                    out.push('\n');
                }
                Block::Rule => {}
            }
        }
    }
    let mut out = String::new();
    walk(blocks, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::dates::{DateScope, Period};
    use crate::shared::i18n::Lang;
    use crate::shared::law::LawRegistry;
    use chrono::NaiveDate;
    use std::collections::{HashMap, HashSet};

    fn with_env<T>(f: impl FnOnce(&MarkdownEnv<'_>) -> T) -> T {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let period = Period::new("2027–2031".into(), d(2027, 9, 13), d(2027, 10, 21), None);
        let laws = LawRegistry::new(Vec::new());
        let targets = HashMap::new();
        let failed = HashSet::new();
        let statics = HashSet::new();
        let env = MarkdownEnv {
            laws: &laws,
            default_law: None,
            targets: &targets,
            failed: &failed,
            hidden: &[],
            static_files: &statics,
            base_path: "/",
            check_scope: "t.md",
            doc_key: "t.md",
            lang: Lang::Nb,
            dates: Some(DateScope::new(&period, &[])),
            publisher: Some("Eksempelfylket"),
            trust_html: false,
        };
        f(&env)
    }

    #[test]
    fn headings_lists_tables_and_dates_come_through() {
        let body = "## Framdrift for {{ periode }}\n\nVedtak senest **{{ deadline }}**, \
                    møte i {{ council_meeting | måned }}.\n\n- [ ] Sett opp møteplan\n- Les [loven](https://lovdata.no/x)\n\n\
                    1. Først\n2. Så\n   - inni\n\n| Hva | Når |\n|---|---|\n| Offentlig | {{ council_meeting - 31d }} |\n";
        let blocks = with_env(|env| outline(body, env));
        let text = plain_text(&blocks);
        assert!(text.contains("Framdrift for 2027–2031\n"), "{text}");
        assert!(
            text.contains("Vedtak senest 21. oktober 2028, møte i september 2028."),
            "{text}"
        );
        assert!(text.contains("☐ Sett opp møteplan\n"), "{text}");
        assert!(text.contains("Hva | Når\nOffentlig | "), "{text}");
        assert!(!text.contains("{{"), "{text}");
        assert!(matches!(blocks[0], Block::Heading { level: 2, .. }));
        let Block::Paragraph(runs) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(
            runs.iter().any(|r| r.bold && r.text == "21. oktober 2028"),
            "{runs:?}"
        );
        let lists: Vec<&Block> = blocks
            .iter()
            .filter(|b| matches!(b, Block::List { .. }))
            .collect();
        assert_eq!(lists.len(), 2, "{blocks:?}");
        let Block::List {
            ordered: None,
            items,
        } = lists[0]
        else {
            panic!()
        };
        let Block::Paragraph(link_runs) = &items[1][0] else {
            panic!("{items:?}")
        };
        assert_eq!(link_runs[1].link.as_deref(), Some("https://lovdata.no/x"));
        let Block::List {
            ordered: Some(1),
            items,
        } = lists[1]
        else {
            panic!()
        };
        assert!(
            matches!(items[1][1], Block::List { ordered: None, .. }),
            "{items:?}"
        );
        let Some(Block::Table { rows }) = blocks.last() else {
            panic!("{blocks:?}")
        };
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn unreadable_placeholders_stay_as_written() {
        let text = with_env(|env| {
            replace_placeholders(
                "Frist {{ dedline }} og {{ deadline | veke }} og {{ open",
                env,
            )
        });
        assert_eq!(
            text,
            "Frist {{ dedline }} og {{ deadline | veke }} og {{ open"
        );
    }
}
