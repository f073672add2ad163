//! Unit tests of the Markdown stage: rendering, checklist ids, links,
//! `{{ … }}` dates, § links, raw HTML and nesting.

use std::collections::{HashMap, HashSet};

use super::links::link_hint;
use super::placeholders::find_open;
use super::*;
use crate::markdown::sanitize::MAX_DEPTH;
use crate::model::LinkTarget;
use crate::shared::i18n::Lang;
use crate::shared::law::Law;
use crate::shared::law::LawRegistry;

fn laws() -> LawRegistry {
    LawRegistry::new([
        Law {
            id: "pbl".into(),
            lovdata: "2008-06-27-71".into(),
            regulation: false,
            name: "plan- og bygningsloven".into(),
            aliases: vec![],
            name_nn: None,
        },
        Law {
            id: "folkehelseloven".into(),
            lovdata: "2011-06-24-29".into(),
            regulation: false,
            name: "folkehelseloven".into(),
            aliases: vec![],
            name_nn: None,
        },
    ])
}

fn targets() -> HashMap<String, LinkTarget> {
    let mut t = HashMap::new();
    t.insert(
        "g/02-b.md".to_string(),
        LinkTarget {
            doc: 7,
            url: "/g/b/".into(),
        },
    );
    t.insert(
        "h/_guide.md".to_string(),
        LinkTarget {
            doc: 8,
            url: "/h/".into(),
        },
    );
    t
}

fn go(body: &str) -> Rendered {
    go_with(body, false)
}

fn go_with(body: &str, trust_html: bool) -> Rendered {
    let laws = laws();
    let targets = targets();
    let failed = HashSet::new();
    let statics: HashSet<String> = ["kart.png", "g/bilde.png"]
        .into_iter()
        .map(String::from)
        .collect();
    let env = MarkdownEnv {
        laws: &laws,
        default_law: Some("pbl"),
        targets: &targets,
        failed: &failed,
        hidden: &[],
        static_files: &statics,
        base_path: "/v/",
        check_scope: "g",
        doc_key: "g/01-a.md",
        lang: Lang::Nb,
        dates: None,
        publisher: None,
        trust_html,
    };
    render(body, 5, &env)
}

#[test]
fn the_first_double_brace_is_found_as_str_find_finds_it() {
    for text in [
        "",
        "{",
        "{{",
        "a{b{{c",
        "{{{",
        "}{ {",
        "ø{{ æ",
        "a { } {{ x }}",
    ] {
        assert_eq!(find_open(text), text.find("{{"), "{text:?}");
    }
}

#[test]
fn headings_get_unique_norwegian_ids() {
    let r = go("## Mål for året\n\n## Mål for året\n\n### Økonomi {#penger}\n");
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["mal-for-aret", "mal-for-aret-2", "penger"]);
    assert!(
        r.html.contains("<h2 id=\"mal-for-aret\">Mål for året</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h3 id=\"penger\">Økonomi</h3>"));
}

#[test]
fn law_references_become_lovdata_links() {
    let r = go("Etter § 10-1 og folkehelseloven § 6 skal dette gjøres.\n");
    assert!(
        r.html.contains("<a class=\"lovhenvisning\" href=\"https://lovdata.no/lov/2008-06-27-71/§10-1\">§ 10-1</a>"),
        "{}",
        r.html
    );
    assert!(r
        .html
        .contains("href=\"https://lovdata.no/lov/2011-06-24-29/§6\">folkehelseloven § 6</a>"));
}

#[test]
fn no_law_links_inside_links_or_code() {
    let r = go("[se § 10-1](https://example.org) og `§ 10-1`\n\n```\n§ 10-1\n```\n");
    assert!(!r.html.contains("lovhenvisning"), "{}", r.html);
}

