//! iCalendar (RFC 5545) files of a guide's milestones, so a municipality can
//! put the legal deadlines in its own calendar. All-day events, CRLF line
//! endings, lines folded at 75 octets, text escaped. The output depends only
//! on the content, so two builds of the same site give the same file.
//!
//! Written by hand, not with the `icalendar` crate (0.17, evaluated for
//! #13): the timeline's calendar module (`themes/default/static/js/ics.js`)
//! makes the same file in the browser for the dates a municipality types,
//! and the two must agree line for line (tests/vectors/ics.json,
//! tests/browser/vectors.mjs), while the
//! crate writes an event's properties in alphabetical order and folds
//! differently (it moves a fold away from a space). It also lets a lone CR
//! through into a TEXT value, its `all_day` gives DTEND = DTSTART (RFC 5545
//! wants DTEND after DTSTART; one day is the next date), its `name` writes
//! an unescaped NAME beside X-WR-CALNAME, and it falls back to the clock and
//! a random UUID for DTSTAMP and UID, so a build could stop being
//! reproducible. What stegvis needs is the 40 lines below.

use chrono::{Days, NaiveDate};

use crate::model::{Guide, Site};

/// One all-day event.
pub struct Event<'a> {
    pub uid: String,
    pub date: NaiveDate,
    pub summary: std::borrow::Cow<'a, str>,
    pub description: String,
    pub url: Option<String>,
}

/// Escapes TEXT values (RFC 5545 3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A calendar with the given events. `stamp` is the DTSTAMP date.
pub fn calendar(name: &str, stamp: NaiveDate, events: &[Event<'_>]) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//stegvis//planveileder//NO".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", e.uid));
        line(format!("DTSTAMP:{}T000000Z", ymd(stamp)));
        line(format!("DTSTART;VALUE=DATE:{}", ymd(e.date)));
        let next = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
        line(format!("DTEND;VALUE=DATE:{}", ymd(next)));
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if let Some(url) = &e.url {
            line(format!("URL:{url}"));
        }
        line("TRANSP:TRANSPARENT".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// The calendar of a guide's milestones, with dates from `site.yaml`.
pub fn guide_calendar(site: &Site, guide: &Guide) -> String {
    let host = site.host();
    let stamp = guide
        .steps
        .iter()
        .map(|s| s.updated)
        .chain(guide.updated)
        .max()
        .unwrap_or_else(|| {
            site.config
                .period
                .as_ref()
                .map_or(NaiveDate::MIN, |p| p.constituted)
        });
    let lang = guide.lang;
    // A yearly guide's file holds every budget year of the period.
    let milestones: Vec<(Option<i32>, &crate::model::MilestoneDate)> = match &guide.cycle {
        Some(c) => c
            .years
            .iter()
            .flat_map(|y| y.milestones.iter().map(move |m| (Some(y.year), m)))
            .collect(),
        None => guide.milestones.iter().map(|m| (None, m)).collect(),
    };
    let events: Vec<Event<'_>> = milestones
        .into_iter()
        .map(|(year, m)| {
            let mut description = String::new();
            if m.deadline {
                description.push_str(crate::shared::i18n::text(lang, "deadline"));
            }
            if let Some(l) = &m.legal {
                if !description.is_empty() {
                    description.push_str(": ");
                }
                description.push_str(&format!("{} ({})", l.label, l.url));
            }
            Event {
                // A milestone counted from the period falls on the same day
                // in every budget year: the year keeps each event's UID
                // its own (RFC 5545).
                uid: match year {
                    Some(y) => format!(
                        "{}-{}-{}-{y}@{host}",
                        guide.slug,
                        crate::shared::slug::slugify(&m.title),
                        ymd(m.date.date)
                    ),
                    None => format!(
                        "{}-{}-{}@{host}",
                        guide.slug,
                        crate::shared::slug::slugify(&m.title),
                        ymd(m.date.date)
                    ),
                },
                date: m.date.date,
                summary: match year {
                    Some(y) => std::borrow::Cow::Owned(format!(
                        "{} ({} {y})",
                        m.title,
                        crate::shared::i18n::text(lang, "budget_year").to_lowercase()
                    )),
                    None => std::borrow::Cow::Borrowed(m.title.as_str()),
                },
                description,
                url: Some(site.absolute_url(&guide.timeline_url())),
            }
        })
        .collect();
    calendar(&guide.title, stamp, &events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_all_day_and_escaped() {
        let d = NaiveDate::from_ymd_opt(2024, 10, 19).unwrap();
        let ev = [Event {
            uid: "a@b".into(),
            date: d,
            summary: "Frist; vedtak, nå".into(),
            description: "Linje 1\nLinje 2".into(),
            url: None,
        }];
        let ics = calendar("Planstrategi", d, &ev);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20241019\r\nDTEND;VALUE=DATE:20241020\r\n"));
        assert!(ics.contains("SUMMARY:Frist\\; vedtak\\, nå\r\n"));
        assert!(ics.contains("DESCRIPTION:Linje 1\\nLinje 2\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !ics.replace("\r\n", "").contains('\n'),
            "only CRLF line endings"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "æ".repeat(60));
        fold(&long, &mut out);
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    /// The shared vectors (tests/vectors/ics.json), which the browser test
    /// `vectors.mjs` runs through js/ics.js too.
    mod vectors {
        use super::super::{escape, fold};

        #[derive(serde::Deserialize)]
        struct Vectors {
            escape: Vec<Escape>,
            fold: Vec<Fold>,
        }

        #[derive(serde::Deserialize)]
        struct Escape {
            text: String,
            escaped: String,
        }

        #[derive(serde::Deserialize)]
        struct Fold {
            line: String,
            folded: String,
        }

        fn vectors() -> Vectors {
            serde_json::from_str(include_str!("../../tests/vectors/ics.json"))
                .expect("tests/vectors/ics.json")
        }

        #[test]
        fn text_is_escaped_as_in_the_vectors() {
            for c in vectors().escape {
                assert_eq!(escape(&c.text), c.escaped, "{:?}", c.text);
            }
        }

        #[test]
        fn lines_fold_as_in_the_vectors() {
            for c in vectors().fold {
                let mut out = String::new();
                fold(&c.line, &mut out);
                assert_eq!(out, c.folded, "{:?}", c.line);
            }
        }
    }
}
