//! Dates of the election period and the date expressions content uses to
//! place steps, phases, milestones and dates in text on it
//! (`constituted + 3m`, `council_meeting - 30d`, `election - 9m`), with the
//! names a guide declares itself (`oppstart + 6w`), and how a date is
//! written in Norwegian.

use std::fmt;
use std::str::FromStr;

/// The calendar date type of the model (re-exported for tests and fuzzing).
pub use chrono::NaiveDate;
use chrono::{Days, Months};
use serde::{Deserialize, Deserializer};

/// A calendar date as written in YAML: `2024-10-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "ugyldig dato `{s}` | tips: skriv datoen som ÅÅÅÅ-MM-DD, for eksempel 2024-10-01"
                ))
            })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// The dates of the election period that every expression may count from.
pub const PERIOD_ANCHORS: [&str; 4] = ["election", "constituted", "council_meeting", "deadline"];

/// The first and last day of the budget year, which the dates of a yearly
/// guide (`cycle: yearly`) count from. Calendar days: never moved to a
/// working day.
pub const YEAR_ANCHORS: [&str; 2] = ["year_start", "year_end"];

/// `year_start` and `year_end` of budget year `year`, as named dates.
pub fn year_anchors(year: i32) -> Vec<NamedDate> {
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(NaiveDate::MIN);
    [("year_start", day(1, 1)), ("year_end", day(12, 31))]
        .into_iter()
        .map(|(name, date)| NamedDate {
            name: name.to_string(),
            title: name.to_string(),
            expr: name.to_string(),
            date,
            moved_from: None,
        })
        .collect()
}

/// Whether `name` is one of [`YEAR_ANCHORS`] (or its Norwegian name).
pub fn is_year_anchor(name: &str) -> bool {
    YEAR_ANCHORS.contains(&period_alias(name).unwrap_or(name))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// `<anchor> [(+|-) <n><unit>]`. The anchor is a name: one of
/// [`PERIOD_ANCHORS`] or a date a guide declares itself; which names exist
/// is decided when the expression is resolved in a [`DateScope`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    pub anchor: String,
    /// Signed amount; 0 means the anchor itself.
    pub amount: i64,
    pub unit: Unit,
}

/// Whether `s` can name a date: lower-case ASCII letters, digits and `_`,
/// starting with a letter.
pub fn is_date_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Norwegian names (bokmål and nynorsk) for the period's dates, which an
/// expression may use instead of the English ones: `{{ frist }}`,
/// `konstituert + 3m`. A guide's own date of the same name wins; the
/// browser's script reads them the same way.
pub const PERIOD_ALIASES: [(&str, &str); 26] = [
    ("valg", "election"),
    ("valget", "election"),
    ("valgdag", "election"),
    ("valgdagen", "election"),
    ("val", "election"),
    ("valet", "election"),
    ("valdag", "election"),
    ("valdagen", "election"),
    ("konstituert", "constituted"),
    ("konstituering", "constituted"),
    ("konstitueringen", "constituted"),
    ("konstitueringa", "constituted"),
    ("kommunestyremøte", "council_meeting"),
    ("kommunestyremøtet", "council_meeting"),
    ("møte", "council_meeting"),
    ("møtet", "council_meeting"),
    ("frist", "deadline"),
    ("fristen", "deadline"),
    ("fristdag", "deadline"),
    ("fristdagen", "deadline"),
    ("vedtaksfrist", "deadline"),
    ("vedtaksfristen", "deadline"),
    // The budget year of a yearly guide.
    ("budsjettåret", "year_start"),
    ("budsjettårets_start", "year_start"),
    ("budsjettårets_slutt", "year_end"),
    ("budsjettårsslutt", "year_end"),
];

/// The period's own name for `name` if it is one of [`PERIOD_ALIASES`].
pub fn period_alias(name: &str) -> Option<&'static str> {
    PERIOD_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, canonical)| *canonical)
}

