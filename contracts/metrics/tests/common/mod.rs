//! The test bench of the metrics contract: a chain with pool.token,
//! pool.member (the real contracts, members registered and active) and
//! pool.metrics, plus a small test-only contract standing in for the
//! charter's constitution state:
//!
//! - [`constitution_fixture`] at `pool.charter`: writes the constitution
//!   tables (`pool_shared::charter`) that the real charter contract owns,
//!   so that producers can register at pool.member.
//!
//! Time: the chain starts at 2026-01-01T00:00:00 ([`T0`]), which is the
//! configured genesis; windows are [`W`] = 60 s, days [`DAY`] = 3600 s
//! (short, so a test crosses days quickly), retention [`RETENTION`].

#![allow(dead_code)]

use antelope_sdk::{name, symbol, Checksum256, Name, Symbol, TimePoint, TimePointSec};
use antelope_testchain::{ChainError, TestChain, Trace};
use pool_metrics::actions;
use pool_metrics::tables::{
    Config, DayStats, Emitter, MemberDay, MetricEntry, ReportRow, Retired, State, Window,
};
use pool_testkit::helpers::{members, token};

pub const TOKEN: Name = name!("pool.token");
pub const MEMBER: Name = name!("pool.member");
pub const CHARTER: Name = name!("pool.charter");
pub const METRICS: Name = name!("pool.metrics");
pub const GOV: Name = name!("pool.gov");

pub const E1: Name = name!("emitter1");
pub const E2: Name = name!("emitter2");
pub const E3: Name = name!("emitter3");
pub const EMITTERS: [Name; 3] = [E1, E2, E3];

pub const PROD1: Name = name!("prod1");
pub const PROD2: Name = name!("prod2");
pub const PROD3: Name = name!("prod3");
pub const PROD4: Name = name!("prod4");
pub const PROD5: Name = name!("prod5");
pub const PRODUCERS: [Name; 5] = [PROD1, PROD2, PROD3, PROD4, PROD5];
/// An account that is not a member (and not an emitter).
pub const ALICE: Name = name!("alice");
/// An account that signed the constitution but never registered.
pub const PROD11: Name = name!("prod11");

pub const SYM: Symbol = symbol!("4,POOL");

/// The chain's start and the configured genesis: 2026-01-01T00:00:00.
pub const T0: u32 = 1_767_225_600;
/// Window length.
pub const W: u32 = 60;
/// Slots in a window.
pub const SLOTS: u32 = 2 * W;
/// Day length.
pub const DAY: u32 = 3600;
/// Retention of raw reports.
pub const RETENTION: u32 = 2 * DAY;
/// The bench's max_batch.
pub const MAX_BATCH: u32 = 10;

/// The day index of time `t`.
pub fn day(t: u32) -> u64 {
    u64::from(t / DAY)
}

/// The start of window `n` after genesis.
pub fn win(n: u32) -> u32 {
    T0 + n * W
}

pub fn tps(s: u32) -> TimePointSec {
    TimePointSec::from_secs(s)
}

pub fn entry(
    member: Name,
    slots: u32,
    proposed: u32,
    selected: u32,
    late: u32,
    latency_ms: u64,
) -> MetricEntry {
    MetricEntry {
        member,
        slots,
        proposed,
        selected,
        late,
        latency_ms,
    }
}

/// A plausible batch: every producer had all slots, proposed most,
/// selected a fair share.
pub fn batch() -> Vec<MetricEntry> {
    vec![
        entry(PROD1, SLOTS, 118, 40, 2, 23_600),
        entry(PROD2, SLOTS, 110, 40, 5, 30_000),
        entry(PROD3, SLOTS, 60, 30, 0, 9_000),
        entry(PROD4, SLOTS, 0, 0, 0, 0),
    ]
}

/// The constitution stand-in at `pool.charter` (publish, sign), shared
/// with the other contracts' benches.
pub use pool_testkit::helpers::constitution as constitution_fixture;

/// Every row the metrics contract holds and the RAM of every account
/// involved: to check that a rejected action changed nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub config: Vec<Config>,
    pub state: Vec<State>,
    pub emitters: Vec<Emitter>,
    pub retired: Vec<Retired>,
    pub windows: Vec<Window>,
    pub reports: Vec<ReportRow>,
    pub daystats: Vec<DayStats>,
    pub days: Vec<(u64, Vec<MemberDay>)>,
    pub ram: Vec<(Name, i64)>,
}

pub struct Tester {
    pub chain: TestChain,
}

