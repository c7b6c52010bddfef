//! `pool-emitter`: simulate the pool, aggregate the emitter's event log,
//! report windows to `pool.metrics`. See docs/emitter.md.

mod cli;

use pool_emitter::event::{EventReader, ReadError, SlotEvent};
use pool_emitter::http::Endpoint;
use pool_emitter::node::{ChainNode, Cleos};
use pool_emitter::report::{self, Failure, Progress, RetryPolicy, Settings, SystemClock};
use pool_emitter::sim::{LatePolicy, MemberSpec, SimConfig, SimFile};
use pool_emitter::summary::Totals;
use pool_emitter::time::{self, TimeMs};
use pool_emitter::window::{Aggregator, Window};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Exit codes: 0 done; 1 bad usage or input; 2 the chain refused (a
/// contract assertion, or the log does not fit the chain's state); 3
/// transient failures outlasted the retries (safe to run again).
const EXIT_USAGE: u8 = 1;

const USAGE: &str = "\
pool-emitter: the pool's block emitter, off chain

usage:
  pool-emitter simulate [--members N | --member-names a,b,..] [--slots N] [--seed N]
                        [--start TIME] [--deadline-ms MS] [--late-policy fallback|never]
                        [--median-ms MS[,MS..]] [--spread S[,S..]] [--outage-prob P[,P..]]
                        [--outage-mean-slots N[,N..]] [--join NAME@SLOT].. [--leave NAME@SLOT]..
                        [--config FILE] [--out FILE] [--quiet]
  pool-emitter aggregate [LOG|-] [--window-sec N] [--skip-bad-lines] [--out FILE]
                         [--emitter NAME [--first-seq N]] [--max-batch N] [--quiet]
  pool-emitter report LOG --emitter NAME [--contract ACCOUNT] [--permission PERM]
                      [--url URL] [--env scripts/env.sh | --cleos COMMAND]
                      [--window-sec N] [--max-batch N] [--skip-bad-lines] [--dry-run]
                      [--limit N] [--max-inflight N] [--retries N] [--backoff-ms MS]
                      [--backoff-max-ms MS] [--final-timeout SEC] [--poll-ms MS]
                      [--cleos-timeout SEC] [--http-timeout SEC] [--quiet]

`pool-emitter <command> --help` explains each option. Exit codes: 0 done, 1 bad
usage or input, 2 refused by the chain or inconsistent with it, 3 gave up on
transient failures (run again: it resumes from the chain).
";

const SIMULATE_HELP: &str = "\
pool-emitter simulate: simulate the pool slot by slot and write the event log

Every slot (0.5 s) each present member that is not in an outage delivers a
block after a log-normal latency; proposals after the deadline are late (still
proposed). The emitter emits the first delivered block (ties: a rotation of the
member list by slot). With --late-policy never, a late block is never emitted.

  --members N            members prod1..prod5, prod11..prod15, prod21.. (account
                         names allow digits 1-5 only)            [5]
  --member-names a,b,..  explicit member accounts
  --slots N              slots to simulate                        [7200 = 1 hour]
  --seed N               random seed: same seed, same log         [1]
  --start TIME           first slot: 2026-11-21T00:00:00, Unix seconds, now,
                         now-2h (rounded down to a second)        [2026-11-21T00:00:00]
  --deadline-ms MS       later deliveries are late                [300]
  --late-policy P        fallback (late block emitted if it is the first) | never
  --median-ms MS,..      median latency per member (list: by member, the last
                         value repeats)                           [120]
  --spread S,..          sigma of the latency's logarithm         [0.6]
  --outage-prob P,..     probability per slot that an outage starts [0.002]
  --outage-mean-slots N,.. mean outage length in slots            [20]
  --join NAME@SLOT       NAME joins at slot offset SLOT (added if not listed)
  --leave NAME@SLOT      NAME leaves at slot offset SLOT
  --config FILE          JSON: {\"start\",\"slots\",\"seed\",\"deadline_ms\",\"late_policy\",
                         \"defaults\":{member fields},\"members\":[\"prod1\",{\"name\":..,
                         \"median_ms\",\"spread\",\"outage_prob\",\"outage_mean_slots\",
                         \"join_at\",\"leave_at\"}]}; flags override it
  --out FILE             the event log (default: stdout; the summary then goes to
                         stderr)
  --quiet                no summary
";

const AGGREGATE_HELP: &str = "\
pool-emitter aggregate: cut an event log into windows, one JSON line per window

Windows are [start, start + window-sec) with start a multiple of window-sec;
a window is written once closed (a later slot, or its own last slot, is in the
log). Windows the emitter logged nothing for (between logged slots) are written
with no entries, so windows stay contiguous.

  LOG | -              the event log (default: stdin)
  --window-sec N       window length in seconds                   [60]
  --skip-bad-lines     skip (and count) bad lines instead of failing
  --out FILE           where to write the windows (default: stdout; the summary
                       then goes to stderr)
  --emitter NAME       write complete `report` action data: with emitter and seq
  --first-seq N        seq of the first window (with --emitter)   [1]
  --max-batch N        fail if a window has more than N entries
  --quiet              no summary
";

const REPORT_HELP: &str = "\
pool-emitter report: push the windows of an event log as `report` actions

Resumes from the chain: reads the emitter's row (last_seq, last_end) and pushes
the window starting at last_end as last_seq + 1, never a window the chain has.
A report is done when its block is irreversible and holds the transaction.
Transient failures are retried with exponential backoff; a contract assertion
stops the run with its message.

  LOG                  the event log
  --emitter NAME       the emitter account (signs with NAME@PERM)  (required)
  --contract ACCOUNT   the metrics contract                       [pool.metrics]
  --permission PERM    the emitter's permission                   [active]
  --url URL            the node's HTTP API   [$POOL_URL, else http://127.0.0.1:$POOL_HTTP_PORT, port 18888]
  --env FILE           the project's scripts/env.sh: cleos runs as `source FILE; cleos`
                       [found from the current directory upward]
  --cleos COMMAND      run cleos as this shell command prefix instead, e.g.
                       'cleos -u http://127.0.0.1:8888'
  --window-sec N       override the contract's window_sec
  --max-batch N        override the contract's max_batch
  --skip-bad-lines     skip (and count) bad log lines instead of failing
  --dry-run            read the chain, print the plan, push nothing
  --limit N            push at most N windows in this run
  --max-inflight N     reports pushed but not yet irreversible, at most [16]
  --retries N          consecutive transient failures tolerated   [8]
  --backoff-ms MS      first retry delay, doubled each time       [500]
  --backoff-max-ms MS  longest retry delay                        [30000]
  --final-timeout SEC  longest wait for a report to become irreversible [120]
  --poll-ms MS         interval of irreversibility polls          [500]
  --cleos-timeout SEC  kill a cleos that hangs longer             [60]
  --http-timeout SEC   HTTP connect/read timeout                  [10]
  --quiet              no progress line
";

/// A command's failure: message and exit code.
struct Fail(u8, String);

impl From<String> for Fail {
    fn from(m: String) -> Self {
        Fail(EXIT_USAGE, m)
    }
}

impl From<&str> for Fail {
    fn from(m: &str) -> Self {
        Fail(EXIT_USAGE, m.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("simulate") => simulate(&args[1..]),
        Some("aggregate") => aggregate(&args[1..]),
        Some("report") => report_cmd(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Fail(
            EXIT_USAGE,
            format!("unknown command {other:?}\n\n{USAGE}"),
        )),
        None => Err(Fail(EXIT_USAGE, USAGE.to_string())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(code, message)) => {
            eprintln!("pool-emitter: {}", message.trim_end());
            ExitCode::from(code)
        }
    }
}

/// Where data and the summary go: data to a file or stdout; the summary
/// to stdout when data goes to a file, else to stderr.
struct Outputs {
    data: Box<dyn Write>,
    summary: Box<dyn Write>,
}

fn outputs(out: Option<&str>) -> Result<Outputs, Fail> {
    Ok(match out {
        None | Some("-") => Outputs {
            data: Box::new(BufWriter::new(io::stdout().lock())),
            summary: Box::new(io::stderr()),
        },
        Some(path) => Outputs {
            data: Box::new(BufWriter::new(
                File::create(path).map_err(|e| format!("cannot create {path}: {e}"))?,
            )),
            summary: Box::new(io::stdout()),
        },
    })
}

/// A write error; a closed pipe (`| head`) ends the command quietly.
fn write_err(e: io::Error) -> Fail {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Fail(EXIT_USAGE, format!("writing output: {e}"))
}

/// The n-th default member name (1-based): prod1..prod5, prod11..prod15,
/// prod21.. (bijective base 5 with digits 1-5).
fn member_name(mut n: u64) -> String {
    let mut digits = Vec::new();
    while n > 0 {
        let d = (n - 1) % 5;
        digits.push(b'1' + d as u8);
        n = (n - 1) / 5;
    }
    digits.reverse();
    format!("prod{}", String::from_utf8(digits).expect("ascii"))
}

/// `NAME@SLOT`.
fn name_at(text: &str, option: &str) -> Result<(String, u64), String> {
    let (name, at) = text
        .split_once('@')
        .ok_or_else(|| format!("--{option} {text:?}: expected NAME@SLOT"))?;
    let at = at
        .parse()
        .map_err(|_| format!("--{option} {text:?}: SLOT must be a slot offset"))?;
    Ok((name.to_string(), at))
}

/// Applies a per-member list option: value i to member i, the last value
/// to the rest.
fn per_member(members: &mut [MemberSpec], values: Option<Vec<f64>>, set: fn(&mut MemberSpec, f64)) {
    if let Some(values) = values {
        for (i, m) in members.iter_mut().enumerate() {
            if let Some(v) = values.get(i).or(values.last()) {
                set(m, *v);
            }
        }
    }
}

fn sim_config(p: &cli::Parsed) -> Result<SimConfig, String> {
    let file: SimFile = match p.value("config")? {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => SimFile::default(),
    };
    let start_text = p
        .value("start")?
        .map(str::to_string)
        .or(file.start.clone())
        .unwrap_or_else(|| "2026-11-21T00:00:00".into());
    let start = time::parse_cli(&start_text, time::now())?;
    let file_members = file.member_specs()?;
    let names: Option<Vec<String>> = match (p.get::<u64>("members")?, p.value("member-names")?) {
        (Some(_), Some(_)) => return Err("give --members or --member-names, not both".into()),
        (Some(n), None) if n == 0 || n > pool_emitter::sim::MAX_MEMBERS as u64 => {
            return Err(format!(
                "--members must be 1..={}",
                pool_emitter::sim::MAX_MEMBERS
            ))
        }
        (Some(n), None) => Some((1..=n).map(member_name).collect()),
        (None, Some(list)) => Some(list.split(',').map(|s| s.trim().to_string()).collect()),
        (None, None) if file_members.is_empty() => Some((1..=5).map(member_name).collect()),
        (None, None) => None,
    };
    let mut members = match names {
        None => file_members,
        Some(names) => names
            .iter()
            .map(|n| {
                file_members
                    .iter()
                    .find(|m| &m.name == n)
                    .cloned()
                    .unwrap_or_else(|| file.defaults.apply(&MemberSpec::new(n)))
            })
            .collect(),
    };
    per_member(&mut members, p.list("median-ms")?, |m, v| m.median_ms = v);
    per_member(&mut members, p.list("spread")?, |m, v| m.spread = v);
    per_member(&mut members, p.list("outage-prob")?, |m, v| {
        m.outage_prob = v
    });
    per_member(&mut members, p.list("outage-mean-slots")?, |m, v| {
        m.outage_mean_slots = v
    });
    for j in p.values("join") {
        let (name, at) = name_at(j, "join")?;
        match members.iter_mut().find(|m| m.name == name) {
            Some(m) => m.join_at = at,
            None => {
                let mut m = file.defaults.apply(&MemberSpec::new(&name));
                m.join_at = at;
                members.push(m);
            }
        }
    }
    for l in p.values("leave") {
        let (name, at) = name_at(l, "leave")?;
        members
            .iter_mut()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("--leave {l}: {name} is not a member"))?
            .leave_at = Some(at);
    }
    let cfg = SimConfig {
        start,
        slots: p.get("slots")?.or(file.slots).unwrap_or(7200),
        seed: p.get("seed")?.or(file.seed).unwrap_or(1),
        deadline_ms: p.get("deadline-ms")?.or(file.deadline_ms).unwrap_or(300),
        late_policy: p
            .get::<LatePolicy>("late-policy")?
            .or(file.late_policy)
            .unwrap_or(LatePolicy::Fallback),
        members,
    };
    cfg.validate()?;
    Ok(cfg)
}

/// The options (with a value) and flags of `simulate`.
const SIMULATE_OPTIONS: &[&str] = &[
    "members",
    "member-names",
    "slots",
    "seed",
    "start",
    "deadline-ms",
    "late-policy",
    "median-ms",
    "spread",
    "outage-prob",
    "outage-mean-slots",
    "join",
    "leave",
    "config",
    "out",
];
const SIMULATE_FLAGS: &[&str] = &["quiet"];

fn simulate(args: &[String]) -> Result<(), Fail> {
    let p = cli::parse(args, SIMULATE_OPTIONS, SIMULATE_FLAGS)?;
    if p.help {
        print!("{SIMULATE_HELP}");
        return Ok(());
    }
    p.one_positional("argument")?
        .map_or(Ok(()), |a| Err(format!("unexpected argument {a:?}")))?;
    let cfg = sim_config(&p)?;
    let mut out = outputs(p.value("out")?)?;
    let names: Vec<String> = cfg.members.iter().map(|m| m.name.clone()).collect();
    let mut totals = Totals::with_members(&names);
    for ev in cfg.run()? {
        totals.add_event(&ev);
        writeln!(out.data, "{}", ev.to_line()).map_err(write_err)?;
    }
    out.data.flush().map_err(write_err)?;
    if !p.flag("quiet") {
        let end = TimeMs(cfg.start.0 + cfg.slots * time::SLOT_MS);
        let empty = totals.slots - totals.selected_slots;
        let text = format!(
            "simulated {} slots, {} to {} (seed {}, {} members, deadline {} ms, late policy {})\n\
             a block was emitted in {} slots ({:.2}%), none in {}; {} emitted blocks were late\n{}",
            cfg.slots,
            cfg.start,
            end,
            cfg.seed,
            cfg.members.len(),
            cfg.deadline_ms,
            cfg.late_policy,
            totals.selected_slots,
            100.0 * totals.selected_slots as f64 / totals.slots as f64,
            empty,
            totals.late_selected,
            totals.table()
        );
        out.summary.write_all(text.as_bytes()).map_err(write_err)?;
    }
    Ok(())
}

/// What reading a log gave.
struct LogRead {
    windows: Vec<Window>,
    lines: usize,
    bad: usize,
    open: Option<pool_emitter::window::OpenWindow>,
}

/// Reads `path` (or stdin for `-`/none), feeding each closed window to
/// `each`. Bad lines fail the command unless `skip_bad`; skipped lines are
/// listed on stderr (the first 20) and counted.
fn read_log(
    path: Option<&str>,
    window_sec: u32,
    skip_bad: bool,
    mut each: impl FnMut(&Window) -> Result<(), Fail>,
) -> Result<LogRead, Fail> {
    const SHOWN: usize = 20;
    let (label, input): (String, Box<dyn BufRead>) = match path {
        None | Some("-") => ("stdin".into(), Box::new(BufReader::new(io::stdin()))),
        Some(path) => (
            path.to_string(),
            Box::new(BufReader::new(
                File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?,
            )),
        ),
    };
    let mut agg = Aggregator::new(window_sec)?;
    let mut read = LogRead {
        windows: Vec::new(),
        lines: 0,
        bad: 0,
        open: None,
    };
    for item in EventReader::new(input) {
        read.lines += 1;
        let ev: SlotEvent = match item {
            Ok(ev) => ev,
            Err(ReadError::Io(e)) => return Err(Fail(EXIT_USAGE, format!("reading {label}: {e}"))),
            Err(ReadError::Bad(b)) if !skip_bad => {
                return Err(Fail(
                    EXIT_USAGE,
                    format!(
                        "{label}:{}: {} (--skip-bad-lines skips such lines)",
                        b.line, b.error
                    ),
                ))
            }
            Err(ReadError::Bad(b)) => {
                read.bad += 1;
                if read.bad <= SHOWN {
                    eprintln!("skipped {label}:{}: {}", b.line, b.error);
                }
                continue;
            }
        };
        for w in agg.push(&ev) {
            each(&w)?;
            read.windows.push(w);
        }
    }
    if read.bad > SHOWN {
        eprintln!("... {} more bad lines not shown", read.bad - SHOWN);
    }
    if read.bad > 0 {
        eprintln!(
            "skipped {} bad lines of {} in {label}",
            read.bad, read.lines
        );
    }
    read.open = agg.finish();
    Ok(read)
}

fn windows_summary(read: &LogRead, window_sec: u32) -> String {
    let mut totals = Totals::default();
    for w in &read.windows {
        totals.slots += u64::from(w.logged_slots);
        totals.selected_slots += u64::from(w.selected_slots);
        for e in &w.entries {
            totals.member(&e.member).add_entry(e);
        }
    }
    let span = match (read.windows.first(), read.windows.last()) {
        (Some(a), Some(b)) => format!(
            " from {} to {}",
            time::format_secs(a.start),
            time::format_secs(b.end)
        ),
        _ => String::new(),
    };
    let empty = read.windows.iter().filter(|w| w.logged_slots == 0).count();
    let mut text = format!(
        "{} lines, {} bad; {} windows of {window_sec} s{span} ({} with no logged slot); \
         {} slots logged, a block emitted in {}\n",
        read.lines,
        read.bad,
        read.windows.len(),
        empty,
        totals.slots,
        totals.selected_slots
    );
    if let Some(o) = &read.open {
        text += &format!(
            "window {} is still open ({} of {} slots logged): not written\n",
            time::format_secs(o.start),
            o.logged_slots,
            (o.end - o.start) * time::SLOTS_PER_SEC
        );
    }
    text + &totals.table()
}

fn aggregate(args: &[String]) -> Result<(), Fail> {
    let p = cli::parse(
        args,
        &["window-sec", "out", "emitter", "first-seq", "max-batch"],
        &["skip-bad-lines", "quiet"],
    )?;
    if p.help {
        print!("{AGGREGATE_HELP}");
        return Ok(());
    }
    let path = p.one_positional("event log")?;
    let window_sec = p.get::<u32>("window-sec")?.unwrap_or(60);
    let emitter = p.value("emitter")?.map(str::to_string);
    if let Some(e) = &emitter {
        pool_emitter::name::value(e)?;
    }
    let first_seq: u64 = p.get("first-seq")?.unwrap_or(1);
    if p.value("first-seq")?.is_some() && emitter.is_none() {
        return Err("--first-seq needs --emitter".into());
    }
    let max_batch: Option<u32> = p.get("max-batch")?;
    let mut out = outputs(p.value("out")?)?;
    let mut seq = first_seq;
    let read = read_log(path, window_sec, p.flag("skip-bad-lines"), |w| {
        if let Some(max) = max_batch {
            if w.entries.len() > max as usize {
                return Err(Fail(
                    report::EXIT_REJECTED as u8,
                    format!(
                        "window {} has {} member entries, more than --max-batch {max}",
                        time::format_secs(w.start),
                        w.entries.len()
                    ),
                ));
            }
        }
        let line = match &emitter {
            Some(e) => serde_json::to_string(&report::ReportAction::new(e, seq, w)),
            None => serde_json::to_string(&WindowLine {
                start: time::format_secs(w.start),
                end: time::format_secs(w.end),
                entries: &w.entries,
            }),
        }
        .expect("windows serialize");
        seq += 1;
        writeln!(out.data, "{line}").map_err(write_err)
    })?;
    out.data.flush().map_err(write_err)?;
    if !p.flag("quiet") {
        out.summary
            .write_all(windows_summary(&read, window_sec).as_bytes())
            .map_err(write_err)?;
    }
    Ok(())
}

/// A window as `aggregate` writes it without `--emitter`.
#[derive(serde::Serialize)]
struct WindowLine<'a> {
    start: String,
    end: String,
    entries: &'a [pool_emitter::window::MetricEntry],
}

/// scripts/env.sh, looked for from the current directory upward, then
/// next to this crate's sources.
fn find_env_script() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    let from_cwd = here
        .ancestors()
        .map(|d| d.join("scripts/env.sh"))
        .find(|p| p.is_file());
    from_cwd.or_else(|| {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/env.sh");
        p.is_file().then_some(p)
    })
}

