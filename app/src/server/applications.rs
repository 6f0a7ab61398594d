//! The apply page's server side: what the page needs to start (the form,
//! the draft being resumed or answers prefilled from the profile, places),
//! and the same steps for a browser without JavaScript, which posts each
//! step as a plain HTML form.

use crate::domain::access::SessionUser;
use crate::domain::applicant::{ON_BEHALF_FIELD, PERSON_ID_FIELD, PERSON_NAME_FIELD};
use crate::domain::application::{
    AGENCY_KEY, AgencyAnswer, ApplyContext, DELIVERY_KEY, Delivery, DraftSave, Submission,
};
use crate::domain::codes::ServiceLevel;
use crate::domain::form::{FieldKind, FormSchema, MAX_POSTED_PAIRS, take_posted};
use crate::error::AppError;
use crate::server::entities::{draft, procedure};
use crate::server::state::AppState;
use crate::server::{accounts, agencies, catalog, drafts, forms, places, workflow};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Map, Value, json};

/// The apply page's data. Resumes `draft_id`, or else the citizen's latest
/// draft of this procedure, or else starts from the profile.
pub async fn context(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    draft_id: Option<&str>,
) -> Result<ApplyContext, AppError> {
    let detail = catalog::detail(db, code.trim()).await?.ok_or(AppError::NotFound)?;
    if detail.summary.level < ServiceLevel::L2 {
        return Err(AppError::NotFound);
    }
    let procedure = procedure::Entity::find().filter(procedure::Column::Code.eq(code.trim())).one(db).await?;
    let procedure = procedure.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let draft_id = match draft_id.filter(|d| !d.is_empty()) {
        Some(id) => Some(id.to_owned()),
        None => draft::Entity::find()
            .filter(draft::Column::UserId.eq(me.id))
            .filter(draft::Column::ProcedureId.eq(procedure.id))
            .filter(draft::Column::ExpiresAt.gt(now))
            .order_by_desc(draft::Column::UpdatedAt)
            .one(db)
            .await?
            .map(|d| d.id),
    };
    let draft = match draft_id {
        Some(id) => Some(drafts::get(db, me, &id, now).await?),
        None => None,
    };
    if draft.as_ref().is_some_and(|d| d.procedure_code != detail.summary.code) {
        return Err(AppError::NotFound);
    }
    let account = accounts::load(db, me.id).await?;
    let drafted = draft.as_ref().map_or(json!({}), |d| d.data.clone());
    let agency =
        agencies::choice(db, &procedure, AgencyAnswer::of(&drafted), (account.province_code, account.ward_code))
            .await?;
    // The form at the chosen agency (its own version where it has one): the
    // draft's, while it keeps it; otherwise what changed since.
    let (form, form_changes) = if detail.summary.level >= ServiceLevel::L3 {
        let at = match &agency.answer.code {
            Some(code) => agencies::implementer_by_code(db, &procedure, code).await?.map(|(a, _)| a.id),
            None => None,
        };
        let kept = match &draft {
            Some(d) => draft::Entity::find_by_id(d.id.as_str()).one(db).await?.and_then(|row| row.form_version_id),
            None => None,
        };
        match forms::for_draft(db, procedure.id, at, kept, crate::domain::dossier::vietnam_date(now)).await? {
            Some(found) => {
                let changes = found
                    .replaced
                    .map(|old| found.form.schema.changes_since(&old))
                    .filter(|c| !c.added.is_empty() || !c.removed.is_empty());
                (Some(found.form.schema), changes)
            }
            None => (None, None),
        }
    } else {
        (None, None)
    };
    let prefill = match &form {
        Some(form) => prefill(form, &account),
        None => json!({}),
    };
    let answers = draft.as_ref().map_or(&prefill, |d| &d.data);
    let wards = places::wards_chosen(db, answers).await?;
    Ok(ApplyContext {
        procedure: detail,
        form,
        form_changes,
        draft,
        prefill,
        provinces: places::provinces(db).await?,
        wards,
        agency,
        applicants: crate::server::organisations::choices(db, me).await?,
        stored: crate::server::document_store::usable(db, me, crate::domain::dossier::vietnam_date(now)).await?,
    })
}

/// The profile's details in the first section that asks for them (the
/// declarant): name, date of birth, ID number, phone, e-mail, address.
fn prefill(form: &FormSchema, account: &crate::server::entities::user::Model) -> Value {
    let Some(section) = form.sections.first() else { return json!({}) };
    let mut values = Map::new();
    for field in &section.fields {
        let value = match (field.key.as_str(), &field.kind) {
            ("full_name", FieldKind::Text { .. }) => Some(json!(account.full_name)),
            ("birth_date", FieldKind::Date { .. }) => account.birth_date.map(|d| json!(d.to_string())),
            ("citizen_id", FieldKind::CitizenId { .. }) => account.citizen_id.as_ref().map(|c| json!(c)),
            (_, FieldKind::Phone) => account.phone.as_ref().map(|p| json!(p)),
            (_, FieldKind::Email) => Some(json!(account.email)),
            (_, FieldKind::Address) if account.province_code.is_some() => Some(json!({
                "province_code": account.province_code,
                "ward_code": account.ward_code,
                "street": account.street,
            })),
            _ => None,
        };
        if let Some(value) = value {
            values.insert(field.key.clone(), value);
        }
    }
    json!({ section.key.clone(): values })
}

