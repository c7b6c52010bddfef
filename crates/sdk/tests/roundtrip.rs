//! Property tests of the binary encoding: pack/unpack round trips for
//! random values of every type and of random nested derived structs, and
//! decoding of arbitrary (or corrupted) bytes never panics.

mod common;

use antelope_sdk::{
    Asset, BinaryExtension, Checksum256, ExtendedAsset, Name, Pack, PublicKey, Signature, Symbol,
    SymbolCode, TimePoint, TimePointSec, UnpackError, VarUint32,
};
use common::hex;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};

// ---------------------------------------------------------------------------
// Derived types: three levels of nesting with every kind of field.

#[derive(Pack, Clone, Debug, PartialEq)]
struct Leaf {
    id: u64,
    owner: Name,
    balance: Asset,
    memo: String,
    flags: [bool; 3],
    when: TimePoint,
    ratio: f64,
}

#[derive(Pack, Clone, Debug, PartialEq)]
enum Event {
    Deposit(Leaf),
    Note(String),
    Pair((u32, i16)),
    Keys(Vec<PublicKey>),
    Code(SymbolCode),
}

#[derive(Pack, Clone, Copy, Debug, PartialEq)]
enum Status {
    Active,
    Paused,
    Closed,
}

#[derive(Pack, Clone, Debug, PartialEq)]
struct Middle {
    status: Status,
    leaves: Vec<Leaf>,
    events: Vec<Event>,
    best: Option<Leaf>,
    hash: Checksum256,
    extra: (u8, String, Option<u32>),
    bytes: Vec<u8>,
}

#[derive(Pack, Clone, Debug, PartialEq)]
struct Outer {
    version: VarUint32,
    middle: Middle,
    children: Vec<Middle>,
    sig: Option<Signature>,
    stamp: TimePointSec,
    pool: ExtendedAsset,
    ext: BinaryExtension<Vec<Event>>,
}

// ---------------------------------------------------------------------------
// Strategies.

fn name() -> impl Strategy<Value = Name> {
    any::<u64>().prop_map(Name::from_raw)
}

fn asset() -> impl Strategy<Value = Asset> {
    (any::<i64>(), any::<u64>()).prop_map(|(amount, s)| Asset {
        amount,
        symbol: Symbol::from_raw(s),
    })
}

fn checksum() -> impl Strategy<Value = Checksum256> {
    prop::array::uniform32(any::<u8>()).prop_map(Checksum256)
}

fn short_string() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-z]{0,5}", Just(String::new())]
}

fn public_key() -> impl Strategy<Value = PublicKey> {
    prop_oneof![
        (0u8..=1, vec(any::<u8>(), 33)).prop_map(|(kind, key)| {
            let mut b = vec![kind];
            b.extend(key);
            PublicKey(b)
        }),
        (vec(any::<u8>(), 33), any::<u8>(), "[a-z.]{0,20}").prop_map(|(key, presence, rpid)| {
            let mut b = vec![2];
            b.extend(key);
            b.push(presence);
            VarUint32(rpid.len() as u32).pack(&mut b);
            b.extend(rpid.bytes());
            PublicKey(b)
        }),
    ]
}

fn signature() -> impl Strategy<Value = Signature> {
    prop_oneof![
        (0u8..=1, vec(any::<u8>(), 65)).prop_map(|(kind, sig)| {
            let mut b = vec![kind];
            b.extend(sig);
            Signature(b)
        }),
        (
            vec(any::<u8>(), 65),
            vec(any::<u8>(), 0..200),
            any::<String>()
        )
            .prop_map(|(sig, auth, json)| {
                let mut b = vec![2];
                b.extend(sig);
                auth.pack(&mut b);
                json.pack(&mut b);
                Signature(b)
            }),
    ]
}

