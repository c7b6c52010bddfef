//! Configuration, constitution versions, signatures and the grace period.

mod common;

use antelope_sdk::{name, Checksum256, Name};
use antelope_testchain::assert_fails;
use common::*;
use pool_charter::actions::setconfig;
use pool_charter::errors::*;
use pool_charter::tables::{Config, VersionHash};
use pool_shared::charter::{ConstitutionParams, SignatureRow, Version};

// ---- setconfig --------------------------------------------------------------

#[test]
fn setconfig_stores_the_configuration_and_the_grace_period() {
    let mut t = Tester::bare();
    t.setconfig(CHARTER, t.config_args()).unwrap();
    let config: Vec<Config> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(
        config,
        vec![Config {
            governance: Name::EMPTY,
            members: MEMBER,
            rewards: Name::EMPTY,
            fees: FEES,
            appeal_window_sec: WINDOW,
            max_open_cases: MAX_OPEN,
        }]
    );
    let params: Vec<ConstitutionParams> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(
        params,
        vec![ConstitutionParams {
            grace_period_sec: GRACE
        }]
    );
}

#[test]
fn the_contract_is_admin_until_governance_is_set_then_only_governance() {
    let mut t = Tester::bare();
    assert_fails(
        t.setconfig(GOV, t.config_args()),
        "missing authority of pool.charter",
    );
    let mut args = t.config_args();
    args.governance = GOV;
    t.setconfig(CHARTER, args.clone()).unwrap();
    assert_fails(
        t.setconfig(CHARTER, args.clone()),
        "missing authority of pool.gov",
    );
    args.appeal_window_sec = DAY;
    t.setconfig(GOV, args).unwrap();
    assert_fails(
        t.newversion(CHARTER, h(1), "https://v1"),
        "missing authority of pool.gov",
    );
    t.newversion(GOV, h(1), "https://v1").unwrap();
    assert_fails(t.appoint(CHARTER, ARB1), "missing authority of pool.gov");
    t.appoint(GOV, ARB1).unwrap();
}

#[test]
fn setconfig_rejects_each_bad_argument() {
    let mut t = Tester::bare();
    let ok = t.config_args();
    let missing = name!("nobody");
    let cases: Vec<(setconfig, &str)> = vec![
        (
            setconfig {
                governance: missing,
                ..ok.clone()
            },
            GOVERNANCE_MISSING,
        ),
        (
            setconfig {
                members: missing,
                ..ok.clone()
            },
            MEMBERS_MISSING,
        ),
        (
            setconfig {
                members: Name::EMPTY,
                ..ok.clone()
            },
            MEMBERS_MISSING,
        ),
        (
            setconfig {
                rewards: missing,
                ..ok.clone()
            },
            REWARDS_MISSING,
        ),
        (
            setconfig {
                fees: missing,
                ..ok.clone()
            },
            FEES_MISSING,
        ),
        (
            setconfig {
                appeal_window_sec: 0,
                ..ok.clone()
            },
            BAD_APPEAL_WINDOW,
        ),
        (
            setconfig {
                appeal_window_sec: 365 * DAY + 1,
                ..ok.clone()
            },
            BAD_APPEAL_WINDOW,
        ),
        (
            setconfig {
                max_open_cases: 0,
                ..ok.clone()
            },
            BAD_MAX_OPEN_CASES,
        ),
        (
            setconfig {
                max_open_cases: 101,
                ..ok.clone()
            },
            BAD_MAX_OPEN_CASES,
        ),
        (
            setconfig {
                grace_period_sec: 365 * DAY + 1,
                ..ok.clone()
            },
            BAD_GRACE_PERIOD,
        ),
    ];
    for (args, message) in cases {
        let before = t.state();
        assert_fails(t.setconfig(CHARTER, args), message);
        assert_eq!(t.state(), before);
    }
    // The bounds themselves are accepted.
    t.setconfig(
        CHARTER,
        setconfig {
            appeal_window_sec: 365 * DAY,
            max_open_cases: 100,
            grace_period_sec: 365 * DAY,
            ..ok.clone()
        },
    )
    .unwrap();
    t.setconfig(
        CHARTER,
        setconfig {
            appeal_window_sec: 1,
            max_open_cases: 1,
            grace_period_sec: 0,
            rewards: REWARDS,
            ..ok
        },
    )
    .unwrap();
}

