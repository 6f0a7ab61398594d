//! The one-stop workflow (Decree 61/2018, Decree 107/2021): which party may take which action on a
//! dossier in which status, and where it leads. One table, compiled for the
//! server (which enforces it) and the browser (which shows exactly these
//! actions).

use crate::domain::access::Role;
use crate::domain::dossier::DossierStatus::{self, *};
use serde::{Deserialize, Serialize};

mod request;
pub use request::*;

named_enum! {
    /// Something done to a dossier. Written as `Action::as_str` names (`accept`, …).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Action {
        /// Receive the dossier: the clock starts, the receipt (Form 01) is issued.
        Accept = "accept",
        /// Refuse to receive it (Form 03), citing a legal basis.
        RefuseToAccept = "refuse_to_accept",
        /// Ask the citizen for missing documents or corrections (Form 02).
        RequestSupplement = "request_supplement",
        /// Hand a dossier filed at any desk to the agency that decides it: the
        /// clock and the timeline go with it.
        HandOff = "hand_off",
        /// Give an accepted (or returned) dossier to a processor.
        Assign = "assign",
        /// A processor takes an unassigned accepted dossier.
        Take = "take",
        /// Propose the result (with the result document) for approval.
        ProposeResult = "propose_result",
        /// Propose refusing the application for approval.
        ProposeRefusal = "propose_refusal",
        /// Approve the proposed result.
        Approve = "approve",
        /// Send the dossier back to its processor with a note.
        SendBack = "send_back",
        /// Stop processing: refuse the application, citing a legal basis.
        Stop = "stop",
        /// Record a fee paid at the desk (receipt number).
        RecordFee = "record_fee",
        /// Hand the result over at the desk.
        ReturnAtDesk = "return_at_desk",
        /// Send the result by post.
        ReturnByPost = "return_by_post",
        /// Apologise for a (nearly) late dossier with a new appointment (Form 04).
        Reappoint = "reappoint",
        /// The applicant answers a supplement request.
        Supplement = "supplement",
        /// The applicant withdraws the dossier.
        Withdraw = "withdraw",
        /// Record where a result sent by post is (in transit, delivered, returned).
        RecordDelivery = "record_delivery",
        /// The applicant pays the fee online: taken only by the payment gateway's
        /// confirmation (IPN or reconciliation), never by a request of the browser.
        Pay = "pay",
    }
}

/// Who acts: an official in one of their roles, the assigned processor, or the applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Role(Role),
    /// The processor the dossier is assigned to.
    Assignee,
    Applicant,
}

/// Where an action leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    To(DossierStatus),
    /// The status does not change (a fee recorded, a new appointment).
    Stay,
    /// Back to the status the dossier had before it waited for the citizen.
    Resume,
}

use Action::*;
use Party::{Applicant, Assignee};
const RECEIVER: Party = Party::Role(Role::Receiver);
const PROCESSOR: Party = Party::Role(Role::Processor);
const APPROVER: Party = Party::Role(Role::Approver);

/// The whole lifecycle: (from, action, who, to).
pub const TRANSITIONS: &[(DossierStatus, Action, Party, Target)] = &[
    (Submitted, Accept, RECEIVER, Target::To(Accepted)),
    (Submitted, RefuseToAccept, RECEIVER, Target::To(NotAccepted)),
    (Submitted, RequestSupplement, RECEIVER, Target::To(SupplementRequested)),
    (Submitted, Withdraw, Applicant, Target::To(Withdrawn)),
    (Accepted, HandOff, RECEIVER, Target::Stay),
    (Accepted, Assign, RECEIVER, Target::To(Processing)),
    (Accepted, Assign, APPROVER, Target::To(Processing)),
    (Accepted, Take, PROCESSOR, Target::To(Processing)),
    (Accepted, RecordFee, RECEIVER, Target::Stay),
    (Accepted, Reappoint, RECEIVER, Target::Stay),
    (Processing, Assign, APPROVER, Target::To(Processing)),
    (Processing, RequestSupplement, Assignee, Target::To(SupplementRequested)),
    (Processing, ProposeResult, Assignee, Target::To(PendingApproval)),
    (Processing, ProposeRefusal, Assignee, Target::To(PendingApproval)),
    (Processing, RecordFee, RECEIVER, Target::Stay),
    (Processing, Reappoint, Assignee, Target::Stay),
    (Processing, Reappoint, APPROVER, Target::Stay),
    (PendingApproval, Approve, APPROVER, Target::To(Processed)),
    (PendingApproval, SendBack, APPROVER, Target::To(Processing)),
    (PendingApproval, Stop, APPROVER, Target::To(Stopped)),
    (PendingApproval, RecordFee, RECEIVER, Target::Stay),
    (PendingApproval, Reappoint, APPROVER, Target::Stay),
    (SupplementRequested, Supplement, Applicant, Target::Resume),
    (PaymentRequested, RecordFee, RECEIVER, Target::Resume),
    (PaymentRequested, Pay, Applicant, Target::Resume),
    (PaymentRequested, Withdraw, Applicant, Target::To(Withdrawn)),
    (Processed, RecordFee, RECEIVER, Target::Stay),
    (Processed, ReturnAtDesk, RECEIVER, Target::To(Returned)),
    (Processed, ReturnByPost, RECEIVER, Target::To(Returned)),
    (Returned, RecordDelivery, RECEIVER, Target::Stay),
];

