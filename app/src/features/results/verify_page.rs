//! `/verify/{code}`: anyone (the QR code on a result leads here) sees whether
//! the signed document is valid and what to compare with the paper (dossier,
//! holder, procedure, issuer, date), its hash and signature; an uploaded copy
//! is checked against it by a plain multipart form whose answer is this page
//! rendered with the outcome ([`UploadCheck`], never read from the URL).

use super::api::verify_result;
use crate::domain::dossier::format_vn_datetime;
use crate::domain::result::UploadCheck;
use crate::error::AppError;
use crate::i18n::{use_locale, use_t};
use crate::ui::PageMeta;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ResultVerifyPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let missing = Memo::new(move |_| query.read().get("missing").is_some());
    let verification = Resource::new(move || code.get(), verify_result);
    // Provided only while the server answers `POST /verify/{code}`; the
    // browser hydrates the same value, and navigating here never has one.
    let uploaded = use_context::<UploadCheck>();
    let upload = Resource::new(|| (), move |_| async move { uploaded });
    view! {
        <PageMeta title=t.check_title description=t.check_intro/>
        <h1>{t.check_title}</h1>
        <p>{t.check_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match verification.await {
                    Ok(v) => {
                        let file_check = upload.await.map(|UploadCheck { matches }| {
                            let (class, text) = match matches {
                                true => ("notice notice-success", t.check_file_matches),
                                false => ("notice notice-error", t.check_file_differs),
                            };
                            view! { <div class=class role="status"><p>{text}</p></div> }
                        });
                        let code = v.code.clone();
                        view! {
                            <div class=if v.valid { "notice notice-success" } else { "notice notice-error" } role="status">
                                <p><strong>{if v.valid { t.check_valid } else { t.check_invalid }}</strong></p>
                            </div>
                            {file_check}
                            <dl class="facts">
                                <dt>{t.check_code}</dt><dd>{v.code.clone()}</dd>
                                <dt>{t.check_dossier}</dt><dd>{v.dossier_code.clone()}</dd>
                                <dt>{t.check_holder}</dt><dd>{v.holder.clone()}</dd>
                                <dt>{t.dossier_procedure}</dt><dd>{format!("{} ({})", v.procedure.get(locale), v.procedure_code)}</dd>
                                <dt>{t.check_issuer}</dt><dd>{v.issuer.clone()}</dd>
                                <dt>{t.check_signed_at}</dt><dd>{format_vn_datetime(v.signed_at)}</dd>
                                <dt>{t.check_hash}</dt><dd><code class="hash">{v.sha256.clone()}</code></dd>
                                <dt>{t.check_signature}</dt><dd><code class="hash">{v.signature.clone()}</code></dd>
                            </dl>
                            <p>{t.check_offline}</p>
                            <form method="post" enctype="multipart/form-data" action=format!("/verify/{code}") class="stack">
                                {move || missing.get().then(|| view! { <p class="field-error" role="alert">{t.check_choose_file}</p> })}
                                <div class="field">
                                    <label for="verify-file">{t.check_upload_label}</label>
                                    <input type="file" id="verify-file" name="file" accept="application/pdf"/>
                                </div>
                                <button type="submit">{t.check_upload_submit}</button>
                            </form>
                            <ul class="links">
                                // Files, not pages: the router must let the browser fetch them.
                                <li><a href="/verify/public-key.pem" rel="external" download="public-key.pem">{t.check_public_key}</a></li>
                                <li><a href=format!("/verify/{code}/signature") rel="external" download="">{t.check_signature_download}</a></li>
                            </ul>
                        }
                        .into_any()
                    }
                    Err(err) => {
                        #[cfg(feature = "ssr")]
                        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                            response.set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::NOT_FOUND));
                        }
                        let text = match err {
                            AppError::NotFound => t.check_not_found.to_owned(),
                            other => other.message(t),
                        };
                        view! { <div class="notice notice-error" role="alert"><p>{text}</p></div> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
