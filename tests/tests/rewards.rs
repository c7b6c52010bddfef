//! On chain, the worked examples of docs/rewards.md: income arrives as
//! token transfers, the day rolls over, members claim, one member misses
//! its claim window and the pool gets its allocation back; every amount
//! is the doc's, to the unit.
//!
//! Each run deploys its own token, members, charter, metrics and rewards
//! contracts to fresh accounts, so its short periods never touch the
//! suite's own configuration: days of [`DAY`] seconds in both metrics and
//! rewards (they must be equal), one metrics window per day, a claim
//! window of [`CLAIM_WINDOW`] seconds; otherwise the doc's defaults (paid
//! 42, scheduled 21, vote share 60%, infrastructure 5%, availability
//! minimum 50%). The clock is the chain's: every wait polls the head
//! block time until it passes a day or window boundary.
//!
//! Availability comes from the metrics contract, as in the doc:
//!
//! - day *d* (example 1): the emitter, registered at the metrics
//!   contract, pushes the day's window with cleos once it has ended, with
//!   50 slots per member and 45, 40, 35, 21 and 25 proposed blocks: 90%,
//!   80%, 70%, **42%** and exactly **50%**, so the scheduled set is the
//!   doc's (delta misses the minimum);
//! - day *d* + 1 (example 2): the emitter reports the day's window with
//!   no entries (its outage), so the day has no observed final window and
//!   the documented waiver applies: all five are scheduled.
//!
//! The doc's example 2 returns echo's allocation when day *d* + 1 closes
//! (its one-day claim window ends then); here the window is shorter, so
//! echo's allocation is returned earlier by a `sweep` in day *d* + 1, to
//! the same pool: day *d* + 1's pool is the doc's 15,188 either way.
//!
//! Run by `scripts/test.sh` (`cargo test -p pool-onchain --test rewards
//! -- --ignored`).

mod common;

use common::*;
use serde_json::{json, Value};

/// The day (and the metrics window): 25 s, the shortest day whose window
/// holds a multiple of 50 slots (2 per second), so that 42% is exact.
const DAY: i64 = 25;
/// The claim window: long enough for four claims, well inside a day.
const CLAIM_WINDOW: i64 = 8;
/// Slots of a member in the day's window.
const SLOTS: u32 = 50;

/// The worked example's income: a 10.0000 POOL fee and a 100.0000 POOL
/// registration fee (memo `annual`).
const FEE_INCOME: i64 = 100_000;
const ANNUAL_INCOME: i64 = 1_000_000;

/// `(prefix, stake in units, proposed of 50 slots on day d)`: votes
/// 8 : 6 : 4 : 2 : 1, availability 90%, 80%, 70%, 42%, 50%.
const MEMBERS: [(&str, i64, u32); 5] = [
    ("alpha", 8_000_000, 45),
    ("bravo", 6_000_000, 40),
    ("charl", 4_000_000, 35),
    ("delta", 2_000_000, 21),
    ("echo", 1_000_000, 25),
];

/// Example 1, day d: `(vote share, allocation)` per member, in
/// `MEMBERS` order.
const DAY_D: [(u64, u64); 5] = [
    (22_370, 32_157),
    (16_778, 26_565),
    (11_185, 20_972),
    (5_592, 5_592),
    (2_796, 12_583),
];
/// Example 2, day d + 1.
const DAY_D1: [(u64, u64); 5] = [
    (3_471, 4_686),
    (2_603, 3_818),
    (1_735, 2_950),
    (867, 2_082),
    (433, 1_648),
];

/// The books of the rewards contract (`state`), as numbers.
#[derive(Debug, PartialEq, Eq)]
struct Books {
    day: u64,
    pool: u64,
    annual_rate: u64,
    annual_pending: u64,
    unclaimed: u64,
    infra: u64,
}

fn books(chain: &Chain, rewards: &str) -> Books {
    let s = singleton(chain, rewards, "state");
    Books {
        day: num(&s["day"]),
        pool: num(&s["pool"]),
        annual_rate: num(&s["annual_rate"]),
        annual_pending: num(&s["annual_pending"]),
        unclaimed: num(&s["unclaimed"]),
        infra: num(&s["infra"]),
    }
}

/// The snapshot of `day`.
fn snapshot(chain: &Chain, rewards: &str, day: u64) -> Value {
    chain
        .row(rewards, rewards, "snapshots", &day.to_string())
        .unwrap_or_else(|| panic!("no snapshot of day {day}"))
}

