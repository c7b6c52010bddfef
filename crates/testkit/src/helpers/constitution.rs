//! A test-only stand-in for the charter contract's constitution state,
//! for benches that do not deploy the real charter: it publishes
//! versions, records signatures and the grace period in the
//! `pool_shared::charter` tables (which pool.member reads at registration
//! and for good standing), and enforces a status ruling with an inline
//! `pool.member::setstatus` authorized by `<self>@inline`, as the charter
//! does. Version `v`'s hash is 32 bytes of `v`.
//!
//! Deploy it at the charter's account with
//! `chain.deploy(CHARTER, constitution::apply)` and drive it with
//! [`publish_v`], [`sign_v`], [`set_grace`] and [`enforce_ruling`].

use antelope_sdk::{
    action, current_time_point, name, ActionData, Checksum256, Context, Name, PermissionLevel,
    TimePointSec,
};
use antelope_testchain::{ChainError, TestChain, Trace};
use pool_shared::charter::{
    params, signatures, versions, ConstitutionParams, SignatureRow, Version,
};

/// The hash of version `version`: 32 bytes of it.
pub fn hash(version: u64) -> Checksum256 {
    Checksum256([version as u8; 32])
}

#[action]
pub fn publish(ctx: &Context, version: u64) {
    versions(ctx.receiver).emplace(
        ctx.receiver,
        Version {
            version,
            hash: hash(version),
            url: format!("https://pool.example/constitution/v{version}"),
            published_at: current_time_point().to_sec(),
        },
    );
}

#[action]
pub fn sign(ctx: &Context, account: Name, version: u64) {
    signatures(ctx.receiver).upsert(
        ctx.receiver,
        SignatureRow {
            account,
            version,
            hash: hash(version),
            signed_at: current_time_point().to_sec(),
        },
    );
}

#[action]
pub fn setgrace(ctx: &Context, grace_period_sec: u32) {
    params(ctx.receiver).set(ctx.receiver, ConstitutionParams { grace_period_sec });
}

/// Sends `pool.member::setstatus` inline, as a ruling would.
#[action]
pub fn enforce(ctx: &Context, account: Name, status: u8, until: TimePointSec) {
    pool_members::actions::setstatus {
        account,
        status,
        until,
        reason: "ruling of case 1".into(),
    }
    .send(
        name!("pool.member"),
        vec![PermissionLevel::new(ctx.receiver, name!("inline"))],
    );
}

antelope_sdk::contract! {
    actions: [publish, sign, setgrace, enforce],
    notifications: [],
    tables: [],
    ricardian: "",
}

/// Publishes version `version` at the stand-in at `at`.
///
/// # Panics
/// When the push fails.
pub fn publish_v(chain: &mut TestChain, at: Name, version: u64) {
    chain.push_action_as(at, &publish { version }, at).unwrap();
}

/// Records `account`'s signature of version `version`.
///
/// # Panics
/// When the push fails.
pub fn sign_v(chain: &mut TestChain, at: Name, account: Name, version: u64) {
    chain
        .push_action_as(at, &sign { account, version }, at)
        .unwrap();
}

/// Sets the grace period of the constitution parameters.
///
/// # Panics
/// When the push fails.
pub fn set_grace(chain: &mut TestChain, at: Name, grace_period_sec: u32) {
    chain
        .push_action_as(at, &setgrace { grace_period_sec }, at)
        .unwrap();
}

/// The stand-in enforces a ruling: `setstatus` inline with `<at>@inline`.
pub fn enforce_ruling(
    chain: &mut TestChain,
    at: Name,
    account: Name,
    status: u8,
    until: u32,
) -> Result<Trace, ChainError> {
    let data = enforce {
        account,
        status,
        until: TimePointSec::from_secs(until),
    };
    chain.push_action_as(at, &data, at)
}
