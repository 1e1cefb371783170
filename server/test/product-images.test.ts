import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders, serveFrontend } from '../src/common/http-setup.js';
import { loadConfig } from '../src/config/config.js';

/**
 * Product images are shown on the payment page, another origin (the Stripe emulator's page loads them from the
 * store; Stripe copies them): the browser only shows them when the store lets other origins embed them.
 */
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'store-front-'));
  mkdirSync(join(dir, 'products'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(join(dir, 'products', 'mug.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'void 0;');
  const app = express();
  app.use(securityHeaders(loadConfig({ PUBLIC_ORIGIN: 'http://localhost:3000' })));
  expect(serveFrontend(app, dir)).toBe(true);
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('storefront static files', () => {
  it('product images may be embedded by the payment page (Cross-Origin-Resource-Policy: cross-origin)', async () => {
    const res = await fetch(`${base}/products/mug.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('everything else stays same-origin', async () => {
    const script = await fetch(`${base}/assets/app.js`);
    expect(script.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});
