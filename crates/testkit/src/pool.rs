//! The pool on one test chain, set up as `scripts/bootstrap.sh` and the
//! demo set up the real one.

use crate::accounts::*;
use crate::fixtures::{self, constitution_v1_hash, key, pool, SYM};
use antelope_sdk::{
    name, Action, ActionData, Asset, Checksum256, Name, PermissionLevel, TimePointSec,
};
use antelope_testchain::{ChainError, TestChain, Trace};

/// What `scripts/bootstrap.sh` lets the environment choose, plus the
/// knobs a test may want to turn. [`Default`] is the script's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolConfig {
    /// `POOL_DAY_SEC`: the length of a day in metrics and rewards.
    pub day_sec: u32,
    /// `POOL_WINDOW_SEC`: the metrics window.
    pub window_sec: u32,
    /// `POOL_CLAIM_WINDOW_SEC`: how long an allocation may be claimed.
    pub claim_window_sec: u32,
    /// The metrics retention (the script: 604800, 7 days; at least a
    /// day).
    pub retention_sec: u32,
    /// The fees contract's `min_votes` (the script: 15; the demo lowers
    /// it to 3 by proposal for its pool of four elected producers).
    pub fee_min_votes: u16,
    /// Whether [`Pool::running`] ends with the hand-over to `pool.gov`
    /// (`scripts/bootstrap.sh --handover`): then only passed proposals
    /// (or `pool.gov@active`) administer the contracts.
    pub handover: bool,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            day_sec: 86_400,
            window_sec: 60,
            claim_window_sec: 86_400,
            retention_sec: 604_800,
            fee_min_votes: 15,
            handover: false,
        }
    }
}

/// The stakes and votes of a running pool: the demo's ballots.
pub const BALLOTS: [(Name, i64, &[Name]); 4] = [
    (name!("alice"), 5_000_000, &[name!("prod1"), name!("prod2")]),
    (
        name!("bob"),
        20_000_000,
        &[name!("prod2"), name!("prod3"), name!("prod4")],
    ),
    (name!("carol"), 10_000_000, &[name!("prod1")]),
    (name!("dave"), 30_000_000, &[name!("prod3"), name!("prod4")]),
];

/// The pool: a test chain with every contract, and what was set up.
pub struct Pool {
    pub chain: TestChain,
    pub config: PoolConfig,
    accounts: Vec<Name>,
}

impl Pool {
    /// `scripts/bootstrap.sh` on a fresh chain: the accounts (the
    /// suite's, eosio.token, the demo holders, the producers, the
    /// emitters, pool.infra), every contract on its account, the
    /// `inline` permissions and links, `eosio.code` on `pool.gov@active`,
    /// and each contract's initial configuration, in the script's order
    /// and with its values. Every contract administers itself.
    ///
    /// # Panics
    /// If any step fails (the suite and the script disagree).
    pub fn bootstrap(config: PoolConfig) -> Pool {
        let mut chain = TestChain::new();
        let mut accounts = vec![EOSIO_TOKEN];
        accounts.extend(CONTRACTS.iter().map(|(_, a)| *a));
        accounts.extend(HOLDERS);
        accounts.extend(PRODUCERS);
        accounts.extend(EMITTERS);
        accounts.push(INFRA);
        for a in &accounts {
            chain.create_account(*a);
        }
        chain.deploy(TOKEN, pool_token::apply);
        chain.deploy(MEMBERS, pool_members::apply);
        chain.deploy(CHARTER, pool_charter::apply);
        chain.deploy(METRICS, pool_metrics::apply);
        chain.deploy(REWARDS, pool_rewards::apply);
        chain.deploy(FEES, pool_fees::apply);
        chain.deploy(GOV, pool_governance::apply);

        // INLINE_LINKS: <account>@inline, child of active, holding only
        // <account>@eosio.code, linked to exactly what the contract sends.
        let links: [(Name, Name, Name); 8] = [
            (MEMBERS, TOKEN, name!("transfer")),
            (MEMBERS, FEES, name!("charge")),
            (CHARTER, MEMBERS, name!("setstatus")),
            (CHARTER, FEES, name!("charge")),
            (CHARTER, REWARDS, name!("forfeit")),
            (FEES, TOKEN, name!("transfer")),
            (REWARDS, TOKEN, name!("transfer")),
            (GOV, FEES, name!("charge")),
        ];
        let mut with_inline = Vec::new();
        for (account, code, action) in links {
            if !with_inline.contains(&account) {
                chain.set_permission(account, INLINE, ACTIVE, &[]);
                chain.add_code(account, INLINE);
                with_inline.push(account);
            }
            chain.link_auth(account, code, action, INLINE);
        }
        // ACTIVE_CODE: governance executes passed proposals with
        // pool.gov@active (docs/governance.md).
        chain.add_code(GOV, ACTIVE);

        let mut p = Pool {
            chain,
            config,
            accounts,
        };
        p.configure();
        p
    }

