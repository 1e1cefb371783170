// `npm run dev`: the API from source with reload on change (port 3000, embedded database in ./.data)
// and Vite's dev server for the storefront on http://localhost:5173, proxying /api to the API.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children = [
  spawn('npm', ['run', 'dev', '-w', '@checkstand/server'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: process.env.DATA_DIR ?? path.join(root, '.data/pglite') },
    stdio: 'inherit',
  }),
  spawn('npm', ['run', 'dev', '-w', '@checkstand/front'], { cwd: root, env: process.env, stdio: 'inherit' }),
];

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
