//! Columnar storage of one loaded file.
//!
//! A [`Table`] holds one [`ColumnData`] per mapped column, all the same length
//! (`Table::rows`); index `i` is data row `i` in every column. Missing values
//! use sentinels instead of `Option` so a column costs what its values cost:
//! [`NO_TS`] for timestamps, `NaN` for durations and numbers, [`NO_BOOL`] for
//! booleans and criteria, [`NO_STR`] for text, key 0 for whole numbers
//! ([`Ints`]). Codes, whole numbers, timestamps, numbers and lines take the
//! fewest bits that hold them ([`super::packed`]).

use super::error::{Issue, IssueKind};
pub use super::packed::{Codes, Floats, Ints, Stamps};
use super::schema::{ColumnType, TableKind};
use hashbrown::hash_table::HashTable;
use std::hash::BuildHasher;

/// A missing timestamp.
pub const NO_TS: i64 = i64::MIN;
/// A missing boolean or not-applicable criterion.
pub const NO_BOOL: u8 = 2;
/// A missing string (empty cell).
pub const NO_STR: u32 = u32::MAX;

/// Timestamps of one column: UTC seconds since the Unix epoch, [`NO_TS`] if empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TsColumn {
    /// UTC seconds; [`NO_TS`] when empty or unreadable. At most 32 bits a
    /// row for times from 1970 to 2038.
    pub secs: Stamps,
    /// Bit `i` set: row `i` gave a date without a time (local midnight).
    /// Needed where a date means "until the end of that day" (order deadlines).
    pub date_only: Vec<u64>,
}

impl TsColumn {
    /// The value of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<i64> {
        let v = self.secs.get(i);
        (v != NO_TS).then_some(v)
    }

    /// Whether row `i` was given as a date only.
    #[inline]
    pub fn is_date_only(&self, i: usize) -> bool {
        self.date_only
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// Room for exactly `rows` more rows (see [`StrColumn::reserve_rows`]).
    pub fn reserve_rows(&mut self, rows: usize) {
        self.secs.reserve_rows(rows);
        make_room(&mut self.date_only, rows.div_ceil(64));
    }

    /// Append a value.
    pub fn push(&mut self, secs: Option<i64>, date_only: bool) {
        let i = self.secs.len();
        self.secs.push(secs.unwrap_or(NO_TS));
        if i % 64 == 0 {
            self.date_only.push(0);
        }
        if date_only {
            self.date_only[i / 64] |= 1u64 << (i % 64);
        }
    }
}

/// The 1-based line where each row starts, kept as the line less the row's
/// index ([`Ints`]): where no cell spans lines and no row is skipped, every
/// row has the same difference, and the column takes no bits at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lines(Ints);

impl Lines {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The line of row `i`; 0 (no line) past the last row.
    pub fn get(&self, i: usize) -> u32 {
        if i >= self.len() {
            return 0;
        }
        // Exact: a line and a row index are both below 2^32.
        (self.0.get(i).unwrap_or(0) + i as i64) as u32
    }

    /// The lines in row order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Append the line of the next row.
    pub fn push(&mut self, line: u32) {
        self.0.push(Some(i64::from(line) - self.len() as i64));
    }

    /// See [`Ints::reserve_rows`].
    pub fn reserve_rows(&mut self, n: usize) {
        self.0.reserve_rows(n);
    }

    /// See [`Ints::shrink_to_fit`].
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// Keep only the rows `i` with `keep(i)`.
    pub fn retain_rows(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let all = std::mem::take(self);
        let kept = all.iter().enumerate().filter(|&(i, _)| keep(i));
        self.extend(kept.map(|(_, line)| line));
    }
}

