// Builds the store when a build is missing or older than its sources, so `npm start` works right
// after `git clone && npm ci` and stays fast on later starts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each build output and the sources it is made from. */
const TARGETS = [
  {
    workspace: '@checkstand/server',
    output: 'server/dist/main.js',
    sources: ['server/src', 'server/tsconfig.json', 'server/tsconfig.build.json', 'server/package.json'],
  },
  {
    workspace: '@checkstand/front',
    output: 'front/dist/index.html',
    sources: ['front/src', 'front/public', 'front/index.html', 'front/vite.config.ts', 'front/package.json'],
  },
  {
    workspace: '@checkstand/stripe-emulator',
    output: 'stripe-emulator/dist/cli.js',
    sources: ['stripe-emulator/src', 'stripe-emulator/tsconfig.build.json', 'stripe-emulator/package.json'],
  },
];

function newestMtime(entry) {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(full)) {
    if (child.endsWith('.test.ts') || child.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function staleTargets() {
  return TARGETS.filter((target) => {
    // A package not in this checkout (yet) has nothing to build.
    if (!fs.existsSync(path.join(ROOT, target.output.split('/')[0], 'package.json'))) return false;
    const output = path.join(ROOT, target.output);
    if (!fs.existsSync(output)) return true;
    const built = fs.statSync(output).mtimeMs;
    return target.sources.some((source) => newestMtime(source) > built);
  });
}

export function buildIfNeeded() {
  const stale = staleTargets();
  if (stale.length === 0) return;
  console.log(`Building ${stale.map((t) => t.workspace).join(', ')}…`);
  for (const target of stale) {
    const result = spawnSync('npm', ['run', 'build', '-w', target.workspace], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      console.error(`Build of ${target.workspace} failed.`);
      process.exit(result.status ?? 1);
    }
    // Touch the output so an up-to-date build is recognised even when the tool kept old files.
    const output = path.join(ROOT, target.output);
    if (fs.existsSync(output)) fs.utimesSync(output, new Date(), new Date());
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfNeeded();
