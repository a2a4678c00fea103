// A second (and third) hub process for the PostgreSQL race test: opens its own hub on the schema
// given, submits `count` orders concurrently, prints one JSON summary line and exits.
import { configFromEnv, openHub } from '../../src/hub/index.ts';
import { OrderService } from '../../src/orders/index.ts';
import { order } from './order-network.ts';

const [schema, prefix, count] = process.argv.slice(2);
const hub = await openHub({ ...configFromEnv(), databaseUrl: process.env.DATABASE_URL }, { pgSchema: schema as string });
try {
  const svc = new OrderService({ store: hub.store, masterData: hub.masterData });
  const rs = await Promise.all(Array.from({ length: Number(count) }, (_, i) => svc.submit(order(`${prefix}-${i}`))));
  const units = rs.reduce((s, r) => s + r.order.allocation.reduce((a, l) => a + l.qty, 0), 0);
  console.log(JSON.stringify({ answered: rs.length, units, allocated: rs.filter((r) => r.order.state === 'allocated').length }));
} finally {
  await hub.close();
}
