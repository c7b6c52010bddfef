//! The attack classes of the security checklist that apply to the
//! governance contract (3 missing authorization, 4 eosio.code over-grant,
//! 8 RAM payer, 11 bounded loops, 14 state before inline, 15 unchecked
//! arguments, 16 governance), each as the test the checklist asks for.

mod common;

use antelope_sdk::{name, Action, ActionData, Checksum256, Name, PermissionLevel, TimePointSec};
use antelope_testchain::assert_fails;
use common::*;
use pool_governance::actions;
use pool_testkit::helpers::signers::{
    assert_unlinked_permission_refused, irrelevant, NO_AUTHORIZATION,
};

const FOREIGN: &str =
    "every action of a proposal must be authorized by exactly the governance account's active permission";

// ---- 3. missing authorization ------------------------------------------------------------

#[test]
fn every_action_refuses_a_wrong_signer() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    let hash = g.proposal(id).unwrap().content_hash;
    let mut other = args.clone();
    other.title = "Amended".into();
    let before = g.snapshot();
    let cases: Vec<(Action, Name, &str)> = vec![
        (
            g.config_defaults().to_action(GOV, vec![]),
            PROD1,
            "missing authority of pool.gov",
        ),
        (
            args.to_action(GOV, vec![]),
            PROD2,
            "missing authority of prod1",
        ),
        (
            Gov::amend_args(id, &other).to_action(GOV, vec![]),
            PROD2,
            "missing authority of prod1",
        ),
        (
            actions::vote {
                member: PROD2,
                id,
                vote: YES,
                content_hash: hash,
            }
            .to_action(GOV, vec![]),
            PROD1,
            "missing authority of prod2",
        ),
        (
            actions::exec {
                executor: PROD1,
                id,
            }
            .to_action(GOV, vec![]),
            EXECUTOR,
            "missing authority of prod1",
        ),
        (
            actions::cancel {
                proposer: PROD1,
                id,
            }
            .to_action(GOV, vec![]),
            PROD2,
            "missing authority of prod1",
        ),
    ];
    for (mut action, signer, message) in cases {
        action.authorization = vec![PermissionLevel::active(signer)];
        assert_fails(g.chain.push_raw(action.clone()), message);
        // The governance account's inline permission is linked to the fee
        // charge only: it signs nothing here.
        action.authorization = vec![PermissionLevel::new(GOV, INLINE)];
        assert_fails(
            g.chain.push_raw(action.clone()),
            &irrelevant("pool.gov", "inline", "active"),
        );
        // No signer at all: nodeos refuses before the contract runs.
        action.authorization = vec![];
        assert_fails(g.chain.push_raw(action), NO_AUTHORIZATION);
    }
    assert_eq!(g.snapshot(), before);
}

/// Every action, signed by the account it needs (any account for
/// `exec`'s executor and `cleanup`) but with a permission of that account
/// below `active` linked to nothing: refused by the chain's minimum
/// permission, nothing changed.
#[test]
fn every_action_refuses_an_unlinked_permission_of_its_signer() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    let hash = g.proposal(id).unwrap().content_hash;
    let mut other = args.clone();
    other.title = "Amended".into();
    let unlinked = name!("sec");
    for who in [GOV, PROD1, PROD2, EXECUTOR, ALICE] {
        g.chain.set_permission(who, unlinked, ACTIVE, &[]);
    }
    let cases: Vec<(Action, Name)> = vec![
        (g.config_defaults().to_action(GOV, vec![]), GOV),
        (args.to_action(GOV, vec![]), PROD1),
        (Gov::amend_args(id, &other).to_action(GOV, vec![]), PROD1),
        (
            actions::vote {
                member: PROD2,
                id,
                vote: YES,
                content_hash: hash,
            }
            .to_action(GOV, vec![]),
            PROD2,
        ),
        (
            actions::exec {
                executor: EXECUTOR,
                id,
            }
            .to_action(GOV, vec![]),
            EXECUTOR,
        ),
        (
            actions::cancel {
                proposer: PROD1,
                id,
            }
            .to_action(GOV, vec![]),
            PROD1,
        ),
        (actions::cleanup { max: 10 }.to_action(GOV, vec![]), ALICE),
    ];
    let before = g.snapshot();
    assert_unlinked_permission_refused(&mut g.chain, unlinked, cases, |_| "active");
    assert_eq!(g.snapshot(), before);
}

