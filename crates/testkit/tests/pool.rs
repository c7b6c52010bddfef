//! The testkit's pool is the bootstrapped pool, its invariant checkers
//! hold on it and catch books bent behind the contracts' backs, and the
//! probe tells a contract's assertion from any other panic.

use antelope_sdk::{name, Name, PermissionLevel, TimePointSec};
use pool_testkit::accounts::*;
use pool_testkit::fixtures::{constitution_v1_hash, pool, SYM};
use pool_testkit::invariants::{self, check_all};
use pool_testkit::probe::Probe;
use pool_testkit::{assert_fails, Pool, PoolConfig};

#[test]
fn bootstrap_configures_every_contract_with_the_scripts_values() {
    let mut p = Pool::bootstrap(PoolConfig::default());
    let c = &mut p.chain;
    let fees = c.read(|| pool_fees::tables::config(FEES).get()).unwrap();
    assert_eq!(
        (
            fees.governance,
            fees.members,
            fees.rewards,
            fees.scheduled,
            fees.min_votes,
            fees.max_compute_per_call
        ),
        (Name::EMPTY, MEMBERS, REWARDS, 21, 15, 10)
    );
    let endpoints: Vec<(Name, bool)> = c
        .rows::<pool_fees::tables::Endpoint>(FEES, FEES.raw())
        .into_iter()
        .map(|e| (e.endpoint, e.annual))
        .collect();
    assert_eq!(
        endpoints,
        vec![
            (name!("filecase"), false),
            (name!("propose"), false),
            (name!("regmember"), true)
        ]
    );
    let callers: Vec<Name> = c
        .rows::<pool_fees::tables::Caller>(FEES, FEES.raw())
        .into_iter()
        .map(|r| r.contract)
        .collect();
    assert_eq!(callers, vec![CHARTER, GOV, MEMBERS]);
    let charter = c
        .read(|| pool_charter::tables::config(CHARTER).get())
        .unwrap();
    assert_eq!(
        (
            charter.rewards,
            charter.fees,
            charter.appeal_window_sec,
            charter.max_open_cases
        ),
        (REWARDS, FEES, 259_200, 5)
    );
    let metrics = c
        .read(|| pool_metrics::tables::config(METRICS).get())
        .unwrap();
    assert_eq!(
        (
            metrics.quorum,
            metrics.window_sec,
            metrics.day_sec,
            metrics.max_batch,
            metrics.retention_sec
        ),
        (1, 60, 86_400, 100, 604_800)
    );
    assert_eq!(metrics.genesis.secs() % 86_400, 0);
    let emitters = c.rows::<pool_metrics::tables::Emitter>(METRICS, METRICS.raw());
    assert_eq!(emitters.len(), 2);
    let rewards = c
        .read(|| pool_rewards::tables::config(REWARDS).get())
        .unwrap();
    assert_eq!(
        (
            rewards.paid,
            rewards.scheduled,
            rewards.vote_share_bps,
            rewards.infra_share_bps,
            rewards.infra_account
        ),
        (42, 21, 6000, 500, INFRA)
    );
    let members = c
        .read(|| pool_members::tables::config(MEMBERS).get())
        .unwrap();
    assert_eq!(
        (
            members.fees,
            members.auto_approve,
            members.refund_delay_sec,
            members.stake_symbol
        ),
        (FEES, false, 259_200, SYM)
    );
    let gov = c
        .read(|| pool_governance::tables::config(GOV).get())
        .unwrap();
    assert_eq!(
        (
            gov.threshold_num,
            gov.threshold_den,
            gov.threshold_plus,
            gov.max_eligible_scan
        ),
        (2, 3, 1, 1000)
    );
    check_all(&mut p.chain).unwrap();
}

#[test]
fn the_inline_permissions_reach_exactly_what_each_contract_sends() {
    let mut p = Pool::running(PoolConfig::default());
    // pool.member@inline is linked to the token's transfer, not to the
    // charter's actions; the test chain's wallet signs anything declared,
    // so only the links decide.
    let refund = pool_token::actions::transfer {
        from: MEMBERS,
        to: HOLDERS[0],
        quantity: pool(1),
        memo: String::new(),
    };
    let inline = [PermissionLevel::new(MEMBERS, INLINE)];
    let held = p.chain.push_action(TOKEN, &refund, &inline);
    assert!(
        held.is_ok(),
        "pool.member@inline may send a transfer: {held:?}"
    );
    let appoint = pool_charter::actions::appoint {
        arbitrator: HOLDERS[1],
    };
    assert_fails(
        p.chain.push_action(CHARTER, &appoint, &inline),
        "action declares irrelevant authority '{\"actor\":\"pool.member\",\"permission\":\"inline\"}'; minimum authority is {\"actor\":\"pool.member\",\"permission\":\"active\"}",
    );
}

