//! pool.fees on fresh instances reading the pool's ranking: one like the
//! bootstrap's (21 elected voters, 10 endpoints, 10 fees per call) for
//! every action, and two with 50 endpoints (the cap) voted by 21 and by 42
//! elected producers (the cap) for the loops at their bounds and the
//! `computefees` curve.

use super::fixture::{tokens, units, Pool, SYMBOL};
use super::report::{Curve, CurveSeries};
use super::stats::{measure, Samples};
use super::tx::{action, push, ram_delta};
use super::Run;
use serde_json::{json, Value};

/// The `computefees` curve: fees computed per call.
const PER_CALL: [u16; 7] = [1, 2, 5, 10, 15, 20, 25];
/// The hard caps of pool_core::fees.
const MAX_ENDPOINTS: usize = 50;
const MAX_SCHEDULED: usize = 42;

fn endpoint(prefix: &str, i: usize) -> String {
    let a = (b'a' + (i / 26) as u8) as char;
    let b = (b'a' + (i % 26) as u8) as char;
    format!("{prefix}.{a}{b}")
}

/// A producer's ratio for an endpoint: distinct small values, so that
/// every fee is a real median and a few tokens at most.
fn ratio(producer: usize, endpoint: usize) -> u64 {
    1000 * (1 + ((producer * 7 + endpoint * 3) % 17) as u64)
}

struct Fees {
    account: String,
    scheduled: u16,
    min_votes: u16,
    cap: u16,
    endpoints: Vec<String>,
}

impl Fees {
    fn config(&self, pool: &Pool) -> Value {
        json!({"governance": "", "members": pool.members_contract, "token_contract": pool.token,
               "fee_symbol": SYMBOL, "rewards": pool.issuer, "scheduled": self.scheduled,
               "min_votes": self.min_votes, "max_compute_per_call": self.cap})
    }

    fn setconfig(&self, r: &Run, pool: &Pool) -> crate::Pushed {
        push(
            r.chain,
            &self.account,
            "setconfig",
            &self.account,
            self.config(pool),
        )
    }

    /// A fresh instance with `endpoints` endpoints named `prefix.xx`.
    fn setup(
        r: &mut Run,
        pool: &Pool,
        scheduled: u16,
        cap: u16,
        endpoints: usize,
        prefix: &str,
    ) -> Fees {
        let chain = r.chain;
        let account = chain
            .create_accounts("fe", 1, &mut r.report.setup)
            .remove(0);
        r.code.deploy(chain, &account, "fees");
        let f = Fees {
            account,
            scheduled,
            min_votes: 15,
            cap,
            endpoints: (0..endpoints).map(|i| endpoint(prefix, i)).collect(),
        };
        let (_, bytes) = ram_delta(chain, &f.account, || f.setconfig(r, pool));
        if r.report.ram.iter().all(|row| row.contract != "fees") {
            r.report.ram(
                "fees",
                "`config` + `state` (singletons)",
                "the first `setconfig`",
                "the contract",
                bytes,
            );
        }
        let regs: Vec<Value> = f
            .endpoints
            .iter()
            .map(|e| {
                action(
                    &f.account,
                    "regendpoint",
                    &f.account,
                    json!({"endpoint": e, "annual": false}),
                )
            })
            .collect();
        chain.push_batches("endpoints", &regs, 50, &mut r.report.setup);
        f
    }

    fn setfeevote(&self, pool: &Pool, j: usize) -> Value {
        let p = &pool.members[j];
        let ratios: Vec<Value> = (0..self.endpoints.len())
            .map(|e| json!([self.endpoints[e], ratio(j, e)]))
            .collect();
        action(
            &self.account,
            "setfeevote",
            p,
            json!({"producer": p, "fee_ratios": ratios}),
        )
    }

    fn setfeemult(&self, pool: &Pool, j: usize) -> Value {
        let p = &pool.members[j];
        action(
            &self.account,
            "setfeemult",
            p,
            json!({"producer": p, "multiplier": 1_000_000 + j as u64 * 1000}),
        )
    }

    fn bundlevote(&self, pool: &Pool, j: usize) -> Value {
        let p = &pool.members[j];
        // No bundled free calls: every charge is paid from the deposit.
        action(
            &self.account,
            "bundlevote",
            p,
            json!({"producer": p, "count": 0}),
        )
    }

