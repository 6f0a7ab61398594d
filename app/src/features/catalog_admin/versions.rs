//! What the definition and form editors share: the draft's text with what
//! stands in the way of publishing it, the notice of a save, the table of
//! published versions (with their downloads, or withdrawing one not in
//! force), and the form that publishes the draft from a day on.

use crate::domain::catalog::VersionInfo;
use crate::i18n::{fill, use_t};
use crate::ui::form::DateInput;
use crate::ui::form::vietnam_today;
use leptos::prelude::*;

/// The published versions, newest first; each with its export link where
/// `export` gives one, and a withdraw button where `withdraw` is given and
/// the version is of its scope (`own`), not in force and not withdrawn.
#[component]
pub fn VersionTable(
    versions: Vec<VersionInfo>,
    #[prop(optional)] show_kind: bool,
    #[prop(optional, into)] export: Option<Callback<i32, String>>,
    #[prop(optional, into)] withdraw: Option<Callback<i32>>,
    /// Whose versions `withdraw` acts on: the agency's own (otherwise national).
    #[prop(optional)]
    own: bool,
) -> impl IntoView {
    let t = use_t();
    let rows = versions
        .into_iter()
        .map(|v| {
            let kind = show_kind
                .then(|| view! { <td>{if v.own { t.form_editor_kind_own } else { t.form_editor_kind_national }}</td> });
            let link = export.map(|href| {
                let label = format!("{} {}", t.definition_export, v.number);
                view! { <td><a href=href.run(v.number) download="" aria-label=label>{t.definition_export}</a></td> }
            });
            let status = if v.in_force {
                t.form_editor_in_force
            } else if v.withdrawn {
                t.version_withdrawn
            } else {
                ""
            };
            let number = v.number;
            let action = withdraw.map(|withdraw| {
                let label = format!("{} {} {number}", t.version_withdraw, t.form_editor_version.to_lowercase());
                let button = (!v.in_force && !v.withdrawn && v.own == own).then(|| view! {
                    <button type="button" class="button-secondary" aria-label=label on:click=move |_| withdraw.run(number)>
                        {t.version_withdraw}
                    </button>
                });
                view! { <td>{button}</td> }
            });
            view! {
                <tr>
                    <th scope="row">{v.number}</th>
                    {kind}
                    <td>{v.effective_from.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()}</td>
                    <td>{status}</td>
                    {link}
                    {action}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{t.form_editor_versions}</caption>
                <thead><tr>
                    <th scope="col">{t.form_editor_version}</th>
                    {show_kind.then(|| view! { <th scope="col">{t.form_editor_kind}</th> })}
                    <th scope="col">{t.form_editor_effective}</th>
                    <th scope="col">{t.form_editor_status}</th>
                    {export.map(|_| view! { <th scope="col">{t.definition_file}</th> })}
                    {withdraw.map(|_| view! { <th scope="col"><span class="visually-hidden">{t.version_withdraw}</span></th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Publishes the saved draft from the day chosen (today in Vietnam by
/// default); `blocked` while the draft cannot be published.
#[component]
pub fn PublishDraft(#[prop(into)] blocked: Signal<bool>, on_publish: Callback<chrono::NaiveDate>) -> impl IntoView {
    let t = use_t();
    let effective = RwSignal::new(vietnam_today().to_string());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match crate::domain::identity::parse_iso_date(&effective.get_untracked()) {
            Some(day) => {
                error.set(None);
                on_publish.run(day);
            }
            None => error.set(Some(crate::domain::rules::Rule::DateFormat.message(t))),
        }
    };
    view! {
        <form on:submit=submit class="stack panel">
            <DateInput id="effective-from".to_owned() names=["day", "month", "year"].map(|part| format!("effective_from.{part}"))
                label=t.form_editor_effective.to_owned() required=true hint=Some(t.form_editor_effective_hint.to_owned())
                error value=effective on_change=Callback::new(move |text| effective.set(text))/>
            <button type="submit" disabled=move || blocked.get()>{t.form_editor_publish}</button>
        </form>
    }
}

/// The draft as text (`id` names the textarea) and, below it, each
/// problem that stands in the way of publishing it (`problems_message`
/// counts them).
#[component]
pub fn DraftText(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    rows: u32,
    text: RwSignal<String>,
    #[prop(into)] problems: Signal<Vec<String>>,
    problems_message: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <p class="hint" id=hint_id.clone()>{hint}</p>
            <textarea id=id class="code" rows=rows spellcheck="false" aria-describedby=hint_id
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        </div>
        {move || {
            let list = problems.get();
            (!list.is_empty()).then(|| view! {
                <div class="notice notice-warning" role="status">
                    <p>{fill(problems_message, &[("n", &list.len())])}</p>
                    <ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })
        }}
    }
}

/// What a save answered: kept, and how many problems are left before publishing.
pub fn saved_notice(problems_left: usize) -> impl IntoView {
    let t = use_t();
    let text = if problems_left == 0 {
        t.form_editor_saved.to_owned()
    } else {
        fill(t.form_editor_saved_problems, &[("n", &problems_left)])
    };
    view! { <p class="notice notice-success" role="status">{text}</p> }
}
