//! The happy path: what the pool's users do, with valid data chosen from
//! the chain's current state, so that the state keeps evolving (tokens
//! move, stakes and votes change, windows become final, days roll over,
//! fees are voted and charged, cases and proposals run their course) and
//! the invariants are checked on a living pool, not an idle one.
//!
//! Each generator returns `None` when the state offers it nothing to do
//! (no due refund, no open proposal...); another one is tried then. Most
//! of what they push succeeds, not all: the state may have moved under
//! them (a fee without a deposit, a member who lost its standing), and
//! those failures are checked like any other.

use crate::{Fuzzer, Origin, Step, BOOKED, STRANGER};
use antelope_sdk::{name, Action, ActionData, Checksum256, Name, PermissionLevel, TimePointSec};
use pool_testkit::accounts::*;
use pool_testkit::fixtures::{h, key, pool, SYM};

type Generator = fn(&mut Fuzzer) -> Option<Step>;

/// The generators and how often each is chosen.
const GENERATORS: &[(u64, Generator)] = &[
    (10, transfer),
    (6, income),
    (2, issue_or_retire),
    (2, open_or_close),
    (2, openstake),
    (5, stake),
    (3, unstake),
    (2, refund),
    (6, vote),
    (2, register),
    (2, newcomer),
    (1, update),
    (1, endsuspend),
    (1, resign),
    (1, sign),
    (2, filecase),
    (2, takecase),
    (2, rule),
    (1, appeal),
    (2, enforce),
    (1, withdraw_case),
    (14, report),
    (3, prune),
    (3, rollover),
    (4, claim),
    (1, sweep),
    (1, infraclaim),
    (1, audit),
    (2, setfeemult),
    (3, setfeevote),
    (1, bundlevote),
    (3, computefees),
    (2, opendeposit),
    (4, deposit),
    (1, withdraw_deposit),
    (3, propose),
    (7, gov_vote),
    (3, exec),
    (1, cancel),
    (1, amend),
    (1, cleanup),
];

impl Fuzzer {
    /// A happy-path step, or `None` if several generators in a row had
    /// nothing to do.
    pub(crate) fn happy(&mut self) -> Option<Step> {
        if self.rescue_cooldown > 0 {
            self.rescue_cooldown -= 1;
        } else if let Some(step) = rescue(self) {
            return Some(step);
        }
        // The emitters keep up with the clock, as the real reporter does:
        // a window that ended is reported soon (an emitter left behind by
        // more than the retention could never catch up).
        if self.rng.percent(30) {
            if let Some(step) = report(self) {
                return Some(step);
            }
        }
        let weights: Vec<u64> = GENERATORS.iter().map(|(w, _)| *w).collect();
        for _ in 0..6 {
            let i = self.rng.weighted(&weights);
            if let Some(step) = (GENERATORS[i].1)(self) {
                return Some(step);
            }
        }
        None
    }

    // --- reads ---------------------------------------------------------------

    fn now(&self) -> u32 {
        self.pool.now()
    }

    fn people(&self) -> Vec<Name> {
        HOLDERS
            .iter()
            .chain(self.producers.iter())
            .copied()
            .collect()
    }

    fn person(&mut self) -> Name {
        let people = self.people();
        *self.rng.pick(&people).unwrap_or(&HOLDERS[0])
    }

    fn balance(&mut self, owner: Name) -> i64 {
        self.pool
            .chain
            .rows::<pool_token::tables::Account>(TOKEN, owner.raw())
            .into_iter()
            .find(|a| a.balance.symbol == SYM)
            .map_or(0, |a| a.balance.amount)
    }

    fn members(&mut self) -> Vec<pool_members::tables::Member> {
        self.pool.chain.rows(MEMBERS, MEMBERS.raw())
    }

    fn good_standing(&mut self) -> Vec<Name> {
        self.pool.members_in_good_standing()
    }

    fn elected(&mut self) -> Vec<Name> {
        let now = self.now();
        self.pool.chain.read(|| {
            pool_fees::tables::config(FEES)
                .get()
                .map(|cfg| pool_fees::actions::elected_set(&cfg, now))
                .unwrap_or_default()
                .into_iter()
                .map(Name::from_raw)
                .collect()
        })
    }

    fn stakes(&mut self) -> Vec<pool_members::tables::Stake> {
        self.pool.chain.rows(MEMBERS, MEMBERS.raw())
    }

    fn cases(&mut self) -> Vec<pool_charter::tables::Case> {
        self.pool.chain.rows(CHARTER, CHARTER.raw())
    }

    fn open_proposals(&mut self) -> Vec<pool_governance::tables::Proposal> {
        let now = self.now();
        self.pool
            .chain
            .rows::<pool_governance::tables::Proposal>(GOV, GOV.raw())
            .into_iter()
            .filter(|p| p.status == 0 && p.expires.secs() > now)
            .collect()
    }

    fn pick_from<T: Clone>(&mut self, items: &[T]) -> Option<T> {
        self.rng.pick(items).cloned()
    }

    fn amount_up_to(&mut self, max: i64) -> Option<i64> {
        (max > 0).then(|| self.rng.range(1, max as u64) as i64)
    }
}

fn act<T: ActionData>(contract: Name, data: &T, signer: Name) -> Action {
    data.to_action(contract, vec![PermissionLevel::active(signer)])
}

fn step(actions: Vec<Action>, note: impl Into<String>) -> Option<Step> {
    Some(Step {
        origin: Origin::Happy,
        actions,
        advance: 0,
        note: note.into(),
        rescue: false,
    })
}

fn transfer_action(from: Name, to: Name, units: i64, memo: &str) -> Action {
    act(
        TOKEN,
        &pool_token::actions::transfer {
            from,
            to,
            quantity: pool(units),
            memo: memo.into(),
        },
        from,
    )
}

// --- rescue -----------------------------------------------------------------------

