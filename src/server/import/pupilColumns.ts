/**
 * The columns of a pupil import and the header names each MIS gives them (SIMS, Arbor, Bromcom, ScholarPack
 * name the same field differently). Headers are compared by headerKey: case, spaces, dots, dashes and
 * underscores do not matter. The export writes the first name of each column, so it reads back as it was.
 */
import { headerKey } from './csv.js';

export type ContactPart = 'Name' | 'Relationship' | 'Phone';
export type PupilField =
  | 'upn' | 'surname' | 'forename' | 'preferredForename' | 'preferredSurname' | 'dateOfBirth' | 'gender' | 'year'
  | 'regGroup' | 'admissionDate' | 'moveDate' | 'leavingDate' | 'sen' | 'fsm' | 'eal' | 'lookedAfter' | 'childProtection'
  | `contact${1 | 2 | 3}${ContactPart}`;

export interface ColumnDefinition {
  field: PupilField;
  /** Header names accepted, the first being the one the export writes. */
  names: string[];
  required?: boolean;
}

const contactColumns = ([1, 2, 3] as const).flatMap((n) => [
  { field: `contact${n}Name` as const, names: [`Contact ${n} Name`, `Contact ${n} Full Name`, `Priority ${n} Contact Name`] },
  { field: `contact${n}Relationship` as const, names: [`Contact ${n} Relationship`, `Contact ${n} Relation`, `Priority ${n} Contact Relationship`] },
  { field: `contact${n}Phone` as const, names: [`Contact ${n} Phone`, `Contact ${n} Telephone`, `Contact ${n} Phone Number`, `Contact ${n} Mobile`, `Priority ${n} Contact Phone`] },
]);

export const PUPIL_COLUMNS: ColumnDefinition[] = [
  { field: 'upn', names: ['UPN', 'Unique Pupil Number'] },
  { field: 'surname', names: ['Surname', 'Legal Surname', 'Last Name', 'Family Name'], required: true },
  { field: 'forename', names: ['Forename', 'Legal Forename', 'First Name', 'Given Name'], required: true },
  { field: 'preferredForename', names: ['Preferred Forename', 'Preferred Name', 'Known As', 'Preferred First Name'] },
  { field: 'preferredSurname', names: ['Preferred Surname', 'Preferred Last Name'] },
  { field: 'dateOfBirth', names: ['Date of Birth', 'DOB', 'Birth Date'], required: true },
  { field: 'gender', names: ['Gender', 'Sex'] },
  { field: 'year', names: ['Year', 'Year Group', 'NC Year', 'National Curriculum Year', 'NC Year Actual', 'Curriculum Year'] },
  { field: 'regGroup', names: ['Reg Group', 'Registration Group', 'Registration Form', 'Form', 'Class', 'Tutor Group', 'Reg'], required: true },
  { field: 'admissionDate', names: ['Admission Date', 'Start Date', 'Date of Admission', 'Entry Date'] },
  // Not an MIS column: an admin may add it to move pupils from a given date rather than from today.
  { field: 'moveDate', names: ['Reg Group Start Date', 'Registration Group Start Date', 'Move Date', 'Class Start Date'] },
  { field: 'leavingDate', names: ['Leaving Date', 'Date of Leaving', 'Leave Date', 'End Date'] },
  { field: 'sen', names: ['SEN Status', 'SEN', 'SEN Provision', 'SEND', 'SEND Status'] },
  { field: 'fsm', names: ['FSM', 'Free School Meals', 'FSM Eligible', 'FSM Eligibility'] },
  { field: 'eal', names: ['EAL', 'English as an Additional Language'] },
  { field: 'lookedAfter', names: ['Looked After', 'CLA', 'LAC', 'In Care', 'Child Looked After'] },
  { field: 'childProtection', names: ['Child Protection', 'CP', 'Child Protection Plan', 'CP Plan'] },
  ...contactColumns,
];

const BY_KEY = new Map<string, ColumnDefinition>();
for (const column of PUPIL_COLUMNS) for (const name of column.names) BY_KEY.set(headerKey(name), column);

export interface RecognisedHeaders {
  /** The column index of each field the file has (the first column, when a field appears twice). */
  index: Partial<Record<PupilField, number>>;
  /** The header as the file writes it, for messages: "Legal Surname". */
  header: Partial<Record<PupilField, string>>;
  /** Columns this import does not read, and columns that repeat a field already read. */
  unknown: Array<{ index: number; header: string; repeats?: string }>;
  /** Required fields the file lacks: the name to show and the names accepted. */
  missing: Array<{ column: string; accepted: string[] }>;
}

export function recogniseHeaders(headers: string[]): RecognisedHeaders {
  const index: RecognisedHeaders['index'] = {};
  const header: RecognisedHeaders['header'] = {};
  const unknown: RecognisedHeaders['unknown'] = [];
  headers.forEach((name, i) => {
    const column = BY_KEY.get(headerKey(name));
    if (!column) {
      if (name !== '') unknown.push({ index: i, header: name });
      return;
    }
    if (index[column.field] !== undefined) {
      unknown.push({ index: i, header: name, repeats: header[column.field] });
      return;
    }
    index[column.field] = i;
    header[column.field] = name;
  });
  const missing = PUPIL_COLUMNS.filter((c) => c.required && index[c.field] === undefined).map((c) => ({ column: c.names[0], accepted: c.names }));
  return { index, header, unknown, missing };
}

/** The export's header row: the first name of every column, in this order. */
export const EXPORT_HEADERS = PUPIL_COLUMNS.map((c) => c.names[0]);
export const EXPORT_FIELDS = PUPIL_COLUMNS.map((c) => c.field);
