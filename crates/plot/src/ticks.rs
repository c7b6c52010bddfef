//! Axis scales: the range an axis shows, "nice" tick values (1, 2 or 5
//! times a power of ten) and compact tick labels (`0.5`, `10`, `1.5k`, `2M`).

/// Share of the data span added on each side so that markers at the
/// extremes are not cut in half by the frame.
const PAD: f64 = 0.04;

/// One axis: the shown range in axis space (log10 of the value on a log
/// axis), and the tick values in data space.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    pub ticks: Vec<f64>,
}

impl Scale {
    /// Linear axis over the data extent `data` (None if there is no data),
    /// with roughly `target` ticks. `include_zero` pulls 0 into the range
    /// and, if the data lie on one side of it, starts the axis exactly at 0
    /// (bars and counts read wrong from a floating baseline).
    pub fn linear(data: Option<(f64, f64)>, include_zero: bool, target: usize) -> Scale {
        let (lo, hi) = linear_bounds(data, include_zero);
        Scale {
            lo,
            hi,
            log: false,
            ticks: linear_ticks(lo, hi, target),
        }
    }

    /// Log10 axis over the positive data extent `data`.
    pub fn log(data: Option<(f64, f64)>, target: usize) -> Scale {
        let (lo, hi) = log_bounds(data);
        Scale {
            lo,
            hi,
            log: true,
            ticks: log_ticks(lo, hi, target),
        }
    }

    /// Where `v` falls on the axis: 0 at `lo`, 1 at `hi`; NaN if the value
    /// cannot be shown (non-positive on a log axis).
    pub fn fraction(&self, v: f64) -> f64 {
        let t = if self.log {
            if v > 0.0 {
                v.log10()
            } else {
                f64::NAN
            }
        } else {
            v
        };
        (t - self.lo) / (self.hi - self.lo)
    }

    /// The smallest value the axis shows, in data space.
    pub fn min_value(&self) -> f64 {
        if self.log {
            10f64.powf(self.lo)
        } else {
            self.lo
        }
    }
}

/// A span this small next to the values is rounding noise: treat the data
/// as all equal rather than zooming into the last bits of a float.
fn is_flat(lo: f64, hi: f64) -> bool {
    hi - lo <= lo.abs().max(hi.abs()) * 1e-9
}

fn linear_bounds(data: Option<(f64, f64)>, include_zero: bool) -> (f64, f64) {
    let Some((mut lo, mut hi)) = data else {
        return (0.0, 1.0);
    };
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if is_flat(lo, hi) {
        let centre = (lo + hi) / 2.0;
        if include_zero {
            // Only possible when every value is 0.
            return (0.0, 1.0);
        }
        let half = if centre == 0.0 {
            1.0
        } else {
            centre.abs() * 0.1
        };
        return (centre - half, centre + half);
    }
    let pad = (hi - lo) * PAD;
    let lo = if include_zero && lo == 0.0 {
        0.0
    } else {
        lo - pad
    };
    let hi = if include_zero && hi == 0.0 {
        0.0
    } else {
        hi + pad
    };
    (lo, hi)
}

fn log_bounds(data: Option<(f64, f64)>) -> (f64, f64) {
    let Some((lo, hi)) = data else {
        return (0.0, 1.0);
    };
    let (lo, hi) = (lo.log10(), hi.log10());
    if hi - lo < 1e-9 {
        // One decade centred on the value.
        return (lo - 0.5, hi + 0.5);
    }
    let pad = (hi - lo) * PAD;
    (lo - pad, hi + pad)
}

/// The nice step (1, 2 or 5 times a power of ten) closest to dividing
/// `span` into `target` intervals.
pub fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    let magnitude = decade(raw.log10().floor() as i32);
    let norm = raw / magnitude;
    // Thresholds at the geometric means of neighbours: sqrt(2), sqrt(10),
    // sqrt(50), so the chosen step is the nearest in ratio.
    let factor = if norm < 1.414 {
        1.0
    } else if norm < 3.162 {
        2.0
    } else if norm < 7.071 {
        5.0
    } else {
        10.0
    };
    factor * magnitude
}

