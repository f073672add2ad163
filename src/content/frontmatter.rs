//! Front matter: splitting a Markdown file into its YAML header and body, and
//! the typed fields of guides, steps and pages. Every field is documented in
//! the editors' guide (`content/redaktorveiledning.md`) and the README.

use serde::{Deserialize, Deserializer};

use crate::content::yaml;
use crate::shared::dates::Date;
use crate::shared::i18n::Lang;

/// A file split at its `---` fences. Line numbers are 1-based file lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

/// Why a file could not be split; the line is where to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Splits `---\n<yaml>\n---\n<body>`. The text must already have `\n` line
/// endings and no byte-order mark (see [`crate::shared::text::decode_utf8`]).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(SplitError {
            line: 1,
            message: "filen mangler front matter".into(),
            hint: "start filen med en linje `---`, så feltene (title: …), så en ny linje `---`"
                .into(),
        });
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError {
        line: 1,
        message: "front matter mangler avsluttende `---`".into(),
        hint: "legg til en linje med bare `---` etter det siste feltet".into(),
    })
}

/// Parses front-matter YAML into `T`; error lines are turned into file lines.
pub fn parse<T: serde::de::DeserializeOwned>(split: &Split<'_>) -> Result<T, yaml::YamlError> {
    yaml::from_str(split.yaml).map_err(|mut e| {
        e.line = Some(e.line.map_or(split.yaml_line, |l| l + split.yaml_line - 1));
        e
    })
}

/// Whether a step is marked as containing a legal requirement or as advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub enum Kind {
    #[serde(rename = "lovkrav")]
    Lovkrav,
    #[serde(rename = "råd", alias = "rad")]
    Rad,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lovkrav => "lovkrav",
            Kind::Rad => "råd",
        }
    }
}

/// What a legal reference demands: a duty (`skal`) or advice (`bør`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Obligation {
    #[serde(rename = "skal")]
    Skal,
    #[serde(rename = "bør", alias = "bor")]
    Bor,
}

impl Obligation {
    pub fn as_str(self) -> &'static str {
        match self {
            Obligation::Skal => "skal",
            Obligation::Bor => "bør",
        }
    }
}

/// A § section, written quoted (`"10-1"`) or as a bare number (`6`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section(pub String);

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(u64),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Text(s)) => Ok(Section(s.trim().trim_start_matches('§').trim().to_string())),
            Ok(Raw::Number(n)) => Ok(Section(n.to_string())),
            Err(_) => Err(serde::de::Error::custom(
                "ugyldig paragraf | tips: skriv paragrafen som tekst i anførselstegn, for eksempel \"10-1\"",
            )),
        }
    }
}

/// One reference to the law in a step's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    pub law: String,
    pub section: Section,
    /// What the law demands, in the guide's own words.
    #[serde(default)]
    pub requirement: String,
    pub obligation: Obligation,
}

/// A reference to a § without the demand (milestones).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRef {
    pub law: String,
    pub section: Section,
}

/// A time window on the election period, as date expressions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub date: Date,
    pub note: String,
}

/// Where a statement on the page comes from (`sources:`), shown in the
/// page's source list so the next reviewer can check it.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    /// Where to read it; a printed report or a talk may have none.
    #[serde(default)]
    pub url: Option<String>,
    /// E.g. that the section itself could not be read.
    #[serde(default)]
    pub note: String,
}

/// A date a guide declares for itself (`dates:` in `_guide.md`), which its
/// steps, phases, milestones and text can count from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideDate {
    pub name: String,
    pub title: String,
    /// A date expression over the period and earlier guide dates.
    pub default: String,
}

/// A rule the law sets between two of a guide's dates (`rules:` in
/// `_guide.md`): `date` must be `not_after` or `not_before` another, or
/// `at_least` a span `before` or `after` it (counted as
/// [`crate::shared::deadlines`] says). Each side is a date expression.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRuleMeta {
    pub date: String,
    #[serde(default)]
    pub not_after: Option<String>,
    #[serde(default)]
    pub not_before: Option<String>,
    #[serde(default)]
    pub at_least: Option<String>,
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
    /// The rule in words, in the guide's language.
    pub text: String,
    pub law: String,
    pub section: Section,
}

