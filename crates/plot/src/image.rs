//! An RGB raster and the drawing primitives charts are made of: clipped
//! pixels, rectangles, alpha blending, Bresenham lines (thick and dashed),
//! markers and bitmap text.

use crate::font;
use crate::png::encode_png;

/// An 8-bit RGB colour.
pub type Rgb = [u8; 3];

/// An RGB image, rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pixels: Vec<u8>,
}

impl Image {
    /// A `width` x `height` image filled with `background`.
    pub fn new(width: u32, height: u32, background: Rgb) -> Image {
        let n = width as usize * height as usize;
        Image {
            width,
            height,
            pixels: background.repeat(n),
        }
    }

    /// The colour at (`x`, `y`), (0, 0) being the top left corner.
    ///
    /// # Panics
    /// If the position is outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Rgb {
        assert!(
            x < self.width && y < self.height,
            "({x}, {y}) is outside the image"
        );
        let i = (y as usize * self.width as usize + x as usize) * 3;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]]
    }

    /// The raw pixels, three bytes per pixel, rows top to bottom.
    pub fn rgb(&self) -> &[u8] {
        &self.pixels
    }

    /// The image as a PNG file.
    ///
    /// # Panics
    /// If the image is empty (zero width or height): PNG has no such image.
    pub fn to_png(&self) -> Vec<u8> {
        encode_png(self.width, self.height, &self.pixels)
    }
}

/// An inclusive pixel rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    pub fn contains(&self, x: i32, y: i32) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    pub fn width(&self) -> i32 {
        self.x1 - self.x0 + 1
    }

    fn intersect(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        }
    }
}

/// Marker shapes, cycled through the point series of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    pub const ALL: [Marker; 4] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
    ];

    /// Whether offset (`dx`, `dy`) from the centre is inside the shape of
    /// radius `r`. Square and diamond are shrunk a little so that all four
    /// shapes look about the same size.
    fn covers(self, dx: i32, dy: i32, r: i32) -> bool {
        match self {
            Marker::Circle => dx * dx + dy * dy <= r * r + r / 2,
            Marker::Square => {
                let half = (r * 4 + 2) / 5;
                dx.abs() <= half && dy.abs() <= half
            }
            Marker::Diamond => dx.abs() + dy.abs() <= r + r / 4,
            Marker::Triangle => {
                // A triangle inside the circle of radius r covers much less
                // than the circle: draw it one pixel larger. Apex at -r',
                // base at 3r'/4; the half width grows 0.6 per row.
                let r = r + 1;
                let bottom = (r * 3 + 2) / 4;
                dy >= -r && dy <= bottom && dx.abs() * 5 <= (dy + r) * 3
            }
        }
    }
}

/// Drawing on an image, every pixel clipped to a rectangle.
pub struct Canvas<'a> {
    image: &'a mut Image,
    clip: Rect,
}

