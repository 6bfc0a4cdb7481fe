//! [`TableSet`]: the named tables of one plan, in the layout's order.

use super::Table;

/// The tables of a plan and its monitoring data, by name (`activities`, `status_updates`,
/// ...), kept in the order they were added; a name is there at most once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableSet {
    tables: Vec<Table>,
}

impl TableSet {
    /// An empty set.
    pub fn new() -> TableSet {
        TableSet::default()
    }

    /// Adds a table, replacing one of the same name (in its place).
    pub fn insert(&mut self, table: Table) {
        match self.tables.iter_mut().find(|t| t.name == table.name) {
            Some(slot) => *slot = table,
            None => self.tables.push(table),
        }
    }

    /// The table named `name`.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Whether a table named `name` is in the set.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The tables, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Table> {
        self.tables.iter()
    }

    /// How many tables the set has.
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    /// Whether the set has no table.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

impl<'a> IntoIterator for &'a TableSet {
    type Item = &'a Table;
    type IntoIter = std::slice::Iter<'a, Table>;
    fn into_iter(self) -> Self::IntoIter {
        self.tables.iter()
    }
}

impl FromIterator<Table> for TableSet {
    fn from_iter<I: IntoIterator<Item = Table>>(iter: I) -> TableSet {
        let mut set = TableSet::new();
        for t in iter {
            set.insert(t);
        }
        set
    }
}