    /// [`Pool::bootstrap`], then the opening of the demo: 100000.0000 POOL
    /// issued, the holders given 1000 to 5000 POOL and the producers 1000
    /// POOL each; `docs/constitution-v1.md` published; the founders
    /// (prod1..prod3) sign, register and are approved by pool.member's
    /// own admin; prod4 signs and registers; erin is appointed
    /// arbitrator; with [`PoolConfig::handover`], every contract is handed
    /// to pool.gov; prod4 is approved (by proposal after a hand-over);
    /// the holders stake and vote as in the demo; pool.infra opens its
    /// balance row. prod5 stays unregistered (the demo's late producer).
    ///
    /// # Panics
    /// If any step fails.
    pub fn running(config: PoolConfig) -> Pool {
        let mut p = Pool::bootstrap(config);
        p.must(
            TOKEN,
            &pool_token::actions::issue {
                to: TOKEN,
                quantity: pool(1_000_000_000),
                memo: "running pool".into(),
            },
            TOKEN,
        );
        for (i, holder) in HOLDERS.iter().enumerate() {
            p.give(*holder, pool(10_000_000 * (i as i64 + 1)));
        }
        for producer in PRODUCERS {
            p.give(producer, pool(10_000_000));
        }
        p.must(
            CHARTER,
            &pool_charter::actions::newversion {
                hash: constitution_v1_hash(),
                url: fixtures::CONSTITUTION_V1_URL.into(),
            },
            CHARTER,
        );
        for (i, producer) in FOUNDERS.iter().enumerate() {
            p.sign_and_register(*producer, i as u8 + 1);
            p.must(
                MEMBERS,
                &pool_members::actions::approve { account: *producer },
                MEMBERS,
            );
        }
        p.sign_and_register(PENDING, 4);
        p.must(
            CHARTER,
            &pool_charter::actions::appoint {
                arbitrator: ARBITRATOR,
            },
            CHARTER,
        );
        if p.config.handover {
            p.handover();
            let approve = pool_members::actions::approve { account: PENDING }
                .to_action(MEMBERS, vec![PermissionLevel::active(GOV)]);
            if let Err(e) = p.pass_proposal(FOUNDERS[0], "Approve prod4 as a member", vec![approve])
            {
                panic!("running pool: approving prod4 by proposal failed: {e}");
            }
        } else {
            p.must(
                MEMBERS,
                &pool_members::actions::approve { account: PENDING },
                MEMBERS,
            );
        }
        for (holder, stake, producers) in BALLOTS {
            p.must(
                MEMBERS,
                &pool_members::actions::openstake { owner: holder },
                holder,
            );
            p.must(
                TOKEN,
                &pool_token::actions::transfer {
                    from: holder,
                    to: MEMBERS,
                    quantity: pool(stake),
                    memo: "stake".into(),
                },
                holder,
            );
            p.must(
                MEMBERS,
                &pool_members::actions::vote {
                    voter: holder,
                    producers: producers.to_vec(),
                },
                holder,
            );
        }
        p.must(
            TOKEN,
            &pool_token::actions::open {
                owner: INFRA,
                symbol: SYM,
                ram_payer: INFRA,
            },
            INFRA,
        );
        p
    }

    /// Every account created, in creation order.
    pub fn accounts(&self) -> &[Name] {
        &self.accounts
    }

    /// Creates an account (a test's own extra actor) and remembers it.
    pub fn create_account(&mut self, account: Name) {
        self.chain.create_account(account);
        self.accounts.push(account);
    }

