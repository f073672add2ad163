//! `stegvis serve`: the live preview for content editors. The site is built
//! in memory ([`live`]), served with tiny_http, rebuilt on every save
//! ([`watch`]), and open pages reload themselves through
//! Server-Sent Events, keeping their scroll position. When a save breaks the
//! build, every page shows an overlay with the errors over the last good
//! version; fixing the file removes it.
//!
//! Only files of the built site are served: a request path is looked up in
//! the in-memory file table, never joined onto a folder on disk, so `..`,
//! encoded or not, cannot reach outside the site.
//!
//! This module is the conductor: [`Preview`] starts the server and publishes
//! each rebuild, [`serve`] runs the watch loop, and `handle` routes one
//! request. The parts: `listen` (port choice and binding), `http` (request
//! paths, the `Host` check, answers), `events` (the event streams and the
//! reload script), `overlay` (what is added to every page, the error
//! overlay) and `nudge` (a workaround for tiny_http's thread pool).

pub mod live;
pub mod watch;

mod cms;
mod events;
mod http;
mod listen;
mod nudge;
mod overlay;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use std::time::Instant;

use tiny_http::{Method, Request, Server};

use crate::serve::events::{subscribe, Subscribers, LIVE_JS};
use crate::serve::http::{host_name, normalize_host, respond, url_path};
use crate::serve::listen::listen;
use crate::serve::live::{LiveSite, Served};
use crate::serve::overlay::OVERLAY_CSS;
use crate::shared::diagnostics::{self, Diagnostic, Diagnostics, Severity};
use crate::shared::file_names::CONFIG_FILE;

// The preview's own URLs (never part of a built site), and what
// `stegvis serve` and the tests use from the parts.
pub use crate::serve::events::EVENTS_PATH;
pub use crate::serve::http::{content_type, host_allowed, request_key, BadPath};
pub use crate::serve::listen::{bind_port, PortChoice, DEFAULT_PORT, PORT_TAKEN};
pub use crate::serve::overlay::{inject, overlay_html, OVERLAY_CSS_PATH, SCRIPT_PATH};

const WORKERS: usize = 8;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: PortChoice,
    pub open: bool,
    pub verbose: bool,
    pub color: bool,
    /// Host names the server answers to besides localhost and IP addresses
    /// (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// What the request threads serve; replaced whole after each rebuild.
struct Snapshot {
    files: Arc<RwLock<HashMap<String, Served>>>,
    /// The error overlay's HTML, when the last rebuild failed.
    overlay: Option<Arc<str>>,
    /// The site's search index, built from `files` when a page first asks
    /// for it after a rebuild (Pagefind takes a while on big sites, and most
    /// saves are never searched). None when the site has `search: false`.
    search: Option<Arc<LazyIndex>>,
    /// The bound port and the extra names requests may use in `Host`.
    port: u16,
    hosts: Arc<[String]>,
    /// The site's sub-path (`/planveileder/`), or `/`.
    base_path: Arc<str>,
    /// The site's folder, which the CMS's file API reads and writes.
    root: Arc<Path>,
}

/// The files of `pagefind/` for one version of the site, built once.
struct LazyIndex {
    settings: crate::output::search::LiveSettings,
    files: OnceLock<HashMap<String, Arc<[u8]>>>,
    /// The shards built for earlier versions, shared by all versions: a
    /// save re-indexes only the shards whose pages changed.
    shards: Arc<crate::output::search::LiveIndex>,
}

impl LazyIndex {
    fn new(
        live: &LiveSite,
        shards: &Arc<crate::output::search::LiveIndex>,
    ) -> Option<Arc<LazyIndex>> {
        live.search_settings().map(|settings| {
            Arc::new(LazyIndex {
                settings,
                files: OnceLock::new(),
                shards: Arc::clone(shards),
            })
        })
    }

    /// Whether the index of this version has been built.
    fn is_built(&self) -> bool {
        self.files.get().is_some()
    }

    /// One file of the index, building the index first if needed (other
    /// requests for it wait meanwhile).
    fn file(&self, key: &str, site: &RwLock<HashMap<String, Served>>) -> Option<Arc<[u8]>> {
        self.build(site).get(key).cloned()
    }

