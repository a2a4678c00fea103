import iconv from 'iconv-lite';
import type { ConcreteCharset } from './detect-charset.ts';

/**
 * Pure: bytes → text in the given encoding, or undefined when the bytes are not valid in it
 * (a GBK file declared UTF-8, a field cut in the middle of a double-byte character). Never
 * guesses: an undecodable file is quarantined, not read with replacement characters.
 */
export function decodeBytes(bytes: Uint8Array, charset: ConcreteCharset): string | undefined {
  if (charset === 'utf-8') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
  return text.includes('\uFFFD') ? undefined : text;
}

/** Splits bytes into lines on LF (safe in UTF-8, GBK and GB18030: no trail byte is 0x0A), dropping a CR before it. */
export function splitByteLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      let end = i;
      if (end > start && bytes[end - 1] === 0x0d) end -= 1;
      if (!(i === bytes.length && start === i)) lines.push(bytes.subarray(start, end));
      start = i + 1;
    }
  }
  return lines;
}
