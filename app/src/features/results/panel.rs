//! The signed result on its dossier's page: download, verification code,
//! signing time and fingerprint.

use crate::domain::dossier::format_vn_datetime;
use crate::domain::result::SignedResult;
use crate::i18n::use_t;
use crate::ui::icons::{Icon, IconSvg};
use leptos::prelude::*;

#[component]
pub fn SignedResultPanel(result: SignedResult) -> impl IntoView {
    let t = use_t();
    view! {
        <section class="panel" aria-labelledby="result-title">
            <h2 id="result-title">{t.result_title}</h2>
            <p>{t.result_intro}</p>
            <p><a class="button" href=format!("/attachments/{}", result.attachment_id) download=result.file_name.clone()><IconSvg icon=Icon::Download/>{t.result_download}</a></p>
            <dl class="facts">
                <dt>{t.check_code}</dt><dd><a href=result.verify_href()>{result.code.clone()}</a></dd>
                <dt>{t.check_signed_at}</dt><dd>{format_vn_datetime(result.signed_at)}</dd>
                <dt>{t.check_hash}</dt><dd><code class="hash">{result.sha256.clone()}</code></dd>
            </dl>
        </section>
    }
}
