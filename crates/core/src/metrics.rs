//! Emitter metrics: the checks a metric report must pass, the quorum that
//! makes a window final, and the per-day per-member aggregates final
//! windows add into.
//!
//! # Windows and slots
//!
//! The emitter selects one proposed block per slot of 500 ms, so a window
//! `[start, end)` (seconds) holds `2 * (end - start)` slots
//! ([`window_slots`]). Every window is exactly `window_sec` long and starts
//! at a multiple of `window_sec`; a day is `day_sec` long, a multiple of
//! `window_sec`, so no window crosses a day. Day `d` is
//! `[d * day_sec, (d + 1) * day_sec)` counted from the Unix epoch
//! ([`day_index`]).
//!
//! # A report
//!
//! An emitter reports its windows one after the other: `seq` strictly
//! increases, each window starts where its previous one ended (its first
//! one anywhere at or after `genesis`), and a window is reported only once
//! it has ended. [`check_report`] decides whether a report is acceptable,
//! in this order (the first failing check is the answer):
//!
//! 1. `seq` > the emitter's last seq ([`SEQ_NOT_INCREASING`]);
//! 2. at most `max_batch` entries ([`BATCH_TOO_LARGE`]);
//! 3. the window's shape: start aligned ([`WINDOW_NOT_ALIGNED`]),
//!    `end - start == window_sec` ([`WINDOW_WRONG_LENGTH`]);
//! 4. its place: the first window starts at or after genesis
//!    ([`WINDOW_BEFORE_GENESIS`]), a later one at the previous end exactly
//!    ([`WINDOW_OVERLAPS`], [`WINDOW_GAP`]);
//! 5. it has ended (`end <= now`, [`WINDOW_IN_FUTURE`]) and was not pruned
//!    (`start >= horizon`, [`WINDOW_PRUNED`]);
//! 6. each entry in order ([`check_entry`]), then the sum of `selected`
//!    ([`SELECTED_ABOVE_WINDOW`]), then duplicates ([`DUPLICATE_MEMBER`]).
//!
//! Whether each member exists is the contract's check (it reads the
//! members contract). A report is all-or-nothing: the contract checks
//! everything, computes every new aggregate ([`add_window`], which fails
//! as a whole on overflow), and only then writes.
//!
//! # Quorum
//!
//! With quorum `q`, a window becomes final when `q` distinct registered
//! emitters reported the same content hash ([`judge`]). A report whose
//! hash differs from the final one, or (while the window is pending) from
//! another report of the window, is conflicting evidence; it is kept.
//! With `q == 1` the first report of a window makes it final.
//!
//! # Aggregates
//!
//! A final window adds each entry into its member's totals for the day
//! ([`MemberTotals::add`]) and itself into the day's summary
//! ([`DayTotals::add_window`]). A window reported without entries is the
//! emitter saying it observed nothing (its own outage): it is final like
//! any other, but counts as empty, so a day whose final windows are all
//! empty has no observed window ([`DayTotals::has_observed_window`]) and
//! the rewards contract waives the availability minimum for it.
//! Availability of a member for a day is `proposed * 10000 / slots` in
//! basis points ([`availability_bps`]).

use alloc::vec::Vec;

/// Slots per second: one block per 500 ms.
pub const SLOTS_PER_SEC: u64 = 2;

/// The most emitters that may be registered at once. Bounds the quorum
/// and the tally of a window's reports.
pub const MAX_EMITTERS: usize = 16;

/// The most reports one window may collect. Each registered emitter
/// reports a window at most once per registration, so this is only
/// reached when governance removes and re-registers emitters; it bounds
/// the tally loop regardless.
pub const MAX_WINDOW_REPORTS: u32 = 2 * MAX_EMITTERS as u32;

/// The largest `max_batch` governance may configure: entries per report.
/// Measured (docs/metrics.md, "Bounded work"): a report of this many
/// entries that finalizes its window stays far below the transaction CPU
/// limit of 150 ms.
pub const MAX_BATCH_CAP: u32 = 1000;

/// The most rows one `prune` removes, whatever `max_rows` asks.
pub const MAX_PRUNE_ROWS: u32 = 100;

// --- messages -----------------------------------------------------------

pub const WINDOW_NOT_POSITIVE: &str = "window_sec must be positive";
pub const DAY_NOT_MULTIPLE: &str = "day_sec must be a positive multiple of window_sec";
pub const QUORUM_ZERO: &str = "quorum must be at least 1";
pub const QUORUM_ABOVE_EMITTERS: &str = "quorum exceeds the number of registered emitters";
pub const MAX_BATCH_OUT_OF_RANGE: &str = "max_batch must be between 1 and 1000";
pub const RETENTION_TOO_SHORT: &str = "retention_sec must be at least day_sec";
pub const TOO_MANY_EMITTERS: &str = "at most 16 emitters can be registered";
pub const BELOW_QUORUM: &str = "removing the emitter would leave fewer emitters than the quorum";

pub const SEQ_NOT_INCREASING: &str = "seq must be greater than the emitter's last seq";
pub const BATCH_TOO_LARGE: &str = "batch has more entries than max_batch";
pub const WINDOW_NOT_ALIGNED: &str = "window start is not a multiple of window_sec";
pub const WINDOW_WRONG_LENGTH: &str = "window is not exactly window_sec long";
pub const WINDOW_BEFORE_GENESIS: &str = "first window starts before genesis";
pub const WINDOW_OVERLAPS: &str = "window overlaps the emitter's previous window";
pub const WINDOW_GAP: &str = "window leaves a gap after the emitter's previous window";
pub const WINDOW_IN_FUTURE: &str = "window has not ended yet";
pub const WINDOW_PRUNED: &str = "window is older than the pruned horizon";
pub const SLOTS_ABOVE_WINDOW: &str = "slots exceed the window's slots";
pub const PROPOSED_ABOVE_SLOTS: &str = "proposed exceeds slots";
pub const SELECTED_ABOVE_PROPOSED: &str = "selected exceeds proposed";
pub const LATE_ABOVE_PROPOSED: &str = "late exceeds proposed";
pub const SELECTED_ABOVE_WINDOW: &str = "selected blocks exceed the window's slots";
pub const DUPLICATE_MEMBER: &str = "duplicate member in the batch";

