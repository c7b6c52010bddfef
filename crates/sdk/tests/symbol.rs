//! `SymbolCode` and `Symbol` against the CDT's `eosio::symbol_code` and
//! `eosio::symbol` (libraries/eosiolib/core/eosio/symbol.hpp). Expected
//! values are those of the CDT's unit tests (tests/unit/symbol_tests.cpp);
//! "4,EOS" = 1397703940 is nodeos' `SY(4,EOS)`.
//!
//! The CDT has no `"4,SYS"` parser; `Symbol::try_from_str` is the SDK's,
//! shaped like nodeos' `symbol::from_string` (libraries/chain/symbol.cpp).

mod common;

use antelope_sdk::{symbol, Pack, Symbol, SymbolCode, SymbolError, MAX_PRECISION};
use common::assert_check_fails;
use proptest::prelude::*;

const TOO_LONG: &str = "string is too long to be a valid symbol_code";
const NOT_UPPER: &str = "only uppercase letters allowed in symbol_code string";

fn code(s: &str) -> SymbolCode {
    SymbolCode::try_from_str(s).unwrap()
}

#[test]
fn symbol_code_raw_values() {
    for (s, raw) in [
        ("", 0u64),
        ("A", 65),
        ("Z", 90),
        ("AAAAAAA", 18367622009667905),
        ("ZZZZZZZ", 25432092013386330),
        ("SYS", 5462355),
        ("EOS", 5459781),
        ("ABCDEFG", 20061986658402881),
    ] {
        assert_eq!(code(s).raw(), raw, "{s}");
        assert_eq!(SymbolCode::from_raw(raw).to_string(), s);
        assert_eq!(s.parse::<SymbolCode>(), Ok(SymbolCode::from_raw(raw)));
        assert_eq!(SymbolCode::parse(s).raw(), raw);
        assert_eq!(code(s).length() as usize, s.len());
    }
    // Little-endian: the first letter is the lowest byte.
    assert_eq!(code("SYS").packed(), b"SYS\0\0\0\0\0");
    assert_eq!(code("ABCDEFG").packed(), b"ABCDEFG\0");
}

#[test]
fn symbol_code_lengths() {
    // CDT symbol_tests: "" .. "SYMBOLL".
    let full = "SYMBOLL";
    for len in 0..=7 {
        assert_eq!(code(&full[..len]).length(), len as u32);
    }
}

#[test]
fn symbol_code_validity() {
    // CDT symbol_tests.
    assert!(SymbolCode::from_raw(65).is_valid());
    assert!(SymbolCode::from_raw(90).is_valid());
    assert!(SymbolCode::from_raw(18367622009667905).is_valid());
    assert!(SymbolCode::from_raw(25432092013386330).is_valid());
    assert!(!SymbolCode::from_raw(64).is_valid());
    assert!(!SymbolCode::from_raw(25432092013386331).is_valid());
    // The empty code is not valid.
    assert!(!SymbolCode::from_raw(0).is_valid());
    assert!(!code("").is_valid());
    // Gaps: a zero byte followed by a letter.
    assert!(!SymbolCode::from_raw(u64::from_le_bytes(*b"A\0B\0\0\0\0\0")).is_valid());
    assert!(!SymbolCode::from_raw(u64::from_le_bytes(*b"\0A\0\0\0\0\0\0")).is_valid());
    assert!(!SymbolCode::from_raw(u64::from_le_bytes(*b"ABCDEF\0X")).is_valid());
    assert!(!SymbolCode::from_raw(u64::from_le_bytes(*b"A\0\0\0\0\0\0X")).is_valid());
    // Lowercase and other bytes.
    assert!(!SymbolCode::from_raw(u64::from_le_bytes(*b"SyS\0\0\0\0\0")).is_valid());
    assert!(!SymbolCode::from_raw(u64::from_le_bytes(*b"S1\0\0\0\0\0\0")).is_valid());
    // The CDT checks 7 bytes: once all 7 are letters, the 8th byte is not
    // looked at (a symbol's code never has one: it is `raw >> 8`).
    assert!(SymbolCode::from_raw(u64::from_le_bytes(*b"ABCDEFGH")).is_valid());
    assert!(SymbolCode::from_raw(u64::from_le_bytes(*b"ABCDEFG\xff")).is_valid());
    assert!(code("ABCDEFG").is_valid());
}