impl<const N: usize> PartialEq<[u32; N]> for Lines {
    fn eq(&self, other: &[u32; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl Extend<u32> for Lines {
    fn extend<I: IntoIterator<Item = u32>>(&mut self, lines: I) {
        lines.into_iter().for_each(|line| self.push(line));
    }
}

impl FromIterator<u32> for Lines {
    fn from_iter<I: IntoIterator<Item = u32>>(lines: I) -> Lines {
        let mut out = Lines::default();
        out.extend(lines);
        out
    }
}

/// Dictionary-encoded text: `codes[i]` indexes `values`, [`NO_STR`] if empty.
///
/// The index is a hashbrown table of `Slot`s, hashed with foldhash. While every
/// new value sorts after the one before it (see [`Values::ascends`]) the
/// values are distinct and in order, so no index is kept and a lookup is a
/// binary search: an export listed by id interns its `id` column without
/// hashing and without the index's memory. The first value out of order
/// builds the index from the values so far.
#[derive(Debug, Clone, Default)]
pub struct StrColumn {
    /// One code per row.
    pub codes: Codes,
    /// Distinct non-empty values, in order of first appearance.
    pub values: Values,
    /// Codes, found by their value's hash; empty while not `indexed`.
    index: HashTable<Slot>,
    /// The index holds every value; when false, `values` ascend.
    indexed: bool,
}

/// Two columns are equal when their codes and values are (the index follows from the values).
impl PartialEq for StrColumn {
    fn eq(&self, other: &StrColumn) -> bool {
        self.codes == other.codes && self.values == other.values
    }
}

/// The distinct texts of a [`StrColumn`], back to back in one string: a new
/// value costs its bytes and one end offset, not a `String` of its own (24
/// bytes and an allocation). The offsets are 32 bits, as in wasm32, with
/// what lies above them kept apart: exact past 4 GiB of text too.
///
/// While no value is shorter than the one before it, as in an ascending
/// dictionary (an export's ids in order), the values of each length are
/// described by one [`Run`] and no offsets are kept: 4 bytes a value less.
/// The first shorter value writes the offsets out.
#[derive(Clone, Default)]
pub struct Values {
    text: String,
    /// Number of values.
    len: usize,
    /// The values by runs of one length, while `ends` is empty.
    runs: Vec<Run>,
    /// End of each value in `text`, less a multiple of 4 GiB (`carries`),
    /// once a value shorter than the one before it has come; empty before.
    ends: Vec<u32>,
    /// `(i, high)`: ends from value `i` on have `high` above their 32 bits.
    /// Empty while `text` is under 4 GiB (always in wasm32).
    carries: Vec<(usize, u32)>,
}

/// Values `first..` of one length, from `start` in the text on.
#[derive(Clone, Copy, Debug)]
struct Run {
    first: usize,
    start: usize,
    len: usize,
}

/// Two dictionaries are equal when their values are, however they are kept.
impl PartialEq for Values {
    fn eq(&self, other: &Values) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Values {
    /// Number of values.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Value `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        if i >= self.len() {
            return None;
        }
        self.text.get(self.range(i))
    }

    /// Whether `ends` holds every value's end (else `runs` describes them).
    #[inline]
    fn ended(&self) -> bool {
        !self.ends.is_empty()
    }

    /// Where value `i` lies in `text`.
    #[inline]
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        if !self.ended() {
            return self.run_range(i);
        }
        self.start(i)..self.end(i)
    }

    /// [`Values::range`] by the runs: not inlined, as the many places that
    /// read a value would each carry the search (wasm size).
    #[inline(never)]
    fn run_range(&self, i: usize) -> std::ops::Range<usize> {
        let run = self.run_of(i);
        let start = run.start + (i - run.first) * run.len;
        start..start + run.len
    }

    /// Where value `i` starts in `text`.
    #[inline]
    fn start(&self, i: usize) -> usize {
        if !self.ended() {
            self.run_range(i).start
        } else if i == 0 {
            0
        } else {
            self.end(i - 1)
        }
    }

    /// Where value `i` ends in `text`.
    #[inline]
    fn end(&self, i: usize) -> usize {
        if !self.ended() {
            return self.run_range(i).end;
        }
        let low = self.ends[i];
        if self.carries.is_empty() {
            low as usize
        } else {
            self.far_end(i, low)
        }
    }

    /// The run holding value `i` (one of a few: a run per length).
    #[inline]
    fn run_of(&self, i: usize) -> &Run {
        let k = self.runs.partition_point(|r| r.first <= i);
        &self.runs[k - 1]
    }

    /// [`Values::end`] past 4 GiB of text.
    #[cold]
    fn far_end(&self, i: usize, low: u32) -> usize {
        let k = self.carries.partition_point(|&(from, _)| from <= i);
        let high = k.checked_sub(1).map_or(0, |k| self.carries[k].1);
        // Exact: the end was a `usize` when it was pushed.
        (u64::from(high) << 32 | u64::from(low)) as usize
    }

    /// The values in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// Total bytes of the values' text.
    fn text_len(&self) -> usize {
        self.text.len()
    }

    fn push(&mut self, value: &str) -> u32 {
        let code = self.len as u32;
        let start = self.text.len();
        self.text.push_str(value);
        if !self.ended() {
            match self.runs.last() {
                Some(run) if run.len == value.len() => {}
                Some(run) if run.len > value.len() => self.write_ends(),
                _ => self.runs.push(Run {
                    first: self.len,
                    start,
                    len: value.len(),
                }),
            }
        }
        if self.ended() {
            self.push_end(self.text.len());
        }
        self.len += 1;
        code
    }

    /// Keep every value's end from now on: a value shorter than the one
    /// before it has come (so there is at least one value to write).
    #[cold]
    #[inline(never)]
    fn write_ends(&mut self) {
        make_room(&mut self.ends, self.len);
        for i in 0..self.len {
            // From the runs, which stay until the last end is written.
            let end = self.run_range(i).end;
            self.push_end(end);
        }
        self.runs = Vec::new();
    }

    /// Record the end of a new value.
    fn push_end(&mut self, end: usize) {
        let end = end as u64; // lossless: a usize is at most 64 bits
        let high = (end >> 32) as u32;
        if high != self.carries.last().map_or(0, |&(_, h)| h) {
            self.carries.push((self.ends.len(), high));
        }
        self.ends.push(end as u32); // the low 32 bits; `carries` has the rest
    }

    /// Whether `b` sorts after `a` in the order of an ascending dictionary:
    /// shorter first, then by bytes (so numbers without leading zeros are in
    /// numeric order).
    #[inline]
    fn ascends(a: &str, b: &str) -> bool {
        (a.len(), a.as_bytes()) < (b.len(), b.as_bytes())
    }
}

impl std::ops::Index<usize> for Values {
    type Output = str;