/// Multiples of a nice step inside [`lo`, `hi`].
pub fn linear_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let step = nice_step(hi - lo, target);
    // Tolerances of a millionth of a step keep a tick that sits exactly on
    // a bound despite rounding in the division.
    let first = (lo / step - 1e-6).ceil();
    let last = (hi / step + 1e-6).floor();
    if !first.is_finite() || !last.is_finite() || last < first || last - first > 1000.0 {
        return Vec::new();
    }
    (0..=(last - first) as i64)
        .map(|k| {
            let v = (first + k as f64) * step;
            // Multiplying an integer by a step like 0.1 can leave noise such
            // as 0.30000000000000004; so does -0. Both would leak into labels
            // and tests.
            if v == 0.0 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// Ticks for a log axis spanning 10^`lo` to 10^`hi`: every decade (or every
/// few decades on a wide axis), or on an axis of two decades or less 1, 2,
/// 5 (or 1, 2, 3, 5, or 1 to 9) times the powers of ten, whichever count is
/// nearest `target`; a range that holds fewer than two of those gets linear
/// ticks.
pub fn log_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return Vec::new();
    }
    let target = target.max(2);
    let every = ((hi - lo) / target as f64).ceil().max(1.0) as i32;
    // Intermediate ticks only on narrow axes: over several decades the
    // powers of ten alone read best, even where more would fit.
    let candidates: [(&[f64], i32, f64); 4] = [
        (&[1.0], every, f64::INFINITY),
        (&[1.0, 2.0, 5.0], 1, 2.0),
        (&[1.0, 2.0, 3.0, 5.0], 1, 1.2),
        (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 1, 1.0),
    ];
    let best = candidates
        .iter()
        .filter(|&&(_, _, widest)| hi - lo <= widest)
        .map(|&(mantissas, every, _)| decade_ticks(lo, hi, mantissas, every))
        .filter(|ticks| ticks.len() >= 2)
        // Nearest the target; on a tie the sparser set, found first.
        .min_by_key(|ticks| ticks.len().abs_diff(target));
    best.unwrap_or_else(|| {
        linear_ticks(10f64.powf(lo), 10f64.powf(hi), target)
            .into_iter()
            .filter(|&v| v > 0.0)
            .collect()
    })
}

/// `mantissas` times every `every`-th power of ten, inside 10^`lo`..10^`hi`.
fn decade_ticks(lo: f64, hi: f64, mantissas: &[f64], every: i32) -> Vec<f64> {
    let mut ticks = Vec::new();
    for exponent in lo.floor() as i32..=hi.ceil() as i32 {
        if exponent.rem_euclid(every) != 0 {
            continue;
        }
        for &m in mantissas {
            let v = m * decade(exponent);
            let e = v.log10();
            if e >= lo - 1e-9 && e <= hi + 1e-9 {
                ticks.push(v);
            }
        }
    }
    ticks
}

/// 10^`exponent`, exact where f64 can be (powi is not exact for negative
/// exponents, and 0.001 should print as 0.001).
fn decade(exponent: i32) -> f64 {
    format!("1e{exponent}").parse().unwrap_or(f64::NAN)
}

/// A tick label: as few decimals as the value needs, thousands as `k`,
/// millions `M`, billions `G`, trillions `T`, and scientific notation
/// (`2.5e-5`) below 0.001 or from 10^15 on.
pub fn format_tick(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if !v.is_finite() {
        return "?".into();
    }
    let a = v.abs();
    if !(1e-3..1e15).contains(&a) {
        let exponent = a.log10().floor() as i32;
        let mut mantissa = v / decade(exponent);
        let mut exponent = exponent;
        // log10 can land just below an integer (e.g. for 1e-5).
        if mantissa.abs() >= 9.9995 {
            mantissa /= 10.0;
            exponent += 1;
        }
        return format!("{}e{exponent}", minimal_decimals(mantissa, 3));
    }
    let (unit, suffix) = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|&(unit, _)| a >= unit)
        .unwrap_or((1.0, ""));
    format!("{}{suffix}", minimal_decimals(v / unit, 6))
}

/// `x` with the fewest decimals (up to `max`) that show it to within
/// rounding noise.
fn minimal_decimals(x: f64, max: usize) -> String {
    for decimals in 0..=max {
        let scaled = x * 10f64.powi(decimals as i32);
        if (scaled - scaled.round()).abs() < 1e-6 * x.abs().max(1.0) {
            return trim_negative_zero(format!("{x:.decimals$}"));
        }
    }
    let text = format!("{x:.max$}");
    trim_negative_zero(text.trim_end_matches('0').trim_end_matches('.').to_string())
}

