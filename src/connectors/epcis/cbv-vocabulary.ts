/**
 * CBV 2.0 values arrive in several spellings: the short name of EPCIS 2.0 JSON (`receiving`), the
 * EPCIS 1.x URN (`urn:epcglobal:cbv:bizstep:receiving`), the GS1 web vocabulary URI
 * (`https://ref.gs1.org/cbv/BizStep-receiving`, `https://gs1.org/voc/BizStep-receiving`) or its
 * compact form (`gs1:BizStep-receiving`, `cbv:BizStep-receiving`). All of them mean the same
 * standard value; anything else (`http://epcis.example.org/hc/bizstep/summarising_discharge`) is a
 * user-defined value, kept as sent.
 */
export interface CbvValue {
  /** The short CBV name, or the value as sent when it is user-defined. */
  readonly name: string;
  readonly standard: boolean;
}

type Vocabulary = 'BizStep' | 'Disp' | 'BTT';
const URN_PART: Readonly<Record<Vocabulary, string>> = { BizStep: 'bizstep', Disp: 'disp', BTT: 'btt' };

export function cbvValue(value: string, vocabulary: Vocabulary): CbvValue {
  const v = value.trim();
  const patterns = [
    new RegExp(`^urn:epcglobal:cbv:${URN_PART[vocabulary]}:([a-z_]+)$`),
    new RegExp(`^https?://(?:ref\\.gs1\\.org/cbv|gs1\\.org/voc)/${vocabulary}-([a-z_]+)$`),
    new RegExp(`^(?:gs1|cbv):${vocabulary}-([a-z_]+)$`),
  ];
  for (const p of patterns) {
    const m = p.exec(v);
    if (m) return { name: m[1]!, standard: true };
  }
  if (/^[a-z][a-z_]*$/.test(v)) return { name: v, standard: true };
  return { name: v, standard: false };
}
