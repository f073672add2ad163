//! What changed: the dated changes of pages, newest first, and the same
//! grouped by guide and day («Hva er nytt», the Atom feed).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::types::{ChangeEntry, ChangeGroup, Site};

impl Site {
    /// Every recorded change of every step, newest first (then by guide and
    /// step order): the "what's new" page and the Atom feed.
    pub fn changes(&self) -> Vec<ChangeEntry<'_>> {
        let mut out: Vec<ChangeEntry<'_>> = Vec::new();
        for guide in &self.guides {
            for step in &guide.steps {
                for (date, note) in &step.changes {
                    out.push(ChangeEntry {
                        date: *date,
                        note,
                        guide,
                        step,
                    });
                }
            }
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.date));
        out
    }

    /// "What's new" with the same change to many steps of a guide on one
    /// day (e.g. «Første versjon» on every step) as one entry, newest first.
    pub fn change_groups(&self) -> Vec<ChangeGroup<'_>> {
        let mut groups: Vec<ChangeGroup<'_>> = Vec::new();
        let mut index: HashMap<(NaiveDate, usize, &str), usize> = HashMap::new();
        for c in self.changes() {
            let key = (c.date, c.guide.doc, c.note);
            match index.get(&key) {
                Some(&i) => groups[i].steps.push(c.step),
                None => {
                    index.insert(key, groups.len());
                    groups.push(ChangeGroup {
                        date: c.date,
                        note: c.note,
                        guide: c.guide,
                        steps: vec![c.step],
                    });
                }
            }
        }
        for g in &mut groups {
            g.steps.sort_by_key(|s| s.number);
        }
        groups
    }
}
