//! The set-up phase (not counted in the load): a constitution, producers
//! that signed it, registered and were approved, token holders with
//! distinct balances, voters who staked and vote, an anchor voter for
//! every producer, and income at pool.reward (an `annual` income, so that
//! every short day has a pool to split). Pushed with `cleos push
//! transaction`, 40 actions per transaction.
//!
//! Also the reading of the state the verification compares: every
//! balance, stake, vote, member total and the rewards books.

use super::mix::{Pool, Rng, MEMBERS, METRICS, REWARDS, TOKEN};
use crate::perf::tx::{action, SetupCost, ACTIONS_PER_TX};
use crate::{Chain, DEV_PUBLIC_KEY};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

const CHARTER: &str = "pool.charter";
const FEES: &str = "pool.fees";
const CONSTITUTION: &str = "docs/constitution-v1.md";

/// Each holder starts with `HOLDER_BASE + i` whole tokens.
const HOLDER_BASE: i64 = 1000;
/// Each voter stakes `STAKE_BASE + i` whole tokens at set-up.
const STAKE_BASE: i64 = 100;
/// The anchor's stake, whole tokens.
const ANCHOR_STAKE: i64 = 10_000;
/// Income at set-up: spread over 365 days, and for the open day.
const ANNUAL_INCOME: i64 = 365_000;
const DAY_INCOME: i64 = 500;

/// `n`-th name of a family: `prefix` + letters, `width` of them.
fn family(prefix: &str, i: usize, width: u32) -> String {
    let mut s = String::from(prefix);
    for p in (0..width).rev() {
        s.push((b'a' + (i / 26usize.pow(p) % 26) as u8) as char);
    }
    s
}

fn fail(msg: String) -> ! {
    eprintln!("load: {msg}");
    std::process::exit(1);
}

/// The hash of the latest constitution version, publishing
/// docs/constitution-v1.md as version 1 when there is none.
fn constitution(chain: &Chain) -> String {
    let config = chain.table(CHARTER, CHARTER, "config");
    if config.first().and_then(|c| c["governance"].as_str()) != Some("") {
        fail("pool.charter is administered by governance: the load test needs a freshly bootstrapped chain (scripts/load.sh starts one)".into());
    }
    if let Some(v) = chain.table(CHARTER, CHARTER, "versions").last() {
        return v["hash"].as_str().unwrap_or_default().to_string();
    }
    let out = std::process::Command::new("sha256sum")
        .arg(chain.root().join(CONSTITUTION))
        .output()
        .expect("sha256sum");
    let hash = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    chain
        .push(
            CHARTER,
            "newversion",
            &json!([hash, format!("https://pool.example/{CONSTITUTION}")]),
            CHARTER,
        )
        .unwrap_or_else(|e| fail(format!("publish the constitution: {}", e.message)));
    hash
}

/// `transfer` data as `cleos push transaction` takes it (named fields).
fn transfer(from: &str, to: &str, quantity: String, memo: &str) -> Value {
    json!({"from": from, "to": to, "quantity": quantity, "memo": memo})
}

fn tokens(whole: i64) -> String {
    format!("{whole}.0000 POOL")
}

