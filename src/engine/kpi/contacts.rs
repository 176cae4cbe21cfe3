//! Time with the customer across channels (SPEC section 4, "contacts").
//!
//! `contacts.handle_seconds` pools the values of `tickets.handle_seconds`
//! (anchor `created_at`) and of `calls.handle_seconds` (anchor `started_at`:
//! talk + hold + wrap of connected calls, outbound ones included; see
//! [`super::calls`]). A negative ticket `handle_seconds` is left out. The
//! family exists when at least one of the two inputs does (a tickets table
//! with `handle_seconds`, a calls table with a talk, hold or wrap column and a
//! way to tell abandonment); a table without its input takes no part.
//!
//! Rows: the tickets rows first, then the calls rows (`rows() = tickets +
//! calls`). Group keys are built once for every `group_by` column and goal
//! filter column:
//! - `channel`: a ticket's own `channel` cell; every call is `phone` (a calls
//!   table's own `channel` column, if any, is not used). So `groups.channel`
//!   holds the time-with-customer table, with phone tickets and calls pooled
//!   under `phone`.
//! - any other column (`agent`, `team`, `queue`, ...): the cell of the row's
//!   own table. Rows of a table without the column are left out of that
//!   breakdown (`team` groups tickets only, `queue` calls only).
//!
//! Issues are reported by the tickets and calls families, not again here.

use super::{calls, min_max, put_dist, Family, Metrics, Rows, Seconds, Slots, NOT_GROUPED};
use crate::engine::config::Config;
use crate::engine::dataset::Dataset;
use crate::engine::error::IssueLog;
use crate::engine::period::Span;
use crate::engine::schema::TableKind;
use crate::engine::stats::Sample;
use crate::engine::table::{Stamps, StrColumn, Table, NO_STR};
use std::borrow::Cow;

/// Prepare the contacts family when the tickets or calls table has handle time.
pub fn families<'a>(data: &'a Dataset, config: &Config) -> Vec<Box<dyn Family + 'a>> {
    let tickets = data.table(TableKind::Tickets).and_then(Part::tickets);
    let calls = data.table(TableKind::Calls).and_then(Part::calls);
    if tickets.is_none() && calls.is_none() {
        return Vec::new();
    }
    vec![Box::new(Contacts::new(tickets, calls, config))]
}

/// One table's share of the contacts.
struct Part<'a> {
    table: &'a Table,
    /// The anchor per row, UTC seconds.
    anchor: &'a Stamps,
    /// Handle seconds: a ticket's `handle_seconds` as given, a call's talk +
    /// hold + wrap as the calls module counts it.
    handle: Seconds<'a>,
}

impl<'a> Part<'a> {
    /// Tickets with a `handle_seconds` column, anchored at `created_at`.
    fn tickets(table: &'a Table) -> Option<Part<'a>> {
        let handle = table.dur("handle_seconds")?;
        Some(Part {
            table,
            anchor: &table.ts("created_at")?.secs,
            handle: Seconds::Given(handle),
        })
    }

    /// Calls with handle time, anchored at `started_at`.
    fn calls(table: &'a Table) -> Option<Part<'a>> {
        Some(Part {
            table,
            anchor: &table.ts("started_at")?.secs,
            handle: Seconds::Counted(calls::connected_handle_seconds(table)?),
        })
    }

    fn rows(&self) -> usize {
        self.table.rows
    }
}

/// The contacts family, prepared for one report.
pub struct Contacts<'a> {
    tickets: Option<Part<'a>>,
    calls: Option<Part<'a>>,
    /// Group keys over all rows, by column name.
    groups: Vec<(String, Cow<'a, StrColumn>)>,
    issues: IssueLog,
}

impl<'a> Contacts<'a> {
    fn new(tickets: Option<Part<'a>>, calls: Option<Part<'a>>, config: &Config) -> Contacts<'a> {
        let mut contacts = Contacts {
            tickets,
            calls,
            groups: Vec::new(),
            issues: IssueLog::default(),
        };
        let filters = config.goals.iter().flat_map(|g| g.filter.keys());
        for column in config.group_by.iter().chain(filters) {
            if contacts.groups.iter().any(|(name, _)| name == column) {
                continue;
            }
            if let Some(key) = contacts.group_key(column) {
                contacts.groups.push((column.clone(), key));
            }
        }
        contacts
    }

    /// Number of ticket rows: call row `i` is row `tickets_rows() + i`.
    fn tickets_rows(&self) -> usize {
        self.tickets.as_ref().map_or(0, Part::rows)
    }

    /// The part and its row of contacts row `i`.
    fn locate(&self, i: usize) -> Option<(&Part<'a>, usize)> {
        let n = self.tickets_rows();
        if i < n {
            self.tickets.as_ref().map(|t| (t, i))
        } else {
            self.calls.as_ref().map(|c| (c, i - n))
        }
    }

    /// The merged group key of `column`; `None` when no part's table has it.
    fn group_key(&self, column: &str) -> Option<Cow<'a, StrColumn>> {
        // With one table, its own column is the key (no copy of its codes, 4
        // bytes a row), but for the calls' `channel`, which is always phone.
        match (&self.tickets, &self.calls) {
            (Some(t), None) => return t.table.str(column).map(Cow::Borrowed),
            (None, Some(c)) if column != "channel" => {
                return c.table.str(column).map(Cow::Borrowed)
            }
            _ => {}
        }
        let mut key = StrColumn::default();
        let mut found = false;
        if let Some(t) = &self.tickets {
            found |= append(&mut key, t.table.str(column), t.rows());
        }
        if let Some(c) = &self.calls {
            if column == "channel" {
                let phone = key.intern("phone");
                key.codes.push_n(phone, c.rows());
                found = true;
            } else {
                found |= append(&mut key, c.table.str(column), c.rows());
            }
        }
        found.then_some(Cow::Owned(key))
    }
}

