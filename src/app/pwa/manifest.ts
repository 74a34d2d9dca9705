/**
 * The web app manifest (vite.config.ts hands it to vite-plugin-pwa). Kept here, as data, so a test can check
 * that the app stays installable: a name and short name, standalone display, the theme colour, 192 and 512 px
 * icons and a maskable icon (Android crops it to its own shape; the artwork keeps to the safe zone).
 * iPadOS ignores most of it and reads the apple-* tags in index.html instead.
 */
import type { ManifestOptions } from 'vite-plugin-pwa';

export const THEME_COLOUR = '#1f4e79';

export const webManifest: Partial<ManifestOptions> & Pick<ManifestOptions, 'icons'> = {
  id: '/',
  name: 'School Register',
  short_name: 'Register',
  description: 'Take school registers on a tablet, with or without a connection.',
  lang: 'en-GB',
  dir: 'ltr',
  display: 'standalone',
  orientation: 'any',
  theme_color: THEME_COLOUR,
  background_color: '#f6f7f9',
  start_url: '/',
  scope: '/',
  categories: ['education', 'productivity'],
  icons: [
    { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};
