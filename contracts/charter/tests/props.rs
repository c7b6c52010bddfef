//! Property test on chain: random sequences of case actions, arbitrator
//! changes and time, checked step by step against the pure life cycle
//! (`pool_core::cases::next`) and against what the members contract shows.

mod common;

use antelope_sdk::Name;
use common::*;
use pool_core::cases::{next, CaseStatus, Event, Ruling, MAX_SUSPEND_DAYS};
use pool_core::membership::Status;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Take(Name),
    Rule(Name, Ruling),
    /// A ruling by whoever took the case (the usual case).
    RuleByTaker(Ruling),
    Appeal(Name),
    Decide(bool),
    Ratify,
    Enforce,
    Withdraw(Name),
    Unappoint(Name),
    Appoint(Name),
    Wait(u32),
}

fn who() -> impl Strategy<Value = Name> {
    // prod1 and prod2 are the parties (prod1 is also appointed), prod3 is
    // neither, arb1 and arb2 are arbitrators.
    prop_oneof![
        Just(PROD1),
        Just(PROD2),
        Just(PROD3),
        Just(ARB1),
        Just(ARB2)
    ]
}

fn ruling() -> impl Strategy<Value = Ruling> {
    prop_oneof![
        Just(Ruling::Dismiss),
        Just(Ruling::Warn),
        (1u16..=MAX_SUSPEND_DAYS).prop_map(|days| Ruling::Suspend { days }),
        Just(Ruling::Forfeit),
        Just(Ruling::Expel),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => who().prop_map(Op::Take),
        1 => (who(), ruling()).prop_map(|(w, r)| Op::Rule(w, r)),
        4 => ruling().prop_map(Op::RuleByTaker),
        3 => who().prop_map(Op::Appeal),
        2 => any::<bool>().prop_map(Op::Decide),
        3 => Just(Op::Ratify),
        4 => Just(Op::Enforce),
        1 => who().prop_map(Op::Withdraw),
        1 => prop_oneof![Just(ARB1), Just(ARB2)].prop_map(Op::Unappoint),
        1 => prop_oneof![Just(ARB1), Just(ARB2)].prop_map(Op::Appoint),
        4 => prop_oneof![Just(1u32), Just(DAY), Just(WINDOW), Just(WINDOW), 0u32..(2 * WINDOW)].prop_map(Op::Wait),
    ]
}

fn appointed(t: &mut Tester, account: Name) -> bool {
    t.chain
        .row::<pool_charter::tables::Arbitrator>(CHARTER, CHARTER.raw(), account.raw())
        .is_some()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_contract_follows_the_life_cycle_and_enforces_only_standing_rulings(ops in proptest::collection::vec(op(), 1..30)) {
        let mut t = Tester::new();
        t.appoint(CHARTER, PROD1).unwrap();
        let id = t.file_ok(PROD1, PROD2);
        let mut overturned = false;
        let mut enforced = false;

        for op in ops {
            let case = t.case(id);
            let op = match op {
                Op::RuleByTaker(r) if case.arbitrator != Name::EMPTY => Op::Rule(case.arbitrator, r),
                Op::RuleByTaker(r) => Op::Rule(ARB1, r),
                op => op,
            };
            let status = CaseStatus::from_u8(case.status).unwrap();
            let facts = case.facts();
            let now = t.now_sec();
            let member_before = t.member(PROD2);
            let event = match &op {
                Op::Take(a) => {
                    let current = case.arbitrator != Name::EMPTY && appointed(&mut t, case.arbitrator);
                    Some(Event::Take { arbitrator: a.raw(), appointed: appointed(&mut t, *a), current_appointed: current })
                }
                Op::Rule(a, r) => Some(Event::Rule { arbitrator: a.raw(), appointed: appointed(&mut t, *a), ruling: *r }),
                Op::Appeal(p) => Some(Event::Appeal { by: p.raw(), now }),
                Op::Decide(u) => Some(Event::Decide { uphold: *u }),
                Op::Ratify => Some(Event::Ratify { now }),
                Op::Enforce => Some(Event::Enforce { now }),
                Op::Withdraw(c) => Some(Event::Withdraw { by: c.raw() }),
                Op::Unappoint(_) | Op::Appoint(_) | Op::Wait(_) | Op::RuleByTaker(_) => None,
            };
            let result = match &op {
                Op::Take(a) => t.take(*a, id),
                Op::Rule(a, r) => t.rule(*a, id, r.code(), r.days()),
                Op::Appeal(p) => t.appeal(*p, id),
                Op::Decide(u) => t.decide(CHARTER, id, *u),
                Op::Ratify => t.ratify(CHARTER, id),
                Op::Enforce => t.enforce(PROD3, id),
                Op::Withdraw(c) => t.withdraw(*c, id),
                Op::Unappoint(a) => { let _ = t.unappoint(CHARTER, *a); continue; }
                Op::Appoint(a) => { let _ = t.appoint(CHARTER, *a); continue; }
                Op::Wait(s) => { t.chain.advance_time(*s); continue; }
                Op::RuleByTaker(_) => unreachable!("mapped to Rule above"),
            };
            let event = event.unwrap();
            // Who signs is checked by the chain before the rules; the
            // wrappers always sign as the actor, so the rules decide.
            let expected = next(status, &facts, &event);
            match (&expected, &result) {
                (Ok(to), Ok(_)) => prop_assert_eq!(t.status(id), *to),
                (Err(msg), Err(e)) => {
                    prop_assert_eq!(&e.message, msg);
                    prop_assert_eq!(t.status(id), status);
                }
                _ => prop_assert!(false, "{:?} {:?}: expected {:?}, got {:?}", status, op, expected, result),
            }
            if matches!(event, Event::Decide { uphold: false }) && result.is_ok() {
                overturned = true;
            }
            let member_after = t.member(PROD2);
            if member_after != member_before {
                // Only an enforcement changes the respondent, once, and
                // never after the ruling was overturned.
                prop_assert!(matches!(op, Op::Enforce) && result.is_ok());
                prop_assert!(!overturned);
                prop_assert!(!enforced);
                let ruling = facts.ruling.unwrap();
                match ruling {
                    Ruling::Suspend { days } => {
                        prop_assert_eq!(member_after.status, Status::Suspended.as_u8());
                        prop_assert_eq!(member_after.suspended_until.secs(), now + days as u32 * DAY);
                    }
                    Ruling::Expel => {
                        prop_assert_eq!(status, CaseStatus::Ratified);
                        prop_assert_eq!(member_after.status, Status::Expelled.as_u8());
                    }
                    other => prop_assert!(false, "{:?} changed the member", other),
                }
            }
            if matches!(op, Op::Enforce) && result.is_ok() {
                enforced = true;
            }
        }
    }
}
