// hkkg's query page: pick a named query or a view (its parameters become form fields) or write
// SPARQL, run it against this server, and look at the answer as a table (labels in either
// language), a graph (the server's own SVG), a timeline (rows with dates) or a bar chart (a column
// of numbers). The URL always says how to reopen what is on screen. No third-party code; every
// text from the data is put in the page as text, never as markup.
"use strict";

const WORDS = {
  en: {
    tagline: "Hong Kong regional cooperation — knowledge graph",
    nav_queries: "Named queries", nav_views: "Graph views", nav_endpoint: "SPARQL endpoint",
    filter: "Filter examples", examples: "Named queries", views: "Graph views",
    own_query: "Your own query",
    own_query_text: "Write SPARQL below, or pick a named query on the left. The prefixes hk:, hkr:, hkp:, hkg:, schema:, rdfs:, skos: and the other usual ones are declared.",
    edited: "You edited the text: it runs as your own query, and the parameters above no longer apply.",
    run: "Run", hint: "Ctrl+Enter runs", copy_link: "Copy link to this query", copied: "Link copied",
    tab_table: "Table", tab_graph: "Graph", tab_timeline: "Timeline", tab_chart: "Bar chart",
    labels: "Labels", iris: "IRIs", nothing_yet: "Run a query to see its answer here.",
    running: "Running…", rows: (n) => `${n} row${n === 1 ? "" : "s"}`,
    took: (ms) => `${ms} ms`, download: "Download", all: "(all)", optional: "optional",
    yes: "true", no: "false", default_is: (d) => `default ${d}`,
    no_graph: "A graph is drawn for CONSTRUCT and DESCRIBE answers and for views; this answer is a table.",
    no_dates: "No column of this answer holds dates.",
    no_numbers: "No column of this answer holds numbers.",
    value_column: "Numbers", label_column: "Labels", start_column: "Start", end_column: "End",
    view_about: "A graph view: each row of its query is an edge. Run draws it; the dumps open in Gephi, Cytoscape, yEd or NetworkX.",
    boolean_answer: "Answer", failed: (status) => `The server answered ${status}`,
  },
  zh: {
    tagline: "香港區域合作 — 知識圖譜",
    nav_queries: "具名查詢", nav_views: "圖視圖", nav_endpoint: "SPARQL 端點",
    filter: "篩選範例", examples: "具名查詢", views: "圖視圖",
    own_query: "自訂查詢",
    own_query_text: "在下方撰寫 SPARQL，或從左側選擇具名查詢。已宣告前綴 hk:、hkr:、hkp:、hkg:、schema:、rdfs:、skos: 及其他常用前綴。",
    edited: "你已修改查詢文字：它將作為自訂查詢執行，上方的參數不再適用。",
    run: "執行", hint: "Ctrl+Enter 執行", copy_link: "複製此查詢的連結", copied: "已複製連結",
    tab_table: "表格", tab_graph: "關係圖", tab_timeline: "時間線", tab_chart: "棒形圖",
    labels: "標籤", iris: "IRI", nothing_yet: "執行查詢後，結果會顯示在這裏。",
    running: "執行中…", rows: (n) => `${n} 行`,
    took: (ms) => `${ms} 毫秒`, download: "下載", all: "（全部）", optional: "可選",
    yes: "是", no: "否", default_is: (d) => `預設 ${d}`,
    no_graph: "關係圖適用於 CONSTRUCT 與 DESCRIBE 的結果及圖視圖；此結果是表格。",
    no_dates: "此結果沒有包含日期的欄。",
    no_numbers: "此結果沒有包含數字的欄。",
    value_column: "數值", label_column: "標籤", start_column: "開始", end_column: "結束",
    view_about: "圖視圖：查詢的每一行是一條邊。執行即繪製；匯出檔可在 Gephi、Cytoscape、yEd 或 NetworkX 開啟。",
    boolean_answer: "答案", failed: (status) => `伺服器回應 ${status}`,
  },
};

