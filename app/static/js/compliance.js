// Regulatory helpdesk: show only the questions that apply to the earlier answers (the server
// ignores answers to the others), and draw the service-figures chart from its table.
(function () {
  var form = document.getElementById('assess-form');
  if (form) {
    var holds = function (cond, answers) {
      if (!cond) { return true; }
      if (cond.all) { return cond.all.every(function (c) { return holds(c, answers); }); }
      if (cond.any) { return cond.any.some(function (c) { return holds(c, answers); }); }
      return cond['in'].indexOf(answers[cond.q]) !== -1;
    };
    var refresh = function () {
      var answers = {};
      form.querySelectorAll('[data-question]').forEach(function (box) {
        var cond = box.getAttribute('data-ask-if');
        var shown = holds(cond ? JSON.parse(cond) : null, answers);
        box.hidden = !shown;
        box.querySelectorAll('input').forEach(function (i) { i.disabled = !shown; });
        var note = box.querySelector('.conditional-note');
        if (note) { note.hidden = true; }
        if (shown) {
          var checked = box.querySelector('input:checked');
          if (checked) { answers[box.getAttribute('data-question')] = checked.value; }
        }
      });
    };
    form.addEventListener('change', refresh);
    refresh();
  }
  var canvas = document.getElementById('figures-chart');
  if (canvas && window.Chart) {
    window.portalCharts.localise(window.Chart);
    var table = document.getElementById(canvas.getAttribute('data-table'));
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
  }
})();
