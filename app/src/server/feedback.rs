//! Feedback and complaints ("Phản ánh, kiến nghị"): sent by a signed-in
//! person or by the holder of a dossier's code and lookup secret, limited
//! per address; it reaches only the agency it is about, whose
//! administrators answer it (or hide it as abuse, audited); an answer whose
//! sender agreed is published with personal data removed, and the sender
//! is mailed the answer.

use crate::domain::access::SessionUser;
use crate::domain::dossier::vietnam_date;
use crate::domain::feedback::{
    ANSWER_DAYS, AgencyName, AnswerForm, FeedbackCase, FeedbackForm, FeedbackPage, FeedbackQuery, FeedbackSent,
    FeedbackStatus, FeedbackTarget, MAX_TEXT_CHARS, MAX_TITLE_CHARS, MyFeedback, PAGE_SIZE, PublicFeedback, redact,
    required_text,
};
use crate::domain::identity::Email;
use crate::domain::rules::FieldErrors;
use crate::domain::text::LocalText;
use crate::error::AppError;
use crate::server::auth::audit::{self, AuditEvent};
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::session::Client;
use crate::server::entities::{agency, dossier, feedback, procedure, user};
use crate::server::mail::{self, Channel, MailKind, NewMail};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde_json::json;

/// Feedback one address may send in an hour.
pub const SEND_LIMIT: Limit = Limit { max: 5, window_secs: 3600 };
/// Feedback an agency's queue lists, open first, then newest.
const QUEUE: u64 = 200;
/// Feedback the sender's own list shows.
const MINE: u64 = 50;

fn name(agency: &agency::Model) -> LocalText {
    LocalText::new(agency.name_vi.clone(), agency.name_en.clone())
}

fn procedure_name(procedure: &procedure::Model) -> LocalText {
    LocalText::new(procedure.name_vi.clone(), procedure.name_en.clone())
}

async fn agency_by_code(db: &DatabaseConnection, code: &str) -> Result<Option<agency::Model>, AppError> {
    Ok(agency::Entity::find().filter(agency::Column::Code.eq(code)).one(db).await?)
}

async fn procedure_by_code(db: &DatabaseConnection, code: &str) -> Result<Option<procedure::Model>, AppError> {
    Ok(procedure::Entity::find().filter(procedure::Column::Code.eq(code)).one(db).await?)
}

/// The agency and procedure a link to the form names, as the form shows them.
pub async fn target(
    db: &DatabaseConnection,
    agency: Option<&str>,
    procedure: Option<&str>,
) -> Result<FeedbackTarget, AppError> {
    let agency = match agency.filter(|a| a.len() <= 40) {
        Some(code) => agency_by_code(db, code).await?.map(|a| AgencyName { code: a.code.clone(), name: name(&a) }),
        None => None,
    };
    let procedure = match procedure.filter(|p| p.len() <= 40) {
        Some(code) => procedure_by_code(db, code).await?.map(|p| (p.code.clone(), procedure_name(&p))),
        None => None,
    };
    Ok(FeedbackTarget { agency, procedure })
}

