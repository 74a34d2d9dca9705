/**
 * The staff import from the school's MIS (CSV): Title, Forename, Surname, Role, Email, Registration Groups.
 *
 * `planStaffImport` reads the file and the school and says, row by row, what would change (and every error
 * and warning) without writing anything; `applyStaffImport` carries a plan without errors out in the caller's
 * admin transaction. A person is matched by email, else by forename and surname (their display name); a
 * matched row changes only what its columns say, so importing the same file again changes nothing. New
 * accounts have no password and get a first sign-in code each.
 */
import type { Queryable } from '../db/database.js';
import { isStorableText, type Role } from '../../protocol/index.js';
import type { ImportProblem, StaffImportResult } from '../../protocol/adminStaff.js';
import { headerKey, readCsv } from './csv.js';
import { groupsByName, replaceStandingAssignments, standingAssignments, type GroupRecord } from '../repositories/adminGroupsRepository.js';
import { allStaff, freeUsername, insertStaff, updateStaff, type StaffRecord } from '../repositories/adminStaffRepository.js';
import type { AdminChangeContext } from '../admin/adminChange.js';
import { issueFirstSignInCode } from '../auth/firstSignInCodes.js';

export type StaffField = 'title' | 'forename' | 'surname' | 'role' | 'email' | 'groups';
type Field = StaffField;

/** The header names accepted for each column, as a person would write them. */
export const STAFF_COLUMNS: Record<Field, string[]> = {
  title: ['Title'],
  forename: ['Forename', 'First Name', 'Legal Forename', 'Given Name'],
  surname: ['Surname', 'Last Name', 'Legal Surname', 'Family Name'],
  role: ['Role', 'Staff Role', 'Job Role'],
  email: ['Email', 'Email Address', 'Work Email'],
  groups: ['Registration Groups', 'Registration Group', 'Reg Groups', 'Reg Group', 'Classes', 'Class', 'Groups', 'Form'],
};
const REQUIRED: Field[] = ['forename', 'surname', 'role'];

const ROLE_WORDS: Record<string, Role> = {
  teacher: 'teacher',
  ta: 'ta', teachingassistant: 'ta', lsa: 'ta',
  office: 'office', adminofficer: 'office', attendanceofficer: 'office',
  admin: 'admin', administrator: 'admin',
};
export const ACCEPTED_ROLES = 'Teacher; TA, Teaching Assistant or LSA; Office, Admin Officer or Attendance Officer; Admin or Administrator';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class MissingColumnsError extends Error {
  constructor(readonly missing: StaffField[]) {
    super(`The file has no ${missing.map((f) => STAFF_COLUMNS[f][0]).join(', ')} column${missing.length > 1 ? 's' : ''}.`);
  }
}

export interface PlannedRow {
  row: number;
  action: 'create' | 'update' | 'unchanged';
  existing: StaffRecord | null;
  record: { title: string | null; displayName: string; email: string | null; role: Role; forename: string; surname: string };
  /** The person's classes from today, or null when the file has no groups column (leave them as they are). */
  groupIds: string[] | null;
  details: string[];
}

export interface StaffImportPlan {
  result: Omit<StaffImportResult, 'mode' | 'accounts'>;
  rows: PlannedRow[];
}

