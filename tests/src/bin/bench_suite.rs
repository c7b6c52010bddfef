//! Benchmark (not a test): CPU of the suite's heaviest actions on one
//! local nodeos in one run, at the sizes their bounds are about:
//!
//! - floor: `open` of an existing balance row at our token (an action
//!   that reads two rows and writes nothing);
//! - pool.metrics `report` with 1, 10, 50, 100 and 500 entries, in the
//!   steady state (the members' `days` rows exist) and as the first
//!   window of a day (it creates them);
//! - pool.fees `computefees` with 21 elected voters at 10 and 25
//!   endpoints, each producer voting a ratio for every endpoint and a
//!   multiplier;
//! - pool.rewards `rollover` of one day with its snapshot, and `claim` of
//!   one allocation, at 21, 42 and 100 paid members.
//!
//! Everything runs on fresh instances (a token, charter, members, metrics,
//! fees and rewards contract deployed to new accounts), so the suite's
//! own accounts are left alone. The figures are nodeos' own measurement
//! of each action (`action_traces[].elapsed`, microseconds) and the
//! billed CPU of its transaction (`receipt.cpu_usage_us`), median and
//! worst over the runs; RAM per row is the payer's `ram_usage` delta.
//!
//! `cargo run --release -p pool-onchain --bin bench_suite -- [RUNS]`
//! (default 9 runs; needs a chain: `scripts/chain.sh up &&
//! scripts/bootstrap.sh`, or `scripts/bench.sh`, which does both).

use pool_onchain::bench::{
    action, median_worst, tokens, unix_to_iso, Contracts, Pool, RamRow, Samples, SetupCost,
    ACTIONS_PER_TX, SYMBOL,
};
use pool_onchain::{Chain, Pushed};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Registered members: the disjoint member ranges of the first-window
/// case (1 + 10 + 50 + 100 + 500).
const REGISTERED: usize = 661;
/// Members with votes (ranked); the rewards benchmark pays up to 100.
const VOTED: usize = 100;
const REPORT_SIZES: [usize; 5] = [1, 10, 50, 100, 500];
/// Metrics windows of the report benchmark, and its day (UTC days).
const WINDOW_SEC: i64 = 60;
const DAY_SEC: i64 = 86_400;
/// The rewards benchmark's day (and metrics window) length, in seconds:
/// short, so that a run rolls a day over every few seconds.
const REWARDS_DAY_SEC: i64 = 6;
const PAID_SIZES: [usize; 3] = [21, 42, 100];
/// Elected producers (fees `scheduled`) and the minimum of votes.
const SCHEDULED: usize = 21;
const MIN_VOTES: u16 = 15;
/// The multiplier rate limit of pool.fees, plus a margin.
const MULTIPLIER_INTERVAL_SEC: i64 = 121;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(9);
    let t0 = Instant::now();
    let chain = Chain::get();
    let log = |what: &str| {
        eprintln!(
            "bench_suite: [{:>5.1} s] {what}",
            t0.elapsed().as_secs_f64()
        )
    };

    log(&format!(
        "fixture: {REGISTERED} registered members, {VOTED} voted"
    ));
    let code = Contracts::snapshot(
        chain,
        &["token", "charter", "members", "metrics", "fees", "rewards"],
    );
    let mut pool = Pool::setup(chain, &code, REGISTERED, VOTED);
    let mut setup = std::mem::take(&mut pool.setup);
    let mut ram: Vec<RamRow> = std::mem::take(&mut pool.ram);

    log("floor");
    let floor = floor_bench(chain, &pool, runs * 2);

    log("fees: instances and votes");
    let fee_runs = runs.min(10);
    let f10 = FeeInstance::setup(chain, &code, &pool, 10, 10, &mut setup, &mut ram);
    let mut f25 = FeeInstance::setup(chain, &code, &pool, 25, 25, &mut setup, &mut ram);
    let votes_at = f10.voted_at.max(f25.voted_at);

    log("metrics report");
    let metrics = metrics_bench(chain, &code, &pool, runs, &mut setup, &mut ram);

    log("rewards rollover and claim");
    let rewards = rewards_bench(chain, &code, &pool, runs, &mut setup);

    log("fees computefees (waiting for the multiplier rate limit if needed)");
    chain.wait_for_head_time(
        votes_at + MULTIPLIER_INTERVAL_SEC,
        Duration::from_secs(MULTIPLIER_INTERVAL_SEC as u64 + 30),
    );
    let mut fee_cases = Vec::new();
    fee_cases.push(f10.recompute(chain, &pool, 0..fee_runs));
    fee_cases.push(f25.recompute(chain, &pool, 0..fee_runs));
    f25.set_cap(chain, &pool, 10);
    fee_cases.push(f25.recompute(chain, &pool, fee_runs..2 * fee_runs));
    log("done");

    print_report(
        runs,
        &floor,
        &metrics,
        &fee_cases,
        &[&f10, &f25],
        &rewards,
        &ram,
        &setup,
        &code,
        t0.elapsed(),
    );
}

