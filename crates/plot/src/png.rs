//! PNG encoding (ISO/IEC 15948): signature, IHDR, optional PLTE, one IDAT
//! of zlib-compressed scanlines, IEND.
//!
//! Charts rarely use more than a few dozen colours, so when an image has at
//! most 256 of them it is written indexed (one byte per pixel instead of
//! three); otherwise as 8-bit RGB with a per-row adaptive filter.

use crate::deflate::zlib_compress;
use std::collections::HashMap;

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

/// CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected), as PNG chunks use.
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(0xFFFF_FFFF, |crc, &byte| {
        CRC_TABLE[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

static CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
}

/// Encode `rgb` (`width * height * 3` bytes, rows top to bottom) as a PNG.
///
/// # Panics
/// If `width` or `height` is zero (PNG cannot express an empty image) or
/// `rgb` has the wrong length.
pub fn encode_png(width: u32, height: u32, rgb: &[u8]) -> Vec<u8> {
    assert!(width > 0 && height > 0, "a PNG needs at least one pixel");
    let pixels = width as usize * height as usize;
    assert_eq!(
        rgb.len(),
        pixels * 3,
        "rgb must hold width * height * 3 bytes"
    );

    let (color_type, palette, scanlines) = match palette_of(rgb) {
        Some((palette, indices)) => (
            3u8,
            Some(palette),
            unfiltered_rows(&indices, width as usize),
        ),
        None => (2u8, None, filtered_rows(rgb, width as usize * 3, 3)),
    };

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    // Bit depth 8; compression, filter method and interlace all 0 (the only
    // compression and filter methods PNG defines; no interlacing).
    ihdr.extend([8, color_type, 0, 0, 0]);

    let mut png = SIGNATURE.to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    if let Some(palette) = palette {
        let plte: Vec<u8> = palette.iter().flatten().copied().collect();
        chunk(&mut png, b"PLTE", &plte);
    }
    chunk(&mut png, b"IDAT", &zlib_compress(&scanlines));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).expect("a PNG chunk holds less than 4 GiB");
    png.extend(len.to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

/// The image's colours in order of first appearance and each pixel's index,
/// or `None` if there are more than 256 colours.
fn palette_of(rgb: &[u8]) -> Option<(Vec<[u8; 3]>, Vec<u8>)> {
    let mut palette = Vec::new();
    let mut index_of: HashMap<[u8; 3], u8> = HashMap::new();
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    let mut last: Option<([u8; 3], u8)> = None;
    for px in rgb.chunks_exact(3) {
        let color = [px[0], px[1], px[2]];
        // Neighbouring pixels are usually the same colour: skip the lookup.
        let index = match last {
            Some((c, i)) if c == color => i,
            _ => match index_of.get(&color) {
                Some(&i) => i,
                None => {
                    if palette.len() == 256 {
                        return None;
                    }
                    let i = palette.len() as u8;
                    palette.push(color);
                    index_of.insert(color, i);
                    i
                }
            },
        };
        last = Some((color, index));
        indices.push(index);
    }
    Some((palette, indices))
}

/// Rows with filter type 0. Indexed rows are not filtered: differences
/// between palette indices are meaningless, and the LZ77 stage already finds
/// a row that repeats the one above.
fn unfiltered_rows(indices: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(indices.len() + indices.len() / width);
    for row in indices.chunks(width) {
        out.push(0);
        out.extend_from_slice(row);
    }
    out
}

/// Rows each prefixed by the filter (None, Sub, Up, Average, Paeth) whose
/// output has the smallest sum of absolute values as signed bytes, the
/// heuristic the PNG specification recommends for true-colour images.
fn filtered_rows(data: &[u8], stride: usize, bpp: usize) -> Vec<u8> {
    let zero = vec![0u8; stride];
    let mut out = Vec::with_capacity(data.len() + data.len() / stride);
    let mut candidate = vec![0u8; stride];
    let mut best = vec![0u8; stride];
    for (r, row) in data.chunks(stride).enumerate() {
        let prev = if r == 0 {
            &zero[..]
        } else {
            &data[(r - 1) * stride..r * stride]
        };
        let mut best_filter = 0u8;
        let mut best_score = u64::MAX;
        for filter in 0..5u8 {
            for i in 0..stride {
                let a = if i >= bpp { row[i - bpp] } else { 0 };
                let b = prev[i];
                let c = if i >= bpp { prev[i - bpp] } else { 0 };
                let predicted = match filter {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                candidate[i] = row[i].wrapping_sub(predicted);
            }
            let score = candidate
                .iter()
                .map(|&v| u64::from((v as i8).unsigned_abs()))
                .sum();
            if score < best_score {
                best_score = score;
                best_filter = filter;
                std::mem::swap(&mut best, &mut candidate);
            }
        }
        out.push(best_filter);
        out.extend_from_slice(&best);
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inflate_for_tests::{decode_png, XorShift};

    #[test]
    fn crc32_known_vectors() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        // Every PNG ends with this exact chunk CRC.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn few_colours_are_written_indexed() {
        let mut rgb = Vec::new();
        for y in 0..20u32 {
            for x in 0..30u32 {
                rgb.extend(if (x / 5 + y / 5) % 2 == 0 {
                    [255, 0, 0]
                } else {
                    [0, 0, 255]
                });
            }
        }
        let png = encode_png(30, 20, &rgb);
        let decoded = decode_png(&png).expect("valid PNG");
        assert_eq!(decoded.color_type, 3);
        assert_eq!((decoded.width, decoded.height), (30, 20));
        assert_eq!(decoded.rgb, rgb);
    }

    #[test]
    fn many_colours_are_written_as_rgb() {
        let (w, h) = (97u32, 61u32);
        let mut rng = XorShift(5);
        let mut rgb = Vec::new();
        for y in 0..h {
            for x in 0..w {
                // A gradient (which the filters shrink) with some noise.
                let noise = (rng.next() % 3) as u8;
                rgb.extend([
                    (x * 2) as u8,
                    (y * 4) as u8,
                    ((x + y) as u8).wrapping_add(noise),
                ]);
            }
        }
        let png = encode_png(w, h, &rgb);
        let decoded = decode_png(&png).expect("valid PNG");
        assert_eq!(decoded.color_type, 2);
        assert_eq!(decoded.rgb, rgb);
        assert!(
            png.len() < rgb.len() / 2,
            "filters help: {} bytes",
            png.len()
        );
    }

    #[test]
    fn exactly_256_colours_stay_indexed_and_more_do_not() {
        let distinct = |n: u32| -> Vec<u8> {
            (0..n)
                .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 7])
                .collect()
        };
        let indexed = decode_png(&encode_png(16, 16, &distinct(256))).expect("ok");
        assert_eq!(indexed.color_type, 3);
        assert_eq!(indexed.rgb, distinct(256));
        let rgb = decode_png(&encode_png(17, 17, &distinct(289))).expect("ok");
        assert_eq!(rgb.color_type, 2);
        assert_eq!(rgb.rgb, distinct(289));
    }

    #[test]
    fn one_pixel_image() {
        let png = encode_png(1, 1, &[1, 2, 3]);
        assert_eq!(decode_png(&png).expect("ok").rgb, [1, 2, 3]);
    }

    #[test]
    #[should_panic(expected = "width * height * 3")]
    fn wrong_buffer_length_is_refused() {
        encode_png(2, 2, &[0; 11]);
    }

    #[test]
    fn paeth_follows_the_specification() {
        assert_eq!(paeth(10, 20, 10), 20);
        assert_eq!(paeth(20, 10, 10), 20);
        assert_eq!(paeth(10, 10, 20), 10);
        assert_eq!(paeth(0, 0, 0), 0);
    }
}
