export {
  startEmulator,
  DEFAULT_PORT,
  DEFAULT_RETRY_SCHEDULE,
  DEFAULT_DELAYED_PAYMENT_SECONDS,
  DEFAULT_REFUND_OUTCOME_SECONDS,
  DEFAULT_DISPUTE_DELAY_SECONDS,
  SUGGESTED_SECRET_KEY,
  type EmulatorOptions,
  type RunningEmulator,
} from './emulator.js';
export { TEST_CARDS, type TestCard } from './domain/test-cards.js';
export type { ChaosSettings } from './webhooks/chaos.js';
export {
  FAULT_KINDS,
  DEFAULT_TIMEOUT_HOLD_MS,
  type FaultKind,
  type FaultMatch,
  type FaultRule,
  type FaultSpec,
  type InjectedFault,
} from './faults/fault-queue.js';
export type { DeliveryRecord } from './webhooks/delivery-queue.js';
