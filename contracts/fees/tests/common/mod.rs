//! The test bench of the fees contract: one chain with the real pool.token,
//! pool.member and pool.fees, plus one small test-only contract at the
//! account of a contract the bench does not deploy:
//!
//! - [`constitution_fixture`] at `pool.charter`: writes the constitution
//!   tables (`pool_shared::charter`) that the real charter contract owns,
//!   so that producers can register and stay in good standing;
//! - [`forwarder`]: forwards every transfer notification it gets to
//!   pool.fees (the forged-`to` attack).
//!
//! The stand-ins are shared with the other contracts' benches
//! (`pool_testkit::helpers`, `pool_testkit::fixtures`).
//!
//! Accounts: `pool.reward` (a plain account with a balance row: the
//! rewards contract does not exist yet, any account receives the fees),
//! `dac.app` (a plain account standing in for a DAC contract: it pushes
//! `charge` itself with its active authority), producers `bpa`, `bpb`,
//! ... each voted for by its own holder (`holdera` stakes 100 POOL for
//! `bpa`, `holderb` 99 for `bpb`, ...), so the ranking is `bpa` first.
//!
//! Permissions as deployed: `pool.fees@inline` is a child of `active`
//! holding only `pool.fees@eosio.code`, linked to `pool.token::transfer`;
//! `pool.member@inline` likewise, linked to `pool.token::transfer` and
//! `pool.fees::charge`.

#![allow(dead_code)]

/// `pool(units)` of POOL; `key(n)`, a K1 key that is not the null key.
pub use pool_testkit::fixtures::{key, pool};

use antelope_sdk::{name, symbol, ActionData, Asset, Name, PermissionLevel, Symbol};
use antelope_testchain::{ChainError, TestChain, Trace};
use pool_fees::actions;
use pool_fees::tables::{
    Bundle, BundleVote, Caller, Config, Deposit, Endpoint, FeeMult, FeeVote, State,
};
use pool_testkit::helpers::members;
use pool_testkit::helpers::permissions::inline;

pub const TOKEN: Name = name!("pool.token");
pub const MEMBER: Name = name!("pool.member");
pub const CHARTER: Name = name!("pool.charter");
pub const FEES: Name = name!("pool.fees");
pub const REWARDS: Name = name!("pool.reward");
pub const GOV: Name = name!("pool.gov");
pub const CALLER: Name = name!("dac.app");
pub const FAKE_TOKEN: Name = name!("fake.token");
pub const INLINE: Name = name!("inline");
pub const ACTIVE: Name = name!("active");

pub const ALICE: Name = name!("alice");
pub const BOB: Name = name!("bob");
pub const CAROL: Name = name!("carol");
pub const USERS: [Name; 3] = [ALICE, BOB, CAROL];

pub const REGMEMBER: Name = name!("regmember");
pub const FILECASE: Name = name!("filecase");
pub const PROPOSE: Name = name!("propose");

pub const SYM: Symbol = symbol!("4,POOL");
/// 1.0 as a multiplier.
pub const ONE: u64 = 1_000_000;
pub const REFUND_DELAY: u32 = 3 * 24 * 3600;
pub const YEAR: u32 = 365 * 24 * 3600;

pub fn a(s: &str) -> Asset {
    Asset::try_from_str(s).expect("test asset literal")
}

fn letters(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

/// Producer `i`: bpa, bpb, ..., bpz, bpaa, ...
pub fn bp(i: usize) -> Name {
    Name::try_from_str(&format!("bp{}", letters(i))).unwrap()
}

/// The holder voting for producer `i`: holdera, holderb, ...
pub fn holder(i: usize) -> Name {
    Name::try_from_str(&format!("holder{}", letters(i))).unwrap()
}

/// Forwards transfer notifications to pool.fees ([`Tester::bare`] sets
/// its target).
pub use pool_testkit::fixtures::forwarder;
/// The constitution stand-in at `pool.charter` (publish, sign).
pub use pool_testkit::helpers::constitution as constitution_fixture;
/// A payee refusing, or re-entering `withdraw` on, a withdrawal from
/// pool.fees ([`Tester::bare`] configures it).
pub use pool_testkit::helpers::payee as hostile_payee;
pub use pool_testkit::helpers::token::TokenBench;

/// Every row the fees contract holds (vote rows of the bench's producers)
/// and the fee-token balances around it: to check that a rejected or
/// ignored action changed nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub config: Vec<Config>,
    pub state: Vec<State>,
    pub callers: Vec<Caller>,
    pub endpoints: Vec<Endpoint>,
    pub feevotes: Vec<(Name, Vec<FeeVote>)>,
    pub feemults: Vec<FeeMult>,
    pub bundlevotes: Vec<BundleVote>,
    pub deposits: Vec<Deposit>,
    pub bundles: Vec<Bundle>,
    pub balances: Vec<(Name, i64)>,
}

