// `npm start`: builds what is stale, then runs the store on the embedded database (PGlite in
// ./.data). Without STRIPE_SECRET_KEY it also runs the Stripe emulator, so the whole checkout works
// offline. `npm run start:server` (`--server-only`) runs just the server, configured from the environment.
// `npm start -- --stripe-listen`: the official `stripe listen --forward-to` delivers the emulator's events to the
// store instead of the emulator itself (the loop developers run against Stripe).
import path from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { ROOT, launch } from './launch.mjs';

buildIfNeeded();

const serverOnly = process.argv.includes('--server-only');
const stripeListen = process.argv.includes('--stripe-listen');
const { server, emulator, mail, port, stop } = await launch({
  withEmulator: !serverOnly,
  stripeListen,
  mailDirectory: path.join(ROOT, '.data/maildev'),
  emulatorState: path.join(ROOT, '.data/stripe-emulator.json'),
  onServerLine(line) {
    if (!line.includes('Checkstand is listening')) return;
    const lines = [`\n  Checkstand is running at http://localhost:${port}`];
    if (emulator) {
      lines.push(
        `  Payments go through the local Stripe emulator at ${emulator.url}`,
        '  (test card 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined; 4000 0025 0000 3155 asks for 3-D Secure)',
        `  Its dashboard (sessions, events, every webhook delivery, the test clock) is at ${emulator.url}/`,
      );
      if (emulator.listen)
        lines.push('  Its events reach the store through `stripe listen` (the official Stripe CLI)');
    }
    if (mail) {
      lines.push(
        `  E-mails the shop sends land in the local inbox at ${mail.url.replace('127.0.0.1', 'localhost')}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  },
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stop().then(() => process.exit(0));
  });
}
server.on('exit', (code) => {
  if (stopping) return;
  void stop().then(() => process.exit(code ?? 1));
});
