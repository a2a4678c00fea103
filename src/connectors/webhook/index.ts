export { webhookRoutes, type WebhookRoutesOptions, type WebhookSecrets } from './webhook-routes.ts';
export { WebhookConnector } from './webhook-connector.ts';
export { decodeDelivery, decodeEvent, type DecodedDelivery, type RefusedEvent, type WebhookDecodeContext } from './decode-webhook.ts';
export {
  signWebhook,
  verifyWebhook,
  type Verdict,
  type VerifyInput,
  DEFAULT_TOLERANCE_SEC,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './webhook-signature.ts';
export { EVENT_TYPES } from './webhook-payload.ts';
