export type { Connector, ConnectorState, Decoded, Dialect, FulfilmentRequest, InboundSink, SnapshotDoc } from './connector.ts';
