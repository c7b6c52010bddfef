//! The test bench of the charter contract: one chain with pool.token,
//! pool.member and pool.charter (the real contracts), plus two small
//! test-only contracts at the accounts of contracts that do not exist yet:
//!
//! - [`fees_fixture`] at `pool.fees`: records `charge` calls (requires the
//!   caller's authorization, refuses payer `broke`);
//! - [`rewards_fixture`] at `pool.reward`: records `forfeit` calls
//!   (requires pool.charter's authorization), the interface in
//!   `pool_charter::rewards`.
//!
//! Permissions as deployed: `pool.charter@inline` is a child of `active`
//! holding only `pool.charter@eosio.code`, linked to
//! `pool.member::setstatus`, `pool.fees::charge` and
//! `pool.reward::forfeit`.

#![allow(dead_code)]

/// `key(n)`: a K1 key that is not the null key.
pub use pool_testkit::fixtures::key;

use antelope_sdk::{name, symbol, Checksum256, Name, Symbol, TimePointSec};
use antelope_testchain::{ChainError, TestChain, Trace};
use pool_charter::actions;
use pool_charter::tables::{AppealRecord, Arbitrator, Case, Config, RulingReason, VersionHash};
use pool_core::cases::CaseStatus;
use pool_shared::charter::{ConstitutionParams, SignatureRow, Version};
use pool_testkit::helpers::permissions::inline;
use pool_testkit::helpers::{members, token};

pub const TOKEN: Name = name!("pool.token");
pub const MEMBER: Name = name!("pool.member");
pub const CHARTER: Name = name!("pool.charter");
pub const FEES: Name = name!("pool.fees");
pub const REWARDS: Name = name!("pool.reward");
pub const GOV: Name = name!("pool.gov");
pub const EMITTER: Name = name!("emitter1");
pub const INLINE: Name = name!("inline");
pub const ACTIVE: Name = name!("active");

pub const PROD1: Name = name!("prod1");
pub const PROD2: Name = name!("prod2");
pub const PROD3: Name = name!("prod3");
pub const PROD4: Name = name!("prod4");
pub const PROD5: Name = name!("prod5");
pub const ARB1: Name = name!("arb1");
pub const ARB2: Name = name!("arb2");
/// An account that is not a member.
pub const ALICE: Name = name!("alice");

pub const PRODUCERS: [Name; 5] = [PROD1, PROD2, PROD3, PROD4, PROD5];

pub const SYM: Symbol = symbol!("4,POOL");
pub const DAY: u32 = 86_400;
/// The bench's appeal window: three days.
pub const WINDOW: u32 = 3 * DAY;
/// The bench's grace period: seven days.
pub const GRACE: u32 = 7 * DAY;
/// The bench's limit of cases per claimant waiting for a ruling.
pub const MAX_OPEN: u32 = 3;

/// Constitution version texts' hashes (stand-ins for `sha256sum` output).
pub fn h(n: u8) -> Checksum256 {
    Checksum256([n; 32])
}

pub fn summary_hash() -> Checksum256 {
    Checksum256([0xab; 32])
}

/// The fees stand-in at `pool.fees` (records `charge`, refuses `broke`;
/// `list` writes the rows the fee hook reads), shared with the other
/// contracts' benches.
pub use pool_testkit::helpers::fees as fees_fixture;

pub mod rewards_fixture {
    //! Test-only stand-in for the rewards contract's `forfeit` (the
    //! interface `pool_charter::rewards::forfeit`): requires the charter's
    //! authorization and records the member.

    use antelope_sdk::{action, name, require_auth, Context, MultiIndex, Name, Pack, Table};

    #[derive(Clone, Debug, PartialEq, Pack, Table)]
    #[table(name = "forfeits", primary = self.id)]
    pub struct Forfeit {
        pub id: u64,
        pub member: Name,
    }