/// Sets the pool up; returns who takes part and what the set-up cost.
pub fn set_up(
    chain: &Chain,
    producers: usize,
    holders: usize,
    voters: usize,
    seed: u64,
) -> (Pool, SetupCost) {
    if !chain.table(MEMBERS, MEMBERS, "members").is_empty() {
        fail("pool.member already has members: the load test needs a freshly bootstrapped chain (scripts/load.sh starts one)".into());
    }
    let mut cost = SetupCost::default();
    let hash = constitution(chain);
    let mut producer_names: Vec<String> =
        (0..producers).map(|i| family("loadprod", i, 1)).collect();
    producer_names.sort();
    let holder_names: Vec<String> = (0..holders).map(|i| family("loadh", i, 3)).collect();
    let anchor = "loadanchor".to_string();

    let auth = json!({"threshold": 1, "keys": [{"key": DEV_PUBLIC_KEY, "weight": 1}],
                      "accounts": [], "waits": []});
    let accounts: Vec<Value> = producer_names
        .iter()
        .chain(&holder_names)
        .chain(std::iter::once(&anchor))
        .map(|n| {
            action(
                "eosio",
                "newaccount",
                "eosio",
                json!({"creator": "eosio", "name": n, "owner": auth, "active": auth}),
            )
        })
        .collect();
    chain.push_batches("newaccount", &accounts, ACTIONS_PER_TX, &mut cost);

    let mut members = Vec::new();
    for p in &producer_names {
        members.push(action(
            CHARTER,
            "sign",
            p,
            json!({"account": p, "hash": hash}),
        ));
        members.push(action(
            MEMBERS,
            "regmember",
            p,
            json!({"account": p, "url": format!("https://{p}.example"), "location": 840, "producer_key": DEV_PUBLIC_KEY}),
        ));
        members.push(action(MEMBERS, "approve", MEMBERS, json!({"account": p})));
        // Claims are paid into the member's own balance row.
        members.push(action(
            TOKEN,
            "open",
            p,
            json!({"owner": p, "symbol": "4,POOL", "ram_payer": p}),
        ));
    }
    chain.push_batches("members", &members, ACTIONS_PER_TX, &mut cost);

    let holder_total: i64 = (0..holders as i64).map(|i| HOLDER_BASE + i).sum();
    let issue = holder_total + ANCHOR_STAKE + ANNUAL_INCOME + DAY_INCOME;
    let mut money = vec![action(
        TOKEN,
        "issue",
        TOKEN,
        json!({"to": TOKEN, "quantity": tokens(issue), "memo": "load set-up"}),
    )];
    for (i, h) in holder_names.iter().enumerate() {
        money.push(action(
            TOKEN,
            "transfer",
            TOKEN,
            transfer(TOKEN, h, tokens(HOLDER_BASE + i as i64), "load set-up"),
        ));
    }
    money.push(action(
        TOKEN,
        "transfer",
        TOKEN,
        transfer(TOKEN, &anchor, tokens(ANCHOR_STAKE), "load set-up"),
    ));
    money.push(action(
        TOKEN,
        "transfer",
        TOKEN,
        transfer(TOKEN, REWARDS, tokens(ANNUAL_INCOME), "annual"),
    ));
    money.push(action(
        TOKEN,
        "transfer",
        TOKEN,
        transfer(TOKEN, REWARDS, tokens(DAY_INCOME), "load set-up income"),
    ));
    chain.push_batches("tokens", &money, ACTIONS_PER_TX, &mut cost);

    let mut stakes = Vec::new();
    for (i, v) in holder_names.iter().take(voters).enumerate() {
        let mut rng = Rng::new(seed, (1 << 40) + i as u64);
        let k = 1 + rng.below(5) as usize;
        let mut picks: Vec<String> = Vec::new();
        while picks.len() < k {
            let p = &producer_names[rng.below(producer_names.len() as u64) as usize];
            if !picks.contains(p) {
                picks.push(p.clone());
            }
        }
        stakes.push(action(MEMBERS, "openstake", v, json!({"owner": v})));
        stakes.push(action(
            TOKEN,
            "transfer",
            v,
            transfer(v, MEMBERS, tokens(STAKE_BASE + i as i64), "stake"),
        ));
        stakes.push(action(
            MEMBERS,
            "vote",
            v,
            json!({"voter": v, "producers": picks}),
        ));
    }
    stakes.push(action(
        MEMBERS,
        "openstake",
        &anchor,
        json!({"owner": anchor}),
    ));
    stakes.push(action(
        TOKEN,
        "transfer",
        &anchor,
        transfer(&anchor, MEMBERS, tokens(ANCHOR_STAKE), "stake"),
    ));
    stakes.push(action(
        MEMBERS,
        "vote",
        &anchor,
        json!({"voter": anchor, "producers": producer_names}),
    ));
    chain.push_batches("stakes and votes", &stakes, ACTIONS_PER_TX, &mut cost);

    // Claims pay only for days that ended: wait for the end of the day
    // the set-up income arrived in (the first action of the load's next
    // day rolls it over into a snapshot).
    let day_sec = chain
        .table(REWARDS, REWARDS, "config")
        .first()
        .and_then(|c| c["day_sec"].as_i64())
        .unwrap_or(86_400);
    let income_day = chain.head_time() / day_sec;
    if day_sec <= 600 {
        chain.wait_for_head_time(
            (income_day + 1) * day_sec,
            Duration::from_secs(day_sec as u64 + 30),
        );
    }

    let endpoints: Vec<String> = chain
        .table(FEES, FEES, "endpoints")
        .iter()
        .filter_map(|e| e["endpoint"].as_str().map(str::to_string))
        .collect();
    let emitters: Vec<String> = chain
        .table(METRICS, METRICS, "emitters")
        .iter()
        .filter_map(|e| e["emitter"].as_str().map(str::to_string))
        .collect();
    let cfg = chain
        .table(METRICS, METRICS, "config")
        .first()
        .cloned()
        .unwrap_or_else(|| fail("pool.metrics is not configured".into()));
    if endpoints.is_empty() || emitters.is_empty() {
        fail(
            "pool.fees has no endpoints or pool.metrics no emitters: run scripts/bootstrap.sh"
                .into(),
        );
    }
    let pool = Pool {
        producers: producer_names,
        holders: holder_names,
        voters,
        anchor,
        endpoints,
        emitters,
        window_sec: cfg["window_sec"].as_u64().unwrap_or(60) as u32,
        day_sec: cfg["day_sec"].as_u64().unwrap_or(86_400) as u32,
    };
    (pool, cost)
}

