//! Membership: the life cycle of a member's status, and the producer-vote
//! tallies.
//!
//! # Status life cycle
//!
//! A member is in one of five states ([`Status`]). [`transition`] decides
//! what an event does, given who causes it ([`Actor`]); the contract asks
//! it with the member's *effective* status ([`effective_status`]: a
//! suspension whose end has passed counts as `Active`).
//!
//! | current \ event | Register (member) | Approve (governance) | Suspend (gov., charter) | Reinstate (gov., charter) | Expel (gov., charter) | Resign (member) |
//! |---|---|---|---|---|---|---|
//! | none      | Pending, or Active if auto-approve | not registered | not registered | not registered | not registered | not registered |
//! | Pending   | already registered | **Active** | not suspendable | not suspended | **Expelled** | **Resigned** |
//! | Active    | already registered | not pending | **Suspended** | not suspended | **Expelled** | **Resigned** |
//! | Suspended | already registered | not pending | **Suspended** (new end) | **Active** | **Expelled** | not while suspended |
//! | Expelled  | expelled forever | not pending | not suspendable | not suspended | already expelled | not resignable |
//! | Resigned  | Pending, or Active if auto-approve | not pending | not suspendable | not suspended | **Expelled** | not resignable |
//!
//! The actor is checked before the state: `Register` and `Resign` only by
//! the member itself, `Approve` only by governance, `Suspend`, `Reinstate`
//! and `Expel` by governance or the charter (arbitration rulings). So:
//! - `Expelled` is final: no event leads out of it.
//! - A resigned account may register again (and goes through approval
//!   again unless the pool auto-approves).
//! - A suspended member cannot resign, so that resigning and registering
//!   again cannot cut a suspension short.
//! - Expelling a resigned account bars it from registering again (a ruling
//!   may come after the respondent resigned).
//!
//! # Vote tallies
//!
//! A voter lists up to [`MAX_VOTES`] distinct producers; each listed
//! producer's total is the sum of the weights (staked amounts) of the
//! voters listing it. Totals change incrementally: [`vote_deltas`] gives
//! the change of every affected total when a voter changes its list, its
//! weight, or both.

use alloc::vec::Vec;

/// A member's status, stored as its `u8` value.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Registered, waiting for governance's approval.
    Pending = 0,
    /// A member with full rights.
    Active = 1,
    /// Suspended until a time (see [`effective_status`]).
    Suspended = 2,
    /// Expelled for good.
    Expelled = 3,
    /// Left the pool; may register again.
    Resigned = 4,
}

impl Status {
    /// Every status, in value order.
    pub const ALL: [Status; 5] = [
        Status::Pending,
        Status::Active,
        Status::Suspended,
        Status::Expelled,
        Status::Resigned,
    ];

    /// The status with this stored value.
    pub const fn from_u8(value: u8) -> Option<Status> {
        match value {
            0 => Some(Status::Pending),
            1 => Some(Status::Active),
            2 => Some(Status::Suspended),
            3 => Some(Status::Expelled),
            4 => Some(Status::Resigned),
            _ => None,
        }
    }

    /// The stored value.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

/// Who causes an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The member's own account.
    Member,
    /// The pool's governance (the contract's admin).
    Governance,
    /// The charter contract, enforcing an arbitration ruling.
    Charter,
}

/// What happens to a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    /// The account registers; `auto_approve` when the pool is open.
    Register { auto_approve: bool },
    /// Governance approves a pending registration.
    Approve,
    /// Suspension until `until` (seconds); the contract checks that it is
    /// in the future. Suspending a suspended member sets a new end.
    Suspend { until: u32 },
    /// Ends a suspension early.
    Reinstate,
    /// Expels the account for good.
    Expel,
    /// The member leaves.
    Resign,
}

/// Register or resign by anyone else than the account.
pub const ONLY_SELF_REGISTERS: &str = "only the account itself may register";
pub const ONLY_SELF_RESIGNS: &str = "only the member itself may resign";
/// Approve by anyone else than governance.
pub const ONLY_GOVERNANCE_APPROVES: &str = "only governance may approve a member";
/// Suspend, reinstate or expel by the member.
pub const ONLY_GOVERNANCE_OR_CHARTER: &str =
    "only governance or the charter may change a member's status";
