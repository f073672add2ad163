//! Diagnostics: every problem stegvis finds in a site, with where it is, what
//! went wrong and what to do about it. Stages collect them instead of stopping
//! at the first one, so an editor sees all mistakes of a build together.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding. `file` is relative to the site root where possible; `line` and
/// `column` are 1-based and count from the top of the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `unknown-field`.
    pub code: &'static str,
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// More lines to show under the message as they are (a diff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Diagnostic {
    /// `code` must be one of [`crate::shared::codes::CODES`] (checked in debug
    /// builds: the codes are promised stable and documented).
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(
            crate::shared::codes::is_known(code),
            "diagnostic code `{code}` is not in codes::CODES"
        );
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            detail: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// One-line form: `content/x.md:12:3: feil[unknown-field]: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        let word = match self.severity {
            Severity::Error => "feil",
            Severity::Warning => "advarsel",
        };
        write!(f, "{word}[{}]: {}", self.code, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (tips: {hint})")?;
        }
        Ok(())
    }
}

/// All findings of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorts by file, then line, so output is stable across parallel runs.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

/// Byte range of `line:column` (1-based) in `text`, clamped to the text; the
/// range covers the rest of the token or at least one character.
fn span_of(text: &str, line: usize, column: Option<usize>) -> std::ops::Range<usize> {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let line_end = text[start..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(text.len());
    let Some(col) = column else {
        return start..line_end;
    };
    let begin = text[start..line_end]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map(|(i, _)| start + i)
        .unwrap_or(line_end);
    let end = text[begin..line_end]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| begin + i)
        .unwrap_or(line_end);
    if end > begin {
        begin..end
    } else {
        begin..(begin + text[begin..].chars().next().map_or(0, char::len_utf8))
    }
}

/// When to colour what stegvis writes (`--color auto|always|never`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorWhen {
    /// Colour a terminal, never a file or a pipe; `NO_COLOR`, `CLICOLOR`
    /// and `CLICOLOR_FORCE` are honoured.
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether to colour a stream, as cargo, rustc and ripgrep decide: an
/// explicit `always` or `never` wins; otherwise `NO_COLOR` (set and not
/// empty) turns colour off, then `CLICOLOR_FORCE` (not `0`) turns it on even
/// for a file, then `CLICOLOR=0` turns it off, and else only a terminal that
/// is not `TERM=dumb` gets colour. `is_terminal` is the stream's own answer
/// (`std::io::IsTerminal`).
pub fn use_color(when: ColorWhen, is_terminal: bool) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            if anstyle_query::no_color() {
                false
            } else if clicolor_force() {
                true
            } else if anstyle_query::clicolor() == Some(false) {
                false
            } else {
                is_terminal
                    && (anstyle_query::term_supports_color()
                        || anstyle_query::clicolor() == Some(true))
            }
        }
    }
}

/// `CLICOLOR_FORCE` set and not `0` (bixense.com/clicolors; anstyle-query
/// also counts `0` as set).
fn clicolor_force() -> bool {
    std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Writes diagnostics to stderr, with the offending source lines when the
/// file can be read, in colour when `color` (see [`use_color`]). `root` is
/// the site root the file paths are relative to.
pub fn emit(diags: &Diagnostics, root: &Path, color: bool) {
    // Always, not Auto: termcolor's Auto looks at TERM and NO_COLOR only,
    // never at whether stderr is a terminal; `use_color` decided that.
    let choice = if color {
        term::termcolor::ColorChoice::Always
    } else {
        term::termcolor::ColorChoice::Never
    };
    let mut stream = term::termcolor::StandardStream::stderr(choice);
    let config = term::Config::default();
    let mut files = Sources::default();
    for d in &diags.0 {
        let cs_diag = to_codespan(d, root, &mut files);
        if term::emit(&mut stream, &config, &files.files, &cs_diag).is_err() {
            eprintln!("{d}");
        }
    }
}

/// The source files diagnostics point into, each read once: reading (and
/// keeping) the file again for every diagnostic took seconds and hundreds
/// of megabytes for a page with thousands of errors.
#[derive(Default)]
struct Sources {
    files: SimpleFiles<String, String>,
    ids: HashMap<PathBuf, Option<usize>>,
}

fn to_codespan(d: &Diagnostic, root: &Path, sources: &mut Sources) -> cs::Diagnostic<usize> {
    let mut out = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_code(d.code)
    .with_message(&d.message);
    if let Some(file) = &d.file {
        let Sources { files, ids } = sources;
        let id = *ids.entry(file.clone()).or_insert_with(|| {
            std::fs::read(root.join(file))
                .ok()
                .map(|b| files.add(file.display().to_string(), display_text(&b)))
        });
        let text = id.and_then(|id| files.get(id).ok()).map(|f| f.source());
        match (id, text, d.line) {
            (Some(id), Some(text), Some(line)) => {
                let span = span_of(text, line, d.column);
                out = out.with_labels(vec![cs::Label::primary(id, span)]);
            }
            _ => {
                let mut place = file.display().to_string();
                if let Some(line) = d.line {
                    place.push_str(&format!(":{line}"));
                }
                out = out.with_notes(vec![format!("i {place}")]);
            }
        }
    }
    if let Some(hint) = &d.hint {
        // `with_notes` appends (codespan-reporting 0.12): passing the old
        // notes again printed "i <file>" twice.
        out = out.with_notes(vec![format!("tips: {hint}")]);
    }
    if let Some(detail) = &d.detail {
        out = out.with_notes(vec![detail.clone()]);
    }
    out
}

/// A file's text as stegvis read it (no BOM, `\n` line ends, see
/// [`crate::shared::text::decode_utf8`]), so lines and columns match; lossy for a
/// file that is not UTF-8.
pub fn display_text(bytes: &[u8]) -> String {
    crate::shared::text::decode_utf8(bytes)
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).replace("\r\n", "\n"))
}

/// The source lines around `line` (1-based), for the serve error overlay:
/// `(line number, text)` pairs, `context` lines either side.
pub fn source_excerpt(text: &str, line: usize, context: usize) -> Vec<(usize, String)> {
    let first = line.saturating_sub(context).max(1);
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(n, _)| *n >= first && *n <= line + context)
        .map(|(n, l)| (n, l.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_covers_token_at_line_and_column() {
        let text = "a: 1\ntitel: x\n";
        let r = span_of(text, 2, Some(1));
        assert_eq!(&text[r], "titel:");
    }

    #[test]
    fn span_past_end_is_clamped() {
        let text = "a";
        let r = span_of(text, 9, Some(9));
        assert!(r.end <= text.len());
    }

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error("unknown-field", "ukjent felt `titel`")
            .in_file("content/a.md")
            .at(2, 1)
            .with_hint("mente du `title`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:2:1: feil[unknown-field]: ukjent felt `titel` (tips: mente du `title`?)"
        );
    }

    #[test]
    fn excerpt_has_context_lines() {
        let ex = source_excerpt("1\n2\n3\n4\n5\n", 3, 1);
        assert_eq!(ex, vec![(2, "2".into()), (3, "3".into()), (4, "4".into())]);
    }
}
