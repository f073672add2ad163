//! Dates of the election period and the date expressions content uses to
//! place steps, phases and milestones on it (`constituted + 3m`,
//! `council_meeting - 30d`, `deadline`).

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
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

/// The points in the election period that expressions count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Election,
    Constituted,
    CouncilMeeting,
    Deadline,
}

impl Anchor {
    const ALL: [(&'static str, Anchor); 4] = [
        ("election", Anchor::Election),
        ("constituted", Anchor::Constituted),
        ("council_meeting", Anchor::CouncilMeeting),
        ("deadline", Anchor::Deadline),
    ];

    pub fn names() -> Vec<String> {
        Anchor::ALL.iter().map(|(n, _)| n.to_string()).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// `<anchor> [(+|-) <n><unit>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateExpr {
    pub anchor: Anchor,
    /// Signed amount; 0 means the anchor itself.
    pub amount: i64,
    pub unit: Unit,
}

impl FromStr for DateExpr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (anchor_text, rest) = match s.find(['+', '-']) {
            Some(i) => (s[..i].trim(), s[i..].trim()),
            None => (s, ""),
        };
        let anchor = Anchor::ALL
            .iter()
            .find(|(n, _)| *n == anchor_text)
            .map(|(_, a)| *a)
            .ok_or_else(|| {
                let known = Anchor::names();
                let guess = crate::yaml::nearest(anchor_text, &known)
                    .map(|g| format!(" Mente du `{g}`?"))
                    .unwrap_or_default();
                format!(
                    "ukjent tidspunkt `{anchor_text}`.{guess} Gyldige: election, constituted, council_meeting, deadline"
                )
            })?;
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
        let anchor = Anchor::ALL
            .iter()
            .find(|(_, a)| *a == self.anchor)
            .map_or("constituted", |(n, _)| n);
        if self.amount == 0 {
            return f.write_str(anchor);
        }
        let unit = match self.unit {
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'm',
            Unit::Years => 'y',
        };
        let sign = if self.amount < 0 { '-' } else { '+' };
        write!(f, "{anchor} {sign} {}{unit}", self.amount.abs())
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
            council_meeting: council_meeting.unwrap_or(deadline),
            council_meeting_planned: council_meeting.is_some(),
            deadline,
        }
    }

    /// The last day the proposal can be made public for the planned meeting.
    pub fn public_notice_by(&self) -> NaiveDate {
        self.council_meeting - Days::new(PUBLIC_NOTICE_DAYS)
    }

    pub fn resolve(&self, e: &DateExpr) -> NaiveDate {
        let base = match e.anchor {
            Anchor::Election => self.election,
            Anchor::Constituted => self.constituted,
            Anchor::CouncilMeeting => self.council_meeting,
            Anchor::Deadline => self.deadline,
        };
        let n = e.amount;
        match e.unit {
            Unit::Days => shift_days(base, n),
            Unit::Weeks => shift_days(base, n * 7),
            Unit::Months => add_months(base, n),
            Unit::Years => add_months(base, n * 12),
        }
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
        assert_eq!(p.council_meeting, p.deadline);
        assert_eq!(p.public_notice_by(), ymd(2024, 9, 19));
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
        let e = |s: &str| p.resolve(&s.parse::<DateExpr>().unwrap());
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
        let err = "konstituert + 3m".parse::<DateExpr>().unwrap_err();
        assert!(err.contains("ukjent tidspunkt"), "{err}");
        let err = "constitued".parse::<DateExpr>().unwrap_err();
        assert!(err.contains("Mente du `constituted`"), "{err}");
        assert!("constituted + 3x".parse::<DateExpr>().is_err());
        assert!("constituted + m".parse::<DateExpr>().is_err());
        assert!("constituted + 99999999999y".parse::<DateExpr>().is_err());
    }
}
