//! A proposal from propose to executed, cancelled, expired and cleaned
//! up: the votes that count, the rules that pass it, and what execution
//! does to the contracts governance administers.

mod common;

use antelope_sdk::{Checksum256, TimePointSec};
use antelope_testchain::assert_fails;
use common::*;
use pool_core::governance::Tally;
use pool_governance::actions;

fn tally(yes: u64, no: u64, abstain: u64, eligible: u64) -> Tally {
    Tally {
        yes,
        no,
        abstain,
        eligible,
    }
}

/// The bench with low rules: yes >= 1 (threshold 0/1 + 1) and a quorum of
/// `quorum_num / quorum_den`.
fn with_low_threshold(g: &mut Gov, quorum_num: u32, quorum_den: u32) {
    let mut cfg = g.config_defaults();
    cfg.threshold_num = 0;
    cfg.threshold_den = 1;
    cfg.threshold_plus = 1;
    cfg.quorum_num = quorum_num;
    cfg.quorum_den = quorum_den;
    g.setconfig_as(GOV, cfg).unwrap();
}

// ---- passing and executing --------------------------------------------------------------

#[test]
fn a_passed_proposal_approves_a_member() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    assert_eq!(g.status(PROD6), 0, "pending");
    // pool.member's admin is pool.gov now: its own account cannot approve.
    assert_fails(g.approve(PROD6), "missing authority of pool.gov");

    let id = g.propose(PROD1, vec![approve_action(PROD6)]);
    assert_eq!(id, 1);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.vote(PROD5, id, NO).unwrap();
    assert_eq!(g.tally(id), tally(4, 1, 0, 5));

    let trace = g.exec(id).unwrap();
    assert_eq!(g.status(PROD6), 1, "approved by the proposal");
    let inline: Vec<_> = trace.inline_actions().collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].account, MEMBER);
    assert_eq!(
        inline[0].authorization,
        vec![antelope_sdk::PermissionLevel::active(GOV)]
    );

    let p = g.proposal(id).unwrap();
    assert_eq!(p.status, 1, "executed");
    assert_eq!((p.yes, p.no, p.abstain, p.eligible), (4, 1, 0, 5));
    assert_eq!(p.closed_at, TimePointSec::from_secs(g.now_sec()));
    assert!(
        g.votes(id).is_empty(),
        "vote rows erased, RAM back to the voters"
    );
}

#[test]
fn the_default_threshold_needs_two_thirds_plus_one_of_the_eligible() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    let id = g.propose(PROD1, vec![approve_action(PROD6)]);
    // 5 eligible: floor(10 / 3) + 1 = 4 yes needed.
    g.votes_of(&[PROD1, PROD2, PROD3], id, YES);
    g.votes_of(&[PROD4, PROD5], id, NO);
    let before = g.snapshot();
    assert_fails(
        g.exec(id),
        "proposal has not reached the approval threshold",
    );
    assert_eq!(g.snapshot(), before);
    // One no turns into a yes: 4 of 5.
    g.vote(PROD4, id, YES).unwrap();
    g.exec(id).unwrap();
    assert_eq!(g.status(PROD6), 1);
}

#[test]
fn abstentions_count_for_the_quorum_but_not_the_threshold() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3], id, YES);
    g.votes_of(&[PROD4, PROD5], id, ABSTAIN);
    assert_eq!(g.tally(id), tally(3, 0, 2, 5));
    assert_fails(
        g.exec(id),
        "proposal has not reached the approval threshold",
    );
}

#[test]
fn a_proposal_below_the_quorum_fails() {
    let mut g = Gov::new();
    // yes >= 1 suffices, but 4 of 5 members must vote.
    with_low_threshold(&mut g, 4, 5);
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3], id, YES);
    let before = g.snapshot();
    assert_fails(g.exec(id), "proposal has not reached the quorum");
    assert_eq!(g.snapshot(), before);
    // An abstention completes the quorum.
    g.vote(PROD4, id, ABSTAIN).unwrap();
    g.exec(id).unwrap();
    assert_eq!(g.proposal(id).unwrap().status, 1);
}

