//! `Name` against the CDT's `eosio::name` (libraries/eosiolib/core/eosio/
//! name.hpp) and nodeos' `name::to_string` (libraries/chain/name.cpp).
//! Expected raw values are those of the CDT's unit tests
//! (tests/unit/name_tests.cpp) and of well-known system names.

mod common;

use antelope_sdk::{name, Name, NameError, Pack};
use common::assert_check_fails;
use proptest::prelude::*;

const TOO_LONG: &str = "string is too long to be a valid name";
const BAD_CHAR: &str = "character is not in allowed character set for names";
const BAD_13TH: &str = "thirteenth character in name cannot be a letter that comes after j";

/// (string, raw value): values from the CDT's name tests and system names.
const KNOWN: &[(&str, u64)] = &[
    ("", 0),
    ("1", 576460752303423488),
    ("5", 2882303761517117440),
    ("a", 3458764513820540928),
    ("z", 17870283321406128128),
    ("abc", 3589368903014285312),
    ("123", 614178399182651392),
    (".abc", 112167778219196416),
    (".........abc", 102016),
    ("abc.123", 3589369488740450304),
    ("123.abc", 614181822271586304),
    ("12345abcdefgj", 614251623682315983),
    ("hijklmnopqrsj", 7754926748989239183),
    ("tuvwxyz.1234j", 14895601873741973071),
    ("111111111111j", 595056260442243615),
    ("555555555555j", 2975281302211218015),
    ("aaaaaaaaaaaaj", 3570337562653461615),
    ("zzzzzzzzzzzzj", u64::MAX),
    ("eosio", 6138663577826885632),
    ("eosio.token", 6138663591592764928),
    ("eosio.null", 6138663588472832000),
    ("active", 3617214756542218240),
    ("owner", 12044502819693133824),
    ("transfer", 14829575313431724032),
];

#[test]
fn raw_values_of_known_names() {
    for &(s, raw) in KNOWN {
        assert_eq!(Name::try_from_str(s), Ok(Name::from_raw(raw)), "{s:?}");
        assert_eq!(s.parse::<Name>().map(Name::raw), Ok(raw), "{s:?}");
        assert_eq!(Name::parse(s).raw(), raw, "{s:?}");
        // Every known string is already normalized: it prints back as is.
        assert_eq!(Name::from_raw(raw).to_string(), s, "{raw}");
        assert_eq!(String::from(Name::from_raw(raw)), s, "{raw}");
    }
}

#[test]
fn twelve_and_thirteen_character_names() {
    let twelve = Name::try_from_str("eosioaccount").unwrap();
    let thirteen = Name::try_from_str("eosioaccountj").unwrap();
    assert_eq!(twelve.raw(), 6138663685346207632);
    // The 13th character is the low nibble: 'j' = 15.
    assert_eq!(thirteen.raw(), twelve.raw() | 15);
    assert_eq!(twelve.to_string(), "eosioaccount");
    assert_eq!(thirteen.to_string(), "eosioaccountj");
    assert_eq!(twelve.length(), 12);
    assert_eq!(thirteen.length(), 13);
    // 13th character '1'..'5', 'a'..'j' are the nibbles 1..15.
    for (i, c) in "12345abcdefghij".chars().enumerate() {
        let s = format!("aaaaaaaaaaaa{c}");
        let n = Name::try_from_str(&s).unwrap();
        assert_eq!(n.raw() & 0xf, i as u64 + 1, "{s}");
        assert_eq!(n.to_string(), s);
    }
}

#[test]
fn dots_edge_cases() {
    // All dots, any length up to 13, is the empty name.
    for len in 0..=13 {
        let s = ".".repeat(len);
        assert_eq!(Name::try_from_str(&s), Ok(Name::EMPTY), "{s:?}");
    }
    assert_eq!(Name::EMPTY.to_string(), "");
    assert_eq!(Name::default(), Name::EMPTY);
    // A name whose only character is the 13th.
    let last = Name::try_from_str("............1").unwrap();
    assert_eq!(last.raw(), 1);
    assert_eq!(last.to_string(), "............1");
    assert_eq!(last.length(), 13);
    assert_eq!(Name::from_raw(15).to_string(), "............j");
}

#[test]
fn trailing_dots_are_trimmed() {
    // CDT name_tests: "123." and "123........." print as "123",
    // ".a.b.c.1.2.3." as ".a.b.c.1.2.3".
    for (input, printed, raw) in [
        ("123.", "123", 614178399182651392u64),
        ("123.........", "123", 614178399182651392),
        (".a.b.c.1.2.3.", ".a.b.c.1.2.3", 108209673814966320),
        ("eosio.", "eosio", 6138663577826885632),
        ("eosio........", "eosio", 6138663577826885632),
    ] {
        let n = Name::try_from_str(input).unwrap();
        assert_eq!(n.raw(), raw, "{input}");
        assert_eq!(n.to_string(), printed, "{input}");
        assert_eq!(n, Name::try_from_str(printed).unwrap());
        assert_eq!(n.length(), printed.len());
    }
}

