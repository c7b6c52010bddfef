//! Charts: the series a chart holds, how its axes and margins are laid out,
//! and how it is drawn.

use crate::font::{self, text_width};
use crate::image::{mix_rgb, Canvas, Image, Marker, Rect, Rgb};
use crate::ticks::{format_tick, Scale};

const BACKGROUND: Rgb = [255, 255, 255];
const GRID: Rgb = [234, 234, 234];
const ZERO_LINE: Rgb = [185, 185, 185];
const FRAME: Rgb = [110, 110, 110];
const TEXT: Rgb = [55, 55, 55];
const TITLE: Rgb = [20, 20, 20];
const LEGEND_BORDER: Rgb = [200, 200, 200];

/// Series colours, in the order series are added: ten well separated hues
/// that stay distinguishable on white (the common "category 10" set).
const PALETTE: [Rgb; 10] = [
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44],
    [214, 39, 40],
    [148, 103, 189],
    [140, 86, 75],
    [227, 119, 194],
    [127, 127, 127],
    [188, 189, 34],
    [23, 190, 207],
];

/// Band fill opacity: light enough that lines and grid show through it and
/// two overlapping bands can still be told apart.
const BAND_ALPHA: u8 = 60;
/// Opacity of a band's edge lines, drawn over the fill.
const BAND_EDGE_ALPHA: u8 = 150;
const BAR_ALPHA: u8 = 190;

/// Values beyond this magnitude are skipped like infinities: the span
/// between two of them could overflow to infinity.
const LIMIT: f64 = 1e300;

#[derive(Clone, Debug, PartialEq)]
enum Data {
    Line(Vec<(f64, f64)>),
    Scatter(Vec<(f64, f64)>),
    Band(Vec<(f64, f64, f64)>),
    Bars(Vec<(f64, f64)>),
    HLine(f64),
}

#[derive(Clone, Debug, PartialEq)]
struct Series {
    name: String,
    data: Data,
    color: Option<Rgb>,
}

/// A chart under construction: a title, axis labels and any mix of series,
/// rendered to an [`Image`] or straight to a PNG file.
///
/// ```
/// use pool_plot::Chart;
/// let days: Vec<(f64, f64)> = (0..30).map(|d| (d as f64, 100.0 + d as f64)).collect();
/// let image = Chart::new("Daily reward")
///     .x_label("day")
///     .y_label("POOL")
///     .y_from_zero()
///     .line("member A", &days)
///     .hline("target", 120.0)
///     .render(640, 400);
/// assert_eq!((image.width, image.height), (640, 400));
/// ```
///
/// Series are drawn in layers whatever the order they were added in:
/// bands, then bars, reference lines, lines, markers, and the legend on
/// top. Points with a NaN, infinite (or beyond 1e300) coordinate are
/// skipped, and so are non-positive values on a log axis; a line breaks
/// where a point is skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    title: String,
    x_label: String,
    y_label: String,
    y_from_zero: bool,
    log_y: bool,
    series: Vec<Series>,
}

impl Chart {
    /// An empty chart with a title (may be empty).
    pub fn new(title: &str) -> Chart {
        Chart {
            title: title.to_string(),
            ..Chart::default()
        }
    }

    /// Label under the x axis.
    pub fn x_label(mut self, label: &str) -> Chart {
        self.x_label = label.to_string();
        self
    }

    /// Label along the y axis, reading upwards.
    pub fn y_label(mut self, label: &str) -> Chart {
        self.y_label = label.to_string();
        self
    }

    /// Make the y axis include 0 (and start exactly there when all values
    /// are on one side of it). Ignored on a log axis, which cannot show 0.
    pub fn y_from_zero(mut self) -> Chart {
        self.y_from_zero = true;
        self
    }

    /// Use a log10 y axis; only positive values are shown.
    pub fn log_y(mut self) -> Chart {
        self.log_y = true;
        self
    }

    /// A polyline through `points` in the given order. Markers are drawn at
    /// the points while they are sparse enough not to merge into a smear.
    pub fn line(self, name: &str, points: &[(f64, f64)]) -> Chart {
        self.with(name, Data::Line(points.to_vec()))
    }

    /// Markers only.
    pub fn scatter(self, name: &str, points: &[(f64, f64)]) -> Chart {
        self.with(name, Data::Scatter(points.to_vec()))
    }

    /// A shaded area between `low` and `high` over `x`, given as
    /// `(x, low, high)`, e.g. a 5-95 percentile band. Drawn translucent
    /// under everything else; on a log axis a non-positive `low` is drawn
    /// at the bottom of the axis.
    pub fn band(self, name: &str, points: &[(f64, f64, f64)]) -> Chart {
        self.with(name, Data::Band(points.to_vec()))
    }

    /// Bars from the baseline (0, or the bottom of a log axis) to `y`,
    /// centred on `x`; bars are 80% as wide as the closest two `x` are apart.
    pub fn bars(self, name: &str, points: &[(f64, f64)]) -> Chart {
        self.with(name, Data::Bars(points.to_vec()))
    }

    /// A dashed horizontal reference line across the whole plot.
    pub fn hline(self, name: &str, y: f64) -> Chart {
        self.with(name, Data::HLine(y))
    }

    /// Give the most recently added series `rgb` instead of its palette
    /// colour (e.g. to draw a median line in its band's colour). Does
    /// nothing on a chart without series.
    pub fn color(mut self, rgb: [u8; 3]) -> Chart {
        if let Some(last) = self.series.last_mut() {
            last.color = Some(rgb);
        }
        self
    }

    fn with(mut self, name: &str, data: Data) -> Chart {
        self.series.push(Series {
            name: name.to_string(),
            data,
            color: None,
        });
        self
    }

    /// Draw the chart on a `width` x `height` image (each at least 1).
    /// Text, lines and markers grow with the image: everything is drawn at
    /// twice the font size from 500 x 320 and three times from 1600 x 1000.
    pub fn render(&self, width: u32, height: u32) -> Image {
        let (width, height) = (width.max(1), height.max(1));
        let style = Style::new(width, height);
        let (layout, legend) = self.plan(&style, width, height);
        let looks = self.looks(&style, &layout);
        let mut image = Image::new(width, height, BACKGROUND);
        let mut canvas = Canvas::new(&mut image);

        self.draw_grid(&mut canvas, &layout);
        canvas.set_clip(layout.plot);
        for (series, look) in self.series.iter().zip(&looks) {
            if let Data::Band(points) = &series.data {
                self.draw_band(&mut canvas, &layout, points, look.color);
            }
        }
        for (series, look) in self.series.iter().zip(&looks) {
            if let Data::Bars(points) = &series.data {
                self.draw_bars(&mut canvas, &layout, points, look.color);
            }
        }
        for (series, look) in self.series.iter().zip(&looks) {
            if let Data::HLine(y) = series.data {
                self.draw_hline(&mut canvas, &layout, &style, y, look.color);
            }
        }
        for (series, look) in self.series.iter().zip(&looks) {
            if let Data::Line(points) = &series.data {
                self.draw_polyline(&mut canvas, &layout, &style, points, look);
            }
        }
        for (series, look) in self.series.iter().zip(&looks) {
            if let (Data::Line(points) | Data::Scatter(points), Some(marker)) =
                (&series.data, look.marker)
            {
                for &(x, y) in points {
                    if let Some((px, py)) = self.to_pixel(&layout, x, y) {
                        canvas.marker(px, py, marker, style.marker_r, look.color, Some(BACKGROUND));
                    }
                }
            }
        }
        canvas.clear_clip();
        self.draw_axes(&mut canvas, &layout, &style);
        if let Some(legend) = legend {
            self.draw_legend(&mut canvas, &style, &looks, &legend);
        }
        image
    }

