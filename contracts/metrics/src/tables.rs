//! The contract's tables and the report entry type. Layouts are API (the
//! emitter's reporter, the rewards contract and `cleos get table` read
//! them): change them only by appending fields or adding tables.
//!
//! | table | scope | primary key | paid by |
//! |---|---|---|---|
//! | `config` | contract | singleton | the contract |
//! | `state` | contract | singleton | the contract |
//! | `emitters` | contract | emitter | the admin, then the emitter from its first report |
//! | `retired` | contract | emitter | the admin |
//! | `windows` | contract | window start | the first emitter reporting the window |
//! | `reports` | contract | report id | the reporting emitter |
//! | `days` | day index | member | the emitter whose report finalized the window |
//! | `daystats` | contract | day index | the emitter whose report finalized the window |

use alloc::vec::Vec;
use antelope_sdk::{Checksum256, MultiIndex, Name, Pack, Singleton, Table, TimePointSec};
use pool_core::metrics::{emitseq_key, Entry, MemberTotals, ReportStatus};

/// One member's line of a report (ABI `metric_entry`): what the emitter
/// logged for the member in the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pack)]
pub struct MetricEntry {
    pub member: Name,
    /// Slots of the window in which the member could propose.
    pub slots: u32,
    /// Blocks it proposed.
    pub proposed: u32,
    /// Of those, the blocks the emitter selected (emitted).
    pub selected: u32,
    /// Of those proposed, the ones delivered late.
    pub late: u32,
    /// Summed delivery latency of its proposals, in milliseconds.
    pub latency_ms: u64,
}

impl MetricEntry {
    /// The entry as the pure rules see it.
    pub fn to_core(&self) -> Entry {
        Entry {
            member: self.member.raw(),
            slots: self.slots,
            proposed: self.proposed,
            selected: self.selected,
            late: self.late,
            latency_ms: self.latency_ms,
        }
    }
}

/// The configuration; table `config`, a singleton, paid by the contract.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "config", singleton)]
pub struct Config {
    /// The admin; empty until governance is handed over (the contract's
    /// own account is the admin until then).
    pub governance: Name,
    /// The members contract: every reported member must have a row in its
    /// `members` table.
    pub members: Name,
    /// Distinct registered emitters that must report the same content
    /// before a window is final (1: the first report is).
    pub quorum: u8,
    /// Length of every window, seconds; windows start at its multiples.
    pub window_sec: u32,
    /// Length of a day, seconds, a multiple of `window_sec`; day `d` is
    /// `[d * day_sec, (d + 1) * day_sec)` from the Unix epoch.
    pub day_sec: u32,
    /// The most entries in one report (at most
    /// `pool_core::metrics::MAX_BATCH_CAP`).
    pub max_batch: u32,
    /// Raw reports of a window that ended more than this long ago may be
    /// pruned (at least `day_sec`).
    pub retention_sec: u32,
    /// The earliest start of an emitter's first window.
    pub genesis: TimePointSec,
}

/// Counters of the contract; table `state`, a singleton, paid by the
/// contract (created by the first `setconfig`, then only rewritten at the
/// same size).
#[derive(Clone, Debug, Default, PartialEq, Pack, Table)]
#[table(name = "state", singleton)]
pub struct State {
    /// The id of the next report (0, 1, ...); non-zero once any report
    /// was accepted.
    pub next_id: u64,
    /// The end of the latest window whose reports were pruned: no report
    /// for a window starting before it is accepted again.
    pub pruned_until: TimePointSec,
}

/// A registered emitter; table `emitters`, primary key = the emitter. The
/// reporter resumes from `last_seq` and `last_end`.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "emitters", primary = self.emitter.raw())]
pub struct Emitter {
    pub emitter: Name,
    /// The seq of its latest accepted report (kept across a removal and
    /// re-registration, so that `(emitter, seq)` names one report for
    /// good).
    pub last_seq: u64,
    /// The end of its latest reported window; zero before its first
    /// report since registration.
    pub last_end: TimePointSec,
    /// Reports accepted since registration.
    pub reports: u64,
    pub registered_at: TimePointSec,
}

/// A removed emitter's last seq; table `retired`, primary key = the
/// emitter, paid by the admin. Read back when it is registered again.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "retired", primary = self.emitter.raw())]
pub struct Retired {
    pub emitter: Name,
    pub last_seq: u64,
    pub removed_at: TimePointSec,
}

/// A window's finality, `status` values.
pub const WINDOW_PENDING: u8 = 0;
pub const WINDOW_FINAL: u8 = 1;

