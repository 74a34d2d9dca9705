/**
 * The fire roll call (office and admin; desktop first, printable): everyone on site now, by class, with counts
 * and the total, and the pupils signed out (GET /api/office/on-site: the register and the signing-out book).
 *
 * Guarantees:
 * - Every good answer is kept on this computer (IndexedDB, meta `office:on-site:<userId>`), so when the server
 *   cannot be reached (the network is down in an evacuation) the last roll call is still shown, clearly
 *   labelled "No connection: this is the roll call as at HH:MM", and can still be printed. Nothing older than
 *   the answer it replaces is ever shown as current.
 * - The time shown is the server's "as at" (when the list was taken), in the school's time zone, never the
 *   time the page happened to be opened.
 * - Ticks are for checking pupils off on the day: they live on this screen only and are never sent.
 * - Print hides the menu, the top bar and the buttons (office.css and officeToday.css); the tick boxes print
 *   as they are, so an unticked list doubles as a paper roll call.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate, plural } from '../../components/pupilName';
import { ApiError } from '../../sync/api';
import { getMeta, setMeta } from '../../db/meta';
import { officeApi, type OnSiteResponse } from './officeApi';
import { officeLoadError } from './useOfficeQuery';
import { schoolTime } from './deskTime';
import { localDateOf } from '../../../domain/time';
import type { OfficePageProps } from './OfficeShell';
import './officeToday.css';

export const FIRE_POLL_MS = 60_000;
export const onSiteKey = (userId: string) => `office:on-site:${userId}`;

interface Saved {
  answer: OnSiteResponse;
  /** Device time it was stored. */
  savedAt: number;
}

