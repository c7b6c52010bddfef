//! `Asset` and `ExtendedAsset` against the CDT's `eosio::asset`
//! (libraries/eosiolib/core/eosio/asset.hpp, `write_decimal` in
//! libraries/eosiolib/eosiolib.cpp). Expected strings and assertion
//! messages are those of the CDT (tests/unit/asset_tests.cpp).
//!
//! The CDT has no asset parser; `Asset::try_from_str` is the SDK's, shaped
//! like nodeos' `asset::from_string` (libraries/chain/asset.cpp): the
//! number of fraction digits is the precision.

mod common;

use antelope_sdk::{name, Asset, AssetError, ExtendedAsset, Pack, Symbol, SymbolCode};
use common::{assert_check_fails, assert_message, assert_no_check};
use proptest::prelude::*;

const MAX: i64 = (1 << 62) - 1;
const RANGE: &str = "magnitude of asset amount must be less than 2^62";

fn sym(code: &str, precision: u8) -> Symbol {
    Symbol::new(SymbolCode::try_from_str(code).unwrap(), precision)
}

/// An asset built without the constructor's checks (as the CDT's public
/// fields allow).
fn raw_asset(amount: i64, symbol: Symbol) -> Asset {
    Asset { amount, symbol }
}

#[test]
fn max_amount_is_2_pow_62_minus_1() {
    assert_eq!(Asset::MAX_AMOUNT, 4611686018427387903);
    assert_eq!(Asset::MAX_AMOUNT, MAX);
}

#[test]
fn string_forms_match_the_cdt() {
    let p0 = sym("SYMBOLL", 0);
    let p63 = sym("SYMBOLL", 63);
    let cases: &[(i64, Symbol, &str)] = &[
        (0, p0, "0 SYMBOLL"),
        (
            0,
            p63,
            "0.000000000000000000000000000000000000000000000000000000000000000 SYMBOLL",
        ),
        (1, p0, "1 SYMBOLL"),
        (-1, p0, "-1 SYMBOLL"),
        (-1, sym("SYMBOLL", 1), "-0.1 SYMBOLL"),
        (1, sym("SYMBOLL", 1), "0.1 SYMBOLL"),
        (-12, p0, "-12 SYMBOLL"),
        (12, p0, "12 SYMBOLL"),
        (-123, p0, "-123 SYMBOLL"),
        (123, p0, "123 SYMBOLL"),
        (-12, sym("SYMBOLL", 2), "-0.12 SYMBOLL"),
        (12, sym("SYMBOLL", 2), "0.12 SYMBOLL"),
        (-12, sym("SYMBOLL", 1), "-1.2 SYMBOLL"),
        (12, sym("SYMBOLL", 1), "1.2 SYMBOLL"),
        (-123, sym("SYMBOLL", 2), "-1.23 SYMBOLL"),
        (123, sym("SYMBOLL", 2), "1.23 SYMBOLL"),
        (
            1,
            p63,
            "0.000000000000000000000000000000000000000000000000000000000000001 SYMBOLL",
        ),
        (
            -1,
            p63,
            "-0.000000000000000000000000000000000000000000000000000000000000001 SYMBOLL",
        ),
        (-MAX, p0, "-4611686018427387903 SYMBOLL"),
        (MAX, p0, "4611686018427387903 SYMBOLL"),
        (-MAX, sym("SYMBOLL", 2), "-46116860184273879.03 SYMBOLL"),
        (MAX, sym("SYMBOLL", 2), "46116860184273879.03 SYMBOLL"),
        (
            -MAX,
            p63,
            "-0.000000000000000000000000000000000000000000004611686018427387903 SYMBOLL",
        ),
        (
            MAX,
            p63,
            "0.000000000000000000000000000000000000000000004611686018427387903 SYMBOLL",
        ),
        // Precision 4 and 18 at the bound.
        (MAX, sym("SYS", 4), "461168601842738.7903 SYS"),
        (-MAX, sym("SYS", 4), "-461168601842738.7903 SYS"),
        (MAX, sym("SYS", 18), "4.611686018427387903 SYS"),
        (-MAX, sym("SYS", 18), "-4.611686018427387903 SYS"),
        (10000, sym("SYS", 4), "1.0000 SYS"),
        (-5, sym("SYS", 4), "-0.0005 SYS"),
        (1, sym("SYS", 18), "0.000000000000000001 SYS"),
    ];
    for &(amount, symbol, text) in cases {
        let a = Asset::new(amount, symbol);
        assert_eq!(a.to_string(), text, "{amount} {symbol}");
        assert_eq!(String::from(a), text);
    }
    // CDT: every precision from 1 to 63 prints a zero as "0." + zeros.
    for precision in 1u8..64 {
        let expected = format!("0.{} SYMBOLL", "0".repeat(precision as usize));
        assert_eq!(
            Asset::new(0, sym("SYMBOLL", precision)).to_string(),
            expected
        );
    }
    // Beyond the CDT's printable range the digits are still all there.
    let a = raw_asset(1, sym("A", 255));
    assert_eq!(a.to_string(), format!("0.{}1 A", "0".repeat(254)));
    // Out-of-range amounts (only reachable through the fields) still print.
    assert_eq!(
        raw_asset(i64::MIN, sym("A", 0)).to_string(),
        "-9223372036854775808 A"
    );
    assert_eq!(
        raw_asset(i64::MAX, sym("A", 4)).to_string(),
        "922337203685477.5807 A"
    );
    assert_eq!(
        format!("{:?}", Asset::new(10000, sym("SYS", 4))),
        "Asset(1.0000 SYS)"
    );
}

