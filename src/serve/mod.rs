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

pub mod live;
pub mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, ReadWrite, Request, Response, Server, StatusCode};

use crate::serve::live::{LiveSite, Served};
use crate::shared::diagnostics::{self, Diagnostic, Diagnostics, Severity};
use crate::shared::html::escape;

/// Internal URLs of the preview server; never part of a built site.
pub const EVENTS_PATH: &str = "/__stegvis/hendelser";
pub const SCRIPT_PATH: &str = "/__stegvis/live.js";
pub const OVERLAY_CSS_PATH: &str = "/__stegvis/feil.css";

const MAX_PATH: usize = 2048;
const WORKERS: usize = 8;
const HEARTBEAT: Duration = Duration::from_secs(15);
const NUDGE_EVERY: Duration = Duration::from_millis(25);

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
                let site = site.read().expect("files lock");
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

/// How many events may wait for one event stream. A page that falls this
/// far behind (its client stopped reading) is dropped; a live browser tab
/// reconnects on its own and reads the next event.
const EVENT_QUEUE: usize = 32;

/// Open event streams of the pages that are showing. Each stream is written
/// by its own thread from a bounded queue, so a client that stops reading
/// holds up only itself: a broadcast never waits on a socket.
#[derive(Default)]
struct Subscribers {
    queues: Mutex<Vec<SyncSender<Arc<str>>>>,
}

impl Subscribers {
    fn add(&self, mut stream: Box<dyn ReadWrite + Send>) {
        let (tx, rx) = sync_channel::<Arc<str>>(EVENT_QUEUE);
        let spawned = std::thread::Builder::new()
            .name("stegvis-hendelser".into())
            .spawn(move || {
                // Tell the client how soon to reconnect if the server restarts.
                let mut ok = stream
                    .write_all(b"retry: 500\n\n")
                    .and_then(|_| stream.flush())
                    .is_ok();
                while ok {
                    let Ok(message) = rx.recv() else { break };
                    ok = stream
                        .write_all(message.as_bytes())
                        .and_then(|_| stream.flush())
                        .is_ok();
                }
                // Returning drops the queue's receiver: the next broadcast
                // sees the stream is gone and forgets it.
            });
        if spawned.is_ok() {
            self.queues.lock().expect("subscriber lock").push(tx);
        }
    }

    /// Queues one event for every subscriber, forgetting those that are gone
    /// or too far behind. Never blocks on a client.
    fn send(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        let mut queues = self.queues.lock().expect("subscriber lock");
        queues.retain(|q| q.try_send(Arc::clone(&message)).is_ok());
    }

    fn count(&self) -> usize {
        self.queues.lock().expect("subscriber lock").len()
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
        let live = LiveSite::new(root, &format!("http://{host}:{}/", addr.port()));
        let shards = Arc::new(crate::output::search::LiveIndex::default());
        let preview = Preview {
            addr,
            server: Arc::new(server),
            state: Arc::new(RwLock::new(Snapshot {
                files: live.files(),
                overlay: live.errors().map(|d| overlay_html(d, live.root())),
                search: LazyIndex::new(&live, &shards),
                port: addr.port(),
                hosts: Arc::from(Vec::new()),
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
                    handle(rq, &state, &subs);
                }
            });
        }
        let subs = Arc::clone(&preview.subscribers);
        std::thread::spawn(move || loop {
            std::thread::sleep(HEARTBEAT);
            subs.send(": ping\n\n");
        });
        spawn_nudger(addr);
        Ok((preview, live))
    }

