//! Plans that travel: the compact form in which a [`Dataset`] and a [`RuleSet`] go to
//! another process (a Dask or Spark worker, a pickled notebook object), and their
//! rebuilding there.
//!
//! The form of a dataset is the canonical JSON of its plan and of its monitoring data
//! (the serde types, compact, no indentation), which [`Dataset::from_json`] reads back to
//! an equal dataset; the form of a rule set is the canonical `rules.json` of every rule's
//! settings and the custom rules, which [`RuleSet::from_json`] reads back to an equal
//! rule set. Rebuilding runs core's single validation pass, which is also what builds the
//! dataset's indexes: nothing is parsed from user text twice, and what arrives is checked
//! as anything read from outside is.
//!
//! ```
//! use planwatch::{Dataset, RuleSet};
//! let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
//! let (plan, monitoring) = ds.to_portable().unwrap();
//! let back = Dataset::from_json(&plan, &monitoring).unwrap();
//! assert_eq!((back.plan(), back.monitoring()), (ds.plan(), ds.monitoring()));
//!
//! let rules = RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
//! assert_eq!(RuleSet::from_json(&rules.to_portable().unwrap()).unwrap(), rules);
//! ```

use crate::error::{Error, ErrorKind, Errors, Location};
use crate::model::Monitoring;
use crate::tables::TableSet;
use crate::{Dataset, RuleSet};

fn to_json<T: serde::Serialize>(what: &str, value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorKind::InvalidValue,
            format!("cannot write the {what} as json: {e}"),
            Location::default(),
        )
    })
}

impl Dataset {
    /// The compact form of the dataset: the canonical JSON of its plan and of its
    /// monitoring data, which [`Dataset::from_json`] reads back to an equal dataset.
    pub fn to_portable(&self) -> Result<(String, String), Error> {
        Ok((
            to_json("plan", self.plan())?,
            to_json("monitoring data", self.monitoring())?,
        ))
    }

    /// The same plan with the monitoring data that `tables` give (tables of the plan
    /// layout, `docs/tables.md`: `status_updates`, `submissions`, `indicator_values`,
    /// `meetings`; an absent table is empty), validated against the plan within the
    /// dataset's own [`Limits`](crate::Limits). This is how one partition of a large monitoring table (say, one province's submissions) is
    /// evaluated against the whole plan without the plan being read again.
    ///
    /// ```
    /// use planwatch::tables::{Cell, Table, TableSet};
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let mut set = TableSet::new();
    /// let mut t = Table::new("submissions", ["reporter", "report_type", "period", "submitted"]);
    /// t.push_row(["pcct-kampot", "monthly", "2021-01", "2021-02-03"].map(Cell::text).to_vec());
    /// set.insert(t);
    /// let one = ds.with_monitoring_tables(&set).unwrap();
    /// assert_eq!(one.monitoring().submissions.len(), 1);
    /// assert_eq!(one.plan(), ds.plan());
    /// ```
    pub fn with_monitoring_tables(&self, tables: &TableSet) -> Result<Dataset, Errors> {
        Dataset::from_tables_at(
            tables,
            Some(self.plan().clone()),
            Some(Monitoring::default()),
            Location::default(),
            self.limits(),
        )
    }
}

impl RuleSet {
    /// The compact form of the rule set: a `rules.json` naming every built-in rule with
    /// its settings, and the custom rules, which [`RuleSet::from_json`] reads back to an
    /// equal rule set.
    pub fn to_portable(&self) -> Result<String, Error> {
        to_json("rule set", self)
    }
}
