/**
 * The number of alerts waiting to be dealt with, beside "Alerts" in the office's menu (AlertsResponse.waiting
 * .total of GET /api/office/alerts). Read every two minutes and whenever this computer's changes have been
 * sent; shows nothing while unknown or when none are waiting, so a failed read never shows a wrong count.
 */
import { useOfficeQuery } from '../components/useOfficeQuery';
import { officeApi } from './officeApi';

export function AlertsWaiting({ pollMs = 120_000 }: { pollMs?: number }) {
  const alerts = useOfficeQuery((api) => officeApi.alerts(api), [], pollMs);
  const total = alerts.data?.waiting.total ?? 0;
  if (total === 0) return null;
  return (
    <>
      {' '}
      <span className="menu-count">
        {total}
        <span className="visually-hidden"> waiting</span>
      </span>
    </>
  );
}
