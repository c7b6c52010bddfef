//! pool.reward on fresh instances reading the pool's ranking and a fresh
//! metrics instance with the same short day: reward days of a few seconds
//! rolled over and claimed at 5 to 100 paid members (the curve and every
//! action), then the roll-over, sweep, audit, claim and forfeit loops at
//! their caps on days of one second.

use super::fixture::{tokens, units, Pool, SYMBOL};
use super::metrics::{entries, Emitter, Metrics};
use super::report::{thousands, Curve, CurveSeries};
use super::stats::{median_i64, Samples};
use super::tx::{action, push, ram_delta};
use super::Run;
use crate::{Chain, PushError, Pushed};
use serde_json::{json, Value};
use std::time::Duration;

/// Paid set sizes of the curve.
const PAID: [u16; 5] = [5, 10, 21, 42, 100];
/// The day (and metrics window) of the curve's instances, in seconds.
const DAY_SEC: i64 = 6;
/// The hard caps of pool_core::rewards.
const MAX_PAID: u16 = 100;
const MAX_DAYS_PER_ROLLOVER: i64 = 30;
const MAX_SWEEP: u16 = 1000;
const MAX_CLAIM_WINDOW_DAYS: i64 = 30;

struct Rewards {
    account: String,
    paid: u16,
    config: Value,
}

/// What every instance of a run shares.
struct Env<'a> {
    pool: &'a Pool,
    metrics: String,
    infra: String,
}

impl Rewards {
    #[allow(clippy::too_many_arguments)]
    fn setup(
        r: &mut Run,
        env: &Env,
        paid: u16,
        day_sec: i64,
        claim_window_sec: i64,
        max_days: i64,
        max_sweep: u16,
    ) -> Rewards {
        let chain = r.chain;
        let account = chain
            .create_accounts("rw", 1, &mut r.report.setup)
            .remove(0);
        r.code.deploy(chain, &account, "rewards");
        chain.set_inline_permission(&account, &[(&env.pool.token, "transfer")]);
        let config = json!({"governance": "", "token_contract": env.pool.token, "symbol": SYMBOL,
                            "members": env.pool.members_contract, "metrics": env.metrics,
                            // The pool's charter account signs `forfeit`.
                            "charter": env.pool.charter, "infra_account": env.infra,
                            "paid": paid, "scheduled": paid.min(21), "vote_share_bps": 6000,
                            "infra_share_bps": 500, "min_availability_bps": 5000,
                            "claim_window_sec": claim_window_sec, "day_sec": day_sec,
                            "max_days_per_rollover": max_days, "max_sweep": max_sweep});
        let rw = Rewards {
            account,
            paid,
            config,
        };
        let (_, bytes) = ram_delta(chain, &rw.account, || rw.setconfig(chain));
        if r.report.ram.iter().all(|row| row.contract != "rewards") {
            r.report.ram(
                "rewards",
                "`config` + `state` + `annual` (singletons; the annual schedule has 365 slots)",
                "the first `setconfig`",
                "the contract",
                bytes,
            );
        }
        rw
    }

    fn setconfig(&self, chain: &Chain) -> Pushed {
        push(
            chain,
            &self.account,
            "setconfig",
            &self.account,
            self.config.clone(),
        )
    }

    fn state_day(&self, chain: &Chain) -> Option<u64> {
        chain
            .table(&self.account, &self.account, "state")
            .first()
            .and_then(|s| {
                s["day"]
                    .as_u64()
                    .or_else(|| s["day"].as_str()?.parse().ok())
            })
    }

    fn try_push(
        &self,
        chain: &Chain,
        name: &str,
        actor: &str,
        data: Value,
    ) -> Result<Pushed, PushError> {
        chain.push(&self.account, name, &data, actor)
    }
}

/// Income: the issuer transfers `quantity` with `memo`.
fn income(pool: &Pool, to: &str, quantity: &str, memo: &str) -> Value {
    action(
        &pool.token,
        "transfer",
        &pool.issuer,
        json!({"from": pool.issuer, "to": to, "quantity": quantity, "memo": memo}),
    )
}

