//! `symbol_code` (up to 7 uppercase letters, little-endian in a `u64`) and
//! `symbol` (code << 8 | precision), exactly as the CDT's.

use crate::{Pack, UnpackError};
use alloc::vec::Vec;
use core::fmt;

/// The largest precision the chain's string forms accept.
pub const MAX_PRECISION: u8 = 18;

/// A token symbol code such as `POOL`.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SymbolCode(u64);

/// Why a string is not a symbol code or symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolError {
    TooLong,
    NotUppercase,
    MissingComma,
    BadPrecision,
    PrecisionTooHigh,
}

impl SymbolError {
    pub const fn message(self) -> &'static str {
        match self {
            SymbolError::TooLong => "string is too long to be a valid symbol_code",
            SymbolError::NotUppercase => "only uppercase letters allowed in symbol_code string",
            SymbolError::MissingComma => "symbol must be written as precision,CODE",
            SymbolError::BadPrecision => "symbol precision must be a decimal number",
            SymbolError::PrecisionTooHigh => "precision must be at most 18",
        }
    }
}

impl SymbolCode {
    pub const fn from_raw(raw: u64) -> Self {
        SymbolCode(raw)
    }

    pub const fn raw(self) -> u64 {
        self.0
    }

    /// Parses like the CDT's `symbol_code(std::string_view)`.
    pub const fn try_from_str(s: &str) -> Result<Self, SymbolError> {
        let b = s.as_bytes();
        if b.len() > 7 {
            return Err(SymbolError::TooLong);
        }
        let mut value: u64 = 0;
        let mut i = b.len();
        while i > 0 {
            i -= 1;
            let c = b[i];
            if c < b'A' || c > b'Z' {
                return Err(SymbolError::NotUppercase);
            }
            value = (value << 8) | c as u64;
        }
        Ok(SymbolCode(value))
    }

    /// Parses at run time, asserting with the CDT message on bad input.
    pub fn parse(s: &str) -> Self {
        match Self::try_from_str(s) {
            Ok(c) => c,
            Err(e) => crate::check_failed(e.message()),
        }
    }

    /// 1 to 7 letters `A-Z` from the lowest byte up, no gaps: the CDT's
    /// `symbol_code::is_valid`, step for step. Like the CDT it looks at
    /// the low 7 bytes only once all 7 are letters, so a raw value whose
    /// 8th byte is set is still valid then (a [`Symbol`]'s code never has
    /// an 8th byte).
    pub const fn is_valid(self) -> bool {
        let mut sym = self.0;
        let mut i = 0;
        while i < 7 {
            let c = (sym & 0xff) as u8;
            if !(c >= b'A' && c <= b'Z') {
                return false;
            }
            sym >>= 8;
            if sym & 0xff == 0 {
                // Every byte after the first zero byte must be zero.
                loop {
                    sym >>= 8;
                    if sym & 0xff != 0 {
                        return false;
                    }
                    i += 1;
                    if i >= 7 {
                        break;
                    }
                }
            }
            i += 1;
        }
        true
    }

    /// Number of letters.
    pub const fn length(self) -> u32 {
        let mut sym = self.0;
        let mut len = 0;
        while sym & 0xff != 0 && len <= 7 {
            len += 1;
            sym >>= 8;
        }
        len
    }

    /// The CDT's `symbol_code::write_as_string`: at most 7 bytes from the
    /// lowest up, stopping when the rest of the value is zero (so a zero
    /// byte inside an invalid code is written, as the CDT does).
    fn write_to(self, f: &mut dyn fmt::Write) -> fmt::Result {
        let mut sym = self.0;
        for _ in 0..7 {
            if sym == 0 {
                break;
            }
            f.write_char((sym & 0xff) as u8 as char)?;
            sym >>= 8;
        }
        Ok(())
    }
}

impl fmt::Display for SymbolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl fmt::Debug for SymbolCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SymbolCode({self})")
    }
}

impl core::str::FromStr for SymbolCode {
    type Err = SymbolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SymbolCode::try_from_str(s)
    }
}

/// A symbol: code and precision, `4,POOL`.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Symbol(u64);

impl Symbol {
    pub const fn from_raw(raw: u64) -> Self {
        Symbol(raw)
    }

    pub const fn new(code: SymbolCode, precision: u8) -> Self {
        Symbol((code.0 << 8) | precision as u64)
    }

    /// `symbol!("4,POOL")`-style constructor for `const` contexts; an
    /// invalid literal is a compile error.
    pub const fn from_literal(s: &str) -> Self {
        match Self::try_from_str(s) {
            Ok(sym) => sym,
            Err(_) => panic!("invalid symbol literal: expected precision,CODE"),
        }
    }

    /// Parses `precision,CODE`.
    pub const fn try_from_str(s: &str) -> Result<Self, SymbolError> {
        let b = s.as_bytes();
        let mut comma = 0;
        while comma < b.len() && b[comma] != b',' {
            comma += 1;
        }
        if comma == b.len() {
            return Err(SymbolError::MissingComma);
        }
        if comma == 0 || comma > 2 {
            return Err(SymbolError::BadPrecision);
        }
        let mut precision: u32 = 0;
        let mut i = 0;
        while i < comma {
            let c = b[i];
            if c < b'0' || c > b'9' {
                return Err(SymbolError::BadPrecision);
            }
            precision = precision * 10 + (c - b'0') as u32;
            i += 1;
        }
        if precision > MAX_PRECISION as u32 {
            return Err(SymbolError::PrecisionTooHigh);
        }
        let (_, code) = b.split_at(comma + 1);
        // SAFETY-free: the code part is re-validated byte by byte.
        let code = match core::str::from_utf8(code) {
            Ok(c) => c,
            Err(_) => return Err(SymbolError::NotUppercase),
        };
        match SymbolCode::try_from_str(code) {
            Ok(c) => Ok(Symbol::new(c, precision as u8)),
            Err(e) => Err(e),
        }
    }

    /// Parses at run time, asserting on bad input.
    pub fn parse(s: &str) -> Self {
        match Self::try_from_str(s) {
            Ok(sym) => sym,
            Err(e) => crate::check_failed(e.message()),
        }
    }

    pub const fn raw(self) -> u64 {
        self.0
    }

    pub const fn precision(self) -> u8 {
        (self.0 & 0xff) as u8
    }

    pub const fn code(self) -> SymbolCode {
        SymbolCode(self.0 >> 8)
    }

    /// A valid code (the CDT does not bound the precision here).
    pub const fn is_valid(self) -> bool {
        self.code().is_valid()
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.precision(), self.code())
    }
}

impl fmt::Debug for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Symbol({self})")
    }
}

impl core::str::FromStr for Symbol {
    type Err = SymbolError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Symbol::try_from_str(s)
    }
}

impl Pack for SymbolCode {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        u64::unpack(input).map(SymbolCode)
    }
}

impl Pack for Symbol {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        u64::unpack(input).map(Symbol)
    }
}

/// A symbol literal checked at compile time: `symbol!("4,POOL")`.
#[macro_export]
macro_rules! symbol {
    ($s:literal) => {{
        const S: $crate::Symbol = $crate::Symbol::from_literal($s);
        S
    }};
}
