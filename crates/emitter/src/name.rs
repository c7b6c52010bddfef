//! Antelope account names: up to 12 characters of `.12345a-z`, plus a
//! 13th of `.12345a-j`, not ending in `.`.

/// The 5-bit code of a name character (`.` = 0, `1`-`5` = 1-5, `a`-`z` =
/// 6-31).
fn char_code(c: u8) -> Option<u64> {
    match c {
        b'.' => Some(0),
        b'1'..=b'5' => Some(u64::from(c - b'1') + 1),
        b'a'..=b'z' => Some(u64::from(c - b'a') + 6),
        _ => None,
    }
}

/// The 64-bit value of `name` (what the chain stores), or why it is not a
/// valid account name.
pub fn value(name: &str) -> Result<u64, String> {
    let b = name.as_bytes();
    if b.is_empty() || b.len() > 13 {
        return Err(format!("bad account name {name:?}: 1 to 13 characters"));
    }
    if b.ends_with(b".") {
        return Err(format!("bad account name {name:?}: ends with '.'"));
    }
    let mut v = 0u64;
    for (i, &c) in b.iter().enumerate() {
        let code = char_code(c).ok_or_else(|| {
            format!("bad account name {name:?}: only a-z, 1-5 and '.' are allowed")
        })?;
        if i < 12 {
            v |= code << (64 - 5 * (i + 1));
        } else if code > 15 {
            return Err(format!(
                "bad account name {name:?}: the 13th character must be in .1-5a-j"
            ));
        } else {
            v |= code;
        }
    }
    Ok(v)
}

/// Whether `name` is a valid account name.
pub fn is_valid(name: &str) -> bool {
    value(name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn values_match_the_chain() {
        // Values as the chain computes them (cleos convert encode_name).
        assert_eq!(value("eosio").unwrap(), 6_138_663_577_826_885_632);
        assert_eq!(value("eosio.token").unwrap(), 6_138_663_591_592_764_928);
        assert_eq!(value("a").unwrap(), 6u64 << 59);
        assert_eq!(value("1").unwrap(), 1u64 << 59);
        assert_eq!(value("zzzzzzzzzzzzj").unwrap(), u64::MAX);
    }

    #[test]
    fn invalid_names() {
        for bad in [
            "",
            "Prod1",
            "prod6",
            "prod.",
            "abcdefghijklmn",
            "zzzzzzzzzzzzk",
            "a b",
        ] {
            assert!(!is_valid(bad), "{bad} accepted");
        }
        assert!(is_valid("pool.metrics"));
        assert!(is_valid("prod1"));
    }

    proptest! {
        /// String order of valid names is their value order, so sorting
        /// entries by name sorts them as the contract sees them.
        #[test]
        fn string_order_is_value_order(
            a in "[a-z1-5]([a-z1-5.]{0,10}[a-z1-5])?",
            b in "[a-z1-5]([a-z1-5.]{0,10}[a-z1-5])?",
        ) {
            let (va, vb) = (value(&a).unwrap(), value(&b).unwrap());
            prop_assert_eq!(a.cmp(&b), va.cmp(&vb));
        }
    }
}
