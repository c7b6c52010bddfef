//! Shared helpers of the on-chain tests `fees.rs` and `rewards.rs`: push
//! outcomes, token amounts and balances, the actions executed by a
//! transaction (inline ones included), waiting for the chain's clock, and
//! a fresh DAC (token, members, charter) deployed to new accounts and
//! wired as `scripts/bootstrap.sh` wires the suite's own.
//!
//! Everything goes through `cleos` and the chain API (the harness in
//! `tests/src/lib.rs`); nothing here touches the suite's accounts.

#![allow(dead_code)]

pub use pool_onchain::{iso_to_unix, unix_to_iso, Chain, PushError, Pushed, DEV_PUBLIC_KEY};
use serde_json::{json, Value};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The token symbol of every DAC deployed here (each has its own token
/// contract, so the symbol never clashes).
pub const SYMBOL: &str = "4,POOL";

/// The hash of the constitution version every test DAC publishes.
pub const CONSTITUTION_HASH: &str =
    "1111111111111111111111111111111111111111111111111111111111111111";

/// The push succeeded; its trace.
#[track_caller]
pub fn ok(result: Result<Pushed, PushError>) -> Pushed {
    match result {
        Ok(pushed) => pushed,
        Err(e) => panic!("unexpected failure: {}\n{}", e.message, e.raw),
    }
}

/// The push failed with exactly `expected` (the assertion text).
#[track_caller]
pub fn fails(result: Result<Pushed, PushError>, expected: &str) {
    match result {
        Ok(p) => panic!("accepted, expected \"{expected}\": {}", p.trace),
        Err(e) => assert_eq!(e.message, expected, "raw error:\n{}", e.raw),
    }
}

/// `12.3456 POOL` -> 123456 (units of 0.0001).
pub fn units(asset: &str) -> i64 {
    let amount = asset.split_whitespace().next().expect("asset amount");
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    assert_eq!(frac.len(), 4, "a 4-decimal asset: {asset}");
    let negative = whole.starts_with('-');
    let whole: i64 = whole.trim_start_matches('-').parse().expect("whole part");
    let frac: i64 = frac.parse().expect("fraction");
    let value = whole * 10_000 + frac;
    if negative {
        -value
    } else {
        value
    }
}

/// 123456 -> `12.3456 POOL`.
pub fn pool(units: i64) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let u = units.unsigned_abs();
    format!("{sign}{}.{:04} POOL", u / 10_000, u % 10_000)
}

/// A `uint64` table field, whether nodeos printed it as a number or a
/// string.
pub fn num(v: &Value) -> u64 {
    match v {
        Value::Number(n) => n.as_u64().expect("unsigned"),
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
        other => panic!("not a number: {other}"),
    }
}

/// `owner`'s balance of POOL at `token`, in units; `None` without a row.
pub fn balance_row(chain: &Chain, token: &str, owner: &str) -> Option<i64> {
    chain
        .table(token, owner, "accounts")
        .iter()
        .filter_map(|r| r["balance"].as_str())
        .find(|b| b.ends_with(" POOL"))
        .map(units)
}

/// `owner`'s balance of POOL at `token`, in units (0 without a row).
pub fn balance(chain: &Chain, token: &str, owner: &str) -> i64 {
    balance_row(chain, token, owner).unwrap_or(0)
}

/// The singleton row of `code`'s `table` (scope `code`).
pub fn singleton(chain: &Chain, code: &str, table: &str) -> Value {
    chain
        .table(code, code, table)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{code} has no {table} row"))
}