    fn build(&self, site: &RwLock<HashMap<String, Served>>) -> &HashMap<String, Arc<[u8]>> {
        self.files.get_or_init(|| {
            // The pages are taken out under the lock (shared strings, cheap)
            // and indexed without it: a save must not wait for the index.
            let pages: Vec<(String, Arc<str>)> = {
                let site = site
                    .read()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                site.iter()
                    .filter_map(|(path, file)| match file {
                        Served::Text(html) if path.ends_with("index.html") => {
                            Some((path.clone(), Arc::clone(html)))
                        }
                        _ => None,
                    })
                    .collect()
            };
            let pages = pages.iter().map(|(path, html)| (path.as_str(), &**html));
            match self.shards.files(&self.settings, pages) {
                Ok(files) => files.into_iter().collect(),
                Err(d) => {
                    eprintln!("stegvis: søkeindeksen kunne ikke lages: {}", d.message);
                    HashMap::new()
                }
            }
        })
    }
}

/// A running preview server (used by `stegvis serve` and by the tests).
pub struct Preview {
    pub addr: SocketAddr,
    server: Arc<Server>,
    state: Arc<RwLock<Snapshot>>,
    subscribers: Arc<Subscribers>,
    /// Search index shards kept from one version of the site to the next.
    shards: Arc<crate::output::search::LiveIndex>,
}

impl Preview {
    /// Builds the site and starts serving it on exactly `port` (0: any free
    /// one); returns once the socket is bound.
    pub fn start(root: &Path, bind: IpAddr, port: u16) -> Result<(Preview, LiveSite), String> {
        Preview::start_on(root, bind, PortChoice::Exact(port)).map_err(|d| d.to_string())
    }

    /// Builds the site and starts serving it on the port `choice` gives;
    /// returns once the socket is bound. A taken port asked for exactly is
    /// an error with code [`PORT_TAKEN`].
    pub fn start_on(
        root: &Path,
        bind: IpAddr,
        choice: PortChoice,
    ) -> Result<(Preview, LiveSite), Diagnostic> {
        let server = listen(bind_port(bind, choice)?).map_err(|e| {
            Diagnostic::error(
                "serve",
                format!("kunne ikke starte serveren på {bind}: {e}"),
            )
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Diagnostic::error("serve", "serveren fikk ingen IP-adresse"))?;
        let host = match addr.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        // Served under the site's own sub-path (`base_url` in site.yaml), so
        // the links look as they will when published.
        let base_path = site_base_path(root);
        let live = LiveSite::new(root, &format!("http://{host}:{}{base_path}", addr.port()));
        let shards = Arc::new(crate::output::search::LiveIndex::default());
        let preview = Preview {
            addr,
            server: Arc::new(server),
            state: Arc::new(RwLock::new(Snapshot {
                files: live.files(),
                overlay: live.problems().map(|d| overlay_html(&d, live.root())),
                search: LazyIndex::new(&live, &shards),
                port: addr.port(),
                hosts: Arc::from(Vec::new()),
                base_path: Arc::from(base_path.as_str()),
                root: Arc::from(root),
            })),
            subscribers: Arc::new(Subscribers::default()),
            shards,
        };
        for _ in 0..WORKERS {
            let server = Arc::clone(&preview.server);
            let state = Arc::clone(&preview.state);
            let subs = Arc::clone(&preview.subscribers);
            std::thread::spawn(move || {
                while let Ok(rq) = server.recv() {
                    // A bug in answering one request must not cost the
                    // server a worker: the request is dropped (tiny_http
                    // answers it 500) and the worker takes the next.
                    let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        handle(rq, &state, &subs)
                    }));
                    if answered.is_err() {
                        eprintln!("stegvis: intern feil ved svar på en forespørsel (svarte 500); forhåndsvisningen kjører videre");
                    }
                }
            });
        }
        events::spawn_heartbeat(Arc::clone(&preview.subscribers));
        nudge::spawn(addr);
        Ok((preview, live))
    }

    /// Publishes the live site's current state and tells open pages to reload.
    pub fn publish(&self, live: &LiveSite) {
        {
            let mut st = self.state.write().unwrap_or_else(PoisonError::into_inner);
            st.files = live.files();
            st.overlay = live.problems().map(|d| overlay_html(&d, live.root()));
            let searched = st.search.as_ref().is_some_and(|s| s.is_built());
            st.search = LazyIndex::new(live, &self.shards);
            // Once a page has searched, the index follows each save at once
            // (only the shards the save changed are indexed again), on a
            // thread of its own, so the next search does not wait for it.
            if let (true, Some(index)) = (searched, st.search.clone()) {
                let files = Arc::clone(&st.files);
                let _ = std::thread::Builder::new()
                    .name("stegvis-sok".into())
                    .spawn(move || {
                        index.build(&files);
                    });
            }
        }
        let kind = if live.problems().is_some() {
            "feil"
        } else {
            "ok"
        };
        self.subscribers
            .send(&format!("event: reload\ndata: {kind}\n\n"));
    }

    /// Lets requests name the server by these host names too.
    pub fn allow_hosts(&self, names: &[String]) {
        let names: Vec<String> = names.iter().map(|n| normalize_host(n)).collect();
        self.state
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .hosts = Arc::from(names);
    }

    pub fn subscribers(&self) -> usize {
        self.subscribers.count()
    }

    pub fn url(&self) -> String {
        let host = match self.addr.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let base = Arc::clone(
            &self
                .state
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .base_path,
        );
        format!("http://{host}:{}{base}", self.addr.port())
    }

    /// The form's address with the key that opens it (see [`cms`]).
    pub fn cms_url(&self) -> String {
        let url = self.url();
        let origin = url
            .strip_prefix("http://")
            .and_then(|rest| rest.split_once('/'))
            .map_or(url.as_str(), |(host, _)| host);
        format!(
            "http://{origin}{}?{}={}",
            crate::cms::CMS_PATH,
            cms::KEY_PARAM,
            cms::key()
        )
    }
}

