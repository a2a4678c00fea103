export { busSink, SNAPSHOT_ID_PREFIX } from './bus-sink.ts';
export { startLedgerConsumer, type LedgerConsumerDeps } from './ledger-consumer.ts';
