// Plain SVG bar charts for the complaint reports (no library): one bar per key, an optional lighter bar for the
// same period last year, the value above each bar, the key below it.
const NS = "http://www.w3.org/2000/svg";

export function barChart(svg, title, items, { format = String, max, legend } = {}) {
  const width = 480;
  const height = 240;
  const top = 40;
  const bottom = 36;
  const left = 12;
  const plot = height - top - bottom;
  while (svg.firstChild) svg.firstChild.remove();
  add(svg, "text", { x: left, y: 18, "font-size": 14, "font-weight": 700, fill: "#1f2933" }, title);
  if (legend) {
    add(svg, "rect", { x: width - 200, y: 8, width: 10, height: 10, fill: "#0b5cad" });
    add(svg, "text", { x: width - 186, y: 17, "font-size": 11, fill: "#616e7c" }, legend[0]);
    add(svg, "rect", { x: width - 100, y: 8, width: 10, height: 10, fill: "#9fb3c8" });
    add(svg, "text", { x: width - 86, y: 17, "font-size": 11, fill: "#616e7c" }, legend[1]);
  }
  if (items.length === 0) {
    add(svg, "text", { x: width / 2, y: height / 2, "text-anchor": "middle", fill: "#616e7c", "font-size": 12 }, "—");
    return;
  }
  const top1 = max ?? Math.max(1, ...items.map((i) => Math.max(i.value, i.previous ?? 0)));
  const slot = (width - left * 2) / items.length;
  const barWidth = Math.min(48, slot * (items[0].previous === undefined ? 0.6 : 0.35));
  add(svg, "line", { x1: left, x2: width - left, y1: top + plot, y2: top + plot, stroke: "#d9e2ec" });
  items.forEach((item, index) => {
    const centre = left + slot * index + slot / 2;
    const bars = item.previous === undefined ? [[item.value, "#0b5cad", 0]] : [[item.value, "#0b5cad", -barWidth / 2 - 1], [item.previous, "#9fb3c8", barWidth / 2 + 1]];
    for (const [value, colour, offset] of bars) {
      const h = Math.max(0, (value / top1) * plot);
      add(svg, "rect", { x: centre + offset - barWidth / 2, y: top + plot - h, width: barWidth, height: h, fill: colour });
      add(svg, "text", { x: centre + offset, y: top + plot - h - 4, "text-anchor": "middle", "font-size": 11, fill: "#1f2933" }, format(value));
    }
    add(svg, "text", { x: centre, y: height - bottom + 16, "text-anchor": "middle", "font-size": 11, fill: "#616e7c" }, truncate(item.label, slot));
  });
}

function truncate(text, room) {
  const most = Math.max(2, Math.floor(room / 11));
  return text.length > most ? `${text.slice(0, most - 1)}…` : text;
}

function add(parent, name, attributes, text) {
  const element = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  parent.appendChild(element);
  return element;
}
