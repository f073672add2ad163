//! The raw-HTML policy: what HTML written in Markdown may contain, and which
//! link addresses are allowed.
//!
//! Two halves that share one allow-list:
//!
//! - [`scan`] reads the raw HTML an editor wrote (pulldown-cmark's `Html` and
//!   `InlineHtml` events) and names every tag, attribute and address the
//!   policy removes, with its offset, so each removal can be reported at
//!   file:line. Comments are dropped without a word (they are the editor's
//!   notes, never shown).
//! - [`clean`] runs `ammonia` (an html5ever-based sanitizer) over the rendered
//!   HTML of the blocks that hold raw HTML, which is what reaches the page.
//!   [`lost`] compares its result with the input, so a removal the scanner
//!   did not foresee (HTML the parser reads differently, say) is still
//!   reported rather than silently dropped.
//!
//! Only blocks with raw HTML are sanitized; the rest of the page is made by
//! stegvis itself and escapes everything. The allow-list therefore also
//! keeps the markup stegvis emits in a body (heading ids, checklists, code,
//! table regions, footnotes, law links).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How deep lists, block quotes and inline markup may nest in a body.
pub const MAX_DEPTH: usize = 32;

/// Elements an editor may write.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements stegvis itself puts in a body (checklists) that an editor may
/// not write: the sanitizer keeps them, the scanner reports them.
const STEGVIS_ONLY_TAGS: &[&str] = &["input", "label"];

/// Elements removed together with everything inside them.
const CONTENT_DROPPED: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "noembed", "noframes", "template", "svg", "math", "textarea", "select", "xmp", "title",
];

/// Attributes allowed on every element.
const GENERIC_ATTRS: &[&str] = &["id", "class", "title", "lang", "dir"];

/// Attributes allowed on one element.
const TAG_ATTRS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    // `{{ deadline }}` in the text: the browser recomputes it from these.
    ("time", &["datetime", "data-expr", "data-format"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("details", &["open"]),
    // What stegvis emits: table regions and code blocks are focusable.
    ("div", &["role", "tabindex", "aria-label"]),
    ("pre", &["tabindex"]),
    ("input", &["type", "checked", "data-check-id"]),
    ("label", &["for"]),
];

/// Attributes that hold an address.
const URL_ATTRS: &[&str] = &["href", "src", "cite"];

/// Classes stegvis emits in a body; `hl-…` (highlighted code) and
/// `language-…` are allowed by prefix, and headings keep any class (the
/// Markdown `## Tittel {.klasse}` syntax sets them).
const CLASSES: &[&str] = &[
    "lovhenvisning",
    "checklist",
    "task",
    "code",
    "hl-code",
    "table-scroll",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
    "align-left",
    "align-center",
    "align-right",
];

/// Address schemes a link or image may use; anything without a scheme
/// (relative, root-relative, `#anchor`) is allowed too.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

fn allowed_tag(name: &str) -> bool {
    TAGS.contains(&name)
}

fn allowed_attr(tag: &str, attr: &str) -> bool {
    GENERIC_ATTRS.contains(&attr)
        || TAG_ATTRS
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

fn allowed_class(tag: &str, class: &str) -> bool {
    CLASSES.contains(&class)
        || class.starts_with("hl-")
        || class.starts_with("language-")
        || matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether an address may stand in a link or image: http, https, mailto,
/// tel or no scheme at all. Tabs and line breaks inside and control
/// characters in front are ignored first, as browsers do
/// (`java\tscript:` is `javascript:`).
pub fn url_allowed(url: &str) -> bool {
    match url_scheme(url) {
        None => true,
        Some(s) => URL_SCHEMES.contains(&s.as_str()),
    }
}

/// The scheme of an address in lower case, if it has one.
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

/// One thing the policy removes from an editor's raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// Byte offset in the scanned text.
    pub offset: usize,
    pub message: String,
    pub hint: &'static str,
}

const HINT_TAG: &str = "bruk Markdown i stedet; tillatt HTML er tabeller, details/summary, abbr, sup/sub, br og enkel tekstformatering (se redaktørveiledningen)";
const HINT_SCRIPT: &str = "skript, innebygde rammer, objekter og skjemaer kan ikke stå i innholdet; lenk til siden i stedet, eller sett `trust_html: true` i site.yaml hvis alle redaktører er til å stole på";
const HINT_ATTR: &str = "fjern attributtet; utseende styres av temaet, ikke av HTML i teksten";
const HINT_URL: &str =
    "lenker og bilder kan bare bruke http:, https:, mailto:, tel: eller en relativ adresse";

/// A tag as the scanner reads it.
struct RawTag<'a> {
    start: usize,
    /// Offset just past the closing `>`.
    end: usize,
    name: String,
    closing: bool,
    self_closing: bool,
    /// (name in lower case, value with entities decoded, offset of the name)
    attrs: Vec<(String, String, usize)>,
    _src: &'a str,
}

/// Reads the tags of an HTML text in order: comments, declarations and
/// processing instructions are skipped, and so is the content of the
/// elements whose content is raw text (script, style, …).
fn tags(html: &str) -> Vec<RawTag<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        i = start + 1;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = match html[start + 4..].find("-->") {
                Some(e) => start + 4 + e + 3,
                None => html.len(),
            };
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = html[start..]
                .find('>')
                .map_or(html.len(), |e| start + e + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut j = name_start;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        // Attributes, until `>`.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                if b[j] == b'/' && b.get(j + 1) == Some(&b'>') {
                    self_closing = true;
                }
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let an = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/' | b'=')
                || j == an && j < b.len() && b[j] == b'='
            {
                j += 1;
            }
            let attr = html[an..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let vs = j + 1;
                        let ve = html[vs..].find(q as char).map_or(html.len(), |e| vs + e);
                        value = decode_entities(&html[vs..ve]);
                        j = (ve + 1).min(html.len());
                    }
                    _ => {
                        let vs = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = decode_entities(&html[vs..j]);
                    }
                }
            }
            attrs.push((attr, value, an));
        }
        let end = (j + 1).min(html.len());
        i = end;
        let raw_text = !closing && CONTENT_DROPPED.contains(&name.as_str()) && !self_closing;
        out.push(RawTag {
            start,
            end,
            name: name.clone(),
            closing,
            self_closing,
            attrs,
            _src: html,
        });
        if raw_text {
            // Skip to the matching end tag: its content is not markup. An
            // element never closed runs to the end, so each byte is looked
            // at once.
            i = find_end_tag(html, i, &name).unwrap_or(html.len());
        }
    }
    out
}

