// dotnet diver catalog: filters the index in the page and copies commands. No dependencies, nothing
// fetched, so the site works from file:// as well as from any web server.
(function () {
  'use strict';

  var form = document.querySelector('[data-filters]');
  if (form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll('.kernel'));
    var count = document.getElementById('count');
    var none = document.getElementById('none');
    var value = function (id) { return document.getElementById(id).value.toLowerCase(); };
    var has = function (list, word) { return !word || list.indexOf(' ' + word + ' ') >= 0; };
    var apply = function () {
      var words = value('q').split(/\s+/).filter(Boolean);
      var tag = value('tag'), mode = value('mode'), arch = value('arch');
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.dataset.search;
        var match = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
          has(row.dataset.tags, tag) && has(row.dataset.modes, mode) &&
          (!arch || row.dataset.arch.toLowerCase() === arch);
        row.hidden = !match;
        if (match) shown++;
      });
      count.textContent = shown + ' of ' + rows.length + ' kernels shown.';
      none.hidden = shown !== 0;
    };
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    apply();
  }

  // The clipboard API needs a secure context; file:// pages may lack it, so fall back to a selection.
  var fallbackCopy = function (text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'absolute';
    area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  };
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (button) {
    var status = button.nextElementSibling;
    var say = function (ok) { status.textContent = ok ? 'Copied.' : 'Copy failed: select the text and copy it.'; };
    button.addEventListener('click', function () {
      var text = button.dataset.copy;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say(true); }, function () { say(fallbackCopy(text)); });
      } else {
        say(fallbackCopy(text));
      }
    });
  });
})();
