//! The governance scenario on chain, on its own fresh contract instances
//! (token, members, charter and governance deployed to new accounts, so
//! nothing touches the suite's own configuration): founders are approved
//! by the members contract's own admin; every contract is handed to the
//! governance instance; from then on a proposal approves a new producer,
//! a proposal short of the threshold cannot be executed, and a
//! constitution amendment passes by proposal and the members re-sign it.
//!
//! Run by `scripts/test.sh` (`cargo test -p pool-onchain -- --ignored`).

use pool_onchain::{Chain, PushError, Pushed, DEV_PUBLIC_KEY};
use serde_json::{json, Value};

const HASH_1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const HASH_2: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const DOC: &str = "3333333333333333333333333333333333333333333333333333333333333333";

#[track_caller]
fn ok(result: Result<Pushed, PushError>) {
    if let Err(e) = result {
        panic!("unexpected failure: {}\n{}", e.message, e.raw);
    }
}

#[track_caller]
fn fails(result: Result<Pushed, PushError>, expected: &str) {
    match result {
        Ok(_) => panic!("accepted, expected \"{expected}\""),
        Err(e) => assert_eq!(e.message, expected, "{}", e.raw),
    }
}

/// The fresh instances of one run.
struct Dac<'a> {
    chain: &'a Chain,
    tok: String,
    mem: String,
    cha: String,
    gov: String,
}

impl Dac<'_> {
    /// `proposer` proposes `actions` (contract, action, arguments), each
    /// packed with the contract's ABI and authorized by exactly
    /// `<gov>@active`; returns the id and the content hash from the table.
    fn propose(
        &self,
        proposer: &str,
        title: &str,
        actions: &[(&str, &str, Value)],
        cites: &[u64],
    ) -> (u64, String) {
        let chain = self.chain;
        let actions: Vec<Value> = actions
            .iter()
            .map(|(account, name, args)| {
                let data = chain
                    .cleos(&[
                        "convert",
                        "pack_action_data",
                        account,
                        name,
                        &args.to_string(),
                    ])
                    .unwrap_or_else(|e| panic!("pack {account}::{name}: {e}"));
                json!({"account": account, "name": name,
                       "authorization": [{"actor": self.gov, "permission": "active"}],
                       "data": data.trim()})
            })
            .collect();
        let next = chain
            .table(&self.gov, &self.gov, "state")
            .first()
            .and_then(|s| s["next_id"].as_u64())
            .expect("state row");
        let expires =
            antelope_sdk::TimePointSec::from_secs((chain.head_time() + 86_400) as u32).to_string();
        ok(chain.push(
            &self.gov,
            "propose",
            &json!({"proposer": proposer, "title": title,
                    "url": format!("https://pool.example/proposals/{next}"),
                    "hash": DOC, "actions": actions, "cites": cites, "expires": expires}),
            proposer,
        ));
        let row = self.proposal(next);
        assert_eq!(row["proposer"], proposer);
        (
            next,
            row["content_hash"].as_str().expect("hash").to_string(),
        )
    }

    fn proposal(&self, id: u64) -> Value {
        self.chain
            .row(&self.gov, &self.gov, "proposals", &id.to_string())
            .unwrap_or_else(|| panic!("proposal {id}"))
    }

    #[track_caller]
    fn vote(&self, id: u64, hash: &str, voters: &[&String], ballot: u8) {
        for v in voters {
            ok(self
                .chain
                .push(&self.gov, "vote", &json!([v, id, ballot, hash]), v));
        }
    }

    fn exec(&self, executor: &str, id: u64) -> Result<Pushed, PushError> {
        self.chain
            .push(&self.gov, "exec", &json!([executor, id]), executor)
    }

    fn status(&self, account: &str) -> Value {
        self.chain
            .row(&self.mem, &self.mem, "members", account)
            .unwrap_or_else(|| panic!("member row of {account}"))["status"]
            .clone()
    }
}

