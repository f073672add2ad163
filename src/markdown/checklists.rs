//! Checklists: stable ids of items (and the scheme before), the items of a
//! step's formal requirements, ids made unique in a guide's short form, and
//! the checkbox and label of a task item.

use std::collections::HashSet;
use std::hash::Hasher;

use crate::markdown::renderer::Renderer;
use crate::markdown::types::{CheckItem, Rendered};

/// A stable id for a checklist item: FNV-1a over its scope (the guide, not
/// the file, so renaming or moving a step file keeps every tick) and its
/// text with the small edits that do not change its meaning taken out:
/// case, spacing, and punctuation at the end.
pub fn check_id(scope: &str, text: &str) -> String {
    fnv_id(scope, &normalised(text))
}

/// The text of an item as ids see it: words single-spaced, lower case,
/// without punctuation at the end.
pub(super) fn normalised(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ").to_lowercase();
    joined
        .trim_end_matches(['.', ':', ';', '!', '?', '…', ','])
        .to_string()
}

/// The id of the `n`th item (from 1) with the same text in one scope: the
/// first is [`check_id`]; the others are hashed anew (not `id-2`), so that
/// every id starts differently and the short form a share link keeps (its
/// first [`SHORT_ID_LEN`] characters) tells them apart.
pub fn nth_check_id(scope: &str, text: &str, n: usize) -> String {
    if n <= 1 {
        check_id(scope, text)
    } else {
        // Normalised first, so the second «Samme.» and «samme» agree too.
        fnv_id(scope, &format!("{}\u{0}{n}", normalised(text)))
    }
}

/// The checklist item of a step's formal requirement `text` (the `n`th
/// with that text): ticked, stored and shared like the items of the text,
/// with an id of its own kind (a requirement and an item may say the same).
pub fn formkrav_item(scope: &str, text: &str, n: usize) -> CheckItem {
    CheckItem {
        id: nth_check_id(scope, &format!("formkrav\u{0}{text}"), n),
        was: String::new(),
        html: crate::shared::html::escape(text),
        text: text.to_string(),
        checked: false,
        formkrav: true,
    }
}

/// How many leading characters of a checklist id a share link keeps: ids
/// of one guide must differ in these.
pub const SHORT_ID_LEN: usize = 6;

/// The id scheme before ids were scoped to the guide (the file's key, and
/// `-2` for a repeated text): pages carry it beside the id, so ticks stored
/// under it move to the new id in the browser.
pub fn check_id_v1(scope: &str, text: &str) -> String {
    fnv_id(scope, &text.trim().to_lowercase())
}

pub(super) fn fnv_id(scope: &str, text: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(scope.as_bytes());
    h.write(b"\n");
    h.write(text.as_bytes());
    format!("{:016x}", h.finish())[..10].to_string()
}

/// Makes the checklist ids of one scope's pages (a guide's steps, in their
/// order) unique in their first [`SHORT_ID_LEN`] characters: each page was
/// rendered alone, so a text repeated on two steps, or two ids that happen
/// to start alike, meet only here. A later item that clashes takes the next
/// [`nth_check_id`] that is free; the rest keep theirs. Returns the pages
/// changed, by index.
pub fn make_check_ids_unique(scope: &str, pages: &[&Rendered]) -> Vec<(usize, Rendered)> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut changed = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut new_ids: Vec<Option<String>> = vec![None; page.checklist.len()];
        for (i, item) in page.checklist.iter().enumerate() {
            let mut id = item.id.clone();
            let mut n = 1;
            while !taken.insert(short_id(&id).to_string()) {
                n += 1;
                id = nth_check_id(scope, &item.text, n);
            }
            if id != item.id {
                new_ids[i] = Some(id);
            }
        }
        if new_ids.iter().any(Option::is_some) {
            let mut page = (*page).clone();
            page.rekey_check_items(&new_ids);
            changed.push((p, page));
        }
    }
    changed
}

pub(super) fn short_id(id: &str) -> &str {
    id.get(..SHORT_ID_LEN).unwrap_or(id)
}

impl Rendered {
    /// Gives the checklist items their new ids (`None`: keeps its id), in
    /// the items and in the page's HTML (checkbox and label). Through a
    /// placeholder per item, so that an item taking an id another item
    /// gives up is not rewritten twice.
    fn rekey_check_items(&mut self, new_ids: &[Option<String>]) {
        let token = |i: usize| format!("\u{1}stegvis-id-{i}\u{1}");
        for (i, new) in new_ids.iter().enumerate() {
            if new.is_some() {
                let old = &self.checklist[i].id;
                for (from, to) in [
                    (
                        format!("\"sjekk-{old}\""),
                        format!("\"sjekk-{}\"", token(i)),
                    ),
                    (
                        format!("data-check-id=\"{old}\""),
                        format!("data-check-id=\"{}\"", token(i)),
                    ),
                ] {
                    self.html = self.html.replace(&from, &to);
                }
            }
        }
        for (i, new) in new_ids.iter().enumerate() {
            if let Some(id) = new {
                self.html = self.html.replace(&token(i), id);
                self.checklist[i].id = id.clone();
            }
        }
    }
}
impl Renderer<'_, '_> {
    /// A checklist item's checkbox and the start of its label; returns the
    /// item's index in the page's checklist.
    pub(super) fn checklist_item(&mut self, text: String, checked: bool, offset: usize) -> usize {
        if text.is_empty() {
            self.problem(
                "empty-checklist-item",
                offset,
                "punktet i sjekklisten er tomt".to_string(),
                "skriv hva som skal gjøres etter `- [ ]`, eller fjern linjen",
            );
        }
        let base = check_id(self.env.check_scope, &text);
        let n = self.item_ids.entry(base).or_insert(0);
        *n += 1;
        let id = nth_check_id(self.env.check_scope, &text, *n);
        // The id before was counted by its own key (the text trimmed and
        // lower-cased, not the looser match of today's ids).
        let v1 = check_id_v1(self.env.doc_key, &text);
        let m = self.v1_ids.entry(v1.clone()).or_insert(0);
        *m += 1;
        let was = if *m == 1 { v1 } else { format!("{v1}-{m}") };
        let checked_attr = if checked { " checked" } else { "" };
        self.html(format!(
            "<input type=\"checkbox\" id=\"sjekk-{id}\" data-check-id=\"{id}\" data-check-was=\"{was}\"{checked_attr}><label for=\"sjekk-{id}\">"
        ));
        self.result.checklist.push(CheckItem {
            id,
            was,
            formkrav: false,
            html: String::new(),
            text,
            checked,
        });
        self.result.checklist.len() - 1
    }
}
