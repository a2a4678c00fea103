/**
 * The one catalogue of stable error codes. Every code is documented in docs/errors.md;
 * test/errors-catalogue.unit.test.ts keeps the two in step.
 */
export const ERROR_CODES = {
  // input shape
  MALFORMED_EVENT: 'An inbound event does not match the documented event format.',
  MALFORMED_RECORD: 'A master data record does not match its schema.',
  MALFORMED_SNAPSHOT: 'A snapshot document does not match the documented snapshot format.',
  UNREADABLE_FILE: 'A file could not be read or parsed (syntax, encoding or unknown extension).',
  // master data lookups
  UNKNOWN_SOURCE: 'The source system is not known to master data.',
  SOURCE_NOT_ALLOWED: 'The source system may not report for this warehouse.',
  UNKNOWN_WAREHOUSE: 'The warehouse is not in master data.',
  UNKNOWN_SKU: 'The SKU code is neither an alias of the source system nor a canonical SKU id.',
  UNKNOWN_UNIT: 'The unit has no conversion for this SKU.',
  UNKNOWN_STATUS: 'The status has no mapping for this source system.',
  UNIT_INEXACT: 'The quantity does not convert to a whole number of base units.',
  LOT_REQUIRED: 'The SKU is lot-controlled and the event names no lot.',
  EXPIRY_REQUIRED: 'The SKU is expiry-controlled and the event names no expiry date.',
  // master data integrity
  ALIAS_CONFLICT: 'One external code of one system is claimed for two different SKUs.',
  DUPLICATE_GTIN: 'Two canonical SKUs carry the same GTIN: the same item under two codes.',
  UNDECLARED_SYNONYM: 'An alias code is the GTIN or id of a different SKU than the one it maps to.',
  INVALID_GTIN: 'A GTIN has the wrong length or check digit.',
  DUPLICATE_RECORD: 'The same key appears twice in one import.',
  DANGLING_REFERENCE: 'A record refers to a SKU, warehouse or unit that does not exist.',
  ALREADY_EXISTS: 'A master data record with this key already exists (create with POST, change with PUT).',
  RECORD_IN_USE: 'A master data record cannot be deleted: stock, ledger history or other records still need it.',
  // ledger
  STOCK_NEGATIVE: 'Applying the event would take a position below zero.',
  ID_REUSED: 'An event id already in the ledger was sent again with different content.',
  SEQUENCE_REUSED: 'A source sequence number already used by another event was sent again.',
  LEDGER_TAMPERED: 'The hash chain of the ledger does not verify.',
  AUDIT_TAMPERED: 'The hash chain of the audit trail does not verify: an entry was edited, deleted or added behind the hub.',
  NOT_FOUND: 'The requested resource does not exist.',
  INVALID_ARGUMENT: 'A command-line or query argument is invalid.',
  // master data warnings (reported, never a reason to reject)
  ALIAS_HOMONYM: 'One external code stands for different SKUs in different systems (allowed, reported as a warning).',
  // connectors (REST pull, webhook, file drop)
  MALFORMED_MESSAGE: "A source system's message does not match its dialect's documented format.",
  SIGNATURE_INVALID: 'A webhook delivery has a missing, malformed or wrong signature, or names a source without a secret.',
  TIMESTAMP_OUT_OF_TOLERANCE: 'A webhook delivery is signed but its timestamp is missing or too far from now (a replay or a skewed clock).',
  SOURCE_UNAVAILABLE: 'A source system could not be reached or answered with a server error; the connector retries with backoff.',
  REQUEST_REFUSED: 'A source system refused a request the hub sent it (a fulfilment or transfer request).',
  // connectors (EDI X12, EPCIS)
  UNMAPPED_CONTENT: 'Part of a well-formed message has no documented stock meaning in its dialect (an unknown qualifier, bizStep or disposition, no product id, inconsistent quantities): it produced no movement.',
  UNENCODABLE_REQUEST: 'A request cannot be written in the dialect (a value is empty, too long or contains a delimiter).',
  // connector warnings (reported, never a reason to reject)
  MESSAGE_QUIRK: 'A message deviates from its standard in a way that does not change its meaning: it was read, and the deviation is reported.',
  EVENT_RETRACTED: 'An EPCIS event declares itself erroneous (errorDeclaration): it produced no movement; its corrective events carry the correction.',
  // allocation
  MALFORMED_PROBLEM: 'An allocation problem does not match docs/allocation-format.md.',
  CREDENTIALS_INVALID: 'A request carried no credentials, or credentials that are wrong, revoked or for another source.',
  // orders
  MALFORMED_ORDER: 'An order does not match the documented order format (docs/orders.md).',
  ORDER_ID_REUSED: 'An order id already submitted was sent again with a different body.',
  UNKNOWN_DESTINATION: "An order's destination names no coordinates and no region (or postal code region) with warehouses.",
  ORDER_CLOSED: 'The order is cancelled (or in a state that does not allow the request).',
  HOLD_CLOSED: 'The hold is already released, expired or consumed: only pending or confirmed holds can be released.',
  OVERRIDE_REFUSED: "An allocation override cannot be done: the named warehouse lacks ATP or eligibility for the order's open lines, or nothing is open.",
  // API ingest and dead letters
  DEAD_LETTER_CLOSED: 'The dead letter is no longer pending (resolved, superseded or discarded): it cannot be replayed or discarded again.',
  // authentication and authorisation (docs/auth.md)
  UNAUTHENTICATED: 'The request carried no valid credentials (API key or session cookie), or they are expired, revoked or of a disabled user.',
  FORBIDDEN: "The caller's role does not hold the permission this route requires.",
  CSRF_INVALID: 'A mutating request made with a session cookie lacks the x-csrf-token header of that session, or it does not match.',
  RATE_LIMITED: 'Too many failed sign-ins from this address for this user name; wait for the time in Retry-After.',
  PASSWORD_POLICY: 'A new password is too short, too long, contains the user name or is one character repeated.',
  USERNAME_TAKEN: 'Another user already has this user name.',
  // exceptions (docs/exceptions.md)
  EXCEPTION_STATE_CONFLICT: 'The exception is in a state that does not allow this step (e.g. acknowledging a resolved exception).',
  WEBHOOK_CONFIG_INVALID: 'The exception webhook settings are incomplete or malformed (URL without secret, or not http(s)).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input item: what was wrong and where. */
export interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  /** Where: a field path (`lines[2].qty`), a file with line, or a record index. */
  readonly where?: string;
}

/** The one error class thrown across areas. Expected outcomes are returned as values instead. */
export class StockmeshError extends Error {
  readonly code: ErrorCode;
  readonly problems: readonly Problem[];
  constructor(code: ErrorCode, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.name = 'StockmeshError';
    this.code = code;
    this.problems = problems;
  }
}

export const problem = (code: ErrorCode, message: string, where?: string): Problem =>
  where === undefined ? { code, message } : { code, message, where };
