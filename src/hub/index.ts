export { configFromEnv, type HubConfig } from './config.ts';
export { openHub, type Hub, type OpenHubOptions } from './open-hub.ts';
