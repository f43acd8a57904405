/** Human-readable numbers shared by the CLI and the extension. */

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

/** "3 days ago", "5 min ago": how old a file or an index is. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

function currencySymbol(currency: string): string {
  return currency === 'USD' ? '$' : currency === 'CNY' ? '¥' : `${currency} `;
}

/**
 * A price with its currency, the one format every surface shows: $0.0816, $1,234.56, ¥0.6920,
 * EUR 1.2000; '-' when there is none. Thousands are grouped so a monthly total reads at a glance.
 */
export function formatMoney(n: number | undefined, currency: string, digits = 4): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  return `${currencySymbol(currency)}${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** Unit prices are often fractions of a cent (per GB, per request): four significant digits, no fixed decimals. */
export function formatUnitPrice(n: number, currency: string): string {
  return `${currencySymbol(currency)}${Number(n.toPrecision(4)).toString()}`;
}
