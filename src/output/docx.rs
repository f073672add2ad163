//! Word files (`.docx`) of the pages that say `docx: true` (templates a
//! municipality starts from): the page's outline (`markdown::outline`)
//! written with docx-rs, a kept crate for the format, with Word's own
//! heading styles (so Word's navigation pane and table of contents see
//! them), real bullet and numbered lists, and tables with a header row.
//! The same input gives the same bytes (no clock in the file).

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, Docx, Hyperlink, HyperlinkData, HyperlinkType,
    IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering, NumberingId, Paragraph, Run,
    RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableRow,
};

use crate::markdown::outline::{Block, Run as TextRun};

/// The abstract numbering of bullet lists; numbered lists get their own
/// numbering each (so each starts again at its first number).
const BULLETS: usize = 1;
const DECIMALS: usize = 2;

/// What the document opens with.
pub struct DocxMeta<'a> {
    pub title: &'a str,
    /// Who publishes it, and where the page is (printed under the title).
    pub source_line: &'a str,
}

/// The `.docx` bytes of `blocks`.
pub fn docx_bytes(meta: &DocxMeta<'_>, blocks: &[Block]) -> Result<Vec<u8>, String> {
    let mut w = Writer {
        docx: base_document(),
        next_numbering: 3,
        links: 0,
    };
    w.docx = w.docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(meta.title)),
    );
    w.docx = w.docx.add_paragraph(
        Paragraph::new()
            .style("Normal")
            .add_run(Run::new().add_text(meta.source_line).italic()),
    );
    for block in blocks {
        w.block(block, 0);
    }
    let mut cursor = std::io::Cursor::new(Vec::new());
    w.docx
        .build()
        .pack(&mut cursor)
        .map_err(|e| format!("kunne ikke lage Word-filen: {e}"))?;
    Ok(cursor.into_inner())
}

struct Writer {
    docx: Docx,
    next_numbering: usize,
    /// Hyperlinks so far (their relationship ids).
    links: usize,
}

fn base_document() -> Docx {
    let heading = |level: usize, size: usize| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .outline_lvl(level - 1)
    };
    let bullet_level = |i: usize| {
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new(if i % 2 == 0 { "•" } else { "–" }),
            LevelJc::new("left"),
        )
        .indent(
            Some(720 * (i as i32 + 1)),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        )
    };
    let decimal_level = |i: usize| {
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(if i == 0 { "decimal" } else { "lowerLetter" }),
            LevelText::new(format!("%{}.", i + 1)),
            LevelJc::new("left"),
        )
        .indent(
            Some(720 * (i as i32 + 1)),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        )
    };
    let mut bullets = AbstractNumbering::new(BULLETS);
    let mut decimals = AbstractNumbering::new(DECIMALS);
    for i in 0..6 {
        bullets = bullets.add_level(bullet_level(i));
        decimals = decimals.add_level(decimal_level(i));
    }
    Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .add_style(Style::new("Normal", StyleType::Paragraph).name("Normal"))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .bold()
                .size(40),
        )
        .add_style(heading(1, 36))
        .add_style(heading(2, 30))
        .add_style(heading(3, 26))
        .add_style(heading(4, 24))
        .add_style(heading(5, 22))
        .add_style(heading(6, 22))
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .based_on("Normal")
                .italic()
                .indent(Some(720), None, None, None),
        )
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(decimals)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
    // No custom properties: docx-rs keeps them in a HashMap, whose
    // order (and so the file's bytes) changes from run to run.
}

impl Writer {
    fn block(&mut self, block: &Block, depth: usize) {
        match block {
            Block::Heading { level, runs } => {
                // `##` in the body is the first level under the title.
                let level = (*level).clamp(2, 7) - 1;
                let p = self.runs_into(Paragraph::new().style(&format!("Heading{level}")), runs);
                self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
            }
            Block::Paragraph(runs) => {
                let p = self.runs_into(Paragraph::new().style("Normal"), runs);
                self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
            }
            Block::Quote(inner) => {
                for b in inner {
                    match b {
                        Block::Paragraph(runs) => {
                            let p = self.runs_into(Paragraph::new().style("Quote"), runs);
                            self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
                        }
                        other => self.block(other, depth),
                    }
                }
            }
            Block::Code(code) => {
                for line in code.lines() {
                    let run = Run::new()
                        .add_text(line)
                        .fonts(RunFonts::new().ascii("Consolas").hi_ansi("Consolas"));
                    self.docx = std::mem::take(&mut self.docx)
                        .add_paragraph(Paragraph::new().style("Normal").add_run(run));
                }
            }
            Block::Rule => {
                let p = Paragraph::new()
                    .style("Normal")
                    .add_run(Run::new().add_text("—"));
                self.docx =
                    std::mem::take(&mut self.docx).add_paragraph(p.align(AlignmentType::Center));
            }
            Block::List { ordered, items } => self.list(*ordered, items, depth),
            Block::Table { rows } => {
                let table = self.table_of(rows);
                self.docx = std::mem::take(&mut self.docx).add_table(table);
                // Word runs two tables together without a paragraph between.
                self.docx =
                    std::mem::take(&mut self.docx).add_paragraph(Paragraph::new().style("Normal"));
            }
        }
    }

