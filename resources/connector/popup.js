// The toolbar popup: the page's title, tags with completion from the archive, a note, and Clip.
"use strict";

const $ = (id) => document.getElementById(id);
let settings = null;
let tab = null;
let knownTags = [];

function say(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = "status" + (kind ? " " + kind : "");
}

function currentFragment() {
  const parts = $("tags").value.split(",");
  return parts[parts.length - 1].trim().toLowerCase();
}

function showSuggestions() {
  const list = $("suggestions");
  const fragment = currentFragment();
  const chosen = new Set($("tags").value.split(",").map((t) => t.trim().toLowerCase()));
  const matches = fragment
    ? knownTags.filter((t) => t.toLowerCase().includes(fragment) && !chosen.has(t.toLowerCase())).slice(0, 8)
    : [];
  list.replaceChildren(...matches.map((name) => {
    const item = document.createElement("li");
    item.textContent = name;
    item.addEventListener("mousedown", (event) => { event.preventDefault(); complete(name); });
    return item;
  }));
  list.hidden = matches.length === 0;
}

function complete(name) {
  const parts = $("tags").value.split(",");
  parts[parts.length - 1] = " " + name;
  $("tags").value = parts.join(",").replace(/^\s+/, "") + ", ";
  $("suggestions").hidden = true;
  $("tags").focus();
}

async function connect() {
  settings = await Cuttings.settings();
  if (!(await Cuttings.ping(settings))) {
    say(`Cuttings is not running. Open the Cuttings app, or run \`cuttings serve\` (port ${settings.port}).`, "error");
    $("clip").disabled = true;
    return;
  }
  if (!settings.token) {
    $("pair").hidden = false;
    $("form").hidden = true;
    say("Pair this browser with Cuttings once.", "");
    return;
  }
  knownTags = await Cuttings.tags(settings);
  $("clip").disabled = false;
}

async function clip() {
  $("clip").disabled = true;
  say("Clipping…", "");
  try {
    const payload = await Cuttings.capture(tab.id, { mode: "page" });
    payload.tags = $("tags").value.split(",").map((t) => t.trim()).filter(Boolean);
    payload.note = $("note").value.trim();
    const verdict = Cuttings.describe(await Cuttings.clip(settings, payload));
    say(verdict.text, verdict.ok ? "ok" : "error");
    $("clip").disabled = verdict.ok;
  } catch (e) {
    say(`This page cannot be clipped: ${e.message || e}`, "error");
    $("clip").disabled = false;
  }
}

async function pair() {
  settings.token = $("token").value.trim();
  const answer = await Cuttings.call(settings, "/tags");
  if (answer.status !== 200) {
    say(Cuttings.describe(answer).text, "error");
    return;
  }
  await Cuttings.save({ token: settings.token });
  $("pair").hidden = true;
  $("form").hidden = false;
  knownTags = answer.data.tags;
  say("Paired.", "ok");
}

document.addEventListener("DOMContentLoaded", async () => {
  [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  $("page-title").textContent = (tab && tab.title) || "This page";
  $("page-url").textContent = (tab && tab.url) || "";
  $("tags").addEventListener("input", showSuggestions);
  $("tags").addEventListener("blur", () => { $("suggestions").hidden = true; });
  $("clip").addEventListener("click", clip);
  $("save-token").addEventListener("click", pair);
  $("options").addEventListener("click", (event) => { event.preventDefault(); chrome.runtime.openOptionsPage(); });
  await connect();
});
