//! DEFLATE (RFC 1951) compression and the zlib (RFC 1950) wrapper PNG needs.
//!
//! LZ77 with hash chains and one-step lazy matching finds the repeats; each
//! block is then written in whichever of the three block types is smallest
//! for it: dynamic Huffman codes built from the block's own statistics,
//! the fixed codes, or stored (for incompressible data). Charts are mostly
//! long runs of one colour, so nearly everything becomes maximal matches.

/// Largest distance a match may reach back.
const WINDOW: usize = 1 << 15;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// How many earlier positions with the same hash are tried: a speed/size
/// trade-off; charts find their best match among the first few.
const MAX_CHAIN: usize = 128;
/// A match at least this long is taken without looking one byte ahead.
const LAZY_LIMIT: usize = 32;
/// A three-byte match further back than this costs more bits than the
/// three literals it replaces.
const TOO_FAR: usize = 4096;
/// Tokens per block: small enough for the Huffman codes to follow local
/// statistics, large enough for the header cost not to matter.
const BLOCK_TOKENS: usize = 1 << 15;

const END_OF_BLOCK: usize = 256;
const LITLEN_CODES: usize = 286;
const DIST_CODES: usize = 30;
/// Order in which code-length code lengths are sent (RFC 1951 3.2.7).
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Compress `data` as a zlib stream: header, raw DEFLATE, Adler-32.
pub fn zlib_compress(data: &[u8]) -> Vec<u8> {
    // CMF: method 8 (deflate), 32 KiB window. FLG: level "default" (2),
    // plus the check bits that make the header a multiple of 31.
    let cmf: u8 = 0x78;
    let level: u8 = 2 << 6;
    let check = 31 - ((u16::from(cmf) << 8 | u16::from(level)) % 31) as u8;
    let mut out = vec![cmf, level | (check % 31)];
    out.extend(deflate(data));
    out.extend(adler32(data).to_be_bytes());
    out
}

/// Adler-32 (RFC 1950 8.2) of `data`.
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    // 5552 is the most bytes that can be summed before `b` might overflow
    // a u32, so the modulo is taken once per chunk rather than per byte.
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    b << 16 | a
}

/// Compress `data` as a raw DEFLATE stream.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let tokens = tokenize(data);
    let mut out = BitWriter::default();
    if tokens.is_empty() {
        write_block(&mut out, &[], &[], true);
    }
    let mut consumed = 0;
    let mut blocks = tokens.chunks(BLOCK_TOKENS).peekable();
    while let Some(block) = blocks.next() {
        let covered: usize = block.iter().map(|t| t.input_len()).sum();
        let input = &data[consumed..consumed + covered];
        consumed += covered;
        write_block(&mut out, block, input, blocks.peek().is_none());
    }
    out.finish()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Literal(u8),
    /// `len` in 3..=258, `dist` in 1..=32768.
    Match {
        len: u16,
        dist: u16,
    },
}

impl Token {
    fn input_len(self) -> usize {
        match self {
            Token::Literal(_) => 1,
            Token::Match { len, .. } => len as usize,
        }
    }
}

