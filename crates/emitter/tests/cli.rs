//! The binary as a user runs it: simulate -> aggregate, bad lines, exit
//! codes, and `report` through its real HTTP client and cleos invocation.
//!
//! For `report`, a small HTTP server in this test stands in for nodeos and
//! a shell script stands in for cleos (it records the pushed data). They
//! are test doubles for the network only: the on-chain tests run `report`
//! against a real nodeos and the real metrics contract.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pool-emitter"))
}

/// A scratch directory, removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

fn temp_dir() -> TempDir {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "pool-emitter-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run pool-emitter")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn simulate(dir: &Path, extra: &[&str]) -> PathBuf {
    let log = dir.join("events.jsonl");
    let out = run(bin()
        .args([
            "simulate",
            "--members",
            "5",
            "--slots",
            "1200",
            "--seed",
            "1",
            "--out",
        ])
        .arg(&log)
        .args(extra));
    assert!(out.status.success(), "{}", text(&out.stderr));
    log
}

#[test]
fn simulate_then_aggregate_conserves_counts() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1200);
    let selected = lines.iter().filter(|l| !l["selected"].is_null()).count() as u64;
    let out = run(bin().arg("aggregate").arg(&log));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let windows: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // 1200 slots from an aligned start = 10 windows of 60 s.
    assert_eq!(windows.len(), 10);
    assert_eq!(windows[0]["start"], "2026-11-21T00:00:00");
    assert_eq!(windows[9]["end"], "2026-11-21T00:10:00");
    let sum: u64 = windows
        .iter()
        .flat_map(|w| w["entries"].as_array().unwrap())
        .map(|e| e["selected"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, selected);
    assert!(text(&out.stderr).contains("1200 lines, 0 bad; 10 windows of 60 s"));
    // Same seed, same log.
    let other = temp_dir();
    let again = simulate(&other, &[]);
    assert_eq!(std::fs::read(&log).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn aggregate_writes_report_action_data() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let out = run(bin().arg("aggregate").arg(&log).args([
        "--emitter",
        "emitter1",
        "--first-seq",
        "4",
        "--quiet",
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty());
    let first: Value = serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["emitter"], "emitter1");
    assert_eq!(first["seq"], 4);
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5);
    let entry = &first["entries"][0];
    for k in [
        "member",
        "slots",
        "proposed",
        "selected",
        "late",
        "latency_ms",
    ] {
        assert!(!entry[k].is_null(), "{k}");
    }
    let out = run(bin().arg("aggregate").arg(&log).args(["--max-batch", "3"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("more than --max-batch 3"));
}

#[test]
fn bad_lines_fail_by_default_and_are_counted_when_skipped() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let mut content = std::fs::read_to_string(&log).unwrap();
    content = content.replacen("\"late\":false", "\"late\":false,\"x\":1", 1);
    content.push_str("not json\n");
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, content).unwrap();

    let out = run(bin().arg("aggregate").arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("bad.jsonl:1: unknown field `x`"), "{err}");
    assert!(err.contains("--skip-bad-lines"), "{err}");

    let out = run(bin().arg("aggregate").arg(&bad).arg("--skip-bad-lines"));
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("skipped "), "{err}");
    assert!(err.contains("bad.jsonl:1201: expected"), "{err}");
    assert!(err.contains("skipped 2 bad lines of 1201"), "{err}");
}

#[test]
fn usage_errors_exit_1() {
    for args in [
        &["frobnicate"][..],
        &["simulate", "--members", "x"],
        &["simulate", "--sedd", "1"],
        &["aggregate", "/nonexistent/log"],
        &["report", "log.jsonl"],
    ] {
        let out = run(bin().args(args));
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).starts_with("pool-emitter: "));
    }
    let out = run(bin().args(["report", "--help"]));
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("--final-timeout"));
}

