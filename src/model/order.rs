//! The order of a guide's steps and the numbers readers see.
//!
//! A step has either `step: N` (its place among the numbered steps) or
//! `after: FILE` (right after another step of the same guide, named by its
//! file name, with or without `.md`, or by its slug). The numbers readers
//! see («Steg 5 av 10») are the positions in the final order, so a county
//! edition can put a step between two national ones, or hide one, without
//! renumbering any file.

use std::collections::HashMap;

use crate::content::layers::Layer;
use crate::content::load::{Document, Meta};
use crate::model::types::Step;
use crate::shared::diagnostics::{Diagnostic, Diagnostics};

/// How a step asked to be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    /// `step: N`.
    Numbered(u32),
    /// `after: name`.
    After(String),
    /// Neither (reported; placed last).
    Unplaced,
}

/// The step's place from its front matter, with the problems of the fields
/// themselves (each of them: `step: 0` with `after:` is two mistakes).
pub(super) fn place_of(doc: &Document, diags: &mut Diagnostics) -> Place {
    let Meta::Step { meta, .. } = &doc.meta else {
        return Place::Unplaced;
    };
    if meta.step == Some(0) {
        diags.push(
            Diagnostic::error("invalid-value", "stegnummeret må være 1 eller høyere")
                .in_file(doc.path.clone())
                .at_line(doc.line_of("step:"))
                .with_hint("nummerer stegene 1, 2, 3 …"),
        );
    }
    match (meta.step, &meta.after) {
        (Some(n), Some(_)) => {
            diags.push(
                Diagnostic::error(
                    "invalid-value",
                    "steget har både `step:` og `after:`; bruk ett av dem",
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("after:"))
                .with_hint(
                    "`step: N` gir plassen blant de nummererte stegene; `after: FIL` setter steget rett etter et annet steg",
                ),
            );
            Place::Numbered(n)
        }
        (Some(n), None) => Place::Numbered(n),
        (None, Some(name)) => Place::After(name.trim().trim_end_matches(".md").to_string()),
        (None, None) => {
            diags.push(
                Diagnostic::error("missing-field", "steget mangler `step:` (eller `after:`)")
                    .in_file(doc.path.clone())
                    .at_line(Some(doc.yaml_line))
                    .with_hint(
                        "skriv `step: 3` for steg nummer 3, eller `after: 02-planbehov` for å sette steget rett etter steget i filen 02-planbehov.md",
                    ),
            );
            Place::Unplaced
        }
    }
}

/// The file name of a step without `.md`: what `after:` names.
pub(super) fn file_stem(doc: &Document) -> &str {
    let name = doc.key.rsplit('/').next().unwrap_or(&doc.key);
    name.strip_suffix(".md").unwrap_or(name)
}

/// A base step the site hides (`hide:`): not shown, but its place is
/// kept, so a base step placed after it (`after:`) goes where it was — a
/// county does not have to fix the base.
#[derive(Debug, Clone)]
pub(super) struct Hidden {
    /// File name without `.md`, and slug: what `after:` may name.
    pub stem: String,
    pub slug: String,
    pub place: Place,
}

/// One step to place: shown, or hidden (only an anchor).
struct Entry<'a> {
    stem: &'a str,
    slug: &'a str,
    key: &'a str,
    place: &'a Place,
    /// The document of a shown step; None for a hidden one.
    doc: Option<&'a Document>,
}