#[test]
fn symbol_code_string_errors() {
    let cases: &[(&str, SymbolError)] = &[
        ("ABCDEFGH", SymbolError::TooLong),
        ("abcdefgh", SymbolError::TooLong),
        ("a", SymbolError::NotUppercase),
        ("z", SymbolError::NotUppercase),
        ("@", SymbolError::NotUppercase),
        ("[", SymbolError::NotUppercase),
        ("SYs", SymbolError::NotUppercase),
        ("SY S", SymbolError::NotUppercase),
        ("4", SymbolError::NotUppercase),
    ];
    for &(s, err) in cases {
        assert_eq!(SymbolCode::try_from_str(s), Err(err), "{s:?}");
    }
    assert_eq!(SymbolError::TooLong.message(), TOO_LONG);
    assert_eq!(SymbolError::NotUppercase.message(), NOT_UPPER);
    assert_check_fails(TOO_LONG, || SymbolCode::parse("ABCDEFGH"));
    assert_check_fails(NOT_UPPER, || SymbolCode::parse("a"));
}

#[test]
fn symbol_code_string_form_of_invalid_codes() {
    // The CDT's `write_as_string` writes at most 7 bytes and stops when
    // the rest of the value is zero, so a gap is written as a zero byte.
    assert_eq!(
        SymbolCode::from_raw(u64::from_le_bytes(*b"A\0B\0\0\0\0\0")).to_string(),
        "A\0B"
    );
    assert_eq!(
        SymbolCode::from_raw(u64::from_le_bytes(*b"ABCDEFGH")).to_string(),
        "ABCDEFG"
    );
    assert_eq!(SymbolCode::from_raw(0).to_string(), "");
}

#[test]
fn symbol_raw_values() {
    // CDT symbol_tests: symbol{code, 0}.
    for (c, raw) in [
        ("A", 16640u64),
        ("Z", 23040),
        ("AAAAAAA", 4702111234474983680),
        ("ZZZZZZZ", 6510615555426900480),
    ] {
        let sym = Symbol::new(code(c), 0);
        assert_eq!(sym.raw(), raw, "{c}");
        assert_eq!(sym.code(), code(c));
        assert_eq!(sym.precision(), 0);
        assert!(sym.is_valid());
    }
    assert!(!Symbol::from_raw(16639).is_valid());
    assert!(!Symbol::from_raw(6510615555426900736).is_valid());
    assert!(!Symbol::from_raw(0).is_valid());

    let sys = Symbol::try_from_str("4,SYS").unwrap();
    assert_eq!(sys.raw(), 1398362884);
    assert_eq!(sys, Symbol::new(code("SYS"), 4));
    assert_eq!(Symbol::try_from_str("4,EOS").unwrap().raw(), 1397703940);
    assert_eq!(sys.packed(), [0x04, 0x53, 0x59, 0x53, 0, 0, 0, 0]);
    assert_eq!(Symbol::unpack_exact(&sys.packed()), Ok(sys));
}

#[test]
fn symbol_precisions() {
    let p0 = Symbol::try_from_str("0,SYS").unwrap();
    assert_eq!(p0.precision(), 0);
    assert_eq!(p0.raw(), 5462355 << 8);
    assert_eq!(p0.to_string(), "0,SYS");

    let p18 = Symbol::try_from_str("18,SYS").unwrap();
    assert_eq!(p18.precision(), 18);
    assert_eq!(p18.raw(), 1398362898);
    assert_eq!(p18.to_string(), "18,SYS");
    assert_eq!(MAX_PRECISION, 18);

    // The CDT does not bound the precision of a symbol: 255 prints as is
    // (CDT symbol_tests print "255,AAAAAAA") and the code stays valid.
    let p255 = Symbol::new(code("AAAAAAA"), 255);
    assert_eq!(p255.precision(), 255);
    assert_eq!(p255.to_string(), "255,AAAAAAA");
    assert!(p255.is_valid());
    assert_eq!(format!("{p255:?}"), "Symbol(255,AAAAAAA)");
}

#[test]
fn symbol_string_forms() {
    for s in ["4,SYS", "0,A", "18,ZZZZZZZ", "8,POOL", "2,ABCDEFG"] {
        let sym = Symbol::try_from_str(s).unwrap();
        assert_eq!(sym.to_string(), s);
        assert_eq!(s.parse::<Symbol>(), Ok(sym));
        assert_eq!(Symbol::parse(s), sym);
    }
    // Leading zeros in the precision are read as decimal.
    assert_eq!(Symbol::try_from_str("04,SYS").unwrap().to_string(), "4,SYS");
    // An empty code parses (nodeos' `symbol::from_string` accepts it too)
    // but is not a valid symbol.
    let empty = Symbol::try_from_str("4,").unwrap();
    assert_eq!(empty.raw(), 4);
    assert!(!empty.is_valid());
}

