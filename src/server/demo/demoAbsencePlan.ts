/**
 * The story behind each register cell of the demo school's attendance so far this year: who was ill, late,
 * at an appointment, on holiday or away without a reason, on which school day. demoHistory.ts turns these
 * stories into the entries teachers and the office made.
 *
 * Guarantees:
 * - Pure and deterministic: the same demo school and `today` give the same plan (its own seeded PRNG, no
 *   clock, no Math.random()).
 * - Only school days of the demo calendar from the first of the academic year up to yesterday; never today.
 * - Three pupils are persistently absent (absence 12-18% of their sessions, so attendance 82-88%) and one
 *   severely absent (52%); every other pupil's absence stays at or under 8.5%, so no one else is
 *   persistent (except, in the first weeks of the year, a pupil with an unresolved N). Lates are present
 *   marks and cost nothing.
 * - Up to UNRESOLVED_N.length Ns are left unresolved in the last eight school days: those six to eight
 *   school days back are overdue under the default window of five school days, the others are not.
 * - Vulnerable pupils are among the absent: the severe absentee has a social worker, one persistent
 *   absentee is looked after or has SEND, and one unresolved N is a vulnerable pupil's.
 * - Only codes open to every demo pupil (all are of compulsory school age): I, M, L, O, G and N.
 * - Once the year has enough school days (about 50 before the last eight), every list of statutory alerts has
 *   someone: the severe absentee has 10 school days in a row away without a reason (also a penalty notice) and
 *   15 days ill in a row; one other pupil is late three times in one week.
 */
import { addDays, dayOfWeek, type IsoDate } from './englishCalendar.js';
import { DEFAULT_DEMO_SEED, Rng, type DemoPupil, type DemoSchool, type Session } from './generateDemoSchool.js';

export type ContactMethod = 'phone' | 'message from home';

export type Story =
  /** Whole day. The teacher marks N; later that morning the family's call turns both sessions into I. */
  | { kind: 'ill'; method: ContactMethod; outcome: string }
  /** One session at a medical or dental appointment (M). */
  | { kind: 'medical'; session: Session; what: string }
  /** Arrived before the register closed (L); `teacher` is what the class teacher had marked. */
  | { kind: 'late'; session: Session; minutesLate: number; teacher: 'N' | 'present' | 'N then present' }
  /** Away without a reason the school accepts: N from the teacher, then O from the office. */
  | { kind: 'unauthorised'; sessions: Session[]; resolution: UnauthorisedResolution }
  /** A term-time holiday the school refused (G): `days` is set on the first day, which the office codes in one go. */
  | { kind: 'holiday'; first: boolean; days: number }
  /** N that nobody has resolved yet. */
  | { kind: 'unresolved'; sessions: Session[] };

export type UnauthorisedResolution =
  | { kind: 'contact'; outcome: string }
  /** Calls went unanswered; the office records O a few school days later. */
  | { kind: 'no reason'; afterSchoolDays: number };

export interface DemoAbsencePlan {
  /** The school days covered, oldest first: the first of the year up to yesterday. */
  dates: IsoDate[];
  /** Per pupil, one entry per date: null for a day present in both sessions. */
  stories: Map<string, Array<Story | null>>;
  persistent: string[];
  severe: string[];
  unresolved: Array<{ pupilId: string; date: IsoDate; session: Session }>;
}

/** Keeps the history's random draws apart from the school's, so names and flags never depend on them. */
const HISTORY_SALT = 0x5eed_a77e;
const REGULAR_ABSENCE_CAP = 0.085;
const SEVERE_ABSENCE = 0.52;
const PERSISTENT_PUPILS = 3;

/** Chances per school day for a pupil with no special story; tuned for about 95-96% attendance. */
const P_ILL = 0.018;
const P_MEDICAL = 0.005;
const P_UNAUTHORISED = 0.002;
const P_LATE = 0.008;
const P_LATE_HABITUAL = 0.07;
const HABITUAL_LATECOMERS = 4;
/** A run of school days away without a reason, and an illness, long enough for the statutory alerts. */
const CONTINUOUS_ABSENCE_DAYS = 10;
const LONG_ILLNESS_DAYS = 15;

