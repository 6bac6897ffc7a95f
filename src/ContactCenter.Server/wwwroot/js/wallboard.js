// The supervisor wallboard: per site and per queue, live figures and today's KPIs, seats by state with time in
// state, alert colours and lines, and the actions on a seat (listen, whisper, barge, force not ready or out,
// queue moves). A snapshot on connect, then numbered per-site deltas; a gap asks for a fresh snapshot.
import { apply, t } from "./i18n.js";
import { escapeHtml } from "./shell.js";
import { connectHub, duration } from "./hub.js";

export function startWallboard() {
  const $ = (selector) => document.querySelector(selector);
  const sites = new Map();
  let thresholds = null;
  let offset = 0;
  let link = "connecting";
  const now = () => Date.now() + offset;
  const phone = $("#phone");
  phone.value = localStorage.getItem("cc-phone") ?? "";
  phone.addEventListener("change", () => localStorage.setItem("cc-phone", phone.value.trim()));

  const hub = connectHub("/hubs/wallboard", {
    Snapshot: load,
    Delta: (delta) => {
      const site = sites.get(delta.siteCode);
      if (!site || delta.seq <= site.seq) return;
      if (delta.seq !== site.seq + 1) {
        hub.invoke("Snapshot").then(load).catch(() => {});
        return;
      }
      offset = Date.parse(delta.serverNow) - Date.now();
      site.seq = delta.seq;
      site.isUp = delta.isUp;
      site.linkProblem = delta.linkProblem ?? null;
      if (delta.total) site.total = delta.total;
      if (delta.queues) site.queues = delta.queues;
      for (const seat of delta.seats ?? []) {
        const index = site.seats.findIndex((s) => s.seatId === seat.seatId);
        if (index >= 0) site.seats[index] = seat; else site.seats.push(seat);
      }
      render();
    },
  }, { onStatus: (status) => { link = status; renderLink(); } });

  function load(snapshot) {
    offset = Date.parse(snapshot.serverNow) - Date.now();
    thresholds = snapshot.thresholds;
    sites.clear();
    for (const site of snapshot.sites) sites.set(site.siteCode, site);
    render();
  }

  const pct = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);
  const secs = (v) => (v === null || v === undefined ? "—" : duration(v));

  function flags(q) {
    return {
      sl: q.serviceLevel !== undefined && q.serviceLevel !== null && q.serviceLevel < q.serviceLevelTarget,
      wait: q.longestWaitSeconds > thresholds.longestWaitAlertSeconds,
      abandon: q.abandonRate !== undefined && q.abandonRate !== null && q.abandonRate > thresholds.abandonRateAlert,
      answer: q.answerRate !== undefined && q.answerRate !== null && q.answerRate < thresholds.answerRateTarget,
      satisfaction: q.satisfaction !== undefined && q.satisfaction !== null && q.satisfaction < thresholds.satisfactionTarget,
    };
  }

  function queueRow(q, isTotal) {
    const f = flags(q);
    const cls = (bad) => (bad ? ' class="bad"' : "");
    return `<tr data-queue="${escapeHtml(q.queueId)}"${isTotal ? ' class="total"' : ""}>
      <td>${escapeHtml(isTotal ? t("wallboard.total") : q.displayName)}</td>
      <td data-testid="waiting">${q.waiting}</td>
      <td${cls(f.wait)}>${duration(q.longestWaitSeconds)}</td>
      <td${cls(f.sl)}>${pct(q.serviceLevel)} <small class="muted">/ ${pct(q.serviceLevelTarget)} ${q.serviceLevelSeconds}s</small></td>
      <td${cls(f.answer)}>${pct(q.answerRate)}</td>
      <td${cls(f.abandon)}>${pct(q.abandonRate)}</td>
      <td>${secs(q.asaSeconds)}</td>
      <td>${secs(q.ahtSeconds)}</td>
      <td data-testid="answered">${q.answered} / ${q.offered}</td>
      <td${cls(f.satisfaction)}>${pct(q.satisfaction)} <small class="muted">(${q.rated})</small></td>
      <td>${q.availableSeats} / ${q.staffedSeats}</td>
    </tr>`;
  }

  function seatRow(seat, site) {
    const inCall = seat.state === "on-call";
    const loggedIn = seat.state !== "logged-out";
    const siteQueues = site.queues.map((q) => q.queueId);
    const chips = seat.queues.map((id) => {
      const q = site.queues.find((x) => x.queueId === id);
      const active = seat.activeQueues.includes(id.split("/")[1]);
      return `<span class="chip${active ? " active" : ""}">${escapeHtml(q?.displayName ?? id)}<button type="button" class="link" data-act="remove" data-queue="${escapeHtml(id.split("/")[1])}" title="${escapeHtml(t("wallboard.removeQueue"))}">×</button></span>`;
    }).join("");
    const addable = siteQueues.filter((id) => !seat.queues.includes(id));
    const add = addable.length === 0 ? "" : `<select data-add>${addable.map((id) => `<option value="${escapeHtml(id.split("/")[1])}">${escapeHtml(site.queues.find((q) => q.queueId === id).displayName)}</option>`).join("")}</select><button type="button" class="link" data-act="add">${t("wallboard.addQueue")}</button>`;
    return `<tr data-seat="${escapeHtml(seat.seatId)}">
      <td>${escapeHtml(seat.displayName)}</td>
      <td>${escapeHtml(seat.extension)}</td>
      <td><span class="badge state-${seat.state}" data-testid="seat-state">${escapeHtml(t(`state.${seat.state}`))}</span></td>
      <td>${escapeHtml(seat.reason ?? "")}</td>
      <td data-since="${seat.since ?? ""}">${seat.since ? duration((now() - Date.parse(seat.since)) / 1000) : "—"}</td>
      <td>${chips} ${add}</td>
      <td class="acts">
        <button type="button" data-act="listen" ${inCall ? "" : "disabled"}>${t("wallboard.listen")}</button>
        <button type="button" data-act="whisper" ${inCall ? "" : "disabled"}>${t("wallboard.whisper")}</button>
        <button type="button" data-act="barge" ${inCall ? "" : "disabled"}>${t("wallboard.barge")}</button>
        <button type="button" data-act="not-ready" ${loggedIn ? "" : "disabled"}>${t("wallboard.forceNotReady")}</button>
        <button type="button" data-act="log-out" ${loggedIn && !inCall ? "" : "disabled"}>${t("wallboard.forceLogOut")}</button>
      </td>
    </tr>`;
  }

  /** The down badge's text: why the link is down when the server knows ("login-refused", "unreachable", ...). */
  function linkText(site) {
    return site.linkProblem ? t(`wallboard.link.${site.linkProblem}`) : t("wallboard.linkDown");
  }

  function render() {
    renderLink();
    if (!thresholds) return;
    const alerts = [];
    const html = [];
    for (const site of sites.values()) {
      if (!site.isUp) {
        alerts.push(site.linkProblem === "not-configured"
          ? t("wallboard.alert.siteNotConfigured", { site: site.siteName })
          : t("wallboard.alert.siteDown", { site: site.siteName, reason: linkText(site) }));
      }
      for (const q of site.queues) {
        const f = flags(q);
        const name = `${site.siteName} ${q.displayName}`;
        if (f.sl) alerts.push(t("wallboard.alert.serviceLevel", { queue: name, value: pct(q.serviceLevel), target: pct(q.serviceLevelTarget) }));
        if (f.wait) alerts.push(t("wallboard.alert.longestWait", { queue: name, value: duration(q.longestWaitSeconds), target: duration(thresholds.longestWaitAlertSeconds) }));
        if (f.abandon) alerts.push(t("wallboard.alert.abandon", { queue: name, value: pct(q.abandonRate) }));
      }
      const seats = [...site.seats].sort((a, b) => a.seatId.localeCompare(b.seatId));
      html.push(`<section class="card site" data-site="${escapeHtml(site.siteCode)}">
        <h2>${escapeHtml(site.siteName)} <span class="badge ${site.isUp ? "up" : "down"}" data-testid="site-link" data-problem="${escapeHtml(site.linkProblem ?? "")}">${site.isUp ? t("wallboard.linkUp") : linkText(site)}</span></h2>
        <table class="figures"><thead><tr>
          <th>${t("wallboard.queue")}</th><th>${t("wallboard.waiting")}</th><th>${t("wallboard.longestWait")}</th><th>${t("wallboard.serviceLevel")}</th>
          <th>${t("wallboard.answerRate")}</th><th>${t("wallboard.abandonRate")}</th><th>ASA</th><th>AHT</th><th>${t("wallboard.answeredOffered")}</th>
          <th>${t("wallboard.satisfaction")}</th><th>${t("wallboard.readyStaffed")}</th></tr></thead>
          <tbody>${site.queues.map((q) => queueRow(q, false)).join("")}${queueRow(site.total, true)}</tbody></table>
        <h3>${t("wallboard.seats")}</h3>
        <table class="seats"><thead><tr><th>${t("wallboard.seat")}</th><th>${t("wallboard.extension")}</th><th>${t("wallboard.state")}</th><th>${t("wallboard.reason")}</th>
          <th>${t("wallboard.timeInState")}</th><th>${t("wallboard.queues")}</th><th>${t("wallboard.actions")}</th></tr></thead>
          <tbody>${seats.map((s) => seatRow(s, site)).join("")}</tbody></table>
      </section>`);
    }
    $("#alerts").innerHTML = alerts.map((a) => `<li>${escapeHtml(a)}</li>`).join("");
    $("#sites").innerHTML = html.join("");
    $("#updated").textContent = t("wallboard.updated", { time: new Date(now()).toLocaleTimeString() });
  }

  function renderLink() {
    $("#link").textContent = t(`desk.link.${link}`);
    $("#link").className = `link-state ${link}`;
  }

  $("#sites").addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const row = button.closest("tr[data-seat]");
    const seatId = row.dataset.seat;
    const act = button.dataset.act;
    const base = `/api/wallboard/seats/${encodeURIComponent(seatId)}`;
    let request;
    if (["listen", "whisper", "barge"].includes(act)) {
      request = fetch(`${base}/spy`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mode: act, phone: phone.value.trim() || null }) });
    } else if (act === "not-ready") {
      request = fetch(`${base}/force-not-ready`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reason: t("wallboard.forcedReason") }) });
    } else if (act === "log-out") {
      request = fetch(`${base}/force-log-out`, { method: "POST" });
    } else if (act === "remove") {
      request = fetch(`${base}/queues/${encodeURIComponent(button.dataset.queue)}`, { method: "DELETE" });
    } else if (act === "add") {
      const queue = row.querySelector("select[data-add]").value;
      request = fetch(`${base}/queues/${encodeURIComponent(queue)}`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ penalty: 0 }) });
    }
    const response = await request;
    let detail = "";
    if (!response.ok) {
      try {
        const problem = await response.json();
        detail = problem.title ? t(problem.title) : "";
      } catch {
        detail = String(response.status);
      }
    }
    $("#actionResult").textContent = response.ok
      ? t("wallboard.done", { action: t(`wallboard.${act === "not-ready" ? "forceNotReady" : act === "log-out" ? "forceLogOut" : act === "remove" ? "removeQueue" : act === "add" ? "addQueue" : act}`), seat: seatId })
      : t("wallboard.failed", { detail });
  });

  setInterval(() => {
    for (const cell of document.querySelectorAll("td[data-since]")) {
      const since = cell.dataset.since;
      if (since) cell.textContent = duration((now() - Date.parse(since)) / 1000);
    }
  }, 1000);
  document.addEventListener("cc:language", render);
  apply(document);
}
