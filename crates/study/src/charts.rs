//! The study's charts (PNG, drawn with `pool-plot`) and the numbers behind
//! them (CSV), for one "typical" producer (the table has them all). Every chart
//! names the command that produced it in its axis label, so a PNG lifted
//! out of the docs still says where it came from.

use crate::stats;
use crate::study::{Band, Study, World, MONTH_DAYS};
use pool_plot::Chart;
use std::fmt::Write;
use std::path::{Path, PathBuf};

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 600;
/// Alone: orange; in the pool: blue (the plot palette's first two hues,
/// fixed here so that every chart uses the same colour for the same side).
const ALONE: [u8; 3] = [255, 127, 14];
const POOL: [u8; 3] = [31, 119, 180];

fn points(bands: &[Band], f: impl Fn(&Band) -> f64) -> Vec<(f64, f64)> {
    bands.iter().map(|b| (b.x, f(b))).collect()
}

fn band_points(bands: &[Band]) -> Vec<(f64, f64, f64)> {
    bands.iter().map(|b| (b.x, b.p05, b.p95)).collect()
}

/// A chart of 5-95% bands and medians across trials, alone and pooled.
fn band_chart(title: &str, x_label: &str, y_label: &str, alone: &[Band], pool: &[Band]) -> Chart {
    Chart::new(title)
        .x_label(x_label)
        .y_label(y_label)
        .y_from_zero()
        .band("alone: 5% - 95% of trials", &band_points(alone))
        .color(ALONE)
        .line("alone: median", &points(alone, |b| b.p50))
        .color(ALONE)
        .band("in the pool: 5% - 95% of trials", &band_points(pool))
        .color(POOL)
        .line("in the pool: median", &points(pool, |b| b.p50))
        .color(POOL)
        .hline("expected alone", 1.0)
        .color([90, 90, 90])
}