/// Where `</name` (any case) next starts at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = from;
    while let Some(rel) = html.get(i..)?.find("</") {
        let at = i + rel;
        let n = at + 2;
        if b.get(n..n + name.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
        {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// Decodes the character references an attribute value may hide a scheme
/// behind (`&#106;avascript:`, `&colon;`).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (decoded, used) = decode_one(rest);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(s: &str) -> (Option<char>, usize) {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let len = digits
            .bytes()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if len == 0 {
            return (None, 0);
        }
        let v = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 }).ok();
        let mut used = 1 + 1 + usize::from(hex) + len;
        if s[used..].starts_with(';') {
            used += 1;
        }
        return (v.and_then(char::from_u32).or(Some('\u{fffd}')), used);
    }
    for (name, c) in [
        ("colon;", ':'),
        ("tab;", '\t'),
        ("newline;", '\n'),
        ("amp;", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("sol;", '/'),
    ] {
        if body
            .get(..name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name))
        {
            return (Some(c), 1 + name.len());
        }
    }
    (None, 0)
}

/// Everything the policy removes from raw HTML an editor wrote, in order.
pub fn scan(raw: &str) -> Vec<Removal> {
    let mut out = Vec::new();
    for t in tags(raw) {
        if t.closing {
            continue;
        }
        let name = t.name.as_str();
        if CONTENT_DROPPED.contains(&name) {
            out.push(Removal {
                offset: t.start,
                message: format!(
                    "HTML-elementet `<{name}>` er ikke tillatt og er fjernet med alt innholdet"
                ),
                hint: HINT_SCRIPT,
            });
            continue;
        }
        if !allowed_tag(name) {
            let forms = [
                "form", "input", "button", "label", "option", "optgroup", "fieldset", "legend",
                "output", "datalist",
            ];
            out.push(Removal {
                offset: t.start,
                message: format!("HTML-elementet `<{name}>` er ikke tillatt og er fjernet (teksten inni står igjen)"),
                hint: if forms.contains(&name) || STEGVIS_ONLY_TAGS.contains(&name) {
                    HINT_SCRIPT
                } else {
                    HINT_TAG
                },
            });
            continue;
        }
        for (attr, value, at) in &t.attrs {
            if !allowed_attr(name, attr) {
                let (message, hint) = if attr.starts_with("on") {
                    (
                        format!("hendelsesattributtet `{attr}` på `<{name}>` er fjernet (det kan kjøre skript)"),
                        HINT_SCRIPT,
                    )
                } else if attr == "style" {
                    (
                        format!("`style`-attributtet på `<{name}>` er fjernet"),
                        HINT_ATTR,
                    )
                } else {
                    (
                        format!("attributtet `{attr}` på `<{name}>` er ikke tillatt og er fjernet"),
                        HINT_ATTR,
                    )
                };
                out.push(Removal {
                    offset: *at,
                    message,
                    hint,
                });
            } else if URL_ATTRS.contains(&attr.as_str()) && !url_allowed(value) {
                out.push(Removal {
                    offset: *at,
                    message: format!(
                        "adressen `{}` i `{attr}` på `<{name}>` er fjernet",
                        shorten(value)
                    ),
                    hint: HINT_URL,
                });
            } else if attr == "class" {
                let bad: Vec<&str> = value
                    .split_ascii_whitespace()
                    .filter(|c| !allowed_class(name, c))
                    .collect();
                if !bad.is_empty() {
                    out.push(Removal {
                        offset: *at,
                        message: format!(
                            "klassen `{}` på `<{name}>` er ikke tillatt og er fjernet",
                            bad.join(" ")
                        ),
                        hint: "klasser i innholdet er bare de stegvis selv bruker; utseende styres av temaet",
                    });
                }
            }
        }
        let _ = (t.end, t.self_closing);
    }
    out
}

