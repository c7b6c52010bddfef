//! The load test (`scripts/load.sh [TXS [WORKERS [SEED]]]` runs it on a
//! fresh chain of its own): sets a pool up, pushes TXS transactions
//! (default 10,000) mixing transfers, producer votes, metric reports,
//! fee votes and reward claims from many accounts with WORKERS threads
//! (default 8) as fast as the node accepts them, reports what was
//! accepted and refused, the throughput and the blocks, then verifies
//! that every accepted effect is on chain and every invariant holds.
//! Exits non-zero on an unexpected rejection or any failed check.
//!
//! With `POOL_LOAD_TAMPER=1` one more transfer is pushed after the load,
//! outside its log: the verification must then fail (the balances of the
//! two holders), which shows it checks the chain against the log.

use pool_onchain::load::mix::{classify, normalized, window_entries, Class, Intent, Kind, Pool};
use pool_onchain::load::run::{self, Record};
use pool_onchain::load::setup::{self, State};
use pool_onchain::load::verify::{self, Blocks, Check};
use pool_onchain::load::wire::{self, Outcome, Wire};
use pool_onchain::Chain;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const PRODUCERS: usize = 12;
const HOLDERS: usize = 150;
const VOTERS: usize = 40;
/// Distinct rejection messages printed (the most frequent).
const MAX_MESSAGES: usize = 20;

fn usage() -> ! {
    eprintln!("usage: load [TXS [WORKERS [SEED]]]   (defaults 10000, 8, 1)");
    std::process::exit(2);
}

