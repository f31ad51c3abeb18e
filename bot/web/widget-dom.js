/*
 * Cluster support assistant widget, part 1 of 4: DOM helpers (text only, never HTML).
 *
 * The server serves widget-dom.js, widget-i18n.js, widget-cards.js and widget.js as ONE script at
 * /webhooks/web/widget.js, inside a function that gives the parts a private `parts` object
 * (bot/channels/web.py, WIDGET_PARTS). Every string from the server or the user goes in with
 * textContent or as an attribute value; links are only followed when they are http(s).
 */
parts.dom = function () {
  "use strict";

  var COUNTRY_NAMES = null;
  try {
    COUNTRY_NAMES = new Intl.DisplayNames([navigator.language || "en"], { type: "region" });
  } catch (e) {
    COUNTRY_NAMES = null;
  }

  // ---- DOM helpers: text only ----
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
      a.appendChild(srOnly(" " + context)); // e.g. "of <name> (opens in a new tab)", worded by the caller
    }
    return a;
  }

  return {
    el: el,
    srOnly: srOnly,
    safeUrl: safeUrl,
    countryName: countryName,
    link: link,
  };
};
