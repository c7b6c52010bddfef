//! The test bench of the members contract: a chain with pool.token,
//! pool.member and, at the accounts of the contracts members talks to,
//! small test-only contracts standing in for them:
//!
//! - [`constitution_fixture`] at `pool.charter`: writes the constitution
//!   tables (`pool_shared::charter`) that the real charter contract owns,
//!   and sends `setstatus` inline as the charter does for a ruling;
//! - [`fees_fixture`] at `pool.fees`: records `charge` calls (and refuses
//!   one payer), standing in for the fees contract;
//! - [`forwarder`]: forwards every transfer notification it gets to
//!   pool.member (the forged-`to` attack);
//! - [`hostile_payee`]: refuses incoming transfers, or re-enters
//!   `refund` from its notification.
//!
//! They are shared with the other contracts' benches
//! (`pool_testkit::helpers`, `pool_testkit::fixtures`). They are
//! scaffolding for state and calls other contracts own, not replacements
//! of the code under test.

#![allow(dead_code)]

/// `pool(units)` of POOL; `key(n)`, a K1 key that is not the null key.
#[allow(unused_imports)] // governance's bench includes this file
pub use pool_testkit::fixtures::{key, pool};

use antelope_sdk::{name, symbol, ActionData, Asset, Name, PermissionLevel, Symbol, TimePointSec};
use antelope_testchain::{ChainError, TestChain, Trace};
use pool_members::actions;
use pool_members::tables::{Config, Member, Stake, Voter};
use pool_testkit::helpers::permissions::inline;
use std::collections::BTreeMap;

pub const TOKEN: Name = name!("pool.token");
pub const MEMBER: Name = name!("pool.member");
pub const CHARTER: Name = name!("pool.charter");
pub const FEES: Name = name!("pool.fees");
pub const GOV: Name = name!("pool.gov");
pub const FAKE_TOKEN: Name = name!("fake.token");
pub const INLINE: Name = name!("inline");
pub const ACTIVE: Name = name!("active");

pub const ALICE: Name = name!("alice");
pub const BOB: Name = name!("bob");
pub const CAROL: Name = name!("carol");
pub const DAVE: Name = name!("dave");
pub const PROD1: Name = name!("prod1");
pub const PROD2: Name = name!("prod2");
pub const PROD3: Name = name!("prod3");
pub const PROD4: Name = name!("prod4");
pub const PROD5: Name = name!("prod5");

pub const HOLDERS: [Name; 4] = [ALICE, BOB, CAROL, DAVE];
pub const PRODUCERS: [Name; 5] = [PROD1, PROD2, PROD3, PROD4, PROD5];

pub const SYM: Symbol = symbol!("4,POOL");
/// The refund delay the bench configures: three days.
pub const REFUND_DELAY: u32 = 3 * 24 * 3600;

pub fn a(s: &str) -> Asset {
    Asset::try_from_str(s).expect("test asset literal")
}

pub fn url(account: Name) -> String {
    format!("https://{account}.example")
}

/// Forwards transfer notifications to pool.member ([`Tester::bare`] sets
/// its target).
pub use pool_testkit::fixtures::forwarder;
/// The constitution stand-in at `pool.charter` (publish, sign, grace
/// period, a ruling's inline `setstatus`).
pub use pool_testkit::helpers::constitution as constitution_fixture;
/// The fees stand-in at `pool.fees` (records `charge`, refuses `broke`).
pub use pool_testkit::helpers::fees as fees_fixture;
/// A payee refusing, or re-entering `refund` on, a refund from
/// pool.member ([`Tester::bare`] configures it).
pub use pool_testkit::helpers::payee as hostile_payee;
pub use pool_testkit::helpers::token::TokenBench;

/// Every row the members contract holds and every stake-token balance:
/// to check that a rejected or ignored action changed nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub config: Vec<Config>,
    pub members: Vec<Member>,
    pub stakes: Vec<Stake>,
    pub voters: Vec<Voter>,
    pub balances: Vec<(Name, i64)>,
}

pub struct Tester {
    pub chain: TestChain,
}

impl TokenBench for Tester {
    fn chain(&mut self) -> &mut TestChain {
        &mut self.chain
    }
}