    #[inline]
    fn index(&self, i: usize) -> &str {
        &self.text[self.range(i)]
    }
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Values {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// The engine's hash map and set: hashbrown with foldhash, like the
/// dictionaries' index (one hash table implementation in the engine).
pub(crate) type Map<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;
/// See [`Map`].
pub(crate) type Set<T> = hashbrown::HashSet<T, foldhash::fast::FixedState>;

/// An entry of a dictionary's index: a code and what a lookup compares, so
/// that a lookup does not read `Values::ends` and, for a value of up to 8
/// bytes, not its text either; 12 bytes. In a column of many distinct values
/// (a customer's id) each of those reads is a cache miss; in one of few
/// values, comparing a number instead of bytes is still cheaper.
///
/// With hashbrown's control byte a bucket is 13 bytes, 8 more than a bare
/// code; there are 8/7 to 16/7 buckets per value.
#[derive(Debug, Clone, Copy)]
struct Slot {
    code: u32,
    /// The value's [`Key`], in two halves so that a slot is 12 bytes, not 16.
    key: [u32; 2],
}

impl Slot {
    /// The value's [`Key`].
    #[inline]
    fn key(&self) -> u64 {
        u64::from(self.key[0]) | u64::from(self.key[1]) << 32
    }
}

/// What a [`Slot`] holds of its value. A short value (up to 8 bytes, not
/// ending in NUL) is its bytes, zero-padded: one-to-one, and its low byte
/// (the first) is never 0xFF, a byte UTF-8 does not use. A longer one is 0xFF,
/// its length (24 bits) and where it starts in `Values::text` (32 bits), or
/// [`FAR`] if those do not fit.
type Key = u64;

/// The [`Key`] of a long value whose length or start does not fit its
/// fields: it is compared through `Values`.
const FAR: Key = u64::MAX;

/// The key of `b` if it is short.
#[inline]
fn short_key(b: &[u8]) -> Option<Key> {
    let n = b.len();
    if n > 8 || b.last() == Some(&0) {
        return None;
    }
    // Overlapping reads, each shifted to its place: the overlap ORs equal bytes.
    Some(if n >= 4 {
        let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().unwrap()));
        u32_at(0) | u32_at(n - 4) << (8 * (n - 4))
    } else if n > 0 {
        let byte = |i: usize| u64::from(b[i]) << (8 * i);
        byte(0) | byte(n / 2) | byte(n - 1)
    } else {
        0
    })
}

/// The low half of a long value's [`Key`]: 0xFF and its length; `None` if
/// the length does not fit.
#[inline]
fn long_tag(len: usize) -> Option<u32> {
    u32::try_from(len)
        .ok()
        .filter(|&n| n < 1 << 24)
        .map(|n| 0xFF | n << 8)
}

/// A value to look up, with its key and its hash.
struct Probe<'a> {
    value: &'a str,
    /// The value's key if it is short.
    short: Option<Key>,
    hash: u64,
}

impl<'a> Probe<'a> {
    /// The dictionary's hash is foldhash's. Keys are the user's own data, so
    /// SipHash's resistance to crafted collisions buys nothing here; the seed
    /// is fixed (codes never depend on it: they are in order of appearance).
    /// A short value hashes as its key: one multiply.
    #[inline(always)]
    fn new(value: &'a str) -> Probe<'a> {
        let hasher = foldhash::fast::FixedState::default();
        let short = short_key(value.as_bytes());
        let hash = match short {
            Some(key) => hasher.hash_one(key),
            None => hasher.hash_one(value),
        };
        Probe { value, short, hash }
    }

    /// Whether `slot` holds this value.
    #[inline]
    fn matches(&self, slot: &Slot, values: &Values) -> bool {
        let key = slot.key();
        if let Some(short) = self.short {
            return key == short;
        }
        if key == FAR {
            return &values[slot.code as usize] == self.value;
        }
        // A short key's low byte is never 0xFF, so this also tells long from short.
        if long_tag(self.value.len()) != Some(slot.key[0]) {
            return false;
        }
        let start = slot.key[1] as usize;
        values.text.as_bytes()[start..start + self.value.len()] == *self.value.as_bytes()
    }

    /// The slot of this value as code `code`, starting at `start` in `Values::text`.
    #[inline]
    fn slot(&self, code: u32, start: usize) -> Slot {
        let key = match (self.short, long_tag(self.value.len()), u32::try_from(start)) {
            (Some(key), ..) => key,
            (None, Some(tag), Ok(start)) => u64::from(tag) | u64::from(start) << 32,
            _ => FAR,
        };
        Slot {
            code,
            key: [key as u32, (key >> 32) as u32],
        }
    }
}

/// The hash of value `c`, to move its slot when the index grows.
fn rehash(values: &Values) -> impl Fn(&Slot) -> u64 + '_ {
    |s| Probe::new(&values[s.code as usize]).hash
}

