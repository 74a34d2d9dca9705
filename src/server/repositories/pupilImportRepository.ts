/**
 * The pupil import's reads and writes, in bulk: the school's pupils, contacts, enrolments, memberships and
 * classes in four reads, and every kind of change in one statement each (multi-row INSERTs through
 * insertMany, UPDATEs joined to unnest()ed arrays), so 2,000 pupils are a few dozen statements, not a query
 * per row. Register history (mark_events, register_cells) is never touched; memberships and enrolments are
 * ended with a date, never deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { insertMany } from '../db/insertMany.js';
import type { ExistingGroup, ExistingPupil, ImportState, PupilImportPlan, PupilRecord } from '../import/pupilImportPlan.js';
import type { ImportContact } from '../import/pupilRows.js';
import type { Enrolment, Membership } from '../import/pupilPlacement.js';

const RECORD_COLUMNS = `p.upn, p.first_name AS "firstName", p.last_name AS "lastName", p.preferred_name AS "preferredName",
  p.preferred_surname AS "preferredSurname", p.date_of_birth AS "dateOfBirth", p.gender, p.sen_status AS "senStatus",
  p.fsm, p.eal, p.looked_after AS "lookedAfter", p.child_protection AS "childProtection", p.year_group AS "yearGroup"`;

export async function loadImportState(db: Queryable, schoolId: string, today: string): Promise<ImportState> {
  const groups = await db.query<ExistingGroup>(
    `SELECT id, name, year_group AS "yearGroup" FROM registration_groups WHERE school_id = $1 ORDER BY id`, [schoolId]);
  const pupils = await db.query<PupilRecord & { id: string }>(`SELECT p.id, ${RECORD_COLUMNS} FROM pupils p WHERE p.school_id = $1 ORDER BY p.id`, [schoolId]);
  const contacts = await db.query<ImportContact & { pupilId: string }>(
    `SELECT pupil_id AS "pupilId", priority, name, relationship, phone FROM pupil_contacts
      WHERE school_id = $1 AND priority BETWEEN 1 AND 3 ORDER BY pupil_id, priority`, [schoolId]);
  const enrolments = await db.query<Enrolment & { pupilId: string }>(
    `SELECT DISTINCT ON (pupil_id) pupil_id AS "pupilId", start_date AS "startDate", end_date AS "endDate"
       FROM enrolments WHERE school_id = $1 ORDER BY pupil_id, start_date DESC`, [schoolId]);
  const memberships = await db.query<Membership & { pupilId: string }>(
    `SELECT pupil_id AS "pupilId", group_id AS "groupId", start_date AS "startDate", end_date AS "endDate"
       FROM group_memberships WHERE school_id = $1 ORDER BY pupil_id, start_date`, [schoolId]);

  const byId = new Map<string, ExistingPupil>();
  for (const p of pupils.rows) byId.set(p.id, { ...p, contacts: [], enrolment: null, memberships: [] });
  for (const { pupilId, ...c } of contacts.rows) byId.get(pupilId)?.contacts.push(c);
  for (const { pupilId, ...e } of enrolments.rows) { const p = byId.get(pupilId); if (p) p.enrolment = e; }
  for (const { pupilId, ...m } of memberships.rows) byId.get(pupilId)?.memberships.push(m);
  return { today, groups: groups.rows, pupils: [...byId.values()] };
}

const PUPIL_INSERT_COLUMNS = ['school_id', 'id', 'upn', 'first_name', 'last_name', 'preferred_name', 'preferred_surname', 'date_of_birth', 'gender',
  'sen_status', 'send', 'fsm', 'eal', 'looked_after', 'child_protection', 'year_group', 'version'];

const recordValues = (r: PupilRecord) => [r.upn, r.firstName, r.lastName, r.preferredName, r.preferredSurname, r.dateOfBirth, r.gender,
  r.senStatus, r.senStatus !== 'none', r.fsm, r.eal, r.lookedAfter, r.childProtection, r.yearGroup];

/** Writes a plan that has no errors, inside the caller's transaction (adminChange), at sync version `version`. */
export async function applyPupilImport(
  tx: Queryable,
  who: { schoolId: string; staffId: string | null; now: number },
  version: number,
  plan: PupilImportPlan,
): Promise<void> {
  const s = who.schoolId;
  await insertMany(tx, 'registration_groups', ['school_id', 'id', 'name', 'year_group', 'version'],
    plan.newGroups.map((g) => [s, g.id, g.name, g.yearGroup, version]));

  // New pupils, with their contacts, enrolment and class.
  await insertMany(tx, 'pupils', PUPIL_INSERT_COLUMNS, plan.creates.map((p) => [s, p.id, ...recordValues(p), version]), { chunk: 100 });
  await insertMany(tx, 'enrolments', ['school_id', 'pupil_id', 'start_date', 'end_date'],
    plan.creates.map((p) => [s, p.id, p.startDate, p.endDate]), { chunk: 500 });
  await insertMany(tx, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'end_date', 'version'], [
    ...plan.creates.map((p) => [s, p.id, p.groupId, p.startDate, p.endDate, version]),
    ...plan.membershipInserts.map((m) => [s, m.pupilId, m.groupId, m.startDate, m.endDate, version]),
  ], { chunk: 300 });

  // Changed pupils: one UPDATE joined to the new records.
  if (plan.updates.length) {
    const col = <T>(pick: (r: PupilRecord) => T) => plan.updates.map((u) => pick(u.record));
    await tx.query(
      `UPDATE pupils p SET upn = u.upn, first_name = u.first_name, last_name = u.last_name, preferred_name = u.preferred_name,
              preferred_surname = u.preferred_surname, date_of_birth = u.date_of_birth, gender = u.gender, sen_status = u.sen_status,
              send = u.sen_status <> 'none', fsm = u.fsm, eal = u.eal, looked_after = u.looked_after,
              child_protection = u.child_protection, year_group = u.year_group, version = $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[], $11::text[],
                     $12::boolean[], $13::boolean[], $14::boolean[], $15::boolean[], $16::int[])
           AS u(id, upn, first_name, last_name, preferred_name, preferred_surname, date_of_birth, gender, sen_status,
                fsm, eal, looked_after, child_protection, year_group)
        WHERE p.school_id = $1 AND p.id = u.id`,
      [s, version, plan.updates.map((u) => u.id), col((r) => r.upn), col((r) => r.firstName), col((r) => r.lastName),
        col((r) => r.preferredName), col((r) => r.preferredSurname), col((r) => r.dateOfBirth), col((r) => r.gender),
        col((r) => r.senStatus), col((r) => r.fsm), col((r) => r.eal), col((r) => r.lookedAfter), col((r) => r.childProtection),
        col((r) => r.yearGroup)],
    );
  }

  // Contacts 1-3 as the file gives them (contacts the office added at other priorities stay).
  const replaced = plan.contactReplacements;
  if (replaced.length) {
    await tx.query(`DELETE FROM pupil_contacts WHERE school_id = $1 AND pupil_id = ANY($2::text[]) AND priority BETWEEN 1 AND 3`,
      [s, replaced.map((r) => r.pupilId)]);
  }
  await insertMany(tx, 'pupil_contacts', ['school_id', 'pupil_id', 'priority', 'name', 'relationship', 'phone'], [
    ...plan.creates.flatMap((p) => p.contacts.map((c) => [s, p.id, c.priority, c.name, c.relationship, c.phone])),
    ...replaced.flatMap((r) => r.contacts.map((c) => [s, r.pupilId, c.priority, c.name, c.relationship, c.phone])),
  ], { chunk: 300 });

  if (plan.membershipUpdates.length) {
    const m = plan.membershipUpdates;
    await tx.query(
      `UPDATE group_memberships g SET group_id = u.group_id, end_date = u.end_date, version = $2
         FROM unnest($3::text[], $4::date[], $5::text[], $6::date[]) AS u(pupil_id, start_date, group_id, end_date)
        WHERE g.school_id = $1 AND g.pupil_id = u.pupil_id AND g.start_date = u.start_date`,
      [s, version, m.map((x) => x.pupilId), m.map((x) => x.startDate), m.map((x) => x.groupId), m.map((x) => x.endDate)],
    );
  }
  if (plan.enrolmentEnds.length) {
    const e = plan.enrolmentEnds;
    await tx.query(
      `UPDATE enrolments n SET end_date = u.end_date
         FROM unnest($2::text[], $3::date[], $4::date[]) AS u(pupil_id, start_date, end_date)
        WHERE n.school_id = $1 AND n.pupil_id = u.pupil_id AND n.start_date = u.start_date`,
      [s, e.map((x) => x.pupilId), e.map((x) => x.startDate), e.map((x) => x.endDate)],
    );
  }

  // Each pupil's change in the admin audit beside the import's own entry (written by the route).
  const at = new Date(who.now);
  await insertMany(tx, 'admin_audit', ['school_id', 'id', 'staff_id', 'at', 'action', 'entity', 'entity_key', 'summary', 'before', 'after'],
    plan.audit.map((a) => [s, randomUUID(), who.staffId, at, a.action, 'pupil', a.key, a.summary.slice(0, 500),
      a.before === null ? null : JSON.stringify(a.before), JSON.stringify(a.after)]), { chunk: 200 });
}

