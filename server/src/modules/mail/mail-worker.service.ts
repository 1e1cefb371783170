import {
  hasReceivedMoney,
  type MessageKind,
  MessageKind as MessageKindSchema,
  OrderStatus,
} from '@checkstand/contract';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { CONFIG, DATABASE, LOGGER } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import type { OrderRow, OutboxMessageRow } from '../../db/schema.js';
import { customerAddress } from '../orders/mail-effects.js';
import { mailContext } from './mail-context.js';
import { type Outcome, outboxRepository as outbox } from './outbox.repository.js';
import { renderMail } from './templates.js';
import { type MailTransport, smtpTransport } from './transport.js';

/** Messages claimed per statement. */
const BATCH = 20;
/** The longest wait between two tries of one message. */
const MAX_BACKOFF_SECONDS = 6 * 60 * 60;
/** A message that could not be sent for this long (mail was off, the SMTP server down) is dropped, not sent late. */
const MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;

export interface MailRunReport {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** The delay before try `attempts + 1`: the base doubled per try already made, capped. */
export function backoffSeconds(base: number, attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, Math.max(base, base * 2 ** Math.max(0, attempts - 1)));
}

/** `Shop <shop@example.com>` → `Shop`; a bare address → null. */
function displayName(from: string): string | null {
  const match = /^\s*"?([^"<]*?)"?\s*</.exec(from);
  return match?.[1] ? match[1] : null;
}

/**
 * The outbox's sender (docs/design.md, "E-mail"). Every `MAIL_POLL_MS` it claims the messages due (any number of
 * instances may run it: a row is claimed by one at a time), renders each from its order as it now is, sends it
 * with a `Message-ID` derived from the row's id, and records the outcome; a failed try is retried with
 * exponential backoff, `MAIL_MAX_ATTEMPTS` times in all. Runs only when `SMTP_URL` is set.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly transport: MailTransport | null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.transport = config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  onApplicationBootstrap(): void {
    if (this.transport) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.transport?.close();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error({ err: error }, 'mail delivery pass failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.mail.pollMs);
    this.timer.unref();
  }

  /** Sends what is due until nothing is; resolves with what happened. */
  async runOnce(): Promise<MailRunReport> {
    const report: MailRunReport = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    if (!this.transport) return report;
    const { leaseSeconds } = this.config.mail;
    for (;;) {
      const claimed = await outbox.claim(this.database.db, BATCH, leaseSeconds);
      for (const message of claimed) {
        if (this.stopped) return report;
        const outcome = await this.deliver(this.transport, message);
        const recorded = await outbox.finish(this.database.db, message.id, message.attempts, outcome);
        if (!recorded) continue; // the lease ran out and another sender took it over
        if (outcome.status === 'sent') report.sent += 1;
        else if (outcome.status === 'retry') report.retried += 1;
        else if (outcome.status === 'failed') report.failed += 1;
        else report.skipped += 1;
      }
      if (claimed.length < BATCH || this.stopped) return report;
    }
  }

  private async deliver(transport: MailTransport, message: OutboxMessageRow): Promise<Outcome> {
    const parsedKind = MessageKindSchema.safeParse(message.kind);
    if (!parsedKind.success) return { status: 'failed', error: `unknown kind ${message.kind}` };
    const kind = parsedKind.data;
    const log = { messageId: message.id, orderId: message.orderId, kind, attempt: message.attempts };
    try {
      const order = message.orderId ? await outbox.order(this.database.db, message.orderId) : null;
      if (!order) return { status: 'skipped', recipient: null, why: 'the order no longer exists' };
      if (Date.now() - message.createdAt.getTime() > MAX_AGE_MS) {
        return { status: 'skipped', recipient: null, why: 'not sent within 3 days: too late to be useful' };
      }
      const superseded = supersededBecause(kind, order);
      if (superseded) return { status: 'skipped', recipient: null, why: superseded };
      const recipient = message.recipient ?? (await this.recipientOf(kind, order));
      if (!recipient) return { status: 'skipped', recipient: null, why: 'no e-mail address to send it to' };
      const context = mailContext(message, order, this.config.publicOrigin);
      context.shopName = displayName(this.config.mail.from) ?? context.shopName;
      const rendered = renderMail(kind, context);
      await transport.send({
        messageId: `<${message.id}@${this.config.mail.domain}>`,
        from: this.config.mail.from,
        to: recipient,
        ...rendered,
      });
      this.logger.info(log, 'e-mail sent');
      return { status: 'sent', recipient };
    } catch (error) {
      const text = describe(error);
      // The row keeps the SMTP server's words for the admin; the log never names an address.
      const logged = text.replace(/[^\s<>@"',;:]+@[^\s<>@"',;:]+/g, '[address]');
      if (message.attempts >= this.config.mail.maxAttempts) {
        this.logger.error({ ...log, error: logged }, 'e-mail given up after its last try');
        return { status: 'failed', error: text };
      }
      const delaySeconds = backoffSeconds(this.config.mail.retrySeconds, message.attempts);
      this.logger.warn(
        { ...log, error: logged, retryInSeconds: delaySeconds },
        'e-mail not sent; will retry',
      );
      return { status: 'retry', error: text, delaySeconds };
    }
  }

  /** Customers: the order's address; the owner: OWNER_EMAIL, else ADMIN_EMAIL, else the first admin account. */
  private async recipientOf(kind: MessageKind, order: OrderRow): Promise<string | null> {
    if (kind !== 'dispute_opened') return customerAddress(order);
    const { mail, admin } = this.config;
    return mail.ownerEmail ?? admin.email ?? (await outbox.firstAdminEmail(this.database.db));
  }
}

/**
 * Why a customer message would now be wrong, if it would: a failure or a pending delayed payment the order has
 * since moved past (paid meanwhile, say: the confirmation tells the truth instead).
 */
export function supersededBecause(kind: MessageKind, order: OrderRow): string | null {
  const status = OrderStatus.safeParse(order.status);
  if (!status.success) return null;
  if (kind === 'payment_failed' && (hasReceivedMoney(status.data) || status.data === 'processing')) {
    return `superseded: the order is now ${status.data}`;
  }
  if (kind === 'payment_processing' && status.data !== 'processing') {
    return `superseded: the order is now ${status.data}`;
  }
  return null;
}

/** An error as one short line for the outbox row and the log (an SMTP reply, a timeout…). */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}
