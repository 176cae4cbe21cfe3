//! Text encodings of input files (SPEC section 1, "Files").
//!
//! Three cases. A UTF-16 file (byte-order mark, or NUL bytes in the pattern
//! of UTF-16 ASCII) is transcoded to UTF-8 with the standard library's
//! `char::decode_utf16` before it is split into records ([`Utf16`]). Every
//! other file is split as it is: the candidate encodings are all
//! ASCII-compatible, so delimiters, quotes and line breaks are the same bytes
//! in each. Then each field is taken as UTF-8 when it is valid UTF-8, and
//! otherwise decoded with one legacy code page chosen once per file
//! ([`CodePage::guess`], [`Legacy`]), whose table comes from the yore crate.
//!
//! Not encoding_rs: its `Decoder` dispatches over every encoding it knows,
//! so using it for one code page links all the CJK tables into the page's
//! wasm (about 115 KB gzipped; benches/RESULTS.md). yore has one static
//! table per code page, generated from unicode.org's mappings; for the three
//! code pages here it decodes every byte as encoding_rs does (a test below).

/// A single-byte code page for files that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CodePage {
    /// Cyrillic (Bulgarian, Russian, ...).
    Windows1251,
    /// Western European.
    Windows1252,
    /// Turkish. Decoded as windows-1254, its superset (the two differ only in
    /// 0x80..=0x9F, control codes in ISO-8859-9 that no CSV file holds).
    Iso8859_9,
}

impl CodePage {
    /// The name reported in `InputInfo::encoding`.
    pub(super) fn name(self) -> &'static str {
        match self {
            CodePage::Windows1251 => "windows-1251",
            CodePage::Windows1252 => "windows-1252",
            CodePage::Iso8859_9 => "ISO-8859-9",
        }
    }

    /// The character of a high byte (0x80..=0xFF).
    fn decode_byte(self, byte: u8) -> char {
        use yore::code_pages::{CP1251, CP1252, CP1254};
        match self {
            CodePage::Windows1251 => CP1251.decode_byte(byte),
            CodePage::Windows1252 => CP1252.decode_byte(byte),
            CodePage::Iso8859_9 => CP1254.decode_byte(byte),
        }
    }

    /// Guess the code page of `bytes`, a stretch of text that is not UTF-8.
    ///
    /// In windows-1251, letters are 0xC0..=0xFF and Cyrillic words are runs
    /// of them, so high letters mostly stand next to other high letters. In
    /// the Latin code pages a high letter is an accented letter inside an
    /// otherwise ASCII word (`Müller`, `Åsa`, `Şikayet`). So: Cyrillic when at
    /// least a third of the high letters have a high letter right after them;
    /// else Turkish when a letter only Turkish uses in ISO-8859-9 (Ğ İ Ş ğ ı ş,
    /// which are Ð Ý Þ ð ý þ in windows-1252) appears; else windows-1252.
    pub(super) fn guess(bytes: &[u8]) -> CodePage {
        let (mut high, mut pairs, mut turkish) = (0u64, 0u64, 0u64);
        for (i, &b) in bytes.iter().enumerate() {
            if b < 0xC0 {
                continue;
            }
            high += 1;
            if bytes.get(i + 1).is_some_and(|&n| n >= 0xC0) {
                pairs += 1;
            }
            if matches!(b, 0xD0 | 0xDD | 0xDE | 0xF0 | 0xFD | 0xFE) {
                turkish += 1;
            }
        }
        if high > 0 && pairs * 3 >= high {
            CodePage::Windows1251
        } else if turkish > 0 {
            CodePage::Iso8859_9
        } else {
            CodePage::Windows1252
        }
    }
}

/// Decodes fields of a legacy single-byte code page, without allocating:
/// the 128 high bytes are looked up in a table built once.
#[derive(Debug, Clone)]
pub(super) struct Legacy {
    page: CodePage,
    high: [char; 128],
}

impl Legacy {
    /// The decoder for `page`.
    pub(super) fn new(page: CodePage) -> Legacy {
        let high = std::array::from_fn(|i| page.decode_byte(0x80 + i as u8));
        Legacy { page, high }
    }

    /// The code page decoded.
    pub(super) fn page(&self) -> CodePage {
        self.page
    }

    /// Replace the contents of `out` with `bytes` decoded.
    pub(super) fn decode_into(&self, bytes: &[u8], out: &mut String) {
        out.clear();
        out.reserve(bytes.len() * 2);
        for &b in bytes {
            if b < 0x80 {
                out.push(b as char);
            } else {
                out.push(self.high[usize::from(b - 0x80)]);
            }
        }
    }
}

/// UTF-16 → UTF-8, chunk by chunk: a chunk may end inside a code unit or a
/// surrogate pair. Malformed input becomes U+FFFD.
pub(super) struct Utf16 {
    big_endian: bool,
    /// Bytes not decoded yet: half a code unit, or a high surrogate whose
    /// low half may come with the next chunk (at most 3 carried over).
    pending: Vec<u8>,
    out: String,
    done: bool,
}

impl Utf16 {
    /// A transcoder for UTF-16 without its byte-order mark.
    pub(super) fn new(big_endian: bool) -> Utf16 {
        Utf16 {
            big_endian,
            pending: Vec::new(),
            out: String::new(),
            done: false,
        }
    }

