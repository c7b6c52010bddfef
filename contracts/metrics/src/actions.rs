//! The actions. Each reads: authorization, then one check per
//! precondition (messages in [`crate::errors`]), then the writes. `report`
//! computes every new value (statuses, totals, day summary) before it
//! writes the first row, so a failure anywhere leaves nothing behind even
//! before the chain reverts the transaction.
//!
//! RAM: a report, its window's row and the aggregate rows a finalizing
//! report creates are paid by the reporting emitter, which signs; rows
//! other emitters paid for are only rewritten at the same size. Emitter
//! rows are paid by the admin at registration and pass to the emitter
//! with its first report. `prune` (anyone) only erases. Nothing an
//! account that is not a registered emitter can push makes the contract
//! pay for RAM.

use crate::errors::*;
use crate::tables::{
    config, days, daystats, emitters, reports, retired, state, windows, Config, DayStats, Emitter,
    MemberDay, MetricEntry, ReportRow, Retired, State, Window, BY_WINDOW, WINDOW_FINAL,
    WINDOW_PENDING,
};
use alloc::vec::Vec;
use antelope_sdk::{
    action, check, check_failed, check_some, current_time_point, is_account, pack_len,
    require_auth, sha256, Checksum256, Context, Name, Pack, Row, SecondaryValue, TimePointSec,
    SAME_PAYER,
};
use pool_core::metrics::{
    add_window, check_params, check_quorum, check_registration, check_removal, check_report,
    day_index, judge, prior_status, prunable, window_slots, Cursor, DayTotals, Entry, MemberTotals,
    Params, Prior, Rules, Verdict, MAX_PRUNE_ROWS, MAX_WINDOW_REPORTS,
};
use pool_shared::admin::{admin_of, check_setconfig_admin, require_admin};

// --- configuration -------------------------------------------------------------

/// Sets the configuration. Admin only: the configured governance, or the
/// contract account until governance is set. See
/// `pool_core::metrics::check_params` for the rules; `window_sec`,
/// `day_sec` and `genesis` are fixed once a report was accepted (windows
/// and day indexes would shift under the stored ones).
#[action]
#[allow(clippy::too_many_arguments)]
pub fn setconfig(
    ctx: &Context,
    governance: Name,
    members: Name,
    quorum: u8,
    window_sec: u32,
    day_sec: u32,
    max_batch: u32,
    retention_sec: u32,
    genesis: TimePointSec,
) {
    let table = config(ctx.receiver);
    let current = table.get();
    check_setconfig_admin(
        current.as_ref().map(|c| c.governance),
        governance,
        ctx.receiver,
    );
    check(is_account(members), MEMBERS_MISSING);
    let params = Params {
        quorum,
        window_sec,
        day_sec,
        max_batch,
        retention_sec,
    };
    ok_or_fail(check_params(&params, emitter_count(ctx.receiver)));
    let st = state(ctx.receiver);
    let counters = st.get();
    if let (Some(c), Some(s)) = (&current, &counters) {
        check(
            s.next_id == 0
                || (c.window_sec == window_sec && c.day_sec == day_sec && c.genesis == genesis),
            TIMING_LOCKED,
        );
    }
    table.set(
        ctx.receiver,
        Config {
            governance,
            members,
            quorum,
            window_sec,
            day_sec,
            max_batch,
            retention_sec,
            genesis,
        },
    );
    if counters.is_none() {
        st.set(ctx.receiver, State::default());
    }
}

/// Sets the quorum alone (admin). At least 1; above 1, at most the
/// number of registered emitters. Pending windows are judged with the
/// new quorum at their next report.
#[action]
pub fn setquorum(ctx: &Context, quorum: u8) {
    let table = config(ctx.receiver);
    let mut cfg = table.get_or_fail(NOT_CONFIGURED);
    require_admin(cfg.governance, ctx.receiver);
    ok_or_fail(check_quorum(quorum, emitter_count(ctx.receiver)));
    cfg.quorum = quorum;
    table.set(ctx.receiver, cfg);
}

// --- emitters ------------------------------------------------------------------

