/** The sync engine's public shape (engine.ts builds it): options, results and methods. */
import type { Session } from '../../domain/codes';
import type { RegisterDb } from '../db/schema';
import type { RecordedMark } from '../db/marks';
import type { EnqueueType } from '../db/mutations';
import type { MutationArgs, OutboxEntry } from '../db/types';
import type { DeviceKeyOutcome } from './deviceKey';
import type { ApiClient, FetchLike } from './api';
import type { Clock } from './clock';
import type { LockLike } from './lock';
import type { PushOutcome } from './push';
import type { PullOutcome } from './pull';
import type { SyncStatusStore } from './status';

export interface SyncEngineOptions {
  db: RegisterDb;
  userId: string;
  /** Shown as "marked by" on the device until the server's value arrives. */
  displayName?: string;
  fetch?: FetchLike;
  /** '' in the browser; e.g. 'http://127.0.0.1:8080' in Node. */
  baseUrl?: string;
  /** The DEVICE clock (default Date.now). The app's "now" is this plus the estimated offset. */
  now?: () => number;
  /** A Web Locks-like manager; default navigator.locks when present, null to disable. */
  locks?: LockLike | null;
  /**
   * Share an api client and clock (the app signs in before an engine exists). If you pass `api`, wire its
   * `onServerTime` to `clock.observe` yourself; by default both are built here from fetch/baseUrl/now.
   */
  api?: ApiClient;
  clock?: Clock;
  /** Pull the person's registers onto the device (default true). Office engines only push. */
  pull?: boolean;
  /**
   * Nobody is signed in: only send other people's waiting entries with their device keys (no pull, no key
   * request, no session). Pass `userId: ''`.
   */
  courier?: boolean;
}

export interface SyncOptions {
  pullIfOlderThanMs?: number;
}

export interface SyncResult {
  ok: boolean;
  push: PushOutcome;
  pull: PullOutcome | null;
}

export interface MarkInput {
  pupilId: string;
  date: string;
  session: Session;
  /** '/', '\\' or 'N' (present is stored as the session's symbol). */
  mark: string;
}

export interface SyncEngine {
  readonly userId: string;
  readonly db: RegisterDb;
  readonly api: ApiClient;
  readonly clock: Clock;
  readonly status: SyncStatusStore;
  /** Resolves when the persisted clock offset has been loaded. */
  readonly ready: Promise<void>;
  /** The corrected clock: device clock + estimated offset, ms. */
  now(): number;
  recordMark(input: MarkInput): Promise<RecordedMark>;
  /**
   * Records any other mutation (`pupil.here`, `cover.add`, `cover.remove`) in the outbox in one strict
   * transaction and asks for a sync. `cellKey` only links the entry to a register cell (it is not changed).
   */
  enqueue<T extends EnqueueType>(type: T, args: MutationArgs[T], options?: { cellKey?: string; rememberAs?: string }): Promise<OutboxEntry>;
  /** After sign-in: asks the server for this person's device key and keeps it (never throws). */
  registerDeviceKey(): Promise<DeviceKeyOutcome>;
  push(): Promise<PushOutcome>;
  pull(): Promise<PullOutcome>;
  /**
   * Push, then pull. With `pullIfOlderThanMs` (a sync started by taps) the pull is left out when one finished
   * that recently and the push went through: the next sync that is not about a tap brings others' changes.
   */
  sync(options?: SyncOptions): Promise<SyncResult>;
  /** Ask for a sync soon (no-op before start()). */
  requestSync(): void;
  /** Starts the timer and browser triggers; returns stop. */
  start(): () => void;
  stop(): void;
  /** After the person signed in again following a 401. */
  signedInAgain(): void;
  /**
   * Office and admin (an engine made with `pull: false`): the one class whose register this computer is taking.
   * From now on every sync pulls that class only (the server narrows the scope to it, so the computer holds
   * nothing else of the school), until another class is named; `null` stops pulling (what was pulled stays
   * until another class replaces it or the person signs out). Naming a class starts a sync, returned.
   */
  takeRegisterOf(groupId: string | null): Promise<SyncResult | null>;
}
