//! On chain: the emitter simulator runs a day of a 5-member pool with one
//! flaky member; the reporter pushes it to a metrics contract; the day's
//! aggregates on chain equal the totals counted from the simulator's own
//! event log, exactly; and killing the reporter mid-run (SIGKILL) and
//! restarting it loses and duplicates nothing. The test deploys its own
//! token, charter, members and metrics instances with a 10-minute day
//! (60-second windows), so a whole day is 10 reports.
//!
//! Run by `scripts/test.sh` (`cargo test -p pool-onchain -- --ignored`).

use antelope_sdk::Name;
use pool_onchain::{Chain, DEV_PUBLIC_KEY};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const DAY_SEC: i64 = 600;
const WINDOW_SEC: i64 = 60;
const HASH: &str = "3333333333333333333333333333333333333333333333333333333333333333";

#[track_caller]
fn ok(result: Result<pool_onchain::Pushed, pool_onchain::PushError>) {
    if let Err(e) = result {
        panic!("unexpected failure: {}\n{}", e.message, e.raw);
    }
}

/// The reporter binary, built from the workspace.
fn emitter_binary(chain: &Chain) -> PathBuf {
    let status = Command::new("cargo")
        .args(["build", "--quiet", "-p", "pool-emitter"])
        .current_dir(chain.root())
        .status()
        .expect("cargo build -p pool-emitter");
    assert!(status.success(), "building pool-emitter failed");
    chain.root().join("target/debug/pool-emitter")
}

fn iso(unix: i64) -> String {
    antelope_sdk::TimePointSec::from_secs(unix as u32).to_string()
}

