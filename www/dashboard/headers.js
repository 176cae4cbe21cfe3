// Reads the header row of a CSV export from its first bytes, for the column
// mapping form (the engine reports the mapping it made, not every header it
// saw). Mirrors the engine's rules in small: BOM / UTF-16 / UTF-8 else
// Windows-1252, delimiter , ; tab | by count on the first line, quotes. Pure.

const DELIMITERS = [",", ";", "\t", "|"];

/** Decode the first bytes of a file as text, as the engine would. */
export function decodeStart(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body, { stream: true });
  } catch {
    return new TextDecoder("windows-1252").decode(body);
  }
}

/** The first record's fields of `text` split on `delim`, honouring quotes (which may hold line breaks). */
function firstRecord(text, delim) {
  const fields = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === delim) { fields.push(field); field = ""; }
    else if (c === "\n" || c === "\r") break;
    else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** The delimiter of the first line: the candidate found most often outside quotes. */
export function detectDelimiter(text) {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c) + 1);
  }
  let best = ",";
  for (const [d, n] of counts) if (n > counts.get(best)) best = d;
  return best;
}

/** The header names of a CSV file from its first bytes (a `Uint8Array`); empty names dropped. */
export function sniffHeaders(bytes) {
  const text = decodeStart(bytes);
  return firstRecord(text, detectDelimiter(text)).filter((h) => h !== "");
}
