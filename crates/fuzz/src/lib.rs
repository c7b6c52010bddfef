//! An ABI-driven fuzzer of the whole pool on the native test chain.
//!
//! A run starts from the testkit's running pool (every contract
//! bootstrapped and handed to governance, founders approved, holders
//! staked and voting) and takes `steps` steps, each one of:
//!
//! - **ABI-driven**: an action of any contract (all of them equally
//!   often) with data generated from its ABI type ([`gen`]: boundary
//!   values, chain-aware values, then possibly truncated, extended,
//!   mutated, replaced by random bytes or emptied), authorized by the
//!   account the data names first, the contract itself, a member, a
//!   stranger, governance or any name, with `active`, `owner`, `inline`
//!   or a made-up permission;
//! - **happy path** (`happy.rs`): what the pool's users do (transfers,
//!   stakes and votes, emitter reports, fee votes and deposits, income,
//!   rollovers and claims, cases, proposals and their votes and
//!   execution), so that the state keeps evolving; and, when random
//!   steps left the pool unable to go on (a contract rewired or handed
//!   to another admin, an emitter left behind the pruned horizon, no
//!   member in good standing), a repair with the admins' keys;
//! - **time**: the clock moves (seconds to days).
//!
//! After every transaction: a failure must be clean (the probe saw no
//! panic other than an assertion) and must leave the state byte for byte
//! as it was (the test chain's state digest); a success must keep every
//! invariant of `pool_testkit::invariants`, and a successful `exec` must
//! record the tally recomputed before it. Anything else is a [`Finding`],
//! printed with the seed, the step and the action; the run then goes on
//! from a fresh pool. Everything follows from the seed: the same seed and
//! step count replay a run exactly.

pub mod abi;
pub mod gen;
mod happy;
pub mod rng;

use abi::ContractAbi;
use antelope_sdk::{name, Action, Name, Pack, PermissionLevel};
use gen::{Ctx, Gen, Shape};
use pool_core::governance::Tally;
use pool_testkit::accounts::*;
use pool_testkit::probe::Probe;
use pool_testkit::{invariants, Pool, PoolConfig, TestChain};
use rng::Rng;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// An account with no role in the pool: the stranger among the signers.
pub const STRANGER: Name = name!("mallory");

/// The contracts whose token balance is booked in their tables (stakes,
/// deposits, the rewards' books). Their own keys never sign a token
/// action here: moving a contract's tokens with its account's key
/// bypasses the contract, which no contract can prevent (the keys of the
/// contract accounts are the operators' trust, docs/architecture.md and
/// docs/governance.md, "Handing every contract to governance": the
/// hand-over removes no key), so it would only "find" that.
pub const BOOKED: [Name; 3] = [MEMBERS, FEES, REWARDS];

/// The pool a run starts from: the bootstrapped, handed-over running pool
/// with short days (an hour of six 10-minute windows, as
/// `POOL_DAY_SEC=3600 POOL_WINDOW_SEC=600 POOL_CLAIM_WINDOW_SEC=3600
/// scripts/bootstrap.sh` would set up), the shortest metrics retention
/// (a day) so that pruning runs all the time and the raw reports stay
/// few, and the demo's fee vote minimum of 3.
pub fn fuzz_pool_config() -> PoolConfig {
    PoolConfig {
        day_sec: 3600,
        window_sec: 600,
        claim_window_sec: 3600,
        retention_sec: 3600,
        fee_min_votes: 3,
        handover: true,
    }
}

/// What a run does.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub seed: u64,
    pub steps: u64,
    /// Print every step from this one on (replaying a finding).
    pub trace_from: Option<u64>,
    /// Print a progress line this often (`None`: never).
    pub progress_every: Option<Duration>,
}

/// Where a step came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Abi(Shape),
    Happy,
    Time,
}

/// One step: a transaction (or a clock move) and how to describe it.
#[derive(Clone, Debug)]
pub struct Step {
    pub origin: Origin,
    pub actions: Vec<Action>,
    /// Seconds the clock moves (time steps).
    pub advance: u32,
    /// The data as generated, readable.
    pub note: String,
    /// A repair with pool.gov's key (see `happy::rescue`).
    pub rescue: bool,
}

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    /// A panic in contract or host code that is not an assertion.
    Panic,
    /// A panic that escaped the test chain itself.
    ChainPanic,
    /// A failed transaction changed the state.
    StateChangedOnFailure,
    /// A successful step broke an invariant.
    Invariant,
    /// `exec` recorded another tally than the votes give.
    ExecTally,
}

