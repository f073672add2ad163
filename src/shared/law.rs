//! Laws and their sections: the registry from `site.yaml`, validation of
//! `§` sections, Lovdata URLs, and finding "folkehelseloven § 6"-style
//! references in running text.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// One law from `site.yaml`'s `laws:` registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Law {
    /// Short id used in front matter, e.g. `pbl`.
    pub id: String,
    /// Lovdata's id, e.g. `2008-06-27-71` (without `LOV-`/`FOR-`).
    pub lovdata: String,
    /// A regulation (forskrift) rather than an act: its Lovdata pages are
    /// under `/forskrift/`. Written `FOR-2017-06-19-840` in `site.yaml`.
    #[serde(default)]
    pub regulation: bool,
    /// Human name, e.g. `plan- og bygningsloven`.
    pub name: String,
    /// The nynorsk name, e.g. `plan- og bygningslova`, for labels on
    /// nynorsk pages; without it they use `name`.
    #[serde(default)]
    pub name_nn: Option<String>,
    /// Other names in running text, e.g. `plan- og bygningslova` (nynorsk).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Law {
    /// `https://lovdata.no/lov/2008-06-27-71/§10-1`, or for a regulation
    /// `https://lovdata.no/forskrift/2017-06-19-840/§12-3`.
    pub fn section_url(&self, section: &str) -> String {
        let kind = if self.regulation { "forskrift" } else { "lov" };
        format!("https://lovdata.no/{kind}/{}/§{}", self.lovdata, section)
    }

    /// `plan- og bygningsloven § 10-1`, on a nynorsk page
    /// `plan- og bygningslova § 10-1` where the nynorsk name is known.
    pub fn section_label(&self, section: &str, lang: crate::shared::i18n::Lang) -> String {
        let name = match (lang, &self.name_nn) {
            (crate::shared::i18n::Lang::Nn, Some(nn)) => nn,
            _ => &self.name,
        };
        format!("{name} § {section}")
    }
}

/// A section is digits, optionally `-digits`, optionally one lowercase letter:
/// `6`, `10-1`, `12-3a`.
pub fn is_valid_section(s: &str) -> bool {
    section_re().is_match(s)
}

fn section_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[1-9][0-9]*(-[1-9][0-9]*)?[a-z]?$").unwrap())
}

/// Lovdata ids are the law's date and number: `2008-06-27-71`.
pub fn is_valid_lovdata_id(s: &str) -> bool {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]+$").unwrap())
        .is_match(s)
}

/// Reads a Lovdata document id as `site.yaml` gives it: `2008-06-27-71` or
/// `LOV-2008-06-27-71` for an act, `FOR-2017-06-19-840` for a regulation
/// (prefix in any case). Returns the bare id and whether it is a regulation.
pub fn parse_lovdata_id(s: &str) -> Option<(&str, bool)> {
    let prefixed = |p: &str| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &s[p.len()..])
    };
    let (id, regulation) = match (prefixed("FOR-"), prefixed("LOV-")) {
        (Some(id), _) => (id, true),
        (None, Some(id)) => (id, false),
        (None, None) => (s, false),
    };
    is_valid_lovdata_id(id).then_some((id, regulation))
}

/// All laws a site knows, plus the pattern that finds references to them.
#[derive(Debug, Clone)]
pub struct LawRegistry {
    laws: BTreeMap<String, Law>,
    /// Matches `[<law id or name>] § <section>`.
    reference: Regex,
}

/// A reference found in text: byte range, the law (None = the default law)
/// and the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextReference<'a> {
    pub start: usize,
    pub end: usize,
    pub law: Option<&'a Law>,
    pub section: String,
    /// A law's name right before the `§` that the registry does not know
    /// («forvaltningsloven § 11»), with its byte offset: such a reference
    /// is not the default law's and must not be linked to it.
    pub unknown_law: Option<(usize, String)>,
}

