/**
 * The cost meter: what a dispatch spent against its spend cap
 * (`limits.maxTotalCostUsd`), as a horizontal gauge. Without a cap it shows
 * the spend alone and says that no cap was set.
 */
import { usd } from '../../../docs/samples/format.js';
import { svg } from './svg.js';

const WIDTH = 760;
const HEIGHT = 48;
const LEFT = 70;
const RIGHT = 20;

/** Draw the meter for `spentUsd` against `capUsd` (USD; `undefined`: no cap, a line of text). */
export function costMeter(spentUsd: number, capUsd: number | undefined): SVGElement {
  const track = WIDTH - LEFT - RIGHT;
  const share = capUsd ? Math.min(1, spentUsd / capUsd) : 0;
  const label = capUsd
    ? `spent ${usd(spentUsd)} of a ${usd(capUsd)} cap (${Math.round((spentUsd / capUsd) * 100)}%)`
    : `spent ${usd(spentUsd)}; no spend cap set (limits.maxTotalCostUsd)`;
  const height = capUsd ? HEIGHT : 22;
  const meter = svg('svg', {
    class: 'cost-meter',
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-label': label,
    'data-spent-usd': spentUsd,
    'data-cap-usd': capUsd,
  });
  if (!capUsd) {
    meter.append(svg('text', { x: LEFT - 8, y: 15, 'text-anchor': 'end', class: 'row-label' }, 'cost'));
    meter.append(svg('text', { x: LEFT, y: 15, class: 'meter-label' }, label));
    return meter;
  }
  meter.append(svg('text', { x: LEFT - 8, y: 31, 'text-anchor': 'end', class: 'row-label' }, 'cost'));
  meter.append(svg('rect', { x: LEFT, y: 20, width: track, height: 14, rx: 4, class: 'meter-track' }));
  meter.append(svg('rect', { x: LEFT, y: 20, width: Math.max(share > 0 ? 2 : 0, track * share), height: 14, rx: 4, class: share >= 1 ? 'meter-fill full' : 'meter-fill' }));
  meter.append(svg('line', { x1: LEFT + track, x2: LEFT + track, y1: 14, y2: 40, class: 'cap-line' }));
  meter.append(svg('text', { x: LEFT + track, y: 12, 'text-anchor': 'end', class: 'tick' }, `cap ${usd(capUsd)}`));
  meter.append(svg('text', { x: LEFT, y: 12, class: 'meter-label' }, label));
  return meter;
}
