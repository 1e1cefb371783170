import type { z } from 'zod';

export const ADMIN = { email: 'owner@shop.example', password: 'correct horse battery staple' };
/** The environment that creates the admin account at startup. */
export const ADMIN_ENV = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

/** A browser session on the admin API: keeps the cookie like a browser would. */
export class AdminClient<Reply = unknown> {
  cookie: string | null = null;
  constructor(readonly baseUrl: string) {}

  async call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // CSV or empty
    }
    return { status: res.status, headers: res.headers, text, body: json as Reply };
  }

  login(email = ADMIN.email, password = ADMIN.password, headers: Record<string, string> = {}) {
    return this.call('POST', '/api/admin/login', { email, password }, headers);
  }

  /** A call that must succeed, its reply parsed with the contract's schema (a drift fails the test). */
  async expect<S extends z.ZodType>(
    schema: S,
    method: string,
    route: string,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const res = await this.call(method, route, body);
    if (res.status >= 300) throw new Error(`${method} ${route}: ${res.status} ${res.text}`);
    return schema.parse(res.body);
  }
}