#[test]
fn a_proposal_with_as_many_no_as_yes_fails_whatever_the_threshold() {
    let mut g = Gov::new();
    // The lowest rules there are: no threshold, no quorum.
    let mut cfg = g.config_defaults();
    cfg.threshold_num = 0;
    cfg.threshold_plus = 0;
    cfg.quorum_num = 0;
    g.setconfig_as(GOV, cfg).unwrap();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2], id, YES);
    g.votes_of(&[PROD3, PROD4], id, NO);
    assert_fails(g.exec(id), "proposal does not have more yes than no votes");
    // Not even a proposal nobody voted on.
    let empty = g.propose(PROD2, vec![]);
    assert_fails(
        g.exec(empty),
        "proposal does not have more yes than no votes",
    );
}

#[test]
fn a_proposal_without_actions_is_adopted_by_exec() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let trace = g.exec(id).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
    assert_eq!(g.proposal(id).unwrap().status, 1);
}

#[test]
fn a_passed_proposal_runs_its_actions_in_order() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    g.regmember(PROD7).unwrap();
    let now = g.now_sec();
    let suspend = gov_action(
        MEMBER,
        &pool_members::actions::setstatus {
            account: PROD6,
            status: 2,
            until: TimePointSec::from_secs(now + 10 * DAY),
            reason: "proposal 1".into(),
        },
    );
    let id = g.propose(
        PROD1,
        vec![approve_action(PROD6), approve_action(PROD7), suspend],
    );
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let trace = g.exec(id).unwrap();
    let names: Vec<String> = trace.inline_actions().map(|a| a.name.to_string()).collect();
    assert_eq!(names, ["approve", "approve", "setstatus"]);
    assert_eq!(g.status(PROD6), 2, "approved, then suspended");
    assert_eq!(g.status(PROD7), 1);
}

// ---- parameters changed by proposals ------------------------------------------------------

#[test]
fn a_passed_proposal_changes_a_parameter_of_the_members_contract() {
    let mut g = Gov::new();
    let mut cfg = g.t.config_args();
    cfg.governance = GOV;
    cfg.refund_delay_sec = 7 * DAY;
    let id = g.propose(PROD1, vec![gov_action(MEMBER, &cfg)]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.exec(id).unwrap();
    assert_eq!(g.config().unwrap().refund_delay_sec, 7 * DAY);
}

#[test]
fn governance_changes_its_own_parameters_only_by_a_proposal() {
    let mut g = Gov::new();
    let mut cfg = g.config_defaults();
    cfg.max_actions = 3;
    cfg.threshold_num = 1;
    cfg.threshold_den = 2;
    // Bootstrap is over: remove the keys. On the test chain that is: no
    // one signs as pool.gov any more; a member cannot.
    assert_fails(
        g.setconfig_as(PROD1, cfg.clone()),
        "missing authority of pool.gov",
    );
    let id = g.propose(PROD1, vec![gov_action(GOV, &cfg)]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.exec(id).unwrap();
    let now = g.gov_config().unwrap();
    assert_eq!(
        (now.max_actions, now.threshold_num, now.threshold_den),
        (3, 1, 2)
    );
    // The new rule applies: floor(5 / 2) + 1 = 3 yes pass now (with 4
    // of 5 voting for the quorum of 2/3).
    let next = g.propose(PROD2, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3], next, YES);
    g.vote(PROD4, next, NO).unwrap();
    g.exec(next).unwrap();
}

#[test]
fn a_proposal_cannot_set_rules_that_lock_governance() {
    let mut g = Gov::new();
    let mut cfg = g.config_defaults();
    cfg.threshold_num = 1;
    cfg.threshold_den = 1;
    cfg.threshold_plus = 1;
    let id = g.propose(PROD1, vec![gov_action(GOV, &cfg)]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4, PROD5], id, YES);
    assert_fails(
        g.exec(id),
        "threshold is unreachable: threshold_plus must be 0, or 1 with threshold_num < threshold_den",
    );
    assert_eq!(g.proposal(id).unwrap().status, 0, "still open");
}

