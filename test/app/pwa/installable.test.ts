import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { webManifest } from '../../../src/app/pwa/manifest';

const root = resolve(__dirname, '../../..');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(resolve(root, 'public', file));
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('installable app', () => {
  it('has a manifest with names, standalone display, a theme colour and the start page', () => {
    expect(webManifest).toMatchObject({ name: 'School Register', short_name: 'Register', display: 'standalone', start_url: '/', scope: '/' });
    expect(webManifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(webManifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('has 192 and 512 px icons and a maskable icon, each file of the size it claims', () => {
    const icons = webManifest.icons as Array<{ src: string; sizes: string; purpose?: string }>;
    const sizes = (purpose: string) => icons.filter((i) => (i.purpose ?? 'any').split(' ').includes(purpose)).map((i) => i.sizes);
    expect(sizes('any')).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(sizes('maskable').length).toBeGreaterThan(0);
    for (const icon of icons) {
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(icon.src)).toEqual([w, h]);
    }
  });

  it('gives an iPad what it needs to run from the home screen', () => {
    const html = readFileSync(resolve(root, 'index.html'), 'utf8');
    expect(html).toMatch(/<meta name="apple-mobile-web-app-capable" content="yes"/);
    expect(html).toMatch(/<meta name="apple-mobile-web-app-status-bar-style" content="[a-z-]+"/);
    expect(html).toMatch(/<meta name="apple-mobile-web-app-title" content="Register"/);
    expect(html).toMatch(new RegExp(`<meta name="theme-color" content="${webManifest.theme_color}"`));
    const touchIcon = /<link rel="apple-touch-icon" sizes="180x180" href="\/([^"]+)"/.exec(html);
    expect(touchIcon).not.toBeNull();
    expect(pngSize(touchIcon![1])).toEqual([180, 180]);
    expect(html).toMatch(/viewport-fit=cover/);
  });

  it('keeps registerType "prompt" so a new version never takes over by itself', () => {
    const config = readFileSync(resolve(root, 'vite.config.ts'), 'utf8');
    expect(config).toMatch(/registerType: 'prompt'/);
    expect(config).toMatch(/manifest: webManifest/);
  });
});
