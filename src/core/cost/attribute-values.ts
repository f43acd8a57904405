/**
 * Reading the attributes a price depends on, with the three states a model must tell apart: stated
 * (a literal), computed (present but unknown: `var.size`, `!Ref Size`), and absent (the default applies).
 */
import type { AttributeReader } from './iac-resources';

/** Present-but-computed attributes are `null`, absent ones `undefined`, so reasons can tell them apart. */
export function read(r: AttributeReader, key: string): string | null | undefined {
  const v = r.attribute(key);
  if (v !== undefined) return v;
  return r.has(key) ? null : undefined;
}

/** A whole number the file states, its default when absent, or a reason when computed. */
export function countAttribute(r: AttributeReader, key: string, fallback: number | undefined): number | { unpriced: string } | undefined {
  const v = read(r, key);
  if (v === undefined) return fallback;
  if (v === null || !/^\d+$/.test(v.trim())) return { unpriced: `${key} is computed in the file` };
  return Number(v);
}

/** A non-negative number the file states (sizes in GB, IOPS, MiB/s), undefined when absent, a reason when computed. */
export function numberAttribute(r: AttributeReader, key: string): number | { unpriced: string } | undefined {
  const v = read(r, key);
  if (v === undefined) return undefined;
  if (v === null || !/^\d+(\.\d+)?$/.test(v.trim())) return { unpriced: `${key} is computed in the file` };
  return Number(v);
}

export function isTrue(v: string | null | undefined): boolean {
  return v !== undefined && v !== null && /^(true|yes)$/i.test(v.trim());
}
