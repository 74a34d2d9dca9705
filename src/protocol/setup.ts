/**
 * The first run (POST /api/setup) and the first sign-in with a code (POST /api/auth/first-sign-in): wire
 * schemas shared by the server and the app. Imports only zod, the domain and the protocol's own helpers.
 */
import { z } from 'zod';
import { safeString, type LoginResponse } from './index.js';

/** Shorter passwords are refused with 400 `password_too_short` (checked after the schema, so the message is plain). */
export const MIN_PASSWORD_LENGTH = 10;
export const DEFAULT_SETUP_TIME_ZONE = 'Europe/London';

/**
 * A username a person can type at sign-in: 2 to 50 letters, digits, dots, hyphens and underscores, starting
 * with a letter or digit. Sign-in compares usernames without regard to case.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,49}$/;
export const usernameSchema = safeString()
  .trim()
  .regex(USERNAME_PATTERN, 'a username is 2 to 50 letters, digits, dots, hyphens or underscores, starting with a letter or digit');

/** The canonical IANA zone names this runtime knows (Europe/London, America/New_York…), and UTC. */
export function isIanaTimeZone(value: string): boolean {
  if (value === 'UTC') return true;
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone');
  return known ? known.includes(value) : false;
}

/** New passwords: any storable text up to 200 characters; the length rule is answered in words by the route. */
const newPasswordSchema = safeString().max(200);

export const setupRequestSchema = z.object({
  token: safeString().min(1).max(200),
  school: z.object({
    name: safeString().trim().min(1, 'the school needs a name').max(120),
    urn: z
      .union([safeString().trim().regex(/^\d{6}$/, 'a URN is 6 digits'), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v : null)),
    timeZone: safeString()
      .max(64)
      .refine(isIanaTimeZone, 'not a time zone name (for example Europe/London)')
      .optional()
      .default(DEFAULT_SETUP_TIME_ZONE),
  }).strict(),
  admin: z.object({
    username: usernameSchema,
    displayName: safeString().trim().min(1, 'the admin needs a name').max(100),
    password: newPasswordSchema,
  }).strict(),
}).strict();
export type SetupRequest = z.input<typeof setupRequestSchema>;

/** 201: the new school, and the admin signed in exactly as POST /api/auth/login answers. */
export interface SetupResponse extends LoginResponse {
  schoolId: string;
}

export const firstSignInRequestSchema = z.object({
  username: safeString().min(1).max(100),
  code: safeString().min(1).max(50),
  newPassword: newPasswordSchema,
}).strict();
export type FirstSignInRequest = z.infer<typeof firstSignInRequestSchema>;
