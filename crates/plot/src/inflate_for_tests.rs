//! Test-only decoders, written independently of the encoder: a minimal
//! inflater (stored, fixed and dynamic Huffman blocks, decoding one bit at
//! a time from canonical code counts), zlib unwrapping, and a PNG reader for
//! the two formats the encoder writes (8-bit RGB and 8-bit indexed). The
//! length and distance tables are derived from the RFC's rules rather than
//! shared with the encoder, so a wrong table on one side shows up.

/// Seeded xorshift64 generator for reproducible random test inputs.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u32,
}

impl Bits<'_> {
    fn bit(&mut self) -> Result<u32, String> {
        let byte = *self.data.get(self.pos).ok_or("input ended mid-stream")?;
        let b = u32::from(byte >> self.bit) & 1;
        self.bit += 1;
        if self.bit == 8 {
            self.bit = 0;
            self.pos += 1;
        }
        Ok(b)
    }

    fn bits(&mut self, n: u32) -> Result<u32, String> {
        let mut v = 0;
        for i in 0..n {
            v |= self.bit()? << i;
        }
        Ok(v)
    }

    fn skip_to_byte(&mut self) {
        if self.bit != 0 {
            self.bit = 0;
            self.pos += 1;
        }
    }
}

/// A canonical Huffman code as counts per length and symbols in code order.
struct Huffman {
    count: [u16; 16],
    symbols: Vec<u16>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Huffman, String> {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[l as usize] += 1;
        }
        count[0] = 0;
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left = left * 2 - i32::from(c);
            if left < 0 {
                return Err("over-subscribed code".into());
            }
        }
        let mut symbols = Vec::new();
        for len in 1..16u8 {
            for (s, &l) in lengths.iter().enumerate() {
                if l == len {
                    symbols.push(s as u16);
                }
            }
        }
        Ok(Huffman { count, symbols })
    }

    fn decode(&self, bits: &mut Bits) -> Result<usize, String> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= bits.bit()? as i32;
            let count = i32::from(self.count[len]);
            if code - first < count {
                return Ok(self.symbols[(index + code - first) as usize] as usize);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err("no such code".into())
    }
}

fn length_table() -> Vec<(u32, u32)> {
    let mut table = Vec::new();
    let mut base = 3;
    for i in 0..28u32 {
        let extra = if i < 8 { 0 } else { (i - 4) / 4 };
        table.push((base, extra));
        base += 1 << extra;
    }
    table.push((258, 0));
    table
}

fn distance_table() -> Vec<(u32, u32)> {
    let mut table = Vec::new();
    let mut base = 1;
    for i in 0..30u32 {
        let extra = if i < 4 { 0 } else { (i - 2) / 2 };
        table.push((base, extra));
        base += 1 << extra;
    }
    table
}

/// Decode a raw DEFLATE stream; trailing bytes after the final block are
/// an error, so a stream that ends early or late is caught.
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let (out, used) = inflate_prefix(data)?;
    if used != data.len() {
        return Err(format!("{} bytes after the final block", data.len() - used));
    }
    Ok(out)
}

fn inflate_prefix(data: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let lengths = length_table();
    let distances = distance_table();
    let mut bits = Bits {
        data,
        pos: 0,
        bit: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = bits.bit()? == 1;
        match bits.bits(2)? {
            0 => {
                bits.skip_to_byte();
                let header = data
                    .get(bits.pos..bits.pos + 4)
                    .ok_or("stored header cut off")?;
                let len = u16::from_le_bytes([header[0], header[1]]);
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if len != !nlen {
                    return Err("stored length check failed".into());
                }
                bits.pos += 4;
                let body = data
                    .get(bits.pos..bits.pos + len as usize)
                    .ok_or("stored body cut off")?;
                out.extend_from_slice(body);
                bits.pos += len as usize;
            }
            btype @ (1 | 2) => {
                let (litlen, dist) = if btype == 1 {
                    let mut l = vec![8u8; 288];
                    l[144..256].fill(9);
                    l[256..280].fill(7);
                    (Huffman::new(&l)?, Huffman::new(&[5; 30])?)
                } else {
                    read_dynamic(&mut bits)?
                };
                loop {
                    let symbol = litlen.decode(&mut bits)?;
                    if symbol < 256 {
                        out.push(symbol as u8);
                        continue;
                    }
                    if symbol == 256 {
                        break;
                    }
                    let &(base, extra) = lengths.get(symbol - 257).ok_or("bad length symbol")?;
                    let len = base + bits.bits(extra)?;
                    let dsym = dist.decode(&mut bits)?;
                    let &(dbase, dextra) = distances.get(dsym).ok_or("bad distance symbol")?;
                    let d = (dbase + bits.bits(dextra)?) as usize;
                    if d == 0 || d > out.len() {
                        return Err(format!("distance {d} before start of output"));
                    }
                    for _ in 0..len {
                        out.push(out[out.len() - d]);
                    }
                }
            }
            _ => return Err("reserved block type".into()),
        }
        if last {
            bits.skip_to_byte();
            return Ok((out, bits.pos));
        }
    }
}