/// What only governance can repair, repaired with `pool.gov@active`
/// directly (the test chain's wallet holds its key; on chain it would be
/// a passed proposal, when one is still possible):
///
/// - pool.gov, pool.member or pool.charter no longer a fee caller, or the
///   `propose`, `regmember` or `filecase` endpoint gone (an ABI-driven
///   step signed by pool.gov can do that): those actions then cost no
///   fee, and the fee path (deposits debited, fees forwarded to rewards)
///   would go untested for the rest of the run. (Before the fee hook was
///   fixed, this locked governance out for good: the fuzzer's first
///   finding, `tests/governance_lockout.rs`.)
/// - no member in good standing left (random steps made them resign, or
///   suspended or expelled them): nobody can propose, so nobody could
///   ever be approved again; the pending registrations are approved;
/// - an emitter that is not registered, or whose next window was pruned
///   (it was down longer than the retention): it is removed and
///   registered again, so that its next report may start at any window
///   (docs/metrics.md, "Replays, retries and the reporter"), with the
///   quorum lowered to 1 if removing it would leave fewer emitters.
///
/// - a contract handed to another admin, or wired to another account
///   than the pool's (its members, charter, fees, rewards, metrics or
///   infrastructure account; any existing account passes most
///   `setconfig` checks): its configuration is set back, signed by its
///   current admin.
///
/// Without this, one random step would end the fees, governance or the
/// metrics for the rest of a run; the report counts the repairs.
fn rescue(f: &mut Fuzzer) -> Option<Step> {
    const STANDARD_ENDPOINTS: [(Name, bool); 3] = [
        (name!("propose"), false),
        (name!("regmember"), true),
        (name!("filecase"), false),
    ];
    let mut actions = Vec::new();
    let callers: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_fees::tables::Caller>(FEES, FEES.raw())
        .into_iter()
        .map(|c| c.contract)
        .collect();
    for contract in [GOV, MEMBERS, CHARTER] {
        if !callers.contains(&contract) {
            actions.push(by_gov(FEES, &pool_fees::actions::addcaller { contract }));
        }
    }
    let endpoints: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_fees::tables::Endpoint>(FEES, FEES.raw())
        .into_iter()
        .map(|e| e.endpoint)
        .collect();
    let missing: Vec<(Name, bool)> = STANDARD_ENDPOINTS
        .iter()
        .copied()
        .filter(|(e, _)| !endpoints.contains(e))
        .collect();
    // Room for them under the cap of 50 (random registrations may have
    // filled it): other endpoints go first.
    let over = (endpoints.len() + missing.len()).saturating_sub(pool_core::fees::MAX_ENDPOINTS);
    for endpoint in endpoints
        .iter()
        .filter(|e| STANDARD_ENDPOINTS.iter().all(|(s, _)| s != *e))
        .take(over)
    {
        actions.push(by_gov(
            FEES,
            &pool_fees::actions::rmendpoint {
                endpoint: *endpoint,
            },
        ));
    }
    for (endpoint, annual) in missing {
        actions.push(by_gov(
            FEES,
            &pool_fees::actions::regendpoint { endpoint, annual },
        ));
    }
    if f.good_standing().is_empty() {
        for m in f.members() {
            if m.status == 0 {
                actions.push(by_gov(
                    MEMBERS,
                    &pool_members::actions::approve { account: m.account },
                ));
            }
        }
    }
    if let Some(cfg) = f
        .pool
        .chain
        .read(|| pool_metrics::tables::config(METRICS).get())
    {
        let horizon = f
            .pool
            .chain
            .read(|| pool_metrics::tables::state(METRICS).get())
            .map_or(0, |s| s.pruned_until.secs());
        let registered = f
            .pool
            .chain
            .rows::<pool_metrics::tables::Emitter>(METRICS, METRICS.raw());
        let stuck: Vec<Name> = registered
            .iter()
            .filter(|e| e.last_end.secs() != 0 && e.last_end.secs() < horizon)
            .map(|e| e.emitter)
            .collect();
        let missing: Vec<Name> = EMITTERS
            .iter()
            .copied()
            .filter(|e| registered.iter().all(|r| r.emitter != *e))
            .collect();
        if !stuck.is_empty() || !missing.is_empty() {
            // Quorum 1 first: removals are then always allowed.
            if cfg.quorum > 1 {
                actions.push(by_gov(
                    METRICS,
                    &pool_metrics::actions::setquorum { quorum: 1 },
                ));
            }
            for emitter in &stuck {
                actions.push(by_gov(
                    METRICS,
                    &pool_metrics::actions::rmemitter { emitter: *emitter },
                ));
            }
            // Room under the cap of 16: other emitters go first.
            let over =
                (registered.len() + missing.len()).saturating_sub(pool_core::metrics::MAX_EMITTERS);
            for e in registered
                .iter()
                .filter(|e| !EMITTERS.contains(&e.emitter) && !stuck.contains(&e.emitter))
                .take(over)
            {
                actions.push(by_gov(
                    METRICS,
                    &pool_metrics::actions::rmemitter { emitter: e.emitter },
                ));
            }
            for emitter in stuck.iter().chain(missing.iter()) {
                actions.push(by_gov(
                    METRICS,
                    &pool_metrics::actions::regemitter { emitter: *emitter },
                ));
            }
        }
    }
    actions.extend(rewire(f));
    if actions.is_empty() {
        return None;
    }
    let what: Vec<String> = actions
        .iter()
        .map(|a| format!("{}::{}", a.account, a.name))
        .collect();
    let mut s = step(
        actions,
        format!("rescue with pool.gov@active: {}", what.join(", ")),
    )?;
    s.rescue = true;
    Some(s)
}

