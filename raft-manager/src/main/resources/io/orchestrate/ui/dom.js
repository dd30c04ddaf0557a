// Builds DOM nodes from data. Everything the cluster returns (job names, reasons) is user input, so
// it only ever becomes text nodes and attribute values, never HTML: no innerHTML anywhere.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    // Through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
    else if (k === 'style') Object.assign(el.style, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function table(headers, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', {}, t)))), h('tbody', {}, rows));
}

export function state(s) {
  // Job statuses are lower case, task and node states upper case: one set of colours for both.
  return s ? h('span', { class: `state state-${String(s).toUpperCase()}` }, s) : '';
}