// --- configuration ------------------------------------------------------

/// The configured parameters that constrain each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub quorum: u8,
    pub window_sec: u32,
    pub day_sec: u32,
    pub max_batch: u32,
    pub retention_sec: u32,
}

/// Checks a configuration, given how many emitters are registered.
///
/// `quorum` must be at least 1; above 1 it must not exceed the registered
/// emitters (otherwise no window could ever become final). A quorum of 1
/// is always accepted, so the contract can be configured before any
/// emitter is registered. The retention is at least a day, so that a
/// day's raw reports outlive the day (disputes cite them, and a pending
/// window must have time to reach its quorum).
pub fn check_params(p: &Params, emitters: usize) -> Result<(), &'static str> {
    if p.window_sec == 0 {
        return Err(WINDOW_NOT_POSITIVE);
    }
    if p.day_sec == 0 || !p.day_sec.is_multiple_of(p.window_sec) {
        return Err(DAY_NOT_MULTIPLE);
    }
    check_quorum(p.quorum, emitters)?;
    if p.max_batch == 0 || p.max_batch > MAX_BATCH_CAP {
        return Err(MAX_BATCH_OUT_OF_RANGE);
    }
    if p.retention_sec < p.day_sec {
        return Err(RETENTION_TOO_SHORT);
    }
    Ok(())
}

/// Checks a quorum against the number of registered emitters (see
/// [`check_params`]).
pub fn check_quorum(quorum: u8, emitters: usize) -> Result<(), &'static str> {
    if quorum == 0 {
        return Err(QUORUM_ZERO);
    }
    if quorum > 1 && usize::from(quorum) > emitters {
        return Err(QUORUM_ABOVE_EMITTERS);
    }
    Ok(())
}

/// Whether one more emitter may be registered when `emitters` are.
pub fn check_registration(emitters: usize) -> Result<(), &'static str> {
    if emitters >= MAX_EMITTERS {
        return Err(TOO_MANY_EMITTERS);
    }
    Ok(())
}

/// Whether an emitter may be removed when `emitters` are registered: a
/// quorum above 1 needs that many emitters to remain.
pub fn check_removal(quorum: u8, emitters: usize) -> Result<(), &'static str> {
    let remaining = emitters.saturating_sub(1);
    if quorum > 1 && usize::from(quorum) > remaining {
        return Err(BELOW_QUORUM);
    }
    Ok(())
}

// --- windows and days ---------------------------------------------------

/// Slots in a window of `window_sec` seconds.
pub const fn window_slots(window_sec: u32) -> u64 {
    window_sec as u64 * SLOTS_PER_SEC
}

/// The day a time (seconds) falls in; 0 for a zero day length (which the
/// configuration refuses).
pub fn day_index(t: u32, day_sec: u32) -> u64 {
    t.checked_div(day_sec).map_or(0, u64::from)
}

/// Whether a window that ended at `end` ended more than `retention_sec`
/// before `now`, so that its raw reports may be pruned.
pub const fn prunable(end: u32, retention_sec: u32, now: u32) -> bool {
    (now as u64) > end as u64 + retention_sec as u64
}

/// The `byemitseq` key of a report: the emitter in the high 64 bits, the
/// sequence number in the low ones, so an emitter's reports are
/// contiguous and ordered by seq.
pub const fn emitseq_key(emitter: u64, seq: u64) -> u128 {
    ((emitter as u128) << 64) | seq as u128
}

// --- reports ------------------------------------------------------------

/// One member's line of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub member: u64,
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

/// What a report is checked against besides itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub window_sec: u32,
    /// The earliest start of an emitter's first window.
    pub genesis: u32,
    pub max_batch: u32,
    /// Windows that start before this were pruned: nothing may add to them
    /// again.
    pub horizon: u32,
}

/// Where an emitter stands: its last seq and the end of its last window
/// (0 before its first report since its registration).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub last_seq: u64,
    pub last_end: u32,
}

/// Checks the sequence number.
pub fn check_seq(cursor: &Cursor, seq: u64) -> Result<(), &'static str> {
    if seq <= cursor.last_seq {
        return Err(SEQ_NOT_INCREASING);
    }
    Ok(())
}

/// Checks the window `[start, end)` of a report at block time `now`.
pub fn check_window(
    rules: &Rules,
    cursor: &Cursor,
    start: u32,
    end: u32,
    now: u32,
) -> Result<(), &'static str> {
    if rules.window_sec == 0 || !start.is_multiple_of(rules.window_sec) {
        return Err(WINDOW_NOT_ALIGNED);
    }
    if end.checked_sub(start) != Some(rules.window_sec) {
        return Err(WINDOW_WRONG_LENGTH);
    }
    if cursor.last_end == 0 {
        if start < rules.genesis {
            return Err(WINDOW_BEFORE_GENESIS);
        }
    } else if start < cursor.last_end {
        return Err(WINDOW_OVERLAPS);
    } else if start > cursor.last_end {
        return Err(WINDOW_GAP);
    }
    if end > now {
        return Err(WINDOW_IN_FUTURE);
    }
    if start < rules.horizon {
        return Err(WINDOW_PRUNED);
    }
    Ok(())
}

