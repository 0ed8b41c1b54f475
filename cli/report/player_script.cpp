#include "cli/report/player_script.h"

namespace ringsim::player {

// State, controls, the caption and the readout table. Values are shown as the run's files
// hold them: the readout is the row of timeseries.csv whose window contains the time shown.
const char* player_script_core() {
  return R"JS(
'use strict';
var P = {D: null, t: 0, playing: false, speed: 1, last: 0, op: null, charts: {}};
P.$ = function (id) { return document.getElementById(id); };
P.svg = function (tag, attrs, text) {
  var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
};
P.colour = function (node) {
  var hues = [210, 30, 120, 0, 270, 60, 180, 330, 90, 240, 15, 150];
  var n = Number(node), light = 42 + 12 * (Math.floor(n / hues.length) % 3);
  return 'hsl(' + hues[n % hues.length] + ',62%,' + light + '%)';
};
P.fmt = function (v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  var a = Math.abs(v);
  if (a !== 0 && a < 0.001) return v.toExponential(2);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(a >= 1000 ? 6 : 3)).toLocaleString('en-US', {maximumFractionDigits: 4});
};
P.bytes = function (v) {
  if (v === null || v === undefined) return '-';
  var u = ['B', 'KiB', 'MiB', 'GiB'], i = 0;
  while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : Number(v.toPrecision(3))) + ' ' + u[i];
};
// Index of the sampled window containing t (the last one starting at or before t).
P.windowIndex = function (t) {
  var times = P.D.times, lo = 0, hi = times.length - 1, found = 0;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (times[mid] <= t + 1e-9) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
  }
  return found;
};
P.value = function (name, i) { var s = P.D.series[name]; return s ? s[i] : undefined; };
// The caption shown at t: of those fired by t, the last to fire (ties: the later one).
P.captionAt = function (t) {
  var shown = null;
  P.D.captions.forEach(function (c) { if (c.time_s <= t + 1e-9 && (!shown || c.time_s >= shown.time_s)) shown = c; });
  return shown;
};
P.snapshotIndex = function (t) {
  var snaps = P.D.ring ? P.D.ring.snapshots : [], found = -1;
  snaps.forEach(function (s, i) { if (s.time_s <= t + 1e-9) found = i; });
  return found;
};
P.stateNames = ['absent', 'down', 'up, ring member', 'up, not a ring member'];
P.readoutRows = function (i) {
  var rows = [];
  P.D.ops.forEach(function (op) {
    rows.push({label: op + ' p50 / p95 / p99 (ms)', names: [op + '.p50_ms', op + '.p95_ms', op + '.p99_ms']});
  });
  [['nodes_up', 'nodes up'], ['under_replicated', 'keys under-replicated (end of window)'],
   ['under_replicated_window_max', 'keys under-replicated (window max)'], ['lost_keys', 'keys lost'],
   ['migration_bytes_remaining', 'migration bytes left'], ['migration_bytes_per_s', 'migrated bytes/s'],
   ['recall_at_k', 'recall@k'], ['autoscaler.desired_nodes', 'autoscaler wants']].forEach(function (r) {
    if (P.D.series[r[0]]) rows.push({label: r[1], names: [r[0]], bytes: r[0].indexOf('bytes') >= 0});
  });
  return rows;
};
P.drawReadout = function (i) {
  var table = P.$('readout'), html = '';
  P.readoutRows(i).forEach(function (r) {
    html += '<tr><td>' + r.label + '</td><td>' + r.names.map(function (n) {
      var v = P.value(n, i);
      var text = r.bytes ? P.bytes(v) : P.fmt(v);
      return '<span id="val-' + n + '" data-value="' + (v === null ? '' : v) + '">' + text + '</span>';
    }).join(' / ') + '</td></tr>';
  });
  table.innerHTML = html;
  var start = P.D.times[i], end = Math.min(start + P.D.window_s, P.D.duration_s);
  P.$('readout-title').textContent = 'Values of the window ' + P.fmt(start) + '-' + P.fmt(end) +
      ' s (timeseries.csv row ' + P.fmt(start) + '; gauges read at its end)';
};
P.drawCaption = function (t) {
  var c = P.captionAt(t), total = P.D.captions.length;
  P.$('caption').style.display = total ? '' : 'none';
  P.$('caption-text').textContent = c ? c.text : '(no caption yet)';
  var n = c ? P.D.captions.indexOf(c) + 1 : 0;
  P.$('caption-meta').textContent = c ? 'caption ' + n + ' of ' + total + ' shown, at ' + P.fmt(c.time_s) + ' s (' +
      c.trigger + ')' : total + ' captions in this run';
  P.$('caption').setAttribute('data-index', c ? c.index : 0);
};
P.render = function () {
  var i = P.windowIndex(P.t);
  P.drawCaption(P.t);
  P.drawReadout(i);
  if (P.drawRing) P.drawRing(P.t, i);
  if (P.drawCursor) P.drawCursor(P.t, i);
  P.$('scrub').value = P.t;
  P.$('clock').textContent = P.t.toFixed(P.D.duration_s >= 100 ? 1 : 2) + ' / ' + P.fmt(P.D.duration_s) + ' s';
  P.$('play').textContent = P.playing ? 'Pause' : 'Play';
};
P.seek = function (t) { P.t = Math.max(0, Math.min(P.D.duration_s, Number(t) || 0)); P.render(); };
P.frame = function (now) {
  if (!P.playing) return;
  P.t += (now - P.last) / 1000 * P.speed;
  P.last = now;
  if (P.t >= P.D.duration_s) { P.t = P.D.duration_s; P.playing = false; }
  P.render();
  if (P.playing) requestAnimationFrame(P.frame);
};
P.play = function () {
  if (P.playing) return;
  if (P.t >= P.D.duration_s) P.t = 0;
  P.playing = true; P.last = performance.now(); requestAnimationFrame(P.frame); P.render();
};
P.pause = function () { P.playing = false; P.render(); };
P.step = function (dir) {
  var i = P.windowIndex(P.t) + dir;
  P.pause();
  P.seek(P.D.times[Math.max(0, Math.min(P.D.times.length - 1, i))]);
};
P.state = function () {
  var i = P.windowIndex(P.t), c = P.captionAt(P.t), values = {}, k = P.snapshotIndex(P.t);
  for (var name in P.D.series) values[name] = P.D.series[name][i];
  return {t: P.t, window_start_s: P.D.times[i], playing: P.playing, speed: P.speed, caption: c ? c.text : null,
          caption_index: c ? c.index : 0, values: values, ring_members: k >= 0 ? P.D.ring.snapshots[k].members.length : null,
          node_states: P.nodeStatesAt(i)};
};
P.nodeStatesAt = function (i) {
  var out = {};
  P.D.nodes.forEach(function (id) { out[id] = P.stateNames[P.D.node_states[id][i]]; });
  return out;
};
P.wireControls = function () {
  var scrub = P.$('scrub');
  scrub.max = P.D.duration_s;
  scrub.addEventListener('input', function () { P.pause(); P.seek(scrub.value); });
  P.$('play').addEventListener('click', function () { if (P.playing) P.pause(); else P.play(); });
  P.$('back').addEventListener('click', function () { P.step(-1); });
  P.$('fwd').addEventListener('click', function () { P.step(1); });
  P.$('speed').addEventListener('change', function () { P.speed = Number(P.$('speed').value); });
  document.addEventListener('keydown', function (e) {
    if (e.target && e.target.tagName === 'SELECT') return;
    if (e.key === ' ') { e.preventDefault(); if (P.playing) P.pause(); else P.play(); }
    if (e.key === 'ArrowLeft') { e.preventDefault(); P.step(-1); }
    if (e.key === 'ArrowRight') { e.preventDefault(); P.step(1); }
  });
};
P.header = function () {
  var D = P.D;
  P.$('title').textContent = D.scenario;
  var info = D.overrides.concat(D.injections.map(function (s) { return '--inject ' + s; })).join('  ');
  P.$('run-info').textContent = (info ? info + '  ' : '') + '(' + D.windows_total + ' windows of ' + P.fmt(D.window_s) +
      ' s' + (D.every > 1 ? ', every ' + D.every + 'th shown' : '') + ')';
  P.$('run-info').title = D.description;
};
function ringsimPlayerStart() {
  P.D = JSON.parse(P.$('run-data').textContent);
  P.header();
  P.wireControls();
  if (P.buildCharts) P.buildCharts();
  var m = /[#&]t=([0-9.]+)/.exec(location.hash);
  P.seek(m ? Number(m[1]) : 0);
  window.ringsimPlayer = {seek: P.seek, play: P.play, pause: P.pause, state: P.state,
                          setSpeed: function (x) { P.speed = Number(x); P.$('speed').value = String(x); }};
}
)JS";
}

}  // namespace ringsim::player
