/*
 * Cluster support assistant widget, part 2 of 3: result cards (partners, calls) and fact answers.
 *
 * Served with widget-dom.js and widget.js as one script (see widget-dom.js). `chat` is what the
 * core lends the cards: addRow(from, node), addReplies(row, buttons), nextId().
 */
parts.cards = function (dom, chat) {
  "use strict";

  var el = dom.el;
  var link = dom.link;
  var countryName = dom.countryName;
  var addRow = chat.addRow;
  var addReplies = chat.addReplies;

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
    var captionId = "caw-caption-" + chat.nextId();
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

  return { addCards: addCards, addFact: addFact };
};
