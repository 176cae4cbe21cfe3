//! What a file is, judged from its first block (the first [`SNIFF_BYTES`]
//! bytes, or the whole file when it is shorter): binary or text, which
//! Unicode form, which line breaks and which field delimiter.
//!
//! The block is a fixed prefix of the file, so every decision made here is
//! the same however the file is cut into chunks.

/// Size of the block the decisions are made from.
pub(super) const SNIFF_BYTES: usize = 64 * 1024;

/// The Unicode form of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// UTF-8 or an ASCII-compatible code page; `bom` bytes to skip (0 or 3).
    Bytes {
        /// Length of the UTF-8 byte-order mark at the start (0 or 3).
        bom: usize,
    },
    /// UTF-16, transcoded before splitting.
    Utf16 {
        /// Big-endian.
        big_endian: bool,
        /// Length of the byte-order mark at the start (0 or 2).
        bom: usize,
    },
}

impl Form {
    /// Bytes of byte-order mark at the start of the file.
    pub(super) fn bom(self) -> usize {
        match self {
            Form::Bytes { bom } | Form::Utf16 { bom, .. } => bom,
        }
    }
}

/// Magic numbers of files people drop by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (
        b"PK\x03\x04",
        "a ZIP archive, such as an Excel .xlsx workbook; save it as CSV",
    ),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an Excel 97-2003 workbook (.xls); save it as CSV",
    ),
    (b"\x1f\x8b", "a gzip archive"),
];

/// The Unicode form of the file whose first block is `block`, or what the
/// bytes look like when they are not text.
pub(super) fn form(block: &[u8]) -> Result<Form, &'static str> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| block.starts_with(m)) {
        return Err(what);
    }
    if block.starts_with(b"\xef\xbb\xbf") {
        return Ok(Form::Bytes { bom: 3 });
    }
    if block.starts_with(b"\xff\xfe") {
        return Ok(Form::Utf16 {
            big_endian: false,
            bom: 2,
        });
    }
    if block.starts_with(b"\xfe\xff") {
        return Ok(Form::Utf16 {
            big_endian: true,
            bom: 2,
        });
    }
    if !block.contains(&0) {
        return Ok(Form::Bytes { bom: 0 });
    }
    // NUL bytes: UTF-16 without a byte-order mark (ASCII text has a NUL in
    // every other byte), or binary data.
    let pairs = block.len() / 2;
    let zero_even = block
        .iter()
        .step_by(2)
        .take(pairs)
        .filter(|&&b| b == 0)
        .count();
    let zero_odd = block.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if pairs >= 2 && zero_odd * 10 >= pairs * 7 && zero_even * 10 <= pairs {
        return Ok(Form::Utf16 {
            big_endian: false,
            bom: 0,
        });
    }
    if pairs >= 2 && zero_even * 10 >= pairs * 7 && zero_odd * 10 <= pairs {
        return Ok(Form::Utf16 {
            big_endian: true,
            bom: 0,
        });
    }
    Err("binary data (it holds NUL bytes)")
}

/// Whether lines end with a lone CR (old Mac exports): the block has a CR and no LF.
pub(super) fn cr_only(text: &[u8]) -> bool {
    !text.contains(&b'\n') && text.contains(&b'\r')
}

/// Candidate delimiters, in order of preference on a tie.
pub(super) const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Records looked at.
const SNIFF_RECORDS: usize = 200;

/// The field delimiter of `text`, the first block of the file (as UTF-8 or
/// code-page bytes). `complete` says the block is the whole file; if not, its
/// last record may be cut and is not looked at.
///
/// Each candidate splits the block into records the way the CSV reader will
/// (quotes at the start of a field protect delimiters and line breaks; blank
/// lines are skipped). Its most common field count is `m`, and its
/// consistency the share of records that have `m` fields. Among candidates
/// with `m > 1`, the most consistent wins, then the one with more fields,
/// then the earlier in [`DELIMITERS`]. With no candidate, `,`.
pub(super) fn delimiter(text: &[u8], complete: bool) -> u8 {
    let mut best: Option<(u8, usize, usize, usize)> = None; // (delim, f, n, m)
    for d in DELIMITERS {
        let counts = field_counts(text, d, complete);
        let Some((m, f)) = mode(&counts) else {
            continue;
        };
        if m < 2 {
            continue;
        }
        let n = counts.len();
        let better = match best {
            None => true,
            // f/n > bf/bn, compared without division.
            Some((_, bf, bn, bm)) => {
                let (a, b) = (f * bn, bf * n);
                a > b || (a == b && m > bm)
            }
        };
        if better {
            best = Some((d, f, n, m));
        }
    }
    best.map_or(b',', |(d, ..)| d)
}

