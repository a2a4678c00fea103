import { type ConnectorStateStore, PushedConnector } from '../runtime/index.ts';

/** An EPCIS capturing source (RFID portals, IoT gateways): its health, updated by `epcisCaptureRoutes`. */
export class EpcisConnector extends PushedConnector {
  constructor(source: string, opts: { now: () => Date; states?: ConnectorStateStore | undefined }) {
    super(source, 'epcis', opts);
  }
}
