//! Openness (công khai, minh bạch): how a group of dossiers was served, as
//! the public and officials read it. One counting for every view — the
//! public statistics and their open data, the officials' statistics, the
//! procedure page's scorecard — from one [`DossierFact`] per dossier.
//!
//! A group with fewer than [`MIN_GROUP`] dossiers shows no figures in public,
//! and satisfaction shows only over at least [`MIN_GROUP`] ratings, so that
//! no figure describes one person's dossier or rating.

use crate::domain::calendar::{Calendar, Punctuality, Urgency, punctuality};
use crate::domain::catalog::Channel;
use crate::domain::date_input::DateParts;
use crate::domain::dossier::DossierStatus;
use crate::domain::rules::{FieldError, FieldErrors, Rule};
use crate::domain::text::LocalText;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The fewest dossiers (or ratings) a public figure may describe.
pub const MIN_GROUP: u64 = 5;

/// The longest period the public statistics cover at once, in days (five years).
pub const MAX_PERIOD_DAYS: i64 = 5 * 366;

/// Where a dossier stands for the statistics on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Finished (result issued, refused after acceptance, or stopped) before its due date.
    Early,
    /// Finished on its due date.
    OnTime,
    /// Finished after its due date.
    Late,
    /// Being processed, or waiting for the citizen (the clock paused), within its due date.
    RunningOnTime,
    /// Being processed past its due date.
    RunningOverdue,
    /// Not accepted, withdrawn, or not yet accepted: counted as received only.
    Other,
}

impl Outcome {
    /// How a dossier in `status`, due on `due` and finished on `finished`, stands on `today`.
    pub fn of(
        calendar: &Calendar,
        status: DossierStatus,
        due: Option<NaiveDate>,
        finished: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        match (due, finished) {
            (Some(due), Some(finished)) if status != DossierStatus::NotAccepted => match punctuality(due, finished) {
                Punctuality::Early => Self::Early,
                Punctuality::OnTime => Self::OnTime,
                Punctuality::Late => Self::Late,
            },
            (Some(due), None) if DossierStatus::RUNNING.contains(&status) || status.pauses_clock() => {
                if status.pauses_clock() || calendar.urgency(due, today) != Urgency::Overdue {
                    Self::RunningOnTime
                } else {
                    Self::RunningOverdue
                }
            }
            _ => Self::Other,
        }
    }

    pub fn finished(self) -> bool {
        matches!(self, Self::Early | Self::OnTime | Self::Late)
    }
}

/// One dossier as every statistic counts it.
#[derive(Clone, Debug, PartialEq)]
pub struct DossierFact {
    /// The day it was received (submitted online, or taken in), in Vietnam.
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub outcome: Outcome,
    /// Asked for a supplement at least once.
    pub supplemented: bool,
    /// Its papers are digital: filed online, or scanned at intake.
    pub digitised: bool,
    /// Its result is an electronic document.
    pub result_digitised: bool,
    /// Working days from acceptance to the result, paused days excluded (finished dossiers).
    pub working_days: Option<i32>,
    /// The citizen's rating, if they gave one.
    pub rating: Option<Scores>,
    /// A document of the citizen's store was chosen for it (digitised data reused).
    pub reused: bool,
}

/// One piece of feedback (phản ánh, kiến nghị) as the index counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedbackFact {
    pub sent_on: NaiveDate,
    pub due_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
}

impl FeedbackFact {
    /// Whether it is due on `today`: answered, or past its deadline.
    pub fn due(&self, today: NaiveDate) -> bool {
        self.answered_on.is_some() || self.due_on < today
    }

    /// Answered by its deadline.
    pub fn on_time(&self) -> bool {
        self.answered_on.is_some_and(|answered| answered <= self.due_on)
    }
}

/// What a group of dossiers shows: counts, shares and the median.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Figures {
    pub received: u64,
    /// Received by channel: online, at the desk, by post.
    pub online: u64,
    pub desk: u64,
    pub post: u64,
    pub early: u64,
    pub on_time: u64,
    pub late: u64,
    pub in_progress_on_time: u64,
    pub in_progress_overdue: u64,
    /// Dossiers that were asked for a supplement at least once.
    pub supplemented: u64,
    /// Dossiers whose papers are digital: filed online, or scanned at intake.
    pub digitised: u64,
    /// Finished dossiers whose result is an electronic document.
    pub results_digitised: u64,
    /// Median working days from acceptance to the result, of finished dossiers.
    pub median_days: Option<f64>,
    /// Dossiers rated by their citizen, and of those, rated satisfied.
    pub rated: u64,
    pub satisfied: u64,
    /// The satisfied ratings are not published (too few ratings here, or
    /// so that a smaller group's cannot be worked out).
    #[serde(default)]
    pub satisfaction_hidden: bool,
    /// Dossiers rated not satisfied that were also late or overdue (for the
    /// index's satisfaction, which counts each dossier once; never published).
    #[serde(skip)]
    pub late_unsatisfied: u64,
    /// Dossiers for which a stored document was reused.
    pub reused: u64,
    /// Feedback sent in the period that is due (answered, or past its
    /// deadline), and of it, answered by the deadline.
    #[serde(default)]
    pub feedback_due: u64,
    #[serde(default)]
    pub feedback_on_time: u64,
}