/// A bug the run found.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: FindingKind,
    pub step: u64,
    /// The step's action(s), authorization and data.
    pub action: String,
    pub detail: String,
}

/// Counts of one action.
#[derive(Clone, Debug, Default)]
pub struct ActionStats {
    /// ABI-driven steps: tried, succeeded.
    pub abi_tried: u64,
    pub abi_ok: u64,
    /// Happy-path steps: tried, succeeded.
    pub happy_tried: u64,
    pub happy_ok: u64,
    /// Failure messages and how often (at most [`MAX_MESSAGES`] kept).
    pub messages: BTreeMap<String, u64>,
}

/// Distinct messages kept per action; the rest are counted under
/// [`OTHER_MESSAGES`].
pub const MAX_MESSAGES: usize = 64;
pub const OTHER_MESSAGES: &str = "(other messages)";

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub seed: u64,
    pub steps: u64,
    pub transactions: u64,
    pub time_steps: u64,
    /// Successful transactions after which every invariant was checked.
    pub invariant_checks: u64,
    /// Failed transactions whose state digest was compared.
    pub digest_checks: u64,
    /// Successful `exec`s whose tally was recomputed.
    pub exec_checks: u64,
    /// Times the run restarted from a fresh pool after a finding.
    pub restarts: u64,
    /// Successful repairs of what only governance can repair, pushed
    /// with `pool.gov@active` (see `happy::rescue`).
    pub rescues: u64,
    pub by_action: BTreeMap<(Name, Name), ActionStats>,
    pub by_shape: BTreeMap<&'static str, (u64, u64)>,
    pub findings: Vec<Finding>,
    pub elapsed: Duration,
    /// What the state reached at the end.
    pub final_state: String,
}

/// The fuzzer.
pub struct Fuzzer {
    pool: Pool,
    rng: Rng,
    abis: Vec<ContractAbi>,
    probe: Probe,
    digest: [u8; 32],
    report: Report,
    step: u64,
    trace_from: Option<u64>,
    /// Happy steps to go before the next repair attempt, after one
    /// failed (a repair that cannot pass must not take every step).
    rescue_cooldown: u32,
    /// The producer accounts: prod1..prod5, then the newcomers.
    producers: Vec<Name>,
}

impl Fuzzer {
    pub fn new(seed: u64) -> Fuzzer {
        let abis = abi::load_all().unwrap_or_else(|e| panic!("loading the ABIs: {e}"));
        let mut pool = new_pool();
        let probe = Probe::install(&mut pool.chain);
        let digest = pool.chain.state_digest();
        Fuzzer {
            pool,
            rng: Rng::new(seed),
            abis,
            probe,
            digest,
            report: Report {
                seed,
                ..Report::default()
            },
            step: 0,
            trace_from: None,
            rescue_cooldown: 0,
            producers: PRODUCERS.to_vec(),
        }
    }

    /// Runs `cfg.steps` steps and returns what happened.
    pub fn run(cfg: &RunConfig) -> Report {
        let started = Instant::now();
        let mut f = Fuzzer::new(cfg.seed);
        f.trace_from = cfg.trace_from;
        let mut last_progress = Instant::now();
        for _ in 0..cfg.steps {
            f.one_step();
            if let Some(every) = cfg.progress_every {
                if last_progress.elapsed() >= every {
                    last_progress = Instant::now();
                    eprintln!(
                        "pool-fuzz: step {} of {}, {} findings, {:.0} s",
                        f.step,
                        cfg.steps,
                        f.report.findings.len(),
                        started.elapsed().as_secs_f64()
                    );
                }
            }
        }
        f.report.elapsed = started.elapsed();
        f.report.final_state = f.state_summary();
        f.report
    }

