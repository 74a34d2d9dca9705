/**
 * Admin: the school's settings and its calendar (issue 10; wire types in src/protocol/adminSchool.ts), and the
 * office's one read of a setting: the attendance letter's text with the school's name (issue 11).
 *
 * Every write goes through adminChange: one transaction at the school's next sync version, audited. The
 * settings write sets schools.version so tablets pull the new register times; a calendar write rebuilds the
 * calendar_days of the dates it touches and sets the version of each row that changed.
 *
 * A calendar change never deletes or alters a register entry. When it would take a day that has entries out
 * of the school days, it is answered 409 confirmation_required with {entries, dates} unless the request says
 * confirm: true; the entries stay either way, the day simply stops counting.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import {
  bankHolidaysQuerySchema,
  closuresBodySchema,
  schoolSettingsSchema,
  settingsProblems,
  settingsWarnings,
  yearBodySchema,
  type AcademicYearWire,
  type BankHolidaysResponse,
  type CalendarResponse,
  type ConfirmationDetails,
  type SchoolSettingsResponse,
} from '../../protocol/adminSchool.js';
import {
  academicYearProblems,
  buildYearDays,
  closureProblems,
  describeDate,
  rangesOverlap,
  schoolDayCounts,
  type AcademicYear,
  type CalendarDay,
  type Closure,
} from '../../domain/academicCalendar.js';
import { bankHolidaysBetween } from '../../domain/bankHolidays.js';
import { addDays, isoWeekday } from '../../domain/calendarDate.js';
import { adminChange, type AdminChangeContext } from '../admin/adminChange.js';
import { readSchoolSettings, writeSchoolSettings } from '../repositories/adminSchoolRepository.js';
import type { LetterTemplateResponse } from '../../protocol/letterTemplate.js';
import { OFFICE_ROLES } from './officeQuery.js';
import {
  adoptCalendar,
  deleteClosure,
  insertClosures,
  loadCalendar,
  registerEntriesOn,
  saveYear,
  storedDays,
  writeDays,
} from '../repositories/adminCalendarRepository.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

const OUTSIDE_YEAR = 'Outside the school year';

function invalid(problems: string[], what: string): HttpError {
  return new HttpError(400, ErrorCodes.invalidSettings, `${what} not saved. ${problems.join(' ')}`, { problems });
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function closuresIn(year: { startDate: string; endDate: string }, closures: readonly Closure[]): Closure[] {
  return closures.filter((c) => rangesOverlap(c, year));
}

function yearWire(year: AcademicYear, closures: readonly Closure[]): AcademicYearWire {
  const mine = closuresIn(year, closures);
  const counts = schoolDayCounts(year, buildYearDays(year, mine));
  return { startDate: year.startDate, endDate: year.endDate, terms: counts.terms, closures: mine, schoolDays: counts.total };
}

/**
 * Rebuilds calendar_days over `spans` from the new years and closures, writing only the rows that change.
 * Refuses (409) to take a day with register entries out of the school days unless `confirm`.
 */
async function rebuildDays(
  c: AdminChangeContext,
  after: { years: AcademicYear[]; closures: Closure[] },
  spans: Array<{ startDate: string; endDate: string }>,
  confirm: boolean,
): Promise<number> {
  const wanted = new Map<string, CalendarDay>();
  for (const span of spans) {
    for (let d = span.startDate; d <= span.endDate; d = addDays(d, 1)) wanted.set(d, { date: d, isSchoolDay: false, label: OUTSIDE_YEAR });
  }
  for (const year of after.years) {
    if (!spans.some((s) => rangesOverlap(s, year))) continue;
    for (const day of buildYearDays(year, closuresIn(year, after.closures))) if (wanted.has(day.date)) wanted.set(day.date, day);
  }
  const from = spans.reduce((m, s) => (s.startDate < m ? s.startDate : m), spans[0]!.startDate);
  const to = spans.reduce((m, s) => (s.endDate > m ? s.endDate : m), spans[0]!.endDate);
  const stored = new Map((await storedDays(c.tx, c.schoolId, from, to)).map((d) => [d.date, d]));
  const changed = [...wanted.values()].filter((d) => {
    const s = stored.get(d.date);
    return !s || s.isSchoolDay !== d.isSchoolDay || s.label !== d.label;
  });
  const closing = changed.filter((d) => !d.isSchoolDay && (stored.get(d.date)?.isSchoolDay ?? true)).map((d) => d.date);
  const withEntries = await registerEntriesOn(c.tx, c.schoolId, closing);
  if (withEntries.length > 0 && !confirm) {
    const entries = withEntries.reduce((n, d) => n + d.entries, 0);
    const first = withEntries[0]!;
    const message =
      withEntries.length === 1
        ? `${describeDate(first.date)} has ${plural(first.entries, 'register entry', 'register entries')}; they will be kept but the day will no longer count.`
        : `${withEntries.length} days have register entries (${plural(entries, 'entry', 'entries')} in all, from ${describeDate(first.date)}); they will be kept but those days will no longer count.`;
    const details: ConfirmationDetails = { entries, dates: withEntries };
    throw new HttpError(409, ErrorCodes.confirmationRequired, message, { ...details });
  }
  await writeDays(c.tx, c.schoolId, changed, c.version);
  return changed.length;
}

