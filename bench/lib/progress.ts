/**
 * A one-line progress display on stderr when it is a terminal (nothing otherwise, so logs stay clean),
 * plus plain log lines that always go to stderr (stdout is kept for the summary).
 */
const tty = process.stderr.isTTY === true;
let last = 0;
let shown = false;

export function progress(label: string, done: number, total: number): void {
  if (!tty) return;
  const now = Date.now();
  if (done < total && now - last < 100) return;
  last = now;
  const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
  process.stderr.write(`\r\x1b[2K${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${pct}%)`);
  shown = true;
}

export function clearProgress(): void {
  if (tty && shown) process.stderr.write('\r\x1b[2K');
  shown = false;
}

export function log(msg: string): void {
  clearProgress();
  process.stderr.write(`${msg}\n`);
}