    /// Row counts of the tables that grow, and the clock: what the run
    /// reached.
    fn state_summary(&mut self) -> String {
        let c = &mut self.pool.chain;
        let count = |c: &mut TestChain, code: Name, table: &str| -> usize {
            let table = Name::try_from_str(table).unwrap_or(Name::EMPTY);
            c.table_scopes(code, table).len()
        };
        let proposals = c
            .rows::<pool_governance::tables::Proposal>(GOV, GOV.raw())
            .len();
        let cases = c
            .rows::<pool_charter::tables::Case>(CHARTER, CHARTER.raw())
            .len();
        let reports = c
            .rows::<pool_metrics::tables::ReportRow>(METRICS, METRICS.raw())
            .len();
        let windows = c
            .rows::<pool_metrics::tables::Window>(METRICS, METRICS.raw())
            .len();
        let allocs = c
            .rows::<pool_rewards::tables::Allocation>(REWARDS, REWARDS.raw())
            .len();
        let members = c
            .rows::<pool_members::tables::Member>(MEMBERS, MEMBERS.raw())
            .len();
        let days = count(c, METRICS, "days");
        let balances = count(c, TOKEN, "accounts");
        let vote_scopes = count(c, GOV, "votes");
        let genesis = c
            .read(|| pool_metrics::tables::config(METRICS).get())
            .map_or(0, |m| m.genesis.secs());
        let days_run = (c.now().sec_since_epoch() - genesis) / self.pool.config.day_sec;
        format!(
            "{days_run} pool days after genesis; {members} members, {balances} token balances, {proposals} proposals ({vote_scopes} with votes), {cases} cases, {reports} raw reports in {windows} windows, {days} days of aggregates, {allocs} allocations"
        )
    }

    /// Generates and runs the next step.
    pub fn one_step(&mut self) {
        self.step += 1;
        self.report.steps += 1;
        let step = match self.rng.weighted(&[50, 42, 8]) {
            0 => self.abi_step(),
            1 => {
                // The generators read the state through the contracts'
                // types; after a random reconfiguration some reads meet
                // rows they cannot decode, which only means nothing to
                // do (the next repair sets the configuration back).
                let probe = self.probe;
                probe
                    .quietly(|| self.happy())
                    .flatten()
                    .unwrap_or_else(|| self.time_step())
            }
            _ => self.time_step(),
        };
        self.execute(step);
    }

    fn time_step(&mut self) -> Step {
        let cfg = &self.pool.config;
        let (window, day) = (cfg.window_sec, cfg.day_sec);
        let now = self.pool.now();
        let advance = match self.rng.weighted(&[70, 20, 8, 2]) {
            0 => self.rng.range(1, u64::from(window / 2).max(1)) as u32,
            1 => self.rng.range(u64::from(window), 2 * u64::from(window)) as u32,
            // To just after the next day starts: a rollover is due.
            2 => (now / day + 1) * day - now + self.rng.range(1, 30) as u32,
            _ => self.rng.range(u64::from(day), 2 * u64::from(day)) as u32,
        };
        Step {
            origin: Origin::Time,
            actions: vec![],
            advance,
            note: format!("the clock moves {advance} s"),
            rescue: false,
        }
    }

    /// An action of any contract with data from its ABI, damaged or not,
    /// and a signer of any kind.
    fn abi_step(&mut self) -> Step {
        let total: usize = self.abis.iter().map(|a| a.actions.len()).sum();
        let mut k = self.rng.below(total as u64) as usize;
        let mut chosen = (0, 0);
        for (i, a) in self.abis.iter().enumerate() {
            if k < a.actions.len() {
                chosen = (i, k);
                break;
            }
            k -= a.actions.len();
        }
        let ctx = self.context();
        let abis = std::mem::take(&mut self.abis);
        let abi = &abis[chosen.0];
        let (action, ty) = abi.actions[chosen.1].clone();
        let value = {
            let mut g = Gen {
                rng: &mut self.rng,
                ctx: &ctx,
                abis: &abis,
                names: vec![],
            };
            g.action_data(abi, &ty)
        };
        let contract = abi.account;
        self.abis = abis;
        let (shape, data) = gen::shape(&mut self.rng, value.encoded());
        let authorization = self.signers(contract, value.first_name());
        let note = match shape {
            Shape::WellTyped => value.render(),
            s => format!("{} of {}", s.label(), value.render()),
        };
        Step {
            origin: Origin::Abi(shape),
            actions: vec![Action {
                account: contract,
                name: action,
                authorization,
                data,
            }],
            advance: 0,
            note,
            rescue: false,
        }
    }

