/**
 * Admin only: each person's devices that can still send with a key, and revoking them (a lost tablet).
 * Revoking removes every device key of that person and ends all their sessions; it is recorded (who, whom,
 * when, how many), in the admin audit too (entity 'staff', keyed by the person, so it is in their history), and
 * answered with that record. Their waiting marks on any tablet stay there and go when
 * they sign in on it again.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/index.js';
import { findStaffInSchool, listStaffDevices, revokeStaffDevices } from '../repositories/deviceRevocationRepository.js';
import { recordAdminAudit } from '../repositories/adminAuditRepository.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

const paramsSchema = z.object({ staffId: z.string().min(1).max(64) });

export function adminDeviceRoutes(app: FastifyInstance, deps: AppDeps) {
  const adminOnly = { preHandler: app.requireRole(['admin']) };

  app.get('/api/admin/staff/devices', adminOnly, async (request) => ({
    staff: await listStaffDevices(deps.db, request.user!.schoolId, deps.clock.now()),
  }));

  app.post('/api/admin/staff/:staffId/devices/revoke', adminOnly, async (request) => {
    const { staffId } = paramsSchema.parse(request.params);
    const admin = request.user!;
    const staff = await findStaffInSchool(deps.db, admin.schoolId, staffId);
    if (!staff) throw new HttpError(404, ErrorCodes.notFound, 'There is no member of staff with that id in this school.');
    const now = deps.clock.now();
    const revocation = await revokeStaffDevices(deps.db, { schoolId: admin.schoolId, staffId, revokedBy: admin.staffId, id: randomUUID(), now }, (tx, r) =>
      recordAdminAudit(tx, { schoolId: admin.schoolId, staffId: admin.staffId, at: now }, {
        action: 'revoke_devices',
        entity: 'staff',
        key: staffId,
        summary: `Revoked the devices of ${staff.displayName}: ${r.keysRemoved} device ${r.keysRemoved === 1 ? 'key' : 'keys'} removed, ${r.sessionsEnded} ${r.sessionsEnded === 1 ? 'session' : 'sessions'} ended`,
        before: { devicesWithKey: r.keysRemoved, sessions: r.sessionsEnded },
        after: { devicesWithKey: 0, sessions: 0 },
      }),
    );
    return { revocation: { ...revocation, displayName: staff.displayName } };
  });
}
