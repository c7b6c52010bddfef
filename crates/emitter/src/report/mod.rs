//! Pushing windows to `pool.metrics`: resume, retry, irreversibility.
//!
//! The chain is the only memory. On start, and again after anything that
//! may or may not have reached the chain (a timeout, a refused connection,
//! an expired or duplicate transaction), the reporter reads the emitter's
//! row (`last_seq`, `last_end`) and continues with the window starting at
//! `last_end` as sequence `last_seq + 1`. A window the chain already has is
//! therefore never pushed again, and a crash or a kill at any point is
//! repaired by running the command again.
//!
//! A report counts as done only once irreversible: the reporter keeps the
//! pushed transactions in flight (up to `max_inflight`), polls the node's
//! last irreversible block (LIB), and when LIB reaches a transaction's block
//! checks that the irreversible block holds that transaction. If it does
//! not (the block was forked out), the reporter resumes from the chain as
//! above. A window found on chain without a receipt (an earlier attempt
//! landed) is final once LIB passes the head block seen when it was found
//! and the row still shows it. Waiting is bounded by `final_timeout`.
//!
//! The chain I/O is behind [`Node`] and time behind [`Clock`], so that this
//! logic is tested against a scripted fake node (`tests.rs`). That fake is
//! a test double for the network; the real path (cleos + HTTP,
//! [`crate::node`]) is exercised on a real nodeos by the on-chain tests.

use crate::time::{self, TimeMs};
use crate::window::{MetricEntry, Window};
use serde::Serialize;
use std::collections::VecDeque;
use std::time::Duration;

#[cfg(test)]
mod tests;

/// What `/v1/chain/get_info` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainInfo {
    pub head_block_num: u64,
    pub last_irreversible_block_num: u64,
    pub head_block_time: TimeMs,
}

/// The emitter's row in `pool.metrics`' `emitters` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitterRow {
    /// Kept across a removal and re-registration.
    pub last_seq: u64,
    /// Unix seconds; 0 before the first report since (re-)registration:
    /// the next window may then start anywhere at or after
    /// [`MetricsConfig::first_start`].
    pub last_end: u64,
}

/// What the reporter uses of `pool.metrics`' `config` and `state`
/// singletons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricsConfig {
    pub window_sec: u32,
    pub max_batch: u32,
    /// `config.genesis`, Unix seconds: no first window starts before it.
    pub genesis: u64,
    /// `state.pruned_until`, Unix seconds: no window starting before it is
    /// accepted any more.
    pub horizon: u64,
}

impl MetricsConfig {
    /// The earliest start of an emitter's first window.
    pub fn first_start(&self) -> u64 {
        self.genesis.max(self.horizon)
    }
}

/// A pushed transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub tx_id: String,
    pub block_num: u64,
}

/// A failed read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeError {
    /// No usable answer (connection refused, timeout, garbled response):
    /// retried.
    Unreachable(String),
    /// The node answered with an error: not retried.
    Answered(String),
}

/// A failed push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushError {
    /// May or may not have reached the chain (connection refused, timeout,
    /// expired or duplicate transaction, resource limits): the reporter
    /// re-reads the chain and retries.
    Transient(String),
    /// The chain refused it for good (a contract assertion, missing
    /// authority): the message is shown and the reporter stops.
    Rejected(String),
}

/// The `report` action's data, as cleos takes it in JSON.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ReportAction<'a> {
    pub emitter: &'a str,
    pub seq: u64,
    pub start: String,
    pub end: String,
    pub entries: &'a [MetricEntry],
}

impl<'a> ReportAction<'a> {
    pub fn new(emitter: &'a str, seq: u64, w: &'a Window) -> Self {
        ReportAction {
            emitter,
            seq,
            start: time::format_secs(w.start),
            end: time::format_secs(w.end),
            entries: &w.entries,
        }
    }
}

/// The node, as the reporter needs it.
pub trait Node {
    fn info(&mut self) -> Result<ChainInfo, NodeError>;
    /// `None` when the contract has no config row yet (`horizon` is 0
    /// when it has no state row).
    fn config(&mut self) -> Result<Option<MetricsConfig>, NodeError>;
    /// `None` when `emitter` is not registered.
    fn emitter(&mut self, emitter: &str) -> Result<Option<EmitterRow>, NodeError>;
    fn push_report(&mut self, report: &ReportAction) -> Result<Receipt, PushError>;
    /// Whether block `block_num` holds `tx_id`, executed.
    fn block_has_tx(&mut self, block_num: u64, tx_id: &str) -> Result<bool, NodeError>;
}

