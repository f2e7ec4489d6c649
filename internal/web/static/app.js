/*
 * Haizhi 海智 — the little behaviour pages need, without any inline script.
 *
 * Load after htmx, both deferred:
 *   <script src="{{asset "htmx.js"}}" defer></script>
 *   <script src="{{asset "app.js"}}" defer></script>
 *
 * Attributes it understands:
 *   data-confirm="Question?"     on a button, link or form: ask before going on
 *   data-autosubmit              on a <select> (or any input): submit its form on change
 *   data-copy="text"             on a button: copy the text to the clipboard
 *   data-copy-from="#id"         on a button: copy the value or text of that element
 *   data-copied-label="Copied"   optional: the button's label for two seconds after copying
 *   <time datetime="…" data-local>  add the time in the viewer's zone as a tooltip
 * It also puts class "js" on <html>, so CSS can hide no-script fallbacks (.js-hide).
 */
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.classList.add("js");

  /* htmx: settings that work under a strict Content-Security-Policy. */
  if (window.htmx) {
    var cfg = window.htmx.config;
    cfg.includeIndicatorStyles = false; // app.css styles .htmx-indicator instead of an inline <style>
    cfg.allowEval = false;              // no hx-on, no eval'd expressions
    cfg.allowScriptTags = false;        // scripts in swapped content do not run
    cfg.selfRequestsOnly = true;        // requests go only to our own origin
    cfg.historyCacheSize = 0;           // do not keep page snapshots (they may hold personal data) in localStorage
    cfg.refreshOnHistoryMiss = true;
    cfg.defaultSwapStyle = "innerHTML";
    // A form re-rendered with its errors comes back as 422: swap it in like a success.
    cfg.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false }
    ];
  }

  function closest(el, selector) {
    return el && el.closest ? el.closest(selector) : null;
  }

  /* data-confirm: ask before a click on a button or link, or before a form submits.
     Runs in the capture phase, so a "no" also stops htmx's own handlers. */
  doc.addEventListener("click", function (ev) {
    var el = closest(ev.target, "a[data-confirm], button[data-confirm], input[type=submit][data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);

  doc.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);

  /* data-autosubmit: submit the surrounding form when the value changes. requestSubmit
     fires the submit event, so htmx-driven forms and data-confirm still apply. */
  doc.addEventListener("change", function (ev) {
    var el = ev.target;
    if (!el.hasAttribute || !el.hasAttribute("data-autosubmit") || !el.form) {
      return;
    }
    if (el.form.requestSubmit) {
      el.form.requestSubmit();
    } else {
      el.form.submit();
    }
  });

  /* data-copy / data-copy-from: copy text to the clipboard and say so briefly. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-HTTP fallback (an intranet without TLS).
    return new Promise(function (resolve, reject) {
      var ta = doc.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "visually-hidden";
      doc.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
      doc.body.removeChild(ta);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  doc.addEventListener("click", function (ev) {
    var btn = closest(ev.target, "[data-copy], [data-copy-from]");
    if (!btn) {
      return;
    }
    ev.preventDefault();
    var text = btn.getAttribute("data-copy");
    var from = btn.getAttribute("data-copy-from");
    if (from) {
      var src = doc.querySelector(from);
      if (!src) {
        return;
      }
      text = /^(INPUT|TEXTAREA|SELECT|OUTPUT)$/.test(src.tagName) ? src.value : src.textContent.trim();
    }
    copyText(text || "").then(function () {
      var label = btn.getAttribute("data-copied-label");
      var before = btn.textContent;
      btn.setAttribute("data-copied", "");
      if (label) {
        btn.textContent = label;
      }
      window.setTimeout(function () {
        btn.removeAttribute("data-copied");
        if (label) {
          btn.textContent = before;
        }
      }, 2000);
    }, function () {
      if (from) {
        var el = doc.querySelector(from);
        if (el && el.select) { el.select(); }
      }
    });
  });

  /* <time datetime data-local>: show the moment in the viewer's own time zone as a
     tooltip, keeping the server-rendered text (which is in the unit's zone). */
  function localTimes(root) {
    if (!root.querySelectorAll) {
      return;
    }
    var lang = doc.documentElement.lang || undefined;
    var nodes = root.querySelectorAll("time[datetime][data-local]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      if (el.hasAttribute("data-local-done")) {
        continue;
      }
      var raw = el.getAttribute("datetime");
      var d = new Date(raw);
      // A bare date ("2024-05-01") is the same day everywhere: nothing to convert.
      if (isNaN(d.getTime()) || /^\d{4}-\d{2}(-\d{2})?$/.test(raw)) {
        continue;
      }
      var text;
      try {
        text = new Intl.DateTimeFormat(lang, {
          year: "numeric", month: "short", day: "numeric",
          hour: "2-digit", minute: "2-digit", timeZoneName: "short"
        }).format(d);
      } catch (e) {
        text = d.toLocaleString();
      }
      var title = el.getAttribute("title");
      el.setAttribute("title", title ? title + " · " + text : text);
      el.setAttribute("data-local-done", "");
    }
  }

  if (window.htmx && window.htmx.onLoad) {
    window.htmx.onLoad(localTimes); // runs for the page and for every swapped-in fragment
  } else if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", function () { localTimes(doc); });
  } else {
    localTimes(doc);
  }
})();