/// The `setconfig`s that give every contract back its admin (pool.gov)
/// and its wiring to the pool's accounts, other values kept; each signed
/// by the contract's current admin.
fn rewire(f: &mut Fuzzer) -> Vec<Action> {
    let admin = pool_shared::admin::admin_of;
    let mut out = Vec::new();
    let c = &mut f.pool.chain;
    if let Some(x) = c.read(|| pool_fees::tables::config(FEES).get()) {
        if (x.governance, x.members, x.rewards) != (GOV, MEMBERS, REWARDS) {
            let data = pool_fees::actions::setconfig {
                governance: GOV,
                members: MEMBERS,
                rewards: REWARDS,
                ..fees_setconfig(&x)
            };
            out.push(act(FEES, &data, admin(x.governance, FEES)));
        }
    }
    if let Some(x) = c.read(|| pool_members::tables::config(MEMBERS).get()) {
        if (x.governance, x.charter, x.fees) != (GOV, CHARTER, FEES) {
            let data = pool_members::actions::setconfig {
                governance: GOV,
                token_contract: x.token_contract,
                stake_symbol: x.stake_symbol,
                charter: CHARTER,
                fees: FEES,
                auto_approve: x.auto_approve,
                refund_delay_sec: x.refund_delay_sec,
            };
            out.push(act(MEMBERS, &data, admin(x.governance, MEMBERS)));
        }
    }
    if let Some(x) = c.read(|| pool_charter::tables::config(CHARTER).get()) {
        if (x.governance, x.members, x.rewards, x.fees) != (GOV, MEMBERS, REWARDS, FEES) {
            let grace = c
                .read(|| pool_shared::charter::params(CHARTER).get())
                .map_or(0, |p| p.grace_period_sec);
            let data = pool_charter::actions::setconfig {
                governance: GOV,
                members: MEMBERS,
                rewards: REWARDS,
                fees: FEES,
                appeal_window_sec: x.appeal_window_sec,
                max_open_cases: x.max_open_cases,
                grace_period_sec: grace,
            };
            out.push(act(CHARTER, &data, admin(x.governance, CHARTER)));
        }
    }
    if let Some(x) = c.read(|| pool_metrics::tables::config(METRICS).get()) {
        if (x.governance, x.members) != (GOV, MEMBERS) {
            let data = pool_metrics::actions::setconfig {
                governance: GOV,
                members: MEMBERS,
                quorum: x.quorum,
                window_sec: x.window_sec,
                day_sec: x.day_sec,
                max_batch: x.max_batch,
                retention_sec: x.retention_sec,
                genesis: x.genesis,
            };
            out.push(act(METRICS, &data, admin(x.governance, METRICS)));
        }
    }
    if let Some(x) = c.read(|| pool_rewards::tables::config(REWARDS).get()) {
        let wiring = (
            x.governance,
            x.members,
            x.metrics,
            x.charter,
            x.infra_account,
        );
        if wiring != (GOV, MEMBERS, METRICS, CHARTER, INFRA) {
            let data = pool_rewards::actions::setconfig {
                governance: GOV,
                members: MEMBERS,
                metrics: METRICS,
                charter: CHARTER,
                infra_account: INFRA,
                ..rewards_setconfig(&x)
            };
            out.push(act(REWARDS, &data, admin(x.governance, REWARDS)));
        }
    }
    if let Some(x) = c.read(|| pool_governance::tables::config(GOV).get()) {
        if (x.members, x.fees) != (MEMBERS, FEES) {
            let data = pool_governance::actions::setconfig {
                members: MEMBERS,
                fees: FEES,
                threshold_num: x.threshold_num,
                threshold_den: x.threshold_den,
                threshold_plus: x.threshold_plus,
                quorum_num: x.quorum_num,
                quorum_den: x.quorum_den,
                max_actions: x.max_actions,
                max_cites: x.max_cites,
                max_lifetime_sec: x.max_lifetime_sec,
                max_eligible_scan: x.max_eligible_scan,
            };
            out.push(act(GOV, &data, GOV));
        }
    }
    out
}

/// The `setconfig` that repeats `c`.
fn fees_setconfig(c: &pool_fees::tables::Config) -> pool_fees::actions::setconfig {
    pool_fees::actions::setconfig {
        governance: c.governance,
        members: c.members,
        token_contract: c.token_contract,
        fee_symbol: c.fee_symbol,
        rewards: c.rewards,
        scheduled: c.scheduled,
        min_votes: c.min_votes,
        max_compute_per_call: c.max_compute_per_call,
    }
}

/// The `setconfig` that repeats `c`.
fn rewards_setconfig(c: &pool_rewards::tables::Config) -> pool_rewards::actions::setconfig {
    pool_rewards::actions::setconfig {
        governance: c.governance,
        token_contract: c.token_contract,
        symbol: c.symbol,
        members: c.members,
        metrics: c.metrics,
        charter: c.charter,
        infra_account: c.infra_account,
        paid: c.paid,
        scheduled: c.scheduled,
        vote_share_bps: c.vote_share_bps,
        infra_share_bps: c.infra_share_bps,
        min_availability_bps: c.min_availability_bps,
        claim_window_sec: c.claim_window_sec,
        day_sec: c.day_sec,
        max_days_per_rollover: c.max_days_per_rollover,
        max_sweep: c.max_sweep,
    }
}

// --- token ------------------------------------------------------------------------

fn transfer(f: &mut Fuzzer) -> Option<Step> {
    let mut people = f.people();
    people.push(INFRA);
    let from = f.pick_from(&people)?;
    let bal = f.balance(from);
    let units = f.amount_up_to(bal.min(5_000_000))?;
    let to = f.pick_from(&people).filter(|t| *t != from)?;
    step(
        vec![transfer_action(from, to, units, "thanks")],
        format!("{from} pays {to} {units}"),
    )
}

/// Income at pool.reward: from the issuer's reserve or a holder, daily or
/// annual.
fn income(f: &mut Fuzzer) -> Option<Step> {
    let from = if f.rng.percent(70) { TOKEN } else { f.person() };
    let bal = f.balance(from);
    let units = f.amount_up_to(bal.min(50_000_000))?;
    let memo = if f.rng.percent(30) {
        "annual"
    } else {
        "income"
    };
    step(
        vec![transfer_action(from, REWARDS, units, memo)],
        format!("{from} pays {units} of {memo} income"),
    )
}

fn issue_or_retire(f: &mut Fuzzer) -> Option<Step> {
    if f.rng.percent(60) {
        let units = f.rng.range(1, 10_000_000) as i64;
        let data = pool_token::actions::issue {
            to: TOKEN,
            quantity: pool(units),
            memo: "more".into(),
        };
        step(vec![act(TOKEN, &data, TOKEN)], format!("issue {units}"))
    } else {
        let bal = f.balance(TOKEN);
        let units = f.amount_up_to(bal.min(1_000_000))?;
        let data = pool_token::actions::retire {
            quantity: pool(units),
            memo: "less".into(),
        };
        step(vec![act(TOKEN, &data, TOKEN)], format!("retire {units}"))
    }
}