/// Front matter of `content/<guide>/<step>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepMeta {
    pub title: String,
    /// The step's place among the numbered steps (`step: 3`).
    #[serde(default)]
    pub step: Option<u32>,
    /// Or right after another step of the guide, by file name or slug
    /// (`after: 02-planbehov`).
    #[serde(default)]
    pub after: Option<String>,
    pub kind: Kind,
    pub summary: String,
    pub updated: Date,
    /// When the step was last checked and found still correct, without
    /// changes; `stegvis check` warns when both dates are old.
    #[serde(default)]
    pub reviewed: Option<Date>,
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub legal: Vec<LegalRef>,
    #[serde(default)]
    pub when: Option<When>,
    #[serde(default)]
    pub changes: Vec<Change>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Formal requirements of the step (`formkrav:`): the municipality
    /// ticks them off before the council meets.
    #[serde(default)]
    pub formkrav: Vec<FormkravMeta>,
}

/// A formal requirement: a `kind` (kunngjøring, utsending,
/// offentliggjøring, vedtak, klage, dokument), what must be done, who or
/// where, the law's section, and optionally when (a date expression).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FormkravMeta {
    pub kind: String,
    pub text: String,
    #[serde(default, rename = "where")]
    pub place: Option<String>,
    pub law: String,
    pub section: Section,
    #[serde(default)]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub title: String,
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub title: String,
    pub date: String,
    #[serde(default)]
    pub legal: Option<SectionRef>,
    #[serde(default)]
    pub deadline: bool,
}

/// Front matter of `content/<guide>/_guide.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideMeta {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub order: i64,
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub dates: Vec<GuideDate>,
    #[serde(default)]
    pub rules: Vec<DateRuleMeta>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// `cycle: yearly`: the guide runs once every budget year (an årshjul);
    /// its dates count from `year_start` and `year_end`.
    #[serde(default)]
    pub cycle: Option<CycleKind>,
}

/// How often a guide's work comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CycleKind {
    #[serde(rename = "yearly", alias = "årlig")]
    Yearly,
}

/// Front matter of a top-level page and of `content/_index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub order: i64,
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Built, but left off the front page, the footer, the sitemap, the
    /// feed and the search (e.g. the editors' guide).
    #[serde(default)]
    pub unlisted: bool,
    /// Also built as a Word file (`<slug>.docx` beside the page) from the
    /// same body: a template a municipality starts from.
    #[serde(default)]
    pub docx: bool,
    /// The page lists every county's statsforvalter and fylkeskommune
    /// from `content/_hjelp.yaml`, with the reader's choice of county.
    #[serde(default)]
    pub help_directory: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: x\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn missing_start_and_end() {
        assert_eq!(split("title: x\n").unwrap_err().line, 1);
        let e = split("---\ntitle: x\n").unwrap_err();
        assert!(e.message.contains("avsluttende"));
    }

    #[test]
    fn empty_body_and_yaml() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn yaml_error_lines_are_file_lines() {
        let s = split("---\ntitle: x\nsummary: y\nkind: lov\n---\n").unwrap();
        let e = parse::<PageMeta>(&s).unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
    }

    #[test]
    fn section_number_or_text() {
        let s = split("---\nlaw: pbl\nsection: 6\nobligation: skal\n---\n").unwrap();
        let r: LegalRef = parse(&s).unwrap();
        assert_eq!(r.section.0, "6");
        let s = split("---\nlaw: pbl\nsection: \"§ 10-1\"\nobligation: bør\n---\n").unwrap();
        let r: LegalRef = parse(&s).unwrap();
        assert_eq!(r.section.0, "10-1");
        assert_eq!(r.obligation, Obligation::Bor);
    }
}
