//! The binary encoding of every SDK type against the reference encoding:
//! the CDT's `datastream` operators (libraries/eosiolib/core/eosio/
//! datastream.hpp, varint.hpp, binary_extension.hpp, fixed_bytes.hpp,
//! crypto.hpp), nodeos' `fc::raw` (libraries/libfc/include/fc/io/raw.hpp)
//! and `abi_serializer` (libraries/chain/abi_serializer.cpp); string forms
//! of time points from fc (libraries/libfc/src/time.cpp). ABI type names
//! follow the CDT's abigen (tools/include/eosio/gen.hpp).

mod common;

use antelope_sdk::abi::{AbiBuilder, AbiField, AbiStruct, AbiType, AbiVariant};
use antelope_sdk::{
    name, pack_len, take, take_array, unpack_len, Asset, BinaryExtension, Checksum256,
    ExtendedAsset, Name, Pack, PublicKey, Signature, Symbol, SymbolCode, TimePoint, TimePointSec,
    UnpackError, VarUint32,
};
use common::{hex, unhex};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Debug;

// ---------------------------------------------------------------------------
// A counting allocator: proves that decoding a forged length allocates
// nothing (or a bounded amount) before failing.

struct Counting;

std::thread_local! {
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCATED.try_with(|a| a.set(a.get().saturating_add(bytes)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated on this thread while `f` runs.
fn allocated_by<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATED.with(Cell::get);
    let r = f();
    (r, ALLOCATED.with(Cell::get) - before)
}

// ---------------------------------------------------------------------------
// Helpers.

/// `value` encodes to exactly `expected` (hex), decodes back from it, and
/// every truncation of it fails with `Eof`, and a trailing byte is left
/// over (`unpack`) or rejected (`unpack_exact`).
#[track_caller]
fn assert_encoding<T: Pack + PartialEq + Debug>(value: T, expected: &str) {
    let expected = unhex(expected);
    let bytes = value.packed();
    assert_eq!(hex(&bytes), hex(&expected), "encoding of {value:?}");
    assert_eq!(
        T::unpack_exact(&bytes),
        Ok(value),
        "decoding of {}",
        hex(&bytes)
    );
    assert_truncations_fail::<T>(&bytes);
    let mut longer = bytes.clone();
    longer.push(0x2a);
    let mut input = &longer[..];
    T::unpack(&mut input).unwrap();
    assert_eq!(input, [0x2a], "unpack must stop at the end of the value");
    assert_eq!(
        T::unpack_exact(&longer).err(),
        Some(UnpackError::TrailingBytes)
    );
}

/// Every strict prefix of `bytes` is a truncated value.
#[track_caller]
fn assert_truncations_fail<T: Pack>(bytes: &[u8]) {
    for len in 0..bytes.len() {
        let mut input = &bytes[..len];
        assert_eq!(
            T::unpack(&mut input).err(),
            Some(UnpackError::Eof),
            "truncated to {len} of {} bytes: {}",
            bytes.len(),
            hex(bytes)
        );
    }
}

#[track_caller]
fn assert_rejects<T: Pack + Debug>(bytes: &str, err: UnpackError) {
    let bytes = unhex(bytes);
    assert_eq!(T::unpack_exact(&bytes).err(), Some(err), "{}", hex(&bytes));
}

fn asset(s: &str) -> Asset {
    Asset::try_from_str(s).unwrap()
}

// ---------------------------------------------------------------------------
// Derived types used below.

#[derive(Pack, Clone, Debug, PartialEq)]
struct Transfer {
    from: Name,
    to: Name,
    quantity: Asset,
    memo: String,
}

#[derive(Pack, Clone, Debug, PartialEq)]
struct Upgrade {
    id: u64,
    note: BinaryExtension<String>,
}

#[derive(Pack, Clone, Debug, PartialEq)]
enum Payload {
    Amount(Asset),
    Memo(String),
    Pair((u8, u16)),
}

#[derive(Pack, Clone, Copy, Debug, PartialEq)]
enum Kind {
    Open,
    Closed,
    Frozen,
}

#[derive(Pack, Clone, Copy, Debug, PartialEq)]
enum Numbered {
    Five = 5,
    Six,
    Ten = 10,
}

#[derive(Pack, Clone, Debug, PartialEq)]
struct Wrapper(u32, String);

#[derive(Pack, Clone, Debug, PartialEq)]
#[abi(name = "custom.row")]
struct Renamed {
    r#type: u8,
}

#[derive(Pack, Clone, Debug, PartialEq)]
struct Unit;

#[derive(Pack, Clone, Debug, PartialEq)]
struct CurrencyStats {
    supply: Asset,
    max_supply: Asset,
    issuer: Name,
}

#[derive(Pack, Clone, Debug, PartialEq)]
struct Nested {
    kind: Kind,
    payloads: Vec<Payload>,
    stats: Option<CurrencyStats>,
    keys: [Checksum256; 2],
    wrapper: Wrapper,
}

// ---------------------------------------------------------------------------
// Integers, floats, bool.

#[test]
fn integers_are_little_endian() {
    assert_encoding(0xabu8, "ab");
    assert_encoding(-1i8, "ff");
    assert_encoding(i8::MIN, "80");
    assert_encoding(0x1234u16, "3412");
    assert_encoding(-2i16, "feff");
    assert_encoding(0x1234_5678u32, "78563412");
    assert_encoding(i32::MIN, "00000080");
    assert_encoding(0x0102_0304_0506_0708u64, "0807060504030201");
    assert_encoding(-1i64, "ffffffffffffffff");
    assert_encoding(i64::MIN, "0000000000000080");
    assert_encoding(
        0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10u128,
        "100f0e0d0c0b0a090807060504030201",
    );
    assert_encoding(-2i128, "feffffffffffffffffffffffffffffff");
    assert_encoding(u128::MAX, "ffffffffffffffffffffffffffffffff");
    assert_encoding(i128::MIN, "00000000000000000000000000000080");
}

#[test]
fn floats_are_ieee754_little_endian() {
    assert_encoding(1.0f32, "0000803f");
    assert_encoding(-2.5f32, "000020c0");
    assert_encoding(1.0f64, "000000000000f03f");
    assert_encoding(0.1f64, "9a9999999999b93f");
    assert_encoding(-0.0f64, "0000000000000080");
    assert_encoding(f64::INFINITY, "000000000000f07f");
    // NaN payloads survive bit for bit.
    let nan = f64::from_bits(0x7ff8_0000_dead_beef);
    assert_eq!(
        f64::unpack_exact(&nan.packed()).unwrap().to_bits(),
        nan.to_bits()
    );
    let nan32 = f32::from_bits(0x7fc0_1234);
    assert_eq!(
        f32::unpack_exact(&nan32.packed()).unwrap().to_bits(),
        nan32.to_bits()
    );
}

#[test]
fn bool_is_one_byte_zero_or_one() {
    assert_encoding(false, "00");
    assert_encoding(true, "01");
    // fc::raw rejects any other byte ((b & ~1) == 0); so does the SDK.
    assert_rejects::<bool>("02", UnpackError::BadBool);
    assert_rejects::<bool>("ff", UnpackError::BadBool);
    assert_eq!(UnpackError::BadBool.message(), "invalid bool encoding");
}

// ---------------------------------------------------------------------------
// varuint32.

#[test]
fn varuint32_encoding() {
    assert_encoding(VarUint32(0), "00");
    assert_encoding(VarUint32(1), "01");
    assert_encoding(VarUint32(127), "7f");
    assert_encoding(VarUint32(128), "8001");
    assert_encoding(VarUint32(300), "ac02");
    assert_encoding(VarUint32(16383), "ff7f");
    assert_encoding(VarUint32(16384), "808001");
    assert_encoding(VarUint32(2_097_151), "ffff7f");
    assert_encoding(VarUint32(2_097_152), "80808001");
    assert_encoding(VarUint32(268_435_455), "ffffff7f");
    assert_encoding(VarUint32(268_435_456), "8080808001");
    assert_encoding(VarUint32(u32::MAX), "ffffffff0f");
}

#[test]
fn varuint32_rejections() {
    // Above u32::MAX in the 5th byte.
    assert_rejects::<VarUint32>("ffffffff1f", UnpackError::BadVarint);
    assert_rejects::<VarUint32>("ffffffff7f", UnpackError::BadVarint);
    assert_rejects::<VarUint32>("8080808010", UnpackError::BadVarint);
    // Longer than 5 bytes.
    assert_rejects::<VarUint32>("808080808000", UnpackError::BadVarint);
    assert_rejects::<VarUint32>("ffffffff8f01", UnpackError::BadVarint);
    // Truncated.
    assert_rejects::<VarUint32>("", UnpackError::Eof);
    assert_rejects::<VarUint32>("80", UnpackError::Eof);
    assert_rejects::<VarUint32>("ffffffff", UnpackError::Eof);
    // Non-minimal encodings decode, as in the CDT and fc (their loops
    // only look at the continuation bit).
    assert_eq!(VarUint32::unpack_exact(&unhex("8000")), Ok(VarUint32(0)));
    assert_eq!(VarUint32::unpack_exact(&unhex("ff00")), Ok(VarUint32(127)));
    assert_eq!(
        VarUint32::unpack_exact(&unhex("8080808000")),
        Ok(VarUint32(0))
    );
    assert_eq!(
        UnpackError::BadVarint.message(),
        "invalid varuint32 encoding"
    );
}

#[test]
fn length_prefix_helpers() {
    let mut out = Vec::new();
    pack_len(300, &mut out);
    assert_eq!(out, [0xac, 0x02]);
    let mut input = &[0xac, 0x02, 0x99][..];
    assert_eq!(unpack_len(&mut input), Ok(300));
    assert_eq!(input, [0x99]);
    let mut input = &[1u8, 2, 3][..];
    assert_eq!(take(&mut input, 2), Ok(&[1u8, 2][..]));
    assert_eq!(take(&mut input, 2), Err(UnpackError::Eof));
    assert_eq!(take_array::<1>(&mut input), Ok([3]));
    assert_eq!(take_array::<1>(&mut input), Err(UnpackError::Eof));
}

// ---------------------------------------------------------------------------
// Strings, vectors, optionals, tuples, arrays.

#[test]
fn strings_have_a_varuint32_length() {
    assert_encoding(String::new(), "00");
    assert_encoding(String::from("abc"), "03616263");
    assert_encoding(String::from("é"), "02c3a9");
    let long = "x".repeat(128);
    assert_encoding(long.clone(), &format!("8001{}", "78".repeat(128)));
    let longer = "y".repeat(16384);
    assert_encoding(longer, &format!("808001{}", "79".repeat(16384)));
    // The SDK requires UTF-8 (the CDT and fc copy the bytes unchecked).
    assert_rejects::<String>("02c328", UnpackError::BadUtf8);
    assert_rejects::<String>("01ff", UnpackError::BadUtf8);
    assert_eq!(UnpackError::BadUtf8.message(), "string is not valid utf-8");
}

#[test]
fn vectors_have_a_varuint32_length() {
    assert_encoding(Vec::<u32>::new(), "00");
    assert_encoding(vec![1u32, 2], "020100000002000000");
    assert_encoding(vec![0xaau8, 0xbb, 0xcc], "03aabbcc");
    assert_encoding(vec![String::from("a"), String::new()], "02016100");
    assert_encoding(vec![vec![1u8], vec![]], "02010100");
    assert_encoding(vec![7u8; 200], &format!("c801{}", "07".repeat(200)));
    assert_encoding(vec![name!("eosio")], "010000000000ea3055");
}

#[test]
fn optionals_have_a_presence_byte() {
    assert_encoding(None::<u32>, "00");
    assert_encoding(Some(5u32), "0105000000");
    assert_encoding(Some(String::from("hi")), "01026869");
    assert_encoding(Some(None::<u8>), "0100");
    assert_encoding(Some(Some(3u8)), "010103");
    assert_encoding(vec![Some(1u8), None], "02010100");
    // fc::raw reads the flag as a bool and rejects anything but 0 and 1;
    // so does the SDK.
    assert_rejects::<Option<u8>>("0207", UnpackError::BadBool);
}

#[test]
fn tuples_are_their_fields_in_order() {
    assert_encoding((), "");
    assert_encoding((1u8,), "01");
    assert_encoding((1u8, 2u16), "010200");
    assert_encoding((1u8, String::from("a"), true), "01016101");
    assert_encoding((1u8, 2u8, 3u8, 4u8, 5u8, 6u8), "010203040506");
    assert_encoding(((1u8, 2u8), (3u8,)), "010203");
}

#[test]
fn fixed_arrays_have_no_length_prefix() {
    // CDT `std::array<T, N>` and nodeos' `T[N]` (abi_serializer reads N
    // values with no size): no prefix.
    assert_encoding([1u8, 2, 3], "010203");
    assert_encoding([0x0102u16, 0x0304], "02010403");
    assert_encoding([String::from("a"), String::from("bc")], "0161026263");
    assert_encoding([[1u8, 2], [3, 4]], "01020304");
    assert_encoding([0u32; 0], "");
    assert_encoding([Some(1u8), None], "010100");
    assert_encoding(vec![[1u8, 2]], "010102");
}

// ---------------------------------------------------------------------------
// Chain types.

#[test]
fn name_symbol_asset_encodings() {
    assert_encoding(name!("eosio"), "0000000000ea3055");
    assert_encoding(name!("eosio.token"), "00a6823403ea3055");
    assert_encoding(Name::from_raw(u64::MAX), "ffffffffffffffff");
    assert_encoding(SymbolCode::try_from_str("SYS").unwrap(), "5359530000000000");
    assert_encoding(Symbol::try_from_str("4,SYS").unwrap(), "0453595300000000");
    assert_encoding(Symbol::try_from_str("18,EOS").unwrap(), "12454f5300000000");
    // "1.0000 SYS": amount 10000 = 0x2710, then the symbol 4,SYS.
    assert_encoding(asset("1.0000 SYS"), "1027000000000000 0453595300000000");
    assert_encoding(asset("-1.0000 SYS"), "f0d8ffffffffffff 0453595300000000");
    assert_encoding(
        asset("4611686018427387903 ZZZZZZZ"),
        "ffffffffffffff3f 005a5a5a5a5a5a5a",
    );
    assert_encoding(
        ExtendedAsset {
            quantity: asset("1.0000 SYS"),
            contract: name!("eosio.token"),
        },
        "1027000000000000 0453595300000000 00a6823403ea3055",
    );
    // Decoding does not validate: raw values are kept as they are.
    let odd = Asset {
        amount: i64::MIN,
        symbol: Symbol::from_raw(1),
    };
    assert_eq!(Asset::unpack_exact(&odd.packed()), Ok(odd));
}

#[test]
fn time_point_encodings_and_strings() {
    let tp = TimePoint::from_micros(1_795_238_712_000_000);
    assert_encoding(tp, "003eb795c2600600");
    assert_eq!(tp.to_string(), "2026-11-21T05:25:12.000");
    assert_eq!(tp.sec_since_epoch(), 1_795_238_712);
    assert_eq!(tp.to_sec(), TimePointSec::from_secs(1_795_238_712));

    let tps = TimePointSec::from_secs(1_795_238_712);
    assert_encoding(tps, "382b016b");
    assert_eq!(tps.to_string(), "2026-11-21T05:25:12");
    assert_eq!(tps.to_time_point(), tp);
    assert_eq!(tps.secs(), 1_795_238_712);

    // fc `time_point::to_iso_string`: whole seconds, '.', 3 digits of
    // milliseconds (truncated), for every time from the epoch on.
    for (micros, text) in [
        (0i64, "1970-01-01T00:00:00.000"),
        (1, "1970-01-01T00:00:00.000"),
        (999, "1970-01-01T00:00:00.000"),
        (1_000, "1970-01-01T00:00:00.001"),
        (1_999_999, "1970-01-01T00:00:01.999"),
        (897_898_392_000_000, "1998-06-15T08:13:12.000"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000"),
        (1_577_836_800_000_000, "2020-01-01T00:00:00.000"),
        (1_577_836_800_123_456, "2020-01-01T00:00:00.123"),
        (2_147_483_647_000_000, "2038-01-19T03:14:07.000"),
        (4_294_967_295_000_000, "2106-02-07T06:28:15.000"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999"),
    ] {
        assert_eq!(TimePoint::from_micros(micros).to_string(), text, "{micros}");
        assert_eq!(TimePoint(micros).micros(), micros);
    }
    // Before the epoch fc writes boost's ISO form of a negative duration:
    // '-', hours (at least 2 digits), minutes, seconds, and '.' with 6
    // digits of microseconds when there are any; i64::MIN is boost's
    // negative infinity.
    for (micros, text) in [
        (-1i64, "-000000.000001"),
        (-1_000, "-000000.001000"),
        (-1_000_000, "-000001"),
        (-61_000_000, "-000101"),
        (-86_400_000_000, "-240000"),
        (-90_061_000_001, "-250101.000001"),
        (-360_000_000_000_000, "-1000000000"),
        (i64::MIN + 1, "-25620477880054.775807"),
        (i64::MIN, "-infinity"),
    ] {
        assert_eq!(TimePoint::from_micros(micros).to_string(), text, "{micros}");
    }

    // fc `time_point_sec::to_iso_string`: no fraction.
    for (secs, text) in [
        (0u32, "1970-01-01T00:00:00"),
        (951_782_400, "2000-02-29T00:00:00"),
        (2_147_483_647, "2038-01-19T03:14:07"),
        (u32::MAX, "2106-02-07T06:28:15"),
    ] {
        assert_eq!(TimePointSec::from_secs(secs).to_string(), text, "{secs}");
    }
    assert_encoding(TimePointSec::from_secs(u32::MAX), "ffffffff");
    assert_encoding(TimePoint::from_micros(-1), "ffffffffffffffff");
    // CDT: `sec_since_epoch` is `uint32_t(count / 1000000)`.
    assert_eq!(TimePoint::from_micros(-1).sec_since_epoch(), 0);
    assert_eq!(TimePoint::from_micros(1_999_999).sec_since_epoch(), 1);
}

#[test]
fn checksum256_is_32_raw_bytes() {
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = i as u8;
    }
    let c = Checksum256(bytes);
    let text = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    assert_encoding(c, text);
    assert_eq!(c.to_string(), text);
    assert_eq!(format!("{c:?}"), format!("Checksum256({text})"));
    assert_eq!(Checksum256::from_hex(text), Some(c));
    assert_eq!(Checksum256::from_hex(&text.to_uppercase()), Some(c));
    assert_eq!(Checksum256::from_hex(&text[..62]), None);
    assert_eq!(Checksum256::from_hex(&format!("{text}00")), None);
    assert_eq!(Checksum256::from_hex(&text.replace('f', "g")), None);
    assert_eq!(Checksum256::from_hex(&format!("é{}", &text[2..])), None);
    assert_encoding(Checksum256::default(), &"00".repeat(32));
}

#[test]
fn checksum256_idx256_words() {
    // CDT fixed_bytes_tests: fixed_bytes<32> from the uint64 words 1, 2,
    // 3, 4 is the bytes 00..01 00..02 00..03 00..04, i.e. each 16 bytes
    // form one uint128 word, most significant byte first.
    let bytes = unhex("0000000000000001 0000000000000002 0000000000000003 0000000000000004");
    let c = Checksum256(bytes.try_into().unwrap());
    assert_eq!(c.to_idx256(), [(1u128 << 64) | 2, (3u128 << 64) | 4]);
    let mut last = [0u8; 32];
    last[31] = 1;
    assert_eq!(Checksum256(last).to_idx256(), [0, 1]);
    let mut first = [0u8; 32];
    first[0] = 0x80;
    assert_eq!(Checksum256(first).to_idx256(), [1u128 << 127, 0]);
}

#[test]
fn public_keys() {
    let mut k1 = vec![0x00, 0x02];
    k1.extend(1..=32u8);
    assert_eq!(k1.len(), 34);
    let key = PublicKey(k1.clone());
    assert_encoding(key.clone(), &hex(&k1));
    assert_eq!(key.kind(), 0);

    let mut r1 = k1.clone();
    r1[0] = 0x01;
    assert_encoding(PublicKey(r1.clone()), &hex(&r1));
    assert_eq!(PublicKey(r1).kind(), 1);

    // WebAuthn: key, user presence (uint8), rpid (string).
    let mut wa = k1.clone();
    wa[0] = 0x02;
    wa.push(0x01);
    wa.push(11);
    wa.extend_from_slice(b"example.com");
    assert_encoding(PublicKey(wa.clone()), &hex(&wa));
    assert_eq!(PublicKey(wa).kind(), 2);

    // Type bytes past WebAuthn are not keys (CDT: "invalid variant index").
    let mut bad = k1.clone();
    bad[0] = 0x03;
    assert_eq!(PublicKey::unpack_exact(&bad), Err(UnpackError::BadVariant));
    assert_eq!(UnpackError::BadVariant.message(), "invalid variant index");

    // The default is the CDT's default `public_key`: K1, 33 zero bytes.
    assert_encoding(PublicKey::default(), &"00".repeat(34));
}

#[test]
fn signatures() {
    let mut k1 = vec![0x00];
    k1.extend((0..65u8).map(|i| i.wrapping_mul(7)));
    assert_eq!(k1.len(), 66);
    assert_encoding(Signature(k1.clone()), &hex(&k1));
    let mut r1 = k1.clone();
    r1[0] = 0x01;
    assert_encoding(Signature(r1.clone()), &hex(&r1));

    // WebAuthn: compact signature, auth_data (bytes), client_json (string).
    let mut wa = k1.clone();
    wa[0] = 0x02;
    wa.extend_from_slice(&[3, 0xaa, 0xbb, 0xcc]);
    wa.push(2);
    wa.extend_from_slice(b"{}");
    assert_encoding(Signature(wa.clone()), &hex(&wa));

    let mut bad = k1.clone();
    bad[0] = 0x07;
    assert_eq!(Signature::unpack_exact(&bad), Err(UnpackError::BadVariant));
    assert_encoding(Signature::default(), &"00".repeat(66));
}

#[test]
fn binary_extensions() {
    // CDT binary_extension: read only when bytes remain. An absent
    // extension writes nothing (as nodeos' abi_serializer does for a
    // missing trailing `$` field).
    let absent = Upgrade {
        id: 7,
        note: BinaryExtension(None),
    };
    assert_eq!(hex(&absent.packed()), "0700000000000000");
    assert_eq!(Upgrade::unpack_exact(&absent.packed()), Ok(absent.clone()));
    let present = Upgrade {
        id: 7,
        note: BinaryExtension::new(String::from("hi")),
    };
    assert_eq!(hex(&present.packed()), "0700000000000000026869");
    assert_eq!(
        Upgrade::unpack_exact(&present.packed()),
        Ok(present.clone())
    );
    // Truncations: before the extension is a truncation of `id`; exactly
    // at it is the absent value; inside it is a truncation of the string.
    let bytes = present.packed();
    for len in 0..bytes.len() {
        let got = Upgrade::unpack_exact(&bytes[..len]);
        if len == 8 {
            assert_eq!(got, Ok(absent.clone()));
        } else {
            assert_eq!(got, Err(UnpackError::Eof), "{len}");
        }
    }
    // With bytes after the value, they are read as the extension.
    assert_eq!(
        Upgrade::unpack_exact(&unhex("0700000000000000 00")),
        Ok(Upgrade {
            id: 7,
            note: BinaryExtension::new(String::new())
        })
    );
    // Absent at the end of the data: old rows still decode.
    let mut input = &unhex("0700000000000000")[..];
    assert_eq!(
        Upgrade::unpack(&mut input),
        Ok(Upgrade {
            id: 7,
            note: BinaryExtension(None)
        })
    );
    assert_eq!(
        BinaryExtension::<u32>::unpack_exact(&[]),
        Ok(BinaryExtension(None))
    );
    assert_eq!(
        BinaryExtension::<u32>::unpack_exact(&[1, 0, 0, 0]),
        Ok(BinaryExtension(Some(1)))
    );
    // Started but cut short is a truncation.
    assert_eq!(
        BinaryExtension::<u32>::unpack_exact(&[1, 0]),
        Err(UnpackError::Eof)
    );
    assert_eq!(
        Upgrade::unpack_exact(&unhex("0700000000000000 0568")),
        Err(UnpackError::Eof)
    );
    let ext = BinaryExtension::new(5u8);
    assert_eq!(ext.value(), Some(&5));
    assert_eq!(ext.clone().into_inner(), Some(5));
    assert_eq!(BinaryExtension::<u8>::default().value(), None);
}

// ---------------------------------------------------------------------------
// Derived structs and enums.

#[test]
fn derived_structs_are_their_fields_in_order() {
    let t = Transfer {
        from: name!("eosio"),
        to: name!("eosio.token"),
        quantity: asset("1.0000 SYS"),
        memo: String::from("hi"),
    };
    assert_encoding(
        t,
        "0000000000ea3055 00a6823403ea3055 1027000000000000 0453595300000000 026869",
    );
    assert_encoding(Wrapper(1, String::from("a")), "01000000 0161");
    assert_encoding(Renamed { r#type: 9 }, "09");
    assert_encoding(Unit, "");
}

#[test]
fn derived_enums_with_values_are_variants() {
    // A varuint32 index, then the value (CDT std::variant, ABI variant).
    assert_encoding(
        Payload::Amount(asset("1.0000 SYS")),
        "00 1027000000000000 0453595300000000",
    );
    assert_encoding(Payload::Memo(String::from("hi")), "01 026869");
    assert_encoding(Payload::Pair((1, 2)), "02 01 0200");
    assert_rejects::<Payload>("03", UnpackError::BadVariant);
    // The index is a varuint32: 0x81 0x00 is index 1 written long.
    assert_eq!(
        Payload::unpack_exact(&unhex("8100 00")),
        Ok(Payload::Memo(String::new()))
    );
    assert_rejects::<Payload>("ffffffff0f", UnpackError::BadVariant);
    assert_rejects::<Payload>("", UnpackError::Eof);
}

#[test]
fn derived_fieldless_enums_are_a_u8() {
    assert_encoding(Kind::Open, "00");
    assert_encoding(Kind::Closed, "01");
    assert_encoding(Kind::Frozen, "02");
    assert_rejects::<Kind>("03", UnpackError::BadVariant);
    assert_rejects::<Kind>("ff", UnpackError::BadVariant);
}

#[test]
fn fieldless_enums_write_their_discriminant_like_a_cpp_enum() {
    assert_encoding(Numbered::Five, "05");
    assert_encoding(Numbered::Six, "06");
    assert_encoding(Numbered::Ten, "0a");
    assert_rejects::<Numbered>("00", UnpackError::BadVariant);
    assert_rejects::<Numbered>("07", UnpackError::BadVariant);
}

#[test]
fn nested_derived_types() {
    let n = Nested {
        kind: Kind::Closed,
        payloads: vec![Payload::Memo(String::from("a")), Payload::Pair((3, 4))],
        stats: Some(CurrencyStats {
            supply: asset("1.0000 SYS"),
            max_supply: asset("10.0000 SYS"),
            issuer: name!("eosio"),
        }),
        keys: [Checksum256([0x11; 32]), Checksum256([0x22; 32])],
        wrapper: Wrapper(5, String::new()),
    };
    let expected = format!(
        "01 02 01 0161 02 03 0400 01 1027000000000000 0453595300000000 \
         a086010000000000 0453595300000000 0000000000ea3055 {} {} 05000000 00",
        "11".repeat(32),
        "22".repeat(32)
    );
    assert_encoding(n, &expected);
}

// ---------------------------------------------------------------------------
// Malformed input.

#[test]
fn forged_lengths_fail_without_allocating() {
    let forged = unhex("ffffffff0f 0102030405060708090a");
    let (r, bytes) = allocated_by(|| Vec::<u8>::unpack_exact(&forged));
    assert_eq!(r, Err(UnpackError::Eof));
    assert_eq!(bytes, 0, "Vec<u8> allocated for a forged length");
    let (r, bytes) = allocated_by(|| Vec::<u64>::unpack_exact(&forged));
    assert_eq!(r, Err(UnpackError::Eof));
    assert_eq!(bytes, 0, "Vec<u64> allocated for a forged length");
    let (r, bytes) = allocated_by(|| Vec::<String>::unpack_exact(&forged));
    assert_eq!(r, Err(UnpackError::Eof));
    assert_eq!(bytes, 0, "Vec<String> allocated for a forged length");
    let (r, bytes) = allocated_by(|| String::unpack_exact(&forged));
    assert_eq!(r, Err(UnpackError::Eof));
    assert_eq!(bytes, 0, "String allocated for a forged length");
    // The outer length (2) fits the input and is reserved; the inner
    // forged one allocates nothing.
    let nested = unhex("02 ffffffff0f");
    let (r, bytes) = allocated_by(|| Vec::<Vec<u8>>::unpack_exact(&nested));
    assert_eq!(r, Err(UnpackError::Eof));
    assert!(
        bytes <= 2 * std::mem::size_of::<Vec<u8>>(),
        "nested Vec allocated {bytes} bytes"
    );

    // A length within the input, but of elements much larger in memory
    // than one byte: the up-front reservation stays bounded.
    let mut big = unhex("e807");
    big.extend(std::iter::repeat_n(0u8, 1000));
    let (r, bytes) = allocated_by(|| Vec::<[u8; 4096]>::unpack_exact(&big));
    assert_eq!(r, Err(UnpackError::Eof));
    assert!(
        bytes <= 64 * 1024 + 4096,
        "reserved {bytes} bytes for 1000 bytes of input"
    );
}

#[test]
fn truncated_input_fails_with_eof_for_every_type() {
    assert_truncations_fail::<u128>(&0u128.packed());
    assert_truncations_fail::<Transfer>(
        &Transfer {
            from: name!("a"),
            to: name!("b"),
            quantity: asset("1 A"),
            memo: String::from("memo"),
        }
        .packed(),
    );
    for len in [0usize, 1, 5, 20, 33] {
        let mut input = &[0u8; 66][..len];
        assert_eq!(
            PublicKey::unpack(&mut input).err(),
            Some(UnpackError::Eof),
            "{len}"
        );
    }
    let mut wa = vec![0x02];
    wa.extend([0u8; 33]);
    assert_eq!(PublicKey::unpack_exact(&wa), Err(UnpackError::Eof));
    wa.push(1);
    assert_eq!(PublicKey::unpack_exact(&wa), Err(UnpackError::Eof));
    wa.push(3);
    wa.push(b'a');
    assert_eq!(PublicKey::unpack_exact(&wa), Err(UnpackError::Eof));
    assert_eq!(
        UnpackError::Eof.message(),
        "datastream attempted to read past the end"
    );
    assert_eq!(
        UnpackError::Eof.to_string(),
        "datastream attempted to read past the end"
    );
}

#[test]
fn unpack_exact_rejects_trailing_bytes() {
    assert_eq!(
        u32::unpack_exact(&[1, 0, 0, 0, 0]),
        Err(UnpackError::TrailingBytes)
    );
    assert_eq!(Name::unpack_exact(&[0; 9]), Err(UnpackError::TrailingBytes));
    assert_eq!(<()>::unpack_exact(&[0]), Err(UnpackError::TrailingBytes));
    assert_eq!(<()>::unpack_exact(&[]), Ok(()));
    assert_eq!(
        UnpackError::TrailingBytes.message(),
        "unexpected bytes after the end of the data"
    );
    assert_eq!(UnpackError::BadValue("bad symbol").message(), "bad symbol");
}

// ---------------------------------------------------------------------------
// ABI descriptions.

#[test]
fn abi_names_of_builtin_types() {
    let cases: &[(String, &str)] = &[
        (bool::abi_name(), "bool"),
        (u8::abi_name(), "uint8"),
        (i8::abi_name(), "int8"),
        (u16::abi_name(), "uint16"),
        (i16::abi_name(), "int16"),
        (u32::abi_name(), "uint32"),
        (i32::abi_name(), "int32"),
        (u64::abi_name(), "uint64"),
        (i64::abi_name(), "int64"),
        (u128::abi_name(), "uint128"),
        (i128::abi_name(), "int128"),
        (f32::abi_name(), "float32"),
        (f64::abi_name(), "float64"),
        (String::abi_name(), "string"),
        (Name::abi_name(), "name"),
        (SymbolCode::abi_name(), "symbol_code"),
        (Symbol::abi_name(), "symbol"),
        (Asset::abi_name(), "asset"),
        (ExtendedAsset::abi_name(), "extended_asset"),
        (TimePoint::abi_name(), "time_point"),
        (TimePointSec::abi_name(), "time_point_sec"),
        (Checksum256::abi_name(), "checksum256"),
        (PublicKey::abi_name(), "public_key"),
        (Signature::abi_name(), "signature"),
        (VarUint32::abi_name(), "varuint32"),
        // Containers (CDT abigen: vector<T> -> T[], vector<uint8_t> ->
        // bytes, optional<T> -> T?, binary_extension<T> -> T$,
        // std::array<T, N> -> T[N]).
        (Vec::<u64>::abi_name(), "uint64[]"),
        (Vec::<u8>::abi_name(), "bytes"),
        (Vec::<Name>::abi_name(), "name[]"),
        (Option::<Asset>::abi_name(), "asset?"),
        (Option::<Vec<u8>>::abi_name(), "bytes?"),
        (BinaryExtension::<String>::abi_name(), "string$"),
        (<[u8; 32]>::abi_name(), "uint8[32]"),
        (<[Name; 3]>::abi_name(), "name[3]"),
        (Box::<u32>::abi_name(), "uint32"),
        (<(u64, String)>::abi_name(), "tuple_uint64_string"),
        (<(Name, Asset, bool)>::abi_name(), "tuple_name_asset_bool"),
        // Derived types.
        (Transfer::abi_name(), "transfer"),
        (CurrencyStats::abi_name(), "currency_stats"),
        (Payload::abi_name(), "payload"),
        (Kind::abi_name(), "uint8"),
        (Renamed::abi_name(), "custom.row"),
        (Vec::<Transfer>::abi_name(), "transfer[]"),
        (Option::<Payload>::abi_name(), "payload?"),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
}

fn field(name: &str, type_: &str) -> AbiField {
    AbiField {
        name: name.to_string(),
        type_: type_.to_string(),
    }
}

fn abi_struct(name: &str, fields: Vec<AbiField>) -> AbiStruct {
    AbiStruct {
        name: name.to_string(),
        base: String::new(),
        fields,
    }
}

#[test]
fn abi_definitions() {
    let mut abi = AbiBuilder::new();
    assert_eq!(abi.add_type::<Transfer>(), "transfer");
    assert_eq!(abi.add_type::<Upgrade>(), "upgrade");
    assert_eq!(abi.add_type::<Payload>(), "payload");
    assert_eq!(abi.add_type::<Wrapper>(), "wrapper");
    assert_eq!(abi.add_type::<Renamed>(), "custom.row");
    assert_eq!(abi.add_type::<Kind>(), "uint8");
    assert_eq!(abi.add_type::<Option<Vec<Transfer>>>(), "transfer[]?");
    assert_eq!(abi.add_type::<[Transfer; 2]>(), "transfer[2]");
    // Adding a type twice defines it once.
    assert_eq!(abi.add_type::<Transfer>(), "transfer");
    let def = abi.finish().unwrap();
    assert_eq!(
        def.structs,
        vec![
            abi_struct(
                "transfer",
                vec![
                    field("from", "name"),
                    field("to", "name"),
                    field("quantity", "asset"),
                    field("memo", "string"),
                ]
            ),
            abi_struct(
                "upgrade",
                vec![field("id", "uint64"), field("note", "string$")]
            ),
            abi_struct(
                "tuple_uint8_uint16",
                vec![field("field_0", "uint8"), field("field_1", "uint16")]
            ),
            abi_struct(
                "wrapper",
                vec![field("field_0", "uint32"), field("field_1", "string")]
            ),
            abi_struct("custom.row", vec![field("type", "uint8")]),
        ]
    );
    assert_eq!(
        def.variants,
        vec![AbiVariant {
            name: "payload".to_string(),
            types: vec![
                "asset".to_string(),
                "string".to_string(),
                "tuple_uint8_uint16".to_string()
            ],
        }]
    );
}

#[test]
fn abi_definitions_of_nested_types() {
    let mut abi = AbiBuilder::new();
    assert_eq!(abi.add_type::<Nested>(), "nested");
    assert_eq!(abi.add_type::<(u64, String)>(), "tuple_uint64_string");
    let def = abi.finish().unwrap();
    let nested = def.structs.iter().find(|s| s.name == "nested").unwrap();
    assert_eq!(
        nested.fields,
        vec![
            field("kind", "uint8"),
            field("payloads", "payload[]"),
            field("stats", "currency_stats?"),
            field("keys", "checksum256[2]"),
            field("wrapper", "wrapper"),
        ]
    );
    let names: Vec<&str> = def.structs.iter().map(|s| s.name.as_str()).collect();
    for expected in [
        "tuple_uint8_uint16",
        "currency_stats",
        "wrapper",
        "nested",
        "tuple_uint64_string",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let tuple = def
        .structs
        .iter()
        .find(|s| s.name == "tuple_uint64_string")
        .unwrap();
    assert_eq!(
        tuple.fields,
        vec![field("field_0", "uint64"), field("field_1", "string")]
    );
    assert_eq!(def.variants.len(), 1);
}
