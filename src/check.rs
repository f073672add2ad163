//! `stegvis check`: validates a whole site without writing anything, for
//! county advisers before they publish and for CI pipelines. It reports
//! everything the build rejects, and on top: links in the finished pages
//! that lead nowhere (in Markdown and templates alike), missing heading
//! anchors, pages whose language is only assumed, steps not reviewed for a
//! long time, and — only with `--external` — external links that fail.

use percent_encoding::percent_decode_str;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::content::load::Meta;
use crate::model::{PageId, Site};
use crate::output::write::OutputFile;
use crate::pipeline::{self, SiteOutput};
use crate::shared::diagnostics::{Diagnostic, Diagnostics, Severity};

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Also fetch every external link (opt-in: slow, needs the network).
    pub external: bool,
    /// "Today", for the review-age warning.
    pub today: NaiveDate,
}

/// Runs every check; the findings are sorted by file and line.
pub fn check(opts: &CheckOptions) -> Diagnostics {
    let mut findings = Diagnostics::default();
    match pipeline::render_in_memory(&opts.root, None) {
        Ok(out) => {
            findings.extend(out.warnings.0.iter().cloned());
            findings.extend(model_checks(&out.site, opts.today));
            findings.extend(placeholder_checks(&opts.root, &out.site));
            findings.extend(link_checks(&out));
            if opts.external {
                findings.extend(external_checks(&out));
            }
        }
        Err(failed) => {
            findings.extend(failed.diagnostics.into_vec());
            // The model the build got to serves the checks that need no
            // pages.
            if let Some(site) = failed.site {
                findings.extend(model_checks(&site, opts.today));
            }
        }
    }
    let mut seen = HashSet::new();
    findings.0.retain(|d| seen.insert(d.clone()));
    findings.sort();
    findings
}

/// What `stegvis init` and the bundled example write for the site to fill
/// in: addresses under `example.no` and the example county's name.
const PLACEHOLDERS: [&str; 2] = ["example.no", "Eksempelfylket"];

fn placeholder_in(text: &str) -> Option<&'static str> {
    PLACEHOLDERS.into_iter().find(|p| text.contains(p))
}

fn placeholder_warning(found: &str, file: PathBuf, line: usize) -> Diagnostic {
    Diagnostic::warning(
        "placeholder",
        format!("`{found}` er en eksempelverdi fra malen og står fortsatt her"),
    )
    .in_file(file)
    .at_line(Some(line))
    .with_hint("bytt den ut med nettstedets egen adresse, e-post eller navn før dere publiserer")
}

/// Example values left from the template (`example.no` addresses, the
/// example county): in `site.yaml`, in front matter, and in the text and
/// link addresses of the Markdown — not in code, where the editors' guide
/// shows them as examples.
pub fn placeholder_checks(root: &std::path::Path, site: &Site) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut out = Vec::new();
    let config = crate::shared::file_names::CONFIG_FILE;
    if let Ok(text) = std::fs::read_to_string(root.join(config)) {
        for (i, line) in text.lines().enumerate() {
            let value = line.split('#').next().unwrap_or("");
            if let Some(p) = placeholder_in(value) {
                out.push(placeholder_warning(p, PathBuf::from(config), i + 1));
            }
        }
    }
    for doc in &site.docs {
        for (i, line) in doc.yaml.lines().enumerate() {
            if let Some(p) = placeholder_in(line.split(" #").next().unwrap_or("")) {
                out.push(placeholder_warning(p, doc.path.clone(), doc.yaml_line + i));
            }
        }
        let mut in_code = false;
        for (event, range) in Parser::new_ext(&doc.body, Options::all()).into_offset_iter() {
            let found = match &event {
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    None
                }
                Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                    in_code = false;
                    None
                }
                Event::Text(t) if !in_code => placeholder_in(t),
                Event::Start(Tag::Link { dest_url, .. }) => placeholder_in(dest_url),
                _ => None,
            };
            if let Some(p) = found {
                let line = doc.body_line + doc.body[..range.start].matches('\n').count();
                out.push(placeholder_warning(p, doc.path.clone(), line));
            }
        }
    }
    out
}

