/** How CLI commands talk to a person: plain lines on stdout, problems on stderr, progress on a TTY. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** Shows `done/total` progress on a terminal (overwritten in place); silent when not a TTY. */
  progress(label: string, done: number, total?: number): void;
  /** Ends a progress line. */
  progressDone(): void;
}

export function consoleOutput(): Output {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let shown = false;
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    progress(label, done, total) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      shown = true;
      const pct = total ? ` ${Math.floor((done / total) * 100)}%` : '';
      const bar = total ? ' [' + '#'.repeat(Math.floor((done / total) * 30)).padEnd(30, '.') + ']' : '';
      process.stderr.write(`\r${label}${bar} ${done.toLocaleString('en')}${total ? '/' + total.toLocaleString('en') : ''}${pct}  `);
    },
    progressDone() {
      if (tty && shown) process.stderr.write('\n');
      shown = false;
    },
  };
}
