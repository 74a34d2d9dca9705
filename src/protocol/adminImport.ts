/**
 * The pupil import from the school's MIS on the wire (issue 10):
 * POST /api/admin/import/pupils?mode=preview|commit with the CSV file as the body (text/csv), and
 * GET /api/admin/export/pupils.csv in the same layout.
 */
import { z } from 'zod';

export const PUPIL_IMPORT_PATH = '/api/admin/import/pupils';
export const PUPIL_EXPORT_PATH = '/api/admin/export/pupils.csv';
/** The largest file the server reads: a 2,000-pupil export with three contacts each is under 1 MB. */
export const PUPIL_IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export const importModeSchema = z.enum(['preview', 'commit']);
export type ImportMode = z.infer<typeof importModeSchema>;
export const importQuerySchema = z.object({ mode: importModeSchema });

/** A row the import cannot take: `row` is the spreadsheet's row number (the header is row 1). */
export interface ImportError {
  row: number;
  column: string;
  value: string;
  message: string;
}

/** Something the admin should know that does not stop the import; row 0 is about the whole file. */
export interface ImportWarning {
  row: number;
  column: string;
  message: string;
}

/** What the import does to one pupil, for the preview's "what will change" list. */
export interface ImportChange {
  row: number;
  action: 'create' | 'update' | 'leave';
  pupil: string;
  /** Sentences: "Class: 3 Ash → 4 Elm from 24/11/2026", "FSM: No → Yes". */
  details: string[];
}

/** The answer to a preview, and to a commit (200 when applied, 422 with the errors when nothing was written). */
export interface PupilImportResult {
  mode: ImportMode;
  /** Pupil rows in the file (the header and blank lines not counted). */
  rows: number;
  /** Each row without errors is counted once: created, updated, unchanged or left. */
  created: number;
  updated: number;
  unchanged: number;
  /** Rows whose leaving date ends (or moves the end of) the pupil's enrolment. */
  left: number;
  /** Registration groups the file names that do not exist yet (created on commit)... */
  groupsCreated: number;
  /** ...and their names. */
  newGroups: string[];
  errors: ImportError[];
  warnings: ImportWarning[];
  changes: ImportChange[];
}

/** The 400 answer when a required column is missing: each missing column and the header names accepted for it. */
export interface MissingColumnsBody {
  code: 'missing_columns';
  message: string;
  missing: Array<{ column: string; accepted: string[] }>;
}