// ---- newversion -------------------------------------------------------------

#[test]
fn versions_are_numbered_from_one_and_never_change() {
    let mut t = Tester::bare();
    let t1 = t.now_sec();
    t.newversion(CHARTER, h(1), "https://pool.example/v1")
        .unwrap();
    t.chain.advance_time(60);
    t.newversion(CHARTER, h(2), "https://pool.example/v2")
        .unwrap();
    let versions: Vec<Version> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].version, 1);
    assert_eq!(versions[0].hash, h(1));
    assert_eq!(versions[0].url, "https://pool.example/v1");
    assert_eq!(versions[0].published_at.secs(), t1);
    assert_eq!(versions[1].version, 2);
    assert_eq!(versions[1].hash, h(2));
    assert_eq!(versions[1].published_at.secs(), t1 + 60);
    let hashes: Vec<VersionHash> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(
        hashes,
        vec![
            VersionHash {
                version: 1,
                hash: h(1)
            },
            VersionHash {
                version: 2,
                hash: h(2)
            }
        ]
    );
    // Readers see the latest through the shared view.
    let latest = t
        .chain
        .read(|| pool_shared::charter::latest_version(CHARTER))
        .unwrap();
    assert_eq!(latest.version, 2);
}

#[test]
fn newversion_rejects_bad_input() {
    let mut t = Tester::bare();
    t.newversion(CHARTER, h(1), "https://v1").unwrap();
    t.newversion(CHARTER, h(2), "https://v2").unwrap();
    let before = t.state();
    assert_fails(
        t.newversion(CHARTER, Checksum256::default(), "https://v3"),
        EMPTY_HASH,
    );
    assert_fails(t.newversion(CHARTER, h(3), ""), EMPTY_URL);
    assert_fails(t.newversion(CHARTER, h(3), &"u".repeat(257)), URL_TOO_LONG);
    // The same hash twice, the latest or an older one.
    assert_fails(t.newversion(CHARTER, h(2), "https://v3"), VERSION_EXISTS);
    assert_fails(t.newversion(CHARTER, h(1), "https://v3"), VERSION_EXISTS);
    assert_eq!(t.state(), before);
    t.newversion(CHARTER, h(3), &"u".repeat(256)).unwrap();
}

#[test]
fn newversion_needs_the_admin() {
    let mut t = Tester::bare();
    assert_fails(
        t.newversion(PROD1, h(1), "https://v1"),
        "missing authority of pool.charter",
    );
}

// ---- sign -------------------------------------------------------------------

#[test]
fn sign_records_the_latest_version_paid_by_the_signer() {
    let mut t = Tester::configured();
    let charter_ram = t.chain.ram_usage(CHARTER);
    let signer_ram = t.chain.ram_usage(PROD1);
    t.sign(PROD1, h(1)).unwrap();
    assert_eq!(
        t.signature(PROD1),
        Some(SignatureRow {
            account: PROD1,
            version: 1,
            hash: h(1),
            signed_at: t.chain.now().to_sec(),
        })
    );
    assert_eq!(t.chain.ram_usage(CHARTER), charter_ram);
    assert!(t.chain.ram_usage(PROD1) > signer_ram);
    assert!(t
        .chain
        .read(|| pool_shared::charter::signed_latest(CHARTER, PROD1)));
}

#[test]
fn any_account_may_sign_before_registering() {
    let mut t = Tester::configured();
    assert_fails(
        t.register(PROD1),
        pool_members::errors::CONSTITUTION_NOT_SIGNED,
    );
    t.sign(PROD1, h(1)).unwrap();
    t.register(PROD1).unwrap();
    assert!(t.in_good_standing(PROD1));
}

