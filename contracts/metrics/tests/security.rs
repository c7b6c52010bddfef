//! The attack classes of the security checklist that apply to the
//! metrics contract, each as the test the checklist asks for (replay,
//! gaps, order and time, class 12 and 13, are in `report.rs`; bounded
//! work, class 11, in `bound.rs`).

mod common;

use antelope_sdk::{name, Action, ActionData, Name, PermissionLevel};
use antelope_testchain::assert_fails;
use common::*;
use pool_metrics::actions;
use pool_testkit::helpers::signers::{
    assert_unlinked_permission_refused, assert_wrong_signers_refused, irrelevant, NO_AUTHORIZATION,
};
use proptest::prelude::*;

fn report_data(emitter: Name, seq: u64, n: u32) -> actions::report {
    actions::report {
        emitter,
        seq,
        start: tps(win(n)),
        end: tps(win(n + 1)),
        entries: batch(),
    }
}

// ---- 3. missing authorization -------------------------------------------------------

#[test]
fn every_action_refuses_a_wrong_signer() {
    let mut t = Tester::quorum2();
    t.reach(win(1));
    let before = t.snapshot();
    let cases: Vec<(Action, Name, &str)> = vec![
        (
            t.config_args().to_action(METRICS, vec![]),
            ALICE,
            "missing authority of pool.metrics",
        ),
        (
            actions::setquorum { quorum: 1 }.to_action(METRICS, vec![]),
            E1,
            "missing authority of pool.metrics",
        ),
        (
            actions::regemitter { emitter: ALICE }.to_action(METRICS, vec![]),
            ALICE,
            "missing authority of pool.metrics",
        ),
        (
            actions::rmemitter { emitter: E3 }.to_action(METRICS, vec![]),
            E3,
            "missing authority of pool.metrics",
        ),
        (
            report_data(E1, 1, 0).to_action(METRICS, vec![]),
            E2,
            "missing authority of emitter1",
        ),
        (
            report_data(E1, 1, 0).to_action(METRICS, vec![]),
            METRICS,
            "missing authority of emitter1",
        ),
    ];
    assert_wrong_signers_refused(&mut t.chain, cases);
    assert_eq!(t.snapshot(), before);
}

