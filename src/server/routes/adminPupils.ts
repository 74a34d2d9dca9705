/**
 * Admin only: pupils' records (issue 10). List and read; create (on roll and in a class from an admission
 * date); edit; move to another class from a date; leave with a last day; rejoin. The dated rules are in
 * pupilRecordsRepository.ts (the MIS import shares them). Bodies and answers: src/protocol/adminPupils.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes, isStorableText } from '../../protocol/index.js';
import {
  createPupilSchema, leavePupilSchema, movePupilSchema, pupilListQuerySchema, rejoinPupilSchema, updatePupilSchema, yearGroupName,
  type PupilFields, type PupilRecord, type PupilWriteResponse,
} from '../../protocol/adminPupils.js';
import { describeUpnProblem, normaliseUpn } from '../../domain/upn.js';
import { yearGroupOf } from '../../domain/schoolAge.js';
import { localDateOf } from '../../domain/time.js';
import { adminChange, type AdminChangeContext } from '../admin/adminChange.js';
import { getSchoolSettings } from '../repositories/schoolRepository.js';
import {
  admitPupil, findGroup, getPupilRecord, insertPupil, leavePupil, listPupils, lockPupil, movePupil, pupilWithUpn, rejoinPupil,
  replaceContacts, updatePupilFields, type DatedOutcome, type GroupInfo,
} from '../repositories/pupilRecordsRepository.js';
import { HttpError } from '../httpError.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import type { AppDeps } from '../app.js';

const LIST_LIMIT = 1000;
const paramsSchema = z.object({ id: z.string().min(1).max(100).refine(isStorableText, 'not a pupil id') });

/** 1 December 2026: how a date is written for a person. */
export function dateInWords(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const nameOf = (p: { firstName: string; lastName: string; preferredName: string | null }) => `${p.preferredName ?? p.firstName} ${p.lastName}`;

/** The UPN as stored (normalised), after its format and check letter are verified and no other pupil holds it. */
async function checkedUpn(deps: AppDeps, schoolId: string, typed: string | null, pupilId: string | null): Promise<string | null> {
  if (typed === null) return null;
  const upn = normaliseUpn(typed);
  const problem = describeUpnProblem(upn);
  if (problem) throw new HttpError(400, ErrorCodes.upnInvalid, problem);
  const holder = await pupilWithUpn(deps.db, schoolId, upn, pupilId);
  if (holder) throw new HttpError(409, ErrorCodes.upnTaken, `Another pupil already has the UPN ${upn}: each pupil's UPN is their own.`, { pupilId: holder });
  return upn;
}

async function groupOrRefuse(deps: AppDeps, schoolId: string, groupId: string): Promise<GroupInfo> {
  const group = await findGroup(deps.db, schoolId, groupId);
  if (!group) throw new HttpError(400, ErrorCodes.badRequest, `There is no class with the id "${groupId}".`);
  return group;
}

/** Two admins giving one UPN at the same moment: the unique index decides, and the loser hears why. */
async function upnRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if ((e as { code?: unknown }).code === '23505') throw new HttpError(409, ErrorCodes.upnTaken, 'Another pupil was given this UPN at the same moment: each pupil\'s UPN is their own.');
    throw e;
  }
}

/** Dates of birth a person could not mean are refused; one that does not fit the year group is only a warning. */
function checkDateOfBirth(dateOfBirth: string, today: string, yearGroup: number | null, name: string): string[] {
  if (dateOfBirth > today) throw new HttpError(400, ErrorCodes.badRequest, `The date of birth ${dateInWords(dateOfBirth)} is in the future.`);
  const age = yearGroupOf(dateOfBirth, today);
  if (age > 20) throw new HttpError(400, ErrorCodes.badRequest, `The date of birth ${dateInWords(dateOfBirth)} would make ${name} an adult: check the year.`);
  if (yearGroup === null || age === yearGroup) return [];
  return [`${name}'s date of birth (${dateInWords(dateOfBirth)}) belongs in ${yearGroupName(age)} this year, but the record says ${yearGroupName(yearGroup)}: check the date of birth or the year group.`];
}

/** Turns a dated change that did not happen into the answer the admin acts on. */
function refuseUnlessDone(outcome: DatedOutcome, what: string) {
  if (outcome.outcome === 'needs_confirmation') {
    const entries = outcome.entries === 1 ? '1 register entry falls' : `${outcome.entries} register entries fall`;
    throw new HttpError(409, ErrorCodes.confirmationRequired, `${entries} on the days this ${what} changes. They are kept, but will show on a different register (or none). Confirm to go ahead.`, {
      entries: outcome.entries,
    });
  }
  if (outcome.outcome === 'refused') {
    throw new HttpError(409, outcome.reason === 'not_on_roll' ? ErrorCodes.notOnRoll : ErrorCodes.conflictingChange, outcome.message);
  }
}