    /// Pushes `data` to `contract` signed by `signer@active`.
    pub fn push<T: ActionData>(
        &mut self,
        contract: Name,
        data: &T,
        signer: Name,
    ) -> Result<Trace, ChainError> {
        self.chain.push_action_as(contract, data, signer)
    }

    /// [`Pool::push`] that must succeed.
    ///
    /// # Panics
    /// With the action and the chain's message when it fails.
    #[track_caller]
    pub fn must<T: ActionData>(&mut self, contract: Name, data: &T, signer: Name) -> Trace {
        match self.push(contract, data, signer) {
            Ok(t) => t,
            Err(e) => panic!("{contract}::{} by {signer} failed: {e}", T::NAME),
        }
    }

    /// `pool.token` (the issuer) transfers `quantity` to `to`.
    pub fn give(&mut self, to: Name, quantity: Asset) {
        self.must(
            TOKEN,
            &pool_token::actions::transfer {
                from: TOKEN,
                to,
                quantity,
                memo: String::new(),
            },
            TOKEN,
        );
    }

    /// `producer` signs the latest constitution version and registers
    /// with a page `https://<producer>.example`, location 840 and key
    /// `key(n)`.
    pub fn sign_and_register(&mut self, producer: Name, n: u8) {
        let hash = self.latest_constitution().1;
        self.must(
            CHARTER,
            &pool_charter::actions::sign {
                account: producer,
                hash,
            },
            producer,
        );
        self.must(
            MEMBERS,
            &pool_members::actions::regmember {
                account: producer,
                url: format!("https://{producer}.example"),
                location: 840,
                producer_key: key(n),
            },
            producer,
        );
    }

    /// The latest constitution version and its hash ((0, zero) before
    /// any).
    pub fn latest_constitution(&mut self) -> (u64, Checksum256) {
        self.chain
            .read(|| pool_shared::charter::latest_version(CHARTER))
            .map_or((0, Checksum256::default()), |v| (v.version, v.hash))
    }

    /// The block time in seconds.
    pub fn now(&self) -> u32 {
        self.chain.now().sec_since_epoch()
    }

    /// The current day (`now / day_sec`, as metrics and rewards count).
    pub fn today(&self) -> u64 {
        u64::from(self.now() / self.config.day_sec)
    }

    /// The first second of `day`.
    pub fn day_start(&self, day: u64) -> u32 {
        (day * u64::from(self.config.day_sec)) as u32
    }

    /// `scripts/bootstrap.sh --handover`: pool.fees, pool.charter,
    /// pool.metrics, pool.reward and pool.member (in that order) each get
    /// a `setconfig` with `governance = pool.gov`, signed by the contract
    /// itself, every other value repeated from its configuration.
    ///
    /// # Panics
    /// If a contract is not configured or refuses.
    pub fn handover(&mut self) {
        let c = &mut self.chain;
        let fees = c
            .read(|| pool_fees::tables::config(FEES).get())
            .expect("pool.fees is configured");
        let charter = c
            .read(|| pool_charter::tables::config(CHARTER).get())
            .expect("pool.charter is configured");
        let grace = c
            .read(|| pool_shared::charter::params(CHARTER).get())
            .expect("pool.charter has its constitution parameters")
            .grace_period_sec;
        let metrics = c
            .read(|| pool_metrics::tables::config(METRICS).get())
            .expect("pool.metrics is configured");
        let rewards = c
            .read(|| pool_rewards::tables::config(REWARDS).get())
            .expect("pool.reward is configured");
        let members = c
            .read(|| pool_members::tables::config(MEMBERS).get())
            .expect("pool.member is configured");
        self.must(
            FEES,
            &pool_fees::actions::setconfig {
                governance: GOV,
                members: fees.members,
                token_contract: fees.token_contract,
                fee_symbol: fees.fee_symbol,
                rewards: fees.rewards,
                scheduled: fees.scheduled,
                min_votes: fees.min_votes,
                max_compute_per_call: fees.max_compute_per_call,
            },
            FEES,
        );
        self.must(
            CHARTER,
            &pool_charter::actions::setconfig {
                governance: GOV,
                members: charter.members,
                rewards: charter.rewards,
                fees: charter.fees,
                appeal_window_sec: charter.appeal_window_sec,
                max_open_cases: charter.max_open_cases,
                grace_period_sec: grace,
            },
            CHARTER,
        );
        self.must(
            METRICS,
            &pool_metrics::actions::setconfig {
                governance: GOV,
                members: metrics.members,
                quorum: metrics.quorum,
                window_sec: metrics.window_sec,
                day_sec: metrics.day_sec,
                max_batch: metrics.max_batch,
                retention_sec: metrics.retention_sec,
                genesis: metrics.genesis,
            },
            METRICS,
        );
        self.must(
            REWARDS,
            &pool_rewards::actions::setconfig {
                governance: GOV,
                token_contract: rewards.token_contract,
                symbol: rewards.symbol,
                members: rewards.members,
                metrics: rewards.metrics,
                charter: rewards.charter,
                infra_account: rewards.infra_account,
                paid: rewards.paid,
                scheduled: rewards.scheduled,
                vote_share_bps: rewards.vote_share_bps,
                infra_share_bps: rewards.infra_share_bps,
                min_availability_bps: rewards.min_availability_bps,
                claim_window_sec: rewards.claim_window_sec,
                day_sec: rewards.day_sec,
                max_days_per_rollover: rewards.max_days_per_rollover,
                max_sweep: rewards.max_sweep,
            },
            REWARDS,
        );
        self.must(
            MEMBERS,
            &pool_members::actions::setconfig {
                governance: GOV,
                token_contract: members.token_contract,
                stake_symbol: members.stake_symbol,
                charter: members.charter,
                fees: members.fees,
                auto_approve: members.auto_approve,
                refund_delay_sec: members.refund_delay_sec,
            },
            MEMBERS,
        );
    }