/// Registers an emitter (admin, who pays for its row until the emitter's
/// first report). At most `pool_core::metrics::MAX_EMITTERS`. An emitter
/// registered again after a removal continues its seq numbers; its first
/// report may start anywhere at or after genesis (and the pruned
/// horizon).
#[action]
pub fn regemitter(ctx: &Context, emitter: Name) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    check(is_account(emitter), EMITTER_MISSING);
    let table = emitters(ctx.receiver);
    check(!table.contains(emitter.raw()), ALREADY_EMITTER);
    ok_or_fail(check_registration(emitter_count(ctx.receiver)));
    let retired_table = retired(ctx.receiver);
    let last_seq = match retired_table.find(emitter.raw()) {
        Some(row) => {
            let seq = row.last_seq;
            retired_table.erase(row);
            seq
        }
        None => 0,
    };
    table.emplace(
        admin_of(cfg.governance, ctx.receiver),
        Emitter {
            emitter,
            last_seq,
            last_end: TimePointSec::default(),
            reports: 0,
            registered_at: now(),
        },
    );
}

/// Removes an emitter (admin). Its reports stay as evidence but no longer
/// count towards any quorum. With a quorum above 1, at least that many
/// emitters must remain.
#[action]
pub fn rmemitter(ctx: &Context, emitter: Name) {
    let cfg = get_config(ctx.receiver);
    require_admin(cfg.governance, ctx.receiver);
    let table = emitters(ctx.receiver);
    let row = table.get(emitter.raw(), NOT_EMITTER);
    ok_or_fail(check_removal(cfg.quorum, emitter_count(ctx.receiver)));
    let last_seq = row.last_seq;
    table.erase(row);
    retired(ctx.receiver).upsert(
        admin_of(cfg.governance, ctx.receiver),
        Retired {
            emitter,
            last_seq,
            removed_at: now(),
        },
    );
}

// --- reports -------------------------------------------------------------------

/// A registered emitter reports one window `[start, end)` of slots and
/// what each listed member did in it. Checks, in order: the emitter's
/// authority, the configuration, the emitter's registration, then
/// `pool_core::metrics::check_report` (seq, batch size, window shape and
/// place, end in the past, not pruned, each entry, sum of selected,
/// duplicates), then that each member exists at the members contract,
/// then that the window has room for one more report.
///
/// The report is stored (paid by the emitter) with its content hash,
/// SHA-256 of the packed `(start, end, entries)`; the window becomes
/// final when `quorum` distinct registered emitters reported that hash,
/// and a final window adds its entries into the day's aggregates.
#[action]
pub fn report(
    ctx: &Context,
    emitter: Name,
    seq: u64,
    start: TimePointSec,
    end: TimePointSec,
    entries: Vec<MetricEntry>,
) {
    require_auth(emitter);
    let cfg = get_config(ctx.receiver);
    let emitter_table = emitters(ctx.receiver);
    let mut emitter_row = emitter_table.get(emitter.raw(), NOT_EMITTER);
    let counters_table = state(ctx.receiver);
    let mut counters = counters_table.get_or_fail(NOT_CONFIGURED);
    let now_sec = now().secs();
    let rules = Rules {
        window_sec: cfg.window_sec,
        genesis: cfg.genesis.secs(),
        max_batch: cfg.max_batch,
        horizon: counters.pruned_until.secs(),
    };
    let cursor = Cursor {
        last_seq: emitter_row.last_seq,
        last_end: emitter_row.last_end.secs(),
    };
    let core_entries: Vec<Entry> = entries.iter().map(MetricEntry::to_core).collect();
    ok_or_fail(check_report(
        &rules,
        &cursor,
        seq,
        start.secs(),
        end.secs(),
        now_sec,
        &core_entries,
    ));
    let members = pool_members::tables::members(cfg.members);
    for e in &entries {
        if !members.contains(e.member.raw()) {
            unknown_member(e.member);
        }
    }
    let window_table = windows(ctx.receiver);
    let window_row = window_table.find(u64::from(start.secs()));
    if let Some(w) = &window_row {
        check(w.reports < MAX_WINDOW_REPORTS, WINDOW_REPORTS_FULL);
    }

    // --- decide (no writes yet) ---
    let hash = content_hash(start, end, &entries);
    let report_table = reports(ctx.receiver);
    let priors: Vec<Row<ReportRow>> = report_table
        .index(BY_WINDOW)
        .lower_bound(SecondaryValue::U64(u64::from(start.secs())))
        .take(MAX_WINDOW_REPORTS as usize)
        .take_while(|r| r.start == start)
        .collect();
    let tally: Vec<Prior> = priors
        .iter()
        .map(|r| Prior {
            emitter: r.emitter.raw(),
            hash: r.hash.0,
            counts: emitter_table.contains(r.emitter.raw()),
        })
        .collect();
    let final_hash = window_row
        .as_ref()
        .filter(|w| w.status == WINDOW_FINAL)
        .map(|w| w.hash.0);
    let verdict = judge(
        final_hash.as_ref(),
        emitter.raw(),
        &hash.0,
        &tally,
        cfg.quorum,
    );
    let aggregates = if verdict == Verdict::Finalize {
        Some(compute_aggregates(
            ctx.receiver,
            &cfg,
            start,
            &entries,
            &core_entries,
        ))
    } else {
        None
    };
    let id = counters.next_id;
    counters.next_id = check_some(id.checked_add(1), AGGREGATE_OVERFLOW);
    let reports_since = check_some(emitter_row.reports.checked_add(1), AGGREGATE_OVERFLOW);

    // --- write ---
    counters_table.set(ctx.receiver, counters);
    emitter_table.modify(&mut emitter_row, emitter, |e| {
        e.last_seq = seq;
        e.last_end = end;
        e.reports = reports_since;
    });
    for mut prior in priors {
        let status = prior_status(verdict, &hash.0, &prior.hash.0, prior.report_status());
        if status != prior.report_status() {
            report_table.modify(&mut prior, SAME_PAYER, |r| r.status = status.as_u8());
        }
    }
    let conflict = matches!(verdict, Verdict::PendingConflict | Verdict::Conflict);
    let finalized = verdict == Verdict::Finalize;
    match window_row {
        None => {
            window_table.emplace(
                emitter,
                Window {
                    start,
                    end,
                    status: if finalized {
                        WINDOW_FINAL
                    } else {
                        WINDOW_PENDING
                    },
                    hash: if finalized {
                        hash
                    } else {
                        Checksum256::default()
                    },
                    reports: 1,
                    conflict,
                    finalized_at: if finalized {
                        TimePointSec::from_secs(now_sec)
                    } else {
                        TimePointSec::default()
                    },
                },
            );
        }
        Some(mut w) => window_table.modify(&mut w, SAME_PAYER, |w| {
            // Below MAX_WINDOW_REPORTS (checked above).
            w.reports += 1;
            w.conflict |= conflict;
            if finalized {
                w.status = WINDOW_FINAL;
                w.hash = hash;
                w.finalized_at = TimePointSec::from_secs(now_sec);
            }
        }),
    }
    report_table.emplace(
        emitter,
        ReportRow {
            id,
            emitter,
            seq,
            start,
            end,
            hash,
            status: verdict.status().as_u8(),
            reported_at: TimePointSec::from_secs(now_sec),
            entries,
        },
    );
    if let Some(a) = aggregates {
        write_aggregates(ctx.receiver, emitter, a);
    }
}

