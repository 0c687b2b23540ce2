// Shared helpers. Everything from the server is treated as text: nodes are built with textContent, never innerHTML.
"use strict";
window.Dossier = (function () {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "href") node.setAttribute("href", safeHref(value));
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Only this app's own pages (relative paths) become links.
  function safeHref(value) {
    const text = String(value);
    return text.startsWith("/") && !text.startsWith("//") ? text : "#";
  }

  async function fetchJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const message = body && body.error ? body.error.message : response.statusText;
      throw new Error(`${response.status}: ${message}`);
    }
    return body;
  }

  function showError(box, error) {
    box.replaceChildren(el("p", { class: "notice", role: "alert" }, `Could not load the data (${error.message}).`));
  }

  return { el, fetchJSON, showError };
})();
