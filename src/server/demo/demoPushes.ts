/**
 * The demo school's attendance stories (demoAbsencePlan.ts) as what people did and when: each class
 * teacher's register push, a teacher correcting an N when a pupil walks in, and the office's later
 * amendments and calls to families, each a push with the time the server received it.
 *
 * Guarantees (pure and deterministic, like the plan):
 * - Teachers enter only `/`, `\` and `N`, on the register's own day, from 30 seconds to 4 minutes after it
 *   opens (school-local time, so BST and GMT both come out right), in register order a few seconds apart.
 * - The office enters every other code, always after the teacher entry it replaces, and codes it sets
 *   before a register (a PM appointment, the rest of an illness day, a holiday week) leave that register's
 *   cell to the office, as the teacher's screen shows it read-only.
 * - Every push is received on a school day before `today`; nothing is dated today or in the future.
 */
import { instantOf, localTimeOf } from '../../domain/time.js';
import { presentSymbol, type TeacherMark } from '../../domain/codes.js';
import { DEFAULT_DEMO_SEED, Rng, type DemoPupil, type DemoSchool, type Session } from './generateDemoSchool.js';
import type { DemoAbsencePlan, Story } from './demoAbsencePlan.js';

export interface Entry {
  pupilId: string;
  date: string;
  session: Session;
  source: 'teacher' | 'office';
  code: string;
  reason: string | null;
  minutesLate: number | null;
  observedAt: number;
}

export interface ContactDraft {
  pupilId: string;
  date: string;
  method: 'phone' | 'message from home';
  outcome: string;
  code: string | null;
  sessions: Session[] | null;
}

/** One mutation: a teacher's mark, a code.set, or a contact.record (which may set codes in several cells). */
export interface Mutation {
  entries: Entry[];
  contact?: ContactDraft;
}

export interface Push {
  /** When the server received it (epoch ms); the pushes' order decides their versions. */
  at: number;
  staffId: string;
  role: 'teacher' | 'office';
  deviceId: string;
  mutations: Mutation[];
}

const SESSIONS: readonly Session[] = ['AM', 'PM'];
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const TIMING_SALT = 0x7ab1e5;

