//! Whole numbers stored in the narrowest width that holds them.
//!
//! A column of few distinct strings (a status, an agent's name) or of small
//! counts (replies, reopens) then costs a byte a row instead of 4 or 8: for a
//! tickets export, about 40 % of the table. [`Codes`] (a dictionary's codes)
//! and [`Ints`] (whole numbers) map their values to [`Packed`] keys, where
//! 0 is the missing value.

use super::table::{make_room, NO_STR};

/// Unsigned keys in 1, 2, 4 or 8 bytes each: the narrowest width that holds
/// every key pushed so far. A larger key widens the whole vector, which
/// happens at most three times.
#[derive(Clone)]
pub enum Packed {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
    U64(Vec<u64>),
}

impl Default for Packed {
    fn default() -> Packed {
        Packed::U8(Vec::new())
    }
}

/// Calls `$body` with `$v` bound to the vector, whatever its width.
macro_rules! each_width {
    ($packed:expr, $v:ident => $body:expr) => {
        match $packed {
            Packed::U8($v) => $body,
            Packed::U16($v) => $body,
            Packed::U32($v) => $body,
            Packed::U64($v) => $body,
        }
    };
}

impl Packed {
    /// Number of keys.
    #[inline]
    pub fn len(&self) -> usize {
        each_width!(self, v => v.len())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Key `i`.
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        each_width!(self, v => v[i].into())
    }

    /// The keys in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Append a key.
    #[inline]
    pub fn push(&mut self, key: u64) {
        match self {
            Packed::U8(v) if key <= u8::MAX.into() => v.push(key as u8),
            Packed::U16(v) if key <= u16::MAX.into() => v.push(key as u16),
            Packed::U32(v) if key <= u32::MAX.into() => v.push(key as u32),
            Packed::U64(v) => v.push(key),
            _ => {
                self.widen(key);
                self.push(key);
            }
        }
    }

    /// Append `n` copies of `key`.
    pub fn push_n(&mut self, key: u64, n: usize) {
        if n > 0 {
            self.push(key);
            each_width!(self, v => v.resize(v.len() + n - 1, *v.last().unwrap()));
        }
    }

    /// Room for exactly `n` more keys of the present width, where memory
    /// allows; a widening keeps the room, in the new width.
    pub fn reserve_rows(&mut self, n: usize) {
        each_width!(self, v => make_room(v, n))
    }

    /// Give back the room not used.
    pub fn shrink_to_fit(&mut self) {
        each_width!(self, v => v.shrink_to_fit())
    }

    /// Keep only the keys `i` for which `keep(i)`.
    pub fn retain_rows(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut i = 0;
        each_width!(self, v => v.retain(|_| {
            i += 1;
            keep(i - 1)
        }))
    }

