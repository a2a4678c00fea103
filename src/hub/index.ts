export { configFromEnv, type HubConfig } from './config.ts';
export { openHub, type Hub } from './open-hub.ts';
