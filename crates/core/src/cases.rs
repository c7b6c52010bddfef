//! Arbitration cases: categories, rulings and the life cycle of a case as
//! a state machine.
//!
//! ```text
//!            take                rule               (window passes)
//!   Filed ---------> Taken ---------------> Ruled ------------------+
//!     |                ^ |                    | appeal (a party,     |
//!     | withdraw       | | take (the previous |  within the window)  |
//!     v                +-+ arbitrator was     v                      |
//!  Withdrawn               unappointed)    Appealed                  |
//!                                           |    \ decide(overturn)  |
//!                              decide(uphold)     \                  |
//!                                           v      v                 |
//!                                        Upheld  Overturned          |
//!                                           |                        |
//!                 ratify (expel only) <-----+------------------------+
//!                        |                  |
//!                        v                  | enforce (anyone)
//!                    Ratified ------------->+---> Enforced (suspend, forfeit, expel)
//!                               enforce     +---> Closed   (dismiss, warn)
//! ```
//!
//! A ruling is **final** once it can no longer change: its appeal window
//! passed without an appeal (`Ruled` and `now >= appeal_until`), or
//! governance upheld it on appeal (`Upheld`). Only a final ruling is
//! enforced; an expel ruling is enforced only after governance ratified it
//! (`Ratified`). Dismiss and warn have nothing to enforce: `enforce` just
//! closes the case. An overturned ruling is never enforced.
//!
//! Accounts are `u64` (raw names); `0` (the empty name) is "nobody".
//! Times are seconds. Every failure is a stable message: the charter
//! contract passes it to `check` unchanged.

// ---- messages -------------------------------------------------------------

pub const UNKNOWN_CATEGORY: &str = "unknown case category";
pub const UNKNOWN_RULING: &str = "unknown ruling";
pub const SUSPEND_DAYS_OUT_OF_RANGE: &str = "suspend days must be between 1 and 3650";
pub const DAYS_ONLY_FOR_SUSPEND: &str = "only a suspend ruling has days";
pub const METRIC_DISPUTE_NEEDS_REPORT: &str = "a metric dispute must cite an emitter report";
pub const ONLY_METRIC_DISPUTE_CITES_REPORT: &str = "only a metric dispute cites an emitter report";

pub const NOT_APPOINTED: &str = "not an appointed arbitrator";
pub const ARBITRATOR_IS_PARTY: &str = "an arbitrator cannot take a case in which it is a party";
pub const NOT_WAITING_FOR_ARBITRATOR: &str = "case is not waiting for an arbitrator";
pub const NOT_AWAITING_RULING: &str = "case is not awaiting a ruling";
pub const NOT_CASE_ARBITRATOR: &str = "only the arbitrator who took the case can rule on it";
pub const ONLY_CLAIMANT_WITHDRAWS: &str = "only the claimant can withdraw a case";
pub const CANNOT_WITHDRAW: &str = "a case can be withdrawn only before it is taken";
pub const NOT_A_PARTY: &str = "only a party to the case can appeal";
pub const NO_RULING: &str = "case has no ruling yet";
pub const APPEAL_WINDOW_CLOSED: &str = "the appeal window has closed";
pub const ALREADY_APPEALED: &str = "case is already under appeal";
pub const NOT_APPEALABLE: &str = "ruling can no longer be appealed";
pub const NOT_UNDER_APPEAL: &str = "case is not under appeal";
pub const STILL_APPEALABLE: &str = "ruling can still be appealed";
pub const UNDER_APPEAL: &str = "ruling is under appeal";
pub const OVERTURNED: &str = "ruling was overturned on appeal";
pub const CASE_CLOSED: &str = "case is closed";
pub const ONLY_EXPEL_RATIFIED: &str = "only an expel ruling needs ratification";
pub const ALREADY_RATIFIED: &str = "expulsion is already ratified";
pub const NEEDS_RATIFICATION: &str = "an expel ruling needs governance ratification";

/// The longest suspension a ruling can impose; beyond it, expel.
pub const MAX_SUSPEND_DAYS: u16 = 3650;

/// Seconds in a day of suspension.
pub const SECONDS_PER_DAY: u32 = 86_400;

// ---- categories -----------------------------------------------------------

/// What a case is about. Stored as its `u8` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Category {
    /// Anything else under the constitution.
    General = 0,
    /// A member's conduct (collusion, abuse of the emitter, ...).
    Conduct = 1,
    /// A member contests an emitter report: cites the emitter account and
    /// the report's sequence number.
    MetricDispute = 2,
    /// How the constitution applies to a situation.
    Constitution = 3,
}

