//! Shared pieces of the benchmarks (`src/bin/bench_suite.rs`): series
//! statistics, multi-action transactions for fast set-up, RAM readings,
//! time helpers, and the fixture every suite benchmark stands on (a fresh
//! token, charter and members instance with hundreds of registered
//! members, the first of them approved, staked and voted).
//!
//! Benchmarks are not tests: nothing here asserts a time. A set-up step
//! that fails panics with the chain's message.

use crate::{error_message, iso_to_unix, unique_name, Chain, PushError, Pushed, DEV_PUBLIC_KEY};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The symbol of the benchmark token (a fresh token contract per run).
pub const SYMBOL: &str = "4,BNCH";
/// The symbol's code, for amounts (`"1.0000 BNCH"`).
pub const CODE: &str = "BNCH";

/// Actions per set-up transaction: well under the 150 ms transaction
/// limit for every action used here (the largest set-up transaction's
/// billed CPU is printed at the end of a run).
pub const ACTIONS_PER_TX: usize = 40;

// --- series -------------------------------------------------------------------------

/// Median (the upper middle for an even count) and worst of a series of
/// microseconds; `(0, 0)` for an empty one.
pub fn median_worst(v: &[u64]) -> (u64, u64) {
    if v.is_empty() {
        return (0, 0);
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    (s[s.len() / 2], s[s.len() - 1])
}

/// Measurements of one case: the measured action's own `elapsed`, all
/// action traces of the transaction summed (inline actions and
/// notifications included), and the billed CPU of the transaction.
#[derive(Clone, Debug, Default)]
pub struct Samples {
    pub action: Vec<u64>,
    pub total: Vec<u64>,
    pub billed: Vec<u64>,
    pub net: Vec<u64>,
}

impl Samples {
    pub fn add(&mut self, p: &Pushed) {
        self.action.push(p.action_elapsed_us());
        self.total.push(p.total_elapsed_us());
        self.billed.push(p.billed_cpu_us());
        self.net.push(p.net_bytes());
    }

    pub fn runs(&self) -> usize {
        self.action.len()
    }

    /// `median | worst` of the action's elapsed.
    pub fn action_cols(&self) -> String {
        let (m, w) = median_worst(&self.action);
        format!("{m} | {w}")
    }

    /// `median | worst` of the whole transaction's action traces.
    pub fn total_cols(&self) -> String {
        let (m, w) = median_worst(&self.total);
        format!("{m} | {w}")
    }

    /// `median | worst` of the billed CPU.
    pub fn billed_cols(&self) -> String {
        let (m, w) = median_worst(&self.billed);
        format!("{m} | {w}")
    }

    /// The largest net usage, in bytes.
    pub fn net_max(&self) -> u64 {
        self.net.iter().copied().max().unwrap_or(0)
    }
}

impl Pushed {
    /// Every action trace's `elapsed` summed: the measured action, its
    /// inline actions and every notification.
    pub fn total_elapsed_us(&self) -> u64 {
        self.trace["processed"]["action_traces"]
            .as_array()
            .map_or(0, |traces| {
                traces.iter().filter_map(|t| t["elapsed"].as_u64()).sum()
            })
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
}

// --- transactions -----------------------------------------------------------------------

/// One action for [`Chain::push_actions`]: `account::name` with `data` (JSON,
/// serialized by cleos from the contract's ABI), authorized by
/// `actor@active`.
pub fn action(account: &str, name: &str, actor: &str, data: Value) -> Value {
    json!({"account": account, "name": name,
           "authorization": [{"actor": actor, "permission": "active"}],
           "data": data})
}

static TX_COUNTER: AtomicU32 = AtomicU32::new(0);

/// What the set-up transactions of a run cost at most.
#[derive(Clone, Debug, Default)]
pub struct SetupCost {
    pub transactions: usize,
    pub actions: usize,
    pub max_billed_us: u64,
    pub max_actions_in_tx: usize,
}

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
            cost.transactions += 1;
            cost.actions += chunk.len();
            cost.max_billed_us = cost.max_billed_us.max(pushed.billed_cpu_us());
            cost.max_actions_in_tx = cost.max_actions_in_tx.max(chunk.len());
        }
    }

    /// `n` fresh accounts with the development key, named `prefix` + a
    /// unique suffix, created by `eosio::newaccount` (eosio.bios), 40 per
    /// transaction.
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
        self.push_batches("newaccount", &actions, ACTIONS_PER_TX, cost);
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
}

