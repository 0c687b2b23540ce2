// Reader: toggle highlight layers, light up every fragment of the annotation under the pointer, and show the
// details of all layers at a tapped word (titles are invisible on touch screens).
"use strict";
(function () {
  const text = document.getElementById("article-text");
  const tip = document.getElementById("tip");
  if (!text || !tip) return;
  const { el } = window.Dossier;

  for (const box of document.querySelectorAll("#layers input[data-layer]")) {
    box.addEventListener("change", () => text.classList.toggle(`hide-${box.dataset.layer}`, !box.checked));
  }

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

  function details(target) {
    const lines = [];
    for (let node = target; node && node !== text; node = node.parentElement) {
      if (node.classList && node.classList.contains("hl") && node.title) lines.push(node.title);
    }
    return lines.reverse();
  }
  text.addEventListener("click", (event) => {
    const lines = details(event.target);
    if (!lines.length) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...lines.map((line) => el("p", {}, line)));
    tip.hidden = false;
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") tip.hidden = true;
  });
})();
