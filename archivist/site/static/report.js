// Reader error reports, better with JavaScript: select text in the article, click, done.
// Without this file the plain form at the end of the article and the ⚑ links work alone.
(function () {
  "use strict";
  var article = document.querySelector(".article[data-article-id]");
  var section = document.getElementById("report");
  var form = document.getElementById("report-form");
  if (!article || !section || !form) { return; }
  var status = form.querySelector(".report-status");
  var popup = document.createElement("button");
  popup.type = "button";
  popup.className = "report-popup";
  popup.hidden = true;
  popup.textContent = "⚑ " + (form.getAttribute("data-label") || "Report");
  document.body.appendChild(popup);
  var pending = null;

  function blockOf(node) {
    while (node && node !== article) {
      if (node.nodeType === 1 && node.hasAttribute("data-block")) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  function open(blockIndex, text) {
    form.elements.block.value = blockIndex === null ? "" : String(blockIndex);
    form.elements.selected_text.value = (text || "").slice(0, 1000);
    status.textContent = "";
    status.className = "report-status";
    section.open = true;
    section.classList.add("is-open");
    form.elements.category.focus();
  }

  function onSelect() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { popup.hidden = true; return; }
    var range = sel.getRangeAt(0);
    var block = blockOf(range.startContainer);
    if (!block) { popup.hidden = true; return; }
    pending = { block: block.getAttribute("data-block"), text: sel.toString().trim() };
    var box = range.getBoundingClientRect();
    popup.style.left = Math.max(8, box.left + window.scrollX) + "px";
    popup.style.top = (box.bottom + window.scrollY + 6) + "px";
    popup.hidden = false;
  }

  document.addEventListener("mouseup", function (e) { if (e.target !== popup) { setTimeout(onSelect, 0); } });
  document.addEventListener("keyup", function (e) { if (e.shiftKey) { onSelect(); } });
  popup.addEventListener("click", function () {
    popup.hidden = true;
    if (pending) { open(pending.block, pending.text); }
  });

  article.querySelectorAll("a.flag").forEach(function (link) {
    link.addEventListener("click", function (e) {
      var block = link.parentNode;
      if (!block.hasAttribute("data-block")) { return; }
      e.preventDefault();
      open(block.getAttribute("data-block"), block.textContent.replace(link.textContent, "").trim());
    });
  });
  document.querySelectorAll("a.report-link").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      open(null, "");
      section.scrollIntoView({ block: "nearest" });
    });
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var f = form.elements;
    var body = {
      article_id: Number(f.article_id.value),
      revision_id: f.revision_id.value ? Number(f.revision_id.value) : null,
      block: f.block.value === "" ? null : Number(f.block.value),
      category: f.category.value,
      selected_text: f.selected_text.value,
      comment: f.comment.value,
      email: f.email.value,
      website: f.website.value
    };
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch("/api/reports", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": f.csrf_token.value },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        status.className = "report-status confirmation";
        status.textContent = form.getAttribute("data-thanks") || result.data.message;
        f.comment.value = "";
        f.selected_text.value = "";
      } else {
        status.className = "report-status error";
        status.textContent = typeof result.data.detail === "string" ? result.data.detail : "Error";
      }
    }).catch(function () {
      button.disabled = false;
      form.submit();  // the network path failed: fall back to the plain form
    });
  });
})();
