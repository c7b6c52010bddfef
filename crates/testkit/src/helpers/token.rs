//! The pool token on a test chain: every bench creates it, issues it,
//! hands it out and reads balances, on `pool.token` and on a second copy
//! (`fake.token`) for the counterfeit-token attacks.

use antelope_sdk::{name, Asset, Name, Symbol};
use antelope_testchain::{ChainError, TestChain, Trace};

/// Where the benches deploy the real token.
pub const TOKEN: Name = name!("pool.token");

fn asset(s: &str) -> Asset {
    Asset::try_from_str(s).expect("test asset literal")
}

/// A quantity as the benches write it: an asset literal
/// (`"1.0000 POOL"`) or an [`Asset`].
pub trait Quantity {
    /// The asset.
    ///
    /// # Panics
    /// On a malformed literal (a bug in the test).
    fn asset(self) -> Asset;
}

impl Quantity for Asset {
    fn asset(self) -> Asset {
        self
    }
}

impl Quantity for &str {
    fn asset(self) -> Asset {
        asset(self)
    }
}

impl Quantity for &String {
    fn asset(self) -> Asset {
        asset(self)
    }
}

/// `create` on the token at `code`, with `code` as issuer.
///
/// # Panics
/// When the token refuses.
pub fn create(chain: &mut TestChain, code: Name, maximum_supply: &str) {
    let data = pool_token::actions::create {
        issuer: code,
        maximum_supply: asset(maximum_supply),
    };
    chain.push_action_as(code, &data, code).unwrap();
}

/// `issue` of `quantity` to the issuer `code` itself.
///
/// # Panics
/// When the token refuses.
pub fn issue(chain: &mut TestChain, code: Name, quantity: &str) {
    let data = pool_token::actions::issue {
        to: code,
        quantity: asset(quantity),
        memo: String::new(),
    };
    chain.push_action_as(code, &data, code).unwrap();
}

/// `transfer` on the token at `code`, signed by `from`.
pub fn transfer(
    chain: &mut TestChain,
    code: Name,
    from: Name,
    to: Name,
    quantity: impl Quantity,
    memo: &str,
) -> Result<Trace, ChainError> {
    let data = pool_token::actions::transfer {
        from,
        to,
        quantity: quantity.asset(),
        memo: memo.into(),
    };
    chain.push_action_as(code, &data, from)
}

/// Balance of `owner` in `symbol` at the token at `code` (0 without a
/// row).
pub fn balance(chain: &mut TestChain, code: Name, owner: Name, symbol: Symbol) -> i64 {
    chain
        .read(|| pool_token::tables::balance_of(code, owner, symbol.code()))
        .map_or(0, |b| b.amount)
}

/// The token methods of a bench, for any bench that holds a
/// [`TestChain`]: implement [`TokenBench::chain`] and bring the trait
/// into scope. Balances are in `4,POOL` unless the bench says otherwise.
pub trait TokenBench {
    /// The bench's chain.
    fn chain(&mut self) -> &mut TestChain;

    /// The symbol [`TokenBench::balance_at`] reads.
    const SYMBOL: Symbol = crate::fixtures::SYM;

    /// [`create`] on the token at `code`.
    fn token_create(&mut self, code: Name, max: &str) {
        create(self.chain(), code, max);
    }

    /// [`issue`] on the token at `code`.
    fn token_issue(&mut self, code: Name, quantity: &str) {
        issue(self.chain(), code, quantity);
    }

    /// [`transfer`] on the token at `code`.
    fn transfer_at(
        &mut self,
        code: Name,
        from: Name,
        to: Name,
        quantity: impl Quantity,
        memo: &str,
    ) -> Result<Trace, ChainError> {
        transfer(self.chain(), code, from, to, quantity, memo)
    }

    /// [`transfer`] on `pool.token`.
    fn transfer(
        &mut self,
        from: Name,
        to: Name,
        quantity: impl Quantity,
        memo: &str,
    ) -> Result<Trace, ChainError> {
        self.transfer_at(TOKEN, from, to, quantity, memo)
    }

    /// [`balance`] at `code` (0 without a row).
    fn balance_at(&mut self, code: Name, owner: Name) -> i64 {
        balance(self.chain(), code, owner, Self::SYMBOL)
    }

    /// [`balance`] at `pool.token`.
    fn balance(&mut self, owner: Name) -> i64 {
        self.balance_at(TOKEN, owner)
    }
}