const HKR = "https://w3id.org/hkkg/resource/";
const PREFIXES = [
  ["hk:", "https://w3id.org/hkkg/ontology#"], ["hkr:", HKR], ["hkp:", "https://w3id.org/hkkg/passage/"],
  ["hkg:", "https://w3id.org/hkkg/graph/"], ["schema:", "http://schema.org/"], ["schema:", "https://schema.org/"],
  ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["xsd:", "http://www.w3.org/2001/XMLSchema#"], ["skos:", "http://www.w3.org/2004/02/skos/core#"],
  ["owl:", "http://www.w3.org/2002/07/owl#"], ["wd:", "http://www.wikidata.org/entity/"],
];
const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger", "positiveInteger"];
const RESULTS_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";

const state = {
  lang: "en", labelLang: "en", tab: "table",
  queries: [], views: [],
  selected: null,   // { kind: "query" | "view", entry }
  edited: false,
  answer: null,     // { kind: "solutions" | "boolean" | "graph" | "view", ... }
  labels: new Map(),
};

const $ = (id) => document.getElementById(id);
// A catalogue entry's title in the page's language, where the query file gives one.
const title = (entry) => (state.lang === "zh" && entry.title_zh) || entry.title;
const t = (key, ...args) => {
  const word = WORDS[state.lang][key];
  return typeof word === "function" ? word(...args) : word;
};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) node.append(child);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- language --------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-Hant" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  const other = state.lang === "en" ? ["繁體中文", "zh-Hant"] : ["English", "en"];
  $("lang-switch").textContent = other[0];
  $("lang-switch").lang = other[1];
  $("label-lang").value = state.labelLang;
  for (const link of document.querySelectorAll(".bar nav a")) {
    link.href = `${link.getAttribute("href").split("?")[0]}?lang=${state.lang}`;
  }
  if (state.selected) describeSelection();
  if (state.queries.length) listEntries();
}

// ---- catalogue -------------------------------------------------------------------------------

async function loadCatalogue() {
  const [queries, views] = await Promise.all(
    ["/queries", "/views"].map((path) => fetch(path, { headers: { Accept: "application/json" } }).then((r) => r.json())),
  );
  state.queries = queries;
  state.views = views;
  listEntries();
}

function listEntries() {
  const filter = $("filter").value.trim().toLowerCase();
  const matches = (entry) => !filter || `${entry.name} ${entry.title} ${entry.title_zh || ""} ${entry.description}`.toLowerCase().includes(filter);
  for (const [kind, list, entries] of [["query", $("query-list"), state.queries], ["view", $("view-list"), state.views]]) {
    list.replaceChildren(...entries.filter(matches).map((entry) => el("li", {},
      el("button", {
        type: "button", title: entry.description,
        "aria-current": state.selected && state.selected.entry === entry ? "true" : "false",
        onclick: () => select(kind, entry, {}),
      }, el("span", { class: "title", text: title(entry) }), el("span", { class: "name", text: entry.name })),
    )));
  }
}

function select(kind, entry, values) {
  state.selected = { kind, entry };
  state.edited = false;
  $("editor").value = entry.text;
  $("edited").hidden = true;
  buildParams(entry, values);
  describeSelection();
  listEntries();
  updateLink();
}

function describeSelection() {
  const { kind, entry } = state.selected;
  $("about-title").textContent = title(entry);
  $("about-title").removeAttribute("data-i18n");
  $("about-text").removeAttribute("data-i18n");
  $("about-text").textContent = kind === "view" ? `${entry.description} ${t("view_about")}` : entry.description;
}

function buildParams(entry, values) {
  const form = $("params");
  const fields = entry.params.filter((p) => p.name !== "lang").map((param) => {
    const value = values[param.name] ?? "";
    let input;
    if (param.type === "boolean") {
      input = el("select", { name: param.name },
        el("option", { value: "", text: param.default ? t("default_is", param.default) : t("all") }),
        el("option", { value: "true", text: t("yes") }), el("option", { value: "false", text: t("no") }));
      input.value = value;
    } else {
      const type = { date: "date", integer: "number", decimal: "number" }[param.type] || "text";
      input = el("input", {
        name: param.name, type, value, step: param.type === "decimal" ? "any" : undefined,
        placeholder: param.default ? t("default_is", param.default) : (param.type === "iri" ? "hkr:qatar, 卡塔爾…" : t("optional")),
      });
    }
    input.addEventListener("change", updateLink);
    return el("label", { title: param.description }, `${param.name} · ${param.type}`, input);
  });
  form.replaceChildren(...fields);
  form.hidden = fields.length === 0;
}

