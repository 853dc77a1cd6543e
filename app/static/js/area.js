// Personal area: remember the proposals shown, so that the next visit shows only new ones.
(function () {
  if (!window.fetch) { return; }
  document.querySelectorAll('form[data-area-seen]').forEach(function (form) {
    fetch(form.action, {
      method: 'POST', body: new FormData(form), credentials: 'same-origin',
      headers: { 'X-Requested-With': 'fetch' }
    });
  });
})();
