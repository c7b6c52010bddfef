//! The statistics of the table: plain definitions, stated once.

/// The arithmetic mean; `NaN` for no samples.
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The sample standard deviation (divisor `n - 1`); `NaN` below two
/// samples.
pub fn std_dev(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return f64::NAN;
    }
    let m = mean(xs);
    let ss: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    (ss / (xs.len() - 1) as f64).sqrt()
}

/// The `q`-quantile (`0 <= q <= 1`) of **sorted** samples, by linear
/// interpolation between the order statistics at `q (n - 1)` (the
/// "type 7" definition of most statistics packages); `NaN` for none.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Sorts a copy (total order: `NaN` last).
pub fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// The `q`-quantile of unsorted samples (see [`quantile_sorted`]).
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    quantile_sorted(&sorted(xs), q)
}

/// The share of samples equal to zero.
pub fn zero_share(xs: &[f64]) -> f64 {
    xs.iter().filter(|x| **x == 0.0).count() as f64 / xs.len() as f64
}

/// What the table says about one set of normalized revenues.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Mean normalized daily revenue (1 = what the producer alone earns
    /// in expectation).
    pub mean: f64,
    /// Standard deviation of the normalized daily revenue.
    pub sd_day: f64,
    /// Coefficient of variation of the daily revenue, `sd / mean`.
    pub cv_day: f64,
    /// Standard deviation of the normalized 30-day revenue.
    pub sd_month: f64,
    /// Share of days that paid nothing.
    pub zero_days: f64,
    /// Share of 30-day months that paid nothing.
    pub zero_months: f64,
    /// 5th and 95th percentiles of the normalized daily revenue.
    pub day_p05: f64,
    pub day_p95: f64,
    /// 5th and 95th percentiles of the normalized monthly revenue.
    pub month_p05: f64,
    pub month_p95: f64,
    /// The worst normalized month of all series.
    pub worst_month: f64,
    /// The median over series (a producer in a trial) of each series'
    /// worst month.
    pub worst_month_median: f64,
}

/// Summarizes daily and monthly normalized revenues. `worst_months` holds
/// one value per series: its lowest month.
pub fn summarize(days: &[f64], months: &[f64], worst_months: &[f64]) -> Summary {
    let d = sorted(days);
    let m = sorted(months);
    let mean_day = mean(days);
    let sd_day = std_dev(days);
    Summary {
        mean: mean_day,
        sd_day,
        cv_day: sd_day / mean_day,
        sd_month: std_dev(months),
        zero_days: zero_share(days),
        zero_months: zero_share(months),
        day_p05: quantile_sorted(&d, 0.05),
        day_p95: quantile_sorted(&d, 0.95),
        month_p05: quantile_sorted(&m, 0.05),
        month_p95: quantile_sorted(&m, 0.95),
        worst_month: m.first().copied().unwrap_or(f64::NAN),
        worst_month_median: quantile(worst_months, 0.5),
    }
}

/// Counts of samples per bin of width `width` from `lo`: bin `i` holds
/// `[lo + i width, lo + (i + 1) width)`; the last bin also takes
/// everything above (so the counts add up to the samples at or above
/// `lo`).
pub fn histogram(xs: &[f64], lo: f64, width: f64, bins: usize) -> Vec<u64> {
    let mut counts = vec![0u64; bins];
    for x in xs {
        if *x < lo || bins == 0 {
            continue;
        }
        let i = (((x - lo) / width).floor() as usize).min(bins - 1);
        counts[i] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sample_standard_deviation() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), 5.0);
        // Sum of squared deviations 32, over n - 1 = 7.
        assert!((std_dev(&xs) - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
        assert!(std_dev(&[1.0]).is_nan());
        assert!(mean(&[]).is_nan());
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let xs = [10.0, 0.0, 30.0, 20.0, 40.0];
        assert_eq!(quantile(&xs, 0.0), 0.0);
        assert_eq!(quantile(&xs, 1.0), 40.0);
        assert_eq!(quantile(&xs, 0.5), 20.0);
        // Position 0.05 x 4 = 0.2: 0 + 0.2 x 10.
        assert!((quantile(&xs, 0.05) - 2.0).abs() < 1e-12);
        // Position 0.95 x 4 = 3.8: 30 + 0.8 x 10.
        assert!((quantile(&xs, 0.95) - 38.0).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.3), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn summary_of_known_samples() {
        let days = [0.0, 0.0, 1.0, 2.0, 2.0];
        let months = [0.0, 1.0, 2.0, 1.0];
        let s = summarize(&days, &months, &[0.0, 1.0, 3.0]);
        assert_eq!(s.mean, 1.0);
        assert_eq!(s.sd_day, 1.0); // squares 1 + 1 + 0 + 1 + 1 = 4, over 4
        assert_eq!(s.cv_day, 1.0);
        assert_eq!(s.zero_days, 0.4);
        assert_eq!(s.zero_months, 0.25);
        assert_eq!(s.worst_month, 0.0);
        assert_eq!(s.worst_month_median, 1.0);
        assert_eq!(s.day_p95, 2.0);
        assert!((s.month_p05 - 0.15).abs() < 1e-12);
    }

    #[test]
    fn histogram_bins_and_overflow() {
        let xs = [-0.5, 0.0, 0.09, 0.1, 0.25, 5.0];
        assert_eq!(histogram(&xs, 0.0, 0.1, 3), vec![2, 1, 2]);
        assert_eq!(histogram(&xs, 0.0, 0.1, 0), Vec::<u64>::new());
    }
}