#[test]
fn checklist_items_have_stable_ids() {
    let a = go("- [ ] Første punkt\n- [x] Andre punkt\n");
    let b = go("- [ ] Nytt punkt\n- [x] Andre punkt\n- [ ] Første punkt\n");
    assert_eq!(a.checklist.len(), 2);
    assert_eq!(a.checklist[0].id, b.checklist[2].id);
    assert_eq!(a.checklist[1].id, b.checklist[1].id);
    assert!(a.checklist[1].checked);
    assert_eq!(a.checklist[0].html, "Første punkt");
    assert!(a.html.contains("<ul class=\"checklist\">"), "{}", a.html);
    let id = &a.checklist[0].id;
    assert!(a.html.contains(&format!(
        "<li class=\"task\"><input type=\"checkbox\" id=\"sjekk-{id}\" data-check-id=\"{id}\" data-check-was=\"{}\"><label for=\"sjekk-{id}\">Første punkt</label></li>", a.checklist[0].was
    )), "{}", a.html);
    // Scoped to the guide, not the file: the same in any file.
    assert_eq!(*id, check_id("g", "Første punkt"));
    // Small edits that do not change the meaning keep the id.
    for edited in ["første  punkt.", " FØRSTE PUNKT ", "Første\tpunkt:"] {
        assert_eq!(check_id("g", edited), *id, "{edited}");
    }
    assert_ne!(check_id("g", "Første punkt i tide"), *id);
    // The id before (the file's key) is kept beside it for migration.
    assert_eq!(a.checklist[0].was, check_id_v1("g/01-a.md", "Første punkt"));
}

#[test]
fn duplicate_items_get_distinct_ids() {
    let r = go("- [ ] Samme\n- [ ] Samme\n");
    assert_ne!(r.checklist[0].id, r.checklist[1].id);
    // They differ where a share link looks (bug: `X` and `X-2`).
    assert_ne!(
        r.checklist[0].id[..SHORT_ID_LEN],
        r.checklist[1].id[..SHORT_ID_LEN]
    );
    assert_eq!(r.checklist[1].was, format!("{}-2", r.checklist[0].was));
    // Repeats are matched as the first one is: loosely now, exactly as
    // before for the ids of before.
    let r = go("- [ ] Samme.\n- [ ] Samme\n- [ ] samme\n");
    let again = go("- [ ] Samme\n- [ ] samme.\n- [ ] Samme \n");
    let ids = |r: &Rendered| r.checklist.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&r), ids(&again));
    assert!(
        !r.checklist[1].was.ends_with("-2"),
        "«Samme.» and «Samme» had their own ids before"
    );
    assert_eq!(r.checklist[2].was, check_id_v1("g/01-a.md", "samme") + "-2");
}

/// Steps of a guide are rendered one by one; ids they share, or that
/// start alike, are told apart afterwards, in the HTML too.
#[test]
fn ids_are_made_unique_across_a_guide() {
    let a = go("- [ ] Samme\n- [ ] Annet\n");
    let b = go("- [ ] Samme\n- [ ] Samme\n");
    assert_eq!(a.checklist[0].id, b.checklist[0].id);
    let changed = make_check_ids_unique("g", &[&a, &b]);
    assert_eq!(changed.len(), 1);
    let (index, ref b2) = changed[0];
    assert_eq!(index, 1);
    let mut shorts: Vec<&str> = a
        .checklist
        .iter()
        .chain(&b2.checklist)
        .map(|c| &c.id[..SHORT_ID_LEN])
        .collect();
    shorts.sort();
    shorts.dedup();
    assert_eq!(shorts.len(), 4, "{shorts:?}");
    for c in &b2.checklist {
        assert_eq!(b2.html.matches(&format!("\"sjekk-{}\"", c.id)).count(), 2);
        assert_eq!(
            b2.html
                .matches(&format!("data-check-id=\"{}\"", c.id))
                .count(),
            1
        );
    }
    assert!(!b2.html.contains('\u{1}'));
}

#[test]
fn nested_and_loose_task_lists() {
    let r = go("- [ ] Ytre\n  - [ ] Indre\n\n- [ ] Løs\n\n  med avsnitt\n");
    assert_eq!(r.checklist.len(), 3, "{:?}", r.checklist);
    assert_eq!(r.checklist[0].text, "Ytre");
    assert_eq!(r.checklist[1].text, "Indre");
    assert_eq!(r.checklist[2].text, "Løs");
    assert_eq!(
        r.html.matches("<label").count(),
        r.html.matches("</label>").count()
    );
}

