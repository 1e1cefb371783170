import { Module, type OnModuleInit } from '@nestjs/common';
import { validateStateMachine } from './order-state-machine.js';

/**
 * The order aggregate: the state machine, the pure decision, the one writer, its queries. No providers (its
 * parts are plain functions over a connection); the module exists to check the transition table at boot.
 */
@Module({})
export class OrdersModule implements OnModuleInit {
  /** A broken transition table stops the server at boot, never in front of a customer. */
  onModuleInit(): void {
    validateStateMachine();
  }
}
