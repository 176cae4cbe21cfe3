//! The loaded data: one table per kind, however many files fed it.
//!
//! Exports are often cut by month and overlap. Files of the same kind are
//! appended into one table; an id seen again in a later file replaces the
//! earlier row (the last row wins, as within one file), which is reported as
//! a `duplicate_id` issue and counted as skipped in the earlier file's input.
//!
//! A dataset owns the files given to [`Dataset::add`] and borrows those
//! given to [`Dataset::add_ref`]; a borrowed table is copied only when a
//! second file of its kind has to be appended to it.

use super::error::{Error, ErrorKind, Issue, IssueKind, IssueLog};
use super::load::{InputInfo, LoadedFile};
use super::schema::TableKind;
use super::table::{Map, Table, NO_STR};
use chrono_tz::Tz;
use std::borrow::Cow;

/// Every file loaded so far, merged by kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset<'a> {
    /// One table per kind, in order of first appearance.
    tables: Vec<Cow<'a, Table>>,
    /// For each table, the index into `inputs` of each of its files, in order.
    table_inputs: Vec<Vec<usize>>,
    /// One entry per file added.
    inputs: Vec<InputInfo>,
    /// Issues of every file, then those found when merging.
    issues: IssueLog,
    /// Zone the files were read in; `None` before the first file.
    time_zone: Option<Tz>,
}

impl<'a> Dataset<'a> {
    /// An empty dataset.
    pub fn new() -> Dataset<'a> {
        Dataset::default()
    }

    /// Add a loaded file, merging it into the table of its kind. Every file
    /// must have been read in the same time zone.
    pub fn add(&mut self, file: LoadedFile) -> Result<(), Error> {
        let LoadedFile {
            info,
            table,
            issues,
            time_zone,
        } = file;
        self.add_parts(info, Cow::Owned(table), &issues, time_zone)
    }

    /// Add a loaded file without copying its table unless it must be merged.
    pub fn add_ref(&mut self, file: &'a LoadedFile) -> Result<(), Error> {
        self.add_parts(
            file.info.clone(),
            Cow::Borrowed(&file.table),
            &file.issues,
            file.time_zone,
        )
    }

    fn add_parts(
        &mut self,
        info: InputInfo,
        table: Cow<'a, Table>,
        issues: &IssueLog,
        time_zone: Tz,
    ) -> Result<(), Error> {
        if self.time_zone.is_some_and(|tz| tz != time_zone) {
            return Err(Error::file(
                &info.file,
                ErrorKind::Usage {
                    message: format!(
                        "was read in time zone {} but the other files in {}",
                        time_zone.name(),
                        self.time_zone.map_or("", |tz| tz.name())
                    ),
                },
            ));
        }
        self.time_zone = Some(time_zone);
        let input = self.inputs.len();
        self.inputs.push(info);
        self.issues.extend(issues);
        match self.tables.iter().position(|t| t.kind == table.kind) {
            None => {
                self.tables.push(table);
                self.table_inputs.push(vec![input]);
            }
            Some(k) => {
                let before = self.tables[k].rows;
                self.tables[k].to_mut().append(&table);
                self.table_inputs[k].push(input);
                self.replace_repeated_ids(k, before);
            }
        }
        Ok(())
    }

    /// Rows before `first_new` whose id appears again from `first_new` on are dropped.
    fn replace_repeated_ids(&mut self, k: usize, first_new: usize) {
        let table = &self.tables[k];
        let Some(ids) = table.str("id") else {
            return;
        };
        let mut later: Map<u32, usize> = Map::default();
        for (i, code) in ids.codes.iter().enumerate().skip(first_new) {
            if code != NO_STR {
                later.entry(code).or_insert(i);
            }
        }
        let mut keep = vec![true; table.rows];
        for (i, code) in ids.codes.iter().take(first_new).enumerate() {
            let Some(&j) = later.get(&code) else {
                continue;
            };
            keep[i] = false;
            let (file, line) = table.origin(i);
            let (new_file, new_line) = table.origin(j);
            let id = ids.get(i).unwrap_or_default();
            self.issues.push(Issue::new(
                IssueKind::DuplicateId,
                file,
                line,
                table.header("id"),
                id,
                format!("id \"{id}\" appears again in {new_file} line {new_line}; the later row is used"),
            ));
            let nth_file = table.files.partition_point(|(first, _)| *first <= i) - 1;
            let input = self.table_inputs[k][nth_file];
            self.inputs[input].skipped += 1;
        }
        if keep.contains(&false) {
            self.tables[k].to_mut().retain_rows(&keep);
        }
    }

    /// The merged tables, one per kind.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.iter().map(|t| t.as_ref())
    }

    /// The table of `kind`, if a file of that kind was added.
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables().find(|t| t.kind == kind)
    }

    /// One entry per file added, in order.
    pub fn inputs(&self) -> &[InputInfo] {
        &self.inputs
    }

    /// Issues found while reading and merging.
    pub fn issues(&self) -> &IssueLog {
        &self.issues
    }

    /// The zone the files were read in (`None` when empty).
    pub fn time_zone(&self) -> Option<Tz> {
        self.time_zone
    }
}
