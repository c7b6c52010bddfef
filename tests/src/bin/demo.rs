//! The demo scenario on the local chain (run by `scripts/demo.sh` after
//! the suite is deployed), driven with `cleos` the way producers and
//! holders use it: the pool token is issued and moved; a constitution is
//! published; the founding producers prod1..prod3 sign it, register and
//! are approved by the members contract's own admin; then every contract
//! is handed to governance (`scripts/bootstrap.sh --handover`), and from
//! there on only passed proposals of `pool.gov` change anything: prod4 and
//! the late prod5 are approved by proposal, the fees contract's
//! `min_votes` is lowered by proposal, and a constitution amendment
//! (docs/constitution-v2.md) passes by vote and the members re-sign it.
//! Holders stake and vote; a dispute is filed, taken and ruled; producers
//! vote the registration fee; a reward day is reported, rolled over and
//! claimed. Then a summary of what is on chain is printed, read back
//! through the chain API, with the conservation check and the proposals.
//! Runs on a fresh chain (`scripts/demo.sh` resets it).

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
    handover_demo(chain);
    votes_demo(chain);
    arbitration_demo(chain);
    fees_demo(chain);
    constitution_demo(chain);
    rewards_demo(chain);
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
const GOV: &str = "pool.gov";
const PRODUCERS: [&str; 5] = ["prod1", "prod2", "prod3", "prod4", "prod5"];
/// Approved by the members contract's own admin, before the hand-over.
const FOUNDERS: [&str; 3] = ["prod1", "prod2", "prod3"];
const CONSTITUTION: &str = "docs/constitution-v1.md";
const CONSTITUTION_V2: &str = "docs/constitution-v2.md";
const FEES: &str = "pool.fees";
const METRICS: &str = "pool.metrics";
const REWARDS: &str = "pool.reward";
const EMITTER: &str = "emitter1";
/// The producer that registers after the fee vote and pays the fee.
const LATE_PRODUCER: &str = "prod5";
/// Who executes passed proposals (anyone may).
const EXECUTOR: &str = "alice";

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

/// SHA-256 of a text, hex (the document hash of a proposal whose full
/// text is its title).
fn sha256_text(text: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write to sha256sum");
    let out = child.wait_with_output().expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("hash")
        .to_string()
}

