/**
 * The plan of a pupil import: which row is which pupil (by UPN, else by legal surname, forename and date of
 * birth, case-insensitively), what changes for each, which classes must be created, and who is on roll but
 * not in the file. Pure: the repository loads the school's state, this decides, the repository writes. A
 * preview and a commit run the same plan, so what the admin saw is what is applied.
 */
import type { ImportChange, ImportError, ImportWarning } from '../../protocol/adminImport.js';
import { yearGroupOf } from '../../domain/schoolAge.js';
import type { RecognisedHeaders } from './pupilColumns.js';
import type { ImportContact, PupilRow } from './pupilRows.js';
import { planPlacement, type Enrolment, type Membership } from './pupilPlacement.js';
import { formatUkDate, formatYear, type Gender, type SenStatus } from './pupilValues.js';

export interface PupilRecord {
  upn: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  preferredSurname: string | null;
  dateOfBirth: string;
  gender: Gender | string | null;
  senStatus: SenStatus;
  fsm: boolean;
  eal: boolean;
  lookedAfter: boolean;
  childProtection: boolean;
  /** The pupil's own NC year; null means their class's. */
  yearGroup: number | null;
}

export interface ExistingPupil extends PupilRecord {
  id: string;
  /** Contacts 1-3 (the ones an import can write). */
  contacts: ImportContact[];
  /** The latest enrolment. */
  enrolment: Enrolment | null;
  memberships: Membership[];
}

export interface ExistingGroup {
  id: string;
  name: string;
  yearGroup: number | null;
}

export interface ImportState {
  today: string;
  groups: ExistingGroup[];
  pupils: ExistingPupil[];
}

export interface NewPupil extends PupilRecord {
  id: string;
  groupId: string;
  contacts: ImportContact[];
  startDate: string;
  endDate: string | null;
}

