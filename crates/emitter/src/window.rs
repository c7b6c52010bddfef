//! From the event log to the windows `pool.metrics` ingests.
//!
//! A window is `[start, start + window_sec)` with `start` a multiple of
//! `window_sec` (Unix seconds); it holds `2 * window_sec` slots. A slot
//! belongs to the window its start time falls in.
//!
//! The aggregator reads events in slot order and emits each window once it
//! is *closed*: a later slot was logged, or its own last slot was. So a
//! window the emitter is still logging is never emitted, and the last
//! window of a log cut mid-window is left out ([`Aggregator::finish`]
//! says so). Windows with no logged slot between two logged ones (the
//! emitter was down) are emitted with no entries: the chain requires each
//! report to start where the previous one ended, and an empty window says
//! "no data" without charging any member with a miss. The first window of
//! a log, and any window the emitter was down for part of, may have fewer
//! logged slots than `2 * window_sec`; its entries count only logged slots.
//!
//! Per member and window ([`MetricEntry`]): `slots` = logged slots that name
//! the member (it proposed or missed), `proposed` = its proposals (late or
//! not), `selected` = slots whose emitted block was its, `late` = its
//! proposals past the deadline, `latency_ms` = the sum of its proposals'
//! latencies. Entries are sorted by account name (which is the chain's
//! name order) and a member appears at most once.

use crate::event::SlotEvent;
use crate::name;
use crate::time::{self, TimeMs, SLOTS_PER_SEC};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest window accepted: one week (keeps every count within `u32`).
pub const MAX_WINDOW_SEC: u32 = 7 * 86_400;

/// One member's figures for one window, as the `report` action takes them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricEntry {
    pub member: String,
    pub slots: u32,
    pub proposed: u32,
    pub selected: u32,
    pub late: u32,
    pub latency_ms: u64,
}

/// One closed window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Unix seconds, a multiple of the window length.
    pub start: u64,
    /// `start + window_sec`.
    pub end: u64,
    /// Slots of this window present in the log (at most `2 * window_sec`).
    pub logged_slots: u32,
    /// Logged slots with an emitted block.
    pub selected_slots: u32,
    pub entries: Vec<MetricEntry>,
}

impl Window {
    /// Slots in the window: two per second.
    pub fn capacity(&self) -> u64 {
        (self.end - self.start) * SLOTS_PER_SEC
    }

    /// The checks `pool.metrics` makes on a report's window and entries
    /// (besides those that need chain state: registration, sequence,
    /// contiguity, time, batch size). An aggregated window always passes;
    /// the reporter checks again before pushing.
    pub fn check(&self, window_sec: u32) -> Result<(), String> {
        let w = u64::from(window_sec);
        let at = time::format_secs(self.start);
        if w == 0 || !self.start.is_multiple_of(w) {
            return Err(format!("window {at} is not aligned to {window_sec} s"));
        }
        if self.end != self.start + w {
            return Err(format!("window {at} is not {window_sec} s long"));
        }
        let cap = self.capacity();
        let mut selected = 0u64;
        let mut previous: Option<u64> = None;
        for e in &self.entries {
            let v = name::value(&e.member)?;
            if previous.is_some_and(|p| p >= v) {
                return Err(format!(
                    "window {at}: entries are not sorted by member or repeat {}",
                    e.member
                ));
            }
            previous = Some(v);
            let fail = |what: &str| Err(format!("window {at}, member {}: {what}", e.member));
            if u64::from(e.slots) > cap {
                return fail("more slots than the window has");
            }
            if e.proposed > e.slots {
                return fail("proposed > slots");
            }
            if e.selected > e.proposed {
                return fail("selected > proposed");
            }
            if e.late > e.proposed {
                return fail("late > proposed");
            }
            selected += u64::from(e.selected);
        }
        if selected > cap {
            return Err(format!(
                "window {at}: {selected} selected blocks in {cap} slots"
            ));
        }
        Ok(())
    }
}

/// A window the log stops inside of: not emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenWindow {
    pub start: u64,
    pub end: u64,
    pub logged_slots: u32,
}

#[derive(Default)]
struct Acc {
    slots: u32,
    proposed: u32,
    selected: u32,
    late: u32,
    latency_ms: u64,
}

struct Building {
    start: u64,
    logged_slots: u32,
    selected_slots: u32,
    // Keyed by name value: the chain's order.
    members: BTreeMap<u64, (String, Acc)>,
}

impl Building {
    fn new(start: u64) -> Self {
        Building {
            start,
            logged_slots: 0,
            selected_slots: 0,
            members: BTreeMap::new(),
        }
    }

