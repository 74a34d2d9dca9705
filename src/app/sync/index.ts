/** Public surface of the client sync layer (used by the app and by the integration tests). */
export { createSyncEngine } from './engine';
export type { SyncEngine, SyncEngineOptions, SyncResult, MarkInput } from './engine';
export { createApiClient, ApiError } from './api';
export type { ApiClient, ApiClientOptions, FetchLike, OfficeRegistersResponse, RequestOptions, Cover, StaffMember, OfficeGroup } from './api';
export { createClock, sampleFrom, isBetterSample } from './clock';
export type { Clock } from './clock';
export type { PushOutcome } from './push';
export type { PullOutcome } from './pull';
export type { DeviceKeyOutcome } from './deviceKey';
export type { SyncStatus, SyncStatusStore } from './status';
export { createDb, RegisterDb } from '../db/schema';
export { StorageProblem } from '../db/connection';
export type { EnqueueType } from '../db/mutations';
