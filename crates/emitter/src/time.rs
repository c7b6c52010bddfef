//! Times as the chain writes them, without a date library.
//!
//! Everything is UTC. Block slots are Antelope block timestamps: half
//! seconds since 2000-01-01T00:00:00, so a slot number names one block
//! time on every chain and a log line can be checked against it.

use std::fmt;

/// One block slot lasts this long.
pub const SLOT_MS: u64 = 500;
/// Slots per second.
pub const SLOTS_PER_SEC: u64 = 1000 / SLOT_MS;
/// 2000-01-01T00:00:00 in Unix milliseconds: slot 0 of the block timestamp.
pub const BLOCK_EPOCH_MS: u64 = 946_684_800_000;
/// Latest time handled: 9999-12-31T23:59:59.999.
pub const MAX_MS: u64 = 253_402_300_799_999;

/// A UTC instant in milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeMs(pub u64);

impl TimeMs {
    pub fn from_secs(secs: u64) -> TimeMs {
        TimeMs(secs * 1000)
    }

    /// Whole seconds, rounded down.
    pub fn secs(self) -> u64 {
        self.0 / 1000
    }

    /// The block slot starting at this instant, if it starts one.
    pub fn slot(self) -> Option<u64> {
        if self.0 < BLOCK_EPOCH_MS || !(self.0 - BLOCK_EPOCH_MS).is_multiple_of(SLOT_MS) {
            return None;
        }
        Some((self.0 - BLOCK_EPOCH_MS) / SLOT_MS)
    }

    /// The start of block slot `slot`.
    pub fn of_slot(slot: u64) -> TimeMs {
        TimeMs(BLOCK_EPOCH_MS + slot * SLOT_MS)
    }
}

/// `2026-11-21T00:00:00.500`: always with milliseconds, as nodeos writes
/// block times.
impl fmt::Display for TimeMs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}", format_secs(self.secs()), self.0 % 1000)
    }
}

