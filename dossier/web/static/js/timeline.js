// Timeline: events from /timeline.json drawn with vis-timeline. A day is a point; a month, week, season, year or
// decade is a band over exactly that stretch. Selecting an event lists the sentences that report it.
"use strict";
(function () {
  const box = document.getElementById("timeline");
  const panel = document.getElementById("event-panel");
  if (!box || !panel) return;
  const { el, fetchJSON, showError } = window.Dossier;
  const DAY_MS = 24 * 60 * 60 * 1000;

  function label(event) {
    const who = event.participants.filter((p) => p.role !== "location").map((p) => p.name);
    return el(
      "span",
      { class: "item-label" },
      `${event.type}${who.length ? ": " + who.slice(0, 3).join(", ") : ""}`,
      event.granularity === "day" ? null : el("span", { class: "gran" }, `(${event.date_label})`),
    );
  }

  function participantNodes(event) {
    const nodes = [];
    event.participants.forEach((p, i) => {
      if (i) nodes.push(", ");
      nodes.push(p.href ? el("a", { href: p.href }, p.name) : p.name, " ", el("span", { class: "role" }, p.role));
    });
    return nodes;
  }

  function show(event) {
    if (!event) {
      panel.replaceChildren(el("p", { class: "muted" }, "Select an event on the timeline."));
      return;
    }
    const mentions = event.mentions.map((m) =>
      el(
        "li",
        {},
        el("a", { href: m.href }, m.title || m.doc_id),
        m.outlet ? el("span", { class: "muted" }, ` · ${m.outlet}`) : null,
        el("span", { class: "muted" }, ` · ${m.mode}`),
        el("blockquote", {}, `“${m.sentence}”`),
      ),
    );
    panel.replaceChildren(
      el("h2", {}, `${event.type} · ${event.date_label}`),
      el("p", { class: "muted" }, `${event.polarity} · date given to the ${event.granularity} · ${event.doc_count} document${event.doc_count === 1 ? "" : "s"} · ${event.modes.join("/")}`),
      event.participants.length ? el("p", { class: "participants" }, ...participantNodes(event)) : null,
      el("h3", {}, "Reported in"),
      el("ol", { class: "mentions" }, ...mentions),
    );
  }

  // The window of DENSE_SPAN holding the most event starts: [first start, last end] of the events inside it.
  const DENSE_SPAN = 365 * DAY_MS;
  function densest(events) {
    const starts = events.map((e) => [Date.parse(e.start), Date.parse(e.end)]).sort((a, b) => a[0] - b[0]);
    let best = [0, 0];
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (starts[i][0] - starts[j][0] > DENSE_SPAN) j++;
      if (i - j > best[1] - best[0]) best = [j, i];
    }
    const inside = starts.slice(best[0], best[1] + 1);
    return [inside[0][0], Math.max(...inside.map((s) => s[1]))];
  }

  function draw(data) {
    if (!data.events.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No dated events to draw."));
      return;
    }
    const byId = new Map(data.events.map((e) => [e.event_id, e]));
    const items = new window.vis.DataSet(
      data.events.map((e) => ({
        id: e.event_id,
        start: e.start,
        end: e.granularity === "day" ? undefined : e.end,
        type: e.granularity === "day" ? "point" : "range",
        content: label(e),
        className: `${e.polarity} g-${e.granularity} t-${e.type.toLowerCase()}`,
      })),
    );
    // open on the densest stretch (most events starting within a year), not on 1970–2025 with the news squeezed
    // against one edge; the whole span is a zoom-out away
    const [first, last] = densest(data.events);
    const room = Math.max((last - first) * 0.08, 15 * DAY_MS);
    const note = document.getElementById("densest");
    if (note) note.textContent = `opened on ${new Date(first).getUTCFullYear()}–${new Date(last).getUTCFullYear()}, where most events are; zoom out for the rest`;
    const timeline = new window.vis.Timeline(box, items, {
      start: new Date(first - room),
      end: new Date(last + room * 2),
      stack: true,
      orientation: "top",
      zoomKey: "ctrlKey",
      horizontalScroll: true,
      verticalScroll: true,
      maxHeight: 520,
      minHeight: 320,
      zoomMin: 7 * DAY_MS,
      showCurrentTime: false,
      margin: { item: { horizontal: 2, vertical: 4 } },
    });
    timeline.on("select", (props) => show(byId.get(props.items[0])));
    window.dossierTimeline = timeline;
    box.dataset.ready = "true";
  }

  fetchJSON(box.dataset.source).then(draw, (error) => showError(box, error));
})();