#[test]
fn internal_links_resolve_and_report() {
    let r = go("Se [steg 2](@/g/02-b.md#frist) og [borte](@/g/03-x.md).\n");
    assert!(r.html.contains("href=\"/g/b/#frist\""), "{}", r.html);
    assert_eq!(r.anchors.len(), 1);
    assert_eq!(r.anchors[0].anchor, "frist");
    assert_eq!(r.problems.len(), 1);
    let p = &r.problems[0];
    assert_eq!(p.code, "broken-link");
    assert_eq!((p.line, p.column), (5, 35));
}

#[test]
fn code_is_highlighted_with_classes() {
    let r = go("```yaml\ntitle: x\n```\n");
    assert!(r
        .html
        .contains("<pre class=\"code hl-code\" tabindex=\"0\"><code class=\"language-yaml\">"));
    assert!(r.html.contains("hl-"), "{}", r.html);
}

#[test]
fn smart_punctuation_tables_footnotes() {
    let r = go("\"Hei\" -- sa hun.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.\n");
    assert!(r.html.contains("“Hei”"), "{}", r.html);
    assert!(r.html.contains("–"));
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("footnote"));
}

#[test]
fn images_need_alt_text_and_items_need_text() {
    let r = go("![](kart.png)\n\n![Kart over kommunen](kart.png)\n\n- [ ] \n- [ ] Gjør noe\n");
    let codes: Vec<_> = r.problems.iter().map(|p| (p.code, p.line)).collect();
    assert_eq!(
        codes,
        [("image-without-alt", 5), ("empty-checklist-item", 9)]
    );
}

#[test]
fn images_come_from_static() {
    let r = go("![Kart](kart.png) ![Borte](bort.png) ![Ekstern](https://example.org/a.png)\n");
    assert!(r.html.contains("src=\"/v/kart.png\""), "{}", r.html);
    assert!(r.html.contains("src=\"https://example.org/a.png\""));
    let codes: Vec<_> = r.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["missing-image"]);
}

#[test]
fn raw_text_is_escaped() {
    let r = go("a < b & \"c\"\n");
    assert!(r.html.contains("a &lt; b &amp;"), "{}", r.html);
}

fn go_dated(body: &str) -> Rendered {
    use crate::shared::dates::{DateScope, NamedDate, Period};
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let period = Period::new("2027–2031".into(), d(2027, 9, 13), d(2027, 10, 14), None);
    let named = [NamedDate {
        name: "oppstart".into(),
        title: "Oppstart".into(),
        expr: "deadline + 1m".into(),
        date: d(2028, 11, 14),
        moved_from: None,
    }];
    let laws = crate::shared::law::LawRegistry::new([]);
    let targets = HashMap::new();
    let failed = HashSet::new();
    let statics = HashSet::new();
    let env = MarkdownEnv {
        laws: &laws,
        default_law: None,
        targets: &targets,
        failed: &failed,
        hidden: &[],
        static_files: &statics,
        base_path: "/",
        check_scope: "g/01-a.md",
        doc_key: "g/01-a.md",
        lang: Lang::Nn,
        dates: Some(DateScope::new(&period, &named)),
        publisher: Some("Eksempelfylket"),
        trust_html: false,
    };
    render(body, 10, &env)
}

