/**
 * The office's lists for the day (issue 4), office and admin only:
 * - GET /api/office/missing-registers?date: registers not complete some minutes after they opened;
 * - GET /api/office/first-day?date: pupils with N, vulnerable pupils first, with their family contacts and
 *   the contact attempts recorded so far;
 * - GET /api/office/on-site?date: the fire roll call, from the register and the signing-out book; pupils the
 *   current register has no mark for are listed as unaccounted, never left out.
 */
import type { FastifyInstance } from 'fastify';
import type { Session } from '../../domain/codes.js';
import { currentRegisterSession, rollCallPlace } from '../../domain/rollCall.js';
import { registerOpensAt } from '../../domain/registerWindow.js';
import { addDays, instantOf } from '../../domain/time.js';
import { getCalendarDay, getSchoolSettings } from '../repositories/schoolRepository.js';
import { assignmentsOn, cellsOn, groupsWithPupilsOn } from '../repositories/officeRepository.js';
import { familyContacts, nCells, pupilDetails, type PupilFlags } from '../repositories/officeReportsRepository.js';
import { contactsOn, latestSiteEntries } from '../repositories/officeRecordsRepository.js';
import type { AppDeps } from '../app.js';
import type { Database } from '../db/database.js';
import { byName, OFFICE_ROLES, pupilName, queryDate, schoolToday } from './officeQuery.js';

const SESSIONS: Session[] = ['AM', 'PM'];
const DEFAULT_MISSING_REGISTER_MINUTES = 10;
/** Vulnerable pupils first, in this order (DOMAIN.md §7, first-day response). */
const VULNERABILITY_ORDER: Array<keyof PupilFlags> = ['childProtection', 'lookedAfter', 'socialWorker', 'send'];

/**
 * The answer of GET /api/office/missing-registers for one school: the registers of `date` (the school's today
 * when not given) not complete `missingRegisterMinutes` after they opened. The trust overview counts them here.
 */
export async function missingRegisters(db: Database, schoolId: string, now: number, queriedDate?: unknown) {
  const school = await getSchoolSettings(db, schoolId);
  const date = queryDate(queriedDate, schoolToday(now, school.timeZone));
  const minutes = school.missingRegisterMinutes ?? DEFAULT_MISSING_REGISTER_MINUTES;
  const day = await getCalendarDay(db, schoolId, date);
  const base = { date, isSchoolDay: day?.isSchoolDay ?? false, dayLabel: day?.label ?? null, missingAfterMinutes: minutes, serverTime: new Date(now).toISOString() };
  if (!day?.isSchoolDay) return { ...base, registers: [] };

  const [roster, cells, assignments] = await Promise.all([
    groupsWithPupilsOn(db, schoolId, date),
    cellsOn(db, schoolId, date),
    assignmentsOn(db, schoolId, date),
  ]);
  const marked = new Set(cells.map((c) => `${c.pupilId}|${c.session}`));
  const registers = SESSIONS.flatMap((session) => {
    const dueAt = registerOpensAt(date, session, school.timeZone, school.sessions) + minutes * 60_000;
    if (now < dueAt) return [];
    return roster.groups.flatMap((group) => {
      const pupils = roster.pupils.filter((p) => p.groupId === group.id);
      const done = pupils.filter((p) => marked.has(`${p.pupilId}|${session}`)).length;
      if (pupils.length === 0 || done === pupils.length) return [];
      const staffFor = (kind: 'teacher' | 'cover') =>
        assignments.filter((a) => a.groupId === group.id && a.kind === kind && a.sessions.includes(session)).map((a) => a.displayName);
      return [{
        groupId: group.id, groupName: group.name, session, opensAt: school.sessions[session].opensAt,
        dueAt: new Date(dueAt).toISOString(), marked: done, total: pupils.length, missing: pupils.length - done,
        takenBy: staffFor('teacher'), coveredBy: staffFor('cover'),
      }];
    });
  });
  return { ...base, registers };
}

