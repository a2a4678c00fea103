/** Everything configurable, read once from the environment at the edge (CLI / server start). */
export interface HubConfig {
  /** Data folder of the embedded store. */
  readonly dataDir: string;
  /** PostgreSQL URL; absent = embedded SQLite. */
  readonly databaseUrl: string | undefined;
  /** NATS URL; absent = in-process bus. */
  readonly natsUrl: string | undefined;
  readonly host: string;
  readonly port: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const port = Number(env.STOCKMESH_PORT ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`STOCKMESH_PORT must be a port number, got "${env.STOCKMESH_PORT ?? env.PORT}"`);
  }
  return {
    dataDir: env.STOCKMESH_DATA || 'data',
    databaseUrl: env.DATABASE_URL || undefined,
    natsUrl: env.NATS_URL || undefined,
    host: env.STOCKMESH_HOST || '127.0.0.1',
    port,
  };
}