    /// Render and write a PNG file.
    pub fn save_png(
        &self,
        path: impl AsRef<std::path::Path>,
        width: u32,
        height: u32,
    ) -> std::io::Result<()> {
        std::fs::write(path, self.render(width, height).to_png())
    }

    fn valid_y(&self, y: f64) -> bool {
        valid(y) && (!self.log_y || y > 0.0)
    }

    /// Pixel position of a data point, or None if it cannot be shown.
    fn to_pixel(&self, layout: &Layout, x: f64, y: f64) -> Option<(f64, f64)> {
        (valid(x) && self.valid_y(y)).then(|| (layout.px(x), layout.py(y)))
    }

    /// The x and y extents of everything drawable, and whether the y axis
    /// must reach 0 (asked for, or bars standing on it).
    fn extents(&self) -> (Extent, Extent, bool) {
        let (mut xs, mut ys) = (Extent::default(), Extent::default());
        let mut zero = self.y_from_zero && !self.log_y;
        for series in &self.series {
            match &series.data {
                Data::Line(points) | Data::Scatter(points) => {
                    for &(x, y) in points {
                        if valid(x) && self.valid_y(y) {
                            xs.add(x);
                            ys.add(y);
                        }
                    }
                }
                Data::Band(points) => {
                    for &(x, low, high) in points {
                        // On a log axis a finite non-positive low edge is
                        // drawn at the axis bottom, so the point still counts.
                        if valid(x) && self.valid_y(high) && valid(low) {
                            xs.add(x);
                            ys.add(high);
                            if self.valid_y(low) {
                                ys.add(low);
                            }
                        }
                    }
                }
                Data::Bars(points) => {
                    let half = bar_width(points) / 2.0;
                    for &(x, y) in points {
                        if valid(x) && self.valid_y(y) {
                            xs.add(x - half);
                            xs.add(x + half);
                            ys.add(y);
                        }
                    }
                    zero |= !self.log_y && points.iter().any(|&(x, y)| valid(x) && valid(y));
                }
                Data::HLine(y) => {
                    if self.valid_y(*y) {
                        ys.add(*y);
                    }
                }
            }
        }
        (xs, ys, zero)
    }

    /// Margins, plot rectangle and axes, leaving `reserve_below` pixels at
    /// the bottom free (for a legend under the plot).
    fn layout(&self, style: &Style, width: u32, height: u32, reserve_below: i32) -> Layout {
        let (xs, ys, zero) = self.extents();
        let s = style.scale as i32;
        let text_h = font::GLYPH_H as i32 * s;
        let (tick, gap, pad) = (style.tick, style.gap, style.pad);
        let title_h = if self.title.is_empty() {
            0
        } else {
            font::GLYPH_H as i32 * style.title_scale(&self.title, width) as i32 + pad
        };
        let x_label_h = if self.x_label.is_empty() {
            0
        } else {
            2 * gap + text_h
        };
        let top = 2 * pad + title_h;
        let bottom = tick + gap + text_h + x_label_h + pad + reserve_below;
        let plot_h = (height as i32 - top - bottom).max(2);
        let y = self.y_scale(ys.0, zero, plot_h, style);
        let y_labels_w = y
            .ticks
            .iter()
            .map(|&t| text_width(&format_tick(t), style.scale))
            .max()
            .unwrap_or(0);
        let y_label_w = if self.y_label.is_empty() {
            0
        } else {
            text_h + 2 * gap
        };
        let left = pad + y_label_w + y_labels_w as i32 + gap + tick;
        let right = 3 * pad;
        let plot_w = (width as i32 - left - right).max(2);
        let x = x_scale(xs.0, plot_w, style);
        Layout {
            plot: Rect {
                x0: left,
                y0: top,
                x1: left + plot_w - 1,
                y1: top + plot_h - 1,
            },
            x,
            y,
        }
    }

    /// The y axis with as many ticks as fit (at most 8): the most whose
    /// labels stay at least a label height apart.
    fn y_scale(&self, data: Option<(f64, f64)>, zero: bool, plot_h: i32, style: &Style) -> Scale {
        let cap = (font::CAP_H * style.scale) as i32;
        let max_target = (plot_h / (cap * 4)).clamp(2, 8) as usize;
        let mut scale = None;
        for target in (2..=max_target).rev() {
            let candidate = if self.log_y {
                Scale::log(data, target)
            } else {
                Scale::linear(data, zero, target)
            };
            let closest = candidate
                .ticks
                .windows(2)
                .map(|w| {
                    (candidate.fraction(w[1]) - candidate.fraction(w[0])).abs() * f64::from(plot_h)
                })
                .fold(f64::INFINITY, f64::min);
            let fits = closest >= f64::from(2 * cap);
            scale = Some(candidate);
            if fits {
                break;
            }
        }
        scale.unwrap_or_else(|| Scale::linear(data, zero, 2))
    }

    /// Colour and marker of every series, in series order.
    fn looks(&self, style: &Style, layout: &Layout) -> Vec<Look> {
        let mut point_series = 0;
        self.series
            .iter()
            .enumerate()
            .map(|(i, series)| {
                let color = series.color.unwrap_or(PALETTE[i % PALETTE.len()]);
                let marker = match &series.data {
                    Data::Line(points) | Data::Scatter(points) => {
                        let shape = Marker::ALL[point_series % Marker::ALL.len()];
                        point_series += 1;
                        let shown = points
                            .iter()
                            .filter(|&&(x, y)| valid(x) && self.valid_y(y))
                            .count();
                        let sparse = shown as i32 * style.marker_r * 3 <= layout.plot.width();
                        (matches!(series.data, Data::Scatter(_)) || sparse).then_some(shape)
                    }
                    _ => None,
                };
                Look { color, marker }
            })
            .collect()
    }

    fn draw_grid(&self, canvas: &mut Canvas, layout: &Layout) {
        let p = layout.plot;
        for &t in &layout.y.ticks {
            let y = layout.py(t).round() as i32;
            if y > p.y0 && y < p.y1 {
                canvas.fill(
                    Rect {
                        x0: p.x0,
                        y0: y,
                        x1: p.x1,
                        y1: y,
                    },
                    GRID,
                );
            }
        }
        for &t in &layout.x.ticks {
            let x = layout.px(t).round() as i32;
            if x > p.x0 && x < p.x1 {
                canvas.fill(
                    Rect {
                        x0: x,
                        y0: p.y0,
                        x1: x,
                        y1: p.y1,
                    },
                    GRID,
                );
            }
        }
        if !layout.y.log && layout.y.lo < 0.0 && layout.y.hi > 0.0 {
            let y = layout.py(0.0).round() as i32;
            canvas.fill(
                Rect {
                    x0: p.x0,
                    y0: y,
                    x1: p.x1,
                    y1: y,
                },
                ZERO_LINE,
            );
        }
    }