fn open_or_close(f: &mut Fuzzer) -> Option<Step> {
    let mut who = f.people();
    who.push(STRANGER);
    who.push(INFRA);
    let owner = f.pick_from(&who)?;
    if f.rng.percent(60) {
        let data = pool_token::actions::open {
            owner,
            symbol: SYM,
            ram_payer: owner,
        };
        step(
            vec![act(TOKEN, &data, owner)],
            format!("{owner} opens a balance row"),
        )
    } else {
        let data = pool_token::actions::close { owner, symbol: SYM };
        step(
            vec![act(TOKEN, &data, owner)],
            format!("{owner} closes its balance row"),
        )
    }
}

// --- members ----------------------------------------------------------------------

fn openstake(f: &mut Fuzzer) -> Option<Step> {
    let owner = f.person();
    let data = pool_members::actions::openstake { owner };
    step(
        vec![act(MEMBERS, &data, owner)],
        format!("{owner} opens a stake row"),
    )
}

fn stake(f: &mut Fuzzer) -> Option<Step> {
    let owners: Vec<Name> = f
        .stakes()
        .into_iter()
        .map(|s| s.owner)
        .filter(|o| !BOOKED.contains(o))
        .collect();
    let owner = f.pick_from(&owners)?;
    let bal = f.balance(owner);
    let units = f.amount_up_to(bal / 2)?;
    step(
        vec![transfer_action(owner, MEMBERS, units, "stake")],
        format!("{owner} stakes {units}"),
    )
}

fn unstake(f: &mut Fuzzer) -> Option<Step> {
    let stakes: Vec<(Name, i64)> = f
        .stakes()
        .into_iter()
        .filter(|s| s.staked.amount > 0)
        .map(|s| (s.owner, s.staked.amount))
        .collect();
    let (owner, staked) = f.pick_from(&stakes)?;
    let units = f.amount_up_to(staked)?;
    let data = pool_members::actions::unstake {
        owner,
        quantity: pool(units),
    };
    step(
        vec![act(MEMBERS, &data, owner)],
        format!("{owner} unstakes {units}"),
    )
}

fn refund(f: &mut Fuzzer) -> Option<Step> {
    let now = f.now();
    let due: Vec<Name> = f
        .stakes()
        .into_iter()
        .filter(|s| s.unstaking.amount > 0 && s.refund_at.secs() <= now)
        .map(|s| s.owner)
        .collect();
    let owner = f.pick_from(&due)?;
    let by = f.person();
    let data = pool_members::actions::refund { owner };
    step(
        vec![act(MEMBERS, &data, by)],
        format!("{by} refunds {owner}"),
    )
}

fn vote(f: &mut Fuzzer) -> Option<Step> {
    let voter = f.person();
    let mut good = f.good_standing();
    let n = if f.rng.percent(10) {
        0
    } else {
        f.rng.range(1, good.len().clamp(1, 4) as u64) as usize
    };
    let mut producers = Vec::new();
    while producers.len() < n && !good.is_empty() {
        let i = f.rng.below(good.len() as u64) as usize;
        producers.push(good.swap_remove(i));
    }
    let listed: Vec<String> = producers.iter().map(Name::to_string).collect();
    let note = format!("{voter} votes for [{}]", listed.join(", "));
    let data = pool_members::actions::vote { voter, producers };
    step(vec![act(MEMBERS, &data, voter)], note)
}

/// A new producer account arrives when fewer than three members are in
/// good standing and every producer is registered (expelled accounts
/// never come back: over a long run random admin steps expel them all):
/// the account is created, and pool.token gives it 1000 POOL; `register`
/// and the proposals approving pending members do the rest. At most 300
/// per run.
fn newcomer(f: &mut Fuzzer) -> Option<Step> {
    if f.producers.len() >= PRODUCERS.len() + 300 || f.good_standing().len() >= 3 {
        return None;
    }
    let members = f.members();
    let free = f
        .producers
        .iter()
        .any(|p| members.iter().all(|m| m.account != *p || m.status == 4));
    if free {
        return None;
    }
    let account = pool_testkit::fixtures::nth("prod", f.producers.len() - PRODUCERS.len());
    if f.pool.chain.account_exists(account) {
        return None;
    }
    f.pool.create_account(account);
    f.producers.push(account);
    step(
        vec![transfer_action(TOKEN, account, 10_000_000, "welcome")],
        format!("a new producer {account} arrives with 1000 POOL"),
    )
}

/// A producer that is not registered (or resigned) signs the latest
/// constitution and registers, in one transaction.
fn register(f: &mut Fuzzer) -> Option<Step> {
    let members = f.members();
    let free: Vec<Name> = f
        .producers
        .iter()
        .copied()
        .filter(|p| members.iter().all(|m| m.account != *p || m.status == 4))
        .collect();
    let account = f.pick_from(&free)?;
    let (_, hash) = f.pool.latest_constitution();
    let sign = pool_charter::actions::sign { account, hash };
    let reg = pool_members::actions::regmember {
        account,
        url: format!("https://{account}.example"),
        location: 840,
        producer_key: key(f.rng.below(200) as u8),
    };
    step(
        vec![act(CHARTER, &sign, account), act(MEMBERS, &reg, account)],
        format!("{account} signs and registers"),
    )
}

fn update(f: &mut Fuzzer) -> Option<Step> {
    let members: Vec<Name> = f.members().into_iter().map(|m| m.account).collect();
    let account = f.pick_from(&members)?;
    let data = pool_members::actions::update {
        account,
        url: format!("https://{account}.example/v{}", f.rng.below(100)),
        location: f.rng.range(1, 999) as u16,
        producer_key: key(f.rng.below(200) as u8),
    };
    step(
        vec![act(MEMBERS, &data, account)],
        format!("{account} updates"),
    )
}

fn endsuspend(f: &mut Fuzzer) -> Option<Step> {
    let now = f.now();
    let ended: Vec<Name> = f
        .members()
        .into_iter()
        .filter(|m| m.status == 2 && m.suspended_until.secs() <= now)
        .map(|m| m.account)
        .collect();
    let account = f.pick_from(&ended)?;
    let by = f.person();
    let data = pool_members::actions::endsuspend { account };
    step(
        vec![act(MEMBERS, &data, by)],
        format!("{by} ends {account}'s suspension"),
    )
}

fn resign(f: &mut Fuzzer) -> Option<Step> {
    // Rare: the pool needs members for governance to pass anything.
    if !f.rng.percent(10) {
        return None;
    }
    let active: Vec<Name> = f
        .members()
        .into_iter()
        .filter(|m| m.status <= 1)
        .map(|m| m.account)
        .collect();
    let account = f.pick_from(&active)?;
    let data = pool_members::actions::resign { account };
    step(
        vec![act(MEMBERS, &data, account)],
        format!("{account} resigns"),
    )
}

