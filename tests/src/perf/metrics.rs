//! pool.metrics on fresh instances reading the large registry (every
//! reported member exists there): a typical instance (quorum 1) for every
//! action and the `report` curve, one with 16 emitters at quorum 16 for
//! the tally at its bound, and one with 1-second windows whose pending
//! reports age at once, for `prune`.

use super::fixture::Registry;
use super::report::{Curve, CurveSeries};
use super::stats::{measure, median_i64, Samples};
use super::tx::{action, push, ram_delta};
use super::Run;
use crate::unix_to_iso;
use crate::Pushed;
use serde_json::{json, Value};

/// Entries per report on the curve.
const SIZES: [usize; 7] = [1, 10, 50, 100, 250, 500, 1000];
/// The hard caps of pool_core::metrics.
const MAX_BATCH_CAP: usize = 1000;
const MAX_EMITTERS: usize = 16;
const MAX_PRUNE_ROWS: usize = 100;
const DAY: i64 = 86_400;

/// A report's entries, as arrays (`[member, slots, proposed, selected,
/// late, latency_ms]`: shorter than objects on cleos' command line): every
/// member proposed `proposed` of the window's slots; one block selected
/// per slot, for the first members.
pub fn entries(members: &[String], window_sec: i64, proposed: i64) -> Value {
    let slots = 2 * window_sec;
    Value::Array(
        members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let selected = i64::from((i as i64) < slots);
                json!([m, slots, proposed, selected, 0, proposed * 200])
            })
            .collect(),
    )
}

/// An instance and its configuration.
pub struct Metrics {
    pub account: String,
    pub window_sec: i64,
    config: Value,
}

/// An emitter's cursor: its next seq and the start of its next window.
pub struct Emitter {
    pub account: String,
    pub seq: u64,
    pub next: i64,
}

impl Emitter {
    pub fn new(account: &str, start: i64) -> Emitter {
        Emitter {
            account: account.into(),
            seq: 1,
            next: start,
        }
    }
}

impl Metrics {
    /// A fresh instance: `members` is the members contract, `genesis` in
    /// Unix seconds.
    #[allow(clippy::too_many_arguments)]
    pub fn setup(
        r: &mut Run,
        members: &str,
        quorum: u8,
        window_sec: i64,
        day_sec: i64,
        max_batch: usize,
        retention_sec: i64,
        genesis: i64,
    ) -> Metrics {
        let account = r
            .chain
            .create_accounts("mx", 1, &mut r.report.setup)
            .remove(0);
        r.code.deploy(r.chain, &account, "metrics");
        let config = json!({"governance": "", "members": members, "quorum": quorum,
                            "window_sec": window_sec, "day_sec": day_sec, "max_batch": max_batch,
                            "retention_sec": retention_sec, "genesis": unix_to_iso(genesis)});
        let m = Metrics {
            account,
            window_sec,
            config,
        };
        let (_, bytes) = ram_delta(r.chain, &m.account, || m.setconfig(r));
        if r.report.ram.iter().all(|row| row.contract != "metrics") {
            r.report.ram(
                "metrics",
                "`config` + `state` (singletons)",
                "the first `setconfig`",
                "the contract",
                bytes,
            );
        }
        m
    }

    pub fn setconfig(&self, r: &Run) -> Pushed {
        push(
            r.chain,
            &self.account,
            "setconfig",
            &self.account,
            self.config.clone(),
        )
    }

    pub fn admin(&self, name: &str, data: Value) -> Value {
        action(&self.account, name, &self.account, data)
    }

    /// The emitter's next report (advancing its cursor).
    pub fn report(&self, e: &mut Emitter, entries: Value) -> Value {
        let a = action(
            &self.account,
            "report",
            &e.account,
            json!({"emitter": e.account, "seq": e.seq,
                   "start": unix_to_iso(e.next), "end": unix_to_iso(e.next + self.window_sec),
                   "entries": entries}),
        );
        e.seq += 1;
        e.next += self.window_sec;
        a
    }