pub const NOT_REGISTERED: &str = "account is not a registered member";
pub const ALREADY_REGISTERED: &str = "account is already registered";
pub const EXPELLED_FOREVER: &str = "an expelled account cannot register again";
pub const NOT_PENDING: &str = "only a pending member can be approved";
pub const NOT_SUSPENDABLE: &str = "only an active or suspended member can be suspended";
pub const NOT_SUSPENDED: &str = "only a suspended member can be reinstated";
pub const ALREADY_EXPELLED: &str = "account is already expelled";
pub const NO_RESIGN_WHILE_SUSPENDED: &str =
    "a suspended member cannot resign before its suspension ends";
pub const NOT_RESIGNABLE: &str = "only a pending or active member can resign";

/// The status after `event` caused by `actor`, from `current` (`None`: the
/// account never registered; else its effective status), or why not. See
/// the table in the module documentation.
pub fn transition(
    current: Option<Status>,
    event: Event,
    actor: Actor,
) -> Result<Status, &'static str> {
    use Status::*;
    let authority = matches!(actor, Actor::Governance | Actor::Charter);
    match event {
        Event::Register { auto_approve } => {
            if actor != Actor::Member {
                return Err(ONLY_SELF_REGISTERS);
            }
            let admitted = if auto_approve { Active } else { Pending };
            match current {
                None | Some(Resigned) => Ok(admitted),
                Some(Expelled) => Err(EXPELLED_FOREVER),
                Some(Pending | Active | Suspended) => Err(ALREADY_REGISTERED),
            }
        }
        Event::Approve => {
            if actor != Actor::Governance {
                return Err(ONLY_GOVERNANCE_APPROVES);
            }
            match current {
                None => Err(NOT_REGISTERED),
                Some(Pending) => Ok(Active),
                Some(_) => Err(NOT_PENDING),
            }
        }
        Event::Suspend { .. } => {
            if !authority {
                return Err(ONLY_GOVERNANCE_OR_CHARTER);
            }
            match current {
                None => Err(NOT_REGISTERED),
                Some(Active | Suspended) => Ok(Suspended),
                Some(_) => Err(NOT_SUSPENDABLE),
            }
        }
        Event::Reinstate => {
            if !authority {
                return Err(ONLY_GOVERNANCE_OR_CHARTER);
            }
            match current {
                None => Err(NOT_REGISTERED),
                Some(Suspended) => Ok(Active),
                Some(_) => Err(NOT_SUSPENDED),
            }
        }
        Event::Expel => {
            if !authority {
                return Err(ONLY_GOVERNANCE_OR_CHARTER);
            }
            match current {
                None => Err(NOT_REGISTERED),
                Some(Expelled) => Err(ALREADY_EXPELLED),
                Some(_) => Ok(Expelled),
            }
        }
        Event::Resign => {
            if actor != Actor::Member {
                return Err(ONLY_SELF_RESIGNS);
            }
            match current {
                None => Err(NOT_REGISTERED),
                Some(Pending | Active) => Ok(Resigned),
                Some(Suspended) => Err(NO_RESIGN_WHILE_SUSPENDED),
                Some(Expelled | Resigned) => Err(NOT_RESIGNABLE),
            }
        }
    }
}

/// The status that applies at `now`: a suspension ends by itself when
/// `now >= suspended_until` (the member is `Active` again); every other
/// status stays as stored.
pub fn effective_status(status: Status, suspended_until: u32, now: u32) -> Status {
    match status {
        Status::Suspended if now >= suspended_until => Status::Active,
        s => s,
    }
}

/// Whether the member's votes count in the ranking at `now`: it is
/// effectively active.
pub fn counts_for_ranking(status: Status, suspended_until: u32, now: u32) -> bool {
    effective_status(status, suspended_until, now) == Status::Active
}

/// The most producers one vote may list.
pub const MAX_VOTES: usize = 30;