// --- charter ----------------------------------------------------------------------

/// Mostly a member whose signature is not of the latest version (after
/// a new version, members keep their rights only for the grace period).
fn sign(f: &mut Fuzzer) -> Option<Step> {
    let (version, hash) = f.pool.latest_constitution();
    let signed: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_shared::charter::SignatureRow>(CHARTER, CHARTER.raw())
        .into_iter()
        .filter(|s| s.version == version)
        .map(|s| s.account)
        .collect();
    let behind: Vec<Name> = f
        .members()
        .into_iter()
        .filter(|m| m.status < 3 && !signed.contains(&m.account))
        .map(|m| m.account)
        .collect();
    let account = match f.pick_from(&behind) {
        Some(a) if f.rng.percent(80) => a,
        _ => f.person(),
    };
    let data = pool_charter::actions::sign { account, hash };
    step(
        vec![act(CHARTER, &data, account)],
        format!("{account} signs version {version}"),
    )
}

fn filecase(f: &mut Fuzzer) -> Option<Step> {
    let good = f.good_standing();
    let claimant = f.pick_from(&good)?;
    let respondents: Vec<Name> = f
        .members()
        .into_iter()
        .filter(|m| m.account != claimant && m.status != 3)
        .map(|m| m.account)
        .collect();
    let respondent = f.pick_from(&respondents)?;
    let category = *f.rng.pick(&[0u8, 1, 2, 3])?;
    let (report_emitter, report_seq) = if category == 2 {
        let reports = f
            .pool
            .chain
            .rows::<pool_metrics::tables::ReportRow>(METRICS, METRICS.raw());
        match f.pick_from(&reports) {
            Some(r) => (r.emitter, r.seq),
            None => (EMITTERS[0], 1),
        }
    } else {
        (Name::EMPTY, 0)
    };
    let n = f.rng.below(1000);
    let data = pool_charter::actions::filecase {
        claimant,
        respondent,
        category,
        summary_url: format!("https://pool.example/cases/{n}"),
        summary_hash: h(n as u8 | 1),
        report_emitter,
        report_seq,
    };
    step(
        vec![act(CHARTER, &data, claimant)],
        format!("{claimant} files a case (category {category}) against {respondent}"),
    )
}

fn takecase(f: &mut Fuzzer) -> Option<Step> {
    let arbitrators: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_charter::tables::Arbitrator>(CHARTER, CHARTER.raw())
        .into_iter()
        .map(|a| a.account)
        .collect();
    let filed: Vec<(u64, Name, Name)> = f
        .cases()
        .into_iter()
        .filter(|c| c.status <= 1)
        .map(|c| (c.id, c.claimant, c.respondent))
        .collect();
    let (case_id, claimant, respondent) = f.pick_from(&filed)?;
    let free: Vec<Name> = arbitrators
        .into_iter()
        .filter(|a| *a != claimant && *a != respondent)
        .collect();
    let arbitrator = f.pick_from(&free)?;
    let data = pool_charter::actions::takecase {
        arbitrator,
        case_id,
    };
    step(
        vec![act(CHARTER, &data, arbitrator)],
        format!("{arbitrator} takes case {case_id}"),
    )
}

fn rule(f: &mut Fuzzer) -> Option<Step> {
    let taken: Vec<(u64, Name)> = f
        .cases()
        .into_iter()
        .filter(|c| c.status == 1)
        .map(|c| (c.id, c.arbitrator))
        .collect();
    let (case_id, arbitrator) = f.pick_from(&taken)?;
    let ruling = [0u8, 1, 2, 3, 4][f.rng.weighted(&[25, 25, 25, 20, 5])];
    let suspend_days = if ruling == 2 {
        f.rng.range(1, 3) as u16
    } else {
        0
    };
    let data = pool_charter::actions::rule {
        arbitrator,
        case_id,
        ruling,
        suspend_days,
        reason_url: format!("https://pool.example/rulings/{case_id}"),
    };
    step(
        vec![act(CHARTER, &data, arbitrator)],
        format!("{arbitrator} rules {ruling} ({suspend_days} days) on case {case_id}"),
    )
}

fn appeal(f: &mut Fuzzer) -> Option<Step> {
    let now = f.now();
    let open: Vec<(u64, Name, Name)> = f
        .cases()
        .into_iter()
        .filter(|c| c.status == 2 && c.appeal_until.secs() > now)
        .map(|c| (c.id, c.claimant, c.respondent))
        .collect();
    let (case_id, claimant, respondent) = f.pick_from(&open)?;
    let party = if f.rng.percent(50) {
        claimant
    } else {
        respondent
    };
    let data = pool_charter::actions::appeal {
        party,
        case_id,
        reason_url: format!("https://pool.example/appeals/{case_id}"),
    };
    step(
        vec![act(CHARTER, &data, party)],
        format!("{party} appeals case {case_id}"),
    )
}

fn enforce(f: &mut Fuzzer) -> Option<Step> {
    let now = f.now();
    let due: Vec<u64> = f
        .cases()
        .into_iter()
        .filter(|c| {
            (c.status == 2 && c.appeal_until.secs() <= now) || c.status == 4 || c.status == 5
        })
        .map(|c| c.id)
        .collect();
    let case_id = f.pick_from(&due)?;
    let by = f.person();
    let data = pool_charter::actions::enforce { case_id };
    step(
        vec![act(CHARTER, &data, by)],
        format!("{by} enforces case {case_id}"),
    )
}

fn withdraw_case(f: &mut Fuzzer) -> Option<Step> {
    let filed: Vec<(u64, Name)> = f
        .cases()
        .into_iter()
        .filter(|c| c.status == 0)
        .map(|c| (c.id, c.claimant))
        .collect();
    let (case_id, claimant) = f.pick_from(&filed)?;
    let data = pool_charter::actions::withdraw { claimant, case_id };
    step(
        vec![act(CHARTER, &data, claimant)],
        format!("{claimant} withdraws case {case_id}"),
    )
}

// --- metrics ----------------------------------------------------------------------