export async function planStaffImport(db: Queryable, p: { schoolId: string; actorId: string; today: string; text: string }): Promise<StaffImportPlan> {
  const table = readCsv(p.text);
  const column = new Map<Field, number>();
  const warnings: StaffImportResult['warnings'] = [];
  table.headers.forEach((h, i) => {
    const field = (Object.keys(STAFF_COLUMNS) as Field[]).find((f) => STAFF_COLUMNS[f].some((name) => headerKey(name) === headerKey(h)));
    if (field && !column.has(field)) column.set(field, i);
    else if (h !== '') warnings.push({ row: 1, column: clean(h), message: field ? 'This column appears twice; the first one is used.' : 'This column is not one the staff import reads: it is ignored.' });
  });
  const missing = REQUIRED.filter((f) => !column.has(f));
  if (missing.length) throw new MissingColumnsError(missing);

  const errors: ImportProblem[] = table.problems.map((pr) => ({ row: pr.row, column: '', value: '', message: `The file could not be read here: ${pr.message}.` }));
  const staff = await allStaff(db, p.schoolId);
  const groups = await groupsByName(db, p.schoolId);
  const classes = new Map<string, string[]>();
  for (const a of await standingAssignments(db, p.schoolId, p.today, {})) classes.set(a.staffId, [...(classes.get(a.staffId) ?? []), a.groupId]);
  const groupName = new Map([...groups.values()].map((g) => [g.id, g.name]));
  const seen = new Map<string, number>();
  const adminsLeft = new Set(staff.filter((s) => s.role === 'admin' && s.active).map((s) => s.id));
  const planned: PlannedRow[] = [];

  for (const { row, cells } of table.rows) {
    const cell = (f: Field) => (column.has(f) ? (cells[column.get(f)!] ?? '').trim() : '');
    const problem = (f: Field, message: string) => errors.push({ row, column: headerOf(table.headers, column.get(f)), value: clean(cell(f)).slice(0, 200), message });
    const before = errors.length;
    for (const f of column.keys()) {
      if (!isStorableText(cell(f))) problem(f, 'This value contains a character that cannot be stored (a NUL, or half of a UTF-16 pair).');
      else if (cell(f).length > (f === 'email' ? 254 : f === 'groups' ? 1000 : 100)) problem(f, 'This value is too long.');
    }
    if (errors.length > before) continue;
    const forename = cell('forename');
    const surname = cell('surname');
    const title = cell('title') || null;
    const email = cell('email') || null;
    if (!forename) problem('forename', 'Every member of staff needs a forename.');
    if (!surname) problem('surname', 'Every member of staff needs a surname.');
    const role = ROLE_WORDS[headerKey(cell('role'))];
    if (!role) problem('role', `This is not a role the register knows. Accepted: ${ACCEPTED_ROLES}.`);
    if (email && !EMAIL.test(email)) problem('email', 'This is not an email address (such as j.smith@school.org.uk).');
    const groupNames = column.has('groups') ? cell('groups').split(';').map((g) => g.trim()).filter(Boolean) : [];
    const found: GroupRecord[] = [];
    for (const name of groupNames) {
      const g = groups.get(name.toLowerCase());
      if (g) found.push(g);
      else problem('groups', `There is no class called ${clean(name)}. Add it on the Classes screen first, or correct the name.`);
    }
    const displayName = `${forename} ${surname}`;
    for (const key of [email ? `email:${email.toLowerCase()}` : null, `name:${displayName.toLowerCase()}`]) {
      if (!key) continue;
      const earlier = seen.get(key);
      if (earlier !== undefined && forename && surname) {
        problem(key.startsWith('email') ? 'email' : 'surname', `This person is already on row ${earlier} of the file.`);
        break;
      }
    }
    for (const key of [email ? `email:${email.toLowerCase()}` : null, `name:${displayName.toLowerCase()}`]) if (key && !seen.has(key)) seen.set(key, row);
    if (errors.length > before || !role) continue;

    const existing =
      (email && staff.find((s) => s.email?.toLowerCase() === email.toLowerCase())) ||
      staff.find((s) => s.displayName.toLowerCase() === displayName.toLowerCase()) ||
      null;
    const record = {
      title: column.has('title') ? title : (existing?.title ?? null),
      displayName: existing ? existing.displayName : displayName,
      email: column.has('email') ? email : (existing?.email ?? null),
      role, forename, surname,
    };
    const groupIds = column.has('groups') ? [...new Set(found.map((g) => g.id))].sort() : null;
    if (!existing) {
      planned.push({ row, action: 'create', existing, record, groupIds, details: [`New ${roleName(role)} account`, ...(groupIds?.length ? [`Classes: ${groupIds.map((g) => groupName.get(g)).join(', ')}`] : [])] });
      continue;
    }
    if (existing.role === 'admin' && role !== 'admin') {
      if (existing.id === p.actorId) { problem('role', 'You cannot take the admin role from yourself. Ask another admin to do it.'); continue; }
      adminsLeft.delete(existing.id);
      if (adminsLeft.size === 0) { problem('role', `${existing.displayName} is the school's only active admin: the school must keep one.`); continue; }
    }
    const details: string[] = [];
    if ((existing.title ?? null) !== record.title) details.push(`Title: ${existing.title ?? '(none)'} → ${record.title ?? '(none)'}`);
    if ((existing.email ?? null) !== record.email) details.push(`Email: ${existing.email ?? '(none)'} → ${record.email ?? '(none)'}`);
    if (existing.role !== role) details.push(`Role: ${roleName(existing.role)} → ${roleName(role)}`);
    const now = [...(classes.get(existing.id) ?? [])].sort();
    if (groupIds && groupIds.join() !== now.join()) {
      details.push(`Classes: ${now.map((g) => groupName.get(g)).join(', ') || '(none)'} → ${groupIds.map((g) => groupName.get(g)).join(', ') || '(none)'}`);
    }
    if (!existing.active) warnings.push({ row, column: '', message: `${existing.displayName}'s account is disabled; the import does not enable it.` });
    planned.push({ row, action: details.length ? 'update' : 'unchanged', existing, record, groupIds, details });
  }

  return {
    rows: planned,
    result: {
      rows: table.rows.length,
      created: planned.filter((r) => r.action === 'create').length,
      updated: planned.filter((r) => r.action === 'update').length,
      unchanged: planned.filter((r) => r.action === 'unchanged').length,
      left: 0,
      groupsCreated: 0,
      errors,
      warnings,
      changes: planned.map((r) => ({ row: r.row, displayName: r.record.displayName, action: r.action, details: r.details })),
    },
  };
}