    pub fn forfeits(code: Name) -> MultiIndex<Forfeit> {
        MultiIndex::new(code, code.raw())
    }

    #[action]
    pub fn forfeit(ctx: &Context, member: Name) {
        require_auth(name!("pool.charter"));
        let table = forfeits(ctx.receiver);
        let id = table.iter().count() as u64;
        table.emplace(ctx.receiver, Forfeit { id, member });
    }

    antelope_sdk::contract! {
        actions: [forfeit],
        notifications: [],
        tables: [Forfeit],
        ricardian: "",
    }
}

/// Every row the charter holds: to check that a rejected action changed
/// nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub config: Vec<Config>,
    pub params: Vec<ConstitutionParams>,
    pub versions: Vec<Version>,
    pub verhashes: Vec<VersionHash>,
    pub signatures: Vec<SignatureRow>,
    pub arbitrators: Vec<Arbitrator>,
    pub cases: Vec<Case>,
    pub rulings: Vec<RulingReason>,
    pub appeals: Vec<AppealRecord>,
    pub ram: i64,
}

/// What `filecase` takes, with the bench's defaults.
#[derive(Clone, Debug)]
pub struct Filing {
    pub claimant: Name,
    pub respondent: Name,
    pub category: u8,
    pub summary_url: String,
    pub summary_hash: Checksum256,
    pub report_emitter: Name,
    pub report_seq: u64,
}

impl Filing {
    /// A conduct case of `claimant` against `respondent`.
    pub fn new(claimant: Name, respondent: Name) -> Self {
        Filing {
            claimant,
            respondent,
            category: 1,
            summary_url: "https://pool.example/cases/summary".into(),
            summary_hash: summary_hash(),
            report_emitter: Name::EMPTY,
            report_seq: 0,
        }
    }

    pub fn data(&self) -> actions::filecase {
        actions::filecase {
            claimant: self.claimant,
            respondent: self.respondent,
            category: self.category,
            summary_url: self.summary_url.clone(),
            summary_hash: self.summary_hash,
            report_emitter: self.report_emitter,
            report_seq: self.report_seq,
        }
    }
}

pub struct Tester {
    pub chain: TestChain,
}

impl Tester {
    /// All contracts deployed, permissions set, the token created and the
    /// members contract configured (auto-approve, charter = pool.charter);
    /// the charter NOT configured, no constitution published.
    pub fn bare() -> Self {
        let mut chain = TestChain::new();
        chain.deploy(TOKEN, pool_token::apply);
        chain.deploy(MEMBER, pool_members::apply);
        chain.deploy(CHARTER, pool_charter::apply);
        chain.deploy(FEES, fees_fixture::apply);
        chain.deploy(REWARDS, rewards_fixture::apply);
        chain.create_accounts(&[GOV, EMITTER, ARB1, ARB2, ALICE]);
        chain.create_accounts(&PRODUCERS);

        inline(
            &mut chain,
            CHARTER,
            &[
                (MEMBER, name!("setstatus")),
                (FEES, name!("charge")),
                (REWARDS, name!("forfeit")),
            ],
        );
        fees_fixture::list_fee(&mut chain, FEES, CHARTER, name!("filecase"));

        token::create(&mut chain, TOKEN, "1000000000.0000 POOL");
        members::configure(&mut chain, DAY).unwrap();
        Tester { chain }
    }

    /// [`Tester::bare`] with the charter configured by pool.charter (no
    /// governance yet, fees = the fixture, no rewards), version 1
    /// published, arb1 and arb2 appointed.
    pub fn configured() -> Self {
        let mut t = Self::bare();
        t.setconfig(CHARTER, t.config_args()).unwrap();
        t.newversion(CHARTER, h(1), "https://pool.example/constitution/v1")
            .unwrap();
        t.appoint(CHARTER, ARB1).unwrap();
        t.appoint(CHARTER, ARB2).unwrap();
        t
    }