impl Tester {
    /// pool.token, pool.member (configured, auto-approving, prod1..prod5
    /// registered and active; prod11 signed but not registered) and
    /// pool.metrics deployed; metrics not configured.
    pub fn bare() -> Self {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.deploy(MEMBER, pool_members::apply);
        chain.deploy(CHARTER, constitution_fixture::apply);
        chain.deploy(METRICS, pool_metrics::apply);
        chain.create_accounts(&[GOV, ALICE, PROD11]);
        chain.create_accounts(&EMITTERS);
        chain.create_accounts(&PRODUCERS);
        let mut t = Tester { chain };
        token::create(&mut t.chain, TOKEN, "1000000000.0000 POOL");
        members::configure(&mut t.chain, 3 * 24 * 3600).unwrap();
        constitution_fixture::publish_v(&mut t.chain, CHARTER, 1);
        for p in PRODUCERS.iter().chain([PROD11].iter()) {
            constitution_fixture::sign_v(&mut t.chain, CHARTER, *p, 1);
        }
        for p in PRODUCERS {
            t.register_member(p);
        }
        t
    }

    /// [`Tester::bare`] with pool.metrics configured by itself (no
    /// governance yet, quorum 1) and emitter1 registered.
    pub fn new() -> Self {
        let mut t = Self::bare();
        t.setconfig_as(METRICS, t.config_args()).unwrap();
        t.regemitter(E1).unwrap();
        t
    }

    /// [`Tester::new`] with emitter2 and emitter3 registered and quorum 2.
    pub fn quorum2() -> Self {
        let mut t = Self::new();
        t.regemitter(E2).unwrap();
        t.regemitter(E3).unwrap();
        t.setquorum_as(METRICS, 2).unwrap();
        t
    }

    /// Registers `account` at pool.member (it must have signed).
    pub fn register_member(&mut self, account: Name) {
        let mut key = vec![0u8; 34];
        key[1] = 2;
        key[33] = 1;
        let reg = pool_members::actions::regmember {
            account,
            url: format!("https://{account}.example"),
            location: 840,
            producer_key: antelope_sdk::PublicKey(key),
        };
        self.chain.push_action_as(MEMBER, &reg, account).unwrap();
    }

    /// The bench's configuration.
    pub fn config_args(&self) -> actions::setconfig {
        actions::setconfig {
            governance: Name::EMPTY,
            members: MEMBER,
            quorum: 1,
            window_sec: W,
            day_sec: DAY,
            max_batch: MAX_BATCH,
            retention_sec: RETENTION,
            genesis: tps(T0),
        }
    }

    pub fn now(&self) -> u32 {
        self.chain.now().to_sec().secs()
    }

    /// Moves the block time to `t` (seconds).
    pub fn set_time(&mut self, t: u32) {
        self.chain
            .set_time(TimePoint::from_micros(i64::from(t) * 1_000_000));
    }

    /// Moves the block time to at least `t`.
    pub fn reach(&mut self, t: u32) {
        if self.now() < t {
            self.set_time(t);
        }
    }

    // ---- actions -------------------------------------------------------

    pub fn setconfig_as(
        &mut self,
        signer: Name,
        data: actions::setconfig,
    ) -> Result<Trace, ChainError> {
        self.chain.push_action_as(METRICS, &data, signer)
    }