impl FromStr for DateExpr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (anchor_text, rest) = match s.find(['+', '-']) {
            Some(i) => (s[..i].trim(), s[i..].trim()),
            None => (s, ""),
        };
        let lowered = anchor_text.to_lowercase();
        // A Norwegian name stays as written: a guide may name a date of its
        // own so (its own wins), else the scope reads it as the period's.
        let anchor = match period_alias(anchor_text) {
            Some(_) => anchor_text.to_string(),
            None if is_date_name(anchor_text) => anchor_text.to_string(),
            None => {
                let mut known: Vec<String> = PERIOD_ANCHORS.iter().map(|a| a.to_string()).collect();
                known.extend(PERIOD_ALIASES.iter().map(|(a, _)| a.to_string()));
                let guess = crate::shared::text::nearest(&lowered, &known)
                    .map(|g| match period_alias(g) {
                        Some(c) => format!(" Mente du `{g}` (`{c}`)?"),
                        None => format!(" Mente du `{g}`?"),
                    })
                    .unwrap_or_default();
                return Err(format!(
                    "ukjent tidspunkt `{anchor_text}`.{guess} Et tidspunkt er et navn som `constituted` (`konstituert`) eller `deadline` (`frist`), eventuelt fulgt av + eller - og en varighet"
                ));
            }
        };
        if rest.is_empty() {
            return Ok(DateExpr {
                anchor,
                amount: 0,
                unit: Unit::Days,
            });
        }
        let sign = if rest.starts_with('-') { -1 } else { 1 };
        let rest = rest[1..].trim();
        let split = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (num, unit) = rest.split_at(split);
        let n: i64 = num
            .parse()
            .map_err(|_| format!("mangler et tall etter fortegnet i `{s}`"))?;
        let unit = match unit.trim() {
            "d" => Unit::Days,
            "w" | "u" => Unit::Weeks,
            "m" => Unit::Months,
            "y" | "å" => Unit::Years,
            other => {
                return Err(format!(
                    "ukjent enhet `{other}` i `{s}`: bruk d (dager), w (uker), m (måneder) eller y (år)"
                ))
            }
        };
        if n > 1200 {
            return Err(format!("`{s}` ligger urimelig langt unna valgperioden"));
        }
        Ok(DateExpr {
            anchor,
            amount: sign * n,
            unit,
        })
    }
}

impl fmt::Display for DateExpr {
    /// The canonical form, `constituted + 3m`, which the browser's timeline
    /// script reads back to recompute dates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.amount == 0 {
            return f.write_str(&self.anchor);
        }
        let unit = match self.unit {
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'm',
            Unit::Years => 'y',
        };
        let sign = if self.amount < 0 { '-' } else { '+' };
        write!(f, "{} {sign} {}{unit}", self.anchor, self.amount.abs())
    }
}

/// A date a guide declares for itself (`dates:` in `_guide.md`), resolved
/// from its default expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamedDate {
    pub name: String,
    pub title: String,
    /// The default expression in canonical form.
    pub expr: String,
    /// The default, on a working day.
    pub date: NaiveDate,
    /// What the expression gave, when that was a day off.
    pub moved_from: Option<NaiveDate>,
}

/// The names an expression can use: the period's dates, then a guide's own.
#[derive(Debug, Clone, Copy)]
pub struct DateScope<'a> {
    pub period: &'a Period,
    pub named: &'a [NamedDate],
}

impl<'a> DateScope<'a> {
    pub fn new(period: &'a Period, named: &'a [NamedDate]) -> Self {
        DateScope { period, named }
    }

    /// The period's dates, then the guide's own, then the Norwegian names
    /// of the period's dates ([`PERIOD_ALIASES`]).
    fn lookup(&self, name: &str) -> Option<NaiveDate> {
        match name {
            "election" => Some(self.period.election),
            "constituted" => Some(self.period.constituted),
            "council_meeting" => Some(self.period.council_meeting),
            "deadline" => Some(self.period.deadline),
            _ => self
                .named
                .iter()
                .find(|d| d.name == name)
                .map(|d| d.date)
                .or_else(|| period_alias(name).and_then(|c| self.lookup(c))),
        }
    }

    /// Every name this scope knows, the period's first.
    pub fn names(&self) -> Vec<String> {
        PERIOD_ANCHORS
            .iter()
            .map(|s| s.to_string())
            .chain(self.named.iter().map(|d| d.name.clone()))
            .collect()
    }

