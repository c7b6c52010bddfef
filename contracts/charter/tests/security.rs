//! The security checklist's classes that apply to the charter: missing
//! authorization (3), eosio.code over-grant (4), RAM-payer abuse (8),
//! unchecked arguments (15) and ordering of writes and inline actions (14).

mod common;

use antelope_sdk::{name, Action, ActionData, Asset, Checksum256, Name, PermissionLevel};
use antelope_testchain::{assert_fails, TestChain};
use common::*;
use pool_charter::actions;
use pool_core::cases::CaseStatus;
use pool_testkit::helpers::signers::{assert_unlinked_permission_refused, NO_AUTHORIZATION};
use pool_testkit::helpers::{members, token};
use proptest::prelude::*;

fn missing(account: Name) -> String {
    format!("missing authority of {account}")
}

// ---- 3: missing authorization -------------------------------------------------

/// Every action that needs a signature fails without it, and with the
/// wrong actor; nothing changes.
#[test]
fn every_action_needs_its_signer() {
    let mut t = Tester::new();
    let id = t.ruled_case(pool_core::cases::Ruling::EXPEL, 0);
    let filed = t.file_ok(PROD3, PROD4);
    let config = t.config_args();
    let attempts: Vec<(Action, Name, Name)> = vec![
        // (action, wrong signer, whose authority is missing)
        (config.to_action(CHARTER, vec![]), PROD1, CHARTER),
        (
            actions::newversion {
                hash: h(2),
                url: "https://v2".into(),
            }
            .to_action(CHARTER, vec![]),
            PROD1,
            CHARTER,
        ),
        (
            actions::sign {
                account: PROD5,
                hash: h(1),
            }
            .to_action(CHARTER, vec![]),
            PROD1,
            PROD5,
        ),
        (
            actions::appoint { arbitrator: PROD5 }.to_action(CHARTER, vec![]),
            ARB1,
            CHARTER,
        ),
        (
            actions::unappoint { arbitrator: ARB2 }.to_action(CHARTER, vec![]),
            ARB2,
            CHARTER,
        ),
        (
            Filing::new(PROD1, PROD5).data().to_action(CHARTER, vec![]),
            PROD5,
            PROD1,
        ),
        (
            actions::takecase {
                arbitrator: ARB2,
                case_id: filed,
            }
            .to_action(CHARTER, vec![]),
            PROD3,
            ARB2,
        ),
        (
            actions::rule {
                arbitrator: ARB1,
                case_id: id,
                ruling: 0,
                suspend_days: 0,
                reason_url: "https://r".into(),
            }
            .to_action(CHARTER, vec![]),
            PROD1,
            ARB1,
        ),
        (
            actions::appeal {
                party: PROD2,
                case_id: id,
                reason_url: "https://a".into(),
            }
            .to_action(CHARTER, vec![]),
            PROD1,
            PROD2,
        ),
        (
            actions::decide {
                case_id: id,
                uphold: true,
            }
            .to_action(CHARTER, vec![]),
            ARB1,
            CHARTER,
        ),
        (
            actions::ratify { case_id: id }.to_action(CHARTER, vec![]),
            ARB1,
            CHARTER,
        ),
        (
            actions::withdraw {
                claimant: PROD3,
                case_id: filed,
            }
            .to_action(CHARTER, vec![]),
            PROD4,
            PROD3,
        ),
    ];
    for (action, wrong, needed) in attempts {
        let before = t.state();
        // No signature at all.
        assert_fails(t.chain.push_raw(action.clone()), NO_AUTHORIZATION);
        // Signed, by the wrong account.
        let mut by_wrong = action.clone();
        by_wrong.authorization = vec![PermissionLevel::active(wrong)];
        assert_fails(t.chain.push_raw(by_wrong), &missing(needed));
        assert_eq!(t.state(), before, "{}", action.name);
    }
}

