/* Names the admin's autocomplete boxes (Django's select2) after their labels.
 *
 * select2 labels its box with the text of the chosen value only, so an empty box has no
 * accessible name and a filled one says "Viet Nam" without saying it is the participant
 * (axe: aria-input-field-name, label). Each box is labelled by its field's <label> followed by
 * its value; its search field by the label. Runs once the admin has set the boxes up (on
 * load), for rows added to an inline later, and each time a box opens.
 */
(function () {
  "use strict";

  function labelOf(select) {
    return select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
  }

  function labelText(label) {
    return label.textContent.replace(/:\s*$/, "").trim();
  }

  function name(select) {
    var label = labelOf(select);
    var box = select.nextElementSibling;
    if (!label || !box || !box.classList.contains("select2")) {
      return;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    box.querySelectorAll(".select2-selection__rendered[id]").forEach(function (shown) {
      // The value read after the label: "Participant Viet Nam".
      shown.setAttribute("aria-labelledby", label.id + " " + shown.id);
    });
    box.querySelectorAll('[role="combobox"]').forEach(function (combobox) {
      var ids = (combobox.getAttribute("aria-labelledby") || "").split(/\s+/);
      if (ids.indexOf(label.id) === -1) {
        combobox.setAttribute("aria-labelledby", [label.id].concat(ids).join(" ").trim());
      }
    });
    box.querySelectorAll(".select2-search__field").forEach(function (search) {
      search.setAttribute("aria-label", labelText(label));
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(name);
  }

  window.addEventListener("load", function () {
    nameAll();
    var $ = window.django && window.django.jQuery;
    if (!$) {
      return;
    }
    $(document).on("select2:open", "select.admin-autocomplete", function () {
      var label = labelOf(this);
      var box = this.nextElementSibling;
      // ARIA 1.2: an expanded combobox names the list it controls (select2 says aria-owns).
      if (box) {
        box.querySelectorAll('[role="combobox"][aria-owns]').forEach(function (combobox) {
          combobox.setAttribute("aria-controls", combobox.getAttribute("aria-owns"));
        });
      }
      if (!label) {
        return;
      }
      // The list opens at the end of the page, outside its landmarks: it is a named region.
      document.querySelectorAll("body > .select2-container--open").forEach(function (list) {
        list.setAttribute("role", "region");
        list.setAttribute("aria-label", labelText(label));
      });
      document.querySelectorAll(".select2-container--open .select2-search__field")
        .forEach(function (search) { search.setAttribute("aria-label", labelText(label)); });
    });
    $(document).on("change", "select.admin-autocomplete", function () { name(this); });
  });

  document.addEventListener("formset:added", function () {
    window.setTimeout(nameAll, 0);
  });
})();
