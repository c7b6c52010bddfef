//! Arbitrators and cases: every action's happy path and every failure
//! message, and the whole case flow ending on the members contract.

mod common;

use antelope_sdk::{name, Checksum256, Name, PermissionLevel, TimePointSec};
use antelope_testchain::assert_fails;
use common::*;
use pool_charter::errors::*;
use pool_charter::rewards::forfeit;
use pool_charter::tables::{AppealRecord, Arbitrator, Case, RulingReason};
use pool_core::cases::{CaseStatus, Ruling};
use pool_core::membership::Status;

const DISMISS: u8 = Ruling::DISMISS;
const WARN: u8 = Ruling::WARN;
const SUSPEND: u8 = Ruling::SUSPEND;
const FORFEIT: u8 = Ruling::FORFEIT;
const EXPEL: u8 = Ruling::EXPEL;

// ---- arbitrators --------------------------------------------------------------

#[test]
fn appoint_and_unappoint_arbitrators() {
    let mut t = Tester::bare();
    let charter_ram = t.chain.ram_usage(CHARTER);
    t.appoint(CHARTER, ARB1).unwrap();
    let rows: Vec<Arbitrator> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(
        rows,
        vec![Arbitrator {
            account: ARB1,
            appointed_at: t.chain.now().to_sec()
        }]
    );
    assert!(
        t.chain.ram_usage(CHARTER) > charter_ram,
        "admin rows: the contract pays"
    );
    assert_fails(t.appoint(CHARTER, ARB1), ALREADY_ARBITRATOR);
    assert_fails(t.appoint(CHARTER, name!("nobody")), ARBITRATOR_MISSING);
    t.unappoint(CHARTER, ARB1).unwrap();
    assert!(t
        .chain
        .rows::<Arbitrator>(CHARTER, CHARTER.raw())
        .is_empty());
    assert_fails(t.unappoint(CHARTER, ARB1), NOT_ARBITRATOR);
    assert_eq!(t.chain.ram_usage(CHARTER), charter_ram);
}

#[test]
fn only_the_admin_appoints_and_unappoints() {
    let mut t = Tester::configured();
    assert_fails(t.appoint(ARB1, PROD1), "missing authority of pool.charter");
    assert_fails(t.unappoint(ARB1, ARB1), "missing authority of pool.charter");
}

// ---- filecase -------------------------------------------------------------------

#[test]
fn filecase_stores_the_case_paid_by_the_claimant_and_charges_the_fee() {
    let mut t = Tester::new();
    let charter_ram = t.chain.ram_usage(CHARTER);
    let claimant_ram = t.chain.ram_usage(PROD1);
    let trace = t.file(&Filing::new(PROD1, PROD2)).unwrap();
    let case = t.case(1);
    assert_eq!(
        case,
        Case {
            id: 1,
            claimant: PROD1,
            respondent: PROD2,
            category: 1,
            summary_url: "https://pool.example/cases/summary".into(),
            summary_hash: summary_hash(),
            report_emitter: Name::EMPTY,
            report_seq: 0,
            status: CaseStatus::Filed.code(),
            arbitrator: Name::EMPTY,
            ruling: 0,
            suspend_days: 0,
            filed_at: t.chain.now().to_sec(),
            taken_at: TimePointSec::default(),
            ruled_at: TimePointSec::default(),
            appeal_until: TimePointSec::default(),
            closed_at: TimePointSec::default(),
        }
    );
    assert_eq!(t.chain.ram_usage(CHARTER), charter_ram);
    assert!(t.chain.ram_usage(PROD1) > claimant_ram);

    // The fee: one `charge` inline, by pool.charter@inline.
    let inline: Vec<_> = trace.inline_actions().collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].account, FEES);
    assert_eq!(
        inline[0].authorization,
        vec![PermissionLevel::new(CHARTER, INLINE)]
    );
    let charges = t.charges();
    assert_eq!(charges.len(), 1);
    assert_eq!(
        (charges[0].caller, charges[0].payer, charges[0].endpoint),
        (CHARTER, PROD1, name!("filecase"))
    );

    // Ids go on.
    t.file(&Filing::new(PROD3, PROD1)).unwrap();
    assert_eq!(t.last_case_id(), 2);
}

