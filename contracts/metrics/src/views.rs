//! Read-only views for other contracts (rewards, charter) and tools: they
//! read this contract's tables and never write. Depend on `pool-metrics`
//! with `default-features = false` and pass the account the metrics
//! contract is deployed to.

use crate::tables::{
    config, days, daystats, emitters, reports, Config, DayStats, Emitter, MemberDay, ReportRow,
    BY_EMITSEQ,
};
use antelope_sdk::{Name, SecondaryValue, TimePointSec};
use pool_core::metrics::{day_index, emitseq_key, DayTotals};

/// The configuration of the metrics contract at `metrics`.
pub fn settings(metrics: Name) -> Option<Config> {
    config(metrics).get()
}

/// The day `t` falls in, with the contract's day length (`None` before it
/// is configured). Days count from the Unix epoch: day `d` is
/// `[d * day_sec, (d + 1) * day_sec)`.
pub fn day_of(metrics: Name, t: TimePointSec) -> Option<u64> {
    settings(metrics).map(|c| day_index(t.secs(), c.day_sec))
}

/// `member`'s totals for day `day` over the final windows that listed it.
pub fn member_day(metrics: Name, day: u64, member: Name) -> Option<MemberDay> {
    days(metrics, day)
        .find(member.raw())
        .map(|row| row.into_inner())
}

/// The summary of day `day`: its final windows and observed slots.
pub fn day_stats(metrics: Name, day: u64) -> Option<DayStats> {
    daystats(metrics).find(day).map(|row| row.into_inner())
}

/// `member`'s availability for day `day` in basis points: `proposed *
/// 10000 / slots` over the day's final windows that listed it, rounded
/// down (0 when those windows had no slot for it). `None` when no final
/// window of the day listed the member.
pub fn availability_bps(metrics: Name, day: u64, member: Name) -> Option<u32> {
    member_day(metrics, day, member).map(|m| m.totals().availability_bps())
}

/// Whether day `day` has a final window that the emitter observed (one
/// reported with entries). `false` on a day of emitter outage: no window
/// of it became final, or only windows reported empty did. The rewards
/// contract waives the availability minimum for such a day.
pub fn day_has_final_window(metrics: Name, day: u64) -> bool {
    day_stats(metrics, day).is_some_and(|s| {
        DayTotals {
            windows_final: s.windows_final,
            windows_empty: s.windows_empty,
            slots: s.slots,
        }
        .has_observed_window()
    })
}

/// The registration of `emitter`.
pub fn emitter(metrics: Name, emitter: Name) -> Option<Emitter> {
    emitters(metrics)
        .find(emitter.raw())
        .map(|row| row.into_inner())
}

/// The report `emitter` sent with `seq`, as an arbitration case cites it
/// (`report_emitter`, `report_seq`); `None` if there is none or it was
/// pruned.
pub fn report_by_seq(metrics: Name, emitter: Name, seq: u64) -> Option<ReportRow> {
    reports(metrics)
        .index(BY_EMITSEQ)
        .find(SecondaryValue::U128(emitseq_key(emitter.raw(), seq)))
        .map(|row| row.into_inner())
}
