import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { isPaidStatus, type PublicOrder } from '@checkstand/contract';
import { ErrorState } from '../components/ErrorState';
import { StatusMark } from '../components/Icons';
import {
  OrderFacts,
  OrderItems,
  OrderNumber,
  ShipTo,
  StatusBadge,
  paymentRows,
} from '../components/OrderDetails';
import { PaymentNotCompleted, PaymentProblem } from '../components/PaymentProblem';
import { PaymentUnderReview } from '../components/PaymentUnderReview';
import { useOrderRecord } from '../orders/order-book-context';
import { useSettleCartWhenPaid } from '../orders/use-settle-cart';
import { isSettledOnSuccessPage, useSessionOrder } from '../orders/use-session-order';

/**
 * `/checkout/success?session_id=…`, where Stripe sends the customer after paying. It shows what the server
 * knows, never more: "paid" only once the order is paid, with polling in between.
 */
export function CheckoutSuccessPage() {
  const [params] = useSearchParams();
  const sessionId = params.get('session_id')?.trim() || null;

  if (!sessionId) {
    return (
      <div className="container page page--narrow">
        <title>Payment · Checkstand</title>
        <PaymentNotCompleted
          title="We couldn’t tell which payment this is"
          text="This page needs the link the payment page sends you back with. If you have just paid, your order is in your recent orders; nothing in your cart was lost."
        />
      </div>
    );
  }
  // Keyed: another session id is another order, with its own polling from the start.
  return <SessionResult key={sessionId} sessionId={sessionId} />;
}

type View =
  'loading' | 'error' | 'not_found' | 'confirming' | 'slow' | 'processing' | 'paid' | 'review' | 'problem';

/** The views with a header of their own component rather than `ResultHeader`. */
type OwnView = 'error' | 'not_found' | 'problem' | 'review';

function SessionResult({ sessionId }: { sessionId: string }) {
  const { order: polled, error, slow, polling, checkAgain } = useSessionOrder(sessionId);
  // A cancel from the failure view replaces the polled order until the next poll.
  const [changed, setChanged] = useState<PublicOrder | null>(null);
  const order = changed && polled && changed.id === polled.id ? changed : polled;
  const record = useOrderRecord(order?.id);
  useSettleCartWhenPaid(order);

  const view = viewOf(order, error, slow);

  if (view === 'not_found') {
    return (
      <div className="container page page--narrow">
        <title>Payment not found · Checkstand</title>
        <PaymentNotCompleted
          title="We couldn’t find this payment"
          text="The link may be incomplete or from another shop. If you have just paid, your order is in your recent orders; nothing in your cart was lost."
        />
      </div>
    );
  }

  if (view === 'error') {
    return (
      <div className="container page page--narrow">
        <title>Checking your payment · Checkstand</title>
        <ErrorState
          headingLevel={1}
          title="We couldn’t check your payment"
          error={error}
          retrying={polling}
          onRetry={checkAgain}
        />
        <p className="page-note">
          If you paid, your payment is safe: this page only asks the shop for its status.
        </p>
      </div>
    );
  }

  if (view === 'review') {
    if (!order) return null;
    return (
      <div className="container page page--narrow">
        <title>Payment under review · Checkstand</title>
        <PaymentUnderReview order={order} orderLink={Boolean(record)} />
      </div>
    );
  }

  if (view === 'problem') {
    if (!order) return null;
    return (
      <div className="container page page--narrow">
        <title>Payment not completed · Checkstand</title>
        <PaymentProblem
          order={order}
          token={record?.orderToken}
          onChanged={setChanged}
          onStale={() => {
            setChanged(null);
            checkAgain();
          }}
        />
      </div>
    );
  }

  return (
    <div className="container page page--narrow">
      <title>
        {view === 'paid' ? 'Order confirmed · Checkstand' : 'Confirming your payment · Checkstand'}
      </title>
      <div className="checkout-result" aria-busy={polling && view !== 'paid'}>
        <ResultHeader view={view} polling={polling} onCheckAgain={checkAgain} />
        {order && <ResultDetails order={order} view={view} />}
      </div>
    </div>
  );
}

