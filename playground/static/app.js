// hirebot playground: sends what the person does to /api/ and redraws from the server's state
// whenever the fake Slack reports a change. All HTML comes from the server, already escaped;
// this script only ever sets text with textContent.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const ui = {
    user: body.dataset.user,
    channel: body.dataset.channel,
    tab: new URLSearchParams(location.search).get("tab") || "", // of the app's page: "home" or "messages"
    state: null,
    seen: new Map(), // "person|conversation" → newest change counter seen there
    drawn: new Map(), // element → the HTML last drawn in it
    fetching: false,
    again: false,
  };

  // ---- talking to the server ----

  async function post(path, payload) {
    const res = await fetch("/api/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ user: ui.user }, payload)),
    });
    let ans = {};
    try { ans = await res.json(); } catch (e) { ans = { error: "The playground did not answer (" + res.status + ")." }; }
    // A refused action is answered 200 with ok false; a form's errors are shown by the caller.
    if (!res.ok || (!ans.ok && !ans.errors)) throw new Error(ans.error || "Something went wrong (" + res.status + ").");
    return ans;
  }

  async function refresh() {
    if (ui.fetching) { ui.again = true; return; }
    ui.fetching = true;
    try {
      const asked = { user: ui.user, channel: ui.channel, tab: ui.tab };
      const q = new URLSearchParams(asked);
      const res = await fetch("/api/state?" + q.toString(), { cache: "no-store" });
      const st = res.ok ? await res.json() : null;
      if (asked.user !== ui.user || asked.channel !== ui.channel || asked.tab !== ui.tab) {
        ui.again = true; // the person moved on while this was on its way: it is stale
      } else if (st) {
        apply(st);
      }
    } catch (e) {
      setConn(false);
    } finally {
      ui.fetching = false;
      if (ui.again) { ui.again = false; refresh(); }
    }
  }

  function listen() {
    const es = new EventSource("/api/events");
    es.addEventListener("change", refresh);
    es.onerror = () => setConn(false);
  }

  // ---- drawing ----

  function apply(st) {
    const switched = st.user.id !== ui.user || st.channel.id !== ui.channel || st.tab !== ui.tab || !ui.state;
    ui.user = st.user.id;
    ui.channel = st.channel.id;
    ui.tab = st.tab;
    ui.state = st;
    body.dataset.user = ui.user;
    body.dataset.channel = ui.channel;
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    setHTML($("sidebar"), st.html.sidebar);
    setHTML($("header"), st.html.header);
    setHTML(list, st.html.messages);
    const home = st.tab === "home";
    list.classList.toggle("home", home);
    if (switched) list.scrollTop = home ? 0 : list.scrollHeight;
    else if (atBottom && !home) list.scrollTop = list.scrollHeight;
    drawModal(st);
    $("composer").hidden = st.channel.read_only;
    $("composer-off").hidden = !st.channel.read_only || home;
    // A redraw for news keeps the ⚡ menu open, as Slack does; moving elsewhere closes it.
    if (switched) $("shortcut-menu").hidden = true;
    const label = st.channel.is_dm ? "Message " + st.channel.name : "Message #" + st.channel.name;
    $("composer-input").placeholder = label;
    $("composer-input").setAttribute("aria-label", label);
    $("acting-name").textContent = st.user.real_name;
    $("acting-role").textContent = st.user.role;
    setConn(st.connected);
    markUnread(st);
    const params = { user: ui.user, channel: ui.channel };
    if (home) params.tab = "home";
    const url = "/?" + new URLSearchParams(params).toString();
    if (location.pathname + location.search !== url) history.replaceState(null, "", url);
  }

  // setHTML redraws a part of the page only when it changed, so an unrelated update keeps what
  // the person is pointing at, has open or has focused.
  function setHTML(el, html) {
    if (ui.drawn.get(el) === html) return;
    el.innerHTML = html;
    ui.drawn.set(el, html);
  }

  // drawModal replaces the dialog only when the server says it changed, so typing survives.
  function drawModal(st) {
    const root = $("modal-root");
    const current = root.querySelector(".modal-backdrop");
    if (!st.html.modal) { root.innerHTML = ""; return; }
    if (current && current.dataset.key === st.html.modal_key) return;
    const sameView = current && current.dataset.view === (st.view && st.view.id);
    root.innerHTML = st.html.modal;
    if (!sameView) {
      const field = root.querySelector(".modal-body input, .modal-body textarea, .modal-body select");
      if (field) field.focus();
    }
  }

  function setConn(on) {
    const el = $("conn");
    el.classList.toggle("online", on);
    el.textContent = on ? "hirebot connected" : "hirebot connecting…";
  }

  // markUnread bolds conversations and people with messages the page has not shown yet.
  function markUnread(st) {
    const seen = (key, latest) => {
      if (!ui.seen.has(key)) ui.seen.set(key, latest);
      return ui.seen.get(key);
    };
    ui.seen.set(st.user.id + "|" + st.channel.id, st.channel.latest);
    document.querySelectorAll("#sidebar [data-conv]").forEach((a) => {
      const latest = Number(a.dataset.latest);
      a.classList.toggle("unread", latest > seen(st.user.id + "|" + a.dataset.conv, latest));
    });
    document.querySelectorAll("#sidebar [data-person]").forEach((a) => {
      const latest = Number(a.dataset.latest);
      a.classList.toggle("unread", latest > seen(a.dataset.person + "|" + a.dataset.dm, latest));
    });
  }

  function toast(text, bad) {
    const t = $("toast");
    t.textContent = text;
    t.classList.toggle("bad", !!bad);
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, bad ? 7000 : 5000);
  }

  // ---- reading controls ----

  // controlValues is what a control holds, as the strings the server expects.
  function controlValues(el) {
    if (el.matches("select, input, textarea")) return el.value === "" ? [] : [el.value];
    return Array.from(el.querySelectorAll("input:checked")).map((i) => i.value);
  }

  function formValues(modal) {
    const values = {};
    modal.querySelectorAll('.modal-body [data-kind="input"], .modal-body [data-kind="dispatch"]').forEach((el) => {
      const b = el.dataset.block;
      values[b] = values[b] || {};
      values[b][el.dataset.action] = el.matches("input, textarea") ? [el.value] : controlValues(el);
    });
    return values;
  }

  // where is the message, modal or Home tab an element belongs to.
  function where(el) {
    const modal = el.closest(".modal-backdrop");
    if (modal) return { view: modal.dataset.view, values: formValues(modal) };
    if (el.closest(".home-view")) return { home: true };
    const msg = el.closest(".msg");
    return { channel: msg.dataset.channel, ts: msg.dataset.ts };
  }

  function showFieldErrors(errors) {
    const modal = document.querySelector(".modal-backdrop");
    if (!modal) return;
    modal.querySelectorAll(".sk-input-block").forEach((blk) => {
      const msg = errors[blk.dataset.block] || "";
      blk.classList.toggle("has-error", msg !== "");
      blk.querySelector(".sk-field-error").textContent = msg;
    });
  }

  // ---- acting ----

  async function act(path, payload, busyEl) {
    if (busyEl) busyEl.classList.add("busy");
    try {
      const ans = await post(path, payload);
      if (ans.errors) showFieldErrors(ans.errors);
      if (ans.notice) toast(ans.notice);
      return ans;
    } catch (e) {
      toast(e.message, true);
      return null;
    } finally {
      if (busyEl) busyEl.classList.remove("busy");
      refresh();
    }
  }

  function confirmFirst(tpl) {
    return new Promise((resolve) => {
      const box = $("confirm");
      const content = tpl.content;
      $("confirm-body").replaceChildren(content.querySelector("h2").cloneNode(true), content.querySelector(".sk-text").cloneNode(true));
      $("confirm-body").querySelector("h2").id = "confirm-title";
      const yes = $("confirm-yes");
      const no = $("confirm-no");
      yes.textContent = content.querySelector(".yes").textContent;
      no.textContent = content.querySelector(".no").textContent;
      yes.className = "sk-btn " + (tpl.dataset.style === "danger" ? "sk-danger" : "sk-primary");
      box.hidden = false;
      yes.focus();
      const done = (ok) => { box.hidden = true; yes.onclick = no.onclick = null; resolve(ok); };
      yes.onclick = () => done(true);
      no.onclick = () => done(false);
    });
  }

  async function clickButton(btn) {
    const wrap = btn.closest(".sk-confirmable");
    const tpl = wrap && wrap.querySelector("template.sk-confirm");
    if (tpl && !(await confirmFirst(tpl))) return;
    act("click", Object.assign(where(btn), { block: btn.dataset.block, action: btn.dataset.action }), btn);
  }

  // pickMenuItem sends an overflow menu's choice, after its confirm dialog if it has one.
  async function pickMenuItem(item) {
    const menu = item.closest("details");
    menu.open = false;
    const tpl = menu.querySelector(":scope > template.sk-confirm");
    if (tpl && !(await confirmFirst(tpl))) return;
    pick(menu, [item.dataset.value]);
  }

  function pick(el, value) {
    act("select", Object.assign(where(el), { block: el.dataset.block, action: el.dataset.action, value: value }), el);
  }

  // setNav opens or closes the sidebar on a narrow screen, where it slides over the messages.
  function setNav(open) {
    body.classList.toggle("nav-open", open);
    $("nav-toggle").setAttribute("aria-expanded", String(open));
  }

  // navigate shows a person a conversation; in the DM with the bot, tab is the app page's tab.
  // Opening the Home tab tells the bot, as Slack does, so it can publish what the person sees.
  function navigate(user, channel, tab) {
    setNav(false);
    const opening = tab === "home" && (user !== ui.user || ui.tab !== "home");
    const modal = document.querySelector(".modal-backdrop");
    if (modal && user !== ui.user) {
      // Keep what this person typed in their form, as Slack would while they look away.
      post("sync", { view: modal.dataset.view, values: formValues(modal) }).catch(() => {});
    }
    ui.user = user;
    ui.channel = channel;
    ui.tab = tab || "";
    $("cmd-hints").hidden = true;
    $("shortcut-menu").hidden = true;
    $("composer-error").hidden = true;
    refresh();
    if (opening) act("home", { tab: "home" });
  }

  async function send(text) {
    const input = $("composer-input");
    const err = $("composer-error");
    err.hidden = true;
    $("cmd-hints").hidden = true;
    if (text.trim() === "") return;
    input.value = "";
    try {
      await post("command", { channel: ui.channel, text: text });
    } catch (e) {
      input.value = text;
      err.textContent = e.message;
      err.hidden = false;
    }
    refresh();
  }

  function showHints() {
    const input = $("composer-input");
    const box = $("cmd-hints");
    const v = input.value;
    const cmds = (ui.state && ui.state.commands) || [];
    if (!v.startsWith("/") || v.includes(" ") || cmds.length === 0) { box.hidden = true; return; }
    const matches = cmds.filter((c) => c.name.startsWith(v));
    box.replaceChildren(...matches.map((c) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "cmd-hint";
      b.dataset.command = c.name;
      const name = document.createElement("strong");
      name.textContent = c.name + (c.usage ? " " + c.usage : "");
      const desc = document.createElement("span");
      desc.textContent = c.description;
      b.append(name, desc);
      return b;
    }));
    box.hidden = matches.length === 0;
  }

  // showShortcuts lists the bot's global shortcuts above the message box.
  function showShortcuts() {
    const box = $("shortcut-menu");
    if (!box.hidden) { box.hidden = true; return; }
    const list = ((ui.state && ui.state.shortcuts) || []).filter((s) => !s.message);
    const title = document.createElement("div");
    title.className = "menu-title";
    title.textContent = list.length ? "Shortcuts · hirebot" : "hirebot has no shortcuts";
    box.replaceChildren(title, ...list.map((s) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "cmd-hint";
      b.dataset.globalShortcut = s.callback_id;
      const name = document.createElement("strong");
      name.textContent = s.name;
      const desc = document.createElement("span");
      desc.textContent = s.description;
      b.append(name, desc);
      return b;
    }));
    $("cmd-hints").hidden = true;
    box.hidden = false;
  }

  // closeMenus closes the open menus the person clicked outside of, as Slack does.
  function closeMenus(target) {
    document.querySelectorAll("details[open]").forEach((d) => { if (!d.contains(target)) d.open = false; });
    if (!target.closest("#shortcut-menu, #shortcuts")) $("shortcut-menu").hidden = true;
  }

  // ---- wiring ----

  document.addEventListener("click", (ev) => {
    const t = ev.target;
    closeMenus(t);
    const link = t.closest("a[data-conv], a[data-person], a[data-tab]");
    if (link) {
      ev.preventDefault();
      if (link.dataset.person) {
        const dm = ui.state && ui.state.channel.is_dm;
        navigate(link.dataset.person, dm ? link.dataset.dm : ui.channel, dm ? ui.tab : "");
      } else if (link.dataset.tab) {
        navigate(ui.user, ui.channel, link.dataset.tab);
      } else {
        navigate(ui.user, link.dataset.conv, "");
      }
      return;
    }
    if (t.closest("#shortcuts")) { showShortcuts(); return; }
    const global = t.closest("[data-global-shortcut]");
    if (global) {
      $("shortcut-menu").hidden = true;
      act("shortcut", { callback: global.dataset.globalShortcut });
      return;
    }
    const shortcut = t.closest(".msg [data-shortcut]");
    if (shortcut) {
      const msg = shortcut.closest(".msg");
      shortcut.closest("details").open = false;
      act("shortcut", { channel: msg.dataset.channel, ts: msg.dataset.ts, callback: shortcut.dataset.shortcut });
      return;
    }
    const fill = t.closest("[data-fill]");
    if (fill) { send(fill.dataset.fill); return; }
    const hint = t.closest("[data-command]");
    if (hint) {
      const input = $("composer-input");
      input.value = hint.dataset.command + " ";
      input.focus();
      $("cmd-hints").hidden = true;
      return;
    }
    if (t.closest("#nav-toggle")) { setNav(!body.classList.contains("nav-open")); return; }
    if (t.closest("#nav-backdrop")) { setNav(false); return; }
    if (t.closest("#sweep")) { act("sweep", {}, $("sweep")); return; }
    if (t.closest("#fast-forward")) { act("fast-forward", {}, $("fast-forward")); return; }
    const item = t.closest(".sk-overflow .sk-menu-item");
    if (item) { pickMenuItem(item); return; }
    const btn = t.closest('[data-kind="action"][data-type="button"]');
    if (btn) {
      if (btn.tagName !== "A") ev.preventDefault();
      clickButton(btn);
      return;
    }
    const modal = t.closest(".modal-backdrop");
    if (!modal) return;
    const view = modal.dataset.view;
    if (t.closest("[data-submit]")) {
      act("submit", { view: view, values: formValues(modal) }, t.closest("[data-submit]"));
    } else if (t.closest("[data-close]")) {
      act("close", { view: view }, t.closest("[data-close]"));
    } else if (t.closest("[data-dismiss]")) {
      act("close", { view: view, dismiss: true }, t.closest("[data-dismiss]"));
    }
  });

  document.addEventListener("change", (ev) => {
    const el = ev.target.closest('[data-kind="action"], [data-kind="dispatch"]');
    if (el && el.dataset.type !== "button" && el.dataset.type !== "overflow") pick(el, controlValues(el));
  });

  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !$("confirm").hidden) { $("confirm-no").click(); return; }
    if (ev.key === "Escape" && body.classList.contains("nav-open")) { setNav(false); return; }
    if (ev.key === "Escape" && (!$("shortcut-menu").hidden || document.querySelector("details[open]"))) { closeMenus(document.body); return; }
    if (ev.key === "Escape") {
      const modal = document.querySelector(".modal-backdrop");
      if (modal) act("close", { view: modal.dataset.view, dismiss: true });
    }
  });

  const input = $("composer-input");
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); send(input.value); }
    if (ev.key === "Tab" && !$("cmd-hints").hidden) {
      ev.preventDefault();
      const firstHint = $("cmd-hints").querySelector("[data-command]");
      if (firstHint) firstHint.click();
    }
  });
  input.addEventListener("input", () => {
    $("composer-error").hidden = true; // the error was about what was sent, not what is typed now
    showHints();
  });
  $("composer").addEventListener("submit", (ev) => { ev.preventDefault(); send(input.value); });

  $("messages").scrollTop = $("messages").scrollHeight;
  listen();
  const startTab = ui.tab; // a page opened on the Home tab opens it, as a click on the tab does
  ui.tab = "";
  navigate(ui.user, ui.channel, startTab);
})();
