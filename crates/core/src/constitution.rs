//! Constitution versions and signatures: whether a signature still gives
//! a member its rights.
//!
//! Versions are numbered 1, 2, ... in publication order. A member who
//! signed the latest version is in order. After a new version is
//! published, a member whose last signature is of an older version keeps
//! its rights for a grace period (counted from the publication), then
//! loses voting and claiming until it signs the latest version. An account
//! that never signed has no rights.

/// Whether a signature of `signed_version` counts at time `now`, given the
/// latest version, the time it was published and the grace period (all
/// times in seconds).
pub fn signature_counts(
    signed_version: Option<u64>,
    latest_version: u64,
    latest_published_at: u32,
    grace_period_sec: u32,
    now: u32,
) -> bool {
    match signed_version {
        None => false,
        Some(v) if v >= latest_version => true,
        Some(_) => (now as u64) < latest_published_at as u64 + grace_period_sec as u64,
    }
}

/// When the grace period of a version published at `published_at` ends.
pub fn grace_ends_at(published_at: u32, grace_period_sec: u32) -> u64 {
    published_at as u64 + grace_period_sec as u64
}

pub const NO_VERSION: &str = "no constitution version has been published";
pub const HASH_MISMATCH: &str = "hash does not match the latest constitution version";
pub const ALREADY_SIGNED: &str = "account has already signed the latest constitution version";

/// The version a signature quoting `quoted` records, given the latest
/// published version (`(number, hash)`) and the version the account
/// signed last: the latest one, if the hash matches it exactly and the
/// account has not signed it yet.
pub fn check_sign(
    latest: Option<(u64, &[u8; 32])>,
    signed_version: Option<u64>,
    quoted: &[u8; 32],
) -> Result<u64, &'static str> {
    let (version, hash) = latest.ok_or(NO_VERSION)?;
    if hash != quoted {
        return Err(HASH_MISMATCH);
    }
    if signed_version == Some(version) {
        return Err(ALREADY_SIGNED);
    }
    Ok(version)
}

/// The number of the next version: 1 for the first, then one more than the
/// latest.
pub fn next_version(latest: Option<u64>) -> Option<u64> {
    match latest {
        None => Some(1),
        Some(v) => v.checked_add(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn never_signed_has_no_rights() {
        assert!(!signature_counts(None, 1, 0, 1000, 0));
    }

    #[test]
    fn latest_signature_counts_forever() {
        assert!(signature_counts(Some(3), 3, 100, 10, u32::MAX));
    }

    #[test]
    fn older_signature_counts_until_grace_ends() {
        assert!(signature_counts(Some(1), 2, 1_000, 60, 1_059));
        assert!(!signature_counts(Some(1), 2, 1_000, 60, 1_060));
    }

    #[test]
    fn grace_end_does_not_overflow() {
        assert_eq!(grace_ends_at(u32::MAX, u32::MAX), 2 * u32::MAX as u64);
        assert!(signature_counts(Some(1), 2, u32::MAX, u32::MAX, u32::MAX));
    }

    #[test]
    fn sign_quotes_the_latest_hash_exactly() {
        let h1 = [1u8; 32];
        let h2 = [2u8; 32];
        assert_eq!(check_sign(None, None, &h1), Err(NO_VERSION));
        assert_eq!(check_sign(Some((2, &h2)), Some(1), &h1), Err(HASH_MISMATCH));
        assert_eq!(check_sign(Some((2, &h2)), Some(1), &h2), Ok(2));
        assert_eq!(check_sign(Some((2, &h2)), None, &h2), Ok(2));
        assert_eq!(
            check_sign(Some((2, &h2)), Some(2), &h2),
            Err(ALREADY_SIGNED)
        );
    }

    #[test]
    fn versions_are_numbered_from_one() {
        assert_eq!(next_version(None), Some(1));
        assert_eq!(next_version(Some(1)), Some(2));
        assert_eq!(next_version(Some(u64::MAX)), None);
    }

    proptest! {
        #[test]
        fn rights_only_shrink_as_time_passes(v in 0u64..5, latest in 1u64..5, published in any::<u32>(), grace in any::<u32>(), t1 in any::<u32>(), dt in any::<u32>()) {
            let t2 = t1.saturating_add(dt);
            if signature_counts(Some(v), latest, published, grace, t2) {
                prop_assert!(signature_counts(Some(v), latest, published, grace, t1));
            }
        }
    }
}
