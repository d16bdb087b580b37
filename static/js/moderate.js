/* Tavola moderation controls on the control screen (plugs into window.Tavola from live.js).
 *
 * Every control is a plain form that live.js sends over the socket (or posts without it); this
 * script only keeps the controls in step with live data: which buttons apply to a card's state,
 * its current text and table, the "merge into" choices, and the log of moderation steps with
 * its Undo buttons. Plain ES5, no build step.
 */
(function () {
  "use strict";
  var T = window.Tavola;
  if (!T || T.view !== "control") { return; }
  var labels = JSON.parse((document.getElementById("moderation-labels") || {}).textContent || "{}");

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function onWall(p) { return !p.hidden && !p.merged_into && p.approved !== false; }

  /* In which state each control applies (the same rules as the server render). */
  var WHEN = {
    pending: function (p) { return !p.merged_into && p.approved === false; },
    unhidden: function (p) { return !p.hidden && !p.merged_into; },
    hidden: function (p) { return !!p.hidden && !p.merged_into; },
    nofocus: function (p) { return !p.focus && onWall(p); },
    focus: function (p) { return !!p.focus && !p.merged_into; },
    unmerged: function (p) { return !p.merged_into; }
  };

  function applyControls(card, p) {
    $all("[data-mod-id]", card).forEach(function (input) { input.value = p.id; });
    // A card cloned from the template still has the placeholder's ids (edit-0 …): its labels
    // must name its own fields.
    $all('[id$="-0"]', card).forEach(function (el) { el.id = el.id.replace(/-0$/, "-" + p.id); });
    $all('label[for$="-0"]', card).forEach(function (el) {
      el.setAttribute("for", el.getAttribute("for").replace(/-0$/, "-" + p.id));
    });
    $all("[data-when]", card).forEach(function (el) {
      var rule = WHEN[el.getAttribute("data-when")];
      if (rule) { el.hidden = !rule(p); }
    });
    var text = $("[data-mod-text]", card);
    if (text && text !== document.activeElement && typeof p.text === "string") { text.value = p.text; }
    var original = $("[data-mod-original]", card);
    if (original) {
      original.textContent = p.original_text || "";
      original.parentNode.hidden = !p.original_text;
    }
    var themes = $("[data-mod-themes]", card);
    if (themes && p.theme_id != null) { themes.value = String(p.theme_id); }
  }

  /* "Merge into" lists every card on the wall but the card itself. */
  function refreshTargets() {
    var cards = Object.keys(T.state.problems).map(function (id) { return T.state.problems[id]; })
      .filter(onWall).sort(function (a, b) { return a.id - b.id; });
    $all("[data-mod-targets]").forEach(function (select) {
      var own = parseInt((select.form.querySelector("[data-mod-id]") || {}).value, 10);
      var chosen = select.value;
      select.innerHTML = "";
      cards.forEach(function (c) {
        if (c.id === own) { return; }
        var option = document.createElement("option");
        option.value = c.id;
        option.label = c.text.length > 60 ? c.text.slice(0, 59) + "…" : c.text;
        select.appendChild(option);
      });
      if (chosen) { select.value = chosen; }
    });
  }

  function csrf() { var el = $('input[name="csrf_token"]'); return el ? el.value : ""; }

  /* The stage a step moved the room to, or the format an export took out (see _moderation.html). */
  function logDetail(e) {
    var d = e.details || {};
    if (e.action === "stage") { return " " + ((labels.stages || {})[d.to] || d.to); }
    if (e.action === "export" && d.format) { return " (" + String(d.format).toUpperCase() + ")"; }
    return "";
  }

  function renderLog(entries) {
    var list = $("[data-moderation-log]");
    var toggle = $('form[data-intent="premoderation"]');
    if (!list || !toggle) { return; }
    var undoUrl = toggle.getAttribute("action").replace(/premoderation$/, "undo");
    list.innerHTML = "";
    entries.forEach(function (e) {
      var li = document.createElement("li");
      li.setAttribute("data-log-id", e.id);
      if (e.undone) { li.className = "undone"; }
      var time = document.createElement("time");
      time.setAttribute("datetime", e.at);
      var at = new Date(e.at);
      time.textContent = isNaN(at) ? e.at : (("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2));
      li.appendChild(time);
      var card = e.problem_id && T.state.problems[e.problem_id];
      var words = " · " + ((labels.roles || {})[e.role] || e.role) + " " + ((labels.actions || {})[e.action] || e.action) +
        logDetail(e) + (card ? " “" + card.text + "”" : "") + (e.undone ? " (" + labels.undone + ")" : "") + " ";
      li.appendChild(document.createTextNode(words));
      if (e.undoable) {
        var form = document.createElement("form");
        form.method = "post";
        form.action = undoUrl;
        form.className = "inline";
        form.setAttribute("data-intent", "undo");
        form.innerHTML = '<input type="hidden" name="csrf_token"><input type="hidden" name="action_id">' +
          '<button type="submit" class="secondary"></button>';
        form.elements.csrf_token.value = csrf();
        form.elements.action_id.value = e.id;
        $("button", form).textContent = labels.undo;
        li.appendChild(form);
      }
      list.appendChild(li);
    });
  }

  T.onData(function (data) {
    (data.problems || []).forEach(function (p) {
      var card = $('[data-problem-id="' + p.id + '"]');
      if (card && !p.gone) { applyControls(card, p); }
    });
    (data.prototypes || []).forEach(function (p) {
      var card = $('[data-prototype-id="' + p.id + '"]');
      if (card && !p.gone) { applyControls(card, { id: p.id, hidden: p.hidden, merged_into: null, focus: true }); }
    });
    if (data.problems) { refreshTargets(); }
    if (data.moderation) { renderLog(data.moderation); }
  });

  /* The switch changes what the panel says: let the server render it anew. */
  T.onAck("premoderation", function () { window.location.reload(); });
  T.onAck("edit", function (form) {
    var details = form.closest("details");
    if (details) { details.open = false; }
  });
})();