pub struct Tester {
    pub chain: TestChain,
    /// How many producers the bench registered (bp(0) ..).
    pub producers: usize,
}

impl TokenBench for Tester {
    fn chain(&mut self) -> &mut TestChain {
        &mut self.chain
    }
}

impl Tester {
    /// Deployed, permissions set, token created and distributed, members
    /// configured (auto-approve, no fees), constitution v1 published; no
    /// producer, fees contract not configured.
    pub fn bare() -> Self {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.deploy(MEMBER, pool_members::apply);
        chain.deploy(CHARTER, constitution_fixture::apply);
        chain.deploy(FEES, pool_fees::apply);
        chain.deploy(FAKE_TOKEN, pool_token::apply);
        chain.create_accounts(&[GOV, REWARDS, CALLER]);
        chain.create_accounts(&USERS);

        inline(&mut chain, FEES, &[(TOKEN, name!("transfer"))]);
        inline(
            &mut chain,
            MEMBER,
            &[(TOKEN, name!("transfer")), (FEES, name!("charge"))],
        );
        forwarder::TARGET.with(|t| t.set(FEES));
        hostile_payee::configure(FEES, |payee, quantity| {
            pool_fees::actions::withdraw {
                owner: payee,
                quantity,
            }
            .send(FEES, vec![PermissionLevel::active(payee)]);
        });

        let mut t = Tester {
            chain,
            producers: 0,
        };
        t.token_create(TOKEN, "1000000000.0000 POOL");
        t.token_issue(TOKEN, "10000000.0000 POOL");
        for who in USERS {
            t.transfer(TOKEN, who, "10000.0000 POOL", "").unwrap();
        }
        // The rewards account's balance row (what governance opens once).
        t.chain
            .push_action_as(
                TOKEN,
                &pool_token::actions::open {
                    owner: REWARDS,
                    symbol: SYM,
                    ram_payer: REWARDS,
                },
                REWARDS,
            )
            .unwrap();
        let members_cfg = t.members_config_args(Name::EMPTY);
        t.chain
            .push_action_as(MEMBER, &members_cfg, MEMBER)
            .unwrap();
        t.publish(1);
        t
    }

    /// [`Tester::bare`] with `producers` producers registered, active and
    /// voted for (bp(0) most), and the fees contract configured
    /// (scheduled 21, `min_votes`, 10 per computation), with endpoints
    /// regmember (annual) and filecase, and dac.app as caller.
    pub fn with(producers: usize, min_votes: u16) -> Self {
        let mut t = Self::bare();
        for i in 0..producers {
            t.add_producer(i);
        }
        t.setconfig_as(FEES, t.config_args(min_votes)).unwrap();
        t.regendpoint(REGMEMBER, true).unwrap();
        t.regendpoint(FILECASE, false).unwrap();
        t.addcaller(CALLER).unwrap();
        t
    }

    /// Registers producer `i` (signed, active) and has its holder stake
    /// `100 - i` POOL and vote for it.
    pub fn add_producer(&mut self, i: usize) {
        let p = bp(i);
        let h = holder(i);
        self.chain.create_accounts(&[p, h]);
        self.transfer(TOKEN, p, "1000.0000 POOL", "").unwrap();
        self.transfer(TOKEN, h, "1000.0000 POOL", "").unwrap();
        self.sign(p, 1);
        self.regmember(p).unwrap();
        self.chain
            .push_action_as(MEMBER, &pool_members::actions::openstake { owner: h }, h)
            .unwrap();
        let stake = format!("{}.0000 POOL", 100 - i);
        self.transfer(h, MEMBER, &stake, "stake").unwrap();
        self.chain
            .push_action_as(
                MEMBER,
                &pool_members::actions::vote {
                    voter: h,
                    producers: vec![p],
                },
                h,
            )
            .unwrap();
        self.producers = self.producers.max(i + 1);
    }

    pub fn members_config_args(&self, fees: Name) -> pool_members::actions::setconfig {
        pool_members::actions::setconfig {
            fees,
            ..members::config(REFUND_DELAY)
        }
    }

    /// The bench's fees configuration.
    pub fn config_args(&self, min_votes: u16) -> actions::setconfig {
        actions::setconfig {
            governance: Name::EMPTY,
            members: MEMBER,
            token_contract: TOKEN,
            fee_symbol: SYM,
            rewards: REWARDS,
            scheduled: 21,
            min_votes,
            max_compute_per_call: 10,
        }
    }

