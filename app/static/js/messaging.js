// Conversations: opening a thread marks it read with a POST (a GET never writes).
(function () {
  var form = document.querySelector('form[data-mark-read]');
  if (!form || !window.fetch) { return; }
  fetch(form.action, {
    method: 'POST',
    body: new FormData(form),
    headers: { 'X-Requested-With': 'fetch' },
    credentials: 'same-origin'
  }).then(function (resp) {
    var badge = document.getElementById('messages-unread');
    if (resp.ok && badge && form.getAttribute('data-was-unread') === '1') {
      var n = Math.max(0, parseInt(badge.textContent, 10) - 1);
      badge.textContent = String(n);
    }
  });
})();
