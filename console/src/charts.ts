// Charts as inline SVG: a linear scale, axes, and one function per chart; no styles inline (the CSP forbids them).

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 280;
const PAD = { top: 16, right: 16, bottom: 32, left: 72 };

type SvgAttrs = Record<string, string | number>;

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: SvgAttrs = {}, ...children: SVGElement[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

function text(x: number, y: number, content: string, attrs: SvgAttrs = {}): SVGTextElement {
  const label = s("text", { x, y, ...attrs });
  label.textContent = content;
  return label;
}

/** Maps [d0, d1] onto [r0, r1]; a flat domain maps to the middle. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return span === 0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Compact labels for axis ticks: 1.2k, 3.4M. */
export function compact(value: number): string {
  return Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value);
}

function frame(testid: string, label: string): SVGSVGElement {
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": label, "data-testid": testid, class: "chart" });
  const title = s("title");
  title.textContent = label;
  svg.append(title);
  return svg;
}

function yAxis(svg: SVGSVGElement, y: (v: number) => number, lo: number, hi: number): void {
  const axis = s("g", { class: "axis" });
  for (let i = 0; i <= 4; i++) {
    const value = lo + ((hi - lo) * i) / 4;
    axis.append(
      s("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: "grid" }),
      text(PAD.left - 6, y(value) + 4, compact(value), { "text-anchor": "end" }),
    );
  }
  svg.append(axis);
}

function xLabels(svg: SVGSVGElement, labels: { x: number; text: string }[]): void {
  const axis = s("g", { class: "axis" });
  const every = Math.max(1, Math.ceil(labels.length / 8)); // at most eight labels fit
  labels.forEach((label, i) => {
    // The last label ends at the right edge rather than running past it.
    const anchor = label.x > WIDTH - PAD.right - 24 ? "end" : "middle";
    if (i % every === 0) axis.append(text(label.x, HEIGHT - PAD.bottom + 18, label.text, { "text-anchor": anchor }));
  });
  svg.append(axis);
}

function extent(values: number[], includeZero = false): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (includeZero) [lo, hi] = [Math.min(lo, 0), Math.max(hi, 0)];
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

export interface Bands {
  p5: number[];
  p25: number[];
  p50: number[];
  p75: number[];
  p95: number[];
}

/** Percentile bands over time: p5-p95 and p25-p75 as filled areas, the median as a line. */
export function fanChart(times: number[], bands: Bands): SVGSVGElement {
  const svg = frame("fan-chart", "Portfolio value percentiles over time");
  const [lo, hi] = extent([...bands.p5, ...bands.p95]);
  const x = scale(times[0] ?? 0, times[times.length - 1] ?? 1, PAD.left, WIDTH - PAD.right);
  const y = scale(lo, hi, HEIGHT - PAD.bottom, PAD.top);
  yAxis(svg, y, lo, hi);
  const area = (upper: number[], lower: number[]): string => {
    const top = times.map((t, i) => `${x(t).toFixed(1)},${y(upper[i] ?? 0).toFixed(1)}`);
    const bottom = times.map((t, i) => `${x(t).toFixed(1)},${y(lower[i] ?? 0).toFixed(1)}`).reverse();
    return `M${top.join("L")}L${bottom.join("L")}Z`;
  };
  const median = times.map((t, i) => `${x(t).toFixed(1)},${y(bands.p50[i] ?? 0).toFixed(1)}`).join("L");
  svg.append(
    s("path", { d: area(bands.p95, bands.p5), class: "band band-outer", "data-band": "p5-p95" }),
    s("path", { d: area(bands.p75, bands.p25), class: "band band-inner", "data-band": "p25-p75" }),
    s("path", { d: `M${median}`, class: "median", "data-band": "p50" }),
  );
  xLabels(svg, times.map((t) => ({ x: x(t), text: `${t.toFixed(1)}y` })));
  return svg;
}

/** Bars for counts over bins (the terminal values' histogram). */
export function histogram(edges: number[], counts: number[]): SVGSVGElement {
  const svg = frame("histogram", "Distribution of terminal values");
  const [lo, hi] = [edges[0] ?? 0, edges[edges.length - 1] ?? 1];
  const x = scale(lo, hi, PAD.left, WIDTH - PAD.right);
  const top = Math.max(1, ...counts);
  const y = scale(0, top, HEIGHT - PAD.bottom, PAD.top);
  yAxis(svg, y, 0, top);
  const bars = s("g", { class: "bars" });
  counts.forEach((count, i) => {
    const left = x(edges[i] ?? lo);
    const width = Math.max(0.5, x(edges[i + 1] ?? hi) - left - 1);
    bars.append(s("rect", { x: left, y: y(count), width, height: y(0) - y(count), class: "bar", "data-count": count }));
  });
  svg.append(bars);
  xLabels(svg, [lo, (lo + hi) / 2, hi].map((v) => ({ x: x(v), text: compact(v) })));
  return svg;
}

export interface Flow {
  label: string;
  income: number;
  expenses: number;
}

/** Income and expenses per period, side by side. */
export function cashFlowChart(flows: Flow[]): SVGSVGElement {
  const svg = frame("cash-flow-chart", "Income and expenses per period");
  const top = Math.max(1, ...flows.flatMap((f) => [f.income, f.expenses]));
  const y = scale(0, top, HEIGHT - PAD.bottom, PAD.top);
  yAxis(svg, y, 0, top);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, flows.length);
  const bar = Math.max(1, slot * 0.35);
  const bars = s("g", { class: "bars" });
  flows.forEach((flow, i) => {
    const left = PAD.left + i * slot + slot * 0.15;
    for (const [kind, value, offset] of [["income", flow.income, 0], ["expenses", flow.expenses, bar]] as const) {
      bars.append(s("rect", {
        x: left + offset, y: y(value), width: bar, height: y(0) - y(value),
        class: `bar ${kind}`, "data-kind": kind, "data-value": value.toFixed(2),
      }));
    }
  });
  const legend = s("g", { class: "legend" });
  for (const [i, kind] of (["income", "expenses"] as const).entries()) {
    const x = WIDTH - PAD.right - 170 + i * 85;
    legend.append(s("rect", { x, y: 4, width: 10, height: 10, class: `swatch ${kind}` }), text(x + 14, 13, kind));
  }
  svg.append(bars, legend);
  xLabels(svg, flows.map((f, i) => ({ x: PAD.left + (i + 0.5) * slot, text: f.label })));
  return svg;
}

