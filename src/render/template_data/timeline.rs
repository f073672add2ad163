//! `timeline.html` and `status.html`: a guide's timeline (period, dates,
//! phases, rules, milestones) and the status report.

use serde::Serialize;

use crate::model::{Dated, Guide, Step};
use crate::render::template_data::common::date_pair;
use crate::render::template_data::period::PeriodData;
use crate::render::template_data::step::{CheckItemData, FormkravStep, GuideLink, LegalRef};
use crate::render::template_data::whats_new::StepLink;
use crate::shared::dates::{is_year_anchor, NamedDate};
use crate::shared::i18n::{format_date, text, Lang};
use crate::shared::workdays::day_off_in;

// ---------------------------------------------------------------- timeline.html, status.html

/// `timeline.html`: a guide's steps and milestones on the election period.
#[derive(Serialize)]
pub struct TimelinePageData<'a> {
    pub guide: GuideLink<'a>,
    /// Absent without a period.
    #[serde(flatten)]
    pub timeline: Option<TimelineData<'a>>,
    pub dates_json: Option<&'a str>,
}

/// `status.html`: a guide's status report, the municipality's project plan.
#[derive(Serialize)]
pub struct StatusPageData<'a> {
    pub guide: GuideLink<'a>,
    /// Absent without a period.
    #[serde(flatten)]
    pub timeline: Option<TimelineData<'a>>,
    pub steps: Vec<StatusStep<'a>>,
    /// «Formkrav før og etter vedtak»: the steps with formal requirements.
    pub formkrav: Vec<FormkravStep<'a>>,
    /// Always true: the report is not for search engines.
    pub noindex: bool,
    pub dates_json: Option<&'a str>,
}

/// The timeline's variables (on `timeline.html` and `status.html`); all of
/// them are absent (not null) when the site has no period.
#[derive(Serialize)]
pub struct TimelineData<'a> {
    pub period: &'a PeriodData,
    /// The guide's milestones as an iCalendar file.
    pub calendar_url: String,
    /// The guide's own named dates (`dates:` in `_guide.md`).
    pub guide_dates: Vec<GuideDateData<'a>>,
    /// The guide's phases with their dated steps (one phase named after
    /// the guide when it declares none).
    pub phases: Vec<PhaseData<'a>>,
    pub milestones: Vec<MilestoneData<'a>>,
    /// Steps without `when:`.
    pub unscheduled: Vec<StepLink<'a>>,
    /// The law's rules between the guide's dates (`rules:`).
    pub rules: Vec<RuleData<'a>>,
    /// The page that says how the rules count days, when the site has it
    /// (`content/fristregler.md`).
    pub counting_url: Option<String>,
    /// A yearly guide's budget years (empty for another guide); the rest
    /// of the timeline shows the first.
    pub years: Vec<i32>,
    /// Its dates and legal deadlines year by year: one row per date, one
    /// cell per year in the order of `years`.
    pub year_rows: Vec<YearRow<'a>>,
}

/// One of the guide's own dates, or a legal deadline (`deadline: true`
/// milestone), in every budget year.
#[derive(Serialize)]
pub struct YearRow<'a> {
    pub title: &'a str,
    pub deadline: bool,
    pub cells: Vec<YearDate>,
}

/// A date of one budget year.
#[derive(Serialize)]
pub struct YearDate {
    pub date: String,
    pub date_iso: String,
}

/// One of `rules`: a rule between two dates, as the defaults keep it.
#[derive(Serialize)]
pub struct RuleData<'a> {
    pub text: &'a str,
    /// The law's section: `label` and `url`.
    pub legal: LegalRef<'a>,
    /// `not_after`, `not_before`, `before` or `after`.
    pub kind: &'static str,
    /// The least distance (`30d`, `6w`) for `before` and `after`, else null.
    pub span: Option<String>,
    /// The date the rule is about: its name and title.
    pub date_name: &'a str,
    pub date_title: std::borrow::Cow<'a, str>,
    /// The date it is measured against.
    pub other_name: &'a str,
    pub other_title: std::borrow::Cow<'a, str>,
    /// What the rule demands with the dates as they are: «senest 21.
    /// august 2028».
    pub demand: String,
}

/// One of `guide_dates`.
#[derive(Serialize)]
pub struct GuideDateData<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub date: String,
    pub date_iso: String,
    /// Its default expression.
    pub expr: &'a str,
    /// When the expression gave a day off: that day, and why it is one
    /// (`lørdag`, `17. mai`); the date is then the next working day.
    pub moved_from: Option<String>,
    pub moved_because: Option<&'static str>,
}

