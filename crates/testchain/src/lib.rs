//! An in-memory Antelope chain that runs contracts natively.
//!
//! A contract built with `antelope-sdk` is ordinary Rust: on the host its
//! intrinsics go to an installed [`antelope_sdk::host::Host`]. This crate
//! is that host. Register a contract's `apply` function for an account,
//! push actions, and read tables back with the SDK's own typed
//! `MultiIndex`. A test runs in microseconds, a failed `check` comes back
//! as the exact message, and a debugger or coverage tool sees the contract
//! code directly.
//!
//! ```ignore
//! let mut chain = TestChain::new();
//! chain.create_accounts(&[name!("alice"), name!("bob")]);
//! chain.deploy(name!("pool.token"), token::apply);
//! chain.push_action_as(name!("pool.token"), &token::create { .. }, name!("pool.token"))?;
//! assert_fails(chain.push_action_as(..), "overdrawn balance");
//! let rows: Vec<token::Account> = chain.rows(name!("pool.token"), name!("alice").raw());
//! ```
//!
//! # What it models, after nodeos (AntelopeIO/spring)
//!
//! - **Execution order** (`apply_context::exec`): an action, then every
//!   account it (or a notified contract) notified with `require_recipient`
//!   in order, deduplicated and never the first receiver again, then the
//!   inline actions queued by all of them, each executed the same way
//!   (depth-first). At most 4 levels of inline actions.
//! - **Atomic transactions**: any failure (a `check`, any other panic in
//!   contract code, a chain error) reverts everything the transaction did,
//!   through an undo journal like chainbase's, so the cost of a transaction
//!   does not grow with the size of the tables.
//! - **Tables**: the primary index and the idx64/idx128/idx256/double
//!   secondary families with nodeos' iterator handles (`-1` for a missing
//!   table, `-2`, `-3`, ... for end iterators, one handle per object for the
//!   whole action and its notifications), bounds, ordering and error texts;
//!   writes only to the receiver's tables, reads from any contract's.
//! - **RAM**: every row, index entry and `table_id_object` is billed to its
//!   payer with nodeos' billable sizes; a payer change moves the RAM; the
//!   payer rules of the `RAM_RESTRICTIONS` protocol feature (active on
//!   every current Antelope network) are enforced when the receiver's code
//!   returns: an increase for another account needs that account's
//!   authorization and is never allowed in a notification. (The older
//!   "Cannot charge RAM to other accounts during notify." check is what
//!   chains without that feature ran.)
//! - **Privilege**: `eosio` is privileged, as at genesis: it skips the
//!   inline authorization check and the RAM payer rules. Other accounts
//!   are not.
//! - **Authorization**: a transaction declares at least one
//!   authorization; each must name an existing permission that satisfies
//!   the linkauth minimum (`owner` satisfies everything below it); inline
//!   actions must be satisfied by the sender's `eosio.code` permission
//!   through the account permissions set with
//!   [`TestChain::set_permission`] / [`TestChain::add_code`].
//!
//! [`ChainError::message`] is the text of the nodeos exception: for a
//! contract `check` the bare assertion text (nodeos shows it after
//! `assertion failure with message: `), for a chain error nodeos' format
//! string filled in as fc does (names bare, permission levels as JSON).
//!
//! # What it does not model, and why
//!
//! - **Keys and signatures**: the test wallet holds every key, so the
//!   transaction's own declared authorizations are always signed. Tests are
//!   about which authorizations a contract demands, not about cryptography.
//! - **CPU, NET, RAM quotas**: there are no resource limits (RAM is
//!   accounted, never refused): CPU depends on the machine, NET on the
//!   signed transaction, RAM quotas on the system contract's market; none
//!   is the contract's logic.
//! - **Native system actions** (`newaccount`, `updateauth`, `linkauth`,
//!   `setcode`, ...): accounts, permissions and code are set up with
//!   methods instead, outside transactions, and are not billed RAM.
//!   Sending these actions to `eosio` fails with a message saying so.
//! - **Deferred transactions, TAPOS, context-free actions, action return
//!   values, transaction expiry and duplicate detection**: the SDK does not
//!   expose them (deferred transactions are deprecated on chain).
//! - **Blocks and producers**: time is a block time that only moves when
//!   the test moves it ([`TestChain::produce_block`],
//!   [`TestChain::advance_time`], [`TestChain::set_time`]).
//! - **Wasm limits** (memory, stack, call depth, execution time): the code
//!   runs natively; the wasm build is what checks those.
//!
//! Contracts must be built with `panic = "unwind"` (the default for tests,
//! which ignore the profile's `panic` setting): a failure is a panic that
//! the chain catches.