    /// The authorization of an ABI-driven step.
    fn signers(&mut self, contract: Name, named: Option<Name>) -> Vec<PermissionLevel> {
        let right = named
            .filter(|n| self.pool.chain.account_exists(*n))
            .unwrap_or(contract);
        let people: Vec<Name> = HOLDERS
            .iter()
            .chain(self.producers.iter())
            .copied()
            .collect();
        let actor = match self.rng.weighted(&[40, 15, 15, 10, 5, 5]) {
            0 => right,
            1 => contract,
            2 => *self.rng.pick(&people).unwrap_or(&right),
            3 => STRANGER,
            4 => GOV,
            _ => {
                let ctx = self.context();
                Gen {
                    rng: &mut self.rng,
                    ctx: &ctx,
                    abis: &[],
                    names: vec![],
                }
                .name()
            }
        };
        let actor = if contract == TOKEN && BOOKED.contains(&actor) {
            STRANGER
        } else {
            actor
        };
        let permission = match self.rng.weighted(&[75, 10, 10, 5]) {
            0 => ACTIVE,
            1 => OWNER,
            2 => INLINE,
            _ => name!("publish"),
        };
        match self.rng.weighted(&[94, 4, 2]) {
            0 => vec![PermissionLevel::new(actor, permission)],
            // With the contract's own authority too.
            1 => vec![
                PermissionLevel::new(actor, permission),
                PermissionLevel::active(contract),
            ],
            _ => vec![],
        }
    }

    /// What the generator draws from: the chain's accounts, ids, hashes
    /// and clock.
    fn context(&mut self) -> Ctx {
        let c = &mut self.pool.chain;
        let cfg = &self.pool.config;
        let genesis = c
            .read(|| pool_metrics::tables::config(METRICS).get())
            .map_or(0, |m| m.genesis.secs());
        let mut ids = vec![0, 1];
        let next_proposal = c
            .read(|| pool_governance::tables::state(GOV).get())
            .map_or(1, |s| s.next_id);
        ids.extend([next_proposal.saturating_sub(1), next_proposal]);
        let last_case = c.read(|| {
            pool_charter::tables::cases(CHARTER)
                .rev_iter()
                .next()
                .map_or(0, |r| r.id)
        });
        ids.extend([last_case, last_case + 1]);
        for e in c.rows::<pool_metrics::tables::Emitter>(METRICS, METRICS.raw()) {
            ids.extend([e.last_seq, e.last_seq + 1]);
        }
        let mut hashes: Vec<_> = c
            .rows::<pool_shared::charter::Version>(CHARTER, CHARTER.raw())
            .into_iter()
            .map(|v| v.hash)
            .collect();
        hashes.extend(
            c.rows::<pool_governance::tables::Proposal>(GOV, GOV.raw())
                .into_iter()
                .rev()
                .take(6)
                .map(|p| p.content_hash),
        );
        let mut words = vec![name!("regmember"), name!("filecase"), name!("propose")];
        for a in &self.abis {
            words.extend(a.actions.iter().map(|(n, _)| *n));
        }
        let now = c.now().sec_since_epoch();
        let mut accounts = self.pool.accounts().to_vec();
        accounts.push(name!("eosio"));
        Ctx {
            now,
            window_sec: cfg.window_sec,
            day_sec: cfg.day_sec,
            genesis,
            accounts,
            ghosts: vec![name!("nobody"), name!("ghost.acct"), name!("zzzzzzzzzzzzj")],
            words,
            ids,
            hashes,
        }
    }

