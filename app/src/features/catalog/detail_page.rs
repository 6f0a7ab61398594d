//! `/procedures/{code}`: every level-1 field of one procedure.

use super::api::get_procedure;
use super::components::{LevelBadge, agency_level_name, class_name, processing_time};
use crate::domain::catalog::ProcedureDetail;
use crate::i18n::{fill, use_locale, use_t};
use crate::ui::icons::{Icon, IconSvg};
use crate::ui::{ErrorNotice, NotFound, PageMeta};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProcedureDetailPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let procedure = Resource::new(move || code.get(), get_procedure);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let code = code.get_untracked();
                match procedure.await {
                    Ok(Some(detail)) => view! { <ProcedureView detail/> }.into_any(),
                    Ok(None) => {
                        let text = fill(t.not_found_procedure_text, &[("code", &code)]);
                        view! { <NotFound title=t.not_found_procedure_title text/> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProcedureView(detail: ProcedureDetail) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let s = &detail.summary;
    let name = s.name.get(locale).to_owned();
    let description = format!("{} — {}: {}", s.code, t.field_result, detail.result.get(locale));
    let text_list = |items: &[crate::domain::text::LocalText]| {
        items.iter().map(|i| view! { <li>{i.get(locale).to_owned()}</li> }).collect_view()
    };
    let processing = {
        let note = detail.processing_note.get(locale);
        let days = processing_time(t, s.processing_days);
        if note.is_empty() { days } else { format!("{days}. {note}") }
    };
    let channels = detail.channels.iter().map(|c| view! { <li>{c.label(t)}</li> }).collect_view();
    let conditions = if detail.conditions.is_empty() {
        view! { <p>{t.no_conditions}</p> }.into_any()
    } else {
        view! { <ul>{text_list(&detail.conditions)}</ul> }.into_any()
    };
    let documents = detail
        .documents
        .iter()
        .map(|d| {
            let doc_name = d.name.get(locale).to_owned();
            let mut quantity = vec![fill(t.doc_originals, &[("n", &d.originals)])];
            if d.copies > 0 {
                quantity.push(fill(t.doc_copies, &[("n", &d.copies)]));
            }
            let template = match &d.template {
                Some(tpl) => {
                    let extension =
                        tpl.file_name.rsplit_once('.').map(|(_, ext)| ext.to_uppercase()).unwrap_or_default();
                    let label = fill(t.download_template, &[("name", &tpl.title.get(locale)), ("kind", &extension)]);
                    view! { <a href=tpl.href() rel="external" type=tpl.media_type.clone()><IconSvg icon=Icon::Download/>{label}</a> }.into_any()
                }
                None => view! { <span>{t.no_template}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td>{doc_name} {(!d.mandatory).then_some(t.doc_optional)}</td>
                    <td>{quantity.join(", ")}</td>
                    <td>{template}</td>
                </tr>
            }
        })
        .collect_view();
    let fees = if detail.fees.is_empty() {
        view! { <p>{t.no_fees}</p> }.into_any()
    } else {
        view! { <super::FeeItems fees=detail.fees.clone()/> }.into_any()
    };
    let legal = detail
        .legal_bases
        .iter()
        .map(|l| {
            view! {
                <li>
                    <strong>{l.kind.get(locale).to_owned()} " " {l.number.clone()}</strong> " — " {l.title.get(locale).to_owned()}
                    <br/>
                    <small>{fill(t.legal_issued, &[("issuer", &l.issuer.get(locale)), ("date", &l.issued_on)])}</small>
                </li>
            }
        })
        .collect_view();
    view! {
        <PageMeta title=name.clone() description/>
        <p><A href="/procedures">{t.back_to_catalog}</A></p>
        <article class="procedure">
            <h1>{name}</h1>
            <LevelBadge level=s.level/>
            {(s.level >= crate::domain::codes::ServiceLevel::L2).then(|| view! {
                <p><a class="button" href=format!("/procedures/{}/apply", s.code)>{t.apply_start}</a></p>
            })}
            <dl class="facts facts-detail">
                <div><dt>{t.field_code}</dt><dd>{s.code.clone()}</dd></div>
                <div><dt>{t.field_sector}</dt><dd>{s.sector.name.get(locale).to_owned()}</dd></div>
                <div><dt>{t.field_agency}</dt><dd>
                    <a href="#implementers">{fill(t.implementers_count, &[("n", &detail.implementer_count)])}</a>
                </dd></div>
                <div><dt>{t.field_agency_level}</dt><dd>{agency_level_name(t, s.agency.level)}</dd></div>
                <div><dt>{t.field_level}</dt><dd>{super::components::level_name(t, s.level)} " — " {super::components::level_help(t, s.level)}</dd></div>
                <div><dt>{t.field_class}</dt><dd>{class_name(t, s.online_class)}</dd></div>
                <div><dt>{t.field_processing_time}</dt><dd>{processing}</dd></div>
                <div><dt>{t.field_applicants}</dt><dd>{detail.applicants.get(locale).to_owned()}</dd></div>
                <div><dt>{t.field_result}</dt><dd>{detail.result.get(locale).to_owned()}</dd></div>
                {detail.version.as_ref().map(|v| view! { <div><dt>{t.field_version}</dt><dd>{v.describe(t)}</dd></div> })}
            </dl>
            <crate::features::transparency::ProcedureScorecard code=s.code.clone()/>
            <super::implementers::ImplementerList code=s.code.clone() count=detail.implementer_count any_desk=detail.any_desk/>
            <section aria-labelledby="channels"><h2 id="channels">{t.field_channels}</h2><ul>{channels}</ul></section>
            <section aria-labelledby="steps"><h2 id="steps">{t.section_steps}</h2><ol>{text_list(&detail.steps)}</ol></section>
            <section aria-labelledby="conditions"><h2 id="conditions">{t.section_conditions}</h2>{conditions}</section>
            <section aria-labelledby="documents">
                <h2 id="documents">{t.section_documents}</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="documents">
                    <table>
                        <thead><tr><th scope="col">{t.doc_name}</th><th scope="col">{t.doc_quantity}</th><th scope="col">{t.doc_template}</th></tr></thead>
                        <tbody>{documents}</tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="fees"><h2 id="fees">{t.section_fees}</h2>{fees}</section>
            <section aria-labelledby="legal"><h2 id="legal">{t.section_legal}</h2><ul class="legal">{legal}</ul></section>
        </article>
    }
}
