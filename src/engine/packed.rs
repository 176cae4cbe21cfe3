//! Whole numbers stored in the fewest bits that hold them.
//!
//! A column of few distinct strings (a status, an agent's name) or of small
//! counts (replies, reopens) then costs a few bits a row instead of 4 or 8
//! bytes, a year of timestamps in order 26 bits, and the codes of ids in
//! order nothing at all. [`Codes`] (a dictionary's codes), [`Ints`] (whole
//! numbers), [`Stamps`] (timestamps) and [`Floats`] (numbers) are [`Keyed`]
//! columns: their values map to [`Packed`] keys one to one.

use std::marker::PhantomData;

/// Unsigned keys, each stored as its distance from a base, in the fewest
/// bits that hold every key so far (frame of reference). While every key is
/// the base plus its index (a key column's codes: each row a new id), no
/// bits are stored at all.
///
/// Key `i` is `base + stored_i`, plus `i` while the keys follow their
/// index; `stored_i` lies at bit `i * bits` of `bytes`, little-endian.
/// Reading a key is one unaligned 8-byte load, a shift, a mask and an add,
/// whatever the width: no branch on the width where a column is read or
/// written, and one copy of the code (the wasm module has a size budget).
/// A key that does not fit moves the base or widens every key, rewriting
/// them in place; the base moves as far again below the key, so that keys
/// coming down (times in reverse order) move it a few times, not at each.
#[derive(Clone, Default)]
pub struct Packed {
    /// Room for keys, 8 bytes to spare after the last byte holding one.
    /// What lies past the last key does not matter: a read masks its key.
    bytes: Vec<u8>,
    len: usize,
    /// Keys the room is meant for: kept when the width changes, so that the
    /// room reserved for a file's rows stays reserved.
    capacity: usize,
    frame: Frame,
}

/// How keys are stored: from which base, in how many bits.
#[derive(Clone, Copy, Debug)]
struct Frame {
    /// Bits a key takes: 0 to 56, or 64. A key starts at any bit of its
    /// first byte, so up to 56 bits fit the 8-byte load.
    bits: u32,
    /// `2^bits − 1`: the mask a read applies, the largest stored value.
    max: u64,
    /// The key that a stored 0 stands for.
    base: u64,
    /// All ones while key `i` is `base + i` (`bits` is then 0), else 0:
    /// what of its index a key adds.
    follows: u64,
}

impl Default for Frame {
    fn default() -> Frame {
        Frame {
            bits: 0,
            max: 0,
            base: 0,
            follows: u64::MAX,
        }
    }
}

impl Frame {
    /// Keys from `base` in `bits` bits, not following the index.
    fn new(base: u64, bits: u32) -> Frame {
        Frame {
            bits,
            max: u64::MAX.checked_shr(64 - bits).unwrap_or(0),
            base,
            follows: 0,
        }
    }

    /// Key `i` of `bytes`; `base` past them.
    #[inline]
    fn key(&self, bytes: &[u8], i: usize) -> u64 {
        let (at, shift) = self.place(i);
        let word = bytes
            .get(at..at.wrapping_add(LOAD))
            .and_then(|b| b.first_chunk::<8>());
        let stored = (u64::from_le_bytes(*word.unwrap_or(&[0; 8])) >> shift) & self.max;
        stored
            .wrapping_add(self.base)
            .wrapping_add(i as u64 & self.follows)
    }

    /// What `key` is stored as at index `i`, if it fits: not below the
    /// base (no key wraps around), not above it by more than `max`.
    #[inline]
    fn stored(&self, i: usize, key: u64) -> Option<u64> {
        let stored = key
            .checked_sub(self.base)?
            .checked_sub(i as u64 & self.follows)?;
        (stored <= self.max).then_some(stored)
    }

    /// Store `stored` as key `i` in `bytes`, which must have room for it,
    /// keeping the bits around it.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn write(&self, bytes: &mut [u8], i: usize, stored: u64) {
        let (at, shift) = self.place(i);
        let word: &mut [u8; 8] = (&mut bytes[at..at + LOAD]).try_into().unwrap();
        let kept = u64::from_le_bytes(*word) & !(self.max << shift);
        *word = (kept | stored << shift).to_le_bytes();
    }

    /// The byte and the bit in it where key `i` starts.
    #[inline]
    fn place(&self, i: usize) -> (usize, u64) {
        // In u64: in wasm32 the bit can pass `usize` where its byte does not.
        let bit = i as u64 * u64::from(self.bits);
        ((bit >> 3) as usize, bit & 7)
    }

    /// Bytes of room for `keys` keys.
    #[inline]
    fn room(&self, keys: usize) -> usize {
        (keys as u64 * u64::from(self.bits)).div_ceil(8) as usize + LOAD
    }
}

/// Bytes a read loads, from the byte of the key's first bit.
const LOAD: usize = 8;

