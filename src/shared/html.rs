//! HTML escaping for text and double-quoted attributes, used wherever stegvis
//! writes HTML or XML by hand (Markdown bodies, the search index, the Atom
//! feed) and as tera's escape function (src/render).
//!
//! The escaping is `pulldown_cmark_escape::escape_html`, which pulldown-cmark
//! already brings into the build: it replaces exactly `&` `<` `>` `"` `'` by
//! `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, the bytes stegvis wrote by hand
//! before (checked in 0.11, and by the tests below). Not tera's own
//! `escape_html`: it also writes `/` as `&#x2F;`, which bloats every URL,
//! and `'` as `&#x27;`.

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn the_five_special_characters_and_nothing_else() {
        assert_eq!(
            escape(r#"a<b & "c" 'd' >"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt;"
        );
        assert_eq!(escape("&amp;"), "&amp;amp;", "escaped again, not kept");
        let plain = "Æ ø å § / = ` \u{1} \u{feff} 🗓 – «sitat»";
        assert_eq!(escape(plain), plain);
        assert_eq!(escape(""), "");
    }

    /// Every character escapes on its own, so an escaped string is the
    /// escaped characters one after another (checked against the table).
    #[test]
    fn agrees_with_the_table_character_by_character() {
        let text: String = (0u32..0x3000)
            .step_by(7)
            .chain([0x26, 0x3c, 0x3e, 0x22, 0x27, 0x1f5d3])
            .filter_map(char::from_u32)
            .collect();
        let by_table: String = text
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect();
        assert_eq!(escape(&text), by_table);
    }
}