/// A time window: first and last day as text, as `YYYY-MM-DD` and as
/// date expressions.
#[derive(Serialize)]
pub struct Span {
    pub start: String,
    pub start_iso: String,
    pub start_expr: String,
    pub end: String,
    pub end_iso: String,
    pub end_expr: String,
}

/// A phase of the timeline: its title, its window (the fields of a
/// [`Span`]) and its steps.
#[derive(Serialize)]
pub struct PhaseData<'a> {
    pub title: String,
    #[serde(flatten)]
    pub span: Span,
    pub steps: Vec<TimelineStep<'a>>,
}

/// A dated step on the timeline: the fields of a [`StepLink`] and of a
/// [`Span`].
#[derive(Serialize)]
pub struct TimelineStep<'a> {
    #[serde(flatten)]
    pub step: StepLink<'a>,
    #[serde(flatten)]
    pub span: Span,
}

/// A milestone of the timeline.
#[derive(Serialize)]
pub struct MilestoneData<'a> {
    pub title: &'a str,
    pub date: String,
    pub date_iso: String,
    pub date_expr: &'a str,
    /// A legal deadline (not just a planned date).
    pub deadline: bool,
    /// The section that sets it, or null.
    pub legal: Option<LegalRef<'a>>,
}

/// A step on the status report.
#[derive(Serialize)]
pub struct StatusStep<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub summary: &'a str,
    /// Its window, or null without `when:`.
    pub when: Option<Span>,
    pub items: Vec<CheckItemData<'a>>,
}

impl Span {
    pub fn new(start: &Dated, end: &Dated, lang: Lang) -> Self {
        let (a, a_iso) = date_pair(start.date, lang);
        let (b, b_iso) = date_pair(end.date, lang);
        Span {
            start: a,
            start_iso: a_iso,
            start_expr: start.expr.clone(),
            end: b,
            end_iso: b_iso,
            end_expr: end.expr.clone(),
        }
    }

    /// A step's window (its start when it has no end), or None.
    pub fn of_step(s: &Step) -> Option<Self> {
        s.when
            .as_ref()
            .map(|(start, end)| Span::new(start, end.as_ref().unwrap_or(start), s.lang))
    }
}

impl<'a> TimelineData<'a> {
    /// The timeline of `guide`, or None without a period.
    pub fn new(
        guide: &'a Guide,
        period: Option<&'a PeriodData>,
        lang: Lang,
        counting_url: Option<String>,
    ) -> Option<Self> {
        let period = period?;
        let placed = guide.timeline();
        Some(TimelineData {
            period,
            calendar_url: guide.calendar_url(),
            guide_dates: guide
                .dates
                .iter()
                .filter(|n| !is_year_anchor(&n.name))
                .map(|n: &'a NamedDate| {
                    let (date, date_iso) = date_pair(n.date, lang);
                    GuideDateData {
                        name: &n.name,
                        title: &n.title,
                        date,
                        date_iso,
                        expr: &n.expr,
                        moved_from: n.moved_from.map(|d| format_date(d, lang)),
                        moved_because: n.moved_from.and_then(|d| day_off_in(d, lang)),
                    }
                })
                .collect(),
            phases: placed
                .phases
                .into_iter()
                .map(|p| PhaseData {
                    span: Span::new(&p.start, &p.end, lang),
                    title: p.title,
                    steps: p
                        .steps
                        .into_iter()
                        .map(|s| {
                            let (start, end) = s.when.as_ref().expect("placed steps have dates");
                            TimelineStep {
                                step: StepLink::new(s),
                                span: Span::new(start, end.as_ref().unwrap_or(start), lang),
                            }
                        })
                        .collect(),
                })
                .collect(),
            milestones: guide
                .milestones
                .iter()
                .map(|m| {
                    let (date, date_iso) = date_pair(m.date.date, lang);
                    MilestoneData {
                        title: &m.title,
                        date,
                        date_iso,
                        date_expr: &m.date.expr,
                        deadline: m.deadline,
                        legal: m.legal.as_ref().map(|l| LegalRef {
                            label: &l.label,
                            url: &l.url,
                        }),
                    }
                })
                .collect(),
            unscheduled: placed.unscheduled.into_iter().map(StepLink::new).collect(),
            rules: guide
                .rules
                .iter()
                .map(|r| RuleData {
                    text: &r.text,
                    legal: LegalRef {
                        label: &r.legal.label,
                        url: &r.legal.url,
                    },
                    kind: r.kind.as_str(),
                    span: r.kind.span().map(|s| s.to_string()),
                    date_name: &r.date.expr,
                    date_title: date_title(guide, &r.date.expr, lang),
                    other_name: &r.other.expr,
                    other_title: date_title(guide, &r.other.expr, lang),
                    demand: crate::model::rules::demand(r.kind, r.other.date, lang),
                })
                .collect(),
            counting_url,
            years: guide.years(),
            year_rows: year_rows(guide, lang),
        })
    }
}

