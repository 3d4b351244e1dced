/* depeche — the archive's web page: a one-page app with hash routes.
 *
 * Routes: #/ (home), #/search?q=&from=&to=&entity=&source=&offset=,
 * #/entity/ID, #/entity?name=NAME, #/story/ID, #/stories, #/article/ID,
 * #/quotes?speaker=&about=, #/analyze.
 *
 * Safety: strings from the API are never parsed as HTML. Every node is built
 * with createElement / textContent; highlights are built from byte offsets
 * (marks, mentions, quotes, dates) mapped to JavaScript string indices. */
'use strict';

(function () {
  const app = document.getElementById('app');
  const status = document.getElementById('status');
  const SVGNS = 'http://www.w3.org/2000/svg';
  const PAGE = 20;

  const TYPE_LABEL = { PER: 'Personne', ORG: 'Organisation', LOC: 'Lieu', MISC: 'Divers' };
  const TYPE_PLURAL = { PER: 'Personnes', ORG: 'Organisations', LOC: 'Lieux', MISC: 'Divers' };
  const KIND_LABEL = { direct: 'Citation directe', indirect: 'Discours rapporté' };

  /* ---------- DOM helpers ---------- */

  function build(ns, tag, attrs, children) {
    const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'text') el.textContent = String(v);
        else if (k === 'class') el.setAttribute('class', v);
        else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    if (children === null || children === undefined || children === false) return;
    if (Array.isArray(children)) { for (const c of children) append(el, c); return; }
    el.appendChild(children instanceof Node ? children : document.createTextNode(String(children)));
  }
  const h = (tag, attrs, ...children) => build(null, tag, attrs, children);
  const s = (tag, attrs, ...children) => build(SVGNS, tag, attrs, children);

  function announce(msg) { status.textContent = ''; setTimeout(() => { status.textContent = msg; }, 30); }

  /* ---------- text helpers ---------- */

  /** A function mapping a byte offset of the UTF-8 encoding of `str` to an
   * index into the JavaScript (UTF-16) string. Offsets inside a character map
   * to its start; offsets past the end map to str.length. */
  function byteIndexer(str) {
    const map = [];
    let idx = 0;
    for (const ch of str) {
      const cp = ch.codePointAt(0);
      const nbytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let i = 0; i < nbytes; i++) map.push(idx);
      idx += ch.length;
    }
    map.push(idx);
    return (b) => {
      const n = Number(b);
      if (!Number.isFinite(n) || n <= 0) return 0;
      return n >= map.length ? str.length : map[Math.floor(n)];
    };
  }

  const dateFmt = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dateLong = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const numFmt = new Intl.NumberFormat('fr-FR');

  function parseDay(d) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || '');
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  }
  function fmtDate(d) {
    if (!d) return '';
    const t = parseDay(d);
    return t ? dateFmt.format(t) : String(d);
  }
  function dayKey(t) { return t.toISOString().slice(0, 10); }
  function plural(n, one, many) { return numFmt.format(n) + ' ' + (n > 1 ? many : one); }
  function period(first, last) {
    if (!first) return '';
    if (!last || first === last) return fmtDate(first);
    return fmtDate(first) + ' – ' + fmtDate(last);
  }
  function copiesCount(c) { return Array.isArray(c) ? c.length : (Number(c) || 0); }

  /* ---------- API ---------- */

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, opts) {
    let res;
    try {
      res = await fetch(path, Object.assign({ headers: { Accept: 'application/json' } }, opts || {}));
    } catch (e) {
      throw new ApiError(0, 'le serveur ne répond pas');
    }
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok || (body && body.error)) {
      const msg = body && body.error && body.error.message ? body.error.message : 'erreur ' + res.status;
      throw new ApiError(res.status, msg);
    }
    return body;
  }

  function qs(params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
    const str = u.toString();
    return str ? '?' + str : '';
  }

  /* ---------- shared pieces ---------- */

  function entityHref(e) {
    if (e && e.id !== undefined && e.id !== null && typeof e.id === 'number') return '#/entity/' + e.id;
    return '#/entity' + qs({ name: e.name });
  }
  function typeBadge(type) {
    const t = TYPE_LABEL[type] ? type : 'MISC';
    return h('span', { class: 'badge t-' + t, title: TYPE_LABEL[t] }, type || '?');
  }
  function entityChip(e, extra) {
    const t = TYPE_LABEL[e.type] ? e.type : 'MISC';
    return h('a', { class: 'chip t-' + t, href: entityHref(e) },
      h('span', { class: 'chip-type', 'aria-label': TYPE_LABEL[t] }, e.type || '?'),
      h('span', { class: 'chip-name' }, e.name),
      extra !== undefined ? h('span', { class: 'chip-count' }, extra) : null);
  }
  function articleTitle(a) { return a.title || 'Article « ' + a.id + ' »'; }

  function loading(label) { return h('p', { class: 'loading', role: 'status' }, label || 'Chargement…'); }

  function errorBox(e, what) {
    let msg = e.message || String(e);
    if (e.status === 404) msg = (what || 'Introuvable') + ' — ' + msg;
    return h('div', { class: 'error', role: 'alert' },
      h('strong', null, e.status === 404 ? 'Introuvable. ' : 'Erreur. '), msg);
  }

  function quoteCard(q, opts) {
    opts = opts || {};
    const kind = q.kind === 'indirect' ? 'indirect' : 'direct';
    const who = [];
    if (q.speaker && typeof q.speaker === 'string') {
      who.push(h('a', { class: 'speaker', href: q.speaker_id ? '#/entity/' + q.speaker_id : '#/entity' + qs({ name: q.speaker }) }, q.speaker));
    } else if (opts.speakerName) {
      who.push(h('span', { class: 'speaker' }, opts.speakerName));
    }
    if (q.speaker_text && q.speaker_text !== q.speaker) {
      who.push(h('span', { class: 'speaker-text' }, (who.length ? ', ' : '') + q.speaker_text));
    }
    if (!who.length && !opts.speakerName) who.push(h('span', { class: 'speaker unknown' }, 'Locuteur non identifié'));
    const meta = [];
    if (q.published) meta.push(h('time', { datetime: q.published }, fmtDate(q.published)));
    if (q.article) meta.push(h('a', { href: '#/article/' + encodeURIComponent(q.article) }, 'lire l’article'));
    return h('figure', { class: 'quote-card k-' + kind },
      h('blockquote', null, h('p', null, q.text)),
      h('figcaption', null,
        h('span', { class: 'kind' }, KIND_LABEL[kind]),
        who.length ? h('span', { class: 'who' }, '— ', who) : null,
        meta.length ? h('span', { class: 'qmeta' }, meta.map((m, i) => [i ? ' · ' : '', m])) : null));
  }

  function section(title, ...children) {
    const id = 'sec-' + title.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-');
    return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), children);
  }

  /* ---------- highlighted text ---------- */

  /** Builds the text of an article with its annotations in place.
   * spans: {start, end, cls, label, title, href, data} in UTF-16 indices;
   * quotes: {start, end, ...} also in indices, rendered as an outer layer. */
  function annotatedText(text, inline, quotes) {
    // inline spans must not overlap: keep the earliest, then the longest
    inline = inline.filter((a) => a.end > a.start).sort((a, b) => a.start - b.start || b.end - a.end);
    const flat = [];
    let lastEnd = -1;
    for (const a of inline) if (a.start >= lastEnd) { flat.push(a); lastEnd = a.end; }
    quotes = quotes.filter((q) => q.end > q.start).sort((a, b) => a.start - b.start);
    const qflat = [];
    lastEnd = -1;
    for (const q of quotes) if (q.start >= lastEnd) { qflat.push(q); lastEnd = q.end; }

    const cuts = new Set([0, text.length]);
    for (const a of flat) { cuts.add(a.start); cuts.add(a.end); }
    for (const q of qflat) { cuts.add(q.start); cuts.add(q.end); }
    const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);

    const root = h('div', { class: 'doc' });
    let qi = 0, ii = 0;
    let curQuote = null, curQuoteEl = null;
    for (let p = 0; p + 1 < points.length; p++) {
      const a = points[p], b = points[p + 1];
      while (qi < qflat.length && qflat[qi].end <= a) qi++;
      while (ii < flat.length && flat[ii].end <= a) ii++;
      const q = qi < qflat.length && qflat[qi].start <= a ? qflat[qi] : null;
      const sp = ii < flat.length && flat[ii].start <= a ? flat[ii] : null;
      if (q !== curQuote) {
        curQuote = q;
        curQuoteEl = q ? h('span', { class: 'q-span k-' + (q.kind === 'indirect' ? 'indirect' : 'direct'), title: q.title, 'data-quote': q.index }) : null;
        if (curQuoteEl) root.appendChild(curQuoteEl);
      }
      const parent = curQuoteEl || root;
      const piece = text.slice(a, b);
      if (sp) {
        const attrs = { class: sp.cls, title: sp.title };
        if (sp.data) Object.assign(attrs, sp.data);
        const el = sp.href ? h('a', Object.assign(attrs, { href: sp.href }), piece) : h('mark', attrs, piece);
        parent.appendChild(el);
      } else {
        parent.appendChild(document.createTextNode(piece));
      }
    }
    return root;
  }

  /** Spans of an analysis document or of a stored article, in string indices. */
  function docSpans(text, doc, linkEntities) {
    const at = byteIndexer(text);
    const ents = doc.entities || [];
    const inline = [];
    const byId = new Map(ents.map((e) => [e.id, e]));
    for (const m of doc.mentions || []) {
      const ent = byId.get(m.entity);
      const t0 = ent && ent.type ? ent.type : m.type;
      const type = TYPE_LABEL[t0] ? t0 : 'MISC';
      const name = m.name || (ent && ent.name) || m.text;
      const span = {
        start: at(m.start), end: at(m.end), cls: 'ent t-' + type,
        title: TYPE_LABEL[type] + ' : ' + name,
        data: { 'data-entity': m.entity, 'data-type': type },
      };
      if (linkEntities && typeof m.entity === 'number') span.href = '#/entity/' + m.entity;
      inline.push(span);
    }
    for (const d of doc.dates || []) {
      inline.push({ start: at(d.start), end: at(d.end), cls: 'date', title: 'Date' + (d.value ? ' : ' + d.value : ' (non résolue)') });
    }
    for (const q of doc.quantities || []) {
      inline.push({ start: at(q.start), end: at(q.end), cls: 'qty', title: 'Quantité' + (q.value !== null && q.value !== undefined ? ' : ' + numFmt.format(q.value) + (q.unit ? ' ' + q.unit : '') : '') });
    }
    const quotes = (doc.quotes || []).map((q, i) => {
      const who = speakerName(q, ents);
      return {
        start: at(q.start), end: at(q.end), kind: q.kind, index: i,
        title: (KIND_LABEL[q.kind] || 'Citation') + (who ? ' — ' + who : ''),
      };
    });
    return { inline, quotes };
  }

  function speakerName(q, ents) {
    if (typeof q.speaker === 'string') return q.speaker;
    if (typeof q.speaker === 'number') {
      const e = (ents || []).find((x) => x.id === q.speaker);
      if (e) return e.name;
    }
    return q.speaker_text || '';
  }

  function legend() {
    const item = (cls, label) => h('li', null, h('span', { class: 'swatch ' + cls, 'aria-hidden': 'true' }, 'Abc'), ' ', label);
    return h('ul', { class: 'legend', 'aria-label': 'Légende' },
      item('ent t-PER', 'Personne'), item('ent t-ORG', 'Organisation'), item('ent t-LOC', 'Lieu'),
      item('ent t-MISC', 'Divers'), item('date', 'Date'), item('qty', 'Quantité'),
      item('q-span k-direct', 'Citation'));
  }

  /* ---------- timeline chart ---------- */

  function niceStep(max, ticks) {
    const raw = Math.max(1, max) / ticks;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    return Math.max(1, Math.round(step));
  }

  /** Fills the gaps between points (one bar per day or week, zero when absent). */
  function fillSeries(points, by) {
    const byDate = new Map(points.map((p) => [p.date, p]));
    const days = points.map((p) => parseDay(p.date)).filter(Boolean).sort((a, b) => a - b);
    if (!days.length) return [];
    const stepDays = by === 'week' ? 7 : 1;
    const out = [];
    const first = days[0], last = days[days.length - 1];
    const span = Math.round((last - first) / 86400000 / stepDays);
    if (span > 1500) return points.slice().sort((a, b) => (a.date < b.date ? -1 : 1));
    for (let i = 0; i <= span; i++) {
      const t = new Date(first.getTime() + i * stepDays * 86400000);
      const k = dayKey(t);
      out.push(byDate.get(k) || { date: k, mentions: 0, articles: 0 });
    }
    return out;
  }

  /** width: the box's width in CSS pixels, so that the labels keep their size. */
  function timelineChart(data, width) {
    const series = fillSeries(data.points || [], data.by);
    if (!series.length) return h('p', { class: 'empty' }, 'Aucune mention datée.');
    const W = Math.round(Math.min(1100, Math.max(280, width || 760))), H = W < 500 ? 200 : 240, L = 40, R = 14, T = 16, B = 40;
    const iw = W - L - R, ih = H - T - B;
    const max = Math.max(1, ...series.map((p) => p.mentions));
    const step = niceStep(max, 4);
    const top = Math.ceil(max / step) * step;
    const y = (v) => T + ih - (v / top) * ih;
    const bw = iw / series.length;
    const unit = data.by === 'week' ? 'semaine du ' : '';
    const total = series.reduce((a, p) => a + p.mentions, 0);

    const svgEl = s('svg', {
      class: 'chart', 'data-by': data.by === 'week' ? 'week' : 'day', viewBox: `0 0 ${W} ${H}`, role: 'img', preserveAspectRatio: 'xMidYMid meet',
      'aria-label': `Mentions de ${data.entity} par ${data.by === 'week' ? 'semaine' : 'jour'} : ${plural(total, 'mention', 'mentions')} sur ${plural(series.length, data.by === 'week' ? 'semaine' : 'jour', data.by === 'week' ? 'semaines' : 'jours')}`,
    });
    svgEl.appendChild(s('title', null, `Mentions de ${data.entity}`));
    const grid = s('g', { class: 'grid' });
    for (let v = 0; v <= top; v += step) {
      grid.appendChild(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      grid.appendChild(s('text', { x: L - 8, y: y(v) + 4, 'text-anchor': 'end' }, numFmt.format(v)));
    }
    svgEl.appendChild(grid);

    const bars = s('g', { class: 'bars' });
    const gap = Math.min(4, bw * 0.2);
    series.forEach((p, i) => {
      const x = L + i * bw + gap / 2;
      const hgt = Math.max(p.mentions > 0 ? 2 : 0, y(0) - y(p.mentions));
      const label = `${unit}${dateLong.format(parseDay(p.date))} : ${plural(p.mentions, 'mention', 'mentions')} dans ${plural(p.articles, 'article', 'articles')}`;
      const g = s('g', { class: 'bar' + (p.mentions ? '' : ' zero') });
      g.appendChild(s('title', null, label));
      // a full-height hit area so the hover title works on short bars too
      g.appendChild(s('rect', { class: 'hit', x: L + i * bw, y: T, width: bw, height: ih }));
      g.appendChild(s('rect', { class: 'val', x, y: y(0) - hgt, width: Math.max(1, bw - gap), height: hgt, rx: Math.min(3, bw / 4) }));
      bars.appendChild(g);
    });
    svgEl.appendChild(bars);

    const axis = s('g', { class: 'axis' });
    axis.appendChild(s('line', { x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    const nlabels = Math.min(series.length, Math.max(2, Math.floor(iw / 110)));
    const shown = new Set();
    for (let k = 0; k < nlabels; k++) {
      const i = nlabels === 1 ? 0 : Math.round(k * (series.length - 1) / (nlabels - 1));
      if (shown.has(i)) continue;
      shown.add(i);
      const cx = L + i * bw + bw / 2;
      axis.appendChild(s('line', { x1: cx, x2: cx, y1: y(0), y2: y(0) + 5 }));
      const anchor = series.length === 1 ? 'middle' : i === 0 ? 'start' : i === series.length - 1 ? 'end' : 'middle';
      const tx = anchor === 'start' ? Math.max(cx - bw / 2, L) : anchor === 'end' ? Math.min(cx + bw / 2, W - R) : cx;
      axis.appendChild(s('text', { x: tx, y: y(0) + 20, 'text-anchor': anchor }, fmtDate(series[i].date)));
    }
    svgEl.appendChild(axis);
    return svgEl;
  }

  /* ---------- pages ---------- */

  function searchForm(p, big) {
    const field = (id, label, type, value, extra) => h('div', { class: 'field' },
      h('label', { for: id }, label), h('input', Object.assign({ id, name: id.replace('s-', ''), type, value: value || '' }, extra || {})));
    const form = h('form', { class: 'search-form' + (big ? ' big' : ''), role: 'search', id: 'search-form' },
      h('div', { class: 'search-main' },
        h('label', { for: 's-q', class: 'sr-only' }, 'Mots recherchés'),
        h('input', { id: 's-q', name: 'q', type: 'search', value: p.get('q') || '', placeholder: 'Ex. : visite de travail, Loukachenko…', autocomplete: 'off', required: true }),
        h('button', { type: 'submit', class: 'primary' }, 'Rechercher')),
      h('details', { class: 'filters', open: ['from', 'to', 'entity', 'source'].some((k) => p.get(k)) || null },
        h('summary', null, 'Filtres'),
        h('div', { class: 'filter-grid' },
          field('s-from', 'Du', 'date', p.get('from')),
          field('s-to', 'Au', 'date', p.get('to')),
          field('s-entity', 'Entité citée', 'text', p.get('entity'), { placeholder: 'nom' }),
          field('s-source', 'Source', 'text', p.get('source'), { placeholder: 'ex. lemonde.fr' }))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const params = {};
      for (const k of ['q', 'from', 'to', 'entity', 'source']) params[k] = (fd.get(k) || '').toString().trim();
      go('#/search' + qs(params));
    });
    return form;
  }

  function snippetNode(hit) {
    const text = hit.snippet || '';
    const at = byteIndexer(text);
    const out = h('p', { class: 'snippet' });
    const marks = (hit.marks || []).map(([a, b]) => [at(a), at(b)]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
    let pos = 0;
    for (const [a, b] of marks) {
      if (a < pos) continue;
      if (a > pos) out.appendChild(document.createTextNode(text.slice(pos, a)));
      out.appendChild(h('mark', { class: 'hit' }, text.slice(a, b)));
      pos = b;
    }
    if (pos < text.length) out.appendChild(document.createTextNode(text.slice(pos)));
    return out;
  }

  async function pageHome(ctx) {
    setTitle('Accueil');
    const hero = h('div', { class: 'hero' },
      h('h1', null, 'Ce que disent les dépêches'),
      h('p', { class: 'lede' }, 'Cherchez dans l’archive, suivez une personne, une organisation ou un lieu, retrouvez qui a dit quoi et quand.'),
      searchForm(new URLSearchParams(), true));
    const storiesBox = h('div', null, loading());
    const quotesBox = h('div', null, loading());
    ctx.render([hero, h('div', { class: 'columns' },
      section('Sujets récents', storiesBox),
      section('Dernières citations', quotesBox))]);
    api('/api/stories?limit=8').then((d) => ctx.alive() && storiesBox.replaceChildren(storyList(d.stories || [])))
      .catch((e) => ctx.alive() && storiesBox.replaceChildren(errorBox(e)));
    api('/api/quotes?limit=5').then((d) => ctx.alive() && quotesBox.replaceChildren(
      (d.quotes || []).length ? h('div', { class: 'quotes' }, d.quotes.map((q) => quoteCard(q))) : h('p', { class: 'empty' }, 'Aucune citation.')))
      .catch((e) => ctx.alive() && quotesBox.replaceChildren(errorBox(e)));
  }

  function storyList(stories) {
    if (!stories.length) return h('p', { class: 'empty' }, 'Aucun sujet.');
    return h('ol', { class: 'story-list' }, stories.map((st) => h('li', null,
      h('a', { href: '#/story/' + st.id, class: 'story-link' }, st.label || 'Sujet ' + st.id),
      h('span', { class: 'meta' }, period(st.first, st.last), ' · ', plural(st.articles || 0, 'article', 'articles')))));
  }

  async function pageSearch(ctx, p) {
    const q = (p.get('q') || '').trim();
    setTitle(q ? 'Recherche : ' + q : 'Recherche');
    document.getElementById('quick-q').value = q;
    const results = h('div', { class: 'results' });
    ctx.render([h('h1', null, 'Recherche'), searchForm(p, false), results]);
    if (!q) {
      results.appendChild(h('p', { class: 'empty' }, 'Saisissez des mots : une expression entre guillemets, un nom, un lieu…'));
      return;
    }
    results.appendChild(loading('Recherche en cours…'));
    const offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
    let d;
    try {
      d = await api('/api/search' + qs({ q, from: p.get('from'), to: p.get('to'), entity: p.get('entity'), source: p.get('source'), limit: PAGE, offset }));
    } catch (e) {
      if (ctx.alive()) results.replaceChildren(errorBox(e));
      return;
    }
    if (!ctx.alive()) return;
    const hits = d.hits || [];
    const total = typeof d.count === 'number' ? d.count : hits.length;
    announce(plural(total, 'résultat', 'résultats') + ' pour « ' + q + ' »');
    const head = h('p', { class: 'count' }, hits.length ? plural(total, 'résultat', 'résultats') + ' pour ' : 'Aucun résultat pour ', h('q', null, q));
    const list = h('ol', { class: 'hits', start: offset + 1 }, hits.map((hit) => {
      const n = copiesCount(hit.copies);
      return h('li', { class: 'hit-card' },
        h('h2', null, h('a', { href: '#/article/' + encodeURIComponent(hit.id) }, articleTitle(hit))),
        h('p', { class: 'meta' },
          hit.published ? h('time', { datetime: hit.published }, fmtDate(hit.published)) : null,
          hit.source ? [' · ', h('span', { class: 'source' }, hit.source)] : null,
          n ? [' · ', h('span', { class: 'copies', title: 'Reprises quasi identiques de cet article' }, plural(n, 'reprise', 'reprises'))] : null,
          hit.canonical ? [' · ', h('a', { href: '#/article/' + encodeURIComponent(hit.canonical) }, 'article original')] : null),
        snippetNode(hit));
    }));
    const nav = h('nav', { class: 'pager', 'aria-label': 'Pages de résultats' });
    const base = { q, from: p.get('from'), to: p.get('to'), entity: p.get('entity'), source: p.get('source') };
    if (offset > 0) nav.appendChild(h('a', { href: '#/search' + qs(Object.assign({}, base, { offset: Math.max(0, offset - PAGE) || null })), rel: 'prev' }, '← Précédents'));
    if (offset + hits.length < total) nav.appendChild(h('a', { href: '#/search' + qs(Object.assign({}, base, { offset: offset + PAGE })), rel: 'next' }, 'Suivants →'));
    results.replaceChildren(head, list, nav);
  }

  async function pageEntity(ctx, id, p) {
    ctx.render(loading());
    let e;
    try {
      e = id !== null ? await api('/api/entities/' + encodeURIComponent(id)) : await api('/api/entities' + qs({ name: p.get('name') || '' }));
    } catch (err) {
      setTitle('Entité introuvable');
      if (ctx.alive()) ctx.render([h('h1', null, id !== null ? 'Entité n° ' + id : (p.get('name') || 'Entité')), errorBox(err, 'Cette entité n’est pas dans l’archive')]);
      return;
    }
    if (!ctx.alive()) return;
    setTitle(e.name);
    const type = TYPE_LABEL[e.type] ? e.type : 'MISC';
    const by = p.get('by') === 'week' ? 'week' : 'day';

    const header = h('header', { class: 'entity-head t-' + type },
      h('p', { class: 'kicker' }, typeBadge(e.type), ' ', TYPE_LABEL[type]),
      h('h1', null, e.name),
      h('p', { class: 'meta' },
        plural(e.articles || 0, 'article', 'articles'),
        e.first ? [' · ', period(e.first, e.last)] : null,
        ' · ', h('a', { href: '#/search' + qs({ q: e.name, entity: e.name }) }, 'articles qui le citent'),
        type === 'PER' ? [' · ', h('a', { href: '#/quotes' + qs({ speaker: e.name }) }, 'toutes ses citations')] : null));

    const names = (e.names || []).length
      ? h('ul', { class: 'variants' }, e.names.map((n) => h('li', null, h('span', { class: 'variant' }, n.name), h('span', { class: 'count', title: 'occurrences' }, numFmt.format(n.count)))))
      : h('p', { class: 'empty' }, 'Aucune variante.');
    const roles = (e.roles || []).length
      ? h('ul', { class: 'roles' }, e.roles.map((r) => h('li', null,
        h('span', { class: 'role' }, r.role),
        h('span', { class: 'meta' }, period(r.first, r.last), ' · ', plural(r.articles || 0, 'article', 'articles')))))
      : h('p', { class: 'empty' }, 'Aucun rôle relevé.');
    const co = (e.cooccurring || []).length
      ? h('ul', { class: 'chips' }, e.cooccurring.map((c) => h('li', null, entityChip(c, numFmt.format(c.articles)))))
      : h('p', { class: 'empty' }, 'Aucune.');
    const quotes = (e.quotes || []).length
      ? h('div', { class: 'quotes' }, e.quotes.map((q) => quoteCard(q, { speakerName: e.name })))
      : h('p', { class: 'empty' }, 'Aucune citation.');

    const chartBox = h('div', { class: 'chart-box', id: 'timeline' }, loading());
    const toggle = h('div', { class: 'seg', role: 'group', 'aria-label': 'Pas de la chronologie' },
      ['day', 'week'].map((k) => h('a', {
        href: (id !== null ? '#/entity/' + id : '#/entity') + qs({ name: id !== null ? null : e.name, by: k === 'week' ? 'week' : null }),
        'aria-current': by === k ? 'true' : null,
      }, k === 'week' ? 'Par semaine' : 'Par jour')));

    ctx.render([header,
      h('div', { class: 'grid-entity' },
        h('div', { class: 'col-main' },
          h('section', { class: 'panel', 'aria-labelledby': 'sec-chrono' },
            h('div', { class: 'panel-head' }, h('h2', { id: 'sec-chrono' }, 'Chronologie des mentions'), toggle),
            chartBox),
          section('Citations', quotes)),
        h('div', { class: 'col-side' },
          section('Variantes du nom', names),
          section('Rôles', roles),
          section('Cité avec', co)))]);

    try {
      const t = await api('/api/timeline' + (typeof e.id === 'number' ? qs({ entity: e.id, by }) : qs({ name: e.name, by })));
      if (!t.entity) t.entity = e.name;
      if (!ctx.alive()) return;
      chartBox.replaceChildren(timelineChart(t, chartBox.clientWidth));
    } catch (err) {
      if (ctx.alive()) chartBox.replaceChildren(errorBox(err));
    }
  }

  async function pageStories(ctx) {
    setTitle('Sujets');
    const box = h('div', null, loading());
    ctx.render([h('h1', null, 'Sujets'), h('p', { class: 'lede' }, 'Les articles regroupés par sujet, du plus récent au plus ancien.'), box]);
    try {
      const d = await api('/api/stories?limit=100');
      if (ctx.alive()) box.replaceChildren(storyList(d.stories || []));
    } catch (e) { if (ctx.alive()) box.replaceChildren(errorBox(e)); }
  }

  async function pageStory(ctx, id) {
    ctx.render(loading());
    let st;
    try { st = await api('/api/stories/' + encodeURIComponent(id)); } catch (e) {
      setTitle('Sujet introuvable');
      if (ctx.alive()) ctx.render([h('h1', null, 'Sujet n° ' + id), errorBox(e, 'Ce sujet n’existe pas')]);
      return;
    }
    if (!ctx.alive()) return;
    setTitle(st.label || 'Sujet ' + id);
    const arts = st.articles || [];
    ctx.render([
      h('header', { class: 'story-head' },
        h('p', { class: 'kicker' }, 'Sujet n° ' + st.id),
        h('h1', null, st.label || 'Sujet ' + st.id),
        h('p', { class: 'meta' }, period(st.first, st.last), ' · ', plural(st.count || arts.length, 'article', 'articles'))),
      section('Articles du sujet',
        arts.length ? h('ol', { class: 'timeline-list' }, arts.map((a) => {
          const n = copiesCount(a.copies);
          return h('li', null,
            h('time', { datetime: a.published || '' }, a.published ? fmtDate(a.published) : 'sans date'),
            h('div', null,
              h('a', { href: '#/article/' + encodeURIComponent(a.id), class: 'story-link' }, articleTitle(a)),
              h('span', { class: 'meta' }, a.source ? a.source : null, a.source && n ? ' · ' : null, n ? plural(n, 'reprise', 'reprises') : null)));
        })) : h('p', { class: 'empty' }, 'Aucun article.'))]);
  }

  async function pageArticle(ctx, id) {
    ctx.render(loading());
    let a;
    try { a = await api('/api/articles/' + encodeURIComponent(id)); } catch (e) {
      setTitle('Article introuvable');
      if (ctx.alive()) ctx.render([h('h1', null, 'Article « ' + id + ' »'), errorBox(e, 'Cet article n’est pas dans l’archive')]);
      return;
    }
    if (!ctx.alive()) return;
    setTitle(articleTitle(a));
    const text = a.text || '';
    const { inline, quotes } = docSpans(text, a, true);
    // entities of the article, from its mentions
    const ents = new Map();
    for (const m of a.mentions || []) {
      const k = m.entity !== undefined && m.entity !== null ? m.entity : m.text;
      const cur = ents.get(k) || { id: typeof m.entity === 'number' ? m.entity : null, name: m.name || m.text, type: m.type, n: 0 };
      cur.n++;
      ents.set(k, cur);
    }
    const meta = [];
    if (a.published) meta.push(h('time', { datetime: a.published }, fmtDate(a.published)));
    if (a.source) meta.push(h('span', null, a.source));
    if (a.url) meta.push(h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, 'source originale'));
    if (a.story !== null && a.story !== undefined) meta.push(h('a', { href: '#/story/' + a.story }, 'voir le sujet'));
    if (a.canonical) meta.push(h('a', { href: '#/article/' + encodeURIComponent(a.canonical) }, 'article original'));
    ctx.render([
      h('header', { class: 'article-head' },
        h('p', { class: 'kicker' }, 'Article'),
        h('h1', null, articleTitle(a)),
        h('p', { class: 'meta' }, meta.map((m, i) => [i ? ' · ' : '', m]))),
      h('div', { class: 'grid-article' },
        h('article', { class: 'col-main panel' }, legend(), annotatedText(text, inline, quotes)),
        h('aside', { class: 'col-side' },
          section('Entités', entityGroups([...ents.values()], true)),
          section('Citations', (a.quotes || []).length ? h('div', { class: 'quotes compact' }, a.quotes.map((q) => quoteCard(q))) : h('p', { class: 'empty' }, 'Aucune.')),
          factsSection(a)))]);
  }

  function entityGroups(list, linked) {
    if (!list.length) return h('p', { class: 'empty' }, 'Aucune.');
    const groups = new Map();
    for (const e of list) {
      const t = TYPE_LABEL[e.type] ? e.type : 'MISC';
      if (!groups.has(t)) groups.set(t, []);
      groups.get(t).push(e);
    }
    const order = ['PER', 'ORG', 'LOC', 'MISC'];
    return h('div', { class: 'ent-groups' }, order.filter((t) => groups.has(t)).map((t) => h('div', { class: 'ent-group' },
      h('h3', null, TYPE_PLURAL[t]),
      h('ul', { class: 'chips' }, groups.get(t).sort((x, y) => y.n - x.n || x.name.localeCompare(y.name, 'fr')).map((e) => h('li', null,
        linked ? entityChip(e, e.n > 1 ? '×' + e.n : undefined) : entityButton(e)))))));
  }

  /** On the analyze page an entity is not (yet) in the archive: a button that
   * highlights its mentions in the text, plus its roles. */
  function entityButton(e) {
    const t = TYPE_LABEL[e.type] ? e.type : 'MISC';
    const btn = h('button', { type: 'button', class: 'chip t-' + t, 'aria-pressed': 'false', 'data-entity-id': e.id },
      h('span', { class: 'chip-type', 'aria-label': TYPE_LABEL[t] }, e.type || '?'),
      h('span', { class: 'chip-name' }, e.name),
      e.n > 1 ? h('span', { class: 'chip-count' }, '×' + e.n) : null);
    btn.addEventListener('click', () => {
      const on = btn.getAttribute('aria-pressed') !== 'true';
      document.querySelectorAll('.chip[aria-pressed="true"]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
      document.querySelectorAll('.doc .ent.focus').forEach((m) => m.classList.remove('focus'));
      if (on) {
        btn.setAttribute('aria-pressed', 'true');
        const marks = document.querySelectorAll('.doc .ent[data-entity="' + String(e.id).replace(/[^0-9]/g, '') + '"]');
        marks.forEach((m) => m.classList.add('focus'));
        if (marks[0]) marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
        announce(plural(marks.length, 'mention surlignée', 'mentions surlignées'));
      }
    });
    const roles = (e.roles || []).map((r) => (typeof r === 'string' ? r : r.role)).filter(Boolean);
    return roles.length ? h('span', { class: 'chip-wrap' }, btn, h('span', { class: 'chip-roles' }, roles.join(' ; '))) : btn;
  }

  function factsSection(doc) {
    const dates = doc.dates || [], qty = doc.quantities || [];
    if (!dates.length && !qty.length) return null;
    return section('Dates et quantités',
      dates.length ? h('ul', { class: 'facts' }, dates.map((d) => h('li', null,
        h('span', { class: 'date' }, d.text), ' ',
        h('span', { class: 'meta' }, d.value ? '→ ' + (parseDay(d.value) && d.value.length === 10 ? dateLong.format(parseDay(d.value)) : d.value) : 'non résolue')))) : null,
      qty.length ? h('ul', { class: 'facts' }, qty.map((q) => h('li', null,
        h('span', { class: 'qty' }, q.text), ' ',
        h('span', { class: 'meta' }, q.value !== null && q.value !== undefined ? '= ' + numFmt.format(q.value) + (q.unit ? ' ' + q.unit : '') : '')))) : null);
  }

  let lastAnalyzed = { text: '', published: '' };

  async function pageAnalyze(ctx) {
    setTitle('Analyser un texte');
    const ta = h('textarea', { id: 'analyze-text', name: 'text', rows: 12, required: true, spellcheck: 'false', placeholder: 'Collez ici le texte d’un article en français…' });
    ta.value = lastAnalyzed.text;
    const pub = h('input', { id: 'analyze-date', name: 'published', type: 'date', value: lastAnalyzed.published });
    const out = h('div', { class: 'analysis', id: 'analysis' });
    const btn = h('button', { type: 'submit', class: 'primary', id: 'analyze-go' }, 'Analyser');
    const form = h('form', { class: 'analyze-form', id: 'analyze-form' },
      h('div', { class: 'field' }, h('label', { for: 'analyze-text' }, 'Texte de l’article'), ta),
      h('div', { class: 'row' },
        h('div', { class: 'field inline' },
          h('label', { for: 'analyze-date' }, 'Date de publication ', h('span', { class: 'hint' }, '(facultative, pour résoudre « jeudi », « il y a un mois »…)')),
          pub),
        btn));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const text = ta.value;
      if (!text.trim()) { ta.focus(); return; }
      lastAnalyzed = { text, published: pub.value };
      btn.disabled = true;
      out.replaceChildren(loading('Analyse en cours…'));
      try {
        const opts = pub.value
          ? { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ text, published: pub.value }) }
          : { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8', Accept: 'application/json' }, body: text };
        const doc = await api('/api/analyze', opts);
        if (!ctx.alive()) return;
        renderAnalysis(out, text, doc);
        ta.scrollTop = 0;
        announce('Analyse terminée : ' + plural((doc.entities || []).length, 'entité', 'entités') + ', ' + plural((doc.quotes || []).length, 'citation', 'citations') + ', ' + plural((doc.dates || []).length, 'date', 'dates'));
      } catch (e) {
        if (ctx.alive()) out.replaceChildren(errorBox(e));
      } finally { btn.disabled = false; }
    });
    ctx.render([h('h1', null, 'Analyser un texte'),
      h('p', { class: 'lede' }, 'Collez un article : depeche y repère les personnes, organisations et lieux, les citations et leurs auteurs, les dates et les quantités. Rien n’est enregistré dans l’archive.'),
      form, out]);
  }

  function renderAnalysis(out, text, doc) {
    const { inline, quotes } = docSpans(text, doc, false);
    const ents = (doc.entities || []).map((e) => ({ id: e.id, name: e.name, type: e.type, roles: e.roles, n: (e.mentions || []).length }));
    const qcards = (doc.quotes || []).map((q) => {
      const e = typeof q.speaker === 'number' ? (doc.entities || []).find((x) => x.id === q.speaker) : null;
      return quoteCard({
        text: q.text, kind: q.kind,
        speaker: e ? e.name : null,
        speaker_text: q.speaker_text,
      });
    });
    const stat = (n, one, many) => h('li', null, h('strong', null, numFmt.format(n)), ' ' + (n > 1 ? many : one));
    const stats = h('ul', { class: 'stats' },
      stat(ents.length, 'entité', 'entités'),
      stat((doc.quotes || []).length, 'citation', 'citations'),
      stat((doc.dates || []).length, 'date', 'dates'),
      stat((doc.quantities || []).length, 'quantité', 'quantités'));
    out.replaceChildren(
      h('h2', { class: 'sr-only' }, 'Résultat de l’analyse'),
      stats,
      h('div', { class: 'grid-article' },
        h('article', { class: 'col-main panel', 'aria-label': 'Texte annoté' }, legend(), annotatedText(text, inline, quotes)),
        h('aside', { class: 'col-side' },
          section('Entités', entityGroups(ents, false)),
          section('Citations', qcards.length ? h('div', { class: 'quotes compact' }, qcards) : h('p', { class: 'empty' }, 'Aucune.')),
          factsSection(doc))));
  }

  async function pageQuotes(ctx, p) {
    const speaker = p.get('speaker') || '', about = p.get('about') || '';
    setTitle(speaker ? 'Citations de ' + speaker : 'Citations');
    const form = h('form', { class: 'search-form quotes-form', id: 'quotes-form' },
      h('div', { class: 'filter-grid' },
        h('div', { class: 'field' }, h('label', { for: 'q-speaker' }, 'Locuteur'), h('input', { id: 'q-speaker', name: 'speaker', type: 'text', value: speaker, placeholder: 'ex. Peskov' })),
        h('div', { class: 'field' }, h('label', { for: 'q-about' }, 'Contenant les mots'), h('input', { id: 'q-about', name: 'about', type: 'text', value: about })),
        h('div', { class: 'field end' }, h('button', { type: 'submit', class: 'primary' }, 'Filtrer'))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      go('#/quotes' + qs({ speaker: (fd.get('speaker') || '').toString().trim(), about: (fd.get('about') || '').toString().trim() }));
    });
    const box = h('div', null, loading());
    ctx.render([h('h1', null, 'Citations'), form, box]);
    try {
      const d = await api('/api/quotes' + qs({ speaker, about, limit: 100 }));
      if (!ctx.alive()) return;
      const qs_ = d.quotes || [];
      box.replaceChildren(h('p', { class: 'count' }, qs_.length ? plural(d.count || qs_.length, 'citation', 'citations') : 'Aucune citation.'),
        h('div', { class: 'quotes' }, qs_.map((q) => quoteCard(q))));
    } catch (e) { if (ctx.alive()) box.replaceChildren(errorBox(e)); }
  }

  /* ---------- router ---------- */

  function setTitle(t) { document.title = t + ' — depeche'; }
  function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }

  let generation = 0;
  async function route() {
    const my = ++generation;
    const raw = location.hash.replace(/^#/, '') || '/';
    const qpos = raw.indexOf('?');
    const path = qpos < 0 ? raw : raw.slice(0, qpos);
    const params = new URLSearchParams(qpos < 0 ? '' : raw.slice(qpos + 1));
    const parts = path.split('/').filter(Boolean).map((x) => { try { return decodeURIComponent(x); } catch (e) { return x; } });
    const ctx = {
      alive: () => my === generation,
      render: (nodes) => { if (my === generation) { app.replaceChildren(); append(app, nodes); } },
    };
    const section_ = parts[0] || '';
    document.body.dataset.route = section_ || 'home';
    document.querySelectorAll('[data-nav]').forEach((a) => {
      if (a.dataset.nav === section_ || (section_ === 'story' && a.dataset.nav === 'stories')) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    if (section_ !== 'search') document.getElementById('quick-q').value = '';
    try {
      if (!parts.length) await pageHome(ctx);
      else if (section_ === 'search') await pageSearch(ctx, params);
      else if (section_ === 'entity') await pageEntity(ctx, parts[1] !== undefined ? parts[1] : null, params);
      else if (section_ === 'stories') await pageStories(ctx);
      else if (section_ === 'story' && parts[1]) await pageStory(ctx, parts[1]);
      else if (section_ === 'article' && parts[1]) await pageArticle(ctx, parts[1]);
      else if (section_ === 'analyze') await pageAnalyze(ctx);
      else if (section_ === 'quotes') await pageQuotes(ctx, params);
      else { setTitle('Page inconnue'); ctx.render([h('h1', null, 'Page inconnue'), h('p', null, h('a', { href: '#/' }, 'Retour à l’accueil'))]); }
    } catch (e) {
      ctx.render(errorBox(e));
    }
    if (my === generation) app.dataset.route = section_ || 'home';
  }

  let firstRoute = true;
  window.addEventListener('hashchange', () => {
    route().then(() => {
      // move focus to the new content for keyboard and screen-reader users
      const h1 = app.querySelector('h1');
      if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
      window.scrollTo(0, 0);
    });
  });
  document.getElementById('quick-search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = document.getElementById('quick-q').value.trim();
    if (q) go('#/search' + qs({ q }));
  });
  document.getElementById('skip-link').addEventListener('click', (ev) => { ev.preventDefault(); app.focus(); });
  if (firstRoute) { firstRoute = false; route(); }
})();