    /// [`Tester::configured`] with prod1..prod5 signed and registered
    /// (active).
    pub fn new() -> Self {
        let mut t = Self::configured();
        for p in PRODUCERS {
            t.sign(p, h(1)).unwrap();
            t.register(p).unwrap();
        }
        t
    }

    pub fn config_args(&self) -> actions::setconfig {
        actions::setconfig {
            governance: Name::EMPTY,
            members: MEMBER,
            rewards: Name::EMPTY,
            fees: FEES,
            appeal_window_sec: WINDOW,
            max_open_cases: MAX_OPEN,
            grace_period_sec: GRACE,
        }
    }

    pub fn now_sec(&self) -> u32 {
        self.chain.now().to_sec().secs()
    }

    // ---- actions, one wrapper each ----------------------------------------

    pub fn setconfig(
        &mut self,
        signer: Name,
        data: actions::setconfig,
    ) -> Result<Trace, ChainError> {
        self.chain.push_action_as(CHARTER, &data, signer)
    }

    pub fn newversion(
        &mut self,
        signer: Name,
        hash: Checksum256,
        url: &str,
    ) -> Result<Trace, ChainError> {
        let data = actions::newversion {
            hash,
            url: url.into(),
        };
        self.chain.push_action_as(CHARTER, &data, signer)
    }

    pub fn sign(&mut self, account: Name, hash: Checksum256) -> Result<Trace, ChainError> {
        let data = actions::sign { account, hash };
        self.chain.push_action_as(CHARTER, &data, account)
    }

    pub fn appoint(&mut self, signer: Name, arbitrator: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(CHARTER, &actions::appoint { arbitrator }, signer)
    }

