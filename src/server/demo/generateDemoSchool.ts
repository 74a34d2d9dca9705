// The demo school the app creates on an empty database.
//
// Pure and deterministic: no I/O, no clock, no Math.random(). The same `today` and `seed` always give the
// same school. `today` only chooses the academic year (calendar, pupils' ages) and the dates of the TA's
// cover assignments; the seed chooses everything random (class sizes, names, birthdays, flags, contacts).
// Pupils' names do not depend on `today`, so the demo keeps the same children from one year to the next.

import { DEMO_CLASS_NAMES, DEMO_STAFF, NAME_POOLS, splitName, type NamePool } from './names.js';
import { upnCheckLetter } from '../../domain/upn.js';
import {
  academicYearStartYear,
  buildAcademicYearCalendar,
  dayNumber,
  fromDayNumber,
  parseIsoDate,
  type IsoDate,
} from './englishCalendar.js';

export type Session = 'AM' | 'PM';
export type StaffRole = 'teacher' | 'ta' | 'office' | 'admin';

export interface DemoContact {
  name: string;
  relationship: string;
  /** UK mobile in Ofcom's drama range, written '07700 900123'. */
  phone: string;
  /** 1 = call first. */
  priority: number;
}

export interface DemoPupil {
  id: string;
  groupId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: IsoDate;
  gender: 'F' | 'M';
  flags: { send: boolean; lookedAfter: boolean; childProtection: boolean; socialWorker: boolean };
  contacts: DemoContact[];
  /** A valid UPN (check letter computed), unique in the school. */
  upn: string;
  /** 'none' exactly when flags.send is false. */
  senStatus: 'none' | 'K' | 'E';
  fsm: boolean;
  eal: boolean;
}

export interface DemoSchool {
  school: {
    id: string;
    name: string;
    timeZone: 'Europe/London';
    sessions: { AM: { opensAt: string; openMinutes: number }; PM: { opensAt: string; openMinutes: number } };
  };
  /** Every date from 1 September to 31 August of the academic year containing `today`. */
  days: Array<{ date: IsoDate; isSchoolDay: boolean; label: string | null }>;
  /** The six half-terms, 'Autumn 1' .. 'Summer 2'. */
  terms: Array<{ name: string; startDate: IsoDate; endDate: IsoDate }>;
  groups: Array<{ id: string; name: string; yearGroup: number }>;
  pupils: DemoPupil[];
  staff: Array<{ id: string; username: string; displayName: string; role: StaffRole }>;
  assignments: Array<{
    id: string;
    staffId: string;
    groupId: string;
    kind: 'teacher' | 'cover';
    startDate: IsoDate;
    endDate: IsoDate | null;
    sessions: Session[];
  }>;
}

export const DEMO_SCHOOL_ID = 'demo';
export const DEMO_SCHOOL_NAME = 'Oakfield Primary School';
export const DEFAULT_DEMO_SEED = 20240819;

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo's seeded random numbers; the attendance history (demoAbsencePlan.ts) draws from its own. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T extends { weight: number }>(items: readonly T[]): T {
    const total = items.reduce((s, i) => s + i.weight, 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= item.weight;
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }
  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

// ---------------------------------------------------------------------------------------------------
// The generator

interface Draft {
  groupId: string;
  yearGroup: number;
  pool: NamePool;
  firstName: string;
  shortName: string | null;
  lastName: string;
  gender: 'F' | 'M';
  dobOffset: number;
}

const MIN_CLASS = 25;
const RECORD_SEED_SALT = 0x5eed0a1d;
/** A made-up local authority and establishment number for the demo's UPNs. */
const DEMO_LA_ESTABLISHMENT = '8202000';
const MAX_CLASS = 32;

/**
 * The academic year containing `today` ('YYYY-MM-DD', the school-local date) decides the calendar and the
 * pupils' dates of birth. Throws RangeError for a malformed date.
 */