/// A reported window; table `windows`, primary key = its start (seconds),
/// paid by the first emitter that reported it. Pruned with its last
/// report.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "windows", primary = self.start.secs() as u64)]
pub struct Window {
    pub start: TimePointSec,
    pub end: TimePointSec,
    /// [`WINDOW_PENDING`] or [`WINDOW_FINAL`].
    pub status: u8,
    /// The final content hash; zero while pending.
    pub hash: Checksum256,
    /// Reports of this window stored so far (pruning decrements it).
    pub reports: u32,
    /// Whether two reports of the window disagree (conflicting evidence
    /// exists).
    pub conflict: bool,
    /// When it became final; zero while pending.
    pub finalized_at: TimePointSec,
}

/// A report as received; table `reports`, primary key = an id (0, 1, ...
/// in arrival order), paid by its emitter. Kept (whatever its status) until
/// `prune` removes it after the retention period.
///
/// Secondary indexes (cleos `--index` = position + 2):
/// - `byemitseq` (idx128, position 0): `emitter << 64 | seq`, the key
///   arbitration cases cite (`report_emitter`, `report_seq`);
/// - `bywindow` (idx64, position 1): the window start, to tally a
///   window's reports.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[abi(name = "report_row")]
#[table(name = "reports", primary = self.id)]
#[index(name = "byemitseq", kind = idx128, key = emitseq_key(self.emitter.raw(), self.seq))]
#[index(name = "bywindow", kind = idx64, key = self.start.secs() as u64)]
pub struct ReportRow {
    pub id: u64,
    pub emitter: Name,
    pub seq: u64,
    pub start: TimePointSec,
    pub end: TimePointSec,
    /// SHA-256 of the packed `(start, end, entries)`.
    pub hash: Checksum256,
    /// A `pool_core::metrics::ReportStatus` value: 0 pending, 1 final (its
    /// hash is the window's final hash), 2 conflict (evidence).
    pub status: u8,
    pub reported_at: TimePointSec,
    pub entries: Vec<MetricEntry>,
}

impl ReportRow {
    /// The stored status (a value the contract never writes reads as a
    /// conflict).
    pub fn report_status(&self) -> ReportStatus {
        ReportStatus::from_u8(self.status).unwrap_or(ReportStatus::Conflict)
    }
}

/// Position of the `byemitseq` index of [`reports`].
pub const BY_EMITSEQ: usize = 0;
/// Position of the `bywindow` index of [`reports`].
pub const BY_WINDOW: usize = 1;

/// A member's totals for one day over the final windows that listed it;
/// table `days`, scope = the day index, primary key = the member.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "days", primary = self.member.raw())]
pub struct MemberDay {
    pub member: Name,
    pub slots: u64,
    pub proposed: u64,
    pub selected: u64,
    pub late: u64,
    pub latency_ms: u64,
    /// Final windows that listed the member.
    pub windows: u32,
}

impl MemberDay {
    pub fn totals(&self) -> MemberTotals {
        MemberTotals {
            slots: self.slots,
            proposed: self.proposed,
            selected: self.selected,
            late: self.late,
            latency_ms: self.latency_ms,
            windows: self.windows,
        }
    }

    pub fn from_totals(member: Name, t: &MemberTotals) -> Self {
        MemberDay {
            member,
            slots: t.slots,
            proposed: t.proposed,
            selected: t.selected,
            late: t.late,
            latency_ms: t.latency_ms,
            windows: t.windows,
        }
    }
}

/// A day's summary; table `daystats`, scope = the contract, primary key =
/// the day index.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "daystats", primary = self.day)]
pub struct DayStats {
    pub day: u64,
    /// Final windows of the day, empty ones included.
    pub windows_final: u32,
    /// Final windows reported without entries (the emitter observed
    /// nothing: its outage).
    pub windows_empty: u32,
    /// Slots of the final windows that have entries.
    pub slots: u64,
}

pub fn config(code: Name) -> Singleton<Config> {
    Singleton::new(code, code.raw())
}

pub fn state(code: Name) -> Singleton<State> {
    Singleton::new(code, code.raw())
}

pub fn emitters(code: Name) -> MultiIndex<Emitter> {
    MultiIndex::new(code, code.raw())
}

pub fn retired(code: Name) -> MultiIndex<Retired> {
    MultiIndex::new(code, code.raw())
}

pub fn windows(code: Name) -> MultiIndex<Window> {
    MultiIndex::new(code, code.raw())
}

pub fn reports(code: Name) -> MultiIndex<ReportRow> {
    MultiIndex::new(code, code.raw())
}

/// The member totals of day `day`.
pub fn days(code: Name, day: u64) -> MultiIndex<MemberDay> {
    MultiIndex::new(code, day)
}

pub fn daystats(code: Name) -> MultiIndex<DayStats> {
    MultiIndex::new(code, code.raw())
}
