import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { AppError } from '../../common/errors.js';
import type { Metrics } from '../../common/metrics.js';
import { CONFIG, DATABASE, LOGGER, METRICS } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { rateLimitsRepository as limits } from './rate-limits.repository.js';

/** What an anonymous client may do, per minute (docs: README, "Security"). */
export type Budget = 'checkout' | 'order_action' | 'order_read' | 'session_sync';

/** Login: per client address, per (account, address) pair; windows grow for keys that keep failing. */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const LOGIN_ATTEMPTS_PER_CLIENT = 20;
export const LOGIN_ATTEMPTS_PER_ACCOUNT_AND_CLIENT = 5;
/** Failures of one account (from anywhere) in a window past which a client that has failed gets one try. */
export const LOGIN_ACCOUNT_UNDER_ATTACK = 10;
/** Rejected (unsigned, badly signed) webhook bodies logged per minute; the rest are only counted. */
export const REJECTED_WEBHOOK_SAMPLES_PER_MINUTE = 30;

export class RateLimited extends AppError {
  constructor(retryAfterSeconds: number, message = 'Too many requests. Please slow down and try again.') {
    super(429, 'too_many_requests', message, { retryAfterSeconds });
    this.name = 'RateLimited';
  }
}

/**
 * Budgets shared by every instance (counted in PostgreSQL). Signed Stripe webhooks never go through here: Stripe
 * is not a client to be limited, and a refused event would only come back.
 */
@Injectable()
export class RateLimits {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  private perMinute(budget: Budget): number {
    const { limits } = this.config;
    switch (budget) {
      case 'checkout':
        return limits.checkoutsPerMinute;
      case 'order_action':
        return limits.orderActionsPerMinute;
      case 'order_read':
        return limits.orderReadsPerMinute;
      case 'session_sync':
        return limits.sessionSyncsPerMinute;
    }
  }

  /** Counts a request of `client` against `budget`; throws 429 (with Retry-After) past it. */
  async take(budget: Budget, client: string): Promise<void> {
    const limit = this.perMinute(budget);
    const { hits, retryAfter } = await limits.consume(this.database.logDb, `${budget}:${client}`, {
      limit,
      windowSeconds: 60,
      grow: false,
    });
    if (hits > limit) {
      this.refused(budget);
      throw new RateLimited(retryAfter);
    }
  }

  /** Like `take`, without throwing: false past the budget (the caller does less instead of refusing). */
  async allows(budget: Budget, client: string): Promise<boolean> {
    try {
      await this.take(budget, client);
      return true;
    } catch (error) {
      if (error instanceof RateLimited) return false;
      throw error;
    }
  }

  /** One rejected webhook body: true while this minute's sample is not full. */
  async sampleRejectedWebhook(): Promise<boolean> {
    const { hits } = await limits.consume(this.database.logDb, 'webhook:rejected', {
      limit: REJECTED_WEBHOOK_SAMPLES_PER_MINUTE,
      windowSeconds: 60,
      grow: false,
    });
    return hits <= REJECTED_WEBHOOK_SAMPLES_PER_MINUTE;
  }

  /**
   * Before a password is checked: counts the attempt for the client and for the (account, client) pair, and
   * refuses (429) past either budget. Attempts are counted before the check, so parallel guesses cannot slip past
   * the budget. A client that has not failed for this account is always let through to the check: the owner is
   * never locked out by someone else's guesses. One that has failed gets a single try per window while the account
   * is under attack. Windows grow for keys that keep going over.
   */
  async beforeLogin(email: string, client: string): Promise<void> {
    const db = this.database.logDb;
    const account = email.toLowerCase();
    const perClient = await limits.consume(db, `login:client:${client}`, {
      limit: LOGIN_ATTEMPTS_PER_CLIENT,
      windowSeconds: LOGIN_WINDOW_SECONDS,
      grow: true,
    });
    const pairKey = `login:pair:${account}|${client}`;
    const failedBefore = (await limits.peek(db, pairKey)) > 0;
    const underAttack =
      failedBefore && (await limits.peek(db, `login:account:${account}`)) >= LOGIN_ACCOUNT_UNDER_ATTACK;
    const pairLimit = underAttack ? 1 : LOGIN_ATTEMPTS_PER_ACCOUNT_AND_CLIENT;
    const perPair = await limits.consume(db, pairKey, {
      limit: pairLimit,
      windowSeconds: LOGIN_WINDOW_SECONDS,
      grow: true,
    });
    const over = [perClient.hits > LOGIN_ATTEMPTS_PER_CLIENT ? perClient.retryAfter : 0];
    over.push(perPair.hits > pairLimit ? perPair.retryAfter : 0);
    const wait = Math.max(...over);
    if (wait > 0) {
      this.refused('login');
      throw new AppError(429, 'too_many_attempts', `Too many failed logins. Try again in ${wait} seconds.`, {
        retryAfterSeconds: wait,
      });
    }
  }

  /** The password was wrong: the account's failures count towards "under attack". */
  async loginFailed(email: string): Promise<void> {
    await limits.consume(this.database.logDb, `login:account:${email.toLowerCase()}`, {
      limit: 2_147_483_647, // only counted, never refused here
      windowSeconds: LOGIN_WINDOW_SECONDS,
      grow: false,
    });
  }

  /** The password was right: the pair starts afresh and the attempt does not count against the client. */
  async loginSucceeded(email: string, client: string): Promise<void> {
    const db = this.database.logDb;
    await limits.forget(db, `login:pair:${email.toLowerCase()}|${client}`);
    await limits.refund(db, `login:client:${client}`);
  }

  private refused(budget: string): void {
    this.metrics.rateLimitRefusals.inc({ budget });
    this.logger.warn({ budget }, 'rate limit: request refused');
  }
}
