//! Pushing and reading for the performance driver: one action with its
//! trace, multi-action transactions for fast set-up, accounts in bulk,
//! RAM readings, waiting for block time, and the time format of
//! `time_point_sec` arguments.
//!
//! A set-up step that fails panics with the chain's message: the report is
//! only written from a run in which every step did what it should.

use crate::{
    error_message, iso_to_unix, unique_name, unix_to_iso, Chain, PushError, Pushed, DEV_PUBLIC_KEY,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Actions per set-up transaction when nothing else is said: well under
/// the transaction CPU limit for every action used in set-up.
pub const ACTIONS_PER_TX: usize = 40;

/// One action for [`Chain::push_actions`]: `account::name` with `data`
/// (JSON, serialized by cleos from the contract's ABI), authorized by
/// `actor@active`.
pub fn action(account: &str, name: &str, actor: &str, data: Value) -> Value {
    json!({"account": account, "name": name,
           "authorization": [{"actor": actor, "permission": "active"}],
           "data": data})
}

/// Pushes one action that must succeed; panics with the chain's message.
pub fn push(chain: &Chain, account: &str, name: &str, actor: &str, data: Value) -> Pushed {
    chain
        .push(account, name, &data, actor)
        .unwrap_or_else(|e| panic!("{account}::{name} by {actor}: {}", e.message))
}

/// What the set-up transactions of a run cost at most.
#[derive(Clone, Debug, Default)]
pub struct SetupCost {
    pub transactions: usize,
    pub actions: usize,
    pub max_billed_us: u64,
    pub max_actions_in_tx: usize,
}

impl SetupCost {
    fn add(&mut self, actions: usize, pushed: &Pushed) {
        self.transactions += 1;
        self.actions += actions;
        self.max_billed_us = self.max_billed_us.max(pushed.billed_cpu_us());
        self.max_actions_in_tx = self.max_actions_in_tx.max(actions);
    }
}

static TX_COUNTER: AtomicU32 = AtomicU32::new(0);

impl Chain {
    /// `cleos push transaction '{"actions": [...]}' -j`: several actions,
    /// possibly of several signers (the wallet holds the development key
    /// every account here uses), in one transaction.
    pub fn push_actions(&self, actions: &[Value]) -> Result<Pushed, PushError> {
        let trx = json!({ "actions": actions }).to_string();
        // Distinct expirations: two identical transactions in one block
        // would be one id.
        let expiration = (90 + TX_COUNTER.fetch_add(1, Ordering::Relaxed) % 3000).to_string();
        match self.cleos(&["push", "transaction", &trx, "-j", "-x", &expiration]) {
            Ok(out) => serde_json::from_str(&out)
                .map(|trace| Pushed { trace })
                .map_err(|e| PushError {
                    message: format!("unparsable trace: {e}"),
                    raw: out,
                }),
            Err(raw) => Err(PushError {
                message: error_message(&raw),
                raw,
            }),
        }
    }

    /// Pushes `actions` in transactions of at most `per_tx` actions, in
    /// order; panics (naming `what`) on the first failure.
    pub fn push_batches(&self, what: &str, actions: &[Value], per_tx: usize, cost: &mut SetupCost) {
        for chunk in actions.chunks(per_tx.max(1)) {
            let pushed = self
                .push_actions(chunk)
                .unwrap_or_else(|e| panic!("{what}: {}", e.message));
            cost.add(chunk.len(), &pushed);
        }
    }

    /// `n` fresh accounts with the development key, named `prefix` + a
    /// unique suffix, created by `eosio::newaccount` (eosio.bios).
    pub fn create_accounts(&self, prefix: &str, n: usize, cost: &mut SetupCost) -> Vec<String> {
        let names: Vec<String> = (0..n).map(|_| unique_name(prefix)).collect();
        let auth = json!({"threshold": 1, "keys": [{"key": DEV_PUBLIC_KEY, "weight": 1}],
                          "accounts": [], "waits": []});
        let actions: Vec<Value> = names
            .iter()
            .map(|name| {
                action(
                    "eosio",
                    "newaccount",
                    "eosio",
                    json!({"creator": "eosio", "name": name, "owner": auth, "active": auth}),
                )
            })
            .collect();
        self.push_batches("newaccount", &actions, 50, cost);
        names
    }

    /// The RAM `account` uses, in bytes (`get_account.ram_usage`).
    pub fn ram_usage(&self, account: &str) -> i64 {
        self.http("/v1/chain/get_account", &json!({ "account_name": account }))
            .unwrap_or_else(|e| panic!("get_account {account}: {e}"))["ram_usage"]
            .as_i64()
            .unwrap_or(0)
    }

    /// Waits (polling every 100 ms) until the head block time is at least
    /// `t` (Unix seconds), at most `limit`; returns whether it was reached.
    pub fn wait_for_head_time(&self, t: i64, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if self.head_time() >= t {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// [`Chain::wait_for_head_time`], panicking when the time is not
    /// reached within `limit`.
    pub fn wait_until(&self, t: i64, limit: Duration) {
        assert!(
            self.wait_for_head_time(t, limit),
            "the chain's head block time did not reach {} within {limit:?}",
            unix_to_iso(t)
        );
    }

    /// `get_info.server_version_string`.
    pub fn server_version(&self) -> String {
        self.http("/v1/chain/get_info", &json!({}))
            .ok()
            .and_then(|i| i["server_version_string"].as_str().map(String::from))
            .unwrap_or_else(|| "unknown".into())
    }
}

/// The RAM `payer` pays for what `f` pushes: its `ram_usage` after minus
/// before, with the value `f` returns.
pub fn ram_delta<T>(chain: &Chain, payer: &str, f: impl FnOnce() -> T) -> (T, i64) {
    let before = chain.ram_usage(payer);
    let out = f();
    (out, chain.ram_usage(payer) - before)
}

impl Pushed {
    /// Every action trace's `elapsed` summed: the measured action, its
    /// inline actions and every notification.
    pub fn total_elapsed_us(&self) -> u64 {
        self.traces()
            .iter()
            .filter_map(|t| t["elapsed"].as_u64())
            .sum()
    }

    /// The `elapsed` of the trace of `receiver` handling `name` (a
    /// notification or an inline action); 0 if there is none.
    pub fn elapsed_at_us(&self, receiver: &str, name: &str) -> u64 {
        self.traces()
            .iter()
            .find(|t| t["receiver"] == receiver && t["act"]["name"] == name)
            .and_then(|t| t["elapsed"].as_u64())
            .unwrap_or(0)
    }

    /// The net usage billed for the transaction, in bytes.
    pub fn net_bytes(&self) -> u64 {
        self.trace["processed"]["receipt"]["net_usage_words"]
            .as_u64()
            .unwrap_or(0)
            * 8
    }

    /// The block time the transaction executed at, Unix seconds (rounded
    /// down).
    pub fn block_time(&self) -> i64 {
        self.trace["processed"]["block_time"]
            .as_str()
            .map_or(0, iso_to_unix)
    }

    /// What the first action printed.
    pub fn console(&self) -> String {
        self.traces()
            .first()
            .and_then(|t| t["console"].as_str())
            .unwrap_or("")
            .to_string()
    }

    fn traces(&self) -> Vec<Value> {
        self.trace["processed"]["action_traces"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// A 64-hex-digit value unique to `tag` and `i` (document hashes,
/// constitution versions): not a real digest, only distinct.
pub fn hex_id(tag: u32, i: usize) -> String {
    format!("{tag:08x}{:056x}", i as u128 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        for t in [
            0,
            86_399,
            951_782_400,
            1_795_219_200,
            1_795_263_912,
            4_102_444_800,
        ] {
            assert_eq!(iso_to_unix(&unix_to_iso(t)), t, "{}", unix_to_iso(t));
        }
        assert_eq!(unix_to_iso(1_795_219_200), "2026-11-21T00:00:00");
    }

    #[test]
    fn hex_ids_are_distinct_checksums() {
        assert_eq!(hex_id(1, 0).len(), 64);
        assert_ne!(hex_id(1, 0), hex_id(1, 1));
        assert_ne!(hex_id(1, 0), hex_id(2, 0));
        assert!(hex_id(7, 3).bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