/// Checks one entry against a window of `window_slots` slots.
pub fn check_entry(e: &Entry, window_slots: u64) -> Result<(), &'static str> {
    if u64::from(e.slots) > window_slots {
        return Err(SLOTS_ABOVE_WINDOW);
    }
    if e.proposed > e.slots {
        return Err(PROPOSED_ABOVE_SLOTS);
    }
    if e.selected > e.proposed {
        return Err(SELECTED_ABOVE_PROPOSED);
    }
    if e.late > e.proposed {
        return Err(LATE_ABOVE_PROPOSED);
    }
    Ok(())
}

/// Checks a batch of entries: each entry, the sum of `selected` (the
/// emitter emits one block per slot at most), then duplicate members
/// (sorting a copy of the members: `n log n` for the largest batches).
pub fn check_entries(entries: &[Entry], window_slots: u64) -> Result<(), &'static str> {
    let mut selected: u64 = 0;
    for e in entries {
        check_entry(e, window_slots)?;
        // Cannot overflow: at most u32::MAX entries of u32 values.
        selected += u64::from(e.selected);
    }
    if selected > window_slots {
        return Err(SELECTED_ABOVE_WINDOW);
    }
    let mut members: Vec<u64> = entries.iter().map(|e| e.member).collect();
    heap_sort(&mut members);
    if members.windows(2).any(|w| w[0] == w[1]) {
        return Err(DUPLICATE_MEMBER);
    }
    Ok(())
}

/// Sorts ascending in place: a heapsort, `n log n` without allocating,
/// and some 5 KB less wasm than `slice::sort_unstable`.
pub fn heap_sort(v: &mut [u64]) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Restores the max-heap below `root` within `v[..end]`.
fn sift_down(v: &mut [u64], mut root: usize, end: usize) {
    loop {
        // Cannot overflow: root < end <= v.len() <= isize::MAX.
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

/// Checks a whole report (see the module documentation for the order).
pub fn check_report(
    rules: &Rules,
    cursor: &Cursor,
    seq: u64,
    start: u32,
    end: u32,
    now: u32,
    entries: &[Entry],
) -> Result<(), &'static str> {
    check_seq(cursor, seq)?;
    // Before any per-entry work: the batch bound is what bounds it.
    if entries.len() > rules.max_batch as usize {
        return Err(BATCH_TOO_LARGE);
    }
    check_window(rules, cursor, start, end, now)?;
    check_entries(entries, window_slots(rules.window_sec))
}

// --- quorum -------------------------------------------------------------

/// A content hash (SHA-256 of the packed `(start, end, entries)`).
pub type Hash = [u8; 32];

/// A report's standing, stored as its `u8` value.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportStatus {
    /// Its window is pending and no other report disagrees with it.
    Pending = 0,
    /// Its hash is its window's final hash: it counted or agreed.
    Final = 1,
    /// Its hash differs from the final hash, or (window pending) from
    /// another report of the window: evidence for arbitration.
    Conflict = 2,
}

impl ReportStatus {
    pub const fn from_u8(value: u8) -> Option<ReportStatus> {
        match value {
            0 => Some(ReportStatus::Pending),
            1 => Some(ReportStatus::Final),
            2 => Some(ReportStatus::Conflict),
            _ => None,
        }
    }

    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

/// What a new report does to its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The window becomes final with this report's content: add it into
    /// the aggregates (once: the window was pending).
    Finalize,
    /// The window stays pending; no report of it disagrees with this one.
    Pending,
    /// The window stays pending; another report of it has another hash.
    PendingConflict,
    /// The window was final with the same content: nothing to add.
    Agree,
    /// The window was final with another content.
    Conflict,
}

impl Verdict {
    /// The new report's status.
    pub const fn status(self) -> ReportStatus {
        match self {
            Verdict::Finalize | Verdict::Agree => ReportStatus::Final,
            Verdict::Pending => ReportStatus::Pending,
            Verdict::PendingConflict | Verdict::Conflict => ReportStatus::Conflict,
        }
    }
}

/// An earlier report of the same window, as the tally sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prior {
    pub emitter: u64,
    pub hash: Hash,
    /// Whether its emitter is still registered: only those count towards
    /// the quorum (a removed emitter's reports stay as evidence).
    pub counts: bool,
}

/// Decides what a report by `emitter` (registered) with `hash` does to a
/// window that is final with `final_hash`, or pending (`None`) with the
/// earlier reports `priors`. Finality needs `quorum` distinct counting
/// emitters with the same hash, this one included.
pub fn judge(
    final_hash: Option<&Hash>,
    emitter: u64,
    hash: &Hash,
    priors: &[Prior],
    quorum: u8,
) -> Verdict {
    if let Some(f) = final_hash {
        return if f == hash {
            Verdict::Agree
        } else {
            Verdict::Conflict
        };
    }
    let mut agreeing: Vec<u64> = Vec::with_capacity(priors.len() + 1);
    agreeing.push(emitter);
    for p in priors {
        if p.counts && p.hash == *hash && !agreeing.contains(&p.emitter) {
            agreeing.push(p.emitter);
        }
    }
    if agreeing.len() >= usize::from(quorum.max(1)) {
        Verdict::Finalize
    } else if priors.iter().any(|p| p.hash != *hash) {
        Verdict::PendingConflict
    } else {
        Verdict::Pending
    }
}

/// The status an earlier report of the window takes after `verdict` on a
/// report with `hash`: on finality, final if it has the final hash and a
/// conflict otherwise; on a disagreement while pending, a conflict if it
/// differs from the new hash; otherwise unchanged.
pub fn prior_status(
    verdict: Verdict,
    hash: &Hash,
    prior: &Hash,
    current: ReportStatus,
) -> ReportStatus {
    match verdict {
        Verdict::Finalize if prior == hash => ReportStatus::Final,
        Verdict::Finalize => ReportStatus::Conflict,
        Verdict::PendingConflict if prior != hash => ReportStatus::Conflict,
        _ => current,
    }
}

// --- aggregates ---------------------------------------------------------