/// Append `rows` codes of `source` to `key`, re-coded into its dictionary;
/// [`NOT_GROUPED`] codes when there is no source column. Whether there was one.
fn append(key: &mut StrColumn, source: Option<&StrColumn>, rows: usize) -> bool {
    let Some(source) = source else {
        key.codes.push_n(NOT_GROUPED, rows);
        return false;
    };
    let recode: Vec<u32> = source.values.iter().map(|v| key.intern(v)).collect();
    key.codes.extend(source.codes.iter().map(|c| {
        if c == NO_STR {
            NO_STR
        } else {
            recode[c as usize]
        }
    }));
    true
}

impl Family for Contacts<'_> {
    fn rows(&self) -> usize {
        self.tickets_rows() + self.calls.as_ref().map_or(0, Part::rows)
    }

    fn group_column(&self, column: &str) -> Option<&StrColumn> {
        self.groups
            .iter()
            .find(|(name, _)| name == column)
            .map(|(_, key)| key.as_ref())
    }

    fn anchored(&self, i: usize, span: Span) -> bool {
        self.locate(i)
            .is_some_and(|(p, j)| span.contains(p.anchor.get(j)))
    }

    fn time_range(&self) -> Option<(i64, i64)> {
        min_max(self.tickets.iter().chain(&self.calls).map(|p| p.anchor))
    }

    fn issues(&self) -> &IssueLog {
        &self.issues
    }

    fn compute(&self, span: Span, rows: Rows, out: &mut Metrics) {
        self.compute_each(Slots::spans(&[span]), rows, std::slice::from_mut(out));
    }

    fn compute_each(&self, slots: Slots, rows: Rows, outs: &mut [Metrics]) {
        let mut handle = vec![Sample::default(); slots.len()];
        rows.for_each(|i| {
            let Some(group) = slots.group(i) else {
                return;
            };
            let Some((part, j)) = self.locate(i) else {
                return;
            };
            let Some(secs) = part.handle.get(j) else {
                return;
            };
            if let Some(k) = slots.holding(group, part.anchor.get(j)) {
                handle[k].push(secs);
            }
        });
        for (handle, out) in handle.iter_mut().zip(outs) {
            put_dist(out, "contacts.handle_seconds", handle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(values: &[&str]) -> StrColumn {
        let mut c = StrColumn::default();
        for v in values {
            c.push(v);
        }
        c
    }

    #[test]
    fn merged_keys_recode_and_leave_out_tables_without_the_column() {
        let mut key = StrColumn::default();
        assert!(append(&mut key, Some(&text(&["Bob", "", "Alice"])), 3));
        assert!(!append(&mut key, None, 2));
        assert!(append(&mut key, Some(&text(&["Alice", "Carol"])), 2));
        assert_eq!(key.values, ["Bob", "Alice", "Carol"]);
        assert_eq!(key.codes, [0, NO_STR, 1, NOT_GROUPED, NOT_GROUPED, 1, 2]);
        assert_eq!(key.code_of("Alice"), Some(1));
    }
}