/// Every action, signed by the account it needs but with a permission
/// of that account below `active` that is linked to nothing: refused by
/// the chain's minimum permission, nothing changed. `prune`, open to
/// anyone, needs a valid permission all the same.
#[test]
fn every_action_refuses_an_unlinked_permission_of_its_signer() {
    let mut t = Tester::quorum2();
    t.reach(win(1));
    let unlinked = name!("sec");
    for who in [METRICS, E1, ALICE] {
        t.chain.set_permission(who, unlinked, name!("active"), &[]);
    }
    let cases: Vec<(Action, Name)> = vec![
        (t.config_args().to_action(METRICS, vec![]), METRICS),
        (
            actions::setquorum { quorum: 1 }.to_action(METRICS, vec![]),
            METRICS,
        ),
        (
            actions::regemitter { emitter: ALICE }.to_action(METRICS, vec![]),
            METRICS,
        ),
        (
            actions::rmemitter { emitter: E3 }.to_action(METRICS, vec![]),
            METRICS,
        ),
        (report_data(E1, 1, 0).to_action(METRICS, vec![]), E1),
        (
            actions::prune { max_rows: 1 }.to_action(METRICS, vec![]),
            ALICE,
        ),
    ];
    assert_eq!(cases.len(), ACTIONS.len(), "every action");
    let before = t.snapshot();
    assert_unlinked_permission_refused(&mut t.chain, unlinked, cases, |_| "active");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn governance_actions_need_governance_once_it_is_set() {
    let mut t = Tester::quorum2();
    let handover = actions::setconfig {
        governance: GOV,
        quorum: 2,
        ..t.config_args()
    };
    t.setconfig_as(METRICS, handover).unwrap();
    let before = t.snapshot();
    let gov = "missing authority of pool.gov";
    assert_fails(t.setconfig_as(METRICS, t.config_args()), gov);
    assert_fails(t.setquorum_as(METRICS, 1), gov);
    assert_fails(t.regemitter(ALICE), gov);
    assert_fails(t.rmemitter(E3), gov);
    assert_eq!(t.snapshot(), before);
    t.regemitter_as(GOV, ALICE).unwrap();
    t.chain
        .push_action_as(METRICS, &actions::rmemitter { emitter: ALICE }, GOV)
        .unwrap();
}

#[test]
fn prune_is_open_to_anyone_but_needs_a_signer() {
    let mut t = Tester::new();
    assert_fails(
        t.chain
            .push_raw(actions::prune { max_rows: 1 }.to_action(METRICS, vec![])),
        NO_AUTHORIZATION,
    );
}

#[test]
fn a_dedicated_reporting_permission_works_only_when_linked() {
    // The reporter's key should not be the emitter's active key: a
    // `report` permission linked to pool.metrics::report only.
    let mut t = Tester::new();
    let report_perm = name!("report");
    t.chain
        .set_permission(E1, report_perm, name!("active"), &[]);
    let auth = [PermissionLevel::new(E1, report_perm)];
    t.reach(win(1));
    assert_fails(
        t.chain.push_action(METRICS, &report_data(E1, 1, 0), &auth),
        &irrelevant("emitter1", "report", "active"),
    );
    t.chain.link_auth(E1, METRICS, name!("report"), report_perm);
    t.chain
        .push_action(METRICS, &report_data(E1, 1, 0), &auth)
        .unwrap();
    // And it can do nothing else at the contract (prune is not linked).
    assert_fails(
        t.chain
            .push_action(METRICS, &actions::prune { max_rows: 1 }, &auth),
        &irrelevant("emitter1", "report", "active"),
    );
}

// ---- 8. RAM payer -------------------------------------------------------------------------

#[test]
fn reports_are_paid_by_the_emitter() {
    let mut t = Tester::quorum2();
    // First reports move each emitter's row to it; then the contract's
    // RAM never moves again.
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E2, 1, win(0), batch()).unwrap();
    t.report(E3, 1, win(0), batch()).unwrap();
    let contract = t.ram(METRICS);
    for n in 1..20u32 {
        for (i, e) in EMITTERS.iter().enumerate() {
            let (mine, others): (i64, Vec<i64>) = (
                t.ram(*e),
                EMITTERS
                    .iter()
                    .filter(|o| *o != e)
                    .map(|o| t.ram(*o))
                    .collect(),
            );
            let mut entries = batch();
            // Every third window emitter3 disagrees (evidence rows).
            if i == 2 && n % 3 == 0 {
                entries[0].late += 1;
            }
            t.report(*e, u64::from(n) + 1, win(n), entries).unwrap();
            assert!(t.ram(*e) > mine, "{e} pays for its report");
            let after: Vec<i64> = EMITTERS
                .iter()
                .filter(|o| *o != e)
                .map(|o| t.ram(*o))
                .collect();
            assert_eq!(after, others, "nobody else pays for {e}'s report");
            assert_eq!(t.ram(METRICS), contract);
            assert_eq!(t.ram(GOV), 0);
        }
    }
    t.assert_aggregates_match_windows();
}

#[test]
fn accounts_that_are_not_emitters_cannot_make_anyone_pay() {
    let mut t = Tester::new();
    t.report(E1, 1, win(0), batch()).unwrap();
    let spammers: Vec<Name> = (0..20u8)
        .map(|i| Name::try_from_str(&format!("spam{}", (b'a' + i) as char)).unwrap())
        .collect();
    t.chain.create_accounts(&spammers);
    t.reach(win(5));
    let before = t.snapshot();
    for (i, s) in spammers.iter().enumerate() {
        // As themselves, as emitter1 (without its key), empty or full.
        let entries = if i % 2 == 0 { batch() } else { vec![] };
        assert_fails(
            t.report_raw(*s, *s, 1, win(1), win(2), entries.clone()),
            "emitter is not registered",
        );
        assert_fails(
            t.report_raw(*s, E1, 2, win(1), win(2), entries),
            "missing authority of emitter1",
        );
        // prune with nothing to prune.
        assert_fails(
            t.chain
                .push_action_as(METRICS, &actions::prune { max_rows: 100 }, *s),
            "nothing to prune",
        );
        assert_eq!(t.ram(*s), 0);
    }
    assert_eq!(t.snapshot(), before);
}

// ---- 15. unchecked arguments ----------------------------------------------------------------

const ACTIONS: [&str; 6] = [
    "setconfig",
    "setquorum",
    "regemitter",
    "rmemitter",
    "report",
    "prune",
];

