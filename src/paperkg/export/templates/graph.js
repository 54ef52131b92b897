"use strict";
// The paperkg page: draws one view at a time from the JSON block, with search, filters and details.
// Every string from the data goes into the page through textContent (never innerHTML), links only to http(s).
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const KINDS = data.kinds.map(([name]) => name);
  const rows = data.nodes; // [id, label, kind index, alternative names?]; no id: named in details only
  const indexOf = new Map(rows.flatMap((row, i) => (row[0] === null ? [] : [[row[0], i]])));
  const searchText = rows.map((row) => (row[1] + (row.length > 3 ? "\n" + row[3] : "")).toLowerCase());
  const state = { view: null, kinds: new Set(KINDS), minDegree: 0, minWeight: 0, visible: new Set() };
  const $ = (id) => document.getElementById(id);
  const number = (n) => n.toLocaleString("en-US");
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const short = (text) => (text.length <= 40 ? text : text.slice(0, 39).trimEnd() + "…");

  let nodes, edges, nodeView, edgeView;
  function datasets(name) {
    const view = data.views[name];
    const degree = new Map();
    for (const [a, b] of view.edges) {
      degree.set(a, (degree.get(a) || 0) + 1);
      degree.set(b, (degree.get(b) || 0) + 1);
    }
    nodes = new vis.DataSet(view.nodes.map(([i, x, y, size]) => ({
      id: rows[i][0], label: short(rows[i][1]), ...(x === null ? {} : { x, y }), size,
      color: data.kinds[rows[i][2]][1], kind: KINDS[rows[i][2]], degree: degree.get(i) || 0,
    })));
    edges = new vis.DataSet(view.edges.map(([a, b, weight], k) => ({
      id: k, from: rows[a][0], to: rows[b][0], value: weight,
    })));
    nodeView = new vis.DataView(nodes, {
      filter: (node) => state.kinds.has(node.kind) && node.degree >= state.minDegree,
    });
    state.visible = new Set(nodeView.getIds());
    edgeView = new vis.DataView(edges, {
      filter: (edge) => edge.value >= state.minWeight && state.visible.has(edge.from) && state.visible.has(edge.to),
    });
    state.view = name;
    return { nodes: nodeView, edges: edgeView };
  }

  const network = new vis.Network($("graph"), datasets(data.order[0]), data.options);
  const api = { network, data, ready: false, drawnAt: null };
  window.paperkg = api;
  network.once("afterDrawing", () => {
    api.drawnAt = performance.now();
    api.ready = true;
  });

  function status() {
    const view = data.views[state.view];
    $("status").textContent = number(nodeView.length) + " of " + number(view.nodes.length) + " nodes · " +
      number(edgeView.length) + " of " + number(view.edges.length) + " edges shown";
    const cap = $("cap");
    const cut = view.total_nodes > view.nodes.length || view.total_edges > view.edges.length;
    cap.hidden = !cut;
    if (cut) {
      cap.textContent = "This view has " + number(view.total_nodes) + " nodes and " + number(view.total_edges) +
        " edges; the page shows the " + number(view.nodes.length) + " most connected nodes (at most " +
        number(data.max_nodes) + ", set with paperkg build --html-max-nodes) and " +
        (view.edges.length < view.edges_among
          ? "the " + number(view.edges.length) + " heaviest of the " + number(view.edges_among) + " edges among them."
          : "the " + number(view.edges.length) + " edges among them.");
    }
  }

  function refresh() {
    nodeView.refresh();
    state.visible = new Set(nodeView.getIds());
    edgeView.refresh();
    status();
    const query = $("search").value;
    if (query) $("matches").replaceChildren(...find(query).map(link));
  }

  function setView(name) {
    if (!data.views[name]) return;
    network.setData(datasets(name));
    $("view").value = name;
    hideTooltip();
    legend();
    refresh();
  }

  // Details panel --------------------------------------------------------------------------------------
  function link(id) {
    const i = typeof id === "number" ? id : indexOf.get(id);
    const row = rows[i];
    if (i >= data.details.length) return el("span", row[1], "plain"); // outside the page's cap: a name only
    const b = el("button", row[1]);
    b.type = "button";
    b.addEventListener("click", () => focus(row[0]));
    return b;
  }

  function list(box, title, entries, render) {
    box.append(el("h3", title + " (" + number(entries.items.length + entries.more) + ")"));
    entries.items.forEach((entry) => box.append(...render(entry)));
    if (entries.more) box.append(el("div", "… and " + number(entries.more) + " more", "muted"));
  }

  function safeUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function show(id) {
    const i = indexOf.get(id);
    const box = $("details");
    box.replaceChildren();
    if (i === undefined) return;
    const row = rows[i];
    const kind = KINDS[row[2]];
    box.append(el("div", kind, "kind"), el("h2", row[1]));
    const d = data.details[i];
    if (!d) {
      box.append(el("p", "Not among the nodes this page shows.", "muted"));
      return;
    }
    if (row.length > 3) box.append(el("div", "Also: " + row[3], "muted"));
    if (kind === "Paper") {
      if (d.venue) box.append(el("div", d.venue, "muted"));
      const href = safeUrl(d.url);
      if (href) {
        const a = el("a", d.url);
        a.href = href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        box.append(a);
      } else if (d.url) {
        box.append(el("div", d.url, "muted"));
      }
      list(box, "Authors", d.authors, (a) => [link(a)]);
      if (d.abstract) box.append(el("h3", "Abstract"), el("p", d.abstract));
      list(box, "Concepts", d.concepts, ([c, relation, evidence]) => {
        const item = link(c);
        item.textContent = relation + ": " + rows[c][1];
        return evidence ? [item, el("div", "“" + evidence + "”", "evidence")] : [item];
      });
    } else {
      list(box, "Papers", d.papers, (p) => [link(p)]);
      list(box, kind === "Author" ? "Co-authors" : "Related concepts", d.related, ([r, weight]) => {
        const item = link(r);
        item.textContent = rows[r][1] + (weight > 1 ? " (" + weight + ")" : "");
        return [item];
      });
    }
  }

  function focus(id) {
    if (state.visible.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.2, animation: false });
    } else {
      network.unselectAll();
    }
    show(id);
  }

  // Tooltip on hover: the full label, as text ------------------------------------------------------------
  const tooltip = $("tooltip");
  function hideTooltip() {
    tooltip.hidden = true;
  }
  network.on("hoverNode", (event) => {
    const i = indexOf.get(event.node);
    tooltip.replaceChildren(el("div", KINDS[rows[i][2]], "kind"), el("div", rows[i][1]));
    const box = $("graph").getBoundingClientRect();
    tooltip.style.left = box.left + event.pointer.DOM.x + 12 + "px";
    tooltip.style.top = box.top + event.pointer.DOM.y + 12 + "px";
    tooltip.hidden = false;
  });
  ["blurNode", "dragStart", "zoom"].forEach((name) => network.on(name, hideTooltip));
  network.on("click", (event) => {
    if (event.nodes.length) show(event.nodes[0]);
  });

  // Search: over the nodes shown, labels and alternative names; prefix matches first -------------------
  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const hits = [];
    for (const id of state.visible) {
      const i = indexOf.get(id);
      const at = searchText[i].indexOf(q);
      if (at >= 0) hits.push([at === 0 ? 0 : 1, rows[i][1].length, rows[i][1], id]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    return hits.slice(0, 12).map((hit) => hit[3]);
  }
  const search = $("search");
  search.addEventListener("input", () => $("matches").replaceChildren(...find(search.value).map(link)));
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const found = find(search.value);
      if (found.length) focus(found[0]);
    }
  });

  // Controls: view, legend with a filter per type, minimum degree and weight -----------------------------
  const select = $("view");
  for (const name of data.order) {
    const option = el("option", data.views[name].title);
    option.value = name;
    select.append(option);
  }
  select.addEventListener("change", () => setView(select.value));
  // The legend: the types of the view's nodes, each with its count and a box to show or hide it.
  function legend() {
    const counts = new Map();
    for (const [i] of data.views[state.view].nodes) counts.set(rows[i][2], (counts.get(rows[i][2]) || 0) + 1);
    $("legend").replaceChildren(...data.kinds.flatMap(([kind, colour], k) => {
      if (!counts.has(k)) return [];
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.checked = state.kinds.has(kind);
      box.dataset.kind = kind;
      box.addEventListener("change", () => {
        if (box.checked) state.kinds.add(kind);
        else state.kinds.delete(kind);
        refresh();
      });
      const dot = el("span", undefined, "dot");
      dot.style.background = colour;
      label.append(box, dot, kind + " ", el("span", "(" + number(counts.get(k)) + ")", "muted"));
      return [label];
    }));
  }
  const minimum = (input, key) => input.addEventListener("input", () => {
    state[key] = Math.max(0, Number(input.value) || 0);
    refresh();
  });
  minimum($("min-degree"), "minDegree");
  minimum($("min-weight"), "minWeight");

  Object.assign(api, {
    find, focus, show, setView,
    view: () => state.view,
    visibleNodes: () => nodeView.getIds(),
    visibleEdges: () => edgeView.length,
  });
  legend();
  status();
})();