/// The address as it can be shown in a message: at most 60 characters.
pub fn shorten(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(59).collect::<String>())
    }
}

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Tracks which elements raw HTML leaves open, so a sanitized region can
/// run until they are closed (`<details>` in one HTML block, Markdown, and
/// `</details>` in another).
/// Elements nested deeper than [`MAX_DEPTH`] are not
/// tracked (the page is refused as too deep), so each tag costs at most
/// that many comparisons.
#[derive(Debug, Default)]
pub struct OpenElements {
    open: Vec<String>,
    too_deep: bool,
}

impl OpenElements {
    pub fn feed(&mut self, raw: &str) {
        for t in tags(raw) {
            if t.closing {
                if let Some(pos) = self.open.iter().rposition(|n| *n == t.name) {
                    self.open.truncate(pos);
                }
            } else if !t.self_closing && !VOID.contains(&t.name.as_str()) {
                if self.open.len() >= MAX_DEPTH {
                    self.too_deep = true;
                } else {
                    self.open.push(t.name);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// Whether raw HTML ever opened more than `MAX_DEPTH` elements at once.
    pub fn too_deep(&self) -> bool {
        self.too_deep
    }
}

fn builder() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        let tags: HashSet<&str> = TAGS.iter().chain(STEGVIS_ONLY_TAGS).copied().collect();
        let mut tag_attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
        for (t, attrs) in TAG_ATTRS {
            tag_attrs
                .entry(t)
                .or_default()
                .extend(attrs.iter().copied());
        }
        b.tags(tags)
            .clean_content_tags(CONTENT_DROPPED.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRS.iter().copied().collect())
            .tag_attributes(tag_attrs)
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .strip_comments(true)
            .attribute_filter(|element, attribute, value| match attribute {
                "class" => {
                    let kept: Vec<&str> = value
                        .split_ascii_whitespace()
                        .filter(|c| allowed_class(element, c))
                        .collect();
                    if kept.is_empty() {
                        None
                    } else {
                        Some(Cow::Owned(kept.join(" ")))
                    }
                }
                "type" if element == "input" => {
                    (value == "checkbox").then_some(Cow::Borrowed(value))
                }
                _ => Some(Cow::Borrowed(value)),
            });
        b
    })
}

/// The HTML with everything outside the policy removed.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

/// What survives of an HTML text under the policy, counted: each allowed
/// element, and each allowed attribute on it (with an allowed address).
fn inventory(html: &str) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in tags(html) {
        let name = t.name.as_str();
        if t.closing || !(allowed_tag(name) || STEGVIS_ONLY_TAGS.contains(&name)) {
            continue;
        }
        *counts.entry(t.name.clone()).or_default() += 1;
        for (attr, value, _) in &t.attrs {
            let url_ok = !URL_ATTRS.contains(&attr.as_str()) || url_allowed(value);
            let class_ok = attr != "class"
                || value
                    .split_ascii_whitespace()
                    .any(|c| allowed_class(name, c));
            let type_ok = !(name == "input" && attr == "type") || value == "checkbox";
            if allowed_attr(name, attr) && url_ok && class_ok && type_ok {
                *counts.entry(format!("{name}@{attr}")).or_default() += 1;
            }
        }
    }
    counts
}

