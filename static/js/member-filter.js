// Find a member by typing part of their name, for clubs too big to scroll.
// Progressive enhancement: without this script the plain <select> works as
// it is (and a desktop browser jumps to a name as you type its first letters).
// Matching options are rebuilt rather than hidden, because iOS still lists
// hidden <option>s in its picker.
(function () {
  "use strict";
  var MIN_OPTIONS = 12;

  function enhance(select) {
    var options = Array.prototype.slice.call(select.options);
    if (options.length <= MIN_OPTIONS) return;
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "_filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = select.dataset.memberFilter;
    var status = document.createElement("p");
    status.className = "field__help";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select);

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim().split(/\s+/);
      var chosen = select.value;
      var matches = options.filter(function (option) {
        var text = option.text.toLowerCase();
        return option.value === "" || words.every(function (word) {
          return text.indexOf(word) !== -1;
        });
      });
      select.replaceChildren.apply(select, matches);
      var people = matches.filter(function (option) { return option.value; });
      select.value = people.length === 1 ? people[0].value : chosen;
      if (select.selectedIndex === -1) select.selectedIndex = 0;
      status.textContent = input.value
        ? select.dataset.memberFilterMatches.replace("%(count)s", people.length)
        : "";
    });
  }

  document.querySelectorAll("select[data-member-filter]").forEach(enhance);
})();
