// kg graph page: draws window.kgPayload with vis-network, filters by relation type and shows
// the evidence of a clicked relation. Exposes window.kgData for tests and notebooks.
(function () {
  "use strict";
  var payload = window.kgPayload;
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var options = typeof payload.options === "string" ? JSON.parse(payload.options) : payload.options;
  var network = new vis.Network(document.getElementById("graph"),
                                { nodes: nodes, edges: edges }, options);
  var kg = { nodes: nodes, edges: edges, network: network, meta: payload.meta,
             stabilized: false, drawn: false, hiddenTypes: [], timings: {} };
  kg.timings.created = performance.now();
  window.kgData = kg;

  var loading = document.getElementById("loading");
  var loadingBar = document.getElementById("loading-bar");
  network.on("stabilizationProgress", function (p) {
    loadingBar.style.width = Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // Hold the layout still once it has settled: dragging moves one node, not the world.
    network.setOptions({ physics: { enabled: false } });
    loading.hidden = true;
    kg.stabilized = true;
    kg.timings.stabilized = performance.now();
    network.fit();
    // fit() frames node centres; step back a little so outer labels are not cut off.
    network.moveTo({ scale: network.getScale() * 0.9 });
  });
  if (nodes.length === 0) {  // nothing to lay out: vis-network fires no layout events
    kg.stabilized = true;
    kg.timings.stabilized = kg.timings.settledDraw = performance.now();
  }
  network.on("afterDrawing", function () {
    kg.drawn = true;
    if (kg.stabilized && !kg.timings.settledDraw) kg.timings.settledDraw = performance.now();
  });

  // --- filter by relation type and status ---------------------------------------------------
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.type-filter"));
  var statusBoxes = Array.prototype.slice.call(document.querySelectorAll("input.status-filter"));
  function unchecked(list, key) {
    var off = {};
    list.forEach(function (b) { if (!b.checked) off[b.dataset[key]] = true; });
    return off;
  }
  function applyFilter() {
    var hidden = unchecked(boxes, "type");
    var hiddenStatus = unchecked(statusBoxes, "status");
    kg.hiddenTypes = Object.keys(hidden);
    var visibleDegree = {};
    edges.update(edges.get().map(function (e) {
      var hide = !!(hidden[e.relType] || hiddenStatus[e.statusClass]);
      if (!hide) {
        visibleDegree[e.from] = (visibleDegree[e.from] || 0) + 1;
        visibleDegree[e.to] = (visibleDegree[e.to] || 0) + 1;
      }
      return { id: e.id, hidden: hide };
    }));
    nodes.update(nodes.get().map(function (n) {
      return { id: n.id, hidden: !n.center && n.degree > 0 && !visibleDegree[n.id] };
    }));
  }
  boxes.concat(statusBoxes).forEach(function (b) { b.addEventListener("change", applyFilter); });
  function setAll(checked) {
    boxes.forEach(function (b) { b.checked = checked; });
    applyFilter();
  }
  document.getElementById("types-all").addEventListener("click", function () { setAll(true); });
  document.getElementById("types-none").addEventListener("click", function () { setAll(false); });

  // --- details panel -------------------------------------------------------------------------
  var details = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    details.replaceChildren();
    var h = el("h3");
    h.append(el("span", e.names[0]), " ",
             el("span", e.relType.replace(/_/g, " ").toLowerCase(), "rel"), " ",
             el("span", e.names[1]));
    h.querySelector(".rel").style.color = e.color.color;
    details.append(h);
    var facts = el("ul", null, "facts");
    e.facts.forEach(function (f) { facts.append(el("li", f)); });
    facts.append(el("li", "confidence: " + Number(e.confidence).toFixed(2)));
    if (e.firstSeen) {
      facts.append(el("li", "seen: " + e.firstSeen +
                      (e.lastSeen && e.lastSeen !== e.firstSeen ? " to " + e.lastSeen : "")));
    }
    details.append(facts);
    var shown = e.evidence.length;
    details.append(el("h2", "Evidence (" + (e.evidenceCount > shown ?
                                            "newest " + shown + " of " + e.evidenceCount :
                                            shown) + ")"));
    e.evidence.slice().reverse().forEach(function (ev) {
      var box = el("div", null, "evidence");
      box.append(el("blockquote", "“" + ev.sentence + "”"));
      var cite = el("div", null, "cite");
      var source = [ev.title || ev.doc_id, ev.published].filter(Boolean).join(", ");
      if (ev.url && /^https?:\/\//i.test(ev.url)) {
        var a = el("a", source);
        a.href = ev.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        cite.append(a);
      } else {
        cite.append(source);
      }
      cite.append(" · " + ev.extractor + " · chars " + ev.start + "–" + ev.end);
      box.append(cite);
      details.append(box);
    });
  }
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    details.replaceChildren();
    details.append(el("h3", n.label));
    details.append(el("p", n.kgLabel + " · " + n.degree + " connection" + (n.degree === 1 ? "" : "s"),
                      "hint"));
    if (n.aliases && n.aliases.length) details.append(el("p", "also: " + n.aliases.join(", "), "hint"));
    var ties = el("ul", null, "ties");
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edges.get(eid);
      var li = el("li");
      var link = el("a", e.names[0] + " " + e.relType.replace(/_/g, " ").toLowerCase() + " " +
                    e.names[1] + (e.label ? " (" + e.label + ")" : ""));
      link.href = "#";
      link.addEventListener("click", function (ev) {
        ev.preventDefault(); network.selectEdges([eid]); showEdge(eid);
      });
      li.append(link);
      ties.append(li);
    });
    details.append(ties);
  }
  // --- light up a node's neighbourhood --------------------------------------------------------
  var baseColors = {};
  edges.forEach(function (e) { baseColors[e.id] = e.color; });
  var DIM = 0.12;
  var NODE_INK = options.nodes.font.color, EDGE_INK = options.edges.font.color;
  var DIM_INK = "rgba(120, 130, 140, 0.25)";
  function highlight(id) {
    var near = {};
    near[id] = true;
    var nearEdges = {};
    network.getConnectedEdges(id).forEach(function (eid) { nearEdges[eid] = true; });
    network.getConnectedNodes(id).forEach(function (nid) { near[nid] = true; });
    nodes.update(nodes.getIds().map(function (nid) {
      return { id: nid, opacity: near[nid] ? 1 : DIM,
               font: { color: near[nid] ? NODE_INK : DIM_INK } };
    }));
    edges.update(edges.getIds().map(function (eid) {
      var base = baseColors[eid];
      return nearEdges[eid]
        ? { id: eid, color: base, font: { color: EDGE_INK } }
        : { id: eid, color: Object.assign({}, base, { opacity: DIM }), font: { color: DIM_INK } };
    }));
    kg.highlighted = id;
  }
  function clearHighlight() {
    if (kg.highlighted === undefined) return;
    nodes.update(nodes.getIds().map(function (nid) {
      return { id: nid, opacity: 1, font: { color: NODE_INK } };
    }));
    edges.update(edges.getIds().map(function (eid) {
      return { id: eid, color: baseColors[eid], font: { color: EDGE_INK } };
    }));
    kg.highlighted = undefined;
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    } else {
      clearHighlight();
    }
  });
  kg.showEdge = showEdge;
  kg.showNode = showNode;

  // --- find an entity ------------------------------------------------------------------------
  var names = document.getElementById("node-names");
  var byName = {};
  nodes.forEach(function (n) {
    byName[n.label.toLowerCase()] = n.id;
    names.append(el("option", n.label));
  });
  document.getElementById("search").addEventListener("change", function (ev) {
    var id = byName[ev.target.value.trim().toLowerCase()];
    if (id === undefined) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.0, animation: { duration: 400 } });
    highlight(id);
    showNode(id);
  });
})();
