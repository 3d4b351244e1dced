// Headless-browser tests of depeche's web page, against the real server.
//
// Builds an archive (examples/seed.json plus a few generated articles), starts
// `depeche serve --listen 127.0.0.1:0`, and drives Debian's chromium through
// playwright-core: search, entity page (variants, role, SVG timeline), story
// page, article page, the analyze page, and safe rendering of hostile strings.
// Screenshots (PNG) go to $DEPECHE_WEB_ARTIFACTS (default build/web-artifacts).
//
// Environment: DEPECHE_BIN (default build/depeche), DEPECHE_WEB_ARTIFACTS,
// CHROMIUM (default /usr/bin/chromium), DEPECHE_WEB_MOCK=1 to run against
// tests/web/mock_server.py instead (development aid only).
// Prints one line per check and closes with "N passed, N failed"; exits 1 on failure.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const bin = path.resolve(process.env.DEPECHE_BIN || path.join(root, 'build', 'depeche'));
const artifacts = path.resolve(process.env.DEPECHE_WEB_ARTIFACTS || path.join(root, 'build', 'web-artifacts'));
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const useMock = process.env.DEPECHE_WEB_MOCK === '1';

let passed = 0, failed = 0;
function check(name, ok, detail) {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}
async function step(name, fn) {
  try { await fn(); } catch (e) { check(name, false, (e && e.message ? e.message : String(e)).split('\n')[0]); }
}

/* ---------- the archive ---------- */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depeche-web-'));
const db = path.join(tmp, 'web.db');
const seed = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'seed.json'), 'utf8'));

// A few articles spread over three weeks about the same visit, so the
// timeline has several bars and the story several articles; one carries
// hostile markup in its title and text (it must show as text).
const gen = [
  ['gen-1', '2020-09-01', 'Minsk et Moscou préparent une rencontre', 'Le porte-parole du Kremlin, Dmitri Peskov, a confirmé mardi que le président bélarusse Alexandre Loukachenko se rendrait à Moscou. « Une visite de travail est en préparation », a déclaré Dmitri Peskov.'],
  ['gen-2', '2020-09-03', 'Le Kremlin soutient Loukachenko', 'Dmitri Peskov a affirmé jeudi que la Russie restait aux côtés du Bélarus. Selon Peskov, Moscou ne reconnaît pas l’opposition. Alexandre Loukachenko a remercié Vladimir Poutine.'],
  ['gen-3', '2020-09-08', 'Manifestations à Minsk', 'Plus de 100.000 personnes ont manifesté dimanche à Minsk contre Alexandre Loukachenko. Le Kremlin, par la voix de Dmitri Peskov, a appelé au calme.'],
  ['gen-4', '2020-09-14', 'Loukachenko reçu à Sotchi', 'Vladimir Poutine a reçu lundi Alexandre Loukachenko à Sotchi. « Ce sera une visite de travail », avait indiqué Dmitri Peskov, porte-parole du Kremlin. Peskov a précisé que la rencontre durerait quatre heures.'],
  ['gen-5', '2020-09-15', 'Un prêt de 1,5 milliard de dollars', 'La Russie accordera un prêt de 1,5 milliard de dollars au Bélarus, a annoncé mardi Dmitri Peskov au lendemain de la visite d’Alexandre Loukachenko à Sotchi.'],
  ['gen-xss', '2020-09-16', 'Essai <img src=x onerror="window.__xss=1"> <b>balise</b>', 'Un texte de test <script>window.__xss=2</script> sur la visite de travail à Minsk, avec <img src=y onerror="window.__xss=3"> dedans.'],
].map(([id, published, title, text]) => ({ id, published, title, text, source: 'exemple.fr', url: null }));
const ndjson = path.join(tmp, 'gen.ndjson');
fs.writeFileSync(ndjson, gen.map((a) => JSON.stringify(a)).join('\n') + '\n');

const ing = spawnSync(bin, ['ingest', '--db', db, path.join(root, 'examples', 'seed.json'), ndjson], { encoding: 'utf8' });
if (ing.status !== 0) {
  console.error(`ingest failed (${ing.status}): ${ing.stderr}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/* ---------- the server ---------- */

function startServer() {
  return new Promise((resolve, reject) => {
    const args = useMock
      ? ['python3', [path.join(here, 'mock_server.py'), '--db', db, '--port', String(20000 + Math.floor(Math.random() * 20000))]]
      : [bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet']];
    const proc = spawn(args[0], args[1], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => { proc.kill('SIGTERM'); reject(new Error('server did not start in 20 s:\n' + err)); }, 20000);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => {
      err += d;
      if (err.length > 1e6) err = err.slice(-1e5);
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m && timer) { clearTimeout(timer); resolve({ proc, url: m[1].replace(/\/$/, ''), log: () => err }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${err}`)); });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