impl Tester {
    /// Deployed, permissions set, token created and distributed; the
    /// members contract not configured, no constitution published.
    pub fn bare() -> Self {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.deploy(MEMBER, pool_members::apply);
        chain.deploy(CHARTER, constitution_fixture::apply);
        chain.deploy(FEES, fees_fixture::apply);
        // A copy of the token contract under another account.
        chain.deploy(FAKE_TOKEN, pool_token::apply);
        chain.create_accounts(&[GOV]);
        chain.create_accounts(&HOLDERS);
        chain.create_accounts(&PRODUCERS);

        // pool.member@inline: child of active, only pool.member@eosio.code,
        // linked to the two actions the contract sends.
        inline(
            &mut chain,
            MEMBER,
            &[(TOKEN, name!("transfer")), (FEES, name!("charge"))],
        );
        // The fee hook charges only a listed caller for a listed endpoint.
        fees_fixture::list_fee(&mut chain, FEES, MEMBER, name!("regmember"));
        // pool.charter@inline, linked to setstatus (what the charter sends).
        inline(&mut chain, CHARTER, &[(MEMBER, name!("setstatus"))]);
        forwarder::TARGET.with(|t| t.set(MEMBER));
        hostile_payee::configure(MEMBER, |payee, _| {
            pool_members::actions::refund { owner: payee }
                .send(MEMBER, vec![PermissionLevel::active(payee)]);
        });

        let mut t = Tester { chain };
        t.token_create(TOKEN, "1000000000.0000 POOL");
        t.token_issue(TOKEN, "1000000.0000 POOL");
        for who in HOLDERS.iter().chain(PRODUCERS.iter()) {
            t.transfer(TOKEN, *who, "10000.0000 POOL", "").unwrap();
        }
        t
    }

    /// [`Tester::bare`], configured by pool.member (no governance yet, no
    /// fees, no auto-approval), constitution v1 published and signed by
    /// every producer.
    pub fn new() -> Self {
        let mut t = Self::bare();
        t.setconfig_as(MEMBER, t.config_args()).unwrap();
        t.publish(1);
        for p in PRODUCERS {
            t.sign(p, 1);
        }
        t
    }

    /// [`Tester::new`] with prod1..prod5 registered and approved.
    pub fn with_producers() -> Self {
        let mut t = Self::new();
        for p in PRODUCERS {
            t.register_active(p);
        }
        t
    }

    /// The bench's configuration.
    pub fn config_args(&self) -> actions::setconfig {
        actions::setconfig {
            governance: Name::EMPTY,
            token_contract: TOKEN,
            stake_symbol: SYM,
            charter: CHARTER,
            fees: Name::EMPTY,
            auto_approve: false,
            refund_delay_sec: REFUND_DELAY,
        }
    }

    pub fn now_sec(&self) -> u32 {
        self.chain.now().to_sec().secs()
    }

    // ---- constitution fixture ------------------------------------------

    pub fn publish(&mut self, version: u64) {
        constitution_fixture::publish_v(&mut self.chain, CHARTER, version);
    }

    pub fn sign(&mut self, account: Name, version: u64) {
        constitution_fixture::sign_v(&mut self.chain, CHARTER, account, version);
    }

    pub fn set_grace(&mut self, grace_period_sec: u32) {
        constitution_fixture::set_grace(&mut self.chain, CHARTER, grace_period_sec);
    }

    /// The charter enforces a ruling: `setstatus` inline with
    /// `pool.charter@inline`.
    pub fn enforce(&mut self, account: Name, status: u8, until: u32) -> Result<Trace, ChainError> {
        constitution_fixture::enforce_ruling(&mut self.chain, CHARTER, account, status, until)
    }

    // ---- members actions -------------------------------------------------

    pub fn setconfig_as(
        &mut self,
        signer: Name,
        data: actions::setconfig,
    ) -> Result<Trace, ChainError> {
        self.chain.push_action_as(MEMBER, &data, signer)
    }

    pub fn regmember(&mut self, account: Name) -> Result<Trace, ChainError> {
        let data = actions::regmember {
            account,
            url: url(account),
            location: 840,
            producer_key: key(1),
        };
        self.chain.push_action_as(MEMBER, &data, account)
    }

    /// Registers and approves `account` (which must have signed).
    pub fn register_active(&mut self, account: Name) {
        self.regmember(account).unwrap();
        self.approve(account).unwrap();
    }

    /// The admin before governance is handed over: pool.member.
    pub fn approve(&mut self, account: Name) -> Result<Trace, ChainError> {
        self.approve_as(MEMBER, account)
    }

    pub fn approve_as(&mut self, signer: Name, account: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(MEMBER, &actions::approve { account }, signer)
    }

    pub fn setstatus_as(
        &mut self,
        signer: Name,
        account: Name,
        status: u8,
        until: u32,
        reason: &str,
    ) -> Result<Trace, ChainError> {
        let data = actions::setstatus {
            account,
            status,
            until: TimePointSec::from_secs(until),
            reason: reason.into(),
        };
        self.chain.push_action_as(MEMBER, &data, signer)
    }

    /// Governance (pool.member as admin) suspends `account` for `secs`.
    pub fn suspend(&mut self, account: Name, secs: u32) -> Result<Trace, ChainError> {
        let until = self.now_sec() + secs;
        self.setstatus_as(MEMBER, account, 2, until, "missed too many slots")
    }

    pub fn endsuspend(&mut self, account: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(MEMBER, &actions::endsuspend { account }, ALICE)
    }

    pub fn resign(&mut self, account: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(MEMBER, &actions::resign { account }, account)
    }

    pub fn openstake(&mut self, owner: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(MEMBER, &actions::openstake { owner }, owner)
    }

    /// Stakes by transfer to pool.member.
    pub fn stake(&mut self, owner: Name, quantity: &str) -> Result<Trace, ChainError> {
        self.transfer(owner, MEMBER, quantity, "stake")
    }

