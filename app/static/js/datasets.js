// Access-request stepper: live DUO pre-check when the purpose or organisation changes.
(function () {
  "use strict";
  var box = document.getElementById("duo-live");
  var form = document.getElementById("request-step-form");
  if (!box || !form) { return; }
  var purpose = form.querySelector("select[name=purpose]");
  var org = form.querySelector("select[name=org_id]");
  if (!purpose) { return; }
  function render(result) {
    var cls = { compatible: "success", review: "warning", incompatible: "danger" }[result.status];
    var div = document.createElement("div");
    div.className = "alert alert-" + cls;
    div.id = "duo-check";
    div.setAttribute("role", "status");
    div.dataset.status = result.status;
    var strong = document.createElement("strong");
    strong.textContent = result.headline;
    div.appendChild(strong);
    var ul = document.createElement("ul");
    ul.className = "mb-0";
    result.reasons.forEach(function (r) {
      var li = document.createElement("li");
      li.textContent = (r.code !== "-" ? r.code + ": " : "") + r.message;
      ul.appendChild(li);
    });
    div.appendChild(ul);
    box.replaceChildren(div);
  }
  function check() {
    var url = box.dataset.url + "?purpose=" + encodeURIComponent(purpose.value);
    if (org && org.value) { url += "&org_id=" + encodeURIComponent(org.value); }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* the server-side check on the next page still applies */ });
  }
  purpose.addEventListener("change", check);
  if (org) { org.addEventListener("change", check); }
  check();
})();
