/**
 * What every screen may use: the device database, the api client, the corrected clock, and, once someone is
 * signed in, that person and their sync engine. Provided once by App; tests provide their own.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { RegisterDb } from '../db/schema';
import type { SignedInUser } from '../db/types';
import type { ApiClient } from '../sync/api';
import type { Clock } from '../sync/clock';
import type { SyncEngine } from '../sync/engine';

export interface AppServices {
  db: RegisterDb;
  api: ApiClient;
  clock: Clock;
  user: SignedInUser | null;
  engine: SyncEngine | null;
  /** After a successful sign-in (stores the user and starts their engine). */
  signedIn(user: SignedInUser): Promise<void>;
  /** Signs out on this device (the caller has already warned about waiting marks). */
  signOut(): Promise<void>;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ value, children }: { value: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={value}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesProvider>');
  return services;
}

/** For screens shown only to a signed-in person. */
export function useSignedIn(): AppServices & { user: SignedInUser; engine: SyncEngine } {
  const services = useServices();
  if (!services.user || !services.engine) throw new Error('This screen needs someone signed in');
  return services as AppServices & { user: SignedInUser; engine: SyncEngine };
}
