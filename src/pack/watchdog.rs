//! A time and a memory limit per pack: a template that loops for ever (typst stops recursion and
//! very long single loops itself, not nested ones) or builds ever larger text or lists must not
//! hang an unattended run or take the machine's memory. A watchdog thread checks the packs being
//! built; one that takes longer than the time limit, or packs that make the process grow by more
//! than the memory limit each, end the process with an error naming the pack. Packs are written
//! atomically, so none is left half-written.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The default time one pack may take: 300 s (a pack takes well under a second).
pub const DEFAULT_PACK_SECONDS: u64 = 300;
/// The default memory each pack being built may add to the process: 768 MB (a pack adds tens).
pub const DEFAULT_PACK_MEMORY_MB: u64 = 768;
/// How often the watchdog looks: memory can grow by a few hundred MB in this time.
const TICK: Duration = Duration::from_millis(25);

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
    /// Starts a watchdog with a time limit per pack and a memory limit (MB) per pack being
    /// built, counted above the process's size when it starts.
    pub fn start(limit: Duration, memory_mb: u64) -> Self {
        let baseline = resident_bytes().unwrap_or(0);
        let allowance = memory_mb << 20;
        let running: Running = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let running = Arc::clone(&running);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(TICK);
                    let running = running.lock().unwrap_or_else(|p| p.into_inner());
                    if !running.is_empty()
                        && let Some(resident) = resident_bytes()
                        && resident.saturating_sub(baseline) > allowance * running.len() as u64
                    {
                        let oldest = running.values().min_by_key(|(started, _)| *started);
                        let name = oldest.map(|(_, name)| name.as_str()).unwrap_or("a pack");
                        eprintln!(
                            "error: {name} needed more than {memory_mb} MB of memory (`limits.pack_memory_mb`; a template that builds ever larger text or lists?); stopped — no pack was left half-written"
                        );
                        std::process::exit(1);
                    }
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

/// The process's resident memory in bytes (Linux: `VmRSS` in `/proc/self/status`; elsewhere
/// unknown, and memory is not limited).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes << 10)
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
