//! The built-in bitmap font: 5x7 glyphs (with two descender rows) for the
//! printable ASCII range 32..=126, drawn at an integer scale.
//!
//! The glyphs are kept as ASCII art, a band of [`PER_BAND`] characters at a
//! time, so that they can be read and corrected by eye; a `const` parser
//! turns them into bit rows at compile time and fails the build if a band is
//! malformed or its label line names the wrong characters.

/// Glyph width in pixels (before scaling).
pub const GLYPH_W: u32 = 5;
/// Cap height: rows 0..7 sit on or above the baseline.
pub const CAP_H: u32 = 7;
/// Full cell height including the two descender rows (g, j, p, q, y, `,`).
pub const GLYPH_H: u32 = 9;
/// Horizontal advance per character: the glyph plus one column of spacing.
pub const ADVANCE: u32 = GLYPH_W + 1;

const FIRST: u8 = 32;
const COUNT: usize = 95;
const PER_BAND: usize = 12;

/// One band per line group: a label line naming the characters (each at the
/// first column of its cell), then nine pixel rows, `#` for ink.
const ART: &[&str] = &[
    r#"      !     "     #     $     %     &     '     (     )     *     +"#,
    r#"..... ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#. .#... ..... ....."#,
    r#"..... ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#.. ..#.. ..#.. ..#.."#,
    r#"..... ..#.. .#.#. ##### #.#.. ...#. #.#.. .#... .#... ...#. #.#.# ..#.."#,
    r#"..... ..#.. ..... .#.#. .###. ..#.. .#... ..... .#... ...#. .###. #####"#,
    r#"..... ..#.. ..... ##### ..#.# .#... #.#.# ..... .#... ...#. #.#.# ..#.."#,
    r#"..... ..... ..... .#.#. ####. #..## #..#. ..... ..#.. ..#.. ..#.. ..#.."#,
    r#"..... ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#. .#... ..... ....."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#",     -     .     /     0     1     2     3     4     5     6     7"#,
    r#"..... ..... ..... ..... .###. ..#.. .###. ##### ...#. ##### ..##. #####"#,
    r#"..... ..... ..... ....# #...# .##.. #...# ...#. ..##. #.... .#... ....#"#,
    r#"..... ..... ..... ...#. #..## ..#.. ....# ..#.. .#.#. ####. #.... ...#."#,
    r#"..... .###. ..... ..#.. #.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#.."#,
    r#"..... ..... ..... .#... ##..# ..#.. ..#.. ....# ##### ....# #...# .#..."#,
    r#".##.. ..... .##.. #.... #...# ..#.. .#... #...# ...#. #...# #...# .#..."#,
    r#"..#.. ..... .##.. ..... .###. .###. ##### .###. ...#. .###. .###. .#..."#,
    r#".#... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"8     9     :     ;     <     =     >     ?     @     A     B     C"#,
    r#".###. .###. ..... ..... ...#. ..... .#... .###. .###. .###. ####. .###."#,
    r#"#...# #...# .##.. .##.. ..#.. ..... ..#.. #...# #...# #...# #...# #...#"#,
    r#"#...# #...# .##.. .##.. .#... ##### ...#. ....# ....# #...# #...# #...."#,
    r#".###. .#### ..... ..... #.... ..... ....# ...#. .##.# ##### ####. #...."#,
    r#"#...# ....# .##.. .##.. .#... ##### ...#. ..#.. #.#.# #...# #...# #...."#,
    r#"#...# ...#. .##.. ..#.. ..#.. ..... ..#.. ..... #.#.# #...# #...# #...#"#,
    r#".###. .##.. ..... .#... ...#. ..... .#... ..#.. .###. #...# ####. .###."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"D     E     F     G     H     I     J     K     L     M     N     O"#,
    r#"###.. ##### ##### .###. #...# .###. ..### #...# #.... #...# #...# .###."#,
    r#"#..#. #.... #.... #...# #...# ..#.. ...#. #..#. #.... ##.## #...# #...#"#,
    r#"#...# #.... #.... #.... #...# ..#.. ...#. #.#.. #.... #.#.# ##..# #...#"#,
    r#"#...# ####. ####. #.### ##### ..#.. ...#. ##... #.... #.#.# #.#.# #...#"#,
    r#"#...# #.... #.... #...# #...# ..#.. ...#. #.#.. #.... #...# #..## #...#"#,
    r#"#..#. #.... #.... #...# #...# ..#.. #..#. #..#. #.... #...# #...# #...#"#,
    r#"###.. ##### #.... .#### #...# .###. .##.. #...# ##### #...# #...# .###."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"P     Q     R     S     T     U     V     W     X     Y     Z     ["#,
    r#"####. .###. ####. .#### ##### #...# #...# #...# #...# #...# ##### .###."#,
    r#"#...# #...# #...# #.... ..#.. #...# #...# #...# #...# #...# ....# .#..."#,
    r#"#...# #...# #...# #.... ..#.. #...# #...# #...# .#.#. .#.#. ...#. .#..."#,
    r#"####. #...# ####. .###. ..#.. #...# #...# #.#.# ..#.. ..#.. ..#.. .#..."#,
    r#"#.... #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#. ..#.. .#... .#..."#,
    r#"#.... #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...# ..#.. #.... .#..."#,
    r#"#.... .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...# ..#.. ##### .###."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ....."#,
    r#"\     ]     ^     _     `     a     b     c     d     e     f     g"#,
    r#"..... .###. ..#.. ..... .#... ..... #.... ..... ....# ..... ..##. ....."#,
    r#"#.... ...#. .#.#. ..... ..#.. ..... #.... ..... ....# ..... .#..# ....."#,
    r#".#... ...#. #...# ..... ...#. .###. #.##. .###. .##.# .###. .#... .####"#,
    r#"..#.. ...#. ..... ..... ..... ....# ##..# #.... #..## #...# ###.. #...#"#,
    r#"...#. ...#. ..... ..... ..... .#### #...# #.... #...# ##### .#... #...#"#,
    r#"....# ...#. ..... ..... ..... #...# #...# #...# #...# #.... .#... #...#"#,
    r#"..... .###. ..... ..... ..... .#### ####. .###. .#### .###. .#... .####"#,
    r#"..... ..... ..... ##### ..... ..... ..... ..... ..... ..... ..... ....#"#,
    r#"..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .###."#,
    r#"h     i     j     k     l     m     n     o     p     q     r     s"#,
    r#"#.... ..#.. ...#. #.... .##.. ..... ..... ..... ..... ..... ..... ....."#,
    r#"#.... ..... ..... #.... ..#.. ..... ..... ..... ..... ..... ..... ....."#,
    r#"#.##. .##.. ..##. #..#. ..#.. ##.#. #.##. .###. ####. .#### #.##. .####"#,
    r#"##..# ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...# #...# #...# ##..# #...."#,
    r#"#...# ..#.. ...#. ##... ..#.. #.#.# #...# #...# #...# #...# #.... .###."#,
    r#"#...# ..#.. ...#. #.#.. ..#.. #.#.# #...# #...# #...# #...# #.... ....#"#,
    r#"#...# .###. ...#. #..#. .###. #.#.# #...# .###. ####. .#### #.... ####."#,
    r#"..... ..... #..#. ..... ..... ..... ..... ..... #.... ....# ..... ....."#,
    r#"..... ..... .##.. ..... ..... ..... ..... ..... #.... ....# ..... ....."#,
    r#"t     u     v     w     x     y     z     {     |     }     ~"#,
    r#".#... ..... ..... ..... ..... ..... ..... ...## ..#.. ##... ....."#,
    r#".#... ..... ..... ..... ..... ..... ..... ..#.. ..#.. ..#.. ....."#,
    r#"###.. #...# #...# #...# #...# #...# ##### ..#.. ..#.. ..#.. .#..."#,
    r#".#... #...# #...# #...# .#.#. #...# ...#. .#... ..#.. ...#. #.#.#"#,
    r#".#... #...# #...# #.#.# ..#.. #...# ..#.. ..#.. ..#.. ..#.. ...#."#,
    r#".#..# #..## .#.#. #.#.# .#.#. #...# .#... ..#.. ..#.. ..#.. ....."#,
    r#"..##. .##.# ..#.. .#.#. #...# .#### ##### ...## ..#.. ##... ....."#,
    r#"..... ..... ..... ..... ..... ....# ..... ..... ..... ..... ....."#,
    r#"..... ..... ..... ..... ..... .###. ..... ..... ..... ..... ....."#,
];

