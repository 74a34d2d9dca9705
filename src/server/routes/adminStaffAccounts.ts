/**
 * Admin: staff accounts. A new account has no password: it comes with a first sign-in code (14 days) with
 * which the person sets one. Disabling ends the person's sessions and removes their device keys in the same
 * transaction, so the next request with their cookie or key is refused. An admin cannot disable or demote
 * themselves, and the school always keeps one active admin.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import { StaffErrorCodes, createStaffSchema, staffParamsSchema, updateStaffSchema, type IssuedCode } from '../../protocol/adminStaff.js';
import { adminChange, type AdminChangeContext } from '../admin/adminChange.js';
import { issueFirstSignInCode } from '../auth/firstSignInCodes.js';
import { findGroup, replaceStandingAssignments, standingAssignments } from '../repositories/adminGroupsRepository.js';
import {
  codeIssuedAt,
  endSessionsAndKeys,
  endUnusedCodes,
  findStaff,
  freeUsername,
  insertStaff,
  listStaff,
  otherActiveAdmins,
  updateStaff,
  type StaffRecord,
} from '../repositories/adminStaffRepository.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';
import { schoolDays } from './adminStaff.js';

export function adminStaffAccountRoutes(app: FastifyInstance, deps: AppDeps) {
  const adminOnly = { preHandler: app.requireRole(['admin']) };

  app.get('/api/admin/staff', adminOnly, async (request) => {
    const now = deps.clock.now();
    return { staff: await listStaff(deps.db, request.user!.schoolId, schoolDays(request.user!, now).today, now) };
  });

  app.post('/api/admin/staff', adminOnly, async (request, reply) => {
    const body = createStaffSchema.parse(request.body);
    const user = request.user!;
    const now = deps.clock.now();
    const days = schoolDays(user, now);
    const account = await adminChange(deps.db, user, now, async (c): Promise<IssuedCode> => {
      // A display name gives its first word as forename and its last as surname ("Anna Maria Smith": asmith).
      const words = (body.displayName ?? '').split(/\s+/);
      const forename = body.forename ?? words[0]!;
      const surname = body.surname ?? words.at(-1)!;
      const username = await freeUsername(c.tx, forename, surname);
      const displayName = body.displayName ?? `${body.forename} ${body.surname}`;
      const created = await insertStaff(c.tx, c.schoolId, { username, displayName, title: body.title ?? null, email: body.email ?? null, role: body.role });
      const groups = await setClasses(c, created.id, body.groups ?? [], days, now);
      const code = await issueFirstSignInCode(c.tx, { schoolId: c.schoolId, staffId: created.id, issuedBy: c.staffId, now });
      await c.audit({ action: 'create', entity: 'staff', key: created.id, summary: `Added ${displayName} (${body.role}) as ${username}`, after: { ...created, groups } });
      return { staffId: created.id, username, displayName, ...code };
    });
    return reply.status(201).send({ account });
  });

  app.patch('/api/admin/staff/:id', adminOnly, async (request) => {
    const { id } = staffParamsSchema.parse(request.params);
    const body = updateStaffSchema.parse(request.body);
    const user = request.user!;
    const now = deps.clock.now();
    const days = schoolDays(user, now);
    await adminChange(deps.db, user, now, async (c) => {
      const before = await existing(c, id);
      const after: StaffRecord = {
        ...before,
        ...(body.displayName !== undefined && { displayName: body.displayName }),
        ...(body.title !== undefined && { title: body.title }),
        ...(body.email !== undefined && { email: body.email }),
        ...(body.role !== undefined && { role: body.role }),
      };
      if (before.role === 'admin' && after.role !== 'admin') await refuseLosingAdmin(c, before, 'demote');
      const changed = JSON.stringify(before) !== JSON.stringify(after);
      if (changed) await updateStaff(c.tx, c.schoolId, after);
      const currentGroups = (await standingAssignments(c.tx, c.schoolId, days.today, { staffId: id })).map((a) => a.groupId).sort();
      const groups = body.groups === undefined ? currentGroups : await setClasses(c, id, body.groups, days, now);
      const groupsChanged = JSON.stringify(currentGroups) !== JSON.stringify([...groups].sort());
      if (changed || groupsChanged) {
        await c.audit({
          action: 'update', entity: 'staff', key: id, summary: `Changed ${before.displayName}'s account`,
          before: { ...before, groups: currentGroups }, after: { ...after, groups: [...groups].sort() },
        });
      }
    });
    return { staff: (await listStaff(deps.db, user.schoolId, days.today, now)).find((s) => s.id === id) };
  });

  app.post('/api/admin/staff/:id/disable', adminOnly, async (request) => {
    const { id } = staffParamsSchema.parse(request.params);
    const user = request.user!;
    const ended = await adminChange(deps.db, user, deps.clock.now(), async (c) => {
      const before = await existing(c, id);
      if (!before.active) return { keysRemoved: 0, sessionsEnded: 0 };
      if (before.role === 'admin') await refuseLosingAdmin(c, before, 'disable');
      await updateStaff(c.tx, c.schoolId, { ...before, active: false });
      const result = await endSessionsAndKeys(c.tx, { schoolId: c.schoolId, staffId: id, revokedBy: user.staffId, now: c.now });
      await endUnusedCodes(c.tx, c.schoolId, id, c.now);
      await c.audit({
        action: 'disable', entity: 'staff', key: id,
        summary: `Disabled ${before.displayName}: ${result.sessionsEnded} session(s) ended, ${result.keysRemoved} device key(s) removed`,
        before, after: { ...before, active: false },
      });
      return result;
    });
    return { disabled: true, ...ended };
  });

  app.post('/api/admin/staff/:id/enable', adminOnly, async (request) => {
    const { id } = staffParamsSchema.parse(request.params);
    await adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      const before = await existing(c, id);
      if (before.active) return;
      await updateStaff(c.tx, c.schoolId, { ...before, active: true });
      await c.audit({ action: 'enable', entity: 'staff', key: id, summary: `Enabled ${before.displayName}`, before, after: { ...before, active: true } });
    });
    return { enabled: true };
  });

  app.post('/api/admin/staff/:id/code', adminOnly, async (request) => {
    const { id } = staffParamsSchema.parse(request.params);
    const account = await adminChange(deps.db, request.user!, deps.clock.now(), async (c): Promise<IssuedCode> => {
      const person = await existing(c, id);
      if (!person.active) throw new HttpError(409, StaffErrorCodes.staffDisabled, `${person.displayName}'s account is disabled: enable it before issuing a sign-in code.`);
      // Codes are keyed by the instant they were issued: a second click in the same millisecond is refused, not a 500.
      if (await codeIssuedAt(c.tx, c.schoolId, id, c.now)) throw new HttpError(409, ErrorCodes.conflictingChange, 'A code was issued to this person just now. Wait a moment and try again.');
      const code = await issueFirstSignInCode(c.tx, { schoolId: c.schoolId, staffId: id, issuedBy: c.staffId, now: c.now });
      // The code itself is never written to the audit: only that one was issued and until when.
      await c.audit({ action: 'issue_code', entity: 'staff', key: id, summary: `Issued a new first sign-in code to ${person.displayName}`, after: { expiresAt: code.expiresAt } });
      return { staffId: id, username: person.username, displayName: person.displayName, ...code };
    });
    return { account };
  });
}

async function existing(c: AdminChangeContext, id: string): Promise<StaffRecord> {
  const person = await findStaff(c.tx, c.schoolId, id);
  if (!person) throw new HttpError(404, ErrorCodes.notFound, 'There is no member of staff with that id in this school.');
  return person;
}

async function refuseLosingAdmin(c: AdminChangeContext, person: StaffRecord, what: 'disable' | 'demote') {
  if (person.id === c.staffId) {
    throw new HttpError(409, StaffErrorCodes.ownAccount, what === 'disable'
      ? 'You cannot disable your own account. Ask another admin to do it.'
      : 'You cannot take the admin role from yourself. Ask another admin to do it.');
  }
  if (person.active && (await otherActiveAdmins(c.tx, c.schoolId, person.id)) === 0) {
    throw new HttpError(409, StaffErrorCodes.lastAdmin, `${person.displayName} is the school's only active admin. Make someone else an admin first.`);
  }
}

/** Makes `groupIds` the person's classes from today; refuses a group that is not the school's. */
async function setClasses(c: AdminChangeContext, staffId: string, groupIds: string[], days: { today: string; yesterday: string }, now: number): Promise<string[]> {
  const unique = [...new Set(groupIds)];
  for (const g of unique) {
    if (!(await findGroup(c.tx, c.schoolId, g))) throw new HttpError(400, ErrorCodes.badRequest, 'One of the classes chosen does not exist in this school.', { groupId: g });
  }
  const current = await standingAssignments(c.tx, c.schoolId, days.today, { staffId });
  await replaceStandingAssignments(c.tx, { ...days, schoolId: c.schoolId, version: c.version, by: c.staffId, now }, current, unique.map((groupId) => ({ staffId, groupId })));
  return unique;
}
