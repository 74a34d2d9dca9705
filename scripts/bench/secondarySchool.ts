/**
 * A generated secondary school for the attendance benchmark (issue 11): 1,500 pupils in 60 forms (Years 7–11,
 * twelve forms a year) with a whole academic year of registers, about 570,000 register cells.
 *
 * The calendar and the staff are the demo school's (generateDemoSchool: English terms, half-terms, bank holidays
 * and INSET days, office1 and admin1 with password `demo`); the forms, pupils and registers are made here. The
 * cells are what the server's projection holds after the teacher's mark and, for every code other than present,
 * the office's code over a teacher's N: so teacher_* and office_* agree with `code` and `source`.
 *
 * The mix is deterministic (a seeded Rng) and roughly a real secondary school's: most pupils at about 96%, with
 * a day or two of illness now and then, lates, appointments, the odd holiday in term time and unauthorised
 * day; about one in seven a persistent absentee (unauthorised days and lates), one in thirty severe (runs of
 * unauthorised absence and long illnesses); about 2% joined during the year; N on the last few school days
 * where nobody has given a reason yet.
 *
 * Fast: the cells go in as INSERT … SELECT FROM unnest() of arrays, 25,000 rows a statement, all in one
 * transaction (seconds on PGlite, not 570,000 single inserts).
 */
import type { Database, Queryable } from '../../src/server/db/database.js';
import { insertMany } from '../../src/server/db/insertMany.js';
import { hashPassword } from '../../src/server/auth/passwords.js';
import { generateDemoSchool, Rng } from '../../src/server/demo/generateDemoSchool.js';
import { upnCheckLetter } from '../../src/domain/upn.js';

export interface SecondarySchool {
  schoolId: string;
  firstDay: string;
  pupils: number;
  cells: number;
}

const FORM_LETTERS = 'ABCDEFGHJKLM';
const CELL_BATCH = 25_000;
const SEED = 20270720;

type Profile = 'regular' | 'persistent' | 'severe';

/** Per school day, the chance that each kind of absence starts, and how long it runs (school days). */
const PROFILES: Record<Profile, { ill: number; illDays: [number, number]; unauthorised: number; unauthorisedDays: [number, number]; late: number; lateAfterRegisters: number; medical: number; other: number }> = {
  regular: { ill: 0.010, illDays: [1, 3], unauthorised: 0.002, unauthorisedDays: [1, 1], late: 0.012, lateAfterRegisters: 0.001, medical: 0.004, other: 0.002 },
  persistent: { ill: 0.025, illDays: [1, 5], unauthorised: 0.03, unauthorisedDays: [1, 3], late: 0.05, lateAfterRegisters: 0.01, medical: 0.006, other: 0.003 },
  severe: { ill: 0.03, illDays: [2, 16], unauthorised: 0.06, unauthorisedDays: [3, 12], late: 0.04, lateAfterRegisters: 0.02, medical: 0.006, other: 0.003 },
};

/** Codes for one pupil on each of `days` (AM and PM), from `firstIndex` (the day they joined). */
function pupilCodes(rng: Rng, profile: Profile, days: string[], firstIndex: number, holidayWeekStart: number | null): Array<[string, string] | null> {
  const p = PROFILES[profile];
  const codes: Array<[string, string] | null> = days.map(() => null);
  let runCode: string | null = null;
  let runLeft = 0;
  for (let d = firstIndex; d < days.length; d++) {
    if (holidayWeekStart !== null && d >= holidayWeekStart && d < holidayWeekStart + 5) { codes[d] = ['G', 'G']; continue; }
    if (runLeft > 0) { codes[d] = [runCode!, runCode!]; runLeft--; continue; }
    const roll = rng.float();
    let edge = p.ill;
    if (roll < edge) { runCode = 'I'; runLeft = rng.int(p.illDays[0], p.illDays[1]) - 1; codes[d] = ['I', 'I']; continue; }
    if (roll < (edge += p.unauthorised)) { runCode = 'O'; runLeft = rng.int(p.unauthorisedDays[0], p.unauthorisedDays[1]) - 1; codes[d] = ['O', 'O']; continue; }
    if (roll < (edge += p.late)) { codes[d] = ['L', '\\']; continue; }
    if (roll < (edge += p.lateAfterRegisters)) { codes[d] = ['U', '\\']; continue; }
    if (roll < (edge += p.medical)) { codes[d] = rng.float() < 0.5 ? ['M', '\\'] : ['/', 'M']; continue; }
    if (roll < (edge += p.other)) { codes[d] = ['C', 'C']; continue; }
    codes[d] = ['/', '\\'];
  }
  // The last three school days: an absence nobody has explained yet is still the teacher's N.
  for (let d = Math.max(firstIndex, days.length - 3); d < days.length; d++) {
    const c = codes[d]!;
    if (c[0] === 'O' && rng.float() < 0.5) codes[d] = ['N', 'N'];
  }
  return codes;
}

