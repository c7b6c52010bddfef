//! Governance: proposals that members vote on, and the rules that decide
//! whether one passes.
//!
//! # Votes and the tally
//!
//! A member votes no, yes or abstain ([`Ballot`]) on a proposal and quotes
//! the proposal's **content hash**; the vote is bound to that hash. When
//! the proposer amends the proposal its content hash changes, and every
//! vote bound to the old hash stops counting until its voter votes again.
//!
//! [`tally`] counts a vote only if it is bound to the current content hash
//! and its voter is **eligible** (a member in good standing) at the time
//! of the tally, so a member who left, was suspended or expelled, or whose
//! constitution signature no longer counts, no longer weighs on the
//! outcome. Abstentions count towards the quorum, not towards yes or no.
//!
//! # Passing
//!
//! [`Rules`] holds five integers (no floating point anywhere). With `E`
//! eligible members and `yes`, `no`, `abstain` counted votes, a proposal
//! passes ([`Rules::outcome`]) when all three hold:
//!
//! 1. **quorum**: `(yes + no + abstain) x quorum_den >= E x quorum_num`,
//!    i.e. the votes cast are at least the fraction `quorum_num /
//!    quorum_den` of the eligible members;
//! 2. **threshold**: `yes >= floor(E x threshold_num / threshold_den) +
//!    threshold_plus` ([`Rules::required_yes`]);
//! 3. **majority**: `yes > no`. The default threshold implies it; it keeps
//!    a lowered threshold from ever passing a proposal that more members
//!    rejected than approved, and makes every passing proposal need at
//!    least one yes.
//!
//! Defaults ([`Rules::DEFAULT`]): threshold 2/3 + 1 (as producer consensus
//! on EOS: 15 of 21), quorum 2/3. With the defaults the threshold implies
//! the quorum; the quorum matters once governance lowers the threshold.
//!
//! [`Rules::validate`] accepts only rules under which a unanimous vote
//! passes for every number of eligible members: `0 < threshold_den`,
//! `threshold_num <= threshold_den`, `threshold_plus <= 1`, and
//! `threshold_num < threshold_den` when `threshold_plus` is 1 (so that
//! `floor(E x num / den) + plus <= E` for every `E >= 1`); likewise
//! `0 < quorum_den` and `quorum_num <= quorum_den`. Governance can
//! therefore never vote itself into rules nobody can meet.
//!
//! # Life cycle
//!
//! A proposal is stored `Open`, `Executed` or `Cancelled` ([`Status`]).
//! An open proposal whose expiry time has come is `Expired` ([`stage`]):
//! it is valid while `now < expires`. Amending, voting, executing and
//! cancelling need an open proposal ([`require_open`]); executed and
//! cancelled are final. Cancelled and expired proposals can be cleaned up
//! ([`cleanable`]); executed ones are kept for good (later proposals cite
//! them).
//!
//! ```text
//!   propose --> Open --exec (passes, before expiry)--> Executed
//!                | \--cancel (proposer)--> Cancelled --cleanup--> (gone)
//!                \--time reaches expires--> Expired --cleanup--> (gone)
//! ```
//!
//! Accounts are opaque `u64` ids (the raw value of an Antelope name),
//! times are seconds, hashes are 32 bytes.

use alloc::vec::Vec;

// --- ballots ------------------------------------------------------------------

/// A member's vote on a proposal, stored as its `u8` value.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ballot {
    No = 0,
    Yes = 1,
    Abstain = 2,
}

impl Ballot {
    /// The ballot with this stored value.
    pub const fn from_u8(value: u8) -> Option<Ballot> {
        match value {
            0 => Some(Ballot::No),
            1 => Some(Ballot::Yes),
            2 => Some(Ballot::Abstain),
            _ => None,
        }
    }

    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

pub const BAD_BALLOT: &str = "vote must be 0 (no), 1 (yes) or 2 (abstain)";

/// A stored vote: who, what, and the content hash it is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vote {
    pub voter: u64,
    pub ballot: u8,
    pub content_hash: [u8; 32],
}

