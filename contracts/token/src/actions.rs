//! The six actions. Each reads: authorization, then one check per
//! precondition (in the reference contract's order, so that the same bad
//! input yields the same message), then the writes.

use crate::errors::*;
use crate::tables::{accounts, stats, Account, CurrencyStats};
use alloc::string::String;
use antelope_sdk::{
    action, check, has_auth, is_account, require_auth, require_recipient, Asset, Context, Name,
    Symbol, SAME_PAYER,
};

/// Creates a token with `maximum_supply` (its symbol and precision) that
/// `issuer` may issue. Only the contract account may create.
#[action]
pub fn create(ctx: &Context, issuer: Name, maximum_supply: Asset) {
    require_auth(ctx.receiver);
    let sym = maximum_supply.symbol;
    check(maximum_supply.is_valid(), INVALID_SUPPLY);
    check(maximum_supply.amount > 0, MAX_SUPPLY_NOT_POSITIVE);

    let table = stats(ctx.receiver, sym.code());
    check(!table.contains(sym.code().raw()), SYMBOL_EXISTS);
    table.emplace(
        ctx.receiver,
        CurrencyStats {
            supply: Asset {
                amount: 0,
                symbol: sym,
            },
            max_supply: maximum_supply,
            issuer,
        },
    );
}

/// Issues `quantity` new tokens to the issuer (`to` must be the issuer).
#[action]
pub fn issue(ctx: &Context, to: Name, quantity: Asset, memo: String) {
    let sym = quantity.symbol;
    check(sym.is_valid(), INVALID_SYMBOL);
    check(memo.len() <= MAX_MEMO_BYTES, MEMO_TOO_LONG);

    let table = stats(ctx.receiver, sym.code());
    let mut st = table.get(sym.code().raw(), NO_TOKEN_TO_ISSUE);
    check(to == st.issuer, ISSUE_TO_NON_ISSUER);

    require_auth(st.issuer);
    check(quantity.is_valid(), INVALID_QUANTITY);
    check(quantity.amount > 0, ISSUE_NOT_POSITIVE);
    check(quantity.symbol == st.supply.symbol, PRECISION_MISMATCH);
    check(
        quantity.amount <= st.max_supply.amount - st.supply.amount,
        EXCEEDS_SUPPLY,
    );

    let issuer = st.issuer;
    table.modify(&mut st, SAME_PAYER, |s| s.supply += quantity);
    add_balance(ctx.receiver, issuer, quantity, issuer);
}

/// Takes `quantity` out of circulation from the issuer's balance.
#[action]
pub fn retire(ctx: &Context, quantity: Asset, memo: String) {
    let sym = quantity.symbol;
    check(sym.is_valid(), INVALID_SYMBOL);
    check(memo.len() <= MAX_MEMO_BYTES, MEMO_TOO_LONG);

    let table = stats(ctx.receiver, sym.code());
    let mut st = table.get(sym.code().raw(), NO_TOKEN);

    require_auth(st.issuer);
    check(quantity.is_valid(), INVALID_QUANTITY);
    check(quantity.amount > 0, RETIRE_NOT_POSITIVE);
    check(quantity.symbol == st.supply.symbol, PRECISION_MISMATCH);

    let issuer = st.issuer;
    table.modify(&mut st, SAME_PAYER, |s| s.supply -= quantity);
    sub_balance(ctx.receiver, issuer, quantity);
}

/// Moves `quantity` from `from` to `to`; both are notified, so their
/// contracts can react (and must check that this contract sent it).
#[action]
pub fn transfer(ctx: &Context, from: Name, to: Name, quantity: Asset, memo: String) {
    check(from != to, TRANSFER_TO_SELF);
    require_auth(from);
    check(is_account(to), TO_MISSING);
    let sym = quantity.symbol.code();
    let st = stats(ctx.receiver, sym).get(sym.raw(), UNKNOWN_KEY);

    require_recipient(from);
    require_recipient(to);

    check(quantity.is_valid(), INVALID_QUANTITY);
    check(quantity.amount > 0, TRANSFER_NOT_POSITIVE);
    check(quantity.symbol == st.supply.symbol, PRECISION_MISMATCH);
    check(memo.len() <= MAX_MEMO_BYTES, MEMO_TOO_LONG);

    // The recipient pays for its own new row when it signed; otherwise the
    // sender does, so a transfer never bills an account that did not sign.
    let payer = if has_auth(to) { to } else { from };
    sub_balance(ctx.receiver, from, quantity);
    add_balance(ctx.receiver, to, quantity, payer);
}

/// Creates a zero balance row for `owner`, paid by `ram_payer`, so that
/// later transfers to `owner` need not bill the sender.
#[action]
pub fn open(ctx: &Context, owner: Name, symbol: Symbol, ram_payer: Name) {
    require_auth(ram_payer);
    check(is_account(owner), OWNER_MISSING);

    let code = symbol.code();
    let st = stats(ctx.receiver, code).get(code.raw(), SYMBOL_MISSING);
    check(st.supply.symbol == symbol, PRECISION_MISMATCH);

    let table = accounts(ctx.receiver, owner);
    if !table.contains(code.raw()) {
        table.emplace(
            ram_payer,
            Account {
                balance: Asset { amount: 0, symbol },
            },
        );
    }
}

/// Deletes `owner`'s zero balance row, refunding its RAM.
#[action]
pub fn close(ctx: &Context, owner: Name, symbol: Symbol) {
    require_auth(owner);
    let table = accounts(ctx.receiver, owner);
    let row = table.find(symbol.code().raw());
    check(row.is_some(), CLOSE_MISSING);
    if let Some(row) = row {
        check(row.balance.amount == 0, CLOSE_NONZERO);
        table.erase(row);
    }
}

fn sub_balance(code: Name, owner: Name, value: Asset) {
    let table = accounts(code, owner);
    let mut from = table.get(value.symbol.code().raw(), NO_BALANCE);
    check(from.balance.amount >= value.amount, OVERDRAWN);
    table.modify(&mut from, owner, |a| a.balance -= value);
}

fn add_balance(code: Name, owner: Name, value: Asset, ram_payer: Name) {
    let table = accounts(code, owner);
    match table.find(value.symbol.code().raw()) {
        None => {
            table.emplace(ram_payer, Account { balance: value });
        }
        Some(mut to) => table.modify(&mut to, SAME_PAYER, |a| a.balance += value),
    }
}
