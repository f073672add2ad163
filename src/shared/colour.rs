//! Colour arithmetic for the site's branding: reading `#rgb`/`#rrggbb`,
//! the WCAG 2.1 contrast ratio `site.yaml`'s colours are checked against,
//! and the shades and tints the branding stylesheet derives from the
//! primary colour.

/// A colour as red, green and blue.
pub type Rgb = (u8, u8, u8);

/// WCAG AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// `#rgb` or `#rrggbb` → (r, g, b).
pub fn parse_color(s: &str) -> Option<Rgb> {
    let hex = s.trim().strip_prefix('#')?;
    let full: String = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        6 => hex.to_string(),
        _ => return None,
    };
    let v = u32::from_str_radix(&full, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// `#rrggbb`.
pub fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn luminance((r, g, b): Rgb) -> f64 {
    let ch = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

/// WCAG 2.1 contrast ratio between two colours (1.0 to 21.0).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colour with every channel scaled by `f` (towards black).
pub fn shade(c: Rgb, f: f64) -> Rgb {
    let s = |v: u8| (f64::from(v) * f) as u8;
    (s(c.0), s(c.1), s(c.2))
}

/// The colour moved the fraction `f` of the way to white.
pub fn tint(c: Rgb, f: f64) -> Rgb {
    let m = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * f) as u8;
    (m(c.0), m(c.1), m(c.2))
}

/// The colour darkened until it reaches `ratio` against `against`.
pub fn darken_until(c: Rgb, against: Rgb, ratio: f64) -> Rgb {
    let mut c = c;
    for _ in 0..100 {
        if contrast(c, against) >= ratio {
            break;
        }
        c = shade(c, 0.95);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratios() {
        let white = (255, 255, 255);
        assert!((contrast((0, 0, 0), white) - 21.0).abs() < 0.01);
        assert!((contrast(parse_color("#0062ba").unwrap(), white) - 6.2).abs() < 0.2);
        assert!(contrast(parse_color("#fff").unwrap(), white) < 1.01);
    }

    #[test]
    fn shades_and_tints() {
        let p = parse_color("#0062ba").unwrap();
        assert_eq!(hex(shade(p, 0.5)), "#00315d");
        assert_eq!(hex(tint(p, 0.9)), "#e5eff8");
        assert_eq!(tint(p, 0.0), p);
        assert_eq!(shade(p, 1.0), p);
        assert!(
            contrast(
                darken_until((200, 200, 200), (255, 255, 255), MIN_CONTRAST),
                (255, 255, 255)
            ) >= MIN_CONTRAST
        );
        assert_eq!(parse_color("#abc"), Some((0xaa, 0xbb, 0xcc)));
        assert_eq!(parse_color("abc"), None);
        assert_eq!(parse_color("#abcd"), None);
    }
}