#[test]
fn a_permission_below_active_signs_nothing() {
    let mut g = Gov::new();
    // prod1 has a `vote` permission (child of active) not linked to
    // anything: it is not the minimum permission of any governance action.
    g.chain.set_permission(PROD1, name!("vote"), ACTIVE, &[]);
    let id = g.propose(PROD2, vec![]);
    let hash = g.proposal(id).unwrap().content_hash;
    let data = actions::vote {
        member: PROD1,
        id,
        vote: YES,
        content_hash: hash,
    };
    assert_fails(
        g.chain
            .push_action(GOV, &data, &[PermissionLevel::new(PROD1, name!("vote"))]),
        &irrelevant("prod1", "vote", "active"),
    );
    // Linked, it is enough (what a voter's hot key would use).
    g.chain.link_auth(PROD1, GOV, name!("vote"), name!("vote"));
    g.chain
        .push_action(GOV, &data, &[PermissionLevel::new(PROD1, name!("vote"))])
        .unwrap();
}

#[test]
fn cleanup_is_open_to_anyone_but_needs_a_signer() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.cancel(PROD1, id).unwrap();
    assert_fails(
        g.chain
            .push_raw(actions::cleanup { max: 10 }.to_action(GOV, vec![])),
        NO_AUTHORIZATION,
    );
    g.chain
        .push_action_as(GOV, &actions::cleanup { max: 10 }, ALICE)
        .unwrap();
}

// ---- 4. eosio.code: a proposal acts only with the DAC's own authority ---------------------

#[test]
fn a_proposal_claiming_another_accounts_authority_is_refused() {
    let mut g = Gov::new();
    // Alice trusted pool.gov's code with her active permission. A
    // proposal moving her tokens would pass the chain's check; the
    // contract refuses to store it.
    g.chain.set_permission(
        ALICE,
        ACTIVE,
        name!("owner"),
        &[PermissionLevel::new(GOV, name!("eosio.code"))],
    );
    let steal = pool_token::actions::transfer {
        from: ALICE,
        to: PROD1,
        quantity: a("100.0000 POOL"),
        memo: "proposal".into(),
    };
    let approve = pool_members::actions::approve { account: PROD6 };
    let gov_active = PermissionLevel::active(GOV);
    let auths: Vec<Vec<PermissionLevel>> = vec![
        vec![PermissionLevel::active(MEMBER)],
        vec![PermissionLevel::active(PROD1)],
        vec![gov_active, PermissionLevel::active(PROD2)],
        vec![PermissionLevel::active(PROD2), gov_active],
        vec![gov_active, gov_active],
        vec![PermissionLevel::new(GOV, name!("owner"))],
        vec![PermissionLevel::new(GOV, INLINE)],
        vec![PermissionLevel::new(GOV, name!("eosio.code"))],
        vec![],
    ];
    let before = g.snapshot();
    let ram = g.chain.ram_usage(PROD1);
    for auth in auths {
        let action = approve.to_action(MEMBER, auth);
        let args = g.proposal_args(PROD1, vec![approve_action(PROD6), action]);
        assert_fails(g.propose_with(&args), FOREIGN);
    }
    let args = g.proposal_args(
        PROD1,
        vec![steal.to_action(pool_token_account(), vec![PermissionLevel::active(ALICE)])],
    );
    assert_fails(g.propose_with(&args), FOREIGN);
    // Nor by amendment.
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    let mut bad = args.clone();
    bad.actions = vec![approve.to_action(MEMBER, vec![PermissionLevel::active(MEMBER)])];
    let after_propose = g.snapshot();
    assert_fails(g.amend_with(&Gov::amend_args(id, &bad)), FOREIGN);
    assert_eq!(g.snapshot(), after_propose);
    assert_ne!(before, after_propose);
    assert!(g.chain.ram_usage(PROD1) > ram);
}