/// Everything that decides what an actor may do to one dossier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// The official's roles in the dossier's agency (none for another agency).
    pub roles: Vec<Role>,
    pub is_assignee: bool,
    pub is_applicant: bool,
}

impl Standing {
    fn is(&self, party: Party) -> bool {
        match party {
            Party::Role(role) => self.roles.contains(&role),
            Assignee => self.is_assignee && self.roles.contains(&Role::Processor),
            Applicant => self.is_applicant,
        }
    }
}

/// Where `action` leads from `status` for someone with `standing`; `None` if
/// it is not theirs to take.
pub fn transition(status: DossierStatus, action: Action, standing: &Standing) -> Option<Target> {
    TRANSITIONS
        .iter()
        .find(|(from, a, party, _)| *from == status && *a == action && standing.is(*party))
        .map(|(_, _, _, target)| *target)
}

/// The party `standing` acts as when taking `action` in `status` (the role
/// the timeline records).
pub fn acting_party(status: DossierStatus, action: Action, standing: &Standing) -> Option<Party> {
    TRANSITIONS
        .iter()
        .find(|(from, a, party, _)| *from == status && *a == action && standing.is(*party))
        .map(|(_, _, party, _)| *party)
}

impl Party {
    /// The name recorded in the timeline.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Role(role) => role.as_str(),
            Assignee => "processor",
            Applicant => "citizen",
        }
    }
}

/// The actions open to `standing` in `status`, in the table's order, each once.
pub fn allowed_actions(status: DossierStatus, standing: &Standing) -> Vec<Action> {
    let mut out = Vec::new();
    for (from, action, party, _) in TRANSITIONS {
        if *from == status && standing.is(*party) && !out.contains(action) {
            out.push(*action);
        }
    }
    out
}

/// The status an action leads to, once `Resume` knows where the dossier was.
pub fn resolve(target: Target, current: DossierStatus, resume: Option<DossierStatus>) -> DossierStatus {
    match target {
        Target::To(status) => status,
        Target::Stay => current,
        Target::Resume => resume.unwrap_or(Processing),
    }
}

impl Action {
    /// Whether the note written with this action is addressed to the
    /// applicant (a reason they are owed: why not received, what to supply,
    /// why stopped, why late) rather than an internal note between officials
    /// (assignment, proposals, approval, sending back), which the applicant
    /// never sees.
    pub fn note_reaches_applicant(self) -> bool {
        // Every action named: a new one must be classified here.
        match self {
            Self::Assign | Self::Take | Self::ProposeResult | Self::ProposeRefusal | Self::Approve | Self::SendBack => {
                false
            }
            Self::Accept
            | Self::RefuseToAccept
            | Self::RequestSupplement
            | Self::HandOff
            | Self::Stop
            | Self::RecordFee
            | Self::ReturnAtDesk
            | Self::ReturnByPost
            | Self::Reappoint
            | Self::Supplement
            | Self::Withdraw
            | Self::RecordDelivery
            | Self::Pay => true,
        }
    }

    /// The action's button label.
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Accept => t.action_accept,
            RefuseToAccept => t.action_refuse_to_accept,
            RequestSupplement => t.action_request_supplement,
            HandOff => t.action_hand_off,
            Assign => t.action_assign,
            Take => t.action_take,
            ProposeResult => t.action_propose_result,
            ProposeRefusal => t.action_propose_refusal,
            Approve => t.action_approve,
            SendBack => t.action_send_back,
            Stop => t.action_stop,
            RecordFee => t.action_record_fee,
            ReturnAtDesk => t.action_return_at_desk,
            ReturnByPost => t.action_return_by_post,
            Reappoint => t.action_reappoint,
            Supplement => t.action_supplement,
            Withdraw => t.action_withdraw,
            RecordDelivery => t.action_record_delivery,
            Pay => t.action_pay,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official(roles: &[Role], is_assignee: bool) -> Standing {
        Standing { roles: roles.to_vec(), is_assignee, is_applicant: false }
    }

    fn applicant() -> Standing {
        Standing { is_applicant: true, ..Standing::default() }
    }