export interface Part {
  label: string;
  value: number;
}

/** One horizontal bar per part (spending by category, a score's components). */
export function barList(testid: string, label: string, parts: Part[], max?: number): SVGSVGElement {
  const row = 26;
  const height = PAD.top + parts.length * row + 8;
  const svg = frame(testid, label);
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
  const top = max ?? Math.max(1, ...parts.map((p) => Math.abs(p.value)));
  const x = scale(0, top, 0, WIDTH - 200 - PAD.right - 80);
  parts.forEach((part, i) => {
    const y = PAD.top + i * row;
    svg.append(
      text(190, y + 15, part.label, { "text-anchor": "end" }),
      s("rect", { x: 200, y, width: Math.max(0, x(Math.abs(part.value))), height: row - 8, class: "bar", "data-value": part.value }),
      text(206 + x(Math.abs(part.value)), y + 15, compact(part.value)),
    );
  });
  return svg;
}

/** A 0-100 score as a half-circle gauge. */
export function gauge(score: number): SVGSVGElement {
  const svg = frame("health-gauge", `Financial health score ${score} of 100`);
  svg.setAttribute("viewBox", "0 0 240 140");
  const arc = (fraction: number): string => {
    const angle = Math.PI * (1 - Math.min(1, Math.max(0, fraction)));
    const [cx, cy, r] = [120, 120, 96];
    return `M24,120 A${r},${r} 0 0 1 ${(cx + r * Math.cos(angle)).toFixed(1)},${(cy - r * Math.sin(angle)).toFixed(1)}`;
  };
  svg.append(
    s("path", { d: arc(1), class: "gauge-track" }),
    s("path", { d: arc(score / 100), class: "gauge-value", "data-score": score }),
    text(120, 112, String(score), { "text-anchor": "middle", class: "gauge-label" }),
  );
  return svg;
}
