/**
 * Reads a CSV file as schools' MIS exports write them (SIMS, Arbor, Bromcom, ScholarPack): UTF-8 with or
 * without a byte-order mark, CRLF or LF line ends, quoted fields holding commas, quotes and line breaks.
 * PapaParse does the parsing (a well-kept parser, not a hand-written splitter); this module adds what every
 * import needs: header names matched case- and space-insensitively, spreadsheet row numbers (the header is
 * row 1), and blank lines skipped.
 */
import Papa from 'papaparse';

export interface CsvRow {
  /** The row number a spreadsheet shows for this record (header = 1; a quoted line break does not add one). */
  row: number;
  /** Cells by column index. */
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  rows: CsvRow[];
  /** Problems the parser found (an unclosed quote), with the spreadsheet row. */
  problems: Array<{ row: number; message: string }>;
}

/** A header as compared: lower case, spaces, underscores, dots and dashes removed ("Date of Birth" → "dateofbirth"). */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[\s_.\-]+/g, '');
}

export function readCsv(text: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
  const [headerCells = [], ...records] = parsed.data;
  // PapaParse reports a record's index; the spreadsheet row is the index + 1 (its header is row 1) when no
  // blank lines were skipped, so rows are counted from the line each record starts on instead.
  const starts = recordStartLines(body);
  const problems = parsed.errors.map((e) => ({ row: (e.row ?? 0) + 1, message: e.message }));
  return {
    headers: headerCells.map((h) => h.trim()),
    rows: records.map((cells, i) => ({ row: starts[i + 1] ?? i + 2, cells: cells.map((c) => c.trim()) })),
    problems,
  };
}

/**
 * The 1-based line on which each non-empty record starts, ignoring line breaks inside quotes: the row number a
 * spreadsheet would show counts records, so it is the record's position counting blank lines as rows.
 */
function recordStartLines(text: string): number[] {
  const starts: number[] = [];
  let inQuotes = false;
  let line = 1;
  let recordStart = 1;
  let recordHasText = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    if (!inQuotes && (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n'))) {
      if (recordHasText) starts.push(recordStart);
      line++;
      recordStart = line;
      recordHasText = false;
      continue;
    }
    if (ch !== '\r' && ch !== ',' && !/\s/.test(ch)) recordHasText = true;
  }
  if (recordHasText) starts.push(recordStart);
  return starts;
}
