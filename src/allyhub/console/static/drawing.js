// allyhub console: the relationship graph, drawn by Cytoscape.js (vendored under
// /static/vendor, MIT). The server sends only what the member may see: nodes, the links
// between two of them, and fusion links; Expand asks /graph/neighbours for one object's
// surroundings, checked the same way. Text is set as data, never as HTML.
"use strict";

(function () {
  const container = document.getElementById("graph");
  const source = document.getElementById("graph-data");
  if (!container || !source || typeof window.cytoscape !== "function") {
    return;
  }
  const TLP = { red: "#ff2b2b", amber: "#ffc000", "amber+strict": "#ffc000", green: "#33cc00", clear: "#9aa0a6" };
  const KIND = {
    "threat-actor": "#c0392b", "intrusion-set": "#8e44ad", campaign: "#d35400",
    identity: "#2c3e50", location: "#16a085", report: "#2471a3", note: "#7f8c8d",
    opinion: "#b7950b", sighting: "#1e8449", indicator: "#a04000", malware: "#6c3483",
  };
  const SHAPE = {
    "threat-actor": "diamond", "intrusion-set": "diamond", campaign: "diamond",
    identity: "ellipse", location: "ellipse", report: "round-rectangle", note: "round-rectangle",
    opinion: "round-rectangle", grouping: "round-rectangle", indicator: "triangle",
    sighting: "triangle", "observed-data": "triangle",
  };
  const status = document.getElementById("graph-selected");
  const buttons = {};
  document.querySelectorAll("[data-graph]").forEach(function (b) { buttons[b.dataset.graph] = b; });

  function short(text) {
    return text.length > 22 ? text.slice(0, 21) + "…" : text;
  }

  function elements(data) {
    const list = [];
    data.nodes.forEach(function (n) {
      list.push({ group: "nodes", data: {
        id: n.id, label: short(n.title), title: n.title, type: n.type, member: n.member,
        tlp: n.tlp, focus: n.focus ? 1 : 0,
        colour: KIND[n.type] || "#566573", ring: TLP[n.tlp] || "#566573",
        shape: SHAPE[n.type] || (n.type.indexOf("-addr") > 0 || n.type === "domain-name" || n.type === "url" || n.type === "file" ? "triangle" : "ellipse"),
      } });
    });
    data.edges.forEach(function (e, i) {
      if (e.source === e.target) {
        return;
      }
      list.push({ group: "edges", data: {
        id: e.kind + ":" + e.source + ">" + e.target + ":" + e.label,
        source: e.source, target: e.target, label: e.label, kind: e.kind, band: e.band || "",
      } });
    });
    return list;
  }

  const cy = window.cytoscape({
    container: container,
    elements: elements(JSON.parse(source.textContent)),
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", shape: "data(shape)", width: 22, height: 22,
        "border-width": 4, "border-color": "data(ring)", label: "data(label)",
        "font-size": 10, "text-valign": "bottom", "text-margin-y": 4, color: "#1c2833",
        "text-background-color": "#ffffff", "text-background-opacity": 0.8,
        "text-background-padding": 1, "min-zoomed-font-size": 7,
      } },
      { selector: "node[focus = 1]", style: { width: 34, height: 34, "font-weight": "bold" } },
      { selector: "node:selected", style: { "overlay-color": "#e67e22", "overlay-opacity": 0.35, "overlay-padding": 6 } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#7b8a8b", "target-arrow-color": "#7b8a8b",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)",
        "font-size": 8, color: "#4d5656", "text-rotation": "autorotate",
        "min-zoomed-font-size": 9, "text-background-color": "#ffffff", "text-background-opacity": 0.7,
      } },
      { selector: "edge[kind = 'fusion']", style: {
        "line-style": "dashed", "line-color": "#8e44ad", width: 3, "target-arrow-shape": "none",
      } },
      { selector: "edge[band = 'review']", style: { "line-style": "dotted", width: 2 } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: ".lit", style: { "line-color": "#e67e22", "target-arrow-color": "#e67e22", width: 3 } },
    ],
  });

  function layout(fit) {
    cy.layout({
      name: "cose", animate: false, randomize: false, fit: fit !== false, padding: 30,
      nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 70; },
      nodeOverlap: 12, gravity: 0.6, numIter: 1500, componentSpacing: 110,
    }).run();
  }
  layout();

  let selected = null;
  function select(node) {
    cy.elements().removeClass("lit");
    cy.$(":selected").unselect();
    selected = node;
    buttons.expand.disabled = buttons.open.disabled = !node;
    if (!node) {
      status.textContent = "Nothing selected.";
      return;
    }
    node.select();
    node.connectedEdges().addClass("lit");
    const degree = node.connectedEdges(":visible").length;
    status.textContent = "Selected: " + node.data("type") + " " + node.data("title") +
      ", " + degree + " link" + (degree === 1 ? "" : "s") + ".";
  }
  cy.on("tap", "node", function (event) { select(event.target); });
  cy.on("tap", function (event) { if (event.target === cy) { select(null); } });
  cy.on("dbltap", "node", function (event) { open(event.target); });

  function open(node) {
    if (node) {
      window.location.href = "/objects/" + encodeURIComponent(node.id());
    }
  }

  function expand(node) {
    if (!node) {
      return;
    }
    fetch("/graph/neighbours?id=" + encodeURIComponent(node.id()), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) {
          status.textContent = "Nothing more to show around it.";
          return;
        }
        const fresh = elements(data).filter(function (el) { return cy.getElementById(el.data.id).empty(); });
        fresh.forEach(function (el) { if (el.data.focus) { el.data.focus = 0; } });
        cy.add(fresh.filter(function (el) { return el.group === "nodes"; }));
        cy.add(fresh.filter(function (el) {
          return el.group === "edges" && !cy.getElementById(el.data.source).empty() && !cy.getElementById(el.data.target).empty();
        }));
        applyFilters();
        layout(false);
        const added = fresh.filter(function (el) { return el.group === "nodes"; }).length;
        status.textContent = added + " object" + (added === 1 ? "" : "s") + " added around " + node.data("title") + ".";
        document.getElementById("graph-count").textContent = cy.nodes().length + " objects, " + cy.edges().length + " links";
      });
  }

  function applyFilters() {
    const off = { type: new Set(), member: new Set(), fusion: new Set() };
    document.querySelectorAll("[data-filter]").forEach(function (box) {
      if (!box.checked) {
        off[box.dataset.filter].add(box.value);
      }
    });
    cy.nodes().forEach(function (n) {
      n.toggleClass("hidden", off.type.has(n.data("type")) || off.member.has(n.data("member")));
    });
    cy.edges().forEach(function (e) {
      e.toggleClass("hidden", e.data("kind") === "fusion" && off.fusion.has("fusion"));
    });
  }
  document.querySelectorAll("[data-filter]").forEach(function (box) { box.addEventListener("change", applyFilters); });

  function zoomBy(factor) {
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } });
  }
  buttons["zoom-in"].addEventListener("click", function () { zoomBy(1.25); });
  buttons["zoom-out"].addEventListener("click", function () { zoomBy(0.8); });
  buttons.fit.addEventListener("click", function () { cy.fit(cy.elements(":visible"), 30); });
  buttons.expand.addEventListener("click", function () { expand(selected); });
  buttons.open.addEventListener("click", function () { open(selected); });

  // From the keyboard: the arrow keys walk to a linked object in that direction (or the
  // first object when none is selected), Enter opens, E expands, +/- zoom, 0 fits.
  container.addEventListener("keydown", function (event) {
    const key = event.key;
    const arrows = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
    if (arrows[key]) {
      event.preventDefault();
      const visible = cy.nodes(":visible");
      if (!selected) {
        const focus = visible.filter("[focus = 1]");
        select(focus.nonempty() ? focus[0] : visible[0]);
        return;
      }
      const [dx, dy] = arrows[key];
      const here = selected.position();
      let best = null;
      let bestScore = Infinity;
      selected.neighborhood("node:visible").forEach(function (n) {
        const p = n.position();
        const along = (p.x - here.x) * dx + (p.y - here.y) * dy;
        const across = Math.abs((p.x - here.x) * dy) + Math.abs((p.y - here.y) * dx);
        const score = along > 0 ? across - along / 2 : 1e6 + across - along;
        if (score < bestScore) { best = n; bestScore = score; }
      });
      if (best) {
        select(best);
        cy.center(best);
      }
    } else if (key === "Enter") {
      open(selected);
    } else if (key === "e" || key === "E") {
      expand(selected);
    } else if (key === "+" || key === "=") {
      zoomBy(1.25);
    } else if (key === "-") {
      zoomBy(0.8);
    } else if (key === "0") {
      cy.fit(cy.elements(":visible"), 30);
    }
  });
})();