    pub fn setquorum_as(&mut self, signer: Name, quorum: u8) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(METRICS, &actions::setquorum { quorum }, signer)
    }

    /// By the admin before governance: pool.metrics.
    pub fn regemitter(&mut self, emitter: Name) -> Result<Trace, ChainError> {
        self.regemitter_as(METRICS, emitter)
    }

    pub fn regemitter_as(&mut self, signer: Name, emitter: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(METRICS, &actions::regemitter { emitter }, signer)
    }

    pub fn rmemitter(&mut self, emitter: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(METRICS, &actions::rmemitter { emitter }, METRICS)
    }

    /// `emitter` reports `[start, start + W)` as `seq`, signed by itself,
    /// the block time moved to the window's end if it is earlier.
    pub fn report(
        &mut self,
        emitter: Name,
        seq: u64,
        start: u32,
        entries: Vec<MetricEntry>,
    ) -> Result<Trace, ChainError> {
        self.reach(start + W);
        self.report_raw(emitter, emitter, seq, start, start + W, entries)
    }

    /// Any window, any signer, the clock untouched.
    pub fn report_raw(
        &mut self,
        signer: Name,
        emitter: Name,
        seq: u64,
        start: u32,
        end: u32,
        entries: Vec<MetricEntry>,
    ) -> Result<Trace, ChainError> {
        let data = actions::report {
            emitter,
            seq,
            start: tps(start),
            end: tps(end),
            entries,
        };
        self.chain.push_action_as(METRICS, &data, signer)
    }

    pub fn prune(&mut self, max_rows: u32) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(METRICS, &actions::prune { max_rows }, ALICE)
    }

    // ---- reads ---------------------------------------------------------

    pub fn config(&mut self) -> Option<Config> {
        self.chain.read(|| pool_metrics::views::settings(METRICS))
    }

    pub fn state_row(&mut self) -> State {
        self.chain
            .read(|| pool_metrics::tables::state(METRICS).get())
            .expect("configured")
    }

    pub fn emitter(&mut self, emitter: Name) -> Option<Emitter> {
        self.chain
            .read(|| pool_metrics::views::emitter(METRICS, emitter))
    }

    pub fn windows(&mut self) -> Vec<Window> {
        self.chain.rows(METRICS, METRICS.raw())
    }

    pub fn window(&mut self, start: u32) -> Option<Window> {
        self.chain.row(METRICS, METRICS.raw(), u64::from(start))
    }

    pub fn reports(&mut self) -> Vec<ReportRow> {
        self.chain.rows(METRICS, METRICS.raw())
    }

    pub fn report_by_seq(&mut self, emitter: Name, seq: u64) -> Option<ReportRow> {
        self.chain
            .read(|| pool_metrics::views::report_by_seq(METRICS, emitter, seq))
    }

    pub fn member_day(&mut self, day: u64, member: Name) -> Option<MemberDay> {
        self.chain
            .read(|| pool_metrics::views::member_day(METRICS, day, member))
    }

    pub fn days(&mut self, day: u64) -> Vec<MemberDay> {
        self.chain.rows(METRICS, day)
    }

    pub fn day_stats(&mut self, day: u64) -> Option<DayStats> {
        self.chain
            .read(|| pool_metrics::views::day_stats(METRICS, day))
    }

    pub fn availability(&mut self, day: u64, member: Name) -> Option<u32> {
        self.chain
            .read(|| pool_metrics::views::availability_bps(METRICS, day, member))
    }

    pub fn has_final_window(&mut self, day: u64) -> bool {
        self.chain
            .read(|| pool_metrics::views::day_has_final_window(METRICS, day))
    }

    pub fn ram(&self, account: Name) -> i64 {
        self.chain.ram_usage(account)
    }

    pub fn snapshot(&mut self) -> Snapshot {
        let scope = METRICS.raw();
        let daystats: Vec<DayStats> = self.chain.rows(METRICS, scope);
        let days = daystats
            .iter()
            .map(|d| (d.day, self.chain.rows(METRICS, d.day)))
            .collect();
        let ram = [METRICS, GOV, ALICE, E1, E2, E3]
            .iter()
            .map(|a| (*a, self.ram(*a)))
            .collect();
        Snapshot {
            config: self.chain.rows(METRICS, scope),
            state: self.chain.rows(METRICS, scope),
            emitters: self.chain.rows(METRICS, scope),
            retired: self.chain.rows(METRICS, scope),
            windows: self.chain.rows(METRICS, scope),
            reports: self.chain.rows(METRICS, scope),
            daystats,
            days,
            ram,
        }
    }

    /// The contract's invariants: each day's aggregates equal the sum of
    /// the entries of the day's final windows (one final report per
    /// window, while its reports are not pruned), and every report's
    /// status agrees with its window.
    #[track_caller]
    pub fn assert_aggregates_match_windows(&mut self) {
        use std::collections::BTreeMap;
        let reports = self.reports();
        let windows = self.windows();
        let mut expect: BTreeMap<(u64, Name), MemberDay> = BTreeMap::new();
        let mut stats: BTreeMap<u64, DayStats> = BTreeMap::new();
        for w in &windows {
            let of_window: Vec<&ReportRow> =
                reports.iter().filter(|r| r.start == w.start).collect();
            assert_eq!(
                of_window.len() as u32,
                w.reports,
                "window {} count",
                w.start
            );
            for r in &of_window {
                assert_eq!(r.end, w.end);
                if w.status == 1 {
                    let want = if r.hash == w.hash { 1 } else { 2 };
                    assert_eq!(r.status, want, "report {} of a final window", r.id);
                } else {
                    assert_ne!(r.status, 1, "report {} of a pending window", r.id);
                }
            }
            if w.status != 1 {
                continue;
            }
            let fin = of_window
                .iter()
                .find(|r| r.hash == w.hash)
                .expect("a final window has a report with its hash");
            let d = day(w.start.secs());
            let s = stats.entry(d).or_insert(DayStats {
                day: d,
                windows_final: 0,
                windows_empty: 0,
                slots: 0,
            });
            s.windows_final += 1;
            if fin.entries.is_empty() {
                s.windows_empty += 1;
            } else {
                s.slots += u64::from(2 * W);
            }
            for e in &fin.entries {
                let m = expect.entry((d, e.member)).or_insert(MemberDay {
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
        let got_stats: Vec<DayStats> = self.chain.rows(METRICS, METRICS.raw());
        assert_eq!(got_stats, stats.values().cloned().collect::<Vec<_>>());
        let mut got: BTreeMap<(u64, Name), MemberDay> = BTreeMap::new();
        for d in stats.keys() {
            for m in self.days(*d) {
                got.insert((*d, m.member), m);
            }
        }
        assert_eq!(got, expect);
    }
}

/// The content hash of a report of `[start, start + W)`, computed here
/// independently: SHA-256 of the packed `(start, end, entries)`.
pub fn hash_of(start: u32, entries: &[MetricEntry]) -> Checksum256 {
    use antelope_sdk::Pack;
    use sha2::{Digest, Sha256};
    let mut data = Vec::new();
    tps(start).pack(&mut data);
    tps(start + W).pack(&mut data);
    entries.to_vec().pack(&mut data);
    Checksum256(Sha256::digest(&data).into())
}
