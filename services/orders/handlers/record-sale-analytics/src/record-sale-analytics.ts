import { type OrderCreatedDetail, unitCount } from '@paved/orders-contracts';

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

export function toSaleRecord(order: OrderCreatedDetail): SaleRecord {
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
export const saleKey = (record: SaleRecord): string => `sales/day=${record.day}/${record.orderId}.json`;