// ---- expiry --------------------------------------------------------------------------------

#[test]
fn an_expired_proposal_can_no_longer_be_voted_amended_executed_or_cancelled() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    // Valid while now < expires.
    g.chain.set_time(args.expires.to_time_point());
    let before = g.snapshot();
    assert_fails(g.exec(id), "proposal has expired");
    assert_fails(g.vote(PROD5, id, YES), "proposal has expired");
    let mut later = args.clone();
    later.expires = TimePointSec::from_secs(g.now_sec() + DAY);
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &later)),
        "proposal has expired",
    );
    assert_fails(g.cancel(PROD1, id), "proposal has expired");
    assert_eq!(g.snapshot(), before);
}

#[test]
fn a_proposal_passes_up_to_the_last_second_before_expiry() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.chain
        .set_time(TimePointSec::from_secs(args.expires.secs() - 1).to_time_point());
    g.exec(id).unwrap();
}

#[test]
fn expiry_must_be_in_the_future_and_within_the_lifetime() {
    let mut g = Gov::new();
    let now = g.now_sec();
    let mut args = g.proposal_args(PROD1, vec![]);
    args.expires = TimePointSec::from_secs(now);
    assert_fails(g.propose_with(&args), "expiration must be in the future");
    args.expires = TimePointSec::from_secs(now + 30 * DAY + 1);
    assert_fails(
        g.propose_with(&args),
        "expiration is beyond the maximum proposal lifetime",
    );
    args.expires = TimePointSec::from_secs(now + 30 * DAY);
    g.propose_with(&args).unwrap();
}

// ---- content changes ---------------------------------------------------------------------

#[test]
fn an_amendment_voids_earlier_votes_and_refuses_votes_for_the_old_content() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    g.regmember(PROD7).unwrap();
    let args = g.proposal_args(PROD1, vec![approve_action(PROD6)]);
    let id = g.propose_args(&args);
    let old_hash = g.proposal(id).unwrap().content_hash;
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    assert_eq!(g.tally(id), tally(4, 0, 0, 5));

    // The proposer swaps the member to approve.
    let mut swapped = args.clone();
    swapped.actions = vec![approve_action(PROD7)];
    g.amend_with(&Gov::amend_args(id, &swapped)).unwrap();
    let p = g.proposal(id).unwrap();
    assert_ne!(p.content_hash, old_hash);
    assert_eq!(p.amended_at, TimePointSec::from_secs(g.now_sec()));
    assert_eq!(
        g.votes(id).len(),
        4,
        "the rows stay, bound to the old content"
    );
    assert_eq!(g.tally(id), tally(0, 0, 0, 5), "none of them counts");
    assert_fails(g.exec(id), "proposal has not reached the quorum");

    // A vote quoting the old content is refused.
    assert_fails(
        g.vote_for(PROD5, id, YES, old_hash),
        "vote is for different proposal content",
    );
    assert_fails(
        g.vote_for(PROD5, id, YES, Checksum256([9; 32])),
        "vote is for different proposal content",
    );
    // Voting again on the new content counts.
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    assert_eq!(g.tally(id), tally(4, 0, 0, 5));
    g.exec(id).unwrap();
    assert_eq!(g.status(PROD7), 1);
    assert_eq!(g.status(PROD6), 0, "the old content did not run");
}

#[test]
fn the_content_hash_is_the_sha256_of_the_packed_content() {
    use antelope_sdk::Pack;
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![approve_action(PROD6)]);
    let id = g.propose_args(&args);
    // The propose data without its first 8 bytes (the proposer).
    let data = args.packed();
    let expected = g.chain.read(|| antelope_sdk::sha256(&data[8..]));
    assert_eq!(g.proposal(id).unwrap().content_hash, expected);
    // The amend data without its first 16 bytes (proposer, id).
    let mut other = args.clone();
    other.title = "Approve prod6, second version".into();
    let amend = Gov::amend_args(id, &other);
    g.amend_with(&amend).unwrap();
    let data = amend.packed();
    let expected = g.chain.read(|| antelope_sdk::sha256(&data[16..]));
    assert_eq!(g.proposal(id).unwrap().content_hash, expected);
}

