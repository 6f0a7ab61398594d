//! Form pieces (GOV.UK pattern): a labelled field with its hint and error, and
//! an error summary at the top that links to each field.

use crate::domain::date_input::DateParts;
use crate::domain::rules::{FieldErrors, Rule};
use crate::error::AppError;
use crate::i18n::use_t;
use leptos::prelude::*;

/// The errors of a form being filled in, by field.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<FieldErrors>);

impl FormErrors {
    pub fn new() -> Self {
        Self(RwSignal::new(FieldErrors::default()))
    }

    /// The rule `field` breaks now.
    pub fn of(self, field: &'static str) -> Signal<Option<Rule>> {
        Signal::derive(move || self.0.with(|errors| errors.get(field)))
    }

    /// Shows (or clears) the error of one field from a whole-form check.
    pub fn update_field(self, field: &str, all: &FieldErrors) {
        self.0.update(|errors| {
            errors.0.retain(|e| e.field != field);
            if let Some(rule) = all.get(field) {
                errors.push(field, rule);
            }
        });
    }

    pub fn set(self, errors: FieldErrors) {
        self.0.set(errors);
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

/// A date typed as day, month and year, in that order (GOV.UK's
/// memorable-date pattern with the labels "Ngày / Tháng / Năm"): a group
/// with its label, hint and error, and three numeric boxes. `value` is the
/// `YYYY-MM-DD` text they make (`domain::date_input`); a plain form posts
/// the boxes as `names` (day, month, year). The day box has `id`, so an
/// error summary's link lands in it.
#[component]
pub fn DateInput(
    id: String,
    names: [String; 3],
    label: String,
    #[prop(optional)] required: bool,
    #[prop(optional_no_strip)] hint: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    /// A date of birth: browsers may fill it in.
    #[prop(optional)]
    birthday: bool,
) -> impl IntoView {
    let t = use_t();
    let initial = DateParts::of(&value.get_untracked());
    let parts = [initial.day, initial.month, initial.year].map(RwSignal::new);
    let typed = move || DateParts { day: parts[0].get(), month: parts[1].get(), year: parts[2].get() };
    // A value set from elsewhere (a restored draft) shows in the boxes;
    // what is typed here already equals it.
    Effect::new(move |_| {
        let now = value.get();
        if now != untrack(typed).text() {
            let shown = DateParts::of(&now);
            for (part, text) in parts.iter().zip([shown.day, shown.month, shown.year]) {
                part.set(text);
            }
        }
    });
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described_by = {
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let ids: Vec<&str> = [(has_hint, hint_id.as_str()), (error.get().is_some(), error_id.as_str())]
                .into_iter()
                .filter_map(|(on, id)| on.then_some(id))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let boxes = [
        (t.date_day, "", 2, "bday-day"),
        (t.date_month, "-month", 2, "bday-month"),
        (t.date_year, "-year", 4, "bday-year"),
    ];
    let inputs = boxes
        .into_iter()
        .zip(names)
        .zip(parts)
        .map(|(((caption, suffix, digits, autocomplete), name), part)| {
            let box_id = format!("{id}{suffix}");
            view! {
                <div class="date-part" class:date-year=digits == 4>
                    <label for=box_id.clone()>{caption}</label>
                    <input id=box_id name=name inputmode="numeric" maxlength=digits size=digits
                        autocomplete=birthday.then_some(autocomplete)
                        aria-invalid=move || error.get().is_some().then_some("true")
                        value=part.get_untracked() prop:value=move || part.get()
                        on:input=move |ev| {
                            // Digits only: a stray mark never shifts the parts.
                            part.set(event_target_value(&ev).chars().filter(char::is_ascii_digit).collect());
                            on_change.run(untrack(typed).text());
                        }
                        on:blur=move |_| if let Some(blur) = on_blur { blur.run(()) }/>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <fieldset class="date-input" aria-describedby=described_by>
                <legend>{label}{required.then_some(" *")}</legend>
                {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
                {move || error.get().map(|text| view! { <p class="field-error" id=error_id.clone()>{text}</p> })}
                <div class="date-parts">{inputs}</div>
            </fieldset>
        </div>
    }
}

/// [`DateInput`] for a form checked with [`FormErrors`], named `form[{field}][day]` (…).
#[component]
pub fn DateField(
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(optional)] birthday: bool,
    #[prop(optional, into)] on_check: Option<Callback<&'static str>>,
) -> impl IntoView {
    let t = use_t();
    let rule = errors.of(field);
    let error = Signal::derive(move || rule.get().map(|r| r.message(t)));
    let on_change = Callback::new(move |text: String| {
        value.set(text);
        if rule.get_untracked().is_some()
            && let Some(check) = on_check
        {
            check.run(field);
        }
    });
    let on_blur = Callback::new(move |()| {
        if let Some(check) = on_check {
            check.run(field)
        }
    });
    let names = ["day", "month", "year"].map(|part| format!("form[{field}][{part}]"));
    view! {
        <DateInput id=field.to_owned() names label=label.to_owned() error value on_change on_blur birthday/>
    }
}

/// A text-like input with label, hint and error, named `form[{field}]`.
#[component]
pub fn Field(
    /// The field's key, also its element id.
    field: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = "form")] prefix: &'static str,
    /// Re-checks the form when the field loses focus or changes after an error.
    #[prop(optional, into)]
    on_check: Option<Callback<&'static str>>,
) -> impl IntoView {
    let t = use_t();
    let error = errors.of(field);
    let hint_id = format!("{field}-hint");
    let error_id = format!("{field}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let name = if prefix.is_empty() { field.to_owned() } else { format!("{prefix}[{field}]") };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=field>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {move || error.get().map(|rule| view! { <p class="field-error" id=error_id.clone()>{rule.message(t)}</p> })}
            <input
                id=field
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                // The attribute for the first paint (and browsers without
                // JavaScript); the property keeps it in step afterwards.
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if error.get_untracked().is_some() && let Some(check) = on_check {
                        check.run(field);
                    }
                }
                on:blur=move |_| if let Some(check) = on_check { check.run(field) }
            />
        </div>
    }
}

/// The summary of a form's errors, linking to each field; `labels` maps field
/// keys to their labels.
#[component]
pub fn ErrorSummary(errors: FormErrors, labels: Vec<(&'static str, &'static str)>) -> impl IntoView {
    let t = use_t();
    move || {
        let list = errors.0.get();
        (!list.is_empty()).then(|| {
            let items = list
                .0
                .iter()
                .map(|e| {
                    let label = labels.iter().find(|(k, _)| *k == e.field).map_or("", |(_, l)| *l);
                    view! { <li><a href=format!("#{}", e.field)>{format!("{label}: {}", e.rule.message(t))}</a></li> }
                })
                .collect_view();
            summary_box(items)
        })
    }
}

/// The box of an error summary around its items (links to the fields).
pub fn summary_box(items: impl IntoView) -> impl IntoView {
    let t = use_t();
    view! {
        <div class="error-summary" role="alert" tabindex="-1">
            <h2>{t.error_summary_title}</h2>
            <ul>{items}</ul>
        </div>
    }
}

/// A non-field error from the server, announced to screen readers.
#[component]
pub fn ProblemNotice(problem: RwSignal<Option<AppError>>) -> impl IntoView {
    let t = use_t();
    let here = leptos_router::hooks::use_location();
    move || {
        problem.get().map(|err| {
            // A step up to a higher level of assurance, back to this page.
            let step_up = match &err {
                AppError::IdentityLevelRequired { level } => {
                    let next = current_address(&here);
                    let href = format!("/login/vneid?level={level}&next={}", crate::domain::catalog::url_encode(&next));
                    Some(view! { <p><a class="button" href=href rel="external">{t.vneid_step_up}</a></p> })
                }
                _ => None,
            };
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{err.message(t)}</p>
                    {step_up}
                </div>
            }
        })
    }
}

/// The page's own address, path and query: the browser's (a page may have
/// named its draft in it since the router last navigated), else the router's.
fn current_address(router: &leptos_router::location::Location) -> String {
    #[cfg(not(feature = "ssr"))]
    if let (Ok(path), Ok(search)) = (window().location().pathname(), window().location().search()) {
        return format!("{path}{search}");
    }
    format!("{}{}", router.pathname.get_untracked(), router.search.get_untracked())
}

/// Takes the user to `path` with a full page load (the header and every
/// resource then reflect the new session).
pub fn go_to(path: &str) {
    #[cfg(not(feature = "ssr"))]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(feature = "ssr")]
    let _ = path;
}

impl FormErrors {
    /// Puts a server error where the user will see it: beside the fields for
    /// form mistakes, in `problem` otherwise.
    pub fn show(self, err: AppError, problem: RwSignal<Option<AppError>>) {
        match err {
            AppError::Invalid(errors) => {
                problem.set(None);
                self.set(errors);
            }
            other => problem.set(Some(other)),
        }
    }
}

/// Today's date in Vietnam, the portal's calendar (effective dates,
/// appointments), wherever the browser is.
pub fn vietnam_today() -> chrono::NaiveDate {
    #[cfg(feature = "ssr")]
    let now = chrono::Utc::now();
    #[cfg(not(feature = "ssr"))]
    let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    crate::domain::dossier::vietnam_date(now)
}

/// Today's date where the user is (the browser's clock; Vietnam's on the server).
pub fn today() -> chrono::NaiveDate {
    #[cfg(feature = "ssr")]
    {
        crate::domain::dossier::vietnam_date(chrono::Utc::now())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let now = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
            .unwrap_or(chrono::NaiveDate::MAX)
    }
}
