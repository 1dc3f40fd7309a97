//! Panics of a dependency turned into errors: for decoders (Parquet) that may panic on a damaged
//! file. While a guarded call runs, the process's panic hook stays quiet, so the user sees one
//! error naming the file instead of a panic message.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Guarded calls running now (in any thread: decoders run on worker threads).
static GUARDED: AtomicUsize = AtomicUsize::new(0);

fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.load(Ordering::SeqCst) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside it becomes `Err` with the panic's message.
pub fn without_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the decoder failed".to_string())
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error() {
        assert_eq!(without_panics(|| 2), Ok(2));
        let error = without_panics(|| -> u8 { panic!("index out of bounds") }).unwrap_err();
        assert_eq!(error, "index out of bounds");
    }
}
