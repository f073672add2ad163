//! Dates and the timeline: date expressions of a guide resolved against the
//! period, each step's dates, and a guide's timeline by phase.

use crate::content::config::SiteConfig;
use crate::content::frontmatter::GuideMeta;
use crate::content::load::Document;
use crate::model::legal::resolve_section;
use crate::model::types::{Dated, Guide, MilestoneDate, PhaseDates, Step, Timeline, TimelinePhase};
use crate::shared::dates::{
    is_date_name, is_year_anchor, DateScope, NamedDate, Period, PERIOD_ANCHORS, YEAR_ANCHORS,
};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::i18n::Lang;
use crate::shared::workdays::next_working_day;

impl Guide {
    /// The steps arranged on the guide's phases: each dated step goes in the
    /// phase its start falls in (else the last phase begun before it, else
    /// the first). Without phases, all dated steps share one phase named
    /// after the guide.
    pub fn timeline(&self) -> Timeline<'_> {
        let mut dated: Vec<&Step> = self.steps.iter().filter(|s| s.when.is_some()).collect();
        dated.sort_by_key(|s| (s.when.as_ref().map(|w| w.0.date), s.number));
        let unscheduled = self.steps.iter().filter(|s| s.when.is_none()).collect();
        let mut phases: Vec<TimelinePhase<'_>> = self
            .phases
            .iter()
            .map(|p| TimelinePhase {
                title: p.title.clone(),
                start: p.start.clone(),
                end: p.end.clone(),
                steps: Vec::new(),
            })
            .collect();
        if phases.is_empty() {
            let starts = dated.iter().filter_map(|s| s.when.as_ref().map(|w| &w.0));
            let ends = dated
                .iter()
                .filter_map(|s| s.when.as_ref().map(|w| w.1.as_ref().unwrap_or(&w.0)));
            if let (Some(start), Some(end)) =
                (starts.min_by_key(|d| d.date), ends.max_by_key(|d| d.date))
            {
                phases.push(TimelinePhase {
                    title: self.title.clone(),
                    start: start.clone(),
                    end: end.clone(),
                    steps: Vec::new(),
                });
            }
        }
        for s in dated {
            let start = s.when.as_ref().map(|w| w.0.date).unwrap_or_default();
            let idx = phases
                .iter()
                .position(|p| p.start.date <= start && start <= p.end.date)
                .or_else(|| phases.iter().rposition(|p| p.start.date <= start))
                .unwrap_or(0);
            phases[idx].steps.push(s);
        }
        Timeline {
            phases,
            unscheduled,
        }
    }
}

pub(super) fn period_or_error<'c>(
    doc: &Document,
    field: &str,
    config: &'c SiteConfig,
    diags: &mut Diagnostics,
) -> Option<&'c Period> {
    if config.period.is_none() {
        diags.push(
            Diagnostic::error(
                "missing-period",
                format!("`{field}` bruker datoer, men site.yaml har ingen `period`"),
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of(field))
            .with_hint("legg til `period:` med `election:` og `constituted:` i site.yaml"),
        );
    }
    config.period.as_ref()
}