mod auth;
mod db;
mod host;
mod quiet;
mod trace;

pub use trace::{assert_fails, ActionTrace, ChainError, Trace};

use antelope_sdk::host::{with_installed_host, AssertFailure};
use antelope_sdk::{
    name, Action, ActionData, MultiIndex, Name, PermissionLevel, Row, Table, TimePoint,
};
use auth::{Authorities, Permission, ACTIVE, EOSIO_ANY, EOSIO_CODE, OWNER};
use db::Db;
use host::{ApplyContext, ChainHost, Exec};
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// A contract's dispatcher: `apply(receiver, code, action)`, what
/// `antelope_sdk::contract!` generates.
pub type ApplyFn = fn(u64, u64, u64);

const EOSIO: Name = name!("eosio");

/// `config::default_max_inline_action_depth`.
const MAX_INLINE_ACTION_DEPTH: u32 = 4;

/// 2026-01-01T00:00:00.000 UTC.
const GENESIS_TIME_US: i64 = 1_767_225_600_000_000;

/// The `eosio` actions nodeos implements natively; they are set up with
/// methods here.
const NATIVE_ACTIONS: &[(Name, &str)] = &[
    (name!("newaccount"), "create_account"),
    (name!("setcode"), "deploy"),
    (name!("setabi"), "deploy"),
    (name!("updateauth"), "set_permission"),
    (name!("deleteauth"), "nothing (permissions are not deleted)"),
    (name!("linkauth"), "link_auth"),
    (name!("unlinkauth"), "link_auth"),
    (name!("canceldelay"), "nothing (delays are not modelled)"),
];

#[derive(Clone, Copy)]
pub(crate) struct AccountInfo {
    code: Option<ApplyFn>,
    /// `eosio` is privileged, as at genesis: it skips the inline
    /// authorization check and the RAM payer rules.
    privileged: bool,
}

/// What only the test (not a transaction) changes: accounts, code and
/// permissions. Transactions only read it, so it needs no undo journal.
#[derive(Default)]
pub(crate) struct Core {
    pub(crate) accounts: BTreeMap<Name, AccountInfo>,
    pub(crate) auth: Authorities,
}

/// The chain. See the crate documentation.
pub struct TestChain {
    core: Core,
    db: Db,
    now_us: i64,
}

impl Default for TestChain {
    fn default() -> Self {
        Self::new()
    }
}

impl TestChain {
    /// A chain with the `eosio` account, at 2026-01-01T00:00:00.000 UTC.
    pub fn new() -> Self {
        let mut chain = TestChain {
            core: Core::default(),
            db: Db::default(),
            now_us: GENESIS_TIME_US,
        };
        chain.create_account(EOSIO);
        if let Some(eosio) = chain.core.accounts.get_mut(&EOSIO) {
            eosio.privileged = true;
        }
        chain
    }

    // ---- accounts and code ----------------------------------------------

    /// Creates `name` with `owner` and `active` (child of `owner`)
    /// permissions.
    ///
    /// # Panics
    /// If the account exists (a bug in the test).
    pub fn create_account(&mut self, name: Name) {
        assert!(
            !self.core.accounts.contains_key(&name),
            "create_account: account {name} already exists"
        );
        assert!(
            name != Name::EMPTY,
            "create_account: the empty name is not an account"
        );
        self.core.accounts.insert(
            name,
            AccountInfo {
                code: None,
                privileged: false,
            },
        );
        let perms = &mut self.core.auth.permissions;
        perms.insert(
            PermissionLevel::new(name, OWNER),
            Permission {
                parent: None,
                accounts: BTreeSet::new(),
            },
        );
        perms.insert(
            PermissionLevel::new(name, ACTIVE),
            Permission {
                parent: Some(OWNER),
                accounts: BTreeSet::new(),
            },
        );
    }

    pub fn create_accounts(&mut self, names: &[Name]) {
        for name in names {
            self.create_account(*name);
        }
    }

    /// Registers `apply` as the code of `account`, creating the account if
    /// needed; replaces any previous code.
    pub fn deploy(&mut self, account: Name, apply: ApplyFn) {
        if !self.account_exists(account) {
            self.create_account(account);
        }
        if let Some(info) = self.core.accounts.get_mut(&account) {
            info.code = Some(apply);
        }
    }

    pub fn account_exists(&self, name: Name) -> bool {
        self.core.accounts.contains_key(&name)
    }

    // ---- permissions ----------------------------------------------------