impl<'a> Canvas<'a> {
    pub fn new(image: &'a mut Image) -> Canvas<'a> {
        let clip = Rect {
            x0: 0,
            y0: 0,
            x1: image.width as i32 - 1,
            y1: image.height as i32 - 1,
        };
        Canvas { image, clip }
    }

    fn bounds(&self) -> Rect {
        Rect {
            x0: 0,
            y0: 0,
            x1: self.image.width as i32 - 1,
            y1: self.image.height as i32 - 1,
        }
    }

    /// Restrict drawing to `rect` (and the image).
    pub fn set_clip(&mut self, rect: Rect) {
        self.clip = rect.intersect(&self.bounds());
    }

    /// Allow drawing anywhere on the image again.
    pub fn clear_clip(&mut self) {
        self.clip = self.bounds();
    }

    pub fn image(&self) -> &Image {
        self.image
    }

    fn index(&self, x: i32, y: i32) -> Option<usize> {
        self.clip
            .contains(x, y)
            .then(|| (y as usize * self.image.width as usize + x as usize) * 3)
    }

    pub fn put(&mut self, x: i32, y: i32, color: Rgb) {
        if let Some(i) = self.index(x, y) {
            self.image.pixels[i..i + 3].copy_from_slice(&color);
        }
    }

    /// Paint `color` at opacity `alpha` / 255 over what is there.
    pub fn blend(&mut self, x: i32, y: i32, color: Rgb, alpha: u8) {
        if let Some(i) = self.index(x, y) {
            for (k, &c) in color.iter().enumerate() {
                self.image.pixels[i + k] = mix(c, self.image.pixels[i + k], alpha);
            }
        }
    }

    /// Fill the inclusive rectangle `rect`.
    pub fn fill(&mut self, rect: Rect, color: Rgb) {
        let r = rect.intersect(&self.clip);
        for y in r.y0..=r.y1 {
            for x in r.x0..=r.x1 {
                self.put(x, y, color);
            }
        }
    }

    /// Blend `color` over the inclusive rectangle `rect`.
    pub fn blend_fill(&mut self, rect: Rect, color: Rgb, alpha: u8) {
        let r = rect.intersect(&self.clip);
        for y in r.y0..=r.y1 {
            for x in r.x0..=r.x1 {
                self.blend(x, y, color, alpha);
            }
        }
    }

    /// One-pixel outline of `rect`.
    pub fn outline(&mut self, rect: Rect, color: Rgb) {
        for x in rect.x0..=rect.x1 {
            self.put(x, rect.y0, color);
            self.put(x, rect.y1, color);
        }
        for y in rect.y0..=rect.y1 {
            self.put(rect.x0, y, color);
            self.put(rect.x1, y, color);
        }
    }

    /// A line `width` pixels thick between two points in pixel coordinates,
    /// optionally dashed (`(on, off)` pixel counts along the line).
    pub fn line(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        color: Rgb,
        width: u32,
        dash: Option<(u32, u32)>,
    ) {
        // Clip in floating point first: a far-off endpoint would otherwise
        // make Bresenham walk millions of invisible pixels.
        let margin = f64::from(width) + 1.0;
        let area = (
            f64::from(self.clip.x0) - margin,
            f64::from(self.clip.y0) - margin,
            f64::from(self.clip.x1) + margin,
            f64::from(self.clip.y1) + margin,
        );
        let Some((from, to)) = clip_segment(from, to, area) else {
            return;
        };
        let (mut x, mut y) = (from.0.round() as i32, from.1.round() as i32);
        let (x1, y1) = (to.0.round() as i32, to.1.round() as i32);
        let brush = brush(width);
        let (dx, dy) = ((x1 - x).abs(), -(y1 - y).abs());
        let (sx, sy) = (if x < x1 { 1 } else { -1 }, if y < y1 { 1 } else { -1 });
        let mut err = dx + dy;
        let mut step = 0u32;
        loop {
            let ink = match dash {
                Some((on, off)) => step % (on + off).max(1) < on,
                None => true,
            };
            if ink {
                for &(bx, by) in &brush {
                    self.put(x + bx, y + by, color);
                }
            }
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
            step += 1;
        }
    }

    /// A marker of radius `r` centred at (`cx`, `cy`), with a one-pixel
    /// halo of `halo` so that it stands out from the lines under it.
    pub fn marker(
        &mut self,
        cx: f64,
        cy: f64,
        shape: Marker,
        r: i32,
        color: Rgb,
        halo: Option<Rgb>,
    ) {
        if !cx.is_finite() || !cy.is_finite() {
            return;
        }
        let (cx, cy) = (cx.round() as i32, cy.round() as i32);
        let reach = r + 2;
        let near = Rect {
            x0: self.clip.x0 - reach,
            y0: self.clip.y0 - reach,
            x1: self.clip.x1 + reach,
            y1: self.clip.y1 + reach,
        };
        if !near.contains(cx, cy) {
            return;
        }
        for (shape_r, paint) in [(r + 1, halo), (r, Some(color))] {
            let Some(paint) = paint else { continue };
            for dy in -reach..=reach {
                for dx in -reach..=reach {
                    if shape.covers(dx, dy, shape_r) {
                        self.put(cx + dx, cy + dy, paint);
                    }
                }
            }
        }
    }

    /// Draw `text` with its top left corner at (`x`, `y`), each font pixel
    /// a `scale` x `scale` square. Returns the width drawn.
    pub fn text(&mut self, x: i32, y: i32, text: &str, scale: u32, color: Rgb) -> i32 {
        let s = scale as i32;
        for (i, c) in text.chars().enumerate() {
            let left = x + i as i32 * font::ADVANCE as i32 * s;
            for gy in 0..font::GLYPH_H {
                for gx in 0..font::GLYPH_W {
                    if font::ink(c, gx, gy) {
                        let px = left + gx as i32 * s;
                        let py = y + gy as i32 * s;
                        self.fill(
                            Rect {
                                x0: px,
                                y0: py,
                                x1: px + s - 1,
                                y1: py + s - 1,
                            },
                            color,
                        );
                    }
                }
            }
        }
        font::text_width(text, scale) as i32
    }

    /// Draw `text` rotated a quarter turn anticlockwise, reading upwards,
    /// starting at the bottom left (`x`, `y`) of its box.
    pub fn text_up(&mut self, x: i32, y: i32, text: &str, scale: u32, color: Rgb) {
        let s = scale as i32;
        for (i, c) in text.chars().enumerate() {
            for gy in 0..font::GLYPH_H {
                for gx in 0..font::GLYPH_W {
                    if font::ink(c, gx, gy) {
                        let along = (i as i32 * font::ADVANCE as i32 + gx as i32) * s;
                        let px = x + gy as i32 * s;
                        let py = y - along - (s - 1);
                        self.fill(
                            Rect {
                                x0: px,
                                y0: py,
                                x1: px + s - 1,
                                y1: py + s - 1,
                            },
                            color,
                        );
                    }
                }
            }
        }
    }
}

/// `fg` at opacity `alpha` / 255 over `bg`, rounded.
pub fn mix(fg: u8, bg: u8, alpha: u8) -> u8 {
    let a = u32::from(alpha);
    ((u32::from(fg) * a + u32::from(bg) * (255 - a) + 127) / 255) as u8
}

/// `fg` at opacity `alpha` / 255 over `bg`, per channel.
pub fn mix_rgb(fg: Rgb, bg: Rgb, alpha: u8) -> Rgb {
    [
        mix(fg[0], bg[0], alpha),
        mix(fg[1], bg[1], alpha),
        mix(fg[2], bg[2], alpha),
    ]
}

/// Pixel offsets stamped at each step of a line `width` pixels thick: a
/// square up to 2 pixels, a disc beyond, so thick lines keep round joints.
fn brush(width: u32) -> Vec<(i32, i32)> {
    let w = width.max(1) as i32;
    let lo = -(w - 1) / 2;
    let hi = w / 2;
    let mut offsets = Vec::new();
    for dy in lo..=hi {
        for dx in lo..=hi {
            if w <= 2 || {
                // Distance from the brush centre, doubled to stay integral.
                let (ex, ey) = (2 * dx - (lo + hi), 2 * dy - (lo + hi));
                ex * ex + ey * ey <= w * w
            } {
                offsets.push((dx, dy));
            }
        }
    }
    offsets
}

/// Liang-Barsky: the part of segment `a`-`b` inside the box
/// (`xmin`, `ymin`, `xmax`, `ymax`), or None if it misses it.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    area: (f64, f64, f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - area.0),
        (dx, area.2 - a.0),
        (-dy, a.1 - area.1),
        (dy, area.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = [255, 255, 255];
    const RED: Rgb = [255, 0, 0];

    fn count(image: &Image, color: Rgb) -> usize {
        image.rgb().chunks(3).filter(|p| *p == color).count()
    }

    #[test]
    fn horizontal_line_covers_its_pixels_only() {
        let mut img = Image::new(20, 10, WHITE);
        Canvas::new(&mut img).line((2.0, 5.0), (12.0, 5.0), RED, 1, None);
        assert_eq!(count(&img, RED), 11);
        assert_eq!(img.pixel(2, 5), RED);
        assert_eq!(img.pixel(12, 5), RED);
        assert_eq!(img.pixel(13, 5), WHITE);
    }

    #[test]
    fn diagonal_line_has_one_pixel_per_column() {
        let mut img = Image::new(20, 20, WHITE);
        Canvas::new(&mut img).line((0.0, 0.0), (19.0, 9.0), RED, 1, None);
        for x in 0..20 {
            let lit = (0..20).filter(|&y| img.pixel(x, y) == RED).count();
            assert_eq!(lit, 1, "column {x}");
        }
    }

    #[test]
    fn thick_and_dashed_lines() {
        let mut img = Image::new(40, 10, WHITE);
        Canvas::new(&mut img).line((0.0, 4.0), (39.0, 4.0), RED, 3, Some((4, 4)));
        // Dashes start every 8 steps and cover 4 steps; the 3x3 brush adds
        // a pixel at each end and a row above and below: columns 0..=4,
        // 7..=12, 15..=20, 23..=28, 31..=36.
        assert_eq!(count(&img, RED), (5 + 6 * 4) * 3);
        assert_eq!(img.pixel(0, 3), RED);
        assert_eq!(img.pixel(4, 5), RED);
        assert_eq!(img.pixel(5, 4), WHITE);
        assert_eq!(img.pixel(6, 4), WHITE);
        assert_eq!(img.pixel(7, 4), RED);
        assert_eq!(img.pixel(10, 2), WHITE);
    }

    #[test]
    fn far_off_lines_are_clipped_quickly() {
        let mut img = Image::new(10, 10, WHITE);
        let mut canvas = Canvas::new(&mut img);
        canvas.line((-1e12, 5.0), (1e12, 5.0), RED, 1, None);
        canvas.line((f64::NAN, 0.0), (5.0, 5.0), RED, 1, None);
        canvas.line((-1e9, -1e9), (-1e9 + 1.0, -2e9), RED, 2, None);
        assert_eq!(count(&img, RED), 10);
    }

    #[test]
    fn clip_limits_drawing() {
        let mut img = Image::new(10, 10, WHITE);
        let mut canvas = Canvas::new(&mut img);
        canvas.set_clip(Rect {
            x0: 2,
            y0: 2,
            x1: 4,
            y1: 4,
        });
        canvas.fill(
            Rect {
                x0: 0,
                y0: 0,
                x1: 9,
                y1: 9,
            },
            RED,
        );
        canvas.clear_clip();
        canvas.put(9, 9, RED);
        canvas.put(10, 10, RED);
        canvas.put(-1, 0, RED);
        assert_eq!(count(&img, RED), 10);
    }

    #[test]
    fn blending_mixes_colours() {
        assert_eq!(mix(255, 0, 255), 255);
        assert_eq!(mix(255, 0, 0), 0);
        assert_eq!(mix(200, 100, 128), 150);
        let mut img = Image::new(1, 1, WHITE);
        Canvas::new(&mut img).blend(0, 0, [0, 0, 0], 51);
        assert_eq!(img.pixel(0, 0), [204, 204, 204]);
    }

    #[test]
    fn markers_are_symmetric_and_sized_alike() {
        for shape in Marker::ALL {
            let mut img = Image::new(21, 21, WHITE);
            Canvas::new(&mut img).marker(10.0, 10.0, shape, 5, RED, None);
            let area = count(&img, RED);
            assert!((50..=130).contains(&area), "{shape:?} covers {area}");
            for y in 0..21 {
                for x in 0..21 {
                    assert_eq!(img.pixel(x, y), img.pixel(20 - x, y), "{shape:?} mirrored");
                }
            }
        }
    }

    #[test]
    fn markers_get_a_halo() {
        let mut img = Image::new(21, 21, [0, 0, 0]);
        Canvas::new(&mut img).marker(10.0, 10.0, Marker::Circle, 4, RED, Some(WHITE));
        assert_eq!(img.pixel(10, 10), RED);
        assert_eq!(img.pixel(10, 5), WHITE);
        assert_eq!(img.pixel(10, 3), [0, 0, 0]);
    }

    #[test]
    fn text_draws_glyph_pixels_at_scale() {
        let mut img = Image::new(30, 30, WHITE);
        let w = Canvas::new(&mut img).text(1, 1, "I", 2, RED);
        assert_eq!(w, 10);
        // "I" is .###. on top: pixels 1..=3 of the glyph, doubled.
        assert_eq!(img.pixel(1, 1), WHITE);
        assert_eq!(img.pixel(3, 1), RED);
        assert_eq!(img.pixel(8, 2), RED);
        assert_eq!(img.pixel(9, 1), WHITE);
        // The stem (column 2) runs down to row 6; rows 7 and 8 are empty.
        assert_eq!(img.pixel(5, 1 + 12), RED);
        assert_eq!(img.pixel(5, 1 + 14), WHITE);
        assert_eq!(count(&img, RED), (3 + 5 + 3) * 4);
    }

    #[test]
    fn upward_text_is_the_glyph_turned_anticlockwise() {
        let mut img = Image::new(20, 20, WHITE);
        Canvas::new(&mut img).text_up(2, 15, "L", 1, RED);
        // "L" has its stem in glyph column 0 (rows 0..=6) and its foot in
        // row 6. Turned anticlockwise the stem lies along the bottom row of
        // the box and the foot stands up at its right.
        for i in 0..7 {
            assert_eq!(img.pixel(2 + i, 15), RED, "stem");
        }
        for i in 0..5 {
            assert_eq!(img.pixel(8, 15 - i), RED, "foot");
        }
        assert_eq!(count(&img, RED), 7 + 4);
    }

    #[test]
    fn segment_clipping() {
        let area = (0.0, 0.0, 10.0, 10.0);
        assert_eq!(
            clip_segment((-5.0, 5.0), (15.0, 5.0), area),
            Some(((0.0, 5.0), (10.0, 5.0)))
        );
        assert_eq!(clip_segment((-5.0, -5.0), (-1.0, 20.0), area), None);
        assert_eq!(
            clip_segment((1.0, 1.0), (2.0, 2.0), area),
            Some(((1.0, 1.0), (2.0, 2.0)))
        );
        assert_eq!(clip_segment((1.0, f64::INFINITY), (2.0, 2.0), area), None);
    }

    #[test]
    #[should_panic(expected = "outside the image")]
    fn pixel_outside_panics() {
        Image::new(3, 3, WHITE).pixel(3, 0);
    }
}
