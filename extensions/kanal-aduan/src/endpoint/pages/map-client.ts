/**
 * The map page's script, served as /kanal-aduan/peta/peta.js after Leaflet. It
 * reads its settings from the map element's data attributes, asks the server for
 * the clusters of the visible area at every move (the server clusters and places:
 * a confidential report's pin never reaches the browser), and draws them. Text
 * from the server goes in as text nodes, never as HTML.
 */
export const MAP_CLIENT_JS = `(function () {
  'use strict';
  var el = document.getElementById('peta');
  if (!el || !window.L) return;
  var d = el.dataset;
  var bounds = JSON.parse(d.bounds || 'null');
  var map = L.map(el, { zoomControl: true });
  if (d.tiles) L.tileLayer(d.tiles, { maxZoom: 18, attribution: d.attribution || '' }).addTo(map);
  if (bounds) map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]]);
  else map.setView([-2.5, 118], 5);
  var layer = L.layerGroup().addTo(map);
  var failed = document.createElement('p');
  failed.className = 'notice error';
  failed.setAttribute('role', 'alert');
  failed.hidden = true;
  failed.textContent = d.failed;
  el.insertAdjacentElement('afterend', failed);
  var seq = 0;
  function popup(f) {
    var box = document.createElement('div');
    box.className = 'map-popup';
    var title = document.createElement('strong');
    title.textContent = f.category || '';
    box.appendChild(title);
    box.appendChild(document.createTextNode(f.status));
    if (f.approximate) {
      var note = document.createElement('small');
      note.textContent = d.approximate;
      box.appendChild(document.createElement('br'));
      box.appendChild(note);
    }
    return box;
  }
  // Marks are kept by what they show: a redraw after a move only swaps the marks
  // that changed, so the popup a citizen opened stays open when Leaflet pans the
  // map to fit it (that pan asks the server again and used to close it).
  var shown = {};
  function mark(f) {
    if (f.count > 1) {
      var size = f.count < 10 ? 32 : f.count < 100 ? 40 : 48;
      var icon = L.divIcon({ className: 'cluster', html: String(Number(f.count)), iconSize: [size, size] });
      var marker = L.marker([f.lat, f.lng], { icon: icon, title: f.count + ' ' + d.reports, alt: f.count + ' ' + d.reports });
      marker.on('click', function () { map.setView([f.lat, f.lng], f.zoom); });
      return marker;
    }
    var cls = 'pt pt-' + f.kind + (f.approximate ? ' approx' : '');
    return L.circleMarker([f.lat, f.lng], { radius: 8, className: cls }).bindPopup(popup(f));
  }
  function draw(features) {
    var next = {};
    features.forEach(function (f) {
      var key = JSON.stringify(f);
      if (next[key]) return;
      next[key] = shown[key] || mark(f);
      if (!shown[key]) layer.addLayer(next[key]);
    });
    Object.keys(shown).forEach(function (key) {
      if (!next[key]) layer.removeLayer(shown[key]);
    });
    shown = next;
  }
  function load() {
    var b = map.getBounds().pad(0.2);
    var parts = d.points.split('?');
    var q = new URLSearchParams(parts[1] || '');
    q.set('bbox', [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (x) { return x.toFixed(4); }).join(','));
    var zoom = map.getZoom();
    q.set('z', String(zoom));
    var mine = ++seq;
    fetch(parts[0] + '?' + q.toString(), { headers: { accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (res) {
        if (mine !== seq) return;
        failed.hidden = true;
        draw(res.features);
        el.setAttribute('data-drawn', String(res.features.length));
        el.setAttribute('data-zoom', String(zoom));
        el.setAttribute('data-loads', String(mine));
      })
      .catch(function () { if (mine === seq) failed.hidden = false; });
  }
  map.on('moveend', load);
  load();
})();
`;