/// Takes in feedback from `me` (or, without a session, from whoever holds
/// the dossier's code and secret).
pub async fn send(
    db: &DatabaseConnection,
    me: Option<&SessionUser>,
    client: &Client,
    form: &FeedbackForm,
    now: DateTime<Utc>,
) -> Result<FeedbackSent, AppError> {
    let checked = form.check(me.is_some()).map_err(AppError::Invalid)?;
    if let Some(retry_after_secs) = rate_limit::hit(db, &client.limit_key("feedback"), SEND_LIMIT, now).await? {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let invalid = |field: &str, rule| {
        let mut errors = FieldErrors::default();
        errors.push(field, rule);
        AppError::Invalid(errors)
    };
    // About a dossier: its receiving agency and procedure; only its reader,
    // or the holder of its secret (a wrong code and a wrong secret look alike).
    let (agency, procedure_id, dossier_id) = match &checked.dossier {
        Some(code) => {
            let row = dossier::find_by_code(db, code).await?;
            // A reader of the dossier, or (signed in or not) the holder of its secret.
            let reads = match (me, &row) {
                (Some(me), Some(row)) => crate::server::on_behalf::reads(db, me, row).await?,
                _ => false,
            };
            let allowed = reads || {
                let stored = row.as_ref().map_or("--------", |d| d.lookup_secret.as_str());
                let given = checked.secret.as_deref().unwrap_or_default().trim().to_uppercase();
                !given.is_empty() && crate::server::secrets::same_secret(stored, &given)
            };
            let Some(row) = row.filter(|_| allowed) else {
                return Err(invalid("dossier", crate::domain::rules::Rule::NoSuchDossier));
            };
            let agency =
                agency::Entity::find_by_id(row.receiving_agency_id).one(db).await?.ok_or(AppError::NotFound)?;
            (agency, Some(row.procedure_id), Some(row.id))
        }
        None => {
            let code = checked.agency.as_deref().unwrap_or_default();
            let agency = agency_by_code(db, code)
                .await?
                .ok_or_else(|| invalid("agency", crate::domain::rules::Rule::UnknownAgency))?;
            // A procedure, only one the agency implements.
            let procedure = match &checked.procedure {
                Some(code) => {
                    let procedure = procedure_by_code(db, code)
                        .await?
                        .ok_or_else(|| invalid("procedure", crate::domain::rules::Rule::NotAnOption))?;
                    crate::server::agencies::implementer_by_code(db, &procedure, &agency.code)
                        .await?
                        .ok_or_else(|| invalid("procedure", crate::domain::rules::Rule::NotImplementing))?;
                    Some(procedure.id)
                }
                None => None,
            };
            (agency, procedure, None)
        }
    };
    // The answer goes to the address given, or to the account's.
    let email = match (&checked.email, me) {
        (Some(email), _) => Some(email.clone()),
        (None, Some(me)) => user::Entity::find_by_id(me.id)
            .one(db)
            .await?
            .and_then(|u| Email::parse(&u.email).ok())
            .map(|e| e.as_str().to_owned()),
        (None, None) => None,
    };
    let calendar = crate::server::calendar::load(db).await?;
    let today = vietnam_date(now);
    let due_on = calendar.add_working_days(today, ANSWER_DAYS);
    let code =
        format!("PA-{}", crate::server::secrets::hex(&crate::server::secrets::random_bytes::<5>()).to_uppercase());
    feedback::ActiveModel {
        code: Set(code.clone()),
        topic: Set(checked.topic),
        agency_id: Set(agency.id),
        procedure_id: Set(procedure_id),
        dossier_id: Set(dossier_id),
        user_id: Set(me.map(|m| m.id)),
        email: Set(email),
        title: Set(checked.title),
        content: Set(checked.content),
        consent: Set(checked.consent),
        status: Set(FeedbackStatus::Open),
        sent_at: Set(now),
        due_on: Set(due_on),
        ..Default::default()
    }
    .insert(db)
    .await?;
    tracing::info!(feedback = %code, agency = %agency.code, "feedback received");
    Ok(FeedbackSent { code, agency: name(&agency), due_on })
}

/// One page of the published answers, narrowed to an agency and a topic.
pub async fn published(db: &DatabaseConnection, query: &FeedbackQuery) -> Result<FeedbackPage, AppError> {
    let visible = Condition::all()
        .add(feedback::Column::Status.eq(FeedbackStatus::Answered))
        .add(feedback::Column::Consent.eq(true));
    let mut chosen = visible.clone();
    if let Some(code) = &query.agency {
        let id = match code.len() {
            0..=40 => agency_by_code(db, code).await?.map_or(-1, |a| a.id),
            _ => -1,
        };
        chosen = chosen.add(feedback::Column::AgencyId.eq(id));
    }
    if let Some(topic) = query.topic {
        chosen = chosen.add(feedback::Column::Topic.eq(topic));
    }
    let total = feedback::Entity::find().filter(chosen.clone()).count(db).await?;
    let page_count = total.div_ceil(PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, page_count);
    let rows = feedback::Entity::find()
        .filter(chosen)
        .order_by_desc(feedback::Column::AnsweredAt)
        .order_by_desc(feedback::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    // The agencies with a published answer, for the filter.
    let agency_ids: Vec<i32> = feedback::Entity::find()
        .select_only()
        .column(feedback::Column::AgencyId)
        .distinct()
        .filter(visible)
        .into_tuple()
        .all(db)
        .await?;
    let agencies = agency::Entity::find()
        .filter(agency::Column::Id.is_in(agency_ids))
        .order_by_asc(agency::Column::NameVi)
        .all(db)
        .await?;
    let procedures = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(rows.iter().filter_map(|r| r.procedure_id)))
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .filter_map(|row| {
            let agency = agencies.iter().find(|a| a.id == row.agency_id)?;
            Some(PublicFeedback {
                code: row.code,
                topic: row.topic,
                agency: AgencyName { code: agency.code.clone(), name: name(agency) },
                procedure: row.procedure_id.and_then(|id| procedures.iter().find(|p| p.id == id)).map(procedure_name),
                title: row.public_title.unwrap_or_else(|| redact(&row.title)),
                question: row.public_question.unwrap_or_default(),
                // What an administrator wrote is published without personal numbers either.
                answer: redact(row.answer.as_deref().unwrap_or_default()),
                sent_on: vietnam_date(row.sent_at),
                answered_on: vietnam_date(row.answered_at.unwrap_or(row.sent_at)),
            })
        })
        .collect();
    Ok(FeedbackPage {
        items,
        total,
        page,
        page_count,
        agencies: agencies.iter().map(|a| AgencyName { code: a.code.clone(), name: name(a) }).collect(),
    })
}

/// What `me` sent, newest first, with the answers (published or not).
pub async fn mine(db: &DatabaseConnection, me: &SessionUser) -> Result<Vec<MyFeedback>, AppError> {
    let rows = feedback::Entity::find()
        .filter(feedback::Column::UserId.eq(me.id))
        .order_by_desc(feedback::Column::Id)
        .limit(MINE)
        .all(db)
        .await?;
    let agencies =
        agency::Entity::find().filter(agency::Column::Id.is_in(rows.iter().map(|r| r.agency_id))).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| MyFeedback {
            agency: agencies.iter().find(|a| a.id == row.agency_id).map(name).unwrap_or_default(),
            published: row.status == FeedbackStatus::Answered && row.consent,
            code: row.code,
            topic: row.topic,
            title: row.title,
            status: row.status,
            sent_on: vietnam_date(row.sent_at),
            due_on: row.due_on,
            answer: row.answer,
        })
        .collect())
}