const history = (r: PupilRecord) => ({ enrolments: r.enrolments, memberships: r.memberships.map(({ groupId, startDate, endDate }) => ({ groupId, startDate, endDate })) });
const storedFields = (r: PupilRecord) => {
  const { id: _id, contacts: _c, enrolments: _e, memberships: _m, groupId: _g, onRoll: _o, ...fields } = r;
  return fields;
};
const describeContacts = (cs: PupilRecord['contacts']) => cs.map((c) => `${c.name} (${c.relationship}) ${c.phone}`).join('; ') || 'none';

export function adminPupilRoutes(app: FastifyInstance, deps: AppDeps) {
  const adminOnly = { preHandler: app.requireRole(['admin']) };
  const today = async (schoolId: string) => localDateOf(deps.clock.now(), (await getSchoolSettings(deps.db, schoolId)).timeZone);
  const recordOrRefuse = async (schoolId: string, id: string, day: string, db = deps.db as AdminChangeContext['tx']) => {
    const record = await getPupilRecord(db, schoolId, id, day);
    if (!record) throw new HttpError(404, ErrorCodes.notFound, 'There is no such pupil.');
    return record;
  };

  app.get('/api/admin/pupils', adminOnly, async (request) => {
    const query = pupilListQuerySchema.parse(request.query ?? {});
    const schoolId = request.user!.schoolId;
    return listPupils(deps.db, schoolId, { q: query.q, groupId: query.groupId, leavers: query.include === 'leavers', today: await today(schoolId), limit: LIST_LIMIT });
  });

  app.get('/api/admin/pupils/:id', adminOnly, async (request) => {
    const { id } = paramsSchema.parse(request.params);
    const schoolId = request.user!.schoolId;
    return { pupil: await recordOrRefuse(schoolId, id, await today(schoolId)) };
  });

  app.post('/api/admin/pupils', adminOnly, async (request, reply): Promise<PupilWriteResponse> => {
    const body = createPupilSchema.parse(request.body);
    const user = request.user!;
    const day = await today(user.schoolId);
    const group = await groupOrRefuse(deps, user.schoolId, body.groupId);
    const { groupId, admissionDate, contacts, ...fields } = body;
    const upn = await checkedUpn(deps, user.schoolId, fields.upn, null);
    const name = nameOf(fields);
    const warnings = checkDateOfBirth(fields.dateOfBirth, day, fields.yearGroup ?? group.yearGroup, name);
    if (admissionDate < fields.dateOfBirth) throw new HttpError(400, ErrorCodes.badRequest, 'The admission date is before the date of birth.');
    const id = `p-${randomUUID()}`;
    const pupil = await upnRace(() => adminChange(deps.db, user, deps.clock.now(), async (c) => {
      await insertPupil(c.tx, c.schoolId, id, { ...fields, upn }, c.version);
      await replaceContacts(c.tx, c.schoolId, id, contacts);
      await admitPupil(c.tx, { schoolId: c.schoolId, pupilId: id, version: c.version }, groupId, admissionDate);
      const after = await recordOrRefuse(c.schoolId, id, day, c.tx);
      await c.audit({ action: 'create', entity: 'pupil', key: id, summary: `Added ${name} to ${group.name} from ${dateInWords(admissionDate)}`, after: { ...storedFields(after), contacts: after.contacts, ...history(after) } });
      return after;
    }));
    reply.code(201);
    return { pupil, changed: true, warnings };
  });

  app.patch('/api/admin/pupils/:id', adminOnly, async (request): Promise<PupilWriteResponse> => {
    const { id } = paramsSchema.parse(request.params);
    const body = updatePupilSchema.parse(request.body ?? {});
    const user = request.user!;
    const day = await today(user.schoolId);
    const upn = body.upn === undefined ? undefined : await checkedUpn(deps, user.schoolId, body.upn, id);
    return upnRace(() => adminChange(deps.db, user, deps.clock.now(), async (c) => {
      if (!(await lockPupil(c.tx, c.schoolId, id))) throw new HttpError(404, ErrorCodes.notFound, 'There is no such pupil.');
      const before = await recordOrRefuse(c.schoolId, id, day, c.tx);
      const { contacts, ...changes } = body;
      const merged = { ...storedFields(before), ...changes, ...(upn === undefined ? {} : { upn }) } as Omit<PupilFields, 'contacts'>;
      const group = before.memberships.at(-1) ? await findGroup(c.tx, c.schoolId, before.memberships.at(-1)!.groupId) : null;
      const warnings = checkDateOfBirth(merged.dateOfBirth, day, merged.yearGroup ?? group?.yearGroup ?? null, nameOf(merged));
      const oldFields = storedFields(before) as Record<string, unknown>;
      const changed = Object.keys(merged).filter((k) => oldFields[k] !== (merged as Record<string, unknown>)[k]);
      const contactsChanged = contacts !== undefined && describeContacts(contacts.map((k, i) => ({ ...k, priority: i + 1 }))) !== describeContacts(before.contacts);
      if (changed.length === 0 && !contactsChanged) return { pupil: before, changed: false, warnings };
      await updatePupilFields(c.tx, c.schoolId, id, merged, c.version);
      if (contactsChanged) await replaceContacts(c.tx, c.schoolId, id, contacts!);
      const after = await recordOrRefuse(c.schoolId, id, day, c.tx);
      const pick = (r: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, r[k]]));
      const what = [...changed, ...(contactsChanged ? ['contacts'] : [])].join(', ');
      const contactLine = contactsChanged ? `; contacts were ${describeContacts(before.contacts)}; now ${describeContacts(after.contacts)}` : '';
      await c.audit({
        action: 'update', entity: 'pupil', key: id, summary: `Edited ${nameOf(before)}: ${what}${contactLine}`,
        before: { ...pick(oldFields), ...(contactsChanged ? { contacts: before.contacts } : {}) },
        after: { ...pick(storedFields(after) as Record<string, unknown>), ...(contactsChanged ? { contacts: after.contacts } : {}) },
      });
      return { pupil: after, changed: true, warnings };
    }));
  });

  /** One dated change (move, leave, rejoin): locked, checked, applied, audited with the history before and after. */
  const datedChange = async (
    request: { params: unknown; user: SessionUser | null },
    apply: (c: AdminChangeContext, before: PupilRecord, day: string) => Promise<{ outcome: DatedOutcome; action: string; summary: string } | null>,
  ): Promise<PupilWriteResponse> => {
    const { id } = paramsSchema.parse(request.params);
    const user = request.user!;
    const day = await today(user.schoolId);
    return adminChange(deps.db, user, deps.clock.now(), async (c) => {
      if (!(await lockPupil(c.tx, c.schoolId, id))) throw new HttpError(404, ErrorCodes.notFound, 'There is no such pupil.');
      const before = await recordOrRefuse(c.schoolId, id, day, c.tx);
      const done = await apply(c, before, day);
      if (!done || done.outcome.outcome === 'unchanged') return { pupil: before, changed: false, warnings: [] };
      refuseUnlessDone(done.outcome, done.action);
      const after = await recordOrRefuse(c.schoolId, id, day, c.tx);
      const kept = done.outcome.outcome === 'changed' && done.outcome.entries > 0 ? ` (${done.outcome.entries} register entries kept, confirmed)` : '';
      await c.audit({ action: done.action, entity: 'pupil', key: id, summary: done.summary + kept, before: history(before), after: history(after) });
      return { pupil: after, changed: true, warnings: [] };
    });
  };
  const backdated = (date: string, day: string) => (date < day ? ' (backdated: a correction)' : '');

  app.post('/api/admin/pupils/:id/move', adminOnly, async (request) => {
    const body = movePupilSchema.parse(request.body);
    const group = await groupOrRefuse(deps, request.user!.schoolId, body.groupId);
    return datedChange(request, async (c, before, day) => ({
      outcome: await movePupil(c.tx, { schoolId: c.schoolId, pupilId: before.id, version: c.version, confirm: body.confirm }, group.id, body.from),
      action: 'move',
      summary: `Moved ${nameOf(before)} to ${group.name} from ${dateInWords(body.from)}${backdated(body.from, day)}`,
    }));
  });

  app.post('/api/admin/pupils/:id/leave', adminOnly, async (request) => {
    const body = leavePupilSchema.parse(request.body);
    return datedChange(request, async (c, before, day) => ({
      outcome: await leavePupil(c.tx, { schoolId: c.schoolId, pupilId: before.id, version: c.version, confirm: body.confirm }, body.lastDay),
      action: 'leave',
      summary: `${nameOf(before)} leaves: last day ${dateInWords(body.lastDay)}${backdated(body.lastDay, day)}`,
    }));
  });

  app.post('/api/admin/pupils/:id/rejoin', adminOnly, async (request) => {
    const body = rejoinPupilSchema.parse(request.body);
    const group = await groupOrRefuse(deps, request.user!.schoolId, body.groupId);
    return datedChange(request, async (c, before, day) => ({
      outcome: await rejoinPupil(c.tx, { schoolId: c.schoolId, pupilId: before.id, version: c.version }, group.id, body.from),
      action: 'rejoin',
      summary: `${nameOf(before)} rejoins ${group.name} from ${dateInWords(body.from)}${backdated(body.from, day)}`,
    }));
  });
}
