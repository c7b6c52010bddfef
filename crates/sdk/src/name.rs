//! `name`: up to 13 characters of `.a-z1-5` packed into a `u64`, exactly as
//! the CDT's `eosio::name` (12 characters of 5 bits from the top, a 13th of
//! 4 bits in the lowest nibble).

use crate::{Pack, UnpackError};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// An account, action, table or permission name.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(u64);

/// Why a string is not a name. The messages are the CDT's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    TooLong,
    BadChar,
    BadThirteenth,
}

impl NameError {
    pub const fn message(self) -> &'static str {
        match self {
            NameError::TooLong => "string is too long to be a valid name",
            NameError::BadChar => "character is not in allowed character set for names",
            NameError::BadThirteenth => {
                "thirteenth character in name cannot be a letter that comes after j"
            }
        }
    }
}

const fn char_value(c: u8) -> Result<u64, NameError> {
    match c {
        b'.' => Ok(0),
        b'1'..=b'5' => Ok((c - b'1' + 1) as u64),
        b'a'..=b'z' => Ok((c - b'a' + 6) as u64),
        _ => Err(NameError::BadChar),
    }
}

const CHARMAP: &[u8; 32] = b".12345abcdefghijklmnopqrstuvwxyz";

impl Name {
    /// The empty name (raw value 0).
    pub const EMPTY: Name = Name(0);

    /// Wraps a raw value. Every `u64` is a name (some print with trailing
    /// dots trimmed, as in the CDT).
    pub const fn from_raw(raw: u64) -> Self {
        Name(raw)
    }

    /// The raw value.
    pub const fn raw(self) -> u64 {
        self.0
    }

    /// Parses a name the way the CDT's `eosio::name(std::string_view)` does.
    pub const fn try_from_str(s: &str) -> Result<Self, NameError> {
        let bytes = s.as_bytes();
        if bytes.len() > 13 {
            return Err(NameError::TooLong);
        }
        let mut value: u64 = 0;
        let mut i = 0;
        while i < bytes.len() {
            let v = match char_value(bytes[i]) {
                Ok(v) => v,
                Err(e) => return Err(e),
            };
            if i < 12 {
                value |= v << (64 - 5 * (i + 1));
            } else {
                if v > 0x0f {
                    return Err(NameError::BadThirteenth);
                }
                value |= v;
            }
            i += 1;
        }
        Ok(Name(value))
    }

    /// Parses a name literal; used by [`name!`](crate::name) in a `const`
    /// so that an invalid literal is a compile error.
    pub const fn from_literal(s: &str) -> Self {
        match Self::try_from_str(s) {
            Ok(n) => n,
            Err(NameError::TooLong) => panic!("string is too long to be a valid name"),
            Err(NameError::BadChar) => {
                panic!("character is not in allowed character set for names")
            }
            Err(NameError::BadThirteenth) => {
                panic!("thirteenth character in name cannot be a letter that comes after j")
            }
        }
    }

    /// Parses a name at run time, asserting with the CDT message when the
    /// string is not a name.
    pub fn parse(s: &str) -> Self {
        match Self::try_from_str(s) {
            Ok(n) => n,
            Err(e) => crate::check_failed(e.message()),
        }
    }

    /// Number of characters of the string form.
    pub fn length(self) -> usize {
        self.to_string_buf().1
    }

    /// The string form: 13 characters with trailing dots removed.
    pub fn to_string_buf(self) -> ([u8; 13], usize) {
        let mut out = [b'.'; 13];
        let mut tmp = self.0;
        let mut i = 0;
        while i <= 12 {
            let idx = if i == 0 {
                (tmp & 0x0f) as usize
            } else {
                (tmp & 0x1f) as usize
            };
            out[12 - i] = CHARMAP[idx];
            tmp >>= if i == 0 { 4 } else { 5 };
            i += 1;
        }
        let mut len = 13;
        while len > 0 && out[len - 1] == b'.' {
            len -= 1;
        }
        (out, len)
    }

    /// The suffix: the part after the last dot ("pool" of "eosio.pool"),
    /// as the CDT's `name::suffix`.
    pub fn suffix(self) -> Name {
        let mut remaining_bits_after_last_actual_dot: u32 = 0;
        let mut tmp: u32 = 0;
        let mut remaining_bits: i32 = 59;
        while remaining_bits >= 4 {
            let c = (self.0 >> remaining_bits as u32) & 0x1f;
            if c == 0 {
                tmp = remaining_bits as u32;
            } else {
                remaining_bits_after_last_actual_dot = tmp;
            }
            remaining_bits -= 5;
        }
        let thirteenth = self.0 & 0x0f;
        if thirteenth != 0 {
            remaining_bits_after_last_actual_dot = tmp;
        }
        if remaining_bits_after_last_actual_dot == 0 {
            return self;
        }
        let mask: u64 = (1u64 << remaining_bits_after_last_actual_dot) - 16;
        let shift = 64 - remaining_bits_after_last_actual_dot;
        Name(((self.0 & mask) << shift) + (thirteenth << (shift - 1)))
    }
}

impl core::str::FromStr for Name {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Name::try_from_str(s)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (buf, len) = self.to_string_buf();
        // The charmap is ASCII.
        f.write_str(core::str::from_utf8(&buf[..len]).unwrap_or(""))
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        let (buf, len) = n.to_string_buf();
        buf[..len].iter().map(|&b| b as char).collect()
    }
}

impl Pack for Name {
    #[inline]
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out)
    }
    #[inline]
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        u64::unpack(input).map(Name)
    }
}

/// A name literal checked at compile time: `name!("pool.token")`.
#[macro_export]
macro_rules! name {
    ($s:literal) => {{
        const N: $crate::Name = $crate::Name::from_literal($s);
        N
    }};
}
