//! The pool simulation: members propose a block every slot, the emitter
//! emits the first one delivered.
//!
//! Per member and slot, in this order:
//! 1. Present? A member is in the pool from slot offset `join_at`
//!    (inclusive) to `leave_at` (exclusive). Absent members are not in the
//!    log line at all and draw nothing.
//! 2. Down? A member that is up starts an outage with probability
//!    `outage_prob`; the outage lasts a geometric number of slots with
//!    mean `outage_mean_slots` (1 = isolated misses), this slot included.
//!    A down member delivers nothing: it is listed in `missed`.
//! 3. Otherwise it delivers a block after a log-normal latency with median
//!    `median_ms` and log-spread `spread` (sigma of the logarithm), rounded
//!    to whole milliseconds. A delivery after `deadline_ms` is *late*.
//!
//! Selection ("first delivered"): proposals are ordered by latency; equal
//! latencies are ordered by a rotation of the configured member list that
//! starts at index `slot mod N` (so no member is favoured by its position).
//! Late proposals always count as proposed. With [`LatePolicy::Fallback`]
//! the first delivered proposal is emitted even if late (it is late only
//! when every proposal of the slot is); with [`LatePolicy::Never`] a late
//! proposal is never emitted and a slot without an on-time proposal emits
//! nothing (`selected: null`).
//!
//! Every member draws from its own random stream, seeded from the run's
//! seed and its account name: adding, removing or re-parametrising one
//! member does not change what the others do.

use crate::event::{Proposal, SlotEvent, MAX_LATENCY_MS};
use crate::name;
use crate::rng::{self, Xoshiro256};
use crate::time::TimeMs;
use serde::{Deserialize, Serialize};

/// What happens to a slot whose proposals are all late.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LatePolicy {
    /// The first delivered proposal is emitted, late or not.
    Fallback,
    /// Late proposals are never emitted.
    Never,
}

impl std::str::FromStr for LatePolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fallback" => Ok(LatePolicy::Fallback),
            "never" => Ok(LatePolicy::Never),
            _ => Err(format!("late policy {s:?}: expected fallback or never")),
        }
    }
}

impl std::fmt::Display for LatePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LatePolicy::Fallback => "fallback",
            LatePolicy::Never => "never",
        })
    }
}

/// One simulated member.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberSpec {
    pub name: String,
    pub median_ms: f64,
    pub spread: f64,
    pub outage_prob: f64,
    pub outage_mean_slots: f64,
    /// First slot offset (from the simulation start) the member is in.
    pub join_at: u64,
    /// First slot offset the member is no longer in; `None`: never leaves.
    pub leave_at: Option<u64>,
}

/// Defaults of a member: median 120 ms, spread 0.6, an outage starting
/// with probability 0.002 per slot, lasting 20 slots on average.
impl MemberSpec {
    pub fn new(name: &str) -> MemberSpec {
        MemberSpec {
            name: name.to_string(),
            median_ms: 120.0,
            spread: 0.6,
            outage_prob: 0.002,
            outage_mean_slots: 20.0,
            join_at: 0,
            leave_at: None,
        }
    }

    fn present(&self, offset: u64) -> bool {
        offset >= self.join_at && self.leave_at.is_none_or(|l| offset < l)
    }
}

/// A whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    /// The first slot's start; must be on a 500 ms boundary.
    pub start: TimeMs,
    pub slots: u64,
    pub seed: u64,
    pub deadline_ms: u64,
    pub late_policy: LatePolicy,
    pub members: Vec<MemberSpec>,
}

/// Most slots one run may simulate: 30 days.
pub const MAX_SLOTS: u64 = 30 * 86_400 * 2;
/// Most members one run may simulate.
pub const MAX_MEMBERS: usize = 1000;

