// Draws a pc4j report's charts with uPlot from the report's JSON model (the <script id="pc4j-data"> element).
// Each chart: {id, title, xLabel, yLabel, kind: LINES | BARS | DOTS | TRACES, logY, categories, x, series: [{label, y}]};
// TRACES are lines whose series have points at some of the x values only (null elsewhere), joined across the gaps.
// After drawing, each figure carries data-series (series drawn) and data-points (finite points drawn), and the body
// data-rendered="true", so that a test can check the page in a headless browser; an uncaught error while drawing
// (uPlot draws after this script ends) is recorded as the body's data-error.
window.addEventListener('error', e => document.body.setAttribute('data-error', String(e.message)));
(function () {
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  const data = JSON.parse(document.getElementById('pc4j-data').textContent);
  const finite = v => typeof v === 'number' && Number.isFinite(v);
  function fmt(v) {
    if (!finite(v)) return ''; // a log axis passes null for the ticks it leaves unlabelled
    if (v === 0) return '0';
    const a = Math.abs(v);
    return (a >= 1e4 || a < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
  }
  for (const c of data.charts || []) {
    const fig = document.getElementById('chart-' + c.id);
    if (!fig) continue;
    const categorical = c.kind !== 'LINES' && c.kind !== 'TRACES';
    const ys = c.series.map(s => s.y.map(v => finite(v) && (!c.logY || v > 0) ? v : null));
    const points = ys.reduce((n, y) => n + y.filter(v => v !== null).length, 0);
    if (points === 0) {
      fig.appendChild(document.createTextNode('no data'));
      fig.dataset.series = '0';
      fig.dataset.points = '0';
      continue;
    }
    const series = [{label: c.xLabel || 'x', value: (u, v) => v == null ? '' : categorical ? (c.categories[v] ?? '') : fmt(v)}];
    c.series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      const one = {label: s.label, stroke: color, width: 2, value: (u, v) => v == null ? '-' : fmt(v)};
      if (c.kind === 'BARS') {
        one.fill = color;
        one.paths = uPlot.paths.bars({size: [0.6, 80]});
        one.points = {show: false};
      } else if (c.kind === 'DOTS') {
        one.paths = () => null;
        one.points = {show: true, size: 10, fill: color, stroke: color};
      } else {
        one.points = {show: true, size: 5, fill: color};
        one.spanGaps = c.kind === 'TRACES';
      }
      series.push(one);
    });
    const xAxis = {label: c.xLabel, stroke: '#333', grid: {stroke: '#eee'}};
    if (categorical) {
      xAxis.splits = () => c.x;
      xAxis.values = (u, splits) => splits.map(v => c.categories[v] ?? '');
    }
    const yAxis = {label: c.yLabel, stroke: '#333', grid: {stroke: '#eee'}, size: 70, values: (u, splits) => splits.map(fmt)};
    const scales = {x: {time: false}, y: c.logY ? {distr: 3} : {}};
    if (categorical) {
      scales.x.range = () => [-0.5, c.x.length - 0.5];
    }
    if (c.kind === 'BARS') {
      const hi = Math.max(...ys[0].filter(v => v !== null));
      scales.y.range = () => [0, hi > 0 ? hi * 1.1 : 1];
    }
    new uPlot({width: 560, height: 300, series, axes: [xAxis, yAxis], scales, legend: {show: true}}, [c.x, ...ys], fig);
    fig.dataset.series = String(c.series.length);
    fig.dataset.points = String(points);
  }
  document.body.setAttribute('data-rendered', 'true');
})();