#[test]
fn parse_round_trips() {
    for (text, amount, precision) in [
        ("1.0000 SYS", 10000i64, 4u8),
        ("0 SYS", 0, 0),
        ("-1 SYS", -1, 0),
        ("-0.0005 SYS", -5, 4),
        ("461168601842738.7903 SYS", MAX, 4),
        ("-461168601842738.7903 SYS", -MAX, 4),
        ("4.611686018427387903 SYS", MAX, 18),
        ("4611686018427387903 ZZZZZZZ", MAX, 0),
        ("0.000000000000000001 A", 1, 18),
    ] {
        let a = Asset::try_from_str(text).unwrap();
        assert_eq!(a.amount, amount, "{text}");
        assert_eq!(a.symbol.precision(), precision, "{text}");
        assert_eq!(a.to_string(), text);
        assert_eq!(text.parse::<Asset>(), Ok(a));
        assert_eq!(Asset::parse(text), a);
        assert!(a.is_valid());
    }
    // Accepted spellings that print differently (nodeos trims the string
    // and the symbol; leading zeros are digits).
    for (text, printed) in [
        ("  1.0000 SYS  ", "1.0000 SYS"),
        ("1.0000   SYS", "1.0000 SYS"),
        ("001.5 SYS", "1.5 SYS"),
        ("-0 SYS", "0 SYS"),
        ("-0.0000 SYS", "0.0000 SYS"),
    ] {
        assert_eq!(
            Asset::try_from_str(text).unwrap().to_string(),
            printed,
            "{text:?}"
        );
    }
}

#[test]
fn parse_errors() {
    let cases: &[(&str, AssetError)] = &[
        ("1.0000", AssetError::MissingSpace),
        ("1.0000SYS", AssetError::MissingSpace),
        ("", AssetError::MissingSpace),
        (" SYS", AssetError::MissingSpace),
        (". SYS", AssetError::EmptyAmount),
        ("- SYS", AssetError::EmptyAmount),
        ("1. SYS", AssetError::BadAmount),
        (".5 SYS", AssetError::BadAmount),
        ("1.2.3 SYS", AssetError::BadAmount),
        ("1e4 SYS", AssetError::BadAmount),
        ("+1 SYS", AssetError::BadAmount),
        ("--1 SYS", AssetError::BadAmount),
        ("1,0 SYS", AssetError::BadAmount),
        ("0.0000000000000000001 SYS", AssetError::PrecisionTooHigh),
        ("4611686018427387904 SYS", AssetError::OutOfRange),
        ("-4611686018427387904 SYS", AssetError::OutOfRange),
        ("461168601842738.7904 SYS", AssetError::OutOfRange),
        ("99999999999999999999999 SYS", AssetError::OutOfRange),
        ("1.0000 sys", AssetError::BadSymbol),
        ("1.0000 ABCDEFGH", AssetError::BadSymbol),
        ("1.0000 SYS X", AssetError::BadSymbol),
        ("1.0000 ", AssetError::MissingSpace),
    ];
    for &(text, err) in cases {
        assert_eq!(Asset::try_from_str(text), Err(err), "{text:?}");
    }
    for (err, msg) in [
        (
            AssetError::MissingSpace,
            "asset must be written as amount and symbol separated by a space",
        ),
        (AssetError::EmptyAmount, "asset amount is empty"),
        (
            AssetError::BadAmount,
            "asset amount must be decimal digits with an optional sign and point",
        ),
        (AssetError::PrecisionTooHigh, "precision must be at most 18"),
        (AssetError::OutOfRange, RANGE),
        (AssetError::BadSymbol, "invalid symbol name"),
    ] {
        assert_eq!(err.message(), msg);
    }
    assert_check_fails(RANGE, || Asset::parse("4611686018427387904 SYS"));
    assert_check_fails("invalid symbol name", || Asset::parse("1 sys"));
}