impl Figures {
    /// Counts `feedback` as it stands on `today`.
    pub fn count_feedback<'a>(&mut self, feedback: impl IntoIterator<Item = &'a FeedbackFact>, today: NaiveDate) {
        for fact in feedback.into_iter().filter(|f| f.due(today)) {
            self.feedback_due += 1;
            self.feedback_on_time += u64::from(fact.on_time());
        }
    }

    /// The figures of `facts`.
    pub fn of<'a>(facts: impl IntoIterator<Item = &'a DossierFact>) -> Self {
        let mut figures = Self::default();
        let mut days = Vec::new();
        for fact in facts {
            figures.received += 1;
            match fact.channel {
                Channel::Online | Channel::National => figures.online += 1,
                Channel::Desk => figures.desk += 1,
                Channel::Post => figures.post += 1,
            }
            match fact.outcome {
                Outcome::Early => figures.early += 1,
                Outcome::OnTime => figures.on_time += 1,
                Outcome::Late => figures.late += 1,
                Outcome::RunningOnTime => figures.in_progress_on_time += 1,
                Outcome::RunningOverdue => figures.in_progress_overdue += 1,
                Outcome::Other => {}
            }
            figures.supplemented += u64::from(fact.supplemented);
            figures.digitised += u64::from(fact.digitised);
            figures.reused += u64::from(fact.reused);
            if fact.outcome.finished() {
                figures.results_digitised += u64::from(fact.result_digitised);
                days.extend(fact.working_days);
            }
            if let Some(scores) = &fact.rating {
                figures.rated += 1;
                figures.satisfied += u64::from(scores.satisfied());
                figures.late_unsatisfied +=
                    u64::from(!scores.satisfied() && matches!(fact.outcome, Outcome::Late | Outcome::RunningOverdue));
            }
        }
        figures.median_days = median(&mut days);
        figures
    }

    pub fn finished(&self) -> u64 {
        self.early + self.on_time + self.late
    }

    /// Finished early or on time, of the finished, in percent.
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.early + self.on_time, self.finished())
    }

    /// Received online, of the received, in percent.
    pub fn online_rate(&self) -> Option<f64> {
        percent(self.online, self.received)
    }

    /// Received dossiers whose papers are digital, in percent.
    pub fn digitised_rate(&self) -> Option<f64> {
        percent(self.digitised, self.received)
    }

    /// Finished dossiers with an electronic result, in percent.
    pub fn results_digitised_rate(&self) -> Option<f64> {
        percent(self.results_digitised, self.finished())
    }

    /// Received dossiers that needed a supplement, in percent.
    pub fn supplement_rate(&self) -> Option<f64> {
        percent(self.supplemented, self.received)
    }

    /// Ratings that were satisfied, in percent; only over [`MIN_GROUP`] ratings or more.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        (self.rated >= MIN_GROUP && !self.satisfaction_hidden).then(|| percent(self.satisfied, self.rated)).flatten()
    }

    /// These figures with the satisfied ratings withheld.
    pub fn without_satisfaction(self) -> Self {
        Self { satisfied: 0, late_unsatisfied: 0, satisfaction_hidden: true, ..self }
    }

    /// The figures as the public may see them: none for a small group, and
    /// how many ratings were satisfied only over enough ratings.
    pub fn public(self) -> Option<Self> {
        if self.received < MIN_GROUP {
            return None;
        }
        if self.rated < MIN_GROUP {
            return Some(self.without_satisfaction());
        }
        Some(self)
    }
}

/// `part` of `whole` in percent (`None` of nothing).
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// The median of `values` (sorted in place).
pub fn median(values: &mut [i32]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        f64::from(values[mid - 1] + values[mid]) / 2.0
    } else {
        f64::from(values[mid])
    })
}