    /// Every party the table knows, as a standing.
    fn parties() -> Vec<(&'static str, Standing)> {
        vec![
            ("receiver", official(&[Role::Receiver], false)),
            ("processor", official(&[Role::Processor], false)),
            ("assignee", official(&[Role::Processor], true)),
            ("approver", official(&[Role::Approver], false)),
            ("agency admin", official(&[Role::AgencyAdmin], false)),
            ("system admin", official(&[Role::SystemAdmin], false)),
            ("applicant", applicant()),
            ("another agency", Standing::default()),
        ]
    }

    /// The dossier lifecycle written out as the expected decision for
    /// each (status, action, party): everything not listed is refused.
    fn expected(status: DossierStatus, action: Action, party: &str) -> Option<DossierStatus> {
        let resumed = Accepted; // the status the tests pause from
        let to = match (status, action, party) {
            (Submitted, Accept, "receiver") => Accepted,
            (Submitted, RefuseToAccept, "receiver") => NotAccepted,
            (Submitted, RequestSupplement, "receiver") => SupplementRequested,
            (Submitted, Withdraw, "applicant") => Withdrawn,
            (Accepted, HandOff, "receiver") => status,
            (Accepted, Assign, "receiver" | "approver") => Processing,
            (Accepted, Take, "processor" | "assignee") => Processing,
            (Accepted | Processing | PendingApproval | Processed, RecordFee, "receiver") => status,
            (Accepted, Reappoint, "receiver") => status,
            (Processing, Assign, "approver") => Processing,
            (Processing, RequestSupplement, "assignee") => SupplementRequested,
            (Processing, ProposeResult | ProposeRefusal, "assignee") => PendingApproval,
            (Processing, Reappoint, "assignee" | "approver") => status,
            (PendingApproval, Approve, "approver") => Processed,
            (PendingApproval, SendBack, "approver") => Processing,
            (PendingApproval, Stop, "approver") => Stopped,
            (PendingApproval, Reappoint, "approver") => status,
            (SupplementRequested, Supplement, "applicant") => resumed,
            (PaymentRequested, RecordFee, "receiver") => resumed,
            (PaymentRequested, Pay, "applicant") => resumed,
            (PaymentRequested, Withdraw, "applicant") => Withdrawn,
            (Processed, ReturnAtDesk | ReturnByPost, "receiver") => Returned,
            (Returned, RecordDelivery, "receiver") => status,
            _ => return None,
        };
        Some(to)
    }

    #[test]
    fn every_transition_for_every_party_matches_the_lifecycle() {
        let mut allowed = 0;
        for status in DossierStatus::ALL {
            for action in Action::ALL {
                for (name, standing) in parties() {
                    let got = transition(status, action, &standing).map(|t| resolve(t, status, Some(Accepted)));
                    assert_eq!(got, expected(status, action, name), "{status:?} × {action:?} × {name}");
                    allowed += usize::from(got.is_some());
                    assert_eq!(
                        allowed_actions(status, &standing).contains(&action),
                        got.is_some(),
                        "the offered actions match the table: {status:?} × {action:?} × {name}"
                    );
                }
            }
        }
        assert_eq!(allowed, 31, "the number of allowed (status, action, party) triples");
    }

    #[test]
    fn final_statuses_allow_nothing_but_following_the_post() {
        for status in DossierStatus::ALL.into_iter().filter(|s| s.is_final()) {
            for (name, standing) in parties() {
                let allowed = allowed_actions(status, &standing);
                let expected = if status == Returned && name == "receiver" { vec![RecordDelivery] } else { vec![] };
                assert_eq!(allowed, expected, "{status:?} for {name}");
                for action in allowed {
                    assert_eq!(transition(status, action, &standing), Some(Target::Stay), "the status stays final");
                }
            }
        }
    }

    #[test]
    fn an_assignee_must_still_be_a_processor() {
        // Assigned, then the role taken away: no longer theirs to process.
        let former = Standing { roles: vec![Role::Receiver], is_assignee: true, is_applicant: false };
        assert_eq!(transition(Processing, ProposeResult, &former), None);
    }

    #[test]
    fn several_roles_combine() {
        let both = official(&[Role::Receiver, Role::Approver], false);
        assert_eq!(allowed_actions(Accepted, &both), vec![HandOff, Assign, RecordFee, Reappoint]);
    }

    #[test]
    fn waiting_resumes_where_it_was() {
        let target = transition(SupplementRequested, Supplement, &applicant()).unwrap();
        assert_eq!(resolve(target, SupplementRequested, Some(Submitted)), Submitted);
        assert_eq!(resolve(target, SupplementRequested, Some(Processing)), Processing);
    }

    #[test]
    fn action_names_round_trip() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
    }
}