/**
 * Carries out a plan without errors in the admin's transaction: creates the new accounts (each with a first
 * sign-in code, answered once and never audited), updates the changed ones, and sets classes from today.
 */
export async function applyStaffImport(
  c: AdminChangeContext,
  plan: StaffImportPlan,
  days: { today: string; yesterday: string },
): Promise<StaffImportResult['accounts']> {
  const accounts: StaffImportResult['accounts'] = [];
  const taken = new Set<string>();
  for (const r of plan.rows) {
    if (r.action === 'unchanged') continue;
    const { forename, surname, ...fields } = r.record;
    let person: StaffRecord;
    if (r.existing) {
      person = { ...r.existing, title: fields.title, email: fields.email, role: fields.role };
      await updateStaff(c.tx, c.schoolId, person);
    } else {
      const username = await freeUsername(c.tx, forename, surname, taken);
      taken.add(username);
      person = await insertStaff(c.tx, c.schoolId, { ...fields, username });
      const code = await issueFirstSignInCode(c.tx, { schoolId: c.schoolId, staffId: person.id, issuedBy: c.staffId, now: c.now });
      accounts.push({ username, displayName: person.displayName, ...code });
    }
    if (r.groupIds) {
      const current = await standingAssignments(c.tx, c.schoolId, days.today, { staffId: person.id });
      await replaceStandingAssignments(c.tx, { ...days, schoolId: c.schoolId, version: c.version, by: c.staffId, now: c.now }, current,
        r.groupIds.map((groupId) => ({ staffId: person.id, groupId })));
    }
    await c.audit({
      action: r.existing ? 'update' : 'create', entity: 'staff', key: person.id,
      summary: `Staff import, row ${r.row}: ${r.existing ? 'updated' : 'added'} ${person.displayName}`,
      before: r.existing, after: { ...person, groups: r.groupIds ?? undefined, changes: r.details },
    });
  }
  return accounts;
}

const roleName = (r: Role) => ({ teacher: 'teacher', ta: 'teaching assistant', office: 'office', admin: 'admin' })[r];
const headerOf = (headers: string[], i: number | undefined) => (i === undefined ? '' : clean(headers[i] ?? ''));
/** A value echoed back in an answer, with anything unstorable replaced so the answer itself stays valid. */
const clean = (v: string) => v.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
