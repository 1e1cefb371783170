// `npm run dev`: the API from source, restarted on change, on PORT (default 3000); Vite's dev server for
// the storefront on VITE_PORT (default 5173), proxying /api to that PORT. The browser opens Vite's URL:
// PUBLIC_ORIGIN defaults to it, so Stripe's success/cancel redirects come back to the live storefront.
// Like `npm start`, it keeps its data in ./.data and, without STRIPE_SECRET_KEY, runs the Stripe emulator
// (through launch.mjs, as `npm start` does).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { staleTargets } from './build-if-needed.mjs';
import { ROOT, launch } from './launch.mjs';

function portFrom(name, fallback) {
  const text = process.env[name]?.trim() || String(fallback);
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`npm run dev: ${name} must be a TCP port (1-65535), got "${text}"`);
    process.exit(1);
  }
  return port;
}

const apiPort = portFrom('PORT', 3000);
const vitePort = portFrom('VITE_PORT', 5173);
if (apiPort === vitePort) {
  console.error(`npm run dev: PORT and VITE_PORT must differ (both are ${apiPort})`);
  process.exit(1);
}
const storefront = `http://localhost:${vitePort}`;

// The emulator runs from its build: make it when it is missing or older than its sources.
if (!process.env.STRIPE_SECRET_KEY) {
  for (const target of staleTargets().filter((t) => t.workspace === '@checkstand/stripe-emulator')) {
    console.log(`Building ${target.workspace}…`);
    const result = spawnSync('npm', ['run', 'build', '-w', target.workspace], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

// Its own process group, so that stopping it stops what npm starts under it (Vite, esbuild). Its stdin is
// not the terminal: a background process group reading it would be stopped (and Ctrl-C reaches us anyway).
const vite = spawn('npm', ['run', 'dev', '-w', '@checkstand/front'], {
  cwd: ROOT,
  env: { ...process.env, VITE_PORT: String(vitePort), CHECKSTAND_API_PORT: String(apiPort) },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});

let launched = null;
let stopping = false;
const finish = (code) => {
  if (stopping) return;
  stopping = true;
  if (vite.exitCode === null && vite.signalCode === null) {
    try {
      process.kill(-vite.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  void (launched?.stop() ?? Promise.resolve()).then(() => process.exit(code));
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(0));
vite.on('exit', (code) => finish(code ?? 1));

let bannerShown = false;
try {
  launched = await launch({
    env: {
      PORT: String(apiPort),
      PUBLIC_ORIGIN: process.env.PUBLIC_ORIGIN || storefront,
      // The server runs from server/: its data stays in the repository's ./.data, shared with `npm start`.
      DATA_DIR: process.env.DATA_DIR ?? path.join(ROOT, '.data/pglite'),
    },
    emulatorState: path.join(ROOT, '.data/stripe-emulator.json'),
    mailDirectory: path.join(ROOT, '.data/maildev'),
    // What the server workspace's `dev` script runs, run by node itself so that stopping it stops the server.
    serverArgs: [
      '--watch',
      '--enable-source-maps',
      '--import',
      '@swc-node/register/esm-register',
      'src/main.ts',
    ],
    serverCwd: path.join(ROOT, 'server'),
    onServerLine(line) {
      if (bannerShown || !line.includes('Checkstand is listening')) return;
      bannerShown = true;
      const lines = [
        `\n  Open the storefront at ${storefront}/ (admin: ${storefront}/admin); it reloads as you edit front/.`,
        `  The API runs from source on http://localhost:${apiPort} (restarts as you edit server/), proxied under /api.`,
      ];
      // `launched` is set by then: launch() resolves before the server can write a line.
      const emulator = launched?.emulator;
      if (emulator) {
        lines.push(
          `  Payments go through the local Stripe emulator at ${emulator.url}`,
          '  (test card 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined)',
        );
      }
      const mail = launched?.mail;
      if (mail)
        lines.push(
          `  E-mails the shop sends land in the local inbox at ${mail.url.replace('127.0.0.1', 'localhost')}`,
        );
      process.stdout.write(`${lines.join('\n')}\n\n`);
    },
  });
} catch (error) {
  console.error(`npm run dev: ${error instanceof Error ? error.message : String(error)}`);
  finish(1);
}
launched?.server.on('exit', (code) => finish(code ?? 1));
