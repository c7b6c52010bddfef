//! `asset` and `extended_asset` with the CDT's bound (|amount| <= 2^62 - 1),
//! arithmetic that asserts with the CDT's messages, and the string form
//! `1.0000 POOL`.

use crate::{check, Name, Pack, Symbol, SymbolCode, UnpackError, MAX_PRECISION};
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::fmt;
use core::ops::{Add, AddAssign, Div, DivAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// A quantity of a token.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Asset {
    pub amount: i64,
    pub symbol: Symbol,
}

/// Why a string is not an asset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetError {
    MissingSpace,
    EmptyAmount,
    BadAmount,
    PrecisionTooHigh,
    OutOfRange,
    BadSymbol,
}

impl AssetError {
    pub const fn message(self) -> &'static str {
        match self {
            AssetError::MissingSpace => {
                "asset must be written as amount and symbol separated by a space"
            }
            AssetError::EmptyAmount => "asset amount is empty",
            AssetError::BadAmount => {
                "asset amount must be decimal digits with an optional sign and point"
            }
            AssetError::PrecisionTooHigh => "precision must be at most 18",
            AssetError::OutOfRange => "magnitude of asset amount must be less than 2^62",
            AssetError::BadSymbol => "invalid symbol name",
        }
    }
}

impl Asset {
    /// 2^62 - 1, the largest magnitude the CDT accepts.
    pub const MAX_AMOUNT: i64 = (1i64 << 62) - 1;

    /// An asset; asserts the CDT's constructor checks.
    pub fn new(amount: i64, symbol: Symbol) -> Self {
        let a = Asset { amount, symbol };
        check(
            a.is_amount_within_range(),
            "magnitude of asset amount must be less than 2^62",
        );
        check(symbol.is_valid(), "invalid symbol name");
        a
    }

    pub const fn is_amount_within_range(&self) -> bool {
        -Self::MAX_AMOUNT <= self.amount && self.amount <= Self::MAX_AMOUNT
    }

    pub const fn is_valid(&self) -> bool {
        self.is_amount_within_range() && self.symbol.is_valid()
    }

    /// Parses `[-]digits[.digits] CODE`; the number of fraction digits is
    /// the precision.
    pub fn try_from_str(s: &str) -> Result<Self, AssetError> {
        let s = s.trim();
        let (number, code) = s.split_once(' ').ok_or(AssetError::MissingSpace)?;
        let code = code.trim_start();
        let (negative, digits) = match number.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, number),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(AssetError::EmptyAmount);
        }
        if int_part.is_empty() || !int_part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(AssetError::BadAmount);
        }
        if !frac_part.bytes().all(|c| c.is_ascii_digit()) || digits.ends_with('.') {
            return Err(AssetError::BadAmount);
        }
        if frac_part.len() > MAX_PRECISION as usize {
            return Err(AssetError::PrecisionTooHigh);
        }
        let mut amount: i128 = 0;
        for c in int_part.bytes().chain(frac_part.bytes()) {
            amount = amount * 10 + (c - b'0') as i128;
            if amount > Self::MAX_AMOUNT as i128 {
                return Err(AssetError::OutOfRange);
            }
        }
        let code = SymbolCode::try_from_str(code).map_err(|_| AssetError::BadSymbol)?;
        if !code.is_valid() {
            return Err(AssetError::BadSymbol);
        }
        let amount = if negative { -amount } else { amount } as i64;
        Ok(Asset {
            amount,
            symbol: Symbol::new(code, frac_part.len() as u8),
        })
    }

    /// Parses at run time, asserting on bad input.
    pub fn parse(s: &str) -> Self {
        match Self::try_from_str(s) {
            Ok(a) => a,
            Err(e) => crate::check_failed(e.message()),
        }
    }

    /// Sum within the bound, or `None`; for code that must not assert.
    pub fn checked_add(self, other: Asset) -> Option<Asset> {
        if self.symbol != other.symbol {
            return None;
        }
        let amount = self.amount.checked_add(other.amount)?;
        let a = Asset {
            amount,
            symbol: self.symbol,
        };
        a.is_amount_within_range().then_some(a)
    }

    /// Difference within the bound, or `None`.
    pub fn checked_sub(self, other: Asset) -> Option<Asset> {
        if self.symbol != other.symbol {
            return None;
        }
        let amount = self.amount.checked_sub(other.amount)?;
        let a = Asset {
            amount,
            symbol: self.symbol,
        };
        a.is_amount_within_range().then_some(a)
    }

    /// Multiplies by an integer, asserting the CDT's bounds (also
    /// available as `asset * factor`).
    #[allow(clippy::should_implement_trait)]
    pub fn mul(self, factor: i64) -> Asset {
        let tmp = self.amount as i128 * factor as i128;
        check(tmp <= Self::MAX_AMOUNT as i128, "multiplication overflow");
        check(
            tmp >= -(Self::MAX_AMOUNT as i128),
            "multiplication underflow",
        );
        Asset {
            amount: tmp as i64,
            symbol: self.symbol,
        }
    }

    /// Divides by an integer (truncating toward zero, as C++; also
    /// available as `asset / divisor`).
    #[allow(clippy::should_implement_trait)]
    pub fn div(self, divisor: i64) -> Asset {
        check(divisor != 0, "divide by zero");
        check(
            !(self.amount == i64::MIN && divisor == -1),
            "signed division overflow",
        );
        Asset {
            amount: self.amount / divisor,
            symbol: self.symbol,
        }
    }

    /// Writes the string form into `out`.
    fn write_to(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        let precision = self.symbol.precision() as u32;
        let magnitude = self.amount.unsigned_abs();
        if self.amount < 0 {
            f.write_char('-')?;
        }
        if precision == 0 {
            write!(f, "{magnitude}")?;
        } else {
            // 10^18 < 2^63: fits for every precision the chain accepts; a
            // larger raw precision prints with all digits as fraction.
            let p10 = 10u128.pow(precision.min(38));
            let m = magnitude as u128;
            write!(
                f,
                "{}.{:0width$}",
                m / p10,
                m % p10,
                width = precision as usize
            )?;
        }
        f.write_char(' ')?;
        write!(f, "{}", self.symbol.code())
    }
}

