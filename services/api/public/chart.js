// An inline SVG bar chart of the daily rewards. Bar heights are ratios of BigInt satoshis; only the pixel
// geometry is a float.
import { formatQtum } from './qtum-format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 64, right: 8, top: 14, bottom: 30 };

function el(name, attrs, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Draws `days` ([{ date, rewardSats, poolBlocks }]) into `svg`, replacing what was there. */
export function drawRewardsChart(svg, days) {
  svg.replaceChildren();
  const max = days.reduce((m, d) => (BigInt(d.rewardSats) > m ? BigInt(d.rewardSats) : m), 0n);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const base = PAD.top + plotH;
  svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: base, y2: base, class: 'axis' }));
  svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top, y2: PAD.top, class: 'grid' }));
  svg.append(el('text', { x: PAD.left - 6, y: PAD.top + 4, 'text-anchor': 'end', class: 'tick', 'data-testid': 'chart-max' }, formatQtum(max.toString())));
  svg.append(el('text', { x: PAD.left - 6, y: base + 4, 'text-anchor': 'end', class: 'tick' }, '0'));
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(2, slot * 0.7);
  const labelEvery = Math.ceil(days.length / 8);
  days.forEach((d, i) => {
    const value = BigInt(d.rewardSats);
    // Thousandths of the tallest bar, so a tiny day still shows as a sliver instead of nothing.
    const ratio = max === 0n ? 0 : Number((value * 1000n) / max) / 1000;
    const h = value > 0n ? Math.max(1, ratio * plotH) : 0;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const bar = el('rect', { x, y: base - h, width: barW, height: h, class: 'bar', 'data-testid': 'chart-bar', 'data-date': d.date, 'data-sats': d.rewardSats });
    bar.append(el('title', {}, `${d.date}: ${formatQtum(d.rewardSats)} QTUM from ${d.poolBlocks} pool block${d.poolBlocks === 1 ? '' : 's'}`));
    svg.append(bar);
    // Count labels back from the last day, so the newest day always has one and none overlap.
    if ((days.length - 1 - i) % labelEvery === 0) {
      svg.append(el('text', { x: x + barW / 2, y: base + 16, 'text-anchor': 'middle', class: 'tick' }, d.date.slice(5)));
    }
  });
}
