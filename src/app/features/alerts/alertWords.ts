/** The alerts' and actions' names in words, and how an alert's evidence reads (DOMAIN.md §7). */
import type { AlertAction, AlertEntry, AlertKind } from '../../../protocol/officeFigures';
import { formatShortDate } from '../../components/pupilName';

export const KIND_WORDS: Record<AlertKind, { title: string; rule: string }> = {
  penaltyNotice: {
    title: 'Penalty notice threshold',
    rule: '10 or more sessions of unauthorised absence (G, O or U) within 10 school weeks. N does not count.',
  },
  continuousUnauthorised: {
    title: "10 days' continuous absence",
    rule: '10 or more school days in a row with both sessions unauthorised absence: the local authority must be told.',
  },
  illness: {
    title: 'Illness',
    rule: '15 or more school days of illness (I) this school year, or 15 school days in a row: the local authority must be told.',
  },
  lateness: {
    title: 'Lateness',
    rule: 'Late (L or U) in 3 or more sessions of one Monday-to-Sunday week (the number is a school setting).',
  },
};

export const ACTION_WORDS: Record<AlertAction, string> = {
  local_authority_told: 'Local authority told',
  letter_sent: 'Letter sent',
  meeting_booked: 'Meeting booked',
  no_action: 'No action',
};

/** "Mon 5 Jan to Fri 16 Jan", or one date. */
export function spanText(start: string, end: string): string {
  return start === end ? formatShortDate(start) : `${formatShortDate(start)} to ${formatShortDate(end)}`;
}

/** "Mon 5 Jan AM G": one counted session. */
export function sessionText(s: AlertEntry['evidence']['sessions'][number]): string {
  return `${formatShortDate(s.date)} ${s.session} ${s.code}`;
}

/** Still to deal with first, then newest evidence first (the server's order, kept even if it changes). */
export function inScreenOrder(alerts: readonly AlertEntry[]): AlertEntry[] {
  return [...alerts].sort((a, b) => Number(a.dealtWith !== null) - Number(b.dealtWith !== null) || (a.evidence.end < b.evidence.end ? 1 : a.evidence.end > b.evidence.end ? -1 : 0));
}