    /// Copy the keys into the narrowest width that holds `key` as well.
    #[cold]
    fn widen(&mut self, key: u64) {
        fn to<T: Copy, U: From<T>>(v: &[T], capacity: usize) -> Vec<U> {
            let mut wide = Vec::new();
            make_room(&mut wide, capacity);
            wide.extend(v.iter().map(|&k| U::from(k)));
            wide
        }
        let capacity = each_width!(&*self, v => v.capacity());
        // `push` widens only a vector too narrow for `key`.
        *self = match &*self {
            Packed::U8(v) if key <= u16::MAX.into() => Packed::U16(to(v, capacity)),
            Packed::U8(v) if key <= u32::MAX.into() => Packed::U32(to(v, capacity)),
            Packed::U16(v) if key <= u32::MAX.into() => Packed::U32(to(v, capacity)),
            Packed::U8(v) => Packed::U64(to(v, capacity)),
            Packed::U16(v) => Packed::U64(to(v, capacity)),
            Packed::U32(v) => Packed::U64(to(v, capacity)),
            Packed::U64(_) => unreachable!("u64 holds every key"),
        };
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

/// The codes of a dictionary-encoded column, one a row, [`NO_STR`] for an
/// empty cell; stored as code + 1, so that the empty cell is key 0.
#[derive(Clone, Default, PartialEq)]
pub struct Codes(Packed);

impl Codes {
    /// Number of rows.
    #[inline]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The code of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        (self.0.get(i) as u32).wrapping_sub(1)
    }

    /// The code of the last row.
    pub fn last(&self) -> Option<u32> {
        self.len().checked_sub(1).map(|i| self.get(i))
    }

    /// The codes in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Append a code.
    #[inline]
    pub fn push(&mut self, code: u32) {
        self.0.push(code.wrapping_add(1).into());
    }

    /// Append `n` copies of `code`.
    pub fn push_n(&mut self, code: u32, n: usize) {
        self.0.push_n(code.wrapping_add(1).into(), n);
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

impl Extend<u32> for Codes {
    fn extend<I: IntoIterator<Item = u32>>(&mut self, codes: I) {
        codes.into_iter().for_each(|c| self.push(c));
    }
}

impl FromIterator<u32> for Codes {
    fn from_iter<I: IntoIterator<Item = u32>>(codes: I) -> Codes {
        let mut out = Codes::default();
        out.extend(codes);
        out
    }
}

impl<const N: usize> PartialEq<[u32; N]> for Codes {
    fn eq(&self, other: &[u32; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl std::fmt::Debug for Codes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|c| (c != NO_STR).then_some(c)))
            .finish()
    }
}

/// Whole numbers, one a row, `None` for an empty cell. A number is stored
/// zigzag-encoded (0, -1, 1, -2, … as 0, 1, 2, 3, …) plus 1, so small counts
/// of either sign are small keys and the empty cell is key 0.
#[derive(Clone, Default, PartialEq)]
pub struct Ints(Packed);

impl Ints {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of row `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<i64> {
        let key = self.0.get(i);
        (key != 0).then(|| {
            let z = key - 1;
            (z >> 1) as i64 ^ -((z & 1) as i64)
        })
    }

    /// The numbers in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<i64>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Append a number; `i64::MIN`, the one number without a key, is
    /// stored as empty (the loader reports it out of range).
    #[inline]
    pub fn push(&mut self, n: Option<i64>) {
        self.0
            .push(n.map_or(0, |n| (((n << 1) ^ (n >> 63)) as u64).wrapping_add(1)));
    }

    /// Append `n` empty cells.
    pub fn push_empty(&mut self, n: usize) {
        self.0.push_n(0, n);
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

impl Extend<Option<i64>> for Ints {
    fn extend<I: IntoIterator<Item = Option<i64>>>(&mut self, ns: I) {
        ns.into_iter().for_each(|n| self.push(n));
    }
}

impl FromIterator<Option<i64>> for Ints {
    fn from_iter<I: IntoIterator<Item = Option<i64>>>(ns: I) -> Ints {
        let mut out = Ints::default();
        out.extend(ns);
        out
    }
}

impl std::fmt::Debug for Ints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_widen_as_they_grow_and_keep_their_values() {
        let mut p = Packed::default();
        p.reserve_rows(10);
        let keys = [0, 255, 256, 65_535, 65_536, u32::MAX as u64, u64::MAX, 7];
        for (i, &k) in keys.iter().enumerate() {
            p.push(k);
            assert_eq!(p.iter().collect::<Vec<_>>(), keys[..=i]);
        }
        assert!(matches!(p, Packed::U64(ref v) if v.capacity() >= 10));
    }

    #[test]
    fn each_width_is_the_narrowest_that_holds_the_largest_key() {
        let width = |keys: &[u64]| {
            let mut p = Packed::default();
            keys.iter().for_each(|&k| p.push(k));
            std::mem::discriminant(&p)
        };
        let of = |p: Packed| std::mem::discriminant(&p);
        assert_eq!(width(&[3, 255]), of(Packed::U8(vec![])));
        assert_eq!(width(&[3, 256, 1]), of(Packed::U16(vec![])));
        assert_eq!(width(&[70_000]), of(Packed::U32(vec![])));
        assert_eq!(width(&[1 << 40]), of(Packed::U64(vec![])));
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
        assert!(matches!(small.0, Packed::U8(_)));
    }
}
