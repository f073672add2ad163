//! Checks that span documents: top-level slugs, step numbers, unique slugs
//! and sources.

use std::collections::HashMap;

use crate::content::load::Document;
use crate::model::order::Place;
use crate::model::types::{Guide, Page, Step};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{CONTENT_DIR, HELP_FILE, SEARCH_SLUG, WHATS_NEW_SLUG};

/// Guides and pages need addresses of their own, apart from each other and
/// from the site's own pages: a page titled «Søk» would silently overwrite
/// the search page.
pub(super) fn check_top_level_slugs(
    guides: &[Guide],
    pages: &[Page],
    docs: &[Document],
    diags: &mut Diagnostics,
) {
    check_unique_slugs(
        guides
            .iter()
            .map(|g| (g.slug.as_str(), g.doc))
            .chain(pages.iter().map(|p| (p.slug.as_str(), p.doc))),
        docs,
        diags,
    );
    // The site's own pages (search, what's new) keep their addresses.
    for (slug, doc) in guides
        .iter()
        .map(|g| (&g.slug, g.doc))
        .chain(pages.iter().map(|p| (&p.slug, p.doc)))
    {
        if slug == SEARCH_SLUG || slug == WHATS_NEW_SLUG {
            let d = &docs[doc];
            diags.push(
                Diagnostic::error(
                    "slug-collision",
                    format!("adressen `{slug}` er reservert for nettstedets egen side"),
                )
                .in_file(d.path.clone())
                .at_line(d.line_of("slug:").or_else(|| d.line_of("title:")))
                .with_hint("sett et annet `slug:` i front matter (for en veileder: eller gi mappen et annet navn)"),
            );
        }
    }
}

/// The page that lists who helps, county by county (`help_directory:
/// true`): it needs `content/_hjelp.yaml` to list anything, and the footer
/// links to one such page only.
pub(super) fn check_help_directory(
    pages: &[Page],
    docs: &[Document],
    has_directory: bool,
    county_fixed: bool,
    diags: &mut Diagnostics,
) {
    let mut marked = pages.iter().filter(|p| p.help_directory);
    let Some(first) = marked.next() else {
        if has_directory && !county_fixed {
            diags.push(
                Diagnostic::warning(
                    "help-directory",
                    "content/_hjelp.yaml brukes ikke: ingen side har `help_directory: true`, og site.yaml har ikke `help: county:`",
                )
                .in_file(format!("{CONTENT_DIR}/{HELP_FILE}"))
                .with_hint("gi en side `help_directory: true`, så kan leserne velge fylke der og få hjelpen i bunnteksten; eller sett `county:` under `help:` i site.yaml"),
            );
        }
        return;
    };
    let at = |page: &Page| {
        let d = &docs[page.doc];
        (d.path.clone(), d.line_of("help_directory:"))
    };
    if !has_directory {
        let (file, line) = at(first);
        diags.push(
            Diagnostic::warning(
                "help-directory",
                "siden skal liste hjelpen fylke for fylke (`help_directory: true`), men nettstedet har ingen content/_hjelp.yaml, så listen blir tom",
            )
            .in_file(file)
            .at_line(line)
            .with_hint("legg til content/_hjelp.yaml (se «Hjelp fylke for fylke» i redaktørveiledningen), eller fjern `help_directory: true`"),
        );
    }
    let first_file = docs[first.doc].path.display().to_string();
    for other in marked {
        let (file, line) = at(other);
        diags.push(
            Diagnostic::warning(
                "help-directory",
                format!(
                    "to sider har `help_directory: true`; bunnteksten lenker bare til den første ({first_file})"
                ),
            )
            .in_file(file)
            .at_line(line)
            .with_hint("la én side liste hjelpen fylke for fylke, og fjern `help_directory: true` fra de andre"),
        );
    }
}

pub(super) fn check_step_numbers(
    guide: &Guide,
    steps: &[(Step, Place)],
    docs: &[Document],
    some_hidden: bool,
    diags: &mut Diagnostics,
) {
    let mut numbered: Vec<(u32, usize)> = steps
        .iter()
        .filter_map(|(s, p)| match p {
            Place::Numbered(n) => Some((*n, s.doc)),
            _ => None,
        })
        .collect();
    numbered.sort_unstable();
    for pair in numbered.windows(2) {
        let ((a, a_doc), (b, b_doc)) = (pair[0], pair[1]);
        if a == b {
            let doc = &docs[b_doc];
            diags.push(
                Diagnostic::error(
                    "duplicate-step",
                    format!(
                        "stegnummer {b} er brukt to ganger i veilederen «{}»",
                        guide.title
                    ),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("step:"))
                .with_hint(format!(
                    "{} har også `step: {a}`; gi hvert steg sitt eget nummer, eller bruk `after: FIL` for å sette et steg rett etter et annet",
                    docs[a_doc].path.display(),
                )),
            );
        } else if b != a + 1 && !some_hidden {
            // A hidden step leaves a gap on purpose; the numbers readers
            // see are counted from the order either way.
            let doc = &docs[b_doc];
            diags.push(
                Diagnostic::warning(
                    "step-gap",
                    format!(
                        "veilederen «{}» hopper fra steg {a} til steg {b}",
                        guide.title
                    ),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("step:"))
                .with_hint("nummerer stegene fortløpende (leserne ser numre talt fra rekkefølgen)"),
            );
        }
    }
}

pub(super) fn check_unique_slugs<'a>(
    items: impl Iterator<Item = (&'a str, usize)>,
    docs: &[Document],
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (slug, doc) in items {
        if let Some(&first) = seen.get(slug) {
            let d = &docs[doc];
            diags.push(
                Diagnostic::error(
                    "slug-collision",
                    format!(
                        "adressen `{slug}` brukes allerede av {}",
                        docs[first].path.display()
                    ),
                )
                .in_file(d.path.clone())
                .at_line(d.line_of("slug:").or_else(|| d.line_of("title:")))
                .with_hint("sett et eget `slug:` i front matter, eller endre tittelen"),
            );
        } else {
            seen.insert(slug, doc);
        }
    }
}

/// Every `sources:` entry names a web address (a source must be readable
/// by the next reviewer, and the address lands in a link on the page).
pub(super) fn check_sources(doc: &Document, diags: &mut Diagnostics) {
    for s in doc.meta.sources() {
        let Some(url) = s.url.as_deref().map(str::trim) else {
            continue;
        };
        let web = ["https://", "http://"]
            .iter()
            .any(|p| url.len() > p.len() && url[..p.len()].eq_ignore_ascii_case(p));
        if !web || url.contains(char::is_whitespace) {
            diags.push(
                Diagnostic::error(
                    "invalid-value",
                    format!("kilden «{}» har ingen gyldig nettadresse: `{url}`", s.title),
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of(url).or_else(|| doc.line_of("sources:")))
                .with_hint("skriv hele adressen, for eksempel `https://lovdata.no/lov/2008-06-27-71/§10-1`"),
            );
        }
        if s.title.trim().is_empty() {
            diags.push(
                Diagnostic::error("missing-field", "en kilde mangler `title`")
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of("sources:"))
                    .with_hint("skriv hva kilden er, for eksempel `Plan- og bygningsloven § 10-1`"),
            );
        }
    }
}
