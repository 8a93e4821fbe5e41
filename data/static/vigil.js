/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // After a form comes back with problems, put the cursor in the first
  // field that has one, so keyboard and screen-reader users land on it.
  var err = document.querySelector(".field-error");
  var field = err && err.parentNode &&
    err.parentNode.querySelector("input, select, textarea");
  if (field && typeof field.focus === "function") {
    field.focus();
  }
})();
