/*
 * Cluster support assistant: website chat widget.
 *
 * Embed with one tag (see docs/channels-web.md):
 *   <script src="https://assistant.example.org/webhooks/web/widget.js" defer></script>
 *
 * It loads its stylesheet and the pinned socket.io-client from the same folder as this file, talks
 * to Rasa's Socket.IO channel with session persistence, keeps the session id in localStorage and
 * shows the conversation's history (read from the server's tracker store) after a page reload.
 *
 * Security: every string that comes from the server or the user is inserted with textContent or as
 * an attribute value, never as HTML; links are only followed when they are http(s).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  if (window.__clusterAssistantWidget) {
    return; // embedded twice: keep the first
  }
  window.__clusterAssistantWidget = true;

  var data = script.dataset || {};
  var assetBase = new URL(".", script.src).href; // .../webhooks/web/
  var server = new URL(data.server || script.src).origin;
  var options = {
    title: data.title || "Cluster support assistant",
    subtitle: data.subtitle || "Partners, funding and calls across Europe",
    placeholder: data.placeholder || "Type your question\u2026",
    intro:
      data.intro ||
      "Hello! Ask me, for example: \u201chydrogen storage partners in Germany\u201d or \u201copen calls on battery recycling\u201d.",
    open: data.open === "true",
    container: data.container || "",
    socketPath: data.socketPath || "/socket.io/",
    storageKey: (data.storageKey || "cluster-assistant") + ":" + server,
    answerTimeoutMs: 60000,
  };

  var COUNTRY_NAMES = null;
  try {
    COUNTRY_NAMES = new Intl.DisplayNames([navigator.language || "en"], { type: "region" });
  } catch (e) {
    COUNTRY_NAMES = null;
  }

  // ---- storage (localStorage may be unavailable: private mode, sandboxed frames) ----
  var memory = {};
  function load(key) {
    try {
      return window.localStorage.getItem(options.storageKey + ":" + key);
    } catch (e) {
      return memory[key] || null;
    }
  }
  function save(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(options.storageKey + ":" + key);
      } else {
        window.localStorage.setItem(options.storageKey + ":" + key, value);
      }
    } catch (e) {
      memory[key] = value;
    }
  }

  // ---- DOM helpers: text only ----
  var uid = 0;
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }
  function srOnly(text) {
    return el("span", "caw-sr", text);
  }
  function safeUrl(value) {
    if (typeof value !== "string" || !value.trim()) {
      return null;
    }
    var candidate = value.trim();
    if (!/^[a-z][a-z0-9+.-]*:/i.test(candidate)) {
      candidate = "https://" + candidate.replace(/^\/+/, "");
    }
    try {
      var url = new URL(candidate);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }
  function countryName(code) {
    if (typeof code !== "string" || !code) {
      return "";
    }
    var name = "";
    try {
      name = COUNTRY_NAMES && /^[A-Z]{2}$/.test(code) ? COUNTRY_NAMES.of(code) : "";
    } catch (e) {
      name = "";
    }
    return name && name !== code ? name + " (" + code + ")" : code;
  }
  function link(href, label, context) {
    var url = safeUrl(href);
    if (!url) {
      return null;
    }
    var a = el("a", "caw-card-link", label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    if (context) {
      a.appendChild(srOnly(" " + context + " (opens in a new tab)"));
    }
    return a;
  }

  // ---- build the widget ----
  var host = options.container ? document.querySelector(options.container) : null;
  var floating = !host;
  var root = el("div", "caw " + (floating ? "caw--floating" : "caw--inline"));
  root.setAttribute("data-caw-ready", "false");
  var panelId = "caw-panel-" + ++uid;

  var launcher = null;
  if (floating) {
    launcher = el("button", "caw-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-controls", panelId);
    launcher.setAttribute("aria-expanded", "false");
    launcher.appendChild(el("span", "caw-launcher-icon", "\u{1F4AC}")).setAttribute("aria-hidden", "true");
    launcher.appendChild(el("span", "caw-launcher-label", "Chat with us"));
  }

  var panel = el("section", "caw-panel");
  panel.id = panelId;
  panel.setAttribute("aria-label", options.title);

  var header = el("header", "caw-header");
  var heading = el("div", "caw-heading");
  heading.appendChild(el("h2", "caw-title", options.title));
  heading.appendChild(el("p", "caw-subtitle", options.subtitle));
  header.appendChild(heading);
  var status = el("p", "caw-status");
  status.setAttribute("role", "status");
  header.appendChild(status);
  var closeButton = null;
  if (floating) {
    closeButton = el("button", "caw-close");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Close the chat");
    closeButton.appendChild(el("span", "", "\u00d7")).setAttribute("aria-hidden", "true");
    header.appendChild(closeButton);
  }
  panel.appendChild(header);

  var log = el("div", "caw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0; // scrollable with the keyboard
  var intro = el("p", "caw-intro", options.intro);
  log.appendChild(intro);
  // Privacy notice: what is kept, for how long, how to delete it. The server's text (with the
  // configured retention periods, bot/privacy/notice.py) replaces this one with the history.
  var PRIVACY_NOTICE =
    "Privacy: this conversation is stored for a limited time. Type \u201cdelete my data\u201d at any time to erase it.";
  var privacy = el("p", "caw-intro caw-privacy", PRIVACY_NOTICE);
  log.appendChild(privacy);
  panel.appendChild(log);

  var typing = el("div", "caw-typing");
  typing.setAttribute("role", "status");
  typing.hidden = true;
  var dots = el("span", "caw-dots");
  dots.setAttribute("aria-hidden", "true");
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  typing.appendChild(dots);
  typing.appendChild(el("span", "caw-typing-text", "The assistant is typing\u2026"));
  panel.appendChild(typing);

  var form = el("form", "caw-form");
  var inputId = "caw-input-" + uid;
  var label = el("label", "caw-sr", "Your message");
  label.htmlFor = inputId;
  var input = el("input", "caw-input");
  input.id = inputId;
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 2000;
  input.placeholder = options.placeholder;
  input.setAttribute("enterkeyhint", "send");
  var sendButton = el("button", "caw-send", "Send");
  sendButton.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);
  panel.appendChild(form);

  if (launcher) {
    root.appendChild(launcher);
  }
  root.appendChild(panel);

  // ---- open / close (floating mode) ----
  function setOpen(open, focus) {
    if (!floating) {
      return;
    }
    panel.hidden = !open;
    root.classList.toggle("caw--open", open);
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.hidden = open;
    save("open", open ? "1" : "0");
    if (focus) {
      (open ? input : launcher).focus();
    }
    if (open) {
      scrollToEnd();
    }
  }

  // ---- rendering ----
  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function addRow(from, node) {
    var row = el("div", "caw-msg caw-msg--" + from);
    row.appendChild(srOnly(from === "user" ? "You said: " : "Assistant: "));
    row.appendChild(node);
    log.appendChild(row);
    scrollToEnd();
    return row;
  }

  function addText(from, text) {
    return addRow(from, el("p", "caw-bubble", text));
  }

  function clearReplies() {
    var groups = log.querySelectorAll(".caw-replies");
    for (var i = 0; i < groups.length; i++) {
      groups[i].parentNode.removeChild(groups[i]);
    }
  }

  function addReplies(row, buttons) {
    var group = el("div", "caw-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    buttons.forEach(function (button) {
      if (!button || typeof button.payload !== "string") {
        return;
      }
      var title = typeof button.title === "string" && button.title ? button.title : button.payload;
      var b = el("button", "caw-reply", title);
      b.type = "button";
      b.addEventListener("click", function () {
        send(button.payload, title);
        input.focus();
      });
      group.appendChild(b);
    });
    if (group.childNodes.length) {
      row.appendChild(group);
      scrollToEnd();
    }
  }

  function field(card, className, labelText, value) {
    if (value === undefined || value === null || value === "") {
      return;
    }
    var p = el("p", className);
    p.appendChild(el("span", "caw-card-label", labelText + ": "));
    p.appendChild(document.createTextNode(String(value)));
    card.appendChild(p);
  }

  function partnerCard(item) {
    var card = el("article", "caw-card caw-card--partner");
    card.setAttribute("role", "listitem");
    card.appendChild(el("h3", "caw-card-title", item.name || "Unnamed organisation"));
    field(card, "caw-card-meta", "Country", countryName(item.country));
    if (item.why) {
      card.appendChild(el("p", "caw-card-why", item.why));
    }
    var a = link(item.website || item.url, "Website", "of " + (item.name || "this organisation"));
    if (a) {
      card.appendChild(a);
    }
    return card;
  }

  function callCard(item) {
    var card = el("article", "caw-card caw-card--call");
    card.setAttribute("role", "listitem");
    card.appendChild(el("h3", "caw-card-title", item.title || item.id || "Call"));
    if (item.status) {
      var badge = el("p", "caw-badge caw-badge--" + String(item.status).replace(/[^a-z_-]/gi, ""));
      badge.appendChild(el("span", "caw-card-label", "Status: "));
      badge.appendChild(document.createTextNode(String(item.status)));
      card.appendChild(badge);
    }
    if (item.deadline) {
      var p = el("p", "caw-card-meta");
      p.appendChild(el("span", "caw-card-label", "Deadline: "));
      var time = el("time", "", item.deadline);
      if (/^\d{4}-\d{2}-\d{2}/.test(String(item.deadline))) {
        time.dateTime = String(item.deadline).slice(0, 10);
      }
      p.appendChild(time);
      card.appendChild(p);
    }
    field(card, "caw-card-meta", "Programme", item.programme);
    field(card, "caw-card-meta", "Identifier", item.id);
    var a = link(item.url, "Call page", "for " + (item.title || item.id || "this call"));
    if (a) {
      card.appendChild(a);
    }
    return card;
  }

  function addCards(custom) {
    var items = Array.isArray(custom.items) ? custom.items : [];
    var isPartners = custom.type === "partner_results";
    var box = el("div", "caw-results caw-results--" + (isPartners ? "partners" : "calls"));
    var caption = isPartners ? "Partner results" : "Funding calls";
    if (custom.query) {
      caption += " for \u201c" + custom.query + "\u201d";
    }
    if (!isPartners && custom.as_of) {
      caption += " (as of " + custom.as_of + ")";
    }
    var captionId = "caw-caption-" + ++uid;
    var cap = el("p", "caw-results-caption", caption);
    cap.id = captionId;
    box.appendChild(cap);
    var list = el("div", "caw-cards");
    list.setAttribute("role", "list");
    list.setAttribute("aria-labelledby", captionId);
    items.forEach(function (item) {
      if (item && typeof item === "object") {
        list.appendChild(isPartners ? partnerCard(item) : callCard(item));
      }
    });
    if (!items.length) {
      list.appendChild(el("p", "caw-card-empty", "No results."));
    }
    box.appendChild(list);
    if (isPartners && typeof custom.total === "number" && custom.total > items.length) {
      box.appendChild(el("p", "caw-results-more", items.length + " of " + custom.total + " shown"));
    }
    return addRow("bot", box);
  }

  // A fact answer: the server words it (custom.display); the widget only draws it.
  function addFact(display, interactive) {
    var card = el("article", "caw-card caw-card--fact");
    card.appendChild(el("h3", "caw-card-title", String(display.title || "Answer")));
    (Array.isArray(display.lines) ? display.lines : []).forEach(function (line) {
      card.appendChild(el("p", "caw-fact-statement", String(line)));
    });
    if (typeof display.source === "string" && display.source) {
      card.appendChild(el("p", "caw-card-meta caw-fact-source", display.source));
    }
    var row = addRow("bot", card);
    var buttons = Array.isArray(display.buttons) ? display.buttons : [];
    if (interactive && buttons.length) {
      addReplies(row, buttons);
    }
    return row;
  }

  function renderBot(message, interactive) {
    if (!message || typeof message !== "object") {
      return;
    }
    var row = null;
    if (typeof message.text === "string" && message.text) {
      row = addText("bot", message.text);
    }
    var buttons = message.quick_replies || message.buttons;
    if (interactive && Array.isArray(buttons) && buttons.length) {
      addReplies(row || addText("bot", ""), buttons);
    }
    var custom = message.custom;
    if (custom && (custom.type === "partner_results" || custom.type === "call_results")) {
      addCards(custom);
    } else if (custom && custom.type === "fact_answer" && custom.display) {
      addFact(custom.display, interactive);
    }
    var attachment = message.attachment;
    if (attachment && attachment.payload && attachment.payload.src) {
      var a = link(attachment.payload.src, "Open the attachment", "");
      if (a) {
        var box = el("p", "caw-bubble");
        box.appendChild(a);
        addRow("bot", box);
      }
    }
  }

  // ---- typing indicator ----
  var typingTimer = null;
  function setTyping(on) {
    typing.hidden = !on;
    log.setAttribute("aria-busy", on ? "true" : "false");
    if (typingTimer) {
      clearTimeout(typingTimer);
      typingTimer = null;
    }
    if (on) {
      typingTimer = setTimeout(function () {
        typing.hidden = true;
        status.textContent = "No answer yet. Please try again in a moment.";
      }, options.answerTimeoutMs);
    }
  }

  // ---- connection ----
  var socket = null;
  var sessionId = null;
  var historyLoaded = false;
  var pending = [];

  function emitMessage(item) {
    var payload = { message: item.text, session_id: sessionId };
    if (item.display) {
      payload.metadata = { display_text: item.display };
    }
    socket.emit("user_uttered", payload);
  }

  function send(text, display) {
    if (typeof text !== "string" || !text.trim()) {
      return;
    }
    clearReplies();
    addText("user", display || text);
    setTyping(true);
    var item = { text: text, display: display || null };
    if (socket && socket.connected && sessionId && historyLoaded) {
      emitMessage(item);
    } else {
      pending.push(item);
    }
  }

  function flush() {
    while (pending.length && socket && socket.connected && sessionId) {
      emitMessage(pending.shift());
    }
  }

  function renderHistory(messages) {
    var lastBotIndex = -1;
    messages.forEach(function (m, i) {
      if (m.from === "bot" && (m.quick_replies || m.buttons)) {
        lastBotIndex = i;
      }
    });
    var lastUser = -1;
    messages.forEach(function (m, i) {
      if (m.from === "user") {
        lastUser = i;
      }
    });
    messages.forEach(function (m, i) {
      if (m.from === "user") {
        addText("user", m.text);
      } else {
        renderBot(m, i === lastBotIndex && i > lastUser);
      }
    });
  }

  function loadHistory(id) {
    return fetch(assetBase + "history/" + encodeURIComponent(id), { credentials: "omit" })
      .then(function (r) {
        return r.ok ? r.json() : { messages: [] };
      })
      .then(function (body) {
        if (typeof body.privacy === "string" && body.privacy) {
          privacy.textContent = body.privacy;
        }
        if (Array.isArray(body.messages) && body.messages.length) {
          renderHistory(body.messages);
        }
      })
      .catch(function () {
        /* history is a convenience; the conversation goes on without it */
      });
  }

  function onSessionConfirm(id) {
    if (typeof id !== "string") {
      return;
    }
    var first = !historyLoaded;
    sessionId = id;
    save("session", id);
    status.textContent = "";
    if (first) {
      loadHistory(id).then(function () {
        historyLoaded = true;
        root.setAttribute("data-caw-ready", "true");
        flush();
      });
    } else {
      flush();
    }
  }

  function connect(io) {
    socket = io(server, { path: options.socketPath });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: load("session") });
    });
    socket.on("session_confirm", onSessionConfirm);
    socket.on("bot_uttered", function (message) {
      setTyping(false);
      status.textContent = "";
      renderBot(message, true);
    });
    socket.on("disconnect", function () {
      status.textContent = "Connection lost. Reconnecting\u2026";
    });
    socket.on("connect_error", function () {
      status.textContent = "Cannot reach the assistant. Retrying\u2026";
    });
  }

  function loadClient() {
    var previous = window.io;
    var tag = document.createElement("script");
    tag.src = assetBase + "socket.io.min.js";
    tag.async = true;
    tag.onload = function () {
      var io = window.io;
      if (previous !== undefined) {
        window.io = previous; // leave the host page's own socket.io client alone
      }
      if (typeof io !== "function") {
        status.textContent = "The chat could not start (socket.io client missing).";
        return;
      }
      connect(io);
    };
    tag.onerror = function () {
      status.textContent = "The chat could not start (socket.io client not served).";
    };
    document.head.appendChild(tag);
  }

  // ---- events ----
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) {
      return;
    }
    input.value = "";
    send(text, null);
  });
  if (floating) {
    launcher.addEventListener("click", function () {
      setOpen(true, true);
    });
    closeButton.addEventListener("click", function () {
      setOpen(false, true);
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        setOpen(false, true);
      }
    });
  }

  function start() {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = assetBase + "widget.css";
    document.head.appendChild(css);
    (host || document.body).appendChild(root);
    if (floating) {
      var saved = load("open");
      setOpen(saved === null ? options.open : saved === "1", false);
    }
    loadClient();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
