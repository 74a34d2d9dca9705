/**
 * The wire contract (v1) between the register app and the school's server.
 * One definition, used by both sides: the server validates every request body with these schemas, and the
 * app types its requests and responses from them. Documented for people in docs/protocol.md.
 * Imports only zod and the domain, never app or server code.
 */
import { z } from 'zod';
import { isValidDate } from '../domain/time.js';

export const PROTOCOL_VERSION = 1;

/**
 * Text the server can store: no NUL character (PostgreSQL's text refuses it) and no lone half of a UTF-16
 * surrogate pair (jsonb refuses it; text would quietly turn it into U+FFFD). Every string on the wire is held
 * to this, so a value that reaches a database write can always be written.
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE_CHARACTER.test(value);
}
const UNSTORABLE_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_MESSAGE = 'contains a character that cannot be stored (a NUL, or half of a UTF-16 pair)';

/** A string on the wire: any text the server can store (see isStorableText). */
export const safeString = () => z.string().refine(isStorableText, UNSTORABLE_MESSAGE);

/** A real calendar date written YYYY-MM-DD: 2026-02-30, 2026-13-01 and 0000-01-01 are refused. */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD').refine(isValidDate, 'not a real date');
const isoDate = isoDateSchema;

const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
/**
 * An instant, ISO 8601 with an offset or Z, in the years 1 to 9999 (what the database stores: it has no
 * year 0). A device's clock may be wrong by any amount and is flagged, not refused (observedTime.ts); an
 * instant outside any calendar is not a clock, it is not a time at all.
 */
export const instantSchema = z
  .string()
  .datetime({ offset: true })
  .refine((v) => { const t = Date.parse(v); return t >= FIRST_INSTANT && t <= LAST_INSTANT; }, 'not an instant between the years 1 and 9999');
export const sessionSchema = z.enum(['AM', 'PM']);