/// The changed files as the log names them: not the temporary files an
/// editor or a tool writes and renames away (`sedBw7cBx`, `.#steg.md`):
/// a path that is gone and has no file extension was one of those.
fn shown_names(root: &Path, paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .filter(|p| root.join(p).exists() || p.extension().is_some())
        .map(|p| p.display().to_string())
        .collect();
    if shown.is_empty() {
        "en midlertidig fil".to_string()
    } else {
        shown.join(", ")
    }
}

/// The sub-path of the site's `base_url` (`/planveileder/`), or `/` when it
/// has none or site.yaml cannot be read yet.
fn site_base_path(root: &Path) -> String {
    crate::content::config::SiteConfig::load(root)
        .map(|c| c.base_path)
        .unwrap_or_else(|_| "/".to_string())
}

/// `stegvis serve`: runs until interrupted.
pub fn serve(opts: &ServeOptions) -> Result<(), Diagnostic> {
    let started = Instant::now();
    if opts.bind.is_unspecified() {
        eprintln!(
            "advarsel: serveren lytter på alle nettverkskort ({}), så andre på nettet kan se forhåndsvisningen",
            opts.bind
        );
    }
    let (preview, mut live) = Preview::start_on(&opts.root, opts.bind, opts.port)?;
    preview.allow_hosts(&opts.allow_hosts);
    if let PortChoice::FirstFreeFrom(wanted) = opts.port {
        if preview.addr.port() != wanted {
            eprintln!(
                "stegvis: porten {wanted} er opptatt, så forhåndsvisningen bruker {} i stedet",
                preview.addr.port()
            );
        }
    }
    let base = live.layers().base.clone();
    let mut watcher =
        crate::serve::watch::SiteWatcher::new(&opts.root, base.as_ref()).map_err(|e| {
            Diagnostic::error(
                "serve",
                format!("kunne ikke overvåke {}: {e}", opts.root.display()),
            )
        })?;
    match live.errors() {
        Some(d) => diagnostics::emit(d, &opts.root, opts.color),
        None => println!(
            "stegvis: {} filer bygget på {} ms",
            live.files().read().map_or(0, |f| f.len()),
            started.elapsed().as_millis()
        ),
    }
    println!("Forhåndsvisning: {}", preview.url());
    println!(
        "Skjema for redigering: {} (bare i en nettleser på denne maskinen)",
        preview.cms_url()
    );
    println!("Lagre en fil, så oppdateres siden i nettleseren. Stopp med Ctrl+C.");
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&preview.url());
    }
    while let Some(paths) = watcher.next_batch() {
        if paths.is_empty() {
            continue;
        }
        // Another base (or one that came into place): watch its folder
        // before the pages built from it are served, so no save in it is
        // missed.
        let settings_changed = paths
            .iter()
            .any(|p| p.file_name() == Some(std::ffi::OsStr::new(CONFIG_FILE)));
        if settings_changed {
            let (layers, _) = crate::pipeline::find_layers(&opts.root);
            if watcher.needs_rebuild(layers.base.as_ref()) {
                match crate::serve::watch::SiteWatcher::new(&opts.root, layers.base.as_ref()) {
                    Ok(w) => watcher = w,
                    Err(e) => eprintln!(
                        "stegvis: kunne ikke overvåke grunnlaget på nytt ({e}); start `stegvis serve` på nytt for å se endringer i det"
                    ),
                }
            }
        }
        let result = live.apply(&paths);
        preview.publish(&live);
        let names = shown_names(&opts.root, &paths);
        match result {
            Ok(report) => {
                if opts.verbose {
                    println!(
                        "stegvis: {names} → {} {} ({} tekster) på {:.1} ms{}",
                        report.pages_rendered,
                        if report.pages_rendered == 1 {
                            "side"
                        } else {
                            "sider"
                        },
                        report.bodies_rendered,
                        report.elapsed.as_secs_f64() * 1000.0,
                        if report.full {
                            ", alt bygget på nytt"
                        } else {
                            ""
                        }
                    );
                } else {
                    println!("stegvis: oppdatert ({names})");
                }
                let warnings: Diagnostics = report
                    .warnings
                    .0
                    .into_iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .collect::<Vec<_>>()
                    .into();
                if opts.verbose && !warnings.is_empty() {
                    diagnostics::emit(&warnings, &opts.root, opts.color);
                }
            }
            Err(d) => {
                diagnostics::emit(&d, &opts.root, opts.color);
                eprintln!(
                    "stegvis: {} feil; viser siste fungerende versjon til det er rettet",
                    d.errors().count()
                );
            }
        }
        let _ = std::io::stdout().flush();
    }
    Ok(())
}

