//! A workaround for tiny_http 0.12: a connection to ourselves every 25 ms.
//!
//! tiny_http's accept thread hands each new connection to its own thread
//! pool (`util::task_pool`), which can lose a wake-up. The pool queues a
//! connection and signals one idle thread when its count of idle threads is
//! above zero; but a thread that was signalled still counts as idle until it
//! runs. When several connections arrive at once (a browser opens six), a
//! second signal can go to no one: that connection then waits in the queue
//! until a pool thread comes free. One serving a kept-alive connection may
//! take minutes; but a new connection that closes at once (the nudger's)
//! frees its thread, which then takes the waiting one. Page loads in
//! Chromium stalled for seconds (seen in tests/browser.rs when this was
//! added).
//!
//! Nothing on our side of tiny_http can wake that pool: `Server::recv_timeout`
//! and `Server::unblock` act on the queue of finished requests that our
//! worker threads read, not on the pool that reads connections. So the
//! nudger provides the next connection: a loopback connect and close every
//! [`NUDGE_EVERY`], so a stranded connection waits at most that long.
//! tests/server_faults.rs (`connections_that_arrive_together_are_all_answered`)
//! fails without it: eight connections at once on a fresh server left one
//! unanswered on about every second try. Remove this module when tiny_http's
//! pool no longer loses wake-ups, or when the server is no longer tiny_http.

use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

/// How often the nudger connects: the longest a stranded connection waits.
pub(super) const NUDGE_EVERY: Duration = Duration::from_millis(25);

/// Starts the nudger for a server listening on `addr`; it runs as long as
/// the process does.
pub(super) fn spawn(addr: SocketAddr) {
    let target = target(addr);
    std::thread::Builder::new()
        .name("stegvis-vekker".into())
        .spawn(move || loop {
            std::thread::sleep(NUDGE_EVERY);
            let _ = TcpStream::connect_timeout(&target, Duration::from_millis(200));
        })
        .expect("start the nudger thread");
}

/// Where to connect: the listening address, with loopback for a server that
/// listens on every interface (one cannot connect to 0.0.0.0 everywhere).
fn target(addr: SocketAddr) -> SocketAddr {
    if !addr.ip().is_unspecified() {
        return addr;
    }
    let loopback = match addr {
        SocketAddr::V4(_) => IpAddr::from([127, 0, 0, 1]),
        SocketAddr::V6(_) => IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]),
    };
    SocketAddr::new(loopback, addr.port())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::time::Instant;

    #[test]
    fn a_server_on_every_interface_is_nudged_on_loopback() {
        let any4: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        let any6: SocketAddr = "[::]:1111".parse().unwrap();
        let own: SocketAddr = "192.168.1.20:1111".parse().unwrap();
        assert_eq!(target(any4), "127.0.0.1:1111".parse().unwrap());
        assert_eq!(target(any6), "[::1]:1111".parse().unwrap());
        assert_eq!(target(own), own);
    }

    #[test]
    fn the_listener_gets_a_new_connection_every_few_milliseconds() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        spawn(listener.local_addr().unwrap());
        listener.set_nonblocking(true).unwrap();
        let started = Instant::now();
        let mut accepted = 0;
        while accepted < 5 {
            match listener.accept() {
                Ok(_) => accepted += 1,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    assert!(started.elapsed() < Duration::from_secs(10), "no nudges");
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(e) => panic!("{e}"),
            }
        }
        // Five connections 25 ms apart: well under a second even on a
        // loaded machine, and far from the seconds a stranded connection
        // waited without them.
        let took = started.elapsed();
        assert!(took >= NUDGE_EVERY * 4, "{took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }
}
