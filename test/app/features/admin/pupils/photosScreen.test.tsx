/**
 * The Photos screen with an injected resizer (jsdom has no canvas) and a scripted server: one pupil's photo
 * chosen, previewed and uploaded; a zip matched by UPN, previewed and uploaded with progress, one failure shown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { zipSync } from 'fflate';
import PhotosScreen from '../../../../../src/app/features/admin/pupils/PhotosScreen';
import { upnCheckLetter } from '../../../../../src/domain/upn';
import type { AdminPhotoPupil } from '../../../../../src/protocol/adminPhotos';
import { harness, renderIn } from '../../../render';
import { teacher } from '../../../helpers';

const upn = (digits: string) => `${upnCheckLetter(digits)}${digits}`;
const AMY = upn('801200005001');
const BEN = upn('801200005002');
const admin = { ...teacher, id: 'u-admin', username: 'admin', displayName: 'Mrs Admin', role: 'admin' as const };
const SHRUNK = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

interface Sent {
  method: string;
  path: string;
  contentType: string | null;
  bytes: number[];
}

async function setUp(opts: { failFor?: string } = {}) {
  const pupils: AdminPhotoPupil[] = [
    { pupilId: 'p1', name: 'Amy Smith', upn: AMY, groupName: 'Class 3B', hasPhoto: false, byteSize: null, uploadedAt: null },
    { pupilId: 'p2', name: 'Ben Adams', upn: BEN, groupName: 'Class 3B', hasPhoto: true, byteSize: 9000, uploadedAt: '2026-11-20T10:00:00.000Z' },
    { pupilId: 'p3', name: 'Cai Jones', upn: null, groupName: null, hasPhoto: false, byteSize: null, uploadedAt: null },
  ];
  const h = await harness({ user: admin });
  const sent: Sent[] = [];
  h.server.fetch = async (url, init) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const method = init?.method ?? 'GET';
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (method === 'GET' && path === '/api/admin/photos') return json(200, { pupils });
    const match = /^\/api\/admin\/pupils\/([^/]+)\/photo$/.exec(path);
    if (match) {
      const body = init?.body instanceof Blob ? [...new Uint8Array(await init.body.arrayBuffer())] : [];
      sent.push({ method, path, contentType: new Headers(init?.headers).get('content-type'), bytes: body });
      if (match[1] === opts.failFor) return json(413, { code: 'payload_too_large', message: 'This photo is too large.' });
      const p = pupils.find((x) => x.pupilId === match[1])!;
      p.hasPhoto = method === 'PUT';
      return json(200, { pupilId: p.pupilId, removed: method === 'DELETE' });
    }
    return json(404, { code: 'not_found', message: 'Not found' });
  };
  const resized: Blob[] = [];
  const resize = vi.fn(async (photo: Blob) => {
    resized.push(photo);
    return new Blob([SHRUNK], { type: 'image/jpeg' });
  });
  renderIn(h, <PhotosScreen params={[]} resize={resize} />);
  await screen.findByText('1 of 3 pupils have a photo.');
  return { h, sent, resize, resized };
}

beforeEach(() => {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:preview', revokeObjectURL: () => undefined }));
});
afterEach(() => vi.unstubAllGlobals());

describe('Photos screen', () => {
  it('shrinks a chosen photo, shows it, and uploads the shrunk JPEG for that pupil', async () => {
    const { sent, resize } = await setUp();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Pupil'), 'p1');
    const original = new File([new Uint8Array(50_000)], 'amy.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText('Photo of Amy Smith'), original);
    expect(resize).toHaveBeenCalledWith(original);
    const preview = await screen.findByRole('img', { name: 'New photo of Amy Smith' });
    expect(preview.getAttribute('src')).toBe('blob:preview');
    expect(screen.getByText(/Ready to upload: 1 kB \(the file was 49 kB\)/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Upload photo' }));
    await screen.findByText('Photo of Amy Smith saved.');
    expect(sent).toEqual([{ method: 'PUT', path: '/api/admin/pupils/p1/photo', contentType: 'image/jpeg', bytes: [...SHRUNK] }]);
    await screen.findByText('2 of 3 pupils have a photo.');
  });

  it('removes a photo the pupil has', async () => {
    const { sent } = await setUp();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Pupil'), 'p2');
    expect(screen.getByRole('button', { name: 'Replace photo' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove photo' }));
    await screen.findByText('Photo of Ben Adams removed.');
    expect(sent.map((s) => [s.method, s.path])).toEqual([['DELETE', '/api/admin/pupils/p2/photo']]);
  });

  it('matches a zip by UPN, lists what matched and what did not, then uploads with progress and lists a failure', async () => {
    const { sent, resize } = await setUp({ failFor: 'p2' });
    const user = userEvent.setup();
    const zip = zipSync({
      [`${AMY}.jpg`]: new Uint8Array([1]),
      [`${BEN}.jpg`]: new Uint8Array([2]),
      'notes.txt': new Uint8Array([3]),
      'someone.jpg': new Uint8Array([4]),
    });
    await user.upload(screen.getByLabelText('Zip of photos'), new File([zip], 'class3b.zip', { type: 'application/zip' }));
    await screen.findByText('class3b.zip: 2 photos matched to pupils, 2 files not matched.');
    const matched = screen.getByRole('table', { name: 'Photos matched to pupils' });
    expect(within(matched).getAllByRole('rowheader').map((r) => r.textContent)).toEqual(['Amy Smith', 'Ben Adams']);
    expect(within(within(matched).getByRole('rowheader', { name: 'Ben Adams' }).closest('tr')!).getByText('Will be replaced')).toBeTruthy();
    const unmatched = screen.getByRole('table', { name: 'Files not matched' });
    expect(within(unmatched).getByRole('rowheader', { name: 'notes.txt' }).closest('tr')!.textContent).toMatch(/Not a photo/);
    expect(within(unmatched).getByRole('rowheader', { name: 'someone.jpg' }).closest('tr')!.textContent).toMatch(/not a UPN/);
    expect(sent).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Upload 2 photos' }));
    await screen.findByText('1 photo uploaded from class3b.zip; 1 could not be uploaded (listed below).');
    expect(resize).toHaveBeenCalledTimes(2);
    expect(sent.map((s) => [s.path, s.contentType])).toEqual([
      ['/api/admin/pupils/p1/photo', 'image/jpeg'],
      ['/api/admin/pupils/p2/photo', 'image/jpeg'],
    ]);
    const bar = screen.getByRole('progressbar', { name: /Finished: 2 of 2/ });
    expect(bar.getAttribute('value')).toBe('2');
    expect(screen.getByRole('list', { name: 'Photos not uploaded' }).textContent).toBe(`${BEN}.jpg (Ben Adams): This photo is too large.`);
  });

  it('says so when the file is not a zip', async () => {
    await setUp();
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText('Zip of photos'), new File(['hello'], 'photos.zip'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/photos.zip could not be opened as a zip file/);
  });
});
