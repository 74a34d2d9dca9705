/**
 * The audit of every admin change (issue 10; GET /api/admin/audit): when, who, and what, newest first, a page
 * at a time ("Load older"), filtered by the kind of record. "Show changes" lists the fields an entry changed,
 * each with its value before and after, in words.
 *
 * Guarantees:
 * - The log is only read: nothing on this screen can change it (the server refuses changes to it anyway).
 * - A failed read says why and keeps what is already on screen; "Load older" can be pressed again.
 * - Changing the filter starts again from the newest entry, and an answer for an earlier filter is ignored.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSignedIn } from '../../../components/services';
import type { PageProps } from '../../../components/route';
import { ApiError } from '../../../sync/api';
import type { AdminAuditEntryWire, AdminAuditResponse } from '../../../../protocol/adminAudit';
import { changedFields } from './auditChanges';
import './adminAudit.css';

/** The kinds of record admin changes are logged under, as the filter offers them. */
export const AUDIT_KINDS: Array<{ entity: string; label: string }> = [
  { entity: 'school', label: 'School details' },
  { entity: 'session', label: 'Session times' },
  { entity: 'calendar', label: 'Calendar' },
  { entity: 'group', label: 'Classes' },
  { entity: 'pupil', label: 'Pupils' },
  { entity: 'photo', label: 'Photos' },
  { entity: 'staff', label: 'Staff' },
  { entity: 'import', label: 'Imports' },
];
const PAGE_SIZE = 50;

function problem(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server. Try again when it is back.';
  if (e instanceof ApiError && e.status === 403) return 'Only an admin can read the audit.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  return e instanceof ApiError ? e.message : 'The audit could not be loaded. Try again.';
}

export default function AdminAudit({ params }: PageProps) {
  void params;
  const { api, user } = useSignedIn();
  const [entity, setEntity] = useState('');
  const [entries, setEntries] = useState<AdminAuditEntryWire[] | null>(null);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const generation = useRef(0);

  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: user.timeZone || 'Europe/London',
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  });

  const load = useCallback(
    async (before: string | null) => {
      const mine = before === null ? ++generation.current : generation.current;
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (entity) query.set('entity', entity);
      if (before) query.set('before', before);
      setLoading(true);
      try {
        const page = await api.get<AdminAuditResponse>(`/api/admin/audit?${query}`);
        if (mine !== generation.current) return;
        setEntries((shown) => (before === null ? page.entries : [...(shown ?? []), ...page.entries]));
        setNextBefore(page.nextBefore);
        setError(null);
      } catch (e) {
        if (mine === generation.current) setError(problem(e));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [api, entity],
  );

  useEffect(() => {
    setEntries(null);
    setOpen(new Set());
    void load(null);
  }, [load]);

  const toggle = (id: string) =>
    setOpen((shown) => {
      const next = new Set(shown);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const kindLabel = (name: string) => AUDIT_KINDS.find((k) => k.entity === name)?.label ?? name;

  return (
    <main className="office admin-audit">
      <h1>Audit</h1>
      <p>Every change an admin has made to the school's set-up: who made it, when, and what it changed. Nothing here can be edited or removed.</p>
      <div className="audit-filter no-print">
        <label htmlFor="audit-kind">Kind of record</label>
        <select id="audit-kind" value={entity} onChange={(e) => setEntity(e.target.value)}>
          <option value="">Everything</option>
          {AUDIT_KINDS.map((k) => (
            <option key={k.entity} value={k.entity}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {entries === null ? (
        !error && <p className="notice">Loading the audit…</p>
      ) : entries.length === 0 ? (
        <p className="notice">{entity ? `No changes to ${kindLabel(entity).toLowerCase()} have been made yet.` : 'No admin changes have been made yet.'}</p>
      ) : (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">
                <span className="visually-hidden">Changes</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} when={when.format(new Date(entry.at))} open={open.has(entry.id)} onToggle={() => toggle(entry.id)} />
            ))}
          </tbody>
        </table>
      )}
      {nextBefore && entries && (
        <button type="button" className="button secondary" onClick={() => void load(nextBefore)} disabled={loading}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </main>
  );
}

function AuditRow({ entry, when, open, onToggle }: { entry: AdminAuditEntryWire; when: string; open: boolean; onToggle: () => void }) {
  const changes = open ? changedFields(entry.before, entry.after) : [];
  const detailsId = `audit-changes-${entry.id}`;
  return (
    <>
      <tr>
        <td>{when}</td>
        <td>{entry.staffName ?? (entry.staffId ? 'A former member of staff' : 'The school setup')}</td>
        <th scope="row">{entry.summary}</th>
        <td>
          <button type="button" className="button secondary small" aria-expanded={open} aria-controls={detailsId} onClick={onToggle}>
            {open ? 'Hide changes' : 'Show changes'}
            <span className="visually-hidden">: {entry.summary}</span>
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="audit-changes">
          <td colSpan={4}>
            {changes.length === 0 ? (
              <p>No field values were recorded for this change.</p>
            ) : (
              <table aria-label={`Changes: ${entry.summary}`}>
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.field}>
                      <th scope="row">{c.field}</th>
                      <td>{c.before}</td>
                      <td>{c.after}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
