//! Dependency-free PNG charts for the pool's report tools.
//!
//! A [`Chart`] collects series (lines, scatter markers, shaded bands, bars,
//! dashed reference lines) and renders them with titled, labelled axes,
//! "nice" ticks, grid lines and a legend into an [`Image`], which
//! [`Image::to_png`] encodes. Everything is written here on `std` alone: the
//! PNG and DEFLATE encoder, the 5x7 bitmap font, the rasteriser. The
//! project keeps its dependency tree small, and a chart needs little of
//! what a general plotting or imaging crate brings.
//!
//! ```
//! use pool_plot::Chart;
//! let png = Chart::new("Blocks per day")
//!     .x_label("day")
//!     .y_label("blocks")
//!     .bars("produced", &[(1.0, 120.0), (2.0, 118.0), (3.0, 126.0)])
//!     .hline("expected", 120.0)
//!     .render(640, 400)
//!     .to_png();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

mod chart;
mod deflate;
mod font;
mod image;
mod png;
mod ticks;

#[cfg(test)]
mod inflate_for_tests;

/// The README's example must keep compiling and running.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;

pub use chart::Chart;
pub use image::Image;
pub use png::encode_png;
