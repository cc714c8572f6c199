/** `reserve-stock` → `ReserveStock`, `Stock Short` → `StockShort`: construct ids and schema component names. */
export function pascalCase(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