    /// openstake + stake, both expected to succeed.
    pub fn open_and_stake(&mut self, owner: Name, quantity: &str) {
        self.openstake(owner).unwrap();
        self.stake(owner, quantity).unwrap();
    }

    pub fn unstake(&mut self, owner: Name, quantity: &str) -> Result<Trace, ChainError> {
        let data = actions::unstake {
            owner,
            quantity: a(quantity),
        };
        self.chain.push_action_as(MEMBER, &data, owner)
    }

    pub fn refund_as(&mut self, signer: Name, owner: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(MEMBER, &actions::refund { owner }, signer)
    }

    pub fn vote(&mut self, voter: Name, producers: &[Name]) -> Result<Trace, ChainError> {
        let data = actions::vote {
            voter,
            producers: producers.to_vec(),
        };
        self.chain.push_action_as(MEMBER, &data, voter)
    }

    // ---- reads -------------------------------------------------------------

    pub fn config(&mut self) -> Option<Config> {
        self.chain
            .read(|| pool_members::tables::config(MEMBER).get())
    }

    pub fn member(&mut self, account: Name) -> Option<Member> {
        self.chain
            .read(|| pool_members::views::member(MEMBER, account))
    }

    pub fn status(&mut self, account: Name) -> u8 {
        self.member(account).expect("a member row").status
    }

    pub fn total_votes(&mut self, account: Name) -> u64 {
        self.member(account).expect("a member row").total_votes
    }

    pub fn stake_row(&mut self, owner: Name) -> Option<Stake> {
        self.chain.row::<Stake>(MEMBER, MEMBER.raw(), owner.raw())
    }

    pub fn voter(&mut self, voter: Name) -> Option<Voter> {
        self.chain.row::<Voter>(MEMBER, MEMBER.raw(), voter.raw())
    }

    pub fn ranking(&mut self, limit: usize) -> Vec<(Name, u64)> {
        self.chain
            .read(|| pool_members::views::ranking(MEMBER, limit))
    }

    pub fn in_good_standing(&mut self, account: Name) -> bool {
        let now = self.now_sec();
        self.chain
            .read(|| pool_members::views::in_good_standing(MEMBER, account, now))
    }

    /// The `byvotes` index, in index order: (key, account).
    pub fn byvotes(&mut self) -> Vec<(u64, Name)> {
        self.chain.read(|| {
            pool_members::tables::members(MEMBER)
                .index(pool_members::tables::BY_VOTES)
                .iter()
                .map(|m| (m.ranking_key(), m.account))
                .collect()
        })
    }

    pub fn state(&mut self) -> State {
        let scope = MEMBER.raw();
        let mut balances = Vec::new();
        for who in [MEMBER, TOKEN]
            .iter()
            .chain(HOLDERS.iter())
            .chain(PRODUCERS.iter())
        {
            let b = self.balance(*who);
            balances.push((*who, b));
        }
        State {
            config: self.chain.rows(MEMBER, scope),
            members: self.chain.rows(MEMBER, scope),
            stakes: self.chain.rows(MEMBER, scope),
            voters: self.chain.rows(MEMBER, scope),
            balances,
        }
    }

    /// The contract's invariants (see its crate documentation).
    #[track_caller]
    pub fn assert_invariants(&mut self) {
        let state = self.state();
        let held: i64 = state
            .stakes
            .iter()
            .map(|s| s.staked.amount + s.unstaking.amount)
            .sum();
        assert_eq!(
            self.balance(MEMBER),
            held,
            "token balance of pool.member != sum of staked + unstaking"
        );
        let mut expected: BTreeMap<Name, u64> = BTreeMap::new();
        for v in &state.voters {
            let staked = state
                .stakes
                .iter()
                .find(|s| s.owner == v.voter)
                .map_or(0, |s| s.staked.amount as u64);
            assert_eq!(v.weight, staked, "weight of {} != its stake", v.voter);
            assert!(v.producers.len() <= 30);
            for p in &v.producers {
                *expected.entry(*p).or_insert(0) += v.weight;
            }
        }
        for m in &state.members {
            assert_eq!(
                m.total_votes,
                expected.get(&m.account).copied().unwrap_or(0),
                "total votes of {} != sum of its voters' weights",
                m.account
            );
        }
        for p in expected.keys() {
            assert!(
                state.members.iter().any(|m| m.account == *p),
                "a vote for {p}, who has no member row"
            );
        }
        // The ranking is the active members with votes, by votes.
        let mut ranked: Vec<(Name, u64)> = state
            .members
            .iter()
            .filter(|m| m.status == 1 && m.total_votes > 0)
            .map(|m| (m.account, m.total_votes))
            .collect();
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then(y.0.cmp(&x.0)));
        assert_eq!(self.ranking(1000), ranked);
        for (k, account) in self.byvotes() {
            let m = state.members.iter().find(|m| m.account == account).unwrap();
            assert_eq!(k, if m.status == 1 { m.total_votes } else { 0 });
        }
    }
}