/// Time as the reporter sees it: elapsed since some start, and sleeping.
pub trait Clock {
    fn now(&self) -> Duration;
    fn sleep(&mut self, d: Duration);
}

/// The real clock.
pub struct SystemClock(std::time::Instant);

impl SystemClock {
    pub fn new() -> Self {
        SystemClock(std::time::Instant::now())
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
    fn sleep(&mut self, d: Duration) {
        std::thread::sleep(d)
    }
}

/// Exponential backoff with a cap on the number of consecutive failures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Consecutive failures of one operation tolerated before giving up.
    pub retries: u32,
    /// Wait after the first failure; doubled after each further one.
    pub backoff: Duration,
    /// Longest wait.
    pub backoff_max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 8,
            backoff: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait after failure number `attempt` (1-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(20);
        self.backoff.saturating_mul(factor).min(self.backoff_max)
    }
}

/// How to report.
#[derive(Clone, Debug)]
pub struct Settings {
    pub emitter: String,
    pub retry: RetryPolicy,
    /// Longest wait for a pushed report to become irreversible.
    pub final_timeout: Duration,
    /// Interval between LIB polls.
    pub poll: Duration,
    /// Reports pushed but not yet irreversible, at most.
    pub max_inflight: usize,
    /// Push at most this many windows in this run.
    pub limit: Option<usize>,
    /// Read the chain and plan, push nothing.
    pub dry_run: bool,
}

impl Settings {
    pub fn new(emitter: &str) -> Settings {
        Settings {
            emitter: emitter.to_string(),
            retry: RetryPolicy::default(),
            final_timeout: Duration::from_secs(120),
            poll: Duration::from_millis(500),
            max_inflight: 16,
            limit: None,
            dry_run: false,
        }
    }
}

/// Why a run stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The report was refused for good (a contract assertion, missing
    /// authority, no wallet): nothing will change by retrying.
    Rejected {
        seq: u64,
        start: u64,
        message: String,
    },
    /// The log and the chain do not fit together, or the node answered an
    /// error: nothing was pushed past the point named.
    Refused(String),
    /// A transient failure outlasted the retries: run again later.
    GaveUp {
        what: String,
        attempts: u32,
        last_error: String,
    },
    /// A pushed report did not become irreversible in time: run again
    /// later (it will be found on chain, or pushed again).
    NotFinal {
        seq: u64,
        block: u64,
        lib: u64,
        waited: Duration,
    },
}

/// Exit code of a run that stopped on a chain rejection or inconsistency.
pub const EXIT_REJECTED: i32 = 2;
/// Exit code of a run that gave up on transient failures (safe to rerun).
pub const EXIT_TRANSIENT: i32 = 3;

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Rejected { .. } | Failure::Refused(_) => EXIT_REJECTED,
            Failure::GaveUp { .. } | Failure::NotFinal { .. } => EXIT_TRANSIENT,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Rejected {
                seq,
                start,
                message,
            } => write!(
                f,
                "report seq {seq} (window {}) was refused: {message}",
                time::format_secs(*start)
            ),
            Failure::Refused(m) => f.write_str(m),
            Failure::GaveUp {
                what,
                attempts,
                last_error,
            } => write!(
                f,
                "gave up {what} after {attempts} failed attempts (last: {last_error}); \
                 run again later: it resumes from the chain"
            ),
            Failure::NotFinal {
                seq,
                block,
                lib,
                waited,
            } => write!(
                f,
                "report seq {seq} (block {block}) not irreversible after {} s \
                 (last irreversible block {lib}); run again later: it resumes from the chain",
                waited.as_secs()
            ),
        }
    }
}

/// Progress of a run, for the progress line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Windows of this run that are irreversible.
    pub done: u64,
    /// Windows this run means to push.
    pub total: u64,
    pub inflight: usize,
    pub elapsed: Duration,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The emitter's row when the run started.
    pub initial_seq: u64,
    pub initial_end: u64,
    /// Windows of the log the chain already had.
    pub already_on_chain: usize,
    /// Windows of the log starting before the contract's genesis or pruned
    /// horizon (first report since registration only): never pushed.
    pub too_early: usize,
    /// Windows this run meant to push (after `limit`).
    pub planned: Vec<(u64, usize)>,
    /// The highest sequence known irreversible at the end.
    pub final_seq: u64,
    /// End (Unix seconds) of the window of `final_seq`.
    pub final_end: u64,
    /// Successful pushes (receipts received).
    pub pushes: u64,
    /// Windows found on chain after an uncertain failure (no receipt).
    pub adopted: u64,
    /// Transient failures retried.
    pub retries: u32,
    /// Windows not pushed because they end after the chain's head time.
    pub held_back: usize,
    /// Head block time when the run ended.
    pub head_time: Option<TimeMs>,
    /// Windows left for a later run because of `limit`.
    pub left_by_limit: usize,
    pub elapsed: Duration,
}