/// The word just before `end` in `text` (after spaces), if it reads as the
/// name of a law or regulation («forvaltningsloven», «kommunelova»,
/// «byggesaksforskriften») and is not one of the bare words that point back
/// to the law just named («loven § 3»): with its byte offset.
fn law_like_word_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let before = text.get(..end)?;
    // «domstolloven §§ 148 og 149»: the match starts at the second §.
    let before = before.trim_end_matches('§');
    let trimmed = before.trim_end_matches([' ', '\u{a0}', '\t', '\n']);
    if trimmed.len() == before.len() {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &trimmed[start..];
    let lower = word.to_lowercase();
    const BARE: [&str; 7] = [
        "loven",
        "lova",
        "lov",
        "lovens",
        "lovas",
        "forskriften",
        "forskrifta",
    ];
    const ENDINGS: [&str; 7] = [
        "loven",
        "lova",
        "lovens",
        "lovas",
        "lov",
        "forskriften",
        "forskrifta",
    ];
    let law_like = ENDINGS.iter().any(|e| lower.ends_with(e)) && !BARE.contains(&lower.as_str());
    law_like.then_some((start, word))
}

impl LawRegistry {
    pub fn new(laws: impl IntoIterator<Item = Law>) -> Self {
        let laws: BTreeMap<String, Law> = laws.into_iter().map(|l| (l.id.clone(), l)).collect();
        // Longest names first so "plan- og bygningsloven" wins over a shorter
        // alternative that happens to be its suffix.
        let mut names: Vec<String> = laws
            .values()
            .flat_map(|l| {
                [l.id.clone(), l.name.clone()]
                    .into_iter()
                    .chain(l.aliases.iter().cloned())
            })
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        names.dedup();
        let alternatives = names
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        let law_part = if alternatives.is_empty() {
            String::new()
        } else {
            format!(r"(?:\b(?P<law>{alternatives})\.?[\s\u{{a0}}]+)?")
        };
        // The letter is matched case-sensitively (under `(?i)`, `[a-z]` would
        // also take `K`, the Kelvin sign, and `ſ`) and lower-cased below, so
        // every link has a section `is_valid_section` accepts.
        let pattern = format!(
            r"(?i){law_part}§[\s\u{{a0}}]*(?P<section>[1-9][0-9]*(?:-[1-9][0-9]*)?(?:(?-i:[a-zA-Z])\b)?)"
        );
        let reference = Regex::new(&pattern).expect("law reference pattern is valid");
        LawRegistry { laws, reference }
    }

    pub fn get(&self, id: &str) -> Option<&Law> {
        self.laws.get(id)
    }

    pub fn ids(&self) -> Vec<String> {
        self.laws.keys().cloned().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.laws.is_empty()
    }

    /// The law whose id or name is `word` (case-insensitive).
    pub fn by_id_or_name(&self, word: &str) -> Option<&Law> {
        let w = word.to_lowercase();
        self.laws.values().find(|l| {
            l.id.to_lowercase() == w
                || l.name.to_lowercase() == w
                || l.aliases.iter().any(|a| a.to_lowercase() == w)
        })
    }

    /// A known law whose name ends in `word` without its genitive `s`
    /// («plan- og bygningslovens»: the text before it ends in «plan- og »).
    fn by_genitive_phrase(&self, before: &str, word: &str) -> Option<&Law> {
        let stem = word.strip_suffix('s')?;
        self.laws.values().find(|l| {
            [&l.name].into_iter().chain(l.aliases.iter()).any(|n| {
                n.to_lowercase().ends_with(&stem.to_lowercase())
                    && before.to_lowercase().ends_with(
                        n.to_lowercase()
                            .strip_suffix(&stem.to_lowercase())
                            .unwrap_or(""),
                    )
            })
        })
    }

