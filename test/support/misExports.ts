/**
 * CSV files laid out like a school MIS's exports (SIMS-style headers, DD/MM/YYYY dates, CRLF, a quoted
 * contact name holding a comma), for the end-to-end test of a school setting itself up and for import tests.
 * Deterministic: the same arguments give the same file. UPNs are valid (their check letters computed by the
 * domain), so a file imports without errors.
 */
import { upnCheckLetter } from '../../src/domain/upn.js';

const FORENAMES = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Ivy', 'Arthur', 'Freya', 'Leo', 'Florence', 'Oscar', 'Willow', 'Theo', 'Rosie', 'Muhammad', 'Zoë', 'Jack', 'Sienna', 'Harry'];
const SURNAMES = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', "O'Brien", 'Hughes', 'Zając', 'Green'];

export interface MisClass {
  name: string;
  yearGroup: number;
}

/** Seven primary classes, Reception to Year 6 (yearGroup 0 = Reception). */
export const MIS_CLASSES: MisClass[] = [
  { name: 'Reception Robins', yearGroup: 0 },
  { name: 'Year 1 Ash', yearGroup: 1 },
  { name: 'Year 2 Beech', yearGroup: 2 },
  { name: 'Year 3 Cherry', yearGroup: 3 },
  { name: 'Year 4 Elm', yearGroup: 4 },
  { name: 'Year 5 Maple', yearGroup: 5 },
  { name: 'Year 6 Oak', yearGroup: 6 },
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const row = (cells: string[]) => cells.map(quote).join(',');

export interface MisPupil {
  upn: string;
  surname: string;
  forename: string;
  dateOfBirth: string; // DD/MM/YYYY
  className: string;
}

/**
 * `count` pupils spread over the classes, born in the right school year for an academic year starting in
 * September `academicYear` (Year N pupils are born Sep (academicYear-5-N) .. Aug (academicYear-4-N)).
 */
export function misPupils(count: number, academicYear: number, classes: MisClass[] = MIS_CLASSES): MisPupil[] {
  const pupils: MisPupil[] = [];
  for (let i = 0; i < count; i++) {
    const cls = classes[i % classes.length];
    const birthYearStart = academicYear - 5 - cls.yearGroup;
    // Months Sep..Aug, spread by i.
    const monthIndex = (i * 7) % 12;
    const month = ((8 + monthIndex) % 12) + 1;
    const year = month >= 9 ? birthYearStart : birthYearStart + 1;
    const day = 1 + ((i * 11) % 28);
    const serial = pad(i + 1, 3);
    const last12 = `820${pad(2000 + (i % 7), 4)}${pad(academicYear % 100, 2)}${serial}`.slice(0, 12);
    pupils.push({
      upn: upnCheckLetter(last12)! + last12,
      surname: SURNAMES[(i * 3) % SURNAMES.length],
      forename: FORENAMES[i % FORENAMES.length],
      dateOfBirth: `${pad(day, 2)}/${pad(month, 2)}/${year}`,
      className: cls.name,
    });
  }
  return pupils;
}

/** A SIMS-style pupil export: UTF-8 with a BOM, CRLF line ends, DD/MM/YYYY dates. */
export function misPupilCsv(pupils: MisPupil[], admissionDate: string): string {
  const header = ['UPN', 'Legal Surname', 'Legal Forename', 'Preferred Forename', 'Date of Birth', 'Gender', 'Reg Group', 'Admission Date', 'SEN Status', 'FSM', 'EAL', 'Contact 1 Name', 'Contact 1 Relationship', 'Contact 1 Phone'];
  const lines = pupils.map((p, i) =>
    row([
      p.upn,
      p.surname,
      p.forename,
      '',
      p.dateOfBirth,
      i % 2 ? 'M' : 'F',
      p.className,
      admissionDate,
      i % 9 === 0 ? 'K' : 'N',
      i % 5 === 0 ? 'Y' : 'N',
      i % 6 === 0 ? 'Y' : 'N',
      `${p.surname}, Pat`,
      i % 2 ? 'Mother' : 'Father',
      `07700 900${pad(i % 1000, 3)}`,
    ]),
  );
  return '\uFEFF' + [row(header), ...lines].join('\r\n') + '\r\n';
}

export interface MisStaff {
  title: string;
  forename: string;
  surname: string;
  role: string;
  email: string;
  groups: string[];
}

/** One teacher per class, then TAs and an office member up to `count`. */
export function misStaff(count: number, classes: MisClass[] = MIS_CLASSES): MisStaff[] {
  const staff: MisStaff[] = [];
  for (let i = 0; i < count; i++) {
    const forename = FORENAMES[(i * 7 + 3) % FORENAMES.length];
    const surname = `${SURNAMES[(i * 5 + 1) % SURNAMES.length].replace(/[^A-Za-z]/g, '')}${i}`;
    const teacher = i < classes.length;
    const role = teacher ? 'Teacher' : i === count - 1 ? 'Office' : 'Teaching Assistant';
    staff.push({
      title: i % 2 ? 'Mr' : 'Ms',
      forename,
      surname,
      role,
      email: `${forename.toLowerCase().replace(/[^a-z]/g, '')}.${surname.toLowerCase()}@school.example`,
      groups: teacher ? [classes[i].name] : role === 'Office' ? [] : [classes[i % classes.length].name],
    });
  }
  return staff;
}

export function misStaffCsv(staff: MisStaff[]): string {
  const header = ['Title', 'Forename', 'Surname', 'Role', 'Email', 'Registration Groups'];
  return [row(header), ...staff.map((s) => row([s.title, s.forename, s.surname, s.role, s.email, s.groups.join(';')]))].join('\r\n') + '\r\n';
}
