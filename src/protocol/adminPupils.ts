/**
 * Pupils' records on the wire (issue 10): the admin's list, one pupil's whole record with its dated history,
 * and the bodies of create, edit, move, leave and rejoin. The server validates every body with these schemas;
 * the app types its requests and answers from them. Imports only zod, the domain and ./index.
 */
import { z } from 'zod';
import { isoDateSchema, isStorableText, UNSTORABLE_MESSAGE } from './index.js';

/** Text a person typed: storable, trimmed, without control characters, at most `max` characters. */
const text = (max: number) =>
  z
    .string()
    .max(max * 4) // refuse a huge string before trimming it
    .refine(isStorableText, UNSTORABLE_MESSAGE)
    .transform((v) => v.trim())
    .refine((v) => !/[\u0001-\u001f\u007f]/.test(v), 'contains a control character')
    .refine((v) => v.length <= max, `is longer than ${max} characters`);

const requiredName = text(100).refine((v) => v.length > 0, 'is required');
/** An optional name: empty or missing means none. */
const optionalName = text(100)
  .nullish()
  .transform((v) => (v ? v : null));

export const GENDERS = { F: 'Female', M: 'Male', X: 'Other or not stated' } as const;
export const genderSchema = z.enum(['F', 'M', 'X']);

export const SEN_STATUSES = { none: 'None', K: 'SEN support (K)', E: 'EHC plan (E)' } as const;
export const senStatusSchema = z.enum(['none', 'K', 'E']);

/** Nursery (-1), Reception (0), Years 1 to 13. */
export const yearGroupSchema = z.number().int().min(-1).max(13);

export function yearGroupName(year: number): string {
  if (year === 0) return 'Reception';
  if (year < 0) return 'Nursery';
  return `Year ${year}`;
}

/**
 * A UK telephone number, loosely: spaces, hyphens, dots and brackets are ignored; what is left is 0 or +44
 * (or 0044) followed by 9 or 10 digits. Extensions and foreign numbers are refused (a school rings UK numbers).
 */
export function isUkPhone(phone: string): boolean {
  const digits = phone.replace(/[\s\-().]/g, '');
  return /^(?:\+44|0044|0)\d{9,10}$/.test(digits);
}

export const contactSchema = z
  .object({
    name: requiredName,
    relationship: text(60).refine((v) => v.length > 0, 'is required'),
    phone: text(30).refine(isUkPhone, 'is not a UK telephone number: write it like 07700 900123 or 020 7946 0123'),
  })
  .strict();
export type PupilContactInput = z.infer<typeof contactSchema>;

/** Contacts in priority order: the first is rung first. */
const contactsSchema = z.array(contactSchema).max(10);

/** The fields of a pupil's record an admin edits (legal names are pupils.first_name and last_name). */
export const pupilFieldsSchema = z
  .object({
    firstName: requiredName,
    lastName: requiredName,
    preferredName: optionalName,
    preferredSurname: optionalName,
    dateOfBirth: isoDateSchema.refine((d) => d >= '1990-01-01', 'is not a date of birth after 1990'),
    gender: genderSchema.nullish().transform((v) => v ?? null),
    /** As typed: spaces are removed and letters made capitals before it is checked. */
    upn: text(40)
      .nullish()
      .transform((v) => (v ? v : null)),
    /** The pupil's own National Curriculum year; null means their class's. */
    yearGroup: yearGroupSchema.nullish().transform((v) => v ?? null),
    senStatus: senStatusSchema.default('none'),
    fsm: z.boolean().default(false),
    eal: z.boolean().default(false),
    lookedAfter: z.boolean().default(false),
    childProtection: z.boolean().default(false),
    socialWorker: z.boolean().default(false),
    contacts: contactsSchema.default([]),
  })
  .strict();
export type PupilFields = z.infer<typeof pupilFieldsSchema>;

/** A date in a school's records: real, and between 1990 and 2099 (a typo such as 0202 or 9999 is refused). */
const schoolDate = isoDateSchema.refine((d) => d >= '1990-01-01' && d <= '2099-12-31', 'is not a date between 1990 and 2099');

