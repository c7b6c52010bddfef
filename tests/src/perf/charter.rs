//! pool.charter: the constitution and arbitrators on a second charter
//! instance (publishing versions there leaves the pool's constitution
//! alone), cases on the pool's charter (the one the members contract
//! lets enforce suspensions), and the open-case limit at its cap.

use super::fixture::Pool;
use super::stats::{measure, Samples};
use super::tx::{action, hex_id, push, ram_delta};
use super::Run;
use serde_json::{json, Value};

/// Case categories and rulings (`pool_core::cases`).
const CONDUCT: u8 = 1;
const SUSPEND: u8 = 2;
const EXPEL: u8 = 4;

fn filecase(charter: &str, claimant: &str, respondent: &str, tag: usize) -> Value {
    action(
        charter,
        "filecase",
        claimant,
        json!({"claimant": claimant, "respondent": respondent, "category": CONDUCT,
               "summary_url": "https://pool.example/cases/summary.md",
               "summary_hash": hex_id(0xca5e, tag), "report_emitter": "", "report_seq": 0}),
    )
}

fn config(pool: &Pool, max_open_cases: u32) -> Value {
    json!({"governance": "", "members": pool.members_contract, "rewards": "", "fees": "",
           "appeal_window_sec": 259_200, "max_open_cases": max_open_cases,
           "grace_period_sec": 604_800})
}

