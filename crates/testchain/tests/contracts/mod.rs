//! Tiny contracts for the test chain's own specs (the real contracts live
//! elsewhere and cannot be used here).
//!
//! - [`script`]: whatever the test says. Its `run` action and its
//!   notification handler for any contract's `run` call a closure the test
//!   registered for the receiving account, so one contract covers every
//!   intrinsic-level scenario (raw iterators, notifications, inline
//!   actions) with the real dispatch path.
//! - [`registry`]: an ordinary SDK contract with a typed table and four
//!   secondary indexes, for typed reads and RAM numbers.

#![allow(dead_code)]

use antelope_sdk::{Context, Name, PermissionLevel};
use antelope_testchain::{ChainError, TestChain, Trace};

pub mod script {
    use antelope_sdk::{action, notify, Context, Name};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    type Script = Rc<dyn Fn(&Context, u64)>;

    thread_local! {
        // Contracts run on the thread that pushes the transaction, so a
        // test's scripts are private to that test.
        static SCRIPTS: RefCell<HashMap<Name, Script>> = RefCell::new(HashMap::new());
    }

    /// What `run` does when `account` receives it (as the action or as a
    /// notification of another contract's `run`). Replaces the previous
    /// script.
    pub fn set(account: Name, f: impl Fn(&Context, u64) + 'static) {
        SCRIPTS.with(|s| s.borrow_mut().insert(account, Rc::new(f)));
    }

    fn call(ctx: &Context, arg: u64) {
        let script = SCRIPTS.with(|s| s.borrow().get(&ctx.receiver).cloned());
        if let Some(f) = script {
            f(ctx, arg)
        }
    }

    #[action]
    pub fn run(ctx: &Context, arg: u64) {
        call(ctx, arg)
    }

    #[notify("*::run")]
    pub fn on_run(ctx: &Context, arg: u64) {
        call(ctx, arg)
    }

    antelope_sdk::contract! {
        actions: [run],
        notifications: [on_run],
        tables: [],
        ricardian: "",
    }
}

pub mod registry {
    use antelope_sdk::{action, check, name, require_auth, Context, MultiIndex, Name, Pack, Table};

    #[derive(Clone, Debug, PartialEq, Pack, Table)]
    #[table(name = "items", primary = self.id)]
    #[index(name = "byowner", kind = idx64, key = self.owner.raw())]
    #[index(name = "byamount", kind = idx128, key = self.amount)]
    #[index(name = "byhash", kind = idx256, key = self.hash)]
    #[index(name = "byprice", kind = double, key = self.price)]
    pub struct Item {
        pub id: u64,
        pub owner: Name,
        pub amount: u128,
        pub hash: [u128; 2],
        pub price: f64,
        pub memo: String,
    }

    /// One row per account, paid by that account.
    #[derive(Clone, Debug, PartialEq, Pack, Table)]
    #[table(name = "balances", primary = self.owner.raw())]
    pub struct Balance {
        pub owner: Name,
        pub amount: u64,
    }

    /// Stores `item` (insert or replace) with `payer` paying; no
    /// authorization check of its own, so the chain's RAM rules decide.
    #[action]
    pub fn put(ctx: &Context, payer: Name, item: Item) {
        MultiIndex::<Item>::new(ctx.receiver, ctx.receiver.raw()).upsert(payer, item);
    }

    #[action]
    pub fn erase(ctx: &Context, id: u64) {
        let items = MultiIndex::<Item>::new(ctx.receiver, ctx.receiver.raw());
        let row = items.get(id, "no such item");
        items.erase(row);
    }

    /// Opens a balance for `owner`, who must sign and pays the row.
    #[action]
    pub fn open(ctx: &Context, owner: Name) {
        require_auth(owner);
        let balances = MultiIndex::<Balance>::new(ctx.receiver, ctx.receiver.raw());
        check(!balances.contains(owner.raw()), "balance already open");
        balances.emplace(owner, Balance { owner, amount: 0 });
    }

    /// Adds to a balance, with arithmetic that traps on overflow.
    #[action]
    pub fn add(ctx: &Context, owner: Name, amount: u64) {
        require_auth(owner);
        let balances = MultiIndex::<Balance>::new(ctx.receiver, ctx.receiver.raw());
        let mut row = balances.get(owner.raw(), "no balance");
        balances.modify(&mut row, owner, |b| b.amount += amount);
    }

    pub const CODE: Name = name!("registry");

    antelope_sdk::contract! {
        actions: [put, erase, open, add],
        notifications: [],
        tables: [Item, Balance],
        ricardian: "",
    }
}

pub fn active(actor: Name) -> PermissionLevel {
    PermissionLevel::active(actor)
}

/// Registers `f` as `account`'s script and pushes `account::run(arg)`
/// authorized by `account@active`.
pub fn run_script(
    chain: &mut TestChain,
    account: Name,
    f: impl Fn(&Context, u64) + 'static,
) -> Result<Trace, ChainError> {
    script::set(account, f);
    chain.push_action_as(account, &script::run { arg: 0 }, account)
}
