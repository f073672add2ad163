//! Full-text search: turns the rendered pages into a static search index
//! that the browser queries offline, with no outside service.
//!
//! The index is built by [Pagefind](https://pagefind.app) (the `pagefind`
//! crate), which splits it into small chunks: a visitor's query fetches the
//! entry file, the metadata, the index chunk(s) holding the query's words and
//! one fragment per result shown, never the whole index. Words are stemmed
//! with the Norwegian Snowball stemmer, so "planstrategien" finds
//! "planstrategi" and "kommunestyret" finds "kommunestyre"; æ, ø and å are
//! kept as letters.
//!
//! Bokmål and nynorsk pages go into one index (language `no`, which uses the
//! same stemmer as `nb` and `nn`), so a search from any page finds both.
//! Only the text in a page's `<main>` is indexed (the site's header,
//! navigation and footer would match every query); checklist items, which
//! are `<label>`s, are kept. The browser side is `search.js` in the theme.

use std::sync::Mutex;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::SEARCH_DIR;

/// One file of the search bundle; `path` is relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Pagefind's language code for every page: Norwegian, bokmål and nynorsk.
const LANGUAGE: &str = "no";

/// Takes pages while the site is rendered, from any thread, and builds the
/// index of them at the end with [`Indexer::finish`]. Each page is cut down
/// to what is searched as it comes, on the thread that rendered it; the
/// index is built from the pages in URL order, so the same site always
/// gives the same files.
pub struct Indexer {
    pages: Mutex<Vec<(String, String)>>,
    /// What the theme puts after a page's own title in `<title>`.
    title_suffix: String,
}

impl Indexer {
    /// `site_title` is the site's title: a result is titled with its page's
    /// `<title>` without " – {site_title}" ("Tidslinje – Kommunal
    /// planstrategi"), or, where `<title>` does not end so, its `<h1>`.
    pub fn new(site_title: &str) -> Indexer {
        Indexer {
            pages: Mutex::new(Vec::new()),
            title_suffix: match site_title {
                "" => String::new(),
                t => format!(" – {}", crate::shared::html::escape(t)),
            },
        }
    }

    /// Adds a page given by its output path, relative to the output root
    /// (`planstrategi/tidsplan/index.html`), and its HTML.
    pub fn add_page(&self, path: &str, html: &str) {
        let page = (page_url(path), searchable_html(html, &self.title_suffix));
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(page);
    }

    /// Builds the index of the pages added: the files of `pagefind/`.
    pub fn finish(self) -> Result<Vec<SearchFile>, Diagnostic> {
        let mut pages = self
            .pages
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.sort_unstable();
        build_index(pages).map_err(|e| failure(&e))
    }
}

/// What the preview server needs to index its in-memory site on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSettings {
    pub site_title: String,
    /// Output paths of the pages left out (the search page and 404 page).
    pub skip: Vec<String>,
}

/// Builds the search files for pages given as (output path, html); results
/// are titled as in [`Indexer::new`] with `site_title`.
pub fn index_pages<'a>(
    site_title: &str,
    pages: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<SearchFile>, Diagnostic> {
    let indexer = Indexer::new(site_title);
    for (path, html) in pages {
        indexer.add_page(path, html);
    }
    indexer.finish()
}

/// Every page, as (URL, HTML), into one Pagefind index, and its files.
/// Result URLs are relative to the site's base path; the browser side puts
/// the base path in front.
fn build_index(pages: Vec<(String, String)>) -> Result<Vec<SearchFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(LANGUAGE.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options))?;
        for (url, html) in pages {
            index.add_html_file(None, Some(url), html).await?;
        }
        index.get_files().await
    });
    let files = files.map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            wanted(&name).then(|| SearchFile {
                path: format!("{SEARCH_DIR}/{name}"),
                bytes: f.contents,
            })
        })
        .collect())
}

fn failure(e: &str) -> Diagnostic {
    Diagnostic::error(
        "search-index",
        format!("søkeindeksen kunne ikke lages: {e}"),
    )
    .with_hint("dette er en feil i stegvis, ikke i innholdet; meld den gjerne med denne meldingen")
}

/// The files of Pagefind's bundle that the search page uses: the search
/// API and its worker, the entry file, the Norwegian WebAssembly and the
/// index, metadata and fragment chunks. Pagefind's own UI bundles and the
/// language-neutral WebAssembly are left out.
fn wanted(name: &str) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || name == format!("wasm.{LANGUAGE}.pagefind")
        || name.ends_with(".pf_meta")
        || name.ends_with(".pf_index")
        || name.ends_with(".pf_fragment")
        || name.ends_with(".pf_filter")
}

/// `planstrategi/tidsplan/index.html` → `/planstrategi/tidsplan/`.
fn page_url(path: &str) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("/{dir}")
}