export interface AuditLine {
  action: 'create' | 'update' | 'leave';
  key: string;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface PupilImportPlan {
  created: number;
  updated: number;
  unchanged: number;
  left: number;
  newGroups: ExistingGroup[];
  creates: NewPupil[];
  updates: Array<{ id: string; record: PupilRecord }>;
  contactReplacements: Array<{ pupilId: string; contacts: ImportContact[] }>;
  membershipUpdates: Array<{ pupilId: string } & Membership>;
  membershipInserts: Array<{ pupilId: string } & Membership>;
  enrolmentEnds: Array<{ pupilId: string; startDate: string; endDate: string }>;
  errors: ImportError[];
  warnings: ImportWarning[];
  changes: ImportChange[];
  audit: AuditLine[];
}

const LABELS: Record<keyof PupilRecord, string> = {
  upn: 'UPN', firstName: 'Legal forename', lastName: 'Legal surname', preferredName: 'Preferred forename', preferredSurname: 'Preferred surname',
  dateOfBirth: 'Date of birth', gender: 'Gender', senStatus: 'SEN status', fsm: 'FSM', eal: 'EAL', lookedAfter: 'Looked after',
  childProtection: 'Child protection', yearGroup: 'NC year',
};

const shown = (key: keyof PupilRecord, value: unknown): string => {
  if (value === null || value === '') return '(none)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (key === 'dateOfBirth') return formatUkDate(String(value));
  if (key === 'yearGroup') return formatYear(value as number);
  return String(value);
};

const yearName = (year: number) =>
  year === 0 ? 'Reception' : year === -1 ? 'Nursery 2' : year === -2 ? 'Nursery 1' : year < -2 ? 'no year group (too young for school)' : `Year ${year}`;

export const groupKey = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();
const nameKey = (surname: string, forename: string, dob: string) => `${surname.toLowerCase()}|${forename.toLowerCase()}|${dob}`;
const sameContacts = (a: ImportContact[], b: ImportContact[]) =>
  a.length === b.length && a.every((c, i) => c.priority === b[i]!.priority && c.name === b[i]!.name && c.relationship === b[i]!.relationship && c.phone === b[i]!.phone);

export function planPupilImport(rows: PupilRow[], headers: RecognisedHeaders, state: ImportState, newId: () => string): PupilImportPlan {
  const plan: PupilImportPlan = {
    created: 0, updated: 0, unchanged: 0, left: 0, newGroups: [], creates: [], updates: [], contactReplacements: [],
    membershipUpdates: [], membershipInserts: [], enrolmentEnds: [], errors: [], warnings: [], changes: [], audit: [],
  };
  const { today } = state;
  const column = (field: keyof RecognisedHeaders['header']) => headers.header[field] ?? '';
  const groupsByKey = new Map(state.groups.map((g) => [groupKey(g.name), g]));
  const groupsById = new Map(state.groups.map((g) => [g.id, g]));
  const groupName = (id: string) => groupsById.get(id)?.name ?? id;
  const byUpn = new Map<string, ExistingPupil>();
  const byName = new Map<string, ExistingPupil[]>();
  for (const p of state.pupils) {
    if (p.upn) byUpn.set(p.upn, p);
    const key = nameKey(p.lastName, p.firstName, p.dateOfBirth);
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  const matchedRow = new Map<string, number>();

  /** The class a row names, created in the plan when the school has none of that name. */
  const groupFor = (row: PupilRow): ExistingGroup | null => {
    if (!row.regGroup) return null;
    const existing = groupsByKey.get(groupKey(row.regGroup));
    if (existing) return existing;
    const created = { id: newId(), name: row.regGroup, yearGroup: row.year ?? yearGroupOf(row.dateOfBirth, today) };
    groupsByKey.set(groupKey(row.regGroup), created);
    groupsById.set(created.id, created);
    plan.newGroups.push(created);
    return created;
  };

  for (const row of rows) {
    const fail = (field: keyof RecognisedHeaders['header'], value: string, message: string) =>
      plan.errors.push({ row: row.row, column: column(field), value, message });
    if (row.dateOfBirth > today) { fail('dateOfBirth', formatUkDate(row.dateOfBirth), 'The date of birth is after today.'); continue; }

    let pupil = row.upn ? byUpn.get(row.upn) : undefined;
    if (!pupil) {
      const candidates = byName.get(nameKey(row.surname, row.forename, row.dateOfBirth)) ?? [];
      if (candidates.length > 1) { fail('upn', row.upn ?? '', `${candidates.length} pupils here are called ${row.forename} ${row.surname} and born on ${formatUkDate(row.dateOfBirth)}: give this row their UPN.`); continue; }
      const candidate = candidates[0];
      if (candidate?.upn && row.upn && candidate.upn !== row.upn) {
        fail('upn', row.upn, `${row.forename} ${row.surname}, born on ${formatUkDate(row.dateOfBirth)}, is here with the UPN ${candidate.upn}. If their UPN has changed, change it on the Pupils screen first.`);
        continue;
      }
      pupil = candidate;
    }
    if (pupil) {
      const earlier = matchedRow.get(pupil.id);
      if (earlier !== undefined) { fail('upn', row.upn ?? '', `This is the same pupil as row ${earlier} (${pupil.firstName} ${pupil.lastName}).`); continue; }
      matchedRow.set(pupil.id, row.row);
    }

    const errorsBefore = plan.errors.length;
    if (!row.regGroup && !(pupil && (row.leavingDate || pupil.enrolment?.endDate))) { fail('regGroup', '', 'The registration group is empty.'); continue; }
    const group = groupFor(row);
    const groupYear = group?.yearGroup ?? null;
    const fileYear = row.year ?? groupYear;
    const ageYear = yearGroupOf(row.dateOfBirth, today);
    if (fileYear !== null && fileYear !== ageYear) {
      plan.warnings.push({ row: row.row, column: column(row.year != null ? 'year' : 'dateOfBirth'), message: `Born ${formatUkDate(row.dateOfBirth)}, so in ${yearName(ageYear)} by age, but listed in ${yearName(fileYear)}. Check the date of birth.` });
    }
    const yearGroupFor = (current: number | null) =>
      row.year === undefined || row.year === null || row.year === (current ?? groupYear) ? current : row.year;

    if (!pupil) {
      if (row.leavingDate && !row.admissionDate && row.leavingDate < today) {
        plan.warnings.push({ row: row.row, column: column('leavingDate'), message: `${row.forename} ${row.surname} is not on roll here and left on ${formatUkDate(row.leavingDate)}: not added.` });
        continue;
      }
      const record = recordFor(row, null, yearGroupFor(null));
      const created: NewPupil = { ...record, id: newId(), groupId: group!.id, contacts: row.contacts ?? [], startDate: row.admissionDate ?? today, endDate: row.leavingDate };
      plan.creates.push(created);
      plan.created++;
      plan.changes.push({ row: row.row, action: 'create', pupil: `${row.forename} ${row.surname}`, details: [`New pupil in ${group!.name} from ${formatUkDate(created.startDate)}`] });
      plan.audit.push({ action: 'create', key: created.id, summary: `Imported ${row.forename} ${row.surname} into ${group!.name}`, before: null, after: created });
      continue;
    }

    const placement = planPlacement({
      enrolment: pupil.enrolment, memberships: pupil.memberships, targetGroupId: group?.id ?? null, moveDate: row.moveDate ?? today,
      leavingDate: row.leavingDate, today, groupName,
    });
    for (const p of placement.problems) fail(p.field, '', p.message);
    if (plan.errors.length > errorsBefore) continue;
    for (const n of placement.notes) plan.warnings.push({ row: row.row, column: column(n.field), message: n.message });

    const { id, contacts, enrolment, memberships, ...before } = pupil;
    void enrolment; void memberships;
    const record = recordFor(row, before, yearGroupFor(before.yearGroup));
    const details: string[] = [];
    for (const key of Object.keys(LABELS) as Array<keyof PupilRecord>) {
      if (record[key] !== before[key]) details.push(`${LABELS[key]}: ${shown(key, before[key])} → ${shown(key, record[key])}`);
    }
    if (row.contacts && !sameContacts(row.contacts, contacts)) {
      plan.contactReplacements.push({ pupilId: id, contacts: row.contacts });
      details.push('Contacts changed');
    }
    details.push(...placement.details);
    for (const m of placement.updates) plan.membershipUpdates.push({ pupilId: id, ...m });
    for (const m of placement.inserts) plan.membershipInserts.push({ pupilId: id, ...m });
    if (placement.enrolmentEnd) plan.enrolmentEnds.push({ pupilId: id, ...placement.enrolmentEnd });
    if (details.length === 0) { plan.unchanged++; continue; }
    // Every changed pupil's row takes the new version, so tablets pull them (a leaver's enrolment has none).
    plan.updates.push({ id, record });
    const action = placement.enrolmentEnd ? 'leave' : 'update';
    if (action === 'leave') plan.left++;
    else plan.updated++;
    const pupilName = `${before.firstName} ${before.lastName}`;
    plan.changes.push({ row: row.row, action, pupil: pupilName, details });
    plan.audit.push({ action, key: id, summary: `Import: ${pupilName}: ${details.join('; ')}`, before: { ...before, contacts, enrolment: pupil.enrolment, memberships: pupil.memberships }, after: { ...record, ...(row.contacts ? { contacts: row.contacts } : {}), placement: { updates: placement.updates, inserts: placement.inserts, enrolmentEnd: placement.enrolmentEnd } } });
  }

  const missing = state.pupils.filter((p) => !matchedRow.has(p.id) && p.enrolment && (p.enrolment.endDate === null || p.enrolment.endDate >= today));
  if (missing.length) {
    const names = missing.map((p) => `${p.firstName} ${p.lastName}${p.memberships.length ? ` (${groupName(p.memberships[p.memberships.length - 1]!.groupId)})` : ''}`);
    plan.warnings.push({ row: 0, column: '', message: `${missing.length} ${missing.length === 1 ? 'pupil on roll is' : 'pupils on roll are'} not in this file and will stay on roll: ${names.join(', ')}. To record a leaver, give them a leaving date.` });
  }
  return plan;
}

/** The pupil's record after the row: a field whose column the file lacks keeps its value; an empty UPN never clears one. */
function recordFor(row: PupilRow, before: PupilRecord | null, yearGroup: number | null): PupilRecord {
  const keep = <K extends keyof PupilRecord>(key: K, value: PupilRecord[K] | undefined, fallback: PupilRecord[K]): PupilRecord[K] =>
    value !== undefined ? value : before ? before[key] : fallback;
  return {
    upn: row.upn ?? before?.upn ?? null,
    firstName: row.forename,
    lastName: row.surname,
    preferredName: keep('preferredName', row.preferredForename, null),
    preferredSurname: keep('preferredSurname', row.preferredSurname, null),
    dateOfBirth: row.dateOfBirth,
    gender: keep('gender', row.gender, null),
    senStatus: keep('senStatus', row.sen, 'none'),
    fsm: keep('fsm', row.fsm, false),
    eal: keep('eal', row.eal, false),
    lookedAfter: keep('lookedAfter', row.lookedAfter, false),
    childProtection: keep('childProtection', row.childProtection, false),
    yearGroup,
  };
}
