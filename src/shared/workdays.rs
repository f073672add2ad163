//! Working days in Norway: Saturdays, Sundays and the public holidays
//! (helligdagsloven § 2 and the law on 1 and 17 May: the fixed days and
//! the ones that follow Easter) are not working days. A default or
//! recommended date that falls on one moves to the next working day. The
//! same rules run in the browser (`themes/default/static/js/dates.js`);
//! `tests/vectors/workdays.json` pins both.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous
/// Gregorian algorithm, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The name of the Norwegian public holiday on `date`, if it is one.
pub fn public_holiday(date: NaiveDate) -> Option<&'static str> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("nyttårsdag"),
        (5, 1) => Some("1. mai"),
        (5, 17) => Some("17. mai"),
        (12, 25) => Some("første juledag"),
        (12, 26) => Some("andre juledag"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(date.year())?;
    let offset = (date - easter).num_days();
    match offset {
        -3 => Some("skjærtorsdag"),
        -2 => Some("langfredag"),
        0 => Some("første påskedag"),
        1 => Some("andre påskedag"),
        39 => Some("Kristi himmelfartsdag"),
        49 => Some("første pinsedag"),
        50 => Some("andre pinsedag"),
        _ => None,
    }
}

/// Why `date` is not a working day (`lørdag`, `søndag` or the holiday's
/// name), or None for a working day.
pub fn day_off(date: NaiveDate) -> Option<&'static str> {
    public_holiday(date).or(match date.weekday() {
        Weekday::Sat => Some("lørdag"),
        Weekday::Sun => Some("søndag"),
        _ => None,
    })
}

/// [`day_off`] in the page's language: nynorsk says `laurdag`, `sundag`
/// (the holidays' names are the same in both).
pub fn day_off_in(date: NaiveDate, lang: crate::shared::i18n::Lang) -> Option<&'static str> {
    let name = day_off(date)?;
    Some(match (lang, name) {
        (crate::shared::i18n::Lang::Nn, "lørdag") => "laurdag",
        (crate::shared::i18n::Lang::Nn, "søndag") => "sundag",
        _ => name,
    })
}

pub fn is_working_day(date: NaiveDate) -> bool {
    day_off(date).is_none()
}

/// `date` itself if it is a working day, else the first working day after
/// it. (A run of days off is at most five long: Easter from skjærtorsdag.)
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    for _ in 0..14 {
        if is_working_day(d) {
            return d;
        }
        match d.checked_add_days(Days::new(1)) {
            Some(next) => d = next,
            None => return d,
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// tests/vectors/workdays.json, which tests/browser/vectors.mjs runs
    /// through js/dates.js too.
    #[derive(Deserialize)]
    struct Vectors {
        easter: Vec<(i32, String)>,
        days: Vec<Day>,
    }

    #[derive(Deserialize)]
    struct Day {
        date: String,
        off: Option<String>,
        next: String,
    }

    fn vectors() -> Vectors {
        serde_json::from_str(include_str!("../../tests/vectors/workdays.json"))
            .expect("tests/vectors/workdays.json")
    }

    fn parse(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect(s)
    }

    #[test]
    fn easter_and_days_off_as_in_the_vectors() {
        let v = vectors();
        assert!(v.easter.len() >= 5 && v.days.len() >= 20);
        for (year, date) in &v.easter {
            assert_eq!(easter_sunday(*year), Some(parse(date)), "Easter {year}");
        }
        for d in &v.days {
            let date = parse(&d.date);
            assert_eq!(day_off(date), d.off.as_deref(), "{}", d.date);
            assert_eq!(
                next_working_day(date),
                parse(&d.next),
                "next after {}",
                d.date
            );
        }
    }

    #[test]
    fn known_easters_and_a_long_run_of_days_off() {
        // Easter Sundays from the church calendar.
        assert_eq!(easter_sunday(2024), Some(ymd(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(ymd(2025, 4, 20)));
        assert_eq!(easter_sunday(2000), Some(ymd(2000, 4, 23)));
        // Skjærtorsdag 2027 is 25 March: the first working day after is
        // Tuesday 30 March (langfredag, Saturday, Easter Sunday and Monday).
        assert_eq!(next_working_day(ymd(2027, 3, 25)), ymd(2027, 3, 30));
        assert_eq!(next_working_day(ymd(2027, 3, 24)), ymd(2027, 3, 24));
    }
}
