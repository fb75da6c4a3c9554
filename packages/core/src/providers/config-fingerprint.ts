import { canonicalJson } from '../cache/canonical-json.js';

/**
 * A short, stable hex fingerprint of a configuration value (FNV-1a, 32 bits,
 * over its canonical JSON). Used as an agent's default `version`, so changing
 * a system prompt or a sampling setting never reuses cached answers made
 * under the old one. Not a security hash.
 *
 * @example
 * configFingerprint({ system: 'Be brief.', temperature: 0 }); // e.g. 'a3f09c1e'
 */
export function configFingerprint(value: unknown): string {
  const text = canonicalJson(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