#[test]
fn an_amendment_that_changes_nothing_is_refused() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &args)),
        "the amendment does not change the proposal",
    );
}

#[test]
fn only_the_proposer_amends_and_cancels() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    let mut other = args.clone();
    other.proposer = PROD2;
    other.title = "Hijacked".into();
    let before = g.snapshot();
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &other)),
        "only the proposer can amend or cancel the proposal",
    );
    assert_fails(
        g.cancel(PROD2, id),
        "only the proposer can amend or cancel the proposal",
    );
    assert_fails(g.cancel(PROD1, 99), "proposal does not exist");
    assert_eq!(g.snapshot(), before);
}

#[test]
fn a_proposer_who_left_cannot_amend_but_can_cancel() {
    let mut g = Gov::new();
    let args = g.proposal_args(PROD1, vec![]);
    let id = g.propose_args(&args);
    g.resign(PROD1).unwrap();
    let mut other = args.clone();
    other.title = "Changed after resigning".into();
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &other)),
        "proposer is not a member in good standing",
    );
    g.cancel(PROD1, id).unwrap();
}

// ---- members leaving mid-vote ------------------------------------------------------------

#[test]
fn a_member_who_resigns_mid_vote_no_longer_counts() {
    // 7 eligible: floor(14 / 3) + 1 = 5 yes needed; after one leaves,
    // 6 eligible: floor(12 / 3) + 1 = 5 still.
    let mut g = Gov::with_seven();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4, PROD5], id, YES);
    assert_eq!(g.tally(id), tally(5, 0, 0, 7));
    g.resign(PROD5).unwrap();
    assert_eq!(g.tally(id), tally(4, 0, 0, 6));
    let before = g.snapshot();
    assert_fails(
        g.exec(id),
        "proposal has not reached the approval threshold",
    );
    assert_eq!(g.snapshot(), before);
    // A member who left cannot vote either.
    assert_fails(
        g.vote(PROD5, id, YES),
        "voter is not a member in good standing",
    );
    g.vote(PROD6, id, YES).unwrap();
    g.exec(id).unwrap();
}

#[test]
fn a_member_suspended_mid_vote_no_longer_counts_until_the_suspension_ends() {
    let mut g = Gov::with_seven();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4, PROD5], id, YES);
    g.suspend_by_ruling(PROD5, DAY);
    assert_eq!(g.tally(id), tally(4, 0, 0, 6));
    assert_fails(
        g.exec(id),
        "proposal has not reached the approval threshold",
    );
    // The suspension ends by itself: the vote counts again.
    g.chain.advance_time(DAY);
    assert_eq!(g.tally(id), tally(5, 0, 0, 7));
    g.exec(id).unwrap();
}

#[test]
fn a_member_whose_constitution_signature_lapses_no_longer_counts() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    // Constitution v2 without a grace period: only those who sign it
    // keep their rights.
    g.publish(2);
    for p in [PROD1, PROD2, PROD3] {
        g.sign(p, 2);
    }
    assert_eq!(g.eligible(), vec![PROD1, PROD2, PROD3]);
    assert_eq!(g.tally(id), tally(3, 0, 0, 3));
    g.exec(id).unwrap();
}

#[test]
fn the_eligible_count_agrees_with_the_members_view() {
    let mut g = Gov::with_seven();
    g.resign(PROD7).unwrap();
    g.suspend_by_ruling(PROD6, DAY);
    g.publish(2);
    g.set_grace(3600);
    g.sign(PROD1, 2);
    g.chain.advance_time(7200);
    let eligible = g.eligible();
    for p in [PROD1, PROD2, PROD3, PROD4, PROD5, PROD6, PROD7, ALICE] {
        assert_eq!(
            eligible.contains(&p),
            g.in_good_standing(p),
            "{p}: the scan and pool_members::views::in_good_standing differ"
        );
    }
    assert_eq!(eligible, vec![PROD1]);
}

