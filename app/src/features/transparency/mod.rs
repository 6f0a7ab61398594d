//! Openness (công khai, minh bạch): the public statistics, the procedure
//! page's scorecard and satisfaction ratings.

pub mod api;
mod rating;
mod scorecard;
mod statistics_page;

pub use rating::{AgencyRatings, RatingPanel};
pub use scorecard::ProcedureScorecard;
pub use statistics_page::PublicStatisticsPage;