/// A public statistics request: the period, and how far down it is drilled
/// (the country by province → a province by agency → an agency by procedure),
/// optionally one sector. Every part of it is in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct StatisticsQuery {
    /// First day of the period, `YYYY-MM-DD` (default: 1 January of this year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day of the period, `YYYY-MM-DD` (default: today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// A province's code: its agencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<u32>,
    /// An agency's code: its procedures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// A sector's code: only its procedures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

/// Longest agency code accepted in a query.
const MAX_AGENCY_CODE: usize = 40;

impl StatisticsQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        // A date as `YYYY-MM-DD`, or as the plain form's three boxes (`from.day`, …).
        let date = |key: &str| {
            text(key)
                .or_else(|| {
                    let part = |name: &str| text(&format!("{key}.{name}")).unwrap_or_default();
                    Some(DateParts { day: part("day"), month: part("month"), year: part("year") }.text())
                })
                .filter(|v| !v.is_empty())
                .map(|v| v.chars().take(12).collect())
        };
        Self {
            from: date("from"),
            to: date("to"),
            province: text("province").and_then(|v| v.parse().ok()),
            agency: text("agency").filter(|v| v.len() <= MAX_AGENCY_CODE),
            sector: text("sector").filter(|v| v.len() <= MAX_AGENCY_CODE),
        }
    }

    /// The period asked for, on `today`; or why it is refused (a date that is
    /// not one, the start after the end, longer than [`MAX_PERIOD_DAYS`]).
    pub fn period(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
        let day = |field: &'static str, text: &Option<String>, default: NaiveDate| match text {
            None => Ok(default),
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .filter(|d| crate::domain::calendar::plausible(*d))
                .ok_or(FieldError { field: field.into(), rule: Rule::DateFormat }),
        };
        let to = day("to", &self.to, today);
        // By default from 1 January of the last day's year.
        let year = to.as_ref().map_or(today.year(), |to| to.year());
        let from = day("from", &self.from, NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today));
        let (from, to) = match (from, to) {
            (Ok(from), Ok(to)) => (from, to),
            (from, to) => return Err(FieldErrors([from.err(), to.err()].into_iter().flatten().collect())),
        };
        if from > to {
            return Err(FieldErrors(vec![FieldError { field: "to".into(), rule: Rule::PeriodOrder }]));
        }
        if (to - from).num_days() > MAX_PERIOD_DAYS {
            return Err(FieldErrors(vec![FieldError { field: "from".into(), rule: Rule::PeriodTooLong }]));
        }
        Ok((from, to))
    }

    /// How far down this request is drilled.
    pub fn level(&self) -> Level {
        if self.agency.is_some() {
            Level::Agency
        } else if self.province.is_some() {
            Level::Province
        } else {
            Level::Country
        }
    }

    /// This request as a URL query, without a leading `?` (the drill-down
    /// links, the CSV and the open data carry it).
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(from) = &self.from {
            pairs.push(("from", from.clone()));
        }
        if let Some(to) = &self.to {
            pairs.push(("to", to.clone()));
        }
        if let Some(province) = self.province {
            pairs.push(("province", province.to_string()));
        }
        if let Some(agency) = &self.agency {
            pairs.push(("agency", agency.clone()));
        }
        if let Some(sector) = &self.sector {
            pairs.push(("sector", sector.clone()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::domain::catalog::url_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The rows of a public statistics page: provinces, a province's agencies,
/// or an agency's procedures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Level {
    Country,
    Province,
    Agency,
}

/// One row of the public statistics: a province, an agency or a procedure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupRow {
    /// The province's code, the agency's code or the procedure's code.
    pub key: String,
    pub name: LocalText,
    /// `None`: fewer than [`MIN_GROUP`] dossiers, not published.
    pub figures: Option<Figures>,
}

/// The public statistics for a period, at one level of the drill-down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicStatistics {
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub to: NaiveDate,
    /// The day the figures were computed (in progress on time / overdue as of it).
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub as_of: NaiveDate,
    pub level: Level,
    /// The province drilled into, as (code, name).
    pub province: Option<GroupRow>,
    /// The agency drilled into.
    pub agency: Option<GroupRow>,
    /// The sector the figures are limited to, if any.
    pub sector: Option<LocalText>,
    /// Everything in the page's scope.
    pub total: Option<Figures>,
    pub rows: Vec<GroupRow>,
    /// Decision 766's index: a province's agencies ranked, or the agency's own.
    pub index: Vec<ServiceIndex>,
}