const groupIdSchema = z.string().min(1).max(100).refine(isStorableText, UNSTORABLE_MESSAGE);

/** POST /api/admin/pupils: a new pupil, on roll and in a class from the admission date. */
export const createPupilSchema = pupilFieldsSchema.extend({ groupId: groupIdSchema, admissionDate: schoolDate }).strict();
export type CreatePupilRequest = z.input<typeof createPupilSchema>;

/** PATCH /api/admin/pupils/:id: only the fields given change; `contacts` replaces the whole list. */
export const updatePupilSchema = z
  .object({
    firstName: requiredName,
    lastName: requiredName,
    preferredName: optionalName,
    preferredSurname: optionalName,
    dateOfBirth: schoolDate,
    gender: genderSchema.nullable(),
    upn: text(40)
      .nullable()
      .transform((v) => (v ? v : null)),
    yearGroup: yearGroupSchema.nullable(),
    senStatus: senStatusSchema,
    fsm: z.boolean(),
    eal: z.boolean(),
    lookedAfter: z.boolean(),
    childProtection: z.boolean(),
    socialWorker: z.boolean(),
    contacts: contactsSchema,
  })
  .partial()
  .strict();
export type UpdatePupilRequest = z.input<typeof updatePupilSchema>;

/** `confirm: true` goes ahead although register entries fall on the changed days (they are kept). */
export const movePupilSchema = z.object({ groupId: groupIdSchema, from: schoolDate, confirm: z.boolean().optional() }).strict();
export const leavePupilSchema = z.object({ lastDay: schoolDate, confirm: z.boolean().optional() }).strict();
export const rejoinPupilSchema = z.object({ groupId: groupIdSchema, from: schoolDate }).strict();
export type MovePupilRequest = z.infer<typeof movePupilSchema>;
export type LeavePupilRequest = z.infer<typeof leavePupilSchema>;
export type RejoinPupilRequest = z.infer<typeof rejoinPupilSchema>;

export const pupilListQuerySchema = z.object({
  q: z.string().max(100).refine(isStorableText, UNSTORABLE_MESSAGE).optional(),
  groupId: groupIdSchema.optional(),
  include: z.enum(['leavers']).optional(),
});

/** One row of GET /api/admin/pupils. */
export interface PupilListRow {
  id: string;
  upn: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  preferredSurname: string | null;
  dateOfBirth: string;
  /** The pupil's own year, else their class's. */
  yearGroup: number | null;
  /** The class they are in today (for a leaver, their last class). */
  groupId: string | null;
  groupName: string | null;
  onRoll: boolean;
  /** A leaver's last day on roll. */
  leftOn: string | null;
}

export interface PupilListResponse {
  pupils: PupilListRow[];
  /** True when more pupils matched than were sent: narrow the search. */
  truncated: boolean;
}

export interface PupilContact {
  priority: number;
  name: string;
  relationship: string;
  phone: string;
}

/** GET /api/admin/pupils/:id: the whole record and its dated history (oldest first). */
export interface PupilRecord {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  preferredSurname: string | null;
  dateOfBirth: string;
  gender: string | null;
  upn: string | null;
  yearGroup: number | null;
  senStatus: 'none' | 'K' | 'E';
  fsm: boolean;
  eal: boolean;
  lookedAfter: boolean;
  childProtection: boolean;
  socialWorker: boolean;
  contacts: PupilContact[];
  enrolments: Array<{ startDate: string; endDate: string | null }>;
  memberships: Array<{ groupId: string; groupName: string; startDate: string; endDate: string | null }>;
  /** Today's class and whether they are on roll today. */
  groupId: string | null;
  onRoll: boolean;
}

/** The answer of every write: the record as it now is, and anything the admin should check. */
export interface PupilWriteResponse {
  pupil: PupilRecord;
  /** False when nothing needed to change (a move into the same class). */
  changed: boolean;
  warnings: string[];
}