    /// Runs `step` and checks what it did.
    fn execute(&mut self, step: Step) {
        let tracing = self.trace_from.is_some_and(|from| self.step >= from);
        if step.origin == Origin::Time {
            self.report.time_steps += 1;
            self.pool.chain.advance_time(step.advance);
            if tracing {
                println!("step {}: {}", self.step, step.note);
            }
            // Standing and the elected set follow the clock: the
            // invariants must hold at the new time too.
            self.report.invariant_checks += 1;
            if let Err(e) = invariants::check_all(&mut self.pool.chain) {
                self.found(FindingKind::Invariant, &step, e);
            }
            return;
        }
        self.report.transactions += 1;
        let Some(first) = step.actions.first() else {
            return;
        };
        let key = (first.account, first.name);
        let exec_expect = self.exec_expectation(first);

        self.probe.reset();
        let outcome = {
            let chain = &mut self.pool.chain;
            let actions = step.actions.clone();
            catch_unwind(AssertUnwindSafe(|| chain.push_transaction(actions)))
        };
        let stats = self.report.by_action.entry(key).or_default();
        let ok = matches!(outcome, Ok(Ok(_)));
        self.report.rescues += u64::from(step.rescue && ok);
        if step.rescue && !ok {
            self.rescue_cooldown = 50;
        }
        match step.origin {
            Origin::Happy => {
                stats.happy_tried += 1;
                stats.happy_ok += u64::from(ok);
            }
            _ => {
                stats.abi_tried += 1;
                stats.abi_ok += u64::from(ok);
            }
        }
        if let Origin::Abi(shape) = step.origin {
            let s = self.report.by_shape.entry(shape.label()).or_default();
            s.0 += 1;
            s.1 += u64::from(ok);
        }
        if tracing {
            let result = match &outcome {
                Ok(Ok(_)) => "ok".to_string(),
                Ok(Err(e)) => format!("failed: {e}"),
                Err(_) => "panicked".to_string(),
            };
            println!("step {}: {} -> {result}", self.step, describe(&step));
        }
        match outcome {
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic without a message".into());
                self.found(FindingKind::ChainPanic, &step, msg);
            }
            Ok(Err(e)) => {
                let msg = e.message().to_string();
                let messages = &mut stats.messages;
                if messages.len() < MAX_MESSAGES || messages.contains_key(&msg) {
                    *messages.entry(msg).or_insert(0) += 1;
                } else {
                    *messages.entry(OTHER_MESSAGES.into()).or_insert(0) += 1;
                }
                if let Some(p) = self.probe.take() {
                    self.found(
                        FindingKind::Panic,
                        &step,
                        format!("{} at {}", p.message, p.location),
                    );
                    return;
                }
                self.report.digest_checks += 1;
                if self.pool.chain.state_digest() != self.digest {
                    self.found(
                        FindingKind::StateChangedOnFailure,
                        &step,
                        format!(
                            "the transaction failed with \"{}\" but the state changed",
                            e.message()
                        ),
                    );
                }
            }
            Ok(Ok(_)) => {
                self.digest = self.pool.chain.state_digest();
                self.report.invariant_checks += 1;
                if let Err(e) = invariants::check_all(&mut self.pool.chain) {
                    self.found(FindingKind::Invariant, &step, e);
                    return;
                }
                if let Some((id, expected)) = exec_expect {
                    self.report.exec_checks += 1;
                    if let Err(e) =
                        invariants::exec_recorded(&mut self.pool.chain, GOV, id, &expected)
                    {
                        self.found(FindingKind::ExecTally, &step, e);
                    }
                }
            }
        }
    }

    /// For a `pool.gov::exec` with readable data: the proposal and the
    /// tally it must record if it passes.
    fn exec_expectation(&mut self, action: &Action) -> Option<(u64, Tally)> {
        if action.account != GOV || action.name != name!("exec") {
            return None;
        }
        let data = pool_governance::actions::exec::unpack_exact(&action.data).ok()?;
        let chain = &mut self.pool.chain;
        let t = self
            .probe
            .quietly(|| invariants::expected_tally(chain, GOV, data.id))
            .flatten()?;
        Some((data.id, t))
    }

    /// Records a finding, prints it, and starts again from a fresh pool
    /// (its state can no longer be trusted).
    fn found(&mut self, kind: FindingKind, step: &Step, detail: String) {
        let f = Finding {
            kind,
            step: self.step,
            action: describe(step),
            detail,
        };
        eprintln!(
            "pool-fuzz: FINDING ({kind:?}) at step {} of seed {}\n  action: {}\n  {}\n  replay: scripts/fuzz.sh {} {} --trace {}",
            f.step,
            self.report.seed,
            f.action,
            f.detail.replace('\n', "\n  "),
            f.step,
            self.report.seed,
            f.step
        );
        self.report.findings.push(f);
        self.report.restarts += 1;
        self.pool = new_pool();
        self.producers = PRODUCERS.to_vec();
        self.digest = self.pool.chain.state_digest();
    }
}

fn new_pool() -> Pool {
    let mut pool = Pool::running(fuzz_pool_config());
    pool.create_account(STRANGER);
    pool
}

/// The step's actions with their authorizations and data (hex), and the
/// generated value.
pub fn describe(step: &Step) -> String {
    let mut out = String::new();
    for (i, a) in step.actions.iter().enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        let auth: Vec<String> = a
            .authorization
            .iter()
            .map(|p| format!("{}@{}", p.actor, p.permission))
            .collect();
        // The seed replays the step exactly; the bytes are for reading,
        // so long data is cut.
        let hex: String = a
            .data
            .iter()
            .take(160)
            .map(|b| format!("{b:02x}"))
            .collect();
        let data = match a.data.len() {
            0 => "(empty)".to_string(),
            n if n > 160 => format!("{hex}... ({n} bytes)"),
            _ => hex,
        };
        let _ = write!(
            out,
            "{}::{} [{}] data {data}",
            a.account,
            a.name,
            auth.join(", ")
        );
    }
    let _ = write!(out, " ({})", step.note);
    out
}

