//! Small text helpers every stage uses: reading a file's bytes as text,
//! finding the line a setting is on, and suggesting the nearest known word
//! for a misspelt one.

/// Decodes UTF-8, dropping a byte-order mark and turning CRLF and a lone CR
/// (which YAML and CommonMark also read as a line end) into LF. On
/// failure returns the 1-based line and column of the first bad byte.
pub fn decode_utf8(bytes: &[u8]) -> Result<String, (usize, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(if s.contains('\r') {
            s.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            s.to_string()
        }),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err((line, column))
        }
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// 1-based line of the first line containing `needle`.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// 1-based line where the YAML key `key` is set: `key:` at the start of a
/// line after its indentation (or after a list's `- `), followed by a space
/// or the end of the line. A comment, a value or a longer key
/// (`county_name:`) that holds the word is not it.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("- ").map_or(l, str::trim_start);
            let l = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| l.strip_prefix(&format!("'{key}'")));
            l.and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_where_it_is_set_not_in_a_comment_or_a_longer_key() {
        let text = "# county: skriv fylket her\nhelp:\n  county_name: x\n  text: county: nei\n  county: vestland\n";
        assert_eq!(line_of(text, "county"), Some(1), "the substring search");
        assert_eq!(key_line(text, "county"), Some(5));
        assert_eq!(key_line("a:\n  - 'b': 1\n", "b"), Some(2));
        assert_eq!(key_line("help:\n  county:\n    x\n", "county"), Some(2));
        assert_eq!(key_line("countyx: 1\n", "county"), None);
    }
}
