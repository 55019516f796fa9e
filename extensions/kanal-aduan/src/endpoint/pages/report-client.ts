/**
 * The web form's script, served as /kanal-aduan/lapor/lapor.js. The form works
 * without it; with it the desa list shows only the chosen kecamatan's villages,
 * "Gunakan lokasi saya" fills the pin from the phone (navigator.geolocation;
 * the page's Permissions-Policy allows it for our own origin only), a fourth
 * photo is refused before the upload, and a second tap does not send twice.
 * Texts come from the form's data attributes and go in as text, never HTML.
 */
export const REPORT_CLIENT_JS = `(function () {
  'use strict';
  var form = document.getElementById('lapor');
  if (!form) return;
  var d = form.dataset;
  var kec = document.getElementById('kecamatan');
  var desa = document.getElementById('desa');
  function narrow() {
    var k = kec.value;
    var groups = desa.querySelectorAll('optgroup');
    for (var i = 0; i < groups.length; i++) {
      var on = !k || groups[i].getAttribute('data-kecamatan') === k;
      groups[i].disabled = !on;
      groups[i].hidden = !on;
    }
    var chosen = desa.options[desa.selectedIndex];
    if (chosen && chosen.parentNode.disabled) desa.value = '';
  }
  kec.addEventListener('change', narrow);
  desa.addEventListener('change', function () {
    var chosen = desa.options[desa.selectedIndex];
    var k = chosen && chosen.parentNode.getAttribute && chosen.parentNode.getAttribute('data-kecamatan');
    if (k && kec.value !== k) { kec.value = k; narrow(); }
  });
  narrow();

  var use = document.getElementById('pakai-lokasi');
  var clear = document.getElementById('hapus-lokasi');
  var lat = document.getElementById('latitude');
  var lng = document.getElementById('longitude');
  var status = document.getElementById('lokasi-status');
  function pinned() {
    var has = lat.value !== '' && lng.value !== '';
    clear.hidden = !has;
    status.textContent = has ? d.set.replace('{lat}', lat.value).replace('{lng}', lng.value) : '';
    if (typeof showPin === 'function') showPin();
  }
  if (navigator.geolocation) {
    use.hidden = false;
    use.addEventListener('click', function () {
      status.textContent = d.waiting;
      navigator.geolocation.getCurrentPosition(function (p) {
        lat.value = p.coords.latitude.toFixed(6);
        lng.value = p.coords.longitude.toFixed(6);
        pinned();
      }, function () {
        status.textContent = d.failed;
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }
  // "Pilih titik di peta": Leaflet (served from the map page's files), a tap sets the pin.
  var pick = document.getElementById('pilih-peta');
  var box = document.getElementById('peta-lapor');
  var map = null;
  var mark = null;
  function showPin() {
    if (!map) return;
    var la = Number(lat.value), lo = Number(lng.value);
    if (lat.value === '' || lng.value === '' || !isFinite(la) || !isFinite(lo)) { if (mark) { map.removeLayer(mark); mark = null; } return; }
    if (!mark) mark = L.circleMarker([la, lo], { radius: 9, color: '#fff', weight: 3, fillColor: '#c2410c', fillOpacity: 1 }).addTo(map);
    else mark.setLatLng([la, lo]);
  }
  if (window.L && box && box.dataset.tiles && box.dataset.bounds) {
    pick.hidden = false;
    pick.addEventListener('click', function () {
      box.hidden = false;
      pick.hidden = true;
      map = L.map(box, { zoomControl: true });
      L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || '' }).addTo(map);
      if (lat.value && lng.value && isFinite(Number(lat.value)) && isFinite(Number(lng.value))) map.setView([Number(lat.value), Number(lng.value)], 16);
      else map.fitBounds(JSON.parse(box.dataset.bounds));
      map.on('click', function (e) {
        lat.value = e.latlng.lat.toFixed(6);
        lng.value = e.latlng.lng.toFixed(6);
        pinned();
      });
      showPin();
    });
  }
  clear.addEventListener('click', function () { lat.value = ''; lng.value = ''; pinned(); });
  lat.addEventListener('change', pinned);
  lng.addEventListener('change', pinned);
  if (lat.value && lng.value) clear.hidden = false;

  var photos = document.getElementById('foto');
  var max = Number(d.maxPhotos || 3);
  photos.addEventListener('change', function () {
    photos.setCustomValidity(photos.files && photos.files.length > max ? d.tooMany : '');
    photos.reportValidity();
  });
  var sent = false;
  form.addEventListener('submit', function (e) {
    if (photos.files && photos.files.length > max) { e.preventDefault(); photos.reportValidity(); return; }
    if (sent) { e.preventDefault(); return; }
    sent = true;
    var button = form.querySelector('button[type=submit]');
    if (button) button.setAttribute('aria-busy', 'true');
  });
})();
`;