fs.mkdirSync(artifacts, { recursive: true });
let server, browser;
const pageErrors = [];
try {
  server = await startServer();
  console.log(`# server ${server.url}${useMock ? ' (mock)' : ''}, archive ${db}, screenshots in ${artifacts}`);
  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // failed API calls (the error checks ask for a 404) log a console error: only assets count
  page.on('response', (r) => { if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) pageErrors.push(`${r.status()} ${r.url()}`); });
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) external.push(r.url()); });
  const shot = (name) => page.screenshot({ path: path.join(artifacts, name), fullPage: true });

  /* home */
  await step('home', async () => {
    await page.goto(server.url + '/');
    await page.waitForSelector('.story-list li');
    check('home: title and stories list', (await page.title()).includes('depeche') && (await page.locator('.story-list li').count()) >= 1);
    const css = await page.evaluate(() => getComputedStyle(document.querySelector('.masthead')).borderBottomStyle);
    check('home: stylesheet /assets/style.css applied', css === 'solid', css);
    await shot('home.png');
  });

  /* search, typed in the box, submitted with Enter */
  await step('search', async () => {
    await page.fill('#s-q', 'visite de travail');
    await page.press('#s-q', 'Enter');
    await page.waitForSelector('.hit-card');
    check('search: route in hash', decodeURIComponent(page.url()).includes('#/search?q=visite de travail') || page.url().includes('visite+de+travail'), page.url());
    const hits = await page.locator('.hit-card').count();
    check('search: hits listed', hits >= 2, `${hits} hits`);
    const marks = await page.locator('.hit-card mark.hit').allTextContents();
    check('search: snippet highlights', marks.some((m) => /visite|travail/i.test(m)), JSON.stringify(marks));
    check('search: highlights are exactly query words', marks.every((m) => /^(visites?|de|travail)$/i.test(m.trim())), JSON.stringify(marks));
    const seedHit = page.locator('.hit-card', { has: page.locator('a[href="#/article/seed"]') });
    check('search: the seed article is a hit', (await seedHit.count()) === 1);
    await shot('search.png');
  });

  /* safe rendering: hostile title and text stay text */
  await step('safety', async () => {
    await page.goto(server.url + '/#/search?q=balise');
    await page.waitForSelector('.hit-card, .empty, .error');
    const title = await page.locator('.hit-card h2').first().textContent().catch(() => '');
    check('safety: markup in a title shows as text', (title || '').includes('<img src=x'), title);
    await page.goto(server.url + '/#/article/gen-xss');
    await page.waitForSelector('.doc');
    const injected = await page.evaluate(() => ({ xss: window.__xss, imgs: document.querySelectorAll('main img, main script, main b').length }));
    check('safety: no element injected, no script run', injected.xss === undefined && injected.imgs === 0, JSON.stringify(injected));
  });

  /* entity page of Dmitri Peskov, reached from the search results of his name */
  await step('entity', async () => {
    const r = await page.request.get(server.url + '/api/entities?name=' + encodeURIComponent('Dmitri Peskov'));
    const ent = await r.json();
    check('entity: API finds Dmitri Peskov', r.ok() && ent.name === 'Dmitri Peskov', JSON.stringify(ent).slice(0, 200));
    await page.goto(server.url + '/#/entity/' + ent.id);
    await page.waitForSelector('#timeline svg.chart');
    check('entity: heading', (await page.locator('main h1').textContent()).trim() === 'Dmitri Peskov');
    const variants = await page.locator('.variants .variant').allTextContents();
    check('entity: name variants', variants.includes('Dmitri Peskov') && variants.includes('Peskov'), JSON.stringify(variants));
    const roles = await page.locator('.roles .role').allTextContents();
    check('entity: role', roles.some((x) => x.includes('porte-parole du Kremlin')), JSON.stringify(roles));
    const bars = await page.locator('#timeline svg .bar .val').count();
    const drawn = await page.locator('#timeline svg .bar:not(.zero) .val').evaluateAll((els) => els.filter((e) => Number(e.getAttribute('height')) > 0).length);
    check('entity: SVG timeline drawn with bars', bars >= 5 && drawn >= 4, `${bars} bars, ${drawn} non-empty`);
    const axis = await page.locator('#timeline svg .axis text').count();
    const titles = await page.locator('#timeline svg .bar title').first().textContent();
    check('entity: timeline axis labels and hover titles', axis >= 2 && /mention/.test(titles), `${axis} labels, "${titles}"`);
    check('entity: quote card', (await page.locator('.quote-card blockquote').allTextContents()).some((t) => t.includes('visite de travail')));
    const co = await page.locator('.chips a.chip').count();
    check('entity: co-occurring entities link to their pages', co >= 3, `${co}`);
    await shot('entity.png');
    await page.click('.seg a:has-text("Par semaine")');
    await page.waitForSelector('#timeline svg.chart[data-by="week"]');
    const wbars = await page.locator('#timeline svg .bar .val').count();
    check('entity: weekly timeline', wbars >= 2 && wbars <= 5, `${wbars} bars`);
    // a co-occurring entity by name
    await page.click('.chips a.chip:has-text("Alexandre Loukachenko")');
    await page.waitForFunction(() => document.querySelector('main h1') && document.querySelector('main h1').textContent.includes('Loukachenko') && document.querySelector('#timeline svg.chart'));
    check('entity: navigation to a co-occurring entity', true);
  });

  /* stories list and a story page */
  await step('story', async () => {
    await page.goto(server.url + '/#/stories');
    await page.waitForSelector('.story-list a.story-link');
    const href = await page.locator('.story-list a.story-link').first().getAttribute('href');
    await page.click('.story-list a.story-link >> nth=0');
    await page.waitForSelector('.timeline-list li');
    check('story: page from the stories list', /^#\/story\/\d+$/.test(href) && (await page.locator('.story-head h1').textContent()).length > 0, href);
    // the story with the most articles
    const stories = await (await page.request.get(server.url + '/api/stories?limit=50')).json();
    const big = stories.stories.slice().sort((a, b) => b.articles - a.articles)[0];
    await page.goto(server.url + '/#/story/' + big.id);
    await page.waitForFunction((n) => document.querySelectorAll('.timeline-list li').length === n, Math.min(big.articles, 200));
    check('story: its articles in date order', true);
    await shot('story.png');
    await page.click('.timeline-list a.story-link >> nth=0');
    await page.waitForSelector('.doc .ent');
    check('article: text with linked entities', (await page.locator('.doc a.ent[href^="#/entity/"]').count()) >= 1);
  });

  /* the seed article from the archive */
  await step('article', async () => {
    await page.goto(server.url + '/#/article/seed');
    await page.waitForSelector('.doc .q-span');
    const q = await page.locator('.doc .q-span').first().textContent();
    check('article: quotes in place', q === 'Ce sera une visite de travail', q);
    check('article: speaker links to the entity page', (await page.locator('.quote-card a.speaker', { hasText: 'Dmitri Peskov' }).count()) >= 1);
    await shot('article.png');
  });

  /* analyze: paste the seed text */
  await step('analyze', async () => {
    await page.click('nav a[data-nav="analyze"]');
    await page.waitForSelector('#analyze-text');
    await page.fill('#analyze-text', seed.text);
    await page.fill('#analyze-date', seed.published);
    await page.click('#analyze-go');
    await page.waitForSelector('.analysis .doc');
    const docText = await page.locator('.analysis .doc').textContent();
    check('analyze: the whole text is shown unchanged', docText === seed.text, `${docText.length} vs ${seed.text.length} chars`);
    const ents = await page.locator('.analysis .doc .ent').evaluateAll((els) => els.map((e) => [e.textContent, e.dataset.type]));
    check('analyze: entities highlighted with types',
      ents.some(([t, ty]) => t === 'Dmitri Peskov' && ty === 'PER') && ents.some(([t, ty]) => t === 'Kremlin' && ty === 'ORG') && ents.some(([t, ty]) => t === 'Moscou' && ty === 'LOC'),
      JSON.stringify(ents.slice(0, 8)));
    const quotes = await page.locator('.analysis .doc .q-span').allTextContents();
    check('analyze: quotes highlighted in place', quotes.length >= 3 && quotes[0] === 'Ce sera une visite de travail', JSON.stringify(quotes.slice(0, 2)));
    const speakers = await page.locator('.analysis .quote-card .who').allTextContents();
    check('analyze: quotes with their speakers', speakers.some((s) => s.includes('Dmitri Peskov')) && speakers.some((s) => s.includes('Dmitri Mezentsev')), JSON.stringify(speakers));
    const dates = await page.locator('.analysis .doc .date').allTextContents();
    check('analyze: dates highlighted', dates.includes('9 août') && dates.includes('jeudi'), JSON.stringify(dates));
    const qty = await page.locator('.analysis .doc .qty').allTextContents();
    check('analyze: quantities highlighted', qty.includes('100.000 personnes'), JSON.stringify(qty));
    // an entity button highlights its mentions
    await page.click('.analysis button.chip:has-text("Alexandre Loukachenko")');
    const focused = await page.locator('.analysis .doc .ent.focus').count();
    check('analyze: an entity button highlights its mentions', focused >= 2, `${focused}`);
    await page.click('.analysis button.chip:has-text("Alexandre Loukachenko")');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('analyze.png');
  });

  /* multi-byte offsets: emoji and accents before the spans */
  await step('analyze-utf8', async () => {
    const text = '🇫🇷 Éléonore, à Québec : « Nous viendrons à Paris le 3 mars », a déclaré Emmanuel Macron.';
    await page.fill('#analyze-text', text);
    await page.fill('#analyze-date', '2021-01-10');
    await page.click('#analyze-go');
    await page.waitForFunction(() => document.querySelector('.analysis .doc') && document.querySelector('.analysis .doc').textContent.includes('Québec'));
    const ents = await page.locator('.analysis .doc .ent').allTextContents();
    const dates = await page.locator('.analysis .doc .date').allTextContents();
    check('analyze: UTF-8 byte offsets mapped to the right characters', ents.includes('Emmanuel Macron') && ents.includes('Paris') && dates.includes('3 mars'), JSON.stringify({ ents, dates }));
  });

  /* quotes page, error page, keyboard, labels */
  await step('quotes', async () => {
    await page.goto(server.url + '/#/quotes?speaker=Peskov');
    await page.waitForSelector('.quote-card');
    const who = await page.locator('.quote-card .speaker').allTextContents();
    check('quotes: filtered by speaker', who.length >= 1 && who.every((w) => w.includes('Peskov')), JSON.stringify(who));
  });
  await step('errors', async () => {
    await page.goto(server.url + '/#/entity/999999');
    await page.waitForSelector('.error');
    check('errors: unknown entity shows a message', (await page.locator('.error').textContent()).length > 0);
  });
  await step('a11y', async () => {
    await page.goto(server.url + '/#/analyze');
    await page.waitForSelector('#analyze-text');
    const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')]
      .filter((el) => el.type !== 'hidden' && !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.getAttribute('aria-label')).map((el) => el.id || el.name));
    check('a11y: every field has a label', unlabeled.length === 0, JSON.stringify(unlabeled));
    await page.goto('about:blank');
    await page.goto(server.url + '/#/');
    await page.waitForSelector('.story-list li');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
    check('a11y: first Tab reaches the skip link', first === 'Aller au contenu', first);
    check('a11y: html lang is fr', (await page.getAttribute('html', 'lang')) === 'fr');
  });

  /* small screen */
  await step('mobile', async () => {
    const m = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    m.on('pageerror', (e) => pageErrors.push(e.message));
    m.on('response', (r) => { if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) pageErrors.push(`${r.status()} ${r.url()}`); });
    const r = await m.request.get(server.url + '/api/entities?name=' + encodeURIComponent('Dmitri Peskov'));
    await m.goto(server.url + '/#/entity/' + (await r.json()).id);
    await m.waitForSelector('#timeline svg.chart');
    const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check('mobile: no horizontal overflow', overflow <= 1, `${overflow}px`);
    await m.screenshot({ path: path.join(artifacts, 'entity-mobile.png'), fullPage: true });
    await m.close();
  });

  check('no JavaScript error, no missing asset', pageErrors.length === 0, JSON.stringify(pageErrors.slice(0, 3)));
  check('no request outside the server', external.length === 0, JSON.stringify(external.slice(0, 3)));
} catch (e) {
  check('run', false, e && e.stack ? e.stack : String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    server.proc.removeAllListeners('exit');
    server.proc.kill('SIGTERM');
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`# screenshots: ${fs.existsSync(artifacts) ? fs.readdirSync(artifacts).filter((f) => f.endsWith('.png')).map((f) => path.join(artifacts, f)).join(' ') : 'none'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