fn save(chart: &Chart, path: &Path) -> Result<PathBuf, String> {
    chart
        .save_png(path, WIDTH, HEIGHT)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

/// Bin width and count of the monthly histogram: 0 to 3 times the
/// expectation in tenths; the last bin takes everything above.
const HIST_WIDTH: f64 = 0.1;
const HIST_BINS: usize = 31;

/// Writes the charts of producer `j` and their CSV into `dir`; returns the
/// paths written.
pub fn write_all(st: &Study, j: usize, dir: &Path, command: &str) -> Result<Vec<PathBuf>, String> {
    let name = &st.scenario.members[j].name;
    let from = format!("(from: {command})");
    let mut written = Vec::new();

    // 1. One trial, day by day: what a producer actually sees.
    let alone_path = st.daily_path(World::Alone, j, 0);
    let pool_path = st.daily_path(World::Pool, j, 0);
    let day_points = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .map(|(d, y)| (d as f64 + 1.0, *y))
            .collect()
    };
    let daily = Chart::new(&format!(
        "{name}, one simulated year: daily revenue / expected daily revenue alone"
    ))
    .x_label(&format!("day  {from}"))
    .y_label("normalized revenue")
    .y_from_zero()
    .line("alone", &day_points(&alone_path))
    .color(ALONE)
    .line("in the pool", &day_points(&pool_path))
    .color(POOL)
    .hline("expected alone", 1.0)
    .color([90, 90, 90]);
    written.push(save(&daily, &dir.join("daily.png"))?);

    // 2. The last 30 days' revenue, day by day, across trials.
    let roll_alone = st.rolling_bands(World::Alone, j, MONTH_DAYS);
    let roll_pool = st.rolling_bands(World::Pool, j, MONTH_DAYS);
    let monthly = band_chart(
        &format!(
            "{name}: revenue of the last 30 days / expected alone, across {} trials",
            st.trials.len()
        ),
        &format!("day  {from}"),
        "normalized 30-day revenue",
        &roll_alone,
        &roll_pool,
    );
    written.push(save(&monthly, &dir.join("monthly.png"))?);

    // 3. Cumulative since day 1 (the seed's chart).
    let cum_alone = st.cumulative_bands(World::Alone, j);
    let cum_pool = st.cumulative_bands(World::Pool, j);
    let cumulative = band_chart(
        &format!(
            "{name}: revenue since day 1 / expected alone, across {} trials",
            st.trials.len()
        ),
        &format!("day  {from}"),
        "normalized cumulative revenue",
        &cum_alone,
        &cum_pool,
    );
    written.push(save(&cumulative, &dir.join("cumulative.png"))?);

    // 4. Every month of every trial: how often a month is thin.
    let months_alone = st.monthly(World::Alone, Some(j));
    let months_pool = st.monthly(World::Pool, Some(j));
    let share = |xs: &[f64]| -> Vec<(f64, f64)> {
        stats::histogram(xs, 0.0, HIST_WIDTH, HIST_BINS)
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let centre = (i as f64 + 0.5) * HIST_WIDTH;
                (centre, 100.0 * *c as f64 / xs.len() as f64)
            })
            .collect()
    };
    let (h_alone, h_pool) = (share(&months_alone), share(&months_pool));
    let hist = Chart::new(&format!(
        "{name}: 30-day revenue / expected alone, {} months (last bar: 3.0 and more)",
        months_alone.len()
    ))
    .x_label(&format!("normalized monthly revenue  {from}"))
    .y_label("% of months")
    .y_from_zero()
    .bars("alone", &h_alone)
    .color(ALONE)
    .bars("in the pool", &h_pool)
    .color(POOL);
    written.push(save(&hist, &dir.join("histogram.png"))?);

    // The numbers behind the charts.
    let mut csv =
        format!("# {command}\n# producer {name}; normalized revenue; p05/p50/p95 across trials\n");
    csv.push_str("day,trial0_alone,trial0_pool,roll30_alone_p05,roll30_alone_p50,roll30_alone_p95,roll30_pool_p05,roll30_pool_p50,roll30_pool_p95,cum_alone_p05,cum_alone_p50,cum_alone_p95,cum_pool_p05,cum_pool_p50,cum_pool_p95\n");
    for d in 0..st.days as usize {
        let _ = write!(csv, "{},{:.4},{:.4}", d + 1, alone_path[d], pool_path[d]);
        // The 30-day figures start on day 30.
        for bands in [&roll_alone, &roll_pool] {
            match (d + 1).checked_sub(MONTH_DAYS).and_then(|i| bands.get(i)) {
                Some(b) => {
                    let _ = write!(csv, ",{:.4},{:.4},{:.4}", b.p05, b.p50, b.p95);
                }
                None => csv.push_str(",,,"),
            }
        }
        for b in [cum_alone[d], cum_pool[d]] {
            let _ = write!(csv, ",{:.4},{:.4},{:.4}", b.p05, b.p50, b.p95);
        }
        csv.push('\n');
    }
    let bands_path = dir.join("bands.csv");
    std::fs::write(&bands_path, csv).map_err(|e| format!("{}: {e}", bands_path.display()))?;
    written.push(bands_path);

    let mut hcsv = format!("# {command}\n# producer {name}; % of 30-day months per bin of normalized revenue\nbin_from,bin_to,alone_pct,pool_pct\n");
    for (i, (a, p)) in h_alone.iter().zip(&h_pool).enumerate() {
        let lo = i as f64 * HIST_WIDTH;
        let hi = if i + 1 == HIST_BINS {
            "inf".to_string()
        } else {
            format!("{:.1}", lo + HIST_WIDTH)
        };
        let _ = writeln!(hcsv, "{lo:.1},{hi},{:.3},{:.3}", a.1, p.1);
    }
    let hist_path = dir.join("histogram.csv");
    std::fs::write(&hist_path, hcsv).map_err(|e| format!("{}: {e}", hist_path.display()))?;
    written.push(hist_path);
    Ok(written)
}
