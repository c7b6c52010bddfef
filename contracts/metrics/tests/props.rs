//! Properties of the contract under any sequence of reports (valid or
//! not, agreeing or not, from three emitters), quorum changes, emitter
//! removals and registrations, pruning and the passing of time:
//!
//! - a rejected action changes nothing (all-or-nothing);
//! - a window becomes final exactly when the quorum of distinct registered
//!   emitters reported one hash, with that hash, once;
//! - every day's aggregates equal the sum of the entries of its final
//!   windows (kept by the test, since pruning removes the raw rows).

mod common;

use antelope_sdk::{Checksum256, Name};
use common::*;
use pool_metrics::tables::{DayStats, MemberDay, MetricEntry};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
enum Op {
    /// An emitter reports: seq = last + `dseq`, window = its next one
    /// moved by `dwin` windows (its first: window `dwin + 1`), content
    /// `variant`, possibly spoiled.
    Report {
        emitter: usize,
        dseq: u64,
        dwin: i64,
        variant: u32,
        spoil: Option<u8>,
    },
    Advance(u32),
    Prune(u32),
    SetQuorum(u8),
    Remove(usize),
    Register(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => (0..3usize, prop_oneof![8 => Just(1u64), 1 => Just(0u64), 1 => Just(3u64)],
               prop_oneof![8 => Just(0i64), 1 => Just(-1i64), 1 => Just(1i64)],
               0..3u32,
               prop_oneof![6 => Just(None), 1 => (0u8..5).prop_map(Some)])
            .prop_map(|(emitter, dseq, dwin, variant, spoil)| Op::Report { emitter, dseq, dwin, variant, spoil }),
        3 => prop_oneof![0u32..120, Just(RETENTION), Just(DAY)].prop_map(Op::Advance),
        1 => (1u32..6).prop_map(Op::Prune),
        1 => (0u8..4).prop_map(Op::SetQuorum),
        1 => (0..3usize).prop_map(Op::Remove),
        1 => (0..3usize).prop_map(Op::Register),
    ]
}

/// The content of window `n` in variant `v`: variant 0 is what honest
/// emitters see; 1 and 2 differ.
fn content(n: u32, v: u32) -> Vec<MetricEntry> {
    let count = (n % 5 + 1) as usize;
    PRODUCERS[..count]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let proposed = (n * 7 + i as u32 * 31 + v * 3) % (SLOTS + 1);
            entry(
                *p,
                SLOTS,
                proposed,
                proposed / 5,
                proposed / 10,
                u64::from(proposed) * 150,
            )
        })
        .collect()
}

fn spoil(mut entries: Vec<MetricEntry>, how: u8) -> Vec<MetricEntry> {
    match how {
        0 => entries.push(entry(ALICE, SLOTS, 0, 0, 0, 0)),
        1 => entries.push(
            entries
                .first()
                .copied()
                .unwrap_or_else(|| entry(PROD1, 1, 1, 1, 1, 1)),
        ),
        2 => entries.push(entry(PROD5, SLOTS, 10, 11, 0, 0)),
        3 => entries.push(entry(PROD5, SLOTS + 1, 0, 0, 0, 0)),
        _ => entries = vec![entry(PROD1, 0, 0, 0, 0, 0); 11],
    }
    entries
}

/// What the test knows independently of the contract's tables.
#[derive(Default)]
struct Model {
    /// Per window start: (emitter, hash) of each report accepted.
    reports: BTreeMap<u32, Vec<(Name, Checksum256)>>,
    registered: BTreeSet<Name>,
    quorum: u8,
    members: BTreeMap<(u64, Name), MemberDay>,
    days: BTreeMap<u64, DayStats>,
}

impl Model {
    fn add_final(&mut self, start: u32, entries: &[MetricEntry]) {
        let d = day(start);
        let s = self.days.entry(d).or_insert(DayStats {
            day: d,
            windows_final: 0,
            windows_empty: 0,
            slots: 0,
        });
        s.windows_final += 1;
        if entries.is_empty() {
            s.windows_empty += 1;
        } else {
            s.slots += u64::from(SLOTS);
        }
        for e in entries {
            let m = self.members.entry((d, e.member)).or_insert(MemberDay {
                member: e.member,
                slots: 0,
                proposed: 0,
                selected: 0,
                late: 0,
                latency_ms: 0,
                windows: 0,
            });
            m.slots += u64::from(e.slots);
            m.proposed += u64::from(e.proposed);
            m.selected += u64::from(e.selected);
            m.late += u64::from(e.late);
            m.latency_ms += e.latency_ms;
            m.windows += 1;
        }
    }

