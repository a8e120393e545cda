//! A parallel map whose results are used in input order as they come, in
//! bounded memory: how `seal` streams a large input over every core.
//!
//! rayon's ordered collect waits for the whole input; cutting the input in
//! batches leaves cores idle at every batch's end. Here each core takes the
//! next item as soon as it is free, and the calling thread writes each
//! result once every item before it is written.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// Runs `work` on every item, on as many threads as rayon's pool has, and
/// hands each result to `consume` on the calling thread, in input order.
/// Items are taken a few at a time (at most `window`), and only when fewer
/// than `window` items before them are waiting to be consumed, so memory
/// holds at most about two windows of results however long the input.
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
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let progress = Progress::default();
    let (sender, results) = mpsc::channel::<(usize, Vec<std::thread::Result<R>>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, progress, work) = (&next, &progress, &work);
            scope.spawn(move || {
                while let Some(range) = take(next, items.len(), threads, window) {
                    if !progress.wait_for_room(range.start, window) {
                        return;
                    }
                    let done = items[range.clone()]
                        .iter()
                        .map(|item| panic::catch_unwind(AssertUnwindSafe(|| work(item))))
                        .collect();
                    if sender.send((range.start, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        // Workers stop however this returns, a panic included.
        let _stop = StopOnDrop(&progress);
        let mut waiting: VecDeque<Option<std::thread::Result<R>>> = VecDeque::new();
        for (consumed, item) in items.iter().enumerate() {
            while waiting.front().is_none_or(Option::is_none) {
                let (start, done) = results
                    .recv()
                    .expect("workers stop early only when told to");
                let slot = start - consumed;
                if waiting.len() < slot + done.len() {
                    waiting.resize_with(slot + done.len(), || None);
                }
                for (i, result) in done.into_iter().enumerate() {
                    waiting[slot + i] = Some(result);
                }
            }
            let result = waiting
                .pop_front()
                .flatten()
                .expect("the loop above waits for it");
            progress.consumed(consumed + 1);
            match result {
                Ok(result) => consume(item, result)?,
                Err(payload) => panic::resume_unwind(payload),
            }
        }
        Ok(())
    })
}

/// The next items for a worker: a few at a time (fewer messages and
/// wake-ups), down to one at a time near the end (no core idles long while
/// another finishes).
fn take(
    next: &AtomicUsize,
    len: usize,
    threads: usize,
    window: usize,
) -> Option<std::ops::Range<usize>> {
    let most = window.min(8);
    let mut start = next.load(Ordering::Relaxed);
    loop {
        if start >= len {
            return None;
        }
        let count = ((len - start) / (threads * most)).clamp(1, most);
        match next.compare_exchange_weak(start, start + count, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => return Some(start..start + count),
            Err(now) => start = now,
        }
    }
}

/// How many results the calling thread has consumed, and whether to stop.
#[derive(Default)]
struct Progress {
    state: Mutex<State>,
    stop: AtomicBool,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    consumed: usize,
    /// Workers waiting for room: the calling thread wakes them only then.
    waiting: usize,
}

impl Progress {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until item `i` fits in the window; false when the run stops.
    fn wait_for_room(&self, i: usize, window: usize) -> bool {
        let mut state = self.lock();
        while i >= state.consumed + window && !self.stop.load(Ordering::Relaxed) {
            state.waiting += 1;
            state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
            state.waiting -= 1;
        }
        !self.stop.load(Ordering::Relaxed)
    }

    fn consumed(&self, n: usize) {
        let mut state = self.lock();
        state.consumed = n;
        if state.waiting > 0 {
            self.changed.notify_all();
        }
    }

    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
        // Taken so that a worker between its check and its wait gets the news.
        let _state = self.lock();
        self.changed.notify_all();
    }
}

struct StopOnDrop<'a>(&'a Progress);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
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
}
