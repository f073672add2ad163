//! HTML escaping for text and double-quoted attributes, used wherever stegvis
//! writes HTML or XML by hand (Markdown bodies, the search index, the Atom
//! feed).

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Copies the runs between special bytes whole (they are ASCII, so byte
    // positions are always character boundaries).
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}
