//! The digest's chart as a PNG, drawn here pixel by pixel: Gmail, Outlook, Naver and Daum do
//! not show SVG in mail, but every client shows an inline PNG referenced by `cid:`. The image
//! holds only bars, a baseline and digits (a built-in 3×5 pixel font), so it needs no font
//! file; every word (legend, title, the numbers for screen readers) stays in the HTML, where
//! the reader's own fonts render any language. Pure: days in, PNG bytes out.

use crate::digest::report::Day;

/// The Content-ID the digest's HTML refers to (`<img src="cid:…">`).
pub const CHART_CID: &str = "chart.digest@qmark";
pub const WIDTH: usize = 680;
pub const HEIGHT: usize = 200;
/// The bar colours, also used by the HTML legend.
pub const NEW_COLOUR: [u8; 3] = [0x4a, 0x78, 0xc2];
pub const ANSWERED_COLOUR: [u8; 3] = [0x3f, 0x9e, 0x50];

const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
const AXIS: [u8; 3] = [0x99, 0x99, 0x99];
const GRID: [u8; 3] = [0xe6, 0xe6, 0xe6];
const LABEL: [u8; 3] = [0x55, 0x55, 0x55];
const LEFT: usize = 36;
const RIGHT: usize = 8;
const TOP: usize = 16;
const BOTTOM: usize = 24;
/// Each font pixel is drawn as a SCALE × SCALE square.
const SCALE: usize = 2;

/// An RGB picture.
struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: usize, height: usize) -> Canvas {
        Canvas {
            width,
            height,
            pixels: WHITE.repeat(width * height),
        }
    }

    /// Fill a rectangle, clipped to the canvas.
    fn fill(&mut self, x: usize, y: usize, w: usize, h: usize, colour: [u8; 3]) {
        for row in y..(y + h).min(self.height) {
            for col in x..(x + w).min(self.width) {
                let i = (row * self.width + col) * 3;
                if let Some(px) = self.pixels.get_mut(i..i + 3) {
                    px.copy_from_slice(&colour);
                }
            }
        }
    }

    /// Digits and `-` in the built-in font, left edge at `x`, top at `y`.
    fn text(&mut self, x: usize, y: usize, s: &str, colour: [u8; 3]) {
        for (i, c) in s.chars().enumerate() {
            let Some(rows) = glyph(c) else { continue };
            let gx = x + i * 4 * SCALE;
            for (r, bits) in rows.iter().enumerate() {
                for col in 0..3 {
                    if bits & (0b100 >> col) != 0 {
                        self.fill(gx + col * SCALE, y + r * SCALE, SCALE, SCALE, colour);
                    }
                }
            }
        }
    }
}

/// The width in pixels of `s` in the built-in font.
fn text_width(s: &str) -> usize {
    (s.chars().count() * 4).saturating_sub(1) * SCALE
}

/// A 3×5 glyph, one row per entry, the high bit on the left.
fn glyph(c: char) -> Option<[u8; 5]> {
    Some(match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b111, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        '-' => [0b000, 0b000, 0b111, 0b000, 0b000],
        _ => return None,
    })
}

/// The chart of new cases against first answers per day, as PNG bytes.
pub fn chart_png(days: &[Day]) -> Vec<u8> {
    let mut c = Canvas::new(WIDTH, HEIGHT);
    let max = days
        .iter()
        .map(|d| d.intake.max(d.answered))
        .max()
        .unwrap_or(0)
        .max(1);
    let base = HEIGHT - BOTTOM;
    let plot = base - TOP;
    // The top grid line carries the largest count, the baseline zero.
    c.fill(LEFT, TOP, WIDTH - LEFT - RIGHT, 1, GRID);
    c.fill(LEFT, base, WIDTH - LEFT - RIGHT, 1, AXIS);
    let top_label = max.to_string();
    c.text(
        LEFT.saturating_sub(6 + text_width(&top_label)),
        TOP.saturating_sub(4),
        &top_label,
        LABEL,
    );
    c.text(
        LEFT.saturating_sub(6 + text_width("0")),
        base - 9,
        "0",
        LABEL,
    );
    let n = days.len().max(1);
    let slot = (WIDTH - LEFT - RIGHT) / n;
    let bar = (slot.saturating_sub(8) / 2).max(1);
    for (i, d) in days.iter().enumerate() {
        let x = LEFT + i * slot + 4;
        let hi = d.intake * plot / max;
        let ha = d.answered * plot / max;
        c.fill(x, base - hi, bar, hi, NEW_COLOUR);
        c.fill(x + bar, base - ha, bar, ha, ANSWERED_COLOUR);
        if i % 2 == 0 || n <= 7 {
            let w = text_width(&d.date);
            c.text((x + bar).saturating_sub(w / 2), base + 6, &d.date, LABEL);
        }
    }
    encode(&c)
}