    /// Distinct registered emitters that reported `hash` for `start`.
    fn tally(&self, start: u32, hash: &Checksum256) -> usize {
        self.reports
            .get(&start)
            .map(|v| {
                v.iter()
                    .filter(|(e, h)| h == hash && self.registered.contains(e))
                    .map(|(e, _)| *e)
                    .collect::<BTreeSet<_>>()
                    .len()
            })
            .unwrap_or(0)
    }
}

/// Runs one operation and checks what it did; `Err` describes a broken
/// property.
fn step(t: &mut Tester, model: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    let before = t.snapshot();
    match *op {
        Op::Report {
            emitter,
            dseq,
            dwin,
            variant,
            spoil: spoiled,
        } => {
            let e = EMITTERS[emitter];
            let (last_seq, last_end) = t
                .emitter(e)
                .map_or((0, 0), |r| (r.last_seq, r.last_end.secs()));
            let next = if last_end == 0 { win(1) } else { last_end };
            let start = (i64::from(next) + dwin * i64::from(W)) as u32;
            let n = (start - T0) / W;
            let entries = match spoiled {
                Some(how) => spoil(content(n, variant), how),
                None => content(n, variant),
            };
            let hash = hash_of(start, &entries);
            let window_before = t.window(start);
            let result = t.report(e, last_seq + dseq, start, entries.clone());
            let window_after = t.window(start);
            match result {
                Err(_) => {
                    prop_assert_eq!(t.snapshot(), before, "a refused report changed something")
                }
                Ok(_) => {
                    prop_assert!(spoiled.is_none(), "a spoiled report was accepted");
                    prop_assert!(dseq > 0);
                    model.reports.entry(start).or_default().push((e, hash));
                    let w = window_after.expect("the window has a row");
                    let was_final = window_before.as_ref().is_some_and(|w| w.status == 1);
                    if was_final {
                        let wb = window_before.unwrap();
                        prop_assert_eq!(w.hash, wb.hash, "a final hash changed");
                        prop_assert_eq!(
                            &t.snapshot().days,
                            &before.days,
                            "a final window counted twice"
                        );
                    } else if w.status == 1 {
                        prop_assert_eq!(w.hash, hash);
                        prop_assert!(model.tally(start, &hash) >= usize::from(model.quorum));
                        model.add_final(start, &entries);
                    } else {
                        prop_assert!(model.tally(start, &hash) < usize::from(model.quorum));
                    }
                }
            }
        }
        Op::Advance(secs) => t.chain.advance_time(secs),
        Op::Prune(rows) => {
            let windows = t.windows().len() + t.reports().len();
            if t.prune(rows).is_err() {
                prop_assert_eq!(t.snapshot(), before);
            } else {
                let left = t.windows().len() + t.reports().len();
                prop_assert!(left < windows && windows - left <= rows as usize);
            }
        }
        Op::SetQuorum(q) => {
            if t.setquorum_as(METRICS, q).is_ok() {
                model.quorum = q;
            } else {
                prop_assert_eq!(t.snapshot(), before);
            }
        }
        Op::Remove(i) => {
            if t.rmemitter(EMITTERS[i]).is_ok() {
                model.registered.remove(&EMITTERS[i]);
            } else {
                prop_assert_eq!(t.snapshot(), before);
            }
        }
        Op::Register(i) => {
            if t.regemitter(EMITTERS[i]).is_ok() {
                model.registered.insert(EMITTERS[i]);
            } else {
                prop_assert_eq!(t.snapshot(), before);
            }
        }
    }
    // The aggregates are the sums of the final windows' entries.
    let stats: Vec<DayStats> = t.chain.rows(METRICS, METRICS.raw());
    prop_assert_eq!(stats, model.days.values().cloned().collect::<Vec<_>>());
    let mut members = BTreeMap::new();
    for d in model.days.keys() {
        for m in t.days(*d) {
            members.insert((*d, m.member), m);
        }
    }
    prop_assert_eq!(&members, &model.members);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn aggregates_are_the_sum_of_final_windows_and_refusals_change_nothing(
        quorum in 1u8..4,
        ops in prop::collection::vec(op(), 1..80),
    ) {
        let mut t = Tester::new();
        t.regemitter(E2).unwrap();
        t.regemitter(E3).unwrap();
        t.setquorum_as(METRICS, quorum).unwrap();
        let mut model = Model {
            registered: EMITTERS.iter().copied().collect(),
            quorum,
            ..Model::default()
        };
        for op in &ops {
            step(&mut t, &mut model, op)?;
        }
    }
}