export const loginRequestSchema = z.object({
  username: safeString().min(1).max(100),
  password: safeString().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The roles of a school's own staff: what an admin may give someone, and what a school's routes allow. */
export const roleSchema = z.enum(['teacher', 'ta', 'office', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/**
 * The trust admin (issue 12): an account of the multi-academy trust, not of any school's register. It may
 * create a school and read the trust overview (protocol/trust.ts), nothing else: every school route refuses
 * it. Stored as a staff row of the trust's own row in `schools` (kind 'trust'): docs/decisions.md.
 */
export const TRUST_ROLE = 'trust' as const;
/** Every role an account can have: a school's roles and the trust admin. */
export const accountRoleSchema = z.enum([...roleSchema.options, TRUST_ROLE]);
export type AccountRole = z.infer<typeof accountRoleSchema>;

export const signedInUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: accountRoleSchema,
  schoolId: z.string(),
  schoolName: z.string(),
  timeZone: z.string(),
});
export type SignedInUser = z.infer<typeof signedInUserSchema>;

export interface LoginResponse {
  user: SignedInUser;
  serverTime: string;
}

/** Teacher/TA mark on the wire: `\` is accepted as `/` in the PM and stored as `\`. */
export const markArgsSchema = z.object({
  pupilId: safeString().min(1).max(64),
  date: isoDate,
  session: sessionSchema,
  // Any short string passes the schema so the server can say *why* a mark is refused (only / or N).
  mark: safeString().max(8),
});
export type MarkArgs = z.infer<typeof markArgsSchema>;

export const mutationSchema = z.object({
  seq: z.number().int().positive(),
  id: safeString().min(8).max(64),
  type: safeString().min(1).max(64),
  args: z.unknown(),
  /** The device's own clock when the person acted, ISO 8601 with offset or Z. */
  observedAt: instantSchema,
  /** The device's estimate of (server clock - device clock) in ms when it observed. */
  clockOffsetMs: z.number().finite(),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const MAX_MUTATIONS_PER_PUSH = 500;

export const pushRequestSchema = z.object({
  deviceId: safeString().min(8).max(64),
  mutations: z.array(mutationSchema).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * What the server reads of a push before looking at each mutation: the device and each mutation's seq. A
 * mutation that is otherwise not in the form of mutationSchema is answered `rejected` (invalid_mutation) on
 * its own, so one broken mutation never refuses the whole push and the ones behind it still apply.
 */
export const pushEnvelopeSchema = z.object({
  deviceId: pushRequestSchema.shape.deviceId,
  mutations: z.array(z.looseObject({ seq: mutationSchema.shape.seq })).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushEnvelope = z.infer<typeof pushEnvelopeSchema>;

/** The most a push may weigh; a bigger one is refused with 413 payload_too_large. */
export const MAX_PUSH_BYTES = 2 * 1024 * 1024;

export type MutationStatus = 'applied' | 'rejected' | 'retry';
export interface MutationResult {
  seq: number;
  status: MutationStatus;
  code?: string;
  message?: string;
}
export interface PushResponse {
  results: MutationResult[];
  /** The highest seq the server has recorded for this device (applied or rejected). */
  lastSeq: number;
  serverTime: string;
}

export const pullRequestSchema = z.object({
  deviceId: safeString().min(8).max(64),
  cursor: safeString().max(100).nullable().optional(),
  /**
   * Only this registration group: an office or admin computer taking one class's register holds that class
   * and nothing else of the school. Never widens what the person may see (a teacher's own groups stay the
   * limit of theirs). Without it, the person's whole scope.
   */
  groupId: z.string().min(1).max(64).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** What a pull change is about. 'photo' is a pupil's photo (keyed by the pupil's id; src/protocol/adminPhotos.ts). */
export type EntityName = 'school' | 'group' | 'pupil' | 'assignment' | 'day' | 'cell' | 'photo';

export interface Change {
  entity: EntityName;
  op: 'put' | 'delete';
  key: string;
  value?: unknown;
}
export interface PullResponse {
  cursor: string;
  hasMore: boolean;
  /** When true the device must drop what it holds (except pending marks) before applying these changes. */
  reset?: boolean;
  changes: Change[];
  serverTime: string;
}

/** Entity values as they travel in pull changes. */
export interface SchoolValue {
  id: string;
  name: string;
  timeZone: string;
  sessions: Record<'AM' | 'PM', { opensAt: string; openMinutes: number }>;
}
export interface GroupValue {
  id: string;
  name: string;
  yearGroup: number | null;
}
export interface PupilValue {
  id: string;
  groupId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  /**
   * The pupil's dated memberships of the groups in the user's scope, which decide whose register the pupil is
   * on which day. Absent in data pulled before memberships travelled: then an open membership of `groupId`.
   */
  memberships?: PupilMembership[];
}
/** One membership of a pupil in a group: on that group's register from `from` to `until`. */
export interface PupilMembership {
  groupId: string;
  from: string;
  /** The last day in the group (inclusive); null while open. */
  until: string | null;
}
export interface AssignmentValue {
  id: string;
  groupId: string;
  staffId: string;
  kind: 'teacher' | 'cover';
  startDate: string;
  endDate: string | null;
  /** Sessions the assignment covers: both for a class teacher, possibly one for a cover. */
  sessions: Array<'AM' | 'PM'>;
}
export interface DayValue {
  date: string;
  isSchoolDay: boolean;
  label: string | null;
}
export interface CellValue {
  pupilId: string;
  date: string;
  session: 'AM' | 'PM';
  /** The effective code: `/`, `\`, `N`, or the office's code. */
  code: string;
  source: 'teacher' | 'office';
  markedBy: string | null;
  markedAt: string | null;
}

export const cellKey = (pupilId: string, date: string, session: string) => `${pupilId}|${date}|${session}`;

/** Error body for every 4xx/5xx. */
export interface ErrorBody {
  code: string;
  message: string;
}

/** Stable codes for rejected mutations and error responses. */
export const ErrorCodes = {
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  unauthenticated: 'unauthenticated',
  badCredentials: 'bad_credentials',
  forbidden: 'forbidden',
  notFound: 'not_found',
  deviceOfAnotherUser: 'device_of_another_user',
  unknownMutation: 'unknown_mutation',
  invalidArgs: 'invalid_args',
  roleNotAllowed: 'role_not_allowed',
  notYourGroup: 'not_your_group',
  markNotAllowed: 'mark_not_allowed',
  unknownPupil: 'unknown_pupil',
  notOnRoll: 'not_on_roll',
  notSchoolDay: 'not_a_school_day',
  wrongDate: 'observed_on_another_date',
  futureDate: 'date_in_future',
  beforeRegisterOpens: 'before_register_opens',
  duplicateId: 'duplicate_mutation_id',
  invalidMutation: 'invalid_mutation',
  payloadTooLarge: 'payload_too_large',
  tooManySignIns: 'too_many_sign_ins',
  deviceKeyNotAllowed: 'device_key_not_allowed',
  deviceKeyNotIssued: 'device_key_not_issued',
  reasonRequired: 'reason_required',
  codeNotPlannable: 'code_not_plannable',
  noSchoolDays: 'no_school_days',
  // Issue 10: set-up and the admin's screens.
  setupTokenInvalid: 'setup_token_invalid',
  passwordTooShort: 'password_too_short',
  firstSignInCodeInvalid: 'first_sign_in_code_invalid',
  noPasswordYet: 'no_password_yet',
  usernameTaken: 'username_taken',
  upnInvalid: 'upn_invalid',
  upnTaken: 'upn_taken',
  invalidSettings: 'invalid_settings',
  confirmationRequired: 'confirmation_required',
  conflictingChange: 'conflicting_change',
  missingColumns: 'missing_columns',
  importHasErrors: 'import_has_errors',
  unsupportedMediaType: 'unsupported_media_type',
  // Issue 12: the trust.
  urnTaken: 'urn_taken',
} as const;

/** One member of staff on the admin's "Staff devices" screen (GET /api/admin/staff/devices). */
export interface StaffDevicesRow {
  staffId: string;
  username: string;
  displayName: string;
  role: string;
  /** Devices of this person whose key still works (not expired, not removed). */
  devicesWithKey: number;
  sessions: number;
  lastRevokedAt: string | null;
  lastRevokedBy: string | null;
}
