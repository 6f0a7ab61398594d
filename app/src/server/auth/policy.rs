//! The access policy: the permission every page, server function and plain
//! route needs. A server function missing here cannot be called; a page or
//! route missing here fails the authorisation test, which enumerates them
//! from the router.

use crate::domain::access::Permission::{self, *};

/// Pages (the app's routes), by path pattern.
pub const PAGES: &[(&str, Permission)] = &[
    ("/", Public),
    ("/procedures", Public),
    ("/procedures/{code}", Public),
    ("/login", Public),
    ("/register", Public),
    ("/login/verify", Session),
    ("/account", SignedIn),
    ("/procedures/{code}/apply", Citizen),
    ("/dossiers", Citizen),
    ("/dossiers/{code}", Citizen),
    ("/account/password", Session),
    ("/account/two-factor", Session),
    ("/account/organisations", Citizen),
    ("/account/documents", Citizen),
    ("/account/forgot", Public),
    ("/account/reset", Public),
    ("/dashboard", Official),
    ("/dashboard/admin", ManageOfficials),
    ("/dashboard/dossiers/{code}", Official),
    ("/dashboard/statistics", Official),
    ("/dashboard/intake", Intake),
    ("/dashboard/holidays", ManageCalendar),
    ("/dashboard/catalog", ManageCatalog),
    ("/dashboard/catalog/{code}", ManageCatalog),
    ("/dashboard/catalog/{code}/definition", ManageCatalog),
    ("/dashboard/new-procedure", ManageCatalog),
    ("/dashboard/templates", ManageCatalog),
    ("/lookup", Public),
    ("/statistics", Public),
    ("/feedback", Public),
    ("/feedback/new", Public),
    ("/dashboard/feedback", AnswerFeedback),
    ("/dashboard/sync", ManageSync),
    ("/dashboard/api-tokens", ManageIntegrations),
    ("/dashboard/webhooks", ManageIntegrations),
    ("/notifications", SignedIn),
    ("/payments/vnpay/return", Public),
    ("/sandbox/vnpay/paymentv2/vpcpay.html", Public),
    ("/sandbox/vneid/authorize", Public),
    ("/verify/{code}", Public),
];