pub const TOO_MANY_PRODUCERS: &str = "too many producers in the vote";
pub const DUPLICATE_PRODUCER: &str = "duplicate producer in the vote";

/// Checks a vote's list: at most `max` producers (the length is checked
/// first, so the duplicate scan is bounded by `max`), none twice. An
/// empty list (withdrawing one's votes) is valid.
pub fn validate_vote(producers: &[u64], max: usize) -> Result<(), &'static str> {
    if producers.len() > max {
        return Err(TOO_MANY_PRODUCERS);
    }
    for (i, p) in producers.iter().enumerate() {
        if producers.iter().take(i).any(|q| q == p) {
            return Err(DUPLICATE_PRODUCER);
        }
    }
    Ok(())
}

/// The change of each producer's total when a voter's list goes from
/// `old` (counted with `old_weight`) to `new` (counted with `new_weight`):
/// `-old_weight` for each producer of `old`, `+new_weight` for each of
/// `new`, summed per producer. Producers whose total does not change are
/// left out; the others come in order of first appearance (`old`, then
/// `new`).
///
/// A vote change is `(old, w, new, w)`; a stake change is `(list, w0,
/// list, w1)`; withdrawing is `(old, w, [], _)`. The work is quadratic in
/// the list lengths, which the contract bounds by [`MAX_VOTES`] (a
/// `BTreeMap` would cost the wasm some 5 KB for lists this short).
pub fn vote_deltas(old: &[u64], old_weight: u64, new: &[u64], new_weight: u64) -> Vec<(u64, i128)> {
    let mut deltas: Vec<(u64, i128)> = Vec::with_capacity(old.len() + new.len());
    let mut add = |producer: u64, delta: i128| match deltas.iter_mut().find(|(p, _)| *p == producer)
    {
        Some((_, d)) => *d += delta,
        None => deltas.push((producer, delta)),
    };
    for p in old {
        add(*p, -i128::from(old_weight));
    }
    for p in new {
        add(*p, i128::from(new_weight));
    }
    deltas.retain(|(_, d)| *d != 0);
    deltas
}