/// Whether the sanitizer removed something from `before` that the policy
/// allows: an element or attribute the scanner expected to survive.
pub fn lost(before: &str, after: &str) -> bool {
    let after = inventory(after);
    inventory(before)
        .iter()
        .any(|(k, n)| after.get(k).copied().unwrap_or(0) < *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(raw: &str) -> Vec<String> {
        scan(raw).into_iter().map(|r| r.message).collect()
    }

    #[test]
    fn schemes() {
        for ok in [
            "https://lovdata.no",
            "http://x",
            "mailto:a@b.no",
            "tel:+4712345678",
            "../a/",
            "a.md#b",
            "#x",
            "/p/",
            "",
        ] {
            assert!(url_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "side:2",
        ] {
            assert!(!url_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn scanner_names_every_removal() {
        assert_eq!(
            messages("<script>alert('<b>')</script><p>ok</p>"),
            ["HTML-elementet `<script>` er ikke tillatt og er fjernet med alt innholdet"]
        );
        let m = messages(
            r#"<img src=x onerror="alert(1)" alt="a"><a href="&#106;avascript:x" style="color:red">y</a><iframe src="https://x"></iframe><form action=/><b>fet</b></form>"#,
        );
        assert_eq!(m.len(), 5, "{m:?}");
        assert!(m[0].contains("onerror"));
        assert!(m[1].contains("javascript:x"), "{m:?}");
        assert!(m[2].contains("style"));
        assert!(m[3].contains("<iframe>"));
        assert!(m[4].contains("<form>"));
        assert!(messages("<details><summary>Mer</summary><abbr title=\"x\">PBL</abbr><sup>1</sup><br><table id=t><tr><td colspan=2>x</td></tr></table></details><!-- notat -->").is_empty());
    }

    #[test]
    fn clean_keeps_the_guide_markup_and_drops_the_rest() {
        let out = clean(
            r#"<details open><summary>Mer</summary><p onclick="x()">Tekst <abbr title="plan- og bygningsloven">pbl</abbr></p></details><script>alert(1)</script><a href="javascript:alert(1)">lenke</a><img src="data:image/png;base64,AAAA" alt="b">"#,
        );
        assert_eq!(
            out,
            r#"<details open=""><summary>Mer</summary><p>Tekst <abbr title="plan- og bygningsloven">pbl</abbr></p></details><a>lenke</a><img alt="b">"#
        );
        let own = r#"<ul class="checklist"><li class="task"><input type="checkbox" id="sjekk-1" data-check-id="1" checked=""><label for="sjekk-1">Punkt <a class="lovhenvisning" href="https://lovdata.no/lov/2008-06-27-71/§10-1">§ 10-1</a></label></li></ul>"#;
        assert!(!lost(own, &clean(own)), "{}", clean(own));
    }

    #[test]
    fn unforeseen_removals_are_noticed() {
        // A table row outside a table is dropped by the HTML parser itself.
        let before = "<tr><td>celle</td></tr>";
        assert!(scan(before).is_empty());
        assert!(lost(before, &clean(before)), "{}", clean(before));
    }

    #[test]
    fn odd_input_never_panics() {
        for raw in [
            "&æøå",
            "<a href=\"&#\">",
            "<a href=&#x110000;>",
            "<a href=\"&colonæ\">",
            "<",
            "</",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<a =x>",
            "<a/ />",
            "<script>",
            "</SCRIPT>",
            "<SCRIPT>x</scRipt><p>",
            "<a href=\"x\"\u{0}>",
            "<æ>",
            "<aæ=1>",
            "<a\u{2028}b>",
        ] {
            let _ = scan(raw);
            let _ = clean(raw);
            let _ = lost(raw, &clean(raw));
            let mut open = OpenElements::default();
            open.feed(raw);
        }
        // The content of a script is skipped whatever the case of its end tag.
        assert_eq!(
            scan("<SCRIPT>a<b onclick=x></sCrIpT><i onclick=y>").len(),
            2
        );
    }

    #[test]
    fn open_elements_follow_nesting() {
        let mut open = OpenElements::default();
        open.feed("<details>\n<summary>Mer</summary>\n");
        assert!(!open.is_empty());
        open.feed("<br><img src=a.png>");
        assert!(!open.is_empty());
        open.feed("</details>");
        assert!(open.is_empty());
    }
}