/// Room for exactly `n` more items in `v`, if memory allows: the loader's
/// room for the rows it expects is an estimate, so a failed request only
/// means the vector grows as it would have.
pub(crate) fn make_room<T>(v: &mut Vec<T>, n: usize) {
    let _ = v.try_reserve_exact(n);
}

impl StrColumn {
    /// The text of row `i`, `None` if empty.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let c = self.codes.get(i);
        (c != NO_STR).then(|| &self.values[c as usize])
    }

    /// The code of `value`, adding it to the dictionary if new.
    pub fn intern(&mut self, value: &str) -> u32 {
        if !self.indexed {
            let n = self.values.len();
            if n == 0 || Values::ascends(&self.values[n - 1], value) {
                return self.values.push(value);
            }
            self.build_index();
        }
        let StrColumn { values, index, .. } = self;
        let probe = Probe::new(value);
        // The slots of the value's hash in probe order (what `find` visits),
        // then `insert_unique` for a new value, rather than `entry`: `entry`
        // and `find` take the comparison as a `dyn FnMut`, which the
        // opt-level s wasm build calls with its captures in memory; here it
        // is inlined. A new value probes twice, but most lookups find theirs.
        if let Some(slot) = index
            .iter_hash(probe.hash)
            .find(|s| probe.matches(s, values))
        {
            return slot.code;
        }
        let start = values.text_len();
        let slot = probe.slot(values.push(value), start);
        index.insert_unique(probe.hash, slot, rehash(values));
        slot.code
    }

    /// Index every value, once they stop ascending.
    #[cold]
    fn build_index(&mut self) {
        let StrColumn { values, index, .. } = self;
        index.reserve(values.len(), rehash(values));
        for c in 0..values.len() {
            let probe = Probe::new(&values[c]);
            let slot = probe.slot(c as u32, values.start(c));
            index.insert_unique(probe.hash, slot, rehash(values));
        }
        self.indexed = true;
    }

    /// Room for exactly `rows` more rows; in a key column (a new value in
    /// nearly every row so far, like `id`), for as many new values too. Exact,
    /// not doubled: the loader calls it once it can tell the rows a file
    /// holds, so that columns do not grow by doubling, which needs three
    /// times a column for a moment. A column that repeats its values (a
    /// customer's id, a status) grows its dictionary as values come: a rate
    /// read off the first rows would overstate it. The index grows as values
    /// come even in a key column: a customer's id looks like a key in the
    /// first thousands of rows, and an index for every row would be 8 times
    /// the one its 200,000 values of a million rows need. Best effort: where
    /// memory is short, the columns grow as they would have.
    pub fn reserve_rows(&mut self, rows: usize) {
        self.codes.reserve_rows(rows);
        let seen = self.codes.len();
        if seen == 0 || self.values.len() < seen - seen / 10 {
            return;
        }
        let text = self.values.text_len() as u128 * rows as u128 / seen as u128;
        if self.values.ended() {
            make_room(&mut self.values.ends, rows);
        }
        let text = usize::try_from(text).unwrap_or(usize::MAX);
        let _ = self.values.text.try_reserve_exact(text); // best effort, as `make_room`
    }

    /// Append a value; an empty string is stored as missing.
    pub fn push(&mut self, value: &str) {
        let code = if value.is_empty() {
            NO_STR
        } else {
            self.intern(value)
        };
        self.codes.push(code);
    }

    /// The code of `value` if it is in the dictionary.
    pub fn code_of(&self, value: &str) -> Option<u32> {
        let values = &self.values;
        if !self.indexed {
            // Binary search: the first value not before `value`.
            let (mut lo, mut hi) = (0, values.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if Values::ascends(&values[mid], value) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return (values.get(lo) == Some(value)).then_some(lo as u32);
        }
        let probe = Probe::new(value);
        self.index
            .find(probe.hash, |s| probe.matches(s, values))
            .map(|s| s.code)
    }
}

/// The values of one column, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Timestamps.
    Ts(TsColumn),
    /// Durations in seconds; `NaN` if empty.
    Dur(Floats),
    /// Whole numbers.
    Int(Ints),
    /// Numbers; `NaN` if empty.
    Num(Floats),
    /// 0 = false, 1 = true, [`NO_BOOL`] = empty.
    Bool(Vec<u8>),
    /// Text.
    Str(StrColumn),
    /// QA checklist: 0 = fail, 1 = pass, [`NO_BOOL`] = not applicable.
    Criterion(Vec<u8>),
}

