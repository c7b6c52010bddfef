//! On chain, the way producers use it: producers vote the `regmember` fee
//! with cleos (`setfeemult`, `setfeevote`), anyone pushes `computefees`,
//! the fee becomes the median of their votes; a new producer opens a fee
//! deposit, deposits, registers and pays exactly the voted fee from it
//! (the members contract charges it inline through the fees contract),
//! and the fee arrives at the rewards account as annual income. Votes
//! that come too soon, and votes of accounts that are not elected, are
//! refused with the contract's exact messages.
//!
//! Each run deploys its own token, members, charter and fees contracts to
//! fresh accounts, with `min_votes` lowered to the three voters, so it
//! never touches the suite's own configuration. The rewards receiver is a
//! plain account here (it only has to hold the forwarded fees).
//!
//! Run by `scripts/test.sh` (`cargo test -p pool-onchain --test fees --
//! --ignored`).

mod common;

use common::*;
use serde_json::json;

/// Ratios and multipliers (6 decimals: 200 is 0.0002), as in docs/fees.md:
/// ratio 2000000000 (an endpoint priced 2 USD) x multiplier 200 / 10^6 =
/// 400000 units = 40.0000 POOL.
const RATIO_LOW: u64 = 1_500_000_000;
const RATIO: u64 = 2_000_000_000;
const MULT: u64 = 200;
const MULT_HIGH: u64 = 350;

/// The producers' fees (ratio x multiplier / 10^6): 300000, 400000 and
/// 700000 units. The median is the middle one, not the mean (466666).
const FEE_1: i64 = 300_000;
const FEE_2: i64 = 400_000;
const FEE_3: i64 = 700_000;
const MEDIAN: i64 = FEE_2;

