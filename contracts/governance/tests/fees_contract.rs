//! The fee hook against the real fees contract (instead of the bench's
//! fixture): `propose` pays the `propose` fee from the proposer's deposit
//! through `pool.gov@inline`, the fee goes to the rewards account, and a
//! proposer who cannot pay stores nothing.

mod common;

use antelope_sdk::{name, Name, PermissionLevel};
use antelope_testchain::assert_fails;
use common::*;
use pool_fees::actions as fees;

const REWARDS: Name = name!("pool.reward");
const PROPOSE: Name = name!("propose");

/// The governance bench with pool_fees at pool.fees: configured (21
/// elected, 1 vote suffices), pool.gov a registered caller, endpoint
/// `propose` registered; alice's stake elects prod1, whose vote sets the
/// fee to 2.5000 POOL.
fn with_real_fees() -> Gov {
    let mut g = Gov::new();
    g.chain.deploy(FEES, pool_fees::apply);
    g.chain.create_account(REWARDS);
    g.chain.set_permission(FEES, INLINE, ACTIVE, &[]);
    g.chain.add_code(FEES, INLINE);
    g.chain.link_auth(FEES, TOKEN, name!("transfer"), INLINE);
    let open = pool_token::actions::open {
        owner: REWARDS,
        symbol: SYM,
        ram_payer: REWARDS,
    };
    g.chain.push_action_as(TOKEN, &open, REWARDS).unwrap();
    let cfg = fees::setconfig {
        governance: Name::EMPTY,
        members: MEMBER,
        token_contract: TOKEN,
        fee_symbol: SYM,
        rewards: REWARDS,
        scheduled: 21,
        min_votes: 1,
        max_compute_per_call: 10,
    };
    g.chain.push_action_as(FEES, &cfg, FEES).unwrap();
    // The stand-in the bench started with listed pool.gov and `propose`
    // in the same tables; start the real contract from none.
    g.chain
        .push_action_as(FEES, &fees::rmcaller { contract: GOV }, FEES)
        .unwrap();
    g.chain
        .push_action_as(FEES, &fees::rmendpoint { endpoint: PROPOSE }, FEES)
        .unwrap();
    g.chain
        .push_action_as(
            FEES,
            &fees::regendpoint {
                endpoint: PROPOSE,
                annual: false,
            },
            FEES,
        )
        .unwrap();
    g
}

fn add_caller(g: &mut Gov) {
    g.chain
        .push_action_as(FEES, &fees::addcaller { contract: GOV }, FEES)
        .unwrap();
}

/// prod1 elected (alice's stake) votes the propose fee, which is computed.
fn set_fee(g: &mut Gov, units: u64) {
    g.open_and_stake(ALICE, "100.0000 POOL");
    g.t.vote(ALICE, &[PROD1]).unwrap();
    g.chain
        .push_action_as(
            FEES,
            &fees::setfeevote {
                producer: PROD1,
                fee_ratios: vec![(PROPOSE, units)],
            },
            PROD1,
        )
        .unwrap();
    g.chain
        .push_action_as(
            FEES,
            &fees::setfeemult {
                producer: PROD1,
                multiplier: 1_000_000,
            },
            PROD1,
        )
        .unwrap();
    g.chain
        .push_action_as(FEES, &fees::computefees {}, ALICE)
        .unwrap();
}

fn deposit(g: &mut Gov, owner: Name, quantity: &str) {
    g.chain
        .push_action_as(FEES, &fees::opendeposit { owner }, owner)
        .unwrap();
    g.transfer(owner, FEES, quantity, "deposit").unwrap();
}

#[test]
fn a_governance_the_fees_contract_does_not_list_as_caller_charges_no_fee() {
    // The hook sends `charge` only for a registered caller: a fees admin
    // that removes pool.gov from the callers ends the propose fee, it
    // cannot end proposing (which would lock governance out for good).
    let mut g = with_real_fees();
    let trace = g.propose_with(&g.proposal_args(PROD1, vec![])).unwrap();
    assert!(
        trace
            .inline_actions()
            .all(|a| !(a.account == FEES && a.name == name!("charge"))),
        "no charge is sent for an unlisted caller"
    );
    assert_eq!(g.snapshot().proposals.len(), 1, "the proposal is stored");
}

#[test]
fn a_zero_fee_lets_anyone_in_good_standing_propose() {
    let mut g = with_real_fees();
    add_caller(&mut g);
    let trace = g.propose_with(&g.proposal_args(PROD1, vec![])).unwrap();
    let charge = trace
        .inline_actions()
        .find(|a| a.account == FEES && a.name == name!("charge"))
        .expect("the hook ran");
    assert_eq!(
        charge.authorization,
        vec![PermissionLevel::new(GOV, INLINE)]
    );
}

#[test]
fn the_propose_fee_comes_out_of_the_proposers_deposit_and_goes_to_rewards() {
    let mut g = with_real_fees();
    add_caller(&mut g);
    set_fee(&mut g, 25_000);
    // Without a deposit: nothing is stored.
    let before = g.snapshot();
    let args = g.proposal_args(PROD2, vec![]);
    assert_fails(
        g.propose_with(&args),
        "payer has no fee deposit: open one with opendeposit",
    );
    assert_eq!(g.snapshot(), before);

    deposit(&mut g, PROD2, "3.0000 POOL");
    let rewards = g.balance(REWARDS);
    g.propose_with(&args).unwrap();
    assert_eq!(g.balance(REWARDS) - rewards, 25_000);
    let left: Option<pool_fees::tables::Deposit> = g.chain.row(FEES, FEES.raw(), PROD2.raw());
    assert_eq!(left.unwrap().balance.amount, 5_000);
    // 0.5000 POOL left: the next proposal is refused, and not stored.
    let before = g.snapshot();
    let next = g.proposal_args(PROD2, vec![]);
    assert_fails(g.propose_with(&next), "deposit too low for the propose fee");
    assert_eq!(g.snapshot(), before);
}