#[test]
fn constructor_checks() {
    let s = sym("SYMBOLL", 0);
    assert_eq!(Asset::new(MAX, s).amount, MAX);
    assert_eq!(Asset::new(-MAX, s).amount, -MAX);
    assert_eq!(Asset::new(0, s).amount, 0);
    assert_check_fails(RANGE, || Asset::new(MAX + 1, s));
    assert_check_fails(RANGE, || Asset::new(-MAX - 1, s));
    assert_check_fails(RANGE, || Asset::new(i64::MIN, s));
    assert_check_fails(RANGE, || Asset::new(i64::MAX, s));
    // CDT asset_tests: these symbols are invalid.
    for raw in [0u64, 1, 16639, 6510615555426900736] {
        assert_check_fails("invalid symbol name", || {
            Asset::new(0, Symbol::from_raw(raw))
        });
    }
    // The amount is checked before the symbol.
    assert_check_fails(RANGE, || Asset::new(MAX + 1, Symbol::from_raw(0)));

    let mut a = raw_asset(0, s);
    assert!(a.is_valid());
    a.amount = MAX + 1;
    assert!(!a.is_amount_within_range());
    assert!(!a.is_valid());
    a.amount = -MAX - 1;
    assert!(!a.is_amount_within_range());
    assert!(!raw_asset(0, Symbol::default()).is_valid());
    // The default asset (amount 0, symbol 0) is not valid, as in the CDT.
    assert!(!Asset::default().is_valid());
}

#[test]
fn addition_and_subtraction_bounds() {
    let s = sym("SYMBOLL", 0);
    let other = sym("LLOBMYS", 0);
    let a = |n| Asset::new(n, s);

    assert_eq!(a(MAX - 1) + a(1), a(MAX));
    assert_eq!(a(-MAX + 1) - a(1), a(-MAX));
    assert_eq!(a(1) + a(-1), a(0));
    assert_eq!(a(MAX) - a(MAX), a(0));
    assert_eq!(a(MAX) + a(-MAX), a(0));

    assert_check_fails("addition overflow", || a(MAX) + a(1));
    assert_check_fails("addition underflow", || a(-MAX) + a(-1));
    assert_check_fails("addition overflow", || a(MAX) + a(MAX));
    assert_check_fails("addition underflow", || a(-MAX) + a(-MAX));
    assert_check_fails("subtraction underflow", || a(-MAX) - a(1));
    assert_check_fails("subtraction overflow", || a(MAX) - a(-1));
    assert_check_fails("subtraction overflow", || a(MAX) - a(-MAX));
    assert_check_fails("attempt to add asset with different symbol", || {
        a(1) + Asset::new(1, other)
    });
    assert_check_fails("attempt to subtract asset with different symbol", || {
        a(1) - Asset::new(1, other)
    });
    // Same code, other precision: a different symbol.
    assert_check_fails("attempt to add asset with different symbol", || {
        a(1) + Asset::new(1, sym("SYMBOLL", 4))
    });
    // The symbol is checked before the bounds.
    assert_check_fails("attempt to add asset with different symbol", || {
        a(MAX) + Asset::new(MAX, other)
    });

    let mut x = a(5);
    x += a(7);
    assert_eq!(x.amount, 12);
    x -= a(20);
    assert_eq!(x.amount, -8);
    assert_check_fails("addition overflow", || {
        let mut y = a(MAX);
        y += a(1);
    });
    assert_check_fails("subtraction underflow", || {
        let mut y = a(-MAX);
        y -= a(1);
    });

    // checked_* return None where the operators assert.
    assert_eq!(a(MAX).checked_add(a(1)), None);
    assert_eq!(a(-MAX).checked_sub(a(1)), None);
    assert_eq!(a(1).checked_add(Asset::new(1, other)), None);
    assert_eq!(a(1).checked_sub(Asset::new(1, other)), None);
    assert_eq!(a(MAX - 1).checked_add(a(1)), Some(a(MAX)));
    assert_eq!(a(-MAX + 1).checked_sub(a(1)), Some(a(-MAX)));
}