/** Where the unresolved Ns go: school days back from today (1 = the last school day before today). */
const UNRESOLVED_N: ReadonlyArray<{ back: number; sessions: Session[]; vulnerable?: true }> = [
  { back: 8, sessions: ['AM', 'PM'] },
  { back: 7, sessions: ['AM'] },
  { back: 6, sessions: ['PM'] },
  { back: 4, sessions: ['AM', 'PM'] },
  { back: 2, sessions: ['AM'] },
  { back: 1, sessions: ['AM', 'PM'], vulnerable: true },
];

const isVulnerable = (p: DemoPupil) => p.flags.childProtection || p.flags.lookedAfter || p.flags.socialWorker || p.flags.send;

const absenceCost = (s: Story | null): number => {
  if (!s) return 0;
  switch (s.kind) {
    case 'ill':
    case 'holiday':
      return 2;
    case 'medical':
      return 1;
    case 'late':
      return 0;
    case 'unauthorised':
    case 'unresolved':
      return s.sessions.length;
  }
};

export function planDemoAbsences(demo: DemoSchool, today: IsoDate, seed: number = DEFAULT_DEMO_SEED): DemoAbsencePlan {
  const rng = new Rng((Math.trunc(seed) ^ HISTORY_SALT) >>> 0);
  const dates = demo.days.filter((d) => d.isSchoolDay && d.date < today).map((d) => d.date);
  const stories = new Map(demo.pupils.map((p) => [p.id, new Array<Story | null>(dates.length).fill(null)]));
  const plan: DemoAbsencePlan = { dates, stories, persistent: [], severe: [], unresolved: [] };
  if (dates.length === 0) return plan;
  const sessions = dates.length * 2;

  // The special pupils: the severe absentee has a social worker (severe absence so often goes with one) and
  // lives at home, so the office's calls go to a parent; one persistent absentee is looked after or has SEND;
  // the persistent ones come from different classes, so more than one teacher sees the problem.
  const order = rng.shuffle(demo.pupils);
  const severe = order.find((p) => p.flags.socialWorker && !p.flags.lookedAfter) ?? order[0]!;
  const persistent: DemoPupil[] = [];
  const firstPersistent = order.find((p) => p !== severe && (p.flags.lookedAfter || p.flags.send));
  if (firstPersistent) persistent.push(firstPersistent);
  for (const p of order) {
    if (persistent.length >= PERSISTENT_PUPILS) break;
    if (p !== severe && !persistent.includes(p) && !persistent.some((q) => q.groupId === p.groupId)) persistent.push(p);
  }
  plan.severe = [severe.id];
  plan.persistent = persistent.map((p) => p.id);

  // Absence sessions each pupil may still have: exact targets for the special pupils, a cap for the rest.
  const left = new Map<string, number>(demo.pupils.map((p) => [p.id, Math.floor(REGULAR_ABSENCE_CAP * sessions)]));
  left.set(severe.id, Math.ceil(SEVERE_ABSENCE * sessions));
  for (const p of persistent) left.set(p.id, Math.ceil((0.12 + 0.06 * rng.float()) * sessions));
  const special = new Set([severe.id, ...plan.persistent]);
  const regular = order.filter((p) => !special.has(p.id));

  const put = (pupil: DemoPupil, at: number, list: Story[], overCap = false): boolean => {
    const row = stories.get(pupil.id)!;
    const cost = list.reduce((n, s) => n + absenceCost(s), 0);
    if (at < 0 || at + list.length > dates.length || (cost > left.get(pupil.id)! && !overCap)) return false;
    if (list.some((_, k) => row[at + k] !== null)) return false;
    list.forEach((s, k) => (row[at + k] = s));
    left.set(pupil.id, left.get(pupil.id)! - cost);
    return true;
  };

  // 1. The unresolved Ns, first, so that they fit within their pupils' caps. In the first weeks of the year
  // the cap allows no absence at all, and then they go over it: the office screens need something to show.
  const used = new Set<string>();
  for (const spot of UNRESOLVED_N) {
    const at = dates.length - spot.back;
    if (at < 0) continue;
    const story: Story = { kind: 'unresolved', sessions: spot.sessions };
    const candidates = regular.filter((p) => !used.has(p.id) && (!spot.vulnerable || isVulnerable(p)));
    const pupil = candidates.find((p) => put(p, at, [story])) ?? candidates.find((p) => put(p, at, [story], true));
    if (!pupil) continue;
    used.add(pupil.id);
    for (const session of spot.sessions) plan.unresolved.push({ pupilId: pupil.id, date: dates[at]!, session });
  }

  // 2. Term-time holidays the school refused: a whole week for a persistent absentee, three days for another
  // pupil. Both end before the last eight school days, which belong to the unresolved Ns.
  const weeks = fullWeeks(dates).filter((start) => start >= 5 && start + 5 <= dates.length - UNRESOLVED_N[0]!.back);
  if (weeks.length > 0 && persistent[0]) put(persistent[0], rng.pick(weeks), holiday(5));
  if (weeks.length > 0) {
    const start = rng.pick(weeks) + 2; // Wednesday to Friday: the family left early for a cheaper flight
    regular.slice(0, 40).some((p) => !used.has(p.id) && put(p, start, holiday(3)));
  }

  // 3. Something on every list of statutory alerts (issue 11), when the year is long enough: the severe
  // absentee is away without a reason for 10 school days in a row (the local authority must be told; 20
  // sessions of O also reach the penalty notice threshold) and, earlier, ill for three weeks (15 days of
  // illness); a pupil is late three times in one week. They are placed without random draws, so only the
  // stories' wording depends on the seed.
  const latestStart = (length: number) => dates.length - UNRESOLVED_N[0]!.back - length;
  for (let at = latestStart(CONTINUOUS_ABSENCE_DAYS); at >= 0; at--) {
    if (put(severe, at, Array.from({ length: CONTINUOUS_ABSENCE_DAYS }, () => unauthorised(rng, severe, ['AM', 'PM'])))) break;
  }
  for (let at = 0; at <= latestStart(LONG_ILLNESS_DAYS); at++) {
    if (put(severe, at, illness(rng, severe, LONG_ILLNESS_DAYS))) break;
  }
  const latecomer = regular.find((p) => !used.has(p.id));
  const lateWeeks = fullWeeks(dates).filter((start) => start + 5 <= dates.length - UNRESOLVED_N[0]!.back).reverse();
  if (latecomer) {
    for (const start of lateWeeks) {
      // Monday, Wednesday and Friday: three lates in one Monday-to-Sunday week.
      const days = [start, start + 2, start + 4];
      if (days.every((at) => stories.get(latecomer.id)![at] === null)) {
        for (const at of days) put(latecomer, at, [late(rng)]);
        break;
      }
    }
  }

  // 4. The special pupils' absences, to their targets.
  fillToTarget(rng, severe, dates.length, left, put, [
    { weight: 60, make: (p) => [unauthorised(rng, p, ['AM', 'PM'])] },
    { weight: 25, make: (p) => illness(rng, p, rng.int(1, 3)) },
    { weight: 10, make: (p) => [unauthorised(rng, p, [rng.pick(['AM', 'PM'] as const)])] },
    { weight: 5, make: () => [medical(rng)] },
  ]);
  for (const p of persistent) {
    fillToTarget(rng, p, dates.length, left, put, [
      { weight: 55, make: (q) => illness(rng, q, rng.int(1, 3)) },
      { weight: 20, make: (q) => [unauthorised(rng, q, ['AM', 'PM'])] },
      { weight: 15, make: () => [medical(rng)] },
      { weight: 10, make: (q) => [unauthorised(rng, q, [rng.pick(['AM', 'PM'] as const)])] },
    ]);
  }

  // 5. Everyone's ordinary year, within what is left to them: illness, appointments, the odd day off, lates.
  const habitual = new Set(rng.shuffle(demo.pupils).slice(0, HABITUAL_LATECOMERS).map((p) => p.id));
  for (const pupil of demo.pupils) {
    const pLate = habitual.has(pupil.id) || pupil === severe ? P_LATE_HABITUAL : P_LATE;
    for (let at = 0; at < dates.length; at++) {
      const r = rng.float();
      if (r < P_ILL) put(pupil, at, illness(rng, pupil, rng.weighted([{ weight: 45, n: 1 }, { weight: 35, n: 2 }, { weight: 20, n: 3 }]).n));
      else if (r < P_ILL + P_MEDICAL) put(pupil, at, [medical(rng)]);
      else if (r < P_ILL + P_MEDICAL + P_UNAUTHORISED) put(pupil, at, [unauthorised(rng, pupil, ['AM', 'PM'])]);
      else if (rng.chance(pLate)) put(pupil, at, [late(rng)]);
    }
  }
  return plan;
}

