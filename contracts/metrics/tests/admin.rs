//! Governance's actions: the configuration and its checks, the quorum,
//! registering and removing emitters. Every refusal has its message and
//! changes nothing.

mod common;

use antelope_sdk::Name;
use antelope_testchain::assert_fails;
use common::*;
use pool_core::metrics::{MAX_BATCH_CAP, MAX_EMITTERS};
use pool_metrics::actions;
use pool_metrics::errors::*;

#[track_caller]
fn config_refused(t: &mut Tester, signer: Name, data: actions::setconfig, message: &str) {
    let before = t.snapshot();
    assert_fails(t.setconfig_as(signer, data), message);
    assert_eq!(t.snapshot(), before);
}

fn n(s: &str) -> Name {
    Name::try_from_str(s).unwrap()
}

// ---- setconfig ----------------------------------------------------------------------------

#[test]
fn the_contract_configures_itself_until_governance_is_set() {
    let mut t = Tester::bare();
    let args = t.config_args();
    config_refused(
        &mut t,
        ALICE,
        args.clone(),
        "missing authority of pool.metrics",
    );
    config_refused(
        &mut t,
        GOV,
        args.clone(),
        "missing authority of pool.metrics",
    );
    t.setconfig_as(METRICS, args.clone()).unwrap();
    assert_eq!(t.config().unwrap().quorum, 1);
    assert_eq!(t.state_row().next_id, 0);

    let handover = actions::setconfig {
        governance: GOV,
        ..args.clone()
    };
    t.setconfig_as(METRICS, handover.clone()).unwrap();
    config_refused(
        &mut t,
        METRICS,
        handover.clone(),
        "missing authority of pool.gov",
    );
    t.setconfig_as(GOV, handover).unwrap();
    // Governance now registers emitters, and pays for their rows.
    let gov_ram = t.ram(GOV);
    assert_fails(t.regemitter(E1), "missing authority of pool.gov");
    t.regemitter_as(GOV, E1).unwrap();
    assert!(t.ram(GOV) > gov_ram);
    assert_fails(t.setquorum_as(METRICS, 1), "missing authority of pool.gov");
    t.setquorum_as(GOV, 1).unwrap();
}

#[test]
fn configuration_and_counters_are_paid_by_the_contract() {
    let mut t = Tester::bare();
    let ram = t.ram(METRICS);
    t.setconfig_as(METRICS, t.config_args()).unwrap();
    assert!(t.ram(METRICS) > ram);
    let ram = t.ram(METRICS);
    // Setting it again creates nothing new.
    t.setconfig_as(METRICS, t.config_args()).unwrap();
    assert_eq!(t.ram(METRICS), ram);
}

#[test]
fn every_configuration_rule_has_its_message() {
    let mut t = Tester::new();
    let base = t.config_args();
    let cases: Vec<(actions::setconfig, &str)> = vec![
        (
            actions::setconfig {
                governance: n("nobody"),
                ..base.clone()
            },
            GOVERNANCE_MISSING,
        ),
        (
            actions::setconfig {
                members: n("nobody"),
                ..base.clone()
            },
            MEMBERS_MISSING,
        ),
        (
            actions::setconfig {
                window_sec: 0,
                ..base.clone()
            },
            WINDOW_NOT_POSITIVE,
        ),
        (
            actions::setconfig {
                day_sec: 0,
                ..base.clone()
            },
            DAY_NOT_MULTIPLE,
        ),
        (
            actions::setconfig {
                day_sec: DAY + 1,
                ..base.clone()
            },
            DAY_NOT_MULTIPLE,
        ),
        (
            actions::setconfig {
                window_sec: 7,
                ..base.clone()
            },
            DAY_NOT_MULTIPLE,
        ),
        (
            actions::setconfig {
                quorum: 0,
                ..base.clone()
            },
            QUORUM_ZERO,
        ),
        (
            actions::setconfig {
                quorum: 2,
                ..base.clone()
            },
            QUORUM_ABOVE_EMITTERS,
        ),
        (
            actions::setconfig {
                max_batch: 0,
                ..base.clone()
            },
            MAX_BATCH_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                max_batch: MAX_BATCH_CAP + 1,
                ..base.clone()
            },
            MAX_BATCH_OUT_OF_RANGE,
        ),
        (
            actions::setconfig {
                retention_sec: DAY - 1,
                ..base.clone()
            },
            RETENTION_TOO_SHORT,
        ),
    ];
    for (data, message) in cases {
        config_refused(&mut t, METRICS, data, message);
    }
    // The edges that are allowed.
    for ok in [
        actions::setconfig {
            max_batch: MAX_BATCH_CAP,
            ..base.clone()
        },
        actions::setconfig {
            max_batch: 1,
            retention_sec: DAY,
            ..base.clone()
        },
        actions::setconfig {
            window_sec: DAY,
            ..base.clone()
        },
    ] {
        t.setconfig_as(METRICS, ok).unwrap();
    }
}