/// Every action, signed by the account it needs but with a permission
/// of that account below `active` linked to nothing: refused by the
/// chain's minimum permission, nothing changed. `enforce`, open to
/// anyone, needs a valid permission all the same.
#[test]
fn every_action_refuses_an_unlinked_permission_of_its_signer() {
    let mut t = Tester::new();
    let id = t.ruled_case(pool_core::cases::Ruling::EXPEL, 0);
    let filed = t.file_ok(PROD3, PROD4);
    let unlinked = name!("sec");
    for who in [CHARTER, PROD1, PROD2, PROD3, PROD5, ARB1, ARB2, ALICE] {
        t.chain.set_permission(who, unlinked, ACTIVE, &[]);
    }
    let attempts: Vec<(Action, Name)> = vec![
        (t.config_args().to_action(CHARTER, vec![]), CHARTER),
        (
            actions::newversion {
                hash: h(2),
                url: "https://v2".into(),
            }
            .to_action(CHARTER, vec![]),
            CHARTER,
        ),
        (
            actions::sign {
                account: PROD5,
                hash: h(1),
            }
            .to_action(CHARTER, vec![]),
            PROD5,
        ),
        (
            actions::appoint { arbitrator: PROD5 }.to_action(CHARTER, vec![]),
            CHARTER,
        ),
        (
            actions::unappoint { arbitrator: ARB2 }.to_action(CHARTER, vec![]),
            CHARTER,
        ),
        (
            Filing::new(PROD1, PROD5).data().to_action(CHARTER, vec![]),
            PROD1,
        ),
        (
            actions::takecase {
                arbitrator: ARB2,
                case_id: filed,
            }
            .to_action(CHARTER, vec![]),
            ARB2,
        ),
        (
            actions::rule {
                arbitrator: ARB1,
                case_id: id,
                ruling: 0,
                suspend_days: 0,
                reason_url: "https://r".into(),
            }
            .to_action(CHARTER, vec![]),
            ARB1,
        ),
        (
            actions::appeal {
                party: PROD2,
                case_id: id,
                reason_url: "https://a".into(),
            }
            .to_action(CHARTER, vec![]),
            PROD2,
        ),
        (
            actions::decide {
                case_id: id,
                uphold: true,
            }
            .to_action(CHARTER, vec![]),
            CHARTER,
        ),
        (
            actions::ratify { case_id: id }.to_action(CHARTER, vec![]),
            CHARTER,
        ),
        (
            actions::enforce { case_id: id }.to_action(CHARTER, vec![]),
            ALICE,
        ),
        (
            actions::withdraw {
                claimant: PROD3,
                case_id: filed,
            }
            .to_action(CHARTER, vec![]),
            PROD3,
        ),
    ];
    assert_eq!(attempts.len(), ACTION_NAMES.len(), "every action");
    let before = t.state();
    assert_unlinked_permission_refused(&mut t.chain, unlinked, attempts, |_| "active");
    assert_eq!(t.state(), before);
}

/// `enforce` needs nobody's signature: anyone may push it (the
/// transaction's signer is irrelevant to the outcome).
#[test]
fn anyone_may_enforce() {
    let mut t = Tester::new();
    let id = t.ruled_case(pool_core::cases::Ruling::SUSPEND, 1);
    t.chain.advance_time(WINDOW);
    t.enforce(name!("emitter1"), id).unwrap();
    assert_eq!(t.status(id), CaseStatus::Enforced);
}

/// Governance's actions need governance once it is set: the contract's
/// own account no longer suffices.
#[test]
fn admin_actions_follow_governance() {
    let mut t = Tester::new();
    let id = t.ruled_case(pool_core::cases::Ruling::SUSPEND, 1);
    t.appeal(PROD2, id).unwrap();
    let mut args = t.config_args();
    args.governance = GOV;
    t.setconfig(CHARTER, args).unwrap();
    assert_fails(t.decide(CHARTER, id, true), &missing(GOV));
    assert_fails(t.appoint(CHARTER, PROD5), &missing(GOV));
    t.decide(GOV, id, true).unwrap();
}

