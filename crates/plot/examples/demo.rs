//! Renders a sample chart combining every series kind:
//! `cargo run -p pool-plot --example demo -- /tmp/plot-demo.png [log]`.

use pool_plot::Chart;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "plot-demo.png".to_string());
    let log = args.next().as_deref() == Some("log");

    // A made-up year of daily rewards for two groups of members, with
    // percentile bands around their medians; deterministic wobble.
    let wobble = |day: f64, k: f64| (day / 17.0 * k).sin() * 6.0 + (day / 5.0).cos() * 2.0;
    let days: Vec<f64> = (0..=365).map(f64::from).collect();
    let small: Vec<(f64, f64)> = days
        .iter()
        .map(|&d| (d, 40.0 + d / 12.0 + wobble(d, 1.0)))
        .collect();
    let large: Vec<(f64, f64)> = days
        .iter()
        .map(|&d| (d, 95.0 - d / 20.0 + wobble(d, 1.7)))
        .collect();
    let band = |line: &[(f64, f64)], spread: f64| -> Vec<(f64, f64, f64)> {
        line.iter()
            .map(|&(d, m)| (d, m - spread - d / 40.0, m + spread + d / 30.0))
            .collect()
    };
    let monthly: Vec<(f64, f64)> = (0..12)
        .map(|m| (15.0 + 30.0 * f64::from(m), 20.0 + 4.0 * f64::from(m % 5)))
        .collect();
    let audits: Vec<(f64, f64)> = [(45.0, 130.0), (140.0, 122.0), (260.0, 135.0)].to_vec();

    let mut chart = Chart::new("Daily reward per member: median and 5-95 percentile band")
        .x_label("day of the year")
        .y_label("reward (POOL per day)")
        .band("small producers 5-95%", &band(&small, 12.0))
        .band("large producers 5-95%", &band(&large, 9.0))
        .bars("monthly penalties", &monthly)
        .line("small producers median", &small)
        .line("large producers median", &large)
        .scatter("audits", &audits)
        .hline("break-even", 60.0);
    if log {
        chart = chart.log_y();
    } else {
        chart = chart.y_from_zero();
    }
    chart.save_png(&path, 900, 560)?;
    println!("wrote {path}");
    Ok(())
}