fn read_dynamic(bits: &mut Bits) -> Result<(Huffman, Huffman), String> {
    const ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    let hlit = bits.bits(5)? as usize + 257;
    let hdist = bits.bits(5)? as usize + 1;
    let hclen = bits.bits(4)? as usize + 4;
    if hlit > 286 || hdist > 30 {
        return Err("too many codes".into());
    }
    let mut cl_lengths = [0u8; 19];
    for &symbol in &ORDER[..hclen] {
        cl_lengths[symbol] = bits.bits(3)? as u8;
    }
    let cl = Huffman::new(&cl_lengths)?;
    let mut lengths: Vec<u8> = Vec::new();
    while lengths.len() < hlit + hdist {
        let (value, repeat) = match cl.decode(bits)? {
            l @ 0..=15 => (l as u8, 1),
            16 => (
                *lengths.last().ok_or("repeat with no previous length")?,
                3 + bits.bits(2)?,
            ),
            17 => (0, 3 + bits.bits(3)?),
            18 => (0, 11 + bits.bits(7)?),
            _ => return Err("bad code length symbol".into()),
        };
        for _ in 0..repeat {
            lengths.push(value);
        }
    }
    if lengths.len() != hlit + hdist {
        return Err("code lengths overrun".into());
    }
    if lengths[256] == 0 {
        return Err("no end-of-block code".into());
    }
    Ok((
        Huffman::new(&lengths[..hlit])?,
        Huffman::new(&lengths[hlit..])?,
    ))
}

fn adler(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u64, 0u64);
    for &x in data {
        a = (a + u64::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16 | a) as u32
}

pub fn zlib_decompress(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 6 {
        return Err("too short for zlib".into());
    }
    if data[0] & 0x0F != 8 || (u16::from(data[0]) << 8 | u16::from(data[1])) % 31 != 0 {
        return Err("bad zlib header".into());
    }
    let (out, used) = inflate_prefix(&data[2..])?;
    let trailer = data.get(2 + used..2 + used + 4).ok_or("missing Adler-32")?;
    if 2 + used + 4 != data.len() {
        return Err("bytes after the Adler-32".into());
    }
    if u32::from_be_bytes(trailer.try_into().expect("4 bytes")) != adler(&out) {
        return Err("Adler-32 mismatch".into());
    }
    Ok(out)
}

fn crc(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A decoded PNG: size and RGB bytes.
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub color_type: u8,
    pub rgb: Vec<u8>,
}

