//! pool.gov on fresh instances: one on the pool (100 members in good
//! standing, the bootstrap's limits) for every action, one on the large
//! registry with every limit at its cap (5,000 members scanned, 16
//! actions, 32 citations, 500 rows cleaned up) for the loops at their
//! bounds and the `exec` curve. Proposals carry `noop` actions of the
//! no-op contract, which `exec` sends inline with the contract's active
//! authority.

use super::fixture::{Pool, Registry};
use super::report::{Curve, CurveSeries};
use super::stats::{measure, Samples};
use super::tx::{action, hex_id, push, ram_delta};
use super::Run;
use crate::unix_to_iso;
use crate::Chain;
use serde_json::{json, Value};

/// The hard caps of pool_core::governance.
const MAX_ACTIONS_CAP: usize = 16;
const MAX_CITES_CAP: usize = 32;
const MAX_ELIGIBLE_SCAN_CAP: usize = 5000;
const MAX_CLEANUP: usize = 500;
/// Registry sizes of the `exec` curve (the last one is the cap).
const STEPS: [usize; 4] = [250, 1000, 2500, MAX_ELIGIBLE_SCAN_CAP];
/// Runs per curve point below the cap: each needs every member's vote.
const CURVE_RUNS: usize = 3;
/// Votes per set-up transaction.
const VOTES_PER_TX: usize = 100;

struct Gov {
    account: String,
    noop: String,
    config: Value,
    next_id: u64,
}

impl Gov {
    fn setup(r: &mut Run, noop: &str, members: &str, limits: (usize, usize, usize)) -> Gov {
        let chain = r.chain;
        let account = chain
            .create_accounts("gv", 1, &mut r.report.setup)
            .remove(0);
        r.code.deploy(chain, &account, "governance");
        // `exec` sends the proposals' actions with this account's active
        // authority (docs/governance.md).
        let owner = format!("{account}@active");
        chain
            .cleos(&[
                "set",
                "account",
                "permission",
                &account,
                "active",
                "--add-code",
                "-p",
                &owner,
            ])
            .unwrap_or_else(|e| panic!("eosio.code on {account}: {e}"));
        let (max_actions, max_cites, scan) = limits;
        let config = json!({"members": members, "fees": "", "threshold_num": 2,
                            "threshold_den": 3, "threshold_plus": 1, "quorum_num": 2,
                            "quorum_den": 3, "max_actions": max_actions, "max_cites": max_cites,
                            "max_lifetime_sec": 2_592_000, "max_eligible_scan": scan});
        let g = Gov {
            account,
            noop: noop.to_string(),
            config,
            next_id: 1,
        };
        let (_, bytes) = ram_delta(chain, &g.account, || g.setconfig(chain));
        if r.report.ram.iter().all(|row| row.contract != "governance") {
            r.report.ram(
                "governance",
                "`config` + `state` (singletons)",
                "the first `setconfig`",
                "the contract",
                bytes,
            );
        }
        g
    }

    fn setconfig(&self, chain: &Chain) -> crate::Pushed {
        push(
            chain,
            &self.account,
            "setconfig",
            &self.account,
            self.config.clone(),
        )
    }

    /// A `propose` (or, with `id`, an `amend`) by `proposer`: `actions`
    /// no-op actions, citing `cites`; the proposal's id.
    fn proposal(
        &mut self,
        chain: &Chain,
        proposer: &str,
        title: &str,
        actions: usize,
        cites: &[u64],
        id: Option<u64>,
    ) -> (Value, u64) {
        let noop = json!({"account": self.noop, "name": "noop",
                          "authorization": [{"actor": self.account, "permission": "active"}],
                          "data": ""});
        let mut data = json!({"proposer": proposer, "title": title,
                              "url": "https://pool.example/proposals/p.md",
                              "hash": hex_id(0x90, title.len()),
                              "actions": vec![noop; actions], "cites": cites,
                              "expires": unix_to_iso(chain.head_time() + 7 * 86_400)});
        let (name, id) = match id {
            Some(id) => {
                data["id"] = json!(id);
                ("amend", id)
            }
            None => {
                self.next_id += 1;
                ("propose", self.next_id - 1)
            }
        };
        (action(&self.account, name, proposer, data), id)
    }

