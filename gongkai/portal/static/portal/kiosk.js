/* Kiosk idle timer: back to the kiosk's home page after a while without a touch.
   The timeout comes from ?idle=N (kept for the session, so the browser test and a technician can
   shorten it), else from data-idle-seconds set by the server (KIOSK_IDLE_SECONDS). */
(function () {
  "use strict";
  var body = document.body;
  var param = new URLSearchParams(location.search).get("idle");
  var stored = null;
  try {
    if (param && /^\d+$/.test(param)) sessionStorage.setItem("kiosk-idle", param);
    stored = sessionStorage.getItem("kiosk-idle");
  } catch (e) { /* storage disabled */ }
  var seconds = parseInt(param || stored || body.dataset.idleSeconds || "60", 10);
  var home = body.dataset.homeUrl || "/kiosk/";
  var timer = null;

  function atHome() { return location.pathname === home && !location.search.replace(/[?&]idle=\d+/, ""); }

  function reset() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { if (!atHome()) location.assign(home); else reset(); }, seconds * 1000);
  }

  ["pointerdown", "touchstart", "keydown", "wheel", "scroll"].forEach(function (ev) {
    window.addEventListener(ev, reset, { passive: true });
  });
  document.querySelectorAll("[data-back]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      if (history.length > 1) { ev.preventDefault(); history.back(); }
    });
  });
  document.addEventListener("contextmenu", function (ev) { ev.preventDefault(); });
  reset();
})();