export default function FireRollCall({ pollMs = FIRE_POLL_MS }: OfficePageProps & { pollMs?: number }) {
  const { api, clock, db, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const [shown, setShown] = useState<{ answer: OnSiteResponse; live: boolean } | null>(null);
  const [failure, setFailure] = useState<{ message: string; offline: boolean } | null>(null);
  const [loading, setLoading] = useState(true);
  const [keepProblem, setKeepProblem] = useState(false);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const answer = await officeApi.onSite(api);
      if (mine !== generation.current) return;
      setShown({ answer, live: true });
      setFailure(null);
      const kept = await setMeta(db, onSiteKey(user.id), { answer, savedAt: Date.now() } satisfies Saved).then(
        () => true,
        () => false,
      );
      if (mine === generation.current) setKeepProblem(!kept);
    } catch (e) {
      if (mine !== generation.current) return;
      setFailure({ message: officeLoadError(e), offline: e instanceof ApiError && e.kind === 'network' });
      const saved = await getMeta<Saved>(db, onSiteKey(user.id)).catch(() => undefined);
      if (mine !== generation.current) return;
      // The newer of what is on screen and what was kept, now marked as not live.
      setShown((prev) => {
        const best = prev && (!saved || prev.answer.at >= saved.answer.at) ? prev.answer : saved?.answer;
        return best ? { answer: best, live: false } : null;
      });
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, db, user.id]);

  useEffect(() => {
    void load();
    const id = pollMs ? setInterval(() => void load(), pollMs) : undefined;
    return () => {
      clearInterval(id);
      generation.current++; // a read still under way must not update a screen that has gone
    };
  }, [load, pollMs]);

  const toggle = (pupilId: string) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (next.has(pupilId)) next.delete(pupilId);
      else next.add(pupilId);
      return next;
    });

  const answer = shown?.answer ?? null;
  // A roll call kept from an earlier day says which day it is.
  const otherDay = answer !== null && answer.date !== localDateOf(clock.now(), timeZone);
  const asAt = answer ? schoolTime(answer.at, timeZone) : '';
  const onSiteIds = new Set(answer?.groups.flatMap((g) => g.pupils.map((p) => p.pupilId)) ?? []);
  const tickedHere = [...ticked].filter((id) => onSiteIds.has(id)).length;

  return (
    <main className="office fire-roll">
      <div className="fire-head">
        <h1>Fire roll call</h1>
        <div className="fire-actions no-print">
          <button type="button" className="button primary" onClick={() => window.print()} disabled={!answer}>
            Print
          </button>
          <button type="button" className="button secondary" onClick={() => void load()} disabled={loading}>
            {loading ? 'Refreshing…' : 'Refresh'}
          </button>
          {tickedHere > 0 && (
            <button type="button" className="button secondary" onClick={() => setTicked(new Set())}>
              Clear ticks
            </button>
          )}
        </div>
      </div>

      {failure && !answer && (
        <p className="error" role="alert">
          {failure.message} No roll call has been kept on this computer yet, so there is nothing to show. Use the class registers on paper.
        </p>
      )}
      {failure && answer && !shown?.live && (
        <p className="error fire-stale" role="alert">
          {failure.offline
            ? `No connection: this is the roll call as at ${asAt}${otherDay ? ` on ${formatLongDate(answer.date)}` : ''}.`
            : `${failure.message} This is the roll call as at ${asAt}${otherDay ? ` on ${formatLongDate(answer.date)}` : ''}.`}{' '}
          Pupils who arrived or left since then are not shown.
        </p>
      )}
      {!answer && !failure && <p className="notice">Loading the roll call…</p>}
      {keepProblem && <p className="hint no-print">This roll call could not be kept on this computer, so it will not be available without a connection.</p>}

      {answer && (
        <>
          <p className="fire-summary">
            <span className="fire-as-at">As at {asAt}</span>
            {otherDay ? <span> on {formatLongDate(answer.date)}</span> : <span className="hint"> · {formatLongDate(answer.date)}</span>}
            <span className="fire-total">{plural(answer.total, 'pupil', 'pupils')} on site</span>
            {tickedHere > 0 && <span className="fire-ticked no-print">{tickedHere} of {answer.total} checked</span>}
          </p>
          {!answer.isSchoolDay && <p className="notice">Not a school day{answer.dayLabel ? `: ${answer.dayLabel}` : ''}: no pupils are expected on site.</p>}

          <section aria-labelledby="fire-out-heading" className="fire-signed-out">
            <h2 id="fire-out-heading">Signed out (not on site): {answer.signedOut.length}</h2>
            {answer.signedOut.length === 0 ? (
              <p className="hint">Nobody is signed out.</p>
            ) : (
              <ul>
                {answer.signedOut.map((s) => (
                  <li key={`${s.pupilId}|${s.at}`}>
                    {s.name}, {s.groupName}: out at {schoolTime(s.at, timeZone)}
                    {s.reason ? ` (${s.reason})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <div className="fire-groups">
            {answer.groups.map((g) => {
              const checked = g.pupils.filter((p) => ticked.has(p.pupilId)).length;
              return (
                <section key={g.groupId} className="fire-group" aria-labelledby={`fire-${g.groupId}`}>
                  <h2 id={`fire-${g.groupId}`}>
                    {g.groupName}: {g.count} on site
                    {checked > 0 && <span className="fire-checked no-print"> ({checked} checked)</span>}
                  </h2>
                  {g.pupils.length === 0 ? (
                    <p className="hint">Nobody from this class is on site.</p>
                  ) : (
                    <ul className="fire-pupils">
                      {g.pupils.map((p) => (
                        <li key={p.pupilId}>
                          <label className="check">
                            <input type="checkbox" checked={ticked.has(p.pupilId)} onChange={() => toggle(p.pupilId)} />
                            <span>{p.name}</span>
                          </label>
                          {p.code && <span className="code" title={`Register code ${p.code}`}>{p.code}</span>}
                          {p.signedInAt && <span className="hint"> signed in at {schoolTime(p.signedInAt, timeZone)}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        </>
      )}
    </main>
  );
}
