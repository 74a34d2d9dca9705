/**
 * A generated trust for the load benchmark (`npm run bench -- load`, issue 12): `schools` schools of `pupils`
 * pupils each in one database, in classes of about `classSize`, each class with its own teacher (one tablet
 * per class) and each school with one office account. Password `demo` for everyone.
 *
 * The calendar and session times are the demo school's (generateDemoSchool: English terms, registers open at
 * 08:50 and 13:10). No register history: the benchmark writes today's marks itself.
 *
 * Fast: every table goes in as multi-row INSERTs of 1,000 rows (insertMany), one transaction per school, so
 * 20 schools of 1,000 pupils take seconds, not 20,000 single inserts. The password is hashed once.
 */
import type { Database } from '../../src/server/db/database.js';
import { insertMany } from '../../src/server/db/insertMany.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { generateDemoSchool } from '../../src/server/demo/generateDemoSchool.js';

export const TRUST_PASSWORD = 'demo';

export interface TrustClass {
  schoolId: string;
  groupId: string;
  /** The class teacher's username: the tablet signs in as them. */
  username: string;
  pupilIds: string[];
}

export interface TrustSchool {
  schoolId: string;
  officeUsername: string;
  classes: TrustClass[];
}

export interface Trust {
  schools: TrustSchool[];
  pupils: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Seeds the trust into an empty, migrated database. `today` must be a school day of the demo calendar. */
export async function seedTrust(db: Database, today: string, options: { schools: number; pupils: number; classSize?: number }): Promise<Trust> {
  const classSize = options.classSize ?? 30;
  const classCount = Math.max(1, Math.round(options.pupils / classSize));
  const demo = generateDemoSchool(today);
  if (!demo.days.some((d) => d.date === today && d.isSchoolDay)) throw new Error(`${today} is not a school day in the demo calendar: choose another LOAD_TODAY`);
  const firstDay = demo.days[0].date;
  const lastDay = demo.days[demo.days.length - 1].date;
  const passwordHash = await hashPassword(TRUST_PASSWORD);
  const schools: TrustSchool[] = [];

  for (let s = 1; s <= options.schools; s++) {
    const tag = `s${pad(s, 2)}`;
    const schoolId = `trust-${tag}`;
    const classes: TrustClass[] = Array.from({ length: classCount }, (_, c) => ({
      schoolId, groupId: `${tag}-c${pad(c + 1, 3)}`, username: `${tag}-teacher${pad(c + 1, 3)}`, pupilIds: [],
    }));
    const pupils = Array.from({ length: options.pupils }, (_, i) => {
      const cls = classes[i % classCount];
      const id = `${tag}-p${pad(i + 1, 5)}`;
      cls.pupilIds.push(id);
      return { id, groupId: cls.groupId, yearGroup: 1 + (i % classCount) % 6, n: i + 1 };
    });
    const teachers = classes.map((c, i) => ({ id: `${tag}-t${pad(i + 1, 3)}`, username: c.username, name: `Teacher ${i + 1} (${tag})`, role: 'teacher' }));
    const staff = [...teachers, { id: `${tag}-office`, username: `${tag}-office`, name: `Office (${tag})`, role: 'office' }];

    await db.transaction(async (tx) => {
      const sc = demo.school;
      await tx.query(`INSERT INTO schools (id, name, time_zone, version) VALUES ($1, $2, $3, 1)`, [schoolId, `Trust school ${s}`, sc.timeZone]);
      await tx.query(`INSERT INTO sync_state (school_id, version) VALUES ($1, 1)`, [schoolId]);
      for (const session of ['AM', 'PM'] as const) {
        await tx.query(`INSERT INTO session_settings (school_id, session, opens_at, open_minutes) VALUES ($1, $2, $3, $4)`,
          [schoolId, session, sc.sessions[session].opensAt, sc.sessions[session].openMinutes]);
      }
      await tx.query(`INSERT INTO academic_years (school_id, start_date, end_date) VALUES ($1, $2, $3)`, [schoolId, firstDay, lastDay]);
      await insertMany(tx, 'terms', ['school_id', 'name', 'start_date', 'end_date'], demo.terms.map((t) => [schoolId, t.name, t.startDate, t.endDate]));
      await insertMany(tx, 'calendar_days', ['school_id', 'date', 'is_school_day', 'label', 'version'],
        demo.days.map((d) => [schoolId, d.date, d.isSchoolDay, d.label, 1]), { chunk: 1000 });
      await insertMany(tx, 'staff', ['school_id', 'id', 'username', 'display_name', 'role', 'password_hash'],
        staff.map((m) => [schoolId, m.id, m.username, m.name, m.role, passwordHash]), { chunk: 1000 });
      await insertMany(tx, 'registration_groups', ['school_id', 'id', 'name', 'year_group', 'version'],
        classes.map((c, i) => [schoolId, c.groupId, `Class ${i + 1}`, 1 + (i % 6), 1]), { chunk: 1000 });
      await insertMany(tx, 'staff_assignments', ['school_id', 'id', 'staff_id', 'group_id', 'kind', 'start_date', 'end_date', 'sessions', 'version'],
        classes.map((c, i) => [schoolId, `asg-${c.groupId}`, teachers[i].id, c.groupId, 'teacher', firstDay, null, ['AM', 'PM'], 1]), { chunk: 1000 });
      await insertMany(tx, 'pupils',
        ['school_id', 'id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'send', 'looked_after', 'sen_status', 'fsm', 'eal', 'year_group', 'version'],
        pupils.map((p) => [schoolId, p.id, `Forename${p.n}`, `Surname${p.n}`, `${2015 + (p.n % 6)}-0${1 + (p.n % 9)}-1${p.n % 10}`,
          p.n % 2 ? 'M' : 'F', false, false, 'none', false, false, p.yearGroup, 1]),
        { chunk: 1000 });
      await insertMany(tx, 'enrolments', ['school_id', 'pupil_id', 'start_date'], pupils.map((p) => [schoolId, p.id, firstDay]), { chunk: 1000 });
      await insertMany(tx, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'version'],
        pupils.map((p) => [schoolId, p.id, p.groupId, firstDay, 1]), { chunk: 1000 });
    });
    schools.push({ schoolId, officeUsername: `${tag}-office`, classes });
  }
  return { schools, pupils: options.schools * options.pupils };
}

/**
 * The registers of the `days` school days before `today`, for every pupil of every school, as a trust has them
 * after a few weeks of term: a cell, its event and its logged change a pupil a session, from tablets of earlier
 * days. A morning on empty tables measures a server's first minutes, not a school's; and the lookups of a
 * push must be shown not to read this history. Generated in the database, so 400,000 rows a table take seconds.
 */
export async function seedHistory(db: Database, today: string, days: number): Promise<number> {
  if (days === 0) return 0;
  const { rows } = await db.query<{ n: number }>(
    `WITH d AS (
       SELECT school_id, date FROM (
         SELECT school_id, date, row_number() OVER (PARTITION BY school_id ORDER BY date DESC) AS n
           FROM calendar_days WHERE is_school_day AND date < $1::date) x
        WHERE n <= $2),
     h AS (
       SELECT m.school_id, m.pupil_id, d.date, s.session, a.staff_id,
              'history-' || m.group_id AS device_id,
              row_number() OVER (PARTITION BY m.school_id, m.group_id ORDER BY d.date, s.session, m.pupil_id) AS seq,
              'history-' || m.school_id || '-' || m.pupil_id || '-' || d.date || '-' || s.session AS id,
              CASE WHEN (hashtext(m.pupil_id || d.date) & 15) = 0 THEN 'N' ELSE '/' END AS code,
              d.date + CASE s.session WHEN 'AM' THEN time '08:55' ELSE time '13:10' END AS at
         FROM group_memberships m
         JOIN staff_assignments a ON a.school_id = m.school_id AND a.group_id = m.group_id AND a.kind = 'teacher'
         JOIN d ON d.school_id = m.school_id
         CROSS JOIN (VALUES ('AM'), ('PM')) AS s(session)),
     cells AS (
       INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, marked_by, marked_at, received_at,
                                   teacher_code, teacher_observed_at, teacher_device_id, teacher_seq, teacher_staff_id, version)
       SELECT school_id, pupil_id, date, session, code, 'teacher', staff_id, at, at, code, at, device_id, seq, staff_id, 1 FROM h),
     events AS (
       INSERT INTO mark_events (school_id, id, pupil_id, date, session, source, code, effective_code, staff_id, role, device_id, seq,
                                mutation_id, observed_at_device, clock_offset_ms, observed_at, time_quality, received_at, version)
       SELECT school_id, id, pupil_id, date, session, 'teacher', code, code, staff_id, 'teacher', device_id, seq,
              id, at, 0, at, 'good', at, 1 FROM h),
     logged AS (
       INSERT INTO mutation_log (school_id, device_id, seq, mutation_id, type, status, received_at)
       SELECT school_id, device_id, seq, id, 'mark.set', 'applied', at FROM h)
     SELECT count(*)::int AS n FROM h`,
    [today, days],
  );
  return rows[0].n;
}