/// Hash chains over three-byte prefixes. `head[h]` is the latest position
/// whose prefix hashes to `h`, `prev[p % WINDOW]` the one before `p`.
struct Matcher<'a> {
    data: &'a [u8],
    head: Vec<u32>,
    prev: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl<'a> Matcher<'a> {
    fn new(data: &'a [u8]) -> Self {
        Matcher {
            data,
            head: vec![NONE; 1 << HASH_BITS],
            prev: vec![NONE; WINDOW],
        }
    }

    fn hash(&self, pos: usize) -> usize {
        let d = self.data;
        let key = u32::from(d[pos]) | u32::from(d[pos + 1]) << 8 | u32::from(d[pos + 2]) << 16;
        (key.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    }

    fn insert(&mut self, pos: usize) {
        if pos + MIN_MATCH <= self.data.len() {
            let h = self.hash(pos);
            self.prev[pos % WINDOW] = self.head[h];
            self.head[h] = pos as u32;
        }
    }

    /// The longest earlier match for the bytes at `pos` (which must not be
    /// inserted yet), as (length, distance); length 0 when there is none.
    fn longest(&self, pos: usize) -> (usize, usize) {
        let data = self.data;
        if pos + MIN_MATCH > data.len() {
            return (0, 0);
        }
        let max_len = MAX_MATCH.min(data.len() - pos);
        let (mut best_len, mut best_dist) = (0, 0);
        let mut candidate = self.head[self.hash(pos)];
        let mut chain = MAX_CHAIN;
        while candidate != NONE && chain > 0 {
            let cand = candidate as usize;
            // Chains only point backwards; anything else is a slot reused
            // by a newer position, i.e. out of the window.
            if cand >= pos || pos - cand > WINDOW {
                break;
            }
            // Cheap reject: a longer match must agree at `best_len`.
            if data[cand + best_len] == data[pos + best_len] {
                let len = data[cand..cand + max_len]
                    .iter()
                    .zip(&data[pos..pos + max_len])
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best_len {
                    best_len = len;
                    best_dist = pos - cand;
                    if len == max_len {
                        break;
                    }
                }
            }
            candidate = self.prev[cand % WINDOW];
            chain -= 1;
        }
        if best_len < MIN_MATCH || (best_len == MIN_MATCH && best_dist > TOO_FAR) {
            (0, 0)
        } else {
            (best_len, best_dist)
        }
    }
}

fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut matcher = Matcher::new(data);
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let (len, dist) = matcher.longest(pos);
        matcher.insert(pos);
        if len == 0 {
            tokens.push(Token::Literal(data[pos]));
            pos += 1;
            continue;
        }
        // Lazy matching: if the match starting one byte later is longer,
        // a literal now plus that match beats this match.
        if len < LAZY_LIMIT && matcher.longest(pos + 1).0 > len {
            tokens.push(Token::Literal(data[pos]));
            pos += 1;
            continue;
        }
        tokens.push(Token::Match {
            len: len as u16,
            dist: dist as u16,
        });
        for skipped in pos + 1..pos + len {
            matcher.insert(skipped);
        }
        pos += len;
    }
    tokens
}

fn length_code(len: u16) -> usize {
    LENGTH_BASE.partition_point(|&base| base <= len) - 1
}

fn dist_code(dist: u16) -> usize {
    DIST_BASE.partition_point(|&base| base <= dist) - 1
}

/// A set of Huffman codes: bit lengths and the codes themselves, already
/// bit-reversed because DEFLATE sends Huffman codes most significant bit
/// first inside a least-significant-bit-first stream.
struct Code {
    lengths: Vec<u8>,
    codes: Vec<u16>,
}

