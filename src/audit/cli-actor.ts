import { userInfo } from 'node:os';

/** The audit trail's name for a person at the command line: `cli:<os user>`. */
export function cliActor(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `cli:${name || 'unknown'}`;
}
