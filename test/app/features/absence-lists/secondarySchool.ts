/**
 * A generated secondary school for the screens' tests at full size (issue 11): 1,500 pupils in 60 forms
 * (Years 7–11, twelve forms a year), with a deterministic, roughly real mix of absence: most pupils about
 * 4% absent, about one in five persistently absent, a few severely. Names run in roll order (A… to Z…), and
 * absence is shuffled against them, so the most absent pupil is nowhere near the top of the list by name.
 *
 * Also the alerts such a school has in a year: hundreds of lateness weeks and penalty-notice windows, each
 * with its sessions as evidence.
 */
import type { AlertEntry, AttendanceResponse, PupilAttendance } from '../../../../src/protocol/officeFigures';

export const SCHOOL_PUPILS = 1500;
const FORM_LETTERS = 'ABCDEFGHJKLM';
const FIRST = ['Aisha', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Harry', 'Isla', 'Jack', 'Kai', 'Lily', 'Mo', 'Nia', 'Oli', 'Priya', 'Quinn', 'Ruby', 'Sam', 'Tia', 'Umar', 'Vera', 'Will', 'Xena', 'Yusuf', 'Zara'];

/** A small seeded generator (mulberry32), so every run draws the same school. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const band = (attendance: number) => (attendance < 90 ? 'Red' : attendance < 96 ? 'Amber' : 'Green');

/** The school's pupils for a range with `possible` sessions each (the earlier read has fewer). */
export function secondaryPupils(possible = 240, seed = 11): PupilAttendance[] {
  const random = rng(seed);
  return Array.from({ length: SCHOOL_PUPILS }, (_, i) => {
    const yearGroup = 7 + (i % 5);
    const form = FORM_LETTERS[Math.floor(i / 5) % FORM_LETTERS.length]!;
    const roll = random();
    // About 78% near full attendance, 20% persistently absent, 2% severely.
    const absenceShare = roll < 0.78 ? random() * 0.09 : roll < 0.98 ? 0.1 + random() * 0.35 : 0.5 + random() * 0.45;
    const absent = Math.round(absenceShare * possible);
    const authorised = Math.round(absent * random());
    const unauthorised = absent - authorised;
    const present = possible - absent;
    const absencePercent = (absent / possible) * 100;
    const attendancePercent = (present / possible) * 100;
    const first = FIRST[Math.floor((i / SCHOOL_PUPILS) * FIRST.length)]!;
    return {
      pupilId: `s${String(i).padStart(4, '0')}`,
      name: `${first} Pupil${String(i).padStart(4, '0')}`,
      groupId: `f${yearGroup}${form}`,
      groupName: `${yearGroup}${form}`,
      yearGroup,
      possible, present, aea: 0, authorised, unauthorised, unmarked: 0,
      attendancePercent, absencePercent,
      persistentAbsence: absencePercent >= 10, severeAbsence: absencePercent >= 50,
      band: band(attendancePercent),
      flags: { send: random() < 0.12 ? 'K' : 'none', fsm: random() < 0.25, eal: random() < 0.15, lookedAfter: random() < 0.01 },
    };
  });
}

export function attendanceAnswer(from: string, to: string, pupils: PupilAttendance[]): AttendanceResponse {
  const sum = (f: (p: PupilAttendance) => number) => pupils.reduce((n, p) => n + f(p), 0);
  const possible = sum((p) => p.possible);
  const absent = sum((p) => p.authorised + p.unauthorised);
  return {
    from, to, pupils, term: null,
    totals: {
      pupils: pupils.length, possible, present: sum((p) => p.present), aea: 0, authorised: sum((p) => p.authorised), unauthorised: sum((p) => p.unauthorised), unmarked: 0,
      attendancePercent: ((possible - absent) / possible) * 100, absencePercent: (absent / possible) * 100,
      persistentAbsence: pupils.filter((p) => p.persistentAbsence).length, severeAbsence: pupils.filter((p) => p.severeAbsence).length,
    },
  };
}

const day = (n: number) => new Date(Date.UTC(2026, 8, 1) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * A year's alerts for the school: a lateness week for `lateness` pupil-weeks and a penalty-notice window for
 * `penalties` pupils, the first `dealtWith` of each already recorded; every entry carries its sessions.
 */
export function secondaryAlerts(pupils: PupilAttendance[], opts = { lateness: 600, penalties: 250, dealtWith: 40 }, seed = 7): AlertEntry[] {
  const random = rng(seed);
  const pick = () => pupils[Math.floor(random() * pupils.length)]!;
  const entry = (kind: AlertEntry['kind'], i: number, sessions: number, span: number): AlertEntry => {
    const p = pick();
    const start = Math.floor(random() * 70);
    const dealt = i < opts.dealtWith;
    return {
      kind, pupilId: p.pupilId, name: p.name, groupName: p.groupName, key: `${kind}:${day(start)}:${i}`,
      evidence: {
        summary: `${sessions} sessions from ${day(start)}`, start: day(start), end: day(start + span),
        sessions: Array.from({ length: sessions }, (_, s) => ({ date: day(start + Math.floor((s * span) / sessions)), session: s % 2 ? 'PM' : 'AM', code: kind === 'lateness' ? 'L' : 'G' })),
      },
      dealtWith: dealt ? { action: 'letter_sent', note: null, byName: 'Mrs Office', at: `${day(start + span + 1)}T10:00:00Z` } : null,
    };
  };
  return [
    ...Array.from({ length: opts.lateness }, (_, i) => entry('lateness', i, 3 + (i % 3), 4)),
    ...Array.from({ length: opts.penalties }, (_, i) => entry('penaltyNotice', i, 10 + (i % 6), 63)),
  ];
}
