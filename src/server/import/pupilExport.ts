/**
 * The pupils as a CSV file in the import's own layout (every column it reads, under the first name it
 * accepts, dates DD/MM/YYYY), so the file can be edited in a spreadsheet and imported back; unedited, it
 * changes nothing. Cells are made safe to open in a spreadsheet the same way as the office's register export.
 * The move-date column is written empty: filled in, it moves the pupils whose class the admin changes.
 */
import { csvField } from '../routes/officePupil.js';
import { EXPORT_FIELDS, EXPORT_HEADERS, type PupilField } from './pupilColumns.js';
import { formatUkDate, formatYear } from './pupilValues.js';
import type { ExportedPupil } from '../repositories/pupilImportRepository.js';

const yesNo = (flag: boolean) => (flag ? 'Y' : 'N');
const SEN_CODE = { none: 'N', K: 'K', E: 'E' } as const;

function cell(p: ExportedPupil, field: PupilField): string {
  const contact = /^contact([123])(Name|Relationship|Phone)$/.exec(field);
  if (contact) {
    const c = p.contacts.find((x) => x.priority === Number(contact[1]));
    if (!c) return '';
    return contact[2] === 'Name' ? c.name : contact[2] === 'Relationship' ? c.relationship : c.phone;
  }
  switch (field) {
    case 'upn': return p.upn ?? '';
    case 'surname': return p.lastName;
    case 'forename': return p.firstName;
    case 'preferredForename': return p.preferredName ?? '';
    case 'preferredSurname': return p.preferredSurname ?? '';
    case 'dateOfBirth': return formatUkDate(p.dateOfBirth);
    case 'gender': return p.gender ?? '';
    case 'year': return formatYear(p.yearGroup ?? p.groupYear);
    case 'regGroup': return p.groupName ?? '';
    case 'admissionDate': return formatUkDate(p.admissionDate);
    case 'moveDate': return '';
    case 'leavingDate': return formatUkDate(p.leavingDate);
    case 'sen': return SEN_CODE[p.senStatus];
    case 'fsm': return yesNo(p.fsm);
    case 'eal': return yesNo(p.eal);
    case 'lookedAfter': return yesNo(p.lookedAfter);
    case 'childProtection': return yesNo(p.childProtection);
    default: return '';
  }
}

export function pupilExportCsv(pupils: ExportedPupil[]): string {
  const lines = [EXPORT_HEADERS.map(csvField).join(',')];
  for (const p of pupils) lines.push(EXPORT_FIELDS.map((f) => csvField(cell(p, f))).join(','));
  return lines.join('\r\n') + '\r\n';
}
