/**
 * The trust admin's routes (issue 12), for role 'trust' only (requireTrustAdmin), documented in
 * docs/trust-api.md:
 * - POST /api/trust/schools {name, urn, timeZone?}: creates the school (no staff yet) and answers its one-time
 *   setup address; its first admin opens that and sets the school up as on a first run (routes/setup.ts). A
 *   URN another school has is 409 `urn_taken`. Recorded in the new school's admin audit and the trust's.
 * - GET /api/trust/overview: one row per school with its headline figures, each read by the code that answers
 *   the school's own office (schoolAttendance, missingRegisters, schoolAlerts), so they agree with it.
 * Nothing here reads or changes a pupil's marks: the overview answers counts only, never a pupil.
 */
import type { FastifyInstance } from 'fastify';
import { academicYearStart } from '../../domain/time.js';
import { createSchoolRequestSchema, type CreateSchoolResponse, type FigureRange, type TrustOverviewResponse, type TrustSchoolRow } from '../../protocol/trust.js';
import { hashSetupToken, newSetupToken, setupAddress } from '../auth/setupToken.js';
import { currentTerm } from '../repositories/attendanceFiguresRepository.js';
import { schoolWithUrn } from '../repositories/setupRepository.js';
import { createTrustSchool, listTrustSchools, type TrustSchool } from '../repositories/trustRepository.js';
import type { Database } from '../db/database.js';
import type { AppDeps } from '../app.js';
import { schoolAttendance } from './officeAttendance.js';
import { schoolAlerts } from './officeAlerts.js';
import { missingRegisters } from './officeToday.js';
import { schoolToday } from './officeQuery.js';
import { urnTaken } from './setup.js';

const UNIQUE_VIOLATION = '23505';
/**
 * Schools read at once: each reads its figures on up to three connections, and a server process has ten
 * (db/database.ts), so a sign-in or a push still finds one free while the overview is read.
 */
const SCHOOLS_AT_ONCE = 3;

export function trustRoutes(app: FastifyInstance, deps: AppDeps) {
  const trustOnly = { preHandler: app.requireTrustAdmin };

  app.post('/api/trust/schools', trustOnly, async (request, reply) => {
    const body = createSchoolRequestSchema.parse(request.body);
    const user = request.user!;
    const now = deps.clock.now();
    const token = newSetupToken();
    let schoolId: string;
    try {
      schoolId = await deps.db.transaction(async (tx) => {
        const holder = await schoolWithUrn(tx, body.urn);
        if (holder) throw urnTaken(body.urn, holder.name);
        return createTrustSchool(tx, {
          school: { name: body.name, urn: body.urn, timeZone: body.timeZone },
          tokenHash: hashSetupToken(token),
          by: { trustId: user.schoolId, staffId: user.staffId, username: user.username, displayName: user.displayName },
          now,
        });
      });
    } catch (error) {
      // Two trust admins adding the same URN at once: the unique index decides.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw urnTaken(body.urn, 'another school');
      throw error;
    }
    const answer: CreateSchoolResponse = {
      schoolId, name: body.name, urn: body.urn, timeZone: body.timeZone,
      setupAddress: setupAddress(`${request.protocol}://${request.host}`, token),
    };
    // The address carries a one-time token: no copy of this answer may be kept anywhere.
    return reply.status(201).header('cache-control', 'no-store').send(answer);
  });

  app.get('/api/trust/overview', trustOnly, async (_request, reply) => {
    const now = deps.clock.now();
    const schools = await listTrustSchools(deps.db);
    const rows = await mapAtMost(schools, SCHOOLS_AT_ONCE, (school) => schoolRow(deps.db, school, now));
    const body: TrustOverviewResponse = { schools: rows, serverTime: new Date(now).toISOString() };
    return reply.header('cache-control', 'no-store').send(body);
  });
}

/** One school's headline figures, each read as the school's own office reads it. */
async function schoolRow(db: Database, school: TrustSchool, now: number): Promise<TrustSchoolRow> {
  const today = schoolToday(now, school.timeZone);
  const yearToDate: FigureRange = { from: academicYearStart(today), to: today, label: 'Year to date' };
  const term = await currentTerm(db, school.schoolId, today);
  // This term up to today (or the last term begun, to its end, in a holiday); the year so far without terms.
  const range: FigureRange = term ? { from: term.from, to: term.to < today ? term.to : today, label: term.name } : yearToDate;
  const [attendance, missing, alerts] = await Promise.all([
    schoolAttendance(db, school.schoolId, { from: range.from, to: range.to }, now),
    missingRegisters(db, school.schoolId, now),
    schoolAlerts(db, school.schoolId, yearToDate.from, yearToDate.to),
  ]);
  return {
    schoolId: school.schoolId,
    name: school.name,
    urn: school.urn,
    setUp: school.setUp,
    today,
    attendance: { range, percent: attendance.totals.attendancePercent, possibleSessions: attendance.totals.possible, pupils: attendance.totals.pupils },
    persistentAbsence: { range, pupils: attendance.totals.persistentAbsence },
    missingRegisters: { date: missing.date, registers: missing.registers.length },
    alertsWaiting: { range: yearToDate, alerts: alerts.waiting.total },
  };
}

/** `f` over `items` with at most `limit` running at once, the answers in the items' order. */
async function mapAtMost<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
