//! How a dossier is progressing, shown alike to its applicant and to the
//! officials: the timeline, the processing clock (with how the appointment
//! was computed) and the papers issued on the way.

use crate::domain::dashboard::Notice;
use crate::domain::dossier::format_vn_datetime;
use crate::domain::progress::ClockView;
use crate::domain::progress::{DossierView, TimelineEntry};
use crate::i18n::{fill, use_t};
use crate::ui::icons::{Icon, IconSvg};
use leptos::prelude::*;

/// A date as Vietnamese write it: 07/12/2026.
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let t = use_t();
    let items = entries
        .into_iter()
        .map(|e| {
            let detail = e.detail.as_ref().map(|d| d.describe(t));
            view! {
                <li>
                    <time datetime=e.at.to_rfc3339()>{format_vn_datetime(e.at)}</time>
                    ": " <strong>{e.to.label(t)}</strong>
                    {e.action.map(|a| view! { " — " {a.label(t)} })}
                    {detail.map(|d| view! { <p>{d}</p> })}
                    {e.note.clone().map(|n| {
                        // Officials see which notes the applicant reads too.
                        let to_applicant = e.action.is_none_or(crate::domain::workflow::Action::note_reaches_applicant);
                        let label = if to_applicant { t.note_to_applicant } else { t.note_internal };
                        let by_official = e.role.as_deref() != Some("citizen");
                        let label = by_official.then(|| view! { <span class="note-kind">{label}": "</span> });
                        view! { <p class="muted">{label}{n}</p> }
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }
}

/// The appointment date and how it was computed.
#[component]
pub fn ClockPanel(clock: ClockView) -> impl IntoView {
    let t = use_t();
    let d = clock.deadline;
    let urgency = clock.urgency.map(|u| {
        let (class, text) = match u {
            crate::domain::calendar::Urgency::OnTrack => ("urgency ok", t.urgency_on_track),
            crate::domain::calendar::Urgency::DueSoon => ("urgency soon", t.urgency_due_soon),
            crate::domain::calendar::Urgency::Overdue => ("urgency late", t.urgency_overdue),
        };
        view! { " " <span class=class>{text}</span> }
    });
    let reappointments = clock
        .reappointments
        .into_iter()
        .map(|(date, reason)| view! { <li>{fill(t.clock_reappointed, &[("date", &day(date)), ("reason", &reason)])}</li> })
        .collect_view();
    view! {
        <section class="panel clock" aria-labelledby="clock-heading">
            <h2 id="clock-heading">{t.clock_title}</h2>
            <dl class="facts">
                <dt>{t.clock_accepted}</dt><dd>{day(d.accepted_on)}</dd>
                <dt>{t.clock_days}</dt><dd>{fill(t.clock_days_value, &[("n", &d.processing_days.to_string())])}</dd>
                <dt>{t.clock_paused}</dt><dd>{fill(t.clock_days_value, &[("n", &d.paused_days.to_string())])}</dd>
                <dt>{t.clock_due}</dt><dd><strong class="due-date">{day(d.due)}</strong>{urgency}</dd>
            </dl>
            {d.paused_since.map(|since| view! { <p class="notice">{fill(t.clock_paused_now, &[("date", &day(since))])}</p> })}
            <ul>{reappointments}</ul>
            <p class="hint">{t.clock_explain}</p>
        </section>
    }
}

/// Links to the papers (Forms 01–04) issued for this dossier.
#[component]
pub fn Papers(dossier: DossierView) -> impl IntoView {
    let t = use_t();
    let code = dossier.summary.code.clone();
    let links = Notice::issued(&dossier)
        .into_iter()
        .map(|n| {
            view! { <li><a href=format!("/dossiers/{code}/forms/{}", n.number()) download=""><IconSvg icon=Icon::Download/>{n.label(t)}" (PDF)"</a></li> }
        })
        .collect_view();
    view! { <ul class="papers">{links}</ul> }
}
