// Compute dashboard: a bar chart of demand and capacity drawn from the table below it.
(function () {
  var canvas = document.getElementById('demand-chart');
  if (!canvas || !window.Chart) { return; }
  window.portalCharts.localise(window.Chart);
  var table = document.getElementById(canvas.getAttribute('data-table'));
  var labels = [], capacity = [], demand = [];
  table.querySelectorAll('tbody tr').forEach(function (row) {
    // Two lines (quarter, resource): one long line per bar overlapped its neighbours.
    labels.push([row.cells[0].textContent.trim(), row.cells[1].textContent.trim()]);
    // The cells show the reader's format (12.000); the plain figure is in data-value.
    capacity.push(Number(row.cells[2].getAttribute('data-value')) || 0);
    demand.push(Number(row.cells[5].getAttribute('data-value')) || 0);
  });
  var head = table.querySelectorAll('thead th');
  new window.Chart(canvas, {
    type: 'bar',
    data: { labels: labels, datasets: [
      { label: head[2].textContent, data: capacity, backgroundColor: '#8a8a8a' },
      { label: head[5].textContent, data: demand, backgroundColor: '#0066cc' }
    ] },
    options: {
      // Drawn at once: a screenshot (or a reader) never sees bars part-way up, below the
      // figures of the table; the box's height (.portal-chart) holds on a phone.
      animation: false,
      maintainAspectRatio: false,
      scales: {
        // Every tick in the page's format: Intl alone writes '5000' but '10.000' in Italian.
        y: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return window.portalCharts.number(v); } } }
      }
    }
  });
})();
