import {
  InsufficientStockDetails,
  MAX_HELD_UNITS_PER_CHECKOUT,
  MAX_HELD_UNITS_PER_CLIENT,
  RetryableOrderDetails,
  SCARCE_SESSION_MINUTES,
  UnknownProductDetails,
  type CartLineInput,
  type CheckoutSessionReply,
} from '@checkstand/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../api/api-client';
import { createCheckoutSession, retryCheckoutSession } from '../api/orders';
import { productsQueryKey } from '../api/products';
import { browserNavigation } from '../app/browser-navigation';
import type { CartLine } from '../cart/cart';
import { useCartStore } from '../cart/cart-context';
import { useOrderBook } from '../orders/order-book-context';
import { useAnnounce } from './Announcer';
import { LockIcon } from './Icons';

interface CheckoutButtonProps {
  /** The lines still on sale: only these are sent, as `{ id, quantity }`; the server prices them. */
  lines: readonly CartLine[];
  /** Why the cart cannot be checked out as it is (a line asks for more than is available), or null. */
  blocked?: string | null;
}

/** A product the cart asks more of than is available now, as the server's `insufficient_stock` says. */
export interface ShortProduct {
  productId: string;
  title: string;
  requested: number;
  available: number;
}

type Problem =
  | { kind: 'unknown_products'; products: { productId: string; title: string }[] }
  | { kind: 'insufficient_stock'; products: ShortProduct[] }
  | { kind: 'message'; text: string }
  | { kind: 'order_exists'; orderId: string; text: string };

/** An order the server created but could not open a payment page for (502): retried rather than duplicated. */
interface UnfinishedOrder {
  orderId: string;
  orderToken: string;
  signature: string;
}

const CART_KEPT = 'Your cart is kept.';

/**
 * Starts the payment: posts the cart to `create-checkout-session`, remembers the order's token in this browser
 * and sends the browser to Stripe's hosted page (`url`). No Stripe.js: `redirectToCheckout` is gone from
 * current Stripe.js, and a plain redirect also works offline against the emulator.
 */
export function CheckoutButton({ lines, blocked = null }: CheckoutButtonProps) {
  const cart = useCartStore();
  const book = useOrderBook();
  const announce = useAnnounce();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<'idle' | 'starting' | 'redirecting'>('idle');
  const [problem, setProblem] = useState<Problem | null>(null);
  const inFlight = useRef(false);
  const unfinished = useRef<UnfinishedOrder | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const hintId = useId();

  // Back from Stripe through the browser's back button, the page may come from the back/forward cache with
  // the button still saying "Redirecting…".
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      inFlight.current = false;
      setPhase('idle');
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  const items: CartLineInput[] = lines.map((line) => ({ id: line.productId, quantity: line.quantity }));
  const empty = items.length === 0;
  const busy = phase !== 'idle';
  const refused = empty || blocked !== null;

  const openPaymentPage = async (): Promise<CheckoutSessionReply> => {
    const signature = JSON.stringify(items);
    const previous = unfinished.current;
    if (previous && previous.signature === signature) {
      try {
        const session = await retryCheckoutSession(previous.orderId, previous.orderToken);
        unfinished.current = null;
        return session;
      } catch (error) {
        // Anything but a refusal of that order (gone, already retried…) is worth reporting as it is.
        if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 409)) throw error;
        if (['order_already_paid', 'payment_processing', 'payment_under_review'].includes(error.code)) {
          unfinished.current = null;
          throw new OrderExistsError(previous.orderId, error.message);
        }
        unfinished.current = null;
      }
    }
    try {
      const created = await createCheckoutSession({ items });
      book.remember(created.orderId, created.orderToken);
      return created;
    } catch (error) {
      const retryable = error instanceof ApiError ? RetryableOrderDetails.safeParse(error.details) : null;
      if (retryable?.success) {
        // The order exists; the next click retries it instead of creating another.
        const { orderId, orderToken } = retryable.data;
        book.remember(orderId, orderToken);
        unfinished.current = { orderId, orderToken, signature };
      }
      throw error;
    }
  };

  const start = async () => {
    if (inFlight.current || refused) return;
    inFlight.current = true;
    setPhase('starting');
    setProblem(null);
    try {
      const { url } = await openPaymentPage();
      setPhase('redirecting');
      browserNavigation.assign(url);
    } catch (error) {
      inFlight.current = false;
      setPhase('idle');
      const next = problemFrom(error, lines);
      setProblem(next);
      // The catalog this page shows is out of date: refresh it so the line is flagged too.
      if (next.kind === 'unknown_products' || next.kind === 'insufficient_stock')
        void queryClient.invalidateQueries({ queryKey: productsQueryKey });
    }
  };

  const removeUnsold = (productId: string, title: string) => {
    cart.remove(productId);
    announce(`Removed ${title} from your cart.`);
    setProblem((current) => {
      if (current?.kind !== 'unknown_products') return current;
      const products = current.products.filter((product) => product.productId !== productId);
      return products.length > 0 ? { ...current, products } : null;
    });
    buttonRef.current?.focus();
  };

  const fixShort = ({ productId, title, available }: ShortProduct) => {
    if (available > 0) {
      cart.setQuantity(productId, available);
      announce(`Your cart now has ${available} × ${title}.`);
    } else {
      cart.remove(productId);
      announce(`Removed ${title} from your cart.`);
    }
    setProblem((current) => {
      if (current?.kind !== 'insufficient_stock') return current;
      const products = current.products.filter((product) => product.productId !== productId);
      return products.length > 0 ? { ...current, products } : null;
    });
    buttonRef.current?.focus();
  };

  return (
    <div className="checkout">
      <button
        ref={buttonRef}
        type="button"
        className="button button--large checkout__button"
        aria-disabled={busy || refused}
        aria-describedby={hintId}
        onClick={() => void start()}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : <LockIcon />}
        {phase === 'starting'
          ? 'Starting checkout…'
          : phase === 'redirecting'
            ? 'Redirecting to payment…'
            : 'Check out'}
      </button>
      <p id={hintId} className="checkout__hint">
        {empty
          ? 'Remove the products that are no longer available to check out.'
          : (blocked ??
            'You’ll pay on Stripe’s secure page. Your cart stays here until the payment is confirmed.')}
      </p>
      <div className="checkout__problem" role="alert">
        {problem && <ProblemMessage problem={problem} onRemove={removeUnsold} onFixShort={fixShort} />}
      </div>
    </div>
  );
}