#[test]
#[ignore = "needs a local nodeos: run by scripts/test.sh"]
fn producers_govern_the_pool_by_proposals() {
    let chain = Chain::get();
    let dac = Dac {
        chain,
        tok: chain.new_account("tok"),
        mem: chain.new_account("mem"),
        cha: chain.new_account("cha"),
        gov: chain.new_account("gov"),
    };
    let (tok, mem, cha, gov) = (&dac.tok, &dac.mem, &dac.cha, &dac.gov);
    let founders = [
        chain.new_account("fnd"),
        chain.new_account("fnd"),
        chain.new_account("fnd"),
    ];
    let (newbp, other, anyone) = (
        chain.new_account("nbp"),
        chain.new_account("oth"),
        chain.new_account("any"),
    );
    chain.deploy(tok, &chain.wasm("token"), &chain.abi("token"));
    chain.deploy(mem, &chain.wasm("members"), &chain.abi("members"));
    chain.deploy(cha, &chain.wasm("charter"), &chain.abi("charter"));
    chain.deploy(gov, &chain.wasm("governance"), &chain.abi("governance"));
    chain.set_inline_permission(mem, &[(tok, "transfer")]);
    chain.set_inline_permission(cha, &[(mem, "setstatus")]);
    let gov_active = format!("{gov}@active");
    chain
        .cleos(&[
            "set",
            "account",
            "permission",
            gov,
            "active",
            "--add-code",
            "-p",
            &gov_active,
        ])
        .unwrap_or_else(|e| panic!("eosio.code on {gov}@active: {e}"));

    // Bootstrap: each contract administers itself; a first constitution.
    ok(chain.push(tok, "create", &json!([tok, "1000000.0000 POOL"]), tok));
    ok(chain.push(
        cha,
        "setconfig",
        &json!(["", mem, "", "", 3600, 5, 604_800]),
        cha,
    ));
    ok(chain.push(
        mem,
        "setconfig",
        &json!(["", tok, "4,POOL", cha, "", false, 1]),
        mem,
    ));
    ok(chain.push(
        cha,
        "newversion",
        &json!([HASH_1, "https://pool.example/constitution-v1"]),
        cha,
    ));
    let register = |p: &String| {
        ok(chain.push(cha, "sign", &json!([p, HASH_1]), p));
        ok(chain.push(
            mem,
            "regmember",
            &json!([p, format!("https://{p}.example"), 840, DEV_PUBLIC_KEY]),
            p,
        ));
    };
    // The founders are approved by the members contract's own admin.
    for f in &founders {
        register(f);
        ok(chain.push(mem, "approve", &json!([f]), mem));
    }
    ok(chain.push(
        gov,
        "setconfig",
        &json!([mem, "", 2, 3, 1, 2, 3, 10, 10, 2_592_000, 1000]),
        gov,
    ));

    // The hand-over: governance = the gov instance, every other value kept.
    ok(chain.push(
        cha,
        "setconfig",
        &json!([gov, mem, "", "", 3600, 5, 604_800]),
        cha,
    ));
    ok(chain.push(
        mem,
        "setconfig",
        &json!([gov, tok, "4,POOL", cha, "", false, 1]),
        mem,
    ));
    for (c, g) in [(mem, gov), (cha, gov)] {
        assert_eq!(chain.table(c, c, "config")[0]["governance"], **g);
    }

    // A new producer registers; its own contract can no longer approve it.
    register(&newbp);
    register(&other);
    match chain.push(mem, "approve", &json!([newbp]), mem) {
        Ok(_) => panic!("approved by pool.member's keys after the hand-over"),
        Err(e) => assert!(
            e.message.contains(&format!("missing authority of {gov}")),
            "{}",
            e.message
        ),
    }
    // Only a member in good standing proposes.
    fails(
        chain.push(
            gov,
            "propose",
            &json!({"proposer": newbp, "title": "me", "url": "", "hash": DOC,
                    "actions": [], "cites": [],
                    "expires": antelope_sdk::TimePointSec::from_secs((chain.head_time() + 600) as u32).to_string()}),
            &newbp,
        ),
        "proposer is not a member in good standing",
    );

    // #1: a proposal approves the new producer; the three founders pass it
    // (3 eligible: yes >= floor(3 x 2/3) + 1 = 3).
    let (p1, h1) = dac.propose(
        &founders[0],
        "Approve the new producer",
        &[(mem, "approve", json!([newbp]))],
        &[],
    );
    fails(
        chain.push(
            gov,
            "vote",
            &json!([founders[1], p1, 1, HASH_2]),
            &founders[1],
        ),
        "vote is for different proposal content",
    );
    dac.vote(p1, &h1, &[&founders[0], &founders[1]], 1);
    fails(
        dac.exec(&anyone, p1),
        "proposal has not reached the approval threshold",
    );
    assert_eq!(dac.status(&newbp), 0, "still pending");
    dac.vote(p1, &h1, &[&founders[2]], 1);
    ok(dac.exec(&anyone, p1));
    assert_eq!(dac.status(&newbp), 1, "approved by the proposal");
    fails(dac.exec(&anyone, p1), "proposal was already executed");

    // #2: approving another producer fails the threshold (4 eligible:
    // 3 needed; 2 yes, 1 no reach the quorum but not the threshold) and
    // cannot be executed.
    let (p2, h2) = dac.propose(
        &newbp,
        "Approve another producer",
        &[(mem, "approve", json!([other]))],
        &[1],
    );
    dac.vote(p2, &h2, &[&newbp, &founders[0]], 1);
    dac.vote(p2, &h2, &[&founders[1]], 0);
    fails(
        dac.exec(&anyone, p2),
        "proposal has not reached the approval threshold",
    );
    assert_eq!(dac.status(&other), 0, "not approved");

    // #3: a constitution amendment by proposal; the members re-sign it.
    let (p3, h3) = dac.propose(
        &founders[1],
        "Constitution version 2",
        &[(
            cha,
            "newversion",
            json!([HASH_2, "https://pool.example/constitution-v2"]),
        )],
        &[],
    );
    fails(
        chain.push(
            cha,
            "newversion",
            &json!([HASH_2, "https://pool.example/constitution-v2"]),
            cha,
        ),
        &format!("missing authority of {gov}"),
    );
    dac.vote(p3, &h3, &[&founders[0], &founders[1], &founders[2]], 1);
    dac.vote(p3, &h3, &[&newbp], 2);
    ok(dac.exec(&anyone, p3));
    for m in founders.iter().chain([&newbp]) {
        fails(
            chain.push(cha, "sign", &json!([m, HASH_1]), m),
            "hash does not match the latest constitution version",
        );
        ok(chain.push(cha, "sign", &json!([m, HASH_2]), m));
    }

    // The final state.
    for f in &founders {
        assert_eq!(dac.status(f), 1, "{f}");
    }
    assert_eq!(dac.status(&newbp), 1);
    assert_eq!(dac.status(&other), 0);
    let versions = chain.table(cha, cha, "versions");
    let latest = versions.last().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(latest["version"], 2);
    assert_eq!(latest["hash"], HASH_2);
    for m in founders.iter().chain([&newbp]) {
        let s = chain.row(cha, cha, "signatures", m).expect("signature");
        assert_eq!(s["hash"], HASH_2, "{m} re-signed");
        assert_eq!(s["version"], 2);
    }
    let rows = chain.table(gov, gov, "proposals");
    let summary: Vec<(u64, u64, u64, u64, u64, u64)> = rows
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().unwrap_or(u64::MAX);
            (
                n("id"),
                n("status"),
                n("yes"),
                n("no"),
                n("abstain"),
                n("eligible"),
            )
        })
        .collect();
    // (id, status 1 executed / 0 open, yes, no, abstain, eligible): the
    // tally is written when a proposal is executed.
    assert_eq!(
        summary,
        vec![(1, 1, 3, 0, 0, 3), (2, 0, 0, 0, 0, 0), (3, 1, 3, 0, 1, 4)]
    );
    assert_eq!(rows[1]["cites"], json!([1]));
    // The votes of the open proposal stay; those of executed ones are erased.
    assert_eq!(chain.table(gov, &p2.to_string(), "votes").len(), 3);
    assert!(chain.table(gov, &p1.to_string(), "votes").is_empty());
}
