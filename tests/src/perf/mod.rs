//! The performance report (`scripts/perf.sh`, binary `perf`): every action
//! of every contract measured on a local nodeos in one run, next to the
//! no-op floor and the C++ reference token; the looping actions at their
//! bounds; scaling curves; wasm sizes; RAM per row. The result is
//! `docs/performance.md` with its plots and raw data ([`report`]).
//!
//! Each contract has its driver module, which brings fresh instances into
//! the state where each action succeeds, again and again, and records
//! what it measured in the [`report::Report`]. Benchmarks are not tests:
//! nothing here asserts a time, but every measured push must succeed
//! (except at a bound, where a failure is the finding and is reported).

pub mod charter;
pub mod code;
pub mod fees;
pub mod fixture;
pub mod governance;
pub mod members;
pub mod metrics;
pub mod report;
pub mod rewards;
pub mod stats;
pub mod token;
pub mod tx;

use crate::Chain;
use code::Contracts;
use report::Report;
use std::time::Instant;

/// One run of the report: the chain, the code, the number of runs per
/// case, and what has been measured so far.
pub struct Run<'a> {
    pub chain: &'a Chain,
    pub code: Contracts,
    pub runs: usize,
    pub report: Report,
    t0: Instant,
    phase: Option<(String, Instant)>,
}

impl<'a> Run<'a> {
    pub fn new(chain: &'a Chain, code: Contracts, runs: usize) -> Run<'a> {
        Run {
            chain,
            code,
            runs,
            report: Report::default(),
            t0: Instant::now(),
            phase: None,
        }
    }

    /// Starts a phase (ending the previous one): logged, and timed in the
    /// report.
    pub fn phase(&mut self, name: &str) {
        self.end_phase();
        self.log(name);
        self.phase = Some((name.to_string(), Instant::now()));
    }

    pub fn end_phase(&mut self) {
        if let Some((name, start)) = self.phase.take() {
            self.report
                .phases
                .push((name, start.elapsed().as_secs_f64().round() as u64));
        }
    }

    /// A progress line on stderr.
    pub fn log(&self, what: &str) {
        eprintln!("perf: [{:>6.1} s] {what}", self.t0.elapsed().as_secs_f64());
    }

    pub fn elapsed_secs(&self) -> u64 {
        self.t0.elapsed().as_secs()
    }
}
