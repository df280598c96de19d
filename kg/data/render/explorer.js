/* cluster-kg explorer. Text from documents is untrusted: it is only ever put in the page with
   textContent (or as vis-network string tooltips, which vis shows with innerText), never as HTML. */
(function () {
  "use strict";

  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var meta = read("kg-meta");
  var options = read("kg-options");
  var nodes = new vis.DataSet(read("kg-nodes"));
  var edges = new vis.DataSet(read("kg-edges"));
  var typeInfo = {}, relationInfo = {};
  meta.types.forEach(function (t) { typeInfo[t.key] = t; });
  meta.relations.forEach(function (r) { relationInfo[r.key] = r; });

  /* The page opens on the cluster view (clusters and the entities one relation away), with
     unconnected entities hidden; the layout is computed first with every entity shown, so that
     showing more later moves nothing. A neighbourhood (state.around) ignores both toggles. */
  var state = {
    types: new Set(meta.types.map(function (t) { return t.key; })),
    relations: new Set(meta.relations.map(function (r) { return r.key; })),
    clusters: false,  // only the cluster view
    isolated: true,   // entities without relations too
    around: null,     // Set of node ids when showing one node's neighbourhood
    selected: null    // id of the selected node
  };

  function shownNode(n) {
    if (!state.types.has(n.kg.type)) { return false; }
    if (state.around !== null) { return state.around.has(n.id); }
    return (!state.clusters || n.kg.clusterView) && (state.isolated || n.kg.degree > 0);
  }
  var nodesView = new vis.DataView(nodes, { filter: shownNode });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) {
      return state.relations.has(e.kg.relation) && isVisible(e.from) && isVisible(e.to);
    }
  });
  function isVisible(id) {
    var n = nodes.get(id);
    return n !== null && shownNode(n);
  }

  if (!meta.physics) { options.physics = { enabled: false }; }
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);

  // ------------------------------------------------------------ small DOM helpers (text only)
  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (className) { e.className = className; }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function glyph(type) {
    var info = typeInfo[type], g = el("span", info.glyph, "kg-glyph");
    g.style.color = info.colour;
    return g;
  }
  function nodeLink(id) {
    var n = nodes.get(id), b = el("button", n ? n.kg.label : id, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function docName(d) { return d.title ? d.title + "（" + (d.source || "") + "）" : (d.source || ""); }
  function evidenceList(items) {
    var frag = document.createDocumentFragment();
    items.forEach(function (ev) {
      frag.appendChild(el("blockquote", ev.text));
      frag.appendChild(el("span", "来源：" + docName(ev), "kg-source"));
    });
    return frag;
  }

  // ------------------------------------------------------------ details panel
  var details = document.getElementById("kg-details");
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    var k = n.kg;
    clear(details);
    details.appendChild(el("h2", k.label)).dataset.kind = "node";
    var type = el("div", null, "kg-type");
    type.appendChild(glyph(k.type));
    type.appendChild(document.createTextNode(typeInfo[k.type].label + "（" + k.type + "）"));
    details.appendChild(type);
    if (k.aliases.length) {
      details.appendChild(el("h3", "别名"));
      var ul = details.appendChild(el("ul", null, "kg-list"));
      k.aliases.forEach(function (a) {
        var li = ul.appendChild(el("li", a.text));
        if (a.lang === "zh-Hant") { li.appendChild(el("span", "繁体", "kg-lang")); }
      });
    }
    details.appendChild(el("h3", "提及文档（" + k.documents.length + "）"));
    var docs = details.appendChild(el("ul", null, "kg-list"));
    k.documents.forEach(function (d) { docs.appendChild(el("li", docName(d))); });
    if (k.measurements.length) {
      details.appendChild(el("h3", "指标（" + k.measurements.length + "）"));
      var ms = details.appendChild(el("ul", null, "kg-list"));
      k.measurements.forEach(function (m) {
        var li = ms.appendChild(el("li"));
        var parts = [m.label || m.kind];
        if (m.amountYuan !== null) { parts.push(Number(m.amountYuan).toLocaleString("zh-CN") + " 元"); }
        if (m.count !== null) { parts.push(m.count + " 家"); }
        if (m.year !== null) { parts.push(m.year + " 年"); }
        li.appendChild(el("div", parts.join(" · ")));
        li.appendChild(evidenceList(m.evidence));
      });
    }
    var linked = network.getConnectedEdges(id);
    details.appendChild(el("h3", "关系（" + linked.length + "）"));
    var rel = details.appendChild(el("ul", null, "kg-list"));
    linked.forEach(function (eid) {
      var e = edges.get(eid), li = rel.appendChild(el("li"));
      var other = e.from === id ? e.to : e.from;
      li.appendChild(document.createTextNode((e.from === id ? "→ " : "← ") + e.label + "："));
      li.appendChild(nodeLink(other));
    });
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    var k = e.kg, info = relationInfo[k.relation];
    clear(details);
    details.appendChild(el("h2", info.label + "（" + k.relation + "）")).dataset.kind = "edge";
    var p = details.appendChild(el("p"));
    p.appendChild(nodeLink(k.from));
    p.appendChild(document.createTextNode(info.arrows === false ? " ↔ " : " → "));
    p.appendChild(nodeLink(k.to));
    details.appendChild(el("h3", "证据（" + k.evidence.length + "）"));
    details.appendChild(evidenceList(k.evidence));
  }

  // ------------------------------------------------------------ filters and neighbourhood
  function refresh() {
    nodesView.refresh();
    edgesView.refresh();
    var stats = document.getElementById("kg-stats");
    stats.textContent = "显示 " + nodesView.length + " / " + nodes.length + " 个实体，" +
      edgesView.length + " / " + edges.length + " 条关系";
    clusterBox.checked = state.clusters;
    isolatedBox.checked = state.isolated;
  }
  var clusterBox = document.getElementById("kg-cluster-view");
  var isolatedBox = document.getElementById("kg-isolated");
  var clusterCount = 0, isolatedCount = 0;
  nodes.forEach(function (n) {
    if (n.kg.clusterView) { clusterCount++; }
    if (n.kg.degree === 0) { isolatedCount++; }
  });
  document.getElementById("kg-cluster-count").textContent = clusterCount;
  document.getElementById("kg-isolated-count").textContent = isolatedCount;
  clusterBox.disabled = !meta.clusterView;
  /* The view toggles: `clusters` only the cluster view, `isolated` unconnected entities too. */
  function setView(clusters, isolated) {
    state.around = null;
    state.clusters = Boolean(clusters) && meta.clusterView;
    state.isolated = Boolean(isolated);
    refresh();
    network.fit({ animation: false });
    labelHubs();
  }
  /* Hubs' labels are drawn at least `hubScreenFont` pixels high at the scale the view is fitted
     at (vis hides labels smaller than drawThreshold on screen): a big view still shows its hubs. */
  var hubScreenFont = 13;
  function labelHubs() {
    var scale = network.getScale(), changes = [];
    if (!(scale > 0)) { return; }
    nodes.forEach(function (n) {
      if (!n.kg.hub) { return; }
      var size = Math.max(n.kg.hubFont, Math.ceil(hubScreenFont / scale));
      if (!n.font || n.font.size !== size) { changes.push({ id: n.id, font: { size: size } }); }
    });
    if (changes.length) { nodes.update(changes); }
  }
  function showClusters() { setView(true, false); }
  clusterBox.addEventListener("change", function () { setView(clusterBox.checked, state.isolated); });
  isolatedBox.addEventListener("change", function () { setView(state.clusters, isolatedBox.checked); });
  function filterList(listId, items, chosen) {
    var ul = document.getElementById(listId);
    items.forEach(function (item) {
      var li = ul.appendChild(el("li")), label = li.appendChild(el("label"));
      var box = label.appendChild(el("input"));
      box.type = "checkbox";
      box.checked = true;
      box.value = item.key;
      box.dataset.key = item.key;
      box.addEventListener("change", function () {
        if (box.checked) { chosen.add(item.key); } else { chosen.delete(item.key); }
        refresh();
      });
      if (item.glyph) {
        label.appendChild(glyph(item.key));
      } else {
        var line = label.appendChild(el("span", null, "kg-line"));
        line.style.borderColor = item.colour;
      }
      label.appendChild(el("span", item.label));
      label.appendChild(el("span", item.count, "kg-count"));
    });
  }
  function setChecked(listId, key, on) {
    var box = document.querySelector("#" + listId + " input[data-key='" + key + "']");
    if (box) { box.checked = on; }
  }
  function setType(key, on) {
    if (on) { state.types.add(key); } else { state.types.delete(key); }
    setChecked("kg-type-filters", key, on);
    refresh();
  }
  function setRelation(key, on) {
    if (on) { state.relations.add(key); } else { state.relations.delete(key); }
    setChecked("kg-relation-filters", key, on);
    refresh();
  }
  /* Nodes within `depth` hops of `id` (either direction), over the relations and types shown
     (whatever the view toggles hide). */
  function showAround(id, depth) {
    state.around = null;
    var reach = new Set([id]), frontier = [id];
    var typed = function (other) { var n = nodes.get(other); return n !== null && state.types.has(n.kg.type); };
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (n) {
        edges.forEach(function (e) {
          if (!state.relations.has(e.kg.relation)) { return; }
          var other = e.from === n ? e.to : (e.to === n ? e.from : null);
          if (other !== null && !reach.has(other) && typed(other)) { reach.add(other); next.push(other); }
        });
      });
      frontier = next;
    }
    state.around = reach;
    refresh();
    network.fit({ nodes: Array.from(reach), animation: false });
    network.selectNodes([id]);
    return reach.size;
  }
  function showAll() { setView(false, true); }

  // ------------------------------------------------------------ search
  var labelIndex = new Map();  // label → [node ids]
  nodes.forEach(function (n) {
    [n.kg.label].concat(n.kg.aliases.map(function (a) { return a.text; })).forEach(function (text) {
      if (!labelIndex.has(text)) { labelIndex.set(text, []); }
      if (labelIndex.get(text).indexOf(n.id) < 0) { labelIndex.get(text).push(n.id); }
    });
  });
  var datalist = document.getElementById("kg-labels");
  Array.from(labelIndex.keys()).sort().forEach(function (text) {
    var option = datalist.appendChild(el("option"));
    option.value = text;
  });
  function search(query) {
    var q = (query || "").trim();
    if (!q) { return []; }
    var found = labelIndex.get(q) || [];
    if (!found.length) {
      var lower = q.toLowerCase(), seen = new Set();
      labelIndex.forEach(function (ids, text) {
        if (text.toLowerCase().indexOf(lower) >= 0) { ids.forEach(function (i) { seen.add(i); }); }
      });
      found = Array.from(seen);
    }
    return found;
  }
  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) { return false; }
    if (!isVisible(id)) {
      state.around = null;
      if (state.clusters && !n.kg.clusterView) { state.clusters = false; }
      if (!state.isolated && n.kg.degree === 0) { state.isolated = true; }
      if (!state.types.has(n.kg.type)) { setType(n.kg.type, true); } else { refresh(); }
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    onSelect(id);
    return true;
  }
  function onSelect(id) {
    state.selected = id;
    document.getElementById("kg-around").disabled = id === null;
    if (id !== null) { showNode(id); }
  }
  var results = document.getElementById("kg-search-results");
  function runSearch(query) {
    var found = search(query);
    clear(results);
    if (found.length === 1) {
      focusNode(found[0]);
    } else if (found.length === 0) {
      results.appendChild(el("li", "未找到：" + query));
    } else {
      found.slice(0, 50).forEach(function (id) {
        var li = results.appendChild(el("li"));
        li.appendChild(glyph(nodes.get(id).kg.type));
        li.appendChild(nodeLink(id));
      });
      if (found.length > 50) { results.appendChild(el("li", "……共 " + found.length + " 个")); }
    }
    return found;
  }
  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    runSearch(document.getElementById("kg-search-input").value);
  });

  // ------------------------------------------------------------ wiring
  filterList("kg-type-filters", meta.types, state.types);
  filterList("kg-relation-filters", meta.relations, state.relations);
  document.getElementById("kg-around").addEventListener("click", function () {
    if (state.selected !== null) {
      showAround(state.selected, Number(document.getElementById("kg-depth").value));
    }
  });
  document.getElementById("kg-all").addEventListener("click", showAll);
  network.on("click", function (params) {
    if (params.nodes.length) { onSelect(params.nodes[0]); }
    else if (params.edges.length) { onSelect(null); showEdge(params.edges[0]); }
    else { onSelect(null); clear(details); details.appendChild(el("p", "点击节点或边查看详情。", "kg-hint")); }
  });
  refresh();

  var api = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    search: runSearch, focusNode: focusNode, setType: setType, setRelation: setRelation,
    showAround: showAround, showAll: showAll, showClusters: showClusters, setView: setView,
    showNode: showNode, showEdge: showEdge, state: state,
    drawnNodeCount: function () { return network.body.nodeIndices.length; },
    drawnEdgeCount: function () { return network.body.edgeIndices.length; },
    ready: false
  };
  window.kgExplorer = api;
  /* Positions of every entity are kept in the data set, so that one hidden now and shown
     later comes back where the layout put it; then the page switches to its opening view. */
  function ready() {
    network.storePositions();
    setView(meta.clusterView, false);
    network.once("afterDrawing", function () { api.ready = true; document.body.dataset.ready = "true"; });
    network.redraw();
  }
  if (meta.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      ready();
    });
  } else {
    ready();
  }
})();
