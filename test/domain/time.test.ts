import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addMinutesToTime,
  DEFAULT_TIME_ZONE,
  instantOf,
  isValidTime,
  isValidTimeZone,
  localDateOf,
  localTimeOf,
  minutesOfDay,
  utcOffsetAt,
} from '../../src/domain/time';

const LONDON = DEFAULT_TIME_ZONE;
const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('the school-local date and time of an instant (Europe/London)', () => {
  it.each([
    // winter (GMT): local equals UTC
    ['2026-01-15T23:30:00Z', '2026-01-15', '23:30'],
    ['2026-01-16T00:00:00Z', '2026-01-16', '00:00'],
    // summer (BST): 23:30 UTC is already the next local day
    ['2026-06-01T23:30:00Z', '2026-06-02', '00:30'],
    ['2026-06-01T22:59:59Z', '2026-06-01', '23:59'],
    ['2026-06-01T07:45:00Z', '2026-06-01', '08:45'],
    // spring forward, Sunday 2026-03-29: 01:00 GMT becomes 02:00 BST
    ['2026-03-29T00:30:00Z', '2026-03-29', '00:30'],
    ['2026-03-29T00:59:59Z', '2026-03-29', '00:59'],
    ['2026-03-29T01:00:00Z', '2026-03-29', '02:00'],
    ['2026-03-29T23:30:00Z', '2026-03-30', '00:30'],
    // fall back, Sunday 2026-10-25: 02:00 BST becomes 01:00 GMT, so 01:30 happens twice
    ['2026-10-24T23:30:00Z', '2026-10-25', '00:30'],
    ['2026-10-25T00:30:00Z', '2026-10-25', '01:30'],
    ['2026-10-25T01:30:00Z', '2026-10-25', '01:30'],
    ['2026-10-25T23:30:00Z', '2026-10-25', '23:30'],
  ])('%s is %s at %s', (instant, date, time) => {
    expect(localDateOf(utc(instant), LONDON)).toBe(date);
    expect(localTimeOf(utc(instant), LONDON)).toBe(time);
  });

  it('uses the zone it is given, not the machine’s', () => {
    const instant = utc('2026-06-01T23:30:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-06-01');
    expect(localDateOf(instant, 'Asia/Kolkata')).toBe('2026-06-02');
    expect(localTimeOf(instant, 'Asia/Kolkata')).toBe('05:00');
    expect(localDateOf(instant, 'America/New_York')).toBe('2026-06-01');
    expect(localTimeOf(instant, 'America/New_York')).toBe('19:30');
  });

  it('reports the offset from UTC', () => {
    expect(utcOffsetAt(utc('2026-01-15T12:00:00Z'), LONDON)).toBe(0);
    expect(utcOffsetAt(utc('2026-06-15T12:00:00Z'), LONDON)).toBe(HOUR);
  });

  it('refuses an unknown zone or a non-instant', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(() => localDateOf(0, 'Europe/Atlantis')).toThrow(RangeError);
    expect(() => localDateOf(Number.NaN, LONDON)).toThrow(RangeError);
  });
});

