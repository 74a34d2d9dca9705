/** Browser entry: one device database, one api client feeding one clock, the app, and the update prompt. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createDb } from './db/schema';
import { createApiClient } from './sync/api';
import { createClock } from './sync/clock';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import './styles.css';

const db = createDb();
const clock = createClock(db);
const api = createApiClient({ onServerTime: (t0, t1, serverTime) => void clock.observe(t0, t1, serverTime) });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App db={db} api={api} clock={clock}>
      <UpdatePrompt db={db} />
    </App>
  </StrictMode>,
);
