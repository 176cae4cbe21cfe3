//! Whole numbers stored in the narrowest width that holds them.
//!
//! A column of few distinct strings (a status, an agent's name) or of small
//! counts (replies, reopens) then costs a byte a row instead of 4 or 8: a
//! tickets export's table takes a third less memory. [`Codes`] (a dictionary's codes),
//! [`Ints`] (whole numbers), [`Stamps`] (timestamps) and [`Floats`] (numbers)
//! are [`Keyed`] columns: their values map to [`Packed`] keys one to one.

use std::marker::PhantomData;

/// Unsigned keys in 1, 2, 4 or 8 bytes each: the narrowest width that holds
/// every key pushed so far. A larger key widens the whole vector, which
/// happens at most three times.
///
/// The keys lie back to back, little-endian, in a buffer that always has 7
/// bytes to spare after the last key, so that reading key `i` is one
/// unaligned 8-byte load and a mask, and writing one is one 8-byte store,
/// whatever the width: no branch on the width where a column is read
/// or written, and one copy of the code (the wasm module has a size budget).
#[derive(Clone)]
pub struct Packed {
    /// Room for keys; key `i` at `i << shift`. What lies past the last key
    /// does not matter: a read masks its key.
    bytes: Vec<u8>,
    len: usize,
    /// Log2 of the width in bytes.
    shift: u32,
    /// The largest key of the width, [`max_key`]`(shift)`: the mask a read applies.
    max: u64,
}

impl Default for Packed {
    fn default() -> Packed {
        Packed {
            bytes: Vec::new(),
            len: 0,
            shift: 0,
            max: max_key(0),
        }
    }
}

/// Bytes to spare after the last key, so that it can be read as 8 bytes.
const PADDING: usize = 7;

/// The largest key of width `1 << shift`.
#[inline]
fn max_key(shift: u32) -> u64 {
    u64::MAX >> (64 - (8 << shift))
}

impl Packed {
    /// Number of keys.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Key `i`, for `i < len` (checked in debug builds). Past `len` a read
    /// gives whatever the room holds and past the buffer 0, rather than a
    /// panic path at each of the many places a read is inlined (1 KB of the
    /// wasm module).
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        debug_assert!(i < self.len);
        let at = i << self.shift;
        let word = self.bytes.get(at..).and_then(|b| b.first_chunk::<8>());
        u64::from_le_bytes(*word.unwrap_or(&[0; 8])) & self.max
    }

    /// The keys in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        (0..self.len).map(|i| self.get(i))
    }

    /// Append a key.
    #[inline]
    pub fn push(&mut self, key: u64) {
        let at = self.len << self.shift;
        if key > self.max || at + (1 << self.shift) + PADDING > self.bytes.len() {
            return self.push_slow(key);
        }
        // The key and, past its width, zeros over the room after it.
        let word: &mut [u8; 8] = (&mut self.bytes[at..at + 8]).try_into().unwrap();
        *word = key.to_le_bytes();
        self.len += 1;
    }

    /// [`Packed::push`] of a key that needs a wider vector or more room.
    #[cold]
    #[inline(never)]
    fn push_slow(&mut self, key: u64) {
        if key > self.max {
            self.widen(key);
        }
        if ((self.len + 1) << self.shift) + PADDING > self.bytes.len() {
            // Double the room, as a `Vec` grows (and fails as it fails).
            let bytes = ((self.len * 2).max(8) << self.shift) + PADDING;
            if !self.grow_room(bytes) {
                self.bytes.resize(bytes, 0);
            }
        }
        self.push(key);
    }

    /// Replace key `i`.
    pub fn set(&mut self, i: usize, key: u64) {
        debug_assert!(i < self.len);
        if key > self.max {
            self.widen(key);
        }
        // The keys after `i` that share its 8 bytes stay as they are.
        let at = i << self.shift;
        let word: &mut [u8; 8] = (&mut self.bytes[at..at + 8]).try_into().unwrap();
        *word = (u64::from_le_bytes(*word) & !self.max | key).to_le_bytes();
    }

    /// Append `n` copies of `key`.
    pub fn push_n(&mut self, key: u64, n: usize) {
        (0..n).for_each(|_| self.push(key));
    }

    /// Room for exactly `n` more keys of the present width, where memory
    /// allows; a widening keeps the room, in the new width.
    pub fn reserve_rows(&mut self, n: usize) {
        self.grow_room(((self.len + n) << self.shift) + PADDING);
    }

    /// Grow the room to `bytes`, exactly, if memory allows; whether it did
    /// (or there was room already).
    #[inline(never)]
    fn grow_room(&mut self, bytes: usize) -> bool {
        let more = bytes.saturating_sub(self.bytes.len());
        if self.bytes.try_reserve_exact(more).is_err() {
            return false;
        }
        self.bytes.resize(self.bytes.len() + more, 0);
        true
    }

    /// Give back the room not used.
    pub fn shrink_to_fit(&mut self) {
        let used = if self.len == 0 {
            0
        } else {
            (self.len << self.shift) + PADDING
        };
        self.bytes.truncate(used);
        self.bytes.shrink_to_fit();
    }

    /// Keep only the keys `i` for which `keep(i)`.
    pub fn retain_rows(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let width = 1 << self.shift;
        let mut kept = 0;
        for i in 0..self.len {
            if keep(i) {
                self.bytes
                    .copy_within(i * width..(i + 1) * width, kept * width);
                kept += 1;
            }
        }
        self.len = kept;
    }

    /// Copy the keys into the narrowest width that holds `key` as well,
    /// with room for as many keys as before.
    #[cold]
    #[inline(never)]
    fn widen(&mut self, key: u64) {
        let rows = self.bytes.len().saturating_sub(PADDING) >> self.shift;
        let shift = (self.shift..3).find(|&s| key <= max_key(s)).unwrap_or(3);
        let mut wide = Packed {
            bytes: Vec::new(),
            len: 0,
            shift,
            max: max_key(shift),
        };
        wide.grow_room((rows << wide.shift) + PADDING);
        self.iter().for_each(|k| wide.push(k));
        *self = wide;
    }
}

