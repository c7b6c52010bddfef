//! The load phase: `workers` threads draw transactions slot by slot and
//! push each as soon as the previous one of that thread was answered; one
//! thread per emitter reports each window once it has ended (sequential
//! seq, contiguous windows); a refresher keeps the reference block and
//! the head time current; an observer copies every rewards snapshot (the
//! contract keeps them 7 days only, which is 70 s with 10-second days).
//! All of them stop when `total` slots have been taken.

use super::mix::{intent, window_entries, Intent, Pool, REWARDS};
use super::wire::{Outcome, Wire};
use crate::Chain;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One pushed transaction and what became of it.
#[derive(Clone, Debug)]
pub struct Record {
    pub slot: usize,
    pub intent: Intent,
    pub outcome: Outcome,
    /// Signing (keosd) and pushing (nodeos' answer), as this process saw
    /// them.
    pub sign: Duration,
    pub push: Duration,
    /// When the answer came, from the start of the load.
    pub at: Duration,
}

pub struct Run {
    pub records: Vec<Record>,
    /// From the first push to the last answer.
    pub wall: Duration,
    /// The head block when the load began.
    pub start_block: u64,
    /// Every snapshot row seen at pool.reward, by day.
    pub snapshots: BTreeMap<u64, Value>,
    /// CPU time used during the load, by whom.
    pub cpu: Cpu,
}

/// CPU time spent during the load, in seconds: by nodeos, keosd and this
/// process (`/proc/<pid>/stat`, user + system), and by the whole machine
/// (`/proc/stat`: busy and all, over every core).
#[derive(Clone, Debug, Default)]
pub struct Cpu {
    pub nodeos: f64,
    pub keosd: f64,
    pub load: f64,
    pub machine_busy: f64,
    pub machine_total: f64,
}

/// Clock ticks per second of `/proc` (USER_HZ).
fn ticks_per_sec() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// utime + stime of a process (all its threads), in ticks.
fn process_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

/// (busy, all) ticks of the machine, summed over the cores.
fn machine_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let v: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let all: u64 = v.iter().take(8).sum();
    // idle and iowait are the 4th and 5th.
    let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
    (all - idle, all)
}

struct CpuMark {
    pids: [String; 2],
    at: [u64; 3],
    machine: (u64, u64),
}

impl CpuMark {
    fn now(pids: &[String; 2]) -> CpuMark {
        CpuMark {
            pids: pids.clone(),
            at: [
                process_ticks(&pids[0]),
                process_ticks(&pids[1]),
                process_ticks("self"),
            ],
            machine: machine_ticks(),
        }
    }

    fn since(&self) -> Cpu {
        let later = CpuMark::now(&self.pids);
        let hz = ticks_per_sec();
        let d = |i: usize| later.at[i].saturating_sub(self.at[i]) as f64 / hz;
        Cpu {
            nodeos: d(0),
            keosd: d(1),
            load: d(2),
            machine_busy: later.machine.0.saturating_sub(self.machine.0) as f64 / hz,
            machine_total: later.machine.1.saturating_sub(self.machine.1) as f64 / hz,
        }
    }
}

