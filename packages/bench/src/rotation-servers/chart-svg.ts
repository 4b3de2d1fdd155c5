// The rotation-servers chart: throughput (bars, left) and p99 at saturation (bars, right) per variant,
// drawn as plain SVG from the measured rows, so the picture always matches the numbers beside it.
export interface ChartRow {
  label: string;
  perSecond: number;
  p99Ms: number;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderChart(rows: readonly ChartRow[], title: string): string {
  const rowHeight = 26;
  const labelWidth = 340;
  const panelWidth = 300;
  const gap = 40;
  const top = 48;
  const height = top + rows.length * rowHeight + 20;
  const width = labelWidth + panelWidth * 2 + gap + 20;
  const maxRate = Math.max(...rows.map((r) => r.perSecond), 1);
  const maxP99 = Math.max(...rows.map((r) => r.p99Ms), 1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="18" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<text x="${labelWidth}" y="38" fill="#555">requests/s (closed loop, saturation)</text>`,
    `<text x="${labelWidth + panelWidth + gap}" y="38" fill="#555">p99 ms at saturation</text>`,
  ];
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const rateWidth = (row.perSecond / maxRate) * (panelWidth - 60);
    const p99Width = (row.p99Ms / maxP99) * (panelWidth - 60);
    const p99X = labelWidth + panelWidth + gap;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escape(row.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${rateWidth.toFixed(1)}" height="16" fill="#3b6fb6"/>`,
      `<text x="${(labelWidth + rateWidth + 4).toFixed(1)}" y="${y + 15}">${Math.round(row.perSecond).toLocaleString("en-US")}</text>`,
      `<rect x="${p99X}" y="${y + 3}" width="${p99Width.toFixed(1)}" height="16" fill="#c0504d"/>`,
      `<text x="${(p99X + p99Width + 4).toFixed(1)}" y="${y + 15}">${row.p99Ms.toFixed(1)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
