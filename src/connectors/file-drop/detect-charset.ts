import type { Charset } from './file-drop-config.ts';

export type ConcreteCharset = Exclude<Charset, 'auto'>;

export interface CharsetChoice {
  readonly charset: ConcreteCharset;
  /** Bytes of byte-order mark to skip. */
  readonly bomLength: number;
  /** How it was decided, for the quarantine report. */
  readonly by: 'bom' | 'file name' | 'layout' | 'configuration' | 'auto (valid UTF-8)' | 'auto (not UTF-8: GB18030)';
}

const NAME_TOKEN = /\.(utf-?8|gbk|gb2312|gb18030)\./i;

/**
 * Pure: which encoding a drop file is in. In order: a byte-order mark (UTF-8 `EF BB BF`,
 * GB18030 `84 31 95 33`); a charset part in the file name (`stock_20261125.gbk.csv`); the
 * layout's charset; the source's; and if still `auto`, UTF-8 when the bytes are valid UTF-8,
 * otherwise GB18030 (which reads every GBK file the same).
 */
export function detectCharset(bytes: Uint8Array, fileName: string, layout: Charset | undefined, configured: Charset | undefined): CharsetChoice {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', bomLength: 3, by: 'bom' };
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33) return { charset: 'gb18030', bomLength: 4, by: 'bom' };
  const token = NAME_TOKEN.exec(fileName)?.[1]?.toLowerCase();
  if (token) return { charset: token.startsWith('utf') ? 'utf-8' : token === 'gb18030' ? 'gb18030' : 'gbk', bomLength: 0, by: 'file name' };
  if (layout && layout !== 'auto') return { charset: layout, bomLength: 0, by: 'layout' };
  if (configured && configured !== 'auto') return { charset: configured, bomLength: 0, by: 'configuration' };
  return isUtf8(bytes) ? { charset: 'utf-8', bomLength: 0, by: 'auto (valid UTF-8)' } : { charset: 'gb18030', bomLength: 0, by: 'auto (not UTF-8: GB18030)' };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