// --- tally and rules -------------------------------------------------------------

/// The votes that count on a proposal, and how many members could vote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub eligible: u64,
}

impl Tally {
    /// The votes cast that count (yes + no + abstain).
    pub fn cast(&self) -> u64 {
        // Each count is at most the number of votes given to `tally`, so
        // the sum of three cannot come near u64::MAX.
        self.yes + self.no + self.abstain
    }
}

/// Counts `votes` on a proposal whose current content hash is
/// `content_hash`: only votes bound to that hash, cast by a voter listed
/// in `eligible`, with a known ballot. `eligible` must be sorted
/// ascending and without duplicates (the order of a table keyed by
/// account); `votes` has one entry per voter (the votes table's primary
/// key is the voter). The tally's `eligible` is `eligible.len()`.
pub fn tally(eligible: &[u64], content_hash: &[u8; 32], votes: &[Vote]) -> Tally {
    let mut t = Tally {
        eligible: eligible.len() as u64,
        ..Tally::default()
    };
    for v in votes {
        if v.content_hash != *content_hash || eligible.binary_search(&v.voter).is_err() {
            continue;
        }
        match Ballot::from_u8(v.ballot) {
            Some(Ballot::Yes) => t.yes += 1,
            Some(Ballot::No) => t.no += 1,
            Some(Ballot::Abstain) => t.abstain += 1,
            None => {}
        }
    }
    t
}

/// Whether a proposal passes, or which rule it fails first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passes,
    /// Too few votes cast.
    NoQuorum,
    /// Too few yes votes.
    BelowThreshold,
    /// Not more yes than no.
    NoMajority,
}

pub const NO_QUORUM: &str = "proposal has not reached the quorum";
pub const BELOW_THRESHOLD: &str = "proposal has not reached the approval threshold";
pub const NO_MAJORITY: &str = "proposal does not have more yes than no votes";

impl Outcome {
    /// `Ok` when it passes, else the failure's message.
    pub const fn result(self) -> Result<(), &'static str> {
        match self {
            Outcome::Passes => Ok(()),
            Outcome::NoQuorum => Err(NO_QUORUM),
            Outcome::BelowThreshold => Err(BELOW_THRESHOLD),
            Outcome::NoMajority => Err(NO_MAJORITY),
        }
    }
}

/// The passing rules (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rules {
    pub threshold_num: u32,
    pub threshold_den: u32,
    pub threshold_plus: u32,
    pub quorum_num: u32,
    pub quorum_den: u32,
}

pub const BAD_THRESHOLD: &str =
    "threshold must be a fraction threshold_num / threshold_den between 0 and 1 with a positive denominator";
pub const UNREACHABLE_THRESHOLD: &str =
    "threshold is unreachable: threshold_plus must be 0, or 1 with threshold_num < threshold_den";
pub const BAD_QUORUM: &str =
    "quorum must be a fraction quorum_num / quorum_den between 0 and 1 with a positive denominator";

impl Rules {
    /// yes >= floor(2/3 x eligible) + 1, and 2/3 of the eligible voting.
    pub const DEFAULT: Rules = Rules {
        threshold_num: 2,
        threshold_den: 3,
        threshold_plus: 1,
        quorum_num: 2,
        quorum_den: 3,
    };

