//! `/dashboard/holidays`: system administrators keep the working-day
//! calendar — public holidays and the weekend days worked in exchange.

use super::api::{RemoveHoliday, SaveHoliday, list_holidays};
use crate::domain::calendar::CalendarDay;
use crate::error::AppError;
use crate::i18n::use_t;
use crate::ui::form::DateInput;
use crate::ui::form::ProblemNotice;
use crate::ui::{ErrorNotice, PageMeta};
use leptos::prelude::*;

#[component]
pub fn HolidaysPage() -> impl IntoView {
    let t = use_t();
    let save = ServerAction::<SaveHoliday>::new();
    let remove = ServerAction::<RemoveHoliday>::new();
    let days = Resource::new(move || (save.version().get(), remove.version().get()), |_| list_holidays());
    let problem = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        for result in [save.value().get(), remove.value().get()].into_iter().flatten() {
            problem.set(result.err());
        }
    });
    let (day, name_vi, name_en, working) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(false),
    );
    let day_error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(parsed) = crate::domain::identity::parse_iso_date(&day.get_untracked()) else {
            day_error.set(Some(crate::domain::rules::Rule::DateFormat.message(t)));
            return;
        };
        day_error.set(None);
        save.dispatch(SaveHoliday {
            day: CalendarDay {
                day: parsed,
                name_vi: name_vi.get_untracked(),
                name_en: name_en.get_untracked(),
                working: working.get_untracked(),
            },
        });
    };
    view! {
        <PageMeta title=t.holidays_title description=t.holidays_title/>
        <p class="breadcrumb"><a href="/dashboard">{t.case_back}</a></p>
        <h1>{t.holidays_title}</h1>
        <ProblemNotice problem/>
        <form on:submit=add class="panel stack" aria-labelledby="add-day-heading">
            <h2 id="add-day-heading">{t.holidays_add}</h2>
            <DateInput id="day".to_owned() names=["day", "month", "year"].map(|part| format!("day.{part}"))
                label=t.holidays_day.to_owned() required=true error=day_error value=day
                on_change=Callback::new(move |text| day.set(text))/>
            <div class="field"><label for="name_vi">{t.holidays_name_vi}</label>
                <input type="text" id="name_vi" required=true maxlength="200" on:input=move |ev| name_vi.set(event_target_value(&ev))/></div>
            <div class="field"><label for="name_en">{t.holidays_name_en}</label>
                <input type="text" id="name_en" maxlength="200" on:input=move |ev| name_en.set(event_target_value(&ev))/></div>
            <label class="check" for="working"><input type="checkbox" id="working" on:change=move |ev| working.set(event_target_checked(&ev))/>{t.holidays_working}</label>
            <button type="submit">{t.holidays_add}</button>
        </form>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match days.await {
                    Ok(list) => view! {
                        <div class="table-scroll">
                            <table>
                                <caption>{t.holidays_title}</caption>
                                <thead><tr>
                                    <th scope="col">{t.holidays_day}</th>
                                    <th scope="col">{t.holidays_name_vi}</th>
                                    <th scope="col">{t.holidays_working}</th>
                                    <th scope="col"><span class="visually-hidden">{t.holidays_remove}</span></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|d| {
                                        let label = format!("{} {}", t.holidays_remove, d.day.format("%d/%m/%Y"));
                                        view! {
                                            <tr>
                                                <th scope="row"><time datetime=d.day.to_string()>{d.day.format("%d/%m/%Y").to_string()}</time></th>
                                                <td>{d.name_vi.clone()}</td>
                                                <td>{if d.working { t.holidays_worked } else { t.holidays_off }}</td>
                                                <td><button type="button" class="secondary" aria-label=label
                                                    on:click=move |_| { remove.dispatch(RemoveHoliday { day: d.day }); }>{t.holidays_remove}</button></td>
                                            </tr>
                                        }
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
