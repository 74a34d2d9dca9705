/** Browser entry: one device database, one api client feeding one clock, the app, and the update prompt. */
import './zodWithoutEval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createDb } from './db/schema';
import { getCurrentUser } from './db/meta';
import { createApiClient } from './sync/api';
import { createClock } from './sync/clock';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import './styles.css';

// For the cold-start benchmark: when this module began to run (after the bundle was fetched and parsed).
performance.mark('app:start');
const db = createDb();
const clock = createClock(db);
// Read who is signed in now, while React is still starting, rather than after its first render.
const storedUser = getCurrentUser(db);
const api = createApiClient({ onServerTime: (t0, t1, serverTime) => void clock.observe(t0, t1, serverTime) });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App db={db} api={api} clock={clock} storedUser={storedUser}>
      <UpdatePrompt db={db} />
    </App>
  </StrictMode>,
);