fn open_browser(url: &str) {
    // Windows: the URL handler itself, not `cmd /c start`, whose parsing of
    // the command line would need the URL quoted for cmd.
    let (cmd, args): (&str, &[&str]) = if cfg!(windows) {
        ("rundll32", &["url.dll,FileProtocolHandler"])
    } else if cfg!(target_os = "macos") {
        ("open", &[])
    } else {
        ("xdg-open", &[])
    };
    let _ = std::process::Command::new(cmd)
        .args(args)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

fn handle(rq: Request, state: &RwLock<Snapshot>, subs: &Subscribers) {
    // A page elsewhere can make the browser call us under its own name
    // (DNS rebinding): answer only to our own.
    let host = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    let (port, hosts) = {
        let st = state.read().unwrap_or_else(PoisonError::into_inner);
        (st.port, Arc::clone(&st.hosts))
    };
    match host {
        None => {
            return respond(
                rq,
                400,
                "text/plain; charset=utf-8",
                "Forespørselen mangler Host-feltet.\n".as_bytes().to_vec(),
                &[],
            )
        }
        Some(h) if !host_allowed(&h, port, &hosts) => {
            return respond(
                rq,
                403,
                "text/plain; charset=utf-8",
                format!(
                    "Forhåndsvisningen svarer bare på sitt eget navn (localhost, 127.0.0.1 eller en IP-adresse), ikke på «{}».\nSkal den svare på dette navnet, start den med `stegvis serve --allow-host {}`.\n",
                    h.chars().filter(|c| !c.is_control()).take(200).collect::<String>(),
                    normalize_host(host_name(&h).0)
                )
                .into_bytes(),
                &[],
            )
        }
        Some(_) => {}
    }
    let target = rq.url().to_string();
    let (base_path, root) = {
        let st = state.read().unwrap_or_else(PoisonError::into_inner);
        (Arc::clone(&st.base_path), Arc::clone(&st.root))
    };
    // The CMS (its page, script, configuration and file API), with or
    // without the site's sub-path in front.
    let cms_at = [String::new(), base_path.trim_end_matches('/').to_string()]
        .into_iter()
        .find_map(|prefix| {
            target
                .strip_prefix(&format!("{prefix}{}", crate::cms::CMS_PATH))
                .map(str::to_string)
        });
    if let (Some(rest), Some(host)) = (cms_at, host.as_deref()) {
        return cms::handle(rq, &rest, &root, host);
    }
    // The CMS's address typed without its final `/`.
    if target.split('?').next() == Some(crate::cms::CMS_PATH.trim_end_matches('/')) {
        return respond(
            rq,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", crate::cms::CMS_PATH)],
        );
    }
    if !matches!(rq.method(), Method::Get | Method::Head) {
        return respond(
            rq,
            405,
            "text/plain; charset=utf-8",
            b"Bare GET og HEAD er tillatt.\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    // Under a sub-path: `/` leads there, and the pages are found below it
    // (a path without it still finds its page, as before).
    if &*base_path != "/" && (target == "/" || target.starts_with("/?")) {
        return respond(
            rq,
            302,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &base_path)],
        );
    }
    let target = match target.strip_prefix(base_path.trim_end_matches('/')) {
        Some(rest) if &*base_path != "/" && (rest.is_empty() || rest.starts_with(['/', '?'])) => {
            if rest.is_empty() {
                "/".to_string()
            } else {
                rest.to_string()
            }
        }
        _ => target,
    };
    let path_only = target.split('?').next().unwrap_or("");
    match path_only {
        EVENTS_PATH => return subscribe(rq, subs),
        SCRIPT_PATH => {
            return respond(
                rq,
                200,
                content_type("x.js"),
                LIVE_JS.as_bytes().to_vec(),
                &[],
            );
        }
        OVERLAY_CSS_PATH => {
            return respond(
                rq,
                200,
                content_type("x.css"),
                OVERLAY_CSS.as_bytes().to_vec(),
                &[],
            );
        }
        _ => {}
    }
    let (files, overlay, search) = {
        let st = state.read().unwrap_or_else(PoisonError::into_inner);
        (Arc::clone(&st.files), st.overlay.clone(), st.search.clone())
    };
    // Look up under the lock, answer without it: a rebuild never waits
    // for a slow client.
    let lookup = |key: &str| files.read().ok().and_then(|f| f.get(key).cloned());
    let key = match request_key(&target) {
        Ok(k) => k,
        Err(BadPath::Malformed) => {
            return respond(
                rq,
                400,
                "text/plain; charset=utf-8",
                b"Ugyldig adresse.\n".to_vec(),
                &[],
            )
        }
        Err(BadPath::Outside) => return not_found(rq, lookup("404.html"), overlay.as_deref()),
    };
    if let Some(file) = lookup(&key) {
        return send_file(rq, 200, &key, &file, overlay.as_deref());
    }
    let in_index = key
        .strip_prefix(crate::shared::file_names::SEARCH_DIR)
        .is_some_and(|rest| rest.starts_with('/'));
    if let (Some(index), true) = (search, in_index) {
        // The first request after a save builds the index, which takes a
        // while on a big site: it waits on a thread of its own, so the
        // request workers stay free for pages.
        let _ = std::thread::Builder::new()
            .name("stegvis-sok".into())
            .spawn(move || match index.file(&key, &files) {
                Some(bytes) => respond(rq, 200, content_type(&key), bytes.to_vec(), &[]),
                None => {
                    let page = files.read().ok().and_then(|f| f.get("404.html").cloned());
                    not_found(rq, page, overlay.as_deref())
                }
            });
        return;
    }
    // `/guide` → `/guide/` when that is a page.
    if !key.ends_with("index.html") && lookup(&format!("{key}/index.html")).is_some() {
        let location = format!("{}{}/", base_path.trim_end_matches('/'), url_path(&key));
        return respond(
            rq,
            301,
            "text/plain; charset=utf-8",
            Vec::new(),
            &[("Location", &location)],
        );
    }
    not_found(rq, lookup("404.html"), overlay.as_deref())
}

fn not_found(rq: Request, page: Option<Served>, overlay: Option<&str>) {
    match page {
        Some(f) => send_file(rq, 404, "404.html", &f, overlay),
        None => respond(
            rq,
            404,
            "text/html; charset=utf-8",
            inject(
                "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Fant ikke siden</title></head><body><h1>Fant ikke siden</h1></body></html>",
                overlay,
            )
            .into_bytes(),
            &[],
        ),
    }
}

fn send_file(rq: Request, status: u16, key: &str, file: &Served, overlay: Option<&str>) {
    let ctype = content_type(key);
    let body = match file.bytes() {
        Ok(b) => b,
        Err(_) => {
            return respond(
                rq,
                404,
                "text/plain; charset=utf-8",
                b"Filen finnes ikke lenger.\n".to_vec(),
                &[],
            )
        }
    };
    if ctype.starts_with("text/html") {
        let html = String::from_utf8_lossy(&body);
        respond(rq, status, ctype, inject(&html, overlay).into_bytes(), &[]);
    } else {
        respond(rq, status, ctype, body.into_owned(), &[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25's papercut: the log named `sed -i`'s temporary file.
    #[test]
    fn the_log_leaves_out_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/g")).unwrap();
        std::fs::write(dir.path().join("content/g/01-a.md"), "x").unwrap();
        let paths = [
            PathBuf::from("content/g/01-a.md"),
            PathBuf::from("content/g/sedBw7cBx"),
            PathBuf::from("content/g/02-slettet.md"),
        ];
        assert_eq!(
            shown_names(dir.path(), &paths),
            "content/g/01-a.md, content/g/02-slettet.md"
        );
        assert_eq!(shown_names(dir.path(), &paths[1..2]), "en midlertidig fil");
    }
}