/// `(member, votes, vote_share, amount)` of a snapshot's paid set.
fn paid_set(snap: &Value) -> Vec<(String, u64, u64, u64)> {
    snap["paid"]
        .as_array()
        .expect("paid")
        .iter()
        .map(|p| {
            (
                p["member"].as_str().unwrap().to_string(),
                num(&p["votes"]),
                num(&p["vote_share"]),
                num(&p["amount"]),
            )
        })
        .collect()
}

fn expected_paid(members: &[String], split: &[(u64, u64); 5]) -> Vec<(String, u64, u64, u64)> {
    members
        .iter()
        .zip(MEMBERS)
        .zip(split)
        .map(|((m, (_, stake, _)), (share, amount))| (m.clone(), stake as u64, *share, *amount))
        .collect()
}

/// `(id, member, day, amount)` of every allocation row.
fn allocations(chain: &Chain, rewards: &str) -> Vec<(u64, String, u64, u64)> {
    chain
        .table(rewards, rewards, "allocs")
        .iter()
        .map(|a| {
            (
                num(&a["id"]),
                a["member"].as_str().unwrap().to_string(),
                num(&a["day"]),
                num(&a["amount"]),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn income_a_day_claims_a_missed_claim_and_the_worked_example() {
    let chain = Chain::get();
    let dac = Dac::deploy(chain);
    let metrics = chain.new_account("met");
    let rewards = chain.new_account("rwd");
    let (infra, emitter, payer, auditor) = (
        chain.new_account("infra"),
        chain.new_account("emit"),
        chain.new_account("pay"),
        chain.new_account("aud"),
    );
    let members: Vec<String> = MEMBERS
        .iter()
        .map(|(prefix, _, _)| chain.new_account(prefix))
        .collect();
    let holders: Vec<String> = MEMBERS.iter().map(|_| chain.new_account("hld")).collect();
    chain.deploy(&metrics, &chain.wasm("metrics"), &chain.abi("metrics"));
    chain.deploy(&rewards, &chain.wasm("rewards"), &chain.abi("rewards"));
    // rewards@inline: only rewards@eosio.code, linked to token::transfer
    // (claims, infrastructure withdrawals), as bootstrap's INLINE_LINKS.
    chain.set_inline_permission(&rewards, &[(&dac.token, "transfer")]);

    // Given: the DAC; metrics with one window per day from today's start
    // and a registered emitter; rewards with the doc's defaults and the
    // short day and claim window.
    dac.configure(chain, &rewards, "");
    let genesis = chain.head_time() / DAY * DAY;
    ok(chain.push(
        &metrics,
        "setconfig",
        &json!([
            "",
            dac.members,
            1,
            DAY,
            DAY,
            100,
            10 * DAY,
            unix_to_iso(genesis)
        ]),
        &metrics,
    ));
    ok(chain.push(&metrics, "regemitter", &json!([emitter]), &metrics));
    ok(chain.push(
        &rewards,
        "setconfig",
        &json!([
            "",
            dac.token,
            SYMBOL,
            dac.members,
            metrics,
            dac.charter,
            infra,
            42,
            21,
            6000,
            500,
            5000,
            CLAIM_WINDOW,
            DAY,
            7,
            100
        ]),
        &rewards,
    ));
    dac.fund(chain, &payer, FEE_INCOME + ANNUAL_INCOME);
    let audit = || ok(chain.push(&rewards, "audit", &json!([]), &auditor));

    // Day d: a day with at least 5 s left, open in the books (a
    // `rollover` moves an idle book to today).
    let d = loop {
        let now = chain.head_time();
        let today = now / DAY;
        if (today + 1) * DAY - now >= 5 {
            break today as u64;
        }
        wait_until(chain, (today + 1) * DAY);
    };
    if books(chain, &rewards).day < d {
        ok(chain.push(&rewards, "rollover", &json!([]), &auditor));
    }
    assert_eq!(books(chain, &rewards).day, d);

    // Income of day d, as token transfers: a fee...
    let fee = ok(chain.push(
        &dac.token,
        "transfer",
        &json!([payer, rewards, pool(FEE_INCOME), "fee"]),
        &payer,
    ));
    assert!(
        block_time(&fee) < (d as i64 + 1) * DAY,
        "the income is day d's"
    );
    let b = books(chain, &rewards);
    assert_eq!((b.infra, b.pool), (5_000, 95_000), "5% set aside");
    // ... and a registration fee, spread over 365 days: 950,000 / 365 =
    // 2,602 rest 270, the first day gets both.
    ok(chain.push(
        &dac.token,
        "transfer",
        &json!([payer, rewards, pool(ANNUAL_INCOME), "annual"]),
        &payer,
    ));
    assert_eq!(
        books(chain, &rewards),
        Books {
            day: d,
            pool: 95_000 + 2_602 + 270,
            annual_rate: 2_602,
            annual_pending: 364 * 2_602,
            unclaimed: 0,
            infra: 55_000,
        }
    );
    let schedule = singleton(chain, &rewards, "annual");
    assert_eq!(num(&schedule["ends"][(d % 365) as usize]), 2_602);
    assert_eq!(balance(chain, &dac.token, &rewards), 1_100_000);
    audit();

    // Five members (who open their balance rows to be paid), voted for
    // 8 : 6 : 4 : 2 : 1 by five holders.
    for m in &members {
        dac.sign_and_register(chain, m);
        dac.approve(chain, m);
        dac.open_balance(chain, m);
    }
    for ((holder, member), (_, stake, _)) in holders.iter().zip(&members).zip(MEMBERS) {
        dac.fund(chain, holder, stake);
        dac.stake_and_vote(chain, holder, stake, &[member]);
        assert_eq!(dac.member(chain, member)["total_votes"], stake);
    }

    // Day d ends; the emitter reports its window: 90%, 80%, 70%, 42%,
    // exactly 50%.
    let day_start = |day: u64| day as i64 * DAY;
    wait_until(chain, day_start(d + 1));
    let entries: Vec<Value> = members
        .iter()
        .zip(MEMBERS)
        .map(|(m, (_, _, proposed))| {
            json!({"member": m, "slots": SLOTS, "proposed": proposed,
                   "selected": 10, "late": 0, "latency_ms": 2_500})
        })
        .collect();
    ok(chain.push(
        &metrics,
        "report",
        &json!({"emitter": emitter, "seq": 1, "start": unix_to_iso(day_start(d)),
                "end": unix_to_iso(day_start(d + 1)), "entries": entries}),
        &emitter,
    ));
    let day_rows = chain.table(&metrics, &d.to_string(), "days");
    for (m, (_, _, proposed)) in members.iter().zip(MEMBERS) {
        let row = day_rows
            .iter()
            .find(|r| r["member"] == m.as_str())
            .unwrap_or_else(|| panic!("no metrics of {m} for day {d}: {day_rows:?}"));
        assert_eq!(
            (num(&row["slots"]), num(&row["proposed"])),
            (u64::from(SLOTS), u64::from(proposed))
        );
    }

    // Rollover: day d's snapshot and allocations, the doc's example 1.
    let roll = ok(chain.push(&rewards, "rollover", &json!([]), &auditor));
    let taken_at = block_time(&roll);
    assert!(taken_at < day_start(d + 2), "rolled over during day d + 1");
    let snap = snapshot(chain, &rewards, d);
    assert_eq!(snap["availability_waived"], 0, "{snap}");
    assert_eq!(iso_to_unix(snap["taken_at"].as_str().unwrap()), taken_at);
    let claim_until = iso_to_unix(snap["claim_until"].as_str().unwrap());
    assert_eq!(claim_until, taken_at + CLAIM_WINDOW);
    assert_eq!(
        [
            num(&snap["pool"]),
            num(&snap["vote_part"]),
            num(&snap["scheduled_part"]),
            num(&snap["vote_sum"]),
            num(&snap["scheduled_share"]),
            num(&snap["carried"]),
        ],
        [97_872, 58_723, 39_149, 21_000_000, 9_787, 3],
        "{snap}"
    );
    assert_eq!(paid_set(&snap), expected_paid(&members, &DAY_D));
    assert_eq!(
        snap["scheduled"],
        json!([members[0], members[1], members[2], members[4]]),
        "delta (42%) is not scheduled, echo (50%) is"
    );
    let expected_allocs: Vec<_> = members
        .iter()
        .zip(DAY_D)
        .enumerate()
        .map(|(i, (m, (_, amount)))| (d * 256 + i as u64, m.clone(), d, amount))
        .collect();
    assert_eq!(allocations(chain, &rewards), expected_allocs);
    assert_eq!(
        books(chain, &rewards),
        Books {
            day: d + 1,
            pool: 3 + 2_602,
            annual_rate: 2_602,
            annual_pending: 363 * 2_602,
            unclaimed: 97_869,
            infra: 55_000,
        },
        "carried + the new day's annual part; 55,000 + 97,869 + 2,605 + 944,526 = 1,100,000"
    );
    assert_eq!(balance(chain, &dac.token, &rewards), 1_100_000);
    audit();

    // Alpha, bravo, charlie and delta claim: each is paid exactly its
    // allocation, by one inline transfer.
    for (m, (_, amount)) in members.iter().zip(DAY_D).take(4) {
        let before = balance(chain, &dac.token, m);
        let claimed = ok(chain.push(&rewards, "claim", &json!([m]), m));
        assert_eq!(
            transfers(&claimed, &dac.token),
            vec![Transfer {
                from: rewards.clone(),
                to: m.clone(),
                amount: amount as i64,
                memo: "pool rewards".into(),
                auth: vec![format!("{rewards}@inline")],
                inline: true,
            }]
        );
        assert_eq!(balance(chain, &dac.token, m), before + amount as i64);
        fails(
            chain.push(&rewards, "claim", &json!([m]), m),
            "nothing to claim",
        );
    }
    let claimed_total: u64 = DAY_D.iter().take(4).map(|(_, a)| a).sum();
    assert_eq!(claimed_total, 85_286);
    assert_eq!(books(chain, &rewards).unclaimed, 12_583, "echo's");
    assert_eq!(
        balance(chain, &dac.token, &rewards),
        1_100_000 - claimed_total as i64
    );
    audit();

    // Echo does not claim in time. A late claim is refused (returning the
    // expired allocation inside a failed claim changes nothing)...
    let echo = &members[4];
    wait_until(chain, claim_until);
    fails(
        chain.push(&rewards, "claim", &json!([echo]), echo),
        "nothing to claim",
    );
    assert_eq!(allocations(chain, &rewards).len(), 1);
    assert_eq!(balance(chain, &dac.token, echo), 0);
    // ... and a sweep returns its 12,583 to the open day's pool.
    let swept = ok(chain.push(&rewards, "sweep", &json!([100]), &auditor));
    assert!(
        block_time(&swept) < day_start(d + 2),
        "swept during day d + 1 (the machine was too slow for a {DAY} s day)"
    );
    assert_eq!(allocations(chain, &rewards), vec![]);
    let b = books(chain, &rewards);
    assert_eq!((b.day, b.pool, b.unclaimed), (d + 1, 2_605 + 12_583, 0));
    fails(
        chain.push(&rewards, "sweep", &json!([100]), &auditor),
        "nothing to sweep",
    );
    audit();

    // Day d + 1 ends without income; the emitter was down and reports its
    // window without entries. Example 2: the minimum is waived.
    wait_until(chain, day_start(d + 2));
    ok(chain.push(
        &metrics,
        "report",
        &json!({"emitter": emitter, "seq": 2, "start": unix_to_iso(day_start(d + 1)),
                "end": unix_to_iso(day_start(d + 2)), "entries": []}),
        &emitter,
    ));
    let stats = chain
        .row(&metrics, &metrics, "daystats", &(d + 1).to_string())
        .expect("daystats of day d + 1");
    assert_eq!(
        (
            stats["windows_final"].clone(),
            stats["windows_empty"].clone()
        ),
        (json!(1), json!(1))
    );
    let roll = ok(chain.push(&rewards, "rollover", &json!([]), &auditor));
    assert!(
        block_time(&roll) < day_start(d + 3),
        "rolled over during day d + 2"
    );
    let snap = snapshot(chain, &rewards, d + 1);
    assert_eq!(snap["availability_waived"], 1, "{snap}");
    assert_eq!(
        [
            num(&snap["pool"]),
            num(&snap["vote_part"]),
            num(&snap["scheduled_part"]),
            num(&snap["vote_sum"]),
            num(&snap["scheduled_share"]),
            num(&snap["carried"]),
        ],
        [15_188, 9_112, 6_076, 21_000_000, 1_215, 4],
        "{snap}"
    );
    assert_eq!(paid_set(&snap), expected_paid(&members, &DAY_D1));
    assert_eq!(snap["scheduled"], json!(members), "all five, waived");
    assert_eq!(
        books(chain, &rewards),
        Books {
            day: d + 2,
            pool: 4 + 2_602,
            annual_rate: 2_602,
            annual_pending: 362 * 2_602,
            unclaimed: 15_184,
            infra: 55_000,
        }
    );
    // The balance still equals the books: 1,100,000 received, 85,286
    // paid out.
    assert_eq!(
        balance(chain, &dac.token, &rewards),
        55_000 + 15_184 + 2_606 + 362 * 2_602
    );
    assert_eq!(balance(chain, &dac.token, &rewards), 1_100_000 - 85_286);
    for (m, (_, amount)) in members.iter().zip(DAY_D) {
        let paid = if m == echo { 0 } else { amount as i64 };
        assert_eq!(balance(chain, &dac.token, m), paid, "{m}");
    }
    audit();
}