    /// The date `e` stands for, or why it has none (an unknown name, with
    /// the nearest known one).
    pub fn resolve(&self, e: &DateExpr) -> Result<NaiveDate, String> {
        let Some(base) = self.lookup(&e.anchor) else {
            let known = self.names();
            let mut candidates = known.clone();
            candidates.extend(PERIOD_ALIASES.iter().map(|(a, _)| a.to_string()));
            let guess = crate::shared::text::nearest(&e.anchor, &candidates)
                .map(|g| match period_alias(g) {
                    Some(c) => format!(" Mente du `{g}` (`{c}`)?"),
                    None => format!(" Mente du `{g}`?"),
                })
                .unwrap_or_default();
            return Err(format!(
                "ukjent tidspunkt `{}`.{guess} Gyldige her: {}",
                e.anchor,
                known.join(", ")
            ));
        };
        Ok(shift(base, e))
    }

    /// Parses and resolves `text` in one go, with the canonical form.
    pub fn eval(&self, text: &str) -> Result<(NaiveDate, DateExpr), String> {
        let e: DateExpr = text.parse()?;
        let d = self.resolve(&e)?;
        Ok((d, e))
    }
}

pub fn shift(base: NaiveDate, e: &DateExpr) -> NaiveDate {
    let n = e.amount;
    match e.unit {
        Unit::Days => shift_days(base, n),
        Unit::Weeks => shift_days(base, n * 7),
        Unit::Months => add_months(base, n),
        Unit::Years => add_months(base, n * 12),
    }
}

/// The election period's concrete dates from `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub name: String,
    pub election: NaiveDate,
    pub constituted: NaiveDate,
    /// The planned council meeting; defaults to the legal deadline.
    pub council_meeting: NaiveDate,
    pub council_meeting_planned: bool,
    /// The last day to adopt the planstrategi: constituted + 1 year (pbl § 10-1).
    pub deadline: NaiveDate,
}

/// Days the proposal must be public before the council treats it (pbl § 10-1).
pub const PUBLIC_NOTICE_DAYS: u64 = 30;

/// How long before the deadline a council meeting is planned when none is
/// typed: a margin, so the default is not the last legal day.
pub const MEETING_MARGIN_DAYS: i64 = 28;

/// The council meeting when none is given: the first working day from four
/// weeks before the deadline (never the deadline itself).
pub fn default_council_meeting(deadline: NaiveDate) -> NaiveDate {
    crate::shared::workdays::next_working_day(shift_days(deadline, -MEETING_MARGIN_DAYS))
}

impl Period {
    pub fn new(
        name: String,
        election: NaiveDate,
        constituted: NaiveDate,
        council_meeting: Option<NaiveDate>,
    ) -> Period {
        let deadline = add_months(constituted, 12);
        Period {
            name,
            election,
            constituted,
            council_meeting: council_meeting.unwrap_or_else(|| default_council_meeting(deadline)),
            council_meeting_planned: council_meeting.is_some(),
            deadline,
        }
    }

    /// The last day the proposal can be made public for the planned
    /// meeting: 30 whole days between it and the meeting, neither day
    /// counted (the careful reading; [`crate::shared::deadlines`]).
    pub fn public_notice_by(&self) -> NaiveDate {
        self.council_meeting - Days::new(PUBLIC_NOTICE_DAYS + 1)
    }

    /// The date `e` stands for if it names one of the period's dates.
    pub fn resolve(&self, e: &DateExpr) -> Option<NaiveDate> {
        DateScope::new(self, &[]).resolve(e).ok()
    }
}

fn shift_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(d)
}