    pub fn now_sec(&self) -> u32 {
        self.chain.now().to_sec().secs()
    }

    // ---- members and constitution ----------------------------------------

    pub fn publish(&mut self, version: u64) {
        constitution_fixture::publish_v(&mut self.chain, CHARTER, version);
    }

    pub fn sign(&mut self, account: Name, version: u64) {
        constitution_fixture::sign_v(&mut self.chain, CHARTER, account, version);
    }

    pub fn regmember(&mut self, account: Name) -> Result<Trace, ChainError> {
        let data = pool_members::actions::regmember {
            account,
            url: format!("https://{account}.example"),
            location: 840,
            producer_key: key(1),
        };
        self.chain.push_action_as(MEMBER, &data, account)
    }

    /// Producer `i`'s holder unstakes everything: its votes drop to 0.
    pub fn unstake_votes_of(&mut self, i: usize) {
        let data = pool_members::actions::unstake {
            owner: holder(i),
            quantity: pool(i64::try_from(100 - i).unwrap() * 10_000),
        };
        self.chain.push_action_as(MEMBER, &data, holder(i)).unwrap();
    }

    /// pool.member (the admin) suspends producer `i` for `secs`.
    pub fn suspend(&mut self, i: usize, secs: u32) {
        let data = pool_members::actions::setstatus {
            account: bp(i),
            status: 2,
            until: antelope_sdk::TimePointSec::from_secs(self.now_sec() + secs),
            reason: "missed too many slots".into(),
        };
        self.chain.push_action_as(MEMBER, &data, MEMBER).unwrap();
    }

    // ---- fees actions ------------------------------------------------------

    pub fn setconfig_as(
        &mut self,
        signer: Name,
        data: actions::setconfig,
    ) -> Result<Trace, ChainError> {
        self.chain.push_action_as(FEES, &data, signer)
    }

