// Django's admin writes "Note: You are 3 hours behind server time." under every date and time
// field when the editor's browser is not in the site's zone (and nothing when it is). One note
// at the top of the form says it once.
(function () {
  "use strict";

  function gather() {
    var notes = document.querySelectorAll(".timezonewarning:not(.timezone-note)");
    if (!notes.length || document.querySelector(".timezone-note")) return;
    var form = notes[0].closest("form");
    if (!form) return;
    var note = document.createElement("p");
    note.className = "help timezonewarning timezone-note";
    note.textContent = notes[0].textContent;
    notes.forEach(function (each) { each.remove(); });
    // Rows an inline adds later bring their own notes: the stylesheet hides them from now on.
    document.body.classList.add("timezone-noted");
    var first = form.querySelector("fieldset, .errornote");
    (first ? first.parentNode : form).insertBefore(note, first || form.firstChild);
  }

  // DateTimeShortcuts adds its notes on the window's load event: gather them just after.
  window.addEventListener("load", function () {
    window.setTimeout(gather, 0);
  });
})();
