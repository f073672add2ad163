//! Which output page depends on which source file (and the other way), so
//! the preview re-renders only what a changed file affects.

use std::collections::BTreeMap;

use crate::model::types::{PageId, Site, Uses};

impl Site {
    /// The `sources:` of the document behind a page.
    pub fn sources(&self, doc: usize) -> &[crate::content::frontmatter::Source] {
        self.docs[doc].meta.sources()
    }

    /// The documents a page is made from, and how it uses each. Every page
    /// also uses `site.yaml`, the templates and the guide and page titles
    /// in the main navigation (listed as [`Uses::Listing`]).
    pub fn dependencies(&self, id: PageId) -> Vec<(usize, Uses)> {
        let mut deps: BTreeMap<usize, Uses> = BTreeMap::new();
        let mut add = |doc: usize, uses: Uses| {
            let e = deps.entry(doc).or_insert(uses);
            *e = (*e).min(uses);
        };
        for g in &self.guides {
            add(g.doc, Uses::Listing);
        }
        for p in &self.pages {
            add(p.doc, Uses::Listing);
        }
        match id {
            PageId::Front => {
                if let Some(i) = self.index {
                    add(i, Uses::Everything);
                }
            }
            PageId::NotFound | PageId::Search => {
                if let Some(i) = self.index {
                    add(i, Uses::Listing);
                }
            }
            PageId::WhatsNew => {
                if let Some(i) = self.index {
                    add(i, Uses::Listing);
                }
                // Step titles, numbers and recorded changes.
                for g in &self.guides {
                    for s in &g.steps {
                        add(s.doc, Uses::Listing);
                    }
                }
            }
            PageId::Guide(g) | PageId::Checklist(g) | PageId::Timeline(g) | PageId::Status(g) => {
                add(self.guides[g].doc, Uses::Everything);
                for s in &self.guides[g].steps {
                    add(s.doc, Uses::Everything);
                }
            }
            PageId::Step(g, s) => {
                add(self.guides[g].doc, Uses::Listing);
                for st in &self.guides[g].steps {
                    add(st.doc, Uses::Listing);
                }
                add(self.guides[g].steps[s].doc, Uses::Everything);
            }
            PageId::Page(p) => add(self.pages[p].doc, Uses::Everything),
        }
        deps.into_iter().collect()
    }

    /// The pages that must be re-rendered when document `doc` changes:
    /// those whose [`Site::dependencies`] name it, with [`Uses::Listing`]
    /// counted only when `listing_changed` (its title, number, kind, summary
    /// or anything else shown in lists and navigation changed).
    pub fn dependents(&self, doc: usize, listing_changed: bool) -> Vec<PageId> {
        let guide_pages = |g: usize| {
            let mut v = vec![PageId::Guide(g), PageId::Checklist(g)];
            if self.config.period.is_some() {
                v.push(PageId::Timeline(g));
            }
            v.push(PageId::Status(g));
            v
        };
        match self.page_of_doc(doc) {
            None => Vec::new(),
            Some(PageId::Step(g, s)) => {
                let mut v = guide_pages(g);
                if listing_changed {
                    v.push(PageId::WhatsNew);
                    v.extend((0..self.guides[g].steps.len()).map(|i| PageId::Step(g, i)));
                } else {
                    v.push(PageId::Step(g, s));
                }
                v
            }
            // Guides and pages are listed on every page.
            Some(PageId::Guide(_) | PageId::Page(_)) if listing_changed => self.page_ids(),
            Some(PageId::Guide(g)) => guide_pages(g),
            Some(PageId::Page(p)) => vec![PageId::Page(p)],
            Some(PageId::Front) if listing_changed => {
                vec![
                    PageId::Front,
                    PageId::Search,
                    PageId::WhatsNew,
                    PageId::NotFound,
                ]
            }
            Some(other) => vec![other],
        }
    }

    /// The page a document becomes, if it becomes one.
    pub fn page_of_doc(&self, doc: usize) -> Option<PageId> {
        self.doc_pages.get(doc).copied().flatten()
    }
}