    fn list(&mut self, ordered: Option<u64>, items: &[Vec<Block>], depth: usize) {
        let numbering = match ordered {
            None => BULLETS,
            Some(start) => {
                let id = self.next_numbering;
                self.next_numbering += 1;
                let start = usize::try_from(start).unwrap_or(1);
                self.docx = std::mem::take(&mut self.docx).add_numbering(
                    Numbering::new(id, DECIMALS)
                        .add_override(docx_rs::LevelOverride::new(depth.min(5)).start(start)),
                );
                id
            }
        };
        let level = depth.min(5);
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Paragraph(runs) if first => {
                        let p = self.runs_into(
                            Paragraph::new()
                                .style("Normal")
                                .numbering(NumberingId::new(numbering), IndentLevel::new(level)),
                            runs,
                        );
                        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
                    }
                    Block::List { ordered, items } => self.list(*ordered, items, depth + 1),
                    Block::Paragraph(runs) => {
                        let indent = 720 * (level as i32 + 1);
                        let p = self.runs_into(
                            Paragraph::new()
                                .style("Normal")
                                .indent(Some(indent), None, None, None),
                            runs,
                        );
                        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
                    }
                    other => self.block(other, depth + 1),
                }
                first = false;
            }
        }
    }

    fn runs_into(&mut self, mut p: Paragraph, runs: &[TextRun]) -> Paragraph {
        for r in runs {
            p = match &r.link {
                Some(url) => {
                    // docx-rs numbers links from a counter shared by the
                    // whole process; numbered per document instead, a
                    // file's bytes do not depend on what was made before.
                    self.links += 1;
                    let mut link = Hyperlink::new(url.as_str(), HyperlinkType::External)
                        .add_run(run_of(r).color("0563C1").underline("single"));
                    link.link = HyperlinkData::External {
                        rid: format!("rIdStegvisLink{}", self.links),
                        path: url.clone(),
                    };
                    p.add_hyperlink(link)
                }
                None => p.add_run(run_of(r)),
            };
        }
        p
    }

    fn table_of(&mut self, rows: &[Vec<Vec<TextRun>>]) -> Table {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let rows: Vec<TableRow> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let cells = (0..width)
                    .map(|c| {
                        let runs = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                        let runs: Vec<TextRun> = if i == 0 {
                            runs.iter()
                                .map(|r| TextRun {
                                    bold: true,
                                    ..r.clone()
                                })
                                .collect()
                        } else {
                            runs.to_vec()
                        };
                        TableCell::new()
                            .add_paragraph(self.runs_into(Paragraph::new().style("Normal"), &runs))
                    })
                    .collect();
                TableRow::new(cells).cant_split()
            })
            .collect();
        let border = |pos| {
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(4)
                .color("808080")
        };
        Table::new(rows).set_borders(
            TableBorders::new()
                .set(border(TableBorderPosition::Top))
                .set(border(TableBorderPosition::Bottom))
                .set(border(TableBorderPosition::Left))
                .set(border(TableBorderPosition::Right))
                .set(border(TableBorderPosition::InsideH))
                .set(border(TableBorderPosition::InsideV)),
        )
    }
}

fn run_of(r: &TextRun) -> Run {
    let mut run = Run::new();
    // A hard line break inside a paragraph is a `<w:br/>`, not a newline.
    for (i, line) in r.text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    if r.bold {
        run = run.bold();
    }
    if r.italic {
        run = run.italic();
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::outline::Run as TextRun;

    fn run(t: &str) -> TextRun {
        TextRun {
            text: t.to_string(),
            ..TextRun::default()
        }
    }

    fn sample() -> Vec<Block> {
        vec![
            Block::Paragraph(vec![TextRun {
                text: "Lovdata".into(),
                link: Some("https://lovdata.no/".into()),
                ..TextRun::default()
            }]),
            Block::Heading {
                level: 2,
                runs: vec![run("Framdrift")],
            },
            Block::Paragraph(vec![run("Vedtak senest 21. oktober 2028.")]),
            Block::List {
                ordered: Some(1),
                items: vec![vec![Block::Paragraph(vec![run("Først")])]],
            },
            Block::Table {
                rows: vec![
                    vec![vec![run("Hva")], vec![run("Når")]],
                    vec![vec![run("Møte")]],
                ],
            },
        ]
    }

    #[test]
    fn a_docx_is_a_zip_with_the_text_and_the_same_bytes_each_time() {
        let meta = DocxMeta {
            title: "Prosessplan",
            source_line: "Fra veilederen",
        };
        let a = docx_bytes(&meta, &sample()).unwrap();
        // Another document with links in between: its links must not
        // shift the numbers of the next one's.
        docx_bytes(&meta, &sample()).unwrap();
        let b = docx_bytes(&meta, &sample()).unwrap();
        assert_eq!(a, b, "the same input gives the same bytes");
        assert_eq!(&a[..2], b"PK");
        let text = String::from_utf8_lossy(&a);
        assert!(text.contains("word/document.xml"), "a Word package");
    }
}