/// A stand-in for nodeos: get_info, get_table_rows (config, emitters),
/// get_block; the emitter row follows the pushes the stand-in cleos
/// recorded in `pushes`.
fn fake_node(pushes: PathBuf, head_time: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        // A block per request: the chain moves on while the reporter waits.
        let mut head = 1000u64;
        for stream in listener.incoming() {
            head += 1;
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .to_string();
            let mut length = 0;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h == "\r\n" || h.is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let recorded: Vec<Value> = std::fs::read_to_string(&pushes)
                .unwrap_or_default()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let answer = match (path.as_str(), req["table"].as_str()) {
                ("/v1/chain/get_info", _) => json!({
                    "head_block_num": head, "last_irreversible_block_num": head - 1,
                    "head_block_time": head_time
                }),
                ("/v1/chain/get_table_rows", Some("config")) => json!({"rows": [{
                    "governance": "pool.gov", "members": "pool.member", "quorum": 1,
                    "window_sec": 60, "day_sec": 86400, "max_batch": 10,
                    "retention_sec": 604800, "genesis": "2026-11-21T00:00:00"
                }], "more": false}),
                ("/v1/chain/get_table_rows", Some("state")) => json!({"rows": [{
                    "next_id": recorded.len(), "pruned_until": "1970-01-01T00:00:00"
                }], "more": false}),
                ("/v1/chain/get_table_rows", Some("emitters")) => {
                    let (seq, end) = match recorded.last() {
                        Some(p) => (p["seq"].clone(), p["end"].clone()),
                        None => (json!(0), json!("1970-01-01T00:00:00")),
                    };
                    json!({"rows": [{"emitter": "emitter1", "last_seq": seq, "last_end": end,
                                     "reports": recorded.len(), "registered_at": "2026-11-20T00:00:00"}],
                           "more": false})
                }
                ("/v1/chain/get_block", _) => {
                    let n = req["block_num_or_id"].as_u64().unwrap();
                    json!({"block_num": n, "transactions": [
                        {"status": "executed", "trx": {"id": format!("tx{}", n - 100)}}
                    ]})
                }
                _ => json!({"code": 404}),
            };
            let body = answer.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

/// A stand-in for cleos: checks the arguments, records the data, prints a
/// trace whose block holds tx<N> as block 100+N.
fn fake_cleos(dir: &Path, pushes: &Path) -> String {
    let script = dir.join("cleos.sh");
    std::fs::write(
        &script,
        format!(
            r#"#!/bin/sh
[ "$1 $2 $3 $4 $6 $7 $8" = "push action pool.metrics report -p emitter1@active -j" ] || {{ echo "bad args: $*" >&2; exit 1; }}
echo "$5" >> '{p}'
n=$(wc -l < '{p}')
echo "{{\"transaction_id\": \"tx$n\", \"processed\": {{\"block_num\": $((100 + n))}}}}"
"#,
            p = pushes.display()
        ),
    )
    .unwrap();
    format!("sh {}", script.display())
}

#[test]
fn report_pushes_through_cleos_and_resumes() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let pushes = dir.join("pushes.jsonl");
    let port = fake_node(pushes.clone(), "2026-11-21T06:00:00.000");
    let cleos = fake_cleos(&dir, &pushes);
    let report = |extra: &[&str]| {
        run(bin()
            .arg("report")
            .arg(&log)
            .args(["--emitter", "emitter1", "--url"])
            .arg(format!("http://127.0.0.1:{port}"))
            .args(["--cleos", &cleos, "--poll-ms", "10"])
            .args(extra))
    };
    let out = report(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("dry run: would push 10 windows"));
    assert!(!pushes.exists());

    let out = report(&["--limit", "4"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("irreversible up to seq 4 ending 2026-11-21T00:04:00"),
        "{stdout}"
    );
    assert!(
        stdout.contains("6 windows left for a later run"),
        "{stdout}"
    );

    let out = report(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("chain had seq 4 ending 2026-11-21T00:04:00"),
        "{stdout}"
    );
    assert!(stdout.contains("already on chain: 4"), "{stdout}");
    assert!(stdout.contains("irreversible up to seq 10"), "{stdout}");

    let recorded: Vec<Value> = std::fs::read_to_string(&pushes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seqs: Vec<u64> = recorded
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=10).collect::<Vec<_>>());
    assert_eq!(recorded[0]["start"], "2026-11-21T00:00:00");
    assert_eq!(recorded[9]["end"], "2026-11-21T00:10:00");
}

#[test]
fn report_holds_back_windows_ending_after_chain_time() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let pushes = dir.join("pushes.jsonl");
    let port = fake_node(pushes.clone(), "2026-11-21T00:03:30.000");
    let cleos = fake_cleos(&dir, &pushes);
    let out = run(bin()
        .arg("report")
        .arg(&log)
        .args(["--emitter", "emitter1", "--quiet", "--url"])
        .arg(format!("http://127.0.0.1:{port}"))
        .args(["--cleos", &cleos, "--poll-ms", "10"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("irreversible up to seq 3"), "{stdout}");
    assert!(
        stdout.contains("7 windows end after the chain's head time (2026-11-21T00:03:30.000)"),
        "{stdout}"
    );
}

#[test]
fn report_stops_on_a_contract_assertion_with_exit_2() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let pushes = dir.join("pushes.jsonl");
    let port = fake_node(pushes.clone(), "2026-11-21T06:00:00.000");
    let script = dir.join("reject.sh");
    std::fs::write(
        &script,
        r#"#!/bin/sh
cat <<'EOF'
{"transaction_id": "ab", "processed": {"block_num": 5, "except": {"code": 3050003,
 "name": "eosio_assert_message_exception", "message": "eosio_assert_message assertion failure",
 "stack": [{"format": "assertion failure with message: ${s}", "data": {"s": "member prod3 is not registered"}}]}}}
EOF
exit 1
"#,
    )
    .unwrap();
    let out = run(bin()
        .arg("report")
        .arg(&log)
        .args(["--emitter", "emitter1", "--quiet", "--url"])
        .arg(format!("http://127.0.0.1:{port}"))
        .arg("--cleos")
        .arg(format!("sh {}", script.display())));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "report seq 1 (window 2026-11-21T00:00:00) was refused: member prod3 is not registered"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn report_gives_up_with_exit_3_when_the_node_is_down() {
    let dir = temp_dir();
    let log = simulate(&dir, &[]);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run(bin()
        .arg("report")
        .arg(&log)
        .args([
            "--emitter",
            "emitter1",
            "--cleos",
            "false",
            "--retries",
            "2",
        ])
        .args(["--backoff-ms", "10", "--url"])
        .arg(format!("http://127.0.0.1:{port}")));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("gave up reading the metrics config after 3 failed attempts")
    );
}
