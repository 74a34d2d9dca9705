/**
 * Hash routes (no router library): #/ home, #/register/<groupId>/<date>/<AM|PM>, #/office[/<page>[/<param>…]]
 * (OFFICE_PAGES), #/admin[/<page>[/<param>…]] (ADMIN_PAGES), #/settings, #/sign-in, #/first-sign-in.
 * The first run's setup page is a path of its own (/setup?token=…: the address the server prints).
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'register'; groupId: string; date: string; session: 'AM' | 'PM' }
  | { name: 'office'; page: OfficePage; params: string[] }
  | { name: 'admin'; page: AdminPage; params: string[] }
  | { name: 'settings' }
  | { name: 'sign-in' }
  | { name: 'first-sign-in' };

/** What every office and admin screen is given: the route's parts after the page name, decoded (e.g. an id). */
export interface PageProps {
  params: string[];
}

/**
 * The office's screens: today (registers and missing ones), absences (first-day response), late (late desk and
 * signing-out book), fire (roll call), unresolved (unresolved N), conflicts, planned (planned absences and bulk
 * codes), pupils (search; /pupils/<id> one pupil's register), day (/day/<groupId>/<date>: a printable day
 * register), export (CSV), covers, take (choose a class whose register to take: the register itself is the
 * teacher's screen, #/register/…, which office and admin may open for any class), devices (admin only: staff
 * devices, revoking a person's device keys), attendance (the school's attendance figures), persistent
 * (persistent and severe absence lists, and letters to families), alerts (the statutory alerts to act on).
 */
export const OFFICE_PAGES = ['today', 'absences', 'late', 'fire', 'unresolved', 'conflicts', 'planned', 'pupils', 'day', 'export', 'covers', 'take', 'devices', 'attendance', 'persistent', 'alerts'] as const;
export type OfficePage = (typeof OFFICE_PAGES)[number];

/**
 * The admin's screens (admin only; DESIGN.md §6): school (settings and register times), calendar, classes,
 * staff, pupils (records, moves, leavers; /pupils/<id> one pupil), photos, import (pupils from the MIS; staff
 * on the staff screen), audit (every admin change).
 */
export const ADMIN_PAGES = ['school', 'calendar', 'classes', 'staff', 'pupils', 'photos', 'import', 'audit'] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

export function adminHref(page: AdminPage, ...params: string[]): string {
  return ['#/admin', page, ...params.map(encodeURIComponent)].join('/');
}

export function officeHref(page: OfficePage, ...params: string[]): string {
  return ['#/office', page, ...params.map(encodeURIComponent)].join('/');
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'register' && parts.length === 4 && (parts[3] === 'AM' || parts[3] === 'PM') && /^\d{4}-\d{2}-\d{2}$/.test(parts[2])) {
    return { name: 'register', groupId: parts[1], date: parts[2], session: parts[3] };
  }
  if (parts[0] === 'office') {
    const page = (OFFICE_PAGES as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as OfficePage) : 'today';
    return { name: 'office', page, params: page === parts[1] ? parts.slice(2) : [] };
  }
  if (parts[0] === 'admin') {
    const page = (ADMIN_PAGES as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as AdminPage) : 'school';
    return { name: 'admin', page, params: page === parts[1] ? parts.slice(2) : [] };
  }
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'first-sign-in') return { name: 'first-sign-in' };
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
