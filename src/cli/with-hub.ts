import { configFromEnv, type Hub, openHub } from '../hub/index.ts';

/** Opens the hub configured by the environment for one command and always closes it. */
export async function withHub<T>(fn: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await openHub(configFromEnv());
  try {
    return await fn(hub);
  } finally {
    await hub.close();
  }
}
