//! `period`: the election period from `site.yaml` as templates get it
//! (step, timeline and status pages).

use chrono::NaiveDate;
use serde::Serialize;

use crate::render::template_data::common::date_pair;
use crate::shared::dates::Period;
use crate::shared::i18n::Lang;

/// `period`: the election period from `site.yaml`, dates in the page's
/// language.
#[derive(Serialize)]
pub struct PeriodData {
    /// E.g. «2027–2031».
    pub name: String,
    pub election: String,
    pub election_iso: String,
    pub constituted: String,
    pub constituted_iso: String,
    pub council_meeting: String,
    pub council_meeting_iso: String,
    /// Whether site.yaml names the meeting (else it is the deadline).
    pub council_meeting_planned: bool,
    /// The last day to adopt the planstrategi.
    pub deadline: String,
    pub deadline_iso: String,
    /// The last day to make the proposal public before the meeting.
    pub public_notice_by: String,
    pub public_notice_by_iso: String,
}

impl PeriodData {
    pub fn new(period: &Period, lang: Lang) -> Self {
        let d = |date: NaiveDate| date_pair(date, lang);
        let (election, election_iso) = d(period.election);
        let (constituted, constituted_iso) = d(period.constituted);
        let (council_meeting, council_meeting_iso) = d(period.council_meeting);
        let (deadline, deadline_iso) = d(period.deadline);
        let (public_notice_by, public_notice_by_iso) = d(period.public_notice_by());
        PeriodData {
            name: period.name.clone(),
            election,
            election_iso,
            constituted,
            constituted_iso,
            council_meeting,
            council_meeting_iso,
            council_meeting_planned: period.council_meeting_planned,
            deadline,
            deadline_iso,
            public_notice_by,
            public_notice_by_iso,
        }
    }
}
