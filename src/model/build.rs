//! Building the model: [`build_model`] turns loaded documents into guides
//! with numbered steps and top-level pages, chooses slugs and collects what
//! links may point to.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::content::config::SiteConfig;
use crate::content::frontmatter::{CycleKind, GuideMeta, PageMeta, StepMeta};
use crate::content::load::{Document, Meta};
use crate::model::checks::{
    check_help_directory, check_sources, check_step_numbers, check_top_level_slugs,
    check_unique_slugs,
};
use crate::model::dates::{guide_dates, guide_timeline, period_or_error, resolve_expr};
use crate::model::legal::resolve_legal;
use crate::model::order::{file_stem, order_steps, place_of, Hidden, Place};
use crate::model::requirements::{guide_rules, step_formkrav};
use crate::model::types::{
    Cycle, CycleYear, Guide, LinkTarget, ModelInputs, Page, PageId, Site, Step,
};
use crate::shared::dates::{is_year_anchor, year_anchors};
use crate::shared::diagnostics::{Diagnostic, Diagnostics};
use crate::shared::file_names::{CHECKLIST_SLUG, STATUS_SLUG, TIMELINE_SLUG};
use crate::shared::slug::slugify;

/// Builds the model. Documents with errors were already left out by the
/// loader; problems found here are returned together with the model, which
/// is still usable for as much as was valid.
pub fn build_model(inputs: ModelInputs) -> (Site, Diagnostics) {
    let ModelInputs {
        config,
        docs,
        failed_keys,
        static_files,
        hidden_steps,
    } = inputs;
    let mut diags = Diagnostics::default();
    for doc in &docs {
        check_sources(doc, &mut diags);
    }

    // Guides and pages first, so steps find their guide.
    let mut index = None;
    let mut guides: Vec<Guide> = Vec::new();
    let mut guide_by_dir: HashMap<String, usize> = HashMap::new();
    let mut pages: Vec<Page> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        match &doc.meta {
            Meta::Index(_) => index = Some(i),
            Meta::Page(m) => pages.push(new_page(i, doc, m, &config, &mut diags)),
            Meta::Guide { dir, meta } => {
                guide_by_dir.insert(dir.clone(), guides.len());
                guides.push(new_guide(i, doc, dir, meta, &config, &mut diags));
            }
            Meta::Step { .. } => {}
        }
    }
    let mut placed: Vec<Vec<(Step, Place)>> = vec![Vec::new(); guides.len()];
    for (i, doc) in docs.iter().enumerate() {
        let Meta::Step { dir, meta } = &doc.meta else {
            continue;
        };
        // A guide whose _guide.md failed to load was reported already.
        if let Some(&g) = guide_by_dir.get(dir) {
            let step = new_step(i, doc, meta, &guides[g], &config, &mut diags);
            let place = place_of(doc, &mut diags);
            placed[g].push((step, place));
        }
    }

    for (guide, steps) in guides.iter_mut().zip(placed) {
        let dir = docs[guide.doc].key.split('/').next().unwrap_or_default();
        let some_hidden = config
            .hide
            .iter()
            .any(|key| key.strip_prefix(dir).is_some_and(|k| k.starts_with('/')));
        let hidden = hidden_places(&hidden_steps, dir);
        check_step_numbers(guide, &steps, &docs, some_hidden, &mut diags);
        guide.steps = order_steps(steps, &hidden, &docs, &mut diags);
        check_unique_slugs(
            guide.steps.iter().map(|s| (s.slug.as_str(), s.doc)),
            &docs,
            &mut diags,
        );
    }
    guides.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
    pages.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
    check_top_level_slugs(&guides, &pages, &docs, &mut diags);
    check_help_directory(
        &pages,
        &docs,
        config.help_directory.is_some(),
        config.help.as_ref().is_some_and(|h| h.county.is_some()),
        &mut diags,
    );

    let targets = link_targets(index, &guides, &pages, &docs, &config.base_path);
    let accessibility_statement = accessibility_statement(&config, &targets, &mut diags);
    let doc_pages = doc_pages(index, &guides, &pages, docs.len());
    let site = Site {
        config,
        docs,
        index,
        guides,
        pages,
        targets,
        accessibility_statement,
        failed_keys,
        doc_pages,
        static_files,
    };
    (site, diags)
}

