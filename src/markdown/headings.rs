//! Headings: a unique id for each (an explicit `{#id}` or a Norwegian slug of
//! its text, without its `{{ … }}` dates), recorded for anchors and contents.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use crate::markdown::events::{level_num, plain_text};
use crate::markdown::placeholders::without_placeholders;
use crate::markdown::renderer::Renderer;
use crate::markdown::types::Heading;
use crate::shared::html::escape;

impl Renderer<'_, '_> {
    /// A heading, with its id (explicit `{#id}` or a unique slug of its
    /// text) recorded for anchors and the page's contents; returns the
    /// index after its end.
    pub(super) fn heading(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        i: usize,
        level: HeadingLevel,
        id: Option<&str>,
        classes: &[CowStr<'_>],
    ) -> usize {
        let end = self.ends[i];
        let inner = &events[i + 1..end];
        let text = without_placeholders(&plain_text(inner));
        let hid = match id {
            Some(explicit) => {
                let explicit = explicit.to_string();
                if !self.ids.reserve(&explicit) {
                    self.problem(
                        "duplicate-anchor",
                        events[i].1.start,
                        format!("overskrift-id `{explicit}` er brukt to ganger på siden"),
                        "gi overskriften en annen {#id}",
                    );
                }
                explicit
            }
            None => self.ids.make(&text, "seksjon"),
        };
        let n = level_num(level);
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(
                " class=\"{}\"",
                escape(
                    &classes
                        .iter()
                        .map(|c| c.as_ref())
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            )
        };
        self.html(format!("<h{n} id=\"{}\"{class}>", escape(&hid)));
        for (e, r) in inner {
            match e {
                Event::Text(t) => self.text(t, r, false),
                other => {
                    if let Event::InlineHtml(t) = other {
                        self.check_raw(t, r.start);
                    }
                    self.out.push(other.clone().into_static());
                }
            }
        }
        self.html(format!("</h{n}>\n"));
        self.result.headings.push(Heading {
            level: n,
            id: hid,
            text,
        });
        end + 1
    }
}