/// A producer signs the constitution `hash` and registers (pending until
/// approved).
fn sign_and_register(chain: &Chain, p: &str, hash: &str) {
    step(
        &format!("{p} signs the constitution"),
        chain.push(CHARTER, "sign", &json!([p, hash]), p),
    );
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

/// `proposer` proposes `actions` (contract, action, arguments as JSON),
/// each packed with the contract's ABI (`cleos convert pack_action_data`)
/// and authorized by exactly `pool.gov@active`; expires in 7 days.
/// Returns the new proposal's id and content hash (read from the table).
fn propose(
    chain: &Chain,
    proposer: &str,
    title: &str,
    doc_hash: &str,
    actions: &[(&str, &str, serde_json::Value)],
    cites: &[u64],
) -> (u64, String) {
    let actions: Vec<serde_json::Value> = actions
        .iter()
        .map(|(account, name, args)| {
            let data = chain
                .cleos(&[
                    "convert",
                    "pack_action_data",
                    account,
                    name,
                    &args.to_string(),
                ])
                .unwrap_or_else(|e| {
                    println!("  FAIL  pack {account}::{name} {args}: {e}");
                    std::process::exit(1);
                });
            json!({"account": account, "name": name,
                   "authorization": [{"actor": GOV, "permission": "active"}],
                   "data": data.trim()})
        })
        .collect();
    let expires =
        antelope_sdk::TimePointSec::from_secs((chain.head_time() + 7 * 86_400) as u32).to_string();
    let next = chain
        .table(GOV, GOV, "state")
        .first()
        .and_then(|s| s["next_id"].as_u64())
        .unwrap_or(1);
    step(
        &format!("{proposer} proposes #{next} \"{title}\""),
        chain.push(
            GOV,
            "propose",
            &json!({"proposer": proposer, "title": title,
                    "url": format!("https://pool.example/proposals/{next}.md"),
                    "hash": doc_hash, "actions": actions, "cites": cites, "expires": expires}),
            proposer,
        ),
    );
    let row = chain
        .row(GOV, GOV, "proposals", &next.to_string())
        .expect("the new proposal's row");
    let hash = row["content_hash"].as_str().unwrap_or_default().to_string();
    println!("        content hash {}..", &hash[..16.min(hash.len())]);
    (next, hash)
}

/// Each of `voters` votes `ballot` (0 no, 1 yes, 2 abstain) on proposal
/// `id`, quoting its content hash.
fn vote(chain: &Chain, id: u64, hash: &str, voters: &[&str], ballot: u8) {
    let word = ["no", "yes", "abstain"][usize::from(ballot)];
    for v in voters {
        step(
            &format!("{v} votes {word} on #{id}"),
            chain.push(GOV, "vote", &json!([v, id, ballot, hash]), v),
        );
    }
}

/// Anyone executes proposal `id`; it must pass.
fn exec(chain: &Chain, id: u64) {
    step(
        &format!("{EXECUTOR} executes #{id}"),
        chain.push(GOV, "exec", &json!([EXECUTOR, id]), EXECUTOR),
    );
    if let Some(p) = chain.row(GOV, GOV, "proposals", &id.to_string()) {
        println!(
            "        #{id} executed: yes {}, no {}, abstain {} of {} eligible",
            p["yes"], p["no"], p["abstain"], p["eligible"]
        );
    }
}

fn members_demo(chain: &Chain) {
    println!();
    println!("== founding members and the constitution");
    let hash = sha256_hex(chain, CONSTITUTION);
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
    for p in FOUNDERS {
        sign_and_register(chain, p, &hash);
        step(
            &format!("{p} is approved by pool.member's own admin (founder)"),
            chain.push(MEMBERS, "approve", &json!([p]), MEMBERS),
        );
    }
    // prod4 registers now; its approval waits for governance.
    sign_and_register(chain, "prod4", &hash);
    // The arbitrator is appointed before the hand-over (afterwards it
    // would be a proposal carrying pool.charter::appoint).
    step(
        "erin is appointed arbitrator by pool.charter's own admin",
        chain.push(CHARTER, "appoint", &json!(["erin"]), CHARTER),
    );
}

/// Every contract is handed to pool.gov; prod4 is approved by proposal.
fn handover_demo(chain: &Chain) {
    println!();
    println!("== hand-over to governance: scripts/bootstrap.sh --handover");
    let out = std::process::Command::new("bash")
        .arg(chain.root().join("scripts/bootstrap.sh"))
        .arg("--handover")
        .current_dir(chain.root())
        .output()
        .expect("run scripts/bootstrap.sh --handover");
    if !out.status.success() {
        println!(
            "  FAIL  scripts/bootstrap.sh --handover:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        std::process::exit(1);
    }
    for line in String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("handed"))
    {
        println!("  ok    {}", line.trim_start_matches("bootstrap: "));
    }
    for c in [MEMBERS, CHARTER, METRICS, REWARDS, FEES] {
        let g = chain
            .table(c, c, "config")
            .first()
            .map(|r| r["governance"].clone())
            .unwrap_or_default();
        if g != GOV {
            println!("  FAIL  {c}: governance is {g}, expected {GOV}");
            std::process::exit(1);
        }
    }
    println!("        from now on only passed proposals of {GOV} can change parameters,");
    println!("        approve or expel members, publish constitutions or appoint arbitrators");
    match chain.push(MEMBERS, "approve", &json!(["prod4"]), MEMBERS) {
        Err(e) if e.message.contains("missing authority of pool.gov") => {
            println!(
                "  ok    pool.member approves prod4 itself: rejected with \"{}\"",
                e.message
            )
        }
        Err(e) => {
            println!(
                "  FAIL  pool.member approves prod4 itself: \"{}\"",
                e.message
            );
            std::process::exit(1);
        }
        Ok(_) => {
            println!("  FAIL  pool.member approves prod4 itself: accepted after the hand-over");
            std::process::exit(1);
        }
    }

    println!();
    println!("== governance: prod4 is approved by proposal");
    let title = "Approve prod4 as a member";
    let (id, hash) = propose(
        chain,
        "prod1",
        title,
        &sha256_text(title),
        &[(MEMBERS, "approve", json!(["prod4"]))],
        &[],
    );
    rejected(
        "prod2 votes quoting another content hash",
        "vote is for different proposal content",
        chain.push(
            GOV,
            "vote",
            &json!(["prod2", id, 1, "00".repeat(32)]),
            "prod2",
        ),
    );
    vote(chain, id, &hash, &["prod1", "prod2"], 1);
    rejected(
        &format!("{EXECUTOR} executes #{id} with 2 yes of 3 eligible"),
        "proposal has not reached the approval threshold",
        chain.push(GOV, "exec", &json!([EXECUTOR, id]), EXECUTOR),
    );
    vote(chain, id, &hash, &["prod3"], 1);
    exec(chain, id);
    let status = chain
        .row(MEMBERS, MEMBERS, "members", "prod4")
        .map(|m| m["status"].clone())
        .unwrap_or_default();
    println!("        prod4's status is now {status} (1: active)");
}

/// Holders stake part of their tokens and vote for producers.
fn votes_demo(chain: &Chain) {
    println!();
    println!("== holders stake and vote");
    let ballots: [(&str, &str, &[&str]); 4] = [
        ("alice", "500.0000 POOL", &["prod1", "prod2"]),
        ("bob", "2000.0000 POOL", &["prod2", "prod3", "prod4"]),
        ("carol", "1000.0000 POOL", &["prod1"]),
        ("dave", "3000.0000 POOL", &["prod3", "prod4"]),
    ];
    for (holder, stake, producers) in ballots {
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
}

fn arbitration_demo(chain: &Chain) {
    println!();
    println!("== arbitration");
    let summary_hash = sha256_hex(chain, "README.md");
    step(
        "prod2 files a conduct case against prod4",
        chain.push(
            CHARTER,
            "filecase",
            &json!([
                "prod2",
                "prod4",
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
        "erin rules: suspend prod4 for 3 days",
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

/// Governance lowers `min_votes`; producers vote the `regmember` fee; a
/// late producer registers, pays it and is approved by proposal; the fee
/// is forwarded to rewards as annual income.
fn fees_demo(chain: &Chain) {
    println!();
    println!("== fees: median voting by the elected producers");
    // The demo pool has 4 elected producers; the brief's minimum of 15
    // votes is lowered to 3, by a proposal now that pool.gov is the fees
    // contract's admin (every other value stays as configured).
    let title = "Lower the fee vote minimum to 3 for the demo pool";
    let (id, hash) = propose(
        chain,
        "prod2",
        title,
        &sha256_text(title),
        &[(
            FEES,
            "setconfig",
            json!([GOV, MEMBERS, TOKEN, "4,POOL", REWARDS, 21, 3, 10]),
        )],
        &[],
    );
    vote(chain, id, &hash, &["prod1", "prod2", "prod3", "prod4"], 1);
    exec(chain, id);
    let min_votes = chain
        .table(FEES, FEES, "config")
        .first()
        .map(|c| c["min_votes"].clone())
        .unwrap_or_default();
    println!("        pool.fees min_votes is now {min_votes}");
    for (i, p) in PRODUCERS
        .iter()
        .filter(|p| **p != LATE_PRODUCER)
        .enumerate()
    {
        let ratio = 10_000 * (i as u64 + 1); // 1.0000 .. 4.0000 POOL at multiplier 1.0
        step(
            &format!("{p} sets its fee multiplier to 1.0"),
            chain.push(FEES, "setfeemult", &json!([p, 1_000_000]), p),
        );
        step(
            &format!("{p} votes the regmember fee ratio {ratio}"),
            chain.push(FEES, "setfeevote", &json!([p, [["regmember", ratio]]]), p),
        );
    }
    match chain.push(FEES, "computefees", &json!([]), "alice") {
        Ok(p) => println!(
            "  ok    computefees (block {}, {} us)",
            p.block_num(),
            p.action_elapsed_us()
        ),
        Err(e) => println!("  ok    computefees: {}", e.message),
    }
    let fee = chain
        .row(FEES, FEES, "endpoints", "regmember")
        .map(|e| e["fee"].clone())
        .unwrap_or_default();
    println!("        the regmember fee is now {fee} (median of 1, 2, 3, 4 POOL: floor of the mean of 2 and 3)");

    let p = LATE_PRODUCER;
    let hash = sha256_hex(chain, CONSTITUTION);
    step(
        &format!("{p} signs the constitution"),
        chain.push(CHARTER, "sign", &json!([p, hash]), p),
    );
    step(
        &format!("pool.token gives {p} 10.0000 POOL"),
        chain
            .push(
                TOKEN,
                "issue",
                &json!([ISSUER, "10.0000 POOL", "for prod5"]),
                ISSUER,
            )
            .and_then(|_| {
                chain.push(
                    TOKEN,
                    "transfer",
                    &json!([ISSUER, p, "10.0000 POOL", ""]),
                    ISSUER,
                )
            }),
    );
    step(
        &format!("{p} opens a fee deposit"),
        chain.push(FEES, "opendeposit", &json!([p]), p),
    );
    step(
        &format!("{p} deposits 10.0000 POOL"),
        chain.push(
            TOKEN,
            "transfer",
            &json!([p, FEES, "10.0000 POOL", "deposit"]),
            p,
        ),
    );
    step(
        &format!("{p} registers, paying the voted fee"),
        chain.push(
            MEMBERS,
            "regmember",
            &json!([
                p,
                "https://prod5.example",
                840,
                pool_onchain::DEV_PUBLIC_KEY
            ]),
            p,
        ),
    );
    // Approved by proposal, citing the approval of prod4 (#1).
    let title = "Approve prod5 as a member";
    let (id, hash) = propose(
        chain,
        "prod1",
        title,
        &sha256_text(title),
        &[(MEMBERS, "approve", json!([p]))],
        &[1],
    );
    vote(chain, id, &hash, &["prod1", "prod2", "prod3"], 1);
    vote(chain, id, &hash, &["prod4"], 2);
    exec(chain, id);
    step(
        "erin votes for prod5",
        chain
            .push(MEMBERS, "openstake", &json!(["erin"]), "erin")
            .and_then(|_| {
                chain.push(
                    TOKEN,
                    "transfer",
                    &json!(["erin", MEMBERS, "1500.0000 POOL", "stake"]),
                    "erin",
                )
            })
            .and_then(|_| chain.push(MEMBERS, "vote", &json!(["erin", ["prod5"]]), "erin")),
    );
    let deposit = chain
        .row(FEES, FEES, "deposits", p)
        .map(|d| d["balance"].clone())
        .unwrap_or_default();
    println!("        {p}'s deposit after paying: {deposit}");
}

/// A constitution amendment passes by vote; the members re-sign it.
fn constitution_demo(chain: &Chain) {
    println!();
    println!("== governance: a constitution amendment");
    let v2 = sha256_hex(chain, CONSTITUTION_V2);
    let title = "Constitution version 2: admission and parameters by proposal";
    let (id, hash) = propose(
        chain,
        "prod3",
        title,
        &v2,
        &[(
            CHARTER,
            "newversion",
            json!([v2, format!("https://pool.example/{CONSTITUTION_V2}")]),
        )],
        &[],
    );
    vote(chain, id, &hash, &["prod1", "prod2", "prod3", "prod4"], 1);
    vote(chain, id, &hash, &["prod5"], 2);
    exec(chain, id);
    let latest = chain
        .table(CHARTER, CHARTER, "versions")
        .last()
        .cloned()
        .unwrap_or_default();
    println!(
        "        latest constitution: version {}, {}.. ({CONSTITUTION_V2})",
        latest["version"],
        latest["hash"]
            .as_str()
            .unwrap_or("?")
            .get(..12)
            .unwrap_or("?")
    );
    for p in PRODUCERS {
        step(
            &format!("{p} re-signs the constitution (version 2)"),
            chain.push(CHARTER, "sign", &json!([p, v2]), p),
        );
    }
}

/// Income arrives; the day ends; the emitter reports the day; the day
/// rolls over into a payout snapshot; producers claim.
fn rewards_demo(chain: &Chain) {
    println!();
    println!("== metrics and rewards: a day of the pool");
    let day_sec = chain
        .table(METRICS, METRICS, "config")
        .first()
        .and_then(|c| c["day_sec"].as_i64())
        .unwrap_or(86_400);
    if day_sec > 600 {
        println!("  (skipped: the chain's day is {day_sec} s; scripts/demo.sh runs a chain with short days)");
        return;
    }
    for p in PRODUCERS {
        if chain.row(TOKEN, p, "accounts", SYMBOL).is_none() {
            step(
                &format!("{p} opens its POOL balance row (claims are paid into it)"),
                chain.push(TOKEN, "open", &json!([p, "4,POOL", p]), p),
            );
        }
    }
    step(
        "1000.0000 POOL of income arrives at pool.reward",
        chain
            .push(
                TOKEN,
                "issue",
                &json!([ISSUER, "1000.0000 POOL", "income"]),
                ISSUER,
            )
            .and_then(|_| {
                chain.push(
                    TOKEN,
                    "transfer",
                    &json!([ISSUER, REWARDS, "1000.0000 POOL", "pool income"]),
                    ISSUER,
                )
            }),
    );
    let day = chain.head_time() / day_sec;
    println!("        waiting for day {day} ({day_sec} s days) to end ...");
    while chain.head_time() / day_sec <= day {
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    // The emitter simulates that day and the reporter pushes it.
    let emitter = chain.root().join("target/release/pool-emitter");
    let log = std::env::temp_dir().join(format!("pool-demo-day-{day}.jsonl"));
    let start = antelope_sdk::TimePointSec::from_secs((day * day_sec) as u32).to_string();
    let sim = std::process::Command::new(&emitter)
        .args([
            "simulate",
            "--member-names",
            &PRODUCERS.join(","),
            "--slots",
            &(2 * day_sec).to_string(),
        ])
        .args([
            "--seed",
            "7",
            "--start",
            &start,
            "--outage-prob",
            "0.002,0.002,0.002,0.002,0.3",
        ])
        .args(["--out", log.to_str().unwrap_or_default()])
        .output()
        .expect("run pool-emitter simulate (built by scripts/demo.sh)");
    print!(
        "{}",
        String::from_utf8_lossy(&sim.stdout)
            .lines()
            .map(|l| format!("        {l}\n"))
            .collect::<String>()
    );
    let rep = std::process::Command::new(&emitter)
        .args([
            "report",
            log.to_str().unwrap_or_default(),
            "--emitter",
            EMITTER,
            "--contract",
            METRICS,
            "--quiet",
        ])
        .args([
            "--env",
            chain
                .root()
                .join("scripts/env.sh")
                .to_str()
                .unwrap_or_default(),
        ])
        .output()
        .expect("run pool-emitter report");
    if rep.status.success() {
        println!("  ok    emitter1 reported day {day} (final once irreversible)");
    } else {
        println!(
            "  FAIL  pool-emitter report: {}",
            String::from_utf8_lossy(&rep.stderr)
        );
        std::process::exit(1);
    }
    step(
        "anyone rolls the day over (payout snapshot)",
        chain.push(REWARDS, "rollover", &json!([]), "alice"),
    );
    let snap = chain.row(REWARDS, REWARDS, "snapshots", &day.to_string());
    if let Some(s) = &snap {
        println!(
            "        day {day}: pool {} = vote part {} + scheduled part {}; carried {}; availability waived: {}",
            s["pool"], s["vote_part"], s["scheduled_part"], s["carried"], s["availability_waived"]
        );
        println!("        scheduled (available >= 50%): {}", s["scheduled"]);
    }
    for p in PRODUCERS {
        match chain.push(REWARDS, "claim", &json!([p]), p) {
            Ok(_) => {
                let bal = chain
                    .row(TOKEN, p, "accounts", SYMBOL)
                    .map(|r| r["balance"].clone())
                    .unwrap_or_default();
                println!("  ok    {p} claims; balance now {bal}");
            }
            Err(e) => println!("  ok    {p} has nothing to claim: {}", e.message),
        }
    }
    match chain.push(REWARDS, "audit", &json!([]), "alice") {
        Ok(p) => {
            let console = p.trace["processed"]["action_traces"][0]["console"]
                .as_str()
                .unwrap_or("")
                .to_string();
            println!("  ok    audit: the conservation invariant holds");
            for line in console.lines() {
                println!("        {line}");
            }
        }
        Err(e) => {
            println!("  FAIL  audit: {}", e.message);
            std::process::exit(1);
        }
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
        .chain([MEMBERS, CHARTER, FEES, REWARDS, "pool.infra"]);
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
    for v in chain.table(CHARTER, CHARTER, "versions") {
        println!(
            "  constitution version {}: {}.. {}",
            v["version"],
            v["hash"].as_str().unwrap_or("?").get(..12).unwrap_or("?"),
            v["url"].as_str().unwrap_or("?")
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
    println!();
    println!(
        "  {:<3} {:<62} {:>3} {:>3} {:>3} {:>4}  status",
        "id", "proposal", "yes", "no", "abs", "of"
    );
    let now = chain.head_time();
    for p in chain.table(GOV, GOV, "proposals") {
        let expired = p["expires"]
            .as_str()
            .is_some_and(|t| pool_onchain::iso_to_unix(t) <= now);
        let status = match p["status"].as_u64() {
            Some(1) => "executed",
            Some(2) => "cancelled",
            Some(0) if expired => "expired",
            Some(0) => "open",
            _ => "?",
        };
        let n = |k: &str| p[k].as_u64().unwrap_or(0);
        println!(
            "  {:<3} {:<62} {:>3} {:>3} {:>3} {:>4}  {status}",
            n("id"),
            p["title"].as_str().unwrap_or("?"),
            n("yes"),
            n("no"),
            n("abstain"),
            n("eligible")
        );
    }
}