/// While the contract is its own admin, its `inline` permission (which
/// holds eosio.code) cannot act as that admin: it is linked only to other
/// contracts' actions, so for the charter's own actions it is not a valid
/// authorization at all.
#[test]
fn the_inline_permission_is_not_the_admin() {
    let mut t = Tester::configured();
    let newversion = actions::newversion {
        hash: h(2),
        url: "https://v2".into(),
    };
    assert_fails(
        t.chain.push_action(
            CHARTER,
            &newversion,
            &[PermissionLevel::new(CHARTER, INLINE)],
        ),
        r#"action declares irrelevant authority '{"actor":"pool.charter","permission":"inline"}'; minimum authority is {"actor":"pool.charter","permission":"active"}"#,
    );
}

// ---- 4: eosio.code over-grant ---------------------------------------------------

mod hostile {
    //! Code deployed over pool.charter in one test: it tries to use the
    //! contract's authority for a token transfer, as a bug or a
    //! compromised build would.

    use antelope_sdk::{action, name, ActionData, Asset, Context, PermissionLevel};

    #[action]
    pub fn steal(ctx: &Context, permission: antelope_sdk::Name) {
        pool_token::actions::transfer {
            from: ctx.receiver,
            to: name!("alice"),
            quantity: Asset::try_from_str("1.0000 POOL").unwrap(),
            memo: String::new(),
        }
        .send(
            name!("pool.token"),
            vec![PermissionLevel::new(ctx.receiver, permission)],
        );
    }

    antelope_sdk::contract! {
        actions: [steal],
        notifications: [],
        tables: [],
        ricardian: "",
    }
}

fn fund_charter(t: &mut Tester) {
    token::issue(&mut t.chain, TOKEN, "10.0000 POOL");
    token::transfer(&mut t.chain, TOKEN, TOKEN, CHARTER, "10.0000 POOL", "").unwrap();
}

fn charter_balance(chain: &mut TestChain) -> i64 {
    token::balance(chain, TOKEN, CHARTER, SYM)
}

#[test]
fn the_inline_permission_cannot_move_the_contracts_tokens() {
    let mut t = Tester::new();
    fund_charter(&mut t);

    // Pushed directly with pool.charter@inline: not linked to transfer.
    let transfer = pool_token::actions::transfer {
        from: CHARTER,
        to: ALICE,
        quantity: Asset::try_from_str("1.0000 POOL").unwrap(),
        memo: String::new(),
    };
    assert_fails(
        t.chain
            .push_action(TOKEN, &transfer, &[PermissionLevel::new(CHARTER, INLINE)]),
        r#"action declares irrelevant authority '{"actor":"pool.charter","permission":"inline"}'; minimum authority is {"actor":"pool.charter","permission":"active"}"#,
    );

    // Sent inline by (hostile) code at pool.charter: neither through
    // `inline` (linked elsewhere) nor through `active` (no eosio.code).
    t.chain.deploy(CHARTER, hostile::apply);
    let steal = |permission| hostile::steal { permission };
    assert_fails(
        t.chain.push_action_as(CHARTER, &steal(INLINE), ALICE),
        r#"action declares irrelevant authority '{"actor":"pool.charter","permission":"inline"}'; minimum authority is {"actor":"pool.charter","permission":"active"}"#,
    );
    assert_fails(
        t.chain.push_action_as(CHARTER, &steal(ACTIVE), ALICE),
        r#"transaction declares authority '{"actor":"pool.charter","permission":"active"}', but does not have signatures for it under a provided delay of 0 ms, provided permissions [{"actor":"pool.charter","permission":"eosio.code"}], provided keys [], and a delay max limit of 3888000000 ms"#,
    );
    assert_eq!(charter_balance(&mut t.chain), 100_000);
}

