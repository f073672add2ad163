//! The one module that knows which YAML library stegvis uses.
//!
//! serde_yaml is archived upstream; swapping it must stay a change to this file
//! only. Everything else calls [`from_str`] and gets a [`YamlError`] with a
//! line, a column, a Norwegian message and, where one helps, a hint (the
//! nearest known field for a misspelt one, the allowed values for a bad one).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::shared::text::nearest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    UnknownField,
    MissingField,
    InvalidValue,
}

impl YamlErrorKind {
    pub fn code(self) -> &'static str {
        match self {
            YamlErrorKind::Syntax => "yaml-syntax",
            YamlErrorKind::UnknownField => "unknown-field",
            YamlErrorKind::MissingField => "missing-field",
            YamlErrorKind::InvalidValue => "invalid-value",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub kind: YamlErrorKind,
    /// 1-based, relative to the start of the YAML text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Parses `text` into `T`. An empty document is read as an empty mapping, so
/// that "every field missing" is reported as such rather than as a type error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|e| {
        let mut err = translate(&e);
        count_lines_by_newline(&mut err, &e, text);
        refine_location(&mut err, text);
        if err.kind == YamlErrorKind::Syntax {
            explain_syntax(&mut err, text);
        }
        err
    })
}

/// Writes `value` as a YAML document (the generated CMS configuration).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// A syntax error in plain Norwegian, at one place, with the fix for the
/// mistakes editors make most: a tab in the indentation, a colon inside a
/// value, and list lines under a field that already has a value (the new
/// step template's commented `legal:` once led there). Anything else keeps
/// the parser's words after a Norwegian lead.
fn explain_syntax(err: &mut YamlError, text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = err.line.unwrap_or(1).clamp(1, lines.len().max(1));
    let raw = err
        .message
        .trim_start_matches("YAML-syntaksfeil: ")
        .to_string();
    // The parser's words may name further places («while parsing a block
    // mapping at line 1 column 1»); the error has one place, ours.
    let raw = strip_places(&raw);
    // 1. A tab in the indentation, on the line or one before it.
    let tabbed = (1..=at).rev().take(2).find(|&n| {
        lines.get(n - 1).is_some_and(|l| {
            l.chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t')
        })
    });
    if let Some(n) = tabbed {
        err.line = Some(n);
        err.column = Some(1);
        err.message = format!(
            "YAML-syntaksfeil: linje {n} har en tabulator i innrykket, og det tillater ikke YAML"
        );
        err.hint = Some("bytt tabulatoren med mellomrom (to mellomrom per nivå)".to_string());
        return;
    }
    // 2. «: » inside a value: YAML reads a new field there.
    if raw.contains("mapping values are not allowed") {
        let line = lines.get(at - 1).copied().unwrap_or("");
        let key = line
            .trim_start()
            .trim_start_matches("- ")
            .split_once(':')
            .map_or("felt", |(k, _)| k.trim());
        let value = line.split_once(':').map_or("", |(_, v)| v.trim());
        err.message = format!(
            "YAML-syntaksfeil: verdien av `{key}` inneholder et kolon fulgt av mellomrom, som YAML leser som starten på et nytt felt"
        );
        err.hint = Some(format!(
            "sett hele verdien i anførselstegn: `{key}: \"{}\"`",
            value.replace('"', "\\\"")
        ));
        return;
    }
    // 3. List lines under a field that already has a value (`legal: []`
    //    followed by `- law: …`), or indentation that does not line up.
    if raw.contains("did not find expected key")
        || raw.contains("did not find expected '-' indicator")
        || raw.contains("while parsing a block mapping")
    {
        let filled = (1..at).rev().find_map(|n| {
            let l = lines.get(n - 1)?;
            let t = l.trim_end();
            let next = lines.get(n).map_or("", |x| x.trim_start());
            let has_value = t.ends_with("[]") || t.ends_with("{}");
            (has_value && next.starts_with('-')).then(|| {
                (
                    n,
                    t.trim()
                        .trim_end_matches(['[', ']', '{', '}'])
                        .trim()
                        .to_string(),
                )
            })
        });
        if let Some((n, field)) = filled {
            err.line = Some(n);
            err.column = None;
            err.message = format!(
                "YAML-syntaksfeil: `{field}` har allerede en verdi (en tom liste), så listelinjene under kan ikke høre til feltet"
            );
            err.hint = Some(format!(
                "fjern `[]` etter `{field}` når du fyller inn lista, og gi linjene som begynner med `-`, samme innrykk"
            ));
            return;
        }
        err.message = format!(
            "YAML-syntaksfeil: innrykket stemmer ikke på linje {at} eller linjen før ({raw})"
        );
        err.hint = Some(
            "felt på samme nivå skal begynne i samme kolonne, og linjene i en liste skal ha samme innrykk"
                .to_string(),
        );
        return;
    }
    // 4. A quote opened and never closed.
    if raw.contains("while scanning a quoted scalar") {
        let n = (1..=at)
            .rev()
            .find(|&n| {
                lines.get(n - 1).is_some_and(|l| {
                    l.matches('"').count() % 2 == 1 || l.matches('\'').count() % 2 == 1
                })
            })
            .unwrap_or(at);
        err.line = Some(n);
        err.column = None;
        err.message = format!("YAML-syntaksfeil: et anførselstegn på linje {n} blir ikke lukket");
        err.hint =
            Some("sett et avsluttende anførselstegn på samme linje som det første".to_string());
        return;
    }
    err.message = format!("YAML-syntaksfeil: front matter kan ikke leses ({raw})");
}

