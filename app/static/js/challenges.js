// Challenge statistics: draw a bar chart from the data table beside it (no inline script).
(function () {
  var canvas = document.getElementById('responses-chart');
  if (!canvas || !window.Chart) { return; }
  var table = document.getElementById(canvas.getAttribute('data-table'));
  if (!table) { return; }
  window.portalCharts.localise(window.Chart);
  var labels = [], values = [];
  table.querySelectorAll('tbody tr').forEach(function (row) {
    labels.push(row.cells[0].textContent.trim());
    values.push(parseInt(row.cells[1].textContent, 10) || 0);
  });
  new window.Chart(canvas, {
    type: 'bar',
    data: { labels: labels, datasets: [{ label: table.caption ? table.caption.textContent : '', data: values, backgroundColor: '#0066cc' }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
