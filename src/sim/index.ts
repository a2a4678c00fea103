export { demoNetwork, type DemoNetwork } from './demo-network.ts';
export { demoFeed, DEMO_DRIFT, type DemoFeed } from './demo-feed.ts';
export { type ExpectedPosition } from './demo-positions.ts';
export { DEMO_HOMONYMS } from './demo-aliases.ts';
export { seedDemo, isDemoNetwork, type DemoSeedResult, type SeedOptions } from './seed-demo.ts';
export { seedDemoOrders, type DemoOrdersResult } from './demo-orders.ts';
export { prepareLiveDemo, type LiveDemo, type LiveDemoOptions } from './live-demo.ts';
export type { SafeguardKind } from './safeguard-watch.ts';
export { DEMO_USERS, type DemoUser, describeDemoUsers, ensureDemoUsers } from './demo-users.ts';
