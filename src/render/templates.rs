//! The theme's templates as tera compiles them: the list every theme must
//! have, compiling with every broken template reported against its own file
//! and line, and template errors reported once however many pages hit
//! them.

use std::collections::HashMap;
use std::path::PathBuf;

use tera::Tera;

use crate::shared::diagnostics::{Diagnostic, Diagnostics};

/// One template: its tera name, where it came from (for messages), its text.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub name: String,
    /// Relative to the site root, or `(innebygd) …` for the built-in theme.
    pub origin: PathBuf,
    pub text: String,
}

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "guide.html",
    "guide_nav.html",
    "step.html",
    "checklist.html",
    "timeline.html",
    "status.html",
    "page.html",
    "search.html",
    "whats_new.html",
    "404.html",
];

/// The compiled templates, and the file each came from (for messages).
pub struct Templates {
    pub tera: Tera,
    pub origins: HashMap<String, PathBuf>,
}

/// Parses the templates into one tera instance. Errors name the template's
/// file and, where tera gives one, the line.
pub fn compile_templates(sources: &[TemplateSource]) -> Result<Templates, Diagnostics> {
    let mut diags = Diagnostics::default();
    for required in REQUIRED_TEMPLATES {
        if !sources.iter().any(|s| s.name == *required) {
            diags.push(
                Diagnostic::error("template", format!("temaet mangler malen `{required}`"))
                    .with_hint("kopier malen fra themes/default/templates/"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Tera stops at the first broken template; leave it out and try again,
    // so every broken template is reported, each against its own file.
    let mut remaining: Vec<&TemplateSource> = sources.iter().collect();
    loop {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default escaper also escapes `/`, which bloats every URL.
        tera.set_escape_fn(crate::shared::html::escape);
        match tera.add_raw_templates(remaining.iter().map(|s| (s.name.as_str(), s.text.as_str()))) {
            Ok(()) if !diags.has_errors() => {
                let origins = sources
                    .iter()
                    .map(|s| (s.name.clone(), s.origin.clone()))
                    .collect();
                return Ok(Templates { tera, origins });
            }
            Ok(()) => return Err(diags),
            Err(e) => {
                let d = template_error(&e, sources, None);
                let culprit = d
                    .file
                    .as_ref()
                    .and_then(|f| remaining.iter().position(|s| &s.origin == f));
                diags.push(d);
                match culprit {
                    Some(i) => {
                        remaining.remove(i);
                    }
                    None => return Err(diags),
                }
            }
        }
    }
}

/// The whole chain of a tera error, one cause per line.
pub(crate) fn error_chain(e: &tera::Error) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        out.push(c.to_string());
        cur = c.source();
    }
    out
}

fn template_error(
    e: &tera::Error,
    sources: &[TemplateSource],
    known: Option<&TemplateSource>,
) -> Diagnostic {
    let chain = error_chain(e);
    let joined = chain.join("\n");
    // Which template: the one named first in the chain.
    let source = known.or_else(|| {
        sources
            .iter()
            .filter_map(|s| joined.find(&format!("'{}'", s.name)).map(|at| (at, s)))
            .min_by_key(|(at, _)| *at)
            .map(|(_, s)| s)
    });
    // Tera's parse errors carry ` --> line:column`.
    let (line, column) = joined
        .split(" --> ")
        .nth(1)
        .and_then(|rest| {
            let pos: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let mut parts = pos.split(':');
            Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
        })
        .map_or((None, None), |(l, c): (usize, usize)| (Some(l), Some(c)));
    let detail = chain
        .iter()
        .skip(1)
        .last()
        .cloned()
        .unwrap_or_else(|| chain[0].clone());
    let detail = detail.lines().last().unwrap_or("").trim().to_string();
    let name = source.map_or("?".to_string(), |s| s.name.clone());
    let mut d = Diagnostic::error("template", format!("feil i malen `{name}`: {detail}"))
        .with_hint("rett malen; tera-syntaksen er beskrevet på keats.github.io/tera");
    d.line = line;
    d.column = column;
    if let Some(s) = source {
        d.file = Some(s.origin.clone());
    }
    d
}

/// The same template error on many pages is reported once.
pub fn dedup_errors(errors: Vec<Diagnostic>) -> Diagnostics {
    let mut seen: HashMap<String, Diagnostic> = HashMap::new();
    for d in errors {
        seen.entry(d.message.clone()).or_insert(d);
    }
    let mut v: Vec<Diagnostic> = seen.into_values().collect();
    v.sort_by(|a, b| a.message.cmp(&b.message));
    v.into()
}