    /// Accepts exactly the rules under which a unanimous vote passes for
    /// every number of eligible members >= 1.
    pub const fn validate(&self) -> Result<(), &'static str> {
        if self.threshold_den == 0 || self.threshold_num > self.threshold_den {
            return Err(BAD_THRESHOLD);
        }
        if self.threshold_plus > 1
            || (self.threshold_plus == 1 && self.threshold_num == self.threshold_den)
        {
            return Err(UNREACHABLE_THRESHOLD);
        }
        if self.quorum_den == 0 || self.quorum_num > self.quorum_den {
            return Err(BAD_QUORUM);
        }
        Ok(())
    }

    /// The yes votes needed among `eligible` members:
    /// `floor(eligible x threshold_num / threshold_den) + threshold_plus`
    /// (in `u128`: no overflow; a zero denominator, which `validate`
    /// refuses, needs more yes votes than there can be).
    pub fn required_yes(&self, eligible: u64) -> u64 {
        if self.threshold_den == 0 {
            return u64::MAX;
        }
        let part =
            u128::from(eligible) * u128::from(self.threshold_num) / u128::from(self.threshold_den);
        let needed = part + u128::from(self.threshold_plus);
        u64::try_from(needed).unwrap_or(u64::MAX)
    }

    /// Whether the votes cast reach the quorum among `eligible` members.
    pub fn quorum_met(&self, cast: u64, eligible: u64) -> bool {
        u128::from(cast) * u128::from(self.quorum_den)
            >= u128::from(eligible) * u128::from(self.quorum_num)
    }

    /// The outcome of `t`: quorum, then threshold, then majority.
    pub fn outcome(&self, t: &Tally) -> Outcome {
        if self.quorum_den == 0 || !self.quorum_met(t.cast(), t.eligible) {
            Outcome::NoQuorum
        } else if t.yes < self.required_yes(t.eligible) {
            Outcome::BelowThreshold
        } else if t.yes <= t.no {
            Outcome::NoMajority
        } else {
            Outcome::Passes
        }
    }
}

// --- life cycle -------------------------------------------------------------------

/// A proposal's stored status.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Open = 0,
    Executed = 1,
    Cancelled = 2,
}

impl Status {
    /// The status with this stored value.
    pub const fn from_u8(value: u8) -> Option<Status> {
        match value {
            0 => Some(Status::Open),
            1 => Some(Status::Executed),
            2 => Some(Status::Cancelled),
            _ => None,
        }
    }

    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

/// Where a proposal stands at a time: its stored status, with an open
/// proposal whose expiry has come being `Expired`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Open,
    Executed,
    Cancelled,
    Expired,
}

pub const ALREADY_EXECUTED: &str = "proposal was already executed";
pub const CANCELLED: &str = "proposal was cancelled";
pub const EXPIRED: &str = "proposal has expired";

/// The stage of a proposal stored with `status` and `expires` at `now`:
/// an open proposal is valid while `now < expires`.
pub const fn stage(status: Status, expires: u32, now: u32) -> Stage {
    match status {
        Status::Open if now >= expires => Stage::Expired,
        Status::Open => Stage::Open,
        Status::Executed => Stage::Executed,
        Status::Cancelled => Stage::Cancelled,
    }
}

/// `Ok` for an open proposal (what amend, vote, exec and cancel need),
/// else why not.
pub const fn require_open(stage: Stage) -> Result<(), &'static str> {
    match stage {
        Stage::Open => Ok(()),
        Stage::Executed => Err(ALREADY_EXECUTED),
        Stage::Cancelled => Err(CANCELLED),
        Stage::Expired => Err(EXPIRED),
    }
}

/// Whether cleanup may remove the proposal (and its votes).
pub const fn cleanable(stage: Stage) -> bool {
    matches!(stage, Stage::Cancelled | Stage::Expired)
}

/// The key of a proposal in the contract's `byclose` index: the time from
/// which cleanup may remove it. Cancelled: 0 (at once); open: its expiry;
/// executed: never (`u64::MAX`). So the proposals cleanup may remove at
/// `now` are exactly the index entries with key <= `now`, at its front.
pub const fn close_key(status: Status, expires: u32) -> u64 {
    match status {
        Status::Cancelled => 0,
        Status::Open => expires as u64,
        Status::Executed => u64::MAX,
    }
}

// --- proposal content ----------------------------------------------------------------

