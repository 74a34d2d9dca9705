/**
 * The admin audit on the wire (issue 10): GET /api/admin/audit?entity=&key=&before=&limit=, newest first.
 *
 * Paging: every entry of one admin change carries the same time, and an import can write hundreds of them, so
 * a page that ended in the middle of them and resumed "before that time" would skip the rest. `nextBefore` is
 * therefore the last entry's time AND id (`<ISO time>~<id>`); pass it back as `before` for the next page.
 * A plain ISO time is accepted as `before` too (entries strictly earlier than it).
 */
import { z } from 'zod';
import { instantSchema, isStorableText, UNSTORABLE_MESSAGE } from './index.js';

export const AUDIT_DEFAULT_LIMIT = 100;
export const AUDIT_MAX_LIMIT = 500;

/** Kinds of record are short lower-case words ('pupil', 'staff', 'calendar'): nothing else can match one. */
const entityName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a kind of record such as pupil, staff or calendar');

const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Where a page starts: `<instant>` or `<instant>~<entry id>` (what `nextBefore` says). */
export interface AuditCursor {
  at: string;
  id: string | null;
}

export function parseAuditCursor(value: string): AuditCursor | null {
  const [at, id, ...rest] = value.split('~');
  if (rest.length > 0 || !instantSchema.safeParse(at).success) return null;
  if (id !== undefined && !ENTRY_ID.test(id)) return null;
  return { at: new Date(at!).toISOString(), id: id ?? null };
}

export const formatAuditCursor = (entry: { at: string; id: string }) => `${entry.at}~${entry.id}`;

export const adminAuditQuerySchema = z
  .object({
    entity: entityName.optional(),
    key: z.string().min(1).max(200).refine(isStorableText, UNSTORABLE_MESSAGE).optional(),
    before: z
      .string()
      .max(120)
      .transform((v, ctx) => {
        const cursor = parseAuditCursor(v);
        if (!cursor) {
          ctx.addIssue({ code: 'custom', message: 'before must be a time such as 2026-11-24T09:05:00Z, or the nextBefore of the last page' });
          return z.NEVER;
        }
        return cursor;
      })
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, `limit must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`)
      .transform(Number)
      .refine((n) => n >= 1 && n <= AUDIT_MAX_LIMIT, `limit must be a whole number from 1 to ${AUDIT_MAX_LIMIT}`)
      .optional(),
  })
  .strict();
export type AdminAuditQuery = z.infer<typeof adminAuditQuerySchema>;

export interface AdminAuditEntryWire {
  id: string;
  /** ISO instant of the change. */
  at: string;
  /** Who made it (the first run's setup is the new admin's own; null only for a change no account made). */
  staffId: string | null;
  staffName: string | null;
  action: string;
  entity: string;
  key: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface AdminAuditResponse {
  entries: AdminAuditEntryWire[];
  /** Pass as `before` for older entries; null when this page reached the oldest. */
  nextBefore: string | null;
}