#[test]
fn placeholders_become_dates_names_and_publisher() {
    let r = go_dated(
        "## Døme for {{ periode }}\n\nFrist {{ deadline }}, møte {{ council_meeting - 30d | måned }}, \
         år {{ election|år }}, oppstart {{oppstart + 6w}}. Frå {{ utgjevar }}.\n\n`{{ deadline }}`\n",
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html
            .contains("<h2 id=\"dome-for\">Døme for 2027–2031</h2>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<time datetime=\"2028-10-14\" data-expr=\"deadline\" data-format=\"day\">14. oktober 2028</time>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains(
            "data-expr=\"council_meeting - 30d\" data-format=\"month\">august 2028</time>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("data-format=\"year\">2027</time>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("data-expr=\"oppstart + 6w\" data-format=\"day\">26. desember 2028</time>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("Frå Eksempelfylket."), "{}", r.html);
    // Code is left as written.
    assert!(r.html.contains("<code>{{ deadline }}</code>"), "{}", r.html);
}

#[test]
fn placeholder_mistakes_are_problems_at_their_line() {
    let r = go_dated("Tekst.\n\nFrist {{ dedline }} og {{ deadline | veke }}.\n\n| a |\n|---|\n| {{ deadline | år }} |\n");
    let lines: Vec<(usize, &str)> = r
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(r.problems.len(), 3, "{lines:?}");
    assert!(
        r.problems[0].message.contains("Mente du `deadline`"),
        "{lines:?}"
    );
    assert_eq!(r.problems[0].line, 12);
    assert!(
        r.problems[1].message.contains("ukjent datoformat `veke`"),
        "{lines:?}"
    );
    // A bare | in a table splits the cell: the hint says to write \|.
    assert_eq!(r.problems[2].line, 16);
    assert!(r.problems[2].hint.contains("\\|"), "{:?}", r.problems[2]);
    // Escaped, it works in a table.
    let ok = go_dated("| a |\n|---|\n| {{ deadline \\| år }} |\n");
    assert!(ok.problems.is_empty(), "{:?}", ok.problems);
    assert!(ok.html.contains(">2028</time>"), "{}", ok.html);
    // Without a period, dates cannot be shown.
    let none = go("Frist {{ deadline }}.\n");
    assert_eq!(none.problems[0].code, "missing-period");
}

#[test]
fn dates_survive_raw_html_in_the_same_block() {
    let r = go_dated("<abbr title=\"pbl\">pbl</abbr> frist {{ deadline }}.\n\n<details><summary>Mer</summary>\n\nMøte {{ council_meeting | måned }}.\n\n</details>\n");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html.contains("<time datetime=\"2028-10-14\" data-expr=\"deadline\" data-format=\"day\">14. oktober 2028</time>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("data-format=\"month\">september 2028</time>"),
        "{}",
        r.html
    );
}

fn problems(r: &Rendered) -> Vec<(&'static str, usize, usize)> {
    r.problems
        .iter()
        .map(|p| (p.code, p.line, p.column))
        .collect()
}

#[test]
fn raw_html_outside_the_policy_is_removed_and_reported() {
    let body = "Tekst <abbr title=\"plan- og bygningsloven\">pbl</abbr>.\n\n<script>alert(1)</script>\n\nEt <img src=x onerror=\"alert(1)\" alt=\"b\"> bilde.\n\n<iframe src=\"https://x.no\"></iframe>\n\n<div style=\"color:red\"\n     onclick=\"x()\">tekst</div>\n";
    let r = go(body);
    assert_eq!(
        problems(&r),
        [
            ("unsafe-html", 7, 1),
            ("unsafe-html", 9, 15),
            ("unsafe-html", 11, 1),
            ("unsafe-html", 13, 6),
            ("unsafe-html", 14, 6),
        ],
        "{:#?}",
        r.problems
    );
    assert!(r.problems[0].message.contains("<script>"));
    assert!(r.problems[1].message.contains("onerror"));
    assert!(r.problems[2].message.contains("<iframe>"));
    assert!(r.problems[3].message.contains("style"));
    assert!(r.problems[4].message.contains("onclick"));
    for gone in [
        "<script", "alert", "onerror", "<iframe", "style=", "onclick",
    ] {
        assert!(!r.html.contains(gone), "{gone}: {}", r.html);
    }
    assert!(
        r.html
            .contains("<abbr title=\"plan- og bygningsloven\">pbl</abbr>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<img src=\"x\" alt=\"b\">"), "{}", r.html);
    assert!(r.html.contains("<div>tekst</div>"), "{}", r.html);
}

/// Classic XSS vectors (OWASP's filter evasion list and html5sec.org
/// style): each is reported, and nothing that can run survives.
#[test]
fn xss_vectors_are_reported_and_neutralised() {
    let vectors = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<img src=\"jav&#x09;ascript:alert(1)\">",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"x.swf\"></object>",
        "<embed src=\"x.swf\">",
        "<form action=\"https://x.example/\"><button>Send</button></form>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>x</details>",
        "<body onload=alert(1)>",
        "<style>@import 'https://x.example/x.css';</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://x.example/\">",
        "<link rel=stylesheet href=\"https://x.example/x.css\">",
        "<p>a</p><noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<template><script>alert(1)</script></template>",
        "<textarea><script>alert(1)</script></textarea>",
        "<a href=\"#\" onclick=\"alert(1)\">x</a>",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "[x](javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[y][x]",
        "[x](file:///etc/passwd)",
        "x <script>alert(1)</script> y",
        "- <img src=x onerror=alert(1)> i en liste",
        "> <iframe src=//x.example></iframe>",
        "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    ];
    for v in vectors {
        let r = go(&format!("{v}\n"));
        assert!(
            r.problems
                .iter()
                .any(|p| p.code == "unsafe-html" || p.code == "unsafe-url"),
            "not reported: {v}\n{:?}",
            r.problems
        );
        let h = r.html.to_ascii_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "onclick",
            "onfocus",
            "ontoggle",
            "<iframe",
            "<object",
            "<embed",
            "<form",
            "<svg",
            "<math",
            "<style",
            "style=",
            "<meta",
            "<base",
            "<link",
            "srcdoc",
            "=\"javascript:",
            "=\"vbscript:",
            "=\"data:",
            "=\"file:",
            "background=",
        ] {
            assert!(!h.contains(bad), "{v}: `{bad}` survived in {}", r.html);
        }
    }
}