pub const EXPIRY_NOT_FUTURE: &str = "expiration must be in the future";
pub const EXPIRY_TOO_FAR: &str = "expiration is beyond the maximum proposal lifetime";

/// Checks a proposal's expiry at `now`: in the future, and at most
/// `max_lifetime_sec` away.
pub fn validate_expiry(expires: u32, now: u32, max_lifetime_sec: u32) -> Result<(), &'static str> {
    if expires <= now {
        return Err(EXPIRY_NOT_FUTURE);
    }
    if expires - now > max_lifetime_sec {
        return Err(EXPIRY_TOO_FAR);
    }
    Ok(())
}

pub const TOO_MANY_CITES: &str = "too many cited proposals";
pub const CITE_NOT_OLDER: &str = "a proposal can cite only older proposals";
pub const DUPLICATE_CITE: &str = "duplicate cited proposal";

/// Checks the citations of proposal `id`: at most `max` (checked first,
/// so the duplicate scan is bounded by `max`), each an older proposal
/// (a smaller id: no proposal cites itself, and the citation graph has no
/// cycle), none twice. Whether each cited proposal exists is the
/// contract's check.
pub fn validate_cites(cites: &[u64], id: u64, max: usize) -> Result<(), &'static str> {
    if cites.len() > max {
        return Err(TOO_MANY_CITES);
    }
    for (i, c) in cites.iter().enumerate() {
        if *c >= id {
            return Err(CITE_NOT_OLDER);
        }
        if cites.iter().take(i).any(|d| d == c) {
            return Err(DUPLICATE_CITE);
        }
    }
    Ok(())
}

/// The citations that change when a proposal's list goes from `old` to
/// `new`: (removed, added), each in list order.
pub fn cite_changes(old: &[u64], new: &[u64]) -> (Vec<u64>, Vec<u64>) {
    let removed = old.iter().filter(|c| !new.contains(c)).copied().collect();
    let added = new.iter().filter(|c| !old.contains(c)).copied().collect();
    (removed, added)
}

// --- limits ------------------------------------------------------------------------------

/// Hard caps of the configurable limits: what keeps every action's worst
/// case far under the transaction CPU limit whatever governance decides.
pub const MAX_ACTIONS_CAP: u16 = 16;
pub const MAX_CITES_CAP: u16 = 32;
pub const MIN_LIFETIME_SEC: u32 = 3600;
pub const MAX_LIFETIME_SEC: u32 = 365 * 24 * 3600;
pub const MAX_ELIGIBLE_SCAN_CAP: u16 = 5000;
/// The most rows one `cleanup` erases.
pub const MAX_CLEANUP: u16 = 500;

/// Defaults of the configurable limits.
pub const DEFAULT_MAX_ACTIONS: u16 = 10;
pub const DEFAULT_MAX_CITES: u16 = 10;
pub const DEFAULT_MAX_LIFETIME_SEC: u32 = 30 * 24 * 3600;
pub const DEFAULT_MAX_ELIGIBLE_SCAN: u16 = 1000;

pub const BAD_MAX_ACTIONS: &str = "max_actions must be between 1 and 16";
pub const BAD_MAX_CITES: &str = "max_cites must be at most 32";
pub const BAD_MAX_LIFETIME: &str =
    "max_lifetime_sec must be between 3600 (1 hour) and 31536000 (365 days)";
pub const BAD_MAX_ELIGIBLE_SCAN: &str = "max_eligible_scan must be between 1 and 5000";

