import { Readiness } from '@checkstand/contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/common/logger.js';
import { CATALOG_SEED } from '../src/modules/catalog/catalog-seed.js';
import {
  ENGINES,
  closeTemplate,
  readyDatabase,
  type TestDatabase,
  warmTemplate,
} from './support/databases.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const FRONT_PUBLIC = path.resolve(import.meta.dirname, '../../front/public');

const running: (TestServer | TestDatabase)[] = [];
afterEach(async () => {
  while (running.length) {
    const item = running.pop()!;
    await ('close' in item ? item.close() : item.dispose());
  }
});
beforeAll(warmTemplate);
afterAll(closeTemplate);

async function store(engine: (typeof ENGINES)[number], options: { staticDir?: string } = {}) {
  const db = await readyDatabase(engine);
  running.push(db);
  const server = await startTestServer({ database: db.database, ...options });
  running.push(server);
  return { server, db };
}

function expectErrorShape(body: unknown, code: string) {
  const { error, ...rest } = body as { error: { code: unknown; message: unknown } };
  expect(rest).toEqual({});
  expect(Object.keys(error).sort()).toEqual(['code', 'message']);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
}

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  it('GET /api/products lists the active catalog per the contract', async () => {
    const { server } = await store(engine);
    const res = await fetch(`${server.baseUrl}/api/products`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const products = (await res.json()) as Record<string, unknown>[];
    expect(products).toHaveLength(CATALOG_SEED.length);
    expect(products.map((p) => p.id)).toEqual(CATALOG_SEED.map((p) => p.id));
    for (const product of products) {
      expect(Object.keys(product).sort()).toEqual(
        ['available', 'currency', 'description', 'digital', 'id', 'imageUrl', 'title', 'unitAmount'].sort(),
      );
      expect(Number.isInteger(product.unitAmount)).toBe(true);
      expect(product.unitAmount).toBeGreaterThan(0);
      expect(product.currency).toMatch(/^[a-z]{3}$/);
      expect(String(product.title).length).toBeGreaterThan(2);
      expect(String(product.description).length).toBeGreaterThan(10);
      // Images ship with the storefront: no network at run time.
      expect(fs.existsSync(path.join(FRONT_PUBLIC, String(product.imageUrl)))).toBe(true);
    }
  });

  it('hides products that are no longer sold', async () => {
    const { server, db } = await store(engine);
    const { sql } = await import('drizzle-orm');
    await db.database.db.execute(sql`update products set active = false where id = ${CATALOG_SEED[1]!.id}`);
    const products = (await (await fetch(`${server.baseUrl}/api/products`)).json()) as { id: string }[];
    expect(products.map((p) => p.id)).not.toContain(CATALOG_SEED[1]!.id);
    expect(products).toHaveLength(CATALOG_SEED.length - 1);
  });

  it('answers an unknown API route with 404 in the error shape', async () => {
    const { server } = await store(engine);
    for (const [method, route] of [
      ['GET', '/api/nope'],
      ['POST', '/api/products'],
      ['DELETE', '/api/products/x'],
    ] as const) {
      const res = await fetch(`${server.baseUrl}${route}`, { method });
      expect(res.status).toBe(404);
      const body = await res.json();
      expectErrorShape(body, 'not_found');
      expect((body as { error: { message: string } }).error.message).toBe(`No route for ${method} ${route}.`);
    }
  });

  it('rejects an oversized body with 413 and malformed JSON with 400, in the error shape', async () => {
    const { server } = await store(engine);
    const big = JSON.stringify({ items: 'x'.repeat(200 * 1024) });
    const tooLarge = await fetch(`${server.baseUrl}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(tooLarge.status).toBe(413);
    expectErrorShape(await tooLarge.json(), 'payload_too_large');

    const malformed = await fetch(`${server.baseUrl}/api/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"items": [',
    });
    expect(malformed.status).toBe(400);
    expectErrorShape(await malformed.json(), 'invalid_json');
  });

  it('reports liveness and readiness, and a 5xx without internals when the database is gone', async () => {
    const { server, db } = await store(engine);
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(Readiness.parse(await (await fetch(`${server.baseUrl}/readyz`)).json())).toEqual({
      status: 'ok',
      database: engine,
      watch: { size: 0, oldestCheckAt: null, oldestCheckAgeSeconds: null, lost: 0 },
    });

    await db.database.close();
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expectErrorShape(await ready.json(), 'not_ready');
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);

    const failed = await fetch(`${server.baseUrl}/api/products`);
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { error: { code: string; message: string } };
    expect(body).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
    });
  });
});

describe('HTTP basics', () => {
  it('sends security headers and a request id on every response', async () => {
    const { server } = await store('pglite');
    const res = await fetch(`${server.baseUrl}/api/products`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);

    const echoed = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'lb-1234' } });
    expect(echoed.headers.get('x-request-id')).toBe('lb-1234');
    const unsafe = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'a b"<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('writes JSON log lines that all carry the request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const db = await readyDatabase('pglite');
    running.push(db);
    const server = await startTestServer({ database: db.database, logger: createLogger('info', sink) });
    running.push(server);
    lines.length = 0;

    const res = await fetch(`${server.baseUrl}/api/nope`, { headers: { 'x-request-id': 'trace-42' } });
    await res.text();
    await new Promise((r) => setTimeout(r, 20));
    const requestLines = lines.filter((l) => l.reqId === 'trace-42');
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'GET', path: '/api/nope', status: 404 }),
    );
    expect(lines.filter((l) => l.msg === 'request').every((l) => typeof l.reqId === 'string')).toBe(true);
    expect(lines.every((l) => typeof l.time === 'string' && typeof l.level === 'number')).toBe(true);
  });

  it('serves the storefront with a SPA fallback, but never for API routes', async () => {
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-front-'));
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><title>Shop</title><div id="root"></div>',
    );
    fs.writeFileSync(path.join(staticDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const { server } = await store('pglite', { staticDir });

    for (const route of ['/', '/cart', '/products/prod_x', '/checkout/success?session_id=cs_1']) {
      const res = await fetch(`${server.baseUrl}${route}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    const asset = await fetch(`${server.baseUrl}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const api = await fetch(`${server.baseUrl}/api/unknown`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expectErrorShape(await api.json(), 'not_found');
    fs.rmSync(staticDir, { recursive: true, force: true });
  });
});
