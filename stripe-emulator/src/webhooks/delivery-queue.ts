import type { EndpointRecord, EventRecord, Store } from '../state/store.js';
import type { ChaosSettings } from './chaos.js';
import { createAgents, destroyAgents, postWebhook } from './http-post.js';
import { childSeed, seeded, type Random } from './random.js';
import { renderEvent } from './render.js';
import { activeSecrets, signatureHeader } from './signature.js';

/** One delivery attempt (or a delivery dropped by chaos), as listed by `GET /_emulator/deliveries`. */
export interface DeliveryRecord {
  eventId: string;
  eventType: string;
  sessionId?: string;
  endpointId: string;
  endpointUrl: string;
  attempt: number;
  /** HTTP status of the answer; null when nothing answered (refused, timed out, simulated failure, dropped). */
  status: number | null;
  ok: boolean;
  error?: string;
  durationMs: number;
  /** ISO timestamp (real time) of the attempt. */
  at: string;
  /** `duplicate`: a chaos duplicate; `resend`: from POST /_emulator/events/:id/resend. */
  copy?: 'duplicate' | 'resend';
  dropped?: true;
  /** Milliseconds until the next attempt, when one is scheduled. */
  nextRetryInMs?: number;
  /** The start of the endpoint's answer (up to 2 KB), when it answered. */
  responseBody?: string;
}

type Copy = 'original' | 'duplicate' | 'resend';

/** A delivery owed to an endpoint (queued, waiting for its retry, held by a pause or in flight): kept with --state. */
export interface PendingDelivery {
  eventId: string;
  endpointId: string;
  attempt: number;
  copy: Copy;
  /** When the attempt is due, real epoch milliseconds (retries wait in real time, not emulator time). */
  dueAt: number;
}

interface Job {
  eventId: string;
  endpointId: string;
  attempt: number;
  copy: Copy;
  /** This delivery's own chaos stream: its decisions do not depend on how other deliveries interleave. */
  random: Random;
}

export interface DeliverySettings {
  /** Seconds to wait before attempt 2, 3, …; attempts = length + 1. */
  retrySchedule: number[];
  timeoutMs: number;
  log: (line: string) => void;
  /** Called when the deliveries owed change (the state file has something new to keep). */
  onChange?: () => void;
  /** Emulator time (unix seconds), for rolled secrets' expiry; default real time. */
  now?: () => number;
}

const MAX_RECORDS = 50_000;

function matches(record: EndpointRecord, type: string): boolean {
  const { enabled_events: enabled, status } = record.endpoint;
  return status === 'enabled' && (enabled.includes('*') || enabled.includes(type));
}

/**
 * Delivers events to webhook endpoints: signed like Stripe, retried on non-2xx and timeouts along the retry
 * schedule, with chaos (drop, duplicate, delay, reorder, simulated failures, pause) applied per delivery. First
 * attempts go out in event creation order but concurrently, so receivers may see them in any order — as with
 * Stripe, which does not guarantee ordering.
 */
export class DeliveryQueue {
  readonly records: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly pending = new Set<Promise<void>>();
  private readonly recordListeners: ((entry: DeliveryRecord) => void)[] = [];
  private held: Job[] = [];
  /** Every delivery owed, with its due time: what `pendingDeliveries()` reports and the state file keeps. */
  private readonly owed = new Map<Job, number>();
  /** What was owed when `close()` stopped the queue, for the final state save. */
  private parked: PendingDelivery[] | undefined;
  private generation = 0;
  private agents = createAgents();
  /** Hands each delivery its stream, in enqueue (event creation) order: the only order-dependent draw. */
  private random: Random;

  constructor(
    private readonly store: Store,
    private readonly chaos: () => ChaosSettings,
    private readonly settings: DeliverySettings,
  ) {
    this.random = seeded(chaos().seed);
  }

  /** Restarts the chaos decisions from `seed`. */
  reseed(seed: number): void {
    this.random = seeded(seed);
  }

  /** Called with every delivery record as it is made (the dashboard's live updates). */
  onRecord(listener: (entry: DeliveryRecord) => void): void {
    this.recordListeners.push(listener);
  }

  endpointsFor(type: string): EndpointRecord[] {
    return [...this.store.endpoints.values()].filter((record) => matches(record, type));
  }