fn arg(args: &[String], i: usize, default: u64) -> u64 {
    match args.get(i) {
        None => default,
        Some(a) => a.parse().ok().filter(|n| *n > 0).unwrap_or_else(|| usage()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() > 3 || args.iter().any(|a| a == "-h" || a == "--help") {
        usage();
    }
    let txs = arg(&args, 0, 10_000) as usize;
    let workers = arg(&args, 1, 8) as usize;
    let seed = arg(&args, 2, 1);

    let chain = Chain::get();
    println!("== set-up (not counted)");
    let t = Instant::now();
    let (pool, cost) = setup::set_up(chain, PRODUCERS, HOLDERS, VOTERS, seed);
    println!(
        "  {} producers (signed, registered, approved), {} holders of which {} staked and vote, 1 anchor voter for every producer, emitters {}",
        pool.producers.len(),
        pool.holders.len(),
        pool.voters,
        pool.emitters.join(", ")
    );
    println!(
        "  metrics windows {} s, days {} s; fee endpoints {}; set-up: {} transactions, {} actions, {:.1} s",
        pool.window_sec,
        pool.day_sec,
        pool.endpoints.join(", "),
        cost.transactions,
        cost.actions,
        t.elapsed().as_secs_f64()
    );
    let wire = Wire::new(chain);
    let samples: Vec<_> = samples(&pool)
        .iter()
        .map(|i| (i.act(), i.json_args()))
        .collect();
    if let Err(e) = wire::self_check(chain, &samples) {
        eprintln!("load: our packing differs from cleos': {e}");
        std::process::exit(1);
    }
    println!(
        "  packing checked: the {} kinds of action and a transaction pack exactly as cleos packs them",
        samples.len()
    );
    let before = State::read(chain);
    let head = chain.head_time();
    let cursors = run::cursors(chain, &pool, head);

    println!();
    println!(
        "== load: {txs} transactions, {workers} worker threads + {} emitter threads, seed {seed}",
        cursors.len()
    );
    let result = run::run(chain, &wire, &pool, txs, workers, seed, cursors);

    println!();
    println!("== results");
    let unexpected = results(&pool, &result.records, result.wall);
    let c = &result.cpu;
    println!(
        "  CPU time while the load ran (the machine's {:.1} core-seconds): nodeos {:.1} s, keosd {:.1} s, this load process {:.1} s, everything else {:.1} s, idle {:.1} s",
        c.machine_total,
        c.nodeos,
        c.keosd,
        c.load,
        (c.machine_busy - c.nodeos - c.keosd - c.load).max(0.0),
        c.machine_total - c.machine_busy
    );

    if std::env::var("POOL_LOAD_TAMPER").is_ok_and(|v| v == "1") {
        // Shows that the verification sees what the log does not explain:
        // one transfer pushed outside the load's log must fail it.
        let from = &pool.holders[0];
        let to = &pool.holders[1];
        let act = wire::Act::new(
            "pool.token",
            "transfer",
            from,
            wire::data((
                antelope_sdk::Name::parse(from),
                antelope_sdk::Name::parse(to),
                wire::pool(1),
                String::from("not in the log"),
            )),
        );
        println!();
        println!(
            "POOL_LOAD_TAMPER=1: {from} sends 0.0001 POOL to {to} outside the log: {:?}",
            wire.push(&[act])
        );
    }

    println!();
    println!("== verification");
    let (inclusion, blocks) = verify::inclusion(chain, &result);
    print_blocks(&blocks, &result.records);
    write_log(chain, &pool, &result.records, &blocks);
    let mut checks = vec![inclusion];
    checks.extend(verify::state(
        chain, &wire, &pool, &before, &result, &blocks,
    ));
    let mut failed = 0;
    for c in &checks {
        print_check(c);
        failed += usize::from(!c.ok);
    }
    println!();
    let node_limit = result
        .records
        .iter()
        .filter(|r| match &r.outcome {
            Outcome::Rejected { error, message } => {
                classify(&pool, r.intent.kind(), error, message) == Class::NodeLimit
            }
            Outcome::Accepted { .. } => false,
        })
        .count();
    if failed == 0 && unexpected == 0 {
        println!(
            "load: PASSED ({} of {} transactions accepted, {node_limit} refused by the node's wall-clock limits; every effect on chain, every check held)",
            accepted_count(&result.records),
            result.records.len()
        );
    } else {
        println!("load: FAILED ({unexpected} unexpected rejections, {failed} failed checks)");
        std::process::exit(1);
    }
}

/// One transaction of each kind, for the packing self-check.
fn samples(pool: &Pool) -> Vec<Intent> {
    let h = &pool.holders;
    let p = &pool.producers;
    let start = pool.window_sec;
    vec![
        Intent::Transfer {
            from: h[0].clone(),
            to: h[1].clone(),
            units: 12_345,
            memo: "load 0".into(),
        },
        Intent::Stake {
            from: h[0].clone(),
            units: 1,
            memo: "stake 1".into(),
        },
        Intent::Income {
            from: h[1].clone(),
            units: 99_999,
            memo: "fee 2".into(),
        },
        Intent::Vote {
            voter: h[0].clone(),
            producers: p[..3].to_vec(),
        },
        Intent::Report {
            emitter: pool.emitters[0].clone(),
            seq: 7,
            start,
            end: start + pool.window_sec,
            entries: window_entries(pool, start),
        },
        Intent::SetFeeVote {
            producer: p[0].clone(),
            ratios: pool
                .endpoints
                .iter()
                .map(|e| (e.clone(), 123_456))
                .collect(),
        },
        Intent::SetFeeMult {
            producer: p[1].clone(),
            multiplier: 1_000_001,
        },
        Intent::BundleVote {
            producer: p[2].clone(),
            count: 100,
        },
        Intent::Claim {
            member: p[3].clone(),
        },
    ]
}

fn accepted_count(records: &[Record]) -> usize {
    records
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Accepted { .. }))
        .count()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Prints the counts per kind, the rejections by message and the
/// throughput; returns the number of unexpected rejections.
fn results(pool: &Pool, records: &[Record], wall: Duration) -> usize {
    #[derive(Default)]
    struct Row {
        pushed: usize,
        accepted: usize,
        /// Refusals by class: expected, node limit, unexpected.
        refused: [usize; 3],
    }
    let mut rows: BTreeMap<Kind, Row> = BTreeMap::new();
    let mut messages: BTreeMap<(Class, Kind, String), usize> = BTreeMap::new();
    for r in records {
        let kind = r.intent.kind();
        let row = rows.entry(kind).or_default();
        row.pushed += 1;
        match &r.outcome {
            Outcome::Accepted { .. } => row.accepted += 1,
            Outcome::Rejected { error, message } => {
                let class = classify(pool, kind, error, message);
                row.refused[class as usize] += 1;
                *messages
                    .entry((class, kind, normalized(message)))
                    .or_insert(0) += 1;
            }
        }
    }
    let line = |name: &str, r: &Row| {
        println!(
            "  {name:<34} {:>7} {:>9} {:>9} {:>10} {:>11}",
            r.pushed, r.accepted, r.refused[0], r.refused[1], r.refused[2]
        )
    };
    println!(
        "  {:<34} {:>7} {:>9} {:>9} {:>10} {:>11}",
        "kind", "pushed", "accepted", "refused", "node limit", "unexpected"
    );
    let mut total = Row::default();
    for kind in Kind::ALL {
        let Some(r) = rows.get(&kind) else { continue };
        line(kind.label(), r);
        total.pushed += r.pushed;
        total.accepted += r.accepted;
        for i in 0..3 {
            total.refused[i] += r.refused[i];
        }
    }
    line("total", &total);
    println!("  (refused: by a contract rule the load is expected to meet; node limit: by nodeos' wall-clock");
    println!("  max-transaction-time or block deadline on the busy machine, nothing applied; unexpected: anything else)");
    println!();
    println!("  rejections by message:");
    if messages.is_empty() {
        println!("    (none)");
    }
    // By class (expected, node limit, unexpected), the most frequent first.
    let mut listed: Vec<(&(Class, Kind, String), &usize)> = messages.iter().collect();
    listed.sort_by_key(|((class, kind, _), n)| (*class, std::cmp::Reverse(**n), *kind));
    for ((class, kind, message), n) in listed.iter().take(MAX_MESSAGES) {
        let shown: String = message.chars().take(200).collect();
        println!(
            "    {n:>6}  {:<10}  {:<11}  {shown}{}",
            class.label(),
            format!("{kind:?}").to_lowercase(),
            if shown.len() < message.len() {
                " ..."
            } else {
                ""
            }
        );
    }
    if listed.len() > MAX_MESSAGES {
        println!("    ... and {} other messages", listed.len() - MAX_MESSAGES);
    }
    let secs = wall.as_secs_f64();
    let ms = |f: fn(&Record) -> Duration| {
        let mut v: Vec<f64> = records
            .iter()
            .map(|r| f(r).as_secs_f64() * 1000.0)
            .collect();
        v.sort_by(f64::total_cmp);
        format!(
            "median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            percentile(&v, 0.5),
            percentile(&v, 0.99),
            v.last().copied().unwrap_or(0.0)
        )
    };
    println!();
    println!(
        "  wall time {secs:.2} s (first push to last answer); {:.0} accepted tx/s, {:.0} answered tx/s",
        total.accepted as f64 / secs,
        total.pushed as f64 / secs
    );
    println!(
        "  per transaction, in its thread: signing by keosd {}",
        ms(|r| r.sign)
    );
    println!(
        "                                  push to nodeos  {}",
        ms(|r| r.push)
    );
    total.refused[Class::Unexpected as usize]
}

fn print_blocks(blocks: &Blocks, records: &[Record]) {
    let n = blocks.per_block.len();
    let mut used: Vec<(usize, u64)> = blocks
        .per_block
        .iter()
        .filter(|b| b.1 > 0)
        .map(|b| (b.1, b.2))
        .collect();
    let (first, last) = (
        blocks.per_block.first().map_or(0, |b| b.0),
        blocks.per_block.last().map_or(0, |b| b.0),
    );
    used.sort_unstable();
    let median = used.get(used.len() / 2).map_or(0, |b| b.0);
    let max = used.last().map_or(0, |b| b.0);
    let mut cpu: Vec<u64> = used.iter().map(|b| b.1).collect();
    cpu.sort_unstable();
    println!(
        "  blocks {first}..{last}: {n} blocks ({:.1} s of 0.5 s blocks), {} with transactions; transactions per block: max {max}, median {median} (of the blocks with any)",
        n as f64 * 0.5,
        used.len(),
    );
    let mut billed: Vec<u64> = records
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Accepted { cpu_us, .. } => Some(cpu_us),
            Outcome::Rejected { .. } => None,
        })
        .collect();
    billed.sort_unstable();
    if !billed.is_empty() {
        println!(
            "  billed CPU: median {} us per accepted transaction; per block median {:.1} ms, max {:.1} ms of the 200 ms block limit",
            billed[billed.len() / 2],
            cpu.get(cpu.len() / 2).copied().unwrap_or(0) as f64 / 1000.0,
            cpu.last().copied().unwrap_or(0) as f64 / 1000.0
        );
    }
}