#[test]
fn windows_days_and_genesis_are_fixed_once_reports_exist() {
    let mut t = Tester::new();
    let base = t.config_args();
    // Before any report they may change.
    t.setconfig_as(
        METRICS,
        actions::setconfig {
            window_sec: 30,
            ..base.clone()
        },
    )
    .unwrap();
    t.setconfig_as(METRICS, base.clone()).unwrap();
    t.report(E1, 1, win(0), batch()).unwrap();
    for data in [
        actions::setconfig {
            window_sec: 30,
            ..base.clone()
        },
        actions::setconfig {
            day_sec: 2 * DAY,
            retention_sec: 2 * DAY,
            ..base.clone()
        },
        actions::setconfig {
            genesis: tps(T0 + W),
            ..base.clone()
        },
    ] {
        config_refused(&mut t, METRICS, data, TIMING_LOCKED);
    }
    // The rest may.
    t.setconfig_as(
        METRICS,
        actions::setconfig {
            max_batch: 3,
            retention_sec: 3 * DAY,
            ..base
        },
    )
    .unwrap();
    let c = t.config().unwrap();
    assert_eq!((c.max_batch, c.retention_sec), (3, 3 * DAY));
}

// ---- setquorum ----------------------------------------------------------------------------

#[test]
fn the_quorum_is_bounded_by_the_registered_emitters() {
    let mut t = Tester::bare();
    assert_fails(t.setquorum_as(METRICS, 1), NOT_CONFIGURED);
    let mut t = Tester::new();
    let before = t.snapshot();
    assert_fails(t.setquorum_as(METRICS, 0), QUORUM_ZERO);
    assert_fails(t.setquorum_as(METRICS, 2), QUORUM_ABOVE_EMITTERS);
    assert_fails(
        t.setquorum_as(ALICE, 1),
        "missing authority of pool.metrics",
    );
    assert_eq!(t.snapshot(), before);
    t.regemitter(E2).unwrap();
    t.setquorum_as(METRICS, 2).unwrap();
    assert_eq!(t.config().unwrap().quorum, 2);
    assert_fails(t.setquorum_as(METRICS, 3), QUORUM_ABOVE_EMITTERS);
    t.setquorum_as(METRICS, 1).unwrap();
}

// ---- emitters ---------------------------------------------------------------------------

#[test]
fn registering_an_emitter() {
    let mut t = Tester::bare();
    assert_fails(t.regemitter(E1), NOT_CONFIGURED);
    t.setconfig_as(METRICS, t.config_args()).unwrap();
    let before = t.snapshot();
    assert_fails(t.regemitter(n("nobody")), EMITTER_MISSING);
    assert_fails(t.regemitter_as(E1, E1), "missing authority of pool.metrics");
    assert_eq!(t.snapshot(), before);
    t.set_time(T0 + 1234);
    t.regemitter(E1).unwrap();
    let e = t.emitter(E1).unwrap();
    assert_eq!(
        (
            e.emitter,
            e.last_seq,
            e.last_end,
            e.reports,
            e.registered_at
        ),
        (E1, 0, tps(0), 0, tps(T0 + 1234))
    );
    let before = t.snapshot();
    assert_fails(t.regemitter(E1), ALREADY_EMITTER);
    assert_eq!(t.snapshot(), before);
}