impl SimConfig {
    /// Checks every parameter; the message names the offending one.
    pub fn validate(&self) -> Result<(), String> {
        let first = self
            .start
            .slot()
            .ok_or_else(|| format!("start {} is not on a 500 ms slot boundary", self.start))?;
        if self.slots == 0 || self.slots > MAX_SLOTS {
            return Err(format!("slots must be in 1..={MAX_SLOTS}"));
        }
        if first + self.slots - 1 > crate::event::MAX_SLOT {
            return Err("the run ends after the last block timestamp".into());
        }
        if self.deadline_ms == 0 || self.deadline_ms > MAX_LATENCY_MS {
            return Err(format!("deadline_ms must be in 1..={MAX_LATENCY_MS}"));
        }
        if self.members.is_empty() || self.members.len() > MAX_MEMBERS {
            return Err(format!("1 to {MAX_MEMBERS} members"));
        }
        let mut names: Vec<u64> = Vec::new();
        for m in &self.members {
            let v = name::value(&m.name)?;
            if names.contains(&v) {
                return Err(format!("member {} listed twice", m.name));
            }
            names.push(v);
            let bad = |what: &str| Err(format!("member {}: {what}", m.name));
            if !(m.median_ms.is_finite()
                && m.median_ms > 0.0
                && m.median_ms <= MAX_LATENCY_MS as f64)
            {
                return bad("median_ms must be > 0 and at most 3600000");
            }
            if !(m.spread.is_finite() && (0.0..=5.0).contains(&m.spread)) {
                return bad("spread must be in 0..=5");
            }
            if !(0.0..=1.0).contains(&m.outage_prob) {
                return bad("outage_prob must be in 0..=1");
            }
            if !(m.outage_mean_slots.is_finite() && m.outage_mean_slots >= 1.0) {
                return bad("outage_mean_slots must be >= 1");
            }
            if m.leave_at.is_some_and(|l| l <= m.join_at) {
                return bad("leave_at must be after join_at");
            }
        }
        Ok(())
    }

    /// The run as an iterator of log lines' events.
    pub fn run(&self) -> Result<Simulation, String> {
        self.validate()?;
        Ok(Simulation {
            first_slot: self.start.slot().expect("validated"),
            offset: 0,
            states: self
                .members
                .iter()
                .map(|m| MemberState {
                    rng: rng::stream(self.seed, name::value(&m.name).expect("validated")),
                    down_left: 0,
                })
                .collect(),
            cfg: self.clone(),
        })
    }
}

struct MemberState {
    rng: Xoshiro256,
    /// Slots of the current outage still to come.
    down_left: u64,
}

/// The running simulation; yields one event per slot.
pub struct Simulation {
    cfg: SimConfig,
    first_slot: u64,
    offset: u64,
    states: Vec<MemberState>,
}

impl Iterator for Simulation {
    type Item = SlotEvent;

    fn next(&mut self) -> Option<SlotEvent> {
        if self.offset >= self.cfg.slots {
            return None;
        }
        let offset = self.offset;
        self.offset += 1;
        let slot = self.first_slot + offset;
        let n = self.cfg.members.len() as u64;
        // (latency, rotation rank, member index)
        let mut delivered: Vec<(u64, u64, usize)> = Vec::new();
        let mut missed = Vec::new();
        for (i, (m, st)) in self.cfg.members.iter().zip(&mut self.states).enumerate() {
            if !m.present(offset) {
                continue;
            }
            if st.down_left == 0 && st.rng.bernoulli(m.outage_prob) {
                st.down_left = st.rng.geometric(m.outage_mean_slots);
            }
            if st.down_left > 0 {
                st.down_left -= 1;
                missed.push(m.name.clone());
                continue;
            }
            let ms = st.rng.log_normal(m.median_ms, m.spread).round();
            let latency = if ms.is_finite() {
                (ms.max(0.0) as u64).min(MAX_LATENCY_MS)
            } else {
                MAX_LATENCY_MS
            };
            let rank = (i as u64 + n - slot % n) % n;
            delivered.push((latency, rank, i));
        }
        delivered.sort_unstable();
        let deadline = self.cfg.deadline_ms;
        let selected = delivered
            .first()
            .filter(|(lat, _, _)| self.cfg.late_policy == LatePolicy::Fallback || *lat <= deadline)
            .map(|&(_, _, i)| self.cfg.members[i].name.clone());
        Some(SlotEvent {
            slot,
            proposals: delivered
                .iter()
                .map(|&(latency_ms, _, i)| Proposal {
                    member: self.cfg.members[i].name.clone(),
                    latency_ms,
                    late: latency_ms > deadline,
                })
                .collect(),
            missed,
            selected,
        })
    }
}

/// The JSON configuration file of `simulate` (every field optional;
/// command-line flags override it).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimFile {
    pub start: Option<String>,
    pub slots: Option<u64>,
    pub seed: Option<u64>,
    pub deadline_ms: Option<u64>,
    pub late_policy: Option<LatePolicy>,
    /// Defaults for every member (overridden per member).
    #[serde(default)]
    pub defaults: MemberFile,
    #[serde(default)]
    pub members: Vec<MemberEntry>,
}

/// A member in the file: just its name, or its parameters.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum MemberEntry {
    Name(String),
    Spec(MemberFile),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFile {
    pub name: Option<String>,
    pub median_ms: Option<f64>,
    pub spread: Option<f64>,
    pub outage_prob: Option<f64>,
    pub outage_mean_slots: Option<f64>,
    pub join_at: Option<u64>,
    pub leave_at: Option<u64>,
}