fn leaf() -> impl Strategy<Value = Leaf> {
    (
        any::<u64>(),
        name(),
        asset(),
        short_string(),
        any::<[bool; 3]>(),
        any::<i64>().prop_map(TimePoint),
        any::<u64>().prop_map(f64::from_bits),
    )
        .prop_map(|(id, owner, balance, memo, flags, when, ratio)| Leaf {
            id,
            owner,
            balance,
            memo,
            flags,
            when,
            ratio,
        })
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        leaf().prop_map(Event::Deposit),
        short_string().prop_map(Event::Note),
        any::<(u32, i16)>().prop_map(Event::Pair),
        vec(public_key(), 0..3).prop_map(Event::Keys),
        any::<u64>().prop_map(|r| Event::Code(SymbolCode::from_raw(r))),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Active),
        Just(Status::Paused),
        Just(Status::Closed)
    ]
}

fn middle() -> impl Strategy<Value = Middle> {
    (
        status(),
        vec(leaf(), 0..3),
        vec(event(), 0..4),
        proptest::option::of(leaf()),
        checksum(),
        (any::<u8>(), short_string(), any::<Option<u32>>()),
        vec(any::<u8>(), 0..40),
    )
        .prop_map(
            |(status, leaves, events, best, hash, extra, bytes)| Middle {
                status,
                leaves,
                events,
                best,
                hash,
                extra,
                bytes,
            },
        )
}

fn outer() -> impl Strategy<Value = Outer> {
    (
        any::<u32>().prop_map(VarUint32),
        middle(),
        vec(middle(), 0..2),
        proptest::option::of(signature()),
        any::<u32>().prop_map(TimePointSec),
        (asset(), name()).prop_map(|(quantity, contract)| ExtendedAsset { quantity, contract }),
        proptest::option::of(vec(event(), 0..3)).prop_map(BinaryExtension),
    )
        .prop_map(|(version, middle, children, sig, stamp, pool, ext)| Outer {
            version,
            middle,
            children,
            sig,
            stamp,
            pool,
            ext,
        })
}

// ---------------------------------------------------------------------------
// Checks.

/// Packs `value`, decodes it with `unpack_exact` and packs again: the
/// bytes must be identical (this also covers NaN floats, which do not
/// compare equal). Returns the decoded value.
fn round_trip<T: Pack + Debug>(value: &T) -> Result<T, TestCaseError> {
    let bytes = value.packed();
    let decoded = T::unpack_exact(&bytes);
    prop_assert!(
        decoded.is_ok(),
        "{:?} did not decode from {}: {:?}",
        value,
        hex(&bytes),
        decoded.err()
    );
    let decoded = decoded.unwrap();
    prop_assert_eq!(hex(&decoded.packed()), hex(&bytes));
    Ok(decoded)
}

fn round_trip_eq<T: Pack + Debug + PartialEq>(value: T) -> Result<(), TestCaseError> {
    let decoded = round_trip(&value)?;
    prop_assert_eq!(decoded, value);
    Ok(())
}

/// Decoding `bytes` as `T` returns (Ok or Err) and never panics; when it
/// succeeds, encoding the value and decoding that again is stable, and
/// with `canonical` the encoding is exactly the bytes consumed.
fn decode_is_total<T: Pack + Debug>(bytes: &[u8], canonical: bool) -> Result<(), TestCaseError> {
    let mut input = bytes;
    let result = catch_unwind(AssertUnwindSafe(|| T::unpack(&mut input)));
    prop_assert!(result.is_ok(), "unpack panicked on {}", hex(bytes));
    let consumed = bytes.len() - input.len();
    match result.unwrap() {
        Ok(value) => {
            let packed = value.packed();
            if canonical {
                prop_assert_eq!(hex(&packed), hex(&bytes[..consumed]));
            }
            let again = T::unpack_exact(&packed).map(|v| v.packed());
            prop_assert_eq!(again, Ok(packed));
        }
        Err(e) => {
            // Every error has a message to assert with.
            prop_assert!(!e.message().is_empty());
        }
    }
    Ok(())
}

