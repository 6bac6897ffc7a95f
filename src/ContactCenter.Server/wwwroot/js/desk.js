// The seat desktop: state buttons, the screen pop as the phone rings, the call timer, and the wrap-up form.
// Everything comes from the agent hub: a snapshot on connect (so a refresh restores the call), then numbered
// deltas; a gap in the numbers asks for a fresh snapshot.
import { apply, t } from "./i18n.js";
import { escapeHtml } from "./shell.js";
import { connectHub, duration, errorKey } from "./hub.js";
import { startCallbacks } from "./callbacks.js";

export function startDesk(me) {
  const $ = (selector) => document.querySelector(selector);
  let seq = null;
  let offset = 0; // server clock − browser clock, ms
  let desk = { state: { state: "logged-out" }, call: null, pauseReasons: [], wrapUpCodes: [] };
  let chosen = 0;
  let link = "connecting";
  const now = () => Date.now() + offset;
  const callbacks = startCallbacks(me);

  const hub = connectHub("/hubs/agent", {
    Snapshot: (snapshot) => {
      seq = snapshot.seq;
      offset = Date.parse(snapshot.serverNow) - Date.now();
      desk = snapshot;
      chosen = 0;
      render();
    },
    StateChanged: (delta) => accept(delta, () => { desk.state = delta.state; }),
    CallOffered: (delta) => accept(delta, () => { desk.call = delta.call; chosen = 0; }),
    CallAnswered: (delta) => accept(delta, () => { desk.call = { ...delta.call }; }),
    CallEnded: (delta) => accept(delta, () => { desk.call = { ...delta.call }; }),
    CallCleared: (delta) => accept(delta, () => { if (desk.call?.callId === delta.callId) desk.call = null; }),
  }, { onStatus: (status) => { link = status; renderLink(); } });

  function accept(delta, change) {
    if (seq === null || delta.seq <= seq) return;
    if (delta.seq !== seq + 1) {
      hub.invoke("Snapshot").then((snapshot) => {
        seq = snapshot.seq;
        desk = snapshot;
        render();
      }).catch(() => {});
      return;
    }
    seq = delta.seq;
    if (delta.serverNow) offset = Date.parse(delta.serverNow) - Date.now();
    change();
    render();
  }

  async function run(target, ...args) {
    $("#message").textContent = "";
    try {
      await hub.invoke(target, ...args);
    } catch (error) {
      $("#message").textContent = t(errorKey(error), { message: error.message });
    }
  }

  $("#deskLogin").addEventListener("click", () => run("LogIn", false));
  $("#deskReady").addEventListener("click", () => run("Ready"));
  $("#deskPause").addEventListener("click", () => run("NotReady", $("#reason").value));
  $("#deskLogout").addEventListener("click", () => run("LogOut"));

  $("#wrapup").addEventListener("submit", async (event) => {
    event.preventDefault();
    const call = desk.call;
    if (!call) return;
    const code = $("#code").value;
    if (!code) {
      $("#wrapupMessage").textContent = t("desk.codeRequired");
      return;
    }
    const response = await fetch("/api/desk/wrap-up", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ callId: call.callId, code, notes: $("#notes").value }),
    });
    $("#wrapupMessage").textContent = response.ok ? t("desk.wrapUpSaved") : t("desk.wrapUpFailed");
    if (response.ok) $("#notes").value = "";
  });

  $("#callback").addEventListener("click", async () => {
    const call = desk.call;
    const at = $("#callbackAt").value;
    if (!call || !at) {
      $("#wrapupMessage").textContent = t("desk.callbackTimeRequired");
      return;
    }
    const customer = call.matches?.[chosen];
    const response = await fetch("/api/desk/callbacks", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ callId: call.callId, customerId: customer?.id ?? null, dueAt: new Date(at).toISOString() }),
    });
    $("#wrapupMessage").textContent = response.ok ? t("desk.callbackBooked", { at: new Date(at).toLocaleString() }) : t("desk.callbackFailed");
  });

  document.addEventListener("cc:language", render);
  setInterval(tick, 1000);

  function renderLink() {
    const element = $("#link");
    element.textContent = t(`desk.link.${link}`);
    element.className = `link-state ${link}`;
  }

  function render() {
    renderLink();
    const state = desk.state;
    const badge = $("#state");
    badge.textContent = t(`state.${state.state}`) + (state.reason ? ` · ${state.reason}` : "");
    badge.className = `badge state-${state.state}`;
    const s = state.state;
    $("#deskLogin").disabled = s !== "logged-out";
    $("#deskReady").disabled = !["not-ready", "wrap-up"].includes(s);
    $("#deskPause").disabled = !["ready", "not-ready", "wrap-up", "on-call", "ringing"].includes(s);
    $("#deskLogout").disabled = !["ready", "not-ready", "wrap-up"].includes(s);
    const reason = $("#reason");
    if (reason.options.length !== desk.pauseReasons.length) {
      reason.innerHTML = desk.pauseReasons.map((r) => `<option>${escapeHtml(r)}</option>`).join("");
    }
    const code = $("#code");
    if (code.options.length !== desk.wrapUpCodes.length + 1) {
      code.innerHTML = `<option value=""></option>` + desk.wrapUpCodes.map((c) => `<option>${escapeHtml(c)}</option>`).join("");
    }
    code.options[0].textContent = t("desk.chooseCode");
    renderCall();
    tick();
  }

  // The caller's way through the IVR and the data it gathered, e.g. "主菜单 › 投诉建议 · 业务: 投诉建议 · 保单号: 300125".
  // A flow's path (node ids, CC_IVR_PATH) shows the nodes a seat cares about (desk.ivrNode.*: menu, choice, policy entered,
  // open-complaint priority) and leaves plumbing nodes out; a path of intents (CC_INTENT values) or with no known node is
  // shown as menu words, an unknown code as it is. The path is shown only when it says more than the last choice ("menu").
  function ivrText(path, data) {
    const raw = (path ?? "").split(">").filter(Boolean);
    const labelled = raw.map((step) => known(`desk.ivrNode.${step}`, null));
    const steps = labelled.some((x) => x) ? labelled.filter((x, i) => x && x !== labelled[i - 1]) : raw.map(intent);
    const { menu, ...rest } = data;
    const parts = [];
    if (steps.length > 0 && !(raw.length === 1 && raw[0] === menu)) parts.push(steps.join(" › "));
    if (menu) parts.push(`${known("desk.ivrKey.menu", "menu")}: ${intent(menu)}`);
    for (const [key, value] of Object.entries(rest)) parts.push(`${known(`desk.ivrKey.${key}`, key)}: ${value}`);
    return parts.join(" · ");
  }

  function intent(code) {
    return known(`desk.intent.${code}`, code);
  }

  function known(key, raw) {
    const text = t(key);
    return text === key ? raw : text;
  }

  function renderCall() {
    const call = desk.call;
    callbacks.showCall(call);
    $("#call").hidden = !call;
    $("#idle").hidden = !!call;
    $("#wrapup").hidden = !call || call.phase !== "wrap-up";
    if (!call) return;
    $("#phase").textContent = t(`desk.phase.${call.phase}`);
    $("#phase").className = `phase-${call.phase}`;
    $("#caller").textContent = call.callerNumber ?? t("desk.unknownNumber");
    $("#queue").textContent = call.queueName ?? "";
    $("#ivr").textContent = ivrText(call.ivrPath, call.ivrData ?? {}) || "—";
    const matches = call.matches ?? [];
    $("#choices").innerHTML = matches.length > 1
      ? `<span class="muted">${escapeHtml(t("desk.severalMatches", { count: matches.length }))}</span> ` + matches.map((m, i) =>
        `<label><input type="radio" name="customer" value="${i}" ${i === chosen ? "checked" : ""}> ${escapeHtml(m.name)} (${escapeHtml(t(`desk.matchedBy.${m.matchedBy}`))})</label>`).join(" ")
      : "";
    for (const radio of document.querySelectorAll("#choices input")) {
      radio.addEventListener("change", () => { chosen = Number(radio.value); renderCall(); });
    }
    const customer = matches[chosen];
    $("#customer").innerHTML = customer ? customerHtml(customer) : `<p class="new-customer" data-testid="new-customer">${escapeHtml(t("desk.newCustomer"))}</p>`;
    const params = new URLSearchParams({ callId: call.callId });
    if (customer) params.set("customerId", customer.id);
    const policy = call.policyNumber ?? customer?.policies?.[0]?.policyNumber;
    if (policy) params.set("policy", policy);
    $("#complaint").href = `/complaints.html#register?${params}`;
  }

  function customerHtml(c) {
    const policies = c.policies.map((p) =>
      `<tr><td>${escapeHtml(p.policyNumber)}</td><td>${escapeHtml(p.productName)}</td><td>${escapeHtml(t(`policy.${p.status}`))}</td><td>${escapeHtml(p.startDate)}</td><td>${escapeHtml(p.coolingOffEnd ?? "")}</td></tr>`).join("");
    const complaints = c.openComplaints.length === 0
      ? `<p class="muted">${escapeHtml(t("desk.noComplaints"))}</p>`
      : `<table><thead><tr><th>${t("desk.caseNumber")}</th><th>${t("desk.subject")}</th><th>${t("desk.status")}</th><th>${t("desk.deadline")}</th></tr></thead><tbody>` +
        c.openComplaints.map((k) => `<tr><td>${escapeHtml(k.caseNumber)}</td><td>${escapeHtml(k.subject)}</td><td>${escapeHtml(k.status)}</td><td class="deadline">${escapeHtml(k.decideBy)}</td></tr>`).join("") + "</tbody></table>";
    const recent = c.recentContacts.length === 0
      ? `<p class="muted">${escapeHtml(t("desk.noContacts"))}</p>`
      : `<table><thead><tr><th>${t("desk.endedAt")}</th><th>${t("desk.outcome")}</th><th>${t("desk.queue")}</th><th>${t("desk.wrapUpCode")}</th></tr></thead><tbody>` +
        c.recentContacts.map((r) => `<tr><td>${r.endedAt ? escapeHtml(new Date(r.endedAt).toLocaleString()) : ""}</td><td>${escapeHtml(t(`outcome.${r.outcome}`))}</td><td>${escapeHtml(r.queueId ?? "")}</td><td>${escapeHtml(r.wrapUpCode ?? "")}</td></tr>`).join("") + "</tbody></table>";
    return `
      <div class="grid customer">
        <div><span class="muted">${t("desk.customerName")}</span><div class="figure" data-testid="customer-name">${escapeHtml(c.name)}</div></div>
        <div><span class="muted">${t("desk.mobile")}</span><div>${escapeHtml(c.mobile)}</div></div>
        <div><span class="muted">${t("desk.idNumber")}</span><div>${escapeHtml(c.idNumber)}</div></div>
        <div><span class="muted">${t("desk.city")}</span><div>${escapeHtml(c.city ?? "")}</div></div>
      </div>
      <h3>${t("desk.policies")}</h3>
      <table data-testid="policies"><thead><tr><th>${t("desk.policyNumber")}</th><th>${t("desk.product")}</th><th>${t("desk.status")}</th><th>${t("desk.startDate")}</th><th>${t("desk.coolingOffEnd")}</th></tr></thead><tbody>${policies}</tbody></table>
      <h3>${t("desk.openComplaints")}</h3>${complaints}
      <h3>${t("desk.recentContacts")}</h3>${recent}`;
  }

  function tick() {
    const state = desk.state;
    $("#stateTime").textContent = state.since ? duration((now() - Date.parse(state.since)) / 1000) : "—";
    const wrapping = state.state === "wrap-up" && state.wrapUpDeadline;
    $("#countdownBox").hidden = !wrapping;
    if (wrapping) $("#countdown").textContent = duration((Date.parse(state.wrapUpDeadline) - now()) / 1000);
    const call = desk.call;
    if (call?.answeredAt) {
      const end = call.endedAt ? Date.parse(call.endedAt) : now();
      $("#talkTime").textContent = duration((end - Date.parse(call.answeredAt)) / 1000);
    } else {
      $("#talkTime").textContent = "—";
    }
  }

  apply(document);
}
