//! `checksum256`, and `public_key` / `signature` carried as opaque bytes in
//! their binary form (a one-byte key type, then the key data).

use crate::{pack::take, Pack, UnpackError};
use alloc::vec::Vec;
use core::fmt;

/// A SHA-256 digest (ABI `checksum256`), 32 bytes, hex in string form.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Checksum256(pub [u8; 32]);

impl Checksum256 {
    /// The digest as two 128-bit words in the order nodeos compares
    /// `idx256` keys (the CDT's `fixed_bytes<32>::get_array`): each word is
    /// 16 bytes read big-endian, so word order equals byte order.
    pub fn to_idx256(&self) -> [u128; 2] {
        let mut hi = [0u8; 16];
        let mut lo = [0u8; 16];
        hi.copy_from_slice(&self.0[..16]);
        lo.copy_from_slice(&self.0[16..]);
        [u128::from_be_bytes(hi), u128::from_be_bytes(lo)]
    }

    /// Parses 64 hex digits.
    pub fn from_hex(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in b.chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            out[i] = (hi * 16 + lo) as u8;
        }
        Some(Checksum256(out))
    }
}

impl fmt::Display for Checksum256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Checksum256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Checksum256({self})")
    }
}

impl Pack for Checksum256 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        crate::pack::take_array(input).map(Checksum256)
    }
}

/// Key types of `public_key` / `signature` variants.
const K1: u8 = 0;
const R1: u8 = 1;
const WEBAUTHN: u8 = 2;

/// Reads a `bytes`/`string` field (varuint32 length, then the bytes) and
/// returns the raw slice including its prefix.
fn take_prefixed<'a>(input: &mut &'a [u8]) -> Result<&'a [u8], UnpackError> {
    let start = *input;
    let len = crate::pack::unpack_len(input)?;
    take(input, len)?;
    Ok(&start[..start.len() - input.len()])
}

fn unpack_variant(
    input: &mut &[u8],
    fixed: usize,
    webauthn_tail: fn(&mut &[u8]) -> Result<(), UnpackError>,
) -> Result<Vec<u8>, UnpackError> {
    let start = *input;
    let kind = u8::unpack(input)?;
    match kind {
        K1 | R1 => {
            take(input, fixed)?;
        }
        WEBAUTHN => {
            take(input, fixed)?;
            webauthn_tail(input)?;
        }
        _ => return Err(UnpackError::BadVariant),
    }
    Ok(start[..start.len() - input.len()].to_vec())
}

/// A public key in binary form: type byte (0 K1, 1 R1, 2 WebAuthn), then
/// 33 bytes of compressed point (WebAuthn adds user presence and rpid).
/// The default is the CDT's default `public_key`: a K1 key of zeros.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct PublicKey(pub Vec<u8>);

impl Default for PublicKey {
    fn default() -> Self {
        PublicKey(alloc::vec![0; 1 + 33])
    }
}

impl PublicKey {
    /// The key type byte.
    pub fn kind(&self) -> u8 {
        self.0.first().copied().unwrap_or(0)
    }
}

impl Pack for PublicKey {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        unpack_variant(input, 33, |i| {
            u8::unpack(i)?; // user presence
            take_prefixed(i)?; // rpid
            Ok(())
        })
        .map(PublicKey)
    }
}

/// A signature in binary form: type byte, then 65 bytes (WebAuthn adds
/// authenticator data and client JSON). The default is the CDT's default
/// `signature`: a K1 signature of zeros.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Signature(pub Vec<u8>);

impl Default for Signature {
    fn default() -> Self {
        Signature(alloc::vec![0; 1 + 65])
    }
}

impl Pack for Signature {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        unpack_variant(input, 65, |i| {
            take_prefixed(i)?; // auth_data
            take_prefixed(i)?; // client_json
            Ok(())
        })
        .map(Signature)
    }
}
