export type { Bus, BusMessage, Delivered, BatchHandler, ConsumeOptions, Subscription } from './bus.ts';
export { openBus, type BusConfig } from './open-bus.ts';
export { EmbeddedBus, type EmbeddedBusOptions } from './embedded-bus.ts';
export { NatsBus, type NatsBusOptions } from './nats-bus.ts';
export { subjectMatches } from './subject.ts';
export { inventorySubject, inventoryKey } from './inventory-subject.ts';
export { inventoryMessage } from './inventory-message.ts';