fn default_url() -> String {
    if let Ok(url) = std::env::var("POOL_URL") {
        if !url.is_empty() {
            return url;
        }
    }
    let port = std::env::var("POOL_HTTP_PORT").unwrap_or_else(|_| "18888".into());
    format!("http://127.0.0.1:{port}")
}

fn report_cmd(args: &[String]) -> Result<(), Fail> {
    let p = cli::parse(
        args,
        &[
            "emitter",
            "contract",
            "permission",
            "url",
            "env",
            "cleos",
            "window-sec",
            "max-batch",
            "limit",
            "max-inflight",
            "retries",
            "backoff-ms",
            "backoff-max-ms",
            "final-timeout",
            "poll-ms",
            "cleos-timeout",
            "http-timeout",
        ],
        &["skip-bad-lines", "dry-run", "quiet"],
    )?;
    if p.help {
        print!("{REPORT_HELP}");
        return Ok(());
    }
    let path = p
        .one_positional("event log")?
        .ok_or("report needs the event log (a file; - for stdin)")?;
    let emitter = p.value("emitter")?.ok_or("report needs --emitter")?;
    pool_emitter::name::value(emitter)?;
    let contract = p.value("contract")?.unwrap_or("pool.metrics");
    pool_emitter::name::value(contract)?;
    let permission = p.value("permission")?.unwrap_or("active");
    pool_emitter::name::value(permission)?;
    let cleos = match (p.value("cleos")?, p.value("env")?) {
        (Some(_), Some(_)) => return Err("give --cleos or --env, not both".into()),
        (Some(cmd), None) => Cleos::Command(cmd.to_string()),
        (None, Some(env)) => Cleos::EnvScript(PathBuf::from(env)),
        (None, None) => Cleos::EnvScript(
            find_env_script()
                .ok_or("scripts/env.sh not found from here: give --env PATH or --cleos COMMAND")?,
        ),
    };
    if let Cleos::EnvScript(env) = &cleos {
        if !env.is_file() {
            return Err(format!("{}: no such file", env.display()).into());
        }
    }
    let secs = |name: &str, default: u64| -> Result<Duration, String> {
        Ok(Duration::from_secs(p.get(name)?.unwrap_or(default)))
    };
    let millis = |name: &str, default: u64| -> Result<Duration, String> {
        Ok(Duration::from_millis(p.get(name)?.unwrap_or(default)))
    };
    let url = p
        .value("url")?
        .map(str::to_string)
        .unwrap_or_else(default_url);
    let mut node = ChainNode {
        endpoint: Endpoint::parse(&url)?,
        contract: contract.to_string(),
        permission: permission.to_string(),
        cleos,
        http_timeout: secs("http-timeout", 10)?,
        cleos_timeout: secs("cleos-timeout", 60)?,
    };
    let retry = RetryPolicy {
        retries: p.get("retries")?.unwrap_or(8),
        backoff: millis("backoff-ms", 500)?,
        backoff_max: millis("backoff-max-ms", 30_000)?,
    };
    let settings = Settings {
        emitter: emitter.to_string(),
        retry: retry.clone(),
        final_timeout: secs("final-timeout", 120)?,
        poll: millis("poll-ms", 500)?,
        max_inflight: p.get("max-inflight")?.unwrap_or(16).max(1),
        limit: p.get("limit")?,
        dry_run: p.flag("dry-run"),
    };
    let mut clock = SystemClock::new();
    let config = report::resolve_config(
        &mut node,
        &mut clock,
        &retry,
        p.get("window-sec")?,
        p.get("max-batch")?,
    )
    .map_err(|f| Fail(f.exit_code() as u8, f.to_string()))?;
    let read = read_log(
        Some(path),
        config.window_sec,
        p.flag("skip-bad-lines"),
        |_| Ok(()),
    )?;
    if let Some(o) = &read.open {
        eprintln!(
            "window {} is still open in the log ({} slots logged): not reported",
            time::format_secs(o.start),
            o.logged_slots
        );
    }
    let quiet = p.flag("quiet");
    let mut meter = Meter::new(quiet);
    let result = report::run(
        &mut node,
        &mut clock,
        &settings,
        &config,
        &read.windows,
        &mut |p| meter.show(p),
    );
    meter.done();
    let o = &result.outcome;
    let nothing_happened = o.pushes == 0 && o.adopted == 0 && o.final_seq == o.initial_seq;
    if result.failure.is_none() || !nothing_happened {
        print!("{}", report_summary(&settings, contract, &config, &read, o));
    }
    match result.failure {
        None => Ok(()),
        Some(f) => Err(failure(f)),
    }
}

