// `npm run admin:create -- --email you@example.com`: creates an admin account (or sets a new password
// for an existing one) in the configured database, asking for the password on the terminal.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfigFromEnvironment } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { AdminAuth } from '../modules/admin/admin-auth.service.js';
import { passwordWeakness } from '../common/password-policy.js';

async function ask(rl: readline.Interface, question: string, hidden: boolean): Promise<string> {
  const output = process.stdout;
  if (!hidden) return new Promise((resolve) => rl.question(question, resolve));
  output.write(question);
  // Mute the echo of what is typed; the prompt itself was written above.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = write;
  output.write('\n');
  return answer;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' } } });
  const email = z.email().safeParse(values.email?.trim());
  if (!email.success) {
    process.stderr.write('Usage: npm run admin:create -- --email you@example.com\n');
    return 2;
  }
  const config = loadConfigFromEnvironment();
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  });
  // When the password is piped in (scripts), lines are read as they come.
  const lines = process.stdin.isTTY ? null : rl[Symbol.asyncIterator]();
  const next = async (question: string) => {
    if (!lines) return ask(rl, question, true);
    const line = await lines.next();
    return line.done ? '' : String(line.value);
  };
  try {
    const password = await next('Password: ');
    const weakness = passwordWeakness(password, email.data);
    if (weakness) {
      process.stderr.write(`The password ${weakness}.\n`);
      return 1;
    }
    if ((await next('Repeat password: ')) !== password) {
      process.stderr.write('The passwords differ.\n');
      return 1;
    }
    const database = await openDatabase(config.database);
    try {
      await migrate(database.db);
      const result = await AdminAuth.createOrReset(database, email.data, password);
      process.stdout.write(`Admin ${email.data} ${result}.\n`);
      return 0;
    } finally {
      await database.close();
    }
  } finally {
    rl.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
