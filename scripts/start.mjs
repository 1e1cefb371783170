// `npm start`: builds what is stale, then runs the store on the embedded database (PGlite in
// ./.data) and prints its URL. The server's JSON log lines pass through unchanged.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT, buildIfNeeded } from './build-if-needed.mjs';

buildIfNeeded();

const server = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'server/dist/main.js')], {
  cwd: ROOT,
  env: process.env,
  stdio: ['ignore', 'pipe', 'inherit'],
});

readline.createInterface({ input: server.stdout }).on('line', (line) => {
  process.stdout.write(`${line}\n`);
  if (line.includes('Checkstand is listening')) {
    try {
      const { port } = JSON.parse(line);
      process.stdout.write(`\n  Checkstand is running at http://localhost:${port}\n\n`);
    } catch {
      // not a JSON line: nothing to announce
    }
  }
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    server.kill('SIGTERM');
  });
}
server.on('exit', (code, signal) => {
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
