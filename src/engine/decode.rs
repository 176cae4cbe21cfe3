//! Text encodings of input files (SPEC section 1, "Files").
//!
//! Three cases. A UTF-16 file (byte-order mark, or NUL bytes in the pattern
//! of UTF-16 ASCII) is transcoded to UTF-8 by a streaming decoder before it
//! is split into records ([`Utf16`]). Every other file is
//! split as it is: the candidate encodings are all ASCII-compatible, so
//! delimiters, quotes and line breaks are the same bytes in each. Then each
//! field is taken as UTF-8 when it is valid UTF-8, and otherwise decoded with
//! one legacy code page chosen once per file ([`CodePage::guess`], [`Legacy`]).
//!
//! The decoders are written here rather than taken from encoding_rs: its
//! generic decoder links every encoding's tables (Big5, GBK, Shift_JIS, ...),
//! about a sixth of the wasm package, for three 128-entry tables and UTF-16.
//! The tables are the WHATWG Encoding Standard's (bytes no code page defines
//! map to the C1 control of the same number, as browsers do).

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

    /// The characters of bytes 0x80..=0xFF.
    fn high(self) -> &'static [char; 128] {
        match self {
            CodePage::Windows1251 => &WINDOWS_1251,
            CodePage::Windows1252 => &WINDOWS_1252,
            CodePage::Iso8859_9 => &WINDOWS_1254,
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
        Legacy {
            page,
            high: *page.high(),
        }
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
/// surrogate pair. Malformed input (an unpaired surrogate, an odd byte at the
/// end) becomes U+FFFD.
pub(super) struct Utf16 {
    big_endian: bool,
    /// The first byte of a code unit cut by the end of a chunk.
    odd: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    done: bool,
    buf: Vec<u8>,
}

impl Utf16 {
    /// A transcoder for UTF-16 without its byte-order mark.
    pub(super) fn new(big_endian: bool) -> Utf16 {
        Utf16 {
            big_endian,
            odd: None,
            high: None,
            done: false,
            buf: Vec::new(),
        }
    }

    fn push(&mut self, c: char) {
        let mut b = [0; 4];
        self.buf.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    fn unit(&mut self, u: u16) {
        match u {
            0xD800..=0xDBFF => {
                if self.high.replace(u).is_some() {
                    self.push(char::REPLACEMENT_CHARACTER);
                }
            }
            0xDC00..=0xDFFF => match self.high.take() {
                Some(h) => {
                    let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                    self.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                None => self.push(char::REPLACEMENT_CHARACTER),
            },
            _ => {
                if self.high.take().is_some() {
                    self.push(char::REPLACEMENT_CHARACTER);
                }
                // Not a surrogate, so always a char.
                self.push(char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
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
        self.buf.clear();
        let be = self.big_endian;
        let unit = |a: u8, b: u8| {
            if be {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            }
        };
        let mut rest = src;
        if let (Some(a), Some((&b, tail))) = (self.odd, rest.split_first()) {
            self.odd = None;
            self.unit(unit(a, b));
            rest = tail;
        }
        let mut pairs = rest.chunks_exact(2);
        for p in &mut pairs {
            self.unit(unit(p[0], p[1]));
        }
        if let [b] = pairs.remainder() {
            self.odd = Some(*b);
        }
        if last {
            // One U+FFFD for whatever is left, as encoding_rs and browsers do.
            if self.high.take().is_some() | self.odd.take().is_some() {
                self.push(char::REPLACEMENT_CHARACTER);
            }
            self.done = true;
        }
        if !self.buf.is_empty() {
            sink(&self.buf)?;
        }
        Ok(())
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

const WINDOWS_1251: [char; 128] = [
    '\u{0402}', '\u{0403}', '\u{201a}', '\u{0453}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{20ac}', '\u{2030}', '\u{0409}', '\u{2039}', '\u{040a}', '\u{040c}', '\u{040b}', '\u{040f}',
    '\u{0452}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{0098}', '\u{2122}', '\u{0459}', '\u{203a}', '\u{045a}', '\u{045c}', '\u{045b}', '\u{045f}',
    '\u{00a0}', '\u{040e}', '\u{045e}', '\u{0408}', '\u{00a4}', '\u{0490}', '\u{00a6}', '\u{00a7}',
    '\u{0401}', '\u{00a9}', '\u{0404}', '\u{00ab}', '\u{00ac}', '\u{00ad}', '\u{00ae}', '\u{0407}',
    '\u{00b0}', '\u{00b1}', '\u{0406}', '\u{0456}', '\u{0491}', '\u{00b5}', '\u{00b6}', '\u{00b7}',
    '\u{0451}', '\u{2116}', '\u{0454}', '\u{00bb}', '\u{0458}', '\u{0405}', '\u{0455}', '\u{0457}',
    '\u{0410}', '\u{0411}', '\u{0412}', '\u{0413}', '\u{0414}', '\u{0415}', '\u{0416}', '\u{0417}',
    '\u{0418}', '\u{0419}', '\u{041a}', '\u{041b}', '\u{041c}', '\u{041d}', '\u{041e}', '\u{041f}',
    '\u{0420}', '\u{0421}', '\u{0422}', '\u{0423}', '\u{0424}', '\u{0425}', '\u{0426}', '\u{0427}',
    '\u{0428}', '\u{0429}', '\u{042a}', '\u{042b}', '\u{042c}', '\u{042d}', '\u{042e}', '\u{042f}',
    '\u{0430}', '\u{0431}', '\u{0432}', '\u{0433}', '\u{0434}', '\u{0435}', '\u{0436}', '\u{0437}',
    '\u{0438}', '\u{0439}', '\u{043a}', '\u{043b}', '\u{043c}', '\u{043d}', '\u{043e}', '\u{043f}',
    '\u{0440}', '\u{0441}', '\u{0442}', '\u{0443}', '\u{0444}', '\u{0445}', '\u{0446}', '\u{0447}',
    '\u{0448}', '\u{0449}', '\u{044a}', '\u{044b}', '\u{044c}', '\u{044d}', '\u{044e}', '\u{044f}',
];

const WINDOWS_1252: [char; 128] = [
    '\u{20ac}', '\u{0081}', '\u{201a}', '\u{0192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02c6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008d}', '\u{017d}', '\u{008f}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02dc}', '\u{2122}', '\u{0161}', '\u{203a}', '\u{0153}', '\u{009d}', '\u{017e}', '\u{0178}',
    '\u{00a0}', '\u{00a1}', '\u{00a2}', '\u{00a3}', '\u{00a4}', '\u{00a5}', '\u{00a6}', '\u{00a7}',
    '\u{00a8}', '\u{00a9}', '\u{00aa}', '\u{00ab}', '\u{00ac}', '\u{00ad}', '\u{00ae}', '\u{00af}',
    '\u{00b0}', '\u{00b1}', '\u{00b2}', '\u{00b3}', '\u{00b4}', '\u{00b5}', '\u{00b6}', '\u{00b7}',
    '\u{00b8}', '\u{00b9}', '\u{00ba}', '\u{00bb}', '\u{00bc}', '\u{00bd}', '\u{00be}', '\u{00bf}',
    '\u{00c0}', '\u{00c1}', '\u{00c2}', '\u{00c3}', '\u{00c4}', '\u{00c5}', '\u{00c6}', '\u{00c7}',
    '\u{00c8}', '\u{00c9}', '\u{00ca}', '\u{00cb}', '\u{00cc}', '\u{00cd}', '\u{00ce}', '\u{00cf}',
    '\u{00d0}', '\u{00d1}', '\u{00d2}', '\u{00d3}', '\u{00d4}', '\u{00d5}', '\u{00d6}', '\u{00d7}',
    '\u{00d8}', '\u{00d9}', '\u{00da}', '\u{00db}', '\u{00dc}', '\u{00dd}', '\u{00de}', '\u{00df}',
    '\u{00e0}', '\u{00e1}', '\u{00e2}', '\u{00e3}', '\u{00e4}', '\u{00e5}', '\u{00e6}', '\u{00e7}',
    '\u{00e8}', '\u{00e9}', '\u{00ea}', '\u{00eb}', '\u{00ec}', '\u{00ed}', '\u{00ee}', '\u{00ef}',
    '\u{00f0}', '\u{00f1}', '\u{00f2}', '\u{00f3}', '\u{00f4}', '\u{00f5}', '\u{00f6}', '\u{00f7}',
    '\u{00f8}', '\u{00f9}', '\u{00fa}', '\u{00fb}', '\u{00fc}', '\u{00fd}', '\u{00fe}', '\u{00ff}',
];

const WINDOWS_1254: [char; 128] = [
    '\u{20ac}', '\u{0081}', '\u{201a}', '\u{0192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02c6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008d}', '\u{008e}', '\u{008f}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02dc}', '\u{2122}', '\u{0161}', '\u{203a}', '\u{0153}', '\u{009d}', '\u{009e}', '\u{0178}',
    '\u{00a0}', '\u{00a1}', '\u{00a2}', '\u{00a3}', '\u{00a4}', '\u{00a5}', '\u{00a6}', '\u{00a7}',
    '\u{00a8}', '\u{00a9}', '\u{00aa}', '\u{00ab}', '\u{00ac}', '\u{00ad}', '\u{00ae}', '\u{00af}',
    '\u{00b0}', '\u{00b1}', '\u{00b2}', '\u{00b3}', '\u{00b4}', '\u{00b5}', '\u{00b6}', '\u{00b7}',
    '\u{00b8}', '\u{00b9}', '\u{00ba}', '\u{00bb}', '\u{00bc}', '\u{00bd}', '\u{00be}', '\u{00bf}',
    '\u{00c0}', '\u{00c1}', '\u{00c2}', '\u{00c3}', '\u{00c4}', '\u{00c5}', '\u{00c6}', '\u{00c7}',
    '\u{00c8}', '\u{00c9}', '\u{00ca}', '\u{00cb}', '\u{00cc}', '\u{00cd}', '\u{00ce}', '\u{00cf}',
    '\u{011e}', '\u{00d1}', '\u{00d2}', '\u{00d3}', '\u{00d4}', '\u{00d5}', '\u{00d6}', '\u{00d7}',
    '\u{00d8}', '\u{00d9}', '\u{00da}', '\u{00db}', '\u{00dc}', '\u{0130}', '\u{015e}', '\u{00df}',
    '\u{00e0}', '\u{00e1}', '\u{00e2}', '\u{00e3}', '\u{00e4}', '\u{00e5}', '\u{00e6}', '\u{00e7}',
    '\u{00e8}', '\u{00e9}', '\u{00ea}', '\u{00eb}', '\u{00ec}', '\u{00ed}', '\u{00ee}', '\u{00ef}',
    '\u{011f}', '\u{00f1}', '\u{00f2}', '\u{00f3}', '\u{00f4}', '\u{00f5}', '\u{00f6}', '\u{00f7}',
    '\u{00f8}', '\u{00f9}', '\u{00fa}', '\u{00fb}', '\u{00fc}', '\u{0131}', '\u{015f}', '\u{00ff}',
];

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

    /// The tables and the UTF-16 decoder give what encoding_rs gives (a
    /// native dev-dependency, kept out of the package), cut anywhere.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn same_as_encoding_rs() {
        for (page, enc) in [
            (CodePage::Windows1251, encoding_rs::WINDOWS_1251),
            (CodePage::Windows1252, encoding_rs::WINDOWS_1252),
            (CodePage::Iso8859_9, encoding_rs::WINDOWS_1254),
        ] {
            for i in 0..128u8 {
                let byte = [0x80 + i];
                let (t, _) = enc.decode_without_bom_handling(&byte);
                assert_eq!(
                    t.chars().next().unwrap(),
                    page.high()[usize::from(i)],
                    "{page:?} {i}"
                );
            }
        }
        let mut x: u32 = 12345;
        for n in 0..3000 {
            let len = (n % 23) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    [0x00, 0x41, 0xD8, 0xDC, 0xDF, 0x3D, 0xFF, 0x20][(x >> 16) as usize % 8]
                })
                .collect();
            for be in [false, true] {
                let enc = if be {
                    encoding_rs::UTF_16BE
                } else {
                    encoding_rs::UTF_16LE
                };
                let (want, _) = enc.decode_without_bom_handling(&bytes);
                for cut in 0..=len {
                    let mut got = Vec::new();
                    let mut t = Utf16::new(be);
                    let mut put = |p: &[u8]| -> Result<(), ()> {
                        got.extend_from_slice(p);
                        Ok(())
                    };
                    t.decode(&bytes[..cut], false, &mut put).unwrap();
                    t.decode(&bytes[cut..], true, &mut put).unwrap();
                    assert_eq!(String::from_utf8(got).unwrap(), want, "{bytes:x?} be={be}");
                }
            }
        }
    }
}
