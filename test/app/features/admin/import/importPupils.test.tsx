/**
 * The Import pupils screen against a scripted server: choosing a file previews it (counts, problems, what
 * changes), Apply is disabled while any row has a problem, and applying a clean file shows the result.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ImportPupils from '../../../../../src/app/features/admin/import/ImportPupils';
import type { PupilImportResult } from '../../../../../src/protocol/adminImport';
import type { SignedInUser } from '../../../../../src/protocol';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';

const admin: SignedInUser = { ...teacher, id: 's-admin1', username: 'admin1', displayName: 'Mr Clarke', role: 'admin' };
const result = (extra: Partial<PupilImportResult>): PupilImportResult => ({
  mode: 'preview', rows: 2, created: 1, updated: 1, unchanged: 0, left: 0, groupsCreated: 1, newGroups: ['Year 3 Oak'], errors: [], warnings: [],
  changes: [
    { row: 2, action: 'create', pupil: 'Zoë Zając', details: ['New pupil in Year 3 Oak from 24/11/2026'] },
    { row: 3, action: 'update', pupil: 'Ava Smith', details: ['FSM: No → Yes'] },
  ],
  ...extra,
});

async function open(reply: (mode: string, body: string) => { status: number; body: unknown }) {
  const h = await harness({ user: admin });
  const asked: Array<{ mode: string; body: string; type: string }> = [];
  h.server.fetch = async (url, init) => {
    const u = new URL(url, 'http://x');
    if (u.pathname !== '/api/admin/import/pupils') return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    const mode = u.searchParams.get('mode')!;
    const type = String((init?.headers as Record<string, string>)['content-type']);
    asked.push({ mode, body: String(init?.body), type });
    const r = reply(mode, String(init?.body));
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  };
  renderIn(h, <ImportPupils params={[]} />);
  return asked;
}

const CSV = 'UPN,Surname,Forename,DOB,Reg Group\r\n,Zając,Zoë,15/03/2018,Year 3 Oak\r\n';
const file = () => new File([CSV], 'pupils.csv', { type: 'text/csv' });

describe('Import pupils', () => {
  it('previews the chosen file, then applies it and shows the result', async () => {
    const asked = await open((mode) => ({ status: 200, body: result({ mode: mode as 'preview' }) }));
    const people = userEvent.setup();
    expect(screen.getByRole('link', { name: 'Download the pupils as CSV' }).getAttribute('href')).toBe('/api/admin/export/pupils.csv');
    await people.upload(screen.getByLabelText('CSV file from the MIS'), file());
    const preview = await screen.findByRole('region', { name: 'What importing pupils.csv would do' });
    expect(within(preview).getByText('New pupils').nextSibling?.textContent).toBe('1');
    expect(within(preview).getByRole('rowheader', { name: 'Ava Smith' }).closest('tr')!.textContent).toContain('FSM: No → Yes');
    expect(asked).toEqual([{ mode: 'preview', body: CSV, type: 'text/csv' }]);
    await people.click(screen.getByRole('button', { name: 'Apply' }));
    expect((await screen.findByText(/^Imported: 1 added, 1 updated/)).textContent).toContain('1 class created');
    expect(asked.map((a) => a.mode)).toEqual(['preview', 'commit']);
  });

  it('lists the rows with problems and does not offer Apply', async () => {
    await open(() => ({
      status: 200,
      body: result({ created: 0, updated: 0, errors: [{ row: 2, column: 'SEN Status', value: 'Q', message: '"Q" is not a SEN status: use N (none), K (SEN support) or E (EHC plan).' }], warnings: [{ row: 0, column: '', message: '3 pupils on roll are not in this file and will stay on roll: A, B, C.' }], changes: [] }),
    }));
    const people = userEvent.setup();
    await people.upload(screen.getByLabelText('CSV file from the MIS'), file());
    const problems = await screen.findByRole('table', { name: /must be fixed/ });
    expect(within(problems).getAllByRole('row')[1]!.textContent).toBe('2SEN StatusQ"Q" is not a SEN status: use N (none), K (SEN support) or E (EHC plan).');
    expect(screen.getByText(/^The file: 3 pupils on roll/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says why a file was refused (missing columns)', async () => {
    await open(() => ({ status: 400, body: { code: 'missing_columns', message: 'The file has no column for Date of Birth ("Date of Birth", "DOB").' } }));
    await userEvent.setup().upload(screen.getByLabelText('CSV file from the MIS'), file());
    expect((await screen.findByRole('alert')).textContent).toContain('no column for Date of Birth');
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
  });
});
