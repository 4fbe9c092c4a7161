// What the popup, the options page and the background worker share: settings and the talk with Cuttings.
"use strict";

const Cuttings = {
  DEFAULT_PORT: 23120,

  async settings() {
    const stored = await chrome.storage.local.get({ port: Cuttings.DEFAULT_PORT, token: "" });
    return { port: Number(stored.port) || Cuttings.DEFAULT_PORT, token: String(stored.token || "").trim() };
  },

  async save(settings) {
    await chrome.storage.local.set(settings);
  },

  base(settings) {
    return `http://127.0.0.1:${settings.port}`;
  },

  async call(settings, path, init) {
    const headers = Object.assign({ "X-Cuttings-Token": settings.token }, (init && init.headers) || {});
    let response;
    try {
      response = await fetch(Cuttings.base(settings) + path, Object.assign({}, init, { headers }));
    } catch (e) {
      return { status: 0, data: { error: "Cuttings is not running. Open the Cuttings app, or run `cuttings serve`." } };
    }
    let data = {};
    try {
      data = await response.json();
    } catch (e) {
      data = { error: `Cuttings answered ${response.status} without a message.` };
    }
    return { status: response.status, data };
  },

  async ping(settings) {
    const answer = await Cuttings.call(settings, "/ping");
    return answer.status === 200 && answer.data.app === "cuttings";
  },

  async tags(settings) {
    const answer = await Cuttings.call(settings, "/tags");
    return answer.status === 200 ? answer.data.tags : [];
  },

  async capture(tabId, options) {
    await chrome.scripting.executeScript({ target: { tabId }, files: ["capture.js"] });
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: (opts) => globalThis.cuttingsCapture(opts),
      args: [options],
    });
    return result.result;
  },

  async clip(settings, payload) {
    return Cuttings.call(settings, "/clip", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
  },

  // One sentence for what Cuttings answered, and whether it went well.
  describe(answer) {
    const { status, data } = answer;
    if (status === 201) return { ok: true, text: `Clipped as article ${data.id}.` };
    if (status === 200 && data.duplicate_of) return { ok: true, text: `Already in the archive (article ${data.duplicate_of}).` };
    if (status === 401 || status === 403) {
      return { ok: false, text: data.error || "Cuttings refused the pairing token: paste the current one in the options." };
    }
    return { ok: false, text: data.error || `Cuttings answered ${status}.` };
  },
};

globalThis.Cuttings = Cuttings;
