//! Norwegian-aware slugs for URLs and heading ids: æ → ae, ø → o, å → a
//! (the usual Norwegian transliteration), other letters by their closest
//! ASCII, everything else folded into single hyphens.

use std::collections::{HashMap, HashSet};

/// `"Vurdering av planbehov – § 10-1"` → `"vurdering-av-planbehov-10-1"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let push = |s: &str, out: &mut String, pending: &mut bool| {
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                if *pending && !out.is_empty() {
                    out.push('-');
                }
                *pending = false;
                out.push(c.to_ascii_lowercase());
            } else {
                *pending = true;
            }
        }
    };
    for c in text.chars() {
        match c {
            'æ' | 'Æ' => push("ae", &mut out, &mut pending_dash),
            'ø' | 'Ø' => push("o", &mut out, &mut pending_dash),
            'å' | 'Å' => push("a", &mut out, &mut pending_dash),
            c if c.is_ascii() => {
                let mut b = [0; 4];
                push(c.encode_utf8(&mut b), &mut out, &mut pending_dash)
            }
            c if c.is_alphanumeric() => push(
                deunicode::deunicode_char(c).unwrap_or("-"),
                &mut out,
                &mut pending_dash,
            ),
            _ => pending_dash = true,
        }
    }
    out
}

/// Hands out unique ids within one page: the second "Mål" becomes `mal-2`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    /// Per base, the suffix to try next: every smaller one is taken, and
    /// ids are never given back, so the search resumes there (starting at 2
    /// every time made 10,000 equal headings quadratic).
    next: HashMap<String, usize>,
}

impl UniqueIds {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves `id` exactly (an explicit `{#id}`); returns false if taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id derived from `text`, falling back to `fallback` when the
    /// text has no letters or digits.
    pub fn make(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = fallback.to_string();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters() {
        assert_eq!(
            slugify("Kommuneplanens samfunnsdel"),
            "kommuneplanens-samfunnsdel"
        );
        assert_eq!(
            slugify("Økonomiplan og årsbudsjett"),
            "okonomiplan-og-arsbudsjett"
        );
        assert_eq!(slugify("Hva er nytt?"), "hva-er-nytt");
        assert_eq!(slugify("Lærdom: Møte i Ål"), "laerdom-mote-i-al");
        assert_eq!(slugify("ÆØÅ"), "aeoa");
    }

    #[test]
    fn punctuation_and_accents() {
        assert_eq!(slugify("  § 10-1 — frist!  "), "10-1-frist");
        assert_eq!(slugify("Idé og café"), "ide-og-cafe");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn unique_ids_never_repeat() {
        let mut ids = UniqueIds::new();
        assert_eq!(ids.make("Mål", "x"), "mal");
        assert_eq!(ids.make("Mål", "x"), "mal-2");
        assert!(ids.reserve("mal-3"));
        assert_eq!(ids.make("Mål", "x"), "mal-4");
        assert_eq!(ids.make("!!!", "overskrift"), "overskrift");
    }

    /// The shared vectors (tests/vectors/slugs.json); the browser test
    /// `vectors.mjs` runs `slugs` (and the now empty `differences`) through
    /// js/slug.js.
    mod vectors {
        use super::*;

        #[derive(serde::Deserialize)]
        struct Vectors {
            slugs: Vec<Slug>,
            differences: Vec<Difference>,
            unique_ids: Vec<Ids>,
        }

        #[derive(serde::Deserialize)]
        struct Slug {
            text: String,
            slug: String,
        }

        #[derive(serde::Deserialize)]
        struct Difference {
            text: String,
            rust: String,
        }

        #[derive(serde::Deserialize)]
        struct Ids {
            headings: Vec<String>,
            ids: Vec<String>,
        }

        fn vectors() -> Vectors {
            serde_json::from_str(include_str!("../../tests/vectors/slugs.json"))
                .expect("tests/vectors/slugs.json")
        }

        #[test]
        fn slugs_as_in_the_vectors() {
            let v = vectors();
            assert!(v.slugs.len() >= 20);
            for c in v
                .slugs
                .iter()
                .map(|c| (&c.text, &c.slug))
                .chain(v.differences.iter().map(|c| (&c.text, &c.rust)))
            {
                assert_eq!(&slugify(c.0), c.1, "{:?}", c.0);
            }
        }

        #[test]
        fn duplicate_headings_get_numbered_ids() {
            for c in vectors().unique_ids {
                let mut ids = UniqueIds::new();
                let got: Vec<String> = c
                    .headings
                    .iter()
                    .map(|h| ids.make(h, "overskrift"))
                    .collect();
                assert_eq!(got, c.ids, "{:?}", c.headings);
            }
        }
    }
}
