//! [`Report`]: the progress report of a plan for a period, as one HTML document.

use super::activity_progress::{ActivityProgress, Standing};
use super::coverage::Coverage;
use super::page::{percent, Page};
use super::{activities, changes, findings, indicators, reporting};
use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Location};
use crate::eval::{Evaluation, TrackStatus, Window};
use crate::export::html::escape;
use crate::period::Period;
use crate::rules::RuleSet;
use chrono::NaiveDate;

/// A progress report: one self-contained, printable HTML document for a plan's
/// committee, covering one report period (see the [module docs](super) for what it
/// holds and how the period is chosen).
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// use planwatch::report::Report;
/// let dir = "../examples/nsp-2019-2023";
/// let ds = Dataset::load_dir(dir)?;
/// let rules = RuleSet::load_dir(dir)?;
/// let as_of = planwatch::chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ev = ds.evaluate(&rules, as_of);
/// let report = Report::build(&ds, &rules, &ev, None)?;
/// assert_eq!(report.period().id(), "2021Q2");
/// assert!(report.html().starts_with("<!DOCTYPE html>"));
/// assert!(report.html().contains("<svg"));
/// // std::fs::write("report.html", report.html())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    period: Period,
    previous: Option<Period>,
    as_of: NaiveDate,
    html: String,
}

impl Report {
    /// The report of `evaluation` (an evaluation of `dataset` with `rules`) for the
    /// period `period` (a period id such as `2021Q2`), or, without one, for the period of
    /// the plan's [main report type](super::main_report_type) that contains the as-of day.
    ///
    /// `rules` evaluate the dataset again at the end of the previous period, for the
    /// changes since then. Errors: a bad or unfitting period (see [`Coverage::choose`]),
    /// and an evaluation of another plan ([`ErrorKind::InvalidValue`] at `evaluation`).
    pub fn build(
        dataset: &Dataset,
        rules: &RuleSet,
        evaluation: &Evaluation,
        period: Option<&str>,
    ) -> Result<Report, Error> {
        let plan = dataset.plan();
        if evaluation.plan != plan.id {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "the evaluation is of plan {}, not of plan {}",
                    evaluation.plan, plan.id
                ),
                Location::path("evaluation"),
            ));
        }
        let as_of = evaluation.as_of;
        let coverage = Coverage::choose(plan, as_of, period)?;
        let p = coverage.period;
        let window = Window::between(Some(p.start()), Some(p.end()));
        let rates = dataset.reporting_rates(as_of, window);
        let meetings = dataset.meeting_rates(as_of, window);
        let progress = ActivityProgress::of(dataset, as_of);
        let previous = coverage
            .previous
            .filter(|prev| prev.end() >= plan.start && prev.end() < as_of);
        let diff = previous.map(|prev| dataset.evaluate(rules, prev.end()).diff(evaluation));

        let mut page = Page::new(&format!("{}: progress report {}", plan.title, p.id()));
        page.element("h1", None, &plan.title);
        page.element(
            "p",
            Some("meta"),
            &format!(
                "Progress report for {} ({} to {}), as of {}.",
                p.id(),
                p.start(),
                p.end(),
                as_of
            ),
        );
        if dataset.monitoring().synthetic {
            page.raw("<p class=\"meta\">The monitoring data are synthetic (marked so in the data set).</p>\n");
        }
        summary(&mut page, &progress, &rates, &meetings, evaluation);
        activities::write(&mut page, dataset, &progress);
        reporting::write_reporting(&mut page, dataset, &rates);
        indicators::write(&mut page, dataset, &evaluation.indicators, as_of);
        reporting::write_meetings(&mut page, &meetings);
        changes::write(&mut page, dataset, previous.as_ref().zip(diff.as_ref()));
        findings::write(&mut page, dataset, evaluation);
        Ok(Report {
            period: p,
            previous,
            as_of,
            html: page.finish(),
        })
    }

    /// The document: `<!DOCTYPE html>` and one `<html>` element, styles inline, charts
    /// as inline SVG; the same input gives the same bytes.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// The document, taken out of the report.
    pub fn into_html(self) -> String {
        self.html
    }

    /// The document inside an `<iframe srcdoc>`, for pages that show it among other
    /// content (a notebook's output cell): its styles then apply to it alone.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = planwatch::chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let report = ds.report(&planwatch::RuleSet::default(), day, None).unwrap();
    /// let frame = report.iframe();
    /// assert!(frame.starts_with("<iframe srcdoc=\"&lt;!DOCTYPE html&gt;"));
    /// let doc = &frame[..frame.find("\" title=").unwrap()];
    /// assert!(!doc[1..].contains('<'), "the document is escaped into the attribute");
    /// ```
    pub fn iframe(&self) -> String {
        format!(
            "<iframe srcdoc=\"{}\" title=\"{}\" style=\"width:100%;height:80vh;border:1px solid #ddd\"></iframe>",
            escape(&self.html),
            escape(&format!("progress report {}", self.period.id()))
        )
    }

    /// Writes the document to `path`: to a temporary file beside it, then renamed over
    /// it, so a reader never sees half a report. An [`ErrorKind::Io`] error names the file.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        crate::export::write_replacing(path.as_ref(), self.html.as_bytes(), "report")
    }

    /// The period the report covers.
    pub fn period(&self) -> &Period {
        &self.period
    }

    /// The period the report's changes are counted from: the one before
    /// [`Report::period`], when it ends within the plan and before the as-of day
    /// (the report then says there is nothing to compare with).
    pub fn previous(&self) -> Option<&Period> {
        self.previous.as_ref()
    }

    /// The day evaluated.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }
}

/// The opening summary: one line per section.
fn summary(
    page: &mut Page,
    progress: &ActivityProgress,
    rates: &crate::eval::ReportingRates,
    meetings: &crate::eval::MeetingRates,
    evaluation: &Evaluation,
) {
    page.raw("<h2>Summary</h2>\n");
    let counts = &progress.counts;
    let activities = Standing::ALL
        .iter()
        .zip(counts.0)
        .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ");
    let on_track = evaluation
        .indicators
        .iter()
        .filter(|s| matches!(s.status, TrackStatus::OnTrack | TrackStatus::Ahead))
        .count();
    let by_severity = evaluation
        .summary
        .by_severity
        .iter()
        .rev()
        .map(|(s, n)| format!("{n} {s}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = [
        format!("Activities: {} in all: {activities}.", counts.total()),
        format!(
            "Reporting: {} of {} reports due in the period received ({}), {} on time ({}).",
            rates.overall.actual,
            rates.overall.expected,
            percent(rates.overall.completeness),
            rates.overall.on_time,
            percent(rates.overall.timeliness)
        ),
        format!(
            "Indicators: {on_track} of {} on track or ahead of their targets.",
            evaluation.indicators.len()
        ),
        format!(
            "Meetings: {} of {} due in the period held ({}).",
            meetings.overall.actual,
            meetings.overall.expected,
            percent(meetings.overall.completeness)
        ),
        format!("Findings: {} ({by_severity}).", evaluation.summary.total),
    ];
    let items: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    page.list(&items);
}