/// The delivery choice posted by the review step.
pub fn read_delivery(pairs: &[(String, String)]) -> Delivery {
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let code = |k: &str| get(k).trim().parse::<i32>().ok();
    match get("delivery.method").as_str() {
        "post" => Delivery::Post {
            recipient: get("delivery.recipient"),
            phone: get("delivery.phone"),
            address: crate::domain::account::Address {
                province_code: code("_delivery.address.province_code"),
                ward_code: code("_delivery.address.ward_code"),
                street: get("_delivery.address.street"),
            },
        },
        "online" => Delivery::Online,
        _ => Delivery::AtDesk,
    }
}

/// One step posted without JavaScript. Saves the step's answers into the
/// draft, then goes on as `intent` says; answers where to send the browser.
pub async fn post_plain(
    state: &AppState,
    me: &SessionUser,
    code: &str,
    pairs: &[(String, String)],
) -> Result<String, AppError> {
    if pairs.len() > MAX_POSTED_PAIRS {
        return Err(AppError::TooLarge);
    }
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str()).unwrap_or_default();
    let now = Utc::now();
    let context = context(&state.db, me, code, Some(get("draft_id"))).await?;
    let mut answers = context.draft.as_ref().map_or(context.prefill.clone(), |d| d.data.clone());
    if !answers.is_object() {
        answers = json!({});
    }
    let sections = context.form.as_ref().map_or(0, |f| f.sections.len());
    let step: usize = get("step").parse().unwrap_or(0).min(sections);
    if let Some(form) = &context.form {
        take_posted(form, &mut answers, pairs, Some(step));
    }
    let intent = get("intent");
    // The applicant and agency parts, on the first step.
    for (field, limit) in [(ON_BEHALF_FIELD, 12), (PERSON_NAME_FIELD, 200), (PERSON_ID_FIELD, 20)] {
        if pairs.iter().any(|(k, _)| k == field) {
            answers[field] = json!(get(field).chars().take(limit).collect::<String>());
        }
    }
    if pairs.iter().any(|(k, _)| k.starts_with("_agency.")) {
        answers[AGENCY_KEY] = json!({ "province": get("_agency.province"), "code": get("_agency.code") });
    }
    if step == sections || intent == "submit" {
        answers[DELIVERY_KEY] = serde_json::to_value(read_delivery(pairs)).unwrap_or_default();
    }
    let saved = drafts::save(
        &state.db,
        me,
        &DraftSave {
            procedure_code: context.procedure.summary.code.clone(),
            draft_id: context.draft.as_ref().map(|d| d.id.clone()),
            base_version: None,
            data: answers.clone(),
        },
        state.draft_ttl,
        now,
    )
    .await?;
    let page = |step: usize, check: bool| {
        format!(
            "/procedures/{}/apply?draft={}&step={step}{}",
            context.procedure.summary.code,
            saved.id,
            if check { "&check=1" } else { "" }
        )
    };
    // Changing an answer from the review: that step, then back to the review.
    let returning = get("review") == "1";
    let to_change = |step: usize, check: bool| format!("{}&review=1", page(step, check));
    let today = crate::domain::dossier::vietnam_date(now);
    let section_ok = |step: usize| {
        let Some(form) = &context.form else { return true };
        let Some(section) = form.sections.get(step) else { return true };
        let mut bound = answers.clone();
        crate::domain::form::bind_files(
            form,
            &mut bound,
            &context.draft.as_ref().map(|d| d.attachments.clone()).unwrap_or_default(),
        );
        match crate::domain::form::validate(form, &bound, today) {
            Ok(_) => true,
            Err(errors) => !errors.0.iter().any(|e| e.field.starts_with(&format!("{}.", section.key))),
        }
    };
    if let Some(index) = intent.strip_prefix("change:").and_then(|i| i.parse::<usize>().ok()).filter(|i| *i < sections)
    {
        return Ok(to_change(index, false));
    }
    // On the way back to the review, a step the change made visible and
    // still unanswered comes first.
    let unanswered = || {
        let form = context.form.as_ref()?;
        (step + 1..sections).find(|i| {
            form.sections[*i].visible_if.as_ref().is_none_or(|c| crate::domain::form::holds(c, &answers, None))
                && !section_ok(*i)
        })
    };
    // Any other intent keeps the citizen on their way back to the review.
    let stay = |step: usize, check: bool| if returning { to_change(step, check) } else { page(step, check) };
    Ok(match intent {
        "next" if section_ok(step) && returning => match unanswered() {
            Some(next) => to_change(next, false),
            None => page(sections.max(1), false),
        },
        "next" if section_ok(step) => page(next_visible(context.form.as_ref(), &answers, step), false),
        "next" => stay(step, true),
        "back" => stay(step.saturating_sub(1), false),
        // "Change" beside the agency on the review step.
        "start" => to_change(0, false),
        "submit" => {
            let submission = Submission {
                draft_id: saved.id.clone(),
                submit_key: saved.submit_key.clone(),
                delivery: read_delivery(pairs),
            };
            match workflow::submit::submit(&state.db, &state.events, me, &submission, state.clock.now()).await {
                Ok(done) => format!("/dossiers/{}?submitted=1", done.code),
                Err(AppError::Invalid(_)) => page(sections, true),
                Err(other) => return Err(other),
            }
        }
        _ => stay(step, false),
    })
}

/// The next step after `step` whose section applies (the review step last).
fn next_visible(form: Option<&FormSchema>, answers: &Value, step: usize) -> usize {
    let Some(form) = form else { return step + 1 };
    (step + 1..form.sections.len())
        .find(|i| form.sections[*i].visible_if.as_ref().is_none_or(|c| crate::domain::form::holds(c, answers, None)))
        .unwrap_or(form.sections.len())
}
