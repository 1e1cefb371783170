import { Inject, Injectable } from '@nestjs/common';
import { HANDLED_STRIPE_EVENT_TYPES } from '@checkstand/contract';
import type { Logger } from 'pino';
import { DATABASE, LOGGER } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { StripeGateway } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { isEnvelope } from '../stripe-events/envelope.js';
import { EventInbox } from '../stripe-events/event-inbox.service.js';
import { MalformedEventError } from '../stripe-events/event-translation.js';
import { NotPlaceableYetError } from '../stripe-events/fact-applier.service.js';
import { inboxRepository as inbox } from '../stripe-events/inbox.repository.js';
import { jobsRepository as jobs } from './jobs.repository.js';

/** How far back the first sweep looks (Stripe keeps events for 30 days). */
export const FIRST_SWEEP_LOOKBACK_SECONDS = 24 * 3600;
/**
 * Each sweep re-reads this much before its cursor: Stripe's `created` has a one-second grain and an event may
 * be listed a moment after a newer one; re-reading costs one lookup of ids already recorded.
 */
export const SWEEP_OVERLAP_SECONDS = 300;
/** Pages of 100 events one pass reads at most; what it could not reach is the next pass's backlog. */
export const SWEEP_MAX_PAGES = 50;

interface SweepState {
  /** Stripe's `created` of the newest event seen by a complete pass: the next pass starts there. */
  cursor?: number;
  /** A pass stopped at its page cap: the range [cursor - overlap, backlogUntil] is still to be read. */
  backlogUntil?: number;
  /** The newest event seen by the pass that left the backlog: the cursor once the backlog is done. */
  backlogNewest?: number;
}

export interface SweepReport {
  listed: number;
  recovered: number;
  complete: boolean;
  cursor: number;
}

/**
 * Lost webhooks of any type, recovered within one pass: reads Stripe's event list (the types the store handles,
 * from a persisted cursor with an overlap) and feeds every event not yet in `stripe_events` through the inbox,
 * the same path as a webhook. An event fetched with our API key is authentic. Runs inside the reconciler's lock:
 * one instance sweeps at a time.
 */
@Injectable()
export class EventsSweep {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly inbox: EventInbox,
  ) {}

  async runOnce(): Promise<SweepReport> {
    const db = this.database.db;
    const saved = (await jobs.get(db, 'events_sweep'))?.state as SweepState | undefined;
    const cursor = saved?.cursor ?? Math.floor(Date.now() / 1000) - FIRST_SWEEP_LOOKBACK_SECONDS;
    const until = saved?.backlogUntil;
    const report: SweepReport = { listed: 0, recovered: 0, complete: false, cursor };
    let newest = saved?.backlogNewest ?? cursor;
    let oldest: number | undefined;
    /** The oldest event that could not be placed yet: the cursor stays before it, so the next pass tries again. */
    let deferred: number | undefined;
    let startingAfter: string | undefined;
    for (let page = 0; page < SWEEP_MAX_PAGES; page += 1) {
      const listed = await this.stripe.listEvents({
        types: HANDLED_STRIPE_EVENT_TYPES,
        createdGte: cursor - SWEEP_OVERLAP_SECONDS,
        ...(until !== undefined ? { createdLte: until } : {}),
        limit: 100,
        ...(startingAfter ? { startingAfter } : {}),
      });
      report.listed += listed.data.length;
      const known = await inbox.knownIds(
        db,
        listed.data.map((event) => event.id),
      );
      // Oldest first within the page: the order does not change the outcome, but it reads like the story.
      for (const event of [...listed.data].reverse()) {
        if (!isEnvelope(event)) continue;
        if (until === undefined) newest = Math.max(newest, event.created);
        oldest = oldest === undefined ? event.created : Math.min(oldest, event.created);
        if (known.has(event.id)) continue;
        try {
          const result = await this.inbox.ingest(event, 'sweep');
          if (!result.duplicate) report.recovered += 1;
        } catch (error) {
          if (error instanceof NotPlaceableYetError) {
            deferred = Math.min(deferred ?? event.created, event.created);
            continue;
          }
          if (!(error instanceof MalformedEventError)) throw error;
          this.logger.warn({ eventId: event.id, type: event.type }, 'sweep skipped a malformed event');
        }
      }
      const last = listed.data.at(-1);
      if (!listed.hasMore || !last) {
        report.complete = true;
        break;
      }
      startingAfter = last.id;
    }
    let state: SweepState;
    if (report.complete) {
      state = {
        cursor:
          deferred === undefined
            ? Math.max(cursor, newest)
            : Math.max(cursor, Math.min(newest, deferred - 1)),
      };
    } else {
      // Everything newer than `oldest` was read; the rest of the range is the next pass's.
      state = { cursor, backlogUntil: oldest ?? until ?? cursor, backlogNewest: newest };
      this.logger.warn(
        { listed: report.listed },
        'events sweep reached its page cap: the rest is left for the next pass',
      );
    }
    report.cursor = state.cursor ?? cursor;
    await jobs.save(db, 'events_sweep', { state: { ...state }, lastRunAt: new Date(), lastError: null });
    if (report.recovered > 0) this.logger.info(report, 'events sweep recovered events');
    return report;
  }
}