/// `raw` without the parser's «at line N column M» places.
fn strip_places(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(after.len());
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// YAML also ends lines at NEL, LS and PS (U+0085, U+2028, U+2029), which
/// editors show inside a line (NEL is what a Windows `…` becomes when read
/// as Latin-1). Count lines by `\n` alone, as the rest of stegvis does, so
/// the place points into the file (fuzzing found errors past its end).
fn count_lines_by_newline(err: &mut YamlError, e: &serde_yaml::Error, text: &str) {
    if !text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return;
    }
    let Some(before) = e.location().and_then(|l| text.get(..l.index())) else {
        return;
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    err.line = Some(before.matches('\n').count() + 1);
    err.column = Some(before[line_start..].chars().count() + 1);
}

/// Errors raised by a field's own parser (a date, a section) come back
/// placed at the start of the document; point them at the offending value.
fn refine_location(err: &mut YamlError, text: &str) {
    if err.kind != YamlErrorKind::InvalidValue || !matches!(err.line, None | Some(1)) {
        return;
    }
    let Some(value) = backticked(&err.message).into_iter().next() else {
        return;
    };
    if let Some((i, line)) = text.lines().enumerate().find(|(_, l)| l.contains(&value)) {
        err.line = Some(i + 1);
        err.column = line.find(&value).map(|b| line[..b].chars().count() + 1);
    }
}

fn translate(e: &serde_yaml::Error) -> YamlError {
    let (line, column) = match e.location() {
        Some(l) => (Some(l.line()), Some(l.column())),
        None => (None, None),
    };
    let raw = e.to_string();
    // serde_yaml appends " at line N column M"; we report the place separately.
    let raw = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    // A field path such as "legal[0].section: " may prefix the message.
    let (path, msg) = split_path(&raw);
    let within = |s: String| match path {
        Some(p) => format!("{s} (i `{p}`)"),
        None => s,
    };

    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known = backticked(expected);
        let hint = match nearest(field, &known) {
            Some(best) => format!(
                "mente du `{best}`? Gyldige felt her: {}",
                join_ticked(&known)
            ),
            None => format!("gyldige felt her: {}", join_ticked(&known)),
        };
        return YamlError {
            kind: YamlErrorKind::UnknownField,
            line,
            column,
            message: within(format!("ukjent felt `{field}`")),
            hint: Some(hint),
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return YamlError {
            kind: YamlErrorKind::MissingField,
            line,
            column,
            message: within(format!("mangler det påkrevde feltet `{field}`")),
            hint: Some(format!(
                "legg til `{field}: …` i front matter (se redaktørveiledningen for hva feltet betyr)"
            )),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let hint = match nearest(value, &allowed) {
            Some(best) => format!(
                "mente du `{best}`? Tillatte verdier: {}",
                join_ticked(&allowed)
            ),
            None => format!("tillatte verdier: {}", join_ticked(&allowed)),
        };
        return YamlError {
            kind: YamlErrorKind::InvalidValue,
            line,
            column,
            message: within(format!("ugyldig verdi `{value}`")),
            hint: Some(hint),
        };
    }
    if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("invalid length")
        || msg.starts_with("ugyldig")
    {
        let (message, hint) = match msg.split_once(" | tips: ") {
            Some((m, h)) => (m.to_string(), h.to_string()),
            None => (
                norwegian_type_error(msg),
                "sjekk at verdien har riktig type (tekst, tall, dato eller liste)".to_string(),
            ),
        };
        return YamlError {
            kind: YamlErrorKind::InvalidValue,
            line,
            column,
            message: within(message),
            hint: Some(hint),
        };
    }
    YamlError {
        kind: YamlErrorKind::Syntax,
        line,
        column,
        message: format!("YAML-syntaksfeil: {raw}"),
        hint: Some(
            "sjekk innrykk, kolon etter feltnavnet, og sett tekst med kolon eller # i anførselstegn"
                .to_string(),
        ),
    }
}

/// Splits "a.b[0].c: message" into the path and the message. Paths never
/// contain spaces, messages always do.
fn split_path(raw: &str) -> (Option<&str>, &str) {
    if let Some((p, m)) = raw.split_once(": ") {
        if !p.contains(' ') && !p.is_empty() {
            return (Some(p), m);
        }
    }
    (None, raw)
}

fn norwegian_type_error(msg: &str) -> String {
    let msg = msg
        .replacen("invalid type: ", "feil type: ", 1)
        .replacen("invalid value: ", "ugyldig verdi: ", 1)
        .replace(", expected ", ", forventet ")
        .replace("string", "tekst")
        .replace("integer", "heltall")
        .replace("a sequence", "en liste")
        .replace("sequence", "liste")
        .replace("a map", "et sett med felt")
        .replace("map", "sett med felt")
        .replace("struct", "sett med felt");
    msg.to_string()
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, v)| v.to_string())
        .collect()
}

