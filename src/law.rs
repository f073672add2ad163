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
    /// Lovdata's id, e.g. `2008-06-27-71`.
    pub lovdata: String,
    /// Human name, e.g. `plan- og bygningsloven`.
    pub name: String,
    /// Other names in running text, e.g. `plan- og bygningslova` (nynorsk).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Law {
    /// `https://lovdata.no/lov/2008-06-27-71/§10-1`
    pub fn section_url(&self, section: &str) -> String {
        format!("https://lovdata.no/lov/{}/§{}", self.lovdata, section)
    }

    /// `plan- og bygningsloven § 10-1`
    pub fn section_label(&self, section: &str) -> String {
        format!("{} § {}", self.name, section)
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

    /// Every `§` reference in `text`, in order.
    pub fn find_references<'a>(&'a self, text: &str) -> Vec<TextReference<'a>> {
        if !text.contains('§') {
            return Vec::new();
        }
        self.reference
            .captures_iter(text)
            .map(|c| {
                let whole = c.get(0).expect("match has group 0");
                TextReference {
                    start: whole.start(),
                    end: whole.end(),
                    law: c.name("law").and_then(|m| self.by_id_or_name(m.as_str())),
                    section: c["section"].to_ascii_lowercase(),
                }
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
                name: "plan- og bygningsloven".into(),
                aliases: vec!["plan- og bygningslova".into()],
            },
            Law {
                id: "folkehelseloven".into(),
                lovdata: "2011-06-24-29".into(),
                name: "folkehelseloven".into(),
                aliases: vec!["folkehelselova".into()],
            },
        ])
    }

    #[test]
    fn nynorsk_aliases() {
        let r = registry();
        let refs = r.find_references("Etter folkehelselova § 6 og plan- og bygningslova § 10-1.");
        assert_eq!(refs[0].law.unwrap().id, "folkehelseloven");
        assert_eq!(refs[1].law.unwrap().id, "pbl");
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