#[test]
fn trusted_html_passes_unchanged() {
    let body = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">b</b>\n";
    let r = go_with(body, true);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.html.contains("<script>alert(1)</script>"), "{}", r.html);
    assert!(
        r.html.contains("href=\"javascript:alert(1)\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("<b onclick=\"x()\">"), "{}", r.html);
}

#[test]
fn script_addresses_are_refused() {
    let r = go("[a](javascript:alert(1)) [b](VBScript:x) ![c](data:image/png;base64,AA) [d](file:///etc/passwd) <javascript:alert(2)>\n\n[ok](https://x.no) [ok](mailto:a@b.no) [ok](tel:+4712345678) [ok](#a)\n");
    let codes: Vec<_> = r.problems.iter().map(|p| (p.code, p.line)).collect();
    assert_eq!(codes, [("unsafe-url", 5); 5], "{:#?}", r.problems);
    assert!(
        r.problems[1].message.contains("`vbscript:`"),
        "{}",
        r.problems[1].message
    );
    for gone in ["=\"javascript", "=\"VBScript", "=\"data:", "=\"file:"] {
        assert!(!r.html.contains(gone), "{gone}: {}", r.html);
    }
    assert!(r.html.contains("href=\"tel:+4712345678\""));
}

#[test]
fn details_across_blocks_keep_their_markdown() {
    let r = go("<details>\n<summary>Mer om fristen</summary>\n\nDette er **viktig** etter § 10-1.\n\n- [ ] Sjekk datoen\n\n</details>\n\nEtterpå.\n");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let h = &r.html;
    assert!(
        h.contains("<details>\n<summary>Mer om fristen</summary>"),
        "{h}"
    );
    assert!(h.contains("<strong>viktig</strong>"), "{h}");
    assert!(
        h.contains("class=\"lovhenvisning\" href=\"https://lovdata.no/lov/2008-06-27-71/§10-1\""),
        "{h}"
    );
    assert!(h.contains("<input type=\"checkbox\" id=\"sjekk-"), "{h}");
    assert!(
        h.find("</details>").unwrap() < h.find("Etterpå").unwrap(),
        "{h}"
    );
    assert_eq!(r.checklist.len(), 1);
}

#[test]
fn html_the_parser_drops_is_reported_too() {
    let r = go("Tekst\n\n<tr><td>løs celle</td></tr>\n");
    assert_eq!(problems(&r), [("unsafe-html", 7, 1)], "{:?}", r.problems);
}

#[test]
fn nesting_stops_at_the_limit() {
    let ok = format!("{}x\n", "> ".repeat(MAX_DEPTH));
    assert!(go(&ok).problems.is_empty());
    let deep = format!("Tekst.\n\n{}x\n", "- ".repeat(MAX_DEPTH + 1));
    let r = go(&deep);
    assert_eq!(problems(&r), [("too-deep", 7, 65)], "{:?}", r.problems);
    assert!(r.html.is_empty());
    let mixed = format!("{}x\n", "> - ".repeat(MAX_DEPTH / 2 + 1));
    assert_eq!(go(&mixed).problems[0].code, "too-deep");
    // Raw HTML counts too (the search index slowed down on it alike).
    let divs = format!("Tekst.\n\n{}x\n", "<div>".repeat(10_000));
    assert_eq!(problems(&go(&divs)), [("too-deep", 7, 1)]);
    assert!(
        go(&format!("<div>{}</div>\n", "<div>x</div>".repeat(10_000)))
            .problems
            .is_empty()
    );
}