    /// Creates or replaces `account@permission`, like `cleos set account
    /// permission`: its authority is the wallet's key plus `accounts`
    /// (`actor@perm`, or `actor@eosio.code` for a contract's code).
    /// `parent` is `Name::EMPTY` for `owner`.
    ///
    /// # Panics
    /// On what `updateauth` refuses: a missing account, parent or
    /// referenced permission, a changed parent, a reserved name.
    pub fn set_permission(
        &mut self,
        account: Name,
        permission: Name,
        parent: Name,
        accounts: &[PermissionLevel],
    ) {
        assert!(
            self.account_exists(account),
            "set_permission: account {account} does not exist"
        );
        assert!(
            !String::from(permission).starts_with("eosio."),
            "set_permission: permission names that start with 'eosio.' are reserved"
        );
        assert!(
            permission != Name::EMPTY,
            "set_permission: the permission needs a name"
        );
        let parent = if permission == OWNER {
            assert!(parent == Name::EMPTY, "set_permission: owner has no parent");
            None
        } else {
            assert!(
                parent != Name::EMPTY,
                "set_permission: only owner has no parent"
            );
            assert!(
                self.core
                    .auth
                    .exists(&PermissionLevel::new(account, parent)),
                "set_permission: parent permission {account}@{parent} does not exist"
            );
            Some(parent)
        };
        for level in accounts {
            assert!(
                self.account_exists(level.actor),
                "set_permission: account {} in the authority does not exist",
                level.actor
            );
            assert!(
                level.permission == EOSIO_CODE || self.core.auth.exists(level),
                "set_permission: permission {}@{} in the authority does not exist",
                level.actor,
                level.permission
            );
        }
        let key = PermissionLevel::new(account, permission);
        if let Some(existing) = self.core.auth.permissions.get(&key) {
            assert!(
                existing.parent == parent,
                "set_permission: changing the parent of {account}@{permission} is not supported (as in nodeos)"
            );
        }
        let accounts = accounts.iter().copied().collect();
        self.core
            .auth
            .permissions
            .insert(key, Permission { parent, accounts });
    }

    /// Adds `account@eosio.code` to `account@permission` (`cleos set
    /// account permission ... --add-code`): the contract at `account` may
    /// then send inline actions authorized by that permission.
    pub fn add_code(&mut self, account: Name, permission: Name) {
        let key = PermissionLevel::new(account, permission);
        match self.core.auth.permissions.get_mut(&key) {
            Some(p) => {
                p.accounts.insert(PermissionLevel::new(account, EOSIO_CODE));
            }
            None => panic!("add_code: permission {account}@{permission} does not exist"),
        }
    }

    /// Requires `account@permission` (or a parent) for `code::action`
    /// whenever `account` authorizes it; `action` `Name::EMPTY` links the
    /// whole contract, `eosio.any` accepts any permission.
    pub fn link_auth(&mut self, account: Name, code: Name, action: Name, permission: Name) {
        assert!(
            self.account_exists(account),
            "link_auth: account {account} does not exist"
        );
        assert!(
            self.account_exists(code),
            "link_auth: account {code} does not exist"
        );
        assert!(
            permission == EOSIO_ANY
                || self
                    .core
                    .auth
                    .exists(&PermissionLevel::new(account, permission)),
            "link_auth: permission {account}@{permission} does not exist"
        );
        // `authorization_manager::check_linkauth_authorization`.
        let unlinkable = [
            name!("updateauth"),
            name!("deleteauth"),
            name!("linkauth"),
            name!("unlinkauth"),
            name!("canceldelay"),
        ];
        assert!(
            !(code == EOSIO && unlinkable.contains(&action)),
            "link_auth: cannot link eosio::{action} to a minimum permission"
        );
        self.core
            .auth
            .links
            .insert((account, code, action), permission);
    }

    // ---- time -----------------------------------------------------------

    /// The block time, what contracts see as `current_time_point()`.
    pub fn now(&self) -> TimePoint {
        TimePoint(self.now_us)
    }

    /// Moves to the next block (+500 ms).
    pub fn produce_block(&mut self) {
        self.now_us += 500_000;
    }

    /// Moves the block time forward by `seconds`.
    pub fn advance_time(&mut self, seconds: u32) {
        self.now_us += i64::from(seconds) * 1_000_000;
    }

    pub fn set_time(&mut self, t: TimePoint) {
        self.now_us = t.0;
    }

    // ---- transactions ---------------------------------------------------

    /// Pushes one action with `data` to `contract`, authorized by `auth`.
    pub fn push_action<T: ActionData>(
        &mut self,
        contract: Name,
        data: &T,
        auth: &[PermissionLevel],
    ) -> Result<Trace, ChainError> {
        self.push_raw(data.to_action(contract, auth.to_vec()))
    }

