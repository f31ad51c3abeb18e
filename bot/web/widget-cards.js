/*
 * Cluster support assistant widget, part 3 of 4: result cards (partners, calls) and fact answers.
 *
 * Served with the other parts as one script (see widget-dom.js). The server words
 * every card (the payload's `display`, built by bot/channels/cards.py from the message
 * catalogues in the conversation's language, the same view Slack and Teams draw); this file only
 * draws it. `chat` is what the core lends the cards: addRow(from, node), addReplies(row,
 * buttons), send(payload, shownText), t(key) for the widget's own strings, nextId().
 */
parts.cards = function (dom, chat) {
  "use strict";

  var el = dom.el;
  var link = dom.link;
  var addRow = chat.addRow;
  var addReplies = chat.addReplies;

  function str(value) {
    return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
  }

  // A button that sends a payload; `shown` is what the conversation shows as the user's turn.
  function actionButton(className, title, label, payload, shown) {
    var b = el("button", className, title);
    b.type = "button";
    if (label) {
      b.setAttribute("aria-label", label);
    }
    b.addEventListener("click", function () {
      chat.send(payload, shown || title);
    });
    return b;
  }

  // Buttons of older result lists refer to positions in the latest list: only the newest works.
  function retireOlderLists() {
    var buttons = document.querySelectorAll(".caw-results [data-caw-live='true']");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = true;
      buttons[i].removeAttribute("data-caw-live");
    }
  }

  function live(button, interactive) {
    if (interactive) {
      button.setAttribute("data-caw-live", "true");
    } else {
      button.disabled = true;
    }
    return button;
  }

  function line(card, className, text) {
    if (text) {
      card.appendChild(el("p", className, text));
    }
  }

  function cardLink(card, target, context) {
    if (target && target.url) {
      var a = link(target.url, str(target.label), context ? context + " " + chat.t("widget.new_tab") : "");
      if (a) {
        card.appendChild(a);
      }
    }
  }

  function cardActions(card, actions, name, interactive) {
    var group = el("div", "caw-card-actions");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", chat.t("widget.card_actions").replace("{name}", name));
    (Array.isArray(actions) ? actions : []).forEach(function (action) {
      if (action && typeof action.payload === "string") {
        var b = actionButton(
          "caw-action caw-action--" + str(action.kind).replace(/[^a-z_]/g, ""),
          str(action.title),
          str(action.label),
          action.payload,
          str(action.label) || str(action.title)
        );
        group.appendChild(live(b, interactive));
      }
    });
    if (group.childNodes.length) {
      card.appendChild(group);
    }
  }

  function partnerCard(item, interactive) {
    var card = el("article", "caw-card caw-card--partner");
    card.setAttribute("role", "listitem");
    var name = str(item.name) || "?";
    card.appendChild(el("h4", "caw-card-title", item.number + ". " + name));
    line(card, "caw-card-meta caw-card-place", str(item.place));
    if (item.sectors) {
      var sectors = el("p", "caw-card-meta caw-card-sectors");
      sectors.appendChild(el("span", "caw-card-label", str(item.sectors_label) + ": "));
      sectors.appendChild(document.createTextNode(str(item.sectors)));
      card.appendChild(sectors);
    }
    if (item.strength_label) {
      var badge = el("p", "caw-strength caw-strength--" + str(item.strength).replace(/[^a-z]/g, ""));
      badge.textContent = str(item.strength_label);
      card.appendChild(badge);
    }
    if (item.why) {
      var why = el("p", "caw-card-why");
      why.appendChild(el("span", "caw-sr", str(item.why_label) + ": "));
      why.appendChild(document.createTextNode(str(item.why)));
      card.appendChild(why);
    }
    var techs = Array.isArray(item.technologies) ? item.technologies : [];
    if (techs.length) {
      var list = el("ul", "caw-tags");
      list.setAttribute("aria-label", str(item.technologies_label));
      techs.forEach(function (tech) {
        list.appendChild(el("li", "caw-tag", str(tech)));
      });
      card.appendChild(list);
    }
    cardLink(card, item.link, name);
    cardActions(card, item.actions, name, interactive);
    return card;
  }

  function callCard(item, interactive) {
    var card = el("article", "caw-card caw-card--call");
    card.setAttribute("role", "listitem");
    var title = str(item.title) || "?";
    card.appendChild(el("h4", "caw-card-title", item.number + ". " + title));
    if (item.status_label) {
      var badge = el("p", "caw-badge caw-badge--" + str(item.status).replace(/[^a-z_-]/gi, ""));
      badge.textContent = [str(item.status_label), str(item.days_left)].filter(Boolean).join(" \u00b7 ");
      card.appendChild(badge);
    }
    line(card, "caw-card-meta", str(item.deadline));
    line(card, "caw-card-meta", str(item.programme));
    line(card, "caw-card-meta", str(item.budget));
    line(card, "caw-card-meta", str(item.action_type));
    if (item.id && item.id !== item.title) {
      line(card, "caw-card-meta caw-card-id", str(item.id));
    }
    cardLink(card, item.link, title);
    cardActions(card, item.actions, title, interactive);
    return card;
  }

  function chips(box, view, interactive) {
    var found = Array.isArray(view.chips) ? view.chips : [];
    if (!found.length) {
      return;
    }
    var group = el("ul", "caw-chips");
    group.setAttribute("aria-label", str(view.filters_label));
    found.forEach(function (chip) {
      if (!chip || typeof chip.payload !== "string") {
        return;
      }
      var li = el("li", "caw-chip");
      li.appendChild(el("span", "caw-chip-text", str(chip.title)));
      var remove = actionButton("caw-chip-remove", "\u00d7", str(chip.remove_label), chip.payload, str(chip.remove_label));
      li.appendChild(live(remove, interactive));
      group.appendChild(li);
    });
    box.appendChild(group);
  }

  function addCards(custom, interactive) {
    var view = custom.display && typeof custom.display === "object" ? custom.display : {};
    var isPartners = custom.type === "partner_results";
    if (interactive) {
      retireOlderLists();
    }
    var box = el("section", "caw-results caw-results--" + (isPartners ? "partners" : "calls"));
    var titleId = "caw-caption-" + chat.nextId();
    box.setAttribute("aria-labelledby", titleId);
    var heading = el("h3", "caw-results-title");
    heading.id = titleId;
    heading.appendChild(el("span", "caw-sr", chat.t(isPartners ? "widget.results_partners" : "widget.results_calls") + ": "));
    heading.appendChild(document.createTextNode(str(view.title) || str(view.count)));
    box.appendChild(heading);
    var count = [str(view.title) ? str(view.count) : "", str(view.range)].filter(Boolean).join(" \u00b7 ");
    line(box, "caw-results-count", count);
    if (isPartners) {
      chips(box, view, interactive);
    }
    var cards = Array.isArray(view.cards) ? view.cards : [];
    var list = el("div", "caw-cards");
    list.setAttribute("role", "list");
    list.setAttribute("aria-labelledby", titleId);
    cards.forEach(function (item) {
      if (item && typeof item === "object") {
        list.appendChild(isPartners ? partnerCard(item, interactive) : callCard(item, interactive));
      }
    });
    if (!cards.length) {
      list.appendChild(el("p", "caw-card-empty", str(view.empty) || chat.t("widget.no_results")));
    }
    box.appendChild(list);
    if (view.more && typeof view.more.payload === "string") {
      var more = actionButton("caw-more", str(view.more.title), "", view.more.payload, str(view.more.title));
      box.appendChild(live(more, interactive));
    }
    line(box, "caw-results-note", str(view.as_of));
    return addRow("bot", box);
  }

  // A fact answer: the server words it (custom.display); the widget only draws it.
  function addFact(display, interactive) {
    var card = el("article", "caw-card caw-card--fact");
    card.appendChild(el("h3", "caw-card-title", String(display.title || chat.t("widget.answer"))));
    (Array.isArray(display.lines) ? display.lines : []).forEach(function (text) {
      card.appendChild(el("p", "caw-fact-statement", String(text)));
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