/// Server functions, by endpoint name (served at `/api/{name}`).
pub const SERVER_FNS: &[(&str, Permission)] = &[
    ("search_procedures", Public),
    ("list_catalog_filters", Public),
    ("get_procedure", Public),
    ("search_agencies", Public),
    ("list_implementers", Public),
    ("list_provinces", Public),
    ("list_wards", Public),
    ("current_user", Public),
    ("register_citizen", Public),
    ("sign_in", Public),
    ("verify_second_factor", Session),
    ("sign_out", Session),
    ("change_password", Session),
    ("start_two_factor_enrolment", Session),
    ("confirm_two_factor_enrolment", Session),
    ("sign_out_everywhere", SignedIn),
    ("get_profile", SignedIn),
    ("update_profile", SignedIn),
    ("save_draft", Citizen),
    ("get_draft", Citizen),
    ("list_drafts", Citizen),
    ("delete_draft", Citizen),
    ("submit_application", Citizen),
    ("load_application", Citizen),
    ("delete_attachment", Citizen),
    ("my_documents", Citizen),
    ("keep_document", Citizen),
    ("forget_document", Citizen),
    ("choose_stored_document", Citizen),
    ("list_my_dossiers", Citizen),
    ("get_my_dossier", Citizen),
    ("withdraw_dossier", Citizen),
    ("list_managed_agencies", ManageOfficials),
    ("list_officials", ManageOfficials),
    ("create_official", ManageOfficials),
    ("set_official_roles", ManageOfficials),
    ("set_official_disabled", ManageOfficials),
    ("answer_supplement", Citizen),
    ("list_queue", Official),
    ("intake_procedures", Intake),
    ("start_intake", Intake),
    ("get_intake", Intake),
    ("remove_intake_scan", Intake),
    ("save_intake", Intake),
    ("receive_intake", Intake),
    ("get_case", Official),
    ("act_on_dossier", Official),
    ("add_case_note", Official),
    ("get_statistics", Official),
    ("agency_ratings", Official),
    ("list_holidays", Official),
    ("save_holiday", ManageCalendar),
    ("remove_holiday", ManageCalendar),
    ("list_adoptions", ManageCatalog),
    ("adopt_procedure", ManageCatalog),
    ("set_local_terms", ManageCatalog),
    ("get_form_editor", ManageCatalog),
    ("save_form_draft", ManageCatalog),
    ("publish_form", ManageCatalog),
    ("withdraw_form", ManageCatalog),
    ("get_definition_editor", ManageCatalog),
    ("save_definition_draft", ManageCatalog),
    ("publish_definition", ManageCatalog),
    ("create_procedure", ManageCatalog),
    ("list_templates", ManageCatalog),
    ("lookup_dossier", Public),
    ("public_statistics", Public),
    ("procedure_scorecard", Public),
    ("my_rating", Citizen),
    ("rate_dossier", Citizen),
    ("list_feedback", Public),
    ("feedback_target", Public),
    ("send_feedback", Public),
    ("my_feedback", SignedIn),
    ("feedback_queue", AnswerFeedback),
    ("answer_feedback", AnswerFeedback),
    ("hide_feedback", AnswerFeedback),
    ("sync_overview", ManageSync),
    ("resend_sync", ManageSync),
    ("list_api_tokens", ManageIntegrations),
    ("create_api_token", ManageIntegrations),
    ("revoke_api_token", ManageIntegrations),
    ("list_webhooks", ManageIntegrations),
    ("create_webhook", ManageIntegrations),
    ("change_webhook", ManageIntegrations),
    ("get_inbox", SignedIn),
    ("count_unread_notifications", SignedIn),
    ("mark_notifications_read", SignedIn),
    ("get_mail_statuses", Citizen),
    ("save_mail_statuses", Citizen),
    ("my_organisations", Citizen),
    ("applicant_choices", Citizen),
    ("add_organisation_member", Citizen),
    ("remove_organisation_member", Citizen),
    ("request_password_reset", Public),
    ("reset_password", Public),
    ("payment_return", Public),
    ("sandbox_order", Public),
    ("sandbox_sign_in", Public),
    ("sign_in_options", Public),
    ("verify_result", Public),
];

/// Plain HTTP routes, by path pattern.
pub const ROUTES: &[(&str, Permission)] = &[
    ("/healthz", Public),
    ("/readyz", Public),
    // Its own check: a bearer token, or this machine (`server/src/metrics.rs`).
    ("/metrics", Public),
    ("/lang/{locale}", Public),
    ("/templates/{id}/{file_name}", Public),
    ("/templates", ManageCatalog),
    ("/uploads", SignedIn),
    ("/attachments/{id}", SignedIn),
    ("/dossiers/{code}/confirmation.pdf", Citizen),
    ("/dossiers/{code}/forms/{number}", SignedIn),
    ("/apply/{code}", Citizen),
    ("/intake/form", Intake),
    ("/events", SignedIn),
    ("/dossiers/{code}/pay", Citizen),
    ("/payments/vnpay/ipn", Public),
    ("/payments/{txn_ref}/receipt.pdf", SignedIn),
    ("/sandbox/vnpay/pay", Public),
    ("/sandbox/vnpay/merchant_webapi/api/transaction", Public),
    ("/login/vneid", Public),
    ("/login/vneid/callback", Public),
    ("/sandbox/vneid/.well-known/openid-configuration", Public),
    ("/sandbox/vneid/jwks", Public),
    ("/sandbox/vneid/consent", Public),
    ("/sandbox/vneid/token", Public),
    // The sandbox of the national portal checks its own token (demo and tests only).
    ("/sandbox/national/api/{service}", Public),
    ("/sandbox/national/mode", Public),
    ("/sandbox/national/dossiers/{code}", Public),
    ("/verify/public-key.pem", Public),
    ("/verify/{code}", Public),
    ("/verify/{code}/signature", Public),
    ("/api/v1/procedures", Public),
    ("/api/v1/results/{code}", Public),
    ("/api/v1/procedures/{code}", Public),
    ("/api/v1/procedures/{code}/versions/{number}", Public),
    ("/api/v1/statistics", Public),
    ("/api/v1/statistics.csv", Public),
    ("/api/v1/openapi.json", Public),
    ("/api/v1/dossiers", ApiToken),
    ("/api/v1/dossiers/{code}", ApiToken),
    ("/api/v1/dossiers/{code}/actions", ApiToken),
    ("/api/v1/{*rest}", Public),
    ("/pkg/{*file}", Public),
];

