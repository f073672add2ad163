//! Listening: which port the preview takes (`--port`, or the first free one
//! from 1111 as Hugo does), binding it, and the tiny_http server on it with
//! Nagle's algorithm off.

use std::net::{IpAddr, SocketAddr};

use tiny_http::Server;

use crate::shared::diagnostics::Diagnostic;

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
pub(super) fn listen(
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