    fn draw_band(
        &self,
        canvas: &mut Canvas,
        layout: &Layout,
        points: &[(f64, f64, f64)],
        color: Rgb,
    ) {
        let edge = mix_rgb(color, BACKGROUND, BAND_EDGE_ALPHA);
        for run in self.band_runs(layout, points) {
            fill_band_run(canvas, &run, color);
            for pair in run.windows(2) {
                canvas.line(
                    (pair[0].0, pair[0].1),
                    (pair[1].0, pair[1].1),
                    edge,
                    1,
                    None,
                );
                canvas.line(
                    (pair[0].0, pair[0].2),
                    (pair[1].0, pair[1].2),
                    edge,
                    1,
                    None,
                );
            }
        }
    }

    /// Stretches of consecutive drawable band points as pixel
    /// (x, y of low, y of high), sorted by x.
    fn band_runs(&self, layout: &Layout, points: &[(f64, f64, f64)]) -> Vec<Vec<(f64, f64, f64)>> {
        let mut runs = Vec::new();
        let mut run: Vec<(f64, f64, f64)> = Vec::new();
        for &(x, low, high) in points {
            let low = if self.log_y && valid(low) && low <= 0.0 {
                layout.y.min_value()
            } else {
                low
            };
            if valid(x) && self.valid_y(low) && self.valid_y(high) {
                run.push((layout.px(x), layout.py(low), layout.py(high)));
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        for run in &mut runs {
            run.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        runs
    }

    fn draw_bars(&self, canvas: &mut Canvas, layout: &Layout, points: &[(f64, f64)], color: Rgb) {
        let half = bar_width(points) / 2.0;
        let base = if layout.y.log {
            layout.y.min_value()
        } else {
            0.0f64.clamp(layout.y.lo, layout.y.hi)
        };
        let base_y = layout.py(base).round() as i32;
        for &(x, y) in points {
            if !(valid(x) && self.valid_y(y)) {
                continue;
            }
            let x0 = layout.px(x - half).round() as i32;
            let x1 = (layout.px(x + half).round() as i32 - 1).max(x0);
            let top = layout.py(y).round() as i32;
            let rect = Rect {
                x0,
                y0: top.min(base_y),
                x1,
                y1: top.max(base_y),
            };
            canvas.blend_fill(rect, color, BAR_ALPHA);
            if rect.width() >= 4 {
                canvas.outline(rect, color);
            }
        }
    }

    fn draw_hline(&self, canvas: &mut Canvas, layout: &Layout, style: &Style, y: f64, color: Rgb) {
        if self.valid_y(y) {
            let py = layout.py(y);
            let p = layout.plot;
            canvas.line(
                (f64::from(p.x0), py),
                (f64::from(p.x1), py),
                color,
                style.line_w,
                Some(style.dash),
            );
        }
    }

    fn draw_polyline(
        &self,
        canvas: &mut Canvas,
        layout: &Layout,
        style: &Style,
        points: &[(f64, f64)],
        look: &Look,
    ) {
        let mut previous: Option<(f64, f64)> = None;
        for (i, &(x, y)) in points.iter().enumerate() {
            let here = self.to_pixel(layout, x, y);
            match (previous, here) {
                (Some(a), Some(b)) => canvas.line(a, b, look.color, style.line_w, None),
                // A point cut off from both neighbours would vanish when
                // markers are off: give it a dot.
                (None, Some(b)) if look.marker.is_none() => {
                    let next_ok = points
                        .get(i + 1)
                        .is_some_and(|&(nx, ny)| self.to_pixel(layout, nx, ny).is_some());
                    if !next_ok {
                        canvas.line(b, b, look.color, style.line_w + 1, None);
                    }
                }
                _ => {}
            }
            previous = here;
        }
    }

    fn draw_axes(&self, canvas: &mut Canvas, layout: &Layout, style: &Style) {
        let p = layout.plot;
        let s = style.scale;
        let (tick, gap) = (style.tick, style.gap);
        let width = canvas.image().width as i32;
        let text_h = (font::GLYPH_H * s) as i32;
        let cap = (font::CAP_H * s) as i32;
        canvas.outline(p, FRAME);

        for &t in &layout.x.ticks {
            let x = layout.px(t).round() as i32;
            canvas.fill(
                Rect {
                    x0: x,
                    y0: p.y1 + 1,
                    x1: x,
                    y1: p.y1 + tick,
                },
                FRAME,
            );
            let label = format_tick(t);
            let w = text_width(&label, s) as i32;
            let left = (x - w / 2).clamp(0, (width - w).max(0));
            canvas.text(left, p.y1 + tick + gap, &label, s, TEXT);
        }
        for &t in &layout.y.ticks {
            let y = layout.py(t).round() as i32;
            canvas.fill(
                Rect {
                    x0: p.x0 - tick,
                    y0: y,
                    x1: p.x0 - 1,
                    y1: y,
                },
                FRAME,
            );
            let label = format_tick(t);
            let w = text_width(&label, s) as i32;
            canvas.text(p.x0 - tick - gap - w, y - cap / 2, &label, s, TEXT);
        }
        if !self.x_label.is_empty() {
            let w = text_width(&self.x_label, s) as i32;
            let left = ((p.x0 + p.x1) / 2 - w / 2).clamp(0, (width - w).max(0));
            canvas.text(
                left,
                p.y1 + tick + gap + text_h + 2 * gap,
                &self.x_label,
                s,
                TEXT,
            );
        }
        if !self.y_label.is_empty() {
            let w = text_width(&self.y_label, s) as i32;
            let height = canvas.image().height as i32;
            let bottom = ((p.y0 + p.y1) / 2 + w / 2).clamp(w.min(height - 1), height - 1);
            canvas.text_up(style.pad, bottom, &self.y_label, s, TEXT);
        }
        if !self.title.is_empty() {
            let ts = style.title_scale(&self.title, width as u32);
            let w = text_width(&self.title, ts) as i32;
            let left = ((p.x0 + p.x1) / 2 - w / 2).clamp(0, (width - w).max(0));
            canvas.text(left, 2 * style.pad, &self.title, ts, TITLE);
        }
    }

    /// Series shown in the legend: those with a name.
    fn legend_entries(&self) -> Vec<usize> {
        (0..self.series.len())
            .filter(|&i| !self.series[i].name.is_empty())
            .collect()
    }

    /// Layout and legend placement: inside the plot, in the corner that
    /// hides the least, if some corner hides no line, marker, band edge or
    /// bar; otherwise below the plot, in as many columns as fit the width.
    fn plan(&self, style: &Style, width: u32, height: u32) -> (Layout, Option<Legend>) {
        let layout = self.layout(style, width, height, 0);
        let entries = self.legend_entries();
        if entries.is_empty() {
            return (layout, None);
        }
        let inside = LegendBox::new(self, &entries, style, 1);
        let (at, hidden) = self.legend_corner(&layout, style, &inside);
        if hidden == 0 {
            let legend = Legend {
                entries,
                size: inside,
                at,
            };
            return (layout, Some(legend));
        }
        let room = width as i32 - 2 * style.pad;
        let per_column = inside.entry_w + inside.column_gap;
        let columns = ((room + inside.column_gap) / per_column).clamp(1, entries.len() as i32);
        // Same number of rows with fewer columns: balance them.
        let rows = (entries.len() as i32 + columns - 1) / columns;
        let columns = (entries.len() as i32 + rows - 1) / rows;
        let below = LegendBox::new(self, &entries, style, columns);
        let layout = self.layout(style, width, height, below.height + style.gap);
        let p = layout.plot;
        let x = ((p.x0 + p.x1) / 2 - below.width / 2).clamp(0, (width as i32 - below.width).max(0));
        let y = (height as i32 - style.pad - below.height).max(0);
        let legend = Legend {
            entries,
            size: below,
            at: (x, y),
        };
        (layout, Some(legend))
    }

    fn draw_legend(&self, canvas: &mut Canvas, style: &Style, looks: &[Look], legend: &Legend) {
        let (size, at) = (&legend.size, legend.at);
        let boxed = Rect {
            x0: at.0,
            y0: at.1,
            x1: at.0 + size.width - 1,
            y1: at.1 + size.height - 1,
        };
        canvas.fill(boxed, BACKGROUND);
        canvas.outline(boxed, LEGEND_BORDER);
        let cap = (font::CAP_H * style.scale) as i32;
        for (k, &i) in legend.entries.iter().enumerate() {
            let (column, row) = (k as i32 % size.columns, k as i32 / size.columns);
            let top = at.1 + size.inset + row * size.row_h;
            let left = at.0 + size.inset + column * (size.entry_w + size.column_gap);
            let cy = f64::from(top + cap / 2);
            let (x0, x1) = (f64::from(left), f64::from(left + size.swatch_w - 1));
            let look = &looks[i];
            let swatch = Rect {
                x0: left,
                y0: top,
                x1: left + size.swatch_w - 1,
                y1: top + cap - 1,
            };
            match self.series[i].data {
                Data::Line(_) => {
                    canvas.line((x0, cy), (x1, cy), look.color, style.line_w, None);
                }
                Data::Scatter(_) => {}
                Data::Band(_) => {
                    canvas.blend_fill(swatch, look.color, BAND_ALPHA);
                    let edge = mix_rgb(look.color, BACKGROUND, BAND_EDGE_ALPHA);
                    canvas.fill(
                        Rect {
                            y1: swatch.y0,
                            ..swatch
                        },
                        edge,
                    );
                    canvas.fill(
                        Rect {
                            y0: swatch.y1,
                            ..swatch
                        },
                        edge,
                    );
                }
                Data::Bars(_) => {
                    let bar = Rect {
                        x0: swatch.x0 + size.swatch_w / 4,
                        x1: swatch.x1 - size.swatch_w / 4,
                        ..swatch
                    };
                    canvas.blend_fill(bar, look.color, BAR_ALPHA);
                    canvas.outline(bar, look.color);
                }
                Data::HLine(_) => {
                    canvas.line(
                        (x0, cy),
                        (x1, cy),
                        look.color,
                        style.line_w,
                        Some(style.dash),
                    );
                }
            }
            if let Some(marker) = look.marker {
                canvas.marker(
                    (x0 + x1) / 2.0,
                    cy,
                    marker,
                    style.marker_r,
                    look.color,
                    Some(BACKGROUND),
                );
            }
            let text_left = left + size.swatch_w + size.gap;
            canvas.text(text_left, top, &self.series[i].name, style.scale, TEXT);
        }
    }

    /// The inside corner of the plot for a legend of `size` (top left of
    /// the box) and how much important data it would hide there (lines,
    /// markers, band edges, bars; band interiors may be covered). Ranks
    /// corners by important data hidden, then by everything hidden, then
    /// top right, top left, bottom right, bottom left.
    fn legend_corner(&self, layout: &Layout, style: &Style, size: &LegendBox) -> ((i32, i32), u64) {
        let p = layout.plot;
        let inset = 2 * style.pad;
        let right = p.x1 - inset - size.width + 1;
        let bottom = p.y1 - inset - size.height + 1;
        let (left, top) = (p.x0 + inset, p.y0 + inset);
        let corners = [(right, top), (left, top), (right, bottom), (left, bottom)];
        let samples = self.samples(layout);
        let hidden = |&(x, y): &(i32, i32)| -> (u64, u64) {
            let area = Rect {
                x0: x - style.pad,
                y0: y - style.pad,
                x1: x + size.width + style.pad,
                y1: y + size.height + style.pad,
            };
            let covered = samples
                .iter()
                .filter(|s| area.contains(s.0.round() as i32, s.1.round() as i32));
            covered.fold((0, 0), |(strong, all), s| {
                (
                    strong + u64::from(s.2 >= STRONG) * u64::from(s.2),
                    all + u64::from(s.2),
                )
            })
        };
        let (best, score) = corners
            .iter()
            .enumerate()
            .map(|(i, c)| (hidden(c), i, *c))
            .min()
            .map(|(score, _, c)| (c, score.0))
            .unwrap_or(((right, top), 0));
        // A legend bigger than the plot would overlap the plot's edge: a
        // corner inside that does not exist, so count that as hiding data.
        let fits =
            size.width + 2 * inset <= p.width() && size.height + 2 * inset <= p.y1 - p.y0 + 1;
        (
            (best.0.max(0), best.1.max(0)),
            if fits { score } else { score.max(1) },
        )
    }

    /// Points along everything drawn, in pixels, with a weight: lines and
    /// markers count more than band interiors, which stay readable when
    /// partly covered (weights below [`STRONG`]).
    fn samples(&self, layout: &Layout) -> Vec<(f64, f64, u8)> {
        const STEP: f64 = 4.0;
        let mut out = Vec::new();
        let segment = |out: &mut Vec<(f64, f64, u8)>, a: (f64, f64), b: (f64, f64), weight: u8| {
            let n = ((b.0 - a.0).hypot(b.1 - a.1) / STEP)
                .ceil()
                .clamp(1.0, 10_000.0) as usize;
            for k in 0..=n {
                let t = k as f64 / n as f64;
                out.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, weight));
            }
        };
        for series in &self.series {
            match &series.data {
                Data::Line(points) | Data::Scatter(points) => {
                    let pixels: Vec<Option<(f64, f64)>> = points
                        .iter()
                        .map(|&(x, y)| self.to_pixel(layout, x, y))
                        .collect();
                    for p in pixels.iter().flatten() {
                        out.push((p.0, p.1, 4));
                    }
                    if matches!(series.data, Data::Line(_)) {
                        for pair in pixels.windows(2) {
                            if let (Some(a), Some(b)) = (pair[0], pair[1]) {
                                segment(&mut out, a, b, 3);
                            }
                        }
                    }
                }
                Data::Band(points) => {
                    for run in self.band_runs(layout, points) {
                        for pair in run.windows(2) {
                            segment(&mut out, (pair[0].0, pair[0].1), (pair[1].0, pair[1].1), 2);
                            segment(&mut out, (pair[0].0, pair[0].2), (pair[1].0, pair[1].2), 2);
                        }
                        // The interior every few columns: a band of many
                        // points would otherwise yield a sample per pixel.
                        let mut last_x = f64::NEG_INFINITY;
                        for &(x, low, high) in &run {
                            if x - last_x >= STEP {
                                segment(&mut out, (x, low), (x, high), 1);
                                last_x = x;
                            }
                        }
                    }
                }
                Data::Bars(points) => {
                    let base = if layout.y.log {
                        layout.y.min_value()
                    } else {
                        0.0
                    };
                    for &(x, y) in points {
                        if let (Some(top), Some(foot)) =
                            (self.to_pixel(layout, x, y), self.to_pixel(layout, x, base))
                        {
                            out.push((top.0, top.1, 4));
                            segment(&mut out, top, foot, STRONG);
                        }
                    }
                }
                Data::HLine(y) => {
                    if self.valid_y(*y) {
                        let py = layout.py(*y);
                        let p = layout.plot;
                        segment(&mut out, (f64::from(p.x0), py), (f64::from(p.x1), py), 3);
                    }
                }
            }
        }
        out
    }
}

/// A finite value small enough to take spans of.
fn valid(v: f64) -> bool {
    v.is_finite() && v.abs() <= LIMIT
}

/// Bar width in data units: 80% of the smallest gap between distinct x
/// values, so neighbouring bars never touch; 0.8 for a single bar.
fn bar_width(points: &[(f64, f64)]) -> f64 {
    let mut xs: Vec<f64> = points.iter().map(|p| p.0).filter(|&x| valid(x)).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let gap = xs
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|&d| d > 0.0 && d.is_finite())
        .fold(f64::INFINITY, f64::min);
    if gap.is_finite() {
        gap * 0.8
    } else {
        0.8
    }
}