describe('instantOf: the instant a wall clock in London shows a date and time', () => {
  it.each([
    ['2026-01-15', '08:45', '2026-01-15T08:45:00Z'],
    ['2026-06-01', '08:45', '2026-06-01T07:45:00Z'],
    ['2026-06-02', '00:30', '2026-06-01T23:30:00Z'],
    // spring forward: 00:30 is GMT, 01:00-01:59 do not exist and read as if the clock had moved on
    ['2026-03-29', '00:30', '2026-03-29T00:30:00Z'],
    ['2026-03-29', '01:00', '2026-03-29T01:00:00Z'],
    ['2026-03-29', '01:30', '2026-03-29T01:30:00Z'],
    ['2026-03-29', '02:00', '2026-03-29T01:00:00Z'],
    ['2026-03-29', '02:30', '2026-03-29T01:30:00Z'],
    ['2026-03-29', '08:45', '2026-03-29T07:45:00Z'],
    // fall back: 01:00-01:59 happen twice; the earlier (BST) one is chosen
    ['2026-10-25', '00:30', '2026-10-24T23:30:00Z'],
    ['2026-10-25', '00:59', '2026-10-24T23:59:00Z'],
    ['2026-10-25', '01:00', '2026-10-25T00:00:00Z'],
    ['2026-10-25', '01:30', '2026-10-25T00:30:00Z'],
    ['2026-10-25', '01:59', '2026-10-25T00:59:00Z'],
    ['2026-10-25', '02:00', '2026-10-25T02:00:00Z'],
    ['2026-10-25', '08:45', '2026-10-25T08:45:00Z'],
  ])('%s %s is %s', (date, time, expected) => {
    expect(new Date(instantOf(date, time, LONDON)).toISOString()).toBe(new Date(utc(expected)).toISOString());
  });

  it('handles other zones’ clock changes the same way', () => {
    // New York springs forward at 02:00 on 2026-03-08 and falls back at 02:00 on 2026-11-01.
    expect(instantOf('2026-03-08', '02:30', 'America/New_York')).toBe(utc('2026-03-08T07:30:00Z'));
    expect(instantOf('2026-11-01', '01:30', 'America/New_York')).toBe(utc('2026-11-01T05:30:00Z'));
    expect(instantOf('2026-06-01', '08:45', 'Asia/Kolkata')).toBe(utc('2026-06-01T03:15:00Z'));
  });

  it('refuses a malformed date or time', () => {
    expect(() => instantOf('2026-02-30', '08:45', LONDON)).toThrow(RangeError);
    expect(() => instantOf('2026-02-03', '8:45', LONDON)).toThrow(RangeError);
    expect(() => instantOf('2026-02-03', '24:00', LONDON)).toThrow(RangeError);
  });

  it('round-trips with localDateOf and localTimeOf for any minute from 2000 to 2040', () => {
    const minutes = fc.integer({ min: utc('2000-01-01T00:00:00Z') / 60_000, max: utc('2040-12-31T00:00:00Z') / 60_000 });
    fc.assert(
      fc.property(minutes, (minute) => {
        const instant = minute * 60_000;
        const date = localDateOf(instant, LONDON);
        const time = localTimeOf(instant, LONDON);
        const back = instantOf(date, time, LONDON);
        // The only instants that do not come back unchanged are the second 01:xx of an autumn night,
        // which come back as the first one, an hour earlier.
        if (back !== instant) {
          expect(back).toBe(instant - HOUR);
          expect(localTimeOf(back, LONDON)).toBe(time);
          expect(localDateOf(back, LONDON)).toBe(date);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('every minute around both 2026 clock changes', () => {
  it.each([
    ['2026-03-29', '2026-03-28T22:00:00Z'],
    ['2026-10-25', '2026-10-24T22:00:00Z'],
  ])('%s: each local time maps back to the earliest instant that shows it', (_day, from) => {
    const seen = new Map<string, number>();
    for (let instant = utc(from); instant < utc(from) + 6 * HOUR; instant += 60_000) {
      const key = `${localDateOf(instant, LONDON)} ${localTimeOf(instant, LONDON)}`;
      if (!seen.has(key)) seen.set(key, instant);
      const [date, time] = key.split(' ');
      expect(instantOf(date, time, LONDON)).toBe(seen.get(key));
    }
  });
});

describe('times of day', () => {
  it.each([
    ['00:00', 0],
    ['08:45', 525],
    ['13:15', 795],
    ['23:59', 1439],
  ])('%s is %i minutes into the day', (time, minutes) => {
    expect(minutesOfDay(time)).toBe(minutes);
    expect(isValidTime(time)).toBe(true);
  });

  it.each(['24:00', '8:45', '08:60', '08:45:00', '', 'noon'])('%j is not a time', (time) => {
    expect(isValidTime(time)).toBe(false);
    expect(() => minutesOfDay(time)).toThrow(RangeError);
  });

  it.each([
    ['08:45', 30, '09:15'],
    ['08:45', 0, '08:45'],
    ['13:50', 10, '14:00'],
    ['23:50', 20, '00:10'],
    ['00:10', -20, '23:50'],
    ['08:45', -60, '07:45'],
  ])('%s plus %i minutes is %s', (time, minutes, expected) => {
    expect(addMinutesToTime(time, minutes)).toBe(expected);
  });
});
