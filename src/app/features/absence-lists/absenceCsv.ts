/**
 * The persistent absence list as a CSV file, made in the browser from what the screen shows.
 *
 * Safe to open in a spreadsheet, as the register export is (src/server/routes/officePupil.ts, csvField): a
 * field starting with = + - @, a tab or a carriage return would be run as a formula, so it gets a leading
 * apostrophe; then fields are quoted as RFC 4180 says. A negative change ("-1.5") is written with its
 * apostrophe too: the spreadsheet shows it as text rather than risk running it.
 */
import { oneDecimal, type AbsenceRow } from './absenceListModel';

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HEADER = ['pupil', 'class', 'year group', 'absence %', 'attendance %', 'severe', 'absence % four weeks earlier', 'change (points)', 'possible sessions', 'authorised', 'unauthorised', 'flags'];

export function absenceCsv(rows: readonly AbsenceRow[]): string {
  const lines = [HEADER, ...rows.map((r) => [
    r.pupil.name,
    r.pupil.groupName ?? '',
    r.pupil.yearGroup === null ? '' : String(r.pupil.yearGroup),
    oneDecimal(r.absencePercent),
    r.pupil.attendancePercent === null ? '' : oneDecimal(r.pupil.attendancePercent),
    r.severity === 'severe' ? 'yes' : 'no',
    r.earlierPercent === null ? '' : oneDecimal(r.earlierPercent),
    r.change === null ? '' : oneDecimal(r.change),
    String(r.pupil.possible),
    String(r.pupil.authorised),
    String(r.pupil.unauthorised),
    r.flags === null ? '' : r.flags.join('; '),
  ])];
  // CRLF, as RFC 4180 and the register export write it.
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary link (no server round trip: the figures are already here). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