#[test]
fn the_inline_permission_cannot_reach_the_members_other_actions() {
    let mut t = Tester::new();
    // e.g. resigning or registering a member, or the members' admin setup.
    let setconfig = members::config(0);
    let err = t
        .chain
        .push_action(MEMBER, &setconfig, &[PermissionLevel::new(CHARTER, INLINE)])
        .unwrap_err();
    assert!(err
        .message
        .starts_with("action declares irrelevant authority"));
}

// ---- 8: RAM-payer abuse -----------------------------------------------------------

/// Many accounts signing and filing cost the contract nothing: every row
/// they cause is theirs.
#[test]
fn spam_accounts_cannot_make_the_contract_pay_ram() {
    let mut t = Tester::new();
    let charter_ram = t.chain.ram_usage(CHARTER);
    let letter = |i: usize| (b'a' + (i % 26) as u8) as char;
    let spammers: Vec<Name> = (0..60)
        .map(|i| Name::try_from_str(&format!("spam{}{}", letter(i / 26), letter(i))).unwrap())
        .collect();
    for s in &spammers {
        t.chain.create_account(*s);
        t.sign(*s, h(1)).unwrap();
    }
    assert_eq!(t.chain.ram_usage(CHARTER), charter_ram);
    // Members among them file as many cases as they may, appeal, ...
    for s in spammers.iter().take(5) {
        t.register(*s).unwrap();
        for _ in 0..MAX_OPEN {
            t.file(&Filing::new(*s, PROD1)).unwrap();
        }
        assert_fails(
            t.file(&Filing::new(*s, PROD1)),
            pool_charter::errors::TOO_MANY_OPEN_CASES,
        );
    }
    let id = t.last_case_id();
    t.take(ARB1, id).unwrap();
    t.rule(ARB1, id, 0, 0).unwrap();
    t.appeal(PROD1, id).unwrap();
    assert_eq!(t.chain.ram_usage(CHARTER), charter_ram);
    // Signing again after a new version re-uses the signer's own row.
    t.newversion(CHARTER, h(2), "https://v2").unwrap();
    let after_version = t.chain.ram_usage(CHARTER);
    for s in &spammers {
        t.sign(*s, h(2)).unwrap();
    }
    assert_eq!(t.chain.ram_usage(CHARTER), after_version);
}

// ---- 11: bounded loops --------------------------------------------------------------

/// `filecase`'s only loop counts the claimant's cases waiting for a
/// ruling, and stops at `max_open_cases`. At its cap, 100: a claimant
/// files 100 cases, the 101st is refused (a walk of 100 index entries,
/// the most the action ever reads) and changes nothing; once one is
/// withdrawn, it may file again; cases that were ruled no longer count.
#[test]
fn a_claimant_at_the_cap_of_100_waiting_cases_is_counted_within_the_bound() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.max_open_cases = pool_charter::errors::MAX_OPEN_CASES_LIMIT;
    t.setconfig(CHARTER, args).unwrap();
    let mut ids = Vec::new();
    for _ in 0..100 {
        ids.push(t.file_ok(PROD1, PROD2));
    }
    let before = t.state();
    assert_fails(
        t.file(&Filing::new(PROD1, PROD2)),
        pool_charter::errors::TOO_MANY_OPEN_CASES,
    );
    assert_eq!(t.state(), before);
    // Another claimant is not affected.
    t.file_ok(PROD3, PROD2);
    t.withdraw(PROD1, ids[0]).unwrap();
    let again = t.file_ok(PROD1, PROD2);
    assert_fails(
        t.file(&Filing::new(PROD1, PROD2)),
        pool_charter::errors::TOO_MANY_OPEN_CASES,
    );
    // A ruled case is no longer waiting.
    t.take(ARB1, again).unwrap();
    t.rule(ARB1, again, 0, 0).unwrap();
    t.file_ok(PROD1, PROD2);
}

// ---- 14: writes before inline actions -----------------------------------------------

