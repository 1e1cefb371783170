import { Module } from '@nestjs/common';
import { MailWorker } from './mail-worker.service.js';

/** E-mail: the outbox's sender (docs/design.md, "E-mail"). The outbox rows are written by orders/mail-effects.ts. */
@Module({ providers: [MailWorker], exports: [MailWorker] })
export class MailModule {}
