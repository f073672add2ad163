//! The kinds of formal requirement a step can declare (`formkrav:`): what
//! the law demands be done in a certain form — announced, sent, made
//! public, decided, a document, no appeal — which a municipality ticks off
//! before the council meets. The entries are resolved with their law and
//! date where steps are built ([`super::build_model`]).

use crate::shared::i18n::Lang;

/// The kind of a formal requirement (`kind:`; the keys are bokmål in every
/// guide, the labels follow the page's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormkravKind {
    Kunngjoring,
    Utsending,
    Offentliggjoring,
    Vedtak,
    Klage,
    Dokument,
}

/// Every kind with its key, its bokmål and its nynorsk label.
const KINDS: [(FormkravKind, &str, &str, &str); 6] = [
    (
        FormkravKind::Kunngjoring,
        "kunngjøring",
        "Kunngjøring",
        "Kunngjering",
    ),
    (
        FormkravKind::Utsending,
        "utsending",
        "Utsending",
        "Utsending",
    ),
    (
        FormkravKind::Offentliggjoring,
        "offentliggjøring",
        "Offentliggjøring",
        "Offentleggjering",
    ),
    (FormkravKind::Vedtak, "vedtak", "Vedtak", "Vedtak"),
    (FormkravKind::Klage, "klage", "Klage", "Klage"),
    (FormkravKind::Dokument, "dokument", "Dokument", "Dokument"),
];

impl FormkravKind {
    /// Every key `kind:` accepts, in the order of the editors' guide.
    pub fn keys() -> [&'static str; 6] {
        KINDS.map(|(_, key, ..)| key)
    }

    /// The kind `key` names (case and spacing aside), or why none does,
    /// with the nearest key.
    pub fn parse(key: &str) -> Result<FormkravKind, String> {
        let k = key.trim().to_lowercase();
        if let Some((kind, ..)) = KINDS.iter().find(|(_, name, ..)| *name == k) {
            return Ok(*kind);
        }
        let names: Vec<String> = KINDS.iter().map(|(_, n, ..)| n.to_string()).collect();
        let guess = crate::shared::text::nearest(&k, &names)
            .map(|g| format!("mente du `{g}`? "))
            .unwrap_or_default();
        Err(format!(
            "ukjent type formkrav `{key}`: {guess}gyldige typer er {}",
            names.join(", ")
        ))
    }

    /// Whether it is something to do and tick off. `klage` (that a decision
    /// can or cannot be appealed) is shown for information only.
    pub fn is_task(self) -> bool {
        self != FormkravKind::Klage
    }

    /// The key (`kunngjøring`), for templates and scripts.
    pub fn key(self) -> &'static str {
        KINDS.iter().find(|(k, ..)| *k == self).map_or("", |e| e.1)
    }

    /// The label on a page in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        KINDS
            .iter()
            .find(|(k, ..)| *k == self)
            .map_or("", |e| if lang == Lang::Nn { e.3 } else { e.2 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_key_with_labels_in_both_standards() {
        assert_eq!(
            FormkravKind::parse("kunngjøring"),
            Ok(FormkravKind::Kunngjoring)
        );
        assert_eq!(FormkravKind::parse(" Vedtak "), Ok(FormkravKind::Vedtak));
        let e = FormkravKind::parse("kunngjering").unwrap_err();
        assert!(e.contains("mente du `kunngjøring`?"), "{e}");
        assert!(
            e.contains("utsending, offentliggjøring, vedtak, klage, dokument"),
            "{e}"
        );
        assert_eq!(
            FormkravKind::Offentliggjoring.label(Lang::Nn),
            "Offentleggjering"
        );
        assert_eq!(
            FormkravKind::Offentliggjoring.label(Lang::Nb),
            "Offentliggjøring"
        );
        for (kind, key, ..) in KINDS {
            assert_eq!(FormkravKind::parse(key), Ok(kind));
            assert_eq!(kind.key(), key);
        }
    }
}