#[test]
fn at_most_16_emitters() {
    let mut t = Tester::new();
    let extra: Vec<Name> = (0..MAX_EMITTERS as u8)
        .map(|i| n(&format!("emx{}", (b'a' + i) as char)))
        .collect();
    t.chain.create_accounts(&extra);
    for e in &extra[..MAX_EMITTERS - 1] {
        t.regemitter(*e).unwrap();
    }
    let before = t.snapshot();
    assert_fails(t.regemitter(extra[MAX_EMITTERS - 1]), TOO_MANY_EMITTERS);
    assert_eq!(t.snapshot(), before);
    // The quorum may now be 16.
    t.setquorum_as(METRICS, 16).unwrap();
    assert_fails(t.setquorum_as(METRICS, 17), QUORUM_ABOVE_EMITTERS);
}

#[test]
fn removing_an_emitter() {
    let mut t = Tester::quorum2();
    let before = t.snapshot();
    assert_fails(t.rmemitter(ALICE), NOT_EMITTER);
    assert_fails(
        t.chain
            .push_action_as(METRICS, &actions::rmemitter { emitter: E1 }, E1),
        "missing authority of pool.metrics",
    );
    assert_eq!(t.snapshot(), before);
    t.report(E1, 4, win(0), batch()).unwrap();
    t.rmemitter(E1).unwrap();
    assert_eq!(t.emitter(E1), None);
    let retired: Vec<pool_metrics::tables::Retired> = t.chain.rows(METRICS, METRICS.raw());
    assert_eq!(retired.len(), 1);
    assert_eq!((retired[0].emitter, retired[0].last_seq), (E1, 4));
    // A removed emitter cannot report.
    assert_fails(t.report(E1, 5, win(1), batch()), NOT_EMITTER);
    // Two emitters left for a quorum of 2: neither may go.
    let before = t.snapshot();
    assert_fails(t.rmemitter(E2), BELOW_QUORUM);
    assert_eq!(t.snapshot(), before);
    t.setquorum_as(METRICS, 1).unwrap();
    t.rmemitter(E2).unwrap();
    t.rmemitter(E3).unwrap();
    assert_eq!(
        t.chain
            .rows::<pool_metrics::tables::Emitter>(METRICS, METRICS.raw())
            .len(),
        0
    );
}

#[test]
fn a_re_registered_emitter_continues_its_seq_and_restarts_its_windows() {
    let mut t = Tester::new();
    t.report(E1, 1, win(0), batch()).unwrap();
    t.report(E1, 2, win(1), batch()).unwrap();
    t.rmemitter(E1).unwrap();
    t.regemitter(E1).unwrap();
    let e = t.emitter(E1).unwrap();
    assert_eq!((e.last_seq, e.last_end, e.reports), (2, tps(0), 0));
    assert!(
        t.chain
            .rows::<pool_metrics::tables::Retired>(METRICS, METRICS.raw())
            .is_empty(),
        "the retired row is consumed"
    );
    assert_fails(t.report(E1, 2, win(10), batch()), SEQ_NOT_INCREASING);
    // A fresh start anywhere after genesis (it was down since window 2).
    t.report(E1, 3, win(10), batch()).unwrap();
    // The window it reported before is final already: reporting it again
    // is agreement, not a second count.
    t.rmemitter(E1).unwrap();
    t.regemitter(E1).unwrap();
    t.report(E1, 4, win(0), batch()).unwrap();
    assert_eq!(t.member_day(day(win(0)), PROD1).unwrap().windows, 3);
    assert_eq!(t.window(win(0)).unwrap().reports, 2);
    t.assert_aggregates_match_windows();
}

#[test]
fn the_emitter_row_passes_to_the_emitter_with_its_first_report() {
    let mut t = Tester::new();
    let (c, e) = (t.ram(METRICS), t.ram(E2));
    t.regemitter(E2).unwrap();
    assert!(t.ram(METRICS) > c, "the admin (the contract) pays");
    assert_eq!(t.ram(E2), e);
    t.report(E2, 1, win(0), batch()).unwrap();
    assert_eq!(t.ram(METRICS), c, "back to what it was");
}