fn trim_negative_zero(text: String) -> String {
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(ticks: &[f64]) -> Vec<String> {
        ticks.iter().map(|&v| format_tick(v)).collect()
    }

    #[test]
    fn nice_steps_are_one_two_five() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(100.0, 10), 10.0);
        assert_eq!(nice_step(1.0, 4), 0.2);
        assert_eq!(nice_step(7.0, 2), 5.0);
        assert_eq!(nice_step(1234.0, 5), 200.0);
        assert_eq!(nice_step(0.003, 3), 0.001);
        assert_eq!(nice_step(6e6, 3), 2e6);
        for k in -12..12 {
            for target in 2..12 {
                let span = 3.7 * 10f64.powi(k);
                let step = nice_step(span, target);
                let norm = step / 10f64.powf(step.log10().floor());
                assert!(
                    [1.0, 2.0, 5.0].iter().any(|m| (norm - m).abs() < 1e-9),
                    "{span} / {target} gave {step}"
                );
                let intervals = span / step;
                assert!(intervals > target as f64 / 3.0 && intervals < target as f64 * 3.0);
            }
        }
    }

    #[test]
    fn linear_ticks_are_multiples_of_the_step_inside_the_range() {
        assert_eq!(
            linear_ticks(0.0, 100.0, 5),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(linear_ticks(-3.9, 97.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0]);
        assert_eq!(
            labels(&linear_ticks(0.0, 1.0, 5)),
            ["0", "0.2", "0.4", "0.6", "0.8", "1"]
        );
        assert_eq!(
            labels(&linear_ticks(0.1, 0.35, 5)),
            ["0.1", "0.15", "0.2", "0.25", "0.3", "0.35"]
        );
        assert_eq!(
            labels(&linear_ticks(-1.0, 1.0, 4)),
            ["-1", "-0.5", "0", "0.5", "1"]
        );
        assert_eq!(
            labels(&linear_ticks(0.0, 2500.0, 5)),
            ["0", "500", "1k", "1.5k", "2k", "2.5k"]
        );
        assert!(linear_ticks(1.0, 1.0, 5).is_empty());
        assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
    }

    #[test]
    fn log_ticks_pick_decades_or_one_two_five() {
        assert_eq!(log_ticks(0.0, 3.0, 6), [1.0, 10.0, 100.0, 1000.0]);
        assert_eq!(
            labels(&log_ticks(-3.0, 0.0, 6)),
            ["0.001", "0.01", "0.1", "1"]
        );
        assert_eq!(log_ticks(0.0, 1.0, 4), [1.0, 2.0, 5.0, 10.0]);
        assert_eq!(log_ticks(0.0, 1.0, 5), [1.0, 2.0, 3.0, 5.0, 10.0]);
        // Less than a decade: 20, 30, 50, 100 rather than 20, 50, 100.
        assert_eq!(log_ticks(1.25, 2.2, 6), [20.0, 30.0, 50.0, 100.0]);
        assert_eq!(log_ticks(1.25, 2.2, 9).len(), 9);
        // Twelve decades on six ticks: every other decade.
        assert_eq!(
            labels(&log_ticks(0.0, 12.0, 6)),
            ["1", "100", "10k", "1M", "100M", "10G", "1T"]
        );
        // Inside one decade without a 1/2/5 value: linear ticks.
        let narrow = log_ticks(210f64.log10(), 290f64.log10(), 5);
        assert_eq!(labels(&narrow), ["220", "240", "260", "280"]);
    }

    #[test]
    fn labels_are_compact() {
        let cases = [
            (0.5, "0.5"),
            (10.0, "10"),
            (1500.0, "1.5k"),
            (2e6, "2M"),
            (-2.5e9, "-2.5G"),
            (3e12, "3T"),
            (999.0, "999"),
            (1000.0, "1k"),
            (1250.0, "1.25k"),
            (0.001, "0.001"),
            (0.00025, "2.5e-4"),
            (1e-5, "1e-5"),
            (2e15, "2e15"),
            (-0.0, "0"),
            (0.30000000000000004, "0.3"),
            (12_345_678.0, "12.345678M"),
        ];
        for (v, text) in cases {
            assert_eq!(format_tick(v), text, "{v}");
        }
    }

    #[test]
    fn linear_scale_pads_and_handles_degenerate_data() {
        let s = Scale::linear(Some((0.0, 100.0)), false, 5);
        assert!(s.lo < 0.0 && s.hi > 100.0);
        assert!(s.ticks.contains(&0.0) && s.ticks.contains(&100.0));
        // Starting at zero: no padding below.
        let s = Scale::linear(Some((3.0, 100.0)), true, 5);
        assert_eq!(s.lo, 0.0);
        // All equal: a span around the value, the value in the middle.
        let s = Scale::linear(Some((42.0, 42.0)), false, 5);
        assert!(s.lo < 42.0 && s.hi > 42.0);
        assert!((s.fraction(42.0) - 0.5).abs() < 1e-12);
        assert!(s.ticks.len() >= 2);
        // All zero, with and without zero forced in.
        assert_eq!(Scale::linear(Some((0.0, 0.0)), true, 5).lo, 0.0);
        let s = Scale::linear(Some((0.0, 0.0)), false, 5);
        assert_eq!((s.lo, s.hi), (-1.0, 1.0));
        // No data.
        let s = Scale::linear(None, false, 5);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        // Huge but finite extents.
        let s = Scale::linear(Some((-1e300, 1e300)), false, 5);
        assert!(s.ticks.len() >= 2);
    }

    #[test]
    fn log_scale_maps_decades_evenly() {
        let s = Scale::log(Some((1.0, 1000.0)), 5);
        let (a, b, c) = (s.fraction(1.0), s.fraction(10.0), s.fraction(100.0));
        assert!(((b - a) - (c - b)).abs() < 1e-12);
        assert!(s.fraction(0.0).is_nan());
        assert!(s.fraction(-5.0).is_nan());
        let s = Scale::log(Some((100.0, 100.0)), 5);
        assert!((s.fraction(100.0) - 0.5).abs() < 1e-12);
        assert!(!s.ticks.is_empty());
        assert!((s.min_value() - 10f64.powf(1.5)).abs() < 1e-9);
    }
}
