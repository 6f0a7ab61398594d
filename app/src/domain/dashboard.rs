//! The officials' dashboard: work queues, a dossier under review, the
//! papers of the one-stop workflow and the statistics. Shared by the
//! dashboard pages and the server.

use crate::domain::access::Role;
use crate::domain::calendar::Urgency;
use crate::domain::dossier::DossierStatus;
use crate::domain::progress::{DossierView, TimelineEntry};
use crate::domain::text::LocalText;
use crate::domain::workflow::{Action, Proposal, SupplementAnswer};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

named_enum! {
    /// A work queue of the dashboard. Written as `Queue::as_str` names (`new`, …).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Queue {
        /// Receiver: new submissions.
        New = "new",
        /// Receiver: results to hand over.
        ToReturn = "to_return",
        /// Processor: dossiers assigned to me.
        Mine = "mine",
        /// Processor: accepted dossiers nobody has taken.
        Unassigned = "unassigned",
        /// Approver: proposals awaiting approval.
        Approval = "approval",
        /// Everything in the agency (search, statistics follow-up).
        All = "all",
    }
}

impl Queue {
    /// The role whose work this queue is (`None`: every official).
    pub fn role(self) -> Option<Role> {
        match self {
            Self::New | Self::ToReturn => Some(Role::Receiver),
            Self::Mine | Self::Unassigned => Some(Role::Processor),
            Self::Approval => Some(Role::Approver),
            Self::All => None,
        }
    }

    /// The queues an official with `roles` works from, in the order shown.
    pub fn for_roles(roles: &[Role]) -> Vec<Queue> {
        Self::ALL.into_iter().filter(|q| q.role().is_none_or(|r| roles.contains(&r))).collect()
    }

    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::New => t.queue_new,
            Self::ToReturn => t.queue_to_return,
            Self::Mine => t.queue_mine,
            Self::Unassigned => t.queue_unassigned,
            Self::Approval => t.queue_approval,
            Self::All => t.queue_all,
        }
    }
}

/// Due-date filter of a queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFilter {
    DueSoon,
    Overdue,
}

/// What the official asks of a queue. Every field is optional except the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueQuery {
    pub queue: Queue,
    pub status: Option<DossierStatus>,
    pub procedure_code: Option<String>,
    pub sector_id: Option<i32>,
    /// Submitted on or after / on or before (Vietnam dates).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub due: Option<DueFilter>,
    /// A dossier code (or its start) or part of the applicant's name.
    pub search: Option<String>,
    /// The cursor of the next page (`QueuePage::next`).
    pub after: Option<String>,
}

impl QueueQuery {
    pub fn new(queue: Queue) -> Self {
        Self {
            queue,
            status: None,
            procedure_code: None,
            sector_id: None,
            from: None,
            to: None,
            due: None,
            search: None,
            after: None,
        }
    }
}

/// Where a queue page ends: the last row's due date (far in the future when
/// it has none yet) and id. Written `YYYY-MM-DD.ID` in links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryCursor {
    pub due: NaiveDate,
    pub id: i32,
}

impl QueryCursor {
    pub fn parse(raw: &str) -> Option<Self> {
        let (due, id) = raw.split_once('.')?;
        Some(Self { due: due.parse().ok()?, id: id.parse().ok()? })
    }
}

impl std::fmt::Display for QueryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.due, self.id)
    }
}

/// Rows per queue page.
pub const QUEUE_PAGE: u64 = 20;

/// One dossier in a queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub code: String,
    pub procedure_name: LocalText,
    pub applicant_name: String,
    pub status: DossierStatus,
    pub submitted_at: DateTime<Utc>,
    pub due_on: Option<NaiveDate>,
    pub urgency: Option<Urgency>,
    pub assignee_name: Option<String>,
}

/// A page of a queue, with the counts of every queue of the official.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub next: Option<String>,
    pub counts: Vec<(Queue, u64)>,
    /// For the filters: the agency's procedures (code, name) and sectors (id, name).
    pub procedures: Vec<(String, LocalText)>,
    pub sectors: Vec<(i32, LocalText)>,
}