/// Every action the transaction executed, inline actions and
/// notifications included, in execution order: nodeos lists them flat in
/// `processed.action_traces` (Leap) or nests them in `inline_traces`
/// (older nodes); both are read.
pub fn executed(trace: &Value) -> Vec<Value> {
    fn collect(traces: &Value, out: &mut Vec<Value>) {
        for t in traces.as_array().into_iter().flatten() {
            let ordinal = t["action_ordinal"].as_u64();
            let seen = ordinal.is_some()
                && out
                    .iter()
                    .any(|o: &Value| o["action_ordinal"].as_u64() == ordinal);
            if !seen {
                out.push(t.clone());
            }
            collect(&t["inline_traces"], out);
        }
    }
    let mut out = Vec::new();
    collect(&trace["processed"]["action_traces"], &mut out);
    out.sort_by_key(|t| t["action_ordinal"].as_u64().unwrap_or(0));
    out
}

/// A token transfer a transaction executed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    pub from: String,
    pub to: String,
    /// In units of 0.0001 POOL.
    pub amount: i64,
    pub memo: String,
    /// The authorization it carried, `actor@permission`.
    pub auth: Vec<String>,
    /// Whether an action of another contract sent it (inline), rather
    /// than the transaction itself.
    pub inline: bool,
}

/// The `transfer` actions `token` executed in the transaction (its own
/// execution, not the notifications of payer and payee).
pub fn transfers(pushed: &Pushed, token: &str) -> Vec<Transfer> {
    executed(&pushed.trace)
        .iter()
        .filter(|t| {
            t["receiver"] == token && t["act"]["account"] == token && t["act"]["name"] == "transfer"
        })
        .map(|t| {
            let d = &t["act"]["data"];
            Transfer {
                from: d["from"].as_str().unwrap_or_default().to_string(),
                to: d["to"].as_str().unwrap_or_default().to_string(),
                amount: units(d["quantity"].as_str().expect("quantity")),
                memo: d["memo"].as_str().unwrap_or_default().to_string(),
                auth: t["act"]["authorization"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        format!(
                            "{}@{}",
                            a["actor"].as_str().unwrap_or_default(),
                            a["permission"].as_str().unwrap_or_default()
                        )
                    })
                    .collect(),
                inline: t["creator_action_ordinal"].as_u64().unwrap_or(0) != 0,
            }
        })
        .collect()
}

/// The block time of a pushed transaction, in Unix seconds.
pub fn block_time(pushed: &Pushed) -> i64 {
    iso_to_unix(
        pushed.trace["processed"]["block_time"]
            .as_str()
            .expect("block_time"),
    )
}

/// Waits until the head block time is at least `t` (Unix seconds), so
/// that the next transaction's block time is past `t` whatever the
/// wall clock says. Fails after `t` + 30 s of wall time.
pub fn wait_until(chain: &Chain, t: i64) {
    let start = Instant::now();
    let limit = Duration::from_secs((t - chain.head_time()).max(0) as u64 + 30);
    while chain.head_time() < t {
        assert!(
            start.elapsed() < limit,
            "the head block time did not reach {t} (head {})",
            chain.head_time()
        );
        sleep(Duration::from_millis(100));
    }
}

/// A fresh token, members and charter on new accounts: the token created
/// and issued to the token account, the charter configured (no rewards,
/// no fees) with one constitution version, the members contract
/// configured (approval by its admin, refunds after 1 s) with the given
/// fees contract ("" for none). `<members>@inline` is set up as
/// bootstrap does: token transfers, plus fees charges when `fees` is set.
pub struct Dac {
    pub token: String,
    pub members: String,
    pub charter: String,
}

impl Dac {
    /// Creates and deploys the three accounts (not configured yet: see
    /// [`Dac::configure`]).
    pub fn deploy(chain: &Chain) -> Dac {
        let dac = Dac {
            token: chain.new_account("tok"),
            members: chain.new_account("mem"),
            charter: chain.new_account("cha"),
        };
        chain.deploy(&dac.token, &chain.wasm("token"), &chain.abi("token"));
        chain.deploy(&dac.members, &chain.wasm("members"), &chain.abi("members"));
        chain.deploy(&dac.charter, &chain.wasm("charter"), &chain.abi("charter"));
        dac
    }

