/**
 * The requests of the Classes and Staff screens, typed from the protocol, and how their failures are said.
 * Admin changes are requests made at once (never queued in the outbox): they need an answer now.
 */
import { useCallback, useEffect, useState } from 'react';
import { useSignedIn } from '../../../components/services';
import { ApiError, type ApiClient } from '../../../sync/api';
import type { GroupRow, IssuedCode, StaffImportResult, StaffRow } from '../../../../protocol/adminStaff';
import type { Role } from '../../../../protocol';

export const ROLE_NAMES: Record<Role, string> = { teacher: 'Teacher', ta: 'Teaching assistant', office: 'Office', admin: 'Admin' };

export function problem(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server. Nothing was changed; try again when it is back.';
  if (e instanceof ApiError && e.status === 403) return 'Only an admin can do this.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  return e instanceof ApiError ? e.message : 'Something went wrong. Try again.';
}

const enc = encodeURIComponent;

export const staffApi = (api: ApiClient) => ({
  groups: async () => (await api.get<{ groups: GroupRow[] }>('/api/admin/groups')).groups,
  addGroup: (body: { name: string; yearGroup: number | null }) => api.send<{ group: GroupRow }>('POST', '/api/admin/groups', body),
  editGroup: (id: string, body: { name?: string; yearGroup?: number | null }) => api.send('PATCH', `/api/admin/groups/${enc(id)}`, body),
  setGroupStaff: (id: string, body: { teachers: string[]; tas: string[] }) => api.send('PUT', `/api/admin/groups/${enc(id)}/staff`, body),
  staff: async () => (await api.get<{ staff: StaffRow[] }>('/api/admin/staff')).staff,
  addStaff: async (body: Record<string, unknown>) => (await api.send<{ account: IssuedCode }>('POST', '/api/admin/staff', body)).account,
  editStaff: (id: string, body: Record<string, unknown>) => api.send('PATCH', `/api/admin/staff/${enc(id)}`, body),
  disable: (id: string) => api.send('POST', `/api/admin/staff/${enc(id)}/disable`, {}),
  enable: (id: string) => api.send('POST', `/api/admin/staff/${enc(id)}/enable`, {}),
  newCode: async (id: string) => (await api.send<{ account: IssuedCode }>('POST', `/api/admin/staff/${enc(id)}/code`, {})).account,
  importStaff: (mode: 'preview' | 'commit', csv: string) =>
    api.send<StaffImportResult>('POST', `/api/admin/import/staff?mode=${mode}`, csv, { rawContentType: 'text/csv' }),
});

/** Loads a list once (and again on `reload`), keeping the last good answer when a later load fails. */
export function useAdminList<T>(load: (api: ReturnType<typeof staffApi>) => Promise<T>) {
  const { api } = useSignedIn();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const reload = useCallback(async () => {
    try {
      setData(await load(staffApi(api)));
      setError(null);
    } catch (e) {
      setError(problem(e));
    }
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** "19 December 2026" for an instant, in the school's time zone. */
export function longDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(new Date(iso));
}
