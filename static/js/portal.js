// The public pages' small enhancements; every page works without them.
(function () {
    "use strict";

    // A notice the server marks (the error summary, "comment received") gets
    // the focus, so it is where the eye and a screen reader land. Without
    // scripts the URL's fragment does the same.
    document.addEventListener("DOMContentLoaded", function () {
        var notice = document.querySelector("[data-focus-on-load]");
        if (notice) {
            notice.focus();
        }
    });

    // An error-summary link puts the focus in its field but scrolls to the
    // field's label (or its group's legend), which the browser's own jump to
    // the field would hide above the top of the window.
    document.addEventListener("click", function (event) {
        var link = event.target.closest(".error-summary a[href^='#']");
        if (!link) {
            return;
        }
        var field = document.getElementById(link.hash.slice(1));
        if (!field) {
            return;
        }
        var fieldset = field.closest("fieldset");
        var label = fieldset
            ? fieldset.querySelector("legend")
            : document.querySelector("label[for='" + field.id + "']");
        event.preventDefault();
        (label || field).scrollIntoView({ block: "start" });
        field.focus({ preventScroll: true });
    });
})();
