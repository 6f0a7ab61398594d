//! Shared domain types: plain Rust, compiled for the browser and the server.

/// An enum stored, sent and written in URLs by name: its variants with their
/// names, listed once, give `ALL` (in order), `as_str` and `parse` (which
/// ignores surrounding spaces).
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: [Self; [$($text),+].len()] = [$(Self::$variant),+];

            /// The name stored in the database and sent in URLs and forms.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// The variant with this name.
            pub fn parse(value: &str) -> Option<Self> {
                match value.trim() {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

pub mod access;
pub mod account;
pub mod api_token;
pub mod applicant;
pub mod application;
pub mod calendar;
pub mod catalog;
pub mod codes;
pub mod dashboard;
pub mod date_input;
pub mod digitisation;
pub mod document_store;
pub mod dossier;
pub mod feedback;
pub mod form;
pub mod identity;
pub mod intake;
pub mod live;
pub mod national;
pub mod notification;
pub mod organisation;
pub mod password;
pub mod payment;
pub mod progress;
pub mod redirect;
pub mod result;
pub mod rules;
pub mod text;
pub mod transparency;
pub mod webhook;
pub mod workflow;
