//! `time_point` (microseconds since 1970, `int64`) and `time_point_sec`
//! (seconds, `uint32`), with the chain's ISO-8601 string forms
//! (`2026-11-21T05:25:12.000` and `2026-11-21T05:25:12`).

use crate::{Pack, UnpackError};
use alloc::vec::Vec;
use core::fmt;

/// A time in microseconds since the Unix epoch.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct TimePoint(pub i64);

/// A time in whole seconds since the Unix epoch.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct TimePointSec(pub u32);

impl TimePoint {
    pub const fn from_micros(us: i64) -> Self {
        TimePoint(us)
    }
    pub const fn micros(self) -> i64 {
        self.0
    }
    pub const fn sec_since_epoch(self) -> u32 {
        (self.0 / 1_000_000) as u32
    }
    pub const fn to_sec(self) -> TimePointSec {
        TimePointSec(self.sec_since_epoch())
    }
}

impl TimePointSec {
    pub const fn from_secs(s: u32) -> Self {
        TimePointSec(s)
    }
    pub const fn secs(self) -> u32 {
        self.0
    }
    pub const fn to_time_point(self) -> TimePoint {
        TimePoint(self.0 as i64 * 1_000_000)
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn write_secs(f: &mut fmt::Formatter<'_>, secs: i64) -> fmt::Result {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    write!(
        f,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// nodeos' (fc) string form: `2026-11-21T05:25:12.000` (milliseconds,
/// truncated) from the epoch on; before it, fc writes the value as a
/// negative boost duration, `-HHMMSS` with `.ffffff` when there are
/// microseconds (`-000000.000001`), and `i64::MIN` is boost's `-infinity`.
impl fmt::Display for TimePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 0 {
            write_secs(f, self.0 / 1_000_000)?;
            return write!(f, ".{:03}", self.0 % 1_000_000 / 1000);
        }
        if self.0 == i64::MIN {
            return f.write_str("-infinity");
        }
        let us = self.0.unsigned_abs();
        write!(
            f,
            "-{:02}{:02}{:02}",
            us / 3_600_000_000,
            us / 60_000_000 % 60,
            us / 1_000_000 % 60
        )?;
        match us % 1_000_000 {
            0 => Ok(()),
            frac => write!(f, ".{frac:06}"),
        }
    }
}

impl fmt::Display for TimePointSec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_secs(f, self.0 as i64)
    }
}

impl Pack for TimePoint {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        i64::unpack(input).map(TimePoint)
    }
}

impl Pack for TimePointSec {
    fn pack(&self, out: &mut Vec<u8>) {
        self.0.pack(out)
    }
    fn unpack(input: &mut &[u8]) -> Result<Self, UnpackError> {
        u32::unpack(input).map(TimePointSec)
    }
}