fn join_ticked(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        step: u32,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    enum Kind {
        #[serde(rename = "lovkrav")]
        Lovkrav,
        #[serde(rename = "råd")]
        Rad,
    }

    #[test]
    fn unknown_field_suggests_nearest() {
        let e = from_str::<Meta>("titel: x\nstep: 1\nkind: råd\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::UnknownField);
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("`titel`"), "{}", e.message);
        assert!(e.hint.unwrap().starts_with("mente du `title`?"));
    }

    #[test]
    fn unknown_variant_lists_allowed_values() {
        let e = from_str::<Meta>("title: x\nstep: 1\nkind: lov\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::InvalidValue);
        assert_eq!(e.line, Some(3));
        assert!(e.hint.unwrap().contains("`lovkrav`"));
    }

    #[test]
    fn missing_field_named() {
        let e = from_str::<Meta>("title: x\nkind: råd\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::MissingField);
        assert!(e.message.contains("`step`"));
    }

    #[test]
    fn syntax_error_has_line() {
        let e = from_str::<Meta>("title: \"x\nstep: 1\nkind: råd\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Syntax);
        assert!(e.line.is_some());
    }

    /// The common syntax mistakes in Norwegian, with their fix, at one
    /// place (issue 25's papercut).
    #[test]
    fn common_syntax_mistakes_are_explained() {
        let e = from_str::<Meta>("step: 1\nkind: råd\ntitle: Dette: er et kolon\n").unwrap_err();
        assert_eq!((e.kind, e.line), (YamlErrorKind::Syntax, Some(3)));
        assert!(
            e.message.contains("verdien av `title` inneholder et kolon"),
            "{e:?}"
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("sett hele verdien i anførselstegn: `title: \"Dette: er et kolon\"`")
        );

        let e = from_str::<Meta>("title: x\n\tstep: 1\nkind: råd\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        assert!(e.message.contains("tabulator"), "{e:?}");

        // The new step template's `legal: []`, with the list uncommented.
        let text = "title: x\nstep: 1\nkind: råd\nlegal: []\n  - law: pbl\n    section: \"10-1\"\n";
        let e = from_str::<serde_yaml::Value>(text).unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(
            e.message.contains("`legal:` har allerede en verdi"),
            "{e:?}"
        );
        assert!(
            e.hint.as_deref().unwrap_or("").contains("fjern `[]`"),
            "{e:?}"
        );
        assert!(!e.message.contains("at line"), "one place only: {e:?}");
    }

    #[test]
    fn wrong_type_is_invalid_value() {
        let e = from_str::<Meta>("title: x\nstep: tre\nkind: råd\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::InvalidValue);
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn unicode_line_breaks_do_not_move_error_lines() {
        let e =
            from_str::<Meta>("title: \"a\u{85}b\u{2028}c\"\nstep: tre\nkind: råd\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e:?}");
        let e = from_str::<Meta>("title: 'a\u{85}\u{2028}\u{2029}\n").unwrap_err();
        assert!(e.line.unwrap() <= 2, "{e:?}");
    }

    #[test]
    fn nearest_ignores_far_words() {
        let c = vec!["title".to_string(), "summary".to_string()];
        assert_eq!(nearest("titel", &c), Some("title"));
        assert_eq!(nearest("zzzzzzz", &c), None);
    }
}
