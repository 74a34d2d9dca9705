/**
 * Unique Pupil Numbers (UPN): 13 characters, a check letter then 12 more: a 3-digit local authority number,
 * a 4-digit establishment number, 2 digits of the year of issue and 3 serial digits. A temporary UPN ends in a
 * letter instead of its last digit. The check letter is the weighted sum of characters 2-13 (weights 2-13,
 * a final letter counting by its place in the alphabet below) modulo 23, mapped onto that alphabet (no I, O,
 * S). Source: the UK Government Data Standards Catalogue, "Unique Pupil Number 2.0".
 */

const CHECK_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export type UpnProblem = 'format' | 'check_letter';

/** A UPN as people type it: capitals, spaces removed. */
export function normaliseUpn(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** The check letter a UPN's last 12 characters call for, or null when they are not 11 digits and a digit or letter. */
export function upnCheckLetter(last12: string): string | null {
  if (!/^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(last12)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = last12[i];
    const value = /\d/.test(ch) ? Number(ch) : CHECK_ALPHABET.indexOf(ch);
    sum += value * (i + 2);
  }
  return CHECK_ALPHABET[sum % 23];
}

/** Why a (normalised) UPN is not valid, or null when it is. */
export function upnProblem(upn: string): UpnProblem | null {
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn)) return 'format';
  const expected = upnCheckLetter(upn.slice(1));
  if (expected === null) return 'format';
  return expected === upn[0] ? null : 'check_letter';
}

/** A sentence for the admin: what is wrong with this UPN, or null. */
export function describeUpnProblem(upn: string): string | null {
  const problem = upnProblem(upn);
  if (problem === 'format') return `"${upn}" is not a UPN: a UPN is a letter followed by 11 digits and a final digit or letter (13 characters).`;
  if (problem === 'check_letter') return `The UPN ${upn} has the wrong check letter: with these digits it should start with ${upnCheckLetter(upn.slice(1))}. Check it against the MIS.`;
  return null;
}