function viewOf(order: PublicOrder | null, error: unknown, slow: boolean): View {
  if (!order) {
    if (error instanceof ApiError && error.code === 'order_not_found') return 'not_found';
    if (error) return 'error';
    return 'loading';
  }
  if (isPaidStatus(order.status)) return 'paid';
  if (order.status === 'payment_mismatch') return 'review';
  if (order.status === 'processing') return 'processing';
  if (isSettledOnSuccessPage(order, slow)) return 'problem';
  return slow ? 'slow' : 'confirming';
}

const HEADLINES: Record<Exclude<View, OwnView>, string> = {
  loading: 'Confirming your payment…',
  confirming: 'Confirming your payment…',
  slow: 'Your payment is still being confirmed',
  processing: 'Your payment is processing',
  paid: 'Thank you, your order is paid',
};

function ResultHeader({
  view,
  polling,
  onCheckAgain,
}: {
  view: Exclude<View, OwnView>;
  polling: boolean;
  onCheckAgain: () => void;
}) {
  const waiting = view !== 'paid';
  return (
    <header className="checkout-result__header">
      {view === 'paid' ? (
        <StatusMark tone="success" />
      ) : (
        <span className="checkout-result__waiting" aria-hidden="true">
          <StatusMark tone="waiting" />
          {polling && <span className="checkout-result__ring" />}
        </span>
      )}
      <h1 className="checkout-result__title" tabIndex={-1}>
        {HEADLINES[view]}
      </h1>
      <p className="checkout-result__text">{explanation(view)}</p>
      {/* Present from the first render: screen readers only announce changes to a region they know. */}
      <p
        className={waiting ? 'checkout-result__live' : 'visually-hidden'}
        role="status"
        aria-live="polite"
        aria-atomic="true"
      >
        {liveMessage(view, polling)}
      </p>
      {waiting && !polling && (
        <button type="button" className="button button--secondary" onClick={onCheckAgain}>
          Check again
        </button>
      )}
    </header>
  );
}

function explanation(view: Exclude<View, OwnView>): string {
  switch (view) {
    case 'loading':
    case 'confirming':
      return 'This usually takes a few seconds. Please keep this page open; there is no need to pay again.';
    case 'slow':
      return 'This is taking longer than usual, and that’s all right: there is nothing more you need to do. Confirmation will follow, and your order page will show it. Please don’t pay again.';
    case 'processing':
      return 'Your payment was submitted. Your bank confirms this kind of payment later (for a direct debit, this can take a few days); your order page will show the result. Your cart is kept until then.';
    case 'paid':
      return 'We have received your payment. Here is your receipt.';
  }
}

function liveMessage(view: Exclude<View, OwnView>, polling: boolean): string {
  switch (view) {
    case 'loading':
    case 'confirming':
      return 'Checking your payment with the payment provider…';
    case 'slow':
      return polling
        ? 'Still checking every few seconds.'
        : 'We stopped checking on our own. Use “Check again”, or come back later.';
    case 'processing':
      return polling
        ? 'Waiting for your bank to confirm the payment.'
        : 'We stopped checking on our own. Your order page will show the result.';
    case 'paid':
      return 'Payment confirmed.';
  }
}

function ResultDetails({ order, view }: { order: PublicOrder; view: View }) {
  const orderLink = `/orders/${encodeURIComponent(order.id)}`;
  return (
    <div className="order-card">
      <OrderFacts
        rows={[
          { label: 'Order number', value: <OrderNumber id={order.id} /> },
          { label: 'Status', value: <StatusBadge status={order.status} testId="order-status" /> },
          ...(view === 'paid' ? paymentRows(order) : []),
        ]}
      />
      <OrderItems order={order} />
      {view === 'paid' && <ShipTo order={order} />}
      <div className="order-card__links">
        <Link to={orderLink}>View your order</Link>
        {view === 'paid' && <Link to="/">Continue shopping</Link>}
      </div>
    </div>
  );
}
