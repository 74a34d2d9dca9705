/**
 * Getting a device key for the signed-in person (POST /api/sync/device-key), so that their waiting marks can
 * still be sent after they sign out and someone else signs in on the same tablet.
 *
 * Guarantees:
 * - Asked only with the person's own session, for their own device id; the key is stored in their device
 *   identity (meta `device:<userId>`) and only if that identity still names the same device id.
 * - Never throws: no key just means their marks wait for them to sign in again (what happened before keys).
 * - Office and admin are never given a key (`device_key_not_issued`): any key stored for them is forgotten.
 * - A device id the server says belongs to someone else is replaced (as push does) and asked for once more.
 */
import { ApiError, type ApiClient } from './api';
import type { RegisterDb } from '../db/schema';
import { getOrCreateDevice, updateDevice } from '../db/meta';
import { rekeyDevice } from './push';

export type DeviceKeyOutcome = 'stored' | 'unavailable';

export async function registerDeviceKey(db: RegisterDb, api: ApiClient, userId: string, displayName?: string): Promise<DeviceKeyOutcome> {
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      const device = await getOrCreateDevice(db, userId);
      if (displayName && device.displayName !== displayName) await updateDevice(db, userId, { displayName });
      try {
        const { deviceKey } = await api.deviceKey(device.deviceId);
        if (typeof deviceKey !== 'string' || deviceKey.length === 0) return 'unavailable';
        const stored = await updateDevice(db, userId, { deviceKey }, device.deviceId);
        return stored?.deviceKey === deviceKey ? 'stored' : 'unavailable';
      } catch (error) {
        if (error instanceof ApiError && error.code === 'device_key_not_issued') {
          // Office and admin get no key: a key kept from before would only be refused, and while it is kept the
          // tablet would say their changes can go without them. They wait for them to sign in here again.
          await updateDevice(db, userId, { deviceKey: undefined }, device.deviceId);
          return 'unavailable';
        }
        if (error instanceof ApiError && error.code === 'device_of_another_user' && attempt === 0) {
          await rekeyDevice(db, userId);
          continue;
        }
        return 'unavailable';
      }
    }
  } catch {
    // The device database refused the write: the key is a convenience, the marks are already safe.
  }
  return 'unavailable';
}
