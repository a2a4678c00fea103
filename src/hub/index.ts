export { configFromEnv, type HubConfig } from './config.ts';
export { openHub, type Hub, type OpenHubOptions } from './open-hub.ts';
export { startInbound, type AppliedListener, type Inbound, type InboundOptions } from './start-inbound.ts';
