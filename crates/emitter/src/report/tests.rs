//! The reporter against a scripted fake node.
//!
//! `FakeChain` is a test double for the network: it keeps the emitter's
//! row, applies the checks `pool.metrics` makes on a report, in the order
//! and with the messages of `pool_core::metrics::check_report` (sequence,
//! batch size, alignment, length, genesis / contiguity, time, pruned
//! horizon), keeps `last_seq` across a re-registration as the contract
//! does, produces a block every
//! 500 ms of fake time with a configurable irreversibility lag, and
//! injects scripted faults (refused connections, timeouts that did or did
//! not land, duplicates, expiry, rejections, forks). It stands in for
//! nodeos only here; the real path is run on nodeos by the on-chain tests.

use super::*;
use crate::window::{MetricEntry, Window};
use proptest::prelude::*;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

const W: u64 = 60;

fn t0() -> u64 {
    time::parse("2026-11-21T00:00:00").unwrap().secs()
}

fn entry(member: &str) -> MetricEntry {
    MetricEntry {
        member: member.into(),
        slots: 120,
        proposed: 118,
        selected: 59,
        late: 2,
        latency_ms: 14_000,
    }
}

fn windows(n: u64) -> Vec<Window> {
    (0..n)
        .map(|i| Window {
            start: t0() + i * W,
            end: t0() + (i + 1) * W,
            logged_slots: 120,
            selected_slots: 118,
            entries: vec![entry("prod1"), entry("prod2")],
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Fault {
    /// Connection refused: nothing reached the node.
    Refused,
    /// Timed out after the node applied it.
    TimeoutApplied,
    /// Timed out; the transaction lands just before the next push.
    LandsLater,
    Duplicate,
    Expired,
    Reject(String),
    /// Applied and a receipt returned, but its block is forked out when
    /// it would have become irreversible.
    ForkDrop,
}

#[derive(Clone, Debug)]
struct Applied {
    seq: u64,
    start: u64,
    end: u64,
    block: u64,
    id: String,
}

struct FakeChain {
    clock: Rc<Cell<u64>>,
    /// Chain time of block 1.
    chain_start: u64,
    lib_lag: u64,
    lib_cap: Option<u64>,
    registered: bool,
    config: Option<MetricsConfig>,
    applied: Vec<Applied>,
    /// `applied.len()` at the emitter's latest registration: `last_end` is
    /// 0 until it reports again.
    registered_with: usize,
    blocks: BTreeMap<u64, Vec<String>>,
    /// Per push, in order: `None` = no fault.
    push_faults: VecDeque<Option<Fault>>,
    read_faults: VecDeque<Option<NodeError>>,
    forks: Vec<(u64, usize)>,
    late: Option<(u64, u64, u64, usize)>,
    /// Every push attempt: (seq, window start).
    attempts: Vec<(u64, u64)>,
    txs: u64,
}

impl FakeChain {
    /// A chain whose head time is past every window of `windows(n)`.
    fn new(n: u64) -> (FakeChain, FakeClock) {
        let clock = Rc::new(Cell::new(0));
        let chain = FakeChain {
            clock: clock.clone(),
            chain_start: t0() + n * W + 5,
            lib_lag: 3,
            lib_cap: None,
            registered: true,
            config: Some(config()),
            applied: Vec::new(),
            registered_with: 0,
            blocks: BTreeMap::new(),
            push_faults: VecDeque::new(),
            read_faults: VecDeque::new(),
            forks: Vec::new(),
            late: None,
            attempts: Vec::new(),
            txs: 0,
        };
        (
            chain,
            FakeClock {
                ms: clock,
                sleeps: Vec::new(),
            },
        )
    }

    /// The chain already holds the first `k` windows, irreversibly.
    fn with_reported(mut self, k: u64) -> Self {
        for i in 0..k {
            let id = format!("old{i}");
            self.blocks.entry(1).or_default().push(id.clone());
            self.applied.push(Applied {
                seq: i + 1,
                start: t0() + i * W,
                end: t0() + (i + 1) * W,
                block: 1,
                id,
            });
        }
        self
    }

    fn head(&self) -> u64 {
        1 + self.clock.get() / 500
    }

    fn lib(&self) -> u64 {
        let lib = self.head().saturating_sub(self.lib_lag);
        self.lib_cap.map_or(lib, |c| lib.min(c))
    }

    fn head_time_ms(&self) -> u64 {
        self.chain_start * 1000 + (self.head() - 1) * 500
    }

    /// Forks are decided when their block would become irreversible.
    fn tick(&mut self) {
        let lib = self.lib();
        let (due, rest): (Vec<_>, Vec<_>) = self.forks.iter().partition(|(b, _)| *b <= lib);
        self.forks = rest;
        for (_, keep) in due {
            for gone in self.applied.split_off(keep.min(self.applied.len())) {
                if let Some(ids) = self.blocks.get_mut(&gone.block) {
                    ids.retain(|id| *id != gone.id);
                }
            }
        }
    }

    fn read_fault(&mut self) -> Result<(), NodeError> {
        self.tick();
        match self.read_faults.pop_front() {
            Some(Some(e)) => Err(e),
            _ => Ok(()),
        }
    }

    fn row(&self) -> EmitterRow {
        EmitterRow {
            last_seq: self.applied.last().map_or(0, |a| a.seq),
            last_end: match self.applied.last() {
                Some(a) if self.applied.len() > self.registered_with => a.end,
                _ => 0,
            },
        }
    }

    /// The contract's checks, in its order, then the write.
    fn apply(&mut self, seq: u64, start: u64, end: u64, entries: usize) -> Result<Receipt, String> {
        let cfg = self.config.clone().unwrap();
        let w = u64::from(cfg.window_sec);
        if !self.registered {
            return Err("not a registered emitter".into());
        }
        let row = self.row();
        let refuse = |m: &str| Err(m.to_string());
        if seq <= row.last_seq {
            return refuse("seq must be greater than the emitter's last seq");
        }
        if entries > cfg.max_batch as usize {
            return refuse("batch has more entries than max_batch");
        }
        if !start.is_multiple_of(w) {
            return refuse("window start is not a multiple of window_sec");
        }
        if end != start + w {
            return refuse("window is not exactly window_sec long");
        }
        if row.last_end == 0 {
            if start < cfg.genesis {
                return refuse("first window starts before genesis");
            }
        } else if start < row.last_end {
            return refuse("window overlaps the emitter's previous window");
        } else if start > row.last_end {
            return refuse("window leaves a gap after the emitter's previous window");
        }
        if end * 1000 > self.head_time_ms() {
            return refuse("window has not ended yet");
        }
        if start < cfg.horizon {
            return refuse("window is older than the pruned horizon");
        }
        self.txs += 1;
        let id = format!("tx{}", self.txs);
        let block = self.head() + 1;
        self.blocks.entry(block).or_default().push(id.clone());
        self.applied.push(Applied {
            seq,
            start,
            end,
            block,
            id: id.clone(),
        });
        Ok(Receipt {
            tx_id: id,
            block_num: block,
        })
    }

    fn seqs(&self) -> Vec<(u64, u64)> {
        self.applied.iter().map(|a| (a.seq, a.start)).collect()
    }
}

impl Node for FakeChain {
    fn info(&mut self) -> Result<ChainInfo, NodeError> {
        self.read_fault()?;
        Ok(ChainInfo {
            head_block_num: self.head(),
            last_irreversible_block_num: self.lib(),
            head_block_time: TimeMs(self.head_time_ms()),
        })
    }

    fn config(&mut self) -> Result<Option<MetricsConfig>, NodeError> {
        self.read_fault()?;
        Ok(self.config.clone())
    }

    fn emitter(&mut self, emitter: &str) -> Result<Option<EmitterRow>, NodeError> {
        self.read_fault()?;
        assert_eq!(emitter, "emitter1");
        Ok(self.registered.then(|| self.row()))
    }

    fn push_report(&mut self, report: &ReportAction) -> Result<Receipt, PushError> {
        self.tick();
        if let Some((seq, start, end, n)) = self.late.take() {
            let _ = self.apply(seq, start, end, n);
        }
        let start = time::parse(&report.start).unwrap().secs();
        let end = time::parse(&report.end).unwrap().secs();
        let n = report.entries.len();
        self.attempts.push((report.seq, start));
        // A push takes a while.
        self.clock.set(self.clock.get() + 100);
        let transient = |m: &str| Err(PushError::Transient(m.to_string()));
        match self.push_faults.pop_front().flatten() {
            None => self
                .apply(report.seq, start, end, n)
                .map_err(PushError::Rejected),
            Some(Fault::Refused) => transient("Connection refused"),
            Some(Fault::Duplicate) => transient("Duplicate transaction"),
            Some(Fault::Expired) => transient("Expired Transaction"),
            Some(Fault::TimeoutApplied) => {
                let _ = self.apply(report.seq, start, end, n);
                transient("cleos timed out after 60 s")
            }
            Some(Fault::LandsLater) => {
                self.late = Some((report.seq, start, end, n));
                transient("cleos timed out after 60 s")
            }
            Some(Fault::Reject(m)) => Err(PushError::Rejected(m)),
            Some(Fault::ForkDrop) => {
                let keep = self.applied.len();
                let r = self
                    .apply(report.seq, start, end, n)
                    .map_err(PushError::Rejected)?;
                self.forks.push((r.block_num, keep));
                Ok(r)
            }
        }
    }

    fn block_has_tx(&mut self, block_num: u64, tx_id: &str) -> Result<bool, NodeError> {
        self.read_fault()?;
        assert!(block_num <= self.lib(), "asked about a reversible block");
        Ok(self
            .blocks
            .get(&block_num)
            .is_some_and(|ids| ids.iter().any(|id| id == tx_id)))
    }
}

struct FakeClock {
    ms: Rc<Cell<u64>>,
    sleeps: Vec<Duration>,
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        Duration::from_millis(self.ms.get())
    }
    fn sleep(&mut self, d: Duration) {
        self.sleeps.push(d);
        self.ms.set(self.ms.get() + d.as_millis() as u64);
    }
}

fn config() -> MetricsConfig {
    MetricsConfig {
        window_sec: W as u32,
        max_batch: 10,
        genesis: 0,
        horizon: 0,
    }
}

fn settings() -> Settings {
    Settings {
        poll: Duration::from_millis(100),
        ..Settings::new("emitter1")
    }
}

fn go(chain: &mut FakeChain, clock: &mut FakeClock, s: &Settings, ws: &[Window]) -> RunResult {
    let cfg = chain.config.clone().unwrap();
    run(chain, clock, s, &cfg, ws, &mut |_| {})
}

/// Every report on the fake chain is irreversible and in its block.
#[track_caller]
fn assert_final(chain: &mut FakeChain, up_to: u64) {
    chain.tick();
    let lib = chain.lib();
    for a in chain.applied.iter().filter(|a| a.seq <= up_to) {
        assert!(
            a.block <= lib,
            "seq {} in block {} > lib {lib}",
            a.seq,
            a.block
        );
        assert!(chain.blocks[&a.block].contains(&a.id));
    }
}

fn expected(n: u64) -> Vec<(u64, u64)> {
    (0..n).map(|i| (i + 1, t0() + i * W)).collect()
}

#[test]
fn pushes_every_window_in_order_and_waits_until_irreversible() {
    let ws = windows(5);
    let (mut chain, mut clock) = FakeChain::new(5);
    let mut seen = Vec::new();
    let cfg = config();
    let r = run(&mut chain, &mut clock, &settings(), &cfg, &ws, &mut |p| {
        seen.push(p.clone())
    });
    assert_eq!(r.failure, None);
    let o = r.outcome;
    assert_eq!((o.final_seq, o.final_end, o.pushes), (5, t0() + 5 * W, 5));
    assert_eq!((o.initial_seq, o.already_on_chain, o.retries), (0, 0, 0));
    assert_eq!(chain.seqs(), expected(5));
    assert_final(&mut chain, 5);
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.total, last.inflight), (5, 5, 0));
}