    /// Every `§` reference in `text`, in order.
    pub fn find_references<'a>(&'a self, text: &str) -> Vec<TextReference<'a>> {
        if !text.contains('§') {
            return Vec::new();
        }
        self.reference
            .captures_iter(text)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let mut law = c.name("law").and_then(|m| self.by_id_or_name(m.as_str()));
                let mut unknown_law = None;
                if law.is_none() {
                    if let Some((at, word)) = law_like_word_before(text, whole.start()) {
                        // «kommuneloven §§ 14-6 og 14-7» (the match starts at
                        // the second §) is that law; so is a known law in the
                        // genitive: «plan- og bygningslovens § 11-14»,
                        // «folkehelselovas § 6».
                        let known = self
                            .by_id_or_name(word)
                            .or_else(|| word.strip_suffix('s').and_then(|w| self.by_id_or_name(w)))
                            .or_else(|| self.by_genitive_phrase(&text[..at], word));
                        match known {
                            Some(l) => law = Some(l),
                            None => unknown_law = Some((at, word.to_string())),
                        }
                    }
                }
                Some(TextReference {
                    start: whole.start(),
                    end: whole.end(),
                    law,
                    section: c.name("section")?.as_str().to_ascii_lowercase(),
                    unknown_law,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> LawRegistry {
        LawRegistry::new([
            Law {
                id: "pbl".into(),
                lovdata: "2008-06-27-71".into(),
                regulation: false,
                name: "plan- og bygningsloven".into(),
                aliases: vec!["plan- og bygningslova".into()],
                name_nn: None,
            },
            Law {
                id: "folkehelseloven".into(),
                lovdata: "2011-06-24-29".into(),
                regulation: false,
                name: "folkehelseloven".into(),
                aliases: vec!["folkehelselova".into()],
                name_nn: None,
            },
        ])
    }

    /// Issue 25, bug 4: «forvaltningsloven § 11» linked to the default law.
    #[test]
    fn a_law_name_the_site_does_not_know_is_not_the_default_law() {
        let r = registry();
        for (text, word) in [
            (
                "Se forvaltningsloven § 11 om veiledning.",
                "forvaltningsloven",
            ),
            ("Etter kommunelova § 11-2 kan", "kommunelova"),
            ("byggesaksforskriften\u{a0}§ 5-4", "byggesaksforskriften"),
            ("(Sameloven § 4-2)", "Sameloven"),
            ("etter domstolloven §§ 148 og 149", "domstolloven"),
        ] {
            let refs = r.find_references(text);
            assert_eq!(refs.len(), 1, "{text}");
            let (at, found) = refs[0].unknown_law.clone().expect(text);
            assert_eq!((found.as_str(), &text[at..at + word.len()]), (word, word));
            assert!(refs[0].law.is_none());
        }
        // A known law in the genitive is that law.
        let refs =
            r.find_references("Etter plan- og bygningslovens § 11-14 og folkehelselovens § 6.");
        assert_eq!(refs.len(), 2, "{refs:?}");
        assert_eq!(refs[0].law.map(|l| l.id.as_str()), Some("pbl"));
        assert_eq!(refs[1].law.map(|l| l.id.as_str()), Some("folkehelseloven"));
        assert!(refs.iter().all(|x| x.unknown_law.is_none()));
        // A known law before §§ (the match starts at the second §).
        let refs = r.find_references("fristene i folkehelseloven §§ 5 og 6");
        assert_eq!(
            refs[0].law.map(|l| l.id.as_str()),
            Some("folkehelseloven"),
            "{refs:?}"
        );
        assert!(refs[0].unknown_law.is_none());
        // Known names, the bare «loven», and a § without a name before it.
        for text in [
            "folkehelseloven § 6",
            "plan- og bygningslova § 10-1",
            "Etter loven § 3 skal",
            "Se § 10-1.",
            "Kapittel 4 i sameloven, og § 10-1",
        ] {
            let refs = r.find_references(text);
            assert!(
                refs.iter().all(|x| x.unknown_law.is_none()),
                "{text}: {refs:?}"
            );
        }
    }

    #[test]
    fn nynorsk_aliases() {
        let r = registry();
        let refs = r.find_references("Etter folkehelselova § 6 og plan- og bygningslova § 10-1.");
        assert_eq!(refs[0].law.unwrap().id, "folkehelseloven");
        assert_eq!(refs[1].law.unwrap().id, "pbl");
    }

    #[test]
    fn lovdata_ids_of_acts_and_regulations() {
        assert_eq!(
            parse_lovdata_id("2008-06-27-71"),
            Some(("2008-06-27-71", false))
        );
        assert_eq!(
            parse_lovdata_id("LOV-2008-06-27-71"),
            Some(("2008-06-27-71", false))
        );
        assert_eq!(
            parse_lovdata_id("FOR-2017-06-19-840"),
            Some(("2017-06-19-840", true))
        );
        assert_eq!(
            parse_lovdata_id("for-2017-06-19-840"),
            Some(("2017-06-19-840", true))
        );
        for bad in [
            "FOR-",
            "FOR-2017-06-19",
            "FORSKRIFT-2017-06-19-840",
            "LOV-FOR-2017-06-19-840",
            "ø-2017-06-19-840",
            "",
        ] {
            assert_eq!(parse_lovdata_id(bad), None, "{bad}");
        }
        let tek = Law {
            id: "tek17".into(),
            lovdata: "2017-06-19-840".into(),
            regulation: true,
            name: "byggteknisk forskrift".into(),
            aliases: vec![],
            name_nn: None,
        };
        assert_eq!(
            tek.section_url("12-3"),
            "https://lovdata.no/forskrift/2017-06-19-840/§12-3"
        );
    }

    #[test]
    fn lovdata_urls() {
        let r = registry();
        assert_eq!(
            r.get("pbl").unwrap().section_url("10-1"),
            "https://lovdata.no/lov/2008-06-27-71/§10-1"
        );
    }

    #[test]
    fn labels_in_the_pages_language() {
        use crate::shared::i18n::Lang;
        let mut pbl = registry().get("pbl").unwrap().clone();
        assert_eq!(
            pbl.section_label("10-1", Lang::Nn),
            "plan- og bygningsloven § 10-1"
        );
        pbl.name_nn = Some("plan- og bygningslova".into());
        assert_eq!(
            pbl.section_label("10-1", Lang::Nn),
            "plan- og bygningslova § 10-1"
        );
        assert_eq!(
            pbl.section_label("10-1", Lang::Nb),
            "plan- og bygningsloven § 10-1"
        );
    }

    #[test]
    fn sections() {
        for ok in ["6", "10-1", "12-3a", "14-2"] {
            assert!(is_valid_section(ok), "{ok}");
        }
        for bad in [
            "", "10-", "-1", "§10-1", "10 1", "0", "10-1-2", "abc", "10-1A",
        ] {
            assert!(!is_valid_section(bad), "{bad}");
        }
    }

    #[test]
    fn finds_references_with_and_without_law() {
        let r = registry();
        let refs = r.find_references("Etter § 10-1 og folkehelseloven § 6 skal …");
        assert_eq!(refs.len(), 2);
        assert!(refs[0].law.is_none());
        assert_eq!(refs[0].section, "10-1");
        assert_eq!(refs[1].law.unwrap().id, "folkehelseloven");
        assert_eq!(refs[1].section, "6");
        let text = "Etter § 10-1 og folkehelseloven § 6 skal …";
        assert_eq!(&text[refs[1].start..refs[1].end], "folkehelseloven § 6");
    }

    #[test]
    fn long_name_and_nbsp() {
        let r = registry();
        let text = "jf. Plan- og bygningsloven\u{a0}§\u{a0}12-3a.";
        let refs = r.find_references(text);
        assert_eq!(refs.len(), 1);
        assert_eq!(refs[0].law.unwrap().id, "pbl");
        assert_eq!(refs[0].section, "12-3a");
    }

    #[test]
    fn letter_suffix_needs_word_boundary() {
        let r = registry();
        let refs = r.find_references("§ 6første");
        assert_eq!(refs[0].section, "6");
    }
}