/// Fill a band stretch column by column: each column gets the union of
/// the band's extent there (the edges interpolated between points, plus
/// every point that falls in the column, so that a band of many points per
/// pixel is not undersampled). Every pixel is blended once, so the band's
/// shade is even.
fn fill_band_run(canvas: &mut Canvas, run: &[(f64, f64, f64)], color: Rgb) {
    let first = run[0].0.round() as i32;
    let last = run[run.len() - 1].0.round() as i32;
    // Points are inside the plot, so this is at most the image width.
    let columns = (last - first + 1).max(1) as usize;
    let mut extent = vec![(f64::INFINITY, f64::NEG_INFINITY); columns];
    let mut cover = |column: i32, a: f64, b: f64| {
        if let Some(e) = extent.get_mut((column - first) as usize) {
            e.0 = e.0.min(a.min(b));
            e.1 = e.1.max(a.max(b));
        }
    };
    for &(x, low, high) in run {
        cover(x.round() as i32, low, high);
    }
    for pair in run.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        for column in a.0.ceil() as i32..=b.0.floor() as i32 {
            let t = if b.0 > a.0 {
                ((f64::from(column) - a.0) / (b.0 - a.0)).clamp(0.0, 1.0)
            } else {
                0.0
            };
            cover(column, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t);
        }
    }
    for (k, &(top, bottom)) in extent.iter().enumerate() {
        if top <= bottom {
            let x = first + k as i32;
            let rect = Rect {
                x0: x,
                y0: top.round() as i32,
                x1: x,
                y1: bottom.round() as i32,
            };
            canvas.blend_fill(rect, color, BAND_ALPHA);
        }
    }
}