    pub fn unappoint(&mut self, signer: Name, arbitrator: Name) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(CHARTER, &actions::unappoint { arbitrator }, signer)
    }

    pub fn file(&mut self, filing: &Filing) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(CHARTER, &filing.data(), filing.claimant)
    }

    /// Files a conduct case and returns its id.
    #[track_caller]
    pub fn file_ok(&mut self, claimant: Name, respondent: Name) -> u64 {
        self.file(&Filing::new(claimant, respondent)).unwrap();
        self.last_case_id()
    }

    pub fn take(&mut self, arbitrator: Name, case_id: u64) -> Result<Trace, ChainError> {
        let data = actions::takecase {
            arbitrator,
            case_id,
        };
        self.chain.push_action_as(CHARTER, &data, arbitrator)
    }

    pub fn rule(
        &mut self,
        arbitrator: Name,
        case_id: u64,
        ruling: u8,
        suspend_days: u16,
    ) -> Result<Trace, ChainError> {
        self.rule_with(
            arbitrator,
            case_id,
            ruling,
            suspend_days,
            "https://pool.example/cases/ruling",
        )
    }

    pub fn rule_with(
        &mut self,
        arbitrator: Name,
        case_id: u64,
        ruling: u8,
        suspend_days: u16,
        reason_url: &str,
    ) -> Result<Trace, ChainError> {
        let data = actions::rule {
            arbitrator,
            case_id,
            ruling,
            suspend_days,
            reason_url: reason_url.into(),
        };
        self.chain.push_action_as(CHARTER, &data, arbitrator)
    }

    pub fn appeal(&mut self, party: Name, case_id: u64) -> Result<Trace, ChainError> {
        self.appeal_with(party, case_id, "https://pool.example/cases/appeal")
    }

    pub fn appeal_with(
        &mut self,
        party: Name,
        case_id: u64,
        reason_url: &str,
    ) -> Result<Trace, ChainError> {
        let data = actions::appeal {
            party,
            case_id,
            reason_url: reason_url.into(),
        };
        self.chain.push_action_as(CHARTER, &data, party)
    }

    pub fn decide(
        &mut self,
        signer: Name,
        case_id: u64,
        uphold: bool,
    ) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(CHARTER, &actions::decide { case_id, uphold }, signer)
    }

    pub fn ratify(&mut self, signer: Name, case_id: u64) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(CHARTER, &actions::ratify { case_id }, signer)
    }

    pub fn enforce(&mut self, signer: Name, case_id: u64) -> Result<Trace, ChainError> {
        self.chain
            .push_action_as(CHARTER, &actions::enforce { case_id }, signer)
    }

    pub fn withdraw(&mut self, claimant: Name, case_id: u64) -> Result<Trace, ChainError> {
        let data = actions::withdraw { claimant, case_id };
        self.chain.push_action_as(CHARTER, &data, claimant)
    }

    /// A case filed by prod1 against prod2, taken by arb1 and ruled.
    #[track_caller]
    pub fn ruled_case(&mut self, ruling: u8, suspend_days: u16) -> u64 {
        let id = self.file_ok(PROD1, PROD2);
        self.take(ARB1, id).unwrap();
        self.rule(ARB1, id, ruling, suspend_days).unwrap();
        id
    }

    // ---- members ----------------------------------------------------------

    pub fn register(&mut self, account: Name) -> Result<Trace, ChainError> {
        let data = pool_members::actions::regmember {
            account,
            url: format!("https://{account}.example"),
            location: 0,
            producer_key: key(account.raw() as u8),
        };
        self.chain.push_action_as(MEMBER, &data, account)
    }

    /// Sets a member's status as the members contract's admin.
    pub fn set_member_status(&mut self, account: Name, status: u8, until: u32) {
        let data = pool_members::actions::setstatus {
            account,
            status,
            until: TimePointSec::from_secs(until),
            reason: "test".into(),
        };
        self.chain.push_action_as(MEMBER, &data, MEMBER).unwrap();
    }

    pub fn member(&mut self, account: Name) -> pool_members::tables::Member {
        self.chain
            .read(|| pool_members::views::member(MEMBER, account))
            .expect("a member row")
    }

    pub fn in_good_standing(&mut self, account: Name) -> bool {
        let now = self.now_sec();
        self.chain
            .read(|| pool_members::views::in_good_standing(MEMBER, account, now))
    }

    // ---- reads ------------------------------------------------------------

    pub fn case(&mut self, id: u64) -> Case {
        self.chain
            .row::<Case>(CHARTER, CHARTER.raw(), id)
            .expect("a case row")
    }

    pub fn status(&mut self, id: u64) -> CaseStatus {
        CaseStatus::from_u8(self.case(id).status).expect("a known status")
    }

    pub fn last_case_id(&mut self) -> u64 {
        self.chain
            .rows::<Case>(CHARTER, CHARTER.raw())
            .last()
            .expect("a case")
            .id
    }

    pub fn signature(&mut self, account: Name) -> Option<SignatureRow> {
        self.chain
            .row::<SignatureRow>(CHARTER, CHARTER.raw(), account.raw())
    }

    pub fn charges(&mut self) -> Vec<fees_fixture::Charge> {
        self.chain.rows(FEES, FEES.raw())
    }

    pub fn forfeits(&mut self) -> Vec<rewards_fixture::Forfeit> {
        self.chain.rows(REWARDS, REWARDS.raw())
    }

    pub fn state(&mut self) -> State {
        let scope = CHARTER.raw();
        State {
            config: self.chain.rows(CHARTER, scope),
            params: self.chain.rows(CHARTER, scope),
            versions: self.chain.rows(CHARTER, scope),
            verhashes: self.chain.rows(CHARTER, scope),
            signatures: self.chain.rows(CHARTER, scope),
            arbitrators: self.chain.rows(CHARTER, scope),
            cases: self.chain.rows(CHARTER, scope),
            rulings: self.chain.rows(CHARTER, scope),
            appeals: self.chain.rows(CHARTER, scope),
            ram: self.chain.ram_usage(CHARTER),
        }
    }
}