#[test]
fn resumes_from_the_chain_and_never_pushes_a_window_twice() {
    let ws = windows(6);
    let (chain, mut clock) = FakeChain::new(6);
    let mut chain = chain.with_reported(3);
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(
        (
            r.outcome.initial_seq,
            r.outcome.already_on_chain,
            r.outcome.final_seq
        ),
        (3, 3, 6)
    );
    assert_eq!(chain.attempts, expected(6)[3..].to_vec());
    assert_eq!(chain.seqs(), expected(6));
    // Once more: nothing left to push.
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!((r.outcome.already_on_chain, r.outcome.pushes), (6, 0));
    assert_eq!(chain.attempts.len(), 3);
}

#[test]
fn a_chain_ahead_of_the_log_is_nothing_to_do() {
    let (chain, mut clock) = FakeChain::new(6);
    let mut chain = chain.with_reported(6);
    let r = go(&mut chain, &mut clock, &settings(), &windows(4));
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.pushes, 0);
}

#[test]
fn transient_failures_are_retried_with_exponential_backoff() {
    let ws = windows(3);
    let (mut chain, mut clock) = FakeChain::new(3);
    chain.push_faults = [Fault::Refused, Fault::Expired, Fault::Duplicate]
        .map(Some)
        .into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.retries, 3);
    let backoffs: Vec<_> = clock
        .sleeps
        .iter()
        .filter(|d| **d != Duration::from_millis(100))
        .collect();
    assert_eq!(
        backoffs,
        [500, 1000, 2000]
            .map(Duration::from_millis)
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(chain.seqs(), expected(3));
    assert_final(&mut chain, 3);
}

