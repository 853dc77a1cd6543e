// Portal behaviour without inline scripts (the CSP forbids them).
(function () {
  var fonts = document.body.getAttribute('data-fonts');
  if (window.bootstrap && window.bootstrap.loadFonts && fonts) {
    window.bootstrap.loadFonts(fonts);
  }
  document.querySelectorAll('[data-autosubmit]').forEach(function (el) {
    el.addEventListener('change', function () { el.form.submit(); });
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { ev.preventDefault(); }
    });
  });
})();