/// Read an 8-bit RGB or 8-bit indexed, non-interlaced PNG, checking the
/// signature, every chunk CRC and the chunk order.
pub fn decode_png(png: &[u8]) -> Result<Decoded, String> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if png.get(..8) != Some(&SIGNATURE[..]) {
        return Err("bad signature".into());
    }
    let mut pos = 8;
    let mut header = None;
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut idat = Vec::new();
    let mut ended = false;
    while pos < png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().expect("4")) as usize;
        let kind = &png[pos + 4..pos + 8];
        let body = png.get(pos + 8..pos + 8 + len).ok_or("chunk cut off")?;
        let stored = png
            .get(pos + 8 + len..pos + 12 + len)
            .ok_or("CRC cut off")?;
        if crc(&png[pos + 4..pos + 8 + len]) != u32::from_be_bytes(stored.try_into().expect("4")) {
            return Err(format!("CRC mismatch in {}", String::from_utf8_lossy(kind)));
        }
        match kind {
            b"IHDR" => {
                if header.is_some() || pos != 8 || len != 13 {
                    return Err("IHDR must come first, once, 13 bytes".into());
                }
                let w = u32::from_be_bytes(body[0..4].try_into().expect("4"));
                let h = u32::from_be_bytes(body[4..8].try_into().expect("4"));
                if w == 0 || h == 0 {
                    return Err("zero dimension".into());
                }
                if body[8] != 8 || !matches!(body[9], 2 | 3) || body[10..13] != [0, 0, 0] {
                    return Err(format!("unsupported format {:?}", &body[8..]));
                }
                header = Some((w, h, body[9]));
            }
            b"PLTE" => {
                if !len.is_multiple_of(3) || len == 0 || len > 768 {
                    return Err("bad palette length".into());
                }
                palette = body.chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
            }
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => {
                ended = true;
                if pos + 12 + len != png.len() {
                    return Err("data after IEND".into());
                }
            }
            other => {
                return Err(format!(
                    "unexpected chunk {:?}",
                    String::from_utf8_lossy(other)
                ))
            }
        }
        pos += 12 + len;
    }
    if !ended {
        return Err("no IEND".into());
    }
    let (width, height, color_type) = header.ok_or("no IHDR")?;
    if color_type == 3 && palette.is_empty() {
        return Err("indexed image without palette".into());
    }
    let raw = zlib_decompress(&idat)?;
    let bpp = if color_type == 2 { 3 } else { 1 };
    let stride = width as usize * bpp;
    if raw.len() != height as usize * (stride + 1) {
        return Err(format!("image data is {} bytes", raw.len()));
    }
    let mut prev = vec![0u8; stride];
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for row in raw.chunks(stride + 1) {
        let filter = row[0];
        let mut cur = row[1..].to_vec();
        for i in 0..stride {
            let a = if i >= bpp { i32::from(cur[i - bpp]) } else { 0 };
            let b = i32::from(prev[i]);
            let c = if i >= bpp {
                i32::from(prev[i - bpp])
            } else {
                0
            };
            let predictor = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => return Err(format!("bad filter {f}")),
            };
            cur[i] = cur[i].wrapping_add(predictor as u8);
        }
        if color_type == 2 {
            rgb.extend_from_slice(&cur);
        } else {
            for &index in &cur {
                rgb.extend_from_slice(palette.get(index as usize).ok_or("index outside palette")?);
            }
        }
        prev = cur;
    }
    Ok(Decoded {
        width,
        height,
        color_type,
        rgb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test decoder must itself be right: check it on streams made by
    /// another encoder (Python's zlib at levels 0, 1 and 9 gives stored,
    /// fixed and dynamic blocks) and on hand-made fixed/stored blocks.
    #[test]
    fn decodes_known_streams() {
        // "a" as a fixed-Huffman block, produced by zlib.compress(b"a")[2:-4].
        assert_eq!(inflate(&[0x4b, 0x04, 0x00]).expect("fixed"), b"a");
        // Empty final stored block.
        assert_eq!(
            inflate(&[0x01, 0x00, 0x00, 0xFF, 0xFF]).expect("stored"),
            b""
        );
        assert!(inflate(&[0x01, 0x00, 0x00, 0xFF, 0xFE]).is_err());
        assert!(inflate(&[0x07]).is_err(), "reserved type");
    }

    #[test]
    fn decodes_python_zlib_output() {
        let Ok(check) = std::process::Command::new("python3")
            .arg("--version")
            .output()
        else {
            eprintln!("python3 not found; skipping");
            return;
        };
        assert!(check.status.success());
        let script = "import sys, zlib\n\
            data = bytes((i * i + i // 7) % 256 for i in range(20000)) + b'pool ' * 3000\n\
            for level in (0, 1, 9):\n    sys.stdout.buffer.write(zlib.compress(data, level).hex().encode() + b'\\n')\n";
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut expected: Vec<u8> = (0..20000u32)
            .map(|i| ((i * i + i / 7) % 256) as u8)
            .collect();
        expected.extend(b"pool ".repeat(3000));
        let text = String::from_utf8(out.stdout).expect("hex");
        let streams: Vec<&str> = text.lines().collect();
        assert_eq!(streams.len(), 3);
        for hex in streams {
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digit"))
                .collect();
            assert_eq!(zlib_decompress(&bytes).expect("python stream"), expected);
        }
    }

    #[test]
    fn derived_tables_match_the_rfc_ends() {
        let l = length_table();
        assert_eq!(l[0], (3, 0));
        assert_eq!(l[8], (11, 1));
        assert_eq!(l[27], (227, 5));
        assert_eq!(l[28], (258, 0));
        let d = distance_table();
        assert_eq!(d[4], (5, 1));
        assert_eq!(d[29], (24577, 13));
    }
}
