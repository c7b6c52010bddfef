//! The verification phase: every accepted transaction is in an
//! irreversible block, and the state on chain is exactly what the
//! accepted transactions (and nothing else) make of the state before the
//! load, computed here from our own log: balances and supply, stakes,
//! votes and vote totals, metric aggregates and reports, fee votes and
//! their rate limits, the rewards books, snapshots and claims.

use super::mix::{Intent, Pool, FEES, MEMBERS, METRICS, REWARDS};
use super::run::{Record, Run};
use super::setup::State;
use super::wire::{data, Act, Outcome, Wire};
use crate::{iso_to_unix, Chain};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// One verified property: what, whether it held, and the details (the
/// discrepancies when it did not).
#[derive(Clone, Debug)]
pub struct Check {
    pub what: String,
    pub ok: bool,
    pub notes: Vec<String>,
}

impl Check {
    fn new(what: impl Into<String>) -> Check {
        Check {
            what: what.into(),
            ok: true,
            notes: Vec::new(),
        }
    }

    /// Records a discrepancy (the first 20 are kept, then a count).
    fn fail(&mut self, note: String) {
        self.ok = false;
        if self.notes.len() < 20 {
            self.notes.push(note);
        } else if self.notes.len() == 20 {
            self.notes.push("(more discrepancies not listed)".into());
        }
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }
}

/// A uint64 as nodeos writes it in JSON (a number, or a string when
/// large).
fn num(v: &Value) -> u64 {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

/// Where an accepted transaction ended up.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub block: u64,
    pub index: usize,
    /// Block time, Unix seconds (what the contracts see as `now`).
    pub time: i64,
}

/// The blocks of the load.
#[derive(Clone, Debug, Default)]
pub struct Blocks {
    pub lib: u64,
    /// Every transaction of the blocks scanned, by id.
    pub places: HashMap<String, Place>,
    /// (block, transactions, billed CPU in us) for the blocks from the
    /// first to the last holding an accepted transaction of the load.
    pub per_block: Vec<(u64, usize, u64)>,
    /// Accepted transactions found in a later block than nodeos first
    /// reported (re-applied after the block they ran in was abandoned).
    pub moved: usize,
}

fn accepted(r: &Record) -> Option<(&str, u64)> {
    match &r.outcome {
        Outcome::Accepted { id, block, .. } => Some((id.as_str(), *block)),
        Outcome::Rejected { .. } => None,
    }
}

