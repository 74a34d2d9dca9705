/**
 * `npm run trust-admin -- --username a.shah --name "Ms Asha Shah" [--trust "Oak Learning Trust"]`: makes a
 * trust admin on the server's own database (DATABASE_URL, or PGlite in DATA_DIR, as the server reads them) and
 * prints their first sign-in code. It is how a trust's first admin comes to exist, and how another is added;
 * there is no web page for it, because whoever can run commands on the server is already trusted with its data.
 *
 * The first trust admin names the trust (`--trust`); after that the database has its trust and the option is
 * only a check. The new admin has no password: they choose one under "First time? Sign in with your code"
 * with the printed code (one use, 14 days), as new school staff do. The creation is recorded in the trust's admin audit.
 *
 * PGlite is one process: stop the server before running this against its DATA_DIR.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { safeString } from '../../protocol/index.js';
import { usernameSchema } from '../../protocol/setup.js';
import { readConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { FIRST_SIGN_IN_CODE_DAYS, issueFirstSignInCode } from '../auth/firstSignInCodes.js';
import { recordAdminAudit } from '../repositories/adminAuditRepository.js';
import { usernameInUse } from '../repositories/setupRepository.js';
import { findTrust, insertTrustAdmin } from '../repositories/trustRepository.js';

/** A mistake in what was asked, said so that the person at the command line can put it right. */
export class TrustAdminError extends Error {}

const requestSchema = z.object({
  username: usernameSchema,
  name: safeString().trim().min(1, 'give the person a name (--name "Ms Asha Shah")').max(100),
  trust: safeString().trim().min(1).max(120).optional(),
}).strict();

export type TrustAdminRequest = z.output<typeof requestSchema>;

export const USAGE = 'Usage: npm run trust-admin -- --username a.shah --name "Ms Asha Shah" [--trust "Oak Learning Trust" (the first time)]';

/** The command's options, checked: a TrustAdminError names what is wrong. */
export function parseTrustAdminArgs(argv: string[]): TrustAdminRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: { username: { type: 'string' }, name: { type: 'string' }, trust: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    throw new TrustAdminError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.username === undefined || values.name === undefined) throw new TrustAdminError(`--username and --name are needed.\n${USAGE}`);
  const parsed = requestSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrustAdminError(`--${String(issue.path[0])}: ${issue.message}.\n${USAGE}`);
  }
  return parsed.data;
}

export interface NewTrustAdmin {
  trustId: string;
  trustName: string;
  staffId: string;
  username: string;
  code: string;
  expiresAt: string;
}

/** Makes the trust admin (and, the first time, the trust) in one transaction, and issues their code. */
export async function createTrustAdmin(db: Database, request: TrustAdminRequest, now: number): Promise<NewTrustAdmin> {
  return db.transaction(async (tx) => {
    const existing = await findTrust(tx);
    if (!existing && !request.trust) throw new TrustAdminError('This database has no trust yet: name it the first time, with --trust "Oak Learning Trust".');
    if (existing && request.trust && request.trust !== existing.trustName) {
      throw new TrustAdminError(`This database's trust is "${existing.trustName}". Leave out --trust, or give that name.`);
    }
    if (await usernameInUse(tx, request.username)) {
      throw new TrustAdminError(`The username "${request.username}" is already someone's on this server (usernames ignore capitals). Choose another.`);
    }
    const trust = existing ?? { trustId: `trust-${randomUUID()}`, trustName: request.trust! };
    const staffId = `s-${randomUUID()}`;
    await insertTrustAdmin(tx, { ...trust, staffId, username: request.username, displayName: request.name, passwordHash: null });
    const { code, expiresAt } = await issueFirstSignInCode(tx, { schoolId: trust.trustId, staffId, issuedBy: null, now });
    await recordAdminAudit(tx, { schoolId: trust.trustId, staffId: null, at: now }, {
      action: 'create', entity: 'staff', key: staffId,
      summary: `Made ${request.name} (${request.username}) a trust admin of ${trust.trustName}, from the server's command line`,
      before: null, after: { staffId, username: request.username, displayName: request.name, role: 'trust', trust: trust.trustName },
    });
    return { ...trust, staffId, username: request.username, code, expiresAt };
  });
}

export function announcement(admin: NewTrustAdmin): string {
  return [
    `${admin.username} is now a trust admin of ${admin.trustName}.`,
    `They open the register, choose "First time? Sign in with your code", and enter their username and this code: ${admin.code}`,
    `(it works once, within ${FIRST_SIGN_IN_CODE_DAYS} days, until ${admin.expiresAt.slice(0, 10)}; it is not stored, so note it now).`,
  ].join('\n');
}

async function main(): Promise<void> {
  const request = parseTrustAdminArgs(process.argv.slice(2));
  const db = await openDatabase(readConfig());
  try {
    console.log(announcement(await createTrustAdmin(db, request, Date.now())));
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof TrustAdminError ? error.message : `Could not make the trust admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