impl Code {
    fn from_lengths(lengths: Vec<u8>) -> Code {
        let max = lengths.iter().copied().max().unwrap_or(0) as usize;
        let mut count = vec![0u16; max + 1];
        for &l in &lengths {
            count[l as usize] += 1;
        }
        count[0] = 0;
        // Canonical codes (RFC 1951 3.2.2): shorter codes first, and within
        // a length in symbol order.
        let mut next = vec![0u16; max + 2];
        let mut code = 0u16;
        for bits in 1..=max {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        let codes = lengths
            .iter()
            .map(|&l| {
                if l == 0 {
                    return 0;
                }
                let c = next[l as usize];
                next[l as usize] += 1;
                c.reverse_bits() >> (16 - l)
            })
            .collect();
        Code { lengths, codes }
    }

    fn fixed_litlen() -> Code {
        let mut lengths = vec![8u8; 288];
        lengths[144..256].fill(9);
        lengths[256..280].fill(7);
        Code::from_lengths(lengths)
    }

    fn fixed_dist() -> Code {
        Code::from_lengths(vec![5; 30])
    }

    /// Bits needed to send symbols with these frequencies.
    fn cost(&self, freqs: &[u32]) -> u64 {
        freqs
            .iter()
            .zip(&self.lengths)
            .map(|(&f, &l)| u64::from(f) * u64::from(l))
            .sum()
    }

    fn put(&self, out: &mut BitWriter, symbol: usize) {
        out.bits(
            u32::from(self.codes[symbol]),
            u32::from(self.lengths[symbol]),
        );
    }
}

/// Huffman code lengths for `freqs`, none longer than `limit`.
///
/// Every code produced is complete (at least two symbols get a length),
/// because some inflaters reject a one-symbol code. If the optimal tree is
/// too deep the frequencies are halved (keeping them non-zero) and the tree
/// rebuilt: this converges, since equal weights give a balanced tree of
/// depth ceil(log2 n), within every limit DEFLATE uses.
fn huffman_lengths(freqs: &[u32], limit: u8) -> Vec<u8> {
    let mut weights: Vec<u64> = freqs.iter().map(|&f| u64::from(f)).collect();
    let mut used = weights.iter().filter(|&&w| w > 0).count();
    for w in weights.iter_mut() {
        if used >= 2 {
            break;
        }
        if *w == 0 {
            *w = 1;
            used += 1;
        }
    }
    loop {
        let lengths = tree_depths(&weights);
        if lengths.iter().all(|&l| l <= limit) {
            return lengths;
        }
        for w in weights.iter_mut().filter(|w| **w > 0) {
            *w = (*w / 2).max(1);
        }
    }
}

/// Leaf depths of a Huffman tree over the non-zero `weights`.
fn tree_depths(weights: &[u64]) -> Vec<u8> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut parent: Vec<usize> = Vec::new();
    let mut leaf_node = vec![usize::MAX; weights.len()];
    let mut heap = BinaryHeap::new();
    for (symbol, &w) in weights.iter().enumerate() {
        if w > 0 {
            leaf_node[symbol] = parent.len();
            heap.push(Reverse((w, parent.len())));
            parent.push(usize::MAX);
        }
    }
    while heap.len() > 1 {
        let Reverse((wa, a)) = heap.pop().expect("heap has two nodes");
        let Reverse((wb, b)) = heap.pop().expect("heap has two nodes");
        let node = parent.len();
        parent.push(usize::MAX);
        parent[a] = node;
        parent[b] = node;
        heap.push(Reverse((wa + wb, node)));
    }
    leaf_node
        .iter()
        .map(|&leaf| {
            if leaf == usize::MAX {
                return 0;
            }
            let (mut depth, mut node) = (0u8, leaf);
            while parent[node] != usize::MAX {
                node = parent[node];
                depth = depth.saturating_add(1);
            }
            depth
        })
        .collect()
}

/// Run-length encoding of a code-length sequence with the code-length
/// alphabet: 0..=15 literally, 16 = repeat previous 3..=6 times, 17 = 3..=10
/// zeros, 18 = 11..=138 zeros. Items are (symbol, extra bits value).
fn run_length(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let value = lengths[i];
        let mut run = lengths[i..].iter().take_while(|&&l| l == value).count();
        i += run;
        if value == 0 {
            while run >= 11 {
                let n = run.min(138);
                items.push((18, (n - 11) as u8));
                run -= n;
            }
            if run >= 3 {
                items.push((17, (run - 3) as u8));
                run = 0;
            }
        } else {
            items.push((value, 0));
            run -= 1;
            while run >= 3 {
                let n = run.min(6);
                items.push((16, (n - 3) as u8));
                run -= n;
            }
        }
        items.extend(std::iter::repeat_n((value, 0), run));
    }
    items
}

fn extra_bits_of(symbol: u8) -> u32 {
    match symbol {
        16 => 2,
        17 => 3,
        18 => 7,
        _ => 0,
    }
}

/// A dynamic block's codes and the header that describes them.
struct DynamicHeader {
    litlen: Code,
    dist: Code,
    hlit: usize,
    hdist: usize,
    cl: Code,
    hclen: usize,
    items: Vec<(u8, u8)>,
}

impl DynamicHeader {
    fn new(litlen_freq: &[u32], dist_freq: &[u32]) -> DynamicHeader {
        let litlen = Code::from_lengths(huffman_lengths(litlen_freq, 15));
        let dist = Code::from_lengths(huffman_lengths(dist_freq, 15));
        let hlit = 257.max(litlen.lengths.iter().rposition(|&l| l > 0).unwrap_or(0) + 1);
        let hdist = 1.max(dist.lengths.iter().rposition(|&l| l > 0).unwrap_or(0) + 1);
        // Literal/length and distance lengths are run-length coded as one
        // sequence, so a run may cross from one into the other.
        let mut all = litlen.lengths[..hlit].to_vec();
        all.extend_from_slice(&dist.lengths[..hdist]);
        let items = run_length(&all);
        let mut cl_freq = [0u32; 19];
        for &(symbol, _) in &items {
            cl_freq[symbol as usize] += 1;
        }
        let cl = Code::from_lengths(huffman_lengths(&cl_freq, 7));
        let hclen = 4.max(
            CODE_LENGTH_ORDER
                .iter()
                .rposition(|&s| cl.lengths[s] > 0)
                .unwrap_or(0)
                + 1,
        );
        DynamicHeader {
            litlen,
            dist,
            hlit,
            hdist,
            cl,
            hclen,
            items,
        }
    }