    /// Pushes one report alone; its trace and the emitter's RAM delta.
    pub fn push_report(&self, r: &Run, e: &mut Emitter, entries: Value) -> (Pushed, i64) {
        let act = self.report(e, entries);
        ram_delta(r.chain, &e.account, || {
            r.chain
                .push_actions(&[act])
                .unwrap_or_else(|err| panic!("report: {}", err.message))
        })
    }
}

pub fn run(r: &mut Run, registry: &Registry) {
    let chain = r.chain;
    let n = r.runs;
    let big = &registry.members;
    assert!(big.len() >= SIZES.iter().sum::<usize>() + MAX_BATCH_CAP);
    let today = chain.head_time() / DAY;

    // --- the typical instance and the curve -------------------------------
    let genesis_day = today - 40;
    let m = Metrics::setup(
        r,
        &registry.contract,
        1,
        60,
        DAY,
        MAX_BATCH_CAP,
        7 * DAY,
        genesis_day * DAY,
    );
    // Emitters: steady, a spare one (registered and removed), and one per
    // first-window run (each on a day of its own).
    let first_runs = n.min(MAX_EMITTERS - 2);
    let accounts = chain.create_accounts("me", 2 + first_runs, &mut r.report.setup);
    let regs: Vec<Value> = accounts
        .iter()
        .filter(|a| **a != accounts[1])
        .map(|a| m.admin("regemitter", json!({ "emitter": a })))
        .collect();
    chain.push_batches("emitters", &regs, 20, &mut r.report.setup);
    let spare = &accounts[1];
    let (mut reg, mut rm) = (Samples::default(), Samples::default());
    let (mut reg_ram, mut rm_ram) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let (p, b) = ram_delta(chain, &m.account, || {
            push(
                chain,
                &m.account,
                "regemitter",
                &m.account,
                json!({ "emitter": spare }),
            )
        });
        reg.add(&p);
        reg_ram.push(b);
        let (p, b) = ram_delta(chain, &m.account, || {
            push(
                chain,
                &m.account,
                "rmemitter",
                &m.account,
                json!({ "emitter": spare }),
            )
        });
        rm.add(&p);
        rm_ram.push(b);
    }
    r.report.action(
        "metrics",
        "regemitter",
        "an account registered before (its `retired` row erased), by the admin",
        reg,
    );
    r.report
        .action("metrics", "rmemitter", "an emitter, by the admin", rm);
    if let (Some(e), Some(x)) = (reg_ram.first(), rm_ram.first()) {
        r.report.ram(
            "metrics",
            "`emitters`",
            "`regemitter`",
            "the admin (the contract)",
            *e,
        );
        r.report.ram(
            "metrics",
            "`retired`",
            "`rmemitter` (its `emitters` row erased)",
            "the admin (the contract)",
            x + e,
        );
    }
    let s = measure(n, |_| m.setconfig(r));
    r.report
        .action("metrics", "setconfig", "the same values again", s);
    let s = measure(n, |_| {
        push(
            chain,
            &m.account,
            "setquorum",
            &m.account,
            json!({"quorum": 1}),
        )
    });
    r.report
        .action("metrics", "setquorum", "quorum 1 again, by the admin", s);

    let window = m.window_sec;
    let mut steady = Emitter::new(&accounts[0], (genesis_day + 30) * DAY);
    // The warm-up report creates the day's rows of the first 1000
    // members; the measured ones add into them.
    m.push_report(r, &mut steady, entries(&big[..MAX_BATCH_CAP], window, 118));
    let mut steady_s: Vec<Samples> = vec![Samples::default(); SIZES.len()];
    let mut steady_ram: Vec<Vec<i64>> = vec![Vec::new(); SIZES.len()];
    for _ in 0..n {
        for (k, &size) in SIZES.iter().enumerate() {
            let (p, b) = m.push_report(r, &mut steady, entries(&big[..size], window, 118));
            steady_s[k].add(&p);
            steady_ram[k].push(b);
        }
    }
    let mut first_s: Vec<Samples> = vec![Samples::default(); SIZES.len()];
    let mut first_ram: Vec<Vec<i64>> = vec![Vec::new(); SIZES.len()];
    for (day, emitter) in accounts[2..].iter().enumerate() {
        let mut e = Emitter::new(emitter, (genesis_day + day as i64) * DAY);
        let mut offset = 0;
        for (k, &size) in SIZES.iter().enumerate() {
            let (p, b) =
                m.push_report(r, &mut e, entries(&big[offset..offset + size], window, 118));
            offset += size;
            first_s[k].add(&p);
            first_ram[k].push(b);
        }
    }
    let k100 = SIZES.iter().position(|&s| s == 100).unwrap_or(0);
    r.report.action(
        "metrics",
        "report",
        "100 entries (the bootstrap's max_batch), quorum 1: finalizes its window and adds into 100 existing `days` rows",
        steady_s[k100].clone(),
    );
    let last = SIZES.len() - 1;
    r.report.bound(
        "metrics",
        "report",
        "max_batch = 1000 (cap)",
        "1,000 entries, quorum 1, the first window of the day: creates 1,000 `days` rows",
        first_s[last].clone(),
    );
    let steady_bytes: Vec<i64> = steady_ram.iter().map(|v| median_i64(v)).collect();
    let first_bytes: Vec<i64> = first_ram.iter().map(|v| median_i64(v)).collect();
    let per_member = (first_bytes[last] - steady_bytes[last]) / MAX_BATCH_CAP as i64;
    r.report.ram(
        "metrics",
        "`reports` + `windows` (100 entries)",
        "`report`",
        "the emitter",
        steady_bytes[k100],
    );
    r.report.ram(
        "metrics",
        "`reports` + `windows` (1,000 entries)",
        "`report`",
        "the emitter",
        steady_bytes[last],
    );
    r.report.ram(
        "metrics",
        "`days` (one member, one day: the 1,000-entry first window minus the steady one, / 1,000)",
        "the report finalizing a member's first window of a day",
        "the emitter",
        per_member,
    );
    r.report.ram(
        "metrics",
        "`daystats` (one day: the 1-entry first window minus the steady one and one `days` row)",
        "the report finalizing the day's first window",
        "the emitter",
        first_bytes[0] - steady_bytes[0] - per_member,
    );
    r.report.curves.push(Curve {
        file: "metrics-report.png".into(),
        title: "pool.metrics report vs batch size".into(),
        x_label: "entries in the report".into(),
        per: "entry".into(),
        series: vec![
            CurveSeries {
                name: "adds into existing days rows".into(),
                points: SIZES.iter().map(|&s| s as u64).zip(steady_s).collect(),
            },
            CurveSeries {
                name: "first window of the day (creates them)".into(),
                points: SIZES.iter().map(|&s| s as u64).zip(first_s).collect(),
            },
        ],
        note: format!(
            "A fresh instance, quorum 1 (every report finalizes its window and adds it into the day), \
             60-second windows, `max_batch` 1000. Each entry: 120 slots, 118 proposed, one selected \
             block for each of the first 120 entries. *Adds into existing rows*: one emitter reports \
             consecutive windows of one day after a 1,000-entry report created that day's rows, the \
             sizes interleaved, {n} runs each. *First window*: {first_runs} more emitters, each on a \
             day of its own, the sizes on disjoint members, so each report creates its `days` rows."
        ),
    });

    // --- 16 emitters at quorum 16 ------------------------------------------
    let emitter_row = reg_ram.first().copied().unwrap_or_default();
    quorum_bound(r, registry, today, steady_bytes[last], emitter_row);
    // --- pruning -------------------------------------------------------------
    prune(r, registry);
}