impl PublicStatistics {
    /// The figures as CSV (RFC 4180, comma-separated, UTF-8): one line per
    /// row and a last line for the total; a group too small to publish has
    /// its name and empty figures. Names are the Vietnamese ones.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "key,name,received,online,desk,post,early,on_time,late,in_progress_on_time,in_progress_overdue,\
             median_working_days,supplement_rate,online_rate,ratings,satisfaction_rate\r\n",
        );
        let total =
            GroupRow {
                key: String::new(), name: LocalText::new("Tổng cộng", "Total"), figures: self.total.clone()
            };
        for row in self.rows.iter().chain([&total]) {
            let mut cells = vec![csv_cell(&row.key), csv_cell(&row.name.vi)];
            let rate = |r: Option<f64>| r.map(|r| format!("{r:.1}")).unwrap_or_default();
            match &row.figures {
                Some(f) => {
                    cells.extend(
                        [f.received, f.online, f.desk, f.post, f.early, f.on_time, f.late]
                            .into_iter()
                            .chain([f.in_progress_on_time, f.in_progress_overdue])
                            .map(|n| n.to_string()),
                    );
                    cells.push(f.median_days.map(|d| format!("{d:.1}")).unwrap_or_default());
                    cells.extend([
                        rate(f.supplement_rate()),
                        rate(f.online_rate()),
                        f.rated.to_string(),
                        rate(f.satisfaction_rate()),
                    ]);
                }
                None => cells.extend(std::iter::repeat_n(String::new(), 14)),
            }
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break; a
/// text that a spreadsheet would run as a formula is prefixed with `'`.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

/// An agency's scorecard for one procedure over the last twelve months, on
/// the procedure page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub agency_code: String,
    pub agency: LocalText,
    /// `None`: fewer than [`MIN_GROUP`] dossiers in the twelve months.
    pub figures: Option<Figures>,
}

/// A citizen's rating of how a returned dossier was served: each criterion
/// on the national portal's scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub guidance: Satisfaction,
    pub time: Satisfaction,
    pub attitude: Satisfaction,
    pub result: Satisfaction,
}

named_enum! {
    /// One answer of a rating.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Satisfaction {
        VerySatisfied = "very_satisfied",
        Satisfied = "satisfied",
        Unsatisfied = "unsatisfied",
    }
}

impl Satisfaction {
    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::VerySatisfied => t.rating_very_satisfied,
            Self::Satisfied => t.rating_satisfied,
            Self::Unsatisfied => t.rating_unsatisfied,
        }
    }
}

impl Scores {
    /// A rating counts as satisfied when no criterion was answered unsatisfied.
    pub fn satisfied(&self) -> bool {
        [self.guidance, self.time, self.attitude, self.result].iter().all(|s| *s != Satisfaction::Unsatisfied)
    }
}

/// Days, the first rating's included, during which it may still be changed.
pub const RATING_EDIT_DAYS: i64 = 7;

/// Longest comment of a rating, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A rating as posted (every field a text, as a plain form sends it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingForm {
    pub guidance: Option<String>,
    pub time: Option<String>,
    pub attitude: Option<String>,
    pub result: Option<String>,
    pub comment: Option<String>,
}

impl RatingForm {
    /// The scores and the comment, or what is missing or wrong.
    pub fn check(&self) -> Result<(Scores, Option<String>), FieldErrors> {
        let mut errors = Vec::new();
        let mut answer = |field: &'static str, text: &Option<String>| {
            let found = match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Err(Rule::Required),
                Some(name) => Satisfaction::parse(name).ok_or(Rule::NotAnOption),
            };
            found.map_err(|rule| errors.push(FieldError { field: field.into(), rule })).ok()
        };
        let scores = (
            answer("guidance", &self.guidance),
            answer("time", &self.time),
            answer("attitude", &self.attitude),
            answer("result", &self.result),
        );
        let comment = self.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
        if comment.as_ref().is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
            errors.push(FieldError { field: "comment".into(), rule: Rule::TooLong(MAX_COMMENT_CHARS as u32) });
        }
        match scores {
            (Some(guidance), Some(time), Some(attitude), Some(result)) if errors.is_empty() => {
                Ok((Scores { guidance, time, attitude, result }, comment))
            }
            _ => Err(FieldErrors(errors)),
        }
    }
}

/// A returned dossier's rating as its citizen sees it on the dossier page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRating {
    /// The rating given, if one was.
    pub scores: Option<Scores>,
    pub comment: Option<String>,
    /// The last day it may be changed (`None` before it is given: any time).
    pub editable_until: Option<NaiveDate>,
    /// Whether it may be given or changed today.
    pub open: bool,
}

