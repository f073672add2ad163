//! What the preview adds to every page it serves: the reload script and,
//! while the last rebuild failed, the error overlay (every error with file,
//! line, hint and the source lines around it) and its stylesheet. The
//! overlay also shows the warnings a county edition gets on its base.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::shared::diagnostics::{self, Diagnostic, Diagnostics};
use crate::shared::html::escape;

/// Where the preview serves the reload script and the overlay's stylesheet.
pub const SCRIPT_PATH: &str = "/__stegvis/live.js";
pub const OVERLAY_CSS_PATH: &str = "/__stegvis/feil.css";

/// The overlay's stylesheet (at [`OVERLAY_CSS_PATH`]).
pub(super) const OVERLAY_CSS: &str = include_str!("overlay.css");

/// Adds the reload script (and the error overlay) before `</body>`.
pub fn inject(html: &str, overlay: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(o) = overlay {
        extra.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">{o}"
        ));
    }
    extra.push_str(&format!("<script src=\"{SCRIPT_PATH}\" defer></script>"));
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

/// The error overlay: every error with file, line, message, hint and the
/// source lines around it; or, when nothing failed, the warnings the
/// preview shows (a county edition's changed base files, each with its
/// diff), folded in a corner.
pub fn overlay_html(diags: &Diagnostics, root: &Path) -> Arc<str> {
    let errors: Vec<_> = diags.errors().collect();
    let warnings: Vec<_> = diags.warnings().collect();
    let mut html = String::new();
    if errors.is_empty() {
        // Only warnings: folded in a corner, so the page stays readable.
        html.push_str(&format!(
            "<aside aria-label=\"Advarsler fra forhåndsvisningen\"><details id=\"stegvis-advarsler\" class=\"stegvis-feil stegvis-feil--advarsler\"><summary>{} {} – vis</summary><p>Siden er oppdatert. Advarslene stopper ikke publiseringen, men se på dem før dere publiserer.</p>",
            warnings.len(),
            if warnings.len() == 1 { "advarsel" } else { "advarsler" }
        ));
    } else {
        html.push_str("<div id=\"stegvis-feil\" class=\"stegvis-feil\" role=\"alert\" aria-labelledby=\"stegvis-feil-tittel\">");
        html.push_str(&format!(
            "<h2 id=\"stegvis-feil-tittel\">Bygget feilet: {} feil</h2><p>Siden under er siste fungerende versjon. Rett feilen og lagre, så forsvinner denne meldingen.</p>",
            errors.len()
        ));
    }
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    // A failed build shows its errors only (its warnings are the
    // terminal's); a good one the warnings the preview was given.
    if errors.is_empty() {
        list(&mut html, &warnings, root, &mut sources);
    } else {
        list(&mut html, &errors, root, &mut sources);
    }
    html.push_str(if errors.is_empty() {
        "</details></aside>"
    } else {
        "</div>"
    });
    Arc::from(html)
}

/// One `<ol>` of findings.
fn list(
    html: &mut String,
    diags: &[&Diagnostic],
    root: &Path,
    sources: &mut HashMap<PathBuf, Option<String>>,
) {
    if diags.is_empty() {
        return;
    }
    html.push_str("<ol>");
    for d in diags {
        html.push_str("<li class=\"stegvis-feil__punkt\">");
        if let Some(file) = &d.file {
            let mut place = file.display().to_string();
            if let Some(l) = d.line {
                place.push_str(&format!(":{l}"));
                if let Some(c) = d.column {
                    place.push_str(&format!(":{c}"));
                }
            }
            html.push_str(&format!(
                "<p class=\"stegvis-feil__sted\"><code>{}</code></p>",
                escape(&place)
            ));
        }
        html.push_str(&format!(
            "<p class=\"stegvis-feil__melding\">{} <span class=\"stegvis-feil__kode\">[{}]</span></p>",
            escape(&d.message),
            escape(d.code)
        ));
        if let Some(h) = &d.hint {
            html.push_str(&format!(
                "<p class=\"stegvis-feil__tips\">Tips: {}</p>",
                escape(h)
            ));
        }
        if let Some(detail) = &d.detail {
            // Focusable: a long line scrolls, and the keyboard must reach it.
            html.push_str("<pre class=\"stegvis-feil__kilde stegvis-feil__diff\" tabindex=\"0\">");
            // The first two lines of a diff name its sides.
            let header = detail.starts_with("--- ");
            for (i, l) in detail.lines().enumerate() {
                let class = match l.as_bytes().first() {
                    _ if header && i < 2 => "",
                    Some(b'+') => " class=\"stegvis-feil__ny\"",
                    Some(b'-') => " class=\"stegvis-feil__gammel\"",
                    _ => "",
                };
                html.push_str(&format!("<span{class}>{}</span>\n", escape(l)));
            }
            html.push_str("</pre>");
        } else if let (Some(file), Some(line)) = (&d.file, d.line) {
            let text = sources.entry(file.clone()).or_insert_with(|| {
                std::fs::read(root.join(file))
                    .ok()
                    .map(|b| diagnostics::display_text(&b))
            });
            if let Some(text) = text {
                html.push_str("<pre class=\"stegvis-feil__kilde\" tabindex=\"0\">");
                for (n, l) in diagnostics::source_excerpt(text, line, 2) {
                    let class = if n == line {
                        " class=\"stegvis-feil__linje\""
                    } else {
                        ""
                    };
                    html.push_str(&format!("<span{class}>{n:>4} │ {}</span>\n", escape(&l)));
                }
                html.push_str("</pre>");
            }
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injection_goes_before_body_end() {
        let out = inject(
            "<html><body><p>x</p></body></html>",
            Some("<div>feil</div>"),
        );
        assert!(
            out.ends_with(
                "<div>feil</div><script src=\"/__stegvis/live.js\" defer></script></body></html>"
            ),
            "{out}"
        );
    }
}
