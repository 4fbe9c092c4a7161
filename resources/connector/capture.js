// Injected into the page on a click (activeTab + scripting): reads the page as the user sees it.
// It defines one function and changes nothing on the page.
"use strict";

globalThis.cuttingsCapture = async function cuttingsCapture(options) {
  const opts = options || {};
  const mode = opts.mode || "page"; // "page", "selection" or "image"
  const MAX_IMAGES = 40;
  const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
  // The attributes Cuttings reads an image's address from, in its order (app/clip/html_photos.py).
  const SOURCE_ATTRS = ["data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "src"];

  function sourceOf(img) {
    for (const attr of SOURCE_ATTRS) {
      const value = (img.getAttribute(attr) || "").trim();
      if (value) {
        try {
          return new URL(value, document.baseURI).href;
        } catch (e) {
          return "";
        }
      }
    }
    return "";
  }

  function blobToBase64(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  let scope = document;
  let selection = "";
  if (mode === "selection") {
    const sel = window.getSelection();
    if (sel && sel.rangeCount) {
      const box = document.createElement("div");
      for (let i = 0; i < sel.rangeCount; i++) box.appendChild(sel.getRangeAt(i).cloneContents());
      selection = box.innerHTML;
      scope = box;
    }
  } else if (mode === "image" && opts.srcUrl) {
    const img = Array.from(document.images).find((el) => el.currentSrc === opts.srcUrl || el.src === opts.srcUrl);
    if (img) {
      const figure = img.closest("figure") || img;
      const box = document.createElement("div");
      box.appendChild(figure.cloneNode(true));
      selection = box.innerHTML;
      scope = box;
    }
  }

  const seen = new Set();
  const images = [];
  for (const img of Array.from(scope.querySelectorAll("img, amp-img"))) {
    if (images.length >= MAX_IMAGES) break;
    const url = sourceOf(img);
    if (!url || seen.has(url) || !/^https?:/.test(url)) continue;
    seen.add(url);
    try {
      // The browser's own fetch: the user's cookies and cache, so images behind a login come along.
      const response = await fetch(url, { credentials: "include" });
      if (!response.ok) continue;
      const blob = await response.blob();
      if (!blob.type.startsWith("image/") || blob.size > MAX_IMAGE_BYTES) continue;
      images.push({ url, data: await blobToBase64(blob) });
    } catch (e) {
      // Cross-origin images without CORS cannot be read here; Cuttings fetches those itself.
    }
  }

  return {
    url: location.href,
    title: document.title,
    html: document.documentElement.outerHTML,
    selection,
    images,
  };
};
