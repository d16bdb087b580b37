/* Downloads on the control screen, with progress: a PDF takes a few seconds to make.
 *
 * Without this script the export form is a plain GET form and the browser downloads the file
 * itself (showing only its own spinner). With it, each button fetches its file, says
 * "Preparing PDF…" meanwhile, keeps the other buttons from starting a second export, then
 * saves the file under the server's name or shows the server's message. The web page to print
 * opens in a new tab as before. Plain ES5 like live.js.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-export]");
  if (!form || !window.fetch || !window.URL || !URL.createObjectURL) { return; }
  var status = form.querySelector("[data-export-status]");
  var buttons = form.querySelectorAll("button[name=format]");

  function say(text) { status.textContent = text; }
  function busy(on) {
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = on; });
    form.setAttribute("aria-busy", on ? "true" : "false");
  }
  function fileName(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.value === "html") { return; }
    event.preventDefault();
    var format = button.value;
    var lang = form.querySelector("select[name=lang]").value;
    var url = form.getAttribute("data-url").replace("FORMAT", format) + "?lang=" + encodeURIComponent(lang);
    var names = form.querySelector("input[name=names]");
    if (names && names.checked) { url += "&names=1"; }
    var label = button.textContent;
    busy(true);
    say(form.getAttribute("data-preparing").replace("{format}", label));
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) { throw new Error(text || form.getAttribute("data-failed")); });
      }
      return response.blob().then(function (blob) {
        var name = fileName(response, "tavola." + format);
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = name;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
        say(form.getAttribute("data-ready").replace("{file}", name));
      });
    }).catch(function (err) {
      say(err && err.message ? err.message : form.getAttribute("data-failed"));
    }).then(function () { busy(false); });
  });
})();
