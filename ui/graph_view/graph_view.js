// The graph canvas: a vis-network view that talks back to the app (Streamlit components v2).
//
// vis-network (shipped in the pyvis package) is prepended to this module by graph_view.py,
// so the page needs nothing from the network. The app sends the nodes with their
// positions (laid out in Python, deterministic); the canvas draws them without physics,
// keeps the network between reruns, and sends back one "action" per user gesture:
// select, expand, expand_rel, hide, pin, unpin, path_from, open_source, open_explore,
// undo, redo, relayout. Text from data is only ever set as textContent.

const instances = new Map(); // key -> instance; the module lives as long as the page

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function tip(text) {
  const node = el("div", "gg-tip");
  node.textContent = text;
  return node;
}

function visNode(n, selected) {
  const font = { multi: false, face: "Noto Sans CJK SC, Noto Sans, sans-serif", size: 14 };
  const node = {
    id: n.id,
    label: n.label,
    title: tip(n.title),
    x: n.x,
    y: n.y,
    shape: n.shape,
    size: n.focus ? 24 : 14,
    font,
    borderWidth: n.focus ? 4 : n.pinned ? 3 : 1,
    color: { background: n.color, border: n.pinned ? "#222222" : n.color },
    shadow: n.pinned ? { enabled: true, size: 6, x: 2, y: 2 } : false,
  };
  if (n.cluster) {
    node.shape = "box";
    node.color = { background: n.color + "33", border: n.color };
    node.borderWidth = 2;
    node.shapeProperties = { borderDashes: [5, 3], borderRadius: 10 };
    node.font = { ...font, bold: { size: 13 } };
    node.margin = 8;
  }
  if (n.id === selected) node.borderWidth = 5;
  return node;
}

function visEdge(e) {
  return {
    id: e.id,
    from: e.from,
    to: e.to,
    label: e.label,
    title: e.title ? tip(e.title) : undefined,
    dashes: !!e.dashes,
    arrows: "to",
    color: { color: e.dashes ? "#999999" : "#666666", highlight: "#d62728" },
    font: { size: 10, align: "middle", face: "Noto Sans CJK SC, Noto Sans, sans-serif" },
    // relation names show once the zoom gives them room (and always on hover)
    scaling: { label: { drawThreshold: 9 } },
    smooth: { enabled: true, type: "continuous", roundness: 0.2 },
  };
}

function sync(dataset, items) {
  const keep = new Set(items.map((i) => i.id));
  const gone = dataset.getIds().filter((id) => !keep.has(id));
  if (gone.length) dataset.remove(gone);
  dataset.update(items);
}