#[test]
fn without_a_fees_contract_filing_is_free() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.fees = Name::EMPTY;
    t.setconfig(CHARTER, args).unwrap();
    let trace = t.file(&Filing::new(PROD1, PROD2)).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
    assert!(t.charges().is_empty());
}

#[test]
fn a_refused_fee_files_nothing() {
    let mut t = Tester::new();
    let broke = name!("broke");
    t.chain.create_account(broke);
    t.sign(broke, h(1)).unwrap();
    t.register(broke).unwrap();
    let before = t.state();
    assert_fails(
        t.file(&Filing::new(broke, PROD1)),
        "insufficient fee deposit",
    );
    assert_eq!(t.state(), before);
}

#[test]
fn a_metric_dispute_cites_an_emitter_report() {
    let mut t = Tester::new();
    let mut f = Filing::new(PROD1, PROD2);
    f.category = 2;
    f.report_emitter = EMITTER;
    f.report_seq = 42;
    t.file(&f).unwrap();
    let case = t.case(1);
    assert_eq!(case.category, 2);
    assert_eq!((case.report_emitter, case.report_seq), (EMITTER, 42));
}

#[test]
fn filecase_rejects_each_bad_argument() {
    let mut t = Tester::new();
    let ok = Filing::new(PROD1, PROD2);
    let mut bad: Vec<(Filing, &str)> = Vec::new();
    let mut f = ok.clone();
    f.respondent = PROD1;
    bad.push((f, SAME_PARTIES));
    let mut f = ok.clone();
    f.category = 4;
    bad.push((f, UNKNOWN_CATEGORY));
    let mut f = ok.clone();
    f.category = 255;
    bad.push((f, UNKNOWN_CATEGORY));
    let mut f = ok.clone();
    f.summary_url = String::new();
    bad.push((f, EMPTY_SUMMARY_URL));
    let mut f = ok.clone();
    f.summary_url = "u".repeat(257);
    bad.push((f, SUMMARY_URL_TOO_LONG));
    let mut f = ok.clone();
    f.summary_hash = Checksum256::default();
    bad.push((f, EMPTY_SUMMARY_HASH));
    let mut f = ok.clone();
    f.category = 2;
    bad.push((f, METRIC_DISPUTE_NEEDS_REPORT));
    let mut f = ok.clone();
    f.category = 2;
    f.report_seq = 7;
    bad.push((f, METRIC_DISPUTE_NEEDS_REPORT));
    let mut f = ok.clone();
    f.report_emitter = EMITTER;
    bad.push((f, ONLY_METRIC_DISPUTE_CITES_REPORT));
    let mut f = ok.clone();
    f.category = 0;
    f.report_seq = 1;
    bad.push((f, ONLY_METRIC_DISPUTE_CITES_REPORT));
    let mut f = ok.clone();
    f.category = 2;
    f.report_emitter = name!("nobody");
    bad.push((f, EMITTER_MISSING));
    let mut f = ok.clone();
    f.claimant = ALICE;
    bad.push((f, CLAIMANT_NOT_IN_GOOD_STANDING));
    let mut f = ok.clone();
    f.respondent = ALICE;
    bad.push((f, RESPONDENT_NOT_MEMBER));
    for (filing, message) in bad {
        let before = t.state();
        assert_fails(t.file(&filing), message);
        assert_eq!(t.state(), before, "{message}");
    }
    t.file(&Filing {
        summary_url: "u".repeat(256),
        ..ok
    })
    .unwrap();
}

#[test]
fn filecase_needs_a_configured_contract() {
    let mut t = Tester::bare();
    assert_fails(t.file(&Filing::new(PROD1, PROD2)), NOT_CONFIGURED);
}