#[test]
fn a_push_that_timed_out_but_landed_is_not_pushed_again() {
    let ws = windows(3);
    let (mut chain, mut clock) = FakeChain::new(3);
    chain.push_faults = [None, Some(Fault::TimeoutApplied)].into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.adopted, 1);
    assert_eq!(r.outcome.pushes, 2);
    assert_eq!(chain.attempts, expected(3));
    assert_eq!(chain.seqs(), expected(3));
    assert_final(&mut chain, 3);
}

#[test]
fn a_replay_refused_because_the_first_attempt_landed_late_is_accepted() {
    let ws = windows(2);
    let (mut chain, mut clock) = FakeChain::new(2);
    chain.push_faults = [Some(Fault::LandsLater)].into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    // seq 1 twice (the second refused as a replay), then seq 2.
    assert_eq!(chain.attempts, vec![(1, t0()), (1, t0()), (2, t0() + W)]);
    assert_eq!(chain.seqs(), expected(2));
    assert_eq!(r.outcome.final_seq, 2);
}

#[test]
fn a_contract_rejection_stops_with_its_message() {
    let ws = windows(4);
    let (mut chain, mut clock) = FakeChain::new(4);
    let refuse = || Some(Fault::Reject("member prod2 is not registered".into()));
    chain.push_faults = [None, refuse(), refuse()].into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    let f = r.failure.unwrap();
    assert_eq!(
        f,
        Failure::Rejected {
            seq: 2,
            start: t0() + W,
            message: "member prod2 is not registered".into()
        }
    );
    assert_eq!(f.exit_code(), EXIT_REJECTED);
    assert_eq!(
        f.to_string(),
        "report seq 2 (window 2026-11-21T00:01:00) was refused: member prod2 is not registered"
    );
    // Refused twice with the chain in place before giving up.
    assert_eq!(chain.attempts.len(), 3);
}

