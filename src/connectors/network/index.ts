export type {
  ConnectorsConfig,
  ConnectorsFile,
  EdiX12SourceConfig,
  EpcisSourceConfig,
  FileDropSourceConfig,
  RestPullSourceConfig,
  SourceConfig,
  WebhookSourceConfig,
} from './connectors-config.ts';
export { combineConnectors, NO_CONNECTORS } from './connectors-config.ts';
export { connectorsFromEnv, loadConnectorsConfig, parseConnectorsConfig, type ParseContext } from './parse-connectors-config.ts';
export { ENV_PREFIX, resolveSecret } from './secret-ref.ts';
export { startConnectors, type ConnectorDeps, type RunningConnectors } from './start-connectors.ts';
export type { RunningConnector } from './build-connector.ts';
export { listConnectorStatus, type ConnectorStatus, type StatusInput } from './connector-status.ts';
export type { ConnectorHealth } from '../runtime/index.ts';