/// A rating as the agency that received the dossier reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRating {
    pub code: String,
    pub procedure: LocalText,
    pub scores: Scores,
    pub comment: Option<String>,
    pub rated_on: NaiveDate,
}

named_enum! {
    /// The five groups of indicators of Decision 766/QĐ-TTg, in its order.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum IndexGroup {
        Transparency = "transparency",
        Progress = "progress",
        Digitisation = "digitisation",
        Online = "online",
        Satisfaction = "satisfaction",
    }
}

impl IndexGroup {
    /// The group's points of the 100.
    pub fn points(self) -> f64 {
        match self {
            Self::Transparency | Self::Satisfaction => 18.0,
            Self::Progress => 20.0,
            Self::Digitisation | Self::Online => 22.0,
        }
    }

    pub fn label(self, t: &crate::i18n::Messages) -> &'static str {
        match self {
            Self::Transparency => t.index_transparency,
            Self::Progress => t.index_progress,
            Self::Digitisation => t.index_digitisation,
            Self::Online => t.index_online,
            Self::Satisfaction => t.index_satisfaction,
        }
    }
}

named_enum! {
    /// The indicators of Decision 766 that DVC computes from what it holds
    /// (the others need data it does not hold: see the README).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum Indicator {
        /// Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn.
        OnTime = "on_time",
        /// Tỷ lệ hồ sơ thực hiện số hóa.
        Digitised = "digitised",
        /// Tỷ lệ hồ sơ có cấp kết quả điện tử.
        ResultsDigitised = "results_digitised",
        /// Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa.
        Reused = "reused",
        /// Tỷ lệ hồ sơ nộp trực tuyến.
        FiledOnline = "filed_online",
        /// Tỷ lệ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính.
        Satisfied = "satisfied",
        /// Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn.
        FeedbackOnTime = "feedback_on_time",
    }
}

impl Indicator {
    pub fn group(self) -> IndexGroup {
        match self {
            Self::OnTime => IndexGroup::Progress,
            Self::Digitised | Self::ResultsDigitised | Self::Reused => IndexGroup::Digitisation,
            Self::FiledOnline => IndexGroup::Online,
            Self::Satisfied | Self::FeedbackOnTime => IndexGroup::Satisfaction,
        }
    }

    /// The share (in percent) at which the indicator earns all its points.
    pub fn threshold(self) -> f64 {
        match self {
            Self::OnTime | Self::FeedbackOnTime => 100.0,
            Self::FiledOnline => 50.0,
            Self::Satisfied => 90.0,
            Self::Digitised | Self::ResultsDigitised | Self::Reused => 80.0,
        }
    }

    /// Its value for `figures`, in percent (`None` with nothing to count).
    pub fn value(self, f: &Figures) -> Option<f64> {
        match self {
            Self::OnTime => f.on_time_rate(),
            Self::Digitised => f.digitised_rate(),
            Self::ResultsDigitised => f.results_digitised_rate(),
            Self::Reused => percent(f.reused, f.received),
            Self::FiledOnline => f.online_rate(),
            // Not satisfied: rated so, or late (finished late or overdue),
            // each dossier once; ratings count only where they are published.
            Self::Satisfied => {
                let rated_unsatisfied = match f.satisfaction_rate() {
                    Some(_) => (f.rated - f.satisfied).saturating_sub(f.late_unsatisfied),
                    None => 0,
                };
                percent(f.received.saturating_sub(f.late + f.in_progress_overdue + rated_unsatisfied), f.received)
            }
            Self::FeedbackOnTime => percent(f.feedback_on_time, f.feedback_due),
        }
    }

    /// Its name and formula, in the language of `t`.
    pub fn text(self, t: &crate::i18n::Messages) -> (&'static str, &'static str) {
        match self {
            Self::OnTime => (t.index_on_time, t.index_on_time_formula),
            Self::Digitised => (t.index_digitised, t.index_digitised_formula),
            Self::ResultsDigitised => (t.index_results, t.index_results_formula),
            Self::Reused => (t.index_reused, t.index_reused_formula),
            Self::FiledOnline => (t.index_filed_online, t.index_filed_online_formula),
            Self::Satisfied => (t.index_satisfied, t.index_satisfied_formula),
            Self::FeedbackOnTime => (t.index_feedback, t.index_feedback_formula),
        }
    }
}

/// An indicator's value for an agency, in percent (`None`: nothing to count).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    pub indicator: Indicator,
    pub value: Option<f64>,
}