/// The metrics instance the rewards instances read: windows and days of
/// `day_sec`, quorum 1, and its emitter.
fn metrics_for(r: &mut Run, pool: &Pool, day_sec: i64) -> (Metrics, Emitter) {
    let now = r.chain.head_time();
    let genesis = now / day_sec * day_sec - day_sec;
    let m = Metrics::setup(
        r,
        &pool.members_contract,
        1,
        day_sec,
        day_sec,
        1000,
        3600,
        genesis,
    );
    let emitter = r
        .chain
        .create_accounts("re", 1, &mut r.report.setup)
        .remove(0);
    r.chain.push_batches(
        "rewards emitter",
        &[m.admin("regemitter", json!({ "emitter": emitter }))],
        1,
        &mut r.report.setup,
    );
    (m, Emitter::new(&emitter, genesis))
}

/// The emitter reports every window that has ended by `until` (Unix
/// seconds): the pool's ranked members, fully available.
fn report_until(r: &mut Run, m: &Metrics, e: &mut Emitter, pool: &Pool, until: i64) {
    let batch = entries(&pool.members[..pool.ranked], m.window_sec, 2 * m.window_sec);
    let mut reports = Vec::new();
    while e.next + m.window_sec <= until {
        reports.push(m.report(e, batch.clone()));
    }
    r.chain
        .push_batches("availability reports", &reports, 10, &mut r.report.setup);
}

/// The member allocation cap (MAX_MEMBER_ROWS) and the days that take to
/// build up.
const MAX_MEMBER_ROWS: i64 = 256;
/// Days per roll-over of the backlog instances: 16 roll-overs of 16 days
/// give exactly 256 allocations (the last one is the measured action's).
const BACKLOG_DAYS: i64 = 16;

/// What the rewards driver starts early: the infrastructure account, and
/// instances whose days (of one second) must pass while the other
/// drivers run, so that one member can hold MAX_MEMBER_ROWS allocations.
pub struct Early {
    infra: String,
    /// (claiming instance, forfeiting instance) per run.
    backlog: Vec<(Rewards, Rewards)>,
    /// Block time of their income.
    since: i64,
}

