// Monitoring dashboard charts (Chart.js). Data comes from data-* attributes, never inline script;
// every chart has a table beside it with the same figures.
(function () {
  var holder = document.getElementById('dashboard-data');
  if (!holder || !window.Chart) { return; }
  var data = JSON.parse(holder.getAttribute('data-charts'));
  var label = function (name) { return holder.getAttribute('data-label-' + name); };
  var projectUrl = holder.getAttribute('data-project-url');
  var dashboardUrl = holder.getAttribute('data-dashboard-url');
  var fmt = window.portalCharts;
  fmt.localise(window.Chart);
  // Money axes and tooltips in euro as the page's language writes them.
  function money() {
    return {
      scales: { y: { ticks: { callback: function (value) { return fmt.euro(value); } } } },
      plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ': ' + fmt.euro(ctx.parsed.y); } } } }
    };
  }

  function drill(param, values) {
    return function (evt, elements) {
      if (!elements.length) { return; }
      var value = values[elements[0].index];
      var url = new URL(dashboardUrl, window.location.href);
      new URLSearchParams(window.location.search).forEach(function (v, k) { url.searchParams.set(k, v); });
      url.searchParams.set(param, value);
      window.location.href = url.toString();
    };
  }

  function bars(id, rows, keyLabel, param) {
    var el = document.getElementById(id);
    if (!el || !rows.length) { return; }
    new window.Chart(el, {
      type: 'bar',
      data: {
        labels: rows.map(keyLabel),
        datasets: [
          { label: label('granted'), data: rows.map(function (r) { return r.granted; }), backgroundColor: '#0066cc' },
          { label: label('spent'), data: rows.map(function (r) { return r.spent; }), backgroundColor: '#00a36c' }
        ]
      },
      options: Object.assign({ responsive: true, onClick: param ? drill(param, rows.map(function (r) { return r.key || r.call_id; })) : null }, money())
    });
  }

  bars('chart-call', data.by_call, function (r) { return r.code; }, 'call');
  bars('chart-area', data.by_area, function (r) { return r.label || r.key; }, 'area');
  bars('chart-province', data.by_province, function (r) { return r.key; }, 'province');
  bars('chart-kind', data.by_kind, function (r) { return r.label || r.key; }, 'kind');

  var trend = document.getElementById('chart-trend');
  if (trend && data.trend.length) {
    new window.Chart(trend, {
      type: 'line',
      data: {
        labels: data.trend.map(function (r) { return r.label || r.period; }),
        datasets: [
          { label: label('granted'), data: data.trend.map(function (r) { return r.granted; }), borderColor: '#0066cc' },
          { label: label('cumulative'), data: data.trend.map(function (r) { return r.cumulative_spent; }), borderColor: '#00a36c' }
        ]
      },
      options: Object.assign({ responsive: true }, money())
    });
  }

  var scatter = document.getElementById('chart-scatter');
  var points = data.projects.filter(function (p) { return p.time_pct !== null && p.spent_pct !== null; });
  if (scatter && points.length) {
    new window.Chart(scatter, {
      type: 'scatter',
      data: {
        datasets: [
          {
            label: label('spent-pct'),
            data: points.map(function (p) { return { x: p.time_pct, y: p.spent_pct, id: p.id, name: p.acronym }; }),
            pointBackgroundColor: points.map(function (p) { return p.status === 'at_risk' ? '#d9364f' : '#00a36c'; }),
            pointRadius: 6
          },
          { label: label('plan'), type: 'line', data: [{ x: 0, y: 0 }, { x: 100, y: 100 }], borderColor: '#999', pointRadius: 0 }
        ]
      },
      options: {
        responsive: true,
        scales: { x: { min: 0, max: 100, title: { display: true, text: label('time') } },
                  y: { min: 0, title: { display: true, text: label('spent-pct') } } },
        plugins: { tooltip: { callbacks: { label: function (ctx) { var p = ctx.raw; return (p.name || '') + ': ' + fmt.number(p.x, 1) + '% / ' + fmt.number(p.y, 1) + '%'; } } } },
        onClick: function (evt, elements) {
          if (!elements.length || elements[0].datasetIndex !== 0) { return; }
          var p = points[elements[0].index];
          window.location.href = projectUrl.replace(/0$/, String(p.id));
        }
      }
    });
  }
})();
