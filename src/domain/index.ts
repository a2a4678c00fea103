export * from './errors.ts';
export * from './statuses.ts';
export * from './gtin.ts';
export * from './quantity.ts';
export * from './master-data.ts';
export * from './inventory-event.ts';
