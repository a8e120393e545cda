//! A parallel map whose results are used in input order as they come, in
//! bounded memory: how `seal` streams a large input over every core.
//!
//! rayon's ordered collect waits for the whole input; cutting the input in
//! batches leaves cores idle at every batch's end. Here each core takes the
//! next item as soon as it is free, and the calling thread writes each
//! result once every item before it is written.
//!
//! Everything runs on rayon's pool (the one `par_iter` uses inside the
//! work), so a run has as many busy threads as the pool, however the calls
//! nest. No thread ever blocks inside the pool: a task stops taking items
//! when the window is full and returns (the calling thread starts new ones
//! as it makes room), and the calling thread works on the next items itself
//! rather than wait, so it waits only for an item that a running task has
//! taken and is working on. That is what keeps nesting free of deadlocks:
//! a task waiting for room would hold its thread, and the item the writer
//! needs could be queued behind it (or, on one thread, on that very thread).

use std::collections::VecDeque;
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Runs `work` on every item, on rayon's pool (the calling thread helps),
/// and hands each result to `consume` on the calling thread, in input
/// order. Items are taken a few at a time, and only while fewer than
/// `window` items before them are waiting to be consumed, so memory holds
/// at most about a window of results however long the input.
///
/// The first error `consume` returns stops the run: no item is started
/// after it, and the error is returned. A panic in `work` is raised again
/// on the calling thread, in its input order.
pub fn for_each<T, R, E>(
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(&T, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = rayon::current_num_threads().clamp(1, items.len().max(1));
    let claims = Claims {
        len: items.len(),
        window: window.max(1),
        threads,
        next: AtomicUsize::new(0),
        consumed: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    };
    // Tasks running besides the calling thread, which is one of the workers.
    let helpers = threads - 1;
    let active = AtomicUsize::new(0);
    let (sender, results) = mpsc::channel::<Batch<R>>();
    let run = |range: Range<usize>| -> Batch<R> {
        let done = items[range.clone()]
            .iter()
            .map(|item| panic::catch_unwind(AssertUnwindSafe(|| work(item))))
            .collect();
        (range.start, done)
    };
    rayon::in_place_scope(|scope| {
        // Tasks stop however this returns, a panic included.
        let _stop = StopOnDrop(&claims.stop);
        let (claims, active, run) = (&claims, &active, &run);
        let start_helpers = || {
            while active.load(Ordering::SeqCst) < helpers && claims.claimable() {
                active.fetch_add(1, Ordering::SeqCst);
                let sender = sender.clone();
                scope.spawn(move |_| {
                    // Never waits: when the window is full, or the run
                    // stopped, the task ends and gives its thread back.
                    while let Some(range) = claims.claim() {
                        if sender.send(run(range)).is_err() {
                            break;
                        }
                    }
                    active.fetch_sub(1, Ordering::SeqCst);
                });
            }
        };
        start_helpers();
        let mut waiting: VecDeque<Option<std::thread::Result<R>>> = VecDeque::new();
        for (consumed, item) in items.iter().enumerate() {
            while waiting.front().is_none_or(Option::is_none) {
                let batch = if let Ok(batch) = results.try_recv() {
                    batch
                } else if let Some(range) = claims.claim() {
                    // Nothing to write yet: the calling thread works too.
                    run(range)
                } else {
                    // Every item up to the one needed is taken, by tasks
                    // that are running (a task takes items only as it
                    // works on them), so this wait ends.
                    results.recv().expect("the calling thread keeps a sender")
                };
                place(&mut waiting, consumed, batch);
            }
            let result = waiting
                .pop_front()
                .flatten()
                .expect("the loop above waits for it");
            claims.consumed.store(consumed + 1, Ordering::SeqCst);
            // Room was made: tasks that left a full window start again.
            start_helpers();
            match result {
                Ok(result) => consume(item, result)?,
                Err(payload) => panic::resume_unwind(payload),
            }
        }
        Ok(())
    })
}

/// Puts a batch of results in their slots, counted from `consumed`.
fn place<R>(
    waiting: &mut VecDeque<Option<std::thread::Result<R>>>,
    consumed: usize,
    (start, done): Batch<R>,
) {
    let slot = start - consumed;
    if waiting.len() < slot + done.len() {
        waiting.resize_with(slot + done.len(), || None);
    }
    for (i, result) in done.into_iter().enumerate() {
        waiting[slot + i] = Some(result);
    }
}

/// The first index of a few items, and what `work` made of each.
type Batch<R> = (usize, Vec<std::thread::Result<R>>);

/// Which items are taken, and how far the calling thread has consumed.
struct Claims {
    len: usize,
    window: usize,
    threads: usize,
    next: AtomicUsize,
    consumed: AtomicUsize,
    stop: AtomicBool,
}

impl Claims {
    /// Whether an item could be taken now.
    fn claimable(&self) -> bool {
        let next = self.next.load(Ordering::SeqCst);
        !self.stop.load(Ordering::SeqCst)
            && next < self.len
            && next < self.consumed.load(Ordering::SeqCst) + self.window
    }

    /// The next items to work on, if any fit in the window: a few at a time
    /// (fewer messages and wake-ups), down to one at a time near the end (no
    /// core idles long while another finishes).
    fn claim(&self) -> Option<Range<usize>> {
        let most = self.window.min(8);
        let mut start = self.next.load(Ordering::SeqCst);
        loop {
            if self.stop.load(Ordering::SeqCst) || start >= self.len {
                return None;
            }
            let room = (self.consumed.load(Ordering::SeqCst) + self.window).saturating_sub(start);
            if room == 0 {
                return None;
            }
            let count = ((self.len - start) / (self.threads * most))
                .clamp(1, most)
                .min(room);
            match self.next.compare_exchange_weak(
                start,
                start + count,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return Some(start..start + count),
                Err(now) => start = now,
            }
        }
    }
}

struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_come_in_input_order_whatever_the_timing() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        for_each(
            &items,
            8,
            |&i| {
                // Uneven work, so results finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                i * 2
            },
            |&i, r| {
                assert_eq!(r, i * 2);
                seen.push(i);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, items);
    }

    #[test]
    fn memory_holds_a_window_not_the_input() {
        let items: Vec<usize> = (0..2000).collect();
        let started = AtomicUsize::new(0);
        let mut consumed = 0;
        for_each(
            &items,
            16,
            |_| started.fetch_add(1, Ordering::SeqCst),
            |_, _| {
                consumed += 1;
                // Started but not consumed: the window, plus what each
                // thread took last (at most a window's worth).
                let ahead = started.load(Ordering::SeqCst) - consumed;
                assert!(ahead <= 16 + 16 * rayon::current_num_threads(), "{ahead}");
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(consumed, items.len());
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let mut consumed = Vec::new();
        let err = for_each(
            &items,
            4,
            |_| started.fetch_add(1, Ordering::SeqCst),
            |&i, _| {
                consumed.push(i);
                if i == 100 { Err(i) } else { Ok(()) }
            },
        )
        .unwrap_err();
        assert_eq!(err, 100);
        assert_eq!(consumed, (0..=100).collect::<Vec<_>>());
        assert!(started.load(Ordering::SeqCst) < 200);
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        let caught = panic::catch_unwind(|| {
            for_each(
                &items,
                4,
                |&i| assert!(i != 50, "boom at {i}"),
                |_, ()| Ok::<(), ()>(()),
            )
        });
        let payload = caught.unwrap_err();
        let message = payload.downcast_ref::<String>().unwrap();
        assert!(message.contains("boom at 50"), "{message}");
    }

    #[test]
    fn tiny_windows_still_finish() {
        let items: Vec<usize> = (0..300).collect();
        for window in [0, 1, 2, 3] {
            let mut seen = 0;
            for_each(
                &items,
                window,
                |&i| i,
                |&i, r| {
                    assert_eq!((i, r), (seen, seen));
                    seen += 1;
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen, items.len());
        }
    }

    #[test]
    fn an_empty_input_consumes_nothing() {
        let items: Vec<u8> = Vec::new();
        for_each(&items, 4, |_| (), |_, ()| Err("called")).unwrap();
    }

    /// The pools the nesting tests run on: one thread (where waiting for
    /// anything queued on the pool would hang) and two.
    fn pools() -> Vec<rayon::ThreadPool> {
        [1, 2]
            .into_iter()
            .map(|n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .unwrap()
            })
            .collect()
    }

    /// Sums 0..n times i with a parallel iterator, as a List's documents
    /// or a lone Secret's items are sealed inside the work.
    fn par_sum(i: u64, n: u64) -> u64 {
        use rayon::prelude::*;
        (0..n).into_par_iter().map(|x| x * i).sum()
    }

    #[test]
    fn work_that_uses_rayon_itself_finishes_on_one_and_two_threads() {
        let items: Vec<u64> = (0..300).collect();
        for pool in pools() {
            let mut seen = Vec::new();
            pool.install(|| {
                for_each(
                    &items,
                    4,
                    |&i| par_sum(i, 200),
                    |&i, r| {
                        assert_eq!(r, par_sum(i, 200));
                        seen.push(i);
                        Ok::<(), ()>(())
                    },
                )
            })
            .unwrap();
            assert_eq!(seen, items, "{} threads", pool.current_num_threads());
        }
    }

    #[test]
    fn runs_nested_in_itself_and_in_a_parallel_iterator() {
        use rayon::prelude::*;
        // Files whose documents are sealed with for_each inside for_each,
        // and for_each called from inside a parallel iterator's tasks.
        let files: Vec<u64> = (0..40).collect();
        let inner = |f: u64| {
            let docs: Vec<u64> = (0..f % 7 + 1).collect();
            let mut sum = 0;
            for_each(
                &docs,
                2,
                |&d| par_sum(d + f, 50),
                |_, r| {
                    sum += r;
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            sum
        };
        let expected: Vec<u64> = files
            .iter()
            .map(|&f| (0..f % 7 + 1).map(|d| par_sum(d + f, 50)).sum())
            .collect();
        for pool in pools() {
            let mut nested = Vec::new();
            pool.install(|| {
                for_each(
                    &files,
                    3,
                    |&f| inner(f),
                    |_, r| {
                        nested.push(r);
                        Ok::<(), ()>(())
                    },
                )
            })
            .unwrap();
            assert_eq!(nested, expected);
            let from_par_iter: Vec<u64> =
                pool.install(|| files.par_iter().map(|&f| inner(f)).collect());
            assert_eq!(from_par_iter, expected);
        }
    }

    #[test]
    fn a_slow_writer_keeps_the_window_and_the_order() {
        // The window fills while the writer is busy: tasks leave and are
        // started again as room is made.
        let items: Vec<usize> = (0..200).collect();
        let started = AtomicUsize::new(0);
        for pool in pools() {
            started.store(0, Ordering::SeqCst);
            let mut seen = 0;
            pool.install(|| {
                for_each(
                    &items,
                    3,
                    |&i| {
                        started.fetch_add(1, Ordering::SeqCst);
                        i
                    },
                    |&i, r| {
                        assert_eq!((i, r), (seen, seen));
                        seen += 1;
                        if i % 10 == 0 {
                            std::thread::sleep(std::time::Duration::from_millis(1));
                        }
                        // Taken only while fewer than 3 wait before them.
                        assert!(started.load(Ordering::SeqCst) <= seen + 3);
                        Ok::<(), ()>(())
                    },
                )
            })
            .unwrap();
            assert_eq!(seen, items.len());
        }
    }
}