/// Most common value and how often it occurs; ties go to the larger value.
fn mode(counts: &[usize]) -> Option<(usize, usize)> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for run in sorted.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(_, f)| run.len() >= f) {
            best = Some((run[0], run.len()));
        }
    }
    best
}

/// Field count of each non-blank record of `text` split on `delim`.
fn field_counts(text: &[u8], delim: u8, complete: bool) -> Vec<usize> {
    let mut counts = Vec::new();
    let (mut fields, mut any) = (1usize, false);
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < text.len() && counts.len() < SNIFF_RECORDS {
        let b = text[i];
        i += 1;
        if quoted {
            if b == b'"' {
                if text.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if field_start => {
                quoted = true;
                any = true;
                field_start = false;
            }
            b'\r' | b'\n' => {
                if any {
                    counts.push(fields);
                }
                (fields, any, field_start) = (1, false, true);
            }
            _ if b == delim => {
                fields += 1;
                any = true;
                field_start = true;
            }
            _ => {
                any = true;
                field_start = false;
            }
        }
    }
    if any && (complete || counts.is_empty()) && counts.len() < SNIFF_RECORDS {
        counts.push(fields);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! delim {
        ($name:ident, $text:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(delimiter($text, true) as char, $want);
            }
        };
    }

    delim!(comma, b"id,created_at\n1,2024-01-01\n", ',');
    delim!(
        semicolon_with_decimal_comma,
        b"id;amount\n1;12,5\n2;13,75\n",
        ';'
    );
    delim!(
        tab,
        b"id\tcreated_at\tsubject\n1\t2024\thello, world\n",
        '\t'
    );
    delim!(pipe, b"id|a|b\n1|x|y\n", '|');
    delim!(
        quoted_delimiters_ignored,
        b"id;text\n1;\"a,b,c\"\n2;\"d,\ne\"\n",
        ';'
    );
    delim!(header_only, b"id;created_at;status", ';');
    delim!(one_column, b"id\n1\n2\n", ',');
    delim!(empty, b"", ',');
    delim!(blank_lines_skipped, b"\n\nid|x\n\n1|2\n", '|');

    #[test]
    fn cut_last_record_is_ignored() {
        // The block ends inside a record that has a comma: not counted.
        assert_eq!(field_counts(b"a;b\n1;2\n3,4", b';', false), vec![2, 2]);
        assert_eq!(field_counts(b"a;b\n1;2\n3,4", b';', true), vec![2, 2, 1]);
        // A block holding only part of the first record still counts it.
        assert_eq!(field_counts(b"a;b;c", b';', false), vec![3]);
    }

    #[test]
    fn forms() {
        assert_eq!(form(b"\xef\xbb\xbfid"), Ok(Form::Bytes { bom: 3 }));
        assert_eq!(
            form(b"\xff\xfei\0d\0"),
            Ok(Form::Utf16 {
                big_endian: false,
                bom: 2
            })
        );
        assert_eq!(
            form(b"\xfe\xff\0i\0d"),
            Ok(Form::Utf16 {
                big_endian: true,
                bom: 2
            })
        );
        assert_eq!(
            form(b"i\0d\0,\0x\0"),
            Ok(Form::Utf16 {
                big_endian: false,
                bom: 0
            })
        );
        assert_eq!(
            form(b"\0i\0d\0,\0x"),
            Ok(Form::Utf16 {
                big_endian: true,
                bom: 0
            })
        );
        assert_eq!(
            form(b"id,x\n1,\0\0\0\x01\x02"),
            Err("binary data (it holds NUL bytes)")
        );
        assert_eq!(form(b"%PDF-1.7"), Err("a PDF document"));
        assert_eq!(form(b"id"), Ok(Form::Bytes { bom: 0 }));
        assert_eq!(form(b""), Ok(Form::Bytes { bom: 0 }));
    }
}