    /// The admin before governance is handed over: pool.fees.
    pub fn regendpoint(&mut self, endpoint: Name, annual: bool) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::regendpoint { endpoint, annual }, FEES)
    }

    pub fn rmendpoint(&mut self, endpoint: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::rmendpoint { endpoint }, FEES)
    }

    pub fn addcaller(&mut self, contract: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::addcaller { contract }, FEES)
    }

    pub fn rmcaller(&mut self, contract: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::rmcaller { contract }, FEES)
    }

    pub fn setfeevote(
        &mut self,
        producer: Name,
        ratios: &[(Name, u64)],
    ) -> Result<Trace, ChainError> {
        let data = actions::setfeevote {
            producer,
            fee_ratios: ratios.to_vec(),
        };
        self.chain.push_action_as(FEES, &data, producer)
    }

    pub fn setfeemult(&mut self, producer: Name, multiplier: u64) -> Result<Trace, ChainError> {
        let data = actions::setfeemult {
            producer,
            multiplier,
        };
        self.chain.push_action_as(FEES, &data, producer)
    }

    pub fn bundlevote(&mut self, producer: Name, count: u32) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::bundlevote { producer, count }, producer)
    }

    /// `computefees`, pushed by alice (anyone).
    pub fn computefees(&mut self) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::computefees {}, ALICE)
    }

    /// dac.app charges `payer` (pushing `charge` with its own authority,
    /// as a contract does inline with its `inline` permission).
    pub fn charge(&mut self, payer: Name, endpoint: Name) -> Result<Trace, ChainError> {
        self.charge_by(CALLER, payer, endpoint)
    }

    pub fn charge_by(
        &mut self,
        caller: Name,
        payer: Name,
        endpoint: Name,
    ) -> Result<Trace, ChainError> {
        let data = pool_shared::fees::charge {
            caller,
            payer,
            endpoint,
        };
        self.chain.push_action_as(FEES, &data, caller)
    }

    pub fn opendeposit(&mut self, owner: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(FEES, &actions::opendeposit { owner }, owner)
    }

    /// Deposits by transfer to pool.fees.
    pub fn deposit(&mut self, owner: Name, quantity: &str) -> Result<Trace, ChainError> {
        self.transfer(owner, FEES, quantity, "deposit")
    }

    pub fn withdraw(&mut self, owner: Name, quantity: &str) -> Result<Trace, ChainError> {
        let data = actions::withdraw {
            owner,
            quantity: a(quantity),
        };
        self.chain.push_action_as(FEES, &data, owner)
    }

    // ---- voting scenarios -------------------------------------------------

    /// Producers `0..n` each set multiplier 1.0.
    pub fn multipliers_one(&mut self, n: usize) {
        for i in 0..n {
            self.setfeemult(bp(i), ONE).unwrap();
        }
    }

    /// Producer `i` votes `values[i]` for `endpoint` (multiplier 1.0 set
    /// before by [`Tester::multipliers_one`]).
    pub fn vote_values(&mut self, endpoint: Name, values: &[u64]) {
        for (i, v) in values.iter().enumerate() {
            self.setfeevote(bp(i), &[(endpoint, *v)]).unwrap();
        }
    }

    /// Every bench producer votes multiplier 1.0 and `amount` for
    /// `endpoint`, then the fees are computed: the fee becomes `amount`
    /// (if there are enough producers).
    pub fn set_fee(&mut self, endpoint: Name, amount: u64) {
        let n = self.producers;
        for i in 0..n {
            if self.feemult(bp(i)).is_none() {
                self.setfeemult(bp(i), ONE).unwrap();
            }
        }
        self.vote_values(endpoint, &vec![amount; n]);
        self.computefees().unwrap();
    }

    /// Every bench producer votes `count` bundled calls; computed.
    pub fn set_bundles(&mut self, count: u32) {
        for i in 0..self.producers {
            self.bundlevote(bp(i), count).unwrap();
        }
        self.computefees().unwrap();
    }

    // ---- reads -------------------------------------------------------------

    pub fn config(&mut self) -> Option<Config> {
        self.chain.read(|| pool_fees::tables::config(FEES).get())
    }

    pub fn fee_state(&mut self) -> State {
        self.chain
            .read(|| pool_fees::tables::state(FEES).get())
            .expect("a state row")
    }

    pub fn endpoint(&mut self, endpoint: Name) -> Option<Endpoint> {
        self.chain.row::<Endpoint>(FEES, FEES.raw(), endpoint.raw())
    }

    /// The fee of `endpoint` in units (0.0001 POOL).
    pub fn fee(&mut self, endpoint: Name) -> i64 {
        self.endpoint(endpoint).expect("an endpoint row").fee.amount
    }

    pub fn feevote(&mut self, producer: Name, endpoint: Name) -> Option<FeeVote> {
        self.chain
            .row::<FeeVote>(FEES, producer.raw(), endpoint.raw())
    }

    pub fn feemult(&mut self, producer: Name) -> Option<FeeMult> {
        self.chain.row::<FeeMult>(FEES, FEES.raw(), producer.raw())
    }

    pub fn deposit_row(&mut self, owner: Name) -> Option<Deposit> {
        self.chain.row::<Deposit>(FEES, FEES.raw(), owner.raw())
    }

    pub fn deposit_of(&mut self, owner: Name) -> i64 {
        self.deposit_row(owner).map_or(0, |d| d.balance.amount)
    }

    pub fn bundle(&mut self, owner: Name) -> Option<Bundle> {
        self.chain.row::<Bundle>(FEES, FEES.raw(), owner.raw())
    }

    pub fn snapshot(&mut self) -> Snapshot {
        let scope = FEES.raw();
        let mut feevotes = Vec::new();
        for i in 0..self.producers {
            let rows: Vec<FeeVote> = self.chain.rows(FEES, bp(i).raw());
            feevotes.push((bp(i), rows));
        }
        let mut balances = Vec::new();
        let mut who: Vec<Name> = vec![FEES, REWARDS, CALLER];
        who.extend(USERS);
        for w in who {
            let b = self.balance(w);
            balances.push((w, b));
        }
        Snapshot {
            config: self.chain.rows(FEES, scope),
            state: self.chain.rows(FEES, scope),
            callers: self.chain.rows(FEES, scope),
            endpoints: self.chain.rows(FEES, scope),
            feevotes,
            feemults: self.chain.rows(FEES, scope),
            bundlevotes: self.chain.rows(FEES, scope),
            deposits: self.chain.rows(FEES, scope),
            bundles: self.chain.rows(FEES, scope),
            balances,
        }
    }

    /// The contract's invariants (see its crate documentation).
    #[track_caller]
    pub fn assert_invariants(&mut self) {
        let deposits: Vec<Deposit> = self.chain.rows(FEES, FEES.raw());
        let held: i64 = deposits.iter().map(|d| d.balance.amount).sum();
        assert!(deposits.iter().all(|d| d.balance.amount >= 0));
        assert_eq!(
            self.balance(FEES),
            held,
            "token balance of pool.fees != sum of deposits"
        );
        let endpoints: Vec<Endpoint> = self.chain.rows(FEES, FEES.raw());
        for e in endpoints {
            assert!(e.fee.amount >= 0 && e.fee.amount <= Asset::MAX_AMOUNT);
            assert_eq!(e.fee.symbol, SYM);
        }
    }
}