/// An internal note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalNote {
    pub at: DateTime<Utc>,
    pub author: String,
    pub body: String,
}

/// A dossier as an official of its agency reviews it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub dossier: DossierView,
    pub applicant_name: String,
    pub assignee: Option<String>,
    pub last_answer: Option<SupplementAnswer>,
    pub proposal: Option<Proposal>,
    pub fee_receipt: Option<String>,
    pub notes: Vec<InternalNote>,
    /// What this official may do now.
    pub actions: Vec<Action>,
    /// For refusals: the procedure's legal bases (id, number and title).
    pub legal_bases: Vec<(i32, String)>,
    /// For assignment: the agency's processors (id, name).
    pub processors: Vec<(i32, String)>,
    /// For handing on: the provinces (code, name), whose implementing agencies are then listed.
    pub provinces: Vec<(i32, String)>,
}

/// The papers of the one-stop workflow (Circular 01/2018): one of the four forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    Receipt,
    SupplementRequest,
    Refusal,
    Apology,
}

impl Notice {
    /// The form's name in the UI language.
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Receipt => t.case_receipt_pdf,
            Self::SupplementRequest => t.case_supplement_pdf,
            Self::Refusal => t.case_refusal_pdf,
            Self::Apology => t.case_apology_pdf,
        }
    }

    /// From the form's number in the circular: `01` … `04`.
    pub fn parse(number: &str) -> Option<Self> {
        match number.trim_end_matches(".pdf") {
            "01" => Some(Self::Receipt),
            "02" => Some(Self::SupplementRequest),
            "03" => Some(Self::Refusal),
            "04" => Some(Self::Apology),
            _ => None,
        }
    }

    pub fn number(self) -> &'static str {
        match self {
            Self::Receipt => "01",
            Self::SupplementRequest => "02",
            Self::Refusal => "03",
            Self::Apology => "04",
        }
    }

    /// The form's title as printed (the legal text, in Vietnamese).
    pub fn title(self) -> &'static str {
        match self {
            Self::Receipt => "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            Self::SupplementRequest => "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            Self::Refusal => "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            Self::Apology => "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        }
    }

    /// The forms this dossier has been issued, in order.
    pub fn issued(dossier: &DossierView) -> Vec<Notice> {
        [Self::Receipt, Self::SupplementRequest, Self::Refusal, Self::Apology]
            .into_iter()
            .filter(|n| n.event(dossier).is_some())
            .collect()
    }

    /// The latest timeline entry that issued this form.
    pub fn event(self, dossier: &DossierView) -> Option<&TimelineEntry> {
        let actions: &[Action] = match self {
            Self::Receipt => &[Action::Accept],
            Self::SupplementRequest => &[Action::RequestSupplement],
            Self::Refusal => &[Action::RefuseToAccept, Action::Stop],
            Self::Apology => &[Action::Reappoint],
        };
        dossier.timeline.iter().rev().find(|e| e.action.is_some_and(|a| actions.contains(&a)))
    }
}

/// One agency × procedure line of the officials' statistics.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatisticsRow {
    pub agency: LocalText,
    pub procedure_code: String,
    pub procedure: LocalText,
    #[serde(flatten)]
    pub figures: crate::domain::transparency::Figures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queues_follow_roles() {
        assert_eq!(Queue::for_roles(&[Role::Receiver]), vec![Queue::New, Queue::ToReturn, Queue::All]);
        assert_eq!(Queue::for_roles(&[Role::Approver]), vec![Queue::Approval, Queue::All]);
        for q in Queue::ALL {
            assert_eq!(Queue::parse(q.as_str()), Some(q));
        }
    }

    #[test]
    fn cursors_round_trip() {
        let cursor = QueryCursor { due: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(), id: 42 };
        assert_eq!(cursor.to_string(), "2026-12-04.42");
        assert_eq!(QueryCursor::parse("2026-12-04.42"), Some(cursor));
        assert_eq!(QueryCursor::parse("42"), None);
        assert_eq!(QueryCursor::parse("2026-13-04.42"), None);
    }
}
