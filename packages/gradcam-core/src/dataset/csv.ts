/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes (with "" for a
 * quote, and line breaks allowed inside), LF or CRLF line ends, a UTF-8 BOM ignored. Enough for
 * manifests written by spreadsheets and pandas, without a dependency.
 */
export class CsvError extends Error {
  override name = 'CsvError';
}

export interface CsvRecord {
  /** 1-based line on which the record starts, for messages. */
  line: number;
  fields: string[];
}

/** Parses CSV text into records; blank lines are skipped. */
export function parseCsv(text: string, source = 'CSV'): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      start = ++line;
    } else field += ch;
  }
  if (quoted) throw new CsvError(`${source}: a quoted field opened on line ${start} is never closed`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