// --- floor -------------------------------------------------------------------------------

fn floor_bench(chain: &Chain, pool: &Pool, n: usize) -> Samples {
    let mut s = Samples::default();
    let data = json!({"owner": pool.issuer, "symbol": SYMBOL, "ram_payer": pool.issuer});
    for _ in 0..n {
        let p = chain
            .push(&pool.token, "open", &data, &pool.issuer)
            .unwrap_or_else(|e| panic!("open: {}", e.message));
        s.add(&p);
    }
    s
}

// --- metrics -------------------------------------------------------------------------------

struct MetricsCase {
    entries: usize,
    samples: Samples,
    /// The emitter's RAM delta per report (median).
    ram: i64,
}

struct MetricsResult {
    steady: Vec<MetricsCase>,
    first: Vec<MetricsCase>,
    first_runs: usize,
}

fn metric_entries(members: &[String], window_sec: i64, proposed: i64) -> Value {
    let slots = 2 * window_sec;
    let entries: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            // One selected block per slot at most over the window: the
            // first `slots` members get one each.
            let selected = i64::from((i as i64) < slots);
            json!({"member": m, "slots": slots, "proposed": proposed, "selected": selected,
                   "late": 0, "latency_ms": proposed * 200})
        })
        .collect();
    Value::Array(entries)
}

/// One emitter's reports: contiguous windows from `start`.
struct Reporter {
    metrics: String,
    emitter: String,
    seq: u64,
    next: i64,
    window_sec: i64,
}

impl Reporter {
    fn report(&mut self, chain: &Chain, entries: Value) -> (Pushed, i64) {
        let before = chain.ram_usage(&self.emitter);
        let data = json!({"emitter": self.emitter, "seq": self.seq,
                          "start": unix_to_iso(self.next),
                          "end": unix_to_iso(self.next + self.window_sec),
                          "entries": entries});
        let p = chain
            .push(&self.metrics, "report", &data, &self.emitter)
            .unwrap_or_else(|e| panic!("report: {}", e.message));
        self.seq += 1;
        self.next += self.window_sec;
        let delta = chain.ram_usage(&self.emitter) - before;
        (p, delta)
    }
}

fn median_i64(v: &[i64]) -> i64 {
    let mut s = v.to_vec();
    s.sort_unstable();
    s.get(s.len() / 2).copied().unwrap_or(0)
}

