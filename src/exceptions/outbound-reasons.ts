/**
 * Reasons of movements that leave the books toward a customer or another site (`to_status` null):
 * the outbound flow behind demand, turnover and days of cover. Write-offs, counts and drift are not
 * demand.
 */
export const OUTBOUND_REASONS = ['ship', 'sale', 'dispense', 'transfer_out'] as const;
