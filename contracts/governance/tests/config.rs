//! The configuration: who sets it (the contract itself, then only passed
//! proposals), and the values it refuses because they would break or lock
//! governance.

mod common;

use antelope_sdk::{name, Name};
use antelope_testchain::assert_fails;
use common::*;

/// The members bench with pool.gov deployed (permissions set) but not
/// configured.
fn unconfigured() -> Gov {
    let mut t = Tester::with_producers();
    t.chain.create_accounts(&[PROD6, PROD7, EXECUTOR]);
    t.chain.deploy(GOV, pool_governance::apply);
    t.chain.add_code(GOV, ACTIVE);
    Gov { t }
}

#[test]
fn nothing_works_before_the_configuration() {
    let mut g = unconfigured();
    assert_eq!(g.next_id(), 0);
    let args = g.proposal_args(PROD1, vec![]);
    assert_fails(
        g.propose_with(&args),
        "governance contract is not configured",
    );
    assert_fails(
        g.vote_for(PROD1, 1, YES, DOC),
        "governance contract is not configured",
    );
    assert_fails(g.exec(1), "governance contract is not configured");
    assert_fails(g.cancel(PROD1, 1), "proposal does not exist");
    assert_fails(g.cleanup(1), "nothing to clean up");
}

#[test]
fn the_contract_configures_itself_and_keeps_its_counter() {
    let mut g = unconfigured();
    let args = g.config_defaults();
    assert_fails(
        g.setconfig_as(PROD1, args.clone()),
        "missing authority of pool.gov",
    );
    assert_fails(
        g.setconfig_as(MEMBER, args.clone()),
        "missing authority of pool.gov",
    );
    g.setconfig_as(GOV, args.clone()).unwrap();
    let cfg = g.gov_config().unwrap();
    assert_eq!(
        (
            cfg.members,
            cfg.fees,
            cfg.max_eligible_scan,
            cfg.max_lifetime_sec
        ),
        (MEMBER, FEES, 1000, 30 * DAY)
    );
    assert_eq!(g.next_id(), 1);
    // Proposals need the fee hook's permission.
    g.chain.set_permission(GOV, INLINE, ACTIVE, &[]);
    g.chain.add_code(GOV, INLINE);
    g.chain.link_auth(GOV, FEES, name!("charge"), INLINE);
    g.propose(PROD1, vec![]);
    // A new configuration keeps the counter.
    let mut other = args;
    other.max_cites = 0;
    g.setconfig_as(GOV, other).unwrap();
    assert_eq!(g.next_id(), 2);
    assert_eq!(g.gov_config().unwrap().max_cites, 0);
}

#[test]
fn accounts_must_exist_and_members_must_be_configured() {
    let mut g = unconfigured();
    let mut args = g.config_defaults();
    args.members = name!("nobody");
    assert_fails(
        g.setconfig_as(GOV, args.clone()),
        "members contract account does not exist",
    );
    // An account, but not a configured members contract.
    args.members = ALICE;
    assert_fails(
        g.setconfig_as(GOV, args.clone()),
        "the members contract is not configured",
    );
    args.members = MEMBER;
    args.fees = name!("nobody");
    assert_fails(
        g.setconfig_as(GOV, args.clone()),
        "fees account does not exist",
    );
    args.fees = Name::EMPTY;
    g.setconfig_as(GOV, args).unwrap();
}

/// A change to the default configuration.
type Change = fn(&mut pool_governance::actions::setconfig);

#[test]
fn rules_that_could_lock_governance_are_refused() {
    let mut g = unconfigured();
    let base = g.config_defaults();
    let cases: Vec<(Change, &str)> = vec![
        (
            |c| c.threshold_den = 0,
            "threshold must be a fraction threshold_num / threshold_den between 0 and 1 with a positive denominator",
        ),
        (
            |c| c.threshold_num = 4,
            "threshold must be a fraction threshold_num / threshold_den between 0 and 1 with a positive denominator",
        ),
        (
            |c| c.threshold_plus = 2,
            "threshold is unreachable: threshold_plus must be 0, or 1 with threshold_num < threshold_den",
        ),
        (
            |c| {
                c.threshold_num = 3;
                c.threshold_den = 3
            },
            "threshold is unreachable: threshold_plus must be 0, or 1 with threshold_num < threshold_den",
        ),
        (
            |c| c.quorum_den = 0,
            "quorum must be a fraction quorum_num / quorum_den between 0 and 1 with a positive denominator",
        ),
        (
            |c| c.quorum_num = 5,
            "quorum must be a fraction quorum_num / quorum_den between 0 and 1 with a positive denominator",
        ),
        (|c| c.max_actions = 0, "max_actions must be between 1 and 16"),
        (|c| c.max_actions = 17, "max_actions must be between 1 and 16"),
        (|c| c.max_cites = 33, "max_cites must be at most 32"),
        (
            |c| c.max_lifetime_sec = 3599,
            "max_lifetime_sec must be between 3600 (1 hour) and 31536000 (365 days)",
        ),
        (
            |c| c.max_lifetime_sec = 365 * DAY + 1,
            "max_lifetime_sec must be between 3600 (1 hour) and 31536000 (365 days)",
        ),
        (
            |c| c.max_eligible_scan = 0,
            "max_eligible_scan must be between 1 and 5000",
        ),
        (
            |c| c.max_eligible_scan = 5001,
            "max_eligible_scan must be between 1 and 5000",
        ),
    ];
    for (change, message) in cases {
        let mut args = base.clone();
        change(&mut args);
        assert_fails(g.setconfig_as(GOV, args), message);
    }
    assert!(g.gov_config().is_none());
    // The extremes that stay reachable.
    let mut unanimity = base.clone();
    unanimity.threshold_num = 1;
    unanimity.threshold_den = 1;
    unanimity.threshold_plus = 0;
    unanimity.quorum_num = 1;
    unanimity.quorum_den = 1;
    unanimity.max_actions = 16;
    unanimity.max_cites = 32;
    unanimity.max_lifetime_sec = 365 * DAY;
    unanimity.max_eligible_scan = 5000;
    g.setconfig_as(GOV, unanimity).unwrap();
}

#[test]
fn unanimity_rules_pass_a_unanimous_vote() {
    let mut g = Gov::new();
    let mut cfg = g.config_defaults();
    cfg.threshold_num = 1;
    cfg.threshold_den = 1;
    cfg.threshold_plus = 0;
    g.setconfig_as(GOV, cfg).unwrap();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    assert_fails(
        g.exec(id),
        "proposal has not reached the approval threshold",
    );
    g.vote(PROD5, id, YES).unwrap();
    g.exec(id).unwrap();
}