fn failure(f: Failure) -> Fail {
    Fail(f.exit_code() as u8, f.to_string())
}

fn report_summary(
    s: &Settings,
    contract: &str,
    cfg: &report::MetricsConfig,
    read: &LogRead,
    o: &report::Outcome,
) -> String {
    let mut text = format!(
        "emitter {} at {contract} (window_sec {}, max_batch {}): chain had seq {}{}\n",
        s.emitter,
        cfg.window_sec,
        cfg.max_batch,
        o.initial_seq,
        if o.initial_end > 0 {
            format!(" ending {}", time::format_secs(o.initial_end))
        } else {
            String::new()
        }
    );
    text += &format!(
        "log: {} windows ({} bad lines skipped); already on chain: {}; before genesis or the pruned horizon: {}\n",
        read.windows.len(),
        read.bad,
        o.already_on_chain,
        o.too_early
    );
    if s.dry_run {
        text += &format!("dry run: would push {} windows\n", o.planned.len());
        for (seq, i) in &o.planned {
            let w = &read.windows[*i];
            text += &format!(
                "  seq {seq}: {} .. {}, {} entries\n",
                time::format_secs(w.start),
                time::format_secs(w.end),
                w.entries.len()
            );
        }
        return text;
    }
    let secs = o.elapsed.as_secs_f64();
    text += &format!(
        "pushed {} reports ({} found on chain after an uncertain failure), {} retries, {:.1} s; \
         irreversible up to seq {}{}\n",
        o.pushes,
        o.adopted,
        o.retries,
        secs,
        o.final_seq,
        if o.final_seq > 0 {
            format!(" ending {}", time::format_secs(o.final_end))
        } else {
            String::new()
        }
    );
    if o.held_back > 0 {
        text += &format!(
            "{} windows end after the chain's head time{}: run again later\n",
            o.held_back,
            o.head_time.map(|t| format!(" ({t})")).unwrap_or_default()
        );
    }
    if o.left_by_limit > 0 {
        text += &format!(
            "{} windows left for a later run (--limit)\n",
            o.left_by_limit
        );
    }
    text
}

