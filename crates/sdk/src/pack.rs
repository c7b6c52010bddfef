//! The Antelope binary format (what the C++ CDT `datastream` writes and what
//! nodeos' ABI serializer reads): little-endian fixed-width integers,
//! varuint32-prefixed strings and vectors, a one-byte flag before optionals,
//! a varuint32 index before variant payloads, no padding, no field names.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Why bytes could not be decoded. Contracts turn this into an assertion
/// whose message is [`UnpackError::message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnpackError {
    /// Fewer bytes than the type needs (truncated action data or row).
    Eof,
    /// A varuint32 longer than 5 bytes or above `u32::MAX`.
    BadVarint,
    /// A bool byte other than 0 or 1.
    BadBool,
    /// A string that is not UTF-8.
    BadUtf8,
    /// A variant index with no alternative.
    BadVariant,
    /// A value that decodes but is not valid for its type (symbol, ...).
    BadValue(&'static str),
    /// Bytes left over after the value (action data must be exact).
    TrailingBytes,
}

impl UnpackError {
    /// The stable assertion message for this error.
    pub const fn message(self) -> &'static str {
        match self {
            UnpackError::Eof => "datastream attempted to read past the end",
            UnpackError::BadVarint => "invalid varuint32 encoding",
            UnpackError::BadBool => "invalid bool encoding",
            UnpackError::BadUtf8 => "string is not valid utf-8",
            UnpackError::BadVariant => "invalid variant index",
            UnpackError::BadValue(m) => m,
            UnpackError::TrailingBytes => "unexpected bytes after the end of the data",
        }
    }
}

impl core::fmt::Display for UnpackError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

/// A type with an Antelope binary encoding.
///
/// Derive it with `#[derive(Pack)]`: struct fields are written in order;
/// enums with one-field variants become ABI variants (varuint32 index, then
/// the payload); enums without fields are written as their `u8` index.
pub trait Pack: Sized {
    /// Appends the encoding of `self` to `out`.
    fn pack(&self, out: &mut Vec<u8>);
    /// Reads one value from the front of `input` and advances it.
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError>;

    /// The encoding of `self` as a new vector.
    fn packed(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.pack(&mut out);
        out
    }

    /// Decodes a value that must use every byte of `bytes`.
    fn unpack_exact(mut bytes: &[u8]) -> Result<Self, UnpackError> {
        let value = Self::unpack(&mut bytes)?;
        if bytes.is_empty() {
            Ok(value)
        } else {
            Err(UnpackError::TrailingBytes)
        }
    }
}

/// Takes `n` bytes from the front of `input`.
#[inline]
pub fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], UnpackError> {
    match (input.get(..n), input.get(n..)) {
        (Some(head), Some(tail)) => {
            *input = tail;
            Ok(head)
        }
        _ => Err(UnpackError::Eof),
    }
}

/// Takes exactly `N` bytes as an array.
#[inline]
pub fn take_array<const N: usize>(input: &mut &[u8]) -> Result<[u8; N], UnpackError> {
    // `try_into` instead of `copy_from_slice`: no panic path, which would
    // link `core::fmt` into every contract.
    take(input, N)?.try_into().map_err(|_| UnpackError::Eof)
}

macro_rules! pack_int {
    ($($t:ty),*) => {$(
        impl Pack for $t {
            #[inline]
            fn pack(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            #[inline]
            fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
                Ok(<$t>::from_le_bytes(take_array(input)?))
            }
        }
    )*};
}
pack_int!(u8, i8, u16, i16, u32, i32, u64, i64, u128, i128, f32, f64);

impl Pack for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(*self as u8);
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        match u8::unpack(input)? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(UnpackError::BadBool),
        }
    }
}

/// Writes a varuint32 length prefix.
#[inline]
pub fn pack_len(len: usize, out: &mut Vec<u8>) {
    crate::VarUint32(len as u32).pack(out)
}

/// Reads a varuint32 length prefix. The length is not trusted for
/// allocation: a prefix larger than the remaining input fails at once.
#[inline]
pub fn unpack_len(input: &mut &[u8]) -> Result<usize, UnpackError> {
    Ok(crate::VarUint32::unpack(input)?.0 as usize)
}

impl Pack for String {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_len(self.len(), out);
        out.extend_from_slice(self.as_bytes());
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        let len = unpack_len(input)?;
        let bytes = take(input, len)?;
        core::str::from_utf8(bytes)
            .map(String::from)
            .map_err(|_| UnpackError::BadUtf8)
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        pack_len(self.len(), out);
        for item in self {
            item.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        let len = unpack_len(input)?;
        // Every element the Antelope format can carry takes at least one
        // byte, so a length above the remaining input is a truncation, not
        // an allocation request (nor, for zero-sized `T`, a long loop).
        if len > input.len() {
            return Err(UnpackError::Eof);
        }
        // Even a length within the input is not trusted for more than a
        // bounded reservation: a large `T` times the input length could
        // exhaust memory before the missing bytes are noticed.
        const MAX_RESERVE_BYTES: usize = 64 * 1024;
        let reserve = len.min(MAX_RESERVE_BYTES / core::mem::size_of::<T>().max(1));
        let mut items = Vec::with_capacity(reserve);
        for _ in 0..len {
            items.push(T::unpack(input)?);
        }
        Ok(items)
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.pack(out);
            }
        }
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        if bool::unpack(input)? {
            Ok(Some(T::unpack(input)?))
        } else {
            Ok(None)
        }
    }
}

impl<T: Pack> Pack for Box<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        (**self).pack(out)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        T::unpack(input).map(Box::new)
    }
}

/// Fixed arrays carry no length prefix (CDT `std::array<T, N>`, ABI `T[N]`).
impl<T: Pack, const N: usize> Pack for [T; N] {
    fn pack(&self, out: &mut Vec<u8>) {
        for item in self {
            item.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        let mut items = Vec::with_capacity(N);
        for _ in 0..N {
            items.push(T::unpack(input)?);
        }
        match items.try_into() {
            Ok(array) => Ok(array),
            Err(_) => Err(UnpackError::Eof),
        }
    }
}

impl Pack for () {
    fn pack(&self, _out: &mut Vec<u8>) {}
    fn unpack(_input: &mut &[u8]) -> Result<Self, UnpackError> {
        Ok(())
    }
}

macro_rules! pack_tuple {
    ($($name:ident),+) => {
        impl<$($name: Pack),+> Pack for ($($name,)+) {
            #[allow(non_snake_case)]
            fn pack(&self, out: &mut Vec<u8>) {
                let ($($name,)+) = self;
                $($name.pack(out);)+
            }
            fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
                Ok(($($name::unpack(input)?,)+))
            }
        }
    };
}
pack_tuple!(A);
pack_tuple!(A, B);
pack_tuple!(A, B, C);
pack_tuple!(A, B, C, D);
pack_tuple!(A, B, C, D, E);
pack_tuple!(A, B, C, D, E, F);