/// Calendar months; the 31st of a shorter month clamps to its last day.
fn add_months(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs() as u32))
    };
    r.unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period() -> Period {
        Period::new(
            "2023–2027".into(),
            ymd(2023, 9, 11),
            ymd(2023, 10, 19),
            None,
        )
    }

    #[test]
    fn deadline_is_one_year_after_constitution() {
        let p = period();
        assert_eq!(p.deadline, ymd(2024, 10, 19));
        // No meeting typed: four weeks before the deadline (Saturday 21
        // September 2024), on the next working day.
        assert_eq!(p.council_meeting, ymd(2024, 9, 23));
        assert!(!p.council_meeting_planned);
        // 30 whole days between publication and the meeting.
        assert_eq!(p.public_notice_by(), ymd(2024, 8, 23));
    }

    #[test]
    fn leap_day_constitution_clamps() {
        let p = Period::new("x".into(), ymd(2027, 9, 13), ymd(2028, 2, 29), None);
        assert_eq!(p.deadline, ymd(2029, 2, 28));
    }

    #[test]
    fn expressions() {
        let p = Period::new(
            "x".into(),
            ymd(2023, 9, 11),
            ymd(2023, 10, 19),
            Some(ymd(2024, 9, 26)),
        );
        let e = |s: &str| p.resolve(&s.parse::<DateExpr>().unwrap()).unwrap();
        assert_eq!(e("constituted"), ymd(2023, 10, 19));
        assert_eq!(e("constituted + 3m"), ymd(2024, 1, 19));
        assert_eq!(e("council_meeting - 30d"), ymd(2024, 8, 27));
        assert_eq!(e("council_meeting-30d"), ymd(2024, 8, 27));
        assert_eq!(e("election + 2w"), ymd(2023, 9, 25));
        assert_eq!(e("deadline"), ymd(2024, 10, 19));
        assert_eq!(e("constituted + 1y"), ymd(2024, 10, 19));
    }

    #[test]
    fn canonical_form_round_trips() {
        for s in [
            "constituted",
            "council_meeting - 30d",
            "election + 2w",
            "deadline + 1y",
        ] {
            assert_eq!(s.parse::<DateExpr>().unwrap().to_string(), s);
        }
        assert_eq!(
            "constituted+3m".parse::<DateExpr>().unwrap().to_string(),
            "constituted + 3m"
        );
    }

    #[test]
    fn bad_expressions_explain() {
        let p = period();
        let scope = DateScope::new(&p, &[]);
        let err = scope.eval("konstitusjon + 3m").unwrap_err();
        assert!(err.contains("ukjent tidspunkt"), "{err}");
        let err = scope.eval("constitued").unwrap_err();
        assert!(err.contains("Mente du `constituted`"), "{err}");
        assert!("Konstitusjon".parse::<DateExpr>().is_err());
        assert!("".parse::<DateExpr>().is_err());
        assert!("constituted + 3x".parse::<DateExpr>().is_err());
        assert!("constituted + m".parse::<DateExpr>().is_err());
        assert!("constituted + 99999999999y".parse::<DateExpr>().is_err());
    }

    /// Norwegian names for the period's dates (issue 25's papercut): read
    /// as the English ones, in bokmål and nynorsk, and suggested across
    /// both.
    #[test]
    fn norwegian_names_for_the_periods_dates() {
        let p = period();
        let scope = DateScope::new(&p, &[]);
        for (norwegian, english) in [
            ("konstituert + 3m", "constituted + 3m"),
            ("frist", "deadline"),
            ("fristen - 2w", "deadline - 2w"),
            ("kommunestyremøtet - 30d", "council_meeting - 30d"),
            ("valdagen", "election"),
            ("konstitueringa", "constituted"),
        ] {
            let (date, _) = scope
                .eval(norwegian)
                .unwrap_or_else(|m| panic!("{norwegian}: {m}"));
            assert_eq!(date, scope.eval(english).unwrap().0, "{norwegian}");
        }
        let err = scope.eval("konstitueringsdato + 3m").unwrap_err();
        assert!(
            err.contains("Mente du `konstitueringa` (`constituted`)?")
                || err.contains("(`constituted`)?"),
            "{err}"
        );
        let err = scope.eval("konstiturt").unwrap_err();
        assert!(err.contains("`konstituert` (`constituted`)"), "{err}");
    }

    #[test]
    fn named_dates_and_dates_before_the_constitution() {
        let p = period();
        let named = [NamedDate {
            name: "oppstart".into(),
            title: "Oppstart".into(),
            expr: "deadline + 1m".into(),
            date: ymd(2024, 11, 19),
            moved_from: None,
        }];
        let scope = DateScope::new(&p, &named);
        assert_eq!(scope.eval("oppstart + 6w").unwrap().0, ymd(2024, 12, 31));
        assert_eq!(scope.eval("election - 9m").unwrap().0, ymd(2022, 12, 11));
        let err = scope.eval("oppstrat").unwrap_err();
        assert!(err.contains("Mente du `oppstart`"), "{err}");
        // Without the guide's names, the name is unknown.
        assert!(DateScope::new(&p, &[]).eval("oppstart").is_err());
        assert!(is_date_name("planprogram_fastsett2"));
        assert!(!is_date_name("2planprogram") && !is_date_name("Oppstart") && !is_date_name(""));
    }

    /// The shared vectors (tests/vectors/dates.json), which the browser
    /// test `vectors.mjs` runs through js/dates.js too.
    mod vectors {
        use super::*;
        use crate::shared::i18n::{format_date, format_month, Lang};

        #[derive(serde::Deserialize)]
        struct Vectors {
            expressions: Vec<Group>,
            iso: Vec<IsoCase>,
            formats: Vec<Format>,
        }

        #[derive(serde::Deserialize)]
        struct Group {
            period: PeriodDates,
            dates: Vec<Named>,
            cases: Vec<Case>,
        }

        #[derive(serde::Deserialize)]
        struct PeriodDates {
            election: Date,
            constituted: Date,
            council_meeting: Option<Date>,
        }

        #[derive(serde::Deserialize)]
        struct Named {
            name: String,
            expr: String,
            date: Date,
        }

        #[derive(serde::Deserialize)]
        struct Case {
            expr: String,
            date: Option<Date>,
        }

        #[derive(serde::Deserialize)]
        struct IsoCase {
            text: String,
            date: Option<Date>,
        }

        #[derive(serde::Deserialize)]
        struct Format {
            date: Date,
            day: String,
            month: String,
            year: String,
        }

        fn vectors() -> Vectors {
            serde_json::from_str(include_str!("../../tests/vectors/dates.json"))
                .expect("tests/vectors/dates.json")
        }

        #[test]
        fn expressions_resolve_as_in_the_vectors() {
            let v = vectors();
            let mut checked = 0;
            for g in &v.expressions {
                let p = &g.period;
                let period = Period::new(
                    "x".into(),
                    p.election.0,
                    p.constituted.0,
                    p.council_meeting.map(|d| d.0),
                );
                // A guide's dates, each over the period and those before it.
                let mut named: Vec<NamedDate> = Vec::new();
                for d in &g.dates {
                    let (exact, e) = DateScope::new(&period, &named)
                        .eval(&d.expr)
                        .unwrap_or_else(|err| panic!("{}: {err}", d.expr));
                    // As the model does: a default on a day off moves on.
                    let date = crate::shared::workdays::next_working_day(exact);
                    assert_eq!(date, d.date.0, "`{}` = `{}`", d.name, d.expr);
                    named.push(NamedDate {
                        name: d.name.clone(),
                        title: d.name.clone(),
                        expr: e.to_string(),
                        date,
                        moved_from: (date != exact).then_some(exact),
                    });
                }
                let scope = DateScope::new(&period, &named);
                for c in &g.cases {
                    let got = scope.eval(&c.expr).map(|(d, _)| d).ok();
                    assert_eq!(got, c.date.map(|d| d.0), "`{}`", c.expr);
                    // What the browser reads back is the canonical form,
                    // which must mean the same date.
                    if let Ok((d, e)) = scope.eval(&c.expr) {
                        assert_eq!(scope.eval(&e.to_string()).unwrap().0, d, "`{e}`");
                    }
                    checked += 1;
                }
            }
            assert!(checked >= 40, "only {checked} cases");
        }

        #[test]
        fn iso_dates_parse_as_in_the_vectors() {
            for c in vectors().iso {
                let got =
                    serde_json::from_value::<Date>(serde_json::Value::String(c.text.clone())).ok();
                assert_eq!(got, c.date, "{:?}", c.text);
            }
        }

        #[test]
        fn dates_are_written_as_in_the_vectors() {
            let v = vectors();
            assert_eq!(v.formats.len(), 12, "one date in every month");
            for f in v.formats {
                for lang in [Lang::Nb, Lang::Nn] {
                    assert_eq!(format_date(f.date.0, lang), f.day);
                    assert_eq!(format_month(f.date.0, lang), f.month);
                }
                // `| år` in a text date (src/markdown) writes the year so.
                assert_eq!(f.date.0.format("%Y").to_string(), f.year);
            }
        }
    }
}
