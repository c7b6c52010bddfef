//! The test bench of the rewards contract: one chain with the real
//! pool.token, pool.member, pool.charter, pool.metrics and pool.reward,
//! deployed and permissioned as `scripts/bootstrap.sh` does, plus small
//! test-only contracts for the attacks:
//!
//! - [`hostile_payee`]: deployed on a member's account, refuses every
//!   incoming transfer (the push-payment denial of service);
//! - [`forwarder`]: forwards every transfer notification it gets to
//!   pool.reward (the forged-`to` attack);
//! - [`tamperer`]: deployed over pool.reward for one transaction, bends
//!   its books by one unit (to see `audit` catch it).
//!
//! The payee, the forwarder, the token helpers and the inline-permission
//! set-up are shared with the other contracts' benches
//! (`pool_testkit::helpers`, `pool_testkit::fixtures`).
//!
//! Days are shortened to one hour ([`DAY`]); the metrics contract uses
//! one window per day, and the claim window is one day, as by default.

#![allow(dead_code)]

/// `pool(units)` of POOL; `key(n)`, a K1 key that is not the null key.
pub use pool_testkit::fixtures::{key, pool};

use antelope_sdk::{
    name, symbol, ActionData, Asset, Checksum256, Name, PermissionLevel, Symbol, TimePoint,
    TimePointSec,
};
use antelope_testchain::{ChainError, TestChain, Trace};
use pool_rewards::actions;
use pool_rewards::tables::{Allocation, AnnualSchedule, Config, Snapshot, State};
use pool_testkit::helpers::members;
use pool_testkit::helpers::permissions::inline;

pub const TOKEN: Name = name!("pool.token");
pub const MEMBER: Name = name!("pool.member");
pub const CHARTER: Name = name!("pool.charter");
pub const METRICS: Name = name!("pool.metrics");
pub const REWARDS: Name = name!("pool.reward");
pub const GOV: Name = name!("pool.gov");
pub const INFRA: Name = name!("pool.infra");
pub const EMITTER: Name = name!("emitter1");
pub const ARB: Name = name!("arb1");
pub const FAKE_TOKEN: Name = name!("fake.token");
/// Pays income (the fees contract's role) and holds most tokens.
pub const PAYER: Name = name!("payer");
/// An account that is nothing in the pool.
pub const ALICE: Name = name!("alice");
pub const INLINE: Name = name!("inline");
pub const ACTIVE: Name = name!("active");

pub const SYM: Symbol = symbol!("4,POOL");
/// The bench's day: one hour.
pub const DAY: u32 = 3600;
/// Slots of a day's window (two per second).
pub const SLOTS: u32 = 2 * DAY;
/// The charter's appeal window in the bench.
pub const APPEAL_WINDOW: u32 = 60;

pub fn a(s: &str) -> Asset {
    Asset::try_from_str(s).expect("test asset literal")
}

/// `prefix` followed by two letters for `i` (< 676): `prodaa`, `prodab`...
pub fn nth(prefix: &str, i: usize) -> Name {
    assert!(i < 26 * 26);
    let s = format!(
        "{prefix}{}{}",
        (b'a' + (i / 26) as u8) as char,
        (b'a' + (i % 26) as u8) as char
    );
    Name::try_from_str(&s).unwrap()
}

/// The `i`-th producer of a generated pool.
pub fn producer(i: usize) -> Name {
    nth("prod", i)
}

/// The `i`-th token holder of a generated pool.
pub fn holder(i: usize) -> Name {
    nth("hold", i)
}

/// Constitution text hashes (stand-ins for `sha256sum` output).
pub fn h(n: u8) -> Checksum256 {
    Checksum256([n; 32])
}

/// Forwards transfer notifications to pool.reward ([`Tester::bare`] sets
/// its target).
pub use pool_testkit::fixtures::forwarder;
/// A payee refusing, or re-entering `claim` on, a payment from
/// pool.reward ([`Tester::bare`] configures it).
pub use pool_testkit::helpers::payee as hostile_payee;
pub use pool_testkit::helpers::token::TokenBench;

pub mod tamperer {
    //! Deployed over pool.reward for one transaction, bends its books by
    //! one unit: `what` 0 adds to the open day's pool (no token behind
    //! it), 1 to the annual rate and its schedule (the remainder no longer
    //! matches), 2 to the first allocation row (the rows no longer sum to
    //! `unclaimed`).

    use antelope_sdk::{action, Context, SAME_PAYER};

