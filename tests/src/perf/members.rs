//! pool.member on the pool fixture: registration and status changes on
//! fresh accounts or fixture members not used elsewhere, staking and votes
//! by fresh holders, and the vote loops at their bound (30 producers).

use super::fixture::{member_url, tokens, units, Pool, SYMBOL};
use super::stats::{measure, Samples};
use super::tx::push;
use super::Run;
use crate::unix_to_iso;
use crate::DEV_PUBLIC_KEY;
use serde_json::{json, Value};
use std::time::Duration;

pub fn run(r: &mut Run, pool: &mut Pool) {
    let chain = r.chain;
    let n = r.runs;
    let mc = pool.members_contract.clone();
    let acts = pool.acts();

    let config = json!({"governance": "", "token_contract": pool.token, "stake_symbol": SYMBOL,
                        "charter": pool.charter, "fees": "", "auto_approve": false,
                        "refund_delay_sec": 0});
    let s = measure(n, |_| push(chain, &mc, "setconfig", &mc, config.clone()));
    r.report.action(
        "members",
        "setconfig",
        "the same values again (stake rows exist)",
        s,
    );

    // Registration of fresh accounts (they signed the constitution first).
    let fresh = chain.create_accounts("mr", n, &mut r.report.setup);
    let signs: Vec<Value> = fresh.iter().map(|m| acts.sign(m)).collect();
    chain.push_batches("sign", &signs, 40, &mut r.report.setup);
    let s = measure(n, |i| {
        chain
            .push_actions(&[acts.regmember(&mc, &fresh[i])])
            .unwrap_or_else(|e| panic!("regmember: {}", e.message))
    });
    r.report.action(
        "members",
        "regmember",
        "a fresh account that signed the constitution (no fee configured)",
        s,
    );
    let s = measure(n, |i| {
        let m = &fresh[i];
        push(
            chain,
            &mc,
            "update",
            m,
            json!({"account": m, "url": format!("{}/v2", member_url(m)), "location": 250,
                   "producer_key": DEV_PUBLIC_KEY}),
        )
    });
    r.report.action(
        "members",
        "update",
        "a pending member's url and location",
        s,
    );
    let s = measure(n, |i| {
        push(chain, &mc, "approve", &mc, json!({ "account": fresh[i] }))
    });
    r.report
        .action("members", "approve", "a pending member, by the admin", s);
    let until = unix_to_iso(chain.head_time() + 86_400);
    let s = measure(n, |i| {
        push(
            chain,
            &mc,
            "setstatus",
            &mc,
            json!({"account": fresh[i], "status": 2, "until": until, "reason": "bench"}),
        )
    });
    r.report.action(
        "members",
        "setstatus",
        "suspend an active member for a day, by the admin",
        s,
    );

    // Suspensions that end a few seconds from now: `endsuspend`, then the
    // member (active again) resigns.
    let ending = pool.take_pending(n);
    let acts = pool.acts();
    let ends_at = chain.head_time() + 3;
    let batch: Vec<Value> = ending
        .iter()
        .flat_map(|m| {
            [
                acts.approve(m),
                super::tx::action(
                    &mc,
                    "setstatus",
                    &mc,
                    json!({"account": m, "status": 2, "until": unix_to_iso(ends_at),
                           "reason": "bench"}),
                ),
            ]
        })
        .collect();
    chain.push_batches(
        "approve + short suspension",
        &batch,
        40,
        &mut r.report.setup,
    );
    chain.wait_until(ends_at + 1, Duration::from_secs(30));
    let s = measure(n, |i| {
        push(
            chain,
            &mc,
            "endsuspend",
            &ending[i],
            json!({ "account": ending[i] }),
        )
    });
    r.report.action(
        "members",
        "endsuspend",
        "a suspension that has ended (pushed by the member)",
        s,
    );
    let s = measure(n, |i| {
        push(
            chain,
            &mc,
            "resign",
            &ending[i],
            json!({ "account": ending[i] }),
        )
    });
    r.report.action("members", "resign", "an active member", s);

    // Holders: open a stake row, stake, vote for one producer, stake more,
    // unstake, refund; one holder after the other, each unstaking what it
    // staked, so that the fixture's ranking never moves (a producer gets
    // at most 2 tokens more than its stake, 10 apart).
    let holders = chain.create_accounts("mh", n, &mut r.report.setup);
    let funding: Vec<Value> = holders.iter().map(|h| acts.fund(h, &tokens(5))).collect();
    chain.push_batches("fund holders", &funding, 40, &mut r.report.setup);
    let producer = pool.members[pool.ranked / 2].clone();
    let mut series: Vec<Samples> = vec![Samples::default(); 6];
    for h in &holders {
        let steps = [
            push(chain, &mc, "openstake", h, json!({ "owner": h })),
            chain
                .push_actions(&[acts.stake(h, &tokens(1))])
                .expect("first stake"),
            push(
                chain,
                &mc,
                "vote",
                h,
                json!({"voter": h, "producers": [producer]}),
            ),
            chain
                .push_actions(&[acts.stake(h, &tokens(1))])
                .expect("stake"),
            push(
                chain,
                &mc,
                "unstake",
                h,
                json!({"owner": h, "quantity": tokens(2)}),
            ),
            push(chain, &mc, "refund", h, json!({ "owner": h })),
        ];
        for (k, (s, p)) in series.iter_mut().zip(&steps).enumerate() {
            if k == 1 || k == 3 {
                s.add_at(p, &mc, "transfer");
            } else {
                s.add(p);
            }
        }
    }
    let mut it = series.into_iter();
    let mut next = || it.next().unwrap_or_default();
    r.report
        .action("members", "openstake", "a fresh holder's stake row", next());
    r.report.action(
        "members",
        "transfer (notification)",
        "a first stake of 1 token, no vote yet (the contract's trace of the token transfer)",
        next(),
    );
    r.report.action(
        "members",
        "vote",
        "a first vote, for one producer, with a stake",
        next(),
    );
    r.report.action(
        "members",
        "transfer (notification)",
        "1 more token staked by a voter listing one producer (its total follows)",
        next(),
    );
    r.report.action(
        "members",
        "unstake",
        "2 tokens of a voter listing one producer",
        next(),
    );
    r.report.action(
        "members",
        "refund",
        "unstaked tokens after the delay (0 here), by inline transfer",
        next(),
    );

    // The vote loops at MAX_VOTES = 30: a voter listing 30 producers moves
    // its vote to 30 others (60 totals change); it stakes and unstakes a
    // little (30 totals each).
    let voter = chain
        .create_accounts("mv", 1, &mut r.report.setup)
        .remove(0);
    let first: Vec<&str> = pool.members[..30].iter().map(String::as_str).collect();
    let second: Vec<&str> = pool.members[30..60].iter().map(String::as_str).collect();
    chain.push_batches(
        "bound voter",
        &[
            acts.fund(&voter, &tokens(5)),
            acts.openstake(&voter),
            acts.stake(&voter, &tokens(1)),
            acts.vote(&voter, &first),
        ],
        4,
        &mut r.report.setup,
    );
    let s = measure(n, |i| {
        let list = if i % 2 == 0 { &second } else { &first };
        push(
            chain,
            &mc,
            "vote",
            &voter,
            json!({"voter": voter, "producers": list}),
        )
    });
    r.report.bound(
        "members",
        "vote",
        "MAX_VOTES = 30 (hard cap)",
        "a list of 30 producers replaced by 30 others: 30 standings read, 60 totals changed",
        s,
    );
    let mut s = Samples::default();
    for _ in 0..n {
        let p = chain
            .push_actions(&[acts.stake(&voter, &units(1))])
            .expect("stake");
        s.add_at(&p, &mc, "transfer");
    }
    r.report.bound(
        "members",
        "transfer (notification)",
        "MAX_VOTES = 30",
        "0.0001 more staked by a voter listing 30 producers: 30 totals changed",
        s,
    );
    let s = measure(n, |_| {
        push(
            chain,
            &mc,
            "unstake",
            &voter,
            json!({"owner": voter, "quantity": units(1)}),
        )
    });
    r.report.bound(
        "members",
        "unstake",
        "MAX_VOTES = 30",
        "0.0001 unstaked by a voter listing 30 producers: 30 totals changed",
        s,
    );
}
