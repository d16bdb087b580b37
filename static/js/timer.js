/* Tavola stage countdown: projector (big), control screen (panel) and phones (header).
 *
 * The server keeps the end time and sends only the time *remaining* (workshop.timer.remaining_ms
 * in every snapshot and delta, measured as the message leaves). This script counts down from
 * there on the page's own monotonic clock (performance.now), never the device's date and time,
 * so a phone whose clock is an hour off shows what the projector shows. Every delta re-syncs it.
 *
 * At zero it shows "Time is up"; when the trainer chose to lock input at zero, a phone's posting
 * and voting forms are disabled with a message (the server refuses them anyway: this only saves
 * a useless tap). Screen readers hear the minutes as they pass and the end, not every second.
 * Plain ES5 on purpose (old Android phones); it plugs into window.Tavola from live.js when that
 * runs, and still counts down from the rendered time when it does not.
 */
(function () {
  "use strict";
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  var boxes = $all("[data-timer]");
  if (!boxes.length) { return; }
  var labels = {};
  try { labels = JSON.parse(($("#timer-labels") || {}).textContent || "{}"); } catch (e) { labels = {}; }
  var perf = window.performance;
  // Intervals only: a page's monotonic clock does not jump when the device's clock is wrong or
  // corrected. (Very old browsers without it fall back to differences of Date, also relative.)
  function now() { return perf && perf.now ? perf.now() : new Date().getTime(); }

  var locksInput = boxes.some(function (box) { return box.hasAttribute("data-locks-input"); });
  var endsAt = null;     // now() at which the countdown reaches zero; null: no countdown
  var locks = false;     // input locks at zero (the trainer's setting)
  var lastSecs = null;   // seconds shown last, to announce minutes as they pass
  var locked = false;    // this phone's forms are closed right now
  var tick = null;
  /* Forms the server refuses after a locking zero; answers to decision makers and the closing
     feedback stay open. */
  var OPEN = { feedback: true, respond: true };

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function format(secs) {
    var h = Math.floor(secs / 3600), m = Math.floor(secs / 60) % 60, s = secs % 60;
    return h ? h + ":" + two(m) + ":" + two(s) : Math.floor(secs / 60) + ":" + two(s);
  }
  function minutesText(minutes) {
    return minutes === 1 ? labels.minute_left : String(labels.minutes_left || "").replace("{n}", minutes);
  }
  function announce(text) {
    $all("[data-timer-announce]").forEach(function (el) { el.textContent = text || ""; });
  }

  function lockable(form) {
    var intent = form.getAttribute && form.getAttribute("data-intent");
    return !!intent && !OPEN[intent];
  }

  function setLocked(on) {
    if (!locksInput) { return; }
    locked = on;
    $all("[data-timer-locked]").forEach(function (el) { el.hidden = !on; });
    $all("form[data-intent]").forEach(function (form) {
      if (!lockable(form)) { return; }
      $all("button, textarea, select, input", form).forEach(function (el) {
        if (el.type === "hidden") { return; }
        if (on && !el.disabled) {
          el.disabled = true;
          el.setAttribute("data-timer-disabled", "");
        } else if (!on && el.hasAttribute("data-timer-disabled")) {
          el.disabled = false;
          el.removeAttribute("data-timer-disabled");
        }
      });
    });
  }

  function render() {
    if (tick) { clearTimeout(tick); tick = null; }
    var running = endsAt !== null;
    boxes.forEach(function (box) { box.hidden = !running; });
    $all("[data-timer-none]").forEach(function (el) { el.hidden = running; });
    $all("[data-timer-running-only]").forEach(function (el) { el.hidden = !running; });
    if (!running) {
      lastSecs = null;
      setLocked(false);
      return;
    }
    var ms = Math.max(0, endsAt - now());
    var secs = Math.ceil(ms / 1000);
    boxes.forEach(function (box) {
      var clock = $("[data-timer-clock]", box);
      var up = $("[data-timer-up]", box);
      if (clock) { clock.textContent = format(secs); clock.hidden = secs === 0; }
      if (up) { up.hidden = secs > 0; }
      box.className = box.className.replace(/\s*\bup\b/g, "") + (secs === 0 ? " up" : "");
    });
    if (lastSecs !== null && secs < lastSecs) {
      if (secs === 0) { announce(labels.time_up); }
      else if (Math.ceil(secs / 60) < Math.ceil(lastSecs / 60)) { announce(minutesText(Math.ceil(secs / 60))); }
    }
    lastSecs = secs;
    setLocked(secs === 0 && locks);
    // Wake just after the shown second changes (ms % 1000 is the time to that boundary).
    if (secs > 0) { tick = setTimeout(render, (ms % 1000 || 1000) + 15); }
  }

  /* timer: {remaining_ms, locks, seconds} as the server sent it, or null. */
  function set(timer, live) {
    var wasCounting = endsAt !== null && lastSecs !== 0;
    if (!timer) {
      endsAt = null;
    } else {
      endsAt = now() + (timer.remaining_ms || 0);
      locks = !!timer.locks;
      if (live && !wasCounting && timer.remaining_ms > 0) {
        announce(minutesText(Math.ceil(timer.remaining_ms / 60000)));
      }
    }
    render();
  }

  // What the page was rendered with, until the live connection says more.
  var first = boxes[0];
  var rendered = first.getAttribute("data-timer-ms");
  set(rendered === "" || rendered === null ? null : {
    remaining_ms: parseInt(rendered, 10),
    locks: first.getAttribute("data-locks") === "true"
  }, false);

  // A locked phone does not send what the server would refuse; it says why instead.
  window.addEventListener("submit", function (event) {
    if (!locked || !lockable(event.target)) { return; }
    event.preventDefault();
    event.stopPropagation();
    setLocked(true);
  }, true);

  var T = window.Tavola;
  if (!T) { return; }
  T.onData(function (data) {
    // Snapshots and deltas always carry the header's timer (null when none runs). Re-applying
    // also closes forms a live update has just added or re-enabled.
    if (data.workshop && "timer" in data.workshop) { set(data.workshop.timer, true); }
  });
  ["start_timer", "add_time", "stop_timer"].forEach(function (intent) {
    T.onAck(intent, function (form, ack) { set(ack.timer, true); });
  });
  var lockBox = $("[data-timer-lock]");
  T.onAck("timer_lock", function (form, ack) {
    locks = !!ack.locks;
    if (lockBox) { lockBox.checked = locks; }
    var status = $("[data-status]", form);
    if (status) { status.textContent = locks ? labels.lock_on : labels.lock_off; }
    render();
  });
  if (lockBox) {
    // Live, the checkbox acts at once; the Save button is for pages without the script.
    var save = $("[data-timer-lock-save]");
    if (save) { save.hidden = true; }
    lockBox.addEventListener("change", function () {
      var form = lockBox.form;
      if (form.requestSubmit) { form.requestSubmit(); } else if (save) { save.click(); }
    });
  }
})();