export interface ExportedPupil extends PupilRecord {
  id: string;
  groupName: string | null;
  groupYear: number | null;
  groupStartDate: string | null;
  admissionDate: string | null;
  leavingDate: string | null;
  contacts: ImportContact[];
}

/** Every pupil with their latest class and enrolment, in class then name order, for the export. */
export async function listPupilsForExport(db: Queryable, schoolId: string): Promise<ExportedPupil[]> {
  const { rows } = await db.query<Omit<ExportedPupil, 'contacts'>>(
    `SELECT p.id, ${RECORD_COLUMNS}, g.name AS "groupName", g.year_group AS "groupYear", m.start_date AS "groupStartDate",
            e.start_date AS "admissionDate", e.end_date AS "leavingDate"
       FROM pupils p
       LEFT JOIN LATERAL (SELECT group_id, start_date FROM group_memberships
                           WHERE school_id = p.school_id AND pupil_id = p.id ORDER BY start_date DESC LIMIT 1) m ON true
       LEFT JOIN registration_groups g ON g.school_id = p.school_id AND g.id = m.group_id
       LEFT JOIN LATERAL (SELECT start_date, end_date FROM enrolments
                           WHERE school_id = p.school_id AND pupil_id = p.id ORDER BY start_date DESC LIMIT 1) e ON true
      WHERE p.school_id = $1
      ORDER BY g.year_group NULLS LAST, g.name, p.last_name, p.first_name, p.id`,
    [schoolId],
  );
  const contacts = await db.query<ImportContact & { pupilId: string }>(
    `SELECT pupil_id AS "pupilId", priority, name, relationship, phone FROM pupil_contacts
      WHERE school_id = $1 AND priority BETWEEN 1 AND 3 ORDER BY pupil_id, priority`, [schoolId]);
  const byPupil = new Map<string, ImportContact[]>();
  for (const { pupilId, ...c } of contacts.rows) byPupil.set(pupilId, [...(byPupil.get(pupilId) ?? []), c]);
  return rows.map((r) => ({ ...r, contacts: byPupil.get(r.id) ?? [] }));
}
