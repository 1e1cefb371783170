import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../api/api-client';
import { isWaitingStatus } from '../../api/orders';
import { ErrorState } from '../../components/ErrorState';
import { ArrowLeftIcon } from '../../components/Icons';
import { formatMoney } from '../../money/format-money';
import {
  adminKeys,
  fetchOrderDetail,
  syncOrder,
  type AdminAttempt,
  type AdminDelivery,
  type AdminOrderDetail,
  type AdminRefund,
} from '../admin-api';
import { ADMIN_STATUS_LABELS, FLAG_INFO, flagLabel, formatEventTime } from '../admin-format';
import { AdminStatusBadge, DateTime, IdValue, Pill, type PillTone } from '../components/AdminBits';
import { EventTimeline } from '../components/EventTimeline';
import { RefundDialog } from '../components/RefundDialog';
import type { FromListState } from './AdminOrdersPage';

/** While an order waits on Stripe, and after a refund until Stripe confirms it: how often to look again. */
export const WAITING_REFRESH_MS = 5_000;
export const REFUND_REFRESH_MS = 1_500;
/** How long to wait for `charge.refunded` before saying it is late (it still shows up when it comes). */
export const REFUND_CONFIRM_TIMEOUT_MS = 30_000;

/** A refund Stripe accepted, until its `charge.refunded` webhook changes the order. */
interface PendingRefund {
  refund: AdminRefund;
  refundedBefore: number;
  statusBefore: string;
  late: boolean;
}

type RefundNotice = { kind: 'pending'; pending: PendingRefund } | { kind: 'confirmed'; text: string };

/** `/admin/orders/:orderId`: everything about one order, and the two things an admin can do to it. */
export function AdminOrderPage() {
  const { orderId = '' } = useParams();
  return <OrderView key={orderId} orderId={orderId} />;
}