    fn add(&mut self, ev: &SlotEvent) {
        // Counts fit in u32: a window has at most 2 * MAX_WINDOW_SEC slots
        // and each slot adds at most one to each count. Latencies are at
        // most MAX_LATENCY_MS each, so a window's sum stays below 2^43.
        self.logged_slots += 1;
        for p in &ev.proposals {
            let a = self.acc(&p.member);
            a.slots += 1;
            a.proposed += 1;
            a.late += u32::from(p.late);
            a.latency_ms += p.latency_ms;
        }
        for m in &ev.missed {
            self.acc(m).slots += 1;
        }
        if let Some(sel) = &ev.selected {
            self.acc(sel).selected += 1;
            self.selected_slots += 1;
        }
    }

    fn acc(&mut self, who: &str) -> &mut Acc {
        let v = name::value(who).expect("event names are validated");
        &mut self
            .members
            .entry(v)
            .or_insert_with(|| (who.to_string(), Acc::default()))
            .1
    }

    fn close(self, window_sec: u64) -> Window {
        Window {
            start: self.start,
            end: self.start + window_sec,
            logged_slots: self.logged_slots,
            selected_slots: self.selected_slots,
            entries: self
                .members
                .into_values()
                .map(|(member, a)| MetricEntry {
                    member,
                    slots: a.slots,
                    proposed: a.proposed,
                    selected: a.selected,
                    late: a.late,
                    latency_ms: a.latency_ms,
                })
                .collect(),
        }
    }
}

/// Streams events (in increasing slot order, as [`crate::event::EventReader`]
/// guarantees) into closed windows.
pub struct Aggregator {
    window_sec: u64,
    current: Option<Building>,
    /// End of the last emitted window: where the next one must start.
    next_start: Option<u64>,
    last_slot: Option<u64>,
}

impl Aggregator {
    pub fn new(window_sec: u32) -> Result<Self, String> {
        if window_sec == 0 || window_sec > MAX_WINDOW_SEC {
            return Err(format!(
                "window length {window_sec} s out of range 1..={MAX_WINDOW_SEC}"
            ));
        }
        Ok(Aggregator {
            window_sec: u64::from(window_sec),
            current: None,
            next_start: None,
            last_slot: None,
        })
    }

    pub fn window_sec(&self) -> u32 {
        self.window_sec as u32
    }

    /// The start of the window holding `t`.
    pub fn window_of(&self, t: TimeMs) -> u64 {
        t.secs() / self.window_sec * self.window_sec
    }

    /// Adds one event; returns the windows it closed, in order (the
    /// previous window, empty windows for a gap, and the event's own
    /// window when the event is its last slot).
    ///
    /// # Panics
    /// If slots do not increase: the reader rejects such lines first.
    pub fn push(&mut self, ev: &SlotEvent) -> Vec<Window> {
        assert!(
            self.last_slot.is_none_or(|s| ev.slot > s),
            "events must come in increasing slot order"
        );
        self.last_slot = Some(ev.slot);
        let mut closed = Vec::new();
        let start = self.window_of(ev.time());
        if let Some(b) = self.current.take_if(|b| b.start != start) {
            let w = b.close(self.window_sec);
            self.next_start = Some(w.end);
            closed.push(w);
        }
        if self.current.is_none() {
            if let Some(mut gap) = self.next_start {
                while gap < start {
                    closed.push(Building::new(gap).close(self.window_sec));
                    gap += self.window_sec;
                }
            }
            self.current = Some(Building::new(start));
        }
        let b = self.current.as_mut().expect("set above");
        b.add(ev);
        let end_ms = (start + self.window_sec) * 1000;
        if ev.time().0 + time::SLOT_MS == end_ms {
            let w = self
                .current
                .take()
                .expect("set above")
                .close(self.window_sec);
            self.next_start = Some(w.end);
            closed.push(w);
        }
        closed
    }

    /// The window the log stopped inside of, if any (not emitted: the
    /// emitter may still be logging it).
    pub fn finish(self) -> Option<OpenWindow> {
        let w = self.window_sec;
        self.current.map(|b| OpenWindow {
            start: b.start,
            end: b.start + w,
            logged_slots: b.logged_slots,
        })
    }
}

