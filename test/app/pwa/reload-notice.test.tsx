import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb } from '../../../src/app/db/schema';
import { schoolServer, signIn, startApp } from '../features/auth/appHarness';

describe('another tab opens a newer version of the database', () => {
  it('lets the other tab upgrade, and asks this page to reload, which it does only when tapped', async () => {
    const factory = new IDBFactory();
    const name = `vc-${Math.random()}`;
    const db = createDb(name, { indexedDB: factory, IDBKeyRange });
    const { reload } = startApp(db, schoolServer());
    await signIn('jones');
    await screen.findByText('Ms Jones');

    const newer = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    newer.version(1).stores({ meta: 'key' });
    newer.version(2).stores({ meta: 'key', extra: 'id' });
    await newer.open();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The app was updated in another tab. Reload this page to carry on; marks already saved are safe.');
    expect(reload).not.toHaveBeenCalled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Reload page' }));
    expect(reload).toHaveBeenCalledOnce();
    newer.close();
  });
});
