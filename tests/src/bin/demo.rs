//! The demo scenario on the local chain (run by `scripts/demo.sh` after
//! the suite is deployed): the pool token is created if needed, issued,
//! and moved between the demo accounts with `cleos`, the way producers and
//! holders use it; then a summary of what is on chain is printed, read
//! back through the chain API, with the conservation check.

use pool_onchain::Chain;
use serde_json::json;

const TOKEN: &str = "pool.token";
const ISSUER: &str = "pool.token";
const SYMBOL: &str = "POOL";
const HOLDERS: [&str; 5] = ["alice", "bob", "carol", "dave", "erin"];

fn amount(asset: &str) -> i64 {
    // "1234.5678 POOL" -> 12345678 (precision 4).
    let number = asset.split_whitespace().next().unwrap_or("0");
    number.replace('.', "").parse().unwrap_or(0)
}

/// Prints the outcome of a step that must succeed; exits on failure.
fn step(what: &str, result: Result<pool_onchain::Pushed, pool_onchain::PushError>) {
    match result {
        Ok(p) => println!(
            "  ok    {what} (block {}, {} us)",
            p.block_num(),
            p.action_elapsed_us()
        ),
        Err(e) => {
            println!("  FAIL  {what}: {}", e.message);
            std::process::exit(1);
        }
    }
}

/// Prints the outcome of a step that the contract must reject with
/// `expected`; exits otherwise.
fn rejected(
    what: &str,
    expected: &str,
    result: Result<pool_onchain::Pushed, pool_onchain::PushError>,
) {
    match result {
        Err(e) if e.message == expected => println!("  ok    {what}: rejected with \"{expected}\""),
        Err(e) => {
            println!(
                "  FAIL  {what}: rejected with \"{}\", expected \"{expected}\"",
                e.message
            );
            std::process::exit(1);
        }
        Ok(_) => {
            println!("  FAIL  {what}: accepted, expected \"{expected}\"");
            std::process::exit(1);
        }
    }
}

fn main() {
    let chain = Chain::get();
    println!("== demo: the pool token");
    let exists = !chain.table(TOKEN, SYMBOL, "stat").is_empty();
    if !exists {
        step(
            "create 1000000000.0000 POOL",
            chain.push(
                TOKEN,
                "create",
                &json!({"issuer": ISSUER, "maximum_supply": "1000000000.0000 POOL"}),
                TOKEN,
            ),
        );
    }
    step(
        "issue 15000.0000 POOL",
        chain.push(
            TOKEN,
            "issue",
            &json!({"to": ISSUER, "quantity": "15000.0000 POOL", "memo": "demo issue"}),
            ISSUER,
        ),
    );
    for (i, holder) in HOLDERS.iter().enumerate() {
        let q = format!("{}.0000 POOL", 1000 * (i + 1));
        step(
            &format!("transfer {q} to {holder}"),
            chain.push(
                TOKEN,
                "transfer",
                &json!({"from": ISSUER, "to": holder, "quantity": q, "memo": "demo"}),
                ISSUER,
            ),
        );
    }
    step(
        "alice sends 250.0000 POOL to bob",
        chain.push(
            TOKEN,
            "transfer",
            &json!({"from": "alice", "to": "bob", "quantity": "250.0000 POOL", "memo": "thanks"}),
            "alice",
        ),
    );
    rejected(
        "bob tries to overdraw",
        "overdrawn balance",
        chain.push(
            TOKEN,
            "transfer",
            &json!({"from": "bob", "to": "carol", "quantity": "999999.0000 POOL", "memo": ""}),
            "bob",
        ),
    );

    println!();
    println!("== on chain");
    let stat = chain.table(TOKEN, SYMBOL, "stat");
    let supply = stat
        .first()
        .and_then(|s| s["supply"].as_str())
        .unwrap_or("0 POOL")
        .to_string();
    let max = stat
        .first()
        .and_then(|s| s["max_supply"].as_str())
        .unwrap_or("?")
        .to_string();
    println!("  supply {supply} of max {max}");
    println!("  {:<12} {:>18}", "account", "balance");
    let mut sum = 0i64;
    for who in std::iter::once(ISSUER).chain(HOLDERS) {
        let rows = chain.table(TOKEN, who, "accounts");
        let balance = rows
            .iter()
            .filter_map(|r| r["balance"].as_str())
            .find(|b| b.ends_with(SYMBOL))
            .unwrap_or("0.0000 POOL")
            .to_string();
        sum += amount(&balance);
        println!("  {:<12} {:>18}", who, balance);
    }
    let holds = sum == amount(&supply);
    println!(
        "  conservation: sum of balances {} {} supply {}",
        sum,
        if holds { "==" } else { "!=" },
        amount(&supply)
    );
    if !holds {
        std::process::exit(1);
    }
}
