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

    // The comment form's CSRF token and fill-time stamp are not in the page,
    // which is the same for everyone so that an HTTP cache may keep it: fetch
    // them now. Values already there (a form shown again with errors) stay.
    // Without them the server answers with a page to send the text once more.
    var form = document.querySelector("form[data-form-state]");
    if (form) {
        var token = form.querySelector("input[name='csrfmiddlewaretoken']");
        if (!token) {
            token = document.createElement("input");
            token.type = "hidden";
            token.name = "csrfmiddlewaretoken";
            form.prepend(token);
        }
        var started = form.querySelector("input[name='started']");
        var ready = fetch(form.getAttribute("data-form-state"), {
            credentials: "same-origin",
            cache: "no-store",
            headers: { Accept: "application/json" }
        })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (state) {
                if (!state) {
                    return;
                }
                if (!token.value) {
                    token.value = state.csrfmiddlewaretoken;
                }
                if (started && !started.value) {
                    started.value = state.started;
                }
            })
            .catch(function () {});
        // Sent before the answer came (a fast typist, a slow line): wait for it.
        var waited = false;
        form.addEventListener("submit", function (event) {
            if (waited || token.value) {
                return;
            }
            event.preventDefault();
            waited = true;
            ready.then(function () {
                form.submit();
            });
        });
    }
})();