/// The feedback `me` answers: their agency's (a system administrator's: every agency's).
pub async fn queue(db: &DatabaseConnection, me: &SessionUser, today: NaiveDate) -> Result<Vec<FeedbackCase>, AppError> {
    let mut find = feedback::Entity::find();
    if !me.has_role(crate::domain::access::Role::SystemAdmin) {
        let Some(agency) = me.agency.as_ref() else { return Ok(Vec::new()) };
        find = find.filter(feedback::Column::AgencyId.eq(agency.id));
    }
    let rows = find
        // Open first (by deadline), then the newest answered or hidden.
        .order_by_asc(Expr::cust("CASE WHEN status = 'open' THEN 0 ELSE 1 END"))
        .order_by_asc(feedback::Column::DueOn)
        .order_by_desc(feedback::Column::Id)
        .limit(QUEUE)
        .all(db)
        .await?;
    let agencies =
        agency::Entity::find().filter(agency::Column::Id.is_in(rows.iter().map(|r| r.agency_id))).all(db).await?;
    let procedures = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(rows.iter().filter_map(|r| r.procedure_id)))
        .all(db)
        .await?;
    let dossiers = dossier::Entity::find()
        .filter(dossier::Column::Id.is_in(rows.iter().filter_map(|r| r.dossier_id)))
        .all(db)
        .await?;
    let calendar = crate::server::calendar::load(db).await?;
    let senders =
        user::Entity::find().filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.user_id))).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| FeedbackCase {
            agency: agencies.iter().find(|a| a.id == row.agency_id).map(name).unwrap_or_default(),
            procedure: row.procedure_id.and_then(|id| procedures.iter().find(|p| p.id == id)).map(procedure_name),
            dossier: row.dossier_id.and_then(|id| dossiers.iter().find(|d| d.id == id)).map(|d| d.code.clone()),
            sender: row.user_id.and_then(|id| senders.iter().find(|u| u.id == id)).map(|u| u.full_name.clone()),
            redacted_title: row.public_title.clone().unwrap_or_else(|| redact(&row.title)),
            redacted: row.public_question.clone().unwrap_or_else(|| redact(&row.content)),
            code: row.code,
            topic: row.topic,
            title: row.title,
            content: row.content,
            consent: row.consent,
            status: row.status,
            sent_on: vietnam_date(row.sent_at),
            due_on: row.due_on,
            days_left: calendar.working_days_between(today, row.due_on),
            answer: row.answer,
            answered_on: row.answered_at.map(vietnam_date),
            hidden_reason: row.hidden_reason,
        })
        .collect())
}

