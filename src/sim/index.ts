export { demoNetwork, type DemoNetwork } from './demo-network.ts';
export { demoFeed, DEMO_DRIFT, type DemoFeed } from './demo-feed.ts';
export { type ExpectedPosition } from './demo-positions.ts';
export { DEMO_HOMONYMS } from './demo-aliases.ts';
export { seedDemo, type DemoSeedResult, type SeedOptions } from './seed-demo.ts';
