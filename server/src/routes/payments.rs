//! Level-4 routes: starting a payment, the VNPay IPN, the receipt, the
//! sandbox gateway's form post and `querydr`.

use super::confirmation::pdf_response;
use app::error::AppError;
use app::server::auth::RequestAuth;
use app::server::state::AppState;
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use app::server::payments::vnpay::parse_query;

fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    parse_query(query.unwrap_or_default())
}

/// `POST /dossiers/{code}/pay`: a new payment order for the applicant's
/// dossier, then off to the gateway (303). Works as a plain form.
pub async fn start(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(code): Path<String>,
) -> Response {
    let Some(me) = auth.user else { return AppError::SignInRequired.into_response() };
    let Some(gateway) = state.payments.as_ref() else { return AppError::NotFound.into_response() };
    let ip = auth.client.ip.as_deref().unwrap_or("127.0.0.1");
    match app::server::payments::start(&state.db, gateway, &me, &code, ip, auth.client.locale, state.clock.now()).await
    {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(err) => err.into_response(),
    }
}

/// `GET /payments/vnpay/ipn`: the gateway's server-to-server confirmation.
pub async fn ipn(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let answer = match state.payments.as_ref() {
        Some(gateway) => {
            let params = pairs(query.as_deref());
            app::server::payments::ipn(&state.db, &state.events, gateway, &params, state.clock.now()).await
        }
        None => return AppError::NotFound.into_response(),
    };
    axum::Json(answer.to_json()).into_response()
}

/// `GET /payments/{txn_ref}/receipt.pdf`: the electronic receipt of a paid order.
pub async fn receipt(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(txn_ref): Path<String>,
) -> Response {
    let Some(me) = auth.user else { return AppError::SignInRequired.into_response() };
    match app::server::payments::receipt(&state.db, &me, &txn_ref).await {
        Ok(pdf) => pdf_response(pdf, &format!("bien-lai-{txn_ref}.pdf")),
        Err(err) => err.into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct SandboxChoice {
    /// The payment URL's query, as the gateway page received it.
    query: String,
    outcome: String,
}

/// `POST /sandbox/vnpay/pay`: the tester's choice on the sandbox's page;
/// the browser goes back to the merchant's return URL (303), the IPN goes out.
pub async fn sandbox_pay(State(state): State<AppState>, axum::Form(choice): axum::Form<SandboxChoice>) -> Response {
    let Some(sandbox) = state.sandbox.as_ref() else { return AppError::NotFound.into_response() };
    let params = pairs(Some(&choice.query));
    match sandbox.complete(&state.db, &params, &choice.outcome, state.clock.now()).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(err) => err.into_response(),
    }
}

/// `POST /sandbox/vnpay/merchant_webapi/api/transaction`: `querydr`.
pub async fn sandbox_query(State(state): State<AppState>, body: String) -> Response {
    let Some(sandbox) = state.sandbox.as_ref() else { return AppError::NotFound.into_response() };
    let Ok(request) = serde_json::from_str::<serde_json::Value>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(serde_json::json!({"vnp_ResponseCode": "03", "vnp_Message": "Invalid data format"})),
        )
            .into_response();
    };
    match sandbox.query(&state.db, &request).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(err) => err.into_response(),
    }
}