/// `total + delta`, or `None` when the result is negative or does not fit
/// in a `u64` (which the tallies never produce: see the property tests).
pub fn apply_delta(total: u64, delta: i128) -> Option<u64> {
    u64::try_from(i128::from(total) + delta).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec;
    use proptest::prelude::*;
    use Status::*;

    const ACTORS: [Actor; 3] = [Actor::Member, Actor::Governance, Actor::Charter];

    fn events() -> [Event; 7] {
        [
            Event::Register {
                auto_approve: false,
            },
            Event::Register { auto_approve: true },
            Event::Approve,
            Event::Suspend { until: 10 },
            Event::Reinstate,
            Event::Expel,
            Event::Resign,
        ]
    }

    fn states() -> [Option<Status>; 6] {
        [
            None,
            Some(Pending),
            Some(Active),
            Some(Suspended),
            Some(Expelled),
            Some(Resigned),
        ]
    }

    #[test]
    fn status_round_trips_through_u8() {
        for s in Status::ALL {
            assert_eq!(Status::from_u8(s.as_u8()), Some(s));
        }
        assert_eq!(Status::from_u8(5), None);
        assert_eq!(Status::from_u8(255), None);
        assert_eq!(
            Status::ALL.map(Status::as_u8),
            [0, 1, 2, 3, 4],
            "stored values are part of the table layout"
        );
    }

    #[test]
    fn registration_is_pending_unless_the_pool_auto_approves() {
        let closed = Event::Register {
            auto_approve: false,
        };
        let open = Event::Register { auto_approve: true };
        assert_eq!(transition(None, closed, Actor::Member), Ok(Pending));
        assert_eq!(transition(None, open, Actor::Member), Ok(Active));
        assert_eq!(
            transition(Some(Resigned), closed, Actor::Member),
            Ok(Pending)
        );
        assert_eq!(transition(Some(Resigned), open, Actor::Member), Ok(Active));
    }

    #[test]
    fn registering_twice_fails() {
        for s in [Pending, Active, Suspended] {
            assert_eq!(
                transition(
                    Some(s),
                    Event::Register { auto_approve: true },
                    Actor::Member
                ),
                Err(ALREADY_REGISTERED)
            );
        }
        assert_eq!(
            transition(
                Some(Expelled),
                Event::Register { auto_approve: true },
                Actor::Member
            ),
            Err(EXPELLED_FOREVER)
        );
    }

    #[test]
    fn only_the_account_registers_and_resigns() {
        for actor in [Actor::Governance, Actor::Charter] {
            assert_eq!(
                transition(None, Event::Register { auto_approve: true }, actor),
                Err(ONLY_SELF_REGISTERS)
            );
            assert_eq!(
                transition(Some(Active), Event::Resign, actor),
                Err(ONLY_SELF_RESIGNS)
            );
        }
    }

    #[test]
    fn only_governance_approves_and_only_pending() {
        assert_eq!(
            transition(Some(Pending), Event::Approve, Actor::Governance),
            Ok(Active)
        );
        assert_eq!(
            transition(Some(Pending), Event::Approve, Actor::Charter),
            Err(ONLY_GOVERNANCE_APPROVES)
        );
        assert_eq!(
            transition(Some(Pending), Event::Approve, Actor::Member),
            Err(ONLY_GOVERNANCE_APPROVES)
        );
        assert_eq!(
            transition(None, Event::Approve, Actor::Governance),
            Err(NOT_REGISTERED)
        );
        for s in [Active, Suspended, Expelled, Resigned] {
            assert_eq!(
                transition(Some(s), Event::Approve, Actor::Governance),
                Err(NOT_PENDING)
            );
        }
    }

    #[test]
    fn governance_and_charter_suspend_reinstate_expel() {
        for actor in [Actor::Governance, Actor::Charter] {
            let suspend = Event::Suspend { until: 5 };
            assert_eq!(transition(Some(Active), suspend, actor), Ok(Suspended));
            assert_eq!(transition(Some(Suspended), suspend, actor), Ok(Suspended));
            assert_eq!(
                transition(Some(Pending), suspend, actor),
                Err(NOT_SUSPENDABLE)
            );
            assert_eq!(
                transition(Some(Resigned), suspend, actor),
                Err(NOT_SUSPENDABLE)
            );
            assert_eq!(
                transition(Some(Expelled), suspend, actor),
                Err(NOT_SUSPENDABLE)
            );
            assert_eq!(
                transition(Some(Suspended), Event::Reinstate, actor),
                Ok(Active)
            );
            assert_eq!(
                transition(Some(Active), Event::Reinstate, actor),
                Err(NOT_SUSPENDED)
            );
            for s in [Pending, Active, Suspended, Resigned] {
                assert_eq!(transition(Some(s), Event::Expel, actor), Ok(Expelled));
            }
            assert_eq!(
                transition(Some(Expelled), Event::Expel, actor),
                Err(ALREADY_EXPELLED)
            );
            assert_eq!(transition(None, Event::Expel, actor), Err(NOT_REGISTERED));
        }
        for event in [Event::Suspend { until: 5 }, Event::Reinstate, Event::Expel] {
            assert_eq!(
                transition(Some(Active), event, Actor::Member),
                Err(ONLY_GOVERNANCE_OR_CHARTER)
            );
        }
    }

    #[test]
    fn resign_rules() {
        assert_eq!(
            transition(Some(Pending), Event::Resign, Actor::Member),
            Ok(Resigned)
        );
        assert_eq!(
            transition(Some(Active), Event::Resign, Actor::Member),
            Ok(Resigned)
        );
        assert_eq!(
            transition(Some(Suspended), Event::Resign, Actor::Member),
            Err(NO_RESIGN_WHILE_SUSPENDED)
        );
        assert_eq!(
            transition(Some(Resigned), Event::Resign, Actor::Member),
            Err(NOT_RESIGNABLE)
        );
        assert_eq!(
            transition(Some(Expelled), Event::Resign, Actor::Member),
            Err(NOT_RESIGNABLE)
        );
        assert_eq!(
            transition(None, Event::Resign, Actor::Member),
            Err(NOT_REGISTERED)
        );
    }

    #[test]
    fn expelled_is_final() {
        for event in events() {
            for actor in ACTORS {
                assert!(
                    transition(Some(Expelled), event, actor).is_err(),
                    "{event:?} by {actor:?}"
                );
            }
        }
    }

    #[test]
    fn a_member_alone_can_never_reach_active_from_pending() {
        for event in events() {
            let next = transition(Some(Pending), event, Actor::Member);
            assert_ne!(next, Ok(Active), "{event:?}");
        }
    }

    #[test]
    fn suspension_ends_by_itself() {
        assert_eq!(effective_status(Suspended, 100, 99), Suspended);
        assert_eq!(effective_status(Suspended, 100, 100), Active);
        assert_eq!(effective_status(Suspended, 0, 0), Active);
        for s in [Pending, Active, Expelled, Resigned] {
            assert_eq!(effective_status(s, u32::MAX, 0), s);
            assert_eq!(effective_status(s, 0, u32::MAX), s);
        }
        assert!(counts_for_ranking(Active, 0, 0));
        assert!(!counts_for_ranking(Suspended, 100, 99));
        assert!(counts_for_ranking(Suspended, 100, 100));
        assert!(!counts_for_ranking(Pending, 0, 0));
        assert!(!counts_for_ranking(Expelled, 0, 0));
        assert!(!counts_for_ranking(Resigned, 0, 0));
    }

    #[test]
    fn vote_validation() {
        assert_eq!(validate_vote(&[], MAX_VOTES), Ok(()));
        let thirty: Vec<u64> = (1..=30).collect();
        assert_eq!(validate_vote(&thirty, MAX_VOTES), Ok(()));
        let thirty_one: Vec<u64> = (1..=31).collect();
        assert_eq!(
            validate_vote(&thirty_one, MAX_VOTES),
            Err(TOO_MANY_PRODUCERS)
        );
        assert_eq!(
            validate_vote(&[1, 2, 1], MAX_VOTES),
            Err(DUPLICATE_PRODUCER)
        );
        assert_eq!(validate_vote(&[7, 7], MAX_VOTES), Err(DUPLICATE_PRODUCER));
        // Length first: 31 duplicates is "too many", whatever they are.
        assert_eq!(validate_vote(&[5; 31], MAX_VOTES), Err(TOO_MANY_PRODUCERS));
    }

    #[test]
    fn deltas_of_a_vote_change() {
        assert_eq!(
            vote_deltas(&[2, 1], 10, &[2, 3], 10),
            vec![(1, -10), (3, 10)],
            "a producer kept with the same weight does not move"
        );
        assert_eq!(vote_deltas(&[1, 2], 10, &[1, 2], 15), vec![(1, 5), (2, 5)]);
        assert_eq!(vote_deltas(&[1], 10, &[], 10), vec![(1, -10)]);
        assert_eq!(vote_deltas(&[], 0, &[4], 7), vec![(4, 7)]);
        assert!(vote_deltas(&[1, 2], 3, &[2, 1], 3).is_empty());
        assert_eq!(
            vote_deltas(&[1], u64::MAX, &[1], 0),
            vec![(1, -i128::from(u64::MAX))],
            "weights up to u64::MAX cannot overflow an i128"
        );
    }

    #[test]
    fn apply_delta_refuses_negative_and_overflowing_totals() {
        assert_eq!(apply_delta(10, -10), Some(0));
        assert_eq!(apply_delta(10, -11), None);
        assert_eq!(apply_delta(u64::MAX, 0), Some(u64::MAX));
        assert_eq!(apply_delta(u64::MAX, 1), None);
    }

    /// A voter changes its list, its weight, or both.
    #[derive(Clone, Debug)]
    enum Op {
        Vote(usize, Vec<u64>),
        Stake(usize, u64),
    }

    fn op() -> impl Strategy<Value = Op> {
        let list = prop::collection::btree_set(0u64..12, 0..6)
            .prop_map(|s| s.into_iter().collect::<Vec<_>>());
        // Weights are stakes: their sum is at most the token's maximum
        // supply, 2^62 - 1; eight voters of 2^59 - 1 each stay under it.
        let weight = prop_oneof![0u64..1_000, Just((1u64 << 59) - 1)];
        prop_oneof![
            (0..8usize, list).prop_map(|(v, l)| Op::Vote(v, l)),
            (0..8usize, weight).prop_map(|(v, w)| Op::Stake(v, w)),
        ]
    }

    fn recompute(voters: &[(Vec<u64>, u64)]) -> BTreeMap<u64, i128> {
        let mut totals = BTreeMap::new();
        for (list, weight) in voters {
            for p in list {
                *totals.entry(*p).or_insert(0) += i128::from(*weight);
            }
        }
        totals.retain(|_, t| *t != 0);
        totals
    }

    proptest! {
        /// Applying the deltas of every change to running totals gives the
        /// totals recomputed from scratch, and no total is ever negative.
        #[test]
        fn incremental_totals_equal_recomputation(ops in prop::collection::vec(op(), 1..60)) {
            let mut voters: Vec<(Vec<u64>, u64)> = vec![(Vec::new(), 0); 8];
            let mut totals: BTreeMap<u64, i128> = BTreeMap::new();
            for op in ops {
                let (old, old_weight) = voters[match op { Op::Vote(v, _) | Op::Stake(v, _) => v }].clone();
                let (v, new, new_weight) = match op {
                    Op::Vote(v, list) => (v, list, old_weight),
                    Op::Stake(v, w) => (v, old.clone(), w),
                };
                prop_assert!(validate_vote(&new, MAX_VOTES).is_ok());
                for (p, d) in vote_deltas(&old, old_weight, &new, new_weight) {
                    let t = totals.entry(p).or_insert(0);
                    *t += d;
                    prop_assert!(*t >= 0, "total of {} went negative", p);
                    prop_assert!(apply_delta(0, *t).is_some());
                }
                totals.retain(|_, t| *t != 0);
                voters[v] = (new, new_weight);
                prop_assert_eq!(&totals, &recompute(&voters));
            }
        }

        #[test]
        fn validate_accepts_exactly_short_distinct_lists(list in prop::collection::vec(0u64..40, 0..40)) {
            let mut sorted = list.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let distinct = sorted.len() == list.len();
            let expected = if list.len() > MAX_VOTES {
                Err(TOO_MANY_PRODUCERS)
            } else if !distinct {
                Err(DUPLICATE_PRODUCER)
            } else {
                Ok(())
            };
            prop_assert_eq!(validate_vote(&list, MAX_VOTES), expected);
        }

        /// Every transition either fails or follows the table's actor rule.
        #[test]
        fn actors_stay_in_their_lane(state in 0..6usize, event in 0..7usize, actor in 0..3usize) {
            let current = states()[state];
            let event = events()[event];
            let actor = ACTORS[actor];
            if let Ok(next) = transition(current, event, actor) {
                match event {
                    Event::Register { .. } | Event::Resign => prop_assert_eq!(actor, Actor::Member),
                    Event::Approve => prop_assert_eq!(actor, Actor::Governance),
                    _ => prop_assert_ne!(actor, Actor::Member),
                }
                prop_assert_ne!(current, Some(Expelled));
                if next == Pending {
                    let closed_register = matches!(event, Event::Register { auto_approve: false });
                    prop_assert!(closed_register, "only a registration without auto-approval is pending");
                }
            }
        }

        /// Time only ever ends suspensions.
        #[test]
        fn effective_status_is_monotone(s in 0u8..5, until in any::<u32>(), t1 in any::<u32>(), dt in any::<u32>()) {
            let s = Status::from_u8(s).unwrap();
            let t2 = t1.saturating_add(dt);
            let (e1, e2) = (effective_status(s, until, t1), effective_status(s, until, t2));
            if e1 != e2 {
                prop_assert_eq!((s, e1, e2), (Suspended, Suspended, Active));
            }
            prop_assert_eq!(counts_for_ranking(s, until, t1), e1 == Active);
        }
    }
}
