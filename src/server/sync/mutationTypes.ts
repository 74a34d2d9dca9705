/** What a mutation handler receives and returns. Handlers validate, authorise and apply one mutation. */
import type { Queryable } from '../db/database.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import type { SchoolSettings } from '../repositories/schoolRepository.js';

export interface MutationContext {
  tx: Queryable;
  user: SessionUser;
  school: SchoolSettings;
  deviceId: string;
  seq: number;
  mutationId: string;
  /** The device's clock when the person acted (ms), as sent. */
  observedAtDevice: number;
  clockOffsetMs: number;
  /** The server's clock when the push arrived. Never the client's. */
  receivedAt: number;
  /** The school's sync version taken for this push. */
  version: number;
  newId(): string;
  /** Per-push memo so a register of 35 marks does not look the same rows up 35 times. */
  memo: Map<string, unknown>;
}

export type MutationOutcome = { status: 'applied' } | { status: 'rejected'; code: string; message: string };

export type MutationHandler = (ctx: MutationContext, args: unknown) => Promise<MutationOutcome>;

export const rejected = (code: string, message: string): MutationOutcome => ({ status: 'rejected', code, message });

export async function memoised<T>(ctx: MutationContext, key: string, load: () => Promise<T>): Promise<T> {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = await load();
  ctx.memo.set(key, value);
  return value;
}