/// A registered emitter reports its next window once it has ended: what
/// a few members did (or nothing, an outage), or what another emitter
/// already reported for that window.
fn report(f: &mut Fuzzer) -> Option<Step> {
    let cfg = f
        .pool
        .chain
        .read(|| pool_metrics::tables::config(METRICS).get())?;
    let horizon = f
        .pool
        .chain
        .read(|| pool_metrics::tables::state(METRICS).get())
        .map_or(0, |s| s.pruned_until.secs());
    let emitters = f
        .pool
        .chain
        .rows::<pool_metrics::tables::Emitter>(METRICS, METRICS.raw());
    // Mostly the emitter furthest behind.
    let e = if f.rng.percent(70) {
        emitters.iter().min_by_key(|e| e.last_end.secs()).cloned()?
    } else {
        f.pick_from(&emitters)?
    };
    let window = cfg.window_sec;
    let now = f.now();
    // A first report since registration may start at any window from
    // genesis and the pruned horizon on: a recent one.
    let floor = cfg.genesis.secs().max(horizon.div_ceil(window) * window);
    let start = if e.last_end.secs() == 0 {
        ((now / window).saturating_sub(1 + f.rng.below(3) as u32) * window).max(floor)
    } else {
        e.last_end.secs()
    };
    let end = start.checked_add(window)?;
    if end > now {
        return None;
    }
    let slots = 2 * window;
    let prior = f
        .pool
        .chain
        .rows::<pool_metrics::tables::ReportRow>(METRICS, METRICS.raw())
        .into_iter()
        .find(|r| r.start.secs() == start && r.emitter != e.emitter);
    let entries = match prior {
        Some(r) if f.rng.percent(60) => r.entries,
        _ if f.rng.percent(8) => vec![],
        _ => {
            let mut members: Vec<Name> = f.members().into_iter().map(|m| m.account).collect();
            let n = f.rng.range(1, members.len().clamp(1, 5) as u64) as usize;
            let share = slots / n as u32;
            let mut entries = Vec::new();
            while entries.len() < n && !members.is_empty() {
                let i = f.rng.below(members.len() as u64) as usize;
                let member = members.swap_remove(i);
                let proposed = if f.rng.percent(80) {
                    f.rng.range(u64::from(slots / 2), u64::from(slots))
                } else {
                    f.rng.range(0, u64::from(slots / 2))
                } as u32;
                let selected = f.rng.range(0, u64::from(proposed.min(share))) as u32;
                let late = f.rng.range(0, u64::from(proposed / 10)) as u32;
                entries.push(pool_metrics::MetricEntry {
                    member,
                    slots,
                    proposed,
                    selected,
                    late,
                    latency_ms: u64::from(proposed) * f.rng.range(20, 400),
                });
            }
            entries.sort_by_key(|e| e.member.raw());
            entries
        }
    };
    let seq = e.last_seq + f.rng.range(1, 2);
    let note = format!(
        "{} reports window {start} (seq {seq}, {} entries)",
        e.emitter,
        entries.len()
    );
    let data = pool_metrics::actions::report {
        emitter: e.emitter,
        seq,
        start: TimePointSec::from_secs(start),
        end: TimePointSec::from_secs(end),
        entries,
    };
    step(vec![act(METRICS, &data, e.emitter)], note)
}

fn prune(f: &mut Fuzzer) -> Option<Step> {
    let by = f.person();
    let max_rows = f.rng.range(1, 40) as u32;
    let data = pool_metrics::actions::prune { max_rows };
    step(
        vec![act(METRICS, &data, by)],
        format!("{by} prunes {max_rows} rows"),
    )
}

// --- rewards ----------------------------------------------------------------------

fn rollover(f: &mut Fuzzer) -> Option<Step> {
    let day = f
        .pool
        .chain
        .read(|| pool_rewards::tables::state(REWARDS).get())?
        .day;
    if day >= f.pool.today() && f.rng.percent(90) {
        return None;
    }
    let by = f.person();
    step(
        vec![act(REWARDS, &pool_rewards::actions::rollover {}, by)],
        format!("{by} rolls over"),
    )
}

fn claim(f: &mut Fuzzer) -> Option<Step> {
    let holders: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_rewards::tables::Allocation>(REWARDS, REWARDS.raw())
        .into_iter()
        .map(|a| a.member)
        .collect();
    // Mostly a member with something to claim; sometimes anyone.
    let member = match f.pick_from(&holders) {
        Some(m) if f.rng.percent(90) => m,
        _ if f.rng.percent(20) => f.person(),
        _ => return None,
    };
    let data = pool_rewards::actions::claim { member };
    step(
        vec![act(REWARDS, &data, member)],
        format!("{member} claims"),
    )
}

fn sweep(f: &mut Fuzzer) -> Option<Step> {
    let by = f.person();
    let max = f.rng.range(1, 100) as u16;
    let data = pool_rewards::actions::sweep { max };
    step(vec![act(REWARDS, &data, by)], format!("{by} sweeps {max}"))
}

fn infraclaim(f: &mut Fuzzer) -> Option<Step> {
    let infra = f
        .pool
        .chain
        .read(|| pool_rewards::tables::state(REWARDS).get())?
        .infra;
    let units = f.amount_up_to(infra.min(i64::MAX as u64) as i64)?;
    let data = pool_rewards::actions::infraclaim {
        quantity: pool(units),
    };
    step(
        vec![act(REWARDS, &data, INFRA)],
        format!("pool.infra withdraws {units}"),
    )
}

fn audit(f: &mut Fuzzer) -> Option<Step> {
    let by = f.person();
    step(
        vec![act(REWARDS, &pool_rewards::actions::audit {}, by)],
        format!("{by} audits the rewards"),
    )
}

// --- fees -------------------------------------------------------------------------

fn setfeemult(f: &mut Fuzzer) -> Option<Step> {
    let elected = f.elected();
    let producer = f.pick_from(&elected)?;
    let multiplier = f.rng.range(500_000, 2_000_000);
    let data = pool_fees::actions::setfeemult {
        producer,
        multiplier,
    };
    step(
        vec![act(FEES, &data, producer)],
        format!("{producer} sets its multiplier to {multiplier}"),
    )
}