impl Category {
    pub fn from_u8(v: u8) -> Result<Self, &'static str> {
        match v {
            0 => Ok(Category::General),
            1 => Ok(Category::Conduct),
            2 => Ok(Category::MetricDispute),
            3 => Ok(Category::Constitution),
            _ => Err(UNKNOWN_CATEGORY),
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// Whether a case of this category must cite an emitter report
    /// (`report_emitter` non-empty); other categories must cite none
    /// (`report_emitter` empty and `report_seq` 0), so that a report
    /// reference always means the same thing.
    pub fn check_report(self, report_emitter: u64, report_seq: u64) -> Result<(), &'static str> {
        match self {
            Category::MetricDispute if report_emitter == 0 => Err(METRIC_DISPUTE_NEEDS_REPORT),
            Category::MetricDispute => Ok(()),
            _ if report_emitter != 0 || report_seq != 0 => Err(ONLY_METRIC_DISPUTE_CITES_REPORT),
            _ => Ok(()),
        }
    }
}

// ---- rulings --------------------------------------------------------------

/// An arbitrator's ruling. Stored as a `u8` code plus the suspension days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ruling {
    /// The claim fails; nothing happens.
    Dismiss,
    /// The claim holds; a warning on record, nothing enforced.
    Warn,
    /// The respondent is suspended for `days` days from enforcement.
    Suspend { days: u16 },
    /// The respondent forfeits its unclaimed rewards.
    Forfeit,
    /// The respondent is expelled (needs governance ratification).
    Expel,
}

impl Ruling {
    pub const DISMISS: u8 = 0;
    pub const WARN: u8 = 1;
    pub const SUSPEND: u8 = 2;
    pub const FORFEIT: u8 = 3;
    pub const EXPEL: u8 = 4;

    /// A ruling from its stored parts: `code` and, for a suspension only,
    /// `days` (1 to [`MAX_SUSPEND_DAYS`]; 0 for every other ruling).
    pub fn from_parts(code: u8, days: u16) -> Result<Self, &'static str> {
        let ruling = match code {
            Self::DISMISS => Ruling::Dismiss,
            Self::WARN => Ruling::Warn,
            Self::SUSPEND => {
                if days == 0 || days > MAX_SUSPEND_DAYS {
                    return Err(SUSPEND_DAYS_OUT_OF_RANGE);
                }
                return Ok(Ruling::Suspend { days });
            }
            Self::FORFEIT => Ruling::Forfeit,
            Self::EXPEL => Ruling::Expel,
            _ => return Err(UNKNOWN_RULING),
        };
        if days != 0 {
            return Err(DAYS_ONLY_FOR_SUSPEND);
        }
        Ok(ruling)
    }

    pub fn code(self) -> u8 {
        match self {
            Ruling::Dismiss => Self::DISMISS,
            Ruling::Warn => Self::WARN,
            Ruling::Suspend { .. } => Self::SUSPEND,
            Ruling::Forfeit => Self::FORFEIT,
            Ruling::Expel => Self::EXPEL,
        }
    }

    /// The suspension days (0 unless a suspension).
    pub fn days(self) -> u16 {
        match self {
            Ruling::Suspend { days } => days,
            _ => 0,
        }
    }

    /// Whether enforcing the ruling does something (an inline action).
    pub fn has_effect(self) -> bool {
        !matches!(self, Ruling::Dismiss | Ruling::Warn)
    }

    /// Whether governance must ratify the ruling before it is enforced.
    pub fn needs_ratification(self) -> bool {
        matches!(self, Ruling::Expel)
    }
}

/// When a suspension of `days` days enforced at `now` ends, or `None` if
/// it would not fit a `time_point_sec` (cannot happen for `now` before
/// 2096 with days <= [`MAX_SUSPEND_DAYS`]).
pub fn suspension_end(now: u32, days: u16) -> Option<u32> {
    (days as u32)
        .checked_mul(SECONDS_PER_DAY)
        .and_then(|d| now.checked_add(d))
}

/// The last second (exclusive) a ruling given at `ruled_at` can be
/// appealed, saturating at the end of `time_point_sec`.
pub fn appeal_deadline(ruled_at: u32, appeal_window_sec: u32) -> u32 {
    ruled_at.saturating_add(appeal_window_sec)
}