impl Report {
    /// Actions of the ABIs never tried by an ABI-driven step.
    pub fn untried(&self, abis: &[ContractAbi]) -> Vec<String> {
        let mut out = Vec::new();
        for a in abis {
            for (n, _) in &a.actions {
                if self
                    .by_action
                    .get(&(a.account, *n))
                    .is_none_or(|s| s.abi_tried == 0)
                {
                    out.push(format!("{}::{n}", a.account));
                }
            }
        }
        out
    }

    /// Per action, its `n` most frequent failure messages with their
    /// counts (what the contracts answered the data they were sent).
    pub fn messages(&self, n: usize) -> String {
        let mut out = String::new();
        for ((contract, action), s) in &self.by_action {
            let mut top: Vec<(&String, &u64)> = s.messages.iter().collect();
            top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let _ = writeln!(
                out,
                "{contract}::{action}: {} distinct messages",
                s.messages.len()
            );
            for (m, k) in top.into_iter().take(n) {
                let _ = writeln!(out, "  {k:>7}  {}", shorten(m, 110));
            }
        }
        out
    }

    /// The summary table: per action, ABI-driven and happy-path tries and
    /// successes, distinct failure messages and the most frequent one;
    /// then the data shapes, the checks and the findings.
    pub fn table(&self, abis: &[ContractAbi]) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<26} {:>8} {:>7} {:>8} {:>7} {:>5}  most frequent failure",
            "action", "abi", "abi ok", "happy", "hap ok", "msgs"
        );
        let mut order: Vec<(Name, Name)> = Vec::new();
        for a in abis {
            for (n, _) in &a.actions {
                order.push((a.account, *n));
            }
        }
        for k in self.by_action.keys() {
            if !order.contains(k) {
                order.push(*k);
            }
        }
        for key in order {
            let s = self.by_action.get(&key).cloned().unwrap_or_default();
            let top = s
                .messages
                .iter()
                .filter(|(m, _)| *m != OTHER_MESSAGES)
                .max_by_key(|(_, n)| **n)
                .map(|(m, n)| format!("{n}x {}", shorten(m, 60)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{:<26} {:>8} {:>7} {:>8} {:>7} {:>5}  {top}",
                format!("{}::{}", key.0, key.1),
                s.abi_tried,
                s.abi_ok,
                s.happy_tried,
                s.happy_ok,
                s.messages.len()
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "{:<22} {:>9} {:>9}", "data shape", "steps", "ok");
        for (shape, (n, ok)) in &self.by_shape {
            let _ = writeln!(out, "{shape:<22} {n:>9} {ok:>9}");
        }
        let distinct: std::collections::BTreeSet<&String> = self
            .by_action
            .values()
            .flat_map(|s| s.messages.keys())
            .collect();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "seed {}: {} steps ({} transactions, {} clock moves) in {:.1} s",
            self.seed,
            self.steps,
            self.transactions,
            self.time_steps,
            self.elapsed.as_secs_f64()
        );
        let _ = writeln!(
            out,
            "checks: invariants after {} successful steps and clock moves, state digest after {} failed transactions, {} exec tallies; {} distinct failure messages",
            self.invariant_checks,
            self.digest_checks,
            self.exec_checks,
            distinct.len()
        );
        let _ = writeln!(out, "final state: {}", self.final_state);
        let _ = writeln!(
            out,
            "repairs with pool.gov@active and other admins' keys (a fee caller or endpoint removed, a contract rewired or handed to another admin, no member in good standing, an emitter removed or left behind the pruned horizon): {}",
            self.rescues
        );
        let _ = writeln!(
            out,
            "findings: {} (restarts: {})",
            self.findings.len(),
            self.restarts
        );
        for f in &self.findings {
            let _ = writeln!(
                out,
                "  step {} {:?}: {}\n    {}",
                f.step,
                f.kind,
                shorten(&f.action, 300),
                f.detail.replace('\n', "\n    ")
            );
        }
        out
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let head: String = s.chars().take(n).collect();
        format!("{head}...")
    }
}
