/**
 * Hash routes (no router library): #/ home, #/register/<groupId>/<date>/<AM|PM>, #/office, #/office/covers,
 * #/settings, #/sign-in.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'register'; groupId: string; date: string; session: 'AM' | 'PM' }
  | { name: 'office' }
  | { name: 'office-covers' }
  | { name: 'settings' }
  | { name: 'sign-in' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'register' && parts.length === 4 && (parts[3] === 'AM' || parts[3] === 'PM') && /^\d{4}-\d{2}-\d{2}$/.test(parts[2])) {
    return { name: 'register', groupId: parts[1], date: parts[2], session: parts[3] };
  }
  if (parts[0] === 'office' && parts[1] === 'covers') return { name: 'office-covers' };
  if (parts[0] === 'office') return { name: 'office' };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'sign-in') return { name: 'sign-in' };
  return { name: 'home' };
}

export function registerHref(groupId: string, date: string, session: 'AM' | 'PM'): string {
  return `#/register/${encodeURIComponent(groupId)}/${date}/${session}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(href: string): void {
  window.location.hash = href.replace(/^#/, '');
}