/// Checks on the model: languages, review age, and change logs written
/// newest first (as the editors' guide asks; the pages sort them anyway,
/// but a file read from the top should show the latest change first).
pub fn model_checks(site: &Site, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in &site.docs {
        let Meta::Step { meta, .. } = &doc.meta else {
            continue;
        };
        if meta.changes.windows(2).any(|w| w[0].date < w[1].date) {
            out.push(
                Diagnostic::warning(
                    "changes-order",
                    "endringene under `changes` står ikke med den nyeste først",
                )
                .in_file(doc.path.clone())
                .at_line(doc.line_of("changes:"))
                .with_hint("flytt den nyeste endringen øverst; sidene viser dem uansett med den nyeste først"),
            );
        }
    }
    let explicit = site.config.language_explicit;
    let guide_lang: HashMap<&str, bool> = site
        .docs
        .iter()
        .filter_map(|d| match &d.meta {
            Meta::Guide { dir, meta } => Some((dir.as_str(), meta.lang.is_some())),
            _ => None,
        })
        .collect();
    for doc in &site.docs {
        let declared = match &doc.meta {
            Meta::Index(m) | Meta::Page(m) => m.lang.is_some(),
            Meta::Guide { meta, .. } => meta.lang.is_some(),
            Meta::Step { dir, meta } => {
                meta.lang.is_some() || guide_lang.get(dir.as_str()).copied().unwrap_or(false)
            }
        };
        if !declared && !explicit {
            out.push(
                Diagnostic::warning(
                    "no-language",
                    "siden sier ikke hvilken målform den er skrevet på",
                )
                .in_file(doc.path.clone())
                .at_line(Some(doc.yaml_line))
                .with_hint("legg til `lang: nb` eller `lang: nn` her, eller `language:` i site.yaml for hele nettstedet"),
            );
        }
    }
    let max_age = i64::from(site.config.review_after_days);
    for guide in &site.guides {
        for step in &guide.steps {
            let age = (today - step.reviewed).num_days();
            if age > max_age {
                let doc = &site.docs[step.doc];
                out.push(
                    Diagnostic::warning(
                        "stale-step",
                        format!(
                            "steget ble sist oppdatert eller gjennomgått {} ({age} dager siden)",
                            step.reviewed.format("%Y-%m-%d")
                        ),
                    )
                    .in_file(doc.path.clone())
                    .at_line(doc.line_of("reviewed:").or_else(|| doc.line_of("updated:")))
                    .with_hint(format!(
                        "les gjennom steget mot gjeldende regelverk og sett `reviewed: {}` (grensen er {max_age} dager, `review_after_days` i site.yaml)",
                        today.format("%Y-%m-%d")
                    )),
                );
            }
        }
    }
    out
}

/// `href` and `src` values in an HTML document.
fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            // Only attributes: the character before must be whitespace.
            let before = rest[..i].chars().last();
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            if before.is_some_and(char::is_whitespace) {
                out.push(html_unescape(&rest[..end]));
            }
            rest = &rest[end..];
        }
    }
    out
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every internal link in the finished pages must lead to a file, and its
/// `#anchor` to an element with that id.
pub fn link_checks(out: &SiteOutput) -> Vec<Diagnostic> {
    let texts: HashMap<&str, &str> = out
        .files
        .iter()
        .filter_map(|f| match f {
            OutputFile::Text { path, text } => Some((path.as_str(), text.as_str())),
            OutputFile::Bytes { .. } | OutputFile::Asset(_) => None,
        })
        .collect();
    let all: HashSet<&str> = out.files.iter().map(OutputFile::path).collect();
    page_link_checks(&out.site, &texts, &all, None)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}