fn pool_token_account() -> Name {
    TOKEN
}

#[test]
fn a_proposal_action_must_target_an_existing_account() {
    let mut g = Gov::new();
    let action = gov_action(
        name!("nobody"),
        &pool_members::actions::approve { account: PROD6 },
    );
    let args = g.proposal_args(PROD1, vec![action]);
    assert_fails(
        g.propose_with(&args),
        "action's contract account does not exist",
    );
}

#[test]
fn the_inline_permission_reaches_only_the_fee_charge() {
    let mut g = Gov::new();
    let inline = [PermissionLevel::new(GOV, INLINE)];
    let expected = irrelevant("pool.gov", "inline", "active");
    assert_fails(
        g.chain.push_action(
            MEMBER,
            &pool_members::actions::approve { account: PROD6 },
            &inline,
        ),
        &expected,
    );
    let cfg = g.config_defaults();
    assert_fails(g.chain.push_action(GOV, &cfg, &inline), &expected);
    let transfer = pool_token::actions::transfer {
        from: GOV,
        to: PROD1,
        quantity: a("0.0001 POOL"),
        memo: String::new(),
    };
    assert_fails(g.chain.push_action(TOKEN, &transfer, &inline), &expected);
}

#[test]
fn the_fee_hook_charges_the_proposer_through_the_inline_permission() {
    let mut g = Gov::new();
    let trace = g.propose_with(&g.proposal_args(PROD1, vec![])).unwrap();
    let charge = trace
        .inline_actions()
        .find(|a| a.account == FEES)
        .expect("a charge");
    assert_eq!(
        charge.authorization,
        vec![PermissionLevel::new(GOV, INLINE)]
    );
    let rows: Vec<fees_fixture::Charge> = g.chain.rows(FEES, FEES.raw());
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].caller, rows[0].payer, rows[0].endpoint),
        (GOV, PROD1, name!("propose"))
    );
    // Amending, voting and executing cost no fee.
    let id = 1;
    let mut other = g.proposal_args(PROD1, vec![]);
    other.title = "Second version".into();
    g.amend_with(&Gov::amend_args(id, &other)).unwrap();
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.exec(id).unwrap();
    let rows: Vec<fees_fixture::Charge> = g.chain.rows(FEES, FEES.raw());
    assert_eq!(rows.len(), 1);
}