#[test]
fn a_suspended_member_cannot_file_but_can_be_a_respondent() {
    let mut t = Tester::new();
    let until = t.now_sec() + DAY;
    t.set_member_status(PROD3, 2, until);
    assert_fails(
        t.file(&Filing::new(PROD3, PROD1)),
        CLAIMANT_NOT_IN_GOOD_STANDING,
    );
    t.file(&Filing::new(PROD1, PROD3)).unwrap();
    // Once the suspension is over, the member may file again.
    t.chain.advance_time(DAY);
    t.file(&Filing::new(PROD3, PROD1)).unwrap();
}

#[test]
fn an_expelled_member_cannot_be_a_respondent_but_a_resigned_one_can() {
    let mut t = Tester::new();
    t.set_member_status(PROD3, 3, 0);
    assert_fails(t.file(&Filing::new(PROD1, PROD3)), RESPONDENT_EXPELLED);
    let resign = pool_members::actions::resign { account: PROD4 };
    t.chain.push_action_as(MEMBER, &resign, PROD4).unwrap();
    t.file(&Filing::new(PROD1, PROD4)).unwrap();
}

#[test]
fn a_claimant_has_a_bounded_number_of_cases_waiting_for_a_ruling() {
    let mut t = Tester::new();
    let ids: Vec<u64> = (0..MAX_OPEN).map(|_| t.file_ok(PROD1, PROD2)).collect();
    assert_fails(t.file(&Filing::new(PROD1, PROD3)), TOO_MANY_OPEN_CASES);
    // Others are not affected.
    t.file_ok(PROD2, PROD1);
    // A taken case still waits; a ruled one does not.
    t.take(ARB1, ids[0]).unwrap();
    assert_fails(t.file(&Filing::new(PROD1, PROD3)), TOO_MANY_OPEN_CASES);
    t.rule(ARB1, ids[0], WARN, 0).unwrap();
    t.file_ok(PROD1, PROD3);
    assert_fails(t.file(&Filing::new(PROD1, PROD3)), TOO_MANY_OPEN_CASES);
    // A withdrawn case does not wait either.
    t.withdraw(PROD1, ids[1]).unwrap();
    t.file_ok(PROD1, PROD3);
}

// ---- takecase -------------------------------------------------------------------

#[test]
fn an_appointed_arbitrator_takes_a_filed_case() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    t.chain.advance_time(5);
    t.take(ARB1, id).unwrap();
    let case = t.case(id);
    assert_eq!(case.status, CaseStatus::Taken.code());
    assert_eq!(case.arbitrator, ARB1);
    assert_eq!(case.taken_at, t.chain.now().to_sec());
}

#[test]
fn takecase_failures() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    let before = t.state();
    assert_fails(t.take(ARB1, 99), NO_CASE);
    assert_fails(t.take(PROD3, id), NOT_APPOINTED);
    // A party that is an arbitrator cannot take its own case.
    t.appoint(CHARTER, PROD1).unwrap();
    t.appoint(CHARTER, PROD2).unwrap();
    let before_party = t.state();
    assert_fails(t.take(PROD1, id), ARBITRATOR_IS_PARTY);
    assert_fails(t.take(PROD2, id), ARBITRATOR_IS_PARTY);
    assert_eq!(t.state(), before_party);
    t.unappoint(CHARTER, PROD1).unwrap();
    t.unappoint(CHARTER, PROD2).unwrap();
    assert_eq!(t.state(), before);
    t.take(ARB1, id).unwrap();
    assert_fails(t.take(ARB2, id), NOT_WAITING_FOR_ARBITRATOR);
    assert_fails(t.take(ARB1, id), NOT_WAITING_FOR_ARBITRATOR);
}

#[test]
fn a_case_whose_arbitrator_was_removed_can_be_taken_by_another() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    t.take(ARB1, id).unwrap();
    t.unappoint(CHARTER, ARB1).unwrap();
    assert_fails(t.rule(ARB1, id, WARN, 0), NOT_APPOINTED);
    t.take(ARB2, id).unwrap();
    assert_eq!(t.case(id).arbitrator, ARB2);
    assert_fails(t.rule(ARB1, id, WARN, 0), NOT_CASE_ARBITRATOR);
    t.rule(ARB2, id, WARN, 0).unwrap();
}

// ---- rule -----------------------------------------------------------------------

