/* Read aloud: a speaker button beside what the page marks as readable, spoken by the phone
 * itself (window.speechSynthesis: no server, no cloud, works offline with the phone's voices).
 *
 * For people who read little. The markup decides what is readable, with `data-speak`:
 *   - on a <button> (Post, Me too, Dot …): the speaker goes right after it and reads its label;
 *   - on any other element, with no value: the speaker goes at its end and reads its text;
 *   - with a value (a CSS selector): the speaker goes at the element's end and reads the text of
 *     the matches inside the closest <li> (a card, a rating item), else inside the element:
 *     a card's footer reads the card's text, a card's head reads the prototype.
 * What is read is the text shown at the moment of the tap (a card's translation, live edits),
 * in the language of the closest `lang` attribute, so a Ukrainian card is read in Ukrainian on
 * an Italian page. Hidden parts, buttons and icons are not read.
 *
 * Without speech synthesis the page gets no speaker buttons at all. When the phone has no voice
 * for a language, the page says so in its own language (labels from templates/_macros.html).
 * Cards that arrive live are cloned from <template>s: their speakers are put into the templates.
 * Plain ES5 for old Android phones.
 */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function" || !document.querySelectorAll) { return; }
  var labels = JSON.parse((document.getElementById("labels") || {}).textContent || "{}");
  var pageLang = document.documentElement.getAttribute("lang") || "en";
  var voices = [];
  var current = null; // the speaker button whose text is being read
  var noteTimer = null;

  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function primary(tag) { return String(tag || "").replace(/_/g, "-").split("-")[0].toLowerCase(); }

  function loadVoices() {
    try { voices = synth.getVoices() || []; } catch (e) { voices = []; }
    return voices;
  }
  loadVoices();
  if (synth.addEventListener) { synth.addEventListener("voiceschanged", loadVoices); }
  else { synth.onvoiceschanged = loadVoices; }

  /* The best voice for a BCP 47 tag: the same tag, else the same language (uk-UA for uk). */
  function voiceFor(tag) {
    var want = String(tag).replace(/_/g, "-").toLowerCase();
    var same = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = String(voices[i].lang || "").replace(/_/g, "-").toLowerCase();
      if (lang === want) { return voices[i]; }
      if (!same && primary(lang) === primary(want)) { same = voices[i]; }
    }
    return same;
  }

  /* ---- the speaker buttons ---- */

  function speakerButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "speaker";
    button.setAttribute("data-speaker", "");
    button.setAttribute("aria-label", labels.read_aloud || "");
    button.title = labels.read_aloud || "";
    button.innerHTML = '<svg class="icon" aria-hidden="true" focusable="false"><use href="#i-speaker"></use></svg>';
    return button;
  }

  function addSpeaker(el) {
    if (el.hasAttribute("data-speak-ready")) { return; }
    el.setAttribute("data-speak-ready", "");
    var button = speakerButton();
    if (el.tagName === "BUTTON") {
      button.className += " beside";
      el.parentNode.insertBefore(button, el.nextSibling);
    } else {
      el.appendChild(button);
    }
  }

  function addSpeakers(root) {
    $all("[data-speak]", root).forEach(addSpeaker);
    $all("template", root).forEach(function (tpl) { if (tpl.content) { addSpeakers(tpl.content); } });
  }

  /* ---- what a speaker reads ---- */

  function sourcesOf(host) {
    var sel = host.getAttribute("data-speak");
    if (host.tagName === "BUTTON" || !sel) { return [host]; }
    var scope = host.closest("li") || host;
    return $all(sel, scope);
  }

  function unread(el) {
    return el.hidden || el.getAttribute("aria-hidden") === "true" || el.hasAttribute("data-speaker") ||
      /^(SCRIPT|STYLE|TEMPLATE|svg|BUTTON|FORM|SELECT|TEXTAREA|INPUT)$/.test(el.tagName) ||
      (el.classList && el.classList.contains("visually-hidden"));
  }

  function visibleText(el, nested) {
    if (el.nodeType === 3) { return el.nodeValue; }
    if (el.nodeType !== 1 || unread(el)) { return ""; }
    var parts = [];
    for (var n = el.firstChild; n; n = n.nextSibling) { parts.push(visibleText(n, true)); }
    var text = parts.join("");
    return " " + (nested && /^(H1|H2|H3|H4|P|DT|DD|LI|DIV)$/.test(el.tagName) ? sentence(text) : text) + " ";
  }

  /* Parts read one after the other (a title, a prototype's rows) end as sentences, so the
     voice pauses between them. */
  function sentence(text) {
    return text.replace(/\s+/g, "") && !/[.!?:;。！？؟]\s*$/.test(text) ? text.replace(/\s+$/, "") + "." : text;
  }

  /* The element holding the first words read: its language is the reading's (a translation
     shown inside a card carries its own lang). */
  function firstWords(el) {
    for (var n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 && /\S/.test(n.nodeValue)) { return el; }
      if (n.nodeType === 1 && !unread(n)) {
        var found = firstWords(n);
        if (found) { return found; }
      }
    }
    return null;
  }

  function readingOf(button) {
    var host = button.previousElementSibling && button.classList.contains("beside") ? button.previousElementSibling : button.parentNode;
    var sources = sourcesOf(host);
    var text = sources.map(function (el, i) {
      // A button reads its label as shown (not "Put a dot on: …", which is for screen readers).
      var part = el.tagName === "BUTTON" ? el.textContent : visibleText(el, false);
      return i < sources.length - 1 ? sentence(part) : part;
    }).join(" ").replace(/\s+/g, " ").replace(/\s+([.,!?:;])/g, "$1").trim();
    var first = firstWords(sources[0] || host) || sources[0] || host;
    var langEl = first.closest ? first.closest("[lang]") : null;
    return { text: text, lang: (langEl && langEl.getAttribute("lang")) || pageLang };
  }

  /* ---- saying it ---- */

  function note(message) {
    var box = document.getElementById("speak-note");
    if (!box) {
      box = document.createElement("p");
      box.id = "speak-note";
      box.className = "speak-note";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.hidden = !message;
    if (noteTimer) { clearTimeout(noteTimer); }
    if (message) { noteTimer = setTimeout(function () { box.hidden = true; }, 8000); }
  }

  function cannotRead(lang) {
    var names = labels.languages || {};
    var name = names[primary(lang)] || lang;
    note(labels.no_voice ? labels.no_voice.replace("{language}", name) : "");
  }

  function stopped(button) {
    if (button) { button.removeAttribute("aria-pressed"); button.classList.remove("speaking"); }
    if (current === button) { current = null; }
  }

  function say(button, reading) {
    if (!reading.text) { return; }
    var voice = voiceFor(reading.lang);
    // The phone lists its voices and none speaks this language: say so, do not mumble it in
    // another one. (An empty list tells nothing: some phones speak without listing.)
    if (voices.length && !voice) { cannotRead(reading.lang); return; }
    var utterance = new window.SpeechSynthesisUtterance(reading.text);
    utterance.lang = reading.lang;
    if (voice) { utterance.voice = voice; }
    utterance.onend = function () { stopped(button); };
    utterance.onerror = function (event) {
      stopped(button);
      if (event && (event.error === "canceled" || event.error === "interrupted")) { return; }
      if (event && event.error === "language-unavailable") { cannotRead(reading.lang); }
      else { note(labels.no_speech || ""); }
    };
    current = button;
    button.setAttribute("aria-pressed", "true");
    button.classList.add("speaking");
    note("");
    try { synth.speak(utterance); } catch (e) { stopped(button); note(labels.no_speech || ""); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-speaker]") : null;
    if (!button) { return; }
    event.preventDefault();
    var again = current === button;
    try { synth.cancel(); } catch (e) { /* nothing was speaking */ }
    stopped(current);
    if (again) { return; } // a second tap stops the voice
    var reading = readingOf(button);
    if (voices.length || loadVoices().length) { say(button, reading); return; }
    // Voices load late on some phones: wait a moment for them (the tap still counts).
    var waited = false;
    function go() {
      if (waited) { return; }
      waited = true;
      if (synth.removeEventListener) { synth.removeEventListener("voiceschanged", go); }
      loadVoices();
      say(button, reading);
    }
    if (synth.addEventListener) { synth.addEventListener("voiceschanged", go); }
    setTimeout(go, 600);
  });

  // A new stage reloads the page: the old page stops talking.
  window.addEventListener("pagehide", function () { try { synth.cancel(); } catch (e) { /* gone */ } });

  addSpeakers(document);
})();