/// The x axis with as many ticks as fit: the most (up to 12) whose labels
/// keep at least two character widths apart.
fn x_scale(data: Option<(f64, f64)>, plot_w: i32, style: &Style) -> Scale {
    let s = style.scale;
    let max_target = (plot_w / (30 * s as i32)).clamp(2, 12) as usize;
    let mut fallback = None;
    for target in (2..=max_target).rev() {
        let scale = Scale::linear(data, false, target);
        let widest = scale
            .ticks
            .iter()
            .map(|&t| text_width(&format_tick(t), s))
            .max()
            .unwrap_or(0);
        let room = match scale.ticks.as_slice() {
            [a, b, ..] => f64::from(plot_w) * (b - a) / (scale.hi - scale.lo),
            _ => f64::INFINITY,
        };
        if f64::from(widest + 2 * font::ADVANCE * s) <= room {
            return scale;
        }
        fallback = Some(scale);
    }
    fallback.unwrap_or_else(|| Scale::linear(data, false, 2))
}

#[derive(Clone, Copy, Debug, Default)]
struct Extent(Option<(f64, f64)>);

impl Extent {
    fn add(&mut self, v: f64) {
        self.0 = Some(match self.0 {
            None => (v, v),
            Some((lo, hi)) => (lo.min(v), hi.max(v)),
        });
    }
}

/// Sizes that scale with the image.
struct Style {
    /// Font scale for labels, and the unit of every other size.
    scale: u32,
    pad: i32,
    tick: i32,
    gap: i32,
    line_w: u32,
    marker_r: i32,
    dash: (u32, u32),
}

impl Style {
    fn new(width: u32, height: u32) -> Style {
        let scale = if width >= 1600 && height >= 1000 {
            3
        } else if width >= 500 && height >= 320 {
            2
        } else {
            1
        };
        let s = scale as i32;
        Style {
            scale,
            pad: 5 * s,
            tick: 3 * s,
            gap: 3 * s,
            line_w: scale.max(2),
            marker_r: s + 2,
            dash: (6 * scale, 4 * scale),
        }
    }

    /// One size up from the labels if the title fits the image that way.
    fn title_scale(&self, title: &str, width: u32) -> u32 {
        let room = width.saturating_sub(2 * self.pad as u32);
        (1..=self.scale + 1)
            .rev()
            .find(|&ts| text_width(title, ts) <= room)
            .unwrap_or(1)
    }
}

/// Where the plot goes and how data map onto it.
struct Layout {
    plot: Rect,
    x: Scale,
    y: Scale,
}

impl Layout {
    fn px(&self, x: f64) -> f64 {
        f64::from(self.plot.x0) + self.x.fraction(x) * f64::from(self.plot.x1 - self.plot.x0)
    }

    fn py(&self, y: f64) -> f64 {
        f64::from(self.plot.y1) - self.y.fraction(y) * f64::from(self.plot.y1 - self.plot.y0)
    }
}

struct Look {
    color: Rgb,
    marker: Option<Marker>,
}

/// Sample weight from which covering data counts as hiding it.
const STRONG: u8 = 2;

/// A legend and where it goes.
struct Legend {
    entries: Vec<usize>,
    size: LegendBox,
    at: (i32, i32),
}

/// Legend dimensions: entries in `columns` columns, filled row by row.
struct LegendBox {
    width: i32,
    height: i32,
    columns: i32,
    inset: i32,
    row_h: i32,
    swatch_w: i32,
    gap: i32,
    /// Swatch, gap and the longest name.
    entry_w: i32,
    column_gap: i32,
}