/// Where server functions are served.
/// Public routes whose handler still reads who calls (its session and
/// address): signing in with VNeID counts trips by address, and the
/// callback ends the session it replaces and audits by address.
pub const PUBLIC_ROUTES_READING_THE_CALLER: &[&str] = &["/login/vneid", "/login/vneid/callback"];

pub const SERVER_FN_PREFIX: &str = "/api/";

/// What a request path is, for the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Page(Permission),
    ServerFn(Permission),
    Route(Permission),
    /// A server function nobody declared: refused.
    UndeclaredServerFn,
    /// Not a route: a static file or a 404.
    Other,
}

/// Classifies `path` and finds its permission.
pub fn target(path: &str) -> Target {
    if let Some(name) = path.strip_prefix(SERVER_FN_PREFIX)
        && !path.starts_with("/api/v1/")
    {
        return match SERVER_FNS.iter().find(|(endpoint, _)| *endpoint == name) {
            Some((_, permission)) => Target::ServerFn(*permission),
            None => Target::UndeclaredServerFn,
        };
    }
    if let Some(permission) = lookup(PAGES, path) {
        return Target::Page(permission);
    }
    match lookup(ROUTES, path) {
        Some(permission) => Target::Route(permission),
        None => Target::Other,
    }
}

/// The permission of the first pattern in `table` that matches `path`.
pub fn lookup(table: &[(&str, Permission)], path: &str) -> Option<Permission> {
    table.iter().find(|(pattern, _)| matches(pattern, path)).map(|(_, permission)| *permission)
}

/// Whether `path` matches `pattern`, where `{name}` or `:name` is one segment
/// and `{*name}` the rest.
pub fn matches(pattern: &str, path: &str) -> bool {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let mut segments = path.split('/');
    for part in pattern.split('/') {
        if part.starts_with("{*") {
            return segments.next().is_some_and(|s| !s.is_empty());
        }
        match segments.next() {
            Some(segment) if is_param(part) => {
                if segment.is_empty() {
                    return false;
                }
            }
            Some(segment) if segment == part => {}
            _ => return false,
        }
    }
    segments.next().is_none()
}

fn is_param(part: &str) -> bool {
    part.starts_with(':') || (part.starts_with('{') && part.ends_with('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_segments() {
        assert!(matches("/procedures/{code}", "/procedures/1.001193"));
        assert!(matches("/procedures/:code", "/procedures/1.001193/"));
        assert!(!matches("/procedures/{code}", "/procedures/1.001193/apply"));
        assert!(!matches("/procedures/{code}", "/procedures/"));
        assert!(matches("/", "/"));
        assert!(!matches("/", "/x"));
        assert!(matches("/pkg/{*file}", "/pkg/a/b.js"));
        assert!(!matches("/pkg/{*file}", "/pkg/"));
    }

    #[test]
    fn server_functions_are_told_from_the_open_api() {
        assert_eq!(target("/api/sign_in"), Target::ServerFn(Public));
        assert_eq!(target("/api/create_official"), Target::ServerFn(ManageOfficials));
        assert_eq!(target("/api/drop_database"), Target::UndeclaredServerFn);
        assert_eq!(target("/api/v1/procedures"), Target::Route(Public));
        assert_eq!(target("/dashboard/admin"), Target::Page(ManageOfficials));
        assert_eq!(target("/favicon.svg"), Target::Other);
    }
}