impl ColumnData {
    /// Give back the room a loaded column does not use (in place: the
    /// allocator keeps each buffer where it is and frees its tail).
    pub fn shrink_to_fit(&mut self) {
        match self {
            ColumnData::Ts(t) => {
                t.secs.shrink_to_fit();
                t.date_only.shrink_to_fit();
            }
            ColumnData::Dur(v) | ColumnData::Num(v) => v.shrink_to_fit(),
            ColumnData::Int(v) => v.shrink_to_fit(),
            ColumnData::Bool(v) | ColumnData::Criterion(v) => v.shrink_to_fit(),
            ColumnData::Str(c) => {
                c.codes.shrink_to_fit();
                c.values.runs.shrink_to_fit();
                c.values.ends.shrink_to_fit();
                c.values.carries.shrink_to_fit();
                c.values.text.shrink_to_fit();
            }
        }
    }

    /// An empty column of type `ty`.
    pub fn new(ty: ColumnType) -> ColumnData {
        match ty {
            ColumnType::Ts => ColumnData::Ts(TsColumn::default()),
            ColumnType::Dur => ColumnData::Dur(Floats::default()),
            ColumnType::Int => ColumnData::Int(Ints::default()),
            ColumnType::Num => ColumnData::Num(Floats::default()),
            ColumnType::Bool => ColumnData::Bool(Vec::new()),
            ColumnType::Str => ColumnData::Str(StrColumn::default()),
            ColumnType::Criterion => ColumnData::Criterion(Vec::new()),
        }
    }

    /// Number of rows stored.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Ts(c) => c.secs.len(),
            ColumnData::Dur(v) | ColumnData::Num(v) => v.len(),
            ColumnData::Int(v) => v.len(),
            ColumnData::Bool(v) | ColumnData::Criterion(v) => v.len(),
            ColumnData::Str(c) => c.codes.len(),
        }
    }

    /// Whether no rows are stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keep only the rows `i` with `keep[i]`.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        match self {
            ColumnData::Ts(c) => {
                let old = std::mem::take(c);
                for (i, t) in old.secs.iter().enumerate() {
                    if keep[i] {
                        c.push((t != NO_TS).then_some(t), old.is_date_only(i));
                    }
                }
            }
            ColumnData::Dur(v) | ColumnData::Num(v) => v.retain_rows(|i| keep[i]),
            ColumnData::Int(v) => v.retain_rows(|i| keep[i]),
            ColumnData::Bool(v) | ColumnData::Criterion(v) => retain(v, keep),
            ColumnData::Str(c) => c.codes.retain_rows(|i| keep[i]),
        }
    }

    /// Append `n` empty values.
    fn pad(&mut self, n: usize) {
        match self {
            ColumnData::Ts(c) => (0..n).for_each(|_| c.push(None, false)),
            ColumnData::Dur(v) | ColumnData::Num(v) => v.push_n(f64::NAN, n),
            ColumnData::Int(v) => v.push_n(None, n),
            ColumnData::Bool(v) | ColumnData::Criterion(v) => v.resize(v.len() + n, NO_BOOL),
            ColumnData::Str(c) => c.codes.push_n(NO_STR, n),
        }
    }

    /// Append the values of `other`, which has the same type; `false` if it has not.
    fn append(&mut self, other: &ColumnData) -> bool {
        match (self, other) {
            (ColumnData::Ts(a), ColumnData::Ts(b)) => {
                for (i, t) in b.secs.iter().enumerate() {
                    a.push((t != NO_TS).then_some(t), b.is_date_only(i));
                }
            }
            (ColumnData::Dur(a), ColumnData::Dur(b)) | (ColumnData::Num(a), ColumnData::Num(b)) => {
                a.extend(b.iter())
            }
            (ColumnData::Int(a), ColumnData::Int(b)) => a.extend(b.iter()),
            (ColumnData::Bool(a), ColumnData::Bool(b))
            | (ColumnData::Criterion(a), ColumnData::Criterion(b)) => a.extend_from_slice(b),
            (ColumnData::Str(a), ColumnData::Str(b)) => {
                let recode: Vec<u32> = b.values.iter().map(|v| a.intern(v)).collect();
                a.codes.extend(b.codes.iter().map(|c| {
                    if c == NO_STR {
                        NO_STR
                    } else {
                        recode[c as usize]
                    }
                }));
            }
            _ => return false,
        }
        true
    }
}

fn column_type(data: &ColumnData) -> ColumnType {
    match data {
        ColumnData::Ts(_) => ColumnType::Ts,
        ColumnData::Dur(_) => ColumnType::Dur,
        ColumnData::Int(_) => ColumnType::Int,
        ColumnData::Num(_) => ColumnType::Num,
        ColumnData::Bool(_) => ColumnType::Bool,
        ColumnData::Str(_) => ColumnType::Str,
        ColumnData::Criterion(_) => ColumnType::Criterion,
    }
}

