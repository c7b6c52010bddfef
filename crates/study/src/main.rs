//! `pool-study [DAYS] [TRIALS] [SEED] [options]`: runs the pool variance
//! study, prints the table and writes it with the charts (see `--help`).

use pool_study::model::Scenario;
use pool_study::study::Study;
use pool_study::{charts, report};
use std::path::PathBuf;
use std::time::Instant;

const USAGE: &str = "\
usage: pool-study [DAYS] [TRIALS] [SEED] [options]
       scripts/study.sh [DAYS] [TRIALS] [SEED] [options]

Simulates small block producers alone and as members of the pool over DAYS
days (default 365, at least 30), TRIALS times (default 100), from SEED
(default 1); prints the table and writes results.md, bands.csv and the PNG
charts. The same arguments give the same results, byte for byte.

options:
  --out DIR                  where the files go (default docs/study)
  --no-files                 print the table only
  --no-charts                write results.md only (no PNG, no CSV)
  --typical NAME             the producer the time charts follow (default prod4)
  --pool-vote-share-bps N    the pool's vote share, pool.reward's vote_share_bps
                             (default 6000: 60% by votes, 40% in equal shares)
  --infra-share-bps N        the pool's infrastructure share (default 500)
  --emitter-mtbf-days X      mean days between emitter outages (default 90)
  --emitter-outage-hours X   mean emitter outage, hours (default 2)
  --vote-sigma X             daily spread of a producer's log votes (default 0.15)
  --threads N                worker threads (default: the machine's cores);
                             the results do not depend on it
  -h, --help                 this text";

struct Args {
    days: u64,
    trials: u64,
    seed: u64,
    out: Option<PathBuf>,
    charts: bool,
    typical: String,
    threads: usize,
    scenario: Scenario,
    /// The command line that reproduces the run, for the files.
    command: String,
}

fn parse<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{what}: cannot read {text:?} as a number"))
}

fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut positional = Vec::new();
    let mut options = Vec::new();
    let mut a = Args {
        days: 365,
        trials: 100,
        seed: 1,
        out: Some(PathBuf::from("docs/study")),
        charts: true,
        typical: "prod4".into(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        scenario: Scenario::default(),
        command: String::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        if arg == "--no-files" || arg == "--no-charts" {
            if arg == "--no-files" {
                a.out = None;
            } else {
                a.charts = false;
            }
            options.push(arg.clone());
            continue;
        }
        if !arg.starts_with("--") {
            positional.push(arg.clone());
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{arg} needs a value"))?
            .clone();
        match arg.as_str() {
            "--out" => a.out = Some(PathBuf::from(&value)),
            "--typical" => a.typical = value.clone(),
            "--threads" => a.threads = parse(arg, &value)?,
            "--pool-vote-share-bps" => a.scenario.pool.vote_share_bps = parse(arg, &value)?,
            "--infra-share-bps" => a.scenario.pool.infra_share_bps = parse(arg, &value)?,
            "--emitter-mtbf-days" => a.scenario.emitter_mtbf_days = parse(arg, &value)?,
            "--emitter-outage-hours" => a.scenario.emitter_outage_hours = parse(arg, &value)?,
            "--vote-sigma" => a.scenario.chain.vote_sigma = parse(arg, &value)?,
            _ => return Err(format!("unknown option {arg}")),
        }
        options.push(format!("{arg} {value}"));
    }
    if positional.len() > 3 {
        return Err(format!("unexpected argument {:?}", positional[3]));
    }
    if let Some(d) = positional.first() {
        a.days = parse("DAYS", d)?;
    }
    if let Some(t) = positional.get(1) {
        a.trials = parse("TRIALS", t)?;
    }
    if let Some(s) = positional.get(2) {
        a.seed = parse("SEED", s)?;
    }
    if !a.scenario.members.iter().any(|p| p.name == a.typical) {
        return Err(format!("--typical {}: no such producer", a.typical));
    }
    a.command = format!("scripts/study.sh {} {} {}", a.days, a.trials, a.seed);
    for o in options {
        a.command.push(' ');
        a.command.push_str(&o);
    }
    Ok(Some(a))
}

fn run(a: &Args) -> Result<(), String> {
    let started = Instant::now();
    let study = Study::run(&a.scenario, a.days, a.trials, a.seed, a.threads)?;
    let table = report::markdown(&study, &a.command);
    print!("{table}");
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut written = vec![dir.join("results.md")];
        std::fs::write(&written[0], &table)
            .map_err(|e| format!("{}: {e}", written[0].display()))?;
        let j = study
            .scenario
            .members
            .iter()
            .position(|p| p.name == a.typical)
            .expect("checked");
        if a.charts {
            written.extend(charts::write_all(&study, j, dir, &a.command)?);
        }
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!("wrote {}", names.join(", "));
    }
    eprintln!(
        "{} trials of {} days in {:.1} s",
        a.trials,
        a.days,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match parse_args(&args) {
        Ok(None) => {
            println!("{USAGE}");
            0
        }
        Ok(Some(a)) => match run(&a) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("pool-study: {e}");
                1
            }
        },
        Err(e) => {
            eprintln!("pool-study: {e}\n{USAGE}");
            2
        }
    };
    std::process::exit(code);
}
