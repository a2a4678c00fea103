/** How many failed logins are tolerated, and over how long. */
export interface LoginLimits {
  /** Failures per IP address and user name within the window (default 5). */
  readonly perUser: number;
  /** Failures per IP address, whatever the user name, within the window (default 30). */
  readonly perIp: number;
  /** The window, in milliseconds (default 60 000). */
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 5, perIp: 30, windowMs: 60_000 };

/**
 * Counts failed logins per IP × user name and per IP in a sliding window, in memory. Pure apart
 * from the clock it is given. A successful login clears the IP × user name count (not the IP's).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly limits: LoginLimits;
  private readonly now: () => number;

  constructor(limits: Partial<LoginLimits> = {}, now: () => number = Date.now) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
    this.now = now;
  }

  /** Milliseconds until `ip` may try `username` again; 0 when it may try now. */
  retryAfterMs(ip: string, username: string): number {
    const t = this.now();
    const wait = (key: string, max: number): number => {
      const times = this.recent(key, t);
      return times.length >= max ? (times[times.length - max] as number) + this.limits.windowMs - t : 0;
    };
    return Math.max(wait(userKey(ip, username), this.limits.perUser), wait(ipKey(ip), this.limits.perIp));
  }

  /** Records a failed login. */
  fail(ip: string, username: string): void {
    const t = this.now();
    for (const key of [userKey(ip, username), ipKey(ip)]) this.failures.set(key, [...this.recent(key, t), t]);
    if (this.failures.size > 10_000) this.prune(t);
  }

  /** Records a successful login: the failures of this IP × user name are forgotten. */
  succeed(ip: string, username: string): void {
    this.failures.delete(userKey(ip, username));
  }

  private recent(key: string, t: number): number[] {
    return (this.failures.get(key) ?? []).filter((x) => x > t - this.limits.windowMs);
  }

  private prune(t: number): void {
    for (const [key] of this.failures) if (this.recent(key, t).length === 0) this.failures.delete(key);
  }
}

const userKey = (ip: string, username: string): string => `u\0${ip}\0${username.toLowerCase()}`;
const ipKey = (ip: string): string => `i\0${ip}`;