/// What Pagefind reads of a page: its `<main>` (the whole page if it has
/// none) and its title. The title is the page's `<title>` without
/// `title_suffix`; where `<title>` does not end with it, Pagefind takes the
/// first `<h1>`. `<nav>` and `<svg>` elements go before parsing, which
/// Pagefind would skip anyway (a step page's guide navigation is most of its
/// markup), and `<label>`s become `<span>`s, since Pagefind skips labels
/// and checklist items are labels.
fn searchable_html(html: &str, title_suffix: &str) -> String {
    let title = between(html, "<title>", "</title>").unwrap_or("");
    let meta = match title.strip_suffix(title_suffix) {
        Some(own) if !title_suffix.is_empty() && !own.trim().is_empty() => {
            format!(
                " data-pagefind-meta=\"title:{}\"",
                own.replace('"', "&quot;")
            )
        }
        _ => String::new(),
    };
    let main = html
        .find("<main")
        .and_then(|start| {
            let end = html.rfind("</main>")?;
            (end > start).then(|| &html[start..end + "</main>".len()])
        })
        .unwrap_or(html);
    let main = without_elements(main, &["nav", "svg"]);
    let main = main
        .replace("<label", "<span")
        .replace("</label>", "</span>");
    format!("<html><head><title>{title}</title></head><body{meta}>{main}</body></html>")
}

/// `html` without the named elements and everything in them.
fn without_elements(html: &str, names: &[&str]) -> String {
    let opens = |s: &str, name: &str| {
        s.strip_prefix('<')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with([' ', '>', '/', '\n', '\t']))
    };
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tail = &rest[at..];
        let Some(name) = names.iter().find(|n| opens(tail, n)) else {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            continue;
        };
        out.push_str(&rest[..at]);
        // Skip to the matching end tag, counting nested elements of the name.
        let close = format!("</{name}>");
        let mut depth = 0usize;
        let mut pos = 0;
        loop {
            let next_open = tail[pos + 1..].find('<').map(|i| pos + 1 + i);
            match next_open {
                Some(i) if opens(&tail[i..], name) => {
                    depth += 1;
                    pos = i;
                }
                Some(i) if tail[i..].starts_with(&close) => {
                    if depth == 0 {
                        rest = &tail[i + close.len()..];
                        break;
                    }
                    depth -= 1;
                    pos = i;
                }
                Some(i) => pos = i,
                None => {
                    rest = "";
                    break;
                }
            }
        }
    }
    out.push_str(rest);
    out
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, main: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"nb\"><head><title>{title}</title></head><body>\
             <header><nav><a href=\"/\">Overalt</a></nav></header>\
             <main id=\"hovedinnhold\">{main}</main><footer>Bunntekst</footer></body></html>"
        )
    }

    #[test]
    fn only_main_is_read_and_labels_are_kept() {
        let html = page(
            "T",
            "<h1>Tittel</h1><ul><li><input type=\"checkbox\" id=\"a\"><label for=\"a\">Sett av tid</label></li></ul>",
        );
        let s = searchable_html(&html, " – Nettsted");
        assert!(
            s.contains("<title>T</title>") && s.contains("<body>"),
            "{s}"
        );
        assert!(s.contains("<span for=\"a\">Sett av tid</span>"), "{s}");
        assert!(!s.contains("Overalt") && !s.contains("Bunntekst"), "{s}");
    }

    #[test]
    fn results_are_titled_without_the_site_title() {
        let html = page(
            "Tidslinje – Plan &amp; bygg – Nettsted",
            "<h1>Tidslinje</h1>",
        );
        assert!(searchable_html(&html, " – Nettsted")
            .contains("<body data-pagefind-meta=\"title:Tidslinje – Plan &amp; bygg\">"));
        // The front page, and themes with other titles: the h1.
        let front = page("Nettsted", "<h1>Velkommen</h1>");
        assert!(searchable_html(&front, " – Nettsted").contains("<body>"));
    }

    #[test]
    fn navigation_and_icons_are_left_out() {
        let html = "<p>a<nav aria-label=\"x\"><ul><li><nav>inner</nav>b</li></ul></nav>c\
                    <svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>d<navn>e</navn></p>";
        assert_eq!(
            without_elements(html, &["nav", "svg"]),
            "<p>ac\
                    d<navn>e</navn></p>"
        );
        assert_eq!(without_elements("x<nav>open", &["nav"]), "x");
    }

    #[test]
    fn urls_are_relative_to_the_base() {
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("g/steg/index.html"), "/g/steg/");
    }

    #[test]
    fn builds_a_norwegian_index_without_ui_bundles() {
        let a = page(
            "A",
            "<h1>Planstrategi</h1><p>Kommunestyret vedtar planstrategien.</p>",
        );
        let b = page("B", "<h1>Høring</h1><p>Forslaget sendes på høring.</p>");
        let files = index_pages(
            "",
            [("a/index.html", a.as_str()), ("b/index.html", b.as_str())],
        )
        .unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for needed in [
            "pagefind/pagefind.js",
            "pagefind/pagefind-worker.js",
            "pagefind/pagefind-entry.json",
            "pagefind/wasm.no.pagefind",
        ] {
            assert!(paths.contains(&needed), "{needed} missing: {paths:?}");
        }
        assert!(paths.iter().any(|p| p.ends_with(".pf_meta")));
        assert!(paths.iter().any(|p| p.starts_with("pagefind/index/")));
        assert_eq!(
            paths
                .iter()
                .filter(|p| p.starts_with("pagefind/fragment/"))
                .count(),
            2
        );
        assert!(!paths.iter().any(|p| p.contains("-ui")), "{paths:?}");
        let entry = &files
            .iter()
            .find(|f| f.path.ends_with("entry.json"))
            .unwrap()
            .bytes;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        assert_eq!(entry["languages"]["no"]["page_count"], 2);
    }
}