#[test]
fn the_arbitrator_rules_and_pays_for_its_reasons() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    t.take(ARB1, id).unwrap();
    let claimant_ram = t.chain.ram_usage(PROD1);
    let charter_ram = t.chain.ram_usage(CHARTER);
    let arb_ram = t.chain.ram_usage(ARB1);
    t.chain.advance_time(60);
    t.rule_with(ARB1, id, SUSPEND, 30, "https://pool.example/r/1")
        .unwrap();
    let now = t.now_sec();
    let case = t.case(id);
    assert_eq!(case.status, CaseStatus::Ruled.code());
    assert_eq!((case.ruling, case.suspend_days), (SUSPEND, 30));
    assert_eq!(case.ruled_at.secs(), now);
    assert_eq!(case.appeal_until.secs(), now + WINDOW);
    let reasons: Vec<RulingReason> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(
        reasons,
        vec![RulingReason {
            case_id: id,
            arbitrator: ARB1,
            reason_url: "https://pool.example/r/1".into()
        }]
    );
    assert_eq!(
        t.chain.ram_usage(PROD1),
        claimant_ram,
        "the case row did not grow"
    );
    assert_eq!(t.chain.ram_usage(CHARTER), charter_ram);
    assert!(t.chain.ram_usage(ARB1) > arb_ram);
}

#[test]
fn rule_failures() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    assert_fails(t.rule(ARB1, id, WARN, 0), NOT_AWAITING_RULING);
    t.take(ARB1, id).unwrap();
    let before = t.state();
    assert_fails(t.rule(ARB1, 99, WARN, 0), NO_CASE);
    assert_fails(t.rule(ARB1, id, 5, 0), UNKNOWN_RULING);
    assert_fails(t.rule(ARB1, id, SUSPEND, 0), SUSPEND_DAYS_OUT_OF_RANGE);
    assert_fails(t.rule(ARB1, id, SUSPEND, 3651), SUSPEND_DAYS_OUT_OF_RANGE);
    assert_fails(t.rule(ARB1, id, EXPEL, 3), DAYS_ONLY_FOR_SUSPEND);
    assert_fails(t.rule_with(ARB1, id, WARN, 0, ""), EMPTY_REASON_URL);
    assert_fails(
        t.rule_with(ARB1, id, WARN, 0, &"u".repeat(257)),
        REASON_URL_TOO_LONG,
    );
    assert_fails(t.rule(ARB2, id, WARN, 0), NOT_CASE_ARBITRATOR);
    assert_eq!(t.state(), before);
    t.rule(ARB1, id, SUSPEND, 3650).unwrap();
    assert_fails(t.rule(ARB1, id, WARN, 0), NOT_AWAITING_RULING);
}

// ---- appeal ---------------------------------------------------------------------

#[test]
fn a_party_appeals_within_the_window_and_pays_for_its_appeal() {
    let mut t = Tester::new();
    let id = t.ruled_case(SUSPEND, 5);
    t.chain.advance_time(WINDOW - 1);
    let ram = t.chain.ram_usage(PROD2);
    let claimant_ram = t.chain.ram_usage(PROD1);
    t.appeal_with(PROD2, id, "https://pool.example/appeal/1")
        .unwrap();
    assert_eq!(t.status(id), CaseStatus::Appealed);
    let appeals: Vec<AppealRecord> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(
        appeals,
        vec![AppealRecord {
            case_id: id,
            appellant: PROD2,
            reason_url: "https://pool.example/appeal/1".into(),
            appealed_at: t.chain.now().to_sec(),
        }]
    );
    assert!(t.chain.ram_usage(PROD2) > ram);
    assert_eq!(t.chain.ram_usage(PROD1), claimant_ram);
}

#[test]
fn the_claimant_may_appeal_a_dismissal() {
    let mut t = Tester::new();
    let id = t.ruled_case(DISMISS, 0);
    t.appeal(PROD1, id).unwrap();
    assert_eq!(t.status(id), CaseStatus::Appealed);
}