/// What the new producer deposits before registering.
const DEPOSIT: i64 = 1_000_000;

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn producers_vote_the_fee_and_a_registration_pays_it_to_rewards() {
    let chain = Chain::get();
    let dac = Dac::deploy(chain);
    let fees = chain.new_account("fee");
    let rewards = chain.new_account("rwd");
    let (p1, p2, p3, p4) = (
        chain.new_account("prda"),
        chain.new_account("prdb"),
        chain.new_account("prdc"),
        chain.new_account("prdd"),
    );
    let (staker, outsider) = (chain.new_account("stk"), chain.new_account("out"));
    chain.deploy(&fees, &chain.wasm("fees"), &chain.abi("fees"));
    // fees@inline: only fees@eosio.code, linked to token::transfer
    // (forwarded fees, withdrawals), as bootstrap's INLINE_LINKS.
    chain.set_inline_permission(&fees, &[(&dac.token, "transfer")]);

    // Given: the DAC, with the members contract charging `regmember`
    // through the fees contract.
    dac.configure(chain, "", &fees);
    // The rewards receiver opens its balance row itself, so that
    // forwarding a fee never makes the fees contract pay for it.
    dac.open_balance(chain, &rewards);
    ok(chain.push(
        &fees,
        "setconfig",
        &json!(["", dac.members, dac.token, SYMBOL, rewards, 21, 3, 10]),
        &fees,
    ));
    ok(chain.push(&fees, "addcaller", &json!([dac.members]), &fees));
    ok(chain.push(&fees, "regendpoint", &json!(["regmember", true]), &fees));
    let endpoint = || {
        chain
            .row(&fees, &fees, "endpoints", "regmember")
            .expect("regmember endpoint row")
    };
    assert_eq!(endpoint()["fee"], "0.0000 POOL");

    // Three producers register (the fee is still 0: nothing is charged),
    // are approved, and a staker votes for them.
    for p in [&p1, &p2, &p3] {
        let reg = dac.sign_and_register(chain, p);
        assert_eq!(
            transfers(&reg, &dac.token),
            vec![],
            "a zero fee moves nothing"
        );
        dac.approve(chain, p);
    }
    dac.fund(chain, &staker, 1_000_000);
    dac.stake_and_vote(chain, &staker, 1_000_000, &[&p1, &p2, &p3]);
    for p in [&p1, &p2, &p3] {
        assert_eq!(dac.member(chain, p)["total_votes"], 1_000_000);
    }

    // Accounts outside the elected set cannot vote.
    fails(
        chain.push(&fees, "setfeemult", &json!([outsider, MULT]), &outsider),
        &format!("{outsider} is not an elected producer"),
    );
    fails(
        chain.push(
            &fees,
            "setfeevote",
            &json!([outsider, [["regmember", RATIO]]]),
            &outsider,
        ),
        &format!("{outsider} is not an elected producer"),
    );

    // The producers vote with cleos: p1 multiplier first, p2 ratio first
    // (a vote counts once both are there); p3 only its ratio for now.
    ok(chain.push(&fees, "setfeemult", &json!([p1, MULT]), &p1));
    ok(chain.push(
        &fees,
        "setfeevote",
        &json!([p1, [["regmember", RATIO_LOW]]]),
        &p1,
    ));
    ok(chain.push(
        &fees,
        "setfeevote",
        &json!([p2, [{"field_0": "regmember", "field_1": RATIO}]]),
        &p2,
    ));
    ok(chain.push(&fees, "setfeemult", &json!([p2, MULT]), &p2));
    ok(chain.push(
        &fees,
        "setfeevote",
        &json!([p3, [["regmember", RATIO]]]),
        &p3,
    ));
    assert_eq!(
        chain.row(&fees, &p1, "feevotes", "regmember").unwrap()["ratio"],
        RATIO_LOW
    );
    assert_eq!(
        chain.row(&fees, &fees, "feemults", &p2).unwrap()["multiplier"],
        MULT
    );

    // Rate limits, with the exact messages.
    fails(
        chain.push(&fees, "setfeemult", &json!([p1, MULT_HIGH]), &p1),
        "too soon since the last multiplier vote: once per 120 s",
    );
    fails(
        chain.push(
            &fees,
            "setfeevote",
            &json!([p2, [["regmember", RATIO_LOW]]]),
            &p2,
        ),
        "too soon since the last vote on the regmember fee: once per 3600 s",
    );

    // Two counted votes of the three needed: the fee stays 0, the
    // endpoint is computed all the same.
    ok(chain.push(&fees, "computefees", &json!([]), &outsider));
    let ep = endpoint();
    assert_eq!(ep["fee"], "0.0000 POOL", "{ep}");
    assert_eq!(ep["votes_counted"], 2, "{ep}");
    assert_eq!(ep["pending"], 0, "{ep}");
    fails(
        chain.push(&fees, "computefees", &json!([]), &outsider),
        "no fees to compute",
    );

    // p3's multiplier completes its vote and marks the fee pending.
    ok(chain.push(&fees, "setfeemult", &json!([p3, MULT_HIGH]), &p3));
    assert_eq!(endpoint()["pending"], 1);
    let computed = ok(chain.push(&fees, "computefees", &json!([]), &outsider));
    let ep = endpoint();
    assert_eq!(
        [FEE_1, FEE_2, FEE_3],
        [
            (RATIO_LOW * MULT / 1_000_000) as i64,
            (RATIO * MULT / 1_000_000) as i64,
            (RATIO * MULT_HIGH / 1_000_000) as i64
        ]
    );
    assert_eq!(
        ep["fee"],
        pool(MEDIAN),
        "the median of 30, 40, 70 POOL: {ep}"
    );
    assert_eq!(ep["votes_counted"], 3, "{ep}");
    assert_eq!(ep["pending"], 0, "{ep}");
    assert_eq!(
        iso_to_unix(ep["computed_at"].as_str().unwrap()),
        block_time(&computed)
    );
    assert_eq!(singleton(chain, &fees, "state")["elected_count"], 3);

    // A fourth producer: a registered member without votes is not
    // elected either.
    dac.fund(chain, &p4, DEPOSIT);
    ok(chain.push(&fees, "opendeposit", &json!([p4]), &p4));
    ok(chain.push(
        &dac.token,
        "transfer",
        &json!([p4, fees, pool(DEPOSIT), "deposit"]),
        &p4,
    ));
    let deposit = |who: &str| {
        units(
            chain
                .row(&fees, &fees, "deposits", who)
                .expect("deposit row")["balance"]
                .as_str()
                .unwrap(),
        )
    };
    assert_eq!(deposit(&p4), DEPOSIT);
    assert_eq!(balance(chain, &dac.token, &p4), 0);
    let rewards_before = balance(chain, &dac.token, &rewards);
    assert_eq!(rewards_before, 0);

    // It registers: the members contract charges the voted fee inline;
    // the fees contract takes it from the deposit and forwards it to
    // rewards with memo `annual` (regmember is registration-type).
    let reg = dac.sign_and_register(chain, &p4);
    assert_eq!(dac.member(chain, &p4)["status"], 0, "pending approval");
    let charges: Vec<_> = executed(&reg.trace)
        .into_iter()
        .filter(|t| t["receiver"] == fees.as_str() && t["act"]["name"] == "charge")
        .collect();
    assert_eq!(charges.len(), 1, "one charge: {}", reg.trace);
    assert_eq!(
        charges[0]["act"]["data"],
        json!({"caller": dac.members, "payer": p4, "endpoint": "regmember"})
    );
    assert_eq!(
        charges[0]["act"]["authorization"],
        json!([{"actor": dac.members, "permission": "inline"}])
    );
    assert_eq!(
        transfers(&reg, &dac.token),
        vec![Transfer {
            from: fees.clone(),
            to: rewards.clone(),
            amount: MEDIAN,
            memo: "annual".into(),
            auth: vec![format!("{fees}@inline")],
            inline: true,
        }]
    );
    assert_eq!(deposit(&p4), DEPOSIT - MEDIAN, "exactly the voted fee");
    assert_eq!(
        balance(chain, &dac.token, &rewards),
        rewards_before + MEDIAN
    );
    assert_eq!(balance(chain, &dac.token, &p4), 0, "paid from the deposit");
    // The fees contract holds exactly the deposits.
    assert_eq!(balance(chain, &dac.token, &fees), DEPOSIT - MEDIAN);

    fails(
        chain.push(
            &fees,
            "setfeevote",
            &json!([p4, [["regmember", RATIO]]]),
            &p4,
        ),
        &format!("{p4} is not an elected producer"),
    );
    // And no vote changed the fee.
    fails(
        chain.push(&fees, "computefees", &json!([]), &outsider),
        "no fees to compute",
    );
    assert_eq!(endpoint()["fee"], pool(MEDIAN));
}
