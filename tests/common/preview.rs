//! `stegvis serve` in its own process, and plain HTTP and event-stream
//! clients for it (used by tests/serve.rs and tests/server_faults.rs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A running `stegvis serve --port 0 --verbose`; killed when dropped.
pub struct PreviewServer {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// The lines the server printed after its address.
    pub log: Receiver<String>,
    /// The site's sub-path the preview serves under (`/veileder/`), or `/`.
    pub base_path: String,
}

impl Drop for PreviewServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl PreviewServer {
    /// The binary of this build, serving the site at `root`.
    pub fn start(root: &Path) -> PreviewServer {
        Self::start_bin(env!("CARGO_BIN_EXE_stegvis"), root)
    }

    /// Any stegvis binary (e.g. the release build), serving `root`.
    pub fn start_bin(bin: &str, root: &Path) -> PreviewServer {
        Self::start_with(bin, root, &[])
    }

    /// As [`PreviewServer::start_bin`], with more arguments to `serve`.
    pub fn start_with(bin: &str, root: &Path, extra: &[&str]) -> PreviewServer {
        let child = Command::new(bin)
            .args(["serve", "--port", "0", "--no-color", "--verbose"])
            .args(extra)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start stegvis serve");
        // From here on, Drop stops the process whatever happens.
        let mut srv = PreviewServer {
            child,
            addr: String::new(),
            log: channel().1,
            base_path: "/".to_string(),
        };
        let stdout = srv.child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve prints its URL");
            if let Some(url) = line.strip_prefix("Forhåndsvisning: http://") {
                // `127.0.0.1:PORT`, without the site's sub-path (the
                // preview serves under it, and finds pages without it too).
                let (addr, path) = url.split_once('/').unwrap_or((url, ""));
                srv.addr = addr.to_string();
                srv.base_path = format!("/{path}");
                srv.log = rx;
                return srv;
            }
        }
    }

    /// The server still runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// Resident memory of the server process, in KiB.
    pub fn rss_kib(&self) -> u64 {
        rss_kib(self.child.id())
    }
}

/// Resident memory of a process, in KiB (0 if it cannot be read).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Sends raw bytes on a new connection and reads until the server closes
/// it: (status, headers, body).
pub fn raw(addr: &str, request: &[u8]) -> std::io::Result<(u16, String, Vec<u8>)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    s.write_all(request)?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let body = buf[split + 4..].to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, head, body))
}

/// One request on its own connection: (status, headers, body).
pub fn request(addr: &str, method: &str, path: &str) -> std::io::Result<(u16, String, Vec<u8>)> {
    raw(
        addr,
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// GET with the body as text: (status, headers, body).
pub fn get(addr: &str, path: &str) -> (u16, String, String) {
    let (status, head, body) = request(addr, "GET", path).expect("GET");
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// Waits until `path` does (or, with `present` false, does not) contain
/// `needle`: a rebuild may still be running.
pub fn eventually(addr: &str, path: &str, needle: &str, present: bool, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let body = request(addr, "GET", path)
            .map(|(_, _, b)| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        if body.contains(needle) == present {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path}: `{needle}` {} after {limit:?}:\n{body}",
            if present {
                "never appeared"
            } else {
                "never went away"
            }
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An open event stream, like a showing page's; each event's `data:` line
/// arrives on the receiver.
pub fn subscribe(addr: &str) -> Receiver<String> {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(format!("GET /__stegvis/hendelser HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .expect("subscribe");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(s);
        let mut line = String::new();
        while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                if tx.send(data.to_string()).is_err() {
                    return;
                }
            }
            line.clear();
        }
    });
    // The stream is registered before the first response bytes come back.
    std::thread::sleep(Duration::from_millis(200));
    rx
}

/// The next event's data, within 10 s.
pub fn wait_event(rx: &Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(10))
        .expect("a reload event arrives")
}
