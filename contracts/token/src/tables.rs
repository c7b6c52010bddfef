//! The reference `eosio.token` tables, byte for byte.

use antelope_sdk::{Asset, MultiIndex, Name, Pack, SymbolCode, Table};

/// One balance of one owner; table `accounts`, scope = owner, primary key
/// = symbol code.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "accounts", primary = self.balance.symbol.code().raw())]
pub struct Account {
    pub balance: Asset,
}

/// A token's supply; table `stat`, scope = symbol code, primary key =
/// symbol code.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "stat", primary = self.supply.symbol.code().raw())]
pub struct CurrencyStats {
    pub supply: Asset,
    pub max_supply: Asset,
    pub issuer: Name,
}

/// The balances of `owner` held by the token contract at `code`.
pub fn accounts(code: Name, owner: Name) -> MultiIndex<Account> {
    MultiIndex::new(code, owner.raw())
}

/// The supply table of `symbol` at `code`.
pub fn stats(code: Name, symbol: SymbolCode) -> MultiIndex<CurrencyStats> {
    MultiIndex::new(code, symbol.raw())
}

/// The balance of `owner` in `symbol` at token contract `code`; zero-less
/// `None` when the owner has no row. For other contracts' reads.
pub fn balance_of(code: Name, owner: Name, symbol: SymbolCode) -> Option<Asset> {
    accounts(code, owner)
        .find(symbol.raw())
        .map(|row| row.balance)
}

/// The current supply of `symbol` at token contract `code`.
pub fn supply_of(code: Name, symbol: SymbolCode) -> Option<Asset> {
    stats(code, symbol).find(symbol.raw()).map(|row| row.supply)
}