    #[action]
    pub fn bend(ctx: &Context, what: u8) {
        let table = pool_rewards::tables::state(ctx.receiver);
        let mut s = table.get().unwrap();
        match what {
            0 => s.pool += 1,
            1 => {
                s.annual_rate += 1;
                let annual = pool_rewards::tables::annual(ctx.receiver);
                let mut schedule = annual.get().unwrap();
                schedule.ends[0] += 1;
                annual.set(ctx.receiver, schedule);
            }
            _ => {
                let allocs = pool_rewards::tables::allocs(ctx.receiver);
                let mut row = allocs.iter().next().unwrap();
                allocs.modify(&mut row, SAME_PAYER, |r| r.amount += 1);
            }
        }
        table.set(ctx.receiver, s);
    }

    antelope_sdk::contract! {
        actions: [bend],
        notifications: [],
        tables: [],
        ricardian: "",
    }
}

/// Everything the rewards contract holds, and its token balance: to check
/// that a rejected or ignored action changed nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Books {
    pub config: Option<Config>,
    pub state: Option<State>,
    pub annual: Option<AnnualSchedule>,
    pub snapshots: Vec<Snapshot>,
    pub allocs: Vec<Allocation>,
    pub balance: i64,
    pub ram: i64,
}

pub struct Tester {
    pub chain: TestChain,
    /// The emitter's last report seq.
    pub seq: u64,
    /// The last day the emitter reported.
    pub reported: Option<u64>,
    /// Holders created so far (one per `set_votes` target).
    pub holders: usize,
}

impl TokenBench for Tester {
    fn chain(&mut self) -> &mut TestChain {
        &mut self.chain
    }
}

impl Tester {
    /// Every contract deployed and permissioned; the token issued to
    /// PAYER; members (auto-approve), charter (version 1, rewards =
    /// pool.reward, arb1) and metrics (one window per day, emitter1)
    /// configured; the rewards contract NOT configured.
    pub fn bare() -> Self {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.deploy(MEMBER, pool_members::apply);
        chain.deploy(CHARTER, pool_charter::apply);
        chain.deploy(METRICS, pool_metrics::apply);
        chain.deploy(REWARDS, pool_rewards::apply);
        chain.deploy(FAKE_TOKEN, pool_token::apply);
        chain.create_accounts(&[GOV, INFRA, EMITTER, ARB, PAYER, ALICE]);

        // <contract>@inline: child of active, only <contract>@eosio.code,
        // linked to exactly what the contract sends (INLINE_LINKS).
        inline(&mut chain, REWARDS, &[(TOKEN, name!("transfer"))]);
        inline(&mut chain, MEMBER, &[(TOKEN, name!("transfer"))]);
        inline(
            &mut chain,
            CHARTER,
            &[(MEMBER, name!("setstatus")), (REWARDS, name!("forfeit"))],
        );
        forwarder::TARGET.with(|t| t.set(REWARDS));
        hostile_payee::configure(REWARDS, |payee, _| {
            pool_rewards::actions::claim { member: payee }
                .send(REWARDS, vec![PermissionLevel::active(payee)]);
        });

        let mut t = Tester {
            chain,
            seq: 0,
            reported: None,
            holders: 0,
        };
        t.token_create(TOKEN, "1000000000.0000 POOL");
        t.token_issue(TOKEN, "1000000000.0000 POOL");
        t.transfer(TOKEN, PAYER, "900000000.0000 POOL", "").unwrap();
        t.transfer(TOKEN, INFRA, "1.0000 POOL", "").unwrap();
        members::configure(&mut t.chain, DAY).unwrap();
        t.push(
            CHARTER,
            &pool_charter::actions::setconfig {
                governance: Name::EMPTY,
                members: MEMBER,
                rewards: REWARDS,
                fees: Name::EMPTY,
                appeal_window_sec: APPEAL_WINDOW,
                max_open_cases: 10,
                grace_period_sec: DAY,
            },
            CHARTER,
        )
        .unwrap();
        t.push(
            CHARTER,
            &pool_charter::actions::newversion {
                hash: h(1),
                url: "https://pool.example/constitution/v1".into(),
            },
            CHARTER,
        )
        .unwrap();
        t.push(
            CHARTER,
            &pool_charter::actions::appoint { arbitrator: ARB },
            CHARTER,
        )
        .unwrap();
        let genesis = TimePointSec::from_secs(t.day_start(t.today()));
        t.push(
            METRICS,
            &pool_metrics::actions::setconfig {
                governance: Name::EMPTY,
                members: MEMBER,
                quorum: 1,
                window_sec: DAY,
                day_sec: DAY,
                max_batch: 1000,
                retention_sec: 30 * DAY,
                genesis,
            },
            METRICS,
        )
        .unwrap();
        t.push(
            METRICS,
            &pool_metrics::actions::regemitter { emitter: EMITTER },
            METRICS,
        )
        .unwrap();
        t
    }