fn metrics_bench(
    chain: &Chain,
    code: &Contracts,
    pool: &Pool,
    runs: usize,
    setup: &mut SetupCost,
    ram: &mut Vec<RamRow>,
) -> MetricsResult {
    // One emitter per first-window run (each needs a day of its own and
    // windows are contiguous per emitter), at most 16 emitters in all.
    let first_runs = runs.min(15);
    let accounts = chain.create_accounts("bx", 2 + first_runs, setup);
    let metrics = &accounts[0];
    let steady_emitter = &accounts[1];
    let first_emitters = &accounts[2..];
    code.deploy(chain, metrics, "metrics");
    let today = chain.head_time() / DAY_SEC;
    let genesis_day = today - 20;
    let mut admin = vec![action(
        metrics,
        "setconfig",
        metrics,
        json!({"governance": "", "members": pool.members_contract, "quorum": 1,
               "window_sec": WINDOW_SEC, "day_sec": DAY_SEC, "max_batch": 1000,
               "retention_sec": 604_800, "genesis": unix_to_iso(genesis_day * DAY_SEC)}),
    )];
    for e in &accounts[1..] {
        admin.push(action(
            metrics,
            "regemitter",
            metrics,
            json!({ "emitter": e }),
        ));
    }
    chain.push_batches("metrics configuration", &admin, ACTIONS_PER_TX, setup);

    let members = &pool.members;
    let max = *REPORT_SIZES.iter().max().unwrap_or(&1);
    // Steady state: a day (after the first-window days) whose `days` rows
    // for members[..500] a first report creates; the measured reports
    // then only add into them.
    let mut steady = Reporter {
        metrics: metrics.clone(),
        emitter: steady_emitter.clone(),
        seq: 1,
        next: (genesis_day + 16) * DAY_SEC,
        window_sec: WINDOW_SEC,
    };
    steady.report(chain, metric_entries(&members[..max], WINDOW_SEC, 118));
    let mut steady_cases: Vec<MetricsCase> = REPORT_SIZES
        .iter()
        .map(|&n| MetricsCase {
            entries: n,
            samples: Samples::default(),
            ram: 0,
        })
        .collect();
    let mut steady_ram: Vec<Vec<i64>> = vec![Vec::new(); REPORT_SIZES.len()];
    for _ in 0..runs {
        for (k, &n) in REPORT_SIZES.iter().enumerate() {
            let (p, delta) = steady.report(chain, metric_entries(&members[..n], WINDOW_SEC, 118));
            steady_cases[k].samples.add(&p);
            steady_ram[k].push(delta);
        }
    }
    for (case, deltas) in steady_cases.iter_mut().zip(&steady_ram) {
        case.ram = median_i64(deltas);
    }

    // First window of a day for its members: each run on a day of its own
    // (one emitter each), the sizes on disjoint member ranges.
    let mut first_cases: Vec<MetricsCase> = REPORT_SIZES
        .iter()
        .map(|&n| MetricsCase {
            entries: n,
            samples: Samples::default(),
            ram: 0,
        })
        .collect();
    let mut first_ram: Vec<Vec<i64>> = vec![Vec::new(); REPORT_SIZES.len()];
    for (r, emitter) in first_emitters.iter().enumerate() {
        let mut rep = Reporter {
            metrics: metrics.clone(),
            emitter: emitter.clone(),
            seq: 1,
            next: (genesis_day + r as i64) * DAY_SEC,
            window_sec: WINDOW_SEC,
        };
        let mut offset = 0;
        for (k, &n) in REPORT_SIZES.iter().enumerate() {
            let (p, delta) = rep.report(
                chain,
                metric_entries(&members[offset..offset + n], WINDOW_SEC, 118),
            );
            offset += n;
            first_cases[k].samples.add(&p);
            first_ram[k].push(delta);
        }
    }
    for (case, deltas) in first_cases.iter_mut().zip(&first_ram) {
        case.ram = median_i64(deltas);
    }

    // RAM: a report with its window row; a day row per member.
    if let Some(last) = steady_cases.last() {
        ram.push(RamRow {
            row: format!(
                "metrics `reports` + `windows` ({} entries, steady state)",
                last.entries
            ),
            payer: "the emitter".into(),
            bytes: last.ram,
        });
        let first500 = first_cases.last().map_or(0, |c| c.ram);
        ram.push(RamRow {
            row: format!(
                "metrics `days` (one member, one day; ({first500} - {}) / {max}, first window vs steady)",
                last.ram
            ),
            payer: "the emitter".into(),
            bytes: (first500 - last.ram) / max as i64,
        });
    }
    MetricsResult {
        steady: steady_cases,
        first: first_cases,
        first_runs,
    }
}

