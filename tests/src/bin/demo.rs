//! The demo scenario on the local chain (run by `scripts/demo.sh` after
//! the suite is deployed), driven with `cleos` the way producers and
//! holders use it: the pool token is issued and moved; a constitution is
//! published, producers sign it, register and are approved; holders stake
//! and vote; a dispute is filed, taken and ruled. Then a summary of what
//! is on chain is printed, read back through the chain API, with the
//! conservation check. Safe to re-run on the same chain: steps that are
//! already done are skipped.

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
    token_demo(chain);
    members_demo(chain);
    println!();
    println!("== on chain");
    summary(chain);
}

fn token_demo(chain: &Chain) {
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
}

const MEMBERS: &str = "pool.member";
const CHARTER: &str = "pool.charter";
const PRODUCERS: [&str; 5] = ["prod1", "prod2", "prod3", "prod4", "prod5"];
const CONSTITUTION: &str = "docs/constitution-v1.md";

/// SHA-256 of a file of the repository, hex (the constitution's hash is
/// what members quote when they sign).
fn sha256_hex(chain: &Chain, path: &str) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(chain.root().join(path))
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("hash")
        .to_string()
}

fn members_demo(chain: &Chain) {
    println!();
    println!("== members, the constitution and votes");
    let hash = sha256_hex(chain, CONSTITUTION);
    let versions = chain.table(CHARTER, CHARTER, "versions");
    if !versions.iter().any(|v| v["hash"] == hash.as_str()) {
        step(
            &format!(
                "publish {CONSTITUTION} as a constitution version ({}..)",
                &hash[..12]
            ),
            chain.push(
                CHARTER,
                "newversion",
                &json!([hash, format!("https://pool.example/{CONSTITUTION}")]),
                CHARTER,
            ),
        );
    }
    for p in PRODUCERS {
        let signed = chain.row(CHARTER, CHARTER, "signatures", p);
        if signed.map(|s| s["hash"] != hash.as_str()).unwrap_or(true) {
            step(
                &format!("{p} signs the constitution"),
                chain.push(CHARTER, "sign", &json!([p, hash]), p),
            );
        }
        if chain.row(MEMBERS, MEMBERS, "members", p).is_none() {
            step(
                &format!("{p} registers"),
                chain.push(
                    MEMBERS,
                    "regmember",
                    &json!([
                        p,
                        format!("https://{p}.example"),
                        840,
                        pool_onchain::DEV_PUBLIC_KEY
                    ]),
                    p,
                ),
            );
        }
        if chain
            .row(MEMBERS, MEMBERS, "members", p)
            .is_some_and(|m| m["status"] == 0)
        {
            step(
                &format!("{p} is approved"),
                chain.push(MEMBERS, "approve", &json!([p]), MEMBERS),
            );
        }
    }
    // Holders stake part of their tokens and vote for producers.
    let ballots: [(&str, &str, &[&str]); 4] = [
        ("alice", "500.0000 POOL", &["prod1", "prod2"]),
        ("bob", "2000.0000 POOL", &["prod2", "prod3", "prod4"]),
        ("carol", "1000.0000 POOL", &["prod1"]),
        ("dave", "3000.0000 POOL", &["prod3", "prod5"]),
    ];
    for (holder, stake, producers) in ballots {
        if chain.row(MEMBERS, MEMBERS, "stakes", holder).is_none() {
            step(
                &format!("{holder} opens a stake row"),
                chain.push(MEMBERS, "openstake", &json!([holder]), holder),
            );
            step(
                &format!("{holder} stakes {stake}"),
                chain.push(
                    TOKEN,
                    "transfer",
                    &json!([holder, MEMBERS, stake, "stake"]),
                    holder,
                ),
            );
        }
        step(
            &format!("{holder} votes for {}", producers.join(", ")),
            chain.push(MEMBERS, "vote", &json!([holder, producers]), holder),
        );
    }
    rejected(
        "erin votes twice for prod1",
        "duplicate producer in the vote",
        chain.push(
            MEMBERS,
            "vote",
            &json!(["erin", ["prod1", "prod1"]]),
            "erin",
        ),
    );

    println!();
    println!("== arbitration");
    if chain.row(CHARTER, CHARTER, "arbitrators", "erin").is_none() {
        step(
            "erin is appointed arbitrator",
            chain.push(CHARTER, "appoint", &json!(["erin"]), CHARTER),
        );
    }
    let cases = chain.table(CHARTER, CHARTER, "cases");
    if cases.is_empty() {
        let summary_hash = sha256_hex(chain, "README.md");
        step(
            "prod2 files a conduct case against prod5",
            chain.push(
                CHARTER,
                "filecase",
                &json!([
                    "prod2",
                    "prod5",
                    1,
                    "https://pool.example/cases/1",
                    summary_hash,
                    "",
                    0
                ]),
                "prod2",
            ),
        );
        let id = chain.table(CHARTER, CHARTER, "cases")[0]["id"]
            .as_u64()
            .unwrap_or(0);
        step(
            "erin takes the case",
            chain.push(CHARTER, "takecase", &json!(["erin", id]), "erin"),
        );
        step(
            "erin rules: suspend prod5 for 3 days",
            chain.push(
                CHARTER,
                "rule",
                &json!(["erin", id, 2, 3, "https://pool.example/rulings/1"]),
                "erin",
            ),
        );
        rejected(
            "anyone enforces at once",
            "ruling can still be appealed",
            chain.push(CHARTER, "enforce", &json!([id]), "alice"),
        );
    }
}

fn summary(chain: &Chain) {
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
    let accounts = std::iter::once(ISSUER)
        .chain(HOLDERS)
        .chain(PRODUCERS)
        .chain([MEMBERS, CHARTER]);
    for who in accounts {
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
    println!();
    println!(
        "  {:<8} {:<10} {:>14}   (ranking by staked votes)",
        "member", "status", "votes"
    );
    const STATUS: [&str; 5] = ["pending", "active", "suspended", "expelled", "resigned"];
    let mut members = chain.table(MEMBERS, MEMBERS, "members");
    members.sort_by_key(|m| std::cmp::Reverse(m["total_votes"].as_u64().unwrap_or(0)));
    for m in &members {
        let status = STATUS
            .get(m["status"].as_u64().unwrap_or(9) as usize)
            .unwrap_or(&"?");
        let votes = m["total_votes"].as_u64().unwrap_or(0);
        println!(
            "  {:<8} {:<10} {:>9}.{:04}",
            m["account"].as_str().unwrap_or("?"),
            status,
            votes / 10_000,
            votes % 10_000
        );
    }
    for case in chain.table(CHARTER, CHARTER, "cases") {
        println!(
            "  case {}: {} v {}, status {}, ruling {} ({} days)",
            case["id"],
            case["claimant"].as_str().unwrap_or("?"),
            case["respondent"].as_str().unwrap_or("?"),
            case["status"],
            case["ruling"],
            case["suspend_days"]
        );
    }
}