    /// `proposer` proposes `actions` (each authorized by
    /// `pool.gov@active`) under `title` (its document hash: the title's
    /// SHA-256), expiring in 7 days; every member in good standing votes
    /// yes quoting the content hash; alice executes it. Returns the
    /// proposal's id, or the first failure.
    pub fn pass_proposal(
        &mut self,
        proposer: Name,
        title: &str,
        actions: Vec<Action>,
    ) -> Result<u64, ChainError> {
        let id = self
            .chain
            .read(|| pool_governance::tables::state(GOV).get())
            .map_or(1, |s| s.next_id);
        let expires = TimePointSec::from_secs(self.now() + 7 * 86_400);
        self.push(
            GOV,
            &pool_governance::actions::propose {
                proposer,
                title: title.into(),
                url: format!("https://pool.example/proposals/{id}.md"),
                hash: fixtures::sha256(title.as_bytes()),
                actions,
                cites: vec![],
                expires,
            },
            proposer,
        )?;
        let content_hash = self
            .chain
            .read(|| pool_governance::tables::proposals(GOV).find(id))
            .map(|p| p.content_hash)
            .ok_or_else(|| ChainError::new(format!("proposal {id} was not stored")))?;
        for voter in self.members_in_good_standing() {
            self.push(
                GOV,
                &pool_governance::actions::vote {
                    member: voter,
                    id,
                    vote: 1,
                    content_hash,
                },
                voter,
            )?;
        }
        self.push(
            GOV,
            &pool_governance::actions::exec {
                executor: HOLDERS[0],
                id,
            },
            HOLDERS[0],
        )?;
        Ok(id)
    }

    /// The members in good standing now (active, signature counting), by
    /// account name.
    pub fn members_in_good_standing(&mut self) -> Vec<Name> {
        let now = self.now();
        self.chain.read(|| {
            pool_members::tables::members(MEMBERS)
                .iter()
                .map(|m| m.account)
                .filter(|m| pool_members::views::in_good_standing(MEMBERS, *m, now))
                .collect()
        })
    }

