import {
  hasReceivedMoney,
  type AdminOrderDetail,
  type AdminPayment,
  type AdminRefund,
} from '@checkstand/contract';
import { useState } from 'react';
import type { AcceptedRefund } from '../../admin-api';
import { ChargesBreakdown } from '../../../components/ChargesBreakdown';
import { EventTimeline } from '../EventTimeline';
import { RefundDialog } from '../RefundDialog';
import { AttemptsTable } from './AttemptsTable';
import { ContactPanel } from './ContactPanel';
import { DeliveriesTable } from './DeliveriesTable';
import { DisputesTable } from './DisputesTable';
import { FraudWarnings } from './FraudWarnings';
import { FulfilmentPanel } from './FulfilmentPanel';
import { FullRefundDialog } from './FullRefundDialog';
import { HoldsTable } from './HoldsTable';
import { MessagesTable } from './MessagesTable';
import { MoneySummary } from './MoneySummary';
import { OrderAlerts } from './OrderAlerts';
import { OrderCard } from './OrderCard';
import { OrderHeader } from './OrderHeader';
import { OrderItemsTable } from './OrderItemsTable';
import { OrderSummaryFacts } from './OrderSummaryFacts';
import { PaymentsTable } from './PaymentsTable';
import type { RefundNotice } from './refund-notice';
import { RefundsTable } from './RefundsTable';
import { RefundStatus } from './RefundStatus';

interface OrderDetailProps {
  detail: AdminOrderDetail;
  notice: RefundNotice | null;
  onRefunded: (refund: AcceptedRefund) => void;
  onCheckAgain: () => void;
  /** The last refresh failed: what is shown may be out of date. */
  stale: boolean;
}

/** Why the order's "Refund" button (its primary payment) cannot be used now, or null when it can. */
function primaryRefundBlocked(primary: AdminPayment | undefined, pendingOn: string | null): string | null {
  if (!primary) return 'No payment has been received for this order.';
  if (primary.refundable <= 0) return 'Everything received on the order’s payment has been refunded.';
  if (pendingOn === primary.paymentIntentId) return 'A refund is waiting for Stripe’s confirmation.';
  return null;
}

/** Which refund dialog is (or was last) open, on which payment; the dialogs stay mounted once used. */
type Refunding =
  | { kind: 'amount'; paymentIntentId: string; open: boolean; retryOf: AdminRefund | null }
  | { kind: 'full'; paymentIntentId: string; open: boolean };

