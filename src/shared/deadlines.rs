//! How stegvis counts the law's minimum periods between two dates, in one
//! place (the browser's `themes/default/static/js/rules.js` counts the same
//! way; both are pinned by the `bounds` in `tests/vectors/workdays.json`).
//! The public page «Slik regner veilederen fristene» (content/fristregler.md)
//! says the same in words, with its sources.
//!
//! - `not_after: B`: the date is B or earlier («senest»).
//! - `not_before: B`: the date is B or later.
//! - `at_least: N, before: B` («minst 30 dager før»): N whole days lie
//!   between the date and B, neither of them counted, so the last day that
//!   keeps the rule is B − N − 1 day. The law does not say whether the first
//!   or the last day counts; counting neither is the careful reading.
//! - `at_least: N, after: B` («høringsfrist på minst seks uker»): the period
//!   starts the day after B and ends N later, on the same weekday or date
//!   (as domstolloven § 148 counts); an end on a Saturday, Sunday or public
//!   holiday moves to the next working day (§ 149), and the date must come
//!   after the end: the first day that keeps the rule is the end + 1 day.
//!
//! Both are the careful reading. The plain one ([`plain_bound`]) counts the
//! first day (B − N) and moves no end off a day off (B + N + 1 day). A
//! date that keeps the plain reading but not the careful one is «knapt»
//! (a warning); one that breaks the plain reading breaks the rule (an
//! error), since no reading of the law allows it.

use chrono::{Days, NaiveDate};

use crate::shared::dates::{shift, DateExpr, Unit};
use crate::shared::workdays::next_working_day;

/// A length of time: `30d`, `6w`, `1m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub amount: i64,
    pub unit: Unit,
}

impl Span {
    /// `30d`, `6w`, `3m`, `1y` (a positive whole number and a unit).
    pub fn parse(text: &str) -> Result<Span, String> {
        let t = text.trim();
        let e: DateExpr = format!("x + {t}").parse().map_err(|_| {
            format!("`{text}` er ikke en varighet: skriv et tall og en enhet, for eksempel `30d` eller `6w`")
        })?;
        if e.amount <= 0 || t.starts_with(['+', '-']) {
            return Err(format!(
                "`{text}` er ikke en varighet: skriv et positivt tall og en enhet, for eksempel `30d` eller `6w`"
            ));
        }
        Ok(Span {
            amount: e.amount,
            unit: e.unit,
        })
    }

    fn from(self, date: NaiveDate, sign: i64) -> NaiveDate {
        shift(
            date,
            &DateExpr {
                anchor: String::new(),
                amount: sign * self.amount,
                unit: self.unit,
            },
        )
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'm',
            Unit::Years => 'y',
        };
        write!(f, "{}{unit}", self.amount)
    }
}

/// How a date must stand to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    NotAfter,
    NotBefore,
    AtLeastBefore(Span),
    AtLeastAfter(Span),
}

impl RuleKind {
    /// The name the browser script reads (`dates_json`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::NotAfter => "not_after",
            RuleKind::NotBefore => "not_before",
            RuleKind::AtLeastBefore(_) => "before",
            RuleKind::AtLeastAfter(_) => "after",
        }
    }

    pub fn span(self) -> Option<Span> {
        match self {
            RuleKind::AtLeastBefore(s) | RuleKind::AtLeastAfter(s) => Some(s),
            _ => None,
        }
    }
}

/// What a rule leaves a date: the last or the first day that keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    NoLaterThan(NaiveDate),
    NoEarlierThan(NaiveDate),
}

impl Bound {
    pub fn allows(self, date: NaiveDate) -> bool {
        match self {
            Bound::NoLaterThan(b) => date <= b,
            Bound::NoEarlierThan(b) => date >= b,
        }
    }

    pub fn date(self) -> NaiveDate {
        match self {
            Bound::NoLaterThan(d) | Bound::NoEarlierThan(d) => d,
        }
    }
}

/// How a date stands to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Keeps the careful reading.
    Holds,
    /// Keeps the plain reading only: too close to call.
    Tight,
    /// Breaks even the plain reading.
    Broken,
}

