//! The apply page's state: the answers, errors and files, and autosave
//! (a local copy at once, the server shortly after, again when offline).

use super::api::save_draft;
use super::browser::{LocalCopy, forget_local, keep_local};
use crate::domain::applicant::applicant_errors;
use crate::domain::application::DraftSave;
use crate::domain::dossier::AttachmentInfo;
use crate::domain::form::{FormSchema, bind_files, slot_mut, validate};
use crate::domain::rules::FieldErrors;
use crate::error::AppError;
use crate::ui::form::today;
use leptos::prelude::*;
use serde_json::Value;

/// How often a save waits to see whether the one in flight has ended.
pub(super) const SAVE_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// Where autosave stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum SaveState {
    Idle,
    Saving,
    Saved(chrono::DateTime<chrono::Utc>),
    Offline,
    Conflict,
    Restored,
}

/// The page's state, shared by its parts.
#[derive(Clone, Copy)]
pub(super) struct Apply {
    pub(super) code: StoredValue<String>,
    pub(super) form: StoredValue<Option<FormSchema>>,
    pub(super) answers: RwSignal<Value>,
    pub(super) attachments: RwSignal<Vec<AttachmentInfo>>,
    pub(super) errors: RwSignal<FieldErrors>,
    pub(super) draft_id: RwSignal<Option<String>>,
    pub(super) version: RwSignal<Option<i32>>,
    pub(super) submit_key: RwSignal<Option<String>>,
    pub(super) save_state: RwSignal<SaveState>,
    /// Increases with every change; a save only clears the local copy when
    /// nothing changed while it was on its way.
    pub(super) generation: RwSignal<u64>,
    pub(super) wards: RwSignal<Vec<crate::domain::application::WardsOf>>,
    /// The step shown (a section, then the review).
    pub(super) step: RwSignal<usize>,
    /// The citizen came from the review to change an answer: continuing
    /// takes them back there.
    pub(super) returning: RwSignal<bool>,
    /// An administrator's preview of a form: nothing is kept or saved.
    pub(super) preview: bool,
    /// A paper form typed in at the desk: a file it asks for is scanned
    /// with the documents, not uploaded here.
    pub(super) paper: bool,
    /// The citizen's document store, offered beside each upload.
    pub(super) stored: StoredValue<Vec<crate::domain::document_store::StoredDocument>>,
}

impl Apply {
    /// The answers with each file field holding its uploaded files.
    pub(super) fn bound_answers(self) -> Value {
        let mut answers = self.answers.get_untracked();
        if let Some(form) = self.form.get_value() {
            bind_files(&form, &mut answers, &self.attachments.get_untracked());
        }
        answers
    }

    /// Every error of the whole form now, with the applicant part's.
    pub(super) fn all_errors(self) -> FieldErrors {
        let mut errors = match self.form.get_value() {
            Some(form) => validate(&form, &self.bound_answers(), today()).err().unwrap_or_default(),
            None => FieldErrors::default(),
        };
        let attached: Vec<u32> = self.attachments.with_untracked(|a| a.iter().map(|f| f.document).collect());
        errors.extend(applicant_errors(&self.answers.get_untracked(), &attached));
        errors
    }

    /// Re-checks one field (when left, or while it shows an error).
    pub(super) fn check(self, path: &str) {
        let all = self.all_errors();
        self.errors.update(|errors| {
            errors.0.retain(|e| e.field != path);
            if let Some(rule) = all.get(path) {
                errors.push(path, rule);
            }
        });
    }

    pub(super) fn set(self, path: &str, value: Value) {
        self.answers.update(|answers| {
            if let Some(slot) = slot_mut(answers, path) {
                *slot = value;
            }
        });
        self.changed();
    }

    /// Keeps a local copy at once and saves to the server shortly after.
    pub(super) fn changed(self) {
        if self.preview {
            return;
        }
        let generation = self.generation.get_untracked() + 1;
        self.generation.set(generation);
        keep_local(
            &self.code.get_value(),
            &LocalCopy {
                draft_id: self.draft_id.get_untracked(),
                base_version: self.version.get_untracked(),
                answers: self.answers.get_untracked(),
            },
        );
        set_timeout(
            move || {
                if self.generation.get_untracked() == generation {
                    self.save();
                }
            },
            std::time::Duration::from_millis(1200),
        );
    }

    /// Saves now; on a lost connection, tries again a little later.
    pub(super) fn save(self) {
        self.save_then(|_| {});
    }

    /// Saves the answers as they stand in place of the autosave waiting to
    /// run, then runs `then` with the draft's id.
    pub(super) fn save_all_then(self, then: impl FnOnce(&str) + 'static) {
        self.generation.update(|g| *g += 1);
        self.save_then(then);
    }

    /// Saves once a save in flight has ended (two saves from the same
    /// version would conflict, two first saves would make two drafts), then
    /// runs `then` with the draft's id (not after a failed save, which is
    /// retried as `save` does).
    pub(super) fn save_then(self, then: impl FnOnce(&str) + 'static) {
        if self.preview {
            return;
        }
        match self.save_state.get_untracked() {
            SaveState::Conflict => return,
            SaveState::Saving => {
                set_timeout(move || self.save_then(then), SAVE_WAIT);
                return;
            }
            _ => {}
        }
        let generation = self.generation.get_untracked();
        self.save_state.set(SaveState::Saving);
        let form = DraftSave {
            procedure_code: self.code.get_value(),
            draft_id: self.draft_id.get_untracked(),
            base_version: self.version.get_untracked(),
            data: self.answers.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_draft(form).await {
                Ok(saved) => {
                    self.draft_id.set(Some(saved.id.clone()));
                    self.version.set(Some(saved.version));
                    self.submit_key.set(Some(saved.submit_key));
                    self.save_state.set(SaveState::Saved(saved.updated_at));
                    if self.generation.get_untracked() == generation {
                        forget_local(&self.code.get_value());
                    }
                    then(&saved.id);
                }
                Err(AppError::Conflict) => self.save_state.set(SaveState::Conflict),
                Err(_) => {
                    self.save_state.set(SaveState::Offline);
                    set_timeout(
                        move || {
                            if self.save_state.get_untracked() == SaveState::Offline {
                                self.save();
                            }
                        },
                        std::time::Duration::from_secs(5),
                    );
                }
            }
        });
    }
}