/** Everything about one loaded order, top to bottom, and the refund dialogs (for one payment at a time). */
export function OrderDetail({ detail, notice, onRefunded, onCheckAgain, stale }: OrderDetailProps) {
  const { order, payments } = detail;
  const primary = payments.find((payment) => payment.role === 'primary');
  const pendingOn = notice?.kind === 'pending' ? notice.pending.refund.paymentIntentId : null;
  // The payment a refund dialog is about, as the latest detail has it. Closing a dialog is the browser's
  // (focus goes back to the button that opened it).
  const [refunding, setRefunding] = useState<Refunding | null>(null);
  const target = payments.find((payment) => payment.paymentIntentId === refunding?.paymentIntentId);
  const openRefund = (payment: AdminPayment | undefined, retryOf: AdminRefund | null = null) => {
    if (payment) {
      setRefunding({ kind: 'amount', paymentIntentId: payment.paymentIntentId, open: true, retryOf });
    }
  };
  const closeRefund = () => setRefunding((current) => current && { ...current, open: false });
  const refunded = (refund: AcceptedRefund) => {
    closeRefund();
    onRefunded(refund);
  };
  const afterPayment = hasReceivedMoney(order.status) || payments.length > 0;

  return (
    <>
      <title>{`Order ${order.id} · Checkstand admin`}</title>
      <OrderHeader
        detail={detail}
        refundBlocked={primaryRefundBlocked(primary, pendingOn)}
        onRefund={() => openRefund(primary)}
      />

      {stale && (
        <p className="admin-notice admin-notice--warn" role="status">
          Couldn’t refresh this order: the server isn’t answering. What you see may be out of date.
        </p>
      )}
      <OrderAlerts detail={detail} />
      <RefundStatus notice={notice} onCheckAgain={onCheckAgain} />

      <div className="admin-detail-grid">
        <OrderCard id="order-summary" title="Summary">
          <OrderSummaryFacts detail={detail} />
        </OrderCard>
        <OrderCard id="order-money" title="Money">
          <MoneySummary money={detail.money} />
        </OrderCard>
      </div>

      <div className="admin-detail-grid">
        <OrderCard id="order-charges" title="Charges">
          {detail.charges ? (
            <ChargesBreakdown charges={detail.charges} checkSum />
          ) : (
            <p className="admin-muted" data-testid="charges-pending">
              Stripe’s breakdown (discount, shipping, tax) arrives with the payment.
            </p>
          )}
        </OrderCard>
        <OrderCard id="order-contact" title="Customer">
          <ContactPanel detail={detail} />
        </OrderCard>
      </div>

      <OrderCard id="order-fulfilment" title="Fulfilment">
        <FulfilmentPanel detail={detail} />
      </OrderCard>

      <OrderCard id="order-payments" title="Payments">
        <PaymentsTable payments={payments} refundPendingOn={pendingOn} onRefund={openRefund} />
      </OrderCard>

      <OrderCard id="order-refunds" title="Refunds">
        <RefundsTable
          refunds={detail.refunds}
          payments={payments}
          refundPendingOn={pendingOn}
          onRetry={(refund, payment) => openRefund(payment, refund)}
        />
      </OrderCard>

      {(afterPayment || detail.disputes.length > 0) && (
        <OrderCard id="order-disputes" title="Disputes">
          <DisputesTable disputes={detail.disputes} />
        </OrderCard>
      )}

      {(afterPayment || detail.fraudWarnings.length > 0) && (
        <OrderCard id="order-fraud-warnings" title="Early fraud warnings">
          <FraudWarnings
            warnings={detail.fraudWarnings}
            payments={payments}
            refundPendingOn={pendingOn}
            onRefundInFull={(payment) =>
              setRefunding({ kind: 'full', paymentIntentId: payment.paymentIntentId, open: true })
            }
          />
        </OrderCard>
      )}

      <OrderCard id="order-items" title="Items">
        <OrderItemsTable order={order} labelledBy="order-items" />
      </OrderCard>

      <OrderCard id="order-stock" title="Stock">
        <HoldsTable holds={detail.holds} oversold={order.flags.includes('oversold')} />
      </OrderCard>

      <OrderCard id="order-attempts" title="Checkout attempts">
        <AttemptsTable attempts={detail.attempts} />
      </OrderCard>

      <OrderCard id="order-messages" title="E-mails">
        <MessagesTable messages={detail.messages} />
      </OrderCard>

      <OrderCard id="order-history" title="Event history">
        <EventTimeline events={detail.events} currency={order.currency} />
      </OrderCard>

      <OrderCard id="order-deliveries" title="Webhook deliveries">
        <DeliveriesTable deliveries={detail.deliveries} />
      </OrderCard>

      {target && refunding?.kind === 'amount' && (
        <RefundDialog
          orderId={order.id}
          payment={target}
          retryOf={refunding.retryOf}
          open={refunding.open}
          onClose={closeRefund}
          onRefunded={refunded}
        />
      )}
      {target && refunding?.kind === 'full' && (
        <FullRefundDialog
          orderId={order.id}
          payment={target}
          reason="Stripe received an early fraud warning on this payment: refunding it in full now usually avoids a dispute and its fee. Don’t ship the order."
          open={refunding.open}
          onClose={closeRefund}
          onRefunded={refunded}
        />
      )}
    </>
  );
}