/// Puts `steps` (each with its place) in reading order and numbers them
/// 1, 2, 3 …: the numbered steps by number (then file), each followed by
/// the steps placed after it (in file order, each followed by its own).
/// `hidden` are the guide's base steps the site hides: a base step placed
/// after one of them goes where the hidden step was; a step of the site's
/// own placed after one is an error (the site can place it itself).
pub(super) fn order_steps(
    steps: Vec<(Step, Place)>,
    hidden: &[Hidden],
    docs: &[Document],
    diags: &mut Diagnostics,
) -> Vec<Step> {
    let shown = steps.len();
    let mut entries: Vec<Entry> = steps
        .iter()
        .map(|(step, place)| {
            let doc = &docs[step.doc];
            Entry {
                stem: file_stem(doc),
                slug: step.slug.as_str(),
                key: doc.key.as_str(),
                place,
                doc: Some(doc),
            }
        })
        .collect();
    entries.extend(hidden.iter().map(|h| Entry {
        stem: &h.stem,
        slug: &h.slug,
        key: &h.stem,
        place: &h.place,
        doc: None,
    }));
    // Which step each name (file name, slug) means: a shown step's file
    // name first, then a hidden one's, then slugs.
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.doc.is_some() {
            by_name.insert(e.stem, i);
        }
    }
    for (i, e) in entries.iter().enumerate().skip(shown) {
        by_name.entry(e.stem).or_insert(i);
    }
    for (i, e) in entries.iter().enumerate() {
        by_name.entry(e.slug).or_insert(i);
    }

    let mut numbered: Vec<(u32, usize)> = Vec::new();
    let mut unplaced: Vec<usize> = Vec::new();
    // The step each `after:` step follows, once found.
    let mut anchor: Vec<Option<usize>> = vec![None; entries.len()];
    let mut followers: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let name = match e.place {
            Place::Numbered(n) => {
                numbered.push((*n, i));
                continue;
            }
            Place::Unplaced => {
                unplaced.push(i);
                continue;
            }
            Place::After(name) => name,
        };
        let found = by_name.get(name.as_str()).copied();
        let from_base = e.doc.is_none_or(|d| d.layer == Layer::Base);
        match found {
            Some(a) if a != i && (a < shown || from_base) => {
                anchor[i] = Some(a);
                followers.entry(a).or_default().push(i);
                continue;
            }
            _ => unplaced.push(i),
        }
        // A hidden step's own mistakes are the base's, and it is not shown.
        let Some(doc) = e.doc else {
            continue;
        };
        let (message, hint) = if found == Some(i) {
            (
                format!("steget kan ikke stå etter seg selv (`after: {name}`)"),
                "skriv filnavnet til steget som skal komme før".to_string(),
            )
        } else if found.is_some() {
            (
                format!("`after: {name}` nevner et steg som er skjult i site.yaml (`hide:`)"),
                "sett steget etter steget før det skjulte".to_string(),
            )
        } else {
            let mut names: Vec<&str> = entries[..shown].iter().map(|e| e.stem).collect();
            names.sort_unstable();
            (
                format!("`after: {name}` nevner ikke et steg i samme veileder"),
                format!("skriv filnavnet til et av stegene: {}", names.join(", ")),
            )
        };
        diags.push(
            Diagnostic::error("unknown-step", message)
                .in_file(doc.path.clone())
                .at_line(doc.line_of("after:"))
                .with_hint(hint),
        );
    }
    numbered.sort_by_key(|&(n, i)| (n, entries[i].doc.map(|_| steps[i].0.doc), i));
    for list in followers.values_mut() {
        list.sort_by(|&a, &b| entries[a].key.cmp(entries[b].key));
    }

    let mut order: Vec<usize> = Vec::with_capacity(entries.len());
    let mut placed = vec![false; entries.len()];
    for &(_, i) in &numbered {
        emit(i, &followers, &mut placed, &mut order);
    }
    for i in unplaced.clone() {
        if !placed[i] {
            emit(i, &followers, &mut placed, &mut order);
        }
    }
    // What is left never meets a numbered step: steps placed after each
    // other in a ring, and steps placed after one of those.
    let in_ring = |i: usize| {
        let mut j = i;
        for _ in 0..entries.len() {
            match anchor[j] {
                Some(a) if a == i => return true,
                Some(a) => j = a,
                None => return false,
            }
        }
        false
    };
    let left: Vec<usize> = (0..entries.len()).filter(|&i| !placed[i]).collect();
    let ring_files = |i: usize| {
        let mut files = Vec::new();
        let mut j = i;
        loop {
            files.push(entries[j].doc.map_or_else(
                || entries[j].stem.to_string(),
                |d| d.path.display().to_string(),
            ));
            match anchor[j] {
                Some(a) if a != i && files.len() < entries.len() => j = a,
                _ => break,
            }
        }
        files
    };
    for &i in &left {
        let Some(doc) = entries[i].doc else {
            continue;
        };
        let Place::After(name) = entries[i].place else {
            continue;
        };
        let d = if in_ring(i) {
            let others: Vec<String> = ring_files(i).into_iter().skip(1).collect();
            Diagnostic::error(
                "unknown-step",
                format!(
                    "`after:` går i ring: steget og {} peker på hverandre, og ingen av dem på et nummerert steg",
                    others.join(", ")
                ),
            )
            .with_hint("la det første av dem stå etter et steg med `step:`, eller gi det et `step:`")
        } else {
            Diagnostic::error(
                "unknown-step",
                format!(
                    "steget er plassert etter et steg i en ring (`after: {name}`), så det får ingen plass"
                ),
            )
            .with_hint("rett ringen (se feilen for stegene i den), så får dette steget plassen sin")
        };
        diags.push(d.in_file(doc.path.clone()).at_line(doc.line_of("after:")));
    }
    for i in left {
        if !placed[i] {
            emit(i, &followers, &mut placed, &mut order);
        }
    }

    let mut slots: Vec<Option<Step>> = steps.into_iter().map(|(s, _)| Some(s)).collect();
    let mut out = Vec::with_capacity(shown);
    for i in order.into_iter().filter(|&i| i < shown) {
        if let Some(mut step) = slots[i].take() {
            step.number = out.len() as u32 + 1;
            out.push(step);
        }
    }
    out
}

/// Appends step `i` and, after it, every step placed after it.
fn emit(
    i: usize,
    followers: &HashMap<usize, Vec<usize>>,
    placed: &mut [bool],
    order: &mut Vec<usize>,
) {
    // An explicit stack: a long chain of `after:` must not exhaust the
    // call stack.
    let mut stack = vec![i];
    while let Some(j) = stack.pop() {
        if placed[j] {
            continue;
        }
        placed[j] = true;
        order.push(j);
        if let Some(next) = followers.get(&j) {
            stack.extend(next.iter().rev());
        }
    }
}
