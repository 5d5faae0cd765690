/* elenchus report: the reader of one map. Hand-written, no dependencies.
   The data is the JSON document in #elenchus-data; the drawing is the inline
   SVG, whose claim groups have the id `claim-ID` and whose edge groups carry
   data-e (the edge's index in data.edges) and, for tension connectors,
   data-f (the finding's index). The state is in the URL fragment:
   #claim=ID, #actor=ID, #finding=N (or its fingerprint), #rule=R,
   #view=stances (joined with &). */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('elenchus-data').textContent);
  var doc = document;
  function $(s, r) { return (r || doc).querySelector(s); }
  function $$(s, r) { return Array.prototype.slice.call((r || doc).querySelectorAll(s)); }
  function h(tag, attrs) {
    var e = doc.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] == null) return;
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'cls') e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null) continue;
      e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    }
    return e;
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function link(hash, text) { return h('a', { href: '#' + hash, text: text }); }
  function claimLink(id) { return link('claim=' + encodeURIComponent(id), id); }

  var claims = new Map(D.claims.map(function (c) { return [c.id, c]; }));
  var actors = new Map(D.actors.map(function (a) { return [a.id, a]; }));
  var stancesOf = new Map();
  D.stances.forEach(function (s) {
    if (!stancesOf.has(s.claim)) stancesOf.set(s.claim, []);
    stancesOf.get(s.claim).push(s);
  });
  var relsOf = new Map();
  D.relations.forEach(function (r) {
    var ends = r.from.slice();
    if (r.to) ends.push(r.to);
    ends.forEach(function (id) {
      if (!relsOf.has(id)) relsOf.set(id, []);
      if (relsOf.get(id).indexOf(r) < 0) relsOf.get(id).push(r);
    });
  });
  var current = new Map(); // actor -> claim -> position
  D.stances.forEach(function (s) {
    if (!s.current) return;
    if (!current.has(s.actor)) current.set(s.actor, new Map());
    current.get(s.actor).set(s.claim, s.position);
  });

  var state = { claim: null, actor: null, finding: null, rule: null, view: 'map' };

  /* ---------- the drawing: pan and zoom ---------- */
  var box = $('#drawing');
  var svg = $('#drawing svg');
  var vb0 = null, vb = null;
  if (svg) {
    var b = svg.viewBox && svg.viewBox.baseVal;
    if (!b || !b.width) {
      var w = parseFloat(svg.getAttribute('width')) || 800, hh = parseFloat(svg.getAttribute('height')) || 600;
      svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hh);
      b = svg.viewBox.baseVal;
    }
    vb0 = { x: b.x, y: b.y, w: b.width, h: b.height };
    vb = Object.assign({}, vb0);
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  }
  function applyView() {
    if (svg) svg.setAttribute('viewBox', [vb.x, vb.y, vb.w, vb.h].join(' '));
  }
  function toSvg(cx, cy) {
    var m = svg.getScreenCTM();
    if (!m) return { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 };
    var p = svg.createSVGPoint();
    p.x = cx; p.y = cy;
    return p.matrixTransform(m.inverse());
  }
  function zoomAt(f, p) {
    if (!svg) return;
    var nw = Math.min(Math.max(vb.w / f, vb0.w / 40), vb0.w * 4);
    f = vb.w / nw;
    p = p || { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 };
    vb.x = p.x - (p.x - vb.x) / f;
    vb.y = p.y - (p.y - vb.y) / f;
    vb.w /= f; vb.h /= f;
    applyView();
  }
  function pan(dx, dy) { vb.x += dx * vb.w; vb.y += dy * vb.h; applyView(); }
  function fit() { if (svg) { vb = Object.assign({}, vb0); applyView(); } }
  /* Show a box of the drawing (in its coordinates), at least as large as
     one quarter of the whole, centred. */
  function show(bb) {
    if (!svg || !bb) return;
    var pad = 40;
    var w = Math.max(bb.width + 2 * pad, vb0.w / 4), hgt = Math.max(bb.height + 2 * pad, vb0.h / 4);
    var ratio = vb0.w / vb0.h;
    if (w / hgt < ratio) w = hgt * ratio; else hgt = w / ratio;
    vb = { x: bb.x + bb.width / 2 - w / 2, y: bb.y + bb.height / 2 - hgt / 2, w: w, h: hgt };
    applyView();
  }
  /* The box of elements in the drawing's coordinates. */
  function boxOf(els) {
    var r = null;
    els.forEach(function (e) {
      if (!e || !e.getBoundingClientRect) return;
      var c = e.getBoundingClientRect();
      if (!c.width && !c.height) return;
      var a = toSvg(c.left, c.top), z = toSvg(c.right, c.bottom);
      var q = { x: Math.min(a.x, z.x), y: Math.min(a.y, z.y), x2: Math.max(a.x, z.x), y2: Math.max(a.y, z.y) };
      r = r ? { x: Math.min(r.x, q.x), y: Math.min(r.y, q.y), x2: Math.max(r.x2, q.x2), y2: Math.max(r.y2, q.y2) } : q;
    });
    return r && { x: r.x, y: r.y, width: r.x2 - r.x, height: r.y2 - r.y };
  }
  if (svg) {
    box.addEventListener('wheel', function (e) {
      e.preventDefault();
      zoomAt(Math.exp(-e.deltaY * 0.0015), toSvg(e.clientX, e.clientY));
    }, { passive: false });
    var pointers = new Map(), last = null, pinch = null, moved = false;
    box.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      last = { x: e.clientX, y: e.clientY };
      moved = false;
      if (pointers.size === 2) {
        var ps = Array.from(pointers.values());
        pinch = Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y);
      }
    });
    box.addEventListener('pointermove', function (e) {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2 && pinch) {
        var ps = Array.from(pointers.values());
        var d = Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y);
        zoomAt(d / pinch, toSvg((ps[0].x + ps[1].x) / 2, (ps[0].y + ps[1].y) / 2));
        pinch = d;
        moved = true;
        return;
      }
      var dx = e.clientX - last.x, dy = e.clientY - last.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) { moved = true; box.classList.add('dragging'); box.setPointerCapture(e.pointerId); }
      var a = toSvg(last.x, last.y), z = toSvg(e.clientX, e.clientY);
      vb.x -= z.x - a.x; vb.y -= z.y - a.y;
      applyView();
      last = { x: e.clientX, y: e.clientY };
    });
    function up(e) {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinch = null;
      box.classList.remove('dragging');
    }
    box.addEventListener('pointerup', up);
    box.addEventListener('pointercancel', up);
    /* A drag that ends on a claim does not open it. */
    box.addEventListener('click', function (e) { if (moved) { e.stopPropagation(); e.preventDefault(); moved = false; } }, true);
    box.addEventListener('keydown', function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var k = e.key, step = 0.1;
      if (k === 'ArrowLeft') pan(-step, 0);
      else if (k === 'ArrowRight') pan(step, 0);
      else if (k === 'ArrowUp') pan(0, -step);
      else if (k === 'ArrowDown') pan(0, step);
      else if (k === '+' || k === '=') zoomAt(1.25);
      else if (k === '-' || k === '_') zoomAt(0.8);
      else if (k === '0') fit();
      else return;
      e.preventDefault();
    });
    $('#zoom-in').addEventListener('click', function () { zoomAt(1.25); });
    $('#zoom-out').addEventListener('click', function () { zoomAt(0.8); });
    $('#zoom-fit').addEventListener('click', fit);
  }

  /* ---------- claims in the drawing ---------- */
  function nodeOf(id) { return doc.getElementById('claim-' + id); }
  D.claims.forEach(function (c) {
    var g = nodeOf(c.id);
    if (!g) return;
    g.classList.add('claim-node');
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', c.id + ': ' + c.text + (c.status ? ' (status ' + c.status + ')' : ''));
    g.addEventListener('click', function () { go({ claim: c.id, finding: null }); });
    g.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); go({ claim: c.id, finding: null }); }
    });
  });
  var edgeEls = $$('#drawing svg g[data-e]');
  var tensionEls = edgeEls.filter(function (e) { return e.hasAttribute('data-f'); });

  /* ---------- the URL fragment ---------- */
  function parseHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var f = p.get('finding');
    // A finding by its index, or by its fingerprint (stable across edits of the map).
    if (f !== null && !/^\d+$/.test(f)) {
      var k = D.findings.findIndex(function (x) { return x.fingerprint === f; });
      f = k >= 0 ? String(k) : null;
    }
    return {
      claim: claims.has(p.get('claim')) ? p.get('claim') : null,
      actor: actors.has(p.get('actor')) ? p.get('actor') : null,
      finding: f !== null && /^\d+$/.test(f) && +f < D.findings.length ? +f : null,
      rule: p.get('rule') || null,
      view: p.get('view') === 'stances' ? 'stances' : 'map'
    };
  }
  function hashOf(s) {
    var parts = [];
    if (s.view === 'stances') parts.push('view=stances');
    if (s.actor) parts.push('actor=' + encodeURIComponent(s.actor));
    if (s.rule) parts.push('rule=' + encodeURIComponent(s.rule));
    if (s.claim) parts.push('claim=' + encodeURIComponent(s.claim));
    if (s.finding !== null) parts.push('finding=' + s.finding);
    return parts.join('&');
  }
  function go(change) {
    var s = Object.assign({}, state, change);
    var hsh = hashOf(s);
    if ('#' + hsh === location.hash || (hsh === '' && location.hash === '')) apply(s, true);
    else location.hash = hsh;
  }
  window.addEventListener('hashchange', function () { apply(parseHash(), true); });

  /* ---------- filters ---------- */
  var actorSel = $('#actor-filter'), ruleSel = $('#rule-filter');
  D.actors.forEach(function (a) {
    actorSel.appendChild(h('option', { value: a.id, text: a.name === a.id ? a.id : a.name + ' (' + a.id + ')' }));
  });
  var rules = Array.from(new Set(D.findings.map(function (f) { return f.rule; }))).sort();
  rules.forEach(function (r) { ruleSel.appendChild(h('option', { value: r, text: r })); });
  actorSel.addEventListener('change', function () { go({ actor: actorSel.value || null, finding: null }); });
  ruleSel.addEventListener('change', function () { go({ rule: ruleSel.value || null, finding: null }); });
  function findingShown(f, s) {
    return (!s.actor || f.actor === s.actor) && (!s.rule || f.rule === s.rule);
  }

  /* ---------- search ---------- */
  var search = $('#search'), results = $('#search-results'), sbox = $('#search-box');
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    $$('#drawing svg .match').forEach(function (e) { e.classList.remove('match'); });
    results.textContent = '';
    if (!q) { sbox.hidden = true; return; }
    var hits = D.claims.filter(function (c) {
      return c.id.toLowerCase().indexOf(q) >= 0 || c.text.toLowerCase().indexOf(q) >= 0;
    });
    hits.forEach(function (c) { var g = nodeOf(c.id); if (g) g.classList.add('match'); });
    hits.slice(0, 50).forEach(function (c) {
      results.appendChild(h('li', null, claimLink(c.id), ' ' + c.text));
    });
    $('#search-count').textContent = plural(hits.length, 'claim matches', 'claims match') +
      (hits.length > 50 ? ' (the first 50 listed)' : '');
    sbox.hidden = false;
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') {
      var a = $('a', results);
      if (a) { e.preventDefault(); location.hash = a.getAttribute('href').slice(1); }
    } else if (e.key === 'Escape') { search.value = ''; runSearch(); }
  });

  /* ---------- the findings list ---------- */
  var flist = $('#findings-list');
  function levelSpan(level) { return h('span', { cls: 'lvl lvl-' + level, text: level }); }
  function renderFindings(s) {
    flist.textContent = '';
    var shown = D.findings.map(function (f, i) { return [f, i]; }).filter(function (p) { return findingShown(p[0], s); });
    var acked = shown.filter(function (p) { return p[0].acknowledged; }).length;
    $('#findings-summary').textContent = shown.length === D.findings.length
      ? plural(D.findings.length, 'finding', 'findings') + (acked ? ', ' + acked + ' acknowledged' : '')
      : shown.length + ' of ' + plural(D.findings.length, 'finding', 'findings') + ' (filtered)' + (acked ? ', ' + acked + ' acknowledged' : '');
    var byRule = new Map();
    shown.forEach(function (p) {
      if (!byRule.has(p[0].rule)) byRule.set(p[0].rule, new Map());
      var m = byRule.get(p[0].rule), a = p[0].actor || '';
      if (!m.has(a)) m.set(a, []);
      m.get(a).push(p);
    });
    Array.from(byRule.keys()).sort().forEach(function (rule) {
      var m = byRule.get(rule);
      var n = 0;
      m.forEach(function (v) { n += v.length; });
      var det = h('details', { open: '' }, h('summary', { text: rule + ' (' + n + ')' }));
      Array.from(m.keys()).sort().forEach(function (a) {
        var actor = actors.get(a);
        det.appendChild(h('h4', { text: a ? (actor ? actor.name : a) : 'no actor' }));
        var ol = h('ol');
        m.get(a).forEach(function (p) {
          var f = p[0], i = p[1];
          var btn = h('button', { type: 'button', cls: 'finding' + (f.acknowledged ? ' ack' : ''), 'data-finding': i, id: 'finding-' + i },
            levelSpan(f.level), ' ', h('span', { cls: 'msg', text: f.message }),
            f.acknowledged ? h('span', { cls: 'ack-badge', text: 'acknowledged' }) : null);
          btn.addEventListener('click', function () { go({ finding: i, claim: null }); });
          ol.appendChild(h('li', null, btn));
        });
        det.appendChild(ol);
      });
      flist.appendChild(det);
    });
    if (!shown.length) flist.appendChild(h('p', { cls: 'help', text: 'No finding.' }));
  }

  /* ---------- the side panel ---------- */
  var panel = $('#panel');
  function closeBtn() {
    var b = h('button', { type: 'button', cls: 'close', 'aria-label': 'Close the panel', text: '\u00d7' });
    b.addEventListener('click', function () { go({ claim: null, finding: null }); });
    return b;
  }
  function field(dl, name, value) {
    if (value == null || value === '' || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(h('dt', { text: name }));
    var dd = h('dd');
    if (typeof value === 'string') dd.textContent = value; else dd.appendChild(value);
    dl.appendChild(dd);
  }
  function statusSpan(st) { return h('span', { cls: 'status status-' + st, text: st }); }
  function claimPanel(id) {
    var c = claims.get(id);
    panel.appendChild(closeBtn());
    panel.appendChild(h('h2', { text: 'Claim ' + c.id }));
    panel.appendChild(h('p', { cls: 'text', text: c.text }));
    var dl = h('dl');
    field(dl, 'kind', c.kind);
    field(dl, 'tags', c.tags.join(', '));
    if (c.status) field(dl, 'status', h('span', null, statusSpan(c.status), ' (' + D.status.semantics + '; supports: ' + D.status.support + ')'));
    field(dl, 'source', c.source);
    field(dl, 'url', c.url);
    field(dl, 'line', String(c.line));
    panel.appendChild(dl);
    if (c.quote) panel.appendChild(h('blockquote', { text: c.quote }));
    if (c.note) panel.appendChild(h('p', { cls: 'help', text: c.note }));
    var rels = relsOf.get(id) || [];
    panel.appendChild(h('h3', { text: plural(rels.length, 'relation', 'relations') }));
    if (rels.length) {
      var ul = h('ul');
      rels.forEach(function (r) {
        var li = h('li');
        r.from.forEach(function (p, k) {
          if (k) li.appendChild(doc.createTextNode(' + '));
          li.appendChild(p === id ? h('strong', { text: p }) : claimLink(p));
        });
        li.appendChild(doc.createTextNode(' ' + r.kind + ' '));
        if (r.to) li.appendChild(r.to === id ? h('strong', { text: r.to }) : claimLink(r.to));
        else li.appendChild(doc.createTextNode(r.to_relation));
        if (r.id) li.appendChild(doc.createTextNode(' (' + r.id + ')'));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    var ss = (stancesOf.get(id) || []).filter(function (s) { return !state.actor || s.actor === state.actor; });
    panel.appendChild(h('h3', { text: plural(ss.length, 'stance', 'stances') + (state.actor ? ' of ' + state.actor : '') }));
    if (ss.length) {
      var t = h('table', { cls: 'stances' }, h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: 'actor' }), h('th', { scope: 'col', text: 'position' }), h('th', { scope: 'col', text: 'date' }),
        h('th', { scope: 'col', text: 'source' }), h('th', { scope: 'col', text: 'via' }))));
      var tb = h('tbody');
      ss.forEach(function (s) {
        var a = actors.get(s.actor);
        var src = s.source || '';
        if (s.basis !== 'stated') src += (src ? '; ' : '') + s.basis;
        tb.appendChild(h('tr', { cls: s.current ? null : 'earlier', title: s.current ? null : 'an earlier stance' },
          h('th', { scope: 'row' }, link('actor=' + encodeURIComponent(s.actor), a.name)),
          h('td', { cls: 'pos-' + s.position, text: s.position + (s.current ? '' : ' (earlier)') }),
          h('td', { text: s.date || '' }), h('td', { text: src }), h('td', { text: s.via || '' })));
      });
      t.appendChild(tb);
      panel.appendChild(h('div', { cls: 'scroll' }, t));
    }
    var fs = D.findings.map(function (f, i) { return [f, i]; })
      .filter(function (p) { return p[0].claims.indexOf(id) >= 0 && findingShown(p[0], state); });
    if (fs.length) {
      panel.appendChild(h('h3', { text: plural(fs.length, 'finding', 'findings') }));
      var ol = h('ul');
      fs.forEach(function (p) { ol.appendChild(h('li', null, link('finding=' + p[1], p[0].rule + (p[0].actor ? ' (' + p[0].actor + ')' : '')), ': ' + p[0].message)); });
      panel.appendChild(ol);
    }
  }
  function findingPanel(i) {
    var f = D.findings[i];
    panel.appendChild(closeBtn());
    panel.appendChild(h('h2', null, 'Finding: ', f.rule));
    panel.appendChild(h('p', null, levelSpan(f.level), f.acknowledged ? h('span', { cls: 'ack-badge', text: 'acknowledged' }) : null, ' ', f.message));
    var dl = h('dl');
    if (f.actor) field(dl, 'actor', link('actor=' + encodeURIComponent(f.actor), (actors.get(f.actor) || { name: f.actor }).name));
    field(dl, 'chain', f.chain);
    var cl = h('span');
    f.claims.forEach(function (c, k) { if (k) cl.appendChild(doc.createTextNode(' \u2192 ')); cl.appendChild(claimLink(c)); });
    field(dl, 'claims', f.claims.length ? cl : null);
    field(dl, 'basis', f.basis);
    if (f.acknowledged) field(dl, 'acknowledged', f.acknowledged.reason + ' (' + f.acknowledged.file + ':' + f.acknowledged.line + ')');
    field(dl, 'where', f.locations.map(function (l) { return l.file + ':' + l.line + ':' + l.column + ' ' + l.label; }).join('; '));
    panel.appendChild(dl);
    if (f.notes.length) {
      var ul = h('ul');
      f.notes.forEach(function (n) { ul.appendChild(h('li', { text: n })); });
      panel.appendChild(ul);
    }
  }
  function actorPanel(id) {
    var a = actors.get(id);
    var b = h('button', { type: 'button', cls: 'close', 'aria-label': 'Show all actors', text: '\u00d7' });
    b.addEventListener('click', function () { go({ actor: null }); });
    panel.appendChild(b);
    panel.appendChild(h('h2', { text: 'Actor ' + a.name }));
    var dl = h('dl');
    field(dl, 'id', a.id);
    field(dl, 'kind', a.kind);
    field(dl, 'description', a.description);
    var cur = current.get(id) || new Map();
    var counts = { affirms: 0, denies: 0, abstains: 0 };
    cur.forEach(function (p) { counts[p]++; });
    field(dl, 'stances', counts.affirms + ' affirms, ' + counts.denies + ' denies, ' + counts.abstains + ' abstains');
    field(dl, 'findings', String(D.findings.filter(function (f) { return f.actor === id; }).length));
    panel.appendChild(dl);
  }

  /* ---------- the legend of what the report adds ---------- */
  (function () {
    var l = $('#legend');
    l.appendChild(h('span', { text: 'Selected: thick pink outline' }));
    l.appendChild(h('span', { text: 'Chain of a finding: dashed pink outline, other parts faded' }));
    l.appendChild(h('span', { text: 'Search match: dotted green outline' }));
    l.appendChild(h('span', { text: 'With an actor chosen: \u2714 affirms (green), \u2718 denies (red, dashed), \u25CB abstains (grey, dotted), no mark and faded: no stance' }));
  })();

  /* ---------- applying the state ---------- */
  var badges = [];
  function apply(s, scroll) {
    var prev = state;
    state = s;
    actorSel.value = s.actor || '';
    ruleSel.value = s.rule && rules.indexOf(s.rule) >= 0 ? s.rule : '';
    showView(s.view);
    // Stances of the chosen actor.
    if (prev.actor !== s.actor || !badges.length) {
      badges.forEach(function (b) { b.remove(); });
      badges = [];
      var cur = s.actor ? current.get(s.actor) || new Map() : null;
      D.claims.forEach(function (c) {
        var g = nodeOf(c.id);
        if (!g) return;
        g.classList.remove('st-affirms', 'st-denies', 'st-abstains', 'st-none');
        if (!cur) return;
        var p = cur.get(c.id);
        g.classList.add(p ? 'st-' + p : 'st-none');
        if (p) {
          var bb = g.getBBox();
          var t = doc.createElementNS('http://www.w3.org/2000/svg', 'text');
          t.setAttribute('x', bb.x + bb.width - 4);
          t.setAttribute('y', bb.y + 14);
          t.setAttribute('class', 'badge');
          t.setAttribute('text-anchor', 'end');
          t.setAttribute('fill', p === 'affirms' ? '#1a7f37' : p === 'denies' ? '#b3261e' : '#57606a');
          t.textContent = p === 'affirms' ? '\u2714' : p === 'denies' ? '\u2718' : '\u25CB';
          g.appendChild(t);
          badges.push(t);
        }
      });
    }
    tensionEls.forEach(function (e) {
      e.classList.toggle('off', !findingShown(D.findings[+e.getAttribute('data-f')], s));
    });
    // Highlight: the chain of a finding, or the selected claim.
    $$('#drawing svg .hl, #drawing svg .selected').forEach(function (e) { e.classList.remove('hl', 'selected'); });
    if (svg) svg.classList.toggle('dim', s.finding !== null);
    var focusEls = [];
    if (s.finding !== null) {
      var f = D.findings[s.finding];
      f.claims.forEach(function (c) { var g = nodeOf(c); if (g) { g.classList.add('hl'); focusEls.push(g); } });
      f.edges.forEach(function (k) {
        var e = $('#drawing svg g[data-e="' + k + '"]');
        if (e) { e.classList.add('hl'); e.classList.remove('off'); }
      });
    }
    if (s.claim) {
      var g = nodeOf(s.claim);
      if (g) { g.classList.add('selected'); focusEls.push(g); }
    }
    renderFindings(s);
    $$('.finding[aria-current]').forEach(function (b) { b.removeAttribute('aria-current'); });
    if (s.finding !== null) {
      var btn = doc.getElementById('finding-' + s.finding);
      if (btn) { btn.setAttribute('aria-current', 'true'); if (scroll) btn.scrollIntoView({ block: 'nearest' }); }
    }
    panel.textContent = '';
    if (s.finding !== null) findingPanel(s.finding);
    else if (s.claim) claimPanel(s.claim);
    else if (s.actor) actorPanel(s.actor);
    if (scroll && focusEls.length && s.view === 'map') show(boxOf(focusEls));
    if (s.view === 'stances') drawStances();
  }

  /* ---------- tabs ---------- */
  var tabs = [$('#tab-map'), $('#tab-stances')];
  function showView(v) {
    $('#view-map').hidden = v !== 'map';
    $('#view-stances').hidden = v !== 'stances';
    tabs.forEach(function (t) {
      var on = t.id === 'tab-' + v;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
    });
  }
  tabs.forEach(function (t, k) {
    t.addEventListener('click', function () { go({ view: k ? 'stances' : 'map' }); });
    t.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        var o = tabs[1 - k];
        o.focus();
        go({ view: o.id === 'tab-stances' ? 'stances' : 'map' });
      }
    });
  });

  /* ---------- stances: the matrix and the agreement heat map ---------- */
  var M = D.matrix, tip = $('#tip');
  var POS = ['no stance', 'affirms', 'denies', 'abstains', 'absent'];
  var MARK = ['', '\u2714', '\u2718', '\u25CB', '\u00b7'];
  var CELL = ['#ffffff', '#4c9f70', '#d1495b', '#b8b8b8', '#eeeeee'];
  function agree(i, j) {
    if (i > j) { var t = i; i = j; j = t; }
    return M.agreement[i][j - i];
  }
  function pct(p) { return p[1] ? Math.round(100 * p[0] / p[1]) + '%' : 'none'; }
  function agreeText(i, j) {
    var p = agree(i, j);
    return M.actors[i] + ' and ' + M.actors[j] + ': ' + (p[1]
      ? 'agree on ' + p[0] + ' of ' + plural(p[1], 'shared claim', 'shared claims') + ' (' + pct(p) + ')'
      : 'no claim in common');
  }
  function cellText(r, c) {
    return M.actors[r] + ' on ' + M.claims[c] + ': ' + POS[+M.cells[r][c]];
  }
  function ramp(v) { // #f7fbff -> #6baed6 -> #08306b
    var a = [247, 251, 255], m = [107, 174, 214], z = [8, 48, 107], f, x, y;
    if (v < 0.5) { f = v * 2; x = a; y = m; } else { f = (v - 0.5) * 2; x = m; y = z; }
    return 'rgb(' + [0, 1, 2].map(function (k) { return Math.round(x[k] + (y[k] - x[k]) * f); }).join(',') + ')';
  }
  function grid(canvas, rows, cols, size, left, top, paint, text, readout) {
    var dpr = window.devicePixelRatio || 1;
    canvas.width = (left + cols * size) * dpr;
    canvas.height = (top + rows * size) * dpr;
    canvas.style.width = (left + cols * size) + 'px';
    canvas.style.height = (top + rows * size) + 'px';
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paint(ctx);
    var cur = { r: 0, c: 0 };
    function at(e) {
      var rc = canvas.getBoundingClientRect();
      var c = Math.floor((e.clientX - rc.left - left) / size), r = Math.floor((e.clientY - rc.top - top) / size);
      return r >= 0 && c >= 0 && r < rows && c < cols ? { r: r, c: c } : null;
    }
    canvas.onmousemove = function (e) {
      var p = at(e);
      if (!p) { tip.hidden = true; return; }
      tip.textContent = text(p.r, p.c);
      tip.hidden = false;
      tip.style.left = Math.min(e.clientX + 12, window.innerWidth - 200) + 'px';
      tip.style.top = (e.clientY + 12) + 'px';
    };
    canvas.onmouseleave = function () { tip.hidden = true; };
    canvas.onclick = function (e) { var p = at(e); if (p) { cur = p; readout.textContent = text(p.r, p.c); } };
    canvas.onkeydown = function (e) {
      var k = e.key;
      if (k === 'ArrowRight') cur.c = Math.min(cols - 1, cur.c + 1);
      else if (k === 'ArrowLeft') cur.c = Math.max(0, cur.c - 1);
      else if (k === 'ArrowDown') cur.r = Math.min(rows - 1, cur.r + 1);
      else if (k === 'ArrowUp') cur.r = Math.max(0, cur.r - 1);
      else return;
      e.preventDefault();
      readout.textContent = text(cur.r, cur.c);
    };
    canvas.onfocus = function () { if (rows && cols) readout.textContent = text(cur.r, cur.c) + ' (arrow keys move)'; };
  }
  var drawn = false;
  // Redraw in the other colour scheme when the reader switches.
  if (window.matchMedia) {
    var scheme = window.matchMedia('(prefers-color-scheme: dark)');
    var redraw = function () { if (drawn) { drawn = false; drawStances(); } };
    if (scheme.addEventListener) scheme.addEventListener('change', redraw);
  }
  function drawStances() {
    if (drawn) return;
    drawn = true;
    var n = M.actors.length, k = M.claims.length;
    $('#stances-note').textContent = plural(n, 'actor', 'actors') + ' (rows, ordered so that actors who agree are near each other), ' +
      plural(k, 'claim', 'claims') + ' (columns). Point at a cell, or focus a figure and use the arrow keys, to read it.';
    if (!n || !k) return;
    var label = 'bold 11px sans-serif', font = '11px sans-serif';
    // Labels in the page's muted text colour, light or dark (the cells keep theirs).
    var ink = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#57606a';
    var left = Math.min(160, 8 + 6.5 * Math.max.apply(null, M.actors.map(function (a) { return a.length; })));
    var size = Math.max(4, Math.min(18, Math.floor(900 / k)));
    var top = size >= 10 ? Math.min(140, 8 + 6.5 * Math.max.apply(null, M.claims.map(function (c) { return c.length; }))) : 8;
    grid($('#matrix'), n, k, size, left, top, function (ctx) {
      ctx.font = font;
      ctx.fillStyle = ink;
      ctx.textBaseline = 'middle';
      var rowLabels = size >= 9;
      M.actors.forEach(function (a, r) { if (rowLabels) ctx.fillText(a.slice(0, 24), 2, top + r * size + size / 2); });
      if (top > 8) {
        M.claims.forEach(function (c, j) {
          ctx.save(); ctx.translate(left + j * size + size / 2, top - 4); ctx.rotate(-Math.PI / 2);
          ctx.fillText(c.slice(0, 22), 0, 0); ctx.restore();
        });
      }
      ctx.textAlign = 'center';
      ctx.font = label;
      for (var r = 0; r < n; r++) {
        for (var c = 0; c < k; c++) {
          var v = +M.cells[r][c];
          ctx.fillStyle = CELL[v];
          ctx.fillRect(left + c * size, top + r * size, size - 1, size - 1);
          if (v && size >= 12) { ctx.fillStyle = v === 3 || v === 4 ? '#333' : '#fff'; ctx.fillText(MARK[v], left + c * size + size / 2, top + r * size + size / 2); }
        }
      }
    }, cellText, $('#matrix-cell'));
    var as = Math.max(3, Math.min(34, Math.floor(800 / n)));
    var atop = as >= 10 ? left : 8;
    grid($('#agreement'), n, n, as, left, atop, function (ctx) {
      ctx.font = font;
      ctx.fillStyle = ink;
      ctx.textBaseline = 'middle';
      if (as >= 9) {
        M.actors.forEach(function (a, r) {
          ctx.fillText(a.slice(0, 24), 2, atop + r * as + as / 2);
          ctx.save(); ctx.translate(left + r * as + as / 2, atop - 4); ctx.rotate(-Math.PI / 2);
          ctx.fillText(a.slice(0, 24), 0, 0); ctx.restore();
        });
      }
      ctx.textAlign = 'center';
      for (var i = 0; i < n; i++) {
        for (var j = 0; j < n; j++) {
          var p = agree(i, j), x = left + j * as, y = atop + i * as;
          if (!p[1]) {
            ctx.fillStyle = '#ffffff'; ctx.fillRect(x, y, as - 1, as - 1);
            ctx.strokeStyle = '#bbbbbb'; ctx.beginPath(); ctx.moveTo(x, y + as - 1); ctx.lineTo(x + as - 1, y); ctx.stroke();
            continue;
          }
          var v = p[0] / p[1];
          ctx.fillStyle = ramp(v);
          ctx.fillRect(x, y, as - 1, as - 1);
          if (as >= 28) { ctx.fillStyle = v > 0.55 ? '#fff' : '#111'; ctx.fillText(Math.round(v * 100), x + as / 2, y + as / 2); }
        }
      }
    }, agreeText, $('#agree-cell'));
  }
  function tableInto(box, build) {
    var done = false;
    box.addEventListener('toggle', function () { if (box.open && !done) { done = true; build(); } });
  }
  tableInto($('#matrix-table-box'), function () {
    var t = h('table', null, h('caption', { text: 'Current stance of each actor (rows) on each claim (columns)' }));
    var hr = h('tr', null, h('th', { scope: 'col', text: 'actor' }));
    M.claims.forEach(function (c) { hr.appendChild(h('th', { scope: 'col' }, claimLink(c))); });
    t.appendChild(h('thead', null, hr));
    var tb = h('tbody');
    M.actors.forEach(function (a, r) {
      var tr = h('tr', null, h('th', { scope: 'row' }, link('actor=' + encodeURIComponent(a), a)));
      for (var c = 0; c < M.claims.length; c++) {
        var v = +M.cells[r][c];
        tr.appendChild(h('td', { cls: v >= 1 && v <= 3 ? 'pos-' + POS[v] : null, text: v >= 1 && v <= 3 ? POS[v] : v === 4 ? 'absent' : '' }));
      }
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    $('#matrix-table').appendChild(t);
  });
  tableInto($('#agree-table-box'), function () {
    var t = h('table', null, h('caption', { text: 'Agreement of each pair of actors: percentage, with agreements / shared claims' }));
    var hr = h('tr', null, h('th', { scope: 'col', text: 'actor' }));
    M.actors.forEach(function (a) { hr.appendChild(h('th', { scope: 'col', text: a })); });
    t.appendChild(h('thead', null, hr));
    var tb = h('tbody');
    M.actors.forEach(function (a, i) {
      var tr = h('tr', null, h('th', { scope: 'row', text: a }));
      M.actors.forEach(function (b, j) {
        var p = agree(i, j);
        tr.appendChild(h('td', { text: p[1] ? pct(p) + ' (' + p[0] + '/' + p[1] + ')' : 'none' }));
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    $('#agree-table').appendChild(t);
  });

  apply(parseHash(), true);
  if (!location.hash) fit();
})();
