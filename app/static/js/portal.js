// Portal behaviour without inline scripts (the CSP forbids them).

// Charts write numbers as the page's language does (<html lang>: it 100.000 €, en €100,000),
// not as the browser's; the chart scripts call localise() before drawing.
window.portalCharts = (function () {
  var locale = document.documentElement.lang || 'it';
  // 'always': Italian groups 4-digit figures too (5.000 €), as the pages (Babel) do.
  var whole = { minimumFractionDigits: 0, maximumFractionDigits: 0, useGrouping: 'always' };
  return {
    locale: locale,
    number: function (value, digits) {
      var opts = { useGrouping: 'always' };
      if (digits !== undefined) { opts.minimumFractionDigits = digits; opts.maximumFractionDigits = digits; }
      return new Intl.NumberFormat(locale, opts).format(value);
    },
    euro: function (value) {
      return new Intl.NumberFormat(locale, Object.assign({ style: 'currency', currency: 'EUR' }, whole)).format(value);
    },
    localise: function (Chart) { Chart.defaults.locale = locale; }
  };
})();

(function () {
  var fonts = document.body.getAttribute('data-fonts');
  if (window.bootstrap && window.bootstrap.loadFonts && fonts) {
    window.bootstrap.loadFonts(fonts);
  }
  // Wide data tables scroll inside their own box instead of pushing the page sideways on a
  // phone (WCAG 1.4.10 allows it for two-dimensional data); the box is keyboard-scrollable.
  document.querySelectorAll('main table').forEach(function (table) {
    var box = table.closest('.table-responsive');
    // A box written in the template is made keyboard-scrollable and named the same way.
    if (box && box.hasAttribute('tabindex')) { return; }
    if (!box) {
      box = document.createElement('div');
      box.className = 'table-responsive';
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'region');
    var caption = table.querySelector('caption');
    var label = caption ? caption.textContent.trim() : (table.getAttribute('aria-label') || '');
    box.setAttribute('aria-label', label || document.body.getAttribute('data-table-label') || 'Table');
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { ev.preventDefault(); }
    });
  });
})();

// A form that failed says so at the top (WCAG 3.3.1): focus its error summary so a screen
// reader reads it and the keyboard starts there; each entry links to its field.
(function () {
  var summary = document.querySelector('[data-error-summary]');
  if (summary) { summary.focus(); }
  document.querySelectorAll('[data-error-summary] a[href^="#"]').forEach(function (link) {
    link.addEventListener('click', function (ev) {
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (target) { ev.preventDefault(); target.focus(); target.scrollIntoView({ block: 'center' }); }
    });
  });
})();
