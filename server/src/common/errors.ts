/**
 * Expected failures carry a stable machine code and a human message; the exception filter turns
 * them into `{ error: { code, message } }` with their HTTP status (STYLE §6).
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
