//! `/dashboard/feedback`: the feedback sent to the administrator's agency,
//! open first by deadline (working days left), each with its answer form
//! (the question as it will be published, personal data removed) and the
//! form that hides abuse with a reason. Plain forms too.

use super::api::{AnswerFeedback, HideFeedback, feedback_queue};
use crate::domain::feedback::{ANSWER_DAYS, FeedbackCase, FeedbackStatus};
use crate::domain::identity::format_vn_date;
use crate::error::AppError;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::form::ProblemNotice;
use crate::ui::{ErrorNotice, PageMeta};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn FeedbackQueuePage() -> impl IntoView {
    let t = use_t();
    let answer = ServerAction::<AnswerFeedback>::new();
    let hide = ServerAction::<HideFeedback>::new();
    let queue = Resource::new(move || (answer.version().get(), hide.version().get()), |_| feedback_queue());
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        for result in [answer.value().get().map(|r| r.err()), hide.value().get().map(|r| r.err())] {
            if let Some(err) = result.flatten() {
                problem.set(Some(err));
            }
        }
    });
    // A plain form comes back with `?done=`.
    let done = leptos_router::hooks::use_query_map().read_untracked().get("done").filter(|c| c.len() <= 20);
    view! {
        <PageMeta title=t.feedback_queue_title description=t.feedback_intro/>
        <p><a href="/dashboard">{t.dashboard_title}</a></p>
        <h1>{t.feedback_queue_title}</h1>
        <p>{fill(t.feedback_queue_intro, &[("n", &ANSWER_DAYS)])}</p>
        <div role="status">{done.map(|code| view! { <p class="notice notice-success">{fill(t.feedback_done, &[("code", &code)])}</p> })}</div>
        <ProblemNotice problem/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(cases) if cases.is_empty() => view! { <p>{t.feedback_queue_none}</p> }.into_any(),
                    Ok(cases) => cases
                        .into_iter()
                        .map(|case| view! { <Case case answer hide/> })
                        .collect_view()
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Case(case: FeedbackCase, answer: ServerAction<AnswerFeedback>, hide: ServerAction<HideFeedback>) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let id = format!("feedback-{}", case.code);
    let left = case.days_left;
    let deadline = match case.status {
        FeedbackStatus::Open if left < 0 => format!("{} ({})", format_vn_date(case.due_on), t.feedback_overdue),
        FeedbackStatus::Open => {
            format!("{} ({})", format_vn_date(case.due_on), fill(t.feedback_days_left, &[("n", &left)]))
        }
        _ => format_vn_date(case.due_on),
    };
    let about = [
        Some(case.agency.get(locale).to_owned()),
        case.procedure.as_ref().map(|p| p.get(locale).to_owned()),
        case.dossier.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let sender = case.sender.clone().unwrap_or_else(|| t.feedback_sender_by_code.to_owned());
    let consent = if case.consent { t.feedback_consent_yes } else { t.feedback_consent_no };
    let code = case.code.clone();
    let forms = (case.status == FeedbackStatus::Open).then(|| {
        let (answer_id, title_id, question_id, reason_id) =
            (format!("answer-{code}"), format!("title-{code}"), format!("question-{code}"), format!("reason-{code}"));
        let (answered, hidden) = (code.clone(), code.clone());
        view! {
            <ActionForm action=answer attr:class="stack">
                <input type="hidden" name="code" value=answered/>
                <div class="field">
                    <label for=answer_id.clone()>{t.feedback_answer_field}</label>
                    <textarea id=answer_id name="answer[answer]" rows="5" maxlength="4000" required></textarea>
                </div>
                <div class="field">
                    <label for=title_id.clone()>{t.feedback_public_title}</label>
                    <input id=title_id name="answer[title]" maxlength="200" required value=case.redacted_title.clone()/>
                </div>
                <div class="field">
                    <label for=question_id.clone()>{t.feedback_public_question}</label>
                    <textarea id=question_id name="answer[question]" rows="4" maxlength="4000" required>{case.redacted.clone()}</textarea>
                </div>
                <button type="submit" disabled=move || answer.pending().get()>{t.feedback_answer_submit}</button>
            </ActionForm>
            <details class="action">
                <summary>{t.feedback_hide_submit}</summary>
                <ActionForm action=hide attr:class="stack">
                    <input type="hidden" name="code" value=hidden/>
                    <div class="field">
                        <label for=reason_id.clone()>{t.feedback_hide_reason}</label>
                        <textarea id=reason_id name="reason" rows="2" maxlength="4000" required></textarea>
                    </div>
                    <button type="submit" class="button-secondary" disabled=move || hide.pending().get()>{t.feedback_hide_submit}</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <article class="panel feedback-item" id=id>
            <h2>{case.title.clone()}</h2>
            <p class="hint">{format!("{} · {} · {}", case.code, case.topic.label(t), about)}</p>
            <dl class="facts">
                <div><dt>{t.dossier_status}</dt><dd>{case.status.label(t)}</dd></div>
                <div><dt>{t.feedback_sender}</dt><dd>{sender}</dd></div>
                <div><dt>{t.feedback_sent_on}</dt><dd>{format_vn_date(case.sent_on)}</dd></div>
                <div><dt>{t.feedback_due}</dt><dd>{deadline}</dd></div>
                <div><dt>{t.feedback_published}</dt><dd>{consent}</dd></div>
            </dl>
            <h3>{t.feedback_question}</h3>
            <p class="feedback-text">{case.content.clone()}</p>
            {case.answer.clone().map(|text| view! {
                <h3>{t.feedback_answer}</h3>
                <p class="feedback-text">{text}</p>
                {case.answered_on.map(|day| view! { <p class="hint">{t.feedback_answered_on}": " {format_vn_date(day)}</p> })}
            })}
            {case.hidden_reason.clone().map(|reason| view! { <p class="notice">{fill(t.feedback_hidden_because, &[("reason", &reason)])}</p> })}
            {forms}
        </article>
    }
}