impl MemberFile {
    /// `base` with the fields this sets.
    pub fn apply(&self, base: &MemberSpec) -> MemberSpec {
        MemberSpec {
            name: self.name.clone().unwrap_or_else(|| base.name.clone()),
            median_ms: self.median_ms.unwrap_or(base.median_ms),
            spread: self.spread.unwrap_or(base.spread),
            outage_prob: self.outage_prob.unwrap_or(base.outage_prob),
            outage_mean_slots: self.outage_mean_slots.unwrap_or(base.outage_mean_slots),
            join_at: self.join_at.unwrap_or(base.join_at),
            leave_at: self.leave_at.or(base.leave_at),
        }
    }
}

impl SimFile {
    /// The members the file lists, defaults applied.
    pub fn member_specs(&self) -> Result<Vec<MemberSpec>, String> {
        self.members
            .iter()
            .map(|m| {
                let (name, own) = match m {
                    MemberEntry::Name(n) => (n.clone(), MemberFile::default()),
                    MemberEntry::Spec(f) => (
                        f.name
                            .clone()
                            .ok_or("a member object in the file needs a \"name\"")?,
                        f.clone(),
                    ),
                };
                Ok(own.apply(&self.defaults.apply(&MemberSpec::new(&name))))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn config(members: &[&str], slots: u64) -> SimConfig {
        SimConfig {
            start: crate::time::parse("2026-11-21T00:00:00").unwrap(),
            slots,
            seed: 1,
            deadline_ms: 300,
            late_policy: LatePolicy::Fallback,
            members: members.iter().map(|m| MemberSpec::new(m)).collect(),
        }
    }

    #[test]
    fn same_seed_same_log_other_seed_other_log() {
        let cfg = config(&["prod1", "prod2", "prod3"], 500);
        let a: Vec<_> = cfg.run().unwrap().collect();
        let b: Vec<_> = cfg.run().unwrap().collect();
        assert_eq!(a, b);
        let c: Vec<_> = SimConfig { seed: 2, ..cfg }.run().unwrap().collect();
        assert_ne!(a, c);
    }

    #[test]
    fn each_slot_is_consistent() {
        let mut cfg = config(&["prod1", "prod2", "prod3", "prod4"], 2000);
        cfg.members[0].outage_prob = 0.05;
        let events: Vec<_> = cfg.run().unwrap().collect();
        assert_eq!(events.len(), 2000);
        let first = cfg.start.slot().unwrap();
        for (k, e) in events.iter().enumerate() {
            assert_eq!(e.slot, first + k as u64);
            assert_eq!(e.proposals.len() + e.missed.len(), 4);
            assert!(e
                .proposals
                .windows(2)
                .all(|w| w[0].latency_ms <= w[1].latency_ms));
            assert_eq!(
                e.selected.as_deref(),
                e.proposals.first().map(|p| p.member.as_str())
            );
            for p in &e.proposals {
                assert_eq!(p.late, p.latency_ms > 300);
            }
            // The event survives the log format.
            assert_eq!(SlotEvent::parse(&e.to_line()).unwrap(), *e);
        }
        assert!(events
            .iter()
            .any(|e| e.missed.contains(&"prod1".to_string())));
    }

    #[test]
    fn never_policy_emits_no_late_block() {
        let mut cfg = config(&["prod1", "prod2"], 3000);
        cfg.late_policy = LatePolicy::Never;
        for m in &mut cfg.members {
            m.median_ms = 300.0;
        }
        let events: Vec<_> = cfg.run().unwrap().collect();
        let mut empty = 0;
        for e in &events {
            match &e.selected {
                Some(s) => {
                    let p = e.proposals.iter().find(|p| &p.member == s).unwrap();
                    assert!(!p.late);
                    assert_eq!(p.member, e.proposals[0].member);
                }
                None => {
                    empty += 1;
                    assert!(e.proposals.iter().all(|p| p.late));
                }
            }
        }
        // Median at the deadline: both late about a quarter of the time.
        assert!(empty > 500 && empty < 1000, "{empty} empty slots");
    }

    #[test]
    fn schedules_bound_presence() {
        let mut cfg = config(&["prod1", "prod2"], 100);
        cfg.members[1].join_at = 10;
        cfg.members[1].leave_at = Some(20);
        let events: Vec<_> = cfg.run().unwrap().collect();
        for (k, e) in events.iter().enumerate() {
            let named = e.proposals.iter().any(|p| p.member == "prod2")
                || e.missed.contains(&"prod2".to_string());
            assert_eq!(named, (10..20).contains(&k), "slot offset {k}");
        }
    }

    #[test]
    fn equal_latencies_rotate() {
        let mut cfg = config(&["prod1", "prod2", "prod3"], 6);
        for m in &mut cfg.members {
            m.spread = 0.0;
            m.outage_prob = 0.0;
        }
        let winners: Vec<_> = cfg.run().unwrap().map(|e| e.selected.unwrap()).collect();
        let first = cfg.start.slot().unwrap();
        // Slot s starts the rotation at index s mod 3.
        let expected: Vec<String> = (0..6)
            .map(|k| format!("prod{}", (first + k) % 3 + 1))
            .collect();
        assert_eq!(winners, expected);
    }

    #[test]
    fn outages_and_latency_follow_their_parameters() {
        let mut cfg = config(&["prod1", "prod2"], 40_000);
        cfg.members[0].outage_prob = 0.01;
        cfg.members[0].outage_mean_slots = 10.0;
        cfg.members[1].outage_prob = 0.0;
        cfg.members[1].median_ms = 50.0;
        let events: Vec<_> = cfg.run().unwrap().collect();
        let missed1 = events.iter().filter(|e| !e.missed.is_empty()).count() as f64;
        // Long-run share of down slots: p*m / (1 + p*m) = 0.1 / 1.1.
        let share = missed1 / events.len() as f64;
        assert!((share - 0.0909).abs() < 0.015, "down share {share}");
        let mut lat2: Vec<u64> = events
            .iter()
            .flat_map(|e| &e.proposals)
            .filter(|p| p.member == "prod2")
            .map(|p| p.latency_ms)
            .collect();
        lat2.sort_unstable();
        let median = lat2[lat2.len() / 2];
        assert!((48..=52).contains(&median), "median {median}");
    }

    #[test]
    fn bad_configs_are_refused() {
        let ok = config(&["prod1"], 10);
        assert!(ok.validate().is_ok());
        let check = |f: &dyn Fn(&mut SimConfig), why: &str| {
            let mut c = ok.clone();
            f(&mut c);
            let err = c.validate().unwrap_err();
            assert!(err.contains(why), "{err}");
        };
        check(&|c| c.start.0 += 1, "500 ms slot boundary");
        check(&|c| c.slots = 0, "slots");
        check(&|c| c.deadline_ms = 0, "deadline_ms");
        check(&|c| c.members.clear(), "members");
        check(&|c| c.members.push(MemberSpec::new("prod1")), "twice");
        check(&|c| c.members[0].name = "Prod1".into(), "bad account name");
        check(&|c| c.members[0].median_ms = 0.0, "median_ms");
        check(&|c| c.members[0].spread = f64::NAN, "spread");
        check(&|c| c.members[0].outage_prob = 1.5, "outage_prob");
        check(
            &|c| c.members[0].outage_mean_slots = 0.5,
            "outage_mean_slots",
        );
        check(&|c| c.members[0].leave_at = Some(0), "leave_at");
    }

    #[test]
    fn the_file_format() {
        let file: SimFile = serde_json::from_str(
            r#"{"slots": 10, "late_policy": "never",
                "defaults": {"median_ms": 90},
                "members": ["prod1", {"name": "prod2", "spread": 0.2, "join_at": 4}]}"#,
        )
        .unwrap();
        let specs = file.member_specs().unwrap();
        assert_eq!(specs[0].median_ms, 90.0);
        assert_eq!(specs[0].spread, 0.6);
        assert_eq!(specs[1].spread, 0.2);
        assert_eq!(specs[1].median_ms, 90.0);
        assert_eq!(specs[1].join_at, 4);
        assert_eq!(file.late_policy, Some(LatePolicy::Never));
        assert!(serde_json::from_str::<SimFile>(r#"{"slotz": 1}"#).is_err());
    }

    proptest! {
        /// A member's behaviour depends only on the seed and its own
        /// parameters, not on who else is in the pool.
        #[test]
        fn members_are_independent(seed in any::<u64>(), others in 0usize..4) {
            let mut names = vec!["prod1"];
            names.extend(["prod2", "prod3", "prod4", "prod5"].iter().take(others));
            let mut alone = config(&["prod1"], 300);
            alone.seed = seed;
            let mut crowd = config(&names, 300);
            crowd.seed = seed;
            let of_prod1 = |cfg: &SimConfig| -> Vec<(bool, u64)> {
                cfg.run().unwrap().map(|e| {
                    match e.proposals.iter().find(|p| p.member == "prod1") {
                        Some(p) => (true, p.latency_ms),
                        None => (false, 0),
                    }
                }).collect()
            };
            prop_assert_eq!(of_prod1(&alone), of_prod1(&crowd));
        }
    }
}
