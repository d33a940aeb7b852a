// The window desk from the keyboard (综窗登记快捷键): 1–5 choose the step (咨询 受理 流转 颁发 办结),
// "/" finds an item, ↑↓ and Enter pick it, Enter registers. The digits act unless the clerk is
// typing in a text field (Alt+digit always acts).
(function () {
  "use strict";
  var form = document.getElementById("window-form");
  if (!form) return;
  var radios = Array.prototype.slice.call(form.querySelectorAll("input[name=kind]"));
  var caseNo = document.getElementById("id_case_no");
  var query = document.getElementById("id_item_query");
  var item = document.getElementById("id_handling_item");
  var department = document.getElementById("id_department");
  var applicant = document.getElementById("id_applicant");
  var results = document.getElementById("item-results");
  var lastCase = form.getAttribute("data-last-case") || "";
  var CASE_STEPS = ["transfer", "issue", "complete"];

  function checked() {
    return radios.filter(function (r) { return r.checked; })[0] || radios[0];
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    return tag === "input" && ["radio", "checkbox", "button", "submit", "hidden"].indexOf(target.type) < 0;
  }

  function choose(radio) {
    radio.checked = true;
    form.setAttribute("data-kind", radio.value);
    var needsCase = CASE_STEPS.indexOf(radio.value) >= 0;
    if (needsCase && !caseNo.value && lastCase) caseNo.value = lastCase;
    if (!needsCase && caseNo.value === lastCase) caseNo.value = "";
    if (radio.value === "accept") {
      query.focus();
    } else if (needsCase) {
      caseNo.focus();
      caseNo.select();
    } else {
      radio.focus();
    }
  }

  function options() {
    return Array.prototype.slice.call(results.querySelectorAll(".item-option"));
  }

  function activate(list, index) {
    list.forEach(function (option, i) {
      option.classList.toggle("active", i === index);
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (list[index]) {
      query.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    }
  }

  function pick(option) {
    item.value = option.getAttribute("data-item");
    if (department) department.value = option.getAttribute("data-department");
    query.value = option.getAttribute("data-label");
    query.setAttribute("data-picked", query.value);
    results.innerHTML = "";
    query.setAttribute("aria-expanded", "false");
    if (window.htmx) {
      window.htmx.ajax("GET", option.getAttribute("data-handbook"), { target: "#handbook", swap: "innerHTML" });
    }
    (applicant || form.querySelector("button[type=submit]")).focus();
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", function () { choose(radio); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey) return;
    var index = "12345".indexOf(event.key);
    if (event.key.length === 1 && index >= 0 && radios[index] && (event.altKey || !isTyping(event.target))) {
      event.preventDefault();
      choose(radios[index]);
      return;
    }
    if (event.key === "/" && !isTyping(event.target)) {
      event.preventDefault();
      choose(radios[1]);
      return;
    }
    if (event.key === "Enter" && event.target && event.target.name === "kind") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  query.addEventListener("keydown", function (event) {
    var list = options();
    var current = list.findIndex(function (o) { return o.classList.contains("active"); });
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      activate(list, Math.min(current + 1, list.length - 1));
    } else if (event.key === "ArrowUp" && list.length) {
      event.preventDefault();
      activate(list, Math.max(current - 1, 0));
    } else if (event.key === "Enter" && list.length && current >= 0) {
      event.preventDefault();
      pick(list[current]);
    } else if (event.key === "Escape") {
      results.innerHTML = "";
      query.setAttribute("aria-expanded", "false");
    }
  });

  query.addEventListener("input", function () {
    // Text typed after a pick is a new search: the item picked before no longer holds.
    if (query.value !== query.getAttribute("data-picked")) item.value = "";
  });

  results.addEventListener("click", function (event) {
    var option = event.target.closest(".item-option");
    if (option) pick(option);
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target === results) {
      query.setAttribute("aria-expanded", options().length ? "true" : "false");
    }
  });

  if (department) {
    department.addEventListener("change", function () {
      item.value = "";
      if (query.value && window.htmx) window.htmx.trigger(query, "search");
    });
  }

  form.setAttribute("data-kind", checked().value);
  // The desk opens ready for the keys: the chosen step has the focus, Enter registers it.
  if (!form.querySelector(".errorlist, .messages .error")) checked().focus();
})();