#[test]
fn aligned_tables_use_classes_not_style() {
    let r = go("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
    assert!(!r.html.contains("style="), "{}", r.html);
    assert!(r.html.contains("<th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th>"), "{}", r.html);
    assert!(
        r.html.contains("<td class=\"align-right\">3</td>"),
        "{}",
        r.html
    );
}

#[test]
fn links_relative_to_the_file_resolve() {
    let r = go("[b](02-b.md) [b](./02-b.md#frist) [h](../h/_guide.md) [bilde](./bilde.png) ![Bilde](bilde.png?v=1) ![Bilde](./bilde.png)\n\n[side](../tidsplan/) [x](finnes-ikke-side)\n");
    assert!(
        r.problems.iter().all(|p| p.code == "missing-image"),
        "{:?}",
        r.problems
    );
    let h = &r.html;
    assert!(h.contains("<a href=\"/g/b/\">b</a> <a href=\"/g/b/#frist\">b</a> <a href=\"/h/\">h</a> <a href=\"/v/g/bilde.png\">bilde</a>"), "{h}");
    assert!(h.contains("src=\"/v/g/bilde.png\""), "{h}");
    // A page-relative URL is left for `stegvis check`.
    assert!(
        h.contains("href=\"../tidsplan/\"") && h.contains("href=\"finnes-ikke-side\""),
        "{h}"
    );
    assert_eq!(r.anchors.len(), 1);
    assert_eq!(r.anchors[0].target_key, "g/02-b.md");
}

/// Issue 25's papercut: a link to a missing step suggested an unrelated
/// file, and hints named files of the example site. Now a renumbered
/// step is found by its name, and when nothing is close the guide's
/// files are listed.
#[test]
fn broken_link_hints_name_this_sites_files() {
    let mut targets = HashMap::new();
    for k in [
        "plan/01-eierskap.md",
        "plan/02-arbeidsgruppe.md",
        "plan/03-tidsplan.md",
        "annet/_guide.md",
    ] {
        targets.insert(
            k.to_string(),
            LinkTarget {
                doc: 0,
                url: "/x/".into(),
            },
        );
    }
    let hint = link_hint("plan/04-tidsplan.md", true, "plan/01-eierskap.md", &targets);
    assert!(hint.starts_with("mente du `03-tidsplan.md`?"), "{hint}");
    let hint = link_hint("plan/10-evaluering.md", false, "x.md", &targets);
    assert!(hint.starts_with("filene i `content/plan/` er `@/plan/01-eierskap.md`, `@/plan/02-arbeidsgruppe.md`, `@/plan/03-tidsplan.md`"), "{hint}");
    let hint = link_hint("borte/x.md", false, "x.md", &targets);
    assert!(hint.contains("for eksempel `@/annet/_guide.md`"), "{hint}");
    assert!(!hint.contains("planstrategi"), "{hint}");
    // A file moved to another folder is found by its name.
    let hint = link_hint("gammel/03-tidsplan.md", false, "x.md", &targets);
    assert!(
        hint.starts_with("mente du `@/plan/03-tidsplan.md`?"),
        "{hint}"
    );
}

#[test]
fn broken_relative_links_name_line_and_a_guess() {
    let r = go("Se [vedtak](02-c.md).\n\n[ut](../../x.md) ![Borte](./borte.png)\n");
    assert_eq!(
        problems(&r),
        [
            ("broken-link", 5, 4),
            ("broken-link", 7, 1),
            ("missing-image", 7, 18)
        ],
        "{:?}",
        r.problems
    );
    assert_eq!(
        r.problems[0].hint,
        "mente du `02-b.md`? En relativ lenke går fra mappen filen ligger i (`content/g/`)"
    );
    assert!(
        r.problems[2].message.contains("static/g/borte.png"),
        "{}",
        r.problems[2].message
    );
}
