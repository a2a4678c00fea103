import { nanos } from '@nats-io/transport-node';
import { type JetStreamManager, JetStreamApiCodes, JetStreamApiError, StorageType } from '@nats-io/jetstream';

export interface StreamSpec {
  readonly name: string;
  /** Subjects are `<prefix>.>`. */
  readonly subjectPrefix: string;
  /** How long JetStream remembers message ids to drop re-publishes (ms). */
  readonly duplicateWindowMs: number;
  /** How long the stream keeps a message (ms). */
  readonly maxAgeMs: number;
}

/**
 * Creates the stream if it does not exist (file storage, limits retention). An existing stream is
 * left as it is, except that a missing subject is added: creating is idempotent across processes
 * and restarts, and an operator's changes to limits are not undone by a hub start.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const subject = `${spec.subjectPrefix}.>`;
  try {
    const info = await jsm.streams.info(spec.name);
    const subjects = info.config.subjects ?? [];
    if (!subjects.includes(subject)) await jsm.streams.update(spec.name, { ...info.config, subjects: [...subjects, subject] });
    return;
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
  }
  try {
    await jsm.streams.add({
      name: spec.name,
      subjects: [subject],
      storage: StorageType.File,
      duplicate_window: nanos(spec.duplicateWindowMs),
      max_age: nanos(spec.maxAgeMs),
    });
  } catch (err) {
    // Another process created it between our look and our add: fine when it is there now.
    await jsm.streams.info(spec.name).catch(() => {
      throw err;
    });
  }
}
