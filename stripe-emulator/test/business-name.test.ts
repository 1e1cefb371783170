import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { sdkFor, sessionParams } from './support/harness.js';
import { startCli } from './support/cli-process.js';

/** The business the hosted page names: `--business-name` / `businessName`, else the store's host. */
describe('business name', () => {
  it('without the setting, the page names the host of cancel_url', async () => {
    const emulator = await startEmulator({ logger: () => undefined });
    try {
      const session = await sdkFor(emulator).checkout.sessions.create(sessionParams());
      const html = await (await fetch(session.url ?? '')).text();
      expect(html).toContain('Back to 127.0.0.1:9');
    } finally {
      await emulator.close();
    }
  });

  it('refuses a name longer than 100 characters', async () => {
    await expect(startEmulator({ businessName: 'x'.repeat(101) })).rejects.toThrow(/businessName/);
  });

  it('--business-name names the business on the page and on its expired page', async () => {
    const {
      child,
      exited,
      stripe,
      base: url,
    } = await startCli(['--port', '0', '--business-name', 'Checkstand & Co']);
    try {
      const session = await stripe.checkout.sessions.create(sessionParams());
      const html = await (await fetch(session.url ?? '')).text();
      expect(html).toContain('<span>Back to Checkstand &amp; Co</span>');
      expect(html).toContain('<span class="pay-label">Pay Checkstand &amp; Co</span>');
      expect(html).not.toContain('127.0.0.1:9<');
      await stripe.checkout.sessions.expire(session.id);
      const expired = await (await fetch(session.url ?? `${url.origin}/c/pay/${session.id}`)).text();
      expect(expired).toContain('Return to Checkstand &amp; Co');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
