// Behaviour of the staff pages. The Content-Security-Policy allows no inline script or on*=
// handler, so pages mark elements with data- attributes and this file gives them behaviour.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (a <noscript> button stands in
  // when scripts are off).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
