/** A tiny helper to build SVG elements without a library. */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attribute values; numbers other than `data-*` are rounded to 0.1 so the markup stays short. */
export type Attributes = Record<string, string | number | undefined>;

/**
 * Create an SVG element with attributes and children (elements or text).
 *
 * @example
 * svg('rect', { x: 0, y: 0, width: 10, height: 4, class: 'bar' });
 */
export function svg(tag: string, attributes: Attributes = {}, ...children: Array<Node | string>): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    // Geometry is rounded; data-* attributes keep full precision (tests and tools read them).
    const exact = typeof value === 'string' || name.startsWith('data-');
    element.setAttribute(name, exact ? String(value) : String(Math.round(value * 10) / 10));
  }
  for (const child of children) element.append(child);
  return element;
}

/**
 * Round tick values for an axis from 0 to at least `max`: steps of 1, 2 or
 * 5 x 10^k, about `count` of them; the last tick is the first step at or past `max`.
 */
export function ticks(max: number, count = 6): number[] {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const values: number[] = [];
  const last = Math.ceil(max / step - 1e-9);
  for (let i = 0; i <= last; i++) values.push(Math.round(i * step * 1e6) / 1e6);
  return values;
}
