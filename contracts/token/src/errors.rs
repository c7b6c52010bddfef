//! Every message this contract can fail with. They are the reference
//! `eosio.token`'s, character for character: wallets and tests match them.

pub const INVALID_SUPPLY: &str = "invalid supply";
pub const MAX_SUPPLY_NOT_POSITIVE: &str = "max-supply must be positive";
pub const SYMBOL_EXISTS: &str = "token with symbol already exists";
pub const INVALID_SYMBOL: &str = "invalid symbol name";
pub const MEMO_TOO_LONG: &str = "memo has more than 256 bytes";
pub const NO_TOKEN_TO_ISSUE: &str = "token with symbol does not exist, create token before issue";
pub const ISSUE_TO_NON_ISSUER: &str = "tokens can only be issued to issuer account";
pub const INVALID_QUANTITY: &str = "invalid quantity";
pub const ISSUE_NOT_POSITIVE: &str = "must issue positive quantity";
pub const PRECISION_MISMATCH: &str = "symbol precision mismatch";
pub const EXCEEDS_SUPPLY: &str = "quantity exceeds available supply";
pub const NO_TOKEN: &str = "token with symbol does not exist";
pub const RETIRE_NOT_POSITIVE: &str = "must retire positive quantity";
pub const TRANSFER_TO_SELF: &str = "cannot transfer to self";
pub const TO_MISSING: &str = "to account does not exist";
/// The CDT's message for `multi_index::get` without one.
pub const UNKNOWN_KEY: &str = "unable to find key";
pub const TRANSFER_NOT_POSITIVE: &str = "must transfer positive quantity";
pub const NO_BALANCE: &str = "no balance object found";
pub const OVERDRAWN: &str = "overdrawn balance";
pub const OWNER_MISSING: &str = "owner account does not exist";
pub const SYMBOL_MISSING: &str = "symbol does not exist";
pub const CLOSE_MISSING: &str =
    "Balance row already deleted or never existed. Action won't have any effect.";
pub const CLOSE_NONZERO: &str = "Cannot close because the balance is not zero.";

/// The longest memo, in bytes.
pub const MAX_MEMO_BYTES: usize = 256;
