// Baton staff inbox: live refresh (Server-Sent Events), SLA countdowns, local times, shortcuts.
// The pages work without this script; it only keeps them fresh and quick to drive by keyboard.
(() => {
  "use strict";
  const body = document.body;
  const pageKind = body.dataset.page;
  const conversationId = body.dataset.conversation || "";
  if (pageKind === "login") return;

  // -- times and SLA clocks ----------------------------------------------------------------
  const timeFormat = {
    short: new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }),
    full: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }),
  };
  function localTimes(root) {
    for (const el of root.querySelectorAll("time[datetime]")) {
      const when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) el.textContent = (timeFormat[el.dataset.format] || timeFormat.short).format(when);
    }
  }
  function duration(seconds) {
    seconds = Math.floor(seconds);
    if (seconds < 60) return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
  }
  function tick() {
    const now = Date.now() / 1000;
    for (const el of document.querySelectorAll(".sla[data-due]")) {
      const left = Number(el.dataset.due) - now;
      el.textContent = left >= 0 ? `reply due in ${duration(left)}` : `overdue by ${duration(-left)}`;
      el.classList.toggle("late", left < 0);
    }
  }

  // -- live refresh ------------------------------------------------------------------------
  const live = document.getElementById("live");
  function status(state, text) {
    if (!live) return;
    live.dataset.status = state;
    live.textContent = text;
  }
  const timeline = () => document.querySelector(".timeline");
  function nearBottom(el) { return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80; }
  function toBottom() { const el = timeline(); if (el) el.scrollTop = el.scrollHeight; }

  let refreshing = false, again = false, timer = null, sending = false;
  // While a pointer is pressed the page is not redrawn: a button replaced between its mousedown
  // and mouseup gets no click, and the note or action it was meant to send would be lost.
  let pressed = false, held = false;
  const served = {};  // each live region's HTML as the server last sent it (before local times)
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }
  async function refresh() {
    if (sending) return;
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      // Marked as a background refresh: it must not take the flash meant for the page itself.
      const response = await fetch(location.href, {
        credentials: "same-origin", cache: "no-store", headers: { "X-Baton-Live": "1" },
      });
      if (response.redirected && new URL(response.url).pathname.startsWith("/inbox/login")) {
        location.reload(); // the session ended: show the sign-in page
        return;
      }
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (sending) return;
      if (pressed) { held = true; return; } // pressed while this was on its way: draw it after the click
      const stick = nearBottom(timeline());
      swap(fresh);
      if (stick) toBottom();
      localTimes(document);
      tick();
    } catch (err) {
      status("offline", "Offline: retrying…");
    } finally {
      refreshing = false;
      if (again) { again = false; schedule(); }
    }
  }
  // Replace every [data-live] region with the fresh one, keeping drafts, focus and selection.
  function swap(fresh) {
    const active = document.activeElement;
    const focusId = active && active.id;
    const caret = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
    const drafts = {}, picked = {}, opened = {};
    for (const field of document.querySelectorAll("[data-live] textarea[id], [data-live] input[id]:not([type=hidden]):not([type=file]), [data-live] select[id]")) {
      drafts[field.id] = field.value;
    }
    for (const box of document.querySelectorAll("[data-live] details[id]")) opened[box.id] = box.open;
    // Files chosen to attach move to the new form (a file input's value can't be set by a script).
    for (const field of document.querySelectorAll("[data-live] input[type=file][id]")) {
      if (field.files && field.files.length) picked[field.id] = field.files;
    }
    for (const region of document.querySelectorAll("[data-live]")) {
      const next = fresh.querySelector(`[data-live="${region.dataset.live}"]`);
      if (!next) continue;
      // A region the server drew the same as last time stays: a click on it (a photo, a button)
      // is not lost to a node swapped underneath, and its images are not loaded again.
      const html = next.outerHTML;
      if (served[region.dataset.live] === html) continue;
      served[region.dataset.live] = html;
      region.replaceWith(document.importNode(next, true));
    }
    // What the person typed wins over what the server put in the box, even when they emptied it.
    for (const [id, value] of Object.entries(drafts)) {
      const field = document.getElementById(id);
      if (field) field.value = value;
    }
    for (const [id, open] of Object.entries(opened)) {
      const box = document.getElementById(id);
      if (box && box.tagName === "DETAILS") box.open = open;
    }
    for (const [id, files] of Object.entries(picked)) {
      const field = document.getElementById(id);
      if (field && field.type === "file") field.files = files;
    }
    if (focusId) {
      const field = document.getElementById(focusId);
      if (field) {
        field.focus();
        if (caret && "setSelectionRange" in field) { try { field.setSelectionRange(caret[0], caret[1]); } catch (e) {} }
      }
    }
    document.title = fresh.title;
  }

  function released() {
    pressed = false;
    // After the click (and the submit it may start) has run: a refresh held meanwhile runs then.
    if (held) { held = false; setTimeout(schedule, 0); }
  }
  document.addEventListener("pointerdown", () => { pressed = true; }, true);
  document.addEventListener("pointerup", released, true);
  document.addEventListener("pointercancel", released, true);
  window.addEventListener("blur", released); // a button let go of outside the window is let go

  function connect() {
    if (!("EventSource" in window)) return;
    const source = new EventSource("/inbox/live");
    source.addEventListener("ready", () => {
      status("live", "Live");
      // Wake-ups sent between rendering this page (or losing the stream) and subscribing are
      // lost: fetch once now so nothing said in that gap stays hidden.
      schedule();
    });
    source.onmessage = (event) => {
      let wake = {};
      try { wake = JSON.parse(event.data); } catch (e) { return; }
      // A conversation page shows only its own conversation; the list shows them all.
      if (pageKind === "conversation" && wake.kind !== "resync" && wake.conversation !== conversationId) return;
      schedule();
    };
    source.onerror = () => status("offline", "Reconnecting…");
  }

  // -- keyboard ----------------------------------------------------------------------------
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  function focusField(id) {
    const el = document.getElementById(id);
    if (el) { el.focus(); el.scrollIntoView({ block: "nearest" }); }
    return !!el;
  }
  function moveInList(step) {
    const links = [...document.querySelectorAll(".rows a.open")];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    const next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
    links[next].scrollIntoView({ block: "nearest" });
  }
  function helpBox() {
    let box = document.getElementById("help");
    if (box) return box;
    box = document.createElement("div");
    box.id = "help";
    box.className = "help";
    box.hidden = true;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Keyboard shortcuts");
    const keys = [
      ["j / k", "next / previous conversation (list)"], ["Enter", "open it"], ["c", "claim"],
      ["r", "write a reply"], ["n", "write an internal note"], ["p", "pass to another queue"],
      ["g", "back to the inbox"], ["Ctrl+Enter", "send what you are writing"], ["Esc", "leave the text box"],
      ["?", "this help"],
    ];
    const card = document.createElement("div");
    card.className = "card";
    const title = document.createElement("h1");
    title.textContent = "Keyboard shortcuts";
    const list = document.createElement("dl");
    for (const [key, what] of keys) {
      const dt = document.createElement("dt"); dt.textContent = key;
      const dd = document.createElement("dd"); dd.textContent = what;
      list.append(dt, dd);
    }
    card.append(title, list);
    box.append(card);
    box.addEventListener("click", () => { box.hidden = true; });
    body.append(box);
    return box;
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (typing(target)) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.form) {
        event.preventDefault();
        target.form.requestSubmit();
      } else if (event.key === "Escape") {
        target.blur();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const help = document.getElementById("help");
    if (event.key === "Escape" && help && !help.hidden) { help.hidden = true; return; }
    switch (event.key) {
      case "?": { const box = helpBox(); box.hidden = !box.hidden; break; }
      case "j": moveInList(1); break;
      case "k": moveInList(-1); break;
      case "g": if (pageKind !== "list") location.href = "/inbox"; break;
      case "c": { const claim = document.getElementById("claim"); if (claim) claim.click(); else return; break; }
      case "r": if (!focusField("reply-text")) return; break;
      case "n": if (!focusField("note-text")) return; break;
      case "p": if (!focusField("pass-route")) return; break;
      default: return;
    }
    event.preventDefault();
  });

  // -- saved replies -----------------------------------------------------------------------
  // A picked reply goes in where the caret is, keeping what was typed; without this script the
  // link reloads the page with the reply in the box.
  function insertReply(text) {
    const box = document.getElementById("reply-text");
    if (!box) return false;
    const start = box.selectionStart ?? box.value.length, end = box.selectionEnd ?? start;
    const before = box.value.slice(0, start), after = box.value.slice(end);
    const gap = before && !/\s$/.test(before) ? "\n\n" : "";
    box.value = before + gap + text + after;
    const caret = (before + gap + text).length;
    box.focus();
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".saved a[data-text]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    if (!insertReply(link.dataset.text)) return;
    event.preventDefault();
    const menu = link.closest("details");
    if (menu) menu.open = false;
  });
  // A reply picked without the script (or a shared link) is in the box now; the address must not
  // keep asking for it, or a live redraw or reload would put it back after it was cleared.
  if (new URLSearchParams(location.search).has("reply")) {
    const clean = new URL(location.href);
    clean.searchParams.delete("reply");
    history.replaceState(history.state, "", clean.pathname + clean.search + clean.hash);
  }

  // Two quick clicks must not post twice. While a form is on its way (a reply's files may take
  // a while to upload) the page is not redrawn, so the sent form stays the one on the page.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    sending = true;
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return; // back to this page from the history: it may be sent again
    sending = false;
    for (const form of document.querySelectorAll("form[data-sent]")) delete form.dataset.sent;
    schedule();
  });

  // The regions as the server drew this page, before local times change them: the refresh the
  // live stream's "ready" asks for then redraws only what changed since.
  for (const region of document.querySelectorAll("[data-live]")) served[region.dataset.live] = region.outerHTML;
  localTimes(document);
  tick();
  toBottom();
  setInterval(tick, 1000);
  connect();
})();
