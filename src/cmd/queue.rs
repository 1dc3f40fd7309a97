//! Work shared by the threads of polars' pool one item at a time.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use polars_core::runtime::THREAD_POOL;

/// `work` on every item, results in the items' order, on the threads of polars' pool, each
/// taking the next item when it is done with one.
///
/// Polars' pool, not rayon's global one: a SQL KPI runs its query on polars' pool, and a thread
/// of another pool that calls polars hands the query over and waits, spinning, while a third
/// thread wants the machine's cores; on polars' own threads the query runs where it is asked
/// for (50 monthly reviews, 13 queries a client, 0.88× the wall time). typst's parallel layout
/// runs on the pool of the thread that asks for it, so a pack uses no other.
///
/// One item at a time, not `par_iter`: with `par_iter` the items wait in the threads' queues,
/// and a thread waiting for anything takes one of them up meanwhile: the item it was working on
/// resumes only once that one is done, unfinished items pile up on one thread's stack, and at
/// the end the other thread has nothing left to take.
pub fn in_turn<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(items.len()));
    THREAD_POOL.scope(|scope| {
        for _ in 0..THREAD_POOL.current_num_threads().min(items.len()) {
            scope.spawn(|_| {
                loop {
                    let at = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(at) else { break };
                    let result = work(item);
                    done.lock().expect("finished items").push((at, result));
                }
            });
        }
    });
    let mut done = done.into_inner().expect("finished items");
    done.sort_unstable_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_item_once_in_order() {
        let items: Vec<usize> = (0..1000).collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let squares = super::in_turn(&items, |&i| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            i * i
        });
        assert_eq!(calls.into_inner(), 1000);
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert!(super::in_turn(&[] as &[usize], |&i| i).is_empty());
    }
}
