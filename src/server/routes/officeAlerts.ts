/**
 * GET /api/office/alerts?from&to (issue 11), office and admin only: every pupil who meets a statutory
 * threshold in the range (penalty notice, continuous unauthorised absence, illness, lateness), with the
 * evidence, whether the office has dealt with it, and how many still wait. The rules and keys are in
 * alerts/pupilAlerts.ts; the answer is documented in docs/office-api.md.
 */
import type { FastifyInstance } from 'fastify';
import { academicYearStart, daysBetween } from '../../domain/time.js';
import { ALERT_KINDS, type AlertEntry, type AlertKind, type AlertsResponse } from '../../protocol/officeFigures.js';
import { findAlerts } from '../alerts/findAlerts.js';
import { alertPupils, alertRecordKey, latestAlertRecords } from '../repositories/alertsRepository.js';
import { getSchoolSettings } from '../repositories/schoolRepository.js';
import type { AppDeps } from '../app.js';
import type { Database } from '../db/database.js';
import { badRequest, OFFICE_ROLES, pupilName, queryDate, schoolToday } from './officeQuery.js';

/** A range of up to about a year and a month: an academic year with room either side. */
const MAX_RANGE_DAYS = 400;
const EARLIEST_FROM = '1900-01-01';

export function officeAlertRoutes(app: FastifyInstance, deps: AppDeps) {
  const officeOnly = { preHandler: app.requireRole([...OFFICE_ROLES]) };

  app.get('/api/office/alerts', officeOnly, async (request, reply) => {
    const user = request.user!;
    const q = request.query as Record<string, unknown>;
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const today = schoolToday(deps.clock.now(), school.timeZone);
    const from = queryDate(q.from, academicYearStart(today), 'from');
    const to = queryDate(q.to, today, 'to');
    if (to < from) throw badRequest('The range ends before it starts.');
    // The calendar is read years before `from`; no register goes back past this.
    if (from < EARLIEST_FROM) throw badRequest(`The range starts too early: ${EARLIEST_FROM} at the earliest.`);
    if (daysBetween(from, to) > MAX_RANGE_DAYS) throw badRequest(`The range is too long: ${MAX_RANGE_DAYS} days at most.`, 'range_too_long');

    const body = await schoolAlerts(deps.db, user.schoolId, from, to);
    return reply.header('Cache-Control', 'no-store').send(body);
  });
}

/**
 * The answer of GET /api/office/alerts for one school and a range already checked. The trust overview
 * (routes/trust.ts) counts each school's waiting alerts here, so they are the ones its office sees.
 */
export async function schoolAlerts(db: Database, schoolId: string, from: string, to: string): Promise<AlertsResponse> {
  const { found } = await findAlerts(db, schoolId, from, to);
  const pupilIds = [...new Set(found.map((a) => a.pupilId))];
  const [pupils, records] = await Promise.all([
    alertPupils(db, schoolId, pupilIds, to),
    latestAlertRecords(db, schoolId, pupilIds),
  ]);

  const alerts: AlertEntry[] = found.map((a) => {
    const pupil = pupils.get(a.pupilId);
    const record = records.get(alertRecordKey(a.pupilId, a.kind, a.key));
    return {
      kind: a.kind,
      pupilId: a.pupilId,
      name: pupil ? pupilName(pupil) : a.pupilId,
      groupName: pupil?.groupName ?? null,
      key: a.key,
      evidence: a.evidence,
      dealtWith: record ? { action: record.action, note: record.note, byName: record.byName, at: record.at } : null,
    };
  });
  alerts.sort(waitingThenNewest);
  const waiting = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<AlertKind, number>;
  for (const a of alerts) if (!a.dealtWith) waiting[a.kind] += 1;
  return { from, to, alerts, waiting: { ...waiting, total: alerts.filter((a) => !a.dealtWith).length } };
}

const lastEvidenceDate = (a: AlertEntry) => a.evidence.sessions.at(-1)?.date ?? a.evidence.end;

/** Those still waiting first; then newest first (by the last session of the evidence); then kind, name, key. */
function waitingThenNewest(a: AlertEntry, b: AlertEntry): number {
  if (!a.dealtWith !== !b.dealtWith) return a.dealtWith ? 1 : -1;
  const newest = lastEvidenceDate(b).localeCompare(lastEvidenceDate(a));
  return newest || ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'en-GB') ||
    a.pupilId.localeCompare(b.pupilId) || a.key.localeCompare(b.key);
}