    /// Each contract's initial configuration, as the script's
    /// "configurations" section.
    fn configure(&mut self) {
        let cfg = self.config.clone();
        self.must(
            TOKEN,
            &pool_token::actions::create {
                issuer: TOKEN,
                maximum_supply: fixtures::asset("1000000000.0000 POOL"),
            },
            TOKEN,
        );
        // Fees are forwarded to pool.reward; it opens its own balance row
        // so that pool.fees never pays RAM for it.
        self.must(
            TOKEN,
            &pool_token::actions::open {
                owner: REWARDS,
                symbol: SYM,
                ram_payer: REWARDS,
            },
            REWARDS,
        );
        // 21 elected voters, at least 15 votes, 10 endpoints per
        // computefees.
        self.must(
            FEES,
            &pool_fees::actions::setconfig {
                governance: Name::EMPTY,
                members: MEMBERS,
                token_contract: TOKEN,
                fee_symbol: SYM,
                rewards: REWARDS,
                scheduled: 21,
                min_votes: cfg.fee_min_votes,
                max_compute_per_call: 10,
            },
            FEES,
        );
        self.must(
            FEES,
            &pool_fees::actions::addcaller { contract: MEMBERS },
            FEES,
        );
        self.must(
            FEES,
            &pool_fees::actions::addcaller { contract: CHARTER },
            FEES,
        );
        self.must(
            FEES,
            &pool_fees::actions::regendpoint {
                endpoint: name!("regmember"),
                annual: true,
            },
            FEES,
        );
        self.must(
            FEES,
            &pool_fees::actions::regendpoint {
                endpoint: name!("filecase"),
                annual: false,
            },
            FEES,
        );
        self.must(FEES, &pool_fees::actions::addcaller { contract: GOV }, FEES);
        self.must(
            FEES,
            &pool_fees::actions::regendpoint {
                endpoint: name!("propose"),
                annual: false,
            },
            FEES,
        );
        // Appeal window 3 days, at most 5 open cases per claimant, grace
        // 7 days.
        self.must(
            CHARTER,
            &pool_charter::actions::setconfig {
                governance: Name::EMPTY,
                members: MEMBERS,
                rewards: REWARDS,
                fees: FEES,
                appeal_window_sec: 259_200,
                max_open_cases: 5,
                grace_period_sec: 604_800,
            },
            CHARTER,
        );
        // Quorum 1, at most 100 entries per report; reports may start
        // from today 00:00 (of the configured day length).
        let genesis = TimePointSec::from_secs(self.now() / cfg.day_sec * cfg.day_sec);
        self.must(
            METRICS,
            &pool_metrics::actions::setconfig {
                governance: Name::EMPTY,
                members: MEMBERS,
                quorum: 1,
                window_sec: cfg.window_sec,
                day_sec: cfg.day_sec,
                max_batch: 100,
                retention_sec: cfg.retention_sec,
                genesis,
            },
            METRICS,
        );
        for emitter in EMITTERS {
            self.must(
                METRICS,
                &pool_metrics::actions::regemitter { emitter },
                METRICS,
            );
        }
        // Paid 42, scheduled 21, 60% by votes, 5% infrastructure, 50%
        // availability minimum, at most 7 days per rollover, 100 expired
        // allocations per sweep.
        self.must(
            REWARDS,
            &pool_rewards::actions::setconfig {
                governance: Name::EMPTY,
                token_contract: TOKEN,
                symbol: SYM,
                members: MEMBERS,
                metrics: METRICS,
                charter: CHARTER,
                infra_account: INFRA,
                paid: 42,
                scheduled: 21,
                vote_share_bps: 6000,
                infra_share_bps: 500,
                min_availability_bps: 5000,
                claim_window_sec: cfg.claim_window_sec,
                day_sec: cfg.day_sec,
                max_days_per_rollover: 7,
                max_sweep: 100,
            },
            REWARDS,
        );
        // Stake POOL, approval by governance, refunds 3 days after
        // unstaking.
        self.must(
            MEMBERS,
            &pool_members::actions::setconfig {
                governance: Name::EMPTY,
                token_contract: TOKEN,
                stake_symbol: SYM,
                charter: CHARTER,
                fees: FEES,
                auto_approve: false,
                refund_delay_sec: 259_200,
            },
            MEMBERS,
        );
        // Passing: yes >= floor(2/3 x eligible) + 1 with a 2/3 quorum; at
        // most 10 actions and 10 citations, 30-day lifetime, a scan of at
        // most 1000 member rows.
        self.must(
            GOV,
            &pool_governance::actions::setconfig {
                members: MEMBERS,
                fees: FEES,
                threshold_num: 2,
                threshold_den: 3,
                threshold_plus: 1,
                quorum_num: 2,
                quorum_den: 3,
                max_actions: 10,
                max_cites: 10,
                max_lifetime_sec: 2_592_000,
                max_eligible_scan: 1000,
            },
            GOV,
        );
    }
}