    fn bits(&self) -> u64 {
        let items: u64 = self
            .items
            .iter()
            .map(|&(s, _)| u64::from(self.cl.lengths[s as usize]) + u64::from(extra_bits_of(s)))
            .sum();
        5 + 5 + 4 + 3 * self.hclen as u64 + items
    }

    fn write(&self, out: &mut BitWriter) {
        out.bits((self.hlit - 257) as u32, 5);
        out.bits((self.hdist - 1) as u32, 5);
        out.bits((self.hclen - 4) as u32, 4);
        for &symbol in &CODE_LENGTH_ORDER[..self.hclen] {
            out.bits(u32::from(self.cl.lengths[symbol]), 3);
        }
        for &(symbol, extra) in &self.items {
            self.cl.put(out, symbol as usize);
            out.bits(u32::from(extra), extra_bits_of(symbol));
        }
    }
}

fn write_block(out: &mut BitWriter, tokens: &[Token], input: &[u8], last: bool) {
    let mut litlen_freq = vec![0u32; LITLEN_CODES];
    let mut dist_freq = vec![0u32; DIST_CODES];
    // Extra bits cost the same under every Huffman code.
    let mut extra_bits = 0u64;
    for &token in tokens {
        match token {
            Token::Literal(byte) => litlen_freq[byte as usize] += 1,
            Token::Match { len, dist } => {
                let lc = length_code(len);
                let dc = dist_code(dist);
                litlen_freq[257 + lc] += 1;
                dist_freq[dc] += 1;
                extra_bits += u64::from(LENGTH_EXTRA[lc]) + u64::from(DIST_EXTRA[dc]);
            }
        }
    }
    litlen_freq[END_OF_BLOCK] += 1;

    let fixed = (Code::fixed_litlen(), Code::fixed_dist());
    let fixed_bits = fixed.0.cost(&litlen_freq) + fixed.1.cost(&dist_freq) + extra_bits;
    let dynamic = DynamicHeader::new(&litlen_freq, &dist_freq);
    let dynamic_bits = dynamic.bits()
        + dynamic.litlen.cost(&litlen_freq)
        + dynamic.dist.cost(&dist_freq)
        + extra_bits;
    // Stored: up to 7 alignment bits, then 4 length bytes per 65535-byte piece.
    let pieces = input.len().div_ceil(0xFFFF).max(1) as u64;
    let stored_bits = 7 + pieces * (3 + 32) + 8 * input.len() as u64;

    if stored_bits < fixed_bits.min(dynamic_bits) {
        write_stored(out, input, last);
        return;
    }
    let (litlen, dist) = if dynamic_bits < fixed_bits {
        out.bits(u32::from(last), 1);
        out.bits(2, 2);
        dynamic.write(out);
        (&dynamic.litlen, &dynamic.dist)
    } else {
        out.bits(u32::from(last), 1);
        out.bits(1, 2);
        (&fixed.0, &fixed.1)
    };
    for &token in tokens {
        match token {
            Token::Literal(byte) => litlen.put(out, byte as usize),
            Token::Match { len, dist: d } => {
                let lc = length_code(len);
                litlen.put(out, 257 + lc);
                out.bits(
                    u32::from(len - LENGTH_BASE[lc]),
                    u32::from(LENGTH_EXTRA[lc]),
                );
                let dc = dist_code(d);
                dist.put(out, dc);
                out.bits(u32::from(d - DIST_BASE[dc]), u32::from(DIST_EXTRA[dc]));
            }
        }
    }
    litlen.put(out, END_OF_BLOCK);
}

fn write_stored(out: &mut BitWriter, input: &[u8], last: bool) {
    let mut pieces = input.chunks(0xFFFF).peekable();
    if pieces.peek().is_none() {
        out.bits(u32::from(last), 1);
        out.bits(0, 2);
        out.align();
        out.bytes(&[0, 0, 0xFF, 0xFF]);
        return;
    }
    while let Some(piece) = pieces.next() {
        let final_piece = last && pieces.peek().is_none();
        out.bits(u32::from(final_piece), 1);
        out.bits(0, 2);
        out.align();
        let len = piece.len() as u16;
        out.bytes(&len.to_le_bytes());
        out.bytes(&(!len).to_le_bytes());
        out.bytes(piece);
    }
}