#[test]
fn a_refused_first_report_stops_too() {
    let ws = windows(2);
    let (mut chain, mut clock) = FakeChain::new(2);
    let refuse = || Some(Fault::Reject("window starts before genesis".into()));
    chain.push_faults = [refuse(), refuse()].into();
    let f = go(&mut chain, &mut clock, &settings(), &ws)
        .failure
        .unwrap();
    assert!(matches!(f, Failure::Rejected { seq: 1, .. }), "{f:?}");
    assert_eq!(chain.attempts.len(), 2);
}

#[test]
fn a_refusal_that_does_not_repeat_was_not_about_the_report() {
    let ws = windows(3);
    let (mut chain, mut clock) = FakeChain::new(3);
    chain.push_faults = [None, Some(Fault::Reject("transient refusal".into()))].into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(chain.seqs(), expected(3));
}

#[test]
fn retries_are_capped() {
    let ws = windows(2);
    let (mut chain, mut clock) = FakeChain::new(2);
    chain.push_faults = std::iter::repeat_n(Some(Fault::Refused), 10).collect();
    let mut s = settings();
    s.retry.retries = 3;
    let r = go(&mut chain, &mut clock, &s, &ws);
    let f = r.failure.unwrap();
    assert!(
        matches!(&f, Failure::GaveUp { attempts: 4, last_error, .. } if last_error == "Connection refused"),
        "{f:?}"
    );
    assert_eq!(f.exit_code(), EXIT_TRANSIENT);
    assert_eq!(chain.attempts.len(), 4);
    assert!(chain.applied.is_empty());
}

