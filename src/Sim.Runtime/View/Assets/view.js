// sim view: the page's player. Reads the inline data (JSON, and gzip+base64 binaries written by
// src/Sim.Runtime/View/*.cs; layouts in docs/view.md), then draws the run top-down on a canvas with
// its time line, KPI plots and event log. No network: everything it needs is in this file.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('sim-data').textContent);
  var KIND_COLOURS = { car: '#2f6fd0', truck: '#8d5a2b', bus: '#d9961a', pedestrian: '#c2338a', cyclist: '#1f9d63', obstacle: '#5b5f66' };
  var EGO_COLOUR = '#e8481f';
  var LANE_COLOURS = {
    driving: '#9ea2a8', entry: '#9ea2a8', exit: '#9ea2a8', onramp: '#9ea2a8', offramp: '#9ea2a8', stop: '#a9adb3',
    shoulder: '#b9bab4', border: '#c7d2ba', none: '#c7d2ba', median: '#b8c9a6', sidewalk: '#dcd6c8', curb: '#cfc9bb',
    biking: '#b58d7f', parking: '#a8a8bb', restricted: '#b9a59c'
  };
  var SENSOR_COLOURS = { lidar: '#00897b', radar: '#ef6c00', camera: '#7b1fa2', ground_truth: '#607d8b' };
  var CAMERA_DRAW_RANGE = 100;
  var EVENT_ROWS = [
    { name: 'storyboard', types: ['trigger', 'event_start', 'event_end', 'action_start', 'action_end', 'stop'], colour: '#3465a4' },
    { name: 'signals', types: ['traffic_signal'], colour: '#6a8f2f' },
    { name: 'driver', types: ['aeb', 'lane_departure', 'offroad'], colour: '#d9861a' },
    { name: 'criteria', types: ['criterion_failed'], colour: '#c62828' },
    { name: 'collisions', types: ['collision'], colour: '#8e0000' }
  ];

  var $ = function (id) { return document.getElementById(id); };
  var params = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) { var p = kv.split('='); if (p[0]) params[p[0]] = decodeURIComponent(p[1] || '1'); });

  function blob(id) {
    var el = document.getElementById(id);
    if (!el) return Promise.resolve(null);
    var bin = atob(el.textContent.trim());
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }

  // Poses: entity-major int32 channels, each entity's values difference-coded over frames.
  function decodePoses(buf) {
    var dv = new DataView(buf);
    if (String.fromCharCode(dv.getUint8(0), dv.getUint8(1), dv.getUint8(2), dv.getUint8(3)) !== 'SIMP') throw new Error('pose data: bad magic');
    var F = dv.getUint32(4, true), E = dv.getUint32(8, true), o = 12;
    var times = new Float64Array(F);
    for (var i = 0; i < F; i++) { times[i] = dv.getFloat64(o, true); o += 8; }
    var n = F * E;
    var P = { F: F, E: E, times: times, present: new Uint8Array(n), x: new Int32Array(n), y: new Int32Array(n), h: new Int32Array(n), v: new Int32Array(n) };
    var bytes = new Uint8Array(buf);
    for (var e = 0; e < E; e++) {
      var base = e * F;
      P.present.set(bytes.subarray(o, o + F), base); o += F;
      [P.x, P.y, P.h, P.v].forEach(function (ch) {
        var acc = 0;
        for (var k = 0; k < F; k++) { acc += dv.getInt32(o, true); o += 4; ch[base + k] = acc; }
      });
    }
    return P;
  }

  function decodeSeries(buf, meta) {
    var dv = new DataView(buf);
    var n = dv.getUint32(4, true), c = dv.getUint32(8, true), o = 12;
    var S = { n: n, times: new Float64Array(n), cols: {}, text: null };
    for (var i = 0; i < n; i++) { S.times[i] = dv.getFloat64(o, true); o += 8; }
    for (var j = 0; j < c; j++) {
      var col = new Float32Array(n);
      for (i = 0; i < n; i++) { col[i] = dv.getFloat32(o, true); o += 4; }
      S.cols[meta.columns[j].name] = col;
    }
    if (meta.text_name) {
      S.text = new Int32Array(n);
      for (i = 0; i < n; i++) { S.text[i] = dv.getInt32(o, true); o += 4; }
    }
    return S;
  }

  function decodeAnswers(buf) {
    var dv = new DataView(buf);
    var ticks = dv.getUint32(4, true), o = 8;
    var A = { times: new Float64Array(ticks), start: new Uint32Array(ticks + 1), objs: [] };
    for (var i = 0; i < ticks; i++) {
      A.times[i] = dv.getFloat64(o, true); o += 8;
      var k = dv.getUint32(o, true); o += 4;
      A.start[i] = A.objs.length;
      for (var j = 0; j < k; j++) {
        A.objs.push({ x: dv.getFloat32(o, true), y: dv.getFloat32(o + 4, true), yaw: dv.getFloat32(o + 8, true), l: dv.getFloat32(o + 12, true), w: dv.getFloat32(o + 16, true), cls: dv.getUint8(o + 20), score: dv.getUint8(o + 21) / 255 });
        o += 22;
      }
    }
    A.start[ticks] = A.objs.length;
    return A;
  }

  var P = null, S = null, A = null;
  var step = D.step, lastState = D.steps, duration = D.steps * D.step;
  var tNow = 0, playing = false, lastWall = null;
  var view = { cx: 0, cy: 0, scale: 4 };
  var canvas = $('map'), ctx = canvas.getContext('2d');
  var dpr = window.devicePixelRatio || 1;
  var egoIndex = D.entities.findIndex(function (e) { return e.ego; });
  var signalStates = {};   // id -> [[time, state], ...]
  var collisions = [];     // {time, a, b, index}
  var failures = [];       // {time, criterion}
  var sensorsOn = {};
  var mapPaths = null, trailPaths = null;

  function fmt(v, d) { return v === null || v === undefined || isNaN(v) ? '–' : Number(v).toFixed(d === undefined ? 2 : d); }

  // ---------- poses at a time ----------
  function frameAt(t) {
    var T = P.times, lo = 0, hi = P.F - 1;
    if (t <= T[0]) return 0;
    if (t >= T[hi]) return hi;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (T[mid] <= t + 1e-9) lo = mid; else hi = mid; }
    return lo;
  }
  function poseOf(e, t) {
    var j = frameAt(t), i = e * P.F + j;
    if (!P.present[i]) return null;
    var x = P.x[i] / 1000, y = P.y[i] / 1000, h = P.h[i] / 1e4, v = P.v[i] / 1000;
    var dt = t - P.times[j];
    if (dt > 1e-9 && j + 1 < P.F && P.present[i + 1]) {
      var f = dt / (P.times[j + 1] - P.times[j]);
      x += (P.x[i + 1] / 1000 - x) * f;
      y += (P.y[i + 1] / 1000 - y) * f;
      var dh = P.h[i + 1] / 1e4 - h;
      while (dh > Math.PI) dh -= 2 * Math.PI;
      while (dh < -Math.PI) dh += 2 * Math.PI;
      h += dh * f;
      v += (P.v[i + 1] / 1000 - v) * f;
    }
    return { x: x, y: y, h: h, v: v };
  }

  // ---------- canvas transform ----------
  function resize() {
    var r = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(r.width * dpr));
    canvas.height = Math.max(1, Math.round(r.height * dpr));
  }
  function toScreen(x, y) { return [(x - view.cx) * view.scale + canvas.width / 2 / dpr, (view.cy - y) * view.scale + canvas.height / 2 / dpr]; }
  function toWorld(px, py) { return [(px - canvas.width / 2 / dpr) / view.scale + view.cx, view.cy - (py - canvas.height / 2 / dpr) / view.scale]; }
  function worldTransform() {
    ctx.setTransform(view.scale * dpr, 0, 0, -view.scale * dpr, (canvas.width / 2 - view.cx * view.scale * dpr), (canvas.height / 2 + view.cy * view.scale * dpr));
  }
  function screenTransform() { ctx.setTransform(dpr, 0, 0, dpr, 0, 0); }

  function fit() {
    var b = D.bounds;
    if (!b) return;
    var w = canvas.width / dpr, h = canvas.height / dpr;
    view.cx = (b[0] + b[2]) / 2; view.cy = (b[1] + b[3]) / 2;
    view.scale = Math.max(0.02, Math.min(60, 0.92 * Math.min(w / Math.max(b[2] - b[0], 1), h / Math.max(b[3] - b[1], 1))));
  }

  function poly(pts, close) {
    var p = new Path2D();
    for (var i = 0; i + 1 < pts.length; i += 2) { if (i === 0) p.moveTo(pts[0], pts[1]); else p.lineTo(pts[i], pts[i + 1]); }
    if (close) p.closePath();
    return p;
  }

  function buildMap() {
    var M = D.map;
    mapPaths = { lanes: [], marks: [], junctions: [], roads: [] };
    if (!M) return;
    M.junctions.forEach(function (j) { mapPaths.junctions.push({ path: poly(j.hull, true), j: j }); });
    M.lanes.forEach(function (l) { mapPaths.lanes.push({ path: poly(l.pts, true), colour: LANE_COLOURS[l.type] || '#b0b0b0', junction: !!l.junction }); });
    M.marks.forEach(function (m) { mapPaths.marks.push({ path: poly(m.pts, false), m: m }); });
    M.roads.forEach(function (r) { mapPaths.roads.push({ path: poly(r.pts, false), r: r }); });
  }

  function buildTrails() {
    trailPaths = [];
    for (var e = 0; e < P.E; e++) {
      var p = new Path2D(), pen = false, any = false;
      for (var k = 0; k < P.F; k++) {
        var i = e * P.F + k;
        if (!P.present[i]) { pen = false; continue; }
        var x = P.x[i] / 1000, y = P.y[i] / 1000;
        if (pen) p.lineTo(x, y); else p.moveTo(x, y);
        pen = true; any = true;
      }
      trailPaths.push(any ? p : null);
    }
  }

  function signalState(id, t) {
    var s = signalStates[id], state = '';
    if (!s) return state;
    for (var i = 0; i < s.length && s[i][0] <= t + 1e-9; i++) state = s[i][1];
    return state;
  }

  function drawMap(t) {
    var M = D.map, px = 1 / view.scale;
    if (!M) return;
    worldTransform();
    ctx.fillStyle = '#c9c9c4';
    mapPaths.junctions.forEach(function (j) { ctx.fill(j.path); });
    mapPaths.lanes.forEach(function (l) { ctx.fillStyle = l.colour; ctx.fill(l.path); if (l.junction) { ctx.strokeStyle = 'rgba(0,0,0,.08)'; ctx.lineWidth = px; ctx.stroke(l.path); } });
    ctx.strokeStyle = '#ffffff';
    mapPaths.marks.forEach(function (m) {
      ctx.lineWidth = Math.max(m.m.width, px);
      if (m.m.broken) { ctx.setLineDash([3, 6]); ctx.lineDashOffset = m.m.dash_offset; } else ctx.setLineDash([]);
      ctx.stroke(m.path);
    });
    ctx.setLineDash([]);
    if ($('labels').checked && view.scale > 0.6) {
      ctx.strokeStyle = 'rgba(120,90,0,.35)'; ctx.lineWidth = px; ctx.setLineDash([4 * px, 4 * px]);
      mapPaths.roads.forEach(function (r) { ctx.stroke(r.path); });
      ctx.setLineDash([]);
    }
    // street lamps
    var L = M.lamps, rl = Math.max(0.35, 2 * px);
    ctx.fillStyle = '#ffd54f'; ctx.strokeStyle = '#6d5d1c'; ctx.lineWidth = px;
    for (var i = 0; i + 1 < L.length; i += 2) { ctx.beginPath(); ctx.arc(L[i], L[i + 1], rl, 0, 2 * Math.PI); ctx.fill(); ctx.stroke(); }
    // signals: a housing across the governed direction, lamps lit by their state (red;yellow;green)
    M.signals.forEach(function (s) {
      var st = signalState(s.id, t).split(';');
      var n = Math.max(1, s.lamps), size = Math.max(0.5, 5 * px);
      ctx.save(); ctx.translate(s.x, s.y); ctx.rotate(s.heading);
      ctx.fillStyle = s.dynamic ? '#222' : '#f5f5f5'; ctx.strokeStyle = '#222'; ctx.lineWidth = px;
      ctx.fillRect(-size * 0.6, -size * n / 2 - size * 0.2, size * 1.2, size * n + size * 0.4);
      ctx.strokeRect(-size * 0.6, -size * n / 2 - size * 0.2, size * 1.2, size * n + size * 0.4);
      if (s.lamps > 0) {
        var lampColours = n === 3 ? ['#e53935', '#fdd835', '#43a047'] : n === 2 ? ['#e53935', '#43a047'] : ['#fdd835'];
        for (var k = 0; k < n; k++) {
          var on = st[k] === 'on' || (st[k] === 'flashing' && Math.floor(t * 2) % 2 === 0);
          ctx.fillStyle = on ? lampColours[k] : '#555';
          ctx.beginPath(); ctx.arc(0, size * (n / 2 - k - 0.5), size * 0.38, 0, 2 * Math.PI); ctx.fill();
        }
      }
      ctx.restore();
    });
    if ($('labels').checked) {
      screenTransform();
      ctx.font = '11px system-ui,sans-serif'; ctx.fillStyle = 'rgba(60,50,10,.75)';
      if (view.scale > 0.6) mapPaths.roads.forEach(function (r) { var p = r.r.pts, m = (p.length >> 2) << 1; if (p.length >= 2) { var s = toScreen(p[m], p[m + 1]); ctx.fillText('road ' + r.r.id, s[0] + 3, s[1] - 3); } });
      mapPaths.junctions.forEach(function (j) { var h = j.j.hull, sx = 0, sy = 0; for (var i = 0; i < h.length; i += 2) { sx += h[i]; sy += h[i + 1]; } var s = toScreen(sx / (h.length / 2), sy / (h.length / 2)); ctx.fillText('junction ' + j.j.id, s[0] - 20, s[1]); });
      if (view.scale > 2) M.signals.forEach(function (s) { var p = toScreen(s.x, s.y); ctx.fillText(s.id + ' ' + signalState(s.id, t), p[0] + 8, p[1] + 4); });
    }
  }

  function drawSensors(ego) {
    worldTransform();
    D.sensors.forEach(function (s) {
      if (!s.coverage || !sensorsOn[s.name]) return;
      var c = s.coverage, far = s.type === 'camera' ? Math.min(c.max_range, CAMERA_DRAW_RANGE) : c.max_range;
      var ch = Math.cos(ego.h), sh = Math.sin(ego.h);
      var ox = ego.x + s.x * ch - s.y * sh, oy = ego.y + s.x * sh + s.y * ch, yaw = ego.h + s.yaw;
      ctx.beginPath();
      if (c.azimuth_left - c.azimuth_right >= 2 * Math.PI - 1e-6) {
        ctx.arc(ox, oy, far, 0, 2 * Math.PI); if (c.min_range > 0) { ctx.moveTo(ox + c.min_range, oy); ctx.arc(ox, oy, c.min_range, 0, 2 * Math.PI, true); }
      } else {
        ctx.arc(ox, oy, far, yaw + c.azimuth_right, yaw + c.azimuth_left);
        ctx.arc(ox, oy, Math.max(c.min_range, 0), yaw + c.azimuth_left, yaw + c.azimuth_right, true);
        ctx.closePath();
      }
      var col = SENSOR_COLOURS[s.type] || '#455a64';
      ctx.fillStyle = col + '22'; ctx.fill('evenodd');
      ctx.strokeStyle = col + 'aa'; ctx.lineWidth = 1 / view.scale; ctx.stroke();
    });
  }

  function boxPath(p, e) {
    var ch = Math.cos(p.h), sh = Math.sin(p.h);
    var cx = p.x + e.center_offset_x * ch, cy = p.y + e.center_offset_x * sh;
    var l = e.length / 2, w = e.width / 2, pts = [[l, w], [-l, w], [-l, -w], [l, -w]];
    var path = new Path2D();
    pts.forEach(function (q, k) { var x = cx + q[0] * ch - q[1] * sh, y = cy + q[0] * sh + q[1] * ch; if (k) path.lineTo(x, y); else path.moveTo(x, y); });
    path.closePath();
    return { path: path, cx: cx, cy: cy, front: [cx + l * ch, cy + l * sh] };
  }

  function recentCollision(name, t) {
    for (var i = 0; i < collisions.length; i++) {
      var c = collisions[i];
      if (c.time <= t + 1e-9 && (c.a === name || c.b === name)) return c;
    }
    return null;
  }

  var drawn = [];
  function drawEntities(t) {
    var px = 1 / view.scale, many = P.E > 60;
    drawn = [];
    if ($('trails').checked || egoIndex >= 0) {
      worldTransform();
      ctx.lineWidth = 1.5 * px;
      for (var e = 0; e < P.E; e++) {
        if (!trailPaths[e] || (!$('trails').checked && e !== egoIndex)) continue;
        var ent = D.entities[e];
        ctx.strokeStyle = (ent.ego ? EGO_COLOUR : KIND_COLOURS[ent.kind] || '#444') + (ent.ego ? 'aa' : '66');
        ctx.stroke(trailPaths[e]);
      }
    }
    worldTransform();
    var failedNow = failures.filter(function (f) { return f.time <= t + 1e-9; });
    for (e = 0; e < P.E; e++) {
      var p = poseOf(e, t);
      if (!p) continue;
      ent = D.entities[e];
      var b = boxPath(p, ent);
      var colour = ent.ego ? EGO_COLOUR : KIND_COLOURS[ent.kind] || '#444';
      var tiny = Math.max(ent.length, ent.width) * view.scale < 3;
      if (tiny) { ctx.fillStyle = colour; ctx.beginPath(); ctx.arc(b.cx, b.cy, 1.5 * px, 0, 2 * Math.PI); ctx.fill(); }
      else {
        ctx.fillStyle = colour; ctx.fill(b.path);
        ctx.strokeStyle = '#111'; ctx.lineWidth = px; ctx.stroke(b.path);
        ctx.beginPath(); ctx.moveTo(b.cx, b.cy); ctx.lineTo(b.front[0], b.front[1]); ctx.strokeStyle = 'rgba(255,255,255,.8)'; ctx.lineWidth = 1.5 * px; ctx.stroke();
      }
      var hit = recentCollision(ent.name, t);
      if (hit || (ent.ego && failedNow.length)) {
        ctx.strokeStyle = '#d50000'; ctx.lineWidth = 3 * px;
        if (hit && t - hit.time > 0.5) ctx.setLineDash([4 * px, 3 * px]);
        ctx.stroke(b.path); ctx.setLineDash([]);
      }
      drawn.push({ e: e, p: p, b: b });
    }
    // collision sites: where the two boxes met, marked from that time on
    collisions.forEach(function (c) {
      if (c.time > t + 1e-9 || !c.at) return;
      var fresh = t - c.time < 1.0;
      ctx.strokeStyle = '#d50000'; ctx.lineWidth = (fresh ? 3 : 1.5) * px;
      var r = fresh ? 2.5 : 1.5;
      ctx.beginPath(); ctx.arc(c.at[0], c.at[1], r, 0, 2 * Math.PI); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(c.at[0] - r * 1.4, c.at[1]); ctx.lineTo(c.at[0] + r * 1.4, c.at[1]); ctx.moveTo(c.at[0], c.at[1] - r * 1.4); ctx.lineTo(c.at[0], c.at[1] + r * 1.4); ctx.stroke();
    });
    if ($('labels').checked && (!many || view.scale > 3)) {
      screenTransform();
      ctx.font = '11px system-ui,sans-serif';
      drawn.forEach(function (d) {
        var ent = D.entities[d.e], s = toScreen(d.b.cx, d.b.cy);
        var text = ent.name + (ent.ego ? ' (ego)' : '');
        ctx.fillStyle = 'rgba(255,255,255,.8)'; ctx.fillRect(s[0] + 6, s[1] - 16, ctx.measureText(text).width + 4, 13);
        ctx.fillStyle = '#111'; ctx.fillText(text, s[0] + 8, s[1] - 6);
      });
    }
  }

  function drawAnswers(t, ego) {
    if (!A || !ego) return;
    var i = -1;
    for (var k = A.times.length - 1; k >= 0; k--) if (A.times[k] <= t + 1e-9) { i = k; break; }
    if (i < 0) return;
    worldTransform();
    var ch = Math.cos(ego.h), sh = Math.sin(ego.h), px = 1 / view.scale;
    for (var j = A.start[i]; j < A.start[i + 1]; j++) {
      var o = A.objs[j];
      var x = ego.x + o.x * ch - o.y * sh, y = ego.y + o.x * sh + o.y * ch, h = ego.h + o.yaw;
      var c = Math.cos(h), s = Math.sin(h), l = o.l / 2, w = o.w / 2;
      ctx.beginPath();
      [[l, w], [-l, w], [-l, -w], [l, -w]].forEach(function (q, k) { var X = x + q[0] * c - q[1] * s, Y = y + q[0] * s + q[1] * c; if (k) ctx.lineTo(X, Y); else ctx.moveTo(X, Y); });
      ctx.closePath();
      ctx.strokeStyle = 'rgba(0,200,255,' + (0.35 + 0.65 * o.score).toFixed(2) + ')'; ctx.lineWidth = 2 * px; ctx.setLineDash([3 * px, 2 * px]); ctx.stroke(); ctx.setLineDash([]);
    }
  }

  function render() {
    var t = tNow;
    var ego = egoIndex >= 0 ? poseOf(egoIndex, t) : null;
    if ($('follow').checked && ego) { view.cx = ego.x; view.cy = ego.y; }
    screenTransform();
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawMap(t);
    if (ego) drawSensors(ego);
    drawEntities(t);
    drawAnswers(t, ego);
    screenTransform();
    var state = Math.round(t / step);
    $('clock-overlay').textContent = 't = ' + t.toFixed(3) + ' s';
    $('clock').textContent = 'step ' + state + ' / ' + lastState + ' · ' + t.toFixed(3) + ' / ' + duration.toFixed(3) + ' s';
    $('slider').value = String(state);
    drawTimelineCursor(t);
    drawPlotCursors(t);
    highlightEvents(t);
    if (params.probe) probe(t);
  }

  // The page's own account of what it drew (tests read it back from the DOM).
  function probe(t) {
    var out = { t: +t.toFixed(6), entities: {} };
    drawn.forEach(function (d) { out.entities[D.entities[d.e].name] = [+d.p.x.toFixed(4), +d.p.y.toFixed(4), +d.p.h.toFixed(5)]; });
    $('probe').textContent = JSON.stringify(out);
  }

  var scheduled = false;
  function requestRender() { if (!scheduled) { scheduled = true; requestAnimationFrame(function () { scheduled = false; render(); }); } }

  function setTime(t) { tNow = Math.max(0, Math.min(duration, t)); render(); }

  function tick(now) {
    if (!playing) return;
    if (lastWall !== null) {
      tNow += (now - lastWall) / 1000 * parseFloat($('rate').value);
      if (tNow >= duration) { tNow = duration; playing = false; $('play').innerHTML = '&#9654;'; }
    }
    lastWall = now;
    render();
    if (playing) requestAnimationFrame(tick);
  }
  function togglePlay() {
    playing = !playing;
    $('play').innerHTML = playing ? '&#10074;&#10074;' : '&#9654;';
    if (playing) { if (tNow >= duration) tNow = 0; lastWall = null; requestAnimationFrame(tick); }
  }

  // ---------- time line ----------
  var tl = $('timeline'), tlx = tl.getContext('2d'), tlMarks = [];
  function tlX(t) { return 70 + (tl.width / dpr - 80) * (duration > 0 ? t / duration : 0); }
  function drawTimeline() {
    var r = tl.getBoundingClientRect();
    tl.width = Math.max(1, Math.round(r.width * dpr)); tl.height = Math.max(1, Math.round(r.height * dpr));
    tlx.setTransform(dpr, 0, 0, dpr, 0, 0);
    tlx.clearRect(0, 0, r.width, r.height);
    tlx.font = '11px system-ui,sans-serif';
    tlMarks = [];
    var rowH = (r.height - 12) / EVENT_ROWS.length;
    EVENT_ROWS.forEach(function (row, k) {
      var y = 2 + k * rowH;
      tlx.fillStyle = '#5d6570'; tlx.fillText(row.name, 2, y + rowH * 0.75);
      tlx.fillStyle = '#f0f2f5'; tlx.fillRect(70, y + 1, r.width - 80, rowH - 2);
      D.events.forEach(function (ev, i) {
        if (row.types.indexOf(ev.type) < 0) return;
        var x = tlX(ev.time);
        tlx.fillStyle = row.colour;
        var wide = ev.type === 'collision' || ev.type === 'criterion_failed';
        tlx.fillRect(x - (wide ? 2 : 1), y + 2, wide ? 4 : 2, rowH - 4);
        tlMarks.push({ x: x, y0: y, y1: y + rowH, ev: ev, i: i });
      });
    });
    tlx.fillStyle = '#5d6570';
    var ticks = niceTicks(0, duration, 8);
    ticks.forEach(function (v) { tlx.fillText(fmtTick(v) + ' s', tlX(v) - 8, r.height - 1); });
    tlImage = tlx.getImageData(0, 0, tl.width, tl.height);
  }
  var tlImage = null;
  function drawTimelineCursor(t) {
    if (!tlImage) return;
    tlx.setTransform(1, 0, 0, 1, 0, 0); tlx.putImageData(tlImage, 0, 0);
    tlx.setTransform(dpr, 0, 0, dpr, 0, 0);
    tlx.strokeStyle = '#111'; tlx.lineWidth = 1.5; tlx.beginPath(); tlx.moveTo(tlX(t), 0); tlx.lineTo(tlX(t), tl.height / dpr - 12); tlx.stroke();
  }
  function nearestMark(ev) {
    var r = tl.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top, best = null, bd = 6;
    tlMarks.forEach(function (m) { if (y >= m.y0 && y <= m.y1 && Math.abs(m.x - x) <= bd) { bd = Math.abs(m.x - x); best = m; } });
    return { mark: best, x: x };
  }
  tl.addEventListener('click', function (ev) {
    var n = nearestMark(ev);
    if (n.mark) jumpToEvent(n.mark.ev); else if (n.x >= 70) setTime((n.x - 70) / (tl.width / dpr - 80) * duration);
  });
  tl.addEventListener('mousemove', function (ev) {
    var n = nearestMark(ev), hv = $('hover');
    if (!n.mark) { tl.title = ''; return; }
    var e = n.mark.ev;
    tl.title = e.time.toFixed(3) + ' s  ' + e.type + '  ' + e.name + (e.entities.length ? '  [' + e.entities.join(', ') + ']' : '') + (e.detail ? '  ' + e.detail : '');
    hv.style.display = 'none';
  });

  function jumpToEvent(ev) {
    setTime(ev.time);
    if (ev.entities && ev.entities.length && !$('follow').checked) {
      var idx = D.entities.findIndex(function (e) { return e.name === ev.entities[0]; });
      var p = idx >= 0 ? poseOf(idx, ev.time) : null;
      if (p) { view.cx = p.x; view.cy = p.y; view.scale = Math.max(view.scale, 6); render(); }
    }
  }

  function niceTicks(lo, hi, n) {
    var span = hi - lo; if (!(span > 0)) return [lo];
    var stepv = Math.pow(10, Math.floor(Math.log10(span / n))), err = span / n / stepv;
    if (err >= 7.5) stepv *= 10; else if (err >= 3.5) stepv *= 5; else if (err >= 1.5) stepv *= 2;
    var out = []; for (var v = Math.ceil(lo / stepv) * stepv; v <= hi + 1e-9; v += stepv) out.push(+v.toFixed(10));
    return out;
  }
  function fmtTick(v) { return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1).replace(/\.0$/, '') : +v.toFixed(2) + ''; }

  // ---------- plots ----------
  var plots = [];
  var PLOT_COLOURS = ['#1f5fa8', '#c0392b', '#2e7d32', '#8e44ad'];
  function buildPlots() {
    var box = $('plots');
    box.innerHTML = '';
    plots = [];
    if (!S) { box.innerHTML = '<div class="caption">No per-step series in this ' + D.source + '.</div>'; return; }
    D.plots.forEach(function (def) {
      var cols = def.columns.filter(function (c) { return S.cols[c]; });
      if (!cols.length) return;
      var div = document.createElement('div'); div.className = 'plot';
      var cv = document.createElement('canvas'); div.appendChild(cv); box.appendChild(div);
      var pl = { def: def, cols: cols, canvas: cv, ctx: cv.getContext('2d'), image: null };
      cv.addEventListener('click', function (ev) { var r = cv.getBoundingClientRect(); setTime(plotT(pl, ev.clientX - r.left)); });
      plots.push(pl);
    });
    layoutPlots();
  }
  var PL = 60, PR = 200;
  function plotX(pl, t) { return PL + (pl.w - PL - PR) * (duration > 0 ? t / duration : 0); }
  function plotT(pl, x) { return (x - PL) / (pl.w - PL - PR) * duration; }
  function layoutPlots() {
    plots.forEach(function (pl) {
      var r = pl.canvas.getBoundingClientRect(), c = pl.ctx;
      pl.w = r.width; pl.h = r.height;
      pl.canvas.width = Math.max(1, Math.round(r.width * dpr)); pl.canvas.height = Math.max(1, Math.round(r.height * dpr));
      c.setTransform(dpr, 0, 0, dpr, 0, 0);
      c.clearRect(0, 0, r.width, r.height);
      var lo = Infinity, hi = -Infinity;
      pl.cols.forEach(function (name) { var v = S.cols[name]; for (var i = 0; i < S.n; i++) { var y = v[i]; if (!isNaN(y)) { if (y < lo) lo = y; if (y > hi) hi = y; } } });
      var th = thresholds(pl.def);
      th.forEach(function (x) { lo = Math.min(lo, x.value); hi = Math.max(hi, x.value); });
      if (pl.def.clamp) { lo = Math.max(lo, pl.def.clamp[0]); hi = Math.min(hi, pl.def.clamp[1]); }
      if (!isFinite(lo)) { lo = 0; hi = 1; }
      if (hi - lo < 1e-6) { lo -= 1; hi += 1; }
      var pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
      pl.lo = lo; pl.hi = hi;
      var top = 14, bottom = r.height - 14;
      pl.y = function (v) { return bottom - (v - lo) / (hi - lo) * (bottom - top); };
      c.font = '11px system-ui,sans-serif';
      var title = pl.def.title + (pl.def.unit ? ' (' + pl.def.unit + ')' : '');
      c.fillStyle = '#1d2127'; c.fillText(title, PL, 11);
      var legendX = PL + c.measureText(title).width + 24;
      c.strokeStyle = '#d6d9de'; c.lineWidth = 1; c.fillStyle = '#5d6570';
      niceTicks(lo, hi, 4).forEach(function (v) { var y = pl.y(v); c.beginPath(); c.moveTo(PL, y); c.lineTo(r.width - PR, y); c.stroke(); c.fillText(fmtTick(v), 4, y + 4); });
      // AEB stages as bands
      if (pl.def.aeb && S.cols.aeb_stage) {
        var a = S.cols.aeb_stage;
        for (var i = 0; i < S.n; i++) if (a[i] > 0) { c.fillStyle = a[i] >= 2 ? 'rgba(198,40,40,.18)' : 'rgba(239,108,0,.15)'; var x0 = plotX(pl, S.times[i]), x1 = plotX(pl, i + 1 < S.n ? S.times[i + 1] : S.times[i] + step); c.fillRect(x0, top, Math.max(1, x1 - x0), bottom - top); }
      }
      // collisions and failed criteria as red lines
      D.events.forEach(function (ev) { if (ev.type === 'collision' || ev.type === 'criterion_failed') { var x = plotX(pl, ev.time); c.strokeStyle = 'rgba(198,40,40,.7)'; c.setLineDash([3, 3]); c.beginPath(); c.moveTo(x, top); c.lineTo(x, bottom); c.stroke(); c.setLineDash([]); } });
      th.forEach(function (x) { var y = pl.y(x.value); if (y < top || y > bottom) return; c.strokeStyle = '#c62828'; c.setLineDash([6, 4]); c.beginPath(); c.moveTo(PL, y); c.lineTo(r.width - PR, y); c.stroke(); c.setLineDash([]); c.fillStyle = '#c62828'; c.fillText(x.label, r.width - PR + 4, y + 4); });
      pl.cols.forEach(function (name, k) { drawSeries(pl, S.cols[name], PLOT_COLOURS[k % PLOT_COLOURS.length], top, bottom); });
      pl.cols.forEach(function (name, k) { c.fillStyle = PLOT_COLOURS[k % PLOT_COLOURS.length]; c.fillRect(legendX, 4, 14, 3); c.fillText(name, legendX + 18, 11); legendX += c.measureText(name).width + 40; });
      pl.image = c.getImageData(0, 0, pl.canvas.width, pl.canvas.height);
    });
  }
  // One vertical min-max stroke per pixel column: as fast for an hour at 100 Hz as for ten seconds.
  function drawSeries(pl, v, colour, top, bottom) {
    var c = pl.ctx, x0 = PL, x1 = pl.w - PR, cols = Math.max(1, Math.round(x1 - x0));
    c.save(); c.beginPath(); c.rect(PL, top - 1, x1 - PL, bottom - top + 2); c.clip();
    c.strokeStyle = colour; c.lineWidth = 1.4; c.beginPath();
    if (S.n <= cols * 2) {
      var pen = false;
      for (var i = 0; i < S.n; i++) { if (isNaN(v[i])) { pen = false; continue; } var x = plotX(pl, S.times[i]), y = pl.y(v[i]); if (pen) c.lineTo(x, y); else c.moveTo(x, y); pen = true; }
    } else {
      var i = 0, pen = false;
      for (var px = 0; px < cols; px++) {
        var tEnd = (px + 1) / cols * duration, lo = Infinity, hi = -Infinity;
        while (i < S.n && S.times[i] <= tEnd) { if (!isNaN(v[i])) { lo = Math.min(lo, v[i]); hi = Math.max(hi, v[i]); } i++; }
        if (lo > hi) { pen = false; continue; }
        var xx = x0 + px + 0.5;
        if (pen) c.lineTo(xx, pl.y(hi)); else c.moveTo(xx, pl.y(hi));
        c.lineTo(xx, pl.y(lo));
        pen = true;
      }
    }
    c.stroke(); c.restore();
  }
  function thresholds(def) {
    var out = [];
    (D.criteria || []).forEach(function (c) {
      if (def.kpis && def.kpis.indexOf(c.kpi) >= 0 && typeof c.threshold === 'number') {
        var v = c.kpi === 'max_decel' ? -c.threshold : c.threshold;
        out.push({ value: v, label: c.name + (c.passed ? '' : ' ✗') });
      }
    });
    return out;
  }
  function seriesIndex(t) {
    var T = S.times, lo = 0, hi = S.n - 1;
    if (S.n === 0 || t < T[0] - 1e-9) return -1;
    if (t >= T[hi]) return hi;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (T[mid] <= t + 1e-9) lo = mid; else hi = mid; }
    return lo;
  }
  function drawPlotCursors(t) {
    if (!S) return;
    var i = seriesIndex(t);
    plots.forEach(function (pl) {
      var c = pl.ctx;
      c.setTransform(1, 0, 0, 1, 0, 0); c.putImageData(pl.image, 0, 0); c.setTransform(dpr, 0, 0, dpr, 0, 0);
      var x = plotX(pl, t);
      c.strokeStyle = '#111'; c.lineWidth = 1; c.beginPath(); c.moveTo(x, 12); c.lineTo(x, pl.h - 12); c.stroke();
      c.font = '12px ui-monospace,monospace';
      pl.cols.forEach(function (name, k) {
        var v = i >= 0 ? S.cols[name][i] : NaN, txt = name + ' ' + fmt(v, 3);
        if (name === 'lead_distance' && S.text && i >= 0 && S.text[i] >= 0) txt += ' (' + D.series.text_values[S.text[i]] + ')';
        c.fillStyle = PLOT_COLOURS[k % PLOT_COLOURS.length]; c.fillText(txt, pl.w - PR + 4, 26 + 15 * k);
        if (!isNaN(v)) { c.beginPath(); c.arc(x, pl.y(v), 2.5, 0, 2 * Math.PI); c.fill(); }
      });
    });
  }

  // ---------- event log ----------
  var rows = [];
  function buildLog() {
    var body = document.querySelector('#events tbody');
    var html = [];
    D.events.forEach(function (ev, i) {
      var bad = ev.type === 'collision' || ev.type === 'criterion_failed';
      html.push('<tr data-i="' + i + '"' + (bad ? ' class="bad"' : '') + '><td>' + ev.time.toFixed(3) + '</td><td>' + esc(ev.type) + '</td><td>' + esc(ev.name) + '</td><td>' + esc(ev.entities.join(', ')) + '</td><td>' + esc(ev.detail || '') + '</td></tr>');
    });
    body.innerHTML = html.join('');
    rows = Array.prototype.slice.call(body.querySelectorAll('tr'));
    body.addEventListener('click', function (e) { var tr = e.target.closest('tr'); if (tr) jumpToEvent(D.events[+tr.dataset.i]); });
  }
  var lastNow = -1;
  function highlightEvents(t) {
    var now = -1;
    for (var i = 0; i < D.events.length && D.events[i].time <= t + 1e-9; i++) now = i;
    if (now === lastNow) return;
    if (lastNow >= 0 && rows[lastNow]) rows[lastNow].classList.remove('now');
    if (now >= 0 && rows[now]) rows[now].classList.add('now');
    lastNow = now;
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }

  // ---------- header, legend, problems ----------
  function buildHeader() {
    $('title').textContent = D.title;
    var st = $('status'); st.textContent = D.status || D.source; st.className = 'badge ' + (D.status || '');
    $('info').textContent = D.info.join(' · ');
    var probs = $('problems');
    failures.forEach(function (f) {
      var b = document.createElement('button');
      b.textContent = '✗ ' + f.criterion.name + ' failed at ' + f.time.toFixed(2) + ' s' + (f.criterion.value !== null && f.criterion.value !== undefined ? ' (' + f.criterion.kpi + ' = ' + fmt(f.criterion.value, 3) + ')' : '');
      b.onclick = function () { jumpToEvent({ time: f.time, entities: egoIndex >= 0 ? [D.entities[egoIndex].name] : [] }); };
      probs.appendChild(b);
    });
    collisions.forEach(function (c) {
      var b = document.createElement('button');
      b.textContent = '✸ collision ' + c.a + ' – ' + c.b + ' at ' + c.time.toFixed(2) + ' s' + (c.speed !== undefined ? ' (' + fmt(c.speed, 1) + ' m/s)' : '');
      b.onclick = function () { jumpToEvent({ time: c.time, entities: [c.a] }); };
      probs.appendChild(b);
    });
    D.notes.forEach(function (n) { var d = document.createElement('div'); d.textContent = n; $('notes').appendChild(d); });
    var kinds = {};
    D.entities.forEach(function (e) { kinds[e.kind] = (kinds[e.kind] || 0) + (e.ego ? 0 : 1); });
    var lg = egoIndex >= 0 ? '<i style="background:' + EGO_COLOUR + '"></i>ego' : '';
    Object.keys(kinds).sort().forEach(function (k) { if (kinds[k]) lg += '<i style="background:' + (KIND_COLOURS[k] || '#444') + '"></i>' + k + ' ' + kinds[k]; });
    if (A) lg += '<i style="border:2px dashed #00c8ff;background:none"></i>target answers';
    $('legend').innerHTML = lg;
    var tg = $('sensor-toggles');
    D.sensors.forEach(function (s) {
      if (!s.coverage) return;
      sensorsOn[s.name] = s.type === 'lidar' || s.type === 'radar' || s.type === 'camera';
      var l = document.createElement('label');
      var cb = document.createElement('input'); cb.type = 'checkbox'; cb.checked = sensorsOn[s.name];
      cb.onchange = function () { sensorsOn[s.name] = cb.checked; render(); };
      l.appendChild(cb); l.appendChild(document.createTextNode(' ' + s.name + (s.type === 'camera' ? ' (to ' + Math.min(s.coverage.max_range, CAMERA_DRAW_RANGE) + ' m)' : '')));
      l.style.color = SENSOR_COLOURS[s.type] || '#455a64';
      tg.appendChild(l);
    });
  }

  function prepareEvents() {
    D.events.forEach(function (ev) {
      if (ev.type === 'traffic_signal') (signalStates[ev.name] = signalStates[ev.name] || []).push([ev.time, ev.detail || '']);
    });
    var seen = {};
    (D.collisions || []).forEach(function (c) { seen[c.time + c.entity_a + c.entity_b] = 1; collisions.push({ time: c.time, a: c.entity_a, b: c.entity_b, speed: c.relative_speed }); });
    D.events.forEach(function (ev) { if (ev.type === 'collision' && ev.entities.length === 2 && !seen[ev.time + ev.entities[0] + ev.entities[1]]) collisions.push({ time: ev.time, a: ev.entities[0], b: ev.entities[1] }); });
    collisions.forEach(function (c) {
      var ia = D.entities.findIndex(function (e) { return e.name === c.a; }), ib = D.entities.findIndex(function (e) { return e.name === c.b; });
      var pa = ia >= 0 ? poseOf(ia, c.time) : null, pb = ib >= 0 ? poseOf(ib, c.time) : null;
      if (pa && pb) { var ba = boxPath(pa, D.entities[ia]), bb = boxPath(pb, D.entities[ib]); c.at = [(ba.cx + bb.cx) / 2, (ba.cy + bb.cy) / 2]; }
      else if (pa) c.at = [pa.x, pa.y];
    });
    (D.criteria || []).forEach(function (c) { if (!c.passed && typeof c.failed_at === 'number') failures.push({ time: c.failed_at, criterion: c }); });
    // A recording has no criteria table: its failure events say the same.
    if (!(D.criteria || []).length) D.events.forEach(function (ev) { if (ev.type === 'criterion_failed') failures.push({ time: ev.time, criterion: { name: ev.name, kpi: ev.detail || '', value: null } }); });
  }

  // ---------- interaction ----------
  function wire() {
    $('play').onclick = togglePlay;
    $('back').onclick = function () { setTime((Math.round(tNow / step) - 1) * step); };
    $('fwd').onclick = function () { setTime((Math.round(tNow / step) + 1) * step); };
    $('slider').oninput = function () { setTime(+$('slider').value * step); };
    $('fit').onclick = function () { $('follow').checked = false; fit(); render(); };
    ['follow', 'trails', 'labels'].forEach(function (id) { $(id).onchange = render; });
    var drag = null;
    canvas.addEventListener('pointerdown', function (e) { drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy }; canvas.classList.add('dragging'); canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener('pointermove', function (e) {
      if (drag) {
        $('follow').checked = false;
        view.cx = drag.cx - (e.clientX - drag.x) / view.scale; view.cy = drag.cy + (e.clientY - drag.y) / view.scale;
        requestRender();
      } else hover(e);
    });
    canvas.addEventListener('pointerup', function () { drag = null; canvas.classList.remove('dragging'); });
    canvas.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = canvas.getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top;
      var before = toWorld(mx, my);
      view.scale = Math.max(0.01, Math.min(400, view.scale * Math.exp(-e.deltaY * 0.0015)));
      var after = toWorld(mx, my);
      if (!$('follow').checked) { view.cx += before[0] - after[0]; view.cy += before[1] - after[1]; }
      requestRender();
    }, { passive: false });
    document.addEventListener('keydown', function (e) {
      if (e.target.tagName === 'INPUT' && e.target.type !== 'checkbox' && e.target.type !== 'range') return;
      if (e.key === ' ') { e.preventDefault(); togglePlay(); }
      else if (e.key === 'ArrowRight') { e.preventDefault(); $('fwd').onclick(); }
      else if (e.key === 'ArrowLeft') { e.preventDefault(); $('back').onclick(); }
      else if (e.key === 'f') { $('follow').checked = !$('follow').checked; render(); }
      else if (e.key === '0') $('fit').onclick();
      else if (e.key === '+' || e.key === '=') { view.scale *= 1.25; render(); }
      else if (e.key === '-') { view.scale /= 1.25; render(); }
    });
    window.addEventListener('resize', function () { resize(); drawTimeline(); layoutPlots(); render(); });
  }
  function hover(e) {
    var r = canvas.getBoundingClientRect(), w = toWorld(e.clientX - r.left, e.clientY - r.top), hv = $('hover'), best = null, bd = 9 / view.scale + 1;
    drawn.forEach(function (d) { var dx = d.b.cx - w[0], dy = d.b.cy - w[1], dist = Math.sqrt(dx * dx + dy * dy); if (dist < bd) { bd = dist; best = d; } });
    if (!best) { hv.style.display = 'none'; return; }
    var ent = D.entities[best.e];
    hv.textContent = ent.name + ' (' + ent.kind + (ent.ego ? ', ego' : '') + ')\nx ' + best.p.x.toFixed(2) + '  y ' + best.p.y.toFixed(2) + '\nheading ' + best.p.h.toFixed(3) + ' rad  speed ' + best.p.v.toFixed(2) + ' m/s';
    hv.style.left = (e.clientX - r.left + 14) + 'px'; hv.style.top = (e.clientY - r.top + 10) + 'px'; hv.style.display = 'block';
  }

  function fail(err) {
    document.body.dataset.rendered = 'error';
    document.body.dataset.error = String(err && err.message || err);
    var d = document.createElement('div'); d.textContent = 'The view could not load its data: ' + document.body.dataset.error; d.style.color = '#c62828';
    $('notes').appendChild(d);
  }

  if (typeof DecompressionStream === 'undefined') { fail(new Error('this browser has no DecompressionStream (Chrome 80+, Firefox 113+, Safari 16.4+)')); return; }
  Promise.all([blob('sim-poses'), blob('sim-series'), blob('sim-answers')]).then(function (bufs) {
    P = decodePoses(bufs[0]);
    S = bufs[1] ? decodeSeries(bufs[1], D.series) : null;
    A = bufs[2] ? decodeAnswers(bufs[2]) : null;
    prepareEvents();
    buildHeader();
    buildMap();
    buildTrails();
    buildLog();
    $('slider').max = String(lastState);
    $('trails').checked = P.E <= 60;
    resize();
    fit();
    // A long road seen whole shows cars as dots: start on the ego, about 160 m across, when the map is larger.
    var b = D.bounds;
    if (egoIndex >= 0 && b && Math.max(b[2] - b[0], b[3] - b[1]) > 400 && params.follow !== '0') {
      $('follow').checked = true;
      view.scale = canvas.width / dpr / 160;
    }
    if (params.follow === '1') $('follow').checked = true;
    if (params.zoom) view.scale = +params.zoom;
    wire();
    drawTimeline();
    buildPlots();
    setTime(params.t ? +params.t : 0);
    document.body.dataset.entities = String(P.E);
    document.body.dataset.frames = String(P.F);
    document.body.dataset.steps = String(lastState);
    document.body.dataset.duration = duration.toFixed(6);
    var M = D.map || { lanes: [], junctions: [], signals: [], lamps: [], marks: [] };
    document.body.dataset.lanes = String(M.lanes.length);
    document.body.dataset.marks = String(M.marks.length);
    document.body.dataset.junctions = String(M.junctions.length);
    document.body.dataset.signals = String(M.signals.length);
    document.body.dataset.lamps = String(M.lamps.length / 2);
    document.body.dataset.footprints = String(D.sensors.filter(function (x) { return x.coverage; }).length);
    document.body.dataset.plots = String(plots.length);
    document.body.dataset.events = String(D.events.length);
    document.body.dataset.answers = String(A ? A.objs.length : 0);
    // For scripts (tools/view-bench): jump to a time and draw it.
    window.simView = { setTime: setTime, duration: duration };
    document.body.dataset.loadMs = String(Math.round(performance.now()));
    document.body.dataset.rendered = 'ok';
  }).catch(fail);
})();