    /// Transcode `src` and hand the UTF-8 to `sink`; `last` ends the stream
    /// (a dangling half character becomes U+FFFD).
    pub(super) fn decode<E>(
        &mut self,
        src: &[u8],
        last: bool,
        mut sink: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.done {
            return Ok(());
        }
        self.done = last;
        self.pending.extend_from_slice(src);
        let big_endian = self.big_endian;
        let unit = move |pair: &[u8]| match big_endian {
            true => u16::from_be_bytes([pair[0], pair[1]]),
            false => u16::from_le_bytes([pair[0], pair[1]]),
        };
        let mut whole = self.pending.len() / 2 * 2;
        let high_surrogate = |u: u16| (0xD800..0xDC00).contains(&u);
        if !last && whole >= 2 && high_surrogate(unit(&self.pending[whole - 2..whole])) {
            whole -= 2;
        }
        let units = self.pending[..whole].chunks_exact(2).map(unit);
        self.out.clear();
        self.out
            .extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')));
        if last && whole < self.pending.len() {
            self.out.push('\u{fffd}');
            whole = self.pending.len();
        }
        self.pending.drain(..whole);
        if self.out.is_empty() {
            return Ok(());
        }
        sink(self.out.as_bytes())
    }
}

/// Decode a whole block of UTF-16 (for sniffing): complete characters only.
pub(super) fn utf16_block(bytes: &[u8], big_endian: bool, last: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let mut t = Utf16::new(big_endian);
    let _ = t.decode::<()>(bytes, last, |piece| {
        out.extend_from_slice(piece);
        Ok(())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! guess {
        ($name:ident, $bytes:expr, $page:expr) => {
            #[test]
            fn $name() {
                assert_eq!(CodePage::guess($bytes), $page);
            }
        };
    }

    // "Създаден на" in windows-1251.
    guess!(
        bulgarian,
        b"\xd1\xfa\xe7\xe4\xe0\xe4\xe5\xed \xed\xe0",
        CodePage::Windows1251
    );
    // "да;не" with ASCII around.
    guess!(
        bulgarian_short,
        b"id;\xe4\xe0\r\n1;\xed\xe5",
        CodePage::Windows1251
    );
    guess!(
        swedish,
        b"\xc5sa \xd6berg;M\xfcller;klagom\xe5l",
        CodePage::Windows1252
    );
    // "Şikayet", "Ayşe Yılmaz" in ISO-8859-9.
    guess!(
        turkish,
        b"\xdeikayet;Ay\xfee Y\xfdlmaz",
        CodePage::Iso8859_9
    );
    guess!(only_symbols, b"5 \x80;\x96", CodePage::Windows1252);

    #[test]
    fn legacy_decodes_high_bytes() {
        let mut s = String::new();
        Legacy::new(CodePage::Windows1251).decode_into(b"\xe4\xe0 ok", &mut s);
        assert_eq!(s, "да ok");
        Legacy::new(CodePage::Iso8859_9).decode_into(b"\xdeikayet \xfd\xf0", &mut s);
        assert_eq!(s, "Şikayet ığ");
        Legacy::new(CodePage::Windows1252).decode_into(b"\xc5sa \x80", &mut s);
        assert_eq!(s, "Åsa €");
    }

    #[test]
    fn code_pages_decode_like_encoding_rs() {
        // Every high byte, against the WHATWG tables that encoding_rs implements
        // (a dev-dependency only; the engine does not link it).
        let pages = [
            (CodePage::Windows1251, encoding_rs::WINDOWS_1251),
            (CodePage::Windows1252, encoding_rs::WINDOWS_1252),
            (CodePage::Iso8859_9, encoding_rs::WINDOWS_1254),
        ];
        for (page, encoding) in pages {
            let high: Vec<u8> = (0x80..=0xFF).collect();
            let (want, _) = encoding.decode_without_bom_handling(&high);
            let mut got = String::new();
            Legacy::new(page).decode_into(&high, &mut got);
            assert_eq!(got, want, "{page:?}");
        }
    }

    #[test]
    fn utf16_survives_any_split() {
        let text = "id;Ĳ😀x\r\n";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        for cut in 0..=bytes.len() {
            let mut t = Utf16::new(false);
            let mut out = Vec::new();
            let mut put = |p: &[u8]| -> Result<(), ()> {
                out.extend_from_slice(p);
                Ok(())
            };
            t.decode(&bytes[..cut], false, &mut put).unwrap();
            t.decode(&bytes[cut..], true, &mut put).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), text, "cut at {cut}");
        }
    }

    #[test]
    fn utf16_malformed_becomes_replacement() {
        // A lone low surrogate, a high surrogate before a letter, and half a unit at the end.
        let units = [0x0041, 0xDC00, 0xD800, 0x0042];
        let mut bytes: Vec<u8> = units.iter().flat_map(|u: &u16| u.to_be_bytes()).collect();
        bytes.push(0x00);
        let decoded = String::from_utf8(utf16_block(&bytes, true, true)).unwrap();
        assert_eq!(decoded, "A\u{fffd}\u{fffd}B\u{fffd}");
        // Not the last block: the half unit waits.
        let decoded = String::from_utf8(utf16_block(&bytes, true, false)).unwrap();
        assert_eq!(decoded, "A\u{fffd}\u{fffd}B");
    }
}
