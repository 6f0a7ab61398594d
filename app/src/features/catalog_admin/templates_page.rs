//! `/dashboard/templates`: the form templates a definition may name (by
//! file name), each downloadable; a system administrator uploads a new one
//! with a plain HTML form (works without JavaScript) and is told the file
//! name to write in the definition.

use super::api::list_templates;
use crate::domain::access::Role;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::icons::{Icon, IconSvg};
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let user = crate::features::account::session::use_current_user();
    let query = use_query_map();
    let uploaded = query.read_untracked().get("uploaded");
    let error = query.read_untracked().get("error");
    let templates = Resource::new(|| (), |_| list_templates());
    view! {
        <PageMeta title=t.templates_title description=t.templates_lead/>
        <p class="breadcrumb"><a href="/dashboard/catalog">{t.catalog_admin_title}</a></p>
        <h1>{t.templates_title}</h1>
        <p class="lead">{t.templates_lead}</p>
        {uploaded.map(|name| view! {
            <p class="notice notice-success" role="status">{fill(t.templates_uploaded, &[("name", &name)])}</p>
        })}
        {error.map(|status| {
            let text = match status.as_str() {
                "413" => t.error_too_large,
                "415" => t.templates_wrong_type,
                "409" => t.templates_name_taken,
                "403" => t.templates_forbidden,
                "422" => t.templates_title_required,
                _ => t.error_text,
            };
            view! { <p class="notice notice-error" role="alert">{text}</p> }
        })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let national = user.await.ok().flatten().is_some_and(|u| u.has_role(Role::SystemAdmin));
                national.then(|| view! { <UploadForm/> })
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) => view! {
                        <div class="table-scroll">
                            <table>
                                <caption class="visually-hidden">{t.templates_title}</caption>
                                <thead><tr>
                                    <th scope="col">{t.templates_file_name}</th>
                                    <th scope="col">{t.templates_name}</th>
                                    <th scope="col">{t.doc_template}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|tpl| {
                                        let href = tpl.href();
                                        let kb = tpl.size_bytes.div_ceil(1024);
                                        view! { <tr>
                                            <td><code>{tpl.file_name.clone()}</code></td>
                                            <td>{tpl.title.get(locale).to_owned()}</td>
                                            <td><a href=href download><IconSvg icon=Icon::Download/>{fill(t.templates_download, &[("kb", &kb)])}</a></td>
                                        </tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The upload form: a plain multipart post to `/templates`.
#[component]
fn UploadForm() -> impl IntoView {
    let t = use_t();
    view! {
        <section class="panel stack" aria-labelledby="template-upload-heading">
            <h2 id="template-upload-heading">{t.templates_upload}</h2>
            <form method="post" action="/templates" enctype="multipart/form-data" class="stack">
                <div class="field">
                    <label for="template-title-vi">{t.templates_title_vi}</label>
                    <input id="template-title-vi" name="title_vi" required maxlength="200"/>
                </div>
                <div class="field">
                    <label for="template-title-en">{t.templates_title_en}</label>
                    <input id="template-title-en" name="title_en" maxlength="200"/>
                </div>
                <div class="field">
                    <label for="template-file">{t.templates_file}</label>
                    <p class="hint" id="template-file-hint">{t.templates_file_hint}</p>
                    <input id="template-file" name="file" type="file" required aria-describedby="template-file-hint"
                        accept=".pdf,.docx,.xlsx,.odt,application/pdf"/>
                </div>
                <button type="submit">{t.templates_upload_button}</button>
            </form>
        </section>
    }
}
