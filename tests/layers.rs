//! The shape of the code: the folders of `src/` follow the data (shared
//! vocabulary → content → model → markdown → render → output → the
//! conductor → the commands), no module imports a later stage, and no two
//! modules import each other, directly or round a loop. Read from the
//! source text, so a new `use` that runs back up a stage fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in data order; a module may use its own stage and earlier ones.
const STAGES: &[&[&str]] = &[
    &["shared"],
    &["content"],
    &["model"],
    &["markdown"],
    &["render"],
    &["output"],
    &["pipeline"],
    &["cms"],
    &["check", "serve", "scaffold", "edition"],
];

fn rank(module: &str) -> Option<usize> {
    let top = module.split("::").next()?;
    STAGES.iter().position(|s| s.contains(&top))
}

/// Every module of the library, by path (`content::config`), with its file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            // Unit tests in a file of their own (`#[cfg(test)] mod tests;`),
            // left out like the `#[cfg(test)]` blocks at the end of a file.
            if path.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("under src");
            let mut parts: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The library code of a file: its text up to the unit tests, without
/// comments.
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    code.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file names through `crate::…`.
fn imports(code: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        // The longest prefix that is a module.
        if let Some(m) = (1..=segments.len())
            .rev()
            .map(|n| segments[..n].join("::"))
            .find(|m| known.contains_key(m))
        {
            out.insert(m);
        }
    }
    // `use crate::a::{b, c}` names modules a::b and a::c.
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(open) = rest.find("::{") {
            let head = &rest[..open];
            if head.contains(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
                continue;
            }
            let inner = &rest[open + 3..rest.find('}').unwrap_or(rest.len())];
            for item in inner.split(',') {
                let item = item.trim().split("::").next().unwrap_or("").trim();
                let m = format!("{head}::{item}");
                if known.contains_key(&m) {
                    out.insert(m);
                }
            }
        }
    }
    out
}

/// A parent module names its children without `crate::` (`sanitize::url`),
/// and a child may reach its parent with `super::`.
fn relative_imports(m: &str, code: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for child in known.keys() {
        let Some(name) = child
            .strip_prefix(m)
            .and_then(|r| r.strip_prefix("::"))
            .filter(|r| !r.contains("::"))
        else {
            continue;
        };
        let needle = format!("{name}::");
        if code.match_indices(&needle).any(|(i, _)| {
            code[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
        }) {
            out.insert(child.clone());
        }
    }
    if let Some((parent, _)) = m.rsplit_once("::") {
        if code.contains("super::") {
            out.insert(parent.to_string());
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&src);
    known
        .iter()
        .map(|(m, path)| {
            let text = std::fs::read_to_string(path).expect("readable");
            let code = code_of(&text);
            let mut deps = imports(&code, &known);
            deps.extend(relative_imports(m, &code, &known));
            deps.remove(m);
            (m.clone(), deps)
        })
        .collect()
}

#[test]
fn every_module_belongs_to_a_stage() {
    let g = graph();
    assert!(g.len() > 20, "found only {} modules", g.len());
    let homeless: Vec<&String> = g.keys().filter(|m| rank(m).is_none()).collect();
    assert!(
        homeless.is_empty(),
        "modules outside the stages: {homeless:?}"
    );
}

#[test]
fn no_import_runs_back_up_a_stage() {
    let mut wrong = Vec::new();
    for (m, deps) in graph() {
        for d in deps {
            if rank(&d) > rank(&m) {
                wrong.push(format!("{m} -> {d}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the data flow: {wrong:#?}"
    );
}

#[test]
fn no_import_cycle() {
    let g = graph();
    // Depth-first search with colours: grey = on the current path.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for d in g.get(m).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                0 => visit(d, g, state, path, cycles),
                1 => {
                    let start = path.iter().position(|p| p == d).unwrap_or(0);
                    let mut c = path[start..].to_vec();
                    c.push(d.clone());
                    cycles.push(c.join(" -> "));
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for m in g.keys() {
        if !state.contains_key(m) {
            visit(m, &g, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_checker_sees_imports() {
    // The test above would pass on a parser that finds nothing: it must
    // find known edges.
    let g = graph();
    assert!(g["model"].contains("model::build"), "{:?}", g["model"]);
    assert!(
        g["model::build"].contains("content::config"),
        "{:?}",
        g["model::build"]
    );
    assert!(g["pipeline"].contains("render"), "{:?}", g["pipeline"]);
    assert!(g["content::load"].contains("shared::diagnostics"));
    // A parent names its children without `crate::` (`renderer::render`).
    assert!(
        g["markdown"].contains("markdown::renderer"),
        "{:?}",
        g["markdown"]
    );
    assert!(
        g["markdown::renderer"].contains("markdown::sanitize"),
        "{:?}",
        g["markdown::renderer"]
    );
}
