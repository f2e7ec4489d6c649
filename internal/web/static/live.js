// Haizhi live final: keeps the presenter view, the big-screen scoreboard and the judges'
// room page in step with the room through Server-Sent Events. The pages are complete
// without it (rendered on the server); this only refreshes them as scores arrive and runs
// the timer. No inline script is allowed by the Content-Security-Policy, so everything
// is driven by data- attributes.
(function () {
  "use strict";

  var root = document.querySelector("[data-live-stream]");
  if (!root) return;
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var skew = 0; // server clock minus ours, in ms
  var room = null;

  function text(el, s) { if (el && el.textContent !== s) el.textContent = s; }
  function fmt2(v) { return v === null || v === undefined ? "–" : v.toFixed(2); }
  function title(r) { return (zh ? r.title_zh || r.title_en : r.title_en || r.title_zh) || ""; }
  function words(key) { return root.getAttribute("data-t-" + key) || key; }

  // The timer: counts down the phase's minutes from when it started, by the server's clock.
  function tick() {
    var el = document.querySelector("[data-timer]");
    if (!el || !room) return;
    var mins = room.phase === "pitch" ? room.pitch_minutes : room.phase === "qa" ? room.qa_minutes : 0;
    if (!mins || !room.phase_started_at) {
      text(el, "--:--");
      el.classList.remove("timer-over", "timer-warn");
      return;
    }
    var left = Math.round((Date.parse(room.phase_started_at) + mins * 60000 - (Date.now() + skew)) / 1000);
    var over = left < 0, s = Math.abs(left);
    text(el, (over ? "+" : "") + String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0"));
    el.classList.toggle("timer-over", over);
    el.classList.toggle("timer-warn", !over && left <= 60);
  }

  function stage(b) {
    var cur = null;
    for (var i = 0; i < b.rows.length; i++) if (b.rows[i].position === b.room.current) cur = b.rows[i];
    text(document.querySelector("[data-on-stage]"), cur ? cur.position + ". " + title(cur) : words("idle"));
    text(document.querySelector("[data-phase]"), words("phase-" + b.room.phase));
  }

  function cell(tag, cls, s) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = s;
    return el;
  }

  // The board's rows, rebuilt from the payload (a few dozen rows at most).
  function board(b) {
    var body = document.querySelector("[data-board]");
    if (!body) return;
    var rows = document.createDocumentFragment();
    b.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-entry", r.entry_id);
      if (r.position === b.room.current) tr.className = "is-on-stage";
      tr.appendChild(cell("td", "num", String(r.position)));
      var t = cell("td", "board-title", title(r));
      tr.appendChild(t);
      r.scores.forEach(function (s) {
        var c;
        if (s.state === "submitted") c = cell("td", "num board-mark" + (s.dropped ? " is-dropped" : ""), fmt2(s.value));
        else if (s.state === "abstained") c = cell("td", "num board-mark is-abstained", words("abstained"));
        else c = cell("td", "num board-mark is-waiting", "·");
        tr.appendChild(c);
      });
      tr.appendChild(cell("td", "num board-progress", r.submitted + "/" + r.expected));
      tr.appendChild(cell("td", "num board-score", fmt2(r.score)));
      tr.appendChild(cell("td", "num board-rank", r.rank ? String(r.rank) + (r.tied ? "=" : "") : ""));
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
    var ties = document.querySelector("[data-ties]");
    if (ties) ties.hidden = b.ties.length === 0;
    var ready = document.querySelector("[data-ready]");
    if (ready) ready.hidden = !b.ready;
  }

  function apply(p) {
    if (p.now) skew = Date.parse(p.now) - Date.now();
    if (p.rows) {
      room = p.room;
      board(p);
      stage(p);
      root.setAttribute("data-version", p.version);
    } else {
      // A judge's phone: the stage only. Reload when it moves, unless a form is being
      // filled in (the judge then sees the change on their next page).
      var was = root.getAttribute("data-stage");
      var now = p.current + "/" + p.phase + "/" + p.signed;
      if (was && was !== now && !document.querySelector("form[data-dirty]")) location.reload();
      root.setAttribute("data-stage", now);
    }
    tick();
  }

  var src = new EventSource(root.getAttribute("data-live-stream"));
  src.onmessage = function (e) {
    try { apply(JSON.parse(e.data)); } catch (err) { /* a torn message: the next one repairs it */ }
  };
  src.onerror = function () { root.classList.add("is-offline"); };
  src.onopen = function () { root.classList.remove("is-offline"); };
  setInterval(tick, 250);

  var full = document.querySelector("[data-fullscreen]");
  if (full) full.addEventListener("click", function () {
    var el = document.querySelector(full.getAttribute("data-fullscreen"));
    if (el && el.requestFullscreen) el.requestFullscreen();
  });
  document.addEventListener("input", function (e) {
    var f = e.target.form;
    if (f) f.setAttribute("data-dirty", "");
  });
})();
