//! `varuint32` (LEB128, at most 5 bytes) and `binary_extension<T>`.

use crate::{Pack, UnpackError};
use alloc::vec::Vec;

/// An unsigned LEB128 integer of at most 32 bits (ABI type `varuint32`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarUint32(pub u32);

impl Pack for VarUint32 {
    fn pack(&self, out: &mut Vec<u8>) {
        let mut v = self.0;
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        let mut value: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = u8::unpack(input)?;
            value |= ((byte & 0x7f) as u64) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift >= 35 {
                return Err(UnpackError::BadVarint);
            }
        }
        u32::try_from(value)
            .map(VarUint32)
            .map_err(|_| UnpackError::BadVarint)
    }
}

/// A field added to a struct after it was first deployed (ABI `T$`):
/// absent when the data ends before it, so old rows and old clients still
/// decode. Only the trailing fields of a struct may be extensions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BinaryExtension<T>(pub Option<T>);

impl<T> BinaryExtension<T> {
    pub fn new(value: T) -> Self {
        BinaryExtension(Some(value))
    }
    pub fn value(&self) -> Option<&T> {
        self.0.as_ref()
    }
    pub fn into_inner(self) -> Option<T> {
        self.0
    }
}

impl<T: Pack> Pack for BinaryExtension<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        if let Some(v) = &self.0 {
            v.pack(out);
        }
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        if input.is_empty() {
            Ok(BinaryExtension(None))
        } else {
            T::unpack(input).map(|v| BinaryExtension(Some(v)))
        }
    }
}
