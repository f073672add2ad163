//! Server-Sent Events: the open pages' event streams (one writer thread
//! and a bounded queue each), the heartbeat that keeps them open, and the
//! browser's end, reload.js, which reloads the page on every rebuild and
//! keeps its scroll position.

use std::io::Write;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tiny_http::{ReadWrite, Request, Response};

use crate::serve::http::header;

/// Where pages open their event stream (reload.js names it too).
pub const EVENTS_PATH: &str = "/__stegvis/hendelser";

/// The script every served page loads, which opens the event stream.
pub(super) const LIVE_JS: &str = include_str!("reload.js");

/// How often open streams get a comment line, so that nothing between the
/// browser and us closes them as idle.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// How many events may wait for one event stream. A page that falls this
/// far behind (its client stopped reading) is dropped; a live browser tab
/// reconnects on its own and reads the next event.
const EVENT_QUEUE: usize = 32;

/// Open event streams of the pages that are showing. Each stream is written
/// by its own thread from a bounded queue, so a client that stops reading
/// holds up only itself: a broadcast never waits on a socket.
#[derive(Default)]
pub(super) struct Subscribers {
    queues: Mutex<Vec<SyncSender<Arc<str>>>>,
}

impl Subscribers {
    pub(super) fn add(&self, mut stream: Box<dyn ReadWrite + Send>) {
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
            self.queues
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(tx);
        }
    }

    /// Queues one event for every subscriber, forgetting those that are gone
    /// or too far behind. Never blocks on a client.
    pub(super) fn send(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        queues.retain(|q| q.try_send(Arc::clone(&message)).is_ok());
    }

    pub(super) fn count(&self) -> usize {
        self.queues
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

pub(super) fn subscribe(rq: Request, subs: &Subscribers) {
    let mut resp = Response::empty(200);
    for (k, v) in [
        ("Content-Type", "text/event-stream; charset=utf-8"),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ] {
        if let Some(h) = header(k, v) {
            resp.add_header(h);
        }
    }
    let stream = rq.upgrade("stegvis-hendelser", resp);
    subs.add(stream);
}

/// Starts the thread that sends every stream a heartbeat.
pub(super) fn spawn_heartbeat(subs: Arc<Subscribers>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(HEARTBEAT);
        subs.send(": ping\n\n");
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::{Duration, Instant};

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
    fn the_reload_script_opens_our_event_stream() {
        assert!(LIVE_JS.contains(&format!("new EventSource('{EVENTS_PATH}')")));
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
}