impl fmt::Display for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl fmt::Debug for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Asset({self})")
    }
}

impl core::str::FromStr for Asset {
    type Err = AssetError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Asset::try_from_str(s)
    }
}

impl From<Asset> for String {
    fn from(a: Asset) -> String {
        alloc::format!("{a}")
    }
}

impl Neg for Asset {
    type Output = Asset;
    fn neg(self) -> Asset {
        // |amount| <= 2^62 - 1 for every valid asset, so this cannot overflow
        // unless the asset was built out of range; then it asserts.
        Asset {
            amount: self
                .amount
                .checked_neg()
                .unwrap_or_else(|| crate::check_failed("negation overflow")),
            symbol: self.symbol,
        }
    }
}

impl AddAssign for Asset {
    fn add_assign(&mut self, a: Asset) {
        check(
            a.symbol == self.symbol,
            "attempt to add asset with different symbol",
        );
        let sum = self.amount as i128 + a.amount as i128;
        check(-(Self::MAX_AMOUNT as i128) <= sum, "addition underflow");
        check(sum <= Self::MAX_AMOUNT as i128, "addition overflow");
        self.amount = sum as i64;
    }
}

impl SubAssign for Asset {
    fn sub_assign(&mut self, a: Asset) {
        check(
            a.symbol == self.symbol,
            "attempt to subtract asset with different symbol",
        );
        let diff = self.amount as i128 - a.amount as i128;
        check(-(Self::MAX_AMOUNT as i128) <= diff, "subtraction underflow");
        check(diff <= Self::MAX_AMOUNT as i128, "subtraction overflow");
        self.amount = diff as i64;
    }
}

impl Add for Asset {
    type Output = Asset;
    fn add(mut self, a: Asset) -> Asset {
        self += a;
        self
    }
}

impl Sub for Asset {
    type Output = Asset;
    fn sub(mut self, a: Asset) -> Asset {
        self -= a;
        self
    }
}

/// CDT `asset * int64_t`.
impl Mul<i64> for Asset {
    type Output = Asset;
    fn mul(self, factor: i64) -> Asset {
        Asset::mul(self, factor)
    }
}

/// CDT `int64_t * asset`.
impl Mul<Asset> for i64 {
    type Output = Asset;
    fn mul(self, a: Asset) -> Asset {
        Asset::mul(a, self)
    }
}

impl MulAssign<i64> for Asset {
    fn mul_assign(&mut self, factor: i64) {
        *self = Asset::mul(*self, factor);
    }
}

/// CDT `asset / int64_t`.
impl Div<i64> for Asset {
    type Output = Asset;
    fn div(self, divisor: i64) -> Asset {
        Asset::div(self, divisor)
    }
}

impl DivAssign<i64> for Asset {
    fn div_assign(&mut self, divisor: i64) {
        *self = Asset::div(*self, divisor);
    }
}

/// CDT `asset / asset`: the integer ratio of the amounts.
impl Div<Asset> for Asset {
    type Output = i64;
    fn div(self, b: Asset) -> i64 {
        check(b.amount != 0, "divide by zero");
        check(
            self.symbol == b.symbol,
            "attempt to divide assets with different symbol",
        );
        check(
            !(self.amount == i64::MIN && b.amount == -1),
            "signed division overflow",
        );
        self.amount / b.amount
    }
}

impl PartialOrd for Asset {
    /// Assets of different symbols do not compare: the CDT asserts, and so
    /// does this.
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        check(
            self.symbol == other.symbol,
            "comparison of assets with different symbols is not allowed",
        );
        Some(self.amount.cmp(&other.amount))
    }
}

impl Pack for Asset {
    fn pack(&self, out: &mut Vec<u8>) {
        self.amount.pack(out);
        self.symbol.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        Ok(Asset {
            amount: i64::unpack(input)?,
            symbol: Symbol::unpack(input)?,
        })
    }
}

/// An asset together with the contract that issues it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ExtendedAsset {
    pub quantity: Asset,
    pub contract: Name,
}

impl fmt::Display for ExtendedAsset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.quantity, self.contract)
    }
}

impl fmt::Debug for ExtendedAsset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExtendedAsset({self})")
    }
}

impl Pack for ExtendedAsset {
    fn pack(&self, out: &mut Vec<u8>) {
        self.quantity.pack(out);
        self.contract.pack(out);
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        Ok(ExtendedAsset {
            quantity: Asset::unpack(input)?,
            contract: Name::unpack(input)?,
        })
    }
}