/// The pids of the chain's nodeos and keosd (`scripts/chain.sh` writes
/// them under `$POOL_CHAIN_DIR/run`).
fn daemon_pids(chain: &Chain) -> [String; 2] {
    let run = super::wire::env_value(chain, "POOL_RUN_DIR");
    let read = |name: &str| {
        std::fs::read_to_string(format!("{run}/{name}.pid"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    [read("nodeos"), read("keosd")]
}

/// Where an emitter's reports go on: the next seq and window start.
#[derive(Clone, Debug)]
pub struct Cursor {
    pub emitter: String,
    pub seq: u64,
    pub start: u32,
}

/// The cursors of the registered emitters: after their last report, or,
/// for one that never reported, at genesis (at most 120 windows back):
/// the windows since then are a backlog they report at once, as an
/// emitter catching up after a restart does.
pub fn cursors(chain: &Chain, pool: &Pool, head_sec: i64) -> Vec<Cursor> {
    let cfg = chain
        .table("pool.metrics", "pool.metrics", "config")
        .first()
        .cloned()
        .unwrap_or_default();
    let genesis = cfg["genesis"].as_str().map_or(0, crate::iso_to_unix) as u32;
    let ws = pool.window_sec;
    let fresh = ((head_sec as u32 / ws).saturating_sub(120) * ws).max(genesis);
    pool.emitters
        .iter()
        .map(|e| {
            let row = chain.row("pool.metrics", "pool.metrics", "emitters", e);
            let last_seq = row
                .as_ref()
                .and_then(|r| r["last_seq"].as_u64())
                .unwrap_or(0);
            let last_end = row
                .as_ref()
                .and_then(|r| r["last_end"].as_str())
                .map_or(0, crate::iso_to_unix) as u32;
            Cursor {
                emitter: e.clone(),
                seq: last_seq + 1,
                start: if last_end == 0 { fresh } else { last_end },
            }
        })
        .collect()
}

struct Shared<'a> {
    wire: &'a Wire,
    pool: &'a Pool,
    seed: u64,
    total: usize,
    next: AtomicUsize,
    answered: AtomicUsize,
    accepted: AtomicUsize,
    done: AtomicBool,
    t0: Instant,
}

impl Shared<'_> {
    fn take(&self) -> Option<usize> {
        let slot = self.next.fetch_add(1, Ordering::SeqCst);
        (slot < self.total).then_some(slot)
    }

    fn push(&self, slot: usize, intent: Intent) -> Record {
        let (outcome, sign, push) = self.wire.push_timed(&[intent.act()]);
        if matches!(outcome, Outcome::Accepted { .. }) {
            self.accepted.fetch_add(1, Ordering::Relaxed);
        }
        self.answered.fetch_add(1, Ordering::Relaxed);
        Record {
            slot,
            intent,
            outcome,
            sign,
            push,
            at: self.t0.elapsed(),
        }
    }
}

fn worker(s: &Shared) -> Vec<Record> {
    let mut out = Vec::new();
    while let Some(slot) = s.take() {
        out.push(s.push(slot, intent(s.pool, s.seed, slot)));
    }
    out
}

fn emitter(s: &Shared, mut c: Cursor) -> Vec<Record> {
    let mut out = Vec::new();
    let ws = s.pool.window_sec;
    loop {
        // The window must have ended by the block time; the block being
        // built is at least half a second past the head.
        while s.wire.tapos().head_ms < i64::from(c.start + ws) * 1000 {
            if s.next.load(Ordering::SeqCst) >= s.total {
                return out;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let Some(slot) = s.take() else {
            return out;
        };
        let intent = Intent::Report {
            emitter: c.emitter.clone(),
            seq: c.seq,
            start: c.start,
            end: c.start + ws,
            entries: window_entries(s.pool, c.start),
        };
        let r = s.push(slot, intent);
        // A refused seq is not used up on chain, but the same bytes again
        // would be a duplicate: seq may skip numbers, windows may not.
        c.seq += 1;
        if matches!(r.outcome, Outcome::Accepted { .. }) {
            c.start += ws;
        }
        out.push(r);
    }
}

fn observe(chain: &Chain, into: &Mutex<BTreeMap<u64, Value>>) {
    for row in chain.table(REWARDS, REWARDS, "snapshots") {
        if let Some(day) = row["day"].as_u64() {
            into.lock().expect("snapshots lock").insert(day, row);
        }
    }
}

/// Runs the load; prints a progress line every 5 s.
pub fn run(
    chain: &Chain,
    wire: &Wire,
    pool: &Pool,
    total: usize,
    workers: usize,
    seed: u64,
    cursors: Vec<Cursor>,
) -> Run {
    let s = Shared {
        wire,
        pool,
        seed,
        total,
        next: AtomicUsize::new(0),
        answered: AtomicUsize::new(0),
        accepted: AtomicUsize::new(0),
        done: AtomicBool::new(false),
        t0: Instant::now(),
    };
    let snapshots = Mutex::new(BTreeMap::new());
    let start_block = wire.refresh().map(|t| t.head_block).unwrap_or(0);
    let t0 = s.t0;
    let mark = CpuMark::now(&daemon_pids(chain));
    let (mut records, wall, cpu) = std::thread::scope(|scope| {
        let s = &s;
        let snapshots = &snapshots;
        scope.spawn(move || {
            while !s.done.load(Ordering::SeqCst) {
                // A failed refresh keeps the previous reference block, which
                // stays valid for hours.
                let _ = s.wire.refresh();
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        scope.spawn(move || {
            let mut last = Instant::now() - Duration::from_secs(60);
            while !s.done.load(Ordering::SeqCst) {
                if last.elapsed() >= Duration::from_secs(2) {
                    observe(chain, snapshots);
                    last = Instant::now();
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let mut handles = Vec::new();
        for _ in 0..workers {
            handles.push(scope.spawn(move || worker(s)));
        }
        for c in cursors {
            handles.push(scope.spawn(move || emitter(s, c)));
        }
        let mut last_print = Instant::now();
        let mut last_answered = 0;
        while !handles.iter().all(|h| h.is_finished()) {
            std::thread::sleep(Duration::from_millis(50));
            if last_print.elapsed() >= Duration::from_secs(5) {
                let answered = s.answered.load(Ordering::Relaxed);
                println!(
                    "  {:>5.1} s  {answered:>6} answered  {:>6} accepted  {:>6.0} tx/s over the last 5 s",
                    t0.elapsed().as_secs_f64(),
                    s.accepted.load(Ordering::Relaxed),
                    (answered - last_answered) as f64 / last_print.elapsed().as_secs_f64()
                );
                last_answered = answered;
                last_print = Instant::now();
            }
        }
        let records: Vec<Record> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("load thread panicked"))
            .collect();
        s.done.store(true, Ordering::SeqCst);
        let wall = records.iter().map(|r| r.at).max().unwrap_or_default();
        (records, wall, mark.since())
    });
    observe(chain, &snapshots);
    records.sort_by_key(|r| r.slot);
    Run {
        records,
        wall,
        start_block,
        snapshots: snapshots.into_inner().expect("snapshots lock"),
        cpu,
    }
}
