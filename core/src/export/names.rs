//! [`Names`]: the names and titles beside the ids in exports.

use crate::dataset::Dataset;
use crate::eval::SubjectKind;
use crate::model::Plan;

/// Names and titles of a plan's items, looked up by id.
pub(crate) struct Names<'a> {
    dataset: &'a Dataset,
}

impl<'a> Names<'a> {
    pub(crate) fn new(dataset: &'a Dataset) -> Names<'a> {
        Names { dataset }
    }

    fn plan(&self) -> &'a Plan {
        self.dataset.plan()
    }

    /// The name of the organisation `id`.
    pub(crate) fn organisation(&self, id: &str) -> Option<&'a str> {
        let &i = self.dataset.index.org.get(id)?;
        self.plan()
            .organisations
            .get(i as usize)
            .map(|o| o.name.as_str())
    }

    /// The title of the activity `id`.
    pub(crate) fn activity(&self, id: &str) -> Option<&'a str> {
        let &i = self.dataset.index.activity.get(id)?;
        self.plan()
            .activities
            .get(i as usize)
            .map(|a| a.title.as_str())
    }

    /// The name of the indicator `id`.
    pub(crate) fn indicator(&self, id: &str) -> Option<&'a str> {
        let &i = self.dataset.index.indicator.get(id)?;
        self.plan()
            .indicators
            .get(i as usize)
            .map(|x| x.name.as_str())
    }

    /// The title of the strategy `id`.
    pub(crate) fn strategy(&self, id: &str) -> Option<&'a str> {
        self.plan()
            .strategies
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.title.as_str())
    }

    /// The name or title of a finding's subject: an activity's or group's title, an
    /// organisation's or indicator's name, a meeting obligation's title, the plan's title.
    pub(crate) fn subject(&self, kind: SubjectKind, id: &str) -> Option<&'a str> {
        let plan = self.plan();
        match kind {
            SubjectKind::Activity => self.activity(id),
            SubjectKind::Organisation => self.organisation(id),
            SubjectKind::Indicator => self.indicator(id),
            SubjectKind::Group => plan
                .groups
                .iter()
                .find(|g| g.id == id)
                .map(|g| g.title.as_str()),
            SubjectKind::Obligation => plan
                .meeting_obligations
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.title.as_str()),
            SubjectKind::Plan => Some(plan.title.as_str()),
        }
    }
}
