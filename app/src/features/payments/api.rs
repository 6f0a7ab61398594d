//! Server functions of level 4: the payment return page, the sandbox
//! gateway's page.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The return page's facts (`/payments/vnpay/return`): the gateway's
/// parameters, checked, and what the portal recorded. Display only.
#[server(endpoint = "payment_return", input = Json)]
pub async fn payment_return(query: String) -> Result<crate::domain::payment::PaymentReturn, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let gateway = state.payments.as_ref().ok_or(AppError::NotFound)?;
        let params = crate::server::payments::vnpay::parse_query(&query);
        crate::server::payments::returned(&state.db, gateway, &params).await
    })
    .await
}

/// The sandbox gateway's payment page: the order the parameters describe.
#[server(endpoint = "sandbox_order", input = Json)]
pub async fn sandbox_order(query: String) -> Result<crate::domain::payment::SandboxOrder, AppError> {
    crate::server::call::serve(async |call| {
        let state = &call.state;
        let sandbox = state.sandbox.as_ref().ok_or(AppError::NotFound)?;
        sandbox.order(&crate::server::payments::vnpay::parse_query(&query))
    })
    .await
}
