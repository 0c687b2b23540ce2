// Reader: toggle highlight layers, light up every fragment of the annotation under the pointer, and show the
// details of all layers at a tapped word (titles are invisible on touch screens).
"use strict";
(function () {
  const text = document.getElementById("article-text");
  const tip = document.getElementById("tip");
  if (!text || !tip) return;
  const { el } = window.Dossier;

  // Which layers are on is the reader's choice, kept in localStorage; only quotes are on until they choose.
  const KEY = "dossier.reader.layers";
  const boxes = Array.from(document.querySelectorAll("#layers input[data-layer]"));
  function apply() {
    for (const box of boxes) text.classList.toggle(`hide-${box.dataset.layer}`, !box.checked);
  }
  let saved = null;
  try {
    saved = JSON.parse(window.localStorage.getItem(KEY) || "null");
  } catch (error) {
    saved = null; // storage disabled or a value from elsewhere: keep the default
  }
  if (Array.isArray(saved)) for (const box of boxes) box.checked = saved.includes(box.dataset.layer);
  apply();
  for (const box of boxes) {
    box.addEventListener("change", () => {
      apply();
      try {
        window.localStorage.setItem(KEY, JSON.stringify(boxes.filter((b) => b.checked).map((b) => b.dataset.layer)));
      } catch (error) {
        // private mode without storage: the choice lasts for this page only
      }
    });
  }
  const shown = (node) => !text.classList.contains(`hide-${node.className.match(/hl-(\w+)/)[1]}`);

  let lit = [];
  function light(ref) {
    for (const node of lit) node.classList.remove("lit");
    lit = ref ? Array.from(text.querySelectorAll(`[data-ref="${CSS.escape(ref)}"]`)) : [];
    for (const node of lit) node.classList.add("lit");
  }
  text.addEventListener("mouseover", (event) => {
    const hl = event.target.closest(".hl");
    light(hl ? hl.dataset.ref : null);
  });
  text.addEventListener("mouseleave", () => light(null));

  // Details of the layers that are on, innermost last; a highlighted link is opened from the panel, so the first
  // tap on a phone shows what it is instead of leaving the page.
  function details(target) {
    const found = [];
    for (let node = target; node && node !== text; node = node.parentElement) {
      if (node.classList && node.classList.contains("hl") && node.title && shown(node)) found.push(node);
    }
    return found.reverse();
  }
  text.addEventListener("click", (event) => {
    const found = details(event.target);
    if (!found.length) {
      tip.hidden = true;
      return;
    }
    event.preventDefault();
    tip.replaceChildren(
      ...found.map((node) =>
        el("p", {}, node.title, node.href ? el("a", { href: node.getAttribute("href"), class: "tip-link" }, " open →") : null),
      ),
    );
    tip.hidden = false;
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") tip.hidden = true;
  });
})();
