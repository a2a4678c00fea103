import { type ConnectorStateStore, PushedConnector } from '../runtime/index.ts';

/** A SaaS WMS pushing signed webhooks: its health, updated by `webhookRoutes`. */
export class WebhookConnector extends PushedConnector {
  constructor(source: string, opts: { now: () => Date; states?: ConnectorStateStore | undefined }) {
    super(source, 'webhook', opts);
  }
}
