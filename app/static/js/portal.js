// Portal behaviour without inline scripts (the CSP forbids them).
(function () {
  var fonts = document.body.getAttribute('data-fonts');
  if (window.bootstrap && window.bootstrap.loadFonts && fonts) {
    window.bootstrap.loadFonts(fonts);
  }
  // Wide data tables scroll inside their own box instead of pushing the page sideways on a
  // phone (WCAG 1.4.10 allows it for two-dimensional data); the box is keyboard-scrollable.
  document.querySelectorAll('main table').forEach(function (table) {
    if (table.closest('.table-responsive')) { return; }
    var box = document.createElement('div');
    box.className = 'table-responsive';
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'region');
    var caption = table.querySelector('caption');
    var label = caption ? caption.textContent.trim() : (table.getAttribute('aria-label') || '');
    box.setAttribute('aria-label', label || document.body.getAttribute('data-table-label') || 'Table');
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { ev.preventDefault(); }
    });
  });
})();