#[test]
fn negation() {
    let s = sym("SYMBOLL", 0);
    assert_eq!((-Asset::new(MAX, s)).amount, -MAX);
    assert_eq!((-Asset::new(-MAX, s)).amount, MAX);
    assert_eq!((-Asset::new(0, s)).amount, 0);
    assert_eq!((-Asset::new(1, s)).symbol, s);
    assert_check_fails("negation overflow", || -raw_asset(i64::MIN, s));
}

#[test]
fn multiplication_and_division() {
    let s = sym("SYMBOLL", 0);
    let a = |n| Asset::new(n, s);
    // CDT asset_tests.
    assert_eq!(a(0).mul(0), a(0));
    assert_eq!(a(2).mul(1), a(2));
    assert_eq!(a(2).mul(-1), a(-2));
    assert_eq!(a(MAX).mul(1), a(MAX));
    assert_eq!(a(MAX).mul(-1), a(-MAX));
    assert_check_fails("multiplication underflow", || a(-MAX).mul(2));
    assert_check_fails("multiplication overflow", || a(MAX).mul(2));
    assert_check_fails("multiplication overflow", || a(-MAX).mul(-2));
    assert_check_fails("multiplication overflow", || a(2).mul(i64::MAX));
    assert_check_fails("multiplication underflow", || a(2).mul(i64::MIN));

    assert_eq!(a(0).div(1), a(0));
    assert_eq!(a(1).div(1), a(1));
    assert_eq!(a(4).div(2), a(2));
    assert_eq!(a(-4).div(2), a(-2));
    assert_eq!(a(-4).div(-2), a(2));
    // Truncation toward zero, as C++.
    assert_eq!(a(7).div(2), a(3));
    assert_eq!(a(-7).div(2), a(-3));
    assert_check_fails("divide by zero", || a(1).div(0));
    assert_check_fails("signed division overflow", || {
        raw_asset(i64::MIN, s).div(-1)
    });

    // The operator forms (CDT `asset * int64_t`, `int64_t * asset`,
    // `asset / int64_t`, `*=`, `/=`, and `asset / asset` -> int64_t).
    assert_eq!(a(2) * -1, a(-2));
    assert_eq!(3 * a(2), a(6));
    assert_eq!(a(-4) / 2, a(-2));
    let mut m = a(5);
    m *= 3;
    assert_eq!(m, a(15));
    m /= -5;
    assert_eq!(m, a(-3));
    assert_check_fails("multiplication overflow", || a(MAX) * 2);
    assert_check_fails("multiplication underflow", || 2 * a(-MAX));
    assert_check_fails("divide by zero", || a(1) / 0);
    assert_eq!(a(0) / a(1), 0);
    assert_eq!(a(1) / a(1), 1);
    assert_eq!(a(4) / a(2), 2);
    assert_eq!(a(-4) / a(2), -2);
    assert_eq!(a(-4) / a(-2), 2);
    assert_check_fails("divide by zero", || a(1) / a(0));
    // The divisor is checked before the symbols, as in the CDT.
    assert_check_fails("divide by zero", || a(1) / Asset::new(0, sym("A", 0)));
    assert_check_fails("attempt to divide assets with different symbol", || {
        Asset::new(1, sym("A", 0)) / Asset::new(1, sym("Z", 0))
    });
}

#[test]
fn comparison_of_different_symbols_asserts() {
    let s = sym("SYMBOLL", 0);
    let other = sym("LLOBMYS", 0);
    let msg = "comparison of assets with different symbols is not allowed";
    assert!(Asset::new(1, s) < Asset::new(2, s));
    assert!(Asset::new(2, s) >= Asset::new(2, s));
    assert!(Asset::new(-MAX, s) <= Asset::new(MAX, s));
    assert_check_fails(msg, || Asset::new(1, s) < Asset::new(1, other));
    assert_check_fails(msg, || Asset::new(1, s) <= Asset::new(1, other));
    assert_check_fails(msg, || Asset::new(1, s) > Asset::new(1, other));
    assert_check_fails(msg, || Asset::new(1, s) >= Asset::new(1, other));
    assert_check_fails(msg, || Asset::new(1, s).partial_cmp(&Asset::new(1, other)));
}