export function demoPushes(demo: DemoSchool, plan: DemoAbsencePlan, seed: number = DEFAULT_DEMO_SEED): Push[] {
  const rng = new Rng((Math.trunc(seed) ^ TIMING_SALT) >>> 0);
  const tz = demo.school.timeZone;
  const opens = (date: string, session: Session) => instantOf(date, demo.school.sessions[session].opensAt, tz);
  const closes = (date: string, session: Session) => opens(date, session) + demo.school.sessions[session].openMinutes * MINUTE;
  const teacherOf = new Map(demo.assignments.filter((a) => a.kind === 'teacher').map((a) => [a.groupId, a.staffId]));
  const officeId = demo.staff.find((s) => s.role === 'office')!.id;
  const pushes: Push[] = [];
  const office = (at: number, mutations: Mutation[]) => pushes.push({ at, staffId: officeId, role: 'office', deviceId: 'demo-office-pc', mutations });
  const officeEntry = (pupilId: string, date: string, session: Session, code: string, reason: string | null, at: number, minutesLate: number | null = null): Entry =>
    ({ pupilId, date, session, source: 'office', code, reason, minutesLate, observedAt: at - rng.int(1, 15) * SECOND });

  plan.dates.forEach((date, day) => {
    // The class teachers' registers.
    for (const session of SESSIONS) {
      for (const group of demo.groups) {
        const staffId = teacherOf.get(group.id)!;
        const deviceId = `demo-tablet-${group.id}`;
        let t = opens(date, session) + rng.int(30, 240) * SECOND;
        let last = t;
        const marks: Mutation[] = [];
        for (const pupil of demo.pupils.filter((p) => p.groupId === group.id)) {
          t += rng.int(2, 7) * SECOND;
          const story = plan.stories.get(pupil.id)![day] ?? null;
          const mark = teacherMark(story, session);
          if (!mark) continue;
          let observedAt = t;
          const late = story?.kind === 'late' && story.session === session ? story : null;
          const arrival = late ? opens(date, session) + late.minutesLate * MINUTE + rng.int(0, 50) * SECOND : 0;
          if (late?.teacher === 'present') observedAt = Math.max(t, arrival + rng.int(10, 40) * SECOND);
          marks.push({ entries: [{ pupilId: pupil.id, date, session, source: 'teacher', code: mark, reason: null, minutesLate: null, observedAt }] });
          last = Math.max(last, observedAt);
          if (late?.teacher === 'N then present') {
            // The pupil walks in after the register was sent and the teacher changes N to present.
            const seen = arrival + rng.int(20, 60) * SECOND;
            pushes.push({ at: seen + rng.int(1, 4) * SECOND, staffId, role: 'teacher', deviceId, mutations: [{ entries: [{ pupilId: pupil.id, date, session, source: 'teacher', code: presentSymbol(session), reason: null, minutesLate: null, observedAt: seen }] }] });
          }
        }
        if (marks.length > 0) pushes.push({ at: last + rng.int(1, 8) * SECOND, staffId, role: 'teacher', deviceId, mutations: marks });
      }
    }

    // The office's work on each pupil's story for the day.
    for (const pupil of demo.pupils) {
      const story = plan.stories.get(pupil.id)![day];
      if (story) officeWork(pupil, story, date, day);
    }
  });
  return pushes;

  function officeWork(pupil: DemoPupil, story: Story, date: string, day: number) {
    const id = pupil.id;
    switch (story.kind) {
      case 'ill': {
        // "Later that morning": the family's call (or message) and the I for the whole day in one go.
        const at = closes(date, 'AM') + rng.int(5, 80) * MINUTE;
        const reason = `Contact (${story.method}): ${story.outcome}`;
        office(at, [{
          entries: SESSIONS.map((s) => officeEntry(id, date, s, 'I', reason, at)),
          contact: { pupilId: id, date, method: story.method, outcome: story.outcome, code: 'I', sessions: ['AM', 'PM'] },
        }]);
        return;
      }
      case 'medical': {
        if (story.session === 'AM') {
          const at = opens(date, 'AM') + rng.int(85, 140) * MINUTE;
          const arrived = localTimeOf(at - rng.int(3, 10) * MINUTE, demo.school.timeZone);
          office(at, [{ entries: [officeEntry(id, date, 'AM', 'M', `${story.what}; arrived at ${arrived} with the appointment card`, at)] }]);
        } else {
          // Entered when the pupil is collected at lunchtime, before the afternoon register opens.
          const collected = opens(date, 'PM') - rng.int(15, 50) * MINUTE;
          const at = collected + rng.int(2, 8) * MINUTE;
          const who = pupil.contacts[0]?.relationship ?? 'a parent';
          office(at, [{ entries: [officeEntry(id, date, 'PM', 'M', `${story.what}; collected by ${who} at ${localTimeOf(collected, demo.school.timeZone)}`, at)] }]);
        }
        return;
      }
      case 'late': {
        // From the late book, after the register has closed.
        const arrival = opens(date, story.session) + story.minutesLate * MINUTE;
        const at = closes(date, story.session) + rng.int(2, 45) * MINUTE;
        office(at, [{ entries: [officeEntry(id, date, story.session, 'L', `Late book: arrived ${localTimeOf(arrival, demo.school.timeZone)}`, at, story.minutesLate)] }]);
        return;
      }
      case 'unauthorised': {
        if (story.resolution.kind === 'contact') {
          // After the afternoon register, so the call replaces every N of the day.
          const at = opens(date, 'PM') + rng.int(40, 140) * MINUTE;
          const reason = `Contact (phone): ${story.resolution.outcome}`;
          office(at, [{
            entries: story.sessions.map((s) => officeEntry(id, date, s, 'O', reason, at)),
            contact: { pupilId: id, date, method: 'phone', outcome: story.resolution.outcome, code: 'O', sessions: story.sessions },
          }]);
        } else {
          const tried = closes(date, story.sessions[0]!) + rng.int(5, 60) * MINUTE;
          office(tried, [{ entries: [], contact: { pupilId: id, date, method: 'phone', outcome: 'No answer; message left', code: null, sessions: null } }]);
          // No reason comes; the office records O a few school days on (but never today: the same afternoon if need be).
          const later = Math.min(day + story.resolution.afterSchoolDays, plan.dates.length - 1);
          const at = later > day
            ? opens(plan.dates[later]!, 'AM') + rng.int(40, 180) * MINUTE
            : closes(date, 'PM') + rng.int(30, 90) * MINUTE;
          office(at, story.sessions.map((s) => ({ entries: [officeEntry(id, date, s, 'O', 'No reason established', at)] })));
        }
        return;
      }
      case 'holiday': {
        if (!story.first) return;
        // The whole refused holiday, coded G on its first morning once the family has not come in.
        const at = closes(date, 'AM') + rng.int(10, 45) * MINUTE;
        const reason = 'Term-time holiday: leave was requested and refused';
        const dates = plan.dates.slice(day, day + story.days);
        office(at, dates.flatMap((d) => SESSIONS.map((s) => ({ entries: [officeEntry(id, d, s, 'G', reason, at)] }))));
        return;
      }
      case 'unresolved': {
        // Sometimes the office has tried to call; the N stays until a reason is established.
        if (rng.chance(0.5)) {
          const at = closes(date, story.sessions[0]!) + rng.int(5, 60) * MINUTE;
          office(at, [{ entries: [], contact: { pupilId: id, date, method: 'phone', outcome: 'No answer; message left', code: null, sessions: null } }]);
        }
        return;
      }
    }
  }
}

/** What the class teacher marks in this session, or null when the office has already coded the cell. */
function teacherMark(story: Story | null, session: Session): TeacherMark | null {
  const present = presentSymbol(session);
  if (!story) return present;
  switch (story.kind) {
    case 'ill':
      return session === 'AM' ? 'N' : null;
    case 'medical':
      return story.session !== session ? present : session === 'AM' ? 'N' : null;
    case 'late':
      return story.session !== session || story.teacher === 'present' ? present : 'N';
    case 'unauthorised':
    case 'unresolved':
      return story.sessions.includes(session) ? 'N' : present;
    case 'holiday':
      return story.first && session === 'AM' ? 'N' : null;
  }
}
