export { decodeEpcis, type EpcisDecoded } from './decode-epcis.ts';
export type { DecodeEpcisOptions } from './decode-epcis-options.ts';
export type { EventOutcome } from './movements-of.ts';
export { BIZ_STEPS, DISPOSITIONS, type BizStepRule, type DispositionEffect } from './movement-rules.ts';
export { glnOf, gtinOf, parseObjectId, type ObjectId } from './gs1-identifiers.ts';
export { cbvValue, type CbvValue } from './cbv-vocabulary.ts';
export { epcisCaptureRoutes, type CaptureJob, type EpcisCaptureOptions, type EpcisSource } from './epcis-capture-routes.ts';
export { EpcisConnector } from './epcis-connector.ts';
