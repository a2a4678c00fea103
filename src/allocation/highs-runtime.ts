import * as highsModule from 'highs';
import type { Highs } from 'highs';

type Loader = () => Promise<Highs>;

// The package ships an ES module build (default export: the loader) with CommonJS-style typings;
// accept either shape so the types and the runtime agree.
const mod = highsModule as unknown as { default: Loader | { default: Loader } };
const load: Loader = typeof mod.default === 'function' ? mod.default : mod.default.default;

let runtime: Promise<Highs> | undefined;

/** The HiGHS WebAssembly runtime, loaded once per process on first use. */
export function highsRuntime(): Promise<Highs> {
  if (!runtime) runtime = load();
  return runtime;
}

/**
 * Runs `fn` (a synchronous HiGHS call) so that timers the WebAssembly runtime arms meanwhile do not
 * keep the process alive: HiGHS arms an interval timer for its time limit and leaves it pending after
 * it returns, which would hold a finished `stockmesh allocate` until the limit expired.
 */
export function withUnrefTimers<T>(fn: () => T): T {
  const original = globalThis.setTimeout;
  const unref = ((...args: Parameters<typeof setTimeout>) => {
    const t = original(...args);
    t.unref();
    return t;
  }) as typeof setTimeout;
  globalThis.setTimeout = unref;
  try {
    return fn();
  } finally {
    globalThis.setTimeout = original;
  }
}