/// Each glyph as nine rows; bit 4 of a row is the leftmost pixel.
static GLYPHS: [[u8; GLYPH_H as usize]; COUNT] = parse(ART);

const fn parse(art: &[&str]) -> [[u8; GLYPH_H as usize]; COUNT] {
    let lines_per_band = 1 + GLYPH_H as usize;
    assert!(art.len() == COUNT.div_ceil(PER_BAND) * lines_per_band);
    let mut glyphs = [[0u8; GLYPH_H as usize]; COUNT];
    let mut index = 0;
    while index < COUNT {
        let band = index / PER_BAND;
        let cell = (index % PER_BAND) * (GLYPH_W as usize + 1);
        let label = art[band * lines_per_band].as_bytes();
        assert!(
            label[cell] == FIRST + index as u8,
            "font band label out of order"
        );
        let mut row = 0;
        while row < GLYPH_H as usize {
            let line = art[band * lines_per_band + 1 + row].as_bytes();
            let mut bits = 0u8;
            let mut col = 0;
            while col < GLYPH_W as usize {
                bits <<= 1;
                match line[cell + col] {
                    b'#' => bits |= 1,
                    b'.' => {}
                    _ => panic!("font art may only contain '#' and '.'"),
                }
                col += 1;
            }
            glyphs[index][row] = bits;
            row += 1;
        }
        index += 1;
    }
    glyphs
}

