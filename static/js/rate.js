/* Rating round: a tap on a face sends the score at once; progress follows live.
 *
 * Plugs into window.Tavola (static/js/live.js). Without this script, or while the socket is
 * down, each item's "Save" button posts the form as a plain page load. Loaded with `defer`, so
 * it runs after live.js. Plain ES5 for old Android phones.
 */
(function () {
  "use strict";
  var T = window.Tavola;
  if (!T) { return; }
  var body = document.body;

  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function setAll(sel, value) { $all(sel).forEach(function (el) { el.textContent = value; }); }

  /* Save buttons are only needed when a tap cannot be sent live. */
  function showSaveButtons(show) {
    if (show) { body.classList.remove("rate-live"); } else { body.classList.add("rate-live"); }
  }

  function itemComplete(li) {
    var forms = $all('form[data-intent="rate"]', li);
    return forms.length > 0 && forms.every(function (f) { return !!f.querySelector('input[name="score"]:checked'); });
  }

  function refreshProgress() {
    var done = 0;
    $all("[data-item-id]").forEach(function (li) {
      var complete = itemComplete(li);
      var tag = li.querySelector("[data-rated-tag]");
      if (tag) { tag.hidden = !complete; }
      if (complete) { done += 1; }
    });
    setAll("[data-rated]", done);
  }

  /* The phone's own scores from a snapshot ("item:criterion" → score), e.g. after a reconnect.
     A question tapped on this page keeps the tap: a snapshot that left before it (the first one
     after a reload arrives late on a slow network) must not undo it. */
  function applyMine(ratings) {
    $all('form[data-intent="rate"]').forEach(function (form) {
      if (form.getAttribute("data-tapped")) { return; }
      var key = form.querySelector('[name="item_id"]').value + ":" + form.querySelector('[name="criterion_id"]').value;
      var score = ratings[key];
      $all('input[name="score"]', form).forEach(function (input) {
        input.checked = score != null && String(score) === input.value;
      });
    });
    refreshProgress();
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input && input.form;
    if (!form || input.name !== "score" || form.getAttribute("data-intent") !== "rate") { return; }
    form.setAttribute("data-tapped", "1");
    refreshProgress();
    if (!T.connected()) {
      // Sent as soon as the connection is (back) up; meanwhile "Save" posts it the plain way.
      form.setAttribute("data-unsent", "1");
      showSaveButtons(true);
      return;
    }
    send(form);
  });

  function send(form) {
    form.removeAttribute("data-unsent");
    // live.js sends any form[data-intent] on submit; a synthetic event does not post the page.
    var submit = document.createEvent("Event");
    submit.initEvent("submit", true, true);
    form.dispatchEvent(submit);
  }

  T.onAck("rate", function (form, ack) {
    setAll("[data-rated]", ack.rated);
    setAll("[data-items]", ack.items);
    refreshProgress();
  });

  T.onData(function (data) {
    showSaveButtons(!T.connected());
    if (T.connected()) { $all('form[data-unsent]').forEach(send); }
    if (data.me && data.me.ratings) { applyMine(data.me.ratings); }
    var p = data.rating_progress;
    if (p) {
      setAll('[data-bind="raters"]', p.raters);
      setAll('[data-bind="complete"]', p.complete);
      setAll('[data-bind="ratings"]', p.ratings);
    }
  });

  if (T.connected()) { showSaveButtons(false); }
})();
