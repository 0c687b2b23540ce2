// Graph: actors from /graph.json drawn with Cytoscape. Edge colour is the PLOVER quad class (cooperative or
// conflictual) or a quote; width is the number of evidence sentences. Selecting an edge lists them.
"use strict";
(function () {
  // The year slider sets the window to that one year and redraws: slide to watch an alliance shift.
  const slider = document.getElementById("window-year");
  if (slider) {
    const shown = document.getElementById("window-year-shown");
    slider.addEventListener("input", () => { if (shown) shown.textContent = slider.value; });
    slider.addEventListener("change", () => {
      document.getElementById("window-from").value = slider.value;
      document.getElementById("window-to").value = slider.value;
      slider.form.submit();
    });
  }
})();
(function () {
  const box = document.getElementById("graph");
  const panel = document.getElementById("edge-panel");
  if (!box || !panel) return;
  const { el, fetchJSON, showError } = window.Dossier;
  const NODE_COLOURS = { PERSON: "#56b4e9", ORG: "#e69f00", GPE: "#009e73", NORP: "#cc79a7", LOC: "#009e73" };
  const EDGE_COLOURS = { cooperative: "#0072b2", conflictual: "#d55e00", quote: "#6f6f6f" };

  function scale(value, max, low, high) {
    return max <= 1 ? (low + high) / 2 : low + ((high - low) * (value - 1)) / (max - 1);
  }

  function showEdge(data, names, edgeId) {
    const edge = data.edges.find((e) => e.id === edgeId);
    if (!edge) return;
    const types = Object.entries(edge.types).map(([t, n]) => `${t} ${n}`).join(", ");
    const evidence = edge.evidence.map((x) =>
      el(
        "li",
        {},
        el("blockquote", {}, `“${x.sentence}”`),
        el("span", { class: "muted" }, `${x.kind}${x.mode ? " · " + x.mode : ""} · `),
        el("a", { href: x.href }, x.title || x.doc_id),
      ),
    );
    panel.replaceChildren(
      el("h2", {}, `${names.get(edge.source)} → ${names.get(edge.target)}`),
      el("p", { class: "muted" }, `${edge.polarity} · ${edge.weight} sentence${edge.weight === 1 ? "" : "s"} · ${types}`),
      el("ol", { class: "evidence-list" }, ...evidence),
      edge.weight > edge.evidence.length ? el("p", { class: "muted" }, `First ${edge.evidence.length} shown.`) : null,
    );
    panel.dataset.edge = edge.id;
  }

  function showNode(node, data) {
    const mine = data.edges.filter((e) => e.source === node.id || e.target === node.id);
    panel.replaceChildren(
      el("h2", {}, el("a", { href: node.href }, node.name)),
      el("p", { class: "muted" }, `${node.type} · ${mine.length} connection${mine.length === 1 ? "" : "s"}`),
      el("p", {}, el("a", { href: node.href }, "Open the entity page")),
    );
  }

  function draw(data) {
    if (!data.nodes.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No interactions between known actors yet."));
      return;
    }
    const names = new Map(data.nodes.map((n) => [n.id, n.name]));
    const maxEdge = Math.max(...data.edges.map((e) => e.weight), 1);
    const maxNode = Math.max(...data.nodes.map((n) => n.weight), 1);
    const cy = window.cytoscape({
      container: box,
      elements: [
        ...data.nodes.map((n) => ({
          data: { id: n.id, label: n.name, size: scale(n.weight, maxNode, 18, 54), colour: NODE_COLOURS[n.type] || "#999" },
        })),
        ...data.edges.map((e) => ({
          data: {
            id: e.id, source: e.source, target: e.target, polarity: e.polarity,
            width: scale(e.weight, maxEdge, 1.5, 9), colour: EDGE_COLOURS[e.polarity],
          },
        })),
      ],
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "data(colour)",
            "border-width": 1, "border-color": "#333", "font-size": 15, color: "#1b1d21",
            "text-outline-color": "#ffffff", "text-outline-width": 2, "text-valign": "bottom", "text-margin-y": 3,
          },
        },
        {
          selector: "edge",
          style: {
            width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
            "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85,
          },
        },
        { selector: 'edge[polarity = "quote"]', style: { "line-style": "dashed", "target-arrow-shape": "vee" } },
        { selector: ":selected", style: { "overlay-color": "#e69f00", "overlay-opacity": 0.35, "overlay-padding": 4 } },
      ],
      layout: { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 20, idealEdgeLength: () => 60 },
      minZoom: 0.2,
      maxZoom: 4,
    });
    // labels stay LABEL_PX on screen whatever the zoom (a fitted graph of 80 actors drew them at ~7 px)
    const LABEL_PX = 14;
    const readable = () =>
      cy.style().selector("node").style({ "font-size": LABEL_PX / cy.zoom(), "text-outline-width": 2 / cy.zoom() }).update();
    cy.on("zoom", readable);
    readable();
    const nodes = new Map(data.nodes.map((n) => [n.id, n]));
    cy.on("tap", "edge", (event) => showEdge(data, names, event.target.id()));
    cy.on("tap", "node", (event) => showNode(nodes.get(event.target.id()), data));
    for (const button of document.querySelectorAll("[data-edge]")) {
      button.addEventListener("click", () => {
        cy.elements().unselect();
        cy.getElementById(button.dataset.edge).select();
        showEdge(data, names, button.dataset.edge);
        panel.scrollIntoView({ block: "nearest" });
      });
    }
    window.dossierGraph = cy;
    box.dataset.ready = "true";
  }

  fetchJSON(box.dataset.source).then(draw, (error) => showError(box, error));
})();