/// The links of the rendered pages (`texts`, by output path; `all` every
/// file of the site), those of `only` when given: each problem with the
/// page it is on. `check` runs it on every page; the preview on the pages
/// a save rendered again, so it shows what `check` shows.
pub fn page_link_checks(
    site: &Site,
    texts: &HashMap<&str, &str>,
    all: &HashSet<&str>,
    only: Option<&HashSet<&str>>,
) -> Vec<(String, Diagnostic)> {
    let base = &site.config.base_path;
    // Which source file each page comes from.
    let source_of: HashMap<String, usize> = site
        .page_ids()
        .into_iter()
        .filter_map(|id| {
            let doc = match id {
                PageId::Guide(g) => Some(site.guides[g].doc),
                PageId::Step(g, s) => Some(site.guides[g].steps[s].doc),
                PageId::Page(p) => Some(site.pages[p].doc),
                PageId::Front => site.index,
                _ => None,
            }?;
            Some((site.output_path(id), doc))
        })
        .collect();
    // Pages `build` leaves out (unlisted): a published page may not link there.
    let unpublished: HashSet<String> = site
        .page_ids()
        .into_iter()
        .filter(|id| !site.is_published(*id))
        .map(|id| site.output_path(id))
        .collect();
    let mut ids_cache: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut findings = BTreeSet::new();
    let mut pages: Vec<(&&str, &&str)> = texts
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && only.is_none_or(|o| o.contains(**p)))
        .collect();
    pages.sort();
    for (page, html) in pages {
        let page_url = site.url_of_output(page);
        for written in links_in(html) {
            // A link relative to the page (`../tidsplan/`, `side`) is
            // checked at the address it resolves to.
            let link = match resolve_page_relative(&page_url, &written) {
                Some(l) => l,
                None => written.clone(),
            };
            if link.starts_with("//") || !link.starts_with(base.as_str()) && !link.starts_with('#')
            {
                continue;
            }
            let (path_part, anchor) = match link.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (link.as_str(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or("");
            // Links are percent-encoded (`m%C3%B8te%20referat.pdf`), file
            // names are not: compare them decoded.
            let anchor = anchor.map(|a| percent_decode_str(a).decode_utf8_lossy().into_owned());
            let anchor = anchor.as_deref();
            let target = if path_part.is_empty() {
                page.to_string()
            } else {
                let decoded = percent_decode_str(path_part).decode_utf8_lossy();
                let rel = site.below_base(&decoded);
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            };
            let shown = if written == link {
                format!("`{link}`")
            } else {
                format!("`{written}` (til {link})")
            };
            let problem = if !unpublished.contains(*page) && unpublished.contains(&target) {
                Some((
                    "broken-link",
                    format!(
                        "lenken {shown} på {page_url} leder til en side med `unlisted: true`, som bare finnes i forhåndsvisningen"
                    ),
                ))
            } else if !all.contains(target.as_str()) {
                if all.contains(format!("{target}/index.html").as_str()) {
                    None
                } else {
                    Some((
                        "broken-link",
                        format!("lenken {shown} på {page_url} leder ikke til noen side",),
                    ))
                }
            } else if let (Some(a), Some(text)) =
                (anchor.filter(|a| !a.is_empty()), texts.get(target.as_str()))
            {
                let ids = ids_cache
                    .entry(
                        texts
                            .get_key_value(target.as_str())
                            .map(|(k, _)| *k)
                            .unwrap_or(""),
                    )
                    .or_insert_with(|| element_ids(text));
                if ids.contains(a) {
                    None
                } else {
                    Some((
                        "broken-anchor",
                        format!(
                            "lenken {shown} på {page_url} peker på `#{a}`, som ikke finnes på målsiden",
                        ),
                    ))
                }
            } else {
                None
            };
            if let Some((code, message)) = problem {
                // The line is found by the link as written in the source.
                let written_path = written.split('#').next().unwrap_or("");
                let path_part = if written_path.is_empty() {
                    path_part
                } else {
                    written_path
                };
                let doc = source_of.get(*page).map(|&d| &site.docs[d]);
                let (file, line) = match doc {
                    Some(d) => {
                        let line = d
                            .body
                            .lines()
                            .position(|l| l.contains(path_part) && !path_part.is_empty())
                            .map(|i| i + d.body_line);
                        (Some(d.path.clone()), line)
                    }
                    None => (None, None),
                };
                findings.insert((file, line, code, message, page.to_string()));
            }
        }
    }
    findings
        .into_iter()
        .map(|(file, line, code, message, page)| {
            let mut d = Diagnostic::error(code, message).with_hint(
                "lenk til filen i Markdown, for eksempel `02-vedtak.md` eller `@/sti/til/fil.md#overskrift`, så sjekkes lenken mens du skriver; lenker i maler må peke på sider som finnes",
            );
            d.file = file;
            d.line = line;
            (page, d)
        })
        .collect()
}

/// A link relative to the page at `page_url` (`../tidsplan/`, `side`,
/// `./a.png`) as a root-relative address; None for any other link
/// (absolute, root-relative, `#anchor`, `?query`, with a scheme). Like a
/// browser, `..` stops at the root.
pub fn resolve_page_relative(page_url: &str, link: &str) -> Option<String> {
    if link.is_empty()
        || link.starts_with(['/', '#', '?'])
        || crate::markdown::sanitize::url_scheme(link).is_some()
    {
        return None;
    }
    let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
    let split = link.find(['?', '#']).unwrap_or(link.len());
    let (path, rest) = link.split_at(split);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." | "" if i + 1 < segments.len() => {}
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    let ends_in_folder = matches!(segments.last(), Some(&("" | "." | "..")));
    if ends_in_folder && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(rest);
    Some(out)
}

fn element_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(html_unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    ids
}

/// Fetches every external link once (HEAD, then GET if HEAD is refused).
pub fn external_checks(out: &SiteOutput) -> Vec<Diagnostic> {
    let mut urls: BTreeSet<String> = BTreeSet::new();
    for f in &out.files {
        if let OutputFile::Text { path, text } = f {
            if path.ends_with(".html") {
                urls.extend(
                    links_in(text)
                        .into_iter()
                        .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
                        .filter(|l| !l.starts_with(&out.site.config.base_url)),
                );
            }
        }
    }
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(15))
        .redirects(5)
        .user_agent("stegvis-lenkesjekk")
        .build();
    let urls: Vec<String> = urls.into_iter().collect();
    let failures: Vec<(String, String)> = urls
        .par_iter()
        .filter_map(|url| {
            let result = match agent.head(url).call() {
                Err(ureq::Error::Status(405 | 403 | 501, _)) => agent.get(url).call(),
                other => other,
            };
            match result {
                Ok(_) => None,
                Err(ureq::Error::Status(code, _)) => Some((url.clone(), format!("svarte {code}"))),
                Err(e) => Some((url.clone(), format!("svarte ikke ({e})"))),
            }
        })
        .collect();
    failures
        .into_iter()
        .map(|(url, why)| {
            let mut d = Diagnostic::error(
                "broken-external-link",
                format!("den eksterne lenken {url} {why}"),
            )
            .with_hint("sjekk adressen i en nettleser; er siden flyttet, lenk til den nye");
            // Point at the first source file that has the link.
            if let Some(doc) = out.site.docs.iter().find(|d| d.body.contains(url.as_str())) {
                d.file = Some(doc.path.clone());
                d.line = doc
                    .body
                    .lines()
                    .position(|l| l.contains(url.as_str()))
                    .map(|i| i + doc.body_line);
            }
            d
        })
        .collect()
}