    /// Pushes one action authorized by `actor@active`.
    pub fn push_action_as<T: ActionData>(
        &mut self,
        contract: Name,
        data: &T,
        actor: Name,
    ) -> Result<Trace, ChainError> {
        self.push_action(contract, data, &[PermissionLevel::new(actor, ACTIVE)])
    }

    /// Pushes an action as given: any name, any data bytes.
    pub fn push_raw(&mut self, action: Action) -> Result<Trace, ChainError> {
        self.push_transaction(vec![action])
    }

    /// Pushes a transaction: its actions run in order and either all of
    /// their effects are kept or none.
    pub fn push_transaction(&mut self, actions: Vec<Action>) -> Result<Trace, ChainError> {
        self.validate_referenced_accounts(&actions)
            .map_err(ChainError::new)?;
        // The wallet holds every key: only the linkauth minimums can fail.
        self.core
            .auth
            .check_authorization(&actions, &[], true)
            .map_err(ChainError::new)?;

        self.db.begin();
        let mut exec = Executor {
            core: &self.core,
            db: &mut self.db,
            now_us: self.now_us,
            traces: Vec::new(),
        };
        // Contract failures come back as `Err`; a panic here is a bug of the
        // test chain itself, and must still not leave half a transaction.
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Vec<ActionTrace>, String> {
            for act in actions {
                exec.execute_action(act, 0)?;
            }
            Ok(std::mem::take(&mut exec.traces))
        }));
        match outcome {
            Ok(Ok(traces)) => {
                self.db.commit();
                Ok(Trace { actions: traces })
            }
            Ok(Err(message)) => {
                self.db.rollback();
                Err(ChainError::new(message))
            }
            Err(payload) => {
                self.db.rollback();
                resume_unwind(payload)
            }
        }
    }

    /// `transaction_context::validate_referenced_accounts`.
    fn validate_referenced_accounts(&self, actions: &[Action]) -> Result<(), String> {
        let mut one_auth = false;
        for a in actions {
            if !self.account_exists(a.account) {
                return Err(format!(
                    "action's code account '{}' does not exist",
                    a.account
                ));
            }
            for auth in &a.authorization {
                one_auth = true;
                if !self.account_exists(auth.actor) {
                    return Err(format!(
                        "action's authorizing actor '{}' does not exist",
                        auth.actor
                    ));
                }
                if !self.core.auth.exists(auth) {
                    return Err(format!(
                        "action's authorizations include a non-existent permission: {}",
                        auth::json(auth)
                    ));
                }
            }
        }
        if !one_auth {
            return Err("transaction must have at least one authorization".to_string());
        }
        Ok(())
    }

    // ---- reads ----------------------------------------------------------

    /// Runs `f` against the current state with a read-only host, so tests
    /// can use the SDK's tables directly:
    /// `chain.read(|| MultiIndex::<Account>::new(code, scope).find(pk))`.
    ///
    /// # Panics
    /// If `f` writes, authorizes, sends or asks about the running action
    /// (there is none), or if a contract assertion fails inside it (the
    /// panic carries the assertion text).
    pub fn read<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let mut ctx = ApplyContext::new(Name::EMPTY);
        let mut host = ChainHost::reading(&self.core, &mut self.db, &mut ctx, self.now_us);
        let result = {
            let _reading = quiet::reading();
            catch_unwind(AssertUnwindSafe(|| with_installed_host(&mut host, f)))
        };
        match result {
            Ok(r) => r,
            Err(payload) => match payload.downcast::<AssertFailure>() {
                Ok(failure) => panic!("assertion failed inside TestChain::read: {}", failure.0),
                Err(payload) => resume_unwind(payload),
            },
        }
    }

    /// All rows of `T` in `code`'s table in `scope`, by primary key.
    pub fn rows<T: Table>(&mut self, code: Name, scope: u64) -> Vec<T> {
        self.read(|| {
            MultiIndex::<T>::new(code, scope)
                .iter()
                .map(Row::into_inner)
                .collect()
        })
    }

    /// The row of `T` with primary key `pk`, if any.
    pub fn row<T: Table>(&mut self, code: Name, scope: u64, pk: u64) -> Option<T> {
        self.read(|| {
            MultiIndex::<T>::new(code, scope)
                .find(pk)
                .map(Row::into_inner)
        })
    }

    /// RAM billed to `account` for contract tables: rows (data + 108
    /// bytes), secondary index entries (128 to 152 bytes) and
    /// `table_id_object`s (108 bytes), nodeos' billable sizes.
    pub fn ram_usage(&self, account: Name) -> i64 {
        self.db.ram(account)
    }

    /// The scopes in which `code` has a table `table` with at least one
    /// row, ascending: to visit every balance of a token, every day of an
    /// aggregate, without knowing the scopes in advance.
    pub fn table_scopes(&self, code: Name, table: Name) -> Vec<u64> {
        self.db.scopes(code, table.raw())
    }

    /// A digest of all contract state (every table's rows, payers and
    /// secondary keys, and the RAM billed to each account): equal digests
    /// mean byte-identical state. A fuzzer compares it across a failed
    /// transaction, which must change nothing.
    pub fn state_digest(&mut self) -> [u8; 32] {
        self.db.digest()
    }
}

