import { type DetailOf } from '@paved/events';
import { unitCount } from '@paved/orders-contracts';
import { type OrderCreated } from './schema';

/** One sale, flat, as the analytics store keeps it (one JSON object per order, partitioned by day). */
export interface SaleRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly day: string;
  readonly currency: string;
  readonly revenueMinor: number;
  readonly units: number;
  readonly skus: readonly string[];
}

export function toSaleRecord(order: DetailOf<typeof OrderCreated>): SaleRecord {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    day: order.createdAt.slice(0, 10),
    currency: order.currency,
    revenueMinor: order.totalMinor,
    units: unitCount(order.lines),
    skus: [...new Set(order.lines.map((line) => line.sku))].sort(),
  };
}

/** `sales/day=YYYY-MM-DD/<order>.json`: Hive-style partitions, so Athena or Glue can query by day. */
export function saleKey(record: SaleRecord): string {
  return `sales/day=${record.day}/${record.orderId}.json`;
}
