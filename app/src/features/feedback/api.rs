//! Server functions of feedback: the public list and the form (no sign-in;
//! without a session, feedback is about a dossier whose secret the sender
//! holds), the sender's own list, and the agency administrators' answers.

use crate::domain::feedback::{
    AnswerForm, FeedbackCase, FeedbackForm, FeedbackPage, FeedbackQuery, FeedbackSent, FeedbackTarget, MyFeedback,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of the published answers. JSON, because an empty query has no URL-encoded form.
#[server(endpoint = "list_feedback", input = Json)]
pub async fn list_feedback(query: FeedbackQuery) -> Result<FeedbackPage, AppError> {
    crate::server::call::serve(async |call| crate::server::feedback::published(&call.state.db, &query).await).await
}

/// The agency and procedure a link to the form names.
#[server(endpoint = "feedback_target", input = Json)]
pub async fn get_feedback_target(
    agency: Option<String>,
    procedure: Option<String>,
) -> Result<FeedbackTarget, AppError> {
    crate::server::call::serve(async |call| {
        crate::server::feedback::target(&call.state.db, agency.as_deref(), procedure.as_deref()).await
    })
    .await
}

/// Sends feedback (a plain form comes back to the form, with its code).
#[server(endpoint = "send_feedback")]
pub async fn send_feedback(feedback: FeedbackForm) -> Result<FeedbackSent, AppError> {
    crate::server::call::serve(async |call| {
        let sent = crate::server::feedback::send(
            &call.state.db,
            call.auth.user.as_ref(),
            &call.auth.client,
            &feedback,
            call.now,
        )
        .await?;
        crate::server::auth::redirect_plain_form(&format!("/feedback/new?sent={}", sent.code));
        Ok(sent)
    })
    .await
}

/// What the caller sent, with the answers.
#[server(endpoint = "my_feedback")]
pub async fn list_my_feedback() -> Result<Vec<MyFeedback>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::feedback::mine(&call.state.db, &me).await
    })
    .await
}

/// The feedback the caller's agency answers.
#[server(endpoint = "feedback_queue")]
pub async fn feedback_queue() -> Result<Vec<FeedbackCase>, AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::feedback::queue(&call.state.db, &me, call.today()).await
    })
    .await
}

/// Answers feedback `code`.
#[server(endpoint = "answer_feedback")]
pub async fn answer_feedback(code: String, answer: AnswerForm) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::feedback::answer(&call.state.db, &me, &code, &answer, call.now).await?;
        crate::server::auth::redirect_plain_form(&done(&code));
        Ok(())
    })
    .await
}

/// Hides feedback `code` as abuse.
#[server(endpoint = "hide_feedback")]
pub async fn hide_feedback(code: String, reason: Option<String>) -> Result<(), AppError> {
    crate::server::call::serve(async |call| {
        let (me, _) = call.signed_in()?;
        crate::server::feedback::hide(&call.state.db, &me, &code, &reason, call.now).await?;
        crate::server::auth::redirect_plain_form(&done(&code));
        Ok(())
    })
    .await
}

/// Where a plain form of the queue comes back to.
#[cfg(feature = "ssr")]
fn done(code: &str) -> String {
    let code = crate::domain::catalog::url_encode(code);
    format!("/dashboard/feedback?done={code}#feedback-{code}")
}