#[test]
fn reads_are_retried_and_an_answered_error_stops() {
    let ws = windows(2);
    let (mut chain, mut clock) = FakeChain::new(2);
    let down = || Some(NodeError::Unreachable("connecting: refused".into()));
    chain.read_faults = [down(), down(), None, down()].into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.retries, 3);
    assert_eq!(chain.seqs(), expected(2));

    let (mut chain, mut clock) = FakeChain::new(2);
    chain.read_faults = [Some(NodeError::Answered("unknown table emitters".into()))].into();
    let f = go(&mut chain, &mut clock, &settings(), &ws)
        .failure
        .unwrap();
    assert_eq!(
        f,
        Failure::Refused(
            "reading the emitter's row: the node answered: unknown table emitters".into()
        )
    );
}

#[test]
fn an_unregistered_emitter_is_refused() {
    let (mut chain, mut clock) = FakeChain::new(2);
    chain.registered = false;
    let f = go(&mut chain, &mut clock, &settings(), &windows(2))
        .failure
        .unwrap();
    assert!(f.to_string().contains("emitter1 is not registered"), "{f}");
    assert!(chain.attempts.is_empty());
}

#[test]
fn an_oversized_window_is_refused_before_anything_is_pushed() {
    let mut ws = windows(4);
    ws[2].entries = (1..=5).map(|i| entry(&format!("prod{i}"))).collect();
    let (mut chain, mut clock) = FakeChain::new(4);
    chain.config.as_mut().unwrap().max_batch = 3;
    let f = go(&mut chain, &mut clock, &settings(), &ws)
        .failure
        .unwrap();
    assert_eq!(
        f.to_string(),
        "window 2026-11-21T00:02:00 has 5 member entries but the contract takes at most 3 per \
         report (max_batch): nothing pushed; raise max_batch by governance"
    );
    assert_eq!(f.exit_code(), EXIT_REJECTED);
    assert!(chain.attempts.is_empty());
}

#[test]
fn a_log_that_does_not_join_the_chain_is_refused() {
    // The chain ends at window 2; the log starts at window 4.
    let ws: Vec<Window> = windows(8).split_off(4);
    let (chain, mut clock) = FakeChain::new(8);
    let mut chain = chain.with_reported(2);
    let f = go(&mut chain, &mut clock, &settings(), &ws)
        .failure
        .unwrap();
    assert!(
        f.to_string()
            .contains("the windows in between are not in this log"),
        "{f}"
    );
    // The chain's last end is not a boundary of this log's windows.
    let (mut chain, mut clock) = FakeChain::new(8);
    chain.applied.push(Applied {
        seq: 1,
        start: t0() - 30,
        end: t0() + 30,
        block: 1,
        id: "x".into(),
    });
    let f = go(&mut chain, &mut clock, &settings(), &windows(4))
        .failure
        .unwrap();
    assert!(f.to_string().contains("not a window boundary"), "{f}");
    assert!(chain.attempts.is_empty());
}

#[test]
fn windows_ending_after_the_chain_time_are_held_back() {
    let ws = windows(5);
    let (mut chain, mut clock) = FakeChain::new(5);
    chain.chain_start = t0() + 3 * W;
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!((r.outcome.final_seq, r.outcome.held_back), (3, 2));
    assert_eq!(chain.seqs(), expected(3));
}

#[test]
fn waiting_for_irreversibility_is_bounded() {
    let ws = windows(3);
    let (mut chain, mut clock) = FakeChain::new(3);
    chain.lib_cap = Some(1);
    let mut s = settings();
    s.final_timeout = Duration::from_secs(10);
    let r = go(&mut chain, &mut clock, &s, &ws);
    let f = r.failure.unwrap();
    assert!(
        matches!(f, Failure::NotFinal { seq: 1, lib: 1, .. }),
        "{f:?}"
    );
    assert_eq!(f.exit_code(), EXIT_TRANSIENT);
    assert_eq!(r.outcome.final_seq, 0);
    // The pushed report is on chain (reversible): a rerun adopts it.
    assert_eq!(chain.seqs(), expected(1));
    chain.lib_cap = None;
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!((r.outcome.final_seq, r.outcome.pushes), (3, 2));
    assert_eq!(chain.attempts.len(), 3);
}

