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
//!
//! A built site is one index. The preview server's ([`LiveIndex`]) is in
//! shards of whole guides, kept from one save to the next, so a save
//! re-indexes only the shard it touched; `pagefind/stegvis-deler.json`
//! lists the shards after the first, and `search.js` merges them
//! (Pagefind's `mergeIndex`). A built site's list is empty.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::shared::diagnostics::Diagnostic;
use crate::shared::file_names::{SEARCH_DIR, SEARCH_SHARDS_FILE as MANIFEST};

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

    /// How many pages have been added.
    pub fn len(&self) -> usize {
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }

    /// Whether no page has been added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Builds the index of the pages added: the files of `pagefind/`.
    pub fn finish(self) -> Result<Vec<SearchFile>, Diagnostic> {
        let mut pages = self
            .pages
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.sort_unstable();
        // One index: see [`live_shards`] for why.
        let mut files = vec![manifest(1)];
        files.extend(shard_files(0, pages)?);
        Ok(files)
    }
}

/// How many shards the preview server splits the index of `pages` pages
/// into: one below 200 pages, else about √(pages / 8) (11 at 1,000 pages,
/// 35 at 10,000), at most 128. A save re-indexes one shard (≈ pages /
/// shards pages) and a query fetches an index chunk from every shard, so
/// both costs grow with √pages. (A built site is always one index: shards
/// would index in parallel and in less memory, but on the 10,000-step
/// corpus 8 shards made a first query fetch 45 % more bytes and Pagefind
/// ranks each shard's pages by that shard's statistics, which changed the
/// order of the hits; see BENCHMARKS.md.)
pub fn live_shards(pages: usize) -> usize {
    if pages < 200 {
        return 1;
    }
    ((pages as f64 / 8.0).sqrt().round() as usize).clamp(1, 128)
}

/// Splits pages (as (URL, HTML), sorted by URL) into at most `count`
/// shards of whole guides (pages whose URLs share their first segment), in
/// order: each cut is at the guide boundary nearest to an equal split. The
/// same pages always give the same shards.
pub fn plan_shards<T: ShardPage>(pages: Vec<T>, count: usize) -> Vec<Vec<T>> {
    // Where a guide (or a page outside guides) starts.
    let starts: Vec<usize> = (1..pages.len())
        .filter(|&i| first_segment(pages[i - 1].url()) != first_segment(pages[i].url()))
        .collect();
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..count {
        let ideal = k * pages.len() / count;
        let nearest = starts
            .iter()
            .copied()
            .filter(|&s| cuts.last().is_none_or(|&c| s > c))
            .min_by_key(|&s| s.abs_diff(ideal));
        if let Some(cut) = nearest {
            cuts.push(cut);
        }
    }
    let mut shards = Vec::with_capacity(cuts.len() + 1);
    let mut rest = pages;
    for cut in cuts.iter().rev() {
        shards.push(rest.split_off(*cut));
    }
    shards.push(rest);
    shards.reverse();
    shards
}

/// A page as the shard planner sees it: its URL.
pub trait ShardPage {
    fn url(&self) -> &str;
}

impl ShardPage for (String, String) {
    fn url(&self) -> &str {
        &self.0
    }
}

impl ShardPage for LivePage {
    fn url(&self) -> &str {
        &self.1 .0
    }
}

/// `/g/steg/` → `g`; `/` → ``.
fn first_segment(url: &str) -> &str {
    let rest = url.trim_start_matches('/');
    rest.split('/').next().unwrap_or("")
}

/// The folder of shard `i` inside [`SEARCH_DIR`]: the first shard is the
/// bundle itself (with Pagefind's script and WebAssembly), the others are
/// indexes merged into it in the browser (Pagefind's `mergeIndex`).
pub fn shard_dir(i: usize) -> String {
    match i {
        0 => String::new(),
        i => format!("{SHARD_PREFIX}{i}/"),
    }
}

const SHARD_PREFIX: &str = "del-";

/// The list of shards the browser merges into the first one:
/// `["del-1/", "del-2/"]`, relative to [`SEARCH_DIR`].
pub fn manifest(count: usize) -> SearchFile {
    let dirs: Vec<String> = (1..count).map(shard_dir).collect();
    SearchFile {
        path: format!("{SEARCH_DIR}/{MANIFEST}"),
        bytes: serde_json::to_vec(&dirs).expect("a list of strings"),
    }
}

/// The files of shard `i`, made from its pages (as (URL, HTML)).
pub fn shard_files(i: usize, pages: Vec<(String, String)>) -> Result<Vec<SearchFile>, Diagnostic> {
    let dir = shard_dir(i);
    let files = build_index(pages).map_err(|e| failure(&e))?;
    Ok(files
        .into_iter()
        .filter(|(name, _)| wanted(name, i == 0))
        .map(|(name, bytes)| SearchFile {
            path: format!("{SEARCH_DIR}/{dir}{name}"),
            bytes,
        })
        .collect())
}