/// A member's totals for a day, over the final windows that listed it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemberTotals {
    pub slots: u64,
    pub proposed: u64,
    pub selected: u64,
    pub late: u64,
    pub latency_ms: u64,
    /// Final windows that listed the member.
    pub windows: u32,
}

impl MemberTotals {
    /// These totals with one more window's entry, or `None` on overflow.
    pub fn add(&self, e: &Entry) -> Option<MemberTotals> {
        Some(MemberTotals {
            slots: self.slots.checked_add(u64::from(e.slots))?,
            proposed: self.proposed.checked_add(u64::from(e.proposed))?,
            selected: self.selected.checked_add(u64::from(e.selected))?,
            late: self.late.checked_add(u64::from(e.late))?,
            latency_ms: self.latency_ms.checked_add(e.latency_ms)?,
            windows: self.windows.checked_add(1)?,
        })
    }

    /// Availability in basis points (see [`availability_bps`]).
    pub fn availability_bps(&self) -> u32 {
        availability_bps(self.proposed, self.slots)
    }
}

/// The new totals of every entry's member after one final window:
/// `current[i]` are the totals of `entries[i].member` before it. `None`
/// (and nothing to write) if any total would overflow.
pub fn add_window(current: &[MemberTotals], entries: &[Entry]) -> Option<Vec<MemberTotals>> {
    if current.len() != entries.len() {
        return None;
    }
    current.iter().zip(entries).map(|(t, e)| t.add(e)).collect()
}

/// A day's summary: its final windows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayTotals {
    /// Final windows of the day, empty ones included.
    pub windows_final: u32,
    /// Final windows reported without entries (the emitter observed
    /// nothing).
    pub windows_empty: u32,
    /// Slots of the final windows that have entries: what the emitter
    /// observed of the day.
    pub slots: u64,
}

impl DayTotals {
    /// The summary with one more final window of `window_slots` slots and
    /// `entries` entries, or `None` on overflow.
    pub fn add_window(&self, window_slots: u64, entries: usize) -> Option<DayTotals> {
        let empty = entries == 0;
        Some(DayTotals {
            windows_final: self.windows_final.checked_add(1)?,
            windows_empty: self.windows_empty.checked_add(u32::from(empty))?,
            slots: if empty {
                self.slots
            } else {
                self.slots.checked_add(window_slots)?
            },
        })
    }

    /// Whether the day has a final window with entries: the emitter was up
    /// for at least one window of it. Without one, the rewards contract
    /// waives the availability minimum for the day.
    pub fn has_observed_window(&self) -> bool {
        self.windows_final > self.windows_empty
    }
}

