import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { AppError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import type { Metrics } from '../../common/metrics.js';
import { CONFIG, DATABASE, LOGGER, METRICS } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { adminRepository as repo } from './admin.repository.js';
import { RateLimits } from '../limits/rate-limits.service.js';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from './password.js';

export const SESSION_COOKIE = 'checkstand_admin';
const DEV_ADMIN_EMAIL = 'admin@checkstand.local';

export interface AdminPrincipal {
  userId: string;
  email: string;
  tokenHash: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Admin accounts and their server-side sessions. */
@Injectable()
export class AdminAuth implements OnApplicationBootstrap {
  /** Verified against when the email is unknown, so both cases take the same time. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly limits: RateLimits,
  ) {}

  private get idleSeconds(): number {
    return this.config.adminSession.idleHours * 3600;
  }

  private get maxSeconds(): number {
    return this.config.adminSession.maxHours * 3600;
  }

  /** Makes sure someone can log in: the configured account, or in development a generated one. */
  async onApplicationBootstrap(): Promise<void> {
    const db = this.database.db;
    const { email, password } = this.config.admin;
    if (email && password) {
      const existing = await repo.findUserByEmail(db, email);
      if (!existing) {
        if (
          await repo.insertUser(db, { id: newId('adm'), email, passwordHash: await hashPassword(password) })
        ) {
          this.logger.info({ email }, 'admin account created from ADMIN_EMAIL/ADMIN_PASSWORD');
        }
      } else if (!(await verifyPassword(password, existing.passwordHash))) {
        await repo.setPassword(db, existing.id, await hashPassword(password));
        this.logger.info({ email }, 'admin password updated from ADMIN_PASSWORD');
      }
      return;
    }
    if ((await repo.countUsers(db)) > 0) return;
    if (this.config.nodeEnv === 'production') {
      this.logger.warn('no admin account: create one with `npm run admin:create -- --email you@example.com`');
      return;
    }
    if (this.config.nodeEnv === 'test') return;
    const generated = generatePassword();
    const created = await repo.insertUser(db, {
      id: newId('adm'),
      email: DEV_ADMIN_EMAIL,
      passwordHash: await hashPassword(generated),
    });
    if (!created) return; // another instance starting at the same moment made (and printed) it
    // Development only, printed once (the next start finds the account): not a log line, a note to the developer.
    process.stdout.write(
      `\n  Admin panel: log in at ${this.config.publicOrigin}/admin as ${DEV_ADMIN_EMAIL} with password ${generated}\n` +
        '  (shown once; set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run admin:create`, to choose your own)\n\n',
    );
  }

  /** Checks the credentials; returns a new session token (for the cookie) and who logged in. */
  async login(email: string, password: string, client: string): Promise<{ token: string; email: string }> {
    await this.limits.beforeLogin(email, client);
    const user = await repo.findUserByEmail(this.database.db, email);
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !ok) {
      await this.limits.loginFailed(email);
      this.metrics.loginFailures.inc();
      this.logger.warn({ client }, 'admin login failed');
      throw new AppError(401, 'invalid_credentials', 'The email or password is incorrect.');
    }
    await this.limits.loginSucceeded(email, client);
    if (needsRehash(user.passwordHash)) {
      await repo.rehashPassword(this.database.db, user.id, await hashPassword(password));
      this.logger.info({ userId: user.id }, 'admin password hash upgraded to the current scrypt parameters');
    }
    const token = randomBytes(32).toString('base64url');
    await repo.insertSession(this.database.db, {
      tokenHash: hashToken(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + Math.min(this.idleSeconds, this.maxSeconds) * 1000),
    });
    await repo.touchLogin(this.database.db, user.id);
    await repo.deleteExpiredSessions(this.database.db);
    this.logger.info({ userId: user.id }, 'admin logged in');
    return { token, email: user.email };
  }

  /** The admin behind a session token, extending the idle expiry; null when unknown or expired. */
  async authenticate(token: string | undefined): Promise<AdminPrincipal | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = hashToken(token);
    const session = await repo.findLiveSession(this.database.db, tokenHash);
    if (!session) return null;
    // Sliding expiry, written at most once a minute per session.
    if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
      await repo.extendSession(this.database.db, tokenHash, this.idleSeconds, this.maxSeconds);
    }
    return { userId: session.userId, email: session.email, tokenHash };
  }

  async logout(principal: AdminPrincipal): Promise<void> {
    await repo.deleteSession(this.database.db, principal.tokenHash);
  }

  /** `npm run admin:create`: creates the account, or sets a new password for an existing one. */
  static async createOrReset(
    database: Database,
    email: string,
    password: string,
  ): Promise<'created' | 'updated'> {
    const existing = await repo.findUserByEmail(database.db, email);
    const passwordHash = await hashPassword(password);
    if (existing) {
      await repo.setPassword(database.db, existing.id, passwordHash);
      return 'updated';
    }
    if (await repo.insertUser(database.db, { id: newId('adm'), email, passwordHash })) return 'created';
    return AdminAuth.createOrReset(database, email, password); // created meanwhile: set its password
  }
}