/// Reads the metrics configuration, applying overrides; errors when
/// neither the chain nor the overrides give a value.
pub fn resolve_config<N: Node, C: Clock>(
    node: &mut N,
    clock: &mut C,
    retry: &RetryPolicy,
    window_sec: Option<u32>,
    max_batch: Option<u32>,
) -> Result<MetricsConfig, Failure> {
    let mut failures = 0;
    let chain = loop {
        match node.config() {
            Ok(c) => break c,
            Err(NodeError::Answered(m)) => {
                return Err(Failure::Refused(format!(
                    "reading the metrics config: the node answered: {m}"
                )))
            }
            Err(NodeError::Unreachable(m)) => {
                failures += 1;
                if failures > retry.retries {
                    return Err(Failure::GaveUp {
                        what: "reading the metrics config".into(),
                        attempts: failures,
                        last_error: m,
                    });
                }
                clock.sleep(retry.delay(failures));
            }
        }
    };
    let missing = |what: &str| {
        Failure::Refused(format!(
            "the metrics contract has no config row: give --{what} (and --max-batch / --window-sec) or initialise the contract"
        ))
    };
    let window_sec = match (window_sec, &chain) {
        (Some(w), _) => w,
        (None, Some(c)) => c.window_sec,
        (None, None) => return Err(missing("window-sec")),
    };
    let max_batch = match (max_batch, &chain) {
        (Some(m), _) => m,
        (None, Some(c)) => c.max_batch,
        (None, None) => return Err(missing("max-batch")),
    };
    Ok(MetricsConfig {
        window_sec,
        max_batch,
        genesis: chain.as_ref().map_or(0, |c| c.genesis),
        horizon: chain.as_ref().map_or(0, |c| c.horizon),
    })
}

#[derive(Clone, Debug)]
enum Proof {
    /// We hold a receipt: final when the irreversible block has the tx.
    Tx { id: String, block: u64 },
    /// Seen in the emitter row: final when LIB reaches `head` and the row
    /// still shows it. `head` is the head block seen after the read, plus
    /// one: a producing node's state may include the block being built.
    State { head: u64 },
}

#[derive(Clone, Debug)]
struct InFlight {
    seq: u64,
    end: u64,
    proof: Proof,
    since: Duration,
    /// The emitter's first report since registration (may start anywhere):
    /// nothing is pushed after it until it is final, so that a later
    /// report can never land in its place if it is forked out.
    first: bool,
}

/// What [`run`] returns: what was done, and why it stopped early if it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    pub outcome: Outcome,
    pub failure: Option<Failure>,
}

/// Pushes `windows` (closed windows of one log, in order, as the
/// aggregator emits them) for `settings.emitter`.
pub fn run<N: Node, C: Clock>(
    node: &mut N,
    clock: &mut C,
    settings: &Settings,
    config: &MetricsConfig,
    windows: &[Window],
    progress: &mut dyn FnMut(&Progress),
) -> RunResult {
    let mut r = Reporter {
        node,
        clock,
        s: settings,
        cfg: config,
        windows,
        inflight: VecDeque::new(),
        cursor: 0,
        next_seq: 1,
        target: 0,
        start_idx: 0,
        head_time: TimeMs(0),
        unexpected: 0,
        fresh: false,
        out: Outcome::default(),
        started: Duration::ZERO,
    };
    r.started = r.clock.now();
    let result = r.run(progress);
    r.out.elapsed = r.clock.now().saturating_sub(r.started);
    r.out.head_time = Some(r.head_time).filter(|t| t.0 > 0);
    RunResult {
        outcome: r.out,
        failure: result.err(),
    }
}

