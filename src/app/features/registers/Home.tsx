/**
 * The teacher's or TA's home: today's registers for them (a TA sees only the groups and sessions their cover
 * names) with progress and waiting marks, then the registers of the last few school days, read-only.
 * Earlier sessions of today stay open to change.
 */
import { useStore } from 'zustand';
import { useSignedIn } from '../../components/services';
import { useNow } from '../../components/useNow';
import { formatLongDate } from '../../components/pupilName';
import { useHomeData } from './homeData';
import { HistoryLink, RegisterCard } from './RegisterCard';
import { useSchoolDay } from './useSchoolDay';
import './registers.css';

export function Home() {
  const { db, user, engine } = useSignedIn();
  const now = useNow(engine);
  const { school, today, day, isSchoolDay, loaded } = useSchoolDay(db, user, now);
  const online = useStore(engine.status, (s) => s.online);
  const lastSyncedAt = useStore(engine.status, (s) => s.lastSyncedAt);
  const data = useHomeData(db, user.id, today, school);
  const registers = data?.today;

  return (
    <main className="home">
      <h1>{formatLongDate(today)}</h1>
      {!school && (
        <p className="notice">
          {online
            ? 'Getting your registers from the school server…'
            : 'Your registers are not on this tablet yet. Connect to the school network once to download them.'}
        </p>
      )}
      {loaded && !isSchoolDay && (
        <p className="notice">
          There is no school today{day?.label ? `: ${day.label}` : ''}. No registers need taking.
        </p>
      )}
      {school && isSchoolDay && registers && registers.length === 0 && (
        <p className="notice">You have no registers to take today. If that is wrong, ask the office.</p>
      )}
      {isSchoolDay && registers && registers.length > 0 && (
        <ul className="register-list" aria-label="Today's registers">
          {registers.map((r) => (
            <RegisterCard key={`${r.groupId}|${r.session}`} register={r} />
          ))}
        </ul>
      )}
      {lastSyncedAt === null && school && !online && <p className="hint">Working offline: showing what was last downloaded.</p>}
      {data && data.earlier.length > 0 && (
        <section className="earlier" aria-labelledby="earlier-heading">
          <h2 id="earlier-heading">Earlier this week</h2>
          <p className="hint">To look back at. Ask the office to change a mark on an earlier day.</p>
          <ul className="earlier-days">
            {data.earlier.map((d) => (
              <li key={d.date} className="earlier-day">
                <h3>{formatLongDate(d.date)}</h3>
                <ul aria-label={formatLongDate(d.date)}>
                  {d.registers.map((r) => (
                    <HistoryLink key={`${r.groupId}|${r.session}`} register={r} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
