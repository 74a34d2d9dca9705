/**
 * Pupils' photos (migration 008). The bytes are a bytea: `pg` answers a Buffer and PGlite a Uint8Array, and
 * both take either as a parameter, so callers get a Buffer made here and never see the engine's type.
 * Writers pass the school's sync version of their change; a removal leaves a tombstone (entity 'photo') so
 * tablets that pulled the photo drop it.
 */
import type { Queryable } from '../db/database.js';
import type { AdminPhotoPupil, PhotoContentType } from '../../protocol/adminPhotos.js';

export interface PhotoMeta {
  contentType: PhotoContentType;
  byteSize: number;
  width: number;
  height: number;
  uploadedAt: string;
}

export interface NewPhoto {
  schoolId: string;
  pupilId: string;
  contentType: PhotoContentType;
  bytes: Uint8Array;
  width: number;
  height: number;
  uploadedBy: string | null;
  uploadedAt: number;
  version: number;
}

const META_COLUMNS = `content_type AS "contentType", byte_size AS "byteSize", width, height, uploaded_at AS "uploadedAt"`;

/** Every pupil of the school (leavers too: their photo may still need removing), named as the school names them. */
export async function listPhotoPupils(db: Queryable, schoolId: string, today: string): Promise<AdminPhotoPupil[]> {
  const { rows } = await db.query<AdminPhotoPupil & { uploadedAt: Date | string | null }>(
    `SELECT p.id AS "pupilId",
            coalesce(nullif(p.preferred_name, ''), p.first_name) || ' ' || coalesce(nullif(p.preferred_surname, ''), p.last_name) AS name,
            p.upn, g.name AS "groupName", ph.pupil_id IS NOT NULL AS "hasPhoto", ph.byte_size AS "byteSize", ph.uploaded_at AS "uploadedAt"
       FROM pupils p
       LEFT JOIN group_memberships m ON m.school_id = p.school_id AND m.pupil_id = p.id
            AND m.start_date <= $2 AND (m.end_date IS NULL OR m.end_date >= $2)
       LEFT JOIN registration_groups g ON g.school_id = m.school_id AND g.id = m.group_id
       LEFT JOIN pupil_photos ph ON ph.school_id = p.school_id AND ph.pupil_id = p.id
      WHERE p.school_id = $1
      ORDER BY g.name NULLS LAST, lower(coalesce(nullif(p.preferred_surname, ''), p.last_name)), lower(p.first_name), p.id`,
    [schoolId, today],
  );
  return rows.map((r) => ({ ...r, uploadedAt: r.uploadedAt === null ? null : new Date(r.uploadedAt).toISOString() }));
}

/** The pupil's name for the audit, or null when the school has no such pupil. */
export async function findPupilName(db: Queryable, schoolId: string, pupilId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT coalesce(nullif(preferred_name, ''), first_name) || ' ' || coalesce(nullif(preferred_surname, ''), last_name) AS name
       FROM pupils WHERE school_id = $1 AND id = $2`,
    [schoolId, pupilId],
  );
  return rows[0]?.name ?? null;
}

export async function findPhotoMeta(db: Queryable, schoolId: string, pupilId: string): Promise<PhotoMeta | null> {
  const { rows } = await db.query<PhotoMeta & { uploadedAt: Date | string }>(
    `SELECT ${META_COLUMNS} FROM pupil_photos WHERE school_id = $1 AND pupil_id = $2`,
    [schoolId, pupilId],
  );
  const row = rows[0];
  return row ? { ...row, uploadedAt: new Date(row.uploadedAt).toISOString() } : null;
}

export async function findPhoto(db: Queryable, schoolId: string, pupilId: string): Promise<{ contentType: PhotoContentType; bytes: Buffer } | null> {
  const { rows } = await db.query<{ contentType: PhotoContentType; bytes: Uint8Array }>(
    `SELECT content_type AS "contentType", bytes FROM pupil_photos WHERE school_id = $1 AND pupil_id = $2`,
    [schoolId, pupilId],
  );
  const row = rows[0];
  if (!row) return null;
  // Buffer.from(Uint8Array) copies; a Buffer (pg) is used as it is.
  return { contentType: row.contentType, bytes: Buffer.isBuffer(row.bytes) ? row.bytes : Buffer.from(row.bytes) };
}

/** Adds or replaces the pupil's photo, and forgets an earlier removal's tombstone (the put supersedes it). */
export async function savePhoto(tx: Queryable, p: NewPhoto): Promise<void> {
  await tx.query(
    `INSERT INTO pupil_photos (school_id, pupil_id, content_type, bytes, byte_size, width, height, uploaded_by, uploaded_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (school_id, pupil_id) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,
       byte_size = EXCLUDED.byte_size, width = EXCLUDED.width, height = EXCLUDED.height, uploaded_by = EXCLUDED.uploaded_by,
       uploaded_at = EXCLUDED.uploaded_at, version = EXCLUDED.version`,
    [p.schoolId, p.pupilId, p.contentType, Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength), p.bytes.byteLength, p.width, p.height, p.uploadedBy, new Date(p.uploadedAt), p.version],
  );
  await tx.query(`DELETE FROM tombstones WHERE school_id = $1 AND entity = 'photo' AND key = $2`, [p.schoolId, p.pupilId]);
}

/** Removes the photo and leaves a tombstone; false when there was none. */
export async function removePhoto(tx: Queryable, schoolId: string, pupilId: string, version: number): Promise<boolean> {
  const { rows } = await tx.query(`DELETE FROM pupil_photos WHERE school_id = $1 AND pupil_id = $2 RETURNING pupil_id`, [schoolId, pupilId]);
  if (rows.length === 0) return false;
  await tx.query(
    `INSERT INTO tombstones (school_id, entity, key, version) VALUES ($1, 'photo', $2, $3)
     ON CONFLICT (school_id, entity, key) DO UPDATE SET version = EXCLUDED.version`,
    [schoolId, pupilId, version],
  );
  return true;
}