#[test]
fn the_first_report_is_final_before_the_next_is_pushed() {
    // A first report may start anywhere: were it forked out while the
    // next one lands, the next one would become the first and leave a
    // hole. So the first goes alone; the rest are pipelined.
    let ws = windows(4);
    let (mut chain, mut clock) = FakeChain::new(4);
    chain.lib_lag = 4;
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    let blocks: Vec<u64> = chain.applied.iter().map(|a| a.block).collect();
    assert!(blocks[1] >= blocks[0] + 4, "{blocks:?}");
    assert!(blocks[3] - blocks[1] <= 1, "{blocks:?}");
}

#[test]
fn a_forked_out_report_is_pushed_again() {
    let ws = windows(4);
    let (mut chain, mut clock) = FakeChain::new(4);
    chain.push_faults = [None, Some(Fault::ForkDrop)].into();
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None, "{:?}", chain.attempts);
    assert_eq!(r.outcome.final_seq, 4);
    let seq2 = chain.attempts.iter().filter(|a| a.0 == 2).count();
    assert_eq!(seq2, 2, "{:?}", chain.attempts);
    assert_eq!(chain.seqs(), expected(4));
    assert_final(&mut chain, 4);
}

#[test]
fn a_reversible_start_is_waited_for_too() {
    let ws = windows(3);
    let (chain, mut clock) = FakeChain::new(3);
    let mut chain = chain.with_reported(3);
    chain.lib_cap = Some(0);
    let mut s = settings();
    s.final_timeout = Duration::from_secs(5);
    let f = go(&mut chain, &mut clock, &s, &ws).failure.unwrap();
    assert!(matches!(f, Failure::NotFinal { seq: 3, .. }), "{f:?}");
}

#[test]
fn serial_mode_pushes_only_after_the_previous_is_final() {
    let ws = windows(3);
    let (mut chain, mut clock) = FakeChain::new(3);
    let mut s = settings();
    s.max_inflight = 1;
    let r = go(&mut chain, &mut clock, &s, &ws);
    assert_eq!(r.failure, None);
    // Each report's block is after the previous one plus the LIB lag.
    let blocks: Vec<u64> = chain.applied.iter().map(|a| a.block).collect();
    assert!(
        blocks.windows(2).all(|b| b[1] >= b[0] + chain.lib_lag),
        "{blocks:?}"
    );
}

#[test]
fn dry_run_and_limit() {
    let ws = windows(5);
    let (chain, mut clock) = FakeChain::new(5);
    let mut chain = chain.with_reported(1);
    let mut s = settings();
    s.dry_run = true;
    let r = go(&mut chain, &mut clock, &s, &ws);
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.planned, vec![(2, 1), (3, 2), (4, 3), (5, 4)]);
    assert!(chain.attempts.is_empty());

    let mut s = settings();
    s.limit = Some(2);
    let r = go(&mut chain, &mut clock, &s, &ws);
    assert_eq!(r.failure, None);
    assert_eq!((r.outcome.final_seq, r.outcome.left_by_limit), (3, 2));
    assert_eq!(chain.seqs(), expected(3));
}

#[test]
fn the_first_report_starts_at_genesis() {
    let ws = windows(5);
    let (mut chain, mut clock) = FakeChain::new(5);
    chain.config.as_mut().unwrap().genesis = t0() + 2 * W;
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.too_early, 2);
    assert_eq!(
        chain.seqs(),
        vec![(1, t0() + 2 * W), (2, t0() + 3 * W), (3, t0() + 4 * W)]
    );
}

#[test]
fn the_first_report_respects_the_pruned_horizon() {
    let ws = windows(5);
    let (mut chain, mut clock) = FakeChain::new(5);
    chain.config.as_mut().unwrap().genesis = t0() + W;
    chain.config.as_mut().unwrap().horizon = t0() + 3 * W;
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!(r.outcome.too_early, 3);
    assert_eq!(chain.seqs(), vec![(1, t0() + 3 * W), (2, t0() + 4 * W)]);
}

#[test]
fn after_re_registration_seq_continues_and_the_window_may_start_anew() {
    // Reported windows 0..3 as seq 1..3, was removed and registered
    // again: last_seq 3 is kept, last_end is 0. The log it reports now
    // starts later (it was down in between).
    let (chain, mut clock) = FakeChain::new(8);
    let mut chain = chain.with_reported(3);
    chain.registered_with = 3;
    let ws: Vec<Window> = windows(8).split_off(5);
    let r = go(&mut chain, &mut clock, &settings(), &ws);
    assert_eq!(r.failure, None);
    assert_eq!((r.outcome.initial_seq, r.outcome.final_seq), (3, 6));
    assert_eq!(
        chain.seqs()[3..],
        [(4, t0() + 5 * W), (5, t0() + 6 * W), (6, t0() + 7 * W)]
    );
}

