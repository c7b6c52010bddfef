//! The whole pool on the native test chain.
//!
//! - [`Pool::bootstrap`] deploys all seven contracts on one
//!   [`TestChain`] exactly as `scripts/bootstrap.sh` sets up the real
//!   chain: the same accounts, each contract on its account, the `inline`
//!   permissions linked to exactly what each contract sends, `eosio.code`
//!   in `pool.gov@active`, and every initial configuration with the
//!   script's values, in the script's order.
//! - [`Pool::running`] continues as the demo (`tests/src/bin/demo.rs`)
//!   does: POOL issued and handed out, `docs/constitution-v1.md`
//!   published, the founders signed, registered and approved, a pending
//!   producer, an arbitrator, holders staked and voting, balance rows for
//!   the producers' claims; optionally the hand-over to `pool.gov`
//!   (`scripts/bootstrap.sh --handover`). A test starts from a realistic
//!   running pool.
//! - [`invariants`]: the suite's invariants, each a function returning
//!   `Err(description of the violation)`.
//! - [`probe`]: tells a clean contract assertion from any other panic in
//!   contract code (overflow, unwrap, index out of bounds), which the
//!   test chain reports the same way.
//! - [`fixtures`]: values tests keep needing (keys, hashes, assets,
//!   generated account names) and the notification forwarder of the
//!   security tests.
//! - [`helpers`]: the set-up every contract's own tests share (token,
//!   constitution and fees stand-ins, the hostile payee, `inline`
//!   permissions).
//!
//! The contracts run as their real code (`pool-token`, ... with
//! `default-features = false`, as the contracts' own tests depend on each
//! other).

pub mod fixtures;
pub mod helpers;
pub mod invariants;
mod pool;
pub mod probe;

pub use pool::{Pool, PoolConfig};

pub use antelope_testchain::{assert_fails, ChainError, TestChain, Trace};

/// The pool's accounts, as `scripts/env.sh` names them.
pub mod accounts {
    use antelope_sdk::{name, Name};

    pub const TOKEN: Name = name!("pool.token");
    pub const MEMBERS: Name = name!("pool.member");
    pub const CHARTER: Name = name!("pool.charter");
    pub const METRICS: Name = name!("pool.metrics");
    pub const REWARDS: Name = name!("pool.reward");
    pub const FEES: Name = name!("pool.fees");
    pub const GOV: Name = name!("pool.gov");
    /// Receives the infrastructure share of rewards (`POOL_INFRA_ACCOUNT`).
    pub const INFRA: Name = name!("pool.infra");
    /// Holds the C++ reference token on the real chain (for comparisons);
    /// here an account without code.
    pub const EOSIO_TOKEN: Name = name!("eosio.token");

    /// `POOL_DEMO_ACCOUNTS`: token holders who stake and vote.
    pub const HOLDERS: [Name; 5] = [
        name!("alice"),
        name!("bob"),
        name!("carol"),
        name!("dave"),
        name!("erin"),
    ];
    /// `POOL_PRODUCER_ACCOUNTS`.
    pub const PRODUCERS: [Name; 5] = [
        name!("prod1"),
        name!("prod2"),
        name!("prod3"),
        name!("prod4"),
        name!("prod5"),
    ];
    /// Approved by pool.member's own admin before the hand-over.
    pub const FOUNDERS: [Name; 3] = [name!("prod1"), name!("prod2"), name!("prod3")];
    /// Registered, pending approval, in a running pool.
    pub const PENDING: Name = name!("prod4");
    /// Registers later (the demo's late producer who pays the fee).
    pub const LATE: Name = name!("prod5");
    /// `POOL_EMITTER_ACCOUNTS`.
    pub const EMITTERS: [Name; 2] = [name!("emitter1"), name!("emitter2")];
    /// The arbitrator of a running pool (the demo's).
    pub const ARBITRATOR: Name = name!("erin");

    /// Every contract: its directory (`contracts/<dir>`, `abi/<dir>.abi`)
    /// and its account (`POOL_CONTRACT_ACCOUNTS`).
    pub const CONTRACTS: [(&str, Name); 7] = [
        ("token", TOKEN),
        ("members", MEMBERS),
        ("charter", CHARTER),
        ("metrics", METRICS),
        ("rewards", REWARDS),
        ("fees", FEES),
        ("governance", GOV),
    ];

    pub const ACTIVE: Name = name!("active");
    pub const OWNER: Name = name!("owner");
    /// The permission each contract sends inline actions with.
    pub const INLINE: Name = name!("inline");
}