/**
 * Seeds the school into an empty, migrated database, with registers for every school day before `today`.
 * `today` should be near the end of the summer term, so the whole year counts.
 */
export async function seedSecondarySchool(db: Database, today: string, options: { pupils?: number; forms?: number } = {}): Promise<SecondarySchool> {
  const pupilCount = options.pupils ?? 1500;
  const formCount = options.forms ?? 60;
  const demo = generateDemoSchool(today);
  const schoolId = demo.school.id;
  const rng = new Rng(SEED);
  const firstDay = demo.days.find((d) => d.isSchoolDay)!.date;
  const lastDay = demo.days[demo.days.length - 1].date;
  const schoolDays = demo.days.filter((d) => d.isSchoolDay && d.date < today).map((d) => d.date);
  const startYear = Number(firstDay.slice(0, 4));

  const forms = Array.from({ length: formCount }, (_, i) => {
    const yearGroup = 7 + Math.floor((i * 5) / formCount);
    const letter = FORM_LETTERS[i % FORM_LETTERS.length] ?? String(i);
    return { id: `form-${yearGroup}${letter}-${i}`, name: `${yearGroup}${letter}`, yearGroup };
  });
  const pupils = Array.from({ length: pupilCount }, (_, i) => {
    const form = forms[i % formCount];
    const birthYear = startYear - form.yearGroup - 5 + (rng.float() < 0.67 ? 1 : 0);
    const roll = rng.float();
    const profile: Profile = roll < 0.03 ? 'severe' : roll < 0.17 ? 'persistent' : 'regular';
    // About 2% joined during the year, on a school day after the first half-term.
    const joinIndex = rng.float() < 0.02 ? rng.int(35, Math.max(35, schoolDays.length - 20)) : 0;
    const senRoll = rng.float();
    const upnDigits = `82030${String(startYear % 100).padStart(2, '0')}${String(i).padStart(6, '0')}`;
    return {
      id: `pupil-${String(i + 1).padStart(5, '0')}`, form, profile, joinIndex,
      firstName: `Forename${i + 1}`, lastName: `Surname${i + 1}`,
      dateOfBirth: `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      gender: i % 2 ? 'M' : 'F', senStatus: senRoll < 0.03 ? 'E' : senRoll < 0.15 ? 'K' : 'none',
      fsm: rng.float() < 0.25, eal: rng.float() < 0.15, lookedAfter: rng.float() < 0.01,
      upn: upnCheckLetter(upnDigits)! + upnDigits,
      // A quarter of families take a week's holiday in term time: G for five school days.
      holidayWeekStart: rng.float() < 0.25 ? rng.int(joinIndex + 5, Math.max(joinIndex + 5, schoolDays.length - 10)) : null,
    };
  });
  const passwordHash = await hashPassword('demo');
  const office = demo.staff.find((s) => s.role === 'office')!;
  const teacher = demo.staff.find((s) => s.role === 'teacher')!;
  let cellCount = 0;

  await db.transaction(async (tx) => {
    const s = demo.school;
    await tx.query(`INSERT INTO schools (id, name, time_zone, version) VALUES ($1, $2, $3, 1)`, [schoolId, 'Beechfield Academy (benchmark)', s.timeZone]);
    await tx.query(`INSERT INTO sync_state (school_id, version) VALUES ($1, 2)`, [schoolId]);
    for (const session of ['AM', 'PM'] as const) {
      await tx.query(`INSERT INTO session_settings (school_id, session, opens_at, open_minutes) VALUES ($1, $2, $3, $4)`,
        [schoolId, session, s.sessions[session].opensAt, s.sessions[session].openMinutes]);
    }
    await tx.query(`INSERT INTO academic_years (school_id, start_date, end_date) VALUES ($1, $2, $3)`, [schoolId, demo.days[0].date, lastDay]);
    await insertMany(tx, 'terms', ['school_id', 'name', 'start_date', 'end_date'], demo.terms.map((t) => [schoolId, t.name, t.startDate, t.endDate]));
    await insertMany(tx, 'calendar_days', ['school_id', 'date', 'is_school_day', 'label', 'version'], demo.days.map((d) => [schoolId, d.date, d.isSchoolDay, d.label, 1]));
    // The closures inside the terms: INSET days and bank holidays, as the admin's calendar screen keeps them.
    const inTerm = (date: string) => demo.terms.some((t) => t.startDate <= date && date <= t.endDate);
    const closures = demo.days.filter((d) => !d.isSchoolDay && inTerm(d.date) && d.label && (d.label === 'INSET day' || d.label.startsWith('Bank holiday')));
    await insertMany(tx, 'calendar_closures', ['school_id', 'start_date', 'end_date', 'label', 'kind'],
      closures.map((d) => [schoolId, d.date, d.date, d.label, d.label === 'INSET day' ? 'inset' : 'bank_holiday']));
    await insertMany(tx, 'staff', ['school_id', 'id', 'username', 'display_name', 'role', 'password_hash'],
      demo.staff.map((m) => [schoolId, m.id, m.username, m.displayName, m.role, passwordHash]));
    await insertMany(tx, 'registration_groups', ['school_id', 'id', 'name', 'year_group', 'version'], forms.map((f) => [schoolId, f.id, f.name, f.yearGroup, 1]));
    await insertMany(tx, 'pupils',
      ['school_id', 'id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'send', 'looked_after', 'upn', 'sen_status', 'fsm', 'eal', 'year_group', 'version'],
      pupils.map((p) => [schoolId, p.id, p.firstName, p.lastName, p.dateOfBirth, p.gender, p.senStatus !== 'none', p.lookedAfter, p.upn, p.senStatus, p.fsm, p.eal, p.form.yearGroup, 1]),
      { chunk: 500 });
    const joined = (p: (typeof pupils)[number]) => (p.joinIndex === 0 ? firstDay : schoolDays[p.joinIndex]);
    await insertMany(tx, 'enrolments', ['school_id', 'pupil_id', 'start_date'], pupils.map((p) => [schoolId, p.id, joined(p)]), { chunk: 1000 });
    await insertMany(tx, 'group_memberships', ['school_id', 'pupil_id', 'group_id', 'start_date', 'version'],
      pupils.map((p) => [schoolId, p.id, p.form.id, joined(p), 1]), { chunk: 1000 });

    const batch = { pupil: [] as string[], date: [] as string[], session: [] as string[], code: [] as string[] };
    const flush = async () => {
      if (batch.pupil.length === 0) return;
      await insertCells(tx, schoolId, teacher.id, office.id, batch);
      cellCount += batch.pupil.length;
      batch.pupil = []; batch.date = []; batch.session = []; batch.code = [];
    };
    for (const p of pupils) {
      const codes = pupilCodes(rng, p.profile, schoolDays, p.joinIndex, p.holidayWeekStart);
      for (let d = 0; d < schoolDays.length; d++) {
        const c = codes[d];
        if (!c) continue;
        batch.pupil.push(p.id, p.id); batch.date.push(schoolDays[d], schoolDays[d]); batch.session.push('AM', 'PM'); batch.code.push(c[0], c[1]);
      }
      if (batch.pupil.length >= CELL_BATCH) await flush();
    }
    await flush();
  });
  return { schoolId, firstDay, pupils: pupilCount, cells: cellCount };
}

/**
 * One statement for a batch of cells. A present mark (/ or \) is the teacher's; any other code is the office's
 * over the teacher's N, except N itself, which is the teacher's with no office code yet.
 */
async function insertCells(tx: Queryable, schoolId: string, teacherId: string, officeId: string,
  batch: { pupil: string[]; date: string[]; session: string[]; code: string[] }): Promise<void> {
  await tx.query(
    `INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, marked_by, marked_at, received_at,
       teacher_code, teacher_observed_at, teacher_device_id, teacher_seq, teacher_staff_id,
       office_code, office_version, office_event_id, office_staff_id, version)
     SELECT $1, c.pupil_id, c.date, c.session, c.code, c.source,
            CASE WHEN c.source = 'teacher' THEN $2 ELSE $3 END,
            c.observed_at, c.observed_at + interval '1 minute',
            CASE WHEN c.source = 'teacher' THEN c.code ELSE 'N' END, c.observed_at, 'bench-tablet', c.ord, $2,
            CASE WHEN c.source = 'office' THEN c.code END, CASE WHEN c.source = 'office' THEN 2 END,
            CASE WHEN c.source = 'office' THEN 'bench-' || c.pupil_id || '-' || c.date || c.session END,
            CASE WHEN c.source = 'office' THEN $3 END, 2
       FROM (SELECT k.pupil_id, k.date, k.session, k.code, k.ord,
                    CASE WHEN k.code IN ('/', '\\', 'N') THEN 'teacher' ELSE 'office' END AS source,
                    (k.date + CASE WHEN k.session = 'AM' THEN time '08:45' ELSE time '13:15' END) AT TIME ZONE 'Europe/London' AS observed_at
               FROM unnest($4::text[], $5::date[], $6::text[], $7::text[]) WITH ORDINALITY AS k(pupil_id, date, session, code, ord)) AS c`,
    [schoolId, teacherId, officeId, batch.pupil, batch.date, batch.session, batch.code],
  );
}
