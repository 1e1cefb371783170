import type { AdminOrderDetail, OrderContact } from '@checkstand/contract';
import { useAnnounce } from '../../../components/Announcer';
import { PostalAddressBlock } from '../../../components/PostalAddressBlock';
import { addressText } from '../../../lib/address';
import { copyText } from '../AdminBits';
import { Fact } from './OrderCard';

const none = <span className="admin-muted">—</span>;

/** "Copy address": the name and address as plain lines, ready for a label or a carrier's form. */
function CopyAddressButton({ shipping }: { shipping: NonNullable<OrderContact['shipping']> }) {
  const announce = useAnnounce();
  return (
    <button
      type="button"
      className="admin-button admin-button--secondary admin-button--small"
      onClick={() => {
        void copyText(addressText(shipping.address, shipping.name)).then((ok) =>
          ok
            ? announce('Copied the shipping address to the clipboard.')
            : announce('Couldn’t copy the address: select it and copy it by hand.', 'error'),
        );
      }}
    >
      Copy address
    </button>
  );
}

/**
 * Who the order is for, as Stripe collected them at checkout: where it ships (with the method chosen and a
 * plain-text copy of the address), and who paid (name, email, phone, billing address).
 */
export function ContactPanel({ detail }: { detail: AdminOrderDetail }) {
  const { shipping, billing } = detail.contact;
  const method = detail.charges?.shippingMethod ?? null;
  return (
    <div className="admin-contact" data-testid="contact">
      <div className="admin-contact__block">
        <h3 className="admin-contact__title">Ship to</h3>
        {shipping ? (
          <>
            <PostalAddressBlock
              address={shipping.address}
              name={shipping.name}
              testId="ship-to"
              empty={<span className="admin-muted">No address given.</span>}
            />
            <div className="admin-contact__actions">
              <CopyAddressButton shipping={shipping} />
            </div>
          </>
        ) : (
          <p className="admin-muted" data-testid="ship-to">
            {detail.charges
              ? 'No shipping address: nothing to ship (a digital order).'
              : 'Known once the order is paid.'}
          </p>
        )}
        {method && (
          <p className="admin-contact__method" data-testid="shipping-method">
            Shipping method: <strong>{method}</strong>
          </p>
        )}
      </div>
      <div className="admin-contact__block">
        <h3 className="admin-contact__title">Billing</h3>
        <dl className="admin-facts" data-testid="billing">
          <Fact label="Name">{billing?.name ?? none}</Fact>
          <Fact label="Email">
            {billing?.email ? <a href={`mailto:${billing.email}`}>{billing.email}</a> : none}
          </Fact>
          <Fact label="Phone">
            {billing?.phone ? <a href={`tel:${billing.phone}`}>{billing.phone}</a> : none}
          </Fact>
          <Fact label="Address">
            <PostalAddressBlock address={billing?.address ?? null} empty={none} />
          </Fact>
        </dl>
      </div>
    </div>
  );
}
