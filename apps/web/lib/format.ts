/** How numbers and dates read across the dashboard. */
const DASH = '—';

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? DASH : `${(value * 100).toFixed(digits)}%`;
}

export function decimal(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? DASH : value.toFixed(digits);
}

export function signed(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(digits)}`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function when(iso: string | null | undefined): string {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : DASH;
}

export function className(classNames: readonly string[], index: number | null | undefined): string {
  if (index === null || index === undefined) return 'unlabelled';
  return classNames[index] ?? `class ${index}`;
}