/// The places of the hidden base steps of guide folder `dir` (their own
/// mistakes are the base's, and not reported).
fn hidden_places(hidden: &[Document], dir: &str) -> Vec<Hidden> {
    hidden
        .iter()
        .filter_map(|doc| match &doc.meta {
            Meta::Step { dir: d, meta } if d == dir => {
                let mut ignored = Diagnostics::default();
                Some(Hidden {
                    stem: file_stem(doc).to_string(),
                    slug: choose_slug(doc, meta.slug.as_deref(), &meta.title, &mut ignored),
                    place: place_of(doc, &mut ignored),
                })
            }
            _ => None,
        })
        .collect()
}

/// A top-level page from its file.
pub(super) fn new_page(
    i: usize,
    doc: &Document,
    m: &PageMeta,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Page {
    let slug = choose_slug(doc, m.slug.as_deref(), &m.title, diags);
    Page {
        doc: i,
        url: format!("{}{slug}/", config.base_path),
        slug,
        title: require_text(doc, "title", &m.title, diags),
        summary: m.summary.clone(),
        order: m.order,
        lang: m.lang.unwrap_or(config.language),
        updated: m.updated.map(|d| d.0),
        unlisted: m.unlisted,
        docx: m.docx,
        help_directory: m.help_directory,
    }
}

/// A guide from its `_guide.md`, with its own dates and its timeline.
pub(super) fn new_guide(
    i: usize,
    doc: &Document,
    dir: &str,
    meta: &GuideMeta,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Guide {
    let slug = match &meta.slug {
        Some(s) => choose_slug(doc, Some(s), &meta.title, diags),
        None => {
            let s = slugify(dir);
            if s.is_empty() {
                slugify(&meta.title)
            } else {
                s
            }
        }
    };
    let lang = meta.lang.unwrap_or(config.language);
    let years = budget_years(doc, meta, config, diags);
    let anchors = years.first().map_or_else(Vec::new, |&y| year_anchors(y));
    let dates = guide_dates(doc, meta, anchors, config, diags);
    let (phases, milestones) = guide_timeline(doc, meta, lang, &dates, config, diags);
    let rules = if years.is_empty() {
        guide_rules(doc, meta, lang, &dates, config, diags)
    } else {
        // A yearly guide's rules are judged for every budget year, and a
        // broken one names its year, the first too.
        let mut first = Diagnostics::default();
        let rules = guide_rules(doc, meta, lang, &dates, config, &mut first);
        for mut d in first.into_vec() {
            if d.code == "rule-broken" || d.code == "rule-tight" {
                d.message = format!("{} (budsjettåret {})", d.message, years[0]);
            }
            diags.push(d);
        }
        rules
    };
    let cycle = (!years.is_empty()).then(|| {
        let mut cycle_years = vec![CycleYear {
            year: years[0],
            dates: dates.clone(),
            phases: phases.clone(),
            milestones: milestones.clone(),
        }];
        for &year in &years[1..] {
            // Mistakes in the expressions were reported for the first
            // year; what differs from year to year is whether the law's
            // rules hold (holidays and weekends move the defaults).
            let mut again = Diagnostics::default();
            let dates = guide_dates(doc, meta, year_anchors(year), config, &mut again);
            let (phases, milestones) = guide_timeline(doc, meta, lang, &dates, config, &mut again);
            guide_rules(doc, meta, lang, &dates, config, &mut again);
            for d in again.into_vec() {
                if d.code == "rule-broken" || d.code == "rule-tight" {
                    let mut d = d;
                    d.message = format!("{} (budsjettåret {year})", d.message);
                    diags.push(d);
                }
            }
            cycle_years.push(CycleYear {
                year,
                dates,
                phases,
                milestones,
            });
        }
        Cycle { years: cycle_years }
    });
    Guide {
        doc: i,
        url: format!("{}{slug}/", config.base_path),
        slug,
        title: require_text(doc, "title", &meta.title, diags),
        summary: meta.summary.clone(),
        order: meta.order,
        lang,
        updated: meta.updated.map(|d| d.0),
        phases,
        milestones,
        dates,
        rules,
        steps: Vec::new(),
        cycle,
    }
}

/// The budget years of a yearly guide (none for another guide): the four
/// years whose budget the council of the period adopts. A yearly guide
/// needs the period, and dates counted from `year_start` or `year_end`.
fn budget_years(
    doc: &Document,
    meta: &GuideMeta,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<i32> {
    if meta.cycle != Some(CycleKind::Yearly) {
        return Vec::new();
    }
    let Some(period) = period_or_error(doc, "cycle:", config, diags) else {
        return Vec::new();
    };
    let counts_from_year = meta.dates.iter().any(|d| {
        let anchor = d.default.split(['+', '-']).next().unwrap_or("").trim();
        is_year_anchor(anchor)
    });
    if !counts_from_year {
        diags.push(
            Diagnostic::error(
                "invalid-value",
                "guiden har `cycle: yearly`, men ingen av datoene under `dates:` regnes fra budsjettåret",
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("cycle:"))
            .with_hint("gi minst én dato en standardverdi fra `year_start` (1. januar i budsjettåret) eller `year_end` (31. desember), for eksempel `default: year_start - 3w`"),
        );
    }
    let first = period.constituted.year() + 1;
    (first..first + 4).collect()
}

/// A step of `guide` from its file: its address, legal references and
/// dates, with every problem of its own.
pub(super) fn new_step(
    i: usize,
    doc: &Document,
    meta: &StepMeta,
    guide: &Guide,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Step {
    let slug = choose_slug(doc, meta.slug.as_deref(), &meta.title, diags);
    if slug == CHECKLIST_SLUG || slug == TIMELINE_SLUG || slug == STATUS_SLUG {
        diags.push(
            Diagnostic::error(
                "slug-collision",
                format!("adressen `{slug}` er reservert for veilederens egen side"),
            )
            .in_file(doc.path.clone())
            .at_line(doc.line_of("title").or(Some(doc.yaml_line)))
            .with_hint("sett et annet `slug:` i front matter"),
        );
    }
    let legal = resolve_legal(doc, meta, meta.lang.unwrap_or(guide.lang), config, diags);
    let when = meta.when.as_ref().and_then(|w| {
        let named = &guide.dates;
        let start = resolve_expr(doc, "start", &w.start, named, config, diags)?;
        let end = match &w.end {
            Some(e) => Some(resolve_expr(doc, "end", e, named, config, diags)?),
            None => None,
        };
        if let Some(end) = &end {
            if end.date < start.date {
                diags.push(
                    Diagnostic::error("invalid-value", "`when.end` ligger før `when.start`")
                        .in_file(doc.path.clone())
                        .at_line(doc.line_of("end:"))
                        .with_hint("bytt om start og end, eller rett datouttrykket"),
                );
            }
        }
        Some((start, end))
    });
    let mut changes: Vec<(NaiveDate, String)> = meta
        .changes
        .iter()
        .map(|c| (c.date.0, c.note.clone()))
        .collect();
    changes.sort_by_key(|c| std::cmp::Reverse(c.0));
    Step {
        doc: i,
        // Its position, set when the guide's steps are put in order.
        number: 0,
        url: format!("{}{slug}/", guide.url),
        slug,
        title: require_text(doc, "title", &meta.title, diags),
        kind: meta.kind,
        summary: require_text(doc, "summary", &meta.summary, diags),
        lang: meta.lang.unwrap_or(guide.lang),
        updated: meta.updated.0,
        reviewed: meta
            .reviewed
            .map_or(meta.updated.0, |r| r.0.max(meta.updated.0)),
        legal,
        when,
        changes,
        formkrav: step_formkrav(
            doc,
            meta,
            meta.lang.unwrap_or(guide.lang),
            &guide.dates,
            config,
            diags,
        ),
    }
}

/// What `@/…` links name: each document's key → its page and URL.
pub(super) fn link_targets(
    index: Option<usize>,
    guides: &[Guide],
    pages: &[Page],
    docs: &[Document],
    base: &str,
) -> HashMap<String, LinkTarget> {
    let mut targets: HashMap<String, LinkTarget> = HashMap::new();
    for g in guides {
        targets.insert(
            docs[g.doc].key.clone(),
            LinkTarget {
                doc: g.doc,
                url: g.url.clone(),
            },
        );
        for s in &g.steps {
            targets.insert(
                docs[s.doc].key.clone(),
                LinkTarget {
                    doc: s.doc,
                    url: s.url.clone(),
                },
            );
        }
    }
    for p in pages {
        targets.insert(
            docs[p.doc].key.clone(),
            LinkTarget {
                doc: p.doc,
                url: p.url.clone(),
            },
        );
    }
    if let Some(i) = index {
        targets.insert(
            docs[i].key.clone(),
            LinkTarget {
                doc: i,
                url: base.to_string(),
            },
        );
    }
    targets
}

/// The accessibility statement's URL: `@/…` resolved to its page.
pub(super) fn accessibility_statement(
    config: &SiteConfig,
    targets: &HashMap<String, LinkTarget>,
    diags: &mut Diagnostics,
) -> Option<String> {
    config.accessibility_statement.as_ref().and_then(|a| {
        match a.strip_prefix("@/") {
            Some(key) => match targets.get(key) {
                Some(t) => Some(t.url.clone()),
                None => {
                    diags.push(
                        Diagnostic::error(
                            "broken-link",
                            format!("accessibility_statement peker på `{a}`, som ikke finnes"),
                        )
                        .in_file(crate::shared::file_names::CONFIG_FILE)
                        .with_hint("skriv stien til en side under content/, for eksempel `@/tilgjengelighetserklaering.md`"),
                    );
                    None
                }
            },
            None => Some(a.clone()),
        }
    })
}

/// The page each document becomes, by document index.
pub(super) fn doc_pages(
    index: Option<usize>,
    guides: &[Guide],
    pages: &[Page],
    count: usize,
) -> Vec<Option<PageId>> {
    let mut doc_pages = vec![None; count];
    if let Some(i) = index {
        doc_pages[i] = Some(PageId::Front);
    }
    for (g, guide) in guides.iter().enumerate() {
        doc_pages[guide.doc] = Some(PageId::Guide(g));
        for (s, step) in guide.steps.iter().enumerate() {
            doc_pages[step.doc] = Some(PageId::Step(g, s));
        }
    }
    for (p, page) in pages.iter().enumerate() {
        doc_pages[page.doc] = Some(PageId::Page(p));
    }
    doc_pages
}

pub(super) fn require_text(
    doc: &Document,
    field: &str,
    value: &str,
    diags: &mut Diagnostics,
) -> String {
    if value.trim().is_empty() {
        diags.push(
            Diagnostic::error("missing-field", format!("feltet `{field}` er tomt"))
                .in_file(doc.path.clone())
                .at_line(doc.line_of(&format!("{field}:")))
                .with_hint(format!("skriv en tekst etter `{field}:`")),
        );
    }
    value.trim().to_string()
}

/// An explicit slug must already be a slug; otherwise one is made from the title.
pub(super) fn choose_slug(
    doc: &Document,
    explicit: Option<&str>,
    title: &str,
    diags: &mut Diagnostics,
) -> String {
    match explicit {
        Some(s) => {
            let clean = slugify(s);
            if clean != s || clean.is_empty() {
                diags.push(
                    Diagnostic::error("invalid-value", format!("ugyldig slug `{s}`"))
                        .in_file(doc.path.clone())
                        .at_line(doc.line_of("slug:"))
                        .with_hint(format!(
                            "bruk bare små bokstaver a–z, tall og bindestrek, for eksempel `{}`",
                            if clean.is_empty() {
                                "mitt-steg"
                            } else {
                                &clean
                            }
                        )),
                );
            }
            if clean.is_empty() {
                "side".to_string()
            } else {
                clean
            }
        }
        None => {
            let s = slugify(title);
            if s.is_empty() {
                "side".to_string()
            } else {
                s
            }
        }
    }
}
