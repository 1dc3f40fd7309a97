//! A time limit per pack: a template that loops for ever (typst stops recursion and very long
//! single loops itself, not nested ones) must not hang an unattended run. A watchdog thread
//! checks the packs being built; one that takes longer than the limit ends the process with an
//! error naming it. Packs are written atomically, so none is left half-written.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The default time one pack may take: 300 s (a pack takes well under a second).
pub const DEFAULT_PACK_SECONDS: u64 = 300;

type Running = Arc<Mutex<HashMap<u64, (Instant, String)>>>;

/// Watches the packs being built.
pub struct Watchdog {
    running: Running,
    next: AtomicU64,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A pack being built; dropping it ends its watch.
pub struct Watch<'a> {
    dog: &'a Watchdog,
    id: u64,
}

impl Watchdog {
    /// Starts a watchdog with a limit per pack.
    pub fn start(limit: Duration) -> Self {
        let running: Running = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let running = Arc::clone(&running);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(200));
                    let running = running.lock().unwrap_or_else(|p| p.into_inner());
                    if let Some((_, (_, name))) = running
                        .iter()
                        .find(|(_, (started, _))| started.elapsed() > limit)
                    {
                        eprintln!(
                            "error: {name} took more than {} s to build (a template that loops without end?); stopped — no pack was left half-written",
                            limit.as_secs()
                        );
                        std::process::exit(1);
                    }
                }
            })
        };
        Self {
            running,
            next: AtomicU64::new(0),
            stop,
            thread: Some(thread),
        }
    }

    /// Watches one pack.
    pub fn watch(&self, name: String) -> Watch<'_> {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, (Instant::now(), name));
        Watch { dog: self, id }
    }
}

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        self.dog
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.id);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
