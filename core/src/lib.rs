//! planwatch: an embedded rules engine for monitoring a national strategic plan.
#![forbid(unsafe_code)]

pub mod error;
pub mod model;
pub mod period;

pub use error::{Error, ErrorKind, Errors, Location};
pub use period::{FiscalCalendar, Period, PeriodType};
