/**
 * Formats an amount in minor units as money in its currency, such as `€35.00` or `JP¥1,234`: the currency's own
 * number of decimals, so every email that quotes an order's amounts quotes them alike.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