#[test]
fn config_comes_from_the_chain_unless_overridden() {
    let (mut chain, mut clock) = FakeChain::new(1);
    let retry = RetryPolicy::default();
    assert_eq!(
        resolve_config(&mut chain, &mut clock, &retry, None, None).unwrap(),
        config()
    );
    let c = resolve_config(&mut chain, &mut clock, &retry, Some(30), Some(2)).unwrap();
    assert_eq!((c.window_sec, c.max_batch), (30, 2));
    chain.config = None;
    let err = resolve_config(&mut chain, &mut clock, &retry, Some(30), None).unwrap_err();
    assert!(err.to_string().contains("--max-batch"), "{err}");
    assert_eq!(
        resolve_config(&mut chain, &mut clock, &retry, Some(30), Some(5))
            .unwrap()
            .genesis,
        0
    );
}

#[test]
fn backoff_doubles_up_to_its_cap() {
    let p = RetryPolicy {
        retries: 40,
        backoff: Duration::from_millis(500),
        backoff_max: Duration::from_secs(30),
    };
    let d: Vec<u64> = (1..=9).map(|a| p.delay(a).as_millis() as u64).collect();
    assert_eq!(
        d,
        [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]
    );
    assert_eq!(p.delay(40), Duration::from_secs(30));
}

fn arb_fault() -> impl Strategy<Value = Option<Fault>> {
    prop_oneof![
        4 => Just(None),
        1 => Just(Some(Fault::Refused)),
        1 => Just(Some(Fault::TimeoutApplied)),
        1 => Just(Some(Fault::LandsLater)),
        1 => Just(Some(Fault::Duplicate)),
        1 => Just(Some(Fault::Expired)),
        1 => Just(Some(Fault::ForkDrop)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever mix of uncertain failures and forks, a run with enough
    /// retries ends with every window on chain exactly once, in order,
    /// with contiguous sequence numbers, irreversible; and it never
    /// claims more than is irreversible.
    #[test]
    fn faults_never_duplicate_skip_or_reorder(
        n in 1u64..8,
        already in 0u64..3,
        faults in proptest::collection::vec(arb_fault(), 0..30),
        read_faults in proptest::collection::vec(any::<bool>(), 0..30),
        inflight in 1usize..5,
        lib_lag in 1u64..6,
    ) {
        let already = already.min(n);
        let ws = windows(n);
        let (chain, mut clock) = FakeChain::new(n);
        let mut chain = chain.with_reported(already);
        chain.lib_lag = lib_lag;
        chain.push_faults = faults.into();
        chain.read_faults = read_faults
            .into_iter()
            .map(|f| f.then(|| NodeError::Unreachable("refused".into())))
            .collect();
        let mut s = settings();
        s.max_inflight = inflight;
        s.retry.retries = 100;
        let r = go(&mut chain, &mut clock, &s, &ws);
        prop_assert_eq!(r.failure, None);
        prop_assert_eq!(r.outcome.final_seq, n);
        prop_assert_eq!(chain.seqs(), expected(n));
        assert_final(&mut chain, n);
        // Windows the chain had at the start were never pushed.
        prop_assert!(chain.attempts.iter().all(|a| a.0 > already));
    }

    /// With few retries a run may give up, but what it claims final is.
    #[test]
    fn giving_up_never_overclaims(
        faults in proptest::collection::vec(arb_fault(), 0..20),
        retries in 0u32..3,
    ) {
        let ws = windows(4);
        let (mut chain, mut clock) = FakeChain::new(4);
        chain.push_faults = faults.into();
        let mut s = settings();
        s.retry.retries = retries;
        let r = go(&mut chain, &mut clock, &s, &ws);
        if let Some(f) = &r.failure {
            prop_assert_eq!(f.exit_code(), EXIT_TRANSIENT, "{}", f);
        }
        let prefix = chain.seqs();
        prop_assert_eq!(&prefix[..], &expected(4)[..prefix.len()]);
        assert_final(&mut chain, r.outcome.final_seq);
        prop_assert!(r.outcome.final_seq as usize <= prefix.len());
    }
}