/// `to_action` with `signer@active`, for the proposals above.
trait ToActionFor {
    fn to_action_for(&self, contract: Name, signer: Name) -> antelope_sdk::Action;
}
impl<T: antelope_sdk::ActionData> ToActionFor for T {
    fn to_action_for(&self, contract: Name, signer: Name) -> antelope_sdk::Action {
        self.to_action(contract, vec![PermissionLevel::active(signer)])
    }
}

#[test]
fn a_running_pool_is_the_demos_opening_and_keeps_every_invariant() {
    for handover in [false, true] {
        let mut p = Pool::running(PoolConfig {
            handover,
            ..PoolConfig::default()
        });
        let good = p.members_in_good_standing();
        assert_eq!(
            good,
            vec![
                name!("prod1"),
                name!("prod2"),
                name!("prod3"),
                name!("prod4")
            ]
        );
        assert_eq!(p.latest_constitution(), (1, constitution_v1_hash()));
        let ranking = p.chain.read(|| pool_members::views::ranking(MEMBERS, 10));
        // alice 500 (prod1, prod2), bob 2000 (prod2..4), carol 1000
        // (prod1), dave 3000 (prod3, prod4).
        assert_eq!(
            ranking,
            vec![
                (name!("prod4"), 50_000_000),
                (name!("prod3"), 50_000_000),
                (name!("prod2"), 25_000_000),
                (name!("prod1"), 15_000_000),
            ]
        );
        let governance = p
            .chain
            .read(|| pool_members::tables::config(MEMBERS).get())
            .unwrap()
            .governance;
        assert_eq!(governance, if handover { GOV } else { Name::EMPTY });
        if handover {
            // The members contract no longer administers itself.
            assert_fails(
                p.push(
                    MEMBERS,
                    &pool_members::actions::approve { account: LATE },
                    MEMBERS,
                ),
                "missing authority of pool.gov",
            );
            let executed = p
                .chain
                .rows::<pool_governance::tables::Proposal>(GOV, GOV.raw());
            assert_eq!(
                (executed.len(), executed[0].yes, executed[0].eligible),
                (1, 3, 3)
            );
        }
        check_all(&mut p.chain).unwrap();
    }
}

/// Deployed over a contract's account for one transaction: changes one
/// of its rows behind its back, the way a bug would.
mod bender {
    use antelope_sdk::{action, name, Context, Name, SAME_PAYER};

    #[action]
    pub fn bend(ctx: &Context, who: Name) {
        match ctx.receiver {
            r if r == name!("pool.token") => {
                let t = pool_token::tables::accounts(r, who);
                let mut row = t.iter().next().unwrap();
                t.modify(&mut row, SAME_PAYER, |a| a.balance.amount += 1);
            }
            r if r == name!("pool.member") => {
                let t = pool_members::tables::members(r);
                let mut row = t.find(who.raw()).unwrap();
                t.modify(&mut row, SAME_PAYER, |m| m.total_votes += 1);
            }
            r if r == name!("pool.fees") => {
                let t = pool_fees::tables::deposits(r);
                let mut row = t.find(who.raw()).unwrap();
                t.modify(&mut row, SAME_PAYER, |d| d.balance.amount += 1);
            }
            r if r == name!("pool.reward") => {
                let t = pool_rewards::tables::state(r);
                let mut s = t.get().unwrap();
                s.infra += 1;
                t.set(r, s);
            }
            r if r == name!("pool.metrics") => {
                let day = pool_metrics::tables::daystats(r).iter().next().unwrap().day;
                let t = pool_metrics::tables::days(r, day);
                let mut row = t.find(who.raw()).unwrap();
                t.modify(&mut row, SAME_PAYER, |m| m.proposed += 1);
            }
            r => {
                let t = pool_governance::tables::proposals(r);
                let mut row = t.iter().next().unwrap();
                t.modify(&mut row, SAME_PAYER, |p| p.no = p.yes);
            }
        }
    }