#[test]
fn extended_asset() {
    let quantity = Asset::parse("1.0000 SYS");
    let ext = ExtendedAsset {
        quantity,
        contract: name!("eosio.token"),
    };
    // CDT `extended_asset::print`: quantity, '@', contract.
    assert_eq!(ext.to_string(), "1.0000 SYS@eosio.token");
    assert_eq!(format!("{ext:?}"), "ExtendedAsset(1.0000 SYS@eosio.token)");
    let mut bytes = quantity.packed();
    bytes.extend_from_slice(&name!("eosio.token").raw().to_le_bytes());
    assert_eq!(ext.packed(), bytes);
    assert_eq!(ExtendedAsset::unpack_exact(&bytes), Ok(ext));
}

fn symbol_strategy() -> impl Strategy<Value = Symbol> {
    ("[A-Z]{1,7}", 0u8..=18).prop_map(|(c, p)| sym(&c, p))
}

fn amount_strategy() -> impl Strategy<Value = i64> {
    prop_oneof![
        -MAX..=MAX,
        Just(MAX),
        Just(-MAX),
        Just(0),
        (0i64..1000).prop_map(|d| MAX - d),
        (0i64..1000).prop_map(|d| d - MAX),
    ]
}

/// The string form computed with integer text operations only.
fn model_string(amount: i64, precision: usize, code: &str) -> String {
    let digits = amount.unsigned_abs().to_string();
    let padded = format!("{digits:0>width$}", width = precision + 1);
    let (int, frac) = padded.split_at(padded.len() - precision);
    let sign = if amount < 0 { "-" } else { "" };
    if precision == 0 {
        format!("{sign}{int} {code}")
    } else {
        format!("{sign}{int}.{frac} {code}")
    }
}

proptest! {
    #[test]
    fn checked_arithmetic_agrees_with_i128(a in amount_strategy(), b in amount_strategy(), s in symbol_strategy()) {
        let x = Asset::new(a, s);
        let y = Asset::new(b, s);
        let sum = a as i128 + b as i128;
        let diff = a as i128 - b as i128;
        let in_range = |v: i128| (-(MAX as i128)..=MAX as i128).contains(&v);

        prop_assert_eq!(x.checked_add(y).map(|r| r.amount as i128), in_range(sum).then_some(sum));
        prop_assert_eq!(x.checked_sub(y).map(|r| r.amount as i128), in_range(diff).then_some(diff));

        // The asserting operators agree, with the CDT's messages.
        let add = assert_message(|| x + y);
        let expected_add = if sum > MAX as i128 {
            Some("addition overflow")
        } else if sum < -(MAX as i128) {
            Some("addition underflow")
        } else {
            None
        };
        prop_assert_eq!(add.as_deref(), expected_add);
        let sub = assert_message(|| x - y);
        let expected_sub = if diff > MAX as i128 {
            Some("subtraction overflow")
        } else if diff < -(MAX as i128) {
            Some("subtraction underflow")
        } else {
            None
        };
        prop_assert_eq!(sub.as_deref(), expected_sub);
        if let Some(r) = x.checked_add(y) {
            prop_assert_eq!(assert_no_check(|| x + y), r);
            prop_assert_eq!(r.symbol, s);
        }
    }

    #[test]
    fn multiplication_agrees_with_i128(a in amount_strategy(), f in any::<i64>(), s in symbol_strategy()) {
        let product = a as i128 * f as i128;
        let got = assert_message(|| Asset::new(a, s).mul(f));
        let expected = if product > MAX as i128 {
            Some("multiplication overflow")
        } else if product < -(MAX as i128) {
            Some("multiplication underflow")
        } else {
            None
        };
        prop_assert_eq!(got.as_deref(), expected);
        if expected.is_none() {
            prop_assert_eq!(Asset::new(a, s).mul(f).amount as i128, product);
        }
    }

    #[test]
    fn string_round_trip(a in amount_strategy(), s in symbol_strategy()) {
        let asset = Asset::new(a, s);
        let text = asset.to_string();
        prop_assert_eq!(&text, &model_string(a, s.precision() as usize, &s.code().to_string()));
        prop_assert_eq!(Asset::try_from_str(&text), Ok(asset));
        prop_assert_eq!(Asset::unpack_exact(&asset.packed()), Ok(asset));
    }
}
