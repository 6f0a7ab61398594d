//! The signed-in user, loaded once per page and shared by the header and pages.

use super::api::current_user;
use crate::domain::access::SessionUser;
use crate::error::AppError;
use leptos::prelude::*;

/// The current user, as a resource in context.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub Resource<Result<Option<SessionUser>, AppError>>);

/// Loads the current user into context (once, in `App`).
pub fn provide_current_user() {
    let user = Resource::new(|| (), |_| current_user());
    provide_context(CurrentUser(user));
    // Local copies of unsaved answers belong to whoever is signed in: once
    // nobody is (signed out, here or on another tab), they are wiped.
    Effect::new(move |_| {
        if let Some(Ok(user)) = user.get() {
            crate::features::apply::browser::set_owner(user.map(|u| u.id));
        }
    });
}

/// The current user resource.
pub fn use_current_user() -> Resource<Result<Option<SessionUser>, AppError>> {
    expect_context::<CurrentUser>().0
}