    /// [`Tester::bare`] with the rewards contract configured by
    /// pool.reward with the brief's defaults (and the bench's day).
    pub fn new() -> Self {
        let mut t = Self::bare();
        let args = t.config_args();
        t.setconfig_as(REWARDS, args).unwrap();
        t
    }

    /// [`Tester::new`] with `members` registered and voted for with the
    /// given votes (in units of stake), in good standing.
    pub fn with_members(members: &[(Name, u64)]) -> Self {
        let mut t = Self::new();
        let names: Vec<Name> = members.iter().map(|(m, _)| *m).collect();
        t.add_members(&names);
        t.set_votes(members);
        t
    }

    /// The brief's defaults, with the bench's day and claim window.
    pub fn config_args(&self) -> actions::setconfig {
        actions::setconfig {
            governance: Name::EMPTY,
            token_contract: TOKEN,
            symbol: SYM,
            members: MEMBER,
            metrics: METRICS,
            charter: CHARTER,
            infra_account: INFRA,
            paid: 42,
            scheduled: 21,
            vote_share_bps: 6000,
            infra_share_bps: 500,
            min_availability_bps: 5000,
            claim_window_sec: DAY,
            day_sec: DAY,
            max_days_per_rollover: 7,
            max_sweep: 100,
        }
    }

    #[track_caller]
    pub fn push<T: antelope_sdk::ActionData>(
        &mut self,
        contract: Name,
        data: &T,
        signer: Name,
    ) -> Result<Trace, ChainError> {
        self.chain.push_action_as(contract, data, signer)
    }

    // ---- time --------------------------------------------------------------

    pub fn now_sec(&self) -> u32 {
        self.chain.now().to_sec().secs()
    }

    /// The day the clock is in.
    pub fn today(&self) -> u64 {
        u64::from(self.now_sec() / DAY)
    }

    pub fn day_start(&self, day: u64) -> u32 {
        (day * u64::from(DAY)) as u32
    }

    /// Moves the clock to `offset` seconds into day `day`.
    pub fn set_clock(&mut self, day: u64, offset: u32) {
        let t = self.day_start(day) + offset;
        assert!(t >= self.now_sec(), "time only moves forward");
        self.chain
            .set_time(TimePoint::from_micros(i64::from(t) * 1_000_000));
    }

    /// Moves the clock to `offset` seconds into the next day.
    pub fn next_day(&mut self, offset: u32) {
        let d = self.today() + 1;
        self.set_clock(d, offset);
    }

    // ---- token -------------------------------------------------------------

    /// PAYER sends `units` of income with `memo` (`annual` or anything).
    pub fn income(&mut self, units: i64, memo: &str) -> Result<Trace, ChainError> {
        self.transfer_at(TOKEN, PAYER, REWARDS, pool(units), memo)
    }

    // ---- members -----------------------------------------------------------

    /// Signs the constitution, registers (active at once), and gets a
    /// token balance row, for each account.
    pub fn add_members(&mut self, accounts: &[Name]) {
        for (i, m) in accounts.iter().enumerate() {
            if !self.chain.account_exists(*m) {
                self.chain.create_account(*m);
            }
            self.push(
                CHARTER,
                &pool_charter::actions::sign {
                    account: *m,
                    hash: h(1),
                },
                *m,
            )
            .unwrap();
            self.push(
                MEMBER,
                &pool_members::actions::regmember {
                    account: *m,
                    url: format!("https://{m}.example"),
                    location: 840,
                    producer_key: key(i as u8 + 1),
                },
                *m,
            )
            .unwrap();
            self.transfer(PAYER, *m, "1.0000 POOL", "").unwrap();
        }
    }

    /// A new holder stakes `votes` units and votes for `members`.
    pub fn stake_and_vote(&mut self, votes: u64, members: &[Name]) -> Name {
        let holder = holder(self.holders);
        self.holders += 1;
        self.chain.create_account(holder);
        self.transfer_at(TOKEN, PAYER, holder, pool(votes as i64), "")
            .unwrap();
        self.push(
            MEMBER,
            &pool_members::actions::openstake { owner: holder },
            holder,
        )
        .unwrap();
        self.transfer_at(TOKEN, holder, MEMBER, pool(votes as i64), "stake")
            .unwrap();
        self.push(
            MEMBER,
            &pool_members::actions::vote {
                voter: holder,
                producers: members.to_vec(),
            },
            holder,
        )
        .unwrap();
        holder
    }