#[test]
fn appeal_failures() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    assert_fails(t.appeal(PROD2, id), NO_RULING);
    t.take(ARB1, id).unwrap();
    assert_fails(t.appeal(PROD2, id), NO_RULING);
    t.rule(ARB1, id, FORFEIT, 0).unwrap();
    let before = t.state();
    assert_fails(t.appeal(PROD2, 99), NO_CASE);
    assert_fails(t.appeal(PROD3, id), NOT_A_PARTY);
    assert_fails(t.appeal(ARB1, id), NOT_A_PARTY);
    assert_fails(t.appeal_with(PROD2, id, ""), EMPTY_REASON_URL);
    assert_fails(
        t.appeal_with(PROD2, id, &"u".repeat(257)),
        REASON_URL_TOO_LONG,
    );
    assert_eq!(t.state(), before);

    let mut late = Tester::new();
    let late_id = late.ruled_case(FORFEIT, 0);
    late.chain.advance_time(WINDOW);
    assert_fails(late.appeal(PROD2, late_id), APPEAL_WINDOW_CLOSED);

    t.appeal(PROD2, id).unwrap();
    assert_fails(t.appeal(PROD1, id), ALREADY_APPEALED);
    t.decide(CHARTER, id, true).unwrap();
    assert_fails(t.appeal(PROD1, id), NOT_APPEALABLE);
}

// ---- decide ---------------------------------------------------------------------

#[test]
fn an_appeal_overturning_a_ruling_enforces_nothing() {
    let mut t = Tester::new();
    let id = t.ruled_case(SUSPEND, 10);
    t.appeal(PROD2, id).unwrap();
    t.decide(CHARTER, id, false).unwrap();
    assert_eq!(t.status(id), CaseStatus::Overturned);
    assert_eq!(t.case(id).closed_at, t.chain.now().to_sec());
    t.chain.advance_time(WINDOW * 2);
    assert_fails(t.enforce(PROD1, id), OVERTURNED);
    assert_fails(t.ratify(CHARTER, id), OVERTURNED);
    assert_fails(t.decide(CHARTER, id, true), NOT_UNDER_APPEAL);
    let m = t.member(PROD2);
    assert_eq!(m.status, Status::Active.as_u8());
    assert!(t.in_good_standing(PROD2));
}

#[test]
fn an_upheld_ruling_is_final_at_once() {
    let mut t = Tester::new();
    let id = t.ruled_case(SUSPEND, 2);
    t.appeal(PROD2, id).unwrap();
    assert_fails(t.enforce(PROD1, id), UNDER_APPEAL);
    t.decide(CHARTER, id, true).unwrap();
    assert_eq!(t.status(id), CaseStatus::Upheld);
    // No need to wait for the end of the window.
    t.enforce(PROD1, id).unwrap();
    assert_eq!(t.status(id), CaseStatus::Enforced);
    let m = t.member(PROD2);
    assert_eq!(m.status, Status::Suspended.as_u8());
    assert_eq!(m.suspended_until.secs(), t.now_sec() + 2 * DAY);
}

#[test]
fn decide_failures() {
    let mut t = Tester::new();
    let id = t.ruled_case(WARN, 0);
    assert_fails(t.decide(CHARTER, 99, true), NO_CASE);
    assert_fails(t.decide(CHARTER, id, true), NOT_UNDER_APPEAL);
    t.appeal(PROD2, id).unwrap();
    assert_fails(
        t.decide(PROD1, id, false),
        "missing authority of pool.charter",
    );
}

// ---- ratify ---------------------------------------------------------------------

#[test]
fn expel_needs_ratification() {
    let mut t = Tester::new();
    let id = t.ruled_case(EXPEL, 0);
    assert_fails(t.ratify(CHARTER, id), STILL_APPEALABLE);
    t.chain.advance_time(WINDOW);
    assert_fails(t.enforce(PROD1, id), NEEDS_RATIFICATION);
    assert_eq!(t.member(PROD2).status, Status::Active.as_u8());
    assert_fails(t.ratify(PROD1, id), "missing authority of pool.charter");
    t.ratify(CHARTER, id).unwrap();
    assert_eq!(t.status(id), CaseStatus::Ratified);
    assert_fails(t.ratify(CHARTER, id), ALREADY_RATIFIED);
    let trace = t.enforce(PROD3, id).unwrap();
    assert_eq!(t.status(id), CaseStatus::Enforced);
    let inline: Vec<_> = trace.inline_actions().collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(
        (inline[0].account, inline[0].name),
        (MEMBER, name!("setstatus"))
    );
    assert_eq!(t.member(PROD2).status, Status::Expelled.as_u8());
    // An expelled member cannot register again, nor be a respondent.
    assert_fails(t.register(PROD2), pool_members::errors::EXPELLED_FOREVER);
    assert_fails(t.file(&Filing::new(PROD1, PROD2)), RESPONDENT_EXPELLED);
}