fn setfeevote(f: &mut Fuzzer) -> Option<Step> {
    let elected = f.elected();
    let producer = f.pick_from(&elected)?;
    let mut endpoints: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_fees::tables::Endpoint>(FEES, FEES.raw())
        .into_iter()
        .map(|e| e.endpoint)
        .collect();
    let n = f.rng.range(1, endpoints.len().clamp(1, 3) as u64) as usize;
    let mut fee_ratios = Vec::new();
    while fee_ratios.len() < n && !endpoints.is_empty() {
        let i = f.rng.below(endpoints.len() as u64) as usize;
        let ratio = f.rng.range(0, 200_000);
        fee_ratios.push((endpoints.swap_remove(i), ratio));
    }
    let listed: Vec<String> = fee_ratios
        .iter()
        .map(|(e, r)| format!("{e}: {r}"))
        .collect();
    let note = format!("{producer} votes fee ratios {{{}}}", listed.join(", "));
    let data = pool_fees::actions::setfeevote {
        producer,
        fee_ratios,
    };
    step(vec![act(FEES, &data, producer)], note)
}

fn bundlevote(f: &mut Fuzzer) -> Option<Step> {
    let elected = f.elected();
    let producer = f.pick_from(&elected)?;
    let count = f.rng.range(0, 5) as u32;
    let data = pool_fees::actions::bundlevote { producer, count };
    step(
        vec![act(FEES, &data, producer)],
        format!("{producer} votes {count} bundled calls"),
    )
}

fn computefees(f: &mut Fuzzer) -> Option<Step> {
    let by = f.person();
    step(
        vec![act(FEES, &pool_fees::actions::computefees {}, by)],
        format!("{by} computes the fees"),
    )
}

fn opendeposit(f: &mut Fuzzer) -> Option<Step> {
    let owner = f.person();
    let data = pool_fees::actions::opendeposit { owner };
    step(
        vec![act(FEES, &data, owner)],
        format!("{owner} opens a deposit"),
    )
}

fn deposit(f: &mut Fuzzer) -> Option<Step> {
    let owners: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_fees::tables::Deposit>(FEES, FEES.raw())
        .into_iter()
        .map(|d| d.owner)
        .filter(|o| !BOOKED.contains(o))
        .collect();
    let owner = f.pick_from(&owners)?;
    let bal = f.balance(owner);
    let units = f.amount_up_to(bal.min(1_000_000))?;
    step(
        vec![transfer_action(owner, FEES, units, "deposit")],
        format!("{owner} deposits {units}"),
    )
}

fn withdraw_deposit(f: &mut Fuzzer) -> Option<Step> {
    let deposits: Vec<(Name, i64)> = f
        .pool
        .chain
        .rows::<pool_fees::tables::Deposit>(FEES, FEES.raw())
        .into_iter()
        .filter(|d| d.balance.amount > 0)
        .map(|d| (d.owner, d.balance.amount))
        .collect();
    let (owner, held) = f.pick_from(&deposits)?;
    let units = f.amount_up_to(held)?;
    let data = pool_fees::actions::withdraw {
        owner,
        quantity: pool(units),
    };
    step(
        vec![act(FEES, &data, owner)],
        format!("{owner} withdraws {units}"),
    )
}

// --- governance -------------------------------------------------------------------

/// An admin action a proposal could carry, chosen among those the state
/// makes meaningful.
fn admin_action(f: &mut Fuzzer) -> Option<(Action, String)> {
    let members = f.members();
    let cases = f.cases();
    let choice = f.rng.weighted(&[20, 10, 5, 10, 10, 10, 10, 10, 10, 3, 2]);
    let a = match choice {
        0 => {
            let pending: Vec<Name> = members
                .iter()
                .filter(|m| m.status == 0)
                .map(|m| m.account)
                .collect();
            let account = f.pick_from(&pending)?;
            let data = pool_members::actions::approve { account };
            (by_gov(MEMBERS, &data), format!("approve {account}"))
        }
        1 => {
            let arbitrator = f.person();
            let data = pool_charter::actions::appoint { arbitrator };
            (by_gov(CHARTER, &data), format!("appoint {arbitrator}"))
        }
        2 => {
            let arbs: Vec<Name> = f
                .pool
                .chain
                .rows::<pool_charter::tables::Arbitrator>(CHARTER, CHARTER.raw())
                .into_iter()
                .map(|a| a.account)
                .filter(|a| *a != ARBITRATOR)
                .collect();
            let arbitrator = f.pick_from(&arbs)?;
            let data = pool_charter::actions::unappoint { arbitrator };
            (by_gov(CHARTER, &data), format!("unappoint {arbitrator}"))
        }
        3 => {
            let appealed: Vec<u64> = cases
                .iter()
                .filter(|c| c.status == 3)
                .map(|c| c.id)
                .collect();
            let case_id = f.pick_from(&appealed)?;
            let uphold = f.rng.percent(60);
            let data = pool_charter::actions::decide { case_id, uphold };
            (
                by_gov(CHARTER, &data),
                format!("decide case {case_id}: uphold {uphold}"),
            )
        }
        4 => {
            let expel: Vec<u64> = cases
                .iter()
                .filter(|c| (c.status == 2 || c.status == 4) && c.ruling == 4)
                .map(|c| c.id)
                .collect();
            let case_id = f.pick_from(&expel)?;
            let data = pool_charter::actions::ratify { case_id };
            (by_gov(CHARTER, &data), format!("ratify case {case_id}"))
        }
        5 => {
            let endpoint = *f.rng.pick(&[
                name!("regmember"),
                name!("filecase"),
                name!("propose"),
                name!("appeal"),
            ])?;
            let annual = f.rng.percent(30);
            let data = pool_fees::actions::regendpoint { endpoint, annual };
            (by_gov(FEES, &data), format!("register endpoint {endpoint}"))
        }
        6 => {
            let cfg = f
                .pool
                .chain
                .read(|| pool_fees::tables::config(FEES).get())?;
            let min_votes = f.rng.range(1, 4) as u16;
            let data = pool_fees::actions::setconfig {
                min_votes,
                ..fees_setconfig(&cfg)
            };
            (by_gov(FEES, &data), format!("fee min_votes {min_votes}"))
        }
        7 => {
            let quorum = f.rng.range(1, 2) as u8;
            let data = pool_metrics::actions::setquorum { quorum };
            (by_gov(METRICS, &data), format!("metrics quorum {quorum}"))
        }
        8 => {
            let now = f.now();
            let suspended: Vec<Name> = members
                .iter()
                .filter(|m| m.status == 2 && m.suspended_until.secs() > now)
                .map(|m| m.account)
                .collect();
            let account = f.pick_from(&suspended)?;
            let data = pool_members::actions::setstatus {
                account,
                status: 1,
                until: TimePointSec::default(),
                reason: "reinstated".into(),
            };
            (by_gov(MEMBERS, &data), format!("reinstate {account}"))
        }
        9 => {
            let n = f.rng.next_u64() as u8 | 0x80;
            let data = pool_charter::actions::newversion {
                hash: h(n),
                url: format!("https://pool.example/constitution/{n}"),
            };
            (
                by_gov(CHARTER, &data),
                "a new constitution version".to_string(),
            )
        }
        _ => {
            let cfg = f
                .pool
                .chain
                .read(|| pool_rewards::tables::config(REWARDS).get())?;
            let vote_share_bps = f.rng.range(0, 10_000) as u16;
            let data = pool_rewards::actions::setconfig {
                vote_share_bps,
                ..rewards_setconfig(&cfg)
            };
            (
                by_gov(REWARDS, &data),
                format!("vote share {vote_share_bps} bps"),
            )
        }
    };
    Some(a)
}