// --- fees ------------------------------------------------------------------------------------

struct FeeInstance {
    account: String,
    endpoints: usize,
    cap: u16,
    /// `max_compute_per_call` of the first computation.
    first_cap: u16,
    /// Block time of the producers' multiplier votes.
    voted_at: i64,
    /// The first computation (the elected set changed: every endpoint and
    /// the bundle count are due).
    first: Vec<Pushed>,
}

struct FeeCase {
    endpoints: usize,
    cap: u16,
    /// One entry per recomputation: its `computefees` calls.
    runs: Vec<Vec<Pushed>>,
}

fn endpoint_name(i: usize) -> String {
    format!("ep.{}", (b'a' + i as u8) as char)
}

fn ratio(producer: usize, endpoint: usize) -> u64 {
    1_000_000_000 * (1 + ((producer * 7 + endpoint * 3) % 17) as u64)
}

fn multiplier(producer: usize, round: u64) -> u64 {
    1_000_000 + producer as u64 * 1000 + round
}

impl FeeInstance {
    fn setup(
        chain: &Chain,
        code: &Contracts,
        pool: &Pool,
        endpoints: usize,
        cap: u16,
        setup: &mut SetupCost,
        ram: &mut Vec<RamRow>,
    ) -> FeeInstance {
        let account = chain.create_accounts("bf", 1, setup).remove(0);
        code.deploy(chain, &account, "fees");
        let mut admin = vec![action(
            &account,
            "setconfig",
            &account,
            json!({"governance": "", "members": pool.members_contract,
                   "token_contract": pool.token, "fee_symbol": SYMBOL,
                   "rewards": pool.issuer, "scheduled": SCHEDULED, "min_votes": MIN_VOTES,
                   "max_compute_per_call": cap}),
        )];
        for e in 0..endpoints {
            admin.push(action(
                &account,
                "regendpoint",
                &account,
                json!({"endpoint": endpoint_name(e), "annual": false}),
            ));
        }
        chain.push_batches("fees configuration", &admin, ACTIONS_PER_TX, setup);

        let producers = &pool.members[..SCHEDULED];
        let ratios = |j: usize| -> Value {
            Value::Array(
                (0..endpoints)
                    .map(|e| json!([endpoint_name(e), ratio(j, e)]))
                    .collect(),
            )
        };
        let vote = |j: usize, p: &str| {
            action(
                &account,
                "setfeevote",
                p,
                json!({"producer": p, "fee_ratios": ratios(j)}),
            )
        };
        let mult = |j: usize, p: &str| {
            action(
                &account,
                "setfeemult",
                p,
                json!({"producer": p, "multiplier": multiplier(j, 0)}),
            )
        };
        let bundle = |j: usize, p: &str| {
            action(
                &account,
                "bundlevote",
                p,
                json!({"producer": p, "count": 100 + j as u64}),
            )
        };
        // The first two producers alone, for the RAM of their rows (the
        // second one's: the `feemults` table exists then).
        let mut votes = Vec::new();
        for (j, p) in producers.iter().enumerate().take(2) {
            let before = chain.ram_usage(p);
            chain
                .push_actions(&[vote(j, p)])
                .unwrap_or_else(|e| panic!("setfeevote: {}", e.message));
            let votes_ram = chain.ram_usage(p) - before;
            let before = chain.ram_usage(p);
            chain
                .push_actions(&[mult(j, p)])
                .unwrap_or_else(|e| panic!("setfeemult: {}", e.message));
            let mult_ram = chain.ram_usage(p) - before;
            votes.push(bundle(j, p));
            if j == 1 {
                ram.push(RamRow {
                    row: format!(
                        "fees `feevotes`: one producer's ratios for {endpoints} endpoints ({endpoints} rows and its scope's table)"
                    ),
                    payer: "the producer".into(),
                    bytes: votes_ram,
                });
                let row = RamRow {
                    row: "fees `feemults`".into(),
                    payer: "the producer".into(),
                    bytes: mult_ram,
                };
                if !ram.iter().any(|r| r.row == row.row) {
                    ram.push(row);
                }
            }
        }
        for (j, p) in producers.iter().enumerate().skip(2) {
            votes.extend([vote(j, p), mult(j, p), bundle(j, p)]);
        }
        // 7 producers (21 votes, each electing the voters) per transaction.
        chain.push_batches("fee votes", &votes, 21, setup);
        let voted_at = chain.head_time() + 1;
        let first = compute_all(chain, &account, &pool.issuer);
        FeeInstance {
            account,
            endpoints,
            cap,
            first_cap: cap,
            voted_at,
            first,
        }
    }