// ---- execution: once, atomically, state first ----------------------------------------------

#[test]
fn a_proposal_executes_only_once() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.exec(id).unwrap();
    let before = g.snapshot();
    assert_fails(g.exec(id), "proposal was already executed");
    assert_fails(g.exec_as(PROD1, id), "proposal was already executed");
    assert_fails(g.vote(PROD5, id, YES), "proposal was already executed");
    assert_fails(g.cancel(PROD1, id), "proposal was already executed");
    assert_eq!(g.snapshot(), before);
}

#[test]
fn a_failing_action_rolls_the_whole_execution_back() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    // The second action fails: prod1 is not pending.
    let id = g.propose(PROD1, vec![approve_action(PROD6), approve_action(PROD1)]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let before = g.snapshot();
    assert_fails(g.exec(id), "only a pending member can be approved");
    assert_eq!(
        g.snapshot(),
        before,
        "still open, votes kept, prod6 pending"
    );
    assert_eq!(g.proposal(id).unwrap().status, 0);
    assert_eq!(g.status(PROD6), 0);
}

#[test]
fn an_action_executing_its_own_proposal_again_finds_it_executed() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    let id = g.next_id();
    // The proposal re-enters exec for itself inline, after approving prod6.
    let reenter = gov_action(GOV, &actions::exec { executor: GOV, id });
    let id2 = g.propose(PROD1, vec![approve_action(PROD6), reenter]);
    assert_eq!(id, id2);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    let before = g.snapshot();
    assert_fails(g.exec(id), "proposal was already executed");
    assert_eq!(g.snapshot(), before, "rolled back: open, prod6 pending");
}

// ---- one vote per member -------------------------------------------------------------------

#[test]
fn a_member_has_one_vote_per_proposal_and_may_change_it() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.vote(PROD2, id, YES).unwrap();
    g.vote(PROD2, id, NO).unwrap();
    g.vote(PROD2, id, NO).unwrap();
    let rows = g.votes(id);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].voter, rows[0].vote), (PROD2, NO));
    assert_eq!(g.tally(id), tally(0, 1, 0, 5));
    g.vote(PROD2, id, ABSTAIN).unwrap();
    assert_eq!(g.tally(id), tally(0, 0, 1, 5));
}

#[test]
fn a_vote_must_be_no_yes_or_abstain() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    for bad in [3u8, 255] {
        assert_fails(
            g.vote(PROD2, id, bad),
            "vote must be 0 (no), 1 (yes) or 2 (abstain)",
        );
    }
    assert_fails(g.vote(PROD2, 42, YES), "proposal does not exist");
}

#[test]
fn only_members_in_good_standing_propose_and_vote() {
    let mut g = Gov::new();
    g.regmember(PROD6).unwrap();
    let args = g.proposal_args(PROD6, vec![]);
    assert_fails(
        g.propose_with(&args),
        "proposer is not a member in good standing",
    );
    let args = g.proposal_args(ALICE, vec![]);
    assert_fails(
        g.propose_with(&args),
        "proposer is not a member in good standing",
    );
    let id = g.propose(PROD1, vec![]);
    assert_fails(
        g.vote(PROD6, id, YES),
        "voter is not a member in good standing",
    );
    assert_fails(
        g.vote(ALICE, id, YES),
        "voter is not a member in good standing",
    );
}

// ---- cancel ---------------------------------------------------------------------------------

#[test]
fn a_cancelled_proposal_is_final() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], id, YES);
    g.cancel(PROD1, id).unwrap();
    let p = g.proposal(id).unwrap();
    assert_eq!(p.status, 2);
    assert_eq!(p.closed_at, TimePointSec::from_secs(g.now_sec()));
    let before = g.snapshot();
    assert_fails(g.exec(id), "proposal was cancelled");
    assert_fails(g.vote(PROD5, id, YES), "proposal was cancelled");
    assert_fails(g.cancel(PROD1, id), "proposal was cancelled");
    let mut other = g.proposal_args(PROD1, vec![]);
    other.title = "Revived".into();
    assert_fails(
        g.amend_with(&Gov::amend_args(id, &other)),
        "proposal was cancelled",
    );
    assert_eq!(g.snapshot(), before);
}