// --- state -----------------------------------------------------------------------------------

/// What the verification compares before and after the load.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// POOL balance of every account that has a balance row.
    pub balances: BTreeMap<String, i64>,
    pub supply: i64,
    /// owner -> (staked, unstaking), units.
    pub stakes: BTreeMap<String, (i64, i64)>,
    /// voter -> (producers, weight).
    pub voters: BTreeMap<String, (Vec<String>, u64)>,
    /// member -> total_votes.
    pub totals: BTreeMap<String, u64>,
    /// pool.reward's `state` row.
    pub books: Value,
}

/// `"1.0000 POOL"` -> 10000; 0 for anything else.
pub fn asset_units(v: &Value) -> i64 {
    super::wire::units(v.as_str().unwrap_or(""))
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl State {
    pub fn read(chain: &Chain) -> State {
        let mut balances = BTreeMap::new();
        let mut lower = String::new();
        loop {
            let page = chain
                .http(
                    "/v1/chain/get_table_by_scope",
                    &json!({"code": TOKEN, "table": "accounts", "lower_bound": lower, "limit": 1000}),
                )
                .unwrap_or_else(|e| fail(format!("get_table_by_scope: {e}")));
            for row in page["rows"].as_array().cloned().unwrap_or_default() {
                let scope = row["scope"].as_str().unwrap_or_default().to_string();
                let balance = chain
                    .row(TOKEN, &scope, "accounts", "POOL")
                    .map(|r| asset_units(&r["balance"]));
                if let Some(b) = balance {
                    balances.insert(scope, b);
                }
            }
            match page["more"].as_str() {
                Some(next) if !next.is_empty() => lower = next.to_string(),
                _ => break,
            }
        }
        let supply = chain
            .table(TOKEN, "POOL", "stat")
            .first()
            .map(|s| asset_units(&s["supply"]))
            .unwrap_or(0);
        let stakes = chain
            .table(MEMBERS, MEMBERS, "stakes")
            .iter()
            .map(|s| {
                (
                    s["owner"].as_str().unwrap_or_default().to_string(),
                    (asset_units(&s["staked"]), asset_units(&s["unstaking"])),
                )
            })
            .collect();
        let voters = chain
            .table(MEMBERS, MEMBERS, "voters")
            .iter()
            .map(|v| {
                (
                    v["voter"].as_str().unwrap_or_default().to_string(),
                    (names(&v["producers"]), v["weight"].as_u64().unwrap_or(0)),
                )
            })
            .collect();
        let totals = chain
            .table(MEMBERS, MEMBERS, "members")
            .iter()
            .map(|m| {
                (
                    m["account"].as_str().unwrap_or_default().to_string(),
                    m["total_votes"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let books = chain
            .table(REWARDS, REWARDS, "state")
            .first()
            .cloned()
            .unwrap_or_default();
        State {
            balances,
            supply,
            stakes,
            voters,
            totals,
            books,
        }
    }
}