/// Waits until the last irreversible block is past every block that
/// reported an accepted transaction, then reads every block of the load
/// and checks that each accepted transaction is in exactly one of them,
/// executed.
pub fn inclusion(chain: &Chain, run: &Run) -> (Check, Blocks) {
    let mut check = Check::new("every accepted transaction is in an irreversible block, executed");
    let last_reported = run
        .records
        .iter()
        .filter_map(accepted)
        .map(|(_, b)| b)
        .max()
        .unwrap_or(run.start_block);
    let deadline = Instant::now() + Duration::from_secs(120);
    let lib = loop {
        let info = chain
            .http("/v1/chain/get_info", &json!({}))
            .unwrap_or_default();
        let lib = num(&info["last_irreversible_block_num"]);
        // Two blocks past the last one reported: a transaction re-applied
        // after an abandoned block lands in a later one.
        if lib >= last_reported + 2 {
            break lib;
        }
        if Instant::now() >= deadline {
            check.fail(format!(
                "the last irreversible block is {lib} after 120 s, the load reached block {last_reported}"
            ));
            break lib;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut blocks = Blocks {
        lib,
        ..Blocks::default()
    };
    let mut counts: BTreeMap<u64, (usize, u64)> = BTreeMap::new();
    let mut statuses: HashMap<String, String> = HashMap::new();
    for n in run.start_block..=lib {
        let b = match chain.http("/v1/chain/get_block", &json!({ "block_num_or_id": n })) {
            Ok(b) => b,
            Err(e) => {
                check.fail(format!("get_block {n}: {e}"));
                continue;
            }
        };
        let time = b["timestamp"].as_str().map_or(0, iso_to_unix);
        let trxs = b["transactions"].as_array().cloned().unwrap_or_default();
        let cpu = trxs.iter().map(|t| num(&t["cpu_usage_us"])).sum();
        counts.insert(n, (trxs.len(), cpu));
        for (index, t) in trxs.iter().enumerate() {
            let id = t["trx"]["id"]
                .as_str()
                .or_else(|| t["trx"].as_str())
                .unwrap_or_default()
                .to_string();
            statuses.insert(id.clone(), t["status"].as_str().unwrap_or("").to_string());
            if blocks
                .places
                .insert(
                    id.clone(),
                    Place {
                        block: n,
                        index,
                        time,
                    },
                )
                .is_some()
            {
                check.fail(format!("transaction {id} is in two blocks"));
            }
        }
    }
    let mut first = u64::MAX;
    let mut last = 0;
    let mut found = 0;
    for (id, reported) in run.records.iter().filter_map(accepted) {
        match blocks.places.get(id) {
            None => check.fail(format!(
                "accepted transaction {id} (reported in block {reported}) is in no block up to {lib}"
            )),
            Some(p) => {
                found += 1;
                first = first.min(p.block);
                last = last.max(p.block);
                if p.block != reported {
                    blocks.moved += 1;
                }
                if statuses.get(id).map(String::as_str) != Some("executed") {
                    check.fail(format!(
                        "transaction {id} in block {} has status {:?}",
                        p.block,
                        statuses.get(id)
                    ));
                }
            }
        }
    }
    if found > 0 {
        blocks.per_block = counts
            .range(first..=last)
            .map(|(b, (n, cpu))| (*b, *n, *cpu))
            .collect();
    }
    if found == 0 {
        check.note(format!(
            "no accepted transaction to look for (last irreversible block {lib})"
        ));
    } else {
        check.note(format!(
            "{found} accepted transactions found in blocks {first}..{last}, all at or below the last irreversible block {lib}; {} reported in one block and included in a later one",
            blocks.moved
        ));
    }
    (check, blocks)
}

/// The accepted records in chain order (block, position in the block).
fn in_chain_order<'a>(run: &'a Run, blocks: &Blocks) -> Vec<(&'a Record, Place)> {
    let mut v: Vec<(&Record, Place)> = run
        .records
        .iter()
        .filter_map(|r| accepted(r).and_then(|(id, _)| blocks.places.get(id).map(|p| (r, *p))))
        .collect();
    v.sort_by_key(|(_, p)| (p.block, p.index));
    v
}

fn paid(r: &Record) -> &[(String, i64)] {
    match &r.outcome {
        Outcome::Accepted { paid, .. } => paid,
        Outcome::Rejected { .. } => &[],
    }
}

/// Every state check, in the order they are printed.
pub fn state(
    chain: &Chain,
    wire: &Wire,
    pool: &Pool,
    before: &State,
    run: &Run,
    blocks: &Blocks,
) -> Vec<Check> {
    let after = State::read(chain);
    let order = in_chain_order(run, blocks);
    vec![
        balances(before, &after, &order),
        supply(before, &after),
        stakes(before, &after, &order),
        votes(before, &after, &order),
        metrics(chain, pool, &order),
        fees(chain, pool, &order),
        rewards(chain, wire, pool, before, &after, run, &order),
    ]
}

fn balances(before: &State, after: &State, order: &[(&Record, Place)]) -> Check {
    let mut c = Check::new(
        "token balances == balances before + accepted transfers, stakes, income and claims",
    );
    let mut expected = before.balances.clone();
    let mut add = |who: &str, units: i64| *expected.entry(who.to_string()).or_insert(0) += units;
    let mut moved = 0i64;
    for (r, _) in order {
        match &r.intent {
            Intent::Transfer {
                from, to, units, ..
            } => {
                add(from, -units);
                add(to, *units);
                moved += units;
            }
            Intent::Stake { from, units, .. } => {
                add(from, -units);
                add(MEMBERS, *units);
                moved += units;
            }
            Intent::Income { from, units, .. } => {
                add(from, -units);
                add(REWARDS, *units);
                moved += units;
            }
            Intent::Claim { .. } => {
                for (to, units) in paid(r) {
                    add(REWARDS, -units);
                    add(to, *units);
                    moved += units;
                }
            }
            _ => {}
        }
    }
    let mut accounts: Vec<&String> = expected.keys().chain(after.balances.keys()).collect();
    accounts.sort();
    accounts.dedup();
    for a in &accounts {
        let want = expected.get(*a).copied().unwrap_or(0);
        let have = after.balances.get(*a).copied().unwrap_or(0);
        if want != have {
            c.fail(format!(
                "{a}: on chain {have}, expected {want} (units of 0.0001 POOL)"
            ));
        }
    }
    c.note(format!(
        "{} accounts compared; {} units moved by accepted transactions",
        accounts.len(),
        moved
    ));
    c
}

fn supply(before: &State, after: &State) -> Check {
    let mut c = Check::new("supply unchanged, and == the sum of every balance");
    let sum: i64 = after.balances.values().sum();
    if after.supply != before.supply {
        c.fail(format!(
            "supply {} after, {} before",
            after.supply, before.supply
        ));
    }
    if sum != after.supply {
        c.fail(format!(
            "sum of {} balances {sum} != supply {}",
            after.balances.len(),
            after.supply
        ));
    }
    c.note(format!(
        "supply {} = sum of {} balances",
        after.supply,
        after.balances.len()
    ));
    c
}

fn stakes(before: &State, after: &State, order: &[(&Record, Place)]) -> Check {
    let mut c = Check::new(
        "stakes == stakes before + accepted stake transfers; pool.member holds exactly the stakes",
    );
    let mut expected = before.stakes.clone();
    for (r, _) in order {
        if let Intent::Stake { from, units, .. } = &r.intent {
            expected.entry(from.clone()).or_insert((0, 0)).0 += units;
        }
    }
    for (owner, want) in &expected {
        let have = after.stakes.get(owner).copied().unwrap_or((0, 0));
        if have != *want {
            c.fail(format!(
                "{owner}: staked/unstaking {have:?} on chain, expected {want:?}"
            ));
        }
    }
    for owner in after.stakes.keys() {
        if !expected.contains_key(owner) {
            c.fail(format!("{owner}: a stake row nobody opened"));
        }
    }
    let held: i64 = after.stakes.values().map(|(s, u)| s + u).sum();
    let balance = after.balances.get(MEMBERS).copied().unwrap_or(0);
    if held != balance {
        c.fail(format!(
            "pool.member's balance {balance} != sum of stakes {held}"
        ));
    }
    c.note(format!(
        "{} stake rows; pool.member holds {balance}",
        after.stakes.len()
    ));
    c
}

fn votes(before: &State, after: &State, order: &[(&Record, Place)]) -> Check {
    let mut c = Check::new(
        "each voter's row == its last accepted vote, weight == its stake; each member's total == the sum of its voters' weights",
    );
    let mut lists: BTreeMap<String, Vec<String>> = before
        .voters
        .iter()
        .map(|(v, (l, _))| (v.clone(), l.clone()))
        .collect();
    let mut n = 0;
    for (r, _) in order {
        if let Intent::Vote { voter, producers } = &r.intent {
            lists.insert(voter.clone(), producers.clone());
            n += 1;
        }
    }
    for (voter, want) in &lists {
        match after.voters.get(voter) {
            None => c.fail(format!("{voter}: no voter row, expected {want:?}")),
            Some((have, weight)) => {
                if have != want {
                    c.fail(format!(
                        "{voter}: votes {have:?} on chain, expected {want:?}"
                    ));
                }
                let staked = after.stakes.get(voter).map_or(0, |s| s.0) as u64;
                if *weight != staked {
                    c.fail(format!("{voter}: weight {weight}, staked {staked}"));
                }
            }
        }
    }
    for voter in after.voters.keys() {
        if !lists.contains_key(voter) {
            c.fail(format!("{voter}: a voter row nobody wrote"));
        }
    }
    let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
    for (list, weight) in after.voters.values() {
        for p in list {
            *totals.entry(p.as_str()).or_insert(0) += weight;
        }
    }
    for (member, have) in &after.totals {
        let want = totals.get(member.as_str()).copied().unwrap_or(0);
        if *have != want {
            c.fail(format!(
                "{member}: total_votes {have}, voters' weights sum to {want}"
            ));
        }
    }
    c.note(format!(
        "{n} accepted votes; {} voter rows; {} members",
        after.voters.len(),
        after.totals.len()
    ));
    c
}

/// Per (day, member): slots, proposed, selected, late, latency_ms, windows.
type DayRow = [u64; 6];

fn metrics(chain: &Chain, pool: &Pool, order: &[(&Record, Place)]) -> Check {
    let mut c = Check::new(
        "metrics: every accepted report stored and final; day aggregates == the sums of the accepted windows; emitter cursors",
    );
    let mut windows: BTreeMap<u32, (&Vec<super::mix::Entry>, u32)> = BTreeMap::new();
    let mut cursors: BTreeMap<&str, (u64, u32)> = BTreeMap::new();
    let mut reports: BTreeMap<(String, u64), ()> = BTreeMap::new();
    for (r, _) in order {
        if let Intent::Report {
            emitter,
            seq,
            start,
            end,
            entries,
        } = &r.intent
        {
            let w = windows.entry(*start).or_insert((entries, 0));
            if w.0 != entries {
                c.fail(format!("window {start}: accepted reports disagree"));
            }
            w.1 += 1;
            let cur = cursors.entry(emitter.as_str()).or_insert((0, 0));
            *cur = (cur.0.max(*seq), cur.1.max(*end));
            reports.insert((emitter.clone(), *seq), ());
        }
    }
    let day_of = |start: u32| u64::from(start / pool.day_sec);
    let mut days: BTreeMap<u64, BTreeMap<String, DayRow>> = BTreeMap::new();
    let mut stats: BTreeMap<u64, [u64; 3]> = BTreeMap::new();
    for (start, (entries, _)) in &windows {
        let day = day_of(*start);
        let s = stats.entry(day).or_insert([0; 3]);
        s[0] += 1;
        if entries.is_empty() {
            s[1] += 1;
        } else {
            s[2] += u64::from(2 * pool.window_sec);
        }
        let rows = days.entry(day).or_default();
        for e in entries.iter() {
            let row = rows.entry(e.member.clone()).or_insert([0; 6]);
            row[0] += u64::from(e.slots);
            row[1] += u64::from(e.proposed);
            row[2] += u64::from(e.selected);
            row[3] += u64::from(e.late);
            row[4] += e.latency_ms;
            row[5] += 1;
        }
    }
    for (day, want) in &days {
        let have: BTreeMap<String, DayRow> = chain
            .table(METRICS, &day.to_string(), "days")
            .iter()
            .map(|r| {
                (
                    r["member"].as_str().unwrap_or_default().to_string(),
                    [
                        num(&r["slots"]),
                        num(&r["proposed"]),
                        num(&r["selected"]),
                        num(&r["late"]),
                        num(&r["latency_ms"]),
                        num(&r["windows"]),
                    ],
                )
            })
            .collect();
        if &have != want {
            for m in want.keys().chain(have.keys()) {
                if want.get(m) != have.get(m) {
                    c.fail(format!(
                        "day {day}, {m}: [slots, proposed, selected, late, latency_ms, windows] on chain {:?}, expected {:?}",
                        have.get(m),
                        want.get(m)
                    ));
                }
            }
        }
    }
    for (day, want) in &stats {
        let row = chain.row(METRICS, METRICS, "daystats", &day.to_string());
        let have = row.map(|r| {
            [
                num(&r["windows_final"]),
                num(&r["windows_empty"]),
                num(&r["slots"]),
            ]
        });
        if have.as_ref() != Some(want) {
            c.fail(format!(
                "daystats {day}: [windows_final, windows_empty, slots] on chain {have:?}, expected {want:?}"
            ));
        }
    }
    let rows = chain.table(METRICS, METRICS, "reports");
    let stored: BTreeMap<(String, u64), u64> = rows
        .iter()
        .map(|r| {
            (
                (
                    r["emitter"].as_str().unwrap_or_default().to_string(),
                    num(&r["seq"]),
                ),
                num(&r["status"]),
            )
        })
        .collect();
    for key in reports.keys() {
        match stored.get(key) {
            None => c.fail(format!("report {key:?}: accepted, not stored")),
            Some(1) => {}
            Some(s) => c.fail(format!("report {key:?}: status {s}, expected 1 (final)")),
        }
    }
    if stored.len() != reports.len() {
        c.fail(format!(
            "{} report rows stored, {} reports accepted",
            stored.len(),
            reports.len()
        ));
    }
    for (start, (_, n)) in &windows {
        let w = chain.row(METRICS, METRICS, "windows", &start.to_string());
        let (status, count) = w.map_or((0, 0), |w| (num(&w["status"]), num(&w["reports"])));
        if status != 1 || count != u64::from(*n) {
            c.fail(format!(
                "window {start}: status {status} with {count} reports, expected final with {n}"
            ));
        }
    }
    for (emitter, (seq, end)) in &cursors {
        let row = chain.row(METRICS, METRICS, "emitters", emitter);
        let have = row.map(|r| {
            (
                num(&r["last_seq"]),
                r["last_end"].as_str().map_or(0, iso_to_unix) as u32,
            )
        });
        if have != Some((*seq, *end)) {
            c.fail(format!(
                "{emitter}: (last_seq, last_end) {have:?}, expected {:?}",
                (seq, end)
            ));
        }
    }
    let empty = windows.values().filter(|(e, _)| e.is_empty()).count();
    c.note(format!(
        "{} accepted reports of {} windows ({empty} empty) over {} days",
        reports.len(),
        windows.len(),
        days.len().max(stats.len())
    ));
    c
}

fn fees(chain: &Chain, pool: &Pool, order: &[(&Record, Place)]) -> Check {
    let mut c = Check::new(
        "fees: fee votes, multipliers and bundle votes == the last accepted of each; accepted votes respect the rate limits",
    );
    let mut votes: BTreeMap<(String, String), (u64, i64)> = BTreeMap::new();
    let mut mults: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    let mut bundles: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    // Accepted vote times per (what, producer[, endpoint]) and the limit.
    let mut times: BTreeMap<(String, String), (Vec<i64>, i64)> = BTreeMap::new();
    let mut n = 0;
    for (r, p) in order {
        match &r.intent {
            Intent::SetFeeVote { producer, ratios } => {
                for (e, ratio) in ratios {
                    votes.insert((producer.clone(), e.clone()), (*ratio, p.time));
                    let t = times
                        .entry((format!("fee vote on {e}"), producer.clone()))
                        .or_insert((Vec::new(), 3600));
                    t.0.push(p.time);
                }
            }
            Intent::SetFeeMult {
                producer,
                multiplier,
            } => {
                mults.insert(producer.clone(), (*multiplier, p.time));
                let t = times
                    .entry(("multiplier".into(), producer.clone()))
                    .or_insert((Vec::new(), 120));
                t.0.push(p.time);
            }
            Intent::BundleVote { producer, count } => {
                bundles.insert(producer.clone(), (u64::from(*count), p.time));
                let t = times
                    .entry(("bundle vote".into(), producer.clone()))
                    .or_insert((Vec::new(), 120));
                t.0.push(p.time);
            }
            _ => continue,
        }
        n += 1;
    }
    let time = |v: &Value| v.as_str().map_or(0, iso_to_unix);
    let mut have_votes = BTreeMap::new();
    for p in &pool.producers {
        for row in chain.table(FEES, p, "feevotes") {
            have_votes.insert(
                (
                    p.clone(),
                    row["endpoint"].as_str().unwrap_or_default().to_string(),
                ),
                (num(&row["ratio"]), time(&row["updated_at"])),
            );
        }
    }
    let table = |name: &str, field: &str| -> BTreeMap<String, (u64, i64)> {
        chain
            .table(FEES, FEES, name)
            .iter()
            .map(|r| {
                (
                    r["producer"].as_str().unwrap_or_default().to_string(),
                    (num(&r[field]), time(&r["updated_at"])),
                )
            })
            .collect()
    };
    let have_mults = table("feemults", "multiplier");
    let have_bundles = table("bundlevotes", "count");
    if have_votes != votes {
        for k in votes.keys().chain(have_votes.keys()) {
            if votes.get(k) != have_votes.get(k) {
                c.fail(format!(
                    "fee vote {k:?}: (ratio, updated_at) on chain {:?}, expected {:?}",
                    have_votes.get(k),
                    votes.get(k)
                ));
            }
        }
    }
    for (what, want, have) in [
        ("multiplier", &mults, &have_mults),
        ("bundle vote", &bundles, &have_bundles),
    ] {
        for k in want.keys().chain(have.keys()) {
            if want.get(k) != have.get(k) {
                c.fail(format!(
                    "{what} of {k}: (value, updated_at) on chain {:?}, expected {:?}",
                    have.get(k),
                    want.get(k)
                ));
            }
        }
    }
    for ((what, producer), (ts, limit)) in &times {
        for pair in ts.windows(2) {
            if pair[1] - pair[0] < *limit {
                c.fail(format!(
                    "{what} by {producer}: accepted at {} and again at {} (limit {limit} s)",
                    pair[0], pair[1]
                ));
            }
        }
    }
    c.note(format!(
        "{n} accepted fee transactions; {} fee vote rows, {} multipliers, {} bundle votes",
        have_votes.len(),
        have_mults.len(),
        have_bundles.len()
    ));
    c
}

fn rewards(
    chain: &Chain,
    wire: &Wire,
    pool: &Pool,
    before: &State,
    after: &State,
    run: &Run,
    order: &[(&Record, Place)],
) -> Check {
    let mut c = Check::new(
        "rewards: audit passes; received/claimed == accepted income/claims; each member's snapshots == its claims + its unclaimed allocations",
    );
    // The audit action checks the books against the token balance on
    // chain; pushing it changes nothing (it does not roll over).
    let audit = Act::new(REWARDS, "audit", &pool.holders[0], data(()));
    if let Outcome::Rejected { message, .. } = wire.push(&[audit]) {
        c.fail(format!("audit: {message}"));
    }
    let mut income = 0i64;
    let mut claimed: BTreeMap<String, i64> = BTreeMap::new();
    let mut claims = 0;
    for (r, _) in order {
        match &r.intent {
            Intent::Income { units, .. } => income += units,
            Intent::Claim { member } => {
                claims += 1;
                let p = paid(r);
                if p.is_empty() || p.iter().any(|(to, u)| to != member || *u <= 0) {
                    c.fail(format!("claim by {member}: paid {p:?}"));
                }
                for (to, u) in p {
                    *claimed.entry(to.clone()).or_insert(0) += u;
                }
            }
            _ => {}
        }
    }
    let d = |k: &str| num(&after.books[k]) as i64 - num(&before.books[k]) as i64;
    let total_claimed: i64 = claimed.values().sum();
    if d("received") != income {
        c.fail(format!(
            "state.received grew by {}, accepted income {income}",
            d("received")
        ));
    }
    if d("claimed") != total_claimed {
        c.fail(format!(
            "state.claimed grew by {}, accepted claims paid {total_claimed}",
            d("claimed")
        ));
    }
    let books: i64 = ["pool", "annual_pending", "unclaimed", "infra"]
        .iter()
        .map(|k| num(&after.books[*k]) as i64)
        .sum();
    let balance = after.balances.get(REWARDS).copied().unwrap_or(0);
    if books != balance {
        c.fail(format!(
            "pool.reward's balance {balance} != pool + annual_pending + unclaimed + infra = {books}"
        ));
    }
    // Snapshots: each splits exactly pool - carried.
    let mut allocated: BTreeMap<String, i64> = BTreeMap::new();
    let mut earliest_deadline = i64::MAX;
    for (day, s) in &run.snapshots {
        let shares: Vec<&Value> = s["paid"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let sum: u64 = shares.iter().map(|p| num(&p["amount"])).sum();
        if sum != num(&s["pool"]) - num(&s["carried"]) {
            c.fail(format!(
                "snapshot of day {day}: allocated {sum} != pool {} - carried {}",
                s["pool"], s["carried"]
            ));
        }
        for p in shares {
            *allocated
                .entry(p["member"].as_str().unwrap_or_default().to_string())
                .or_insert(0) += num(&p["amount"]) as i64;
        }
        earliest_deadline =
            earliest_deadline.min(s["claim_until"].as_str().map_or(i64::MAX, iso_to_unix));
    }
    let mut unclaimed: BTreeMap<String, i64> = BTreeMap::new();
    for a in chain.table(REWARDS, REWARDS, "allocs") {
        *unclaimed
            .entry(a["member"].as_str().unwrap_or_default().to_string())
            .or_insert(0) += num(&a["amount"]) as i64;
    }
    let rows_sum: i64 = unclaimed.values().sum();
    if rows_sum != num(&after.books["unclaimed"]) as i64 {
        c.fail(format!(
            "allocation rows sum to {rows_sum}, state.unclaimed {}",
            after.books["unclaimed"]
        ));
    }
    let now = chain.head_time();
    if num(&before.books["claimed"]) != 0 {
        c.note("claims before the load: per-member allocation check skipped".into());
    } else if now >= earliest_deadline {
        // Allocations may have expired and gone back to a pool: what was
        // allocated is then at least what was claimed plus what is left.
        c.note(format!(
            "the run outlasted a claim window (head {now} >= {earliest_deadline}): allocated >= claimed + unclaimed checked per member"
        ));
        for (m, a) in &allocated {
            let got = claimed.get(m).copied().unwrap_or(0) + unclaimed.get(m).copied().unwrap_or(0);
            if got > *a {
                c.fail(format!("{m}: allocated {a}, claimed + unclaimed {got}"));
            }
        }
    } else {
        let members: Vec<&String> = allocated
            .keys()
            .chain(claimed.keys())
            .chain(unclaimed.keys())
            .collect();
        for m in members {
            let a = allocated.get(m).copied().unwrap_or(0);
            let got = claimed.get(m).copied().unwrap_or(0) + unclaimed.get(m).copied().unwrap_or(0);
            if got != a {
                c.fail(format!(
                    "{m}: allocated {a} in the snapshots, claimed {} + unclaimed {}",
                    claimed.get(m).copied().unwrap_or(0),
                    unclaimed.get(m).copied().unwrap_or(0)
                ));
            }
        }
    }
    c.note(format!(
        "{} snapshots; {claims} accepted claims paid {total_claimed}; {} still allocated; income during the load {income}",
        run.snapshots.len(),
        rows_sum
    ));
    c
}