pub fn run(r: &mut Run, pool: &mut Pool) {
    let chain = r.chain;
    let n = r.runs;
    assert!(
        3 * n <= pool.ranked,
        "too many runs for the charter's claimants"
    );

    // --- the constitution and arbitrators, on a second instance ----------
    let c2 = chain
        .create_accounts("ch", 1, &mut r.report.setup)
        .remove(0);
    r.code.deploy(chain, &c2, "charter");
    push(chain, &c2, "setconfig", &c2, config(pool, 100));
    let s = measure(n, |_| push(chain, &c2, "setconfig", &c2, config(pool, 100)));
    r.report
        .action("charter", "setconfig", "the same values again", s);
    let mut version_ram = Vec::new();
    let s = measure(n, |i| {
        let before = chain.ram_usage(&c2);
        let p = push(
            chain,
            &c2,
            "newversion",
            &c2,
            json!({"hash": hex_id(0xc0, i), "url": "https://pool.example/constitution/vN.md"}),
        );
        version_ram.push(chain.ram_usage(&c2) - before);
        p
    });
    r.report.action(
        "charter",
        "newversion",
        "the next version (a new hash), by the admin",
        s,
    );
    if let Some(bytes) = version_ram.get(1) {
        r.report.ram(
            "charter",
            "`versions` + `verhashes` (url of 39 bytes)",
            "`newversion`",
            "the contract",
            *bytes,
        );
    }
    let latest = hex_id(0xc0, n - 1);
    let signers = chain.create_accounts("cs", n, &mut r.report.setup);
    let s = measure(n, |i| {
        push(
            chain,
            &c2,
            "sign",
            &signers[i],
            json!({"account": signers[i], "hash": latest}),
        )
    });
    r.report
        .action("charter", "sign", "the latest version, a fresh signer", s);
    let arbitrators = chain.create_accounts("ca", n, &mut r.report.setup);
    let mut arb_ram = Vec::new();
    let s = measure(n, |i| {
        let before = chain.ram_usage(&c2);
        let p = push(
            chain,
            &c2,
            "appoint",
            &c2,
            json!({ "arbitrator": arbitrators[i] }),
        );
        arb_ram.push(chain.ram_usage(&c2) - before);
        p
    });
    r.report
        .action("charter", "appoint", "a fresh account, by the admin", s);
    if let Some(bytes) = arb_ram.get(1) {
        r.report.ram(
            "charter",
            "`arbitrators`",
            "`appoint`",
            "the contract",
            *bytes,
        );
    }
    let s = measure(n, |i| {
        push(
            chain,
            &c2,
            "unappoint",
            &c2,
            json!({ "arbitrator": arbitrators[i] }),
        )
    });
    r.report
        .action("charter", "unappoint", "an arbitrator, by the admin", s);

    // --- cases on the pool's charter -------------------------------------
    let charter = pool.charter.clone();
    let arb = chain
        .create_accounts("carb", 1, &mut r.report.setup)
        .remove(0);
    let respondent = pool.take_pending(1).remove(0);
    chain.push_batches(
        "arbitrator and respondent",
        &[
            action(&charter, "appoint", &charter, json!({ "arbitrator": arb })),
            pool.acts().approve(&respondent),
        ],
        2,
        &mut r.report.setup,
    );
    // Case ids are the previous one + 1, from 1: this driver files every
    // case of this charter.
    let mut next_id = 1u64;
    let claimants: Vec<String> = pool.members[..3 * n].to_vec();

    // Suspensions, all the way: filed, taken, ruled, appealed, upheld by
    // the admin (so that no appeal window has to pass), enforced (an
    // inline `setstatus` suspending the respondent, again and again: each
    // ruling suspends for one day more, so that each ends later than the
    // one before and is applied).
    let mut series: Vec<Samples> = vec![Samples::default(); 6];
    let mut rams: [Vec<i64>; 3] = Default::default();
    for (i, claimant) in claimants[..n].iter().enumerate() {
        let id = next_id;
        next_id += 1;
        let (file, file_ram) = ram_delta(chain, claimant, || {
            chain
                .push_actions(&[filecase(&charter, claimant, &respondent, i)])
                .unwrap_or_else(|e| panic!("filecase: {}", e.message))
        });
        let take = push(
            chain,
            &charter,
            "takecase",
            &arb,
            json!({"arbitrator": arb, "case_id": id}),
        );
        let (rule, rule_ram) = ram_delta(chain, &arb, || {
            push(
                chain,
                &charter,
                "rule",
                &arb,
                json!({"arbitrator": arb, "case_id": id, "ruling": SUSPEND,
                       "suspend_days": 1 + i, "reason_url": "https://pool.example/rulings/r.md"}),
            )
        });
        let (appeal, appeal_ram) = ram_delta(chain, claimant, || {
            push(
                chain,
                &charter,
                "appeal",
                claimant,
                json!({"party": claimant, "case_id": id,
                       "reason_url": "https://pool.example/appeals/a.md"}),
            )
        });
        let decide = push(
            chain,
            &charter,
            "decide",
            &charter,
            json!({"case_id": id, "uphold": true}),
        );
        let enforce = push(
            chain,
            &charter,
            "enforce",
            claimant,
            json!({ "case_id": id }),
        );
        let steps = [file, take, rule, appeal, decide, enforce];
        for (s, p) in series.iter_mut().zip(&steps) {
            s.add(p);
        }
        rams[0].push(file_ram);
        rams[1].push(rule_ram);
        rams[2].push(appeal_ram);
    }
    let mut it = series.into_iter();
    let mut next = || it.next().unwrap_or_default();
    r.report.action(
        "charter",
        "filecase",
        "a conduct case by a member in good standing (no fee configured)",
        next(),
    );
    r.report.action(
        "charter",
        "takecase",
        "a filed case, by an appointed arbitrator",
        next(),
    );
    r.report.action(
        "charter",
        "rule",
        "suspend for a few days (one more each run), with a reason url",
        next(),
    );
    r.report.action(
        "charter",
        "appeal",
        "the claimant, within the window",
        next(),
    );
    r.report
        .action("charter", "decide", "uphold, by the admin", next());
    r.report.action(
        "charter",
        "enforce",
        "an upheld suspension: inline `setstatus` at the members contract",
        next(),
    );
    for (k, (table, by, payer)) in [
        (
            "`cases` (summary url of 37 bytes)",
            "`filecase`",
            "the claimant",
        ),
        (
            "`rulings` (reason url of 33 bytes)",
            "`rule`",
            "the arbitrator",
        ),
        (
            "`appeals` (reason url of 33 bytes)",
            "`appeal`",
            "the appellant",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        // The second case's: the table exists then.
        if let Some(bytes) = rams[k].get(1) {
            r.report.ram("charter", table, by, payer, *bytes);
        }
    }

    // Withdrawals: filed cases withdrawn by their claimants.
    let withdrawing = &claimants[n..2 * n];
    let files: Vec<Value> = withdrawing
        .iter()
        .enumerate()
        .map(|(i, c)| filecase(&charter, c, &respondent, n + i))
        .collect();
    chain.push_batches("file", &files, 20, &mut r.report.setup);
    let first = next_id;
    next_id += n as u64;
    let s = measure(n, |i| {
        push(
            chain,
            &charter,
            "withdraw",
            &withdrawing[i],
            json!({"claimant": withdrawing[i], "case_id": first + i as u64}),
        )
    });
    r.report
        .action("charter", "withdraw", "a filed case, by its claimant", s);

    // Ratifications: expel rulings upheld on appeal, ratified by the
    // admin (never enforced: the respondent stays a member).
    let expelling = &claimants[2 * n..3 * n];
    let first = next_id;
    let cases: Vec<Value> = expelling
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let id = first + i as u64;
            [
                filecase(&charter, c, &respondent, 2 * n + i),
                action(
                    &charter,
                    "takecase",
                    &arb,
                    json!({"arbitrator": arb, "case_id": id}),
                ),
                action(
                    &charter,
                    "rule",
                    &arb,
                    json!({"arbitrator": arb, "case_id": id, "ruling": EXPEL,
                           "suspend_days": 0, "reason_url": "https://pool.example/rulings/x.md"}),
                ),
                action(
                    &charter,
                    "appeal",
                    c,
                    json!({"party": c, "case_id": id,
                           "reason_url": "https://pool.example/appeals/x.md"}),
                ),
                action(
                    &charter,
                    "decide",
                    &charter,
                    json!({"case_id": id, "uphold": true}),
                ),
            ]
        })
        .collect();
    chain.push_batches("expel cases", &cases, 25, &mut r.report.setup);
    let s = measure(n, |i| {
        push(
            chain,
            &charter,
            "ratify",
            &charter,
            json!({ "case_id": first + i as u64 }),
        )
    });
    r.report.action(
        "charter",
        "ratify",
        "an upheld expel ruling, by the admin",
        s,
    );

    // The open-case limit at its cap: on the second instance
    // (max_open_cases 100), each claimant has 99 cases waiting for a
    // ruling and files its 100th, which walks the 99 in the `byclaimant`
    // index.
    let s = measure(n, |i| {
        let c = &pool.members[i];
        let files: Vec<Value> = (0..99)
            .map(|k| filecase(&c2, c, &respondent, 10_000 + i * 100 + k))
            .collect();
        chain.push_batches("99 waiting cases", &files, 33, &mut r.report.setup);
        chain
            .push_actions(&[filecase(&c2, c, &respondent, 10_000 + i * 100 + 99)])
            .unwrap_or_else(|e| panic!("filecase at the cap: {}", e.message))
    });
    r.report.bound(
        "charter",
        "filecase",
        "max_open_cases = 100 (cap)",
        "the claimant's 100th waiting case: 99 index entries walked",
        s,
    );
}