// --- time --------------------------------------------------------------------------------

/// Unix seconds -> `2026-11-21T05:25:12` (UTC), the JSON form of
/// `time_point_sec`; the inverse of [`iso_to_unix`].
pub fn unix_to_iso(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Days since 1970-01-01 -> civil date (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `amount` whole tokens of the benchmark symbol, as an asset string.
pub fn tokens(amount: u64) -> String {
    format!("{amount}.0000 {CODE}")
}

// --- the fixture --------------------------------------------------------------------------

/// RAM one row costs its payer, measured as the payer's `ram_usage` delta
/// around the action that creates it.
#[derive(Clone, Debug)]
pub struct RamRow {
    pub row: String,
    pub payer: String,
    pub bytes: i64,
}

/// A fresh token, charter and members instance: `registered` members
/// (signed the constitution and registered; pending), of which the first
/// `voted` are approved, staked and vote for themselves with distinct
/// stakes, so that `members[i]` ranks `i`-th.
pub struct Pool {
    pub token: String,
    pub issuer: String,
    pub charter: String,
    pub members_contract: String,
    pub members: Vec<String>,
    pub voted: usize,
    pub ram: Vec<RamRow>,
    pub setup: SetupCost,
}

/// The url every benchmark member registers with: a typical length.
fn member_url(account: &str) -> String {
    format!("https://{account}.example.org")
}

/// The stake of the `i`-th voted member, in whole tokens: distinct and
/// decreasing, so the ranking is the order of `Pool::members`.
pub fn stake_of(i: usize) -> u64 {
    10_000 - i as u64 * 10
}

/// Measures the RAM delta of `payer` around `push`.
fn measure_row(chain: &Chain, row: &str, payer: &str, label: &str, push: impl FnOnce()) -> RamRow {
    let before = chain.ram_usage(payer);
    push();
    RamRow {
        row: row.to_string(),
        payer: label.to_string(),
        bytes: chain.ram_usage(payer) - before,
    }
}

fn push_one(chain: &Chain, act: Value) -> Pushed {
    let what = format!(
        "{}::{}",
        act["account"].as_str().unwrap_or(""),
        act["name"].as_str().unwrap_or("")
    );
    chain
        .push_actions(&[act])
        .unwrap_or_else(|e| panic!("{what}: {}", e.message))
}

impl Pool {
    /// Deploys and configures the fixture (see the type). The first member
    /// goes through every step alone, to measure the RAM of each row it
    /// pays; the others in batches.
    pub fn setup(chain: &Chain, code: &Contracts, registered: usize, voted: usize) -> Pool {
        assert!(voted <= registered && voted >= 2);
        let mut setup = SetupCost::default();
        let mut ram = Vec::new();
        let infra = chain.create_accounts("bp", 4, &mut setup);
        let (token, issuer, charter, members_contract) =
            (&infra[0], &infra[1], &infra[2], &infra[3]);
        code.deploy(chain, token, "token");
        code.deploy(chain, charter, "charter");
        code.deploy(chain, members_contract, "members");
        let supply = 1_000_000_000u64;
        let admin = vec![
            action(
                token,
                "create",
                token,
                json!({"issuer": issuer, "maximum_supply": tokens(supply)}),
            ),
            action(
                charter,
                "setconfig",
                charter,
                json!({"governance": "", "members": members_contract, "rewards": "", "fees": "",
                       "appeal_window_sec": 259_200, "max_open_cases": 5,
                       "grace_period_sec": 604_800}),
            ),
            action(
                charter,
                "newversion",
                charter,
                json!({"hash": CONSTITUTION_HASH, "url": "https://pool.example/constitution/v1.md"}),
            ),
            action(
                members_contract,
                "setconfig",
                members_contract,
                json!({"governance": "", "token_contract": token, "stake_symbol": SYMBOL,
                       "charter": charter, "fees": "", "auto_approve": false,
                       "refund_delay_sec": 259_200}),
            ),
        ];
        chain.push_batches("fixture configuration", &admin, ACTIONS_PER_TX, &mut setup);
        let issue = action(
            token,
            "issue",
            issuer,
            json!({"to": issuer, "quantity": tokens(supply / 10), "memo": "bench"}),
        );
        chain.push_batches("issue", &[issue], 1, &mut setup);

        let members = chain.create_accounts("bm", registered, &mut setup);
        let sign = |m: &str| {
            action(
                charter,
                "sign",
                m,
                json!({"account": m, "hash": CONSTITUTION_HASH}),
            )
        };
        let regmember = |m: &str| {
            action(
                members_contract,
                "regmember",
                m,
                json!({"account": m, "url": member_url(m), "location": 840,
                       "producer_key": DEV_PUBLIC_KEY}),
            )
        };
        let approve = |m: &str| {
            action(
                members_contract,
                "approve",
                members_contract,
                json!({ "account": m }),
            )
        };
        let fund = |i: usize, m: &str| {
            action(
                token,
                "transfer",
                issuer,
                json!({"from": issuer, "to": m, "quantity": tokens(stake_of(i) + 10), "memo": "bench"}),
            )
        };
        let openstake = |m: &str| action(members_contract, "openstake", m, json!({ "owner": m }));
        let stake = |i: usize, m: &str| {
            action(
                token,
                "transfer",
                m,
                json!({"from": m, "to": members_contract, "quantity": tokens(stake_of(i)), "memo": "stake"}),
            )
        };
        let vote = |m: &str| {
            action(
                members_contract,
                "vote",
                m,
                json!({"voter": m, "producers": [m]}),
            )
        };

        // The first two members alone, step by step: the RAM of each row
        // they (or the issuer) pay. The second member's rows are the
        // figures (its tables exist); the first member's `members` row
        // also pays for the table itself, which gives that overhead.
        let mut single = |i: usize| -> Vec<RamRow> {
            let m = &members[i];
            let mut rows = vec![
                measure_row(
                    chain,
                    "charter `signatures` (one signature)",
                    m,
                    "the signer",
                    || {
                        push_one(chain, sign(m));
                    },
                ),
                measure_row(
                    chain,
                    &format!("members `members` (url of {} bytes)", member_url(m).len()),
                    m,
                    "the member",
                    || {
                        push_one(chain, regmember(m));
                    },
                ),
                measure_row(
                    chain,
                    "token `accounts` (a balance; a scope of its own)",
                    issuer,
                    "the sender of the first transfer",
                    || {
                        push_one(chain, fund(i, m));
                    },
                ),
                measure_row(chain, "members `stakes`", m, "the owner", || {
                    push_one(chain, openstake(m));
                    push_one(chain, approve(m));
                }),
            ];
            push_one(chain, stake(i, m));
            rows.push(measure_row(
                chain,
                "members `voters` (one producer listed)",
                m,
                "the voter",
                || {
                    push_one(chain, vote(m));
                },
            ));
            setup.transactions += 7;
            setup.actions += 7;
            rows
        };
        let first = single(0);
        let second = single(1);
        ram.extend(second.iter().cloned());
        if let (Some(a), Some(b)) = (first.get(1), second.get(1)) {
            ram.push(RamRow {
                row: "a table's first row in a scope, on top of the row (members `members`, first member vs second)".into(),
                payer: "the first row's payer".into(),
                bytes: a.bytes - b.bytes,
            });
        }

        // The others in batches.
        let rest = &members[2..];
        let reg: Vec<Value> = rest.iter().flat_map(|m| [sign(m), regmember(m)]).collect();
        chain.push_batches("sign + regmember", &reg, ACTIONS_PER_TX, &mut setup);
        let voters = &members[2..voted];
        let approvals: Vec<Value> = voters.iter().map(|m| approve(m)).collect();
        chain.push_batches("approve", &approvals, ACTIONS_PER_TX, &mut setup);
        let funding: Vec<Value> = voters
            .iter()
            .enumerate()
            .map(|(i, m)| fund(i + 2, m))
            .collect();
        chain.push_batches("fund", &funding, ACTIONS_PER_TX, &mut setup);
        let votes: Vec<Value> = voters
            .iter()
            .enumerate()
            .flat_map(|(i, m)| [openstake(m), stake(i + 2, m), vote(m)])
            .collect();
        chain.push_batches("openstake + stake + vote", &votes, 39, &mut setup);

        // The ranking is the order of `members`.
        let ranking = chain.http(
            "/v1/chain/get_table_rows",
            &json!({"json": true, "code": members_contract, "scope": members_contract,
                    "table": "members", "index_position": 2, "key_type": "i64",
                    "reverse": true, "limit": voted}),
        );
        let ranked: Vec<String> = ranking
            .map(|r| {
                r["rows"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|row| row["account"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            ranked,
            members[..voted].to_vec(),
            "the ranking is not the expected order"
        );

        Pool {
            token: token.clone(),
            issuer: issuer.clone(),
            charter: charter.clone(),
            members_contract: members_contract.clone(),
            members,
            voted,
            ram,
            setup,
        }
    }
}

/// A private copy of the built contracts (`target/wasm/<name>.wasm`,
/// `abi/<name>.abi`), taken once at the start: a rebuild running at the
/// same time (the workspace is shared) cannot hand a deployment a
/// half-written file.
pub struct Contracts {
    dir: PathBuf,
}

impl Contracts {
    /// Copies every contract in `names`, waiting (up to a minute each)
    /// while a file is missing or not yet a whole wasm module.
    pub fn snapshot(chain: &Chain, names: &[&str]) -> Contracts {
        let dir = std::env::temp_dir().join(format!("pool-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for name in names {
            let wasm = chain.wasm(name);
            let abi = chain.abi(name);
            let mut tries = 0;
            let (code, abi_text) = loop {
                let code = std::fs::read(&wasm).unwrap_or_default();
                let abi_text = std::fs::read_to_string(&abi).unwrap_or_default();
                let whole =
                    code.starts_with(b"\0asm") && serde_json::from_str::<Value>(&abi_text).is_ok();
                // Read again after a pause: a file being written changes.
                std::thread::sleep(Duration::from_millis(200));
                if whole && std::fs::read(&wasm).unwrap_or_default() == code {
                    break (code, abi_text);
                }
                tries += 1;
                assert!(
                    tries < 300,
                    "{} is not a complete wasm module",
                    wasm.display()
                );
            };
            std::fs::write(dir.join(format!("{name}.wasm")), code).expect("copy wasm");
            std::fs::write(dir.join(format!("{name}.abi")), abi_text).expect("copy abi");
        }
        Contracts { dir }
    }

    pub fn wasm(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.wasm"))
    }

    pub fn abi(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.abi"))
    }

    /// Deploys the copy of contract `name` to `account`.
    pub fn deploy(&self, chain: &Chain, account: &str, name: &str) {
        chain.deploy(account, &self.wasm(name), &self.abi(name));
    }

    /// The size of the copied wasm, in bytes.
    pub fn size(&self, name: &str) -> u64 {
        std::fs::metadata(self.wasm(name)).map_or(0, |m| m.len())
    }
}

impl Drop for Contracts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The constitution version the fixture publishes and every member signs.
pub const CONSTITUTION_HASH: &str =
    "5f1c0b0e2a9d4c3b8e7f6a5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a2910";

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
    fn median_and_worst() {
        assert_eq!(median_worst(&[]), (0, 0));
        assert_eq!(median_worst(&[5, 1, 9]), (5, 9));
        assert_eq!(median_worst(&[4, 1, 9, 2]), (4, 9));
    }
}