// ---- the life cycle -------------------------------------------------------

/// Where a case is in its life cycle. Stored as its `u8` value; the
/// values are part of the table layout and never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum CaseStatus {
    /// Filed; waiting for an arbitrator.
    Filed = 0,
    /// An arbitrator took it; waiting for the ruling.
    Taken = 1,
    /// Ruled; appealable until `appeal_until`, final afterwards.
    Ruled = 2,
    /// A party appealed; governance decides.
    Appealed = 3,
    /// Governance upheld the ruling on appeal: final.
    Upheld = 4,
    /// Governance ratified an expel ruling: final and enforceable.
    Ratified = 5,
    /// The ruling took effect (terminal).
    Enforced = 6,
    /// A final dismiss or warn ruling: nothing to enforce (terminal).
    Closed = 7,
    /// Governance overturned the ruling on appeal (terminal).
    Overturned = 8,
    /// The claimant withdrew it before it was taken (terminal).
    Withdrawn = 9,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 10] = [
        CaseStatus::Filed,
        CaseStatus::Taken,
        CaseStatus::Ruled,
        CaseStatus::Appealed,
        CaseStatus::Upheld,
        CaseStatus::Ratified,
        CaseStatus::Enforced,
        CaseStatus::Closed,
        CaseStatus::Overturned,
        CaseStatus::Withdrawn,
    ];

    /// The status stored as `v`; `None` for a value no case can have.
    pub fn from_u8(v: u8) -> Option<Self> {
        Self::ALL.get(v as usize).copied()
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    /// No event moves a case out of a terminal status.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            CaseStatus::Enforced
                | CaseStatus::Closed
                | CaseStatus::Overturned
                | CaseStatus::Withdrawn
        )
    }

    /// Filed or taken: the case still waits for a ruling (what the
    /// per-claimant limit counts).
    pub fn awaits_ruling(self) -> bool {
        matches!(self, CaseStatus::Filed | CaseStatus::Taken)
    }

    /// Whether a case in this status carries a ruling.
    pub fn has_ruling(self) -> bool {
        !matches!(
            self,
            CaseStatus::Filed | CaseStatus::Taken | CaseStatus::Withdrawn
        )
    }
}

/// What the state machine needs to know about a case besides its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub claimant: u64,
    pub respondent: u64,
    /// The arbitrator who took it (0 before).
    pub arbitrator: u64,
    /// The ruling, once ruled.
    pub ruling: Option<Ruling>,
    /// End (exclusive) of the appeal window, once ruled.
    pub appeal_until: u32,
}

impl CaseFacts {
    pub fn is_party(&self, account: u64) -> bool {
        account == self.claimant || account == self.respondent
    }
}

/// Something that happens to a case. The contract has checked who signed;
/// the event says who it was and what the contract knows about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// `arbitrator` takes the case. `appointed`: whether it is appointed
    /// now; `current_appointed`: whether the arbitrator who took the case
    /// before (if any) still is (a case whose arbitrator was removed can
    /// be taken again).
    Take {
        arbitrator: u64,
        appointed: bool,
        current_appointed: bool,
    },
    /// `arbitrator` rules.
    Rule {
        arbitrator: u64,
        appointed: bool,
        ruling: Ruling,
    },
    /// `by` withdraws the case.
    Withdraw { by: u64 },
    /// `by` appeals the ruling at `now`.
    Appeal { by: u64, now: u32 },
    /// Governance decides the appeal.
    Decide { uphold: bool },
    /// Governance ratifies an expel ruling at `now`.
    Ratify { now: u32 },
    /// Anyone asks for the ruling to take effect at `now`.
    Enforce { now: u32 },
}

/// Whether the ruling of a case is final at `now`: it can no longer be
/// appealed and was not overturned. Errors say why not.
pub fn check_final(status: CaseStatus, case: &CaseFacts, now: u32) -> Result<Ruling, &'static str> {
    match status {
        CaseStatus::Filed | CaseStatus::Taken => Err(NO_RULING),
        CaseStatus::Ruled if now < case.appeal_until => Err(STILL_APPEALABLE),
        CaseStatus::Ruled | CaseStatus::Upheld | CaseStatus::Ratified => {
            case.ruling.ok_or(NO_RULING)
        }
        CaseStatus::Appealed => Err(UNDER_APPEAL),
        CaseStatus::Overturned => Err(OVERTURNED),
        CaseStatus::Enforced | CaseStatus::Closed | CaseStatus::Withdrawn => Err(CASE_CLOSED),
    }
}