    antelope_sdk::contract! {
        actions: [bend],
        notifications: [],
        tables: [],
        ricardian: "",
    }
}

/// Bends `contract`'s books about `who` and returns what `check_all`
/// says; the real contract is put back.
fn bent(p: &mut Pool, contract: Name, who: Name, real: fn(u64, u64, u64)) -> String {
    p.chain.deploy(contract, bender::apply);
    p.chain
        .push_action_as(contract, &bender::bend { who }, contract)
        .expect("the bender runs");
    p.chain.deploy(contract, real);
    check_all(&mut p.chain).expect_err("the bent books are caught")
}

#[test]
fn the_checkers_catch_books_bent_behind_the_contracts_backs() {
    let mut p = Pool::running(PoolConfig {
        handover: true,
        ..PoolConfig::default()
    });
    // Something in every table the checkers read: a deposit, income, a
    // final metrics window.
    let holder = HOLDERS[4];
    p.must(
        FEES,
        &pool_fees::actions::opendeposit { owner: holder },
        holder,
    );
    p.must(
        TOKEN,
        &pool_token::actions::transfer {
            from: holder,
            to: FEES,
            quantity: pool(5),
            memo: "deposit".into(),
        },
        holder,
    );
    p.must(
        TOKEN,
        &pool_token::actions::transfer {
            from: holder,
            to: REWARDS,
            quantity: pool(1000),
            memo: "income".into(),
        },
        holder,
    );
    let start = p.now() / 60 * 60;
    p.chain.advance_time(60);
    p.must(
        METRICS,
        &pool_metrics::actions::report {
            emitter: EMITTERS[0],
            seq: 1,
            start: TimePointSec::from_secs(start),
            end: TimePointSec::from_secs(start + 60),
            entries: vec![pool_metrics::MetricEntry {
                member: FOUNDERS[0],
                slots: 120,
                proposed: 100,
                selected: 90,
                late: 3,
                latency_ms: 1234,
            }],
        },
        EMITTERS[0],
    );
    check_all(&mut p.chain).unwrap();

    let e = bent(&mut p, TOKEN, holder, pool_token::apply);
    assert!(
        e.starts_with("token supply: pool.token: supply of POOL is"),
        "{e}"
    );

    let mut p = Pool::running(PoolConfig::default());
    let e = bent(&mut p, MEMBERS, FOUNDERS[1], pool_members::apply);
    assert_eq!(
        e,
        "members votes: pool.member: member prod2 has total_votes 25000001 but the weights of its voters sum to 25000000"
    );
}

#[test]
fn each_checker_names_its_relation() {
    let mut p = Pool::running(PoolConfig {
        handover: true,
        ..PoolConfig::default()
    });
    let holder = HOLDERS[4];
    p.must(
        FEES,
        &pool_fees::actions::opendeposit { owner: holder },
        holder,
    );
    p.must(
        TOKEN,
        &pool_token::actions::transfer {
            from: holder,
            to: FEES,
            quantity: pool(5),
            memo: "".into(),
        },
        holder,
    );
    let e = bent(&mut p, FEES, holder, pool_fees::apply);
    assert!(e.starts_with("fees deposits: pool.fees: holds 5 units of POOL at pool.token but the deposits sum to 6"), "{e}");

    let mut p = Pool::running(PoolConfig::default());
    let e = bent(&mut p, REWARDS, holder, pool_rewards::apply);
    assert!(e.starts_with("rewards books: pool.reward: holds 0 units of POOL but pool 0 + annual_pending 0 + unclaimed 0 + infra 1 = 1"), "{e}");

    let mut p = Pool::running(PoolConfig::default());
    let start = p.now() / 60 * 60;
    p.chain.advance_time(60);
    p.must(
        METRICS,
        &pool_metrics::actions::report {
            emitter: EMITTERS[1],
            seq: 7,
            start: TimePointSec::from_secs(start),
            end: TimePointSec::from_secs(start + 60),
            entries: vec![pool_metrics::MetricEntry {
                member: FOUNDERS[2],
                slots: 120,
                proposed: 10,
                selected: 1,
                late: 0,
                latency_ms: 9,
            }],
        },
        EMITTERS[1],
    );
    let e = bent(&mut p, METRICS, FOUNDERS[2], pool_metrics::apply);
    assert!(
        e.starts_with("metrics aggregates: pool.metrics: day ")
            && e.contains("member prod3: stored"),
        "{e}"
    );

    let mut p = Pool::running(PoolConfig {
        handover: true,
        ..PoolConfig::default()
    });
    let e = bent(&mut p, GOV, holder, pool_governance::apply);
    assert!(
        e.starts_with("governance records: pool.gov: executed proposal 1 records yes 3 no 3"),
        "{e}"
    );
}