    fn content_hash(&self, chain: &Chain, id: u64) -> String {
        chain
            .row(&self.account, &self.account, "proposals", &id.to_string())
            .and_then(|p| p["content_hash"].as_str().map(String::from))
            .unwrap_or_else(|| panic!("proposal {id} of {}", self.account))
    }

    /// Every one of `voters` votes yes on proposal `id`, in batches.
    fn votes(&self, r: &mut Run, id: u64, voters: &[String]) {
        let hash = self.content_hash(r.chain, id);
        let votes: Vec<Value> = voters
            .iter()
            .map(|v| {
                action(
                    &self.account,
                    "vote",
                    v,
                    json!({"member": v, "id": id, "vote": 1, "content_hash": hash}),
                )
            })
            .collect();
        r.chain
            .push_batches("votes", &votes, VOTES_PER_TX, &mut r.report.setup);
    }

    fn propose_batch(
        &mut self,
        r: &mut Run,
        proposals: Vec<(String, usize, Vec<u64>)>,
    ) -> Vec<u64> {
        let mut ids = Vec::new();
        let mut acts = Vec::new();
        for (proposer, actions, cites) in proposals {
            let (a, id) =
                self.proposal(r.chain, &proposer, "set-up proposal", actions, &cites, None);
            acts.push(a);
            ids.push(id);
        }
        r.chain
            .push_batches("proposals", &acts, 20, &mut r.report.setup);
        ids
    }
}

pub fn run(r: &mut Run, pool: &Pool, registry: &mut Registry, noop: &str) {
    typical(r, pool, noop);
    bounds(r, pool, registry, noop);
}

