import type { AdminOrderDetail } from '@checkstand/contract';
import { FULFILMENT_LABELS } from '../../admin-format';
import { AdminStatusBadge, Pill } from '../AdminBits';
import { OrderActions } from './OrderActions';

/**
 * The page's heading: the order's id and status (with the reason, when it says more), where its goods are, and
 * its actions.
 */
export function OrderHeader({
  detail,
  refundBlocked,
  onRefund,
}: {
  detail: AdminOrderDetail;
  refundBlocked: string | null;
  onRefund: () => void;
}) {
  const { order } = detail;
  return (
    <header className="admin-order-head">
      <div className="admin-order-head__title">
        <h1 className="admin-page__title" tabIndex={-1}>
          Order <span className="order-number">{order.id}</span>
        </h1>
        <div className="admin-order-head__status">
          <AdminStatusBadge status={order.status} testId="order-status" />{' '}
          <span className="admin-order-head__fulfilment" data-testid="header-fulfilment">
            <Pill tone={detail.fulfilment.status === 'unfulfilled' ? 'neutral' : 'info'}>
              {FULFILMENT_LABELS[detail.fulfilment.status]}
            </Pill>
            {detail.fulfilment.readyToShip && (
              <>
                {' '}
                <Pill tone="success">Ready to ship</Pill>
              </>
            )}
          </span>
          {order.statusReason && order.statusReason !== order.status && (
            <span className="admin-muted">
              Reason: <code>{order.statusReason}</code>
            </span>
          )}
        </div>
      </div>
      <OrderActions detail={detail} refundBlocked={refundBlocked} onRefund={onRefund} />
    </header>
  );
}
