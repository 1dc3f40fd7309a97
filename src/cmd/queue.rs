//! Work shared by the threads of rayon's pool one item at a time.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` on every item, results in the items' order. Each thread of the pool takes the next
/// item when it is done with one. With `par_iter` the items wait in the threads' queues, and a
/// thread waiting for polars (a SQL KPI runs on polars' own pool) takes one of them up
/// meanwhile: the item it was working on resumes only once that one is done, unfinished items
/// pile up on one thread's stack, and at the end the other thread has nothing left to take.
pub fn in_turn<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(items.len()));
    rayon::scope(|scope| {
        for _ in 0..rayon::current_num_threads().min(items.len()) {
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