function ProblemMessage({
  problem,
  onRemove,
  onFixShort,
}: {
  problem: Problem;
  onRemove: (productId: string, title: string) => void;
  onFixShort: (product: ShortProduct) => void;
}) {
  if (problem.kind === 'message') {
    return <p className="form-error">{problem.text}</p>;
  }
  if (problem.kind === 'order_exists') {
    return (
      <p className="form-error">
        {problem.text} <Link to={`/orders/${encodeURIComponent(problem.orderId)}`}>See your order</Link>
      </p>
    );
  }
  if (problem.kind === 'insufficient_stock') {
    return (
      <div className="form-error" data-testid="insufficient-stock">
        <p>
          {problem.products.length === 1
            ? 'A product in your cart doesn’t have enough stock left'
            : 'Some products in your cart don’t have enough stock left'}
          , so we couldn’t start your payment. Nothing was charged. {CART_KEPT}
        </p>
        <ul className="form-error__list" role="list">
          {problem.products.map(({ productId, title, requested, available }) => (
            <li key={productId}>
              {available === 0
                ? `${title}: sold out (you asked for ${requested}).`
                : `${title}: only ${available} left (you asked for ${requested}).`}
            </li>
          ))}
        </ul>
        <ul className="form-error__actions" role="list">
          {problem.products.map((product) => (
            <li key={product.productId}>
              <button type="button" className="link-button" onClick={() => onFixShort(product)}>
                {product.available === 0
                  ? `Remove ${product.title} from your cart`
                  : `Lower ${product.title} to ${product.available}`}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const [only] = problem.products;
  return (
    <div className="form-error">
      <p>
        {problem.products.length === 1 && only
          ? `${only.title} is no longer sold, so we couldn’t start your payment. Remove it to check out the rest.`
          : 'Some products are no longer sold, so we couldn’t start your payment. Remove them to check out the rest.'}
      </p>
      <ul className="form-error__actions" role="list">
        {problem.products.map(({ productId, title }) => (
          <li key={productId}>
            <button type="button" className="link-button" onClick={() => onRemove(productId, title)}>
              Remove {title} from your cart
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

class OrderExistsError extends Error {
  constructor(
    readonly orderId: string,
    message: string,
  ) {
    super(message);
  }
}

/** Turns what went wrong into words that say what happened, what was kept, and what to do. */
export function problemFrom(error: unknown, lines: readonly CartLine[]): Problem {
  if (error instanceof OrderExistsError) {
    return { kind: 'order_exists', orderId: error.orderId, text: error.message };
  }
  if (!(error instanceof ApiError)) {
    return { kind: 'message', text: `Something went wrong on our side. ${CART_KEPT} Please try again.` };
  }
  switch (error.code) {
    case 'unknown_product': {
      const details = UnknownProductDetails.safeParse(error.details);
      const productIds = details.success ? details.data.productIds : [];
      if (productIds.length === 0) break;
      const titles = new Map(lines.map((line) => [line.productId, line.title]));
      return {
        kind: 'unknown_products',
        products: productIds.map((productId) => ({ productId, title: titles.get(productId) ?? productId })),
      };
    }
    case 'insufficient_stock': {
      const details = InsufficientStockDetails.safeParse(error.details);
      const short = details.success ? details.data.products : [];
      if (short.length === 0) {
        return {
          kind: 'message',
          text: `Some products in your cart don’t have enough stock left. ${CART_KEPT} Lower the quantities and try again.`,
        };
      }
      const titles = new Map(lines.map((line) => [line.productId, line.title]));
      return {
        kind: 'insufficient_stock',
        products: short.map(({ productId, requested, available }) => ({
          productId,
          title: titles.get(productId) ?? productId,
          requested,
          available,
        })),
      };
    }
    case 'hold_limit_reached':
      return {
        kind: 'message',
        text: `Too many limited-stock items are waiting in unfinished checkouts: at most ${MAX_HELD_UNITS_PER_CHECKOUT} per checkout and ${MAX_HELD_UNITS_PER_CLIENT} across your open ones. Lower the quantities, or finish or leave your other checkouts (they end within ${SCARCE_SESSION_MINUTES} minutes), then try again. Nothing was charged. ${CART_KEPT}`,
      };
    case 'payment_provider_unavailable':
      return {
        kind: 'message',
        text: `The payment service isn’t responding right now, so nothing was charged. ${CART_KEPT} Please try again in a moment.`,
      };
    case 'payments_not_configured':
      return {
        kind: 'message',
        text: `Online payment isn’t available in this shop right now. ${CART_KEPT}`,
      };
    case 'network_error':
      return { kind: 'message', text: `${NETWORK_ERROR_MESSAGE} ${CART_KEPT}` };
    case 'invalid_cart':
      return { kind: 'message', text: `${error.message} ${CART_KEPT}` };
  }
  return { kind: 'message', text: `Something went wrong on our side. ${CART_KEPT} Please try again.` };
}