#[test]
fn an_expulsion_upheld_on_appeal_still_needs_ratification() {
    let mut t = Tester::new();
    let id = t.ruled_case(EXPEL, 0);
    t.appeal(PROD2, id).unwrap();
    assert_fails(t.ratify(CHARTER, id), UNDER_APPEAL);
    t.decide(CHARTER, id, true).unwrap();
    assert_fails(t.enforce(PROD1, id), NEEDS_RATIFICATION);
    t.ratify(CHARTER, id).unwrap();
    t.enforce(PROD1, id).unwrap();
    assert_eq!(t.member(PROD2).status, Status::Expelled.as_u8());
}

#[test]
fn ratify_failures() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    assert_fails(t.ratify(CHARTER, 99), NO_CASE);
    assert_fails(t.ratify(CHARTER, id), NO_RULING);
    t.take(ARB1, id).unwrap();
    t.rule(ARB1, id, SUSPEND, 1).unwrap();
    t.chain.advance_time(WINDOW);
    assert_fails(t.ratify(CHARTER, id), ONLY_EXPEL_RATIFIED);
    t.enforce(PROD1, id).unwrap();
    assert_fails(t.ratify(CHARTER, id), CASE_CLOSED);
}

// ---- enforce --------------------------------------------------------------------

#[test]
fn the_whole_case_flow_ends_with_the_respondent_suspended_until_the_right_time() {
    let mut t = Tester::new();
    // prod1 files against prod2; arb1 takes it and suspends prod2 for 7 days.
    let id = t.file_ok(PROD1, PROD2);
    t.chain.advance_time(3600);
    t.take(ARB1, id).unwrap();
    t.chain.advance_time(3600);
    t.rule(ARB1, id, SUSPEND, 7).unwrap();
    let ruled_at = t.now_sec();

    // Not before the appeal window has passed.
    t.chain.advance_time(WINDOW - 1);
    assert_fails(t.enforce(ALICE, id), STILL_APPEALABLE);
    assert!(t.in_good_standing(PROD2));
    t.chain.advance_time(1);
    assert_eq!(t.now_sec(), ruled_at + WINDOW);

    // Anyone may push it; the members contract suspends prod2 from now.
    let trace = t.enforce(ALICE, id).unwrap();
    let now = t.now_sec();
    let case = t.case(id);
    assert_eq!(case.status, CaseStatus::Enforced.code());
    assert_eq!(case.closed_at.secs(), now);
    let inline: Vec<_> = trace.inline_actions().collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].account, MEMBER);
    assert_eq!(
        inline[0].authorization,
        vec![PermissionLevel::new(CHARTER, INLINE)]
    );
    let sent: pool_members::actions::setstatus = inline[0].data_as().unwrap();
    assert_eq!(
        sent,
        pool_members::actions::setstatus {
            account: PROD2,
            status: 2,
            until: TimePointSec::from_secs(now + 7 * DAY),
            reason: format!("case {id}"),
        }
    );
    let m = t.member(PROD2);
    assert_eq!(m.status, Status::Suspended.as_u8());
    assert_eq!(m.suspended_until.secs(), now + 7 * DAY);
    assert!(!t.in_good_standing(PROD2));

    // Enforced once only.
    assert_fails(t.enforce(ALICE, id), CASE_CLOSED);

    // The suspension ends by itself.
    t.chain.advance_time(7 * DAY - 1);
    assert!(!t.in_good_standing(PROD2));
    t.chain.advance_time(1);
    assert!(t.in_good_standing(PROD2));
}

