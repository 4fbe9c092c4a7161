// The context menus: "Clip selection" and "Clip this image with its caption". Works as Chromium's service
// worker (shared.js imported here) and as Firefox's background script (shared.js listed in the manifest).
"use strict";

if (typeof Cuttings === "undefined" && typeof importScripts === "function") {
  importScripts("shared.js");
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: "cuttings-selection", title: "Clip selection to Cuttings", contexts: ["selection"] });
  chrome.contextMenus.create({ id: "cuttings-image", title: "Clip this image with its caption", contexts: ["image"] });
});

async function report(tabId, ok, text) {
  await chrome.action.setBadgeBackgroundColor({ tabId, color: ok ? "#2d6a2e" : "#b3261e" });
  await chrome.action.setBadgeText({ tabId, text: ok ? "✓" : "!" });
  await chrome.action.setTitle({ tabId, title: `Cuttings: ${text}` });
}

chrome.contextMenus.onClicked.addListener(async (info, tab) => {
  if (!tab || tab.id === undefined) return;
  const settings = await Cuttings.settings();
  if (!settings.token) {
    await report(tab.id, false, "pair the connector first (click the toolbar button).");
    return;
  }
  const mode = info.menuItemId === "cuttings-image" ? "image" : "selection";
  try {
    const payload = await Cuttings.capture(tab.id, { mode, srcUrl: info.srcUrl || "" });
    const verdict = Cuttings.describe(await Cuttings.clip(settings, payload));
    await report(tab.id, verdict.ok, verdict.text);
  } catch (e) {
    await report(tab.id, false, `this page cannot be clipped (${e.message || e}).`);
  }
});
