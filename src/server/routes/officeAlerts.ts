/**
 * GET /api/office/alerts?from&to (issue 11), office and admin only: every pupil who meets a statutory
 * threshold in the range (penalty notice, continuous unauthorised absence, illness, lateness), with the
 * evidence, whether the office has dealt with it, and how many still wait. The rules and keys are in
 * alerts/pupilAlerts.ts; the answer is documented in docs/office-api.md.
 */
import type { FastifyInstance } from 'fastify';
import { academicYearStart, addDays, daysBetween } from '../../domain/time.js';
import { compareCells, type RegisterCell } from '../../domain/registerCells.js';
import { schoolDayCalendar } from '../../domain/schoolDays.js';
import { ALERT_KINDS, type AlertEntry, type AlertKind, type AlertsResponse } from '../../protocol/officeFigures.js';
import { lookbackStart, pupilAlerts, runReachesBack, type AlertOccurrence } from '../alerts/pupilAlerts.js';
import {
  alertCells, alertPupils, alertRecordKey, latesInWeekSetting, latestAlertRecords, schoolDaysBetween, type AlertCellRow,
} from '../repositories/alertsRepository.js';
import { getSchoolSettings } from '../repositories/schoolRepository.js';
import type { AppDeps } from '../app.js';
import { badRequest, OFFICE_ROLES, pupilName, queryDate, schoolToday } from './officeQuery.js';

/** A range of up to about a year and a month: an academic year with room either side. */
const MAX_RANGE_DAYS = 400;
/** The calendar is read this far either side of the range: back for the windows and runs, on for a window's end. */
const CALENDAR_BACK_DAYS = 800;
const CALENDAR_ON_DAYS = 200;
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

    const [schoolDays, latesInWeek] = await Promise.all([
      schoolDaysBetween(deps.db, user.schoolId, addDays(from, -CALENDAR_BACK_DAYS), addDays(to, CALENDAR_ON_DAYS)),
      latesInWeekSetting(deps.db, user.schoolId),
    ]);
    const isSchoolDay = schoolDayCalendar(schoolDays.map((date) => ({ date, isSchoolDay: true })));
    const loadFrom = lookbackStart(from, isSchoolDay);
    const byPupil = groupByPupil(await alertCells(deps.db, user.schoolId, loadFrom, to));

    // A run of absence or illness that starts on the first school day read may have started earlier: read
    // those few pupils' cells further back, so the run's first day (its key) is the real one.
    const firstDay = schoolDays.find((d) => d >= loadFrom) ?? loadFrom;
    const reachBack = [...byPupil]
      .filter(([, cells]) => cells[0].date === firstDay && runReachesBack(cells, firstDay, isSchoolDay))
      .map(([id]) => id);
    if (reachBack.length > 0) {
      const earlier = groupByPupil(await alertCells(deps.db, user.schoolId, addDays(from, -CALENDAR_BACK_DAYS), addDays(loadFrom, -1), reachBack));
      for (const [id, cells] of earlier) byPupil.set(id, [...cells, ...byPupil.get(id)!]);
    }

    const found: Array<AlertOccurrence & { pupilId: string }> = [];
    for (const [pupilId, cells] of byPupil) {
      for (const alert of pupilAlerts(cells, { from, to, isSchoolDay, latesInWeek })) found.push({ ...alert, pupilId });
    }
    const pupilIds = [...new Set(found.map((a) => a.pupilId))];
    const [pupils, records] = await Promise.all([
      alertPupils(deps.db, user.schoolId, pupilIds, to),
      latestAlertRecords(deps.db, user.schoolId, pupilIds),
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
    const body: AlertsResponse = { from, to, alerts, waiting: { ...waiting, total: alerts.filter((a) => !a.dealtWith).length } };
    return reply.header('Cache-Control', 'no-store').send(body);
  });
}

/** Each pupil's cells in date and session order. */
function groupByPupil(rows: AlertCellRow[]): Map<string, RegisterCell[]> {
  const byPupil = new Map<string, RegisterCell[]>();
  for (const { pupilId, date, session, code } of rows) {
    let cells = byPupil.get(pupilId);
    if (!cells) byPupil.set(pupilId, (cells = []));
    cells.push({ date, session, code });
  }
  for (const cells of byPupil.values()) cells.sort(compareCells);
  return byPupil;
}

const lastEvidenceDate = (a: AlertEntry) => a.evidence.sessions.at(-1)?.date ?? a.evidence.end;

/** Those still waiting first; then newest first (by the last session of the evidence); then kind, name, key. */
function waitingThenNewest(a: AlertEntry, b: AlertEntry): number {
  if (!a.dealtWith !== !b.dealtWith) return a.dealtWith ? 1 : -1;
  const newest = lastEvidenceDate(b).localeCompare(lastEvidenceDate(a));
  return newest || ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name, 'en-GB') ||
    a.pupilId.localeCompare(b.pupilId) || a.key.localeCompare(b.key);
}