    /// Publishes the live site's current state and tells open pages to reload.
    pub fn publish(&self, live: &LiveSite) {
        {
            let mut st = self.state.write().expect("state lock");
            st.files = live.files();
            st.overlay = live.errors().map(|d| overlay_html(d, live.root()));
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
        let kind = if live.errors().is_some() {
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
        self.state.write().expect("state lock").hosts = Arc::from(names);
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
        format!("http://{host}:{}/", self.addr.port())
    }
}

/// The port `stegvis serve` listens on when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried before any free port is taken.
const PORT_TRIES: u16 = 20;
/// The code of the error for a taken port that was asked for exactly.
pub const PORT_TAKEN: &str = "port-taken";

/// Which port the preview server listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortChoice {
    /// Given with `--port`: exactly this one, and an error when it is taken
    /// (0 lets the system pick a free one).
    Exact(u16),
    /// The default: this port, or when it is taken the next free one (as
    /// Hugo does), or any free port when the next few are taken too.
    FirstFreeFrom(u16),
}

/// Whether a failed bind means "someone else has this port". Windows also
/// refuses ports in its reserved ranges (Hyper-V, WSL) with "access denied".
fn port_unavailable(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::AddrInUse
        || (cfg!(windows) && e.kind() == std::io::ErrorKind::PermissionDenied)
}

/// Binds the listening socket for `choice` on `ip`.
pub fn bind_port(ip: IpAddr, choice: PortChoice) -> Result<std::net::TcpListener, Diagnostic> {
    let failed = |port: u16, e: std::io::Error| {
        Diagnostic::error(
            "serve",
            format!("kunne ikke lytte på {}: {e}", SocketAddr::new(ip, port)),
        )
        .with_hint("sjekk adressen i --bind; 127.0.0.1 er bare denne maskinen")
    };
    match choice {
        PortChoice::Exact(port) => {
            std::net::TcpListener::bind(SocketAddr::new(ip, port)).map_err(|e| {
                if port_unavailable(&e) {
                    Diagnostic::error(
                        PORT_TAKEN,
                        format!(
                            "porten {port} er opptatt ({}: {e})",
                            SocketAddr::new(ip, port)
                        ),
                    )
                    .with_hint(format!(
                        "kjører `stegvis serve` allerede? Velg en annen port med --port, \
                         eller utelat --port, så tar stegvis den første ledige fra {DEFAULT_PORT}"
                    ))
                } else {
                    failed(port, e)
                }
            })
        }
        PortChoice::FirstFreeFrom(first) => {
            let last = first.saturating_add(PORT_TRIES - 1);
            for port in first..=last {
                match std::net::TcpListener::bind(SocketAddr::new(ip, port)) {
                    Ok(l) => return Ok(l),
                    Err(e) if port_unavailable(&e) => continue,
                    Err(e) => return Err(failed(port, e)),
                }
            }
            std::net::TcpListener::bind(SocketAddr::new(ip, 0)).map_err(|e| failed(0, e))
        }
    }
}

/// The server on a listening socket with Nagle's algorithm off, which Linux
/// passes on to every accepted connection (as do macOS and Windows, whose
/// accepted sockets take the listening socket's options). tiny_http writes
/// an answer in 1 KiB pieces and keeps connections alive (it drops our
/// `Connection: close`), so with Nagle the last piece of each answer waited
/// for the client's delayed ACK: 40 ms per request, 333 requests/s under wrk.
fn listen(
    listener: std::net::TcpListener,
) -> Result<Server, Box<dyn std::error::Error + Send + Sync>> {
    set_nodelay(&listener);
    Server::from_listener(listener, None)
}

#[cfg(unix)]
fn set_nodelay(listener: &std::net::TcpListener) {
    use std::os::unix::io::AsRawFd;
    let on: libc::c_int = 1;
    // SAFETY: a valid socket, and an option value of the size given.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(windows)]
fn set_nodelay(listener: &std::net::TcpListener) {
    use std::os::windows::io::AsRawSocket;
    use windows_sys::Win32::Networking::WinSock::{setsockopt, IPPROTO_TCP, TCP_NODELAY};
    let on: u32 = 1;
    // SAFETY: a valid socket, and an option value (a BOOL) of the size given.
    unsafe {
        setsockopt(
            listener.as_raw_socket() as usize,
            IPPROTO_TCP,
            TCP_NODELAY,
            (&on as *const u32).cast(),
            std::mem::size_of::<u32>() as i32,
        );
    }
}

#[cfg(not(any(unix, windows)))]
fn set_nodelay(_listener: &std::net::TcpListener) {}

/// tiny_http hands each new connection to a thread pool that can lose a
/// wake-up when two connections arrive at once: the second then waits in the
/// pool's queue until the next connection arrives, which stalled page loads
/// in Chromium for seconds (seen in the browser test). A tiny connection to
/// ourselves every few milliseconds is such a next connection, so a stranded
/// one waits at most that long. It costs one loopback connect and close.
fn spawn_nudger(addr: SocketAddr) {
    let target = if addr.ip().is_unspecified() {
        SocketAddr::new(
            match addr {
                SocketAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
                SocketAddr::V6(_) => IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]),
            },
            addr.port(),
        )
    } else {
        addr
    };
    std::thread::spawn(move || loop {
        std::thread::sleep(NUDGE_EVERY);
        let _ = std::net::TcpStream::connect_timeout(&target, Duration::from_millis(200));
    });
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
    let mut watcher = crate::serve::watch::SiteWatcher::new(&opts.root).map_err(|e| {
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
    println!("Lagre en fil, så oppdateres siden i nettleseren. Stopp med Ctrl+C.");
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&preview.url());
    }
    while let Some(paths) = watcher.next_batch() {
        if paths.is_empty() {
            continue;
        }
        let result = live.apply(&paths);
        preview.publish(&live);
        let names = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum BadPath {
    /// Not decodable, a NUL byte, too long: 400.
    Malformed,
    /// Tries to leave the site: 404, as if it did not exist.
    Outside,
}

/// Turns a request target into a key of the file table: percent-decoded,
/// without query or fragment, no leading `/`, `index.html` for folders.
pub fn request_key(target: &str) -> Result<String, BadPath> {
    if target.len() > MAX_PATH {
        return Err(BadPath::Malformed);
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(BadPath::Malformed);
    }
    let bytes = percent_decode(path).ok_or(BadPath::Malformed)?;
    let decoded = String::from_utf8(bytes).map_err(|_| BadPath::Malformed)?;
    if decoded.contains('\0') {
        return Err(BadPath::Malformed);
    }
    if decoded.contains('\\') {
        return Err(BadPath::Outside);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(BadPath::Outside),
            s if s.contains(':') => return Err(BadPath::Outside),
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Every response asks the client to close its connection (tiny_http itself
/// may keep it open; the header is a request to the browser, which then
/// reconnects — a local preview loses nothing by that).
fn respond(rq: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let mut resp = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Connection", "close"));
    for (k, v) in extra {
        resp.add_header(header(k, v));
    }
    // The answer is written on a thread of its own: a client that does not
    // read it (or reads slowly) then holds only that thread, not one of the
    // WORKERS — eight such clients stalled the whole server. Past
    // MAX_WRITERS answers in flight, answer inline.
    if WRITERS.fetch_add(1, Ordering::SeqCst) < MAX_WRITERS {
        let spawned = std::thread::Builder::new()
            .name("stegvis-svar".into())
            .spawn(move || {
                let _ = rq.respond(resp);
                WRITERS.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            WRITERS.fetch_sub(1, Ordering::SeqCst);
        }
        return;
    }
    WRITERS.fetch_sub(1, Ordering::SeqCst);
    let _ = rq.respond(resp);
}

/// Answers being written on their own threads, and the most there may be.
static WRITERS: AtomicUsize = AtomicUsize::new(0);
const MAX_WRITERS: usize = 512;

fn handle(rq: Request, state: &RwLock<Snapshot>, subs: &Subscribers) {
    // A page elsewhere can make the browser call us under its own name
    // (DNS rebinding): answer only to our own.
    let host = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    let (port, hosts) = {
        let st = state.read().expect("state lock");
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
    if !matches!(rq.method(), Method::Get | Method::Head) {
        return respond(
            rq,
            405,
            "text/plain; charset=utf-8",
            b"Bare GET og HEAD er tillatt.\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let target = rq.url().to_string();
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
        let st = state.read().expect("state lock");
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
        let location = format!("/{key}/");
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

/// A `Host` header split into name and port (`[::1]:1111` → `[::1]`, 1111).
fn host_name(host: &str) -> (&str, Option<&str>) {
    let host = host.trim();
    if host.starts_with('[') {
        return match host.find(']') {
            Some(i) => (&host[..=i], host[i + 1..].strip_prefix(':')),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

/// A host name as compared: lower case, without a final dot.
fn normalize_host(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a request's `Host` names this server: the port it listens on,
/// and `localhost`, an IP address (which DNS rebinding cannot fake: the
/// attacker's page would carry its own name) or a name allowed with
/// `--allow-host`.
pub fn host_allowed(host: &str, port: u16, allowed: &[String]) -> bool {
    let (name, given_port) = host_name(host);
    let port_ok = match given_port {
        Some(p) => p.parse::<u16>().ok() == Some(port),
        None => port == 80,
    };
    if !port_ok || name.is_empty() {
        return false;
    }
    let name = normalize_host(name);
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name.parse::<std::net::Ipv4Addr>().is_ok(),
    };
    ip || name == "localhost" || allowed.contains(&name)
}

/// Adds the reload script (and the error overlay) before `</body>`.
pub fn inject(html: &str, overlay: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(o) = overlay {
        extra.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">{o}"
        ));
    }
    extra.push_str(&format!("<script src=\"{SCRIPT_PATH}\" defer></script>"));
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]),
        None => format!("{html}{extra}"),
    }
}

fn subscribe(rq: Request, subs: &Subscribers) {
    let resp = Response::empty(200)
        .with_header(header("Content-Type", "text/event-stream; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"));
    let stream = rq.upgrade("stegvis-hendelser", resp);
    subs.add(stream);
}

/// The error overlay: every error with file, line, message, hint and the
/// source lines around it.
pub fn overlay_html(diags: &Diagnostics, root: &Path) -> Arc<str> {
    let errors: Vec<_> = diags.errors().collect();
    let mut html = String::new();
    html.push_str("<div id=\"stegvis-feil\" class=\"stegvis-feil\" role=\"alert\" aria-labelledby=\"stegvis-feil-tittel\">");
    html.push_str(&format!(
        "<h2 id=\"stegvis-feil-tittel\">Bygget feilet: {} feil</h2><p>Siden under er siste fungerende versjon. Rett feilen og lagre, så forsvinner denne meldingen.</p><ol>",
        errors.len()
    ));
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    for d in errors {
        html.push_str("<li class=\"stegvis-feil__punkt\">");
        if let Some(file) = &d.file {
            let mut place = file.display().to_string();
            if let Some(l) = d.line {
                place.push_str(&format!(":{l}"));
                if let Some(c) = d.column {
                    place.push_str(&format!(":{c}"));
                }
            }
            html.push_str(&format!(
                "<p class=\"stegvis-feil__sted\"><code>{}</code></p>",
                escape(&place)
            ));
        }
        html.push_str(&format!(
            "<p class=\"stegvis-feil__melding\">{} <span class=\"stegvis-feil__kode\">[{}]</span></p>",
            escape(&d.message),
            escape(d.code)
        ));
        if let Some(h) = &d.hint {
            html.push_str(&format!(
                "<p class=\"stegvis-feil__tips\">Tips: {}</p>",
                escape(h)
            ));
        }
        if let (Some(file), Some(line)) = (&d.file, d.line) {
            let text = sources.entry(file.clone()).or_insert_with(|| {
                std::fs::read(root.join(file))
                    .ok()
                    .map(|b| diagnostics::display_text(&b))
            });
            if let Some(text) = text {
                html.push_str("<pre class=\"stegvis-feil__kilde\">");
                for (n, l) in diagnostics::source_excerpt(text, line, 2) {
                    let class = if n == line {
                        " class=\"stegvis-feil__linje\""
                    } else {
                        ""
                    };
                    html.push_str(&format!("<span{class}>{n:>4} │ {}</span>\n", escape(&l)));
                }
                html.push_str("</pre>");
            }
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    Arc::from(html)
}

/// Reloads the page on every rebuild, keeping the scroll position.
const LIVE_JS: &str = r#"(function () {
  'use strict';
  var key = 'stegvis-rulling:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10) || 0;
    // 'instant': the theme may ask for smooth scrolling.
    var restore = function () { window.scrollTo({ top: y, left: 0, behavior: 'instant' }); };
    restore();
    window.addEventListener('load', restore);
  }
  if (!window.EventSource) { return; }
  function listen() {
    var source = new EventSource('/__stegvis/hendelser');
    source.addEventListener('reload', function () {
      sessionStorage.setItem(key, String(window.scrollY || window.pageYOffset || 0));
      location.reload();
    });
  }
  // Open the event stream once the page has loaded, so it never holds up
  // the page itself.
  if (document.readyState === 'complete') { listen(); } else { window.addEventListener('load', listen); }
}());
"#;

const OVERLAY_CSS: &str = r#".stegvis-feil { position: fixed; inset: 1rem 1rem auto 1rem; max-height: calc(100vh - 2rem); overflow: auto; z-index: 2147483647;
  background: #fff; color: #1f2c3d; border: 4px solid #c01b1b; border-radius: 8px; padding: 1rem 1.25rem;
  box-shadow: 0 8px 32px rgba(0,0,0,.35); font: 16px/1.5 system-ui, sans-serif; }
.stegvis-feil h2 { margin: 0 0 .5rem; color: #c01b1b; font-size: 1.25rem; }
.stegvis-feil ol { margin: .5rem 0 0; padding-left: 1.5rem; }
.stegvis-feil__punkt { margin-bottom: 1rem; }
.stegvis-feil__sted code { font-weight: bold; }
.stegvis-feil__melding { margin: .25rem 0; font-weight: 600; }
.stegvis-feil__kode { color: #4f5b68; font-weight: normal; }
.stegvis-feil__tips { margin: .25rem 0; }
.stegvis-feil__kilde { background: #f5f7fa; border: 1px solid #c7ccd3; padding: .5rem; overflow-x: auto; margin: .25rem 0 0; }
.stegvis-feil__kilde span { display: block; }
.stegvis-feil__linje { background: #fde8e8; font-weight: bold; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_request_targets() {
        assert_eq!(request_key("/").unwrap(), "index.html");
        assert_eq!(
            request_key("/planstrategi/").unwrap(),
            "planstrategi/index.html"
        );
        assert_eq!(
            request_key("/planstrategi/?x=1").unwrap(),
            "planstrategi/index.html"
        );
        assert_eq!(request_key("/stegvis.css").unwrap(), "stegvis.css");
        assert_eq!(request_key("/s%C3%B8k/").unwrap(), "søk/index.html");
        assert_eq!(request_key("//a//b").unwrap(), "a/b");
    }

    #[test]
    fn traversal_and_garbage_are_refused() {
        for outside in [
            "/../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/a/%2E%2E%2Fb",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/C:/Windows",
        ] {
            assert_eq!(request_key(outside), Err(BadPath::Outside), "{outside}");
        }
        for bad in [
            "/%00",
            "/a%0",
            "/%zz",
            "etc/passwd",
            "/%ff%fe",
            &format!("/{}", "a".repeat(3000)),
        ] {
            assert_eq!(request_key(bad), Err(BadPath::Malformed), "{bad}");
        }
        // Double encoding decodes once: a literal "%2e%2e" name, not found later.
        assert_eq!(request_key("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn injection_goes_before_body_end() {
        let out = inject(
            "<html><body><p>x</p></body></html>",
            Some("<div>feil</div>"),
        );
        assert!(
            out.ends_with(
                "<div>feil</div><script src=\"/__stegvis/live.js\" defer></script></body></html>"
            ),
            "{out}"
        );
    }

    /// An event stream in memory: keeps what the server writes, or, when
    /// `stuck`, hangs in every write like the full socket of a client that
    /// stopped reading (until the test drops the other end).
    struct FakeStream {
        written: Arc<Mutex<Vec<u8>>>,
        stuck: Option<std::sync::mpsc::Receiver<()>>,
    }

    impl std::io::Read for FakeStream {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Ok(0)
        }
    }

    impl Write for FakeStream {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if let Some(hang) = &self.stuck {
                let _ = hang.recv();
                return Err(std::io::Error::other("client gone"));
            }
            self.written.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_client_that_stops_reading_holds_up_no_one() {
        let subs = Arc::new(Subscribers::default());
        let (_unstick, hang) = std::sync::mpsc::channel::<()>();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let events = EVENT_QUEUE * 3;
        let (done, finished) = std::sync::mpsc::channel();
        let (subs2, seen2) = (Arc::clone(&subs), Arc::clone(&seen));
        // Everything that touches the subscribers runs on this thread, so a
        // call that blocks makes the test fail below instead of hanging it.
        std::thread::spawn(move || {
            subs2.add(Box::new(FakeStream {
                written: Arc::default(),
                stuck: Some(hang),
            }));
            subs2.add(Box::new(FakeStream {
                written: Arc::clone(&seen2),
                stuck: None,
            }));
            for i in 0..events {
                let event = format!("event: reload\ndata: {i}\n\n");
                subs2.send(&event);
                // The reading client keeps up: wait until it has this event.
                let deadline = Instant::now() + Duration::from_secs(10);
                while !String::from_utf8_lossy(&seen2.lock().unwrap()).ends_with(&event) {
                    assert!(Instant::now() < deadline, "event {i} never arrived");
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            done.send(()).unwrap();
        });
        finished
            .recv_timeout(Duration::from_secs(30))
            .expect("every broadcast returned although one client never reads");
        // The stuck client was dropped once its queue was full; the reading
        // one stayed and got the retry line and every event, in order.
        assert_eq!(subs.count(), 1);
        let mut want = String::from("retry: 500\n\n");
        for i in 0..events {
            want.push_str(&format!("event: reload\ndata: {i}\n\n"));
        }
        assert_eq!(String::from_utf8_lossy(&seen.lock().unwrap()), want);
    }

    #[test]
    fn only_our_own_names_are_answered() {
        let extra = vec!["preview.kommune.no".to_string()];
        for ok in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.20:1111",
            "preview.kommune.no:1111",
            "Preview.Kommune.no.:1111",
        ] {
            assert!(host_allowed(ok, 1111, &extra), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "localhost",
            "",
            ":1111",
            "[::1:1111",
            "localhost:1111:1111",
        ] {
            assert!(!host_allowed(bad, 1111, &extra), "{bad}");
        }
        assert!(host_allowed("localhost", 80, &[]));
    }

    #[test]
    fn content_types_have_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("kalender.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
