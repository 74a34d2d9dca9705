/**
 * Admin: classes (registration groups and who registers them), staff accounts, and the staff import (issue 10).
 * Every write goes through adminChange: one transaction, the school's next sync version on every synced row
 * it touches (tablets pull `group` and `assignment`), and an audit entry with the record before and after.
 * First sign-in codes are answered once and never audited.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import {
  StaffErrorCodes,
  createGroupSchema,
  groupParamsSchema,
  setGroupStaffSchema,
  updateGroupSchema,
} from '../../protocol/adminStaff.js';
import { addDays, localDateOf } from '../../domain/time.js';
import { adminChange, type AdminChangeContext } from '../admin/adminChange.js';
import {
  findGroup,
  groupNamed,
  insertGroup,
  listGroups,
  replaceStandingAssignments,
  standingAssignments,
  updateGroup,
} from '../repositories/adminGroupsRepository.js';
import { allStaff } from '../repositories/adminStaffRepository.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';
import { adminStaffAccountRoutes } from './adminStaffAccounts.js';
import { adminStaffImportRoutes } from './adminStaffImport.js';

/** Today and yesterday in the school's time zone: assignments start today and end yesterday. */
export function schoolDays(user: SessionUser, now: number): { today: string; yesterday: string } {
  const today = localDateOf(now, user.timeZone);
  return { today, yesterday: addDays(today, -1) };
}

export function adminStaffRoutes(app: FastifyInstance, deps: AppDeps) {
  const adminOnly = { preHandler: app.requireRole(['admin']) };

  app.get('/api/admin/groups', adminOnly, async (request) => {
    const { today } = schoolDays(request.user!, deps.clock.now());
    return { groups: await listGroups(deps.db, request.user!.schoolId, today) };
  });

  app.post('/api/admin/groups', adminOnly, async (request, reply) => {
    const body = createGroupSchema.parse(request.body);
    const group = await adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      await refuseTakenName(c, body.name);
      const created = await insertGroup(c.tx, c.schoolId, body, c.version);
      await c.audit({ action: 'create', entity: 'group', key: created.id, summary: `Added the class ${created.name}`, after: created });
      return created;
    });
    return reply.status(201).send({ group });
  });

  app.patch('/api/admin/groups/:id', adminOnly, async (request) => {
    const { id } = groupParamsSchema.parse(request.params);
    const body = updateGroupSchema.parse(request.body);
    const group = await adminChange(deps.db, request.user!, deps.clock.now(), async (c) => {
      const before = await findGroup(c.tx, c.schoolId, id);
      if (!before) throw noGroup();
      const after = { ...before, ...(body.name !== undefined && { name: body.name }), ...(body.yearGroup !== undefined && { yearGroup: body.yearGroup }) };
      if (after.name.toLowerCase() !== before.name.toLowerCase()) await refuseTakenName(c, after.name, id);
      if (after.name === before.name && after.yearGroup === before.yearGroup) return before;
      await updateGroup(c.tx, c.schoolId, after, c.version);
      await c.audit({ action: 'update', entity: 'group', key: id, summary: `Changed the class ${before.name}`, before, after });
      return after;
    });
    return { group };
  });

  app.put('/api/admin/groups/:id/staff', adminOnly, async (request) => {
    const { id } = groupParamsSchema.parse(request.params);
    const body = setGroupStaffSchema.parse(request.body);
    const user = request.user!;
    const now = deps.clock.now();
    const days = schoolDays(user, now);
    await adminChange(deps.db, user, now, async (c) => {
      const group = await findGroup(c.tx, c.schoolId, id);
      if (!group) throw noGroup();
      const staff = new Map((await allStaff(c.tx, c.schoolId)).map((s) => [s.id, s]));
      const both = body.teachers.filter((t) => body.tas.includes(t));
      if (both.length) throw new HttpError(400, ErrorCodes.badRequest, 'A person can be a teacher or a TA of a class, not both.', { staffIds: both });
      for (const [list, isTa] of [[body.teachers, false], [body.tas, true]] as const) {
        for (const staffId of list) {
          const s = staff.get(staffId);
          if (!s) throw new HttpError(400, ErrorCodes.badRequest, 'One of the people chosen is not a member of staff of this school.', { staffId });
          if (!s.active) throw new HttpError(400, ErrorCodes.badRequest, `${s.displayName}'s account is disabled: enable it before giving them a class.`, { staffId });
          if (isTa && s.role !== 'ta') throw new HttpError(400, ErrorCodes.badRequest, `${s.displayName} is not a teaching assistant: choose them as a teacher, or change their role first.`, { staffId });
          if (!isTa && s.role === 'ta') throw new HttpError(400, ErrorCodes.badRequest, `${s.displayName} is a teaching assistant: choose them as a TA.`, { staffId });
        }
      }
      const current = await standingAssignments(c.tx, c.schoolId, days.today, { groupId: id });
      const wanted = [...body.teachers, ...body.tas].map((staffId) => ({ staffId, groupId: id }));
      const names = (ids: string[]) => ids.map((s) => staff.get(s)?.displayName ?? s);
      const { started, ended } = await replaceStandingAssignments(c.tx, { ...days, version: c.version, schoolId: c.schoolId, by: c.staffId, now }, current, wanted);
      if (started.length || ended.length) {
        await c.audit({
          action: 'assign', entity: 'group', key: id,
          summary: `Changed who registers ${group.name} from ${days.today}`,
          before: { staff: names(current.map((a) => a.staffId)) },
          after: { staff: names(wanted.map((w) => w.staffId)), started: names(started.map((s) => s.staffId)), ended: names(ended.map((e) => e.staffId)) },
        });
      }
    });
    return { group: (await listGroups(deps.db, user.schoolId, days.today)).find((g) => g.id === id) };
  });

  adminStaffAccountRoutes(app, deps);
  adminStaffImportRoutes(app, deps);
}

function noGroup() {
  return new HttpError(404, ErrorCodes.notFound, 'There is no class with that id in this school.');
}

async function refuseTakenName(c: AdminChangeContext, name: string, exceptId?: string) {
  const other = await groupNamed(c.tx, c.schoolId, name, exceptId);
  if (other) throw new HttpError(409, StaffErrorCodes.classNameTaken, `There is already a class called ${other.name}. Class names must be different.`);
}
