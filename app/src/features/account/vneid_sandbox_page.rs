//! `/sandbox/vneid/authorize`: the VNeID sandbox's sign-in page. It shows
//! the test identities (each at the levels its account allows) and posts the
//! choice to `/sandbox/vneid/consent`, which sends the browser back to the
//! portal with a code.

use super::api::sandbox_sign_in;
use crate::i18n::{fill, use_t};
use crate::ui::PageMeta;
use leptos::prelude::*;

#[component]
pub fn VneidSandboxPage() -> impl IntoView {
    let t = use_t();
    let query = crate::ui::raw_query();
    let request = Resource::new(move || query.get(), sandbox_sign_in);
    view! {
        <PageMeta title=t.vneid_sandbox_title description=t.vneid_sandbox_warning/>
        <h1>{t.vneid_sandbox_title}</h1>
        <p class="notice">{t.vneid_sandbox_warning}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match request.await {
                    Ok(request) => {
                        let first = request.identities.iter().position(|i| i.level >= request.level_asked).unwrap_or(0);
                        let choices = request
                            .identities
                            .iter()
                            .enumerate()
                            .map(|(i, identity)| {
                                let id = format!("identity-{i}");
                                let mut label = format!(
                                    "{} ({}), {}",
                                    identity.full_name,
                                    identity.personal_id_masked,
                                    fill(t.vneid_sandbox_level, &[("level", &identity.level)])
                                );
                                if let Some(organisation) = &identity.organisation {
                                    label.push_str(&fill(t.vneid_sandbox_represents, &[("organisation", organisation)]));
                                }
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="choice" id=id.clone() value=identity.choice.clone() checked=i == first/>
                                        <label for=id>{label}</label>
                                    </div>
                                }
                            })
                            .collect_view();
                        view! {
                            <p>{fill(t.vneid_sandbox_level_asked, &[("level", &request.level_asked)])}</p>
                            <form method="post" action="/sandbox/vneid/consent" class="stack">
                                <input type="hidden" name="query" value=query.get_untracked()/>
                                <fieldset>
                                    <legend>{t.vneid_sandbox_identity}</legend>
                                    {choices}
                                </fieldset>
                                <button type="submit">{t.vneid_sandbox_confirm}</button>
                            </form>
                        }
                        .into_any()
                    }
                    Err(_) => view! { <div class="notice notice-error" role="alert"><p>{t.vneid_sandbox_invalid}</p></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
