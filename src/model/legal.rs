//! Legal references: a step's `legal:` entries resolved to Lovdata links,
//! unknown laws and sections reported.

use crate::content::config::SiteConfig;
use crate::content::frontmatter::{Kind, Obligation, StepMeta};
use crate::content::load::Document;
use crate::model::types::LegalLink;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::i18n::Lang;
use crate::shared::law::is_valid_section;

pub(super) fn resolve_legal(
    doc: &Document,
    meta: &StepMeta,
    lang: Lang,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<LegalLink> {
    let mut out = Vec::new();
    for r in &meta.legal {
        if let Some(link) = resolve_section(
            doc,
            &r.law,
            &r.section.0,
            Some((r.obligation, r.requirement.as_str())),
            lang,
            config,
            diags,
        ) {
            out.push(link);
        }
    }
    let has_duty = meta.legal.iter().any(|r| r.obligation == Obligation::Skal);
    match meta.kind {
        Kind::Lovkrav if !has_duty => diags.push(
            Diagnostic::error(
                "lovkrav-without-duty",
                "steget er merket `kind: lovkrav`, men ingen henvisning under `legal` har `obligation: skal`",
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("kind:"))
            .with_hint(
                "legg til paragrafen som stiller kravet (law, section, requirement, obligation: skal), eller merk steget `kind: råd`",
            ),
        ),
        Kind::Rad if has_duty => diags.push(
            Diagnostic::warning(
                "rad-with-duty",
                "steget er merket `kind: råd`, men viser til en plikt (`obligation: skal`)",
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("kind:"))
            .with_hint("et steg med lovpålagte plikter bør merkes `kind: lovkrav`"),
        ),
        _ => {}
    }
    out
}

/// Resolves one `law` + `section` pair, reporting unknown laws and malformed
/// sections at their line.
pub(super) fn resolve_section(
    doc: &Document,
    law_id: &str,
    section: &str,
    // What the section demands (steps); None for a bare reference (milestones).
    demand: Option<(Obligation, &str)>,
    lang: Lang,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Option<LegalLink> {
    let law = match config.laws.get(law_id) {
        Some(l) => l,
        None => {
            let known = config.laws.ids();
            let hint = match crate::shared::text::nearest(law_id, &known) {
                Some(n) => format!(
                    "mente du `{n}`? Kjente lover i site.yaml: {}",
                    known.join(", ")
                ),
                None if known.is_empty() => {
                    "site.yaml har ingen lover; legg dem til under `laws:`".to_string()
                }
                None => format!(
                    "kjente lover i site.yaml: {} (legg til nye under `laws:`)",
                    known.join(", ")
                ),
            };
            diags.push(
                Diagnostic::error("unknown-law", format!("ukjent lov `{law_id}`"))
                    .in_file(doc.path.clone())
                    .at_line(
                        doc.line_of(&format!("law: {law_id}"))
                            .or_else(|| doc.line_of(law_id)),
                    )
                    .with_hint(hint),
            );
            return None;
        }
    };
    if !is_valid_section(section) {
        diags.push(
            Diagnostic::error("invalid-section", format!("ugyldig paragraf `{section}`"))
                .in_file(doc.path.clone())
                .at_line(
                    doc.line_of(section)
                        .filter(|_| !section.is_empty())
                        .or_else(|| doc.line_of("section:")),
                )
                .with_hint(
                    "skriv paragrafen som tall, eventuelt med bindestrek og bokstav: \"10-1\", \"6\", \"12-3a\"",
                ),
        );
        return None;
    }
    Some(LegalLink {
        law_id: law.id.clone(),
        law_name: law.name.clone(),
        section: section.to_string(),
        label: law.section_label(section, lang),
        url: law.section_url(section),
        requirement: demand.map_or(String::new(), |(_, r)| r.trim().to_string()),
        obligation: demand.map(|(o, _)| o),
    })
}