/// How `date` stands to a rule of `kind` against `other`.
pub fn verdict(kind: RuleKind, date: NaiveDate, other: NaiveDate) -> Verdict {
    if bound(kind, other).allows(date) {
        Verdict::Holds
    } else if plain_bound(kind, other).allows(date) {
        Verdict::Tight
    } else {
        Verdict::Broken
    }
}

/// The bound of the plain reading: «minst N før B» counts the first day
/// (B − N), «minst N etter B» ends on B + N whatever day that is.
pub fn plain_bound(kind: RuleKind, other: NaiveDate) -> Bound {
    let one = Days::new(1);
    match kind {
        RuleKind::AtLeastBefore(span) => Bound::NoLaterThan(span.from(other, -1)),
        RuleKind::AtLeastAfter(span) => {
            let end = span.from(other, 1);
            Bound::NoEarlierThan(end.checked_add_days(one).unwrap_or(end))
        }
        _ => bound(kind, other),
    }
}

/// The bound a rule of `kind` against `other` sets (see the module's
/// counting rules).
pub fn bound(kind: RuleKind, other: NaiveDate) -> Bound {
    let one = Days::new(1);
    match kind {
        RuleKind::NotAfter => Bound::NoLaterThan(other),
        RuleKind::NotBefore => Bound::NoEarlierThan(other),
        RuleKind::AtLeastBefore(span) => {
            let start = span.from(other, -1);
            Bound::NoLaterThan(start.checked_sub_days(one).unwrap_or(start))
        }
        RuleKind::AtLeastAfter(span) => {
            let end = next_working_day(span.from(other, 1));
            Bound::NoEarlierThan(end.checked_add_days(one).unwrap_or(end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect(s)
    }

    #[derive(Deserialize)]
    struct Vectors {
        bounds: Vec<BoundCase>,
    }

    #[derive(Deserialize)]
    struct BoundCase {
        kind: String,
        span: Option<String>,
        other: String,
        bound: String,
        plain: String,
        last: bool,
    }

    /// The `bounds` of tests/vectors/workdays.json, which the browser test
    /// runs through js/rules.js (`ruleBound`) too.
    #[test]
    fn bounds_as_in_the_vectors() {
        let v: Vectors = serde_json::from_str(include_str!("../../tests/vectors/workdays.json"))
            .expect("tests/vectors/workdays.json");
        assert!(v.bounds.len() >= 8);
        for c in &v.bounds {
            let span = c.span.as_deref().map(|s| Span::parse(s).expect(s));
            let kind = match (c.kind.as_str(), span) {
                ("not_after", None) => RuleKind::NotAfter,
                ("not_before", None) => RuleKind::NotBefore,
                ("before", Some(s)) => RuleKind::AtLeastBefore(s),
                ("after", Some(s)) => RuleKind::AtLeastAfter(s),
                other => panic!("bad case {other:?}"),
            };
            let make = |s: &str| {
                if c.last {
                    Bound::NoLaterThan(d(s))
                } else {
                    Bound::NoEarlierThan(d(s))
                }
            };
            let other = d(&c.other);
            let what = format!("{} {:?} {}", c.kind, c.span, c.other);
            assert_eq!(bound(kind, other), make(&c.bound), "{what}");
            assert_eq!(plain_bound(kind, other), make(&c.plain), "plain: {what}");
            // Each side of each bound gets its verdict.
            assert_eq!(verdict(kind, d(&c.bound), other), Verdict::Holds, "{what}");
            if c.plain != c.bound {
                assert_eq!(verdict(kind, d(&c.plain), other), Verdict::Tight, "{what}");
            }
            let beyond = if c.last {
                d(&c.plain).succ_opt().unwrap()
            } else {
                d(&c.plain).pred_opt().unwrap()
            };
            assert_eq!(verdict(kind, beyond, other), Verdict::Broken, "{what}");
        }
    }

    #[test]
    fn spans_are_positive_lengths() {
        assert_eq!(Span::parse("6w").unwrap().to_string(), "6w");
        assert_eq!(Span::parse(" 30d ").unwrap().amount, 30);
        for bad in ["", "0d", "-3d", "6", "seks uker", "6x", "+6w"] {
            assert!(Span::parse(bad).is_err(), "{bad}");
        }
    }
}
