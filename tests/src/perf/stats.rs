//! Series of measurements and their statistics.

use crate::Pushed;
use serde_json::{json, Value};

/// Median (the upper middle for an even count) and worst of a series;
/// `(0, 0)` for an empty one.
pub fn median_worst(v: &[u64]) -> (u64, u64) {
    if v.is_empty() {
        return (0, 0);
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    (s[s.len() / 2], s[s.len() - 1])
}

/// The `q`-quantile (0.0 to 1.0) of a series, the nearest rank; 0 for an
/// empty one.
pub fn quantile(v: &[u64], q: f64) -> u64 {
    if v.is_empty() {
        return 0;
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    let rank = (q.clamp(0.0, 1.0) * (s.len() - 1) as f64).round() as usize;
    s[rank.min(s.len() - 1)]
}

/// Median of signed values (RAM deltas); 0 for an empty series.
pub fn median_i64(v: &[i64]) -> i64 {
    let mut s = v.to_vec();
    s.sort_unstable();
    s.get(s.len() / 2).copied().unwrap_or(0)
}

/// The runs of one case, in microseconds: the measured trace's own
/// `elapsed` (the root action, or the notification or inline action
/// named when it was added), every action trace of the transaction
/// summed (inline actions and notifications included), and the billed
/// CPU of the transaction; plus its net bytes. Failed runs keep the
/// chain's message.
#[derive(Clone, Debug, Default)]
pub struct Samples {
    pub elapsed: Vec<u64>,
    pub total: Vec<u64>,
    pub billed: Vec<u64>,
    pub net: Vec<u64>,
    pub failures: Vec<String>,
}

impl Samples {
    /// Adds a run measured on the transaction's first (root) action.
    pub fn add(&mut self, p: &Pushed) {
        self.add_elapsed(p, p.action_elapsed_us());
    }

    /// Adds a run measured on the trace of `receiver` handling `name` (a
    /// notification or an inline action of the transaction).
    pub fn add_at(&mut self, p: &Pushed, receiver: &str, name: &str) {
        self.add_elapsed(p, p.elapsed_at_us(receiver, name));
    }

    fn add_elapsed(&mut self, p: &Pushed, elapsed: u64) {
        self.elapsed.push(elapsed);
        self.total.push(p.total_elapsed_us());
        self.billed.push(p.billed_cpu_us());
        self.net.push(p.net_bytes());
    }

    /// Successful runs.
    pub fn runs(&self) -> usize {
        self.elapsed.len()
    }

    pub fn elapsed_mw(&self) -> (u64, u64) {
        median_worst(&self.elapsed)
    }

    pub fn total_mw(&self) -> (u64, u64) {
        median_worst(&self.total)
    }

    pub fn billed_mw(&self) -> (u64, u64) {
        median_worst(&self.billed)
    }

    /// The largest net usage, in bytes.
    pub fn net_max(&self) -> u64 {
        self.net.iter().copied().max().unwrap_or(0)
    }

    /// Whether some trace besides the measured one ran (inline actions,
    /// notifications): then the sum over traces is worth showing.
    pub fn has_other_traces(&self) -> bool {
        self.total != self.elapsed
    }

    pub fn to_json(&self) -> Value {
        json!({"elapsed_us": self.elapsed, "all_traces_us": self.total,
               "billed_us": self.billed, "net_bytes": self.net,
               "failures": self.failures})
    }
}

/// `n` runs of `f` (given the run index), each a pushed transaction that
/// must succeed, measured on its root action.
pub fn measure(n: usize, mut f: impl FnMut(usize) -> Pushed) -> Samples {
    let mut s = Samples::default();
    for i in 0..n {
        s.add(&f(i));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_worst() {
        assert_eq!(median_worst(&[]), (0, 0));
        assert_eq!(median_worst(&[5, 1, 9]), (5, 9));
        assert_eq!(median_worst(&[4, 1, 9, 2]), (4, 9));
        assert_eq!(median_i64(&[-3, 7, 1]), 1);
        assert_eq!(median_i64(&[]), 0);
        assert_eq!(quantile(&[], 0.5), 0);
        assert_eq!(quantile(&[9, 1, 5, 3, 7], 0.25), 3);
        assert_eq!(quantile(&[9, 1, 5, 3, 7], 0.75), 7);
        assert_eq!(quantile(&[9, 1, 5, 3, 7], 1.0), 9);
    }

    #[test]
    fn samples_of_a_trace() {
        let p = Pushed {
            trace: json!({"processed": {
            "receipt": {"cpu_usage_us": 300, "net_usage_words": 16},
            "action_traces": [
                {"receiver": "tok", "act": {"name": "transfer"}, "elapsed": 50},
                {"receiver": "alice", "act": {"name": "transfer"}, "elapsed": 7},
                {"receiver": "stk", "act": {"name": "transfer"}, "elapsed": 20}
            ]}}),
        };
        let mut s = Samples::default();
        s.add(&p);
        s.add_at(&p, "stk", "transfer");
        assert_eq!(s.elapsed, vec![50, 20]);
        assert_eq!(s.total, vec![77, 77]);
        assert_eq!(s.billed, vec![300, 300]);
        assert_eq!(s.net_max(), 128);
        assert!(s.has_other_traces());
    }
}
