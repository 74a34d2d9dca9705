/**
 * Reads the rows of a pupil import into pupils' records, with an error for every cell that cannot be taken
 * (naming its spreadsheet row, its column as the file heads it, and the value) and warnings for what is
 * ignored. A field whose column the file lacks is `undefined`: the import leaves it as it is.
 */
import { isStorableText } from '../../protocol/index.js';
import type { ImportError, ImportWarning } from '../../protocol/adminImport.js';
import type { CsvTable } from './csv.js';
import type { PupilField, RecognisedHeaders } from './pupilColumns.js';
import {
  cellText, readDate, readFlag, readGender, readSenStatus, readUpn, readYear,
  type Gender, type Read, type SenStatus,
} from './pupilValues.js';

export interface ImportContact {
  priority: number;
  name: string;
  relationship: string;
  phone: string;
}

export interface PupilRow {
  row: number;
  upn: string | null;
  surname: string;
  forename: string;
  dateOfBirth: string;
  regGroup: string | null;
  preferredForename?: string | null;
  preferredSurname?: string | null;
  gender?: Gender | null;
  year?: number | null;
  admissionDate: string | null;
  moveDate: string | null;
  leavingDate: string | null;
  sen?: SenStatus;
  fsm?: boolean;
  eal?: boolean;
  lookedAfter?: boolean;
  childProtection?: boolean;
  /** Contacts 1-3 as the file gives them (empty ones left out); undefined when the file has no contact columns. */
  contacts?: ImportContact[];
}

export interface ReadRows {
  rows: PupilRow[];
  /** Rows that had errors (they are not planned). */
  rejected: number;
  errors: ImportError[];
  warnings: ImportWarning[];
}

const MAX_TEXT = 200;

export function readPupilRows(table: CsvTable, headers: RecognisedHeaders): ReadRows {
  const errors: ImportError[] = [];
  const warnings: ImportWarning[] = [];
  for (const u of headers.unknown) {
    warnings.push({
      row: 1,
      column: u.header,
      message: u.repeats ? `This column repeats "${u.repeats}", which is read instead; it is ignored.` : 'The import does not read this column; it is ignored.',
    });
  }
  for (const p of table.problems) errors.push({ row: p.row, column: '', value: '', message: `The file cannot be read here: ${p.message}. Check the quotes on this row.` });

  const rows: PupilRow[] = [];
  const upnRows = new Map<string, number>();
  let rejected = 0;
  const has = (field: PupilField) => headers.index[field] !== undefined;
  const hasContacts = ([1, 2, 3] as const).some((n) => has(`contact${n}Name`) || has(`contact${n}Phone`));

  for (const record of table.rows) {
    const before = errors.length;
    const raw = (field: PupilField) => {
      const i = headers.index[field];
      return i === undefined ? '' : cellText(record.cells[i] ?? '');
    };
    const fail = (field: PupilField, value: string, message: string) =>
      errors.push({ row: record.row, column: headers.header[field] ?? '', value: value.slice(0, 200), message });
    const text = (field: PupilField, max = MAX_TEXT): string => {
      const value = raw(field);
      if (!isStorableText(value)) { fail(field, '', 'This cell contains a character that cannot be stored (a NUL, or half of a UTF-16 pair).'); return ''; }
      if (value.length > max) { fail(field, value, `This is longer than ${max} characters.`); return ''; }
      return value;
    };
    const read = <T>(field: PupilField, reader: (t: string) => Read<T>): T | undefined => {
      if (!has(field)) return undefined;
      const value = text(field);
      const result = reader(value);
      if (!result.ok) { fail(field, value, result.message); return undefined; }
      return result.value;
    };
    const optionalDate = (field: PupilField) => (raw(field) === '' ? null : read(field, readDate) ?? null);
    const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);

    const surname = text('surname', 100);
    const forename = text('forename', 100);
    if (surname === '' && raw('surname') === '') fail('surname', '', 'The legal surname is empty.');
    if (forename === '' && raw('forename') === '') fail('forename', '', 'The legal forename is empty.');
    let dateOfBirth = '';
    if (raw('dateOfBirth') === '') fail('dateOfBirth', '', 'The date of birth is empty.');
    else dateOfBirth = read('dateOfBirth', readDate) ?? '';
    const upn = read('upn', readUpn) ?? null;
    if (upn) {
      const first = upnRows.get(upn);
      if (first !== undefined) fail('upn', upn, `The UPN ${upn} is also on row ${first}: each pupil's UPN is their own.`);
      else upnRows.set(upn, record.row);
    }
    const regGroup = orNull(text('regGroup', 100).replace(/\s+/g, ' '));
    const admissionDate = optionalDate('admissionDate');
    const moveDate = optionalDate('moveDate');
    const leavingDate = optionalDate('leavingDate');
    if (admissionDate && leavingDate && leavingDate < admissionDate) fail('leavingDate', raw('leavingDate'), 'The leaving date is before the admission date.');

    const row: PupilRow = { row: record.row, upn, surname, forename, dateOfBirth, regGroup, admissionDate, moveDate, leavingDate };
    if (has('preferredForename')) row.preferredForename = orNull(text('preferredForename', 100));
    if (has('preferredSurname')) row.preferredSurname = orNull(text('preferredSurname', 100));
    if (has('gender')) row.gender = read('gender', readGender);
    if (has('year')) row.year = read('year', readYear);
    if (has('sen')) row.sen = read('sen', readSenStatus);
    if (has('fsm')) row.fsm = read('fsm', readFlag);
    if (has('eal')) row.eal = read('eal', readFlag);
    if (has('lookedAfter')) row.lookedAfter = read('lookedAfter', readFlag);
    if (has('childProtection')) row.childProtection = read('childProtection', readFlag);
    if (hasContacts) {
      row.contacts = [];
      for (const n of [1, 2, 3] as const) {
        const name = text(`contact${n}Name`);
        const relationship = text(`contact${n}Relationship`, 100);
        const phone = text(`contact${n}Phone`, 40);
        if (name === '' && phone === '') continue;
        if (name === '') fail(`contact${n}Phone`, phone, `Contact ${n} has a phone number but no name.`);
        row.contacts.push({ priority: n, name, relationship, phone });
      }
    }
    if (errors.length === before) rows.push(row);
    else rejected++;
  }
  return { rows, rejected, errors, warnings };
}