/// The tally of a window's reports at its bounds: 16 registered emitters
/// (the cap) at quorum 16 report one window with the same 1,000 entries;
/// the 16th report tallies 15 and finalizes it. Then every emitter is
/// removed and registered again (which lets it report from anywhere) and
/// all report the window once more: the 32nd report (MAX_WINDOW_REPORTS)
/// tallies 31. Each run on a day of its own.
/// `with_window`: the RAM of a 1,000-entry report that also created its
/// window's row; `emitter_row`: the RAM of an `emitters` row.
fn quorum_bound(r: &mut Run, registry: &Registry, today: i64, with_window: i64, emitter_row: i64) {
    let chain = r.chain;
    let n = r.runs;
    let genesis_day = today - 40;
    let m = Metrics::setup(
        r,
        &registry.contract,
        1,
        60,
        DAY,
        MAX_BATCH_CAP,
        7 * DAY,
        genesis_day * DAY,
    );
    let accounts = chain.create_accounts("mq", MAX_EMITTERS, &mut r.report.setup);
    let regs: Vec<Value> = accounts
        .iter()
        .map(|a| m.admin("regemitter", json!({ "emitter": a })))
        .chain([m.admin("setquorum", json!({"quorum": MAX_EMITTERS}))])
        .collect();
    chain.push_batches("16 emitters", &regs, 20, &mut r.report.setup);
    let mut emitters: Vec<Emitter> = accounts.iter().map(|a| Emitter::new(a, 0)).collect();
    // Quorum 1 to remove them, every emitter removed and registered again
    // (its cursor starts over, its seq goes on), quorum 16.
    let reset: Vec<Value> = std::iter::once(m.admin("setquorum", json!({"quorum": 1})))
        .chain(
            accounts
                .iter()
                .map(|a| m.admin("rmemitter", json!({ "emitter": a }))),
        )
        .chain(
            accounts
                .iter()
                .map(|a| m.admin("regemitter", json!({ "emitter": a }))),
        )
        .chain([m.admin("setquorum", json!({"quorum": MAX_EMITTERS}))])
        .collect();
    let batch = entries(&registry.members[..MAX_BATCH_CAP], m.window_sec, 118);
    let (mut finalizing, mut last) = (Samples::default(), Samples::default());
    let mut report_ram = Vec::new();
    // The admin actions that count the registered emitters, with 16.
    let mut counting: [Samples; 4] = Default::default();
    let last_emitter = &accounts[MAX_EMITTERS - 1];
    for run in 0..n {
        let start = (genesis_day + run as i64) * DAY;
        for round in 0..2 {
            chain.push_batches("emitters reset", &reset, 40, &mut r.report.setup);
            let mut others = Vec::new();
            for e in emitters.iter_mut().take(MAX_EMITTERS - 1) {
                e.next = start;
                others.push(m.report(e, batch.clone()));
            }
            // Two 1,000-entry reports per transaction: cleos takes the
            // transaction as one command-line argument.
            chain.push_batches("reports", &others, 2, &mut r.report.setup);
            let e = &mut emitters[MAX_EMITTERS - 1];
            e.next = start;
            let (p, bytes) = m.push_report(r, e, batch.clone());
            if round == 0 {
                finalizing.add(&p);
            } else {
                // The window is final already: the report writes its own
                // row only.
                last.add(&p);
                report_ram.push(bytes);
            }
        }
        let admin = |name: &str, data: Value| push(chain, &m.account, name, &m.account, data);
        let steps = [
            // The configuration's quorum is 1, so that the emitter can be
            // removed.
            m.setconfig(r),
            admin("rmemitter", json!({ "emitter": last_emitter })),
            admin("regemitter", json!({ "emitter": last_emitter })),
            admin("setquorum", json!({ "quorum": MAX_EMITTERS })),
        ];
        for (s, p) in counting.iter_mut().zip(&steps) {
            s.add(p);
        }
    }
    let [setconfig, rmemitter, regemitter, setquorum] = counting;
    for (name, case, s) in [
        (
            "setconfig",
            "the same values (quorum 1) with 16 emitters registered: 16 rows counted",
            setconfig,
        ),
        (
            "rmemitter",
            "one of 16 emitters: 16 rows counted",
            rmemitter,
        ),
        (
            "regemitter",
            "the 16th emitter: 15 rows counted",
            regemitter,
        ),
        (
            "setquorum",
            "quorum 16 with 16 emitters: 16 rows counted",
            setquorum,
        ),
    ] {
        r.report
            .bound("metrics", name, "MAX_EMITTERS = 16 (hard cap)", case, s);
    }
    // The measured report is the emitter's first since its registration:
    // it also takes over its `emitters` row from the admin.
    let report = median_i64(&report_ram) - emitter_row;
    r.report.ram(
        "metrics",
        "`reports` (1,000 entries; the window's row exists; the `emitters` row the emitter's first report takes over subtracted)",
        "`report`",
        "the emitter",
        report,
    );
    r.report.ram(
        "metrics",
        "`windows` (a 1,000-entry report with its window's row, minus one without)",
        "the window's first `report`",
        "the emitter",
        with_window - report,
    );
    r.report.bound(
        "metrics",
        "report",
        "MAX_EMITTERS = 16 at quorum 16; max_batch = 1000 (caps)",
        "the 16th report of a window, 1,000 entries: tallies 15 reports of 1,000 entries, finalizes, creates 1,000 `days` rows",
        finalizing,
    );
    r.report.bound(
        "metrics",
        "report",
        "MAX_WINDOW_REPORTS = 32; max_batch = 1000 (caps)",
        "the 32nd report of a window (emitters registered again), 1,000 entries: tallies 31 reports of 1,000 entries",
        last,
    );
}

