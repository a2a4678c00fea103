import { StockmeshError } from '../domain/index.ts';
import type { BusMessage } from './bus.ts';

/** Refuses a batch with a message without an id (ids are what makes redelivery harmless). */
export function checkMessages(messages: readonly BusMessage[]): void {
  for (const [i, m] of messages.entries()) {
    if (typeof m.id !== 'string' || m.id === '') throw new StockmeshError('INVALID_ARGUMENT', `bus message ${i} has no id`);
    if (typeof m.key !== 'string') throw new StockmeshError('INVALID_ARGUMENT', `bus message ${m.id} has no key`);
    if (typeof m.payload !== 'string') throw new StockmeshError('INVALID_ARGUMENT', `bus message ${m.id} has no text payload`);
  }
}