pub(super) fn resolve_expr(
    doc: &Document,
    field: &str,
    expr: &str,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Option<Dated> {
    let period = period_or_error(doc, field, config, diags)?;
    match DateScope::new(period, named).eval(expr) {
        Ok((date, e)) => Some(Dated {
            date,
            expr: e.to_string(),
        }),
        Err(msg) => {
            let anchor = expr.split(['+', '-']).next().unwrap_or("").trim();
            let hint = if is_year_anchor(anchor) && !named.iter().any(|d| d.name == "year_start") {
                "`year_start` og `year_end` (budsjettårets første og siste dag) finnes bare i en guide med `cycle: yearly` i _guide.md"
            } else {
                "skriv et tidspunkt, eventuelt pluss/minus en varighet: `constituted + 3m`, `council_meeting - 30d`"
            };
            diags.push(
                Diagnostic::error(
                    "invalid-date",
                    format!("ugyldig datouttrykk `{expr}`: {msg}"),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of(expr).or_else(|| doc.line_of(field)))
                .with_hint(hint),
            );
            None
        }
    }
}

/// The guide's own named dates (`dates:`), each resolved from its default
/// over the period, `anchors` (a yearly guide's `year_start` and
/// `year_end`, which come first in the result) and the dates declared
/// before it.
pub(super) fn guide_dates(
    doc: &Document,
    meta: &GuideMeta,
    anchors: Vec<NamedDate>,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<NamedDate> {
    let mut out: Vec<NamedDate> = anchors;
    if meta.dates.is_empty() {
        return out;
    }
    if period_or_error(doc, "dates:", config, diags).is_none() {
        return out;
    }
    for d in &meta.dates {
        let line = doc
            .line_of(&format!("name: {}", d.name))
            .or_else(|| doc.line_of(&d.name))
            .or_else(|| doc.line_of("dates:"));
        if !is_date_name(&d.name) {
            diags.push(
                Diagnostic::error(
                    "invalid-value",
                    format!("`{}` kan ikke brukes som navn på en dato", d.name),
                )
                .in_file(doc.path.clone())
                .at_line(line)
                .with_hint("bruk små bokstaver a–z, tall og _, og begynn med en bokstav, for eksempel `oppstart` eller `planprogram_fastsatt`"),
            );
            continue;
        }
        if PERIOD_ANCHORS.contains(&d.name.as_str())
            || YEAR_ANCHORS.contains(&d.name.as_str())
            || out.iter().any(|o| o.name == d.name)
        {
            diags.push(
                Diagnostic::error(
                    "duplicate-date",
                    format!("datoen `{}` finnes fra før", d.name),
                )
                .in_file(doc.path.clone())
                .at_line(line)
                .with_hint("gi datoen et annet navn; `election`, `constituted`, `council_meeting` og `deadline` er valgperiodens egne, `year_start` og `year_end` budsjettårets"),
            );
            continue;
        }
        if let Some(dated) = resolve_expr(doc, "default:", &d.default, &out, config, diags) {
            // A default never falls on a day off: it moves to the next
            // working day, and the timeline says so.
            let date = next_working_day(dated.date);
            out.push(NamedDate {
                name: d.name.clone(),
                title: d.title.clone(),
                expr: dated.expr,
                date,
                moved_from: (date != dated.date).then_some(dated.date),
            });
        }
    }
    out
}

pub(super) fn guide_timeline(
    doc: &Document,
    meta: &GuideMeta,
    lang: Lang,
    named: &[NamedDate],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> (Vec<PhaseDates>, Vec<MilestoneDate>) {
    let mut phases = Vec::new();
    for p in &meta.phases {
        let start = resolve_expr(doc, "start", &p.start, named, config, diags);
        let end = resolve_expr(doc, "end", &p.end, named, config, diags);
        if let (Some(start), Some(end)) = (start, end) {
            if end.date < start.date {
                diags.push(
                    Diagnostic::error(
                        "invalid-value",
                        format!("fasen «{}» slutter før den begynner", p.title),
                    )
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of(&p.title))
                    .with_hint("sjekk `start` og `end` for fasen"),
                );
            }
            phases.push(PhaseDates {
                title: p.title.clone(),
                start,
                end,
            });
        }
    }
    phases.sort_by_key(|p| p.start.date);
    let mut milestones = Vec::new();
    for m in &meta.milestones {
        let Some(date) = resolve_expr(doc, "date", &m.date, named, config, diags) else {
            continue;
        };
        let legal = m
            .legal
            .as_ref()
            .and_then(|r| resolve_section(doc, &r.law, &r.section.0, None, lang, config, diags));
        milestones.push(MilestoneDate {
            title: m.title.clone(),
            date,
            deadline: m.deadline,
            legal,
        });
    }
    milestones.sort_by_key(|m| m.date.date);
    (phases, milestones)
}