function paramValues() {
  const values = {};
  for (const input of $("params").querySelectorAll("input, select")) {
    if (input.value !== "") values[input.name] = input.value;
  }
  return values;
}

// ---- running ---------------------------------------------------------------------------------

function namedPath(extra = {}) {
  const { kind, entry } = state.selected;
  const params = new URLSearchParams({ ...paramValues(), lang: state.labelLang === "zh" ? "zh" : "en", ...extra });
  return kind === "view" ? `/views/${encodeURIComponent(entry.name)}.svg?${params}` : `/queries/${encodeURIComponent(entry.name)}?${params}`;
}

// The request that runs what is on screen, with the Accept header given.
function request(accept, format) {
  if (state.selected && !state.edited && state.selected.kind === "query") {
    return fetch(namedPath(format ? { format } : {}), { headers: { Accept: accept } });
  }
  const body = new URLSearchParams({ query: $("editor").value });
  // The language of the labels in a drawing.
  const lang = state.labelLang === "zh" ? "zh" : "en";
  return fetch(`/sparql?lang=${lang}`, { method: "POST", body, headers: { Accept: accept } });
}

async function run() {
  const started = performance.now();
  $("status").textContent = t("running");
  $("advice").replaceChildren();
  $("run").disabled = true;
  try {
    if (state.selected && !state.edited && state.selected.kind === "view") {
      const response = await fetch(namedPath(), { headers: { Accept: "image/svg+xml" } });
      if (!response.ok) return failed(response);
      state.answer = { kind: "view", svg: await response.text() };
      state.tab = "graph";
    } else {
      const response = await request(RESULTS_ACCEPT);
      if (!response.ok) return failed(response);
      showAdvice(response);
      const type = response.headers.get("Content-Type") || "";
      if (type.includes("sparql-results+json")) {
        const json = await response.json();
        if ("boolean" in json) state.answer = { kind: "boolean", value: json.boolean };
        else {
          state.answer = { kind: "solutions", vars: json.head.vars, rows: json.results.bindings };
          await fetchLabels(json.results.bindings);
        }
        if (state.tab === "graph") state.tab = "table";
      } else {
        const turtle = await response.text();
        const drawing = await request("image/svg+xml", state.edited || !state.selected ? undefined : "svg");
        if (!drawing.ok) return failed(drawing);
        state.answer = { kind: "graph", turtle, svg: await drawing.text() };
        state.tab = "graph";
      }
    }
    const count = state.answer.kind === "solutions" ? t("rows", state.answer.rows.length) : "";
    $("status").textContent = [count, t("took", Math.round(performance.now() - started))].filter(Boolean).join(" · ");
    updateLink();
    show();
  } catch (error) {
    $("status").textContent = "";
    $("result").replaceChildren(el("div", { class: "error", text: String(error) }));
  } finally {
    $("run").disabled = false;
  }
}

