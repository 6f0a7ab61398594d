//! One module per table; rows never leave the server (services map them to
//! `domain` types).

pub mod agency;
pub mod api_token;
pub mod attachment;
pub mod audit_entry;
pub mod catalog_version;
pub mod document_requirement;
pub mod dossier;
pub mod dossier_event;
pub mod dossier_note;
pub mod dossier_sequence;
pub mod draft;
pub mod feedback;
pub mod holiday;
pub mod identity_sign_in;
pub mod kept_document;
pub mod legal_document;
pub mod national_sandbox;
pub mod national_sync;
pub mod notification;
pub mod organisation;
pub mod organisation_member;
pub mod outbox_mail;
pub mod password_reset;
pub mod payment;
pub mod procedure;
pub mod procedure_agency;
pub mod procedure_legal_document;
pub mod province;
pub mod rate_limit;
pub mod rating;
pub mod sandbox_transaction;
pub mod sector;
pub mod session;
pub mod signed_document;
pub mod template;
pub mod user;
pub mod user_role;
pub mod ward;
pub mod webhook;
pub mod webhook_delivery;

use crate::domain::api_token::ApiScope;
use crate::domain::document_store::StoredKind;
use crate::domain::dossier::DossierStatus;
use crate::domain::feedback::{FeedbackStatus, Topic};
use crate::domain::national::{SyncService, SyncState};
use crate::domain::payment::PaymentStatus;
use crate::domain::transparency::Satisfaction;
use crate::domain::webhook::{DeliveryState, WebhookEvent};
use crate::domain::workflow::Action;
use crate::error::AppError;
use sea_orm::{ConnectionTrait, EntityTrait, PrimaryKeyTrait};

/// Columns that hold a domain enum (`named_enum!`) by its name: the model's
/// field has the enum's type, so a row is read, written and filtered as the
/// enum and a name the code does not know is an error, never a default.
/// (The domain does not know SeaORM: the impls live here.)
macro_rules! stored_by_name {
    ($($name:ty),+ $(,)?) => {$(
        impl From<$name> for sea_orm::Value {
            fn from(value: $name) -> Self {
                value.as_str().into()
            }
        }

        impl sea_orm::TryGetable for $name {
            fn try_get_by<I: sea_orm::ColIdx>(res: &sea_orm::QueryResult, idx: I) -> Result<Self, sea_orm::TryGetError> {
                let name = String::try_get_by(res, idx)?;
                <$name>::parse(&name).ok_or_else(|| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                        "{name:?} is not a {}",
                        stringify!($name)
                    )))
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $name {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let name = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
                <$name>::parse(&name).ok_or(sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $name {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> sea_orm::ActiveValue<$name> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    )+};
}

stored_by_name!(
    DossierStatus,
    DeliveryState,
    WebhookEvent,
    PaymentStatus,
    Action,
    StoredKind,
    Satisfaction,
    Topic,
    FeedbackStatus,
    SyncService,
    SyncState,
    ApiScope
);

/// The row `id` of `E` that other rows point to: its absence is the
/// server's fault (an answer of 500 with the table and id in the log), not
/// the caller's.
pub async fn existing<E>(db: &impl ConnectionTrait, id: i32) -> Result<E::Model, AppError>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i32>,
{
    E::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format_args!("{} {id} is missing", E::default().table_name())))
}
