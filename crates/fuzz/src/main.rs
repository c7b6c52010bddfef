//! `pool-fuzz [STEPS] [SEED] [--trace STEP]`: the long fuzz run (see
//! docs/fuzzing.md; `scripts/fuzz.sh` builds and runs it). Prints the
//! seed first, progress every 30 s on stderr, every finding as it
//! happens, and the summary table at the end. Exits 1 if anything was
//! found, 2 on bad arguments.

use pool_fuzz::{abi, Fuzzer, RunConfig};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const USAGE: &str =
    "usage: pool-fuzz [STEPS (default 200000)] [SEED (default: random)] [--trace STEP]";

fn main() {
    let mut positional = Vec::new();
    let mut trace_from = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            "--trace" => match args.next().and_then(|v| v.parse::<u64>().ok()) {
                Some(v) => trace_from = Some(v),
                None => bad("--trace needs a step number"),
            },
            _ => match a.parse::<u64>() {
                Ok(v) => positional.push(v),
                Err(_) => bad(&format!("unexpected argument {a:?}")),
            },
        }
    }
    if positional.len() > 2 {
        bad("at most STEPS and SEED");
    }
    let steps = positional.first().copied().unwrap_or(200_000);
    let seed = positional.get(1).copied().unwrap_or_else(|| {
        // Any seed will do; it is printed so the run can be replayed.
        let t = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        t ^ (u64::from(std::process::id()) << 32)
    });
    println!("pool-fuzz: seed {seed}, {steps} steps (replay: scripts/fuzz.sh {steps} {seed})");
    let cfg = RunConfig {
        seed,
        steps,
        trace_from,
        progress_every: Some(Duration::from_secs(30)),
    };
    let report = Fuzzer::run(&cfg);
    let abis = abi::load_all().unwrap_or_default();
    print!("{}", report.table(&abis));
    let untried = report.untried(&abis);
    if !untried.is_empty() {
        println!("actions never tried: {}", untried.join(", "));
    }
    if !report.findings.is_empty() {
        std::process::exit(1);
    }
}

fn bad(msg: &str) -> ! {
    eprintln!("pool-fuzz: {msg}\n{USAGE}");
    std::process::exit(2)
}