/// One finding in `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub hint: Option<&'a str>,
    /// More lines to show as they are (the diff of a changed base file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<JsonFinding<'a>>,
}

/// The findings as JSON for CI pipelines.
pub fn to_json(findings: &Diagnostics) -> String {
    let report = JsonReport {
        errors: findings.errors().count(),
        warnings: findings.warnings().count(),
        findings: findings
            .0
            .iter()
            .map(|d| JsonFinding {
                file: d
                    .file
                    .as_ref()
                    .map(|f| f.display().to_string().replace('\\', "/")),
                line: d.line,
                column: d.column,
                severity: d.severity,
                code: d.code,
                message: &d.message,
                hint: d.hint.as_deref(),
                detail: d.detail.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("findings serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attribute_links_only() {
        let html = r#"<a href="/a/">x</a><img src="/b.png" alt="y"><p>data-href="/no"</p><a class="x" href="/c/#d&amp;e">"#;
        assert_eq!(links_in(html), ["/a/", "/c/#d&e", "/b.png"]);
    }

    #[test]
    fn page_relative_links_resolve_like_a_browser() {
        let r = resolve_page_relative;
        assert_eq!(r("/v/g/a/", "../b/").as_deref(), Some("/v/g/b/"));
        assert_eq!(r("/v/g/a/", "side").as_deref(), Some("/v/g/a/side"));
        assert_eq!(r("/v/g/a/", "./x.png#y").as_deref(), Some("/v/g/a/x.png#y"));
        assert_eq!(r("/v/g/a/", "..").as_deref(), Some("/v/g/"));
        assert_eq!(r("/v/", "../../../x/").as_deref(), Some("/x/"));
        assert_eq!(r("/v/404.html", "g/").as_deref(), Some("/v/g/"));
        for other in [
            "/v/g/",
            "#a",
            "?q=1",
            "https://x.no/",
            "mailto:a@b.no",
            "//x.no/",
        ] {
            assert_eq!(r("/v/g/a/", other), None, "{other}");
        }
    }

    #[test]
    fn ids() {
        let ids = element_ids(r#"<h2 id="mal">M</h2><div data-id="x"></div><p id="a&amp;b">"#);
        assert!(ids.contains("mal") && ids.contains("a&b") && !ids.contains("x"));
    }
}
