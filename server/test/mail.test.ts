import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { AdminOrderDetail } from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../src/db/database.js';
import { MailWorker } from '../src/modules/mail/mail-worker.service.js';
import { outboxRepository } from '../src/modules/mail/outbox.repository.js';
import { ADMIN, ADMIN_ENV, AdminClient } from './support/admin.js';
import { ENGINES, readyDatabase } from './support/databases.js';
import { eventually, freePort } from './support/net.js';
import { type SmtpSink, startSmtpSink } from './support/smtp.js';
import { PRODUCTS, type Stack, orderReaches, startStack, stacksForEachTest } from './support/stack.js';
import { UNLIMITED, startTestServer } from './support/test-server.js';

/**
 * E-mail (docs/design.md, "E-mail"): outbox rows written with the transitions, sent by the worker to a real SMTP
 * server in this process, once per fact whatever Stripe repeats, retried with the same Message-ID.
 */
const SERVER_DIR = path.resolve(import.meta.dirname, '..');
const CUSTOMER = 'ada@customer.example';
const DECLINED = '4000000000000002';
const DISPUTED = '4000000000000259';

const sinks: SmtpSink[] = [];
afterEach(async () => {
  while (sinks.length) await sinks.pop()!.close();
});

async function sink(): Promise<SmtpSink> {
  const s = await startSmtpSink();
  sinks.push(s);
  return s;
}

const mailEnv = (smtp: SmtpSink, extra: Record<string, string> = {}) => ({
  SMTP_URL: smtp.url,
  MAIL_FROM: 'Checkstand Test <orders@shop.example>',
  MAIL_POLL_MS: '50',
  MAIL_RETRY_SECONDS: '1',
  ...extra,
});

interface OutboxRecord {
  id: string;
  order_id: string;
  kind: string;
  status: string;
  recipient: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | Date;
}

const outboxOf = (s: Pick<Stack, 'db'>, orderId: string) =>
  queryRows<OutboxRecord>(
    s.db.database.db,
    sql`select * from outbox_messages where order_id = ${orderId} order by created_at, id`,
  );

/**
 * The order's first outbox row once it is `sent`, or as it is after 15 s: the sender marks a row sent only after
 * the SMTP server has accepted the message, so a test that has just seen the mail arrive must wait for the mark.
 */
async function sentRowOf(s: Pick<Stack, 'db'>, orderId: string): Promise<OutboxRecord | undefined> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await outboxOf(s, orderId);
    if (row?.status === 'sent' || Date.now() > deadline) return row;
    await sleep(50);
  }
}

const mailsFor = (smtp: SmtpSink, orderId: string) =>
  smtp.accepted.filter((m) => m.subject.includes(orderId) || m.text.includes(orderId));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `find` finds something among what the SMTP server has received. */
const received = <T>(find: () => T | undefined, what: string, timeoutMs = 15_000) =>
  eventually(() => Promise.resolve(find()), { what, timeoutMs });

const stack = stacksForEachTest({ env: ADMIN_ENV });

