//! The test bench of the governance contract: the members contract's own
//! bench ([`bench`]: pool.token, pool.member, the constitution fixture at
//! pool.charter and the fee fixture at pool.fees, prod1..prod5 registered
//! and approved) with the governance contract deployed at pool.gov and
//! handed the administration of pool.member.
//!
//! Permissions as deployed on chain (docs/governance.md):
//! - `pool.gov@active` holds `pool.gov@eosio.code`: `exec` sends the
//!   actions of passed proposals with it;
//! - `pool.gov@inline`, child of `active`, holds only
//!   `pool.gov@eosio.code` and is linked to `pool.fees::charge` (the fee
//!   hook).
//!
//! prodsix (PROD6) and prodseven (PROD7) exist and signed the constitution; [`Gov::new`] leaves
//! them unregistered, [`Gov::with_seven`] makes them active members too.

#![allow(dead_code)]

#[path = "../../../members/tests/common/mod.rs"]
pub mod bench;

pub use bench::*;

use antelope_sdk::{name, Action, ActionData, Checksum256, Name, PermissionLevel, TimePointSec};
use antelope_testchain::{ChainError, Trace};
use pool_core::governance::Tally;
use pool_governance::actions;
use pool_governance::tables::{Citation, Config, Proposal, State, VoteRow};
use pool_testkit::helpers::permissions::inline;

/// Names take only a-z, 1-5 and dots: "prod6" is not a name.
pub const PROD6: Name = name!("prodsix");
pub const PROD7: Name = name!("prodseven");
pub const EXECUTOR: Name = name!("erin");
pub const DAY: u32 = 24 * 3600;

pub const NO: u8 = 0;
pub const YES: u8 = 1;
pub const ABSTAIN: u8 = 2;

/// The document hash the bench's proposals carry.
pub const DOC: Checksum256 = Checksum256([7; 32]);

/// Every row the governance contract holds, and every member row: to
/// check that a rejected action changed nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub config: Vec<Config>,
    pub state: Vec<State>,
    pub proposals: Vec<Proposal>,
    pub votes: Vec<(u64, Vec<VoteRow>)>,
    pub citations: Vec<(u64, Vec<Citation>)>,
    pub members: Vec<pool_members::tables::Member>,
}

pub struct Gov {
    pub t: Tester,
}

impl std::ops::Deref for Gov {
    type Target = Tester;
    fn deref(&self) -> &Tester {
        &self.t
    }
}

impl std::ops::DerefMut for Gov {
    fn deref_mut(&mut self) -> &mut Tester {
        &mut self.t
    }
}

/// An action authorized by `pool.gov@active`: what a proposal carries.
pub fn gov_action<T: ActionData>(contract: Name, data: &T) -> Action {
    data.to_action(contract, vec![PermissionLevel::active(GOV)])
}

/// `pool.member::approve(account)` as a proposal's action.
pub fn approve_action(account: Name) -> Action {
    gov_action(MEMBER, &pool_members::actions::approve { account })
}

impl Gov {
    /// prod1..prod5 active; governance configured with the defaults and
    /// the fee fixture; pool.member administered by pool.gov.
    pub fn new() -> Self {
        Self::build(false)
    }

    /// [`Gov::new`] with prod6 and prod7 active members too (7 eligible).
    pub fn with_seven() -> Self {
        Self::build(true)
    }

    fn build(seven: bool) -> Self {
        let mut t = Tester::with_producers();
        t.chain.create_accounts(&[PROD6, PROD7, EXECUTOR]);
        t.sign(PROD6, 1);
        t.sign(PROD7, 1);
        if seven {
            t.register_active(PROD6);
            t.register_active(PROD7);
        }
        t.chain.deploy(GOV, pool_governance::apply);
        t.chain.add_code(GOV, ACTIVE);
        inline(&mut t.chain, GOV, &[(FEES, name!("charge"))]);
        fees_fixture::list_fee(&mut t.chain, FEES, GOV, name!("propose"));
        let mut g = Gov { t };
        let args = g.config_defaults();
        g.setconfig_as(GOV, args).unwrap();
        // Hand pool.member to governance.
        let mut member_cfg = g.t.config_args();
        member_cfg.governance = GOV;
        g.t.setconfig_as(MEMBER, member_cfg).unwrap();
        g
    }

    /// The defaults of docs/governance.md, with the fee fixture.
    pub fn config_defaults(&self) -> actions::setconfig {
        actions::setconfig {
            members: MEMBER,
            fees: FEES,
            threshold_num: 2,
            threshold_den: 3,
            threshold_plus: 1,
            quorum_num: 2,
            quorum_den: 3,
            max_actions: 10,
            max_cites: 10,
            max_lifetime_sec: 30 * DAY,
            max_eligible_scan: 1000,
        }
    }

    pub fn setconfig_as(
        &mut self,
        signer: Name,
        data: actions::setconfig,
    ) -> Result<Trace, ChainError> {
        self.t.chain.push_action_as(GOV, &data, signer)
    }

    // ---- proposals ----------------------------------------------------------

    /// A proposal of `proposer` carrying `actions`, expiring in 7 days.
    pub fn proposal_args(&self, proposer: Name, actions: Vec<Action>) -> actions::propose {
        actions::propose {
            proposer,
            title: "Approve prod6".into(),
            url: "https://pool.example/proposals/approve-prod6".into(),
            hash: DOC,
            actions,
            cites: vec![],
            expires: TimePointSec::from_secs(self.now_sec() + 7 * DAY),
        }
    }

    pub fn propose_with(&mut self, args: &actions::propose) -> Result<Trace, ChainError> {
        self.t.chain.push_action_as(GOV, args, args.proposer)
    }