impl LegendBox {
    fn new(chart: &Chart, entries: &[usize], style: &Style, columns: i32) -> LegendBox {
        let s = style.scale as i32;
        let inset = 2 * s + 2;
        let row_h = (font::GLYPH_H as i32 + 2) * s;
        let swatch_w = 16 * s;
        let gap = 4 * s;
        let column_gap = 12 * s;
        let names = entries
            .iter()
            .map(|&i| text_width(&chart.series[i].name, style.scale) as i32)
            .max()
            .unwrap_or(0);
        let entry_w = swatch_w + gap + names;
        let columns = columns.max(1);
        let rows = (entries.len() as i32 + columns - 1) / columns;
        LegendBox {
            width: 2 * inset + columns * entry_w + (columns - 1) * column_gap,
            // The last row needs no spacing under it, nor room for
            // descenders below the swatches beyond the text's own.
            height: 2 * inset + rows * row_h - 3 * s,
            columns,
            inset,
            row_h,
            swatch_w,
            gap,
            entry_w,
            column_gap,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inflate_for_tests::decode_png;

    /// The layout `render` uses, legend placement included.
    fn layout_of(chart: &Chart, w: u32, h: u32) -> Layout {
        chart.plan(&Style::new(w, h), w, h).0
    }

    fn at(image: &Image, p: (f64, f64)) -> Rgb {
        image.pixel(p.0.round() as u32, p.1.round() as u32)
    }

    fn count(image: &Image, color: Rgb) -> usize {
        image.rgb().chunks(3).filter(|p| *p == color).count()
    }

    #[test]
    fn degenerate_input_renders_without_panicking() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let charts = [
            Chart::new(""),
            Chart::new("empty series")
                .line("a", &[])
                .scatter("b", &[])
                .band("c", &[])
                .bars("d", &[]),
            Chart::new("one point")
                .line("a", &[(1.0, 2.0)])
                .bars("b", &[(3.0, 4.0)])
                .band("c", &[(1.0, 0.0, 1.0)]),
            Chart::new("nan").line("a", &[(nan, 1.0), (1.0, nan), (inf, -inf), (1e308, 1.0)]),
            Chart::new("mixed nan").line("a", &[(0.0, 1.0), (1.0, nan), (2.0, 3.0), (3.0, 4.0)]),
            Chart::new("flat")
                .line("a", &[(1.0, 5.0), (2.0, 5.0)])
                .scatter("b", &[(1.0, 5.0)]),
            Chart::new("all at one spot").scatter("a", &[(7.0, 7.0); 10]),
            Chart::new("zeros")
                .y_from_zero()
                .line("a", &[(0.0, 0.0), (0.0, 0.0)]),
            Chart::new("log junk")
                .log_y()
                .line("a", &[(1.0, 0.0), (2.0, -3.0), (3.0, nan)])
                .hline("h", -1.0),
            Chart::new("log band at zero")
                .log_y()
                .band("b", &[(0.0, 0.0, 10.0), (1.0, 0.0, 100.0)])
                .bars("c", &[(0.0, 5.0)]),
            Chart::new("huge")
                .line("a", &[(-1e300, -1e300), (1e300, 1e300)])
                .bars("b", &[(1e300, 1e300)]),
            Chart::new("tiny").line("a", &[(1.0, 1.0), (1.0 + 1e-15, 1.0 + 1e-15)]),
            Chart::new("only hline").hline("h", 3.0),
            Chart::new("reversed band").band(
                "b",
                &[
                    (3.0, 5.0, 1.0),
                    (1.0, 0.0, 2.0),
                    (2.0, nan, 1.0),
                    (2.5, 1.0, 1.0),
                ],
            ),
            Chart::new("unicode é ü")
                .x_label("→ x")
                .y_label("ÿ")
                .line("naïve", &[(0.0, 0.0), (1.0, 1.0)]),
        ];
        for chart in &charts {
            for (w, h) in [
                (0, 0),
                (1, 1),
                (7, 3),
                (40, 30),
                (200, 120),
                (900, 560),
                (1700, 1050),
            ] {
                let image = chart.render(w, h);
                assert_eq!((image.width, image.height), (w.max(1), h.max(1)));
                // The PNG of every one of them must decode to the same pixels.
                if w == 200 {
                    let decoded = decode_png(&image.to_png()).expect("valid PNG");
                    assert_eq!(decoded.rgb, image.rgb());
                }
            }
        }
    }

    #[test]
    fn many_series_cycle_colours_and_markers() {
        let mut chart = Chart::new("many");
        for i in 0..25 {
            let pts: Vec<(f64, f64)> = (0..5).map(|k| (k as f64, (k * i) as f64)).collect();
            chart = chart.line(&format!("s{i}"), &pts);
        }
        let image = chart.render(900, 560);
        assert!(count(&image, PALETTE[0]) > 0 && count(&image, PALETTE[9]) > 0);
    }

    #[test]
    fn line_passes_through_its_points() {
        let chart = Chart::new("").line("", &[(0.0, 0.0), (10.0, 10.0)]);
        let image = chart.render(600, 400);
        let layout = layout_of(&chart, 600, 400);
        for v in [2.5, 5.0, 7.5] {
            assert_eq!(
                at(&image, (layout.px(v), layout.py(v))),
                PALETTE[0],
                "at {v}"
            );
        }
        // Ends are marked (two points are sparse) with the first shape.
        let end = (layout.px(0.0), layout.py(0.0));
        assert_eq!(at(&image, end), PALETTE[0]);
        let above = (
            end.0,
            end.1 - f64::from(Style::new(600, 400).marker_r) - 1.0,
        );
        assert_eq!(at(&image, above), BACKGROUND, "marker halo");
    }

    #[test]
    fn axes_fit_the_data_with_ticks_inside() {
        let chart = Chart::new("").scatter("", &[(0.0, 3.0), (30.0, 97.0)]);
        let layout = layout_of(&chart, 900, 560);
        assert!(layout.x.lo < 0.0 && layout.x.hi > 30.0);
        assert!(layout.y.lo < 3.0 && layout.y.hi > 97.0);
        for &t in &layout.x.ticks {
            assert!(t >= layout.x.lo && t <= layout.x.hi);
        }
        assert!(layout.x.ticks.len() >= 4, "{:?}", layout.x.ticks);
        assert!(layout.y.ticks.len() >= 4, "{:?}", layout.y.ticks);
        let from_zero = layout_of(&chart.clone().y_from_zero(), 900, 560);
        assert_eq!(from_zero.y.lo, 0.0);
        assert_eq!(from_zero.y.ticks[0], 0.0);
    }

    #[test]
    fn x_tick_labels_do_not_overlap() {
        let chart = Chart::new("").line("", &[(1_000_000.0, 1.0), (1_234_567.0, 2.0)]);
        for w in [200, 400, 900, 1700] {
            let layout = layout_of(&chart, w, 560);
            let s = Style::new(w, 560).scale;
            let spans: Vec<(f64, f64)> = layout
                .x
                .ticks
                .iter()
                .map(|&t| {
                    let half = f64::from(text_width(&format_tick(t), s)) / 2.0;
                    (layout.px(t) - half, layout.px(t) + half)
                })
                .collect();
            for pair in spans.windows(2) {
                assert!(pair[0].1 < pair[1].0, "width {w}: {:?}", layout.x.ticks);
            }
        }
    }

    #[test]
    fn log_axis_spaces_decades_evenly() {
        let chart = Chart::new("")
            .log_y()
            .line("", &[(0.0, 1.0), (1.0, 10.0), (2.0, 100.0), (3.0, 1000.0)]);
        let layout = layout_of(&chart, 900, 560);
        assert!(layout.y.log);
        let gaps: Vec<f64> = [1.0, 10.0, 100.0, 1000.0]
            .windows(2)
            .map(|w| layout.py(w[0]) - layout.py(w[1]))
            .collect();
        assert!(
            gaps.iter().all(|g| (g - gaps[0]).abs() < 1e-9 && *g > 50.0),
            "{gaps:?}"
        );
        assert_eq!(layout.y.ticks, [1.0, 10.0, 100.0, 1000.0]);
    }

    #[test]
    fn layers_are_band_then_bars_then_lines() {
        let chart = Chart::new("")
            .line("line", &[(0.0, 5.0), (10.0, 5.0)])
            .bars("bars", &[(5.0, 8.0)])
            .band("band", &[(0.0, 2.0, 8.0), (10.0, 2.0, 8.0)]);
        let image = chart.render(600, 400);
        let layout = layout_of(&chart, 600, 400);
        let (line, bars, band) = (PALETTE[0], PALETTE[1], PALETTE[2]);
        // The line is on top of both.
        assert_eq!(at(&image, (layout.px(5.0), layout.py(5.0))), line);
        // Inside the band but off the bar: the band's tint over white.
        let tint = mix_rgb(band, BACKGROUND, BAND_ALPHA);
        assert_eq!(at(&image, (layout.px(1.3), layout.py(3.3))), tint);
        // Bar over band: the bar's colour blended over the band's tint.
        let inside_bar = (layout.px(5.1), layout.py(7.0));
        assert_eq!(at(&image, inside_bar), mix_rgb(bars, tint, BAR_ALPHA));
        // Bars stand on zero, so the axis reaches 0.
        assert!(layout.y.lo <= 0.0);
    }

    #[test]
    fn overlapping_bands_stay_distinguishable_and_lines_show_through() {
        let chart = Chart::new("")
            .band("a", &[(0.0, 0.0, 6.0), (10.0, 0.0, 6.0)])
            .band("b", &[(0.0, 4.0, 10.0), (10.0, 4.0, 10.0)]);
        let image = chart.render(600, 400);
        let layout = layout_of(&chart, 600, 400);
        // Off the grid lines (ticks fall on whole numbers here).
        let only_a = at(&image, (layout.px(5.3), layout.py(2.3)));
        let both = at(&image, (layout.px(5.3), layout.py(5.3)));
        let only_b = at(&image, (layout.px(5.3), layout.py(8.3)));
        assert_eq!(only_a, mix_rgb(PALETTE[0], BACKGROUND, BAND_ALPHA));
        assert_eq!(only_b, mix_rgb(PALETTE[1], BACKGROUND, BAND_ALPHA));
        assert_eq!(both, mix_rgb(PALETTE[1], only_a, BAND_ALPHA));
        assert!(only_a != both && only_b != both && only_a != only_b);
    }

    #[test]
    fn dense_band_covers_the_union_of_its_points() {
        // Three points inside one pixel column, the middle one far from
        // the others: the column must cover all of them and the gap
        // between, not only the stretch of whichever point is nearest.
        let run = [(10.0, 50.0, 60.0), (10.2, 5.0, 10.0), (10.4, 50.0, 60.0)];
        let mut image = Image::new(20, 70, BACKGROUND);
        fill_band_run(&mut Canvas::new(&mut image), &run, PALETTE[0]);
        let tint = mix_rgb(PALETTE[0], BACKGROUND, BAND_ALPHA);
        for y in 0..70 {
            let expected = if (5..=60).contains(&y) {
                tint
            } else {
                BACKGROUND
            };
            assert_eq!(image.pixel(10, y), expected, "y {y}");
        }
        assert_eq!(count(&image, tint), 56, "one column only");
        // Between points further apart than a pixel the edges are
        // interpolated: halfway from (0, 10..20) to (10, 30..40).
        let mut image = Image::new(20, 70, BACKGROUND);
        fill_band_run(
            &mut Canvas::new(&mut image),
            &[(0.0, 10.0, 20.0), (10.0, 30.0, 40.0)],
            PALETTE[0],
        );
        assert_eq!(image.pixel(5, 19), BACKGROUND);
        assert_eq!(image.pixel(5, 20), tint);
        assert_eq!(image.pixel(5, 30), tint);
        assert_eq!(image.pixel(5, 31), BACKGROUND);
    }

    #[test]
    fn log_band_with_zero_low_reaches_the_axis_bottom() {
        let chart = Chart::new("")
            .log_y()
            .band("", &[(0.0, 0.0, 100.0), (10.0, 0.0, 100.0)])
            .scatter("", &[(5.0, 1.0)]);
        let image = chart.render(600, 400);
        let layout = layout_of(&chart, 600, 400);
        let tint = mix_rgb(PALETTE[0], BACKGROUND, BAND_ALPHA);
        let x = layout.px(2.3).round() as u32;
        assert_eq!(image.pixel(x, (layout.plot.y1 - 1) as u32), tint);
        assert!(
            layout.y.min_value() < 1.0,
            "the axis spans the scatter point"
        );
    }

    #[test]
    fn hline_is_dashed_across_the_plot() {
        let chart = Chart::new("")
            .scatter("", &[(0.0, 0.0), (1.0, 10.0)])
            .hline("ref", 5.0);
        let image = chart.render(600, 400);
        let layout = layout_of(&chart, 600, 400);
        let y = layout.py(5.0).round() as u32;
        let p = layout.plot;
        let row: Vec<bool> = (p.x0 + 1..p.x1)
            .map(|x| image.pixel(x as u32, y) == PALETTE[1])
            .collect();
        let on = row.iter().filter(|&&b| b).count();
        assert!(
            on > row.len() / 3 && on < row.len() * 5 / 6,
            "{on} of {}",
            row.len()
        );
        let switches = row.windows(2).filter(|w| w[0] != w[1]).count();
        assert!(switches > 20, "dashes, got {switches} switches");
    }

    #[test]
    fn explicit_colour_replaces_the_palette_colour() {
        let chart = Chart::new("")
            .line("", &[(0.0, 0.0), (1.0, 1.0)])
            .color([1, 2, 3]);
        let image = chart.render(400, 300);
        assert!(count(&image, [1, 2, 3]) > 100);
        assert_eq!(count(&image, PALETTE[0]), 0);
        assert_eq!(Chart::new("").color([1, 2, 3]), Chart::new(""));
    }

    #[test]
    fn dense_lines_drop_markers_but_scatter_keeps_them() {
        let dense: Vec<(f64, f64)> = (0..1000).map(|i| (i as f64, (i as f64).sin())).collect();
        let chart = Chart::new("")
            .line("l", &dense)
            .scatter("s", &dense[..3])
            .line("sparse", &dense[..5]);
        let style = Style::new(900, 560);
        let looks = chart.looks(&style, &layout_of(&chart, 900, 560));
        assert_eq!(looks[0].marker, None);
        assert_eq!(looks[1].marker, Some(Marker::Square));
        assert_eq!(looks[2].marker, Some(Marker::Triangle));
    }

    #[test]
    fn legend_avoids_the_data() {
        // Data crowd the top right: the legend should go elsewhere.
        let rising: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, (i * i) as f64)).collect();
        let chart = Chart::new("").line("rising", &rising);
        let style = Style::new(900, 560);
        let layout = layout_of(&chart, 900, 560);
        let legend = LegendBox::new(&chart, &[0], &style, 1);
        let ((x, y), hidden) = chart.legend_corner(&layout, &style, &legend);
        let p = layout.plot;
        assert_eq!(hidden, 0);
        assert!(x < (p.x0 + p.x1) / 2, "legend on the left, at {x}");
        assert!(y < (p.y0 + p.y1) / 2, "and at the top, at {y}");
        // Falling data free the top right, the preferred corner.
        let falling: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, -((i * i) as f64))).collect();
        let chart = Chart::new("").line("falling", &falling);
        let layout = layout_of(&chart, 900, 560);
        let ((x, _), _) = chart.legend_corner(&layout, &style, &legend);
        assert!(x > (p.x0 + p.x1) / 2);
    }

    #[test]
    fn legend_moves_below_the_plot_when_every_corner_is_taken() {
        // Lines along all four edges of the plot.
        let chart = Chart::new("")
            .line("bottom", &[(0.0, 0.0), (10.0, 0.0)])
            .line("top", &[(0.0, 10.0), (10.0, 10.0)])
            .line("left", &[(0.0, 0.0), (0.0, 10.0)])
            .line("right", &[(10.0, 0.0), (10.0, 10.0)]);
        let style = Style::new(900, 560);
        let (layout, legend) = chart.plan(&style, 900, 560);
        let legend = legend.expect("named series");
        assert!(legend.at.1 > layout.plot.y1, "below the plot");
        assert!(legend.at.1 + legend.size.height <= 560);
        assert!(legend.size.columns >= 2, "the four names fit side by side");
        let unreserved = chart.layout(&style, 900, 560, 0);
        assert!(layout.plot.y1 < unreserved.plot.y1, "plot made room");
        // Nothing of the plot is covered: the legend's pixels are all below.
        let image = chart.render(900, 560);
        let border_rows: Vec<u32> = (0..560)
            .filter(|&y| (0..900).any(|x| image.pixel(x, y) == LEGEND_BORDER))
            .collect();
        assert!(border_rows.iter().all(|&y| y as i32 > layout.plot.y1));
    }

    #[test]
    fn legend_may_cover_a_band_interior() {
        // A band filling the plot, its edges pushed away from the corners
        // by points above and below it in the middle.
        let chart = Chart::new("")
            .band("wide band", &[(0.0, -100.0, 100.0), (10.0, -100.0, 100.0)])
            .line("line", &[(0.0, 0.0), (10.0, 0.0)])
            .scatter("", &[(5.0, -200.0), (5.0, 200.0)]);
        let (layout, legend) = chart.plan(&Style::new(900, 560), 900, 560);
        let legend = legend.expect("named series");
        assert!(legend.at.1 < layout.plot.y1, "inside the plot");
    }

    #[test]
    fn legend_shows_named_series_only() {
        let named = Chart::new("").line("named", &[(0.0, 0.0), (1.0, 1.0)]);
        let unnamed = Chart::new("").line("", &[(0.0, 0.0), (1.0, 1.0)]);
        let (a, b) = (named.render(600, 400), unnamed.render(600, 400));
        assert!(count(&a, LEGEND_BORDER) > 100);
        assert_eq!(count(&b, LEGEND_BORDER), 0);
        assert!(count(&a, TEXT) > count(&b, TEXT));
    }

    #[test]
    fn title_and_labels_are_drawn() {
        let bare = Chart::new("").line("", &[(0.0, 0.0), (1.0, 1.0)]);
        let labelled = Chart::new("Rewards")
            .x_label("day")
            .y_label("POOL")
            .line("", &[(0.0, 0.0), (1.0, 1.0)]);
        let style = Style::new(600, 400);
        let text_h = (font::GLYPH_H * style.scale) as i32;
        // Text pixels in the strip left of where the y tick labels start
        // when there is a y label, and below the x tick labels.
        let label_pixels = |chart: &Chart| {
            let image = chart.render(600, 400);
            let p = layout_of(chart, 600, 400).plot;
            let below = p.y1 + style.tick + style.gap + text_h;
            let (mut left, mut under) = (0, 0);
            for y in 0..400u32 {
                for x in 0..600u32 {
                    if image.pixel(x, y) == TEXT {
                        left += usize::from((x as i32) < style.pad + text_h);
                        under += usize::from(y as i32 >= below);
                    }
                }
            }
            (left, under, count(&image, TITLE))
        };
        let (_, under, title) = label_pixels(&bare);
        assert_eq!((under, title), (0, 0));
        let (left, under, title) = label_pixels(&labelled);
        assert!(
            left > 50 && under > 30 && title > 50,
            "{left} {under} {title}"
        );
    }

    #[test]
    fn png_round_trip_and_size() {
        let days: Vec<f64> = (0..365).map(f64::from).collect();
        let median: Vec<(f64, f64)> = days
            .iter()
            .map(|&d| (d, 100.0 + 20.0 * (d / 30.0).sin()))
            .collect();
        let band: Vec<(f64, f64, f64)> = median
            .iter()
            .map(|&(d, m)| (d, m - 15.0 - d / 20.0, m + 15.0 + d / 20.0))
            .collect();
        let chart = Chart::new("Daily reward per member, 5-95 percentile band")
            .x_label("day")
            .y_label("POOL per day")
            .band("5-95%", &band)
            .line("median", &median)
            .hline("target", 110.0)
            .scatter("samples", &[(50.0, 90.0), (200.0, 130.0)]);
        let image = chart.render(900, 560);
        let png = image.to_png();
        let decoded = decode_png(&png).expect("valid PNG");
        assert_eq!((decoded.width, decoded.height), (900, 560));
        assert_eq!(decoded.rgb, image.rgb());
        assert!(png.len() < 60_000, "{} bytes", png.len());
    }

    #[test]
    fn save_png_writes_a_decodable_file() {
        let dir = std::env::temp_dir().join(format!("pool-plot-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("chart.png");
        let chart = Chart::new("saved").bars("n", &[(1.0, 3.0), (2.0, 5.0)]);
        chart.save_png(&path, 320, 240).expect("written");
        let bytes = std::fs::read(&path).expect("read back");
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(
            decode_png(&bytes).expect("valid").rgb,
            chart.render(320, 240).rgb()
        );
    }

    #[test]
    fn bar_width_follows_the_closest_gap() {
        assert!((bar_width(&[(0.0, 1.0), (1.0, 1.0), (3.0, 1.0)]) - 0.8).abs() < 1e-12);
        assert!((bar_width(&[(0.0, 1.0), (0.5, 1.0), (0.5, 2.0)]) - 0.4).abs() < 1e-12);
        assert_eq!(bar_width(&[(5.0, 1.0)]), 0.8);
        assert_eq!(bar_width(&[]), 0.8);
        assert_eq!(bar_width(&[(f64::NAN, 1.0), (2.0, 1.0)]), 0.8);
    }
}