macro_rules! decode_all {
    ($bytes:expr, canonical: [$($c:ty),* $(,)?], other: [$($o:ty),* $(,)?]) => {{
        $( decode_is_total::<$c>($bytes, true)?; )*
        $( decode_is_total::<$o>($bytes, false)?; )*
    }};
}

fn decode_every_type(bytes: &[u8]) -> Result<(), TestCaseError> {
    decode_all!(bytes,
        canonical: [
            u8, i8, u16, i16, u32, i32, u64, i64, u128, i128, f32, f64, bool,
            Name, SymbolCode, Symbol, Asset, ExtendedAsset, TimePoint, TimePointSec,
            Checksum256, [u8; 3], [Asset; 2], (u8, bool, u16), Status, Option<u64>,
        ],
        other: [
            VarUint32, String, Vec<u8>, Vec<u64>, Vec<String>, Vec<Vec<u8>>, Option<String>,
            PublicKey, Signature, BinaryExtension<String>, (String, Vec<Name>), [String; 2],
            Leaf, Event, Middle, Outer, Vec<Event>, Option<Middle>,
        ]
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #[test]
    fn integers_round_trip(a in any::<u8>(), b in any::<i8>(), c in any::<u16>(), d in any::<i16>(),
                           e in any::<u32>(), f in any::<i32>(), g in any::<u64>(), h in any::<i64>(),
                           i in any::<u128>(), j in any::<i128>()) {
        round_trip_eq(a)?; round_trip_eq(b)?; round_trip_eq(c)?; round_trip_eq(d)?;
        round_trip_eq(e)?; round_trip_eq(f)?; round_trip_eq(g)?; round_trip_eq(h)?;
        round_trip_eq(i)?; round_trip_eq(j)?;
        prop_assert_eq!(g.packed(), g.to_le_bytes().to_vec());
        prop_assert_eq!(j.packed(), j.to_le_bytes().to_vec());
    }

    #[test]
    fn floats_and_bool_round_trip(x in any::<u32>(), y in any::<u64>(), b in any::<bool>()) {
        let x = f32::from_bits(x);
        let y = f64::from_bits(y);
        prop_assert_eq!(round_trip(&x)?.to_bits(), x.to_bits());
        prop_assert_eq!(round_trip(&y)?.to_bits(), y.to_bits());
        round_trip_eq(b)?;
    }

    #[test]
    fn varuint32_round_trips_minimally(v in any::<u32>()) {
        let bytes = VarUint32(v).packed();
        let bits = 32 - v.leading_zeros() as usize;
        prop_assert_eq!(bytes.len(), bits.saturating_sub(1) / 7 + 1);
        round_trip_eq(VarUint32(v))?;
    }

    #[test]
    fn containers_round_trip(s in any::<String>(), bytes in vec(any::<u8>(), 0..300),
                             words in vec(any::<u64>(), 0..20), strings in vec(any::<String>(), 0..5),
                             opt in any::<Option<i32>>(), nested in any::<Option<Option<u8>>>(),
                             arr in any::<[u16; 4]>(), grid in any::<[[u8; 2]; 3]>(),
                             tuple in any::<(u8, i64, bool, String)>()) {
        let s_len = s.len();
        round_trip_eq(s.clone())?;
        let len_prefix = VarUint32(s_len as u32).packed();
        prop_assert_eq!(&s.packed()[..len_prefix.len()], &len_prefix[..]);
        round_trip_eq(bytes)?;
        round_trip_eq(words)?;
        round_trip_eq(strings)?;
        round_trip_eq(opt)?;
        round_trip_eq(nested)?;
        prop_assert_eq!(arr.packed().len(), 8);
        round_trip_eq(arr)?;
        prop_assert_eq!(grid.packed().len(), 6);
        round_trip_eq(grid)?;
        round_trip_eq(tuple)?;
    }

    #[test]
    fn chain_types_round_trip(n in name(), a in asset(), c in checksum(), t in any::<i64>(),
                              ts in any::<u32>(), pk in public_key(), sig in signature(),
                              code in any::<u64>(), contract in name()) {
        round_trip_eq(n)?;
        round_trip_eq(a)?;
        round_trip_eq(SymbolCode::from_raw(code))?;
        round_trip_eq(Symbol::from_raw(code))?;
        round_trip_eq(ExtendedAsset { quantity: a, contract })?;
        round_trip_eq(c)?;
        round_trip_eq(TimePoint(t))?;
        round_trip_eq(TimePointSec(ts))?;
        round_trip_eq(pk.clone())?;
        round_trip_eq(sig.clone())?;
        round_trip_eq(vec![pk, PublicKey::default()])?;
        round_trip_eq(Some(sig))?;
        // idx256 words order exactly as the bytes do.
        let other = Checksum256(n.raw().to_be_bytes().repeat(4).try_into().unwrap());
        prop_assert_eq!(c.to_idx256().cmp(&other.to_idx256()), c.0.cmp(&other.0));
    }

    #[test]
    fn idx256_order_is_byte_order(a in checksum(), b in checksum(), prefix in 0usize..32) {
        // Share a random prefix so that late bytes decide the order too.
        let mut b = b;
        b.0[..prefix].copy_from_slice(&a.0[..prefix]);
        prop_assert_eq!(a.to_idx256().cmp(&b.to_idx256()), a.0.cmp(&b.0));
        prop_assert_eq!(a.cmp(&b), a.0.cmp(&b.0));
    }

    #[test]
    fn derived_enums_round_trip(e in event(), s in status()) {
        let bytes = e.packed();
        let index = match &e {
            Event::Deposit(_) => 0u8,
            Event::Note(_) => 1,
            Event::Pair(_) => 2,
            Event::Keys(_) => 3,
            Event::Code(_) => 4,
        };
        prop_assert_eq!(bytes[0], index);
        round_trip_eq(e)?;
        prop_assert_eq!(s.packed(), vec![s as u8]);
        round_trip_eq(s)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn nested_structs_round_trip(o in outer()) {
        let decoded = round_trip(&o)?;
        // Bit-exact equality (NaN-safe): compare the encodings.
        prop_assert_eq!(hex(&decoded.packed()), hex(&o.packed()));
        // Every strict truncation fails with Eof, except a cut exactly
        // before a trailing extension, which decodes it as absent.
        let bytes = o.packed();
        let ext_len = o.ext.0.as_ref().map_or(0, |e| e.packed().len());
        for len in (0..bytes.len()).step_by(7).chain([bytes.len().saturating_sub(1)]) {
            if len == bytes.len() {
                continue;
            }
            let got = Outer::unpack_exact(&bytes[..len]);
            if ext_len > 0 && len == bytes.len() - ext_len {
                prop_assert!(got.is_ok(), "cut before the extension: {:?}", got.err());
                prop_assert_eq!(got.unwrap().ext, BinaryExtension(None));
            } else {
                prop_assert_eq!(got.err(), Some(UnpackError::Eof), "truncated to {}", len);
            }
        }
    }

    #[test]
    fn corrupted_encodings_never_panic(o in outer(), flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let mut bytes = o.packed();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        decode_is_total::<Outer>(&bytes, false)?;
        decode_is_total::<Middle>(&bytes, false)?;
        decode_is_total::<Vec<Event>>(&bytes, false)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in vec(any::<u8>(), 0..128)) {
        decode_every_type(&bytes)?;
    }

    #[test]
    fn random_structured_bytes_never_panic(
        prefix in vec(prop_oneof![Just(0u8), Just(1), Just(2), Just(0x80), Just(0xff), any::<u8>()], 0..64)
    ) {
        // Small values (valid flags, indexes, lengths) reach deeper.
        decode_every_type(&prefix)?;
    }
}