/// Per-member totals counted straight from the event log: slots naming
/// the member (proposals or missed), proposals, selections, late
/// proposals, summed latency.
fn totals_from_log(log: &str) -> BTreeMap<String, [u64; 5]> {
    let mut totals: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for line in log.lines() {
        let slot: Value = serde_json::from_str(line).expect("event log line");
        for p in slot["proposals"].as_array().expect("proposals") {
            let t = totals
                .entry(p["member"].as_str().unwrap().to_string())
                .or_default();
            t[0] += 1;
            t[1] += 1;
            t[3] += p["late"].as_bool().unwrap() as u64;
            t[4] += p["latency_ms"].as_u64().unwrap();
        }
        for m in slot["missed"].as_array().expect("missed") {
            totals.entry(m.as_str().unwrap().to_string()).or_default()[0] += 1;
        }
        if let Some(s) = slot["selected"].as_str() {
            totals.entry(s.to_string()).or_default()[2] += 1;
        }
    }
    totals
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn a_simulated_day_reported_with_a_crash_arrives_exactly_once() {
    let chain = Chain::get();
    let binary = emitter_binary(chain);
    let (tok, cha, mem, met) = (
        chain.new_account("tok"),
        chain.new_account("cha"),
        chain.new_account("mem"),
        chain.new_account("met"),
    );
    let emitter = chain.new_account("emt");
    chain.deploy(&tok, &chain.wasm("token"), &chain.abi("token"));
    chain.deploy(&cha, &chain.wasm("charter"), &chain.abi("charter"));
    chain.deploy(&mem, &chain.wasm("members"), &chain.abi("members"));
    chain.deploy(&met, &chain.wasm("metrics"), &chain.abi("metrics"));

    // Five registered members.
    ok(chain.push(&tok, "create", &json!([tok, "1000000.0000 POOL"]), &tok));
    ok(chain.push(
        &cha,
        "setconfig",
        &json!(["", mem, "", "", 60, 5, 60]),
        &cha,
    ));
    ok(chain.push(
        &mem,
        "setconfig",
        &json!(["", tok, "4,POOL", cha, "", true, 1]),
        &mem,
    ));
    ok(chain.push(
        &cha,
        "newversion",
        &json!([HASH, "https://pool.example/c"]),
        &cha,
    ));
    let members: Vec<String> = (0..5).map(|_| chain.new_account("m")).collect();
    for m in &members {
        ok(chain.push(&cha, "sign", &json!([m, HASH]), m));
        ok(chain.push(
            &mem,
            "regmember",
            &json!([m, "https://m.example", 0, DEV_PUBLIC_KEY]),
            m,
        ));
    }

    // Metrics with a 10-minute day; the day simulated is the last whole
    // one before the head block.
    let head = chain.head_time();
    let day_start = (head / DAY_SEC - 1) * DAY_SEC;
    ok(chain.push(
        &met,
        "setconfig",
        &json!([
            "",
            mem,
            1,
            WINDOW_SEC,
            DAY_SEC,
            100,
            DAY_SEC,
            iso(day_start)
        ]),
        &met,
    ));
    ok(chain.push(&met, "regemitter", &json!([emitter]), &met));

    // The simulator: the fifth member is flaky (20% outage chance per slot).
    let dir = std::env::temp_dir().join(format!("pool-emitter-{emitter}"));
    std::fs::create_dir_all(&dir).unwrap();
    let log_path = dir.join("events.jsonl");
    let out = Command::new(&binary)
        .args([
            "simulate",
            "--member-names",
            &members.join(","),
            "--slots",
            &(2 * DAY_SEC).to_string(),
        ])
        .args([
            "--seed",
            "42",
            "--start",
            &iso(day_start),
            "--outage-prob",
            "0.002,0.002,0.002,0.002,0.2",
        ])
        .args([
            "--outage-mean-slots",
            "20,20,20,20,5",
            "--out",
            log_path.to_str().unwrap(),
            "--quiet",
        ])
        .output()
        .expect("run simulate");
    assert!(
        out.status.success(),
        "simulate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(&log_path).unwrap();
    let expected = totals_from_log(&log);
    assert_eq!(expected.len(), 5);
    let flaky = &expected[&members[4]];
    assert!(flaky[1] < flaky[0], "the flaky member missed slots");

    let report = || {
        let mut c = Command::new(&binary);
        c.args([
            "report",
            log_path.to_str().unwrap(),
            "--emitter",
            &emitter,
            "--contract",
            &met,
        ])
        .args([
            "--env",
            chain.root().join("scripts/env.sh").to_str().unwrap(),
            "--quiet",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        c
    };
    let last_seq = || {
        chain
            .row(&met, &met, "emitters", &emitter)
            .map(|r| r["last_seq"].as_u64().unwrap())
            .unwrap_or(0)
    };

    // Run 1, killed (SIGKILL) once a few reports are on chain.
    let mut child = report().spawn().expect("start reporter");
    let start = Instant::now();
    while last_seq() < 3 && start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    let at_kill = last_seq();
    let windows = (DAY_SEC / WINDOW_SEC) as u64;
    assert!(
        at_kill >= 3,
        "the reporter made progress before the kill ({at_kill})"
    );
    assert!(
        at_kill < windows,
        "the reporter was killed mid-run ({at_kill} of {windows})"
    );
    println!("reporter killed after seq {at_kill} of {windows}");

    // Run 2 resumes and finishes; run 3 finds nothing to do.
    for run in [2, 3] {
        let out = report().output().expect("rerun reporter");
        assert!(
            out.status.success(),
            "run {run}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(last_seq(), windows, "one report per window");

    // Exactly one report per seq and per window.
    let reports: Vec<Value> = chain
        .table(&met, &met, "reports")
        .into_iter()
        .filter(|r| r["emitter"] == emitter.as_str())
        .collect();
    let seqs: Vec<u64> = reports.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    let mut starts: Vec<String> = reports
        .iter()
        .map(|r| r["start"].as_str().unwrap().to_string())
        .collect();
    starts.dedup();
    assert_eq!(
        seqs,
        (1..=windows).collect::<Vec<_>>(),
        "no report lost or duplicated"
    );
    assert_eq!(starts.len() as u64, windows, "every window reported once");

    // The day's aggregates equal the simulator's own totals.
    let scope = Name::from_raw((day_start / DAY_SEC) as u64).to_string();
    for (member, t) in &expected {
        let row = chain
            .row(&met, &scope, "days", member)
            .unwrap_or_else(|| panic!("no aggregate for {member}"));
        let got = ["slots", "proposed", "selected", "late", "latency_ms"]
            .map(|k| row[k].as_u64().unwrap());
        assert_eq!(&got, t, "aggregate of {member}: {row}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