/// A column of a table: its canonical name (or, for extra columns, the
/// normalised header), the header as found, and the values.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedColumn {
    /// Canonical column name, or the normalised header of an extra column.
    pub name: String,
    /// The header text in the file.
    pub header: String,
    /// The values.
    pub data: ColumnData,
}

/// One loaded file as a canonical table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Which canonical table.
    pub kind: TableKind,
    /// Number of rows kept (skipped rows are not stored).
    pub rows: usize,
    /// 1-based line in the file where row `i` starts, for issues found later.
    pub lines: Lines,
    /// The files the rows come from: (first row, file name), by first row.
    /// One entry unless tables of several files were appended.
    pub files: Vec<(usize, String)>,
    /// Mapped canonical columns, then extra columns.
    pub columns: Vec<NamedColumn>,
}

impl Table {
    /// File name and 1-based line of row `i`, for issues.
    pub fn origin(&self, i: usize) -> (&str, u64) {
        let k = self.files.partition_point(|(first, _)| *first <= i);
        let file = k.checked_sub(1).map_or("", |k| self.files[k].1.as_str());
        (file, self.lines.get(i).into())
    }

    /// Keep only the rows `i` with `keep[i]`.
    pub fn retain_rows(&mut self, keep: &[bool]) {
        let mut files = Vec::new();
        let mut kept = 0;
        for (k, (first, name)) in self.files.iter().enumerate() {
            let end = self.files.get(k + 1).map_or(self.rows, |f| f.0);
            files.push((kept, name.clone()));
            kept += keep[*first..end].iter().filter(|&&k| k).count();
        }
        self.files = files;
        for c in &mut self.columns {
            c.data.retain_rows(keep);
        }
        self.lines.retain_rows(|i| keep[i]);
        self.rows = kept;
    }

    /// Append the rows of `other` (a table of the same kind from another file).
    /// Columns missing on either side are filled with empty values; a column
    /// whose type differs is left empty for `other`'s rows.
    pub fn append(&mut self, other: &Table) {
        let before = self.rows;
        for (first, name) in &other.files {
            self.files.push((before + first, name.clone()));
        }
        for col in &mut self.columns {
            let theirs = other.columns.iter().find(|c| c.name == col.name);
            if !theirs.is_some_and(|t| col.data.append(&t.data)) {
                col.data.pad(other.rows);
            }
        }
        for theirs in &other.columns {
            if !self.columns.iter().any(|c| c.name == theirs.name) {
                let mut data = theirs.data.clone();
                let mut padded = ColumnData::new(column_type(&data));
                padded.pad(before);
                padded.append(&data);
                data = padded;
                self.columns.push(NamedColumn {
                    name: theirs.name.clone(),
                    header: theirs.header.clone(),
                    data,
                });
            }
        }
        self.lines.extend(other.lines.iter());
        self.rows += other.rows;
    }