#[test]
fn a_refused_fee_stores_no_proposal() {
    let mut g = Gov::new();
    // The fee fixture refuses payer `broke`: make it a member first.
    let broke = name!("broke");
    g.chain.create_account(broke);
    g.sign(broke, 1);
    g.regmember(broke).unwrap();
    let id = g.propose(PROD1, vec![approve_action(broke)]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.exec(id).unwrap();
    let before = g.snapshot();
    let ram = g.chain.ram_usage(broke);
    let args = g.proposal_args(broke, vec![]);
    assert_fails(g.propose_with(&args), "insufficient fee deposit");
    assert_eq!(g.snapshot(), before);
    assert_eq!(g.chain.ram_usage(broke), ram);
}

#[test]
fn without_a_fees_contract_no_fee_is_charged() {
    let mut g = Gov::new();
    let mut cfg = g.config_defaults();
    cfg.fees = Name::EMPTY;
    g.setconfig_as(GOV, cfg).unwrap();
    let trace = g.propose_with(&g.proposal_args(PROD1, vec![])).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
}

#[test]
fn without_its_link_the_fee_hook_cannot_charge() {
    let mut g = Gov::new();
    // Re-link pool.fees::charge to active: pool.gov@inline no longer
    // satisfies it, so proposing fails rather than going unpaid.
    g.chain.link_auth(GOV, FEES, name!("charge"), ACTIVE);
    let before = g.snapshot();
    let args = g.proposal_args(PROD1, vec![]);
    assert_fails(
        g.propose_with(&args),
        &irrelevant("pool.gov", "inline", "active"),
    );
    assert_eq!(g.snapshot(), before);
}

#[test]
fn without_eosio_code_on_active_a_passed_proposal_cannot_act() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    // pool.gov@active without pool.gov@eosio.code.
    g.chain.set_permission(GOV, ACTIVE, name!("owner"), &[]);
    let id = g.propose(PROD1, vec![approve_action(PROD6)]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let before = g.snapshot();
    let err = g.exec(id).unwrap_err();
    assert!(
        err.message().starts_with(
            r#"transaction declares authority '{"actor":"pool.gov","permission":"active"}'"#
        ),
        "{err}"
    );
    assert_eq!(g.snapshot(), before);
}

// ---- 8. RAM payer ---------------------------------------------------------------------------

#[test]
fn rows_are_paid_by_the_proposer_and_the_voters_never_by_the_contract() {
    let mut g = Gov::new();
    let gov_ram = g.chain.ram_usage(GOV);
    let first = g.propose(PROD2, vec![]);

    let p1 = g.chain.ram_usage(PROD1);
    let mut args = g.proposal_args(PROD1, vec![approve_action(PROD6)]);
    args.cites = vec![first];
    let id = g.propose_args(&args);
    let p1_after = g.chain.ram_usage(PROD1);
    assert!(
        p1_after > p1,
        "the proposer pays the proposal and its citation"
    );
    assert_eq!(g.chain.ram_usage(GOV), gov_ram, "the contract pays nothing");

    let v = g.chain.ram_usage(PROD3);
    g.vote(PROD3, id, YES).unwrap();
    let v_after = g.chain.ram_usage(PROD3);
    assert!(v_after > v, "the voter pays its vote");
    assert_eq!(g.chain.ram_usage(PROD1), p1_after);
    assert_eq!(g.chain.ram_usage(GOV), gov_ram);

    // Growth by amendment: the proposer again.
    let mut longer = args.clone();
    longer.title = "A".repeat(200);
    g.amend_with(&Gov::amend_args(id, &longer)).unwrap();
    assert!(g.chain.ram_usage(PROD1) > p1_after);
    assert_eq!(g.chain.ram_usage(PROD3), v_after);
    assert_eq!(g.chain.ram_usage(GOV), gov_ram);

    // Executing bills nobody; the votes' RAM goes back to the voters.
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let voter_ram = g.chain.ram_usage(PROD3);
    g.regmember(PROD6).unwrap();
    let executor_ram = g.chain.ram_usage(EXECUTOR);
    g.exec(id).unwrap();
    assert_eq!(g.chain.ram_usage(EXECUTOR), executor_ram);
    assert!(g.chain.ram_usage(PROD3) < voter_ram);
    assert_eq!(g.chain.ram_usage(GOV), gov_ram);

    // Cancel and cleanup return the rest to the proposer.
    let p2 = g.chain.ram_usage(PROD2);
    g.cancel(PROD2, first).unwrap();
    g.cleanup(10).unwrap();
    assert!(g.chain.ram_usage(PROD2) < p2);
    assert_eq!(g.chain.ram_usage(GOV), gov_ram);
}

#[test]
fn outsiders_cannot_make_the_contract_pay() {
    let mut g = Gov::new();
    let gov_ram = g.chain.ram_usage(GOV);
    let id = g.propose(PROD1, vec![]);
    let hash = g.proposal(id).unwrap().content_hash;
    for who in [ALICE, BOB, CAROL, DAVE] {
        assert_fails(
            g.propose_with(&g.proposal_args(who, vec![])),
            "proposer is not a member in good standing",
        );
        assert_fails(
            g.vote_for(who, id, YES, hash),
            "voter is not a member in good standing",
        );
        assert_fails(g.exec_as(who, id), "proposal has not reached the quorum");
        assert_fails(
            g.chain
                .push_action_as(GOV, &actions::cleanup { max: 500 }, who),
            "nothing to clean up",
        );
    }
    assert_eq!(g.chain.ram_usage(GOV), gov_ram);
}

// ---- 11 / 16. capped lists and bounded loops -----------------------------------------------

#[test]
fn the_lists_of_a_proposal_are_capped() {
    let mut g = Gov::new();
    let mut cfg = g.config_defaults();
    cfg.max_actions = 2;
    cfg.max_cites = 1;
    g.setconfig_as(GOV, cfg).unwrap();
    let a1 = g.propose(PROD1, vec![]);
    let a2 = g.propose(PROD1, vec![]);
    let before = g.snapshot();
    let three = vec![approve_action(PROD6); 3];
    let args = g.proposal_args(PROD1, three);
    assert_fails(g.propose_with(&args), "too many actions in the proposal");
    let mut args = g.proposal_args(PROD1, vec![approve_action(PROD6); 2]);
    args.cites = vec![a1, a2];
    assert_fails(g.propose_with(&args), "too many cited proposals");
    let mut long = g.proposal_args(PROD1, vec![]);
    long.title = "t".repeat(257);
    assert_fails(g.propose_with(&long), "title has more than 256 bytes");
    long.title = String::new();
    assert_fails(g.propose_with(&long), "title must not be empty");
    long.title = "t".repeat(256);
    long.url = "u".repeat(257);
    assert_fails(g.propose_with(&long), "url has more than 256 bytes");
    assert_eq!(g.snapshot(), before);
    long.url = "u".repeat(256);
    args.cites = vec![a2];
    g.propose_with(&long).unwrap();
    g.propose_with(&args).unwrap();
}

/// A proposal at both hard caps, 16 actions and 32 citations: stored
/// (its proposer pays its rows), executed (the 16 actions run in order,
/// with the DAC's authority), its citations readable both ways. The
/// 17th action cannot even be allowed: the cap refuses the setting.
#[test]
fn a_proposal_at_the_hard_caps_is_stored_and_executed_in_order() {
    use pool_core::governance::{MAX_ACTIONS_CAP, MAX_CITES_CAP};
    let mut g = Gov::new();
    let mut cfg = g.config_defaults();
    cfg.max_actions = MAX_ACTIONS_CAP;
    cfg.max_cites = MAX_CITES_CAP;
    g.setconfig_as(GOV, cfg.clone()).unwrap();
    let mut over = cfg.clone();
    over.max_actions = MAX_ACTIONS_CAP + 1;
    assert_fails(
        g.setconfig_as(GOV, over),
        pool_governance::errors::BAD_MAX_ACTIONS,
    );
    let cited: Vec<u64> = (0..MAX_CITES_CAP)
        .map(|i| g.propose([PROD2, PROD3][i as usize % 2], vec![]))
        .collect();
    // 16 configurations of governance itself, each a different lifetime:
    // the last one sent is the one that stays.
    let actions: Vec<Action> = (0..u32::from(MAX_ACTIONS_CAP))
        .map(|i| {
            let mut c = cfg.clone();
            c.max_lifetime_sec = 30 * DAY + i;
            gov_action(GOV, &c)
        })
        .collect();
    let mut args = g.proposal_args(PROD1, actions);
    args.cites = cited.clone();
    let ram = g.chain.ram_usage(PROD1);
    let id = g.propose_args(&args);
    assert!(g.chain.ram_usage(PROD1) > ram, "the proposer pays");
    assert_eq!(g.proposal(id).unwrap().cites, cited);
    assert!(cited.iter().all(|c| g.cited_by(*c) == vec![id]));
    let mut one_more = args.clone();
    one_more.actions.push(gov_action(GOV, &cfg));
    assert_fails(
        g.propose_with(&one_more),
        "too many actions in the proposal",
    );
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let trace = g.exec(id).unwrap();
    assert_eq!(
        trace
            .inline_actions()
            .filter(|a| a.account == GOV && a.name == name!("setconfig"))
            .count(),
        usize::from(MAX_ACTIONS_CAP)
    );
    assert_eq!(
        g.gov_config().unwrap().max_lifetime_sec,
        30 * DAY + u32::from(MAX_ACTIONS_CAP) - 1
    );
}

#[test]
fn the_eligible_scan_is_bounded_and_fails_clearly_above_its_bound() {
    let mut g = Gov::new();
    // 5 member rows.
    let mut cfg = g.config_defaults();
    cfg.max_eligible_scan = 4;
    assert_fails(
        g.setconfig_as(GOV, cfg.clone()),
        "max_eligible_scan is below the number of rows in the members table",
    );
    cfg.max_eligible_scan = 5;
    g.setconfig_as(GOV, cfg.clone()).unwrap();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    // A registration (pending, no rights) adds a sixth row.
    g.regmember(PROD6).unwrap();
    let before = g.snapshot();
    assert_fails(
        g.exec(id),
        "too many rows in the members table to count the eligible members: raise max_eligible_scan",
    );
    assert_eq!(g.snapshot(), before);
    // Raised (here by the contract's own keys, as during bootstrap).
    cfg.max_eligible_scan = 6;
    g.setconfig_as(GOV, cfg).unwrap();
    g.exec(id).unwrap();
}

#[test]
fn a_large_members_table_is_counted_within_its_bound() {
    let mut g = Gov::new();
    // 300 pending registrations (signed the constitution, never approved):
    // rows the scan reads but that have no vote.
    let names: Vec<Name> = (0..300)
        .map(|i| Name::try_from_str(&format!("spam{}{}", letter(i / 26 / 26), letter2(i))).unwrap())
        .collect();
    for n in &names {
        g.chain.create_account(*n);
        g.sign(*n, 1);
        g.regmember(*n).unwrap();
    }
    let mut cfg = g.config_defaults();
    cfg.max_eligible_scan = 305;
    g.setconfig_as(GOV, cfg).unwrap();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    assert_eq!(g.eligible(), vec![PROD1, PROD2, PROD3, PROD4, PROD5]);
    g.exec(id).unwrap();
}

fn letter(i: usize) -> char {
    (b'a' + (i % 26) as u8) as char
}

fn letter2(i: usize) -> String {
    format!("{}{}", letter(i / 26), letter(i))
}

// ---- 15. unchecked arguments: random bytes as action data ----------------------------------

#[test]
fn malformed_action_data_ends_in_a_clean_assertion() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.vote(PROD2, id, YES).unwrap();
    let before = g.snapshot();
    let blobs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        vec![0xff; 3],
        vec![0xff; 64],
        (0..200).map(|i| (i * 37 % 251) as u8).collect(),
    ];
    for action in [
        "setconfig",
        "propose",
        "amend",
        "vote",
        "exec",
        "cancel",
        "cleanup",
    ] {
        for data in &blobs {
            let act = Action {
                account: GOV,
                name: Name::try_from_str(action).unwrap(),
                authorization: vec![PermissionLevel::active(GOV)],
                data: data.clone(),
            };
            let err = g.chain.push_raw(act).unwrap_err();
            assert!(
                !err.message().contains("panicked"),
                "{action} with {data:?}: {err}"
            );
        }
    }
    assert_eq!(g.snapshot(), before);
    assert_fails(
        g.chain.push_raw(Action {
            account: GOV,
            name: name!("approve"),
            authorization: vec![PermissionLevel::active(PROD1)],
            data: vec![],
        }),
        "unknown action: approve",
    );
}

#[test]
fn extreme_values_are_refused_cleanly() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    let before = g.snapshot();
    for bad in [0u64, u64::MAX, id + 1] {
        assert_fails(g.exec(bad), "proposal does not exist");
        assert_fails(g.cancel(PROD1, bad), "proposal does not exist");
        assert_fails(
            g.vote_for(PROD1, bad, YES, Checksum256::default()),
            "proposal does not exist",
        );
    }
    let mut args = g.proposal_args(PROD1, vec![]);
    args.expires = TimePointSec::from_secs(u32::MAX);
    assert_fails(
        g.propose_with(&args),
        "expiration is beyond the maximum proposal lifetime",
    );
    args.expires = TimePointSec::from_secs(0);
    assert_fails(g.propose_with(&args), "expiration must be in the future");
    args = g.proposal_args(PROD1, vec![]);
    args.cites = vec![u64::MAX];
    assert_fails(
        g.propose_with(&args),
        "a proposal can cite only older proposals",
    );
    assert_eq!(g.snapshot(), before);
}