/// Bytes of reserved room made usable at once, past what a push needs.
const TOUCH_AHEAD: usize = 1 << 16;

/// The width that holds every value up to `range`: its bits, 64 past 56.
fn bits_for(range: u64) -> u32 {
    match 64 - range.leading_zeros() {
        bits @ 0..=56 => bits,
        _ => 64,
    }
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
    /// gives whatever the room holds, and past the buffer the base plus
    /// what of the index a key adds, rather than a panic path at each of
    /// the many places a read is inlined (1 KB of the wasm module).
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        debug_assert!(i < self.len);
        self.frame.key(&self.bytes, i)
    }

    /// The keys in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        (0..self.len).map(|i| self.get(i))
    }

    /// Append a key. Not inlined in wasm, where the loader's many pushes
    /// would each carry it (2 KB of the module, for 5 % of the load's time).
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn push(&mut self, key: u64) {
        let i = self.len;
        match self.frame.stored(i, key) {
            Some(stored) if self.frame.room(i + 1) <= self.bytes.len() => {
                self.frame.write(&mut self.bytes, i, stored);
                self.len += 1;
            }
            _ => self.push_slow(key),
        }
    }

    /// [`Packed::push`] of a key that needs another frame or more room.
    #[cold]
    #[inline(never)]
    fn push_slow(&mut self, key: u64) {
        self.fit(self.len, key);
        let least = self.frame.room(self.len + 1);
        if least > self.bytes.capacity() {
            // The room reserved, or double the keys, as a `Vec` grows.
            let keys = if self.len < self.capacity {
                self.capacity
            } else {
                (self.len * 2).max(8)
            };
            self.reserve_rows(keys - self.len);
        }
        self.touch(least);
        self.push(key);
    }

    /// Replace key `i`.
    pub fn set(&mut self, i: usize, key: u64) {
        debug_assert!(i < self.len);
        self.fit(i, key);
        if let Some(stored) = self.frame.stored(i, key) {
            self.frame.write(&mut self.bytes, i, stored);
        }
    }

    /// Append `n` copies of `key`.
    pub fn push_n(&mut self, key: u64, n: usize) {
        (0..n).for_each(|_| self.push(key));
    }

    /// Room for exactly `n` more keys, where memory allows; a change of
    /// frame keeps the room, in the new width. The room is only reserved:
    /// it takes memory as keys fill it (see [`Packed::touch`]).
    pub fn reserve_rows(&mut self, n: usize) {
        self.capacity = self.capacity.max(self.len + n);
        let more = self
            .frame
            .room(self.capacity)
            .saturating_sub(self.bytes.len());
        let _ = self.bytes.try_reserve_exact(more); // best effort: `touch` grows as a `Vec` does
    }

    /// Make the first `least` bytes of room usable, and up to [`TOUCH_AHEAD`]
    /// more of the room reserved: reserved room is written (zeroed) only as
    /// keys come, so that room reserved for the rows a file is expected to
    /// hold is not resident memory before they come. Fails as a `Vec` fails.
    fn touch(&mut self, least: usize) {
        if self.bytes.len() < least {
            let ahead = (least + TOUCH_AHEAD).min(self.bytes.capacity());
            self.bytes.resize(ahead.max(least), 0);
        }
    }

    /// Give back the room not used.
    pub fn shrink_to_fit(&mut self) {
        self.capacity = self.len;
        let used = if self.len == 0 {
            0
        } else {
            self.frame.room(self.len)
        };
        self.bytes.truncate(used);
        self.bytes.shrink_to_fit();
    }

    /// Keep only the keys `i` for which `keep(i)`.
    pub fn retain_rows(&mut self, mut keep: impl FnMut(usize) -> bool) {
        if self.frame.follows != 0 && self.len > 0 {
            // The kept keys follow their new index no more.
            let bits = bits_for(self.len as u64 - 1);
            self.refit(Frame::new(self.frame.base, bits));
        }
        // Each kept key moves down, over keys already read.
        let mut kept = 0;
        for i in 0..self.len {
            if keep(i) {
                let stored = self.get(i) - self.frame.base;
                self.frame.write(&mut self.bytes, kept, stored);
                kept += 1;
            }
        }
        self.len = kept;
    }

    /// Change the frame so that `key` fits as key `i`: move the base below
    /// it, or widen every key, or stop following the index.
    #[cold]
    #[inline(never)]
    fn fit(&mut self, i: usize, key: u64) {
        if self.len == 0 {
            self.frame.base = key;
            return;
        }
        if self.frame.stored(i, key).is_some() {
            return;
        }
        // The largest key, found once per change of frame (each is a pass
        // over the keys anyway): the width then never passes the one that
        // holds every key from 0.
        let top = self.iter().fold(key, u64::max);
        // A key below the base moves the base as far again below it.
        let base = self.frame.base;
        let base = if key < base {
            key.saturating_sub(top - key)
        } else {
            base
        };
        // Never narrower than now, so that keys move up as they are rewritten.
        let bits = bits_for(top - base).max(self.frame.bits);
        self.refit(Frame::new(base, bits));
    }

    /// Store every key in `frame`, whose width is at least the present one,
    /// in place: from the last key down, each written at or after where it
    /// was, over keys already read.
    fn refit(&mut self, frame: Frame) {
        debug_assert!(frame.bits >= self.frame.bits);
        let was = self.frame;
        self.frame = frame;
        self.reserve_rows(self.capacity.saturating_sub(self.len).max(1));
        self.touch(self.frame.room(self.len + 1));
        for i in (0..self.len).rev() {
            let key = was.key(&self.bytes, i);
            frame.write(&mut self.bytes, i, key.wrapping_sub(frame.base));
        }
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
/// 1970-01-01T00:00:01Z to 2038 is a key below 2^32, times in a file's span
/// lie close together (fewer bits from the base), and `NO_TS` is key 0,
/// with no branch either way.
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
/// a value whose low 32 bits are zero is a key below 2^32, which holds every
/// whole number below 2^21 (24 days of seconds), halves and quarters of
/// them, and the empty cell's `NaN`.
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
        assert_eq!(p.frame.bits, 64);
        assert!(p.bytes.capacity() >= 10 * 8);
    }

    #[test]
    fn each_width_is_the_fewest_bits_that_hold_the_range_of_keys() {
        let bits = |keys: &[u64]| {
            let mut p = Packed::default();
            keys.iter().for_each(|&k| p.push(k));
            assert!(p.iter().eq(keys.iter().copied()));
            p.frame.bits
        };
        assert_eq!(bits(&[3, 255]), 8);
        assert_eq!(bits(&[1000, 1003, 1001]), 2);
        assert_eq!(bits(&[7, 7, 7]), 0);
        assert_eq!(bits(&[1 << 40, 0]), 41);
        assert_eq!(bits(&[1 << 60, 1]), 64);
        assert_eq!(bits(&[u64::MAX, 0, u64::MAX]), 64);
    }

    #[test]
    fn keys_that_follow_their_index_take_no_room() {
        let mut p = Packed::default();
        p.reserve_rows(1000);
        (5..1005).for_each(|k| p.push(k));
        assert_eq!(p.frame.bits, 0);
        assert!(p.bytes.len() <= LOAD);
        assert!(p.iter().eq(5..1005));
        // The first key out of step keeps the others.
        p.push(5);
        assert!(p.iter().eq((5..1005).chain([5])));
        assert_eq!(p.frame.bits, 10);
        // The room reserved for 1000 keys stays, in the new width.
        assert!(p.bytes.len() >= (1000 * 10) / 8);
    }

    #[test]
    fn keys_coming_down_move_the_base_a_few_times() {
        let mut p = Packed::default();
        let mut refits = 0;
        let mut frame = p.frame;
        for k in (1_000_000..2_000_000u64).rev().step_by(7) {
            p.push(k);
            if (p.frame.base, p.frame.bits) != (frame.base, frame.bits) {
                refits += 1;
                frame = p.frame;
            }
        }
        assert!(p.iter().eq((1_000_000..2_000_000u64).rev().step_by(7)));
        assert!(refits <= 24, "{refits} changes of frame");
        assert!(p.frame.bits <= 21);
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
        assert_eq!(small.0.frame.bits, 7);
    }

    #[test]
    fn floats_of_whole_seconds_below_24_days_take_32_bits() {
        let seconds = [0.0, f64::NAN, 545.0, 2_097_151.0, 12.5, -0.0, -30.0];
        let floats: Floats = seconds.into_iter().collect();
        assert!(floats.0.frame.bits <= 32);
        let back: Vec<u64> = floats.iter().map(f64::to_bits).collect();
        assert_eq!(back, seconds.map(f64::to_bits));
        let wide: Floats = [0.0, 0.1].into_iter().collect();
        assert_eq!(wide.0.frame.bits, 64);
    }

    #[test]
    fn stamps_keep_the_empty_cell_and_take_32_bits_to_2038() {
        use crate::engine::table::NO_TS;
        let secs = [0, NO_TS, -1, i64::MAX, NO_TS + 1, 1_735_689_600];
        let stamps: Stamps = secs.into_iter().collect();
        assert_eq!(stamps, secs);
        // 1970-01-01T00:00:01Z to 2038-01-19T03:14:07Z, and the empty cell.
        let recent: Stamps = [1, NO_TS, i64::from(i32::MAX)].into_iter().collect();
        assert_eq!(recent.0.frame.bits, 32);
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
            // Never wider than every key ever pushed takes from 0.
            prop_assert!(packed.frame.bits <= bits_for(largest));
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