/// The preview server's index: shards built before are kept, keyed by
/// their pages, so after a save only the shards whose pages changed (the
/// saved step's guide, and the pages that list it) are indexed again. What
/// each page gives Pagefind is kept too, by a hash of its HTML.
#[derive(Default)]
pub struct LiveIndex {
    state: Mutex<LiveState>,
}

#[derive(Default)]
struct LiveState {
    /// Built shards by [`shard_key`]; only the last version's are kept.
    shards: HashMap<u64, Arc<[LiveFile]>>,
    /// By output path: the hash of the page's HTML, its URL and what
    /// Pagefind reads of it.
    pages: HashMap<String, LivePage>,
}

/// One file of the preview's index: path relative to the output root, bytes.
pub type LiveFile = (String, Arc<[u8]>);

/// A page for the preview's index: the hash of its HTML, and its URL and
/// what Pagefind reads of it.
type LivePage = (u64, Arc<(String, String)>);

impl LiveIndex {
    /// The search files of the site whose pages are given as (output path,
    /// HTML), in [`live_shards`] shards. One build at a time: a second
    /// caller waits and then finds the shards the first one built.
    pub fn files<'a>(
        &self,
        settings: &LiveSettings,
        pages: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Vec<LiveFile>, Diagnostic> {
        let started = std::time::Instant::now();
        let trace = std::env::var_os("STEGVIS_TRACE_REBUILD").is_some();
        let title_suffix = Indexer::new(&settings.site_title).title_suffix;
        let pages: Vec<(&str, &str)> = pages
            .into_iter()
            .filter(|(path, _)| !settings.skip.iter().any(|s| s == path))
            .collect();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let known = &state.pages;
        let mut pages: Vec<(String, LivePage)> = pages
            .into_par_iter()
            .map(|(path, html)| {
                let hash = xxhash_rust::xxh3::xxh3_64(html.as_bytes());
                let page = match known.get(path) {
                    Some((h, page)) if *h == hash => Arc::clone(page),
                    _ => Arc::new((page_url(path), searchable_html(html, &title_suffix))),
                };
                (path.to_string(), (hash, page))
            })
            .collect();
        pages.sort_unstable_by(|a, b| a.1 .1 .0.cmp(&b.1 .1 .0));
        state.pages = pages
            .iter()
            .map(|(path, (hash, page))| (path.clone(), (*hash, Arc::clone(page))))
            .collect();
        let pages: Vec<LivePage> = pages.into_iter().map(|(_, p)| p).collect();
        let count = live_shards(pages.len());
        let shards = plan_shards(pages, count);
        let mut kept = HashMap::with_capacity(shards.len());
        let mut files = vec![{
            let m = manifest(shards.len());
            (m.path, Arc::from(m.bytes))
        }];
        let mut rebuilt = Vec::new();
        for (i, pages) in shards.into_iter().enumerate() {
            let key = shard_key(i, &pages);
            let shard = match state.shards.remove(&key) {
                Some(shard) => shard,
                None => {
                    rebuilt.push((i, pages.len()));
                    let pages = pages.iter().map(|(_, p)| (**p).clone()).collect();
                    shard_files(i, pages)?
                        .into_iter()
                        .map(|f| (f.path, Arc::from(f.bytes)))
                        .collect()
                }
            };
            files.extend(shard.iter().cloned());
            kept.insert(key, shard);
        }
        state.shards = kept;
        if trace {
            eprintln!(
                "  search index: {count} shards, built again (shard, pages) {rebuilt:?}, {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Ok(files)
    }
}

/// What a shard's files depend on: its place and its pages (their URLs
/// and the hashes of their HTML).
fn shard_key(i: usize, pages: &[LivePage]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&(i as u64).to_le_bytes());
    for (hash, page) in pages {
        h.update(&(page.0.len() as u64).to_le_bytes());
        h.update(page.0.as_bytes());
        h.update(&hash.to_le_bytes());
    }
    h.digest()
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

/// Every page, as (URL, HTML), into one Pagefind index, and its files as
/// (name inside the bundle, bytes). Result URLs are relative to the site's
/// base path; the browser side puts the base path in front.
fn build_index(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>, String> {
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
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
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
/// API and its worker, the entry file, the Norwegian WebAssembly (these
/// four in the first shard only) and the index, metadata and fragment
/// chunks. Pagefind's own UI bundles and the language-neutral WebAssembly
/// are left out.
fn wanted(name: &str, first: bool) -> bool {
    let code = matches!(name, "pagefind.js" | "pagefind-worker.js")
        || name == format!("wasm.{LANGUAGE}.pagefind");
    (first && code)
        || name == "pagefind-entry.json"
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

    fn urls(shard: &[(String, String)]) -> Vec<&str> {
        shard.iter().map(|(u, _)| u.as_str()).collect()
    }

    #[test]
    fn shards_hold_whole_guides_of_about_the_same_size() {
        let mut pages = vec![("/".to_string(), String::new())];
        for g in 1..=5 {
            for s in 1..=3 {
                pages.push((format!("/g{g}/s{s}/"), String::new()));
            }
            pages.push((format!("/g{g}/"), String::new()));
        }
        pages.push(("/om/".to_string(), String::new()));
        pages.sort_unstable();
        let shards = plan_shards(pages.clone(), 3);
        // 22 pages in 3 shards: cuts at the guide starts nearest to 7 and 14.
        assert_eq!(shards.len(), 3, "{shards:?}");
        assert_eq!(urls(&shards[0])[..2], ["/", "/g1/"]);
        assert_eq!(
            urls(&shards[1]),
            ["/g2/", "/g2/s1/", "/g2/s2/", "/g2/s3/", "/g3/", "/g3/s1/", "/g3/s2/", "/g3/s3/"]
        );
        assert_eq!(shards.concat(), pages, "every page once, in order");
        // Never more shards than guides; no pages: one empty shard.
        let few = plan_shards(pages[..6].to_vec(), 3);
        assert_eq!(
            few.iter().map(|s| urls(s)).collect::<Vec<_>>(),
            [
                vec!["/"],
                vec!["/g1/", "/g1/s1/", "/g1/s2/", "/g1/s3/"],
                vec!["/g2/"]
            ]
        );
        assert_eq!(plan_shards(pages[..3].to_vec(), 3).len(), 2);
        assert_eq!(
            plan_shards(Vec::<(String, String)>::new(), 3),
            vec![Vec::new()]
        );
        assert_eq!(plan_shards(pages.clone(), 1), vec![pages.clone()]);
        assert_eq!(
            [150, 1000, 10_000, 1_000_000].map(live_shards),
            [1, 11, 35, 128]
        );
    }

    #[test]
    fn the_manifest_lists_the_shards_after_the_first() {
        assert_eq!(manifest(1).bytes, b"[]");
        assert_eq!(manifest(3).path, "pagefind/stegvis-deler.json");
        assert_eq!(manifest(3).bytes, br#"["del-1/","del-2/"]"#);
    }

    #[test]
    fn the_live_index_builds_again_only_the_shards_that_changed() {
        let page_html =
            |word: &str| page("T", &format!("<h1>{word}</h1><p>{word} planstrategi</p>"));
        let mut site: Vec<(String, String)> = Vec::new();
        for g in 0..3 {
            for s in 0..220 {
                site.push((
                    format!("g{g}/s{s}/index.html"),
                    page_html(&format!("ord{g}x{s}")),
                ));
            }
        }
        let settings = LiveSettings {
            site_title: String::new(),
            skip: vec!["g2/s0/index.html".to_string()],
        };
        let live = LiveIndex::default();
        let files = |site: &[(String, String)]| -> Vec<SearchFile> {
            live.files(
                &settings,
                site.iter().map(|(p, h)| (p.as_str(), h.as_str())),
            )
            .unwrap()
            .into_iter()
            .map(|(path, bytes)| SearchFile {
                path,
                bytes: bytes.to_vec(),
            })
            .collect()
        };
        let first = files(&site);
        let manifest: Vec<String> = serde_json::from_slice(
            &first
                .iter()
                .find(|f| f.path.ends_with(MANIFEST))
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert_eq!(manifest, ["del-1/", "del-2/"]);
        let entry = |files: &[SearchFile], dir: &str| -> serde_json::Value {
            let path = format!("pagefind/{dir}pagefind-entry.json");
            serde_json::from_slice(&files.iter().find(|f| f.path == path).unwrap().bytes).unwrap()
        };
        assert_eq!(entry(&first, "")["languages"]["no"]["page_count"], 220);
        assert_eq!(
            entry(&first, "del-2/")["languages"]["no"]["page_count"],
            219,
            "the page to skip is left out"
        );
        assert!(first.iter().any(|f| f.path == "pagefind/wasm.no.pagefind"));
        assert!(!first
            .iter()
            .any(|f| f.path == "pagefind/del-1/wasm.no.pagefind"));
        // A change in the second guide: that shard's metadata changes, the
        // others' files are the very same.
        let built = |live: &LiveIndex| -> Vec<*const LiveFile> {
            live.state
                .lock()
                .unwrap()
                .shards
                .values()
                .map(|s| s.as_ptr())
                .collect()
        };
        let before = built(&live);
        site[250].1 = page_html("endret");
        let second = files(&site);
        let after = built(&live);
        assert_eq!(
            after.iter().filter(|p| before.contains(p)).count(),
            2,
            "two shards kept as they were, one built again"
        );
        let meta = |files: &[SearchFile], dir: &str| {
            files
                .iter()
                .find(|f| {
                    f.path.starts_with(&format!("pagefind/{dir}pagefind."))
                        && f.path.ends_with(".pf_meta")
                })
                .map(|f| f.path.clone())
                .unwrap()
        };
        assert_eq!(meta(&first, ""), meta(&second, ""));
        assert_ne!(meta(&first, "del-1/"), meta(&second, "del-1/"));
        assert_eq!(meta(&first, "del-2/"), meta(&second, "del-2/"));
        assert_eq!(
            live.state.lock().unwrap().shards.len(),
            3,
            "old shards are dropped"
        );
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