/// Aggregates a whole sequence of events (convenience for tests and small
/// logs).
pub fn aggregate<'a>(
    window_sec: u32,
    events: impl IntoIterator<Item = &'a SlotEvent>,
) -> Result<(Vec<Window>, Option<OpenWindow>), String> {
    let mut agg = Aggregator::new(window_sec)?;
    let mut windows = Vec::new();
    for ev in events {
        windows.extend(agg.push(ev));
    }
    Ok((windows, agg.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Proposal;
    use proptest::prelude::*;

    /// Slot of 2026-11-21T00:00:00 (a multiple of every window length used
    /// here).
    const T0: u64 = 1_697_068_800;

    fn ev(slot: u64, props: &[(&str, u64, bool)], missed: &[&str], sel: Option<&str>) -> SlotEvent {
        SlotEvent {
            slot,
            proposals: props
                .iter()
                .map(|(m, l, late)| Proposal {
                    member: m.to_string(),
                    latency_ms: *l,
                    late: *late,
                })
                .collect(),
            missed: missed.iter().map(|m| m.to_string()).collect(),
            selected: sel.map(str::to_string),
        }
    }

    fn start_secs() -> u64 {
        TimeMs::of_slot(T0).secs()
    }

    #[test]
    fn one_full_window_counts_per_member() {
        // window_sec 1: two slots.
        let events = [
            ev(
                T0,
                &[("prod2", 50, false), ("prod1", 400, true)],
                &["prod3"],
                Some("prod2"),
            ),
            ev(
                T0 + 1,
                &[("prod1", 80, false)],
                &["prod2", "prod3"],
                Some("prod1"),
            ),
        ];
        let (windows, open) = aggregate(1, &events).unwrap();
        assert_eq!(open, None);
        assert_eq!(windows.len(), 1);
        let w = &windows[0];
        assert_eq!((w.start, w.end), (start_secs(), start_secs() + 1));
        assert_eq!((w.logged_slots, w.selected_slots), (2, 2));
        let e = |m: &str, slots, proposed, selected, late, latency_ms| MetricEntry {
            member: m.into(),
            slots,
            proposed,
            selected,
            late,
            latency_ms,
        };
        assert_eq!(
            w.entries,
            vec![
                e("prod1", 2, 2, 1, 1, 480),
                e("prod2", 2, 1, 1, 0, 50),
                e("prod3", 2, 0, 0, 0, 0),
            ]
        );
        assert_eq!(w.check(1), Ok(()));
    }

    #[test]
    fn gaps_become_empty_windows_and_the_open_window_is_held_back() {
        let events = [
            ev(T0, &[("prod1", 10, false)], &[], Some("prod1")),
            // Window 2 s long = 4 slots; slots T0+1..T0+11 missing.
            ev(T0 + 12, &[("prod1", 10, false)], &[], Some("prod1")),
            ev(T0 + 13, &[], &["prod1"], None),
        ];
        let (windows, open) = aggregate(2, &events).unwrap();
        let s = start_secs();
        let spans: Vec<_> = windows
            .iter()
            .map(|w| (w.start - s, w.logged_slots, w.entries.len()))
            .collect();
        assert_eq!(spans, vec![(0, 1, 1), (2, 0, 0), (4, 0, 0)]);
        assert_eq!(
            open,
            Some(OpenWindow {
                start: s + 6,
                end: s + 8,
                logged_slots: 2
            })
        );
    }

    #[test]
    fn a_window_closes_on_its_last_slot() {
        let mut agg = Aggregator::new(1).unwrap();
        assert!(agg.push(&ev(T0, &[], &["prod1"], None)).is_empty());
        let closed = agg.push(&ev(T0 + 1, &[], &["prod1"], None));
        assert_eq!(closed.len(), 1);
        assert_eq!(agg.finish(), None);
    }

    #[test]
    fn window_length_is_bounded() {
        assert!(Aggregator::new(0).is_err());
        assert!(Aggregator::new(MAX_WINDOW_SEC + 1).is_err());
        assert!(Aggregator::new(MAX_WINDOW_SEC).is_ok());
    }

    #[test]
    fn check_catches_what_the_contract_rejects() {
        let s = start_secs();
        let good = MetricEntry {
            member: "prod1".into(),
            slots: 10,
            proposed: 8,
            selected: 5,
            late: 2,
            latency_ms: 100,
        };
        let window = |entries: Vec<MetricEntry>| Window {
            start: s,
            end: s + 60,
            logged_slots: 0,
            selected_slots: 0,
            entries,
        };
        assert_eq!(window(vec![good.clone()]).check(60), Ok(()));
        let bad = |f: &dyn Fn(&mut MetricEntry), why: &str| {
            let mut e = good.clone();
            f(&mut e);
            let err = window(vec![e]).check(60).unwrap_err();
            assert!(err.contains(why), "{err}");
        };
        bad(&|e| e.slots = 121, "more slots than the window has");
        bad(&|e| e.proposed = 11, "proposed > slots");
        bad(&|e| e.selected = 9, "selected > proposed");
        bad(&|e| e.late = 9, "late > proposed");
        bad(&|e| e.member = "BAD".into(), "bad account name");
        let mut twice = window(vec![good.clone(), good.clone()]);
        assert!(twice.check(60).unwrap_err().contains("not sorted"));
        twice.entries[1].member = "prod0".into();
        assert!(twice.check(60).is_err());
        let mut many = Vec::new();
        for i in 1..=5 {
            many.push(MetricEntry {
                member: format!("prod{i}"),
                slots: 120,
                proposed: 120,
                selected: 25,
                late: 0,
                latency_ms: 0,
            });
        }
        assert!(window(many)
            .check(60)
            .unwrap_err()
            .contains("selected blocks in 120 slots"));
        let mut off = window(vec![]);
        off.start += 1;
        off.end += 1;
        assert!(off.check(60).unwrap_err().contains("not aligned"));
        let mut long = window(vec![]);
        long.end += 60;
        assert!(long.check(60).unwrap_err().contains("not 60 s long"));
    }

    /// A random log: per slot, a random subset of 6 members present, each
    /// present member proposing or not, a random proposer selected or none.
    fn arb_log() -> impl Strategy<Value = Vec<SlotEvent>> {
        let slot = (
            1u64..5,
            proptest::collection::vec((0u8..3, 0u64..2000, any::<bool>()), 6),
            any::<prop::sample::Index>(),
            any::<bool>(),
        );
        proptest::collection::vec(slot, 0..400).prop_map(|slots| {
            let mut at = T0 + 7;
            let mut out = Vec::new();
            for (step, members, pick, select) in slots {
                at += step;
                let mut e = ev(at, &[], &[], None);
                for (i, (what, lat, late)) in members.into_iter().enumerate() {
                    let m = ["prod1", "prod2", "prod3", "prod4", "prod5", "proda"][i].to_string();
                    match what {
                        0 => {}
                        1 => e.missed.push(m),
                        _ => e.proposals.push(Proposal {
                            member: m,
                            latency_ms: lat,
                            late,
                        }),
                    }
                }
                if select && !e.proposals.is_empty() {
                    e.selected = Some(e.proposals[pick.index(e.proposals.len())].member.clone());
                }
                out.push(e);
            }
            out
        })
    }

    proptest! {
        #[test]
        fn aggregation_conserves_counts_and_passes_the_contract_checks(
            log in arb_log(),
            window_sec in prop::sample::select(vec![1u32, 2, 3, 7, 60]),
        ) {
            let (windows, open) = aggregate(window_sec, &log).unwrap();
            let w = u64::from(window_sec);
            // Windows are aligned, exactly window_sec long, contiguous.
            for pair in windows.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
            }
            for win in &windows {
                prop_assert_eq!(win.start % w, 0);
                prop_assert_eq!(win.check(window_sec), Ok(()));
                let sel: u32 = win.entries.iter().map(|e| e.selected).sum();
                prop_assert_eq!(sel, win.selected_slots);
            }
            // Every event lands in exactly one emitted window or the open one.
            let emitted_end = windows.last().map(|w| w.end * 1000).unwrap_or(0);
            let in_windows: Vec<&SlotEvent> =
                log.iter().filter(|e| e.time().0 < emitted_end).collect();
            let logged: u32 = windows.iter().map(|w| w.logged_slots).sum();
            prop_assert_eq!(logged as usize, in_windows.len());
            prop_assert_eq!(
                open.as_ref().map(|o| o.logged_slots as usize).unwrap_or(0),
                log.len() - in_windows.len()
            );
            let sum = |f: &dyn Fn(&MetricEntry) -> u64| -> u64 {
                windows.iter().flat_map(|w| &w.entries).map(f).sum()
            };
            let selected_slots = in_windows.iter().filter(|e| e.selected.is_some()).count() as u64;
            prop_assert_eq!(sum(&|e| u64::from(e.selected)), selected_slots);
            let proposals: u64 = in_windows.iter().map(|e| e.proposals.len() as u64).sum();
            prop_assert_eq!(sum(&|e| u64::from(e.proposed)), proposals);
            let presences: u64 = in_windows
                .iter()
                .map(|e| (e.proposals.len() + e.missed.len()) as u64)
                .sum();
            prop_assert_eq!(sum(&|e| u64::from(e.slots)), presences);
            let late: u64 = in_windows
                .iter()
                .flat_map(|e| &e.proposals)
                .filter(|p| p.late)
                .count() as u64;
            prop_assert_eq!(sum(&|e| u64::from(e.late)), late);
            let latency: u64 = in_windows
                .iter()
                .flat_map(|e| &e.proposals)
                .map(|p| p.latency_ms)
                .sum();
            prop_assert_eq!(sum(&|e| e.latency_ms), latency);
        }

        #[test]
        fn streaming_equals_batch_whatever_the_split(log in arb_log(), cut in any::<prop::sample::Index>()) {
            // Closing is decided by the events alone: aggregating a prefix
            // emits a prefix of the windows of the whole log.
            let (all, _) = aggregate(3, &log).unwrap();
            let k = if log.is_empty() { 0 } else { cut.index(log.len() + 1) };
            let (part, _) = aggregate(3, &log[..k]).unwrap();
            prop_assert!(part.len() <= all.len());
            prop_assert_eq!(&all[..part.len()], &part[..]);
        }
    }
}