#[test]
fn symbol_parse_errors() {
    let cases: &[(&str, SymbolError)] = &[
        ("SYS", SymbolError::MissingComma),
        ("", SymbolError::MissingComma),
        (",SYS", SymbolError::BadPrecision),
        ("x,SYS", SymbolError::BadPrecision),
        ("-1,SYS", SymbolError::BadPrecision),
        ("100,SYS", SymbolError::BadPrecision),
        ("19,SYS", SymbolError::PrecisionTooHigh),
        ("99,SYS", SymbolError::PrecisionTooHigh),
        ("4,sys", SymbolError::NotUppercase),
        ("4, SYS", SymbolError::NotUppercase),
        ("4,SYS,", SymbolError::NotUppercase),
        ("4,ABCDEFGH", SymbolError::TooLong),
    ];
    for &(s, err) in cases {
        assert_eq!(Symbol::try_from_str(s), Err(err), "{s:?}");
    }
    assert_eq!(
        SymbolError::MissingComma.message(),
        "symbol must be written as precision,CODE"
    );
    assert_eq!(
        SymbolError::BadPrecision.message(),
        "symbol precision must be a decimal number"
    );
    assert_eq!(
        SymbolError::PrecisionTooHigh.message(),
        "precision must be at most 18"
    );
    assert_check_fails("precision must be at most 18", || Symbol::parse("19,SYS"));
    assert_check_fails(NOT_UPPER, || Symbol::parse("4,sys"));
}

const SYS: Symbol = symbol!("4,SYS");
const _: () = assert!(SYS.raw() == 1398362884);

#[test]
fn symbol_macro_in_const_context() {
    assert_eq!(SYS.raw(), 1398362884);
    assert_eq!(symbol!("18,ZZZZZZZ").precision(), 18);
    assert_eq!(Symbol::from_literal("0,A").raw(), 16640);
}

#[test]
fn ordering_is_the_raw_order() {
    // CDT `operator<` on symbol_code and symbol compares raw values.
    assert!(SymbolCode::default() < code("A"));
    assert!(code("Z") < code("AA"));
    assert!(Symbol::new(code("A"), 4) < Symbol::new(code("B"), 0));
    assert!(Symbol::new(code("A"), 0) < Symbol::new(code("A"), 4));
}

/// The CDT's validity rule, stated on bytes: the first k bytes (1 <= k <=
/// 7) are letters and, unless k = 7, every byte after them is zero.
fn cdt_valid(raw: u64) -> bool {
    let b = raw.to_le_bytes();
    let k = b
        .iter()
        .take(7)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    k >= 1 && (k == 7 || b[k..].iter().all(|&c| c == 0))
}

fn code_strategy() -> impl Strategy<Value = String> {
    "[A-Z]{1,7}"
}

proptest! {
    #[test]
    fn valid_codes_round_trip(s in code_strategy(), precision in 0u8..=18) {
        let c = SymbolCode::try_from_str(&s).unwrap();
        let expected = s.bytes().rev().fold(0u64, |v, b| (v << 8) | b as u64);
        prop_assert_eq!(c.raw(), expected);
        prop_assert!(c.is_valid());
        prop_assert_eq!(c.to_string(), s.clone());
        let sym = Symbol::new(c, precision);
        prop_assert_eq!(sym.raw(), (expected << 8) | precision as u64);
        let text = format!("{precision},{s}");
        prop_assert_eq!(sym.to_string(), text.clone());
        prop_assert_eq!(Symbol::try_from_str(&text), Ok(sym));
        prop_assert_eq!(Symbol::unpack_exact(&sym.packed()), Ok(sym));
    }

    #[test]
    fn validity_matches_the_cdt_rule(raw in any::<u64>()) {
        prop_assert_eq!(SymbolCode::from_raw(raw).is_valid(), cdt_valid(raw));
        prop_assert_eq!(Symbol::from_raw(raw).is_valid(), cdt_valid(raw >> 8));
    }

    #[test]
    fn validity_near_valid_codes(s in code_strategy(), pos in 0usize..8, byte in any::<u8>()) {
        let mut b = [0u8; 8];
        b[..s.len()].copy_from_slice(s.as_bytes());
        b[pos] = byte;
        let raw = u64::from_le_bytes(b);
        prop_assert_eq!(SymbolCode::from_raw(raw).is_valid(), cdt_valid(raw));
    }
}