    fn set_cap(&mut self, chain: &Chain, pool: &Pool, cap: u16) {
        // `max_compute_per_call` alone marks nothing pending.
        chain
            .push(
                &self.account,
                "setconfig",
                &json!({"governance": "", "members": pool.members_contract,
                        "token_contract": pool.token, "fee_symbol": SYMBOL,
                        "rewards": pool.issuer, "scheduled": SCHEDULED, "min_votes": MIN_VOTES,
                        "max_compute_per_call": cap}),
                &self.account,
            )
            .unwrap_or_else(|e| panic!("fees setconfig: {}", e.message));
        self.cap = cap;
    }

    /// One recomputation per producer in `producers`: the producer votes a
    /// new multiplier (which marks every endpoint it has a ratio for, here
    /// all), then `computefees` until nothing is due.
    fn recompute(&self, chain: &Chain, pool: &Pool, producers: std::ops::Range<usize>) -> FeeCase {
        let mut runs = Vec::new();
        for j in producers {
            let p = &pool.members[j % SCHEDULED];
            chain
                .push(
                    &self.account,
                    "setfeemult",
                    &json!({"producer": p, "multiplier": multiplier(j % SCHEDULED, 1 + j as u64)}),
                    p,
                )
                .unwrap_or_else(|e| panic!("setfeemult: {}", e.message));
            runs.push(compute_all(chain, &self.account, &pool.issuer));
        }
        FeeCase {
            endpoints: self.endpoints,
            cap: self.cap,
            runs,
        }
    }
}

/// `computefees` until `no fees to compute`; the successful calls.
fn compute_all(chain: &Chain, fees: &str, pusher: &str) -> Vec<Pushed> {
    let mut calls = Vec::new();
    loop {
        match chain.push(fees, "computefees", &json!([]), pusher) {
            Ok(p) => calls.push(p),
            Err(e) if e.message.contains("no fees to compute") => break,
            Err(e) => panic!("computefees: {}", e.message),
        }
        assert!(calls.len() <= 60, "computefees never finishes");
    }
    calls
}

// --- rewards ---------------------------------------------------------------------------------

struct RewardsCase {
    paid: usize,
    rollover: Samples,
    claim: Samples,
    rollover_ram: Vec<i64>,
    claim_ram: Vec<i64>,
    allocations: usize,
}

struct RewardsResult {
    cases: Vec<RewardsCase>,
    cycles: usize,
    discarded: usize,
}

fn state_day(chain: &Chain, rewards: &str) -> Option<u64> {
    chain
        .table(rewards, rewards, "state")
        .first()
        .and_then(|s| {
            s["day"]
                .as_u64()
                .or_else(|| s["day"].as_str()?.parse().ok())
        })
}

