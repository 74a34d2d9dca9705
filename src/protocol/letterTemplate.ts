/**
 * The attendance letter (issue 11): the school's template text, its placeholders, and filling it in for one
 * pupil. The admin edits the text in the School settings (GET/PUT /api/admin/school, `letterTemplate`); the
 * office reads it with the school's name (GET /api/office/letter-template) and prints one letter per pupil.
 *
 * A school that has saved no text of its own gets DEFAULT_LETTER_TEMPLATE (schools.letter_template is null),
 * so a better default reaches every school that has not changed it.
 */

/** What a template may contain in braces, and what each is replaced with. */
export const LETTER_PLACEHOLDERS = {
  pupilName: "The pupil's name",
  schoolName: "The school's name",
  className: "The pupil's class",
  attendancePercent: 'Attendance for the dates, to one decimal place (without the % sign)',
  absencePercent: 'Absence for the dates, to one decimal place (without the % sign)',
  sessionsMissed: 'Sessions missed (authorised and unauthorised absence)',
  possibleSessions: 'Sessions the pupil could have attended',
  from: 'The first date of the figures',
  to: 'The last date of the figures',
  today: 'The date the letter is printed',
} as const;
export type LetterPlaceholder = keyof typeof LETTER_PLACEHOLDERS;
export type LetterValues = Record<LetterPlaceholder, string>;

export const MAX_LETTER_TEMPLATE_LENGTH = 5000;

export const DEFAULT_LETTER_TEMPLATE = `{today}

Dear parent or carer of {pupilName},

We are writing about {pupilName}'s attendance at {schoolName}. From {from} to {to}, {pupilName} attended {attendancePercent}% of sessions and missed {sessionsMissed} of the {possibleSessions} sessions they could have attended ({absencePercent}%).

Every day in school matters. Children who attend well find it easier to learn, keep up with their friends and feel part of the school. We know that there can be many reasons for missing school, and we would like to work with you to help {pupilName} attend every day.

Please contact the school office to talk about anything that makes attending difficult, or to arrange a meeting. We would like to hear from you.

Yours sincerely,


{schoolName}`;

const PLACEHOLDER = /\{([^{}\s]*)\}/g;

/** What is wrong with a template, in words an admin can act on; empty when it can be saved. */
export function letterTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  if (template.trim() === '') problems.push("Enter the letter's text, or use the default text.");
  if (template.length > MAX_LETTER_TEMPLATE_LENGTH) {
    problems.push(`The letter's text is ${template.length.toLocaleString('en-GB')} characters long; it can be at most ${MAX_LETTER_TEMPLATE_LENGTH.toLocaleString('en-GB')}.`);
  }
  const unknown = [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(name in LETTER_PLACEHOLDERS)))];
  if (unknown.length > 0) {
    const known = Object.keys(LETTER_PLACEHOLDERS).map((k) => `{${k}}`).join(', ');
    problems.push(`The letter uses ${unknown.map((u) => `{${u}}`).join(', ')}, which the software cannot fill in. Use only ${known}.`);
  }
  return problems;
}

/** The template with every known placeholder replaced; anything else in braces is left as written. */
export function fillLetterTemplate(template: string, values: LetterValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in LETTER_PLACEHOLDERS ? values[name as LetterPlaceholder] : whole));
}

/** GET /api/office/letter-template (office and admin): what the office needs to print the letters. */
export interface LetterTemplateResponse {
  schoolName: string;
  letterTemplate: string;
}
