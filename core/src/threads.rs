//! Work spread over the machine's cores, with the same result as on one thread.
//!
//! Two shapes: [`beside`] runs two different jobs at once, [`split_map`] cuts one job over
//! `0..n` into contiguous runs and gives their results in the runs' order, so that the
//! caller's output does not depend on the number of threads or on which finishes first. On
//! WebAssembly (no threads) both run everything on the calling thread, in the same order.

#[cfg(feature = "arrow")]
use std::ops::Range;

/// Runs `a` and `b`, on two threads where the target has threads (`a` on the second), and
/// one after the other on WebAssembly.
pub(crate) fn beside<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|scope| {
            let worker = scope.spawn(a);
            let rb = b();
            match worker.join() {
                Ok(ra) => (ra, rb),
                // A panic in `a` is a bug; hand it on as it was.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        let ra = a();
        (ra, b())
    }
}

/// The most threads [`split_map`] uses.
#[cfg(feature = "arrow")]
const MAX_THREADS: usize = 8;

/// How many runs to cut `n` items into: one per core (at most [`MAX_THREADS`]), but no run
/// shorter than `min_run` items, and one on WebAssembly.
#[cfg(feature = "arrow")]
fn runs_for(n: usize, min_run: usize) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (n, min_run);
        1
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        cores.min(MAX_THREADS).min(n / min_run.max(1)).max(1)
    }
}

/// `f` over contiguous runs that cover `0..n` in order, each run on its own thread where
/// that pays (runs of at least `min_run` items); the results in the order of the runs.
/// Concatenating them gives what `f(0..n)` gives when `f` treats items independently.
/// (Used by the findings table, hence only with the `arrow` feature.)
#[cfg(feature = "arrow")]
pub(crate) fn split_map<T: Send>(
    n: usize,
    min_run: usize,
    f: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let runs = runs_for(n, min_run);
    let bounds: Vec<Range<usize>> = (0..runs)
        .map(|k| (n * k / runs)..(n * (k + 1) / runs))
        .collect();
    #[cfg(not(target_arch = "wasm32"))]
    if runs > 1 {
        let f = &f;
        return std::thread::scope(|scope| {
            let mut rest = bounds.into_iter();
            let first = rest.next().unwrap_or(0..0);
            let workers: Vec<_> = rest.map(|r| scope.spawn(move || f(r))).collect();
            let mut out = Vec::with_capacity(runs);
            out.push(f(first));
            for worker in workers {
                match worker.join() {
                    Ok(t) => out.push(t),
                    Err(payload) => std::panic::resume_unwind(payload),
                }
            }
            out
        });
    }
    bounds.into_iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "arrow")]
    fn runs_cover_every_item_once_in_order() {
        for n in [0, 1, 7, 1000, 100_003] {
            for min_run in [1, 10, 50_000] {
                let runs = split_map(n, min_run, |r| r.collect::<Vec<_>>());
                let all: Vec<usize> = runs.concat();
                assert_eq!(all, (0..n).collect::<Vec<_>>(), "n {n}, min_run {min_run}");
                assert!(runs.len() <= MAX_THREADS.max(1));
                assert!(runs.len() == 1 || runs.iter().all(|r| r.len() >= min_run));
            }
        }
    }

    #[test]
    fn beside_gives_both_results() {
        assert_eq!(beside(|| 1, || "b"), (1, "b"));
    }
}