#[test]
fn enforce_failures() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    assert_fails(t.enforce(PROD1, 99), NO_CASE);
    assert_fails(t.enforce(PROD1, id), NO_RULING);
    t.take(ARB1, id).unwrap();
    assert_fails(t.enforce(PROD1, id), NO_RULING);
    let mut bare = Tester::bare();
    assert_fails(bare.enforce(PROD1, 1), NOT_CONFIGURED);
}

#[test]
fn dismiss_and_warn_close_the_case_and_send_nothing() {
    for ruling in [DISMISS, WARN] {
        let mut t = Tester::new();
        let id = t.ruled_case(ruling, 0);
        t.chain.advance_time(WINDOW);
        let trace = t.enforce(PROD3, id).unwrap();
        assert_eq!(trace.inline_actions().count(), 0);
        assert_eq!(t.status(id), CaseStatus::Closed);
        assert_eq!(t.member(PROD2).status, Status::Active.as_u8());
    }
}

#[test]
fn forfeit_is_a_no_op_until_a_rewards_contract_is_configured() {
    let mut t = Tester::new();
    let id = t.ruled_case(FORFEIT, 0);
    t.chain.advance_time(WINDOW);
    let trace = t.enforce(PROD3, id).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
    assert_eq!(t.status(id), CaseStatus::Enforced);
    assert!(t.forfeits().is_empty());
}

#[test]
fn forfeit_sends_the_rewards_contract_forfeit() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.rewards = REWARDS;
    t.setconfig(CHARTER, args).unwrap();
    let id = t.ruled_case(FORFEIT, 0);
    t.chain.advance_time(WINDOW);
    let trace = t.enforce(PROD3, id).unwrap();
    let inline: Vec<_> = trace.inline_actions().collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(
        (inline[0].account, inline[0].name),
        (REWARDS, name!("forfeit"))
    );
    assert_eq!(
        inline[0].authorization,
        vec![PermissionLevel::new(CHARTER, INLINE)]
    );
    assert_eq!(
        inline[0].data_as::<forfeit>().unwrap(),
        forfeit { member: PROD2 }
    );
    let recorded = t.forfeits();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].member, PROD2);
}

#[test]
fn a_shorter_suspension_never_cuts_a_longer_one_short() {
    let mut t = Tester::new();
    let long_until = t.now_sec() + WINDOW + 30 * DAY;
    let id = t.ruled_case(SUSPEND, 2);
    t.set_member_status(PROD2, 2, long_until);
    t.chain.advance_time(WINDOW);
    let trace = t.enforce(PROD3, id).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
    assert_eq!(t.status(id), CaseStatus::Enforced);
    assert_eq!(t.member(PROD2).suspended_until.secs(), long_until);

    // A longer one extends a shorter one.
    let mut t = Tester::new();
    let id = t.ruled_case(SUSPEND, 20);
    let short_until = t.now_sec() + WINDOW + DAY;
    t.set_member_status(PROD2, 2, short_until);
    t.chain.advance_time(WINDOW);
    t.enforce(PROD3, id).unwrap();
    assert_eq!(
        t.member(PROD2).suspended_until.secs(),
        t.now_sec() + 20 * DAY
    );
}

#[test]
fn a_suspension_of_a_respondent_who_left_or_was_expelled_is_moot() {
    // Resigned after the filing.
    let mut t = Tester::new();
    let id = t.ruled_case(SUSPEND, 2);
    let resign = pool_members::actions::resign { account: PROD2 };
    t.chain.push_action_as(MEMBER, &resign, PROD2).unwrap();
    t.chain.advance_time(WINDOW);
    let trace = t.enforce(PROD3, id).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
    assert_eq!(t.status(id), CaseStatus::Enforced);
    assert_eq!(t.member(PROD2).status, Status::Resigned.as_u8());

    // Expelled by another case meanwhile: a suspension must not revive it,
    // and a second expulsion sends nothing.
    let mut t = Tester::new();
    let suspend = t.ruled_case(SUSPEND, 2);
    let expel = t.ruled_case(EXPEL, 0);
    t.chain.advance_time(WINDOW);
    t.ratify(CHARTER, expel).unwrap();
    t.enforce(PROD3, expel).unwrap();
    let trace = t.enforce(PROD3, suspend).unwrap();
    assert_eq!(trace.inline_actions().count(), 0);
    assert_eq!(t.member(PROD2).status, Status::Expelled.as_u8());
}

