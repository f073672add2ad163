//! The order of a guide's steps and the numbers readers see.
//!
//! A step has either `step: N` (its place among the numbered steps) or
//! `after: FILE` (right after another step of the same guide, named by its
//! file name, with or without `.md`, or by its slug). The numbers readers
//! see («Steg 5 av 10») are the positions in the final order, so a county
//! edition can put a step between two national ones, or hide one, without
//! renumbering any file.

use std::collections::HashMap;

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
/// themselves.
pub(super) fn place_of(doc: &Document, diags: &mut Diagnostics) -> Place {
    let Meta::Step { meta, .. } = &doc.meta else {
        return Place::Unplaced;
    };
    match (meta.step, &meta.after) {
        (Some(0), _) => {
            diags.push(
                Diagnostic::error("invalid-value", "stegnummeret må være 1 eller høyere")
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of("step:"))
                    .with_hint("nummerer stegene 1, 2, 3 …"),
            );
            Place::Numbered(0)
        }
        (Some(_), Some(_)) => {
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
            Place::Numbered(meta.step.unwrap_or(0))
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
fn file_stem(doc: &Document) -> &str {
    let name = doc.key.rsplit('/').next().unwrap_or(&doc.key);
    name.strip_suffix(".md").unwrap_or(name)
}

/// Puts `steps` (each with its place) in reading order and numbers them
/// 1, 2, 3 …: the numbered steps by number (then file), each followed by
/// the steps placed after it (in file order, each followed by its own).
/// `hidden` names steps of this guide hidden by the site (for a clear
/// message when `after:` names one).
pub(super) fn order_steps(
    steps: Vec<(Step, Place)>,
    docs: &[Document],
    hidden: &[String],
    diags: &mut Diagnostics,
) -> Vec<Step> {
    let mut numbered: Vec<(u32, usize)> = Vec::new();
    let mut unplaced: Vec<usize> = Vec::new();
    // Which step each name (file name, slug) means.
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, (step, _)) in steps.iter().enumerate() {
        by_name.insert(file_stem(&docs[step.doc]), i);
        by_name.entry(step.slug.as_str()).or_insert(i);
    }
    let mut followers: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, (step, place)) in steps.iter().enumerate() {
        match place {
            Place::Numbered(n) => numbered.push((*n, i)),
            Place::Unplaced => unplaced.push(i),
            Place::After(name) => match by_name.get(name.as_str()) {
                Some(&anchor) if anchor != i => followers.entry(anchor).or_default().push(i),
                found => {
                    let doc = &docs[step.doc];
                    let (message, hint) = if found.is_some() {
                        (
                            format!("steget kan ikke stå etter seg selv (`after: {name}`)"),
                            "skriv filnavnet til steget som skal komme før".to_string(),
                        )
                    } else if hidden.iter().any(|h| h == name) {
                        (
                            format!("`after: {name}` nevner et steg som er skjult i site.yaml (`hide:`)"),
                            "sett steget etter steget før det skjulte".to_string(),
                        )
                    } else {
                        let mut names: Vec<&str> =
                            steps.iter().map(|(s, _)| file_stem(&docs[s.doc])).collect();
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
                    unplaced.push(i);
                }
            },
        }
    }
    numbered.sort_by_key(|&(n, i)| (n, steps[i].0.doc));
    for list in followers.values_mut() {
        list.sort_by(|&a, &b| docs[steps[a].0.doc].key.cmp(&docs[steps[b].0.doc].key));
    }

    let mut order: Vec<usize> = Vec::with_capacity(steps.len());
    let mut placed = vec![false; steps.len()];
    for &(_, i) in &numbered {
        emit(i, &followers, &mut placed, &mut order);
    }
    // Steps placed after each other in a ring never meet a numbered step.
    for (i, (step, place)) in steps.iter().enumerate() {
        if !placed[i] && matches!(place, Place::After(_)) && !unplaced.contains(&i) {
            let doc = &docs[step.doc];
            diags.push(
                Diagnostic::error(
                    "unknown-step",
                    "`after:` går i ring: stegene peker på hverandre, og ingen av dem på et nummerert steg",
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("after:"))
                .with_hint("la det første av dem stå etter et steg med `step:`"),
            );
            unplaced.push(i);
        }
    }
    for i in unplaced {
        if !placed[i] {
            emit(i, &followers, &mut placed, &mut order);
        }
    }

    let mut slots: Vec<Option<Step>> = steps.into_iter().map(|(s, _)| Some(s)).collect();
    let mut out = Vec::with_capacity(order.len());
    for (n, i) in order.into_iter().enumerate() {
        if let Some(mut step) = slots[i].take() {
            step.number = n as u32 + 1;
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
