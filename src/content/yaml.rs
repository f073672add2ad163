//! The one module that knows which YAML library stegvis uses.
//!
//! serde_yaml is archived upstream; swapping it must stay a change to this file
//! only. Everything else calls [`from_str`] and gets a [`YamlError`] with a
//! line, a column, a Norwegian message and, where one helps, a hint (the
//! nearest known field for a misspelt one, the allowed values for a bad one).

use serde::de::DeserializeOwned;

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
        err
    })
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