/// What a final window changes: the new totals of each listed member
/// (with its existing row, if any) and the day's new summary.
struct Aggregates {
    day: u64,
    members: Vec<(Name, Option<Row<MemberDay>>, MemberTotals)>,
    stats: (Option<Row<DayStats>>, DayTotals),
}

fn compute_aggregates(
    receiver: Name,
    cfg: &Config,
    start: TimePointSec,
    entries: &[MetricEntry],
    core_entries: &[Entry],
) -> Aggregates {
    let day = day_index(start.secs(), cfg.day_sec);
    let day_table = days(receiver, day);
    let rows: Vec<Option<Row<MemberDay>>> = entries
        .iter()
        .map(|e| day_table.find(e.member.raw()))
        .collect();
    let current: Vec<MemberTotals> = rows
        .iter()
        .map(|r| r.as_ref().map_or(MemberTotals::default(), |r| r.totals()))
        .collect();
    let new = check_some(add_window(&current, core_entries), AGGREGATE_OVERFLOW);
    let stats_row = daystats(receiver).find(day);
    let stats = stats_row
        .as_ref()
        .map_or(DayTotals::default(), |s| DayTotals {
            windows_final: s.windows_final,
            windows_empty: s.windows_empty,
            slots: s.slots,
        });
    let stats = check_some(
        stats.add_window(window_slots(cfg.window_sec), entries.len()),
        AGGREGATE_OVERFLOW,
    );
    Aggregates {
        day,
        members: entries
            .iter()
            .zip(rows)
            .zip(new)
            .map(|((e, row), t)| (e.member, row, t))
            .collect(),
        stats: (stats_row, stats),
    }
}

