import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../common/logger.js';
import { ConfigError, describeConfig, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({}, '/srv/shop');
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      publicOrigin: 'http://localhost:3000',
      database: { kind: 'pglite', dataDir: path.resolve('/srv/shop', '.data/pglite') },
      stripe: { secretKey: undefined, apiBase: undefined, webhookSecret: undefined },
      checkoutSessionTtlMinutes: 60,
      reconcile: { intervalSeconds: 60, staleSeconds: 120, batchSize: 300, sweepEvents: true },
      logLevel: 'info',
      logFormat: 'pretty',
    });
  });

  it('logs human-readable lines in development and JSON in production and test, unless LOG_FORMAT says', () => {
    const prod = {
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      PUBLIC_ORIGIN: 'https://shop.example.com',
      MAIL_DISABLED: 'true',
    };
    expect(loadConfig({ NODE_ENV: 'development' }).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(loadConfig(prod).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ ...prod, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test', LOG_FORMAT: '' }).logFormat).toBe('json');
  });

  it.each([
    ['development', (line: string) => expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: login /)],
    ['test', (line: string) => expect(JSON.parse(line)).toMatchObject({ level: 30, msg: 'login' })],
  ])('gives the logger the format of %s, redacting secrets the same way', (nodeEnv, check) => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: nodeEnv });
    createLogger(config.logLevel, sink, config.logFormat).info(
      { headers: { authorization: 'Bearer s3cret' }, admin: { password: 'hunter2hunter2' } },
      'login',
    );
    expect(lines).toHaveLength(1);
    check(lines[0]!);
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toMatch(/s3cret|hunter2/);
  });

  it('derives PUBLIC_ORIGIN from PORT and strips a trailing slash from explicit origins', () => {
    expect(loadConfig({ PORT: '8080' }).publicOrigin).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://shop.example.com/' }).publicOrigin).toBe(
      'https://shop.example.com',
    );
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/shop' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/shop' });
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: ' ', STRIPE_SECRET_KEY: '' });
    expect(config.port).toBe(3000);
    expect(config.database.kind).toBe('pglite');
    expect(config.stripe.secretKey).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer between 0 and 65535/],
    ['PORT', '70000', /PORT must be an integer between 0 and 65535/],
    ['PORT', '3000.5', /PORT must be an integer/],
    ['DATABASE_URL', 'mysql://localhost/db', /DATABASE_URL must be a postgres:\/\//],
    ['PUBLIC_ORIGIN', 'localhost:3000', /PUBLIC_ORIGIN must be an http\(s\) URL/],
    ['STRIPE_API_BASE', 'ftp://x', /STRIPE_API_BASE must be an http\(s\) URL/],
    ['STRIPE_SECRET_KEY', 'pk_test_123', /STRIPE_SECRET_KEY must be a Stripe secret key/],
    [
      'STRIPE_WEBHOOK_SECRET',
      'secret',
      /STRIPE_WEBHOOK_SECRET must be a webhook signing secret starting with whsec_/,
    ],
    ['ADMIN_EMAIL', 'not-an-email', /ADMIN_EMAIL must be an email address/],
    [
      'CHECKOUT_SESSION_TTL_MINUTES',
      '10',
      /CHECKOUT_SESSION_TTL_MINUTES must be an integer between 30 and 1440/,
    ],
    [
      'CHECKOUT_SESSION_TTL_MINUTES',
      '2000',
      /CHECKOUT_SESSION_TTL_MINUTES must be an integer between 30 and 1440/,
    ],
    ['RECONCILE_INTERVAL_SECONDS', '0', /RECONCILE_INTERVAL_SECONDS must be an integer/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of development, production, test/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['LOG_FORMAT', 'text', /LOG_FORMAT must be one of pretty, json/],
  ])('rejects %s=%s naming the variable and what it expects', (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports every wrong variable at once', () => {
    const problems = problemsOf({ PORT: 'x', DATABASE_URL: 'nope', CHECKOUT_SESSION_TTL_MINUTES: '1' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'CHECKOUT_SESSION_TTL_MINUTES',
      'DATABASE_URL',
      'PORT',
    ]);
  });

  it('refuses production without a webhook secret or a Stripe key', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/STRIPE_WEBHOOK_SECRET is required when NODE_ENV=production/);
    expect(problems.join('\n')).toMatch(/STRIPE_SECRET_KEY is required when NODE_ENV=production/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        STRIPE_SECRET_KEY: 'sk_live_abc123',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        PUBLIC_ORIGIN: 'https://shop.example.com',
        MAIL_DISABLED: 'true',
      }),
    ).not.toThrow();
  });

  it('refuses production without an https PUBLIC_ORIGIN (live sessions would send customers to localhost)', () => {
    const prod = {
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    };
    expect(problemsOf(prod).join('\n')).toMatch(/PUBLIC_ORIGIN must be the https:\/\/ origin/);
    expect(problemsOf({ ...prod, PUBLIC_ORIGIN: 'http://shop.example.com' }).join('\n')).toMatch(
      /PUBLIC_ORIGIN/,
    );
  });

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(problemsOf({ TRUST_PROXY: 'yes please' }).join('\n')).toMatch(
      /TRUST_PROXY must be a number of proxy hops/,
    );
  });

  it('describes itself without revealing secrets', () => {
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_supersecret1',
      STRIPE_WEBHOOK_SECRET: 'whsec_supersecret2',
      ADMIN_EMAIL: 'owner@shop.example',
      ADMIN_PASSWORD: 'hunter2hunter2',
      DATABASE_URL: 'postgres://shop:dbpassword@db/shop',
    });
    const text = JSON.stringify(describeConfig(config));
    for (const secret of ['supersecret1', 'supersecret2', 'hunter2', 'dbpassword']) {
      expect(text).not.toContain(secret);
    }
    expect(describeConfig(config)).toMatchObject({ stripeSecretKey: 'set', stripeWebhookSecret: 'set' });
  });

  it('refuses production without SMTP_URL and MAIL_FROM unless e-mail is disabled, and never shows the SMTP password', () => {
    const prod = {
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      PUBLIC_ORIGIN: 'https://shop.example.com',
    };
    const problems = problemsOf(prod).join('\n');
    expect(problems).toMatch(/SMTP_URL is required when NODE_ENV=production/);
    expect(problems).toMatch(/MAIL_FROM is required/);
    expect(loadConfig({ ...prod, MAIL_DISABLED: 'true' }).mail.smtpUrl).toBeUndefined();
    const config = loadConfig({
      ...prod,
      SMTP_URL: 'smtps://mailer:smtp-pass-secret@mail.example.com:465',
      MAIL_FROM: 'Shop <orders@shop.example.com>',
    });
    expect(config.mail).toMatchObject({ from: 'Shop <orders@shop.example.com>', domain: 'shop.example.com' });
    expect(JSON.stringify(describeConfig(config))).not.toContain('smtp-pass-secret');
    expect(describeConfig(config).mail).toBe(
      'smtps://mail.example.com:465 from Shop <orders@shop.example.com>',
    );
    expect(problemsOf({ SMTP_URL: 'http://mail.example.com' }).join('\n')).toMatch(
      /SMTP_URL must be an smtp/,
    );
    expect(problemsOf({ MAIL_FROM: 'not an address' }).join('\n')).toMatch(/MAIL_FROM must be an address/);
    // Development without SMTP_URL sends nothing; its From defaults to the shop's host.
    expect(loadConfig({}).mail).toMatchObject({ smtpUrl: undefined, domain: 'localhost' });
  });

  it('requires the admin email and password together', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'owner@shop.example' })).toEqual([
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    ]);
  });

  it('refuses weak or default admin credentials in production', () => {
    const prod = {
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      PUBLIC_ORIGIN: 'https://shop.example.com',
      MAIL_DISABLED: 'true',
    };
    const weak = (password: string, email = 'owner@shop.example') =>
      problemsOf({ ...prod, ADMIN_EMAIL: email, ADMIN_PASSWORD: password }).join('\n');
    expect(weak('short1!')).toMatch(/ADMIN_PASSWORD must be at least 12 characters long/);
    expect(weak('Password2024!')).toMatch(/ADMIN_PASSWORD is a common password/);
    expect(weak('aaaaaaaaaaaaaaaa')).toMatch(/too few different characters/);
    expect(weak('owner-of-the-shop-2026')).toMatch(/must not contain the email name/);
    expect(weak('correct horse battery staple', 'admin@checkstand.local')).toMatch(/development default/);
    expect(() =>
      loadConfig({
        ...prod,
        ADMIN_EMAIL: 'owner@shop.example',
        ADMIN_PASSWORD: 'correct horse battery staple',
      }),
    ).not.toThrow();
    // Development accepts what production refuses.
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short' })).not.toThrow();
  });
});