/// The members contract sees the case already enforced when `setstatus`
/// runs: a second `enforce` in the same transaction fails, so a ruling
/// cannot be applied twice even by re-entry.
#[test]
fn a_ruling_is_enforced_once_even_twice_in_one_transaction() {
    let mut t = Tester::new();
    let id = t.ruled_case(pool_core::cases::Ruling::SUSPEND, 1);
    t.chain.advance_time(WINDOW);
    let enforce = actions::enforce { case_id: id };
    let act = enforce.to_action(CHARTER, vec![PermissionLevel::active(ALICE)]);
    assert_fails(
        t.chain.push_transaction(vec![act.clone(), act]),
        pool_charter::errors::CASE_CLOSED,
    );
    assert_eq!(t.status(id), CaseStatus::Ruled);
}

// ---- 15: unchecked arguments ------------------------------------------------------

const ACTION_NAMES: [Name; 13] = [
    name!("setconfig"),
    name!("newversion"),
    name!("sign"),
    name!("appoint"),
    name!("unappoint"),
    name!("filecase"),
    name!("takecase"),
    name!("rule"),
    name!("appeal"),
    name!("decide"),
    name!("ratify"),
    name!("enforce"),
    name!("withdraw"),
];

/// Empty and zero values, 257-byte urls, unknown codes, out-of-range
/// numbers, missing accounts and self-targets, for every action: each a
/// clean assertion with its exact message, nothing changed.
#[test]
fn every_action_refuses_boundary_arguments_and_changes_nothing() {
    use pool_charter::errors::*;
    let mut t = Tester::new();
    let ruled = t.ruled_case(pool_core::cases::Ruling::SUSPEND, 1);
    let filed = t.file_ok(PROD3, PROD4);
    let long = format!("https://{}", "u".repeat(249));
    assert_eq!(long.len(), 257);
    let config = t.config_args();
    let mut attempts: Vec<(Action, &str)> = Vec::new();
    let mut push = |action: Action, message: &'static str| attempts.push((action, message));
    let by = |who: Name| vec![PermissionLevel::active(who)];
    for (cfg, message) in [
        (
            actions::setconfig {
                appeal_window_sec: 0,
                ..config.clone()
            },
            BAD_APPEAL_WINDOW,
        ),
        (
            actions::setconfig {
                appeal_window_sec: u32::MAX,
                ..config.clone()
            },
            BAD_APPEAL_WINDOW,
        ),
        (
            actions::setconfig {
                max_open_cases: 0,
                ..config.clone()
            },
            BAD_MAX_OPEN_CASES,
        ),
        (
            actions::setconfig {
                max_open_cases: u32::MAX,
                ..config.clone()
            },
            BAD_MAX_OPEN_CASES,
        ),
        (
            actions::setconfig {
                grace_period_sec: u32::MAX,
                ..config.clone()
            },
            BAD_GRACE_PERIOD,
        ),
        (
            actions::setconfig {
                members: Name::EMPTY,
                ..config.clone()
            },
            MEMBERS_MISSING,
        ),
    ] {
        push(cfg.to_action(CHARTER, by(CHARTER)), message);
    }
    let version = |hash, url: &str| {
        actions::newversion {
            hash,
            url: url.into(),
        }
        .to_action(CHARTER, by(CHARTER))
    };
    push(version(Checksum256::default(), "https://v2"), EMPTY_HASH);
    push(version(h(2), ""), EMPTY_URL);
    push(version(h(2), &long), URL_TOO_LONG);
    push(version(h(1), "https://v1-again"), VERSION_EXISTS);
    let sign =
        |account: Name, hash| actions::sign { account, hash }.to_action(CHARTER, by(account));
    push(sign(ALICE, Checksum256::default()), HASH_MISMATCH);
    push(sign(ALICE, h(2)), HASH_MISMATCH);
    push(sign(PROD1, h(1)), ALREADY_SIGNED);
    push(
        actions::appoint {
            arbitrator: name!("nobody"),
        }
        .to_action(CHARTER, by(CHARTER)),
        ARBITRATOR_MISSING,
    );
    push(
        actions::appoint { arbitrator: ARB1 }.to_action(CHARTER, by(CHARTER)),
        ALREADY_ARBITRATOR,
    );
    push(
        actions::unappoint { arbitrator: PROD1 }.to_action(CHARTER, by(CHARTER)),
        NOT_ARBITRATOR,
    );
    let file = |f: Filing| f.data().to_action(CHARTER, by(f.claimant));
    push(file(Filing::new(PROD1, PROD1)), SAME_PARTIES);
    let mut f = Filing::new(PROD1, PROD5);
    f.category = u8::MAX;
    push(file(f), UNKNOWN_CATEGORY);
    let mut f = Filing::new(PROD1, PROD5);
    f.summary_url = String::new();
    push(file(f), EMPTY_SUMMARY_URL);
    let mut f = Filing::new(PROD1, PROD5);
    f.summary_url = long.clone();
    push(file(f), SUMMARY_URL_TOO_LONG);
    let mut f = Filing::new(PROD1, PROD5);
    f.summary_hash = Checksum256::default();
    push(file(f), EMPTY_SUMMARY_HASH);
    let mut f = Filing::new(PROD1, PROD5);
    f.report_seq = u64::MAX;
    push(file(f), ONLY_METRIC_DISPUTE_CITES_REPORT);
    let mut f = Filing::new(PROD1, PROD5);
    f.category = 2;
    f.report_emitter = name!("nobody");
    f.report_seq = 1;
    push(file(f), EMITTER_MISSING);
    push(file(Filing::new(PROD1, CHARTER)), RESPONDENT_NOT_MEMBER);
    push(
        file(Filing::new(ALICE, PROD1)),
        CLAIMANT_NOT_IN_GOOD_STANDING,
    );
    let take = |arbitrator: Name, case_id: u64| {
        actions::takecase {
            arbitrator,
            case_id,
        }
        .to_action(CHARTER, by(arbitrator))
    };
    push(take(ARB1, 0), NO_CASE);
    push(take(ARB1, u64::MAX), NO_CASE);
    push(take(PROD5, filed), NOT_APPOINTED);
    let rule = |case_id: u64, ruling: u8, days: u16, url: &str| {
        actions::rule {
            arbitrator: ARB1,
            case_id,
            ruling,
            suspend_days: days,
            reason_url: url.into(),
        }
        .to_action(CHARTER, by(ARB1))
    };
    push(rule(filed, u8::MAX, 0, "https://r"), UNKNOWN_RULING);
    push(rule(filed, 2, 0, "https://r"), SUSPEND_DAYS_OUT_OF_RANGE);
    push(
        rule(filed, 2, u16::MAX, "https://r"),
        SUSPEND_DAYS_OUT_OF_RANGE,
    );
    push(rule(filed, 0, 1, "https://r"), DAYS_ONLY_FOR_SUSPEND);
    push(rule(filed, 0, 0, ""), EMPTY_REASON_URL);
    push(rule(filed, 0, 0, &long), REASON_URL_TOO_LONG);
    push(rule(u64::MAX, 0, 0, "https://r"), NO_CASE);
    let appeal = |party: Name, case_id: u64, url: &str| {
        actions::appeal {
            party,
            case_id,
            reason_url: url.into(),
        }
        .to_action(CHARTER, by(party))
    };
    push(appeal(PROD2, ruled, &long), REASON_URL_TOO_LONG);
    push(appeal(PROD2, ruled, ""), EMPTY_REASON_URL);
    push(appeal(PROD3, ruled, "https://a"), NOT_A_PARTY);
    push(appeal(PROD2, 0, "https://a"), NO_CASE);
    push(
        actions::decide {
            case_id: ruled,
            uphold: true,
        }
        .to_action(CHARTER, by(CHARTER)),
        NOT_UNDER_APPEAL,
    );
    push(
        actions::ratify { case_id: ruled }.to_action(CHARTER, by(CHARTER)),
        STILL_APPEALABLE,
    );
    push(
        actions::enforce { case_id: ruled }.to_action(CHARTER, by(ALICE)),
        STILL_APPEALABLE,
    );
    push(
        actions::enforce { case_id: u64::MAX }.to_action(CHARTER, by(ALICE)),
        NO_CASE,
    );
    push(
        actions::withdraw {
            claimant: PROD4,
            case_id: filed,
        }
        .to_action(CHARTER, by(PROD4)),
        ONLY_CLAIMANT_WITHDRAWS,
    );
    push(
        actions::withdraw {
            claimant: PROD1,
            case_id: ruled,
        }
        .to_action(CHARTER, by(PROD1)),
        CANNOT_WITHDRAW,
    );
    let before = t.state();
    let mut seen = std::collections::BTreeSet::new();
    for (action, message) in attempts {
        seen.insert(action.name);
        let name = action.name;
        assert_fails(t.chain.push_raw(action), message);
        assert_eq!(t.state(), before, "{name}: {message}");
    }
    assert_eq!(seen.len(), ACTION_NAMES.len(), "every action is tried");
}