    /// Creates and issues the token (1,000,000,000.0000 POOL to the token
    /// account), configures the charter (with `rewards` for forfeitures,
    /// "" for none) and publishes its first version, configures the
    /// members contract with `fees` ("" for none) and its `inline`
    /// permission.
    pub fn configure(&self, chain: &Chain, rewards: &str, fees: &str) {
        let supply = "1000000000.0000 POOL";
        ok(chain.push(
            &self.token,
            "create",
            &json!([self.token, supply]),
            &self.token,
        ));
        ok(chain.push(
            &self.token,
            "issue",
            &json!([self.token, supply, ""]),
            &self.token,
        ));
        ok(chain.push(
            &self.charter,
            "setconfig",
            &json!(["", self.members, rewards, "", 3600, 5, 86_400]),
            &self.charter,
        ));
        ok(chain.push(
            &self.charter,
            "newversion",
            &json!([CONSTITUTION_HASH, "https://pool.example/constitution-v1"]),
            &self.charter,
        ));
        ok(chain.push(
            &self.members,
            "setconfig",
            &json!(["", self.token, SYMBOL, self.charter, fees, false, 1]),
            &self.members,
        ));
        let mut links = vec![(self.token.as_str(), "transfer")];
        if !fees.is_empty() {
            links.push((fees, "charge"));
        }
        chain.set_inline_permission(&self.members, &links);
    }

    /// Sends `amount` units of POOL from the token account to `to`.
    pub fn fund(&self, chain: &Chain, to: &str, amount: i64) {
        ok(chain.push(
            &self.token,
            "transfer",
            &json!([self.token, to, pool(amount), "funding"]),
            &self.token,
        ));
    }

    /// `owner` opens its own (zero) balance row at the token.
    pub fn open_balance(&self, chain: &Chain, owner: &str) {
        ok(chain.push(&self.token, "open", &json!([owner, SYMBOL, owner]), owner));
    }

    /// `account` signs the constitution and registers (what a producer
    /// does); returns the `regmember` trace.
    pub fn sign_and_register(&self, chain: &Chain, account: &str) -> Pushed {
        ok(chain.push(
            &self.charter,
            "sign",
            &json!([account, CONSTITUTION_HASH]),
            account,
        ));
        ok(chain.push(
            &self.members,
            "regmember",
            &json!([
                account,
                format!("https://{account}.example"),
                840,
                DEV_PUBLIC_KEY
            ]),
            account,
        ))
    }

    /// The members contract's admin approves `account`.
    pub fn approve(&self, chain: &Chain, account: &str) {
        ok(chain.push(&self.members, "approve", &json!([account]), &self.members));
    }

    /// `holder` (funded with at least `amount`) stakes `amount` units and
    /// votes for `producers`.
    pub fn stake_and_vote(&self, chain: &Chain, holder: &str, amount: i64, producers: &[&str]) {
        ok(chain.push(&self.members, "openstake", &json!([holder]), holder));
        ok(chain.push(
            &self.token,
            "transfer",
            &json!([holder, self.members, pool(amount), "stake"]),
            holder,
        ));
        ok(chain.push(&self.members, "vote", &json!([holder, producers]), holder));
    }

    /// The member row of `account`.
    pub fn member(&self, chain: &Chain, account: &str) -> Value {
        chain
            .row(&self.members, &self.members, "members", account)
            .unwrap_or_else(|| panic!("{account} has no member row"))
    }
}

#[test]
fn unix_to_iso_inverts_iso_to_unix() {
    for t in [0, 951_782_400, 1_795_219_200, 1_795_238_712, 4_107_542_399] {
        assert_eq!(iso_to_unix(&unix_to_iso(t)), t, "{}", unix_to_iso(t));
    }
    assert_eq!(unix_to_iso(1_795_219_200), "2026-11-21T00:00:00");
}
