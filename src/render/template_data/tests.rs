//! The README's table of template variables against these types: the
//! fixture site and the bundled site are rendered to template contexts,
//! and every variable and field found must be in the table, and every
//! one the table names must be found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::{GuideData, GuideNavData};
use crate::render::{context_of, PageRenderer};

/// Template → variable path (`""` for the top level, `step.legal` for
/// the items of `step.legal`) → its fields.
type Shapes = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

const EVERY_TEMPLATE: &str = "every template";
const EVERY_PAGE: &str = "every page";

/// The fields of every object in `value`, by path; lists are looked
/// through. `t` (the interface text, keyed by string) is not a contract
/// of fields.
fn collect(value: &Value, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match value {
        Value::Object(map) => {
            out.entry(path.to_string())
                .or_default()
                .extend(map.keys().cloned());
            for (key, v) in map {
                if path.is_empty() && key == "t" {
                    continue;
                }
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                collect(v, &child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, path, out)),
        _ => {}
    }
}

/// What the templates of the site at `root` get, by template.
fn site_shapes(root: &Path, out: &mut Shapes) {
    let built = crate::pipeline::render_site(root, None)
        .unwrap_or_else(|d| panic!("{} builds: {d:?}", root.display()));
    let (site, bodies) = (built.site, built.bodies);
    let theme = crate::render::theme::load(
        &crate::content::layers::Layers::single(root),
        &site.config.theme,
    )
    .unwrap_or_else(|d| panic!("theme of {} loads: {d:?}", root.display()));
    let renderer = PageRenderer::new(&theme.templates, &site, &bodies);
    for id in site.page_ids() {
        let (template, context) = renderer.page_context(id).expect("page renders");
        collect(
            &context.into_json(),
            "",
            out.entry(template.to_string()).or_default(),
        );
    }
    for guide in &site.guides {
        let mut context = renderer.base_context(guide.lang);
        context.extend(context_of(&GuideNavData {
            guide: GuideData::new(&site, guide, &bodies, ""),
        }));
        collect(
            &context.into_json(),
            "",
            out.entry("guide_nav.html".to_string()).or_default(),
        );
    }
}

/// The words in backticks.
fn quoted(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The README's table: template (or "every template", "every page") →
/// path → fields.
fn readme_table(readme: &str) -> Shapes {
    let mut out = Shapes::new();
    let mut rows = readme
        .lines()
        .skip_while(|l| l.trim() != "| template | variable | fields |")
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .peekable();
    assert!(
        rows.peek().is_some(),
        "README has the table of template variables"
    );
    let mut templates: Vec<String> = Vec::new();
    for row in rows {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        assert_eq!(cells.len(), 3, "three cells in README row {row}");
        let template = cells[0].trim();
        if !template.is_empty() {
            templates = if template == EVERY_TEMPLATE || template == EVERY_PAGE {
                vec![template.to_string()]
            } else {
                quoted(template)
            };
        }
        assert!(!templates.is_empty(), "a template for README row {row}");
        let paths = match cells[1].trim() {
            "top level" => vec![String::new()],
            other => quoted(other),
        };
        assert!(!paths.is_empty(), "a variable in README row {row}");
        // Notes follow a dash; the fields come before it.
        let fields = quoted(cells[2].split('—').next().unwrap_or(""));
        for t in &templates {
            for p in &paths {
                out.entry(t.clone())
                    .or_default()
                    .entry(p.clone())
                    .or_default()
                    .extend(fields.iter().cloned());
            }
        }
    }
    out
}

fn show(path: &str) -> &str {
    if path.is_empty() {
        "top level"
    } else {
        path
    }
}

/// Every difference between the README's table and what the sites'
/// templates get.
fn differences(table: &Shapes, found: &Shapes) -> Vec<String> {
    let mut problems = Vec::new();
    // What the data has, the README must name: per template, every
    // field at every path.
    let empty = BTreeMap::new();
    for (template, shapes) in found {
        let mut parts = vec![EVERY_TEMPLATE, template.as_str()];
        if template != "guide_nav.html" {
            parts.push(EVERY_PAGE);
        }
        for (path, fields) in shapes {
            let named: BTreeSet<&String> = parts
                .iter()
                .filter_map(|part| table.get(*part).unwrap_or(&empty).get(path))
                .flatten()
                .collect();
            let missing: Vec<&String> = fields.iter().filter(|f| !named.contains(f)).collect();
            if !missing.is_empty() {
                problems.push(format!(
                    "`{template}` `{}`: the README's table lacks {missing:?}",
                    show(path)
                ));
            }
        }
    }
    // What the README names, the data must have: each row's fields on
    // at least one page of the templates it is for (the front page's
    // breadcrumbs are empty, other pages' are not).
    for (part, rows) in table {
        let templates: Vec<&String> = match part.as_str() {
            EVERY_TEMPLATE => found.keys().collect(),
            EVERY_PAGE => found.keys().filter(|t| *t != "guide_nav.html").collect(),
            _ if !found.contains_key(part) => {
                problems.push(format!("the README names a template `{part}` no page uses"));
                continue;
            }
            _ => vec![part],
        };
        for (path, fields) in rows {
            let has: BTreeSet<&String> = templates
                .iter()
                .filter_map(|t| found[*t].get(path))
                .flatten()
                .collect();
            let extra: Vec<&String> = fields.iter().filter(|f| !has.contains(f)).collect();
            if !extra.is_empty() {
                problems.push(format!(
                    "{part} `{}`: the README names {extra:?}, which neither the fixture \
                     nor the bundled site's template data has",
                    show(path)
                ));
            }
        }
    }
    problems
}

#[test]
fn readme_table_matches_template_data() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Shapes::new();
    site_shapes(&repo.join("tests/fixtures/mini"), &mut found);
    site_shapes(repo, &mut found);
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README.md");
    let problems = differences(&readme_table(&readme), &found);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check itself: the table's rows (shared templates and variables,
/// notes after the dash), and a field missing on either side.
#[test]
fn readme_check_notices_differences() {
    let table = readme_table(
        "| template | variable | fields |\n|---|---|---|\n\
         | every template | top level | `t` |\n\
         | every page | top level | `title` |\n\
         | `a.html`, `b.html` | top level | `x`, `y`, `w` — `z` is a note |\n\
         | | `x`, `w` | `p` |\n",
    );
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(table["a.html"][""], set(&["x", "y", "w"]));
    assert_eq!(table["b.html"]["w"], set(&["p"]));

    let mut found = Shapes::new();
    let page = serde_json::json!({"title": "T", "x": [{"p": 1}], "y": 2, "w": {"p": 3},
                                  "t": {"k": "v"}});
    collect(&page, "", found.entry("a.html".into()).or_default());
    collect(&page, "", found.entry("b.html".into()).or_default());
    assert!(
        !found["a.html"].contains_key("t"),
        "the interface text is not walked"
    );
    assert_eq!(differences(&table, &found), Vec::<String>::new());

    // A field the data has and the table lacks, and one the table names
    // that no page has.
    let page = serde_json::json!({"title": "T", "t": {}, "x": [{"p": 1, "q": 2}], "w": {"p": 3}});
    found.clear();
    collect(&page, "", found.entry("a.html".into()).or_default());
    collect(&page, "", found.entry("b.html".into()).or_default());
    let problems = differences(&table, &found);
    assert!(
        problems.iter().any(|p| p.contains("lacks [\"q\"]")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("names [\"y\"]")),
        "{problems:?}"
    );
}