    /// Proposes and returns the new id.
    #[track_caller]
    pub fn propose(&mut self, proposer: Name, actions: Vec<Action>) -> u64 {
        let args = self.proposal_args(proposer, actions);
        self.propose_args(&args)
    }

    /// Proposes `args` and returns the new id.
    #[track_caller]
    pub fn propose_args(&mut self, args: &actions::propose) -> u64 {
        let id = self.next_id();
        self.propose_with(args).unwrap();
        id
    }

    /// The `amend` data replacing proposal `id` with `args`' content.
    pub fn amend_args(id: u64, args: &actions::propose) -> actions::amend {
        actions::amend {
            proposer: args.proposer,
            id,
            title: args.title.clone(),
            url: args.url.clone(),
            hash: args.hash,
            actions: args.actions.clone(),
            cites: args.cites.clone(),
            expires: args.expires,
        }
    }

    pub fn amend_with(&mut self, args: &actions::amend) -> Result<Trace, ChainError> {
        self.t.chain.push_action_as(GOV, args, args.proposer)
    }

    pub fn next_id(&mut self) -> u64 {
        self.t
            .chain
            .read(|| pool_governance::tables::state(GOV).get())
            .map_or(0, |s| s.next_id)
    }

    // ---- votes and execution --------------------------------------------------

    /// `member` votes `ballot` quoting the proposal's current content hash.
    pub fn vote(&mut self, member: Name, id: u64, ballot: u8) -> Result<Trace, ChainError> {
        let hash = self
            .proposal(id)
            .map_or(Checksum256::default(), |p| p.content_hash);
        self.vote_for(member, id, ballot, hash)
    }

    pub fn vote_for(
        &mut self,
        member: Name,
        id: u64,
        ballot: u8,
        content_hash: Checksum256,
    ) -> Result<Trace, ChainError> {
        let data = actions::vote {
            member,
            id,
            vote: ballot,
            content_hash,
        };
        self.t.chain.push_action_as(GOV, &data, member)
    }

    /// Each of `members` votes `ballot` (and must be able to).
    #[track_caller]
    pub fn votes_of(&mut self, members: &[Name], id: u64, ballot: u8) {
        for m in members {
            self.vote(*m, id, ballot).unwrap();
        }
    }

    pub fn exec(&mut self, id: u64) -> Result<Trace, ChainError> {
        self.exec_as(EXECUTOR, id)
    }

    pub fn exec_as(&mut self, executor: Name, id: u64) -> Result<Trace, ChainError> {
        let data = actions::exec { executor, id };
        self.t.chain.push_action_as(GOV, &data, executor)
    }

    pub fn cancel(&mut self, proposer: Name, id: u64) -> Result<Trace, ChainError> {
        self.t
            .chain
            .push_action_as(GOV, &actions::cancel { proposer, id }, proposer)
    }

    pub fn cleanup(&mut self, max: u16) -> Result<Trace, ChainError> {
        self.t
            .chain
            .push_action_as(GOV, &actions::cleanup { max }, EXECUTOR)
    }

    // ---- reads -------------------------------------------------------------------

    pub fn gov_config(&mut self) -> Option<Config> {
        self.t
            .chain
            .read(|| pool_governance::tables::config(GOV).get())
    }

    pub fn proposal(&mut self, id: u64) -> Option<Proposal> {
        self.t.chain.row::<Proposal>(GOV, GOV.raw(), id)
    }

    pub fn votes(&mut self, id: u64) -> Vec<VoteRow> {
        self.t.chain.rows(GOV, id)
    }

    /// The proposals citing `id` (table `citations`, scope `id`).
    pub fn cited_by(&mut self, id: u64) -> Vec<u64> {
        self.t
            .chain
            .rows::<Citation>(GOV, id)
            .into_iter()
            .map(|c| c.citing)
            .collect()
    }

    /// The tally `exec` would compute now.
    #[track_caller]
    pub fn tally(&mut self, id: u64) -> Tally {
        let now = self.now_sec();
        self.t
            .chain
            .read(|| pool_governance::views::standing(GOV, id, now))
            .expect("a configured contract and the proposal")
            .expect("a countable electorate")
            .1
    }

    /// The eligible members now, as names.
    #[track_caller]
    pub fn eligible(&mut self) -> Vec<Name> {
        let now = self.now_sec();
        let limit = self.gov_config().unwrap().max_eligible_scan;
        self.t
            .chain
            .read(|| pool_governance::views::eligible_members(MEMBER, now, limit))
            .expect("a countable electorate")
            .into_iter()
            .map(Name::from_raw)
            .collect()
    }

    pub fn snapshot(&mut self) -> Snapshot {
        let scope = GOV.raw();
        let next = self.next_id().max(1);
        let mut votes = Vec::new();
        let mut citations = Vec::new();
        for id in 0..next + 1 {
            votes.push((id, self.votes(id)));
            citations.push((id, self.t.chain.rows(GOV, id)));
        }
        Snapshot {
            config: self.t.chain.rows(GOV, scope),
            state: self.t.chain.rows(GOV, scope),
            proposals: self.t.chain.rows(GOV, scope),
            votes,
            citations,
            members: self.t.chain.rows(MEMBER, MEMBER.raw()),
        }
    }

    /// Suspends `account` for `secs` through the charter (pool.member's
    /// admin is governance now, the charter may still rule).
    #[track_caller]
    pub fn suspend_by_ruling(&mut self, account: Name, secs: u32) {
        let until = self.now_sec() + secs;
        self.t.enforce(account, 2, until).unwrap();
    }
}
