/**
 * The fire roll call (office and admin; desktop first, printable): everyone on site now, by class, with counts
 * and the total, and the pupils signed out (GET /api/office/on-site: the register and the signing-out book).
 *
 * Guarantees:
 * - It never hides a pupil: pupils the register has no mark for yet are "Not accounted for", listed first (on
 *   screen and on paper), by class and by name, with their own count beside the count on site; a class
 *   whose register is not taken is never shown as "Nobody from this class is on site".
 * - Pupils counted on site from this morning's register (the afternoon's not taken yet) say so.
 * - A roll call kept by an earlier version (without the unaccounted lists) still shows, and says plainly
 *   that pupils not listed may still be on site.
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
import { officeApi, type OnSiteResponse } from '../../office/officeApi';
import { officeLoadError } from '../../components/useOfficeQuery';
import { schoolTime } from '../../office/deskTime';
import { localDateOf } from '../../../domain/time';
import type { PageProps as OfficePageProps } from '../../components/route';
import '../../office/officeToday.css';
import './fireRollCall.css';

export const FIRE_POLL_MS = 60_000;
export const onSiteKey = (userId: string) => `office:on-site:${userId}`;

interface Saved {
  answer: OnSiteResponse;
  /** Device time it was stored. */
  savedAt: number;
}

/**
 * The answer as the screen reads it. One kept on this computer by an earlier version has no unaccounted lists
 * (nor fromMorningRegister): they are read as empty and `complete` is false, so the screen can say it cannot
 * tell which registers were taken.
 */
function readAnswer(answer: OnSiteResponse): { answer: OnSiteResponse; complete: boolean } {
  const raw = answer as Partial<OnSiteResponse> & Pick<OnSiteResponse, 'groups'>;
  const complete = typeof raw.unaccountedTotal === 'number' && raw.groups.every((g) => Array.isArray(g.unaccounted));
  if (complete) return { answer, complete };
  return {
    complete,
    answer: {
      ...answer,
      currentSession: raw.currentSession ?? null,
      unaccountedTotal: 0,
      groups: raw.groups.map((g) => ({
        ...g,
        registerTaken: g.registerTaken === true,
        unaccounted: Array.isArray(g.unaccounted) ? g.unaccounted : [],
        pupils: g.pupils.map((p) => ({ ...p, fromMorningRegister: p.fromMorningRegister === true })),
      })),
    },
  };
}

/** Why these pupils are unaccounted for, in the words of the register the roll call reads. */
function unaccountedReason(session: OnSiteResponse['currentSession']): string {
  if (session === 'PM') return "Neither this afternoon's nor this morning's register has a mark for these pupils yet";
  if (session === 'AM') return "This morning's register has no mark for these pupils yet";
  return 'The register has no mark for these pupils yet';
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

  const read = shown ? readAnswer(shown.answer) : null;
  const answer = read?.answer ?? null;
  // A roll call kept from an earlier day says which day it is.
  const otherDay = answer !== null && answer.date !== localDateOf(clock.now(), timeZone);
  const asAt = answer ? schoolTime(answer.at, timeZone) : '';
  // Ticks count for pupils on site and pupils found from the unaccounted list alike.
  const listedIds = new Set(answer?.groups.flatMap((g) => [...g.pupils, ...g.unaccounted].map((p) => p.pupilId)) ?? []);
  const tickedHere = [...ticked].filter((id) => listedIds.has(id)).length;
  const listedTotal = answer ? answer.total + answer.unaccountedTotal : 0;
  const unaccountedGroups = answer?.groups.filter((g) => g.unaccounted.length > 0) ?? [];
  const fromMorning = answer?.groups.some((g) => g.pupils.some((p) => p.fromMorningRegister)) ?? false;
  const tickBox = (p: { pupilId: string; name: string }) => (
    <label className="check">
      <input type="checkbox" checked={ticked.has(p.pupilId)} onChange={() => toggle(p.pupilId)} />
      <span>{p.name}</span>
    </label>
  );

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
            {answer.unaccountedTotal > 0 && <span className="fire-unaccounted-total">{answer.unaccountedTotal} not accounted for</span>}
            {tickedHere > 0 && <span className="fire-ticked no-print">{tickedHere} of {listedTotal} checked</span>}
          </p>
          {!answer.isSchoolDay && <p className="notice">Not a school day{answer.dayLabel ? `: ${answer.dayLabel}` : ''}: no pupils are expected on site.</p>}
          {fromMorning && (
            <p className="notice fire-from-morning">
              The afternoon register is not taken yet for some pupils: those marked present this morning are counted as on site (from this morning's register).
            </p>
          )}

          {!read!.complete ? (
            <section aria-labelledby="fire-unaccounted-heading" className="fire-unaccounted">
              <h2 id="fire-unaccounted-heading">Not accounted for: not known</h2>
              <p>
                This roll call was kept by an earlier version of the app and does not list the pupils whose register was not taken. Pupils not
                shown below may still be on site: check them against the class registers.
              </p>
            </section>
          ) : (
            (answer.isSchoolDay || answer.unaccountedTotal > 0) && (
              <section aria-labelledby="fire-unaccounted-heading" className="fire-unaccounted">
                <h2 id="fire-unaccounted-heading">Not accounted for: {answer.unaccountedTotal}</h2>
                {answer.unaccountedTotal === 0 ? (
                  <p className="hint">Every pupil has a mark in the register or the signing-out book.</p>
                ) : (
                  <>
                    <p>{unaccountedReason(answer.currentSession)}, so they may be on site. Find and check each one by name.</p>
                    {unaccountedGroups.map((g) => (
                      <section key={g.groupId} className="fire-unaccounted-class" aria-labelledby={`fire-unaccounted-${g.groupId}`}>
                        <h3 id={`fire-unaccounted-${g.groupId}`}>
                          {g.groupName}: {g.unaccounted.length} not accounted for
                        </h3>
                        <ul className="fire-pupils fire-unaccounted-pupils">
                          {g.unaccounted.map((p) => (
                            <li key={p.pupilId}>{tickBox(p)}</li>
                          ))}
                        </ul>
                      </section>
                    ))}
                  </>
                )}
              </section>
            )
          )}

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
                    {g.unaccounted.length > 0 && `, ${g.unaccounted.length} not accounted for`}
                    {checked > 0 && <span className="fire-checked no-print"> ({checked} checked)</span>}
                  </h2>
                  {g.pupils.length === 0 ? (
                    <p className="hint">
                      {g.unaccounted.length > 0
                        ? 'No pupil from this class is marked on site yet: see “Not accounted for” above.'
                        : read!.complete
                          ? 'Nobody from this class is on site.'
                          : 'Nobody from this class was marked on site.'}
                    </p>
                  ) : (
                    <ul className="fire-pupils">
                      {g.pupils.map((p) => (
                        <li key={p.pupilId}>
                          {tickBox(p)}
                          {p.code && <span className="code" title={`Register code ${p.code}`}>{p.code}</span>}
                          {p.signedInAt && <span className="hint"> signed in at {schoolTime(p.signedInAt, timeZone)}</span>}
                          {p.fromMorningRegister && <span className="hint"> from this morning's register</span>}
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