#[test]
fn the_exec_tally_is_recomputed_independently() {
    let mut p = Pool::running(PoolConfig {
        handover: true,
        ..PoolConfig::default()
    });
    let appoint = pool_charter::actions::appoint {
        arbitrator: HOLDERS[2],
    }
    .to_action_for(CHARTER, GOV);
    let expires = TimePointSec::from_secs(p.now() + 86_400);
    p.must(
        GOV,
        &pool_governance::actions::propose {
            proposer: FOUNDERS[1],
            title: "carol arbitrates".into(),
            url: String::new(),
            hash: pool_testkit::fixtures::h(9),
            actions: vec![appoint],
            cites: vec![1],
            expires,
        },
        FOUNDERS[1],
    );
    let hash = p
        .chain
        .row::<pool_governance::tables::Proposal>(GOV, GOV.raw(), 2)
        .unwrap()
        .content_hash;
    for (voter, ballot) in [
        (FOUNDERS[0], 1),
        (FOUNDERS[1], 1),
        (FOUNDERS[2], 0),
        (PENDING, 1),
    ] {
        p.must(
            GOV,
            &pool_governance::actions::vote {
                member: voter,
                id: 2,
                vote: ballot,
                content_hash: hash,
            },
            voter,
        );
    }
    let expected = invariants::expected_tally(&mut p.chain, GOV, 2).unwrap();
    assert_eq!(
        (
            expected.yes,
            expected.no,
            expected.abstain,
            expected.eligible
        ),
        (3, 1, 0, 4)
    );
    p.must(
        GOV,
        &pool_governance::actions::exec {
            executor: HOLDERS[0],
            id: 2,
        },
        HOLDERS[0],
    );
    invariants::exec_recorded(&mut p.chain, GOV, 2, &expected).unwrap();
    let wrong = pool_core::governance::Tally { yes: 4, ..expected };
    assert!(invariants::exec_recorded(&mut p.chain, GOV, 2, &wrong).is_err());
    check_all(&mut p.chain).unwrap();
}

/// Fails cleanly or overflows, on demand.
mod faulty {
    use antelope_sdk::{action, check, Context};

    #[action]
    pub fn add(_ctx: &Context, a: u32, b: u32) {
        check(a != 7, "seven is refused");
        // Overflows (a panic, not an assertion) on purpose.
        let sum = a + b;
        check(sum != 3, "three is refused");
    }

    antelope_sdk::contract! {
        actions: [add],
        notifications: [],
        tables: [],
        ricardian: "",
    }
}

#[test]
fn the_probe_tells_assertions_from_other_panics() {
    let mut p = Pool::bootstrap(PoolConfig::default());
    let faulty = name!("faulty");
    p.chain.deploy(faulty, faulty::apply);
    let probe = Probe::install(&mut p.chain);
    probe.reset();
    assert_fails(
        p.chain
            .push_action_as(faulty, &faulty::add { a: 7, b: 1 }, faulty),
        "seven is refused",
    );
    assert_eq!(probe.take(), None);
    assert_fails(
        p.chain.push_action_as(
            TOKEN,
            &pool_token::actions::close {
                owner: faulty,
                symbol: SYM,
            },
            faulty,
        ),
        "Balance row already deleted or never existed. Action won't have any effect.",
    );
    assert_eq!(
        probe.take(),
        None,
        "the host's own errors are assertions too"
    );
    let overflow = p
        .chain
        .push_action_as(faulty, &faulty::add { a: u32::MAX, b: 1 }, faulty);
    assert!(overflow.is_err());
    let seen = probe.take().expect("the overflow is recorded");
    assert!(seen.message.contains("overflow"), "{seen:?}");
    assert!(seen.location.contains("tests/pool.rs"), "{seen:?}");
    assert_eq!(probe.take(), None, "taken once");
}