/// The chart as the inline image of a digest or report mail.
pub fn inline(days: &[Day]) -> crate::mail::compose::Inline {
    crate::mail::compose::Inline {
        cid: CHART_CID.into(),
        content_type: "image/png",
        bytes: chart_png(days),
    }
}

/// A minimal PNG: 8-bit RGB, one zlib stream, no filter.
fn encode(c: &Canvas) -> Vec<u8> {
    let mut raw = Vec::with_capacity(c.height * (c.width * 3 + 1));
    for row in c.pixels.chunks(c.width * 3) {
        raw.push(0); // filter type: none
        raw.extend_from_slice(row);
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&u32::try_from(c.width).unwrap_or(0).to_be_bytes());
    ihdr.extend_from_slice(&u32::try_from(c.height).unwrap_or(0).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // depth 8, RGB, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 9),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// The chart's words for those who cannot see it (the `alt` text): "11-26: 2 new, 1 answered;
/// …", every day.
pub fn alt_text(days: &[Day]) -> String {
    let each: Vec<String> = days
        .iter()
        .map(|d| format!("{}: {} new, {} answered", d.date, d.intake, d.answered))
        .collect();
    format!("New and answered cases per day. {}", each.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days() -> Vec<Day> {
        (0..14)
            .map(|i| Day {
                date: format!("12-{:02}", i + 1),
                intake: i % 5,
                answered: i % 3,
            })
            .collect()
    }

    /// Decode our own PNG back to pixels (one IDAT, filter 0), to look at what was drawn.
    fn decode(png: &[u8]) -> (usize, usize, Vec<u8>) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        let mut i = 8;
        let (mut w, mut h, mut idat) = (0, 0, Vec::new());
        while i + 8 <= png.len() {
            let len = u32::from_be_bytes(png[i..i + 4].try_into().expect("4 bytes")) as usize;
            let kind = &png[i + 4..i + 8];
            let data = &png[i + 8..i + 8 + len];
            let crc =
                u32::from_be_bytes(png[i + 8 + len..i + 12 + len].try_into().expect("4 bytes"));
            let mut h32 = crc32fast::Hasher::new();
            h32.update(kind);
            h32.update(data);
            assert_eq!(h32.finalize(), crc, "chunk CRC");
            match kind {
                b"IHDR" => {
                    w = u32::from_be_bytes(data[0..4].try_into().expect("4")) as usize;
                    h = u32::from_be_bytes(data[4..8].try_into().expect("4")) as usize;
                    assert_eq!(&data[8..10], &[8, 2], "8-bit RGB");
                }
                b"IDAT" => idat.extend_from_slice(data),
                _ => {}
            }
            i += 12 + len;
        }
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&idat).expect("valid zlib");
        assert_eq!(raw.len(), h * (w * 3 + 1));
        let pixels = raw
            .chunks(w * 3 + 1)
            .flat_map(|row| {
                assert_eq!(row[0], 0, "filter none");
                row[1..].to_vec()
            })
            .collect();
        (w, h, pixels)
    }

    fn count(pixels: &[u8], colour: [u8; 3]) -> usize {
        pixels.chunks(3).filter(|p| *p == colour).count()
    }

    #[test]
    fn the_chart_is_a_valid_png_whose_bars_match_the_counts() {
        let png = chart_png(&days());
        let (w, h, pixels) = decode(&png);
        assert_eq!((w, h), (WIDTH, HEIGHT));
        assert!(
            png.len() < 20_000,
            "small enough for mail: {} bytes",
            png.len()
        );
        // Bar area is proportional to the counts: the total heights of each colour's bars.
        let slot = (WIDTH - LEFT - RIGHT) / 14;
        let bar = (slot - 8) / 2;
        let plot = HEIGHT - BOTTOM - TOP;
        let max = 4;
        let new_area: usize = days().iter().map(|d| d.intake * plot / max * bar).sum();
        let answered_area: usize = days().iter().map(|d| d.answered * plot / max * bar).sum();
        assert_eq!(count(&pixels, NEW_COLOUR), new_area);
        assert_eq!(count(&pixels, ANSWERED_COLOUR), answered_area);
        assert!(count(&pixels, LABEL) > 0, "the labels are drawn");
    }

    #[test]
    fn no_days_or_no_cases_still_draw_an_empty_chart() {
        for d in [
            Vec::new(),
            vec![Day {
                date: "12-01".into(),
                intake: 0,
                answered: 0,
            }],
        ] {
            let (w, h, pixels) = decode(&chart_png(&d));
            assert_eq!((w, h), (WIDTH, HEIGHT));
            assert_eq!(
                count(&pixels, NEW_COLOUR) + count(&pixels, ANSWERED_COLOUR),
                0
            );
        }
    }

    #[test]
    fn the_alt_text_gives_every_day_s_numbers() {
        let alt = alt_text(&days()[..2]);
        assert_eq!(
            alt,
            "New and answered cases per day. 12-01: 0 new, 0 answered; 12-02: 1 new, 1 answered"
        );
    }
}
