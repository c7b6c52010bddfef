//! The performance report: `scripts/perf.sh [RUNS]` builds, starts a fresh
//! chain and runs this, which measures everything in one run and writes
//! `docs/performance.md`, `docs/perf/*.png` and `docs/perf/data.json`.
//!
//! `cargo run --release -p pool-onchain --bin perf -- [RUNS] [--out DIR]`
//! (RUNS per case, default 9; DIR default `docs`; needs a chain: the one
//! of `POOL_HTTP_PORT`, started and bootstrapped if it does not answer).

use pool_onchain::perf::code::{Contracts, NOOP, REFERENCE_TOKEN, SUITE};
use pool_onchain::perf::fixture::{Pool, Registry};
use pool_onchain::perf::stats::Samples;
use pool_onchain::perf::tx::push;
use pool_onchain::perf::{charter, fees, governance, members, metrics, rewards, token, Run};
use pool_onchain::unix_to_iso;
use pool_onchain::Chain;
use serde_json::json;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{SystemTime, UNIX_EPOCH};

/// Members of the pool fixture that are ranked (approved, staked, voting).
const RANKED: usize = 100;

fn usage() -> ExitCode {
    eprintln!(
        "usage: perf [RUNS] [--out DIR]   (RUNS per case, 3 to 30, default 9; DIR default docs)"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut runs = 9usize;
    let mut out = PathBuf::from("docs");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => match args.next() {
                Some(dir) => out = PathBuf::from(dir),
                None => return usage(),
            },
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            n => match n.parse() {
                // At least 3: the medians need a few runs; at most 30: the
                // charter's claimants are the 100 ranked members.
                Ok(v) if (3..=30).contains(&v) => runs = v,
                _ => return usage(),
            },
        }
    }
    let chain = Chain::get();
    let code = Contracts::snapshot(chain);
    let mut r = Run::new(chain, code, runs);

    r.phase("floor: the no-op action (first half)");
    let noop = chain
        .create_accounts("noop", 1, &mut r.report.setup)
        .remove(0);
    r.code.deploy(chain, &noop, NOOP);
    let floor = |r: &mut Run| {
        for _ in 0..r.runs {
            let p = push(chain, &noop, "noop", &noop, json!({}));
            r.report.floor.add(&p);
        }
    };
    // The first push of a new code compiles it: not measured.
    push(chain, &noop, "noop", &noop, json!({}));
    floor(&mut r);

    r.phase("fixture: the pool and the registry");
    let registered = RANKED + 2 * runs + 10;
    let mut pool = Pool::setup(chain, &r.code, registered, RANKED, &mut r.report);
    let mut registry = Registry::setup(chain, &r.code, &pool, &mut r.report.setup);
    // Reward days that must pass while the other drivers run.
    let early = rewards::start(&mut r, &pool);

    r.phase("token (with eosio.token)");
    token::run(&mut r);
    r.phase("members");
    members::run(&mut r, &mut pool);
    r.phase("charter");
    charter::run(&mut r, &mut pool);
    r.phase("fees");
    fees::run(&mut r, &pool);
    r.phase("governance (and the registry's growth to 5,000)");
    governance::run(&mut r, &pool, &mut registry, &noop);
    r.phase("metrics");
    metrics::run(&mut r, &registry);
    r.phase("rewards");
    rewards::run(&mut r, &pool, &early);
    r.phase("floor: the no-op action (second half)");
    floor(&mut r);
    r.end_phase();

    // Every action of every ABI has its row: a driver that skipped one is
    // a bug, not a report.
    let missing: Vec<String> = SUITE
        .iter()
        .flat_map(|c| {
            let abi: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(r.code.abi(c)).unwrap_or_default())
                    .unwrap_or_default();
            let names: Vec<String> = abi["actions"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|a| a["name"].as_str().map(String::from))
                .collect();
            let report = &r.report;
            names
                .into_iter()
                .filter(|n| {
                    !report
                        .actions
                        .iter()
                        .any(|a| a.contract == *c && a.action == *n)
                })
                .map(|n| format!("{c}::{n}"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(missing.is_empty(), "actions not measured: {missing:?}");

    let sizes: Vec<(String, u64)> = SUITE
        .iter()
        .map(|n| n.to_string())
        .chain([NOOP.to_string(), REFERENCE_TOKEN.to_string()])
        .map(|n| {
            let bytes = r.code.size(&n);
            (n, bytes)
        })
        .collect();
    r.report.sizes = sizes;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let driver_secs = r.elapsed_secs();
    let meta = &mut r.report.meta;
    meta.runs = runs;
    meta.date = format!("{} UTC", unix_to_iso(now as i64).replace('T', " "));
    meta.machine = machine();
    meta.nodeos = chain.server_version();
    meta.commit = commit(chain);
    meta.command_secs = std::env::var("POOL_PERF_STARTED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(|t0| now.saturating_sub(t0));
    meta.driver_secs = driver_secs;

    let plots = out.join("perf");
    std::fs::create_dir_all(&plots).expect("create the plot directory");
    if let Err(e) = r.report.draw(&plots) {
        eprintln!("perf: cannot write the plots in {}: {e}", plots.display());
        return ExitCode::FAILURE;
    }
    let data = serde_json::to_string_pretty(&r.report.to_json()).unwrap_or_default();
    let doc = out.join("performance.md");
    if let Err(e) = std::fs::write(plots.join("data.json"), data + "\n")
        .and_then(|()| std::fs::write(&doc, r.report.markdown("perf")))
    {
        eprintln!("perf: cannot write {}: {e}", doc.display());
        return ExitCode::FAILURE;
    }
    let floor_us: Samples = r.report.floor.clone();
    r.log(&format!(
        "wrote {} ({} actions, {} bounds, {} curves; floor median {} us)",
        doc.display(),
        r.report.actions.len(),
        r.report.bounds.len(),
        r.report.curves.len(),
        floor_us.elapsed_mw().0
    ));
    ExitCode::SUCCESS
}

/// `2 cores (Intel(R) Xeon(R) ...)`.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores ({model})")
}

/// The checked-out commit, marked when the contracts or the SDK have
/// uncommitted changes (the report then measured code no commit holds).
fn commit(chain: &Chain) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(chain.root())
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else {
        return "unknown".into();
    };
    let dirty = git(&[
        "status",
        "--porcelain",
        "--",
        "contracts",
        "crates/sdk",
        "crates/sdk-macros",
        "crates/core",
        "crates/shared",
        "bench",
    ])
    .is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{head} (with uncommitted changes to the contracts)")
    } else {
        head
    }
}
