/**
 * POST /api/sync/pull: what changed in the user's scope since the device's cursor, in pages.
 *
 * Guarantees (DESIGN.md §4.4-4.6):
 * - The cursor is the school's sync version (taken under a row lock by every writer), so a page never skips
 *   a row that commits later with a lower version. A page never splits one version across two pages.
 * - The cursor also names the scope it was issued for (the school-local day and the user's groups and pupils).
 *   An unreadable cursor, one from the future, or one for another scope gets a full reset, which is how a new
 *   day's window and a pupil leaving the user's groups reach the device.
 * - Each page is read in one consistent snapshot, a read-only REPEATABLE READ transaction. The device's own
 *   row (registration, scope, last seen) is read before it and written after it, each on its own, so pulls and
 *   pushes of one device never make each other fail (a snapshot that wrote a row a push had changed since
 *   would be refused by PostgreSQL with a serialization failure).
 */
import { createHash } from 'node:crypto';
import type { Change, PullRequest, PullResponse } from '../../protocol/index.js';
import { ErrorCodes } from '../../protocol/index.js';
import { addDays, localDateOf } from '../../domain/time.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import { currentVersion } from '../repositories/schoolRepository.js';
import { findOrRegisterDevice, updateDevice } from '../repositories/deviceRepository.js';
import { changesSince, scopeGroupIds, scopePupilIds, type ChangeList, type ChangeRow, type Window } from '../repositories/pullRepository.js';
import { HttpError } from '../httpError.js';

/** How far back a device keeps registers (read-only history) and how far ahead it knows the calendar. */
export const HISTORY_DAYS = 21;
export const CALENDAR_AHEAD_DAYS = 14;
export const PAGE_SIZE = 1000;

export async function processPull(db: Database, clock: Clock, user: SessionUser, request: PullRequest, pageSize = PAGE_SIZE): Promise<PullResponse> {
  const now = clock.now();
  const today = localDateOf(now, user.timeZone);
  const window: Window = { today, from: addDays(today, -HISTORY_DAYS), to: addDays(today, CALENDAR_AHEAD_DAYS) };

  const device = await findOrRegisterDevice(db, { schoolId: user.schoolId, deviceId: request.deviceId, staffId: user.staffId, now });
  if (!device) throw new HttpError(403, ErrorCodes.deviceOfAnotherUser, 'This device is registered to another person. Sign out and sign in again.');

  const { response, scope } = await db.transaction(
    async (tx) => {
      const groupIds = await scopeGroupIds(tx, user, window, request.groupId);
      const pupilIds = await scopePupilIds(tx, user.schoolId, groupIds, window);
      const scope = scopeKey(today, user, groupIds, pupilIds);
      const latest = await currentVersion(tx, user.schoolId);
      const cursor = parseCursor(request.cursor);
      const reset = !cursor || cursor.scope !== scope || cursor.version > latest;
      const since = reset ? 0 : cursor.version;

      const lists = await changesSince(tx, { user, groupIds, window, since, limit: pageSize });
      let page = takeCompleteVersions(lists);
      if (page.rows.length === 0 && page.nextVersion != null) {
        // One version holds more rows than a page: send that version whole rather than split it.
        page = { rows: (await changesSince(tx, { user, groupIds, window, since, limit: pageSize, exactVersion: page.nextVersion })).flatMap((l) => l.rows), nextVersion: null, more: true };
      }
      const pageVersion = page.rows.length ? page.rows[page.rows.length - 1].version : since;
      const hasMore = page.more;
      const changes = page.rows.map((r): Change =>
        r.value === null ? { entity: r.entity, op: 'delete', key: r.key } : { entity: r.entity, op: 'put', key: r.key, value: normaliseValue(r) },
      );
      const response: PullResponse = {
        cursor: formatCursor(hasMore ? pageVersion : Math.max(pageVersion, latest), scope),
        hasMore,
        ...(reset ? { reset: true } : {}),
        changes,
        serverTime: new Date(now).toISOString(),
      };
      return { response, scope };
    },
    { repeatableRead: true },
  );
  // Bookkeeping only (nothing reads scope_key to decide what to send): a plain update that waits for a push
  // of this device to commit, then applies.
  await updateDevice(db, { schoolId: user.schoolId, deviceId: device.id, scopeKey: scope, now });
  return response;
}

/**
 * Merges the per-entity lists (each ordered by version, each cut at its own limit) and keeps only versions that
 * are complete in every list: a list that hit its limit may hold more rows of its last version.
 */
export function takeCompleteVersions(lists: ChangeList[]): { rows: ChangeRow[]; nextVersion: number | null; more: boolean } {
  let completeBelow = Infinity;
  for (const { rows: list, limit } of lists) {
    if (list.length >= limit) completeBelow = Math.min(completeBelow, list[list.length - 1].version);
  }
  const all = lists.flatMap((l) => l.rows).sort((a, b) => a.version - b.version || a.entity.localeCompare(b.entity) || a.key.localeCompare(b.key));
  if (completeBelow === Infinity) return { rows: all, nextVersion: null, more: false };
  const rows = all.filter((r) => r.version < completeBelow);
  return { rows, nextVersion: rows.length ? null : completeBelow, more: true };
}

function normaliseValue(row: ChangeRow): unknown {
  if (row.entity !== 'cell' || !row.value) return row.value;
  const v = row.value as { markedAt: string | null };
  // JSON timestamps come back in the database's own format; the wire carries ISO 8601 in UTC.
  return { ...row.value, markedAt: v.markedAt ? new Date(v.markedAt).toISOString() : null };
}

function scopeKey(today: string, user: SessionUser, groupIds: string[], pupilIds: string[]): string {
  const hash = createHash('sha256').update([today, user.staffId, user.role, groupIds.join(','), pupilIds.join(',')].join('\n')).digest('base64url');
  return hash.slice(0, 16);
}

function parseCursor(cursor: string | null | undefined): { version: number; scope: string } | null {
  const match = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(cursor ?? '');
  return match ? { version: Number(match[1]), scope: match[2] } : null;
}

function formatCursor(version: number, scope: string): string {
  return `v1.${version}.${scope}`;
}
