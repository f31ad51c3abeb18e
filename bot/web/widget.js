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
  // Texts a page sets with data-* attributes win over the catalogues' (widget-i18n.js).
  var options = {
    title: data.title || "",
    subtitle: data.subtitle || "",
    placeholder: data.placeholder || "",
    intro: data.intro || "",
    open: data.open === "true",
    container: data.container || "",
    socketPath: data.socketPath || "/socket.io/",
    storageKey: (data.storageKey || "cluster-assistant") + ":" + server,
    answerTimeoutMs: 60000,
  };

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

  // The widget's own strings in the conversation language (widget-i18n.js).
  var i18n = parts.i18n(parts.strings, { load: load, save: save });
  var t = i18n.t;
  var tr = i18n.label;

  // DOM helpers (widget-dom.js): text only, never HTML.
  var dom = parts.dom();
  var el = dom.el;
  var srOnly = dom.srOnly;
  var link = dom.link;
  var uid = 0;

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
    launcher.appendChild(tr(el("span", "caw-launcher-label"), "widget.launcher"));
  }

  var panel = el("section", "caw-panel");
  panel.id = panelId;
  tr(panel, "widget.title", "aria-label", options.title);

  var header = el("header", "caw-header");
  var heading = el("div", "caw-heading");
  heading.appendChild(tr(el("h2", "caw-title"), "widget.title", null, options.title));
  heading.appendChild(tr(el("p", "caw-subtitle"), "widget.subtitle", null, options.subtitle));
  header.appendChild(heading);
  header.appendChild(i18n.picker(el, ++uid, function (code) {
    send(i18n.switchPayload(code), i18n.name(code)); // the bot switches the conversation too
  }));
  var status = el("p", "caw-status");
  status.setAttribute("role", "status");
  header.appendChild(status);
  var closeButton = null;
  if (floating) {
    closeButton = el("button", "caw-close");
    closeButton.type = "button";
    tr(closeButton, "widget.close", "aria-label");
    closeButton.appendChild(el("span", "", "\u00d7")).setAttribute("aria-hidden", "true");
    header.appendChild(closeButton);
  }
  panel.appendChild(header);
  i18n.onChange(function (code) {
    panel.setAttribute("lang", code); // screen readers read the panel in its language
  });

  var log = el("div", "caw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  tr(log, "widget.conversation", "aria-label");
  log.tabIndex = 0; // scrollable with the keyboard
  var intro = tr(el("p", "caw-intro"), "widget.intro", null, options.intro);
  log.appendChild(intro);
  // Privacy notice: what is kept, for how long, how to delete it, in the widget's language. The
  // served script's strings carry it with the configured retention periods (bot/privacy/notice.py).
  var privacy = tr(el("p", "caw-intro caw-privacy"), "widget.privacy");
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
  typing.appendChild(tr(el("span", "caw-typing-text"), "widget.typing"));
  panel.appendChild(typing);

  var form = el("form", "caw-form");
  var inputId = "caw-input-" + uid;
  var label = tr(el("label", "caw-sr"), "widget.your_message");
  label.htmlFor = inputId;
  var input = el("input", "caw-input");
  input.id = inputId;
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 2000;
  tr(input, "widget.placeholder", "placeholder", options.placeholder);
  input.setAttribute("enterkeyhint", "send");
  var sendButton = tr(el("button", "caw-send"), "widget.send");
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
    row.appendChild(srOnly(t(from === "user" ? "widget.you_said" : "widget.assistant_said")));
    row.appendChild(node);
    log.appendChild(row);
    scrollToEnd();
    return row;
  }

  function addText(from, text) {
    return addRow(from, el("p", "caw-bubble", text));
  }

  // A message an adviser wrote during a handoff: their name above the text.
  function addAdviserText(name, text) {
    var bubble = el("p", "caw-bubble caw-bubble--adviser");
    bubble.appendChild(el("span", "caw-adviser-name", name));
    bubble.appendChild(document.createTextNode(text));
    return addRow("bot", bubble);
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
    group.setAttribute("aria-label", t("widget.suggested"));
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

  // Result cards and fact answers (widget-cards.js).
  var cards = parts.cards(dom, {
    addRow: function (from, node) {
      return addRow(from, node);
    },
    addReplies: function (row, buttons) {
      return addReplies(row, buttons);
    },
    send: function (payload, shown) {
      send(payload, shown);
      input.focus();
    },
    t: t,
    nextId: function () {
      return ++uid;
    },
  });
  var addCards = cards.addCards;
  var addFact = cards.addFact;

  // liveCards: the result list's buttons work (the newest list; its numbers are the bot's).
  function renderBot(message, interactive, liveCards) {
    if (!message || typeof message !== "object") {
      return;
    }
    var row = null;
    if (typeof message.text === "string" && message.text) {
      row =
        typeof message.adviser === "string" && message.adviser
          ? addAdviserText(message.adviser, message.text)
          : addText("bot", message.text);
    }
    var buttons = message.quick_replies || message.buttons;
    if (interactive && Array.isArray(buttons) && buttons.length) {
      addReplies(row || addText("bot", ""), buttons);
    }
    var custom = message.custom;
    i18n.follow(custom, message.metadata); // the conversation's language, when the bot says it
    if (custom && (custom.type === "partner_results" || custom.type === "call_results")) {
      addCards(custom, interactive || !!liveCards);
    } else if (custom && custom.type === "fact_answer" && custom.display) {
      addFact(custom.display, interactive);
    }
    var attachment = message.attachment;
    if (attachment && attachment.payload && attachment.payload.src) {
      var a = link(attachment.payload.src, t("widget.attachment"), t("widget.new_tab"));
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
        status.textContent = t("widget.no_answer");
      }, options.answerTimeoutMs);
    }
  }

  // ---- connection ----
  var socket = null;
  var sessionId = null;
  var historyLoaded = false;
  var pending = [];

  function emitMessage(item) {
    // The widget's language travels with each message: a refused message (rate limit) is
    // answered in it without being read (bot/ops/replies.py).
    var payload = { message: item.text, session_id: sessionId, metadata: { language: i18n.language() } };
    if (item.display) {
      payload.metadata.display_text = item.display;
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
    var lastResults = -1; // the newest result list stays usable after a reload
    messages.forEach(function (m, i) {
      if (m.custom && (m.custom.type === "partner_results" || m.custom.type === "call_results")) {
        lastResults = i;
      }
    });
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
        renderBot(m, i === lastBotIndex && i > lastUser, i === lastResults);
      }
    });
  }

  function loadHistory(id) {
    return fetch(assetBase + "history/" + encodeURIComponent(id), { credentials: "omit" })
      .then(function (r) {
        return r.ok ? r.json() : { messages: [] };
      })
      .then(function (body) {
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
      status.textContent = t("widget.reconnecting");
    });
    socket.on("connect_error", function () {
      status.textContent = t("widget.unreachable");
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
        status.textContent = t("widget.client_missing");
        return;
      }
      connect(io);
    };
    tag.onerror = function () {
      status.textContent = t("widget.client_not_served");
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
