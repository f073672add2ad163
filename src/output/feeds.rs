//! Files for machines: an Atom feed (RFC 4287) of changed steps, so
//! municipalities can follow updates; `sitemap.xml`; and `robots.txt`
//! pointing at the sitemap. All URLs are absolute, from `base_url`.
//!
//! The feed is written by hand, not with the `atom_syndication` crate
//! (0.12, evaluated for #13). Its feed would be equivalent Atom, but: it
//! writes every date as `+00:00`, never `Z` (tests/publishing.rs reads
//! `2024-11-05T00:00:00Z`); it writes control characters as they are, so a
//! change note with one would make the feed ill-formed XML unless every
//! text went through [`xml_escape`]'s filter first anyway; the sitemap
//! still needs [`xml_escape`], so no hand escaping would go away; and it
//! brings quick-xml and a date parser back into the build, which the
//! trimmed syntect features took out for a faster first build (BENCHMARKS.md,
//! issue 16) — all for some 70 lines of `format!`.

use chrono::NaiveDate;

use crate::model::{PageId, Site};
use crate::shared::file_names::{ATOM_FILE, SITEMAP_FILE};

/// Escapes text for XML content and attributes: the HTML escaping, minus
/// the characters XML 1.0 does not allow (controls, U+FFFE and U+FFFF).
pub fn xml_escape(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| {
            ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
                && !matches!(c, '\u{fffe}' | '\u{ffff}')
        })
        .collect();
    crate::shared::html::escape(&allowed)
}

fn rfc3339(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The Atom feed of step changes, newest first, grouped as «Hva er nytt»
/// groups them.
pub fn atom(site: &Site) -> String {
    let changes = site.changes();
    let updated = changes
        .first()
        .map(|c| c.date)
        .or_else(|| {
            site.guides
                .iter()
                .flat_map(|g| g.steps.iter().map(|s| s.updated))
                .max()
        })
        .unwrap_or(NaiveDate::MIN);
    let feed_url = site.absolute_url(&site.url_for(ATOM_FILE));
    let lang = site.config.language.code();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    ));
    out.push_str(&format!(
        "  <title>{} – {}</title>\n",
        xml_escape(&site.config.title),
        crate::shared::i18n::text(site.config.language, "whats_new")
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&feed_url)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&feed_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&site.absolute_url(&site.url(PageId::WhatsNew)))
    ));
    out.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    let author = site
        .config
        .branding
        .name
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&author)
    ));
    out.push_str("  <generator>stegvis</generator>\n");
    // One entry per change, grouped as «Hva er nytt» groups them: the same
    // note on many steps of a guide on one day is one entry.
    for g in site.change_groups() {
        let lang = g.steps.first().map_or(site.config.language, |s| s.lang);
        let (title, url, id) = match g.steps.as_slice() {
            [step] => {
                let url = site.absolute_url(&step.url);
                (
                    format!(
                        "{} – {} {}: {}",
                        g.guide.title,
                        crate::shared::i18n::text(step.lang, "step"),
                        step.number,
                        step.title
                    ),
                    url.clone(),
                    // Stable per step and change date.
                    format!("{url}#endret-{}", g.date.format("%Y-%m-%d")),
                )
            }
            steps => {
                let url = site.absolute_url(&g.guide.url);
                let numbers: Vec<String> = steps.iter().map(|s| s.number.to_string()).collect();
                (
                    format!(
                        "{} – {} {}",
                        g.guide.title,
                        crate::shared::i18n::text(lang, "step").to_lowercase(),
                        numbers.join(", ")
                    ),
                    url.clone(),
                    // Stable per guide, date and the steps it names.
                    format!(
                        "{url}#endret-{}-steg-{}",
                        g.date.format("%Y-%m-%d"),
                        numbers.join("-")
                    ),
                )
            }
        };
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&title)));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&id)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", rfc3339(g.date)));
        out.push_str(&format!(
            "    <summary xml:lang=\"{}\">{}</summary>\n",
            lang.code(),
            xml_escape(g.note)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// `sitemap.xml` with every public page (see [`Site::is_public`]).
pub fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for id in site.page_ids() {
        if !site.is_public(id) {
            continue;
        }
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml_escape(&site.absolute_url(&site.url(id)))
        ));
        if let Some(d) = lastmod(site, id) {
            out.push_str(&format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn lastmod(site: &Site, id: PageId) -> Option<NaiveDate> {
    let steps_max = |g: usize| site.guides[g].steps.iter().map(|s| s.updated).max();
    match id {
        PageId::Step(g, s) => Some(site.guides[g].steps[s].updated),
        PageId::Guide(g) | PageId::Checklist(g) | PageId::Timeline(g) => {
            steps_max(g).max(site.guides[g].updated)
        }
        PageId::Page(p) => site.pages[p].updated,
        PageId::WhatsNew => site.changes().first().map(|c| c.date),
        _ => None,
    }
}

/// `robots.txt`: everything may be indexed; here is the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.absolute_url(&site.url_for(SITEMAP_FILE))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;"
        );
    }
}