#[test]
fn length_matches_the_cdt() {
    let full = "eosioaccountj";
    assert_eq!(Name::try_from_str("").unwrap().length(), 0);
    for len in 1..=13 {
        let n = Name::try_from_str(&full[..len]).unwrap();
        assert_eq!(n.length(), len, "{}", &full[..len]);
    }
}

#[test]
fn suffix_matches_the_cdt() {
    // CDT name_tests `name_type_test_suffix`.
    for (name, suffix) in [
        (".eosioaccounj", "eosioaccounj"),
        ("e.osioaccounj", "osioaccounj"),
        ("eo.sioaccounj", "sioaccounj"),
        ("eos.ioaccounj", "ioaccounj"),
        ("eosi.oaccounj", "oaccounj"),
        ("eosio.accounj", "accounj"),
        ("eosioa.ccounj", "ccounj"),
        ("eosioac.counj", "counj"),
        ("eosioacc.ounj", "ounj"),
        ("eosioacco.unj", "unj"),
        ("eosioaccou.nj", "nj"),
        ("eosioaccoun.j", "j"),
        ("e.o.s.i.o.a.c", "c"),
        ("eos.ioa.cco", "cco"),
        ("eosio.token", "token"),
        ("eosio", "eosio"),
        ("", ""),
    ] {
        let n = Name::try_from_str(name).unwrap();
        assert_eq!(n.suffix(), Name::try_from_str(suffix).unwrap(), "{name}");
        assert_eq!(n.suffix().to_string(), suffix, "{name}");
    }
}

#[test]
fn invalid_names_fail_with_the_cdt_messages() {
    let cases: &[(&str, NameError)] = &[
        // 14 characters.
        ("12345abcdefghj", NameError::TooLong),
        ("aaaaaaaaaaaaaa", NameError::TooLong),
        // The length is checked before the characters.
        ("AAAAAAAAAAAAAA", NameError::TooLong),
        // Characters outside `.1-5a-z`.
        ("Eosio", NameError::BadChar),
        ("A", NameError::BadChar),
        ("Z", NameError::BadChar),
        ("6", NameError::BadChar),
        ("0", NameError::BadChar),
        ("-1", NameError::BadChar),
        ("/", NameError::BadChar),
        ("`", NameError::BadChar),
        ("{", NameError::BadChar),
        ("eosio token", NameError::BadChar),
        ("é", NameError::BadChar),
        // A 13th character outside the set is a bad character, not a bad 13th.
        ("aaaaaaaaaaaa6", NameError::BadChar),
        ("aaaaaaaaaaaaZ", NameError::BadChar),
        // A bad character before a bad 13th: the first one is reported.
        ("A11111111111k", NameError::BadChar),
        // 13th character after 'j'.
        ("111111111111k", NameError::BadThirteenth),
        ("zzzzzzzzzzzzk", NameError::BadThirteenth),
        ("aaaaaaaaaaaaz", NameError::BadThirteenth),
    ];
    for &(s, err) in cases {
        assert_eq!(Name::try_from_str(s), Err(err), "{s:?}");
        assert_eq!(s.parse::<Name>(), Err(err), "{s:?}");
    }
    assert_eq!(NameError::TooLong.message(), TOO_LONG);
    assert_eq!(NameError::BadChar.message(), BAD_CHAR);
    assert_eq!(NameError::BadThirteenth.message(), BAD_13TH);
}

#[test]
fn parse_asserts_with_the_cdt_messages() {
    assert_check_fails(TOO_LONG, || Name::parse("12345abcdefghj"));
    assert_check_fails(BAD_CHAR, || Name::parse("Eosio"));
    assert_check_fails(BAD_CHAR, || Name::parse("0"));
    assert_check_fails(BAD_CHAR, || Name::parse("6"));
    assert_check_fails(BAD_13TH, || Name::parse("111111111111k"));
}

// `name!` is evaluated at compile time: an invalid literal would not build.
const EOSIO: Name = name!("eosio");
const TOKEN: Name = name!("eosio.token");
const MAX: Name = name!("zzzzzzzzzzzzj");
const FROM_LITERAL: Name = Name::from_literal("active");
const _: () = assert!(EOSIO.raw() == 6138663577826885632);
const _: () = assert!(MAX.raw() == u64::MAX);
const _: () =
    assert!(matches!(Name::try_from_str("eosio"), Ok(n) if n.raw() == 6138663577826885632));
const _: () = assert!(matches!(
    Name::try_from_str("111111111111k"),
    Err(NameError::BadThirteenth)
));

