//! Properties: under any sequence of votes (for the current content or
//! not), amendments, members resigning or being suspended, the clock
//! moving, and execution attempts, the contract's tally equals a count
//! made from a plain model of who voted what on which content and who is
//! in good standing; `exec` succeeds exactly when the model says the
//! proposal passes (2/3 + 1 of the eligible, quorum 2/3) and the proposal
//! is open; and every rejected action changes nothing.

mod common;

use antelope_sdk::{Checksum256, TimePointSec};
use common::*;
use proptest::prelude::*;

const MEMBERS: [antelope_sdk::Name; 7] = [PROD1, PROD2, PROD3, PROD4, PROD5, PROD6, PROD7];

#[derive(Clone, Debug)]
enum Op {
    /// Member, ballot (3 is invalid), whether it quotes the current hash.
    Vote(usize, u8, bool),
    Amend,
    Resign(usize),
    Suspend(usize, u32),
    Advance(u32),
    Exec,
    Cancel,
}

fn op() -> impl Strategy<Value = Op> {
    // Mostly yes votes, so that proposals do pass. (Cancelling ends a
    // case: it comes once, at the end.)
    let ballot = prop_oneof![6 => Just(1u8), 2 => Just(0u8), 1 => Just(2u8), 1 => Just(3u8)];
    prop_oneof![
        16 => (0usize..7, ballot, prop::bool::weighted(0.9)).prop_map(|(m, b, c)| Op::Vote(m, b, c)),
        1 => Just(Op::Amend),
        1 => (1usize..7).prop_map(Op::Resign),
        1 => (1usize..7, 1u32..3 * DAY).prop_map(|(m, s)| Op::Suspend(m, s)),
        1 => (1u32..2 * DAY).prop_map(Op::Advance),
        3 => Just(Op::Exec),
    ]
}

/// What the model knows.
#[derive(Default)]
struct Model {
    /// Per member: (ballot, content version voted on).
    votes: [Option<(u8, u32)>; 7],
    version: u32,
    resigned: [bool; 7],
    suspended_until: [u32; 7],
    /// 0 open, 1 executed, 2 cancelled.
    status: u8,
}

impl Model {
    fn eligible(&self, i: usize, now: u32) -> bool {
        !self.resigned[i] && now >= self.suspended_until[i]
    }

    /// (yes, no, abstain, eligible).
    fn count(&self, now: u32) -> (u64, u64, u64, u64) {
        let mut c = (0, 0, 0, 0);
        for i in 0..7 {
            if !self.eligible(i, now) {
                continue;
            }
            c.3 += 1;
            match self.votes[i] {
                Some((0, v)) if v == self.version => c.1 += 1,
                Some((1, v)) if v == self.version => c.0 += 1,
                Some((2, v)) if v == self.version => c.2 += 1,
                _ => {}
            }
        }
        c
    }

    fn passes(&self, now: u32) -> bool {
        let (yes, no, abstain, e) = self.count(now);
        3 * yes > 2 * e && 3 * (yes + no + abstain) >= 2 * e && yes > no
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_tally_and_exec_follow_the_model(ops in proptest::collection::vec(op(), 1..40).prop_map(|mut v| { v.push(Op::Cancel); v })) {
        let mut g = Gov::with_seven();
        let mut args = g.proposal_args(PROD1, vec![]);
        let id = g.propose_args(&args);
        let expires = args.expires.secs();
        let mut m = Model::default();
        for op in ops {
            let now = g.now_sec();
            let open = m.status == 0 && now < expires;
            let before = g.snapshot();
            let result = match &op {
                Op::Vote(i, ballot, current) => {
                    let hash = if *current {
                        g.proposal(id).unwrap().content_hash
                    } else {
                        Checksum256([0xab; 32])
                    };
                    let r = g.vote_for(MEMBERS[*i], id, *ballot, hash);
                    let ok = open && *ballot < 3 && *current && m.eligible(*i, now);
                    prop_assert_eq!(r.is_ok(), ok, "{:?}: {:?}", op, r);
                    if ok {
                        m.votes[*i] = Some((*ballot, m.version));
                    }
                    r.is_ok()
                }
                Op::Amend => {
                    args.title = format!("version {}", m.version + 1);
                    let r = g.amend_with(&Gov::amend_args(id, &args));
                    // prod1 never resigns nor is suspended here.
                    prop_assert_eq!(r.is_ok(), open, "{:?}", r);
                    if open {
                        m.version += 1;
                    }
                    r.is_ok()
                }
                Op::Resign(i) => {
                    let r = g.resign(MEMBERS[*i]);
                    // Resigning needs an effectively active member.
                    let ok = !m.resigned[*i] && now >= m.suspended_until[*i];
                    prop_assert_eq!(r.is_ok(), ok, "{:?}", r);
                    if ok {
                        m.resigned[*i] = true;
                    }
                    r.is_ok()
                }
                Op::Suspend(i, secs) => {
                    let r = g.enforce(MEMBERS[*i], 2, now + secs);
                    let ok = !m.resigned[*i];
                    prop_assert_eq!(r.is_ok(), ok, "{:?}", r);
                    if ok {
                        m.suspended_until[*i] = now + secs;
                    }
                    r.is_ok()
                }
                Op::Advance(secs) => {
                    g.chain.advance_time(*secs);
                    true
                }
                Op::Exec => {
                    let r = g.exec(id);
                    let ok = open && m.passes(now);
                    prop_assert_eq!(r.is_ok(), ok, "{:?} with {:?}", r, m.count(now));
                    if ok {
                        m.status = 1;
                        let p = g.proposal(id).unwrap();
                        let (yes, no, abstain, e) = m.count(now);
                        prop_assert_eq!(
                            (p.yes as u64, p.no as u64, p.abstain as u64, p.eligible as u64),
                            (yes, no, abstain, e)
                        );
                    }
                    r.is_ok()
                }
                Op::Cancel => {
                    let r = g.cancel(PROD1, id);
                    prop_assert_eq!(r.is_ok(), open, "{:?}", r);
                    if open {
                        m.status = 2;
                    }
                    r.is_ok()
                }
            };
            if !result {
                prop_assert_eq!(&g.snapshot(), &before, "{:?} failed but changed state", op);
            }
            let now = g.now_sec();
            if m.status == 0 {
                let t = g.tally(id);
                let (yes, no, abstain, e) = m.count(now);
                prop_assert_eq!((t.yes, t.no, t.abstain, t.eligible), (yes, no, abstain, e));
            }
            prop_assert_eq!(g.proposal(id).unwrap().expires, TimePointSec::from_secs(expires));
        }
    }
}
