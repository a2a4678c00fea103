/** Connector bookkeeping (migration 0003-connectors, src/connectors): part of `Database` (../schema.ts). */
export interface ConnectorsDatabase {
  connector_cursors: ConnectorCursorTable;
  connector_rejections: ConnectorRejectionTable;
  connector_states: ConnectorStateTable;
}

export interface ConnectorCursorTable {
  source: string;
  /** One source may have several streams (movements, stock); most have one. */
  stream: string;
  /** Opaque position in the source's stream; null = from the beginning. */
  cursor: string | null;
  /** Highest source sequence delivered to the sink so far. */
  max_seq: number | null;
  /** 1 when a sequence jump was seen and a snapshot resync is owed. */
  resync_wanted: number;
  updated_at: string;
}

export interface ConnectorRejectionTable {
  id: string;
  source: string;
  dialect: string;
  code: string;
  /** Short machine tag, e.g. `signature_mismatch`, `timestamp_outside_tolerance`, `malformed_item`. */
  reason: string;
  message: string;
  location: string | null;
  payload: string | null;
  remote: string | null;
  received_at: string;
}

export interface ConnectorStateTable {
  source: string;
  dialect: string;
  state: string;
  cursor: string | null;
  last_message_at: string | null;
  last_occurred_at: string | null;
  lag_ms: number | null;
  messages: number;
  errors: number;
  last_error: string | null;
  updated_at: string;
}