function createInstance(parent, key) {
  const root = el("div", "gg-canvas");
  root.tabIndex = 0;
  root.dataset.testid = "gg-canvas";
  root.dataset.key = key;
  const bar = el("div", "gg-bar");
  const title = el("span", "gg-title");
  const buttons = {};
  for (const [name, glyph] of [
    ["fit", "⤢"],
    ["fullscreen", "⛶"],
    ["undo", "↶"],
    ["redo", "↷"],
    ["relayout", "⟳"],
  ]) {
    const b = el("button", "gg-btn", glyph);
    b.type = "button";
    b.dataset.action = name;
    buttons[name] = b;
    bar.appendChild(b);
  }
  const find = el("input", "gg-find");
  find.type = "search";
  find.dataset.action = "find";
  const list = el("datalist");
  list.id = `gg-find-${key}-${Math.random().toString(36).slice(2)}`;
  find.setAttribute("list", list.id);
  bar.append(find, list, title);
  const legend = el("div", "gg-legend");
  const stage = el("div", "gg-stage");
  const menu = el("div", "gg-menu");
  menu.hidden = true;
  root.append(bar, stage, legend, menu);
  parent.appendChild(root);

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const network = new vis.Network(
    stage,
    { nodes, edges },
    {
      autoResize: true,
      physics: { enabled: false },
      layout: { randomSeed: 7, improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 150, multiselect: false, zoomView: true },
      nodes: { widthConstraint: { maximum: 220 } },
    },
  );

  const inst = {
    root,
    parent,
    network,
    nodes,
    edges,
    data: null,
    send: () => {},
    fitted: false,
    clickTimer: null,
    history: [],
  };

  const act = (type, extra) => {
    const payload = { type, ...extra, nonce: `${Date.now()}-${Math.random()}` };
    root.dataset.lastAction = type;
    inst.send("action", payload);
  };
  inst.act = act;

  const hideMenu = () => {
    menu.hidden = true;
    menu.replaceChildren();
  };

  const fit = () => {
    if (stage.clientWidth > 0 && stage.clientHeight > 0 && nodes.length) {
      network.fit({ animation: false });
      if (network.getScale() > 1.1) network.moveTo({ scale: 1.1, animation: false });
      inst.fitted = true;
    }
  };
  inst.fit = fit;

  const findNode = (text) => {
    const q = text.trim().toLowerCase();
    if (!q || !inst.data) return null;
    const all = inst.data.nodes;
    const exact = all.find((n) => n.name.toLowerCase() === q);
    const part = all.find((n) => n.name.toLowerCase().includes(q));
    return (exact || part || {}).id || null;
  };
  inst.find = (text) => {
    const id = findNode(text);
    root.dataset.found = id || "";
    find.classList.toggle("gg-miss", !id);
    if (!id) return null;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    return id;
  };

  const toggleFullscreen = () => {
    if (document.fullscreenElement === root) {
      document.exitFullscreen();
    } else if (root.classList.contains("gg-max")) {
      root.classList.remove("gg-max");
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(() => root.classList.add("gg-max"));
    } else {
      root.classList.add("gg-max");
    }
  };
  const onFullscreen = () => {
    root.dataset.fullscreen = document.fullscreenElement === root ? "1" : "";
    setTimeout(fit, 50);
  };
  document.addEventListener("fullscreenchange", onFullscreen);

  bar.addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (!b || b.disabled) return;
    const name = b.dataset.action;
    if (name === "fit") fit();
    else if (name === "fullscreen") toggleFullscreen();
    else act(name, {});
  });
  find.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") inst.find(find.value);
    ev.stopPropagation();
  });
  find.addEventListener("change", () => inst.find(find.value));
  root.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      hideMenu();
      root.classList.remove("gg-max");
      return;
    }
    if (!(ev.ctrlKey || ev.metaKey)) return;
    const k = ev.key.toLowerCase();
    if (k === "z" && !ev.shiftKey && inst.data && inst.data.can_undo) act("undo", {});
    else if ((k === "y" || (k === "z" && ev.shiftKey)) && inst.data && inst.data.can_redo)
      act("redo", {});
    else return;
    ev.preventDefault();
  });

  network.on("click", (p) => {
    hideMenu();
    if (!p.nodes.length) return;
    const id = p.nodes[0];
    clearTimeout(inst.clickTimer);
    inst.clickTimer = setTimeout(() => act("select", { id }), 280);
  });
  network.on("doubleClick", (p) => {
    clearTimeout(inst.clickTimer);
    if (p.nodes.length) act("expand", { id: p.nodes[0] });
  });
  network.on("dragStart", hideMenu);
  network.on("dragEnd", (p) => {
    if (!p.nodes.length) return;
    const at = network.getPositions(p.nodes);
    for (const id of p.nodes) {
      const pos = at[id];
      const before = inst.data && inst.data.nodes.find((n) => n.id === id);
      if (before && Math.abs(before.x - pos.x) < 1 && Math.abs(before.y - pos.y) < 1) continue;
      act("pin", { id, x: Math.round(pos.x), y: Math.round(pos.y) });
    }
  });
  network.on("oncontext", (p) => {
    p.event.preventDefault();
    const id = network.getNodeAt(p.pointer.DOM);
    if (id === undefined) return hideMenu();
    inst.openMenu(id, p.pointer.DOM.x, p.pointer.DOM.y);
  });
  stage.addEventListener("contextmenu", (ev) => ev.preventDefault());

  inst.openMenu = (id, x, y) => {
    const data = inst.data;
    const node = data && data.nodes.find((n) => n.id === id);
    if (!node) return;
    const s = data.strings;
    hideMenu();
    const item = (text, type, extra, enabled = true) => {
      const b = el("button", "gg-item", text);
      b.type = "button";
      b.dataset.action = type;
      if (extra && extra.rel) b.dataset.rel = extra.rel;
      b.disabled = !enabled;
      b.addEventListener("click", () => {
        hideMenu();
        if (type === "pin") {
          const pos = network.getPositions([id])[id];
          act("pin", { id, x: Math.round(pos.x), y: Math.round(pos.y) });
        } else act(type, { id, ...extra });
      });
      menu.appendChild(b);
    };
    menu.appendChild(el("div", "gg-menu-head", node.name));
    if (node.cluster) {
      item(s.open_cluster, "expand", {});
      item(s.hide, "hide", {});
    } else {
      item(s.expand, "expand", {});
      const rels = (data.relations || {})[id] || [];
      if (rels.length) {
        menu.appendChild(el("div", "gg-menu-sub", s.expand_by));
        for (const [rel, label, dir, count] of rels) {
          item(`${dir === "out" ? "→" : "←"} ${label} (${count})`, "expand_rel", { rel, dir });
        }
      }
      item(s.hide, "hide", {}, !node.focus || data.nodes.filter((n) => n.focus).length > 1);
      item(node.pinned ? s.unpin : s.pin, node.pinned ? "unpin" : "pin", {});
      item(s.path_from, "path_from", {});
      item(s.open_source, "open_source", {});
      if (data.explore_link) item(s.open_explore, "open_explore", {});
    }
    menu.hidden = false;
    const w = root.clientWidth;
    menu.style.left = `${Math.min(x + 4, Math.max(w - 240, 0))}px`;
    menu.style.top = `${y + bar.offsetHeight + 4}px`;
    root.dataset.menu = id;
  };
  const onPointer = (ev) => {
    if (!menu.hidden && !menu.contains(ev.target)) hideMenu();
  };
  document.addEventListener("pointerdown", onPointer);

  // A canvas started in a hidden tab has no size: draw and fit once it is shown.
  const observer = new ResizeObserver(() => {
    if (stage.clientWidth > 0 && stage.clientHeight > 0) {
      network.setSize("100%", `${stage.clientHeight}px`);
      network.redraw();
      if (!inst.fitted) fit();
    }
  });
  observer.observe(stage);

  inst.destroy = () => {
    document.removeEventListener("fullscreenchange", onFullscreen);
    document.removeEventListener("pointerdown", onPointer);
    observer.disconnect();
    network.destroy();
    root.remove();
  };

  // The test hook: what a browser test needs to drive the canvas without pixel guessing.
  inst.api = {
    ids: () => nodes.getIds(),
    names: () => (inst.data ? inst.data.nodes.map((n) => n.name) : []),
    labels: () => nodes.get().map((n) => n.label),
    edgeLabels: () => edges.get().map((e) => e.label),
    clusters: () => (inst.data ? inst.data.nodes.filter((n) => n.cluster).map((n) => n.id) : []),
    node: (id) => (inst.data ? inst.data.nodes.find((n) => n.id === id) || null : null),
    idOf: (name) => {
      const n = inst.data && inst.data.nodes.find((m) => m.name === name);
      return n ? n.id : null;
    },
    positions: () => network.getPositions(),
    // where a node is on the screen (viewport pixels), and the canvas's own box
    screen: (id) => {
      const box = stage.getBoundingClientRect();
      const pos = network.getPositions([id])[id];
      if (!pos) return null;
      const dom = network.canvasToDOM(pos);
      return { x: box.left + dom.x, y: box.top + dom.y };
    },
    box: () => {
      const r = stage.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    },
    selected: () => network.getSelectedNodes(),
    find: (text) => inst.find(text),
    fit: () => fit(),
    scale: () => network.getScale(),
    revision: () => Number(root.dataset.revision || 0),
  };
  window.__ggCanvas = window.__ggCanvas || {};
  window.__ggCanvas[key] = inst.api;
  return inst;
}