function OrderView({ orderId }: { orderId: string }) {
  const [notice, setNotice] = useState<RefundNotice | null>(null);
  const pending = notice?.kind === 'pending' ? notice.pending : null;

  const query = useQuery({
    queryKey: adminKeys.order(orderId),
    queryFn: ({ signal }) => fetchOrderDetail(orderId, signal),
    staleTime: 0,
    refetchInterval: (q) =>
      pending && !pending.late
        ? REFUND_REFRESH_MS
        : q.state.data && isWaitingStatus(q.state.data.order.status)
          ? WAITING_REFRESH_MS
          : false,
  });
  const detail = query.data;

  // Stripe's `charge.refunded` arrived: the refund is no longer "requested".
  if (pending && detail && refundLanded(detail, pending)) {
    setNotice({
      kind: 'confirmed',
      text: `Stripe confirmed the refund of ${formatMoney(pending.refund.amount, pending.refund.currency)}. The order is now ${ADMIN_STATUS_LABELS[detail.order.status].toLowerCase()}.`,
    });
  }

  const pendingId = pending?.refund.id;
  useEffect(() => {
    if (!pendingId) return;
    const timer = setTimeout(() => {
      setNotice((current) =>
        current?.kind === 'pending' && current.pending.refund.id === pendingId
          ? { kind: 'pending', pending: { ...current.pending, late: true } }
          : current,
      );
    }, REFUND_CONFIRM_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [pendingId]);

  const onRefunded = (refund: AdminRefund) => {
    if (!detail) return;
    setNotice({
      kind: 'pending',
      pending: {
        refund,
        refundedBefore: detail.payment?.amountRefunded ?? 0,
        statusBefore: detail.order.status,
        late: false,
      },
    });
    void query.refetch();
  };

  return (
    <div className="admin-container admin-page">
      <BackToList />
      {query.isPending ? (
        <h1 className="admin-page__title" tabIndex={-1} aria-busy="true">
          Loading order…
        </h1>
      ) : !detail ? (
        query.error instanceof ApiError && query.error.code === 'order_not_found' ? (
          <div className="admin-empty">
            <title>Order not found · Checkstand admin</title>
            <h1 className="admin-page__title" tabIndex={-1}>
              No order {orderId}
            </h1>
            <p className="admin-muted">Check the ID, or search for the order in the list.</p>
            <Link to="/admin/orders" className="admin-button admin-button--secondary">
              All orders
            </Link>
          </div>
        ) : (
          <ErrorState
            headingLevel={1}
            title="We couldn’t load this order"
            error={query.error}
            retrying={query.isFetching}
            onRetry={() => void query.refetch()}
          />
        )
      ) : (
        <OrderDetail
          detail={detail}
          notice={notice}
          onRefunded={onRefunded}
          onCheckAgain={() => {
            if (pending) setNotice({ kind: 'pending', pending: { ...pending, late: false } });
            void query.refetch();
          }}
          stale={query.isError}
        />
      )}
    </div>
  );
}

function refundLanded(detail: AdminOrderDetail, pending: PendingRefund): boolean {
  return (
    (detail.payment?.amountRefunded ?? 0) > pending.refundedBefore ||
    detail.order.status !== pending.statusBefore
  );
}

function BackToList() {
  const state = useLocation().state as FromListState | null;
  return (
    <Link to={`/admin/orders${state?.listSearch ?? ''}`} className="back-link">
      <ArrowLeftIcon />
      All orders
    </Link>
  );
}

interface OrderDetailProps {
  detail: AdminOrderDetail;
  notice: RefundNotice | null;
  onRefunded: (refund: AdminRefund) => void;
  onCheckAgain: () => void;
  stale: boolean;
}

function OrderDetail({ detail, notice, onRefunded, onCheckAgain, stale }: OrderDetailProps) {
  const { order, payment } = detail;
  const [refundOpen, setRefundOpen] = useState(false);
  const pending = notice?.kind === 'pending' ? notice.pending : null;
  const refundBlocked = !payment
    ? 'No payment has been received for this order.'
    : payment.refundable <= 0
      ? 'Everything received has been refunded.'
      : pending
        ? 'A refund is waiting for Stripe’s confirmation.'
        : null;

  return (
    <>
      <title>{`Order ${order.id} · Checkstand admin`}</title>
      <header className="admin-order-head">
        <div className="admin-order-head__title">
          <h1 className="admin-page__title" tabIndex={-1}>
            Order <span className="order-number">{order.id}</span>
          </h1>
          <div className="admin-order-head__status">
            <AdminStatusBadge status={order.status} testId="order-status" />
            {order.statusReason && order.statusReason !== order.status && (
              <span className="admin-muted">
                Reason: <code>{order.statusReason}</code>
              </span>
            )}
          </div>
        </div>
        <OrderActions detail={detail} refundBlocked={refundBlocked} onRefund={() => setRefundOpen(true)} />
      </header>

      {stale && (
        <p className="admin-notice admin-notice--warn" role="status">
          Couldn’t refresh this order: the server isn’t answering. What you see may be out of date.
        </p>
      )}
      <FlagAlerts flags={order.flags} />
      <RefundStatus notice={notice} onCheckAgain={onCheckAgain} />

      <div className="admin-detail-grid">
        <section className="admin-card" aria-labelledby="order-summary">
          <h2 id="order-summary" className="admin-card__title">
            Summary
          </h2>
          <dl className="admin-facts">
            <Fact label="Created">
              <DateTime iso={order.createdAt} />
            </Fact>
            <Fact label="Last change">
              <DateTime iso={order.updatedAt} />
            </Fact>
            <Fact label="Customer">
              {order.customerEmail ?? <span className="admin-muted">Not given</span>}
            </Fact>
            <Fact label="Checkout Session">
              <IdValue id={order.sessionId} what="session ID" />
            </Fact>
            <Fact label="Attempts">{String(detail.attempts.length || order.currentAttemptNo)}</Fact>
          </dl>
        </section>

        <section className="admin-card" aria-labelledby="order-payment">
          <h2 id="order-payment" className="admin-card__title">
            Payment
          </h2>
          {payment ? (
            <dl className="admin-facts" data-testid="payment">
              <Fact label="Amount received" testId="amount-received">
                {formatMoney(payment.amountReceived, payment.currency)}
              </Fact>
              <Fact label="Refunded" testId="amount-refunded">
                {formatMoney(payment.amountRefunded, payment.currency)}
              </Fact>
              <Fact label="Refundable">{formatMoney(payment.refundable, payment.currency)}</Fact>
              <Fact label="Currency">{payment.currency.toUpperCase()}</Fact>
              <Fact label="Payment intent">
                <IdValue id={payment.paymentIntentId} what="payment intent" />
              </Fact>
              <Fact label="Paid at">
                <DateTime iso={payment.paidAt} />
              </Fact>
              <Fact label="Customer email">
                {payment.customerEmail ?? <span className="admin-muted">Not given</span>}
              </Fact>
            </dl>
          ) : (
            <p className="admin-muted">No payment received yet.</p>
          )}
        </section>
      </div>

      <section className="admin-card" aria-labelledby="order-items">
        <h2 id="order-items" className="admin-card__title">
          Items
        </h2>
        <div className="admin-table-scroll" role="region" aria-labelledby="order-items" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="admin-table__num admin-wide-only">
                  Unit price
                </th>
                <th scope="col" className="admin-table__num admin-wide-only">
                  Quantity
                </th>
                <th scope="col" className="admin-table__num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.productId} data-testid="order-item">
                  <th scope="row">
                    {item.title}
                    <span className="admin-table__sub">
                      <code>{item.productId}</code>
                    </span>
                    <span className="admin-table__sub admin-narrow-only">
                      {item.quantity} × {formatMoney(item.unitAmount, order.currency)}
                    </span>
                  </th>
                  <td className="admin-table__num admin-wide-only">
                    {formatMoney(item.unitAmount, order.currency)}
                  </td>
                  <td className="admin-table__num admin-wide-only">{item.quantity}</td>
                  <td className="admin-table__num">{formatMoney(item.lineTotal, order.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3} className="admin-wide-only">
                  Total
                </th>
                <th scope="row" className="admin-narrow-only">
                  Total
                </th>
                <td className="admin-table__num admin-table__strong" data-testid="order-total">
                  {formatMoney(order.total, order.currency)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>

      <section className="admin-card" aria-labelledby="order-attempts">
        <h2 id="order-attempts" className="admin-card__title">
          Checkout attempts
        </h2>
        <AttemptsTable attempts={detail.attempts} />
      </section>

      <section className="admin-card" aria-labelledby="order-history">
        <h2 id="order-history" className="admin-card__title">
          Event history
        </h2>
        <EventTimeline events={detail.events} currency={order.currency} />
      </section>

      <section className="admin-card" aria-labelledby="order-deliveries">
        <h2 id="order-deliveries" className="admin-card__title">
          Webhook deliveries
        </h2>
        <DeliveriesTable deliveries={detail.deliveries} />
      </section>

      {payment && (
        <RefundDialog
          orderId={order.id}
          payment={payment}
          open={refundOpen}
          onClose={() => setRefundOpen(false)}
          onRefunded={(refund) => {
            setRefundOpen(false);
            onRefunded(refund);
          }}
        />
      )}
    </>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="admin-facts__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** `duplicate_payment`, `amount_mismatch`…: things a person has to act on, shown above everything else. */
function FlagAlerts({ flags }: { flags: string[] }) {
  if (flags.length === 0) return null;
  return (
    <div className="admin-alerts">
      {flags.map((flag) => (
        <div key={flag} className="admin-alert" role="alert" data-testid={`flag-${flag}`}>
          <span className="admin-alert__icon" aria-hidden="true">
            !
          </span>
          <div>
            <p className="admin-alert__title">{flagLabel(flag)}</p>
            <p className="admin-alert__text">
              {FLAG_INFO[flag]?.text ?? 'The server flagged this order for a person to look at.'}
            </p>
          </div>
        </div>
      ))}
    </div>
  );
}

/** Where the last refund stands; a polite live region, so the confirmation is heard when it arrives. */
function RefundStatus({ notice, onCheckAgain }: { notice: RefundNotice | null; onCheckAgain: () => void }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="admin-refund-status">
      {notice?.kind === 'pending' && (
        <p className="admin-notice admin-notice--info" data-testid="refund-pending">
          <span className="spinner" aria-hidden="true" />
          <span>
            Refund of {formatMoney(notice.pending.refund.amount, notice.pending.refund.currency)} requested (
            <code>{notice.pending.refund.id}</code>, {notice.pending.refund.status}).{' '}
            {notice.pending.late ? (
              <>
                Stripe hasn’t confirmed it yet; the order changes when its <code>charge.refunded</code> event
                arrives.{' '}
                <button type="button" className="link-button" onClick={onCheckAgain}>
                  Check again
                </button>
              </>
            ) : (
              'Waiting for Stripe to confirm it…'
            )}
          </span>
        </p>
      )}
      {notice?.kind === 'confirmed' && (
        <p className="admin-notice admin-notice--success" data-testid="refund-confirmed">
          {notice.text}
        </p>
      )}
    </div>
  );
}

function syncMessage(before: AdminOrderDetail, after: AdminOrderDetail): string {
  return before.order.status === after.order.status
    ? `Synced from Stripe. The status is still ${ADMIN_STATUS_LABELS[after.order.status].toLowerCase()}.`
    : `Synced from Stripe. The status changed from ${ADMIN_STATUS_LABELS[before.order.status].toLowerCase()} to ${ADMIN_STATUS_LABELS[after.order.status].toLowerCase()}.`;
}

function syncErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'payment_provider_unavailable') {
      return 'Stripe isn’t answering right now, so nothing was changed. Try again in a moment.';
    }
    if (error.code === 'network_error') return NETWORK_ERROR_MESSAGE;
    return error.message;
  }
  return 'Something went wrong on our side. Please try again.';
}

function OrderActions({
  detail,
  refundBlocked,
  onRefund,
}: {
  detail: AdminOrderDetail;
  refundBlocked: string | null;
  onRefund: () => void;
}) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const before = useRef(detail);
  const sync = useMutation({
    mutationKey: ['admin', 'sync', detail.order.id],
    mutationFn: () => syncOrder(detail.order.id),
    onMutate: () => {
      before.current = detail;
      setMessage(null);
    },
    onSuccess: (after) => {
      queryClient.setQueryData(adminKeys.order(after.order.id), after);
      setMessage({ tone: 'success', text: syncMessage(before.current, after) });
    },
    onError: (error) => setMessage({ tone: 'error', text: syncErrorMessage(error) }),
  });

  return (
    <div className="admin-order-actions">
      <div className="admin-order-actions__buttons">
        <button
          type="button"
          className="admin-button admin-button--secondary"
          aria-disabled={sync.isPending}
          onClick={() => {
            if (!sync.isPending) sync.mutate();
          }}
        >
          {sync.isPending && <span className="spinner" aria-hidden="true" />}
          Sync from Stripe
        </button>
        <button
          type="button"
          className="admin-button admin-button--primary"
          aria-disabled={refundBlocked !== null}
          aria-describedby={refundBlocked ? 'refund-blocked' : undefined}
          onClick={() => {
            if (!refundBlocked) onRefund();
          }}
        >
          Refund
        </button>
      </div>
      {refundBlocked && (
        <p id="refund-blocked" className="admin-field__hint">
          {refundBlocked}
        </p>
      )}
      <div role="status" aria-live="polite" className="admin-order-actions__message">
        {message && (
          <p className={message.tone === 'error' ? 'form-error' : 'admin-notice admin-notice--success'}>
            {message.text}
          </p>
        )}
      </div>
    </div>
  );
}

const ATTEMPT_TONES: Record<AdminAttempt['status'], PillTone> = {
  creating: 'waiting',
  open: 'info',
  complete: 'success',
  expired: 'neutral',
  abandoned: 'neutral',
};

function AttemptsTable({ attempts }: { attempts: AdminAttempt[] }) {
  if (attempts.length === 0) return <p className="admin-muted">No checkout attempt yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-label="Checkout attempts" tabIndex={0}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Session</th>
            <th scope="col">Status</th>
            <th scope="col">Payment</th>
            <th scope="col">Payment intent</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.attemptNo} data-testid="attempt-row">
              <th scope="row" className="admin-table__nowrap">
                {attempt.attemptNo}
                {attempt.current && (
                  <span className="admin-pill admin-pill--info admin-pill--inline">current</span>
                )}
              </th>
              <td>
                <IdValue id={attempt.sessionId} what="session ID" />
              </td>
              <td>
                <Pill tone={ATTEMPT_TONES[attempt.status]}>{attempt.status}</Pill>
              </td>
              <td>{attempt.paymentStatus ?? <span className="admin-muted">—</span>}</td>
              <td>
                <IdValue id={attempt.paymentIntentId} what="payment intent" />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={attempt.createdAt} />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={attempt.expiresAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const DELIVERY_TONES: Record<string, PillTone> = {
  accepted: 'success',
  duplicate: 'neutral',
  rejected: 'danger',
  error: 'danger',
};

function DeliveriesTable({ deliveries }: { deliveries: AdminDelivery[] }) {
  if (deliveries.length === 0)
    return <p className="admin-muted">No webhook delivery about this order yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-label="Webhook deliveries" tabIndex={0}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Event</th>
            <th scope="col">Signature</th>
            <th scope="col">Result</th>
            <th scope="col" className="admin-table__num">
              HTTP
            </th>
            <th scope="col" className="admin-table__num">
              Time
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr
              key={delivery.id}
              data-testid="delivery-row"
              className={
                DELIVERY_TONES[delivery.result] === 'danger' ? 'admin-table__row--danger' : undefined
              }
            >
              <td className="admin-table__nowrap">
                <time dateTime={delivery.receivedAt}>{formatEventTime(delivery.receivedAt)}</time>
              </td>
              <td>
                <code>{delivery.eventType ?? 'unknown'}</code>
                {delivery.eventId && (
                  <span className="admin-table__sub">
                    <IdValue id={delivery.eventId} what="Stripe event ID" short={false} />
                  </span>
                )}
              </td>
              <td>
                {delivery.signatureOk ? 'Valid' : <strong className="admin-danger-text">Invalid</strong>}
              </td>
              <td>
                <Pill tone={DELIVERY_TONES[delivery.result] ?? 'waiting'}>{delivery.result}</Pill>
              </td>
              <td className="admin-table__num">{delivery.httpStatus ?? '—'}</td>
              <td className="admin-table__num admin-table__nowrap">
                {delivery.durationMs === null ? '—' : `${delivery.durationMs} ms`}
              </td>
              <td>{delivery.error ?? <span className="admin-muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
