import type { ErrorBody, ErrorCode } from '@checkstand/contract';

/**
 * Expected failures carry a stable machine code (one of the contract's `ERROR_CODES`) and a human message; the
 * exception filter turns them into `{ error: { code, message } }` with their HTTP status.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const notFound = (code: ErrorCode, message: string) => new AppError(404, code, message);
export const conflict = (code: ErrorCode, message: string) => new AppError(409, code, message);

export type { ErrorBody };
