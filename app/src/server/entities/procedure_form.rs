//! Table `procedure_forms`: a procedure's online form, as `FormSchema` JSON.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procedure_forms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub procedure_id: i32,
    pub schema: String,
    pub updated_at: DateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