// ---- cleanup ---------------------------------------------------------------------------------

#[test]
fn cleanup_with_nothing_to_do_says_so() {
    let mut g = Gov::new();
    assert_fails(g.cleanup(10), "nothing to clean up");
    // An open proposal and an executed one are not for cleanup.
    let open = g.propose(PROD1, vec![]);
    let done = g.propose(PROD2, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3, PROD4], done, YES);
    g.exec(done).unwrap();
    g.vote(PROD1, open, YES).unwrap();
    assert_fails(g.cleanup(10), "nothing to clean up");
    assert!(g.proposal(open).is_some() && g.proposal(done).is_some());
}

#[test]
fn cleanup_removes_cancelled_and_expired_proposals_with_their_votes() {
    let mut g = Gov::new();
    let cancelled = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD2, PROD3], cancelled, NO);
    g.cancel(PROD1, cancelled).unwrap();
    let mut short = g.proposal_args(PROD2, vec![]);
    short.expires = TimePointSec::from_secs(g.now_sec() + DAY);
    let expiring = g.propose_args(&short);
    g.votes_of(&[PROD1, PROD4], expiring, YES);
    let open = g.propose(PROD3, vec![]);
    g.vote(PROD1, open, YES).unwrap();

    // Only the cancelled one is due now.
    g.cleanup(100).unwrap();
    assert!(g.proposal(cancelled).is_none());
    assert!(g.votes(cancelled).is_empty());
    assert!(g.proposal(expiring).is_some());
    assert_fails(g.cleanup(100), "nothing to clean up");

    g.chain.advance_time(DAY);
    g.cleanup(100).unwrap();
    assert!(g.proposal(expiring).is_none());
    assert!(g.votes(expiring).is_empty());
    assert!(g.proposal(open).is_some());
    assert_eq!(g.votes(open).len(), 1);
}

#[test]
fn cleanup_erases_at_most_max_rows_per_call() {
    let mut g = Gov::new();
    let a = g.propose(PROD1, vec![]);
    g.votes_of(&[PROD1, PROD2, PROD3], a, NO);
    g.cancel(PROD1, a).unwrap();
    let b = g.propose(PROD2, vec![]);
    g.vote(PROD1, b, NO).unwrap();
    g.cancel(PROD2, b).unwrap();
    // Rows to erase: 3 votes + proposal a, 1 vote + proposal b = 6.
    g.cleanup(2).unwrap();
    assert_eq!(g.votes(a).len(), 1);
    assert!(g.proposal(a).is_some());
    g.cleanup(2).unwrap();
    assert!(g.proposal(a).is_none(), "last vote and the row");
    assert_eq!(g.votes(b).len(), 1);
    g.cleanup(1).unwrap();
    assert!(g.votes(b).is_empty());
    assert!(g.proposal(b).is_some());
    g.cleanup(1).unwrap();
    assert!(g.proposal(b).is_none());
    assert_fails(g.cleanup(1), "nothing to clean up");
}

#[test]
fn cleanup_max_is_bounded() {
    let mut g = Gov::new();
    let id = g.propose(PROD1, vec![]);
    g.cancel(PROD1, id).unwrap();
    assert_fails(g.cleanup(0), "max must be between 1 and 500");
    assert_fails(g.cleanup(501), "max must be between 1 and 500");
    g.cleanup(500).unwrap();
}

#[test]
fn ids_are_never_reused_after_cleanup() {
    let mut g = Gov::new();
    let first = g.propose(PROD1, vec![]);
    g.cancel(PROD1, first).unwrap();
    g.cleanup(10).unwrap();
    let second = g.propose(PROD1, vec![]);
    assert_eq!((first, second), (1, 2));
}
