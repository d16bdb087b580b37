/* Tavola live page script: phones, projector and control screen.
 *
 * The page is rendered by the server and works without this script (plain forms, reloads).
 * With it, the page connects over Socket.IO, takes a snapshot, then follows coalesced deltas:
 * each carries a sequence number; a gap means "ask for a snapshot". Phones are sent only the
 * deltas that change what they show, numbered in a series of their own (pseq). Cards that arrive live are
 * cloned from <template> elements rendered by the same Jinja macros as the page, so there is
 * one markup. A new stage (or revealing votes) reloads the page, which the server renders anew.
 * Every intent carries an idempotency key. A phone whose connection dropped keeps what it sends
 * in an outbox (localStorage) and sends it again, in order, with the same key until the server
 * answers; the server answers a repeated key with its first ack, so nothing counts twice.
 * Plain ES5 on purpose: it must run on old Android phones without a build step.
 */
(function () {
  "use strict";
  var body = document.body;
  var code = body.getAttribute("data-code");
  var view = body.getAttribute("data-view");
  if (!code || !view || typeof io === "undefined") { return; }
  var labels = JSON.parse((document.getElementById("labels") || {}).textContent || "{}");
  var state = { seq: -1, ready: false, problems: {}, me: null, remaining: null };
  // The series this screen follows: phones skip deltas they show nothing of.
  var seqKey = view === "phone" ? "pseq" : "seq";

  var socket = io({ auth: { code: code, view: view }, reconnectionDelayMax: 10000 });

  /* ---- the seam other screen scripts (timer, moderation …) plug into ---- */
  var dataHooks = [];
  var ackHooks = {};
  window.Tavola = {
    code: code,
    view: view,
    labels: labels,
    state: state,
    /* fn(data) runs after every snapshot and delta has been applied. */
    onData: function (fn) { dataHooks.push(fn); },
    /* fn(form, ack) runs when a form[data-intent=intent] was acknowledged with ok. */
    onAck: function (intent, fn) { ackHooks[intent] = fn; },
    /* Send an intent; cb(ack) gets {ok:false, message} on timeout too. */
    send: function (intent, payload, cb) {
      socket.timeout(8000).emit(intent, payload || {}, function (err, ack) {
        if (cb) { cb(err ? { ok: false, error: "timeout", message: labels.error } : ack); }
      });
    },
    connected: function () { return socket.connected; }
  };

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function setText(root, field, value) {
    var el = $('[data-field="' + field + '"]', root);
    if (el) { el.textContent = value == null ? "" : String(value); }
  }

  function setLiveState(name) {
    $all("[data-live-state]").forEach(function (el) {
      el.setAttribute("data-state", name);
      el.textContent = labels[name] || name;
    });
  }

  /* ---- applying server data ---- */

  function applyHeader(w) {
    if (!w) { return; }
    var revealed = w.revealed ? "true" : "false";
    // A new stage, a reveal, another table on the projector or another listening round
    // changes what the page is about: the server renders it anew.
    if (w.stage !== body.getAttribute("data-stage") || revealed !== body.getAttribute("data-revealed") ||
        String(w.projector_theme_id || "") !== (body.getAttribute("data-projector") || "") ||
        String(w.round_id || "") !== (body.getAttribute("data-round") || "")) {
      window.location.reload();
      return true;
    }
    $all('[data-bind="participants"]').forEach(function (el) { el.textContent = w.participants; });
    $all('[data-bind="dots_cast"]').forEach(function (el) { el.textContent = w.dots_cast; });
    return false;
  }

  function clone(id) {
    var tpl = document.getElementById(id);
    if (!tpl) { return null; }
    var copy = (tpl.content || tpl).firstElementChild.cloneNode(true);
    // Each copy's forms post with a key of their own (the template's is shared by every copy).
    $all('input[name="idempotency_key"]', copy).forEach(function (el) { el.value = newKey(); });
    return copy;
  }

  /* Put a card into its column in id order (a card shown again goes back to its place). */
  function placeCard(list, card, id) {
    var next = null;
    for (var i = 0; i < list.children.length && !next; i++) {
      var el = list.children[i];
      var other = parseInt(el.getAttribute("data-problem-id") || el.getAttribute("data-prototype-id"), 10);
      if (el !== card && other > id) { next = el; }
    }
    list.insertBefore(card, next);
  }

  /* A card that left the room's wall (hidden, merged, waiting) arrives as {id, gone}. */
  function removeCard(kind, id) {
    var card = $('[data-' + kind + '-id="' + id + '"]');
    if (card && card.parentNode && card.tagName === "LI") { card.parentNode.removeChild(card); }
  }

  /* Moderators get such cards with their state: greyed, with a label. */
  function applyModState(card, modState) {
    ["hidden", "pending", "merged"].forEach(function (name) {
      card.classList.toggle("is-" + name, modState === name);
    });
    var label = $('[data-field="mod_state"]', card);
    if (label) {
      label.hidden = !modState;
      label.textContent = modState ? ((labels.mod_states || {})[modState] || modState) : "";
    }
  }

  function upsertProblem(p) {
    if (p.gone) { delete state.problems[p.id]; removeCard("problem", p.id); return; }
    state.problems[p.id] = p;
    var card = $('[data-problem-id="' + p.id + '"]');
    var home = $('[data-problems-of="' + p.theme_id + '"]');
    if (card && home && card.parentNode !== home) { placeCard(home, card, p.id); } // moved table
    if (!card) {
      var list = home;
      card = list && clone("tpl-problem");
      if (!card) { return; }
      card.setAttribute("data-problem-id", p.id);
      card.id = "problem-" + p.id;
      card.className += " new";
      $all('[data-field="problem_id"]', card).forEach(function (idField) { idField.value = p.id; });
      placeCard(list, card, p.id);
    }
    if ("hidden" in p) {
      applyModState(card, p.merged_into ? "merged" : (p.hidden ? "hidden" : (p.approved === false ? "pending" : "")));
    }
    applyCardText(card, p);
    setText(card, "supports", p.supports);
    var focus = $('[data-field="focus"]', card);
    if (focus) { focus.hidden = !p.focus; }
    var role = $('[data-field="role"]', card);
    if (role) { role.setAttribute("data-role", p.role); role.textContent = (labels.roles || {})[p.role] || p.role; }
    var origin = $('[data-field="origin"]', card);
    if (origin && p.origin) {
      origin.setAttribute("data-origin", p.origin);
      origin.textContent = (labels.origins || {})[p.origin] || "";
      origin.hidden = p.origin === "phone";
    }
    applyMine(card, p.id);
  }

  /* The card in this reader's language when a translation exists (original one tap away), or
     on a side-by-side projector the original with the translation beside it. */
  var reader = (document.documentElement.getAttribute("lang") || "en").split("-")[0].toLowerCase();
  var sideBySide = body.hasAttribute("data-side-by-side");
  function translationOf(p) { return (p.language !== reader && p.translations && p.translations[reader]) || null; }
  function languageName(tag) { return (labels.language_names || {})[tag] || tag || ""; }

  /* Around a card's or prototype's text: the machine-translation tag, the original one tap away
     (``source``: the element holding the original), and, for the team, the languages it has. */
  function applyTranslationNotes(card, p, tr, shown, source) {
    var machine = $('[data-field="machine"]', card);
    if (machine) { machine.hidden = !(tr && tr.machine); }
    var original = $('[data-field="original"]', card);
    if (original) {
      original.hidden = !shown;
      setText(original, "source_language", languageName(p.language));
      var holder = $('[data-field="' + source + '"]', original);
      if (holder) { holder.setAttribute("lang", p.language || ""); }
    }
    var into = $('[data-field="translated_into"]', card);
    if (into) {
      var langs = Object.keys(p.translations || {}).sort();
      into.hidden = !langs.length;
      setText(into, "translated_list", langs.map(languageName).join(", "));
    }
  }

  function applyCardText(card, p) {
    var tr = translationOf(p);
    var shown = sideBySide ? null : tr;
    var text = $('[data-field="text"]', card);
    if (text) {
      text.textContent = shown ? shown.text : p.text;
      text.setAttribute("lang", shown ? reader : (p.language || ""));
    }
    var beside = $('[data-field="translation"]', card);
    if (beside) { beside.textContent = tr ? tr.text : ""; beside.hidden = !tr; }
    setText(card, "source_text", p.text);
    applyTranslationNotes(card, p, tr, shown, "source_text");
  }

  /* A prototype's title and canvas in this reader's language when translated (as for cards). */
  var CANVAS = ["what_changes", "who_benefits", "who_acts", "first_step"];
  function canvasText(source) {
    return CANVAS.filter(function (f) { return source[f]; }).map(function (f) { return source[f]; }).join(" · ");
  }
  function applyPrototypeText(card, p) {
    var tr = translationOf(p);
    var shown = sideBySide ? null : tr;
    ["title"].concat(CANVAS).forEach(function (f) {
      setText(card, f, shown && shown[f] ? shown[f] : p[f]);
      var row = $('[data-row="' + f + '"]', card);
      if (row) { row.hidden = !p[f]; }
    });
    var lang = shown ? reader : (p.language || "");
    ["title", "canvas"].forEach(function (f) {
      var el = $('[data-field="' + f + '"]', card);
      if (el) { el.setAttribute("lang", lang); }
    });
    var beside = $('[data-field="proto_translation"]', card);
    if (beside) {
      beside.hidden = !tr;
      setText(beside, "tr_title", tr ? tr.title : "");
      setText(beside, "tr_body", tr ? canvasText(tr) : "");
    }
    setText(card, "source_title", p.title);
    setText(card, "source_body", canvasText(p));
    applyTranslationNotes(card, p, tr, shown, "source");
  }

  function applyMine(card, id) {
    if (!state.me) { return; }
    var mine = state.me.mine.indexOf(id) >= 0;
    var pressed = state.me.supported.indexOf(id) >= 0;
    var form = $('form[data-intent="support"]', card);
    var own = $(".own-card", card);
    if (own) { own.hidden = !mine; }
    if (form) {
      form.hidden = mine;
      $("button", form).setAttribute("aria-pressed", pressed ? "true" : "false");
      $('[data-field="supported"]', form).value = pressed ? "" : "y";
    }
  }

  /* The photo form's list follows the table's prototypes: one made after the page loaded can
     have its photo taken too, one withdrawn or hidden leaves the list. */
  function photoChoice(p) {
    var select = $("[data-photo-theme]");
    if (!select) { return; }
    var option = $('option[value="' + p.id + '"]', select);
    var listed = !p.gone && !p.hidden && String(p.theme_id) === select.getAttribute("data-photo-theme");
    if (listed && !option) {
      option = document.createElement("option");
      option.value = p.id;
      option.setAttribute("dir", "auto");
      select.appendChild(option);
    }
    if (!listed && option) { select.removeChild(option); }
    if (listed && p.title) { option.textContent = p.title; }
    select.form.hidden = select.options.length === 0;
  }

  function upsertPrototype(p) {
    if (p.gone) { photoChoice(p); removeCard("prototype", p.id); return; }
    var card = $('[data-prototype-id="' + p.id + '"]');
    if (!card) {
      var list = $('[data-prototypes-of="' + p.theme_id + '"]');
      card = list && clone("tpl-prototype");
      if (!card) { return; }
      card.setAttribute("data-prototype-id", p.id);
      card.id = "prototype-" + p.id;
      card.className += " new";
      placeCard(list, card, p.id);
    }
    if ("hidden" in p) { applyModState(card, p.hidden ? "hidden" : ""); }
    photoChoice(p);
    applyPrototypeText(card, p);
    applyPhoto(card, p);
    applyResponse(card, p.response);
    var answers = $('[data-field="answers"]', card);
    if (answers) {
      answers.innerHTML = "";
      p.problem_ids.forEach(function (id) {
        if (!state.problems[id]) { return; }
        var q = state.problems[id];
        var qt = translationOf(q);
        var li = document.createElement("li");
        li.textContent = qt ? qt.text : q.text;
        li.setAttribute("lang", qt ? reader : (q.language || ""));
        li.setAttribute("dir", "auto");
        answers.appendChild(li);
      });
    }
  }

  function applyPhoto(card, p) {
    var figure = $('[data-field="photo"]', card);
    if (!figure || !("photo" in p)) { return; }
    figure.hidden = !p.photo;
    var img = $("img", figure);
    // A new photo has a new address; the same one is not loaded again.
    if (p.photo && img.getAttribute("src") !== p.photo) { img.setAttribute("src", p.photo); }
  }

  function applyResponse(card, r) {
    var box = $('[data-field="response"]', card);
    if (!box) { return; }
    box.hidden = !r;
    if (!r) { return; }
    var decision = $('[data-field="decision"]', box);
    decision.setAttribute("data-decision", r.decision);
    decision.textContent = (labels.decisions || {})[r.decision] || r.decision;
    setText(box, "reason", r.reason);
    setText(box, "owner", r.owner);
    setText(box, "due_on", r.due_on || "");
  }

  function applyTallies(tallies, kind) {
    Object.keys(tallies || {}).forEach(function (id) {
      var t = tallies[id];
      $all('[data-' + (kind || "prototype") + '-id="' + id + '"] [data-tally]').forEach(function (box) {
        ["total", "resident", "decision_maker", "other"].forEach(function (f) { setText(box, f, t[f]); });
        ["resident", "decision_maker", "other"].forEach(function (role) {
          var bar = $('[data-bar="' + role + '"]', box);
          if (bar) { bar.style.inlineSize = (t.total ? (100 * t[role] / t.total) : 0) + "%"; }
        });
      });
    });
  }

  function applyMyVotes(votes, remaining) {
    state.remaining = remaining;
    $all("[data-my-dots]").forEach(function (el) {
      var n = votes[el.getAttribute("data-my-dots")] || 0;
      el.textContent = n;
      var card = el.parentNode;
      var minus = $("[data-vote-minus]", card);
      if (minus) { minus.disabled = n === 0; }
    });
    // Each card's own dots, drawn as filled dots beside the number.
    $all("[data-my-dot-row]").forEach(function (row) {
      var n = votes[row.getAttribute("data-my-dot-row")] || 0;
      while (row.children.length < n) { var dot = document.createElement("span"); dot.className = "dot"; row.appendChild(dot); }
      while (row.children.length > n) { row.removeChild(row.lastChild); }
    });
    $all("[data-vote-plus]").forEach(function (b) { b.disabled = remaining <= 0; });
    $all("[data-remaining]").forEach(function (el) { el.textContent = remaining; });
    $all("[data-dots]").forEach(function (box) {
      $all(".dot", box).forEach(function (dot, i) { dot.className = "dot" + (i >= remaining ? " spent" : ""); });
    });
  }

  function applyParticipation(p) {
    Object.keys(p.by_table || {}).forEach(function (themeId) {
      Object.keys(p.by_table[themeId]).forEach(function (role) {
        var cell = $('[data-people="' + themeId + ":" + role + '"]');
        if (cell) { cell.textContent = p.by_table[themeId][role]; }
      });
    });
  }

  function apply(data) {
    if (applyHeader(data.workshop)) { return; }
    if (data.participation) { applyParticipation(data.participation); }
    if (data.me) { state.me = data.me; }
    (data.problems || []).forEach(upsertProblem);
    (data.prototypes || []).forEach(upsertPrototype);
    if (data.tallies) { applyTallies(data.tallies); }
    if (data.me) {
      if (data.me.problem_votes) { applyMyVotes(data.me.problem_votes, data.me.problem_remaining); }
      else { applyMyVotes(data.me.votes, data.me.remaining); }
    }
    if (data.problem_tallies) { applyTallies(data.problem_tallies, "problem"); }
    dataHooks.forEach(function (fn) { fn(data); });
  }

  function requestSnapshot() {
    socket.emit("snapshot", {}, function (ack) {
      if (!ack || !ack.ok) { return; }
      state.seq = ack.snapshot[seqKey];
      state.ready = true;
      apply(ack.snapshot);
    });
  }

  socket.on("connect", function () { everConnected = true; setLiveState("live"); requestSnapshot(); flushOutbox(); });
  socket.on("disconnect", function () {
    setLiveState("offline");
    state.ready = false;
    flushing = false; // an answer still due will not come on this connection: resend on the next
    flushAttempt++;
  });
  socket.on("connect_error", function (err) {
    setLiveState("offline");
    // The phone's identity is gone (cookie cleared, another browser): back to the join page.
    if (err && err.message === "not_joined") { window.location.href = "/j/" + code; }
  });
  // Who is connected (projector, control screen): whole state, outside the numbered deltas.
  socket.on("presence", function (p) { dataHooks.forEach(function (fn) { fn({ presence: p }); }); });
  // A team member's invite link was withdrawn: the page, reloaded, says so.
  socket.on("disconnect", function (reason) { if (reason === "io server disconnect") { window.location.reload(); } });
  socket.on("connect_error", function (err) { if (err && err.message === "revoked") { window.location.reload(); } });
  socket.on("delta", function (delta) {
    var seq = delta[seqKey];
    if (!state.ready || typeof seq !== "number" || seq <= state.seq) { return; }
    var gap = seq !== state.seq + 1;
    state.seq = seq;
    apply(delta);
    if (gap) { requestSnapshot(); }
  });
  setLiveState("connecting");

  /* ---- intents: forms sent over the socket, plain posts when it is down ---- */

  function payloadOf(form) {
    var data = {};
    $all("input, textarea, select", form).forEach(function (el) {
      if (!el.name || el.name === "csrf_token" || el.disabled) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      var value = el.value;
      if (el.type === "checkbox") {
        data[el.name] = (data[el.name] || []).concat([value]);
      } else {
        data[el.name] = value;
      }
    });
    return data;
  }

  function showError(form, message) {
    var box = $("[data-error]", form);
    // A form without its own error line uses the nearest one around it (a card's controls).
    for (var up = form.parentNode; !box && up && up !== document; up = up.parentNode) { box = $("[data-error]", up); }
    box = box || $("[data-error]");
    if (box) { box.textContent = message || ""; }
  }

  /* ``queued``: the ack of an intent sent from the outbox, whose form was emptied when it was
     queued (what is typed there now is something new: leave it). */
  var onAck = {
    post_problem: function (form, ack, queued) {
      if (!queued) { form.reset(); }
      updateCounters();
      if (state.me) { state.me.mine.push(ack.problem.id); }
      upsertProblem(ack.problem);
      var status = $("[data-status]", form);
      // Under pre-moderation the card waits for the facilitator before it reaches the wall.
      if (status) { status.textContent = ack.pending ? labels.pending : labels.posted; }
    },
    support: function (form, ack) {
      if (state.me) {
        var list = state.me.supported.filter(function (id) { return id !== ack.problem_id; });
        if (ack.supported) { list.push(ack.problem_id); }
        state.me.supported = list;
      }
      var card = form.closest("[data-problem-id]");
      setText(card, "supports", ack.supports);
      applyMine(card, ack.problem_id);
    },
    create_prototype: function (form, ack, queued) {
      if (!queued) { form.reset(); }
      upsertPrototype(ack.prototype);
      var status = $("[data-status]", form);
      if (status) { status.textContent = labels.saved; }
    },
    vote: function (form, ack) { showError(document, ""); applyMyVotes(ack.votes, ack.remaining); },
    problem_vote: function (form, ack) { showError(document, ""); applyMyVotes(ack.problem_votes, ack.remaining); },
    respond: function (form, ack) {
      upsertPrototype(ack.prototype);
      var status = $("[data-status]", form);
      if (status) { status.textContent = labels.answer_saved; }
    },
    feedback: function (form) {
      var status = $("[data-status]", form);
      if (status) { status.textContent = labels.thanks; }
    },
    translate: function (form, ack) {
      form.reset();
      upsertProblem(ack.problem);
      var box = form.closest("details");
      if (box) { box.open = false; }
    },
    set_stage: function () { window.location.reload(); },
    show_table: function () { window.location.reload(); },
    open_round: function () { window.location.reload(); },
    reveal: function () { window.location.reload(); }
  };
  /* A participant withdrew their own card: gone from this phone at once (the others follow). */
  onAck.withdraw_problem = function (form, ack) { withdrawn("problem", ack.problem_id); };
  onAck.withdraw_prototype = function (form, ack) { withdrawn("prototype", ack.prototype_id); };
  function withdrawn(kind, id) {
    removeCard(kind, id);
    var row = $('[data-withdraw-row="' + kind + "-" + id + '"]');
    if (row) { row.parentNode.removeChild(row); }
  }
  onAck.machine_translate = onAck.translate;
  onAck.translate_prototype = function (form, ack) {
    form.reset();
    upsertPrototype(ack.prototype);
    var box = form.closest("details");
    if (box) { box.open = false; }
  };
  onAck.machine_translate_prototype = onAck.translate_prototype;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // A photo is too big to keep in the outbox: offline, its form keeps the chosen file and
    // says so, instead of leaving the page for the browser's "no internet" error.
    if (form.id === "photo" && view === "phone" && !socket.connected && (everConnected || navigator.onLine === false)) {
      event.preventDefault();
      showError(form, labels.photo_offline);
      return;
    }
    // A second submit button may name its own intent (e.g. "Machine translation").
    var submitter = event.submitter;
    var intent = (submitter && submitter.getAttribute("data-intent")) || form.getAttribute("data-intent");
    if (!intent) { return; }
    var payload = payloadOf(form);
    payload.idempotency_key = newKey();
    if (!socket.connected && queueable(intent)) { // offline, or the connection dropped: keep it
      event.preventDefault();
      enqueue(form, intent, payload);
      return;
    }
    if (!socket.connected) { // no socket: the plain post does the job (and keeps the text on error)
      if (DRAFTED[intent]) { dropDraft(form); form.setAttribute("data-sent", ""); }
      return;
    }
    event.preventDefault();
    var button = $("button[type=submit]", form);
    if (button) { button.disabled = true; }
    socket.timeout(8000).emit(intent, payload, function (err, ack) {
      if (button) { button.disabled = false; }
      // No answer in time: a phone keeps it and sends it again with the same key (the server
      // answers a key once, so a dot cannot count twice); other screens say so.
      if (err && queueable(intent)) { enqueue(form, intent, payload); return; }
      if (err) { showError(form, labels.error); return; }
      answered(intent, form, ack, false);
    });
  });

  function answered(intent, form, ack, queued) {
    var status = form && $("[data-status]", form);
    if (!ack.ok) {
      if (status && queued) { status.textContent = ""; }
      showError(form || document, ack.message);
      return;
    }
    if (!form) { return; } // the page changed meanwhile: the snapshot after the outbox shows it
    showError(form, "");
    if (DRAFTED[intent]) { dropDraft(form); }
    if (onAck[intent]) { onAck[intent](form, ack, queued); }
    if (ackHooks[intent]) { ackHooks[intent](form, ack); }
  }

  /* ---- the outbox: what a phone sent while its connection was down ---- */
  var QUEUED = {
    post_problem: true, support: true, create_prototype: true, vote: true, problem_vote: true,
    rate: true, respond: true, feedback: true
  };
  // The server keeps a key's answer for a day; older intents are dropped rather than risked.
  var OUTBOX_MAX_AGE = 12 * 3600 * 1000;
  var outboxKey = "tavola:outbox:" + code;
  var everConnected = false;
  var flushing = false;
  var flushAttempt = 0;
  var retryTimer = null;
  var sentFromOutbox = false;
  var outbox = readOutbox();

  function newKey() {
    var bytes = new Uint8Array(12);
    var c = window.crypto || window.msCrypto;
    if (c && c.getRandomValues) { c.getRandomValues(bytes); }
    else { for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /* Queue only where a plain post cannot work: the phone is offline, or its socket was up and
     dropped (server restarting, wifi gone). A phone whose socket never connected (a proxy that
     blocks it) is online and posts the plain way, as without JavaScript. */
  function queueable(intent) {
    return view === "phone" && !!QUEUED[intent] && (everConnected || navigator.onLine === false);
  }

  function readOutbox() {
    var store = storage();
    var list = null;
    try { list = store && JSON.parse(store.getItem(outboxKey) || "[]"); } catch (e) { list = null; }
    var now = Date.now();
    return (Array.isArray(list) ? list : []).filter(function (item) {
      return item && item.intent && item.payload && now - (item.at || 0) < OUTBOX_MAX_AGE;
    });
  }
  function writeOutbox() {
    var store = storage();
    if (!store) { return; }
    try {
      if (outbox.length) { store.setItem(outboxKey, JSON.stringify(outbox)); } else { store.removeItem(outboxKey); }
    } catch (e) { /* full: it stays in this page's memory */ }
  }

  function enqueue(form, intent, payload) {
    outbox.push({ intent: intent, payload: payload, at: Date.now() });
    writeOutbox();
    showError(form, "");
    if (DRAFTED[intent]) { form.reset(); dropDraft(form); updateCounters(); }
    var status = $("[data-status]", form);
    if (status) { status.textContent = labels.waiting; }
    showOutbox();
    if (socket.connected) { retryLater(); } // answers were lost on a live connection: try again soon
  }

  /* The calm line above the page: how many things wait for the connection. */
  function showOutbox() {
    var box = $("[data-outbox]");
    if (!box && outbox.length) {
      box = document.createElement("p");
      box.className = "flash outbox";
      box.setAttribute("data-outbox", "");
      box.setAttribute("role", "status");
      var main = $("main") || body;
      main.insertBefore(box, main.firstChild);
    }
    if (!box) { return; }
    box.hidden = !outbox.length;
    box.textContent = outbox.length ? labels.waiting + " \u2066(" + outbox.length + ")\u2069" : "";
  }

  /* The form an outbox entry came from, on this page (after a reload: the same form anew). */
  function formOf(item) {
    return $all('form[data-intent="' + item.intent + '"]').filter(function (form) {
      return $all("input[type=hidden]", form).every(function (el) {
        return !el.name || el.name === "csrf_token" || el.name === "idempotency_key" ||
          String(item.payload[el.name]) === el.value;
      });
    })[0] || null;
  }

  function retryLater() {
    if (retryTimer) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; flushOutbox(); }, 3000);
  }

  /* Send the oldest entry, wait for its answer, then the next: in order, one at a time (the
     server handles a connection's events side by side). Kept until answered. */
  function flushOutbox() {
    if (flushing || !socket.connected) { return; }
    if (!outbox.length) {
      showOutbox();
      if (sentFromOutbox) { sentFromOutbox = false; requestSnapshot(); }
      return;
    }
    flushing = true;
    var item = outbox[0];
    var attempt = ++flushAttempt;
    socket.timeout(8000).emit(item.intent, item.payload, function (err, ack) {
      if (attempt !== flushAttempt) { return; } // a reconnect sent it again meanwhile
      flushing = false;
      // No answer, too fast, or a simultaneous change: the same key again in a moment.
      if (err || (ack && (ack.error === "rate" || ack.error === "conflict"))) { retryLater(); return; }
      outbox = outbox.filter(function (other) { return other.payload.idempotency_key !== item.payload.idempotency_key; });
      writeOutbox();
      sentFromOutbox = true;
      answered(item.intent, formOf(item), ack || { ok: false, message: labels.error }, true);
      flushOutbox();
    });
  }

  // Back online: try at once instead of waiting for the next reconnection attempt.
  window.addEventListener("online", function () {
    if (!socket.connected) { socket.disconnect(); socket.connect(); }
  });
  showOutbox();

  /* ---- drafts: what someone is typing survives a stage change, a reload or a lost tab ---- */
  var DRAFTED = { post_problem: true, create_prototype: true };
  function draftKey(form) { return "tavola:draft:" + code + ":" + form.getAttribute("data-intent"); }
  function storage() { try { return window.localStorage; } catch (e) { return null; } }

  function saveDraft(form) {
    var store = storage();
    if (store) { try { store.setItem(draftKey(form), JSON.stringify(payloadOf(form))); } catch (e) { /* full */ } }
  }
  function dropDraft(form) {
    var store = storage();
    if (store) { store.removeItem(draftKey(form)); }
  }
  function restoreDraft(form) {
    var store = storage();
    var draft = null;
    try { draft = store && JSON.parse(store.getItem(draftKey(form)) || "null"); } catch (e) { draft = null; }
    if (!draft) { return; }
    $all("input, textarea", form).forEach(function (el) {
      if (!el.name || !(el.name in draft)) { return; }
      if (el.type === "checkbox") {
        el.checked = [].concat(draft[el.name]).indexOf(el.value) >= 0;
      } else if (el.type !== "hidden" && !el.value) {
        el.value = draft[el.name];
      }
    });
  }
  $all("form[data-intent]").forEach(function (form) {
    if (DRAFTED[form.getAttribute("data-intent")]) { restoreDraft(form); }
  });
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && DRAFTED[form.getAttribute("data-intent")]) { saveDraft(form); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && DRAFTED[form.getAttribute("data-intent")]) { saveDraft(form); }
  });
  /* Text typed before this script ran (a slow phone) fired no event it saw: keep it as the
     page goes away, which is also when a new stage reloads it. Empty forms keep older drafts. */
  window.addEventListener("pagehide", function () {
    $all("form[data-intent]").forEach(function (form) {
      if (!DRAFTED[form.getAttribute("data-intent")] || form.hasAttribute("data-sent")) { return; }
      var typed = $all("input[type=text], textarea", form).some(function (el) { return el.value; });
      if (typed) { saveDraft(form); }
    });
  });

  /* ---- characters left on the problem box ---- */
  function updateCounters() {
    $all("[data-counter]").forEach(function (box) {
      var out = document.getElementById(box.getAttribute("data-counter"));
      var max = parseInt(box.getAttribute("maxlength"), 10);
      // Isolated left to right, so "12 / 280" does not turn into "280 / 12" on a right-to-left page.
      if (out && max) { out.textContent = "\u2066" + box.value.length + " / " + max + "\u2069"; }
    });
  }
  document.addEventListener("input", updateCounters);
  updateCounters();
})();
