// allyhub console: live updates over server-sent events (no library, no build step).
// A list marked data-live gets the objects the signed-in member may see as they are
// shared; the server decides what may be seen, this only draws it. Text goes in through
// textContent, never as HTML.
"use strict";

(function () {
  const list = document.querySelector("[data-live]");
  if (!list || !("EventSource" in window)) {
    return;
  }
  const status = document.getElementById("live-status");
  const counter = document.getElementById("new-count");
  const states = document.querySelectorAll("[data-live-state]");
  const url = list.dataset.live;
  const join = url.indexOf("?") >= 0 ? "&" : "?";
  const source = new EventSource(url + join + "after=" + encodeURIComponent(list.dataset.mark || "0"));

  function text(tag, className, value) {
    const element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    element.textContent = value;
    return element;
  }

  const table = list.tagName === "TABLE";
  const body = table ? list.tBodies[0] : list;

  function cell(label, child) {
    const td = document.createElement("td");
    td.dataset.label = label;
    td.appendChild(child);
    return td;
  }

  function tableRow(data) {
    const item = document.createElement("tr");
    item.className = "row fresh";
    item.dataset.id = data.id;
    item.appendChild(cell("Marking", text("span", "badge " + data.tlp_class, data.tlp)));
    item.appendChild(cell("Type", text("span", "type", data.type)));
    const link = text("a", "", data.title);
    link.href = data.url;
    link.dir = "auto";
    if (data.lang) {
      link.lang = data.lang;
    }
    item.appendChild(cell("Name", link));
    item.appendChild(cell("Shared by", document.createTextNode(data.shared_by_name)));
    item.appendChild(cell("Added", text("time", "", data.added)));
    return item;
  }

  function row(data) {
    if (table) {
      return tableRow(data);
    }
    const item = document.createElement("li");
    item.className = "item fresh";
    item.dataset.id = data.id;
    item.appendChild(text("span", "badge " + data.tlp_class, data.tlp));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(text("span", "type", data.type));
    item.appendChild(document.createTextNode(" "));
    const link = text("a", "", data.title);
    link.href = data.url;
    link.dir = "auto";
    if (data.lang) {
      link.lang = data.lang;
    }
    item.appendChild(link);
    item.appendChild(document.createTextNode(" "));
    const meta = text("span", "meta", "shared by " + data.shared_by_name + " · ");
    meta.appendChild(text("time", "", data.added));
    item.appendChild(meta);
    return item;
  }

  source.addEventListener("object", function (event) {
    const data = JSON.parse(event.data);
    if (list.querySelector('[data-id="' + CSS.escape(data.id) + '"]')) {
      list.querySelector('[data-id="' + CSS.escape(data.id) + '"]').remove();
    }
    const empty = list.querySelector(".empty");
    if (empty) {
      (table ? empty.parentNode : empty).remove();
    }
    body.insertBefore(row(data), body.firstChild);
    if (counter) {
      counter.textContent = String(Number(counter.textContent || "0") + 1);
    }
    if (status) {
      status.textContent = "New " + data.type + ": " + data.title + ", shared by " + data.shared_by_name;
    }
  });

  source.addEventListener("end", function () {
    source.close();
    states.forEach(function (state) {
      state.textContent = "Your session has ended: sign in again for live updates.";
      state.classList.add("ended");
    });
  });
})();
