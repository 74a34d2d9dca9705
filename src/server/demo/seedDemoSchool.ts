/**
 * Puts the demo school into an empty database, in one transaction: the school and its settings, the
 * calendar, groups, pupils (with contacts, enrolment and group membership), staff with password `demo`,
 * and assignments. Returns the accounts so main.ts can print them.
 *
 * With `history: true` (only `npm start` asks for it) the same transaction adds the attendance since the
 * first school day up to yesterday (demoHistory.ts). Tests seed without it: they count register entries
 * and must stay fast.
 */
import type { Database, Queryable } from '../db/database.js';
import { hashPassword } from '../auth/passwords.js';
import { insertMany } from '../db/insertMany.js';
import { generateDemoSchool, type DemoSchool } from './generateDemoSchool.js';
import { buildDemoHistory, writeDemoHistory, type DemoHistory } from './demoHistory.js';

export const DEMO_PASSWORD = 'demo';

export async function databaseIsEmpty(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schools');
  return rows[0].n === 0;
}

export interface SeedOptions {
  /** Add the attendance history up to yesterday. Default false. */
  history?: boolean;
  /** The school to write instead of the generated demo school (a test's second school in one database). */
  school?: DemoSchool;
}

export async function seedDemoSchool(db: Database, today: string, options: SeedOptions = {}): Promise<DemoSchool & { history: DemoHistory | null }> {
  const demo = options.school ?? generateDemoSchool(today);
  // Versions 2.. follow the school's own rows at version 1.
  const history = options.history ? buildDemoHistory(demo, today, 2) : null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const version = 1;
  const firstDay = demo.days[0].date;
  await db.transaction(async (tx) => {
    const s = demo.school;
    await tx.query(`INSERT INTO schools (id, name, time_zone, version) VALUES ($1, $2, $3, $4)`, [s.id, s.name, s.timeZone, version]);
    await tx.query(`INSERT INTO sync_state (school_id, version) VALUES ($1, $2)`, [s.id, version]);
    for (const session of ['AM', 'PM'] as const) {
      await tx.query(`INSERT INTO session_settings (school_id, session, opens_at, open_minutes) VALUES ($1, $2, $3, $4)`, [
        s.id, session, s.sessions[session].opensAt, s.sessions[session].openMinutes,
      ]);
    }
    for (const t of demo.terms) {
      await tx.query(`INSERT INTO terms (school_id, name, start_date, end_date) VALUES ($1, $2, $3, $4)`, [s.id, t.name, t.startDate, t.endDate]);
    }
    await insertMany(tx, 'calendar_days', ['school_id', 'date', 'is_school_day', 'label', 'version'],
      demo.days.map((d) => [s.id, d.date, d.isSchoolDay, d.label, version]));
    await insertMany(tx, 'registration_groups', ['school_id', 'id', 'name', 'year_group', 'version'],
      demo.groups.map((g) => [s.id, g.id, g.name, g.yearGroup, version]));
    await insertMany(tx, 'pupils',
      ['school_id', 'id', 'first_name', 'last_name', 'preferred_name', 'date_of_birth', 'gender', 'send', 'looked_after', 'child_protection', 'social_worker',
        'upn', 'sen_status', 'fsm', 'eal', 'version'],
      demo.pupils.map((p) => [s.id, p.id, p.firstName, p.lastName, p.preferredName, p.dateOfBirth, p.gender, p.flags.send, p.flags.lookedAfter, p.flags.childProtection, p.flags.socialWorker,
        p.upn, p.senStatus, p.fsm, p.eal, version]));
    await insertMany(tx, 'pupil_contacts', ['school_id', 'pupil_id', 'priority', 'name', 'relationship', 'phone'],
      demo.pupils.flatMap((p) => p.contacts.map((c) => [s.id, p.id, c.priority, c.name, c.relationship, c.phone])));
    await insertMany(tx, 'enrolments', ['school_id', 'pupil_id', 'start_date', 'end_date'],
      demo.pupils.map((p) => [s.id, p.id, firstDay, null]));
    await insertMany(tx, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'end_date', 'version'],
      demo.pupils.map((p) => [s.id, p.id, p.groupId, firstDay, null, version]));
    await insertMany(tx, 'staff', ['school_id', 'id', 'username', 'display_name', 'role', 'password_hash'],
      demo.staff.map((m) => [s.id, m.id, m.username, m.displayName, m.role, passwordHash]));
    for (const a of demo.assignments) {
      await tx.query(
        `INSERT INTO staff_assignments (school_id, id, staff_id, group_id, kind, start_date, end_date, sessions, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [s.id, a.id, a.staffId, a.groupId, a.kind, a.startDate, a.endDate, a.sessions, version],
      );
    }
    if (history) await writeDemoHistory(tx, history, s.id);
  });
  return { ...demo, history };
}