describe.each(ENGINES)('e-mails on %s', (engine) => {
  it('one confirmation per paid order through duplicated and replayed events: HTML and text, a stable Message-ID, no token', async () => {
    const smtp = await sink();
    const s = await stack(engine, mailEnv(smtp));
    await s.control.chaos({ duplicateRate: 1 });
    const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 2 }], CUSTOMER);
    expect((await s.control.pay(created.sessionId)).outcome).toBe('succeeded');
    await orderReaches(s, created.orderId, 'paid');
    await received(() => (mailsFor(smtp, created.orderId).length > 0 ? true : undefined), 'the confirmation');
    // Stripe sends every event of the session again, twice.
    for (const event of await s.control.events(created.sessionId)) {
      await s.control.resend(event.id);
      await s.control.resend(event.id);
    }
    await sleep(1_500);

    const rows = await outboxOf(s, created.orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'order_confirmation',
      status: 'sent',
      recipient: CUSTOMER,
      attempts: 1,
    });
    const mails = mailsFor(smtp, created.orderId);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.messageId).toBe(`<${rows[0]!.id}@shop.example>`);
    expect(mail.to).toBe(CUSTOMER);
    expect(mail.subject).toBe(`Your order ${created.orderId} is confirmed`);
    expect(mail.headers['content-type']).toMatch(/multipart\/alternative/);
    expect(mail.text).toMatch(/Content-Type: text\/plain/);
    expect(mail.text).toMatch(/Content-Type: text\/html/);
    expect(mail.text).toContain(PRODUCTS[0]!.title);
    expect(mail.text).not.toContain(created.orderToken);
    // Its link opens the order on any device, without the token: the order's page of its session.
    const link = new RegExp(
      `${s.store.config.publicOrigin.replace(/[.:/]/g, '\\$&')}/checkout/success\\?session_id=(cs_[A-Za-z0-9_]+)`,
    ).exec(mail.text);
    expect(link?.[1]).toBe(created.sessionId);
    const opened = await fetch(`${s.store.baseUrl}/api/orders/by-session/${link![1]}`);
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as { order: { id: string; status: string } }).order).toMatchObject({
      id: created.orderId,
      status: 'paid',
    });

    // The admin's order page lists it with its delivery status.
    const admin = new AdminClient(s.store.baseUrl);
    expect((await admin.login()).status).toBe(200);
    const detail = await admin.expect(AdminOrderDetail, 'GET', `/api/admin/orders/${created.orderId}`);
    expect(detail.messages).toMatchObject([
      { kind: 'order_confirmation', status: 'sent', recipient: CUSTOMER },
    ]);
  });

  it('a decline tells the customer why (once per attempt), a refusing SMTP server is retried with the same Message-ID, and the payment that follows is confirmed', async () => {
    const smtp = await sink();
    let refusals = 2;
    smtp.verdict = () => (refusals-- > 0 ? 'refuse' : 'accept');
    const s = await stack(engine, mailEnv(smtp));
    const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
    expect((await s.control.pay(created.sessionId, DECLINED)).outcome).not.toBe('succeeded');
    await orderReaches(s, created.orderId, 'failed');
    await s.control.pay(created.sessionId, DECLINED); // a second decline in the same attempt: no second mail
    // A declined customer is usually still on Stripe's page trying another card: the mail waits out a grace.
    const [waiting] = await outboxOf(s, created.orderId);
    expect(waiting).toMatchObject({ kind: 'payment_failed', status: 'pending', attempts: 0 });
    expect(new Date(waiting!.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    await sleep(1_000);
    expect(mailsFor(smtp, created.orderId)).toHaveLength(0);
    // The grace passes (the test moves the row's due time instead of waiting 15 minutes).
    await s.db.database.db.execute(
      sql`update outbox_messages set next_attempt_at = now() where order_id = ${created.orderId}`,
    );
    const failed = await received(
      () => mailsFor(smtp, created.orderId).find((m) => m.subject.includes('did not go through')),
      'the payment-failed mail',
      20_000,
    );
    expect(failed.text).toContain('Your card was declined.');
    const tries = smtp.seen.filter((m) => m.messageId === failed.messageId);
    expect(tries).toHaveLength(3); // two refused, one accepted: one Message-ID
    expect(await sentRowOf(s, created.orderId)).toMatchObject({
      kind: 'payment_failed',
      status: 'sent',
      attempts: 3,
    });

    expect((await s.control.pay(created.sessionId)).outcome).toBe('succeeded');
    await orderReaches(s, created.orderId, 'paid');
    await received(
      () => mailsFor(smtp, created.orderId).find((m) => m.subject.includes('is confirmed')),
      'the confirmation',
    );
    const kinds = (await outboxOf(s, created.orderId)).map((r) => r.kind);
    expect(kinds).toEqual(['payment_failed', 'order_confirmation']);
  });

  it('a decline followed by a payment within the grace sends the confirmation only', async () => {
    const smtp = await sink();
    const s = await stack(engine, mailEnv(smtp));
    const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
    await s.control.pay(created.sessionId, DECLINED);
    await orderReaches(s, created.orderId, 'failed');
    expect((await s.control.pay(created.sessionId)).outcome).toBe('succeeded');
    await orderReaches(s, created.orderId, 'paid');
    await received(
      () => mailsFor(smtp, created.orderId).find((m) => m.subject.includes('is confirmed')),
      'the confirmation',
    );
    await s.db.database.db.execute(
      sql`update outbox_messages set next_attempt_at = now() where order_id = ${created.orderId}`,
    );
    await eventually(
      async () => {
        const rows = await outboxOf(s, created.orderId);
        return rows.every((r) => r.status !== 'pending') ? rows : undefined;
      },
      { what: 'the failure mail to be settled', timeoutMs: 15_000 },
    );
    expect((await outboxOf(s, created.orderId)).map((r) => [r.kind, r.status])).toEqual([
      ['payment_failed', 'skipped'],
      ['order_confirmation', 'sent'],
    ]);
    expect(mailsFor(smtp, created.orderId).map((m) => m.subject)).toEqual([
      expect.stringContaining('is confirmed'),
    ]);
  });

  it('a delayed payment is announced, a refund is told to the customer and a dispute to the owner', async () => {
    const smtp = await sink();
    const s = await stack(engine, mailEnv(smtp));
    const later = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
    await s.control.payLater(later.sessionId, 'succeed_later');
    await orderReaches(s, later.orderId, 'processing');
    const processing = await received(() => mailsFor(smtp, later.orderId)[0], 'processing');
    expect(processing.subject).toContain('your bank is confirming the payment');

    const paid = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
    await s.control.pay(paid.sessionId);
    await orderReaches(s, paid.orderId, 'paid');
    const admin = new AdminClient(s.store.baseUrl);
    expect((await admin.login()).status).toBe(200);
    const refund = await admin.call('POST', `/api/admin/orders/${paid.orderId}/refund`, {
      amount: PRODUCTS[0]!.unitAmount,
      idempotencyKey: 'mail-refund-1',
    });
    expect(refund.status).toBe(201);
    await orderReaches(s, paid.orderId, 'refunded');
    const refundMail = await received(
      () => mailsFor(smtp, paid.orderId).find((m) => m.subject.startsWith('A refund of')),
      'the refund mail',
    );
    expect(refundMail.to).toBe(CUSTOMER);

    const disputed = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
    await s.control.pay(disputed.sessionId, DISPUTED);
    const disputeMail = await received(
      () => smtp.accepted.find((m) => m.subject.startsWith(`Dispute opened on order ${disputed.orderId}`)),
      'the dispute mail',
    );
    expect(disputeMail.to).toBe(ADMIN.email);
    expect(disputeMail.text).toContain(`/admin/orders/${disputed.orderId}`);
    const kinds = (await outboxOf(s, disputed.orderId)).map((r) => r.kind).sort();
    expect(kinds).toEqual(['dispute_opened', 'order_confirmation']);
  });

  it('a sender that dies after its claim leaves the message to be tried again when its lease ends, same Message-ID', async () => {
    const smtp = await sink();
    const s = await stack(engine, mailEnv(smtp, { MAIL_POLL_MS: '600000', MAIL_LEASE_SECONDS: '1' }));
    const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
    await s.control.pay(created.sessionId);
    await orderReaches(s, created.orderId, 'paid');
    // A worker claims the message, then dies before sending it.
    const [claimed] = await outboxRepository.claim(s.db.database.db, 10, 1);
    expect(claimed).toMatchObject({ orderId: created.orderId, attempts: 1 });
    const worker = s.store.app.get(MailWorker);
    expect((await worker.runOnce()).sent).toBe(0); // leased: nobody else takes it yet
    await sleep(1_100);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(smtp.accepted.map((m) => m.messageId)).toEqual([`<${claimed!.id}@shop.example>`]);
    expect((await outboxOf(s, created.orderId))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe.runIf(ENGINES.includes('postgres'))('e-mail with several senders on one PostgreSQL', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('two instances claim from the same outbox at once and send each message once', async () => {
    const smtp = await sink();
    const db = await readyDatabase('postgres');
    // Their loops wait: the test runs both passes at once.
    const env = mailEnv(smtp, { MAIL_POLL_MS: '600000' });
    const a = await startStack({ engine: 'postgres', db, env });
    // Each store closes its database when it stops: the second gets a connection pool of its own.
    const second = {
      database: await openDatabase({ kind: 'postgres', url: db.url! }),
      dispose: async () => {},
    };
    const b = await startStack({ engine: 'postgres', db: second, env });
    try {
      const orders = [];
      for (let i = 0; i < 30; i += 1) {
        const created = await a.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], `c${i}@customer.example`);
        await a.control.pay(created.sessionId);
        orders.push(created);
      }
      for (const order of orders) await orderReaches(a, order.orderId, 'paid');
      const [ra, rb] = await Promise.all([a, b].map((s) => s.store.app.get(MailWorker).runOnce()));
      expect(ra!.sent + rb!.sent).toBe(30);
      expect(ra!.sent).toBeGreaterThan(0);
      expect(rb!.sent).toBeGreaterThan(0);
      expect(new Set(smtp.accepted.map((m) => m.messageId)).size).toBe(30);
      expect(smtp.accepted).toHaveLength(30);
      for (const order of orders) expect(mailsFor(smtp, order.orderId)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await db.dispose();
    }
  }, 180_000);

  it('a store SIGKILLed in the middle of sending: another sends the message again with the same Message-ID', async () => {
    const hanging = await sink();
    hanging.verdict = () => 'hang';
    const db = await readyDatabase('postgres');
    const s = await startStack({ engine: 'postgres', db }); // no SMTP_URL: writes the outbox, sends nothing
    try {
      const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }], CUSTOMER);
      await s.control.pay(created.sessionId);
      await orderReaches(s, created.orderId, 'paid');

      const port = await freePort();
      const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
        cwd: SERVER_DIR,
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          DATABASE_URL: db.url!,
          LOG_LEVEL: 'warn',
          RECONCILE_INTERVAL_SECONDS: '3600',
          STRIPE_SECRET_KEY: 'sk_test_mailkill',
          STRIPE_API_BASE: s.emulator.url,
          ...UNLIMITED,
          ...mailEnv(hanging, { MAIL_LEASE_SECONDS: '2' }),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      const first = await received(() => hanging.seen[0], 'the first try', 60_000);
      child.kill('SIGKILL');
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r),
      );
      const [row] = await outboxOf(s, created.orderId);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });

      const smtp = await sink();
      const other = await startTestServer({
        database: await openDatabase({ kind: 'postgres', url: db.url! }),
        env: {
          ...mailEnv(smtp),
          PUBLIC_ORIGIN: s.store.config.publicOrigin,
          STRIPE_SECRET_KEY: 'sk_test_mailkill',
          STRIPE_API_BASE: s.emulator.url,
        },
      });
      try {
        const mail = await received(() => smtp.accepted[0], 'the second try', 15_000);
        expect(mail.messageId).toBe(first.messageId);
        expect(mail.messageId).toBe(`<${row!.id}@shop.example>`);
        expect(await sentRowOf(s, created.orderId)).toMatchObject({ status: 'sent', attempts: 2 });
      } finally {
        await other.close();
      }
    } finally {
      await s.close();
      await db.dispose();
    }
  }, 120_000);
});