/// `2026-11-21T00:00:00`: the JSON form of a `time_point_sec`.
pub fn format_secs(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SS`, optionally followed by a fraction of one
/// to three digits and/or `Z`. Years 1970 to 9999.
pub fn parse(text: &str) -> Result<TimeMs, String> {
    let bad = || format!("bad time {text:?}: expected YYYY-MM-DDTHH:MM:SS[.mmm]");
    let s = text.strip_suffix('Z').unwrap_or(text);
    let (main, frac) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    let b = main.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad());
    }
    let num = |range: std::ops::Range<usize>| -> Result<u64, String> {
        let part = &main[range];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if y < 1970 || !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return Err(bad());
    }
    if h > 23 || mi > 59 || se > 59 {
        return Err(bad());
    }
    let ms = match frac {
        None => 0,
        Some(f) if (1..=3).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()) => {
            f.parse::<u64>().map_err(|_| bad())? * 10u64.pow(3 - f.len() as u32)
        }
        Some(_) => return Err(bad()),
    };
    let days = days_from_civil(y as i64, mo, d) as u64;
    Ok(TimeMs(
        ((days * 86_400) + h * 3600 + mi * 60 + se) * 1000 + ms,
    ))
}

fn is_leap(y: u64) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u64, m: u64) -> u64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date. Counts in
/// 400-year eras starting on 1 March, so that the leap day is the last
/// day of its year and month lengths follow a fixed pattern.
fn days_from_civil(y: i64, m: u64, d: u64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (m as i64 + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719_468 days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u64, u64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let m = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    (y, m as u64, d as u64)
}

/// A time given on the command line: an absolute time ([`parse`]), Unix
/// seconds, `now`, or `now-<n>[s|m|h|d]` (rounded down to a whole second).
pub fn parse_cli(text: &str, now: TimeMs) -> Result<TimeMs, String> {
    let now_sec = TimeMs::from_secs(now.secs());
    if text == "now" {
        return Ok(now_sec);
    }
    if let Some(ago) = text.strip_prefix("now-") {
        let secs = parse_duration_secs(ago)?;
        return now_sec
            .0
            .checked_sub(secs * 1000)
            .map(TimeMs)
            .ok_or_else(|| format!("{text}: before 1970"));
    }
    if !text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()) {
        let secs: u64 = text.parse().map_err(|_| format!("bad time {text:?}"))?;
        return secs
            .checked_mul(1000)
            .filter(|ms| *ms <= MAX_MS)
            .map(TimeMs)
            .ok_or_else(|| format!("bad time {text:?}: out of range"));
    }
    parse(text)
}

/// `90`, `90s`, `15m`, `2h`, `1d` -> seconds.
pub fn parse_duration_secs(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("bad duration {text:?}: expected e.g. 90, 90s, 15m, 2h, 1d"))?;
    let unit = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("bad duration {text:?}: unit must be s, m, h or d")),
    };
    n.checked_mul(unit)
        .filter(|s| *s <= MAX_MS / 1000)
        .ok_or_else(|| format!("bad duration {text:?}: too long"))
}

/// The current wall-clock time.
pub fn now() -> TimeMs {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    TimeMs(since.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(parse("1970-01-01T00:00:00").unwrap(), TimeMs(0));
        assert_eq!(
            parse("2000-01-01T00:00:00").unwrap(),
            TimeMs(BLOCK_EPOCH_MS)
        );
        // 2026-11-21 is day 20_778 since 1970.
        assert_eq!(
            parse("2026-11-21T00:00:00").unwrap(),
            TimeMs::from_secs(20_778 * 86_400)
        );
        assert_eq!(
            parse("2024-02-29T23:59:59.5").unwrap().0,
            parse("2024-03-01T00:00:00").unwrap().0 - 500
        );
        assert_eq!(
            parse("2026-11-21T06:19:26.500Z").unwrap().to_string(),
            "2026-11-21T06:19:26.500"
        );
        assert_eq!(format_secs(0), "1970-01-01T00:00:00");
    }

    #[test]
    fn bad_times_are_refused() {
        for bad in [
            "",
            "2026-11-21",
            "2026-11-21 00:00:00",
            "2026-13-01T00:00:00",
            "2026-02-29T00:00:00",
            "2026-11-31T00:00:00",
            "2026-11-21T24:00:00",
            "2026-11-21T00:60:00",
            "2026-11-21T00:00:00.",
            "2026-11-21T00:00:00.1234",
            "1969-12-31T23:59:59",
            "+026-11-21T00:00:00",
        ] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn slots_are_block_timestamps() {
        let t = parse("2026-11-21T00:00:00.500").unwrap();
        let slot = t.slot().unwrap();
        assert_eq!(TimeMs::of_slot(slot), t);
        assert_eq!(TimeMs(t.0 + 1).slot(), None);
        assert_eq!(TimeMs(0).slot(), None);
        assert_eq!(TimeMs::of_slot(0).to_string(), "2000-01-01T00:00:00.000");
    }

    #[test]
    fn command_line_times() {
        let now = parse("2026-11-21T06:00:00.700").unwrap();
        assert_eq!(
            parse_cli("now", now).unwrap().to_string(),
            "2026-11-21T06:00:00.000"
        );
        assert_eq!(
            parse_cli("now-1h", now).unwrap().to_string(),
            "2026-11-21T05:00:00.000"
        );
        assert_eq!(
            parse_cli("now-90", now).unwrap().to_string(),
            "2026-11-21T05:58:30.000"
        );
        assert_eq!(parse_cli("60", now).unwrap(), TimeMs(60_000));
        assert!(parse_cli("now-1y", now).is_err());
        assert!(parse_cli("now-", now).is_err());
        assert_eq!(parse_duration_secs("2d").unwrap(), 172_800);
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(ms in 0u64..=MAX_MS) {
            let t = TimeMs(ms);
            prop_assert_eq!(parse(&t.to_string()).unwrap(), t);
        }

        #[test]
        fn days_round_trip(days in 0i64..2_932_896) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y as u64, m));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