export function generateDemoSchool(today: string, seed: number = DEFAULT_DEMO_SEED): DemoSchool {
  parseIsoDate(today);
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number: ${seed}`);
  const rng = new Rng(Math.trunc(seed));
  const startYear = academicYearStartYear(today);
  const calendar = buildAcademicYearCalendar(startYear);

  const groups = DEMO_CLASS_NAMES.map((tree, i) => ({
    id: `g${i + 1}`,
    name: `Year ${i + 1} ${tree}`,
    yearGroup: i + 1,
  }));

  const drafts = makeDrafts(rng, groups);
  // UPNs, SEN status, FSM and EAL came later than the rest: they draw from a PRNG of their own, so every
  // earlier choice (names, birthdays, flags, contacts) is exactly what it was.
  const pupils = finishPupils(rng, drafts, startYear, new Rng(Math.trunc(seed) ^ RECORD_SEED_SALT));

  const staff = DEMO_STAFF.map((s) => ({ id: `s-${s.username}`, ...s }));

  const yearStart = calendar.days[0]!.date;
  const assignments: DemoSchool['assignments'] = groups.map((g, i) => ({
    id: `asg-${g.id}-teacher${i + 1}`,
    staffId: `s-teacher${i + 1}`,
    groupId: g.id,
    kind: 'teacher',
    startDate: yearStart,
    endDate: null,
    sessions: ['AM', 'PM'],
  }));

  // Give the TA something to do: cover Year 2 this afternoon (if today is a school day) and Year 3 on the
  // morning of the next school day.
  const todayEntry = calendar.days.find((d) => d.date === today);
  if (todayEntry?.isSchoolDay) {
    assignments.push({
      id: `asg-cover-${today}-g2-PM`,
      staffId: 's-ta1',
      groupId: 'g2',
      kind: 'cover',
      startDate: today,
      endDate: today,
      sessions: ['PM'],
    });
  }
  const next = nextSchoolDayAfter(today, calendar.days, startYear);
  assignments.push({
    id: `asg-cover-${next}-g3-AM`,
    staffId: 's-ta1',
    groupId: 'g3',
    kind: 'cover',
    startDate: next,
    endDate: next,
    sessions: ['AM'],
  });

  return {
    school: {
      id: DEMO_SCHOOL_ID,
      name: DEMO_SCHOOL_NAME,
      timeZone: 'Europe/London',
      sessions: { AM: { opensAt: '08:50', openMinutes: 30 }, PM: { opensAt: '13:10', openMinutes: 30 } },
    },
    days: calendar.days,
    terms: calendar.terms,
    groups,
    pupils,
    staff,
    assignments,
  };
}

/**
 * The first school day strictly after `today`. When none is left this academic year (late July, August) it
 * comes from the next academic year's calendar, so that date is outside `days`.
 */
function nextSchoolDayAfter(today: IsoDate, days: readonly { date: IsoDate; isSchoolDay: boolean }[], startYear: number): IsoDate {
  const later = days.find((d) => d.date > today && d.isSchoolDay);
  if (later) return later.date;
  const following = buildAcademicYearCalendar(startYear + 1).days.find((d) => d.date > today && d.isSchoolDay);
  if (!following) throw new Error('No school day found in the next academic year');
  return following.date;
}

function makeDrafts(rng: Rng, groups: readonly { id: string; yearGroup: number }[]): Draft[] {
  const british = NAME_POOLS.find((p) => p.key === 'british')!;
  const taken = new Set<string>();
  const drafts: Draft[] = [];
  for (const group of groups) {
    const size = rng.int(MIN_CLASS, MAX_CLASS);
    for (let i = 0; i < size; i++) {
      // Re-draw on a full-name clash so no two pupils in the school share a name.
      for (let attempt = 0; ; attempt++) {
        const pool = rng.weighted(NAME_POOLS);
        const gender: 'F' | 'M' = rng.chance(0.5) ? 'F' : 'M';
        // Some families of every background choose a name from the majority list.
        const firstPool = pool !== british && rng.chance(0.12) ? british : pool;
        const { name, short } = splitName(rng.pick(gender === 'F' ? firstPool.girls : firstPool.boys));
        const lastName = rng.pick(pool.surnames);
        const dobOffset = rng.float();
        const key = `${name} ${lastName}`;
        if (taken.has(key) && attempt < 50) continue;
        taken.add(key);
        drafts.push({ groupId: group.id, yearGroup: group.yearGroup, pool, firstName: name, shortName: short, lastName, gender, dobOffset });
        break;
      }
    }
  }
  return drafts;
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base' });

function finishPupils(rng: Rng, drafts: Draft[], startYear: number, records: Rng): DemoPupil[] {
  // Registers list pupils by surname, so ids follow that order within each class.
  const ordered = [...drafts].sort(
    (a, b) =>
      a.yearGroup - b.yearGroup ||
      collator.compare(a.lastName, b.lastName) ||
      collator.compare(a.firstName, b.firstName) ||
      a.dobOffset - b.dobOffset,
  );
  const total = ordered.length;

  // Preferred names (~10%), from pupils whose name has a usual short form.
  const eligible = ordered.map((d, i) => (d.shortName ? i : -1)).filter((i) => i >= 0);
  const preferred = new Set(rng.shuffle(eligible).slice(0, Math.round(total * 0.1)));

  // Flags. Looked-after and child-protection pupils are distinct; both always have a social worker, and a
  // few more (children in need) do too.
  const order = rng.shuffle(ordered.map((_, i) => i));
  const lookedAfter = new Set(order.slice(0, rng.int(2, 4)));
  const childProtection = new Set(order.slice(lookedAfter.size, lookedAfter.size + rng.int(2, 4)));
  const childInNeed = new Set(order.slice(lookedAfter.size + childProtection.size).slice(0, rng.int(1, 3)));
  const send = new Set(rng.shuffle(ordered.map((_, i) => i)).slice(0, Math.max(1, Math.round(total * 0.1) + rng.int(-2, 2))));

  // Unique phone numbers from the Ofcom drama range 07700 900000 .. 07700 900999.
  const phoneSuffixes = rng.shuffle(Array.from({ length: 1000 }, (_, i) => i));
  let nextPhone = 0;
  const phone = () => `07700 900${String(phoneSuffixes[nextPhone++]!).padStart(3, '0')}`;

  return ordered.map((d, i) => {
    // English year group N in the academic year starting 1 Sep Y: born 1 Sep (Y-5-N) .. 31 Aug (Y-4-N).
    const from = dayNumber(startYear - 5 - d.yearGroup, 9, 1);
    const to = dayNumber(startYear - 4 - d.yearGroup, 8, 31);
    const dateOfBirth = fromDayNumber(from + Math.floor(d.dobOffset * (to - from + 1)));
    const isLookedAfter = lookedAfter.has(i);
    // Issued in the year the pupil started Reception; the serial number is the pupil's place in the school.
    const upnDigits = `${DEMO_LA_ESTABLISHMENT}${String((startYear - d.yearGroup) % 100).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`;
    const british = d.pool.key === 'british';
    const record = {
      upn: `${upnCheckLetter(upnDigits)}${upnDigits}`,
      senStatus: send.has(i) ? (records.chance(0.2) ? 'E' as const : 'K' as const) : 'none' as const,
      fsm: records.chance(0.24),
      eal: records.chance(british ? 0.02 : 0.55),
    };
    return {
      ...record,
      id: `p${String(i + 1).padStart(4, '0')}`,
      groupId: d.groupId,
      firstName: d.firstName,
      lastName: d.lastName,
      preferredName: preferred.has(i) ? d.shortName : null,
      dateOfBirth,
      gender: d.gender,
      flags: {
        send: send.has(i),
        lookedAfter: isLookedAfter,
        childProtection: childProtection.has(i),
        socialWorker: isLookedAfter || childProtection.has(i) || childInNeed.has(i),
      },
      contacts: makeContacts(rng, d, isLookedAfter, phone),
    };
  });
}

function adult(rng: Rng, pool: NamePool, woman: boolean): string {
  return rng.pick(woman ? pool.adultWomen : pool.adultMen);
}

function makeContacts(rng: Rng, d: Draft, lookedAfter: boolean, phone: () => string): DemoContact[] {
  const people: Array<{ name: string; relationship: string }> = [];
  if (lookedAfter) {
    // Foster carers: a different family.
    const pool = rng.weighted(NAME_POOLS);
    const surname = rng.pick(pool.surnames);
    people.push({ name: `${adult(rng, pool, true)} ${surname}`, relationship: 'Foster carer' });
    if (rng.chance(0.5)) people.push({ name: `${adult(rng, pool, false)} ${surname}`, relationship: 'Foster carer' });
  } else {
    const surnameFor = (same: number) => (rng.chance(same) ? d.lastName : rng.pick(d.pool.surnames));
    const first = rng.weighted([
      { weight: 66, relationship: 'Mother', woman: true, same: 0.85 },
      { weight: 24, relationship: 'Father', woman: false, same: 0.97 },
      { weight: 6, relationship: 'Grandmother', woman: true, same: 0.6 },
      { weight: 4, relationship: 'Aunt', woman: true, same: 0.4 },
    ]);
    people.push({ name: `${adult(rng, d.pool, first.woman)} ${surnameFor(first.same)}`, relationship: first.relationship });
    if (rng.chance(0.7)) {
      const second =
        first.relationship === 'Mother'
          ? rng.weighted([
              { weight: 75, relationship: 'Father', woman: false, same: 0.9 },
              { weight: 12, relationship: 'Grandmother', woman: true, same: 0.6 },
              { weight: 6, relationship: 'Grandfather', woman: false, same: 0.6 },
              { weight: 7, relationship: 'Stepfather', woman: false, same: 0.1 },
            ])
          : first.relationship === 'Father'
            ? rng.weighted([
                { weight: 80, relationship: 'Mother', woman: true, same: 0.8 },
                { weight: 12, relationship: 'Grandmother', woman: true, same: 0.6 },
                { weight: 8, relationship: 'Stepmother', woman: true, same: 0.3 },
              ])
            : rng.weighted([
                { weight: 60, relationship: 'Grandfather', woman: false, same: 0.6 },
                { weight: 40, relationship: 'Uncle', woman: false, same: 0.5 },
              ]);
      people.push({ name: `${adult(rng, d.pool, second.woman)} ${surnameFor(second.same)}`, relationship: second.relationship });
    }
  }
  return people.map((p, i) => ({ ...p, phone: phone(), priority: i + 1 }));
}
