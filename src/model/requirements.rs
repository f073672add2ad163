//! A guide's rules between dates (`rules:`) and a step's formal requirements
//! (`formkrav:`), resolved from the front matter and checked.

use crate::content::config::SiteConfig;
use crate::content::frontmatter::{GuideMeta, StepMeta};
use crate::content::load::Document;
use crate::model::dates::resolve_expr;
use crate::model::formkrav;
use crate::model::legal::resolve_section;
use crate::model::rules;
use crate::model::types::{DateRule, Formkrav};
use crate::shared::dates::NamedDate;
use crate::shared::deadlines::Verdict;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::i18n::Lang;

/// The guide's rules between dates, resolved, each checked against the
/// dates as they are by default: a rule they break is an error naming the
/// rule, both dates and the law.
pub(super) fn guide_rules(
    doc: &Document,
    meta: &GuideMeta,
    lang: Lang,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<DateRule> {
    let mut out = Vec::new();
    for r in &meta.rules {
        let line = doc
            .line_of(&r.text)
            .or_else(|| doc.line_of(&format!("date: {}", r.date)))
            .or_else(|| doc.line_of("rules:"));
        let (kind, other_expr) = match rules::kind_of(r) {
            Ok(k) => k,
            Err(msg) => {
                diags.push(
                    Diagnostic::error("invalid-rule", msg)
                        .in_file(doc.path.clone())
                        .at_line(line)
                        .with_hint("for eksempel `date: vedtak`, `at_least: 6w`, `after: hoyring`; se «Regler mellom datoer» i redaktørveiledningen"),
                );
                continue;
            }
        };
        // A rule is between two named dates; the distance is `at_least`.
        // The budget year's own days may be counted from (`year_start -
        // 1d`: the last day before the year starts): they are calendar
        // days, never moved.
        let offset = [r.date.as_str(), other_expr].into_iter().find(|e| {
            e.parse::<crate::shared::dates::DateExpr>()
                .is_ok_and(|x| x.amount != 0 && !crate::shared::dates::is_year_anchor(&x.anchor))
        });
        if let Some(e) = offset {
            diags.push(
                Diagnostic::error(
                    "invalid-rule",
                    format!("`{e}` er et uttrykk; en regel står mellom to navngitte datoer"),
                )
                .in_file(doc.path.clone())
                .at_line(line)
                .with_hint("skriv bare navnet på datoen, og avstanden under `at_least`, for eksempel `at_least: 6w`"),
            );
            continue;
        }
        let date = resolve_expr(doc, "date", &r.date, named, config, diags);
        let other = resolve_expr(doc, other_expr, other_expr, named, config, diags);
        let legal = resolve_section(doc, &r.law, &r.section.0, None, lang, config, diags);
        let (Some(date), Some(other), Some(legal)) = (date, other, legal) else {
            continue;
        };
        let hint = "flytt standarddatoen under `dates:` (eller `council_meeting` i site.yaml) så regelen holder; veilederen regner fristene slik siden «Slik regner veilederen fristene» forklarer";
        match rules::judge(
            &r.text,
            &legal.label,
            kind,
            (&date.expr, date.date),
            (&other.expr, other.date),
        ) {
            Some((Verdict::Broken, msg)) => diags.push(
                Diagnostic::error("rule-broken", msg)
                    .in_file(doc.path.clone())
                    .at_line(line)
                    .with_hint(hint),
            ),
            Some((_, msg)) => diags.push(
                Diagnostic::warning("rule-tight", msg)
                    .in_file(doc.path.clone())
                    .at_line(line)
                    .with_hint(hint),
            ),
            None => {}
        }
        out.push(DateRule {
            text: r.text.trim().to_string(),
            date,
            kind,
            other,
            legal,
        });
    }
    out
}

/// A step's formal requirements, each with its law and date resolved; an
/// unknown kind, law or date name is an error at its line.
pub(super) fn step_formkrav(
    doc: &Document,
    meta: &StepMeta,
    lang: Lang,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<Formkrav> {
    let mut out = Vec::new();
    for f in &meta.formkrav {
        let kind = match formkrav::FormkravKind::parse(&f.kind) {
            Ok(k) => Some(k),
            Err(msg) => {
                diags.push(
                    Diagnostic::error("invalid-formkrav", msg)
                        .in_file(doc.path.clone())
                        .at_line(
                            doc.line_of(&format!("kind: {}", f.kind))
                                .or_else(|| doc.line_of("formkrav:")),
                        )
                        .with_hint("se «Formkrav» i redaktørveiledningen"),
                );
                None
            }
        };
        let text = f.text.trim();
        if text.is_empty() {
            diags.push(
                Diagnostic::error("invalid-formkrav", "formkravet mangler `text`")
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of("formkrav:"))
                    .with_hint(
                        "skriv kort hva som skal gjøres, for eksempel «Oppstarten kunngjøres.»",
                    ),
            );
        }
        let legal = resolve_section(doc, &f.law, &f.section.0, None, lang, config, diags);
        let date = match &f.date {
            Some(expr) => resolve_expr(doc, "date", expr, named, config, diags).map(Some),
            None => Some(None),
        };
        if let (Some(kind), Some(legal), Some(date), false) = (kind, legal, date, text.is_empty()) {
            out.push(Formkrav {
                kind,
                text: text.to_string(),
                place: f
                    .place
                    .as_ref()
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty()),
                legal,
                date,
            });
        }
    }
    out
}
