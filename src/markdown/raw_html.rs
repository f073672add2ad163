//! Raw HTML and link addresses held to the policy of
//! [`sanitize`](crate::markdown::sanitize): what it removes is reported at
//! file:line, and regions holding raw HTML are sanitized once rendered.

use std::ops::Range;

use pulldown_cmark::Event;

use crate::markdown::renderer::Renderer;
use crate::markdown::sanitize;

impl Renderer<'_, '_> {
    /// Reports what the policy removes from a raw HTML block, reading its
    /// lines together (a tag may span several).
    pub(super) fn check_html_block(
        &mut self,
        inner: &[(Event<'_>, Range<usize>)],
        block_start: usize,
    ) {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (e, r) in inner {
            if let Event::Html(t) = e {
                starts.push((text.len(), r.start));
                text.push_str(t);
            }
        }
        for removal in sanitize::scan(&text) {
            let k = starts.partition_point(|&(at, _)| at <= removal.offset);
            let offset = starts
                .get(k.wrapping_sub(1))
                .map_or(block_start, |&(at, src)| src + removal.offset - at);
            self.problem("unsafe-html", offset, removal.message, removal.hint);
        }
    }

    /// Reports what the policy removes from one piece of raw HTML.
    pub(super) fn check_raw(&mut self, raw: &str, offset: usize) {
        for removal in sanitize::scan(raw) {
            self.problem(
                "unsafe-html",
                offset + removal.offset,
                removal.message,
                removal.hint,
            );
        }
    }

    /// A link or image address with a scheme other than http, https,
    /// mailto or tel is reported (and left out of the page).
    pub(super) fn url_refused(&mut self, dest: &str, offset: usize) -> bool {
        if self.env.trust_html || sanitize::url_allowed(dest) {
            return false;
        }
        let scheme = sanitize::url_scheme(dest).unwrap_or_default();
        self.problem(
            "unsafe-url",
            offset,
            format!(
                "adressen `{}` bruker `{scheme}:`, som ikke er tillatt, og er fjernet",
                sanitize::shorten(dest)
            ),
            "lenker og bilder kan bare bruke http:, https:, mailto:, tel: eller en relativ adresse (for eksempel `02-vedtak.md` eller `@/planstrategi/02-vedtak.md`)",
        );
        true
    }

    /// Replaces the HTML rendered since `out_start` (a region holding raw
    /// HTML) by its sanitized version. A removal the scanner did not report
    /// in the region is reported here, at the region's first raw HTML.
    pub(super) fn finish_region(
        &mut self,
        out_start: usize,
        problems_before: usize,
        offset: usize,
    ) {
        let fragment = self.out.split_off(out_start);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, fragment.into_iter());
        let clean = sanitize::clean(&html);
        let reported = self.result.problems[problems_before..]
            .iter()
            .any(|p| p.code == "unsafe-html" || p.code == "unsafe-url");
        if !reported && sanitize::lost(&html, &clean) {
            self.problem(
                "unsafe-html",
                offset,
                "HTML-en her kan ikke stå slik den er skrevet: noe av den ble fjernet".to_string(),
                "sjekk at elementene står i riktig sammenheng (for eksempel `<tr>` bare inne i `<table>`), og at hvert element som åpnes, lukkes",
            );
        }
        self.html(clean);
    }
}
