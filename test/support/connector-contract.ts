import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Dialect } from '../../src/connectors/connector.ts';
import { storeRejections } from '../../src/connectors/runtime/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { deadLetters, eventCount, openGaps, qtyOf, seedConnectorNetwork, within } from './connector-network.ts';
import { forEachStore } from './stores.ts';

/** A movement in the contract's own terms; each dialect writes it in its source's language. */
export interface NeutralMove {
  readonly seq: number;
  /** receipt: → available; hold: available → quarantine; ship: available →. */
  readonly kind: 'receipt' | 'hold' | 'ship';
  /** The source's item code (an alias in master data, or an unknown one). */
  readonly code: string;
  readonly qty: number;
  readonly unit?: string;
  readonly lot?: string;
  readonly expiry?: string;
}

/** The source's words for what the contract talks about. */
export interface Vocab {
  readonly warehouse: string;
  readonly tea: string;
  readonly vax: string;
  /** The source's unit for a box of 10 of the vaccine. */
  readonly vaxBox: string;
}

/** One dialect's connector, running against a hub, driven through its real transport. */
export interface Delivery {
  /** Delivers the moves as one message (a page, a push, a file) and waits until it was handled. */
  deliver(moves: readonly NeutralMove[]): Promise<void>;
  /** Delivers the same message twice (a redelivery, an overlapping page, a file dropped again). */
  deliverTwice(moves: readonly NeutralMove[]): Promise<void>;
  /** Delivers a message that does not follow the dialect's format. */
  deliverMalformed(): Promise<void>;
  close(): Promise<void>;
}

export interface DialectHarness {
  readonly dialect: Dialect;
  readonly source: string;
  readonly vocab: Vocab;
  /**
   * Set when the dialect carries no source sequence (EPCIS): the reason, shown when the test of a
   * sequence that never arrives is skipped. Reordered delivery is still tested (no gap may open).
   */
  readonly noSequence?: string;
  open(hub: Hub): Promise<Delivery>;
}

const T = { timeout: 20_000 };

/**
 * The contract every connector dialect passes, through its real transport into a real ledger,
 * on every store: decode and map, idempotency, bad-message handling, unknown codes, reordered
 * and gapped delivery.
 */
export function connectorContract(h: DialectHarness): void {
  forEachStore(`connector contract: ${h.dialect}`, (store) => {
    const open: Delivery[] = [];
    after(async () => {
      for (const d of open) await d.close();
    });
    const setup = async (): Promise<{ hub: Hub; d: Delivery }> => {
      const hub = await store.open();
      await seedConnectorNetwork(hub);
      const d = await h.open(hub);
      open.push(d);
      return { hub, d };
    };
    const { warehouse: wh, tea, vax, vaxBox } = h.vocab;
    const rejections = (hub: Hub) => storeRejections(hub.store.db).list({ source: h.source });

    test('given receipts and a hold in the source language, then the ledger holds them in canonical terms', T, async () => {
      const { hub, d } = await setup();
      await within(10_000, 'deliver', d.deliver([
        { seq: 1, kind: 'receipt', code: tea, qty: 10 },
        { seq: 2, kind: 'hold', code: tea, qty: 4 },
        { seq: 3, kind: 'receipt', code: vax, qty: 3, unit: vaxBox, lot: 'L1', expiry: '2027-06-30' },
      ]));
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA'), 6);
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA', 'quarantine'), 4);
      assert.equal(await qtyOf(hub, wh, 'SKU-VAX', 'available', 'L1'), 30);
      assert.equal(await eventCount(hub, h.source), 3);
    });

    test('given the same message delivered twice, then it counts once', T, async () => {
      const { hub, d } = await setup();
      await within(10_000, 'deliver twice', d.deliverTwice([{ seq: 1, kind: 'receipt', code: tea, qty: 5 }, { seq: 2, kind: 'ship', code: tea, qty: 2 }]));
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA'), 3);
      assert.equal(await eventCount(hub, h.source), 2);
      assert.equal((await deadLetters(hub, h.source)).length, 0);
    });

    test('given a malformed message, then it is refused and recorded, changes nothing, and the next one goes through', T, async () => {
      const { hub, d } = await setup();
      await within(10_000, 'malformed', d.deliverMalformed());
      assert.equal(await eventCount(hub, h.source), 0);
      const recorded = await rejections(hub);
      assert.ok(recorded.length >= 1, 'a rejection is recorded');
      assert.ok(recorded.every((r) => r.source === h.source && r.dialect === h.dialect && r.message.length > 0));
      await within(10_000, 'deliver after', d.deliver([{ seq: 1, kind: 'receipt', code: tea, qty: 7 }]));
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA'), 7);
    });

    test('given an unknown item code, then it is a dead letter saying where it came from, and the rest applies', T, async () => {
      const { hub, d } = await setup();
      await within(10_000, 'deliver', d.deliver([{ seq: 1, kind: 'receipt', code: 'NOPE-404', qty: 1 }, { seq: 2, kind: 'receipt', code: tea, qty: 2 }]));
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA'), 2);
      const dl = await deadLetters(hub, h.source);
      assert.equal(dl.length, 1);
      assert.equal(dl[0]?.code, 'UNKNOWN_SKU');
      assert.ok(dl[0]?.location, 'the dead letter names where it came from');
    });

    test('given a later sequence delivered before an earlier one, then the books end right and no gap stays open', T, async () => {
      const { hub, d } = await setup();
      await d.deliver([{ seq: 1, kind: 'receipt', code: tea, qty: 1 }]);
      await d.deliver([{ seq: 3, kind: 'receipt', code: tea, qty: 3 }]);
      await d.deliver([{ seq: 2, kind: 'receipt', code: tea, qty: 2 }]);
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA'), 6);
      assert.deepEqual(await openGaps(hub, h.source), []);
    });

    test('given a sequence that never arrives, then the gap is recorded', { ...T, skip: h.noSequence ?? false }, async () => {
      const { hub, d } = await setup();
      await d.deliver([{ seq: 1, kind: 'receipt', code: tea, qty: 1 }, { seq: 2, kind: 'receipt', code: tea, qty: 1 }]);
      await d.deliver([{ seq: 4, kind: 'receipt', code: tea, qty: 1 }]);
      const gaps = await openGaps(hub, h.source);
      assert.deepEqual(gaps.map((g) => [g.fromSeq, g.toSeq]), [[3, 3]]);
      assert.equal(await qtyOf(hub, wh, 'SKU-TEA'), 3);
    });
  });
}