#[test]
fn sign_must_quote_the_latest_hash_exactly() {
    let mut t = Tester::bare();
    assert_fails(t.sign(PROD1, h(1)), NO_VERSION);
    t.newversion(CHARTER, h(1), "https://v1").unwrap();
    t.newversion(CHARTER, h(2), "https://v2").unwrap();
    let before = t.state();
    assert_fails(t.sign(PROD1, h(1)), HASH_MISMATCH);
    assert_fails(t.sign(PROD1, h(9)), HASH_MISMATCH);
    let mut almost = h(2);
    almost.0[31] ^= 1;
    assert_fails(t.sign(PROD1, almost), HASH_MISMATCH);
    assert_eq!(t.state(), before);
    t.sign(PROD1, h(2)).unwrap();
    assert_eq!(t.signature(PROD1).unwrap().version, 2);
}

#[test]
fn signing_the_same_version_twice_fails_and_a_new_version_is_signed_in_place() {
    let mut t = Tester::configured();
    t.sign(PROD1, h(1)).unwrap();
    assert_fails(t.sign(PROD1, h(1)), ALREADY_SIGNED);
    let ram = t.chain.ram_usage(PROD1);
    t.newversion(CHARTER, h(2), "https://v2").unwrap();
    t.chain.advance_time(10);
    t.sign(PROD1, h(2)).unwrap();
    let row = t.signature(PROD1).unwrap();
    assert_eq!((row.version, row.hash), (2, h(2)));
    assert_eq!(t.chain.ram_usage(PROD1), ram, "the same row, re-signed");
    let rows: Vec<SignatureRow> = t.chain.rows(CHARTER, CHARTER.raw());
    assert_eq!(rows.len(), 1);
}

#[test]
fn sign_needs_the_signers_authority() {
    let mut t = Tester::configured();
    let data = pool_charter::actions::sign {
        account: PROD1,
        hash: h(1),
    };
    assert_fails(
        t.chain.push_action_as(CHARTER, &data, PROD2),
        "missing authority of prod1",
    );
    assert_fails(
        t.chain.push_action_as(CHARTER, &data, CHARTER),
        "missing authority of prod1",
    );
}

// ---- the grace period ---------------------------------------------------------

#[test]
fn a_member_who_has_not_re_signed_loses_good_standing_when_the_grace_period_ends() {
    let mut t = Tester::new();
    assert!(t.in_good_standing(PROD1));
    t.chain.advance_time(100);
    t.newversion(CHARTER, h(2), "https://pool.example/v2")
        .unwrap();
    let published = t.now_sec();

    // Within the grace period, the old signature still counts.
    t.chain.advance_time(GRACE - 1);
    assert_eq!(t.now_sec(), published + GRACE - 1);
    assert!(t.in_good_standing(PROD1));
    assert!(t.in_good_standing(PROD2));
    t.sign(PROD2, h(2)).unwrap();

    // At its end, it does not.
    t.chain.advance_time(1);
    assert!(!t.in_good_standing(PROD1));
    assert!(t.in_good_standing(PROD2), "re-signed in time");
    assert!(!t.chain.read(|| pool_shared::charter::signature_counts(
        CHARTER,
        PROD1,
        published + GRACE
    )));

    // Without good standing, a member cannot file a case.
    assert_fails(
        t.file(&Filing::new(PROD1, PROD3)),
        CLAIMANT_NOT_IN_GOOD_STANDING,
    );

    // Signing the latest version restores it at once.
    t.sign(PROD1, h(2)).unwrap();
    assert!(t.in_good_standing(PROD1));
    t.file(&Filing::new(PROD1, PROD3)).unwrap();
}

#[test]
fn a_grace_period_of_zero_ends_rights_at_publication() {
    let mut t = Tester::new();
    let mut args = t.config_args();
    args.grace_period_sec = 0;
    t.setconfig(CHARTER, args).unwrap();
    t.newversion(CHARTER, h(2), "https://v2").unwrap();
    assert!(!t.in_good_standing(PROD1));
}

#[test]
fn registration_needs_the_latest_version_even_within_the_grace_period() {
    let mut t = Tester::configured();
    t.sign(ALICE, h(1)).unwrap();
    t.newversion(CHARTER, h(2), "https://v2").unwrap();
    assert_fails(
        t.register(ALICE),
        pool_members::errors::CONSTITUTION_NOT_SIGNED,
    );
    t.sign(ALICE, h(2)).unwrap();
    t.register(ALICE).unwrap();
}