#[test]
fn an_unknown_action_is_rejected() {
    let mut t = Tester::new();
    let act = Action {
        account: CHARTER,
        name: name!("steal"),
        authorization: vec![PermissionLevel::active(CHARTER)],
        data: vec![],
    };
    assert_fails(t.chain.push_raw(act), "unknown action: steal");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random bytes as the data of every action, signed by every account
    /// involved: a clean failure (or, by chance, a valid action), never a
    /// crash; a failure changes nothing.
    #[test]
    fn random_action_data_fails_cleanly(data in proptest::collection::vec(any::<u8>(), 0..120), which in 0usize..13) {
        let mut t = Tester::new();
        t.ruled_case(pool_core::cases::Ruling::SUSPEND, 1);
        let before = t.state();
        let signers = [CHARTER, PROD1, PROD2, ARB1];
        let act = Action {
            account: CHARTER,
            name: ACTION_NAMES[which],
            authorization: signers.iter().map(|s| PermissionLevel::active(*s)).collect(),
            data,
        };
        if t.chain.push_raw(act).is_err() {
            prop_assert_eq!(t.state(), before);
        }
    }

    /// Extreme values in every numeric argument: clean failures only.
    #[test]
    fn extreme_numbers_fail_cleanly(case_id in prop_oneof![Just(0u64), Just(u64::MAX), 2u64..10], ruling in any::<u8>(), days in prop_oneof![Just(0u16), Just(u16::MAX), any::<u16>()], category in any::<u8>(), seq in any::<u64>()) {
        let mut t = Tester::new();
        let id = t.file_ok(PROD1, PROD2);
        t.take(ARB1, id).unwrap();
        let before = t.state();
        let _ = t.take(ARB1, case_id);
        let _ = t.appeal(PROD2, case_id);
        let _ = t.enforce(PROD2, case_id);
        let _ = t.decide(CHARTER, case_id, false);
        let _ = t.ratify(CHARTER, case_id);
        let _ = t.withdraw(PROD1, case_id);
        let _ = t.rule(ARB1, case_id, ruling, days);
        prop_assert_eq!(t.state(), before);
        let ok_ruling = pool_core::cases::Ruling::from_parts(ruling, days).is_ok();
        prop_assert_eq!(t.rule(ARB1, id, ruling, days).is_ok(), ok_ruling);
        let mut f = Filing::new(PROD1, PROD3);
        f.category = category;
        f.report_seq = seq;
        // Categories 0 to 3 exist; only a metric dispute (2) cites a
        // report, and this one names no emitter.
        let expected = category <= 3 && category != 2 && seq == 0;
        prop_assert_eq!(t.file(&f).is_ok(), expected);
    }
}