struct Reporter<'a, N, C> {
    node: &'a mut N,
    clock: &'a mut C,
    s: &'a Settings,
    cfg: &'a MetricsConfig,
    windows: &'a [Window],
    inflight: VecDeque<InFlight>,
    /// Index of the next window to push.
    cursor: usize,
    next_seq: u64,
    /// Push windows below this index only.
    target: usize,
    start_idx: usize,
    head_time: TimeMs,
    /// Consecutive surprises (forked-out reports) since the last progress.
    unexpected: u32,
    /// The chain has no report of this emitter since its registration.
    fresh: bool,
    out: Outcome,
    started: Duration,
}

impl<N: Node, C: Clock> Reporter<'_, N, C> {
    fn run(&mut self, progress: &mut dyn FnMut(&Progress)) -> Result<(), Failure> {
        let row = self.read_emitter()?;
        self.out.initial_seq = row.last_seq;
        self.out.initial_end = row.last_end;
        self.out.final_seq = row.last_seq;
        self.out.final_end = row.last_end;
        let start = self.locate(&row)?;
        if row.last_end == 0 {
            self.out.too_early = start;
        } else {
            self.out.already_on_chain = start;
        }
        self.start_idx = start;
        self.target = match self.s.limit {
            Some(n) => self.windows.len().min(start.saturating_add(n)),
            None => self.windows.len(),
        };
        self.out.left_by_limit = self.windows.len() - self.target;
        for (k, w) in self.windows[start..self.target].iter().enumerate() {
            self.check_window(w)?;
            self.out
                .planned
                .push((row.last_seq + 1 + k as u64, start + k));
        }
        if self.s.dry_run {
            return Ok(());
        }
        self.cursor = start;
        self.next_seq = row.last_seq + 1;
        self.fresh = row.last_end == 0;
        let info = self.info()?;
        self.head_time = info.head_block_time;
        if row.last_seq > 0 {
            // What the chain had when we started may itself be reversible.
            self.inflight.push_back(InFlight {
                seq: row.last_seq,
                end: row.last_end,
                proof: Proof::State {
                    head: info.head_block_num + 1,
                },
                since: self.clock.now(),
                first: false,
            });
        }
        loop {
            if self.can_push() {
                self.push_next()?;
            } else if !self.inflight.is_empty() {
                self.settle()?;
            } else if self.cursor < self.target {
                // Held back by time: look once more, then stop.
                let info = self.info()?;
                self.head_time = info.head_block_time;
                if !self.can_push() {
                    break;
                }
            } else {
                break;
            }
            progress(&self.progress());
        }
        self.out.held_back = self.target.saturating_sub(self.cursor);
        Ok(())
    }

    fn progress(&self) -> Progress {
        Progress {
            done: self.out.final_seq.saturating_sub(self.out.initial_seq),
            total: (self.target - self.start_idx) as u64,
            inflight: self.inflight.len(),
            elapsed: self.clock.now().saturating_sub(self.started),
        }
    }

    fn can_push(&self) -> bool {
        self.cursor < self.target
            && self.inflight.len() < self.s.max_inflight.max(1)
            && !self.inflight.iter().any(|e| e.first)
            && self.windows[self.cursor].end * 1000 <= self.head_time.0
    }

    /// The index of the window that follows the chain's last one.
    fn locate(&self, row: &EmitterRow) -> Result<usize, Failure> {
        if row.last_end == 0 {
            let first = self.cfg.first_start();
            return Ok(self
                .windows
                .iter()
                .position(|w| w.start >= first)
                .unwrap_or(self.windows.len()));
        }
        if let Some(i) = self.windows.iter().position(|w| w.start == row.last_end) {
            return Ok(i);
        }
        match (self.windows.first(), self.windows.last()) {
            (Some(first), _) if row.last_end < first.start => Err(Failure::Refused(format!(
                "the chain's last report for {} (seq {}) ends at {}, but this log's first window \
                 starts at {}: the windows in between are not in this log",
                self.s.emitter,
                row.last_seq,
                time::format_secs(row.last_end),
                time::format_secs(first.start)
            ))),
            (_, Some(last)) if row.last_end < last.end => Err(Failure::Refused(format!(
                "the chain's last report for {} ends at {}, which is not a window boundary of \
                 this log (window_sec {}): was window_sec changed?",
                self.s.emitter,
                time::format_secs(row.last_end),
                self.cfg.window_sec
            ))),
            // The chain is at or past the end of this log: nothing to do.
            _ => Ok(self.windows.len()),
        }
    }

    fn check_window(&self, w: &Window) -> Result<(), Failure> {
        if w.entries.len() > self.cfg.max_batch as usize {
            return Err(Failure::Refused(format!(
                "window {} has {} member entries but the contract takes at most {} per report \
                 (max_batch): nothing pushed; raise max_batch by governance",
                time::format_secs(w.start),
                w.entries.len(),
                self.cfg.max_batch
            )));
        }
        w.check(self.cfg.window_sec).map_err(Failure::Refused)
    }

    /// Runs a read, retrying while the node is unreachable.
    fn read<T>(
        &mut self,
        what: &str,
        mut f: impl FnMut(&mut N) -> Result<T, NodeError>,
    ) -> Result<T, Failure> {
        let mut failures = 0;
        loop {
            match f(self.node) {
                Ok(v) => return Ok(v),
                Err(NodeError::Answered(m)) => {
                    return Err(Failure::Refused(format!("{what}: the node answered: {m}")))
                }
                Err(NodeError::Unreachable(m)) => {
                    failures += 1;
                    self.out.retries += 1;
                    if failures > self.s.retry.retries {
                        return Err(Failure::GaveUp {
                            what: what.to_string(),
                            attempts: failures,
                            last_error: m,
                        });
                    }
                    self.clock.sleep(self.s.retry.delay(failures));
                }
            }
        }
    }

    fn info(&mut self) -> Result<ChainInfo, Failure> {
        self.read("reading chain info", |n| n.info())
    }

    fn read_emitter(&mut self) -> Result<EmitterRow, Failure> {
        let emitter = self.s.emitter.clone();
        self.read("reading the emitter's row", |n| n.emitter(&emitter))?
            .ok_or_else(|| {
                Failure::Refused(format!(
                    "emitter {emitter} is not registered at the metrics contract (no row in its emitters table)"
                ))
            })
    }

    /// A surprise (a report forked out): bounded like a transient failure.
    fn surprise(&mut self, what: String) -> Result<(), Failure> {
        self.unexpected += 1;
        self.out.retries += 1;
        if self.unexpected > self.s.retry.retries {
            return Err(Failure::GaveUp {
                what: "waiting for irreversibility".into(),
                attempts: self.unexpected,
                last_error: what,
            });
        }
        Ok(())
    }

    fn push_next(&mut self) -> Result<(), Failure> {
        let (windows, s) = (self.windows, self.s);
        let mut failures = 0;
        let mut refused_once = false;
        loop {
            let w = &windows[self.cursor];
            let seq = self.next_seq;
            let action = ReportAction::new(&s.emitter, seq, w);
            match self.node.push_report(&action) {
                Ok(receipt) => {
                    self.inflight.push_back(InFlight {
                        seq,
                        end: w.end,
                        proof: Proof::Tx {
                            id: receipt.tx_id,
                            block: receipt.block_num,
                        },
                        since: self.clock.now(),
                        first: self.fresh,
                    });
                    self.fresh = false;
                    self.out.pushes += 1;
                    self.cursor += 1;
                    self.next_seq += 1;
                    return Ok(());
                }
                Err(PushError::Rejected(message)) => {
                    // The refusal is about this report only if the chain is
                    // where we expected it. Otherwise the chain moved: an
                    // earlier attempt of this report landed (the contract
                    // refuses the replay), or an in-flight predecessor was
                    // forked out (the contract refuses the gap). A fork can
                    // also settle between the push and this read, so the
                    // verdict is final only when the same report is refused
                    // twice with the chain in place (a refused transaction
                    // changes nothing, so pushing it again is harmless).
                    let start = w.start;
                    let row = self.read_emitter()?;
                    if self.chain_in_place(&row, seq) {
                        if refused_once {
                            return Err(Failure::Rejected {
                                seq,
                                start,
                                message,
                            });
                        }
                        refused_once = true;
                        continue;
                    }
                    if row.last_seq < seq {
                        self.surprise(format!(
                            "report seq {seq} refused ({message}) after the chain went back to seq {}",
                            row.last_seq
                        ))?;
                    }
                    return self.resync_with(row);
                }
                Err(PushError::Transient(message)) => {
                    failures += 1;
                    self.out.retries += 1;
                    if failures > self.s.retry.retries {
                        return Err(Failure::GaveUp {
                            what: format!(
                                "pushing report seq {seq} (window {})",
                                time::format_secs(w.start)
                            ),
                            attempts: failures,
                            last_error: message,
                        });
                    }
                    self.clock.sleep(self.s.retry.delay(failures));
                    self.resync()?;
                    if !self.can_push() {
                        // It landed after all (or time moved backwards on
                        // the node): the main loop takes it from here.
                        return Ok(());
                    }
                    if self.next_seq != seq {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Whether the chain is exactly where pushing `seq` (the window at the
    /// cursor) expects it: its last report is `seq - 1` and ends where
    /// that window starts (or there is none since registration).
    fn chain_in_place(&self, row: &EmitterRow, seq: u64) -> bool {
        row.last_seq + 1 == seq
            && (row.last_end == 0
                || self
                    .windows
                    .get(self.cursor)
                    .is_some_and(|w| w.start == row.last_end))
    }

    fn resync(&mut self) -> Result<(), Failure> {
        let row = self.read_emitter()?;
        self.resync_with(row)
    }

    /// Makes the in-flight list and the cursor agree with the chain's row.
    fn resync_with(&mut self, row: EmitterRow) -> Result<(), Failure> {
        if row.last_seq < self.out.final_seq {
            return Err(Failure::Refused(format!(
                "the chain's last report for {} is seq {}, below seq {} which was irreversible",
                self.s.emitter, row.last_seq, self.out.final_seq
            )));
        }
        let info = self.info()?;
        self.head_time = info.head_block_time;
        self.inflight.retain(|e| e.seq <= row.last_seq);
        let tracked = self
            .inflight
            .back()
            .map(|e| e.seq)
            .unwrap_or(self.out.final_seq);
        if row.last_seq > tracked {
            // On chain without a receipt: an earlier attempt landed.
            self.out.adopted += row.last_seq.saturating_sub(self.next_seq - 1);
            self.inflight.push_back(InFlight {
                seq: row.last_seq,
                end: row.last_end,
                proof: Proof::State {
                    head: info.head_block_num + 1,
                },
                since: self.clock.now(),
                first: false,
            });
        }
        self.cursor = self.locate(&row)?;
        self.next_seq = row.last_seq + 1;
        self.fresh = row.last_end == 0;
        Ok(())
    }

    /// Waits for LIB; marks in-flight reports final in order.
    fn settle(&mut self) -> Result<(), Failure> {
        let info = self.info()?;
        self.head_time = info.head_block_time;
        let lib = info.last_irreversible_block_num;
        let mut progressed = false;
        while let Some(front) = self.inflight.front().cloned() {
            match &front.proof {
                Proof::Tx { id, block } if *block <= lib => {
                    let (id, block) = (id.clone(), *block);
                    let has = self.read("reading an irreversible block", |n| {
                        n.block_has_tx(block, &id)
                    })?;
                    progressed = true;
                    if has {
                        self.finalize();
                        continue;
                    }
                    self.surprise(format!(
                        "report seq {} is not in irreversible block {block}",
                        front.seq
                    ))?;
                    let row = self.read_emitter()?;
                    if row.last_seq >= front.seq {
                        // Included again in a later block.
                        let head = self.info()?.head_block_num + 1;
                        let f = self.inflight.front_mut().expect("front exists");
                        f.proof = Proof::State { head };
                        f.since = self.clock.now();
                    } else {
                        self.resync_with(row)?;
                    }
                }
                Proof::State { head } if *head <= lib => {
                    let row = self.read_emitter()?;
                    progressed = true;
                    if row.last_seq >= front.seq {
                        self.finalize();
                        continue;
                    }
                    self.surprise(format!(
                        "report seq {} left the chain before becoming irreversible",
                        front.seq
                    ))?;
                    self.resync_with(row)?;
                }
                _ => break,
            }
        }
        if !progressed {
            if let Some(front) = self.inflight.front() {
                let waited = self.clock.now().saturating_sub(front.since);
                if waited > self.s.final_timeout {
                    return Err(Failure::NotFinal {
                        seq: front.seq,
                        block: match front.proof {
                            Proof::Tx { block, .. } => block,
                            Proof::State { head } => head,
                        },
                        lib,
                        waited,
                    });
                }
            }
            if !self.can_push() {
                self.clock.sleep(self.s.poll);
            }
        }
        Ok(())
    }

    fn finalize(&mut self) {
        let e = self.inflight.pop_front().expect("front exists");
        // Reports are contiguous: everything up to e.seq is final too.
        self.out.final_seq = self.out.final_seq.max(e.seq);
        self.out.final_end = self.out.final_end.max(e.end);
        self.unexpected = 0;
    }
}
