#include "cli/report/player_script.h"

namespace ringsim::player {

// The drawings. The ring is cluster.json's snapshot in force at the time shown (owners of
// 720 points, tokens); arcs whose owner differs from the previous snapshot are the ranges
// that change was to move, drawn solid while the shown window moved bytes. The charts are
// drawn once; only their cursor moves.
const char* player_script_charts() {
  return R"JS(
P.X0 = 52; P.X1 = 748;
P.xOf = function (t) { return P.X0 + (P.X1 - P.X0) * t / Math.max(P.D.duration_s, 1e-9); };
P.arc = function (cx, cy, r0, r1, a, b) {
  var p = function (r, f) { var ang = 2 * Math.PI * f - Math.PI / 2; return (cx + r * Math.cos(ang)).toFixed(2) + ' ' + (cy + r * Math.sin(ang)).toFixed(2); };
  var large = b - a > 0.5 ? 1 : 0;
  if (b - a >= 0.999999) b = a + 0.999999;
  return 'M' + p(r1, a) + ' A' + r1 + ' ' + r1 + ' 0 ' + large + ' 1 ' + p(r1, b) + ' L' + p(r0, b) +
         ' A' + r0 + ' ' + r0 + ' 0 ' + large + ' 0 ' + p(r0, a) + ' Z';
};
P.runs = function (values) {
  var runs = [], n = values.length;
  for (var i = 0; i < n; i++) {
    if (runs.length && runs[runs.length - 1].v === values[i]) runs[runs.length - 1].b = i + 1;
    else runs.push({v: values[i], a: i, b: i + 1});
  }
  return runs;
};
P.moving = function (i) {
  return (P.value('migration_bytes_per_s', i) || 0) > 0 || (P.value('migration_bytes_remaining', i) || 0) > 0;
};
P.drawShards = function (svg, snap) {
  var counts = snap.shard_replicas, max = Math.max.apply(null, counts.concat([1])), h = Math.min(30, 340 / counts.length);
  svg.appendChild(P.svg('text', {x: 10, y: 20, 'font-size': 14}, 'Shard replicas per node (the placement\'s target)'));
  counts.forEach(function (c, node) {
    var y = 34 + node * h, w = 300 * c / max;
    svg.appendChild(P.svg('text', {x: 40, y: y + h * 0.7, 'font-size': Math.min(13, h), 'text-anchor': 'end'}, 'n' + node));
    svg.appendChild(P.svg('rect', {x: 46, y: y + 1, width: w, height: h - 3, fill: P.colour(node)}));
    svg.appendChild(P.svg('text', {x: 50 + w, y: y + h * 0.7, 'font-size': Math.min(13, h)}, String(c)));
  });
};
P.drawArcs = function (svg, snap, prev, active) {
  var N = snap.owners.length, changed = 0;
  P.runs(snap.owners).forEach(function (r) {
    if (r.v === null) return;
    svg.appendChild(P.svg('path', {d: P.arc(200, 200, 128, 156, r.a / N, r.b / N), fill: P.colour(r.v), 'data-node': r.v}));
  });
  (snap.tokens || []).forEach(function (tok) {
    var ang = 2 * Math.PI * tok[0] - Math.PI / 2, c = Math.cos(ang), s = Math.sin(ang);
    svg.appendChild(P.svg('line', {x1: 200 + 160 * c, y1: 200 + 160 * s, x2: 200 + 171 * c, y2: 200 + 171 * s,
                                   stroke: P.colour(tok[1]), 'stroke-width': 1.2, 'class': 'token'}));
  });
  if (prev) {
    var diff = snap.owners.map(function (o, k) { return o !== prev.owners[k]; });
    P.runs(diff).forEach(function (r) {
      if (!r.v) return;
      changed += r.b - r.a;
      svg.appendChild(P.svg('path', {d: P.arc(200, 200, 112, 124, r.a / N, r.b / N), fill: '#f2b705',
                                     'fill-opacity': active ? 1 : 0.35, 'class': 'moving'}));
    });
  }
  return changed / N;
};
P.drawRing = function (t, i) {
  var k = P.snapshotIndex(t), svg = P.$('ring');
  if (!P.D.ring || k < 0) { P.$('ring-note').textContent = 'No ring: this scenario has no cluster.'; return; }
  var snaps = P.D.ring.snapshots, snap = snaps[k], prev = k > 0 ? snaps[k - 1] : null, active = P.moving(i);
  var key = k + '/' + active;
  if (P.ringKey === key) return;
  P.ringKey = key;
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  svg.setAttribute('data-members', snap.members.length);
  if (snap.shard_replicas && snap.shard_replicas.length) {
    P.drawShards(svg, snap);
    P.$('ring-title').textContent = 'Shards (cluster.json snapshot at ' + P.fmt(snap.time_s) + ' s)';
    P.$('ring-note').textContent = snap.members.length + ' members hold shards.';
    return;
  }
  var share = P.drawArcs(svg, snap, prev, active);
  svg.appendChild(P.svg('text', {x: 200, y: 196, 'font-size': 26, 'text-anchor': 'middle', id: 'ring-members'},
                        snap.members.length + ' members'));
  svg.appendChild(P.svg('text', {x: 200, y: 220, 'font-size': 13, 'text-anchor': 'middle', fill: '#5b6673'},
                        (snap.tokens || []).length + ' tokens, ' + P.D.ring.placement));
  P.$('ring-title').textContent = 'Ring at ' + P.fmt(snap.time_s) + ' s (membership snapshot ' + (k + 1) + ' of ' + snaps.length + ')';
  P.$('ring-note').textContent = prev ?
      'Yellow: ' + (100 * share).toFixed(1) + ' % of the circle changed primary owner at this change' +
      (active ? '; data is moving in this window (' + P.bytes(P.value('migration_bytes_per_s', i)) + '/s).' : '; no data moving in this window.') :
      'Each node owns the arcs ending at its tokens (outer ticks).';
  var legend = '';
  snap.members.forEach(function (m) { legend += '<span><i style="background:' + P.colour(m) + '"></i>n' + m + '</span>'; });
  P.$('ring-legend').innerHTML = legend;
};
P.stepLine = function (name) {
  var s = P.D.series[name], parts = [], cur = '';
  if (!s) return parts;
  s.forEach(function (v, i) {
    if (v === null) { if (cur) parts.push(cur); cur = ''; return; }
    var x0 = P.xOf(P.D.times[i]), x1 = P.xOf(Math.min(P.D.times[i] + P.D.window_s * P.D.every, P.D.duration_s));
    var y = P.yOf(v);
    cur += (cur ? ' L' : 'M') + x0.toFixed(1) + ' ' + y.toFixed(1) + ' L' + x1.toFixed(1) + ' ' + y.toFixed(1);
  });
  if (cur) parts.push(cur);
  return parts;
};
P.axes = function (svg, y1) {
  var step = P.niceStep(P.D.duration_s / 8);
  for (var t = 0; t <= P.D.duration_s + 1e-9; t += step) {
    svg.appendChild(P.svg('line', {x1: P.xOf(t), x2: P.xOf(t), y1: y1, y2: y1 + 4, stroke: '#777'}));
    svg.appendChild(P.svg('text', {x: P.xOf(t), y: y1 + 16, 'font-size': 11, 'text-anchor': 'middle'}, P.fmt(Number(t.toPrecision(6))) + ' s'));
  }
};
P.niceStep = function (raw) {
  var p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9)))), m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
};
P.buildLatency = function () {
  var svg = P.$('latency'), op = P.D.ops[0], names = op ? [op + '.p50_ms', op + '.p95_ms', op + '.p99_ms'] : [];
  var max = 0;
  names.forEach(function (n) { (P.D.series[n] || []).forEach(function (v) { if (v !== null && v > max) max = v; }); });
  var step = P.niceStep((max || 1) / 4), top = Math.ceil((max || 1) / step) * step;
  P.yOf = function (v) { return 200 - 186 * v / top; };
  for (var v = 0; v <= top + 1e-9; v += step) {
    svg.appendChild(P.svg('line', {x1: P.X0, x2: P.X1, y1: P.yOf(v), y2: P.yOf(v), stroke: '#e3e6ea'}));
    svg.appendChild(P.svg('text', {x: P.X0 - 4, y: P.yOf(v) + 4, 'font-size': 11, 'text-anchor': 'end'}, P.fmt(Number(v.toPrecision(6)))));
  }
  P.axes(svg, 200);
  var styles = [['#4a90c2', '5 3'], ['#e08a1e', ''], ['#c62828', '']];
  names.forEach(function (n, k) {
    P.stepLine(n).forEach(function (d) {
      svg.appendChild(P.svg('path', {d: d, fill: 'none', stroke: styles[k][0], 'stroke-width': 1.8, 'stroke-dasharray': styles[k][1]}));
    });
  });
  P.$('latency-legend').innerHTML = op ? '<b>' + op + '</b> ' + ['p50', 'p95', 'p99'].map(function (s, k) {
    return '<span><i style="background:' + styles[k][0] + '"></i>' + s + '</span>'; }).join('') +
    '<span>| grey: actions, magenta: captions</span>' : '';
  P.drawMarkers(svg, 12, 200);
};
P.drawMarkers = function (svg, y0, y1) {
  P.D.markers.forEach(function (m, k) {
    var x = P.xOf(m.time_s), line = P.svg('line', {x1: x, x2: x, y1: y0, y2: y1, stroke: '#8a939e', 'stroke-dasharray': '3 3'});
    line.appendChild(P.svg('title', {}, m.label));
    svg.appendChild(line);
    svg.appendChild(P.svg('text', {x: x + 2, y: y0 + 9 + 10 * (k % 3), 'font-size': 10, fill: '#59626c'}, String(k + 1)));
  });
  P.D.captions.forEach(function (c) {
    var x = P.xOf(c.time_s), mark = P.svg('path', {d: 'M' + (x - 5) + ' ' + y1 + ' L' + (x + 5) + ' ' + y1 + ' L' + x + ' ' + (y1 - 8) + ' Z', fill: '#c2185b'});
    mark.appendChild(P.svg('title', {}, 'caption ' + c.index + ' at ' + P.fmt(c.time_s) + ' s'));
    svg.appendChild(mark);
  });
};
P.laneColours = ['none', '#d9534f', '#3c9d5d', '#8fa9c9'];
P.buildLanes = function () {
  var svg = P.$('lanes'), ids = P.D.nodes, h = Math.max(6, Math.min(16, 260 / Math.max(ids.length, 1)));
  var y1 = 6 + ids.length * h;
  svg.setAttribute('viewBox', '0 0 760 ' + (y1 + 22));
  ids.forEach(function (id, row) {
    var y = 6 + row * h;
    svg.appendChild(P.svg('text', {x: P.X0 - 4, y: y + h * 0.8, 'font-size': Math.min(11, h), 'text-anchor': 'end'}, 'n' + id));
    P.runs(P.D.node_states[id]).forEach(function (r) {
      if (r.v === 0) return;
      var x0 = P.xOf(P.D.times[r.a]), end = r.b < P.D.times.length ? P.D.times[r.b] : P.D.duration_s;
      svg.appendChild(P.svg('rect', {x: x0, y: y + 1, width: Math.max(0.5, P.xOf(end) - x0), height: h - 2, fill: P.laneColours[r.v]}));
    });
  });
  P.axes(svg, y1);
  P.drawMarkers(svg, 2, y1);
  P.$('lanes-legend').innerHTML = [2, 3, 1].map(function (s) {
    return '<span><i style="background:' + P.laneColours[s] + '"></i>' + P.stateNames[s] + '</span>'; }).join('');
  P.lanesBottom = y1;
};
P.buildCharts = function () {
  P.buildLatency();
  P.buildLanes();
  ['latency', 'lanes'].forEach(function (id) {
    var svg = P.$(id), cursor = P.svg('line', {y1: 0, y2: id === 'latency' ? 200 : P.lanesBottom, stroke: '#111', 'stroke-width': 2, 'class': 'cursor'});
    svg.appendChild(cursor);
    P.charts[id] = cursor;
    svg.addEventListener('click', function (e) {
      var box = svg.getBoundingClientRect(), x = (e.clientX - box.left) * 760 / box.width;
      P.pause();
      P.seek((x - P.X0) / (P.X1 - P.X0) * P.D.duration_s);
    });
  });
};
P.drawCursor = function (t) {
  for (var id in P.charts) { var x = P.xOf(t); P.charts[id].setAttribute('x1', x); P.charts[id].setAttribute('x2', x); }
};
)JS";
}

}  // namespace ringsim::player
