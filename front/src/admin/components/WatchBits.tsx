import type { WatchReport, WatchSummary } from '@checkstand/contract';
import { formatAge } from '../admin-format';
import { DateTime } from './AdminBits';
import { Fact } from './order/OrderCard';

/** What the watch list is, in one sentence, for the dashboard and the watch list's page. */
export const WATCH_LIST_EXPLAINED =
  'Every Checkout Session the store creates stays on the watch list, and is read back from Stripe now and then, until Stripe says it is over: a payment can never be missed because a webhook was.';

/** How stale the least recently checked session is: "3 minutes ago", or that there is nothing to check. */
export function oldestCheckText(summary: WatchSummary): string {
  if (summary.oldestCheckAgeSeconds === null) return 'Nothing to check';
  const age = formatAge(summary.oldestCheckAgeSeconds);
  return age === 'just now' ? 'Just now' : `${age} ago`;
}

function LastRun({ at, error, testId }: { at: string | null; error: string | null; testId: string }) {
  return (
    <span data-testid={testId}>
      {at ? <DateTime iso={at} /> : <span className="admin-muted">Not run yet</span>}
      {error && (
        <span className="admin-run-error">
          Last error: <code>{error}</code>
        </span>
      )}
    </span>
  );
}

/** The two background passes that keep orders true without webhooks: when they last ran, and how it went. */
export function BackgroundRuns({ report }: { report: WatchReport }) {
  return (
    <dl className="admin-facts">
      <Fact label="Reconciler, last run">
        <LastRun at={report.reconcile.lastRunAt} error={report.reconcile.lastError} testId="reconcile-run" />
      </Fact>
      <Fact label="Stripe event list sweep, last run">
        <LastRun at={report.sweep.lastRunAt} error={report.sweep.lastError} testId="sweep-run" />
      </Fact>
      <Fact label="Stripe events read up to">
        <DateTime iso={report.sweep.cursor} />
      </Fact>
    </dl>
  );
}
