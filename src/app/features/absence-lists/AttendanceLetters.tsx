/**
 * Letters to families (part of #/office/persistent): one printable letter, one page each, to the family of
 * every pupil below the band the school chooses, from the school's template (School settings) with the
 * school's name and the pupil's figures for the range.
 *
 * Guarantees:
 * - The bands offered are the ones the answer's pupils fall in, lowest attendance first; "below Green" means
 *   the pupils in every band under Green.
 * - Every letter is the template with its placeholders filled (fillLetterTemplate): the figures are the ones
 *   the list shows, to one decimal place, for the range on screen.
 * - Printing the letters prints the letters alone, each on its own page, every one of them; without the
 *   template (it could not be read) the screen says so and offers nothing to print.
 * - The letters come lowest attendance first, or by class then name (to hand to form tutors); the preview and
 *   the printout are in the same order.
 * - On screen the letters are a preview, twenty at a time ("Show 20 more", "Show all"): a secondary school
 *   can have hundreds below a band. Printing draws them all first (`printingAll`), then prints.
 */
import { useMemo, useState } from 'react';
import type { PupilAttendance } from '../../../protocol/officeFigures';
import { fillLetterTemplate, type LetterValues } from '../../../protocol/letterTemplate';
import { formatLongDate, plural } from '../../components/pupilName';
import { officeApi } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { ShowMore, usePaging } from '../../components/Paged';
import { bandsInOrder, byClassThenName, oneDecimal, pupilsBelowBand } from './absenceListModel';

export function letterValues(p: PupilAttendance, ctx: { schoolName: string; from: string; to: string; today: string }): LetterValues {
  return {
    pupilName: p.name,
    schoolName: ctx.schoolName,
    className: p.groupName ?? '',
    attendancePercent: p.attendancePercent === null ? '–' : oneDecimal(p.attendancePercent),
    absencePercent: p.absencePercent === null ? '–' : oneDecimal(p.absencePercent),
    sessionsMissed: String(p.authorised + p.unauthorised),
    possibleSessions: String(p.possible),
    from: formatLongDate(ctx.from),
    to: formatLongDate(ctx.to),
    today: formatLongDate(ctx.today),
  };
}

/** Letters drawn at a time in the preview. */
export const PREVIEW_LETTERS = 20;

export function AttendanceLetters(props: { pupils: PupilAttendance[]; from: string; to: string; today: string; printingAll: boolean; onPrint: () => void }) {
  const { pupils, from, to, today, printingAll, onPrint } = props;
  const template = useOfficeQuery((api) => officeApi.letterTemplate(api), [], 0);
  const choices = useMemo(() => bandsInOrder(pupils).slice(1), [pupils]); // nobody is below the lowest band
  const [chosen, setChosen] = useState('');
  const band = choices.includes(chosen) ? chosen : '';
  const [order, setOrder] = useState<'attendance' | 'class'>('attendance');
  const recipients = useMemo(() => {
    const below = band ? pupilsBelowBand(pupils, band) : [];
    return order === 'class' ? [...below].sort(byClassThenName) : below;
  }, [pupils, band, order]);
  const paging = usePaging(recipients.length, PREVIEW_LETTERS, `${band}|${from}|${to}`);
  const drawn = printingAll ? recipients : recipients.slice(0, paging.shown);
  const ready = Boolean(template.data) && recipients.length > 0;

  return (
    <section className="card letters-card" aria-labelledby="letters-heading">
      <h2 id="letters-heading" className="no-print">Letters to families</h2>
      <p className="hint no-print">
        One letter per page for the family of each pupil below the band you choose, with their figures from {formatLongDate(from)} to{' '}
        {formatLongDate(to)}. An admin changes the letter's text in the School settings.
      </p>
      {template.error && (
        <p className="error no-print" role="alert">
          The letter's text could not be loaded: {template.error}
        </p>
      )}
      {choices.length === 0 ? (
        <p className="notice no-print">No pupil is below another band in these dates, so there are no letters to print.</p>
      ) : (
        <div className="letters-controls no-print">
          <div className="field">
            <label htmlFor="letters-band">Pupils below the band</label>
            <select id="letters-band" value={band} onChange={(e) => setChosen(e.target.value)}>
              <option value="">Choose a band…</option>
              {choices.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="letters-order">In order of</label>
            <select id="letters-order" value={order} onChange={(e) => setOrder(e.target.value === 'class' ? 'class' : 'attendance')}>
              <option value="attendance">Lowest attendance first</option>
              <option value="class">Class, then pupil's name</option>
            </select>
          </div>
          <button type="button" className="button secondary" disabled={!ready} onClick={onPrint}>
            Print {plural(recipients.length, 'letter', 'letters')}
          </button>
        </div>
      )}
      {band && (
        <p role="status" className="no-print">
          {recipients.length === 0 ? `No pupil is below ${band}.` : `${plural(recipients.length, 'letter', 'letters')}, to the families of pupils below ${band}.`}
        </p>
      )}
      {ready && recipients.length > PREVIEW_LETTERS && (
        <p className="hint no-print">
          The preview shows {PREVIEW_LETTERS} at a time; printing prints all {recipients.length}, one per page. The browser may take a moment to
          prepare that many pages.
        </p>
      )}
      {template.data && recipients.length > 0 && (
        <div className="letters" aria-label="Letters">
          {drawn.map((p) => (
            <article key={p.pupilId} className="letter" aria-label={`Letter to the family of ${p.name}`}>
              <p className="letter-school">{template.data!.schoolName}</p>
              {fillLetterTemplate(template.data!.letterTemplate, letterValues(p, { schoolName: template.data!.schoolName, from, to, today }))
                .split(/\n{2,}/)
                .map((paragraph, i) => (
                  <p key={i} className="letter-paragraph">
                    {paragraph}
                  </p>
                ))}
            </article>
          ))}
        </div>
      )}
      {template.data && <ShowMore paging={paging} total={recipients.length} pageSize={PREVIEW_LETTERS} noun="letters" />}
    </section>
  );
}