    /// One new holder per member, staking exactly its votes.
    pub fn set_votes(&mut self, votes: &[(Name, u64)]) {
        for (m, v) in votes {
            if *v > 0 {
                self.stake_and_vote(*v, &[*m]);
            }
        }
    }

    /// Governance (pool.member, its admin) suspends `account` for `secs`.
    pub fn suspend(&mut self, account: Name, secs: u32) {
        let until = TimePointSec::from_secs(self.now_sec() + secs);
        self.push(
            MEMBER,
            &pool_members::actions::setstatus {
                account,
                status: 2,
                until,
                reason: "test".into(),
            },
            MEMBER,
        )
        .unwrap();
    }

    pub fn ranking(&mut self, limit: usize) -> Vec<(Name, u64)> {
        self.chain
            .read(|| pool_members::views::ranking(MEMBER, limit))
    }

    // ---- metrics -----------------------------------------------------------

    /// The emitter reports day `day`'s window: each (member, availability
    /// in bps) proposed in that share of its slots. Days since its last
    /// report are reported empty first (the emitter observed nothing:
    /// outage days). The clock must be past the day.
    pub fn report_day(&mut self, day: u64, availability: &[(Name, u32)]) {
        let first = self.reported.map_or(day, |d| d + 1);
        assert!(first <= day, "day {day} already reported");
        for d in first..=day {
            let entries = if d == day {
                availability
                    .iter()
                    .map(|(m, bps)| pool_metrics::MetricEntry {
                        member: *m,
                        slots: SLOTS,
                        proposed: (u64::from(SLOTS) * u64::from(*bps) / 10_000) as u32,
                        selected: 0,
                        late: 0,
                        latency_ms: 0,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            self.seq += 1;
            let data = pool_metrics::actions::report {
                emitter: EMITTER,
                seq: self.seq,
                start: TimePointSec::from_secs(self.day_start(d)),
                end: TimePointSec::from_secs(self.day_start(d + 1)),
                entries,
            };
            self.push(METRICS, &data, EMITTER).unwrap();
        }
        self.reported = Some(day);
    }

    pub fn availability(&mut self, day: u64, member: Name) -> Option<u32> {
        self.chain
            .read(|| pool_metrics::views::availability_bps(METRICS, day, member))
    }

    // ---- rewards actions ----------------------------------------------------

    pub fn setconfig_as(
        &mut self,
        signer: Name,
        data: actions::setconfig,
    ) -> Result<Trace, ChainError> {
        self.push(REWARDS, &data, signer)
    }

    pub fn rollover(&mut self) -> Result<Trace, ChainError> {
        self.push(REWARDS, &actions::rollover {}, ALICE)
    }

    pub fn claim(&mut self, member: Name) -> Result<Trace, ChainError> {
        self.push(REWARDS, &actions::claim { member }, member)
    }

    pub fn sweep(&mut self, max: u16) -> Result<Trace, ChainError> {
        self.push(REWARDS, &actions::sweep { max }, ALICE)
    }

    /// pool.charter (its active authority) forfeits directly.
    pub fn forfeit_as(&mut self, signer: Name, member: Name) -> Result<Trace, ChainError> {
        self.push(REWARDS, &actions::forfeit { member }, signer)
    }

    pub fn infraclaim(&mut self, units: i64) -> Result<Trace, ChainError> {
        self.push(
            REWARDS,
            &actions::infraclaim {
                quantity: pool(units),
            },
            INFRA,
        )
    }

    pub fn audit(&mut self) -> Result<Trace, ChainError> {
        self.push(REWARDS, &actions::audit {}, ALICE)
    }

    /// A forfeiture ruling against `respondent`, as the charter enforces
    /// it: `claimant` files, arb1 takes and rules forfeit, the appeal
    /// window passes, anyone enforces (the charter sends `forfeit` inline
    /// with pool.charter@inline).
    pub fn forfeit_by_ruling(
        &mut self,
        claimant: Name,
        respondent: Name,
    ) -> Result<Trace, ChainError> {
        self.push(
            CHARTER,
            &pool_charter::actions::filecase {
                claimant,
                respondent,
                category: 1,
                summary_url: "https://pool.example/cases/1".into(),
                summary_hash: h(0xab),
                report_emitter: Name::EMPTY,
                report_seq: 0,
            },
            claimant,
        )
        .unwrap();
        let case_id = self
            .chain
            .read(|| {
                pool_charter::tables::cases(CHARTER)
                    .rev_iter()
                    .next()
                    .map(|c| c.id)
            })
            .unwrap();
        self.push(
            CHARTER,
            &pool_charter::actions::takecase {
                arbitrator: ARB,
                case_id,
            },
            ARB,
        )
        .unwrap();
        self.push(
            CHARTER,
            &pool_charter::actions::rule {
                arbitrator: ARB,
                case_id,
                ruling: pool_core::cases::Ruling::FORFEIT,
                suspend_days: 0,
                reason_url: "https://pool.example/cases/1/ruling".into(),
            },
            ARB,
        )
        .unwrap();
        self.chain.advance_time(APPEAL_WINDOW);
        self.push(CHARTER, &pool_charter::actions::enforce { case_id }, ALICE)
    }

    // ---- reads ------------------------------------------------------------------

    pub fn config(&mut self) -> Option<Config> {
        self.chain
            .read(|| pool_rewards::tables::config(REWARDS).get())
    }

    pub fn state(&mut self) -> State {
        self.chain
            .read(|| pool_rewards::tables::state(REWARDS).get())
            .expect("the rewards contract is configured")
    }

    pub fn schedule(&mut self) -> Vec<u64> {
        self.chain
            .read(|| pool_rewards::tables::annual(REWARDS).get())
            .expect("the rewards contract is configured")
            .ends
    }

    pub fn snapshot(&mut self, day: u64) -> Option<Snapshot> {
        self.chain
            .read(|| pool_rewards::views::snapshot(REWARDS, day))
    }

    pub fn snapshots(&mut self) -> Vec<Snapshot> {
        self.chain.rows(REWARDS, REWARDS.raw())
    }

    pub fn allocs(&mut self) -> Vec<Allocation> {
        self.chain.rows(REWARDS, REWARDS.raw())
    }

    /// `member`'s allocations: (day, amount).
    pub fn allocs_of(&mut self, member: Name) -> Vec<(u64, u64)> {
        self.chain
            .read(|| pool_rewards::views::allocations_of(REWARDS, member))
            .into_iter()
            .map(|(d, amount, _)| (d, amount))
            .collect()
    }

    pub fn claimable(&mut self, member: Name) -> u64 {
        let now = self.now_sec();
        self.chain
            .read(|| pool_rewards::views::claimable(REWARDS, member, now))
    }

    pub fn books(&mut self) -> Books {
        let scope = REWARDS.raw();
        Books {
            config: self.config(),
            state: self
                .chain
                .read(|| pool_rewards::tables::state(REWARDS).get()),
            annual: self
                .chain
                .read(|| pool_rewards::tables::annual(REWARDS).get()),
            snapshots: self.chain.rows(REWARDS, scope),
            allocs: self.chain.rows(REWARDS, scope),
            balance: self.balance(REWARDS),
            ram: self.chain.ram_usage(REWARDS),
        }
    }

    /// The conservation invariant, checked natively and by the contract's
    /// own `audit`: balance == pool + annual remainder + unclaimed +
    /// infrastructure; allocation rows sum to unclaimed; the schedule sums
    /// to the rate and will release exactly the annual remainder.
    #[track_caller]
    pub fn assert_books(&mut self) {
        let s = self.state();
        let balance = self.balance(REWARDS) as u64;
        assert_eq!(
            balance,
            s.pool + s.annual_pending + s.unclaimed + s.infra,
            "balance != pool + annual remainder + unclaimed + infrastructure: {s:?}"
        );
        let rows: u64 = self.allocs().iter().map(|r| r.amount).sum();
        assert_eq!(rows, s.unclaimed, "allocation rows != unclaimed");
        let ends = self.schedule();
        assert_eq!(ends.len(), 365);
        assert_eq!(ends.iter().sum::<u64>(), s.annual_rate);
        assert_eq!(
            pool_core::rewards::schedule_pending(s.day, s.annual_rate, &ends),
            Some(s.annual_pending)
        );
        let trace = self.audit().expect("audit passes");
        assert!(trace.actions[0].console.ends_with(" ok"));
    }
}

/// The inline transfers of a trace: (from, to, amount, memo).
pub fn transfers(trace: &Trace) -> Vec<(Name, Name, i64, String)> {
    trace
        .inline_actions()
        .filter(|a| a.account == TOKEN && a.name == name!("transfer"))
        .map(|a| {
            let t: pool_token::actions::transfer = a.data_as().unwrap();
            (t.from, t.to, t.quantity.amount, t.memo)
        })
        .collect()
}

/// The authorization of the rewards contract's inline transfers.
pub fn reward_inline() -> Vec<PermissionLevel> {
    vec![PermissionLevel::new(REWARDS, INLINE)]
}