/// Packs bit fields least significant bit first, as DEFLATE requires.
#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl BitWriter {
    /// Append the low `count` bits of `value` (`count` <= 32).
    fn bits(&mut self, value: u32, count: u32) {
        debug_assert!(count <= 32 && (count == 32 || value >> count == 0));
        self.acc |= u64::from(value) << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// Pad with zero bits to a byte boundary.
    fn align(&mut self) {
        if self.count > 0 {
            self.out.push(self.acc as u8);
            self.acc = 0;
            self.count = 0;
        }
    }

    /// Append whole bytes; only valid on a byte boundary.
    fn bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.count, 0);
        self.out.extend_from_slice(bytes);
    }

    fn finish(mut self) -> Vec<u8> {
        self.align();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inflate_for_tests::{inflate, zlib_decompress};

    #[test]
    fn adler32_known_vectors() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"a"), 0x0062_0062);
        assert_eq!(adler32(b"abc"), 0x024d_0127);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        // Long enough to need the periodic modulo.
        assert_eq!(adler32(&vec![0xFF; 100_000]), 0x149A_302C);
    }

    #[test]
    fn zlib_header_is_valid() {
        let z = zlib_compress(b"hello");
        assert_eq!(z[0] & 0x0F, 8, "method deflate");
        assert_eq!((u16::from(z[0]) << 8 | u16::from(z[1])) % 31, 0);
        assert_eq!(z[1] & 0x20, 0, "no preset dictionary");
    }

    #[test]
    fn length_and_distance_codes_cover_their_ranges() {
        assert_eq!(length_code(3), 0);
        assert_eq!(length_code(10), 7);
        assert_eq!(length_code(11), 8);
        assert_eq!(length_code(12), 8);
        assert_eq!(length_code(257), 27);
        assert_eq!(length_code(258), 28);
        assert_eq!(dist_code(1), 0);
        assert_eq!(dist_code(4), 3);
        assert_eq!(dist_code(5), 4);
        assert_eq!(dist_code(6), 4);
        assert_eq!(dist_code(32768), 29);
        for len in 3..=258u16 {
            let c = length_code(len);
            assert!(len - LENGTH_BASE[c] < 1 << LENGTH_EXTRA[c], "len {len}");
        }
        for dist in 1..=32768u32 {
            let c = dist_code(dist as u16);
            assert!(
                dist - u32::from(DIST_BASE[c]) < 1 << DIST_EXTRA[c],
                "dist {dist}"
            );
        }
    }

    #[test]
    fn huffman_lengths_respect_the_limit_and_kraft() {
        // Fibonacci weights give the deepest possible tree.
        let mut fib = vec![1u32, 1];
        while fib.len() < 30 {
            let n = fib[fib.len() - 1] + fib[fib.len() - 2];
            fib.push(n);
        }
        for limit in [7u8, 9, 15] {
            let lengths = huffman_lengths(&fib, limit);
            assert!(lengths.iter().all(|&l| (1..=limit).contains(&l)));
            let kraft: f64 = lengths.iter().map(|&l| 0.5f64.powi(i32::from(l))).sum();
            assert!((kraft - 1.0).abs() < 1e-12, "complete code, got {kraft}");
        }
        // One used symbol still yields a complete two-symbol code.
        let lengths = huffman_lengths(&[0, 0, 5, 0], 7);
        assert_eq!(lengths.iter().filter(|&&l| l == 1).count(), 2);
        assert_eq!(lengths[2], 1);
        // Nothing used at all.
        assert_eq!(huffman_lengths(&[0, 0, 0], 7), vec![1, 1, 0]);
    }

    #[test]
    fn run_length_expands_back_to_the_input() {
        let mut lengths = vec![0u8; 150];
        lengths.extend([8; 20]);
        lengths.extend([0, 0, 7, 7, 7, 0, 0, 0, 0, 0, 5]);
        let items = run_length(&lengths);
        let mut back: Vec<u8> = Vec::new();
        for (symbol, extra) in items {
            match symbol {
                16 => {
                    let prev = *back.last().expect("16 follows a length");
                    back.extend(std::iter::repeat_n(prev, 3 + extra as usize));
                }
                17 => back.extend(std::iter::repeat_n(0, 3 + extra as usize)),
                18 => back.extend(std::iter::repeat_n(0, 11 + extra as usize)),
                l => back.push(l),
            }
        }
        assert_eq!(back, lengths);
    }

    #[test]
    fn round_trips_edge_cases() {
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            vec![0],
            vec![7; 1],
            vec![7; 3],
            vec![7; 259],
            vec![0; 100_000],
            b"abcabcabcabcabcabcabc".to_vec(),
            (0..=255).collect(),
            (0..70_000u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ];
        for data in cases {
            let raw = deflate(&data);
            assert_eq!(
                inflate(&raw).expect("valid stream"),
                data,
                "len {}",
                data.len()
            );
            let z = zlib_compress(&data);
            assert_eq!(zlib_decompress(&z).expect("valid zlib"), data);
        }
    }

    #[test]
    fn long_runs_compress_hard() {
        let data = vec![42u8; 1 << 20];
        let raw = deflate(&data);
        assert!(
            raw.len() < 2_000,
            "1 MiB of one byte took {} bytes",
            raw.len()
        );
    }

    #[test]
    fn incompressible_data_is_stored_with_little_overhead() {
        let mut rng = crate::inflate_for_tests::XorShift(0x9E37_79B9_7F4A_7C15);
        let data: Vec<u8> = (0..200_000).map(|_| rng.next() as u8).collect();
        let raw = deflate(&data);
        assert!(
            raw.len() < data.len() + data.len() / 1000 + 64,
            "{} bytes",
            raw.len()
        );
        assert_eq!(inflate(&raw).expect("valid"), data);
    }

    /// Property: random inputs from several generators (uniform, a small
    /// alphabet, runs and copies of earlier pieces) survive a round trip
    /// through an independent inflater.
    #[test]
    fn random_inputs_round_trip() {
        let mut rng = crate::inflate_for_tests::XorShift(0x1234_5678_9ABC_DEF1);
        for case in 0..300 {
            let len = match case % 4 {
                0 => (rng.next() % 64) as usize,
                1 => (rng.next() % 2_000) as usize,
                2 => (rng.next() % 40_000) as usize,
                _ => (rng.next() % 120_000) as usize,
            };
            let alphabet = 1 + (rng.next() % 256) as u32;
            let mut data = Vec::with_capacity(len);
            while data.len() < len {
                match rng.next() % 4 {
                    0 | 1 => data.push((rng.next() as u32 % alphabet) as u8),
                    2 => {
                        let byte = (rng.next() as u32 % alphabet) as u8;
                        let run = (rng.next() % 300) as usize;
                        data.extend(std::iter::repeat_n(byte, run));
                    }
                    _ if !data.is_empty() => {
                        let back = 1 + (rng.next() as usize % data.len().min(40_000));
                        let n = (rng.next() % 400) as usize;
                        let start = data.len() - back;
                        for k in 0..n {
                            data.push(data[start + k]);
                        }
                    }
                    _ => {}
                }
            }
            data.truncate(len);
            let raw = deflate(&data);
            assert_eq!(inflate(&raw).expect("valid stream"), data, "case {case}");
        }
    }

    /// Cross-check with a decoder we did not write: Python's zlib.
    #[test]
    fn python_zlib_accepts_our_streams() {
        let python = std::process::Command::new("python3")
            .arg("--version")
            .output();
        if python.is_err() {
            eprintln!("python3 not found; skipping the cross-check");
            return;
        }
        let mut rng = crate::inflate_for_tests::XorShift(77);
        let mut data: Vec<u8> =
            b"The pool pays its members by the blocks they produce. ".repeat(40);
        data.extend((0..5_000).map(|_| (rng.next() % 7) as u8));
        data.extend(vec![9u8; 70_000]);
        data.extend((0..3_000).map(|_| rng.next() as u8));
        let dir = std::env::temp_dir().join(format!("pool-plot-zlib-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("data.z");
        std::fs::write(&path, zlib_compress(&data)).expect("write");
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg("import sys, zlib; sys.stdout.buffer.write(zlib.decompress(open(sys.argv[1], 'rb').read()))")
            .arg(&path)
            .output()
            .expect("run python3");
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, data);
    }
}
