import type { HttpRequest, HttpResponse } from '../http/types.js';

/** The hosted pages' responses: HTML under a strict Content-Security-Policy, and redirects. */

export type Handler = (req: HttpRequest, params: Record<string, string>) => HttpResponse;

export const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data: http://localhost:* http://127.0.0.1:*; connect-src 'self'; form-action 'self' http: https:; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export function page(status: number, body: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS }, body };
}

export function redirect(location: string): HttpResponse {
  return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}