    /// `computefees` until nothing is due.
    fn drain(&self, r: &Run, pusher: &str) {
        for _ in 0..60 {
            match r
                .chain
                .push(&self.account, "computefees", &json!([]), pusher)
            {
                Ok(_) => {}
                Err(e) if e.message == "no fees to compute" => return,
                Err(e) => panic!("computefees: {}", e.message),
            }
        }
        panic!("computefees never finishes");
    }
}

fn computefees(r: &Run, f: &Fees, pusher: &str) -> crate::Pushed {
    push(r.chain, &f.account, "computefees", pusher, json!([]))
}

pub fn run(r: &mut Run, pool: &Pool) {
    let chain = r.chain;
    let n = r.runs;
    let pusher = pool.issuer.clone();

    // --- the typical instance --------------------------------------------
    let mut f = Fees::setup(r, pool, 21, 10, 10, "ep");
    chain.set_inline_permission(&f.account, &[(&pool.token, "transfer")]);
    let s = measure(n, |_| f.setconfig(r, pool));
    r.report
        .action("fees", "setconfig", "the same values again", s);

    let callers = chain.create_accounts("fc", n, &mut r.report.setup);
    let mut ram = Vec::new();
    let s = measure(n, |i| {
        let (p, bytes) = ram_delta(chain, &f.account, || {
            push(
                chain,
                &f.account,
                "addcaller",
                &f.account,
                json!({ "contract": callers[i] }),
            )
        });
        ram.push(bytes);
        p
    });
    r.report
        .action("fees", "addcaller", "a fresh account, by the admin", s);
    if let Some(b) = ram.get(1) {
        r.report
            .ram("fees", "`callers`", "`addcaller`", "the contract", *b);
    }
    let s = measure(n, |i| {
        push(
            chain,
            &f.account,
            "rmcaller",
            &f.account,
            json!({ "contract": callers[i] }),
        )
    });
    r.report
        .action("fees", "rmcaller", "a registered caller, by the admin", s);
    let mut ram = Vec::new();
    let s = measure(n, |i| {
        let (p, bytes) = ram_delta(chain, &f.account, || {
            push(
                chain,
                &f.account,
                "regendpoint",
                &f.account,
                json!({"endpoint": endpoint("ex", i), "annual": false}),
            )
        });
        ram.push(bytes);
        p
    });
    r.report.action(
        "fees",
        "regendpoint",
        "a new endpoint (10 registered before), by the admin",
        s,
    );
    if let Some(b) = ram.get(1) {
        r.report
            .ram("fees", "`endpoints`", "`regendpoint`", "the contract", *b);
    }
    let s = measure(n, |i| {
        push(
            chain,
            &f.account,
            "rmendpoint",
            &f.account,
            json!({ "endpoint": endpoint("ex", i) }),
        )
    });
    r.report
        .action("fees", "rmendpoint", "an endpoint, by the admin", s);

    // Each elected producer votes once (the rate limits allow one vote per
    // endpoint per hour): ratios for the 10 endpoints, a multiplier, a
    // bundle count.
    let voters = usize::from(f.scheduled);
    let mut rams: [Vec<i64>; 3] = Default::default();
    let mut series: [Samples; 3] = Default::default();
    for j in 0..voters {
        let p = &pool.members[j];
        for (k, act) in [
            f.setfeevote(pool, j),
            f.setfeemult(pool, j),
            f.bundlevote(pool, j),
        ]
        .into_iter()
        .enumerate()
        {
            let (pushed, bytes) = ram_delta(chain, p, || {
                chain
                    .push_actions(&[act])
                    .unwrap_or_else(|e| panic!("fee vote: {}", e.message))
            });
            series[k].add(&pushed);
            rams[k].push(bytes);
        }
    }
    let [votes, mults, bundles] = series;
    r.report.action(
        "fees",
        "setfeevote",
        "an elected producer's first ratios for the 10 endpoints (21 elected)",
        votes,
    );
    r.report.action(
        "fees",
        "setfeemult",
        "an elected producer's first multiplier (10 endpoints voted)",
        mults,
    );
    r.report.action(
        "fees",
        "bundlevote",
        "an elected producer's first bundle count",
        bundles,
    );
    if let (Some(v), Some(m), Some(b)) = (rams[0].first(), rams[1].get(1), rams[2].get(1)) {
        r.report.ram(
            "fees",
            "`feevotes`: one producer's ratios for 10 endpoints (10 rows in its own scope, with the table's entry)",
            "`setfeevote`",
            "the producer",
            *v,
        );
        r.report
            .ram("fees", "`feemults`", "`setfeemult`", "the producer", *m);
        r.report
            .ram("fees", "`bundlevotes`", "`bundlevote`", "the producer", *b);
    }

    // Recomputation: a change of min_votes marks every fee due; the first
    // call computes the bundle count and 9 endpoints (10 per call).
    let mut toggles = Samples::default();
    let s = measure(n, |_| {
        f.min_votes = if f.min_votes == 15 { 16 } else { 15 };
        toggles.add(&f.setconfig(r, pool));
        computefees(r, &f, &pusher)
    });
    r.report.action(
        "fees",
        "setconfig",
        "min_votes changed: every fee marked due (10 endpoints)",
        toggles,
    );
    r.report.action(
        "fees",
        "computefees",
        "the bundle count and 9 endpoints due (10 per call), medians of 21 voters",
        s,
    );
    f.drain(r, &pusher);

    // Deposits and charges.
    let payers = chain.create_accounts("fp", n, &mut r.report.setup);
    let acts = pool.acts();
    let funding: Vec<Value> = payers.iter().map(|p| acts.fund(p, &tokens(20))).collect();
    chain.push_batches("fund payers", &funding, 40, &mut r.report.setup);
    let mut ram = Vec::new();
    let s = measure(n, |i| {
        let (p, bytes) = ram_delta(chain, &payers[i], || {
            push(
                chain,
                &f.account,
                "opendeposit",
                &payers[i],
                json!({ "owner": payers[i] }),
            )
        });
        ram.push(bytes);
        p
    });
    r.report.action(
        "fees",
        "opendeposit",
        "a fresh payer's deposit and bundle rows",
        s,
    );
    if let Some(b) = ram.get(1) {
        r.report.ram(
            "fees",
            "`deposits` + `bundles`",
            "`opendeposit`",
            "the owner",
            *b,
        );
    }
    let mut s = Samples::default();
    for p in &payers {
        let pushed = push(
            chain,
            &pool.token,
            "transfer",
            p,
            json!({"from": p, "to": f.account, "quantity": tokens(10), "memo": "deposit"}),
        );
        s.add_at(&pushed, &f.account, "transfer");
    }
    r.report.action(
        "fees",
        "transfer (notification)",
        "a deposit of 10 tokens (the contract's trace of the token transfer)",
        s,
    );
    let caller = chain
        .create_accounts("fk", 1, &mut r.report.setup)
        .remove(0);
    push(
        chain,
        &f.account,
        "addcaller",
        &f.account,
        json!({ "contract": caller }),
    );
    let charged = f.endpoints[0].clone();
    let s = measure(n, |i| {
        push(
            chain,
            &f.account,
            "charge",
            &caller,
            json!({"caller": caller, "payer": payers[i], "endpoint": charged}),
        )
    });
    r.report.action(
        "fees",
        "charge",
        "a non-zero fee from a deposit, no bundled call left: inline transfer to rewards",
        s,
    );
    let s = measure(n, |i| {
        push(
            chain,
            &f.account,
            "withdraw",
            &payers[i],
            json!({"owner": payers[i], "quantity": units(1)}),
        )
    });
    r.report.action(
        "fees",
        "withdraw",
        "0.0001 of a deposit, by inline transfer",
        s,
    );

    // --- 50 endpoints, 21 and 42 elected voters --------------------------
    let mut curve = Vec::new();
    for scheduled in [21u16, MAX_SCHEDULED as u16] {
        let mut f = Fees::setup(r, pool, scheduled, 25, MAX_ENDPOINTS - 1, "eb");
        let at_cap = usize::from(scheduled) == MAX_SCHEDULED;
        if at_cap {
            // The 50th endpoint, registered again and again: the count of
            // the registered ones walks 49 rows.
            let last = endpoint("eb", MAX_ENDPOINTS - 1);
            let s = measure(n, |i| {
                if i > 0 {
                    push(
                        chain,
                        &f.account,
                        "rmendpoint",
                        &f.account,
                        json!({ "endpoint": last }),
                    );
                }
                push(
                    chain,
                    &f.account,
                    "regendpoint",
                    &f.account,
                    json!({"endpoint": last, "annual": false}),
                )
            });
            r.report.bound(
                "fees",
                "regendpoint",
                "MAX_ENDPOINTS = 50 (hard cap)",
                "the 50th endpoint: 49 registered rows counted",
                s,
            );
        } else {
            push(
                chain,
                &f.account,
                "regendpoint",
                &f.account,
                json!({"endpoint": endpoint("eb", MAX_ENDPOINTS - 1), "annual": false}),
            );
        }
        f.endpoints.push(endpoint("eb", MAX_ENDPOINTS - 1));
        let mut series: [Samples; 3] = Default::default();
        for j in 0..usize::from(scheduled) {
            for (k, act) in [
                f.setfeevote(pool, j),
                f.setfeemult(pool, j),
                f.bundlevote(pool, j),
            ]
            .into_iter()
            .enumerate()
            {
                let p = chain
                    .push_actions(&[act])
                    .unwrap_or_else(|e| panic!("fee vote: {}", e.message));
                series[k].add(&p);
            }
        }
        if at_cap {
            let [votes, mults, bundles] = series;
            r.report.bound(
                "fees",
                "bundlevote",
                "scheduled = 42 (cap)",
                "an elected producer's first bundle count: the elected set (84 ranking entries, 42 standings)",
                bundles,
            );
            r.report.bound(
                "fees",
                "setfeevote",
                "MAX_ENDPOINTS = 50; scheduled = 42 (caps)",
                "an elected producer's first ratios for all 50 endpoints: the elected set (84 ranking entries) and 50 rows",
                votes,
            );
            r.report.bound(
                "fees",
                "setfeemult",
                "MAX_ENDPOINTS = 50; scheduled = 42",
                "an elected producer's first multiplier, 50 endpoints voted: 50 endpoints walked",
                mults,
            );
        }
        f.drain(r, &pusher);
        let mut points = Vec::new();
        for &cap in &PER_CALL {
            f.cap = cap;
            let mut toggles = Samples::default();
            let s = measure(n, |_| {
                f.min_votes = if f.min_votes == 15 { 16 } else { 15 };
                toggles.add(&f.setconfig(r, pool));
                // The bundle count and cap - 1 endpoints.
                computefees(r, &f, &pusher);
                // `cap` endpoints: at least 50 - (cap - 1) are due.
                computefees(r, &f, &pusher)
            });
            if at_cap && cap == 25 {
                r.report.bound(
                    "fees",
                    "setconfig",
                    "MAX_ENDPOINTS = 50",
                    "min_votes changed: 50 endpoints marked due",
                    toggles,
                );
                r.report.bound(
                    "fees",
                    "computefees",
                    "MAX_COMPUTE_PER_CALL = 25; scheduled = 42; 50 endpoints (caps)",
                    "25 endpoints due, each the median of 42 voters' fees: the elected set, 42 multipliers, 25 x 42 ratios",
                    s.clone(),
                );
            }
            points.push((u64::from(cap), s));
        }
        curve.push(CurveSeries {
            name: format!("{scheduled} elected voters"),
            points,
        });
    }
    r.report.curves.push(Curve {
        file: "fees-computefees.png".into(),
        title: "pool.fees computefees vs fees computed per call".into(),
        x_label: "endpoints computed in the call (max_compute_per_call)".into(),
        per: "endpoint".into(),
        series: curve,
        note: format!(
            "Two instances with 50 endpoints, every elected producer voting a ratio for each and a \
             multiplier (21 elected, the bootstrap's value, and 42, the cap). For each \
             `max_compute_per_call` value a `setconfig` changes `min_votes`, which marks every fee \
             due; the first call computes the bundle count and cap - 1 endpoints, the second one \
             (measured) `cap` endpoints. {n} runs per point."
        ),
    });
}
