/**
 * First sign-in codes: how a member of staff without a password sets one. An admin (or the staff import)
 * issues a code; it is shown once, printed on a slip, and only its hash is kept. A code works once and for
 * 14 days; issuing a new one ends any earlier unused code of that person.
 *
 * Codes are 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), written in two groups of five
 * ("K7PQM-3XDRA"): about 49 bits, so guessing is hopeless within the sign-in throttle. Typing is forgiving:
 * case, spaces and dashes are ignored.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Queryable } from '../db/database.js';

export const FIRST_SIGN_IN_CODE_DAYS = 14;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newFirstSignInCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The code as stored: normalised (capitals, no spaces or dashes), then hashed. */
export function hashFirstSignInCode(code: string): string {
  const normalised = code.replace(/[\s-]+/g, '').toUpperCase();
  return createHash('sha256').update(`first-sign-in:${normalised}`).digest('hex');
}

/** Issues a new code for one person (ending any earlier unused one) and returns it: show it once, never store it. */
export async function issueFirstSignInCode(
  tx: Queryable,
  p: { schoolId: string; staffId: string; issuedBy: string | null; now: number },
): Promise<{ code: string; expiresAt: string }> {
  const code = newFirstSignInCode();
  const expiresAt = new Date(p.now + FIRST_SIGN_IN_CODE_DAYS * 24 * 3600 * 1000);
  await tx.query(
    `UPDATE first_sign_in_codes SET used_at = $3 WHERE school_id = $1 AND staff_id = $2 AND used_at IS NULL`,
    [p.schoolId, p.staffId, new Date(p.now)],
  );
  await tx.query(
    `INSERT INTO first_sign_in_codes (school_id, staff_id, code_hash, issued_by, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.schoolId, p.staffId, hashFirstSignInCode(code), p.issuedBy, new Date(p.now), expiresAt],
  );
  return { code, expiresAt: expiresAt.toISOString() };
}

/**
 * Uses a code: true (and the code is spent) when it is this person's live code, false otherwise. Run it in the
 * transaction that sets the password, so a failure after it leaves the code usable.
 */
export async function useFirstSignInCode(tx: Queryable, p: { schoolId: string; staffId: string; code: string; now: number }): Promise<boolean> {
  const { rows } = await tx.query<{ issued_at: unknown }>(
    `UPDATE first_sign_in_codes SET used_at = $4
      WHERE school_id = $1 AND staff_id = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > $4
      RETURNING issued_at`,
    [p.schoolId, p.staffId, hashFirstSignInCode(p.code), new Date(p.now)],
  );
  return rows.length > 0;
}