fn rewards_bench(
    chain: &Chain,
    code: &Contracts,
    pool: &Pool,
    runs: usize,
    setup: &mut SetupCost,
) -> RewardsResult {
    let d = REWARDS_DAY_SEC;
    let accounts = chain.create_accounts("br", 4 + PAID_SIZES.len(), setup);
    let (metrics, emitter, infra, pusher) =
        (&accounts[0], &accounts[1], &accounts[2], &accounts[3]);
    let instances = &accounts[4..];
    code.deploy(chain, metrics, "metrics");
    let genesis = chain.head_time() / d * d;
    let mut admin = vec![
        action(
            metrics,
            "setconfig",
            metrics,
            json!({"governance": "", "members": pool.members_contract, "quorum": 1,
                   "window_sec": d, "day_sec": d, "max_batch": 1000,
                   "retention_sec": 604_800, "genesis": unix_to_iso(genesis)}),
        ),
        action(
            metrics,
            "regemitter",
            metrics,
            json!({ "emitter": emitter }),
        ),
    ];
    for (r, &paid) in instances.iter().zip(&PAID_SIZES) {
        code.deploy(chain, r, "rewards");
        chain.set_inline_permission(r, &[(&pool.token, "transfer")]);
        admin.push(action(
            r,
            "setconfig",
            r,
            json!({"governance": "", "token_contract": pool.token, "symbol": SYMBOL,
                   "members": pool.members_contract, "metrics": metrics,
                   "charter": pool.charter, "infra_account": infra, "paid": paid,
                   "scheduled": paid.min(SCHEDULED), "vote_share_bps": 6000,
                   "infra_share_bps": 500, "min_availability_bps": 5000,
                   // No allocation expires during the run: each measured
                   // rollover closes one day and sweeps nothing.
                   "claim_window_sec": 30 * d, "day_sec": d,
                   "max_days_per_rollover": 7, "max_sweep": paid.max(100)}),
        ));
    }
    // The metrics configuration first: rewards checks its day length.
    chain.push_batches("rewards configuration", &admin[..2], ACTIONS_PER_TX, setup);
    chain.push_batches("rewards configuration", &admin[2..], ACTIONS_PER_TX, setup);

    let reported = &pool.members[..*PAID_SIZES.iter().max().unwrap_or(&1)];
    let mut rep = Reporter {
        metrics: metrics.clone(),
        emitter: emitter.clone(),
        seq: 1,
        next: 0,
        window_sec: d,
    };
    let mut cases: Vec<RewardsCase> = PAID_SIZES
        .iter()
        .map(|&paid| RewardsCase {
            paid,
            rollover: Samples::default(),
            claim: Samples::default(),
            rollover_ram: Vec::new(),
            claim_ram: Vec::new(),
            allocations: 0,
        })
        .collect();
    let mut discarded = 0;
    // Cycle 0 warms up (its rollover may close the configuration's day
    // too); cycles 1..=runs are measured.
    for cycle in 0..=runs {
        let income: Vec<Value> = instances
            .iter()
            .map(|r| {
                action(
                    &pool.token,
                    "transfer",
                    &pool.issuer,
                    json!({"from": pool.issuer, "to": r, "quantity": tokens(1000), "memo": "fee"}),
                )
            })
            .collect();
        let paid_in = chain
            .push_actions(&income)
            .unwrap_or_else(|e| panic!("income: {}", e.message));
        let k = paid_in.block_time() / d;
        if rep.next == 0 {
            rep.next = k * d;
        }
        let open_days: Vec<Option<u64>> = instances.iter().map(|r| state_day(chain, r)).collect();
        chain.wait_for_head_time((k + 1) * d, Duration::from_secs(3 * d as u64));
        // The emitter reports every window up to day k (normally just k):
        // all reported members fully available.
        while rep.next <= k * d {
            rep.report(chain, metric_entries(reported, d, 2 * d));
        }
        let mut ok = cycle > 0;
        let mut rollovers = Vec::new();
        for (r, open) in instances.iter().zip(&open_days) {
            let before = chain.ram_usage(r);
            let p = chain
                .push(r, "rollover", &json!([]), pusher)
                .unwrap_or_else(|e| panic!("rollover: {}", e.message));
            let delta = chain.ram_usage(r) - before;
            // Exactly one day closed: the income's day, from the next one.
            ok &= *open == Some(k as u64) && p.block_time() / d == k + 1;
            rollovers.push((p, delta));
        }
        let mut claims = Vec::new();
        for (r, &paid) in instances.iter().zip(&PAID_SIZES) {
            for rank in [0, paid / 2, paid - 1] {
                let m = &pool.members[rank];
                let before = chain.ram_usage(r);
                let p = chain
                    .push(r, "claim", &json!({ "member": m }), m)
                    .unwrap_or_else(|e| panic!("claim: {}", e.message));
                let delta = chain.ram_usage(r) - before;
                // Claimed in the day the rollover opened: no rollover inside.
                ok &= p.block_time() / d == k + 1;
                claims.push((paid, p, delta));
            }
        }
        if cycle == 0 {
            continue;
        }
        if !ok {
            discarded += 1;
            continue;
        }
        for (case, (p, delta)) in cases.iter_mut().zip(&rollovers) {
            case.rollover.add(p);
            case.rollover_ram.push(*delta);
        }
        for (paid, p, delta) in &claims {
            if let Some(case) = cases.iter_mut().find(|c| c.paid == *paid) {
                case.claim.add(p);
                case.claim_ram.push(*delta);
            }
        }
    }
    for (case, r) in cases.iter_mut().zip(instances) {
        case.allocations = chain.table(r, r, "allocs").len();
    }
    RewardsResult {
        cases,
        cycles: runs,
        discarded,
    }
}

