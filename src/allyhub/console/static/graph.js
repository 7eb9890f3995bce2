// allyhub console: the relationship graph as SVG, laid out by a small force simulation
// (Fruchterman–Reingold) in plain JavaScript. The server sends only what the member may
// see (nodes) and links between two of them (edges); this draws them. Every node is a
// link: Tab reaches it, the arrow keys move to linked nodes, Enter opens the object.
"use strict";

(function () {
  const svg = document.getElementById("graph");
  const source = document.getElementById("graph-data");
  if (!svg || !source) {
    return;
  }
  const NS = "http://www.w3.org/2000/svg";
  const WIDTH = 1000;
  const HEIGHT = 640;
  const MARGIN = 60;
  const TLP = { red: "#ff2b2b", amber: "#ffc000", "amber+strict": "#ffc000", green: "#33ff00", clear: "#ffffff" };
  const KIND = {
    "threat-actor": "#c0392b", "intrusion-set": "#8e44ad", campaign: "#d35400",
    identity: "#2c3e50", location: "#16a085", report: "#2471a3", note: "#7f8c8d",
    opinion: "#b7950b", sighting: "#1e8449", indicator: "#a04000", malware: "#6c3483",
  };
  const data = JSON.parse(source.textContent);
  const nodes = data.nodes.map(function (node, i) {
    // a deterministic start (a sunflower spiral) so the same data gives the same picture
    const angle = i * 2.399963;
    const radius = 12 * Math.sqrt(i + 1);
    return Object.assign({}, node, { x: WIDTH / 2 + radius * Math.cos(angle), y: HEIGHT / 2 + radius * Math.sin(angle) });
  });
  const index = new Map(nodes.map(function (node, i) { return [node.id, i]; }));
  const edges = data.edges
    .filter(function (e) { return index.has(e.source) && index.has(e.target) && e.source !== e.target; })
    .map(function (e) { return Object.assign({}, e, { s: index.get(e.source), t: index.get(e.target) }); });

  layout(nodes, edges);
  fit(nodes);

  function layout(nodes, edges) {
    const n = nodes.length;
    if (n < 2) {
      return;
    }
    const k = 0.75 * Math.sqrt((WIDTH * HEIGHT) / n);
    const rounds = 300;
    for (let round = 0; round < rounds; round++) {
      const heat = (WIDTH / 8) * (1 - round / rounds) + 1;
      const dx = new Float64Array(n);
      const dy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let x = nodes[i].x - nodes[j].x;
          let y = nodes[i].y - nodes[j].y;
          let d = Math.sqrt(x * x + y * y);
          if (d < 0.01) { x = 0.01 * (i - j); y = 0.01; d = 0.02; }
          if (d > 3 * k) {
            continue;  // far apart: no push, so lone nodes do not fly off
          }
          const push = (k * k) / d;
          dx[i] += (x / d) * push; dy[i] += (y / d) * push;
          dx[j] -= (x / d) * push; dy[j] -= (y / d) * push;
        }
      }
      edges.forEach(function (e) {
        const x = nodes[e.s].x - nodes[e.t].x;
        const y = nodes[e.s].y - nodes[e.t].y;
        const d = Math.max(Math.sqrt(x * x + y * y), 0.01);
        const pull = (d * d) / (2.5 * k);
        dx[e.s] -= (x / d) * pull; dy[e.s] -= (y / d) * pull;
        dx[e.t] += (x / d) * pull; dy[e.t] += (y / d) * pull;
      });
      for (let i = 0; i < n; i++) {
        dx[i] -= (nodes[i].x - WIDTH / 2) * 0.05 * k;  // gravity keeps the cloud together
        dy[i] -= (nodes[i].y - HEIGHT / 2) * 0.05 * k;
        const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        const step = Math.min(d, heat);
        nodes[i].x += (dx[i] / d) * step;
        nodes[i].y += (dy[i] / d) * step;
      }
    }
  }

  function fit(nodes) {
    if (!nodes.length) {
      return;
    }
    const xs = nodes.map(function (node) { return node.x; });
    const ys = nodes.map(function (node) { return node.y; });
    const minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    const minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    const scale = Math.min(
      (WIDTH - 2 * MARGIN) / Math.max(maxX - minX, 1),
      (HEIGHT - 2 * MARGIN) / Math.max(maxY - minY, 1),
      1.5
    );
    nodes.forEach(function (node) {
      node.x = MARGIN + (node.x - minX) * scale + (WIDTH - 2 * MARGIN - (maxX - minX) * scale) / 2;
      node.y = MARGIN + (node.y - minY) * scale + (HEIGHT - 2 * MARGIN - (maxY - minY) * scale) / 2;
    });
  }

  function element(tag, attributes, parent) {
    const made = document.createElementNS(NS, tag);
    Object.keys(attributes).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    if (parent) {
      parent.appendChild(made);
    }
    return made;
  }

  function short(text) {
    return text.length > 30 ? text.slice(0, 29) + "…" : text;
  }

  const edgeLayer = element("g", { class: "edges" }, svg);
  const nodeLayer = element("g", { class: "nodes" }, svg);
  const drawn = edges.map(function (e) {
    const a = nodes[e.s], b = nodes[e.t];
    const group = element("g", {}, edgeLayer);
    const line = element("line", { class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y }, group);
    element("title", {}, line).textContent = a.title + " — " + e.label + " → " + b.title;
    const label = element("text", { class: "edge-label", x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3, "text-anchor": "middle" }, group);
    label.textContent = e.label;
    return line;
  });

  const neighbours = nodes.map(function () { return []; });
  edges.forEach(function (e, i) {
    neighbours[e.s].push({ node: e.t, edge: i });
    neighbours[e.t].push({ node: e.s, edge: i });
  });

  const links = nodes.map(function (node, i) {
    const link = element("a", { class: "node" + (node.focus ? " focus" : ""), href: "/objects/" + encodeURIComponent(node.id) }, nodeLayer);
    link.setAttribute("aria-label", node.type + ": " + node.title + ", TLP:" + node.tlp.toUpperCase() + ", " + neighbours[i].length + " links");
    const radius = node.focus ? 14 : 10;
    element("circle", { cx: node.x, cy: node.y, r: radius + 3, fill: "#000" }, link);
    element("circle", { cx: node.x, cy: node.y, r: radius, fill: KIND[node.type] || "#566573", stroke: TLP[node.tlp] || "#fff" }, link);
    const label = element("text", { x: node.x, y: node.y + radius + 16, "text-anchor": "middle" }, link);
    label.textContent = short(node.title);
    element("title", {}, link).textContent = node.type + ": " + node.title;
    link.addEventListener("focus", function () { light(i, true); });
    link.addEventListener("blur", function () { light(i, false); });
    link.addEventListener("mouseenter", function () { light(i, true); });
    link.addEventListener("mouseleave", function () { light(i, false); });
    link.addEventListener("keydown", function (event) { move(event, i); });
    return link;
  });

  function light(i, on) {
    neighbours[i].forEach(function (next) { drawn[next.edge].classList.toggle("lit", on); });
  }

  const cursor = nodes.map(function () { return -1; });
  function move(event, i) {
    const forward = event.key === "ArrowRight" || event.key === "ArrowDown";
    const backward = event.key === "ArrowLeft" || event.key === "ArrowUp";
    if ((!forward && !backward) || !neighbours[i].length) {
      return;
    }
    event.preventDefault();
    const count = neighbours[i].length;
    cursor[i] = (cursor[i] + (forward ? 1 : count - 1) + (cursor[i] < 0 && backward ? 1 : 0)) % count;
    links[neighbours[i][cursor[i]].node].focus();
  }
})();
