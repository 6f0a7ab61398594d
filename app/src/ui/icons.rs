//! Icons as inline SVG, never emoji (which render as an empty box where the
//! font lacks them): drawn in the text's colour at the text's size, hidden
//! from screen readers beside words that say the same, or given a text
//! alternative when they stand alone.

use crate::domain::dossier::DossierStatus;
use crate::i18n::use_t;
use leptos::prelude::*;

/// The icons the portal draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Bell,
    Download,
    /// Opens elsewhere (another tab).
    External,
    /// Finished.
    Done,
    /// Under way.
    Clock,
    /// Waiting for the citizen.
    Attention,
    /// Ended without a result.
    Stop,
}

impl Icon {
    /// The strokes, on a 24 × 24 grid.
    fn paths(self) -> &'static [&'static str] {
        match self {
            Self::Bell => &["M6 9a6 6 0 0 1 12 0c0 6 2.5 8 2.5 8h-17S6 15 6 9", "M10 20.5a2.2 2.2 0 0 0 4 0"],
            Self::Download => &["M12 3v12", "M7 10.5l5 5 5-5", "M4 20.5h16"],
            Self::External => &["M14 4h6v6", "M10 14 20 4", "M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"],
            Self::Done => &["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18", "M8 12.5l2.8 2.8L16.5 9"],
            Self::Clock => &["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18", "M12 7v5.5l3.5 2"],
            Self::Attention => &["M12 3.5 22 20.5H2z", "M12 10v4.5", "M12 17.5v.5"],
            Self::Stop => &["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18", "M5.7 5.7l12.6 12.6"],
        }
    }
}

/// `icon`, decorative (hidden from screen readers) unless it has a `label`;
/// `after` a text rather than before it.
#[component]
pub fn IconSvg(
    icon: Icon,
    #[prop(optional)] label: Option<&'static str>,
    #[prop(optional)] after: bool,
) -> impl IntoView {
    let paths = icon.paths().iter().map(|d| view! { <path d=*d/> }).collect_view();
    view! {
        <svg class="icon" class:icon-after=after viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor"
            stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false"
            role=label.map(|_| "img") aria-label=label aria-hidden=label.is_none().then_some("true")>
            {paths}
        </svg>
    }
}

/// The icon that goes with a dossier's status.
pub fn status_icon(status: DossierStatus) -> Icon {
    use DossierStatus::*;
    match status {
        Processed | Returned => Icon::Done,
        SupplementRequested | PaymentRequested => Icon::Attention,
        NotAccepted | Withdrawn | Stopped => Icon::Stop,
        Draft | Submitted | Accepted | Processing | PendingApproval => Icon::Clock,
    }
}

/// A dossier's status in words, with its icon.
#[component]
pub fn StatusBadge(status: DossierStatus, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let t = use_t();
    view! {
        <span class="status-badge" id=id><IconSvg icon=status_icon(status)/>{status.label(t)}</span>
    }
}
