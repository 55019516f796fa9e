/**
 * The page's one script (served as pimpinan/app.js; no inline script under the
 * CSP). Vanilla, no framework, ES2017. It never builds HTML from strings:
 * every text goes in with textContent. What it does:
 * - dashboard: the kecamatan select applies itself; tapping an overdue report
 *   opens its history (GET pimpinan/laporan/:id as the user; on 401 it renews
 *   the session once through Directus's POST /auth/refresh and asks again);
 * - login: POST /auth/login {mode: 'session'} (Directus sets its session
 *   cookie), then reload;
 * - refresh: the session cookie's token expired: POST /auth/refresh and
 *   reload, or the login form when the session is gone;
 * - logout: POST /auth/logout;
 * - «Pesan pimpinan»: the sheet's form posts the text to Directus's
 *   POST /items/complaint_updates as the user (the Pimpinan policy presets
 *   the kind, the author and public), then shows the history again.
 */
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var body = document.body;
  var base = body.getAttribute('data-base') || '/';
  var root = base.replace(/kanal-aduan\/$/, '');
  var lang = body.getAttribute('data-lang') === 'en' ? 'en' : 'id';
  function post(path, data) {
    return fetch(root + path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data || {}) });
  }
  function refresh() { return post('auth/refresh', { mode: 'session' }).then(function (r) { return r.ok; }, function () { return false; }); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function withoutLogin() { var u = new URL(location.href); u.searchParams.delete('masuk'); u.hash = ''; return u.toString(); }

  var mode = body.getAttribute('data-mode');
  if (mode === 'refresh') {
    refresh().then(function (ok) {
      if (ok) { location.replace(withoutLogin()); return; }
      var u = new URL(location.href); u.searchParams.set('masuk', '1'); location.replace(u.toString());
    });
  }

  var login = document.querySelector('form.login');
  if (login) {
    login.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var err = login.querySelector('.error');
      var button = login.querySelector('button');
      button.disabled = true;
      post('auth/login', { email: login.elements.email.value, password: login.elements.password.value, mode: 'session' }).then(function (r) {
        if (r.ok) { location.replace(withoutLogin()); return; }
        err.textContent = err.getAttribute('data-message'); err.hidden = false; button.disabled = false;
      }, function () { err.textContent = err.getAttribute('data-message'); err.hidden = false; button.disabled = false; });
    });
  }

  document.addEventListener('click', function (ev) {
    var t = ev.target.closest ? ev.target.closest('[data-action="logout"]') : null;
    if (t) { post('auth/logout', { mode: 'session' }).then(function () { location.replace(withoutLogin()); }); }
  });

  var filters = document.querySelector('form.filters');
  if (filters) {
    body.classList.add('js');
    var select = filters.querySelector('select');
    select.addEventListener('change', function () { filters.submit(); });
  }

  var sheet = document.getElementById('timeline');
  if (!sheet) return;
  var list = sheet.querySelector('.timeline');
  var state = sheet.querySelector('.sheet-state');
  var sub = sheet.querySelector('.sheet-sub');
  var current = 0;
  function open() { if (sheet.showModal) { if (!sheet.open) sheet.showModal(); } else sheet.setAttribute('open', ''); }
  function close() { if (sheet.close) sheet.close(); else sheet.removeAttribute('open'); }
  sheet.querySelector('[data-action="close"]').addEventListener('click', close);
  sheet.addEventListener('click', function (ev) { if (ev.target === sheet) close(); });

  function load(id, retried) {
    return fetch(base + 'pimpinan/laporan/' + encodeURIComponent(id) + (lang === 'en' ? '?lang=en' : ''), { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
      if (r.status === 401 && !retried) return refresh().then(function (ok) { if (ok) return load(id, true); throw new Error('session'); });
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }
  var form = sheet.querySelector('form.message');
  var said = form ? form.querySelector('.message-state') : null;
  function send(id, text, retried) {
    return post('items/complaint_updates', { complaint: Number(id), kind: 'leader_message', body: text }).then(function (r) {
      if (r.status === 401 && !retried) return refresh().then(function (ok) { if (ok) return send(id, text, true); return r; });
      return r;
    });
  }
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var id = current;
      var text = form.elements.body.value.trim();
      var button = form.querySelector('button');
      if (!text) { said.textContent = said.getAttribute('data-empty'); return; }
      button.disabled = true; button.textContent = button.getAttribute('data-busy'); said.textContent = '';
      function done(message) { button.disabled = false; button.textContent = button.getAttribute('data-idle'); said.textContent = message; }
      send(id, text, false).then(function (r) {
        if (r.ok) { form.elements.body.value = ''; show(id, sub.textContent, true); done(said.getAttribute('data-sent')); return; }
        return r.json().then(function (j) { return j && j.errors && j.errors[0] && j.errors[0].message; }, function () { return ''; }).then(function (m) { done(m || said.getAttribute('data-failed')); });
      }, function () { done(said.getAttribute('data-failed')); });
    });
  }
  function show(id, ticket, keepForm) {
    current = id;
    list.textContent = ''; sub.textContent = ticket; state.textContent = state.getAttribute('data-loading');
    if (form && !keepForm) { form.hidden = false; said.textContent = ''; }
    open();
    load(id, false).then(function (res) {
      if (current !== id) return;
      var d = res.data;
      sub.textContent = d.ticket + (d.title ? ' · ' + d.title : '') + ' · ' + d.status;
      state.textContent = d.entries.length ? '' : d.empty;
      d.entries.forEach(function (e) {
        var li = el('li', e.kind);
        li.appendChild(el('div', 'when', e.when));
        var what = el('div', 'what', e.label);
        if (e.agency) what.appendChild(el('span', 'agency', ' · ' + e.agency));
        li.appendChild(what);
        if (e.body) li.appendChild(el('p', 'body', e.body));
        list.appendChild(li);
      });
    }, function () { if (current === id) state.textContent = state.getAttribute('data-failed'); });
  }
  document.querySelectorAll('a[data-report]').forEach(function (a) {
    a.addEventListener('click', function (ev) { ev.preventDefault(); show(a.getAttribute('data-report'), a.getAttribute('data-ticket')); });
  });
})();
`;

export const CLIENT_CSS = `:root{--fg:#1b2430;--muted:#5b6673;--line:#dde3ea;--bg:#f6f8fa;--card:#fff;--accent:#0b6e4f;--warn:#b42318;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;line-height:1.45;font-size:16px;-webkit-text-size-adjust:100%}
.top{position:sticky;top:0;z-index:2;display:flex;gap:.5rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;padding-top:max(.6rem,env(safe-area-inset-top));background:var(--accent);color:#fff}
.top a,.top .link{color:#fff}.brand{font-weight:700}.top nav{display:flex;gap:.9rem;font-size:.9rem;align-items:center}
main{max-width:64rem;margin:0 auto;padding:.75rem}footer{max-width:64rem;margin:0 auto;padding:1rem;color:var(--muted);font-size:.8rem}
h1{font-size:1.3rem;margin:.5rem 0 1rem}h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
.muted{color:var(--muted)}.small{font-size:.8rem}
.link{background:none;border:0;padding:0;font:inherit;text-decoration:underline;cursor:pointer;color:var(--accent)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.chips{display:flex;gap:.4rem;overflow-x:auto}
.chips a{white-space:nowrap;padding:.45rem .8rem;border:1px solid var(--line);border-radius:1rem;background:var(--card);color:var(--fg);text-decoration:none;min-height:2.25rem}
.chips a[aria-current]{background:var(--accent);border-color:var(--accent);color:#fff}
.select{display:flex;gap:.4rem;align-items:center;font-size:.9rem;flex:1 1 12rem}
select{font:inherit;padding:.45rem;border:1px solid #b9c3ce;border-radius:.35rem;background:var(--card);flex:1;min-height:2.25rem;max-width:100%}
.apply{font:inherit;padding:.45rem .8rem;border:0;border-radius:.35rem;background:var(--accent);color:#fff}.js .apply{display:none}
.figures{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
.figure{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.6rem .75rem}
.figure .label{color:var(--muted);font-size:.8rem}.big{font-size:1.7rem;font-weight:700;line-height:1.2}
.figure.alert .big{color:var(--warn)}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:.5rem;font-size:.92rem}
th,td{padding:.4rem .45rem;border-bottom:1px solid var(--line);text-align:left;font-weight:400;vertical-align:top}
thead th{font-weight:600;color:var(--muted);font-size:.75rem}tbody th{font-weight:600}
.num{text-align:right;white-space:nowrap}.score{font-weight:700}
.trend.up{color:var(--accent)}.trend.down{color:var(--warn)}.trend.flat,.trend.new{color:var(--muted)}
.bar{display:block;height:.3rem;margin-top:.2rem;background:var(--accent);border-radius:.2rem;opacity:.7}
${Array.from({ length: 101 }, (_, i) => `.w${i}{width:${i}%}`).join('')}
.insufficient{margin:.4rem 0;font-size:.9rem}.insufficient ul{margin:.3rem 0;padding-left:1.2rem}
.reports{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
.report{display:block;background:var(--card);border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:.5rem;padding:.6rem .75rem;color:var(--fg);text-decoration:none}
.report:focus-visible,.report:hover{border-color:var(--accent)}
.ticket{font-family:ui-monospace,monospace;font-weight:700}.stage{float:right;font-size:.75rem;color:var(--warn);font-weight:600}
.report .title{display:block;margin:.15rem 0;overflow-wrap:anywhere}.report .meta{display:block;color:var(--muted);font-size:.8rem}.late{color:var(--warn)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem}
.login{display:flex;flex-direction:column;gap:.35rem;max-width:26rem}
.login input{font-size:1.05rem;padding:.6rem;border:1px solid #b9c3ce;border-radius:.35rem}
.login button{margin-top:1rem;font-size:1.05rem;padding:.7rem;border:0;border-radius:.35rem;background:var(--accent);color:#fff;font-weight:600}
.error{color:var(--warn)}
.sheet{border:0;border-radius:.75rem .75rem 0 0;padding:1rem;width:100%;max-width:40rem;max-height:85vh;margin:auto auto 0;overflow:auto}
.sheet::backdrop{background:rgba(0,0,0,.4)}
.sheet-head{display:flex;justify-content:space-between;align-items:center}.sheet-head h2{margin:0}
.sheet-sub{font-weight:600;margin:.3rem 0}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
.timeline li{position:relative;padding:.2rem 0 .8rem .9rem}
.timeline li::before{content:"";position:absolute;left:-.45rem;top:.5rem;width:.6rem;height:.6rem;border-radius:50%;background:var(--line)}
.timeline li.status_change::before{background:var(--accent)}
.timeline li.leader_message::before{background:#7a4cc2}
.message{display:flex;flex-direction:column;gap:.35rem;margin-top:1rem;padding-top:.75rem;border-top:1px solid var(--line)}
.message label{font-weight:600}.message textarea{font:inherit;padding:.5rem;border:1px solid #b9c3ce;border-radius:.35rem;resize:vertical}
.message button{align-self:flex-start;font:inherit;padding:.55rem 1rem;border:0;border-radius:.35rem;background:var(--accent);color:#fff;font-weight:600;min-height:2.5rem}
.message-state{margin:0;font-size:.9rem}
.when{color:var(--muted);font-size:.8rem}.what{font-weight:600}.agency{font-weight:400}.body{margin:.2rem 0 0;white-space:pre-line;overflow-wrap:anywhere}
@media (min-width:48rem){main{padding:1.25rem}.figures{grid-template-columns:repeat(4,1fr)}.rankings{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.sheet{border-radius:.75rem;margin:auto}}
`;
