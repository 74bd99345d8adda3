// The lag dashboard: reads /api/v1/lag (history, then the event stream) and /api/v1/projections with the
// operator's bearer token. The token stays in this tab's sessionStorage and is never written anywhere else.
(function () {
  'use strict';
  var TOKEN_KEY = 'tributary.dashboard.token';
  var WINDOW_MINUTES = 15;
  var THROUGHPUT_WINDOW_MS = 60000;
  var charts = window.TributaryCharts;
  var history = {};      // group -> {kind, points: [{t, committed, offsets, seconds}]}
  var current = null;    // the latest /api/v1/lag answer
  var streamAbort = null;
  var pollTimer = null;
  var projectionsTimer = null;
  var projectionsAt = 0;

  // A token in the URL fragment (#token=...) never reaches a server; take it, then drop it from the address bar.
  function takeFragmentToken() {
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

  function status(state, text) {
    document.body.setAttribute('data-status', state);
    document.getElementById('status').textContent = text;
  }

  function api(path, options, accept) {
    var init = Object.assign({headers: {'Authorization': 'Bearer ' + token(), 'Accept': accept || 'application/json'}},
      options || {});
    return fetch(path, init).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        var error = new Error(response.status === 401 ? 'the token was refused (401): paste a valid one'
          : 'the token lacks the tributary.admin role (403)');
        error.auth = true;
        throw error;
      }
      if (!response.ok) { throw new Error(path + ' answered ' + response.status); }
      return response;
    });
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function badge(kind, label) { return text('span', label, 'badge ' + kind); }

  function flags(item) {
    var cell = document.createElement('td');
    if (item.stalled) { cell.appendChild(badge('stalled', 'stalled')); }
    if (item.retention === 'at_risk') { cell.appendChild(badge('at_risk', 'retention risk')); }
    if (item.retention === 'data_lost') { cell.appendChild(badge('data_lost', 'DATA LOST')); }
    return cell;
  }

  function seconds(value) { return value < 10 ? value.toFixed(1) : String(Math.round(value)); }

  function addPoints(snapshot) {
    var t = Date.parse(snapshot.sampled_at);
    snapshot.groups.forEach(function (g) {
      var series = history[g.group] || (history[g.group] = {kind: g.kind, points: []});
      var last = series.points[series.points.length - 1];
      if (!last || last.t < t) {
        series.points.push({t: t, committed: g.committed_offsets, offsets: g.lag_offsets, seconds: g.lag_seconds});
      }
    });
    var from = Date.now() - WINDOW_MINUTES * 60000;
    Object.keys(history).forEach(function (name) {
      history[name].points = history[name].points.filter(function (p) { return p.t >= from; });
    });
  }

  // Committed offsets per second over the last minute of history: how fast the topology consumes.
  function throughput(points) {
    if (points.length < 2) { return 0; }
    var last = points[points.length - 1];
    var first = points.find(function (p) { return p.t >= last.t - THROUGHPUT_WINDOW_MS; });
    if (!first || first === last) { first = points[points.length - 2]; }
    var dt = (last.t - first.t) / 1000;
    return dt > 0 ? Math.max(0, last.committed - first.committed) / dt : 0;
  }

  function rates(points) {
    var out = [];
    for (var i = 1; i < points.length; i++) {
      var dt = (points[i].t - points[i - 1].t) / 1000;
      if (dt > 0) { out.push({t: points[i].t, v: Math.max(0, points[i].committed - points[i - 1].committed) / dt}); }
    }
    return out;
  }

  function renderGroups() {
    var body = document.querySelector('#groups tbody');
    body.textContent = '';
    current.groups.forEach(function (g) {
      var row = document.createElement('tr');
      row.setAttribute('data-group', g.group);
      row.setAttribute('data-kind', g.kind);
      row.setAttribute('data-lag-offsets', String(g.lag_offsets));
      row.setAttribute('data-lag-seconds', String(g.lag_seconds));
      row.setAttribute('data-stalled', String(g.stalled));
      row.setAttribute('data-retention', g.retention);
      var rate = throughput((history[g.group] || {points: []}).points);
      row.setAttribute('data-throughput', rate.toFixed(3));
      [g.group, g.kind, g.state, String(g.members)].forEach(function (v) { row.appendChild(text('td', v)); });
      row.appendChild(text('td', String(g.lag_offsets), 'num'));
      row.appendChild(text('td', seconds(g.lag_seconds), 'num'));
      row.appendChild(text('td', g.trend.seconds_per_second.toFixed(2), 'num'));
      row.appendChild(text('td', rate.toFixed(1), 'num'));
      row.appendChild(flags(g));
      body.appendChild(row);
    });
  }

  function renderPartitions() {
    var body = document.querySelector('#partitions tbody');
    body.textContent = '';
    current.partitions.forEach(function (p) {
      var row = document.createElement('tr');
      row.setAttribute('data-group', p.group);
      row.setAttribute('data-topic', p.topic);
      row.setAttribute('data-partition', String(p.partition));
      row.setAttribute('data-lag-offsets', String(p.lag_offsets));
      [p.group, p.topic].forEach(function (v) { row.appendChild(text('td', v)); });
      [p.partition, p.committed_offset, p.end_offset, p.log_start_offset, p.lag_offsets].forEach(function (v) {
        row.appendChild(text('td', String(v), 'num'));
      });
      row.appendChild(text('td', seconds(p.lag_seconds), 'num'));
      row.appendChild(flags(p));
      body.appendChild(row);
    });
  }

  function renderBadges() {
    var box = document.getElementById('badges');
    box.textContent = '';
    var stalled = current.groups.filter(function (g) { return g.stalled; }).length;
    var risky = current.groups.filter(function (g) { return g.retention === 'at_risk'; }).length;
    var lost = current.groups.filter(function (g) { return g.retention === 'data_lost'; }).length;
    box.setAttribute('data-stalled', String(stalled));
    box.setAttribute('data-retention-risk', String(risky));
    box.setAttribute('data-data-lost', String(lost));
    if (lost) { box.appendChild(badge('data_lost', lost + ' group(s) lost unconsumed records')); }
    if (risky) { box.appendChild(badge('at_risk', risky + ' group(s) at retention risk')); }
    if (stalled) { box.appendChild(badge('stalled', stalled + ' group(s) stalled')); }
    if (!lost && !risky && !stalled) { box.appendChild(badge('ok', 'no stalls, no retention risk')); }
  }

  function renderDeadLetters() {
    var body = document.querySelector('#dead-letters tbody');
    body.textContent = '';
    (current.dead_letter_topics || []).forEach(function (d) {
      var row = document.createElement('tr');
      row.setAttribute('data-topic', d.topic);
      row.setAttribute('data-records', String(d.records));
      row.appendChild(text('td', d.topic));
      row.appendChild(text('td', String(d.end_offset), 'num'));
      row.appendChild(text('td', String(d.records), 'num'));
      body.appendChild(row);
    });
  }

  function renderCharts() {
    var names = Object.keys(history).sort();
    var to = Date.now(), from = to - WINDOW_MINUTES * 60000;
    var earliest = to;
    names.forEach(function (n) { if (history[n].points.length) { earliest = Math.min(earliest, history[n].points[0].t); } });
    from = Math.max(from, earliest - 1000);
    function series(pick) {
      return names.map(function (n, i) {
        return {name: n, color: charts.color(i), points: pick(history[n].points)};
      });
    }
    charts.line(document.getElementById('chart-offsets'),
      series(function (ps) { return ps.map(function (p) { return {t: p.t, v: p.offsets}; }); }), from, to);
    charts.line(document.getElementById('chart-seconds'),
      series(function (ps) { return ps.map(function (p) { return {t: p.t, v: p.seconds}; }); }), from, to);
    charts.line(document.getElementById('chart-throughput'), series(rates), from, to);
    var legend = document.getElementById('legend');
    legend.textContent = '';
    names.forEach(function (n, i) {
      var item = document.createElement('span');
      var swatch = document.createElement('i');
      swatch.style.background = charts.color(i);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(n));
      legend.appendChild(item);
    });
  }

  function render() {
    if (!current) { return; }
    renderBadges();
    renderGroups();
    renderPartitions();
    renderDeadLetters();
    renderCharts();
    document.body.setAttribute('data-sampled-at', current.sampled_at);
    document.getElementById('sampled').textContent = 'sampled at ' + new Date(current.sampled_at).toLocaleString()
      + ' · every ' + current.interval_seconds + ' s' + (current.last_error ? ' · last error: ' + current.last_error : '');
  }

  function onSnapshot(snapshot) {
    current = snapshot;
    addPoints(snapshot);
    render();
    status('live', 'Live: ' + snapshot.groups.length + ' consumer group(s)');
    // Projection status follows the lag samples, at most every 2 s (it reads Postgres and Kafka).
    if (Date.now() - projectionsAt > 2000) { loadProjections(); }
  }

  function failed(error) {
    status(error.auth ? 'unauthorized' : 'error', error.message);
  }

  function projectionCell(p) {
    var b = p.building;
    if (!b) { return 'none'; }
    var done = b.records_total > 0 ? Math.round(100 * b.records_done / b.records_total) + '%' : '';
    return 'generation ' + b.generation + ' ' + String(b.phase || b.state || '').toLowerCase() + ' '
      + b.records_done + '/' + b.records_total + ' ' + done;
  }

  function loadProjections() {
    projectionsAt = Date.now();
    api('/api/v1/projections').then(function (r) { return r.json(); }).then(function (answer) {
      var body = document.querySelector('#projections tbody');
      body.textContent = '';
      answer.projections.forEach(function (p) {
        var row = document.createElement('tr');
        row.setAttribute('data-projection', p.projection);
        row.setAttribute('data-lag', String(p.lag));
        row.setAttribute('data-open-dead-letters', String(p.open_dead_letters));
        row.appendChild(text('td', p.projection));
        row.appendChild(text('td', p.topic));
        // Projections without generations (the agents read models) cannot be replayed: no number to show.
        row.appendChild(text('td', p.replayable ? String(p.live_generation) : 'not replayable', 'num'));
        row.appendChild(text('td', projectionCell(p)));
        row.appendChild(text('td', String(p.lag), 'num'));
        row.appendChild(text('td', String(p.open_dead_letters), 'num'));
        row.appendChild(text('td', String(p.parked_records), 'num'));
        row.appendChild(text('td', p.last_error || ''));
        body.appendChild(row);
      });
    }).catch(function () { /* the lag view reports auth and network problems */ });
  }

  // The stream is read with fetch, not EventSource: EventSource cannot send an Authorization header.
  function stream() {
    streamAbort = new AbortController();
    api('/api/v1/lag/stream', {signal: streamAbort.signal}, 'text/event-stream').then(function (response) {
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error('the lag stream ended'); }
          buffer += decoder.decode(chunk.value, {stream: true});
          var end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            var block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            var data = block.split('\n').filter(function (l) { return l.indexOf('data:') === 0; })
              .map(function (l) { return l.slice(5).replace(/^ /, ''); }).join('\n');
            if (data) { onSnapshot(JSON.parse(data)); }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function (error) {
      if (error.name === 'AbortError') { return; }
      failed(error);
      if (!error.auth) { poll(); }
    });
  }

  // Fallback when the stream is cut (proxies that buffer SSE): poll the current lag.
  function poll() {
    if (pollTimer) { return; }
    pollTimer = setInterval(function () {
      api('/api/v1/lag').then(function (r) { return r.json(); }).then(onSnapshot).catch(failed);
    }, 5000);
  }

  function start() {
    if (streamAbort) { streamAbort.abort(); }
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    if (projectionsTimer) { clearInterval(projectionsTimer); }
    history = {};
    if (!token()) {
      status('unauthorized', 'Paste a bearer token with the tributary.admin role to see lag.');
      return;
    }
    status('loading', 'Loading lag history…');
    api('/api/v1/lag/history?minutes=' + WINDOW_MINUTES).then(function (r) { return r.json(); }).then(function (h) {
      h.groups.forEach(function (series) {
        history[series.group] = {kind: series.kind, points: series.points.map(function (p) {
          return {t: Date.parse(p.at), committed: p.committed_offsets, offsets: p.lag_offsets, seconds: p.lag_seconds};
        })};
      });
      return api('/api/v1/lag').then(function (r) { return r.json(); }).then(onSnapshot);
    }).then(stream).catch(failed);
    loadProjections();
    projectionsTimer = setInterval(function () {
      if (Date.now() - projectionsAt > 5000) { loadProjections(); }
    }, 5000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    takeFragmentToken();
    document.getElementById('token-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = document.getElementById('token');
      if (input.value.trim()) { sessionStorage.setItem(TOKEN_KEY, input.value.trim()); }
      input.value = '';
      start();
    });
    document.getElementById('forget').addEventListener('click', function () {
      sessionStorage.removeItem(TOKEN_KEY);
      start();
    });
    start();
  });
}());