/// Keys are equal whatever their width.
impl PartialEq for Packed {
    fn eq(&self, other: &Packed) -> bool {
        self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// How the values of a [`Keyed`] column map to [`Packed`] keys, one to one:
/// the missing value to key 0, but for [`FloatKeys`].
pub trait Keying {
    /// A cell's value, missing included.
    type Value: Copy + PartialEq + std::fmt::Debug;
    /// The key of `value`.
    fn key(value: Self::Value) -> u64;
    /// The value of `key`.
    fn value(key: u64) -> Self::Value;
}

/// A dictionary's codes: code + 1, so that `NO_STR` (`u32::MAX`) is key 0.
#[derive(Debug)]
pub enum CodeKeys {}

impl Keying for CodeKeys {
    type Value = u32;

    #[inline]
    fn key(code: u32) -> u64 {
        code.wrapping_add(1).into()
    }

    #[inline]
    fn value(key: u64) -> u32 {
        (key as u32).wrapping_sub(1)
    }
}

/// Whole numbers zigzag-encoded (0, -1, 1, -2, … as 0, 1, 2, 3, …) plus 1,
/// so that small counts of either sign are small keys and the empty cell is
/// key 0. `i64::MIN`, the one number without a key, reads as empty (the
/// loader does not give it: `parse_int`'s range is symmetric).
#[derive(Debug)]
pub enum IntKeys {}

impl Keying for IntKeys {
    type Value = Option<i64>;

    #[inline]
    fn key(n: Option<i64>) -> u64 {
        n.map_or(0, |n| (((n << 1) ^ (n >> 63)) as u64).wrapping_add(1))
    }

    #[inline]
    fn value(key: u64) -> Option<i64> {
        let z = key.checked_sub(1)?;
        Some((z >> 1) as i64 ^ -((z & 1) as i64))
    }
}

/// Seconds since the Unix epoch doubled, less 1 (their bits rotated left
/// by one, so that `NO_TS`, `i64::MIN`, becomes 1): every time from
/// 1970-01-01T00:00:01Z to 2038 takes 4 bytes, earlier ones 8, and `NO_TS`
/// is key 0, with no branch either way.
#[derive(Debug)]
pub enum StampKeys {}

impl Keying for StampKeys {
    type Value = i64;

    #[inline]
    fn key(secs: i64) -> u64 {
        (secs as u64).rotate_left(1).wrapping_sub(1)
    }

    #[inline]
    fn value(key: u64) -> i64 {
        key.wrapping_add(1).rotate_right(1) as i64
    }
}

/// Numbers as their bits with the halves swapped (rotated by 32), a bijection:
/// a value whose low 32 bits are zero takes 4 bytes, which holds every whole
/// number below 2^21 (24 days of seconds), halves and quarters of them, and
/// the empty cell's `NaN`.
#[derive(Debug)]
pub enum FloatKeys {}

impl Keying for FloatKeys {
    type Value = f64;

    #[inline]
    fn key(x: f64) -> u64 {
        x.to_bits().rotate_left(32)
    }

    #[inline]
    fn value(key: u64) -> f64 {
        f64::from_bits(key.rotate_right(32))
    }
}

/// A column of values stored as [`Packed`] keys, one a row.
pub struct Keyed<K: Keying>(Packed, PhantomData<K>);

/// The codes of a dictionary-encoded column, `NO_STR` for an empty cell.
pub type Codes = Keyed<CodeKeys>;

/// Whole numbers, `None` for an empty cell.
pub type Ints = Keyed<IntKeys>;

/// Timestamps in seconds, `NO_TS` for an empty cell.
pub type Stamps = Keyed<StampKeys>;

/// Numbers and durations, `NaN` for an empty cell.
pub type Floats = Keyed<FloatKeys>;

impl<K: Keying> Keyed<K> {
    /// Number of rows.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> K::Value {
        K::value(self.0.get(i))
    }

    /// The value of the last row.
    pub fn last(&self) -> Option<K::Value> {
        self.len().checked_sub(1).map(|i| self.get(i))
    }

    /// The values in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = K::Value> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Append a value.
    #[inline]
    pub fn push(&mut self, value: K::Value) {
        self.0.push(K::key(value));
    }

    /// Replace the value of row `i`.
    pub fn set(&mut self, i: usize, value: K::Value) {
        self.0.set(i, K::key(value));
    }

    /// Append `n` copies of `value`.
    pub fn push_n(&mut self, value: K::Value, n: usize) {
        self.0.push_n(K::key(value), n);
    }

    /// See [`Packed::reserve_rows`].
    pub fn reserve_rows(&mut self, n: usize) {
        self.0.reserve_rows(n);
    }

    /// See [`Packed::shrink_to_fit`].
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// See [`Packed::retain_rows`].
    pub fn retain_rows(&mut self, keep: impl FnMut(usize) -> bool) {
        self.0.retain_rows(keep);
    }
}

impl<K: Keying> Default for Keyed<K> {
    fn default() -> Keyed<K> {
        Keyed(Packed::default(), PhantomData)
    }
}

impl<K: Keying> Clone for Keyed<K> {
    fn clone(&self) -> Keyed<K> {
        Keyed(self.0.clone(), PhantomData)
    }
}

impl<K: Keying> PartialEq for Keyed<K> {
    fn eq(&self, other: &Keyed<K>) -> bool {
        self.0 == other.0
    }
}

impl<K: Keying, const N: usize> PartialEq<[K::Value; N]> for Keyed<K> {
    fn eq(&self, other: &[K::Value; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl<K: Keying> Extend<K::Value> for Keyed<K> {
    fn extend<I: IntoIterator<Item = K::Value>>(&mut self, values: I) {
        values.into_iter().for_each(|v| self.push(v));
    }
}

impl<K: Keying> FromIterator<K::Value> for Keyed<K> {
    fn from_iter<I: IntoIterator<Item = K::Value>>(values: I) -> Keyed<K> {
        let mut out = Keyed::default();
        out.extend(values);
        out
    }
}

impl<K: Keying> std::fmt::Debug for Keyed<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::NO_STR;

    #[test]
    fn keys_widen_as_they_grow_and_keep_their_values() {
        let mut p = Packed::default();
        p.reserve_rows(10);
        let keys = [0, 255, 256, 65_535, 65_536, u32::MAX as u64, u64::MAX, 7];
        for (i, &k) in keys.iter().enumerate() {
            p.push(k);
            assert_eq!(p.iter().collect::<Vec<_>>(), keys[..=i]);
        }
        assert_eq!(p.shift, 3);
        assert!(p.bytes.capacity() >= 10 * 8);
    }

    #[test]
    fn each_width_is_the_narrowest_that_holds_the_largest_key() {
        let width = |keys: &[u64]| {
            let mut p = Packed::default();
            keys.iter().for_each(|&k| p.push(k));
            1 << p.shift
        };
        assert_eq!(width(&[3, 255]), 1);
        assert_eq!(width(&[3, 256, 1]), 2);
        assert_eq!(width(&[70_000]), 4);
        assert_eq!(width(&[1 << 40]), 8);
    }

    #[test]
    fn equal_keys_are_equal_in_any_width() {
        let mut narrow = Packed::default();
        narrow.push(1);
        let mut wide = Packed::default();
        wide.push(1 << 20);
        wide.retain_rows(|_| false);
        wide.push(1);
        assert_eq!(narrow, wide);
    }

    #[test]
    fn codes_keep_the_empty_cell() {
        let codes: Codes = [0, NO_STR, 300, NO_STR - 1].into_iter().collect();
        assert_eq!(codes, [0, NO_STR, 300, NO_STR - 1]);
        assert_eq!(codes.last(), Some(NO_STR - 1));
    }

    #[test]
    fn ints_round_trip_every_sign_and_extreme() {
        let ns = [
            Some(0),
            Some(-1),
            Some(1),
            None,
            Some(i64::MAX),
            Some(i64::MIN + 1),
            Some(-5),
        ];
        let ints: Ints = ns.into_iter().collect();
        assert_eq!(ints.iter().collect::<Vec<_>>(), ns);
        let small: Ints = [Some(0), Some(-63), Some(63), None].into_iter().collect();
        assert_eq!(small.0.shift, 0);
    }

    #[test]
    fn floats_of_whole_seconds_below_24_days_take_4_bytes() {
        let seconds = [0.0, f64::NAN, 545.0, 2_097_151.0, 12.5, -0.0, -30.0];
        let floats: Floats = seconds.into_iter().collect();
        assert_eq!(floats.0.shift, 2);
        let back: Vec<u64> = floats.iter().map(f64::to_bits).collect();
        assert_eq!(back, seconds.map(f64::to_bits));
        let wide: Floats = [0.1].into_iter().collect();
        assert_eq!(wide.0.shift, 3);
    }

    #[test]
    fn stamps_keep_the_empty_cell_and_take_4_bytes_to_2038() {
        use crate::engine::table::NO_TS;
        let secs = [0, NO_TS, -1, i64::MAX, NO_TS + 1, 1_735_689_600];
        let stamps: Stamps = secs.into_iter().collect();
        assert_eq!(stamps, secs);
        // 1970-01-01T00:00:01Z to 2038-01-19T03:14:07Z, and the empty cell.
        let recent: Stamps = [1, NO_TS, i64::from(i32::MAX)].into_iter().collect();
        assert_eq!(recent.0.shift, 2);
        assert_eq!(recent, [1, NO_TS, i64::from(i32::MAX)]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Push(u64),
        PushN(u64, usize),
        Reserve(usize),
        Shrink,
        /// Keep the rows whose index is not a multiple of the number.
        Retain(usize),
        /// Replace the key of the row at this fraction of the length.
        Set(f64, u64),
    }

    /// Keys of every width, small ones most often (as codes and counts are).
    fn key() -> impl Strategy<Value = u64> {
        prop_oneof![
            0u64..4,
            0u64..300,
            0u64..70_000,
            0u64..5_000_000_000,
            any::<u64>()
        ]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            8 => key().prop_map(Op::Push),
            1 => (key(), 0usize..20).prop_map(|(k, n)| Op::PushN(k, n)),
            1 => (0usize..50).prop_map(Op::Reserve),
            1 => Just(Op::Shrink),
            1 => (1usize..5).prop_map(Op::Retain),
            2 => (0.0..1.0, key()).prop_map(|(at, k)| Op::Set(at, k)),
        ]
    }

    proptest! {
        #[test]
        fn prop_packed_keys_match_a_vector(ops in prop::collection::vec(op(), 0..200)) {
            let mut packed = Packed::default();
            let mut reference: Vec<u64> = Vec::new();
            let mut largest = 0;
            for op in ops {
                match op {
                    Op::Push(k) => {
                        packed.push(k);
                        reference.push(k);
                        largest = largest.max(k);
                    }
                    Op::PushN(k, n) => {
                        packed.push_n(k, n);
                        reference.extend(std::iter::repeat_n(k, n));
                        largest = largest.max(if n > 0 { k } else { 0 });
                    }
                    Op::Reserve(n) => packed.reserve_rows(n),
                    Op::Shrink => packed.shrink_to_fit(),
                    Op::Retain(m) => {
                        packed.retain_rows(|i| i % m != 0);
                        let mut i = 0;
                        reference.retain(|_| {
                            i += 1;
                            (i - 1) % m != 0
                        });
                    }
                    Op::Set(_, _) if reference.is_empty() => {}
                    Op::Set(at, k) => {
                        let i = (at * reference.len() as f64) as usize;
                        packed.set(i, k);
                        reference[i] = k;
                        largest = largest.max(k);
                    }
                }
                prop_assert_eq!(packed.len(), reference.len());
                prop_assert!(packed.iter().eq(reference.iter().copied()));
            }
            // The narrowest width that holds every key ever pushed.
            let narrowest = (0..3).find(|&s| largest <= max_key(s)).unwrap_or(3);
            prop_assert_eq!(packed.shift, narrowest);
        }

        #[test]
        fn prop_ints_round_trip(ns in prop::collection::vec(prop::option::of(any::<i64>().prop_filter("no key", |&n| n != i64::MIN)), 0..100)) {
            let ints: Ints = ns.iter().copied().collect();
            prop_assert!(ints.iter().eq(ns.iter().copied()));
        }

        #[test]
        fn prop_floats_keep_every_bit(bits in prop::collection::vec(any::<u64>(), 0..100)) {
            let floats: Floats = bits.iter().map(|&b| f64::from_bits(b)).collect();
            prop_assert!(floats.iter().map(f64::to_bits).eq(bits.iter().copied()));
        }

        #[test]
        fn prop_stamps_round_trip(secs in prop::collection::vec(any::<i64>(), 0..100)) {
            let stamps: Stamps = secs.iter().copied().collect();
            prop_assert!(stamps.iter().eq(secs.iter().copied()));
        }
    }
}