/// Runs one transaction's actions against the chain state.
struct Executor<'a> {
    core: &'a Core,
    db: &'a mut Db,
    now_us: i64,
    traces: Vec<ActionTrace>,
}

impl Executor<'_> {
    /// `transaction_context::execute_action` + `apply_context::exec`.
    fn execute_action(&mut self, act: Action, depth: u32) -> Result<(), String> {
        let mut ctx = ApplyContext::new(act.account);
        // Notified contracts may notify more accounts: the list grows while
        // it is walked.
        let mut i = 0;
        while i < ctx.notified.len() {
            let receiver = ctx.notified[i];
            self.exec_one(&mut ctx, &act, receiver, depth)?;
            i += 1;
        }
        if !ctx.inline.is_empty() {
            if depth >= MAX_INLINE_ACTION_DEPTH {
                return Err("max inline action depth per transaction reached".to_string());
            }
            for inline in std::mem::take(&mut ctx.inline) {
                self.execute_action(inline, depth + 1)?;
            }
        }
        Ok(())
    }

    /// `apply_context::exec_one`: runs `receiver`'s code (if any) for `act`.
    fn exec_one(
        &mut self,
        ctx: &mut ApplyContext,
        act: &Action,
        receiver: Name,
        depth: u32,
    ) -> Result<(), String> {
        // nodeos looks the receiver up with chainbase's `get`, whose failure
        // is this message; only a notified account can be missing here.
        let Some(account) = self.core.accounts.get(&receiver).copied() else {
            return Err(format!("unknown key (eosio::chain::name): {receiver}"));
        };
        if receiver == EOSIO && act.account == EOSIO {
            if let Some((_, method)) = NATIVE_ACTIONS.iter().find(|(n, _)| *n == act.name) {
                return Err(format!(
                    "the test chain does not model the native action eosio::{}; use TestChain::{method}",
                    act.name
                ));
            }
        }
        let exec = Exec {
            act,
            receiver,
            privileged: account.privileged,
            console: String::new(),
            ram_deltas: BTreeMap::new(),
        };
        let mut host = ChainHost::executing(self.core, self.db, ctx, exec, self.now_us);
        if let Some(apply) = account.code {
            let result = {
                let _quiet = quiet::contract_running();
                catch_unwind(AssertUnwindSafe(|| {
                    with_installed_host(&mut host, || {
                        apply(receiver.raw(), act.account.raw(), act.name.raw())
                    })
                }))
            };
            if let Err(payload) = result {
                return Err(quiet::panic_message(&*payload));
            }
        }
        let exec = host.into_exec().expect("an executing host");
        if !account.privileged {
            check_ram_restrictions(&exec, act)?;
        }
        self.traces.push(ActionTrace {
            receiver,
            account: act.account,
            name: act.name,
            data: act.data.clone(),
            authorization: act.authorization.clone(),
            console: exec.console,
            depth,
            is_notification: receiver != act.account,
        });
        Ok(())
    }
}

/// The `RAM_RESTRICTIONS` rules, checked when the receiver's code returns
/// (`apply_context::exec_one`): an unprivileged contract may increase the
/// RAM of another account only in its own action (not in a notification)
/// and only if that account authorized the action. Net changes count, in
/// account name order.
fn check_ram_restrictions(exec: &Exec<'_>, act: &Action) -> Result<(), String> {
    let in_notify = exec.receiver != act.account;
    for (account, delta) in &exec.ram_deltas {
        if *delta <= 0 || *account == exec.receiver {
            continue;
        }
        if in_notify {
            return Err(format!(
                "unprivileged contract cannot increase RAM usage of another account within a notify context: {account}"
            ));
        }
        if !act.authorization.iter().any(|a| a.actor == *account) {
            return Err(format!(
                "unprivileged contract cannot increase RAM usage of another account that has not authorized the action: {account}"
            ));
        }
    }
    Ok(())
}