/** Indexes of the Mondays in `dates` followed by the rest of their week (five school days in a row). */
function fullWeeks(dates: IsoDate[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 4 < dates.length; i++) {
    if (dayOfWeek(dates[i]!) === 1 && dayOfWeek(dates[i + 4]!) === 5 && dates[i + 4]! < addDays(dates[i]!, 5)) starts.push(i);
  }
  return starts;
}

type Put = (pupil: DemoPupil, at: number, list: Story[], overCap?: boolean) => boolean;

/**
 * Adds absences in the given mix at random free days until the pupil's target is met exactly; whatever the
 * random draws cannot place is filled with single afternoons away without a reason, oldest first.
 */
function fillToTarget(
  rng: Rng,
  pupil: DemoPupil,
  days: number,
  left: Map<string, number>,
  put: Put,
  mix: Array<{ weight: number; make: (p: DemoPupil) => Story[] }>,
) {
  for (let tries = 0; tries < 2000 && left.get(pupil.id)! > 0; tries++) {
    put(pupil, rng.int(0, days - 1), rng.weighted(mix).make(pupil));
  }
  for (let at = 0; at < days && left.get(pupil.id)! > 0; at++) put(pupil, at, [unauthorised(rng, pupil, ['PM'])]);
}

function holiday(days: number): Story[] {
  return Array.from({ length: days }, (_, k) => ({ kind: 'holiday', first: k === 0, days }) as const);
}

