/**
 * The demo trust (issue 12): the trust's own row and its trust admin `trust1` (password `demo`), who sees the
 * demo school in the trust overview and can add schools. `npm start` in demo mode adds it after the demo school.
 */
import type { Database } from '../db/database.js';
import { hashPassword } from '../auth/passwords.js';
import { insertTrustAdmin } from '../repositories/trustRepository.js';
import { DEMO_PASSWORD } from './seedDemoSchool.js';

export const DEMO_TRUST = { trustId: 'trust', trustName: 'Demo Learning Trust' } as const;
export const DEMO_TRUST_ADMIN = { staffId: 's-trust1', username: 'trust1', displayName: 'Ms Priya Shah', role: 'trust' } as const;

export async function seedDemoTrust(db: Database): Promise<typeof DEMO_TRUST_ADMIN> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction((tx) => insertTrustAdmin(tx, { ...DEMO_TRUST, ...DEMO_TRUST_ADMIN, passwordHash }));
  return DEMO_TRUST_ADMIN;
}
