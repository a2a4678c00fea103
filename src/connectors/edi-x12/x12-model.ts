/**
 * The shape of one received X12 interchange as this connector reads it: node-x12 splits the text
 * into segments and envelopes; this model adds what a reader and a 997 need and node-x12 does not
 * keep (the raw ISA, the delimiters as found, each segment's position inside its transaction set).
 */

/** The delimiters an interchange declares in its ISA, as found (never assumed). */
export interface Delimiters {
  /** Element separator: the ISA's fourth character. */
  readonly element: string;
  /** Component (sub-element) separator: ISA16. */
  readonly component: string;
  /** Segment terminator: the character after ISA16; '\n' when segments simply end with a line break. */
  readonly segment: string;
  /** True when a line break follows each segment (CRLF or LF), with or without a terminator. */
  readonly lineBreaks: boolean;
}

export interface Segment {
  readonly tag: string;
  /** Element values as sent (not trimmed); index 0 is element 01. */
  readonly elements: readonly string[];
  /** 1-based position inside its transaction set (ST is 1), as AK3 reports it; 0 outside a set. */
  readonly position: number;
}

export interface TransactionSet {
  readonly header: Segment;
  /** Segments between ST and SE. */
  readonly body: readonly Segment[];
  readonly trailer: Segment | undefined;
}

export interface FunctionalGroup {
  readonly header: Segment;
  readonly sets: readonly TransactionSet[];
  readonly trailer: Segment | undefined;
}

export interface Interchange {
  /** ISA01…ISA16 exactly as sent (fixed-width fields keep their padding). */
  readonly isa: readonly string[];
  /** Length of the ISA including its terminator: 106 when it follows the standard. */
  readonly isaLength: number;
  readonly delimiters: Delimiters;
  readonly groups: readonly FunctionalGroup[];
  readonly trailer: Segment | undefined;
}

/** A party of an N1 loop: who it is (N101), its name and its identification. */
export interface X12Party {
  /** Entity identifier code, N101: WH (warehouse), ST (ship to), SF (ship from), DE (depositor)… */
  readonly entity: string;
  readonly name: string;
  /** Identification code qualifier, N103 (1 = DUNS, 9 = DUNS+4, 91/92 = assigned by seller/buyer, ZZ…). */
  readonly qualifier: string;
  readonly id: string;
}

/** Value of element `n` (1-based) of a segment, trimmed; '' when absent. */
export const el = (s: Segment, n: number): string => (s.elements[n - 1] ?? '').trim();

/** Element `n` of a segment split into its components (a composite such as C001). */
export const components = (s: Segment, n: number, d: Delimiters): string[] => el(s, n).split(d.component).map((c) => c.trim());