/// The status after `event`, or why the event is not allowed. The rules:
/// - take: only an appointed arbitrator who is not a party, while the case
///   is filed (or taken by an arbitrator who has since been removed);
/// - rule: only the arbitrator who took the case, still appointed;
/// - withdraw: only the claimant, before the case is taken;
/// - appeal: only a party, while ruled and before `appeal_until`;
/// - decide: only while appealed; uphold makes the ruling final,
///   overturn ends the case with nothing enforced;
/// - ratify: only an expel ruling, once final;
/// - enforce: only a final ruling (an expel one ratified); dismiss and warn
///   close the case, the others are enforced.
pub fn next(
    status: CaseStatus,
    case: &CaseFacts,
    event: &Event,
) -> Result<CaseStatus, &'static str> {
    use CaseStatus::*;
    match *event {
        Event::Take {
            arbitrator,
            appointed,
            current_appointed,
        } => {
            if !appointed {
                return Err(NOT_APPOINTED);
            }
            if case.is_party(arbitrator) {
                return Err(ARBITRATOR_IS_PARTY);
            }
            match status {
                Filed => Ok(Taken),
                Taken if !current_appointed && arbitrator != case.arbitrator => Ok(Taken),
                _ => Err(NOT_WAITING_FOR_ARBITRATOR),
            }
        }
        Event::Rule {
            arbitrator,
            appointed,
            ..
        } => {
            if status != Taken {
                return Err(NOT_AWAITING_RULING);
            }
            if arbitrator != case.arbitrator {
                return Err(NOT_CASE_ARBITRATOR);
            }
            if !appointed {
                return Err(NOT_APPOINTED);
            }
            Ok(Ruled)
        }
        Event::Withdraw { by } => {
            if by != case.claimant {
                return Err(ONLY_CLAIMANT_WITHDRAWS);
            }
            if status != Filed {
                return Err(CANNOT_WITHDRAW);
            }
            Ok(Withdrawn)
        }
        Event::Appeal { by, now } => {
            if !case.is_party(by) {
                return Err(NOT_A_PARTY);
            }
            match status {
                Ruled if now < case.appeal_until => Ok(Appealed),
                Ruled => Err(APPEAL_WINDOW_CLOSED),
                Filed | Taken => Err(NO_RULING),
                Appealed => Err(ALREADY_APPEALED),
                _ => Err(NOT_APPEALABLE),
            }
        }
        Event::Decide { uphold } => match status {
            Appealed if uphold => Ok(Upheld),
            Appealed => Ok(Overturned),
            _ => Err(NOT_UNDER_APPEAL),
        },
        Event::Ratify { now } => {
            let ruling = check_final(status, case, now)?;
            if !ruling.needs_ratification() {
                return Err(ONLY_EXPEL_RATIFIED);
            }
            if status == Ratified {
                return Err(ALREADY_RATIFIED);
            }
            Ok(Ratified)
        }
        Event::Enforce { now } => {
            let ruling = check_final(status, case, now)?;
            if ruling.needs_ratification() && status != Ratified {
                return Err(NEEDS_RATIFICATION);
            }
            if ruling.has_effect() {
                Ok(Enforced)
            } else {
                Ok(Closed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    const CLAIMANT: u64 = 1;
    const RESPONDENT: u64 = 2;
    const ARB: u64 = 3;
    const ARB2: u64 = 4;
    const WINDOW: u32 = 100;

    /// A case and the facts the contract would record, driven by events.
    #[derive(Clone, Debug)]
    struct Sim {
        status: CaseStatus,
        facts: CaseFacts,
    }

    impl Sim {
        fn new() -> Self {
            Sim {
                status: CaseStatus::Filed,
                facts: CaseFacts {
                    claimant: CLAIMANT,
                    respondent: RESPONDENT,
                    arbitrator: 0,
                    ruling: None,
                    appeal_until: 0,
                },
            }
        }

        fn apply(&mut self, event: Event) -> Result<CaseStatus, &'static str> {
            let to = next(self.status, &self.facts, &event)?;
            match event {
                Event::Take { arbitrator, .. } => self.facts.arbitrator = arbitrator,
                Event::Rule { ruling, .. } => {
                    self.facts.ruling = Some(ruling);
                    // Rule events carry no time in these tests: ruled at 0.
                    self.facts.appeal_until = appeal_deadline(0, WINDOW);
                }
                _ => {}
            }
            self.status = to;
            Ok(to)
        }

        fn take(&mut self, arbitrator: u64) -> Result<CaseStatus, &'static str> {
            self.apply(Event::Take {
                arbitrator,
                appointed: true,
                current_appointed: true,
            })
        }

        fn rule(&mut self, ruling: Ruling) -> Result<CaseStatus, &'static str> {
            let arbitrator = self.facts.arbitrator;
            self.apply(Event::Rule {
                arbitrator,
                appointed: true,
                ruling,
            })
        }

        fn ruled(ruling: Ruling) -> Self {
            let mut sim = Sim::new();
            sim.take(ARB).unwrap();
            sim.rule(ruling).unwrap();
            sim
        }
    }

    #[test]
    fn status_codes_are_stable() {
        for (i, s) in CaseStatus::ALL.iter().enumerate() {
            assert_eq!(s.code() as usize, i);
            assert_eq!(CaseStatus::from_u8(i as u8), Some(*s));
        }
        assert_eq!(CaseStatus::from_u8(10), None);
        assert_eq!(CaseStatus::Withdrawn.code(), 9);
    }

    #[test]
    fn ruling_parts_round_trip_and_reject_bad_input() {
        for r in [
            Ruling::Dismiss,
            Ruling::Warn,
            Ruling::Suspend { days: 1 },
            Ruling::Suspend {
                days: MAX_SUSPEND_DAYS,
            },
            Ruling::Forfeit,
            Ruling::Expel,
        ] {
            assert_eq!(Ruling::from_parts(r.code(), r.days()), Ok(r));
        }
        assert_eq!(Ruling::from_parts(5, 0), Err(UNKNOWN_RULING));
        assert_eq!(Ruling::from_parts(255, 0), Err(UNKNOWN_RULING));
        assert_eq!(Ruling::from_parts(2, 0), Err(SUSPEND_DAYS_OUT_OF_RANGE));
        assert_eq!(Ruling::from_parts(2, 3651), Err(SUSPEND_DAYS_OUT_OF_RANGE));
        assert_eq!(Ruling::from_parts(0, 1), Err(DAYS_ONLY_FOR_SUSPEND));
        assert_eq!(Ruling::from_parts(4, 7), Err(DAYS_ONLY_FOR_SUSPEND));
    }

    #[test]
    fn categories_and_report_citations() {
        assert_eq!(Category::from_u8(2), Ok(Category::MetricDispute));
        assert_eq!(Category::from_u8(4), Err(UNKNOWN_CATEGORY));
        assert_eq!(Category::MetricDispute.check_report(7, 0), Ok(()));
        assert_eq!(Category::MetricDispute.check_report(7, 42), Ok(()));
        assert_eq!(
            Category::MetricDispute.check_report(0, 42),
            Err(METRIC_DISPUTE_NEEDS_REPORT)
        );
        assert_eq!(Category::Conduct.check_report(0, 0), Ok(()));
        assert_eq!(
            Category::Conduct.check_report(7, 0),
            Err(ONLY_METRIC_DISPUTE_CITES_REPORT)
        );
        assert_eq!(
            Category::General.check_report(0, 1),
            Err(ONLY_METRIC_DISPUTE_CITES_REPORT)
        );
    }

    #[test]
    fn suspension_end_is_checked() {
        assert_eq!(suspension_end(1_000, 2), Some(1_000 + 2 * 86_400));
        assert_eq!(suspension_end(u32::MAX - 10, 1), None);
        assert_eq!(appeal_deadline(u32::MAX - 1, 10), u32::MAX);
    }

    #[test]
    fn only_an_appointed_non_party_takes() {
        let mut sim = Sim::new();
        let unappointed = Event::Take {
            arbitrator: ARB,
            appointed: false,
            current_appointed: true,
        };
        assert_eq!(sim.apply(unappointed), Err(NOT_APPOINTED));
        assert_eq!(sim.take(CLAIMANT), Err(ARBITRATOR_IS_PARTY));
        assert_eq!(sim.take(RESPONDENT), Err(ARBITRATOR_IS_PARTY));
        assert_eq!(sim.take(ARB), Ok(CaseStatus::Taken));
        assert_eq!(sim.take(ARB2), Err(NOT_WAITING_FOR_ARBITRATOR));
        assert_eq!(sim.take(ARB), Err(NOT_WAITING_FOR_ARBITRATOR));
    }

    #[test]
    fn a_case_whose_arbitrator_was_removed_can_be_taken_again() {
        let mut sim = Sim::new();
        sim.take(ARB).unwrap();
        let retake = Event::Take {
            arbitrator: ARB2,
            appointed: true,
            current_appointed: false,
        };
        assert_eq!(sim.apply(retake), Ok(CaseStatus::Taken));
        assert_eq!(sim.facts.arbitrator, ARB2);
        // The removed arbitrator can no longer rule.
        let old = Event::Rule {
            arbitrator: ARB,
            appointed: false,
            ruling: Ruling::Warn,
        };
        assert_eq!(sim.apply(old), Err(NOT_CASE_ARBITRATOR));
    }

    #[test]
    fn only_the_arbitrator_who_took_it_rules() {
        let mut sim = Sim::new();
        assert_eq!(sim.rule(Ruling::Warn), Err(NOT_AWAITING_RULING));
        sim.take(ARB).unwrap();
        let other = Event::Rule {
            arbitrator: ARB2,
            appointed: true,
            ruling: Ruling::Warn,
        };
        assert_eq!(sim.apply(other), Err(NOT_CASE_ARBITRATOR));
        let removed = Event::Rule {
            arbitrator: ARB,
            appointed: false,
            ruling: Ruling::Warn,
        };
        assert_eq!(sim.apply(removed), Err(NOT_APPOINTED));
        assert_eq!(sim.rule(Ruling::Warn), Ok(CaseStatus::Ruled));
        assert_eq!(sim.rule(Ruling::Expel), Err(NOT_AWAITING_RULING));
    }

    #[test]
    fn withdraw_only_by_the_claimant_before_taken() {
        let mut sim = Sim::new();
        assert_eq!(
            sim.apply(Event::Withdraw { by: RESPONDENT }),
            Err(ONLY_CLAIMANT_WITHDRAWS)
        );
        let mut taken = sim.clone();
        assert_eq!(
            sim.apply(Event::Withdraw { by: CLAIMANT }),
            Ok(CaseStatus::Withdrawn)
        );
        taken.take(ARB).unwrap();
        assert_eq!(
            taken.apply(Event::Withdraw { by: CLAIMANT }),
            Err(CANNOT_WITHDRAW)
        );
    }

    #[test]
    fn a_party_appeals_within_the_window() {
        let mut sim = Sim::ruled(Ruling::Suspend { days: 3 });
        assert_eq!(
            sim.apply(Event::Appeal { by: ARB, now: 0 }),
            Err(NOT_A_PARTY)
        );
        let mut late = sim.clone();
        assert_eq!(
            late.apply(Event::Appeal {
                by: RESPONDENT,
                now: WINDOW
            }),
            Err(APPEAL_WINDOW_CLOSED)
        );
        assert_eq!(
            sim.apply(Event::Appeal {
                by: CLAIMANT,
                now: WINDOW - 1
            }),
            Ok(CaseStatus::Appealed)
        );
        assert_eq!(
            sim.apply(Event::Appeal {
                by: RESPONDENT,
                now: 1
            }),
            Err(ALREADY_APPEALED)
        );
        sim.apply(Event::Decide { uphold: true }).unwrap();
        assert_eq!(
            sim.apply(Event::Appeal {
                by: RESPONDENT,
                now: 1
            }),
            Err(NOT_APPEALABLE)
        );
        let mut unruled = Sim::new();
        assert_eq!(
            unruled.apply(Event::Appeal {
                by: CLAIMANT,
                now: 0
            }),
            Err(NO_RULING)
        );
    }

    #[test]
    fn decide_only_under_appeal() {
        let mut sim = Sim::ruled(Ruling::Forfeit);
        assert_eq!(
            sim.apply(Event::Decide { uphold: true }),
            Err(NOT_UNDER_APPEAL)
        );
        sim.apply(Event::Appeal {
            by: RESPONDENT,
            now: 0,
        })
        .unwrap();
        let mut upheld = sim.clone();
        assert_eq!(
            upheld.apply(Event::Decide { uphold: true }),
            Ok(CaseStatus::Upheld)
        );
        assert_eq!(
            upheld.apply(Event::Enforce { now: 0 }),
            Ok(CaseStatus::Enforced)
        );
        assert_eq!(
            sim.apply(Event::Decide { uphold: false }),
            Ok(CaseStatus::Overturned)
        );
        assert_eq!(sim.apply(Event::Enforce { now: u32::MAX }), Err(OVERTURNED));
        assert_eq!(
            sim.apply(Event::Decide { uphold: true }),
            Err(NOT_UNDER_APPEAL)
        );
    }

    #[test]
    fn enforce_waits_for_the_window() {
        let mut sim = Sim::ruled(Ruling::Suspend { days: 3 });
        assert_eq!(
            sim.apply(Event::Enforce { now: WINDOW - 1 }),
            Err(STILL_APPEALABLE)
        );
        assert_eq!(
            sim.apply(Event::Enforce { now: WINDOW }),
            Ok(CaseStatus::Enforced)
        );
        assert_eq!(sim.apply(Event::Enforce { now: WINDOW }), Err(CASE_CLOSED));
        let mut appealed = Sim::ruled(Ruling::Forfeit);
        appealed
            .apply(Event::Appeal {
                by: RESPONDENT,
                now: 0,
            })
            .unwrap();
        assert_eq!(
            appealed.apply(Event::Enforce { now: u32::MAX }),
            Err(UNDER_APPEAL)
        );
        let mut unruled = Sim::new();
        assert_eq!(unruled.apply(Event::Enforce { now: 0 }), Err(NO_RULING));
    }

    #[test]
    fn dismiss_and_warn_close_without_effect() {
        for r in [Ruling::Dismiss, Ruling::Warn] {
            let mut sim = Sim::ruled(r);
            assert_eq!(
                sim.apply(Event::Ratify { now: WINDOW }),
                Err(ONLY_EXPEL_RATIFIED)
            );
            assert_eq!(
                sim.apply(Event::Enforce { now: WINDOW }),
                Ok(CaseStatus::Closed)
            );
        }
    }

    #[test]
    fn expel_needs_ratification_once_final() {
        let mut sim = Sim::ruled(Ruling::Expel);
        assert_eq!(sim.apply(Event::Ratify { now: 0 }), Err(STILL_APPEALABLE));
        assert_eq!(
            sim.apply(Event::Enforce { now: WINDOW }),
            Err(NEEDS_RATIFICATION)
        );
        assert_eq!(
            sim.apply(Event::Ratify { now: WINDOW }),
            Ok(CaseStatus::Ratified)
        );
        assert_eq!(
            sim.apply(Event::Ratify { now: WINDOW }),
            Err(ALREADY_RATIFIED)
        );
        assert_eq!(
            sim.apply(Event::Enforce { now: WINDOW }),
            Ok(CaseStatus::Enforced)
        );

        // Upheld on appeal: still needs ratification.
        let mut appealed = Sim::ruled(Ruling::Expel);
        appealed
            .apply(Event::Appeal {
                by: RESPONDENT,
                now: 0,
            })
            .unwrap();
        assert_eq!(appealed.apply(Event::Ratify { now: 0 }), Err(UNDER_APPEAL));
        appealed.apply(Event::Decide { uphold: true }).unwrap();
        assert_eq!(
            appealed.apply(Event::Enforce { now: 0 }),
            Err(NEEDS_RATIFICATION)
        );
        assert_eq!(
            appealed.apply(Event::Ratify { now: 0 }),
            Ok(CaseStatus::Ratified)
        );
        assert_eq!(
            appealed.apply(Event::Enforce { now: 0 }),
            Ok(CaseStatus::Enforced)
        );
    }

    #[test]
    fn terminal_statuses_accept_nothing() {
        let events = all_events(0);
        for status in CaseStatus::ALL.iter().filter(|s| s.is_terminal()) {
            let facts = Sim::ruled(Ruling::Suspend { days: 1 }).facts;
            for e in &events {
                assert!(
                    next(*status, &facts, e).is_err(),
                    "{status:?} accepted {e:?}"
                );
            }
        }
    }

    fn all_events(now: u32) -> Vec<Event> {
        let mut v = Vec::new();
        for who in [0, CLAIMANT, RESPONDENT, ARB, ARB2] {
            for a in [false, true] {
                for b in [false, true] {
                    v.push(Event::Take {
                        arbitrator: who,
                        appointed: a,
                        current_appointed: b,
                    });
                }
                v.push(Event::Rule {
                    arbitrator: who,
                    appointed: a,
                    ruling: Ruling::Expel,
                });
            }
            v.push(Event::Withdraw { by: who });
            v.push(Event::Appeal { by: who, now });
        }
        v.push(Event::Decide { uphold: true });
        v.push(Event::Decide { uphold: false });
        v.push(Event::Ratify { now });
        v.push(Event::Enforce { now });
        v
    }

    fn arb_ruling() -> impl Strategy<Value = Ruling> {
        prop_oneof![
            Just(Ruling::Dismiss),
            Just(Ruling::Warn),
            (1u16..=MAX_SUSPEND_DAYS).prop_map(|days| Ruling::Suspend { days }),
            Just(Ruling::Forfeit),
            Just(Ruling::Expel),
        ]
    }

    fn arb_event() -> impl Strategy<Value = Event> {
        let who = prop_oneof![
            Just(0u64),
            Just(CLAIMANT),
            Just(RESPONDENT),
            Just(ARB),
            Just(ARB2)
        ];
        let now = 0u32..(3 * WINDOW);
        prop_oneof![
            (who.clone(), any::<bool>(), any::<bool>()).prop_map(|(w, a, c)| Event::Take {
                arbitrator: w,
                appointed: a,
                current_appointed: c
            }),
            (who.clone(), any::<bool>(), arb_ruling()).prop_map(|(w, a, r)| Event::Rule {
                arbitrator: w,
                appointed: a,
                ruling: r
            }),
            who.clone().prop_map(|w| Event::Withdraw { by: w }),
            (who, now.clone()).prop_map(|(w, n)| Event::Appeal { by: w, now: n }),
            any::<bool>().prop_map(|u| Event::Decide { uphold: u }),
            now.clone().prop_map(|n| Event::Ratify { now: n }),
            now.prop_map(|n| Event::Enforce { now: n }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No sequence of events reaches Enforced (or Closed) without a
        /// ruling; an overturned ruling is never enforced; an expulsion is
        /// enforced only after ratification; a withdrawn case stays so.
        #[test]
        fn no_enforcement_without_a_standing_ruling(events in proptest::collection::vec(arb_event(), 0..40)) {
            let mut sim = Sim::new();
            let mut ruled = false;
            let mut overturned = false;
            let mut ratified = false;
            let mut appealed_after_window = false;
            for e in events {
                let before = sim.status;
                let facts_before = sim.facts;
                match sim.apply(e) {
                    Ok(to) => {
                        prop_assert!(!before.is_terminal(), "left terminal {:?} by {:?}", before, e);
                        match e {
                            Event::Rule { .. } => ruled = true,
                            Event::Decide { uphold: false } => overturned = true,
                            Event::Ratify { .. } => ratified = true,
                            Event::Appeal { now, .. } if now >= facts_before.appeal_until => appealed_after_window = true,
                            Event::Take { arbitrator, .. } => prop_assert!(!facts_before.is_party(arbitrator)),
                            Event::Enforce { now } if before == CaseStatus::Ruled => prop_assert!(now >= facts_before.appeal_until),
                            _ => {}
                        }
                        if matches!(to, CaseStatus::Enforced | CaseStatus::Closed) {
                            prop_assert!(ruled);
                            prop_assert!(!overturned);
                            let ruling = sim.facts.ruling.unwrap();
                            prop_assert_eq!(to == CaseStatus::Enforced, ruling.has_effect());
                            if ruling == Ruling::Expel {
                                prop_assert!(ratified);
                            }
                        }
                    }
                    Err(_) => {
                        prop_assert_eq!(sim.status, before);
                    }
                }
                prop_assert!(!appealed_after_window);
                if overturned {
                    prop_assert_eq!(sim.status, CaseStatus::Overturned);
                }
                prop_assert_eq!(sim.status.has_ruling(), ruled && sim.status != CaseStatus::Withdrawn);
            }
        }

        #[test]
        fn errors_never_move_a_case(status_code in 0u8..10, e in arb_event(), r in arb_ruling(), until in 0u32..(3 * WINDOW)) {
            let status = CaseStatus::from_u8(status_code).unwrap();
            let facts = CaseFacts { claimant: CLAIMANT, respondent: RESPONDENT, arbitrator: ARB, ruling: Some(r), appeal_until: until };
            if let Ok(to) = next(status, &facts, &e) {
                // Every allowed move goes forward in the life cycle, except a
                // re-take which stays Taken.
                prop_assert!(to > status || (to == status && status == CaseStatus::Taken));
            }
        }
    }
}
