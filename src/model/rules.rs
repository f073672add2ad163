//! A guide's rules between dates (`rules:` in `_guide.md`): which kind of
//! rule an entry is, and what a broken one says. The rules are resolved
//! and checked against the defaults where the guide is built
//! ([`super::build_model`]); the counting itself is
//! [`crate::shared::deadlines`].

use chrono::NaiveDate;

use crate::content::frontmatter::DateRuleMeta;
use crate::shared::deadlines::{bound, plain_bound, verdict, Bound, RuleKind, Span, Verdict};
use crate::shared::i18n::{format_date, Lang};

/// The kind of rule `meta` states and the expression it measures against.
pub fn kind_of(meta: &DateRuleMeta) -> Result<(RuleKind, &str), String> {
    let span = match &meta.at_least {
        Some(s) => Some(Span::parse(s)?),
        None => None,
    };
    let given = [
        meta.not_after.as_deref().map(|o| ("not_after", o)),
        meta.not_before.as_deref().map(|o| ("not_before", o)),
        meta.before.as_deref().map(|o| ("before", o)),
        meta.after.as_deref().map(|o| ("after", o)),
    ];
    let mut given = given.into_iter().flatten();
    let (Some(first), None) = (given.next(), given.next()) else {
        return Err(
            "en regel har nøyaktig én av `not_after`, `not_before`, `before` og `after`"
                .to_string(),
        );
    };
    match (first, span) {
        (("not_after", o), None) => Ok((RuleKind::NotAfter, o)),
        (("not_before", o), None) => Ok((RuleKind::NotBefore, o)),
        (("before", o), Some(s)) => Ok((RuleKind::AtLeastBefore(s), o)),
        (("after", o), Some(s)) => Ok((RuleKind::AtLeastAfter(s), o)),
        ((k, _), None) => Err(format!(
            "`{k}` trenger `at_least` med en varighet, for eksempel `at_least: 6w`"
        )),
        ((k, _), Some(_)) => Err(format!(
            "`at_least` hører sammen med `before` eller `after`, ikke med `{k}`"
        )),
    }
}

/// What a rule demands of its date in words: «senest 21. august 2028».
pub fn demand(kind: RuleKind, other: NaiveDate, lang: Lang) -> String {
    in_words(bound(kind, other), lang)
}

/// A bound in words, in `lang`.
fn in_words(b: Bound, lang: Lang) -> String {
    let nn = lang == Lang::Nn;
    let (word, d) = match b {
        Bound::NoLaterThan(d) => (if nn { "seinast" } else { "senest" }, d),
        Bound::NoEarlierThan(d) => (if nn { "tidlegast" } else { "tidligst" }, d),
    };
    format!("{word} {}", format_date(d, lang))
}

/// What a rule says of its dates when they do not keep its careful
/// reading: the verdict (tight or broken) and a message naming the rule,
/// the law and both dates; None when they keep it.
pub fn judge(
    text: &str,
    law_label: &str,
    kind: RuleKind,
    (date_expr, date): (&str, NaiveDate),
    (other_expr, other): (&str, NaiveDate),
) -> Option<(Verdict, String)> {
    let v = verdict(kind, date, other);
    let head = format!(
        "regelen «{text}» ({law_label}) holder ikke: `{date_expr}` er {}, og med `{other_expr}` {} må den være {}",
        format_date(date, Lang::Nb),
        format_date(other, Lang::Nb),
        demand(kind, other, Lang::Nb)
    );
    match v {
        Verdict::Holds => None,
        Verdict::Broken => Some((v, head)),
        Verdict::Tight => {
            let plain = in_words(plain_bound(kind, other), Lang::Nb);
            Some((
                v,
                format!(
                    "{head} med veilederens forsiktige regnemåte; med den vanlige lesemåten holder den ({plain}), men det er knapt"
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(yaml: &str) -> DateRuleMeta {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn kinds_and_their_mistakes() {
        let base = "date: vedtak\ntext: T\nlaw: pbl\nsection: \"11-14\"\n";
        let k = |extra: &str| {
            kind_of(&meta(&format!("{base}{extra}"))).map(|(k, o)| (k.as_str(), o.to_string()))
        };
        assert_eq!(
            k("not_after: deadline").unwrap(),
            ("not_after", "deadline".into())
        );
        assert_eq!(
            k("at_least: 6w\nafter: hoyring").unwrap(),
            ("after", "hoyring".into())
        );
        assert!(k("").unwrap_err().contains("nøyaktig én"));
        assert!(k("not_after: a\nnot_before: b")
            .unwrap_err()
            .contains("nøyaktig én"));
        assert!(k("after: hoyring").unwrap_err().contains("at_least"));
        assert!(k("at_least: 6w\nnot_after: x")
            .unwrap_err()
            .contains("hører sammen"));
        assert!(k("at_least: seks uker\nafter: x")
            .unwrap_err()
            .contains("varighet"));
    }

    #[test]
    fn a_broken_rule_names_both_dates_and_the_law() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let six = RuleKind::AtLeastAfter(Span::parse("6w").unwrap());
        let (v, m) = judge(
            "Planforslaget er på høring i minst seks uker",
            "plan- og bygningsloven § 11-14",
            six,
            ("vedtak", d("2029-03-01")),
            ("hoyring", d("2029-02-01")),
        )
        .unwrap();
        assert_eq!(v, Verdict::Broken);
        assert!(
            m.contains("«Planforslaget er på høring i minst seks uker»"),
            "{m}"
        );
        assert!(
            m.contains("§ 11-14") && m.contains("`vedtak` er 1. mars 2029"),
            "{m}"
        );
        assert!(
            m.contains("`hoyring` 1. februar 2029") && m.contains("tidligst 16. mars 2029"),
            "{m}"
        );
        assert!(judge(
            "T",
            "L",
            six,
            ("vedtak", d("2029-03-16")),
            ("hoyring", d("2029-02-01"))
        )
        .is_none());
        // Høring from Thursday 15 February 2029: six weeks end on skjærtorsdag
        // 29 March. The plain reading allows the 30th; the careful one moves
        // the end past Easter, to Tuesday 3 April: «knapt».
        let (v, m) = judge(
            "T",
            "L",
            six,
            ("vedtak", d("2029-03-30")),
            ("hoyring", d("2029-02-15")),
        )
        .unwrap();
        assert_eq!(v, Verdict::Tight);
        assert!(
            m.contains("tidligst 4. april 2029") && m.contains("knapt"),
            "{m}"
        );
    }
}
