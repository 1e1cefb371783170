import {
  CheckoutCreated,
  CheckoutSessionReply,
  ORDER_TOKEN_HEADER,
  OrderEnvelope,
  type CreateCheckoutRequest,
  type PublicOrder,
} from '@checkstand/contract';
import { apiRequest } from './api-client';

/**
 * Orders and payments as the API shows them to a customer (`PublicOrder` in the contract). Amounts are integer
 * minor units; the server prices everything, so nothing here is computed from the cart.
 */

export function createCheckoutSession(request: CreateCheckoutRequest): Promise<CheckoutCreated> {
  return apiRequest('/payments/create-checkout-session', CheckoutCreated, { method: 'POST', body: request });
}

export async function fetchOrderBySession(sessionId: string, signal?: AbortSignal): Promise<PublicOrder> {
  const { order } = await apiRequest(`/orders/by-session/${encodeURIComponent(sessionId)}`, OrderEnvelope, {
    signal,
  });
  return order;
}

export async function fetchOrder(orderId: string, token: string, signal?: AbortSignal): Promise<PublicOrder> {
  const { order } = await apiRequest(`/orders/${encodeURIComponent(orderId)}`, OrderEnvelope, {
    headers: { [ORDER_TOKEN_HEADER]: token },
    signal,
  });
  return order;
}

export function retryCheckoutSession(orderId: string, token: string): Promise<CheckoutSessionReply> {
  return apiRequest(`/orders/${encodeURIComponent(orderId)}/retry-session`, CheckoutSessionReply, {
    method: 'POST',
    headers: { [ORDER_TOKEN_HEADER]: token },
  });
}

export async function cancelOrder(orderId: string, token: string): Promise<PublicOrder> {
  const { order } = await apiRequest(`/orders/${encodeURIComponent(orderId)}/cancel`, OrderEnvelope, {
    method: 'POST',
    headers: { [ORDER_TOKEN_HEADER]: token },
  });
  return order;
}

/** Query keys shared by the pages that show one order, so an action on one refreshes the others. */
export const orderQueryKey = (orderId: string) => ['order', orderId] as const;