export function adminSchoolRoutes(app: FastifyInstance, deps: AppDeps) {
  const admin = { preHandler: app.requireRole(['admin']) };

  app.get('/api/admin/school', admin, async (request): Promise<SchoolSettingsResponse> => {
    const { settings, defaultBands } = await readSchoolSettings(deps.db, request.user!.schoolId);
    return { settings, defaultBands, warnings: settingsWarnings(settings) };
  });

  app.put('/api/admin/school', admin, async (request): Promise<SchoolSettingsResponse> => {
    const body = schoolSettingsSchema.parse(request.body);
    const settings = { ...body, name: body.name.trim(), attendanceBands: body.attendanceBands.map((b) => ({ ...b, name: b.name.trim() })) };
    const problems = settingsProblems(settings);
    if (problems.length > 0) throw invalid(problems, 'The settings were');
    const saved = await adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      const before = await readSchoolSettings(c.tx, c.schoolId);
      await writeSchoolSettings(c.tx, c.schoolId, settings, c.version);
      // A body without the letter (or the lates) keeps the stored one; the answer and the audit show it as kept.
      const after = {
        ...settings,
        letterTemplate: settings.letterTemplate ?? before.settings.letterTemplate,
        latesInWeek: settings.latesInWeek ?? before.settings.latesInWeek,
      };
      await c.audit({ action: 'update', entity: 'school', key: c.schoolId, summary: `Changed the school's settings (${settings.name})`, before: before.settings, after });
      return after;
    });
    return { settings: saved, defaultBands: false, warnings: settingsWarnings(saved) };
  });

  app.get('/api/office/letter-template', { preHandler: app.requireRole([...OFFICE_ROLES]) }, async (request): Promise<LetterTemplateResponse> => {
    const { settings } = await readSchoolSettings(deps.db, request.user!.schoolId);
    return { schoolName: settings.name, letterTemplate: settings.letterTemplate! };
  });

  app.get('/api/admin/calendar', admin, async (request): Promise<CalendarResponse> => {
    const calendar = await loadCalendar(deps.db, request.user!.schoolId);
    return { years: calendar.years.map((y) => yearWire(y, calendar.closures)) };
  });

  app.put('/api/admin/calendar/years/:startDate', admin, async (request): Promise<CalendarResponse> => {
    const { startDate } = z.object({ startDate: isoDateSchema }).parse(request.params);
    const body = yearBodySchema.parse(request.body);
    const year: AcademicYear = { startDate, endDate: body.endDate, terms: body.terms };
    return adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      const calendar = await loadCalendar(c.tx, c.schoolId);
      const previous = calendar.years.find((y) => y.startDate === startDate) ?? null;
      const others = calendar.years.filter((y) => y !== previous);
      const problems = academicYearProblems(year);
      for (const other of others.filter((o) => rangesOverlap(o, year))) {
        problems.push(`This year overlaps the year from ${describeDate(other.startDate)} to ${describeDate(other.endDate)}.`);
      }
      for (const closure of previous ? closuresIn(previous, calendar.closures) : []) {
        if (closure.startDate < year.startDate || closure.endDate > year.endDate) {
          problems.push(`The closure "${closure.label}" on ${describeDate(closure.startDate)} would fall outside the year: remove it first.`);
        }
      }
      if (problems.length > 0) throw invalid(problems, 'The year was');
      await adoptCalendar(c.tx, c.schoolId, calendar);
      await saveYear(c.tx, c.schoolId, year, previous);
      const years = [...others, year];
      const spans = previous ? [previous, year] : [year];
      const changedDays = await rebuildDays(c, { years, closures: calendar.closures }, spans, body.confirm === true);
      await c.audit({
        action: previous ? 'update' : 'create',
        entity: 'calendar',
        key: startDate,
        summary: `${previous ? 'Changed' : 'Added'} the academic year from ${describeDate(year.startDate)} to ${describeDate(year.endDate)} (${plural(changedDays, 'day', 'days')} changed)`,
        before: previous,
        after: year,
      });
      return { years: years.sort((a, b) => (a.startDate < b.startDate ? -1 : 1)).map((y) => yearWire(y, calendar.closures)) };
    });
  });

  app.post('/api/admin/calendar/closures', admin, async (request, reply): Promise<CalendarResponse> => {
    const body = closuresBodySchema.parse(request.body);
    const asked = 'closures' in body ? body.closures : [body];
    const added: Closure[] = asked.map((c) => ({ startDate: c.startDate, endDate: c.endDate ?? c.startDate, label: c.label.trim(), kind: c.kind }));
    const answer = await adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      const calendar = await loadCalendar(c.tx, c.schoolId);
      const problems: string[] = [];
      added.forEach((closure, i) => {
        for (const p of closureProblems(closure, calendar.years)) problems.push(p);
        const clash = [...calendar.closures, ...added.slice(0, i)].find((other) => rangesOverlap(other, closure));
        if (clash) problems.push(`${describeDate(closure.startDate)} is already closed ("${clash.label}" from ${describeDate(clash.startDate)}).`);
      });
      if (problems.length > 0) throw invalid([...new Set(problems)], 'The closure was');
      await adoptCalendar(c.tx, c.schoolId, calendar);
      await insertClosures(c.tx, c.schoolId, added);
      const closures = [...calendar.closures, ...added];
      await rebuildDays(c, { years: calendar.years, closures }, added, body.confirm === true);
      for (const closure of added) {
        const when = closure.endDate === closure.startDate ? describeDate(closure.startDate) : `${describeDate(closure.startDate)} to ${describeDate(closure.endDate)}`;
        await c.audit({ action: 'create', entity: 'closure', key: closure.startDate, summary: `Closed the school on ${when}: ${closure.label}`, before: null, after: closure });
      }
      return { years: calendar.years.map((y) => yearWire(y, closures)) };
    });
    reply.code(201);
    return answer;
  });

  app.delete('/api/admin/calendar/closures/:date', admin, async (request): Promise<CalendarResponse> => {
    const { date } = z.object({ date: isoDateSchema }).parse(request.params);
    return adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      const calendar = await loadCalendar(c.tx, c.schoolId);
      const closure = calendar.closures.find((x) => x.startDate === date);
      if (!closure) throw new HttpError(404, ErrorCodes.notFound, `No closure starts on ${describeDate(date)}.`);
      await adoptCalendar(c.tx, c.schoolId, calendar);
      await deleteClosure(c.tx, c.schoolId, date);
      const closures = calendar.closures.filter((x) => x !== closure);
      await rebuildDays(c, { years: calendar.years, closures }, [closure], true);
      await c.audit({ action: 'delete', entity: 'closure', key: date, summary: `Removed the closure on ${describeDate(date)}: ${closure.label}`, before: closure, after: null });
      return { years: calendar.years.map((y) => yearWire(y, closures)) };
    });
  });

  app.get('/api/admin/calendar/bank-holidays', admin, async (request): Promise<BankHolidaysResponse> => {
    const { year: startDate } = bankHolidaysQuerySchema.parse(request.query ?? {});
    const calendar = await loadCalendar(deps.db, request.user!.schoolId);
    const year = calendar.years.find((y) => y.startDate === startDate);
    if (!year) throw new HttpError(404, ErrorCodes.notFound, `No academic year starts on ${describeDate(startDate)}. Add the year first.`);
    return {
      startDate: year.startDate,
      endDate: year.endDate,
      holidays: bankHolidaysBetween(year.startDate, year.endDate).map((b) => ({
        ...b,
        inTerm: isoWeekday(b.date) <= 5 && year.terms.some((t) => t.startDate <= b.date && b.date <= t.endDate),
        closed: calendar.closures.some((c) => c.startDate <= b.date && b.date <= c.endDate),
      })),
    };
  });
}
