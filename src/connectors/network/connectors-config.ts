import type { z } from 'zod';
import type { connectorsFileSchema, ediX12Schema, epcisSchema, fileDropSchema, restPullSchema, webhookSchema } from './connectors-schema.ts';

/** A connectors file as written (JSON) or built in code, before validation. */
export type ConnectorsFile = z.input<typeof connectorsFileSchema>;

export type RestPullSourceConfig = z.output<typeof restPullSchema>;
export type FileDropSourceConfig = z.output<typeof fileDropSchema>;
export type EdiX12SourceConfig = z.output<typeof ediX12Schema>;
/** A webhook source with its secrets read (`env:NAME` resolved). */
export type WebhookSourceConfig = Omit<z.output<typeof webhookSchema>, 'secret'> & { readonly secret: readonly string[] };
/** An EPCIS source with its tokens read (`env:NAME` resolved). */
export type EpcisSourceConfig = Omit<z.output<typeof epcisSchema>, 'token'> & { readonly token: readonly string[] };

/** One source's configuration, validated, secrets resolved and folders made absolute. */
export type SourceConfig = RestPullSourceConfig | WebhookSourceConfig | FileDropSourceConfig | EdiX12SourceConfig | EpcisSourceConfig;

/** The validated connectors configuration `startConnectors` runs. */
export interface ConnectorsConfig {
  /** Where it came from (a file path, `demo`, `test`…), for messages. */
  readonly origin: string;
  readonly webhook: { readonly toleranceSec?: number | undefined };
  readonly sources: readonly SourceConfig[];
}

/** No connectors: the hub still serves, and ingests through the CLI. */
export const NO_CONNECTORS: ConnectorsConfig = { origin: '(none)', webhook: {}, sources: [] };

/**
 * Several configurations as one (the demo's and the operator's file): sources side by side, the
 * first webhook tolerance given. A source configured in two of them is an error, not an override.
 */
export function combineConnectors(...configs: readonly ConnectorsConfig[]): ConnectorsConfig {
  const seen = new Map<string, string>();
  for (const c of configs) {
    for (const s of c.sources) {
      const first = seen.get(s.source);
      if (first !== undefined) throw new Error(`source ${s.source} is configured both in ${first} and in ${c.origin}`);
      seen.set(s.source, c.origin);
    }
  }
  return {
    origin: configs.map((c) => c.origin).join(' + ') || NO_CONNECTORS.origin,
    webhook: configs.find((c) => c.webhook.toleranceSec !== undefined)?.webhook ?? {},
    sources: configs.flatMap((c) => c.sources),
  };
}