/// A group's points for an agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupPoints {
    pub group: IndexGroup,
    pub points: f64,
}

/// One agency's service-quality index: each group's points from the
/// indicators DVC computes (equal shares of the group's points among those
/// with something to count, each `min(value ÷ threshold, 1)`), out of the
/// points of the groups computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceIndex {
    pub agency: GroupRow,
    /// Each computed indicator and its value.
    pub indicators: Vec<IndicatorValue>,
    /// Each group computed and its points.
    pub groups: Vec<GroupPoints>,
    pub score: f64,
    /// The points of the groups DVC computes (82 of the 100: not the transparency group).
    pub out_of: f64,
}

impl ServiceIndex {
    pub fn of(agency: GroupRow, figures: &Figures) -> Self {
        let indicators: Vec<IndicatorValue> =
            Indicator::ALL.iter().map(|i| IndicatorValue { indicator: *i, value: i.value(figures) }).collect();
        let groups: Vec<GroupPoints> = IndexGroup::ALL
            .iter()
            .filter_map(|group| {
                let mine: Vec<_> = indicators.iter().filter(|i| i.indicator.group() == *group).collect();
                if mine.is_empty() {
                    return None;
                }
                // An indicator with nothing to count (no feedback due) gives
                // its share to the others of its group; a group with nothing
                // to count at all (no dossier finished) earns nothing.
                let counted: Vec<(Indicator, f64)> =
                    mine.iter().filter_map(|i| Some((i.indicator, i.value?))).collect();
                let share = group.points() / counted.len().max(1) as f64;
                let points = counted.iter().map(|(i, value)| share * (value / i.threshold()).min(1.0)).sum();
                Some(GroupPoints { group: *group, points })
            })
            .collect();
        let score = groups.iter().map(|g| g.points).sum();
        let out_of = groups.iter().map(|g| g.group.points()).sum();
        Self { agency, indicators, groups, score, out_of }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn fact(channel: Channel, outcome: Outcome, days: Option<i32>) -> DossierFact {
        DossierFact {
            received_on: day(1),
            channel,
            outcome,
            supplemented: false,
            digitised: channel.is_online(),
            result_digitised: false,
            working_days: days,
            rating: None,
            reused: false,
        }
    }

    #[test]
    fn outcomes_at_the_boundary_day() {
        let calendar = Calendar::new([]);
        let finished = |due, on| Outcome::of(&calendar, DossierStatus::Returned, Some(due), Some(on), day(20));
        assert_eq!(finished(day(10), day(9)), Outcome::Early);
        assert_eq!(finished(day(10), day(10)), Outcome::OnTime);
        assert_eq!(finished(day(10), day(11)), Outcome::Late);
        let running = |status, due, today| Outcome::of(&calendar, status, Some(due), None, today);
        assert_eq!(running(DossierStatus::Processing, day(10), day(10)), Outcome::RunningOnTime);
        assert_eq!(running(DossierStatus::Processing, day(10), day(11)), Outcome::RunningOverdue);
        // The clock is paused while the citizen is asked for more: never overdue.
        assert_eq!(running(DossierStatus::SupplementRequested, day(10), day(20)), Outcome::RunningOnTime);
        assert_eq!(running(DossierStatus::Submitted, day(10), day(20)), Outcome::Other);
        assert_eq!(
            Outcome::of(&calendar, DossierStatus::NotAccepted, Some(day(10)), Some(day(2)), day(20)),
            Outcome::Other
        );
    }

    #[test]
    fn figures_count_channels_outcomes_and_the_median() {
        let facts = [
            fact(Channel::Online, Outcome::Early, Some(3)),
            fact(Channel::Desk, Outcome::OnTime, Some(5)),
            fact(Channel::Post, Outcome::Late, Some(9)),
            fact(Channel::Online, Outcome::RunningOverdue, None),
            // Filed on the national portal: online too.
            fact(Channel::National, Outcome::Other, None),
        ];
        let f = Figures::of(&facts);
        assert_eq!((f.received, f.online, f.desk, f.post), (5, 3, 1, 1));
        assert_eq!((f.early, f.on_time, f.late, f.in_progress_overdue), (1, 1, 1, 1));
        assert_eq!(f.median_days, Some(5.0));
        assert_eq!(f.on_time_rate().map(|r| r.round()), Some(67.0));
        assert_eq!(f.online_rate(), Some(60.0));
        assert_eq!(Figures::default().on_time_rate(), None);
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn small_groups_and_few_ratings_are_not_published() {
        let rated = |s: Satisfaction| DossierFact {
            rating: Some(Scores { guidance: s, time: s, attitude: Satisfaction::Satisfied, result: s }),
            ..fact(Channel::Online, Outcome::Early, Some(1))
        };
        let four: Vec<DossierFact> = (0..4).map(|_| rated(Satisfaction::VerySatisfied)).collect();
        assert_eq!(Figures::of(&four).public(), None);
        let mut five = four.clone();
        five.push(rated(Satisfaction::Unsatisfied));
        let f = Figures::of(&five);
        assert_eq!((f.rated, f.satisfied), (5, 4));
        assert_eq!(f.satisfaction_rate(), Some(80.0));
        assert_eq!(f.clone().public(), Some(f));
        // Enough dossiers but four ratings: the dossiers' figures show, the ratings do not.
        let mut mixed = four.clone();
        mixed.push(fact(Channel::Online, Outcome::Early, Some(1)));
        let public = Figures::of(&mixed).public().unwrap();
        assert_eq!((public.received, public.rated, public.satisfied, public.satisfied_rate_shown()), (5, 4, 0, false));
    }

    impl Figures {
        fn satisfied_rate_shown(&self) -> bool {
            self.satisfaction_rate().is_some()
        }
    }

    #[test]
    fn a_rating_needs_every_criterion_from_the_scale() {
        let full = RatingForm {
            guidance: Some("very_satisfied".into()),
            time: Some("satisfied".into()),
            attitude: Some("satisfied".into()),
            result: Some("unsatisfied".into()),
            comment: Some("  Chờ lâu ở quầy  ".into()),
        };
        let (scores, comment) = full.check().unwrap();
        assert!(!scores.satisfied());
        assert_eq!(comment.as_deref(), Some("Chờ lâu ở quầy"));
        let bad = RatingForm {
            time: Some("great".into()),
            result: None,
            comment: Some("x".repeat(MAX_COMMENT_CHARS + 1)),
            ..full
        };
        let errors: Vec<_> = bad.check().unwrap_err().0.into_iter().map(|e| (e.field, e.rule)).collect();
        assert_eq!(
            errors,
            vec![
                ("time".into(), Rule::NotAnOption),
                ("result".into(), Rule::Required),
                ("comment".into(), Rule::TooLong(MAX_COMMENT_CHARS as u32))
            ]
        );
    }

    #[test]
    fn periods_default_to_this_year_and_are_bounded() {
        let today = day(4);
        let q = |from: Option<&str>, to: Option<&str>| {
            StatisticsQuery { from: from.map(Into::into), to: to.map(Into::into), ..Default::default() }.period(today)
        };
        assert_eq!(q(None, None), Ok((NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), today)));
        assert_eq!(
            q(Some("2026-11-01"), Some("2026-11-30")),
            Ok((day(1).with_month(11).unwrap(), day(30).with_month(11).unwrap()))
        );
        let rule =
            |r: Result<_, FieldErrors>| r.unwrap_err().0.into_iter().map(|e| (e.field, e.rule)).collect::<Vec<_>>();
        assert_eq!(rule(q(Some("2026-12-05"), Some("2026-12-04"))), vec![("to".into(), Rule::PeriodOrder)]);
        assert_eq!(rule(q(Some("30/11/2026"), None)), vec![("from".into(), Rule::DateFormat)]);
        assert_eq!(rule(q(Some("2015-01-01"), None)), vec![("from".into(), Rule::PeriodTooLong)]);
        // The last day alone: from 1 January of its year.
        assert_eq!(q(None, Some("2025-03-31")).unwrap().0, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    }

    #[test]
    fn csv_has_a_line_per_row_and_the_total_and_is_safe_in_a_spreadsheet() {
        let figures = Figures::of(&[
            fact(Channel::Online, Outcome::Early, Some(2)),
            fact(Channel::Desk, Outcome::OnTime, Some(4)),
        ]);
        let stats = PublicStatistics {
            from: day(1),
            to: day(4),
            as_of: day(4),
            level: Level::Province,
            province: None,
            agency: None,
            sector: None,
            total: Some(figures.clone()),
            index: Vec::new(),
            rows: vec![
                GroupRow {
                    key: "H29.1".into(),
                    name: LocalText::new("UBND phường \"A\", Q.1", "A"),
                    figures: Some(figures),
                },
                GroupRow { key: "X".into(), name: LocalText::new("=HYPERLINK(1)", "x"), figures: None },
            ],
        };
        let csv = stats.to_csv();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 5, "{csv}");
        assert!(lines[0].starts_with("key,name,received,online,desk,post,early,on_time,late,"));
        assert_eq!(lines[1], "H29.1,\"UBND phường \"\"A\"\", Q.1\",2,1,1,0,1,1,0,0,0,3.0,0.0,50.0,0,");
        assert_eq!(lines[2], format!("X,'=HYPERLINK(1){}", ",".repeat(14)));
        assert!(lines[3].starts_with(",Tổng cộng,2,"));
        assert_eq!(lines[4], "");
    }

    #[test]
    fn the_index_gives_each_computed_indicator_its_share_of_its_group() {
        let f = Figures {
            received: 10,
            online: 4,
            early: 6,
            on_time: 1,
            late: 1,
            in_progress_overdue: 1,
            digitised: 8,
            results_digitised: 4,
            reused: 2,
            rated: 5,
            satisfied: 4,
            ..Figures::default()
        };
        let agency = GroupRow { key: "A".into(), name: LocalText::default(), figures: None };
        let index = ServiceIndex::of(agency, &f);
        let points = |g: IndexGroup| index.groups.iter().find(|p| p.group == g).unwrap().points;
        // 7 of 8 finished early or on time: 20 × 87.5 %.
        assert!((points(IndexGroup::Progress) - 17.5).abs() < 1e-9);
        // 80 % digitised (full), 50 % of results (÷ 80 %), 20 % reused (÷ 80 %): 22 ÷ 3 × (1 + 0.625 + 0.25).
        assert!((points(IndexGroup::Digitisation) - 22.0 / 3.0 * 1.875).abs() < 1e-9);
        // 40 % filed online of the 50 % threshold.
        assert!((points(IndexGroup::Online) - 17.6).abs() < 1e-9);
        // Not satisfied: 1 rated so, 1 late, 1 overdue: 70 % of the 90 % threshold.
        assert!((points(IndexGroup::Satisfaction) - 14.0).abs() < 1e-9);
        assert_eq!(index.groups.len(), 4, "the transparency group needs data DVC does not hold");
        assert_eq!(index.out_of, 82.0);
        assert!((index.score - (17.5 + 22.0 / 3.0 * 1.875 + 17.6 + 14.0)).abs() < 1e-9);
    }

    #[test]
    fn feedback_answered_late_costs_satisfaction_points_and_none_costs_nothing() {
        let base = Figures { received: 10, ..Figures::default() };
        let satisfaction = |f: &Figures| {
            let index = ServiceIndex::of(GroupRow { key: "A".into(), name: LocalText::default(), figures: None }, f);
            index.groups.iter().find(|p| p.group == IndexGroup::Satisfaction).unwrap().points
        };
        // No feedback due: the satisfaction share alone (all 10 satisfied).
        assert!((satisfaction(&base) - 18.0).abs() < 1e-9);
        let mut with = base.clone();
        let fact = |due: u32, answered: Option<u32>| FeedbackFact {
            sent_on: day(1),
            due_on: day(due),
            answered_on: answered.map(day),
        };
        // Answered on the deadline, answered a day late, open past it, open before it (not yet due).
        let feedback = [fact(10, Some(10)), fact(10, Some(11)), fact(12, None), fact(20, None)];
        with.count_feedback(&feedback, day(15));
        assert_eq!((with.feedback_due, with.feedback_on_time), (3, 1));
        assert_eq!(Indicator::FeedbackOnTime.value(&with), Some(100.0 / 3.0));
        assert!((satisfaction(&with) - (9.0 + 9.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn queries_round_trip_through_the_url() {
        let q = StatisticsQuery {
            from: Some("2026-01-01".into()),
            province: Some(79),
            agency: Some("H29.1".into()),
            ..Default::default()
        };
        let text = q.to_query();
        assert_eq!(text, "from=2026-01-01&province=79&agency=H29.1");
        let pairs: Vec<(String, String)> =
            text.split('&').map(|p| p.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())).unwrap()).collect();
        let back = StatisticsQuery::from_params(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()));
        assert_eq!(back, q);
        assert_eq!(back.level(), Level::Agency);
        assert_eq!(StatisticsQuery::from_params(|_| Some("x".repeat(100))).agency, None);
        // The plain form's boxes, day first.
        let boxes = [("to.day", "5"), ("to.month", "3"), ("to.year", "2026")];
        let typed =
            StatisticsQuery::from_params(|k| boxes.iter().find(|(key, _)| *key == k).map(|(_, v)| (*v).to_owned()));
        assert_eq!((typed.from, typed.to.as_deref()), (None, Some("2026-03-05")));
    }
}