fn valid_data(t: &Tester, action: usize) -> Vec<u8> {
    use antelope_sdk::Pack;
    match ACTIONS[action] {
        "setconfig" => t.config_args().packed(),
        "setquorum" => actions::setquorum { quorum: 2 }.packed(),
        "regemitter" => actions::regemitter { emitter: ALICE }.packed(),
        "rmemitter" => actions::rmemitter { emitter: E2 }.packed(),
        "report" => report_data(E1, 2, 1).packed(),
        _ => actions::prune { max_rows: 3 }.packed(),
    }
}

#[test]
fn extreme_values_end_in_clean_assertions() {
    let mut t = Tester::new();
    t.report(E1, u64::MAX - 1, win(0), batch()).unwrap();
    t.reach(u32::MAX);
    let before = t.snapshot();
    let e = entry(PROD1, u32::MAX, u32::MAX, u32::MAX, u32::MAX, u64::MAX);
    for (seq, start, end, entries, message) in [
        (
            u64::MAX,
            win(1),
            win(2),
            vec![e],
            "slots exceed the window's slots",
        ),
        (
            u64::MAX,
            u32::MAX,
            u32::MAX,
            vec![],
            "window start is not a multiple of window_sec",
        ),
        (
            u64::MAX,
            u32::MAX - u32::MAX % W,
            u32::MAX,
            vec![],
            "window is not exactly window_sec long",
        ),
        (
            0,
            0,
            0,
            vec![],
            "seq must be greater than the emitter's last seq",
        ),
    ] {
        assert_fails(t.report_raw(E1, E1, seq, start, end, entries), message);
    }
    assert_eq!(t.snapshot(), before);
    // The highest seq is usable once.
    let big = entry(PROD5, SLOTS, SLOTS, SLOTS, SLOTS, u64::MAX);
    t.report(E1, u64::MAX, win(1), vec![big]).unwrap();
    assert_eq!(
        t.member_day(day(win(1)), PROD5).unwrap().latency_ms,
        u64::MAX
    );
    // emitter1 has used up its seq numbers.
    assert_fails(
        t.report(E1, u64::MAX, win(2), vec![big]),
        "seq must be greater than the emitter's last seq",
    );
    // A second window of that member in the same day would overflow its
    // latency total: a clean assertion, nothing written.
    t.regemitter(E2).unwrap();
    let before = t.snapshot();
    assert_fails(t.report(E2, 1, win(2), vec![big]), "aggregate overflow");
    assert_eq!(t.snapshot(), before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random bytes, and valid data with bytes flipped, truncated or
    /// extended, as the data of every action, signed by everyone involved:
    /// a contract assertion (never a Rust panic such as an arithmetic
    /// overflow) or a valid state; a rejection changes nothing.
    #[test]
    fn garbage_action_data_ends_cleanly(
        action in 0..ACTIONS.len(),
        random in prop::collection::vec(any::<u8>(), 0..120),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
        extra in prop::collection::vec(any::<u8>(), 0..3),
        use_random in any::<bool>(),
    ) {
        let mut t = Tester::quorum2();
        t.report(E1, 1, win(0), batch()).unwrap();
        t.reach(prunable_at_any());
        let data = if use_random {
            random
        } else {
            let mut d = valid_data(&t, action);
            for (at, byte) in &flips {
                let i = at.index(d.len());
                d[i] = *byte;
            }
            d.truncate(cut.index(d.len() + 1).max(d.len().saturating_sub(3)));
            d.extend(extra);
            d
        };
        let auth = vec![
            PermissionLevel::active(METRICS),
            PermissionLevel::active(E1),
            PermissionLevel::active(E2),
            PermissionLevel::active(ALICE),
        ];
        let before = t.snapshot();
        let name = Name::try_from_str(ACTIONS[action]).unwrap();
        let result = t.chain.push_raw(Action { account: METRICS, name, authorization: auth, data });
        if let Err(e) = &result {
            prop_assert!(!e.message.starts_with("attempt to"), "arithmetic panic: {}", e.message);
            prop_assert!(!e.message.contains("panicked"), "panic: {}", e.message);
            prop_assert_eq!(&before, &t.snapshot(), "a rejected action changed state");
        }
        t.assert_aggregates_match_windows();
    }
}

/// A time at which window 0 may be pruned.
fn prunable_at_any() -> u32 {
    win(1) + RETENTION + 1
}

#[test]
fn unknown_actions_are_refused() {
    let mut t = Tester::new();
    let action = Action {
        account: METRICS,
        name: name!("transfer"),
        authorization: vec![PermissionLevel::active(ALICE)],
        data: vec![],
    };
    assert_fails(t.chain.push_raw(action), "unknown action: transfer");
}
