/*
 * Cluster support assistant widget, part 2 of 4: its own strings and the conversation language.
 *
 * `strings` is inlined by the server (bot/channels/web_assets.py: the `widget.*` messages of the
 * catalogues in every reply language, the languages' own names, the payload field that carries
 * the conversation language and the intent that switches it), so a language switch needs no
 * request. The widget follows the language the bot's payloads carry, and its language picker
 * sends the switch to the bot as an intent payload (/switch_language{"language": "de"}).
 */
parts.i18n = function (strings, store) {
  "use strict";

  var messages = strings.messages || {};
  var fallback = strings["default"] || "en";
  var known = {};
  (strings.languages || []).forEach(function (language) {
    known[language.code] = language.name;
  });
  var labels = [];
  var listeners = [];
  var pickers = [];

  function usable(code) {
    return typeof code === "string" && Object.prototype.hasOwnProperty.call(known, code.toLowerCase());
  }

  function initial() {
    var saved = store.load("language");
    if (usable(saved)) {
      return saved;
    }
    var page = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
    return usable(page) ? page : fallback;
  }

  var current = initial();

  function t(key) {
    var own = messages[current] || {};
    var base = messages[fallback] || {};
    return own[key] || base[key] || key;
  }

  function apply(entry) {
    var value = entry.override || t(entry.key);
    if (entry.attr) {
      entry.node.setAttribute(entry.attr, value);
    } else {
      entry.node.textContent = value;
    }
  }

  // Gives `node` the text of `key` (or sets attribute `attr`), again after each language change;
  // a page's own text (`override`, from a data-* attribute) is kept as it is.
  function label(node, key, attr, override) {
    var entry = { node: node, key: key, attr: attr || null, override: override || "" };
    labels.push(entry);
    apply(entry);
    return node;
  }

  function set(code) {
    code = String(code).toLowerCase();
    if (!usable(code) || code === current) {
      return false;
    }
    current = code;
    store.save("language", code);
    labels.forEach(apply);
    pickers.forEach(function (select) {
      select.value = code;
    });
    listeners.forEach(function (listener) {
      listener(code);
    });
    return true;
  }

  // The conversation language the bot's message carries (payload field or metadata), if any.
  function follow(custom, metadata) {
    var field = strings.language_field || "language";
    var code = (custom && custom[field]) || (metadata && metadata[field]);
    if (usable(code)) {
      set(code);
    }
  }

  function switchPayload(code) {
    // The same text as contracts.payloads.switch_language_payload; `code` is a known language.
    return "/" + (strings.switch_intent || "switch_language") + '{"language": "' + code + '"}';
  }

  // The language picker: a labelled <select> of the reply languages, each in its own name.
  function picker(el, id, onSwitch) {
    var box = el("div", "caw-lang");
    var selectId = "caw-lang-" + id;
    var caption = label(el("label", "caw-lang-label"), "widget.language");
    caption.htmlFor = selectId;
    var select = el("select", "caw-lang-select");
    select.id = selectId;
    label(select, "widget.language_label", "aria-label");
    (strings.languages || []).forEach(function (language) {
      var option = el("option", "", language.name);
      option.value = language.code;
      option.lang = language.code;
      select.appendChild(option);
    });
    select.value = current;
    select.addEventListener("change", function () {
      if (set(select.value)) {
        onSwitch(select.value);
      }
    });
    pickers.push(select);
    box.appendChild(caption);
    box.appendChild(select);
    return box;
  }

  return {
    t: t,
    label: label,
    follow: follow,
    picker: picker,
    switchPayload: switchPayload,
    name: function (code) {
      return known[code] || code;
    },
    language: function () {
      return current;
    },
    onChange: function (listener) {
      listeners.push(listener);
      listener(current);
    },
  };
};
