import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { StockmeshError } from '../../domain/index.ts';

/** How a command gets a new password. */
export interface PasswordSource {
  readonly passwordStdin?: boolean | undefined;
  readonly generatePassword?: boolean | undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function ask(question: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, done) => done() });
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * The new password: from standard input (`--password-stdin`), generated (`--generate-password`,
 * answered with `generated: true` so the caller prints it once), or asked twice on a terminal.
 */
export async function readNewPassword(o: PasswordSource): Promise<{ password: string; generated: boolean }> {
  if (o.passwordStdin && o.generatePassword) throw new StockmeshError('INVALID_ARGUMENT', 'choose one of --password-stdin and --generate-password');
  if (o.passwordStdin) return { password: await readStdin(), generated: false };
  if (o.generatePassword) return { password: randomBytes(15).toString('base64url'), generated: true };
  if (!process.stdin.isTTY) throw new StockmeshError('INVALID_ARGUMENT', 'no password: pass --password-stdin (and pipe it in) or --generate-password, or run in a terminal to be asked');
  const first = await ask('New password: ');
  const second = await ask('Again: ');
  if (first !== second) throw new StockmeshError('INVALID_ARGUMENT', 'the two passwords differ: nothing was changed');
  return { password: first, generated: false };
}