#[test]
fn a_resigned_respondent_can_still_be_expelled() {
    let mut t = Tester::new();
    let id = t.ruled_case(EXPEL, 0);
    let resign = pool_members::actions::resign { account: PROD2 };
    t.chain.push_action_as(MEMBER, &resign, PROD2).unwrap();
    t.chain.advance_time(WINDOW);
    t.ratify(CHARTER, id).unwrap();
    t.enforce(PROD3, id).unwrap();
    assert_eq!(t.member(PROD2).status, Status::Expelled.as_u8());
    assert_fails(t.register(PROD2), pool_members::errors::EXPELLED_FOREVER);
}

// ---- withdraw -------------------------------------------------------------------

#[test]
fn the_claimant_withdraws_before_the_case_is_taken() {
    let mut t = Tester::new();
    let id = t.file_ok(PROD1, PROD2);
    assert_fails(t.withdraw(PROD2, id), ONLY_CLAIMANT_WITHDRAWS);
    assert_fails(t.withdraw(PROD1, 99), NO_CASE);
    t.chain.advance_time(10);
    t.withdraw(PROD1, id).unwrap();
    let case = t.case(id);
    assert_eq!(case.status, CaseStatus::Withdrawn.code());
    assert_eq!(case.closed_at, t.chain.now().to_sec());
    assert_fails(t.withdraw(PROD1, id), CANNOT_WITHDRAW);
    assert_fails(t.take(ARB1, id), NOT_WAITING_FOR_ARBITRATOR);
    assert_fails(t.enforce(PROD1, id), CASE_CLOSED);

    let taken = t.file_ok(PROD1, PROD2);
    t.take(ARB1, taken).unwrap();
    assert_fails(t.withdraw(PROD1, taken), CANNOT_WITHDRAW);
}

// ---- reading cases ----------------------------------------------------------------

#[test]
fn cases_are_found_by_respondent_and_by_status() {
    let mut t = Tester::new();
    let a = t.file_ok(PROD1, PROD2);
    let b = t.file_ok(PROD3, PROD2);
    let c = t.file_ok(PROD1, PROD3);
    t.take(ARB1, b).unwrap();
    let (against_prod2, filed) = t.chain.read(|| {
        use antelope_sdk::SecondaryValue;
        let table = pool_charter::tables::cases(CHARTER);
        let against: Vec<u64> = table
            .index(pool_charter::tables::BY_RESPONDENT)
            .lower_bound(SecondaryValue::U64(PROD2.raw()))
            .take_while(|r| r.respondent == PROD2)
            .map(|r| r.id)
            .collect();
        let filed: Vec<u64> = table
            .index(pool_charter::tables::BY_STATUS)
            .lower_bound(SecondaryValue::U64(0))
            .take_while(|r| r.status == 0)
            .map(|r| r.id)
            .collect();
        (against, filed)
    });
    assert_eq!(against_prod2, vec![a, b]);
    assert_eq!(filed, vec![a, c]);
}

#[test]
fn a_suspension_past_the_end_of_time_point_sec_is_refused_cleanly() {
    use antelope_sdk::TimePoint;
    let mut t = Tester::new();
    t.chain
        .set_time(TimePoint((u32::MAX - WINDOW) as i64 * 1_000_000));
    let id = t.ruled_case(SUSPEND, 1);
    // The appeal window ends at the last representable second.
    assert_eq!(t.case(id).appeal_until.secs(), u32::MAX);
    t.chain.set_time(TimePoint(u32::MAX as i64 * 1_000_000));
    let before = t.state();
    assert_fails(t.enforce(PROD3, id), SUSPENSION_OUT_OF_RANGE);
    assert_eq!(t.state(), before);
}
