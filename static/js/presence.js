/* Who is connected now, on the projector and the control screen.
 *
 * Plugs into window.Tavola (live.js): the snapshot and every coalesced "presence" event carry
 * the counts; this only writes numbers (counts, never names) into the
 * elements the server rendered with data-online / data-joined / data-away / data-team-*.
 * Plain ES5 like live.js.
 */
(function () {
  "use strict";
  if (!window.Tavola) { return; }

  function each(sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); }
  function count(table, key) {
    var k = key.split(":");
    return ((table || {})[k[0]] || {})[k[1]] || 0;
  }

  function apply(p) {
    each("[data-online]", function (el) { el.textContent = count(p.by_table, el.getAttribute("data-online")); });
    if (p.joined) {
      each("[data-joined]", function (el) { el.textContent = count(p.joined, el.getAttribute("data-joined")); });
      each("[data-away]", function (el) {
        var key = el.getAttribute("data-away");
        var away = count(p.joined, key) - count(p.by_table, key);
        el.hidden = away <= 0;
        el.querySelector("[data-away-n]").textContent = away;
      });
    }
    each("[data-team-online]", function (el) { el.textContent = (p.team || {})[el.getAttribute("data-team-online")] || 0; });
    if (p.team_invited) {
      each("[data-team-invited]", function (el) { el.textContent = p.team_invited[el.getAttribute("data-team-invited")] || 0; });
    }
  }

  window.Tavola.onData(function (data) { if (data.presence) { apply(data.presence); } });
})();
