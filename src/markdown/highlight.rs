//! Syntax highlighting of fenced code blocks with syntect, at build time,
//! as CSS classes (`hl-…`) rather than inline colours, so a strict
//! Content-Security-Policy works and the colours live in one stylesheet.
//! The syntax set is loaded once per process.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Loads the syntax set now rather than on the first code block.
pub fn warm_up() {
    let _ = syntaxes();
}

/// Highlighted HTML for `code` in language `lang` (a name or file extension
/// such as `yaml`, `md`, `rust`); None if the language is unknown.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let token = match lang.to_ascii_lowercase().as_str() {
        "markdown" => "md".to_string(),
        "shell" | "bash" | "sh" | "console" => "sh".to_string(),
        "yml" => "yaml".to_string(),
        other => other.to_string(),
    };
    let syntax = set.find_syntax_by_token(&token)?;
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// The stylesheet for the `hl-` classes. Hand-picked colours, each with at
/// least 4.5:1 contrast against the light code background (#f5f7fa), so code
/// stays readable for everyone (WCAG 1.4.3).
pub fn stylesheet() -> &'static str {
    r#"/* stegvis: syntax colours for highlighted code (generated) */
.hl-code { color: #1f2c3d; background: #f5f7fa; }
.hl-comment { color: #4f5b68; font-style: italic; }
.hl-string { color: #0a6b2f; }
.hl-constant, .hl-numeric, .hl-boolean { color: #8a3b00; }
.hl-keyword, .hl-storage { color: #9b1c5a; }
.hl-entity.hl-name.hl-tag, .hl-entity.hl-name.hl-tag.hl-yaml { color: #0050a0; }
.hl-entity.hl-name, .hl-support.hl-function { color: #5a2d9b; }
.hl-variable, .hl-support { color: #0b5566; }
.hl-punctuation.hl-definition.hl-heading, .hl-markup.hl-heading { color: #0050a0; font-weight: bold; }
.hl-markup.hl-bold { font-weight: bold; }
.hl-markup.hl-italic { font-style: italic; }
.hl-markup.hl-list, .hl-punctuation.hl-definition.hl-list_item { color: #8a3b00; }
.hl-markup.hl-underline.hl-link, .hl-markup.hl-link { color: #0b5566; text-decoration: underline; }
.hl-invalid { color: #b01010; text-decoration: underline wavy; }
@media (forced-colors: active) { .hl-code * { color: CanvasText; } }
"#
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_gets_classes() {
        let html = highlight("title: Hei\nstep: 3\n", "yaml").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("Hei"));
        assert!(!html.contains("style="));
    }

    #[test]
    fn markdown_alias_and_unknown() {
        assert!(highlight("# Tittel\n", "markdown").is_some());
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn html_in_code_is_escaped() {
        let html = highlight("a: \"<script>\"\n", "yaml").unwrap();
        assert!(!html.contains("<script>"));
    }
}
