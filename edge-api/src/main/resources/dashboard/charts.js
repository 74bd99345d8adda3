// Small SVG line charts for the lag dashboard: no library, nothing fetched from elsewhere.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7d8c', '#57606a'];

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function format(value) {
    if (value >= 1e6) { return (value / 1e6).toFixed(1) + 'M'; }
    if (value >= 1e3) { return (value / 1e3).toFixed(1) + 'k'; }
    return value >= 10 || value === 0 ? String(Math.round(value)) : value.toFixed(1);
  }

  // series: [{name, color, points: [{t: epochMillis, v: number}]}]; draws them over a shared time axis.
  function line(svg, series, from, to) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var w = 640, h = 220, left = 48, right = 8, top = 8, bottom = 22;
    var max = 0, points = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { max = Math.max(max, p.v); points++; }); });
    max = max > 0 ? max * 1.1 : 1;
    var span = Math.max(1, to - from);
    var x = function (t) { return left + (t - from) / span * (w - left - right); };
    var y = function (v) { return top + (1 - v / max) * (h - top - bottom); };
    svg.appendChild(el('line', {x1: left, y1: y(0), x2: w - right, y2: y(0), 'class': 'axis'}));
    svg.appendChild(el('line', {x1: left, y1: top, x2: left, y2: y(0), 'class': 'axis'}));
    [0, 0.5, 1].forEach(function (f) {
      svg.appendChild(el('text', {x: left - 4, y: y(max * f) + 3, 'text-anchor': 'end'}, format(max * f)));
    });
    svg.appendChild(el('text', {x: left, y: h - 6}, new Date(from).toLocaleTimeString()));
    svg.appendChild(el('text', {x: w - right, y: h - 6, 'text-anchor': 'end'}, new Date(to).toLocaleTimeString()));
    series.forEach(function (s) {
      if (s.points.length === 0) { return; }
      var coords = s.points.map(function (p) { return x(p.t).toFixed(1) + ',' + y(p.v).toFixed(1); });
      if (coords.length === 1) { coords.push(coords[0]); }
      svg.appendChild(el('polyline', {points: coords.join(' '), stroke: s.color, 'data-series': s.name}));
    });
    svg.setAttribute('data-points', String(points));
  }

  function color(index) { return PALETTE[index % PALETTE.length]; }

  window.TributaryCharts = {line: line, color: color, format: format};
}());