export function officeTodayRoutes(app: FastifyInstance, deps: AppDeps) {
  const officeOnly = { preHandler: app.requireRole([...OFFICE_ROLES]) };

  app.get('/api/office/missing-registers', officeOnly, async (request) =>
    missingRegisters(deps.db, request.user!.schoolId, deps.clock.now(), (request.query as Record<string, unknown>).date));

  app.get('/api/office/first-day', officeOnly, async (request) => {
    const user = request.user!;
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const date = queryDate((request.query as Record<string, unknown>).date, schoolToday(deps.clock.now(), school.timeZone));
    const [day, cells] = await Promise.all([getCalendarDay(deps.db, user.schoolId, date), nCells(deps.db, user.schoolId, date)]);
    const byPupil = new Map<string, { groupId: string | null; groupName: string | null; sessions: Session[] }>();
    for (const c of cells) {
      const entry = byPupil.get(c.pupilId) ?? { groupId: c.groupId, groupName: c.groupName, sessions: [] };
      entry.sessions.push(c.session);
      byPupil.set(c.pupilId, entry);
    }
    const ids = [...byPupil.keys()];
    const [details, contacts, log] = await Promise.all([
      pupilDetails(deps.db, user.schoolId, ids),
      familyContacts(deps.db, user.schoolId, ids),
      contactsOn(deps.db, user.schoolId, date, ids),
    ]);
    const rank = (flags: PupilFlags) => {
      const i = VULNERABILITY_ORDER.findIndex((f) => flags[f]);
      return i < 0 ? VULNERABILITY_ORDER.length : i;
    };
    const pupils = ids
      .map((id) => ({ id, p: details.get(id)!, n: byPupil.get(id)! }))
      .sort((a, b) => rank(a.p.flags) - rank(b.p.flags) || byName(a.p, b.p))
      .map(({ id, p, n }) => {
        const attempts = log.filter((l) => l.pupilId === id).map(({ pupilId: _pupilId, date: _date, ...l }) => l);
        return {
          pupilId: id, name: pupilName(p), firstName: p.firstName, lastName: p.lastName, groupId: n.groupId, groupName: n.groupName,
          sessions: SESSIONS.filter((s) => n.sessions.includes(s)), flags: p.flags, vulnerable: rank(p.flags) < VULNERABILITY_ORDER.length,
          contacts: contacts.get(id) ?? [], contactLog: attempts,
          contacted: attempts.length > 0, messageFromHome: attempts.some((l) => l.method === 'message from home'),
        };
      });
    return { date, isSchoolDay: day?.isSchoolDay ?? false, dayLabel: day?.label ?? null, pupils };
  });

  app.get('/api/office/on-site', officeOnly, async (request) => {
    const user = request.user!;
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const now = deps.clock.now();
    const today = schoolToday(now, school.timeZone);
    const date = queryDate((request.query as Record<string, unknown>).date, today);
    // "Now" for today; the end of the day for a past date; before anything happened for a future one.
    const at = date === today ? now : date < today ? instantOf(addDays(date, 1), '00:00', school.timeZone) - 1 : instantOf(date, '00:00', school.timeZone);
    const [day, roster, cells, site] = await Promise.all([
      getCalendarDay(deps.db, user.schoolId, date),
      groupsWithPupilsOn(deps.db, user.schoolId, date),
      cellsOn(deps.db, user.schoolId, date),
      latestSiteEntries(deps.db, user.schoolId, date, at),
    ]);
    const isSchoolDay = day?.isSchoolDay ?? false;
    // The register the roll call reads (the afternoon's once it has opened); a pupil it has no mark for is
    // unaccounted, never away (src/domain/rollCall.ts).
    const currentSession = currentRegisterSession(isSchoolDay, registerOpensAt(date, 'PM', school.timeZone, school.sessions) <= at);
    const codeOf = new Map(cells.map((c) => [`${c.pupilId}|${c.session}`, c.code]));
    const codesOf = (pupilId: string) => {
      const codes: Partial<Record<Session, string>> = {};
      for (const s of SESSIONS) if (codeOf.has(`${pupilId}|${s}`)) codes[s] = codeOf.get(`${pupilId}|${s}`)!;
      return codes;
    };
    const signedOut: Array<{ pupilId: string; name: string; groupId: string; groupName: string; at: string; reason: string | null }> = [];
    const groups = roster.groups.map((group) => {
      const inGroup = roster.pupils.filter((p) => p.groupId === group.id);
      const pupils: Array<{ pupilId: string; name: string; code: string | null; session: Session | null; signedInAt: string | null; fromMorningRegister: boolean }> = [];
      const unaccounted: Array<{ pupilId: string; name: string }> = [];
      for (const p of inGroup) {
        const codes = codesOf(p.pupilId);
        const entry = site.get(p.pupilId);
        const place = rollCallPlace({ currentSession, codes, siteEntry: entry?.kind });
        if (place.where === 'signed out') signedOut.push({ pupilId: p.pupilId, name: pupilName(p), groupId: group.id, groupName: group.name, at: entry!.at, reason: entry!.reason });
        if (place.where === 'unaccounted') unaccounted.push({ pupilId: p.pupilId, name: pupilName(p) });
        if (place.where !== 'on site') continue;
        // The code the register shows: the current session's, or the morning's before the afternoon has one.
        const session = currentSession === null ? null : codes[currentSession] !== undefined ? currentSession : codes.AM !== undefined ? 'AM' : null;
        pupils.push({
          pupilId: p.pupilId, name: pupilName(p), code: session ? codes[session]! : null, session,
          signedInAt: entry?.kind === 'signin' ? entry.at : null, fromMorningRegister: place.by === 'morning register',
        });
      }
      const registerTaken = currentSession !== null && inGroup.every((p) => codeOf.has(`${p.pupilId}|${currentSession}`));
      return { groupId: group.id, groupName: group.name, count: pupils.length, pupils, registerTaken, unaccounted };
    });
    return {
      date, at: new Date(at).toISOString(), isSchoolDay, dayLabel: day?.label ?? null, currentSession,
      total: groups.reduce((n, g) => n + g.count, 0), unaccountedTotal: groups.reduce((n, g) => n + g.unaccounted.length, 0),
      groups, signedOut,
    };
  });
}
