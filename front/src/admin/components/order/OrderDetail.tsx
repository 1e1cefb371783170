import { useState } from 'react';
import type { AdminOrderDetail, AdminRefund } from '../../admin-api';
import { EventTimeline } from '../EventTimeline';
import { RefundDialog } from '../RefundDialog';
import { AttemptsTable } from './AttemptsTable';
import { DeliveriesTable } from './DeliveriesTable';
import { FlagAlerts } from './FlagAlerts';
import { OrderCard } from './OrderCard';
import { OrderHeader } from './OrderHeader';
import { OrderItemsTable } from './OrderItemsTable';
import { OrderSummaryFacts } from './OrderSummaryFacts';
import { PaymentFacts } from './PaymentFacts';
import type { RefundNotice } from './refund-notice';
import { RefundStatus } from './RefundStatus';

interface OrderDetailProps {
  detail: AdminOrderDetail;
  notice: RefundNotice | null;
  onRefunded: (refund: AdminRefund) => void;
  onCheckAgain: () => void;
  /** The last refresh failed: what is shown may be out of date. */
  stale: boolean;
}

/** Everything about one loaded order, top to bottom, and the refund dialog. */
export function OrderDetail({ detail, notice, onRefunded, onCheckAgain, stale }: OrderDetailProps) {
  const { order, payment } = detail;
  const [refundOpen, setRefundOpen] = useState(false);
  const refundBlocked = !payment
    ? 'No payment has been received for this order.'
    : payment.refundable <= 0
      ? 'Everything received has been refunded.'
      : notice?.kind === 'pending'
        ? 'A refund is waiting for Stripe’s confirmation.'
        : null;

  return (
    <>
      <title>{`Order ${order.id} · Checkstand admin`}</title>
      <OrderHeader detail={detail} refundBlocked={refundBlocked} onRefund={() => setRefundOpen(true)} />

      {stale && (
        <p className="admin-notice admin-notice--warn" role="status">
          Couldn’t refresh this order: the server isn’t answering. What you see may be out of date.
        </p>
      )}
      <FlagAlerts flags={order.flags} />
      <RefundStatus notice={notice} onCheckAgain={onCheckAgain} />

      <div className="admin-detail-grid">
        <OrderCard id="order-summary" title="Summary">
          <OrderSummaryFacts detail={detail} />
        </OrderCard>
        <OrderCard id="order-payment" title="Payment">
          <PaymentFacts payment={payment} />
        </OrderCard>
      </div>

      <OrderCard id="order-items" title="Items">
        <OrderItemsTable order={order} labelledBy="order-items" />
      </OrderCard>

      <OrderCard id="order-attempts" title="Checkout attempts">
        <AttemptsTable attempts={detail.attempts} />
      </OrderCard>

      <OrderCard id="order-history" title="Event history">
        <EventTimeline events={detail.events} currency={order.currency} />
      </OrderCard>

      <OrderCard id="order-deliveries" title="Webhook deliveries">
        <DeliveriesTable deliveries={detail.deliveries} />
      </OrderCard>

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
