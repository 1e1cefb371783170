import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../../common/errors.js';
import { type AdminPrincipal, AdminAuth, SESSION_COOKIE } from './admin-auth.service.js';

const ADMIN = Symbol('admin');
type AdminRequest = Request & { [ADMIN]?: AdminPrincipal };

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function principalOf(req: Request): AdminPrincipal {
  const principal = (req as AdminRequest)[ADMIN];
  if (!principal) throw new AppError(401, 'unauthorized', 'Log in to the admin panel first.');
  return principal;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every /api/admin route but login: a live session cookie (401 otherwise), and for mutations a JSON
 * content type, which a cross-site form cannot send (CSRF), on top of the SameSite=Strict cookie.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(private readonly auth: AdminAuth) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const principal = await this.auth.authenticate(cookieValue(req, SESSION_COOKIE));
    if (!principal) throw new AppError(401, 'unauthorized', 'Log in to the admin panel first.');
    if (MUTATING.has(req.method) && !req.is('application/json')) {
      throw new AppError(415, 'json_required', 'Admin changes must be sent as application/json.');
    }
    req[ADMIN] = principal;
    return true;
  }
}