  /**
   * Queues the event for every matching endpoint (or only `endpointId`, on a resend); returns how many endpoints
   * it goes to.
   */
  enqueue(record: EventRecord, copy: 'original' | 'resend' = 'original', endpointId?: string): number {
    const chaos = this.chaos();
    const endpoints = this.endpointsFor(record.event.type).filter(
      (endpoint) => endpointId === undefined || endpoint.endpoint.id === endpointId,
    );
    for (const endpoint of endpoints) {
      const random = seeded(childSeed(this.random));
      // Every roll is drawn whatever the settings, so a delivery's stream does not depend on them.
      const [dropRoll, delayRoll, duplicateRoll, spreadRoll] = [random(), random(), random(), random()];
      const duplicateRandom = seeded(childSeed(random));
      const job: Job = {
        eventId: record.event.id,
        endpointId: endpoint.endpoint.id,
        attempt: 1,
        copy,
        random,
      };
      const dropped =
        copy === 'original' &&
        ((record.sessionId !== null && chaos.dropSessions.includes(record.sessionId)) ||
          dropRoll < chaos.dropRate);
      if (dropped) {
        this.record(
          record,
          endpoint,
          job,
          { status: null, error: 'dropped by chaos (never sent)', durationMs: 0 },
          true,
        );
        continue;
      }
      const delay = chaos.delayMs + delayRoll * chaos.reorderWindowMs;
      this.schedule(job, delay);
      if (duplicateRoll < chaos.duplicateRate) {
        const spread = Math.max(chaos.reorderWindowMs, 50);
        this.schedule({ ...job, copy: 'duplicate', random: duplicateRandom }, delay + spreadRoll * spread);
      }
    }
    return endpoints.length;
  }

  /** Sends every delivery held while paused. */
  resume(): void {
    const jobs = this.held;
    this.held = [];
    for (const job of jobs) this.start(job);
  }

  /** Forgets queued deliveries, retries and records (in-flight attempts are aborted). */
  reset(): void {
    this.generation++;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.held = [];
    this.owed.clear();
    this.records.length = 0;
    this.settings.onChange?.();
  }

  async close(): Promise<void> {
    this.parked = this.pendingDeliveries();
    this.reset();
    await Promise.allSettled([...this.pending]);
    destroyAgents(this.agents);
    this.agents = createAgents();
  }

  /** The deliveries owed now (after `close()`: those owed when it was called), oldest due first. */
  pendingDeliveries(): PendingDelivery[] {
    if (this.parked) return this.parked;
    return [...this.owed]
      .map(([job, dueAt]) => ({
        eventId: job.eventId,
        endpointId: job.endpointId,
        attempt: job.attempt,
        copy: job.copy,
        dueAt,
      }))
      .sort((a, b) => a.dueAt - b.dueAt);
  }

  /**
   * Schedules deliveries saved by an earlier run at their due time (at once when it has passed); an attempt that
   * was in flight when the emulator stopped is made again, with the same number. Deliveries whose event or
   * endpoint is gone are dropped.
   */
  restorePending(saved: readonly PendingDelivery[]): void {
    for (const pending of saved) {
      if (!this.store.events.has(pending.eventId) || !this.store.endpoints.has(pending.endpointId)) continue;
      const { eventId, endpointId, attempt, copy } = pending;
      const job: Job = { eventId, endpointId, attempt, copy, random: seeded(childSeed(this.random)) };
      this.schedule(job, Math.max(0, pending.dueAt - Date.now()));
    }
  }

