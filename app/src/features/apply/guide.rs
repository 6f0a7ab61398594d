//! Before the first step: what the citizen needs at hand (the papers, the
//! fees, how long it takes and what comes back), and about how long filling
//! in the form takes — so nobody starts and stops half-way for a paper.

use super::agency::chosen_option;
use super::state::Apply;
use crate::domain::catalog::{Implementer, ProcedureDetail, Terms, format_vnd};
use crate::domain::form::{FieldKind, FormSchema};
use crate::features::catalog::processing_time;
use crate::i18n::{fill, use_locale, use_t};
use leptos::prelude::*;
use std::sync::Arc;

/// Minutes to fill in `form` with `documents` papers to attach: about a
/// minute for every three questions and one for each paper, two at least.
pub(super) fn minutes_to_fill(form: Option<&FormSchema>, documents: usize) -> usize {
    let questions = form.map_or(0, |f| {
        f.sections.iter().flat_map(|s| &s.fields).filter(|f| !matches!(f.kind, FieldKind::File { .. })).count()
    });
    (questions.div_ceil(3) + documents).max(2)
}

/// The papers and the time to fill come from the procedure; the fees and the
/// processing time from the chosen agency where it has terms of its own
/// (the national ones until an agency is chosen).
#[component]
pub(super) fn WhatYouNeed(
    procedure: Arc<ProcedureDetail>,
    form: Option<FormSchema>,
    state: Apply,
    options: RwSignal<Vec<Implementer>>,
) -> impl IntoView {
    let t = use_t();
    let locale = use_locale();
    let minutes = minutes_to_fill(form.as_ref(), procedure.documents.len());
    let papers = procedure
        .documents
        .iter()
        .map(|d| {
            let optional = (!d.mandatory).then_some(t.guide_optional);
            view! { <li>{d.name.get(locale).to_owned()}{optional}</li> }
        })
        .collect_view();
    let national = Terms { processing_days: procedure.summary.processing_days, fees: procedure.fees.clone() };
    let terms = move || chosen_option(state, options).map_or_else(|| national.clone(), |o| o.terms);
    let terms = Memo::new(move |_| terms());
    let fees = move || {
        let total: i64 = terms.with(|t| t.fees.iter().map(|f| f.amount_vnd).sum());
        if total == 0 { t.apply_no_fee.to_owned() } else { fill(t.guide_fees, &[("amount", &format_vnd(total))]) }
    };
    let days = move || processing_time(t, terms.with(|t| t.processing_days));
    view! {
        <section class="panel guide" aria-labelledby="guide-heading">
            <h2 id="guide-heading">{t.guide_title}</h2>
            <p>{fill(t.guide_minutes, &[("n", &minutes)])}</p>
            <h3>{t.guide_papers}</h3>
            <ul>{papers}</ul>
            <dl class="facts">
                <div><dt>{t.guide_fees_title}</dt><dd>{fees}</dd></div>
                <div><dt>{t.guide_time}</dt><dd>{days}</dd></div>
                <div><dt>{t.guide_result}</dt><dd>{procedure.result.get(locale).to_owned()}</dd></div>
            </dl>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filling_takes_a_minute_per_three_questions_and_per_paper() {
        assert_eq!(minutes_to_fill(None, 0), 2);
        assert_eq!(minutes_to_fill(None, 3), 3);
    }
}