/// The rows of `c`'s glyph; characters outside printable ASCII draw as `?`
/// so that a stray non-ASCII name stays visible instead of vanishing.
pub fn glyph(c: char) -> &'static [u8; GLYPH_H as usize] {
    let code = c as u32;
    let index = if (FIRST as u32..FIRST as u32 + COUNT as u32).contains(&code) {
        (code - FIRST as u32) as usize
    } else {
        (b'?' - FIRST) as usize
    };
    &GLYPHS[index]
}

/// Whether pixel (`x`, `y`) of `c`'s glyph is ink.
pub fn ink(c: char, x: u32, y: u32) -> bool {
    x < GLYPH_W && y < GLYPH_H && glyph(c)[y as usize] & (1 << (GLYPH_W - 1 - x)) != 0
}

/// Width in pixels of `text` drawn at `scale` (no trailing spacing column).
pub fn text_width(text: &str, scale: u32) -> u32 {
    let n = text.chars().count() as u32;
    if n == 0 {
        0
    } else {
        (n * ADVANCE - 1) * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(c: char) -> Vec<String> {
        (0..GLYPH_H)
            .map(|y| {
                (0..GLYPH_W)
                    .map(|x| if ink(c, x, y) { '#' } else { '.' })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn glyphs_are_where_their_labels_say() {
        assert_eq!(
            render('A')[..CAP_H as usize],
            [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]
        );
        assert_eq!(render('g')[7..], ["....#", ".###."]);
        assert_eq!(render('~')[3], "#.#.#");
        assert!(render(' ').iter().all(|row| row == "....."));
    }

    #[test]
    fn every_visible_character_has_ink_and_space_has_none() {
        for code in 33u8..=126 {
            let c = code as char;
            let lit = (0..GLYPH_H).flat_map(|y| (0..GLYPH_W).map(move |x| (x, y)));
            assert!(
                lit.filter(|&(x, y)| ink(c, x, y)).count() > 0,
                "{c:?} is blank"
            );
        }
    }

    #[test]
    fn glyphs_are_distinct() {
        for a in 32u8..=126 {
            for b in (a + 1)..=126 {
                assert_ne!(
                    glyph(a as char),
                    glyph(b as char),
                    "{} and {}",
                    a as char,
                    b as char
                );
            }
        }
    }

    #[test]
    fn unknown_characters_draw_as_question_mark() {
        assert_eq!(glyph('é'), glyph('?'));
        assert_eq!(glyph('\n'), glyph('?'));
    }

    #[test]
    fn width_counts_characters_not_bytes() {
        assert_eq!(text_width("", 2), 0);
        assert_eq!(text_width("ab", 1), 11);
        assert_eq!(text_width("ab", 3), 33);
        assert_eq!(text_width("éé", 1), 11);
    }
}
