//! Work shared across the machine's cores, with results in a fixed order.
//!
//! Large maps are checked and reported on every core: the tasks (a rule, a
//! run of actors, a run of findings to render) are taken from a shared
//! counter by a few scoped threads, and each result is put back in the slot
//! of its task. The output is therefore the same, byte for byte, whatever the
//! number of threads and however the work was divided among them.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most threads used, whatever the machine has.
const MAX_THREADS: usize = 8;

/// How many threads to use: the `ELENCHUS_THREADS` environment variable when
/// set to a positive number, else the available parallelism (at most 8).
pub fn threads() -> usize {
    if let Some(n) = std::env::var("ELENCHUS_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok())
        && n > 0
    {
        return n.min(64);
    }
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(MAX_THREADS)
}

/// Run `f` on every task, with per-thread state made by `init`, on up to
/// `threads` threads; the results come back in the order of `tasks`. With
/// one thread (or one task) everything runs on the calling thread.
pub fn map_ordered<T, S, R>(
    tasks: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let threads = threads.clamp(1, tasks.len().max(1));
    if threads == 1 {
        let mut state = init();
        return tasks.iter().map(|t| f(&mut state, t)).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = tasks.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut state = init();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(task) = tasks.get(i) else { break };
                    let r = f(&mut state, task);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every task ran")).collect()
}

/// Vectors smaller than this are not prefaulted: their page faults cost
/// less than a thread (a few milliseconds at most), and a map that small is
/// read in well under a second anyway.
const PREFAULT_MIN_BYTES: usize = 8 << 20;

/// An empty vector with room for `capacity` items, being made ready by [`prefaulted`].
pub enum Prefaulted<T> {
    Ready(Vec<T>),
    Pending(std::thread::JoinHandle<Vec<T>>),
}

/// An empty vector with room for `capacity` items whose memory has already
/// been touched, prepared on another thread: the page faults of a large
/// allocation (hundreds of megabytes on a large map) are paid there, while
/// the caller does serial work, instead of one by one as it fills it. A
/// small vector, or one thread, and the vector is made at once.
pub fn prefaulted<T: Send + 'static>(capacity: usize) -> Prefaulted<T> {
    if capacity.saturating_mul(std::mem::size_of::<T>()) < PREFAULT_MIN_BYTES || threads() < 2 {
        return Prefaulted::Ready(Vec::with_capacity(capacity));
    }
    Prefaulted::Pending(std::thread::spawn(move || {
        let mut v: Vec<T> = Vec::with_capacity(capacity);
        for slot in v.spare_capacity_mut() {
            *slot = std::mem::MaybeUninit::zeroed();
        }
        v
    }))
}

/// The vector of [`prefaulted`], or a fresh one with the same room if that
/// thread could not run.
pub fn take_prefaulted<T>(v: Prefaulted<T>, capacity: usize) -> Vec<T> {
    match v {
        Prefaulted::Ready(v) => v,
        Prefaulted::Pending(handle) => handle.join().unwrap_or_else(|_| Vec::with_capacity(capacity)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_tasks() {
        let tasks: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 3, 8] {
            let out = map_ordered(
                &tasks,
                threads,
                || 0u64,
                |seen, &t| {
                    *seen += 1;
                    t * t
                },
            );
            assert_eq!(out, tasks.iter().map(|t| t * t).collect::<Vec<_>>(), "{threads} threads");
        }
        assert!(map_ordered(&[] as &[u8], 4, || (), |_, &t| t).is_empty());
    }
}
