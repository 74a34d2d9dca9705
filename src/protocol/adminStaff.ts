/**
 * The wire contract of the admin's Classes and Staff screens and the staff import (issue 10): request schemas
 * the server validates and the answers the app reads. Imports only zod and the protocol's own helpers.
 */
import { z } from 'zod';
import { roleSchema, safeString, type Role } from './index.js';

/** Error codes of this area (the shared ones are in ErrorCodes). */
export const StaffErrorCodes = {
  classNameTaken: 'class_name_taken',
  lastAdmin: 'last_admin',
  ownAccount: 'own_account',
  staffDisabled: 'staff_disabled',
} as const;

const idSchema = safeString().min(1).max(64);
const name = (max: number) => safeString().trim().min(1).max(max);
/** National Curriculum year: -1 nursery, 0 reception, 1–13; null for a class without one (a mixed nursery). */
export const yearGroupSchema = z.number().int().min(-1).max(14).nullable();

export const groupParamsSchema = z.object({ id: idSchema });
export const createGroupSchema = z.object({ name: name(40), yearGroup: yearGroupSchema }).strict();
export const updateGroupSchema = z.object({ name: name(40).optional(), yearGroup: yearGroupSchema.optional() }).strict();
export const setGroupStaffSchema = z
  .object({ teachers: z.array(idSchema).max(20), tas: z.array(idSchema).max(20) })
  .strict();

export interface StaffRef {
  id: string;
  displayName: string;
}

export interface GroupRow {
  id: string;
  name: string;
  yearGroup: number | null;
  /** Class teachers today (standing assignments of anyone who is not a TA). */
  teachers: StaffRef[];
  /** Teaching assistants with a standing assignment to this class today. */
  tas: StaffRef[];
  /** Dated covers of this class today (arranged by the office), for information. */
  coversToday: StaffRef[];
  pupilsOnRoll: number;
}

export const staffParamsSchema = z.object({ id: idSchema });
const emailSchema = safeString().trim().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an email address such as j.smith@school.org.uk');

export const createStaffSchema = z
  .object({
    title: name(20).optional(),
    displayName: name(100).optional(),
    forename: name(60).optional(),
    surname: name(60).optional(),
    role: roleSchema,
    email: emailSchema.optional(),
    groups: z.array(idSchema).max(20).optional(),
  })
  .strict()
  .refine((b) => b.displayName !== undefined || (b.forename !== undefined && b.surname !== undefined), {
    message: 'give a display name, or a forename and a surname',
    path: ['displayName'],
  });

export const updateStaffSchema = z
  .object({
    displayName: name(100).optional(),
    title: name(20).nullable().optional(),
    email: emailSchema.nullable().optional(),
    role: roleSchema.optional(),
    groups: z.array(idSchema).max(20).optional(),
  })
  .strict();

export interface StaffRow {
  id: string;
  username: string;
  displayName: string;
  title: string | null;
  email: string | null;
  role: Role;
  /** Classes this person registers from today (standing assignments). */
  groups: Array<{ id: string; name: string }>;
  active: boolean;
  hasPassword: boolean;
  /** When an unused first sign-in code runs out, or null when none is waiting. */
  codeExpiresAt: string | null;
  lastSignInAt: string | null;
}

/** A first sign-in code as shown once (never stored in clear, never audited). */
export interface IssuedCode {
  staffId: string;
  username: string;
  displayName: string;
  code: string;
  expiresAt: string;
}

export interface ImportProblem {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface StaffImportResult {
  mode: 'preview' | 'commit';
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  left: 0;
  groupsCreated: 0;
  errors: ImportProblem[];
  warnings: Array<{ row: number; column: string; message: string }>;
  /** What each row will do (or did): for the preview table. */
  changes: Array<{ row: number; displayName: string; action: 'create' | 'update' | 'unchanged'; details: string[] }>;
  /** Accounts created by a commit, each with its one-time code (a preview issues none). */
  accounts: Array<{ username: string; displayName: string; code: string; expiresAt: string }>;
}

export const importModeSchema = z.object({ mode: z.enum(['preview', 'commit']) });