/// Feedback `code` when `me` administers its agency; anything else is not found.
async fn managed(db: &DatabaseConnection, me: &SessionUser, code: &str) -> Result<feedback::Model, AppError> {
    let row = feedback::Entity::find()
        .filter(feedback::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !me.manages_agency(row.agency_id) {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// Answers open feedback `code`: published if its sender agreed, mailed to the sender.
pub async fn answer(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    form: &AnswerForm,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let answer = required_text(&mut errors, "answer", &form.answer, MAX_TEXT_CHARS);
    let title = required_text(&mut errors, "title", &form.title, MAX_TITLE_CHARS);
    let question = required_text(&mut errors, "question", &form.question, MAX_TEXT_CHARS);
    let (Some(answer), Some(title), Some(question)) = (answer, title, question) else {
        return Err(AppError::Invalid(FieldErrors(errors)));
    };
    let row = managed(db, me, code).await?;
    // The answer, its mail and its audit entry are one transaction, which
    // starts with a write (SQLite); compare-and-set on the status: of two
    // answers at once, one stands.
    let txn = db.begin().await?;
    let changed = feedback::Entity::update_many()
        .col_expr(feedback::Column::Status, Expr::value(FeedbackStatus::Answered))
        .col_expr(feedback::Column::Answer, Expr::value(answer.clone()))
        // Removed again: what an administrator left in is not published either.
        .col_expr(feedback::Column::PublicTitle, Expr::value(redact(&title)))
        .col_expr(feedback::Column::PublicQuestion, Expr::value(redact(&question)))
        .col_expr(feedback::Column::AnsweredBy, Expr::value(me.id))
        .col_expr(feedback::Column::AnsweredAt, Expr::value(now))
        .filter(feedback::Column::Id.eq(row.id))
        .filter(feedback::Column::Status.eq(FeedbackStatus::Open))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    if let Some(email) = &row.email {
        mail::enqueue(
            &txn,
            NewMail {
                user_id: row.user_id,
                channel: Channel::Mail,
                to: email,
                locale: "vi",
                kind: MailKind::FeedbackAnswered,
                params: json!({ "code": row.code, "title": row.title, "answer": answer }),
                dedupe_key: format!("feedback:{}:answered", row.code),
            },
            now,
        )
        .await?;
    }
    audit::record(&txn, AuditEvent::change_by(me, "feedback.answer", row.code.clone(), None)).await?;
    txn.commit().await?;
    Ok(())
}

/// Hides open feedback `code` as abuse, with the reason (audited). Hidden
/// after its deadline, it still counts as not answered on time.
pub async fn hide(
    db: &DatabaseConnection,
    me: &SessionUser,
    code: &str,
    reason: &Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let Some(reason) = required_text(&mut errors, "reason", reason, MAX_TEXT_CHARS) else {
        return Err(AppError::Invalid(FieldErrors(errors)));
    };
    let row = managed(db, me, code).await?;
    let txn = db.begin().await?;
    let changed = feedback::Entity::update_many()
        .col_expr(feedback::Column::Status, Expr::value(FeedbackStatus::Hidden))
        .col_expr(feedback::Column::HiddenReason, Expr::value(reason.clone()))
        .col_expr(feedback::Column::HiddenBy, Expr::value(me.id))
        .col_expr(feedback::Column::HiddenAt, Expr::value(now))
        .filter(feedback::Column::Id.eq(row.id))
        // Only before an answer: what was answered stays, and counts.
        .filter(feedback::Column::Status.eq(FeedbackStatus::Open))
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    audit::record(&txn, AuditEvent::change_by(me, "feedback.hide", row.code.clone(), Some(reason))).await?;
    txn.commit().await?;
    Ok(())
}
