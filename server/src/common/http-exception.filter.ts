import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, type ErrorBody } from './errors.js';

interface Mapped {
  status: number;
  body: ErrorBody;
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
};

/** Errors raised by Express's body parsers (they carry `type` and `status`). */
interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

const BODY_PARSER_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.too.large': { code: 'payload_too_large', message: 'The request body is too large.' },
  'entity.parse.failed': { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': {
    code: 'unsupported_media_type',
    message: 'The request body has an unsupported content encoding.',
  },
  'charset.unsupported': {
    code: 'unsupported_media_type',
    message: 'The request body has an unsupported charset.',
  },
  'request.aborted': { code: 'request_aborted', message: 'The request was aborted.' },
  'request.size.invalid': {
    code: 'bad_request',
    message: 'The request body length does not match its header.',
  },
  'entity.verify.failed': { code: 'bad_request', message: 'The request body was rejected.' },
  'stream.encoding.set': { code: 'bad_request', message: 'The request body could not be read.' },
};

const STATUS_MESSAGES: Record<number, string> = {
  400: 'The request is malformed.',
  401: 'Authentication is required.',
  403: 'This is not allowed.',
  405: 'This method is not allowed here.',
  406: 'No acceptable representation.',
  408: 'The request took too long.',
  409: 'The request conflicts with the current state.',
  413: 'The request body is too large.',
  415: 'The request body has an unsupported media type.',
  422: 'The request cannot be processed.',
  429: 'Too many requests. Please slow down.',
};

export function mapError(error: unknown, req: Pick<Request, 'method' | 'path'>): Mapped {
  // Nest wraps Express's body-parser errors in an HttpException; the original says what went wrong.
  if (error instanceof HttpException && isBodyParserError(error.cause)) return mapError(error.cause, req);
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details) body.error.details = error.details;
    return { status: error.status, body };
  }
  if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
    const known = BODY_PARSER_ERRORS[error.type] ?? {
      code: STATUS_CODES[error.status] ?? 'bad_request',
      message: 'The request body could not be read.',
    };
    return { status: error.status, body: { error: known } };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    // Framework exceptions (unknown route, malformed URL…): our own wording, never their internals.
    const status = error.getStatus();
    const message =
      status === 404
        ? `No route for ${req.method} ${req.path}.`
        : (STATUS_MESSAGES[status] ?? 'Bad request.');
    return { status, body: { error: { code: STATUS_CODES[status] ?? 'bad_request', message } } };
  }
  return {
    status: 500,
    body: {
      error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
    },
  };
}

/**
 * The one place errors become HTTP responses. Known errors keep their code and message; anything
 * else is a 500 with a generic message, logged in full here and never shown to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const mapped = mapError(error, req);
    if (mapped.status >= 500) {
      this.logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    }
    if (res.headersSent) {
      // A reply already under way (a CSV export): cut it, so the client sees a failed download, never a short one.
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    const wait = mapped.body.error.details?.retryAfterSeconds;
    if (mapped.status === 429) {
      res.setHeader('Retry-After', String(typeof wait === 'number' ? wait : 60));
    }
    res.status(mapped.status).json(mapped.body);
  }
}
