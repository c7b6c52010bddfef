//! The constitution tables of the charter contract. The charter contract
//! declares its tables with these types; other contracts (members,
//! rewards, governance) read them to decide whether an account's signature
//! still counts.

use antelope_sdk::{Checksum256, MultiIndex, Name, Pack, Singleton, Table, TimePointSec};

/// A constitution version; table `versions`, scope = the charter contract,
/// primary key = version number (1, 2, ...). Immutable once published.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "versions", primary = self.version)]
pub struct Version {
    pub version: u64,
    pub hash: Checksum256,
    pub url: String,
    pub published_at: TimePointSec,
}

/// An account's latest signature; table `signatures`, scope = the charter
/// contract, primary key = the account.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "signatures", primary = self.account.raw())]
pub struct SignatureRow {
    pub account: Name,
    pub version: u64,
    pub hash: Checksum256,
    pub signed_at: TimePointSec,
}

/// The parameters of the constitution rule (part of the charter's
/// configuration; table `constparams`, a singleton).
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "constparams", singleton)]
pub struct ConstitutionParams {
    /// Seconds after a new version during which older signatures count.
    pub grace_period_sec: u32,
}

use alloc::string::String;

pub fn versions(charter: Name) -> MultiIndex<Version> {
    MultiIndex::new(charter, charter.raw())
}

pub fn signatures(charter: Name) -> MultiIndex<SignatureRow> {
    MultiIndex::new(charter, charter.raw())
}

pub fn params(charter: Name) -> Singleton<ConstitutionParams> {
    Singleton::new(charter, charter.raw())
}

/// The latest published version, if any.
pub fn latest_version(charter: Name) -> Option<Version> {
    versions(charter)
        .rev_iter()
        .next()
        .map(|row| row.into_inner())
}

/// Whether `account`'s signature counts at `now` (seconds): it signed the
/// latest version, or an older one and the grace period after the latest
/// has not ended. No version published yet: nobody is in order.
pub fn signature_counts(charter: Name, account: Name, now: u32) -> bool {
    let Some(latest) = latest_version(charter) else {
        return false;
    };
    let signed = signatures(charter).find(account.raw()).map(|s| s.version);
    let grace = params(charter)
        .get()
        .map(|p| p.grace_period_sec)
        .unwrap_or(0);
    pool_core::constitution::signature_counts(
        signed,
        latest.version,
        latest.published_at.secs(),
        grace,
        now,
    )
}

/// Whether `account` signed the latest version (what registration needs).
pub fn signed_latest(charter: Name, account: Name) -> bool {
    match latest_version(charter) {
        None => false,
        Some(latest) => signatures(charter)
            .find(account.raw())
            .is_some_and(|s| s.version == latest.version),
    }
}