/// `proposed * 10000 / slots` (rounded down), 0 when `slots` is 0, at most
/// 10000 (a member never proposes in more slots than it had).
pub fn availability_bps(proposed: u64, slots: u64) -> u32 {
    if slots == 0 {
        return 0;
    }
    let bps = u128::from(proposed) * 10_000 / u128::from(slots);
    bps.min(10_000) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::{BTreeMap, BTreeSet};
    use alloc::vec;
    use proptest::prelude::*;

    const W: u32 = 60;
    const DAY: u32 = 3600;

    fn rules() -> Rules {
        Rules {
            window_sec: W,
            genesis: 6000,
            max_batch: 4,
            horizon: 0,
        }
    }

    fn entry(member: u64, slots: u32, proposed: u32, selected: u32, late: u32) -> Entry {
        Entry {
            member,
            slots,
            proposed,
            selected,
            late,
            latency_ms: u64::from(proposed) * 200,
        }
    }

    fn params() -> Params {
        Params {
            quorum: 1,
            window_sec: W,
            day_sec: DAY,
            max_batch: 100,
            retention_sec: DAY,
        }
    }

    fn h(n: u8) -> Hash {
        [n; 32]
    }

    // ---- configuration -------------------------------------------------

    #[test]
    fn params_need_a_window_dividing_the_day() {
        assert_eq!(check_params(&params(), 0), Ok(()));
        let p = |f: fn(&mut Params)| {
            let mut p = params();
            f(&mut p);
            check_params(&p, 3)
        };
        assert_eq!(p(|p| p.window_sec = 0), Err(WINDOW_NOT_POSITIVE));
        assert_eq!(p(|p| p.day_sec = 0), Err(DAY_NOT_MULTIPLE));
        assert_eq!(p(|p| p.day_sec = 3601), Err(DAY_NOT_MULTIPLE));
        assert_eq!(p(|p| p.day_sec = 30), Err(DAY_NOT_MULTIPLE));
        assert_eq!(p(|p| p.day_sec = 60), Ok(()), "a day of one window");
        assert_eq!(p(|p| p.max_batch = 0), Err(MAX_BATCH_OUT_OF_RANGE));
        assert_eq!(
            p(|p| p.max_batch = MAX_BATCH_CAP + 1),
            Err(MAX_BATCH_OUT_OF_RANGE)
        );
        assert_eq!(p(|p| p.max_batch = MAX_BATCH_CAP), Ok(()));
        assert_eq!(p(|p| p.retention_sec = DAY - 1), Err(RETENTION_TOO_SHORT));
        assert_eq!(p(|p| p.quorum = 0), Err(QUORUM_ZERO));
        assert_eq!(p(|p| p.quorum = 3), Ok(()));
        assert_eq!(p(|p| p.quorum = 4), Err(QUORUM_ABOVE_EMITTERS));
    }

    #[test]
    fn messages_quote_the_constants() {
        use alloc::format;
        assert!(MAX_BATCH_OUT_OF_RANGE.ends_with(&format!(" and {MAX_BATCH_CAP}")));
        assert!(TOO_MANY_EMITTERS.contains(&format!(" {MAX_EMITTERS} ")));
        assert_eq!(MAX_WINDOW_REPORTS, 32);
    }

    #[test]
    fn a_quorum_of_one_needs_no_emitter_a_higher_one_needs_as_many() {
        assert_eq!(check_quorum(1, 0), Ok(()));
        assert_eq!(check_quorum(2, 1), Err(QUORUM_ABOVE_EMITTERS));
        assert_eq!(check_quorum(2, 2), Ok(()));
        assert_eq!(check_quorum(0, 5), Err(QUORUM_ZERO));
        assert_eq!(check_removal(1, 1), Ok(()));
        assert_eq!(check_removal(2, 3), Ok(()));
        assert_eq!(check_removal(2, 2), Err(BELOW_QUORUM));
        assert_eq!(check_registration(MAX_EMITTERS - 1), Ok(()));
        assert_eq!(check_registration(MAX_EMITTERS), Err(TOO_MANY_EMITTERS));
    }

    // ---- windows -------------------------------------------------------

    #[test]
    fn slots_and_days() {
        assert_eq!(window_slots(60), 120);
        assert_eq!(window_slots(0), 0);
        assert_eq!(day_index(0, 86_400), 0);
        assert_eq!(day_index(86_399, 86_400), 0);
        assert_eq!(day_index(86_400, 86_400), 1);
        assert_eq!(day_index(5, 0), 0);
        assert_eq!(emitseq_key(1, 2), (1u128 << 64) | 2);
        assert!(emitseq_key(1, u64::MAX) < emitseq_key(2, 0));
    }

    #[test]
    fn pruning_waits_more_than_the_retention() {
        assert!(!prunable(100, 50, 150));
        assert!(prunable(100, 50, 151));
        assert!(!prunable(u32::MAX, u32::MAX, u32::MAX));
    }

    #[test]
    fn seq_must_strictly_increase() {
        let c = Cursor {
            last_seq: 5,
            last_end: 0,
        };
        assert_eq!(check_seq(&c, 5), Err(SEQ_NOT_INCREASING));
        assert_eq!(check_seq(&c, 4), Err(SEQ_NOT_INCREASING));
        assert_eq!(check_seq(&c, 6), Ok(()));
        assert_eq!(check_seq(&c, 1000), Ok(()), "seq may skip");
        assert_eq!(check_seq(&Cursor::default(), 0), Err(SEQ_NOT_INCREASING));
    }

    #[test]
    fn the_first_window_starts_anywhere_after_genesis() {
        let first = Cursor::default();
        let now = 100_000;
        assert_eq!(check_window(&rules(), &first, 6000, 6060, now), Ok(()));
        assert_eq!(check_window(&rules(), &first, 9000, 9060, now), Ok(()));
        assert_eq!(
            check_window(&rules(), &first, 5940, 6000, now),
            Err(WINDOW_BEFORE_GENESIS)
        );
    }

    #[test]
    fn later_windows_are_contiguous() {
        let c = Cursor {
            last_seq: 1,
            last_end: 6060,
        };
        let now = 100_000;
        assert_eq!(check_window(&rules(), &c, 6060, 6120, now), Ok(()));
        assert_eq!(
            check_window(&rules(), &c, 6000, 6060, now),
            Err(WINDOW_OVERLAPS)
        );
        assert_eq!(check_window(&rules(), &c, 6120, 6180, now), Err(WINDOW_GAP));
        // Earlier than genesis is an overlap once the emitter has reported.
        assert_eq!(check_window(&rules(), &c, 0, 60, now), Err(WINDOW_OVERLAPS));
    }

    #[test]
    fn windows_have_one_shape() {
        let c = Cursor::default();
        let now = 100_000;
        assert_eq!(
            check_window(&rules(), &c, 6001, 6061, now),
            Err(WINDOW_NOT_ALIGNED)
        );
        assert_eq!(
            check_window(&rules(), &c, 6000, 6120, now),
            Err(WINDOW_WRONG_LENGTH)
        );
        assert_eq!(
            check_window(&rules(), &c, 6000, 6000, now),
            Err(WINDOW_WRONG_LENGTH)
        );
        assert_eq!(
            check_window(&rules(), &c, 6000, 5940, now),
            Err(WINDOW_WRONG_LENGTH)
        );
        let zero = Rules {
            window_sec: 0,
            ..rules()
        };
        assert_eq!(
            check_window(&zero, &c, 6000, 6000, now),
            Err(WINDOW_NOT_ALIGNED)
        );
    }

    #[test]
    fn windows_must_have_ended_and_not_be_pruned() {
        let c = Cursor::default();
        assert_eq!(check_window(&rules(), &c, 6000, 6060, 6060), Ok(()));
        assert_eq!(
            check_window(&rules(), &c, 6000, 6060, 6059),
            Err(WINDOW_IN_FUTURE)
        );
        let pruned = Rules {
            horizon: 6060,
            ..rules()
        };
        assert_eq!(
            check_window(&pruned, &c, 6000, 6060, 9999),
            Err(WINDOW_PRUNED)
        );
        assert_eq!(check_window(&pruned, &c, 6060, 6120, 9999), Ok(()));
    }

    #[test]
    fn entries_are_bounded_by_their_window() {
        let ws = window_slots(W);
        assert_eq!(check_entry(&entry(1, 120, 120, 120, 120), ws), Ok(()));
        assert_eq!(check_entry(&entry(1, 0, 0, 0, 0), ws), Ok(()));
        assert_eq!(
            check_entry(&entry(1, 121, 0, 0, 0), ws),
            Err(SLOTS_ABOVE_WINDOW)
        );
        assert_eq!(
            check_entry(&entry(1, 10, 11, 0, 0), ws),
            Err(PROPOSED_ABOVE_SLOTS)
        );
        assert_eq!(
            check_entry(&entry(1, 10, 5, 6, 0), ws),
            Err(SELECTED_ABOVE_PROPOSED)
        );
        assert_eq!(
            check_entry(&entry(1, 10, 5, 0, 6), ws),
            Err(LATE_ABOVE_PROPOSED)
        );
    }

    #[test]
    fn a_batch_selects_at_most_one_block_per_slot_and_lists_each_member_once() {
        let ws = window_slots(W);
        let ok = [entry(1, 120, 100, 60, 0), entry(2, 120, 100, 60, 0)];
        assert_eq!(check_entries(&ok, ws), Ok(()));
        let over = [entry(1, 120, 100, 60, 0), entry(2, 120, 100, 61, 0)];
        assert_eq!(check_entries(&over, ws), Err(SELECTED_ABOVE_WINDOW));
        let dup = [
            entry(1, 120, 10, 1, 0),
            entry(2, 120, 10, 1, 0),
            entry(1, 120, 10, 1, 0),
        ];
        assert_eq!(check_entries(&dup, ws), Err(DUPLICATE_MEMBER));
        assert_eq!(check_entries(&[], ws), Ok(()));
    }

    #[test]
    fn the_report_checks_run_in_the_documented_order() {
        let c = Cursor {
            last_seq: 3,
            last_end: 6060,
        };
        let bad_entry = [entry(1, 121, 0, 0, 0)];
        let five = [entry(1, 1, 0, 0, 0); 5];
        // seq first, even with everything else wrong.
        assert_eq!(
            check_report(&rules(), &c, 3, 1, 2, 0, &five),
            Err(SEQ_NOT_INCREASING)
        );
        // Then the batch size, before the window.
        assert_eq!(
            check_report(&rules(), &c, 4, 1, 2, 0, &five),
            Err(BATCH_TOO_LARGE)
        );
        // Then the window, before the entries.
        assert_eq!(
            check_report(&rules(), &c, 4, 6120, 6180, 9999, &bad_entry),
            Err(WINDOW_GAP)
        );
        assert_eq!(
            check_report(&rules(), &c, 4, 6060, 6120, 9999, &bad_entry),
            Err(SLOTS_ABOVE_WINDOW)
        );
        assert_eq!(
            check_report(&rules(), &c, 4, 6060, 6120, 9999, &five[..4]),
            Err(DUPLICATE_MEMBER)
        );
        assert_eq!(check_report(&rules(), &c, 4, 6060, 6120, 6120, &[]), Ok(()));
    }

    // ---- quorum --------------------------------------------------------

    fn prior(emitter: u64, hash: u8) -> Prior {
        Prior {
            emitter,
            hash: h(hash),
            counts: true,
        }
    }

    #[test]
    fn a_quorum_of_one_finalizes_the_first_report() {
        assert_eq!(judge(None, 1, &h(1), &[], 1), Verdict::Finalize);
        assert_eq!(
            judge(Some(&h(1)), 2, &h(1), &[prior(1, 1)], 1),
            Verdict::Agree
        );
        assert_eq!(
            judge(Some(&h(1)), 2, &h(2), &[prior(1, 1)], 1),
            Verdict::Conflict
        );
    }

    #[test]
    fn a_quorum_of_two_needs_two_distinct_emitters_with_one_hash() {
        assert_eq!(judge(None, 1, &h(1), &[], 2), Verdict::Pending);
        assert_eq!(judge(None, 2, &h(1), &[prior(1, 1)], 2), Verdict::Finalize);
        assert_eq!(
            judge(None, 2, &h(2), &[prior(1, 1)], 2),
            Verdict::PendingConflict
        );
        // The same emitter twice (after re-registration) counts once.
        assert_eq!(judge(None, 1, &h(1), &[prior(1, 1)], 2), Verdict::Pending);
        // A removed emitter's report does not count, but is compared.
        let removed = Prior {
            counts: false,
            ..prior(3, 1)
        };
        assert_eq!(judge(None, 2, &h(1), &[removed], 2), Verdict::Pending);
        let removed_other = Prior {
            counts: false,
            ..prior(3, 9)
        };
        assert_eq!(
            judge(None, 2, &h(1), &[removed_other], 2),
            Verdict::PendingConflict
        );
        // A conflicting pair does not stop a later quorum.
        assert_eq!(
            judge(None, 3, &h(1), &[prior(1, 1), prior(2, 2)], 2),
            Verdict::Finalize
        );
    }

    #[test]
    fn statuses_follow_the_verdict() {
        use ReportStatus::*;
        assert_eq!(Verdict::Finalize.status(), Final);
        assert_eq!(Verdict::Agree.status(), Final);
        assert_eq!(Verdict::Pending.status(), Pending);
        assert_eq!(Verdict::PendingConflict.status(), Conflict);
        assert_eq!(Verdict::Conflict.status(), Conflict);
        assert_eq!(
            prior_status(Verdict::Finalize, &h(1), &h(1), Conflict),
            Final
        );
        assert_eq!(
            prior_status(Verdict::Finalize, &h(1), &h(2), Pending),
            Conflict
        );
        assert_eq!(
            prior_status(Verdict::PendingConflict, &h(1), &h(2), Pending),
            Conflict
        );
        assert_eq!(
            prior_status(Verdict::PendingConflict, &h(1), &h(1), Pending),
            Pending
        );
        assert_eq!(
            prior_status(Verdict::Pending, &h(1), &h(1), Pending),
            Pending
        );
        assert_eq!(prior_status(Verdict::Agree, &h(1), &h(1), Final), Final);
        for s in [Pending, Final, Conflict] {
            assert_eq!(ReportStatus::from_u8(s.as_u8()), Some(s));
        }
        assert_eq!(
            [Pending, Final, Conflict].map(ReportStatus::as_u8),
            [0, 1, 2]
        );
        assert_eq!(ReportStatus::from_u8(3), None);
    }

    // ---- aggregates ----------------------------------------------------

    #[test]
    fn availability_is_in_basis_points() {
        assert_eq!(availability_bps(0, 0), 0);
        assert_eq!(availability_bps(5, 0), 0);
        assert_eq!(availability_bps(118, 120), 9833);
        assert_eq!(availability_bps(120, 120), 10_000);
        assert_eq!(availability_bps(u64::MAX, u64::MAX), 10_000);
        assert_eq!(availability_bps(u64::MAX, 1), 10_000, "capped");
        assert_eq!(availability_bps(1, u64::MAX), 0);
    }

    #[test]
    fn totals_fail_as_a_whole_on_overflow() {
        let e = entry(1, 120, 100, 50, 3);
        let t = MemberTotals::default().add(&e).unwrap();
        assert_eq!(
            t,
            MemberTotals {
                slots: 120,
                proposed: 100,
                selected: 50,
                late: 3,
                latency_ms: 20_000,
                windows: 1
            }
        );
        assert_eq!(t.availability_bps(), 8333);
        let near = MemberTotals {
            latency_ms: u64::MAX - 10,
            ..t
        };
        assert_eq!(near.add(&e), None);
        let full = MemberTotals {
            windows: u32::MAX,
            ..t
        };
        assert_eq!(full.add(&e), None);
        assert_eq!(add_window(&[t, near], &[e, e]), None);
        assert_eq!(add_window(&[t], &[e, e]), None, "lengths must match");
        assert_eq!(
            add_window(&[t, t], &[e, e]),
            Some(vec![t.add(&e).unwrap(); 2])
        );
        let d = DayTotals::default().add_window(120, 0).unwrap();
        assert!(!d.has_observed_window());
        let d = d.add_window(120, 3).unwrap();
        assert!(d.has_observed_window());
        assert_eq!(
            d,
            DayTotals {
                windows_final: 2,
                windows_empty: 1,
                slots: 120
            }
        );
        let full = DayTotals {
            windows_final: u32::MAX,
            ..d
        };
        assert_eq!(full.add_window(120, 1), None);
    }

    // ---- properties ----------------------------------------------------

    fn arb_entry(members: u64) -> impl Strategy<Value = Entry> {
        (
            0..members,
            0u32..=120,
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
            0u64..100_000,
        )
            .prop_map(|(member, slots, p, s, l, latency_ms)| {
                let proposed = p % (slots + 1);
                let selected = s % (proposed + 1) / 4;
                let late = l % (proposed + 1);
                Entry {
                    member,
                    slots,
                    proposed,
                    selected,
                    late,
                    latency_ms,
                }
            })
    }

    /// A batch of valid entries: distinct members, within the window.
    fn arb_batch() -> impl Strategy<Value = Vec<Entry>> {
        prop::collection::vec(arb_entry(12), 0..8).prop_map(|mut v| {
            let mut seen = BTreeSet::new();
            v.retain(|e| seen.insert(e.member));
            v
        })
    }

    /// Anything, valid or not.
    fn arb_any_entry() -> impl Strategy<Value = Entry> {
        (
            0u64..6,
            0u32..130,
            0u32..130,
            0u32..130,
            0u32..130,
            any::<u64>(),
        )
            .prop_map(
                |(member, slots, proposed, selected, late, latency_ms)| Entry {
                    member,
                    slots,
                    proposed,
                    selected,
                    late,
                    latency_ms,
                },
            )
    }

    /// The contract's bookkeeping of one emitter, as plain maps: what a
    /// report changes.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct Ledger {
        cursor: Cursor,
        members: BTreeMap<(u64, u64), MemberTotals>,
        days: BTreeMap<u64, DayTotals>,
    }

    impl Ledger {
        /// What the contract does for a report with quorum 1: check, compute
        /// every new value, then write. An error leaves it untouched.
        fn report(
            &mut self,
            rules: &Rules,
            seq: u64,
            start: u32,
            now: u32,
            entries: &[Entry],
        ) -> Result<(), &'static str> {
            let end = start.wrapping_add(rules.window_sec);
            check_report(rules, &self.cursor, seq, start, end, now, entries)?;
            let day = day_index(start, DAY);
            let current: Vec<MemberTotals> = entries
                .iter()
                .map(|e| {
                    self.members
                        .get(&(day, e.member))
                        .copied()
                        .unwrap_or_default()
                })
                .collect();
            let new = add_window(&current, entries).ok_or("aggregate overflow")?;
            let summary = self
                .days
                .get(&day)
                .copied()
                .unwrap_or_default()
                .add_window(window_slots(rules.window_sec), entries.len())
                .ok_or("aggregate overflow")?;
            for (e, t) in entries.iter().zip(new) {
                self.members.insert((day, e.member), t);
            }
            self.days.insert(day, summary);
            self.cursor = Cursor {
                last_seq: seq,
                last_end: end,
            };
            Ok(())
        }
    }

    proptest! {
        /// The day aggregates of a run of final windows equal the sums of
        /// their entries, window by window.
        #[test]
        fn day_aggregates_equal_the_sum_over_windows(batches in prop::collection::vec(arb_batch(), 1..150)) {
            let rules = Rules { window_sec: W, genesis: 0, max_batch: 100, horizon: 0 };
            let mut ledger = Ledger::default();
            let mut start = 0u32;
            for (i, b) in batches.iter().enumerate() {
                prop_assert_eq!(ledger.report(&rules, i as u64 + 1, start, u32::MAX, b), Ok(()));
                start += W;
            }
            let mut expect: BTreeMap<(u64, u64), MemberTotals> = BTreeMap::new();
            let mut days: BTreeMap<u64, DayTotals> = BTreeMap::new();
            for (i, b) in batches.iter().enumerate() {
                let day = day_index(i as u32 * W, DAY);
                let d = days.entry(day).or_default();
                d.windows_final += 1;
                if b.is_empty() { d.windows_empty += 1 } else { d.slots += window_slots(W) }
                for e in b {
                    let t = expect.entry((day, e.member)).or_default();
                    t.slots += u64::from(e.slots);
                    t.proposed += u64::from(e.proposed);
                    t.selected += u64::from(e.selected);
                    t.late += u64::from(e.late);
                    t.latency_ms += e.latency_ms;
                    t.windows += 1;
                }
            }
            prop_assert_eq!(&ledger.members, &expect);
            prop_assert_eq!(&ledger.days, &days);
            for t in ledger.members.values() {
                prop_assert!(t.availability_bps() <= 10_000);
                prop_assert!(t.proposed <= t.slots && t.selected <= t.proposed && t.late <= t.proposed);
            }
        }

        /// Reports of any content, valid or not, near the emitter's cursor
        /// (seq and window one behind, equal or ahead): a rejected report
        /// changes nothing; an accepted one moves the cursor to its window
        /// and adds exactly its entries.
        #[test]
        fn a_rejected_report_changes_nothing(
            reports in prop::collection::vec(
                (0u64..3, 0u32..3, prop::bool::weighted(0.1), 0u32..200, prop::collection::vec(arb_any_entry(), 0..6)),
                1..60,
            )
        ) {
            let rules = Rules { window_sec: W, genesis: 120, max_batch: 4, horizon: 180 };
            let mut ledger = Ledger::default();
            let mut now = 0u32;
            for (dseq, dwindow, misaligned, dt, entries) in reports {
                now += dt;
                let seq = ledger.cursor.last_seq + dseq;
                let base = if ledger.cursor.last_end == 0 { 2 * W } else { ledger.cursor.last_end };
                let start = (base + dwindow * W).saturating_sub(W) + u32::from(misaligned);
                let before = ledger.clone();
                let valid = check_report(&rules, &ledger.cursor, seq, start, start + W, now, &entries);
                match ledger.report(&rules, seq, start, now, &entries) {
                    Err(e) => {
                        // Refused by the checks, or (latencies are any
                        // u64 here) by an overflowing total: either way
                        // nothing changed.
                        if valid.is_ok() {
                            prop_assert_eq!(e, "aggregate overflow");
                        } else {
                            prop_assert_eq!(Err(e), valid);
                        }
                        prop_assert_eq!(&ledger, &before);
                    }
                    Ok(()) => {
                        prop_assert!(valid.is_ok());
                        prop_assert!(seq > before.cursor.last_seq);
                        prop_assert!(start + W <= now && start >= rules.horizon);
                        prop_assert!(before.cursor.last_end == 0 || start == before.cursor.last_end);
                        prop_assert_eq!(ledger.cursor, Cursor { last_seq: seq, last_end: start + W });
                        let changed = ledger.members.iter().filter(|(k, v)| before.members.get(k) != Some(v)).count();
                        prop_assert_eq!(changed, entries.len());
                    }
                }
            }
        }

        #[test]
        fn heap_sort_sorts(mut v in prop::collection::vec(0u64..50, 0..200)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            heap_sort(&mut v);
            prop_assert_eq!(v, expected);
        }

        /// With quorum q, a window is final exactly when the first hash
        /// reported by q distinct counting emitters is; it is aggregated
        /// once; afterwards every report with the final hash is final and
        /// every other one a conflict.
        #[test]
        fn finality_needs_q_equal_hashes(
            quorum in 1u8..5,
            reports in prop::collection::vec((0u64..6, 0u8..3, prop::bool::weighted(0.9)), 1..25),
        ) {
            let mut priors: Vec<(Prior, ReportStatus)> = Vec::new();
            let mut final_hash: Option<Hash> = None;
            let mut finalized = 0;
            let mut expected_final: Option<Hash> = None;
            for (emitter, hash, counts) in reports {
                let hash = h(hash);
                // A report by an emitter that is no longer registered
                // cannot arrive; it can only be a prior that stopped counting.
                let plain: Vec<Prior> = priors.iter().map(|(p, _)| *p).collect();
                let verdict = judge(final_hash.as_ref(), emitter, &hash, &plain, quorum);
                if expected_final.is_none() {
                    // The distinct emitters, still registered, that
                    // reported this hash, this one included.
                    let counting: BTreeSet<u64> = priors
                        .iter()
                        .filter(|(p, _)| p.counts && p.hash == hash)
                        .map(|(p, _)| p.emitter)
                        .chain([emitter])
                        .collect();
                    if counting.len() >= usize::from(quorum) {
                        expected_final = Some(hash);
                    }
                }
                if verdict == Verdict::Finalize {
                    finalized += 1;
                    final_hash = Some(hash);
                }
                prop_assert_eq!(final_hash, expected_final);
                for (p, s) in priors.iter_mut() {
                    *s = prior_status(verdict, &hash, &p.hash, *s);
                }
                priors.push((Prior { emitter, hash, counts: true }, verdict.status()));
                if !counts {
                    // The emitter is removed after reporting.
                    for (p, _) in priors.iter_mut().filter(|(p, _)| p.emitter == emitter) {
                        p.counts = false;
                    }
                }
                if let Some(f) = final_hash {
                    for (p, s) in &priors {
                        let want = if p.hash == f { ReportStatus::Final } else { ReportStatus::Conflict };
                        prop_assert_eq!(*s, want);
                    }
                } else {
                    let distinct: BTreeSet<Hash> = priors.iter().map(|(p, _)| p.hash).collect();
                    for (_, s) in &priors {
                        prop_assert_ne!(*s, ReportStatus::Final);
                        if distinct.len() == 1 {
                            prop_assert_eq!(*s, ReportStatus::Pending);
                        }
                    }
                }
            }
            prop_assert!(finalized <= 1, "a window is aggregated at most once");
        }
    }
}
