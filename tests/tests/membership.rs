//! On chain, the way producers use it: a producer signs the constitution,
//! registers, is approved, receives staked votes; a new constitution
//! version appears, the grace period runs out (shortened here), the
//! producer re-signs; a case is filed, taken and ruled with a suspension
//! that the members contract enforces. Each run deploys its own token,
//! members and charter contracts to fresh accounts (so the short test
//! periods never touch the suite's own configuration).
//!
//! Run by `scripts/test.sh` (`cargo test -p pool-onchain -- --ignored`).

use pool_onchain::{Chain, DEV_PUBLIC_KEY};
use serde_json::json;
use std::thread::sleep;
use std::time::Duration;

const HASH_1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const HASH_2: &str = "2222222222222222222222222222222222222222222222222222222222222222";
/// Seconds: short enough for a test, long enough to act inside them.
const GRACE_SEC: u64 = 4;
const APPEAL_SEC: u64 = 2;

#[track_caller]
fn ok(result: Result<pool_onchain::Pushed, pool_onchain::PushError>) {
    if let Err(e) = result {
        panic!("unexpected failure: {}\n{}", e.message, e.raw);
    }
}

#[track_caller]
fn fails(result: Result<pool_onchain::Pushed, pool_onchain::PushError>, expected: &str) {
    match result {
        Ok(_) => panic!("accepted, expected \"{expected}\""),
        Err(e) => assert_eq!(e.message, expected),
    }
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn producer_life_cycle_and_an_enforced_ruling() {
    let chain = Chain::get();
    let (tok, mem, cha) = (
        chain.new_account("tok"),
        chain.new_account("mem"),
        chain.new_account("cha"),
    );
    let (prod, claimant, holder, arb) = (
        chain.new_account("prd"),
        chain.new_account("clm"),
        chain.new_account("hld"),
        chain.new_account("arb"),
    );
    chain.deploy(&tok, &chain.wasm("token"), &chain.abi("token"));
    chain.deploy(&mem, &chain.wasm("members"), &chain.abi("members"));
    chain.deploy(&cha, &chain.wasm("charter"), &chain.abi("charter"));
    chain.set_inline_permission(&mem, &[(&tok, "transfer")]);
    chain.set_inline_permission(&cha, &[(&mem, "setstatus")]);

    // Given: a token, both contracts configured, a first constitution.
    ok(chain.push(&tok, "create", &json!([tok, "1000000.0000 POOL"]), &tok));
    ok(chain.push(&tok, "issue", &json!([tok, "1000.0000 POOL", ""]), &tok));
    ok(chain.push(
        &tok,
        "transfer",
        &json!([tok, holder, "100.0000 POOL", ""]),
        &tok,
    ));
    ok(chain.push(
        &cha,
        "setconfig",
        &json!(["", mem, "", "", APPEAL_SEC, 5, GRACE_SEC]),
        &cha,
    ));
    ok(chain.push(
        &mem,
        "setconfig",
        &json!(["", tok, "4,POOL", cha, "", false, 1]),
        &mem,
    ));
    ok(chain.push(
        &cha,
        "newversion",
        &json!([HASH_1, "https://pool.example/constitution-v1"]),
        &cha,
    ));

    // A producer signs, registers and is approved.
    fails(
        chain.push(
            &mem,
            "regmember",
            &json!([prod, "https://prod.example", 840, DEV_PUBLIC_KEY]),
            &prod,
        ),
        "sign the latest constitution first",
    );
    for p in [&prod, &claimant] {
        ok(chain.push(&cha, "sign", &json!([p, HASH_1]), p));
        ok(chain.push(
            &mem,
            "regmember",
            &json!([p, format!("https://{p}.example"), 840, DEV_PUBLIC_KEY]),
            p,
        ));
        ok(chain.push(&mem, "approve", &json!([p]), &mem));
    }
    assert_eq!(
        chain.row(&mem, &mem, "members", &prod).expect("member row")["status"],
        1
    );

    // A holder stakes and votes for it.
    ok(chain.push(&mem, "openstake", &json!([holder]), &holder));
    ok(chain.push(
        &tok,
        "transfer",
        &json!([holder, mem, "100.0000 POOL", "stake"]),
        &holder,
    ));
    ok(chain.push(&mem, "vote", &json!([holder, [prod]]), &holder));
    assert_eq!(
        chain.row(&mem, &mem, "members", &prod).unwrap()["total_votes"],
        1_000_000
    );

    // A new version: the old signature counts during the grace period...
    ok(chain.push(
        &cha,
        "newversion",
        &json!([HASH_2, "https://pool.example/constitution-v2"]),
        &cha,
    ));
    ok(chain.push(&mem, "vote", &json!([holder, [prod]]), &holder));
    // ... and not after it.
    sleep(Duration::from_secs(GRACE_SEC + 1));
    fails(
        chain.push(&mem, "vote", &json!([holder, [prod]]), &holder),
        &format!("{prod} is not an active member"),
    );
    // Re-signing the latest version restores it.
    fails(
        chain.push(&cha, "sign", &json!([prod, HASH_1]), &prod),
        "hash does not match the latest constitution version",
    );
    ok(chain.push(&cha, "sign", &json!([prod, HASH_2]), &prod));
    ok(chain.push(&mem, "vote", &json!([holder, [prod]]), &holder));

    // A case: filed, taken, ruled with a 7-day suspension, enforced.
    ok(chain.push(&cha, "sign", &json!([claimant, HASH_2]), &claimant));
    ok(chain.push(&cha, "appoint", &json!([arb]), &cha));
    ok(chain.push(
        &cha,
        "filecase",
        &json!([
            claimant,
            prod,
            1,
            "https://pool.example/case",
            HASH_1,
            "",
            0
        ]),
        &claimant,
    ));
    let case = chain
        .table(&cha, &cha, "cases")
        .into_iter()
        .next()
        .expect("case row");
    let id = case["id"].as_u64().expect("case id");
    ok(chain.push(&cha, "takecase", &json!([arb, id]), &arb));
    ok(chain.push(
        &cha,
        "rule",
        &json!([arb, id, 2, 7, "https://pool.example/ruling"]),
        &arb,
    ));
    fails(
        chain.push(&cha, "enforce", &json!([id]), &holder),
        "ruling can still be appealed",
    );
    sleep(Duration::from_secs(APPEAL_SEC + 1));
    ok(chain.push(&cha, "enforce", &json!([id]), &holder));
    let enforced_at = chain.head_time();

    let member = chain.row(&mem, &mem, "members", &prod).unwrap();
    assert_eq!(member["status"], 2, "suspended: {member}");
    let until = pool_onchain::iso_to_unix(member["suspended_until"].as_str().unwrap());
    assert!(
        (until - (enforced_at + 7 * 86_400)).abs() <= 2,
        "suspended until {until}, enforced at {enforced_at}"
    );
    // A suspended member cannot be voted for.
    fails(
        chain.push(&mem, "vote", &json!([holder, [prod]]), &holder),
        &format!("{prod} is not an active member"),
    );
}