/// The progress line on stderr: redrawn in place on a terminal, a line
/// every 10 s otherwise.
struct Meter {
    quiet: bool,
    tty: bool,
    last: Option<std::time::Instant>,
    drawn: bool,
}

impl Meter {
    fn new(quiet: bool) -> Self {
        Meter {
            quiet,
            tty: io::stderr().is_terminal(),
            last: None,
            drawn: false,
        }
    }

    fn show(&mut self, p: &Progress) {
        if self.quiet || p.total == 0 {
            return;
        }
        let every = if self.tty {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(10)
        };
        if self.last.is_some_and(|l| l.elapsed() < every) && p.done < p.total {
            return;
        }
        self.last = Some(std::time::Instant::now());
        let secs = p.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            p.done as f64 / secs
        } else {
            0.0
        };
        let line = format!(
            "report: {}/{} windows irreversible, {} in flight, {:.1} windows/s, {:.0} s",
            p.done, p.total, p.inflight, rate, secs
        );
        if self.tty {
            eprint!("\r\x1b[K{line}");
            self.drawn = true;
        } else {
            eprintln!("{line}");
        }
    }

    fn done(&mut self) {
        if self.drawn {
            eprintln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_member_names_are_valid_accounts() {
        let names: Vec<String> = (1..=12).map(member_name).collect();
        assert_eq!(
            names,
            [
                "prod1", "prod2", "prod3", "prod4", "prod5", "prod11", "prod12", "prod13",
                "prod14", "prod15", "prod21", "prod22"
            ]
        );
        let many: Vec<String> = (1..=1000).map(member_name).collect();
        assert!(many.iter().all(|n| pool_emitter::name::is_valid(n)));
        let mut unique = many.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 1000);
    }

    fn parsed(s: &str) -> cli::Parsed {
        let args: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        cli::parse(&args, SIMULATE_OPTIONS, SIMULATE_FLAGS).unwrap()
    }

    #[test]
    fn simulate_flags_build_the_config() {
        let cfg = sim_config(&parsed(
            "--members 3 --median-ms 80,200 --join prod4@100 --leave prod1@50 --late-policy never",
        ))
        .unwrap();
        let medians: Vec<f64> = cfg.members.iter().map(|m| m.median_ms).collect();
        assert_eq!(medians, [80.0, 200.0, 200.0, 120.0]);
        assert_eq!(cfg.members[3].join_at, 100);
        assert_eq!(cfg.members[0].leave_at, Some(50));
        assert_eq!(cfg.late_policy, LatePolicy::Never);
        assert_eq!(cfg.slots, 7200);
        assert_eq!(cfg.start.to_string(), "2026-11-21T00:00:00.000");
        assert!(sim_config(&parsed("--leave prod9@5")).is_err());
        assert!(sim_config(&parsed("--members 0")).is_err());
        assert!(sim_config(&parsed("--members 2 --member-names a,b")).is_err());
        assert!(sim_config(&parsed("--join prod4")).is_err());
        assert!(sim_config(&parsed("--outage-prob 2")).is_err());
    }
}