/// Writes the aggregates: new rows paid by `payer` (the emitter whose
/// report finalized the window), existing rows rewritten at the same size
/// with their payer kept.
fn write_aggregates(receiver: Name, payer: Name, a: Aggregates) {
    let day_table = days(receiver, a.day);
    for (member, row, totals) in a.members {
        let value = MemberDay::from_totals(member, &totals);
        match row {
            Some(mut row) => day_table.modify(&mut row, SAME_PAYER, |m| *m = value),
            None => {
                day_table.emplace(payer, value);
            }
        }
    }
    let stats_table = daystats(receiver);
    let (row, t) = a.stats;
    let value = DayStats {
        day: a.day,
        windows_final: t.windows_final,
        windows_empty: t.windows_empty,
        slots: t.slots,
    };
    match row {
        Some(mut row) => stats_table.modify(&mut row, SAME_PAYER, |s| *s = value),
        None => {
            stats_table.emplace(payer, value);
        }
    }
}

/// SHA-256 of the packed `(start, end, entries)`: the bytes of the action
/// data after `emitter` and `seq`.
pub fn content_hash(
    start: TimePointSec,
    end: TimePointSec,
    entries: &[MetricEntry],
) -> Checksum256 {
    let mut data = Vec::with_capacity(4 + 4 + 5 + entries.len() * 36);
    start.pack(&mut data);
    end.pack(&mut data);
    pack_len(entries.len(), &mut data);
    for e in entries {
        e.pack(&mut data);
    }
    sha256(&data)
}

// --- pruning -------------------------------------------------------------------

/// Anyone: removes the raw rows (reports, then their window's row) of the
/// windows that ended more than `retention_sec` ago, oldest window first,
/// at most `max_rows` rows and never more than
/// `pool_core::metrics::MAX_PRUNE_ROWS`. Aggregates stay. Windows starting
/// before the end of a pruned window are closed to reports for good.
#[action]
pub fn prune(ctx: &Context, max_rows: u32) {
    check(max_rows > 0, PRUNE_ZERO);
    let cfg = get_config(ctx.receiver);
    let counters_table = state(ctx.receiver);
    let mut counters = counters_table.get_or_fail(NOT_CONFIGURED);
    let budget = max_rows.min(MAX_PRUNE_ROWS);
    let now_sec = now().secs();
    let window_table = windows(ctx.receiver);
    let report_table = reports(ctx.receiver);
    let by_window = report_table.index(BY_WINDOW);
    let mut removed: u32 = 0;
    'windows: while removed < budget {
        let Some(mut w) = window_table.iter().next() else {
            break;
        };
        if !prunable(w.end.secs(), cfg.retention_sec, now_sec) {
            break;
        }
        if w.end > counters.pruned_until {
            counters.pruned_until = w.end;
        }
        let key = SecondaryValue::U64(u64::from(w.start.secs()));
        let mut left = w.reports;
        loop {
            if removed >= budget {
                if left != w.reports {
                    window_table.modify(&mut w, SAME_PAYER, |w| w.reports = left);
                }
                break 'windows;
            }
            match by_window
                .lower_bound(key)
                .next()
                .filter(|r| r.start == w.start)
            {
                Some(r) => {
                    report_table.erase(r);
                    left = left.saturating_sub(1);
                }
                None => {
                    window_table.erase(w);
                    removed += 1;
                    break;
                }
            }
            removed += 1;
        }
    }
    check(removed > 0, NOTHING_TO_PRUNE);
    counters_table.set(ctx.receiver, counters);
}

// --- helpers -------------------------------------------------------------------

fn get_config(receiver: Name) -> Config {
    config(receiver).get_or_fail(NOT_CONFIGURED)
}

/// Registered emitters (at most `MAX_EMITTERS` rows to walk).
fn emitter_count(receiver: Name) -> usize {
    emitters(receiver).iter().count()
}

fn now() -> TimePointSec {
    current_time_point().to_sec()
}

fn ok_or_fail(result: Result<(), &'static str>) {
    if let Err(msg) = result {
        check_failed(msg)
    }
}

/// Fails with `unknown member: <member>`.
#[cold]
fn unknown_member(member: Name) -> ! {
    let (buf, len) = member.to_string_buf();
    let mut msg = Vec::with_capacity(UNKNOWN_MEMBER_PREFIX.len() + len);
    msg.extend_from_slice(UNKNOWN_MEMBER_PREFIX.as_bytes());
    msg.extend_from_slice(buf.get(..len).unwrap_or_default());
    // A name's characters are ASCII, so the message is UTF-8.
    check_failed(core::str::from_utf8(&msg).unwrap_or(UNKNOWN_MEMBER_PREFIX))
}