  private schedule(job: Job, delayMs: number): void {
    this.owed.set(job, Date.now() + delayMs);
    this.settings.onChange?.();
    const generation = this.generation;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (generation !== this.generation) return;
      if (this.chaos().paused) this.held.push(job);
      else this.start(job);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private start(job: Job): void {
    const promise = this.attempt(job).finally(() => {
      this.pending.delete(promise);
      // Whatever the outcome (delivered, retry scheduled, given up), this attempt is no longer owed.
      if (this.owed.delete(job)) this.settings.onChange?.();
    });
    this.pending.add(promise);
  }

  private async attempt(job: Job): Promise<void> {
    const record = this.store.events.get(job.eventId);
    const endpoint = this.store.endpoints.get(job.endpointId);
    if (!record || !endpoint || endpoint.endpoint.status !== 'enabled') return;
    const generation = this.generation;
    const chaos = this.chaos();
    const startedAt = new Date();
    const started = performance.now();
    let result: { status: number | null; error?: string; body?: string };
    const failRoll = job.random();
    if (job.attempt <= chaos.failFirstAttempts) {
      result = { status: null, error: 'simulated failure (chaos failFirstAttempts, not sent)' };
    } else if (failRoll < chaos.failRate) {
      result = { status: null, error: 'simulated failure (chaos failRate, not sent)' };
    } else {
      // Rendered for the endpoint's API version, signed with each of its active secrets (rotation).
      const payload = renderEvent(record.event, endpoint.endpoint.api_version, this.store);
      const timestamp = Math.floor(Date.now() / 1000);
      const secrets = activeSecrets(endpoint, this.settings.now?.() ?? timestamp);
      const controller = new AbortController();
      this.inFlight.add(controller);
      try {
        result = await postWebhook(
          endpoint.endpoint.url,
          payload,
          {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            Accept: '*/*; q=0.5, application/xml',
            'Cache-Control': 'no-cache',
            'Stripe-Signature': signatureHeader(payload, secrets, timestamp),
          },
          this.settings.timeoutMs,
          controller.signal,
          this.agents,
        );
      } finally {
        this.inFlight.delete(controller);
      }
    }
    if (generation !== this.generation) return;
    const durationMs = Math.round(performance.now() - started);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    if (ok && !record.deliveredTo.includes(endpoint.endpoint.id)) {
      record.deliveredTo.push(endpoint.endpoint.id);
      record.event.pending_webhooks = Math.max(0, record.event.pending_webhooks - 1);
    }
    let nextRetryInMs: number | undefined;
    const wait = this.settings.retrySchedule[job.attempt - 1];
    if (!ok && wait !== undefined) {
      nextRetryInMs = Math.round(wait * 1000);
      this.schedule({ ...job, attempt: job.attempt + 1 }, nextRetryInMs);
    }
    this.record(record, endpoint, job, { ...result, durationMs }, false, startedAt, nextRetryInMs);
  }

  private record(
    record: EventRecord,
    endpoint: EndpointRecord,
    job: Job,
    result: { status: number | null; error?: string; body?: string; durationMs: number },
    dropped: boolean,
    at = new Date(),
    nextRetryInMs?: number,
  ): void {
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const entry: DeliveryRecord = {
      eventId: record.event.id,
      eventType: record.event.type,
      endpointId: endpoint.endpoint.id,
      endpointUrl: endpoint.endpoint.url,
      attempt: job.attempt,
      status: result.status,
      ok,
      durationMs: result.durationMs,
      at: at.toISOString(),
    };
    if (record.sessionId) entry.sessionId = record.sessionId;
    if (result.error) entry.error = result.error;
    if (job.copy !== 'original') entry.copy = job.copy;
    if (dropped) entry.dropped = true;
    if (nextRetryInMs !== undefined) entry.nextRetryInMs = nextRetryInMs;
    if (result.body !== undefined) entry.responseBody = result.body;
    this.records.push(entry);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    this.settings.log(formatLine(entry));
    for (const listener of this.recordListeners) listener(entry);
  }
}

function formatLine(entry: DeliveryRecord): string {
  const copy = entry.copy ? ` (${entry.copy})` : '';
  const head = `${entry.at}  --> ${entry.eventType} [${entry.eventId}]${copy}`;
  if (entry.dropped) return `${head}  dropped by chaos, not sent to ${entry.endpointUrl}`;
  const outcome = entry.status !== null ? `[${entry.status}]` : `[${entry.error ?? 'failed'}]`;
  let tail = '';
  if (!entry.ok) {
    tail =
      entry.nextRetryInMs !== undefined
        ? `; retry in ${entry.nextRetryInMs / 1000}s`
        : `; giving up after ${entry.attempt} attempt${entry.attempt === 1 ? '' : 's'}`;
  }
  return `${head}  attempt ${entry.attempt} POST ${entry.endpointUrl} ${outcome} ${entry.durationMs} ms${tail}`;
}