// --- output ----------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn print_report(
    runs: usize,
    floor: &Samples,
    metrics: &MetricsResult,
    fee_cases: &[FeeCase],
    fee_instances: &[&FeeInstance],
    rewards: &RewardsResult,
    ram: &[RamRow],
    setup: &SetupCost,
    code: &Contracts,
    took: Duration,
) {
    println!("### Floor");
    println!();
    println!("| action | runs | action median (us) | action worst (us) | billed median (us) | billed worst (us) |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| token `open` of an existing row (reads 2 rows, writes none) | {} | {} | {} |",
        floor.runs(),
        floor.action_cols(),
        floor.billed_cols()
    );
    println!();

    println!("### pool.metrics `report`");
    println!();
    println!("| entries | case | runs | action median (us) | action worst (us) | billed median (us) | billed worst (us) | net (bytes) | emitter RAM (bytes) |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (label, cases) in [
        ("steady: adds into existing `days` rows", &metrics.steady),
        (
            "first window of the day: creates the `days` rows",
            &metrics.first,
        ),
    ] {
        for c in cases.iter() {
            println!(
                "| {} | {label} | {} | {} | {} | {} | {} |",
                c.entries,
                c.samples.runs(),
                c.samples.action_cols(),
                c.samples.billed_cols(),
                c.samples.net_max(),
                c.ram
            );
        }
    }
    println!();
    println!(
        "quorum 1 (every report finalizes its window); window 60 s; max_batch 1000; {} steady runs per size, interleaved; {} first-window runs (one emitter and one day each).",
        runs, metrics.first_runs
    );
    println!();

    println!("### pool.fees `computefees` (21 elected voters, min_votes {MIN_VOTES})");
    println!();
    println!("| endpoints | max_compute_per_call | case | calls | runs | per call median (us) | per call worst (us) | all calls median (us) | all calls worst (us) | billed per call median (us) | billed per call worst (us) |");
    println!("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for inst in fee_instances {
        let calls: Vec<u64> = inst.first.iter().map(|p| p.action_elapsed_us()).collect();
        let billed: Vec<u64> = inst.first.iter().map(|p| p.billed_cpu_us()).collect();
        let (m, w) = median_worst(&calls);
        let (bm, bw) = median_worst(&billed);
        let sum: u64 = calls.iter().sum();
        println!(
            "| {} | {} | first computation (elected set new: all endpoints + bundle) | {} ({}) | 1 | {m} | {w} | {sum} | {sum} | {bm} | {bw} |",
            inst.endpoints,
            inst.first_cap,
            inst.first.len(),
            calls.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" + "),
        );
    }
    for case in fee_cases {
        let mut per_call = Vec::new();
        let mut billed = Vec::new();
        let mut sums = Vec::new();
        let mut counts: Vec<usize> = Vec::new();
        for run in &case.runs {
            per_call.extend(run.iter().map(|p| p.action_elapsed_us()));
            billed.extend(run.iter().map(|p| p.billed_cpu_us()));
            sums.push(run.iter().map(|p| p.action_elapsed_us()).sum::<u64>());
            if !counts.contains(&run.len()) {
                counts.push(run.len());
            }
        }
        let (m, w) = median_worst(&per_call);
        let (sm, sw) = median_worst(&sums);
        let (bm, bw) = median_worst(&billed);
        println!(
            "| {} | {} | one producer's new multiplier (all endpoints pending) | {} | {} | {m} | {w} | {sm} | {sw} | {bm} | {bw} |",
            case.endpoints,
            case.cap,
            counts.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
            case.runs.len()
        );
    }
    println!();

    println!(
        "### pool.rewards `rollover` and `claim` (day_sec {REWARDS_DAY_SEC}, paid members all fully available)"
    );
    println!();
    println!("| paid members | action | runs | action median (us) | action worst (us) | all traces median (us) | all traces worst (us) | billed median (us) | billed worst (us) | contract RAM delta (bytes) |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for c in &rewards.cases {
        println!(
            "| {} | `rollover` (closes one day: snapshot + {} allocations) | {} | {} | {} | {} | {} |",
            c.paid,
            c.paid,
            c.rollover.runs(),
            c.rollover.action_cols(),
            c.rollover.total_cols(),
            c.rollover.billed_cols(),
            median_i64(&c.rollover_ram)
        );
    }
    for c in &rewards.cases {
        println!(
            "| {} | `claim` of one allocation (+ inline transfer) | {} | {} | {} | {} | {} |",
            c.paid,
            c.claim.runs(),
            c.claim.action_cols(),
            c.claim.total_cols(),
            c.claim.billed_cols(),
            median_i64(&c.claim_ram)
        );
    }
    println!();
    println!(
        "{} measured days ({} discarded: a push fell into the wrong day); claims by ranks 1, paid/2+1 and paid, each holding exactly one allocation; allocation rows left at the end: {}.",
        rewards.cycles,
        rewards.discarded,
        rewards
            .cases
            .iter()
            .map(|c| format!("{} (paid {})", c.allocations, c.paid))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();

    println!("### RAM per row");
    println!();
    println!("| row | paid by | bytes |");
    println!("|---|---|---:|");
    for r in ram {
        println!("| {} | {} | {} |", r.row, r.payer, r.bytes);
    }
    if let Some(c) = rewards.cases.first() {
        println!(
            "| rewards `allocs` (one allocation with its `bymember` entry, freed by a claim) | the contract | {} |",
            -median_i64(&c.claim_ram)
        );
    }
    for c in &rewards.cases {
        let delta = median_i64(&c.rollover_ram);
        println!(
            "| rewards one day at {} paid members (snapshot + {} `allocs`) | the contract | {delta} |",
            c.paid, c.paid
        );
    }
    println!();
    println!(
        "Set-up: {} transactions, {} actions, at most {} actions and {} us billed CPU per transaction. Run time {:.0} s.",
        setup.transactions,
        setup.actions,
        setup.max_actions_in_tx,
        setup.max_billed_us,
        took.as_secs_f64()
    );
    println!(
        "Wasm deployed (bytes): {}.",
        ["token", "charter", "members", "metrics", "fees", "rewards"]
            .iter()
            .map(|n| format!("{n} {}", code.size(n)))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