fn typical(r: &mut Run, pool: &Pool, noop: &str) {
    let chain = r.chain;
    let n = r.runs;
    let mut g = Gov::setup(r, noop, &pool.members_contract, (10, 10, 1000));
    let s = measure(n, |_| g.setconfig(chain));
    r.report.action(
        "governance",
        "setconfig",
        "the same values again (counts the members table's rows, at most max_eligible_scan + 1)",
        s,
    );
    let ranked = &pool.members[..pool.ranked];

    let mut ram = Vec::new();
    let mut ids = Vec::new();
    let s = measure(n, |i| {
        let (a, id) = g.proposal(
            chain,
            &ranked[i],
            "A proposal of the benchmark",
            1,
            &[],
            None,
        );
        ids.push(id);
        let (p, bytes) = ram_delta(chain, &ranked[i], || {
            chain
                .push_actions(&[a])
                .unwrap_or_else(|e| panic!("propose: {}", e.message))
        });
        ram.push(bytes);
        p
    });
    r.report.action(
        "governance",
        "propose",
        "one no-op action, no citation, by a member in good standing (no fee configured)",
        s,
    );
    if let Some(b) = ram.get(1) {
        r.report.ram(
            "governance",
            "`proposals` (one action, title of 27 bytes, url of 35)",
            "`propose`",
            "the proposer",
            *b,
        );
    }
    let (a, target) = g.proposal(
        chain,
        &ranked[0],
        "A proposal of the benchmark",
        1,
        &[ids[0]],
        None,
    );
    let (_, cited) = ram_delta(chain, &ranked[0], || {
        chain.push_actions(&[a]).expect("propose")
    });
    if let Some(plain) = ram.get(1) {
        // The cite also adds its 8 bytes to the proposal's row.
        r.report.ram(
            "governance",
            "`citations` (the same proposal citing one other, minus the plain one and the cite's 8 bytes in it; the first citation of that proposal, so with the table's entry)",
            "`propose`",
            "the proposer",
            cited - plain - 8,
        );
    }

    // Votes on that last proposal (never cancelled), by members who have
    // not voted on it.
    let hash = g.content_hash(chain, target);
    let mut ram = Vec::new();
    let s = measure(n, |i| {
        let v = &ranked[50 + i];
        let (p, bytes) = ram_delta(chain, v, || {
            push(
                chain,
                &g.account,
                "vote",
                v,
                json!({"member": v, "id": target, "vote": 1, "content_hash": hash}),
            )
        });
        ram.push(bytes);
        p
    });
    r.report.action(
        "governance",
        "vote",
        "yes on an open proposal, a member's first vote on it",
        s,
    );
    if let Some(b) = ram.get(1) {
        r.report
            .ram("governance", "`votes`", "`vote`", "the voter", *b);
    }
    let s = measure(n, |i| {
        let (a, _) = g.proposal(
            chain,
            &ranked[i],
            "A proposal of the benchmark, amended",
            1,
            &[],
            Some(ids[i]),
        );
        chain
            .push_actions(&[a])
            .unwrap_or_else(|e| panic!("amend: {}", e.message))
    });
    r.report.action(
        "governance",
        "amend",
        "a new title, by the proposer (its votes stop counting)",
        s,
    );
    // Cancel, then clean up: each proposal with its 10 votes.
    let (mut cancels, mut cleanups) = (Samples::default(), Samples::default());
    for (i, id) in ids.iter().enumerate() {
        g.votes(r, *id, &ranked[60..70]);
        cancels.add(&push(
            chain,
            &g.account,
            "cancel",
            &ranked[i],
            json!({"proposer": ranked[i], "id": id}),
        ));
        cleanups.add(&push(
            chain,
            &g.account,
            "cleanup",
            &ranked[0],
            json!({"max": 500}),
        ));
    }
    r.report.action(
        "governance",
        "cancel",
        "an open proposal, by its proposer",
        cancels,
    );
    r.report.action(
        "governance",
        "cleanup",
        "max 500: one cancelled proposal, its 10 votes (11 rows erased)",
        cleanups,
    );
    let mut s = Samples::default();
    for i in 0..n {
        let id = g.propose_batch(r, vec![(ranked[i].clone(), 1, vec![])])[0];
        g.votes(r, id, ranked);
        s.add(&push(
            chain,
            &g.account,
            "exec",
            &ranked[0],
            json!({"executor": ranked[0], "id": id}),
        ));
    }
    r.report.action(
        "governance",
        "exec",
        "one no-op action, all 100 eligible members voted yes: members scanned, votes counted and erased, the action sent inline",
        s,
    );
}

