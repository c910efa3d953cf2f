/*
 * Keyboard shortcuts for the moderation queue and a comment's detail page.
 *
 *   j / k  next / previous comment      a  approve
 *   r      reject (goes to the reason)  s  mark as spam
 *
 * Inactive while focus is in a text field, a select or anything editable, and
 * with Ctrl, Alt or Meta held, so typing and the browser's own shortcuts are
 * never taken over. What a shortcut does is announced in an aria-live region.
 */
(function () {
  'use strict';

  var live = document.querySelector('[data-moderation-live]');

  // Single-letter shortcuts must be possible to turn off (WCAG 2.1.4): follow
  // the user's Wagtail preference (Account > Preferences > Keyboard shortcuts).
  function shortcutsEnabled() {
    var config = document.getElementById('wagtail-config');
    if (!config) return true;
    try {
      return JSON.parse(config.textContent).KEYBOARD_SHORTCUTS_ENABLED !== false;
    } catch (error) {
      return true;
    }
  }
  var enabled = shortcutsEnabled();

  // The messages are translated in the template (data-text-* on the live
  // region); %(name)s placeholders are filled in here.
  function text(key, values) {
    var template = (live && live.dataset['text' + key.charAt(0).toUpperCase() + key.slice(1)]) || key;
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values && name in values ? String(values[name]) : match;
    });
  }

  function announce(message) {
    if (!live) return;
    // Clearing first makes screen readers announce a repeated message again.
    live.textContent = '';
    window.setTimeout(function () {
      live.textContent = message;
    }, 50);
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === 'textarea' || tag === 'select') return true;
    if (target.isContentEditable) return true;
    if (tag === 'input') {
      var type = (target.getAttribute('type') || 'text').toLowerCase();
      return ['checkbox', 'radio', 'button', 'submit', 'reset'].indexOf(type) === -1;
    }
    return false;
  }

  function csrfToken() {
    var input = document.querySelector(
      '[data-moderation-csrf] input[name="csrfmiddlewaretoken"]'
    );
    return input ? input.value : '';
  }

  function post(url, fields) {
    var form = document.createElement('form');
    form.method = 'post';
    form.action = url;
    form.hidden = true;
    fields.csrfmiddlewaretoken = csrfToken();
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  /* -- The queue ---------------------------------------------------------- */

  var current = -1;

  function rows() {
    return Array.prototype.slice.call(
      document.querySelectorAll('[data-moderation-row]')
    );
  }

  function rowTitle(row) {
    var title = row.querySelector('[id$="_title"]');
    return title ? title.textContent.trim() : '';
  }

  function select(index) {
    var all = rows();
    if (!all.length) {
      announce(text('empty'));
      return;
    }
    index = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row) {
      row.classList.remove('feedback-moderation__row--current');
      row.removeAttribute('aria-current');
    });
    var row = all[index];
    current = index;
    row.classList.add('feedback-moderation__row--current');
    row.setAttribute('aria-current', 'true');
    var link = row.querySelector('td.title a');
    if (link) link.focus();
    announce(
      text('position', { index: index + 1, total: all.length, title: rowTitle(row) })
    );
  }

  function currentRow() {
    var all = rows();
    if (current < 0 || current >= all.length) {
      // Use the row that holds focus, if any.
      var focused = document.activeElement && document.activeElement.closest
        ? document.activeElement.closest('[data-moderation-row]')
        : null;
      if (!focused) return null;
      current = all.indexOf(focused);
      return focused;
    }
    return all[current];
  }

  function queueKey(key) {
    var row;
    if (key === 'j') return select(current + 1), true;
    if (key === 'k') return select(current < 0 ? 0 : current - 1), true;
    row = currentRow();
    if (!row) {
      if (key === 'a' || key === 'r' || key === 's') {
        announce(text('chooseFirst'));
        return true;
      }
      return false;
    }
    var next = window.location.pathname + window.location.search;
    if (key === 'a') {
      announce(text('approving', { title: rowTitle(row) }));
      post(row.dataset.approveUrl, {
        expected_status: row.dataset.status,
        next: next
      });
      return true;
    }
    if (key === 's') {
      announce(text('markingSpam', { title: rowTitle(row) }));
      post(row.dataset.spamUrl, { expected_status: row.dataset.status, next: next });
      return true;
    }
    if (key === 'r') {
      announce(text('openingToReject'));
      window.location.href = row.dataset.detailUrl + '#avvisa';
      return true;
    }
    return false;
  }

  /* -- One comment -------------------------------------------------------- */

  function detailKey(detail, key) {
    var form;
    if (key === 'j' || key === 'k') {
      var target = key === 'j' ? detail.dataset.nextUrl : detail.dataset.previousUrl;
      if (target) {
        announce(text(key === 'j' ? 'next' : 'previous'));
        window.location.href = target;
      } else {
        announce(text(key === 'j' ? 'last' : 'first'));
      }
      return true;
    }
    if (key === 'a' || key === 's') {
      form = detail.querySelector('[data-shortcut-form="' + (key === 'a' ? 'approve' : 'spam') + '"]');
      if (!form) {
        announce(text('unavailable'));
        return true;
      }
      announce(text(key === 'a' ? 'approvingThis' : 'markingThisSpam'));
      form.submit();
      return true;
    }
    if (key === 'r') {
      form = detail.querySelector('[data-shortcut-form="reject"]');
      if (!form) {
        announce(text('cannotReject'));
        return true;
      }
      var field = form.querySelector('select, textarea');
      if (field) field.focus();
      announce(text('giveReason'));
      return true;
    }
    return false;
  }

  document.addEventListener('keydown', function (event) {
    if (!enabled) return;
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (isTyping(event.target)) return;
    var key = event.key;
    if (['j', 'k', 'a', 'r', 's'].indexOf(key) === -1) return;
    var detail = document.querySelector('[data-moderation-detail]');
    var handled = detail ? detailKey(detail, key) : queueKey(key);
    if (handled) event.preventDefault();
  });

  // Arriving with #avvisa (the queue's "r"): put the cursor on the reason,
  // once the admin's own scripts have settled.
  function focusReason() {
    if (window.location.hash !== '#avvisa') return;
    var reason = document.querySelector('#avvisa select, #avvisa textarea');
    if (reason) {
      reason.focus();
      announce(text('giveReason'));
    }
  }
  if (document.readyState === 'complete') {
    focusReason();
  } else {
    window.addEventListener('load', focusReason);
  }
})();
