//! A guide that runs every budget year (`cycle: yearly`): its dates count
//! from `year_start`/`year_end` of each of the period's four budget years;
//! the timeline lists them year by year, the calendar file holds every
//! year, the script gets the years, the law's rules are checked in every
//! year (a default moved off a holiday may break one in one year only),
//! and mistakes are named at their line.

mod common;
use common::*;

/// Budget years of the common site (constituted 19.10.2023): 2024–2027.
const YEARLY: &str = "\
---
title: Handlingsdel og økonomiplan
summary: Hvert år.
order: 2
cycle: yearly
dates:
  - name: budsjettvedtak
    title: Kommunestyret vedtar budsjettet
    default: year_start - 3w
  - name: innstilling
    title: Innstillingen gjøres offentlig
    default: budsjettvedtak - 3w
rules:
  - date: budsjettvedtak
    not_after: year_start - 1d
    text: Budsjettet vedtas før årsskiftet.
    law: pbl
    section: \"10-1\"
milestones:
  - title: Siste frist for vedtak
    date: budsjettåret - 1d
    deadline: true
---
Hvert år.
";

const YEARLY_STEP: &str = "\
---
title: Vedta budsjettet
step: 1
kind: råd
summary: Før nyttår.
updated: 2024-11-01
when:
  start: budsjettvedtak
---
Vedtak {{ budsjettvedtak }}, siste frist {{ year_start - 1d }}.

- [ ] Vedtatt
";

fn yearly_site(guide: &str) -> Site {
    Site::with(&[
        ("content/hop/_guide.md", guide),
        ("content/hop/01-vedtak.md", YEARLY_STEP),
    ])
}

#[test]
fn the_timeline_lists_every_budget_year_and_the_pages_show_the_first() {
    let site = yearly_site(YEARLY);
    let out = site.build();
    assert!(out.status.success(), "{}", text(&out).1);
    let timeline = site.html("hop/tidslinje/index.html");
    assert_eq!(
        texts(&timeline, ".year-table thead th"),
        vec!["Datoer i veilederen", "2024", "2025", "2026", "2027"]
    );
    let row = texts(&timeline, ".year-table tbody tr:first-child td");
    assert_eq!(
        row,
        vec![
            "11. desember 2023",
            "11. desember 2024",
            "11. desember 2025",
            "11. desember 2026"
        ]
    );
    assert_eq!(
        texts(&timeline, ".year-table__deadline td"),
        vec![
            "31. desember 2023",
            "31. desember 2024",
            "31. desember 2025",
            "31. desember 2026"
        ]
    );
    // The planstrategi's own deadline is not this guide's.
    assert!(texts(&timeline, ".period__item--deadline").is_empty());
    // The year picker on every page of the guide, the first year shown.
    for page in [
        "hop/index.html",
        "hop/vedta-budsjettet/index.html",
        "hop/sjekkliste/index.html",
        "hop/statusrapport/index.html",
    ] {
        let html = site.html(page);
        assert_eq!(
            attrs(&html, "[data-year-select] option", "value"),
            vec!["2024", "2025", "2026", "2027"],
            "{page}"
        );
        assert_eq!(texts(&html, "[data-cycle-year]")[0], "2024", "{page}");
    }
    let step = site.html("hop/vedta-budsjettet/index.html");
    assert_eq!(
        texts(&step, ".prose time"),
        vec!["11. desember 2023", "31. desember 2023"]
    );
    // The script gets the years; year_start is not a date to type.
    let main = attrs(&step, "main", "data-dates");
    let dates: serde_json::Value = serde_json::from_str(&main[0]).unwrap();
    assert_eq!(dates["years"], serde_json::json!([2024, 2025, 2026, 2027]));
    let names: Vec<&str> = dates["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["budsjettvedtak", "innstilling"]);
    // Another guide's pages carry no years.
    let other = site.html("g/index.html");
    assert!(!attrs(&other, "main", "data-dates")[0].contains("years"));
    assert!(texts(&other, "[data-year-picker]").is_empty());
    // The calendar file holds every year.
    let ics = std::fs::read_to_string(site.out().join("hop/tidslinje/kalender.ics")).unwrap();
    for day in ["20231231", "20241231", "20251231", "20261231"] {
        assert!(
            ics.contains(&format!("DTSTART;VALUE=DATE:{day}")),
            "{day} in\n{ics}"
        );
    }
    assert!(
        ics.contains("SUMMARY:Siste frist for vedtak (budsjettår 2025)"),
        "{ics}"
    );
}

#[test]
fn a_rule_broken_in_one_budget_year_only_is_an_error_naming_the_year() {
    // 28 December: a Saturday in 2024 and a Sunday in 2025, so the default
    // moves to Monday 30 or 29 December, past the rule's day in those
    // budget years (2025 and 2026) only.
    let guide = YEARLY
        .replace("default: year_start - 3w", "default: year_start - 4d")
        .replace("not_after: year_start - 1d", "not_after: year_start - 4d");
    let site = yearly_site(&guide);
    let out = site.build();
    assert!(!out.status.success());
    let broken: Vec<String> = site
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == "rule-broken")
        .map(|d| d.message)
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(broken[0].ends_with("(budsjettåret 2025)"), "{broken:?}");
    assert!(broken[1].ends_with("(budsjettåret 2026)"), "{broken:?}");
}

#[test]
fn mistakes_with_the_cycle_are_named_at_their_line() {
    // A yearly guide whose dates do not count from the year.
    let guide = YEARLY
        .replace("default: year_start - 3w", "default: constituted + 2m")
        .replace(
            "    not_after: year_start - 1d\n",
            "    not_after: deadline\n",
        )
        .replace("date: budsjettåret - 1d", "date: deadline");
    let site = yearly_site(&guide.replace("{{ year_start - 1d }}", "x"));
    let e = site.error("invalid-value");
    assert!(e.message.contains("cycle: yearly"), "{}", e.message);
    assert_eq!(
        e.line,
        guide
            .lines()
            .position(|l| l == "cycle: yearly")
            .map(|i| i + 1)
    );

    // year_start in a guide that is not yearly.
    let not_yearly = YEARLY.replace("cycle: yearly\n", "");
    let site = yearly_site(&not_yearly);
    let diags = site.diagnostics();
    let e = diags
        .iter()
        .find(|d| d.code == "invalid-date" && d.message.contains("`year_start - 3w`"))
        .expect("the date counted from year_start");
    assert!(
        e.hint.as_deref().unwrap().contains("cycle: yearly"),
        "{e:?}"
    );
    assert_eq!(
        e.line,
        not_yearly
            .lines()
            .position(|l| l.contains("year_start - 3w"))
            .map(|i| i + 1)
    );

    // An unknown cycle.
    let site = yearly_site(&YEARLY.replace("cycle: yearly", "cycle: monthly"));
    let diags = site.diagnostics();
    let e = diags
        .iter()
        .find(|d| d.file.as_deref() == Some(std::path::Path::new("content/hop/_guide.md")))
        .expect("an error in _guide.md");
    assert_eq!(e.line, Some(5), "{e:?}");
    assert!(e.message.contains("monthly"), "{}", e.message);
}
