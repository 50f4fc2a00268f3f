// docai report, document page: tooltips, and linking table rows with their boxes.
// Boxes carry data-anchor (e.g. "field=total_amount"), rows data-target; the URL fragment
// selects one (doc.html#field=total_amount). Text is set with textContent, never parsed.
(function () {
  "use strict";

  function anchorOfHash() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ""; }
  }

  function withAttribute(name, value) {
    return Array.prototype.filter.call(document.querySelectorAll("[" + name + "]"),
      function (el) { return el.getAttribute(name) === value; });
  }

  function boxes(anchor) { return withAttribute("data-anchor", anchor); }
  function rows(anchor) { return withAttribute("data-target", anchor); }

  function visible(el) {
    var r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight &&
      r.left >= 0 && r.right <= window.innerWidth;
  }

  function select(scroll) {
    var anchor = anchorOfHash();
    document.querySelectorAll(".selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    if (!anchor) return;
    boxes(anchor).forEach(function (box, i) {
      box.classList.add("selected");
      if (scroll && i === 0 && !visible(box)) box.scrollIntoView({block: "center"});
    });
    rows(anchor).forEach(function (row) {
      row.classList.add("selected");
      var panel = row.closest(".panel");
      if (panel) {
        var top = row.offsetTop, bottom = top + row.offsetHeight;
        if (top < panel.scrollTop || bottom > panel.scrollTop + panel.clientHeight) {
          panel.scrollTop = top - panel.clientHeight / 3;
        }
      }
    });
  }

  function setHover(anchor, on) {
    boxes(anchor).concat(rows(anchor)).forEach(function (el) { el.classList.toggle("hover", on); });
  }

  function closest(event, selector) {
    return event.target.closest ? event.target.closest(selector) : null;
  }

  function init() {
    var tip = document.getElementById("tip");
    document.addEventListener("mouseover", function (event) {
      var el = closest(event, "[data-tip]");
      if (!el) { tip.hidden = true; return; }
      tip.textContent = el.getAttribute("data-tip");
      tip.hidden = false;
      if (el.hasAttribute("data-anchor")) setHover(el.getAttribute("data-anchor"), true);
    });
    document.addEventListener("mouseout", function (event) {
      var el = closest(event, "[data-anchor]");
      if (el) setHover(el.getAttribute("data-anchor"), false);
    });
    document.addEventListener("mousemove", function (event) {
      if (tip.hidden) return;
      var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 4);
      var y = event.clientY + 16;
      if (y + tip.offsetHeight > window.innerHeight) y = event.clientY - tip.offsetHeight - 8;
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    });
    document.addEventListener("click", function (event) {
      var box = closest(event, "[data-anchor]");
      var row = closest(event, "tr[data-target]");
      var anchor = box ? box.getAttribute("data-anchor")
        : row ? row.getAttribute("data-target") : "";
      if (!anchor || !boxes(anchor).length) return;
      event.preventDefault();
      history.replaceState(null, "", "#" + anchor);
      select(Boolean(row));
    });
    document.querySelectorAll("tr[data-target]").forEach(function (row) {
      var anchor = row.getAttribute("data-target");
      row.addEventListener("mouseenter", function () { setHover(anchor, true); });
      row.addEventListener("mouseleave", function () { setHover(anchor, false); });
    });
    window.addEventListener("hashchange", function () { select(true); });
    select(true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