function caller(pupil: DemoPupil): string {
  return pupil.contacts[0]?.relationship ?? 'Parent';
}

const ILLNESSES = ['ill', 'ill with a temperature', 'ill: sickness bug', 'ill with a bad cold', 'ill: earache', 'ill with a stomach upset', 'ill: headache and temperature'];
const STILL_ILL = ['still unwell', 'still ill, hopes back tomorrow', 'still has a temperature'];

function illness(rng: Rng, pupil: DemoPupil, days: number): Story[] {
  const who = caller(pupil);
  return Array.from({ length: days }, (_, k) => {
    const method: ContactMethod = rng.chance(0.6) ? 'phone' : 'message from home';
    const what = k === 0 ? rng.pick(ILLNESSES) : rng.pick(STILL_ILL);
    return { kind: 'ill', method, outcome: `${who} says ${what}` } as const;
  });
}

const APPOINTMENTS = ['Dental appointment', "Doctor's appointment", 'Hospital appointment', 'Orthodontist appointment', 'Optician appointment'];

function medical(rng: Rng): Story {
  return { kind: 'medical', session: rng.chance(0.55) ? 'AM' : 'PM', what: rng.pick(APPOINTMENTS) };
}

const UNAUTHORISED_REASONS = ['says family day out; not authorised', 'says overslept; not authorised', 'says birthday treat; not authorised', 'says shopping trip; not authorised'];

function unauthorised(rng: Rng, pupil: DemoPupil, sessions: Session[]): Story {
  const resolution: UnauthorisedResolution = rng.chance(0.5)
    ? { kind: 'contact', outcome: `${caller(pupil)} ${rng.pick(UNAUTHORISED_REASONS)}` }
    : { kind: 'no reason', afterSchoolDays: rng.int(1, 4) };
  return { kind: 'unauthorised', sessions, resolution };
}

function late(rng: Rng): Story {
  const minutesLate = rng.chance(0.25) ? rng.int(1, 4) : rng.int(5, 28);
  // A pupil a few minutes late is usually in the room before the teacher reaches their name.
  const teacher = minutesLate <= 4 ? 'present' : rng.chance(0.25) ? 'N then present' : 'N';
  return { kind: 'late', session: rng.chance(0.9) ? 'AM' : 'PM', minutesLate, teacher };
}