    fn find(&self, name: &str) -> Option<&ColumnData> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.data)
    }

    /// Whether the file had a column mapped to `name`.
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// An issue about the cell of row `i` in column `column`, placed at its
    /// file, line and header.
    pub fn issue(
        &self,
        i: usize,
        kind: IssueKind,
        column: &str,
        value: &str,
        reason: impl Into<String>,
    ) -> Issue {
        let (file, line) = self.origin(i);
        Issue::new(kind, file, line, self.header(column), value, reason)
    }

    /// The header text of column `name`, for issue positions.
    pub fn header<'a>(&'a self, name: &'a str) -> &'a str {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map_or(name, |c| c.header.as_str())
    }

    /// Timestamp column `name`, if mapped.
    pub fn ts(&self, name: &str) -> Option<&TsColumn> {
        match self.find(name)? {
            ColumnData::Ts(c) => Some(c),
            _ => None,
        }
    }

    /// Duration column `name` (seconds), if mapped.
    pub fn dur(&self, name: &str) -> Option<&Floats> {
        match self.find(name)? {
            ColumnData::Dur(v) => Some(v),
            _ => None,
        }
    }

    /// Whole-number column `name`, if mapped.
    pub fn int(&self, name: &str) -> Option<&Ints> {
        match self.find(name)? {
            ColumnData::Int(v) => Some(v),
            _ => None,
        }
    }

    /// Number column `name`, if mapped.
    pub fn num(&self, name: &str) -> Option<&Floats> {
        match self.find(name)? {
            ColumnData::Num(v) => Some(v),
            _ => None,
        }
    }

    /// Boolean column `name`, if mapped.
    pub fn bool(&self, name: &str) -> Option<&[u8]> {
        match self.find(name)? {
            ColumnData::Bool(v) => Some(v),
            _ => None,
        }
    }

    /// Text column `name`, if mapped (canonical or extra).
    pub fn str(&self, name: &str) -> Option<&StrColumn> {
        match self.find(name)? {
            ColumnData::Str(c) => Some(c),
            _ => None,
        }
    }

    /// The QA checklist criteria: (header, cells).
    pub fn criteria(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.columns.iter().filter_map(|c| match &c.data {
            ColumnData::Criterion(v) => Some((c.header.as_str(), v.as_slice())),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_runs_of_one_length_until_a_shorter_one_comes() {
        let ids: Vec<String> = (95..1005).map(|n| n.to_string()).collect();
        let mut v = Values::default();
        ids.iter().for_each(|id| {
            v.push(id);
        });
        assert!(!v.ended());
        assert_eq!(v.runs.len(), 3, "lengths 2, 3 and 4");
        assert!(v.iter().eq(ids.iter().map(String::as_str)));
        let by_runs = v.clone();
        v.push("7");
        assert!(v.ended() && v.runs.is_empty());
        assert!(v.iter().eq(ids.iter().map(String::as_str).chain(["7"])));
        assert_eq!((v.get(910), v.get(911)), (Some("7"), None));
        v.push("12345");
        assert_eq!(v.get(911), Some("12345"));
        assert_ne!(v, by_runs);
        let mut same = Values::default();
        v.iter().for_each(|x| {
            same.push(x);
        });
        assert_eq!(same, v);
    }

    #[test]
    fn lines_keep_each_row_s_line_through_breaks_skips_and_a_second_file() {
        let mut lines: Lines = (2..300).collect();
        assert_eq!((lines.get(0), lines.get(297), lines.get(298)), (2, 299, 0));
        // A cell over three lines, a skipped row, and a second file's rows
        // (lines start again at 2: the difference turns negative).
        lines.extend([303, 310, 2, 3, u32::MAX]);
        lines.retain_rows(|i| i != 1);
        let expected: Vec<u32> = (2..300)
            .filter(|&l| l != 3)
            .chain([303, 310, 2, 3, u32::MAX])
            .collect();
        let kept: Vec<u32> = lines.iter().collect();
        assert_eq!(kept, expected);
    }

    #[test]
    fn date_only_bits_cross_word_boundaries() {
        let mut c = TsColumn::default();
        for i in 0..130 {
            c.push(Some(i), i % 63 == 0);
        }
        assert!(c.is_date_only(0) && c.is_date_only(63) && c.is_date_only(126));
        assert!(!c.is_date_only(1) && !c.is_date_only(64) && !c.is_date_only(129));
    }

    #[test]
    fn dictionary_codes_are_first_appearance_order_through_growth() {
        let mut c = StrColumn::default();
        for round in 0..2 {
            for i in 0..5000u32 {
                assert_eq!(c.intern(&format!("v{i}")), i, "round {round}");
            }
        }
        c.push("");
        c.push("v42");
        assert_eq!(c.values.len(), 5000);
        assert_eq!(&c.codes, &[NO_STR, 42]);
        assert_eq!(c.code_of("v4999"), Some(4999));
        assert_eq!(c.code_of("v5000"), None);
        assert_eq!(StrColumn::default().code_of("x"), None);
        // Equality is by codes and values, whatever the index holds.
        let mut d = StrColumn::default();
        (0..5000).for_each(|i| _ = d.intern(&format!("v{i}")));
        d.codes = c.codes.clone();
        assert_eq!(c, d);
    }

    #[test]
    fn short_and_long_values_keep_their_own_codes() {
        // Zero-padded keys: "a" and "a\0" would pack alike, so a value ending in NUL is long.
        assert_eq!(short_key(b"a"), Some(u64::from(b'a')));
        assert_eq!(short_key(b"a\0"), None);
        assert_eq!(
            short_key(b"abcdefgh"),
            Some(u64::from_le_bytes(*b"abcdefgh"))
        );
        assert_eq!(
            short_key(b"abcde"),
            Some(u64::from_le_bytes(*b"abcde\0\0\0"))
        );
        assert_eq!(short_key(b"abcdefghi"), None);
        let mut c = StrColumn::default();
        let values = [
            "b",
            "a",
            "a\0",
            "a\0\0",
            "abcdefgh",
            "abcdefghi",
            "abcdefghj",
            "\0",
            "é",
            "abc",
        ];
        for round in 0..2 {
            for (code, v) in values.iter().enumerate() {
                assert_eq!(c.intern(v), code as u32, "{v:?} in round {round}");
            }
        }
        for absent in ["abcdefghk", "ab", "a\0\0\0", "abcdefg"] {
            assert_eq!(c.code_of(absent), None, "{absent:?}");
        }
        assert_eq!(
            Probe::new("abcdefghi").slot(7, 16).key(),
            0xFF | 9 << 8 | 16 << 32
        );
        #[cfg(target_pointer_width = "64")]
        assert_eq!(Probe::new("abcdefghi").slot(7, 1 << 32).key(), FAR);
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn ends_past_4_gib_keep_their_high_bits() {
        let ends = [
            10,
            5 + (1 << 32),
            7 + (1 << 32),
            3 + (3 << 32),
            4 + (3 << 32),
        ];
        let mut v = Values {
            len: ends.len(),
            ..Values::default()
        };
        ends.iter().for_each(|&e| v.push_end(e));
        assert_eq!(v.carries, [(1, 1), (3, 3)]);
        let got: Vec<usize> = (0..ends.len()).map(|i| v.end(i)).collect();
        assert_eq!(got, ends);
        assert_eq!(v.start(3), 7 + (1 << 32));
    }

    #[test]
    fn values_too_long_for_their_key_are_compared_through_the_values() {
        let a = "a".repeat(1 << 24);
        let b = format!("{}b", &a[1..]);
        let mut c = StrColumn::default();
        for v in ["z", "y", &a, &b, &b, &a] {
            c.push(v);
        }
        assert_eq!(c.codes, [0, 1, 2, 3, 3, 2]);
        assert_eq!(c.index.iter().filter(|s| s.key() == FAR).count(), 2);
        assert_eq!(c.code_of(&b), Some(3));
        assert_eq!(c.code_of(&a[1..]), None);
    }

    fn table(file: &str, ids: &[&str], scores: Option<&[f64]>) -> Table {
        let mut id = StrColumn::default();
        ids.iter().for_each(|v| id.push(v));
        let mut columns = vec![NamedColumn {
            name: "id".into(),
            header: "Id".into(),
            data: ColumnData::Str(id),
        }];
        if let Some(s) = scores {
            columns.push(NamedColumn {
                name: "score".into(),
                header: "Score".into(),
                data: ColumnData::Num(s.iter().copied().collect()),
            });
        }
        Table {
            kind: TableKind::Surveys,
            rows: ids.len(),
            lines: (2..2 + ids.len() as u32).collect(),
            files: vec![(0, file.into())],
            columns,
        }
    }

    #[test]
    fn append_pads_missing_columns_and_recodes_strings() {
        let mut a = table("a.csv", &["x", "y"], None);
        a.append(&table("b.csv", &["y", "z"], Some(&[1.0, 2.0])));
        assert_eq!(a.rows, 4);
        let ids: Vec<_> = (0..4)
            .map(|i| a.str("id").unwrap().get(i).unwrap())
            .collect();
        assert_eq!(ids, ["x", "y", "y", "z"]);
        let s = a.num("score").unwrap();
        assert!(s.get(0).is_nan() && s.get(1).is_nan() && s.get(2) == 1.0 && s.get(3) == 2.0);
        assert_eq!(a.origin(1), ("a.csv", 3));
        assert_eq!(a.origin(2), ("b.csv", 2));

        a.retain_rows(&[true, false, true, true]);
        assert_eq!(a.rows, 3);
        assert_eq!(
            a.files,
            vec![(0, "a.csv".to_string()), (1, "b.csv".to_string())]
        );
        assert_eq!(a.origin(1), ("b.csv", 2));
        assert_eq!(a.num("score").unwrap().get(1), 1.0);
    }

    #[test]
    fn strings_are_interned() {
        let mut c = StrColumn::default();
        for v in ["a", "b", "", "a"] {
            c.push(v);
        }
        assert_eq!(c.values, ["a", "b"]);
        assert_eq!(c.codes, [0, 1, NO_STR, 0]);
        assert_eq!(c.get(2), None);
        assert_eq!(c.get(3), Some("a"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Values around [`INLINE`] bytes from a small alphabet (NUL and a
    /// two-byte character included), so that short values collide in their
    /// packed bytes (`ab`, `abb`; `abcd`, `abcdabcd`) and long ones share
    /// prefixes; empty cells too.
    fn cells() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("[ab\0é]{0,12}", 0..300)
    }

    proptest! {
        #[test]
        fn prop_codes_match_a_reference_dictionary(cells in cells(), ascending in 0usize..20) {
            // Some distinct ascending values first: the unindexed path, then the index built from it.
            let head = (0..ascending).map(|i| format!("{i}"));
            let cells: Vec<String> = head.chain(cells).collect();
            let mut column = StrColumn::default();
            let mut reference: HashMap<&str, u32> = HashMap::new();
            for cell in &cells {
                column.push(cell);
                let n = reference.len() as u32;
                let want = if cell.is_empty() { NO_STR } else { *reference.entry(cell).or_insert(n) };
                prop_assert_eq!(column.codes.last(), Some(want));
            }
            prop_assert_eq!(column.values.len(), reference.len());
            for (value, &code) in &reference {
                prop_assert_eq!(&column.values[code as usize], *value);
                prop_assert_eq!(column.code_of(value), Some(code));
            }
            for absent in ["b\0", "aaaaaaaaaaaaa", "ébé", "abab"] {
                prop_assert_eq!(column.code_of(absent), reference.get(absent).copied());
            }
        }
    }
}
