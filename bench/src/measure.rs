//! Timing: a warm-up run, then samples until there are enough of them or the
//! time is up, and their median.
//!
//! Slow work (seconds per run, such as compiling citm_catalog.json in the
//! VM) gets few samples and fast work (milliseconds) many, so that one run
//! of the whole suite stays within minutes.

use std::time::{Duration, Instant};

/// How long to sample one piece of work.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// Keep sampling until there are at least this many samples…
    pub min_samples: usize,
    /// …and at least this much time went into them (unless `cap` is hit).
    pub min_time: Duration,
    /// Stop once the samples took this long, with at least one sample.
    pub cap: Duration,
    /// Never take more samples than this.
    pub max_samples: usize,
}

impl Plan {
    /// The suite's default: 3 to 50 samples, 1 s to 12 s of sampling.
    pub const DEFAULT: Plan = Plan {
        min_samples: 3,
        min_time: Duration::from_secs(1),
        cap: Duration::from_secs(12),
        max_samples: 50,
    };

    /// This plan with `cap` as its time cap (and `min_time` at most `cap`).
    pub fn with_cap(self, cap: Duration) -> Plan {
        Plan {
            cap,
            min_time: self.min_time.min(cap),
            ..self
        }
    }

    /// Whether `samples`, which took `spent` in all, are enough.
    pub fn done(&self, samples: usize, spent: Duration) -> bool {
        samples >= self.max_samples
            || (samples >= 1 && spent >= self.cap)
            || (samples >= self.min_samples && spent >= self.min_time)
    }
}

/// The samples of one piece of work.
#[derive(Clone, Debug)]
pub struct Timing {
    /// Every sample, in the order taken.
    pub samples: Vec<Duration>,
}

impl Timing {
    /// The median sample (the mean of the middle two for an even count).
    pub fn median(&self) -> Duration {
        let mut sorted = self.samples.clone();
        sorted.sort();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }
}

/// Runs `work` once to warm up, then samples it as `plan` says. The first
/// error stops the measurement.
pub fn measure<T, E>(plan: Plan, mut work: impl FnMut() -> Result<T, E>) -> Result<Timing, E> {
    sample(plan, || {
        let start = Instant::now();
        let result = work();
        result.map(|value| {
            let elapsed = start.elapsed();
            drop(std::hint::black_box(value));
            elapsed
        })
    })
}

/// [`measure`] for work that times itself: `work` returns how long the part
/// of it that counts took (such as the compile call inside a JavaScript
/// engine, without the call into the engine).
///
/// The first run warms up (caches, the allocator, lazily loaded code) and
/// is not a sample, unless it took longer than the plan's cap: then it is
/// the only sample, as what a warm-up saves is small next to it.
pub fn sample<E>(plan: Plan, mut work: impl FnMut() -> Result<Duration, E>) -> Result<Timing, E> {
    let warm_up = work()?;
    if warm_up >= plan.cap {
        return Ok(Timing {
            samples: vec![warm_up],
        });
    }
    let mut samples = Vec::new();
    let mut spent = Duration::ZERO;
    while !plan.done(samples.len(), spent) {
        let sample = work()?;
        spent += sample;
        samples.push(sample);
    }
    Ok(Timing { samples })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(ms: &[u64]) -> Timing {
        Timing {
            samples: ms.iter().map(|&m| Duration::from_millis(m)).collect(),
        }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(timing(&[5, 1, 3]).median(), Duration::from_millis(3));
        assert_eq!(timing(&[4, 1, 3, 2]).median(), Duration::from_micros(2500));
    }

    #[test]
    fn slow_work_stops_at_the_cap_fast_work_at_min_samples_and_time() {
        let plan = Plan::DEFAULT.with_cap(Duration::from_secs(5));
        assert!(!plan.done(0, Duration::from_secs(100)));
        assert!(plan.done(1, Duration::from_secs(6)));
        assert!(!plan.done(2, Duration::from_millis(500)));
        assert!(plan.done(3, Duration::from_secs(1)));
        assert!(plan.done(50, Duration::ZERO));
    }

    #[test]
    fn a_warm_up_past_the_cap_is_the_only_sample() {
        let plan = Plan::DEFAULT.with_cap(Duration::from_secs(2));
        let mut calls = 0;
        let timing = sample(plan, || -> Result<_, ()> {
            calls += 1;
            Ok(Duration::from_secs(3))
        });
        assert_eq!(timing.unwrap().samples, [Duration::from_secs(3)]);
        assert_eq!(calls, 1);
        let timing = sample(plan, || -> Result<_, ()> { Ok(Duration::from_millis(900)) });
        assert_eq!(timing.unwrap().samples.len(), 3);
    }

    #[test]
    fn sample_stops_on_the_first_error() {
        let mut calls = 0;
        let result = sample(Plan::DEFAULT, || {
            calls += 1;
            if calls < 3 {
                Ok(Duration::from_millis(1))
            } else {
                Err("failed")
            }
        });
        assert_eq!(result.unwrap_err(), "failed");
        assert_eq!(calls, 3);
    }
}
