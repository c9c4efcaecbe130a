import { randomInt } from 'node:crypto';

/** The characters Kubernetes uses for generated names (no vowels, no look-alikes). */
const alphanumerics = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with sorted keys, so equal templates hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => Number(a > b) - Number(a < b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The `pod-template-hash` of a pod template: FNV-32a, safe-encoded as kube-controller-manager does. */
export function podTemplateHash(template: unknown): string {
  return String(fnv32a(stableJson(template)))
    .split('')
    .map(digit => alphanumerics[digit.charCodeAt(0) % alphanumerics.length])
    .join('');
}

/** The random suffix of a generated pod name (`front-end-665658854d-n5vc8`). */
export function randomSuffix(length = 5): string {
  let suffix = '';
  for (let i = 0; i < length; i++) {
    suffix += alphanumerics[randomInt(alphanumerics.length)];
  }
  return suffix;
}
