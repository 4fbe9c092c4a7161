// Options: the port Cuttings listens on and the pairing token.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const settings = await Cuttings.settings();
  document.getElementById("port").value = settings.port;
  document.getElementById("token").value = settings.token;
  document.getElementById("save").addEventListener("click", async () => {
    const next = {
      port: Number(document.getElementById("port").value) || Cuttings.DEFAULT_PORT,
      token: document.getElementById("token").value.trim(),
    };
    await Cuttings.save(next);
    const status = document.getElementById("status");
    if (!(await Cuttings.ping(next))) {
      status.textContent = "Saved. Cuttings is not running on that port now.";
      status.className = "status error";
      return;
    }
    const answer = await Cuttings.call(next, "/tags");
    status.textContent = answer.status === 200 ? "Saved and paired." : Cuttings.describe(answer).text;
    status.className = "status " + (answer.status === 200 ? "ok" : "error");
  });
});