/// Starts what must age (see [`Early`]): per run two instances paying one
/// member (the top-ranked), 1-second days, at most 16 days per roll-over,
/// annual income so that every day has something to split.
pub fn start(r: &mut Run, pool: &Pool) -> Early {
    let infra = r
        .chain
        .create_accounts("ri", 1, &mut r.report.setup)
        .remove(0);
    push(
        r.chain,
        &pool.token,
        "open",
        &infra,
        json!({"owner": infra, "symbol": SYMBOL, "ram_payer": infra}),
    );
    let (m, _) = metrics_for(r, pool, 1);
    let env = Env {
        pool,
        metrics: m.account.clone(),
        infra: infra.clone(),
    };
    let window = MAX_CLAIM_WINDOW_DAYS;
    let backlog: Vec<(Rewards, Rewards)> = (0..r.runs)
        .map(|_| {
            (
                Rewards::setup(r, &env, 1, 1, window, BACKLOG_DAYS, 1),
                Rewards::setup(r, &env, 1, 1, window, BACKLOG_DAYS, 1),
            )
        })
        .collect();
    let paid_in = r
        .chain
        .push_actions(
            &backlog
                .iter()
                .flat_map(|(a, b)| [a, b])
                .map(|i| income(pool, &i.account, &tokens(1_000_000), "annual"))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_else(|e| panic!("income: {}", e.message));
    Early {
        infra,
        backlog,
        since: paid_in.block_time(),
    }
}

pub fn run(r: &mut Run, pool: &Pool, early: &Early) {
    cycles(r, pool, &early.infra);
    caps(r, pool, &early.infra);
    member_cap(r, pool, early);
}

/// How many allocations of `member` the instance holds.
fn member_allocations(chain: &Chain, rewards: &str, member: &str) -> usize {
    chain
        .http(
            "/v1/chain/get_table_rows",
            &json!({"json": true, "code": rewards, "scope": rewards, "table": "allocs",
                    "index_position": 2, "key_type": "name", "lower_bound": member,
                    "upper_bound": member, "limit": 1000}),
        )
        .map_or(0, |a| a["rows"].as_array().map_or(0, Vec::len))
}

/// `claim` and `forfeit` of MAX_MEMBER_ROWS allocations: 15 roll-overs of
/// 16 days each leave the one paid member 240 allocations, none expired
/// (the claim window is 30 days from each roll-over); the claim (or
/// forfeit) itself first rolls over the next 16 days, which gives the
/// member its 256th, and then pays (or returns) all 256.
fn member_cap(r: &mut Run, pool: &Pool, early: &Early) {
    let chain = r.chain;
    let member = &pool.members[0];
    let ready = early.since + MAX_MEMBER_ROWS + 2;
    r.log(&format!(
        "rewards: waiting {} s for the backlog's 256 days",
        (ready - chain.head_time()).max(0)
    ));
    chain.wait_until(ready, Duration::from_secs(400));
    let (mut claims, mut forfeits) = (Samples::default(), Samples::default());
    let (mut held, mut left) = (Vec::new(), Vec::new());
    for (claiming, forfeiting) in &early.backlog {
        for i in [claiming, forfeiting] {
            let rollovers: Vec<Value> = (1..MAX_MEMBER_ROWS / BACKLOG_DAYS)
                .map(|_| action(&i.account, "rollover", &pool.issuer, json!({})))
                .collect();
            // One roll-over per transaction: each closes its own 16 days.
            chain.push_batches("backlog roll-overs", &rollovers, 1, &mut r.report.setup);
            held.push(member_allocations(chain, &i.account, member));
        }
        match claiming.try_push(chain, "claim", member, json!({ "member": member })) {
            Ok(p) => claims.add(&p),
            Err(e) => claims.failures.push(e.message),
        }
        match forfeiting.try_push(chain, "forfeit", &pool.charter, json!({ "member": member })) {
            Ok(p) => forfeits.add(&p),
            Err(e) => forfeits.failures.push(e.message),
        }
        for i in [claiming, forfeiting] {
            left.push(member_allocations(chain, &i.account, member));
        }
    }
    let list = |v: &mut Vec<usize>| {
        v.sort_unstable();
        v.dedup();
        v.iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let (held, left) = (list(&mut held), list(&mut left));
    let how = format!(
        "one paid member holding {held} allocations (15 roll-overs of 16 one-second days); the action's own roll-over closes 16 more days (the instance's max_days_per_rollover), then"
    );
    r.report.bound(
        "rewards",
        "claim",
        "MAX_MEMBER_ROWS = 256 (hard cap)",
        &format!("{how} pays 256 allocations by one inline transfer ({left} left)"),
        claims,
    );
    r.report.bound(
        "rewards",
        "forfeit",
        "MAX_MEMBER_ROWS + 1 = 257 read (hard cap)",
        &format!("{how} returns all 256 to the pool ({left} left); signed by the charter account"),
        forfeits,
    );
}

/// Reward days of `DAY_SEC` seconds at each paid set size, and a sweeping
/// instance (1-second claim window).
fn cycles(r: &mut Run, pool: &Pool, infra: &str) {
    let chain = r.chain;
    let n = r.runs;
    let (m, mut emitter) = metrics_for(r, pool, DAY_SEC);
    let env = Env {
        pool,
        metrics: m.account.clone(),
        infra: infra.to_string(),
    };
    let claim_window = MAX_CLAIM_WINDOW_DAYS * DAY_SEC;
    let instances: Vec<Rewards> = PAID
        .iter()
        .map(|&p| Rewards::setup(r, &env, p, DAY_SEC, claim_window, 7, p.max(100)))
        .collect();
    let sweeper = Rewards::setup(r, &env, 21, DAY_SEC, 1, 7, 100);
    let main = instances
        .iter()
        .position(|i| i.paid == 21)
        .unwrap_or_default();
    let pusher = &pool.issuer;

    let mut rollover = vec![Samples::default(); PAID.len()];
    let mut claim = vec![Samples::default(); PAID.len()];
    let (mut rollover_ram, mut claim_ram) = (vec![Vec::new(); PAID.len()], Vec::new());
    // forfeit, infraclaim, audit, setconfig, sweep, fee income, annual income
    let mut others = vec![Samples::default(); 7];
    let mut discarded = 0;
    // Cycle 0 warms up (its roll-over may close the configuration's day
    // too); cycles 1..=n are measured.
    for cycle in 0..=n {
        let paid_in = chain
            .push_actions(
                &instances
                    .iter()
                    .chain([&sweeper])
                    .map(|i| income(pool, &i.account, &tokens(1000), "fee"))
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_else(|e| panic!("income: {}", e.message));
        let k = paid_in.block_time() / DAY_SEC;
        let fee = chain
            .push_actions(&[income(pool, &instances[main].account, &tokens(10), "fee")])
            .expect("fee income");
        let annual = chain
            .push_actions(&[income(
                pool,
                &instances[main].account,
                &tokens(365),
                "annual",
            )])
            .expect("annual income");
        let open: Vec<Option<u64>> = instances.iter().map(|i| i.state_day(chain)).collect();
        chain.wait_until((k + 1) * DAY_SEC, Duration::from_secs(3 * DAY_SEC as u64));
        report_until(r, &m, &mut emitter, pool, (k + 1) * DAY_SEC);
        let swept_at = push(chain, &sweeper.account, "rollover", pusher, json!([])).block_time();
        let mut ok = cycle > 0;
        let mut rolled = Vec::new();
        for (i, open) in instances.iter().zip(&open) {
            let (p, bytes) = ram_delta(chain, &i.account, || {
                push(chain, &i.account, "rollover", pusher, json!([]))
            });
            // Exactly one day closed: the income's, from the next one.
            ok &= *open == Some(k as u64) && p.block_time() / DAY_SEC == k + 1;
            rolled.push((p, bytes));
        }
        let mut claims = Vec::new();
        for (idx, i) in instances.iter().enumerate() {
            let paid = usize::from(i.paid);
            for rank in [0, paid / 2, paid - 1] {
                let member = &pool.members[rank];
                let (p, bytes) = ram_delta(chain, &i.account, || {
                    push(
                        chain,
                        &i.account,
                        "claim",
                        member,
                        json!({ "member": member }),
                    )
                });
                ok &= p.block_time() / DAY_SEC == k + 1;
                claims.push((idx, p, bytes));
            }
        }
        let a = &instances[main];
        let extra = [
            push(
                chain,
                &a.account,
                "forfeit",
                &pool.charter,
                json!({ "member": pool.members[5] }),
            ),
            push(
                chain,
                &a.account,
                "infraclaim",
                infra,
                json!({ "quantity": units(1) }),
            ),
            push(chain, &a.account, "audit", pusher, json!([])),
            a.setconfig(chain),
        ];
        chain.wait_until(swept_at + 2, Duration::from_secs(10));
        let sweep = push(
            chain,
            &sweeper.account,
            "sweep",
            pusher,
            json!({"max": 100}),
        );
        ok &= sweep.block_time() / DAY_SEC == k + 1
            && extra.iter().all(|p| p.block_time() / DAY_SEC == k + 1);
        if cycle == 0 {
            continue;
        }
        if !ok {
            discarded += 1;
            continue;
        }
        for (k, (p, bytes)) in rolled.iter().enumerate() {
            rollover[k].add(p);
            rollover_ram[k].push(*bytes);
        }
        for (idx, p, bytes) in &claims {
            claim[*idx].add(p);
            if *idx == main {
                claim_ram.push(*bytes);
            }
        }
        for (s, p) in others.iter_mut().zip(extra.iter().chain([&sweep])) {
            s.add(p);
        }
        others[5].add_at(&fee, &a.account, "transfer");
        others[6].add_at(&annual, &a.account, "transfer");
    }
    r.log(&format!(
        "rewards: {n} measured days, {discarded} discarded (a push fell into another day)"
    ));
    let day_note = format!("{DAY_SEC}-second days, 21 paid members");
    let [forfeit, infraclaim, audit, setconfig, sweep, fee, annual]: [Samples; 7] =
        others.try_into().unwrap_or_default();
    r.report.bound(
        "rewards",
        "transfer (notification)",
        "YEAR_DAYS = 365 (constant)",
        "income with memo `annual`: the 365-slot schedule read and written (every annual income)",
        annual.clone(),
    );
    let rows = [
        ("setconfig", "the same values again", setconfig),
        (
            "rollover",
            "closes one day: availability, paid set, split, 21 allocations and the snapshot",
            rollover[main].clone(),
        ),
        (
            "claim",
            "one allocation, by inline transfer",
            claim[main].clone(),
        ),
        (
            "sweep",
            "21 expired allocations of the day (an instance with a 1-second claim window)",
            sweep,
        ),
        (
            "forfeit",
            "a member's allocation of the day, signed by the configured charter account",
            forfeit,
        ),
        (
            "infraclaim",
            "0.0001 of the infrastructure share, by inline transfer",
            infraclaim,
        ),
        (
            "audit",
            "the conservation check, a few days of allocations",
            audit,
        ),
        (
            "transfer (notification)",
            "income of 10 tokens, memo `fee` (the contract's trace of the token transfer)",
            fee,
        ),
        (
            "transfer (notification)",
            "income of 365 tokens, memo `annual` (spread over 365 days)",
            annual,
        ),
    ];
    for (name, case, s) in rows {
        r.report
            .action("rewards", name, &format!("{case} ({day_note})"), s);
    }
    let alloc = -median_i64(&claim_ram);
    r.report.ram(
        "rewards",
        "`allocs` (one allocation with its `bymember` entry; a claim frees it)",
        "`rollover`",
        "the contract",
        alloc,
    );
    if let Some(day) = rollover_ram.last() {
        r.report.ram(
            "rewards",
            "`snapshots` (100 paid members: one day minus its 100 allocations)",
            "`rollover`",
            "the contract",
            median_i64(day) - 100 * alloc,
        );
    }
    for (k, p) in PAID.iter().enumerate() {
        r.report.ram(
            "rewards",
            &format!("one day at {p} paid members: `snapshots` + {p} `allocs`"),
            "`rollover`",
            "the contract",
            median_i64(&rollover_ram[k]),
        );
    }
    let xs: Vec<u64> = PAID.iter().map(|&p| u64::from(p)).collect();
    r.report.curves.push(Curve {
        file: "rewards-rollover-claim.png".into(),
        title: "pool.reward rollover and claim vs paid members".into(),
        x_label: "paid members (config paid)".into(),
        per: "paid member".into(),
        series: vec![
            CurveSeries {
                name: "rollover (one day)".into(),
                points: xs.iter().copied().zip(rollover).collect(),
            },
            CurveSeries {
                name: "claim (one allocation)".into(),
                points: xs.iter().copied().zip(claim).collect(),
            },
        ],
        note: format!(
            "One fresh instance per size (`scheduled` min(21, paid), 60% by votes, 5% \
             infrastructure, 50% availability minimum), all reading the pool's ranking and a \
             metrics instance with the same {DAY_SEC}-second day, whose emitter reports the 100 \
             ranked members fully available. One warm-up day, then {n} measured days \
             ({discarded} discarded: a push fell into another day); each: 1,000 tokens of income \
             to each instance, the day ends, the window is reported, `rollover` (checked to close \
             exactly that day), then `claim` by the members ranked 1, paid/2 + 1 and paid, each \
             holding that day's allocation (3 runs per day and size)."
        ),
    });
}

/// The roll-over, audit, claim, forfeit and sweep loops at their caps: 100
/// paid members, 30 days per roll-over, a 30-day claim window, 1,000
/// allocations per sweep; days of 1 second. One instance per run, all
/// driven together.
fn caps(r: &mut Run, pool: &Pool, infra: &str) {
    let chain = r.chain;
    let n = r.runs;
    let (m, mut emitter) = metrics_for(r, pool, 1);
    let env = Env {
        pool,
        metrics: m.account.clone(),
        infra: infra.to_string(),
    };
    let window = MAX_CLAIM_WINDOW_DAYS;
    let instances: Vec<Rewards> = (0..n)
        .map(|_| {
            Rewards::setup(
                r,
                &env,
                MAX_PAID,
                1,
                window,
                MAX_DAYS_PER_ROLLOVER,
                MAX_SWEEP,
            )
        })
        .collect();
    // Annual income: every day gets its part, so every day closed has
    // something to split among the 100.
    let paid_in = chain
        .push_actions(
            &instances
                .iter()
                .map(|i| income(pool, &i.account, &tokens(1_000_000), "annual"))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_else(|e| panic!("income: {}", e.message));
    let t0 = paid_in.block_time();
    let pusher = &pool.issuer;
    let mut roll = |r: &mut Run, at: i64| -> Vec<Result<Pushed, PushError>> {
        chain.wait_until(at, Duration::from_secs(120));
        report_until(r, &m, &mut emitter, pool, chain.head_time());
        instances
            .iter()
            .map(|i| i.try_push(chain, "rollover", pusher, json!([])))
            .collect()
    };
    let collect = |results: &[Result<Pushed, PushError>]| {
        let mut s = Samples::default();
        for res in results {
            match res {
                Ok(p) => s.add(p),
                Err(e) => s.failures.push(e.message.clone()),
            }
        }
        s
    };
    // A: 31 days have ended: closes 30 (3,000 allocations).
    let a = roll(r, t0 + MAX_DAYS_PER_ROLLOVER + 1);
    r.report.bound(
        "rewards",
        "rollover",
        "max_days_per_rollover = 30; paid = 100 (caps)",
        "closes 30 days: each day the availability of 100 members read, the split, 100 allocations and a snapshot of 100 (3,000 rows)",
        collect(&a),
    );
    // B: about 26 days more: 5,600 allocations, none expired yet.
    let b = roll(r, t0 + 57);
    let healthy: Vec<&Rewards> = instances
        .iter()
        .zip(a.iter().zip(&b))
        .filter(|(_, (a, b))| a.is_ok() && b.is_ok())
        .map(|(i, _)| i)
        .collect();
    let bound = |name: &str, actor: &str, data: Value| {
        let mut s = Samples::default();
        for i in &healthy {
            match i.try_push(chain, name, actor, data.clone()) {
                Ok(p) => s.add(&p),
                Err(e) => s.failures.push(e.message),
            }
        }
        s
    };
    let audit = bound("audit", pusher, json!([]));
    let rows = healthy
        .first()
        .map_or(0, |i| chain.table(&i.account, &i.account, "allocs").len());
    r.report.bound(
        "rewards",
        "audit",
        "AUDIT_MAX_ROWS = 5000 (hard cap)",
        &format!(
            "{} allocation rows (two roll-overs at the 30-day cap): 5,001 read, and the 365-slot schedule",
            thousands(rows as u64)
        ),
        audit,
    );
    // C: the first roll-over's allocations have expired; 30 more days.
    let c = roll(r, t0 + 88);
    r.report.bound(
        "rewards",
        "rollover",
        "max_sweep = 1000; max_days_per_rollover = 30; paid = 100 (caps)",
        "sweeps 1,000 expired allocations, then closes 30 days of 100 allocations each",
        collect(&c),
    );
    let healthy: Vec<&Rewards> = healthy
        .into_iter()
        .zip(&c)
        .filter(|(_, c)| c.is_ok())
        .map(|(i, _)| i)
        .collect();
    let mut s = Samples::default();
    for i in &healthy {
        match i.try_push(chain, "sweep", pusher, json!({ "max": MAX_SWEEP })) {
            Ok(p) => s.add(&p),
            Err(e) => s.failures.push(e.message),
        }
    }
    r.report.bound(
        "rewards",
        "sweep",
        "max_sweep = 1000 (cap)",
        "1,000 expired allocations returned, then (when a day has ended since) the roll-over's own sweep of up to 1,000 and that day",
        s,
    );
}