/// `prune` on an instance with 1-second windows and days, kept 1 second,
/// quorum 2 with one emitter reporting (so windows stay pending and no
/// aggregate is written): every report is prunable as soon as it is in.
fn prune(r: &mut Run, registry: &Registry) {
    let chain = r.chain;
    let n = r.runs;
    let now = chain.head_time();
    let typical_windows = 5;
    let bound_windows = MAX_PRUNE_ROWS / 2;
    let windows = n * (typical_windows + bound_windows);
    let m = Metrics::setup(
        r,
        &registry.contract,
        1,
        1,
        1,
        MAX_BATCH_CAP,
        1,
        now - windows as i64 - 60,
    );
    let accounts = chain.create_accounts("mp", 2, &mut r.report.setup);
    chain.push_batches(
        "prune emitters",
        &[
            m.admin("regemitter", json!({"emitter": accounts[0]})),
            m.admin("regemitter", json!({"emitter": accounts[1]})),
            m.admin("setquorum", json!({"quorum": 2})),
        ],
        3,
        &mut r.report.setup,
    );
    let mut e = Emitter::new(&accounts[0], now - windows as i64 - 60);
    let small = entries(&registry.members[..100], 1, 2);
    let large = entries(&registry.members[..MAX_BATCH_CAP], 1, 2);
    let reports: Vec<Value> = (0..n * typical_windows)
        .map(|_| m.report(&mut e, small.clone()))
        .collect();
    chain.push_batches("100-entry reports", &reports, 10, &mut r.report.setup);
    let reports: Vec<Value> = (0..n * bound_windows)
        .map(|_| m.report(&mut e, large.clone()))
        .collect();
    chain.push_batches("1,000-entry reports", &reports, 2, &mut r.report.setup);
    let pusher = &accounts[1];
    let rows = 2 * typical_windows;
    let s = measure(n, |_| {
        push(
            chain,
            &m.account,
            "prune",
            pusher,
            json!({ "max_rows": rows }),
        )
    });
    r.report.action(
        "metrics",
        "prune",
        &format!(
            "max_rows {rows}: {typical_windows} expired windows, each one 100-entry report and its window row"
        ),
        s,
    );
    let s = measure(n, |_| {
        push(
            chain,
            &m.account,
            "prune",
            pusher,
            json!({ "max_rows": MAX_PRUNE_ROWS }),
        )
    });
    r.report.bound(
        "metrics",
        "prune",
        "MAX_PRUNE_ROWS = 100 (hard cap)",
        "100 rows: 50 expired windows, each one 1,000-entry report (read through the index) and its window row",
        s,
    );
}
