import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { matchPhotos, unzipPhotos, type ZipEntry } from '../../../../../src/app/features/admin/pupils/photosZip';
import { upnCheckLetter } from '../../../../../src/domain/upn';
import type { AdminPhotoPupil } from '../../../../../src/protocol/adminPhotos';

const upn = (digits: string) => `${upnCheckLetter(digits)}${digits}`;
const AMY = upn('801200005001');
const BEN = upn('801200005002');
const NOBODY = upn('801200005099');
const pupil = (pupilId: string, name: string, u: string | null, hasPhoto = false): AdminPhotoPupil => ({
  pupilId, name, upn: u, groupName: 'Class 3B', hasPhoto, byteSize: null, uploadedAt: null,
});
const PUPILS = [pupil('p1', 'Amy Smith', AMY), pupil('p2', 'Ben Adams', BEN, true), pupil('p3', 'Cai Jones', null)];
const file = (name: string): ZipEntry => ({ name, bytes: new Uint8Array([1, 2, 3]) });

describe('matching a zip of photos to pupils by UPN', () => {
  it.each<[string, string[], Array<[string, string]>, Array<[string, RegExp]>]>([
    ['a file named by a UPN', [`${AMY}.jpg`], [[`${AMY}.jpg`, 'p1']], []],
    ['any case, spaces, other photo types', [`${AMY.toLowerCase()}.JPEG`, `${BEN.slice(0, 4)} ${BEN.slice(4)}.webp`], [[`${AMY.toLowerCase()}.JPEG`, 'p1'], [`${BEN.slice(0, 4)} ${BEN.slice(4)}.webp`, 'p2']], []],
    ['a file in a folder', [`class3b/${AMY}.png`], [[`class3b/${AMY}.png`, 'p1']], []],
    ['not a photo', [`${AMY}.pdf`, 'list.csv'], [], [[`${AMY}.pdf`, /Not a photo/], ['list.csv', /Not a photo/]]],
    ['a name that is not a UPN', ['amy smith.jpg', `${AMY.slice(1)}.jpg`], [], [['amy smith.jpg', /not a UPN/], [`${AMY.slice(1)}.jpg`, /not a UPN/]]],
    ['a UPN with the wrong check letter', [`Z${AMY.slice(1)}.jpg`], [], [[`Z${AMY.slice(1)}.jpg`, /not a UPN/]]],
    ['a valid UPN nobody has', [`${NOBODY}.jpg`], [], [[`${NOBODY}.jpg`, new RegExp(`No pupil in the school has the UPN ${NOBODY}`)]]],
    ['two files for one pupil', [`${AMY}.jpg`, `more/${AMY}.png`, `${BEN}.jpg`], [[`${BEN}.jpg`, 'p2']], [[`${AMY}.jpg`, /More than one file .* Amy Smith/], [`more/${AMY}.png`, /More than one file/]]],
    ['an empty zip', [], [], []],
  ])('%s', (_name, names, matched, unmatched) => {
    const result = matchPhotos(names.map(file), PUPILS);
    expect(result.matched.map((m) => [m.fileName, m.pupil.pupilId])).toEqual(matched);
    expect(result.unmatched).toHaveLength(unmatched.length);
    for (const [fileName, reason] of unmatched) expect(result.unmatched.find((u) => u.fileName === fileName)?.reason).toMatch(reason);
  });

  it('opens a real zip, skipping folders and the clutter of Macs and Windows', () => {
    const zip = zipSync({
      [`${AMY}.jpg`]: new Uint8Array([0xff, 0xd8, 0xff]),
      'photos/': {},
      [`photos/${BEN}.jpg`]: new Uint8Array([9]),
      [`__MACOSX/._${AMY}.jpg`]: new Uint8Array([0]),
      '.DS_Store': new Uint8Array([0]),
      'photos/Thumbs.db': new Uint8Array([0]),
    } as never);
    const entries = unzipPhotos(zip);
    expect(entries.map((e) => e.name).sort()).toEqual([`${AMY}.jpg`, `photos/${BEN}.jpg`]);
    expect([...entries.find((e) => e.name === `${AMY}.jpg`)!.bytes]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('refuses something that is not a zip', () => {
    expect(() => unzipPhotos(new TextEncoder().encode('not a zip at all'))).toThrow();
  });
});