fn bounds(r: &mut Run, pool: &Pool, registry: &mut Registry, noop: &str) {
    let chain = r.chain;
    let n = r.runs;
    registry.grow(chain, pool, STEPS[0], &mut r.report.setup);
    let mut g = Gov::setup(
        r,
        noop,
        &registry.contract,
        (MAX_ACTIONS_CAP, MAX_CITES_CAP, MAX_ELIGIBLE_SCAN_CAP),
    );
    let mut points = Vec::new();
    for &size in &STEPS {
        registry.grow(chain, pool, size, &mut r.report.setup);
        let runs = if size == MAX_ELIGIBLE_SCAN_CAP {
            n
        } else {
            n.min(CURVE_RUNS)
        };
        let members = registry.members[..size].to_vec();
        let mut s = Samples::default();
        for i in 0..runs {
            let id = g.propose_batch(r, vec![(members[i].clone(), MAX_ACTIONS_CAP, vec![])])[0];
            g.votes(r, id, &members);
            match chain.push(
                &g.account,
                "exec",
                &json!({"executor": members[0], "id": id}),
                &members[0],
            ) {
                Ok(p) => s.add(&p),
                Err(e) => s.failures.push(e.message),
            }
        }
        points.push((size as u64, s));
    }
    if let Some((_, s)) = points.last() {
        r.report.bound(
            "governance",
            "exec",
            "max_eligible_scan = 5000; max_actions = 16 (caps)",
            "5,000 members in good standing, all voted yes: 5,000 rows scanned with their signatures, 5,000 votes counted and erased, 16 actions sent inline",
            s.clone(),
        );
    }
    r.report.curves.push(Curve {
        file: "governance-exec.png".into(),
        title: "pool.gov exec vs members".into(),
        x_label: "members in good standing, all voting yes".into(),
        per: "member".into(),
        series: vec![CurveSeries {
            name: "exec, 16 no-op actions".into(),
            points,
        }],
        note: format!(
            "An instance with every limit at its cap (`max_eligible_scan` 5,000, 16 actions, 32 \
             citations), reading the large registry (every member active and in good standing) as \
             it grows. At each size a proposal of 16 no-op actions gets a yes vote from every \
             member and is executed: `exec` scans every member row, counts and erases every vote, \
             and sends the 16 actions. {} runs per point below 5,000 (each needs every member's \
             vote), {n} at 5,000.",
            n.min(CURVE_RUNS)
        ),
    });

    let members = registry.members.clone();
    let s = measure(n, |_| g.setconfig(chain));
    r.report.bound(
        "governance",
        "setconfig",
        "max_eligible_scan = 5000 (cap)",
        "5,000 member rows counted",
        s,
    );
    // 64 proposals to cite.
    let cited = g.propose_batch(
        r,
        (0..2 * MAX_CITES_CAP)
            .map(|i| (members[i].clone(), 1, vec![]))
            .collect(),
    );
    let (first, second) = cited.split_at(MAX_CITES_CAP);
    let mut ids = Vec::new();
    let s = measure(n, |i| {
        let (a, id) = g.proposal(
            chain,
            &members[100 + i],
            "A proposal at the caps",
            MAX_ACTIONS_CAP,
            first,
            None,
        );
        ids.push(id);
        chain
            .push_actions(&[a])
            .unwrap_or_else(|e| panic!("propose: {}", e.message))
    });
    r.report.bound(
        "governance",
        "propose",
        "max_actions = 16; max_cites = 32 (caps)",
        "16 no-op actions checked, 32 cited proposals looked up, 32 `citations` rows written",
        s,
    );
    let s = measure(n, |i| {
        let (a, _) = g.proposal(
            chain,
            &members[100 + i],
            "A proposal at the caps",
            MAX_ACTIONS_CAP,
            second,
            Some(ids[i]),
        );
        chain
            .push_actions(&[a])
            .unwrap_or_else(|e| panic!("amend: {}", e.message))
    });
    r.report.bound(
        "governance",
        "amend",
        "max_actions = 16; max_cites = 32",
        "all 32 citations replaced by 32 others: 32 rows erased, 32 written",
        s,
    );
    // Cleanup: each run adds a cancelled proposal with 500 votes, and
    // erases 500 rows.
    let mut s = Samples::default();
    for i in 0..n {
        let proposer = members[200 + i].clone();
        let id = g.propose_batch(r, vec![(proposer.clone(), 1, vec![])])[0];
        g.votes(r, id, &members[1000..1000 + MAX_CLEANUP]);
        push(
            chain,
            &g.account,
            "cancel",
            &proposer,
            json!({"proposer": proposer, "id": id}),
        );
        s.add(&push(
            chain,
            &g.account,
            "cleanup",
            &members[0],
            json!({ "max": MAX_CLEANUP }),
        ));
    }
    r.report.bound(
        "governance",
        "cleanup",
        "MAX_CLEANUP = 500 (hard cap)",
        "500 rows erased: votes of cancelled proposals (and the proposal rows once empty)",
        s,
    );
}