/// Every transaction of the load, one JSON line each, in slot order:
/// what it was, and accepted (id, the block it is in, claims paid) or
/// rejected (the message, expected or not). Written to
/// target/load/run-<unix time>.jsonl.
fn write_log(chain: &Chain, pool: &Pool, records: &[Record], blocks: &Blocks) {
    use std::io::Write;
    let dir = chain.root().join("target/load");
    let path = dir.join(format!("run-{}.jsonl", chain.head_time()));
    let file = std::fs::create_dir_all(&dir).and_then(|()| std::fs::File::create(&path));
    let mut out = match file {
        Ok(f) => std::io::BufWriter::new(f),
        Err(e) => {
            println!("  (no transaction log: {}: {e})", path.display());
            return;
        }
    };
    for r in records {
        let act = r.intent.act();
        let mut line = json!({"slot": r.slot, "kind": format!("{:?}", r.intent.kind()).to_lowercase(),
                              "action": format!("{}::{}", act.account, act.name),
                              "signer": act.actor.to_string(), "data": r.intent.json_args(),
                              "answered_ms": r.at.as_millis() as u64,
                              "sign_us": r.sign.as_micros() as u64, "push_us": r.push.as_micros() as u64});
        match &r.outcome {
            Outcome::Accepted { id, paid, .. } => {
                line["result"] = json!("accepted");
                line["id"] = json!(id);
                line["block"] = json!(blocks.places.get(id).map(|p| p.block));
                if !paid.is_empty() {
                    line["paid"] = json!(paid);
                }
            }
            Outcome::Rejected { error, message } => {
                line["result"] = json!("rejected");
                line["class"] = json!(classify(pool, r.intent.kind(), error, message).label());
                line["error"] = json!(error);
                line["message"] = json!(message);
            }
        }
        if writeln!(out, "{line}").is_err() {
            println!(
                "  (transaction log incomplete: cannot write {})",
                path.display()
            );
            return;
        }
    }
    if out.flush().is_ok() {
        println!(
            "  every transaction (accepted: id and block; rejected: message) is logged in {}",
            path.strip_prefix(chain.root()).unwrap_or(&path).display()
        );
    }
}

fn print_check(c: &Check) {
    println!("  {}  {}", if c.ok { "ok  " } else { "FAIL" }, c.what);
    for n in &c.notes {
        println!("          {n}");
    }
}