/// `data` for `contract`, authorized by `pool.gov@active` as every
/// proposal action must be.
fn by_gov<T: ActionData>(contract: Name, data: &T) -> Action {
    data.to_action(contract, vec![PermissionLevel::active(GOV)])
}

fn propose(f: &mut Fuzzer) -> Option<Step> {
    let good = f.good_standing();
    let proposer = f.pick_from(&good)?;
    let (action, what) = admin_action(f)?;
    let next = f
        .pool
        .chain
        .read(|| pool_governance::tables::state(GOV).get())
        .map_or(1, |s| s.next_id);
    let cites = if next > 1 && f.rng.percent(30) {
        vec![f.rng.range(1, next - 1)]
    } else {
        vec![]
    };
    let expires = TimePointSec::from_secs(f.now() + f.rng.range(3600, 7 * 86_400) as u32);
    let data = pool_governance::actions::propose {
        proposer,
        title: what.clone(),
        url: format!("https://pool.example/proposals/{next}.md"),
        hash: pool_testkit::fixtures::sha256(what.as_bytes()),
        actions: vec![action],
        cites,
        expires,
    };
    step(
        vec![act(GOV, &data, proposer)],
        format!("{proposer} proposes #{next}: {what}"),
    )
}

/// A member in good standing votes on an open proposal, usually one it
/// has not voted on yet (or voted on before an amendment), usually yes.
fn gov_vote(f: &mut Fuzzer) -> Option<Step> {
    let open = f.open_proposals();
    let p = f.pick_from(&open)?;
    let good = f.good_standing();
    let voted: Vec<Name> = f
        .pool
        .chain
        .rows::<pool_governance::tables::VoteRow>(GOV, p.id)
        .into_iter()
        .filter(|v| v.content_hash == p.content_hash)
        .map(|v| v.voter)
        .collect();
    let fresh: Vec<Name> = good
        .iter()
        .copied()
        .filter(|m| !voted.contains(m))
        .collect();
    let member = if f.rng.percent(85) && !fresh.is_empty() {
        f.pick_from(&fresh)?
    } else {
        f.pick_from(&good)?
    };
    let vote = [1u8, 0, 2][f.rng.weighted(&[80, 10, 10])];
    let content_hash = if f.rng.percent(95) {
        p.content_hash
    } else {
        Checksum256([1; 32])
    };
    let data = pool_governance::actions::vote {
        member,
        id: p.id,
        vote,
        content_hash,
    };
    step(
        vec![act(GOV, &data, member)],
        format!("{member} votes {vote} on #{}", p.id),
    )
}

/// Anyone executes an open proposal, usually one that passes now.
fn exec(f: &mut Fuzzer) -> Option<Step> {
    let open = f.open_proposals();
    let now = f.now();
    let passing: Vec<u64> = open
        .iter()
        .map(|p| p.id)
        .filter(|id| {
            f.pool.chain.read(|| {
                let rules = pool_governance::tables::config(GOV)
                    .get()
                    .map(|c| c.rules());
                match (rules, pool_governance::views::standing(GOV, *id, now)) {
                    (Some(rules), Some(Ok((_, tally)))) => rules.outcome(&tally).result().is_ok(),
                    _ => false,
                }
            })
        })
        .collect();
    let id = if f.rng.percent(80) && !passing.is_empty() {
        f.pick_from(&passing)?
    } else {
        f.pick_from(&open)?.id
    };
    let executor = f.person();
    let data = pool_governance::actions::exec { executor, id };
    step(
        vec![act(GOV, &data, executor)],
        format!("{executor} executes #{id}"),
    )
}

fn cancel(f: &mut Fuzzer) -> Option<Step> {
    if !f.rng.percent(40) {
        return None;
    }
    let open = f.open_proposals();
    let p = f.pick_from(&open)?;
    let data = pool_governance::actions::cancel {
        proposer: p.proposer,
        id: p.id,
    };
    step(
        vec![act(GOV, &data, p.proposer)],
        format!("{} cancels #{}", p.proposer, p.id),
    )
}

fn amend(f: &mut Fuzzer) -> Option<Step> {
    let open = f.open_proposals();
    let p = f.pick_from(&open)?;
    let expires = TimePointSec::from_secs(f.now() + f.rng.range(3600, 7 * 86_400) as u32);
    let data = pool_governance::actions::amend {
        proposer: p.proposer,
        id: p.id,
        title: format!(
            "{} (amended)",
            p.title.chars().take(200).collect::<String>()
        ),
        url: p.url.clone(),
        hash: p.hash,
        actions: p.actions.clone(),
        cites: p.cites.clone(),
        expires,
    };
    step(
        vec![act(GOV, &data, p.proposer)],
        format!("{} amends #{}", p.proposer, p.id),
    )
}

fn cleanup(f: &mut Fuzzer) -> Option<Step> {
    let by = f.person();
    let max = f.rng.range(1, 30) as u16;
    let data = pool_governance::actions::cleanup { max };
    step(
        vec![act(GOV, &data, by)],
        format!("{by} cleans up {max} rows"),
    )
}