/// Checks the configurable limits against their caps. `max_actions` of 0
/// would leave governance unable to change anything, itself included.
pub const fn validate_limits(
    max_actions: u16,
    max_cites: u16,
    max_lifetime_sec: u32,
    max_eligible_scan: u16,
) -> Result<(), &'static str> {
    if max_actions == 0 || max_actions > MAX_ACTIONS_CAP {
        return Err(BAD_MAX_ACTIONS);
    }
    if max_cites > MAX_CITES_CAP {
        return Err(BAD_MAX_CITES);
    }
    if max_lifetime_sec < MIN_LIFETIME_SEC || max_lifetime_sec > MAX_LIFETIME_SEC {
        return Err(BAD_MAX_LIFETIME);
    }
    if max_eligible_scan == 0 || max_eligible_scan > MAX_ELIGIBLE_SCAN_CAP {
        return Err(BAD_MAX_ELIGIBLE_SCAN);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    const H1: [u8; 32] = [1; 32];
    const H2: [u8; 32] = [2; 32];

    fn v(voter: u64, ballot: Ballot, hash: [u8; 32]) -> Vote {
        Vote {
            voter,
            ballot: ballot.as_u8(),
            content_hash: hash,
        }
    }

    fn t(yes: u64, no: u64, abstain: u64, eligible: u64) -> Tally {
        Tally {
            yes,
            no,
            abstain,
            eligible,
        }
    }

    #[test]
    fn the_default_threshold_is_two_thirds_plus_one() {
        let r = Rules::DEFAULT;
        assert_eq!(r.validate(), Ok(()));
        // EOS: 15 of 21.
        assert_eq!(r.required_yes(21), 15);
        assert_eq!(r.required_yes(5), 4);
        assert_eq!(r.required_yes(6), 5);
        assert_eq!(r.required_yes(7), 5);
        assert_eq!(r.required_yes(1), 1);
        assert_eq!(r.required_yes(0), 1);
    }

    #[test]
    fn outcome_checks_quorum_then_threshold_then_majority() {
        let r = Rules::DEFAULT;
        assert_eq!(r.outcome(&t(4, 1, 0, 5)), Outcome::Passes);
        assert_eq!(r.outcome(&t(3, 2, 0, 5)), Outcome::BelowThreshold);
        assert_eq!(r.outcome(&t(3, 0, 0, 5)), Outcome::NoQuorum);
        let low = Rules {
            threshold_num: 0,
            threshold_den: 1,
            threshold_plus: 1,
            quorum_num: 4,
            quorum_den: 5,
        };
        assert_eq!(low.outcome(&t(2, 0, 0, 5)), Outcome::NoQuorum);
        assert_eq!(low.outcome(&t(2, 0, 2, 5)), Outcome::Passes);
        assert_eq!(low.outcome(&t(2, 2, 0, 5)), Outcome::NoMajority);
        assert_eq!(low.outcome(&t(0, 0, 4, 5)), Outcome::BelowThreshold);
        assert_eq!(Outcome::NoQuorum.result(), Err(NO_QUORUM));
        assert_eq!(Outcome::BelowThreshold.result(), Err(BELOW_THRESHOLD));
        assert_eq!(Outcome::NoMajority.result(), Err(NO_MAJORITY));
        assert_eq!(Outcome::Passes.result(), Ok(()));
    }

    #[test]
    fn nothing_passes_without_eligible_members() {
        let any = Rules {
            threshold_num: 0,
            threshold_den: 1,
            threshold_plus: 0,
            quorum_num: 0,
            quorum_den: 1,
        };
        assert_eq!(any.validate(), Ok(()));
        assert_eq!(any.outcome(&t(0, 0, 0, 0)), Outcome::NoMajority);
    }

    #[test]
    fn the_quorum_is_an_exact_fraction() {
        let r = Rules {
            quorum_num: 2,
            quorum_den: 3,
            ..Rules::DEFAULT
        };
        // 2/3 of 5 = 3.33: 4 votes needed.
        assert!(!r.quorum_met(3, 5));
        assert!(r.quorum_met(4, 5));
        // 2/3 of 6 = 4 exactly.
        assert!(r.quorum_met(4, 6));
        assert!(!r.quorum_met(3, 6));
        assert!(r.quorum_met(0, 0));
    }

    #[test]
    fn validate_refuses_unreachable_or_malformed_rules() {
        let base = Rules::DEFAULT;
        let with = |f: fn(&mut Rules)| {
            let mut r = base;
            f(&mut r);
            r.validate()
        };
        assert_eq!(with(|r| r.threshold_den = 0), Err(BAD_THRESHOLD));
        assert_eq!(with(|r| r.threshold_num = 4), Err(BAD_THRESHOLD));
        assert_eq!(with(|r| r.threshold_plus = 2), Err(UNREACHABLE_THRESHOLD));
        assert_eq!(
            with(|r| {
                r.threshold_num = 3;
                r.threshold_plus = 1
            }),
            Err(UNREACHABLE_THRESHOLD)
        );
        assert_eq!(
            with(|r| {
                r.threshold_num = 3;
                r.threshold_plus = 0
            }),
            Ok(())
        );
        assert_eq!(with(|r| r.quorum_den = 0), Err(BAD_QUORUM));
        assert_eq!(with(|r| r.quorum_num = 4), Err(BAD_QUORUM));
        assert_eq!(with(|r| r.quorum_num = 3), Ok(()));
    }

    #[test]
    fn only_current_votes_of_eligible_members_count() {
        let eligible = [10, 20, 30, 40];
        let votes = [
            v(10, Ballot::Yes, H1),
            v(20, Ballot::Yes, H2),     // old content
            v(30, Ballot::No, H1),      //
            v(50, Ballot::Yes, H1),     // not eligible (left)
            v(40, Ballot::Abstain, H1), //
            Vote {
                voter: 60,
                ballot: 7,
                content_hash: H1,
            },
        ];
        assert_eq!(tally(&eligible, &H1, &votes), t(1, 1, 1, 4));
        assert_eq!(tally(&eligible, &H2, &votes), t(1, 0, 0, 4));
        assert_eq!(tally(&[], &H1, &votes), t(0, 0, 0, 0));
    }

    #[test]
    fn ballots_and_statuses_round_trip() {
        for b in [Ballot::No, Ballot::Yes, Ballot::Abstain] {
            assert_eq!(Ballot::from_u8(b.as_u8()), Some(b));
        }
        assert_eq!(Ballot::from_u8(3), None);
        for s in [Status::Open, Status::Executed, Status::Cancelled] {
            assert_eq!(Status::from_u8(s.as_u8()), Some(s));
        }
        assert_eq!(Status::from_u8(3), None);
    }

    #[test]
    fn a_proposal_expires_when_its_time_comes() {
        assert_eq!(stage(Status::Open, 100, 99), Stage::Open);
        assert_eq!(stage(Status::Open, 100, 100), Stage::Expired);
        assert_eq!(stage(Status::Executed, 100, 200), Stage::Executed);
        assert_eq!(stage(Status::Cancelled, 100, 50), Stage::Cancelled);
        assert_eq!(require_open(Stage::Open), Ok(()));
        assert_eq!(require_open(Stage::Expired), Err(EXPIRED));
        assert_eq!(require_open(Stage::Executed), Err(ALREADY_EXECUTED));
        assert_eq!(require_open(Stage::Cancelled), Err(CANCELLED));
        assert!(cleanable(Stage::Expired) && cleanable(Stage::Cancelled));
        assert!(!cleanable(Stage::Open) && !cleanable(Stage::Executed));
    }

    #[test]
    fn expiry_must_be_future_and_within_the_lifetime() {
        assert_eq!(validate_expiry(100, 100, 50), Err(EXPIRY_NOT_FUTURE));
        assert_eq!(validate_expiry(99, 100, 50), Err(EXPIRY_NOT_FUTURE));
        assert_eq!(validate_expiry(150, 100, 50), Ok(()));
        assert_eq!(validate_expiry(151, 100, 50), Err(EXPIRY_TOO_FAR));
        assert_eq!(validate_expiry(u32::MAX, 0, u32::MAX), Ok(()));
    }

    #[test]
    fn citations_are_older_distinct_and_capped() {
        assert_eq!(validate_cites(&[], 1, 0), Ok(()));
        assert_eq!(validate_cites(&[1, 2], 3, 2), Ok(()));
        assert_eq!(validate_cites(&[1, 2], 3, 1), Err(TOO_MANY_CITES));
        assert_eq!(validate_cites(&[3], 3, 5), Err(CITE_NOT_OLDER));
        assert_eq!(validate_cites(&[4], 3, 5), Err(CITE_NOT_OLDER));
        assert_eq!(validate_cites(&[1, 2, 1], 3, 5), Err(DUPLICATE_CITE));
        assert_eq!(cite_changes(&[1, 2, 3], &[3, 4, 1]), (vec![2], vec![4]));
    }

    #[test]
    fn limits_are_capped() {
        let ok = validate_limits(10, 10, 30 * 86400, 1000);
        assert_eq!(ok, Ok(()));
        assert_eq!(validate_limits(0, 1, 3600, 1), Err(BAD_MAX_ACTIONS));
        assert_eq!(validate_limits(17, 1, 3600, 1), Err(BAD_MAX_ACTIONS));
        assert_eq!(validate_limits(16, 33, 3600, 1), Err(BAD_MAX_CITES));
        assert_eq!(validate_limits(16, 0, 3599, 1), Err(BAD_MAX_LIFETIME));
        assert_eq!(
            validate_limits(16, 0, MAX_LIFETIME_SEC + 1, 1),
            Err(BAD_MAX_LIFETIME)
        );
        assert_eq!(validate_limits(16, 32, 3600, 0), Err(BAD_MAX_ELIGIBLE_SCAN));
        assert_eq!(
            validate_limits(16, 32, 3600, 5001),
            Err(BAD_MAX_ELIGIBLE_SCAN)
        );
        assert_eq!(validate_limits(16, 32, MAX_LIFETIME_SEC, 5000), Ok(()));
    }

    #[test]
    fn close_keys_order_cleanup() {
        assert_eq!(close_key(Status::Cancelled, 500), 0);
        assert_eq!(close_key(Status::Open, 500), 500);
        assert_eq!(close_key(Status::Executed, 500), u64::MAX);
    }

    fn rules() -> impl Strategy<Value = Rules> {
        (0u32..20, 1u32..20, 0u32..3, 0u32..20, 1u32..20).prop_map(|(tn, td, tp, qn, qd)| Rules {
            threshold_num: tn,
            threshold_den: td,
            threshold_plus: tp,
            quorum_num: qn,
            quorum_den: qd,
        })
    }

    /// Only rules that `validate` accepts.
    fn valid_rules() -> impl Strategy<Value = Rules> {
        (0u32..20, 1u32..20, 0u32..2, 0u32..20, 1u32..20).prop_map(|(tn, td, tp, qn, qd)| {
            let threshold_num = tn % (td + 1);
            Rules {
                threshold_num,
                threshold_den: td,
                threshold_plus: if threshold_num < td { tp } else { 0 },
                quorum_num: qn % (qd + 1),
                quorum_den: qd,
            }
        })
    }

    /// (eligible sorted, votes with unique voters, some not eligible, some
    /// bound to another hash).
    fn electorate() -> impl Strategy<Value = (Vec<u64>, Vec<Vote>)> {
        proptest::collection::btree_map(0u64..200, (any::<bool>(), 0u8..4, any::<bool>()), 0..60)
            .prop_map(|m| {
                let eligible: Vec<u64> = m
                    .iter()
                    .filter(|(_, (e, _, _))| *e)
                    .map(|(k, _)| *k)
                    .collect();
                let votes = m
                    .iter()
                    .map(|(k, (_, b, current))| Vote {
                        voter: *k,
                        ballot: *b,
                        content_hash: if *current { H1 } else { H2 },
                    })
                    .collect();
                (eligible, votes)
            })
    }

    proptest! {
        /// Valid rules never lock governance: a unanimous vote of any
        /// non-empty electorate passes; and the rules validate refuses
        /// always have an electorate where unanimity fails.
        #[test]
        fn valid_rules_let_unanimity_pass(r in rules(), e in 1u64..500) {
            let all_yes = t(e, 0, 0, e);
            if r.validate().is_ok() {
                prop_assert_eq!(r.outcome(&all_yes), Outcome::Passes);
            } else {
                let some_fail = (1u64..50).any(|n| r.outcome(&t(n, 0, 0, n)) != Outcome::Passes);
                prop_assert!(some_fail);
            }
        }

        #[test]
        fn the_tally_counts_exactly_current_eligible_votes((eligible, votes) in electorate()) {
            let got = tally(&eligible, &H1, &votes);
            let counts = |b: u8| votes
                .iter()
                .filter(|v| v.ballot == b && v.content_hash == H1 && eligible.contains(&v.voter))
                .count() as u64;
            prop_assert_eq!(got, t(counts(1), counts(0), counts(2), eligible.len() as u64));
            prop_assert!(got.cast() <= got.eligible);
        }

        /// One more yes never turns a passing proposal into a failing one;
        /// one more eligible member who does not vote never turns a failing
        /// one into a passing one.
        #[test]
        fn outcomes_are_monotonic(r in valid_rules(), yes in 0u64..50, no in 0u64..50, abstain in 0u64..50, extra in 0u64..50) {
            prop_assert_eq!(r.validate(), Ok(()));
            let e = yes + no + abstain + extra;
            let before = r.outcome(&t(yes, no, abstain, e + 1));
            let more_yes = r.outcome(&t(yes + 1, no, abstain, e + 1));
            if before == Outcome::Passes {
                prop_assert_eq!(more_yes, Outcome::Passes);
            }
            let more_eligible = r.outcome(&t(yes, no, abstain, e + 2));
            if before != Outcome::Passes {
                prop_assert_ne!(more_eligible, Outcome::Passes);
            }
        }

        /// A passing proposal has at least one yes, more yes than no, and
        /// with the defaults more than two thirds of the eligible saying yes.
        #[test]
        fn passing_needs_a_real_majority(yes in 0u64..60, no in 0u64..60, abstain in 0u64..60, extra in 0u64..60) {
            let e = yes + no + abstain + extra;
            if Rules::DEFAULT.outcome(&t(yes, no, abstain, e)) == Outcome::Passes {
                prop_assert!(yes >= 1 && yes > no);
                prop_assert!(3 * yes > 2 * e);
            }
        }

        #[test]
        fn valid_citations_are_distinct_and_older(cites in proptest::collection::vec(0u64..20, 0..8), id in 0u64..25, max in 0usize..10) {
            if validate_cites(&cites, id, max).is_ok() {
                prop_assert!(cites.len() <= max);
                for (i, c) in cites.iter().enumerate() {
                    prop_assert!(*c < id);
                    prop_assert!(!cites[..i].contains(c));
                }
            }
        }

        #[test]
        fn cite_changes_turn_old_into_new(old in proptest::collection::btree_set(0u64..30, 0..8), new in proptest::collection::btree_set(0u64..30, 0..8)) {
            let old: Vec<u64> = old.into_iter().collect();
            let new: Vec<u64> = new.into_iter().collect();
            let (removed, added) = cite_changes(&old, &new);
            let mut result: Vec<u64> = old.iter().filter(|c| !removed.contains(c)).copied().collect();
            result.extend(added);
            result.sort_unstable();
            prop_assert_eq!(result, new);
        }

        #[test]
        fn stages_follow_the_clock(expires in any::<u32>(), now in any::<u32>()) {
            let s = stage(Status::Open, expires, now);
            prop_assert_eq!(s == Stage::Open, now < expires);
            prop_assert_eq!(cleanable(s), now >= expires);
            // The close key says the same as the stage.
            prop_assert_eq!(close_key(Status::Open, expires) <= u64::from(now), cleanable(s));
        }
    }
}