/// A yearly guide's dates and legal deadlines, one row each, one cell per
/// budget year. Rows are matched across years by what they are (a date's
/// name; a milestone's title and expression), never by position: each
/// year's milestones are sorted by date, and the order may differ.
fn year_rows(guide: &Guide, lang: Lang) -> Vec<YearRow<'_>> {
    let Some(cycle) = &guide.cycle else {
        return Vec::new();
    };
    let Some(first) = cycle.years.first() else {
        return Vec::new();
    };
    let cell = |d: Option<chrono::NaiveDate>| {
        let (date, date_iso) =
            d.map_or_else(|| (String::new(), String::new()), |d| date_pair(d, lang));
        YearDate { date, date_iso }
    };
    let dates = first
        .dates
        .iter()
        .filter(|n| !is_year_anchor(&n.name))
        .map(|n| YearRow {
            title: &n.title,
            deadline: false,
            cells: cycle
                .years
                .iter()
                .map(|y| cell(y.dates.iter().find(|d| d.name == n.name).map(|d| d.date)))
                .collect(),
        });
    let deadlines = first
        .milestones
        .iter()
        .filter(|m| m.deadline)
        .map(|m| YearRow {
            title: &m.title,
            deadline: true,
            cells: cycle
                .years
                .iter()
                .map(|y| {
                    cell(
                        y.milestones
                            .iter()
                            .find(|o| o.title == m.title && o.date.expr == m.date.expr)
                            .map(|o| o.date.date),
                    )
                })
                .collect(),
        });
    dates.chain(deadlines).collect()
}

/// What a date is called on the page: a guide date's title, the period's
/// own name for it («Lovfestet frist»), or a day counted from the budget
/// year in words («1 dag før budsjettåret begynner»).
pub(super) fn date_title<'a>(
    guide: &'a Guide,
    name: &str,
    lang: Lang,
) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    if let Some(d) = guide
        .dates
        .iter()
        .find(|d| d.name == name && !is_year_anchor(&d.name))
    {
        return Cow::Borrowed(d.title.as_str());
    }
    match name.parse::<crate::shared::dates::DateExpr>() {
        Ok(e) if is_year_anchor(&e.anchor) => Cow::Owned(year_day_in_words(
            crate::shared::dates::period_alias(&e.anchor).unwrap_or(&e.anchor) == "year_end",
            e.amount,
            e.unit,
            lang,
        )),
        _ => Cow::Borrowed(text(lang, name)),
    }
}

/// A day counted from the budget year in words: «Budsjettåret begynner»,
/// «1 dag før budsjettåret begynner», «6 måneder etter at budsjettåret
/// slutter» (nynorsk: «byrjar», «sluttar»).
fn year_day_in_words(
    end: bool,
    amount: i64,
    unit: crate::shared::dates::Unit,
    lang: Lang,
) -> String {
    use crate::shared::dates::Unit;
    let (begins, ends) = match lang {
        Lang::Nb => ("budsjettåret begynner", "budsjettåret slutter"),
        Lang::Nn => ("budsjettåret byrjar", "budsjettåret sluttar"),
    };
    let event = if end { ends } else { begins };
    if amount == 0 {
        let mut s = event.to_string();
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        return s;
    }
    let n = amount.unsigned_abs();
    let unit = match (unit, n == 1, lang) {
        (Unit::Days, true, _) => "dag",
        (Unit::Days, false, Lang::Nb) => "dager",
        (Unit::Days, false, Lang::Nn) => "dagar",
        (Unit::Weeks, true, Lang::Nb) => "uke",
        (Unit::Weeks, false, Lang::Nb) => "uker",
        (Unit::Weeks, true, Lang::Nn) => "veke",
        (Unit::Weeks, false, Lang::Nn) => "veker",
        (Unit::Months, true, Lang::Nb) => "måned",
        (Unit::Months, false, Lang::Nb) => "måneder",
        (Unit::Months, true, Lang::Nn) => "månad",
        (Unit::Months, false, Lang::Nn) => "månader",
        (Unit::Years, _, _) => "år",
    };
    if amount < 0 {
        format!("{n} {unit} før {event}")
    } else {
        format!("{n} {unit} etter at {event}")
    }
}