function update(inst, data) {
  const previous = inst.data;
  inst.data = data;
  const { root, network, nodes, edges } = inst;
  const s = data.strings;
  const stage = root.querySelector(".gg-stage");
  stage.style.height = `${data.height}px`;
  const bar = root.querySelector(".gg-bar");
  for (const [name, label] of [
    ["fit", s.fit],
    ["fullscreen", s.fullscreen],
    ["undo", s.undo],
    ["redo", s.redo],
    ["relayout", s.relayout],
  ]) {
    const b = bar.querySelector(`button[data-action="${name}"]`);
    b.title = label;
    b.setAttribute("aria-label", label);
  }
  bar.querySelector('button[data-action="undo"]').disabled = !data.can_undo;
  bar.querySelector('button[data-action="redo"]').disabled = !data.can_redo;
  bar.querySelector('button[data-action="relayout"]').hidden = !data.relayout;
  const find = bar.querySelector(".gg-find");
  find.placeholder = s.find;
  const list = bar.querySelector("datalist");
  list.replaceChildren(...data.nodes.map((n) => Object.assign(el("option"), { value: n.name })));
  bar.querySelector(".gg-title").textContent = data.title || "";

  const legend = root.querySelector(".gg-legend");
  legend.replaceChildren(
    ...data.legend.map(([color, round, label]) => {
      const item = el("span", "gg-legend-item");
      const dot = el("span", "gg-swatch");
      dot.style.background = color;
      if (round) dot.style.borderRadius = "50%";
      item.append(dot, document.createTextNode(label));
      return item;
    }),
    el("span", "gg-legend-note", s.inferred),
  );

  const ids = new Set(data.nodes.map((n) => n.id));
  const overlap = previous ? previous.nodes.some((n) => ids.has(n.id)) : false;
  sync(nodes, data.nodes.map((n) => visNode(n, data.selected)));
  sync(edges, data.edges.map(visEdge));
  if (data.selected && ids.has(data.selected)) network.selectNodes([data.selected], false);
  else network.unselectAll();

  // a new picture (nothing in common with the last one, or asked for) is fitted
  if (!previous || !overlap || previous.fit !== data.fit) {
    inst.fitted = false;
    requestAnimationFrame(() => inst.fit());
  }
  root.dataset.nodes = String(data.nodes.length);
  root.dataset.clusters = String(data.nodes.filter((n) => n.cluster).length);
  root.dataset.selected = data.selected || "";
  root.dataset.canUndo = data.can_undo ? "1" : "";
  root.dataset.canRedo = data.can_redo ? "1" : "";
  root.dataset.revision = String(data.revision);
  root.dataset.ready = "1";
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let inst = instances.get(data.key);
  if (inst && (inst.parent !== parentElement || !inst.root.isConnected)) {
    inst.destroy();
    inst = undefined;
  }
  if (!inst) {
    inst = createInstance(parentElement, data.key);
    instances.set(data.key, inst);
  }
  inst.send = setTriggerValue;
  update(inst, data);
  return () => {
    // called when the element leaves the page
    if (instances.get(data.key) === inst) instances.delete(data.key);
    if (window.__ggCanvas && window.__ggCanvas[data.key] === inst.api) delete window.__ggCanvas[data.key];
    inst.destroy();
  };
}
