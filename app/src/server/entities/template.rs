//! Table `templates`: the seed's (files in `seed/templates`) and uploaded
//! ones (`storage_key`, in the files' store).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub file_name: String,
    pub title_vi: String,
    pub title_en: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
