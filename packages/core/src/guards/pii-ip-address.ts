import type { PiiDetector } from './pii-types.js';

const IPV4 = /(?<![\w.\-])(?:\d{1,3}\.){3}\d{1,3}(?![\w\-+]|\.\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g;
// "version 1.2.3.4", "build 10.0.19041.1": dotted quads that are versions, not addresses.
const VERSION_CONTEXT = /(?:^|[^\p{L}])(?:v|version|ver\.?|build|release|rev|firmware|os)\s*[:#]?\s*$/iu;
// A product token of a user agent or package spec: "Chrome/120.0.0.0", "node@20.1.0.0".
const PRODUCT_TOKEN = /[\p{L}][\p{L}\p{N}_\-]*[\/@]$/u;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** True when `text` is a dotted quad with every octet 0-255 and no leading zeros. */
export function isIPv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => /^(?:0|[1-9]\d{0,2})$/.test(octet) && Number(octet) <= 255);
}

/** True when `text` is an IPv6 address (full, `::`-compressed, or with a trailing IPv4), with at least two groups. */
export function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (i === groups.length - 1 && group.includes('.')) {
      if (!isIPv4(group)) return false;
      count += 2;
    } else if (HEX_GROUP.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  if (halves.length === 2) return count <= 7 && (count >= 2 || text === '::1');
  return count === 8;
}

/** IPv4 (range-checked, not in a version context or after a product token like `Chrome/`) and IPv6 addresses. */
export const IP_ADDRESS_DETECTORS: readonly PiiDetector[] = [
  {
    type: 'ip_address',
    pattern: IPV4,
    mayMatch: (text) => text.includes('.'),
    accept: (match, text) => {
      if (!isIPv4(match[0])) return undefined;
      const before = text.slice(Math.max(0, match.index - 24), match.index);
      if (VERSION_CONTEXT.test(before) || PRODUCT_TOKEN.test(before)) return undefined;
      return [match.index, match.index + match[0].length];
    },
  },
  {
    type: 'ip_address',
    pattern: IPV6,
    mayMatch: (text) => text.includes(':'),
    accept: (match) => (isIPv6(match[0]) ? [match.index, match.index + match[0].length] : undefined),
  },
];
