import { describe, expect, it } from 'vitest';
import { londonOffset } from '../../src/domain/londonTime';
import { instantOf, localDateOf, localTimeOf, utcOffsetAt } from '../../src/domain/time';

/** London's offset by the platform's own zone data (what time.ts used before the fast path). */
const icu = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });
function icuOffset(instant: number): number {
  const name = icu.formatToParts(instant).find((p) => p.type === 'timeZoneName')!.value; // "GMT" or "GMT+1"
  return name === 'GMT' ? 0 : Number(name.slice(3)) * 3_600_000;
}
const icuWall = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function icuDateTime(instant: number): string {
  const f = Object.fromEntries(icuWall.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}`;
}

describe('London time without Intl', () => {
  it('agrees with the platform zone data every 10 minutes around every clock change from 1996 to 2099', () => {
    let checked = 0;
    // Disagreements are collected and compared once: 300,000 expect() calls take seconds on a busy machine.
    const disagreements: string[] = [];
    for (let year = 1996; year <= 2099; year++) {
      for (const month of [2, 9]) {
        // The last week of March / October, 10-minute steps: both changes and the days around them.
        const from = Date.UTC(year, month, 23);
        for (let t = from; t < from + 10 * 86_400_000; t += 600_000) {
          const ours = londonOffset(t);
          const platform = icuOffset(t);
          if (ours !== platform) disagreements.push(`${new Date(t).toISOString()}: ${ours} ≠ ${platform}`);
          checked++;
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(290_000);
  });

  it('agrees with the platform every 7 hours from 1996 to 2099 (dates and times, not only offsets)', () => {
    const disagreements: string[] = [];
    for (let t = Date.UTC(1996, 0, 1); t < Date.UTC(2100, 0, 1); t += 7 * 3_600_000 + 1234) {
      const ours = `${localDateOf(t, 'Europe/London')} ${localTimeOf(t, 'Europe/London')}`;
      if (ours !== icuDateTime(t)) disagreements.push(`${new Date(t).toISOString()}: ${ours} ≠ ${icuDateTime(t)}`);
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  it('leaves years outside its rule to Intl', () => {
    expect(londonOffset(Date.UTC(1990, 6, 1))).toBeNull();
    expect(londonOffset(Date.UTC(2100, 6, 1))).toBeNull();
    expect(utcOffsetAt(Date.UTC(1990, 6, 1, 12), 'Europe/London')).toBe(3_600_000);
  });

  it('keeps the compatible choice at the changes (a missing time moves on, a repeated time is the earlier)', () => {
    expect(new Date(instantOf('2026-03-29', '01:30', 'Europe/London')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(instantOf('2026-10-25', '01:30', 'Europe/London')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(localDateOf(Date.parse('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
  });
});