#[test]
fn name_macro_in_const_context() {
    assert_eq!(EOSIO.raw(), 6138663577826885632);
    assert_eq!(TOKEN.raw(), 6138663591592764928);
    assert_eq!(MAX.raw(), u64::MAX);
    assert_eq!(FROM_LITERAL.raw(), 3617214756542218240);
    assert_eq!(name!("a"), Name::from_raw(3458764513820540928));
    static IN_STATIC: [Name; 2] = [name!("eosio"), name!("")];
    assert_eq!(IN_STATIC[0], EOSIO);
    assert_eq!(IN_STATIC[1], Name::EMPTY);
}

#[test]
fn order_is_the_raw_order() {
    // CDT `operator<` compares the raw values.
    let mut names: Vec<Name> = KNOWN.iter().map(|&(_, r)| Name::from_raw(r)).collect();
    names.sort();
    let mut raws: Vec<u64> = KNOWN.iter().map(|&(_, r)| r).collect();
    raws.sort_unstable();
    assert_eq!(names.iter().map(|n| n.raw()).collect::<Vec<_>>(), raws);
    assert!(Name::EMPTY < name!("1"));
    assert!(name!("eosio") < name!("eosio.token"));
}

#[test]
fn encoding_is_the_raw_u64() {
    assert_eq!(
        EOSIO.packed(),
        [0x00, 0x00, 0x00, 0x00, 0x00, 0xea, 0x30, 0x55]
    );
    assert_eq!(
        TOKEN.packed(),
        [0x00, 0xa6, 0x82, 0x34, 0x03, 0xea, 0x30, 0x55]
    );
    assert_eq!(Name::unpack_exact(&EOSIO.packed()), Ok(EOSIO));
    assert_eq!(format!("{EOSIO:?}"), "Name(eosio)");
}

/// The CDT's string-to-name loop, written out independently of the SDK:
/// shift left by 5 for each of the first 12 characters, then move them to
/// the top, then OR the 13th character's nibble.
fn cdt_model(s: &str) -> Result<u64, &'static str> {
    fn value(c: u8) -> Result<u64, &'static str> {
        Ok(match c {
            b'.' => 0,
            b'1'..=b'5' => (c - b'1') as u64 + 1,
            b'a'..=b'z' => (c - b'a') as u64 + 6,
            _ => return Err(BAD_CHAR),
        })
    }
    let b = s.as_bytes();
    if b.len() > 13 {
        return Err(TOO_LONG);
    }
    if b.is_empty() {
        return Ok(0);
    }
    let n = b.len().min(12);
    let mut v = 0u64;
    for &c in &b[..n] {
        v = (v << 5) | value(c)?;
    }
    v <<= 4 + 5 * (12 - n);
    if b.len() == 13 {
        let last = value(b[12])?;
        if last > 0x0f {
            return Err(BAD_13TH);
        }
        v |= last;
    }
    Ok(v)
}

/// nodeos' `name::to_string`, written out independently: 13 characters
/// from the low end (4 bits, then 5 bits each), trailing dots trimmed.
fn nodeos_to_string(v: u64) -> String {
    const CHARMAP: &[u8; 32] = b".12345abcdefghijklmnopqrstuvwxyz";
    let mut s = [b'.'; 13];
    let mut tmp = v;
    for i in 0..13 {
        let mask = if i == 0 { 0x0f } else { 0x1f };
        s[12 - i] = CHARMAP[(tmp & mask) as usize];
        tmp >>= if i == 0 { 4 } else { 5 };
    }
    String::from_utf8(s.to_vec())
        .unwrap()
        .trim_end_matches('.')
        .to_string()
}

proptest! {
    /// Every u64 is a name: its 13th character is a nibble (at most 'j'),
    /// so the string form always parses back to the same value.
    #[test]
    fn every_u64_round_trips(raw in any::<u64>()) {
        let n = Name::from_raw(raw);
        let s = n.to_string();
        prop_assert_eq!(&s, &nodeos_to_string(raw));
        prop_assert_eq!(n.length(), s.len());
        prop_assert!(s.len() <= 13);
        prop_assert_eq!(Name::try_from_str(&s), Ok(n));
        prop_assert_eq!(cdt_model(&s), Ok(raw));
    }

    /// Random valid strings parse to the CDT's value and print back with
    /// the trailing dots trimmed.
    #[test]
    fn valid_strings_round_trip(s in "[.1-5a-z]{0,12}[.1-5a-j]?") {
        let n = Name::try_from_str(&s).unwrap();
        prop_assert_eq!(Ok(n.raw()), cdt_model(&s));
        prop_assert_eq!(n.to_string(), s.trim_end_matches('.'));
    }

    /// Arbitrary strings: the SDK accepts exactly what the CDT accepts and
    /// reports the same error.
    #[test]
    fn arbitrary_strings_agree_with_the_cdt(s in "[.0-9a-zA-Z_ -]{0,15}") {
        let sdk = Name::try_from_str(&s).map(Name::raw).map_err(NameError::message);
        prop_assert_eq!(sdk, cdt_model(&s));
    }
}
