/**
 * The HTTP client for the school's server (wire contract v1, src/protocol).
 *
 * Guarantees:
 * - Never throws anything but ApiError: `network` when no answer came (offline, DNS, timeout), `http` with the
 *   status and the server's stable `code` otherwise.
 * - Every JSON answer carrying `serverTime` is reported with the device times around the request, so the clock
 *   offset can be estimated NTP-style (clock.ts).
 * - Cookies: `credentials: 'same-origin'`; the session lives in an HttpOnly cookie the app never sees. A request
 *   made with other credentials (a device key header) omits the cookie, so the server can only act as the
 *   device's owner and never mixes up the signed-in person with the one whose marks are sent.
 */
import type {
  LoginResponse,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  SignedInUser,
} from '../../protocol';
import type { FirstSignInRequest, SetupRequest, SetupResponse } from '../../protocol/setup';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  constructor(
    readonly kind: 'network' | 'http',
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface OfficePupilMark {
  pupilId: string;
  name: string;
  code: string | null;
  source: 'teacher' | 'office' | null;
  markedBy: string | null;
  markedAt: string | null;
  receivedAt: string | null;
  /** A teacher's present mark taken after the register closed (the office decides on L or U). */
  afterClose?: boolean;
}
/** A present mark the teacher took after the register closed: still theirs, the office is told. */
export interface MarkedAfterClose {
  pupilId: string;
  name: string;
  markedBy: string | null;
  markedAt: string;
}
export interface OfficeRegister {
  groupId: string;
  groupName: string;
  session: 'AM' | 'PM';
  opensAt: string;
  takenBy: string[];
  coveredBy: string[];
  total: number;
  marked: number;
  present: number;
  absent: number;
  /** When the register closes, `HH:MM` school-local; lates after it are `U`. */
  closesAt?: string;
  markedAfterClose?: MarkedAfterClose[];
  pupils: OfficePupilMark[];
}
export interface OfficeRegistersResponse {
  date: string;
  isSchoolDay: boolean;
  dayLabel: string | null;
  registers: OfficeRegister[];
}

/** GET /api/office/staff, /groups, /covers (docs/issue3-api.md). */
export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  role: 'teacher' | 'ta' | 'office' | 'admin';
}
export interface OfficeGroup {
  id: string;
  name: string;
  yearGroup: number | null;
}
export interface Cover {
  id: string;
  staffId: string;
  staffName: string;
  groupId: string;
  groupName: string;
  startDate: string;
  endDate: string;
  sessions: Array<'AM' | 'PM'>;
}

/** Per-request options. */
export interface RequestOptions {
  /** Extra headers, e.g. `x-device-key` to push someone else's waiting marks. */
  headers?: Record<string, string>;
  /** Send the session cookie (default true). */
  withSession?: boolean;
  /** Send `body` as it is (CSV text, a photo) with this content type, instead of as JSON. */
  rawContentType?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClientOptions {
  fetch?: FetchLike;
  /** '' in the browser (same origin); 'http://127.0.0.1:8080' in Node. */
  baseUrl?: string;
  /** Device clock, ms. */
  now?: () => number;
  /** Called with (device time before, device time after, serverTime ISO) for each answer carrying one. */
  onServerTime?: (t0: number, t1: number, serverTime: string) => void;
  timeoutMs?: number;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl ?? '';
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 20_000;

  async function request<T>(method: HttpMethod, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    const t0 = now();
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        credentials: opts.withSession === false ? 'omit' : 'same-origin',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': opts.rawContentType ?? 'application/json' }),
          ...opts.headers,
        },
        body: body === undefined ? undefined : opts.rawContentType ? (body as BodyInit) : JSON.stringify(body),
        signal: controller?.signal,
      });
    } catch (error) {
      throw new ApiError('network', 0, 'network', error instanceof Error ? error.message : 'No connection');
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    const t1 = now();
    if (response.status === 204) return undefined as T;
    let data: unknown = undefined;
    try {
      data = await response.json();
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      const err = (data ?? {}) as { code?: string; message?: string };
      throw new ApiError('http', response.status, err.code ?? `http_${response.status}`, err.message ?? response.statusText);
    }
    const serverTime = (data as { serverTime?: unknown } | undefined)?.serverTime;
    if (typeof serverTime === 'string') options.onServerTime?.(t0, t1, serverTime);
    return data as T;
  }

  return {
    login: (username: string, password: string) =>
      request<LoginResponse>('POST', '/api/auth/login', { username, password }),
    /** The first run: creates the school and its first admin with the one-time token, and signs the admin in. */
    setup: (body: SetupRequest) => request<SetupResponse>('POST', '/api/setup', body),
    /** Sets the password of someone without one (or with a new code) and signs them in. */
    firstSignIn: (body: FirstSignInRequest) => request<LoginResponse>('POST', '/api/auth/first-sign-in', body),
    /** `deviceId`: this person's device on this tablet, so their device key stops at this sign-out. */
    logout: (deviceId?: string) => request<void>('POST', '/api/auth/logout', deviceId ? { deviceId } : undefined),
    me: () => request<{ user: SignedInUser; serverTime: string }>('GET', '/api/auth/me'),
    /** With `headers: {'x-device-key': …}` and `withSession: false`: sent as that device's owner. */
    push: (body: PushRequest, opts?: RequestOptions) => request<PushResponse>('POST', '/api/sync/push', body, opts),
    /** Registers the device to the signed-in person (if new) and issues a fresh key for it. */
    deviceKey: (deviceId: string) => request<{ deviceId: string; deviceKey: string }>('POST', '/api/sync/device-key', { deviceId }),
    pull: (body: PullRequest) => request<PullResponse>('POST', '/api/sync/pull', body),
    officeRegisters: (date: string) =>
      request<OfficeRegistersResponse>('GET', `/api/office/registers?date=${encodeURIComponent(date)}`),
    officeStaff: () => request<{ staff: StaffMember[] }>('GET', '/api/office/staff'),
    officeGroups: () => request<{ groups: OfficeGroup[] }>('GET', '/api/office/groups'),
    officeCovers: (from: string, to: string) =>
      request<{ covers: Cover[] }>('GET', `/api/office/covers?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
    health: () => request<{ ok: boolean }>('GET', '/api/health'),
    /** Admin only: removes every device key of one person and ends their sessions (a lost tablet). */
    revokeStaffDevices: (staffId: string) =>
      request<{ revocation: { keysRemoved: number; sessionsEnded: number; revokedAt: string } }>(
        'POST', `/api/admin/staff/${encodeURIComponent(staffId)}/devices/revoke`, {},
      ),
    /** Any other read (the office's lists: src/app/office/officeApi.ts types them). */
    get: <T>(path: string) => request<T>('GET', path),
    /** Any other request (the admin's screens): a JSON body, or a raw one with `opts.rawContentType`. */
    send: <T>(method: HttpMethod, path: string, body?: unknown, opts?: RequestOptions) => request<T>(method, path, body, opts),
  };
}