// The server's advice on the query (hkkg-advice headers: a misspelt term, a lang() comparison).
function showAdvice(response) {
  const lines = (response.headers.get("hkkg-advice") || "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => decodeURIComponent(item));
  $("advice").replaceChildren(...lines.map((line) => el("div", { text: line })));
}

async function failed(response) {
  const message = await response.text();
  state.answer = null;
  $("status").textContent = t("failed", response.status);
  $("result").replaceChildren(el("div", { class: "error", text: `${response.status} ${response.statusText}\n${message}` }));
  $("downloads").replaceChildren();
  markTabs();
}

async function fetchLabels(rows) {
  const iris = new Set();
  for (const row of rows) for (const term of Object.values(row)) if (term.type === "uri" && !state.labels.has(term.value)) iris.add(term.value);
  if (iris.size === 0) return;
  const response = await fetch("/labels", {
    method: "POST", body: JSON.stringify([...iris]), headers: { "Content-Type": "application/json", Accept: "application/json" },
  });
  if (!response.ok) return;
  const labels = await response.json();
  for (const iri of iris) state.labels.set(iri, labels[iri] || null);
}

// ---- showing ---------------------------------------------------------------------------------

function compact(iri) {
  for (const [prefix, namespace] of PREFIXES) if (iri.startsWith(namespace)) return prefix + iri.slice(namespace.length);
  return `<${iri}>`;
}

function termText(term) {
  if (!term) return "";
  if (term.type !== "uri") return term.value;
  const labels = state.labels.get(term.value);
  if (state.labelLang !== "iri" && labels) return labels[state.labelLang] || labels.en || labels.zh;
  return compact(term.value);
}

function termCell(term) {
  if (!term) return el("td");
  if (term.type === "uri") {
    const text = termText(term);
    const title = compact(term.value);
    const href = term.value.startsWith(HKR) ? `/resource/${term.value.slice(HKR.length)}?lang=${state.lang}` : null;
    return el("td", {}, href ? el("a", { href, title, text }) : el("span", { title, text }));
  }
  const datatype = term.datatype ? term.datatype.replace(XSD, "") : "";
  const kind = NUMERIC.includes(datatype) ? "num" : datatype === "date" ? "date" : null;
  return el("td", {}, el("span", { class: kind, lang: term["xml:lang"], text: term.value }));
}

function showTable() {
  const answer = state.answer;
  if (answer.kind === "boolean") return el("p", {}, el("strong", { text: `${t("boolean_answer")}: ` }), String(answer.value));
  if (answer.kind !== "solutions") return el("pre", { class: "mono", text: answer.turtle || "" });
  return el("table", { class: "results" },
    el("thead", {}, el("tr", {}, ...answer.vars.map((v) => el("th", { text: v })))),
    el("tbody", {}, ...answer.rows.map((row) => el("tr", {}, ...answer.vars.map((v) => termCell(row[v]))))));
}

function showDrawing() {
  const answer = state.answer;
  if (!answer.svg) return el("p", { class: "muted", text: t("no_graph") });
  const parsed = new DOMParser().parseFromString(answer.svg, "image/svg+xml").documentElement;
  return el("div", { class: "drawing" }, document.importNode(parsed, true));
}

// Columns of the answer whose every bound value passes `test`.
function columns(test) {
  const { vars, rows } = state.answer;
  return vars.filter((v) => rows.some((r) => r[v]) && rows.every((r) => !r[v] || test(r[v])));
}
const isDate = (term) => term.type !== "uri" && /^\d{4}-\d{2}-\d{2}/.test(term.value);
const isNumber = (term) => term.type !== "uri" && term.value.trim() !== "" && Number.isFinite(Number(term.value))
  && (!term.datatype || NUMERIC.includes(term.datatype.replace(XSD, "")));

function labelColumn(exclude) {
  const { vars } = state.answer;
  return vars.find((v) => !exclude.includes(v) && state.answer.rows.some((r) => r[v] && r[v].type === "uri"))
    || vars.find((v) => !exclude.includes(v)) || exclude[0];
}

function showTimeline() {
  const dated = state.answer.kind === "solutions" ? columns(isDate) : [];
  if (dated.length === 0) return el("p", { class: "muted", text: t("no_dates") });
  const [start, end] = dated;
  const label = labelColumn(dated);
  const day = (text) => Date.parse(text.slice(0, 10));
  const items = state.answer.rows.filter((r) => r[start]).map((r) => ({
    label: termText(r[label]), from: day(r[start].value), to: r[end] ? day(r[end].value) : day(r[start].value),
  })).sort((a, b) => a.from - b.from);
  // A margin on both sides, so that no bar sits on the frame.
  const pad = Math.max((Math.max(...items.map((i) => i.to)) - Math.min(...items.map((i) => i.from))) * 0.05, 86400000 * 15);
  const low = Math.min(...items.map((i) => i.from)) - pad;
  const high = Math.max(...items.map((i) => i.to)) + pad;
  const span = high - low;
  const [left, width, rowHeight] = [260, 640, 34];
  const x = (time) => left + ((time - low) / span) * width;
  const height = items.length * rowHeight + 50;
  const chart = svg("svg", { viewBox: `0 0 ${left + width + 40} ${height}`, width: left + width + 40, height, role: "img" });
  const first = new Date(low).getUTCFullYear();
  const last = new Date(high).getUTCFullYear() + 1;
  for (let year = first; year <= last; year += 1) {
    const time = Date.UTC(year, 0, 1);
    if (time < low - span * 0.02 || time > low + span * 1.02) continue;
    chart.append(svg("line", { x1: x(time), x2: x(time), y1: 10, y2: height - 30, stroke: "#d9dee2" }));
    chart.append(svg("text", { x: x(time), y: height - 12, "text-anchor": "middle", "font-size": 12, fill: "#5f6b73" }, String(year)));
  }
  items.forEach((item, i) => {
    const y = 16 + i * rowHeight;
    chart.append(svg("text", { x: left - 10, y: y + 15, "text-anchor": "end", "font-size": 13, fill: "#1d2327" }, item.label));
    chart.append(svg("rect", { x: x(item.from), y, width: Math.max(x(item.to) - x(item.from), 6), height: 20, rx: 4, fill: "#0b5d4b" }));
    const when = new Date(item.from).toISOString().slice(0, 10) + (item.to > item.from ? ` – ${new Date(item.to).toISOString().slice(0, 10)}` : "");
    // The dates after the bar, or before it when the bar ends near the right edge.
    const late = x(item.to) > left + width * 0.7;
    chart.append(svg("text", {
      x: late ? x(item.from) - 10 : x(item.to) + 10, y: y + 15, "font-size": 12, fill: "#5f6b73", "text-anchor": late ? "end" : "start",
    }, when));
  });
  return el("div", {}, el("p", { class: "muted", text: `${t("start_column")}: ?${start}${end ? ` · ${t("end_column")}: ?${end}` : ""} · ${t("label_column")}: ?${label}` }), chart);
}

function showChart() {
  const numeric = state.answer.kind === "solutions" ? columns(isNumber) : [];
  if (numeric.length === 0) return el("p", { class: "muted", text: t("no_numbers") });
  const chosen = numeric.includes(state.chartColumn) ? state.chartColumn : numeric[0];
  const label = labelColumn(numeric);
  const picker = el("select", { onchange: (event) => { state.chartColumn = event.target.value; show(); } },
    ...numeric.map((v) => el("option", { value: v, text: `?${v}`, selected: v === chosen })));
  const bars = state.answer.rows.filter((r) => r[chosen]).map((r) => ({ label: termText(r[label]), value: Number(r[chosen].value) }));
  const top = Math.max(...bars.map((b) => b.value), 0) || 1;
  const [left, width, rowHeight] = [280, 560, 28];
  const height = bars.length * rowHeight + 20;
  const chart = svg("svg", { viewBox: `0 0 ${left + width + 90} ${height}`, width: left + width + 90, height, role: "img" });
  bars.forEach((bar, i) => {
    const y = 10 + i * rowHeight;
    chart.append(svg("text", { x: left - 10, y: y + 14, "text-anchor": "end", "font-size": 13, fill: "#1d2327" }, bar.label));
    chart.append(svg("rect", { x: left, y, width: Math.max((Math.max(bar.value, 0) / top) * width, 1), height: 19, rx: 3, fill: "#0b5d4b" }));
    chart.append(svg("text", { x: left + (Math.max(bar.value, 0) / top) * width + 8, y: y + 14, "font-size": 12, fill: "#5f6b73" }, bar.value.toLocaleString()));
  });
  return el("div", {}, el("div", { class: "chart-controls" },
    el("label", {}, `${t("value_column")} `, picker), el("span", { text: `${t("label_column")}: ?${label}` })), chart);
}

function available(tab) {
  const answer = state.answer;
  if (!answer) return false;
  if (tab === "graph") return Boolean(answer.svg);
  if (tab === "table") return answer.kind !== "view";
  return answer.kind === "solutions";
}

function markTabs() {
  for (const button of document.querySelectorAll(".tabs button")) {
    button.disabled = !available(button.dataset.tab);
    button.setAttribute("aria-selected", String(button.dataset.tab === state.tab));
  }
}

function show() {
  if (!state.answer) return;
  if (!available(state.tab)) state.tab = available("table") ? "table" : "graph";
  markTabs();
  const views = { table: showTable, graph: showDrawing, timeline: showTimeline, chart: showChart };
  $("result").replaceChildren(views[state.tab]());
  showDownloads();
}

function showDownloads() {
  const answer = state.answer;
  const formats = answer.kind === "view" ? ["gexf", "graphml", "json", "cytoscape", "dot", "csv", "svg"]
    : answer.kind === "graph" ? [["turtle", "text/turtle"], ["jsonld", "application/ld+json"], ["trig", "application/trig"], ["svg", "image/svg+xml"]]
      : [["csv", "text/csv"], ["tsv", "text/tab-separated-values"], ["json", "application/sparql-results+json"], ["xml", "application/sparql-results+xml"]];
  const links = formats.map((format) => {
    if (answer.kind === "view") {
      const path = namedPath().replace(/\.svg\?/, `.${format}?`);
      return el("a", { href: path, download: `${state.selected.entry.name}.${format}`, text: format });
    }
    const [name, accept] = format;
    return el("button", { type: "button", text: name, onclick: () => download(name, accept) });
  });
  $("downloads").replaceChildren(`${t("download")}:`, ...links);
}

async function download(name, accept) {
  const response = await request(accept, state.edited || !state.selected ? undefined : name);
  if (!response.ok) return failed(response);
  const url = URL.createObjectURL(await response.blob());
  const file = `${state.selected && !state.edited ? state.selected.entry.name : "query"}.${name}`;
  el("a", { href: url, download: file }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- the URL ---------------------------------------------------------------------------------

function currentLink() {
  const params = new URLSearchParams();
  if (state.selected && !state.edited) {
    params.set(state.selected.kind === "view" ? "view" : "name", state.selected.entry.name);
    for (const [name, value] of Object.entries(paramValues())) params.set(name, value);
  } else {
    params.set("query", $("editor").value);
  }
  params.set("lang", state.lang);
  if (state.labelLang !== state.lang) params.set("labels", state.labelLang);
  params.set("tab", state.tab);
  if (state.answer) params.set("run", "1");
  return `${location.pathname}?${params}`;
}

function updateLink() {
  history.replaceState(null, "", currentLink());
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  const url = new URLSearchParams(location.search);
  const preferred = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  state.lang = ["en", "zh"].includes(url.get("lang")) ? url.get("lang") : preferred;
  state.labelLang = ["en", "zh", "iri"].includes(url.get("labels")) ? url.get("labels") : state.lang;
  if (["table", "graph", "timeline", "chart"].includes(url.get("tab"))) state.tab = url.get("tab");
  applyLanguage();
  await loadCatalogue();
  const reserved = ["name", "view", "query", "lang", "labels", "tab", "run"];
  const values = Object.fromEntries([...url].filter(([name]) => !reserved.includes(name)));
  const named = url.get("name") && state.queries.find((q) => q.name === url.get("name"));
  const view = url.get("view") && state.views.find((v) => v.name === url.get("view"));
  if (named) select("query", named, values);
  else if (view) select("view", view, values);
  else if (url.get("query")) $("editor").value = url.get("query");
  if (url.get("run") === "1") await run();
}

document.addEventListener("DOMContentLoaded", () => {
  $("run").addEventListener("click", run);
  $("editor").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  $("editor").addEventListener("input", () => {
    if (state.selected && !state.edited) {
      state.edited = true;
      $("edited").hidden = false;
      $("params").setAttribute("disabled", "");
    }
  });
  $("filter").addEventListener("input", listEntries);
  $("lang-switch").addEventListener("click", () => {
    const follow = state.labelLang === state.lang;
    state.lang = state.lang === "en" ? "zh" : "en";
    if (follow) state.labelLang = state.lang;
    applyLanguage();
    if (state.selected) buildParams(state.selected.entry, paramValues());
    if (state.answer) show();
    updateLink();
  });
  $("label-lang").addEventListener("change", (event) => {
    state.labelLang = event.target.value;
    if (state.answer) show();
    updateLink();
  });
  for (const button of document.querySelectorAll(".tabs button")) {
    button.addEventListener("click", () => { state.tab = button.dataset.tab; show(); updateLink(); });
  }
  $("copy-link").addEventListener("click", async () => {
    updateLink();
    try { await navigator.clipboard.writeText(location.href); $("status").textContent = t("copied"); } catch { $("status").textContent = location.href; }
  });
  markTabs();
  start().catch((error) => $("result").replaceChildren(el("div", { class: "error", text: String(error) })));
});
